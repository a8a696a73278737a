//! Aggregates for statistics and reports. Every function takes the same visibility and list
//! filter as the ledger, so that the figures always agree with it.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::{
    dsl::{count_star, sql},
    prelude::*,
    sql_types::{BigInt, Text},
};

use super::{
    any_of::in_query,
    issues::{ListFilter, Visibility, apply_filters, filtered},
};
use crate::db::{
    DbConnection, GroupId, IssueId, MultiBackend, UnitId,
    schema::{issue_transitions, issue_urges, issues},
};
use crate::domain::{
    lifecycle::{ClosureKind, State, Step},
    repayment::{DebtorNature, EnterpriseSize},
};

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

/// Registration and closure times, for trends.
pub fn times(
    conn: &mut DbConnection,
    v: &Visibility,
    f: &ListFilter,
) -> QueryResult<Vec<(NaiveDateTime, Option<NaiveDateTime>)>> {
    filtered(v, f).select((issues::created_at, issues::closed_at)).load(conn)
}

/// One problem's facts for the unit figures and the score.
#[derive(Debug, Clone, Queryable)]
pub struct ProblemFacts {
    pub id: IssueId,
    pub group_id: GroupId,
    pub unit: Option<UnitId>,
    pub source: String,
    pub state: State,
    pub closure_kind: Option<ClosureKind>,
    pub deadline: Option<NaiveDate>,
    pub closed_at: Option<NaiveDateTime>,
    pub migrated: bool,
}

impl ProblemFacts {
    /// 不予立项 (a duplicate or an unfounded clue): in no rate, amount or score.
    pub fn dismissed(&self) -> bool {
        matches!(self.closure_kind, Some(ClosureKind::Duplicate | ClosureKind::Unfounded))
    }
}

pub fn problem_facts(conn: &mut DbConnection, v: &Visibility, f: &ListFilter) -> QueryResult<Vec<ProblemFacts>> {
    filtered(v, f)
        .select((
            issues::id,
            issues::group_id,
            issues::responsible_unit_id,
            issues::source,
            issues::state,
            issues::closure_kind,
            issues::deadline,
            issues::closed_at,
            issues::migrated,
        ))
        .load(conn)
}

/// The problems the filter matches that count in rates, amounts and scores: dismissed ones
/// (不予立项) left out.
fn counted<'a>(v: &Visibility, f: &ListFilter) -> issues::BoxedQuery<'a, MultiBackend> {
    filtered(v, f).filter(
        issues::closure_kind
            .is_null()
            .or(issues::closure_kind.ne_all([ClosureKind::Duplicate, ClosureKind::Unfounded])),
    )
}

/// A subquery of problem ids (`SELECT id FROM issues WHERE …`). The per-problem lookups below
/// take one instead of a list of ids, so that each is a single statement the database can
/// answer with a semi-join, whatever the number of problems (they were chunks of 1,000 ids).
pub type IssueIds<'a> = issues::BoxedQuery<'a, MultiBackend, Text>;

/// The ids of the problems the filter matches, dismissed ones (不予立项) left out.
pub fn counted_ids<'a>(v: &Visibility, f: &ListFilter) -> IssueIds<'a> {
    counted(v, f).select(issues::id)
}

/// Of [`counted_ids`], those with a deadline before `day` that were not brought in by a
/// migration import: the only ones that can have been overdue.
pub fn counted_ids_due_before<'a>(v: &Visibility, f: &ListFilter, day: NaiveDate) -> IssueIds<'a> {
    counted(v, f).filter(issues::migrated.eq(false)).filter(issues::deadline.lt(day)).select(issues::id)
}

/// How many steps of one kind each of these problems had.
pub fn steps_per_issue(conn: &mut DbConnection, ids: IssueIds<'_>, action: Step) -> QueryResult<HashMap<IssueId, i64>> {
    let rows: Vec<(IssueId, i64)> = issue_transitions::table
        .group_by(issue_transitions::issue_id)
        .select((issue_transitions::issue_id, count_star()))
        .into_boxed()
        .filter(in_query(issue_transitions::issue_id, ids))
        .filter(issue_transitions::action.eq(action))
        .load(conn)?;
    Ok(rows.into_iter().collect())
}

/// How many urges each of these problems had.
pub fn urges_per_issue(conn: &mut DbConnection, ids: IssueIds<'_>) -> QueryResult<HashMap<IssueId, i64>> {
    let rows: Vec<(IssueId, i64)> = issue_urges::table
        .group_by(issue_urges::issue_id)
        .select((issue_urges::issue_id, count_star()))
        .into_boxed()
        .filter(in_query(issue_urges::issue_id, ids))
        .load(conn)?;
    Ok(rows.into_iter().collect())
}

/// The state timelines of these problems: each step's time and the state it led to, oldest
/// first per problem.
pub fn state_timelines(
    conn: &mut DbConnection,
    ids: IssueIds<'_>,
) -> QueryResult<HashMap<IssueId, Vec<(NaiveDateTime, State)>>> {
    let mut out: HashMap<IssueId, Vec<(NaiveDateTime, State)>> = HashMap::new();
    let rows: Vec<(IssueId, NaiveDateTime, State)> = issue_transitions::table
        .into_boxed()
        .filter(in_query(issue_transitions::issue_id, ids))
        .order((issue_transitions::issue_id, issue_transitions::created_at, issue_transitions::id))
        .select((issue_transitions::issue_id, issue_transitions::created_at, issue_transitions::to_state))
        .load(conn)?;
    for (id, at, state) in rows {
        out.entry(id).or_default().push((at, state));
    }
    Ok(out)
}

/// One problem's 核查 records, counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct VerificationTally {
    /// Every record (an approval or a rejection).
    pub all: i64,
    /// 重办: rejections with the enterprise dissatisfied.
    pub redo: i64,
    /// The enterprise said how satisfied it is.
    pub asked: i64,
    /// It was satisfied or basically satisfied.
    pub satisfied: i64,
}

/// The 核查 records of these problems, counted per problem.
pub fn verifications_per_issue(
    conn: &mut DbConnection,
    ids: IssueIds<'_>,
) -> QueryResult<HashMap<IssueId, VerificationTally>> {
    use crate::{db::schema::verifications, domain::attachments::Satisfaction};
    let rows: Vec<(IssueId, bool, Option<Satisfaction>)> = verifications::table
        .into_boxed()
        .filter(in_query(verifications::issue_id, ids))
        .select((verifications::issue_id, verifications::redo, verifications::satisfaction))
        .load(conn)?;
    let mut out: HashMap<IssueId, VerificationTally> = HashMap::new();
    for (id, redo, satisfaction) in rows {
        let t = out.entry(id).or_default();
        t.all += 1;
        t.redo += i64::from(redo);
        t.asked += i64::from(satisfaction.is_some());
        t.satisfied +=
            i64::from(matches!(satisfaction, Some(Satisfaction::Satisfied | Satisfaction::BasicallySatisfied)));
    }
    Ok(out)
}

/// One counted problem's money, from its payment records and facts (#17), with what classes it
/// as an arrear.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProblemMoney {
    pub id: IssueId,
    pub group_id: GroupId,
    pub unit: Option<UnitId>,
    pub category: String,
    /// 应付: the fact when given, else the amount involved.
    pub due: i64,
    /// Σ of every record (corrections included).
    pub resolved: i64,
    /// Of it, 协商减免 (a correction carries the method of the record it corrects).
    pub negotiated: i64,
    pub agreed_payment_on: Option<NaiveDate>,
    pub debtor_nature: Option<DebtorNature>,
    pub enterprise_size: Option<EnterpriseSize>,
}

impl ProblemMoney {
    /// Paid: the records other than 协商减免.
    pub fn paid(&self) -> i64 {
        self.resolved - self.negotiated
    }

    /// What counts as resolved in a rate: nothing below zero, nothing beyond the amount due (an
    /// overpayment does not make up for another problem).
    pub fn counted(&self) -> i64 {
        if self.resolved > self.due { self.due } else { self.resolved.max(0) }
    }
}

/// The money of each problem the filter matches, dismissed ones (不予立项) left out.
pub fn problem_money(conn: &mut DbConnection, v: &Visibility, f: &ListFilter) -> QueryResult<Vec<ProblemMoney>> {
    let problems: Vec<MoneyBase> = counted(v, f).select(MONEY_BASE).load(conn)?;
    with_money(conn, problems, || counted_ids(v, f))
}

/// The columns of a problem that its money starts from: id, group, responsible unit,
/// category, amount involved.
pub const MONEY_BASE: (
    issues::id,
    issues::group_id,
    issues::responsible_unit_id,
    issues::category,
    issues::amount_involved_fen,
) = (issues::id, issues::group_id, issues::responsible_unit_id, issues::category, issues::amount_involved_fen);

/// A problem's [`MONEY_BASE`] columns.
pub type MoneyBase = (IssueId, GroupId, Option<UnitId>, String, i64);

/// The money of these problems (`ids` selects the same ones), in their order. Three statements
/// (the problems, their facts, their records summed per problem) joined here: the amounts as
/// correlated subqueries were eleven index probes per problem.
pub fn with_money<'a>(
    conn: &mut DbConnection,
    problems: Vec<MoneyBase>,
    ids: impl Fn() -> IssueIds<'a>,
) -> QueryResult<Vec<ProblemMoney>> {
    use crate::db::schema::{issue_facts, issue_payments};
    type Facts = (Option<i64>, Option<NaiveDate>, Option<DebtorNature>, Option<EnterpriseSize>);
    let facts: HashMap<IssueId, Facts> = issue_facts::table
        .into_boxed()
        .filter(in_query(issue_facts::issue_id, ids()))
        .select((
            issue_facts::issue_id,
            issue_facts::amount_due_fen,
            issue_facts::agreed_payment_on,
            issue_facts::debtor_nature,
            issue_facts::enterprise_size,
        ))
        .load::<(IssueId, Option<i64>, Option<NaiveDate>, Option<DebtorNature>, Option<EnterpriseSize>)>(conn)?
        .into_iter()
        .map(|(id, due, agreed, nature, size)| (id, (due, agreed, nature, size)))
        .collect();
    let records: HashMap<IssueId, (i64, i64)> = issue_payments::table
        .group_by(issue_payments::issue_id)
        .select((
            issue_payments::issue_id,
            sql::<BigInt>("CAST(SUM(amount_fen) AS BIGINT)"),
            sql::<BigInt>("CAST(SUM(CASE WHEN method = 'negotiated' THEN amount_fen ELSE 0 END) AS BIGINT)"),
        ))
        .into_boxed()
        .filter(in_query(issue_payments::issue_id, ids()))
        .load::<(IssueId, i64, i64)>(conn)?
        .into_iter()
        .map(|(id, resolved, negotiated)| (id, (resolved, negotiated)))
        .collect();
    Ok(problems
        .into_iter()
        .map(|(id, group_id, unit, category, involved)| {
            let (due, agreed_payment_on, debtor_nature, enterprise_size) =
                facts.get(&id).copied().unwrap_or((None, None, None, None));
            let (resolved, negotiated) = records.get(&id).copied().unwrap_or((0, 0));
            ProblemMoney {
                due: due.unwrap_or(involved),
                id,
                group_id,
                unit,
                category,
                resolved,
                negotiated,
                agreed_payment_on,
                debtor_nature,
                enterprise_size,
            }
        })
        .collect())
}

/// The payment records of these problems: (paid on, 协商减免 or not, amount in fen).
pub fn payment_days(conn: &mut DbConnection, ids: IssueIds<'_>) -> QueryResult<Vec<(NaiveDate, bool, i64)>> {
    use crate::{db::schema::issue_payments, domain::repayment::PaymentMethod};
    let rows: Vec<(NaiveDate, PaymentMethod, i64)> = issue_payments::table
        .into_boxed()
        .filter(in_query(issue_payments::issue_id, ids))
        .select((issue_payments::paid_on, issue_payments::method, issue_payments::amount_fen))
        .load(conn)?;
    Ok(rows.into_iter().map(|(d, m, a)| (d, m == PaymentMethod::Negotiated, a)).collect())
}
