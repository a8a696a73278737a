//! Statistics (scoped to the caller's data scope): overview, trend, units with their score.
//! The figures are computed by `service::stats`; these handlers read the query.

use actix_web::{HttpResponse, get, web};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::{
    api::state::AppState,
    clock::{shanghai_day_end, shanghai_day_start},
    db::{CampaignId, GroupId, UnitId},
    error::ApiError,
    service::{
        Context,
        stats::{self, Interval, Overview, StatsFilter, TrendReport, UnitsOf, UnitsReport},
    },
};

#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatsQuery {
    pub campaign_id: Option<CampaignId>,
    pub group_id: Option<GroupId>,
    /// Responsible or cooperating unit.
    pub unit_id: Option<UnitId>,
    pub category: Option<String>,
    pub source: Option<String>,
    /// Problems registered on or after this date (Asia/Shanghai).
    pub from: Option<NaiveDate>,
    /// Problems registered on or before this date (Asia/Shanghai).
    pub to: Option<NaiveDate>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UnitsQuery {
    /// `mine`: the caller's own unit only (what a unit's staff always get); default every unit
    /// in the caller's scope.
    pub unit: Option<UnitsOf>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TrendQuery {
    /// `week` (default) or `month`.
    pub interval: Option<Interval>,
}

/// The refusals every statistics operation can answer, declared once.
#[derive(utoipa::IntoResponses)]
pub enum StatsErrors {
    /// 角色无权查看统计
    #[response(status = 403, description = "角色无权查看统计", content_type = "application/problem+json")]
    Forbidden(crate::error::Problem),
    /// 查询参数有误
    #[response(status = 422, description = "查询参数有误", content_type = "application/problem+json")]
    Invalid(crate::error::Problem),
}

/// The statistics' filter from the query; the warnings' "today" is set by the use case from its
/// clock. An inverted range (`to` before `from`) matches nothing, like any empty intersection.
pub fn stats_filter(q: &StatsQuery) -> StatsFilter {
    StatsFilter {
        group_id: q.group_id.clone(),
        unit_id: q.unit_id.clone(),
        category: q.category.clone().filter(|s| !s.is_empty()),
        source: q.source.clone().filter(|s| !s.is_empty()),
        campaign_id: q.campaign_id.clone(),
        created_from: q.from.map(shanghai_day_start),
        created_to: q.to.and_then(shanghai_day_end),
    }
}

/// 统计总览
///
/// Counts by state and group, warnings, and the money rates from the payment records, within
/// the caller's data scope and the filters: 清偿率 of the arrears categories
/// (`repayment_rate`), 兑现率 of the promise and policy categories (`fulfilment_rate`) and 拨付率
/// of the fund categories (`allocation_rate`), each `{value, numerator, denominator}` in fen
/// against the amount due, with its amounts in `money` (paid, 协商减免 apart, outstanding) and per
/// work group in `by_group[].money`. Dismissed problems (不予立项) are in no rate or amount.
///
/// `as_of` says how fresh the figures are: every change up to that time is in them. Answers are
/// materialized per scope and filter; after a change an expensive answer may be served as it was
/// (at most `LVYUE_STATS_MAX_AGE` seconds old) while it is recomputed (docs/performance.md).
#[utoipa::path(
    tag = "stats",
    operation_id = "statsOverview",
    params(StatsQuery),
    responses(
        (status = 200, description = "按状态、工作组、类别、来源、预警统计, 清偿率、兑现率、拨付率, 销号率, 按期销号率", body = Overview),
        StatsErrors,
    ),
    security(("bearer_jwt" = [])),
)]
#[get("/stats/overview")]
pub async fn stats_overview(
    state: web::Data<AppState>,
    cx: Context,
    query: web::Query<StatsQuery>,
) -> Result<HttpResponse, ApiError> {
    let (filter, policy) = (stats_filter(&query), state.config.stats_freshness);
    let result = state.db(move |conn| stats::overview(conn, &cx, filter, &policy)).await?;
    Ok(HttpResponse::Ok().json(result))
}

/// 登记与销号趋势
///
/// Problems registered and closed per week or month, and the money resolved in it from the
/// payment records (`paid_fen`, 协商减免 apart in `negotiated_fen`, by the paid-on date, dismissed
/// problems left out), empty periods included as zero.
///
/// `as_of` says how fresh the figures are: every change up to that time is in them. Answers are
/// materialized per scope and filter; after a change an expensive answer may be served as it was
/// (at most `LVYUE_STATS_MAX_AGE` seconds old) while it is recomputed (docs/performance.md).
#[utoipa::path(
    tag = "stats",
    operation_id = "statsTrend",
    params(StatsQuery, TrendQuery),
    responses(
        (status = 200, description = "每周或每月登记数、销号数与还款金额", body = TrendReport),
        StatsErrors,
    ),
    security(("bearer_jwt" = [])),
)]
#[get("/stats/trend")]
pub async fn stats_trend(
    state: web::Data<AppState>,
    cx: Context,
    query: web::Query<StatsQuery>,
    trend_query: web::Query<TrendQuery>,
) -> Result<HttpResponse, ApiError> {
    let (filter, policy) = (stats_filter(&query), state.config.stats_freshness);
    let interval = trend_query.interval.unwrap_or(Interval::Week);
    let result = state.db(move |conn| stats::trend(conn, &cx, filter, interval, &policy)).await?;
    Ok(HttpResponse::Ok().json(result))
}

/// 单位履约评分
///
/// Per responsible unit: assigned, closed, dismissed, open, overdue, days overdue, closed on
/// time, rejections, reopenings, urges, 清偿率/兑现率/拨付率 of its problems (`money`), and the
/// score with each deduction explained (see docs/scoring.md). Problems the responsible unit found itself bring no deductions. A unit's
/// staff see their own unit's row (`unit=mine`), computed at once.
///
/// `as_of` says how fresh the figures are: every change up to that time is in them. Answers are
/// materialized per scope and filter; after a change an expensive answer may be served as it was
/// (at most `LVYUE_STATS_MAX_AGE` seconds old) while it is recomputed (docs/performance.md).
#[utoipa::path(
    tag = "stats",
    operation_id = "statsUnits",
    params(StatsQuery, UnitsQuery),
    responses(
        (status = 200, description = "各责任单位的统计与评分", body = UnitsReport),
        StatsErrors,
    ),
    security(("bearer_jwt" = [])),
)]
#[get("/stats/units")]
pub async fn stats_units(
    state: web::Data<AppState>,
    cx: Context,
    query: web::Query<StatsQuery>,
    units_query: web::Query<UnitsQuery>,
) -> Result<HttpResponse, ApiError> {
    let (filter, policy) = (stats_filter(&query), state.config.stats_freshness);
    let weights = state.config.score_weights;
    let of = units_query.unit.unwrap_or_default();
    let result = state.db(move |conn| stats::units(conn, &cx, (filter, of), weights, &policy)).await?;
    Ok(HttpResponse::Ok().json(result))
}

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(stats_overview).service(stats_trend).service(stats_units);
}
