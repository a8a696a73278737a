//! `lvyue seed`: the organisation of 一办五组 and the dictionaries from the data file in
//! `backend/seed/`, and with `--demo` the demo accounts. Seeding inserts what is missing and
//! never overwrites what an administrator changed, so running it twice changes nothing.

use std::collections::HashMap;

use anyhow::{Context, anyhow};
use serde::Deserialize;

use crate::{
    api::extract::RequestMeta,
    audit::{self, Actor, Entry},
    auth,
    db::{DbConnection, Id},
    domain::roles::{Grant, Role, check_role_set},
    store::{self, dictionaries::DictItem, groups::Group, units::Unit, users::User},
};

const ORGANISATION: &str = include_str!("../seed/organisation.json");
const DEMO: &str = include_str!("../seed/demo.json");

#[derive(Deserialize)]
struct Organisation {
    units: Vec<UnitSeed>,
    groups: Vec<GroupSeed>,
    dictionaries: HashMap<String, Vec<DictSeed>>,
}

#[derive(Deserialize)]
struct UnitSeed {
    code: String,
    name: String,
    alias: Option<String>,
    kind: String,
}

#[derive(Deserialize)]
struct GroupSeed {
    code: String,
    name: String,
    lead: String,
    category: Option<String>,
    members: Vec<String>,
}

#[derive(Deserialize)]
struct DictSeed {
    code: String,
    label: String,
    parent: Option<String>,
}

#[derive(Deserialize)]
struct Demo {
    password: String,
    users: Vec<DemoUser>,
}

#[derive(Deserialize)]
struct DemoUser {
    username: String,
    display_name: String,
    unit: String,
    roles: Vec<DemoRole>,
}

#[derive(Deserialize)]
struct DemoRole {
    role: String,
    group: Option<String>,
}

/// What a seeding run created.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct SeedReport {
    pub units: usize,
    pub groups: usize,
    pub dictionary_items: usize,
    pub users: usize,
}

impl std::fmt::Display for SeedReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "created {} unit(s), {} group(s), {} dictionary item(s), {} account(s)",
            self.units, self.groups, self.dictionary_items, self.users
        )
    }
}

fn actor() -> Actor {
    Actor::system("lvyue seed")
}

/// Seeds the organisation and dictionaries (one transaction).
pub fn organisation(conn: &mut DbConnection) -> anyhow::Result<SeedReport> {
    let org: Organisation = serde_json::from_str(ORGANISATION).context("backend/seed/organisation.json")?;
    conn.write_tx(|conn| -> anyhow::Result<SeedReport> {
        let actor = actor();
        let meta = RequestMeta::default();
        let mut report = SeedReport::default();
        let now = store::now();
        for (i, u) in org.units.iter().enumerate() {
            if store::units::find_by_code(conn, &u.code)?.is_some() {
                continue;
            }
            let unit = Unit {
                id: Id::new(),
                code: u.code.clone(),
                name: u.name.clone(),
                alias: u.alias.clone(),
                kind: u.kind.clone(),
                active: true,
                sort_order: i as i32 + 1,
                created_at: now,
                updated_at: now,
            };
            store::units::insert(conn, &unit)?;
            audit::append(conn, Entry::new(&actor, &meta, "unit.create", "unit").entity(&unit.id).after(&unit))?;
            report.units += 1;
        }
        for (i, g) in org.groups.iter().enumerate() {
            if store::groups::find_by_code(conn, &g.code)?.is_some() {
                continue;
            }
            let lead = store::units::find_by_code(conn, &g.lead)?
                .ok_or_else(|| anyhow!("group {}: no unit {}", g.code, g.lead))?;
            let group = Group {
                id: Id::new(),
                code: g.code.clone(),
                name: g.name.clone(),
                lead_unit_id: lead.id,
                category: g.category.clone(),
                sort_order: i as i32 + 1,
                created_at: now,
                updated_at: now,
            };
            store::groups::insert(conn, &group)?;
            let mut members = Vec::new();
            for code in &g.members {
                members.push(
                    store::units::find_by_code(conn, code)?
                        .ok_or_else(|| anyhow!("group {}: no unit {code}", g.code))?
                        .id,
                );
            }
            store::groups::set_members(conn, &group.id, &members)?;
            audit::append(
                conn,
                Entry::new(&actor, &meta, "group.create", "group")
                    .entity(&group.id)
                    .after(serde_json::json!({ "group": &group, "member_unit_ids": members })),
            )?;
            report.groups += 1;
        }
        let mut kinds: Vec<&String> = org.dictionaries.keys().collect();
        kinds.sort();
        for kind in kinds {
            for (i, d) in org.dictionaries[kind].iter().enumerate() {
                if store::dictionaries::find(conn, kind, &d.code)?.is_some() {
                    continue;
                }
                let item = DictItem {
                    kind: kind.clone(),
                    code: d.code.clone(),
                    label: d.label.clone(),
                    parent_code: d.parent.clone(),
                    sort_order: i as i32 + 1,
                    active: true,
                };
                store::dictionaries::insert(conn, &item)?;
                audit::append(
                    conn,
                    Entry::new(&actor, &meta, "dictionary.create", "dictionary")
                        .entity(format!("{kind}/{}", d.code))
                        .after(&item),
                )?;
                report.dictionary_items += 1;
            }
        }
        Ok(report)
    })
}

/// Creates an account (with its roles), audited, inside the caller's transaction.
#[allow(clippy::too_many_arguments)]
pub fn create_user(
    conn: &mut DbConnection,
    actor: &Actor,
    meta: &RequestMeta,
    username: &str,
    display_name: &str,
    unit_id: &Id,
    grants: &[Grant<Id>],
    password_hash: String,
    must_change_password: bool,
) -> anyhow::Result<User> {
    let now = store::now();
    let user = User {
        id: Id::new(),
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

/// Adds the demo accounts of DESIGN.md §9 that are missing.
pub fn demo(conn: &mut DbConnection) -> anyhow::Result<SeedReport> {
    let demo: Demo = serde_json::from_str(DEMO).context("backend/seed/demo.json")?;
    // One hash per account (each salted), computed before the transaction holds the lock.
    let missing: Vec<&DemoUser> = {
        let mut v = Vec::new();
        for u in &demo.users {
            if store::users::find_by_username(conn, &u.username)?.is_none() {
                v.push(u);
            }
        }
        v
    };
    let hashes: Vec<String> = std::thread::scope(|s| {
        let handles: Vec<_> = missing.iter().map(|_| s.spawn(|| auth::password::hash(&demo.password))).collect();
        handles.into_iter().map(|h| h.join().expect("hashing thread")).collect()
    });
    conn.write_tx(|conn| -> anyhow::Result<SeedReport> {
        let actor = actor();
        let meta = RequestMeta::default();
        let mut report = SeedReport::default();
        for (u, hash) in missing.iter().zip(hashes) {
            if store::users::find_by_username(conn, &u.username)?.is_some() {
                continue;
            }
            let unit = store::units::find_by_code(conn, &u.unit)?
                .ok_or_else(|| anyhow!("demo user {}: no unit {}", u.username, u.unit))?;
            let mut grants = Vec::new();
            for r in &u.roles {
                let role = Role::from_code(&r.role).ok_or_else(|| anyhow!("unknown role {}", r.role))?;
                let group = match &r.group {
                    Some(code) => {
                        Some(store::groups::find_by_code(conn, code)?.ok_or_else(|| anyhow!("no group {code}"))?.id)
                    }
                    None => None,
                };
                grants.push(Grant { role, group });
            }
            check_role_set(&grants).map_err(|e| anyhow!("demo user {}: {}", u.username, e.field_and_message().1))?;
            create_user(conn, &actor, &meta, &u.username, &u.display_name, &unit.id, &grants, hash, false)?;
            report.users += 1;
        }
        Ok(report)
    })
}

/// The usernames of the demo accounts and their password, for `make run` to print.
pub fn demo_accounts() -> (Vec<(String, String)>, String) {
    let demo: Demo = serde_json::from_str(DEMO).expect("demo.json parses");
    (demo.users.into_iter().map(|u| (u.username, u.display_name)).collect(), demo.password)
}

/// On a database without any account, creates `admin` (sysadmin of the office's unit) with a
/// random password that must be changed at first sign-in. Answers the password when created.
pub fn bootstrap_admin(conn: &mut DbConnection) -> anyhow::Result<Option<String>> {
    if store::users::count(conn)? > 0 {
        return Ok(None);
    }
    let password = auth::password::generate();
    let hash = auth::password::hash(&password);
    conn.write_tx(|conn| -> anyhow::Result<Option<String>> {
        if store::users::count(conn)? > 0 {
            return Ok(None);
        }
        let unit = store::units::find_by_code(conn, "yingshang")?
            .context("the organisation is not seeded (run `lvyue seed` first)")?;
        let grants = [Grant { role: Role::Sysadmin, group: None }];
        create_user(
            conn,
            &Actor::system("lvyue bootstrap"),
            &RequestMeta::default(),
            "admin",
            "系统管理员",
            &unit.id,
            &grants,
            hash,
            true,
        )?;
        Ok(Some(password))
    })
}
