//! API keys (sysadmin): issue with scopes, list, revoke. The secret is shown once.

use actix_web::{HttpResponse, get, post, web};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::{
    api::{common::AdminOnly, extract::ApiJson, state::AppState},
    db::ApiKeyId,
    error::{ApiError, Problem},
    service::{
        Context,
        api_keys::{self, ApiKeyDto, CreateApiKey, CreatedApiKey},
    },
};

/// API 密钥列表
///
/// Every key issued, newest first, with its scopes and when it was last used; the secret itself is never shown again.
#[utoipa::path(
    tag = "api_keys",
    operation_id = "listApiKeys",
    responses(
        (status = 200, description = "API 密钥 (不含密钥本身)", body = Vec<ApiKeyDto>),
        AdminOnly,
    ),
    security(("bearer_jwt" = [])),
)]
#[get("/api-keys")]
pub async fn list_api_keys(state: web::Data<AppState>, cx: Context) -> Result<HttpResponse, ApiError> {
    let list = state.db(move |conn| api_keys::list_api_keys(conn, &cx)).await?;
    Ok(HttpResponse::Ok().json(list))
}

/// 签发 API 密钥
///
/// The answer carries the secret once; it cannot be shown again.
#[utoipa::path(
    tag = "api_keys",
    operation_id = "createApiKey",
    request_body = CreateApiKey,
    responses(
        (status = 201, description = "已签发", body = CreatedApiKey),
        AdminOnly,
    ),
    security(("bearer_jwt" = [])),
)]
#[post("/api-keys")]
pub async fn create_api_key(
    state: web::Data<AppState>,
    cx: Context,
    body: ApiJson<CreateApiKey>,
) -> Result<HttpResponse, ApiError> {
    let created = state.write(move |conn| api_keys::create_api_key(conn, &cx, body.0)).await??;
    Ok(HttpResponse::Created().insert_header(("Cache-Control", "no-store")).json(created))
}

/// 吊销 API 密钥
///
/// The key stops working at once; revoking is recorded in the audit trail and cannot be undone.
#[utoipa::path(
    tag = "api_keys",
    operation_id = "revokeApiKey",
    params(("id" = ApiKeyId, Path, description = "密钥 id")),
    responses(
        (status = 204, description = "已吊销"),
        AdminOnly,
        (status = 404, description = "密钥不存在", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = [])),
)]
#[post("/api-keys/{id}/revoke")]
pub async fn revoke_api_key(
    state: web::Data<AppState>,
    cx: Context,
    id: web::Path<ApiKeyId>,
) -> Result<HttpResponse, ApiError> {
    state.write(move |conn| api_keys::revoke_api_key(conn, &cx, &id)).await??;
    Ok(HttpResponse::NoContent().finish())
}

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(list_api_keys).service(create_api_key).service(revoke_api_key);
}
