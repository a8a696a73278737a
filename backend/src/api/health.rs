//! Liveness and readiness probes.

use std::time::Duration;

use actix_web::{HttpResponse, get, web};
use diesel::connection::SimpleConnection;
use serde::Serialize;
use utoipa::ToSchema;

use crate::{api::state::AppState, error::ApiError};

#[derive(Serialize, ToSchema)]
pub struct Health {
    /// Always `ok` when the answer is 200.
    #[schema(example = "ok")]
    pub status: String,
    /// The database backend, on `/readyz`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "sqlite")]
    pub database: Option<String>,
}

/// 进程存活检查
///
/// Answers 200 while the process runs, whatever the database does.
#[utoipa::path(
    tag = "health",
    operation_id = "healthz",
    responses((status = 200, description = "进程运行中", body = Health)),
)]
#[get("/healthz")]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(Health { status: "ok".into(), database: None })
}

/// 就绪检查 (数据库可达)
///
/// Answers 200 when a database connection answers a query, 503 otherwise; it recovers by
/// itself when the database returns.
#[utoipa::path(
    tag = "health",
    operation_id = "readyz",
    responses(
        (status = 200, description = "数据库可达", body = Health),
        (status = 503, description = "数据库不可达", body = crate::error::Problem, content_type = "application/problem+json"),
    ),
)]
#[get("/readyz")]
pub async fn readyz(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let pool = state.pool.clone();
    let backend = state.config.database_url.backend_name();
    web::block(move || {
        let mut conn = pool.get_timeout(Duration::from_secs(2)).map_err(ApiError::unavailable)?;
        conn.batch_execute("SELECT 1").map_err(ApiError::unavailable)
    })
    .await??;
    Ok(HttpResponse::Ok().json(Health { status: "ok".into(), database: Some(backend.into()) }))
}
