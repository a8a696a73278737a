//! Pieces every resource module shares: pagination, validation and common responses.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::error::{ApiError, FieldError};

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

/// One page of a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// How many items match in all.
    pub total: i64,
    pub page: i64,
    pub page_size: i64,
}

/// Collects field errors so that one answer names every problem of a request.
#[derive(Debug, Default)]
pub struct Validator {
    pub errors: Vec<FieldError>,
}

impl Validator {
    pub fn check(&mut self, ok: bool, field: &str, message: &str) -> &mut Self {
        if !ok {
            self.errors.push(FieldError::new(field, message));
        }
        self
    }

    pub fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.errors.push(FieldError::new(field, message));
    }

    /// A required, trimmed text of at most `max` characters.
    pub fn text(&mut self, field: &str, value: &str, max: usize) -> String {
        let t = value.trim();
        if t.is_empty() {
            self.add(field, "不能为空");
        } else if t.chars().count() > max {
            self.add(field, format!("不能超过 {max} 个字符"));
        } else if t.contains('\0') {
            // Imported cells reach here without passing through `parse_json`.
            self.add(field, "不能包含空字符 (U+0000)");
        }
        t.to_owned()
    }

    /// An optional trimmed text; empty becomes `None`.
    pub fn optional_text(&mut self, field: &str, value: Option<&str>, max: usize) -> Option<String> {
        let t = value.map(str::trim).filter(|s| !s.is_empty())?;
        if t.chars().count() > max {
            self.add(field, format!("不能超过 {max} 个字符"));
        } else if t.contains('\0') {
            self.add(field, "不能包含空字符 (U+0000)");
        }
        Some(t.to_owned())
    }

    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }

    pub fn finish(&mut self) -> Result<(), ApiError> {
        if self.errors.is_empty() { Ok(()) } else { Err(ApiError::validation(std::mem::take(&mut self.errors))) }
    }
}

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
