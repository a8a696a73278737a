//! Maintained statistics (#24): each problem's share of the overview (`issue_stat_rows`) and
//! the shares summed per key (`issue_stat_sums`). Triggers mark every changed problem in
//! `issue_stat_dirty`; `service::stats::fold_shares` recomputes the marked problems' shares and
//! adds the difference to the sums (see the migration `issue_stat_sums`). What a share holds is
//! decided in `service::stats` (`sums`); this module only stores and reads it.
//!
//! Every sum is kept for the district (each problem once) and for each unit (the problems it is
//! involved in, see [`Whose`]), so that a unit's scope and the unit filter are answered from sums
//! as the district's questions are ([`SumsKey`]).

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
        CampaignId, DbConnection, GroupId, IssueId, MultiBackend, UnitId,
        schema::{issue_payments, issue_units, issues},
    },
    domain::{
        coded::Coded,
        lifecycle::{ClosureKind, State},
        permissions::{IssueScope, Relation},
        repayment::{DebtorNature, EnterpriseSize, PaymentMethod},
    },
    store::issues::{ListFilter, Visibility},
};

mod read;

pub use read::{Groups, OwedMarginals, Read, SumsKey, count, day_sums, owed, sums, warned};

/// How many problems one statement reads or writes.
const CHUNK: usize = 500;

/// The class of an arrear still owed: what the outstanding arrears are broken down by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct OwedClass {
    pub agreed_payment_on: Option<NaiveDate>,
    pub debtor_nature: Option<DebtorNature>,
    pub enterprise_size: Option<EnterpriseSize>,
}

/// Whose sums a row of the sums is part of.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Whose {
    /// The district's: every problem counts once.
    District,
    /// A unit's: the problems it is involved in (any membership relation, as its data scope);
    /// `handles` when it is the responsible or a cooperating unit (as the unit filter).
    Unit { unit: UnitId, handles: bool },
}

impl Whose {
    /// As stored: `unit_id` ('' for the district) and `handles`.
    fn texts(&self) -> (String, i64) {
        match self {
            Self::District => (String::new(), 0),
            Self::Unit { unit, handles } => (unit.to_string(), i64::from(*handles)),
        }
    }
}

/// The two sets of sums: the district's (every problem once; the tables of the first sums
/// migration) and the units' (`issue_unit_…`, the migration `unit_stat_sums`). Each is marked,
/// folded and read on its own, so that a server of the release before, which knows only the
/// district's, keeps them right during a rolling upgrade.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sums {
    District,
    Units,
}

impl Sums {
    /// The table of this set of sums holding `what` (`stat_dirty`, `stat_rows`, `stat_sums`,
    /// `day_sums`, `deadline_sums`).
    fn table(self, what: &str) -> String {
        match self {
            Self::District => format!("issue_{what}"),
            Self::Units => format!("issue_unit_{what}"),
        }
    }

    /// The key columns that come first: whose sums a row is part of (the units' only).
    fn whose_columns(self) -> &'static str {
        match self {
            Self::District => "",
            Self::Units => "unit_id, handles, ",
        }
    }

    /// Whether a share in `whose` sums is kept in this set.
    pub fn keeps(self, whose: &Whose) -> bool {
        matches!((self, whose), (Self::District, Whose::District) | (Self::Units, Whose::Unit { .. }))
    }
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

/// What the trend's day sums are kept per (besides whose they are).
pub type DayKey = (CampaignId, GroupId, NaiveDate);

/// Everything one problem adds to the sums: its share of the overview, its days in the trend
/// (under its share's campaign and group) and, while its deadline runs, the deadline (for the
/// red and yellow counts of the day asked); the district's sums and each of its units' alike.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProblemShare {
    pub overview: Share,
    pub days: Vec<(NaiveDate, DayFigures)>,
    pub running_deadline: Option<NaiveDate>,
    /// Its units, each once, with whether the unit handles it (see [`Whose::Unit`]). (Not in
    /// the district's shares a server of the release before stored.)
    #[serde(default)]
    pub units: Vec<(UnitId, bool)>,
}

/// What the deadline counts are kept per: the overview's key without the closure kind and the
/// owed class (a problem whose deadline runs is open), and the deadline.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DeadlineKey {
    pub whose: Whose,
    pub campaign_id: CampaignId,
    pub group_id: GroupId,
    pub state: State,
    pub category: String,
    pub source: String,
    pub deadline: NaiveDate,
}

impl ProblemShare {
    /// Whose sums the share is part of: the district's and each of its units'.
    pub fn whose(&self) -> impl Iterator<Item = Whose> + '_ {
        std::iter::once(Whose::District)
            .chain(self.units.iter().map(|(unit, handles)| Whose::Unit { unit: unit.clone(), handles: *handles }))
    }

    /// The problem's deadline count's key in `whose` sums, while its deadline runs.
    pub fn deadline_key(&self, whose: &Whose) -> Option<DeadlineKey> {
        let k = &self.overview.0;
        self.running_deadline.map(|deadline| DeadlineKey {
            whose: whose.clone(),
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

/// Up to `limit` of the problems marked as changed since their share was folded into `sums`.
pub fn marked(conn: &mut DbConnection, sums: Sums, limit: i64) -> QueryResult<Vec<IssueId>> {
    let rows = diesel::sql_query(format!("SELECT DISTINCT issue_id FROM {} LIMIT $1", sums.table("stat_dirty")))
        .into_boxed::<MultiBackend>()
        .bind::<BigInt, _>(limit)
        .load::<Marked>(conn)?;
    issue_ids(rows)
}

/// Takes up to `limit` problems marked for `sums` off the marks (every mark of each), answering
/// them. In the caller's write transaction, which then folds them.
pub fn take_marked(conn: &mut DbConnection, sums: Sums, limit: i64) -> QueryResult<Vec<IssueId>> {
    if conn.is_postgres() {
        // One fold at a time: two folding the same problem would both take its old share out.
        diesel::sql_query("SELECT pg_advisory_xact_lock(2412001)").execute(conn)?;
    }
    let dirty = sums.table("stat_dirty");
    let rows = diesel::sql_query(format!(
        "DELETE FROM {dirty} WHERE issue_id IN (SELECT DISTINCT issue_id FROM {dirty} LIMIT $1) RETURNING issue_id"
    ))
    .into_boxed::<MultiBackend>()
    .bind::<BigInt, _>(limit)
    .load::<Marked>(conn)?;
    issue_ids(rows)
}

/// Gives back the space of the marks the fold took off, on PostgreSQL (on SQLite a delete frees
/// its pages). The rows taken off stay in the marks' tables and their index until vacuumed,
/// and every read of the marks walks them: after folding 1,000,000 problems, 10–45 ms a
/// request that reads the sums, until autovacuum came by (it had not, minutes after). Outside
/// any transaction (`VACUUM` cannot run in one); a no-op within one.
pub fn reclaim_marks(conn: &mut DbConnection) -> QueryResult<()> {
    if conn.is_postgres() && !conn.in_transaction() {
        let tables = [Sums::District, Sums::Units].map(|s| s.table("stat_dirty"));
        diesel::sql_query(format!("VACUUM {}", tables.join(", "))).execute(conn)?;
    }
    Ok(())
}

/// `$first, $first + 1, …` for `n` values.
fn marks(first: usize, n: usize) -> String {
    (first..first + n).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}

/// Takes these problems off the marks for `sums` (they are folded with the batch taken for the
/// other set of sums). In the caller's write transaction.
pub fn unmark(conn: &mut DbConnection, sums: Sums, ids: &[IssueId]) -> QueryResult<()> {
    for chunk in ids.chunks(CHUNK) {
        let sql = format!("DELETE FROM {} WHERE issue_id IN ({})", sums.table("stat_dirty"), marks(1, chunk.len()));
        let mut query = diesel::sql_query(sql).into_boxed::<MultiBackend>();
        for id in chunk {
            query = query.bind::<Text, _>(id.to_string());
        }
        query.execute(conn)?;
    }
    Ok(())
}

#[derive(QueryableByName)]
struct StoredRow {
    #[diesel(sql_type = Text)]
    issue_id: String,
    #[diesel(sql_type = Text)]
    share: String,
}

/// The shares of these problems as last folded into `sums` (a problem not yet folded has none).
pub fn stored(conn: &mut DbConnection, sums: Sums, ids: &[IssueId]) -> QueryResult<HashMap<IssueId, ProblemShare>> {
    let mut out = HashMap::new();
    for chunk in ids.chunks(CHUNK) {
        let sql = format!(
            "SELECT issue_id, share FROM {} WHERE issue_id IN ({})",
            sums.table("stat_rows"),
            marks(1, chunk.len())
        );
        let mut query = diesel::sql_query(sql).into_boxed::<MultiBackend>();
        for id in chunk {
            query = query.bind::<Text, _>(id.to_string());
        }
        for row in query.load::<StoredRow>(conn)? {
            let id = row.issue_id.parse().map_err(|_| unknown("problem id", &row.issue_id))?;
            let share =
                serde_json::from_str(&row.share).map_err(|e| unknown("share", &format!("{} ({e})", row.share)))?;
            out.insert(id, share);
        }
    }
    Ok(out)
}

/// What a fold adds to each of the sums of one set.
#[derive(Debug, Default)]
pub struct Deltas {
    pub overview: BTreeMap<(Whose, ShareKey), Shares>,
    pub days: BTreeMap<(Whose, DayKey), DayFigures>,
    pub deadlines: BTreeMap<DeadlineKey, i64>,
}

/// Replaces the stored shares of `ids` in `sums` by `shares` (a problem without one, deleted,
/// has none), and adds the deltas to the sums, dropping the keys no problem has any more.
pub fn save(
    conn: &mut DbConnection,
    sums: Sums,
    (ids, shares): (&[IssueId], &HashMap<IssueId, ProblemShare>),
    deltas: &Deltas,
) -> QueryResult<()> {
    let Deltas { overview: delta, days: day_delta, deadlines: deadline_delta } = deltas;
    let rows_table = sums.table("stat_rows");
    for chunk in ids.chunks(CHUNK) {
        let sql = format!("DELETE FROM {rows_table} WHERE issue_id IN ({})", marks(1, chunk.len()));
        let mut query = diesel::sql_query(sql).into_boxed::<MultiBackend>();
        for id in chunk {
            query = query.bind::<Text, _>(id.to_string());
        }
        query.execute(conn)?;
        let rows: Vec<(&IssueId, &ProblemShare)> =
            chunk.iter().filter_map(|id| shares.get(id).map(|s| (id, s))).collect();
        if rows.is_empty() {
            continue;
        }
        let values: Vec<String> = (0..rows.len()).map(|i| format!("(${}, ${})", 2 * i + 1, 2 * i + 2)).collect();
        let sql = format!("INSERT INTO {rows_table} (issue_id, share) VALUES {}", values.join(", "));
        let mut query = diesel::sql_query(sql).into_boxed::<MultiBackend>();
        for (id, share) in rows {
            let json = serde_json::to_string(share).expect("a share serialises");
            query = query.bind::<Text, _>(id.to_string()).bind::<Text, _>(json);
        }
        query.execute(conn)?;
    }
    // Whose sums a row is part of, first in the units' sums (the district's have no such
    // columns).
    let whose = |w: &Whose| match sums {
        Sums::District => Vec::new(),
        Sums::Units => {
            let (unit, handles) = w.texts();
            vec![Value::Text(unit), Value::Int(handles)]
        }
    };
    let rows = delta.iter().filter(|((w, _), s)| sums.keeps(w) && !s.is_zero()).map(|((w, key), shares)| {
        let (texts, owes) = key_texts(key);
        let mut row = whose(w);
        for (i, t) in texts.into_iter().enumerate() {
            row.push(Value::Text(t));
            if i == 5 {
                row.push(Value::Int(owes));
            }
        }
        row.extend(shares.values().into_iter().map(Value::Int));
        row
    });
    upsert(conn, sums, ("stat_sums", KEY_COLUMNS, &VALUE_COLUMNS), rows.collect())?;
    diesel::sql_query(format!("DELETE FROM {} WHERE n = 0", sums.table("stat_sums"))).execute(conn)?;
    let rows =
        day_delta.iter().filter(|((w, _), f)| sums.keeps(w) && !f.is_zero()).map(|((w, (campaign, group, day)), f)| {
            let mut row = whose(w);
            row.extend([
                Value::Text(campaign.to_string()),
                Value::Text(group.to_string()),
                Value::Text(day.format("%Y-%m-%d").to_string()),
                Value::Int(f.registered),
                Value::Int(f.closed),
                Value::Int(f.paid),
                Value::Int(f.negotiated),
            ]);
            row
        });
    let day_values = ["registered", "closed", "paid", "negotiated"];
    upsert(conn, sums, ("day_sums", "campaign_id, group_id, day", &day_values), rows.collect())?;
    diesel::sql_query(format!(
        "DELETE FROM {} WHERE registered = 0 AND closed = 0 AND paid = 0 AND negotiated = 0",
        sums.table("day_sums")
    ))
    .execute(conn)?;
    let rows = deadline_delta.iter().filter(|(k, n)| sums.keeps(&k.whose) && **n != 0).map(|(k, n)| {
        let mut row = whose(&k.whose);
        row.extend([
            Value::Text(k.campaign_id.to_string()),
            Value::Text(k.group_id.to_string()),
            Value::Text(k.state.code().to_owned()),
            Value::Text(k.category.clone()),
            Value::Text(k.source.clone()),
            Value::Text(k.deadline.format("%Y-%m-%d").to_string()),
            Value::Int(*n),
        ]);
        row
    });
    let deadline_key = "campaign_id, group_id, state, category, source, deadline";
    upsert(conn, sums, ("deadline_sums", deadline_key, &["n"]), rows.collect())?;
    diesel::sql_query(format!("DELETE FROM {} WHERE n = 0", sums.table("deadline_sums"))).execute(conn)?;
    Ok(())
}

/// A value bound to a statement of [`upsert`].
enum Value {
    Text(String),
    Int(i64),
}

/// How many rows one statement of [`upsert`] adds on PostgreSQL (27 values each at most: far
/// below its limit of bound values).
const UPSERT_ROWS: usize = 200;

/// Adds `rows` (whose columns first, in the units' sums, then the key's, then the values) to the
/// sums in `table` of `sums`. A fold adds thousands of keys: on PostgreSQL a round trip each made
/// folding 100,000 problems take minutes, so there it adds many rows a statement (their keys are
/// distinct: one statement may not update a row twice). SQLite has no round trip, and the
/// benchmark folded faster with a statement a row than with 200 (`docs/performance.md`).
fn upsert(
    conn: &mut DbConnection,
    sums: Sums,
    (table, key, values): (&str, &str, &[&str]),
    rows: Vec<Vec<Value>>,
) -> QueryResult<()> {
    let table = sums.table(table);
    let key = format!("{}{key}", sums.whose_columns());
    let width = key.split(", ").count() + values.len();
    let updates: Vec<String> = values.iter().map(|c| format!("{c} = {table}.{c} + excluded.{c}")).collect();
    let per_statement = if conn.is_postgres() { UPSERT_ROWS } else { 1 };
    for chunk in rows.chunks(per_statement) {
        let tuples: Vec<String> = (0..chunk.len()).map(|i| format!("({})", marks(1 + i * width, width))).collect();
        let sql = format!(
            "INSERT INTO {table} ({key}, {}) VALUES {} ON CONFLICT ({key}) DO UPDATE SET {}",
            values.join(", "),
            tuples.join(", "),
            updates.join(", ")
        );
        let mut query = diesel::sql_query(sql).into_boxed::<MultiBackend>();
        for value in chunk.iter().flatten() {
            query = match value {
                Value::Text(t) => query.bind::<Text, _>(t.clone()),
                Value::Int(n) => query.bind::<BigInt, _>(*n),
            };
        }
        query.execute(conn)?;
    }
    Ok(())
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
    /// Its membership rows: (unit, relation).
    pub units: Vec<(UnitId, Relation)>,
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
        let mut units: HashMap<IssueId, Vec<(UnitId, Relation)>> = HashMap::new();
        let memberships: Vec<(IssueId, UnitId, Relation)> = issue_units::table
            .filter(issue_units::issue_id.eq_any(chunk))
            .select((issue_units::issue_id, issue_units::unit_id, issue_units::relation))
            .order((issue_units::issue_id, issue_units::unit_id))
            .load(conn)?;
        for (id, unit, relation) in memberships {
            units.entry(id).or_default().push((unit, relation));
        }
        out.extend(rows.into_iter().zip(money).map(|(row, money)| ProblemInputs {
            verifications: verifications.get(&money.id).copied().unwrap_or_default(),
            payments: payments.remove(&money.id).unwrap_or_default(),
            units: units.remove(&money.id).unwrap_or_default(),
            row,
            money,
        }));
    }
    Ok(out)
}
