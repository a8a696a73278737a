//! Use cases: one function per thing a user (or the server) does. Each takes a connection
//! inside the caller's transaction, a [`Context`] saying who acts, when and from where, and a
//! typed command; it owns validation, the decision, the writes, notifications, the timeline,
//! outbox events and the audit record, in that order. HTTP handlers, the seed, imports and jobs
//! all go through here, so a rule has one home.

pub mod accounts;
pub mod api_keys;
pub mod attachments;
pub mod auth;
pub mod batch;
pub mod calendar;
pub mod campaigns;
pub mod dictionaries;
pub mod events;
pub mod exports;
pub mod imports;
pub mod integration_clients;
pub mod issues;
pub mod milestones;
pub mod org;
pub mod read_cache;
pub mod reports;
pub mod scope;
pub mod settings;
pub mod snapshots;
pub mod stats;
pub mod supervision;
pub mod validate;
pub mod webhooks;

use crate::{
    audit::{self, Actor, Entry, RequestMeta},
    auth::Principal,
    clock::Clock,
    db::{DbConnection, GroupId, UnitId},
    domain::{lifecycle::Caller, permissions::Permission},
    error::ApiError,
    store::issues::Visibility,
};

pub use auth::Committed;

/// One page of a list.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// How many items match in all.
    pub total: i64,
    /// False when `total` is a lower bound: a problem list searched by a keyword of one or two
    /// characters that is in more problems than are counted (then "more than `total`").
    pub total_exact: bool,
    pub page: i64,
    pub page_size: i64,
}

/// Who acts, on which clock, from where.
#[derive(Debug, Clone)]
pub struct Context {
    pub principal: Principal,
    pub meta: RequestMeta,
    pub clock: Clock,
    /// Days before a deadline at which a problem turns yellow (`LVYUE_WARNING_DAYS`).
    pub warning_days: i64,
    /// The server's read caches (a request's context shares them; any other has its own).
    pub caches: std::sync::Arc<read_cache::ReadCaches>,
    /// The read-cache epoch the request's session was checked under, if it was: the caches
    /// may serve the rest of the request under it without reading it again.
    pub read_epoch: Option<i64>,
}

impl Context {
    pub fn new(principal: Principal, meta: RequestMeta, clock: Clock, warning_days: i64) -> Self {
        Self { principal, meta, clock, warning_days, caches: Default::default(), read_epoch: None }
    }

    /// The same context on the server's shared read caches, checked under `read_epoch`.
    pub fn with_caches(self, caches: std::sync::Arc<read_cache::ReadCaches>, read_epoch: Option<i64>) -> Self {
        Self { caches, read_epoch, ..self }
    }

    /// The caller as the lifecycle rules see it.
    pub fn caller(&self) -> Caller<GroupId, UnitId> {
        scope::caller_of(&self.principal)
    }

    /// Which problems the caller sees.
    pub fn visibility(&self) -> Visibility {
        scope::visibility_of(&self.principal)
    }

    pub fn actor(&self) -> Actor {
        self.principal.actor()
    }
}

/// Runs an administrative change for a caller who holds `permission`. A refusal is itself
/// recorded (`result = denied`, under the action it was refused) and answered as the outcome,
/// so that the caller's transaction commits the record: `state.write(..).await??`.
pub fn guarded<T>(
    conn: &mut DbConnection,
    cx: &Context,
    permission: Permission,
    (action, entity_type): (&str, &str),
    change: impl FnOnce(&mut DbConnection) -> Result<T, ApiError>,
) -> Result<Committed<T>, ApiError> {
    if let Err(refusal) = cx.principal.require(permission) {
        audit::append(conn, Entry::new(&cx.actor(), &cx.meta, action, entity_type).result("denied"))?;
        return Ok(Err(refusal));
    }
    change(conn).map(Ok)
}
