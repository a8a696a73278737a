//! In-process caches of the read path (docs/performance.md): signed-in principals and the
//! organisation's names, so that an authenticated read does not reload the account, its unit,
//! roles and second factor, and every unit and work group name, on each request.
//!
//! Each entry is tagged with the database's read-cache epoch, which triggers bump in the
//! transaction of every change to what is cached (sign-out, password, deactivation, roles,
//! second factor, settings, unit and group names: migration `read_cache_epoch`). A request reads
//! the epoch (one row by key) and uses an entry only if its epoch is still current, so a change
//! made on any server takes effect at the next request on every server. A principal entry also
//! ends with its session's expiry and after `PRINCIPAL_TTL`, which bounds staleness should
//! anything ever change without the epoch.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex, RwLock},
    time::{Duration, Instant},
};

use chrono::NaiveDateTime;

use crate::{
    auth::Principal,
    db::{DbConnection, GroupId, SessionId, UnitId, UserId},
    error::ApiError,
    store,
};

/// How long a cached principal may be used at most, whatever the epoch says.
pub const PRINCIPAL_TTL: Duration = Duration::from_secs(60);
/// Beyond this many signed-in sessions, the principal cache starts again empty: a bound on
/// memory that a flood of sign-ins cannot push further.
const MAX_PRINCIPALS: usize = 20_000;

struct CachedPrincipal {
    user: UserId,
    epoch: i64,
    loaded: Instant,
    /// The session's own end (its refresh token's idle or absolute expiry) when loaded.
    session_ends: NaiveDateTime,
    principal: Principal,
}

/// The names of every unit (inactive ones too) and work group, by id.
#[derive(Debug, Default)]
pub struct OrgNames {
    pub units: HashMap<UnitId, String>,
    pub groups: HashMap<GroupId, String>,
}

/// A server's read caches; `Default` is empty (a context built outside a request uses its own,
/// which is as correct, only colder).
#[derive(Default)]
pub struct ReadCaches {
    principals: Mutex<HashMap<SessionId, CachedPrincipal>>,
    names: RwLock<Option<(i64, Arc<OrgNames>)>>,
}

impl std::fmt::Debug for ReadCaches {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ReadCaches")
    }
}

impl ReadCaches {
    /// The principal of `user` in `session`, if cached under the current `epoch` and still
    /// within its session and TTL.
    pub fn principal(&self, session: &SessionId, user: &UserId, epoch: i64, now: NaiveDateTime) -> Option<Principal> {
        let map = self.principals.lock().unwrap_or_else(|e| e.into_inner());
        let hit = map.get(session)?;
        (hit.user == *user && hit.epoch == epoch && now < hit.session_ends && hit.loaded.elapsed() < PRINCIPAL_TTL)
            .then(|| hit.principal.clone())
    }

    /// Keeps a principal loaded under `epoch` (read before it was loaded).
    pub fn keep_principal(
        &self,
        session: SessionId,
        user: UserId,
        epoch: i64,
        session_ends: NaiveDateTime,
        principal: Principal,
    ) {
        let mut map = self.principals.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() >= MAX_PRINCIPALS {
            map.clear();
        }
        map.insert(session, CachedPrincipal { user, epoch, loaded: Instant::now(), session_ends, principal });
    }

    /// The organisation's names as of `epoch` (read now when not given): from the cache while
    /// the epoch is unchanged. A request passes the epoch its session was checked under; names
    /// loaded later are at least as new, so tagging them with it never hides a change.
    pub fn names(&self, conn: &mut DbConnection, epoch: Option<i64>) -> Result<Arc<OrgNames>, ApiError> {
        let epoch = match epoch {
            Some(e) => e,
            None => store::read_cache::epoch(conn)?,
        };
        if let Some((at, names)) = self.names.read().unwrap_or_else(|e| e.into_inner()).as_ref()
            && *at == epoch
        {
            return Ok(names.clone());
        }
        let names = Arc::new(OrgNames {
            units: store::units::list(conn, true)?.into_iter().map(|u| (u.id, u.name)).collect(),
            groups: store::groups::list(conn)?.into_iter().map(|g| (g.id, g.name)).collect(),
        });
        *self.names.write().unwrap_or_else(|e| e.into_inner()) = Some((epoch, names.clone()));
        Ok(names)
    }
}
