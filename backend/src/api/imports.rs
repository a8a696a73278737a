//! Bulk import of problem lists (JSON, CSV in UTF-8 or GBK, XLSX) and the import template.
//!
//! One request is one transaction: `all_or_nothing` writes nothing when any row is bad,
//! `skip_invalid` writes exactly the good rows, `dry_run` validates everything and writes
//! nothing. Rows with a `source` + `source_ref` are idempotent.

use std::collections::HashMap;

use actix_web::{HttpRequest, HttpResponse, get, http::header, post, web};
use diesel::RunQueryDsl;
use rust_xlsxwriter::{DataValidation, Formula, Workbook};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::{
    api::{
        common::{FileBytes, Validator},
        extract::{RequestMeta, Upload},
        issues::{Dicts, check_amount, check_phone, check_uscc, registration_event},
    },
    audit::{self, Entry},
    auth::Principal,
    db::{DbConnection, Id},
    domain::{lifecycle::State, money, permissions::Permission, roles::Role},
    error::{ApiError, FieldError, Problem},
    spreadsheet::{self, Formats},
    startup::AppState,
    store::{self, issues::Issue},
    tabular::{self, Format, Row},
};

/// Largest accepted upload.
pub const MAX_BYTES: usize = 20 * 1024 * 1024;
/// Most rows in one import.
pub const MAX_ROWS: usize = 50_000;
/// Rows whose title starts with this are the template's example and are skipped.
pub const EXAMPLE_MARK: &str = "【示例】";

/// Template columns: (Chinese header, API field name, required, explanation).
pub const COLUMNS: [(&str, &str, bool, &str); 13] = [
    ("问题标题", "title", true, "简要概括问题, 不超过 200 字"),
    ("问题描述", "description", true, "问题的具体情况, 不超过 5000 字"),
    ("问题类别", "category", true, "下拉选择, 或填写类别代码"),
    ("问题类型", "problem_type", true, "下拉选择, 须属于所选类别"),
    ("拖欠对象", "arrear_object", false, "拖欠账款类填写: 货物、服务或工程"),
    ("线索来源", "source", false, "下拉选择; 不填为「自查」。责任单位只能导入自查问题"),
    ("来源编号", "source_ref", false, "来源系统的编号; 同一来源同一编号重复导入不会重复登记"),
    ("涉及企业", "enterprise_name", true, "企业全称"),
    ("统一社会信用代码", "enterprise_uscc", false, "18 位, 校验位会被检查"),
    ("企业联系人", "enterprise_contact", false, ""),
    ("联系电话", "enterprise_phone", false, "只能包含数字、空格和 + - ( )"),
    ("涉及金额(元)", "amount_involved", false, "以元为单位, 最多两位小数, 如 12345.67"),
    ("报送单位", "reporting_unit", false, "综合办公室代单位导入时填写报送单位; 其他情况不填"),
];

#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ImportMode {
    /// One bad row and nothing is written (default).
    #[default]
    AllOrNothing,
    /// The good rows are written; the bad ones are reported.
    SkipInvalid,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportQuery {
    /// Validate everything and write nothing.
    #[serde(default)]
    pub dry_run: bool,
    pub mode: Option<ImportMode>,
}

#[derive(Debug, Clone, Serialize, ToSchema, PartialEq, Eq)]
pub struct RowError {
    /// The row as the user sees it in the spreadsheet (header = row 1); the item's position
    /// (from 1) for JSON.
    pub row: usize,
    pub field: String,
    pub message: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RowWarning {
    pub row: usize,
    pub message: String,
    /// The problem this row looks like.
    pub existing_id: Option<Id>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"dry_run": true, "mode": "all_or_nothing", "committed": false, "total": 3, "created": 0, "updated": 0, "unchanged": 0, "failed": 1, "errors": [{"row": 4, "field": "enterprise_uscc", "message": "统一社会信用代码校验位不正确"}], "warnings": [], "ignored_columns": ["备注"]}))]
pub struct ImportReport {
    pub dry_run: bool,
    pub mode: ImportMode,
    /// Whether anything was written.
    pub committed: bool,
    pub total: usize,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub failed: usize,
    pub errors: Vec<RowError>,
    /// Rows without a reference that look like an existing problem (same USCC, category, title).
    pub warnings: Vec<RowWarning>,
    /// Columns of the file that are not template columns (ignored).
    pub ignored_columns: Vec<String>,
}

/// A valid row, ready to create or compare.
struct Candidate {
    row: usize,
    title: String,
    description: String,
    category: String,
    problem_type: String,
    arrear_object: Option<String>,
    source: String,
    source_ref: Option<String>,
    enterprise_name: String,
    enterprise_uscc: Option<String>,
    enterprise_contact: Option<String>,
    enterprise_phone: Option<String>,
    amount_involved_fen: i64,
    reporting_unit: Id,
}

impl Candidate {
    /// The imported fields differ from the problem's.
    fn differs(&self, i: &Issue) -> bool {
        self.title != i.title
            || self.description != i.description
            || self.category != i.category
            || self.problem_type != i.problem_type
            || self.arrear_object != i.arrear_object
            || self.enterprise_name != i.enterprise_name
            || self.enterprise_uscc != i.enterprise_uscc
            || self.enterprise_contact != i.enterprise_contact
            || self.enterprise_phone != i.enterprise_phone
            || self.amount_involved_fen != i.amount_involved_fen
    }

    fn apply(&self, i: &mut Issue, group: &Id) {
        i.title = self.title.clone();
        i.description = self.description.clone();
        i.category = self.category.clone();
        i.problem_type = self.problem_type.clone();
        i.arrear_object = self.arrear_object.clone();
        i.enterprise_name = self.enterprise_name.clone();
        i.enterprise_uscc = self.enterprise_uscc.clone();
        i.enterprise_contact = self.enterprise_contact.clone();
        i.enterprise_phone = self.enterprise_phone.clone();
        i.amount_involved_fen = self.amount_involved_fen;
        i.group_id = group.clone();
    }
}

/// Reads a cell by Chinese header or API field name.
fn cell<'a>(row: &'a Row, header: &str, field: &str) -> Option<&'a str> {
    row.get(header).or_else(|| row.get(field)).map(str::trim).filter(|s| !s.is_empty())
}

/// A dictionary value given by code or by label.
fn resolve_dict(d: &Dicts, kind: &str, value: &str, parent: Option<&str>) -> Option<String> {
    if d.find(kind, value).is_some() {
        return Some(value.to_owned());
    }
    d.items
        .iter()
        .find(|i| {
            i.kind == kind && i.active && i.label == value && (parent.is_none() || i.parent_code.as_deref() == parent)
        })
        .map(|i| i.code.clone())
}

struct Context {
    dicts: Dicts,
    units: Vec<store::units::Unit>,
    office: bool,
    any_source: bool,
    own_unit: Id,
}

fn validate_row(cx: &Context, row: &Row) -> Result<Candidate, Vec<FieldError>> {
    let mut v = Validator::default();
    let text = |v: &mut Validator, h: &str, f: &str, max: usize| -> String {
        match cell(row, h, f) {
            None => {
                v.add(f, format!("「{h}」不能为空"));
                String::new()
            }
            Some(t) => v.text(f, t, max),
        }
    };
    let title = text(&mut v, "问题标题", "title", 200);
    let description = text(&mut v, "问题描述", "description", 5000);
    let enterprise_name = text(&mut v, "涉及企业", "enterprise_name", 200);
    let category = match cell(row, "问题类别", "category") {
        None => {
            v.add("category", "「问题类别」不能为空");
            String::new()
        }
        Some(c) => resolve_dict(&cx.dicts, "category", c, None).unwrap_or_else(|| {
            v.add("category", format!("问题类别「{c}」不存在"));
            String::new()
        }),
    };
    let problem_type = match cell(row, "问题类型", "problem_type") {
        None => {
            v.add("problem_type", "「问题类型」不能为空");
            String::new()
        }
        Some(t) => {
            resolve_dict(&cx.dicts, "problem_type", t, Some(&category).filter(|c| !c.is_empty()).map(|c| c.as_str()))
                .unwrap_or_else(|| t.to_owned())
        }
    };
    let arrear_object = cell(row, "拖欠对象", "arrear_object")
        .map(|o| resolve_dict(&cx.dicts, "arrear_object", o, None).unwrap_or_else(|| o.to_owned()));
    if !category.is_empty() {
        cx.dicts.check_classification(&mut v, &category, &problem_type, arrear_object.as_deref());
    }
    let source = match cell(row, "线索来源", "source") {
        None => "self_inspection".to_owned(),
        Some(s) => resolve_dict(&cx.dicts, "source", s, None).unwrap_or_else(|| {
            v.add("source", format!("线索来源「{s}」不存在"));
            s.to_owned()
        }),
    };
    if !cx.any_source && source != "self_inspection" {
        v.add("source", "责任单位只能导入自查发现的问题");
    }
    let source_ref = v.optional_text("source_ref", cell(row, "来源编号", "source_ref"), 100);
    let enterprise_uscc = check_uscc(&mut v, "enterprise_uscc", cell(row, "统一社会信用代码", "enterprise_uscc"));
    let enterprise_contact = v.optional_text("enterprise_contact", cell(row, "企业联系人", "enterprise_contact"), 50);
    let enterprise_phone = check_phone(&mut v, cell(row, "联系电话", "enterprise_phone"));
    let amount_involved_fen =
        match (cell(row, "涉及金额(元)", "amount_involved"), row.get("amount_involved_fen").filter(|s| !s.is_empty()))
        {
            (Some(yuan), _) => money::parse_yuan(yuan).unwrap_or_else(|msg| {
                v.add("amount_involved", msg);
                0
            }),
            (None, Some(fen)) => fen.parse::<i64>().unwrap_or_else(|_| {
                v.add("amount_involved_fen", "应为以分为单位的整数");
                0
            }),
            (None, None) => 0,
        };
    check_amount(&mut v, "amount_involved", amount_involved_fen);
    let reporting_unit = match cell(row, "报送单位", "reporting_unit") {
        None => cx.own_unit.clone(),
        Some(_) if !cx.office => {
            v.add("reporting_unit", "只有综合办公室可以代其他单位导入");
            cx.own_unit.clone()
        }
        Some(u) => match cx.units.iter().find(|x| x.name == u || x.code == u || x.alias.as_deref() == Some(u)) {
            Some(unit) if unit.active => unit.id.clone(),
            _ => {
                v.add("reporting_unit", format!("报送单位「{u}」不存在或已停用"));
                cx.own_unit.clone()
            }
        },
    };
    if !v.is_ok() {
        return Err(v.errors);
    }
    Ok(Candidate {
        row: row.number,
        title,
        description,
        category,
        problem_type,
        arrear_object,
        source,
        source_ref,
        enterprise_name,
        enterprise_uscc,
        enterprise_contact,
        enterprise_phone,
        amount_involved_fen,
        reporting_unit,
    })
}

/// Validates and (unless a dry run, or all-or-nothing with errors) writes, in one transaction.
fn run_import(
    conn: &mut DbConnection,
    principal: &Principal,
    meta: &RequestMeta,
    rows: Vec<Row>,
    ignored_columns: Vec<String>,
    dry_run: bool,
    mode: ImportMode,
) -> Result<ImportReport, ApiError> {
    let office = principal.has_role(Role::Office);
    let cx = Context {
        dicts: Dicts::load(conn)?,
        units: store::units::list(conn, true)?,
        office,
        any_source: office || principal.is_integration(),
        own_unit: principal.unit_id.clone(),
    };
    let campaign = store::campaigns::current(conn)?.ok_or_else(|| {
        ApiError::new(actix_web::http::StatusCode::UNPROCESSABLE_ENTITY, "no_campaign", "当前没有进行中的专项行动")
    })?;
    let groups = store::groups::list(conn)?;
    let group_of =
        |category: &str| groups.iter().find(|g| g.category.as_deref() == Some(category)).map(|g| g.id.clone());
    let total = rows.len();
    let mut errors: Vec<RowError> = Vec::new();
    let mut warnings: Vec<RowWarning> = Vec::new();
    let mut valid: Vec<Candidate> = Vec::new();
    let mut seen_refs: HashMap<(String, String), usize> = HashMap::new();
    for row in &rows {
        match validate_row(&cx, row) {
            Ok(c) => {
                if let Some(r) = &c.source_ref
                    && let Some(first) = seen_refs.insert((c.source.clone(), r.clone()), c.row)
                {
                    errors.push(RowError {
                        row: c.row,
                        field: "source_ref".into(),
                        message: format!("与第 {first} 行的来源编号重复"),
                    });
                    continue;
                }
                valid.push(c);
            }
            Err(fields) => errors.extend(fields.into_iter().map(|f| RowError {
                row: row.number,
                field: f.field,
                message: f.message,
            })),
        }
    }
    // Existing problems with the same references.
    let mut by_source: HashMap<&str, Vec<String>> = HashMap::new();
    for c in &valid {
        if let Some(r) = &c.source_ref {
            by_source.entry(c.source.as_str()).or_default().push(r.clone());
        }
    }
    let mut existing: HashMap<(String, String), Issue> = HashMap::new();
    for (source, refs) in by_source {
        for i in store::issues::find_by_refs(conn, source, &refs)? {
            let key = (i.source.clone(), i.source_ref.clone().unwrap_or_default());
            existing.insert(key, i);
        }
    }
    let visibility = crate::api::issues::visibility_of(principal);
    let mut to_create: Vec<&Candidate> = Vec::new();
    let mut to_update: Vec<(&Candidate, Issue)> = Vec::new();
    let mut unchanged = 0;
    for c in &valid {
        match c.source_ref.as_ref().and_then(|r| existing.get(&(c.source.clone(), r.clone()))) {
            Some(i) => {
                if store::issues::find_visible(conn, &visibility, &i.id)?.is_none() {
                    errors.push(RowError {
                        row: c.row,
                        field: "source_ref".into(),
                        message: "该来源编号已被其他单位登记".into(),
                    });
                } else if !c.differs(i) {
                    unchanged += 1;
                } else if i.state() != State::SelfCheck {
                    errors.push(RowError {
                        row: c.row,
                        field: "source_ref".into(),
                        message: format!("问题 {} 已「{}」, 导入的修改未应用", i.number, i.state().label()),
                    });
                } else {
                    to_update.push((c, i.clone()));
                }
            }
            None => {
                if c.source_ref.is_none()
                    && let Some(uscc) = &c.enterprise_uscc
                {
                    let f = store::issues::ListFilter {
                        enterprise_uscc: Some(uscc.clone()),
                        category: Some(c.category.clone()),
                        ..Default::default()
                    };
                    let like = store::issues::list(conn, &visibility, &f, Default::default(), 0, 50)?;
                    if let Some(same) = like.into_iter().find(|i| i.title == c.title) {
                        warnings.push(RowWarning {
                            row: c.row,
                            message: format!("与已有问题 {} 的企业、类别和标题相同, 可能重复", same.number),
                            existing_id: Some(same.id),
                        });
                    }
                }
                to_create.push(c);
            }
        }
    }
    errors.sort_by_key(|e| e.row);
    let mut failed_rows: Vec<usize> = errors.iter().map(|e| e.row).collect();
    failed_rows.dedup();
    let failed = failed_rows.len();
    let write = !dry_run && (mode == ImportMode::SkipInvalid || errors.is_empty());
    let mut report = ImportReport {
        dry_run,
        mode,
        committed: false,
        total,
        created: to_create.len(),
        updated: to_update.len(),
        unchanged,
        failed,
        errors,
        warnings,
        ignored_columns,
    };
    if !write {
        if !dry_run {
            report.created = 0;
            report.updated = 0;
        }
        return Ok(report);
    }
    let actor = principal.actor();
    let now = store::now();
    let first = store::counters::reserve(conn, &format!("issue_number:{}", campaign.year), to_create.len() as i64)?;
    let mut issues = Vec::with_capacity(to_create.len());
    let mut events = Vec::with_capacity(to_create.len());
    for (i, c) in to_create.iter().enumerate() {
        let issue = Issue {
            id: Id::new(),
            number: format!("LY{}-{:05}", campaign.year, first + i as i64),
            campaign_id: campaign.id.clone(),
            title: c.title.clone(),
            description: c.description.clone(),
            category: c.category.clone(),
            problem_type: c.problem_type.clone(),
            arrear_object: c.arrear_object.clone(),
            source: c.source.clone(),
            source_ref: c.source_ref.clone(),
            enterprise_name: c.enterprise_name.clone(),
            enterprise_uscc: c.enterprise_uscc.clone(),
            enterprise_contact: c.enterprise_contact.clone(),
            enterprise_phone: c.enterprise_phone.clone(),
            amount_involved_fen: c.amount_involved_fen,
            amount_resolved_fen: 0,
            group_id: group_of(&c.category).ok_or_else(|| ApiError::internal("category without group"))?,
            responsible_unit_id: None,
            reporting_unit_id: c.reporting_unit.clone(),
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
        events.push(registration_event(&issue, principal, Some(format!("批量导入第 {} 行", c.row))));
        issues.push(issue);
    }
    store::issues::insert_many(conn, &issues)?;
    if issues.len() >= 1000 && conn.is_postgres() {
        // Foreign-key checks of the rows that follow are planned from the table's statistics;
        // after a bulk load into a young table those say "empty", and every check would scan.
        diesel::sql_query("ANALYZE issues").execute(conn)?;
    }
    store::issues::insert_transitions(conn, &events)?;
    let mut entries: Vec<Entry<'_>> = Vec::with_capacity(1 + issues.len() + to_update.len());
    entries.push(Entry::new(&actor, meta, "import.run", "import").after(serde_json::json!({
        "mode": mode, "total": total, "created": issues.len(), "updated": to_update.len(),
        "unchanged": unchanged, "failed": failed,
    })));
    for issue in &issues {
        entries.push(Entry::new(&actor, meta, "issue.create", "issue").entity(&issue.id).after(issue));
    }
    for (c, before) in &to_update {
        let mut after = before.clone();
        let group = group_of(&c.category).ok_or_else(|| ApiError::internal("category without group"))?;
        c.apply(&mut after, &group);
        after.updated_at = now;
        if !store::issues::save(conn, &after, before.version)? {
            return Err(ApiError::conflict("concurrent_update", "导入期间有问题被他人修改, 请重新导入"));
        }
        after.version += 1;
        entries.push(Entry::new(&actor, meta, "issue.update", "issue").entity(&before.id).before(before).after(&after));
    }
    audit::append_many(conn, entries)?;
    report.committed = true;
    Ok(report)
}

/// 批量导入问题清单
///
/// The body is the file itself: `application/json` (an array of objects with the API field
/// names), `text/csv` (UTF-8 with or without BOM, or GBK/GB18030) or an XLSX workbook (first
/// sheet; Chinese headers as in the template, or the API field names). At most 20 MB and
/// 50,000 rows (413 beyond). A file that cannot be read answers 422 and writes nothing. Row
/// problems are reported in `errors` with the row number as the user sees it.
#[utoipa::path(
    tag = "imports",
    operation_id = "importIssues",
    params(ImportQuery),
    request_body(
        description = "JSON 数组、CSV 或 XLSX 文件",
        content(
            (FileBytes = "text/csv", example = "问题标题,问题描述,问题类别,问题类型,拖欠对象,线索来源,来源编号,涉及企业,统一社会信用代码,涉及金额(元)\n区教育局拖欠校舍维修工程款,校舍维修工程验收后逾期未付,机关事业单位拖欠企业账款,延迟支付,工程,营商环境问题投诉,TS-2024-0815,随州市鑫源建筑工程有限公司,91350100M000100Y43,128000.00\n"),
            (FileBytes = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            (Vec<serde_json::Value> = "application/json", example = json!([{"title": "区教育局拖欠校舍维修工程款", "description": "验收后逾期未付", "category": "agency_arrears", "problem_type": "agency_delay", "enterprise_name": "随州市鑫源建筑工程有限公司", "amount_involved_fen": 12_800_000}])),
        ),
    ),
    responses(
        (status = 200, description = "导入结果 (dry_run 时只校验)", body = ImportReport),
        (status = 400, description = "查询参数有误", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "未登录或密钥无效", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "无导入权限 (需 imports:write)", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "超过 20 MB 或 50000 行", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "不支持的文件类型", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "文件无法读取 (格式、编码、空表、缺少必填列)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = []), ("api_key" = ["imports:write"])),
)]
#[post("/imports")]
pub async fn import_issues(
    req: HttpRequest,
    state: web::Data<AppState>,
    principal: Principal,
    meta: RequestMeta,
    query: web::Query<ImportQuery>,
    body: Upload<MAX_BYTES>,
) -> Result<HttpResponse, ApiError> {
    let body = body.0;
    principal.require(Permission::ImportIssues)?;
    let content_type = req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let format = Format::detect(content_type.as_deref(), &body).ok_or_else(|| {
        ApiError::new(
            actix_web::http::StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "请上传 JSON、CSV 或 XLSX 文件 (Content-Type: application/json、text/csv 或 application/vnd.openxmlformats-officedocument.spreadsheetml.sheet)",
        )
    })?;
    let dry_run = query.dry_run;
    let mode = query.mode.unwrap_or_default();
    let unreadable = |e: tabular::Unreadable| {
        ApiError::new(actix_web::http::StatusCode::UNPROCESSABLE_ENTITY, "unreadable_file", e.0)
    };
    let rows = web::block(move || match format {
        Format::Json => tabular::read_json(&body),
        Format::Csv => tabular::read_csv(&body),
        Format::Xlsx => tabular::read_xlsx(&body),
    })
    .await?
    .map_err(unreadable)?;
    if rows.len() > MAX_ROWS {
        return Err(ApiError::new(
            actix_web::http::StatusCode::PAYLOAD_TOO_LARGE,
            "too_many_rows",
            format!("一次最多导入 {MAX_ROWS} 行, 该文件有 {} 行, 请拆分后导入", rows.len()),
        ));
    }
    let rows: Vec<Row> = rows
        .into_iter()
        .filter(|r| !cell(r, "问题标题", "title").is_some_and(|t| t.starts_with(EXAMPLE_MARK)))
        .collect();
    if rows.is_empty() {
        return Err(ApiError::new(actix_web::http::StatusCode::UNPROCESSABLE_ENTITY, "empty_file", "文件中没有数据行"));
    }
    let present = tabular::columns(&rows);
    if format != Format::Json {
        let missing: Vec<&str> = COLUMNS
            .iter()
            .filter(|(h, f, required, _)| *required && !present.iter().any(|p| p == h || p == f))
            .map(|(h, ..)| *h)
            .collect();
        if !missing.is_empty() {
            return Err(ApiError::new(
                actix_web::http::StatusCode::UNPROCESSABLE_ENTITY,
                "missing_columns",
                format!("缺少必填列: {} (请使用导入模板)", missing.join("、")),
            )
            .with_extra("missing_columns", missing.iter().map(|s| s.to_string()).collect::<Vec<_>>()));
        }
    }
    let ignored: Vec<String> = present
        .into_iter()
        .filter(|p| !COLUMNS.iter().any(|(h, f, ..)| p == h || p == f) && p != "amount_involved_fen" && !p.is_empty())
        .collect();
    let report = state.write(move |conn| run_import(conn, &principal, &meta, rows, ignored, dry_run, mode)).await?;
    Ok(HttpResponse::Ok().json(report))
}

/// A column of the import template.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"header": "涉及金额(元)", "field": "amount_involved", "required": false, "hint": "以元为单位, 最多两位小数, 如 12345.67"}))]
pub struct ImportColumn {
    /// The Chinese header of the template (and of exports).
    pub header: String,
    /// The API field name a file may use instead, and that `errors[].field` names.
    pub field: String,
    pub required: bool,
    /// How to fill it in.
    pub hint: String,
}

/// 导入模板的列
///
/// The template's columns in order, with the field names row errors use: what a client needs to
/// build a file or to show a dry run's errors at their columns.
#[utoipa::path(
    tag = "imports",
    operation_id = "importColumns",
    responses(
        (status = 200, description = "模板的列", body = Vec<ImportColumn>),
        (status = 401, description = "未登录", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "无导入权限", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = []), ("api_key" = ["imports:write"])),
)]
#[get("/imports/columns")]
pub async fn import_columns(principal: Principal) -> Result<HttpResponse, ApiError> {
    principal.require(Permission::ImportIssues)?;
    let columns: Vec<ImportColumn> = COLUMNS
        .iter()
        .map(|(header, field, required, hint)| ImportColumn {
            header: (*header).into(),
            field: (*field).into(),
            required: *required,
            hint: (*hint).into(),
        })
        .collect();
    Ok(HttpResponse::Ok().json(columns))
}

/// 导入模板 (XLSX)
///
/// The headers, drop-downs for category, problem type, source and reporting unit, one example
/// row (skipped on import), and a second sheet explaining each column.
#[utoipa::path(
    tag = "imports",
    operation_id = "importTemplate",
    responses(
        (status = 200, description = "XLSX 模板", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = FileBytes),
        (status = 401, description = "未登录", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "无导入权限", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = []), ("api_key" = ["imports:write"])),
)]
#[get("/imports/template.xlsx")]
pub async fn import_template(state: web::Data<AppState>, principal: Principal) -> Result<HttpResponse, ApiError> {
    principal.require(Permission::ImportIssues)?;
    let bytes = state
        .db(|conn| {
            let dicts = store::dictionaries::list(conn)?;
            let units = store::units::list(conn, false)?;
            template(&dicts, &units).map_err(ApiError::internal)
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, spreadsheet::XLSX_MIME))
        .insert_header((
            header::CONTENT_DISPOSITION,
            spreadsheet::attachment("import-template.xlsx", "问题排查及整改清单导入模板.xlsx"),
        ))
        .body(bytes))
}

fn template(
    dicts: &[store::dictionaries::DictItem],
    units: &[store::units::Unit],
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let f = Formats::new();
    let mut wb = Workbook::new();
    let labels = |kind: &str| -> Vec<String> {
        dicts.iter().filter(|d| d.kind == kind && d.active).map(|d| d.label.clone()).collect()
    };
    // The lists live on a hidden sheet: drop-down lists longer than 255 characters must.
    let lists: [(&str, Vec<String>); 5] = [
        ("问题类别", labels("category")),
        ("问题类型", labels("problem_type")),
        ("线索来源", labels("source")),
        ("报送单位", units.iter().map(|u| u.name.clone()).collect()),
        ("拖欠对象", labels("arrear_object")),
    ];
    {
        let ws = wb.add_worksheet().set_name("问题清单")?;
        let widths: Vec<(&str, f64)> =
            COLUMNS.iter().map(|(h, _, req, _)| (*h, if *req { 20.0 } else { 16.0 })).collect();
        spreadsheet::header(ws, 0, &widths, &f)?;
        ws.set_freeze_panes(1, 0)?;
        let example = [
            "【示例】区教育局拖欠校舍维修工程款 (导入时忽略本行)",
            "校舍维修工程已于 2023 年 12 月竣工验收, 合同约定验收后 30 日内付款, 至今未付。",
            "机关事业单位拖欠企业账款",
            "以等待竣工验收批复或决算审计为由拖欠",
            "工程",
            "营商环境问题投诉",
            "TS-2024-0001",
            "随州市示例建筑工程有限公司",
            "91350100M000100Y43",
            "张经理",
            "13871234567",
            "128000.00",
            "",
        ];
        for (i, v) in example.iter().enumerate() {
            ws.write_string(1, i as u16, *v)?;
        }
        for (name, values) in &lists {
            let col = COLUMNS.iter().position(|(h, ..)| h == name).expect("template column") as u16;
            let list_col = lists.iter().position(|(n, _)| n == name).expect("list") as u16;
            let letter = (b'A' + list_col as u8) as char;
            let dv = DataValidation::new()
                .allow_list_formula(Formula::new(format!("=字典!${letter}$2:${letter}${}", values.len() + 1)))
                .ignore_blank(true);
            ws.add_data_validation(1, col, 10_000, col, &dv)?;
        }
    }
    {
        let ws = wb.add_worksheet().set_name("填写说明")?;
        spreadsheet::header(
            ws,
            0,
            &[("列", 18.0), ("字段名 (JSON/CSV 亦可使用)", 24.0), ("必填", 8.0), ("说明", 70.0)],
            &f,
        )?;
        for (i, (h, field, required, note)) in COLUMNS.iter().enumerate() {
            let r = 1 + i as u32;
            ws.write_string(r, 0, *h)?;
            ws.write_string(r, 1, *field)?;
            ws.write_string(r, 2, if *required { "是" } else { "否" })?;
            ws.write_string(r, 3, *note)?;
        }
        let r = COLUMNS.len() as u32 + 2;
        ws.write_string(r, 0, "说明")?;
        ws.write_string(r, 3, "第 1 行为表头; 以【示例】开头的行在导入时忽略。金额以元为单位, 精确到分。同一线索来源的来源编号重复导入时: 内容未变则跳过, 问题仍在自查阶段则更新, 否则报告而不修改。")?;
    }
    {
        let ws = wb.add_worksheet().set_name("字典")?;
        for (c, (name, values)) in lists.iter().enumerate() {
            ws.write_string(0, c as u16, *name)?;
            for (r, v) in values.iter().enumerate() {
                ws.write_string(1 + r as u32, c as u16, v)?;
            }
        }
        ws.set_hidden(true);
    }
    spreadsheet::save(wb)
}

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(import_issues).service(import_columns).service(import_template);
}
