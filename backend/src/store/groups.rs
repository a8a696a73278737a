//! Work groups (一办五组) and their member units.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::{
    DbConnection, GroupId, UnitId,
    schema::{group_members, work_groups},
};

#[derive(Debug, Clone, Queryable, Selectable, Insertable, serde::Serialize)]
#[diesel(table_name = work_groups, treat_none_as_default_value = false)]
pub struct Group {
    pub id: GroupId,
    pub code: String,
    pub name: String,
    pub lead_unit_id: UnitId,
    pub category: Option<String>,
    pub sort_order: i32,
    #[serde(serialize_with = "crate::db::types::utc_time::serialize")]
    pub created_at: NaiveDateTime,
    #[serde(serialize_with = "crate::db::types::utc_time::serialize")]
    pub updated_at: NaiveDateTime,
}

pub fn list(conn: &mut DbConnection) -> QueryResult<Vec<Group>> {
    work_groups::table.select(Group::as_select()).order(work_groups::sort_order).load(conn)
}

pub fn find(conn: &mut DbConnection, id: &GroupId) -> QueryResult<Option<Group>> {
    work_groups::table.find(id).select(Group::as_select()).get_result(conn).optional()
}

pub fn find_by_code(conn: &mut DbConnection, code: &str) -> QueryResult<Option<Group>> {
    work_groups::table.filter(work_groups::code.eq(code)).select(Group::as_select()).get_result(conn).optional()
}

pub fn find_by_category(conn: &mut DbConnection, category: &str) -> QueryResult<Option<Group>> {
    work_groups::table.filter(work_groups::category.eq(category)).select(Group::as_select()).first(conn).optional()
}

pub fn insert(conn: &mut DbConnection, g: &Group) -> QueryResult<()> {
    diesel::insert_into(work_groups::table).values(g).execute(conn).map(|_| ())
}

pub fn save(conn: &mut DbConnection, g: &Group) -> QueryResult<()> {
    diesel::update(work_groups::table.find(&g.id))
        .set((
            work_groups::name.eq(&g.name),
            work_groups::lead_unit_id.eq(&g.lead_unit_id),
            work_groups::sort_order.eq(g.sort_order),
            work_groups::updated_at.eq(g.updated_at),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Member (配合) unit ids of every group, as (group, unit) pairs.
pub fn all_members(conn: &mut DbConnection) -> QueryResult<Vec<(GroupId, UnitId)>> {
    group_members::table.select((group_members::group_id, group_members::unit_id)).load(conn)
}

pub fn members(conn: &mut DbConnection, group_id: &GroupId) -> QueryResult<Vec<UnitId>> {
    group_members::table.filter(group_members::group_id.eq(group_id)).select(group_members::unit_id).load(conn)
}

pub fn set_members(conn: &mut DbConnection, group_id: &GroupId, unit_ids: &[UnitId]) -> QueryResult<()> {
    diesel::delete(group_members::table.filter(group_members::group_id.eq(group_id))).execute(conn)?;
    for u in unit_ids {
        diesel::insert_into(group_members::table)
            .values((group_members::group_id.eq(group_id), group_members::unit_id.eq(u)))
            .execute(conn)?;
    }
    Ok(())
}
