//! Work groups (一办五组): read by every signed-in user, edited by the sysadmin.

use actix_web::{HttpResponse, get, patch, web};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::{
    api::{common::AdminOnly, extract::ApiJson, state::AppState},
    db::GroupId,
    error::{ApiError, Problem},
    service::{
        Context,
        org::{self, GroupDto, UpdateGroup},
    },
};

/// 工作组列表
///
/// The 综合办公室 and the five work groups (一办五组) with their lead and member units.
#[utoipa::path(
    tag = "groups",
    operation_id = "listGroups",
    responses(
        (status = 200, description = "工作组及其牵头、配合单位", body = Vec<GroupDto>),
    ),
    security(("bearer_jwt" = [])),
)]
#[get("/groups")]
pub async fn list_groups(state: web::Data<AppState>, cx: Context) -> Result<HttpResponse, ApiError> {
    let groups = state.db(move |conn| org::list_groups(conn, &cx)).await?;
    Ok(HttpResponse::Ok().json(groups))
}

/// 修改工作组 (名称、牵头单位、配合单位)
///
/// System administrators only; every change is audited with its before and after.
#[utoipa::path(
    tag = "groups",
    operation_id = "updateGroup",
    params(("id" = GroupId, Path, description = "工作组 id")),
    request_body = UpdateGroup,
    responses(
        (status = 200, description = "已修改", body = GroupDto),
        AdminOnly,
        (status = 404, description = "工作组不存在", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "同时提交的修改冲突 (如两个工作组同时改为同一牵头单位), 请刷新后重试", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = [])),
)]
#[patch("/groups/{id}")]
pub async fn update_group(
    state: web::Data<AppState>,
    cx: Context,
    id: web::Path<GroupId>,
    body: ApiJson<UpdateGroup>,
) -> Result<HttpResponse, ApiError> {
    let dto = state.write(move |conn| org::update_group(conn, &cx, &id, body.0)).await??;
    Ok(HttpResponse::Ok().json(dto))
}

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(list_groups).service(update_group);
}
