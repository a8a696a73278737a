//! What a problem's read model needs besides its own row, for a page of problems in one
//! statement: the facts (joined), the sum of the payment records, the 发现单位 and the cooperating
//! units (scalar subqueries), and whether an extension request is pending or a repayment plan is
//! current. The two rarer kinds of row (the pending request, the plan's instalments) are read
//! only for the problems flagged here, so the common read costs this one query.

use diesel::{
    prelude::*,
    sql_types::{BigInt, Bool, Nullable, Text},
};

use crate::{
    db::{
        DbConnection, IssueId, UnitId,
        schema::{issue_facts, issues},
    },
    domain::permissions::IssueScope,
    store::{
        facts::Facts,
        fixed::fixed_sql,
        issues::{Issue, Visibility, visibility_filter},
    },
};

/// The related rows of one problem, as far as they fit in one row.
#[derive(Debug, Clone)]
pub struct Related {
    pub issue_id: IssueId,
    pub facts: Option<Facts>,
    /// The sum of the payment records (协商减免 and corrections included).
    pub resolved_fen: i64,
    pub found_by: Option<UnitId>,
    /// Unordered.
    pub cooperating: Vec<UnitId>,
    pub pending_extension: bool,
    pub current_plan: bool,
}

// Written against the outer `issues` row; the same text on both backends but the aggregate.
const RESOLVED_SQL: &str =
    "(SELECT CAST(COALESCE(SUM(p.amount_fen), 0) AS BIGINT) FROM issue_payments p WHERE p.issue_id = issues.id)";
const FOUND_BY_SQL: &str =
    "(SELECT u.unit_id FROM issue_units u WHERE u.issue_id = issues.id AND u.relation = 'found_by' LIMIT 1)";
const PENDING_SQL: &str =
    "EXISTS (SELECT 1 FROM extension_requests e WHERE e.issue_id = issues.id AND e.status = 'pending')";
const PLAN_SQL: &str = "EXISTS (SELECT 1 FROM repayment_plans r WHERE r.issue_id = issues.id AND r.is_current)";
fixed_sql!(Resolved: BigInt = (RESOLVED_SQL, RESOLVED_SQL));
fixed_sql!(FoundBy: Nullable<Text> = (FOUND_BY_SQL, FOUND_BY_SQL));
// Unit ids are UUIDs: a comma never occurs in one.
fixed_sql!(Cooperating: Nullable<Text> = (
    "(SELECT string_agg(u.unit_id, ',') FROM issue_units u WHERE u.issue_id = issues.id AND u.relation = 'cooperating')",
    "(SELECT group_concat(u.unit_id, ',') FROM issue_units u WHERE u.issue_id = issues.id AND u.relation = 'cooperating')",
));
fixed_sql!(Pending: Bool = (PENDING_SQL, PENDING_SQL));
fixed_sql!(Plan: Bool = (PLAN_SQL, PLAN_SQL));

/// The related columns, after the problem's own.
fn related_columns<DB: diesel::backend::Backend>()
-> (diesel::dsl::AsSelect<Option<Facts>, DB>, Resolved, FoundBy, Cooperating, Pending, Plan)
where
    Option<Facts>: Selectable<DB>,
{
    (Option::<Facts>::as_select(), Resolved, FoundBy, Cooperating, Pending, Plan)
}

type RelatedRow = (Option<Facts>, i64, Option<UnitId>, Option<String>, bool, bool);

fn related(
    (facts, resolved_fen, found_by, cooperating, pending, plan): RelatedRow,
    issue_id: IssueId,
) -> QueryResult<Related> {
    let cooperating = match cooperating {
        Some(list) => list
            .split(',')
            .map(str::parse)
            .collect::<Result<Vec<UnitId>, _>>()
            .map_err(|_| diesel::result::Error::DeserializationError(format!("配合单位有误: {list:?}").into()))?,
        None => Vec::new(),
    };
    Ok(Related { issue_id, facts, resolved_fen, found_by, cooperating, pending_extension: pending, current_plan: plan })
}

/// The related rows of these problems (those that exist), in no particular order.
pub fn related_of(conn: &mut DbConnection, ids: &[IssueId]) -> QueryResult<Vec<Related>> {
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(1000) {
        let rows = issues::table
            .left_join(issue_facts::table)
            .filter(super::any_of::any_issue(issues::id, chunk))
            .select((issues::id, related_columns()))
            .load::<(IssueId, RelatedRow)>(conn)?;
        for (issue_id, row) in rows {
            out.push(related(row, issue_id)?);
        }
    }
    Ok(out)
}

/// A problem the caller may see, with its related rows.
///
/// The read model's statement is built only of typed parts and run on the concrete connection
/// ([`crate::db::on_backend!`]), so diesel finds it in its statement cache by type without
/// building its text (two fifths of a read's CPU went to building it, three times a read). The caller's scope, whose SQL varies with it, is checked apart, in a short statement
/// of its own, and not at all for a caller who sees every problem.
pub fn find_visible(
    conn: &mut DbConnection,
    visibility: &Visibility,
    id: &IssueId,
) -> QueryResult<Option<(Issue, Related)>> {
    if !matches!(visibility, Visibility::Scope(IssueScope::All)) {
        let visible = issues::table
            .filter(issues::id.eq(id))
            .filter(visibility_filter(visibility))
            .select(issues::id)
            .get_result::<IssueId>(conn)
            .optional()?;
        if visible.is_none() {
            return Ok(None);
        }
    }
    let found = crate::db::on_backend!(conn, |c| issues::table
        .left_join(issue_facts::table)
        .filter(issues::id.eq(id))
        .select((Issue::as_select(), related_columns()))
        .get_result::<(Issue, RelatedRow)>(c)
        .optional())?;
    found.map(|(issue, row)| related(row, issue.id.clone()).map(|r| (issue, r))).transpose()
}
