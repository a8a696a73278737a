//! Work groups (一办五组): read by every signed-in user, edited by the sysadmin.

use actix_web::{HttpResponse, get, patch, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::{
    api::state::AppState,
    api::{common::Validator, extract::ApiJson},
    audit::RequestMeta,
    audit::{self, Entry},
    auth::Principal,
    db::{DbConnection, GroupId, UnitId},
    domain::permissions::Permission,
    error::{ApiError, Problem},
    store::{self, groups::Group},
};

#[derive(Debug, Serialize, ToSchema)]
pub struct GroupDto {
    pub id: GroupId,
    #[schema(example = "funds")]
    pub code: String,
    #[schema(example = "涉企资金规范拨付组")]
    pub name: String,
    pub lead_unit_id: UnitId,
    #[schema(example = "区财政局")]
    pub lead_unit_name: String,
    /// The problem category the group handles; none for the 综合办公室.
    #[schema(example = "funds")]
    pub category: Option<String>,
    /// Member (配合) units.
    pub member_unit_ids: Vec<UnitId>,
    pub sort_order: i32,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateGroup {
    #[schema(max_length = 50, pattern = r"\S")]
    pub name: Option<String>,
    pub lead_unit_id: Option<UnitId>,
    /// Replaces the member (配合) units.
    pub member_unit_ids: Option<Vec<UnitId>>,
}

fn load_all(conn: &mut DbConnection) -> Result<Vec<GroupDto>, ApiError> {
    let groups = store::groups::list(conn)?;
    let members = store::groups::all_members(conn)?;
    let units = store::units::list(conn, true)?;
    Ok(groups
        .into_iter()
        .map(|g| GroupDto {
            lead_unit_name: units.iter().find(|u| u.id == g.lead_unit_id).map(|u| u.name.clone()).unwrap_or_default(),
            member_unit_ids: members.iter().filter(|(gid, _)| *gid == g.id).map(|(_, u)| u.clone()).collect(),
            id: g.id,
            code: g.code,
            name: g.name,
            lead_unit_id: g.lead_unit_id,
            category: g.category,
            sort_order: g.sort_order,
        })
        .collect())
}

fn load_one(conn: &mut DbConnection, id: &GroupId) -> Result<GroupDto, ApiError> {
    load_all(conn)?.into_iter().find(|g| &g.id == id).ok_or_else(|| ApiError::not_found("工作组不存在"))
}

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
pub async fn list_groups(state: web::Data<AppState>, principal: Principal) -> Result<HttpResponse, ApiError> {
    principal.require(Permission::ReadOrganisation)?;
    let groups = state.db(load_all).await?;
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
        (status = 403, description = "仅系统管理员", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "工作组不存在", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = [])),
)]
#[patch("/groups/{id}")]
pub async fn update_group(
    state: web::Data<AppState>,
    principal: Principal,
    meta: RequestMeta,
    id: web::Path<GroupId>,
    body: ApiJson<UpdateGroup>,
) -> Result<HttpResponse, ApiError> {
    let clock = state.clock.clone();
    principal.require(Permission::ManageOrganisation)?;
    let id = id.into_inner();
    let body = body.0;
    let dto = state
        .write(move |conn| {
            let before = load_one(conn, &id)?;
            let mut group: Group =
                store::groups::find(conn, &id)?.ok_or_else(|| ApiError::not_found("工作组不存在"))?;
            let mut v = Validator::default();
            if let Some(name) = &body.name {
                group.name = v.text("name", name, 50);
            }
            if let Some(lead) = &body.lead_unit_id {
                match store::units::find(conn, lead)? {
                    Some(u) if u.active => group.lead_unit_id = lead.clone(),
                    Some(_) => v.add("lead_unit_id", "单位已停用"),
                    None => v.add("lead_unit_id", "单位不存在"),
                }
            }
            if let Some(members) = &body.member_unit_ids {
                for (i, m) in members.iter().enumerate() {
                    if store::units::find(conn, m)?.is_none() {
                        v.add(format!("member_unit_ids[{i}]"), "单位不存在");
                    }
                    if members[..i].contains(m) {
                        v.add(format!("member_unit_ids[{i}]"), "单位重复");
                    }
                }
            }
            v.finish()?;
            group.updated_at = clock.now();
            store::groups::save(conn, &group)?;
            if let Some(members) = &body.member_unit_ids {
                store::groups::set_members(conn, &id, members)?;
            }
            let after = load_one(conn, &id)?;
            audit::append(
                conn,
                Entry::new(&principal.actor(), &meta, "group.update", "group")
                    .entity(&id)
                    .before(&before)
                    .after(&after),
            )?;
            Ok(after)
        })
        .await?;
    Ok(HttpResponse::Ok().json(dto))
}

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(list_groups).service(update_group);
}
