//! Campaigns with their milestones, and the dispatch-meeting workbook (调度会报表).

use std::collections::HashMap;

use actix_web::{HttpResponse, get, http::header, web};
use chrono::NaiveDate;
use rust_xlsxwriter::Workbook;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::{
    api::common::FileBytes,
    api::state::AppState,
    audit::{self, Entry},
    auth::Principal,
    clock::shanghai_day_start,
    db::{CampaignId, DbConnection, GroupId, MilestoneId, PhaseId, UnitId},
    domain::{permissions::Permission, warning::Warning},
    error::{ApiError, Problem},
    service::scope::visibility_of,
    spreadsheet::{self, Formats},
    store::{
        self,
        issues::{ListFilter, Sort, Visibility},
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

/// 专项行动列表
///
/// Campaigns with their phases and milestones, newest first; the milestone due next is marked.
#[utoipa::path(
    tag = "reports",
    operation_id = "listCampaigns",
    responses(
        (status = 200, description = "专项行动", body = Vec<CampaignDto>),
    ),
    security(("bearer_jwt" = [])),
)]
#[get("/campaigns")]
pub async fn list_campaigns(state: web::Data<AppState>, principal: Principal) -> Result<HttpResponse, ApiError> {
    principal.require(Permission::ReadOrganisation)?;
    let today = state.clock.today();
    let list = state
        .db(move |conn| {
            store::campaigns::list(conn)?
                .into_iter()
                .map(|c| campaign_dto(conn, c, today))
                .collect::<Result<Vec<_>, _>>()
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DispatchQuery {
    /// Default: the current campaign.
    pub campaign_id: Option<CampaignId>,
    /// The report date (Asia/Shanghai); default today.
    pub date: Option<NaiveDate>,
    /// The previous report's date, for the changes; default seven days before `date`.
    pub previous_date: Option<NaiveDate>,
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

/// Builds the dispatch workbook.
pub fn dispatch_workbook(
    conn: &mut DbConnection,
    v: &Visibility,
    campaign: &store::campaigns::Campaign,
    date: NaiveDate,
    previous: NaiveDate,
    window_days: i64,
) -> Result<Vec<u8>, ApiError> {
    let base = ListFilter { campaign_id: Some(campaign.id.clone()), today: date, window_days, ..Default::default() };
    let now = progress_as_of(conn, v, &base, date)?;
    let before = progress_as_of(conn, v, &base, previous)?;
    let groups = store::groups::list(conn)?;
    let units: HashMap<UnitId, String> = store::units::list(conn, true)?.into_iter().map(|u| (u.id, u.name)).collect();
    let f = Formats::new();
    let mut wb = Workbook::new();
    let xl = |e: rust_xlsxwriter::XlsxError| ApiError::internal(e);

    // 总体情况
    let total_now = sum_by(&now, |_| Some(()));
    let total_before = sum_by(&before, |_| Some(()));
    let (t, p) = (total_now.get(&()).copied().unwrap_or_default(), total_before.get(&()).copied().unwrap_or_default());
    {
        let ws = wb.add_worksheet().set_name("总体情况").map_err(xl)?;
        ws.write_string_with_format(0, 0, format!("{} 调度会报表", campaign.name), &f.title).map_err(xl)?;
        ws.write_string(1, 0, format!("报表日期: {date}    上期日期: {previous}")).map_err(xl)?;
        spreadsheet::header(ws, 3, &[("指标", 18.0), ("本期", 12.0), ("上期", 12.0), ("变化", 12.0)], &f)
            .map_err(xl)?;
        let rows =
            [("问题总数", t.total, p.total), ("已销号", t.closed, p.closed), ("逾期未完成", t.overdue, p.overdue)];
        for (i, (name, a, b)) in rows.iter().enumerate() {
            let r = 4 + i as u32;
            ws.write_string_with_format(r, 0, *name, &f.text).map_err(xl)?;
            ws.write_number_with_format(r, 1, *a as f64, &f.number).map_err(xl)?;
            ws.write_number_with_format(r, 2, *b as f64, &f.number).map_err(xl)?;
            ws.write_number_with_format(r, 3, (*a - *b) as f64, &f.number).map_err(xl)?;
        }
        ws.write_string_with_format(7, 0, "销号率", &f.text).map_err(xl)?;
        ws.write_number_with_format(7, 1, ratio(t.closed, t.total), &f.percent).map_err(xl)?;
        ws.write_number_with_format(7, 2, ratio(p.closed, p.total), &f.percent).map_err(xl)?;
        ws.write_number_with_format(7, 3, ratio(t.closed, t.total) - ratio(p.closed, p.total), &f.percent)
            .map_err(xl)?;
    }

    // 分组进展 / 分单位进展
    let columns = [
        ("名称", 30.0),
        ("问题总数", 10.0),
        ("已销号", 10.0),
        ("销号率", 10.0),
        ("逾期", 10.0),
        ("较上期新增问题", 14.0),
        ("较上期新增销号", 14.0),
    ];
    let write_table = |ws: &mut rust_xlsxwriter::Worksheet,
                       rows: Vec<(String, Progress, Progress)>|
     -> Result<(), rust_xlsxwriter::XlsxError> {
        spreadsheet::header(ws, 0, &columns, &f)?;
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
    };
    let by_group_now = sum_by(&now, |(g, _)| Some(g.clone()));
    let by_group_before = sum_by(&before, |(g, _)| Some(g.clone()));
    let group_rows: Vec<(String, Progress, Progress)> = groups
        .iter()
        .filter_map(|g| {
            let n = by_group_now.get(&g.id).copied()?;
            Some((g.name.clone(), n, by_group_before.get(&g.id).copied().unwrap_or_default()))
        })
        .collect();
    write_table(wb.add_worksheet().set_name("分组进展").map_err(xl)?, group_rows).map_err(xl)?;
    let by_unit_now = sum_by(&now, |(_, u)| u.clone());
    let by_unit_before = sum_by(&before, |(_, u)| u.clone());
    let mut unit_rows: Vec<(String, Progress, Progress)> = by_unit_now
        .iter()
        .map(|(u, n)| {
            (units.get(u).cloned().unwrap_or_default(), *n, by_unit_before.get(u).copied().unwrap_or_default())
        })
        .collect();
    unit_rows.sort_by(|a, b| b.1.total.cmp(&a.1.total).then(a.0.cmp(&b.0)));
    write_table(wb.add_worksheet().set_name("分单位进展").map_err(xl)?, unit_rows).map_err(xl)?;

    // 逾期清单
    {
        let ws = wb.add_worksheet().set_name("逾期清单").map_err(xl)?;
        let cols = [
            ("编号", 16.0),
            ("问题", 40.0),
            ("工作组", 26.0),
            ("责任单位", 22.0),
            ("整改时限", 12.0),
            ("逾期天数", 10.0),
            ("状态", 8.0),
        ];
        spreadsheet::header(ws, 0, &cols, &f).map_err(xl)?;
        ws.set_freeze_panes(1, 0).map_err(xl)?;
        let overdue = ListFilter {
            warning: Some(Warning::Red),
            created_to: Some(shanghai_day_start(date + chrono::Duration::days(1))),
            ..base.clone()
        };
        let rows = store::issues::list(conn, v, &overdue, Sort::DeadlineAsc, 0, 100_000)?;
        for (i, issue) in rows.iter().enumerate() {
            let r = 1 + i as u32;
            let group = groups.iter().find(|g| g.id == issue.group_id).map(|g| g.name.clone()).unwrap_or_default();
            let unit = issue.responsible_unit_id.as_ref().and_then(|u| units.get(u).cloned()).unwrap_or_default();
            spreadsheet::text(ws, r, 0, &issue.number, &f.text).map_err(xl)?;
            spreadsheet::text(ws, r, 1, &issue.title, &f.wrap).map_err(xl)?;
            spreadsheet::text(ws, r, 2, &group, &f.text).map_err(xl)?;
            spreadsheet::text(ws, r, 3, &unit, &f.text).map_err(xl)?;
            let deadline = issue.deadline.map(|d| d.to_string()).unwrap_or_default();
            spreadsheet::text(ws, r, 4, &deadline, &f.text).map_err(xl)?;
            let days = issue.deadline.map(|d| (date - d).num_days()).unwrap_or(0);
            ws.write_number_with_format(r, 5, days as f64, &f.red).map_err(xl)?;
            spreadsheet::text(ws, r, 6, issue.state.label(), &f.text).map_err(xl)?;
        }
    }

    // 节点安排
    {
        let ws = wb.add_worksheet().set_name("节点安排").map_err(xl)?;
        spreadsheet::header(ws, 0, &[("阶段", 24.0), ("节点", 44.0), ("时间", 12.0), ("状态", 10.0)], &f)
            .map_err(xl)?;
        let phases = store::campaigns::phases(conn, &campaign.id)?;
        let milestones = store::campaigns::milestones(conn, &campaign.id)?;
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
            spreadsheet::text(ws, r, 0, &phase, &f.text).map_err(xl)?;
            spreadsheet::text(ws, r, 1, &m.title, &f.text).map_err(xl)?;
            spreadsheet::text(ws, r, 2, &m.due_on.to_string(), &f.text).map_err(xl)?;
            spreadsheet::text(ws, r, 3, status, if status == "下一节点" { &f.yellow } else { &f.text }).map_err(xl)?;
        }
    }
    spreadsheet::save(wb).map_err(xl)
}

/// 调度会报表 (XLSX)
///
/// Sheets 总体情况, 分组进展, 分单位进展 (totals, closed, rate, overdue, change since the previous
/// report date), 逾期清单 (with days overdue) and 节点安排 (milestones, the next one marked).
/// Scoped to the caller's data scope. Audited.
#[utoipa::path(
    tag = "reports",
    operation_id = "dispatchReport",
    params(DispatchQuery),
    responses(
        (status = 200, description = "XLSX 工作簿", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = FileBytes),
        (status = 403, description = "角色无权导出", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "专项行动不存在", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = [])),
)]
#[get("/reports/dispatch.xlsx")]
pub async fn dispatch_report(
    state: web::Data<AppState>,
    principal: Principal,
    meta: crate::audit::RequestMeta,
    query: web::Query<DispatchQuery>,
) -> Result<HttpResponse, ApiError> {
    principal.require(Permission::ExportIssues)?;
    let date = query.date.unwrap_or_else(|| state.clock.today());
    let previous = query.previous_date.unwrap_or(date - chrono::Duration::days(7));
    let campaign_id = query.campaign_id.clone();
    let window = state.config.warning_days;
    let (bytes, campaign_code) = state
        .write(move |conn| {
            let campaign = match &campaign_id {
                Some(id) => store::campaigns::find(conn, id)?,
                None => store::campaigns::current(conn)?,
            }
            .ok_or_else(|| ApiError::not_found("专项行动不存在"))?;
            let bytes = dispatch_workbook(conn, &visibility_of(&principal), &campaign, date, previous, window)?;
            audit::append(
                conn,
                Entry::new(&principal.actor(), &meta, "report.dispatch", "campaign")
                    .entity(&campaign.id)
                    .after(serde_json::json!({ "date": date, "previous_date": previous, "bytes": bytes.len() })),
            )?;
            Ok((bytes, campaign.code))
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, spreadsheet::XLSX_MIME))
        .insert_header((
            header::CONTENT_DISPOSITION,
            spreadsheet::attachment(
                &format!("dispatch-{campaign_code}-{date}.xlsx"),
                &format!("调度会报表-{campaign_code}-{date}.xlsx"),
            ),
        ))
        .body(bytes))
}

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(list_campaigns).service(dispatch_report);
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
