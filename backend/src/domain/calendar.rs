//! Working days (工作日): Monday to Friday, except public holidays, plus the weekends worked
//! instead (调休). The calendar's exceptions are data (`holidays`), maintained by the system
//! administrator.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, Weekday};

crate::coded_enum! {
    /// An exception to the Monday-to-Friday week.
    pub enum DayKind("calendar day kind") {
        /// 放假: a weekday off.
        Holiday = ("holiday", "放假"),
        /// 调休上班: a weekend day worked.
        Workday = ("workday", "调休上班"),
    }
}

/// Whether `day` is a working day, given the calendar's exceptions.
pub fn is_working_day(day: NaiveDate, exceptions: &BTreeMap<NaiveDate, DayKind>) -> bool {
    match exceptions.get(&day) {
        Some(DayKind::Holiday) => false,
        Some(DayKind::Workday) => true,
        None => !matches!(day.weekday(), Weekday::Sat | Weekday::Sun),
    }
}

/// The day `n` working days after `from` (`from` itself not counted; `n` = 0 is `from`).
pub fn add_working_days(from: NaiveDate, n: i64, exceptions: &BTreeMap<NaiveDate, DayKind>) -> NaiveDate {
    let mut day = from;
    let mut left = n;
    while left > 0 {
        day = day.succ_opt().unwrap_or(day);
        if is_working_day(day, exceptions) {
            left -= 1;
        }
    }
    day
}

/// How many calendar days `n` working days after `from` span: the warning window in days.
pub fn span_of_working_days(from: NaiveDate, n: i64, exceptions: &BTreeMap<NaiveDate, DayKind>) -> i64 {
    (add_working_days(from, n, exceptions) - from).num_days()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn weekends_holidays_and_worked_weekends() {
        let none = BTreeMap::new();
        // Thursday + 3 working days = the next Tuesday: 5 calendar days.
        assert_eq!(add_working_days(d("2026-12-03"), 3, &none), d("2026-12-08"));
        assert_eq!(span_of_working_days(d("2026-12-03"), 3, &none), 5);
        assert_eq!(span_of_working_days(d("2026-12-03"), 0, &none), 0);
        // 国庆 2026: 10月1日–7日 off, 10月10日 (Saturday) worked.
        let mut cal = BTreeMap::new();
        for day in 1..=7 {
            cal.insert(NaiveDate::from_ymd_opt(2026, 10, day).unwrap(), DayKind::Holiday);
        }
        cal.insert(d("2026-10-10"), DayKind::Workday);
        assert!(!is_working_day(d("2026-10-05"), &cal));
        assert!(is_working_day(d("2026-10-10"), &cal));
        assert!(!is_working_day(d("2026-10-11"), &cal));
        // From 9月30日: 10月8日, 9日, 10日 are the next three working days.
        assert_eq!(add_working_days(d("2026-09-30"), 3, &cal), d("2026-10-10"));
        assert_eq!(add_working_days(d("2026-09-30"), 4, &cal), d("2026-10-12"));
    }
}
