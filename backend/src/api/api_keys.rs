//! API keys (sysadmin): issue with scopes, list, revoke. The secret is shown once.

use actix_web::{HttpResponse, get, post, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::{
    api::state::AppState,
    api::{common::Validator, extract::ApiJson},
    audit::RequestMeta,
    audit::{self, Entry},
    auth::{Principal, tokens},
    db::{ApiKeyId, UnitId},
    domain::permissions::{ApiScope, Permission},
    error::{ApiError, Problem},
    service::accounts::utc,
    store::{self, api_keys::ApiKey},
};

#[derive(Debug, Serialize, ToSchema)]
pub struct ApiKeyDto {
    pub id: ApiKeyId,
    #[schema(example = "营商环境投诉平台")]
    pub name: String,
    /// The unit the key registers problems for.
    pub unit_id: UnitId,
    pub unit_name: String,
    pub scopes: Vec<ApiScope>,
    /// The first characters of the secret, to recognise it.
    #[schema(example = "lvk_3f9a1c")]
    pub prefix: String,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub last_used_at: Option<DateTime<Utc>>,
    /// Not revoked and not expired.
    pub active: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedApiKey {
    pub key: ApiKeyDto,
    /// The secret, shown this once: only its hash is kept. Send it as `Authorization: Bearer lvk_…`.
    #[schema(example = "lvk_3f9a1c…")]
    pub secret: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateApiKey {
    #[schema(max_length = 100, example = "营商环境投诉平台", pattern = r"\S")]
    pub name: String,
    pub unit_id: UnitId,
    #[schema(min_items = 1)]
    pub scopes: Vec<ApiScope>,
    /// Optional expiry; the key stops working then.
    pub expires_at: Option<DateTime<Utc>>,
}

fn dto(k: ApiKey, unit_name: String, now: chrono::NaiveDateTime) -> ApiKeyDto {
    ApiKeyDto {
        active: k.revoked_at.is_none() && k.expires_at.is_none_or(|e| e > now),
        scopes: k.scope_list().iter().filter_map(|s| ApiScope::from_code(s)).collect(),
        id: k.id,
        name: k.name,
        unit_id: k.unit_id,
        unit_name,
        prefix: k.prefix,
        created_by: k.created_by,
        created_at: utc(k.created_at),
        expires_at: k.expires_at.map(utc),
        revoked_at: k.revoked_at.map(utc),
        last_used_at: k.last_used_at.map(utc),
    }
}

/// API 密钥列表
///
/// Every key issued, newest first, with its scopes and when it was last used; the secret itself is never shown again.
#[utoipa::path(
    tag = "api_keys",
    operation_id = "listApiKeys",
    responses(
        (status = 200, description = "API 密钥 (不含密钥本身)", body = Vec<ApiKeyDto>),
        (status = 403, description = "仅系统管理员", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = [])),
)]
#[get("/api-keys")]
pub async fn list_api_keys(state: web::Data<AppState>, principal: Principal) -> Result<HttpResponse, ApiError> {
    principal.require(Permission::ManageApiKeys)?;
    let now = state.clock.now();
    let list = state
        .db(move |conn| {
            let units = store::units::list(conn, true)?;
            Ok(store::api_keys::list(conn)?
                .into_iter()
                .map(|k| {
                    let name = units.iter().find(|u| u.id == k.unit_id).map(|u| u.name.clone()).unwrap_or_default();
                    dto(k, name, now)
                })
                .collect::<Vec<_>>())
        })
        .await?;
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
        (status = 403, description = "仅系统管理员", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = [])),
)]
#[post("/api-keys")]
pub async fn create_api_key(
    state: web::Data<AppState>,
    principal: Principal,
    meta: RequestMeta,
    body: ApiJson<CreateApiKey>,
) -> Result<HttpResponse, ApiError> {
    let clock = state.clock.clone();
    principal.require(Permission::ManageApiKeys)?;
    let body = body.0;
    let created = state
        .write(move |conn| {
            let mut v = Validator::default();
            let name = v.text("name", &body.name, 100);
            v.check(!body.scopes.is_empty(), "scopes", "至少选择一个权限范围");
            match store::units::find(conn, &body.unit_id)? {
                None => v.add("unit_id", "单位不存在"),
                Some(u) if !u.active => v.add("unit_id", "单位已停用"),
                Some(_) => {}
            }
            if body.expires_at.is_some_and(|e| e <= clock.now_utc()) {
                v.add("expires_at", "过期时间应晚于现在");
            }
            v.finish()?;
            let mut scopes: Vec<&str> = body.scopes.iter().map(|s| s.code()).collect();
            scopes.sort();
            scopes.dedup();
            let secret = tokens::generate("lvk_");
            let key = ApiKey {
                id: ApiKeyId::new(),
                name,
                unit_id: body.unit_id.clone(),
                scopes: scopes.join(","),
                prefix: secret.chars().take(10).collect(),
                secret_hash: tokens::digest(&secret),
                created_by: principal.username.clone(),
                created_at: clock.now(),
                expires_at: body.expires_at.map(|e| e.naive_utc()),
                revoked_at: None,
                last_used_at: None,
            };
            store::api_keys::insert(conn, &key)?;
            audit::append(
                conn,
                Entry::new(&principal.actor(), &meta, "api_key.create", "api_key").entity(&key.id).after(&key),
            )?;
            let unit_name = store::units::find(conn, &key.unit_id)?.map(|u| u.name).unwrap_or_default();
            Ok(CreatedApiKey { key: dto(key, unit_name, clock.now()), secret })
        })
        .await?;
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
        (status = 403, description = "仅系统管理员", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "密钥不存在", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = [])),
)]
#[post("/api-keys/{id}/revoke")]
pub async fn revoke_api_key(
    state: web::Data<AppState>,
    principal: Principal,
    meta: RequestMeta,
    id: web::Path<ApiKeyId>,
) -> Result<HttpResponse, ApiError> {
    let clock = state.clock.clone();
    principal.require(Permission::ManageApiKeys)?;
    let id = id.into_inner();
    state
        .write(move |conn| {
            let key = store::api_keys::find(conn, &id)?.ok_or_else(|| ApiError::not_found("密钥不存在"))?;
            if store::api_keys::revoke(conn, &id, clock.now())? > 0 {
                audit::append(
                    conn,
                    Entry::new(&principal.actor(), &meta, "api_key.revoke", "api_key").entity(&id).before(&key),
                )?;
            }
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(list_api_keys).service(create_api_key).service(revoke_api_key);
}
