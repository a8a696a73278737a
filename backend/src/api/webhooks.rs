//! Webhooks of integration clients (sysadmin) and their deliveries.

use actix_web::{HttpResponse, delete, get, post, web};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::api::common::{BadPage, ClientNotFound, WebhookNotFound};
use crate::{
    api::{
        common::{AdminOnly, PageQuery},
        extract::ApiJson,
        state::AppState,
    },
    db::{DeliveryId, IntegrationClientId, WebhookId},
    error::{ApiError, Problem},
    service::{
        Context, Page,
        webhooks::{self, CreateWebhook, DeliveryDto, DeliveryQuery, WebhookDto},
    },
};

/// 客户端的 Webhook
///
/// The client's webhooks, oldest first, each with its health (last success and failure, failed
/// attempts since the last success, deliveries pending and failed). Secrets are never shown.
#[utoipa::path(
    tag = "webhooks",
    operation_id = "listWebhooks",
    params(("id" = IntegrationClientId, Path, description = "客户端 id")),
    responses(
        (status = 200, description = "Webhook 列表", body = Vec<WebhookDto>),
        AdminOnly,
        ClientNotFound,
    ),
    security(("bearer_jwt" = [])),
)]
#[get("/integration-clients/{id}/webhooks")]
pub async fn list_webhooks(
    state: web::Data<AppState>,
    cx: Context,
    id: web::Path<IntegrationClientId>,
) -> Result<HttpResponse, ApiError> {
    let list = state.db(move |conn| webhooks::list(conn, &cx, &id)).await?;
    Ok(HttpResponse::Ok().json(list))
}

/// 新建 Webhook
///
/// From now on, every event of the problems the client's keys registered whose kind is in
/// `events` (`["*"]`: all) is POSTed to `url` as JSON `{delivery_id, event, seq, occurred_at,
/// data}` with the headers `X-Lvyue-Event`, `X-Lvyue-Delivery` (the receiver's deduplication
/// key), `X-Lvyue-Timestamp` (seconds since the epoch) and `X-Lvyue-Signature: sha256=<hex
/// HMAC-SHA256 of "{timestamp}." + body under the secret>`. Events of one problem arrive in
/// order; a failed delivery (no 2xx answer within the timeout; redirects are not followed) is
/// retried with exponential backoff for 24 hours. Internal addresses are refused unless the
/// operator allowed them (`LVYUE_WEBHOOK_ALLOW`).
#[utoipa::path(
    tag = "webhooks",
    operation_id = "createWebhook",
    params(("id" = IntegrationClientId, Path, description = "客户端 id")),
    request_body = CreateWebhook,
    responses(
        (status = 201, description = "已创建", body = WebhookDto),
        AdminOnly,
        ClientNotFound,
        (status = 409, description = "客户端的 Webhook 已达上限 (10 个)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "网址、事件或密钥有误 (逐项指明字段)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = [])),
)]
#[post("/integration-clients/{id}/webhooks")]
pub async fn create_webhook(
    state: web::Data<AppState>,
    cx: Context,
    id: web::Path<IntegrationClientId>,
    body: ApiJson<CreateWebhook>,
) -> Result<HttpResponse, ApiError> {
    let allow = state.config.webhooks.allow.clone();
    let created = state.write(move |conn| webhooks::create(conn, &cx, &id, body.0, &allow)).await??;
    Ok(HttpResponse::Created().insert_header(("Location", format!("/api/v1/webhooks/{}", created.id))).json(created))
}

/// Webhook 详情
///
/// One webhook with its health.
#[utoipa::path(
    tag = "webhooks",
    operation_id = "getWebhook",
    params(("id" = WebhookId, Path, description = "Webhook id")),
    responses(
        (status = 200, description = "Webhook", body = WebhookDto),
        AdminOnly,
        WebhookNotFound,
    ),
    security(("bearer_jwt" = [])),
)]
#[get("/webhooks/{id}")]
pub async fn get_webhook(
    state: web::Data<AppState>,
    cx: Context,
    id: web::Path<WebhookId>,
) -> Result<HttpResponse, ApiError> {
    let w = state.db(move |conn| webhooks::get(conn, &cx, &id)).await?;
    Ok(HttpResponse::Ok().json(w))
}

/// 停用 Webhook
///
/// Nothing is sent to a disabled webhook; its pending deliveries wait. Idempotent.
#[utoipa::path(
    tag = "webhooks",
    operation_id = "disableWebhook",
    params(("id" = WebhookId, Path, description = "Webhook id")),
    responses(
        (status = 200, description = "已停用", body = WebhookDto),
        AdminOnly,
        WebhookNotFound,
    ),
    security(("bearer_jwt" = [])),
)]
#[post("/webhooks/{id}/disable")]
pub async fn disable_webhook(
    state: web::Data<AppState>,
    cx: Context,
    id: web::Path<WebhookId>,
) -> Result<HttpResponse, ApiError> {
    let w = state.write(move |conn| webhooks::set_active(conn, &cx, &id, false)).await??;
    Ok(HttpResponse::Ok().json(w))
}

/// 启用 Webhook
///
/// Enabled again, the webhook receives the events that happen from now on (not those of the
/// time it was disabled); its pending deliveries resume. Idempotent.
#[utoipa::path(
    tag = "webhooks",
    operation_id = "enableWebhook",
    params(("id" = WebhookId, Path, description = "Webhook id")),
    responses(
        (status = 200, description = "已启用", body = WebhookDto),
        AdminOnly,
        WebhookNotFound,
    ),
    security(("bearer_jwt" = [])),
)]
#[post("/webhooks/{id}/enable")]
pub async fn enable_webhook(
    state: web::Data<AppState>,
    cx: Context,
    id: web::Path<WebhookId>,
) -> Result<HttpResponse, ApiError> {
    let w = state.write(move |conn| webhooks::set_active(conn, &cx, &id, true)).await??;
    Ok(HttpResponse::Ok().json(w))
}

/// 删除 Webhook
///
/// Removes the webhook and its deliveries; nothing more is sent. The audit trail keeps the record.
#[utoipa::path(
    tag = "webhooks",
    operation_id = "deleteWebhook",
    params(("id" = WebhookId, Path, description = "Webhook id")),
    responses(
        (status = 204, description = "已删除"),
        AdminOnly,
        WebhookNotFound,
    ),
    security(("bearer_jwt" = [])),
)]
#[delete("/webhooks/{id}")]
pub async fn delete_webhook(
    state: web::Data<AppState>,
    cx: Context,
    id: web::Path<WebhookId>,
) -> Result<HttpResponse, ApiError> {
    state.write(move |conn| webhooks::delete(conn, &cx, &id)).await??;
    Ok(HttpResponse::NoContent().finish())
}

/// 投递记录
///
/// The webhook's deliveries, newest event first: status, attempts, the receiver's last HTTP
/// status or the connection error, when the next attempt is due.
#[utoipa::path(
    tag = "webhooks",
    operation_id = "listWebhookDeliveries",
    params(("id" = WebhookId, Path, description = "Webhook id"), DeliveryQuery, PageQuery),
    responses(
        (status = 200, description = "投递记录", body = Page<DeliveryDto>),
        AdminOnly,
        WebhookNotFound,
        BadPage,
    ),
    security(("bearer_jwt" = [])),
)]
#[get("/webhooks/{id}/deliveries")]
pub async fn list_deliveries(
    state: web::Data<AppState>,
    cx: Context,
    id: web::Path<WebhookId>,
    query: web::Query<DeliveryQuery>,
    page: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    let paging = page.resolve()?;
    let status = query.into_inner().status;
    let list = state.db(move |conn| webhooks::deliveries(conn, &cx, &id, status, paging)).await?;
    Ok(HttpResponse::Ok().json(list))
}

/// 重新投递
///
/// Sends a delivered or failed delivery again, at once, with the same delivery id (a receiver
/// that had it recognises it) and a new 24-hour retry window.
#[utoipa::path(
    tag = "webhooks",
    operation_id = "redeliverWebhookDelivery",
    params(
        ("id" = WebhookId, Path, description = "Webhook id"),
        ("delivery_id" = DeliveryId, Path, description = "投递 id"),
    ),
    responses(
        (status = 202, description = "已安排重新投递", body = DeliveryDto),
        AdminOnly,
        (status = 404, description = "Webhook 或投递记录不存在", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "该投递尚在等待投递", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = [])),
)]
#[post("/webhooks/{id}/deliveries/{delivery_id}/redeliver")]
pub async fn redeliver(
    state: web::Data<AppState>,
    cx: Context,
    path: web::Path<(WebhookId, DeliveryId)>,
) -> Result<HttpResponse, ApiError> {
    let (id, delivery) = path.into_inner();
    let window = state.config.webhooks.retry_window;
    let d = state.write(move |conn| webhooks::redeliver(conn, &cx, &id, &delivery, window)).await??;
    Ok(HttpResponse::Accepted().json(d))
}

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(list_webhooks)
        .service(create_webhook)
        .service(get_webhook)
        .service(disable_webhook)
        .service(enable_webhook)
        .service(delete_webhook)
        .service(list_deliveries)
        .service(redeliver);
}
