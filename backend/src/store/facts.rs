//! Facts of a problem's money (应付金额, 欠款主体, 约定付款日期, 有无分歧; the contract, agreement,
//! policy or fund; the enterprise's size; a promise's lawfulness and pretext), one row per problem
//! that has them.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::{
    db::{
        DbConnection, IssueId,
        schema::{issue_facts, issues},
    },
    domain::repayment::{AgeBand, DebtorNature, EnterpriseSize, Ownership, PolicyLevel, PromisePretext, band_bounds},
    store::issues::Filter,
};

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset, serde::Serialize, PartialEq, Eq)]
#[diesel(table_name = issue_facts, treat_none_as_default_value = false, treat_none_as_null = true)]
pub struct Facts {
    pub issue_id: IssueId,
    pub amount_due_fen: Option<i64>,
    pub debtor_name: Option<String>,
    pub debtor_nature: Option<DebtorNature>,
    pub agreed_payment_on: Option<NaiveDate>,
    pub disputed: bool,
    pub dispute_note: Option<String>,
    #[serde(serialize_with = "crate::db::types::utc_time::serialize")]
    pub updated_at: NaiveDateTime,
    /// 合同 / 协议 / 政策 / 资金项目名称, its number (合同编号, 文号) and date.
    pub doc_name: Option<String>,
    pub doc_no: Option<String>,
    pub doc_date: Option<NaiveDate>,
    pub contract_amount_fen: Option<i64>,
    pub enterprise_size: Option<EnterpriseSize>,
    pub enterprise_ownership: Option<Ownership>,
    pub promised_content: Option<String>,
    pub promise_lawful: Option<bool>,
    pub pretext: Option<PromisePretext>,
    pub policy_level: Option<PolicyLevel>,
}

pub fn find(conn: &mut DbConnection, issue_id: &IssueId) -> QueryResult<Option<Facts>> {
    issue_facts::table.find(issue_id).select(Facts::as_select()).get_result(conn).optional()
}

pub fn of_issues(conn: &mut DbConnection, ids: &[IssueId]) -> QueryResult<HashMap<IssueId, Facts>> {
    let mut out = HashMap::new();
    for chunk in ids.chunks(1000) {
        let rows: Vec<Facts> = issue_facts::table
            .filter(super::any_of::any_issue(issue_facts::issue_id, chunk))
            .select(Facts::as_select())
            .load(conn)?;
        out.extend(rows.into_iter().map(|f| (f.issue_id.clone(), f)));
    }
    Ok(out)
}

/// Inserts or replaces a problem's facts.
pub fn put(conn: &mut DbConnection, f: &Facts) -> QueryResult<()> {
    let n = diesel::update(issue_facts::table.find(&f.issue_id)).set(f).execute(conn)?;
    if n == 0 {
        diesel::insert_into(issue_facts::table).values(f).execute(conn)?;
    }
    Ok(())
}

/// Inserts the facts of new problems (an import's rows), in chunks below the backends' bind limits.
pub fn insert_many(conn: &mut DbConnection, rows: &[Facts]) -> QueryResult<()> {
    for chunk in rows.chunks(500) {
        match conn {
            DbConnection::Postgres(c) => diesel::insert_into(issue_facts::table).values(chunk).execute(c)?,
            DbConnection::Sqlite(c) => diesel::insert_into(issue_facts::table).values(chunk).execute(c)?,
        };
    }
    Ok(())
}

/// Problems whose facts match (one indexed subquery per filter).
pub fn nature_filter(nature: DebtorNature) -> Filter {
    Box::new(
        issues::id
            .eq_any(issue_facts::table.filter(issue_facts::debtor_nature.eq(nature)).select(issue_facts::issue_id))
            .nullable(),
    )
}

pub fn disputed_filter(disputed: bool) -> Filter {
    Box::new(
        issues::id
            .eq_any(issue_facts::table.filter(issue_facts::disputed.eq(disputed)).select(issue_facts::issue_id))
            .nullable(),
    )
}

pub fn age_filter(band: AgeBand, today: NaiveDate) -> Filter {
    let (after, upto) = band_bounds(band, today);
    let after = after.unwrap_or(NaiveDate::from_ymd_opt(1, 1, 1).unwrap_or_default());
    let upto = upto.unwrap_or(NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or_default());
    Box::new(
        issues::id
            .eq_any(
                issue_facts::table
                    .filter(issue_facts::agreed_payment_on.gt(after))
                    .filter(issue_facts::agreed_payment_on.le(upto))
                    .select(issue_facts::issue_id),
            )
            .nullable(),
    )
}
