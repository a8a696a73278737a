//! Failed sign-ins per key (`domain::login_throttle`), shared by every server.

use chrono::NaiveDateTime;
use diesel::{prelude::*, sql_types::Text};

use crate::{
    db::{DbConnection, schema::login_throttles},
    domain::login_throttle::FailureCount,
};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = login_throttles)]
struct Row {
    failures: i32,
    last_failure_at: NaiveDateTime,
    blocked_until: Option<NaiveDateTime>,
}

impl From<Row> for FailureCount {
    fn from(r: Row) -> Self {
        Self { failures: r.failures, last_failure_at: r.last_failure_at, blocked_until: r.blocked_until }
    }
}

/// The counts of `keys` that exist (in the order found).
pub fn find_many(conn: &mut DbConnection, keys: &[String]) -> QueryResult<Vec<FailureCount>> {
    let rows: Vec<Row> =
        login_throttles::table.filter(login_throttles::key.eq_any(keys)).select(Row::as_select()).load(conn)?;
    Ok(rows.into_iter().map(FailureCount::from).collect())
}

/// The count of `key`, its row locked until the transaction ends (concurrent failures queue and
/// none is lost); `None` when the key has no failures yet. Must run inside a write transaction.
pub fn lock(conn: &mut DbConnection, key: &str, now: NaiveDateTime) -> QueryResult<Option<FailureCount>> {
    // Inserting a zero row first makes the UPDATE below lock a row that surely exists.
    diesel::sql_query(
        "INSERT INTO login_throttles (key, failures, last_failure_at) VALUES ($1, 0, $2) ON CONFLICT (key) DO NOTHING",
    )
    .bind::<Text, _>(key)
    .bind::<diesel::sql_types::Timestamp, _>(now)
    .execute(conn)?;
    let (failures, last_failure_at, blocked_until) = diesel::update(login_throttles::table.find(key))
        .set(login_throttles::failures.eq(login_throttles::failures))
        .returning((login_throttles::failures, login_throttles::last_failure_at, login_throttles::blocked_until))
        .get_result::<(i32, NaiveDateTime, Option<NaiveDateTime>)>(conn)?;
    Ok((failures > 0).then_some(FailureCount { failures, last_failure_at, blocked_until }))
}

pub fn save(conn: &mut DbConnection, key: &str, count: &FailureCount) -> QueryResult<()> {
    diesel::update(login_throttles::table.find(key))
        .set((
            login_throttles::failures.eq(count.failures),
            login_throttles::last_failure_at.eq(count.last_failure_at),
            login_throttles::blocked_until.eq(count.blocked_until),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Forgets a key (a successful sign-in clears its own name's count at its address).
pub fn clear(conn: &mut DbConnection, key: &str) -> QueryResult<()> {
    diesel::delete(login_throttles::table.find(key)).execute(conn).map(|_| ())
}

/// The keys of one account name at every address (`u:<address>:<name>`), as a LIKE pattern.
fn account_pattern(username: &str) -> String {
    format!("u:%:{}", username.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"))
}

/// Forgets every address's count for one account name (an administrator lifts the waits).
pub fn clear_account(conn: &mut DbConnection, username: &str) -> QueryResult<usize> {
    diesel::delete(login_throttles::table.filter(login_throttles::key.like(account_pattern(username)).escape('\\')))
        .execute(conn)
}

/// One account name's standing over every address: until when some address must still wait
/// before trying it, and its failures since `since` (for the accounts list).
pub fn account_summary(
    conn: &mut DbConnection,
    username: &str,
    since: NaiveDateTime,
    now: NaiveDateTime,
) -> QueryResult<(Option<NaiveDateTime>, i32)> {
    let rows: Vec<Row> = login_throttles::table
        .filter(login_throttles::key.like(account_pattern(username)).escape('\\'))
        .filter(login_throttles::last_failure_at.ge(since))
        .select(Row::as_select())
        .load(conn)?;
    let until = rows.iter().filter_map(|r| r.blocked_until).filter(|u| *u > now).max();
    Ok((until, rows.iter().map(|r| r.failures).sum()))
}

/// Removes counts nobody remembers any more (last failure before `before`, no wait running).
pub fn prune(conn: &mut DbConnection, before: NaiveDateTime, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(
        login_throttles::table
            .filter(login_throttles::last_failure_at.lt(before))
            .filter(login_throttles::blocked_until.is_null().or(login_throttles::blocked_until.le(now))),
    )
    .execute(conn)
}
