//! Integration clients: a named integration owning a source and its API keys.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::{DbConnection, IntegrationClientId, UnitId, schema::integration_clients};

#[derive(Debug, Clone, Queryable, Selectable, Insertable, serde::Serialize)]
#[diesel(table_name = integration_clients, treat_none_as_default_value = false)]
pub struct IntegrationClient {
    pub id: IntegrationClientId,
    pub name: String,
    /// The source its keys register with; `None` for a client carried forward from a key that
    /// registered several sources (it keeps registering any).
    pub source: Option<String>,
    pub unit_id: UnitId,
    pub created_by: String,
    #[serde(serialize_with = "crate::db::types::utc_time::serialize")]
    pub created_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConnection, c: &IntegrationClient) -> QueryResult<()> {
    diesel::insert_into(integration_clients::table).values(c).execute(conn).map(|_| ())
}

pub fn find(conn: &mut DbConnection, id: &IntegrationClientId) -> QueryResult<Option<IntegrationClient>> {
    integration_clients::table.find(id).select(IntegrationClient::as_select()).get_result(conn).optional()
}

pub fn find_by_name(conn: &mut DbConnection, name: &str) -> QueryResult<Option<IntegrationClient>> {
    integration_clients::table
        .filter(integration_clients::name.eq(name))
        .select(IntegrationClient::as_select())
        .first(conn)
        .optional()
}

pub fn find_by_source(conn: &mut DbConnection, source: &str) -> QueryResult<Option<IntegrationClient>> {
    integration_clients::table
        .filter(integration_clients::source.eq(source))
        .select(IntegrationClient::as_select())
        .first(conn)
        .optional()
}

pub fn list(conn: &mut DbConnection) -> QueryResult<Vec<IntegrationClient>> {
    integration_clients::table.order(integration_clients::name.asc()).select(IntegrationClient::as_select()).load(conn)
}
