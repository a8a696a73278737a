//! Units (单位).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::{
    DbConnection, UnitId,
    schema::{
        api_keys, extension_requests, group_members, issue_progress, issue_units, issue_urges, issues, units, users,
        work_groups,
    },
};

#[derive(Debug, Clone, Queryable, Selectable, Insertable, serde::Serialize)]
#[diesel(table_name = units, treat_none_as_default_value = false)]
pub struct Unit {
    pub id: UnitId,
    pub code: String,
    pub name: String,
    pub alias: Option<String>,
    pub kind: crate::domain::org::UnitKind,
    pub active: bool,
    pub sort_order: i32,
    #[serde(serialize_with = "crate::db::types::utc_time::serialize")]
    pub created_at: NaiveDateTime,
    #[serde(serialize_with = "crate::db::types::utc_time::serialize")]
    pub updated_at: NaiveDateTime,
}

pub fn list(conn: &mut DbConnection, include_inactive: bool) -> QueryResult<Vec<Unit>> {
    let mut q = units::table.select(Unit::as_select()).order((units::sort_order, units::name)).into_boxed();
    if !include_inactive {
        q = q.filter(units::active.eq(true));
    }
    q.load(conn)
}

pub fn find(conn: &mut DbConnection, id: &UnitId) -> QueryResult<Option<Unit>> {
    units::table.find(id).select(Unit::as_select()).get_result(conn).optional()
}

pub fn find_by_code(conn: &mut DbConnection, code: &str) -> QueryResult<Option<Unit>> {
    units::table.filter(units::code.eq(code)).select(Unit::as_select()).get_result(conn).optional()
}

pub fn find_by_name(conn: &mut DbConnection, name: &str) -> QueryResult<Option<Unit>> {
    units::table.filter(units::name.eq(name).or(units::alias.eq(name))).select(Unit::as_select()).first(conn).optional()
}

pub fn insert(conn: &mut DbConnection, unit: &Unit) -> QueryResult<()> {
    diesel::insert_into(units::table).values(unit).execute(conn).map(|_| ())
}

pub fn update(conn: &mut DbConnection, unit: &Unit) -> QueryResult<()> {
    diesel::update(units::table.find(&unit.id))
        .set((
            units::name.eq(&unit.name),
            units::alias.eq(&unit.alias),
            units::kind.eq(unit.kind),
            units::active.eq(unit.active),
            units::sort_order.eq(unit.sort_order),
            units::updated_at.eq(unit.updated_at),
        ))
        .execute(conn)
        .map(|_| ())
}

/// What still refers to a unit, in words for the user; `None` when nothing does.
/// What still refers to the unit (every table with a foreign key to it), named for the answer.
pub fn referenced_by(conn: &mut DbConnection, id: &UnitId) -> QueryResult<Option<&'static str>> {
    let n: i64 = users::table.filter(users::unit_id.eq(id)).count().get_result(conn)?;
    if n > 0 {
        return Ok(Some("账号"));
    }
    let n: i64 = work_groups::table.filter(work_groups::lead_unit_id.eq(id)).count().get_result(conn)?;
    let m: i64 = group_members::table.filter(group_members::unit_id.eq(id)).count().get_result(conn)?;
    if n + m > 0 {
        return Ok(Some("工作组"));
    }
    let n: i64 = issues::table
        .filter(issues::responsible_unit_id.eq(id).or(issues::reporting_unit_id.eq(id)))
        .count()
        .get_result(conn)?;
    let m: i64 = issue_units::table.filter(issue_units::unit_id.eq(id)).count().get_result(conn)?;
    let k: i64 = issue_progress::table.filter(issue_progress::unit_id.eq(id)).count().get_result(conn)?;
    let u: i64 = issue_urges::table.filter(issue_urges::unit_id.eq(id)).count().get_result(conn)?;
    let e: i64 = extension_requests::table.filter(extension_requests::unit_id.eq(id)).count().get_result(conn)?;
    if n + m + k + u + e > 0 {
        return Ok(Some("问题"));
    }
    let n: i64 = api_keys::table.filter(api_keys::unit_id.eq(id)).count().get_result(conn)?;
    if n > 0 {
        return Ok(Some("API 密钥"));
    }
    Ok(None)
}

pub fn delete(conn: &mut DbConnection, id: &UnitId) -> QueryResult<()> {
    diesel::delete(units::table.find(id)).execute(conn).map(|_| ())
}
