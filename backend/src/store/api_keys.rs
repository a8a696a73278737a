//! API keys.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::{ApiKeyId, DbConnection, IntegrationClientId, UnitId, schema::api_keys};

#[derive(Debug, Clone, Queryable, Selectable, Insertable, serde::Serialize)]
#[diesel(table_name = api_keys, treat_none_as_default_value = false)]
pub struct ApiKey {
    pub id: ApiKeyId,
    pub name: String,
    pub unit_id: UnitId,
    /// Comma separated: `issues:read`, `issues:write`, `imports:write`.
    pub scopes: String,
    /// The first characters of the secret, to recognise a key in lists.
    pub prefix: String,
    #[serde(skip)]
    pub secret_hash: String,
    pub created_by: String,
    #[serde(serialize_with = "crate::db::types::utc_time::serialize")]
    pub created_at: NaiveDateTime,
    #[serde(serialize_with = "crate::db::types::utc_time::serialize_option")]
    pub expires_at: Option<NaiveDateTime>,
    #[serde(serialize_with = "crate::db::types::utc_time::serialize_option")]
    pub revoked_at: Option<NaiveDateTime>,
    #[serde(serialize_with = "crate::db::types::utc_time::serialize_option")]
    pub last_used_at: Option<NaiveDateTime>,
    /// The integration client the key belongs to.
    pub client_id: Option<IntegrationClientId>,
}

impl ApiKey {
    pub fn scope_list(&self) -> Vec<String> {
        self.scopes.split(',').filter(|s| !s.is_empty()).map(str::to_owned).collect()
    }
}

pub fn insert(conn: &mut DbConnection, k: &ApiKey) -> QueryResult<()> {
    diesel::insert_into(api_keys::table).values(k).execute(conn).map(|_| ())
}

pub fn find(conn: &mut DbConnection, id: &ApiKeyId) -> QueryResult<Option<ApiKey>> {
    api_keys::table.find(id).select(ApiKey::as_select()).get_result(conn).optional()
}

pub fn find_by_hash(conn: &mut DbConnection, hash: &str) -> QueryResult<Option<ApiKey>> {
    api_keys::table.filter(api_keys::secret_hash.eq(hash)).select(ApiKey::as_select()).get_result(conn).optional()
}

pub fn list(conn: &mut DbConnection) -> QueryResult<Vec<ApiKey>> {
    api_keys::table.order(api_keys::created_at.desc()).select(ApiKey::as_select()).load(conn)
}

pub fn revoke(conn: &mut DbConnection, id: &ApiKeyId, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(api_keys::table.find(id).filter(api_keys::revoked_at.is_null()))
        .set(api_keys::revoked_at.eq(now))
        .execute(conn)
}

/// Records use, at most once a minute per key (so that reads do not turn into writes).
pub fn touch(conn: &mut DbConnection, id: &ApiKeyId, now: NaiveDateTime) -> QueryResult<usize> {
    let stale = now - chrono::Duration::seconds(60);
    diesel::update(
        api_keys::table.find(id).filter(api_keys::last_used_at.is_null().or(api_keys::last_used_at.lt(stale))),
    )
    .set(api_keys::last_used_at.eq(now))
    .execute(conn)
}

/// The keys of one integration client, newest first.
pub fn list_of_client(conn: &mut DbConnection, client: &IntegrationClientId) -> QueryResult<Vec<ApiKey>> {
    api_keys::table
        .filter(api_keys::client_id.eq(client))
        .order(api_keys::created_at.desc())
        .select(ApiKey::as_select())
        .load(conn)
}
