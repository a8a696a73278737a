//! Leases of periodic jobs: with several servers on one database, the one holding a job's
//! unexpired lease runs it and the others skip. Same SQL on both backends.

use chrono::NaiveDateTime;
use diesel::{
    prelude::*,
    sql_types::{Text, Timestamp},
};

use crate::db::{DbConnection, schema::job_leases};

/// Takes (or renews) the lease of `job` for `holder` until `until`; `false` when another
/// holder's lease has not expired. The caller runs it in a short transaction of its own: a
/// lease is taken, never waited for.
pub fn try_acquire(
    conn: &mut DbConnection,
    job: &str,
    holder: &str,
    now: NaiveDateTime,
    until: NaiveDateTime,
) -> QueryResult<bool> {
    diesel::sql_query(
        "INSERT INTO job_leases (name, holder, expires_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING",
    )
    .bind::<Text, _>(job)
    .bind::<Text, _>(holder)
    .bind::<Timestamp, _>(until)
    .execute(conn)?;
    let taken = diesel::update(
        job_leases::table.find(job).filter(job_leases::holder.eq(holder).or(job_leases::expires_at.le(now))),
    )
    .set((job_leases::holder.eq(holder), job_leases::expires_at.eq(until)))
    .execute(conn)?;
    Ok(taken == 1)
}

/// Records a finished run of the job by its lease holder.
pub fn finished(conn: &mut DbConnection, job: &str, holder: &str, at: NaiveDateTime) -> QueryResult<()> {
    diesel::update(job_leases::table.find(job).filter(job_leases::holder.eq(holder)))
        .set(job_leases::last_run_at.eq(at))
        .execute(conn)
        .map(|_| ())
}

/// Gives the lease up (a server shutting down), so that another may take it at once.
pub fn release(conn: &mut DbConnection, job: &str, holder: &str, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(job_leases::table.find(job).filter(job_leases::holder.eq(holder)))
        .set(job_leases::expires_at.eq(now))
        .execute(conn)
        .map(|_| ())
}

/// When the job last finished, by any server.
pub fn last_run(conn: &mut DbConnection, job: &str) -> QueryResult<Option<NaiveDateTime>> {
    job_leases::table.find(job).select(job_leases::last_run_at).get_result(conn).optional().map(Option::flatten)
}
