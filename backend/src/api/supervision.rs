//! Supervision: chasing (催办), deadline extensions (延期申请), notifications. The handlers call
//! `service::supervision`; the deadline scan is a job (`jobs::deadlines`).

use actix_web::{HttpResponse, get, post, web};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::api::common::BadPage;
use crate::{
    api::{
        common::{IssueErrors, PageQuery},
        extract::ApiJson,
        state::AppState,
    },
    db::{IssueId, NotificationId},
    error::{ApiError, Problem},
    service::{
        Context,
        issues::{self, ExtensionDto, IssueDto},
        supervision::{self, ExtensionDecisionBody, ExtensionRequestBody, NotificationPage, UrgeDto, UrgeRequest},
    },
};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NotificationQuery {
    /// Only unread ones.
    #[serde(default)]
    pub unread_only: bool,
}

/// 催办
///
/// Office and the problem's group lead; notifies the responsible unit and records the urge on the timeline.
#[utoipa::path(
    tag = "supervision",
    operation_id = "urgeIssue",
    params(("id" = IssueId, Path, description = "问题 id")),
    request_body = UrgeRequest,
    responses(
        (status = 201, description = "已催办", body = UrgeDto),
        IssueErrors,
        (status = 409, description = "问题不在交办或整改中", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = [])),
)]
#[post("/issues/{id}/urge")]
pub async fn urge_issue(
    state: web::Data<AppState>,
    cx: Context,
    id: web::Path<IssueId>,
    body: ApiJson<UrgeRequest>,
) -> Result<HttpResponse, ApiError> {
    let dto = state.write(move |conn| supervision::urge(conn, &cx, &id, body.0)).await?;
    Ok(HttpResponse::Created().json(dto))
}

/// 申请延期
///
/// By the responsible unit while the problem is assigned or rectifying and before its deadline
/// has passed; one open request at a time. The deadline changes only on approval.
#[utoipa::path(
    tag = "supervision",
    operation_id = "requestExtension",
    params(("id" = IssueId, Path, description = "问题 id")),
    request_body = ExtensionRequestBody,
    responses(
        (status = 201, description = "已提交", body = ExtensionDto),
        IssueErrors,
        (status = 409, description = "已有待审批的申请、时限已过或问题不在办理中", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = [])),
)]
#[post("/issues/{id}/extension-requests")]
pub async fn request_extension(
    state: web::Data<AppState>,
    cx: Context,
    id: web::Path<IssueId>,
    body: ApiJson<ExtensionRequestBody>,
) -> Result<HttpResponse, ApiError> {
    let dto = state.write(move |conn| supervision::request_extension(conn, &cx, &id, body.0)).await?;
    Ok(HttpResponse::Created().json(dto))
}

/// 审批延期申请
///
/// The office or the group's lead approves (the deadline becomes the requested one) or refuses.
#[utoipa::path(
    tag = "supervision",
    operation_id = "decideExtension",
    params(("id" = IssueId, Path, description = "问题 id")),
    request_body = ExtensionDecisionBody,
    responses(
        (status = 200, description = "已审批; 答复为更新后的问题", body = IssueDto),
        IssueErrors,
        (status = 409, description = "没有待审批的延期申请", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = [])),
)]
#[post("/issues/{id}/extension-requests/decision")]
pub async fn decide_extension(
    state: web::Data<AppState>,
    cx: Context,
    id: web::Path<IssueId>,
    body: ApiJson<ExtensionDecisionBody>,
) -> Result<HttpResponse, ApiError> {
    let dto = state
        .write(move |conn| {
            let issue = supervision::decide_extension(conn, &cx, &id, body.0)?;
            issues::view(conn, &cx, issue)
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
        BadPage,
    ),
    security(("bearer_jwt" = [])),
)]
#[get("/notifications")]
pub async fn list_notifications(
    state: web::Data<AppState>,
    cx: Context,
    query: web::Query<NotificationQuery>,
    page: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    let (page, page_size, _) = page.resolve()?;
    let unread_only = query.unread_only;
    let result = state.db(move |conn| supervision::list_notifications(conn, &cx, unread_only, page, page_size)).await?;
    Ok(HttpResponse::Ok().json(result))
}

/// 标记通知已读
///
/// Only the caller's own notifications; marking one already read changes nothing.
#[utoipa::path(
    tag = "supervision",
    operation_id = "markNotificationRead",
    params(("id" = NotificationId, Path, description = "通知 id")),
    responses(
        (status = 204, description = "已读"),
        (status = 404, description = "通知不存在", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = [])),
)]
#[post("/notifications/{id}/read")]
pub async fn mark_read(
    state: web::Data<AppState>,
    cx: Context,
    id: web::Path<NotificationId>,
) -> Result<HttpResponse, ApiError> {
    state.write(move |conn| supervision::mark_read(conn, &cx, &id)).await?;
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
    ),
    security(("bearer_jwt" = [])),
)]
#[post("/notifications/read-all")]
pub async fn mark_all_read(state: web::Data<AppState>, cx: Context) -> Result<HttpResponse, ApiError> {
    state.write(move |conn| supervision::mark_all_read(conn, &cx)).await?;
    Ok(HttpResponse::NoContent().finish())
}

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(urge_issue)
        .service(request_extension)
        .service(decide_extension)
        .service(list_notifications)
        .service(mark_all_read)
        .service(mark_read);
}
