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

/// How many steps of one kind each of these problems had.
pub fn steps_per_issue(
    conn: &mut DbConnection,
    ids: &[IssueId],
    action: Step,
) -> QueryResult<std::collections::HashMap<IssueId, i64>> {
    let mut out = std::collections::HashMap::new();
    for chunk in ids.chunks(1000) {
        let rows: Vec<(IssueId, i64)> = issue_transitions::table
            .filter(issue_transitions::issue_id.eq_any(chunk))
            .filter(issue_transitions::action.eq(action))
            .group_by(issue_transitions::issue_id)
            .select((issue_transitions::issue_id, count_star()))
            .load(conn)?;
        out.extend(rows);
    }
    Ok(out)
}

/// How many urges each of these problems had.
pub fn urges_per_issue(
    conn: &mut DbConnection,
    ids: &[IssueId],
) -> QueryResult<std::collections::HashMap<IssueId, i64>> {
    let mut out = std::collections::HashMap::new();
    for chunk in ids.chunks(1000) {
        let rows: Vec<(IssueId, i64)> = issue_urges::table
            .filter(issue_urges::issue_id.eq_any(chunk))
            .group_by(issue_urges::issue_id)
            .select((issue_urges::issue_id, count_star()))
            .load(conn)?;
        out.extend(rows);
    }
    Ok(out)
}

/// The state timelines of these problems: each step's time and the state it led to, oldest
/// first per problem.
pub fn state_timelines(
    conn: &mut DbConnection,
    ids: &[IssueId],
) -> QueryResult<std::collections::HashMap<IssueId, Vec<(NaiveDateTime, State)>>> {
    let mut out: std::collections::HashMap<IssueId, Vec<(NaiveDateTime, State)>> = std::collections::HashMap::new();
    for chunk in ids.chunks(1000) {
        let rows: Vec<(IssueId, NaiveDateTime, State)> = issue_transitions::table
            .filter(issue_transitions::issue_id.eq_any(chunk))
            .order((issue_transitions::issue_id, issue_transitions::created_at, issue_transitions::id))
            .select((issue_transitions::issue_id, issue_transitions::created_at, issue_transitions::to_state))
            .load(conn)?;
        for (id, at, state) in rows {
            out.entry(id).or_default().push((at, state));
        }
    }
    Ok(out)
}

/// Which verifications [`verifications_per_issue`] counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerificationCount {
    /// 重办: a rejection with the enterprise dissatisfied.
    Redo,
    /// The enterprise said how satisfied it is.
    Asked,
    /// It was satisfied or basically satisfied.
    Satisfied,
    /// Every 核查 record (an approval or a rejection).
    All,
}

/// How many verifications of each of these problems match `which`.
pub fn verifications_per_issue(
    conn: &mut DbConnection,
    ids: &[IssueId],
    which: VerificationCount,
) -> QueryResult<std::collections::HashMap<IssueId, i64>> {
    use crate::{db::schema::verifications, domain::attachments::Satisfaction};
    let mut out = std::collections::HashMap::new();
    for chunk in ids.chunks(1000) {
        let q = verifications::table.filter(verifications::issue_id.eq_any(chunk)).into_boxed();
        let q = match which {
            VerificationCount::Redo => q.filter(verifications::redo.eq(true)),
            VerificationCount::Asked => q.filter(verifications::satisfaction.is_not_null()),
            VerificationCount::Satisfied => q.filter(
                verifications::satisfaction.eq_any([Satisfaction::Satisfied, Satisfaction::BasicallySatisfied]),
            ),
            VerificationCount::All => q,
        };
        for id in q.select(verifications::issue_id).load::<IssueId>(conn)? {
            *out.entry(id).or_insert(0) += 1;
        }
    }
    Ok(out)
}

/// Money of the problems sharing (group, responsible unit, category), dismissed problems (不予立项)
/// left out, from the payment records: see [`money`].
#[derive(Debug, Clone, Queryable)]
pub struct MoneyBucket {
    pub group_id: GroupId,
    pub unit: Option<UnitId>,
    pub category: String,
    pub count: i64,
    /// Σ amount due (应付): the fact when given, else the amount involved.
    pub due: i64,
    /// Σ records other than 协商减免 (corrections included).
    pub paid: i64,
    /// Σ 协商减免 records.
    pub negotiated: i64,
    /// Σ per problem of its resolved amount (all records) between 0 and its amount due.
    pub counted: i64,
}

/// One problem's amount due (应付).
const DUE: &str = "COALESCE((SELECT f.amount_due_fen FROM issue_facts f WHERE f.issue_id = issues.id), \
                   issues.amount_involved_fen)";
/// One problem's resolved amount: the sum of its records.
const RESOLVED: &str = "COALESCE((SELECT SUM(p.amount_fen) FROM issue_payments p WHERE p.issue_id = issues.id), 0)";
/// Of it, 协商减免 (a correction carries the method of the record it corrects).
const NEGOTIATED: &str = "COALESCE((SELECT SUM(p.amount_fen) FROM issue_payments p \
                          WHERE p.issue_id = issues.id AND p.method = 'negotiated'), 0)";

/// Money per (group, responsible unit, category) of the problems the filter matches, dismissed
/// ones left out; the amounts are summed from the payment records, not from the stored total.
pub fn money(conn: &mut DbConnection, v: &Visibility, f: &ListFilter) -> QueryResult<Vec<MoneyBucket>> {
    let q = issues::table
        .filter(
            issues::closure_kind
                .is_null()
                .or(issues::closure_kind.ne_all([ClosureKind::Duplicate, ClosureKind::Unfounded])),
        )
        .group_by((issues::group_id, issues::responsible_unit_id, issues::category))
        .select((
            issues::group_id,
            issues::responsible_unit_id,
            issues::category,
            count_star(),
            sql::<BigInt>(&format!("CAST(COALESCE(SUM({DUE}), 0) AS BIGINT)")),
            sql::<BigInt>(&format!("CAST(COALESCE(SUM({RESOLVED} - {NEGOTIATED}), 0) AS BIGINT)")),
            sql::<BigInt>(&format!("CAST(COALESCE(SUM({NEGOTIATED}), 0) AS BIGINT)")),
            sql::<BigInt>(&format!(
                "CAST(COALESCE(SUM(CASE WHEN {RESOLVED} > {DUE} THEN {DUE} WHEN {RESOLVED} < 0 THEN 0 \
                 ELSE {RESOLVED} END), 0) AS BIGINT)"
            )),
        ))
        .into_boxed();
    apply_filters!(q, v, f).load(conn)
}

/// The ids of the problems the filter matches, dismissed ones (不予立项) left out.
pub fn counted_ids(conn: &mut DbConnection, v: &Visibility, f: &ListFilter) -> QueryResult<Vec<IssueId>> {
    filtered(v, f)
        .filter(
            issues::closure_kind
                .is_null()
                .or(issues::closure_kind.ne_all([ClosureKind::Duplicate, ClosureKind::Unfounded])),
        )
        .select(issues::id)
        .load(conn)
}

/// The payment records of these problems: (paid on, 协商减免 or not, amount in fen).
pub fn payment_days(conn: &mut DbConnection, ids: &[IssueId]) -> QueryResult<Vec<(NaiveDate, bool, i64)>> {
    use crate::{db::schema::issue_payments, domain::repayment::PaymentMethod};
    let mut out = Vec::new();
    for chunk in ids.chunks(1000) {
        let rows: Vec<(NaiveDate, PaymentMethod, i64)> = issue_payments::table
            .filter(issue_payments::issue_id.eq_any(chunk))
            .select((issue_payments::paid_on, issue_payments::method, issue_payments::amount_fen))
            .load(conn)?;
        out.extend(rows.into_iter().map(|(d, m, a)| (d, m == PaymentMethod::Negotiated, a)));
    }
    Ok(out)
}

/// How one arrear is classed — its category, agreed payment date, debtor nature and enterprise
/// size — with its amount due and what its records resolved (the caller computes 未化解 as in
/// [`money`]).
#[derive(Debug, Clone, Queryable)]
pub struct OutstandingRow {
    pub category: String,
    pub agreed_payment_on: Option<NaiveDate>,
    pub debtor_nature: Option<crate::domain::repayment::DebtorNature>,
    pub enterprise_size: Option<crate::domain::repayment::EnterpriseSize>,
    pub due: i64,
    pub resolved: i64,
}

/// Per problem of the filter whose category looks like arrears (`…arrears`; the caller keeps
/// those [`crate::domain::repayment::money_kind`] counts as arrears), dismissed ones left out.
/// Each amount is one subquery per row (an expression using them twice would run them twice).
pub fn outstanding_arrears(
    conn: &mut DbConnection,
    v: &Visibility,
    f: &ListFilter,
) -> QueryResult<Vec<OutstandingRow>> {
    use diesel::sql_types::{Date, Nullable, Text};
    let fact = |column: &str| format!("(SELECT f.{column} FROM issue_facts f WHERE f.issue_id = issues.id)");
    filtered(v, f)
        .filter(
            issues::closure_kind
                .is_null()
                .or(issues::closure_kind.ne_all([ClosureKind::Duplicate, ClosureKind::Unfounded])),
        )
        .filter(issues::category.like("%arrears"))
        .select((
            issues::category,
            sql::<Nullable<Date>>(&fact("agreed_payment_on")),
            sql::<Nullable<Text>>(&fact("debtor_nature")),
            sql::<Nullable<Text>>(&fact("enterprise_size")),
            sql::<BigInt>(&format!("CAST({DUE} AS BIGINT)")),
            sql::<BigInt>(&format!("CAST({RESOLVED} AS BIGINT)")),
        ))
        .load(conn)
}
