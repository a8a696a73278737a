//! Gap-free counters. The increment locks the counter's row until the transaction ends, so
//! concurrent writers queue, and a rolled-back transaction gives its number back.

use diesel::{prelude::*, sql_types::Text};

use crate::db::{DbConnection, schema::counters};

/// Creates a counter at zero unless it exists (same SQL on both backends).
pub fn ensure(conn: &mut DbConnection, key: &str) -> QueryResult<()> {
    diesel::sql_query("INSERT INTO counters (key, value) VALUES ($1, 0) ON CONFLICT (key) DO NOTHING")
        .bind::<Text, _>(key)
        .execute(conn)
        .map(|_| ())
}

/// The next value of a counter (1, 2, 3, …). Must run inside a write transaction.
pub fn next(conn: &mut DbConnection, key: &str) -> QueryResult<i64> {
    ensure(conn, key)?;
    diesel::update(counters::table.find(key))
        .set(counters::value.eq(counters::value + 1))
        .returning(counters::value)
        .get_result(conn)
}

/// Takes `n` consecutive values at once; answers the first. Must run inside a write transaction.
pub fn reserve(conn: &mut DbConnection, key: &str, n: i64) -> QueryResult<i64> {
    ensure(conn, key)?;
    let last: i64 = diesel::update(counters::table.find(key))
        .set(counters::value.eq(counters::value + n))
        .returning(counters::value)
        .get_result(conn)?;
    Ok(last - n + 1)
}
