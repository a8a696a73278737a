//! Supervision: chasing (催办), deadline extensions (延期申请), notifications, and the
//! periodic deadline scan that notifies yellow and red warnings once.

use actix_web::{HttpResponse, get, post, web};
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::{
    api::{
        common::{PageQuery, Validator},
        extract::{ApiJson, RequestMeta},
        issues::{DtoContext, ExtensionDto, IssueDto, caller_of, facts_of, load_dto, visibility_of},
        users::utc,
    },
    audit::{self, Entry},
    auth::Principal,
    db::{DbConnection, Id},
    domain::{
        lifecycle::Action,
        permissions::Permission,
        roles::Role,
        supervision,
        warning::{self, Warning},
    },
    error::{ApiError, Problem},
    startup::AppState,
    store::{
        self,
        issues::Issue,
        supervision::{ExtensionRequest, Urge},
    },
};

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UrgeRequest {
    #[schema(max_length = 1000, example = "请于本周内完成整改并报送进展", pattern = r"\S")]
    pub message: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExtensionRequestBody {
    /// The new deadline asked for; after the current one.
    pub requested_deadline: NaiveDate,
    #[schema(max_length = 2000, example = "资金需列入下季度预算, 申请延期一个月", pattern = r"\S")]
    pub reason: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"approve": true, "comment": "同意延期至下季度预算下达后"}))]
pub struct ExtensionDecisionBody {
    /// `true` approves (the deadline becomes the requested one), `false` refuses.
    pub approve: bool,
    #[schema(max_length = 2000, pattern = r"\S")]
    pub comment: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationDto {
    pub id: Id,
    pub issue_id: Option<Id>,
    /// `assigned`, `returned`, `rejected`, `urged`, `extension_decided`, `extension_requested`, `deadline_yellow`, `deadline_red`.
    #[schema(example = "urged")]
    pub kind: String,
    #[schema(example = "催办: LY2024-00042")]
    pub title: String,
    pub body: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub read_at: Option<chrono::DateTime<chrono::Utc>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationPage {
    pub items: Vec<NotificationDto>,
    pub total: i64,
    /// Unread notifications of the caller in all.
    pub unread: i64,
    pub page: i64,
    pub page_size: i64,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NotificationQuery {
    /// Only unread ones.
    #[serde(default)]
    pub unread_only: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UrgeDto {
    pub id: Id,
    pub issue_id: Id,
    pub message: String,
    #[schema(example = "office")]
    pub by: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

fn not_found() -> ApiError {
    ApiError::not_found("问题不存在或无权查看")
}

fn unit_users(conn: &mut DbConnection, unit: Option<&Id>) -> Result<Vec<Id>, ApiError> {
    match unit {
        Some(u) => Ok(store::supervision::recipients(conn, Role::Unit, Some(u))?),
        None => Ok(Vec::new()),
    }
}

/// Notifications that follow a transition.
pub fn notify_transition(
    conn: &mut DbConnection,
    issue: &Issue,
    action: Action,
    by: &Principal,
    now: NaiveDateTime,
) -> Result<(), ApiError> {
    let subject = format!("{} {}", issue.number, issue.title);
    match action {
        Action::Assign => {
            let to = unit_users(conn, issue.responsible_unit_id.as_ref())?;
            let deadline = issue.deadline.map(|d| d.to_string()).unwrap_or_default();
            store::supervision::notify(
                conn,
                &to,
                Some(&issue.id),
                "assigned",
                &format!("新交办问题: {}", issue.number),
                &format!("{subject} 已交办贵单位, 整改时限 {deadline}。"),
                now,
            )?;
        }
        Action::Return => {
            let mut to = store::supervision::recipients(conn, Role::Office, None)?;
            to.extend(store::supervision::group_leads(conn, &issue.group_id)?);
            store::supervision::notify(
                conn,
                &to,
                Some(&issue.id),
                "returned",
                &format!("问题被退回: {}", issue.number),
                &format!("{subject} 被 {} 退回, 请重新交办。", by.unit_name),
                now,
            )?;
        }
        Action::Reject => {
            let to = unit_users(conn, issue.responsible_unit_id.as_ref())?;
            store::supervision::notify(
                conn,
                &to,
                Some(&issue.id),
                "rejected",
                &format!("核查不通过: {}", issue.number),
                &format!("{subject} 核查不通过, 请继续整改。"),
                now,
            )?;
        }
        _ => {}
    }
    Ok(())
}

/// 催办
///
/// Office and the problem's group lead; notifies the responsible unit and records the urge on the timeline.
#[utoipa::path(
    tag = "supervision",
    operation_id = "urgeIssue",
    params(("id" = Id, Path, description = "问题 id")),
    request_body = UrgeRequest,
    responses(
        (status = 201, description = "已催办", body = UrgeDto),
        (status = 400, description = "请求格式有误", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "未登录", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "只有综合办公室和本组牵头单位可以催办", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "问题不存在或不在数据范围内", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "问题不在交办或整改中", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "字段有误", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = [])),
)]
#[post("/issues/{id}/urge")]
pub async fn urge_issue(
    state: web::Data<AppState>,
    principal: Principal,
    meta: RequestMeta,
    id: web::Path<Id>,
    body: ApiJson<UrgeRequest>,
) -> Result<HttpResponse, ApiError> {
    principal.require(Permission::ReadIssues)?;
    let id = id.into_inner();
    let dto = state
        .write(move |conn| {
            let issue = store::issues::find_visible(conn, &visibility_of(&principal), &id)?.ok_or_else(not_found)?;
            let caller = caller_of(&principal);
            let facts = facts_of(&issue, &store::issues::cooperating(conn, &id)?, false);
            if !supervision::may_urge(&caller, &facts) {
                if caller.office || caller.leads(&issue.group_id) {
                    return Err(ApiError::conflict("not_in_progress", "只有交办或整改中的问题可以催办"));
                }
                return Err(ApiError::forbidden("只有综合办公室和本组牵头单位可以催办"));
            }
            let mut v = Validator::default();
            let message = v.text("message", &body.message, 1000);
            v.finish()?;
            let now = store::now();
            let urge = Urge {
                id: Id::new(),
                issue_id: id.clone(),
                unit_id: issue.responsible_unit_id.clone(),
                actor_id: principal.user_id.to_string(),
                actor_name: principal.username.clone(),
                actor_unit_id: Some(principal.unit_id.to_string()),
                message: message.clone(),
                created_at: now,
            };
            store::supervision::insert_urge(conn, &urge)?;
            let to = unit_users(conn, issue.responsible_unit_id.as_ref())?;
            store::supervision::notify(
                conn,
                &to,
                Some(&id),
                "urged",
                &format!("催办: {}", issue.number),
                &format!("{} {}: {message}", issue.number, issue.title),
                now,
            )?;
            audit::append(conn, Entry::new(&principal.actor(), &meta, "issue.urge", "issue").entity(&id).after(&urge))?;
            Ok(UrgeDto { id: urge.id, issue_id: id, message, by: urge.actor_name, created_at: utc(now) })
        })
        .await?;
    Ok(HttpResponse::Created().json(dto))
}

/// 申请延期
///
/// By the responsible unit while the problem is assigned or rectifying and before its deadline
/// has passed; one open request at a time. The deadline changes only on approval.
#[utoipa::path(
    tag = "supervision",
    operation_id = "requestExtension",
    params(("id" = Id, Path, description = "问题 id")),
    request_body = ExtensionRequestBody,
    responses(
        (status = 201, description = "已提交", body = ExtensionDto),
        (status = 400, description = "请求格式有误", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "未登录", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "只有责任单位可以申请延期", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "问题不存在或不在数据范围内", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "已有待审批的申请、时限已过或问题不在办理中", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "字段有误", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = [])),
)]
#[post("/issues/{id}/extension-requests")]
pub async fn request_extension(
    state: web::Data<AppState>,
    principal: Principal,
    meta: RequestMeta,
    id: web::Path<Id>,
    body: ApiJson<ExtensionRequestBody>,
) -> Result<HttpResponse, ApiError> {
    principal.require(Permission::ReadIssues)?;
    let id = id.into_inner();
    let dto = state
        .write(move |conn| {
            let issue = store::issues::find_visible(conn, &visibility_of(&principal), &id)?.ok_or_else(not_found)?;
            let pending = store::supervision::pending_extension(conn, &id)?;
            let caller = caller_of(&principal);
            let facts = facts_of(&issue, &store::issues::cooperating(conn, &id)?, pending.is_some());
            let today = warning::today_shanghai();
            match supervision::extension_refusal(&caller, &facts, today) {
                Some("forbidden") => return Err(ApiError::forbidden("只有责任单位可以申请延期")),
                Some(reason) => return Err(ApiError::conflict("extension_not_allowed", reason)),
                None => {}
            }
            let current = issue.deadline.expect("checked");
            let mut v = Validator::default();
            let reason = v.text("reason", &body.reason, 2000);
            v.check(body.requested_deadline > current, "requested_deadline", "申请的时限应晚于当前整改时限");
            v.finish()?;
            let now = store::now();
            let request = ExtensionRequest {
                id: Id::new(),
                issue_id: id.clone(),
                unit_id: principal.unit_id.clone(),
                requested_by_id: principal.user_id.to_string(),
                requested_by_name: principal.username.clone(),
                current_deadline: current,
                requested_deadline: body.requested_deadline,
                reason,
                status: "pending".into(),
                decided_by_id: None,
                decided_by_name: None,
                decision_comment: None,
                created_at: now,
                decided_at: None,
            };
            store::supervision::insert_extension(conn, &request)?;
            let mut to = store::supervision::recipients(conn, Role::Office, None)?;
            to.extend(store::supervision::group_leads(conn, &issue.group_id)?);
            store::supervision::notify(
                conn,
                &to,
                Some(&id),
                "extension_requested",
                &format!("延期申请: {}", issue.number),
                &format!(
                    "{} 申请将 {} 的整改时限由 {current} 延至 {}。",
                    principal.unit_name, issue.number, request.requested_deadline
                ),
                now,
            )?;
            audit::append(
                conn,
                Entry::new(&principal.actor(), &meta, "issue.request_extension", "issue").entity(&id).after(&request),
            )?;
            Ok(ExtensionDto::from(request))
        })
        .await?;
    Ok(HttpResponse::Created().json(dto))
}

/// 审批延期申请
///
/// The office or the group's lead approves (the deadline becomes the requested one) or refuses.
#[utoipa::path(
    tag = "supervision",
    operation_id = "decideExtension",
    params(("id" = Id, Path, description = "问题 id")),
    request_body = ExtensionDecisionBody,
    responses(
        (status = 200, description = "已审批; 答复为更新后的问题", body = IssueDto),
        (status = 400, description = "请求格式有误", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "未登录", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "只有综合办公室和本组牵头单位可以审批", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "问题不存在或不在数据范围内", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "没有待审批的延期申请", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "字段有误", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = [])),
)]
#[post("/issues/{id}/extension-requests/decision")]
pub async fn decide_extension(
    state: web::Data<AppState>,
    principal: Principal,
    meta: RequestMeta,
    id: web::Path<Id>,
    body: ApiJson<ExtensionDecisionBody>,
) -> Result<HttpResponse, ApiError> {
    principal.require(Permission::ReadIssues)?;
    let id = id.into_inner();
    let window = state.config.warning_days;
    let dto = state
        .write(move |conn| {
            let issue = store::issues::find_visible(conn, &visibility_of(&principal), &id)?.ok_or_else(not_found)?;
            let pending = store::supervision::pending_extension(conn, &id)?;
            let caller = caller_of(&principal);
            let facts = facts_of(&issue, &store::issues::cooperating(conn, &id)?, pending.is_some());
            if !(caller.office || caller.leads(&issue.group_id)) {
                return Err(ApiError::forbidden("只有综合办公室和本组牵头单位可以审批延期申请"));
            }
            if !supervision::may_decide_extension(&caller, &facts) {
                return Err(ApiError::conflict("no_pending_extension", "该问题没有待审批的延期申请"));
            }
            let mut request = pending.expect("checked");
            let mut v = Validator::default();
            let comment = v.text("comment", &body.comment, 2000);
            v.finish()?;
            let now = store::now();
            request.status = if body.approve { "approved" } else { "refused" }.into();
            request.decided_by_id = Some(principal.user_id.to_string());
            request.decided_by_name = Some(principal.username.clone());
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
            }
            let to = store::supervision::recipients(conn, Role::Unit, Some(&request.unit_id))?;
            let verdict = if body.approve {
                format!("同意, 整改时限延至 {}", request.requested_deadline)
            } else {
                "不同意".to_owned()
            };
            store::supervision::notify(
                conn,
                &to,
                Some(&id),
                "extension_decided",
                &format!("延期申请已审批: {}", issue.number),
                &format!(
                    "{} 的延期申请: {verdict}。{}",
                    issue.number,
                    request.decision_comment.clone().unwrap_or_default()
                ),
                now,
            )?;
            audit::append(
                conn,
                Entry::new(&principal.actor(), &meta, "issue.decide_extension", "issue")
                    .entity(&id)
                    .before(serde_json::json!({ "deadline": issue.deadline }))
                    .after(serde_json::json!({ "deadline": updated.deadline, "request": &request })),
            )?;
            load_dto(
                conn,
                updated,
                &DtoContext { caller: &caller, today: warning::today_shanghai(), window_days: window },
            )
        })
        .await?;
    Ok(HttpResponse::Ok().json(dto))
}

/// 我的通知
///
/// Newest first, with the number of unread ones.
#[utoipa::path(
    tag = "supervision",
    operation_id = "listNotifications",
    params(NotificationQuery, PageQuery),
    responses(
        (status = 200, description = "通知", body = NotificationPage),
        (status = 401, description = "未登录", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "分页参数有误", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = [])),
)]
#[get("/notifications")]
pub async fn list_notifications(
    state: web::Data<AppState>,
    principal: Principal,
    query: web::Query<NotificationQuery>,
    page: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    let (page, page_size, offset) = page.resolve()?;
    let unread_only = query.unread_only;
    let result = state
        .db(move |conn| {
            let (rows, total, unread) =
                store::supervision::notifications_of(conn, &principal.user_id, unread_only, offset, page_size)?;
            let items = rows
                .into_iter()
                .map(|n| NotificationDto {
                    id: n.id,
                    issue_id: n.issue_id,
                    kind: n.kind,
                    title: n.title,
                    body: n.body,
                    created_at: utc(n.created_at),
                    read_at: n.read_at.map(utc),
                })
                .collect();
            Ok(NotificationPage { items, total, unread, page, page_size })
        })
        .await?;
    Ok(HttpResponse::Ok().json(result))
}

/// 标记通知已读
///
/// Only the caller's own notifications; marking one already read changes nothing.
#[utoipa::path(
    tag = "supervision",
    operation_id = "markNotificationRead",
    params(("id" = Id, Path, description = "通知 id")),
    responses(
        (status = 204, description = "已读"),
        (status = 401, description = "未登录", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "通知不存在", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = [])),
)]
#[post("/notifications/{id}/read")]
pub async fn mark_read(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<Id>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let found = state
        .write(move |conn| Ok(store::supervision::mark_read(conn, &principal.user_id, &id, store::now())?))
        .await?;
    if !found {
        return Err(ApiError::not_found("通知不存在"));
    }
    Ok(HttpResponse::NoContent().finish())
}

/// 全部标记已读
///
/// Marks every unread notification of the caller as read.
#[utoipa::path(
    tag = "supervision",
    operation_id = "markAllNotificationsRead",
    responses(
        (status = 204, description = "已读"),
        (status = 401, description = "未登录", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = [])),
)]
#[post("/notifications/read-all")]
pub async fn mark_all_read(state: web::Data<AppState>, principal: Principal) -> Result<HttpResponse, ApiError> {
    state.write(move |conn| Ok(store::supervision::mark_all_read(conn, &principal.user_id, store::now())?)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Notifies deadline warnings that have not been notified yet: yellow within the window, red
/// once passed, once per problem, threshold and deadline. Safe with several server instances:
/// the `warning_notices` key lets exactly one of them claim each warning. Answers how many
/// warnings it notified.
pub fn scan_deadlines(conn: &mut DbConnection, today: NaiveDate, window_days: i64) -> anyhow::Result<usize> {
    let horizon = today + chrono::Duration::days(window_days);
    let due = store::supervision::due_problems(conn, horizon)?;
    let mut notified = 0;
    for (id, number, title, unit, deadline, group) in due {
        let w = warning::warning(crate::domain::lifecycle::State::Rectifying, Some(deadline), today, window_days);
        let (threshold, kind, head) = match w {
            Warning::Red => ("red", "deadline_red", "已逾期"),
            Warning::Yellow => ("yellow", "deadline_yellow", "即将到期"),
            Warning::None => continue,
        };
        conn.write_tx(|conn| -> anyhow::Result<()> {
            let now = store::now();
            if !store::supervision::claim_warning(conn, &id, threshold, deadline, now)? {
                return Ok(());
            }
            let mut to = unit_users(conn, unit.as_ref()).map_err(|e| anyhow::anyhow!("{e}"))?;
            if threshold == "red" {
                to.extend(store::supervision::group_leads(conn, &group)?);
            }
            store::supervision::notify(
                conn,
                &to,
                Some(&id),
                kind,
                &format!("{head}: {number}"),
                &format!("{number} {title} 的整改时限为 {deadline}, {head}。"),
                now,
            )?;
            notified += 1;
            Ok(())
        })?;
    }
    Ok(notified)
}

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(urge_issue)
        .service(request_extension)
        .service(decide_extension)
        .service(list_notifications)
        .service(mark_all_read)
        .service(mark_read);
}
