//! The read-cache epoch: one number that triggers bump in the transaction of every change to
//! what the servers cache (principals, the organisation's names). See `service::read_cache`.

use diesel::prelude::*;

use crate::db::{DbConnection, schema::read_cache_epoch};

pub fn epoch(conn: &mut DbConnection) -> QueryResult<i64> {
    read_cache_epoch::table.find(1).select(read_cache_epoch::epoch).get_result(conn)
}
