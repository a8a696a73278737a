//! Accounts (三员分立): the system administrator creates, edits and deactivates them; the
//! security administrator grants roles, resets passwords and unlocks. Each handler calls one
//! use case of `service::accounts`.

use actix_web::{HttpResponse, get, patch, post, put, web};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::api::common::{BadPage, UserNotFound};
use crate::{
    api::{
        common::AdminOnly,
        common::{Page, PageQuery},
        extract::ApiJson,
        state::AppState,
    },
    auth::password,
    db::{UnitId, UserId},
    domain::roles::Role,
    error::{ApiError, Problem},
    service::{
        Context,
        accounts::{self, AccountDraft, CreateUser, ResetPassword, SetRoles, UpdateUser, UserDto},
    },
    store::users::UserFilter,
};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UserListQuery {
    /// Part of the username or display name.
    pub q: Option<String>,
    pub unit_id: Option<UnitId>,
    pub role: Option<Role>,
    pub active: Option<bool>,
    /// `true`: only the accounts whose roles break 三员分立 (kept from an earlier release).
    pub separation_conflict: Option<bool>,
}

/// 账号列表
///
/// System and security administrators; filter by unit, role, text or 三员分立 conflict, paged.
#[utoipa::path(
    tag = "users",
    operation_id = "listUsers",
    params(UserListQuery, PageQuery),
    responses(
        (status = 200, description = "账号列表", body = Page<UserDto>),
        AdminOnly,
        BadPage,
    ),
    security(("bearer_jwt" = [])),
)]
#[get("/users")]
pub async fn list_users(
    state: web::Data<AppState>,
    cx: Context,
    query: web::Query<UserListQuery>,
    page: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    let page = page.resolve()?;
    let q = query.into_inner();
    let filter = UserFilter {
        q: q.q.filter(|s| !s.trim().is_empty()),
        unit_id: q.unit_id,
        role: q.role,
        active: q.active,
        separation_conflict: q.separation_conflict == Some(true),
    };
    let result = state.db(move |conn| accounts::list_users(conn, &cx, &filter, page)).await?;
    Ok(HttpResponse::Ok().json(result))
}

/// 账号详情
///
/// System and security administrators; roles with their groups, lock and activity state.
#[utoipa::path(
    tag = "users",
    operation_id = "getUser",
    params(("id" = UserId, Path, description = "账号 id")),
    responses(
        (status = 200, description = "账号", body = UserDto),
        AdminOnly,
        UserNotFound,
    ),
    security(("bearer_jwt" = [])),
)]
#[get("/users/{id}")]
pub async fn get_user(
    state: web::Data<AppState>,
    cx: Context,
    id: web::Path<UserId>,
) -> Result<HttpResponse, ApiError> {
    let dto = state.db(move |conn| accounts::get_user(conn, &cx, &id)).await?;
    Ok(HttpResponse::Ok().json(dto))
}

/// 新建账号
///
/// System administrators; the account has no role until a security administrator grants one
/// (三员分立). It must change the initial password at its first sign-in.
#[utoipa::path(
    tag = "users",
    operation_id = "createUser",
    request_body = CreateUser,
    responses(
        (status = 201, description = "已创建", body = UserDto),
        AdminOnly,
        (status = 409, description = "用户名已存在", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = [])),
)]
#[post("/users")]
pub async fn create_user(
    state: web::Data<AppState>,
    cx: Context,
    body: ApiJson<CreateUser>,
) -> Result<HttpResponse, ApiError> {
    let draft = AccountDraft::new(body.0);
    let hash = match draft.password_to_hash(&cx) {
        Some(initial) => Some(web::block(move || password::hash(&initial)).await?),
        None => None,
    };
    let dto = state.write(move |conn| accounts::create_account(conn, &cx, draft, hash)).await??;
    Ok(HttpResponse::Created().insert_header(("Location", format!("/api/v1/users/{}", dto.id))).json(dto))
}

/// 修改账号 (显示名、单位、启用/停用)
///
/// System administrators; deactivating an account ends its sessions. Roles are granted with
/// `PUT /users/{id}/roles`. Audited with before and after.
#[utoipa::path(
    tag = "users",
    operation_id = "updateUser",
    params(("id" = UserId, Path, description = "账号 id")),
    request_body = UpdateUser,
    responses(
        (status = 200, description = "已修改", body = UserDto),
        AdminOnly,
        UserNotFound,
        (status = 409, description = "会使系统失去最后一个启用的系统管理员、安全管理员或安全审计员", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = [])),
)]
#[patch("/users/{id}")]
pub async fn update_user(
    state: web::Data<AppState>,
    cx: Context,
    id: web::Path<UserId>,
    body: ApiJson<UpdateUser>,
) -> Result<HttpResponse, ApiError> {
    let dto = state.write(move |conn| accounts::update_user(conn, &cx, &id, body.0)).await??;
    Ok(HttpResponse::Ok().json(dto))
}

/// 重置密码
///
/// Security administrators, on another account; sets a new initial password, unlocks the
/// account and ends its sessions; the account must change the password at its next sign-in.
#[utoipa::path(
    tag = "users",
    operation_id = "resetUserPassword",
    params(("id" = UserId, Path, description = "账号 id")),
    request_body = ResetPassword,
    responses(
        (status = 200, description = "已重置", body = UserDto),
        AdminOnly,
        UserNotFound,
        (status = 422, description = "密码不符合要求", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = [])),
)]
#[post("/users/{id}/reset-password")]
pub async fn reset_password(
    state: web::Data<AppState>,
    cx: Context,
    id: web::Path<UserId>,
    body: ApiJson<ResetPassword>,
) -> Result<HttpResponse, ApiError> {
    let (id, new_password) = (id.into_inner(), body.0.password);
    let (check_cx, check_id, checked) = (cx.clone(), id.clone(), new_password.clone());
    state.write(move |conn| accounts::check_new_password(conn, &check_cx, &check_id, &checked)).await??;
    let hash = web::block(move || password::hash(&new_password)).await?;
    let dto = state.write(move |conn| accounts::reset_password(conn, &cx, &id, hash)).await?;
    Ok(HttpResponse::Ok().json(dto))
}

/// 重置两步验证
///
/// Security administrators, on another account (a security administrator's own factor is reset
/// by another one, or on the server with `lvyue admin reset-totp`): removes the account's TOTP
/// secret and recovery codes and ends its sessions. An account whose roles require a second
/// factor enrols again at its next sign-in. Audited (`user.reset_totp`).
#[utoipa::path(
    tag = "users",
    operation_id = "resetUserTotp",
    params(("id" = UserId, Path, description = "账号 id")),
    responses(
        (status = 204, description = "已重置"),
        AdminOnly,
        UserNotFound,
    ),
    security(("bearer_jwt" = [])),
)]
#[post("/users/{id}/reset-totp")]
pub async fn reset_totp(
    state: web::Data<AppState>,
    cx: Context,
    id: web::Path<UserId>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    state.write(move |conn| accounts::reset_totp(conn, &cx, &id)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// 解锁账号
///
/// Security administrators; clears the waits left by repeated failed sign-ins.
#[utoipa::path(
    tag = "users",
    operation_id = "unlockUser",
    params(("id" = UserId, Path, description = "账号 id")),
    responses(
        (status = 200, description = "已解锁", body = UserDto),
        AdminOnly,
        UserNotFound,
    ),
    security(("bearer_jwt" = [])),
)]
#[post("/users/{id}/unlock")]
pub async fn unlock_user(
    state: web::Data<AppState>,
    cx: Context,
    id: web::Path<UserId>,
) -> Result<HttpResponse, ApiError> {
    let dto = state.write(move |conn| accounts::unlock_user(conn, &cx, &id)).await??;
    Ok(HttpResponse::Ok().json(dto))
}

/// 授予角色
///
/// Security administrators, on another account: replaces its roles (empty revokes them all).
/// At most one of 系统管理员, 安全管理员, 安全审计员, and then no business role (三员分立); the
/// last active holder of each keeps it. Takes effect at once; audited with before and after.
#[utoipa::path(
    tag = "users",
    operation_id = "setUserRoles",
    params(("id" = UserId, Path, description = "账号 id")),
    request_body = SetRoles,
    responses(
        (status = 200, description = "已授予", body = UserDto),
        (status = 403, description = "仅安全管理员, 且不能修改自己的角色", body = Problem, content_type = "application/problem+json"),
        UserNotFound,
        (status = 409, description = "会使系统失去最后一个启用的系统管理员、安全管理员或安全审计员", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "角色组合违反三员分立, 或工作组有误", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = [])),
)]
#[put("/users/{id}/roles")]
pub async fn set_roles(
    state: web::Data<AppState>,
    cx: Context,
    id: web::Path<UserId>,
    body: ApiJson<SetRoles>,
) -> Result<HttpResponse, ApiError> {
    let dto = state.write(move |conn| accounts::set_roles(conn, &cx, &id, body.0)).await??;
    Ok(HttpResponse::Ok().json(dto))
}

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(list_users)
        .service(create_user)
        .service(get_user)
        .service(update_user)
        .service(reset_password)
        .service(reset_totp)
        .service(unlock_user)
        .service(set_roles);
}
