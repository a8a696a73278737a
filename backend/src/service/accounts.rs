//! Accounts: created by the system administrator (API), by `lvyue create-user` and
//! `lvyue seed`, all through one function ([`create_user`]). 三员分立 (GB/T 22239): the system
//! administrator creates accounts, edits their profile and deactivates them, without roles; the
//! security administrator grants and revokes roles, resets passwords and lifts sign-in waits;
//! nobody does either to their own account, and the last active holder of each of the three
//! administrator roles stays.

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{
    audit::{self, Actor, Entry, RequestMeta},
    db::{DbConnection, GroupId, UnitId, UserId},
    domain::{
        login_throttle, password_policy,
        permissions::Permission,
        roles::{Grant, Role, check_role_set, separation_conflict},
    },
    error::ApiError,
    service::{Committed, Context, Page, guarded, validate::Validator},
    store::{
        self,
        users::{HeldRole, User, UserFilter},
    },
};

/// A role as held.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RoleDto {
    pub role: Role,
    #[schema(example = "综合办公室")]
    pub label: String,
    /// The group, for `group_lead`.
    pub group_id: Option<GroupId>,
    #[schema(example = "investment")]
    pub group_code: Option<String>,
    #[schema(example = "招商引资承诺清查兑现组")]
    pub group_name: Option<String>,
}

impl From<&HeldRole> for RoleDto {
    fn from(r: &HeldRole) -> Self {
        Self {
            role: r.role,
            label: r.role.label().to_owned(),
            group_id: r.group_id.clone(),
            group_code: r.group_code.clone(),
            group_name: r.group_name.clone(),
        }
    }
}

/// An account to create; its password already hashed (hashing is slow: done before the
/// transaction).
pub struct NewAccount<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    pub unit_id: &'a UnitId,
    pub grants: &'a [Grant<GroupId>],
    pub password_hash: String,
    pub must_change_password: bool,
}

/// Creates an account (with its roles), audited, inside the caller's transaction.
pub fn create_user(
    conn: &mut DbConnection,
    actor: &Actor,
    meta: &RequestMeta,
    account: NewAccount<'_>,
    now: NaiveDateTime,
) -> Result<User, crate::error::ApiError> {
    let NewAccount { username, display_name, unit_id, grants, password_hash, must_change_password } = account;
    let user = User {
        id: UserId::new(),
        username: username.to_owned(),
        display_name: display_name.to_owned(),
        unit_id: unit_id.clone(),
        password_hash,
        must_change_password,
        active: true,
        failed_attempts: 0,
        locked_until: None,
        last_login_at: None,
        password_changed_at: (!must_change_password).then_some(now),
        created_at: now,
        updated_at: now,
    };
    store::users::insert(conn, &user)?;
    store::users::set_roles(conn, &user.id, grants)?;
    let roles: Vec<serde_json::Value> =
        grants.iter().map(|g| serde_json::json!({ "role": g.role, "group_id": g.group })).collect();
    audit::append(
        conn,
        Entry::new(actor, meta, "user.create", "user").entity(&user.id).after(serde_json::json!({
            "username": user.username, "display_name": user.display_name, "unit_id": user.unit_id,
            "roles": roles, "must_change_password": must_change_password, "active": true,
        })),
    )?;
    Ok(user)
}

/// A stored time as the API answers it.
pub fn utc(t: NaiveDateTime) -> DateTime<Utc> {
    t.and_utc()
}

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
    /// Set while some address must wait before it may try this account again after repeated
    /// failed sign-ins (no account is ever locked; 解锁 lifts the waits).
    pub locked_until: Option<DateTime<Utc>>,
    /// Failed sign-ins with this account name in the last 30 minutes, from any address.
    pub failed_attempts: i32,
    pub last_login_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Set when the account's roles break 三员分立 (held since an earlier release, which allowed
    /// it): what the security administrator should correct. New grants never do.
    #[schema(example = json!(null))]
    pub separation_conflict: Option<String>,
}

impl UserDto {
    fn of(u: User, unit_name: String, roles: &[HeldRole], sign_in: (Option<NaiveDateTime>, i32)) -> Self {
        Self {
            id: u.id,
            username: u.username,
            display_name: u.display_name,
            unit_id: u.unit_id,
            unit_name,
            roles: roles.iter().map(RoleDto::from).collect(),
            active: u.active,
            must_change_password: u.must_change_password,
            locked_until: sign_in.0.map(utc),
            failed_attempts: sign_in.1,
            last_login_at: u.last_login_at.map(utc),
            created_at: utc(u.created_at),
            updated_at: utc(u.updated_at),
            separation_conflict: separation_conflict(roles.iter().map(|r| r.role))
                .err()
                .map(|e| e.field_and_message().1),
        }
    }

    fn load(conn: &mut DbConnection, id: &UserId, now: NaiveDateTime) -> Result<Self, ApiError> {
        let user = find(conn, id)?;
        let unit = store::units::find(conn, &user.unit_id)?.map(|u| u.name).unwrap_or_default();
        let roles = store::users::roles_of(conn, id)?;
        let sign_in = sign_in_standing(conn, &user.username, now)?;
        Ok(Self::of(user, unit, &roles, sign_in))
    }
}

/// An account's current waits and recent failures (`domain::login_throttle`).
fn sign_in_standing(
    conn: &mut DbConnection,
    username: &str,
    now: NaiveDateTime,
) -> Result<(Option<NaiveDateTime>, i32), ApiError> {
    Ok(store::login_throttles::account_summary(conn, username, now - login_throttle::FAILURE_MEMORY, now)?)
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
    /// `false` deactivates the account and ends its sessions.
    pub active: Option<bool>,
}

/// The roles an account is to hold (the security administrator's).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"roles": [{"role": "unit"}]}))]
pub struct SetRoles {
    /// Replaces every role of the account; empty revokes them all.
    #[schema(max_items = 20)]
    pub roles: Vec<RoleInput>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"password": "Initial#2025zd"}))]
pub struct ResetPassword {
    /// A new initial password; the account must change it at its next sign-in.
    #[schema(format = Password, min_length = 8, max_length = 128)]
    pub password: String,
}

fn not_found() -> ApiError {
    ApiError::not_found("用户不存在")
}

fn find(conn: &mut DbConnection, id: &UserId) -> Result<User, ApiError> {
    store::users::find(conn, id)?.ok_or_else(not_found)
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

/// Refuses a change that would leave no active holder of the administrator role `role`.
fn keep_one(conn: &mut DbConnection, role: Role, user_id: &UserId) -> Result<(), ApiError> {
    let (others, _) =
        store::users::list(conn, &UserFilter { role: Some(role), active: Some(true), ..Default::default() }, 0, 2)?;
    if !others.iter().any(|(u, _)| &u.id != user_id) {
        let code = match role {
            Role::Secadmin => "last_secadmin",
            Role::Auditor => "last_auditor",
            _ => "last_sysadmin",
        };
        return Err(ApiError::conflict(code, format!("至少需要保留一个启用的{}账号", role.label())));
    }
    Ok(())
}

/// The administrator roles an active account would give up: all it holds when it is being
/// deactivated, else those missing from `grants`.
fn lost_administrator_roles(before: &UserDto, deactivated: bool, grants: Option<&[Grant<GroupId>]>) -> Vec<Role> {
    if !before.active {
        return Vec::new();
    }
    before
        .roles
        .iter()
        .map(|r| r.role)
        .filter(|r| r.is_administrator())
        .filter(|r| deactivated || grants.is_some_and(|g| !g.iter().any(|g| g.role == *r)))
        .collect()
}

/// Runs a change of another account's roles or credentials for a caller who holds
/// `permission`. Refusing it — without the permission, or on the caller's own account — is
/// recorded like [`guarded`]'s refusals.
fn guarded_other<T>(
    conn: &mut DbConnection,
    cx: &Context,
    permission: Permission,
    (action, target): (&str, &UserId),
    change: impl FnOnce(&mut DbConnection) -> Result<T, ApiError>,
) -> Result<Committed<T>, ApiError> {
    let refusal = match cx.principal.require(permission) {
        Err(refusal) => Some(refusal),
        Ok(()) if cx.principal.user_id() == Some(target) => Some(
            ApiError::forbidden("三员分立: 不能通过管理功能修改自己的角色, 或重置自己的密码、第二因子")
                .with_code("own_account"),
        ),
        Ok(()) => None,
    };
    if let Some(refusal) = refusal {
        audit::append(conn, Entry::new(&cx.actor(), &cx.meta, action, "user").entity(target).result("denied"))?;
        return Ok(Err(refusal));
    }
    change(conn).map(Ok)
}

/// 账号列表: filtered, paged (`offset` = (page - 1) × `page_size`).
pub fn list_users(
    conn: &mut DbConnection,
    cx: &Context,
    filter: &UserFilter,
    (page, page_size, offset): (i64, i64, i64),
) -> Result<Page<UserDto>, ApiError> {
    cx.principal.require(Permission::ReadUsers)?;
    let (rows, total) = store::users::list(conn, filter, offset, page_size)?;
    let mut items = Vec::with_capacity(rows.len());
    for (u, unit_name) in rows {
        let roles = store::users::roles_of(conn, &u.id)?;
        let sign_in = sign_in_standing(conn, &u.username, cx.clock.now())?;
        items.push(UserDto::of(u, unit_name, &roles, sign_in));
    }
    Ok(Page { items, total, total_exact: true, page, page_size })
}

/// 账号详情.
pub fn get_user(conn: &mut DbConnection, cx: &Context, id: &UserId) -> Result<UserDto, ApiError> {
    cx.principal.require(Permission::ReadUsers)?;
    UserDto::load(conn, id, cx.clock.now())
}

/// A new account checked as far as it can be without the database. Its password is hashed
/// (slowly, on purpose) before the transaction, and only when these checks pass.
pub struct AccountDraft {
    cmd: CreateUser,
    username: String,
    display_name: String,
    problems: Validator,
}

impl AccountDraft {
    pub fn new(cmd: CreateUser) -> Self {
        let mut v = Validator::default();
        let username = cmd.username.trim().to_owned();
        v.check(valid_username(&username), "username", "用户名应为 3 到 32 个字母、数字或 _ . - 字符");
        let display_name = v.text("display_name", &cmd.display_name, 50);
        if let Some(msg) = password_policy::check(&cmd.password, &username) {
            v.add("password", msg);
        }
        Self { cmd, username, display_name, problems: v }
    }

    /// The password to hash: none when the draft is refused anyway (bad input, or a caller
    /// who may not create accounts).
    pub fn password_to_hash(&self, cx: &Context) -> Option<String> {
        (self.problems.is_ok() && cx.principal.can(Permission::ManageUsers)).then(|| self.cmd.password.clone())
    }
}

/// 新建账号, without roles (the security administrator grants them, 三员分立): the account must
/// change its initial password at its first sign-in. `password_hash` is the hash of
/// [`AccountDraft::password_to_hash`].
pub fn create_account(
    conn: &mut DbConnection,
    cx: &Context,
    draft: AccountDraft,
    password_hash: Option<String>,
) -> Result<Committed<UserDto>, ApiError> {
    guarded(conn, cx, Permission::ManageUsers, ("user.create", "user"), |conn| {
        let AccountDraft { cmd, username, display_name, problems: mut v } = draft;
        check_unit(conn, &mut v, &cmd.unit_id)?;
        v.finish()?;
        if store::users::find_by_username(conn, &username)?.is_some() {
            return Err(ApiError::conflict("username_taken", format!("用户名 {username} 已存在")));
        }
        let password_hash = password_hash.ok_or_else(|| ApiError::internal("password not hashed"))?;
        let account = NewAccount {
            username: &username,
            display_name: &display_name,
            unit_id: &cmd.unit_id,
            grants: &[],
            password_hash,
            must_change_password: true,
        };
        let user = create_user(conn, &cx.actor(), &cx.meta, account, cx.clock.now())?;
        UserDto::load(conn, &user.id, cx.clock.now())
    })
}

/// 修改账号 (显示名、单位、启用/停用; roles are [`set_roles`]'s): deactivating ends the account's
/// sessions; the last active holder of each administrator role stays. Audited with before and after.
pub fn update_user(
    conn: &mut DbConnection,
    cx: &Context,
    id: &UserId,
    cmd: UpdateUser,
) -> Result<Committed<UserDto>, ApiError> {
    guarded(conn, cx, Permission::ManageUsers, ("user.update", "user"), |conn| {
        let before = UserDto::load(conn, id, cx.clock.now())?;
        let mut user = find(conn, id)?;
        let mut v = Validator::default();
        if let Some(name) = &cmd.display_name {
            user.display_name = v.text("display_name", name, 50);
        }
        if let Some(unit) = &cmd.unit_id {
            check_unit(conn, &mut v, unit)?;
            user.unit_id = unit.clone();
        }
        v.finish()?;
        for role in lost_administrator_roles(&before, cmd.active == Some(false), None) {
            keep_one(conn, role, id)?;
        }
        let now = cx.clock.now();
        if let Some(active) = cmd.active {
            if !active && user.active {
                store::sessions::revoke_user(conn, id, now)?;
            }
            user.active = active;
        }
        user.updated_at = now;
        store::users::save(conn, &user)?;
        let after = UserDto::load(conn, id, now)?;
        audit::append(
            conn,
            Entry::new(&cx.actor(), &cx.meta, "user.update", "user").entity(id).before(&before).after(&after),
        )?;
        Ok(after)
    })
}

/// 授予角色: replaces another account's roles (security administrator). The new set keeps
/// 三员分立 (at most one administrator role, and then no business role); the last active
/// holder of an administrator role keeps it. Takes effect at once (roles are read on every
/// request). Audited with before and after.
pub fn set_roles(
    conn: &mut DbConnection,
    cx: &Context,
    id: &UserId,
    cmd: SetRoles,
) -> Result<Committed<UserDto>, ApiError> {
    guarded_other(conn, cx, Permission::ManageRoles, ("user.roles", id), |conn| {
        let before = UserDto::load(conn, id, cx.clock.now())?;
        let mut v = Validator::default();
        v.check(cmd.roles.len() <= 20, "roles", "角色最多 20 个");
        let grants = resolve_roles(conn, &mut v, &cmd.roles)?;
        v.finish()?;
        for role in lost_administrator_roles(&before, false, Some(&grants)) {
            keep_one(conn, role, id)?;
        }
        let now = cx.clock.now();
        store::users::set_roles(conn, id, &grants)?;
        let mut user = find(conn, id)?;
        user.updated_at = now;
        store::users::save(conn, &user)?;
        let after = UserDto::load(conn, id, now)?;
        audit::append(
            conn,
            Entry::new(&cx.actor(), &cx.meta, "user.roles", "user")
                .entity(id)
                .before(serde_json::json!({ "roles": before.roles }))
                .after(serde_json::json!({ "roles": after.roles })),
        )?;
        Ok(after)
    })
}

/// 重置密码, first step: the account exists and the new password meets the policy (checked
/// before the password is hashed, outside the transaction that stores it).
pub fn check_new_password(
    conn: &mut DbConnection,
    cx: &Context,
    id: &UserId,
    password: &str,
) -> Result<Committed<()>, ApiError> {
    guarded_other(conn, cx, Permission::ResetCredentials, ("user.reset_password", id), |conn| {
        let user = find(conn, id)?;
        match password_policy::check(password, &user.username) {
            Some(msg) => Err(ApiError::field("password", msg)),
            None => Ok(()),
        }
    })
}

/// 重置密码: sets a new initial password, lifts the account's sign-in waits and ends its
/// sessions; the account must change the password at its next sign-in.
pub fn reset_password(
    conn: &mut DbConnection,
    cx: &Context,
    id: &UserId,
    password_hash: String,
) -> Result<UserDto, ApiError> {
    cx.principal.require(Permission::ResetCredentials)?;
    if cx.principal.user_id() == Some(id) {
        return Err(ApiError::forbidden("不能通过管理功能重置自己的密码").with_code("own_account"));
    }
    let mut user = find(conn, id)?;
    let now = cx.clock.now();
    set_initial_password(conn, &mut user, password_hash, now)?;
    audit::append(conn, Entry::new(&cx.actor(), &cx.meta, "user.reset_password", "user").entity(id))?;
    UserDto::load(conn, id, now)
}

/// A reset's effect on the account: the new password to be changed at the next sign-in, the
/// sign-in waits lifted, and every session of the account ended.
fn set_initial_password(
    conn: &mut DbConnection,
    user: &mut User,
    password_hash: String,
    now: NaiveDateTime,
) -> Result<(), ApiError> {
    user.password_hash = password_hash;
    user.must_change_password = true;
    user.failed_attempts = 0;
    user.locked_until = None;
    user.updated_at = now;
    store::users::save(conn, user)?;
    store::login_throttles::clear_account(conn, &user.username)?;
    store::sessions::revoke_user(conn, &user.id, now)?;
    Ok(())
}

/// Break-glass reset from the server host (`lvyue admin reset-password`): like
/// [`reset_password`] on the account named `username`, audited as the system. The way back for
/// the last 安全管理员, whom no other administrator may reset.
pub fn break_glass_reset(
    conn: &mut DbConnection,
    clock: &crate::clock::Clock,
    username: &str,
    password_hash: String,
) -> Result<User, ApiError> {
    let mut user = store::users::find_by_username(conn, username)?.ok_or_else(not_found)?;
    let now = clock.now();
    set_initial_password(conn, &mut user, password_hash, now)?;
    audit::append(
        conn,
        Entry::new(
            &Actor::system("lvyue admin reset-password"),
            &RequestMeta::internal(),
            "user.reset_password",
            "user",
        )
        .entity(&user.id)
        .after(serde_json::json!({ "break_glass": true })),
    )?;
    Ok(user)
}

/// 解锁账号: lifts the waits repeated failed sign-ins put on this account name, at every address
/// (and a lock left by the releases that still locked accounts).
pub fn unlock_user(conn: &mut DbConnection, cx: &Context, id: &UserId) -> Result<Committed<UserDto>, ApiError> {
    guarded(conn, cx, Permission::ResetCredentials, ("user.unlock", "user"), |conn| {
        let mut user = find(conn, id)?;
        let now = cx.clock.now();
        let (waiting_until, failures) = sign_in_standing(conn, &user.username, now)?;
        let before = serde_json::json!({
            "locked_until": waiting_until.or(user.locked_until.filter(|t| *t > now)).map(utc),
            "failed_attempts": failures,
        });
        user.locked_until = None;
        user.failed_attempts = 0;
        user.updated_at = now;
        store::users::save(conn, &user)?;
        store::login_throttles::clear_account(conn, &user.username)?;
        audit::append(
            conn,
            Entry::new(&cx.actor(), &cx.meta, "user.unlock", "user")
                .entity(id)
                .before(before)
                .after(serde_json::json!({ "locked_until": null, "failed_attempts": 0 })),
        )?;
        UserDto::load(conn, id, cx.clock.now())
    })
}

/// 重置两步验证: removes the account's second factor and recovery codes and ends its sessions;
/// an account whose roles require one enrols again at its next sign-in. The security
/// administrator's, never on the own account.
pub fn reset_totp(conn: &mut DbConnection, cx: &Context, id: &UserId) -> Result<(), ApiError> {
    cx.principal.require(Permission::ResetCredentials)?;
    if cx.principal.user_id() == Some(id) {
        return Err(ApiError::forbidden("不能通过管理功能重置自己的两步验证").with_code("own_account"));
    }
    let user = find(conn, id)?;
    let now = cx.clock.now();
    let had_factor = store::totp::remove(conn, &user.id)?;
    store::sessions::revoke_user(conn, id, now)?;
    audit::append(
        conn,
        Entry::new(&cx.actor(), &cx.meta, "user.reset_totp", "user")
            .entity(id)
            .before(serde_json::json!({ "totp_enabled": had_factor })),
    )?;
    Ok(())
}

/// Break-glass reset of a second factor from the server host (`lvyue admin reset-totp`),
/// audited as the system: the way back for the last 安全管理员 who lost the authenticator.
pub fn break_glass_reset_totp(
    conn: &mut DbConnection,
    clock: &crate::clock::Clock,
    username: &str,
) -> Result<User, ApiError> {
    let user = store::users::find_by_username(conn, username)?.ok_or_else(not_found)?;
    let had_factor = store::totp::remove(conn, &user.id)?;
    store::sessions::revoke_user(conn, &user.id, clock.now())?;
    audit::append(
        conn,
        Entry::new(&Actor::system("lvyue admin reset-totp"), &RequestMeta::internal(), "user.reset_totp", "user")
            .entity(&user.id)
            .before(serde_json::json!({ "totp_enabled": had_factor }))
            .after(serde_json::json!({ "break_glass": true })),
    )?;
    Ok(user)
}
