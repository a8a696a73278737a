//! 登记: a problem enters the ledger in 自查. One registration through the API and every row of
//! an import pass the same checks ([`check`]) and the same writes ([`insert_new`]).

use chrono::Datelike;

use crate::{
    audit::{self, Entry},
    db::{CampaignId, DbConnection, GroupId, IssueId, UnitId},
    domain::{
        campaign,
        lifecycle::{State, Step},
        org,
        permissions::Permission,
        roles::Role,
    },
    error::ApiError,
    service::{
        Context, events,
        events::EventKind,
        issues::{CreateIssue, facts, step},
        validate::{Dicts, Validator},
    },
    store::{
        self,
        campaigns::Campaign,
        facts::Facts,
        groups::Group,
        issues::{Issue, Transition},
    },
};

/// What registrations are checked against, loaded once (an import checks many rows).
pub struct Lookups {
    pub dicts: Dicts,
    pub groups: Vec<Group>,
    /// The campaign new problems join by default.
    pub current_campaign: Option<Campaign>,
}

impl Lookups {
    pub fn load(conn: &mut DbConnection) -> Result<Self, ApiError> {
        Ok(Self {
            dicts: Dicts::load(conn)?,
            groups: store::groups::list(conn)?,
            current_campaign: store::campaigns::current(conn)?,
        })
    }

    fn group_of(&self, category: &str) -> Option<&Group> {
        self.groups.iter().find(|g| g.category.as_deref() == Some(category))
    }
}

/// A registration that passed every check, ready to be numbered and written.
#[derive(Debug, Clone)]
pub struct NewIssue {
    /// Decided when checked, so that the facts can name it.
    pub id: IssueId,
    pub title: String,
    pub description: String,
    pub category: String,
    pub problem_type: String,
    pub arrear_object: Option<String>,
    pub source: String,
    pub source_ref: Option<String>,
    pub enterprise_name: String,
    pub enterprise_uscc: Option<String>,
    pub enterprise_contact: Option<String>,
    pub enterprise_phone: Option<String>,
    pub amount_involved_fen: i64,
    pub campaign_id: CampaignId,
    /// The counter and prefix of the campaign's numbers (`domain::campaign::number_series`).
    pub series: (String, String),
    pub group_id: GroupId,
    pub reporting_unit_id: UnitId,
    /// The unit that found it itself (自查), if one did.
    pub found_by_unit_id: Option<UnitId>,
    /// 问题事实 given with the registration.
    pub facts: Option<Facts>,
}

/// Checks a registration by the context's principal; field errors go to `v`. The office and
/// integrations register clues of any source; a unit only its own findings.
pub fn check(
    conn: &mut DbConnection,
    cx: &Context,
    lookups: &Lookups,
    cmd: &CreateIssue,
    reporting_unit_id: UnitId,
    v: &mut Validator,
) -> Result<Option<NewIssue>, ApiError> {
    let office = cx.principal.has_role(Role::Office);
    let any_source = office || cx.principal.is_integration();
    let title = v.text("title", &cmd.title, 200);
    let description = v.text("description", &cmd.description, 5000);
    let enterprise_name = v.text("enterprise_name", &cmd.enterprise_name, 200);
    let enterprise_uscc = v.uscc("enterprise_uscc", cmd.enterprise_uscc.as_deref());
    let enterprise_contact = v.optional_text("enterprise_contact", cmd.enterprise_contact.as_deref(), 50);
    let enterprise_phone = v.phone("enterprise_phone", cmd.enterprise_phone.as_deref());
    let amount = cmd.amount_involved_fen.unwrap_or(0);
    v.amount("amount_involved_fen", amount);
    let source = cmd.source.trim().to_owned();
    if source.is_empty() {
        v.add("source", "请选择线索来源");
    } else if !any_source && source != "self_inspection" {
        v.add("source", "责任单位只能登记自查发现的问题 (self_inspection)");
    }
    let source_ref = v.optional_text("source_ref", cmd.source_ref.as_deref(), 100);
    lookups.dicts.check_classification(v, &cmd.category, &cmd.problem_type, cmd.arrear_object.as_deref());
    if !source.is_empty() && lookups.dicts.find("source", &source).is_none() {
        v.add("source", "线索来源不存在");
    }
    let campaign = match &cmd.campaign_id {
        Some(id) => store::campaigns::find(conn, id)?.filter(|c| campaign::receives(c.standing, c.state)),
        None => lookups.current_campaign.clone(),
    };
    if campaign.is_none() {
        v.add(
            "campaign_id",
            if cmd.campaign_id.is_some() {
                "专项行动不存在或已结束"
            } else {
                "当前没有进行中的专项行动"
            },
        );
    }
    let group = resolve_group(lookups, cmd, office, v);
    if group.is_none() && cmd.group_id.is_none() && v.is_ok() {
        v.add("category", "该问题类别没有对应的工作组");
    }
    let leads_group = group.as_ref().is_some_and(|g| cx.principal.lead_groups().contains(&g.id));
    if let Some(g) = &group
        && !cx.principal.is_integration()
        && !org::may_register_in_group(office, cx.principal.has_role(Role::Unit), leads_group)
    {
        v.add("category", format!("该问题类别由「{}」办理, 您只能登记您牵头的工作组的问题", g.name));
    }
    let found_by_unit_id = found_by(conn, cx, cmd, &source, &reporting_unit_id, group.as_ref(), v)?;
    let id = IssueId::new();
    let facts = cmd.facts.as_ref().map(|f| facts::checked(v, "facts.", f, id.clone(), cx.clock.now()));
    let (Some(campaign), Some(group)) = (campaign, group) else { return Ok(None) };
    Ok(v.is_ok().then(|| NewIssue {
        id,
        title,
        description,
        category: cmd.category.clone(),
        problem_type: cmd.problem_type.clone(),
        arrear_object: cmd.arrear_object.clone(),
        source,
        source_ref,
        enterprise_name,
        enterprise_uscc,
        enterprise_contact,
        enterprise_phone,
        amount_involved_fen: amount,
        series: campaign::number_series(&campaign.code, campaign.standing, cx.clock.today().year()),
        campaign_id: campaign.id,
        group_id: group.id,
        reporting_unit_id,
        found_by_unit_id,
        facts,
    }))
}

/// 发现单位: a self-inspection is found by the registering unit, or by the unit named on whose
/// behalf it is registered (the office: any unit; a group's lead: its group's units); a clue from a channel, or pushed by an integration,
/// by no unit.
fn found_by(
    conn: &mut DbConnection,
    cx: &Context,
    cmd: &CreateIssue,
    source: &str,
    reporting_unit_id: &UnitId,
    group: Option<&Group>,
    v: &mut Validator,
) -> Result<Option<UnitId>, ApiError> {
    let self_found = source == "self_inspection";
    let Some(named) = &cmd.found_by_unit_id else {
        return Ok((self_found && !cx.principal.is_integration()).then(|| reporting_unit_id.clone()));
    };
    if !self_found {
        v.add("found_by_unit_id", "只有自查发现的问题 (self_inspection) 才有发现单位");
        return Ok(None);
    }
    let leads = group.is_some_and(|g| cx.principal.lead_groups().contains(&g.id));
    let group_units = match group.filter(|_| leads) {
        Some(g) => {
            let mut units = store::groups::members(conn, &g.id)?;
            units.push(g.lead_unit_id.clone());
            units
        }
        None => Vec::new(),
    };
    if !org::may_record_finder(cx.principal.has_role(Role::Office), leads, &group_units, reporting_unit_id, named) {
        v.add(
            "found_by_unit_id",
            "只有综合办公室可以代其他单位登记其自查发现的问题; 工作组牵头单位可登记本组成员单位发现的问题",
        );
        return Ok(None);
    }
    match store::units::find(conn, named)? {
        Some(u) if u.active => Ok(Some(u.id)),
        Some(_) => {
            v.add("found_by_unit_id", "发现单位已停用");
            Ok(None)
        }
        None => {
            v.add("found_by_unit_id", "发现单位不存在");
            Ok(None)
        }
    }
}

/// The problem's work group: the category's, or (office only) the one asked for, which must be
/// the category's or the 综合办公室.
fn resolve_group(lookups: &Lookups, cmd: &CreateIssue, office: bool, v: &mut Validator) -> Option<Group> {
    let category_group = lookups.group_of(&cmd.category);
    let Some(gid) = &cmd.group_id else { return category_group.cloned() };
    if !office {
        v.add("group_id", "只有综合办公室可以指定工作组");
        return None;
    }
    match lookups.groups.iter().find(|g| &g.id == gid) {
        Some(g) if g.category.is_none() || Some(&g.id) == category_group.map(|c| &c.id) => Some(g.clone()),
        Some(_) => {
            v.add("group_id", "工作组与问题类别不一致 (可选该类别的工作组或综合办公室)");
            None
        }
        None => {
            v.add("group_id", "工作组不存在");
            None
        }
    }
}

/// 409 when the source's reference is registered already (with its id only when the caller
/// may see that problem).
pub fn refuse_known_reference(
    conn: &mut DbConnection,
    cx: &Context,
    source: &str,
    source_ref: &str,
) -> Result<(), ApiError> {
    let Some(existing) = store::issues::find_by_ref(conn, source, source_ref)? else { return Ok(()) };
    let conflict = ApiError::conflict("duplicate_source_ref", format!("来源 {source} 的编号 {source_ref} 已登记"));
    if store::issues::find_visible(conn, &cx.visibility(), &existing.id)?.is_none() {
        return Err(conflict);
    }
    Err(ApiError::conflict(
        "duplicate_source_ref",
        format!("来源 {source} 的编号 {source_ref} 已登记为问题 {}", existing.number),
    )
    .with_extra("existing_id", existing.id.to_string())
    .with_extra("existing_number", existing.number))
}

/// 登记问题: one registration by the context's principal.
pub fn register(conn: &mut DbConnection, cx: &Context, cmd: CreateIssue) -> Result<Issue, ApiError> {
    register_from(conn, cx, cmd).map(|(issue, _)| issue)
}

/// What a registration did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Registration {
    /// A new problem (201).
    Created,
    /// An integration re-pushed a known reference with the same content (200, idempotent).
    Unchanged,
    /// An integration re-pushed a known reference with changed content: a 补充材料 entry (200).
    Supplemented,
}

/// The content a re-push is compared on, as JSON (field → value).
fn content_of_new(n: &NewIssue) -> serde_json::Map<String, serde_json::Value> {
    content(
        &n.title,
        &n.description,
        &n.category,
        &n.problem_type,
        n.arrear_object.as_deref(),
        &n.enterprise_name,
        [n.enterprise_uscc.as_deref(), n.enterprise_contact.as_deref(), n.enterprise_phone.as_deref()],
        n.amount_involved_fen,
    )
}

fn content_of_issue(i: &Issue) -> serde_json::Map<String, serde_json::Value> {
    content(
        &i.title,
        &i.description,
        &i.category,
        &i.problem_type,
        i.arrear_object.as_deref(),
        &i.enterprise_name,
        [i.enterprise_uscc.as_deref(), i.enterprise_contact.as_deref(), i.enterprise_phone.as_deref()],
        i.amount_involved_fen,
    )
}

#[allow(clippy::too_many_arguments)]
fn content(
    title: &str,
    description: &str,
    category: &str,
    problem_type: &str,
    arrear_object: Option<&str>,
    enterprise_name: &str,
    [uscc, contact, phone]: [Option<&str>; 3],
    amount: i64,
) -> serde_json::Map<String, serde_json::Value> {
    let json = serde_json::json!({
        "title": title, "description": description, "category": category, "problem_type": problem_type,
        "arrear_object": arrear_object, "enterprise_name": enterprise_name, "enterprise_uscc": uscc,
        "enterprise_contact": contact, "enterprise_phone": phone, "amount_involved_fen": amount,
    });
    match json {
        serde_json::Value::Object(map) => map,
        _ => serde_json::Map::new(),
    }
}

/// An integration's re-push of a reference its client registered: unchanged → nothing;
/// changed (against the last content pushed, else the registration) → a 补充材料 entry with the
/// changed fields, the responsible unit notified, `issue.supplemented` in the outbox. The
/// problem's own fields stay as they are.
fn supplement(
    conn: &mut DbConnection,
    cx: &Context,
    existing: Issue,
    new: &NewIssue,
) -> Result<(Issue, Registration), ApiError> {
    store::supplements::lock_issue(conn, &existing.id)?;
    let issue = store::issues::find(conn, &existing.id)?.ok_or_else(super::not_found)?;
    let previous = match store::supplements::latest(conn, &issue.id)? {
        Some(s) => serde_json::from_str(&s.content_json).map_err(ApiError::internal)?,
        None => content_of_issue(&issue),
    };
    let pushed = content_of_new(new);
    let mut changes = serde_json::Map::new();
    for (field, to) in &pushed {
        let from = previous.get(field).cloned().unwrap_or(serde_json::Value::Null);
        if &from != to {
            changes.insert(field.clone(), serde_json::json!({"from": from, "to": to}));
        }
    }
    if changes.is_empty() {
        return Ok((issue, Registration::Unchanged));
    }
    let now = cx.clock.now();
    let record = store::supplements::Supplement {
        id: crate::db::Id::new(),
        issue_id: issue.id.clone(),
        content_json: serde_json::Value::Object(pushed).to_string(),
        changes_json: serde_json::Value::Object(changes.clone()).to_string(),
        actor_kind: cx.principal.kind(),
        actor_id: cx.principal.subject_id(),
        actor_name: cx.principal.username.clone(),
        created_at: now,
    };
    store::supplements::insert(conn, &record)?;
    store::supplements::touch_issue(conn, &issue.id, now)?;
    let issue = store::issues::find(conn, &issue.id)?.ok_or_else(super::not_found)?;
    events::record(conn, EventKind::Supplemented, &issue)?;
    let fields: Vec<&str> = changes.keys().map(String::as_str).collect();
    let to = crate::service::supervision::notify::unit_users(conn, issue.responsible_unit_id.as_ref())?;
    crate::service::supervision::notify::send(
        conn,
        now,
        &to,
        &issue,
        crate::domain::supervision::NotificationKind::Supplemented,
        &format!("补充材料: {}", issue.number),
        &format!("{} {} 收到来源方补充材料, 变更字段: {}。", issue.number, issue.title, fields.join("、")),
    )?;
    audit::append(
        conn,
        Entry::new(&cx.actor(), &cx.meta, "issue.supplement", "issue").entity(&issue.id).after(&record),
    )?;
    Ok((issue, Registration::Supplemented))
}

/// 登记问题, answering what it did: an integration's re-push of a known reference is
/// idempotent (unchanged) or a supplement (changed); a person's is 409 as before.
pub fn register_from(
    conn: &mut DbConnection,
    cx: &Context,
    cmd: CreateIssue,
) -> Result<(Issue, Registration), ApiError> {
    cx.principal.require(Permission::RegisterIssues)?;
    // An integration client's key registers its client's source, and only that.
    if let Some(source) = crate::service::integration_clients::source_of(conn, cx)?
        && cmd.source != source
    {
        return Err(ApiError::field("source", format!("该集成客户端只能登记来源 {source}")));
    }
    let lookups = Lookups::load(conn)?;
    let mut v = Validator::default();
    let new = check(conn, cx, &lookups, &cmd, cx.principal.unit_id.clone(), &mut v)?;
    v.finish()?;
    let new = new.ok_or_else(|| ApiError::internal("a registration passed its checks without a result"))?;
    if let Some(r) = &new.source_ref {
        if cx.principal.is_integration() {
            if let Some(existing) = store::issues::find_by_ref(conn, &new.source, r)? {
                if store::issues::find_visible(conn, &cx.visibility(), &existing.id)?.is_none() {
                    // Another integration's reference: not confirmed beyond the conflict.
                    refuse_known_reference(conn, cx, &new.source, r)?;
                }
                return supplement(conn, cx, existing, &new);
            }
        } else {
            refuse_known_reference(conn, cx, &new.source, r)?;
        }
    }
    let mut created = insert_new(conn, cx, vec![(new, None)])?;
    created.pop().map(|i| (i, Registration::Created)).ok_or_else(|| ApiError::internal("nothing registered"))
}

/// Numbers and writes checked registrations with their memberships, their timeline's first
/// step, their events and one audit record each, in multi-row statements. `comment` says where
/// each came from (an import's row).
pub fn insert_new(
    conn: &mut DbConnection,
    cx: &Context,
    rows: Vec<(NewIssue, Option<String>)>,
) -> Result<Vec<Issue>, ApiError> {
    let now = cx.clock.now();
    let mut issues = Vec::with_capacity(rows.len());
    let mut found_by = Vec::with_capacity(rows.len());
    let mut steps = Vec::with_capacity(rows.len());
    let mut facts = Vec::new();
    let series: Vec<&(String, String)> = rows.iter().map(|(new, _)| &new.series).collect();
    let numbers = reserve_numbers(conn, &series)?;
    for ((new, comment), number) in rows.into_iter().zip(numbers) {
        found_by.push(new.found_by_unit_id);
        facts.extend(new.facts);
        let issue = Issue {
            id: new.id,
            number,
            campaign_id: new.campaign_id,
            title: new.title,
            description: new.description,
            category: new.category,
            problem_type: new.problem_type,
            arrear_object: new.arrear_object,
            source: new.source,
            source_ref: new.source_ref,
            enterprise_name: new.enterprise_name,
            enterprise_uscc: new.enterprise_uscc,
            enterprise_contact: new.enterprise_contact,
            enterprise_phone: new.enterprise_phone,
            amount_involved_fen: new.amount_involved_fen,
            amount_resolved_fen: 0,
            group_id: new.group_id,
            responsible_unit_id: None,
            reporting_unit_id: new.reporting_unit_id,
            deadline: None,
            measures: None,
            responsible_leader: None,
            responsible_person: None,
            state: State::SelfCheck,
            closure_kind: None,
            version: 1,
            created_by_kind: cx.principal.kind(),
            created_by_id: cx.principal.subject_id(),
            created_at: now,
            updated_at: now,
            closed_at: None,
            migrated: false,
        };
        steps.push(registration_step(cx, &issue, comment));
        issues.push(issue);
    }
    store::issues::insert_many(conn, &issues)?;
    store::issues::insert_reporting_many(conn, &issues, &found_by)?;
    store::issues::insert_transitions(conn, &steps)?;
    store::facts::insert_many(conn, &facts)?;
    events::record_many(conn, EventKind::Registered, &issues)?;
    let actor = cx.actor();
    let entries = issues
        .iter()
        .map(|i| Entry::new(&actor, &cx.meta, "issue.create", "issue").entity(&i.id).after(i))
        .chain(facts.iter().map(|f| Entry::new(&actor, &cx.meta, "issue.facts", "issue").entity(&f.issue_id).after(f)))
        .collect();
    audit::append_many(conn, entries)?;
    Ok(issues)
}

/// The next numbers of each series (a campaign's, or the standing campaign's year), one per new
/// problem, reserved in the caller's transaction.
pub fn reserve_numbers(conn: &mut DbConnection, series: &[&(String, String)]) -> Result<Vec<String>, ApiError> {
    let mut by_series: Vec<(&(String, String), Vec<usize>)> = Vec::new();
    for (i, s) in series.iter().enumerate() {
        match by_series.iter_mut().find(|(k, _)| k == s) {
            Some((_, idx)) => idx.push(i),
            None => by_series.push((s, vec![i])),
        }
    }
    let mut numbers = vec![String::new(); series.len()];
    for ((counter, prefix), idx) in &by_series {
        let first = store::counters::reserve(conn, counter, idx.len() as i64)?;
        for (k, i) in idx.iter().enumerate() {
            numbers[*i] = format!("{prefix}-{:05}", first + k as i64);
        }
    }
    Ok(numbers)
}

/// The timeline's first entry of a problem: its registration.
pub fn registration_step(cx: &Context, issue: &Issue, comment: Option<String>) -> Transition {
    step(cx, issue, Step::Register, None, comment, None)
}
