//! The outbox: events written in the same transaction as the change they describe, read later
//! by whoever delivers them (webhooks, notifications, metrics). The sequence comes from a
//! counter row the writing transaction locks, so events become visible in sequence order.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::{DbConnection, IssueId, schema::outbox_events};

#[derive(Debug, Clone, Queryable, Selectable, Insertable, PartialEq, Eq)]
#[diesel(table_name = outbox_events, treat_none_as_default_value = false)]
pub struct Event {
    pub seq: i64,
    pub kind: String,
    pub issue_id: Option<IssueId>,
    pub payload_json: String,
    pub created_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConnection, e: &Event) -> QueryResult<()> {
    diesel::insert_into(outbox_events::table).values(e).execute(conn).map(|_| ())
}

/// Inserts events in multi-row statements (below the backends' bind limits).
pub fn insert_many(conn: &mut DbConnection, events: &[Event]) -> QueryResult<()> {
    crate::db::insert_rows!(conn, outbox_events::table, events, 1000);
    Ok(())
}

/// Events after `seq`, oldest first.
pub fn after(conn: &mut DbConnection, seq: i64, limit: i64) -> QueryResult<Vec<Event>> {
    outbox_events::table
        .filter(outbox_events::seq.gt(seq))
        .order(outbox_events::seq)
        .limit(limit)
        .select(Event::as_select())
        .load(conn)
}

pub fn find(conn: &mut DbConnection, seq: i64) -> QueryResult<Option<Event>> {
    outbox_events::table.find(seq).select(Event::as_select()).get_result(conn).optional()
}

pub fn of_issue(conn: &mut DbConnection, issue: &IssueId) -> QueryResult<Vec<Event>> {
    outbox_events::table
        .filter(outbox_events::issue_id.eq(issue))
        .order(outbox_events::seq)
        .select(Event::as_select())
        .load(conn)
}

/// (seq, problem) of the events after `seq` that concern a problem, oldest first: the change
/// feed's positions. The sequence is taken under the counter row's lock, held to commit, so a
/// reader that saw `seq` never later finds a smaller one committed.
pub fn issue_positions_after(conn: &mut DbConnection, seq: i64, limit: i64) -> QueryResult<Vec<(i64, IssueId)>> {
    let rows: Vec<(i64, Option<IssueId>)> = outbox_events::table
        .filter(outbox_events::seq.gt(seq))
        .filter(outbox_events::issue_id.is_not_null())
        .order(outbox_events::seq)
        .limit(limit)
        .select((outbox_events::seq, outbox_events::issue_id))
        .load(conn)?;
    Ok(rows.into_iter().filter_map(|(s, i)| i.map(|i| (s, i))).collect())
}

/// The position just before the first event at or after `since` (the latest position when
/// nothing changed since).
pub fn position_before(conn: &mut DbConnection, since: NaiveDateTime) -> QueryResult<i64> {
    use diesel::dsl::{max, min};
    let first: Option<i64> =
        outbox_events::table.filter(outbox_events::created_at.ge(since)).select(min(outbox_events::seq)).first(conn)?;
    match first {
        Some(s) => Ok(s - 1),
        None => Ok(outbox_events::table.select(max(outbox_events::seq)).first::<Option<i64>>(conn)?.unwrap_or(0)),
    }
}
