//! Integration clients (sysadmin) and the reference data every API key may read.

use actix_web::{HttpResponse, get, post, web};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::api::common::ClientNotFound;
use crate::{
    api::{common::AdminOnly, extract::ApiJson, state::AppState},
    db::IntegrationClientId,
    error::{ApiError, Problem},
    service::{
        Context,
        api_keys::CreatedApiKey,
        integration_clients::{self, CreateClientKey, CreateIntegrationClient, IntegrationClientDto},
        issues::public::{self, CatalogueService},
    },
};

/// 集成客户端列表
///
/// Every client with its keys (without secrets), by name.
#[utoipa::path(
    tag = "integration_clients",
    operation_id = "listIntegrationClients",
    responses((status = 200, description = "集成客户端", body = Vec<IntegrationClientDto>), AdminOnly),
    security(("bearer_jwt" = [])),
)]
#[get("/integration-clients")]
pub async fn list_clients(state: web::Data<AppState>, cx: Context) -> Result<HttpResponse, ApiError> {
    let list = state.db(move |conn| integration_clients::list_clients(conn, &cx)).await?;
    Ok(HttpResponse::Ok().json(list))
}

/// 新建集成客户端
///
/// A named integration owning a source (a code of the `source` dictionary that no other client
/// owns). Its keys see every problem any of its keys registered.
#[utoipa::path(
    tag = "integration_clients",
    operation_id = "createIntegrationClient",
    request_body = CreateIntegrationClient,
    responses(
        (status = 201, description = "已创建", body = IntegrationClientDto),
        AdminOnly,
        (status = 409, description = "名称已存在, 或来源已属于另一个客户端", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = [])),
)]
#[post("/integration-clients")]
pub async fn create_client(
    state: web::Data<AppState>,
    cx: Context,
    body: ApiJson<CreateIntegrationClient>,
) -> Result<HttpResponse, ApiError> {
    let created = state.write(move |conn| integration_clients::create_client(conn, &cx, body.0)).await??;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/integration-clients/{}", created.id)))
        .json(created))
}

/// 集成客户端详情
///
/// One integration client with its source and every key it has had (revoked ones included), so
/// that a rotation can be followed.
#[utoipa::path(
    tag = "integration_clients",
    operation_id = "getIntegrationClient",
    params(("id" = IntegrationClientId, Path, description = "客户端 id")),
    responses(
        (status = 200, description = "集成客户端与其密钥", body = IntegrationClientDto),
        AdminOnly,
        ClientNotFound,
    ),
    security(("bearer_jwt" = [])),
)]
#[get("/integration-clients/{id}")]
pub async fn get_client(
    state: web::Data<AppState>,
    cx: Context,
    id: web::Path<IntegrationClientId>,
) -> Result<HttpResponse, ApiError> {
    let client = state.db(move |conn| integration_clients::get_client(conn, &cx, &id)).await?;
    Ok(HttpResponse::Ok().json(client))
}

/// 签发客户端密钥
///
/// A new key of the client; the answer carries the secret once. Rotation: issue a new key, then
/// revoke the old one (`POST /api-keys/{id}/revoke`); the new key sees everything the old one
/// registered.
#[utoipa::path(
    tag = "integration_clients",
    operation_id = "createIntegrationClientKey",
    params(("id" = IntegrationClientId, Path, description = "客户端 id")),
    request_body = CreateClientKey,
    responses(
        (status = 201, description = "已签发", body = CreatedApiKey),
        AdminOnly,
        ClientNotFound,
    ),
    security(("bearer_jwt" = [])),
)]
#[post("/integration-clients/{id}/keys")]
pub async fn create_client_key(
    state: web::Data<AppState>,
    cx: Context,
    id: web::Path<IntegrationClientId>,
    body: ApiJson<CreateClientKey>,
) -> Result<HttpResponse, ApiError> {
    let created = state.write(move |conn| integration_clients::create_client_key(conn, &cx, &id, body.0)).await??;
    Ok(HttpResponse::Created().insert_header(("Cache-Control", "no-store")).json(created))
}

/// 服务目录
///
/// The categories a problem may be registered under, with their problem types and the work
/// group handling each (like Open311's `services`). Readable with any API key.
#[utoipa::path(
    tag = "dictionaries",
    operation_id = "getServiceCatalogue",
    responses((status = 200, description = "服务目录", body = Vec<CatalogueService>)),
    security(("bearer_jwt" = []), ("api_key" = [])),
)]
#[get("/catalogue")]
pub async fn catalogue(state: web::Data<AppState>, cx: Context) -> Result<HttpResponse, ApiError> {
    let list = state.db(move |conn| public::catalogue(conn, &cx)).await?;
    Ok(HttpResponse::Ok().json(list))
}

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(list_clients).service(create_client).service(get_client).service(create_client_key).service(catalogue);
}
