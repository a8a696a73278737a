//! Maintained statistics (#24): each problem's share of the overview (`issue_stat_rows`) and
//! the shares summed per key (`issue_stat_sums`). Triggers mark every changed problem in
//! `issue_stat_dirty`; `service::stats::fold_shares` recomputes the marked problems' shares and
//! adds the difference to the sums (see the migration `issue_stat_sums`). What a share holds is
//! decided in `service::stats` (`sums`); this module only stores and reads it.

use std::collections::{BTreeMap, HashMap};

use chrono::{NaiveDate, NaiveDateTime};
use diesel::{
    QueryableByName,
    prelude::*,
    sql_types::{BigInt, Text},
};
use serde::{Deserialize, Serialize};

use super::{
    issue_counts::CountKey,
    stats::{IssueIds, MONEY_BASE, MoneyBase, ProblemMoney, VerificationTally, verifications_per_issue, with_money},
};
use crate::{
    db::{
        CampaignId, DbConnection, GroupId, IssueId, MultiBackend,
        schema::{issue_payments, issue_stat_rows, issues},
    },
    domain::{
        coded::Coded,
        lifecycle::{ClosureKind, State},
        repayment::{DebtorNature, EnterpriseSize, PaymentMethod},
    },
};

/// How many problems one statement reads or writes.
const CHUNK: usize = 500;

/// The class of an arrear still owed: what the outstanding arrears are broken down by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct OwedClass {
    pub agreed_payment_on: Option<NaiveDate>,
    pub debtor_nature: Option<DebtorNature>,
    pub enterprise_size: Option<EnterpriseSize>,
}

/// What a share is counted under.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ShareKey {
    pub campaign_id: CampaignId,
    pub group_id: GroupId,
    pub state: State,
    pub category: String,
    pub source: String,
    pub closure_kind: Option<ClosureKind>,
    /// Only for an arrear with something still outstanding.
    pub owed: Option<OwedClass>,
}

/// The figures of one problem, or summed over many (see `service::stats::sums` for each).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, QueryableByName)]
#[diesel(table_name = crate::db::schema::issue_stat_sums)]
pub struct Shares {
    pub n: i64,
    pub involved: i64,
    pub resolved: i64,
    pub due: i64,
    pub paid: i64,
    pub negotiated: i64,
    pub counted: i64,
    pub timed: i64,
    pub on_time: i64,
    pub close_timed: i64,
    pub close_seconds: i64,
    pub verified: i64,
    pub redo: i64,
    pub asked: i64,
    pub satisfied: i64,
}

impl Shares {
    fn values(&self) -> [i64; 15] {
        [
            self.n,
            self.involved,
            self.resolved,
            self.due,
            self.paid,
            self.negotiated,
            self.counted,
            self.timed,
            self.on_time,
            self.close_timed,
            self.close_seconds,
            self.verified,
            self.redo,
            self.asked,
            self.satisfied,
        ]
    }

    fn from_values(v: [i64; 15]) -> Self {
        let [
            n,
            involved,
            resolved,
            due,
            paid,
            negotiated,
            counted,
            timed,
            on_time,
            close_timed,
            close_seconds,
            verified,
            redo,
            asked,
            satisfied,
        ] = v;
        Self {
            n,
            involved,
            resolved,
            due,
            paid,
            negotiated,
            counted,
            timed,
            on_time,
            close_timed,
            close_seconds,
            verified,
            redo,
            asked,
            satisfied,
        }
    }

    /// Adds `other` times `sign` (1 to add a share, −1 to take it out).
    pub fn add(&mut self, other: &Self, sign: i64) {
        let mut v = self.values();
        for (a, b) in v.iter_mut().zip(other.values()) {
            *a += sign * b;
        }
        *self = Self::from_values(v);
    }

    fn is_zero(&self) -> bool {
        self.values().iter().all(|v| *v == 0)
    }
}

/// A problem's share of the overview, or a sum of shares: its key and its figures.
pub type Share = (ShareKey, Shares);

/// The trend's figures of one day (Asia/Shanghai).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, QueryableByName)]
#[diesel(table_name = crate::db::schema::issue_day_sums)]
pub struct DayFigures {
    pub registered: i64,
    pub closed: i64,
    /// Payment records other than 协商减免, of problems not dismissed.
    pub paid: i64,
    pub negotiated: i64,
}

impl DayFigures {
    /// Adds `other` times `sign` (1 to add a share, −1 to take it out).
    pub fn add(&mut self, other: &Self, sign: i64) {
        self.registered += sign * other.registered;
        self.closed += sign * other.closed;
        self.paid += sign * other.paid;
        self.negotiated += sign * other.negotiated;
    }

    fn is_zero(&self) -> bool {
        *self == Self::default()
    }
}

/// What the trend's day sums are kept per.
pub type DayKey = (CampaignId, GroupId, NaiveDate);

/// Everything one problem adds to the sums: its share of the overview, its days in the trend
/// (under its share's campaign and group) and, while its deadline runs, the deadline (for the
/// red and yellow counts of the day asked).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProblemShare {
    pub overview: Share,
    pub days: Vec<(NaiveDate, DayFigures)>,
    pub running_deadline: Option<NaiveDate>,
}

/// What the deadline counts are kept per: the overview's key without the closure kind and the
/// owed class (a problem whose deadline runs is open), and the deadline.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DeadlineKey {
    pub campaign_id: CampaignId,
    pub group_id: GroupId,
    pub state: State,
    pub category: String,
    pub source: String,
    pub deadline: NaiveDate,
}

impl ProblemShare {
    /// The problem's deadline count's key, while its deadline runs.
    pub fn deadline_key(&self) -> Option<DeadlineKey> {
        let k = &self.overview.0;
        self.running_deadline.map(|deadline| DeadlineKey {
            campaign_id: k.campaign_id.clone(),
            group_id: k.group_id.clone(),
            state: k.state,
            category: k.category.clone(),
            source: k.source.clone(),
            deadline,
        })
    }
}

const KEY_COLUMNS: &str = "campaign_id, group_id, state, category, source, closure_kind, owes, agreed_payment_on, debtor_nature, enterprise_size";
const VALUE_COLUMNS: [&str; 15] = [
    "n",
    "involved",
    "resolved",
    "due",
    "paid",
    "negotiated",
    "counted",
    "timed",
    "on_time",
    "close_timed",
    "close_seconds",
    "verified",
    "redo",
    "asked",
    "satisfied",
];

/// A row of `issue_stat_sums` as stored: '' stands for "none".
#[derive(QueryableByName)]
#[diesel(table_name = crate::db::schema::issue_stat_sums)]
struct SumRow {
    campaign_id: String,
    group_id: String,
    state: String,
    category: String,
    source: String,
    closure_kind: String,
    owes: i64,
    agreed_payment_on: String,
    debtor_nature: String,
    enterprise_size: String,
    #[diesel(embed)]
    shares: Shares,
}

fn unknown(what: &str, value: &str) -> diesel::result::Error {
    diesel::result::Error::DeserializationError(format!("unknown {what} {value:?} in issue_stat_sums").into())
}

fn coded<T: Coded>(code: &str) -> QueryResult<Option<T>> {
    if code.is_empty() { Ok(None) } else { T::from_code(code).map(Some).ok_or_else(|| unknown(T::WHAT, code)) }
}

impl SumRow {
    fn share(self) -> QueryResult<Share> {
        let owed = if self.owes == 1 {
            let agreed_payment_on = if self.agreed_payment_on.is_empty() {
                None
            } else {
                Some(self.agreed_payment_on.parse().map_err(|_| unknown("date", &self.agreed_payment_on))?)
            };
            Some(OwedClass {
                agreed_payment_on,
                debtor_nature: coded(&self.debtor_nature)?,
                enterprise_size: coded(&self.enterprise_size)?,
            })
        } else {
            None
        };
        let key = ShareKey {
            campaign_id: self.campaign_id.parse().map_err(|_| unknown("campaign", &self.campaign_id))?,
            group_id: self.group_id.parse().map_err(|_| unknown("group", &self.group_id))?,
            state: coded(&self.state)?.ok_or_else(|| unknown(State::WHAT, ""))?,
            category: self.category,
            source: self.source,
            closure_kind: coded(&self.closure_kind)?,
            owed,
        };
        Ok((key, self.shares))
    }
}

/// The key's columns as stored, in [`KEY_COLUMNS`] order (`owes` apart: it is a number).
fn key_texts(k: &ShareKey) -> ([String; 9], i64) {
    let code = |c: Option<&'static str>| c.unwrap_or_default().to_owned();
    let owed = k.owed.unwrap_or(OwedClass { agreed_payment_on: None, debtor_nature: None, enterprise_size: None });
    (
        [
            k.campaign_id.to_string(),
            k.group_id.to_string(),
            k.state.code().to_owned(),
            k.category.clone(),
            k.source.clone(),
            code(k.closure_kind.map(Coded::code)),
            owed.agreed_payment_on.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default(),
            code(owed.debtor_nature.map(Coded::code)),
            code(owed.enterprise_size.map(Coded::code)),
        ],
        i64::from(k.owed.is_some()),
    )
}

/// A statement over the sums of `key`'s problems, `{filter}` in `sql` standing for its terms.
fn over_key<'a>(
    sql: &str,
    key: &CountKey,
) -> diesel::query_builder::BoxedSqlQuery<'a, MultiBackend, diesel::query_builder::SqlQuery> {
    let (filter, binds) = key.where_clause();
    let mut query = diesel::sql_query(sql.replace("{filter}", &filter)).into_boxed::<MultiBackend>();
    for value in binds {
        query = query.bind::<Text, _>(value);
    }
    query
}

/// The sums of the key's problems as folded (without the problems still marked), the owed
/// arrears' classes summed away (see [`owed`]): a few hundred rows.
pub fn sums(conn: &mut DbConnection, key: &CountKey) -> QueryResult<Vec<Share>> {
    const KEY: &str = "campaign_id, group_id, state, category, source, closure_kind";
    let values: Vec<String> = VALUE_COLUMNS.iter().map(|c| format!("CAST(SUM({c}) AS BIGINT) AS {c}")).collect();
    let sql = format!(
        "SELECT {KEY}, CAST(0 AS BIGINT) AS owes, '' AS agreed_payment_on, '' AS debtor_nature, \
         '' AS enterprise_size, {} FROM issue_stat_sums WHERE {{filter}} GROUP BY {KEY}",
        values.join(", ")
    );
    over_key(&sql, key).load::<SumRow>(conn)?.into_iter().map(SumRow::share).collect()
}

/// The owed arrears of a key summed per agreed payment date, per debtor nature and per
/// enterprise size, each on its own: (class, (problems, outstanding in fen)).
#[derive(Debug, Default)]
pub struct OwedMarginals {
    pub agreed: Vec<(Option<NaiveDate>, (i64, i64))>,
    pub nature: Vec<(Option<DebtorNature>, (i64, i64))>,
    pub size: Vec<(Option<EnterpriseSize>, (i64, i64))>,
}

#[derive(QueryableByName)]
struct OwedRow {
    #[diesel(sql_type = Text)]
    class: String,
    #[diesel(sql_type = BigInt)]
    problems: i64,
    #[diesel(sql_type = BigInt)]
    outstanding: i64,
}

/// The key's owed arrears as folded, along each of their classes.
pub fn owed(conn: &mut DbConnection, key: &CountKey) -> QueryResult<OwedMarginals> {
    let mut by = |column: &str| {
        let sql = format!(
            "SELECT {column} AS class, CAST(SUM(n) AS BIGINT) AS problems, \
             CAST(SUM(due - counted) AS BIGINT) AS outstanding \
             FROM issue_stat_sums WHERE {{filter}} AND owes = 1 GROUP BY {column}"
        );
        over_key(&sql, key).load::<OwedRow>(conn)
    };
    let agreed = by("agreed_payment_on")?
        .into_iter()
        .map(|r| {
            let day =
                if r.class.is_empty() { None } else { Some(r.class.parse().map_err(|_| unknown("date", &r.class))?) };
            Ok((day, (r.problems, r.outstanding)))
        })
        .collect::<QueryResult<_>>()?;
    let nature = by("debtor_nature")?
        .into_iter()
        .map(|r| Ok((coded(&r.class)?, (r.problems, r.outstanding))))
        .collect::<QueryResult<_>>()?;
    let size = by("enterprise_size")?
        .into_iter()
        .map(|r| Ok((coded(&r.class)?, (r.problems, r.outstanding))))
        .collect::<QueryResult<_>>()?;
    Ok(OwedMarginals { agreed, nature, size })
}

#[derive(QueryableByName)]
struct Marked {
    #[diesel(sql_type = Text)]
    issue_id: String,
}

fn issue_ids(rows: Vec<Marked>) -> QueryResult<Vec<IssueId>> {
    let mut ids: Vec<IssueId> = rows
        .into_iter()
        .map(|m| m.issue_id.parse().map_err(|_| unknown("problem id", &m.issue_id)))
        .collect::<QueryResult<_>>()?;
    ids.sort();
    ids.dedup();
    Ok(ids)
}

/// Up to `limit` of the problems marked as changed since their share was folded.
pub fn marked(conn: &mut DbConnection, limit: i64) -> QueryResult<Vec<IssueId>> {
    let rows = diesel::sql_query("SELECT DISTINCT issue_id FROM issue_stat_dirty LIMIT $1")
        .into_boxed::<MultiBackend>()
        .bind::<BigInt, _>(limit)
        .load::<Marked>(conn)?;
    issue_ids(rows)
}

/// Takes up to `limit` marked problems off the marks (every mark of each), answering them. In
/// the caller's write transaction, which then folds them.
pub fn take_marked(conn: &mut DbConnection, limit: i64) -> QueryResult<Vec<IssueId>> {
    if conn.is_postgres() {
        // One fold at a time: two folding the same problem would both take its old share out.
        diesel::sql_query("SELECT pg_advisory_xact_lock(2412001)").execute(conn)?;
    }
    let rows = diesel::sql_query(
        "DELETE FROM issue_stat_dirty WHERE issue_id IN \
         (SELECT DISTINCT issue_id FROM issue_stat_dirty LIMIT $1) RETURNING issue_id",
    )
    .into_boxed::<MultiBackend>()
    .bind::<BigInt, _>(limit)
    .load::<Marked>(conn)?;
    issue_ids(rows)
}

/// A row of `issue_day_sums` as stored.
#[derive(QueryableByName)]
#[diesel(table_name = crate::db::schema::issue_day_sums)]
struct DayRow {
    campaign_id: String,
    group_id: String,
    day: String,
    #[diesel(embed)]
    figures: DayFigures,
}

/// The trend's day sums of the key's campaign and groups as folded (without the problems still
/// marked). Only the key's campaign and groups apply: the day sums are kept per those alone.
pub fn day_sums(conn: &mut DbConnection, key: &CountKey) -> QueryResult<Vec<(DayKey, DayFigures)>> {
    let sql = "SELECT campaign_id, group_id, day, registered, closed, paid, negotiated FROM issue_day_sums \
               WHERE {filter}";
    over_key(sql, key)
        .load::<DayRow>(conn)?
        .into_iter()
        .map(|r| {
            let campaign = r.campaign_id.parse().map_err(|_| unknown("campaign", &r.campaign_id))?;
            let group = r.group_id.parse().map_err(|_| unknown("group", &r.group_id))?;
            let day = r.day.parse().map_err(|_| unknown("date", &r.day))?;
            Ok(((campaign, group, day), r.figures))
        })
        .collect()
}

/// The shares of these problems as last folded (a problem not yet folded has none).
pub fn stored(conn: &mut DbConnection, ids: &[IssueId]) -> QueryResult<HashMap<IssueId, ProblemShare>> {
    let mut out = HashMap::new();
    for chunk in ids.chunks(CHUNK) {
        let rows: Vec<(IssueId, String)> = issue_stat_rows::table
            .filter(issue_stat_rows::issue_id.eq_any(chunk))
            .select((issue_stat_rows::issue_id, issue_stat_rows::share))
            .load(conn)?;
        for (id, json) in rows {
            let share = serde_json::from_str(&json).map_err(|e| unknown("share", &format!("{json} ({e})")))?;
            out.insert(id, share);
        }
    }
    Ok(out)
}

/// What a fold adds to each of the sums.
#[derive(Debug, Default)]
pub struct Deltas {
    pub overview: BTreeMap<ShareKey, Shares>,
    pub days: BTreeMap<DayKey, DayFigures>,
    pub deadlines: BTreeMap<DeadlineKey, i64>,
}

/// Replaces the stored shares of `ids` by `shares` (a problem without one, deleted, has none),
/// and adds the deltas to the sums, dropping the keys no problem has any more.
pub fn save(
    conn: &mut DbConnection,
    ids: &[IssueId],
    shares: &HashMap<IssueId, ProblemShare>,
    deltas: &Deltas,
) -> QueryResult<()> {
    let Deltas { overview: delta, days: day_delta, deadlines: deadline_delta } = deltas;
    for chunk in ids.chunks(CHUNK) {
        diesel::delete(issue_stat_rows::table.filter(issue_stat_rows::issue_id.eq_any(chunk))).execute(conn)?;
        let rows: Vec<_> = chunk
            .iter()
            .filter_map(|id| shares.get(id).map(|s| (id, s)))
            .map(|(id, s)| {
                let json = serde_json::to_string(s).expect("a share serialises");
                (issue_stat_rows::issue_id.eq(id.clone()), issue_stat_rows::share.eq(json))
            })
            .collect();
        crate::db::insert_rows!(conn, issue_stat_rows::table, rows, CHUNK);
    }
    let marks: Vec<String> = (1..=25).map(|i| format!("${i}")).collect();
    let updates: Vec<String> =
        VALUE_COLUMNS.iter().map(|c| format!("{c} = issue_stat_sums.{c} + excluded.{c}")).collect();
    let sql = format!(
        "INSERT INTO issue_stat_sums ({KEY_COLUMNS}, {}) VALUES ({}) ON CONFLICT ({KEY_COLUMNS}) DO UPDATE SET {}",
        VALUE_COLUMNS.join(", "),
        marks.join(", "),
        updates.join(", ")
    );
    for (key, shares) in delta.iter().filter(|(_, s)| !s.is_zero()) {
        let (texts, owes) = key_texts(key);
        let mut query = diesel::sql_query(sql.as_str()).into_boxed::<MultiBackend>();
        for (i, t) in texts.into_iter().enumerate() {
            query = query.bind::<Text, _>(t);
            if i == 5 {
                query = query.bind::<BigInt, _>(owes);
            }
        }
        for v in shares.values() {
            query = query.bind::<BigInt, _>(v);
        }
        query.execute(conn)?;
    }
    diesel::sql_query("DELETE FROM issue_stat_sums WHERE n = 0").execute(conn)?;
    let sql = "INSERT INTO issue_day_sums (campaign_id, group_id, day, registered, closed, paid, negotiated) \
               VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (campaign_id, group_id, day) DO UPDATE SET \
               registered = issue_day_sums.registered + excluded.registered, \
               closed = issue_day_sums.closed + excluded.closed, \
               paid = issue_day_sums.paid + excluded.paid, \
               negotiated = issue_day_sums.negotiated + excluded.negotiated";
    for ((campaign, group, day), f) in day_delta.iter().filter(|(_, f)| !f.is_zero()) {
        diesel::sql_query(sql)
            .into_boxed::<MultiBackend>()
            .bind::<Text, _>(campaign.to_string())
            .bind::<Text, _>(group.to_string())
            .bind::<Text, _>(day.format("%Y-%m-%d").to_string())
            .bind::<BigInt, _>(f.registered)
            .bind::<BigInt, _>(f.closed)
            .bind::<BigInt, _>(f.paid)
            .bind::<BigInt, _>(f.negotiated)
            .execute(conn)?;
    }
    diesel::sql_query("DELETE FROM issue_day_sums WHERE registered = 0 AND closed = 0 AND paid = 0 AND negotiated = 0")
        .execute(conn)?;
    let sql = "INSERT INTO issue_deadline_sums (campaign_id, group_id, state, category, source, deadline, n) \
               VALUES ($1, $2, $3, $4, $5, $6, $7) \
               ON CONFLICT (campaign_id, group_id, state, category, source, deadline) \
               DO UPDATE SET n = issue_deadline_sums.n + excluded.n";
    for (k, n) in deadline_delta.iter().filter(|(_, n)| **n != 0) {
        diesel::sql_query(sql)
            .into_boxed::<MultiBackend>()
            .bind::<Text, _>(k.campaign_id.to_string())
            .bind::<Text, _>(k.group_id.to_string())
            .bind::<Text, _>(k.state.code())
            .bind::<Text, _>(k.category.clone())
            .bind::<Text, _>(k.source.clone())
            .bind::<Text, _>(k.deadline.format("%Y-%m-%d").to_string())
            .bind::<BigInt, _>(*n)
            .execute(conn)?;
    }
    diesel::sql_query("DELETE FROM issue_deadline_sums WHERE n = 0").execute(conn)?;
    Ok(())
}

#[derive(QueryableByName)]
struct WarnedRow {
    #[diesel(sql_type = Text)]
    group_id: String,
    #[diesel(sql_type = BigInt)]
    red: i64,
    #[diesel(sql_type = BigInt)]
    yellow: i64,
}

/// Per work group, the key's problems as folded whose deadline runs and is before `today` (red),
/// and those due from `today` to `horizon` (yellow).
pub fn warned(
    conn: &mut DbConnection,
    key: &CountKey,
    (today, horizon): (NaiveDate, NaiveDate),
) -> QueryResult<Vec<(GroupId, i64, i64)>> {
    // Today and the horizon are $1 and $2: they come first in the text.
    let (filter, binds) = key.where_clause_from(3);
    let sql = format!(
        "SELECT group_id, CAST(SUM(CASE WHEN deadline < $1 THEN n ELSE 0 END) AS BIGINT) AS red, \
         CAST(SUM(CASE WHEN deadline >= $1 AND deadline <= $2 THEN n ELSE 0 END) AS BIGINT) AS yellow \
         FROM issue_deadline_sums WHERE {filter} GROUP BY group_id"
    );
    let day = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    let mut query =
        diesel::sql_query(sql).into_boxed::<MultiBackend>().bind::<Text, _>(day(today)).bind::<Text, _>(day(horizon));
    for value in binds {
        query = query.bind::<Text, _>(value);
    }
    query
        .load::<WarnedRow>(conn)?
        .into_iter()
        .map(|r| Ok((r.group_id.parse().map_err(|_| unknown("group", &r.group_id))?, r.red, r.yellow)))
        .collect()
}

/// A problem's columns besides its money that its share is made of.
#[derive(Debug, Clone, Queryable)]
pub struct ProblemRow {
    pub campaign_id: CampaignId,
    pub state: State,
    pub source: String,
    pub closure_kind: Option<ClosureKind>,
    pub amount_involved_fen: i64,
    pub amount_resolved_fen: i64,
    pub deadline: Option<NaiveDate>,
    pub created_at: NaiveDateTime,
    pub closed_at: Option<NaiveDateTime>,
    pub migrated: bool,
}

/// Everything one problem's share is computed from.
#[derive(Debug, Clone)]
pub struct ProblemInputs {
    pub row: ProblemRow,
    pub money: ProblemMoney,
    pub verifications: VerificationTally,
    /// Its payment records: (paid on, 协商减免 or not, amount in fen).
    pub payments: Vec<(NaiveDate, bool, i64)>,
}

fn ids_of(chunk: &[IssueId]) -> IssueIds<'_> {
    issues::table.filter(issues::id.eq_any(chunk)).select(issues::id).into_boxed()
}

/// The inputs of these problems' shares (a deleted problem has none).
pub fn inputs(conn: &mut DbConnection, ids: &[IssueId]) -> QueryResult<Vec<ProblemInputs>> {
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(CHUNK) {
        let rows: Vec<(MoneyBase, ProblemRow)> = issues::table
            .filter(issues::id.eq_any(chunk))
            .select((
                MONEY_BASE,
                (
                    issues::campaign_id,
                    issues::state,
                    issues::source,
                    issues::closure_kind,
                    issues::amount_involved_fen,
                    issues::amount_resolved_fen,
                    issues::deadline,
                    issues::created_at,
                    issues::closed_at,
                    issues::migrated,
                ),
            ))
            .load(conn)?;
        let (bases, rows): (Vec<MoneyBase>, Vec<ProblemRow>) = rows.into_iter().unzip();
        let money = with_money(conn, bases, || ids_of(chunk))?;
        let verifications = verifications_per_issue(conn, ids_of(chunk))?;
        let mut payments: HashMap<IssueId, Vec<(NaiveDate, bool, i64)>> = HashMap::new();
        let records: Vec<(IssueId, NaiveDate, PaymentMethod, i64)> = issue_payments::table
            .filter(issue_payments::issue_id.eq_any(chunk))
            .select((
                issue_payments::issue_id,
                issue_payments::paid_on,
                issue_payments::method,
                issue_payments::amount_fen,
            ))
            .load(conn)?;
        for (id, day, method, amount) in records {
            payments.entry(id).or_default().push((day, method == PaymentMethod::Negotiated, amount));
        }
        out.extend(rows.into_iter().zip(money).map(|(row, money)| ProblemInputs {
            verifications: verifications.get(&money.id).copied().unwrap_or_default(),
            payments: payments.remove(&money.id).unwrap_or_default(),
            row,
            money,
        }));
    }
    Ok(out)
}
