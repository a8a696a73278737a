//! Signing in and out: a bearer token (a JWT of a live session, or an API key) turned into a
//! [`Principal`]; sign-in with failure counting and waits (`domain::login_throttle`); refresh-token rotation; sign-out;
//! the own password.

use actix_web::http::{StatusCode, header};
use chrono::{Duration, NaiveDateTime};
use serde::Serialize;
use serde_json::json;
use utoipa::ToSchema;

use crate::{
    audit::{self, Actor, Entry, RequestMeta},
    auth::{self, Principal, jwt, principal::Subject, tokens},
    clock::Clock,
    db::{DbConnection, RefreshTokenId, SessionId, UnitId, UserId},
    domain::{
        login_throttle::{self, FailureCount, LoginPolicy, ThrottleKey},
        org::ActorKind,
        permissions::{ApiScope, Permission},
    },
    error::ApiError,
    service::{Context, accounts::RoleDto},
    store::{self, sessions::RefreshToken, users::User},
};

fn invalid_token() -> ApiError {
    ApiError::unauthorized("invalid_token", "登录已失效, 请重新登录")
}

/// The principal behind a bearer token: an API key (`lvk_…`), or an access token whose session
/// is live and whose account is active. Anything else is 401.
pub fn authenticate(conn: &mut DbConnection, clock: &Clock, secret: &[u8], token: &str) -> Result<Principal, ApiError> {
    if token.starts_with("lvk_") {
        return authenticate_key(conn, clock, token);
    }
    let claims = jwt::verify(secret, token).ok_or_else(invalid_token)?;
    let user_id: UserId = claims.sub.parse().map_err(|_| invalid_token())?;
    let session: SessionId = claims.sid.parse().map_err(|_| invalid_token())?;
    // A signed-out or expired session ends its access tokens at once, not after 15 minutes.
    if !store::sessions::session_live(conn, &session, clock.now())? {
        return Err(invalid_token());
    }
    principal_of(conn, &user_id, session)?.ok_or_else(invalid_token)
}

/// An active user's principal within `session`; `None` when the account is gone or inactive.
pub fn principal_of(
    conn: &mut DbConnection,
    user_id: &UserId,
    session: SessionId,
) -> Result<Option<Principal>, ApiError> {
    let Some(user) = store::users::find(conn, user_id)?.filter(|u| u.active) else { return Ok(None) };
    let unit = store::units::find(conn, &user.unit_id)?.ok_or_else(|| ApiError::internal("user without unit"))?;
    let roles = store::users::roles_of(conn, &user.id)?;
    Ok(Some(Principal {
        subject: Subject::User { id: user.id, session },
        username: user.username,
        display_name: user.display_name,
        unit_id: unit.id,
        unit_name: unit.name,
        roles,
        must_change_password: user.must_change_password,
    }))
}

/// An integration's API key: unknown, revoked or expired → 401.
fn authenticate_key(conn: &mut DbConnection, clock: &Clock, token: &str) -> Result<Principal, ApiError> {
    let now = clock.now();
    let invalid = || ApiError::unauthorized("invalid_api_key", "API 密钥无效、已吊销或已过期");
    let key = store::api_keys::find_by_hash(conn, &tokens::digest(token))?.ok_or_else(invalid)?;
    if key.revoked_at.is_some() || key.expires_at.is_some_and(|e| e <= now) {
        return Err(invalid());
    }
    if key.last_used_at.is_none_or(|t| t < now - chrono::Duration::seconds(60)) {
        conn.write_tx(|c| store::api_keys::touch(c, &key.id, now))?;
    }
    let unit = store::units::find(conn, &key.unit_id)?.ok_or_else(invalid)?;
    let scopes = key.scope_list().iter().filter_map(|s| ApiScope::from_code(s)).collect();
    Ok(Principal {
        subject: Subject::ApiKey { id: key.id, scopes, client_id: key.client_id },
        username: key.name.clone(),
        display_name: key.name,
        unit_id: unit.id,
        unit_name: unit.name,
        roles: Vec::new(),
        must_change_password: false,
    })
}

/// Issues a refresh token (a new session, or the next token of `family`) and an access token;
/// answers (access, refresh, session).
pub fn start_session(
    conn: &mut DbConnection,
    clock: &Clock,
    secret: &[u8],
    user_id: &UserId,
    family: Option<(SessionId, NaiveDateTime)>,
) -> Result<(String, String, SessionId), ApiError> {
    let now = clock.now();
    let (family_id, family_expires_at) = family.unwrap_or_else(|| (SessionId::new(), now + auth::SESSION_ABSOLUTE_TTL));
    let refresh = tokens::generate("lvr_");
    store::sessions::insert(
        conn,
        &RefreshToken {
            id: RefreshTokenId::new(),
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
    // The token's own expiry is checked against the system time by the JWT library, so it is
    // issued on the system time too (a test's moved clock must not make it expired at birth).
    let access = jwt::issue(secret, user_id.as_str(), family_id.as_str(), chrono::Utc::now());
    Ok((access, refresh, family_id))
}

/// A reference to a unit, with its name.
#[derive(Debug, Serialize, ToSchema)]
pub struct UnitRef {
    pub id: UnitId,
    #[schema(example = "区营商办")]
    pub name: String,
}

/// The signed-in user.
#[derive(Debug, Serialize, ToSchema)]
pub struct Me {
    pub id: UserId,
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
    /// 灰色模式 (setting `display.grayscale`): the SPA shows everything in grey, for everyone.
    pub grayscale: bool,
}

impl Me {
    /// The principal as the SPA needs it, with the display settings in force.
    pub fn load(conn: &mut DbConnection, p: &Principal) -> Result<Self, ApiError> {
        let grayscale = crate::service::settings::current(conn)?.grayscale;
        Self::of(p, grayscale)
    }

    fn of(p: &Principal, grayscale: bool) -> Result<Self, ApiError> {
        Ok(Self {
            id: p.require_user()?.clone(),
            username: p.username.clone(),
            display_name: p.display_name.clone(),
            unit: UnitRef { id: p.unit_id.clone(), name: p.unit_name.clone() },
            roles: p.roles.iter().map(RoleDto::from).collect(),
            permissions: crate::domain::permissions::effective(&p.role_list()),
            must_change_password: p.must_change_password,
            grayscale,
        })
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

pub fn invalid_credentials() -> ApiError {
    ApiError::unauthorized("invalid_credentials", "用户名或密码错误")
}

/// What a use case answers when it commits its own refusal (a failed sign-in is recorded, and
/// the answer is still a refusal).
pub type Committed<T> = Result<T, ApiError>;

/// 429 with `Retry-After`: the caller must wait before trying again.
fn too_many(wait: Duration) -> ApiError {
    let seconds = login_throttle::retry_after_seconds(wait);
    ApiError::new(StatusCode::TOO_MANY_REQUESTS, "too_many_attempts", format!("尝试过于频繁, 请 {seconds} 秒后再试"))
        .with_header(header::RETRY_AFTER, seconds.to_string())
        .with_extra("retry_after", seconds)
}

/// The sign-in's user, as an audit actor (the name as typed when no account has it).
fn login_actor(user: Option<&User>, username: &str) -> Actor {
    match user {
        Some(u) => Actor {
            kind: ActorKind::User,
            id: Some(u.id.to_string()),
            name: Some(u.username.clone()),
            roles: None,
            unit_id: Some(u.unit_id.to_string()),
        },
        None => Actor::anonymous(username),
    }
}

/// What a sign-in needs to know before a password is checked: the limits in force, the account
/// with the name typed (if any), and how long this address must still wait for this name.
#[derive(Debug)]
pub struct LoginAttempt {
    pub policy: LoginPolicy,
    /// The client address as counted (`login_throttle::address_group`).
    pub address: String,
    pub username: String,
    pub user: Option<User>,
    pub wait: Option<Duration>,
    /// Passwords older than this must be changed at sign-in (setting `auth.password_max_age_days`).
    pub max_password_age: Option<Duration>,
}

impl LoginAttempt {
    fn keys(&self) -> [ThrottleKey; 2] {
        [
            ThrottleKey::Address(self.address.clone()),
            ThrottleKey::Account { address: self.address.clone(), username: self.username.clone() },
        ]
    }
}

/// Reads what a sign-in attempt by `username` from the request's address is up against.
pub fn login_attempt(
    conn: &mut DbConnection,
    clock: &Clock,
    meta: &RequestMeta,
    username: &str,
) -> Result<LoginAttempt, ApiError> {
    let settings = crate::service::settings::current(conn)?;
    let policy = LoginPolicy::of(&settings);
    let max_password_age = (settings.password_max_age_days > 0).then(|| Duration::days(settings.password_max_age_days));
    let address = login_throttle::address_group(meta.client_ip.as_deref());
    let user = if username.is_empty() { None } else { store::users::find_by_username(conn, username)? };
    let mut attempt =
        LoginAttempt { policy, address, username: username.to_owned(), user, wait: None, max_password_age };
    let keys: Vec<String> = attempt.keys().iter().map(ThrottleKey::storage_key).collect();
    let now = clock.now();
    attempt.wait = store::login_throttles::find_many(conn, &keys)?.iter().filter_map(|c| c.wait(now)).max();
    Ok(attempt)
}

/// Refuses a sign-in or refresh over the per-address request rate, recording the refusal
/// (the first of each minute per address; see `auth::rate_limit`).
pub fn refuse_request_rate(
    conn: &mut DbConnection,
    meta: &RequestMeta,
    action: &'static str,
    wait: Duration,
    record: bool,
) -> Result<ApiError, ApiError> {
    if record {
        let actor = Actor::anonymous("");
        audit::append(conn, Entry::new(&actor, meta, action, "session").result("rate_limited"))?;
    }
    Ok(too_many(wait))
}

/// Refuses a sign-in while its address (or its address for this name) must wait; the password
/// is not checked, so guessing goes no faster. Known and unknown names answer alike.
pub fn refuse_while_waiting(
    conn: &mut DbConnection,
    meta: &RequestMeta,
    attempt: &LoginAttempt,
) -> Result<ApiError, ApiError> {
    let wait = attempt.wait.unwrap_or_default();
    let actor = login_actor(attempt.user.as_ref(), &attempt.username);
    let mut entry = Entry::new(&actor, meta, "auth.login", "user")
        .result("throttled")
        .after(json!({ "retry_after": login_throttle::retry_after_seconds(wait) }));
    if let Some(u) = &attempt.user {
        entry = entry.entity(&u.id);
    }
    audit::append(conn, entry)?;
    Ok(too_many(wait))
}

/// Whether the account's password is older than `max_age` (`None`: passwords do not expire).
/// An account never changed since it was made counts from its creation.
fn password_expired(user: &User, max_age: Option<Duration>, now: NaiveDateTime) -> bool {
    max_age.is_some_and(|age| now - user.password_changed_at.unwrap_or(user.created_at) > age)
}

/// Counts one failed sign-in against the address and the (address, name) pair.
fn count_failure(conn: &mut DbConnection, now: NaiveDateTime, attempt: &LoginAttempt) -> Result<(), ApiError> {
    for key in attempt.keys() {
        let stored = key.storage_key();
        let previous = store::login_throttles::lock(conn, &stored, now)?;
        let count = FailureCount::after_failure(previous, now, key.threshold(&attempt.policy), &attempt.policy);
        store::login_throttles::save(conn, &stored, &count)?;
    }
    store::login_throttles::prune(conn, now - login_throttle::FAILURE_MEMORY, now)?;
    Ok(())
}

/// Records a sign-in attempt whose password was checked already (without holding a connection:
/// the hash is slow on purpose): a failure is counted for the address and for the name at the
/// address, a success clears the latter and starts a session. Unknown users and wrong passwords
/// answer alike, at every count.
pub fn sign_in(
    conn: &mut DbConnection,
    clock: &Clock,
    meta: &RequestMeta,
    secret: &[u8],
    attempt: &LoginAttempt,
    password_ok: bool,
) -> Result<Committed<TokenResponse>, ApiError> {
    let now = clock.now();
    // Read again inside the transaction: the account may have changed while the hash ran.
    let user = attempt.user.as_ref().map(|u| store::users::find(conn, &u.id)).transpose()?.flatten();
    let actor = login_actor(user.as_ref(), &attempt.username);
    let Some(mut user) = user.filter(|u| password_ok && u.active) else {
        count_failure(conn, now, attempt)?;
        let mut entry = Entry::new(&actor, meta, "auth.login", "user");
        if let Some(u) = &attempt.user {
            entry = entry.entity(&u.id).result(if u.active { "failure" } else { "inactive" });
        } else {
            entry = entry.result("failure");
        }
        audit::append(conn, entry)?;
        return Ok(Err(invalid_credentials()));
    };
    store::login_throttles::clear(conn, &attempt.keys()[1].storage_key())?;
    user.failed_attempts = 0;
    user.last_login_at = Some(now);
    if !user.must_change_password && password_expired(&user, attempt.max_password_age, now) {
        user.must_change_password = true;
        audit::append(
            conn,
            Entry::new(&actor, meta, "auth.password_expired", "user").entity(&user.id).before(
                json!({ "password_changed_at": user.password_changed_at.unwrap_or(user.created_at).and_utc() }),
            ),
        )?;
    }
    store::users::save(conn, &user)?;
    let (access, refresh, session) = start_session(conn, clock, secret, &user.id, None)?;
    let principal = principal_of(conn, &user.id, session.clone())?.ok_or_else(invalid_credentials)?;
    audit::append(
        conn,
        Entry::new(&principal.actor(), meta, "auth.login", "user")
            .entity(&user.id)
            .after(json!({ "session_id": session })),
    )?;
    Ok(Ok(token_response(access, refresh, Me::load(conn, &principal)?)))
}

/// Exchanges a refresh token for new tokens (rotation). A used-up token presented again ends
/// the whole session: someone else holds a copy.
pub fn refresh(
    conn: &mut DbConnection,
    clock: &Clock,
    meta: &RequestMeta,
    secret: &[u8],
    presented: &str,
) -> Result<Committed<TokenResponse>, ApiError> {
    let now = clock.now();
    let expired = || ApiError::unauthorized("invalid_refresh_token", "登录已过期, 请重新登录");
    let Some(token) = store::sessions::find_by_hash(conn, &tokens::digest(presented))? else {
        return Ok(Err(expired()));
    };
    let user = store::users::find(conn, &token.user_id)?;
    let actor = Actor {
        kind: ActorKind::User,
        id: Some(token.user_id.to_string()),
        name: user.as_ref().map(|u| u.username.clone()),
        roles: None,
        unit_id: None,
    };
    if token.revoked_at.is_some() {
        return Ok(Err(expired()));
    }
    if token.used_at.is_some() || !store::sessions::mark_used(conn, &token.id, now)? {
        store::sessions::revoke_family(conn, &token.family_id, now)?;
        audit::append(
            conn,
            Entry::new(&actor, meta, "auth.refresh_reuse", "session").entity(&token.family_id).result("denied"),
        )?;
        return Ok(Err(expired()));
    }
    if token.idle_expires_at <= now || token.family_expires_at <= now || !user.as_ref().is_some_and(|u| u.active) {
        store::sessions::revoke_family(conn, &token.family_id, now)?;
        return Ok(Err(expired()));
    }
    let family = Some((token.family_id.clone(), token.family_expires_at));
    let (access, refresh, session) = start_session(conn, clock, secret, &token.user_id, family)?;
    let principal = principal_of(conn, &token.user_id, session.clone())?.ok_or_else(expired)?;
    audit::append(conn, Entry::new(&principal.actor(), meta, "auth.refresh", "session").entity(&session))?;
    Ok(Ok(token_response(access, refresh, Me::load(conn, &principal)?)))
}

/// Ends the caller's session: its refresh token and every access token of it stop at once.
pub fn sign_out(conn: &mut DbConnection, cx: &Context) -> Result<(), ApiError> {
    let session = cx.principal.session_id().ok_or_else(|| ApiError::forbidden("API 密钥没有会话可退出"))?;
    store::sessions::revoke_family(conn, session, cx.clock.now())?;
    audit::append(conn, Entry::new(&cx.actor(), &cx.meta, "auth.logout", "session").entity(session))?;
    Ok(())
}

/// Stores the caller's new password (checked and hashed by the caller, outside the transaction,
/// against [`password_change_inputs`]), lifts a forced change, keeps the old hash in the history
/// and ends every other session of the account: whoever else held the old password is out.
pub fn set_own_password(conn: &mut DbConnection, cx: &Context, hash: String) -> Result<(), ApiError> {
    let id = cx.principal.require_user()?;
    let session = cx.principal.session_id().ok_or_else(|| ApiError::forbidden("API 密钥不能修改密码"))?;
    let now = cx.clock.now();
    let mut user = store::users::find(conn, id)?.ok_or_else(|| ApiError::not_found("用户不存在"))?;
    store::users::retire_password(conn, &user.id, &user.password_hash, now)?;
    user.password_hash = hash;
    user.must_change_password = false;
    user.password_changed_at = Some(now);
    user.updated_at = now;
    store::users::save(conn, &user)?;
    let ended = store::sessions::revoke_user_except(conn, &user.id, session, now)?;
    audit::append(
        conn,
        Entry::new(&cx.actor(), &cx.meta, "auth.password_change", "user")
            .entity(&user.id)
            .after(json!({ "other_sessions_ended": ended })),
    )?;
    Ok(())
}

/// What a password change is checked against: the account (its current hash) and the hashes of
/// its earlier passwords, none of which the new one may repeat.
pub fn password_change_inputs(conn: &mut DbConnection, cx: &Context) -> Result<(User, Vec<String>), ApiError> {
    let id = cx.principal.require_user()?;
    let user = store::users::find(conn, id)?.ok_or_else(|| ApiError::not_found("用户不存在"))?;
    let history = store::users::password_history(conn, &user.id)?;
    Ok((user, history))
}
