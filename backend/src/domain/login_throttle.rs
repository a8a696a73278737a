//! Sign-in abuse without lock-out as a weapon. Failed sign-ins are counted per client address
//! and per (client address, account name); past a threshold each further failure doubles the
//! wait before that address may try again. Nothing is counted per account alone, so an attacker
//! at one address cannot keep the real user at another out, and the account name is used as
//! typed, so a name that does not exist is counted and answered exactly like one that does.

use std::net::IpAddr;

use chrono::{Duration, NaiveDateTime};

use super::settings::Settings;

/// A counter whose last failure is older than this starts again from zero.
pub const FAILURE_MEMORY: Duration = Duration::minutes(30);

/// The limits in force (settings `auth.*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoginPolicy {
    /// Requests to sign-in and refresh per client address per minute (per server).
    pub requests_per_minute: u32,
    /// Failures of one account name from one address before the waits start.
    pub account_failures: i32,
    /// Failures of any account names from one address before the waits start.
    pub address_failures: i32,
    /// The first wait; each further failure doubles it.
    pub first_delay: Duration,
    /// The longest wait.
    pub max_delay: Duration,
}

impl LoginPolicy {
    pub fn of(s: &Settings) -> Self {
        let first = Duration::seconds(s.login_failure_delay_seconds);
        Self {
            requests_per_minute: u32::try_from(s.login_requests_per_minute).unwrap_or(u32::MAX),
            account_failures: i32::try_from(s.login_failures_per_account).unwrap_or(i32::MAX),
            address_failures: i32::try_from(s.login_failures_per_address).unwrap_or(i32::MAX),
            first_delay: first,
            // A maximum below the first wait would shorten the waits: the first wins.
            max_delay: Duration::seconds(s.login_failure_delay_max_seconds).max(first),
        }
    }

    /// The wait after the `failures`-th consecutive failure against `threshold`: none below it,
    /// then `first_delay`, doubling, up to `max_delay`.
    pub fn delay_after(&self, failures: i32, threshold: i32) -> Option<Duration> {
        if failures < threshold {
            return None;
        }
        let doublings = u32::try_from(failures - threshold).unwrap_or(0).min(30);
        let delay = self.first_delay.checked_mul(1 << doublings).unwrap_or(self.max_delay);
        Some(delay.min(self.max_delay))
    }
}

/// What is counted: failures from an address, or failures of one account name from an address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ThrottleKey {
    Address(String),
    Account { address: String, username: String },
}

impl ThrottleKey {
    /// The stored key (`a:<address>` / `u:<address>:<name>`).
    pub fn storage_key(&self) -> String {
        match self {
            ThrottleKey::Address(a) => format!("a:{a}"),
            ThrottleKey::Account { address, username } => format!("u:{address}:{username}"),
        }
    }

    /// The failure count that starts the waits for this kind of key.
    pub fn threshold(&self, policy: &LoginPolicy) -> i32 {
        match self {
            ThrottleKey::Address(_) => policy.address_failures,
            ThrottleKey::Account { .. } => policy.account_failures,
        }
    }
}

/// The address a client is counted under: an IPv4 address as it is, an IPv6 address by its /64
/// (one subscriber gets a whole /64 and could otherwise take a fresh address per attempt). No
/// address (a request the server made itself) counts as `unknown`.
pub fn address_group(ip: Option<&str>) -> String {
    match ip.and_then(|s| s.parse::<IpAddr>().ok()) {
        Some(IpAddr::V4(v4)) => v4.to_string(),
        Some(IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
        None => "unknown".to_owned(),
    }
}

/// One key's consecutive failures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FailureCount {
    pub failures: i32,
    pub last_failure_at: NaiveDateTime,
    pub blocked_until: Option<NaiveDateTime>,
}

impl FailureCount {
    /// How long the key must still wait at `now`, if at all.
    pub fn wait(&self, now: NaiveDateTime) -> Option<Duration> {
        self.blocked_until.filter(|until| *until > now).map(|until| until - now)
    }

    /// The count after one more failure at `now` (`previous` is the stored count, if any).
    pub fn after_failure(previous: Option<Self>, now: NaiveDateTime, threshold: i32, policy: &LoginPolicy) -> Self {
        let carried = previous.filter(|p| now - p.last_failure_at <= FAILURE_MEMORY).map_or(0, |p| p.failures);
        let failures = carried.saturating_add(1);
        Self { failures, last_failure_at: now, blocked_until: policy.delay_after(failures, threshold).map(|d| now + d) }
    }
}

/// Whole seconds to announce in `Retry-After` for a wait (rounded up, at least 1).
pub fn retry_after_seconds(wait: Duration) -> u64 {
    let millis = wait.num_milliseconds().max(0);
    u64::try_from((millis + 999) / 1000).unwrap_or(1).max(1)
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    fn policy() -> LoginPolicy {
        LoginPolicy {
            requests_per_minute: 60,
            account_failures: 5,
            address_failures: 50,
            first_delay: Duration::seconds(30),
            max_delay: Duration::seconds(900),
        }
    }

    fn t(seconds: i64) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 12, 3).unwrap().and_hms_opt(9, 0, 0).unwrap() + Duration::seconds(seconds)
    }

    #[test]
    fn waits_start_at_the_threshold_and_double_up_to_the_maximum() {
        let p = policy();
        assert_eq!(p.delay_after(4, 5), None);
        assert_eq!(p.delay_after(5, 5), Some(Duration::seconds(30)));
        assert_eq!(p.delay_after(6, 5), Some(Duration::seconds(60)));
        assert_eq!(p.delay_after(8, 5), Some(Duration::seconds(240)));
        assert_eq!(p.delay_after(10, 5), Some(Duration::seconds(900)));
        assert_eq!(p.delay_after(i32::MAX, 5), Some(Duration::seconds(900)), "no overflow");
    }

    #[test]
    fn a_maximum_below_the_first_wait_does_not_shorten_it() {
        let s =
            Settings { login_failure_delay_seconds: 120, login_failure_delay_max_seconds: 10, ..Settings::default() };
        let p = LoginPolicy::of(&s);
        assert_eq!(p.delay_after(p.account_failures, p.account_failures), Some(Duration::seconds(120)));
    }

    #[test]
    fn failures_accumulate_and_are_forgotten_after_a_quiet_half_hour() {
        let p = policy();
        let mut count = None;
        for i in 0..4 {
            count = Some(FailureCount::after_failure(count, t(i), 5, &p));
        }
        let c = count.unwrap();
        assert_eq!((c.failures, c.blocked_until), (4, None));
        assert_eq!(c.wait(t(4)), None);
        let fifth = FailureCount::after_failure(count, t(10), 5, &p);
        assert_eq!(fifth.failures, 5);
        assert_eq!(fifth.wait(t(10)), Some(Duration::seconds(30)));
        assert_eq!(fifth.wait(t(40)), None, "the wait ends");
        let later = FailureCount::after_failure(Some(fifth), t(10) + FAILURE_MEMORY + Duration::seconds(1), 5, &p);
        assert_eq!((later.failures, later.blocked_until), (1, None), "a quiet half hour forgets");
    }

    #[test]
    fn addresses_are_grouped_so_an_ipv6_client_cannot_hop() {
        assert_eq!(address_group(Some("203.0.113.7")), "203.0.113.7");
        assert_eq!(address_group(Some("2001:db8:1:2:aaaa::1")), "2001:db8:1:2::/64");
        assert_eq!(address_group(Some("2001:db8:1:2:bbbb::9")), "2001:db8:1:2::/64");
        assert_eq!(address_group(Some("::ffff:10.1.2.3")), "10.1.2.3");
        assert_eq!(address_group(None), "unknown");
        assert_eq!(address_group(Some("garbage")), "unknown");
    }

    #[test]
    fn keys_are_per_address_and_per_address_and_name() {
        let a = ThrottleKey::Address("10.0.0.1".into());
        let u = ThrottleKey::Account { address: "10.0.0.1".into(), username: "office".into() };
        assert_eq!(a.storage_key(), "a:10.0.0.1");
        assert_eq!(u.storage_key(), "u:10.0.0.1:office");
        assert_eq!(a.threshold(&policy()), 50);
        assert_eq!(u.threshold(&policy()), 5);
    }

    #[test]
    fn retry_after_rounds_up() {
        assert_eq!(retry_after_seconds(Duration::milliseconds(1)), 1);
        assert_eq!(retry_after_seconds(Duration::milliseconds(30_001)), 31);
        assert_eq!(retry_after_seconds(Duration::seconds(0)), 1);
    }
}
