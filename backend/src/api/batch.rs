//! 批量交办 and 批量催办: thin handlers over `service::batch`, which runs the single action's use
//! case once per problem, each in a transaction of its own.

use actix_web::{HttpResponse, post, web};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::{
    api::{extract::ApiJson, state::AppState},
    error::{ApiError, Problem},
    service::{
        Context,
        batch::{self, BatchAssignRequest, BatchReport, BatchUrgeRequest},
    },
};

/// 批量交办
///
/// Assigns each listed problem (at most 200) as `POST /issues/{id}/transitions` with
/// `action: assign` would, with the same fields for all, each in its own transaction: checked,
/// notified and audited one by one. The answer is 200 with one row per problem, in the order
/// asked — `ok`, the `status` the single action would have answered, the new `state` and
/// `version`, or its problem document (`error`): 403 not the caller's to assign, 404 not
/// visible to the caller (no number given), 409 wrong state, 412 the item's `version` is
/// stale, 422 a field refused for that problem. One refused problem does not stop the others.
#[utoipa::path(
    tag = "issues",
    operation_id = "batchAssignIssues",
    request_body = BatchAssignRequest,
    responses(
        (status = 200, description = "逐个问题的处理结果", body = BatchReport),
        (status = 403, description = "角色无权处理问题", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "没有选择问题、超过 200 个或有重复", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = [])),
)]
#[post("/issues/batch/assign")]
pub async fn batch_assign(
    state: web::Data<AppState>,
    cx: Context,
    body: ApiJson<BatchAssignRequest>,
) -> Result<HttpResponse, ApiError> {
    let report = state.db(move |conn| batch::assign(conn, &cx, body.0)).await?;
    Ok(HttpResponse::Ok().json(report))
}

/// 批量催办
///
/// Urges each listed problem (at most 200) with the same message, as `POST /issues/{id}/urge`
/// would, each in its own transaction: the responsible unit is notified once per problem and
/// each urge is audited. The answer is 200 with one row per problem (`status` 201 when urged,
/// else the single action's error: 403, 404 without the number, 409 not being handled, 422).
#[utoipa::path(
    tag = "supervision",
    operation_id = "batchUrgeIssues",
    request_body = BatchUrgeRequest,
    responses(
        (status = 200, description = "逐个问题的处理结果", body = BatchReport),
        (status = 403, description = "角色无权处理问题", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "没有选择问题、超过 200 个或有重复", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = [])),
)]
#[post("/issues/batch/urge")]
pub async fn batch_urge(
    state: web::Data<AppState>,
    cx: Context,
    body: ApiJson<BatchUrgeRequest>,
) -> Result<HttpResponse, ApiError> {
    let report = state.db(move |conn| batch::urge(conn, &cx, body.0)).await?;
    Ok(HttpResponse::Ok().json(report))
}

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(batch_assign).service(batch_urge);
}
