//! The middleware that puts refused requests into the audit trail (`audit::refusals`).

use actix_web::{
    HttpMessage,
    body::{BoxBody, MessageBody},
    dev::{ServiceRequest, ServiceResponse},
    middleware::Next,
    web,
};

use crate::{
    api::{extract::request_meta, state::AppState},
    audit::{
        Actor,
        refusals::{self, Refusal, RefusalKey},
    },
    auth::Principal,
    error::ApiError,
};

/// Whether a refusal is a security event to record. Sign-in and refresh record their own. An
/// expired access token is not: every session's token expires every 15 minutes and the SPA then
/// refreshes it (a forged one answers the same `invalid_token`; the signature check keeps it
/// harmless). A request without any credentials, an unknown API key, a missing right and an
/// object outside the caller's scope are.
fn recorded(path: &str, status: u16, code: Option<&str>) -> bool {
    path.starts_with("/api/v1/")
        && !path.starts_with("/api/v1/auth/login")
        && !path.starts_with("/api/v1/auth/refresh")
        && match status {
            401 => code != Some("invalid_token"),
            403 | 404 => true,
            _ => false,
        }
}

pub async fn audit_refusals(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let res = next.call(req).await?.map_into_boxed_body();
    let code = res.response().error().and_then(|e| e.as_error::<ApiError>()).map(|e| e.code.to_owned());
    let http = res.request();
    if !recorded(http.path(), res.status().as_u16(), code.as_deref()) {
        return Ok(res);
    }
    let Some(state) = http.app_data::<web::Data<AppState>>().cloned() else { return Ok(res) };
    let meta = request_meta(http);
    let principal = http.extensions().get::<Principal>().cloned();
    let (actor, actor_key) = match &principal {
        Some(p) => (p.actor(), p.subject_id()),
        None => (Actor::anonymous(""), format!("anonymous@{}", meta.client_ip.as_deref().unwrap_or("unknown"))),
    };
    let method = http.method().to_string();
    let route = format!("{method} {}", http.match_pattern().unwrap_or_else(|| "(no route)".to_owned()));
    let key = RefusalKey { actor: actor_key, status: res.status().as_u16(), route };
    let (first, ended) = state.refusals.note(&key, &actor, state.clock.now());
    if first || !ended.is_empty() {
        let refusal = Refusal { key, actor, meta, method, path: http.path().to_owned(), code };
        let written = state
            .write(move |conn| {
                if first {
                    refusals::record(conn, &refusal)?;
                }
                refusals::summarise(conn, &ended)?;
                Ok(())
            })
            .await;
        if let Err(e) = written {
            log::warn!("a refused request could not be audited: {}", e.detail);
        }
    }
    Ok(res)
}
