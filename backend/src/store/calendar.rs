//! The holiday calendar's exceptions (放假, 调休上班), one row per day.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::{
    db::{DbConnection, schema::holidays},
    domain::calendar::DayKind,
};

#[derive(Debug, Clone, Queryable, Selectable, Insertable, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[diesel(table_name = holidays, treat_none_as_default_value = false)]
pub struct CalendarDay {
    pub day: NaiveDate,
    pub kind: DayKind,
    #[schema(example = "国庆节")]
    pub name: String,
    #[serde(serialize_with = "crate::db::types::utc_time::serialize")]
    #[schema(value_type = String, format = DateTime)]
    pub updated_at: NaiveDateTime,
    /// Who set it (a user name, or `seed`).
    pub updated_by: Option<String>,
}

/// The exceptions from `from` to `to`, inclusive, in date order.
pub fn between(conn: &mut DbConnection, from: NaiveDate, to: NaiveDate) -> QueryResult<Vec<CalendarDay>> {
    holidays::table
        .filter(holidays::day.ge(from))
        .filter(holidays::day.le(to))
        .order(holidays::day)
        .select(CalendarDay::as_select())
        .load(conn)
}

pub fn find(conn: &mut DbConnection, day: NaiveDate) -> QueryResult<Option<CalendarDay>> {
    holidays::table.find(day).select(CalendarDay::as_select()).get_result(conn).optional()
}

pub fn upsert(conn: &mut DbConnection, d: &CalendarDay) -> QueryResult<()> {
    diesel::delete(holidays::table.find(d.day)).execute(conn)?;
    diesel::insert_into(holidays::table).values(d).execute(conn).map(|_| ())
}

pub fn delete(conn: &mut DbConnection, day: NaiveDate) -> QueryResult<usize> {
    diesel::delete(holidays::table.find(day)).execute(conn)
}
