//! Bulk import of problem lists (JSON, CSV in UTF-8 or GBK, XLSX) and the import template.
//!
//! One request is one transaction: `all_or_nothing` writes nothing when any row is bad,
//! `skip_invalid` writes exactly the good rows, `dry_run` validates everything and writes
//! nothing. Rows with a `source` + `source_ref` are idempotent.

use actix_web::{HttpRequest, HttpResponse, get, http::header, post, web};
use rust_xlsxwriter::{DataValidation, Formula, Workbook};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::{
    api::{common::FileBytes, extract::Upload, state::AppState},
    auth::Principal,
    domain::permissions::Permission,
    error::{ApiError, Problem},
    service::{
        Context,
        imports::{COLUMNS, EXAMPLE_MARK, ImportMode, ImportReport, MAX_BYTES, MAX_ROWS, cell, import},
    },
    spreadsheet::{self, Formats},
    store,
    tabular::{self, Format, Row},
};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportQuery {
    /// Validate everything and write nothing.
    #[serde(default)]
    pub dry_run: bool,
    pub mode: Option<ImportMode>,
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
    cx: Context,
    query: web::Query<ImportQuery>,
    body: Upload<MAX_BYTES>,
) -> Result<HttpResponse, ApiError> {
    let body = body.0;
    cx.principal.require(Permission::ImportIssues)?;
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
    let report = state.write_claiming(move |conn| import(conn, &cx, &rows, &ignored, dry_run, mode)).await?;
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
