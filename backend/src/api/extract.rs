//! Request extractors whose failures are problem documents naming the field at fault.

use std::future::Future;
use std::pin::Pin;

use actix_web::{
    FromRequest, HttpMessage, HttpRequest,
    dev::Payload,
    error::{PayloadError, QueryPayloadError},
    http::{StatusCode, header},
    web,
};
use serde::de::DeserializeOwned;

use crate::{
    error::{ApiError, FieldError},
    middleware::RequestId,
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
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    match serde_path_to_error::deserialize::<_, T>(de) {
        Ok(v) => Ok(v),
        Err(err) => {
            let path = err.path().to_string();
            let inner = err.into_inner();
            let message = translate_serde_message(&inner.to_string());
            if inner.is_syntax() || inner.is_eof() {
                Err(ApiError::bad_request("malformed_json", format!("JSON 格式错误: {message}")))
            } else {
                let field = if path == "." { "(body)".to_owned() } else { path };
                Err(ApiError::bad_request("invalid_json", format!("字段 {field} 有误: {message}"))
                    .with_field(field, message))
            }
        }
    }
}

/// serde's messages are English; the common ones are given a Chinese lead so that a user
/// understands them, with serde's precise wording kept after it.
fn translate_serde_message(msg: &str) -> String {
    let lead = if msg.starts_with("unknown field") {
        "不允许的字段"
    } else if msg.starts_with("missing field") {
        "缺少必填字段"
    } else if msg.starts_with("invalid type") {
        "类型错误"
    } else if msg.starts_with("unknown variant") {
        "取值不在允许范围内"
    } else if msg.starts_with("invalid value") || msg.starts_with("invalid length") {
        "取值无效"
    } else if msg.starts_with("EOF") {
        "内容不完整"
    } else if msg.starts_with("expected") || msg.starts_with("trailing") || msg.starts_with("key must") {
        "语法错误"
    } else {
        return msg.to_owned();
    };
    format!("{lead} ({msg})")
}

impl ApiError {
    fn with_field(mut self, field: String, message: String) -> Self {
        self.errors.push(FieldError::new(field, message));
        self
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
        let bytes = web::Bytes::from_request(req, payload);
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
            let body = bytes.await.map_err(|e| payload_error(e, limit))?;
            if body.is_empty() {
                return Err(ApiError::bad_request("malformed_json", "请求体为空, 需要 JSON 对象"));
            }
            parse_json(&body).map(ApiJson)
        })
    }
}

/// Request facts the audit trail records.
#[derive(Debug, Clone, Default)]
pub struct RequestMeta {
    pub request_id: Option<String>,
    pub client_ip: Option<String>,
    pub user_agent: Option<String>,
}

impl RequestMeta {
    pub fn of(req: &HttpRequest) -> Self {
        Self {
            request_id: req.extensions().get::<RequestId>().map(|r| r.0.clone()),
            // The peer address, not X-Forwarded-For: a client may not choose what the audit
            // trail records. Behind nginx the proxy's address is recorded.
            client_ip: req.peer_addr().map(|a| a.ip().to_string()),
            user_agent: req
                .headers()
                .get(header::USER_AGENT)
                .and_then(|v| v.to_str().ok())
                .map(|s| s.chars().take(512).collect()),
        }
    }
}

impl FromRequest for RequestMeta {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;
    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(Ok(Self::of(req)))
    }
}

/// A query string that failed to parse: 400 naming the parameter.
pub fn query_error(err: QueryPayloadError, _req: &HttpRequest) -> actix_web::Error {
    let msg = err.to_string();
    let msg = msg.strip_prefix("Query deserialize error: ").unwrap_or(&msg).to_owned();
    ApiError::bad_request("invalid_query", format!("查询参数有误: {}", translate_serde_message(&msg))).into()
}

/// A malformed path segment (e.g. an id that is no UUID) names nothing that exists.
pub fn path_error(_err: actix_web::error::PathError, _req: &HttpRequest) -> actix_web::Error {
    ApiError::not_found("资源不存在").into()
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
        let err = parse_json::<Body>(br#"{"name": "#).unwrap_err();
        assert_eq!(err.code, "malformed_json");
        let err = parse_json::<Body>(br#"{"roles":[]}"#).unwrap_err();
        assert!(err.detail.contains("缺少必填字段"), "{}", err.detail);
    }
}

/// A raw upload of at most `MAX` bytes; larger is 413 as problem+json, before or while reading.
#[derive(Debug)]
pub struct Upload<const MAX: usize>(pub web::Bytes);

impl<const MAX: usize> FromRequest for Upload<MAX> {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        use futures_util::StreamExt;
        let declared = req
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<usize>().ok());
        let mut stream = payload.take();
        Box::pin(async move {
            if declared.is_some_and(|n| n > MAX) {
                return Err(too_large(MAX));
            }
            let mut body = web::BytesMut::with_capacity(declared.unwrap_or(0).min(MAX));
            while let Some(chunk) = stream.next().await {
                let chunk =
                    chunk.map_err(|e| ApiError::bad_request("unreadable_body", format!("无法读取请求体: {e}")))?;
                if body.len() + chunk.len() > MAX {
                    return Err(too_large(MAX));
                }
                body.extend_from_slice(&chunk);
            }
            Ok(Upload(body.freeze()))
        })
    }
}
