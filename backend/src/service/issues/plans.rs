//! 还款计划: instalments adding up to what is outstanding, set (and changed, as a new version) by
//! whoever may record payments. Payments recorded under the current version meet its
//! instalments in order; payments made before a plan existed are not matched.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

use crate::{
    audit::{self, Entry},
    db::{DbConnection, IssueId},
    domain::{
        permissions::Permission,
        repayment::{self, InstalmentStatus, RepaymentStatus},
    },
    error::ApiError,
    service::{
        Context, events,
        events::EventKind,
        issues::{find_visible, payments, save},
        validate::Validator,
    },
    store::{
        self,
        issues::Issue,
        plans::{Instalment, Plan},
    },
};

/// One instalment as asked.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InstalmentInput {
    /// 约定还款日 (may lie in the past: a plan agreed earlier).
    pub due_on: NaiveDate,
    #[schema(minimum = 1, maximum = 100000000000000_i64)]
    pub amount_fen: i64,
}

/// A repayment plan to set: its instalments, in date order, adding up to what is outstanding.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"instalments": [
    {"due_on": "2026-04-30", "amount_fen": 4_000_000},
    {"due_on": "2026-06-30", "amount_fen": 4_000_000},
    {"due_on": "2026-09-30", "amount_fen": 4_800_000},
]}))]
pub struct SetRepaymentPlan {
    #[schema(min_items = 1, max_items = 120)]
    pub instalments: Vec<InstalmentInput>,
    #[schema(max_length = 2000)]
    pub note: Option<String>,
}

/// An instalment with what the payments gave it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct InstalmentDto {
    /// 1-based.
    pub seq: i32,
    pub due_on: NaiveDate,
    pub amount_fen: i64,
    pub paid_fen: i64,
    pub status: InstalmentStatus,
}

/// One version of a plan, for the list of versions.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PlanVersionDto {
    pub version: i32,
    pub is_current: bool,
    pub set_by: String,
    pub set_at: DateTime<Utc>,
}

/// A repayment plan (one version) and how it stands.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RepaymentPlanDto {
    pub issue_id: IssueId,
    pub version: i32,
    pub is_current: bool,
    /// What was outstanding when this version was set (the instalments add up to it).
    pub outstanding_fen: i64,
    pub note: Option<String>,
    pub set_by: String,
    pub set_at: DateTime<Utc>,
    pub instalments: Vec<InstalmentDto>,
    /// Paid under this version (records made after it was set, corrections included).
    pub paid_fen: i64,
    pub status: RepaymentStatus,
    pub missed_instalments: usize,
    pub next_due_on: Option<NaiveDate>,
    /// Every version, oldest first (`?version=N` reads one).
    pub versions: Vec<PlanVersionDto>,
    /// Whether the caller may set a new version now.
    pub may_change: bool,
}

/// A problem's plan health on its read (`repayment`), apart from the deadline warning.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RepaymentSummary {
    pub status: RepaymentStatus,
    pub plan_version: i32,
    pub instalments: usize,
    pub missed_instalments: usize,
    pub next_due_on: Option<NaiveDate>,
    pub planned_fen: i64,
    pub paid_fen: i64,
}

fn as_domain(rows: &[Instalment]) -> Vec<repayment::Instalment> {
    rows.iter().map(|i| repayment::Instalment { due_on: i.due_on, amount_fen: i.amount_fen }).collect()
}

/// The summary of a plan's current instalments (their stored allocation) on `today`.
pub fn summary(rows: &[Instalment], today: NaiveDate) -> Option<RepaymentSummary> {
    let first = rows.first()?;
    let paid: i64 = rows.iter().map(|i| i.paid_fen).sum();
    let s = repayment::standing(&as_domain(rows), paid, today);
    Some(RepaymentSummary {
        status: s.status,
        plan_version: first.version,
        instalments: rows.len(),
        missed_instalments: s.missed,
        next_due_on: s.next_due_on,
        planned_fen: rows.iter().map(|i| i.amount_fen).sum(),
        paid_fen: paid,
    })
}

/// How many of a plan's current instalments are missed on `today`, the first one's date and
/// what they still lack; `None` when none is.
pub fn shortfall(rows: &[Instalment], today: NaiveDate) -> Option<(usize, NaiveDate, i64)> {
    let plan = as_domain(rows);
    let s = repayment::standing(&plan, rows.iter().map(|i| i.paid_fen).sum(), today);
    s.shortfall(&plan).map(|(first, lacking)| (s.missed, first, lacking))
}

/// The summaries of several problems' plans.
pub fn summaries(
    conn: &mut DbConnection,
    ids: &[IssueId],
    today: NaiveDate,
) -> Result<HashMap<IssueId, RepaymentSummary>, ApiError> {
    Ok(store::plans::current_instalments_of(conn, ids)?
        .into_iter()
        .filter_map(|(id, rows)| summary(&rows, today).map(|s| (id, s)))
        .collect())
}

/// Meets the payments recorded under the current version with its instalments again (after a
/// payment, a correction or a new version), storing each instalment's share.
pub fn reallocate(conn: &mut DbConnection, issue_id: &IssueId) -> Result<(), ApiError> {
    let Some(plan) = store::plans::current(conn, issue_id)? else { return Ok(()) };
    let paid = store::payments::under_plans(conn, &[(issue_id.clone(), plan.version)])?.remove(issue_id).unwrap_or(0);
    let mut left = paid.max(0);
    for i in store::plans::instalments(conn, issue_id, plan.version)? {
        let share = left.min(i.amount_fen);
        left -= share;
        if share != i.paid_fen {
            store::plans::set_paid(conn, &i, share)?;
        }
    }
    Ok(())
}

/// 还款计划 (current, or `version`): 404 when the problem has none (or no such version).
pub fn get_plan(
    conn: &mut DbConnection,
    cx: &Context,
    id: &IssueId,
    version: Option<i32>,
) -> Result<RepaymentPlanDto, ApiError> {
    cx.principal.require(Permission::ReadIssues)?;
    let issue = find_visible(conn, cx, id)?;
    let versions = store::plans::versions(conn, id)?;
    let plan = match version {
        None => versions.iter().find(|p| p.is_current),
        Some(v) => versions.iter().find(|p| p.version == v),
    }
    .cloned()
    .ok_or_else(|| ApiError::not_found("该问题尚无此还款计划"))?;
    dto(conn, cx, &issue, plan, &versions)
}

fn dto(
    conn: &mut DbConnection,
    cx: &Context,
    issue: &Issue,
    plan: Plan,
    versions: &[Plan],
) -> Result<RepaymentPlanDto, ApiError> {
    let rows = store::plans::instalments(conn, &issue.id, plan.version)?;
    let paid: i64 = rows.iter().map(|i| i.paid_fen).sum();
    let standing = repayment::standing(&as_domain(&rows), paid, cx.clock.today());
    Ok(RepaymentPlanDto {
        issue_id: issue.id.clone(),
        version: plan.version,
        is_current: plan.is_current,
        outstanding_fen: plan.outstanding_fen,
        note: plan.note,
        set_by: plan.set_by_name,
        set_at: plan.created_at.and_utc(),
        instalments: rows
            .iter()
            .zip(&standing.instalments)
            .map(|(i, (paid, status))| InstalmentDto {
                seq: i.seq,
                due_on: i.due_on,
                amount_fen: i.amount_fen,
                paid_fen: *paid,
                status: *status,
            })
            .collect(),
        paid_fen: paid,
        status: standing.status,
        missed_instalments: standing.missed,
        next_due_on: standing.next_due_on,
        versions: versions
            .iter()
            .map(|p| PlanVersionDto {
                version: p.version,
                is_current: p.is_current,
                set_by: p.set_by_name.clone(),
                set_at: p.created_at.and_utc(),
            })
            .collect(),
        may_change: payments::may_record(conn, cx, issue)?,
    })
}

/// 制定/调整还款计划: a new current version whose instalments add up to what is outstanding now.
pub fn set_plan(
    conn: &mut DbConnection,
    cx: &Context,
    id: &IssueId,
    cmd: SetRepaymentPlan,
) -> Result<RepaymentPlanDto, ApiError> {
    cx.principal.require(Permission::ReadIssues)?;
    let before = find_visible(conn, cx, id)?;
    if !payments::may_record(conn, cx, &before)? {
        if repayment::is_dismissed(before.closure_kind) {
            return Err(ApiError::conflict("dismissed", "不予立项的问题没有还款计划"));
        }
        return Err(ApiError::forbidden("只有整改中问题的责任单位或综合办公室可以制定还款计划"));
    }
    let mut v = Validator::default();
    let note = v.optional_text("note", cmd.note.as_deref(), 2000);
    if cmd.instalments.len() > 120 {
        v.add("instalments", "最多 120 期");
    }
    let resolved = store::payments::total(conn, id)?;
    let outstanding = payments::amount_due(conn, &before)? - resolved;
    let asked: Vec<repayment::Instalment> =
        cmd.instalments.iter().map(|i| repayment::Instalment { due_on: i.due_on, amount_fen: i.amount_fen }).collect();
    for (field, message) in repayment::check_plan(&asked, outstanding) {
        v.add(field, message);
    }
    v.finish()?;
    let now = cx.clock.now();
    let previous = store::plans::versions(conn, id)?;
    let version = previous.iter().map(|p| p.version).max().unwrap_or(0) + 1;
    let plan = Plan {
        issue_id: id.clone(),
        version,
        is_current: true,
        outstanding_fen: outstanding,
        note,
        unit_id: Some(cx.principal.unit_id.clone()),
        set_by_kind: cx.principal.kind(),
        set_by_id: cx.principal.subject_id(),
        set_by_name: cx.principal.username.clone(),
        created_at: now,
    };
    let rows: Vec<Instalment> = asked
        .iter()
        .enumerate()
        .map(|(k, i)| Instalment {
            issue_id: id.clone(),
            version,
            seq: i32::try_from(k + 1).unwrap_or(i32::MAX),
            due_on: i.due_on,
            amount_fen: i.amount_fen,
            paid_fen: 0,
            is_current: true,
        })
        .collect();
    store::plans::insert_current(conn, &plan, &rows)?;
    let mut issue = before.clone();
    issue.updated_at = now;
    save(conn, &mut issue, before.version)?;
    events::record(conn, EventKind::RepaymentPlanSet, &issue)?;
    audit::append(
        conn,
        Entry::new(&cx.actor(), &cx.meta, "issue.repayment_plan", "issue")
            .entity(id)
            .before(json!({ "version": previous.iter().map(|p| p.version).max() }))
            .after(json!({ "version": version, "outstanding_fen": outstanding, "instalments": &rows })),
    )?;
    let versions = store::plans::versions(conn, id)?;
    dto(conn, cx, &issue, plan, &versions)
}
