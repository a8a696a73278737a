//! Second factors (`user_totp`) and their recovery codes (`totp_recovery_codes`).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::{
    DbConnection, UserId,
    schema::{totp_recovery_codes, user_totp},
};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = user_totp)]
pub struct UserTotp {
    pub user_id: UserId,
    /// Base32, as the `otpauth://` URI carries it.
    pub secret: String,
    pub created_at: NaiveDateTime,
    /// `None` while enrolment waits for the first code.
    pub confirmed_at: Option<NaiveDateTime>,
    /// The last step whose code was accepted.
    pub last_step: Option<i64>,
}

pub fn find(conn: &mut DbConnection, user: &UserId) -> QueryResult<Option<UserTotp>> {
    user_totp::table.find(user).select(UserTotp::as_select()).get_result(conn).optional()
}

/// Whether the account has a confirmed second factor.
pub fn confirmed(conn: &mut DbConnection, user: &UserId) -> QueryResult<bool> {
    Ok(find(conn, user)?.is_some_and(|t| t.confirmed_at.is_some()))
}

/// Starts (or starts again) an enrolment: any earlier factor and its codes go.
pub fn replace(conn: &mut DbConnection, row: &UserTotp) -> QueryResult<()> {
    remove(conn, &row.user_id)?;
    diesel::insert_into(user_totp::table).values(row).execute(conn).map(|_| ())
}

/// Confirms the factor, remembering the step of the code that confirmed it.
pub fn confirm(conn: &mut DbConnection, user: &UserId, at: NaiveDateTime, step: i64) -> QueryResult<()> {
    diesel::update(user_totp::table.find(user))
        .set((user_totp::confirmed_at.eq(Some(at)), user_totp::last_step.eq(Some(step))))
        .execute(conn)
        .map(|_| ())
}

/// Moves the last used step forward, only if `step` is later than the stored one (two sign-ins
/// racing with the same code: one wins). Answers whether it moved.
pub fn use_step(conn: &mut DbConnection, user: &UserId, step: i64) -> QueryResult<bool> {
    let n = diesel::update(
        user_totp::table.find(user).filter(user_totp::last_step.is_null().or(user_totp::last_step.lt(step))),
    )
    .set(user_totp::last_step.eq(Some(step)))
    .execute(conn)?;
    Ok(n == 1)
}

/// Deletes the factor and every recovery code of the account; answers whether it had a factor.
pub fn remove(conn: &mut DbConnection, user: &UserId) -> QueryResult<bool> {
    diesel::delete(totp_recovery_codes::table.filter(totp_recovery_codes::user_id.eq(user))).execute(conn)?;
    Ok(diesel::delete(user_totp::table.find(user)).execute(conn)? > 0)
}

/// Replaces the account's recovery codes with these digests.
pub fn set_recovery_codes(conn: &mut DbConnection, user: &UserId, digests: &[String]) -> QueryResult<()> {
    diesel::delete(totp_recovery_codes::table.filter(totp_recovery_codes::user_id.eq(user))).execute(conn)?;
    // One row at a time: a batch insert is not portable across the two backends here.
    for d in digests {
        diesel::insert_into(totp_recovery_codes::table)
            .values((totp_recovery_codes::user_id.eq(user), totp_recovery_codes::code_hash.eq(d)))
            .execute(conn)?;
    }
    Ok(())
}

/// Spends an unused recovery code; answers whether there was one with this digest.
pub fn spend_recovery_code(
    conn: &mut DbConnection,
    user: &UserId,
    digest: &str,
    at: NaiveDateTime,
) -> QueryResult<bool> {
    let n = diesel::update(
        totp_recovery_codes::table
            .filter(totp_recovery_codes::user_id.eq(user))
            .filter(totp_recovery_codes::code_hash.eq(digest))
            .filter(totp_recovery_codes::used_at.is_null()),
    )
    .set(totp_recovery_codes::used_at.eq(Some(at)))
    .execute(conn)?;
    Ok(n == 1)
}

/// Recovery codes not yet spent.
pub fn recovery_codes_left(conn: &mut DbConnection, user: &UserId) -> QueryResult<i64> {
    totp_recovery_codes::table
        .filter(totp_recovery_codes::user_id.eq(user))
        .filter(totp_recovery_codes::used_at.is_null())
        .count()
        .get_result(conn)
}
