//! Integration clients (集成客户端, sysadmin): a named integration (the 12345 hotline, a
//! complaint platform) that owns a source and any number of API keys. A key sees what any key of
//! its client registered, so rotating a key (issue a new one, revoke the old) loses nothing.
//!
//! Today the system administrator creates clients and their keys with the keys' scopes; when
//! the secadmin role lands (#15), granting scopes moves to it (`create_client_key` then issues a
//! key without scopes).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{
    audit::{self, Entry},
    db::{DbConnection, IntegrationClientId, UnitId},
    domain::permissions::{ApiScope, Permission},
    error::ApiError,
    service::{
        Committed, Context,
        accounts::utc,
        api_keys::{self, ApiKeyDto, CreatedApiKey},
        guarded,
        validate::Validator,
    },
    store::{self, integration_clients::IntegrationClient},
};

#[derive(Debug, Serialize, ToSchema)]
pub struct IntegrationClientDto {
    pub id: IntegrationClientId,
    #[schema(example = "12345热线")]
    pub name: String,
    /// The source its keys register with (the `source` dictionary's code). Absent only for a
    /// client carried forward from a key that registered several sources: it registers any.
    #[schema(example = "complaint")]
    pub source: Option<String>,
    /// The unit its keys act for (the reporting unit of what they register).
    pub unit_id: UnitId,
    pub unit_name: String,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    /// Keys neither revoked nor expired.
    pub active_keys: i64,
    /// Every key of the client, newest first (without secrets).
    pub keys: Vec<ApiKeyDto>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateIntegrationClient {
    #[schema(max_length = 100, example = "12345热线", pattern = r"\S")]
    pub name: String,
    /// A code of the `source` dictionary, owned by no other client.
    #[schema(max_length = 50, example = "complaint", pattern = r"\S")]
    pub source: String,
    /// The unit its keys act for; by default the administrator's own unit (区营商办).
    pub unit_id: Option<UnitId>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateClientKey {
    #[schema(min_items = 1)]
    pub scopes: Vec<ApiScope>,
    /// Optional expiry; the key stops working then.
    pub expires_at: Option<DateTime<Utc>>,
}

fn dto(conn: &mut DbConnection, cx: &Context, c: IntegrationClient) -> Result<IntegrationClientDto, ApiError> {
    let unit_name = api_keys::unit_name(conn, &c.unit_id)?;
    let now = cx.clock.now();
    let keys: Vec<ApiKeyDto> = store::api_keys::list_of_client(conn, &c.id)?
        .into_iter()
        .map(|k| {
            let name = unit_name.clone();
            api_keys::dto(k, name, now)
        })
        .collect();
    Ok(IntegrationClientDto {
        active_keys: keys.iter().filter(|k| k.active).count() as i64,
        keys,
        id: c.id,
        name: c.name,
        source: c.source,
        unit_id: c.unit_id,
        unit_name,
        created_by: c.created_by,
        created_at: utc(c.created_at),
    })
}

/// The source the caller's integration client registers with, when it has one.
pub fn source_of(conn: &mut DbConnection, cx: &Context) -> Result<Option<String>, ApiError> {
    let Some(id) = cx.principal.client_id() else { return Ok(None) };
    Ok(store::integration_clients::find(conn, id)?.and_then(|c| c.source))
}

/// The clients with their keys, by name.
pub fn list_clients(conn: &mut DbConnection, cx: &Context) -> Result<Vec<IntegrationClientDto>, ApiError> {
    cx.principal.require(Permission::ManageApiKeys)?;
    store::integration_clients::list(conn)?.into_iter().map(|c| dto(conn, cx, c)).collect()
}

pub fn get_client(
    conn: &mut DbConnection,
    cx: &Context,
    id: &IntegrationClientId,
) -> Result<IntegrationClientDto, ApiError> {
    cx.principal.require(Permission::ManageApiKeys)?;
    let client = store::integration_clients::find(conn, id)?.ok_or_else(|| ApiError::not_found("集成客户端不存在"))?;
    dto(conn, cx, client)
}

/// 新建集成客户端: a unique name, a source of the dictionary that no other client owns, an
/// active unit.
pub fn create_client(
    conn: &mut DbConnection,
    cx: &Context,
    cmd: CreateIntegrationClient,
) -> Result<Committed<IntegrationClientDto>, ApiError> {
    guarded(conn, cx, Permission::ManageApiKeys, ("integration_client.create", "integration_client"), |conn| {
        let mut v = Validator::default();
        let name = v.text("name", &cmd.name, 100);
        let source = v.text("source", &cmd.source, 50);
        let unit_id = cmd.unit_id.clone().unwrap_or_else(|| cx.principal.unit_id.clone());
        match store::units::find(conn, &unit_id)? {
            None => v.add("unit_id", "单位不存在"),
            Some(u) if !u.active => v.add("unit_id", "单位已停用"),
            Some(_) => {}
        }
        if !source.is_empty() && store::dictionaries::find(conn, "source", &source)?.is_none() {
            v.add("source", "线索来源不存在");
        }
        v.finish()?;
        if store::integration_clients::find_by_name(conn, &name)?.is_some() {
            return Err(ApiError::conflict("duplicate_client_name", format!("集成客户端 {name} 已存在")));
        }
        if let Some(owner) = store::integration_clients::find_by_source(conn, &source)? {
            return Err(ApiError::conflict("source_taken", format!("来源 {source} 已属于集成客户端 {}", owner.name))
                .with_extra("existing_id", owner.id.to_string()));
        }
        let client = IntegrationClient {
            id: IntegrationClientId::new(),
            name,
            source: Some(source),
            unit_id,
            created_by: cx.principal.username.clone(),
            created_at: cx.clock.now(),
        };
        store::integration_clients::insert(conn, &client)?;
        audit::append(
            conn,
            Entry::new(&cx.actor(), &cx.meta, "integration_client.create", "integration_client")
                .entity(&client.id)
                .after(&client),
        )?;
        dto(conn, cx, client)
    })
}

/// 签发客户端密钥: a key of the client (named after it), with at least one scope; answers the
/// secret once. Revoked as any key (`/api-keys/{id}/revoke`).
pub fn create_client_key(
    conn: &mut DbConnection,
    cx: &Context,
    id: &IntegrationClientId,
    cmd: CreateClientKey,
) -> Result<Committed<CreatedApiKey>, ApiError> {
    guarded(conn, cx, Permission::ManageApiKeys, ("api_key.create", "api_key"), |conn| {
        let client =
            store::integration_clients::find(conn, id)?.ok_or_else(|| ApiError::not_found("集成客户端不存在"))?;
        let mut v = Validator::default();
        v.check(!cmd.scopes.is_empty(), "scopes", "至少选择一个权限范围");
        if cmd.expires_at.is_some_and(|e| e <= cx.clock.now_utc()) {
            v.add("expires_at", "过期时间应晚于现在");
        }
        v.finish()?;
        let name = client.name.clone();
        api_keys::issue_key(conn, cx, name, client.unit_id, &cmd.scopes, cmd.expires_at, Some(client.id))
    })
}
