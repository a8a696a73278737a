//! The time every service function and job reads. `serve` uses the system clock; tests and
//! the demo seed set or move a manual one, so that "three days later" needs no waiting and no
//! rule ever calls the system time behind the caller's back.

use std::sync::{Arc, RwLock};

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, SubsecRound, Utc};

#[derive(Debug, Clone, Default)]
pub struct Clock {
    /// `None`: the system clock. Otherwise a manual time shared by every clone.
    manual: Option<Arc<RwLock<DateTime<Utc>>>>,
}

impl Clock {
    pub fn system() -> Self {
        Self { manual: None }
    }

    /// A clock that stands at `at` until it is set or advanced.
    pub fn manual(at: DateTime<Utc>) -> Self {
        Self { manual: Some(Arc::new(RwLock::new(at))) }
    }

    /// A manual clock at the start of `day` in Asia/Shanghai plus `hours`.
    pub fn manual_on(day: NaiveDate, hours: u32) -> Self {
        Self::manual(shanghai_day_start(day).and_utc() + Duration::hours(i64::from(hours)))
    }

    /// Moves a manual clock to `at`; a no-op on the system clock.
    pub fn set(&self, at: DateTime<Utc>) {
        if let Some(m) = &self.manual {
            *m.write().unwrap_or_else(std::sync::PoisonError::into_inner) = at;
        }
    }

    pub fn advance(&self, by: Duration) {
        if self.manual.is_some() {
            self.set(self.now_utc() + by);
        }
    }

    pub fn now_utc(&self) -> DateTime<Utc> {
        match &self.manual {
            Some(m) => *m.read().unwrap_or_else(std::sync::PoisonError::into_inner),
            None => Utc::now(),
        }
    }

    /// Now in UTC, at microsecond precision (what both databases keep).
    pub fn now(&self) -> NaiveDateTime {
        self.now_utc().naive_utc().trunc_subsecs(6)
    }

    /// Today in Asia/Shanghai: the date deadlines, warnings and reports are counted in.
    pub fn today(&self) -> NaiveDate {
        self.now_utc().with_timezone(&chrono_tz::Asia::Shanghai).date_naive()
    }
}

/// Start of an Asia/Shanghai day, in UTC.
pub fn shanghai_day_start(d: NaiveDate) -> NaiveDateTime {
    use chrono::TimeZone;
    chrono_tz::Asia::Shanghai
        .from_local_datetime(&d.and_hms_opt(0, 0, 0).expect("midnight"))
        .single()
        .expect("Shanghai has no DST")
        .naive_utc()
}

/// The first instant after the day `d` (its end, exclusive), in UTC; `None` (no bound) for the
/// last representable day, which has no successor.
pub fn shanghai_day_end(d: NaiveDate) -> Option<NaiveDateTime> {
    d.succ_opt().map(shanghai_day_start)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shanghai_days_start_at_16_utc() {
        let d: NaiveDate = "2024-07-01".parse().unwrap();
        assert_eq!(shanghai_day_start(d).to_string(), "2024-06-30 16:00:00");
        assert_eq!(shanghai_day_end(d).unwrap().to_string(), "2024-07-01 16:00:00");
        assert_eq!(shanghai_day_end(NaiveDate::MAX), None);
    }

    #[test]
    fn a_manual_clock_is_shared_by_its_clones_and_moves_only_when_told() {
        let day: NaiveDate = "2024-07-01".parse().unwrap();
        let clock = Clock::manual_on(day, 9);
        let other = clock.clone();
        assert_eq!(clock.today(), day);
        assert_eq!(clock.now().to_string(), "2024-07-01 01:00:00");
        other.advance(Duration::hours(15));
        assert_eq!(clock.today(), day.succ_opt().unwrap(), "midnight in Shanghai has passed");
    }

    #[test]
    fn the_system_clock_ignores_set() {
        let c = Clock::system();
        c.set(DateTime::<Utc>::MIN_UTC);
        assert!(c.now_utc() > DateTime::<Utc>::MIN_UTC);
    }
}
