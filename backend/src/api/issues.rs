//! Problems (问题): register, list, read, edit, transitions, progress, timeline, by reference.
//! Each handler extracts, calls one use case of `service::issues`, and answers its read model.

use actix_web::{HttpRequest, HttpResponse, HttpResponseBuilder, get, http::header, patch, post, put, web};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::api::common::Conditional;
use crate::{
    api::{
        common::{IssueErrors, PageQuery, Validator},
        extract::{ApiJson, ReadContext, if_match},
        state::AppState,
    },
    clock::{shanghai_day_end, shanghai_day_start},
    db::{CampaignId, GroupId, IssueId, UnitId},
    domain::{lifecycle::State, warning::Warning},
    error::{ApiError, Problem},
    service::{
        Context, Page,
        issues::{
            self, CreateIssue, IssueDto, PaymentDto, PaymentList, ProgressRequest, RecordPayment, RepaymentPlanDto,
            SetFacts, SetRepaymentPlan, TimelineEntry, TransitionRequest, UpdateIssue,
            feed::{self, IssueFeed, PublicIssueFeed},
            public::{self, PublicIssue},
            reply::ReplyRequest,
        },
    },
    store::issues::{ListFilter, Sort},
};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct IssueListQuery {
    /// One state or several, comma separated (`assigned,rectifying`).
    #[param(value_type = Option<Vec<State>>, style = Form, explode = false, example = json!(["rectifying"]))]
    pub state: Option<String>,
    pub group_id: Option<GroupId>,
    /// Responsible or cooperating unit.
    pub unit_id: Option<UnitId>,
    pub category: Option<String>,
    pub source: Option<String>,
    pub warning: Option<Warning>,
    pub campaign_id: Option<CampaignId>,
    /// Searches title, description, enterprise name and number (at most 100 characters). A
    /// keyword of one or two characters in very many problems gives a `total` that is a lower
    /// bound (`total_exact: false`).
    #[param(max_length = 100)]
    pub q: Option<String>,
    pub enterprise_uscc: Option<String>,
    pub deadline_from: Option<NaiveDate>,
    pub deadline_to: Option<NaiveDate>,
    /// Registered on or after this date (Asia/Shanghai).
    pub created_from: Option<NaiveDate>,
    /// Registered on or before this date (Asia/Shanghai).
    pub created_to: Option<NaiveDate>,
    /// `-created_at` (default), `created_at`, `deadline`, `-deadline`, `-updated_at`, `number`, `-number`, `amount_involved_fen`, `-amount_involved_fen`.
    pub sort: Option<Sort>,
    /// Change feed: the problems changed at or after this time (RFC 3339), in the order of their
    /// changes; the answer's `next_cursor` continues it. `page` and `sort` do not apply.
    #[param(value_type = Option<String>, format = DateTime, example = "2024-06-01T00:00:00+08:00")]
    pub updated_since: Option<DateTime<Utc>>,
    /// Change feed: continue after the page that answered this `next_cursor` (opaque).
    #[param(max_length = 100)]
    pub cursor: Option<String>,
    /// `missed_instalment`: only problems behind their repayment plan (an instalment past due
    /// and not fully paid).
    #[param(inline)]
    pub repayment: Option<RepaymentFilter>,
    /// 账龄 band from the agreed payment date: `lt_6m`, `m6_12`, `y1_2`, `gt_2y`.
    #[param(inline)]
    pub arrears_age: Option<crate::domain::repayment::AgeBand>,
    /// 欠款主体性质: `agency`, `institution`, `soe`.
    #[param(inline)]
    pub debtor_nature: Option<crate::domain::repayment::DebtorNature>,
    /// 有无分歧.
    pub disputed: Option<bool>,
}

/// The repayment filter of the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
pub enum RepaymentFilter {
    #[serde(rename = "missed_instalment")]
    MissedInstalment,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PlanQuery {
    /// A version of the plan (default: the current one).
    #[param(minimum = 1, maximum = 100000)]
    pub version: Option<i32>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ByRefQuery {
    #[param(example = "complaint")]
    pub source: String,
    #[param(example = "TS-2024-0815")]
    pub r#ref: String,
}

/// The list's filter from the query (422 naming a bad parameter). The warning's "today" is set
/// by the use case from its clock.
pub fn list_filter(q: &IssueListQuery) -> Result<ListFilter, ApiError> {
    let mut v = Validator::default();
    let mut states = Vec::new();
    if let Some(s) = &q.state {
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            match State::from_code(part) {
                Some(st) => states.push(st),
                None => v.add("state", format!("未知状态 {part:?}")),
            }
        }
    }
    let keyword = q.q.as_deref().map(str::trim).filter(|s| !s.is_empty());
    if keyword.is_some_and(|k| k.chars().count() > 100) {
        v.add("q", "关键词不能超过 100 个字符");
    }
    // The feed's cursor is opaque, but bounded like the schema says (exports share the query).
    if q.cursor.as_deref().is_some_and(|c| c.chars().count() > 100) {
        v.add("cursor", "游标不能超过 100 个字符");
    }
    v.finish()?;
    Ok(ListFilter {
        states,
        group_id: q.group_id.clone(),
        unit_id: q.unit_id.clone(),
        category: q.category.clone().filter(|s| !s.is_empty()),
        source: q.source.clone().filter(|s| !s.is_empty()),
        warning: q.warning,
        campaign_id: q.campaign_id.clone(),
        q: keyword.map(str::to_owned),
        deadline_from: q.deadline_from,
        deadline_to: q.deadline_to,
        created_from: q.created_from.map(shanghai_day_start),
        created_to: q.created_to.and_then(shanghai_day_end),
        enterprise_uscc: q.enterprise_uscc.clone().filter(|s| !s.is_empty()),
        repayment_missed: q.repayment == Some(RepaymentFilter::MissedInstalment),
        arrears_age: q.arrears_age,
        debtor_nature: q.debtor_nature,
        disputed: q.disputed,
        ..Default::default()
    })
}

/// What every cacheable read says about caching: the body depends on who asks (the allowed
/// actions, the scope), so a cache may keep it only for the same `Authorization`, and must ask
/// again before each use.
fn private_cache(res: &mut HttpResponseBuilder) -> &mut HttpResponseBuilder {
    res.insert_header((header::CACHE_CONTROL, "private, no-cache")).insert_header((header::VARY, "Authorization"))
}

/// A problem with its version as the ETag (for `If-Match`).
fn with_etag(mut res: HttpResponseBuilder, dto: &IssueDto) -> HttpResponse {
    private_cache(res.insert_header((header::ETAG, format!("\"{}\"", dto.version)))).json(dto)
}

/// A problem as the caller sees it: the staff's read model for a person, the public view
/// (`view: "public"`) for an integration's API key.
#[derive(Debug, Serialize, ToSchema)]
#[serde(untagged)]
pub enum IssueView {
    Full(Box<IssueDto>),
    Public(Box<PublicIssue>),
}

impl IssueView {
    fn version(&self) -> i32 {
        match self {
            IssueView::Full(d) => d.version,
            IssueView::Public(p) => p.version,
        }
    }

    fn id(&self) -> String {
        match self {
            IssueView::Full(d) => d.id.to_string(),
            IssueView::Public(p) => p.id.to_string(),
        }
    }
}

fn view_with_etag(mut res: HttpResponseBuilder, view: &IssueView) -> HttpResponse {
    private_cache(res.insert_header((header::ETAG, format!("\"{}\"", view.version())))).json(view)
}

/// A page of problems as the caller sees them: a list page, or a page of the change feed
/// (with `updated_since` or `cursor`).
#[derive(Debug, Serialize, ToSchema)]
#[serde(untagged)]
pub enum IssuePageView {
    Full(Page<IssueDto>),
    Public(Page<PublicIssue>),
    Feed(IssueFeed),
    PublicFeed(PublicIssueFeed),
}

/// Answers `body` with a weak ETag of its bytes, or 304 when `If-None-Match` names it.
fn json_with_etag<T: Serialize>(req: &HttpRequest, body: &T) -> Result<HttpResponse, ApiError> {
    use sha2::Digest;
    let bytes = serde_json::to_vec(body).map_err(ApiError::internal)?;
    let etag = format!("W/\"{}\"", hex::encode(&sha2::Sha256::digest(&bytes)[..16]));
    if none_match(req, &etag) {
        return Ok(private_cache(HttpResponse::NotModified().insert_header((header::ETAG, etag))).finish());
    }
    Ok(private_cache(HttpResponse::Ok().insert_header((header::ETAG, etag)))
        .content_type("application/json")
        .body(bytes))
}

/// Whether `If-None-Match` names `etag` (weak comparison, RFC 9110 §13.1.2) or is `*`.
fn none_match(req: &HttpRequest, etag: &str) -> bool {
    let Some(value) = req.headers().get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()) else { return false };
    let strip = |t: &str| t.trim().trim_start_matches("W/").to_owned();
    value.split(',').any(|t| t.trim() == "*" || strip(t) == strip(etag))
}

/// A read of one problem: for an integration's public view, 304 when `If-None-Match` names its
/// current version. A person's read always answers the body: its allowed actions and warning
/// change with the reader and the day, not only with the version.
fn read_with_etag(req: &HttpRequest, view: &IssueView) -> HttpResponse {
    let etag = format!("\"{}\"", view.version());
    if matches!(view, IssueView::Public(_)) && none_match(req, &etag) {
        return private_cache(HttpResponse::NotModified().insert_header((header::ETAG, etag))).finish();
    }
    view_with_etag(HttpResponse::Ok(), view)
}

/// 登记问题 (自查登记 / 线索登记)
///
/// The office registers problems from any source; a unit registers the problems it found
/// itself (`self_inspection`), for its own unit. The group defaults from the category. An
/// integration's key re-pushing a reference its client registered answers 200: unchanged, or
/// with a 补充材料 timeline entry naming the changed fields; a person's re-push answers 409.
#[utoipa::path(
    tag = "issues",
    operation_id = "createIssue",
    request_body = CreateIssue,
    responses(
        (status = 201, description = "已登记 (状态 self_check); API 密钥得到公开视图", body = IssueView, headers(("ETag" = String, description = "版本"))),
        (status = 200, description = "API 密钥重复推送本客户端已登记的来源编号: 内容未变 (幂等), 或变更作为补充材料记入时间线; 答复该问题的公开视图", body = IssueView, headers(("ETag" = String, description = "版本"))),
        (status = 403, description = "角色无权登记问题", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "同一来源的编号已登记; 调用方可见该问题时 `existing_id` 为已有问题", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = []), ("api_key" = ["issues:write"])),
)]
#[post("/issues")]
pub async fn create_issue(
    state: web::Data<AppState>,
    cx: Context,
    body: ApiJson<CreateIssue>,
) -> Result<HttpResponse, ApiError> {
    let body = body.0;
    let (view, outcome) = state
        .write_claiming(move |conn| {
            let (issue, outcome) = issues::register_from(conn, &cx, body.clone())?;
            if cx.principal.is_integration() {
                return Ok((IssueView::Public(Box::new(public::public_view(conn, issue)?)), outcome));
            }
            issues::view(conn, &cx, issue).map(|v| (IssueView::Full(Box::new(v)), outcome))
        })
        .await?;
    let mut res = match outcome {
        issues::Registration::Created => HttpResponse::Created(),
        issues::Registration::Unchanged | issues::Registration::Supplemented => HttpResponse::Ok(),
    };
    res.insert_header((header::LOCATION, format!("/api/v1/issues/{}", view.id())));
    Ok(view_with_etag(res, &view))
}

/// 问题列表
///
/// Only the problems in the caller's data scope. Phones are masked.
#[utoipa::path(
    tag = "issues",
    operation_id = "listIssues",
    params(IssueListQuery, PageQuery),
    responses(
        (status = 200, description = "问题列表 (或带 updated_since / cursor 时的变更流); API 密钥得到公开视图", body = IssuePageView, headers(("ETag" = String, description = "本页内容的弱 ETag"))),
        (status = 304, description = "If-None-Match 与当前页相同"),
        (status = 403, description = "角色无权查看问题", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "查询参数有误", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = []), ("api_key" = ["issues:read"])),
)]
#[get("/issues")]
pub async fn list_issues(
    req: HttpRequest,
    cx: ReadContext,
    query: web::Query<IssueListQuery>,
    page: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    let (page, page_size, _) = page.resolve()?;
    let filter = list_filter(&query)?;
    let sort = query.sort.unwrap_or_default();
    let start = match (&query.cursor, query.updated_since) {
        (Some(c), _) => Some(feed::FeedStart::Cursor(feed::decode_cursor(c)?)),
        (None, Some(t)) => Some(feed::FeedStart::Since(t)),
        (None, None) => None,
    };
    let result = cx
        .db(move |conn, cx| {
            if let Some(start) = start {
                let (rows, pos, has_more) = feed::changed(conn, cx, filter, start, page_size)?;
                let next_cursor = feed::encode_cursor(pos);
                return Ok(match cx.principal.is_integration() {
                    true => IssuePageView::PublicFeed(PublicIssueFeed {
                        items: public::public_views(conn, rows)?,
                        next_cursor,
                        has_more,
                    }),
                    false => IssuePageView::Feed(IssueFeed {
                        items: issues::view::views(conn, cx, rows)?,
                        next_cursor,
                        has_more,
                    }),
                });
            }
            match cx.principal.is_integration() {
                true => public::public_list(conn, cx, filter, sort, page, page_size).map(IssuePageView::Public),
                false => issues::list(conn, cx, filter, sort, page, page_size).map(IssuePageView::Full),
            }
        })
        .await?;
    json_with_etag(&req, &result)
}

/// 问题详情
///
/// 404 also when the problem exists outside the caller's scope. The ETag carries the version
/// for `If-Match`.
#[utoipa::path(
    tag = "issues",
    operation_id = "getIssue",
    params(("id" = IssueId, Path, description = "问题 id")),
    responses(
        (status = 200, description = "问题; API 密钥得到公开视图", body = IssueView, headers(("ETag" = String, description = "版本"))),
        (status = 304, description = "If-None-Match 与当前版本相同"),
        IssueErrors,
    ),
    security(("bearer_jwt" = []), ("api_key" = ["issues:read"])),
)]
#[get("/issues/{id}")]
pub async fn get_issue(req: HttpRequest, cx: ReadContext, id: web::Path<IssueId>) -> Result<HttpResponse, ApiError> {
    let view = cx
        .db(move |conn, cx| match cx.principal.is_integration() {
            true => public::public_get(conn, cx, &id).map(|v| IssueView::Public(Box::new(v))),
            false => issues::get(conn, cx, &id).map(|v| IssueView::Full(Box::new(v))),
        })
        .await?;
    Ok(read_with_etag(&req, &view))
}

/// 按来源编号查询问题
///
/// For integrations that registered a problem with their own reference.
#[utoipa::path(
    tag = "issues",
    operation_id = "getIssueByRef",
    params(ByRefQuery),
    responses(
        (status = 200, description = "问题; API 密钥得到公开视图", body = IssueView, headers(("ETag" = String, description = "版本"))),
        (status = 304, description = "If-None-Match 与当前版本相同"),
        IssueErrors,
    ),
    security(("bearer_jwt" = []), ("api_key" = ["issues:read"])),
)]
#[get("/issues/by-ref")]
pub async fn get_issue_by_ref(
    req: HttpRequest,
    state: web::Data<AppState>,
    cx: Context,
    query: web::Query<ByRefQuery>,
) -> Result<HttpResponse, ApiError> {
    let ByRefQuery { source, r#ref } = query.into_inner();
    let view = state
        .db(move |conn| match cx.principal.is_integration() {
            true => public::public_by_ref(conn, &cx, &source, &r#ref).map(|v| IssueView::Public(Box::new(v))),
            false => issues::by_ref(conn, &cx, &source, &r#ref).map(|v| IssueView::Full(Box::new(v))),
        })
        .await?;
    Ok(read_with_etag(&req, &view))
}

/// 修改问题
///
/// Requires `If-Match` with the ETag of the last read: 428 without it, 412 when someone changed
/// the problem since. Each field must be in the caller's `editable_fields` (403 naming it).
#[utoipa::path(
    tag = "issues",
    operation_id = "updateIssue",
    params(
        ("id" = IssueId, Path, description = "问题 id"),
        ("If-Match" = String, Header, description = "上次读取时的 ETag"),
    ),
    request_body = UpdateIssue,
    responses(
        (status = 200, description = "已修改", body = IssueDto, headers(("ETag" = String, description = "新版本"))),
        IssueErrors,
        Conditional,
    ),
    security(("bearer_jwt" = [])),
)]
#[patch("/issues/{id}")]
pub async fn update_issue(
    req: HttpRequest,
    state: web::Data<AppState>,
    cx: Context,
    id: web::Path<IssueId>,
    body: ApiJson<UpdateIssue>,
) -> Result<HttpResponse, ApiError> {
    let condition = if_match(&req);
    let dto = state
        .write(move |conn| {
            let issue = issues::edit(conn, &cx, &id, body.0, condition)?;
            issues::view(conn, &cx, issue)
        })
        .await?;
    Ok(with_etag(HttpResponse::Ok(), &dto))
}

/// 流转 (交办、退回、签收整改、提交核查、核查通过·销号、核查不通过、重新整改、不予立项)
///
/// The body is one member of the union chosen by `action`; a field of another action answers
/// 422 naming it. An action the state does not allow answers 409 with `allowed_actions` (what the
/// caller may do now); one the caller's role does not allow answers 403. `If-Match` is optional
/// here; when given, a stale version answers 412. Two simultaneous transitions: one wins, the
/// other 409.
#[utoipa::path(
    tag = "issues",
    operation_id = "transitionIssue",
    params(
        ("id" = IssueId, Path, description = "问题 id"),
        ("If-Match" = Option<String>, Header, description = "可选: 上次读取时的 ETag"),
    ),
    request_body = TransitionRequest,
    responses(
        (status = 200, description = "流转后的问题", body = IssueDto, headers(("ETag" = String, description = "新版本"))),
        IssueErrors,
        (status = 409, description = "当前状态不允许该操作, `allowed_actions` 列出可执行的操作", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "版本已过期", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = [])),
)]
#[post("/issues/{id}/transitions")]
pub async fn transition_issue(
    req: HttpRequest,
    state: web::Data<AppState>,
    cx: Context,
    id: web::Path<IssueId>,
    body: ApiJson<serde_json::Value>,
) -> Result<HttpResponse, ApiError> {
    let command = TransitionRequest::from_json(body.0)?;
    let condition = if_match(&req);
    let dto = state
        .write(move |conn| {
            let issue = issues::transition(conn, &cx, &id, command, condition)?;
            issues::view(conn, &cx, issue)
        })
        .await?;
    Ok(with_etag(HttpResponse::Ok(), &dto))
}

/// 报送整改进展
///
/// By the responsible or a cooperating unit while rectifying; never changes the state. Money
/// is recorded as payments (`POST …/payments`): an `amount_resolved_fen` here answers 422.
#[utoipa::path(
    tag = "issues",
    operation_id = "addIssueProgress",
    params(("id" = IssueId, Path, description = "问题 id")),
    request_body = ProgressRequest,
    responses(
        (status = 201, description = "已报送; 答复为更新后的问题", body = IssueDto, headers(("ETag" = String, description = "版本"))),
        IssueErrors,
        (status = 409, description = "问题不在整改中", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = [])),
)]
#[post("/issues/{id}/progress")]
pub async fn add_progress(
    state: web::Data<AppState>,
    cx: Context,
    id: web::Path<IssueId>,
    body: ApiJson<serde_json::Value>,
) -> Result<HttpResponse, ApiError> {
    issues::commands::refuse_retired_fields(&body.0)?;
    let body: ProgressRequest = crate::error::deserialize_value(body.0)?;
    let dto = state
        .write(move |conn| {
            let issue = issues::add_progress(conn, &cx, &id, body)?;
            issues::view(conn, &cx, issue)
        })
        .await?;
    Ok(with_etag(HttpResponse::Created(), &dto))
}

/// 问题时间线
///
/// Registration, transitions and progress reports, newest first.
#[utoipa::path(
    tag = "issues",
    operation_id = "getIssueTimeline",
    params(("id" = IssueId, Path, description = "问题 id")),
    responses((status = 200, description = "时间线", body = Vec<TimelineEntry>), IssueErrors),
    security(("bearer_jwt" = [])),
)]
#[get("/issues/{id}/timeline")]
pub async fn get_timeline(
    state: web::Data<AppState>,
    cx: Context,
    id: web::Path<IssueId>,
) -> Result<HttpResponse, ApiError> {
    let entries = state.db(move |conn| issues::timeline(conn, &cx, &id)).await?;
    Ok(HttpResponse::Ok().json(entries))
}

/// 答复企业 (答复意见)
///
/// The reply the portal shows the enterprise: by the office at any time, or by the responsible
/// unit while rectifying. Each write is kept on the timeline (`reply`); the latest is carried in
/// the public view and the `issue.replied` / `issue.closed` events.
#[utoipa::path(
    tag = "issues",
    operation_id = "replyToEnterprise",
    params(("id" = IssueId, Path, description = "问题 id")),
    request_body = ReplyRequest,
    responses(
        (status = 200, description = "已答复; 答复为更新后的问题", body = IssueDto, headers(("ETag" = String, description = "版本"))),
        IssueErrors,
    ),
    security(("bearer_jwt" = [])),
)]
#[put("/issues/{id}/reply")]
pub async fn reply_to_enterprise(
    state: web::Data<AppState>,
    cx: Context,
    id: web::Path<IssueId>,
    body: ApiJson<ReplyRequest>,
) -> Result<HttpResponse, ApiError> {
    let dto = state
        .write(move |conn| {
            let issue = issues::reply::reply(conn, &cx, &id, body.0)?;
            issues::view(conn, &cx, issue)
        })
        .await?;
    Ok(with_etag(HttpResponse::Ok(), &dto))
}

/// 登记还款 / 冲正
///
/// By the responsible unit while rectifying, or by the office in any state but 不予立项 (also
/// while verifying and after closure). A payment has a positive amount and a `method`; a
/// correction (冲正) a negative one, `corrects` naming the record it reverses (once, at most its
/// amount) and a `note` saying why. Taking the total over the amount due needs
/// `confirm_overpayment: true`. Records are never changed or deleted (PUT/PATCH/DELETE: 405).
#[utoipa::path(
    tag = "issues",
    operation_id = "recordIssuePayment",
    params(("id" = IssueId, Path, description = "问题 id")),
    request_body = RecordPayment,
    responses(
        (status = 201, description = "已登记", body = PaymentDto),
        IssueErrors,
        (status = 409, description = "问题已不予立项, 或刚被他人修改", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = [])),
)]
#[post("/issues/{id}/payments")]
pub async fn record_payment(
    state: web::Data<AppState>,
    cx: Context,
    id: web::Path<IssueId>,
    body: ApiJson<RecordPayment>,
) -> Result<HttpResponse, ApiError> {
    let (_, record) = state.write(move |conn| issues::record_payment(conn, &cx, &id, body.0)).await?;
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, format!("/api/v1/issues/{}/payments", record.issue_id)))
        .json(record))
}

/// 还款记录
///
/// Every record, oldest first, with the sums: resolved (the problem's `amount_resolved_fen`),
/// paid and 协商减免 apart, and what is still outstanding.
#[utoipa::path(
    tag = "issues",
    operation_id = "listIssuePayments",
    params(("id" = IssueId, Path, description = "问题 id")),
    responses((status = 200, description = "还款记录", body = PaymentList), IssueErrors),
    security(("bearer_jwt" = []), ("api_key" = ["issues:read"])),
)]
#[get("/issues/{id}/payments")]
pub async fn list_payments(
    state: web::Data<AppState>,
    cx: Context,
    id: web::Path<IssueId>,
) -> Result<HttpResponse, ApiError> {
    let list = state.db(move |conn| issues::list_payments(conn, &cx, &id)).await?;
    Ok(HttpResponse::Ok().json(list))
}

/// 制定/调整还款计划
///
/// Instalments in date order adding up to what is outstanding now (due less resolved). Each PUT
/// makes a new current version; earlier versions stay readable (`GET …?version=N`). Payments
/// recorded from now on meet the instalments in order. Who: as for payments.
#[utoipa::path(
    tag = "issues",
    operation_id = "setRepaymentPlan",
    params(("id" = IssueId, Path, description = "问题 id")),
    request_body = SetRepaymentPlan,
    responses(
        (status = 200, description = "新的当前版本", body = RepaymentPlanDto),
        IssueErrors,
        (status = 409, description = "问题已不予立项, 或刚被他人修改", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = [])),
)]
#[put("/issues/{id}/repayment-plan")]
pub async fn set_repayment_plan(
    state: web::Data<AppState>,
    cx: Context,
    id: web::Path<IssueId>,
    body: ApiJson<SetRepaymentPlan>,
) -> Result<HttpResponse, ApiError> {
    let plan = state.write(move |conn| issues::set_plan(conn, &cx, &id, body.0)).await?;
    Ok(HttpResponse::Ok().json(plan))
}

/// 还款计划
///
/// The current version (or `version`), each instalment with what the payments under it gave
/// it and its status (`paid`, `partly_paid`, `due`, `missed`), and the list of versions. 404
/// when the problem has no plan.
#[utoipa::path(
    tag = "issues",
    operation_id = "getRepaymentPlan",
    params(("id" = IssueId, Path, description = "问题 id"), PlanQuery),
    responses((status = 200, description = "还款计划", body = RepaymentPlanDto), IssueErrors),
    security(("bearer_jwt" = []), ("api_key" = ["issues:read"])),
)]
#[get("/issues/{id}/repayment-plan")]
pub async fn get_repayment_plan(
    state: web::Data<AppState>,
    cx: Context,
    id: web::Path<IssueId>,
    query: web::Query<PlanQuery>,
) -> Result<HttpResponse, ApiError> {
    let version = query.version;
    let plan = state.db(move |conn| issues::get_plan(conn, &cx, &id, version)).await?;
    Ok(HttpResponse::Ok().json(plan))
}

/// 修改欠款事实
///
/// 应付金额, 欠款主体 and its nature, 约定付款日期 (账龄 counts from it), 有无分歧 (a note required
/// when disputed); the contract, agreement, policy or fund (name, number or 文号, date), the
/// contract amount, the enterprise's size and ownership, a promise's content, lawfulness (是否依法依规)
/// and the pretext given, a policy's issuing level — replaced as a whole. Who: whoever may edit the description or record
/// payments. Requires `If-Match` (428 without, 412 when stale); answers the problem with its
/// `facts` and `amount_due_fen`.
#[utoipa::path(
    tag = "issues",
    operation_id = "putIssueFacts",
    params(
        ("id" = IssueId, Path, description = "问题 id"),
        ("If-Match" = String, Header, description = "上次读取时的 ETag"),
    ),
    request_body = SetFacts,
    responses(
        (status = 200, description = "已修改", body = IssueDto, headers(("ETag" = String, description = "新版本"))),
        IssueErrors,
        Conditional,
    ),
    security(("bearer_jwt" = [])),
)]
#[put("/issues/{id}/facts")]
pub async fn put_facts(
    req: HttpRequest,
    state: web::Data<AppState>,
    cx: Context,
    id: web::Path<IssueId>,
    body: ApiJson<SetFacts>,
) -> Result<HttpResponse, ApiError> {
    let condition = if_match(&req);
    let dto = state
        .write(move |conn| {
            let (issue, _) = issues::put_facts(conn, &cx, &id, body.0, condition)?;
            issues::view(conn, &cx, issue)
        })
        .await?;
    Ok(with_etag(HttpResponse::Ok(), &dto))
}

pub fn routes(cfg: &mut ServiceConfig) {
    // by-ref before {id}, so that it is not taken for an id.
    cfg.service(get_issue_by_ref)
        .service(list_issues)
        .service(create_issue)
        .service(get_issue)
        .service(update_issue)
        .service(transition_issue)
        .service(add_progress)
        .service(get_timeline)
        .service(reply_to_enterprise)
        .service(record_payment)
        .service(list_payments)
        .service(set_repayment_plan)
        .service(get_repayment_plan)
        .service(put_facts);
}
