//! Every error leaves the server as `application/problem+json` (RFC 9457) with a stable
//! machine `code` and a Chinese `detail`. Internal failures are logged with the request id
//! and never expose their cause to the client.

use actix_web::{
    HttpResponse, ResponseError,
    http::{StatusCode, header},
};
use serde::Serialize;
use utoipa::ToSchema;

/// One invalid field of a request.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq, Eq)]
pub struct FieldError {
    /// The field's name in the request (a JSON path such as `roles[0].group_id`).
    pub field: String,
    /// What is wrong, in Chinese.
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self { field: field.into(), message: message.into() }
    }
}

/// The problem document (RFC 9457).
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    /// A URI naming the kind of problem.
    #[schema(example = "urn:lvyue:problem:validation_failed")]
    pub r#type: String,
    /// A short Chinese title of the kind of problem.
    #[schema(example = "请求参数有误")]
    pub title: String,
    /// The HTTP status code.
    #[schema(example = 422)]
    pub status: u16,
    /// What happened, in Chinese, for the user.
    #[schema(example = "请求中有 1 处错误")]
    pub detail: String,
    /// A stable machine-readable code.
    #[schema(example = "validation_failed")]
    pub code: String,
    /// The invalid fields, for validation problems.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// Extra facts for this problem (e.g. `locked_until`, `allowed_actions`, `existing_id`).
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Object)]
    pub extra: Option<serde_json::Map<String, serde_json::Value>>,
}

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub detail: String,
    pub errors: Vec<FieldError>,
    pub extra: Option<serde_json::Map<String, serde_json::Value>>,
    /// Extra response headers (e.g. `Allow` on 405).
    pub headers: Vec<(header::HeaderName, String)>,
    /// The hidden cause of an internal error, for the log only.
    pub cause: Option<String>,
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, detail: impl Into<String>) -> Self {
        Self { status, code, detail: detail.into(), errors: Vec::new(), extra: None, headers: Vec::new(), cause: None }
    }

    pub fn bad_request(code: &'static str, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, detail)
    }

    /// 422 with the invalid fields named.
    pub fn validation(errors: Vec<FieldError>) -> Self {
        let detail = match errors.as_slice() {
            [one] => format!("{}: {}", one.field, one.message),
            many => format!("请求中有 {} 处错误", many.len()),
        };
        Self { errors, ..Self::new(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed", detail) }
    }

    pub fn field(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::validation(vec![FieldError::new(field, message)])
    }

    pub fn unauthorized(code: &'static str, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, code, detail)
            .with_header(header::WWW_AUTHENTICATE, "Bearer realm=\"lvyue\"")
    }

    pub fn forbidden(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "forbidden", detail)
    }

    pub fn not_found(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", detail)
    }

    pub fn conflict(code: &'static str, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, code, detail)
    }

    pub fn internal(cause: impl std::fmt::Display) -> Self {
        Self {
            cause: Some(cause.to_string()),
            ..Self::new(StatusCode::INTERNAL_SERVER_ERROR, "internal_error", "服务器内部错误, 请稍后重试或联系管理员")
        }
    }

    pub fn unavailable(cause: impl std::fmt::Display) -> Self {
        Self {
            cause: Some(cause.to_string()),
            ..Self::new(StatusCode::SERVICE_UNAVAILABLE, "database_unavailable", "数据库暂时不可用, 请稍后重试")
        }
    }

    pub fn with_extra(mut self, key: &str, value: impl Into<serde_json::Value>) -> Self {
        self.extra.get_or_insert_with(Default::default).insert(key.to_owned(), value.into());
        self
    }

    pub fn with_field_error(mut self, e: FieldError) -> Self {
        self.errors.push(e);
        self
    }

    pub fn with_code(mut self, code: &'static str) -> Self {
        self.code = code;
        self
    }

    pub fn with_header(mut self, name: header::HeaderName, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }

    pub fn title(&self) -> &'static str {
        title_for(self.status)
    }

    pub fn to_problem(&self) -> Problem {
        Problem {
            r#type: format!("urn:lvyue:problem:{}", self.code),
            title: self.title().to_owned(),
            status: self.status.as_u16(),
            detail: self.detail.clone(),
            code: self.code.to_owned(),
            errors: self.errors.clone(),
            extra: self.extra.clone(),
        }
    }
}

pub fn title_for(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 => "请求格式有误",
        401 => "未登录或登录已失效",
        403 => "无权执行此操作",
        404 => "资源不存在",
        405 => "不支持的请求方法",
        406 => "不支持的响应格式",
        409 => "操作与当前状态冲突",
        412 => "数据已被他人修改",
        413 => "请求内容过大",
        415 => "不支持的内容类型",
        422 => "请求参数有误",
        423 => "账号已锁定",
        428 => "缺少版本条件",
        429 => "请求过于频繁",
        503 => "服务暂时不可用",
        _ if status.is_server_error() => "服务器内部错误",
        _ => "请求失败",
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}: {}", self.status.as_u16(), self.code, self.detail)?;
        if let Some(cause) = &self.cause {
            write!(f, " (cause: {cause})")?;
        }
        Ok(())
    }
}

/// serde's messages are English; the common ones are given a Chinese lead so that a user
/// understands them, with serde's precise wording kept after it.
pub fn translate_serde_message(msg: &str) -> String {
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

/// Deserialises a JSON value into `T`; a type error or unknown field is 400 naming the path of
/// the offending field (`roles[0].role`).
pub fn deserialize_value<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> Result<T, ApiError> {
    serde_path_to_error::deserialize::<_, T>(value).map_err(|err| {
        let path = err.path().to_string();
        let message = translate_serde_message(&err.into_inner().to_string());
        let field = if path == "." { "(body)".to_owned() } else { path };
        ApiError::bad_request("invalid_json", format!("字段 {field} 有误: {message}"))
            .with_field_error(FieldError::new(field, message))
    })
}

impl std::error::Error for ApiError {}

pub const PROBLEM_JSON: &str = "application/problem+json";

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse {
        let mut res = HttpResponse::build(self.status);
        res.insert_header((header::CONTENT_TYPE, PROBLEM_JSON));
        res.insert_header((header::CACHE_CONTROL, "no-store"));
        for (name, value) in &self.headers {
            res.insert_header((name.clone(), value.clone()));
        }
        res.body(serde_json::to_string(&self.to_problem()).unwrap_or_else(|_| "{}".into()))
    }
}

impl From<diesel::result::Error> for ApiError {
    fn from(e: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind, Error};
        match &e {
            Error::NotFound => Self::not_found("资源不存在"),
            Error::DatabaseError(DatabaseErrorKind::SerializationFailure, _) => {
                Self::conflict("concurrent_update", "数据正被他人同时修改, 请刷新后重试")
            }
            _ => Self::internal(e),
        }
    }
}

impl From<diesel::r2d2::PoolError> for ApiError {
    fn from(e: diesel::r2d2::PoolError) -> Self {
        Self::unavailable(e)
    }
}

impl From<actix_web::error::BlockingError> for ApiError {
    fn from(e: actix_web::error::BlockingError) -> Self {
        Self::internal(e)
    }
}

impl From<anyhow::Error> for ApiError {
    fn from(e: anyhow::Error) -> Self {
        Self::internal(format!("{e:#}"))
    }
}
