//! Statistics (统计), scoped to the caller's data scope: overview, trend, units with their score.
//! Every figure is computed over the same filter as the ledger list.

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{
    db::{DbConnection, GroupId, UnitId},
    domain::{
        lifecycle::{State, Step},
        permissions::Permission,
        score::{self, Counts, Deduction, Weights},
        warning::Warning,
    },
    error::ApiError,
    service::Context,
    store::{
        self,
        groups::Group,
        issues::{ListFilter, Visibility},
        stats::{Bucket, VerificationCount},
    },
};

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CountItem {
    #[schema(example = "rectifying")]
    pub code: String,
    #[schema(example = "整改")]
    pub label: String,
    pub count: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GroupStat {
    pub group_id: GroupId,
    pub name: String,
    pub total: i64,
    pub closed: i64,
    pub overdue: i64,
    pub amount_involved_fen: i64,
    pub amount_resolved_fen: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Overview {
    pub total: i64,
    pub by_state: Vec<CountItem>,
    pub by_group: Vec<GroupStat>,
    pub by_category: Vec<CountItem>,
    pub by_source: Vec<CountItem>,
    /// `none`, `yellow`, `red`.
    pub by_warning: Vec<CountItem>,
    pub amount_involved_fen: i64,
    pub amount_resolved_fen: i64,
    /// 清偿率: resolved / involved; null when nothing is involved.
    pub repayment_rate: Option<f64>,
    /// Closed in any way.
    pub closed: i64,
    /// closed / total; null when there is nothing.
    pub closure_rate: Option<f64>,
    /// Closed as rectified (销号 after verification).
    pub closed_rectified: i64,
    /// Of those closed here (not brought in by a migration import), closed on or before the
    /// deadline (Asia/Shanghai date).
    pub closed_on_time: i64,
    /// closed_on_time / rectified closures made here.
    pub on_time_rate: Option<f64>,
    /// Mean days from registration to closure of rectified problems closed here.
    pub average_days_to_close: Option<f64>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct UnitStat {
    pub unit_id: UnitId,
    pub unit_name: String,
    /// Problems the unit is responsible for.
    pub assigned: i64,
    pub open: i64,
    pub closed: i64,
    /// Past the deadline and not yet reported complete.
    pub overdue: i64,
    pub closed_on_time: i64,
    pub late_closures: i64,
    pub rejections: i64,
    pub reopenings: i64,
    pub urges: i64,
    /// 重办: rejections at 核查 with the enterprise dissatisfied (also counted in `rejections`).
    pub redo: i64,
    /// 满意率: verifications recording the enterprise satisfied or basically satisfied, of those
    /// recording its satisfaction.
    pub satisfaction_rate: Ratio,
    /// Of the above, problems the unit found itself (no deductions).
    pub self_reported: i64,
    /// 履约评分: 100 minus the deductions (see docs/scoring.md).
    pub score: f64,
    /// Why the score is what it is.
    pub deductions: Vec<Deduction>,
}

/// A rate with what it is made of: `value` = `numerator` / `denominator` (rounded to 4 places),
/// null when the denominator is 0.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, ToSchema)]
pub struct Ratio {
    pub value: Option<f64>,
    pub numerator: i64,
    pub denominator: i64,
}

impl Ratio {
    pub fn of(numerator: i64, denominator: i64) -> Self {
        Self { value: rate(numerator, denominator), numerator, denominator }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct UnitsReport {
    pub weights: Weights,
    pub units: Vec<UnitStat>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TrendPoint {
    /// `2024-W27` or `2024-07`.
    #[schema(example = "2024-W27")]
    pub period: String,
    pub start: NaiveDate,
    pub registered: i64,
    pub closed: i64,
}

#[derive(Debug, Clone, Copy, Deserialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Interval {
    Week,
    Month,
}

fn rate(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| ((part as f64 / whole as f64) * 10_000.0).round() / 10_000.0)
}

/// Whether a closure was on time: closed on or before the deadline's day (Asia/Shanghai).
pub fn on_time(closed_at: NaiveDateTime, deadline: Option<NaiveDate>) -> bool {
    let closed_day = closed_at.and_utc().with_timezone(&chrono_tz::Asia::Shanghai).date_naive();
    deadline.is_some_and(|d| closed_day <= d)
}

fn labels(conn: &mut DbConnection, kind: &str) -> Result<HashMap<String, String>, ApiError> {
    Ok(store::dictionaries::list(conn)?.into_iter().filter(|d| d.kind == kind).map(|d| (d.code, d.label)).collect())
}

fn count_items(map: BTreeMap<String, i64>, labels: &HashMap<String, String>) -> Vec<CountItem> {
    map.into_iter()
        .map(|(code, count)| CountItem {
            label: labels.get(&code).cloned().unwrap_or_else(|| code.clone()),
            code,
            count,
        })
        .collect()
}

/// The filter as the caller's clock sees it (the warnings' "today" and window), and the
/// caller's scope; 403 for a role without statistics.
fn scoped(cx: &Context, filter: ListFilter) -> Result<(Visibility, ListFilter), ApiError> {
    cx.principal.require(Permission::ReadStatistics)?;
    Ok((cx.visibility(), ListFilter { today: cx.clock.today(), window_days: cx.warning_days, ..filter }))
}

/// 统计总览: counts by state, group, category, source and warning; money and the rates.
pub fn overview(conn: &mut DbConnection, cx: &Context, filter: ListFilter) -> Result<Overview, ApiError> {
    let (v, f) = scoped(cx, filter)?;
    overview_of(conn, &v, &f)
}

/// 登记与销号趋势: registered and closed per period, empty periods included as zero.
pub fn trend(
    conn: &mut DbConnection,
    cx: &Context,
    filter: ListFilter,
    interval: Interval,
) -> Result<Vec<TrendPoint>, ApiError> {
    let (v, f) = scoped(cx, filter)?;
    let times = store::stats::times(conn, &v, &f)?;
    Ok(fill_periods(count_periods(times, interval), interval))
}

/// 单位履约评分: per responsible unit, the figures and the score with each deduction.
pub fn units(
    conn: &mut DbConnection,
    cx: &Context,
    filter: ListFilter,
    weights: Weights,
) -> Result<UnitsReport, ApiError> {
    let (v, f) = scoped(cx, filter)?;
    Ok(UnitsReport { weights, units: units_of(conn, &v, &f, weights)? })
}

/// Per-state, per-category, per-source and per-group sums of the buckets.
#[derive(Default)]
struct Tally {
    total: i64,
    involved: i64,
    resolved: i64,
    by_state: BTreeMap<String, i64>,
    by_category: BTreeMap<String, i64>,
    by_source: BTreeMap<String, i64>,
    per_group: HashMap<GroupId, GroupStat>,
}

impl Tally {
    fn of(buckets: &[Bucket], groups: &[Group]) -> Self {
        let mut t = Self::default();
        for b in buckets {
            t.total += b.count;
            t.involved += b.involved;
            t.resolved += b.resolved;
            *t.by_state.entry(b.state.code().to_owned()).or_default() += b.count;
            *t.by_category.entry(b.category.clone()).or_default() += b.count;
            *t.by_source.entry(b.source.clone()).or_default() += b.count;
            let g = t.per_group.entry(b.group_id.clone()).or_insert_with(|| GroupStat {
                group_id: b.group_id.clone(),
                name: groups.iter().find(|x| x.id == b.group_id).map(|x| x.name.clone()).unwrap_or_default(),
                total: 0,
                closed: 0,
                overdue: 0,
                amount_involved_fen: 0,
                amount_resolved_fen: 0,
            });
            g.total += b.count;
            if b.state == State::Closed {
                g.closed += b.count;
            }
            g.amount_involved_fen += b.involved;
            g.amount_resolved_fen += b.resolved;
        }
        t
    }

    fn state_items(&self) -> Vec<CountItem> {
        State::ALL
            .iter()
            .map(|s| CountItem {
                code: s.code().into(),
                label: s.label().into(),
                count: self.by_state.get(s.code()).copied().unwrap_or(0),
            })
            .collect()
    }

    /// The groups in their order, with the red (overdue) counts.
    fn groups(mut self, red: &[store::stats::Tally], groups: &[Group]) -> Vec<GroupStat> {
        for (group, _, _, n) in red {
            if let Some(g) = self.per_group.get_mut(group) {
                g.overdue += n;
            }
        }
        let mut by_group: Vec<GroupStat> = self.per_group.into_values().collect();
        by_group.sort_by_key(|g| groups.iter().position(|x| x.id == g.group_id));
        by_group
    }
}

fn warning_items(total: i64, red: i64, yellow: i64) -> Vec<CountItem> {
    [Warning::None, Warning::Yellow, Warning::Red]
        .iter()
        .map(|w| CountItem {
            code: w.code().into(),
            label: w.label().into(),
            count: match w {
                Warning::Red => red,
                Warning::Yellow => yellow,
                Warning::None => total - red - yellow,
            },
        })
        .collect()
}

fn overview_of(conn: &mut DbConnection, v: &Visibility, f: &ListFilter) -> Result<Overview, ApiError> {
    let buckets = store::stats::buckets(conn, v, f)?;
    let red = store::stats::counts(conn, v, &ListFilter { warning: Some(Warning::Red), ..f.clone() })?;
    let yellow_f = ListFilter { warning: Some(Warning::Yellow), ..f.clone() };
    let yellow: i64 = store::stats::counts(conn, v, &yellow_f)?.iter().map(|r| r.3).sum();
    let closures = store::stats::closures(conn, v, f)?;
    let groups = store::groups::list(conn)?;
    let (category_labels, source_labels) = (labels(conn, "category")?, labels(conn, "source")?);

    let tally = Tally::of(&buckets, &groups);
    let (total, involved, resolved) = (tally.total, tally.involved, tally.resolved);
    let red_total: i64 = red.iter().map(|r| r.3).sum();
    let closed = tally.by_state.get("closed").copied().unwrap_or(0);
    // Timeliness and durations only of closures that happened here (not migrated history).
    let timed: Vec<&store::stats::Closure> = closures.iter().filter(|c| !c.migrated).collect();
    let closed_on_time = timed.iter().filter(|c| c.closed_at.is_some_and(|t| on_time(t, c.deadline))).count() as i64;
    let days: Vec<f64> =
        timed.iter().filter_map(|c| c.closed_at.map(|t| (t - c.created_at).num_seconds() as f64 / 86_400.0)).collect();
    Ok(Overview {
        total,
        by_state: tally.state_items(),
        by_category: count_items(tally.by_category.clone(), &category_labels),
        by_source: count_items(tally.by_source.clone(), &source_labels),
        by_group: tally.groups(&red, &groups),
        by_warning: warning_items(total, red_total, yellow),
        amount_involved_fen: involved,
        amount_resolved_fen: resolved,
        repayment_rate: rate(resolved, involved),
        closed,
        closure_rate: rate(closed, total),
        closed_rectified: closures.len() as i64,
        closed_on_time,
        on_time_rate: rate(closed_on_time, timed.len() as i64),
        average_days_to_close: (!days.is_empty())
            .then(|| (days.iter().sum::<f64>() / days.len() as f64 * 10.0).round() / 10.0),
    })
}

/// One unit's figures while they are summed.
#[derive(Default)]
struct Acc {
    assigned: i64,
    open: i64,
    closed: i64,
    overdue: i64,
    on_time: i64,
    late: i64,
    rejections: i64,
    reopenings: i64,
    urges: i64,
    redo: i64,
    asked: i64,
    satisfied: i64,
    self_reported: i64,
    /// What counts against the unit.
    counted: Counts,
}

/// Self-found problems are never held against the unit (the plan: 自查的问题不作为考核扣分项).
fn counts_against(source: &str) -> bool {
    source != "self_inspection"
}

/// What a count of steps of one kind adds to a unit.
#[derive(Clone, Copy)]
enum Tallied {
    Rejection,
    Reopening,
    Urge,
    /// 重办: its deduction replaces the rejection's (tallied after the rejections).
    Redo,
    Asked,
    Satisfied,
}

/// Per-unit figures, keyed by the responsible unit.
#[derive(Default)]
struct UnitTally(HashMap<UnitId, Acc>);

impl UnitTally {
    fn unit(&mut self, u: &UnitId) -> &mut Acc {
        self.0.entry(u.clone()).or_default()
    }

    fn buckets(&mut self, buckets: &[Bucket]) {
        for b in buckets {
            let Some(u) = &b.unit else { continue };
            let a = self.unit(u);
            a.assigned += b.count;
            if b.state == State::Closed {
                a.closed += b.count;
            } else {
                a.open += b.count;
            }
            if !counts_against(&b.source) {
                a.self_reported += b.count;
            }
        }
    }

    fn overdue(&mut self, red: &[store::stats::Tally]) {
        for (_, unit, source, n) in red {
            let Some(u) = unit else { continue };
            let a = self.unit(u);
            a.overdue += n;
            if counts_against(source) {
                a.counted.overdue += n;
            }
        }
    }

    fn closures(&mut self, closures: &[store::stats::Closure]) {
        for c in closures.iter().filter(|c| !c.migrated) {
            let (Some(u), Some(t)) = (&c.unit, c.closed_at) else { continue };
            let a = self.unit(u);
            if on_time(t, c.deadline) {
                a.on_time += 1;
            } else {
                a.late += 1;
                if counts_against(&c.source) {
                    a.counted.late_closures += 1;
                }
            }
        }
    }

    fn steps(&mut self, counts: &[store::stats::Tally], kind: Tallied) {
        for (_, unit, source, n) in counts {
            let Some(u) = unit else { continue };
            let (a, against) = (self.unit(u), counts_against(source));
            match kind {
                Tallied::Rejection => {
                    a.rejections += n;
                    a.counted.rejections += if against { *n } else { 0 };
                }
                Tallied::Reopening => {
                    a.reopenings += n;
                    a.counted.reopenings += if against { *n } else { 0 };
                }
                Tallied::Urge => a.urges += n,
                Tallied::Redo => {
                    a.redo += n;
                    if against {
                        a.counted.redos += n;
                        a.counted.rejections = (a.counted.rejections - n).max(0);
                    }
                }
                Tallied::Asked => a.asked += n,
                Tallied::Satisfied => a.satisfied += n,
            }
        }
    }

    /// The units, best score first.
    fn scored(self, names: &HashMap<UnitId, String>, weights: Weights) -> Vec<UnitStat> {
        let mut out: Vec<UnitStat> = self
            .0
            .into_iter()
            .map(|(unit_id, a)| {
                let (score, deductions) = score::score(a.counted, weights);
                UnitStat {
                    unit_name: names.get(&unit_id).cloned().unwrap_or_default(),
                    unit_id,
                    assigned: a.assigned,
                    open: a.open,
                    closed: a.closed,
                    overdue: a.overdue,
                    closed_on_time: a.on_time,
                    late_closures: a.late,
                    rejections: a.rejections,
                    reopenings: a.reopenings,
                    urges: a.urges,
                    redo: a.redo,
                    satisfaction_rate: Ratio::of(a.satisfied, a.asked),
                    self_reported: a.self_reported,
                    score,
                    deductions,
                }
            })
            .collect();
        out.sort_by(|a, b| {
            b.score.total_cmp(&a.score).then(b.assigned.cmp(&a.assigned)).then(a.unit_name.cmp(&b.unit_name))
        });
        out
    }
}

fn units_of(
    conn: &mut DbConnection,
    v: &Visibility,
    f: &ListFilter,
    weights: Weights,
) -> Result<Vec<UnitStat>, ApiError> {
    let mut tally = UnitTally::default();
    tally.buckets(&store::stats::buckets(conn, v, f)?);
    tally.overdue(&store::stats::counts(conn, v, &ListFilter { warning: Some(Warning::Red), ..f.clone() })?);
    tally.closures(&store::stats::closures(conn, v, f)?);
    tally.steps(&store::stats::transition_counts(conn, v, f, Step::Reject)?, Tallied::Rejection);
    tally.steps(&store::stats::transition_counts(conn, v, f, Step::Reopen)?, Tallied::Reopening);
    tally.steps(&store::stats::urge_counts(conn, v, f)?, Tallied::Urge);
    for (which, kind) in [
        (VerificationCount::Redo, Tallied::Redo),
        (VerificationCount::Asked, Tallied::Asked),
        (VerificationCount::Satisfied, Tallied::Satisfied),
    ] {
        tally.steps(&store::stats::verification_counts(conn, v, f, which)?, kind);
    }
    let names: HashMap<UnitId, String> = store::units::list(conn, true)?.into_iter().map(|u| (u.id, u.name)).collect();
    Ok(tally.scored(&names, weights))
}

fn period_of(d: NaiveDate, interval: Interval) -> (String, NaiveDate) {
    match interval {
        Interval::Week => {
            let w = d.iso_week();
            let start = d - chrono::Duration::days(d.weekday().num_days_from_monday() as i64);
            (format!("{}-W{:02}", w.year(), w.week()), start)
        }
        Interval::Month => (format!("{}-{:02}", d.year(), d.month()), d.with_day(1).expect("day 1")),
    }
}

fn shanghai_date(t: NaiveDateTime) -> NaiveDate {
    t.and_utc().with_timezone(&chrono_tz::Asia::Shanghai).date_naive()
}

/// Registrations and closures per period start.
fn count_periods(
    times: Vec<(NaiveDateTime, Option<NaiveDateTime>)>,
    interval: Interval,
) -> BTreeMap<NaiveDate, TrendPoint> {
    let mut points: BTreeMap<NaiveDate, TrendPoint> = BTreeMap::new();
    let mut bump = |d: NaiveDate, closed: bool| {
        let (period, start) = period_of(d, interval);
        let p = points.entry(start).or_insert(TrendPoint { period, start, registered: 0, closed: 0 });
        if closed {
            p.closed += 1;
        } else {
            p.registered += 1;
        }
    };
    for (created, closed) in times {
        bump(shanghai_date(created), false);
        if let Some(c) = closed {
            bump(shanghai_date(c), true);
        }
    }
    points
}

fn next_period(start: NaiveDate, interval: Interval) -> NaiveDate {
    match interval {
        Interval::Week => start + chrono::Duration::days(7),
        Interval::Month if start.month() == 12 => NaiveDate::from_ymd_opt(start.year() + 1, 1, 1).expect("date"),
        Interval::Month => NaiveDate::from_ymd_opt(start.year(), start.month() + 1, 1).expect("date"),
    }
}

/// Every period from the first to the last, so that charts show gaps as zero.
fn fill_periods(mut points: BTreeMap<NaiveDate, TrendPoint>, interval: Interval) -> Vec<TrendPoint> {
    let mut out: Vec<TrendPoint> = Vec::new();
    if let (Some(first), Some(last)) = (points.keys().next().copied(), points.keys().last().copied()) {
        let mut d = first;
        while d <= last {
            let (period, start) = period_of(d, interval);
            out.push(points.remove(&start).unwrap_or(TrendPoint { period, start, registered: 0, closed: 0 }));
            d = next_period(start, interval);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods() {
        let d: NaiveDate = "2024-07-03".parse().unwrap(); // a Wednesday
        assert_eq!(period_of(d, Interval::Week), ("2024-W27".into(), "2024-07-01".parse().unwrap()));
        assert_eq!(period_of(d, Interval::Month), ("2024-07".into(), "2024-07-01".parse().unwrap()));
        let jan1: NaiveDate = "2021-01-01".parse().unwrap(); // ISO week 53 of 2020
        assert_eq!(period_of(jan1, Interval::Week).0, "2020-W53");
    }

    #[test]
    fn on_time_uses_the_shanghai_day() {
        let deadline: NaiveDate = "2024-07-10".parse().unwrap();
        // 15:59 UTC on the 10th is 23:59 in Shanghai: on time; 16:00 UTC is the 11th: late.
        assert!(on_time("2024-07-10T15:59:00".parse().unwrap(), Some(deadline)));
        assert!(!on_time("2024-07-10T16:00:00".parse().unwrap(), Some(deadline)));
        assert!(!on_time("2024-07-01T00:00:00".parse().unwrap(), None));
    }

    #[test]
    fn rates() {
        assert_eq!(rate(1, 3), Some(0.3333));
        assert_eq!(rate(0, 0), None);
    }
}
