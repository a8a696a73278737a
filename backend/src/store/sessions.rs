//! Sign-in sessions as families of refresh tokens.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::{DbConnection, RefreshTokenId, SessionId, UserId, schema::refresh_tokens};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = refresh_tokens, treat_none_as_default_value = false)]
pub struct RefreshToken {
    pub id: RefreshTokenId,
    pub family_id: SessionId,
    pub user_id: UserId,
    pub token_hash: String,
    pub issued_at: NaiveDateTime,
    pub idle_expires_at: NaiveDateTime,
    pub family_expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
}

pub fn insert(conn: &mut DbConnection, t: &RefreshToken) -> QueryResult<()> {
    diesel::insert_into(refresh_tokens::table).values(t).execute(conn).map(|_| ())
}

pub fn find_by_hash(conn: &mut DbConnection, hash: &str) -> QueryResult<Option<RefreshToken>> {
    refresh_tokens::table
        .filter(refresh_tokens::token_hash.eq(hash))
        .select(RefreshToken::as_select())
        .get_result(conn)
        .optional()
}

/// Marks a token used; `false` when it already was (a concurrent or replayed refresh).
pub fn mark_used(conn: &mut DbConnection, id: &RefreshTokenId, now: NaiveDateTime) -> QueryResult<bool> {
    let n = diesel::update(refresh_tokens::table.find(id).filter(refresh_tokens::used_at.is_null()))
        .set(refresh_tokens::used_at.eq(now))
        .execute(conn)?;
    Ok(n == 1)
}

/// Revokes every token of a session; answers how many were still live.
pub fn revoke_family(conn: &mut DbConnection, family: &SessionId, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        refresh_tokens::table.filter(refresh_tokens::family_id.eq(family)).filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(now))
    .execute(conn)
}

/// Revokes every session of a user (deactivation, password reset).
pub fn revoke_user(conn: &mut DbConnection, user: &UserId, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        refresh_tokens::table.filter(refresh_tokens::user_id.eq(user)).filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(now))
    .execute(conn)
}

/// Ends every session of `user` but `keep` (a password change keeps the session it was made in).
pub fn revoke_user_except(
    conn: &mut DbConnection,
    user: &UserId,
    keep: &SessionId,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::user_id.eq(user))
            .filter(refresh_tokens::family_id.ne(keep))
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(now))
    .execute(conn)
}

/// Whether a session is live: not revoked, not past its absolute end, and its newest token
/// not idle beyond the limit.
/// When the session `family` ends if nothing renews it: the latest expiry of its live refresh
/// tokens (unused, unrevoked, not expired); `None` when it has none, i.e. it has ended.
pub fn session_ends(
    conn: &mut DbConnection,
    family: &SessionId,
    now: NaiveDateTime,
) -> QueryResult<Option<NaiveDateTime>> {
    let live: Vec<(NaiveDateTime, NaiveDateTime)> = refresh_tokens::table
        .filter(refresh_tokens::family_id.eq(family))
        .filter(refresh_tokens::revoked_at.is_null())
        .filter(refresh_tokens::used_at.is_null())
        .filter(refresh_tokens::family_expires_at.gt(now))
        .filter(refresh_tokens::idle_expires_at.gt(now))
        .select((refresh_tokens::idle_expires_at, refresh_tokens::family_expires_at))
        .load(conn)?;
    Ok(live.into_iter().map(|(idle, family)| idle.min(family)).max())
}
