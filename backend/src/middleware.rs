//! Request-wide behaviour: a request id on every request and response (and in the log),
//! HEAD answered wherever GET is, NUL refused in query strings, and 5xx errors logged with
//! their hidden cause.

use actix_web::{
    HttpMessage, ResponseError,
    body::{BoxBody, MessageBody},
    dev::{ServiceRequest, ServiceResponse},
    http::{
        Method,
        header::{HeaderName, HeaderValue},
    },
    middleware::Next,
};

use crate::error::ApiError;

pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// The id of the current request, in the request's extensions.
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

fn acceptable_incoming_id(v: &str) -> bool {
    !v.is_empty() && v.len() <= 64 && v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

pub async fn request_context(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    // Honour a caller's (e.g. the portal gateway's) id when it is sane, so that logs correlate.
    let rid = req
        .headers()
        .get(REQUEST_ID_HEADER)
        .and_then(|v| v.to_str().ok())
        .filter(|v| acceptable_incoming_id(v))
        .map(str::to_owned)
        .unwrap_or_else(|| uuid::Uuid::now_v7().to_string());
    req.extensions_mut().insert(RequestId(rid.clone()));

    let is_head = req.method() == Method::HEAD;
    if is_head {
        req.head_mut().method = Method::GET;
    }

    // No text we store may hold U+0000 (PostgreSQL refuses it): refused here for the query
    // string, in `parse_json` for bodies.
    let mut res = if req.query_string().to_ascii_lowercase().contains("%00") {
        let problem = ApiError::bad_request("invalid_query", "查询参数不能包含空字符 (U+0000)");
        req.into_response(problem.error_response())
    } else if let Err(problem) = check_query(&mut req) {
        req.into_response(problem.error_response())
    } else {
        next.call(req).await?.map_into_boxed_body()
    };

    if res.status().is_server_error() {
        match res.response().error() {
            Some(err) => log::error!("[{rid}] {} {}: {err}", res.request().method(), res.request().path()),
            None => {
                log::error!("[{rid}] {} {} answered {}", res.request().method(), res.request().path(), res.status());
            }
        }
    }
    if let Ok(v) = HeaderValue::from_str(&rid) {
        res.headers_mut().insert(HeaderName::from_static(REQUEST_ID_HEADER), v);
    }
    if is_head {
        res = res.map_body(|_, _| BoxBody::new(()));
    }
    Ok(res)
}

/// Unknown query parameters answer 400 naming them; repeated array parameters are joined
/// (`api::query`), for every documented operation, before any extractor reads the query.
fn check_query(req: &mut ServiceRequest) -> Result<(), ApiError> {
    let Some(state) = req.app_data::<actix_web::web::Data<crate::api::state::AppState>>().cloned() else {
        return Ok(());
    };
    let Some(spec) = state.routes.query_spec(req.method(), req.path()) else { return Ok(()) };
    let Some(query) = spec.check(req.query_string())? else { return Ok(()) };
    let uri = format!("{}?{query}", req.path())
        .parse::<actix_web::http::Uri>()
        .map_err(|_| ApiError::bad_request("invalid_query", "查询字符串无法解析"))?;
    req.match_info_mut().get_mut().update(&uri);
    req.head_mut().uri = uri;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::acceptable_incoming_id;

    #[test]
    fn incoming_ids_are_checked() {
        assert!(acceptable_incoming_id("abc-123_X"));
        assert!(!acceptable_incoming_id(""));
        assert!(!acceptable_incoming_id("a b"));
        assert!(!acceptable_incoming_id(&"a".repeat(65)));
        assert!(!acceptable_incoming_id("x\ny"));
    }
}
