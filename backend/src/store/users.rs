//! Accounts and their roles.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::{
    db::{
        DbConnection, GroupId, RoleGrantId, UnitId, UserId,
        schema::{units, user_roles, users, work_groups},
    },
    domain::roles::{Grant, Role},
};

#[derive(Debug, Clone, Queryable, Selectable, Insertable, serde::Serialize)]
#[diesel(table_name = users, treat_none_as_default_value = false)]
pub struct User {
    pub id: UserId,
    pub username: String,
    pub display_name: String,
    pub unit_id: UnitId,
    #[serde(skip)]
    pub password_hash: String,
    pub must_change_password: bool,
    pub active: bool,
    pub failed_attempts: i32,
    #[serde(serialize_with = "crate::db::types::utc_time::serialize_option")]
    pub locked_until: Option<NaiveDateTime>,
    #[serde(serialize_with = "crate::db::types::utc_time::serialize_option")]
    pub last_login_at: Option<NaiveDateTime>,
    #[serde(serialize_with = "crate::db::types::utc_time::serialize_option")]
    pub password_changed_at: Option<NaiveDateTime>,
    #[serde(serialize_with = "crate::db::types::utc_time::serialize")]
    pub created_at: NaiveDateTime,
    #[serde(serialize_with = "crate::db::types::utc_time::serialize")]
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = user_roles, treat_none_as_default_value = false)]
struct RoleRow {
    id: RoleGrantId,
    user_id: UserId,
    role: Role,
    group_id: Option<GroupId>,
}

/// A role as held, with the group's code and name for display.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct HeldRole {
    pub role: Role,
    pub group_id: Option<GroupId>,
    pub group_code: Option<String>,
    pub group_name: Option<String>,
}

impl HeldRole {
    pub fn grant(&self) -> Grant<GroupId> {
        Grant { role: self.role, group: self.group_id.clone() }
    }
}

pub fn find(conn: &mut DbConnection, id: &UserId) -> QueryResult<Option<User>> {
    users::table.find(id).select(User::as_select()).get_result(conn).optional()
}

pub fn find_by_username(conn: &mut DbConnection, username: &str) -> QueryResult<Option<User>> {
    users::table.filter(users::username.eq(username)).select(User::as_select()).get_result(conn).optional()
}

pub fn count(conn: &mut DbConnection) -> QueryResult<i64> {
    users::table.count().get_result(conn)
}

pub fn insert(conn: &mut DbConnection, user: &User) -> QueryResult<()> {
    diesel::insert_into(users::table).values(user).execute(conn).map(|_| ())
}

/// Saves every mutable column of `user`.
pub fn save(conn: &mut DbConnection, user: &User) -> QueryResult<()> {
    diesel::update(users::table.find(&user.id))
        .set((
            users::display_name.eq(&user.display_name),
            users::unit_id.eq(&user.unit_id),
            users::password_hash.eq(&user.password_hash),
            users::must_change_password.eq(user.must_change_password),
            users::active.eq(user.active),
            users::failed_attempts.eq(user.failed_attempts),
            users::locked_until.eq(user.locked_until),
            users::last_login_at.eq(user.last_login_at),
            users::password_changed_at.eq(user.password_changed_at),
            users::updated_at.eq(user.updated_at),
        ))
        .execute(conn)
        .map(|_| ())
}

pub fn roles_of(conn: &mut DbConnection, user_id: &UserId) -> QueryResult<Vec<HeldRole>> {
    type Row = (Role, Option<GroupId>, Option<String>, Option<String>);
    let rows: Vec<Row> = user_roles::table
        .left_join(work_groups::table)
        .filter(user_roles::user_id.eq(user_id))
        .select((user_roles::role, user_roles::group_id, work_groups::code.nullable(), work_groups::name.nullable()))
        .order((user_roles::role, work_groups::sort_order.nullable()))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(role, group_id, group_code, group_name)| HeldRole { role, group_id, group_code, group_name })
        .collect())
}

/// Replaces the roles of a user.
pub fn set_roles(conn: &mut DbConnection, user_id: &UserId, grants: &[Grant<GroupId>]) -> QueryResult<()> {
    diesel::delete(user_roles::table.filter(user_roles::user_id.eq(user_id))).execute(conn)?;
    for g in grants {
        let row = RoleRow { id: RoleGrantId::new(), user_id: user_id.clone(), role: g.role, group_id: g.group.clone() };
        diesel::insert_into(user_roles::table).values(&row).execute(conn)?;
    }
    Ok(())
}

#[derive(Debug, Default, Clone)]
pub struct UserFilter {
    pub q: Option<String>,
    pub unit_id: Option<UnitId>,
    pub role: Option<Role>,
    pub active: Option<bool>,
    /// Only the accounts whose roles break 三员分立 (held since an earlier release).
    pub separation_conflict: bool,
}

/// The accounts whose roles break 三员分立 (two administrators, or an administrator and a
/// business role), as an earlier release allowed; kept as they were, listed for the security
/// administrator. Decided by `domain::roles::separation_conflict`.
pub fn separation_conflicts(conn: &mut DbConnection) -> QueryResult<Vec<UserId>> {
    let admins: Vec<UserId> = user_roles::table
        .filter(user_roles::role.eq_any(Role::ADMINISTRATORS.to_vec()))
        .select(user_roles::user_id)
        .load(conn)?;
    let rows: Vec<(UserId, Role)> = user_roles::table
        .filter(user_roles::user_id.eq_any(admins))
        .select((user_roles::user_id, user_roles::role))
        .order(user_roles::user_id)
        .load(conn)?;
    let mut out: Vec<UserId> = Vec::new();
    for chunk in rows.chunk_by(|a, b| a.0 == b.0) {
        if crate::domain::roles::separation_conflict(chunk.iter().map(|r| r.1)).is_err() {
            out.push(chunk[0].0.clone());
        }
    }
    Ok(out)
}

/// A page of users (with their unit's name) and the total matching.
pub fn list(
    conn: &mut DbConnection,
    filter: &UserFilter,
    offset: i64,
    limit: i64,
) -> QueryResult<(Vec<(User, String)>, i64)> {
    let conflicts = if filter.separation_conflict { Some(separation_conflicts(conn)?) } else { None };
    let build = || {
        let mut q = users::table.inner_join(units::table).into_boxed();
        if let Some(ids) = &conflicts {
            q = q.filter(users::id.eq_any(ids.clone()));
        }
        if let Some(text) = &filter.q {
            let pattern = format!("%{}%", escape_like(text));
            q = q.filter(
                users::username.like(pattern.clone()).escape('\\').or(users::display_name.like(pattern).escape('\\')),
            );
        }
        if let Some(unit) = &filter.unit_id {
            q = q.filter(users::unit_id.eq(unit.clone()));
        }
        if let Some(active) = filter.active {
            q = q.filter(users::active.eq(active));
        }
        if let Some(role) = filter.role {
            q = q.filter(
                users::id.eq_any(user_roles::table.filter(user_roles::role.eq(role)).select(user_roles::user_id)),
            );
        }
        q
    };
    let total = build().count().get_result(conn)?;
    let rows = build()
        .select((User::as_select(), units::name))
        .order(users::username)
        .offset(offset)
        .limit(limit)
        .load(conn)?;
    Ok((rows, total))
}

/// Escapes `%`, `_` and `\` for a LIKE pattern with `ESCAPE '\'`.
pub fn escape_like(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// How many earlier passwords a change may not go back to (with the current one: the last five).
pub const PASSWORD_HISTORY: i64 = 4;

/// The hashes of the account's last [`PASSWORD_HISTORY`] retired passwords, newest first.
pub fn password_history(conn: &mut DbConnection, user_id: &UserId) -> QueryResult<Vec<String>> {
    use crate::db::schema::password_history as h;
    h::table
        .filter(h::user_id.eq(user_id.as_str()))
        .order(h::retired_at.desc())
        .limit(PASSWORD_HISTORY)
        .select(h::password_hash)
        .load(conn)
}

/// Keeps a password that is being replaced, and forgets the ones beyond [`PASSWORD_HISTORY`].
pub fn retire_password(conn: &mut DbConnection, user_id: &UserId, hash: &str, at: NaiveDateTime) -> QueryResult<()> {
    use crate::db::schema::password_history as h;
    diesel::insert_into(h::table)
        .values((h::user_id.eq(user_id.as_str()), h::password_hash.eq(hash), h::retired_at.eq(at)))
        .execute(conn)?;
    let keep: Vec<NaiveDateTime> = h::table
        .filter(h::user_id.eq(user_id.as_str()))
        .order(h::retired_at.desc())
        .limit(PASSWORD_HISTORY)
        .select(h::retired_at)
        .load(conn)?;
    if let Some(oldest_kept) = keep.last().filter(|_| keep.len() as i64 == PASSWORD_HISTORY) {
        diesel::delete(h::table.filter(h::user_id.eq(user_id.as_str())).filter(h::retired_at.lt(oldest_kept)))
            .execute(conn)?;
    }
    Ok(())
}
