//! The read-cache epoch: one number that triggers bump in the transaction of every change to
//! what the servers cache (principals, the organisation's names). See `service::read_cache`.

use diesel::prelude::*;

use crate::db::{DbConnection, schema::read_cache_epoch};

/// Read before every authenticated request: on the concrete connection, so that its text is not
/// built again at each read ([`crate::db::on_backend!`]).
pub fn epoch(conn: &mut DbConnection) -> QueryResult<i64> {
    crate::db::on_backend!(conn, |c| read_cache_epoch::table.find(1).select(read_cache_epoch::epoch).get_result(c))
}
