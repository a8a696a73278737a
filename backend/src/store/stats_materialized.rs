//! Materialized statistics: the last answer to each statistics question, with the audit
//! sequence it reflects. A cache, owned by `service::stats::materialized`. Same SQL on both
//! backends.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::{
    prelude::*,
    sql_types::{BigInt, Date, Text, Timestamp},
};

use crate::db::{
    DbConnection,
    schema::{audit_head, stats_materialized},
};

#[derive(Debug, Clone, Queryable, Selectable, PartialEq, Eq)]
#[diesel(table_name = stats_materialized)]
pub struct Entry {
    pub request_key: String,
    pub request_json: String,
    pub figures_json: String,
    /// The day (Asia/Shanghai) whose warnings and deadlines the figures were computed for.
    pub for_day: NaiveDate,
    /// The audit chain's head when the computation began: every change up to it is included.
    pub audit_seq: i64,
    pub computed_at: NaiveDateTime,
    pub compute_ms: i64,
    pub read_at: NaiveDateTime,
}

/// The audit chain's head: every change appends to it in its own transaction (holding the head
/// row until it commits), so the figures of a sequence stay true until the head moves.
pub fn audit_head(conn: &mut DbConnection) -> QueryResult<i64> {
    audit_head::table.find(1).select(audit_head::last_seq).get_result(conn)
}

pub fn find(conn: &mut DbConnection, key: &str) -> QueryResult<Option<Entry>> {
    stats_materialized::table.find(key).select(Entry::as_select()).get_result(conn).optional()
}

/// Stores an answer, replacing the key's earlier one (two servers computing the same question
/// at once: the last write stays, and either is right) and keeping the later `read_at`.
pub fn put(conn: &mut DbConnection, e: &Entry) -> QueryResult<()> {
    diesel::sql_query(
        "INSERT INTO stats_materialized \
         (request_key, request_json, figures_json, for_day, audit_seq, computed_at, compute_ms, read_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
         ON CONFLICT (request_key) DO UPDATE SET request_json = excluded.request_json, \
         figures_json = excluded.figures_json, for_day = excluded.for_day, audit_seq = excluded.audit_seq, \
         computed_at = excluded.computed_at, compute_ms = excluded.compute_ms, \
         read_at = CASE WHEN excluded.read_at > stats_materialized.read_at THEN excluded.read_at \
         ELSE stats_materialized.read_at END",
    )
    .bind::<Text, _>(&e.request_key)
    .bind::<Text, _>(&e.request_json)
    .bind::<Text, _>(&e.figures_json)
    .bind::<Date, _>(e.for_day)
    .bind::<BigInt, _>(e.audit_seq)
    .bind::<Timestamp, _>(e.computed_at)
    .bind::<BigInt, _>(e.compute_ms)
    .bind::<Timestamp, _>(e.read_at)
    .execute(conn)
    .map(|_| ())
}

/// Notes that the question was asked again (kept fresh by the job while it is asked).
pub fn touch(conn: &mut DbConnection, key: &str, at: NaiveDateTime) -> QueryResult<()> {
    diesel::update(stats_materialized::table.find(key))
        .set(stats_materialized::read_at.eq(at))
        .execute(conn)
        .map(|_| ())
}

/// The questions asked since `since`, most recently asked first.
pub fn asked_since(conn: &mut DbConnection, since: NaiveDateTime, limit: i64) -> QueryResult<Vec<Entry>> {
    stats_materialized::table
        .filter(stats_materialized::read_at.ge(since))
        .order(stats_materialized::read_at.desc())
        .limit(limit)
        .select(Entry::as_select())
        .load(conn)
}

/// Forgets the questions not asked since `before`; answers how many.
pub fn forget_unasked(conn: &mut DbConnection, before: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(stats_materialized::table.filter(stats_materialized::read_at.lt(before))).execute(conn)
}
