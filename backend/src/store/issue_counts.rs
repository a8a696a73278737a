//! Maintained counts of the problems per campaign, work group, state, category and source
//! (#24): triggers append each change's net effect to `issue_count_deltas`, the `count_fold`
//! job folds them into `issue_counts`, and a count sums both in one statement (one snapshot),
//! so it is exact at every moment (see the migration `issue_counts`).

use diesel::{
    QueryableByName,
    prelude::*,
    sql_types::{BigInt, Text},
};

use crate::{
    db::{CampaignId, DbConnection, GroupId},
    domain::{lifecycle::State, permissions::IssueScope},
    store::issues::{ListFilter, Visibility},
};

/// Which counts to sum: each `None` (or empty list) is every value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CountKey {
    pub campaign_id: Option<CampaignId>,
    /// Any of these groups (a group lead's scope, or the filter's one group).
    pub groups: Option<Vec<GroupId>>,
    pub states: Vec<State>,
    pub category: Option<String>,
    pub source: Option<String>,
}

impl CountKey {
    /// The maintained counts' key for a scope and filter, when they answer it. Every field of the
    /// filter is named, so that a new one is not silently ignored here.
    pub fn of(v: &Visibility, f: &ListFilter) -> Option<Self> {
        let ListFilter {
            states,
            group_id,
            unit_id: None,
            category,
            source,
            warning: None,
            campaign_id,
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
            arrears_age: None,
            debtor_nature: None,
            disputed: None,
            today: _,
            window_days: _,
        } = f
        else {
            return None;
        };
        let scope_groups = match v {
            Visibility::Scope(IssueScope::All) => None,
            Visibility::Scope(IssueScope::Limited { groups, unit: None }) => Some(groups.clone()),
            _ => return None,
        };
        let groups = match (scope_groups, group_id) {
            (None, None) => None,
            (None, Some(g)) => Some(vec![g.clone()]),
            (Some(scope), None) => Some(scope),
            (Some(scope), Some(g)) => Some(scope.into_iter().filter(|x| x == g).collect()),
        };
        Some(Self {
            campaign_id: campaign_id.clone(),
            groups,
            states: states.clone(),
            category: category.clone(),
            source: source.clone(),
        })
    }
}

impl CountKey {
    /// Whether a problem of these values is one of the key's.
    pub fn matches(&self, campaign: &CampaignId, group: &GroupId, state: State, category: &str, source: &str) -> bool {
        self.campaign_id.as_ref().is_none_or(|c| c == campaign)
            && self.groups.as_ref().is_none_or(|gs| gs.contains(group))
            && (self.states.is_empty() || self.states.contains(&state))
            && self.category.as_deref().is_none_or(|c| c == category)
            && self.source.as_deref().is_none_or(|s| s == source)
    }

    /// The key as SQL terms over the key columns (`campaign_id`, `group_id`, `state`,
    /// `category`, `source`) with `$n` placeholders, and the values to bind, in order.
    pub(crate) fn where_clause(&self) -> (String, Vec<String>) {
        self.where_clause_from(1)
    }

    /// [`Self::where_clause`] with placeholders from `$first` on, for a statement whose own
    /// placeholders come first. (On SQLite `$n` is a named parameter, numbered by its first
    /// appearance in the text: the placeholders must first appear in the order of their numbers.)
    pub(crate) fn where_clause_from(&self, first: usize) -> (String, Vec<String>) {
        let mut binds: Vec<String> = Vec::new();
        let mut terms: Vec<String> = vec!["1 = 1".into()];
        let mut term = |column: &str, values: Vec<String>| {
            let first = first + binds.len();
            let marks: Vec<String> = (first..first + values.len()).map(|i| format!("${i}")).collect();
            terms.push(if marks.is_empty() { "1 = 0".into() } else { format!("{column} IN ({})", marks.join(", ")) });
            binds.extend(values);
        };
        if let Some(c) = &self.campaign_id {
            term("campaign_id", vec![c.to_string()]);
        }
        if let Some(groups) = &self.groups {
            term("group_id", groups.iter().map(ToString::to_string).collect());
        }
        if !self.states.is_empty() {
            term("state", self.states.iter().map(|s| s.code().to_owned()).collect());
        }
        if let Some(c) = &self.category {
            term("category", vec![c.clone()]);
        }
        if let Some(s) = &self.source {
            term("source", vec![s.clone()]);
        }
        (terms.join(" AND "), binds)
    }
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// The number of problems with this key.
pub fn total(conn: &mut DbConnection, key: &CountKey) -> QueryResult<i64> {
    let (filter, binds) = key.where_clause();
    // One statement, so that the counts and the deltas are read in one snapshot: a fold between
    // two reads would count its deltas twice or not at all. Each placeholder is bound once and
    // used in both branches (on SQLite `$1` is a named parameter: one value however often used).
    let sql =
        format!("SELECT n FROM issue_counts WHERE {filter} UNION ALL SELECT n FROM issue_count_deltas WHERE {filter}");
    let mut query = diesel::sql_query(sql).into_boxed::<crate::db::MultiBackend>();
    for value in binds {
        query = query.bind::<Text, _>(value);
    }
    Ok(query.load::<Count>(conn)?.iter().map(|c| c.n).sum())
}

/// Folds the deltas into the counts (and drops the keys no problem has any more); answers how
/// many counts changed. In the caller's write transaction.
pub fn fold(conn: &mut DbConnection) -> QueryResult<usize> {
    const KEY: &str = "campaign_id, group_id, state, category, source";
    let changed = match conn {
        // One statement: exactly the deltas it deletes are the ones it adds, whatever commits
        // meanwhile.
        DbConnection::Postgres(_) => diesel::sql_query(format!(
            "WITH folded AS (DELETE FROM issue_count_deltas RETURNING {KEY}, n) \
             INSERT INTO issue_counts ({KEY}, n) SELECT {KEY}, SUM(n) FROM folded GROUP BY {KEY} \
             ON CONFLICT ({KEY}) DO UPDATE SET n = issue_counts.n + excluded.n"
        ))
        .execute(conn),
        // The write transaction holds the database: the two statements see the same deltas.
        DbConnection::Sqlite(_) => {
            let added = diesel::sql_query(format!(
                "INSERT INTO issue_counts ({KEY}, n) SELECT {KEY}, SUM(n) FROM issue_count_deltas WHERE 1 = 1 \
                 GROUP BY {KEY} ON CONFLICT ({KEY}) DO UPDATE SET n = issue_counts.n + excluded.n"
            ))
            .execute(conn)?;
            diesel::sql_query("DELETE FROM issue_count_deltas").execute(conn)?;
            Ok(added)
        }
    }?;
    diesel::sql_query("DELETE FROM issue_counts WHERE n = 0").execute(conn)?;
    Ok(changed)
}
