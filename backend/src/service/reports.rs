//! Campaigns with their milestones, and the dispatch-meeting workbook (调度会报表): read models
//! over the caller's data scope.

use chrono::NaiveDate;
use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};
use serde::Serialize;
use utoipa::ToSchema;

use crate::{
    audit::{self, Entry},
    db::{CampaignId, DbConnection, MilestoneId, PhaseId},
    domain::{
        campaign::{CampaignState, Deliverable},
        milestone::Submitters,
        money,
        permissions::Permission,
    },
    error::ApiError,
    service::{
        Committed, Context, guarded,
        milestones::{self, StatusRow},
        snapshots::{self, DispatchData, Figures, MissedRow, OverdueRow, ProblemLine, UnitRow},
    },
    spreadsheet::{self, Formats},
    store::{self, campaigns::Campaign},
};

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MilestoneDto {
    pub id: MilestoneId,
    pub phase_id: Option<PhaseId>,
    #[schema(example = "各工作组整改措施报区营商办")]
    pub title: String,
    pub due_on: NaiveDate,
    /// What the milestone asks each lead unit to submit.
    pub deliverable: Deliverable,
    /// Who is asked: each work group's lead unit, or its member units as well.
    pub submitters: Submitters,
    /// `past`, `next` (the first one due from today) or `upcoming`.
    #[schema(example = "next")]
    pub status: String,
}

/// A milestone as read; `next` is the first due date from today.
pub fn milestone_dto(m: store::campaigns::Milestone, next: Option<NaiveDate>, today: NaiveDate) -> MilestoneDto {
    MilestoneDto {
        status: milestone_status(m.due_on, next, today).into(),
        id: m.id,
        phase_id: m.phase_id,
        title: m.title,
        due_on: m.due_on,
        deliverable: m.deliverable,
        submitters: m.submitters,
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PhaseDto {
    pub id: PhaseId,
    #[schema(example = "整改落实和核查销号")]
    pub name: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CampaignDto {
    pub id: CampaignId,
    #[schema(example = "2024")]
    pub code: String,
    #[schema(example = "2024年曾都区强化政府履约专项行动")]
    pub name: String,
    pub year: i32,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    /// Open for registration (the standing campaign aside): new problems join it.
    pub active: bool,
    /// `draft` 筹备, `open` 进行中 or `closed` 已结束.
    pub state: CampaignState,
    /// The permanent 常态化监测 campaign, which receives problems while no campaign is open.
    pub standing: bool,
    pub phases: Vec<PhaseDto>,
    pub milestones: Vec<MilestoneDto>,
}

pub fn milestone_status(due: NaiveDate, next: Option<NaiveDate>, today: NaiveDate) -> &'static str {
    if due < today {
        "past"
    } else if Some(due) == next {
        "next"
    } else {
        "upcoming"
    }
}

pub fn campaign_dto(
    conn: &mut DbConnection,
    c: store::campaigns::Campaign,
    today: NaiveDate,
) -> Result<CampaignDto, ApiError> {
    let phases = store::campaigns::phases(conn, &c.id)?;
    let milestones = store::campaigns::milestones(conn, &c.id)?;
    let next = milestones.iter().map(|m| m.due_on).filter(|d| *d >= today).min();
    Ok(CampaignDto {
        phases: phases
            .into_iter()
            .map(|p| PhaseDto { id: p.id, name: p.name, starts_on: p.starts_on, ends_on: p.ends_on })
            .collect(),
        milestones: milestones.into_iter().map(|m| milestone_dto(m, next, today)).collect(),
        id: c.id,
        code: c.code,
        name: c.name,
        year: c.year,
        starts_on: c.starts_on,
        ends_on: c.ends_on,
        active: c.state == CampaignState::Open && !c.standing,
        state: c.state,
        standing: c.standing,
    })
}

/// 专项行动列表: newest first; the milestone due next is marked.
pub fn list_campaigns(conn: &mut DbConnection, cx: &Context) -> Result<Vec<CampaignDto>, ApiError> {
    cx.principal.require(Permission::ReadOrganisation)?;
    let today = cx.clock.today();
    store::campaigns::list(conn)?.into_iter().map(|c| campaign_dto(conn, c, today)).collect()
}

/// Which dispatch report: a campaign (default the current one), its date (default today) and
/// the previous report's date (default the latest snapshot at least seven days before).
#[derive(Debug)]
pub struct DispatchReport {
    pub campaign_id: Option<CampaignId>,
    pub date: Option<NaiveDate>,
    pub previous_date: Option<NaiveDate>,
}

/// A dispatch workbook with what names its file.
#[derive(Debug)]
pub struct DispatchWorkbook {
    pub bytes: Vec<u8>,
    pub campaign_code: String,
    pub date: NaiveDate,
}

/// 调度会报表: today's figures (or the stored snapshot of a past date) against the stored
/// snapshot of the previous date, over the caller's scope; audited (`report.dispatch`).
pub fn dispatch_report(
    conn: &mut DbConnection,
    cx: &Context,
    cmd: DispatchReport,
) -> Result<Committed<DispatchWorkbook>, ApiError> {
    guarded(conn, cx, Permission::ExportIssues, ("report.dispatch", "campaign"), |conn| {
        let campaign = match &cmd.campaign_id {
            Some(id) => store::campaigns::find(conn, id)?,
            None => store::campaigns::current(conn)?,
        }
        .ok_or_else(|| ApiError::not_found("专项行动不存在"))?;
        let date = cmd.date.unwrap_or(cx.clock.today());
        workbook(conn, cx, campaign, (date, cmd.previous_date), ("调度会报表", "report.dispatch"))
    })
}

/// 总结报表 of a closed campaign: the dispatch workbook of the day it closed, from the snapshot
/// frozen then (so it reads the same whenever it is printed), over the caller's scope; audited
/// (`report.summary`). 409 until the campaign has closed.
pub fn summary_report(
    conn: &mut DbConnection,
    cx: &Context,
    id: &CampaignId,
) -> Result<Committed<DispatchWorkbook>, ApiError> {
    guarded(conn, cx, Permission::ExportIssues, ("report.summary", "campaign"), |conn| {
        let campaign = store::campaigns::find(conn, id)?.ok_or_else(|| ApiError::not_found("专项行动不存在"))?;
        let Some(closed_at) = campaign.closed_at.filter(|_| campaign.state == CampaignState::Closed) else {
            return Err(ApiError::conflict("campaign_state", "专项行动结束后才能生成总结报表")
                .with_extra("state", campaign.state.code()));
        };
        let date = closed_at.and_utc().with_timezone(&chrono_tz::Asia::Shanghai).date_naive();
        workbook(conn, cx, campaign, (date, None), ("总结报表", "report.summary"))
    })
}

/// A dispatch-style workbook of `date` against `previous` (default: the latest snapshot at
/// least seven days before), with its audit record under `action`.
fn workbook(
    conn: &mut DbConnection,
    cx: &Context,
    campaign: Campaign,
    (date, previous): (NaiveDate, Option<NaiveDate>),
    (title, action): (&str, &str),
) -> Result<DispatchWorkbook, ApiError> {
    let today = cx.clock.today();
    let visibility = cx.visibility();
    let now = snapshots::of_date(conn, &campaign, (date, "date"), today, cx.warning_days)?.visible_to(&visibility);
    let before = match previous {
        Some(p) if p >= date => return Err(ApiError::field("previous_date", "上期日期应早于报表日期")),
        Some(p) => Some(snapshots::of_date(conn, &campaign, (p, "previous_date"), today, cx.warning_days)?),
        None => snapshots::latest_until(conn, &campaign.id, date - chrono::Duration::days(7))?,
    }
    .map(|d| d.visible_to(&visibility));
    let phases = store::campaigns::phases(conn, &campaign.id)?;
    let milestones = store::campaigns::milestones(conn, &campaign.id)?;
    let filed = milestones::status_as_of(conn, cx, &campaign.id, date)?;
    let bytes = dispatch_workbook(&campaign, title, (&now, before.as_ref()), (&phases, &milestones), &filed)?;
    audit::append(
        conn,
        Entry::new(&cx.actor(), &cx.meta, action, "campaign").entity(&campaign.id).after(
            serde_json::json!({ "date": date, "previous_date": before.as_ref().map(|b| b.date), "bytes": bytes.len() }),
        ),
    )?;
    Ok(DispatchWorkbook { bytes, campaign_code: campaign.code, date })
}

fn ratio(part: i64, whole: i64) -> f64 {
    if whole == 0 { 0.0 } else { part as f64 / whole as f64 }
}

/// Builds the dispatch workbook from a date's figures and the previous date's (if any).
pub fn dispatch_workbook(
    campaign: &Campaign,
    title: &str,
    (now, before): (&DispatchData, Option<&DispatchData>),
    (phases, milestones): (&[store::campaigns::Phase], &[store::campaigns::Milestone]),
    filed: &[StatusRow],
) -> Result<Vec<u8>, ApiError> {
    let f = Formats::new();
    let mut wb = Workbook::new();
    let write = |wb: &mut Workbook| -> Result<(), XlsxError> {
        summary_sheet(wb.add_worksheet().set_name("总体情况")?, &f, (campaign, title), (now, before))?;
        progress_sheet(wb.add_worksheet().set_name("分组进展")?, &f, group_rows(now, before))?;
        progress_sheet(wb.add_worksheet().set_name("分单位进展")?, &f, unit_rows(now, before))?;
        overdue_sheet(wb.add_worksheet().set_name("逾期清单")?, &f, &now.overdue)?;
        missed_sheet(wb.add_worksheet().set_name("分期逾期")?, &f, now.missed.as_deref())?;
        milestone_sheet(wb.add_worksheet().set_name("节点安排")?, &f, phases, milestones, now.date)?;
        submission_sheet(wb.add_worksheet().set_name("节点报送")?, &f, filed)
    };
    write(&mut wb).map_err(ApiError::internal)?;
    spreadsheet::save(wb).map_err(ApiError::internal)
}

/// 总体情况: totals now and at the previous date, and the change; without a previous snapshot
/// the 上期 cells say so instead of showing a recomputed past.
fn summary_sheet(
    ws: &mut Worksheet,
    f: &Formats,
    (campaign, title): (&Campaign, &str),
    (now, before): (&DispatchData, Option<&DispatchData>),
) -> Result<(), XlsxError> {
    let t = now.totals();
    let p = before.map(DispatchData::totals);
    ws.write_string_with_format(0, 0, format!("{} {title}", campaign.name), &f.title)?;
    let previous = before.map_or_else(|| "无快照".to_owned(), |b| b.date.to_string());
    ws.write_string(1, 0, format!("报表日期: {}    上期日期: {previous}", now.date))?;
    spreadsheet::header(ws, 3, &[("指标", 18.0), ("本期", 12.0), ("上期", 12.0), ("变化", 12.0)], f)?;
    let figure = |x: &Figures, i: usize| [x.total, x.closed, x.overdue, x.dismissed][i];
    let names = ["问题总数", "已销号", "逾期未完成", "不予立项"];
    for (i, name) in names.iter().enumerate() {
        let r = 4 + i as u32;
        ws.write_string_with_format(r, 0, *name, &f.text)?;
        ws.write_number_with_format(r, 1, figure(&t, i) as f64, &f.number)?;
        match &p {
            Some(p) => {
                ws.write_number_with_format(r, 2, figure(p, i) as f64, &f.number)?;
                ws.write_number_with_format(r, 3, (figure(&t, i) - figure(p, i)) as f64, &f.number)?;
            }
            None => {
                ws.write_string_with_format(r, 2, "—", &f.text)?;
            }
        }
    }
    ws.write_string_with_format(8, 0, "销号率", &f.text)?;
    ws.write_number_with_format(8, 1, ratio(t.closed, t.total), &f.percent)?;
    if let Some(p) = &p {
        ws.write_number_with_format(8, 2, ratio(p.closed, p.total), &f.percent)?;
        ws.write_number_with_format(8, 3, ratio(t.closed, t.total) - ratio(p.closed, p.total), &f.percent)?;
    }
    Ok(())
}

/// A progress row: the name, the figures now and at the previous date (if there is one).
type ProgressRow = (String, Figures, Option<Figures>);

fn group_rows(now: &DispatchData, before: Option<&DispatchData>) -> Vec<ProgressRow> {
    let by_group_now = now.sum_by(|r| Some(r.group_id.clone()));
    let by_group_before = before.map(|b| b.sum_by(|r| Some(r.group_id.clone())));
    now.groups
        .iter()
        .filter_map(|(id, name)| {
            let n = by_group_now.get(id).copied()?;
            Some((name.clone(), n, by_group_before.as_ref().map(|b| b.get(id).copied().unwrap_or_default())))
        })
        .collect()
}

fn unit_rows(now: &DispatchData, before: Option<&DispatchData>) -> Vec<ProgressRow> {
    let key = |r: &UnitRow| r.unit_id.clone().map(|u| (u, r.unit_name.clone()));
    let by_unit_before = before.map(|b| b.sum_by(key));
    let mut rows: Vec<ProgressRow> = now
        .sum_by(key)
        .into_iter()
        .map(|((u, name), n)| {
            let b = by_unit_before
                .as_ref()
                .map(|b| b.iter().find(|((id, _), _)| *id == u).map(|(_, f)| *f).unwrap_or_default());
            (name, n, b)
        })
        .collect();
    rows.sort_by(|a, b| b.1.total.cmp(&a.1.total).then(a.0.cmp(&b.0)));
    rows
}

/// 分组进展 / 分单位进展.
fn progress_sheet(ws: &mut Worksheet, f: &Formats, rows: Vec<ProgressRow>) -> Result<(), XlsxError> {
    let columns = [
        ("名称", 30.0),
        ("问题总数", 10.0),
        ("已销号", 10.0),
        ("销号率", 10.0),
        ("逾期", 10.0),
        ("较上期新增问题", 14.0),
        ("较上期新增销号", 14.0),
        ("不予立项", 10.0),
    ];
    spreadsheet::header(ws, 0, &columns, f)?;
    ws.set_freeze_panes(1, 0)?;
    for (i, (name, n, b)) in rows.iter().enumerate() {
        let r = 1 + i as u32;
        spreadsheet::text(ws, r, 0, name, &f.text)?;
        ws.write_number_with_format(r, 1, n.total as f64, &f.number)?;
        ws.write_number_with_format(r, 2, n.closed as f64, &f.number)?;
        ws.write_number_with_format(r, 3, ratio(n.closed, n.total), &f.percent)?;
        ws.write_number_with_format(r, 4, n.overdue as f64, if n.overdue > 0 { &f.red } else { &f.number })?;
        match b {
            Some(b) => {
                ws.write_number_with_format(r, 5, (n.total - b.total) as f64, &f.number)?;
                ws.write_number_with_format(r, 6, (n.closed - b.closed) as f64, &f.number)?;
            }
            None => {
                ws.write_string_with_format(r, 5, "—", &f.text)?;
                ws.write_string_with_format(r, 6, "—", &f.text)?;
            }
        }
        ws.write_number_with_format(r, 7, n.dismissed as f64, &f.number)?;
    }
    Ok(())
}

/// The columns every problem list of the report starts with: 编号, 问题, 工作组, 责任单位.
const PROBLEM_COLUMNS: [(&str, f64); 4] = [("编号", 16.0), ("问题", 40.0), ("工作组", 26.0), ("责任单位", 22.0)];

/// A problem list's header: the problem's columns, then `rest`, the header row frozen.
fn problem_list_header(ws: &mut Worksheet, f: &Formats, rest: &[(&str, f64)]) -> Result<(), XlsxError> {
    spreadsheet::header(ws, 0, &[PROBLEM_COLUMNS.as_slice(), rest].concat(), f)?;
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

/// A problem list row's first cells, under [`PROBLEM_COLUMNS`].
fn problem_cells(ws: &mut Worksheet, f: &Formats, r: u32, p: &ProblemLine) -> Result<(), XlsxError> {
    spreadsheet::text(ws, r, 0, &p.number, &f.text)?;
    spreadsheet::text(ws, r, 1, &p.title, &f.wrap)?;
    spreadsheet::text(ws, r, 2, &p.group_name, &f.text)?;
    spreadsheet::text(ws, r, 3, &p.unit_name, &f.text)
}

/// 逾期清单: with the days overdue at the report date.
fn overdue_sheet(ws: &mut Worksheet, f: &Formats, rows: &[OverdueRow]) -> Result<(), XlsxError> {
    problem_list_header(ws, f, &[("整改时限", 12.0), ("逾期天数", 10.0), ("状态", 8.0)])?;
    for (i, row) in rows.iter().enumerate() {
        let r = 1 + i as u32;
        problem_cells(ws, f, r, &row.problem)?;
        let deadline = row.deadline.map(|d| d.to_string()).unwrap_or_default();
        spreadsheet::text(ws, r, 4, &deadline, &f.text)?;
        ws.write_number_with_format(r, 5, row.days_overdue as f64, &f.red)?;
        spreadsheet::text(ws, r, 6, &row.problem.state, &f.text)?;
    }
    Ok(())
}

/// 分期逾期: the problems behind their repayment plans, the longest-missed first. A snapshot taken
/// before the sheet existed did not record them: the sheet says so instead of showing none.
fn missed_sheet(ws: &mut Worksheet, f: &Formats, rows: Option<&[MissedRow]>) -> Result<(), XlsxError> {
    let rest = [("欠款主体", 22.0), ("逾期期数", 10.0), ("最早逾期一期", 14.0), ("逾期未还(元)", 14.0), ("状态", 8.0)];
    problem_list_header(ws, f, &rest)?;
    let Some(rows) = rows else {
        return spreadsheet::text(ws, 1, 0, "该日快照未记录分期逾期情况", &f.text);
    };
    for (i, row) in rows.iter().enumerate() {
        let r = 1 + i as u32;
        problem_cells(ws, f, r, &row.problem)?;
        spreadsheet::text(ws, r, 4, row.debtor_name.as_deref().unwrap_or_default(), &f.text)?;
        ws.write_number_with_format(r, 5, row.missed_instalments as f64, &f.red)?;
        spreadsheet::text(ws, r, 6, &row.first_missed_on.to_string(), &f.text)?;
        ws.write_number_with_format(r, 7, money::fen_to_yuan_f64(row.missed_fen), &f.money)?;
        spreadsheet::text(ws, r, 8, &row.problem.state, &f.text)?;
    }
    Ok(())
}

/// 节点安排: the milestones, the next one marked.
fn milestone_sheet(
    ws: &mut Worksheet,
    f: &Formats,
    phases: &[store::campaigns::Phase],
    milestones: &[store::campaigns::Milestone],
    date: NaiveDate,
) -> Result<(), XlsxError> {
    spreadsheet::header(ws, 0, &[("阶段", 24.0), ("节点", 44.0), ("时间", 12.0), ("状态", 10.0)], f)?;
    let next = milestones.iter().map(|m| m.due_on).filter(|d| *d >= date).min();
    for (i, m) in milestones.iter().enumerate() {
        let r = 1 + i as u32;
        let phase =
            phases.iter().find(|p| Some(&p.id) == m.phase_id.as_ref()).map(|p| p.name.clone()).unwrap_or_default();
        let status = match milestone_status(m.due_on, next, date) {
            "past" => "已过",
            "next" => "下一节点",
            _ => "待办",
        };
        spreadsheet::text(ws, r, 0, &phase, &f.text)?;
        spreadsheet::text(ws, r, 1, &m.title, &f.text)?;
        spreadsheet::text(ws, r, 2, &m.due_on.to_string(), &f.text)?;
        spreadsheet::text(ws, r, 3, status, if status == "下一节点" { &f.yellow } else { &f.text })?;
    }
    Ok(())
}

/// 节点报送: each unit asked by each milestone, where it stood at the report date.
fn submission_sheet(ws: &mut Worksheet, f: &Formats, rows: &[StatusRow]) -> Result<(), XlsxError> {
    let cols = [
        ("节点", 40.0),
        ("截止日期", 12.0),
        ("工作组", 26.0),
        ("报送单位", 22.0),
        ("状态", 10.0),
        ("报送时间", 18.0),
        ("审核意见", 30.0),
    ];
    spreadsheet::header(ws, 0, &cols, f)?;
    ws.set_freeze_panes(1, 0)?;
    for (i, row) in rows.iter().enumerate() {
        let r = 1 + i as u32;
        spreadsheet::text(ws, r, 0, &row.milestone, &f.wrap)?;
        spreadsheet::text(ws, r, 1, &row.due_on.to_string(), &f.text)?;
        spreadsheet::text(ws, r, 2, &row.group_name, &f.text)?;
        spreadsheet::text(ws, r, 3, &row.unit_name, &f.text)?;
        let status =
            if row.overdue { format!("{}(逾期)", row.status.label()) } else { row.status.label().to_owned() };
        spreadsheet::text(ws, r, 4, &status, if row.overdue { &f.red } else { &f.text })?;
        let at = row
            .submitted_at
            .map(|t| t.and_utc().with_timezone(&chrono_tz::Asia::Shanghai).format("%Y-%m-%d %H:%M").to_string())
            .unwrap_or_default();
        spreadsheet::text(ws, r, 5, &at, &f.text)?;
        spreadsheet::text(ws, r, 6, row.comment.as_deref().unwrap_or(""), &f.wrap)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn milestone_statuses() {
        let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
        let today = d("2024-07-10");
        assert_eq!(super::milestone_status(d("2024-07-01"), Some(d("2024-09-02")), today), "past");
        assert_eq!(super::milestone_status(d("2024-09-02"), Some(d("2024-09-02")), today), "next");
        assert_eq!(super::milestone_status(d("2024-12-02"), Some(d("2024-09-02")), today), "upcoming");
    }
}
