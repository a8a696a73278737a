//! Requests per client address per minute to sign-in and refresh, counted in this server's
//! memory (the cheap first line: a flood is refused before any password hash or database write).
//! Several servers each allow the limit; the failure waits (`login_throttles`) are shared.

use std::{collections::HashMap, sync::Mutex};

use chrono::{Duration, NaiveDateTime};

/// Addresses remembered at once; beyond it, windows that have ended are dropped first, and new
/// addresses are let through (to the shared failure counts) rather than the memory growing.
const MAX_ADDRESSES: usize = 50_000;
const WINDOW: Duration = Duration::minutes(1);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hit {
    Allowed,
    /// Over the limit until the window ends; `first` is the first refusal of this window (the
    /// one that is audited: auditing every refused request would let a flood fill the trail).
    Refused {
        retry_after: Duration,
        first: bool,
    },
}

#[derive(Debug)]
struct Window {
    started: NaiveDateTime,
    count: u32,
    refused: bool,
}

#[derive(Debug, Default)]
pub struct RequestRate {
    windows: Mutex<HashMap<String, Window>>,
}

impl RequestRate {
    /// Counts one request from `address` at `now` against `limit` per minute.
    pub fn hit(&self, address: &str, now: NaiveDateTime, limit: u32) -> Hit {
        let mut windows = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        if !windows.contains_key(address) && windows.len() >= MAX_ADDRESSES {
            windows.retain(|_, w| now - w.started < WINDOW);
            if windows.len() >= MAX_ADDRESSES {
                log::warn!("sign-in rate limiter full ({MAX_ADDRESSES} addresses): {address} passes uncounted");
                return Hit::Allowed;
            }
        }
        let w = windows.entry(address.to_owned()).or_insert(Window { started: now, count: 0, refused: false });
        if now - w.started >= WINDOW || now < w.started {
            *w = Window { started: now, count: 0, refused: false };
        }
        if w.count >= limit {
            let first = !w.refused;
            w.refused = true;
            return Hit::Refused { retry_after: w.started + WINDOW - now, first };
        }
        w.count += 1;
        Hit::Allowed
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    fn t(seconds: i64) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 12, 3).unwrap().and_hms_opt(9, 0, 0).unwrap() + Duration::seconds(seconds)
    }

    #[test]
    fn the_limit_holds_per_address_per_minute() {
        let rate = RequestRate::default();
        for i in 0..3 {
            assert_eq!(rate.hit("10.0.0.1", t(i), 3), Hit::Allowed);
        }
        assert_eq!(rate.hit("10.0.0.1", t(10), 3), Hit::Refused { retry_after: Duration::seconds(50), first: true });
        assert_eq!(rate.hit("10.0.0.1", t(20), 3), Hit::Refused { retry_after: Duration::seconds(40), first: false });
        assert_eq!(rate.hit("10.0.0.2", t(20), 3), Hit::Allowed, "another address has its own window");
        assert_eq!(rate.hit("10.0.0.1", t(60), 3), Hit::Allowed, "a new minute");
    }

    #[test]
    fn memory_stays_bounded() {
        let rate = RequestRate::default();
        for i in 0..MAX_ADDRESSES {
            rate.hit(&format!("a{i}"), t(0), 1);
        }
        assert_eq!(rate.hit("late", t(1), 1), Hit::Allowed);
        assert_eq!(rate.windows.lock().unwrap().len(), MAX_ADDRESSES);
        // Once the old windows ended they make room.
        assert_eq!(rate.hit("later", t(61), 1), Hit::Allowed);
        assert_eq!(rate.windows.lock().unwrap().len(), 1);
    }
}
