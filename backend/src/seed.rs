//! `lvyue seed`: the organisation of 一办五组 and the dictionaries from the data file in
//! `backend/seed/`, and with `--demo` the demo campaign, accounts and problems. Seeding inserts
//! what is missing and never overwrites what an administrator changed, so running it twice
//! changes nothing. `serve` and `migrate` seed the organisation themselves on an empty database
//! (`ops::bootstrap`); campaigns are never part of that: a district creates its own.

use std::collections::HashMap;

use anyhow::{Context, anyhow};
use chrono::{Duration, NaiveDate};
use serde::Deserialize;

use crate::{
    api::extract::RequestMeta,
    audit::{self, Actor, Entry},
    auth,
    db::{DbConnection, Id},
    domain::roles::{Grant, Role, check_role_set},
    domain::{lifecycle::State, uscc, warning},
    store::{
        self,
        campaigns::{Campaign, Milestone, Phase},
        dictionaries::DictItem,
        groups::Group,
        issues::{Issue, Progress, Transition},
        units::Unit,
        users::User,
    },
};

const ORGANISATION: &str = include_str!("../seed/organisation.json");
const DEMO: &str = include_str!("../seed/demo.json");
const DEMO_ISSUES: &str = include_str!("../seed/demo_issues.json");
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

/// Whether the database holds no organisation yet (no unit): `serve` then seeds it.
pub fn is_empty(conn: &mut DbConnection) -> anyhow::Result<bool> {
    use diesel::prelude::*;
    let units: i64 = crate::db::schema::units::table.count().get_result(conn)?;
    Ok(units == 0)
}

/// The demo campaign (the 2024 campaign of the 实施方案 with its phases and milestones), when
/// missing (one transaction).
pub fn demo_campaigns(conn: &mut DbConnection) -> anyhow::Result<SeedReport> {
    let data: DemoCampaigns = serde_json::from_str(DEMO_CAMPAIGNS).context("backend/seed/demo_campaigns.json")?;
    conn.write_tx(|conn| -> anyhow::Result<SeedReport> {
        let actor = actor();
        let meta = RequestMeta::default();
        let mut report = SeedReport::default();
        let now = store::now();
        for c in &data.campaigns {
            if store::campaigns::find_by_code(conn, &c.code)?.is_some() {
                continue;
            }
            let campaign = Campaign {
                id: Id::new(),
                code: c.code.clone(),
                name: c.name.clone(),
                year: c.year,
                starts_on: c.starts_on,
                ends_on: c.ends_on,
                active: true,
                created_at: now,
                updated_at: now,
            };
            let mut phases = Vec::new();
            let mut milestones = Vec::new();
            for (i, p) in c.phases.iter().enumerate() {
                let phase = Phase {
                    id: Id::new(),
                    campaign_id: campaign.id.clone(),
                    name: p.name.clone(),
                    starts_on: p.starts_on,
                    ends_on: p.ends_on,
                    sort_order: i as i32 + 1,
                };
                for (j, m) in p.milestones.iter().enumerate() {
                    milestones.push(Milestone {
                        id: Id::new(),
                        campaign_id: campaign.id.clone(),
                        phase_id: Some(phase.id.clone()),
                        title: m.title.clone(),
                        due_on: m.due_on,
                        sort_order: j as i32 + 1,
                    });
                }
                phases.push(phase);
            }
            store::campaigns::insert(conn, &campaign, &phases, &milestones)?;
            store::counters::ensure(conn, &format!("issue_number:{}", campaign.year))?;
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

/// `lvyue seed --demo`: the demo campaign and accounts that are missing, and the demo problems
/// when the ledger is empty.
pub fn demo(conn: &mut DbConnection) -> anyhow::Result<SeedReport> {
    let campaigns = demo_campaigns(conn)?.campaigns;
    let mut report = demo_accounts(conn)?;
    report.campaigns = campaigns;
    report.issues = demo_problems(conn)?;
    Ok(report)
}

/// The demo problems, when the ledger is empty (one transaction); answers how many.
pub fn demo_problems(conn: &mut DbConnection) -> anyhow::Result<usize> {
    conn.write_tx(|conn| {
        let all = store::issues::Visibility::Scope(crate::domain::permissions::IssueScope::All);
        if store::issues::count(conn, &all, &store::issues::ListFilter::default())? > 0 {
            return Ok(0);
        }
        demo_issues(conn, &Actor::system("lvyue seed --demo"), &RequestMeta::default())
    })
}

/// Adds the demo accounts of DESIGN.md §9 that are missing.
pub fn demo_accounts(conn: &mut DbConnection) -> anyhow::Result<SeedReport> {
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

#[derive(Deserialize)]
struct DemoIssues {
    enterprises: Vec<String>,
    templates: Vec<DemoTemplate>,
}

#[derive(Deserialize)]
struct DemoTemplate {
    category: String,
    problem_type: String,
    unit: String,
    arrear_object: Option<String>,
    title: String,
    description: String,
    amount_yuan: i64,
}

/// Where a demo problem ends up: its state, and its deadline relative to today.
#[derive(Clone, Copy)]
enum DemoEnd {
    SelfCheck,
    Assigned(i64),
    Rectifying(i64),
    Verifying(i64),
    /// Closed with its deadline this many days from the closure (negative: late).
    Closed(i64),
    Dismissed(&'static str),
}

/// A demo actor: the demo account of a unit when there is one.
struct DemoActor {
    kind: &'static str,
    id: String,
    name: String,
    unit_id: Option<String>,
}

fn demo_actor(conn: &mut DbConnection, username: &str, unit: &Id) -> anyhow::Result<DemoActor> {
    Ok(match store::users::find_by_username(conn, username)? {
        Some(u) => {
            DemoActor { kind: "user", id: u.id.to_string(), name: u.username, unit_id: Some(u.unit_id.to_string()) }
        }
        None => {
            DemoActor {
                kind: "system", id: "demo".into(), name: "演示数据".into(), unit_id: Some(unit.to_string())
            }
        }
    })
}

/// About 60 problems across every group, source, state and warning, each with a history that
/// the lifecycle allows. Deadlines are relative to today, so that warnings show.
fn demo_issues(conn: &mut DbConnection, actor: &Actor, meta: &RequestMeta) -> anyhow::Result<usize> {
    let data: DemoIssues = serde_json::from_str(DEMO_ISSUES).context("backend/seed/demo_issues.json")?;
    let campaign = store::campaigns::current(conn)?.context("no campaign")?;
    let office_unit = store::units::find_by_code(conn, "yingshang")?.context("no office unit")?;
    let office = demo_actor(conn, "office", &office_unit.id)?;
    let finance = store::units::find_by_code(conn, "finance")?.context("no finance unit")?;
    let sources = [
        "self_inspection",
        "complaint",
        "leadership",
        "letters_visits",
        "online",
        "platform_transfer",
        "self_inspection",
        "other",
    ];
    let ends = [
        DemoEnd::Closed(3),
        DemoEnd::Rectifying(-6),
        DemoEnd::Rectifying(2),
        DemoEnd::Rectifying(25),
        DemoEnd::Verifying(-2),
        DemoEnd::Assigned(30),
        DemoEnd::Assigned(-3),
        DemoEnd::SelfCheck,
        DemoEnd::Rectifying(40),
        DemoEnd::Closed(-5),
        DemoEnd::SelfCheck,
        DemoEnd::Verifying(10),
        DemoEnd::Rectifying(1),
        DemoEnd::Closed(10),
        DemoEnd::Dismissed("duplicate"),
        DemoEnd::Rectifying(-15),
    ];
    let today = warning::today_shanghai();
    let now = store::now();
    let mut count = 0;
    for i in 0..data.templates.len() * 2 {
        let t = &data.templates[i / 2];
        let unit = store::units::find_by_code(conn, &t.unit)?.with_context(|| format!("no unit {}", t.unit))?;
        let group = store::groups::find_by_category(conn, &t.category)?.context("no group")?;
        let source = sources[(i * 3 + i / 7) % sources.len()];
        let end = if i == 41 { DemoEnd::Dismissed("unfounded") } else { ends[i % ends.len()] };
        let unit_user = demo_actor(conn, &format!("unit_{}", t.unit), &unit.id)?;
        let reporter = if source == "self_inspection" { &unit_user } else { &office };
        let reporting_unit = if source == "self_inspection" { unit.id.clone() } else { office_unit.id.clone() };
        let enterprise = &data.enterprises[(i * 7 + i / 30) % data.enterprises.len()];
        let involved = t.amount_yuan * 100 + if t.amount_yuan > 0 { (i as i64 % 7) * 1_234_500 } else { 0 };
        let created = now - Duration::days(95 - i as i64) - Duration::minutes((i as i64 * 37) % 600);
        let seq = store::counters::next(conn, &format!("issue_number:{}", campaign.year))?;
        let mut issue = Issue {
            id: Id::new(),
            number: format!("LY{}-{seq:05}", campaign.year),
            campaign_id: campaign.id.clone(),
            title: t.title.clone(),
            description: t.description.clone(),
            category: t.category.clone(),
            problem_type: t.problem_type.clone(),
            arrear_object: t.arrear_object.clone(),
            source: source.into(),
            source_ref: (source == "complaint" || source == "platform_transfer").then(|| {
                format!("{}-{}-{:04}", if source == "complaint" { "TS" } else { "PT" }, campaign.year, 100 + i)
            }),
            enterprise_name: enterprise.clone(),
            enterprise_uscc: Some(uscc::complete(&format!("91421303{:09}", 104_729 + i * 7919))),
            enterprise_contact: Some(["张经理", "李会计", "王总", "刘主任", "陈女士"][i % 5].into()),
            enterprise_phone: Some(format!("1387{:07}", 2_000_000 + i * 37_311 % 7_000_000)),
            amount_involved_fen: involved,
            amount_resolved_fen: 0,
            group_id: group.id.clone(),
            responsible_unit_id: None,
            reporting_unit_id: reporting_unit,
            deadline: None,
            measures: None,
            responsible_leader: None,
            responsible_person: None,
            state: State::SelfCheck.code().into(),
            closure_kind: None,
            version: 1,
            created_by_kind: reporter.kind.into(),
            created_by_id: reporter.id.clone(),
            created_at: created,
            updated_at: created,
            closed_at: None,
        };
        // (action, from, to, actor, comment, payload, days after registration)
        type Step<'a> = (&'a str, State, State, &'a DemoActor, Option<String>, Option<serde_json::Value>, i64);
        let mut steps: Vec<Step> = vec![("register", State::SelfCheck, State::SelfCheck, reporter, None, None, 0)];
        let mut progress: Vec<(String, Option<i64>, i64)> = Vec::new();
        let deadline_days = match end {
            DemoEnd::Assigned(d) | DemoEnd::Rectifying(d) | DemoEnd::Verifying(d) => Some(d),
            DemoEnd::Closed(_) => Some(-20),
            _ => None,
        };
        if let Some(d) = deadline_days {
            let cooperating: Vec<Id> = if t.category.ends_with("arrears") && unit.id != finance.id {
                vec![finance.id.clone()]
            } else {
                vec![]
            };
            issue.responsible_unit_id = Some(unit.id.clone());
            issue.deadline = Some(today + Duration::days(d));
            store::issues::insert(conn, &issue)?;
            store::issues::set_cooperating(conn, &issue.id, &cooperating)?;
            steps.push((
                "assign",
                State::SelfCheck,
                State::Assigned,
                &office,
                Some(format!("请{}按期整改并报送整改情况", unit.name)),
                Some(serde_json::json!({ "responsible_unit_id": unit.id, "deadline": issue.deadline, "group_id": group.id, "cooperating_unit_ids": cooperating })),
                1,
            ));
        } else {
            store::issues::insert(conn, &issue)?;
        }
        let accepted = matches!(end, DemoEnd::Rectifying(_) | DemoEnd::Verifying(_) | DemoEnd::Closed(_));
        if accepted {
            issue.measures = Some(format!("成立专班, 与{enterprise}逐项核对, 制定分期解决方案并明确责任人和时限。"));
            issue.responsible_leader = Some(["王副局长", "李副镇长", "张主任", "周副总经理"][i % 4].into());
            issue.responsible_person = Some(["赵科长", "钱干事", "孙股长", "吴经理"][i % 4].into());
            steps.push((
                "accept",
                State::Assigned,
                State::Rectifying,
                &unit_user,
                None,
                Some(serde_json::json!({ "measures": issue.measures })),
                2,
            ));
            issue.amount_resolved_fen = involved / 4 * (i as i64 % 3);
            progress.push((
                format!("已与企业对账确认, 第一阶段整改完成 {}%", 25 * (i % 3 + 1)),
                Some(issue.amount_resolved_fen),
                5,
            ));
        }
        if matches!(end, DemoEnd::Verifying(_) | DemoEnd::Closed(_)) {
            if i % 4 == 0 {
                steps.push((
                    "submit",
                    State::Rectifying,
                    State::Verifying,
                    &unit_user,
                    Some("已完成整改, 请核查".into()),
                    None,
                    8,
                ));
                steps.push((
                    "reject",
                    State::Verifying,
                    State::Rectifying,
                    &office,
                    Some("实地核查发现尚有尾款未付, 请继续整改".into()),
                    None,
                    9,
                ));
            }
            issue.amount_resolved_fen = involved;
            steps.push((
                "submit",
                State::Rectifying,
                State::Verifying,
                &unit_user,
                Some("款项已全部支付, 企业已确认".into()),
                Some(serde_json::json!({ "amount_resolved_fen": involved })),
                10,
            ));
        }
        match end {
            DemoEnd::SelfCheck => {}
            DemoEnd::Assigned(_) => issue.state = State::Assigned.code().into(),
            DemoEnd::Rectifying(_) => issue.state = State::Rectifying.code().into(),
            DemoEnd::Verifying(_) => issue.state = State::Verifying.code().into(),
            DemoEnd::Closed(margin) => {
                steps.push((
                    "approve",
                    State::Verifying,
                    State::Closed,
                    &office,
                    Some("经实地核查, 整改到位, 予以销号".into()),
                    None,
                    12,
                ));
                issue.state = State::Closed.code().into();
                issue.closure_kind = Some("rectified".into());
                let closed = created + Duration::days(12);
                issue.closed_at = Some(closed);
                issue.deadline = Some(closed.date() + Duration::days(margin));
            }
            DemoEnd::Dismissed(kind) => {
                steps.push((
                    "dismiss",
                    State::SelfCheck,
                    State::Closed,
                    &office,
                    Some("经核实不予立项".into()),
                    Some(serde_json::json!({ "closure_kind": kind })),
                    3,
                ));
                issue.state = State::Closed.code().into();
                issue.closure_kind = Some(kind.into());
                issue.closed_at = Some(created + Duration::days(3));
            }
        }
        let last_step = steps.last().map(|s| s.6).unwrap_or(0);
        issue.updated_at = created + Duration::days(last_step);
        store::issues::save(conn, &issue, 1)?;
        for (action, from, to, who, comment, payload, day) in &steps {
            store::issues::insert_transition(
                conn,
                &Transition {
                    id: Id::new(),
                    issue_id: issue.id.clone(),
                    action: (*action).into(),
                    from_state: if *action == "register" { String::new() } else { from.code().into() },
                    to_state: to.code().into(),
                    actor_kind: who.kind.into(),
                    actor_id: who.id.clone(),
                    actor_name: who.name.clone(),
                    actor_unit_id: who.unit_id.clone(),
                    comment: comment.clone(),
                    payload_json: payload.as_ref().map(|p| p.to_string()),
                    created_at: created + Duration::days(*day) + Duration::minutes(*day * 13),
                },
            )?;
        }
        for (note, amount, day) in progress {
            store::issues::insert_progress(
                conn,
                &Progress {
                    id: Id::new(),
                    issue_id: issue.id.clone(),
                    unit_id: unit.id.clone(),
                    author_id: unit_user.id.clone(),
                    author_name: unit_user.name.clone(),
                    note,
                    amount_resolved_fen: amount,
                    created_at: created + Duration::days(day),
                },
            )?;
        }
        audit::append(conn, Entry::new(actor, meta, "issue.create", "issue").entity(&issue.id).after(&issue))?;
        count += 1;
    }
    Ok(count)
}

/// The usernames of the demo accounts and their password, for `make run` to print.
pub fn demo_account_list() -> (Vec<(String, String)>, String) {
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
