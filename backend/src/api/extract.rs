//! Request extractors whose failures are problem documents naming the field at fault.

use std::{
    future::Future,
    pin::Pin,
    time::{Duration, Instant},
};

use actix_web::{
    FromRequest, HttpMessage, HttpRequest,
    dev::Payload,
    error::{PayloadError, QueryPayloadError},
    http::{StatusCode, header},
    web,
};
use serde::de::DeserializeOwned;

use crate::{
    api::state::AppState,
    audit::{RequestMeta, context::client_address},
    auth::Principal,
    error::{ApiError, FieldError, translate_serde_message},
    middleware::RequestId,
    service::{self, Context, issues::IfMatch},
};

/// Default limit of a JSON body.
pub const JSON_LIMIT: usize = 1024 * 1024;

/// A JSON body. Unlike `web::Json`, a type error names the field (`roles[0].role`), an
/// oversized body is 413 and a wrong content type is 415, all as problem+json.
#[derive(Debug)]
pub struct ApiJson<T>(pub T);

impl<T> std::ops::Deref for ApiJson<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

fn payload_error(e: actix_web::Error, limit: usize) -> ApiError {
    if let Some(PayloadError::Overflow) = e.as_error::<PayloadError>() {
        return too_large(limit);
    }
    if e.as_response_error().status_code() == StatusCode::PAYLOAD_TOO_LARGE {
        return too_large(limit);
    }
    ApiError::bad_request("unreadable_body", format!("无法读取请求体: {e}"))
}

pub fn too_large(limit: usize) -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
        format!("请求体超过 {} 的上限", human_size(limit)),
    )
}

fn human_size(bytes: usize) -> String {
    if bytes >= 1024 * 1024 { format!("{} MB", bytes / (1024 * 1024)) } else { format!("{} KB", bytes / 1024) }
}

/// Deserialises JSON, naming the path of the offending field in the error.
///
/// A number with a zero fraction (`794.0`) is accepted where an integer is expected: JSON
/// Schema counts it as an integer, and generated clients in some languages send it.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let mut value: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| {
        ApiError::bad_request("malformed_json", format!("JSON 格式错误: {}", translate_serde_message(&e.to_string())))
    })?;
    // Every request body of the API is an object; serde would also fill a struct from an
    // array by position (`[null, null]` as a PATCH with nothing in it).
    if !value.is_object() {
        return Err(ApiError::bad_request("invalid_json", "请求体应为 JSON 对象")
            .with_field_error(FieldError::new("(body)", "应为 JSON 对象")));
    }
    let mut nul_fields = Vec::new();
    normalise(&mut value, &mut String::new(), &mut nul_fields);
    if !nul_fields.is_empty() {
        return Err(ApiError::validation(
            nul_fields.into_iter().map(|f| FieldError::new(f, "不能包含空字符 (U+0000)")).collect(),
        ));
    }
    crate::error::deserialize_value(value)
}

/// Turns integral floats into integers and collects the paths of strings holding U+0000, which
/// no text column can store (PostgreSQL refuses it).
fn normalise(value: &mut serde_json::Value, path: &mut String, nul_fields: &mut Vec<String>) {
    use serde_json::Value;
    match value {
        Value::Number(n) => {
            // 2^63 bounds the i64 range; beyond it the number stays a float (and fails as one).
            if let Some(f) = n.as_f64().filter(|f| n.is_f64() && f.fract() == 0.0 && f.abs() < 9.223_372_036_854_776e18)
            {
                *n = serde_json::Number::from(f as i64);
            }
        }
        Value::String(text) if text.contains('\0') => {
            nul_fields.push(if path.is_empty() { "(body)".to_owned() } else { path.clone() });
        }
        Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                normalise(item, path, nul_fields);
                path.truncate(len);
            }
        }
        Value::Object(map) => {
            for (key, item) in map.iter_mut() {
                let len = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                // The answer names the field without repeating the NUL it refuses.
                path.push_str(&key.replace('\0', "\\u0000"));
                if key.contains('\0') {
                    nul_fields.push(path.clone());
                }
                normalise(item, path, nul_fields);
                path.truncate(len);
            }
        }
        _ => {}
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for ApiJson<T> {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let is_json =
            req.mime_type().ok().flatten().is_some_and(|m| m.subtype() == mime::JSON || m.suffix() == Some(mime::JSON));
        let limit = JSON_LIMIT;
        let declared_too_large = req
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<usize>().ok())
            .is_some_and(|n| n > limit);
        let stream = payload.take();
        Box::pin(async move {
            if declared_too_large {
                return Err(too_large(limit));
            }
            if !is_json {
                return Err(ApiError::new(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "unsupported_media_type",
                    "请求体必须是 JSON (Content-Type: application/json)",
                ));
            }
            let body = read_body(stream, limit, None).await?;
            if body.is_empty() {
                return Err(ApiError::bad_request("malformed_json", "请求体为空, 需要 JSON 对象"));
            }
            parse_json(&body).map(ApiJson)
        })
    }
}

/// The request facts the audit trail records; the client's address honours
/// `LVYUE_TRUSTED_PROXIES` (see `audit::context::client_address`).
pub fn request_meta(req: &HttpRequest) -> RequestMeta {
    let trusted = req.app_data::<web::Data<AppState>>().map(|s| s.config.trusted_proxies.clone()).unwrap_or_default();
    let header = |name: &str| req.headers().get(name).and_then(|v| v.to_str().ok());
    let client =
        client_address(req.peer_addr().map(|a| a.ip()), header("forwarded"), header("x-forwarded-for"), &trusted);
    RequestMeta {
        request_id: req.extensions().get::<RequestId>().map(|r| r.0.clone()),
        client_ip: client.map(|ip| ip.to_string()),
        user_agent: header(header::USER_AGENT.as_str()).map(|s| s.chars().take(512).collect()),
    }
}

impl FromRequest for RequestMeta {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;
    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(Ok(request_meta(req)))
    }
}

fn bearer(req: &HttpRequest) -> Option<String> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim().to_owned()).filter(|t| !t.is_empty())
}

/// The principal behind the request's bearer token (401 without a valid one).
async fn authenticate(req: HttpRequest) -> Result<Principal, ApiError> {
    let state = req.app_data::<web::Data<AppState>>().cloned().ok_or_else(|| ApiError::internal("no app state"))?;
    let token = bearer(&req).ok_or_else(|| ApiError::unauthorized("unauthenticated", "请先登录"))?;
    let (clock, secret, caches) = (state.clock.clone(), state.config.jwt_secret.clone(), state.caches.clone());
    let authenticated =
        state.db(move |conn| service::auth::authenticate(conn, &clock, &secret, &token, &caches)).await?;
    Ok(note_caller(&req, authenticated))
}

/// Keeps what the rest of the request needs of its authentication: the principal (for the
/// refusal audit, `api::refusals`: who was refused) and the read-cache epoch.
fn note_caller(req: &HttpRequest, authenticated: service::auth::Authenticated) -> Principal {
    let service::auth::Authenticated { principal, read_epoch } = authenticated;
    req.extensions_mut().insert(principal.clone());
    if let Some(epoch) = read_epoch {
        req.extensions_mut().insert(ReadEpoch(epoch));
    }
    principal
}

/// Refuses an account that must change its password first (403 `password_change_required`),
/// or whose roles require a second factor it has not set up (403 `totp_enrollment_required`).
fn fully_signed_in(p: Principal) -> Result<Principal, ApiError> {
    if p.must_change_password {
        return Err(
            ApiError::forbidden("首次登录、密码已被重置或已过期, 请先修改密码").with_code("password_change_required")
        );
    }
    if p.must_enroll_totp {
        return Err(ApiError::forbidden("您的角色要求启用两步验证, 请先完成设置").with_code("totp_enrollment_required"));
    }
    Ok(p)
}

/// The read-cache epoch a request's session was checked under (see `service::read_cache`).
#[derive(Debug, Clone, Copy)]
struct ReadEpoch(i64);

/// A signed-in user whose account may still have to change its password (for `/auth/me`,
/// `/auth/password`, `/auth/logout`).
#[derive(Debug, Clone)]
pub struct SessionPrincipal(pub Principal);

impl FromRequest for SessionPrincipal {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { authenticate(req).await.map(SessionPrincipal) })
    }
}

/// Every other protected handler's caller: an account that must change its password first is
/// refused (403 `password_change_required`), and so is one whose roles require a second factor
/// it has not set up (403 `totp_enrollment_required`).
impl FromRequest for Principal {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { fully_signed_in(authenticate(req).await?) })
    }
}

/// A use case's context: the signed-in caller, the request's audit facts, the server's clock.
impl FromRequest for Context {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let meta = request_meta(req);
        let principal = Principal::from_request(req, payload);
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let req = req.clone();
        Box::pin(async move {
            let state = state.ok_or_else(|| ApiError::internal("no app state"))?;
            let principal = principal.await?;
            let read_epoch = req.extensions().get::<ReadEpoch>().map(|e| e.0);
            Ok(Context::new(principal, meta, state.clock.clone(), state.warning_days().await?)
                .with_caches(state.caches.clone(), read_epoch))
        })
    }
}

/// A [`Context`] whose session is checked in the handler's own database call
/// ([`ReadContext::db`]) rather than in one of its own before: the hottest reads (a problem,
/// a list page) then cross to the blocking pool once, not twice. A request without a bearer
/// token, or with an access token whose signature fails, is refused (401) at extraction as
/// with [`Context`].
pub struct ReadContext {
    req: HttpRequest,
    state: web::Data<AppState>,
    credential: ReadCredential,
    meta: RequestMeta,
    warning_days: i64,
}

/// What a [`ReadContext`] authenticates: an API key, or an access token verified at extraction
/// (verifying it once per request, not again in the database call).
enum ReadCredential {
    ApiKey(String),
    Session(crate::auth::jwt::Claims),
}

impl FromRequest for ReadContext {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let state =
                req.app_data::<web::Data<AppState>>().cloned().ok_or_else(|| ApiError::internal("no app state"))?;
            let token = bearer(&req).ok_or_else(|| ApiError::unauthorized("unauthenticated", "请先登录"))?;
            let credential = if token.starts_with("lvk_") {
                ReadCredential::ApiKey(token)
            } else {
                let claims = crate::auth::jwt::verify(&state.config.jwt_secret, &token)
                    .ok_or_else(|| ApiError::unauthorized("invalid_token", "登录已失效, 请重新登录"))?;
                ReadCredential::Session(claims)
            };
            let warning_days = state.warning_days().await?;
            Ok(Self { meta: request_meta(&req), req, state, credential, warning_days })
        })
    }
}

impl ReadContext {
    /// Authenticates the caller and runs `f` for it, on one pooled connection in one blocking
    /// call.
    pub async fn db<T, F>(self, f: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut crate::db::DbConnection, &Context) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        let Self { req, state, credential, meta, warning_days } = self;
        let (clock, secret, caches) = (state.clock.clone(), state.config.jwt_secret.clone(), state.caches.clone());
        let (authenticated, answer) = state
            .db(move |conn| {
                let authenticated = match &credential {
                    ReadCredential::ApiKey(key) => service::auth::authenticate(conn, &clock, &secret, key, &caches)?,
                    ReadCredential::Session(claims) => {
                        service::auth::authenticate_session(conn, &clock, claims, &caches)?
                    }
                };
                let answer = fully_signed_in(authenticated.principal.clone()).and_then(|principal| {
                    let cx = Context::new(principal, meta, clock, warning_days)
                        .with_caches(caches, authenticated.read_epoch);
                    f(conn, &cx)
                });
                Ok((authenticated, answer))
            })
            .await?;
        note_caller(&req, authenticated);
        answer
    }
}

/// The `If-Match` condition of a request.
pub fn if_match(req: &HttpRequest) -> IfMatch {
    IfMatch::parse(req.headers().get(header::IF_MATCH).map(|v| v.to_str().unwrap_or("")))
}

/// A query string that failed to parse: 400 naming the parameter.
pub fn query_error(err: QueryPayloadError, _req: &HttpRequest) -> actix_web::Error {
    let msg = err.to_string();
    let msg = msg.strip_prefix("Query deserialize error: ").unwrap_or(&msg).to_owned();
    ApiError::bad_request("invalid_query", format!("查询参数有误: {}", translate_serde_message(&msg))).into()
}

/// A malformed path segment (e.g. an id that is no UUID) names nothing that exists, unless the
/// path is another route's literal one (`PATCH /issues/by-ref` reaches `PATCH /issues/{id}`):
/// that is a method the path does not support.
pub fn path_error(_err: actix_web::error::PathError, req: &HttpRequest) -> actix_web::Error {
    let allowed = req.app_data::<web::Data<AppState>>().and_then(|s| s.routes.allowed(req.path()));
    match allowed {
        Some(methods) if !methods.contains(req.method()) => super::fallback::method_not_allowed(req, methods).into(),
        _ => ApiError::not_found("资源不存在").into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Body {
        name: String,
        roles: Vec<Role>,
    }
    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Role {
        role: String,
    }

    #[test]
    fn type_errors_name_the_field() {
        let err = parse_json::<Body>(br#"{"name":"a","roles":[{"role":1}]}"#).unwrap_err();
        assert_eq!(err.status, StatusCode::BAD_REQUEST);
        assert_eq!(err.errors[0].field, "roles[0].role");
        assert!(err.detail.contains("类型错误"), "{}", err.detail);
    }

    #[test]
    fn unknown_fields_and_syntax_are_400() {
        let err = parse_json::<Body>(br#"{"name":"a","roles":[],"x":1}"#).unwrap_err();
        assert_eq!(err.errors[0].field, "x");
        assert!(err.detail.contains("不允许的字段"));
        let err = parse_json::<Body>(br#"["a", []]"#).unwrap_err();
        assert_eq!(err.code, "invalid_json", "an array is no object, even where serde would take it");
        let err = parse_json::<Body>(br#"{"name": "#).unwrap_err();
        assert_eq!(err.code, "malformed_json");
        let err = parse_json::<Body>(br#"{"roles":[]}"#).unwrap_err();
        assert!(err.detail.contains("缺少必填字段"), "{}", err.detail);
    }

    #[derive(Debug, serde::Deserialize, PartialEq)]
    struct Amounts {
        fen: i64,
        sort_order: Option<i32>,
        ratio: f64,
    }

    #[test]
    fn integral_floats_are_integers_and_fractions_are_not() {
        let ok = parse_json::<Amounts>(br#"{"fen": 165382.0, "sort_order": -2.0, "ratio": 1.0}"#).unwrap();
        assert_eq!(ok, Amounts { fen: 165_382, sort_order: Some(-2), ratio: 1.0 });
        // Parsed exactly (serde_json's float_roundtrip), so a large integral float stays integral.
        let big = parse_json::<Amounts>(br#"{"fen": 2047172776421557.0, "ratio": 0.1}"#).unwrap();
        assert_eq!(big.fen, 2_047_172_776_421_557);
        let err = parse_json::<Amounts>(br#"{"fen": 1.5, "ratio": 1}"#).unwrap_err();
        assert_eq!(err.errors[0].field, "fen");
        let err = parse_json::<Amounts>(br#"{"fen": 1e30, "ratio": 1}"#).unwrap_err();
        assert_eq!(err.code, "invalid_json");
    }

    #[test]
    fn nul_in_any_string_is_refused_naming_the_field() {
        let err = parse_json::<Body>(br#"{"name":"a\u0000b","roles":[{"role":"x"},{"role":"\u0000"}]}"#).unwrap_err();
        assert_eq!(err.status, StatusCode::UNPROCESSABLE_ENTITY);
        let fields: Vec<&str> = err.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["name", "roles[1].role"]);
        let err = parse_json::<Body>(b"{\"na\\u0000me\":\"a\",\"roles\":[]}").unwrap_err();
        assert_eq!(err.errors[0].field, "na\\u0000me");
    }
}

/// A client that sends nothing for this long is cut off (408).
const BODY_IDLE: Duration = Duration::from_secs(15);
/// After this long, a body must have arrived at [`BODY_MIN_RATE`] on average: a 20 MB upload
/// on a slow link passes, a trickle of a byte now and then does not hold a connection forever.
const BODY_GRACE: Duration = Duration::from_secs(15);
const BODY_MIN_RATE: u64 = 4 * 1024;

fn too_slow() -> ApiError {
    ApiError::new(StatusCode::REQUEST_TIMEOUT, "request_body_timeout", "请求体发送过慢或中断, 请检查网络后重试")
}

/// Reads a request body of at most `limit` bytes, answering 413 as soon as it is exceeded and
/// 408 when the client stalls ([`BODY_IDLE`]) or sends slower than [`BODY_MIN_RATE`] after
/// [`BODY_GRACE`]. These are idle and rate limits, not a total: a large body on a slow but
/// steady link passes.
async fn read_body<S>(mut stream: S, limit: usize, declared: Option<usize>) -> Result<web::Bytes, ApiError>
where
    S: futures_util::Stream<Item = Result<web::Bytes, PayloadError>> + Unpin,
{
    use futures_util::StreamExt;
    if declared.is_some_and(|n| n > limit) {
        return Err(too_large(limit));
    }
    let start = Instant::now();
    let mut body = web::BytesMut::with_capacity(declared.unwrap_or(0).min(limit));
    loop {
        let next = tokio::time::timeout(BODY_IDLE, stream.next()).await.map_err(|_| too_slow())?;
        let Some(chunk) = next else { break };
        let chunk = chunk.map_err(|e| payload_error(e.into(), limit))?;
        if body.len() + chunk.len() > limit {
            return Err(too_large(limit));
        }
        body.extend_from_slice(&chunk);
        let elapsed = start.elapsed();
        if let Some(over) = elapsed.checked_sub(BODY_GRACE) {
            let expected = BODY_MIN_RATE.saturating_mul(over.as_secs());
            if (body.len() as u64) < expected {
                return Err(too_slow());
            }
        }
    }
    Ok(body.freeze())
}

/// A raw upload of at most `MAX` bytes; larger is 413 as problem+json, before or while reading.
#[derive(Debug)]
pub struct Upload<const MAX: usize>(pub web::Bytes);

impl<const MAX: usize> FromRequest for Upload<MAX> {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let declared = declared_length(req);
        let stream = payload.take();
        Box::pin(async move { read_body(stream, MAX, declared).await.map(Upload) })
    }
}

fn declared_length(req: &HttpRequest) -> Option<usize> {
    req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<usize>().ok())
}

/// Reads a raw body of at most `max` bytes (413 beyond, before or while reading), for handlers
/// that decide something first (a permission, a free slot) and only then accept the bytes.
pub async fn read_upload(req: &HttpRequest, payload: web::Payload, max: usize) -> Result<web::Bytes, ApiError> {
    read_body(payload, max, declared_length(req)).await
}

/// Reads a body without keeping it (so that a refusal sent before reading reaches the client
/// instead of a reset connection); stops after `max` bytes.
pub async fn discard_upload(mut payload: web::Payload, max: usize) {
    use futures_util::StreamExt;
    let mut seen = 0usize;
    while let Some(Ok(chunk)) = payload.next().await {
        seen += chunk.len();
        if seen > max {
            break;
        }
    }
}
