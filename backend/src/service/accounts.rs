//! Accounts: created by the system administrator (API), by `lvyue create-user` and
//! `lvyue seed`, all through one function.

use chrono::NaiveDateTime;
use serde::Serialize;
use utoipa::ToSchema;

use crate::{
    audit::{self, Actor, Entry, RequestMeta},
    db::{DbConnection, GroupId, UnitId, UserId},
    domain::roles::{Grant, Role},
    store::{
        self,
        users::{HeldRole, User},
    },
};

/// A role as held.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RoleDto {
    pub role: Role,
    #[schema(example = "综合办公室")]
    pub label: String,
    /// The group, for `group_lead`.
    pub group_id: Option<GroupId>,
    #[schema(example = "investment")]
    pub group_code: Option<String>,
    #[schema(example = "招商引资承诺清查兑现组")]
    pub group_name: Option<String>,
}

impl From<&HeldRole> for RoleDto {
    fn from(r: &HeldRole) -> Self {
        Self {
            role: r.role,
            label: r.role.label().to_owned(),
            group_id: r.group_id.clone(),
            group_code: r.group_code.clone(),
            group_name: r.group_name.clone(),
        }
    }
}

/// An account to create; its password already hashed (hashing is slow: done before the
/// transaction).
pub struct NewAccount<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    pub unit_id: &'a UnitId,
    pub grants: &'a [Grant<GroupId>],
    pub password_hash: String,
    pub must_change_password: bool,
}

/// Creates an account (with its roles), audited, inside the caller's transaction.
pub fn create_user(
    conn: &mut DbConnection,
    actor: &Actor,
    meta: &RequestMeta,
    account: NewAccount<'_>,
    now: NaiveDateTime,
) -> Result<User, crate::error::ApiError> {
    let NewAccount { username, display_name, unit_id, grants, password_hash, must_change_password } = account;
    let user = User {
        id: UserId::new(),
        username: username.to_owned(),
        display_name: display_name.to_owned(),
        unit_id: unit_id.clone(),
        password_hash,
        must_change_password,
        active: true,
        failed_attempts: 0,
        locked_until: None,
        last_login_at: None,
        password_changed_at: (!must_change_password).then_some(now),
        created_at: now,
        updated_at: now,
    };
    store::users::insert(conn, &user)?;
    store::users::set_roles(conn, &user.id, grants)?;
    let roles: Vec<serde_json::Value> =
        grants.iter().map(|g| serde_json::json!({ "role": g.role, "group_id": g.group })).collect();
    audit::append(
        conn,
        Entry::new(actor, meta, "user.create", "user").entity(&user.id).after(serde_json::json!({
            "username": user.username, "display_name": user.display_name, "unit_id": user.unit_id,
            "roles": roles, "must_change_password": must_change_password, "active": true,
        })),
    )?;
    Ok(user)
}
