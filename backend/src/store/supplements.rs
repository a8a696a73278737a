//! 补充材料: re-pushed content of a known reference (#21).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::{
    db::{DbConnection, Id, IssueId, schema::issue_supplements, schema::issues},
    domain::org::ActorKind,
};

#[derive(Debug, Clone, Queryable, Selectable, Insertable, serde::Serialize)]
#[diesel(table_name = issue_supplements, treat_none_as_default_value = false)]
pub struct Supplement {
    pub id: Id,
    pub issue_id: IssueId,
    pub content_json: String,
    pub changes_json: String,
    pub actor_kind: ActorKind,
    pub actor_id: String,
    pub actor_name: String,
    #[serde(serialize_with = "crate::db::types::utc_time::serialize")]
    pub created_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConnection, s: &Supplement) -> QueryResult<()> {
    diesel::insert_into(issue_supplements::table).values(s).execute(conn).map(|_| ())
}

pub fn of_issue(conn: &mut DbConnection, issue: &IssueId) -> QueryResult<Vec<Supplement>> {
    issue_supplements::table
        .filter(issue_supplements::issue_id.eq(issue))
        .order((issue_supplements::created_at.asc(), issue_supplements::id.asc()))
        .select(Supplement::as_select())
        .load(conn)
}

pub fn latest(conn: &mut DbConnection, issue: &IssueId) -> QueryResult<Option<Supplement>> {
    issue_supplements::table
        .filter(issue_supplements::issue_id.eq(issue))
        .order((issue_supplements::created_at.desc(), issue_supplements::id.desc()))
        .select(Supplement::as_select())
        .first(conn)
        .optional()
}

/// Takes the problem's row lock (PostgreSQL; SQLite's write transaction holds the database), so
/// that concurrent re-pushes of one reference are decided one after the other.
pub fn lock_issue(conn: &mut DbConnection, issue: &IssueId) -> QueryResult<usize> {
    diesel::update(issues::table.find(issue)).set(issues::version.eq(issues::version)).execute(conn)
}

/// Marks the problem changed (version and `updated_at`), for readers and the change feed.
pub fn touch_issue(conn: &mut DbConnection, issue: &IssueId, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(issues::table.find(issue))
        .set((issues::version.eq(issues::version + 1), issues::updated_at.eq(now)))
        .execute(conn)
}
