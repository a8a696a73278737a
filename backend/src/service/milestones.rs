//! 节点报送 (#20): the units a campaign's milestones ask file their submissions (a 自查清单 with
//! the problems it covers, or a 零报告; 整改措施, 书面反馈, 总结报告 with their files); the office
//! accepts or returns each; the milestone board shows who has submitted, who is late and who was
//! returned; the reminder job tells the others before the day and on it.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

use crate::{
    audit::{self, Entry},
    db::{AttachmentId, CampaignId, DbConnection, GroupId, IssueId, MilestoneId, SubmissionId, UnitId, UserId},
    domain::{
        attachments::OwnerKind,
        campaign::CampaignState,
        milestone::{self as rules, BoardStatus, GroupUnits, ReminderKind, Slot, SubmissionStatus, Submitters},
        permissions::Permission,
        roles::Role,
        supervision::NotificationKind,
    },
    error::ApiError,
    service::{
        Committed, Context,
        attachments::{self, AttachmentDto},
        guarded,
        reports::{self, MilestoneDto},
        validate::Validator,
    },
    store::{self, attachments::Attachment, campaigns::Milestone, submissions::Submission},
};

/// At most this many problems and files in one submission.
const MAX_ISSUES: usize = 2000;
const MAX_FILES: usize = 20;

/// 报送: what a unit files for a milestone.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"summary": "经全面自查, 发现拖欠账款问题 2 个, 清单附后。", "nil_return": false,
    "issue_ids": ["01936f3e-8c6a-7b3d-9a51-2f1c0d4e5a6b"], "attachment_ids": []}))]
pub struct SubmitMilestone {
    /// 报送说明.
    #[schema(max_length = 2000, pattern = r"\S")]
    pub summary: String,
    /// 零报告: nothing found; lists no problems.
    pub nil_return: bool,
    /// The problems it covers (a 自查清单's list), each one the caller may see.
    #[schema(max_items = 2000)]
    pub issue_ids: Vec<IssueId>,
    /// Files uploaded for this milestone by the caller's unit (`POST /milestones/{id}/attachments`)
    /// and not yet part of a submission.
    #[serde(default)]
    #[schema(max_items = 20)]
    pub attachment_ids: Vec<AttachmentId>,
    /// The work group reported for, when the caller's unit reports for several.
    #[serde(default)]
    pub group_id: Option<GroupId>,
}

/// 退回: why the office asks for another submission.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReturnSubmission {
    #[schema(max_length = 500, pattern = r"\S", example = "清单缺少问题的整改时限, 请补充后重新报送")]
    pub comment: String,
}

/// 通过, optionally with a remark.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AcceptSubmission {
    #[serde(default)]
    #[schema(max_length = 500)]
    pub comment: Option<String>,
}

/// The office's decision on a submission.
#[derive(Debug, Clone)]
pub enum Review {
    Accept(AcceptSubmission),
    Return(ReturnSubmission),
}

/// A problem a submission covers.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CoveredIssue {
    pub id: IssueId,
    #[schema(example = "LY2025-00001")]
    pub number: String,
    pub title: String,
}

/// A submission as read.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SubmissionDto {
    pub id: SubmissionId,
    pub milestone_id: MilestoneId,
    pub group_id: GroupId,
    pub group_name: String,
    pub unit_id: UnitId,
    pub unit_name: String,
    pub summary: String,
    /// 零报告.
    pub nil_return: bool,
    /// Filed after the due date.
    pub late: bool,
    pub status: SubmissionStatus,
    #[schema(example = "lead_finance")]
    pub submitted_by: String,
    pub submitted_at: DateTime<Utc>,
    pub reviewed_by: Option<String>,
    pub reviewed_at: Option<DateTime<Utc>>,
    /// The office's remark (why it was returned).
    pub review_comment: Option<String>,
    pub issues: Vec<CoveredIssue>,
    pub attachments: Vec<AttachmentDto>,
    /// What the caller may do with it now: `accept`, `return`.
    pub allowed_actions: Vec<String>,
}

/// One expected submitter on the board.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BoardItem {
    pub group_id: GroupId,
    pub group_name: String,
    pub unit_id: UnitId,
    pub unit_name: String,
    /// Whether the unit is the group's lead unit (牵头单位) rather than a member.
    pub lead: bool,
    /// From its latest submission: `missing`, `submitted`, `late`, `returned` or `accepted`.
    pub status: BoardStatus,
    /// Its latest submission was filed after the due date.
    pub late: bool,
    /// Nothing accepted or waiting, and the due date has passed.
    pub overdue: bool,
    /// The reminders it was sent.
    pub reminders: Vec<ReminderKind>,
    /// The caller may file for it now.
    pub may_submit: bool,
    /// Its latest submission.
    pub submission: Option<SubmissionDto>,
    /// Its earlier (returned) submissions, oldest first.
    pub earlier: Vec<SubmissionDto>,
}

/// How many expected submitters stand where.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct BoardTotals {
    pub expected: usize,
    pub missing: usize,
    pub submitted: usize,
    pub late: usize,
    pub returned: usize,
    pub accepted: usize,
    /// Missing or returned after the due date.
    pub overdue: usize,
}

/// 报送情况: a milestone's board.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MilestoneBoard {
    pub milestone: MilestoneDto,
    pub campaign_id: CampaignId,
    pub campaign_name: String,
    pub campaign_state: CampaignState,
    /// Over the items the caller sees.
    pub totals: BoardTotals,
    pub items: Vec<BoardItem>,
}

/// The milestone, or 404.
fn find_milestone(conn: &mut DbConnection, id: &MilestoneId) -> Result<Milestone, ApiError> {
    store::campaigns::find_milestone(conn, id)?.ok_or_else(|| ApiError::not_found("节点不存在"))
}

/// The work groups as the rules need them, with their names and lead units.
struct Org {
    groups: Vec<GroupUnits<GroupId, UnitId>>,
    group_names: HashMap<GroupId, String>,
    unit_names: HashMap<UnitId, String>,
}

impl Org {
    fn load(conn: &mut DbConnection) -> Result<Self, ApiError> {
        let list = store::groups::list(conn)?;
        let mut members: HashMap<GroupId, Vec<UnitId>> = HashMap::new();
        for (g, u) in store::groups::all_members(conn)? {
            members.entry(g).or_default().push(u);
        }
        let unit_names = store::units::list(conn, true)?.into_iter().map(|u| (u.id, u.name)).collect();
        let group_names = list.iter().map(|g| (g.id.clone(), g.name.clone())).collect();
        // The five work groups are asked, one per category; the 综合办公室 (stored as the group
        // without a category) receives the submissions rather than filing them.
        let groups = list
            .into_iter()
            .filter(|g| g.category.is_some())
            .map(|g| GroupUnits {
                member_units: members.remove(&g.id).unwrap_or_default(),
                group: g.id,
                lead_unit: g.lead_unit_id,
            })
            .collect();
        Ok(Self { groups, group_names, unit_names })
    }

    fn lead_of(&self, group: &GroupId) -> Option<&UnitId> {
        self.groups.iter().find(|g| &g.group == group).map(|g| &g.lead_unit)
    }

    fn expected(&self, who: Submitters) -> Vec<Slot<GroupId, UnitId>> {
        rules::expected(who, &self.groups)
    }

    fn group_name(&self, g: &GroupId) -> String {
        self.group_names.get(g).cloned().unwrap_or_default()
    }

    fn unit_name(&self, u: &UnitId) -> String {
        self.unit_names.get(u).cloned().unwrap_or_default()
    }
}

/// The slots of the milestone the caller may file for.
fn own_slots(cx: &Context, org: &Org, m: &Milestone) -> Vec<Slot<GroupId, UnitId>> {
    let p = &cx.principal;
    if p.user_id().is_none() {
        return Vec::new();
    }
    let lead_groups = p.lead_groups();
    let unit_role = p.has_role(Role::Unit);
    org.expected(m.submitters)
        .into_iter()
        .filter(|s| {
            org.lead_of(&s.group)
                .is_some_and(|lead| rules::may_submit_for(s, lead, &p.unit_id, &lead_groups, unit_role))
        })
        .collect()
}

/// Whether the caller may read what a unit filed for a group: the office and leaders, the unit
/// itself and the group's leads.
fn may_read(cx: &Context, group: &GroupId, unit: &UnitId) -> bool {
    let p = &cx.principal;
    p.user_id().is_some()
        && (p.has_role(Role::Office)
            || p.has_role(Role::Leader)
            || &p.unit_id == unit
            || p.lead_groups().contains(group))
}

/// Checked before files are uploaded for a milestone: the caller's unit is asked for a
/// submission it may file now (403 otherwise, 409 when the campaign is not open).
pub fn check_may_upload(conn: &mut DbConnection, cx: &Context, id: &MilestoneId) -> Result<(), ApiError> {
    cx.principal.require(Permission::SubmitMilestones)?;
    let m = find_milestone(conn, id)?;
    let org = Org::load(conn)?;
    if own_slots(cx, &org, &m).is_empty() {
        return Err(not_asked());
    }
    let campaign = campaign_of(conn, &m)?;
    if campaign.state != CampaignState::Open {
        return Err(campaign_closed(campaign.state));
    }
    Ok(())
}

fn not_asked() -> ApiError {
    ApiError::forbidden("该节点不需要您报送: 由各工作组牵头单位的牵头人 (或节点要求的成员单位) 报送")
}

fn campaign_closed(state: CampaignState) -> ApiError {
    let why = rules::submission_refusal(state, None).unwrap_or("专项行动不接受报送");
    ApiError::conflict("campaign_state", why).with_extra("state", state.code())
}

fn campaign_of(conn: &mut DbConnection, m: &Milestone) -> Result<store::campaigns::Campaign, ApiError> {
    store::campaigns::find(conn, &m.campaign_id)?.ok_or_else(|| ApiError::internal("milestone without campaign"))
}

/// Whether the caller may read a file of a submission (or one waiting for its unit's).
pub fn may_read_file(conn: &mut DbConnection, cx: &Context, a: &Attachment) -> Result<bool, ApiError> {
    let id: SubmissionId = a.owner_id.parse().map_err(|_| ApiError::internal("attachment owner id"))?;
    Ok(match store::submissions::find(conn, &id)? {
        Some(s) => may_read(cx, &s.group_id, &s.unit_id),
        None => cx.principal.user_id().is_some() && a.uploaded_by_unit_id.as_ref() == Some(&cx.principal.unit_id),
    })
}

/// Whether a submission file is still waiting for its submission (owned by the milestone).
pub fn is_waiting_file(conn: &mut DbConnection, a: &Attachment) -> Result<bool, ApiError> {
    let id: SubmissionId = a.owner_id.parse().map_err(|_| ApiError::internal("attachment owner id"))?;
    Ok(store::submissions::find(conn, &id)?.is_none())
}

/// 报送: files the caller's unit's submission for the milestone (201 with `late`). A unit asked
/// for several groups names the group. Refusals are audited.
pub fn submit(
    conn: &mut DbConnection,
    cx: &Context,
    id: &MilestoneId,
    cmd: SubmitMilestone,
) -> Result<Committed<SubmissionDto>, ApiError> {
    let refused = |conn: &mut DbConnection, why: ApiError| -> Result<Committed<SubmissionDto>, ApiError> {
        audit::append(
            conn,
            Entry::new(&cx.actor(), &cx.meta, "milestone.submit", "milestone_submission")
                .result("denied")
                .after(json!({ "milestone_id": id })),
        )?;
        Ok(Err(why))
    };
    if let Err(why) = cx.principal.require(Permission::SubmitMilestones) {
        return refused(conn, why);
    }
    let m = find_milestone(conn, id)?;
    let org = Org::load(conn)?;
    let slots = own_slots(cx, &org, &m);
    if slots.is_empty() {
        return refused(conn, not_asked());
    }
    file(conn, cx, m, &org, slots, cmd).map(Ok)
}

/// What a submission files, once checked.
struct Filing {
    slot: Slot<GroupId, UnitId>,
    summary: String,
    issue_ids: Vec<IssueId>,
    files: Vec<AttachmentId>,
}

fn file(
    conn: &mut DbConnection,
    cx: &Context,
    m: Milestone,
    org: &Org,
    slots: Vec<Slot<GroupId, UnitId>>,
    cmd: SubmitMilestone,
) -> Result<SubmissionDto, ApiError> {
    let Filing { slot, summary, issue_ids, files } = checked(conn, cx, &m, slots, &cmd)?;
    let user = cx.principal.require_user()?.clone();
    let now = cx.clock.now();
    let s = Submission {
        id: SubmissionId::new(),
        milestone_id: m.id.clone(),
        group_id: slot.group.clone(),
        unit_id: slot.unit.clone(),
        summary,
        nil_return: cmd.nil_return,
        late: rules::is_late(m.due_on, cx.clock.today()),
        status: SubmissionStatus::Submitted,
        submitted_by: user,
        submitted_by_name: cx.principal.username.clone(),
        submitted_at: now,
        reviewed_by_name: None,
        reviewed_at: None,
        review_comment: None,
    };
    // Two users of one unit filing at once: the second meets the unique index (409).
    store::submissions::insert(conn, &s, &issue_ids)?;
    store::attachments::reown(conn, &files, OwnerKind::MilestoneSubmission, m.id.as_str(), s.id.as_str())?;
    audit::append(
        conn,
        Entry::new(&cx.actor(), &cx.meta, "milestone.submit", "milestone_submission")
            .entity(&s.id)
            .after(json!({ "submission": &s, "issue_ids": issue_ids, "attachment_ids": files })),
    )?;
    let office = store::supervision::recipients(conn, Role::Office, None)?;
    let unit = org.unit_name(&s.unit_id);
    let what = if s.nil_return { "零报告" } else { m.deliverable.label() };
    let lateness = if s.late { " (逾期报送)" } else { "" };
    store::supervision::notify(
        conn,
        &office,
        None,
        NotificationKind::MilestoneSubmitted,
        &format!("节点报送: {unit}"),
        &format!("{unit} ({}) 已报送「{}」的{what}{lateness}, 请审核。", org.group_name(&s.group_id), m.title),
        now,
    )?;
    Ok(dtos(conn, cx, org, vec![s])?.remove(0))
}

/// The slot the submission fills and its checked content: the campaign and the slot must accept
/// it, and every problem and file must be the caller's to list.
fn checked(
    conn: &mut DbConnection,
    cx: &Context,
    m: &Milestone,
    mut slots: Vec<Slot<GroupId, UnitId>>,
    cmd: &SubmitMilestone,
) -> Result<Filing, ApiError> {
    let slot = match &cmd.group_id {
        Some(g) => slots
            .into_iter()
            .find(|s| &s.group == g)
            .ok_or_else(|| ApiError::field("group_id", "您所在单位不需要为该工作组报送"))?,
        None if slots.len() == 1 => slots.remove(0),
        None => return Err(ApiError::field("group_id", "您所在单位需为多个工作组报送, 请选择工作组")),
    };
    let campaign = campaign_of(conn, m)?;
    let latest = store::submissions::latest(conn, &m.id, &slot.group, &slot.unit)?;
    if let Some(why) = rules::submission_refusal(campaign.state, latest.as_ref().map(|s| s.status)) {
        return Err(ApiError::conflict("submission_state", why).with_extra("state", campaign.state.code()));
    }
    let mut v = Validator::default();
    let summary = v.text("summary", &cmd.summary, 2000);
    v.check(cmd.issue_ids.len() <= MAX_ISSUES, "issue_ids", "一次报送最多列出 2000 个问题");
    v.check(cmd.attachment_ids.len() <= MAX_FILES, "attachment_ids", "一次报送最多 20 个附件");
    let mut seen = BTreeSet::new();
    let issue_ids: Vec<IssueId> = cmd.issue_ids.iter().take(MAX_ISSUES).filter(|i| seen.insert(*i)).cloned().collect();
    if let Some((field, why)) = rules::content_refusal(m.deliverable, cmd.nil_return, issue_ids.len()) {
        v.add(field, why);
    }
    let mut visible = BTreeSet::new();
    for chunk in issue_ids.chunks(500) {
        visible.extend(store::issues::visible_among(conn, &cx.visibility(), chunk)?);
    }
    for (i, issue) in cmd.issue_ids.iter().enumerate().take(MAX_ISSUES) {
        if !visible.contains(issue) {
            v.add(format!("issue_ids[{i}]"), "问题不存在或不在您的数据范围内");
        }
    }
    let mut files = Vec::new();
    for (i, a) in cmd.attachment_ids.iter().enumerate().take(MAX_FILES) {
        let ok = store::attachments::find(conn, a)?.is_some_and(|f| {
            f.owner_kind == OwnerKind::MilestoneSubmission
                && f.owner_id == m.id.as_str()
                && f.uploaded_by_unit_id.as_ref() == Some(&slot.unit)
                && f.withdrawn_at.is_none()
        });
        if ok {
            files.push(a.clone());
        } else {
            v.add(format!("attachment_ids[{i}]"), "附件不存在, 或不是本单位为该节点上传的待报送附件");
        }
    }
    v.finish()?;
    Ok(Filing { slot, summary, issue_ids, files })
}

/// 通过 / 退回 (office): decides a waiting submission; the unit is told. Audited, refusals too.
pub fn review(
    conn: &mut DbConnection,
    cx: &Context,
    id: &SubmissionId,
    review: Review,
) -> Result<Committed<SubmissionDto>, ApiError> {
    let action = match review {
        Review::Accept(_) => "milestone.accept",
        Review::Return(_) => "milestone.return",
    };
    guarded(conn, cx, Permission::ManageCampaigns, (action, "milestone_submission"), |conn| {
        let before = store::submissions::find(conn, id)?.ok_or_else(|| ApiError::not_found("报送不存在"))?;
        if let Some(why) = rules::review_refusal(before.status) {
            return Err(
                ApiError::conflict("submission_state", why).with_extra("submission_status", before.status.code())
            );
        }
        let mut v = Validator::default();
        let (status, comment) = match &review {
            Review::Accept(a) => (SubmissionStatus::Accepted, v.optional_text("comment", a.comment.as_deref(), 500)),
            Review::Return(r) => (SubmissionStatus::Returned, Some(v.text("comment", &r.comment, 500))),
        };
        v.finish()?;
        let now = cx.clock.now();
        if !store::submissions::review(conn, id, status, &cx.principal.username, now, comment.as_deref())? {
            return Err(ApiError::conflict("submission_state", "该报送已被审核"));
        }
        let after = store::submissions::find(conn, id)?.ok_or_else(|| ApiError::internal("submission vanished"))?;
        audit::append(
            conn,
            Entry::new(&cx.actor(), &cx.meta, action, "milestone_submission").entity(id).before(&before).after(&after),
        )?;
        let m = find_milestone(conn, &after.milestone_id)?;
        let org = Org::load(conn)?;
        let member = org.lead_of(&after.group_id) != Some(&after.unit_id);
        let mut to = store::submissions::slot_users(conn, &after.group_id, &after.unit_id, member)?;
        to.push(after.submitted_by.clone());
        let (title, body) = match status {
            SubmissionStatus::Returned => (
                format!("报送被退回: {}", m.title),
                format!("「{}」的报送被区营商办退回: {}。请修改后重新报送。", m.title, comment.unwrap_or_default()),
            ),
            _ => (format!("报送已通过: {}", m.title), format!("「{}」的报送已通过区营商办审核。", m.title)),
        };
        store::supervision::notify(conn, &to, None, NotificationKind::MilestoneReviewed, &title, &body, now)?;
        Ok(dtos(conn, cx, &org, vec![after])?.remove(0))
    })
}

/// 报送情况: every expected submitter the caller may see (the office and leaders: all; a lead:
/// its groups; a unit: itself) with its latest submission, earlier ones and reminders.
pub fn board(conn: &mut DbConnection, cx: &Context, id: &MilestoneId) -> Result<MilestoneBoard, ApiError> {
    cx.principal.require(Permission::ReadIssues)?;
    cx.principal.require_user()?;
    let m = find_milestone(conn, id)?;
    let campaign = campaign_of(conn, &m)?;
    let org = Org::load(conn)?;
    let today = cx.clock.today();
    let own: Vec<Slot<GroupId, UnitId>> =
        if campaign.state == CampaignState::Open { own_slots(cx, &org, &m) } else { Vec::new() };
    let mut slots = org.expected(m.submitters);
    let all = store::submissions::of_milestone(conn, &m.id)?;
    // A unit that filed and is no longer asked (the group's lead changed) stays on the board.
    for s in &all {
        let slot = Slot { group: s.group_id.clone(), unit: s.unit_id.clone() };
        if !slots.contains(&slot) {
            slots.push(slot);
        }
    }
    slots.retain(|s| may_read(cx, &s.group, &s.unit));
    let visible: Vec<Submission> = all.into_iter().filter(|s| may_read(cx, &s.group_id, &s.unit_id)).collect();
    let mut read = dtos(conn, cx, &org, visible)?;
    let reminders = store::submissions::reminders(conn, &m.id)?;
    let mut totals = BoardTotals::default();
    let mut items = Vec::with_capacity(slots.len());
    for slot in slots {
        let (mine, rest): (Vec<SubmissionDto>, Vec<SubmissionDto>) =
            read.into_iter().partition(|s| s.group_id == slot.group && s.unit_id == slot.unit);
        read = rest;
        let mut earlier = mine;
        let latest = earlier.pop();
        let status = rules::board_status(latest.as_ref().map(|s| (s.status, s.late)));
        let overdue = matches!(status, BoardStatus::Missing | BoardStatus::Returned) && today > m.due_on;
        totals.expected += 1;
        match status {
            BoardStatus::Missing => totals.missing += 1,
            BoardStatus::Submitted => totals.submitted += 1,
            BoardStatus::Late => totals.late += 1,
            BoardStatus::Returned => totals.returned += 1,
            BoardStatus::Accepted => totals.accepted += 1,
        }
        totals.overdue += usize::from(overdue);
        items.push(BoardItem {
            group_name: org.group_name(&slot.group),
            unit_name: org.unit_name(&slot.unit),
            lead: org.lead_of(&slot.group) == Some(&slot.unit),
            status,
            late: latest.as_ref().is_some_and(|s| s.late),
            overdue,
            reminders: reminders
                .iter()
                .filter(|(g, u, _)| g == slot.group.as_str() && u == slot.unit.as_str())
                .map(|(_, _, k)| *k)
                .collect(),
            may_submit: own.contains(&slot) && matches!(status, BoardStatus::Missing | BoardStatus::Returned),
            submission: latest,
            earlier,
            group_id: slot.group,
            unit_id: slot.unit,
        });
    }
    let next =
        store::campaigns::milestones(conn, &m.campaign_id)?.iter().map(|x| x.due_on).filter(|d| *d >= today).min();
    Ok(MilestoneBoard {
        milestone: reports::milestone_dto(m, next, today),
        campaign_id: campaign.id,
        campaign_name: campaign.name,
        campaign_state: campaign.state,
        totals,
        items,
    })
}

/// Submissions as read, with their problems and files.
fn dtos(
    conn: &mut DbConnection,
    cx: &Context,
    org: &Org,
    list: Vec<Submission>,
) -> Result<Vec<SubmissionDto>, ApiError> {
    let ids: Vec<SubmissionId> = list.iter().map(|s| s.id.clone()).collect();
    let pairs = store::submissions::issues_of(conn, &ids)?;
    let issue_ids: Vec<IssueId> = pairs.iter().map(|(_, i)| i.clone()).collect::<BTreeSet<_>>().into_iter().collect();
    let labels: HashMap<IssueId, (String, String)> = store::submissions::issue_labels(conn, &issue_ids)?
        .into_iter()
        .map(|(id, number, title)| (id, (number, title)))
        .collect();
    let mut covered: HashMap<SubmissionId, Vec<CoveredIssue>> = HashMap::new();
    for (s, i) in pairs {
        if let Some((number, title)) = labels.get(&i) {
            covered.entry(s).or_default().push(CoveredIssue { id: i, number: number.clone(), title: title.clone() });
        }
    }
    let office = cx.principal.can(Permission::ManageCampaigns);
    let mut out = Vec::with_capacity(list.len());
    for s in list {
        let files = store::attachments::of_owner(conn, OwnerKind::MilestoneSubmission, s.id.as_str())?;
        let mut issues = covered.remove(&s.id).unwrap_or_default();
        issues.sort_by(|a, b| a.number.cmp(&b.number));
        let allowed_actions = if office && rules::review_refusal(s.status).is_none() {
            vec!["accept".to_owned(), "return".to_owned()]
        } else {
            Vec::new()
        };
        out.push(SubmissionDto {
            group_name: org.group_name(&s.group_id),
            unit_name: org.unit_name(&s.unit_id),
            id: s.id,
            milestone_id: s.milestone_id,
            group_id: s.group_id,
            unit_id: s.unit_id,
            summary: s.summary,
            nil_return: s.nil_return,
            late: s.late,
            status: s.status,
            submitted_by: s.submitted_by_name,
            submitted_at: s.submitted_at.and_utc(),
            reviewed_by: s.reviewed_by_name,
            reviewed_at: s.reviewed_at.map(|t| t.and_utc()),
            review_comment: s.review_comment,
            issues,
            attachments: files.into_iter().map(|a| attachments::dto_with(a, false)).collect(),
            allowed_actions,
        });
    }
    Ok(out)
}

/// Files waiting for the caller's unit's submission for the milestone (uploaded, not yet filed).
pub fn waiting_files(conn: &mut DbConnection, cx: &Context, id: &MilestoneId) -> Result<Vec<AttachmentDto>, ApiError> {
    cx.principal.require(Permission::SubmitMilestones)?;
    find_milestone(conn, id)?;
    let rows = store::attachments::of_owner(conn, OwnerKind::MilestoneSubmission, id.as_str())?;
    Ok(rows
        .into_iter()
        .filter(|a| a.withdrawn_at.is_none() && a.uploaded_by_unit_id.as_ref() == Some(&cx.principal.unit_id))
        .map(|a| {
            let mine = a.uploaded_by_id == cx.principal.subject_id();
            attachments::dto_with(a, mine)
        })
        .collect())
}

/// The reminder job's work for one day: each milestone of an open campaign due within the
/// reminder window, each expected unit that has not filed (or was returned), once per kind
/// (`milestone_reminders` makes a second one impossible, whichever server runs). Answers how
/// many units were reminded.
pub fn send_reminders(
    conn: &mut DbConnection,
    now: chrono::NaiveDateTime,
    today: NaiveDate,
) -> Result<usize, ApiError> {
    let days = crate::service::settings::current(conn)?.milestone_reminder_days;
    let mut sent = 0;
    let org = Org::load(conn)?;
    for m in store::campaigns::open_milestones(conn)? {
        if today > m.due_on || today < m.due_on - chrono::Duration::days(days) {
            continue;
        }
        for slot in org.expected(m.submitters) {
            let latest = store::submissions::latest(conn, &m.id, &slot.group, &slot.unit)?.map(|s| s.status);
            let Some(kind) = rules::reminder_due(m.due_on, today, days, latest) else { continue };
            let member = org.lead_of(&slot.group) != Some(&slot.unit);
            let reminded = conn.write_tx(|conn| -> Result<bool, ApiError> {
                if !store::submissions::claim_reminder(conn, &m.id, &slot.group, &slot.unit, kind, now)? {
                    return Ok(false);
                }
                let to: Vec<UserId> = store::submissions::slot_users(conn, &slot.group, &slot.unit, member)?;
                let when = if kind == ReminderKind::DueDay {
                    "今天到期".to_owned()
                } else {
                    format!("将于 {} 到期", m.due_on)
                };
                store::supervision::notify(
                    conn,
                    &to,
                    None,
                    NotificationKind::MilestoneDue,
                    &format!("节点报送提醒: {}", m.title),
                    &format!(
                        "「{}」({}) {when}, {} ({}) 尚未报送, 请及时报送。",
                        m.title,
                        m.deliverable.label(),
                        org.unit_name(&slot.unit),
                        org.group_name(&slot.group)
                    ),
                    now,
                )?;
                Ok(true)
            })?;
            sent += usize::from(reminded);
        }
    }
    Ok(sent)
}

/// Where a unit stood on a milestone at the end of a day (the dispatch workbook's 节点报送 sheet).
#[derive(Debug, Clone)]
pub struct StatusRow {
    pub milestone: String,
    pub due_on: NaiveDate,
    pub group_name: String,
    pub unit_name: String,
    pub status: BoardStatus,
    pub late: bool,
    pub overdue: bool,
    pub submitted_at: Option<chrono::NaiveDateTime>,
    pub comment: Option<String>,
}

/// Each unit asked by each milestone of the campaign that the caller may see, as it stood at
/// the end of `date` (Asia/Shanghai): submissions filed by then, reviews made by then. Rows are
/// only ever added and reviewed once, so a past date's answer never changes.
pub fn status_as_of(
    conn: &mut DbConnection,
    cx: &Context,
    campaign: &CampaignId,
    date: NaiveDate,
) -> Result<Vec<StatusRow>, ApiError> {
    let end = crate::clock::shanghai_day_start(date + chrono::Duration::days(1));
    let org = Org::load(conn)?;
    let mut out = Vec::new();
    for m in store::campaigns::milestones(conn, campaign)? {
        let filed: Vec<Submission> =
            store::submissions::of_milestone(conn, &m.id)?.into_iter().filter(|s| s.submitted_at < end).collect();
        let mut slots = org.expected(m.submitters);
        for s in &filed {
            let slot = Slot { group: s.group_id.clone(), unit: s.unit_id.clone() };
            if !slots.contains(&slot) {
                slots.push(slot);
            }
        }
        for slot in slots.into_iter().filter(|s| may_read(cx, &s.group, &s.unit)) {
            let latest = filed.iter().rfind(|s| s.group_id == slot.group && s.unit_id == slot.unit);
            let reviewed = latest.filter(|s| s.reviewed_at.is_some_and(|t| t < end));
            let then =
                latest.map(|s| (if reviewed.is_some() { s.status } else { SubmissionStatus::Submitted }, s.late));
            let status = rules::board_status(then);
            out.push(StatusRow {
                milestone: m.title.clone(),
                due_on: m.due_on,
                group_name: org.group_name(&slot.group),
                unit_name: org.unit_name(&slot.unit),
                status,
                late: latest.is_some_and(|s| s.late),
                overdue: matches!(status, BoardStatus::Missing | BoardStatus::Returned) && date > m.due_on,
                submitted_at: latest.map(|s| s.submitted_at),
                comment: reviewed.and_then(|s| s.review_comment.clone()),
            });
        }
    }
    Ok(out)
}

/// Whether units have filed for the milestone or uploaded files for it (it may not be removed).
pub fn has_filings(conn: &mut DbConnection, id: &MilestoneId) -> Result<bool, ApiError> {
    Ok(!store::submissions::of_milestone(conn, id)?.is_empty()
        || !store::attachments::of_owner(conn, OwnerKind::MilestoneSubmission, id.as_str())?.is_empty())
}
