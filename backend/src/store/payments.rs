//! Payment records (还款记录) of problems: append-only; a correction is a record of its own.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::{
    db::{DbConnection, IssueId, PaymentId, UnitId, schema::issue_payments},
    domain::{
        org::ActorKind,
        repayment::{PaymentKind, PaymentMethod},
    },
};

#[derive(Debug, Clone, Queryable, Selectable, Insertable, serde::Serialize, PartialEq, Eq)]
#[diesel(table_name = issue_payments, treat_none_as_default_value = false)]
pub struct Payment {
    pub id: PaymentId,
    pub issue_id: IssueId,
    pub kind: PaymentKind,
    pub paid_on: NaiveDate,
    /// Negative for a correction.
    pub amount_fen: i64,
    pub method: PaymentMethod,
    pub voucher_no: Option<String>,
    pub note: Option<String>,
    /// The record a correction reverses.
    pub corrects: Option<PaymentId>,
    /// The version of the repayment plan in force when it was recorded (none before a plan).
    pub plan_version: Option<i32>,
    pub unit_id: Option<UnitId>,
    pub recorded_by_kind: ActorKind,
    pub recorded_by_id: String,
    pub recorded_by_name: String,
    #[serde(serialize_with = "crate::db::types::utc_time::serialize")]
    pub created_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConnection, p: &Payment) -> QueryResult<()> {
    diesel::insert_into(issue_payments::table).values(p).execute(conn).map(|_| ())
}

/// Records in multi-row inserts (imports).
pub fn insert_many(conn: &mut DbConnection, rows: &[Payment]) -> QueryResult<()> {
    crate::db::insert_rows!(conn, issue_payments::table, rows, 1000);
    Ok(())
}

/// A problem's records, oldest first.
pub fn of_issue(conn: &mut DbConnection, issue_id: &IssueId) -> QueryResult<Vec<Payment>> {
    issue_payments::table
        .filter(issue_payments::issue_id.eq(issue_id))
        .order((issue_payments::created_at.asc(), issue_payments::id.asc()))
        .select(Payment::as_select())
        .load(conn)
}

/// The records of several problems (exports), oldest first.
pub fn of_issues(conn: &mut DbConnection, issue_ids: &[IssueId]) -> QueryResult<Vec<Payment>> {
    let mut out = Vec::new();
    for chunk in issue_ids.chunks(1000) {
        out.extend(
            issue_payments::table
                .filter(super::any_of::any_issue(issue_payments::issue_id, chunk))
                .order((issue_payments::created_at.asc(), issue_payments::id.asc()))
                .select(Payment::as_select())
                .load(conn)?,
        );
    }
    Ok(out)
}

/// Sums of the records made under a plan version or later, per problem (for the plans' standing).
pub fn under_plans(conn: &mut DbConnection, plans: &[(IssueId, i32)]) -> QueryResult<HashMap<IssueId, i64>> {
    let ids: Vec<IssueId> = plans.iter().map(|(i, _)| i.clone()).collect();
    let wanted: HashMap<&IssueId, i32> = plans.iter().map(|(i, v)| (i, *v)).collect();
    let mut out = HashMap::new();
    for chunk in ids.chunks(1000) {
        let rows: Vec<(IssueId, Option<i32>, i64)> = issue_payments::table
            .filter(issue_payments::issue_id.eq_any(chunk))
            .filter(issue_payments::plan_version.is_not_null())
            .select((issue_payments::issue_id, issue_payments::plan_version, issue_payments::amount_fen))
            .load(conn)?;
        for (issue, version, amount) in rows {
            if version.is_some_and(|v| wanted.get(&issue).is_some_and(|w| v >= *w)) {
                *out.entry(issue).or_insert(0) += amount;
            }
        }
    }
    Ok(out)
}

/// Whether a correction names this record already.
pub fn is_corrected(conn: &mut DbConnection, id: &PaymentId) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(issue_payments::table.filter(issue_payments::corrects.eq(id)))).get_result(conn)
}

/// The sum of a problem's records (its resolved amount).
pub fn total(conn: &mut DbConnection, issue_id: &IssueId) -> QueryResult<i64> {
    Ok(totals(conn, std::slice::from_ref(issue_id))?.remove(issue_id).unwrap_or(0))
}

/// The sums of the records of several problems (those without records are absent).
pub fn totals(conn: &mut DbConnection, issue_ids: &[IssueId]) -> QueryResult<HashMap<IssueId, i64>> {
    let mut out = HashMap::new();
    for chunk in issue_ids.chunks(1000) {
        let rows: Vec<(IssueId, i64)> = issue_payments::table
            .filter(issue_payments::issue_id.eq_any(chunk))
            .select((issue_payments::issue_id, issue_payments::amount_fen))
            .load(conn)?;
        for (issue, amount) in rows {
            *out.entry(issue).or_insert(0) += amount;
        }
    }
    Ok(out)
}
