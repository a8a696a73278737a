//! The 核查 record of approvals and rejections.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::{
    db::{DbConnection, IssueId, TransitionId, UnitId, schema::verifications},
    domain::attachments::{Satisfaction, VerificationMethod},
};

#[derive(Debug, Clone, Queryable, Selectable, Insertable, PartialEq, Eq)]
#[diesel(table_name = verifications, treat_none_as_default_value = false)]
pub struct Verification {
    pub transition_id: TransitionId,
    pub issue_id: IssueId,
    /// `approved` or `rejected`.
    pub outcome: String,
    pub method: VerificationMethod,
    pub verified_on: NaiveDate,
    /// The verifiers' names, a JSON array.
    pub verifiers_json: String,
    pub findings: String,
    pub enterprise_contacted: Option<bool>,
    pub enterprise_confirmed: Option<bool>,
    pub satisfaction: Option<Satisfaction>,
    pub enterprise_words: Option<String>,
    pub override_reason: Option<String>,
    /// 重办: rejected with the enterprise dissatisfied.
    pub redo: bool,
    /// The unit that held the problem when it was verified.
    pub responsible_unit_id: Option<UnitId>,
    pub created_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConnection, v: &Verification) -> QueryResult<()> {
    diesel::insert_into(verifications::table).values(v).execute(conn).map(|_| ())
}

pub fn of_issue(conn: &mut DbConnection, issue_id: &IssueId) -> QueryResult<Vec<Verification>> {
    verifications::table
        .filter(verifications::issue_id.eq(issue_id))
        .order(verifications::created_at.asc())
        .select(Verification::as_select())
        .load(conn)
}
