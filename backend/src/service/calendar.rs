//! 节假日日历: the public holidays and the weekends worked instead, maintained by the system
//! administrator; deadline warnings count `LVYUE_WARNING_DAYS` in working days over it.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, Weekday};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::{
    audit::{self, Entry},
    db::DbConnection,
    domain::{
        calendar::{self, DayKind},
        permissions::Permission,
    },
    error::ApiError,
    service::{Committed, Context, guarded, validate::Validator},
    store::{self, calendar::CalendarDay},
};

/// One day's exception.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"kind": "holiday", "name": "国庆节"}))]
pub struct SetCalendarDay {
    /// `holiday` (放假, a weekday off) or `workday` (调休上班, a Saturday or Sunday worked).
    pub kind: DayKind,
    #[schema(max_length = 30, pattern = r"\S", example = "国庆节")]
    pub name: String,
}

fn year_bounds(year: i32) -> Result<(NaiveDate, NaiveDate), ApiError> {
    let first = NaiveDate::from_ymd_opt(year, 1, 1).filter(|_| (2000..=2100).contains(&year));
    let last = NaiveDate::from_ymd_opt(year, 12, 31);
    first.zip(last).ok_or_else(|| ApiError::field("year", "年份应在 2000 到 2100 之间"))
}

/// The exceptions of a year, in date order; for every signed-in user.
pub fn list_year(conn: &mut DbConnection, cx: &Context, year: i32) -> Result<Vec<CalendarDay>, ApiError> {
    cx.principal.require(Permission::ReadOrganisation)?;
    let (first, last) = year_bounds(year)?;
    Ok(store::calendar::between(conn, first, last)?)
}

/// 设置节假日或调休: one day's exception, created or replaced; audited `calendar.set`.
pub fn set_day(
    conn: &mut DbConnection,
    cx: &Context,
    day: NaiveDate,
    cmd: SetCalendarDay,
) -> Result<Committed<CalendarDay>, ApiError> {
    guarded(conn, cx, Permission::ManageDictionaries, ("calendar.set", "calendar_day"), |conn| {
        year_bounds(day.year()).map_err(|_| ApiError::field("day", "日期应在 2000 到 2100 年之间"))?;
        let mut v = Validator::default();
        let name = v.text("name", &cmd.name, 30);
        let weekend = matches!(day.weekday(), Weekday::Sat | Weekday::Sun);
        match cmd.kind {
            DayKind::Workday => v.check(weekend, "kind", "调休上班只能设在周六或周日"),
            DayKind::Holiday => v.check(!weekend, "kind", "周六、周日本就不上班, 不必设为放假"),
        };
        v.finish()?;
        let before = store::calendar::find(conn, day)?;
        let row = CalendarDay {
            day,
            kind: cmd.kind,
            name,
            updated_at: cx.clock.now(),
            updated_by: Some(cx.principal.username.clone()),
        };
        store::calendar::upsert(conn, &row)?;
        audit::append(
            conn,
            Entry::new(&cx.actor(), &cx.meta, "calendar.set", "calendar_day")
                .entity(day.to_string())
                .before(&before)
                .after(&row),
        )?;
        Ok(row)
    })
}

/// 删除节假日或调休: the day follows the Monday-to-Friday week again; audited.
pub fn delete_day(conn: &mut DbConnection, cx: &Context, day: NaiveDate) -> Result<Committed<()>, ApiError> {
    guarded(conn, cx, Permission::ManageDictionaries, ("calendar.delete", "calendar_day"), |conn| {
        let before =
            store::calendar::find(conn, day)?.ok_or_else(|| ApiError::not_found(format!("{day} 不在日历中")))?;
        store::calendar::delete(conn, day)?;
        audit::append(
            conn,
            Entry::new(&cx.actor(), &cx.meta, "calendar.delete", "calendar_day")
                .entity(day.to_string())
                .before(&before),
        )?;
        Ok(())
    })
}

/// The calendar days that `working_days` working days from `today` span: the warning window.
pub fn warning_span(conn: &mut DbConnection, today: NaiveDate, working_days: i64) -> Result<i64, ApiError> {
    // Long enough for any run of holidays (the longest is nine days) on top of the weekends.
    let horizon = today + chrono::Duration::days(working_days * 2 + 30);
    let exceptions: BTreeMap<NaiveDate, DayKind> =
        store::calendar::between(conn, today, horizon)?.into_iter().map(|d| (d.day, d.kind)).collect();
    Ok(calendar::span_of_working_days(today, working_days, &exceptions))
}
