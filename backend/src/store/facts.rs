//! Facts of a problem's money (应付金额, 欠款主体, 约定付款日期, 有无分歧; the contract, agreement,
//! policy or fund; the enterprise's size; a promise's lawfulness and pretext), one row per problem
//! that has them.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::{
    prelude::*,
    sql_types::{Date, Nullable},
};

use crate::{
    db::MultiBackend,
    db::{
        DbConnection, IssueId,
        schema::{issue_facts, issues},
    },
    domain::repayment::{DebtorNature, EnterpriseSize, Ownership, PolicyLevel, PromisePretext, band_bounds},
    store::{
        fixed::fixed_sql,
        issues::{Filter, Issue, ListFilter, Sort, Visibility},
    },
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
    crate::db::insert_rows!(conn, issue_facts::table, rows, 500);
    Ok(())
}

/// The facts rows that pass the facts fields of `f` (账龄 band on `f.today`, debtor nature,
/// dispute flag); `None` when `f` has none of them.
pub fn matching<'a>(f: &ListFilter) -> Option<issue_facts::BoxedQuery<'a, MultiBackend>> {
    matching_by(f, false)
}

fixed_sql! {
    /// The agreed payment date kept off its own index on SQLite (a unary `+`): walking the facts in
    /// registration order and testing the band on each row reads a few hundred rows for a page,
    /// where SQLite (without statistics) took every row of the band through the agreed-date index
    /// and sorted them (46 ms a page at 1,000,000 problems, 0.2 ms walking).
    AgreedWalked: Nullable<Date> = ("issue_facts.agreed_payment_on", "+issue_facts.agreed_payment_on")
}

/// [`matching`]; `walked`: for a walk in registration order ([`page_by_registration`]).
fn matching_by<'a>(f: &ListFilter, walked: bool) -> Option<issue_facts::BoxedQuery<'a, MultiBackend>> {
    if f.arrears_age.is_none() && f.debtor_nature.is_none() && f.disputed.is_none() {
        return None;
    }
    let mut q = issue_facts::table.into_boxed();
    if let Some(n) = f.debtor_nature {
        q = q.filter(issue_facts::debtor_nature.eq(n));
    }
    if let Some(d) = f.disputed {
        q = q.filter(issue_facts::disputed.eq(d));
    }
    if let Some(band) = f.arrears_age {
        // Every band has a bound, so a problem without an agreed date is in none.
        let (after, upto) = band_bounds(band, f.today);
        if walked {
            if let Some(after) = after {
                q = q.filter(AgreedWalked.gt(after));
            }
            if let Some(upto) = upto {
                q = q.filter(AgreedWalked.le(upto));
            }
        } else {
            if let Some(after) = after {
                q = q.filter(issue_facts::agreed_payment_on.gt(after));
            }
            if let Some(upto) = upto {
                q = q.filter(issue_facts::agreed_payment_on.le(upto));
            }
        }
    }
    Some(q)
}

/// Problems whose facts pass the facts fields of `f`: one indexed subquery.
pub fn filter(f: &ListFilter) -> Option<Filter> {
    let ids = matching(f)?.select(issue_facts::issue_id);
    Some(Box::new(super::any_of::in_query(issues::id, ids).nullable()))
}

/// Whether `f` filters on the facts and nothing else (no scope, state, keyword, date…): then
/// the facts rows alone answer how many problems match. Names every field, so that a new
/// filter field cannot be overlooked here.
pub fn only_facts(f: &ListFilter) -> bool {
    let ListFilter {
        states,
        group_id: None,
        unit_id: None,
        category: None,
        source: None,
        warning: None,
        campaign_id: None,
        q: None,
        q_by_scan: _,
        units_by_walk: _,
        deadline_from: None,
        deadline_to: None,
        created_from: None,
        created_to: None,
        closed_before: None,
        enterprise_uscc: None,
        repayment_missed: false,
        arrears_age: _,
        debtor_nature: _,
        disputed: _,
        today: _,
        window_days: _,
    } = f
    else {
        return false;
    };
    states.is_empty()
}

/// How many facts rows pass the facts fields of `f` (0 when it has none): the number of
/// problems that match when `f` is [`only_facts`] and the caller sees every problem.
pub fn count_matching(conn: &mut DbConnection, f: &ListFilter) -> QueryResult<i64> {
    matching(f).map_or(Ok(0), |q| q.count().get_result(conn))
}

/// A page of the problems that pass `f`, newest (or oldest) registered first, read through the
/// facts index in registration order. The page is taken among the first `window` facts rows in
/// that order, which holds the true page once at least `offset + limit` of them pass the rest
/// of the filter; else the window grows fourfold until it does or holds every match. A list
/// whose other filters pass most problems reads a few hundred rows, however old the matching
/// problems are. `None` when `f` has no facts field or `sort` is not by registration.
pub fn page_by_registration(
    conn: &mut DbConnection,
    visibility: &Visibility,
    f: &ListFilter,
    sort: Sort,
    offset: i64,
    limit: i64,
) -> QueryResult<Option<Vec<Issue>>> {
    let newest_first = match sort {
        Sort::CreatedDesc => true,
        Sort::CreatedAsc => false,
        _ => return Ok(None),
    };
    if matching(f).is_none() {
        return Ok(None);
    }
    let rest = ListFilter { arrears_age: None, debtor_nature: None, disputed: None, ..f.clone() };
    let matches = count_matching(conn, f)?;
    let mut window = (offset.saturating_add(limit)).saturating_mul(4).max(200);
    loop {
        let Some(facts) = matching_by(f, true) else { return Ok(None) };
        let facts = if newest_first {
            facts.order((issue_facts::created_at.desc(), issue_facts::issue_id.desc()))
        } else {
            facts.order((issue_facts::created_at.asc(), issue_facts::issue_id.asc()))
        };
        let ids = facts.limit(window).select(issue_facts::issue_id);
        let q = super::issues::filtered(visibility, &rest).filter(super::any_of::in_query(issues::id, ids));
        let q = if newest_first {
            q.order((issues::created_at.desc(), issues::id.desc()))
        } else {
            q.order((issues::created_at.asc(), issues::id.asc()))
        };
        let rows = q.offset(offset).limit(limit).select(Issue::as_select()).load(conn)?;
        if rows.len() as i64 == limit || window >= matches {
            return Ok(Some(rows));
        }
        window = window.saturating_mul(4);
    }
}
