//! Campaigns with their milestones, and the dispatch-meeting workbook (调度会报表). The read
//! models are `service::reports`.

use actix_web::{HttpResponse, get, http::header, patch, post, web};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::api::common::CampaignNotFound;
use crate::{
    api::{common::FileBytes, extract::ApiJson, state::AppState},
    db::CampaignId,
    error::{ApiError, Problem},
    service::{
        Context,
        campaigns::{self, CloseCampaign, CreateCampaign, UpdateCampaign},
        reports::{self, CampaignDto, DispatchReport, MilestoneDto},
    },
    spreadsheet,
};

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
pub async fn list_campaigns(state: web::Data<AppState>, cx: Context) -> Result<HttpResponse, ApiError> {
    let list = state.db(move |conn| reports::list_campaigns(conn, &cx)).await?;
    Ok(HttpResponse::Ok().json(list))
}

/// 新建专项行动
///
/// Office only. Created in 筹备 (`draft`) with its phases and milestones; the code is used in
/// problem numbers (`LY2025-00001`, a gap-free sequence per campaign). Audited.
#[utoipa::path(
    tag = "reports",
    operation_id = "createCampaign",
    request_body = CreateCampaign,
    responses(
        (status = 201, description = "已创建 (筹备)", body = CampaignDto),
        (status = 403, description = "只有综合办公室可以管理专项行动", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "编号代码已被使用", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = [])),
)]
#[post("/campaigns")]
pub async fn create_campaign(
    state: web::Data<AppState>,
    cx: Context,
    body: ApiJson<CreateCampaign>,
) -> Result<HttpResponse, ApiError> {
    let created = state.write(move |conn| campaigns::create(conn, &cx, body.0)).await??;
    Ok(HttpResponse::Created().insert_header(("Location", format!("/api/v1/campaigns/{}", created.id))).json(created))
}

/// 编辑专项行动
///
/// Office only. Name, dates and milestones of a campaign in 筹备 or 进行中 (the code never
/// changes: numbers carry it). `milestones` is the whole list: items with an `id` keep that
/// milestone and its submissions, items without are new, one left out is removed unless units
/// have filed or uploaded for it (409 `milestone_in_use`). A closed campaign, or the standing one,
/// is not edited (409 `campaign_state`). Audited.
#[utoipa::path(
    tag = "reports",
    operation_id = "updateCampaign",
    params(("id" = CampaignId, Path, description = "专项行动 id")),
    request_body = UpdateCampaign,
    responses(
        (status = 200, description = "已保存", body = CampaignDto),
        (status = 403, description = "只有综合办公室可以管理专项行动", body = Problem, content_type = "application/problem+json"),
        CampaignNotFound,
        (status = 409, description = "已结束, 或要删除的节点已有报送", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "字段有误 (指明字段)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = [])),
)]
#[patch("/campaigns/{id}")]
pub async fn update_campaign(
    state: web::Data<AppState>,
    cx: Context,
    id: web::Path<CampaignId>,
    body: ApiJson<UpdateCampaign>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let campaign = state.write(move |conn| campaigns::update(conn, &cx, &id, body.0)).await??;
    Ok(HttpResponse::Ok().json(campaign))
}

/// 开启专项行动
///
/// Office only. From now on new problems join it (numbered in its sequence); only one campaign is
/// open at a time (409 `campaign_open` names the open one), the standing 常态化监测 campaign aside.
#[utoipa::path(
    tag = "reports",
    operation_id = "openCampaign",
    params(("id" = CampaignId, Path, description = "专项行动 id")),
    responses(
        (status = 200, description = "已开启", body = CampaignDto),
        (status = 403, description = "只有综合办公室可以管理专项行动", body = Problem, content_type = "application/problem+json"),
        CampaignNotFound,
        (status = 409, description = "已开启、已结束, 或另一专项行动正在进行中", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = [])),
)]
#[post("/campaigns/{id}/open")]
pub async fn open_campaign(
    state: web::Data<AppState>,
    cx: Context,
    id: web::Path<CampaignId>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let campaign = state.write(move |conn| campaigns::open(conn, &cx, &id)).await??;
    Ok(HttpResponse::Ok().json(campaign))
}

/// 结束专项行动
///
/// Office only. Nothing new joins it (until a campaign is opened, new problems join the
/// standing 常态化监测 campaign); today's figures are frozen in its snapshot; with `carry_over`
/// its problems not yet closed move to the standing campaign, keeping their numbers and history.
#[utoipa::path(
    tag = "reports",
    operation_id = "closeCampaign",
    params(("id" = CampaignId, Path, description = "专项行动 id")),
    request_body = CloseCampaign,
    responses(
        (status = 200, description = "已结束", body = CampaignDto),
        (status = 403, description = "只有综合办公室可以管理专项行动", body = Problem, content_type = "application/problem+json"),
        CampaignNotFound,
        (status = 409, description = "尚未开启、已结束, 或为常态化监测", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = [])),
)]
#[post("/campaigns/{id}/close")]
pub async fn close_campaign(
    state: web::Data<AppState>,
    cx: Context,
    id: web::Path<CampaignId>,
    body: ApiJson<CloseCampaign>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let campaign = state.write(move |conn| campaigns::close(conn, &cx, &id, body.0)).await??;
    Ok(HttpResponse::Ok().json(campaign))
}

/// 专项行动节点
///
/// The campaign's milestones by due date, each with what it asks for (`deliverable`) and whether
/// it is past, next or upcoming.
#[utoipa::path(
    tag = "reports",
    operation_id = "listCampaignMilestones",
    params(("id" = CampaignId, Path, description = "专项行动 id")),
    responses(
        (status = 200, description = "节点", body = Vec<MilestoneDto>),
        CampaignNotFound,
    ),
    security(("bearer_jwt" = [])),
)]
#[get("/campaigns/{id}/milestones")]
pub async fn list_milestones(
    state: web::Data<AppState>,
    cx: Context,
    id: web::Path<CampaignId>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let list = state.db(move |conn| campaigns::milestones(conn, &cx, &id)).await?;
    Ok(HttpResponse::Ok().json(list))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DispatchQuery {
    /// Default: the current campaign.
    pub campaign_id: Option<CampaignId>,
    /// The report date (Asia/Shanghai); default today. A past date is printed from the
    /// snapshot stored that day (422 when there is none).
    pub date: Option<NaiveDate>,
    /// The previous report's date, for the changes (its stored snapshot; 422 when there is
    /// none); default the latest snapshot at least seven days before `date`, if any.
    pub previous_date: Option<NaiveDate>,
}

/// 调度会报表 (XLSX)
///
/// Sheets 总体情况, 分组进展, 分单位进展 (totals, closed as rectified, rate, overdue, dismissed,
/// change since the previous report date), 逾期清单 (with days overdue), 分期逾期 (problems
/// behind their repayment plans: instalments missed, since when, what they lack), 节点安排
/// (milestones, the next one marked) and 节点报送 (each unit asked, as it stood that day). Today's figures come from the ledger; a past date's and
/// the previous date's from the daily snapshots (统计快照), never recomputed. Rows of the
/// caller's data scope (work groups led, own unit). Audited.
#[utoipa::path(
    tag = "reports",
    operation_id = "dispatchReport",
    params(DispatchQuery),
    responses(
        (status = 200, description = "XLSX 工作簿", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = FileBytes),
        (status = 403, description = "角色无权导出", body = Problem, content_type = "application/problem+json"),
        CampaignNotFound,
        (status = 422, description = "该日期没有统计快照, 或日期晚于今天", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = [])),
)]
#[get("/reports/dispatch.xlsx")]
pub async fn dispatch_report(
    state: web::Data<AppState>,
    cx: Context,
    query: web::Query<DispatchQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = query.into_inner();
    let cmd = DispatchReport { campaign_id: q.campaign_id, date: q.date, previous_date: q.previous_date };
    let report = state.write(move |conn| reports::dispatch_report(conn, &cx, cmd)).await??;
    let (code, date) = (report.campaign_code, report.date);
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, spreadsheet::XLSX_MIME))
        .insert_header((
            header::CONTENT_DISPOSITION,
            spreadsheet::attachment(&format!("dispatch-{code}-{date}.xlsx"), &format!("调度会报表-{code}-{date}.xlsx")),
        ))
        .body(report.bytes))
}

/// 总结报表 (XLSX)
///
/// A closed campaign's workbook: the dispatch workbook's sheets (节点报送 included) for the day it
/// closed, from the snapshot frozen at closing, so it never changes; rows of the caller's data
/// scope. 409 until the campaign has closed. Audited.
#[utoipa::path(
    tag = "reports",
    operation_id = "campaignSummaryReport",
    params(("id" = CampaignId, Path, description = "专项行动 id")),
    responses(
        (status = 200, description = "XLSX 工作簿", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = FileBytes),
        (status = 403, description = "角色无权导出", body = Problem, content_type = "application/problem+json"),
        CampaignNotFound,
        (status = 409, description = "专项行动尚未结束", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = [])),
)]
#[get("/campaigns/{id}/summary.xlsx")]
pub async fn summary_report(
    state: web::Data<AppState>,
    cx: Context,
    id: web::Path<CampaignId>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let report = state.write(move |conn| reports::summary_report(conn, &cx, &id)).await??;
    let code = report.campaign_code;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, spreadsheet::XLSX_MIME))
        .insert_header((
            header::CONTENT_DISPOSITION,
            spreadsheet::attachment(&format!("summary-{code}.xlsx"), &format!("总结报表-{code}.xlsx")),
        ))
        .body(report.bytes))
}

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(list_campaigns)
        .service(create_campaign)
        .service(update_campaign)
        .service(open_campaign)
        .service(close_campaign)
        .service(list_milestones)
        .service(dispatch_report)
        .service(summary_report);
}
