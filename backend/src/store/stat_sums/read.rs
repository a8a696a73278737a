//! Reading the sums: which rows of them answer a scope and filter ([`SumsKey`]), and those rows
//! summed as a question needs them (the overview's keys, the owed arrears' classes, the days,
//! the red and yellow counts).

use super::*;

/// Which work groups a read of the sums takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Groups {
    Any,
    In(Vec<GroupId>),
    NotIn(Vec<GroupId>),
}

impl Groups {
    fn holds(&self, group: &GroupId) -> bool {
        match self {
            Self::Any => true,
            Self::In(gs) => gs.contains(group),
            Self::NotIn(gs) => !gs.contains(group),
        }
    }
}

/// One part of a question's problems: the district's sums (`unit: None`) or a unit's (only the
/// problems it handles with `handles_only`), within some work groups.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Read {
    pub unit: Option<UnitId>,
    pub handles_only: bool,
    pub groups: Groups,
}

impl Read {
    /// The set of sums it reads.
    pub fn sums(&self) -> Sums {
        if self.unit.is_some() { Sums::Units } else { Sums::District }
    }

    /// Whether a share of `whose` sums in this work group is one of the read's.
    pub fn holds(&self, whose: &Whose, group: &GroupId) -> bool {
        let whose_ok = match (whose, &self.unit) {
            (Whose::District, None) => true,
            (Whose::Unit { unit, handles }, Some(u)) => unit == u && (*handles || !self.handles_only),
            _ => false,
        };
        whose_ok && self.groups.holds(group)
    }
}

/// The sums that answer a question: those of the key, in any of the reads. The reads take
/// disjoint sets of problems, so their sums add up to the question's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SumsKey {
    /// Campaign, the filter's work group, states, category, source (no scope).
    pub key: CountKey,
    pub reads: Vec<Read>,
}

impl SumsKey {
    /// The sums' key for a scope and filter, when they answer it. Every scope is answered: the
    /// district, a group lead's groups, a unit's problems, a group lead who is also a unit user
    /// (its groups' problems, and its unit's outside them); the unit filter too, except another
    /// unit's problems within a unit's scope.
    pub fn of(v: &Visibility, f: &ListFilter) -> Option<Self> {
        let all = Visibility::Scope(IssueScope::All);
        let key = CountKey::of(&all, &ListFilter { unit_id: None, ..f.clone() })?;
        let (scope_groups, scope_unit) = match v {
            Visibility::Scope(IssueScope::All) => (None, None),
            Visibility::Scope(IssueScope::Limited { groups, unit }) => (Some(groups.clone()), unit.clone()),
            _ => return None,
        };
        let read = |unit: Option<UnitId>, handles_only, groups| Read { unit, handles_only, groups };
        let reads = match (f.unit_id.clone(), scope_unit, scope_groups) {
            // Every problem a unit handles is in its own scope.
            (Some(x), Some(u), _) if x == u => vec![read(Some(u), true, Groups::Any)],
            (Some(_), Some(_), _) => return None,
            (Some(x), None, None) => vec![read(Some(x), true, Groups::Any)],
            (Some(x), None, Some(gs)) => vec![read(Some(x), true, Groups::In(gs))],
            (None, None, groups) => vec![read(None, false, groups.map_or(Groups::Any, Groups::In))],
            (None, Some(u), None) => vec![read(Some(u), false, Groups::Any)],
            (None, Some(u), Some(gs)) if gs.is_empty() => vec![read(Some(u), false, Groups::Any)],
            (None, Some(u), Some(gs)) => {
                vec![read(None, false, Groups::In(gs.clone())), read(Some(u), false, Groups::NotIn(gs))]
            }
        };
        Some(Self { key, reads })
    }

    /// Whether a row of `whose` sums, of this campaign and work group, is one of `read`'s (the
    /// trend's day sums: kept per campaign and group alone).
    pub fn holds(&self, read: &Read, whose: &Whose, (campaign, group): (&CampaignId, &GroupId)) -> bool {
        self.key.campaign_id.as_ref().is_none_or(|c| c == campaign)
            && self.key.groups.as_ref().is_none_or(|gs| gs.contains(group))
            && read.holds(whose, group)
    }

    /// Whether a share of `whose` sums under `k` is one of `read`'s.
    pub fn matches(&self, read: &Read, whose: &Whose, k: &ShareKey) -> bool {
        self.holds(read, whose, (&k.campaign_id, &k.group_id))
            && self.key.matches(&k.campaign_id, &k.group_id, k.state, &k.category, &k.source)
    }

    /// `read`'s terms in SQL with `$n` placeholders from `$first` on, and the values to bind.
    fn where_clause_from(&self, read: &Read, first: usize) -> (String, Vec<String>) {
        let (base, mut binds) = self.key.where_clause_from(first);
        let mut terms = vec![base];
        let mut mark = |value: String| {
            binds.push(value);
            format!("${}", first + binds.len() - 1)
        };
        if let Some(unit) = &read.unit {
            terms.push(format!("unit_id = {}", mark(unit.to_string())));
            if read.handles_only {
                terms.push("handles = 1".into());
            }
        }
        match &read.groups {
            Groups::Any => {}
            Groups::In(gs) if gs.is_empty() => terms.push("1 = 0".into()),
            Groups::NotIn(gs) if gs.is_empty() => {}
            Groups::In(gs) | Groups::NotIn(gs) => {
                let op = if matches!(read.groups, Groups::In(_)) { "IN" } else { "NOT IN" };
                let marks: Vec<String> = gs.iter().map(|g| mark(g.to_string())).collect();
                terms.push(format!("group_id {op} ({})", marks.join(", ")));
            }
        }
        (terms.join(" AND "), binds)
    }
}

/// A statement over `read`'s sums of `key`'s problems: `{filter}` in `sql` stands for its terms,
/// `{table}` for the table of `table`'s name in its set of sums.
fn over_key<'a>(
    sql: &str,
    table: &str,
    (key, read): (&SumsKey, &Read),
) -> diesel::query_builder::BoxedSqlQuery<'a, MultiBackend, diesel::query_builder::SqlQuery> {
    let (filter, binds) = key.where_clause_from(read, 1);
    let sql = sql.replace("{filter}", &filter).replace("{table}", &read.sums().table(table));
    let mut query = diesel::sql_query(sql).into_boxed::<MultiBackend>();
    for value in binds {
        query = query.bind::<Text, _>(value);
    }
    query
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// How many of `read`'s problems of the key there are as folded (without the problems still
/// marked).
pub fn count(conn: &mut DbConnection, question: (&SumsKey, &Read)) -> QueryResult<i64> {
    let sql = "SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) AS n FROM {table} WHERE {filter}";
    Ok(over_key(sql, "stat_sums", question).get_result::<Count>(conn)?.n)
}

/// `read`'s sums of the key's problems as folded (without the problems still marked), the owed
/// arrears' classes summed away (see [`owed`]): a few hundred rows.
pub fn sums(conn: &mut DbConnection, question: (&SumsKey, &Read)) -> QueryResult<Vec<Share>> {
    const KEY: &str = "campaign_id, group_id, state, category, source, closure_kind";
    let values: Vec<String> = VALUE_COLUMNS.iter().map(|c| format!("CAST(SUM({c}) AS BIGINT) AS {c}")).collect();
    let sql = format!(
        "SELECT {KEY}, CAST(0 AS BIGINT) AS owes, '' AS agreed_payment_on, '' AS debtor_nature, \
         '' AS enterprise_size, {} FROM {{table}} WHERE {{filter}} GROUP BY {KEY}",
        values.join(", ")
    );
    over_key(&sql, "stat_sums", question).load::<SumRow>(conn)?.into_iter().map(SumRow::share).collect()
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

/// `read`'s owed arrears of the key as folded, along each of their classes.
pub fn owed(conn: &mut DbConnection, question: (&SumsKey, &Read)) -> QueryResult<OwedMarginals> {
    let mut by = |column: &str| {
        let sql = format!(
            "SELECT {column} AS class, CAST(SUM(n) AS BIGINT) AS problems, \
             CAST(SUM(due - counted) AS BIGINT) AS outstanding \
             FROM {{table}} WHERE {{filter}} AND owes = 1 GROUP BY {column}"
        );
        over_key(&sql, "stat_sums", question).load::<OwedRow>(conn)
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

/// A row of the day sums as read: summed over whose sums it was part of.
#[derive(QueryableByName)]
#[diesel(table_name = crate::db::schema::issue_day_sums)]
struct DayRow {
    campaign_id: String,
    group_id: String,
    day: String,
    #[diesel(embed)]
    figures: DayFigures,
}

/// `read`'s day sums of the key's campaign and groups as folded (without the problems still
/// marked). Only the key's campaign and groups apply: the day sums are kept per those alone.
pub fn day_sums(conn: &mut DbConnection, question: (&SumsKey, &Read)) -> QueryResult<Vec<(DayKey, DayFigures)>> {
    let sql = "SELECT campaign_id, group_id, day, CAST(SUM(registered) AS BIGINT) AS registered, \
               CAST(SUM(closed) AS BIGINT) AS closed, CAST(SUM(paid) AS BIGINT) AS paid, \
               CAST(SUM(negotiated) AS BIGINT) AS negotiated FROM {table} \
               WHERE {filter} GROUP BY campaign_id, group_id, day";
    over_key(sql, "day_sums", question)
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

#[derive(QueryableByName)]
struct WarnedRow {
    #[diesel(sql_type = Text)]
    group_id: String,
    #[diesel(sql_type = BigInt)]
    red: i64,
    #[diesel(sql_type = BigInt)]
    yellow: i64,
}

/// Per work group, `read`'s problems of the key as folded whose deadline runs and is before
/// `today` (red), and those due from `today` to `horizon` (yellow).
pub fn warned(
    conn: &mut DbConnection,
    (key, read): (&SumsKey, &Read),
    (today, horizon): (NaiveDate, NaiveDate),
) -> QueryResult<Vec<(GroupId, i64, i64)>> {
    // Today and the horizon are $1 and $2: they come first in the text.
    let (filter, binds) = key.where_clause_from(read, 3);
    let sql = format!(
        "SELECT group_id, CAST(SUM(CASE WHEN deadline < $1 THEN n ELSE 0 END) AS BIGINT) AS red, \
         CAST(SUM(CASE WHEN deadline >= $1 AND deadline <= $2 THEN n ELSE 0 END) AS BIGINT) AS yellow \
         FROM {} WHERE {filter} GROUP BY group_id",
        read.sums().table("deadline_sums")
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
