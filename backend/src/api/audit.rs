//! The audit trail and its integrity check (auditor only).

use actix_web::{HttpResponse, get, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::api::common::BadPage;
use crate::{
    api::common::{Page, PageQuery},
    api::state::AppState,
    audit::{self, AuditFilter, Record, Verification},
    auth::Principal,
    domain::permissions::Permission,
    error::{ApiError, Problem},
    service::accounts::utc,
};

#[derive(Debug, Serialize, ToSchema)]
pub struct AuditRecordDto {
    #[schema(example = 42)]
    pub seq: i64,
    pub occurred_at: DateTime<Utc>,
    /// `user`, `api_key`, `anonymous` or `system`.
    #[schema(example = "user")]
    pub actor_kind: String,
    pub actor_id: Option<String>,
    #[schema(example = "office")]
    pub actor_name: Option<String>,
    #[schema(example = "office")]
    pub actor_roles: Option<String>,
    pub actor_unit_id: Option<String>,
    #[schema(example = "auth.login")]
    pub action: String,
    #[schema(example = "user")]
    pub entity_type: String,
    pub entity_id: Option<String>,
    /// The state before the change.
    #[schema(value_type = Option<Object>)]
    pub before: Option<serde_json::Value>,
    /// The state after the change.
    #[schema(value_type = Option<Object>)]
    pub after: Option<serde_json::Value>,
    #[schema(example = "success")]
    pub result: String,
    pub client_ip: Option<String>,
    pub user_agent: Option<String>,
    pub request_id: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

impl From<Record> for AuditRecordDto {
    fn from(r: Record) -> Self {
        let parse = |s: Option<String>| s.map(|t| serde_json::from_str(&t).unwrap_or(serde_json::Value::String(t)));
        Self {
            seq: r.seq,
            occurred_at: utc(r.occurred_at),
            actor_kind: r.actor_kind,
            actor_id: r.actor_id,
            actor_name: r.actor_name,
            actor_roles: r.actor_roles,
            actor_unit_id: r.actor_unit_id,
            action: r.action,
            entity_type: r.entity_type,
            entity_id: r.entity_id,
            before: parse(r.before_json),
            after: parse(r.after_json),
            result: r.result,
            client_ip: r.client_ip,
            user_agent: r.user_agent,
            request_id: r.request_id,
            prev_hash: r.prev_hash,
            hash: r.hash,
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    pub actor_id: Option<String>,
    /// The actor's username (or the name tried, for failed sign-ins).
    pub actor_name: Option<String>,
    /// An action (`auth.login`), or a family of actions ending with a dot (`auth.`).
    pub action: Option<String>,
    pub entity_type: Option<String>,
    pub entity_id: Option<String>,
    /// From this time (inclusive).
    pub from: Option<DateTime<Utc>>,
    /// Until this time (exclusive).
    pub to: Option<DateTime<Utc>>,
}

/// 审计日志
///
/// Newest first.
#[utoipa::path(
    tag = "audit",
    operation_id = "listAudit",
    params(AuditQuery, PageQuery),
    responses(
        (status = 200, description = "审计记录", body = Page<AuditRecordDto>),
        (status = 403, description = "仅安全审计员", body = Problem, content_type = "application/problem+json"),
        BadPage,
    ),
    security(("bearer_jwt" = [])),
)]
#[get("/audit")]
pub async fn list_audit(
    state: web::Data<AppState>,
    principal: Principal,
    query: web::Query<AuditQuery>,
    page: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    principal.require(Permission::ReadAudit)?;
    let (page, page_size, offset) = page.resolve()?;
    let q = query.into_inner();
    let filter = AuditFilter {
        actor_id: q.actor_id,
        actor_name: q.actor_name,
        action: q.action,
        entity_type: q.entity_type,
        entity_id: q.entity_id,
        from: q.from.map(|t| t.naive_utc()),
        to: q.to.map(|t| t.naive_utc()),
    };
    let result = state
        .db(move |conn| {
            let (rows, total) = audit::list(conn, &filter, offset, page_size)?;
            Ok(Page {
                items: rows.into_iter().map(AuditRecordDto::from).collect(),
                total,
                total_exact: true,
                page,
                page_size,
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(result))
}

/// 审计链完整性校验
///
/// Recomputes every record's chain value (HMAC-SHA256 under the audit key; plain SHA-256 for the
/// records of earlier releases) and link, and compares them with the signed checkpoints; names
/// the first record that was altered or removed. `checked_against` says whether the key was at
/// hand (without it, keyed records are checked for structure only) and how many checkpoints.
#[utoipa::path(
    tag = "audit",
    operation_id = "verifyAudit",
    responses(
        (status = 200, description = "校验结果", body = Verification),
        (status = 403, description = "仅安全审计员", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = [])),
)]
#[get("/audit/verify")]
pub async fn verify_audit(state: web::Data<AppState>, principal: Principal) -> Result<HttpResponse, ApiError> {
    principal.require(Permission::ReadAudit)?;
    let result = state.db(|conn| Ok(audit::verify(conn)?)).await?;
    Ok(HttpResponse::Ok().json(result))
}

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(list_audit).service(verify_audit);
}
