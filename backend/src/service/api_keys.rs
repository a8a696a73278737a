//! API keys (sysadmin): issued with scopes to an integration, listed, revoked. The secret is
//! shown once; only its digest is kept.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{
    audit::{self, Entry},
    auth::tokens,
    db::{ApiKeyId, DbConnection, IntegrationClientId, UnitId},
    domain::permissions::{ApiScope, Permission},
    error::ApiError,
    service::{Committed, Context, accounts::utc, guarded, validate::Validator},
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
    /// The integration client the key belongs to (none for a key from `POST /api-keys`).
    pub client_id: Option<IntegrationClientId>,
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

pub(crate) fn dto(k: ApiKey, unit_name: String, now: chrono::NaiveDateTime) -> ApiKeyDto {
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
        client_id: k.client_id,
    }
}

pub(crate) fn unit_name(conn: &mut DbConnection, id: &UnitId) -> Result<String, ApiError> {
    Ok(store::units::find(conn, id)?.map(|u| u.name).unwrap_or_default())
}

/// The keys (without their secrets).
pub fn list_api_keys(conn: &mut DbConnection, cx: &Context) -> Result<Vec<ApiKeyDto>, ApiError> {
    cx.principal.require(Permission::ManageApiKeys)?;
    let now = cx.clock.now();
    let units = store::units::list(conn, true)?;
    Ok(store::api_keys::list(conn)?
        .into_iter()
        .map(|k| {
            let name = units.iter().find(|u| u.id == k.unit_id).map(|u| u.name.clone()).unwrap_or_default();
            dto(k, name, now)
        })
        .collect())
}

fn check_new_key(conn: &mut DbConnection, cx: &Context, cmd: &CreateApiKey) -> Result<String, ApiError> {
    let mut v = Validator::default();
    let name = v.text("name", &cmd.name, 100);
    v.check(!cmd.scopes.is_empty(), "scopes", "至少选择一个权限范围");
    match store::units::find(conn, &cmd.unit_id)? {
        None => v.add("unit_id", "单位不存在"),
        Some(u) if !u.active => v.add("unit_id", "单位已停用"),
        Some(_) => {}
    }
    if cmd.expires_at.is_some_and(|e| e <= cx.clock.now_utc()) {
        v.add("expires_at", "过期时间应晚于现在");
    }
    v.finish()?;
    Ok(name)
}

/// 签发 API 密钥: for an active unit, with at least one scope; answers the secret once.
pub fn create_api_key(
    conn: &mut DbConnection,
    cx: &Context,
    cmd: CreateApiKey,
) -> Result<Committed<CreatedApiKey>, ApiError> {
    guarded(conn, cx, Permission::ManageApiKeys, ("api_key.create", "api_key"), |conn| {
        let name = check_new_key(conn, cx, &cmd)?;
        issue_key(conn, cx, name, cmd.unit_id, &cmd.scopes, cmd.expires_at, None)
    })
}

/// Writes a new key (scopes deduplicated) with its audit record; answers it with its secret.
pub(crate) fn issue_key(
    conn: &mut DbConnection,
    cx: &Context,
    name: String,
    unit_id: UnitId,
    scopes: &[ApiScope],
    expires_at: Option<DateTime<Utc>>,
    client_id: Option<IntegrationClientId>,
) -> Result<CreatedApiKey, ApiError> {
    let mut scopes: Vec<&str> = scopes.iter().map(|s| s.code()).collect();
    scopes.sort_unstable();
    scopes.dedup();
    let secret = tokens::generate("lvk_");
    let key = ApiKey {
        id: ApiKeyId::new(),
        name,
        unit_id,
        scopes: scopes.join(","),
        prefix: secret.chars().take(10).collect(),
        secret_hash: tokens::digest(&secret),
        created_by: cx.principal.username.clone(),
        created_at: cx.clock.now(),
        expires_at: expires_at.map(|e| e.naive_utc()),
        revoked_at: None,
        last_used_at: None,
        client_id,
    };
    store::api_keys::insert(conn, &key)?;
    audit::append(conn, Entry::new(&cx.actor(), &cx.meta, "api_key.create", "api_key").entity(&key.id).after(&key))?;
    let unit_name = unit_name(conn, &key.unit_id)?;
    Ok(CreatedApiKey { key: dto(key, unit_name, cx.clock.now()), secret })
}

/// 吊销 API 密钥: at once; revoking a revoked key changes nothing (and records nothing).
pub fn revoke_api_key(conn: &mut DbConnection, cx: &Context, id: &ApiKeyId) -> Result<Committed<()>, ApiError> {
    guarded(conn, cx, Permission::ManageApiKeys, ("api_key.revoke", "api_key"), |conn| {
        let key = store::api_keys::find(conn, id)?.ok_or_else(|| ApiError::not_found("密钥不存在"))?;
        if store::api_keys::revoke(conn, id, cx.clock.now())? > 0 {
            audit::append(
                conn,
                Entry::new(&cx.actor(), &cx.meta, "api_key.revoke", "api_key").entity(id).before(&key),
            )?;
        }
        Ok(())
    })
}
