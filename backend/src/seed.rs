//! `lvyue seed`: the organisation of 一办五组 and the dictionaries from the data file in
//! `backend/seed/`, and with `--demo` the demo campaign, accounts and problems. Seeding inserts
//! what is missing and never overwrites what an administrator changed, so running it twice
//! changes nothing. `serve` and `migrate` seed the organisation themselves on an empty database
//! (`ops::bootstrap`); campaigns are never part of that: a district creates its own.

use std::collections::HashMap;

use anyhow::{Context as _, anyhow};
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};
use serde::Deserialize;

use crate::{
    audit::{self, Actor, Entry, RequestMeta},
    auth::{self, Principal},
    clock::Clock,
    db::{CampaignId, DbConnection, GroupId, IssueId, MilestoneId, PhaseId, SessionId, UnitId, UserId},
    domain::{
        attachments::{self, AttachmentKind, FileType, Satisfaction, VerificationMethod},
        lifecycle::ClosureKind,
        org::UnitKind,
        repayment::{DebtorNature, PaymentMethod},
        roles::{Grant, Role, check_role_set},
        uscc,
    },
    service::{
        self, Context,
        accounts::NewAccount,
        attachments::{AddAttachments, StoredFile},
        issues::{
            self, CreateIssue, IfMatch, ProgressRequest, TransitionRequest, VerificationInput, plans::InstalmentInput,
        },
    },
    storage::BlobStore,
    store::{
        self,
        campaigns::{Campaign, Milestone, Phase},
        dictionaries::DictItem,
        groups::Group,
        units::Unit,
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
            let campaign = Campaign {
                id: CampaignId::new(),
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
    Dismissed(ClosureKind),
}

/// A demo account as a use case's caller, at a moment of the demo's history.
struct DemoCaller {
    principal: Principal,
}

impl DemoCaller {
    fn load(conn: &mut DbConnection, user: &UserId) -> anyhow::Result<Self> {
        let principal = service::auth::principal_of(conn, user, SessionId::new())?.context("demo account inactive")?;
        Ok(Self { principal })
    }

    /// The context of an action by this account at `at` (the demo's moved clock).
    fn at(&self, clock: &Clock, at: NaiveDateTime) -> Context {
        clock.set(at.and_utc());
        Context::new(self.principal.clone(), RequestMeta::internal(), clock.clone(), 3)
    }

    fn by_username(conn: &mut DbConnection, username: &str) -> anyhow::Result<Self> {
        let user =
            store::users::find_by_username(conn, username)?.with_context(|| format!("no demo account {username}"))?;
        Self::load(conn, &user.id)
    }

    /// The demo account of a unit (its `unit` role holder).
    fn of_unit(conn: &mut DbConnection, unit: &UnitId) -> anyhow::Result<Self> {
        let users = store::supervision::recipients(conn, Role::Unit, Some(unit))?;
        Self::load(conn, users.first().with_context(|| format!("no demo account of unit {unit}"))?)
    }
}

/// One demo problem's facts.
struct DemoCase<'a> {
    index: usize,
    template: &'a DemoTemplate,
    enterprise: &'a str,
    source: &'static str,
    end: DemoEnd,
    unit: UnitId,
    cooperating: Vec<UnitId>,
    created: NaiveDateTime,
}

/// About 60 problems across every group, source, state and warning. Each is produced by the
/// use cases a real history would go through (registration, 交办, 签收, progress, 提交核查,
/// 核查, 销号 or 不予立项), performed by the demo accounts on a clock moved back to when each step
/// happened, so that timelines, notifications and the audit trail are what the lifecycle writes.
/// Deadlines are relative to today, so that warnings show.
fn demo_issues(conn: &mut DbConnection, today_clock: &Clock, storage: &dyn BlobStore) -> anyhow::Result<usize> {
    let data: DemoIssues = serde_json::from_str(DEMO_ISSUES).context("backend/seed/demo_issues.json")?;
    let office = DemoCaller::by_username(conn, "office")?;
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
        DemoEnd::Dismissed(ClosureKind::Duplicate),
        DemoEnd::Rectifying(-15),
    ];
    let now = today_clock.now();
    let clock = Clock::manual(today_clock.now_utc());
    let mut count = 0;
    for i in 0..data.templates.len() * 2 {
        let template = &data.templates[i / 2];
        let unit =
            store::units::find_by_code(conn, &template.unit)?.with_context(|| format!("no unit {}", template.unit))?;
        let case = DemoCase {
            index: i,
            template,
            enterprise: &data.enterprises[(i * 7 + i / 30) % data.enterprises.len()],
            source: sources[(i * 3 + i / 7) % sources.len()],
            end: if i == 41 { DemoEnd::Dismissed(ClosureKind::Unfounded) } else { ends[i % ends.len()] },
            cooperating: if template.category.ends_with("arrears") && unit.id != finance.id {
                vec![finance.id.clone()]
            } else {
                vec![]
            },
            unit: unit.id,
            created: now - Duration::days(95 - i64::try_from(i)?) - Duration::minutes((i64::try_from(i)? * 37) % 600),
        };
        demo_case(conn, &clock, today_clock.today(), &office, &case, storage)?;
        count += 1;
    }
    Ok(count)
}

/// Performs one demo problem's history.
fn demo_case(
    conn: &mut DbConnection,
    clock: &Clock,
    today: NaiveDate,
    office: &DemoCaller,
    case: &DemoCase<'_>,
    storage: &dyn BlobStore,
) -> anyhow::Result<()> {
    let unit_user = DemoCaller::of_unit(conn, &case.unit)?;
    let reporter = if case.source == "self_inspection" { &unit_user } else { office };
    let issue = issues::register(conn, &reporter.at(clock, case.day(0)), case.registration())?;
    let history = DemoHistory { clock, case, id: issue.id, office, unit: &unit_user, storage };
    let deadline = match case.end {
        DemoEnd::Assigned(d) | DemoEnd::Rectifying(d) | DemoEnd::Verifying(d) => today + Duration::days(d),
        DemoEnd::Closed(margin) => case.day(12).date() + Duration::days(margin),
        DemoEnd::Dismissed(kind) => {
            return history.office(conn, 3, TransitionRequest::dismiss(kind, "经核实不予立项"));
        }
        DemoEnd::SelfCheck => return Ok(()),
    };
    let unit_name = store::units::find(conn, &case.unit)?.map(|u| u.name).unwrap_or_default();
    let comment = Some(format!("请{unit_name}按期整改并报送整改情况"));
    history.office(
        conn,
        1,
        TransitionRequest::assign(case.unit.clone(), deadline, case.cooperating.clone(), comment),
    )?;
    if matches!(case.end, DemoEnd::Assigned(_)) {
        return Ok(());
    }
    history.rectify(conn)?;
    if matches!(case.end, DemoEnd::Rectifying(_)) {
        return Ok(());
    }
    let verification = |day: i64, findings: &str| {
        let v = VerificationInput::new(VerificationMethod::OnSite, case.day(day).date(), &["刘敏", "陈刚"], findings);
        if attachments::raised_by_enterprise(case.source) {
            let satisfied = day > 9;
            v.enterprise(satisfied, if satisfied { Satisfaction::Satisfied } else { Satisfaction::Dissatisfied })
        } else {
            v
        }
    };
    if case.index.is_multiple_of(4) {
        history.evidence(conn, 7, AttachmentKind::WrittenFeedback, "整改情况书面反馈")?;
        history.unit(conn, 8, TransitionRequest::submit("已完成整改, 请核查"))?;
        history.office(
            conn,
            9,
            TransitionRequest::reject_verified(
                "实地核查发现尚有尾款未付, 请继续整改",
                verification(9, "尚有尾款未付, 企业不认可整改结果"),
            ),
        )?;
    }
    let first = case.first_payment_fen();
    history.pay(conn, 10, case.involved_fen() - first, PaymentMethod::Cash, "支付剩余款项")?;
    history.evidence(conn, 10, AttachmentKind::PaymentVoucher, "银行付款回单")?;
    history.unit(conn, 10, TransitionRequest::submit("款项已全部支付, 企业已确认"))?;
    if matches!(case.end, DemoEnd::Closed(_)) {
        history.office(
            conn,
            12,
            TransitionRequest::approve("经实地核查, 整改到位, 予以销号", verification(12, "款项已全部支付, 凭证齐全")),
        )?;
    }
    Ok(())
}

impl DemoCase<'_> {
    fn i64_index(&self) -> i64 {
        i64::try_from(self.index).unwrap_or(i64::MAX)
    }

    /// When the history's step of day `d` happened.
    fn day(&self, d: i64) -> NaiveDateTime {
        self.created + Duration::days(d) + Duration::minutes(d * 13)
    }

    /// What the first payment of a rectifying demo problem brings.
    fn first_payment_fen(&self) -> i64 {
        self.involved_fen() / 4 * (self.i64_index() % 3)
    }

    fn involved_fen(&self) -> i64 {
        let t = self.template;
        t.amount_yuan * 100 + if t.amount_yuan > 0 { (self.i64_index() % 7) * 1_234_500 } else { 0 }
    }

    fn registration(&self) -> CreateIssue {
        let (i, t, source) = (self.index, self.template, self.source);
        let channel_ref = match source {
            "complaint" => Some("TS"),
            "platform_transfer" => Some("PT"),
            _ => None,
        };
        CreateIssue {
            title: t.title.clone(),
            description: t.description.clone(),
            category: t.category.clone(),
            problem_type: t.problem_type.clone(),
            arrear_object: t.arrear_object.clone(),
            source: source.into(),
            source_ref: channel_ref.map(|p| format!("{p}-{}-{:04}", self.created.year(), 100 + i)),
            enterprise_name: self.enterprise.to_owned(),
            enterprise_uscc: Some(uscc::complete(&format!("91421303{:09}", 104_729 + i * 7919))),
            enterprise_contact: Some(["张经理", "李会计", "王总", "刘主任", "陈女士"][i % 5].into()),
            enterprise_phone: Some(format!("1387{:07}", 2_000_000 + i * 37_311 % 7_000_000)),
            amount_involved_fen: Some(self.involved_fen()),
            campaign_id: None,
            group_id: None,
            found_by_unit_id: None,
        }
    }
}

/// The steps of one demo problem after its registration, each on the clock of its day.
struct DemoHistory<'a> {
    clock: &'a Clock,
    case: &'a DemoCase<'a>,
    id: IssueId,
    office: &'a DemoCaller,
    unit: &'a DemoCaller,
    storage: &'a dyn BlobStore,
}

impl DemoHistory<'_> {
    /// The unit uploads a generated PDF as evidence.
    fn evidence(&self, conn: &mut DbConnection, day: i64, kind: AttachmentKind, what: &str) -> anyhow::Result<()> {
        let pdf = demo_pdf(&format!("{what} {}", self.case.template.title));
        let (object_key, sha256) = crate::storage::put_bytes(self.storage, &pdf)?;
        let file = StoredFile {
            file_name: format!("{what}.pdf"),
            file_type: FileType::Pdf,
            size_bytes: i64::try_from(pdf.len())?,
            sha256,
            object_key,
        };
        let cmd = AddAttachments { kind, transition_id: None, files: vec![file] };
        service::attachments::add(conn, &self.unit.at(self.clock, self.case.day(day)), &self.id, cmd)?;
        Ok(())
    }

    fn office(&self, conn: &mut DbConnection, day: i64, t: TransitionRequest) -> anyhow::Result<()> {
        issues::transition(conn, &self.office.at(self.clock, self.case.day(day)), &self.id, t, IfMatch::Absent)?;
        Ok(())
    }

    fn unit(&self, conn: &mut DbConnection, day: i64, t: TransitionRequest) -> anyhow::Result<()> {
        issues::transition(conn, &self.unit.at(self.clock, self.case.day(day)), &self.id, t, IfMatch::Absent)?;
        Ok(())
    }

    /// Accepted with measures, then a first progress report with part of the money resolved.
    fn rectify(&self, conn: &mut DbConnection) -> anyhow::Result<()> {
        let i = self.case.index;
        let measures = format!("成立专班, 与{}逐项核对, 制定分期解决方案并明确责任人和时限。", self.case.enterprise);
        let leader = ["王副局长", "李副镇长", "张主任", "周副总经理"][i % 4];
        let person = ["赵科长", "钱干事", "孙股长", "吴经理"][i % 4];
        self.unit(conn, 2, TransitionRequest::accept(measures, Some(leader.into()), Some(person.into())))?;
        let progress = ProgressRequest {
            note: format!("已与企业对账确认, 第一阶段整改完成 {}%", 25 * (i % 3 + 1))
        };
        issues::add_progress(conn, &self.unit.at(self.clock, self.case.day(5)), &self.id, progress)?;
        let arrears = self.case.template.category.ends_with("arrears");
        let planned = arrears && matches!(self.case.end, DemoEnd::Rectifying(_)) && i % 3 == 1;
        if planned {
            self.plan(conn)?;
        }
        let method = if i.is_multiple_of(2) { PaymentMethod::Instalment } else { PaymentMethod::Cash };
        self.pay(conn, 5, self.case.first_payment_fen(), method, "第一笔款项")?;
        if planned {
            self.mistake_and_correction(conn)?;
        }
        Ok(())
    }

    /// The facts of the arrear and a plan of three instalments (day 3): the first paid late on
    /// day 5, the second long past due and unpaid (a missed instalment), the third ahead.
    fn plan(&self, conn: &mut DbConnection) -> anyhow::Result<()> {
        let involved = self.case.involved_fen();
        let first = self.case.first_payment_fen();
        let second = (involved - first) / 2;
        if first <= 0 || second <= 0 {
            return Ok(());
        }
        let cx = self.unit.at(self.clock, self.case.day(3));
        let facts = issues::SetFacts {
            amount_due_fen: Some(involved),
            debtor_name: Some(["曾都区实验小学", "区城投公司第二项目部", "区人民医院"][self.case.index % 3].into()),
            debtor_nature: Some(
                [DebtorNature::Institution, DebtorNature::Soe, DebtorNature::Institution][self.case.index % 3],
            ),
            agreed_payment_on: Some(self.case.day(0).date() - Duration::days(200 + 40 * self.case.i64_index() % 600)),
            disputed: Some(false),
            dispute_note: None,
        };
        issues::put_facts(conn, &cx, &self.id, facts, IfMatch::Any)?;
        let instalments = vec![
            InstalmentInput { due_on: self.case.day(4).date(), amount_fen: first },
            InstalmentInput { due_on: self.case.day(20).date(), amount_fen: second },
            InstalmentInput {
                due_on: self.clock.today() + Duration::days(60 + self.case.i64_index()),
                amount_fen: involved - first - second,
            },
        ];
        let plan = issues::SetRepaymentPlan { instalments, note: Some("与企业签订分期还款协议".into()) };
        issues::set_plan(conn, &cx, &self.id, plan)?;
        Ok(())
    }

    /// A payment typed in twice (day 6), reversed by a correction (day 7).
    fn mistake_and_correction(&self, conn: &mut DbConnection) -> anyhow::Result<()> {
        let at = self.case.day(6);
        let twice = issues::RecordPayment {
            paid_on: (self.case.day(5) + Duration::hours(8)).date(),
            amount_fen: 1_000_000,
            method: Some(PaymentMethod::Cash),
            voucher_no: Some(format!("凭证-{}-{:03}", at.year(), self.case.index * 3 + 5)),
            note: Some("第一笔款项".into()),
            corrects: None,
            confirm_overpayment: Some(true),
        };
        let (_, wrong) = issues::record_payment(conn, &self.unit.at(self.clock, at), &self.id, twice)?;
        let correction = issues::RecordPayment {
            paid_on: (self.case.day(7) + Duration::hours(8)).date(),
            amount_fen: -1_000_000,
            method: None,
            voucher_no: None,
            note: Some("同一笔款项重复录入, 予以冲正".into()),
            corrects: Some(wrong.id),
            confirm_overpayment: None,
        };
        issues::record_payment(conn, &self.unit.at(self.clock, self.case.day(7)), &self.id, correction)?;
        Ok(())
    }

    /// A payment by the responsible unit on day `day` (nothing when the amount is zero).
    fn pay(
        &self,
        conn: &mut DbConnection,
        day: i64,
        amount: i64,
        method: PaymentMethod,
        note: &str,
    ) -> anyhow::Result<()> {
        if amount <= 0 {
            return Ok(());
        }
        let at = self.case.day(day);
        let cmd = issues::RecordPayment {
            paid_on: (at + Duration::hours(8)).date(),
            amount_fen: amount,
            method: Some(method),
            voucher_no: Some(format!(
                "凭证-{}-{:03}",
                at.year(),
                self.case.index * 3 + usize::try_from(day).unwrap_or(0)
            )),
            note: Some(note.to_owned()),
            corrects: None,
            confirm_overpayment: None,
        };
        issues::record_payment(conn, &self.unit.at(self.clock, at), &self.id, cmd)?;
        Ok(())
    }
}

/// A one-page PDF whose content names what it stands for (its text is not rendered: ASCII only
/// in the page stream, the name in the document's metadata).
fn demo_pdf(what: &str) -> Vec<u8> {
    let title: String = what.encode_utf16().map(|u| format!("{u:04X}")).collect();
    format!(
        "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n\
         2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n\
         3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n\
         4 0 obj << /Title <FEFF{title}> /Producer (Lvyue demo) >> endobj\n\
         trailer << /Root 1 0 R /Info 4 0 R >>\n%%EOF\n"
    )
    .into_bytes()
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
