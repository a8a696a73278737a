//! The editable dictionaries: categories, problem types and sources.

use diesel::prelude::*;

use crate::db::{DbConnection, schema::dict_items};

#[derive(Debug, Clone, Queryable, Selectable, Insertable, serde::Serialize, PartialEq, Eq)]
#[diesel(table_name = dict_items, treat_none_as_default_value = false)]
pub struct DictItem {
    pub kind: String,
    pub code: String,
    pub label: String,
    pub parent_code: Option<String>,
    pub sort_order: i32,
    pub active: bool,
}

pub const KINDS: [&str; 4] = ["category", "problem_type", "source", "arrear_object"];

pub fn list(conn: &mut DbConnection) -> QueryResult<Vec<DictItem>> {
    dict_items::table.select(DictItem::as_select()).order((dict_items::kind, dict_items::sort_order)).load(conn)
}

pub fn find(conn: &mut DbConnection, kind: &str, code: &str) -> QueryResult<Option<DictItem>> {
    dict_items::table.find((kind, code)).select(DictItem::as_select()).get_result(conn).optional()
}

pub fn insert(conn: &mut DbConnection, item: &DictItem) -> QueryResult<()> {
    diesel::insert_into(dict_items::table).values(item).execute(conn).map(|_| ())
}

pub fn save(conn: &mut DbConnection, item: &DictItem) -> QueryResult<()> {
    diesel::update(dict_items::table.find((&item.kind, &item.code)))
        .set((
            dict_items::label.eq(&item.label),
            dict_items::parent_code.eq(&item.parent_code),
            dict_items::sort_order.eq(item.sort_order),
            dict_items::active.eq(item.active),
        ))
        .execute(conn)
        .map(|_| ())
}
