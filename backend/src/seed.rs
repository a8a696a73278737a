//! `lvyue seed`: the organisation of 一办五组 and the dictionaries from the data file in
//! `backend/seed/`, and with `--demo` the demo campaign, accounts and problems. Seeding inserts
//! what is missing and never overwrites what an administrator changed, so running it twice
//! changes nothing. `serve` and `migrate` seed the organisation themselves on an empty database
//! (`ops::bootstrap`); campaigns are never part of that: a district creates its own.

use std::collections::HashMap;

use anyhow::{Context as _, anyhow};
use chrono::{NaiveDate, NaiveDateTime};
use serde::Deserialize;

use crate::{
    audit::{self, Actor, Entry, RequestMeta},
    auth,
    clock::Clock,
    db::{CampaignId, DbConnection, GroupId, MilestoneId, PhaseId, UnitId},
    domain::{
        campaign::{self, CampaignState, Deliverable},
        org::UnitKind,
        roles::{Grant, Role, check_role_set},
    },
    service::{self, accounts::NewAccount},
    storage::BlobStore,
    store::{
        self,
        campaigns::{Campaign, Milestone, Phase},
        dictionaries::DictItem,
        groups::Group,
        units::Unit,
    },
};

mod demo_issues;

use demo_issues::demo_issues;

const ORGANISATION: &str = include_str!("../seed/organisation.json");
const DEMO: &str = include_str!("../seed/demo.json");
const DEMO_CAMPAIGNS: &str = include_str!("../seed/demo_campaigns.json");

#[derive(Deserialize)]
struct Organisation {
    units: Vec<UnitSeed>,
    groups: Vec<GroupSeed>,
    dictionaries: HashMap<String, Vec<DictSeed>>,
}

#[derive(Deserialize)]
struct DemoCampaigns {
    campaigns: Vec<CampaignSeed>,
}

#[derive(Deserialize)]
struct CampaignSeed {
    code: String,
    name: String,
    year: i32,
    starts_on: NaiveDate,
    ends_on: NaiveDate,
    phases: Vec<PhaseSeed>,
}

#[derive(Deserialize)]
struct PhaseSeed {
    name: String,
    starts_on: NaiveDate,
    ends_on: NaiveDate,
    milestones: Vec<MilestoneSeed>,
}

#[derive(Deserialize)]
struct MilestoneSeed {
    title: String,
    due_on: NaiveDate,
    deliverable: Option<Deliverable>,
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
    pub campaigns: usize,
    pub issues: usize,
}

impl std::fmt::Display for SeedReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "created {} unit(s), {} group(s), {} dictionary item(s), {} campaign(s), {} account(s), {} problem(s)",
            self.units, self.groups, self.dictionary_items, self.campaigns, self.users, self.issues
        )
    }
}

fn actor() -> Actor {
    Actor::system("lvyue seed")
}

/// A 1-based sort order from a position in a seed file (the files hold tens of entries).
fn sort_order(index: usize) -> i32 {
    i32::try_from(index + 1).unwrap_or(i32::MAX)
}

/// Seeds the organisation and dictionaries (one transaction).
pub fn organisation(conn: &mut DbConnection, clock: &Clock) -> anyhow::Result<SeedReport> {
    let org: Organisation = serde_json::from_str(ORGANISATION).context("backend/seed/organisation.json")?;
    conn.write_tx(|conn| -> anyhow::Result<SeedReport> {
        let now = clock.now();
        Ok(SeedReport {
            units: seed_units(conn, &org.units, now)?,
            groups: seed_groups(conn, &org.groups, now)?,
            dictionary_items: seed_dictionaries(conn, &org.dictionaries)?,
            ..SeedReport::default()
        })
    })
}

fn seed_units(conn: &mut DbConnection, units: &[UnitSeed], now: NaiveDateTime) -> anyhow::Result<usize> {
    let (actor, meta) = (actor(), RequestMeta::internal());
    let mut created = 0;
    for (i, u) in units.iter().enumerate() {
        if store::units::find_by_code(conn, &u.code)?.is_some() {
            continue;
        }
        let unit = Unit {
            id: UnitId::new(),
            code: u.code.clone(),
            name: u.name.clone(),
            alias: u.alias.clone(),
            kind: UnitKind::from_code(&u.kind).with_context(|| format!("unit {}: unknown kind {}", u.code, u.kind))?,
            active: true,
            sort_order: sort_order(i),
            created_at: now,
            updated_at: now,
        };
        store::units::insert(conn, &unit)?;
        audit::append(conn, Entry::new(&actor, &meta, "unit.create", "unit").entity(&unit.id).after(&unit))?;
        created += 1;
    }
    Ok(created)
}

fn seed_groups(conn: &mut DbConnection, groups: &[GroupSeed], now: NaiveDateTime) -> anyhow::Result<usize> {
    let (actor, meta) = (actor(), RequestMeta::internal());
    let mut created = 0;
    for (i, g) in groups.iter().enumerate() {
        if store::groups::find_by_code(conn, &g.code)?.is_some() {
            continue;
        }
        let unit_id = |conn: &mut DbConnection, code: &str| -> anyhow::Result<UnitId> {
            Ok(store::units::find_by_code(conn, code)?.ok_or_else(|| anyhow!("group {}: no unit {code}", g.code))?.id)
        };
        let group = Group {
            id: GroupId::new(),
            code: g.code.clone(),
            name: g.name.clone(),
            lead_unit_id: unit_id(conn, &g.lead)?,
            category: g.category.clone(),
            sort_order: sort_order(i),
            created_at: now,
            updated_at: now,
        };
        store::groups::insert(conn, &group)?;
        let members = g.members.iter().map(|code| unit_id(conn, code)).collect::<anyhow::Result<Vec<_>>>()?;
        store::groups::set_members(conn, &group.id, &members)?;
        audit::append(
            conn,
            Entry::new(&actor, &meta, "group.create", "group")
                .entity(&group.id)
                .after(serde_json::json!({ "group": &group, "member_unit_ids": members })),
        )?;
        created += 1;
    }
    Ok(created)
}

fn seed_dictionaries(conn: &mut DbConnection, dictionaries: &HashMap<String, Vec<DictSeed>>) -> anyhow::Result<usize> {
    let (actor, meta) = (actor(), RequestMeta::internal());
    let mut created = 0;
    let mut kinds: Vec<&String> = dictionaries.keys().collect();
    kinds.sort();
    for kind in kinds {
        for (i, d) in dictionaries[kind].iter().enumerate() {
            if store::dictionaries::find(conn, kind, &d.code)?.is_some() {
                continue;
            }
            let item = DictItem {
                kind: kind.clone(),
                code: d.code.clone(),
                label: d.label.clone(),
                parent_code: d.parent.clone(),
                sort_order: sort_order(i),
                active: true,
            };
            store::dictionaries::insert(conn, &item)?;
            audit::append(
                conn,
                Entry::new(&actor, &meta, "dictionary.create", "dictionary")
                    .entity(format!("{kind}/{}", d.code))
                    .after(&item),
            )?;
            created += 1;
        }
    }
    Ok(created)
}

/// Whether the database holds no organisation yet (no unit): `serve` then seeds it.
pub fn is_empty(conn: &mut DbConnection) -> anyhow::Result<bool> {
    use diesel::prelude::*;
    let units: i64 = crate::db::schema::units::table.count().get_result(conn)?;
    Ok(units == 0)
}

/// The demo campaign (the 2024 campaign of the 实施方案 with its phases and milestones), when
/// missing (one transaction).
pub fn demo_campaigns(conn: &mut DbConnection, clock: &Clock) -> anyhow::Result<SeedReport> {
    let data: DemoCampaigns = serde_json::from_str(DEMO_CAMPAIGNS).context("backend/seed/demo_campaigns.json")?;
    conn.write_tx(|conn| -> anyhow::Result<SeedReport> {
        let actor = actor();
        let meta = RequestMeta::default();
        let mut report = SeedReport::default();
        let now = clock.now();
        for c in &data.campaigns {
            if store::campaigns::find_by_code(conn, &c.code)?.is_some() {
                continue;
            }
            // Open unless another campaign is open already (at most one is).
            let state =
                if store::campaigns::open_one(conn)?.is_some() { CampaignState::Draft } else { CampaignState::Open };
            let campaign = Campaign {
                id: CampaignId::new(),
                code: c.code.clone(),
                name: c.name.clone(),
                year: c.year,
                starts_on: c.starts_on,
                ends_on: c.ends_on,
                active: state == CampaignState::Open,
                created_at: now,
                updated_at: now,
                state,
                standing: false,
                closed_at: None,
            };
            let mut phases = Vec::new();
            let mut milestones = Vec::new();
            for (i, p) in c.phases.iter().enumerate() {
                let phase = Phase {
                    id: PhaseId::new(),
                    campaign_id: campaign.id.clone(),
                    name: p.name.clone(),
                    starts_on: p.starts_on,
                    ends_on: p.ends_on,
                    sort_order: sort_order(i),
                };
                for (j, m) in p.milestones.iter().enumerate() {
                    milestones.push(Milestone {
                        id: MilestoneId::new(),
                        campaign_id: campaign.id.clone(),
                        phase_id: Some(phase.id.clone()),
                        title: m.title.clone(),
                        due_on: m.due_on,
                        sort_order: j as i32 + 1,
                        deliverable: m.deliverable.unwrap_or(Deliverable::Other),
                        submitters: crate::domain::milestone::Submitters::GroupLeads,
                    });
                }
                phases.push(phase);
            }
            store::campaigns::insert(conn, &campaign, &phases, &milestones)?;
            store::counters::ensure(conn, &campaign::number_series(&campaign.code, false, campaign.year).0)?;
            audit::append(
                conn,
                Entry::new(&actor, &meta, "campaign.create", "campaign")
                    .entity(&campaign.id)
                    .after(serde_json::json!({ "campaign": &campaign, "phases": phases, "milestones": milestones })),
            )?;
            report.campaigns += 1;
        }
        Ok(report)
    })
}

/// `lvyue seed --demo`: the demo campaign and accounts that are missing, and the demo problems
/// when the ledger is empty.
pub fn demo(conn: &mut DbConnection, clock: &Clock, storage: &dyn BlobStore) -> anyhow::Result<SeedReport> {
    let campaigns = demo_campaigns(conn, clock)?.campaigns;
    let mut report = demo_accounts(conn, clock)?;
    report.campaigns = campaigns;
    report.issues = demo_problems(conn, clock, storage)?;
    Ok(report)
}

/// The demo problems, when the ledger is empty (one transaction); answers how many. Their
/// evidence (a generated PDF per submission) goes into `storage`.
pub fn demo_problems(conn: &mut DbConnection, clock: &Clock, storage: &dyn BlobStore) -> anyhow::Result<usize> {
    conn.write_tx(|conn| {
        let all = store::issues::Visibility::Scope(crate::domain::permissions::IssueScope::All);
        if store::issues::count(conn, &all, &store::issues::ListFilter::default())? > 0 {
            return Ok(0);
        }
        demo_issues(conn, clock, storage)
    })
}

/// Adds the demo accounts that are missing.
pub fn demo_accounts(conn: &mut DbConnection, clock: &Clock) -> anyhow::Result<SeedReport> {
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
        let meta = RequestMeta::internal();
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
            service::accounts::create_user(
                conn,
                &actor,
                &meta,
                NewAccount {
                    username: &u.username,
                    display_name: &u.display_name,
                    unit_id: &unit.id,
                    grants: &grants,
                    password_hash: hash,
                    must_change_password: false,
                },
                clock.now(),
            )?;
            // The demo administrators sign in with the documented demo second factor
            // (`auth::totp::DEMO_SECRET`), so that tests and the contract can compute codes.
            if grants.iter().any(|g| g.role.is_administrator()) {
                let user = store::users::find_by_username(conn, &u.username)?
                    .ok_or_else(|| anyhow!("demo user {} not created", u.username))?;
                service::auth::seed_demo_totp(conn, &user.id, clock.now())?;
            }
            report.users += 1;
        }
        Ok(report)
    })
}

/// The usernames of the demo accounts and their password, for `make run` to print.
pub fn demo_account_list() -> (Vec<(String, String)>, String) {
    let demo: Demo = serde_json::from_str(DEMO).expect("demo.json parses");
    (demo.users.into_iter().map(|u| (u.username, u.display_name)).collect(), demo.password)
}

/// The administrators the first start creates, one of each kind (三员分立): username, role,
/// display name, unit code.
pub const BOOTSTRAP_ADMINS: [(&str, Role, &str, &str); 3] = [
    ("admin", Role::Sysadmin, "系统管理员", "yingshang"),
    ("security_admin", Role::Secadmin, "安全管理员", "yingshang"),
    ("audit_admin", Role::Auditor, "安全审计员", "audit"),
];

/// Whether every account is one the first start created (`seed --demo --if-fresh`).
pub fn only_bootstrap_accounts(conn: &mut DbConnection) -> anyhow::Result<bool> {
    let mut known = 0;
    for (username, ..) in BOOTSTRAP_ADMINS {
        known += i64::from(store::users::find_by_username(conn, username)?.is_some());
    }
    Ok(store::users::count(conn)? == known)
}

/// Creates, for each of the three administrator roles without an active holder, an account
/// with a random password that must be changed at first sign-in: on the first start all three
/// ([`BOOTSTRAP_ADMINS`]); on a database of a release without 安全管理员, that one. Answers
/// (username, password) of each account created.
pub fn bootstrap_admins(conn: &mut DbConnection, clock: &Clock) -> anyhow::Result<Vec<(String, String)>> {
    let missing = |conn: &mut DbConnection| -> anyhow::Result<Vec<usize>> {
        let mut out = Vec::new();
        for (i, (_, role, ..)) in BOOTSTRAP_ADMINS.iter().enumerate() {
            let filter = store::users::UserFilter { role: Some(*role), active: Some(true), ..Default::default() };
            if store::users::list(conn, &filter, 0, 1)?.1 == 0 {
                out.push(i);
            }
        }
        Ok(out)
    };
    if missing(conn)?.is_empty() {
        return Ok(Vec::new());
    }
    let passwords: Vec<String> = BOOTSTRAP_ADMINS.iter().map(|_| auth::password::generate()).collect();
    let hashes: Vec<String> = std::thread::scope(|s| {
        let handles: Vec<_> = passwords.iter().map(|p| s.spawn(move || auth::password::hash(p))).collect();
        handles.into_iter().map(|h| h.join().expect("hashing thread")).collect()
    });
    conn.write_tx(|conn| -> anyhow::Result<Vec<(String, String)>> {
        let mut created = Vec::new();
        for i in missing(conn)? {
            let (name, role, display_name, unit) = BOOTSTRAP_ADMINS[i];
            let unit = match store::units::find_by_code(conn, unit)? {
                Some(u) => u,
                None => store::units::find_by_code(conn, "yingshang")?
                    .context("the organisation is not seeded (run `lvyue seed` first)")?,
            };
            // A name taken by an account that does not hold the role gets a suffix.
            let mut username = name.to_owned();
            for n in 2.. {
                if store::users::find_by_username(conn, &username)?.is_none() {
                    break;
                }
                username = format!("{name}{n}");
            }
            let grants = [Grant { role, group: None }];
            service::accounts::create_user(
                conn,
                &Actor::system("lvyue bootstrap"),
                &RequestMeta::internal(),
                NewAccount {
                    username: &username,
                    display_name,
                    unit_id: &unit.id,
                    grants: &grants,
                    password_hash: hashes[i].clone(),
                    must_change_password: true,
                },
                clock.now(),
            )?;
            created.push((username, passwords[i].clone()));
        }
        Ok(created)
    })
}
