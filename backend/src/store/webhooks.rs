//! Webhooks of integration clients and their deliveries (one outbox event for one webhook).
//!
//! Deliveries are made from the outbox by whichever server runs the worker ("fan-out",
//! idempotent: one row per webhook and event), then each is claimed by one server before it is
//! sent. A claim is a conditional update of the row (`claimed_by` until `claimed_until`), the
//! same SQL on both backends: with several servers, each delivery is attempted by one at a time.

use chrono::NaiveDateTime;
use diesel::{
    prelude::*,
    sql_types::{BigInt, Nullable, Text, Timestamp},
};

use crate::db::{
    DbConnection, DeliveryId, IntegrationClientId, IssueId, WebhookId,
    schema::{webhook_deliveries, webhooks},
};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = webhooks, treat_none_as_default_value = false)]
pub struct Webhook {
    pub id: WebhookId,
    pub client_id: IntegrationClientId,
    pub url: String,
    pub events_json: String,
    pub secret: String,
    pub active: bool,
    pub after_seq: i64,
    pub consecutive_failures: i32,
    pub last_success_at: Option<NaiveDateTime>,
    pub last_failure_at: Option<NaiveDateTime>,
    pub last_error: Option<String>,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl Webhook {
    /// The event kinds it wants (`*`: all).
    pub fn events(&self) -> Vec<String> {
        serde_json::from_str(&self.events_json).unwrap_or_default()
    }

    pub fn wants(&self, kind: &str) -> bool {
        self.events().iter().any(|e| e == "*" || e == kind)
    }
}

pub const PENDING: &str = "pending";
pub const DELIVERED: &str = "delivered";
pub const FAILED: &str = "failed";

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = webhook_deliveries, treat_none_as_default_value = false)]
pub struct Delivery {
    pub id: DeliveryId,
    pub webhook_id: WebhookId,
    pub event_seq: i64,
    pub event_kind: String,
    pub issue_id: Option<IssueId>,
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub retry_until: NaiveDateTime,
    pub claimed_by: Option<String>,
    pub claimed_until: Option<NaiveDateTime>,
    pub last_attempt_at: Option<NaiveDateTime>,
    pub response_status: Option<i32>,
    pub last_error: Option<String>,
    pub delivered_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConnection, w: &Webhook) -> QueryResult<()> {
    diesel::insert_into(webhooks::table).values(w).execute(conn).map(|_| ())
}

pub fn find(conn: &mut DbConnection, id: &WebhookId) -> QueryResult<Option<Webhook>> {
    webhooks::table.find(id).select(Webhook::as_select()).get_result(conn).optional()
}

pub fn of_client(conn: &mut DbConnection, client: &IntegrationClientId) -> QueryResult<Vec<Webhook>> {
    webhooks::table
        .filter(webhooks::client_id.eq(client))
        .order(webhooks::created_at.asc())
        .select(Webhook::as_select())
        .load(conn)
}

pub fn active(conn: &mut DbConnection) -> QueryResult<Vec<Webhook>> {
    webhooks::table.filter(webhooks::active.eq(true)).order(webhooks::id).select(Webhook::as_select()).load(conn)
}

pub fn set_active(
    conn: &mut DbConnection,
    id: &WebhookId,
    active: bool,
    after_seq: Option<i64>,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let target = webhooks::table.find(id);
    match after_seq {
        Some(seq) => diesel::update(target)
            .set((webhooks::active.eq(active), webhooks::after_seq.eq(seq), webhooks::updated_at.eq(now)))
            .execute(conn)?,
        None => {
            diesel::update(target).set((webhooks::active.eq(active), webhooks::updated_at.eq(now))).execute(conn)?
        }
    };
    Ok(())
}

/// Removes the webhook with its deliveries.
pub fn delete(conn: &mut DbConnection, id: &WebhookId) -> QueryResult<()> {
    diesel::delete(webhook_deliveries::table.filter(webhook_deliveries::webhook_id.eq(id))).execute(conn)?;
    diesel::delete(webhooks::table.find(id)).execute(conn).map(|_| ())
}

/// Moves the webhook's fan-out position forward (never back: another server may be ahead).
pub fn advance(conn: &mut DbConnection, id: &WebhookId, seq: i64) -> QueryResult<()> {
    diesel::update(webhooks::table.find(id).filter(webhooks::after_seq.lt(seq)))
        .set(webhooks::after_seq.eq(seq))
        .execute(conn)
        .map(|_| ())
}

/// A delivery of one event, unless the webhook already has one for it (another server made it).
#[allow(clippy::too_many_arguments)]
pub fn insert_delivery_once(
    conn: &mut DbConnection,
    id: &DeliveryId,
    webhook: &WebhookId,
    seq: i64,
    kind: &str,
    issue: Option<&IssueId>,
    now: NaiveDateTime,
    retry_until: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::sql_query(
        "INSERT INTO webhook_deliveries (id, webhook_id, event_seq, event_kind, issue_id, status, attempts, \
         next_attempt_at, retry_until, created_at) VALUES ($1, $2, $3, $4, $5, 'pending', 0, $6, $7, $6) \
         ON CONFLICT (webhook_id, event_seq) DO NOTHING",
    )
    .bind::<Text, _>(id.as_str())
    .bind::<Text, _>(webhook.as_str())
    .bind::<BigInt, _>(seq)
    .bind::<Text, _>(kind)
    .bind::<Nullable<Text>, _>(issue.map(IssueId::as_str))
    .bind::<Timestamp, _>(now)
    .bind::<Timestamp, _>(retry_until)
    .execute(conn)
}

/// Deliveries due now, oldest event first: pending, unclaimed (or their claim expired), of an
/// active webhook, and the earliest pending one of their problem for their webhook (a later
/// event waits until the earlier one is delivered or has failed: order per problem).
pub fn due(conn: &mut DbConnection, now: NaiveDateTime, limit: i64) -> QueryResult<Vec<Delivery>> {
    diesel::sql_query(
        "SELECT d.* FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id \
         WHERE d.status = 'pending' AND d.next_attempt_at <= $1 AND w.active \
         AND (d.claimed_until IS NULL OR d.claimed_until <= $1) \
         AND NOT EXISTS (SELECT 1 FROM webhook_deliveries e WHERE e.webhook_id = d.webhook_id \
             AND e.issue_id = d.issue_id AND e.event_seq < d.event_seq AND e.status = 'pending') \
         ORDER BY d.event_seq LIMIT $2",
    )
    .bind::<Timestamp, _>(now)
    .bind::<BigInt, _>(limit)
    .load::<DeliveryRow>(conn)
    .map(|rows| rows.into_iter().map(Delivery::from).collect())
}

/// Claims a delivery for `holder` until `until`; `false` when another server holds it (or it
/// is no longer pending).
pub fn claim(
    conn: &mut DbConnection,
    id: &DeliveryId,
    holder: &str,
    now: NaiveDateTime,
    until: NaiveDateTime,
) -> QueryResult<bool> {
    let n = diesel::update(
        webhook_deliveries::table
            .find(id)
            .filter(webhook_deliveries::status.eq(PENDING))
            .filter(webhook_deliveries::claimed_until.is_null().or(webhook_deliveries::claimed_until.le(now))),
    )
    .set((webhook_deliveries::claimed_by.eq(holder), webhook_deliveries::claimed_until.eq(until)))
    .execute(conn)?;
    Ok(n == 1)
}

/// What one attempt came to.
pub struct Attempt<'a> {
    pub at: NaiveDateTime,
    pub response_status: Option<i32>,
    /// `None`: delivered.
    pub error: Option<&'a str>,
    /// When failed: the next attempt, or `None` when retries are over (the delivery failed).
    pub retry_at: Option<NaiveDateTime>,
}

/// Records an attempt of a delivery `holder` claimed, releasing the claim, and the webhook's
/// health; `false` when the claim was no longer ours (nothing recorded).
pub fn record_attempt(conn: &mut DbConnection, d: &Delivery, holder: &str, a: &Attempt) -> QueryResult<bool> {
    let status = match (a.error, a.retry_at) {
        (None, _) => DELIVERED,
        (Some(_), Some(_)) => PENDING,
        (Some(_), None) => FAILED,
    };
    let n = diesel::update(webhook_deliveries::table.find(&d.id).filter(webhook_deliveries::claimed_by.eq(holder)))
        .set((
            webhook_deliveries::status.eq(status),
            webhook_deliveries::attempts.eq(webhook_deliveries::attempts + 1),
            webhook_deliveries::next_attempt_at.eq(a.retry_at.unwrap_or(a.at)),
            webhook_deliveries::claimed_by.eq(None::<String>),
            webhook_deliveries::claimed_until.eq(None::<NaiveDateTime>),
            webhook_deliveries::last_attempt_at.eq(a.at),
            webhook_deliveries::response_status.eq(a.response_status),
            webhook_deliveries::last_error.eq(a.error),
            webhook_deliveries::delivered_at.eq(a.error.is_none().then_some(a.at)),
        ))
        .execute(conn)?;
    if n == 0 {
        return Ok(false);
    }
    let hook = webhooks::table.find(&d.webhook_id);
    match a.error {
        None => diesel::update(hook)
            .set((webhooks::consecutive_failures.eq(0), webhooks::last_success_at.eq(a.at)))
            .execute(conn)?,
        Some(e) => diesel::update(hook)
            .set((
                webhooks::consecutive_failures.eq(webhooks::consecutive_failures + 1),
                webhooks::last_failure_at.eq(a.at),
                webhooks::last_error.eq(e),
            ))
            .execute(conn)?,
    };
    Ok(true)
}

pub fn find_delivery(conn: &mut DbConnection, id: &DeliveryId) -> QueryResult<Option<Delivery>> {
    webhook_deliveries::table.find(id).select(Delivery::as_select()).get_result(conn).optional()
}

/// A webhook's deliveries, newest event first, optionally of one status; with their count.
pub fn deliveries(
    conn: &mut DbConnection,
    webhook: &WebhookId,
    status: Option<&str>,
    offset: i64,
    limit: i64,
) -> QueryResult<(Vec<Delivery>, i64)> {
    let mut q = webhook_deliveries::table.filter(webhook_deliveries::webhook_id.eq(webhook)).into_boxed();
    let mut c = webhook_deliveries::table.filter(webhook_deliveries::webhook_id.eq(webhook)).into_boxed();
    if let Some(s) = status {
        q = q.filter(webhook_deliveries::status.eq(s.to_owned()));
        c = c.filter(webhook_deliveries::status.eq(s.to_owned()));
    }
    let rows = q
        .order(webhook_deliveries::event_seq.desc())
        .offset(offset)
        .limit(limit)
        .select(Delivery::as_select())
        .load(conn)?;
    Ok((rows, c.count().get_result(conn)?))
}

/// Deliveries in `status`, of every webhook (the metrics' gauges).
pub fn count_with_status(conn: &mut DbConnection, status: &str) -> QueryResult<i64> {
    webhook_deliveries::table.filter(webhook_deliveries::status.eq(status)).count().get_result(conn)
}

/// (pending, failed) deliveries of a webhook.
pub fn counts(conn: &mut DbConnection, webhook: &WebhookId) -> QueryResult<(i64, i64)> {
    let rows: Vec<(String, i64)> = webhook_deliveries::table
        .filter(webhook_deliveries::webhook_id.eq(webhook))
        .filter(webhook_deliveries::status.ne(DELIVERED))
        .group_by(webhook_deliveries::status)
        .select((webhook_deliveries::status, diesel::dsl::count_star()))
        .load(conn)?;
    let of = |s: &str| rows.iter().find(|(k, _)| k == s).map_or(0, |(_, n)| *n);
    Ok((of(PENDING), of(FAILED)))
}

/// Sends a delivery again: pending from now, with a new retry window (same id, so that a
/// receiver that had it recognises it).
pub fn redeliver(
    conn: &mut DbConnection,
    id: &DeliveryId,
    now: NaiveDateTime,
    retry_until: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(webhook_deliveries::table.find(id))
        .set((
            webhook_deliveries::status.eq(PENDING),
            webhook_deliveries::next_attempt_at.eq(now),
            webhook_deliveries::retry_until.eq(retry_until),
            webhook_deliveries::claimed_by.eq(None::<String>),
            webhook_deliveries::claimed_until.eq(None::<NaiveDateTime>),
        ))
        .execute(conn)
        .map(|_| ())
}

/// A row of `SELECT d.*` (raw SQL reads by name).
#[derive(QueryableByName)]
#[diesel(table_name = webhook_deliveries)]
struct DeliveryRow {
    id: DeliveryId,
    webhook_id: WebhookId,
    event_seq: i64,
    event_kind: String,
    issue_id: Option<IssueId>,
    status: String,
    attempts: i32,
    next_attempt_at: NaiveDateTime,
    retry_until: NaiveDateTime,
    claimed_by: Option<String>,
    claimed_until: Option<NaiveDateTime>,
    last_attempt_at: Option<NaiveDateTime>,
    response_status: Option<i32>,
    last_error: Option<String>,
    delivered_at: Option<NaiveDateTime>,
    created_at: NaiveDateTime,
}

impl From<DeliveryRow> for Delivery {
    fn from(r: DeliveryRow) -> Self {
        Self {
            id: r.id,
            webhook_id: r.webhook_id,
            event_seq: r.event_seq,
            event_kind: r.event_kind,
            issue_id: r.issue_id,
            status: r.status,
            attempts: r.attempts,
            next_attempt_at: r.next_attempt_at,
            retry_until: r.retry_until,
            claimed_by: r.claimed_by,
            claimed_until: r.claimed_until,
            last_attempt_at: r.last_attempt_at,
            response_status: r.response_status,
            last_error: r.last_error,
            delivered_at: r.delivered_at,
            created_at: r.created_at,
        }
    }
}
