//! 登记与销号趋势: registered, closed and money resolved per week or month.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{
    db::DbConnection,
    error::ApiError,
    store::{
        self,
        issues::{ListFilter, Visibility},
        stat_sums::DayFigures,
    },
};

/// The trend with the time its figures are of.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct TrendReport {
    /// The figures include every change up to this time (see docs/performance.md, "Statistics").
    pub as_of: DateTime<Utc>,
    pub interval: Interval,
    /// Every period from the first registration to the last event, empty ones as zero.
    pub points: Vec<TrendPoint>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct TrendPoint {
    /// `2024-W27` or `2024-07`.
    #[schema(example = "2024-W27")]
    pub period: String,
    pub start: NaiveDate,
    pub registered: i64,
    pub closed: i64,
    /// Paid in the period (by the records' paid-on date, 协商减免 not included; corrections
    /// count on their own date), in fen, of the problems not dismissed.
    pub paid_fen: i64,
    /// 协商减免 resolved in the period, in fen.
    pub negotiated_fen: i64,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Interval {
    Week,
    Month,
}

/// The trend of the problems `(v, f)` matches, as of `now`.
pub fn trend_of(
    conn: &mut DbConnection,
    (v, f): (&Visibility, &ListFilter),
    interval: Interval,
    now: NaiveDateTime,
) -> Result<TrendReport, ApiError> {
    let mut days: Vec<(NaiveDate, DayFigures)> = Vec::new();
    for (created, closed) in store::stats::times(conn, v, f)? {
        days.push((shanghai_date(created), DayFigures { registered: 1, ..DayFigures::default() }));
        if let Some(c) = closed {
            days.push((shanghai_date(c), DayFigures { closed: 1, ..DayFigures::default() }));
        }
    }
    for (day, negotiated, amount) in store::stats::payment_days(conn, store::stats::counted_ids(v, f))? {
        let (paid, negotiated) = if negotiated { (0, amount) } else { (amount, 0) };
        days.push((day, DayFigures { paid, negotiated, ..DayFigures::default() }));
    }
    Ok(report_of(days, interval, now))
}

/// The report of these days' figures: summed per period, empty periods between included.
pub(super) fn report_of(
    days: impl IntoIterator<Item = (NaiveDate, DayFigures)>,
    interval: Interval,
    now: NaiveDateTime,
) -> TrendReport {
    let mut points = count_periods(days, interval);
    // A period whose records cancel out (a payment and its 冲正) shows as zero between others,
    // but does not stretch the range: then the range is the same however the days are summed.
    points.retain(|_, p| p.registered != 0 || p.closed != 0 || p.paid_fen != 0 || p.negotiated_fen != 0);
    TrendReport { as_of: now.and_utc(), interval, points: fill_periods(points, interval) }
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

pub(super) fn shanghai_date(t: NaiveDateTime) -> NaiveDate {
    t.and_utc().with_timezone(&chrono_tz::Asia::Shanghai).date_naive()
}

fn empty_point(period: String, start: NaiveDate) -> TrendPoint {
    TrendPoint { period, start, registered: 0, closed: 0, paid_fen: 0, negotiated_fen: 0 }
}

/// The days' figures summed per period.
fn count_periods(
    days: impl IntoIterator<Item = (NaiveDate, DayFigures)>,
    interval: Interval,
) -> BTreeMap<NaiveDate, TrendPoint> {
    let mut points: BTreeMap<NaiveDate, TrendPoint> = BTreeMap::new();
    for (d, f) in days {
        let (period, start) = period_of(d, interval);
        let p = points.entry(start).or_insert_with(|| empty_point(period, start));
        p.registered += f.registered;
        p.closed += f.closed;
        p.paid_fen += f.paid;
        p.negotiated_fen += f.negotiated;
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
            out.push(points.remove(&start).unwrap_or_else(|| empty_point(period, start)));
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
}
