//! Campaigns with their milestones, and the dispatch-meeting workbook (调度会报表): read models
//! over the caller's data scope.

use std::collections::HashMap;

use chrono::NaiveDate;
use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};
use serde::Serialize;
use utoipa::ToSchema;

use crate::{
    audit::{self, Entry},
    clock::shanghai_day_start,
    db::{CampaignId, DbConnection, GroupId, MilestoneId, PhaseId, UnitId},
    domain::{permissions::Permission, warning::Warning},
    error::ApiError,
    service::{Committed, Context, guarded},
    spreadsheet::{self, Formats},
    store::{
        self,
        campaigns::Campaign,
        groups::Group,
        issues::{Issue, ListFilter, Sort, Visibility},
    },
};

#[derive(Debug, Serialize, ToSchema)]
pub struct MilestoneDto {
    pub id: MilestoneId,
    pub phase_id: Option<PhaseId>,
    #[schema(example = "各工作组整改措施报区营商办")]
    pub title: String,
    pub due_on: NaiveDate,
    /// `past`, `next` (the first one due from today) or `upcoming`.
    #[schema(example = "next")]
    pub status: String,
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
    pub active: bool,
    pub phases: Vec<PhaseDto>,
    pub milestones: Vec<MilestoneDto>,
}

fn milestone_status(due: NaiveDate, next: Option<NaiveDate>, today: NaiveDate) -> &'static str {
    if due < today {
        "past"
    } else if Some(due) == next {
        "next"
    } else {
        "upcoming"
    }
}

fn campaign_dto(
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
        milestones: milestones
            .into_iter()
            .map(|m| MilestoneDto {
                status: milestone_status(m.due_on, next, today).into(),
                id: m.id,
                phase_id: m.phase_id,
                title: m.title,
                due_on: m.due_on,
            })
            .collect(),
        id: c.id,
        code: c.code,
        name: c.name,
        year: c.year,
        starts_on: c.starts_on,
        ends_on: c.ends_on,
        active: c.active,
    })
}

/// 专项行动列表: newest first; the milestone due next is marked.
pub fn list_campaigns(conn: &mut DbConnection, cx: &Context) -> Result<Vec<CampaignDto>, ApiError> {
    cx.principal.require(Permission::ReadOrganisation)?;
    let today = cx.clock.today();
    store::campaigns::list(conn)?.into_iter().map(|c| campaign_dto(conn, c, today)).collect()
}

/// Which dispatch report: a campaign (default the current one), its date (default today) and
/// the previous report's date (default seven days before).
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

/// 调度会报表: built over the caller's scope, audited (`report.dispatch`).
pub fn dispatch_report(
    conn: &mut DbConnection,
    cx: &Context,
    cmd: DispatchReport,
) -> Result<Committed<DispatchWorkbook>, ApiError> {
    guarded(conn, cx, Permission::ExportIssues, ("report.dispatch", "campaign"), |conn| {
        let date = cmd.date.unwrap_or_else(|| cx.clock.today());
        let previous = cmd.previous_date.unwrap_or(date - chrono::Duration::days(7));
        let campaign = match &cmd.campaign_id {
            Some(id) => store::campaigns::find(conn, id)?,
            None => store::campaigns::current(conn)?,
        }
        .ok_or_else(|| ApiError::not_found("专项行动不存在"))?;
        let bytes = dispatch_workbook(conn, &cx.visibility(), &campaign, (date, previous), cx.warning_days)?;
        audit::append(
            conn,
            Entry::new(&cx.actor(), &cx.meta, "report.dispatch", "campaign")
                .entity(&campaign.id)
                .after(serde_json::json!({ "date": date, "previous_date": previous, "bytes": bytes.len() })),
        )?;
        Ok(DispatchWorkbook { bytes, campaign_code: campaign.code, date })
    })
}

/// Per (group, unit) figures as of a date.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub total: i64,
    pub closed: i64,
    pub overdue: i64,
}

/// Totals and closures registered/closed by the end of `date`, and problems overdue on it.
pub fn progress_as_of(
    conn: &mut DbConnection,
    v: &Visibility,
    base: &ListFilter,
    date: NaiveDate,
) -> Result<HashMap<(GroupId, Option<UnitId>), Progress>, ApiError> {
    let end = shanghai_day_start(date + chrono::Duration::days(1));
    let registered = ListFilter { created_to: Some(end), ..base.clone() };
    let closed = ListFilter { closed_before: Some(end), ..registered.clone() };
    let overdue = ListFilter { warning: Some(Warning::Red), today: date, ..registered.clone() };
    let mut out: HashMap<(GroupId, Option<UnitId>), Progress> = HashMap::new();
    for (g, u, _, n) in store::stats::counts(conn, v, &registered)? {
        out.entry((g, u)).or_default().total += n;
    }
    for (g, u, _, n) in store::stats::counts(conn, v, &closed)? {
        out.entry((g, u)).or_default().closed += n;
    }
    for (g, u, _, n) in store::stats::counts(conn, v, &overdue)? {
        out.entry((g, u)).or_default().overdue += n;
    }
    Ok(out)
}

fn sum_by<K: std::hash::Hash + Eq + Clone>(
    data: &HashMap<(GroupId, Option<UnitId>), Progress>,
    key: impl Fn(&(GroupId, Option<UnitId>)) -> Option<K>,
) -> HashMap<K, Progress> {
    let mut out: HashMap<K, Progress> = HashMap::new();
    for (k, p) in data {
        if let Some(key) = key(k) {
            let e = out.entry(key).or_default();
            e.total += p.total;
            e.closed += p.closed;
            e.overdue += p.overdue;
        }
    }
    out
}

fn ratio(part: i64, whole: i64) -> f64 {
    if whole == 0 { 0.0 } else { part as f64 / whole as f64 }
}

/// The organisation's names, for the sheets.
struct Names {
    groups: Vec<Group>,
    units: HashMap<UnitId, String>,
}

impl Names {
    fn group(&self, id: &GroupId) -> String {
        self.groups.iter().find(|g| &g.id == id).map(|g| g.name.clone()).unwrap_or_default()
    }

    fn unit(&self, id: Option<&UnitId>) -> String {
        id.and_then(|u| self.units.get(u).cloned()).unwrap_or_default()
    }
}

/// Builds the dispatch workbook for a report date and the previous one.
pub fn dispatch_workbook(
    conn: &mut DbConnection,
    v: &Visibility,
    campaign: &Campaign,
    (date, previous): (NaiveDate, NaiveDate),
    window_days: i64,
) -> Result<Vec<u8>, ApiError> {
    let base = ListFilter { campaign_id: Some(campaign.id.clone()), today: date, window_days, ..Default::default() };
    let now = progress_as_of(conn, v, &base, date)?;
    let before = progress_as_of(conn, v, &base, previous)?;
    let names = Names {
        groups: store::groups::list(conn)?,
        units: store::units::list(conn, true)?.into_iter().map(|u| (u.id, u.name)).collect(),
    };
    let overdue = ListFilter {
        warning: Some(Warning::Red),
        created_to: Some(shanghai_day_start(date + chrono::Duration::days(1))),
        ..base
    };
    let overdue = store::issues::list(conn, v, &overdue, Sort::DeadlineAsc, 0, 100_000)?;
    let phases = store::campaigns::phases(conn, &campaign.id)?;
    let milestones = store::campaigns::milestones(conn, &campaign.id)?;
    let f = Formats::new();
    let mut wb = Workbook::new();
    let write = |wb: &mut Workbook| -> Result<(), XlsxError> {
        summary_sheet(wb.add_worksheet().set_name("总体情况")?, &f, campaign, (date, previous), (&now, &before))?;
        progress_sheet(wb.add_worksheet().set_name("分组进展")?, &f, group_rows(&names, &now, &before))?;
        progress_sheet(wb.add_worksheet().set_name("分单位进展")?, &f, unit_rows(&names, &now, &before))?;
        overdue_sheet(wb.add_worksheet().set_name("逾期清单")?, &f, &names, &overdue, date)?;
        milestone_sheet(wb.add_worksheet().set_name("节点安排")?, &f, &phases, &milestones, date)
    };
    write(&mut wb).map_err(ApiError::internal)?;
    spreadsheet::save(wb).map_err(ApiError::internal)
}

type ByKey = HashMap<(GroupId, Option<UnitId>), Progress>;

/// 总体情况: totals now and at the previous date, and the change.
fn summary_sheet(
    ws: &mut Worksheet,
    f: &Formats,
    campaign: &Campaign,
    (date, previous): (NaiveDate, NaiveDate),
    (now, before): (&ByKey, &ByKey),
) -> Result<(), XlsxError> {
    let t = sum_by(now, |_| Some(())).get(&()).copied().unwrap_or_default();
    let p = sum_by(before, |_| Some(())).get(&()).copied().unwrap_or_default();
    ws.write_string_with_format(0, 0, format!("{} 调度会报表", campaign.name), &f.title)?;
    ws.write_string(1, 0, format!("报表日期: {date}    上期日期: {previous}"))?;
    spreadsheet::header(ws, 3, &[("指标", 18.0), ("本期", 12.0), ("上期", 12.0), ("变化", 12.0)], f)?;
    let rows = [("问题总数", t.total, p.total), ("已销号", t.closed, p.closed), ("逾期未完成", t.overdue, p.overdue)];
    for (i, (name, a, b)) in rows.iter().enumerate() {
        let r = 4 + i as u32;
        ws.write_string_with_format(r, 0, *name, &f.text)?;
        ws.write_number_with_format(r, 1, *a as f64, &f.number)?;
        ws.write_number_with_format(r, 2, *b as f64, &f.number)?;
        ws.write_number_with_format(r, 3, (*a - *b) as f64, &f.number)?;
    }
    ws.write_string_with_format(7, 0, "销号率", &f.text)?;
    ws.write_number_with_format(7, 1, ratio(t.closed, t.total), &f.percent)?;
    ws.write_number_with_format(7, 2, ratio(p.closed, p.total), &f.percent)?;
    ws.write_number_with_format(7, 3, ratio(t.closed, t.total) - ratio(p.closed, p.total), &f.percent)?;
    Ok(())
}

/// A progress row: the name, the figures now and at the previous date.
type ProgressRow = (String, Progress, Progress);

fn group_rows(names: &Names, now: &ByKey, before: &ByKey) -> Vec<ProgressRow> {
    let by_group_now = sum_by(now, |(g, _)| Some(g.clone()));
    let by_group_before = sum_by(before, |(g, _)| Some(g.clone()));
    names
        .groups
        .iter()
        .filter_map(|g| {
            let n = by_group_now.get(&g.id).copied()?;
            Some((g.name.clone(), n, by_group_before.get(&g.id).copied().unwrap_or_default()))
        })
        .collect()
}

fn unit_rows(names: &Names, now: &ByKey, before: &ByKey) -> Vec<ProgressRow> {
    let by_unit_before = sum_by(before, |(_, u)| u.clone());
    let mut rows: Vec<ProgressRow> = sum_by(now, |(_, u)| u.clone())
        .into_iter()
        .map(|(u, n)| (names.unit(Some(&u)), n, by_unit_before.get(&u).copied().unwrap_or_default()))
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
        ws.write_number_with_format(r, 5, (n.total - b.total) as f64, &f.number)?;
        ws.write_number_with_format(r, 6, (n.closed - b.closed) as f64, &f.number)?;
    }
    Ok(())
}

/// 逾期清单: with the days overdue at the report date.
fn overdue_sheet(
    ws: &mut Worksheet,
    f: &Formats,
    names: &Names,
    rows: &[Issue],
    date: NaiveDate,
) -> Result<(), XlsxError> {
    let cols = [
        ("编号", 16.0),
        ("问题", 40.0),
        ("工作组", 26.0),
        ("责任单位", 22.0),
        ("整改时限", 12.0),
        ("逾期天数", 10.0),
        ("状态", 8.0),
    ];
    spreadsheet::header(ws, 0, &cols, f)?;
    ws.set_freeze_panes(1, 0)?;
    for (i, issue) in rows.iter().enumerate() {
        let r = 1 + i as u32;
        spreadsheet::text(ws, r, 0, &issue.number, &f.text)?;
        spreadsheet::text(ws, r, 1, &issue.title, &f.wrap)?;
        spreadsheet::text(ws, r, 2, &names.group(&issue.group_id), &f.text)?;
        spreadsheet::text(ws, r, 3, &names.unit(issue.responsible_unit_id.as_ref()), &f.text)?;
        let deadline = issue.deadline.map(|d| d.to_string()).unwrap_or_default();
        spreadsheet::text(ws, r, 4, &deadline, &f.text)?;
        let days = issue.deadline.map(|d| (date - d).num_days()).unwrap_or(0);
        ws.write_number_with_format(r, 5, days as f64, &f.red)?;
        spreadsheet::text(ws, r, 6, issue.state.label(), &f.text)?;
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
