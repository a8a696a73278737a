//! Settings administrators change at run time, one JSON value per key.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::{DbConnection, schema::settings};

#[derive(Debug, Clone, Queryable, Selectable, Insertable, PartialEq, Eq)]
#[diesel(table_name = settings, treat_none_as_default_value = false)]
pub struct SettingRow {
    pub key: String,
    pub value_json: String,
    pub updated_at: NaiveDateTime,
    pub updated_by: Option<String>,
}

pub fn all(conn: &mut DbConnection) -> QueryResult<Vec<SettingRow>> {
    settings::table.select(SettingRow::as_select()).order(settings::key).load(conn)
}

pub fn find(conn: &mut DbConnection, key: &str) -> QueryResult<Option<SettingRow>> {
    settings::table.find(key).select(SettingRow::as_select()).get_result(conn).optional()
}

pub fn upsert(conn: &mut DbConnection, row: &SettingRow) -> QueryResult<()> {
    match find(conn, &row.key)? {
        Some(_) => diesel::update(settings::table.find(&row.key))
            .set((
                settings::value_json.eq(&row.value_json),
                settings::updated_at.eq(row.updated_at),
                settings::updated_by.eq(&row.updated_by),
            ))
            .execute(conn)
            .map(|_| ()),
        None => diesel::insert_into(settings::table).values(row).execute(conn).map(|_| ()),
    }
}
