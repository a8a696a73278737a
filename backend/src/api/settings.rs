//! 系统设置: the run-time settings, each changed only by the administrator who manages it.

use actix_web::{HttpResponse, get, put, web};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::{
    api::{extract::ApiJson, state::AppState},
    domain::settings::SettingKey,
    error::{ApiError, Problem},
    service::{
        Context,
        settings::{self, SettingDto, SettingValue},
    },
};

/// 系统设置
///
/// Every setting with its value in force (the default until one was stored), who manages it
/// and whether the caller may change it. For the roles that manage a setting
/// (`manage_settings`).
#[utoipa::path(
    tag = "settings",
    operation_id = "listSettings",
    responses(
        (status = 200, description = "系统设置", body = Vec<SettingDto>),
        (status = 403, description = "无权查看系统设置", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = [])),
)]
#[get("/settings")]
pub async fn list_settings(state: web::Data<AppState>, cx: Context) -> Result<HttpResponse, ApiError> {
    let items = state.db(move |conn| settings::list(conn, &cx)).await?;
    Ok(HttpResponse::Ok().json(items))
}

/// 修改系统设置
///
/// Only the setting's managing administrator (`managed_by`); the value is checked against the
/// setting's type and range (422 naming `value`). Audited, refusals too.
#[utoipa::path(
    tag = "settings",
    operation_id = "updateSetting",
    params(("key" = String, Path, description = "设置项, 例如 display.grayscale")),
    request_body = SettingValue,
    responses(
        (status = 200, description = "已保存", body = SettingDto),
        (status = 403, description = "该设置由其他管理员管理", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "设置项不存在", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = [])),
)]
#[put("/settings/{key}")]
pub async fn update_setting(
    state: web::Data<AppState>,
    cx: Context,
    key: web::Path<String>,
    body: ApiJson<SettingValue>,
) -> Result<HttpResponse, ApiError> {
    let key = SettingKey::from_code(&key).ok_or_else(|| ApiError::not_found("设置项不存在"))?;
    let dto = state.write(move |conn| settings::update(conn, &cx, key, body.0)).await??;
    Ok(HttpResponse::Ok().json(dto))
}

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(list_settings).service(update_setting);
}
