//! Accounts (sysadmin): create, list, edit roles, deactivate, reset password, unlock.

use actix_web::{HttpResponse, get, patch, post, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::{
    api::state::AppState,
    api::{
        common::{Page, PageQuery, Validator},
        extract::ApiJson,
    },
    audit::RequestMeta,
    audit::{self, Entry},
    auth::{Principal, password},
    db::{DbConnection, GroupId, UnitId, UserId},
    domain::{
        password_policy,
        permissions::Permission,
        roles::{Grant, Role, check_role_set},
    },
    error::{ApiError, Problem},
    service::accounts::{NewAccount, RoleDto},
    store::{
        self,
        users::{HeldRole, User, UserFilter},
    },
};

/// A role to grant.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RoleInput {
    pub role: Role,
    /// Required for `group_lead`, forbidden otherwise.
    pub group_id: Option<GroupId>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UserDto {
    pub id: UserId,
    #[schema(example = "unit_finance")]
    pub username: String,
    #[schema(example = "区财政局·郑芳")]
    pub display_name: String,
    pub unit_id: UnitId,
    #[schema(example = "区财政局")]
    pub unit_name: String,
    pub roles: Vec<RoleDto>,
    pub active: bool,
    pub must_change_password: bool,
    /// Set while the account is locked after failed sign-ins.
    pub locked_until: Option<chrono::DateTime<chrono::Utc>>,
    pub failed_attempts: i32,
    pub last_login_at: Option<chrono::DateTime<chrono::Utc>>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

pub fn utc(t: chrono::NaiveDateTime) -> chrono::DateTime<chrono::Utc> {
    t.and_utc()
}

impl UserDto {
    fn of(u: User, unit_name: String, roles: &[HeldRole], now: chrono::NaiveDateTime) -> Self {
        Self {
            id: u.id,
            username: u.username,
            display_name: u.display_name,
            unit_id: u.unit_id,
            unit_name,
            roles: roles.iter().map(RoleDto::from).collect(),
            active: u.active,
            must_change_password: u.must_change_password,
            locked_until: u.locked_until.filter(|t| *t > now).map(utc),
            failed_attempts: u.failed_attempts,
            last_login_at: u.last_login_at.map(utc),
            created_at: utc(u.created_at),
            updated_at: utc(u.updated_at),
        }
    }

    fn load(conn: &mut DbConnection, id: &UserId, now: chrono::NaiveDateTime) -> Result<Self, ApiError> {
        let user = store::users::find(conn, id)?.ok_or_else(|| ApiError::not_found("用户不存在"))?;
        let unit = store::units::find(conn, &user.unit_id)?.map(|u| u.name).unwrap_or_default();
        let roles = store::users::roles_of(conn, id)?;
        Ok(Self::of(user, unit, &roles, now))
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateUser {
    /// 3–32 characters: letters, digits, `_`, `.`, `-`.
    #[schema(example = "unit_wandian", pattern = "^[A-Za-z0-9_.-]{3,32}$")]
    pub username: String,
    #[schema(example = "万店镇·李华", max_length = 50, pattern = r"\S")]
    pub display_name: String,
    pub unit_id: UnitId,
    pub roles: Vec<RoleInput>,
    /// The initial password; the account must change it at first sign-in.
    #[schema(format = Password, min_length = 8, max_length = 128)]
    pub password: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateUser {
    #[schema(max_length = 50, pattern = r"\S")]
    pub display_name: Option<String>,
    pub unit_id: Option<UnitId>,
    /// Replaces every role of the account.
    pub roles: Option<Vec<RoleInput>>,
    /// `false` deactivates the account and ends its sessions.
    pub active: Option<bool>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"password": "Initial#2025zd"}))]
pub struct ResetPassword {
    /// A new initial password; the account must change it at its next sign-in.
    #[schema(format = Password, min_length = 8, max_length = 128)]
    pub password: String,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UserListQuery {
    /// Part of the username or display name.
    pub q: Option<String>,
    pub unit_id: Option<UnitId>,
    pub role: Option<Role>,
    pub active: Option<bool>,
}

fn valid_username(s: &str) -> bool {
    (3..=32).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
}

/// Checks roles against the role rules and the database; answers the grants.
fn resolve_roles(
    conn: &mut DbConnection,
    v: &mut Validator,
    roles: &[RoleInput],
) -> Result<Vec<Grant<GroupId>>, ApiError> {
    let grants: Vec<Grant<GroupId>> = roles.iter().map(|r| Grant { role: r.role, group: r.group_id.clone() }).collect();
    if let Err(e) = check_role_set(&grants) {
        let (field, message) = e.field_and_message();
        v.add(field, message);
    }
    for (i, g) in grants.iter().enumerate() {
        if let Some(group) = &g.group
            && store::groups::find(conn, group)?.is_none()
        {
            v.add(format!("roles[{i}].group_id"), "工作组不存在");
        }
    }
    Ok(grants)
}

fn check_unit(conn: &mut DbConnection, v: &mut Validator, unit_id: &UnitId) -> Result<(), ApiError> {
    match store::units::find(conn, unit_id)? {
        None => v.add("unit_id", "单位不存在"),
        Some(u) if !u.active => v.add("unit_id", "单位已停用"),
        Some(_) => {}
    }
    Ok(())
}

/// Refuses a change that would leave no active system administrator.
fn keep_one_sysadmin(conn: &mut DbConnection, user_id: &UserId) -> Result<(), ApiError> {
    let (others, _) = store::users::list(
        conn,
        &UserFilter { role: Some(Role::Sysadmin), active: Some(true), ..Default::default() },
        0,
        2,
    )?;
    if !others.iter().any(|(u, _)| &u.id != user_id) {
        return Err(ApiError::conflict("last_sysadmin", "至少需要保留一个启用的系统管理员账号"));
    }
    Ok(())
}

/// 账号列表
///
/// System administrators only; filter by unit, role or text, paged.
#[utoipa::path(
    tag = "users",
    operation_id = "listUsers",
    params(UserListQuery, PageQuery),
    responses(
        (status = 200, description = "账号列表", body = Page<UserDto>),
        (status = 403, description = "仅系统管理员", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "分页参数有误", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = [])),
)]
#[get("/users")]
pub async fn list_users(
    state: web::Data<AppState>,
    principal: Principal,
    query: web::Query<UserListQuery>,
    page: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    let clock = state.clock.clone();
    principal.require(Permission::ManageUsers)?;
    let (page, page_size, offset) = page.resolve()?;
    let q = query.into_inner();
    let filter =
        UserFilter { q: q.q.filter(|s| !s.trim().is_empty()), unit_id: q.unit_id, role: q.role, active: q.active };
    let result = state
        .db(move |conn| {
            let (rows, total) = store::users::list(conn, &filter, offset, page_size)?;
            let mut items = Vec::with_capacity(rows.len());
            for (u, unit_name) in rows {
                let roles = store::users::roles_of(conn, &u.id)?;
                items.push(UserDto::of(u, unit_name, &roles, clock.now()));
            }
            Ok(Page { items, total, page, page_size })
        })
        .await?;
    Ok(HttpResponse::Ok().json(result))
}

/// 账号详情
///
/// System administrators only; roles with their groups, lock and activity state.
#[utoipa::path(
    tag = "users",
    operation_id = "getUser",
    params(("id" = UserId, Path, description = "账号 id")),
    responses(
        (status = 200, description = "账号", body = UserDto),
        (status = 403, description = "仅系统管理员", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "账号不存在", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = [])),
)]
#[get("/users/{id}")]
pub async fn get_user(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<UserId>,
) -> Result<HttpResponse, ApiError> {
    let clock = state.clock.clone();
    principal.require(Permission::ManageUsers)?;
    let id = id.into_inner();
    let dto = state.db(move |conn| UserDto::load(conn, &id, clock.now())).await?;
    Ok(HttpResponse::Ok().json(dto))
}

/// 新建账号
///
/// The account must change the initial password at its first sign-in. `sysadmin` and
/// `auditor` may not be held together (三员分立).
#[utoipa::path(
    tag = "users",
    operation_id = "createUser",
    request_body = CreateUser,
    responses(
        (status = 201, description = "已创建", body = UserDto),
        (status = 403, description = "仅系统管理员", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "用户名已存在", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = [])),
)]
#[post("/users")]
pub async fn create_user(
    state: web::Data<AppState>,
    principal: Principal,
    meta: RequestMeta,
    body: ApiJson<CreateUser>,
) -> Result<HttpResponse, ApiError> {
    let clock = state.clock.clone();
    principal.require(Permission::ManageUsers)?;
    let body = body.0;
    let mut v = Validator::default();
    let username = body.username.trim().to_owned();
    v.check(valid_username(&username), "username", "用户名应为 3 到 32 个字母、数字或 _ . - 字符");
    let display_name = v.text("display_name", &body.display_name, 50);
    if let Some(msg) = password_policy::check(&body.password, &username) {
        v.add("password", msg);
    }
    let initial = body.password.clone();
    let hash = if v.is_ok() { Some(web::block(move || password::hash(&initial)).await?) } else { None };
    let dto = state
        .write(move |conn| {
            check_unit(conn, &mut v, &body.unit_id)?;
            let grants = resolve_roles(conn, &mut v, &body.roles)?;
            v.finish()?;
            if store::users::find_by_username(conn, &username)?.is_some() {
                return Err(ApiError::conflict("username_taken", format!("用户名 {username} 已存在")));
            }
            let user = crate::service::accounts::create_user(
                conn,
                &principal.actor(),
                &meta,
                NewAccount {
                    username: &username,
                    display_name: &display_name,
                    unit_id: &body.unit_id,
                    grants: &grants,
                    password_hash: hash.expect("validated"),
                    must_change_password: true,
                },
                clock.now(),
            )?;
            UserDto::load(conn, &user.id, clock.now())
        })
        .await?;
    Ok(HttpResponse::Created().insert_header(("Location", format!("/api/v1/users/{}", dto.id))).json(dto))
}

/// 修改账号 (显示名、单位、角色、启用/停用)
///
/// System administrators only; deactivating an account ends its sessions. Audited with before and after.
#[utoipa::path(
    tag = "users",
    operation_id = "updateUser",
    params(("id" = UserId, Path, description = "账号 id")),
    request_body = UpdateUser,
    responses(
        (status = 200, description = "已修改", body = UserDto),
        (status = 403, description = "仅系统管理员", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "账号不存在", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "会使系统失去最后一个系统管理员", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = [])),
)]
#[patch("/users/{id}")]
pub async fn update_user(
    state: web::Data<AppState>,
    principal: Principal,
    meta: RequestMeta,
    id: web::Path<UserId>,
    body: ApiJson<UpdateUser>,
) -> Result<HttpResponse, ApiError> {
    let clock = state.clock.clone();
    principal.require(Permission::ManageUsers)?;
    let id = id.into_inner();
    let body = body.0;
    let dto = state
        .write(move |conn| {
            let before = UserDto::load(conn, &id, clock.now())?;
            let mut user = store::users::find(conn, &id)?.ok_or_else(|| ApiError::not_found("用户不存在"))?;
            let mut v = Validator::default();
            if let Some(name) = &body.display_name {
                user.display_name = v.text("display_name", name, 50);
            }
            if let Some(unit) = &body.unit_id {
                check_unit(conn, &mut v, unit)?;
                user.unit_id = unit.clone();
            }
            let grants = match &body.roles {
                Some(roles) => Some(resolve_roles(conn, &mut v, roles)?),
                None => None,
            };
            v.finish()?;
            let loses_sysadmin = before.roles.iter().any(|r| r.role == Role::Sysadmin)
                && before.active
                && (body.active == Some(false)
                    || grants.as_ref().is_some_and(|g| !g.iter().any(|g| g.role == Role::Sysadmin)));
            if loses_sysadmin {
                keep_one_sysadmin(conn, &id)?;
            }
            let now = clock.now();
            if let Some(active) = body.active {
                if !active && user.active {
                    store::sessions::revoke_user(conn, &id, now)?;
                }
                user.active = active;
            }
            if let Some(g) = &grants {
                store::users::set_roles(conn, &id, g)?;
                // New roles take effect at the next sign-in; a session keeps no stale rights
                // because roles are read on every request.
            }
            user.updated_at = now;
            store::users::save(conn, &user)?;
            let after = UserDto::load(conn, &id, clock.now())?;
            audit::append(
                conn,
                Entry::new(&principal.actor(), &meta, "user.update", "user").entity(&id).before(&before).after(&after),
            )?;
            Ok(after)
        })
        .await?;
    Ok(HttpResponse::Ok().json(dto))
}

/// 重置密码
///
/// Sets a new initial password, unlocks the account and ends its sessions; the account must
/// change the password at its next sign-in.
#[utoipa::path(
    tag = "users",
    operation_id = "resetUserPassword",
    params(("id" = UserId, Path, description = "账号 id")),
    request_body = ResetPassword,
    responses(
        (status = 200, description = "已重置", body = UserDto),
        (status = 403, description = "仅系统管理员", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "账号不存在", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "密码不符合要求", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = [])),
)]
#[post("/users/{id}/reset-password")]
pub async fn reset_password(
    state: web::Data<AppState>,
    principal: Principal,
    meta: RequestMeta,
    id: web::Path<UserId>,
    body: ApiJson<ResetPassword>,
) -> Result<HttpResponse, ApiError> {
    let clock = state.clock.clone();
    principal.require(Permission::ManageUsers)?;
    let id = id.into_inner();
    let new_password = body.0.password;
    let lookup = id.clone();
    let user = state
        .db(move |conn| store::users::find(conn, &lookup)?.ok_or_else(|| ApiError::not_found("用户不存在")))
        .await?;
    if let Some(msg) = password_policy::check(&new_password, &user.username) {
        return Err(ApiError::field("password", msg));
    }
    let hash = web::block(move || password::hash(&new_password)).await?;
    let dto = state
        .db(move |conn| {
            conn.write_tx(|conn| {
                let mut user = store::users::find(conn, &id)?.ok_or_else(|| ApiError::not_found("用户不存在"))?;
                let now = clock.now();
                user.password_hash = hash;
                user.must_change_password = true;
                user.failed_attempts = 0;
                user.locked_until = None;
                user.updated_at = now;
                store::users::save(conn, &user)?;
                store::sessions::revoke_user(conn, &id, now)?;
                audit::append(conn, Entry::new(&principal.actor(), &meta, "user.reset_password", "user").entity(&id))?;
                UserDto::load(conn, &id, clock.now())
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(dto))
}

/// 解锁账号
///
/// Clears the lock left by repeated failed sign-ins.
#[utoipa::path(
    tag = "users",
    operation_id = "unlockUser",
    params(("id" = UserId, Path, description = "账号 id")),
    responses(
        (status = 200, description = "已解锁", body = UserDto),
        (status = 403, description = "仅系统管理员", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "账号不存在", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = [])),
)]
#[post("/users/{id}/unlock")]
pub async fn unlock_user(
    state: web::Data<AppState>,
    principal: Principal,
    meta: RequestMeta,
    id: web::Path<UserId>,
) -> Result<HttpResponse, ApiError> {
    let clock = state.clock.clone();
    principal.require(Permission::ManageUsers)?;
    let id = id.into_inner();
    let dto = state
        .write(move |conn| {
            let mut user = store::users::find(conn, &id)?.ok_or_else(|| ApiError::not_found("用户不存在"))?;
            let before =
                serde_json::json!({ "locked_until": user.locked_until.map(|t| t.and_utc()), "failed_attempts": user.failed_attempts });
            user.locked_until = None;
            user.failed_attempts = 0;
            user.updated_at = clock.now();
            store::users::save(conn, &user)?;
            audit::append(
                conn,
                Entry::new(&principal.actor(), &meta, "user.unlock", "user")
                    .entity(&id)
                    .before(before)
                    .after(serde_json::json!({ "locked_until": null, "failed_attempts": 0 })),
            )?;
            UserDto::load(conn, &id, clock.now())
        })
        .await?;
    Ok(HttpResponse::Ok().json(dto))
}

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(list_users)
        .service(create_user)
        .service(get_user)
        .service(update_user)
        .service(reset_password)
        .service(unlock_user);
}
