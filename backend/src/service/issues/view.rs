//! Problems as a caller sees them: the read model with names, warning and what the caller may
//! do now. Built with batched lookups (one query per kind of related row, not per problem).

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::{
    db::{CampaignId, DbConnection, ExtensionId, GroupId, IssueId, UnitId},
    domain::{
        lifecycle::{self, Caller, ClosureKind, State},
        permissions::{IssueScope, Permission},
        supervision::{self, ExtensionStatus},
        warning::{self, Warning},
    },
    error::ApiError,
    service::{
        Context, Page,
        issues::{facts_of, find_visible, not_found},
    },
    store::{
        self,
        issues::{Issue, ListFilter, Sort, Visibility},
        supervision::ExtensionRequest,
    },
};

/// A problem as the caller may see it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct IssueDto {
    pub id: IssueId,
    /// Human-readable number, unique and gap-free per year.
    #[schema(example = "LY2024-00042")]
    pub number: String,
    pub campaign_id: CampaignId,
    #[schema(example = "区教育局拖欠某建筑公司校舍维修工程款")]
    pub title: String,
    pub description: String,
    #[schema(example = "agency_arrears")]
    pub category: String,
    #[schema(example = "agency_delay")]
    pub problem_type: String,
    /// What an arrear is owed for: `goods`, `services`, `works`.
    pub arrear_object: Option<String>,
    #[schema(example = "complaint")]
    pub source: String,
    /// The registering system's own reference, unique per source.
    pub source_ref: Option<String>,
    #[schema(example = "随州市鑫源建筑工程有限公司")]
    pub enterprise_name: String,
    #[schema(example = "91421300MA4900000M")]
    pub enterprise_uscc: Option<String>,
    pub enterprise_contact: Option<String>,
    /// Masked in lists (`138****5678`), in full on a single read.
    pub enterprise_phone: Option<String>,
    /// Money involved, in fen (分).
    #[schema(example = 12800000)]
    pub amount_involved_fen: i64,
    /// Money resolved so far, in fen: the sum of the payment records (协商减免 included); above
    /// the amount due only when an overpayment was confirmed.
    #[schema(example = 0)]
    pub amount_resolved_fen: i64,
    pub group_id: GroupId,
    #[schema(example = "机关事业单位拖欠企业账款清理组")]
    pub group_name: String,
    pub responsible_unit_id: Option<UnitId>,
    #[schema(example = "区教育局")]
    pub responsible_unit_name: Option<String>,
    pub cooperating_unit_ids: Vec<UnitId>,
    pub reporting_unit_id: UnitId,
    /// 发现单位: the unit that found the problem itself (自查); null for a clue from a channel.
    pub found_by_unit_id: Option<UnitId>,
    pub reporting_unit_name: String,
    /// The rectification deadline (Asia/Shanghai date).
    pub deadline: Option<NaiveDate>,
    pub measures: Option<String>,
    pub responsible_leader: Option<String>,
    pub responsible_person: Option<String>,
    pub state: State,
    /// Set exactly when closed: `rectified`, `duplicate` or `unfounded`.
    pub closure_kind: Option<ClosureKind>,
    /// Deadline warning, computed at read time on the Asia/Shanghai date.
    pub warning: Warning,
    /// Increases with every change; the ETag carries it.
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
    /// What this caller may do now: transition actions, and `edit` / `progress` /
    /// `record_payment` … when allowed.
    #[schema(example = json!(["assign", "dismiss", "edit"]))]
    pub allowed_actions: Vec<String>,
    /// The fields this caller may change with PATCH now.
    pub editable_fields: Vec<String>,
    /// The extension request awaiting a decision, if any.
    pub open_extension_request: Option<ExtensionDto>,
    /// How the current repayment plan stands (`status`: `on_track`, `missed_instalment`,
    /// `completed`), apart from the deadline `warning`; null without a plan.
    pub repayment: Option<crate::service::issues::RepaymentSummary>,
    /// 应付金额, in fen: the fact when given, else the amount involved.
    pub amount_due_fen: i64,
    /// The facts of the arrear (欠款主体, 约定付款日期 and 账龄, 有无分歧); null when none given.
    pub facts: Option<crate::service::issues::FactsDto>,
}

/// A deadline extension request (延期申请).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ExtensionDto {
    pub id: ExtensionId,
    pub issue_id: IssueId,
    pub unit_id: UnitId,
    #[schema(example = "unit_education")]
    pub requested_by: String,
    pub current_deadline: NaiveDate,
    pub requested_deadline: NaiveDate,
    pub reason: String,
    pub status: ExtensionStatus,
    pub decided_by: Option<String>,
    pub decision_comment: Option<String>,
    pub created_at: DateTime<Utc>,
    pub decided_at: Option<DateTime<Utc>>,
}

impl From<ExtensionRequest> for ExtensionDto {
    fn from(r: ExtensionRequest) -> Self {
        Self {
            id: r.id,
            issue_id: r.issue_id,
            unit_id: r.unit_id,
            requested_by: r.requested_by_name,
            current_deadline: r.current_deadline,
            requested_deadline: r.requested_deadline,
            reason: r.reason,
            status: r.status,
            decided_by: r.decided_by_name,
            decision_comment: r.decision_comment,
            created_at: r.created_at.and_utc(),
            decided_at: r.decided_at.map(|t| t.and_utc()),
        }
    }
}

/// What this caller may do: transitions, then `edit`, `progress`, `urge`, `request_extension`
/// and `decide_extension`; and the fields it may edit.
pub fn allowed_for(
    caller: &Caller<GroupId, UnitId>,
    facts: &lifecycle::Facts<GroupId, UnitId>,
    today: NaiveDate,
) -> (Vec<String>, Vec<String>) {
    let mut actions: Vec<String> =
        lifecycle::allowed_actions(caller, facts).into_iter().map(|a| a.code().to_owned()).collect();
    let fields: Vec<String> =
        lifecycle::editable_fields(caller, facts).into_iter().map(|f| f.name().to_owned()).collect();
    let extra = [
        ("edit", !fields.is_empty()),
        ("progress", lifecycle::may_report_progress(caller, facts)),
        ("urge", supervision::may_urge(caller, facts)),
        ("request_extension", supervision::may_request_extension(caller, facts, today)),
        ("decide_extension", supervision::may_decide_extension(caller, facts)),
        ("record_payment", crate::domain::repayment::may_record(caller, facts)),
    ];
    actions.extend(extra.into_iter().filter(|(_, ok)| *ok).map(|(a, _)| a.to_owned()));
    (actions, fields)
}

fn mask_phone(phone: &str) -> String {
    let chars: Vec<char> = phone.chars().collect();
    if chars.len() >= 7 {
        let head: String = chars[..3].iter().collect();
        let tail: String = chars[chars.len() - 4..].iter().collect();
        format!("{head}****{tail}")
    } else {
        "****".into()
    }
}

/// Everything a DTO needs besides the row, for several problems at once.
struct Related {
    cooperating: HashMap<IssueId, Vec<UnitId>>,
    found_by: HashMap<IssueId, UnitId>,
    /// The sums of the payment records.
    resolved: HashMap<IssueId, i64>,
    repayment: HashMap<IssueId, crate::service::issues::RepaymentSummary>,
    facts: HashMap<IssueId, crate::store::facts::Facts>,
    pending: HashMap<IssueId, ExtensionRequest>,
    names: std::sync::Arc<crate::service::read_cache::OrgNames>,
}

impl Related {
    /// Two statements for any number of problems in the common case (the related rows, and the
    /// names when the cache is stale), and one more per rarer kind of row that some of them have.
    fn load(conn: &mut DbConnection, cx: &Context, issues: &[Issue]) -> Result<Self, ApiError> {
        let ids: Vec<IssueId> = issues.iter().map(|i| i.id.clone()).collect();
        let rows = store::issue_views::related_of(conn, &ids)?;
        Self::of(conn, cx, rows)
    }

    fn of(conn: &mut DbConnection, cx: &Context, rows: Vec<store::issue_views::Related>) -> Result<Self, ApiError> {
        let today = cx.clock.today();
        let mut related = Self {
            cooperating: HashMap::new(),
            found_by: HashMap::new(),
            resolved: HashMap::new(),
            repayment: HashMap::new(),
            facts: HashMap::new(),
            pending: HashMap::new(),
            names: cx.caches.names(conn, cx.read_epoch)?,
        };
        let (mut pending, mut planned) = (Vec::new(), Vec::new());
        for r in rows {
            if r.pending_extension {
                pending.push(r.issue_id.clone());
            }
            if r.current_plan {
                planned.push(r.issue_id.clone());
            }
            if let Some(unit) = r.found_by {
                related.found_by.insert(r.issue_id.clone(), unit);
            }
            if let Some(facts) = r.facts {
                related.facts.insert(r.issue_id.clone(), facts);
            }
            related.resolved.insert(r.issue_id.clone(), r.resolved_fen);
            related.cooperating.insert(r.issue_id, r.cooperating);
        }
        if !pending.is_empty() {
            related.pending = store::supervision::pending_extensions_of(conn, &pending)?
                .into_iter()
                .map(|r| (r.issue_id.clone(), r))
                .collect();
        }
        if !planned.is_empty() {
            related.repayment = crate::service::issues::plans::summaries(conn, &planned, today)?;
        }
        Ok(related)
    }

    fn dto(&mut self, cx: &Context, issue: Issue, in_list: bool) -> IssueDto {
        let mut cooperating = self.cooperating.remove(&issue.id).unwrap_or_default();
        cooperating.sort();
        let pending = self.pending.remove(&issue.id);
        let found_by = self.found_by.remove(&issue.id);
        let today = cx.clock.today();
        let facts = facts_of(&issue, &cooperating, pending.is_some());
        let (allowed_actions, editable_fields) = allowed_for(&cx.caller(), &facts, today);
        let names = &self.names;
        let resolved = self.resolved.get(&issue.id).copied().unwrap_or(0);
        let repayment = self.repayment.remove(&issue.id);
        let facts = self.facts.remove(&issue.id);
        let amount_due_fen = facts.as_ref().and_then(|f| f.amount_due_fen).unwrap_or(issue.amount_involved_fen);
        let facts = facts.map(|f| crate::service::issues::FactsDto::of(f, today));
        IssueDto {
            warning: warning::warning(issue.state, issue.deadline, today, cx.warning_days),
            group_name: names.groups.get(&issue.group_id).cloned().unwrap_or_default(),
            responsible_unit_name: issue.responsible_unit_id.as_ref().and_then(|u| names.units.get(u).cloned()),
            reporting_unit_name: names.units.get(&issue.reporting_unit_id).cloned().unwrap_or_default(),
            enterprise_phone: if in_list {
                issue.enterprise_phone.as_deref().map(mask_phone)
            } else {
                issue.enterprise_phone
            },
            id: issue.id,
            number: issue.number,
            campaign_id: issue.campaign_id,
            title: issue.title,
            description: issue.description,
            category: issue.category,
            problem_type: issue.problem_type,
            arrear_object: issue.arrear_object,
            source: issue.source,
            source_ref: issue.source_ref,
            enterprise_name: issue.enterprise_name,
            enterprise_uscc: issue.enterprise_uscc,
            enterprise_contact: issue.enterprise_contact,
            amount_involved_fen: issue.amount_involved_fen,
            amount_resolved_fen: resolved,
            group_id: issue.group_id,
            responsible_unit_id: issue.responsible_unit_id,
            cooperating_unit_ids: cooperating,
            reporting_unit_id: issue.reporting_unit_id,
            found_by_unit_id: found_by,
            deadline: issue.deadline,
            measures: issue.measures,
            responsible_leader: issue.responsible_leader,
            responsible_person: issue.responsible_person,
            state: issue.state,
            closure_kind: issue.closure_kind,
            version: issue.version,
            created_at: issue.created_at.and_utc(),
            updated_at: issue.updated_at.and_utc(),
            closed_at: issue.closed_at.map(|t| t.and_utc()),
            allowed_actions,
            editable_fields,
            open_extension_request: pending.map(ExtensionDto::from),
            repayment,
            amount_due_fen,
            facts,
        }
    }
}

/// One problem as the caller sees it (after a read or a change).
pub fn view(conn: &mut DbConnection, cx: &Context, issue: Issue) -> Result<IssueDto, ApiError> {
    let mut related = Related::load(conn, cx, std::slice::from_ref(&issue))?;
    Ok(related.dto(cx, issue, false))
}

/// 问题详情: 404 also when the problem exists outside the caller's scope.
pub fn get(conn: &mut DbConnection, cx: &Context, id: &IssueId) -> Result<IssueDto, ApiError> {
    cx.principal.require(Permission::ReadIssues)?;
    let (issue, related) = store::issue_views::find_visible(conn, &cx.visibility(), id)?.ok_or_else(not_found)?;
    let mut related = Related::of(conn, cx, vec![related])?;
    Ok(related.dto(cx, issue, false))
}

/// 按来源编号查询: the same scope as a read by id, so existence outside it is not confirmed.
pub fn by_ref(conn: &mut DbConnection, cx: &Context, source: &str, source_ref: &str) -> Result<IssueDto, ApiError> {
    let issue = visible_by_ref(conn, cx, source, source_ref)?;
    view(conn, cx, issue)
}

/// The problem a source registered under `source_ref`, if the caller may read it (404 otherwise).
pub(super) fn visible_by_ref(
    conn: &mut DbConnection,
    cx: &Context,
    source: &str,
    source_ref: &str,
) -> Result<Issue, ApiError> {
    cx.principal.require(Permission::ReadIssues)?;
    let found = store::issues::find_by_ref(conn, source, source_ref)?.ok_or_else(not_found)?;
    find_visible(conn, cx, &found.id)
}

/// 问题列表: one page of the problems in the caller's scope that pass the filter.
pub fn list(
    conn: &mut DbConnection,
    cx: &Context,
    filter: ListFilter,
    sort: Sort,
    page: i64,
    page_size: i64,
) -> Result<Page<IssueDto>, ApiError> {
    let (rows, total, total_exact) = visible_page(conn, cx, filter, sort, page, page_size)?;
    let mut related = Related::load(conn, cx, &rows)?;
    let items = rows.into_iter().map(|i| related.dto(cx, i, true)).collect();
    Ok(Page { items, total, total_exact, page, page_size })
}

/// One page of the problems in the caller's scope that pass the filter, with the total (and
/// whether it is exact), warnings as of the caller's today.
pub(super) fn visible_page(
    conn: &mut DbConnection,
    cx: &Context,
    mut filter: ListFilter,
    sort: Sort,
    page: i64,
    page_size: i64,
) -> Result<(Vec<Issue>, i64, bool), ApiError> {
    cx.principal.require(Permission::ReadIssues)?;
    filter.today = cx.clock.today();
    filter.window_days = cx.warning_days;
    let visibility = cx.visibility();
    let offset = (page - 1) * page_size;
    // A unit's problems (its scope, or the unit filter) are counted from the units' sums, a
    // warning's from the deadline sums; the district's and the groups' from the maintained
    // counts, in the store. (The sums answer no keyword, so no keyword is planned here.)
    if store::issue_counts::CountKey::of(&visibility, &filter).is_none()
        && let Some(total) = crate::service::stats::count_from_sums(conn, (&visibility, &filter))?
    {
        plan_units(conn, &visibility, &mut filter, sort, (total, offset + page_size))?;
        let rows = store::issues::list(conn, &visibility, &filter, sort, offset, page_size)?;
        return Ok((rows, total, true));
    }
    let common_keyword = store::search::plan_keyword(conn, &mut filter)?;
    let (total, exact) = store::issues::page_total(conn, &visibility, &filter, common_keyword)?;
    // A keyword in many problems is answered by scanning: within a unit, a page then fills
    // within few rows of the walk, where reading the unit's problems by key reads all of them.
    if common_keyword {
        plan_units(conn, &visibility, &mut filter, sort, (total, offset + page_size))?;
    }
    let rows = store::issues::list(conn, &visibility, &filter, sort, offset, page_size)?;
    Ok((rows, total, exact))
}

/// Decides how a list page of `total` problems (as counted: exact, or a lower bound) reads a
/// unit's problems ([`ListFilter::units_by_walk`]), for its first `upto` rows in `sort`: walked
/// where the order is an index's (`store::unit_walk::walkable`) and the walk reads fewer rows
/// (`store::unit_walk::walk_pays`). The problems a walk passes are at most those of the rest
/// of the filter, the unit and any keyword left out: from the maintained counts, or from the
/// sums for a warning (without either, no walk).
pub fn plan_units(
    conn: &mut DbConnection,
    visibility: &Visibility,
    f: &mut ListFilter,
    sort: Sort,
    (total, upto): (i64, i64),
) -> Result<(), ApiError> {
    f.units_by_walk = false;
    if !store::unit_walk::walkable(visibility, f, sort) {
        return Ok(());
    }
    let rest = ListFilter { unit_id: None, q: None, q_by_scan: false, ..f.clone() };
    let all = Visibility::Scope(IssueScope::All);
    let passed = match store::issue_counts::CountKey::of(&all, &rest) {
        Some(key) => Some(store::issue_counts::total(conn, &key)?),
        None => crate::service::stats::count_from_sums(conn, (&all, &rest))?,
    };
    f.units_by_walk = passed.is_some_and(|passed| store::unit_walk::walk_pays(upto, passed, total));
    Ok(())
}

/// The read models of `rows` (as in a list: phones masked), in their order.
pub fn views(conn: &mut DbConnection, cx: &Context, rows: Vec<Issue>) -> Result<Vec<IssueDto>, ApiError> {
    let mut related = Related::load(conn, cx, &rows)?;
    Ok(rows.into_iter().map(|i| related.dto(cx, i, true)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_are_masked() {
        assert_eq!(mask_phone("13871234567"), "138****4567");
        assert_eq!(mask_phone("0722-3456789"), "072****6789");
        assert_eq!(mask_phone("12345"), "****");
    }
}
