//! 节假日日历: list a year's holidays and worked weekends; the system administrator sets and
//! removes days. The rules are `service::calendar`.

use actix_web::{HttpResponse, delete, get, put, web};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::api::common::BadFields;
use crate::{
    api::{common::AdminOnly, extract::ApiJson, state::AppState},
    error::{ApiError, Problem},
    service::{
        Context,
        calendar::{self, SetCalendarDay},
    },
    store::calendar::CalendarDay,
};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CalendarQuery {
    /// The year (2000–2100); default this year.
    #[param(minimum = 2000, maximum = 2100)]
    pub year: Option<i32>,
}

/// 节假日日历
///
/// The year's exceptions to the Monday-to-Friday week, in date order: `holiday` (放假) and
/// `workday` (调休上班). Deadline warnings count `LVYUE_WARNING_DAYS` in working days over them.
#[utoipa::path(
    tag = "calendar",
    operation_id = "listCalendar",
    params(CalendarQuery),
    responses(
        (status = 200, description = "该年的放假日与调休上班日", body = Vec<CalendarDay>),
        (status = 422, description = "年份超出范围", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = [])),
)]
#[get("/calendar")]
pub async fn list_calendar(
    state: web::Data<AppState>,
    cx: Context,
    query: web::Query<CalendarQuery>,
) -> Result<HttpResponse, ApiError> {
    use chrono::Datelike;
    let year = query.year.unwrap_or_else(|| state.clock.today().year());
    let days = state.db(move |conn| calendar::list_year(conn, &cx, year)).await?;
    Ok(HttpResponse::Ok().json(days))
}

/// 设置节假日或调休
///
/// Creates or replaces one day's exception (system administrator). A `workday` must be a
/// Saturday or Sunday, a `holiday` a weekday. Audited (`calendar.set`).
#[utoipa::path(
    tag = "calendar",
    operation_id = "setCalendarDay",
    params(("day" = NaiveDate, Path, description = "日期, 如 2026-10-01")),
    request_body = SetCalendarDay,
    responses(
        (status = 200, description = "已保存", body = CalendarDay),
        AdminOnly,
        (status = 404, description = "日期格式不对", body = Problem, content_type = "application/problem+json"),
        BadFields,
    ),
    security(("bearer_jwt" = [])),
)]
#[put("/calendar/{day}")]
pub async fn set_calendar_day(
    state: web::Data<AppState>,
    cx: Context,
    path: web::Path<NaiveDate>,
    body: ApiJson<SetCalendarDay>,
) -> Result<HttpResponse, ApiError> {
    let day = path.into_inner();
    let saved = state.write(move |conn| calendar::set_day(conn, &cx, day, body.0)).await??;
    state.warning_window.clear();
    Ok(HttpResponse::Ok().json(saved))
}

/// 删除节假日或调休
///
/// The day follows the Monday-to-Friday week again (system administrator). Audited.
#[utoipa::path(
    tag = "calendar",
    operation_id = "deleteCalendarDay",
    params(("day" = NaiveDate, Path, description = "日期, 如 2026-10-01")),
    responses(
        (status = 204, description = "已删除"),
        AdminOnly,
        (status = 404, description = "该日期不在日历中", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = [])),
)]
#[delete("/calendar/{day}")]
pub async fn delete_calendar_day(
    state: web::Data<AppState>,
    cx: Context,
    path: web::Path<NaiveDate>,
) -> Result<HttpResponse, ApiError> {
    let day = path.into_inner();
    state.write(move |conn| calendar::delete_day(conn, &cx, day)).await??;
    state.warning_window.clear();
    Ok(HttpResponse::NoContent().finish())
}

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(list_calendar).service(set_calendar_day).service(delete_calendar_day);
}
