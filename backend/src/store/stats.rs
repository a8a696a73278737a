//! Aggregates for statistics and reports. Every function takes the same visibility and list
//! filter as the ledger, so that the figures always agree with it.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::{
    dsl::{count_star, sql},
    prelude::*,
    sql_types::BigInt,
};

use super::issues::{ListFilter, Visibility, apply_filters, filtered};
use crate::db::{
    DbConnection, GroupId, IssueId, UnitId,
    schema::{issue_transitions, issue_urges, issues},
};
use crate::domain::lifecycle::{ClosureKind, State, Step};

/// A count by (group, responsible unit, source).
pub type Tally = (GroupId, Option<UnitId>, String, i64);

/// Problems sharing state, group, category, source, responsible unit and closure kind.
#[derive(Debug, Clone, Queryable)]
pub struct Bucket {
    pub state: State,
    pub group_id: GroupId,
    pub category: String,
    pub source: String,
    pub unit: Option<UnitId>,
    pub closure_kind: Option<ClosureKind>,
    pub count: i64,
    pub involved: i64,
    pub resolved: i64,
}

pub fn buckets(conn: &mut DbConnection, v: &Visibility, f: &ListFilter) -> QueryResult<Vec<Bucket>> {
    let q = issues::table
        .group_by((
            issues::state,
            issues::group_id,
            issues::category,
            issues::source,
            issues::responsible_unit_id,
            issues::closure_kind,
        ))
        .select((
            issues::state,
            issues::group_id,
            issues::category,
            issues::source,
            issues::responsible_unit_id,
            issues::closure_kind,
            count_star(),
            sql::<BigInt>("CAST(COALESCE(SUM(issues.amount_involved_fen), 0) AS BIGINT)"),
            sql::<BigInt>("CAST(COALESCE(SUM(issues.amount_resolved_fen), 0) AS BIGINT)"),
        ))
        .into_boxed();
    apply_filters!(q, v, f).load(conn)
}

/// Counts by (group, responsible unit, source): for overdue problems, closures as of a date, …
pub fn counts(conn: &mut DbConnection, v: &Visibility, f: &ListFilter) -> QueryResult<Vec<Tally>> {
    let q = issues::table
        .group_by((issues::group_id, issues::responsible_unit_id, issues::source))
        .select((issues::group_id, issues::responsible_unit_id, issues::source, count_star()))
        .into_boxed();
    apply_filters!(q, v, f).load(conn)
}

/// A closed problem's facts for on-time and duration figures.
#[derive(Debug, Clone, Queryable)]
pub struct Closure {
    pub group_id: GroupId,
    pub unit: Option<UnitId>,
    pub source: String,
    pub deadline: Option<NaiveDate>,
    pub created_at: NaiveDateTime,
    pub closed_at: Option<NaiveDateTime>,
    /// Brought in by a migration import: its history happened in another ledger (its
    /// registration time is the import's), so it counts as closed but not in on-time figures,
    /// durations or scores.
    pub migrated: bool,
}

/// Problems closed as rectified.
pub fn closures(conn: &mut DbConnection, v: &Visibility, f: &ListFilter) -> QueryResult<Vec<Closure>> {
    filtered(v, f)
        .filter(issues::state.eq(State::Closed))
        .filter(issues::closure_kind.eq(ClosureKind::Rectified))
        .select((
            issues::group_id,
            issues::responsible_unit_id,
            issues::source,
            issues::deadline,
            issues::created_at,
            issues::closed_at,
            issues::migrated,
        ))
        .load(conn)
}

/// Attributes per-problem event counts to (group, unit, source), keeping only the problems
/// that pass the visibility and filters.
fn attribute(
    conn: &mut DbConnection,
    v: &Visibility,
    f: &ListFilter,
    per_issue: Vec<(IssueId, i64)>,
) -> QueryResult<Vec<Tally>> {
    let mut out = Vec::new();
    for chunk in per_issue.chunks(500) {
        let ids: Vec<IssueId> = chunk.iter().map(|(i, _)| i.clone()).collect();
        let facts: Vec<(IssueId, GroupId, Option<UnitId>, String)> = filtered(v, f)
            .filter(issues::id.eq_any(ids))
            .select((issues::id, issues::group_id, issues::responsible_unit_id, issues::source))
            .load(conn)?;
        for (id, n) in chunk {
            if let Some((_, g, u, s)) = facts.iter().find(|(i, ..)| i == id) {
                out.push((g.clone(), u.clone(), s.clone(), *n));
            }
        }
    }
    Ok(out)
}

/// How many times `action` was taken on the filtered problems, by (group, unit, source).
pub fn transition_counts(
    conn: &mut DbConnection,
    v: &Visibility,
    f: &ListFilter,
    action: Step,
) -> QueryResult<Vec<Tally>> {
    let per_issue: Vec<(IssueId, i64)> = issue_transitions::table
        .filter(issue_transitions::action.eq(action))
        .group_by(issue_transitions::issue_id)
        .select((issue_transitions::issue_id, count_star()))
        .load(conn)?;
    attribute(conn, v, f, per_issue)
}

/// Verifications of the filtered problems matching `which`, by (group, unit, source): 重办, those
/// where the enterprise said how satisfied it is, and those where it was (basically) satisfied.
pub fn verification_counts(
    conn: &mut DbConnection,
    v: &Visibility,
    f: &ListFilter,
    which: VerificationCount,
) -> QueryResult<Vec<Tally>> {
    use crate::{db::schema::verifications, domain::attachments::Satisfaction};
    let q = verifications::table.into_boxed();
    let q = match which {
        VerificationCount::Redo => q.filter(verifications::redo.eq(true)),
        VerificationCount::Asked => q.filter(verifications::satisfaction.is_not_null()),
        VerificationCount::Satisfied => {
            q.filter(verifications::satisfaction.eq_any([Satisfaction::Satisfied, Satisfaction::BasicallySatisfied]))
        }
    };
    // Counted per problem here (a handful of rows each), not grouped in SQL: a boxed query
    // cannot take GROUP BY.
    let mut counted: std::collections::HashMap<IssueId, i64> = std::collections::HashMap::new();
    for id in q.select(verifications::issue_id).load::<IssueId>(conn)? {
        *counted.entry(id).or_default() += 1;
    }
    let per_issue: Vec<(IssueId, i64)> = counted.into_iter().collect();
    attribute(conn, v, f, per_issue)
}

/// Which verifications [`verification_counts`] counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerificationCount {
    Redo,
    Asked,
    Satisfied,
}

/// Urges on the filtered problems, by (group, unit, source).
pub fn urge_counts(conn: &mut DbConnection, v: &Visibility, f: &ListFilter) -> QueryResult<Vec<Tally>> {
    let per_issue: Vec<(IssueId, i64)> =
        issue_urges::table.group_by(issue_urges::issue_id).select((issue_urges::issue_id, count_star())).load(conn)?;
    attribute(conn, v, f, per_issue)
}

/// Registration and closure times, for trends.
pub fn times(
    conn: &mut DbConnection,
    v: &Visibility,
    f: &ListFilter,
) -> QueryResult<Vec<(NaiveDateTime, Option<NaiveDateTime>)>> {
    filtered(v, f).select((issues::created_at, issues::closed_at)).load(conn)
}
