//! Units (单位): read by every signed-in user for the SPA's pickers.

use actix_web::{HttpResponse, delete, get, patch, post, web};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::{
    api::{common::AdminOnly, extract::ApiJson, state::AppState},
    db::UnitId,
    error::{ApiError, Problem},
    service::{
        Context,
        org::{self, CreateUnit, UnitDto, UpdateUnit},
    },
};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UnitListQuery {
    /// Include deactivated units.
    #[serde(default)]
    pub include_inactive: bool,
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
    cx: Context,
    query: web::Query<UnitListQuery>,
) -> Result<HttpResponse, ApiError> {
    let include_inactive = query.include_inactive;
    let units = state.db(move |conn| org::list_units(conn, &cx, include_inactive)).await?;
    Ok(HttpResponse::Ok().json(units))
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
        AdminOnly,
        (status = 409, description = "编码或名称已存在", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = [])),
)]
#[post("/units")]
pub async fn create_unit(
    state: web::Data<AppState>,
    cx: Context,
    body: ApiJson<CreateUnit>,
) -> Result<HttpResponse, ApiError> {
    let unit = state.write(move |conn| org::create_unit(conn, &cx, body.0)).await??;
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
        AdminOnly,
        (status = 404, description = "单位不存在", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "名称已存在", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = [])),
)]
#[patch("/units/{id}")]
pub async fn update_unit(
    state: web::Data<AppState>,
    cx: Context,
    id: web::Path<UnitId>,
    body: ApiJson<UpdateUnit>,
) -> Result<HttpResponse, ApiError> {
    let unit = state.write(move |conn| org::update_unit(conn, &cx, &id, body.0)).await??;
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
        AdminOnly,
        (status = 404, description = "单位不存在", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "单位仍被引用, 只能停用", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = [])),
)]
#[delete("/units/{id}")]
pub async fn delete_unit(
    state: web::Data<AppState>,
    cx: Context,
    id: web::Path<UnitId>,
) -> Result<HttpResponse, ApiError> {
    state.write(move |conn| org::delete_unit(conn, &cx, &id)).await??;
    Ok(HttpResponse::NoContent().finish())
}

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(list_units).service(create_unit).service(update_unit).service(delete_unit);
}
