//! What a problem's read model needs besides its own row, for a page of problems in one
//! statement: the facts (joined), the sum of the payment records, the 发现单位 and the cooperating
//! units (scalar subqueries), and whether an extension request is pending or a repayment plan is
//! current. The two rarer kinds of row (the pending request, the plan's instalments) are read
//! only for the problems flagged here, so the common read costs this one query.

use diesel::{
    dsl::sql,
    prelude::*,
    sql_types::{BigInt, Bool, Nullable, Text},
};

use crate::{
    db::{
        DbConnection, IssueId, UnitId,
        schema::{issue_facts, issues},
    },
    store::facts::Facts,
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

// Written against the outer `issues` row; the same text on both backends.
const RESOLVED: &str =
    "(SELECT CAST(COALESCE(SUM(p.amount_fen), 0) AS BIGINT) FROM issue_payments p WHERE p.issue_id = issues.id)";
const FOUND_BY: &str =
    "(SELECT u.unit_id FROM issue_units u WHERE u.issue_id = issues.id AND u.relation = 'found_by' LIMIT 1)";
const PENDING: &str =
    "EXISTS (SELECT 1 FROM extension_requests e WHERE e.issue_id = issues.id AND e.status = 'pending')";
const PLAN: &str = "EXISTS (SELECT 1 FROM repayment_plans r WHERE r.issue_id = issues.id AND r.is_current)";

/// The related rows of these problems (those that exist), in no particular order.
pub fn related_of(conn: &mut DbConnection, ids: &[IssueId]) -> QueryResult<Vec<Related>> {
    // Unit ids are UUIDs: a comma never occurs in one.
    let concat = match conn {
        DbConnection::Postgres(_) => "string_agg(u.unit_id, ',')",
        DbConnection::Sqlite(_) => "group_concat(u.unit_id, ',')",
    };
    let cooperating =
        format!("(SELECT {concat} FROM issue_units u WHERE u.issue_id = issues.id AND u.relation = 'cooperating')");
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(1000) {
        let rows = issues::table
            .left_join(issue_facts::table)
            .filter(super::any_of::any_issue(issues::id, chunk))
            .select((
                issues::id,
                Option::<Facts>::as_select(),
                sql::<BigInt>(RESOLVED),
                sql::<Nullable<Text>>(FOUND_BY),
                sql::<Nullable<Text>>(&cooperating),
                sql::<Bool>(PENDING),
                sql::<Bool>(PLAN),
            ))
            .load::<(IssueId, Option<Facts>, i64, Option<UnitId>, Option<String>, bool, bool)>(conn)?;
        for (issue_id, facts, resolved_fen, found_by, cooperating, pending, plan) in rows {
            let cooperating = match cooperating {
                Some(list) => list.split(',').map(str::parse).collect::<Result<Vec<UnitId>, _>>().map_err(|_| {
                    diesel::result::Error::DeserializationError(format!("配合单位有误: {list:?}").into())
                })?,
                None => Vec::new(),
            };
            out.push(Related {
                issue_id,
                facts,
                resolved_fen,
                found_by,
                cooperating,
                pending_extension: pending,
                current_plan: plan,
            });
        }
    }
    Ok(out)
}
