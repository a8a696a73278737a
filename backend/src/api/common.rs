//! Pieces every resource module shares: pagination, validation and common responses.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::error::ApiError;

pub const MAX_PAGE_SIZE: i64 = 200;

/// `?page=1&page_size=20` (at most 200).
#[derive(Debug, Clone, Copy, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// Page number, 1 to 1000000.
    #[param(minimum = 1, maximum = 1_000_000, default = 1)]
    pub page: Option<i64>,
    /// Items per page, 1 to 200.
    #[param(minimum = 1, maximum = 200, default = 20)]
    pub page_size: Option<i64>,
}

impl PageQuery {
    /// (page, page_size, offset), or 422 naming the parameter.
    pub fn resolve(&self) -> Result<(i64, i64, i64), ApiError> {
        let page = self.page.unwrap_or(1);
        let size = self.page_size.unwrap_or(20);
        let mut v = Validator::default();
        v.check((1..=1_000_000).contains(&page), "page", "页码应为 1 到 1000000 之间的整数");
        v.check((1..=MAX_PAGE_SIZE).contains(&size), "page_size", "每页条数应为 1 到 200 之间的整数");
        v.finish()?;
        Ok((page, size, (page - 1) * size))
    }
}

pub use crate::service::{Page, validate::Validator};

/// Declares a set of problem+json refusals an operation can answer, once, as an
/// `IntoResponses` type that `#[utoipa::path(responses(...))]` names instead of repeating them.
macro_rules! refusals {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = ($status:tt, $description:tt)),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(utoipa::IntoResponses)]
        pub enum $name {
            $(
                #[response(status = $status, description = $description, content_type = "application/problem+json")]
                $variant(crate::error::Problem),
            )+
        }
    };
}
pub(crate) use refusals;

refusals! {
    /// The refusals every operation on one problem can answer.
    IssueErrors { Forbidden = (403, "角色无权执行该操作"), NotFound = (404, "问题不存在或不在数据范围内") }
}

refusals! {
    /// The refusal every administrative operation answers to a caller without the right.
    AdminOnly { Forbidden = (403, "无此管理权限 (三员分立: 系统管理员、安全管理员、安全审计员各管其事)") }
}

refusals! {
    /// A write conditional on the version last read (`If-Match`).
    Conditional { Stale = (412, "版本已过期"), NoCondition = (428, "缺少 If-Match") }
}

refusals! {
    /// A list's `page` or `page_size` out of range.
    BadPage { Invalid = (422, "分页参数有误") }
}

refusals! {
    /// A body whose fields fail validation (the problem names them).
    BadFields { Invalid = (422, "字段有误") }
}

refusals! { UserNotFound { NotFound = (404, "账号不存在") } }
refusals! { CampaignNotFound { NotFound = (404, "专项行动不存在") } }
refusals! { WebhookNotFound { NotFound = (404, "Webhook 不存在") } }
refusals! { MilestoneNotFound { NotFound = (404, "节点不存在") } }
refusals! { ClientNotFound { NotFound = (404, "客户端不存在") } }

/// A code with its Chinese label.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq, Eq)]
pub struct Labelled {
    #[schema(example = "rectifying")]
    pub code: String,
    #[schema(example = "整改")]
    pub label: String,
}

/// A file sent or answered as the body itself (a spreadsheet, a CSV): `string`, `format: binary`.
pub struct FileBytes;

impl utoipa::PartialSchema for FileBytes {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, SchemaFormat, Type};
        ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Binary)))
            .description(Some("文件内容"))
            .into()
    }
}

impl ToSchema for FileBytes {}
