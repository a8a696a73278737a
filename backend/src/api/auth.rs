//! Sign-in, token refresh (rotating), sign-out, the current user, password change.

use actix_web::{HttpResponse, get, http::StatusCode, post, web};
use chrono::{TimeZone, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::{
    api::{
        common::Validator,
        extract::{ApiJson, RequestMeta},
        users::RoleDto,
    },
    audit::{self, Actor, Entry},
    auth::{self, Principal, SessionPrincipal, jwt, password, tokens},
    db::Id,
    domain::{password_policy, permissions::Permission},
    error::{ApiError, Problem},
    startup::AppState,
    store::{self, sessions::RefreshToken},
};

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    #[schema(example = "office", max_length = 64)]
    pub username: String,
    #[schema(example = "Lvyue#Demo2024", max_length = 128, format = Password)]
    pub password: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"refresh_token": "rt_3q2-7ZbXn0Yk9mCwV4sL1eP8uA6dJ5hG"}))]
pub struct RefreshRequest {
    /// The refresh token of the last sign-in or refresh; it is used up by this call.
    pub refresh_token: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"current_password": "Lvyue#Demo2024", "new_password": "Zengdu#Lvyue2025"}))]
pub struct PasswordChangeRequest {
    #[schema(format = Password)]
    pub current_password: String,
    /// At least 8 characters, three of: upper case, lower case, digits, other; not containing the username.
    #[schema(format = Password, min_length = 8, max_length = 128)]
    pub new_password: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UnitRef {
    pub id: Id,
    #[schema(example = "区营商办")]
    pub name: String,
}

/// The signed-in user.
#[derive(Debug, Serialize, ToSchema)]
pub struct Me {
    pub id: Id,
    #[schema(example = "office")]
    pub username: String,
    #[schema(example = "综合办公室·王敏")]
    pub display_name: String,
    pub unit: UnitRef,
    pub roles: Vec<RoleDto>,
    /// What the roles allow, for the SPA's menus.
    pub permissions: Vec<Permission>,
    /// The account must change its password before anything else.
    pub must_change_password: bool,
}

impl Me {
    pub fn of(p: &Principal) -> Self {
        Self {
            id: p.user_id.clone(),
            username: p.username.clone(),
            display_name: p.display_name.clone(),
            unit: UnitRef { id: p.unit_id.clone(), name: p.unit_name.clone() },
            roles: p.roles.iter().map(RoleDto::from).collect(),
            permissions: crate::domain::permissions::effective(&p.role_list()),
            must_change_password: p.must_change_password,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TokenResponse {
    /// JWT for `Authorization: Bearer …`.
    pub access_token: String,
    #[schema(example = "Bearer")]
    pub token_type: String,
    /// Seconds the access token is valid (900).
    #[schema(example = 900)]
    pub expires_in: i64,
    /// Opaque; exchange it at `/auth/refresh` before it idles out (30 minutes).
    pub refresh_token: String,
    #[schema(example = 1800)]
    pub refresh_expires_in: i64,
    pub user: Me,
}

fn invalid_credentials() -> ApiError {
    ApiError::unauthorized("invalid_credentials", "用户名或密码错误")
}

fn locked(until: chrono::NaiveDateTime) -> ApiError {
    let until_utc = Utc.from_utc_datetime(&until);
    let local = until_utc.with_timezone(&chrono_tz::Asia::Shanghai);
    ApiError::new(
        StatusCode::LOCKED,
        "account_locked",
        format!("连续登录失败次数过多, 账号已锁定至 {} (北京时间)", local.format("%Y-%m-%d %H:%M")),
    )
    .with_extra("locked_until", until_utc.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
}

/// Starts a session (a new refresh-token family) and answers its tokens.
fn start_session(
    conn: &mut crate::db::DbConnection,
    secret: &[u8],
    user_id: &Id,
    family: Option<(Id, chrono::NaiveDateTime)>,
) -> Result<(String, String, Id), ApiError> {
    let now = store::now();
    let (family_id, family_expires_at) = family.unwrap_or_else(|| (Id::new(), now + auth::SESSION_ABSOLUTE_TTL));
    let refresh = tokens::generate("lvr_");
    store::sessions::insert(
        conn,
        &RefreshToken {
            id: Id::new(),
            family_id: family_id.clone(),
            user_id: user_id.clone(),
            token_hash: tokens::digest(&refresh),
            issued_at: now,
            idle_expires_at: (now + auth::REFRESH_IDLE_TTL).min(family_expires_at),
            family_expires_at,
            used_at: None,
            revoked_at: None,
        },
    )?;
    let access = jwt::issue(secret, user_id.as_str(), family_id.as_str(), Utc::now());
    Ok((access, refresh, family_id))
}

fn token_response(access: String, refresh: String, user: Me) -> TokenResponse {
    TokenResponse {
        access_token: access,
        token_type: "Bearer".into(),
        expires_in: auth::ACCESS_TTL.num_seconds(),
        refresh_token: refresh,
        refresh_expires_in: auth::REFRESH_IDLE_TTL.num_seconds(),
        user,
    }
}

/// Loads a principal for a user id and session (after sign-in or refresh).
fn principal_of(conn: &mut crate::db::DbConnection, user_id: &Id, session_id: Id) -> Result<Principal, ApiError> {
    let user = store::users::find(conn, user_id)?.ok_or_else(invalid_credentials)?;
    let unit = store::units::find(conn, &user.unit_id)?.ok_or_else(|| ApiError::internal("user without unit"))?;
    let roles = store::users::roles_of(conn, &user.id)?;
    Ok(Principal {
        user_id: user.id,
        username: user.username,
        display_name: user.display_name,
        unit_id: unit.id,
        unit_name: unit.name,
        roles,
        session_id,
        must_change_password: user.must_change_password,
        api_key: None,
    })
}

/// Outcome of a sign-in attempt, decided inside the transaction that records it.
enum LoginOutcome {
    Ok(TokenResponse),
    Refused(ApiError),
}

/// 登录
///
/// Unknown users and wrong passwords answer identically and take the same time. Five
/// consecutive failures lock the account for 30 minutes (423 with `locked_until`). An account
/// created or reset by an administrator signs in with `must_change_password: true` and can do
/// nothing but change its password.
#[utoipa::path(
    tag = "auth",
    operation_id = "login",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "登录成功", body = TokenResponse),
        (status = 400, description = "请求格式有误", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "用户名或密码错误", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "用户名或密码超过长度上限", body = Problem, content_type = "application/problem+json"),
        (status = 423, description = "账号已锁定, `locked_until` 为解锁时间", body = Problem, content_type = "application/problem+json"),
    ),
    security(()),
)]
#[post("/auth/login")]
pub async fn login(
    state: web::Data<AppState>,
    meta: RequestMeta,
    body: ApiJson<LoginRequest>,
) -> Result<HttpResponse, ApiError> {
    let LoginRequest { username, password } = body.0;
    let username = username.trim().to_owned();
    // The lengths the schema states, checked before anything else (no account can have more).
    let mut v = Validator::default();
    v.check(username.chars().count() <= 64, "username", "用户名不能超过 64 个字符");
    v.check(password.chars().count() <= 128, "password", "密码不能超过 128 个字符");
    v.finish()?;
    let secret = state.config.jwt_secret.clone();
    // Read the user, check the password without holding a database connection (the hash is
    // deliberately slow), then record the outcome in one write transaction.
    let lookup = username.clone();
    let found = state
        .db(move |conn| {
            if lookup.is_empty() {
                return Ok(None);
            }
            Ok(store::users::find_by_username(conn, &lookup)?)
        })
        .await?;
    let hash = found.as_ref().map(|u| u.password_hash.clone());
    let password_ok = web::block(move || match hash {
        Some(h) => password::verify(&password, &h),
        _ => {
            password::verify_dummy(&password);
            false
        }
    })
    .await?;
    let outcome = state
        .db(move |conn| {
            conn.write_tx(|conn| {
                let now = store::now();
                let meta = &meta;
                let Some(mut user) = found.as_ref().and_then(|u| store::users::find(conn, &u.id).ok().flatten()) else {
                    let actor = Actor::anonymous(&username);
                    audit::append(conn, Entry::new(&actor, meta, "auth.login", "user").result("failure"))?;
                    return Ok(LoginOutcome::Refused(invalid_credentials()));
                };
                let actor = Actor {
                    kind: "user",
                    id: Some(user.id.to_string()),
                    name: Some(user.username.clone()),
                    roles: None,
                    unit_id: Some(user.unit_id.to_string()),
                };
                if let Some(until) = user.locked_until.filter(|u| *u > now) {
                    audit::append(
                        conn,
                        Entry::new(&actor, meta, "auth.login", "user").entity(&user.id).result("locked"),
                    )?;
                    return Ok(LoginOutcome::Refused(locked(until)));
                }
                if !password_ok || !user.active {
                    user.failed_attempts += 1;
                    let mut refusal = invalid_credentials();
                    audit::append(
                        conn,
                        Entry::new(&actor, meta, "auth.login", "user")
                            .entity(&user.id)
                            .result(if user.active { "failure" } else { "inactive" })
                            .after(serde_json::json!({ "failed_attempts": user.failed_attempts })),
                    )?;
                    if user.failed_attempts >= auth::MAX_FAILED_LOGINS {
                        let until = now + auth::LOCKOUT;
                        user.locked_until = Some(until);
                        user.failed_attempts = 0;
                        audit::append(
                            conn,
                            Entry::new(&actor, meta, "auth.lockout", "user")
                                .entity(&user.id)
                                .after(serde_json::json!({ "locked_until": until.and_utc() })),
                        )?;
                        refusal = locked(until);
                    }
                    user.updated_at = now;
                    store::users::save(conn, &user)?;
                    return Ok(LoginOutcome::Refused(refusal));
                }
                user.failed_attempts = 0;
                user.locked_until = None;
                user.last_login_at = Some(now);
                store::users::save(conn, &user)?;
                let (access, refresh, family) = start_session(conn, &secret, &user.id, None)?;
                let principal = principal_of(conn, &user.id, family.clone())?;
                audit::append(
                    conn,
                    Entry::new(&principal.actor(), meta, "auth.login", "user")
                        .entity(&user.id)
                        .after(serde_json::json!({ "session_id": family })),
                )?;
                Ok(LoginOutcome::Ok(token_response(access, refresh, Me::of(&principal))))
            })
        })
        .await?;
    match outcome {
        LoginOutcome::Ok(tokens) => Ok(HttpResponse::Ok().insert_header(("Cache-Control", "no-store")).json(tokens)),
        LoginOutcome::Refused(e) => Err(e),
    }
}

/// 刷新令牌 (轮换)
///
/// Exchanges a refresh token for a new access token and a new refresh token; the old one is
/// used up. Presenting a used-up token again (a stolen copy) ends the whole session.
#[utoipa::path(
    tag = "auth",
    operation_id = "refreshToken",
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "新的令牌", body = TokenResponse),
        (status = 400, description = "请求格式有误", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "刷新令牌无效、已过期或已被使用", body = Problem, content_type = "application/problem+json"),
    ),
    security(()),
)]
#[post("/auth/refresh")]
pub async fn refresh_session(
    state: web::Data<AppState>,
    meta: RequestMeta,
    body: ApiJson<RefreshRequest>,
) -> Result<HttpResponse, ApiError> {
    let presented = body.0.refresh_token;
    let secret = state.config.jwt_secret.clone();
    let outcome = state
        .write(move |conn| {
            let now = store::now();
            let expired = || ApiError::unauthorized("invalid_refresh_token", "登录已过期, 请重新登录");
            let Some(token) = store::sessions::find_by_hash(conn, &tokens::digest(&presented))? else {
                return Ok(Err(expired()));
            };
            let user = store::users::find(conn, &token.user_id)?;
            let actor = Actor {
                kind: "user",
                id: Some(token.user_id.to_string()),
                name: user.as_ref().map(|u| u.username.clone()),
                ..Default::default()
            };
            if token.revoked_at.is_some() {
                return Ok(Err(expired()));
            }
            if token.used_at.is_some() || !store::sessions::mark_used(conn, &token.id, now)? {
                // Replay of a rotated token: someone else holds a copy. End the session.
                store::sessions::revoke_family(conn, &token.family_id, now)?;
                audit::append(
                    conn,
                    Entry::new(&actor, &meta, "auth.refresh_reuse", "session")
                        .entity(&token.family_id)
                        .result("denied"),
                )?;
                return Ok(Err(expired()));
            }
            if token.idle_expires_at <= now
                || token.family_expires_at <= now
                || !user.as_ref().is_some_and(|u| u.active)
            {
                store::sessions::revoke_family(conn, &token.family_id, now)?;
                return Ok(Err(expired()));
            }
            let (access, refresh, family) =
                start_session(conn, &secret, &token.user_id, Some((token.family_id.clone(), token.family_expires_at)))?;
            let principal = principal_of(conn, &token.user_id, family.clone())?;
            audit::append(conn, Entry::new(&principal.actor(), &meta, "auth.refresh", "session").entity(&family))?;
            Ok(Ok(token_response(access, refresh, Me::of(&principal))))
        })
        .await?;
    // A refused refresh still commits its revocation and audit record.
    outcome.map(|t| HttpResponse::Ok().insert_header(("Cache-Control", "no-store")).json(t))
}

/// 退出登录
///
/// Ends the session of the access token: its refresh token and every access token of the
/// session stop working at once.
#[utoipa::path(
    tag = "auth",
    operation_id = "logout",
    responses(
        (status = 204, description = "已退出"),
        (status = 401, description = "未登录", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = [])),
)]
#[post("/auth/logout")]
pub async fn logout(
    state: web::Data<AppState>,
    meta: RequestMeta,
    principal: SessionPrincipal,
) -> Result<HttpResponse, ApiError> {
    let p = principal.0;
    state
        .write(move |conn| {
            store::sessions::revoke_family(conn, &p.session_id, store::now())?;
            audit::append(conn, Entry::new(&p.actor(), &meta, "auth.logout", "session").entity(&p.session_id))?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// 当前用户
///
/// The signed-in user: unit, roles with their groups, and the permissions they give.
#[utoipa::path(
    tag = "auth",
    operation_id = "me",
    responses(
        (status = 200, description = "当前用户", body = Me),
        (status = 401, description = "未登录", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = [])),
)]
#[get("/auth/me")]
pub async fn me(principal: SessionPrincipal) -> HttpResponse {
    HttpResponse::Ok().insert_header(("Cache-Control", "no-store")).json(Me::of(&principal.0))
}

/// 修改密码
///
/// Checks the current password and the password policy (DESIGN §4); clears the forced change after a reset.
#[utoipa::path(
    tag = "auth",
    operation_id = "changePassword",
    request_body = PasswordChangeRequest,
    responses(
        (status = 204, description = "密码已修改"),
        (status = 400, description = "请求格式有误", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "未登录", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "当前密码错误或新密码不符合要求", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = [])),
)]
#[post("/auth/password")]
pub async fn change_password(
    state: web::Data<AppState>,
    meta: RequestMeta,
    principal: SessionPrincipal,
    body: ApiJson<PasswordChangeRequest>,
) -> Result<HttpResponse, ApiError> {
    let p = principal.0;
    let username = p.username.clone();
    let PasswordChangeRequest { current_password, new_password } = body.0;
    let user_id = p.user_id.clone();
    let user = state
        .db(move |conn| store::users::find(conn, &user_id)?.ok_or_else(|| ApiError::not_found("用户不存在")))
        .await?;
    // Verification and hashing run without holding a database connection.
    let hash = web::block(move || {
        let mut v = Validator::default();
        v.check(password::verify(&current_password, &user.password_hash), "current_password", "当前密码不正确");
        if let Some(msg) = password_policy::check(&new_password, &user.username) {
            v.add("new_password", msg);
        }
        v.check(new_password != current_password, "new_password", "新密码不能与当前密码相同");
        v.finish().map(|_| password::hash(&new_password))
    })
    .await??;
    state
        .db(move |conn| {
            conn.write_tx(|conn| {
                let now = store::now();
                let mut user =
                    store::users::find(conn, &p.user_id)?.ok_or_else(|| ApiError::not_found("用户不存在"))?;
                user.password_hash = hash;
                user.must_change_password = false;
                user.password_changed_at = Some(now);
                user.updated_at = now;
                store::users::save(conn, &user)?;
                audit::append(conn, Entry::new(&p.actor(), &meta, "auth.password_change", "user").entity(&user.id))?;
                Ok(())
            })
        })
        .await?;
    // A generated first password is no longer true once changed: its file goes.
    crate::ops::bootstrap::forget_initial_password(&state.config.data_dir, &state.config.database_url, &username);
    Ok(HttpResponse::NoContent().finish())
}

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(login).service(refresh_session).service(logout).service(me).service(change_password);
}
