//! What answers when no route matched: 405 with `Allow` when the path exists under another
//! method, the SPA (history-mode fallback to `index.html`) for the application's routes, else
//! 404 — also for a missing file (`/assets/…`, or any name with an extension): answering the
//! shell there would hand a browser HTML for a script it asked for.
//! Known paths come from the OpenAPI document, so the two can never disagree.

use std::path::{Component, Path, PathBuf};

use actix_web::{
    HttpRequest, HttpResponse,
    http::{Method, header},
    web,
};

use crate::{api::state::AppState, error::ApiError};

/// The paths the server answers and their methods, for 405 answers.
#[derive(Debug, Clone, Default)]
pub struct RouteTable {
    routes: Vec<(Vec<Segment>, Vec<Method>)>,
    /// Each operation's query parameters (`api::query`).
    queries: Vec<(Vec<Segment>, Method, super::query::QuerySpec)>,
}

#[derive(Debug, Clone, PartialEq)]
enum Segment {
    Literal(String),
    Param,
}

fn parse_pattern(pattern: &str) -> Vec<Segment> {
    pattern
        .trim_matches('/')
        .split('/')
        .map(|s| if s.starts_with('{') && s.ends_with('}') { Segment::Param } else { Segment::Literal(s.to_owned()) })
        .collect()
}

impl RouteTable {
    pub fn from_openapi(api: &utoipa::openapi::OpenApi) -> Self {
        let mut table = Self::default();
        for (path, item) in &api.paths.paths {
            let mut methods = Vec::new();
            let ops = [
                (Method::GET, item.get.is_some()),
                (Method::POST, item.post.is_some()),
                (Method::PUT, item.put.is_some()),
                (Method::PATCH, item.patch.is_some()),
                (Method::DELETE, item.delete.is_some()),
            ];
            for (m, present) in ops {
                if present {
                    methods.push(m);
                }
            }
            table.add(path, methods);
        }
        table.add("/api-docs/openapi.json", vec![Method::GET]);
        table.queries = super::query::specs(api)
            .into_iter()
            .map(|(path, method, spec)| (parse_pattern(&path), method, spec))
            .collect();
        table
    }

    /// The query parameters of the operation `method path` names, when it is documented (the
    /// most literal pattern wins, as in the router).
    /// A method the most literal pattern does not have is not checked here: the router answers
    /// it 405 (`PATCH /issues/by-ref` is not `PATCH /issues/{id}`).
    pub fn query_spec(&self, method: &Method, path: &str) -> Option<&super::query::QuerySpec> {
        let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
        let literals = |pattern: &[Segment]| pattern.iter().filter(|s| matches!(s, Segment::Literal(_))).count();
        let matching: Vec<_> = self.queries.iter().filter(|(pattern, _, _)| segments_match(pattern, &parts)).collect();
        let best = matching.iter().map(|(pattern, _, _)| literals(pattern)).max()?;
        matching.into_iter().find(|(pattern, m, _)| m == method && literals(pattern) == best).map(|(_, _, spec)| spec)
    }

    pub fn add(&mut self, pattern: &str, methods: Vec<Method>) {
        self.routes.push((parse_pattern(pattern), methods));
    }

    /// The methods allowed on `path`, or `None` when no route has that shape. A literal segment
    /// outranks a parameter (as in the router): `/issues/by-ref` answers only its own methods,
    /// not those of `/issues/{id}`.
    pub fn allowed(&self, path: &str) -> Option<Vec<Method>> {
        let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
        let mut best: Option<(usize, Vec<Method>)> = None;
        for (pattern, methods) in &self.routes {
            let matches = pattern.len() == parts.len()
                && pattern.iter().zip(&parts).all(|(seg, part)| match seg {
                    Segment::Literal(l) => l == part,
                    Segment::Param => !part.is_empty(),
                });
            if !matches {
                continue;
            }
            let literals = pattern.iter().filter(|s| matches!(s, Segment::Literal(_))).count();
            match &mut best {
                Some((rank, acc)) if *rank == literals => {
                    for m in methods {
                        if !acc.contains(m) {
                            acc.push(m.clone());
                        }
                    }
                }
                Some((rank, _)) if *rank > literals => {}
                _ => best = Some((literals, methods.clone())),
            }
        }
        best.map(|(_, methods)| methods)
    }
}

fn segments_match(pattern: &[Segment], parts: &[&str]) -> bool {
    pattern.len() == parts.len()
        && pattern.iter().zip(parts).all(|(seg, part)| match seg {
            Segment::Literal(l) => l == part,
            Segment::Param => !part.is_empty(),
        })
}

fn is_api_path(path: &str) -> bool {
    path == "/api"
        || path.starts_with("/api/")
        || path.starts_with("/api-docs")
        || path == "/healthz"
        || path == "/readyz"
        || path == "/metrics"
}

/// Whether a missing path is a file rather than one of the SPA's routes: build output lives
/// under `/assets/`, and the router's paths have no extension.
fn is_file_path(path: &str) -> bool {
    path.starts_with("/assets/") || path.rsplit('/').next().is_some_and(|last| last.contains('.'))
}

pub async fn fallback(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let path = req.path();
    if let Some(allowed) = state.routes.allowed(path) {
        return Err(method_not_allowed(&req, allowed));
    }
    if let Some(dir) = state.config.static_dir.as_ref().filter(|_| !is_api_path(path) && req.method() == Method::GET) {
        return serve_spa(&req, dir).await;
    }
    Err(ApiError::not_found(format!("{path} 不存在")))
}

/// 405 with `Allow` (HEAD wherever GET is).
pub fn method_not_allowed(req: &HttpRequest, mut allowed: Vec<Method>) -> ApiError {
    if allowed.contains(&Method::GET) {
        allowed.push(Method::HEAD);
    }
    let allow = allowed.iter().map(Method::as_str).collect::<Vec<_>>().join(", ");
    ApiError::new(
        actix_web::http::StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        format!("{} 不支持 {} 方法, 允许: {allow}", req.path(), req.method()),
    )
    .with_header(header::ALLOW, allow)
}

/// Serves a built asset, or `index.html` so the SPA's router can resolve the path.
async fn serve_spa(req: &HttpRequest, dir: &Path) -> Result<HttpResponse, ApiError> {
    let index = dir.join("index.html");
    let file = match safe_join(dir, req.path()).filter(|p| p.is_file()) {
        Some(file) => file,
        None if is_file_path(req.path()) => return Err(ApiError::not_found(format!("{} 不存在", req.path()))),
        None => index.clone(),
    };
    let named = actix_files::NamedFile::open_async(&file).await.map_err(ApiError::internal)?;
    let mut res = named.into_response(req);
    if file == index {
        // The shell must be revalidated so that a new deployment is picked up at once;
        // hashed assets under /assets may be cached.
        res.headers_mut().insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-cache"));
    }
    Ok(res)
}

/// Joins a URL path under `dir`, refusing anything that could leave it.
fn safe_join(dir: &Path, url_path: &str) -> Option<PathBuf> {
    let rel = Path::new(url_path.trim_start_matches('/'));
    if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
        return None;
    }
    Some(dir.join(rel))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn route_table_matches_params_and_merges_methods() {
        let mut t = RouteTable::default();
        t.add("/api/v1/units", vec![Method::GET, Method::POST]);
        t.add("/api/v1/units/{id}", vec![Method::PATCH]);
        t.add("/api/v1/units/{id}", vec![Method::GET]);
        assert_eq!(t.allowed("/api/v1/units/abc"), Some(vec![Method::PATCH, Method::GET]));
        assert_eq!(t.allowed("/api/v1/units"), Some(vec![Method::GET, Method::POST]));
        assert_eq!(t.allowed("/api/v1/units/abc/x"), None);
        assert_eq!(t.allowed("/api/v1/unitsx"), None);
        // A literal segment outranks a parameter.
        t.add("/api/v1/units/tree", vec![Method::GET]);
        assert_eq!(t.allowed("/api/v1/units/tree"), Some(vec![Method::GET]));
        assert_eq!(t.allowed("/api/v1/units/abc"), Some(vec![Method::PATCH, Method::GET]));
    }

    #[test]
    fn files_and_routes_are_told_apart() {
        assert!(is_file_path("/assets/index-abc123.js"));
        assert!(is_file_path("/assets/x"));
        assert!(is_file_path("/favicon.ico"));
        assert!(!is_file_path("/issues/0191b3a0-7c1e-7b7a-9d1f-2f6c7a1e0b11"));
        assert!(!is_file_path("/system/users"));
        assert!(!is_file_path("/"));
    }

    #[test]
    fn spa_paths_cannot_escape() {
        let d = Path::new("/srv/spa");
        assert_eq!(safe_join(d, "/assets/a.js"), Some(PathBuf::from("/srv/spa/assets/a.js")));
        assert_eq!(safe_join(d, "/../etc/passwd"), None);
        assert_eq!(safe_join(d, "/a/../../x"), None);
    }
}
