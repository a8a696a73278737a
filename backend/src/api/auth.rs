//! Sign-in, token refresh (rotating), sign-out, the current user, password change. The
//! decisions are `service::auth`'s; these handlers keep the slow password hash off the
//! database connection.

use actix_web::{HttpResponse, get, post, web};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::{
    api::{
        common::Validator,
        extract::{ApiJson, SessionPrincipal, request_meta},
        state::AppState,
    },
    audit::RequestMeta,
    auth::{password, rate_limit::Hit},
    domain::{
        login_throttle::{self, LoginPolicy},
        password_policy,
    },
    error::{ApiError, Problem},
    service::{
        Context,
        auth::{self, LoginOutcome, Me, RecoveryCodes, TokenResponse, TotpChallenge, TotpEnrollment},
    },
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

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"challenge": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a5b.1764790000.3f9a", "code": "492039"}))]
pub struct TotpLoginRequest {
    /// The `challenge` `/auth/login` answered with.
    #[schema(max_length = 256)]
    pub challenge: String,
    /// The 6 digits the authenticator shows, or one of the recovery codes (`XXXXX-XXXXX`).
    #[schema(max_length = 32)]
    pub code: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"code": "492039"}))]
pub struct TotpCodeRequest {
    /// The 6 digits the authenticator shows now.
    #[schema(max_length = 32)]
    pub code: String,
}

/// 登录
///
/// Unknown users and wrong passwords answer identically and take the same time, at every
/// count. Failed sign-ins are counted per client address and per (address, account name): past
/// the limits (settings `auth.login_failures_per_account`, `auth.login_failures_per_address`)
/// the address waits before it may try again, doubling with each further failure (429 with
/// `Retry-After`; the password is not checked meanwhile). No account is ever locked, so nobody
/// at another address is kept out. Requests per address per minute are limited too
/// (`auth.login_requests_per_minute`, 429). An account created or reset by an administrator
/// signs in with `must_change_password: true` and can do nothing but change its password.
///
/// An account with a second factor (TOTP) gets no tokens for the password alone: the answer is
/// 202 with a `challenge` (good for 5 minutes) to complete at `/auth/login/totp` with a code.
/// An account whose roles require a second factor it has not set up (the three administrators
/// always; business roles listed in `auth.totp_required_roles`) signs in with
/// `must_enroll_totp: true` and can do nothing but enrol (`/auth/totp/enrollment`).
#[utoipa::path(
    tag = "auth",
    operation_id = "login",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "登录成功", body = TokenResponse),
        (status = 202, description = "密码正确, 还需两步验证码: 用 `challenge` 调用 `/auth/login/totp`", body = TotpChallenge),
        (status = 401, description = "用户名或密码错误", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "用户名或密码超过长度上限", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "尝试过于频繁: `Retry-After` 秒后再试", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "需要等待的秒数"))),
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
    let clock = state.clock.clone();
    let read_meta = meta.clone();
    let attempt = state.db(move |conn| auth::login_attempt(conn, &clock, &read_meta, &username)).await?;
    check_request_rate(&state, &meta, "auth.login", &attempt.address, attempt.policy.requests_per_minute).await?;
    if attempt.wait.is_some() {
        return Err(state.write(move |conn| auth::refuse_while_waiting(conn, &meta, &attempt)).await?);
    }
    // The password is checked without holding a database connection (the hash is deliberately
    // slow), then the outcome is recorded in one write transaction.
    let hash = attempt.user.as_ref().map(|u| u.password_hash.clone());
    let password_ok = web::block(move || match hash {
        Some(h) => password::verify(&password, &h),
        None => {
            password::verify_dummy(&password);
            false
        }
    })
    .await?;
    let (clock, secret) = (state.clock.clone(), state.config.jwt_secret.clone());
    let outcome = state.write(move |conn| auth::sign_in(conn, &clock, &meta, &secret, &attempt, password_ok)).await??;
    Ok(match outcome {
        LoginOutcome::Signed(tokens) => HttpResponse::Ok().insert_header(("Cache-Control", "no-store")).json(tokens),
        LoginOutcome::SecondFactor(challenge) => {
            HttpResponse::Accepted().insert_header(("Cache-Control", "no-store")).json(challenge)
        }
    })
}

/// 登录: 两步验证
///
/// Completes a sign-in that `/auth/login` answered with a challenge: `code` is the 6 digits the
/// authenticator shows (each code is accepted once; one step of clock skew either way is
/// allowed) or one of the account's recovery codes (each good once). A wrong, reused or spent
/// code counts as a failed sign-in of the account at this address, with the same limits and
/// waits as wrong passwords (429 with `Retry-After`), and is audited (`auth.login_totp`).
#[utoipa::path(
    tag = "auth",
    operation_id = "loginTotp",
    request_body = TotpLoginRequest,
    responses(
        (status = 200, description = "登录成功", body = TokenResponse),
        (status = 401, description = "验证码错误或已使用 (`invalid_totp_code`), 或登录验证已过期 (`invalid_challenge`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "字段超过长度上限", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "尝试过于频繁: `Retry-After` 秒后再试", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "需要等待的秒数"))),
    ),
    security(()),
)]
#[post("/auth/login/totp")]
pub async fn login_totp(
    state: web::Data<AppState>,
    meta: RequestMeta,
    body: ApiJson<TotpLoginRequest>,
) -> Result<HttpResponse, ApiError> {
    let TotpLoginRequest { challenge, code } = body.0;
    let mut v = Validator::default();
    v.check(challenge.chars().count() <= 256, "challenge", "challenge 不能超过 256 个字符");
    v.check(code.chars().count() <= 32, "code", "验证码不能超过 32 个字符");
    v.finish()?;
    let user = auth::challenge_user(&state.config.jwt_secret, &challenge, state.clock.now())?;
    let clock = state.clock.clone();
    let read_meta = meta.clone();
    let attempt = state.db(move |conn| auth::totp_attempt(conn, &clock, &read_meta, &user)).await?;
    check_request_rate(&state, &meta, "auth.login", &attempt.address, attempt.policy.requests_per_minute).await?;
    if attempt.wait.is_some() {
        return Err(state.write(move |conn| auth::refuse_while_waiting(conn, &meta, &attempt)).await?);
    }
    let (clock, secret) = (state.clock.clone(), state.config.jwt_secret.clone());
    let tokens =
        state.write(move |conn| auth::sign_in_second_factor(conn, &clock, &meta, &secret, &attempt, &code)).await??;
    Ok(HttpResponse::Ok().insert_header(("Cache-Control", "no-store")).json(tokens))
}

/// 开始设置两步验证
///
/// A new TOTP secret for the caller, with the `otpauth://` URI an authenticator app reads (the
/// SPA shows it as a QR code). Not in force until confirmed with a first code at
/// `/auth/totp/confirmation`; asking again replaces an unconfirmed secret. Allowed while the
/// account must still enrol or change its password. Refused once a factor is confirmed: the
/// security administrator resets it first.
#[utoipa::path(
    tag = "auth",
    operation_id = "startTotpEnrollment",
    responses(
        (status = 200, description = "新的密钥", body = TotpEnrollment),
        (status = 403, description = "API 密钥不能设置两步验证", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "两步验证已启用", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = [])),
)]
#[post("/auth/totp/enrollment")]
pub async fn start_totp_enrollment(
    req: actix_web::HttpRequest,
    state: web::Data<AppState>,
    principal: SessionPrincipal,
) -> Result<HttpResponse, ApiError> {
    let cx = session_context(&req, &state, principal);
    let enrollment = state.write(move |conn| auth::start_totp_enrollment(conn, &cx)).await?;
    Ok(HttpResponse::Ok().insert_header(("Cache-Control", "no-store")).json(enrollment))
}

/// 确认两步验证
///
/// Confirms the secret from `/auth/totp/enrollment` with the code the authenticator shows now;
/// from then on the account signs in with a code after its password. Answers the ten one-time
/// recovery codes, shown only this once (stored hashed).
#[utoipa::path(
    tag = "auth",
    operation_id = "confirmTotpEnrollment",
    request_body = TotpCodeRequest,
    responses(
        (status = 200, description = "两步验证已启用; 恢复码只显示这一次", body = RecoveryCodes),
        (status = 403, description = "API 密钥不能设置两步验证", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "尚未开始设置 (`totp_not_started`) 或已启用 (`totp_already_enabled`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "验证码不正确", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = [])),
)]
#[post("/auth/totp/confirmation")]
pub async fn confirm_totp_enrollment(
    req: actix_web::HttpRequest,
    state: web::Data<AppState>,
    principal: SessionPrincipal,
    body: ApiJson<TotpCodeRequest>,
) -> Result<HttpResponse, ApiError> {
    let cx = session_context(&req, &state, principal);
    let code = body.0.code;
    let mut v = Validator::default();
    v.check(code.chars().count() <= 32, "code", "验证码不能超过 32 个字符");
    v.finish()?;
    let codes = state.write(move |conn| auth::confirm_totp_enrollment(conn, &cx, &code)).await?;
    Ok(HttpResponse::Ok().insert_header(("Cache-Control", "no-store")).json(codes))
}

/// The per-address request rate on sign-in and refresh (`auth::rate_limit`), checked before
/// any password hash or token work; the first refusal of each minute is audited.
async fn check_request_rate(
    state: &web::Data<AppState>,
    meta: &RequestMeta,
    action: &'static str,
    address: &str,
    limit: u32,
) -> Result<(), ApiError> {
    match state.login_rate.hit(address, state.clock.now(), limit) {
        Hit::Allowed => Ok(()),
        Hit::Refused { retry_after, first } => {
            let meta = meta.clone();
            Err(state.write(move |conn| auth::refuse_request_rate(conn, &meta, action, retry_after, first)).await?)
        }
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
        (status = 401, description = "刷新令牌无效、已过期或已被使用", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "请求过于频繁: `Retry-After` 秒后再试", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "需要等待的秒数"))),
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
    let policy = state.db(|conn| Ok(LoginPolicy::of(&crate::service::settings::current(conn)?))).await?;
    let address = login_throttle::address_group(meta.client_ip.as_deref());
    check_request_rate(&state, &meta, "auth.refresh", &address, policy.requests_per_minute).await?;
    let (clock, secret) = (state.clock.clone(), state.config.jwt_secret.clone());
    // A refused refresh still commits its revocation and audit record.
    let tokens = state.write(move |conn| auth::refresh(conn, &clock, &meta, &secret, &presented)).await??;
    Ok(HttpResponse::Ok().insert_header(("Cache-Control", "no-store")).json(tokens))
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
    ),
    security(("bearer_jwt" = [])),
)]
#[post("/auth/logout")]
pub async fn logout(
    req: actix_web::HttpRequest,
    state: web::Data<AppState>,
    principal: SessionPrincipal,
) -> Result<HttpResponse, ApiError> {
    let cx = session_context(&req, &state, principal);
    state.write(move |conn| auth::sign_out(conn, &cx)).await?;
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
    ),
    security(("bearer_jwt" = [])),
)]
#[get("/auth/me")]
pub async fn me(state: web::Data<AppState>, principal: SessionPrincipal) -> Result<HttpResponse, ApiError> {
    let me = state.db(move |conn| Me::load(conn, &principal.0)).await?;
    Ok(HttpResponse::Ok().insert_header(("Cache-Control", "no-store")).json(me))
}

/// 修改密码
///
/// Checks the current password and the password policy; clears the forced change after a reset.
#[utoipa::path(
    tag = "auth",
    operation_id = "changePassword",
    request_body = PasswordChangeRequest,
    responses(
        (status = 204, description = "密码已修改"),
        (status = 422, description = "当前密码错误或新密码不符合要求", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = [])),
)]
#[post("/auth/password")]
pub async fn change_password(
    req: actix_web::HttpRequest,
    state: web::Data<AppState>,
    principal: SessionPrincipal,
    body: ApiJson<PasswordChangeRequest>,
) -> Result<HttpResponse, ApiError> {
    let cx = session_context(&req, &state, principal);
    let username = cx.principal.username.clone();
    let PasswordChangeRequest { current_password, new_password } = body.0;
    let read_cx = cx.clone();
    let (user, history) = state.db(move |conn| auth::password_change_inputs(conn, &read_cx)).await?;
    // Verification and hashing run without holding a database connection.
    let hash = web::block(move || {
        let mut v = Validator::default();
        v.check(password::verify(&current_password, &user.password_hash), "current_password", "当前密码不正确");
        if let Some(msg) = password_policy::check(&new_password, &user.username) {
            v.add("new_password", msg);
        }
        v.check(new_password != current_password, "new_password", "新密码不能与当前密码相同");
        if v.is_ok() {
            v.check(
                !history.iter().any(|old| password::verify(&new_password, old)),
                "new_password",
                "新密码不能与最近使用过的 5 个密码相同",
            );
        }
        v.finish().map(|_| password::hash(&new_password))
    })
    .await??;
    state.write(move |conn| auth::set_own_password(conn, &cx, hash)).await?;
    // A generated first password is no longer true once changed: its file goes.
    crate::ops::bootstrap::forget_initial_password(&state.config.data_dir, &state.config.database_url, &username);
    Ok(HttpResponse::NoContent().finish())
}

/// The context of a signed-in user who may still have to change the password.
fn session_context(req: &actix_web::HttpRequest, state: &AppState, principal: SessionPrincipal) -> Context {
    Context::new(principal.0, request_meta(req), state.clock.clone(), state.config.warning_days)
        .with_caches(state.caches.clone(), None)
}

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(login)
        .service(login_totp)
        .service(start_totp_enrollment)
        .service(confirm_totp_enrollment)
        .service(refresh_session)
        .service(logout)
        .service(me)
        .service(change_password);
}
