//! Repayment plans (还款计划) and their instalments, versioned: one current version per problem.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::{
    prelude::*,
    sql_types::{Integer, Text, Timestamp},
};

use crate::{
    db::{
        DbConnection, GroupId, IssueId, UnitId,
        schema::{issues, repayment_instalments, repayment_plans},
    },
    domain::{lifecycle::State, org::ActorKind},
};

#[derive(Debug, Clone, Queryable, Selectable, Insertable, serde::Serialize, PartialEq, Eq)]
#[diesel(table_name = repayment_plans, treat_none_as_default_value = false)]
pub struct Plan {
    pub issue_id: IssueId,
    pub version: i32,
    pub is_current: bool,
    /// What was outstanding when it was set (the instalments add up to it).
    pub outstanding_fen: i64,
    pub note: Option<String>,
    pub unit_id: Option<UnitId>,
    pub set_by_kind: ActorKind,
    pub set_by_id: String,
    pub set_by_name: String,
    #[serde(serialize_with = "crate::db::types::utc_time::serialize")]
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, serde::Serialize, PartialEq, Eq)]
#[diesel(table_name = repayment_instalments, treat_none_as_default_value = false)]
pub struct Instalment {
    pub issue_id: IssueId,
    pub version: i32,
    pub seq: i32,
    pub due_on: NaiveDate,
    pub amount_fen: i64,
    /// What the payments under this version gave it (kept by the service).
    pub paid_fen: i64,
    pub is_current: bool,
}

/// The current plan of a problem, if any.
pub fn current(conn: &mut DbConnection, issue_id: &IssueId) -> QueryResult<Option<Plan>> {
    repayment_plans::table
        .filter(repayment_plans::issue_id.eq(issue_id))
        .filter(repayment_plans::is_current.eq(true))
        .select(Plan::as_select())
        .first(conn)
        .optional()
}

/// Every version of a problem's plan, oldest first.
pub fn versions(conn: &mut DbConnection, issue_id: &IssueId) -> QueryResult<Vec<Plan>> {
    repayment_plans::table
        .filter(repayment_plans::issue_id.eq(issue_id))
        .order(repayment_plans::version.asc())
        .select(Plan::as_select())
        .load(conn)
}

pub fn instalments(conn: &mut DbConnection, issue_id: &IssueId, version: i32) -> QueryResult<Vec<Instalment>> {
    repayment_instalments::table
        .filter(repayment_instalments::issue_id.eq(issue_id))
        .filter(repayment_instalments::version.eq(version))
        .order(repayment_instalments::seq.asc())
        .select(Instalment::as_select())
        .load(conn)
}

/// The current instalments of several problems, in order, by problem.
pub fn current_instalments_of(
    conn: &mut DbConnection,
    issue_ids: &[IssueId],
) -> QueryResult<HashMap<IssueId, Vec<Instalment>>> {
    let mut out: HashMap<IssueId, Vec<Instalment>> = HashMap::new();
    for chunk in issue_ids.chunks(1000) {
        let rows: Vec<Instalment> = repayment_instalments::table
            .filter(super::any_of::any_issue(repayment_instalments::issue_id, chunk))
            .filter(repayment_instalments::is_current.eq(true))
            .order((repayment_instalments::issue_id, repayment_instalments::seq))
            .select(Instalment::as_select())
            .load(conn)?;
        for r in rows {
            out.entry(r.issue_id.clone()).or_default().push(r);
        }
    }
    Ok(out)
}

/// Makes `plan` the current version (the previous one stays, no longer current).
pub fn insert_current(conn: &mut DbConnection, plan: &Plan, rows: &[Instalment]) -> QueryResult<()> {
    diesel::update(repayment_plans::table.filter(repayment_plans::issue_id.eq(&plan.issue_id)))
        .set(repayment_plans::is_current.eq(false))
        .execute(conn)?;
    diesel::update(repayment_instalments::table.filter(repayment_instalments::issue_id.eq(&plan.issue_id)))
        .set(repayment_instalments::is_current.eq(false))
        .execute(conn)?;
    diesel::insert_into(repayment_plans::table).values(plan).execute(conn)?;
    for r in rows {
        diesel::insert_into(repayment_instalments::table).values(r).execute(conn)?;
    }
    Ok(())
}

pub fn set_paid(conn: &mut DbConnection, i: &Instalment, paid: i64) -> QueryResult<()> {
    diesel::update(repayment_instalments::table.find((&i.issue_id, i.version, i.seq)))
        .set(repayment_instalments::paid_fen.eq(paid))
        .execute(conn)
        .map(|_| ())
}

/// Problems behind their plan on `today`: a current instalment past due and not fully paid.
pub fn behind_plan(today: NaiveDate) -> crate::store::issues::Filter {
    Box::new(
        issues::id
            .eq_any(
                repayment_instalments::table
                    .filter(repayment_instalments::is_current.eq(true))
                    .filter(repayment_instalments::due_on.lt(today))
                    .filter(repayment_instalments::paid_fen.lt(repayment_instalments::amount_fen))
                    .select(repayment_instalments::issue_id),
            )
            .nullable(),
    )
}

/// A missed instalment to notify: (problem, number, title, responsible unit, group, version,
/// seq, due date, amount, paid).
pub type Missed = (IssueId, String, String, Option<UnitId>, GroupId, i32, i32, NaiveDate, i64, i64);

/// Current instalments past due and not fully paid, of problems not closed.
pub fn missed(conn: &mut DbConnection, today: NaiveDate) -> QueryResult<Vec<Missed>> {
    repayment_instalments::table
        .inner_join(issues::table)
        .filter(repayment_instalments::is_current.eq(true))
        .filter(repayment_instalments::due_on.lt(today))
        .filter(repayment_instalments::paid_fen.lt(repayment_instalments::amount_fen))
        .filter(issues::state.ne(State::Closed))
        .select((
            issues::id,
            issues::number,
            issues::title,
            issues::responsible_unit_id,
            issues::group_id,
            repayment_instalments::version,
            repayment_instalments::seq,
            repayment_instalments::due_on,
            repayment_instalments::amount_fen,
            repayment_instalments::paid_fen,
        ))
        .load(conn)
}

/// Claims the notice of one missed instalment: `true` the first time only.
pub fn claim_notice(
    conn: &mut DbConnection,
    issue: &IssueId,
    version: i32,
    seq: i32,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let n = diesel::sql_query(
        "INSERT INTO instalment_notices (issue_id, version, seq, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (issue_id, version, seq) DO NOTHING",
    )
    .bind::<Text, _>(issue.as_str())
    .bind::<Integer, _>(version)
    .bind::<Integer, _>(seq)
    .bind::<Timestamp, _>(now)
    .execute(conn)?;
    Ok(n == 1)
}
