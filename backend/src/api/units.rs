//! Units (单位): read by every signed-in user for the SPA's pickers.

use actix_web::{HttpResponse, get, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::{db::Id, error::ApiError, startup::AppState, store};

/// The kind of a unit.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    /// 区直部门
    Department,
    /// 镇
    Town,
    /// 街道
    Street,
    /// 开发区
    DevelopmentZone,
    /// 国有企业
    Soe,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UnitDto {
    pub id: Id,
    /// A stable code (e.g. `finance`).
    #[schema(example = "finance")]
    pub code: String,
    #[schema(example = "区财政局")]
    pub name: String,
    /// Another name the same unit is known by (e.g. 区国资局).
    #[schema(example = "区国资局")]
    pub alias: Option<String>,
    #[schema(value_type = UnitKind)]
    pub kind: String,
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

/// 单位列表
#[utoipa::path(
    tag = "units",
    operation_id = "listUnits",
    params(UnitListQuery),
    responses((status = 200, description = "单位列表", body = Vec<UnitDto>)),
)]
#[get("/units")]
pub async fn list_units(
    state: web::Data<AppState>,
    query: web::Query<UnitListQuery>,
) -> Result<HttpResponse, ApiError> {
    let include_inactive = query.include_inactive;
    let units = state.db(move |conn| Ok(store::units::list(conn, include_inactive)?)).await?;
    Ok(HttpResponse::Ok().json(units.into_iter().map(UnitDto::from).collect::<Vec<_>>()))
}

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(list_units);
}
