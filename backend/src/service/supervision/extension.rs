//! 延期申请: the responsible unit asks for a later deadline; the office or the group's lead
//! decides. The deadline changes only on approval.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

use crate::{
    audit::{self, Entry},
    db::{DbConnection, ExtensionId, IssueId},
    domain::{
        permissions::Permission,
        supervision::{self, ExtensionStatus, NotificationKind},
    },
    error::ApiError,
    service::{
        Context, events,
        events::EventKind,
        issues::{ExtensionDto, facts_of, find_visible},
        supervision::notify,
        validate::Validator,
    },
    store::{self, issues::Issue, supervision::ExtensionRequest},
};

#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExtensionRequestBody {
    /// The new deadline asked for; after the current one.
    pub requested_deadline: NaiveDate,
    #[schema(max_length = 2000, example = "资金需列入下季度预算, 申请延期一个月", pattern = r"\S")]
    pub reason: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"approve": true, "comment": "同意延期至下季度预算下达后"}))]
pub struct ExtensionDecisionBody {
    /// `true` approves (the deadline becomes the requested one), `false` refuses.
    pub approve: bool,
    #[schema(max_length = 2000, pattern = r"\S")]
    pub comment: String,
}

/// 申请延期: by the responsible unit while assigned or rectifying, before the deadline has
/// passed; one open request at a time.
pub fn request_extension(
    conn: &mut DbConnection,
    cx: &Context,
    id: &IssueId,
    body: ExtensionRequestBody,
) -> Result<ExtensionDto, ApiError> {
    cx.principal.require(Permission::ReadIssues)?;
    let issue = find_visible(conn, cx, id)?;
    let pending = store::supervision::pending_extension(conn, id)?;
    let facts = facts_of(&issue, &store::issues::cooperating(conn, id)?, pending.is_some());
    match supervision::extension_refusal(&cx.caller(), &facts, cx.clock.today()) {
        Some("forbidden") => return Err(ApiError::forbidden("只有责任单位可以申请延期")),
        Some(reason) => return Err(ApiError::conflict("extension_not_allowed", reason)),
        None => {}
    }
    let requester = cx.principal.require_user()?.clone();
    let current = issue.deadline.ok_or_else(|| ApiError::internal("extension without a deadline"))?;
    let mut v = Validator::default();
    let reason = v.text("reason", &body.reason, 2000);
    v.check(body.requested_deadline > current, "requested_deadline", "申请的时限应晚于当前整改时限");
    v.finish()?;
    let request = ExtensionRequest {
        id: ExtensionId::new(),
        issue_id: id.clone(),
        unit_id: cx.principal.unit_id.clone(),
        requested_by_id: requester,
        requested_by_name: cx.principal.username.clone(),
        current_deadline: current,
        requested_deadline: body.requested_deadline,
        reason,
        status: ExtensionStatus::Pending,
        decided_by_id: None,
        decided_by_name: None,
        decision_comment: None,
        created_at: cx.clock.now(),
        decided_at: None,
    };
    store::supervision::insert_extension(conn, &request)?;
    let to = notify::office_and_group_leads(conn, &issue)?;
    notify::send(
        conn,
        cx.clock.now(),
        &to,
        &issue,
        NotificationKind::ExtensionRequested,
        &format!("延期申请: {}", issue.number),
        &format!(
            "{} 申请将 {} 的整改时限由 {current} 延至 {}。",
            cx.principal.unit_name, issue.number, request.requested_deadline
        ),
    )?;
    audit::append(
        conn,
        Entry::new(&cx.actor(), &cx.meta, "issue.request_extension", "issue").entity(id).after(&request),
    )?;
    Ok(ExtensionDto::from(request))
}

/// 审批延期申请: approve (the deadline becomes the requested one) or refuse.
pub fn decide_extension(
    conn: &mut DbConnection,
    cx: &Context,
    id: &IssueId,
    body: ExtensionDecisionBody,
) -> Result<Issue, ApiError> {
    cx.principal.require(Permission::ReadIssues)?;
    let issue = find_visible(conn, cx, id)?;
    let pending = store::supervision::pending_extension(conn, id)?;
    let caller = cx.caller();
    let facts = facts_of(&issue, &store::issues::cooperating(conn, id)?, pending.is_some());
    if !(caller.office || caller.leads(&issue.group_id)) {
        return Err(ApiError::forbidden("只有综合办公室和本组牵头单位可以审批延期申请"));
    }
    let Some(mut request) = pending.filter(|_| supervision::may_decide_extension(&caller, &facts)) else {
        return Err(ApiError::conflict("no_pending_extension", "该问题没有待审批的延期申请"));
    };
    let decider = cx.principal.require_user()?.clone();
    let mut v = Validator::default();
    let comment = v.text("comment", &body.comment, 2000);
    v.finish()?;
    let now = cx.clock.now();
    request.status = if body.approve { ExtensionStatus::Approved } else { ExtensionStatus::Refused };
    request.decided_by_id = Some(decider);
    request.decided_by_name = Some(cx.principal.username.clone());
    request.decision_comment = Some(comment);
    request.decided_at = Some(now);
    store::supervision::save_extension(conn, &request)?;
    let mut updated = issue.clone();
    if body.approve {
        updated.deadline = Some(request.requested_deadline);
        updated.updated_at = now;
        if !store::issues::save(conn, &updated, issue.version)? {
            return Err(ApiError::conflict("concurrent_update", "该问题刚被他人处理, 请刷新后重试"));
        }
        updated.version += 1;
        events::record(conn, EventKind::DeadlineChanged, &updated)?;
    }
    notify_decision(conn, cx, &updated, &request, body.approve)?;
    audit::append(
        conn,
        Entry::new(&cx.actor(), &cx.meta, "issue.decide_extension", "issue")
            .entity(id)
            .before(json!({ "deadline": issue.deadline }))
            .after(json!({ "deadline": updated.deadline, "request": &request })),
    )?;
    Ok(updated)
}

fn notify_decision(
    conn: &mut DbConnection,
    cx: &Context,
    issue: &Issue,
    request: &ExtensionRequest,
    approved: bool,
) -> Result<(), ApiError> {
    let to = notify::unit_users(conn, Some(&request.unit_id))?;
    let verdict = if approved {
        format!("同意, 整改时限延至 {}", request.requested_deadline)
    } else {
        "不同意".to_owned()
    };
    notify::send(
        conn,
        cx.clock.now(),
        &to,
        issue,
        NotificationKind::ExtensionDecided,
        &format!("延期申请已审批: {}", issue.number),
        &format!("{} 的延期申请: {verdict}。{}", issue.number, request.decision_comment.clone().unwrap_or_default()),
    )
}
