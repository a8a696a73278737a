//! The unit score (履约评分): 100 minus deductions, never below 0, counted from what happened to
//! each problem (its timeline), not from its state today. See docs/scoring.md.
//!
//! - A problem a unit found itself is exempt for that unit only: its source is
//!   `self_inspection` **and** the responsible unit is the finding unit ([`self_found`]).
//! - Overdue is the time a problem waited for its unit's work after the deadline's day ended:
//!   the clock runs in 自查/交办/整改 and stops in 核查 and 销号, so submitting an overdue problem
//!   keeps what was already late, and a rejection starts the clock again ([`overdue_millis`]).

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::lifecycle::State;

/// Points deducted per occurrence; configurable (LVYUE_SCORE_* variables).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, serde::Deserialize, ToSchema)]
pub struct Weights {
    /// Per problem that was ever overdue in the unit's hands (still open, or done late).
    pub overdue: f64,
    /// Per day overdue, summed over those problems (a part day counts as a day).
    pub overdue_day: f64,
    /// Per rejection at verification.
    pub rejection: f64,
    /// Per reopening after closure.
    pub reopening: f64,
    /// Per 重办 (a rejection with the enterprise dissatisfied), instead of the rejection's weight.
    pub redo: f64,
}

impl Default for Weights {
    fn default() -> Self {
        Self { overdue: 5.0, overdue_day: 0.1, rejection: 3.0, reopening: 5.0, redo: 6.0 }
    }
}

/// What counts against a unit, from problems it did not find itself.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub overdue: i64,
    pub overdue_days: i64,
    pub rejections: i64,
    pub reopenings: i64,
    /// 重办: rejections with the enterprise dissatisfied (their deduction replaces the rejection's).
    pub redos: i64,
}

#[derive(Debug, Clone, Serialize, serde::Deserialize, ToSchema, PartialEq)]
pub struct Deduction {
    /// `overdue`, `overdue_days`, `rejection`, `reopening`, `redo`.
    #[schema(example = "overdue")]
    pub reason: String,
    #[schema(example = "逾期整改")]
    pub label: String,
    pub count: i64,
    pub weight: f64,
    pub points: f64,
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// The score and its explanation.
pub fn score(c: Counts, w: Weights) -> (f64, Vec<Deduction>) {
    let items = [
        ("overdue", "逾期整改 (含逾期后才提交)", c.overdue, w.overdue),
        ("overdue_days", "逾期天数", c.overdue_days, w.overdue_day),
        ("rejection", "核查不通过", c.rejections, w.rejection),
        ("reopening", "销号后重新整改", c.reopenings, w.reopening),
        ("redo", "重办", c.redos, w.redo),
    ];
    let deductions: Vec<Deduction> = items
        .into_iter()
        .filter(|(_, _, n, _)| *n > 0)
        .map(|(reason, label, count, weight)| Deduction {
            reason: reason.into(),
            label: label.into(),
            count,
            weight,
            points: round2(count as f64 * weight),
        })
        .collect();
    let total: f64 = deductions.iter().map(|d| d.points).sum();
    (round2((100.0 - total).max(0.0)), deductions)
}

/// Whether a problem is the responsible unit's own finding (自查): exempt from its deductions.
/// A self-inspection found by another unit (a lead unit's inspection covering a member, or a
/// town reporting a bureau's problem) is not.
pub fn self_found<U: PartialEq>(source: &str, responsible: Option<&U>, found_by: Option<&U>) -> bool {
    source == "self_inspection" && responsible.is_some() && responsible == found_by
}

/// How long the problem waited for its unit's work after `deadline_end` (the end of the
/// deadline's day, Asia/Shanghai), up to `now`, in milliseconds. `states` is the timeline: each
/// step's time and the state it led to, oldest first. The clock runs while the state is one of
/// [`State::DEADLINE_RUNS`] (自查, 交办, 整改).
pub fn overdue_millis(deadline_end: NaiveDateTime, now: NaiveDateTime, states: &[(NaiveDateTime, State)]) -> i64 {
    let mut total = 0;
    for (i, (from, state)) in states.iter().enumerate() {
        if !State::DEADLINE_RUNS.contains(state) {
            continue;
        }
        let to = states.get(i + 1).map_or(now, |(t, _)| *t).min(now);
        let start = (*from).max(deadline_end);
        if to > start {
            total += (to - start).num_milliseconds().max(1);
        }
    }
    total
}

/// Whole days overdue: a part day counts as one.
pub fn overdue_days(millis: i64) -> i64 {
    const DAY: i64 = 86_400_000;
    if millis <= 0 { 0 } else { (millis + DAY - 1) / DAY }
}

/// Whether a closure was on time: closed on or before the deadline's day (Asia/Shanghai).
pub fn on_time(closed_at: NaiveDateTime, deadline: Option<NaiveDate>) -> bool {
    let closed_day = closed_at.and_utc().with_timezone(&chrono_tz::Asia::Shanghai).date_naive();
    deadline.is_some_and(|d| closed_day <= d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn on_time_uses_the_shanghai_day() {
        let deadline: NaiveDate = "2024-07-10".parse().unwrap();
        // 15:59 UTC on the 10th is 23:59 in Shanghai: on time; 16:00 UTC is the 11th: late.
        assert!(on_time("2024-07-10T15:59:00".parse().unwrap(), Some(deadline)));
        assert!(!on_time("2024-07-10T16:00:00".parse().unwrap(), Some(deadline)));
        assert!(!on_time("2024-07-01T00:00:00".parse().unwrap(), None));
    }

    fn t(s: &str) -> NaiveDateTime {
        s.parse().unwrap()
    }

    #[test]
    fn a_redo_is_deducted_at_its_own_weight() {
        let (s, d) = score(Counts { rejections: 1, redos: 1, ..Counts::default() }, Weights::default());
        assert_eq!(s, 100.0 - 3.0 - 6.0);
        assert_eq!(d.last().unwrap().reason, "redo");
    }

    #[test]
    fn deductions_add_up_and_floor_at_zero() {
        let w = Weights::default();
        assert_eq!(score(Counts::default(), w), (100.0, vec![]));
        let (s, d) = score(Counts { overdue: 2, overdue_days: 13, rejections: 1, reopenings: 0, redos: 0 }, w);
        assert_eq!(s, 100.0 - 10.0 - 1.3 - 3.0);
        assert_eq!(d.len(), 3);
        assert_eq!(d[0].points, 10.0);
        assert_eq!(d[1].points, 1.3);
        assert_eq!(score(Counts { overdue: 100, ..Default::default() }, w).0, 0.0);
        let custom = Weights { overdue: 1.5, ..w };
        assert_eq!(score(Counts { overdue: 3, ..Default::default() }, custom).0, 95.5);
    }

    #[test]
    fn only_the_finding_unit_is_exempt() {
        let (a, b) = ("unit-a", "unit-b");
        assert!(self_found("self_inspection", Some(&a), Some(&a)));
        assert!(!self_found("self_inspection", Some(&a), Some(&b)), "found by another unit");
        assert!(!self_found("self_inspection", Some(&a), None), "found by nobody (office, channel)");
        assert!(!self_found("complaint", Some(&a), Some(&a)), "a complaint is never a self-report");
        assert!(!self_found::<&str>("self_inspection", None, None), "not yet assigned");
    }

    #[test]
    fn the_clock_runs_in_the_units_hands_only() {
        let end = t("2024-07-10T16:00:00"); // the deadline 2024-07-10 ends at 16:00 UTC
        let now = t("2024-07-20T16:00:00");
        let assigned = (t("2024-07-01T02:00:00"), State::Assigned);
        let rectifying = (t("2024-07-02T02:00:00"), State::Rectifying);
        // Still rectifying: ten days overdue.
        assert_eq!(overdue_days(overdue_millis(end, now, &[assigned, rectifying])), 10);
        // Submitted on time: never overdue, even if verification takes weeks.
        let on_time = (t("2024-07-09T02:00:00"), State::Verifying);
        assert_eq!(overdue_millis(end, now, &[assigned, rectifying, on_time]), 0);
        // Submitted two days late and approved: still two days late.
        let late = (t("2024-07-12T16:00:00"), State::Verifying);
        let approved = (t("2024-07-15T02:00:00"), State::Closed);
        assert_eq!(overdue_days(overdue_millis(end, now, &[assigned, rectifying, late, approved])), 2);
        // Rejected on the 15th: overdue again from the rejection until the next submission.
        let rejected = (t("2024-07-15T16:00:00"), State::Rectifying);
        let again = (t("2024-07-16T04:00:00"), State::Verifying);
        let s = overdue_millis(end, now, &[assigned, rectifying, late, rejected, again]);
        assert_eq!(s, (2 * 86_400 + 12 * 3_600) * 1_000);
        assert_eq!(overdue_days(s), 3);
        // Nothing after `now` counts; a moment overdue is a day overdue.
        assert_eq!(overdue_millis(end, end, &[assigned]), 0);
        let moment = (end + chrono::Duration::microseconds(10), State::Rectifying);
        assert_eq!(overdue_days(overdue_millis(end, moment.0 + chrono::Duration::microseconds(20), &[moment])), 1);
        assert_eq!(overdue_days(0), 0);
        assert_eq!(overdue_days(1), 1);
    }

    /// The worked example of docs/scoring.md, step by step.
    #[test]
    fn worked_example_of_docs_scoring() {
        let end = t("2024-07-10T16:00:00"); // deadline 2024-07-10 (北京时间 24:00)
        let now = t("2024-07-20T04:00:00");
        let accepted = (t("2024-07-01T02:00:00"), State::Rectifying);
        // A: a complaint, submitted at 2024-07-13 00:00 北京时间, approved on the 15th.
        let a = [accepted, (t("2024-07-12T16:00:00"), State::Verifying), (t("2024-07-15T02:00:00"), State::Closed)];
        // B: a complaint, submitted on time, rejected on the 15th, submitted again 12 hours later.
        let b = [
            accepted,
            (t("2024-07-09T02:00:00"), State::Verifying),
            (t("2024-07-15T16:00:00"), State::Rectifying),
            (t("2024-07-16T04:00:00"), State::Verifying),
        ];
        // C: found by 区教育局 itself, still being rectified.
        let c = [accepted];
        let days = |timeline: &[(NaiveDateTime, State)]| overdue_days(overdue_millis(end, now, timeline));
        assert_eq!((days(&a), days(&b), days(&c)), (2, 1, 10));
        assert!(self_found("self_inspection", Some(&"edu"), Some(&"edu")));
        let counted = Counts { overdue: 2, overdue_days: 2 + 1, rejections: 1, reopenings: 0, redos: 0 };
        let (s, d) = score(counted, Weights::default());
        assert_eq!(s, 86.7);
        let points: Vec<f64> = d.iter().map(|x| x.points).collect();
        assert_eq!(points, [10.0, 0.3, 3.0]);
    }
}
