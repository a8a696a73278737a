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
        roles::Role,
    },
    error::ApiError,
    service::{Context, accounts::RoleDto, read_cache::ReadCaches},
    store::{self, sessions::RefreshToken, users::User},
};

fn invalid_token() -> ApiError {
    ApiError::unauthorized("invalid_token", "登录已失效, 请重新登录")
}

/// The principal behind a bearer token: an API key (`lvk_…`), or an access token whose session
/// is live and whose account is active. Anything else is 401.
///
/// A user's principal comes from `caches` while the read-cache epoch is unchanged (one query
/// instead of six); the epoch is read before anything is loaded, so a change committed
/// meanwhile is never hidden under it.
pub fn authenticate(
    conn: &mut DbConnection,
    clock: &Clock,
    secret: &[u8],
    token: &str,
    caches: &ReadCaches,
) -> Result<Authenticated, ApiError> {
    if token.starts_with("lvk_") {
        return Ok(Authenticated { principal: authenticate_key(conn, clock, token)?, read_epoch: None });
    }
    let claims = jwt::verify(secret, token).ok_or_else(invalid_token)?;
    authenticate_session(conn, clock, &claims, caches)
}

/// [`authenticate`] for an access token whose signature and expiry are already checked: its
/// session must still be open and its account active.
pub fn authenticate_session(
    conn: &mut DbConnection,
    clock: &Clock,
    claims: &jwt::Claims,
    caches: &ReadCaches,
) -> Result<Authenticated, ApiError> {
    let user_id: UserId = claims.sub.parse().map_err(|_| invalid_token())?;
    let session: SessionId = claims.sid.parse().map_err(|_| invalid_token())?;
    let now = clock.now();
    let epoch = store::read_cache::epoch(conn)?;
    if let Some(principal) = caches.principal(&session, &user_id, epoch, now) {
        return Ok(Authenticated { principal, read_epoch: Some(epoch) });
    }
    // A signed-out or expired session ends its access tokens at once, not after 15 minutes.
    let ends = store::sessions::session_ends(conn, &session, now)?.ok_or_else(invalid_token)?;
    let principal = principal_of(conn, &user_id, session.clone())?.ok_or_else(invalid_token)?;
    caches.keep_principal(session, user_id, epoch, ends, principal.clone());
    Ok(Authenticated { principal, read_epoch: Some(epoch) })
}

/// A request's caller, and the read-cache epoch its session was checked under (none for an
/// API key): the request's other cached reads may be served under that epoch.
#[derive(Debug, Clone)]
pub struct Authenticated {
    pub principal: Principal,
    pub read_epoch: Option<i64>,
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
    let totp_enabled = store::totp::confirmed(conn, &user.id)?;
    let must_enroll_totp = !totp_enabled && totp_required(conn, &roles.iter().map(|r| r.role).collect::<Vec<_>>())?;
    Ok(Some(Principal {
        subject: Subject::User { id: user.id, session },
        username: user.username,
        display_name: user.display_name,
        unit_id: unit.id,
        unit_name: unit.name,
        roles,
        must_change_password: user.must_change_password,
        totp_enabled,
        must_enroll_totp,
    }))
}

/// Whether holders of `roles` must sign in with a second factor: the three administrators
/// always, business roles when the security administrator says so (`auth.totp_required_roles`).
pub fn totp_required(conn: &mut DbConnection, roles: &[Role]) -> Result<bool, ApiError> {
    if roles.iter().any(|r| r.is_administrator()) {
        return Ok(true);
    }
    if roles.is_empty() {
        return Ok(false);
    }
    let required = crate::service::settings::current(conn)?.totp_required_roles;
    Ok(roles.iter().any(|r| required.contains(r)))
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
        totp_enabled: false,
        must_enroll_totp: false,
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
    /// The account signs in with a second factor (TOTP).
    pub totp_enabled: bool,
    /// The account's roles require a second factor it has not set up yet: it must enrol
    /// (`POST /auth/totp/enrollment`, then `/auth/totp/confirmation`) before anything else.
    pub must_enroll_totp: bool,
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
            totp_enabled: p.totp_enabled,
            must_enroll_totp: p.must_enroll_totp,
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
) -> Result<Committed<LoginOutcome>, ApiError> {
    let now = clock.now();
    // Read again inside the transaction: the account may have changed while the hash ran.
    let user = attempt.user.as_ref().map(|u| store::users::find(conn, &u.id)).transpose()?.flatten();
    let actor = login_actor(user.as_ref(), &attempt.username);
    let Some(user) = user.filter(|u| password_ok && u.active) else {
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
    if store::totp::confirmed(conn, &user.id)? {
        // The password was right; the second factor decides. The failure count of this name
        // stays as it is until the code is right too.
        audit::append(conn, Entry::new(&actor, meta, "auth.login", "user").entity(&user.id).result("totp_required"))?;
        return Ok(Ok(LoginOutcome::SecondFactor(totp_challenge(secret, &user.id, now))));
    }
    complete_sign_in(conn, clock, meta, secret, attempt, user, None).map(|t| Ok(LoginOutcome::Signed(Box::new(t))))
}

/// The end of a successful sign-in (password, and second factor when the account has one): the
/// name's failure count at this address is cleared, an expired password forces a change, a
/// session starts.
fn complete_sign_in(
    conn: &mut DbConnection,
    clock: &Clock,
    meta: &RequestMeta,
    secret: &[u8],
    attempt: &LoginAttempt,
    mut user: User,
    second_factor: Option<&str>,
) -> Result<TokenResponse, ApiError> {
    let now = clock.now();
    let actor = login_actor(Some(&user), &attempt.username);
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
            .after(json!({ "session_id": session, "second_factor": second_factor })),
    )?;
    Ok(token_response(access, refresh, Me::load(conn, &principal)?))
}

/// What a right password answers: tokens, or (for an account with a second factor) a challenge
/// to complete at `/auth/login/totp`.
#[derive(Debug)]
pub enum LoginOutcome {
    Signed(Box<TokenResponse>),
    SecondFactor(TotpChallenge),
}

/// The password was right; a code from the account's authenticator (or a recovery code) must
/// follow, at `POST /auth/login/totp`, within `expires_in` seconds.
#[derive(Debug, Serialize, ToSchema)]
pub struct TotpChallenge {
    /// Always `true`: the sign-in needs a second factor.
    pub totp_required: bool,
    /// Opaque, signed; hand it back with the code.
    #[schema(example = "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a5b.1764790000.3f9a…")]
    pub challenge: String,
    /// Seconds the challenge stays good (300).
    #[schema(example = 300)]
    pub expires_in: i64,
}

/// How long a password's challenge waits for its code.
pub const CHALLENGE_TTL: Duration = Duration::minutes(5);

fn challenge_mac(secret: &[u8], user: &str, expires: i64) -> String {
    crate::audit::key::hmac_sha256(secret, format!("lvyue totp challenge|{user}|{expires}").as_bytes())
}

fn totp_challenge(secret: &[u8], user: &UserId, now: NaiveDateTime) -> TotpChallenge {
    let expires = (now + CHALLENGE_TTL).and_utc().timestamp();
    let mac = challenge_mac(secret, user.as_str(), expires);
    TotpChallenge {
        totp_required: true,
        challenge: format!("{user}.{expires}.{mac}"),
        expires_in: CHALLENGE_TTL.num_seconds(),
    }
}

fn invalid_challenge() -> ApiError {
    ApiError::unauthorized("invalid_challenge", "登录验证已过期, 请重新输入用户名和密码")
}

/// The account a challenge was issued to, if it is genuine and not expired (401 otherwise).
pub fn challenge_user(secret: &[u8], challenge: &str, now: NaiveDateTime) -> Result<UserId, ApiError> {
    let mut parts = challenge.splitn(3, '.');
    let (Some(user), Some(expires), Some(mac)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(invalid_challenge());
    };
    let expires: i64 = expires.parse().map_err(|_| invalid_challenge())?;
    let expected = challenge_mac(secret, user, expires);
    let genuine =
        expected.len() == mac.len() && expected.bytes().zip(mac.bytes()).fold(0u8, |a, (x, y)| a | (x ^ y)) == 0;
    if !genuine || expires <= now.and_utc().timestamp() {
        return Err(invalid_challenge());
    }
    user.parse().map_err(|_| invalid_challenge())
}

/// What a second-factor attempt is up against: the limits and waits of a sign-in by the
/// challenge's account from this address (the same counts as passwords: guessing codes is
/// guessing).
pub fn totp_attempt(
    conn: &mut DbConnection,
    clock: &Clock,
    meta: &RequestMeta,
    user: &UserId,
) -> Result<LoginAttempt, ApiError> {
    let found = store::users::find(conn, user)?.ok_or_else(invalid_challenge)?;
    login_attempt(conn, clock, meta, &found.username)
}

/// Completes a sign-in with a code from the authenticator (6 digits; each code is good once) or
/// a recovery code (each good once). A wrong, replayed or spent code counts as a failed sign-in.
pub fn sign_in_second_factor(
    conn: &mut DbConnection,
    clock: &Clock,
    meta: &RequestMeta,
    secret: &[u8],
    attempt: &LoginAttempt,
    code: &str,
) -> Result<Committed<TokenResponse>, ApiError> {
    let now = clock.now();
    let Some(user) =
        attempt.user.as_ref().map(|u| store::users::find(conn, &u.id)).transpose()?.flatten().filter(|u| u.active)
    else {
        return Ok(Err(invalid_challenge()));
    };
    let Some(factor) = store::totp::find(conn, &user.id)?.filter(|t| t.confirmed_at.is_some()) else {
        return Ok(Err(invalid_challenge()));
    };
    let code = code.trim();
    let is_totp = code.len() == auth::totp::DIGITS as usize && code.bytes().all(|b| b.is_ascii_digit());
    let outcome = if is_totp {
        let step = auth::totp::step_of(now.and_utc().timestamp());
        match auth::totp::verify(&factor.secret, code, step, factor.last_step) {
            Some(s) if store::totp::use_step(conn, &user.id, s)? => Ok("totp"),
            _ if auth::totp::matches_any(&factor.secret, code, step) => Err("replayed"),
            _ => Err("failure"),
        }
    } else {
        let digest = auth::totp::recovery_digest(user.id.as_str(), code);
        if store::totp::spend_recovery_code(conn, &user.id, &digest, now)? {
            Ok("recovery_code")
        } else {
            Err("failure")
        }
    };
    match outcome {
        Ok(kind) => complete_sign_in(conn, clock, meta, secret, attempt, user, Some(kind)).map(Ok),
        Err(reason) => {
            count_failure(conn, now, attempt)?;
            let actor = login_actor(Some(&user), &attempt.username);
            audit::append(
                conn,
                Entry::new(&actor, meta, "auth.login_totp", "user")
                    .entity(&user.id)
                    .result(reason)
                    .after(json!({ "kind": if is_totp { "totp" } else { "recovery_code" } })),
            )?;
            Ok(Err(ApiError::unauthorized("invalid_totp_code", "验证码错误或已使用过")))
        }
    }
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

/// A second factor being set up: what the authenticator app needs.
#[derive(Debug, Serialize, ToSchema)]
pub struct TotpEnrollment {
    /// The shared secret, base32 (for typing in when the QR code cannot be scanned).
    #[schema(example = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")]
    pub secret: String,
    /// `otpauth://totp/…`: what the QR code shows.
    #[schema(
        example = "otpauth://totp/%E5%B1%A5%E7%BA%A6:sysadmin?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=%E5%B1%A5%E7%BA%A6&algorithm=SHA1&digits=6&period=30"
    )]
    pub otpauth_uri: String,
}

/// The one-time recovery codes, shown once.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecoveryCodes {
    /// Each signs in once in place of a code, when the authenticator is lost.
    #[schema(example = json!(["K3PXP-JBSWY", "DPEHP-3PXPJ"]))]
    pub recovery_codes: Vec<String>,
}

/// The issuer an authenticator app shows beside the account.
const TOTP_ISSUER: &str = "履约";

fn totp_already_enabled() -> ApiError {
    ApiError::conflict("totp_already_enabled", "两步验证已启用; 如需更换, 请安全管理员重置")
}

/// Starts (or starts again) setting up the caller's second factor: a new secret, not in force
/// until confirmed with a first code. Refused once a factor is confirmed (a reset by the
/// security administrator comes first).
pub fn start_totp_enrollment(conn: &mut DbConnection, cx: &Context) -> Result<TotpEnrollment, ApiError> {
    let id = cx.principal.require_user()?;
    if store::totp::confirmed(conn, id)? {
        return Err(totp_already_enabled());
    }
    let secret = auth::totp::generate_secret();
    store::totp::replace(
        conn,
        &store::totp::UserTotp {
            user_id: id.clone(),
            secret: secret.clone(),
            created_at: cx.clock.now(),
            confirmed_at: None,
            last_step: None,
        },
    )?;
    audit::append(conn, Entry::new(&cx.actor(), &cx.meta, "auth.totp_enrollment", "user").entity(id))?;
    Ok(TotpEnrollment { otpauth_uri: auth::totp::otpauth_uri(TOTP_ISSUER, &cx.principal.username, &secret), secret })
}

/// Confirms the caller's pending second factor with a first code from the authenticator and
/// hands out the recovery codes (stored hashed, shown only now).
pub fn confirm_totp_enrollment(conn: &mut DbConnection, cx: &Context, code: &str) -> Result<RecoveryCodes, ApiError> {
    let id = cx.principal.require_user()?;
    let factor = store::totp::find(conn, id)?
        .ok_or_else(|| ApiError::conflict("totp_not_started", "尚未开始设置两步验证, 请先获取密钥"))?;
    if factor.confirmed_at.is_some() {
        return Err(totp_already_enabled());
    }
    let now = cx.clock.now();
    let step = auth::totp::step_of(now.and_utc().timestamp());
    let step = auth::totp::verify(&factor.secret, code.trim(), step, None)
        .ok_or_else(|| ApiError::field("code", "验证码不正确, 请输入验证器当前显示的 6 位数字"))?;
    store::totp::confirm(conn, id, now, step)?;
    let codes = auth::totp::generate_recovery_codes();
    let digests: Vec<String> = codes.iter().map(|c| auth::totp::recovery_digest(id.as_str(), c)).collect();
    store::totp::set_recovery_codes(conn, id, &digests)?;
    audit::append(
        conn,
        Entry::new(&cx.actor(), &cx.meta, "auth.totp_enable", "user")
            .entity(id)
            .after(json!({ "recovery_codes": codes.len() })),
    )?;
    Ok(RecoveryCodes { recovery_codes: codes })
}

/// Demo seeding: the account signs in with [`auth::totp::DEMO_SECRET`] (confirmed, no recovery
/// codes). Only `seed --demo` calls this.
pub fn seed_demo_totp(conn: &mut DbConnection, user: &UserId, now: NaiveDateTime) -> Result<(), ApiError> {
    store::totp::replace(
        conn,
        &store::totp::UserTotp {
            user_id: user.clone(),
            secret: auth::totp::DEMO_SECRET.to_owned(),
            created_at: now,
            confirmed_at: Some(now),
            last_step: None,
        },
    )?;
    Ok(())
}
