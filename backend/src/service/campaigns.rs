//! 专项行动 as data (#20), for the office: create a campaign with its phases and milestones, open
//! it for registration (one at a time), close it (its figures frozen in a final snapshot, its
//! open problems carried over to the standing 常态化监测 campaign or left, as the office chooses).

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

use crate::{
    audit::{self, Entry},
    db::{CampaignId, DbConnection, IssueId, MilestoneId, PhaseId},
    domain::{
        campaign::{self, CampaignState, Deliverable},
        milestone::Submitters,
        permissions::Permission,
    },
    error::ApiError,
    service::{
        Committed, Context,
        events::{self, EventKind},
        guarded, issues, milestones,
        reports::{self, CampaignDto, MilestoneDto},
        snapshots,
        validate::Validator,
    },
    store::{
        self,
        campaigns::{Campaign, Milestone, Phase},
    },
};

/// At most this many phases and milestones per campaign.
const MAX_PHASES: usize = 20;
const MAX_MILESTONES: usize = 50;

#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewPhase {
    #[schema(max_length = 100, pattern = r"\S", example = "整改落实和核查销号")]
    pub name: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
}

#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewMilestone {
    #[schema(max_length = 200, pattern = r"\S", example = "各工作组牵头单位将自查问题清单报区营商办")]
    pub title: String,
    pub due_on: NaiveDate,
    /// What is due (default `other`).
    #[serde(default)]
    pub deliverable: Option<Deliverable>,
    /// Who is asked (default each work group's lead unit).
    #[serde(default)]
    pub submitters: Option<Submitters>,
}

/// A new campaign, created in 筹备 (`draft`).
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"code": "2025", "name": "2025年曾都区强化政府履约专项行动", "starts_on": "2025-04-01",
    "ends_on": "2025-12-31", "milestones": [{"title": "各工作组牵头单位将自查问题清单报区营商办", "due_on": "2025-04-26",
    "deliverable": "self_check_list"}]}))]
pub struct CreateCampaign {
    /// Used in problem numbers (`LY2025-00001`): 2 to 12 capital letters, digits or hyphens;
    /// `CT` is the standing campaign's.
    #[schema(min_length = 2, max_length = 12, pattern = "^[A-Z0-9][A-Z0-9-]*[A-Z0-9]$", example = "2025")]
    pub code: String,
    #[schema(max_length = 100, pattern = r"\S")]
    pub name: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    #[serde(default)]
    #[schema(max_items = 20)]
    pub phases: Vec<NewPhase>,
    #[serde(default)]
    #[schema(max_items = 50)]
    pub milestones: Vec<NewMilestone>,
}

/// 编辑专项行动: what changes (the code never does: numbers carry it).
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateCampaign {
    #[serde(default)]
    #[schema(max_length = 100, pattern = r"\S")]
    pub name: Option<String>,
    #[serde(default)]
    pub starts_on: Option<NaiveDate>,
    #[serde(default)]
    pub ends_on: Option<NaiveDate>,
    /// The whole milestone list, in order: an item with the `id` of one of the campaign's
    /// milestones changes it (its submissions stay), one without is new; a milestone left out is
    /// removed unless units have filed or uploaded for it (409).
    #[serde(default)]
    #[schema(max_items = 50)]
    pub milestones: Option<Vec<EditMilestone>>,
}

/// A milestone as edited.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EditMilestone {
    #[serde(default)]
    pub id: Option<MilestoneId>,
    #[schema(max_length = 200, pattern = r"\S")]
    pub title: String,
    pub due_on: NaiveDate,
    #[serde(default)]
    pub deliverable: Option<Deliverable>,
    #[serde(default)]
    pub submitters: Option<Submitters>,
}

/// How a campaign is closed.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CloseCampaign {
    /// Move its problems not yet closed (销号) to the standing 常态化监测 campaign, numbers and
    /// history kept; `false` leaves them in the closed campaign.
    pub carry_over: bool,
}

/// 新建专项行动 (`draft`); 409 when the code is taken.
pub fn create(conn: &mut DbConnection, cx: &Context, cmd: CreateCampaign) -> Result<Committed<CampaignDto>, ApiError> {
    guarded(conn, cx, Permission::ManageCampaigns, ("campaign.create", "campaign"), |conn| {
        let mut v = Validator::default();
        if let Err(why) = campaign::check_code(&cmd.code) {
            v.add("code", why);
        }
        let name = v.text("name", &cmd.name, 100);
        v.check(cmd.ends_on >= cmd.starts_on, "ends_on", "结束日期不能早于开始日期");
        v.check(cmd.phases.len() <= MAX_PHASES, "phases", "阶段最多 20 个");
        v.check(cmd.milestones.len() <= MAX_MILESTONES, "milestones", "节点最多 50 个");
        let id = CampaignId::new();
        let phases: Vec<Phase> = cmd
            .phases
            .iter()
            .enumerate()
            .take(MAX_PHASES)
            .map(|(i, p)| {
                let name = v.text(&format!("phases[{i}].name"), &p.name, 100);
                v.check(p.ends_on >= p.starts_on, &format!("phases[{i}].ends_on"), "结束日期不能早于开始日期");
                Phase {
                    id: PhaseId::new(),
                    campaign_id: id.clone(),
                    name,
                    starts_on: p.starts_on,
                    ends_on: p.ends_on,
                    sort_order: i as i32 + 1,
                }
            })
            .collect();
        let milestones: Vec<Milestone> = cmd
            .milestones
            .iter()
            .enumerate()
            .take(MAX_MILESTONES)
            .map(|(i, m)| Milestone {
                id: MilestoneId::new(),
                campaign_id: id.clone(),
                phase_id: None,
                title: v.text(&format!("milestones[{i}].title"), &m.title, 200),
                due_on: m.due_on,
                sort_order: i as i32 + 1,
                deliverable: m.deliverable.unwrap_or(Deliverable::Other),
                submitters: m.submitters.unwrap_or(Submitters::GroupLeads),
            })
            .collect();
        v.finish()?;
        if store::campaigns::find_by_code(conn, &cmd.code)?.is_some() {
            return Err(ApiError::conflict(
                "duplicate_campaign_code",
                format!("专项行动编号代码 {} 已被使用", cmd.code),
            ));
        }
        let now = cx.clock.now();
        let c = Campaign {
            id,
            code: cmd.code,
            name,
            year: cmd.starts_on.year(),
            starts_on: cmd.starts_on,
            ends_on: cmd.ends_on,
            active: false,
            created_at: now,
            updated_at: now,
            state: CampaignState::Draft,
            standing: false,
            closed_at: None,
        };
        store::campaigns::insert(conn, &c, &phases, &milestones)?;
        audit::append(
            conn,
            Entry::new(&cx.actor(), &cx.meta, "campaign.create", "campaign")
                .entity(&c.id)
                .after(json!({ "campaign": &c, "phases": phases, "milestones": milestones })),
        )?;
        reports::campaign_dto(conn, c, cx.clock.today())
    })
}

/// 编辑专项行动 (筹备 or 进行中): name, dates, milestones. Audited, refusals too.
pub fn update(
    conn: &mut DbConnection,
    cx: &Context,
    id: &CampaignId,
    cmd: UpdateCampaign,
) -> Result<Committed<CampaignDto>, ApiError> {
    guarded(conn, cx, Permission::ManageCampaigns, ("campaign.update", "campaign"), |conn| {
        let before = find(conn, id)?;
        if before.standing || before.state == CampaignState::Closed {
            let why =
                if before.standing { "常态化监测不能编辑" } else { "专项行动已结束, 不能编辑" };
            return Err(ApiError::conflict("campaign_state", why).with_extra("state", before.state.code()));
        }
        let before_milestones = store::campaigns::milestones(conn, id)?;
        let mut v = Validator::default();
        let mut after = before.clone();
        if let Some(name) = &cmd.name {
            after.name = v.text("name", name, 100);
        }
        after.starts_on = cmd.starts_on.unwrap_or(before.starts_on);
        after.ends_on = cmd.ends_on.unwrap_or(before.ends_on);
        after.year = after.starts_on.year();
        v.check(after.ends_on >= after.starts_on, "ends_on", "结束日期不能早于开始日期");
        let mut milestones = Vec::new();
        if let Some(list) = &cmd.milestones {
            v.check(list.len() <= MAX_MILESTONES, "milestones", "节点最多 50 个");
            for (i, m) in list.iter().enumerate().take(MAX_MILESTONES) {
                let existing = m.id.as_ref().map(|mid| before_milestones.iter().find(|x| &x.id == mid));
                if let Some(None) = existing {
                    v.add(format!("milestones[{i}].id"), "该节点不属于此专项行动");
                }
                let existing = existing.flatten();
                milestones.push(Milestone {
                    id: existing.map_or_else(MilestoneId::new, |x| x.id.clone()),
                    campaign_id: id.clone(),
                    phase_id: existing.and_then(|x| x.phase_id.clone()),
                    title: v.text(&format!("milestones[{i}].title"), &m.title, 200),
                    due_on: m.due_on,
                    sort_order: i as i32 + 1,
                    deliverable: m.deliverable.or(existing.map(|x| x.deliverable)).unwrap_or(Deliverable::Other),
                    submitters: m.submitters.or(existing.map(|x| x.submitters)).unwrap_or(Submitters::GroupLeads),
                });
            }
        }
        v.finish()?;
        after.updated_at = cx.clock.now();
        store::campaigns::save(conn, &after)?;
        if cmd.milestones.is_some() {
            for gone in before_milestones.iter().filter(|x| !milestones.iter().any(|m| m.id == x.id)) {
                if milestones::has_filings(conn, &gone.id)? {
                    return Err(ApiError::conflict(
                        "milestone_in_use",
                        format!("节点「{}」已有单位报送或上传材料, 不能删除", gone.title),
                    )
                    .with_extra("milestone_id", gone.id.to_string()));
                }
                store::campaigns::delete_milestone(conn, &gone.id)?;
            }
            for m in &milestones {
                store::campaigns::save_milestone(conn, m)?;
            }
        }
        let after_milestones = store::campaigns::milestones(conn, id)?;
        audit::append(
            conn,
            Entry::new(&cx.actor(), &cx.meta, "campaign.update", "campaign")
                .entity(id)
                .before(json!({ "campaign": &before, "milestones": before_milestones }))
                .after(json!({ "campaign": &after, "milestones": after_milestones })),
        )?;
        reports::campaign_dto(conn, after, cx.clock.today())
    })
}

/// The campaign, or 404.
fn find(conn: &mut DbConnection, id: &CampaignId) -> Result<Campaign, ApiError> {
    store::campaigns::find(conn, id)?.ok_or_else(|| ApiError::not_found("专项行动不存在"))
}

/// 409 unless the campaign may move to `to`.
fn check_move(c: &Campaign, to: CampaignState) -> Result<(), ApiError> {
    match campaign::refuse_move(c.standing, c.state, to) {
        Some(why) => Err(ApiError::conflict("campaign_state", why).with_extra("state", c.state.code())),
        None => Ok(()),
    }
}

/// 开启专项行动: new problems join it from now on; 409 while another is open.
pub fn open(conn: &mut DbConnection, cx: &Context, id: &CampaignId) -> Result<Committed<CampaignDto>, ApiError> {
    guarded(conn, cx, Permission::ManageCampaigns, ("campaign.open", "campaign"), |conn| {
        let before = find(conn, id)?;
        check_move(&before, CampaignState::Open)?;
        if let Some(other) = store::campaigns::open_one(conn)? {
            return Err(ApiError::conflict(
                "campaign_open",
                format!("专项行动「{}」正在进行中: 同一时间只能开启一个, 请先结束它", other.name),
            )
            .with_extra("open_campaign_id", other.id.to_string()));
        }
        let now = cx.clock.now();
        store::campaigns::set_state(conn, id, CampaignState::Open, now)?;
        let after = find(conn, id)?;
        audit::append(
            conn,
            Entry::new(&cx.actor(), &cx.meta, "campaign.open", "campaign").entity(id).before(&before).after(&after),
        )?;
        reports::campaign_dto(conn, after, cx.clock.today())
    })
}

/// 结束专项行动: nothing new joins it; today's figures are frozen in its snapshot; its problems
/// not yet closed move to the standing campaign when `carry_over`.
pub fn close(
    conn: &mut DbConnection,
    cx: &Context,
    id: &CampaignId,
    cmd: CloseCampaign,
) -> Result<Committed<CampaignDto>, ApiError> {
    guarded(conn, cx, Permission::ManageCampaigns, ("campaign.close", "campaign"), |conn| {
        let before = find(conn, id)?;
        check_move(&before, CampaignState::Closed)?;
        let today = cx.clock.today();
        snapshots::freeze(conn, &cx.clock, &before, today, cx.warning_days)?;
        let carried = if cmd.carry_over { carry_over(conn, cx, id)? } else { Vec::new() };
        store::campaigns::set_state(conn, id, CampaignState::Closed, cx.clock.now())?;
        let after = find(conn, id)?;
        audit::append(
            conn,
            Entry::new(&cx.actor(), &cx.meta, "campaign.close", "campaign").entity(id).before(&before).after(json!({
                "campaign": &after, "carry_over": cmd.carry_over, "carried_over": carried.len(), "issue_ids": carried,
            })),
        )?;
        reports::campaign_dto(conn, after, today)
    })
}

/// Moves the campaign's problems not yet closed to the standing campaign, numbers and history
/// kept: each a new version with an `issue.updated` event, so that readers (ETag) and portals
/// following the change feed see the move.
fn carry_over(conn: &mut DbConnection, cx: &Context, id: &CampaignId) -> Result<Vec<IssueId>, ApiError> {
    let standing =
        store::campaigns::standing(conn)?.ok_or_else(|| ApiError::internal("the standing campaign is missing"))?;
    let ids = store::campaigns::open_issue_ids(conn, id)?;
    let now = cx.clock.now();
    for issue_id in &ids {
        let mut issue = store::issues::find(conn, issue_id)?.ok_or_else(|| ApiError::not_found("问题不存在"))?;
        let before = issue.version;
        issue.campaign_id = standing.id.clone();
        issue.updated_at = now;
        issues::save(conn, &mut issue, before)?;
        events::record(conn, EventKind::Updated, &issue)?;
    }
    Ok(ids)
}

/// 节点安排 of a campaign, by due date, each with what it asks for.
pub fn milestones(conn: &mut DbConnection, cx: &Context, id: &CampaignId) -> Result<Vec<MilestoneDto>, ApiError> {
    cx.principal.require(Permission::ReadOrganisation)?;
    find(conn, id)?;
    let today = cx.clock.today();
    let list = store::campaigns::milestones(conn, id)?;
    let next = list.iter().map(|m| m.due_on).filter(|d| *d >= today).min();
    Ok(list.into_iter().map(|m| reports::milestone_dto(m, next, today)).collect())
}
