//! When a materialized statistics answer may be served, and when it must be recomputed (#24).
//!
//! An answer is stored with the day it was computed for, the audit chain's head at the time
//! (every change appends to the chain in its own transaction) and when it was computed. Nothing
//! older than the maximum age is served. While the head has not moved, the figures are those of
//! now. After a change the stored answer is served, stating its time, when it was expensive to
//! compute; a cheap one is recomputed at once, so a small district always sees its latest change.

use chrono::{Duration, NaiveDate, NaiveDateTime};

/// What the policy needs to know of a stored answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stored {
    pub for_day: NaiveDate,
    pub audit_seq: i64,
    pub computed_at: NaiveDateTime,
    pub compute_ms: i64,
}

/// The operator's bounds (`LVYUE_STATS_MAX_AGE`, `LVYUE_STATS_INLINE_MS`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    /// The oldest answer served after a change; 0 serves none.
    pub max_age: Duration,
    /// An answer computed in less than this is recomputed in the request instead of served stale.
    pub inline_budget_ms: i64,
}

impl Default for Policy {
    fn default() -> Self {
        Self { max_age: Duration::minutes(5), inline_budget_ms: 50 }
    }
}

/// Whether figures change with the time of day as well as with the data and the day: the unit
/// scores' days overdue count the time spent past the deadline up to the moment of computing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clocked {
    ByDay,
    ByTime,
}

/// The decision for a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Serve {
    /// Serve the stored figures, as of this time.
    Stored { as_of: NaiveDateTime },
    /// Compute them now (and store them).
    Compute,
}

/// Whether a request may be answered from `s`, given the chain's `head` and the caller's
/// `today` and `now`. Nothing older than the maximum age is served, even unchanged: a change
/// made behind the application's back (SQL by hand) appends nothing to the chain, and shows
/// within that age.
pub fn serve(s: &Stored, head: i64, (today, now): (NaiveDate, NaiveDateTime), clocked: Clocked, p: &Policy) -> Serve {
    if s.for_day != today || now < s.computed_at || now - s.computed_at >= p.max_age {
        return Serve::Compute;
    }
    if s.audit_seq == head {
        let as_of = match clocked {
            Clocked::ByDay => now,
            Clocked::ByTime => s.computed_at,
        };
        return Serve::Stored { as_of };
    }
    if s.compute_ms >= p.inline_budget_ms { Serve::Stored { as_of: s.computed_at } } else { Serve::Compute }
}

/// Questions asked within this long are refreshed after every change; older ones (up to the
/// week after which they are forgotten) only on a new day, so that the first dashboard after a
/// weekend or a holiday is read, not computed, without recomputing unread answers all day.
pub const KEPT_FRESH: Duration = Duration::days(1);

/// Whether the refresh job should recompute `s` (last asked at `asked_at`) now: on a new day at
/// once; when asked within [`KEPT_FRESH`], also after a change or at half the maximum age, once
/// the answer is older than ten times its computation took, so that refreshing an expensive
/// answer takes at most a tenth of one worker.
pub fn refresh_due(
    s: &Stored,
    asked_at: NaiveDateTime,
    head: i64,
    (today, now): (NaiveDate, NaiveDateTime),
    p: &Policy,
) -> bool {
    if s.for_day != today {
        return true;
    }
    if now - asked_at >= KEPT_FRESH {
        return false;
    }
    let age = now - s.computed_at;
    let outdated = s.audit_seq != head || age >= p.max_age / 2;
    outdated && age >= Duration::milliseconds(s.compute_ms.saturating_mul(10))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> NaiveDateTime {
        s.parse().unwrap()
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn stored(compute_ms: i64) -> Stored {
        Stored { for_day: day("2026-12-06"), audit_seq: 10, computed_at: t("2026-12-06T02:00:00"), compute_ms }
    }

    const P: Policy = Policy { max_age: Duration::minutes(5), inline_budget_ms: 50 };
    const TODAY: &str = "2026-12-06";

    /// When the question was last asked: in the tests, just before its answer was computed.
    fn asked() -> NaiveDateTime {
        t("2026-12-06T01:59:00")
    }

    fn at(s: &str) -> (NaiveDate, NaiveDateTime) {
        (day(TODAY), t(s))
    }

    #[test]
    fn unchanged_figures_of_the_day_are_current() {
        let now = "2026-12-06T02:04:59";
        assert_eq!(serve(&stored(900), 10, at(now), Clocked::ByDay, &P), Serve::Stored { as_of: t(now) });
        assert_eq!(serve(&stored(1), 10, at(now), Clocked::ByDay, &P), Serve::Stored { as_of: t(now) });
    }

    #[test]
    fn figures_that_move_with_time_are_as_of_their_computation() {
        let s = stored(900);
        let young = at("2026-12-06T02:04:59");
        assert_eq!(serve(&s, 10, young, Clocked::ByTime, &P), Serve::Stored { as_of: s.computed_at });
    }

    #[test]
    fn nothing_older_than_the_maximum_age_is_served() {
        for clocked in [Clocked::ByDay, Clocked::ByTime] {
            for head in [10, 11] {
                assert_eq!(serve(&stored(900), head, at("2026-12-06T02:05:00"), clocked, &P), Serve::Compute);
            }
        }
        let none = Policy { max_age: Duration::zero(), ..P };
        assert_eq!(serve(&stored(900), 10, at("2026-12-06T02:00:00"), Clocked::ByDay, &none), Serve::Compute);
    }

    #[test]
    fn another_day_is_always_recomputed() {
        let tomorrow = (day("2026-12-07"), t("2026-12-06T16:00:01"));
        assert_eq!(serve(&stored(900), 10, tomorrow, Clocked::ByDay, &P), Serve::Compute);
        assert!(refresh_due(&stored(900), asked(), 10, tomorrow, &P));
    }

    #[test]
    fn after_a_change_expensive_figures_are_served_as_they_were() {
        let s = stored(900);
        assert_eq!(
            serve(&s, 11, at("2026-12-06T02:04:59"), Clocked::ByDay, &P),
            Serve::Stored { as_of: s.computed_at }
        );
        assert_eq!(
            serve(&s, 11, at("2026-12-06T02:04:59"), Clocked::ByTime, &P),
            Serve::Stored { as_of: s.computed_at }
        );
    }

    #[test]
    fn after_a_change_cheap_figures_are_recomputed_at_once() {
        assert_eq!(serve(&stored(49), 11, at("2026-12-06T02:00:01"), Clocked::ByDay, &P), Serve::Compute);
        assert_eq!(
            serve(&stored(50), 11, at("2026-12-06T02:00:01"), Clocked::ByDay, &P),
            Serve::Stored { as_of: t("2026-12-06T02:00:00") }
        );
    }

    #[test]
    fn a_clock_moved_back_before_the_computation_recomputes() {
        assert_eq!(serve(&stored(900), 10, at("2026-12-06T01:59:59"), Clocked::ByDay, &P), Serve::Compute);
    }

    #[test]
    fn refresh_waits_ten_times_the_computation_after_a_change() {
        let s = stored(1_000);
        assert!(!refresh_due(&s, asked(), 10, at("2026-12-06T02:01:00"), &P), "nothing changed");
        assert!(!refresh_due(&s, asked(), 11, at("2026-12-06T02:00:09"), &P), "within 10 × 1 s");
        assert!(refresh_due(&s, asked(), 11, at("2026-12-06T02:00:10"), &P));
    }

    #[test]
    fn unchanged_figures_are_refreshed_at_half_the_maximum_age() {
        assert!(!refresh_due(&stored(1_000), asked(), 10, at("2026-12-06T02:02:29"), &P));
        assert!(refresh_due(&stored(1_000), asked(), 10, at("2026-12-06T02:02:30"), &P));
        assert!(!refresh_due(&stored(20_000), asked(), 10, at("2026-12-06T02:03:19"), &P), "ten times 20 s");
    }

    #[test]
    fn a_question_not_asked_for_a_day_is_refreshed_only_on_a_new_day() {
        let s = stored(1_000);
        let friday = t("2026-12-04T01:00:00");
        assert!(!refresh_due(&s, friday, 11, at("2026-12-06T02:03:00"), &P), "a change");
        assert!(!refresh_due(&s, friday, 10, at("2026-12-06T02:03:00"), &P), "half the maximum age");
        let monday = (day("2026-12-07"), t("2026-12-06T16:00:15"));
        assert!(refresh_due(&s, friday, 10, monday, &P));
        let yesterday = t("2026-12-05T02:00:11");
        assert!(refresh_due(&s, yesterday, 11, at("2026-12-06T02:00:10"), &P), "asked within a day");
        assert!(!refresh_due(&s, t("2026-12-05T02:00:10"), 11, at("2026-12-06T02:00:10"), &P), "a day ago");
    }
}
