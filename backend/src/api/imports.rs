//! Bulk import of problem lists (JSON, CSV in UTF-8 or GBK, XLSX, XLS) and the import template.
//!
//! One request is one transaction: `all_or_nothing` writes nothing when any row is bad,
//! `skip_invalid` writes exactly the good rows, `dry_run` validates everything and writes
//! nothing. Rows with a `source` + `source_ref` are idempotent. The file is read by
//! [`crate::tabular`] on the blocking pool, within its budgets, at most `LVYUE_MAX_IMPORTS` at
//! once.

use actix_web::{HttpRequest, HttpResponse, get, http::header, post, web};
use rust_xlsxwriter::{DataValidation, Formula, Workbook};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::{
    api::{
        common::FileBytes,
        extract::{discard_upload, read_upload},
        state::AppState,
    },
    auth::Principal,
    domain::{
        coded::Coded,
        permissions::Permission,
        repayment::{DebtorNature, EnterpriseSize, Ownership, PolicyLevel, PromisePretext},
    },
    error::{ApiError, Problem},
    service::{
        Context,
        imports::{
            COLUMNS, ImportMode, ImportReport, MAX_BYTES, TEMPLATE, import,
            migrate::{self, MIGRATE_TEMPLATE},
        },
    },
    spreadsheet::{self, Formats},
    store,
    tabular::{self, Format, Refusal},
};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportQuery {
    /// Validate everything and write nothing.
    #[serde(default)]
    pub dry_run: bool,
    /// `all_or_nothing` (default), `skip_invalid`, or `migrate` (迁移导入: office only, all or
    /// nothing, each problem in the state its 状态 column gives).
    pub mode: Option<ImportMode>,
    /// The file's name as the user chose it: a migration records it on each problem's timeline
    /// and in the audit trail.
    #[param(max_length = 255)]
    pub file_name: Option<String>,
    /// 线索来源 of the rows whose 线索来源 cell is empty (a dictionary code or label, e.g.
    /// `self_inspection` or `自查`): the importer's explicit choice for a file without the
    /// column. Without it, every row must name its source.
    #[param(max_length = 50)]
    pub source: Option<String>,
}

/// Maps a refused file to its answer: 413 naming the limit crossed, 422 otherwise.
fn refusal(r: Refusal) -> ApiError {
    use actix_web::http::StatusCode;
    match r {
        Refusal::Limit { limit, detail } => ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, limit.code(), detail)
            .with_extra("limit", limit.code())
            .with_extra("max", limit.max()),
        Refusal::Unreadable(detail) => ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "unreadable_file", detail),
        Refusal::Empty(detail) => ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "empty_file", detail),
        Refusal::Columns { code, detail, columns } => {
            let key = if code == "missing_columns" { "missing_columns" } else { "columns" };
            ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, code, detail).with_extra(key, columns)
        }
    }
}

/// 批量导入问题清单
///
/// The body is the file itself: `application/json` (an array of objects with the API field
/// names), `text/csv` (UTF-8 with or without BOM, or GBK/GB18030 as WPS and Chinese Excel save
/// it), an XLSX workbook or an Excel 97-2003 `.xls` (the first visible sheet).
///
/// Files are read as clerks make them: the header is found among the first 10 rows (titles,
/// `填报单位：…` notes and blank rows above it are skipped and listed in `skipped_rows`; a header
/// over two rows is read with its merged cells); column names are compared without spaces,
/// line breaks, `*` markers or trailing colons and with full-width brackets folded, and known
/// synonyms are accepted (`企业名称` for 涉及企业, `完成时限` for 整改时限…; `columns` says how each
/// column was read). An amount column's unit comes from its header (`（元）`, `（千元）`,
/// `（万元）`, or a `单位：万元` line above the table) and is converted exactly to fen; values may
/// carry `¥`, thousands separators and `万`/`元` suffixes; a spreadsheet number with float noise
/// is rounded to fen with a warning. An amount column in a unit that cannot be read is refused
/// naming the column (422 `unknown_amount_unit`). 合计/小计 rows, notes under the table and the
/// template's example row are skipped and listed; blank rows are counted. Columns the system
/// knows but this import does not set (整改时限, 责任单位, 状态 … from an export) are listed as
/// `not_applicable` with the reason; a row whose 编号 is a problem already registered is listed
/// in `skipped_rows`, not imported again.
///
/// Limits, each answered 413 with `code` and `limit` naming it: 20 MB body, 50,000 data rows
/// (the reading stops at row 50,001), 200 columns, and for workbooks the unzipped size (100 MB),
/// the sheet's declared and real extent, the shared strings and the text copied (20 MB). At
/// most `LVYUE_MAX_IMPORTS` files (default 2) are read at once: more answer 503 with
/// `Retry-After`. A file that cannot be read answers 422 and writes nothing. Row problems are
/// reported in `errors` with the row number as the file shows it and the offending cell's
/// `value`; a real import lists the problems it created in `created_problems`.
///
/// `mode=migrate` (迁移导入, office only, all or nothing) brings in a ledger already in progress:
/// each row carries its 状态 (自查/交办/整改/核查/销号 or the state codes) and the fields the
/// lifecycle requires in that state (交办 and later: 责任单位 and 整改时限, which may lie in the
/// past; 整改 and later: 整改措施; 销号: 销号日期), with 配合单位, 责任领导, 责任人 and 已化解金额
/// optional. Each problem gets a new number in the campaign's sequence, its state directly, a
/// timeline entry `migrate` (迁移导入) naming the importing user and `file_name`, and one audit
/// record (`issue.migrate`, by a system actor naming the user); no notification or webhook is
/// sent, and the problem is flagged as migrated (left out of event-based scores). The old 编号
/// (else 来源编号, one of them required) becomes `source_ref`: re-importing the file creates
/// nothing (changed rows are listed in `skipped_rows`, not applied). Other callers get 403,
/// recorded in the audit trail.
#[utoipa::path(
    tag = "imports",
    operation_id = "importIssues",
    params(ImportQuery),
    request_body(
        description = "JSON 数组、CSV、XLSX 或 XLS 文件",
        content(
            (FileBytes = "text/csv", example = "问题标题,问题描述,问题类别,问题类型,拖欠对象,线索来源,来源编号,涉及企业,统一社会信用代码,涉及金额(元)\n区教育局拖欠校舍维修工程款,校舍维修工程验收后逾期未付,机关事业单位拖欠企业账款,延迟支付,工程,营商环境问题投诉,TS-2024-0815,随州市鑫源建筑工程有限公司,91350100M000100Y43,128000.00\n"),
            (FileBytes = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            (FileBytes = "application/vnd.ms-excel"),
            (Vec<serde_json::Value> = "application/json", example = json!([{"title": "区教育局拖欠校舍维修工程款", "description": "验收后逾期未付", "category": "agency_arrears", "problem_type": "agency_delay", "source": "complaint", "enterprise_name": "随州市鑫源建筑工程有限公司", "amount_involved_fen": 12_800_000}])),
        ),
    ),
    responses(
        (status = 200, description = "导入结果 (dry_run 时只校验)", body = ImportReport),
        (status = 403, description = "无导入权限 (需 imports:write); mode=migrate 只限综合办公室 (权限 migrate_issues), 拒绝记入审计", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "超过上限: 20 MB、50000 行、200 列、解压后 100 MB、共享字符串或文字 20 MB (code 与 limit 指明哪一项)", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "不支持的文件类型", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "文件无法读取 (格式、编码、空表、缺少必填列、重复列、无法识别的金额单位)", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "同时进行的导入已达上限, 稍后重试 (Retry-After)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = []), ("api_key" = ["imports:write"])),
)]
#[post("/imports")]
pub async fn import_issues(
    req: HttpRequest,
    state: web::Data<AppState>,
    cx: Context,
    query: web::Query<ImportQuery>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    cx.principal.require(Permission::ImportIssues)?;
    let mode = query.mode.unwrap_or_default();
    if mode == ImportMode::Migrate {
        let refuser = cx.clone();
        if let Some(refusal) = state.write(move |conn| migrate::refuse_unpermitted(conn, &refuser)).await? {
            discard_upload(payload, MAX_BYTES).await;
            return Err(refusal);
        }
    }
    // A slot before the body is accepted: excess uploads cost neither memory nor a thread.
    let Some(slot) = state.config.import_slots.try_take() else {
        discard_upload(payload, MAX_BYTES).await;
        return Err(ApiError::new(
            actix_web::http::StatusCode::SERVICE_UNAVAILABLE,
            "imports_busy",
            format!("同时进行的导入已达 {} 个, 请稍后重试", state.config.import_slots.limit()),
        )
        .with_header(header::RETRY_AFTER, "5"));
    };
    let body = read_upload(&req, payload, MAX_BYTES).await?;
    let content_type = req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let format = Format::detect(content_type.as_deref(), &body).ok_or_else(|| {
        ApiError::new(
            actix_web::http::StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "请上传 JSON、CSV、XLSX 或 XLS 文件 (Content-Type: application/json、text/csv、application/vnd.openxmlformats-officedocument.spreadsheetml.sheet 或 application/vnd.ms-excel)",
        )
    })?;
    let dry_run = query.dry_run;
    if query.source.as_deref().is_some_and(|s| s.chars().count() > 50) {
        return Err(ApiError::field("source", "线索来源不能超过 50 个字符"));
    }
    let source = query.source.clone();
    let batch_source = source.as_deref().is_some_and(|s| !s.trim().is_empty());
    if query.file_name.as_deref().is_some_and(|n| n.chars().count() > 255) {
        return Err(ApiError::field("file_name", "文件名不能超过 255 个字符"));
    }
    let file_name: String = match query.file_name.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        Some(name) => name.chars().filter(|c| !c.is_control()).collect(),
        None => "未注明文件名".to_owned(),
    };
    // Parsing is CPU-bound: on the blocking pool, never on an HTTP worker. The slot is held
    // by the work itself, so a client that goes away does not free it early.
    let (slot, sheet) = web::block(move || {
        let template = if mode == ImportMode::Migrate { &*MIGRATE_TEMPLATE } else { &*TEMPLATE };
        // A source chosen for the whole file stands for the 线索来源 column.
        let sheet = if batch_source {
            tabular::read(format, &body, &template.with_optional("source"))
        } else {
            tabular::read(format, &body, template)
        };
        (slot, sheet)
    })
    .await?;
    let sheet = sheet.map_err(refusal)?;
    let report = state
        .write_claiming(move |conn| {
            let _slot = &slot;
            match mode {
                ImportMode::Migrate => {
                    migrate::migrate(conn, &cx, &sheet.rows, &sheet.report, &file_name, dry_run, source.as_deref())
                }
                _ => import(conn, &cx, &sheet.rows, &sheet.report, dry_run, mode, source.as_deref()),
            }
        })
        .await?;
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

/// The drop-down lists of the template, by column (kept on a hidden sheet).
type Lists = [(&'static str, Vec<String>); 12];

fn coded_labels<T: Coded>() -> Vec<String> {
    T::ALL.iter().map(|x| x.label().to_owned()).collect()
}

fn template(
    dicts: &[store::dictionaries::DictItem],
    units: &[store::units::Unit],
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let labels = |kind: &str| -> Vec<String> {
        dicts.iter().filter(|d| d.kind == kind && d.active).map(|d| d.label.clone()).collect()
    };
    // The lists live on a hidden sheet: drop-down lists longer than 255 characters must.
    let lists: Lists = [
        ("问题类别", labels("category")),
        ("问题类型", labels("problem_type")),
        ("线索来源", labels("source")),
        ("报送单位", units.iter().map(|u| u.name.clone()).collect()),
        ("拖欠对象", labels("arrear_object")),
        ("欠款主体性质", coded_labels::<DebtorNature>()),
        ("有无分歧", vec!["是".into(), "否".into()]),
        ("企业规模", coded_labels::<EnterpriseSize>()),
        ("所有制", coded_labels::<Ownership>()),
        ("是否依法依规", vec!["是".into(), "否".into()]),
        ("不兑现理由", coded_labels::<PromisePretext>()),
        ("发文层级", coded_labels::<PolicyLevel>()),
    ];
    let f = Formats::new();
    let mut wb = Workbook::new();
    problem_sheet(&mut wb, &lists, &f)?;
    notes_sheet(&mut wb, &f)?;
    let ws = wb.add_worksheet().set_name("字典")?;
    for (c, (name, values)) in lists.iter().enumerate() {
        ws.write_string(0, c as u16, *name)?;
        for (r, v) in values.iter().enumerate() {
            ws.write_string(1 + r as u32, c as u16, v)?;
        }
    }
    ws.set_hidden(true);
    spreadsheet::save(wb)
}

/// The sheet to fill in: the headers, one example row (skipped on import), the drop-downs.
fn problem_sheet(wb: &mut Workbook, lists: &Lists, f: &Formats) -> Result<(), rust_xlsxwriter::XlsxError> {
    let ws = wb.add_worksheet().set_name("问题清单")?;
    let widths: Vec<(&str, f64)> = COLUMNS.iter().map(|(h, _, req, _)| (*h, if *req { 20.0 } else { 16.0 })).collect();
    spreadsheet::header(ws, 0, &widths, f)?;
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
        // 问题事实
        "128000.00",
        "曾都区示例小学",
        "事业单位",
        "2024-01-30",
        "否",
        "",
        "校舍维修工程施工合同",
        "HT-2023-018",
        "2023-06-15",
        "150000.00",
        "小型",
        "民营",
        "",
        "",
        "",
        "",
    ];
    for (i, v) in example.iter().enumerate() {
        ws.write_string(1, i as u16, *v)?;
    }
    for (name, values) in lists {
        let col = COLUMNS.iter().position(|(h, ..)| h == name).expect("template column") as u16;
        let list_col = lists.iter().position(|(n, _)| n == name).expect("list") as u16;
        let letter = (b'A' + list_col as u8) as char;
        let dv = DataValidation::new()
            .allow_list_formula(Formula::new(format!("=字典!${letter}$2:${letter}${}", values.len() + 1)))
            .ignore_blank(true);
        ws.add_data_validation(1, col, 10_000, col, &dv)?;
    }
    Ok(())
}

/// 填写说明: each column, then the columns a migration import reads besides.
fn notes_sheet(wb: &mut Workbook, f: &Formats) -> Result<(), rust_xlsxwriter::XlsxError> {
    let ws = wb.add_worksheet().set_name("填写说明")?;
    spreadsheet::header(
        ws,
        0,
        &[("列", 18.0), ("字段名 (JSON/CSV 亦可使用)", 24.0), ("必填", 8.0), ("说明", 70.0)],
        f,
    )?;
    let line = |ws: &mut rust_xlsxwriter::Worksheet, r: u32, (h, field, required, note): &(&str, &str, bool, &str)| {
        ws.write_string(r, 0, *h)?;
        ws.write_string(r, 1, *field)?;
        ws.write_string(r, 2, if *required { "是" } else { "否" })?;
        ws.write_string(r, 3, *note).map(|_| ())
    };
    for (i, c) in COLUMNS.iter().enumerate() {
        line(ws, 1 + i as u32, c)?;
    }
    let r = COLUMNS.len() as u32 + 2;
    ws.write_string(r, 0, "说明")?;
    ws.write_string(r, 3, "第 1 行为表头; 以【示例】开头的行在导入时忽略。金额以元为单位, 精确到分。同一线索来源的来源编号重复导入时: 内容未变则跳过, 问题仍在自查阶段则更新, 否则报告而不修改。")?;
    ws.write_string(r + 2, 0, "迁移导入")?;
    ws.write_string(
        r + 2,
        3,
        "综合办公室迁移在办台账时 (导入方式选「迁移导入」), 在以上各列之外还读取以下各列; 原「编号」记为来源编号。",
    )?;
    for (i, c) in migrate::MIGRATION_COLUMNS.iter().enumerate() {
        line(ws, r + 3 + i as u32, c)?;
    }
    Ok(())
}

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(import_issues).service(import_columns).service(import_template);
}
