//! Query strings checked against what each operation documents: an unknown parameter answers
//! 400 naming it (a client that guesses `updated_since` must not silently download everything),
//! and an array parameter accepts both `state=a,b` and the repeated `state=a&state=b` that
//! generated clients send.
//!
//! The allow-list of each operation is read from the OpenAPI document, whose query parameters
//! come from the same `IntoParams` types the handlers deserialise: the two cannot disagree, and
//! no list is kept by hand.

use actix_web::http::Method;
use utoipa::openapi::{
    OpenApi, RefOr, Schema,
    path::{Operation, ParameterIn},
    schema::{SchemaType, Type},
};

use crate::error::{ApiError, FieldError};

/// The query parameters one operation accepts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QuerySpec {
    /// Parameter names in documented order, each with whether it is an array.
    params: Vec<(String, bool)>,
}

impl QuerySpec {
    pub fn from_operation(op: &Operation) -> Self {
        let params = op
            .parameters
            .iter()
            .flatten()
            .filter(|p| p.parameter_in == ParameterIn::Query)
            .map(|p| (p.name.clone(), p.schema.as_ref().is_some_and(is_array)))
            .collect();
        Self { params }
    }

    fn find(&self, name: &str) -> Option<bool> {
        self.params.iter().find(|(n, _)| n == name).map(|(_, array)| *array)
    }

    /// Checks a raw query string: `Err` names the unknown parameters; `Ok(Some(q))` is the
    /// query with repeated array parameters joined by commas (to be used instead);
    /// `Ok(None)` leaves it as it is.
    pub fn check(&self, query: &str) -> Result<Option<String>, ApiError> {
        if query.is_empty() {
            return Ok(None);
        }
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query)
            .map_err(|_| ApiError::bad_request("invalid_query", "查询字符串无法解析"))?;
        let mut unknown: Vec<String> = Vec::new();
        let mut merged: Vec<(String, String)> = Vec::with_capacity(pairs.len());
        let mut changed = false;
        for (name, value) in pairs {
            if name.is_empty() {
                continue;
            }
            match self.find(&name) {
                None => {
                    if !unknown.contains(&name) {
                        unknown.push(name);
                    }
                }
                Some(true) => match merged.iter_mut().find(|(n, _)| *n == name) {
                    Some((_, acc)) => {
                        changed = true;
                        if !value.is_empty() {
                            if !acc.is_empty() {
                                acc.push(',');
                            }
                            acc.push_str(&value);
                        }
                    }
                    None => merged.push((name, value)),
                },
                Some(false) => merged.push((name, value)),
            }
        }
        if !unknown.is_empty() {
            let names: Vec<String> = unknown.iter().map(|n| n.chars().take(64).collect()).collect();
            let allowed = self.params.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>().join(", ");
            let detail = if allowed.is_empty() {
                format!("未知的查询参数: {} (该接口不接受查询参数)", names.join(", "))
            } else {
                format!("未知的查询参数: {} (可用: {allowed})", names.join(", "))
            };
            let mut err = ApiError::bad_request("unknown_query_parameter", detail);
            for n in names {
                err = err.with_field_error(FieldError::new(n, "未知的查询参数"));
            }
            return Err(err);
        }
        if !changed {
            return Ok(None);
        }
        serde_urlencoded::to_string(&merged)
            .map(Some)
            .map_err(|_| ApiError::bad_request("invalid_query", "查询字符串无法解析"))
    }
}

fn is_array(schema: &RefOr<Schema>) -> bool {
    match schema {
        RefOr::Ref(_) => false,
        RefOr::T(Schema::Array(_)) => true,
        RefOr::T(Schema::Object(o)) => match &o.schema_type {
            SchemaType::Type(t) => *t == Type::Array,
            SchemaType::Array(types) => types.contains(&Type::Array),
            SchemaType::AnyValue => false,
        },
        RefOr::T(Schema::OneOf(one)) => one.items.iter().any(is_array),
        RefOr::T(Schema::AnyOf(any)) => any.items.iter().any(is_array),
        RefOr::T(_) => false,
    }
}

/// Each documented operation's spec, by method, as (path pattern, method, spec).
pub fn specs(api: &OpenApi) -> Vec<(String, Method, QuerySpec)> {
    let mut out = Vec::new();
    for (path, item) in &api.paths.paths {
        let ops = [
            (Method::GET, &item.get),
            (Method::POST, &item.post),
            (Method::PUT, &item.put),
            (Method::PATCH, &item.patch),
            (Method::DELETE, &item.delete),
        ];
        for (method, op) in ops {
            if let Some(op) = op {
                out.push((path.clone(), method, QuerySpec::from_operation(op)));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> QuerySpec {
        QuerySpec { params: vec![("state".into(), true), ("page".into(), false), ("q".into(), false)] }
    }

    #[test]
    fn unknown_parameters_are_named() {
        let err = spec().check("page=1&updated_since=2024-01-01&x=1&x=2").unwrap_err();
        assert_eq!(err.status.as_u16(), 400);
        assert_eq!(err.code, "unknown_query_parameter");
        let fields: Vec<&str> = err.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["updated_since", "x"]);
        assert!(err.detail.contains("updated_since"), "{}", err.detail);
        let none = QuerySpec::default().check("a=1").unwrap_err();
        assert!(none.detail.contains("不接受查询参数"), "{}", none.detail);
    }

    #[test]
    fn repeated_array_parameters_are_joined() {
        assert_eq!(spec().check("state=a&page=2&state=b").unwrap().as_deref(), Some("state=a%2Cb&page=2"));
        assert_eq!(spec().check("state=a,b&page=2").unwrap(), None);
        assert_eq!(spec().check("").unwrap(), None);
        // A repeated scalar is left to the extractor, which refuses it naming the field.
        assert_eq!(spec().check("page=1&page=2").unwrap(), None);
        // Encoded names are decoded before they are compared.
        assert_eq!(spec().check("%71=x&q=%E5%90%8D").unwrap(), None);
    }
}
