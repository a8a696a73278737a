//! Problems (问题): rows, the data-scope filter, list filters, numbers, the timeline.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::{
    dsl::not,
    prelude::*,
    sql_types::{Bool, Nullable},
};

use crate::{
    db::{
        CampaignId, DbConnection, GroupId, IssueId, MultiBackend, ProgressId, TransitionId, UnitId, UserId,
        schema::{issue_progress, issue_transitions, issue_units, issues},
        types::PriorState,
    },
    domain::{
        lifecycle::{ClosureKind, State, Step},
        org::ActorKind,
        permissions::{IssueScope, Relation},
        warning::Warning,
    },
    store::{fixed::fixed_sql, search::SHORT_KEYWORD_INDEXED_UP_TO},
};

#[derive(Debug, Clone, Queryable, Selectable, Insertable, serde::Serialize, PartialEq, Eq)]
#[diesel(table_name = issues, treat_none_as_default_value = false)]
pub struct Issue {
    pub id: IssueId,
    pub number: String,
    pub campaign_id: CampaignId,
    pub title: String,
    pub description: String,
    pub category: String,
    pub problem_type: String,
    pub arrear_object: Option<String>,
    pub source: String,
    pub source_ref: Option<String>,
    pub enterprise_name: String,
    pub enterprise_uscc: Option<String>,
    pub enterprise_contact: Option<String>,
    pub enterprise_phone: Option<String>,
    pub amount_involved_fen: i64,
    /// The sum of the payment records capped at the amount involved (the column's check); the
    /// read model shows the sum itself (`store::issue_views`).
    pub amount_resolved_fen: i64,
    pub group_id: GroupId,
    pub responsible_unit_id: Option<UnitId>,
    pub reporting_unit_id: UnitId,
    pub deadline: Option<NaiveDate>,
    pub measures: Option<String>,
    pub responsible_leader: Option<String>,
    pub responsible_person: Option<String>,
    pub state: State,
    pub closure_kind: Option<ClosureKind>,
    pub version: i32,
    pub created_by_kind: ActorKind,
    /// The user or API key that registered it.
    pub created_by_id: String,
    #[serde(serialize_with = "crate::db::types::utc_time::serialize")]
    pub created_at: NaiveDateTime,
    #[serde(serialize_with = "crate::db::types::utc_time::serialize")]
    pub updated_at: NaiveDateTime,
    #[serde(serialize_with = "crate::db::types::utc_time::serialize_option")]
    pub closed_at: Option<NaiveDateTime>,
    /// Brought in by a migration import (in its state there): excluded from event-based scores.
    pub migrated: bool,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, serde::Serialize)]
#[diesel(table_name = issue_transitions, treat_none_as_default_value = false)]
pub struct Transition {
    pub id: TransitionId,
    pub issue_id: IssueId,
    pub action: Step,
    pub from_state: PriorState,
    pub to_state: State,
    pub actor_kind: ActorKind,
    pub actor_id: String,
    pub actor_name: String,
    pub actor_unit_id: Option<UnitId>,
    pub comment: Option<String>,
    pub payload_json: Option<String>,
    #[serde(serialize_with = "crate::db::types::utc_time::serialize")]
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, serde::Serialize)]
#[diesel(table_name = issue_progress, treat_none_as_default_value = false)]
pub struct Progress {
    pub id: ProgressId,
    pub issue_id: IssueId,
    pub unit_id: UnitId,
    pub author_id: UserId,
    pub author_name: String,
    pub note: String,
    pub amount_resolved_fen: Option<i64>,
    #[serde(serialize_with = "crate::db::types::utc_time::serialize")]
    pub created_at: NaiveDateTime,
}

/// Who sees which problems, as a query piece; every read and list goes through it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Visibility {
    /// A user's data scope (docs/domain.md, "Who sees what").
    Scope(IssueScope<GroupId, UnitId>),
    /// An integration (API key): the problems it registered.
    RegisteredBy { kind: ActorKind, id: String },
    /// An integration client's key: the problems any key of the client registered (so that a
    /// rotated key's successor keeps them).
    RegisteredByClient(crate::db::IntegrationClientId),
}

pub type Filter = Box<dyn BoxableExpression<issues::table, MultiBackend, SqlType = Nullable<Bool>>>;

/// How a query reads a unit's problems (`store::unit_walk`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitRead {
    /// `issues.id IN` the unit's membership rows, joined as the database plans it.
    Lookup,
    /// Each problem's membership probed by key, as the walk of the list's order finds them.
    Probe,
    /// The unit's problems first, then each by key.
    ByKey,
    /// Beside a keyword found through its trigrams: probed on SQLite, looked up on PostgreSQL.
    BesideKeyword,
}

/// Problems a unit is involved in (any relation): one index lookup in the membership table, or
/// a probe of it per problem walked (`store::unit_walk`).
fn involves_unit(unit: UnitId, read: UnitRead) -> Filter {
    use crate::store::unit_walk::UnitProbe;
    match read {
        UnitRead::Probe => return Box::new(UnitProbe::involves(&unit)),
        UnitRead::ByKey => return Box::new(UnitProbe::involves(&unit).by_key()),
        UnitRead::BesideKeyword => return Box::new(UnitProbe::involves(&unit).beside_keyword()),
        UnitRead::Lookup => {}
    }
    Box::new(
        issues::id
            .eq_any(issue_units::table.filter(issue_units::unit_id.eq(unit)).select(issue_units::issue_id))
            .nullable(),
    )
}

/// Which of `ids` the visibility `v` sees.
pub fn visible_among(conn: &mut DbConnection, v: &Visibility, ids: &[IssueId]) -> QueryResult<Vec<IssueId>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    issues::table.filter(issues::id.eq_any(ids)).filter(visibility_filter(v)).select(issues::id).load(conn)
}

pub fn visibility_filter(v: &Visibility) -> Filter {
    scope_filter(v, UnitRead::Lookup)
}

/// [`visibility_filter`], a unit's problems read as [`ListFilter::unit_read`] says.
pub fn scope_filter(v: &Visibility, units: UnitRead) -> Filter {
    match v {
        Visibility::Scope(IssueScope::All) => Box::new(issues::id.is_not_null().nullable()),
        Visibility::Scope(IssueScope::Nothing) => Box::new(issues::id.is_null().nullable()),
        Visibility::Scope(IssueScope::Limited { groups, unit }) => {
            let by_group = || -> Filter { Box::new(issues::group_id.eq_any(groups.clone()).nullable()) };
            match unit {
                Some(u) if groups.is_empty() => involves_unit(u.clone(), units),
                Some(u) => Box::new(by_group().or(involves_unit(u.clone(), units))),
                None => by_group(),
            }
        }
        Visibility::RegisteredBy { kind, id } => {
            Box::new(issues::created_by_kind.eq(*kind).and(issues::created_by_id.eq(id.clone())).nullable())
        }
        Visibility::RegisteredByClient(client) => Box::new(
            issues::created_by_kind
                .eq(ActorKind::ApiKey)
                .and(
                    issues::created_by_id.eq_any(
                        crate::db::schema::api_keys::table
                            .filter(crate::db::schema::api_keys::client_id.eq(client.clone()))
                            .select(crate::db::schema::api_keys::id),
                    ),
                )
                .nullable(),
        ),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize, utoipa::ToSchema)]
pub enum Sort {
    #[default]
    #[serde(rename = "-created_at")]
    CreatedDesc,
    #[serde(rename = "created_at")]
    CreatedAsc,
    #[serde(rename = "deadline")]
    DeadlineAsc,
    #[serde(rename = "-deadline")]
    DeadlineDesc,
    #[serde(rename = "-updated_at")]
    UpdatedDesc,
    #[serde(rename = "number")]
    NumberAsc,
    #[serde(rename = "-number")]
    NumberDesc,
    #[serde(rename = "-amount_involved_fen")]
    AmountDesc,
    #[serde(rename = "amount_involved_fen")]
    AmountAsc,
}

#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    pub states: Vec<State>,
    pub group_id: Option<GroupId>,
    /// Responsible or cooperating.
    pub unit_id: Option<UnitId>,
    pub category: Option<String>,
    pub source: Option<String>,
    pub warning: Option<Warning>,
    pub campaign_id: Option<CampaignId>,
    pub q: Option<String>,
    /// Answer a keyword of one or two characters by walking the rows in the list's order, not
    /// through its index: set by `store::search::plan_keyword` when the keyword alone is in
    /// more than [`SHORT_KEYWORD_INDEXED_UP_TO`] problems, where a page fills within its first
    /// rows.
    pub q_by_scan: bool,
    /// Read a unit's problems (its scope, the unit filter) by walking the list's order and
    /// probing each problem's membership, not by looking them all up and sorting: set by
    /// `service::issues::view::plan_units` when a page fills within few rows of the walk.
    pub units_by_walk: bool,
    pub deadline_from: Option<NaiveDate>,
    pub deadline_to: Option<NaiveDate>,
    /// UTC bounds of the creation time.
    pub created_from: Option<NaiveDateTime>,
    pub created_to: Option<NaiveDateTime>,
    /// Closed before this UTC time (reports "as of" a date).
    pub closed_before: Option<NaiveDateTime>,
    pub enterprise_uscc: Option<String>,
    /// Only problems behind their repayment plan (a missed instalment, on `today`).
    pub repayment_missed: bool,
    /// 账龄 band (from the agreed payment date, on `today`), debtor nature, dispute flag.
    pub arrears_age: Option<crate::domain::repayment::AgeBand>,
    pub debtor_nature: Option<crate::domain::repayment::DebtorNature>,
    pub disputed: Option<bool>,
    /// For warnings: today (Asia/Shanghai) and the window in days.
    pub today: NaiveDate,
    pub window_days: i64,
}

fixed_sql! {
    /// `state IN` the states where a deadline runs, for the red and yellow warnings, written on
    /// SQLite behind a unary `+`: its planner (which has no statistics) then walks the
    /// `(deadline, id, state)` index for both the page in deadline order and the count, instead of
    /// the `(state, deadline)` index followed by sorting every warned problem (316 ms a page at
    /// 1,000,000 problems). The states are [`State::DEADLINE_RUNS`] (a test holds them equal).
    DeadlineRuns: Bool = (DEADLINE_RUNS_SQL[0], DEADLINE_RUNS_SQL[1])
}
const DEADLINE_RUNS_SQL: [&str; 2] = [
    "issues.state IN ('self_check', 'assigned', 'rectifying')",
    "+issues.state IN ('self_check', 'assigned', 'rectifying')",
];

impl ListFilter {
    /// How the scope reads a unit's problems: probed per problem where the service planned a
    /// walk; beside a keyword's trigrams where they find the problems (SQLite otherwise read
    /// all of a unit's 31,000 problems at 1,000,000 for a keyword in 200: 84 ms); by key where
    /// the keyword is answered by scanning, which leaves the unit's problems the one part an
    /// index narrows; else as the database plans the lookup.
    pub fn unit_read(&self) -> UnitRead {
        if self.units_by_walk {
            UnitRead::Probe
        } else if self.q.as_deref().is_some_and(crate::store::search::by_trigrams) {
            UnitRead::BesideKeyword
        } else if self.q_by_scan {
            UnitRead::ByKey
        } else {
            UnitRead::Lookup
        }
    }

    /// Whether every problem the filter matches has a deadline: a red or yellow warning. A list
    /// by deadline then needs no NULLs-last term, and the deadline index gives its order.
    pub fn implies_deadline(&self) -> bool {
        matches!(self.warning, Some(Warning::Red | Warning::Yellow))
    }
}

pub fn warning_filter(w: Warning, today: NaiveDate, window: i64) -> Filter {
    let open = || issues::state.eq_any(State::DEADLINE_RUNS);
    let horizon = today + chrono::Duration::days(window);
    let red = || DeadlineRuns.nullable().and(issues::deadline.lt(today));
    let yellow = || DeadlineRuns.nullable().and(issues::deadline.ge(today)).and(issues::deadline.le(horizon));
    match w {
        Warning::Red => Box::new(red()),
        Warning::Yellow => Box::new(yellow()),
        // Neither red nor yellow; NULL deadlines count as no warning.
        Warning::None => {
            Box::new(not(open()).nullable().or(issues::deadline.is_null().nullable()).or(issues::deadline.gt(horizon)))
        }
    }
}

/// Applies the visibility and the list filters to a boxed query over `issues` (plain or
/// grouped): one definition of "which problems", for lists, counts and statistics alike.
macro_rules! apply_filters {
    ($query:expr, $visibility:expr, $f:expr) => {{
        let mut q = $query.filter($crate::store::issues::scope_filter($visibility, $f.unit_read()));
        if !$f.states.is_empty() {
            q = q.filter($crate::db::schema::issues::state.eq_any($f.states.clone()));
        }
        if let Some(g) = &$f.group_id {
            q = q.filter($crate::db::schema::issues::group_id.eq(g.clone()));
        }
        // The unit filter: responsible, or cooperating. The cooperating problems are probed
        // per problem walked, else read first by key, so that PostgreSQL can combine them with
        // the responsible index and others under the `OR` (store::unit_walk).
        if let Some(u) = &$f.unit_id {
            let cooperates = $crate::store::unit_walk::UnitProbe::cooperates(u);
            let cooperates = if $f.units_by_walk { cooperates } else { cooperates.by_key() };
            q = q.filter($crate::db::schema::issues::responsible_unit_id.eq(u.clone()).nullable().or(cooperates));
        }
        if let Some(c) = &$f.category {
            q = q.filter($crate::db::schema::issues::category.eq(c.clone()));
        }
        if let Some(s) = &$f.source {
            q = q.filter($crate::db::schema::issues::source.eq(s.clone()));
        }
        if let Some(w) = $f.warning {
            q = q.filter($crate::store::issues::warning_filter(w, $f.today, $f.window_days));
        }
        if let Some(c) = &$f.campaign_id {
            q = q.filter($crate::db::schema::issues::campaign_id.eq(c.clone()));
        }
        if let Some(text) = &$f.q {
            q = q.filter($crate::store::search::Keyword::new(text, $f.q_by_scan));
        }
        if let Some(d) = $f.deadline_from {
            q = q.filter($crate::db::schema::issues::deadline.ge(d));
        }
        if let Some(d) = $f.deadline_to {
            q = q.filter($crate::db::schema::issues::deadline.le(d));
        }
        if let Some(t) = $f.created_from {
            q = q.filter($crate::db::schema::issues::created_at.ge(t));
        }
        if let Some(t) = $f.created_to {
            q = q.filter($crate::db::schema::issues::created_at.lt(t));
        }
        if let Some(t) = $f.closed_before {
            q = q.filter($crate::db::schema::issues::closed_at.lt(t));
        }
        if let Some(u) = &$f.enterprise_uscc {
            q = q.filter($crate::db::schema::issues::enterprise_uscc.eq(u.clone()));
        }
        if $f.repayment_missed {
            q = q.filter($crate::store::plans::behind_plan($f.today));
        }
        if let Some(facts) = $crate::store::facts::filter($f) {
            q = q.filter(facts);
        }
        q
    }};
}
pub(crate) use apply_filters;

pub fn filtered<'a>(visibility: &Visibility, f: &ListFilter) -> issues::BoxedQuery<'a, MultiBackend> {
    apply_filters!(issues::table.into_boxed(), visibility, f)
}

/// How many problems the filter matches: from the maintained counts when the scope and the
/// filter are made of what they count (campaign, group, state, category, source), else counted.
pub fn count(conn: &mut DbConnection, visibility: &Visibility, f: &ListFilter) -> QueryResult<i64> {
    if let Some(key) = crate::store::issue_counts::CountKey::of(visibility, f) {
        return crate::store::issue_counts::total(conn, &key);
    }
    // Every facts row has its problem: for a caller who sees every problem, a filter made of
    // facts fields alone is counted in the facts index.
    if matches!(visibility, Visibility::Scope(IssueScope::All)) && crate::store::facts::only_facts(f) {
        return crate::store::facts::count_matching(conn, f);
    }
    count_scanned(conn, visibility, f)
}

/// A list page's total: how many problems the filter matches, and whether that is exact.
///
/// When the list's keyword is a short one in more than [`SHORT_KEYWORD_INDEXED_UP_TO`] problems
/// (`store::search::plan_keyword`), counting every match would cost more than the page: the
/// total is then counted up to that many, and past it given as that many, not exact (a lower
/// bound). For the office's list of the keyword alone the index has already said so, and
/// nothing is counted.
pub fn page_total(
    conn: &mut DbConnection,
    visibility: &Visibility,
    f: &ListFilter,
    common_keyword: bool,
) -> QueryResult<(i64, bool)> {
    if !common_keyword {
        return Ok((count(conn, visibility, f)?, true));
    }
    let keyword_alone = ListFilter { q: None, q_by_scan: false, ..f.clone() };
    let everything = crate::store::issue_counts::CountKey::default();
    if matches!(visibility, Visibility::Scope(IssueScope::All))
        && crate::store::issue_counts::CountKey::of(visibility, &keyword_alone).is_some_and(|k| k == everything)
    {
        return Ok((SHORT_KEYWORD_INDEXED_UP_TO, false));
    }
    let counted =
        filtered(visibility, f).select(issues::id).limit(SHORT_KEYWORD_INDEXED_UP_TO + 1).load::<IssueId>(conn)?.len()
            as i64;
    Ok((counted.min(SHORT_KEYWORD_INDEXED_UP_TO), counted <= SHORT_KEYWORD_INDEXED_UP_TO))
}

/// How many problems the filter matches, counted row by row.
pub fn count_scanned(conn: &mut DbConnection, visibility: &Visibility, f: &ListFilter) -> QueryResult<i64> {
    filtered(visibility, f).count().get_result(conn)
}

pub fn list(
    conn: &mut DbConnection,
    visibility: &Visibility,
    f: &ListFilter,
    sort: Sort,
    offset: i64,
    limit: i64,
) -> QueryResult<Vec<Issue>> {
    if let Some(page) = crate::store::facts::page_by_registration(conn, visibility, f, sort, offset, limit)? {
        return Ok(page);
    }
    let q = ordered(conn.is_postgres(), visibility, f, sort);
    q.offset(offset).limit(limit).select(Issue::as_select()).load(conn)
}

/// The ids of every problem the filter matches, in the list's order: an export reads these
/// once, then the problems a page at a time by key ([`by_ids`]), where `OFFSET` pages made each
/// page walk past all the earlier ones.
pub fn sorted_ids(
    conn: &mut DbConnection,
    visibility: &Visibility,
    f: &ListFilter,
    sort: Sort,
) -> QueryResult<Vec<IssueId>> {
    ordered(conn.is_postgres(), visibility, f, sort).select(issues::id).load(conn)
}

/// These problems, in the order of `ids` (those that no longer exist left out).
pub fn by_ids(conn: &mut DbConnection, ids: &[IssueId]) -> QueryResult<Vec<Issue>> {
    let mut found: HashMap<IssueId, Issue> = issues::table
        .filter(super::any_of::any_issue(issues::id, ids))
        .select(Issue::as_select())
        .load::<Issue>(conn)?
        .into_iter()
        .map(|i| (i.id.clone(), i))
        .collect();
    Ok(ids.iter().filter_map(|id| found.remove(id)).collect())
}

/// The filtered problems in the order of `sort`.
fn ordered<'a>(
    postgres: bool,
    visibility: &Visibility,
    f: &ListFilter,
    sort: Sort,
) -> issues::BoxedQuery<'a, MultiBackend> {
    let q = filtered(visibility, f);
    // List pages filtered on the facts and sorted by registration are read through the facts
    // index (`facts::page_by_registration`); this order serves exports and the plans filter.
    // With a filter on the facts or plans, PostgreSQL would walk the creation-date index from
    // the newest problem and probe each: when the matching problems are old ones (facts entered
    // on an earlier ledger) it walks almost the whole table (170 ms at 100,000). Sorting by an
    // expression the index cannot serve makes it take the matching rows first, then the top
    // rows (11 ms). SQLite plans these well as they are.
    let facts_filter =
        f.arrears_age.is_some() || f.debtor_nature.is_some() || f.disputed.is_some() || f.repayment_missed;
    if facts_filter && postgres && matches!(sort, Sort::CreatedDesc | Sort::CreatedAsc) {
        let created = diesel::dsl::sql::<diesel::sql_types::Timestamp>("(issues.created_at + INTERVAL '0 seconds')");
        return if sort == Sort::CreatedDesc {
            q.order((created.desc(), issues::id.desc()))
        } else {
            q.order((created.asc(), issues::id.asc()))
        };
    }
    // Without the NULLs-last term, the deadline index gives the order and a page reads its own
    // rows, where the term made the database sort every match first (a fifth of the ledger for
    // warning=red).
    let has_deadline = f.implies_deadline();
    // The id breaks ties, so that pages never overlap or skip.
    match sort {
        Sort::DeadlineAsc if has_deadline => q.order((issues::deadline.asc(), issues::id.asc())),
        Sort::DeadlineDesc if has_deadline => q.order((issues::deadline.desc(), issues::id.desc())),
        Sort::CreatedDesc => q.order((issues::created_at.desc(), issues::id.desc())),
        Sort::CreatedAsc => q.order((issues::created_at.asc(), issues::id.asc())),
        Sort::DeadlineAsc => q.order((issues::deadline.is_null(), issues::deadline.asc(), issues::id.asc())),
        Sort::DeadlineDesc => q.order((issues::deadline.is_null(), issues::deadline.desc(), issues::id.desc())),
        Sort::UpdatedDesc => q.order((issues::updated_at.desc(), issues::id.desc())),
        Sort::NumberAsc => q.order(issues::number.asc()),
        Sort::NumberDesc => q.order(issues::number.desc()),
        Sort::AmountDesc => q.order((issues::amount_involved_fen.desc(), issues::id.desc())),
        Sort::AmountAsc => q.order((issues::amount_involved_fen.asc(), issues::id.asc())),
    }
}

/// A problem, if the caller may see it.
pub fn find_visible(conn: &mut DbConnection, visibility: &Visibility, id: &IssueId) -> QueryResult<Option<Issue>> {
    issues::table
        .filter(issues::id.eq(id))
        .filter(visibility_filter(visibility))
        .select(Issue::as_select())
        .get_result(conn)
        .optional()
}

pub fn find(conn: &mut DbConnection, id: &IssueId) -> QueryResult<Option<Issue>> {
    issues::table.find(id).select(Issue::as_select()).get_result(conn).optional()
}

pub fn find_by_ref(conn: &mut DbConnection, source: &str, source_ref: &str) -> QueryResult<Option<Issue>> {
    issues::table
        .filter(issues::source.eq(source))
        .filter(issues::source_ref.eq(source_ref))
        .select(Issue::as_select())
        .get_result(conn)
        .optional()
}

/// The problems with these references of one source (imports look them up in batches).
pub fn find_by_refs(conn: &mut DbConnection, source: &str, refs: &[String]) -> QueryResult<Vec<Issue>> {
    let mut out = Vec::new();
    for chunk in refs.chunks(1000) {
        out.extend(
            issues::table
                .filter(issues::source.eq(source))
                .filter(issues::source_ref.eq_any(chunk))
                .select(Issue::as_select())
                .load(conn)?,
        );
    }
    Ok(out)
}

/// Of these problem numbers, those registered: each with its id when the caller may see it
/// (imports of the system's own exports match rows to problems by 编号).
pub fn find_numbers(
    conn: &mut DbConnection,
    visibility: &Visibility,
    numbers: &[String],
) -> QueryResult<Vec<(String, Option<IssueId>)>> {
    let mut out = Vec::new();
    for chunk in numbers.chunks(1000) {
        let visible: HashMap<String, IssueId> = issues::table
            .filter(issues::number.eq_any(chunk))
            .filter(visibility_filter(visibility))
            .select((issues::number, issues::id))
            .load::<(String, IssueId)>(conn)?
            .into_iter()
            .collect();
        let all: Vec<String> = issues::table.filter(issues::number.eq_any(chunk)).select(issues::number).load(conn)?;
        out.extend(all.into_iter().map(|n| {
            let id = visible.get(&n).cloned();
            (n, id)
        }));
    }
    Ok(out)
}

pub fn insert(conn: &mut DbConnection, issue: &Issue) -> QueryResult<()> {
    diesel::insert_into(issues::table).values(issue).execute(conn).map(|_| ())
}

/// Inserts many problems with multi-row INSERTs. Diesel's MultiConnection cannot build a
/// multi-row insert for "any backend", so each backend gets its own statement; the batch size
/// keeps every statement under SQLite's 32766 bound parameters (31 columns × 500 rows).
pub fn insert_many(conn: &mut DbConnection, rows: &[Issue]) -> QueryResult<usize> {
    Ok(crate::db::insert_rows!(conn, issues::table, rows, 500))
}

/// Saves every mutable column if the row still has `expected_version`, bumping the version.
/// Answers `false` when someone else changed it first (optimistic concurrency).
pub fn save(conn: &mut DbConnection, issue: &Issue, expected_version: i32) -> QueryResult<bool> {
    let n = diesel::update(issues::table.find(&issue.id).filter(issues::version.eq(expected_version)))
        .set((
            issues::campaign_id.eq(&issue.campaign_id),
            issues::title.eq(&issue.title),
            issues::description.eq(&issue.description),
            issues::category.eq(&issue.category),
            issues::problem_type.eq(&issue.problem_type),
            issues::arrear_object.eq(&issue.arrear_object),
            issues::enterprise_name.eq(&issue.enterprise_name),
            issues::enterprise_uscc.eq(&issue.enterprise_uscc),
            issues::enterprise_contact.eq(&issue.enterprise_contact),
            issues::enterprise_phone.eq(&issue.enterprise_phone),
            issues::amount_involved_fen.eq(issue.amount_involved_fen),
            issues::amount_resolved_fen.eq(issue.amount_resolved_fen),
            issues::group_id.eq(&issue.group_id),
            issues::responsible_unit_id.eq(&issue.responsible_unit_id),
            issues::deadline.eq(issue.deadline),
            issues::measures.eq(&issue.measures),
            issues::responsible_leader.eq(&issue.responsible_leader),
            issues::responsible_person.eq(&issue.responsible_person),
            issues::state.eq(issue.state),
            issues::closure_kind.eq(issue.closure_kind),
            issues::version.eq(expected_version + 1),
            issues::updated_at.eq(issue.updated_at),
            issues::closed_at.eq(issue.closed_at),
        ))
        .execute(conn)?;
    Ok(n == 1)
}

/// The units a problem involves, with how.
pub fn units_of(conn: &mut DbConnection, issue_id: &IssueId) -> QueryResult<Vec<(UnitId, Relation)>> {
    issue_units::table
        .filter(issue_units::issue_id.eq(issue_id))
        .select((issue_units::unit_id, issue_units::relation))
        .order((issue_units::relation, issue_units::unit_id))
        .load(conn)
}

pub fn cooperating(conn: &mut DbConnection, issue_id: &IssueId) -> QueryResult<Vec<UnitId>> {
    issue_units::table
        .filter(issue_units::issue_id.eq(issue_id))
        .filter(issue_units::relation.eq(Relation::Cooperating))
        .select(issue_units::unit_id)
        .order(issue_units::unit_id)
        .load(conn)
}

/// Memberships of several problems at once in the given relations: (issue, unit, relation).
pub fn units_of_many(
    conn: &mut DbConnection,
    issue_ids: &[IssueId],
    relations: &[Relation],
) -> QueryResult<Vec<(IssueId, UnitId, Relation)>> {
    let mut out = Vec::new();
    for chunk in issue_ids.chunks(1000) {
        out.extend(
            issue_units::table
                .filter(super::any_of::any_issue(issue_units::issue_id, chunk))
                .filter(issue_units::relation.eq_any(relations))
                .select((issue_units::issue_id, issue_units::unit_id, issue_units::relation))
                .order((issue_units::issue_id, issue_units::unit_id))
                .load::<(IssueId, UnitId, Relation)>(conn)?,
        );
    }
    Ok(out)
}

/// Brings the membership rows of a problem in line with its responsible, reporting and
/// cooperating units. A unit that stops being responsible or cooperating becomes `former`: it
/// keeps read access to what it handled. Every change of those units goes through here.
pub fn sync_units(
    conn: &mut DbConnection,
    issue: &Issue,
    cooperating: &[UnitId],
    now: NaiveDateTime,
) -> QueryResult<()> {
    let current = units_of(conn, &issue.id)?;
    let mut wanted: Vec<(UnitId, Relation)> = vec![(issue.reporting_unit_id.clone(), Relation::Reporting)];
    if let Some(u) = &issue.responsible_unit_id {
        wanted.push((u.clone(), Relation::Responsible));
    }
    wanted.extend(cooperating.iter().map(|u| (u.clone(), Relation::Cooperating)));
    for (unit, relation) in &current {
        // Former and found-by are history: they stay whatever happens to the problem.
        if matches!(relation, Relation::Former | Relation::FoundBy) || wanted.contains(&(unit.clone(), *relation)) {
            continue;
        }
        diesel::delete(issue_units::table.find((&issue.id, unit, relation))).execute(conn)?;
        if matches!(relation, Relation::Responsible | Relation::Cooperating)
            && !current.contains(&(unit.clone(), Relation::Former))
        {
            insert_unit(conn, &issue.id, unit, Relation::Former, now)?;
        }
    }
    for (unit, relation) in wanted {
        if !current.contains(&(unit.clone(), relation)) {
            insert_unit(conn, &issue.id, &unit, relation, now)?;
        }
    }
    Ok(())
}

fn insert_unit(
    conn: &mut DbConnection,
    issue: &IssueId,
    unit: &UnitId,
    relation: Relation,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(issue_units::table)
        .values((
            issue_units::issue_id.eq(issue),
            issue_units::unit_id.eq(unit),
            issue_units::relation.eq(relation),
            issue_units::since.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Membership rows in multi-row inserts (imports, benchmarks): (problem, unit, relation, since).
pub fn insert_units_many(
    conn: &mut DbConnection,
    rows: &[(IssueId, UnitId, Relation, NaiveDateTime)],
) -> QueryResult<()> {
    let values: Vec<_> = rows
        .iter()
        .map(|(issue, unit, relation, since)| {
            (
                issue_units::issue_id.eq(issue),
                issue_units::unit_id.eq(unit),
                issue_units::relation.eq(*relation),
                issue_units::since.eq(*since),
            )
        })
        .collect();
    crate::db::insert_rows!(conn, issue_units::table, values, 1000);
    Ok(())
}

/// The reporting units of newly registered problems, and the finding units of those found by a
/// unit itself (`found_by[i]` belongs to `rows[i]`).
pub fn insert_reporting_many(conn: &mut DbConnection, rows: &[Issue], found_by: &[Option<UnitId>]) -> QueryResult<()> {
    let mut units: Vec<_> =
        rows.iter().map(|i| (i.id.clone(), i.reporting_unit_id.clone(), Relation::Reporting, i.created_at)).collect();
    for (i, unit) in rows.iter().zip(found_by) {
        if let Some(u) = unit {
            units.push((i.id.clone(), u.clone(), Relation::FoundBy, i.created_at));
        }
    }
    insert_units_many(conn, &units)
}

/// Multi-row insert of timeline entries (one statement per backend and chunk).
pub fn insert_transitions(conn: &mut DbConnection, rows: &[Transition]) -> QueryResult<()> {
    crate::db::insert_rows!(conn, issue_transitions::table, rows, 1000);
    Ok(())
}

pub fn insert_transition(conn: &mut DbConnection, t: &Transition) -> QueryResult<()> {
    diesel::insert_into(issue_transitions::table).values(t).execute(conn).map(|_| ())
}

pub fn insert_progress(conn: &mut DbConnection, p: &Progress) -> QueryResult<()> {
    diesel::insert_into(issue_progress::table).values(p).execute(conn).map(|_| ())
}

pub fn transitions(conn: &mut DbConnection, issue_id: &IssueId) -> QueryResult<Vec<Transition>> {
    issue_transitions::table
        .filter(issue_transitions::issue_id.eq(issue_id))
        .order((issue_transitions::created_at.desc(), issue_transitions::id.desc()))
        .select(Transition::as_select())
        .load(conn)
}

/// The newest progress note of each of these problems.
pub fn latest_progress(
    conn: &mut DbConnection,
    issue_ids: &[IssueId],
) -> QueryResult<std::collections::HashMap<IssueId, String>> {
    let mut out = std::collections::HashMap::new();
    for chunk in issue_ids.chunks(1000) {
        let rows: Vec<(IssueId, String, NaiveDateTime)> = issue_progress::table
            .filter(issue_progress::issue_id.eq_any(chunk))
            .order(issue_progress::created_at.asc())
            .select((issue_progress::issue_id, issue_progress::note, issue_progress::created_at))
            .load(conn)?;
        for (id, note, _) in rows {
            out.insert(id, note);
        }
    }
    Ok(out)
}

pub fn progress(conn: &mut DbConnection, issue_id: &IssueId) -> QueryResult<Vec<Progress>> {
    issue_progress::table
        .filter(issue_progress::issue_id.eq(issue_id))
        .order((issue_progress::created_at.desc(), issue_progress::id.desc()))
        .select(Progress::as_select())
        .load(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_warning_state_test_names_the_states_where_a_deadline_runs() {
        let listed: Vec<String> = State::DEADLINE_RUNS.iter().map(|s| format!("'{}'", s.code())).collect();
        let expected = format!("issues.state IN ({})", listed.join(", "));
        assert_eq!(DEADLINE_RUNS_SQL, [expected.clone(), format!("+{expected}")]);
    }
}
