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

/// Events after `seq`, oldest first.
pub fn after(conn: &mut DbConnection, seq: i64, limit: i64) -> QueryResult<Vec<Event>> {
    outbox_events::table
        .filter(outbox_events::seq.gt(seq))
        .order(outbox_events::seq)
        .limit(limit)
        .select(Event::as_select())
        .load(conn)
}

pub fn of_issue(conn: &mut DbConnection, issue: &IssueId) -> QueryResult<Vec<Event>> {
    outbox_events::table
        .filter(outbox_events::issue_id.eq(issue))
        .order(outbox_events::seq)
        .select(Event::as_select())
        .load(conn)
}
