//! Problems (问题): register, list, read, edit, transitions, progress, timeline, by reference.

use std::collections::HashMap;

use actix_web::{HttpRequest, HttpResponse, get, http::header, patch, post, web};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::{
    api::{
        common::{Page, PageQuery, Validator},
        extract::{ApiJson, RequestMeta},
        users::utc,
    },
    audit::{self, Entry},
    auth::Principal,
    db::{DbConnection, Id},
    domain::{
        lifecycle::{self, Action, Caller, ClosureKind, Facts, Field, Refusal, State},
        money,
        permissions::Permission,
        roles::Role,
        supervision, uscc,
        warning::{self, Warning},
    },
    error::{ApiError, Problem},
    startup::AppState,
    store::{
        self,
        issues::{Issue, ListFilter, Progress, Sort, Transition, Visibility},
        supervision::ExtensionRequest,
    },
};

// ---------------------------------------------------------------------------------------------
// DTOs

/// A problem as the caller may see it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct IssueDto {
    pub id: Id,
    /// Human-readable number, unique and gap-free per year.
    #[schema(example = "LY2024-00042")]
    pub number: String,
    pub campaign_id: Id,
    #[schema(example = "区教育局拖欠某建筑公司校舍维修工程款")]
    pub title: String,
    pub description: String,
    #[schema(example = "agency_arrears")]
    pub category: String,
    #[schema(example = "agency_delay")]
    pub problem_type: String,
    /// What an arrear is owed for: `goods`, `services`, `works`.
    pub arrear_object: Option<String>,
    #[schema(example = "complaint")]
    pub source: String,
    /// The registering system's own reference, unique per source.
    pub source_ref: Option<String>,
    #[schema(example = "随州市鑫源建筑工程有限公司")]
    pub enterprise_name: String,
    #[schema(example = "91421300MA4900000M")]
    pub enterprise_uscc: Option<String>,
    pub enterprise_contact: Option<String>,
    /// Masked in lists (`138****5678`), in full on a single read.
    pub enterprise_phone: Option<String>,
    /// Money involved, in fen (分).
    #[schema(example = 12800000)]
    pub amount_involved_fen: i64,
    /// Money resolved so far, in fen; never more than involved.
    #[schema(example = 0)]
    pub amount_resolved_fen: i64,
    pub group_id: Id,
    #[schema(example = "机关事业单位拖欠企业账款清理组")]
    pub group_name: String,
    pub responsible_unit_id: Option<Id>,
    #[schema(example = "区教育局")]
    pub responsible_unit_name: Option<String>,
    pub cooperating_unit_ids: Vec<Id>,
    pub reporting_unit_id: Id,
    pub reporting_unit_name: String,
    /// The rectification deadline (Asia/Shanghai date).
    pub deadline: Option<NaiveDate>,
    pub measures: Option<String>,
    pub responsible_leader: Option<String>,
    pub responsible_person: Option<String>,
    pub state: State,
    /// Set exactly when closed: `rectified`, `duplicate` or `unfounded`.
    pub closure_kind: Option<ClosureKind>,
    /// Deadline warning, computed at read time on the Asia/Shanghai date.
    pub warning: Warning,
    /// Increases with every change; the ETag carries it.
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
    /// What this caller may do now: transition actions, and `edit` / `progress` when allowed.
    #[schema(example = json!(["assign", "dismiss", "edit"]))]
    pub allowed_actions: Vec<String>,
    /// The fields this caller may change with PATCH now.
    pub editable_fields: Vec<String>,
    /// The extension request awaiting a decision, if any.
    pub open_extension_request: Option<ExtensionDto>,
}

/// A deadline extension request (延期申请).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ExtensionDto {
    pub id: Id,
    pub issue_id: Id,
    pub unit_id: Id,
    #[schema(example = "unit_education")]
    pub requested_by: String,
    pub current_deadline: NaiveDate,
    pub requested_deadline: NaiveDate,
    pub reason: String,
    /// `pending`, `approved` or `refused`.
    #[schema(example = "pending")]
    pub status: String,
    pub decided_by: Option<String>,
    pub decision_comment: Option<String>,
    pub created_at: DateTime<Utc>,
    pub decided_at: Option<DateTime<Utc>>,
}

impl From<ExtensionRequest> for ExtensionDto {
    fn from(r: ExtensionRequest) -> Self {
        Self {
            id: r.id,
            issue_id: r.issue_id,
            unit_id: r.unit_id,
            requested_by: r.requested_by_name,
            current_deadline: r.current_deadline,
            requested_deadline: r.requested_deadline,
            reason: r.reason,
            status: r.status,
            decided_by: r.decided_by_name,
            decision_comment: r.decision_comment,
            created_at: utc(r.created_at),
            decided_at: r.decided_at.map(utc),
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateIssue {
    #[schema(max_length = 200, example = "区教育局拖欠某建筑公司校舍维修工程款", pattern = r"\S")]
    pub title: String,
    #[schema(max_length = 5000, pattern = r"\S")]
    pub description: String,
    /// A category code (see `/dictionaries`).
    #[schema(example = "agency_arrears")]
    pub category: String,
    /// A problem type of that category.
    #[schema(example = "agency_delay")]
    pub problem_type: String,
    #[schema(example = "works")]
    pub arrear_object: Option<String>,
    /// Default `self_inspection`; a unit may register only self-found problems.
    #[schema(example = "complaint")]
    pub source: Option<String>,
    /// The caller's own reference; a second registration of it answers 409 with the existing id.
    #[schema(max_length = 100, example = "TS-2024-0815")]
    pub source_ref: Option<String>,
    #[schema(max_length = 200, example = "随州市鑫源建筑工程有限公司", pattern = r"\S")]
    pub enterprise_name: String,
    /// 统一社会信用代码, GB 32100-2015: 18 characters, the last a check character over the
    /// first 17 (`format: uscc`; the server checks it).
    #[schema(format = "uscc", pattern = "^[0-9A-HJ-NPQRTUWXY]{18}$", example = "91421300MA4900000M")]
    pub enterprise_uscc: Option<String>,
    #[schema(max_length = 50)]
    pub enterprise_contact: Option<String>,
    #[schema(max_length = 30, example = "13871234567")]
    pub enterprise_phone: Option<String>,
    /// Money involved in fen; default 0.
    #[schema(minimum = 0, maximum = 100000000000000_i64)]
    pub amount_involved_fen: Option<i64>,
    /// Default: the current campaign.
    pub campaign_id: Option<Id>,
    /// Default: the group of the category. Office only; the category's group or the 综合办公室.
    pub group_id: Option<Id>,
}

/// Fields to change; each must be editable by the caller in the problem's state
/// (`editable_fields`). An empty string clears an optional text.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"title": "区教育局拖欠某建筑公司校舍维修工程款 (二期)", "amount_involved_fen": 12_800_000}))]
pub struct UpdateIssue {
    #[schema(max_length = 200, pattern = r"\S")]
    pub title: Option<String>,
    #[schema(max_length = 5000, pattern = r"\S")]
    pub description: Option<String>,
    pub category: Option<String>,
    pub problem_type: Option<String>,
    pub arrear_object: Option<String>,
    #[schema(max_length = 200, pattern = r"\S")]
    pub enterprise_name: Option<String>,
    /// 统一社会信用代码 (`format: uscc`, check character validated); an empty string clears it.
    #[schema(format = "uscc", pattern = "^([0-9A-HJ-NPQRTUWXY]{18})?$")]
    pub enterprise_uscc: Option<String>,
    #[schema(max_length = 50)]
    pub enterprise_contact: Option<String>,
    #[schema(max_length = 30)]
    pub enterprise_phone: Option<String>,
    #[schema(minimum = 0, maximum = 100000000000000_i64)]
    pub amount_involved_fen: Option<i64>,
    #[schema(max_length = 5000)]
    pub measures: Option<String>,
    #[schema(max_length = 50)]
    pub responsible_leader: Option<String>,
    #[schema(max_length = 50)]
    pub responsible_person: Option<String>,
}

/// A transition. Which fields belong to which action (DESIGN.md §3):
/// `assign`: `responsible_unit_id`, `deadline`, optional `group_id` (office only),
/// `cooperating_unit_ids`, `comment`; `return`: `comment`; `accept`: `measures`, optional
/// `responsible_leader`, `responsible_person`; `submit`: `comment`, optional
/// `amount_resolved_fen`; `approve`, `reject`, `reopen`: `comment`; `dismiss`: `comment`,
/// `closure_kind` (`duplicate` or `unfounded`). Fields of another action are refused.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TransitionRequest {
    pub action: Action,
    #[schema(max_length = 2000)]
    pub comment: Option<String>,
    pub responsible_unit_id: Option<Id>,
    /// Not before today (Asia/Shanghai).
    pub deadline: Option<NaiveDate>,
    pub group_id: Option<Id>,
    pub cooperating_unit_ids: Option<Vec<Id>>,
    #[schema(max_length = 5000)]
    pub measures: Option<String>,
    #[schema(max_length = 50)]
    pub responsible_leader: Option<String>,
    #[schema(max_length = 50)]
    pub responsible_person: Option<String>,
    /// The total resolved so far, in fen.
    #[schema(minimum = 0, maximum = 100000000000000_i64)]
    pub amount_resolved_fen: Option<i64>,
    pub closure_kind: Option<ClosureKind>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProgressRequest {
    #[schema(max_length = 5000, example = "已支付第一笔工程款 50 万元, 余款列入下月资金计划", pattern = r"\S")]
    pub note: String,
    /// The total resolved so far, in fen (updates the problem's `amount_resolved_fen`).
    #[schema(minimum = 0, maximum = 100000000000000_i64)]
    pub amount_resolved_fen: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ActorDto {
    #[schema(example = "user")]
    pub kind: String,
    pub id: String,
    #[schema(example = "office")]
    pub name: String,
    pub unit_id: Option<String>,
}

/// One step of a problem's history.
#[derive(Debug, Serialize, ToSchema)]
pub struct TimelineEntry {
    /// `transition` (including `register`), `progress`, `urge`, `extension_request` or `extension_decision`.
    #[schema(example = "transition")]
    pub kind: String,
    pub at: DateTime<Utc>,
    pub actor: ActorDto,
    /// The transition's action (`register` for the registration).
    #[schema(example = "assign")]
    pub action: Option<String>,
    #[schema(example = "交办")]
    pub action_label: Option<String>,
    pub from_state: Option<String>,
    pub to_state: Option<String>,
    pub comment: Option<String>,
    /// The transition's data (e.g. responsible unit and deadline of an assignment).
    #[schema(value_type = Option<Object>)]
    pub payload: Option<serde_json::Value>,
    /// A progress report's text.
    pub note: Option<String>,
    pub amount_resolved_fen: Option<i64>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct IssueListQuery {
    /// One state or several, comma separated (`assigned,rectifying`).
    #[param(value_type = Option<Vec<State>>, style = Form, explode = false, example = json!(["rectifying"]))]
    pub state: Option<String>,
    pub group_id: Option<Id>,
    /// Responsible or cooperating unit.
    pub unit_id: Option<Id>,
    pub category: Option<String>,
    pub source: Option<String>,
    pub warning: Option<Warning>,
    pub campaign_id: Option<Id>,
    /// Searches title, description, enterprise name and number (at most 100 characters).
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
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ByRefQuery {
    #[param(example = "complaint")]
    pub source: String,
    #[param(example = "TS-2024-0815")]
    pub r#ref: String,
}

// ---------------------------------------------------------------------------------------------
// Rules applied to a caller

/// The caller as the lifecycle rules see it.
pub fn caller_of(p: &Principal) -> Caller<Id, Id> {
    Caller {
        office: p.has_role(Role::Office),
        lead_groups: p.lead_groups(),
        unit: p.has_role(Role::Unit).then(|| p.unit_id.clone()),
    }
}

pub fn visibility_of(p: &Principal) -> Visibility {
    if p.is_integration() {
        return Visibility::RegisteredBy { kind: "api_key", id: p.user_id.to_string() };
    }
    Visibility::Scope(p.issue_scope())
}

pub fn facts_of(issue: &Issue, cooperating: &[Id], pending_extension: bool) -> Facts<Id, Id> {
    Facts {
        state: issue.state(),
        group: issue.group_id.clone(),
        responsible_unit: issue.responsible_unit_id.clone(),
        cooperating_units: cooperating.to_vec(),
        reporting_unit: issue.reporting_unit_id.clone(),
        closure_kind: issue.closure_kind.as_deref().and_then(ClosureKind::from_code),
        deadline: issue.deadline,
        pending_extension,
    }
}

/// What this caller may do: transitions, then `edit`, `progress`, `urge`, `request_extension`
/// and `decide_extension`.
pub fn allowed_for(caller: &Caller<Id, Id>, facts: &Facts<Id, Id>, today: NaiveDate) -> (Vec<String>, Vec<String>) {
    let mut actions: Vec<String> =
        lifecycle::allowed_actions(caller, facts).into_iter().map(|a| a.code().to_owned()).collect();
    let fields: Vec<String> =
        lifecycle::editable_fields(caller, facts).into_iter().map(|f| f.name().to_owned()).collect();
    if !fields.is_empty() {
        actions.push("edit".into());
    }
    if lifecycle::may_report_progress(caller, facts) {
        actions.push("progress".into());
    }
    if supervision::may_urge(caller, facts) {
        actions.push("urge".into());
    }
    if supervision::may_request_extension(caller, facts, today) {
        actions.push("request_extension".into());
    }
    if supervision::may_decide_extension(caller, facts) {
        actions.push("decide_extension".into());
    }
    (actions, fields)
}

/// Names for ids, loaded once per request.
struct Names {
    units: HashMap<Id, String>,
    groups: HashMap<Id, String>,
}

impl Names {
    fn load(conn: &mut DbConnection) -> Result<Self, ApiError> {
        Ok(Self {
            units: store::units::list(conn, true)?.into_iter().map(|u| (u.id, u.name)).collect(),
            groups: store::groups::list(conn)?.into_iter().map(|g| (g.id, g.name)).collect(),
        })
    }
}

fn mask_phone(phone: &str) -> String {
    let chars: Vec<char> = phone.chars().collect();
    if chars.len() >= 7 {
        let head: String = chars[..3].iter().collect();
        let tail: String = chars[chars.len() - 4..].iter().collect();
        format!("{head}****{tail}")
    } else {
        "****".into()
    }
}

pub struct DtoContext<'a> {
    pub caller: &'a Caller<Id, Id>,
    pub today: NaiveDate,
    pub window_days: i64,
}

fn to_dto(
    issue: Issue,
    cooperating: Vec<Id>,
    pending: Option<ExtensionRequest>,
    names: &Names,
    cx: &DtoContext<'_>,
    in_list: bool,
) -> IssueDto {
    let facts = facts_of(&issue, &cooperating, pending.is_some());
    let (allowed_actions, editable_fields) = allowed_for(cx.caller, &facts, cx.today);
    let state = issue.state();
    IssueDto {
        warning: warning::warning(state, issue.deadline, cx.today, cx.window_days),
        group_name: names.groups.get(&issue.group_id).cloned().unwrap_or_default(),
        responsible_unit_name: issue.responsible_unit_id.as_ref().and_then(|u| names.units.get(u).cloned()),
        reporting_unit_name: names.units.get(&issue.reporting_unit_id).cloned().unwrap_or_default(),
        enterprise_phone: if in_list {
            issue.enterprise_phone.as_deref().map(mask_phone)
        } else {
            issue.enterprise_phone
        },
        closure_kind: issue.closure_kind.as_deref().and_then(ClosureKind::from_code),
        id: issue.id,
        number: issue.number,
        campaign_id: issue.campaign_id,
        title: issue.title,
        description: issue.description,
        category: issue.category,
        problem_type: issue.problem_type,
        arrear_object: issue.arrear_object,
        source: issue.source,
        source_ref: issue.source_ref,
        enterprise_name: issue.enterprise_name,
        enterprise_uscc: issue.enterprise_uscc,
        enterprise_contact: issue.enterprise_contact,
        amount_involved_fen: issue.amount_involved_fen,
        amount_resolved_fen: issue.amount_resolved_fen,
        group_id: issue.group_id,
        responsible_unit_id: issue.responsible_unit_id,
        cooperating_unit_ids: cooperating,
        reporting_unit_id: issue.reporting_unit_id,
        deadline: issue.deadline,
        measures: issue.measures,
        responsible_leader: issue.responsible_leader,
        responsible_person: issue.responsible_person,
        state,
        version: issue.version,
        created_at: utc(issue.created_at),
        updated_at: utc(issue.updated_at),
        closed_at: issue.closed_at.map(utc),
        allowed_actions,
        editable_fields,
        open_extension_request: pending.map(ExtensionDto::from),
    }
}

/// Loads one problem as a DTO for the caller.
pub fn load_dto(conn: &mut DbConnection, issue: Issue, cx: &DtoContext<'_>) -> Result<IssueDto, ApiError> {
    let cooperating = store::issues::cooperating(conn, &issue.id)?;
    let pending = store::supervision::pending_extension(conn, &issue.id)?;
    let names = Names::load(conn)?;
    Ok(to_dto(issue, cooperating, pending, &names, cx, false))
}

fn not_found() -> ApiError {
    ApiError::not_found("问题不存在或无权查看")
}

fn etag(version: i32) -> String {
    format!("\"{version}\"")
}

fn with_etag(res: &mut actix_web::HttpResponseBuilder, dto: &IssueDto) -> HttpResponse {
    res.insert_header((header::ETAG, etag(dto.version))).insert_header((header::CACHE_CONTROL, "no-cache")).json(dto)
}

/// The `If-Match` condition of a change. It is evaluated after the request has been checked
/// (RFC 9110 §13.2.1: a request that fails for another reason answers that reason, not 412).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum IfMatch {
    Absent,
    /// `*`: any current version.
    Any,
    Version(i32),
    /// Present but naming no version of ours: it cannot match.
    Unmatchable,
}

impl IfMatch {
    fn of(req: &HttpRequest) -> Self {
        let Some(raw) = req.headers().get(header::IF_MATCH) else { return Self::Absent };
        let text = raw.to_str().unwrap_or("").trim();
        if text == "*" {
            return Self::Any;
        }
        let text = text.strip_prefix("W/").unwrap_or(text).trim_matches('"');
        text.parse::<i32>().map_or(Self::Unmatchable, Self::Version)
    }

    /// 412 with the current version when the condition does not hold.
    fn check(self, current: i32) -> Result<(), ApiError> {
        match self {
            Self::Version(v) if v != current => Err(stale(Some(current))),
            Self::Unmatchable => Err(stale(Some(current))),
            _ => Ok(()),
        }
    }
}

fn stale(current: Option<i32>) -> ApiError {
    let e = ApiError::new(
        actix_web::http::StatusCode::PRECONDITION_FAILED,
        "version_mismatch",
        "该问题已被他人修改, 请刷新后在最新版本上重新操作",
    );
    match current {
        Some(v) => e.with_extra("current_version", v),
        None => e,
    }
}

// ---------------------------------------------------------------------------------------------
// Validation shared by registration and edits

pub struct Dicts {
    pub items: Vec<store::dictionaries::DictItem>,
}

impl Dicts {
    pub fn load(conn: &mut DbConnection) -> Result<Self, ApiError> {
        Ok(Self { items: store::dictionaries::list(conn)? })
    }

    pub fn find(&self, kind: &str, code: &str) -> Option<&store::dictionaries::DictItem> {
        self.items.iter().find(|d| d.kind == kind && d.code == code && d.active)
    }

    /// Checks category, problem type (of that category) and arrear object.
    pub fn check_classification(
        &self,
        v: &mut Validator,
        category: &str,
        problem_type: &str,
        arrear_object: Option<&str>,
    ) {
        if self.find("category", category).is_none() {
            v.add("category", "问题类别不存在");
        } else {
            match self.find("problem_type", problem_type) {
                None => v.add("problem_type", "问题类型不存在"),
                Some(t) if t.parent_code.as_deref() != Some(category) => {
                    v.add("problem_type", "问题类型不属于所选问题类别")
                }
                Some(_) => {}
            }
        }
        if let Some(o) = arrear_object
            && self.find("arrear_object", o).is_none()
        {
            v.add("arrear_object", "拖欠对象应为货物、服务或工程 (goods, services, works)");
        }
    }
}

pub fn check_uscc(v: &mut Validator, field: &str, code: Option<&str>) -> Option<String> {
    let code = code.map(str::trim).filter(|s| !s.is_empty())?;
    if let Some(msg) = uscc::validate(code) {
        v.add(field, msg);
    }
    Some(code.to_owned())
}

pub fn check_phone(v: &mut Validator, phone: Option<&str>) -> Option<String> {
    let p = v.optional_text("enterprise_phone", phone, 30)?;
    if !p.chars().all(|c| c.is_ascii_digit() || matches!(c, '-' | '+' | ' ' | '(' | ')')) {
        v.add("enterprise_phone", "联系电话只能包含数字、空格和 + - ( )");
    }
    Some(p)
}

pub fn check_amount(v: &mut Validator, field: &str, fen: i64) {
    if fen < 0 {
        v.add(field, "金额不能为负数");
    } else if fen > money::MAX_FEN {
        v.add(field, "金额过大");
    }
}

// ---------------------------------------------------------------------------------------------
// Handlers

/// 登记问题 (自查登记 / 线索登记)
///
/// The office registers problems from any source; a unit registers the problems it found
/// itself (`self_inspection`), for its own unit. The group defaults from the category.
#[utoipa::path(
    tag = "issues",
    operation_id = "createIssue",
    request_body = CreateIssue,
    responses(
        (status = 201, description = "已登记 (状态 self_check)", body = IssueDto, headers(("ETag" = String, description = "版本"))),
        (status = 400, description = "请求格式有误", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "未登录", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "角色无权登记问题", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "同一来源的编号已登记, `existing_id` 为已有问题", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "字段有误", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = []), ("api_key" = ["issues:write"])),
)]
#[post("/issues")]
pub async fn create_issue(
    state: web::Data<AppState>,
    principal: Principal,
    meta: RequestMeta,
    body: ApiJson<CreateIssue>,
) -> Result<HttpResponse, ApiError> {
    principal.require(Permission::RegisterIssues)?;
    let window = state.config.warning_days;
    let dto = state.write(move |conn| register(conn, &principal, &meta, body.0, window)).await?;
    Ok(with_etag(HttpResponse::Created().insert_header((header::LOCATION, format!("/api/v1/issues/{}", dto.id))), &dto))
}

/// Registers a problem inside the caller's transaction (also used by imports).
pub fn register(
    conn: &mut DbConnection,
    principal: &Principal,
    meta: &RequestMeta,
    body: CreateIssue,
    window_days: i64,
) -> Result<IssueDto, ApiError> {
    // The office and integrations register clues of any source; a unit only its own findings.
    let office = principal.has_role(Role::Office);
    let any_source = office || principal.is_integration();
    let mut v = Validator::default();
    let title = v.text("title", &body.title, 200);
    let description = v.text("description", &body.description, 5000);
    let enterprise_name = v.text("enterprise_name", &body.enterprise_name, 200);
    let enterprise_uscc = check_uscc(&mut v, "enterprise_uscc", body.enterprise_uscc.as_deref());
    let enterprise_contact = v.optional_text("enterprise_contact", body.enterprise_contact.as_deref(), 50);
    let enterprise_phone = check_phone(&mut v, body.enterprise_phone.as_deref());
    let amount = body.amount_involved_fen.unwrap_or(0);
    check_amount(&mut v, "amount_involved_fen", amount);
    let source = body.source.clone().unwrap_or_else(|| "self_inspection".into());
    if !any_source && source != "self_inspection" {
        v.add("source", "责任单位只能登记自查发现的问题 (self_inspection)");
    }
    let source_ref = v.optional_text("source_ref", body.source_ref.as_deref(), 100);
    let dicts = Dicts::load(conn)?;
    dicts.check_classification(&mut v, &body.category, &body.problem_type, body.arrear_object.as_deref());
    if dicts.find("source", &source).is_none() {
        v.add("source", "线索来源不存在");
    }
    let campaign = match &body.campaign_id {
        Some(id) => store::campaigns::find(conn, id)?.filter(|c| c.active),
        None => store::campaigns::current(conn)?,
    };
    if campaign.is_none() {
        v.add(
            "campaign_id",
            if body.campaign_id.is_some() {
                "专项行动不存在或已结束"
            } else {
                "当前没有进行中的专项行动"
            },
        );
    }
    let category_group = store::groups::find_by_category(conn, &body.category)?;
    let group = match &body.group_id {
        None => category_group.clone(),
        Some(_) if !office => {
            v.add("group_id", "只有综合办公室可以指定工作组");
            None
        }
        Some(gid) => match store::groups::find(conn, gid)? {
            Some(g) if g.category.is_none() || Some(&g.id) == category_group.as_ref().map(|c| &c.id) => Some(g),
            Some(_) => {
                v.add("group_id", "工作组与问题类别不一致 (可选该类别的工作组或综合办公室)");
                None
            }
            None => {
                v.add("group_id", "工作组不存在");
                None
            }
        },
    };
    if group.is_none() && body.group_id.is_none() && v.is_ok() {
        v.add("category", "该问题类别没有对应的工作组");
    }
    v.finish()?;
    let (campaign, group) = (campaign.expect("checked"), group.expect("checked"));
    if let Some(r) = &source_ref
        && let Some(existing) = store::issues::find_by_ref(conn, &source, r)?
    {
        return Err(ApiError::conflict(
            "duplicate_source_ref",
            format!("来源 {source} 的编号 {r} 已登记为问题 {}", existing.number),
        )
        .with_extra("existing_id", existing.id.to_string())
        .with_extra("existing_number", existing.number));
    }
    let seq = store::counters::next(conn, &format!("issue_number:{}", campaign.year))?;
    let now = store::now();
    let issue = Issue {
        id: Id::new(),
        number: format!("LY{}-{seq:05}", campaign.year),
        campaign_id: campaign.id,
        title,
        description,
        category: body.category,
        problem_type: body.problem_type,
        arrear_object: body.arrear_object,
        source,
        source_ref,
        enterprise_name,
        enterprise_uscc,
        enterprise_contact,
        enterprise_phone,
        amount_involved_fen: amount,
        amount_resolved_fen: 0,
        group_id: group.id,
        responsible_unit_id: None,
        reporting_unit_id: principal.unit_id.clone(),
        deadline: None,
        measures: None,
        responsible_leader: None,
        responsible_person: None,
        state: State::SelfCheck.code().into(),
        closure_kind: None,
        version: 1,
        created_by_kind: principal.kind().into(),
        created_by_id: principal.user_id.to_string(),
        created_at: now,
        updated_at: now,
        closed_at: None,
    };
    store::issues::insert(conn, &issue)?;
    store::issues::insert_transition(conn, &registration_event(&issue, principal, None))?;
    audit::append(conn, Entry::new(&principal.actor(), meta, "issue.create", "issue").entity(&issue.id).after(&issue))?;
    let caller = caller_of(principal);
    load_dto(conn, issue, &DtoContext { caller: &caller, today: warning::today_shanghai(), window_days })
}

/// The timeline's first entry of a problem: its registration by `principal`.
pub fn registration_event(issue: &Issue, principal: &Principal, comment: Option<String>) -> Transition {
    Transition {
        id: Id::new(),
        issue_id: issue.id.clone(),
        action: "register".into(),
        from_state: String::new(),
        to_state: issue.state.clone(),
        actor_kind: principal.kind().into(),
        actor_id: principal.user_id.to_string(),
        actor_name: principal.username.clone(),
        actor_unit_id: Some(principal.unit_id.to_string()),
        comment,
        payload_json: None,
        created_at: issue.created_at,
    }
}

/// Start of an Asia/Shanghai day, in UTC.
pub fn shanghai_day_start(d: NaiveDate) -> chrono::NaiveDateTime {
    use chrono::TimeZone;
    chrono_tz::Asia::Shanghai
        .from_local_datetime(&d.and_hms_opt(0, 0, 0).expect("midnight"))
        .single()
        .expect("Shanghai has no DST")
        .naive_utc()
}

/// The first instant after the day `d` (its end, exclusive), in UTC; `None` (no bound) for the
/// last representable day, which has no successor.
pub fn shanghai_day_end(d: NaiveDate) -> Option<chrono::NaiveDateTime> {
    d.succ_opt().map(shanghai_day_start)
}

pub fn list_filter(q: &IssueListQuery, window_days: i64) -> Result<ListFilter, ApiError> {
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
        closed_before: None,
        enterprise_uscc: q.enterprise_uscc.clone().filter(|s| !s.is_empty()),
        today: warning::today_shanghai(),
        window_days,
    })
}

/// 问题列表
///
/// Only the problems in the caller's data scope. Phones are masked.
#[utoipa::path(
    tag = "issues",
    operation_id = "listIssues",
    params(IssueListQuery, PageQuery),
    responses(
        (status = 200, description = "问题列表", body = Page<IssueDto>),
        (status = 400, description = "查询参数有误", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "未登录", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "角色无权查看问题", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "查询参数有误", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = []), ("api_key" = ["issues:read"])),
)]
#[get("/issues")]
pub async fn list_issues(
    state: web::Data<AppState>,
    principal: Principal,
    query: web::Query<IssueListQuery>,
    page: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    principal.require(Permission::ReadIssues)?;
    let (page, page_size, offset) = page.resolve()?;
    let window = state.config.warning_days;
    let filter = list_filter(&query, window)?;
    let sort = query.sort.unwrap_or_default();
    let result = state
        .db(move |conn| {
            let visibility = visibility_of(&principal);
            let total = store::issues::count(conn, &visibility, &filter)?;
            let rows = store::issues::list(conn, &visibility, &filter, sort, offset, page_size)?;
            let ids: Vec<Id> = rows.iter().map(|i| i.id.clone()).collect();
            let mut coop: HashMap<Id, Vec<Id>> = HashMap::new();
            for (issue, unit) in store::issues::cooperating_of(conn, &ids)? {
                coop.entry(issue).or_default().push(unit);
            }
            let mut pending: HashMap<Id, ExtensionRequest> = store::supervision::pending_extensions_of(conn, &ids)?
                .into_iter()
                .map(|r| (r.issue_id.clone(), r))
                .collect();
            let names = Names::load(conn)?;
            let caller = caller_of(&principal);
            let cx = DtoContext { caller: &caller, today: filter.today, window_days: window };
            let items = rows
                .into_iter()
                .map(|i| {
                    let c = coop.remove(&i.id).unwrap_or_default();
                    let p = pending.remove(&i.id);
                    to_dto(i, c, p, &names, &cx, true)
                })
                .collect();
            Ok(Page { items, total, page, page_size })
        })
        .await?;
    Ok(HttpResponse::Ok().json(result))
}

/// 问题详情
///
/// 404 also when the problem exists outside the caller's scope. The ETag carries the version
/// for `If-Match`.
#[utoipa::path(
    tag = "issues",
    operation_id = "getIssue",
    params(("id" = Id, Path, description = "问题 id")),
    responses(
        (status = 200, description = "问题", body = IssueDto, headers(("ETag" = String, description = "版本"))),
        (status = 401, description = "未登录", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "角色无权查看问题", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "问题不存在或不在数据范围内", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = []), ("api_key" = ["issues:read"])),
)]
#[get("/issues/{id}")]
pub async fn get_issue(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<Id>,
) -> Result<HttpResponse, ApiError> {
    principal.require(Permission::ReadIssues)?;
    let id = id.into_inner();
    let window = state.config.warning_days;
    let dto = state
        .db(move |conn| {
            let issue = store::issues::find_visible(conn, &visibility_of(&principal), &id)?.ok_or_else(not_found)?;
            let caller = caller_of(&principal);
            load_dto(
                conn,
                issue,
                &DtoContext { caller: &caller, today: warning::today_shanghai(), window_days: window },
            )
        })
        .await?;
    Ok(with_etag(&mut HttpResponse::Ok(), &dto))
}

/// 按来源编号查询问题
///
/// For integrations that registered a problem with their own reference.
#[utoipa::path(
    tag = "issues",
    operation_id = "getIssueByRef",
    params(ByRefQuery),
    responses(
        (status = 200, description = "问题", body = IssueDto, headers(("ETag" = String, description = "版本"))),
        (status = 400, description = "缺少 source 或 ref", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "未登录", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "角色无权查看问题", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "未找到或不在数据范围内", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = []), ("api_key" = ["issues:read"])),
)]
#[get("/issues/by-ref")]
pub async fn get_issue_by_ref(
    state: web::Data<AppState>,
    principal: Principal,
    query: web::Query<ByRefQuery>,
) -> Result<HttpResponse, ApiError> {
    principal.require(Permission::ReadIssues)?;
    let ByRefQuery { source, r#ref } = query.into_inner();
    let window = state.config.warning_days;
    let dto = state
        .db(move |conn| {
            let found = store::issues::find_by_ref(conn, &source, &r#ref)?.ok_or_else(not_found)?;
            // The same scope as a read by id: existence outside it is not confirmed.
            let issue =
                store::issues::find_visible(conn, &visibility_of(&principal), &found.id)?.ok_or_else(not_found)?;
            let caller = caller_of(&principal);
            load_dto(
                conn,
                issue,
                &DtoContext { caller: &caller, today: warning::today_shanghai(), window_days: window },
            )
        })
        .await?;
    Ok(with_etag(&mut HttpResponse::Ok(), &dto))
}

/// 修改问题
///
/// Requires `If-Match` with the ETag of the last read: 428 without it, 412 when someone changed
/// the problem since. Each field must be in the caller's `editable_fields` (403 naming it).
#[utoipa::path(
    tag = "issues",
    operation_id = "updateIssue",
    params(
        ("id" = Id, Path, description = "问题 id"),
        ("If-Match" = String, Header, description = "上次读取时的 ETag"),
    ),
    request_body = UpdateIssue,
    responses(
        (status = 200, description = "已修改", body = IssueDto, headers(("ETag" = String, description = "新版本"))),
        (status = 400, description = "请求格式有误", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "未登录", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "无权修改该字段", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "问题不存在或不在数据范围内", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "版本已过期", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "字段有误", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "缺少 If-Match", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = [])),
)]
#[patch("/issues/{id}")]
pub async fn update_issue(
    req: HttpRequest,
    state: web::Data<AppState>,
    principal: Principal,
    meta: RequestMeta,
    id: web::Path<Id>,
    body: ApiJson<UpdateIssue>,
) -> Result<HttpResponse, ApiError> {
    principal.require(Permission::ReadIssues)?;
    let if_match = IfMatch::of(&req);
    if if_match == IfMatch::Absent {
        return Err(ApiError::new(
            actix_web::http::StatusCode::PRECONDITION_REQUIRED,
            "if_match_required",
            "修改问题需要 If-Match 请求头 (上次读取时的 ETag), 以免覆盖他人的修改",
        ));
    }
    let id = id.into_inner();
    let window = state.config.warning_days;
    let dto = state
        .write(move |conn| {
            let visibility = visibility_of(&principal);
            let before = store::issues::find_visible(conn, &visibility, &id)?.ok_or_else(not_found)?;
            let cooperating = store::issues::cooperating(conn, &id)?;
            let caller = caller_of(&principal);
            let editable = lifecycle::editable_fields(&caller, &facts_of(&before, &cooperating, false));
            let body = body.0;
            let mut issue = before.clone();
            apply_edit(conn, &mut issue, &body, &editable)?;
            if_match.check(before.version)?;
            if issue == before {
                return load_dto(
                    conn,
                    before,
                    &DtoContext { caller: &caller, today: warning::today_shanghai(), window_days: window },
                );
            }
            issue.updated_at = store::now();
            if !store::issues::save(conn, &issue, before.version)? {
                return Err(stale(None));
            }
            issue.version = before.version + 1;
            audit::append(
                conn,
                Entry::new(&principal.actor(), &meta, "issue.update", "issue")
                    .entity(&id)
                    .before(changed_fields(&before, &issue, true))
                    .after(changed_fields(&before, &issue, false)),
            )?;
            load_dto(
                conn,
                issue,
                &DtoContext { caller: &caller, today: warning::today_shanghai(), window_days: window },
            )
        })
        .await?;
    Ok(with_etag(&mut HttpResponse::Ok(), &dto))
}

/// The changed fields of an edit, from one side.
fn changed_fields(before: &Issue, after: &Issue, old: bool) -> serde_json::Value {
    let (b, a) = (serde_json::to_value(before).unwrap_or_default(), serde_json::to_value(after).unwrap_or_default());
    let mut out = serde_json::Map::new();
    if let (Some(bm), Some(am)) = (b.as_object(), a.as_object()) {
        for (k, bv) in bm {
            let av = &am[k];
            if av != bv && k != "updated_at" && k != "version" {
                out.insert(k.clone(), if old { bv.clone() } else { av.clone() });
            }
        }
    }
    serde_json::Value::Object(out)
}

fn apply_edit(
    conn: &mut DbConnection,
    issue: &mut Issue,
    body: &UpdateIssue,
    editable: &[Field],
) -> Result<(), ApiError> {
    let provided: Vec<Field> = [
        (Field::Title, body.title.is_some()),
        (Field::Description, body.description.is_some()),
        (Field::Category, body.category.is_some()),
        (Field::ProblemType, body.problem_type.is_some()),
        (Field::ArrearObject, body.arrear_object.is_some()),
        (Field::EnterpriseName, body.enterprise_name.is_some()),
        (Field::EnterpriseUscc, body.enterprise_uscc.is_some()),
        (Field::EnterpriseContact, body.enterprise_contact.is_some()),
        (Field::EnterprisePhone, body.enterprise_phone.is_some()),
        (Field::AmountInvolved, body.amount_involved_fen.is_some()),
        (Field::Measures, body.measures.is_some()),
        (Field::ResponsibleLeader, body.responsible_leader.is_some()),
        (Field::ResponsiblePerson, body.responsible_person.is_some()),
    ]
    .into_iter()
    .filter_map(|(f, given)| given.then_some(f))
    .collect();
    let refused: Vec<&str> = provided.iter().filter(|f| !editable.contains(f)).map(|f| f.name()).collect();
    if !refused.is_empty() {
        return Err(ApiError::forbidden(format!("当前状态下无权修改字段: {}", refused.join(", ")))
            .with_extra("fields", refused.iter().map(|s| s.to_string()).collect::<Vec<_>>()));
    }
    let mut v = Validator::default();
    if let Some(t) = &body.title {
        issue.title = v.text("title", t, 200);
    }
    if let Some(t) = &body.description {
        issue.description = v.text("description", t, 5000);
    }
    if let Some(t) = &body.enterprise_name {
        issue.enterprise_name = v.text("enterprise_name", t, 200);
    }
    if let Some(t) = &body.enterprise_uscc {
        issue.enterprise_uscc = check_uscc(&mut v, "enterprise_uscc", Some(t));
    }
    if let Some(t) = &body.enterprise_contact {
        issue.enterprise_contact = v.optional_text("enterprise_contact", Some(t), 50);
    }
    if let Some(t) = &body.enterprise_phone {
        issue.enterprise_phone = check_phone(&mut v, Some(t));
    }
    if let Some(a) = body.amount_involved_fen {
        check_amount(&mut v, "amount_involved_fen", a);
        if a < issue.amount_resolved_fen {
            v.add("amount_involved_fen", "涉及金额不能小于已解决金额");
        }
        issue.amount_involved_fen = a;
    }
    if let Some(t) = &body.measures {
        issue.measures = v.optional_text("measures", Some(t), 5000);
        if issue.measures.is_none() {
            v.add("measures", "整改措施不能为空");
        }
    }
    if let Some(t) = &body.responsible_leader {
        issue.responsible_leader = v.optional_text("responsible_leader", Some(t), 50);
    }
    if let Some(t) = &body.responsible_person {
        issue.responsible_person = v.optional_text("responsible_person", Some(t), 50);
    }
    if body.category.is_some() || body.problem_type.is_some() || body.arrear_object.is_some() {
        if let Some(c) = &body.category {
            issue.category = c.clone();
        }
        if let Some(t) = &body.problem_type {
            issue.problem_type = t.clone();
        }
        if let Some(o) = &body.arrear_object {
            issue.arrear_object = Some(o.clone()).filter(|s| !s.is_empty());
        }
        let dicts = Dicts::load(conn)?;
        dicts.check_classification(&mut v, &issue.category, &issue.problem_type, issue.arrear_object.as_deref());
        if body.category.is_some() && v.is_ok() {
            // The category decides the group (before assignment, the only time it can change).
            match store::groups::find_by_category(conn, &issue.category)? {
                Some(g) => issue.group_id = g.id,
                None => v.add("category", "该问题类别没有对应的工作组"),
            }
        }
    }
    v.finish()
}

/// 流转 (交办、退回、签收整改、提交核查、核查通过·销号、核查不通过、重新整改、不予立项)
///
/// An action the state does not allow answers 409 with `allowed_actions` (what the caller may
/// do now); one the caller's role does not allow answers 403. `If-Match` is optional here; when
/// given, a stale version answers 412. Two simultaneous transitions: one wins, the other 409.
#[utoipa::path(
    tag = "issues",
    operation_id = "transitionIssue",
    params(
        ("id" = Id, Path, description = "问题 id"),
        ("If-Match" = Option<String>, Header, description = "可选: 上次读取时的 ETag"),
    ),
    request_body = TransitionRequest,
    responses(
        (status = 200, description = "流转后的问题", body = IssueDto, headers(("ETag" = String, description = "新版本"))),
        (status = 400, description = "请求格式有误", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "未登录", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "角色无权执行该操作", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "问题不存在或不在数据范围内", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "当前状态不允许该操作, `allowed_actions` 列出可执行的操作", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "版本已过期", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "字段有误", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = [])),
)]
#[post("/issues/{id}/transitions")]
pub async fn transition_issue(
    req: HttpRequest,
    state: web::Data<AppState>,
    principal: Principal,
    meta: RequestMeta,
    id: web::Path<Id>,
    body: ApiJson<TransitionRequest>,
) -> Result<HttpResponse, ApiError> {
    principal.require(Permission::ReadIssues)?;
    let if_match = IfMatch::of(&req);
    let id = id.into_inner();
    let window = state.config.warning_days;
    let dto = state
        .write(move |conn| {
            let before = store::issues::find_visible(conn, &visibility_of(&principal), &id)?.ok_or_else(not_found)?;
            let cooperating = store::issues::cooperating(conn, &id)?;
            let caller = caller_of(&principal);
            let facts = facts_of(&before, &cooperating, false);
            let req = body.0;
            let next =
                lifecycle::decide(&caller, req.action, &facts).map_err(|r| refusal(r, req.action, before.state()))?;
            let mut issue = before.clone();
            let (payload, new_cooperating) = apply_transition(conn, &principal, &mut issue, &req)?;
            if_match.check(before.version)?;
            let now = store::now();
            issue.state = next.code().into();
            issue.updated_at = now;
            if !store::issues::save(conn, &issue, before.version)? {
                return Err(ApiError::conflict("concurrent_update", "该问题刚被他人处理, 请刷新后重试"));
            }
            issue.version = before.version + 1;
            if let Some(units) = &new_cooperating {
                store::issues::set_cooperating(conn, &id, units)?;
            }
            if !matches!(next, State::Assigned | State::Rectifying)
                && let Some(mut pending) = store::supervision::pending_extension(conn, &id)?
            {
                // A request for more time means nothing once the problem has moved on.
                pending.status = "refused".into();
                pending.decision_comment = Some(format!("问题已「{}」, 延期申请自动失效", req.action.label()));
                pending.decided_at = Some(now);
                store::supervision::save_extension(conn, &pending)?;
            }
            super::supervision::notify_transition(conn, &issue, req.action, &principal, now)?;
            let comment = req.comment.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned);
            store::issues::insert_transition(
                conn,
                &Transition {
                    id: Id::new(),
                    issue_id: id.clone(),
                    action: req.action.code().into(),
                    from_state: before.state.clone(),
                    to_state: issue.state.clone(),
                    actor_kind: "user".into(),
                    actor_id: principal.user_id.to_string(),
                    actor_name: principal.username.clone(),
                    actor_unit_id: Some(principal.unit_id.to_string()),
                    comment: comment.clone(),
                    payload_json: (!payload.as_object().is_some_and(|m| m.is_empty())).then(|| payload.to_string()),
                    created_at: now,
                },
            )?;
            audit::append(
                conn,
                Entry::new(&principal.actor(), &meta, &format!("issue.{}", req.action.code()), "issue")
                    .entity(&id)
                    .before(serde_json::json!({ "state": before.state, "version": before.version }))
                    .after(serde_json::json!({
                        "state": issue.state, "version": issue.version, "comment": comment, "payload": payload,
                    })),
            )?;
            load_dto(
                conn,
                issue,
                &DtoContext { caller: &caller, today: warning::today_shanghai(), window_days: window },
            )
        })
        .await?;
    Ok(with_etag(&mut HttpResponse::Ok(), &dto))
}

fn refusal(r: Refusal, action: Action, state: State) -> ApiError {
    match r {
        Refusal::Forbidden => ApiError::forbidden(format!("您的角色不能对该问题执行「{}」", action.label())),
        Refusal::WrongState { allowed } => {
            let names: Vec<&str> = allowed.iter().map(|a| a.label()).collect();
            let hint = if names.is_empty() {
                "当前没有可执行的操作".to_owned()
            } else {
                format!("当前可执行: {}", names.join("、"))
            };
            ApiError::conflict(
                "action_not_allowed",
                format!("问题处于「{}」状态, 不能执行「{}」; {hint}", state.label(), action.label()),
            )
            .with_extra("state", state.code())
            .with_extra("allowed_actions", allowed.iter().map(|a| a.code()).collect::<Vec<_>>())
        }
    }
}

/// Validates the action's fields and applies them; answers the timeline payload and, for
/// assignments and returns, the new cooperating units.
fn apply_transition(
    conn: &mut DbConnection,
    principal: &Principal,
    issue: &mut Issue,
    req: &TransitionRequest,
) -> Result<(serde_json::Value, Option<Vec<Id>>), ApiError> {
    let mut v = Validator::default();
    // Fields that belong to another action are refused, so that a client never believes it
    // set something that was ignored.
    let given: [(&str, bool); 9] = [
        ("responsible_unit_id", req.responsible_unit_id.is_some()),
        ("deadline", req.deadline.is_some()),
        ("group_id", req.group_id.is_some()),
        ("cooperating_unit_ids", req.cooperating_unit_ids.is_some()),
        ("measures", req.measures.is_some()),
        ("responsible_leader", req.responsible_leader.is_some()),
        ("responsible_person", req.responsible_person.is_some()),
        ("amount_resolved_fen", req.amount_resolved_fen.is_some()),
        ("closure_kind", req.closure_kind.is_some()),
    ];
    let belongs: &[&str] = match req.action {
        Action::Assign => &["responsible_unit_id", "deadline", "group_id", "cooperating_unit_ids"],
        Action::Accept => &["measures", "responsible_leader", "responsible_person"],
        Action::Submit => &["amount_resolved_fen"],
        Action::Dismiss => &["closure_kind"],
        _ => &[],
    };
    for (field, present) in given {
        if present && !belongs.contains(&field) {
            v.add(field, format!("「{}」操作不使用此字段", req.action.label()));
        }
    }
    let comment = v.optional_text("comment", req.comment.as_deref(), 2000);
    let comment_required = matches!(
        req.action,
        Action::Return | Action::Submit | Action::Approve | Action::Reject | Action::Reopen | Action::Dismiss
    );
    if comment_required && comment.is_none() {
        v.add("comment", "请填写说明");
    }
    let now = store::now();
    let mut payload = serde_json::Map::new();
    let mut cooperating = None;
    match req.action {
        Action::Assign => {
            match &req.responsible_unit_id {
                None => v.add("responsible_unit_id", "请选择责任单位"),
                Some(u) => match store::units::find(conn, u)? {
                    None => v.add("responsible_unit_id", "单位不存在"),
                    Some(unit) if !unit.active => v.add("responsible_unit_id", "单位已停用"),
                    Some(_) => {}
                },
            }
            match req.deadline {
                None => v.add("deadline", "请设定整改时限"),
                Some(d) if d < warning::today_shanghai() => v.add("deadline", "整改时限不能早于今天"),
                Some(_) => {}
            }
            if let Some(g) = &req.group_id {
                if !principal.has_role(Role::Office) {
                    v.add("group_id", "只有综合办公室可以改派工作组");
                } else {
                    let category_group = store::groups::find_by_category(conn, &issue.category)?;
                    match store::groups::find(conn, g)? {
                        None => v.add("group_id", "工作组不存在"),
                        Some(grp)
                            if grp.category.is_some() && Some(&grp.id) != category_group.as_ref().map(|c| &c.id) =>
                        {
                            v.add("group_id", "工作组与问题类别不一致")
                        }
                        Some(grp) => issue.group_id = grp.id,
                    }
                }
            }
            let units = req.cooperating_unit_ids.clone().unwrap_or_default();
            for (i, u) in units.iter().enumerate() {
                let field = format!("cooperating_unit_ids[{i}]");
                if Some(u) == req.responsible_unit_id.as_ref() {
                    v.add(field, "配合单位不能与责任单位相同");
                } else if units[..i].contains(u) {
                    v.add(field, "配合单位重复");
                } else {
                    match store::units::find(conn, u)? {
                        None => v.add(field, "单位不存在"),
                        Some(unit) if !unit.active => v.add(field, "单位已停用"),
                        Some(_) => {}
                    }
                }
            }
            v.finish()?;
            issue.responsible_unit_id = req.responsible_unit_id.clone();
            issue.deadline = req.deadline;
            payload.insert("responsible_unit_id".into(), serde_json::json!(issue.responsible_unit_id));
            payload.insert("deadline".into(), serde_json::json!(issue.deadline));
            payload.insert("group_id".into(), serde_json::json!(issue.group_id));
            payload.insert("cooperating_unit_ids".into(), serde_json::json!(units));
            cooperating = Some(units);
        }
        Action::Return => {
            v.finish()?;
            payload.insert("responsible_unit_id".into(), serde_json::json!(issue.responsible_unit_id));
            issue.responsible_unit_id = None;
            issue.deadline = None;
            cooperating = Some(Vec::new());
        }
        Action::Accept => {
            let measures = v.optional_text("measures", req.measures.as_deref(), 5000);
            if measures.is_none() {
                v.add("measures", "请填写整改措施");
            }
            let leader = v.optional_text("responsible_leader", req.responsible_leader.as_deref(), 50);
            let person = v.optional_text("responsible_person", req.responsible_person.as_deref(), 50);
            v.finish()?;
            issue.measures = measures;
            issue.responsible_leader = leader.or(issue.responsible_leader.take());
            issue.responsible_person = person.or(issue.responsible_person.take());
            payload.insert("measures".into(), serde_json::json!(issue.measures));
            payload.insert("responsible_leader".into(), serde_json::json!(issue.responsible_leader));
            payload.insert("responsible_person".into(), serde_json::json!(issue.responsible_person));
        }
        Action::Submit => {
            if let Some(a) = req.amount_resolved_fen {
                if let Err((_, msg)) = money::check_amounts(issue.amount_involved_fen, a) {
                    v.add("amount_resolved_fen", msg);
                }
                issue.amount_resolved_fen = a;
                payload.insert("amount_resolved_fen".into(), serde_json::json!(a));
            }
            v.finish()?;
        }
        Action::Approve => {
            v.finish()?;
            issue.closure_kind = Some(ClosureKind::Rectified.code().into());
            issue.closed_at = Some(now);
        }
        Action::Reject => v.finish()?,
        Action::Reopen => {
            v.finish()?;
            issue.closure_kind = None;
            issue.closed_at = None;
        }
        Action::Dismiss => {
            match req.closure_kind {
                Some(k @ (ClosureKind::Duplicate | ClosureKind::Unfounded)) => {
                    issue.closure_kind = Some(k.code().into());
                    payload.insert("closure_kind".into(), serde_json::json!(k));
                }
                Some(ClosureKind::Rectified) => {
                    v.add("closure_kind", "不予立项的结论应为 duplicate (重复) 或 unfounded (查无实据)")
                }
                None => v.add("closure_kind", "请选择不予立项的结论"),
            }
            v.finish()?;
            issue.closed_at = Some(now);
        }
    }
    Ok((serde_json::Value::Object(payload), cooperating))
}

/// 报送整改进展
///
/// By the responsible or a cooperating unit while rectifying; never changes the state. An
/// amount sets the total resolved so far.
#[utoipa::path(
    tag = "issues",
    operation_id = "addIssueProgress",
    params(("id" = Id, Path, description = "问题 id")),
    request_body = ProgressRequest,
    responses(
        (status = 201, description = "已报送; 答复为更新后的问题", body = IssueDto, headers(("ETag" = String, description = "版本"))),
        (status = 400, description = "请求格式有误", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "未登录", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "只有责任单位和配合单位可以报送", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "问题不存在或不在数据范围内", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "问题不在整改中", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "字段有误", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = [])),
)]
#[post("/issues/{id}/progress")]
pub async fn add_progress(
    state: web::Data<AppState>,
    principal: Principal,
    meta: RequestMeta,
    id: web::Path<Id>,
    body: ApiJson<ProgressRequest>,
) -> Result<HttpResponse, ApiError> {
    principal.require(Permission::ReadIssues)?;
    let id = id.into_inner();
    let window = state.config.warning_days;
    let dto = state
        .write(move |conn| {
            let before = store::issues::find_visible(conn, &visibility_of(&principal), &id)?.ok_or_else(not_found)?;
            let cooperating = store::issues::cooperating(conn, &id)?;
            let caller = caller_of(&principal);
            let facts = facts_of(&before, &cooperating, false);
            if !lifecycle::may_report_progress(&caller, &facts) {
                if before.state() != State::Rectifying {
                    return Err(ApiError::conflict(
                        "not_rectifying",
                        format!("问题处于「{}」状态, 只有整改中的问题可以报送进展", before.state().label()),
                    ));
                }
                return Err(ApiError::forbidden("只有责任单位和配合单位可以报送整改进展"));
            }
            let mut v = Validator::default();
            let note = v.text("note", &body.note, 5000);
            if let Some(a) = body.amount_resolved_fen
                && let Err((_, msg)) = money::check_amounts(before.amount_involved_fen, a)
            {
                v.add("amount_resolved_fen", msg);
            }
            v.finish()?;
            let now = store::now();
            let mut issue = before.clone();
            if let Some(a) = body.amount_resolved_fen {
                issue.amount_resolved_fen = a;
            }
            issue.updated_at = now;
            if !store::issues::save(conn, &issue, before.version)? {
                return Err(ApiError::conflict("concurrent_update", "该问题刚被他人处理, 请刷新后重试"));
            }
            issue.version = before.version + 1;
            let progress = Progress {
                id: Id::new(),
                issue_id: id.clone(),
                unit_id: principal.unit_id.clone(),
                author_id: principal.user_id.to_string(),
                author_name: principal.username.clone(),
                note,
                amount_resolved_fen: body.amount_resolved_fen,
                created_at: now,
            };
            store::issues::insert_progress(conn, &progress)?;
            audit::append(
                conn,
                Entry::new(&principal.actor(), &meta, "issue.progress", "issue")
                    .entity(&id)
                    .before(serde_json::json!({ "amount_resolved_fen": before.amount_resolved_fen }))
                    .after(&progress),
            )?;
            load_dto(
                conn,
                issue,
                &DtoContext { caller: &caller, today: warning::today_shanghai(), window_days: window },
            )
        })
        .await?;
    Ok(with_etag(&mut HttpResponse::Created(), &dto))
}

/// 问题时间线
///
/// Registration, transitions and progress reports, newest first.
#[utoipa::path(
    tag = "issues",
    operation_id = "getIssueTimeline",
    params(("id" = Id, Path, description = "问题 id")),
    responses(
        (status = 200, description = "时间线", body = Vec<TimelineEntry>),
        (status = 401, description = "未登录", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "角色无权查看问题", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "问题不存在或不在数据范围内", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = []), ("api_key" = ["issues:read"])),
)]
#[get("/issues/{id}/timeline")]
pub async fn get_timeline(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<Id>,
) -> Result<HttpResponse, ApiError> {
    principal.require(Permission::ReadIssues)?;
    let id = id.into_inner();
    let entries = state
        .db(move |conn| {
            store::issues::find_visible(conn, &visibility_of(&principal), &id)?.ok_or_else(not_found)?;
            let mut entries: Vec<TimelineEntry> = store::issues::transitions(conn, &id)?
                .into_iter()
                .map(|t| TimelineEntry {
                    kind: "transition".into(),
                    at: utc(t.created_at),
                    actor: ActorDto {
                        kind: t.actor_kind,
                        id: t.actor_id,
                        name: t.actor_name,
                        unit_id: t.actor_unit_id,
                    },
                    action_label: Some(
                        Action::from_code(&t.action)
                            .map(|a| a.label())
                            .unwrap_or(if t.action == "register" { "登记" } else { "" })
                            .to_owned(),
                    ),
                    action: Some(t.action),
                    from_state: Some(t.from_state).filter(|s| !s.is_empty()),
                    to_state: Some(t.to_state),
                    comment: t.comment,
                    payload: t.payload_json.and_then(|p| serde_json::from_str(&p).ok()),
                    note: None,
                    amount_resolved_fen: None,
                })
                .collect();
            entries.extend(store::issues::progress(conn, &id)?.into_iter().map(|p| TimelineEntry {
                kind: "progress".into(),
                at: utc(p.created_at),
                actor: ActorDto {
                    kind: "user".into(),
                    id: p.author_id,
                    name: p.author_name,
                    unit_id: Some(p.unit_id.to_string()),
                },
                action: None,
                action_label: None,
                from_state: None,
                to_state: None,
                comment: None,
                payload: None,
                note: Some(p.note),
                amount_resolved_fen: p.amount_resolved_fen,
            }));
            entries.extend(store::supervision::urges(conn, &id)?.into_iter().map(|u| TimelineEntry {
                kind: "urge".into(),
                at: utc(u.created_at),
                actor: ActorDto { kind: "user".into(), id: u.actor_id, name: u.actor_name, unit_id: u.actor_unit_id },
                action: Some("urge".into()),
                action_label: Some("催办".into()),
                from_state: None,
                to_state: None,
                comment: Some(u.message),
                payload: None,
                note: None,
                amount_resolved_fen: None,
            }));
            for r in store::supervision::extensions(conn, &id)? {
                let payload = serde_json::json!({
                    "current_deadline": r.current_deadline, "requested_deadline": r.requested_deadline, "status": r.status,
                });
                if let (Some(at), Some(by)) = (r.decided_at, r.decided_by_name.clone()) {
                    entries.push(TimelineEntry {
                        kind: "extension_decision".into(),
                        at: utc(at),
                        actor: ActorDto { kind: "user".into(), id: r.decided_by_id.clone().unwrap_or_default(), name: by, unit_id: None },
                        action: Some(if r.status == "approved" { "approve_extension" } else { "refuse_extension" }.into()),
                        action_label: Some(if r.status == "approved" { "同意延期" } else { "不同意延期" }.into()),
                        from_state: None,
                        to_state: None,
                        comment: r.decision_comment.clone(),
                        payload: Some(payload.clone()),
                        note: None,
                        amount_resolved_fen: None,
                    });
                }
                entries.push(TimelineEntry {
                    kind: "extension_request".into(),
                    at: utc(r.created_at),
                    actor: ActorDto { kind: "user".into(), id: r.requested_by_id, name: r.requested_by_name, unit_id: Some(r.unit_id.to_string()) },
                    action: Some("request_extension".into()),
                    action_label: Some("申请延期".into()),
                    from_state: None,
                    to_state: None,
                    comment: Some(r.reason),
                    payload: Some(payload),
                    note: None,
                    amount_resolved_fen: None,
                });
            }
            entries.sort_by_key(|e| std::cmp::Reverse(e.at));
            Ok(entries)
        })
        .await?;
    Ok(HttpResponse::Ok().json(entries))
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
        .service(get_timeline);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_are_masked() {
        assert_eq!(mask_phone("13871234567"), "138****4567");
        assert_eq!(mask_phone("0722-3456789"), "072****6789");
        assert_eq!(mask_phone("12345"), "****");
    }

    #[test]
    fn shanghai_days_start_at_16_utc() {
        let d: NaiveDate = "2024-07-01".parse().unwrap();
        assert_eq!(shanghai_day_start(d).to_string(), "2024-06-30 16:00:00");
    }
}
