//! 答复意见: replies to the enterprise (#21); the latest of a problem is its reply.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::{DbConnection, Id, IssueId, UnitId, schema::issue_replies};

#[derive(Debug, Clone, Queryable, Selectable, Insertable, serde::Serialize)]
#[diesel(table_name = issue_replies, treat_none_as_default_value = false)]
pub struct Reply {
    pub id: Id,
    pub issue_id: IssueId,
    pub body: String,
    pub author_id: String,
    pub author_name: String,
    pub unit_id: UnitId,
    #[serde(serialize_with = "crate::db::types::utc_time::serialize")]
    pub created_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConnection, r: &Reply) -> QueryResult<()> {
    diesel::insert_into(issue_replies::table).values(r).execute(conn).map(|_| ())
}

pub fn latest(conn: &mut DbConnection, issue: &IssueId) -> QueryResult<Option<Reply>> {
    issue_replies::table
        .filter(issue_replies::issue_id.eq(issue))
        .order((issue_replies::created_at.desc(), issue_replies::id.desc()))
        .select(Reply::as_select())
        .first(conn)
        .optional()
}

pub fn of_issue(conn: &mut DbConnection, issue: &IssueId) -> QueryResult<Vec<Reply>> {
    issue_replies::table.filter(issue_replies::issue_id.eq(issue)).select(Reply::as_select()).load(conn)
}

/// The latest reply of each of `issues` (for a page of public views).
pub fn latest_of(conn: &mut DbConnection, issues: &[IssueId]) -> QueryResult<Vec<Reply>> {
    let mut all: Vec<Reply> = issue_replies::table
        .filter(issue_replies::issue_id.eq_any(issues))
        .order((issue_replies::created_at.asc(), issue_replies::id.asc()))
        .select(Reply::as_select())
        .load(conn)?;
    // Keep the last of each problem.
    let mut seen = std::collections::HashSet::new();
    all.reverse();
    all.retain(|r| seen.insert(r.issue_id.clone()));
    Ok(all)
}
