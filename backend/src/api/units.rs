//! Units (单位): read by every signed-in user for the SPA's pickers.

use actix_web::{HttpResponse, delete, get, patch, post, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::{
    api::state::AppState,
    api::{common::Validator, extract::ApiJson},
    audit::RequestMeta,
    audit::{self, Entry},
    auth::Principal,
    db::UnitId,
    domain::org::UnitKind,
    domain::permissions::Permission,
    error::{ApiError, Problem},
    store::{self, units::Unit},
};

#[derive(Debug, Serialize, ToSchema)]
pub struct UnitDto {
    pub id: UnitId,
    /// A stable code (e.g. `finance`).
    #[schema(example = "finance")]
    pub code: String,
    #[schema(example = "区财政局")]
    pub name: String,
    /// Another name the same unit is known by (e.g. 区国资局).
    #[schema(example = "区国资局")]
    pub alias: Option<String>,
    pub kind: UnitKind,
    pub active: bool,
    pub sort_order: i32,
}

impl From<store::units::Unit> for UnitDto {
    fn from(u: store::units::Unit) -> Self {
        Self {
            id: u.id,
            code: u.code,
            name: u.name,
            alias: u.alias,
            kind: u.kind,
            active: u.active,
            sort_order: u.sort_order,
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UnitListQuery {
    /// Include deactivated units.
    #[serde(default)]
    pub include_inactive: bool,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateUnit {
    /// A stable code: lower-case letters, digits and `_`.
    #[schema(example = "soe_water", pattern = "^[a-z][a-z0-9_]{1,39}$")]
    pub code: String,
    #[schema(example = "区水务集团", max_length = 50, pattern = r"\S")]
    pub name: String,
    #[schema(max_length = 50)]
    pub alias: Option<String>,
    pub kind: UnitKind,
    pub sort_order: Option<i32>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "区水务投资集团", "active": false}))]
pub struct UpdateUnit {
    #[schema(max_length = 50, pattern = r"\S")]
    pub name: Option<String>,
    /// Another name; an empty string removes it.
    #[schema(max_length = 50)]
    pub alias: Option<String>,
    pub kind: Option<UnitKind>,
    /// `false` deactivates the unit: it keeps its history but receives nothing new.
    pub active: Option<bool>,
    pub sort_order: Option<i32>,
}

fn valid_code(s: &str) -> bool {
    let b = s.as_bytes();
    (2..=40).contains(&b.len())
        && b[0].is_ascii_lowercase()
        && b.iter().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'_')
}

/// A unit name must not clash with another unit's name or alias.
fn name_taken(conn: &mut crate::db::DbConnection, name: &str, except: Option<&UnitId>) -> Result<bool, ApiError> {
    Ok(store::units::find_by_name(conn, name)?.is_some_and(|u| Some(&u.id) != except))
}

/// 单位列表
///
/// Readable by every signed-in user (the SPA's pickers).
#[utoipa::path(
    tag = "units",
    operation_id = "listUnits",
    params(UnitListQuery),
    responses(
        (status = 200, description = "单位列表", body = Vec<UnitDto>),
    ),
    security(("bearer_jwt" = [])),
)]
#[get("/units")]
pub async fn list_units(
    state: web::Data<AppState>,
    principal: Principal,
    query: web::Query<UnitListQuery>,
) -> Result<HttpResponse, ApiError> {
    principal.require(Permission::ReadOrganisation)?;
    let include_inactive = query.include_inactive;
    let units = state.db(move |conn| Ok(store::units::list(conn, include_inactive)?)).await?;
    Ok(HttpResponse::Ok().json(units.into_iter().map(UnitDto::from).collect::<Vec<_>>()))
}

/// 新建单位
///
/// System administrators only; the code is stable (used by imports), the name unique.
#[utoipa::path(
    tag = "units",
    operation_id = "createUnit",
    request_body = CreateUnit,
    responses(
        (status = 201, description = "已创建", body = UnitDto),
        (status = 403, description = "仅系统管理员", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "编码或名称已存在", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = [])),
)]
#[post("/units")]
pub async fn create_unit(
    state: web::Data<AppState>,
    principal: Principal,
    meta: RequestMeta,
    body: ApiJson<CreateUnit>,
) -> Result<HttpResponse, ApiError> {
    let clock = state.clock.clone();
    principal.require(Permission::ManageOrganisation)?;
    let body = body.0;
    let mut v = Validator::default();
    let code = body.code.trim().to_owned();
    v.check(valid_code(&code), "code", "编码应为 2 到 40 个小写字母、数字或下划线, 以字母开头");
    let name = v.text("name", &body.name, 50);
    let alias = v.optional_text("alias", body.alias.as_deref(), 50);
    v.finish()?;
    let unit = state
        .write(move |conn| {
            if store::units::find_by_code(conn, &code)?.is_some() {
                return Err(ApiError::conflict("unit_code_taken", format!("单位编码 {code} 已存在")));
            }
            if name_taken(conn, &name, None)?
                || alias.as_deref().map(|a| name_taken(conn, a, None)).transpose()? == Some(true)
            {
                return Err(ApiError::conflict("unit_name_taken", format!("单位名称 {name} 已存在")));
            }
            let now = clock.now();
            let unit = Unit {
                id: UnitId::new(),
                code,
                name,
                alias,
                kind: body.kind,
                active: true,
                sort_order: body.sort_order.unwrap_or(1000),
                created_at: now,
                updated_at: now,
            };
            store::units::insert(conn, &unit)?;
            audit::append(
                conn,
                Entry::new(&principal.actor(), &meta, "unit.create", "unit").entity(&unit.id).after(&unit),
            )?;
            Ok(unit)
        })
        .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/units/{}", unit.id)))
        .json(UnitDto::from(unit)))
}

/// 修改单位 (改名、停用)
///
/// System administrators only; a deactivated unit keeps its problems but cannot be assigned new ones.
#[utoipa::path(
    tag = "units",
    operation_id = "updateUnit",
    params(("id" = UnitId, Path, description = "单位 id")),
    request_body = UpdateUnit,
    responses(
        (status = 200, description = "已修改", body = UnitDto),
        (status = 403, description = "仅系统管理员", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "单位不存在", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "名称已存在", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = [])),
)]
#[patch("/units/{id}")]
pub async fn update_unit(
    state: web::Data<AppState>,
    principal: Principal,
    meta: RequestMeta,
    id: web::Path<UnitId>,
    body: ApiJson<UpdateUnit>,
) -> Result<HttpResponse, ApiError> {
    let clock = state.clock.clone();
    principal.require(Permission::ManageOrganisation)?;
    let id = id.into_inner();
    let body = body.0;
    let unit = state
        .write(move |conn| {
            let before = store::units::find(conn, &id)?.ok_or_else(|| ApiError::not_found("单位不存在"))?;
            let mut unit = before.clone();
            let mut v = Validator::default();
            if let Some(name) = &body.name {
                unit.name = v.text("name", name, 50);
            }
            if let Some(alias) = &body.alias {
                unit.alias = v.optional_text("alias", Some(alias), 50);
            }
            v.finish()?;
            if unit.name != before.name && name_taken(conn, &unit.name, Some(&id))? {
                return Err(ApiError::conflict("unit_name_taken", format!("单位名称 {} 已存在", unit.name)));
            }
            if let Some(alias) = unit.alias.as_deref().filter(|a| Some(*a) != before.alias.as_deref())
                && name_taken(conn, alias, Some(&id))?
            {
                return Err(ApiError::conflict("unit_name_taken", format!("单位名称 {alias} 已存在")));
            }
            if let Some(kind) = body.kind {
                unit.kind = kind;
            }
            if let Some(active) = body.active {
                unit.active = active;
            }
            if let Some(order) = body.sort_order {
                unit.sort_order = order;
            }
            unit.updated_at = clock.now();
            store::units::update(conn, &unit)?;
            audit::append(
                conn,
                Entry::new(&principal.actor(), &meta, "unit.update", "unit").entity(&id).before(&before).after(&unit),
            )?;
            Ok(unit)
        })
        .await?;
    Ok(HttpResponse::Ok().json(UnitDto::from(unit)))
}

/// 删除单位
///
/// Only a unit that nothing refers to (no account, group or problem) can be deleted;
/// otherwise deactivate it.
#[utoipa::path(
    tag = "units",
    operation_id = "deleteUnit",
    params(("id" = UnitId, Path, description = "单位 id")),
    responses(
        (status = 204, description = "已删除"),
        (status = 403, description = "仅系统管理员", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "单位不存在", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "单位仍被引用, 只能停用", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = [])),
)]
#[delete("/units/{id}")]
pub async fn delete_unit(
    state: web::Data<AppState>,
    principal: Principal,
    meta: RequestMeta,
    id: web::Path<UnitId>,
) -> Result<HttpResponse, ApiError> {
    principal.require(Permission::ManageOrganisation)?;
    let id = id.into_inner();
    state
        .write(move |conn| {
            let unit = store::units::find(conn, &id)?.ok_or_else(|| ApiError::not_found("单位不存在"))?;
            if let Some(what) = store::units::referenced_by(conn, &id)? {
                return Err(ApiError::conflict(
                    "unit_referenced",
                    format!("单位 {} 仍被{what}引用, 不能删除, 可改为停用", unit.name),
                ));
            }
            store::units::delete(conn, &id)?;
            audit::append(
                conn,
                Entry::new(&principal.actor(), &meta, "unit.delete", "unit").entity(&id).before(&unit),
            )?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(list_units).service(create_unit).service(update_unit).service(delete_unit);
}
