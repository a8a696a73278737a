//! Refused requests in the audit trail (等保: security events are audited): a 401, 403 or 404
//! on a protected operation — a wrong or expired token, a role without the right, another
//! scope's object — is recorded with the actor, address and request id. A flood would swamp the
//! trail, so refusals are aggregated per minute per (actor, status, route): the first is
//! recorded at once with its details, the rest of that minute as one `access.denied_repeated`
//! record with their count when the minute is over.

use std::{collections::HashMap, sync::Mutex};

use chrono::{Duration, NaiveDateTime};
use diesel::QueryResult;
use serde_json::json;

use super::{Actor, Entry, RequestMeta};
use crate::db::DbConnection;

const WINDOW: Duration = Duration::minutes(1);
/// Windows kept at once; beyond it the oldest are summarised early rather than memory grow.
const MAX_WINDOWS: usize = 10_000;

/// What was refused, to whom.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RefusalKey {
    /// The principal's id, or `anonymous@<address>`.
    pub actor: String,
    pub status: u16,
    /// The route as declared (`GET /api/v1/issues/{id}`), so that ids do not split the count.
    pub route: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Window {
    pub started: NaiveDateTime,
    /// Refusals in the window after the first (the first is recorded on its own).
    pub repeats: u32,
    /// Who it was, for the summary record.
    pub actor: Actor,
}

/// One refusal, as the middleware saw it.
#[derive(Debug, Clone)]
pub struct Refusal {
    pub key: RefusalKey,
    pub actor: Actor,
    pub meta: RequestMeta,
    pub method: String,
    pub path: String,
    pub code: Option<String>,
}

#[derive(Debug, Default)]
pub struct RefusalLog {
    windows: Mutex<HashMap<RefusalKey, Window>>,
}

impl RefusalLog {
    /// Counts one refusal at `now`: `true` when it opens a window (record it now); the windows
    /// that have ended with repeats come back to be summarised.
    pub fn note(&self, key: &RefusalKey, actor: &Actor, now: NaiveDateTime) -> (bool, Vec<(RefusalKey, Window)>) {
        let mut windows = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        let mut ended = drain_ended(&mut windows, now);
        if windows.len() >= MAX_WINDOWS && !windows.contains_key(key) {
            let oldest = windows.iter().min_by_key(|(_, w)| w.started).map(|(k, _)| k.clone());
            if let Some(k) = oldest {
                let w = windows.remove(&k).expect("present");
                if w.repeats > 0 {
                    ended.push((k, w));
                }
            }
        }
        match windows.get_mut(key) {
            Some(w) => {
                w.repeats += 1;
                (false, ended)
            }
            None => {
                windows.insert(key.clone(), Window { started: now, repeats: 0, actor: actor.clone() });
                (true, ended)
            }
        }
    }

    /// The windows that have ended by `now` with repeats (for the periodic flush).
    pub fn ended(&self, now: NaiveDateTime) -> Vec<(RefusalKey, Window)> {
        drain_ended(&mut self.windows.lock().unwrap_or_else(|e| e.into_inner()), now)
    }
}

fn drain_ended(windows: &mut HashMap<RefusalKey, Window>, now: NaiveDateTime) -> Vec<(RefusalKey, Window)> {
    let ended: Vec<RefusalKey> =
        windows.iter().filter(|(_, w)| now - w.started >= WINDOW || now < w.started).map(|(k, _)| k.clone()).collect();
    ended.into_iter().filter_map(|k| windows.remove(&k).map(|w| (k, w))).filter(|(_, w)| w.repeats > 0).collect()
}

fn result_of(status: u16) -> &'static str {
    match status {
        401 => "unauthenticated",
        403 => "denied",
        _ => "not_found",
    }
}

/// Records the first refusal of a window with its details.
pub fn record(conn: &mut DbConnection, r: &Refusal) -> QueryResult<i64> {
    super::append(
        conn,
        Entry::new(&r.actor, &r.meta, "access.denied", "request")
            .entity(&r.key.route)
            .result(result_of(r.key.status))
            .after(json!({ "method": r.method, "path": r.path, "status": r.key.status, "code": r.code })),
    )
}

/// Records ended windows' repeats, one record each.
pub fn summarise(conn: &mut DbConnection, ended: &[(RefusalKey, Window)]) -> QueryResult<()> {
    let meta = RequestMeta::internal();
    for (k, w) in ended {
        super::append(
            conn,
            Entry::new(&w.actor, &meta, "access.denied_repeated", "request")
                .entity(&k.route)
                .result(result_of(k.status))
                .after(json!({ "status": k.status, "repeats": w.repeats, "since": w.started.and_utc() })),
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    fn t(seconds: i64) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 12, 3).unwrap().and_hms_opt(9, 0, 0).unwrap() + Duration::seconds(seconds)
    }

    fn key(actor: &str, route: &str) -> RefusalKey {
        RefusalKey { actor: actor.into(), status: 404, route: route.into() }
    }

    #[test]
    fn the_first_refusal_of_a_minute_is_recorded_and_the_rest_counted() {
        let log = RefusalLog::default();
        let actor = Actor::anonymous("x");
        let k = key("u1", "GET /api/v1/issues/{id}");
        assert_eq!(log.note(&k, &actor, t(0)), (true, vec![]));
        assert!(!log.note(&k, &actor, t(10)).0);
        assert!(!log.note(&k, &actor, t(20)).0);
        assert!(log.note(&key("u2", "GET /api/v1/issues/{id}"), &actor, t(20)).0, "another actor");
        assert!(log.ended(t(59)).is_empty());
        let ended = log.ended(t(60));
        assert_eq!(ended.len(), 1, "u2 had no repeats");
        assert_eq!((ended[0].0.actor.as_str(), ended[0].1.repeats), ("u1", 2));
        // A new minute opens a new window.
        assert!(log.note(&k, &actor, t(61)).0);
    }

    #[test]
    fn memory_stays_bounded() {
        let log = RefusalLog::default();
        let actor = Actor::anonymous("x");
        for i in 0..MAX_WINDOWS {
            let k = key(&format!("a{i}"), "r");
            log.note(&k, &actor, t(0));
            log.note(&k, &actor, t(0));
        }
        let (first, ended) = log.note(&key("late", "r"), &actor, t(1));
        assert!(first);
        assert_eq!(ended.len(), 1, "the oldest window is summarised early");
        assert_eq!(log.windows.lock().unwrap().len(), MAX_WINDOWS);
    }
}
