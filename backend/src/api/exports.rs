//! Exports of the ledger as the 问题排查及整改清单 (XLSX, or CSV in UTF-8 with BOM), with the
//! list's filters and the caller's data scope. Audited.

use std::collections::HashMap;

use actix_web::{HttpResponse, get, http::header, web};
use rust_xlsxwriter::Workbook;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::{
    api::state::AppState,
    api::{
        common::FileBytes,
        issues::{IssueListQuery, list_filter},
    },
    audit::{self, Entry},
    db::{DbConnection, GroupId, IssueId, UnitId},
    domain::{
        money,
        permissions::Permission,
        warning::{self, Warning},
    },
    error::{ApiError, Problem},
    service::Context,
    spreadsheet::{self, Formats, neutralise},
    store::{
        self,
        issues::{Issue, ListFilter, Visibility},
    },
};

/// The columns of the 问题排查及整改清单 and their widths.
pub const COLUMNS: [(&str, f64); 21] = [
    ("序号", 6.0),
    ("编号", 15.0),
    ("工作组", 24.0),
    ("问题类别", 18.0),
    ("问题类型", 22.0),
    ("线索来源", 14.0),
    ("问题描述", 50.0),
    ("涉及企业", 28.0),
    ("统一社会信用代码", 21.0),
    ("涉及金额(元)", 15.0),
    ("已解决金额(元)", 15.0),
    ("责任单位", 20.0),
    ("配合单位", 24.0),
    ("责任领导", 10.0),
    ("责任人", 10.0),
    ("整改措施", 40.0),
    ("整改时限", 12.0),
    ("最新整改进展", 40.0),
    ("状态", 8.0),
    ("预警", 8.0),
    ("销号时间", 18.0),
];

/// One exported row as text and numbers.
struct ExportRow {
    cells: Vec<String>,
    involved: i64,
    resolved: i64,
    warning: Warning,
}

struct Lookup {
    units: HashMap<UnitId, String>,
    groups: HashMap<GroupId, String>,
    labels: HashMap<(String, String), String>,
}

fn load_rows(
    conn: &mut DbConnection,
    v: &Visibility,
    f: &ListFilter,
    sort: store::issues::Sort,
) -> Result<(Vec<ExportRow>, Lookup), ApiError> {
    let lookup = Lookup {
        units: store::units::list(conn, true)?.into_iter().map(|u| (u.id, u.name)).collect(),
        groups: store::groups::list(conn)?.into_iter().map(|g| (g.id, g.name)).collect(),
        labels: store::dictionaries::list(conn)?.into_iter().map(|d| ((d.kind, d.code), d.label)).collect(),
    };
    let total = store::issues::count(conn, v, f)?;
    let mut rows = Vec::with_capacity(total as usize);
    let mut offset = 0;
    // Pages of the same ordered list: never more than a page of full rows in flight.
    while offset < total {
        let page: Vec<Issue> = store::issues::list(conn, v, f, sort, offset, 2000)?;
        if page.is_empty() {
            break;
        }
        offset += page.len() as i64;
        let ids: Vec<IssueId> = page.iter().map(|i| i.id.clone()).collect();
        let mut coop: HashMap<IssueId, Vec<String>> = HashMap::new();
        for (issue, unit) in store::issues::cooperating_of(conn, &ids)? {
            coop.entry(issue).or_default().push(lookup.units.get(&unit).cloned().unwrap_or_default());
        }
        let latest = store::issues::latest_progress(conn, &ids)?;
        for issue in page {
            let label = |kind: &str, code: &str| {
                lookup.labels.get(&(kind.to_owned(), code.to_owned())).cloned().unwrap_or_else(|| code.to_owned())
            };
            let w = warning::warning(issue.state, issue.deadline, f.today, f.window_days);
            let closed_at = issue
                .closed_at
                .map(|t| t.and_utc().with_timezone(&chrono_tz::Asia::Shanghai).format("%Y-%m-%d %H:%M").to_string())
                .unwrap_or_default();
            rows.push(ExportRow {
                cells: vec![
                    (rows.len() + 1).to_string(),
                    issue.number.clone(),
                    lookup.groups.get(&issue.group_id).cloned().unwrap_or_default(),
                    label("category", &issue.category),
                    label("problem_type", &issue.problem_type),
                    label("source", &issue.source),
                    format!("【{}】{}", issue.title, issue.description),
                    issue.enterprise_name.clone(),
                    issue.enterprise_uscc.clone().unwrap_or_default(),
                    money::format_yuan(issue.amount_involved_fen),
                    money::format_yuan(issue.amount_resolved_fen),
                    issue.responsible_unit_id.as_ref().and_then(|u| lookup.units.get(u).cloned()).unwrap_or_default(),
                    coop.remove(&issue.id).unwrap_or_default().join("、"),
                    issue.responsible_leader.clone().unwrap_or_default(),
                    issue.responsible_person.clone().unwrap_or_default(),
                    issue.measures.clone().unwrap_or_default(),
                    issue.deadline.map(|d| d.to_string()).unwrap_or_default(),
                    latest.get(&issue.id).cloned().unwrap_or_default(),
                    issue.state.label().to_owned(),
                    if w == Warning::None { String::new() } else { w.label().to_owned() },
                    closed_at,
                ],
                involved: issue.amount_involved_fen,
                resolved: issue.amount_resolved_fen,
                warning: w,
            });
        }
    }
    Ok((rows, lookup))
}

fn describe_filter(f: &ListFilter, lookup: &Lookup) -> String {
    let mut parts = Vec::new();
    if !f.states.is_empty() {
        parts.push(format!("状态: {}", f.states.iter().map(|s| s.label()).collect::<Vec<_>>().join("、")));
    }
    if let Some(g) = &f.group_id {
        parts.push(format!("工作组: {}", lookup.groups.get(g).cloned().unwrap_or_default()));
    }
    if let Some(u) = &f.unit_id {
        parts.push(format!("单位: {}", lookup.units.get(u).cloned().unwrap_or_default()));
    }
    if let Some(c) = &f.category {
        parts.push(format!(
            "类别: {}",
            lookup.labels.get(&("category".into(), c.clone())).cloned().unwrap_or(c.clone())
        ));
    }
    if let Some(s) = &f.source {
        parts.push(format!("来源: {}", lookup.labels.get(&("source".into(), s.clone())).cloned().unwrap_or(s.clone())));
    }
    if let Some(w) = f.warning {
        parts.push(format!("预警: {}", w.label()));
    }
    if let Some(q) = &f.q {
        parts.push(format!("关键词: {q}"));
    }
    if parts.is_empty() { "全部".into() } else { parts.join("; ") }
}

fn workbook(rows: &[ExportRow], title: &str) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let f = Formats::new();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("问题排查及整改清单")?;
    ws.write_string_with_format(0, 0, title, &f.title)?;
    spreadsheet::header(ws, 1, &COLUMNS, &f)?;
    ws.set_freeze_panes(2, 2)?;
    for (i, row) in rows.iter().enumerate() {
        let r = 2 + i as u32;
        let fill = match row.warning {
            Warning::Red => Some(&f.red),
            Warning::Yellow => Some(&f.yellow),
            Warning::None => None,
        };
        for (c, value) in row.cells.iter().enumerate() {
            let c16 = c as u16;
            match c {
                0 => ws.write_number_with_format(r, c16, (i + 1) as f64, &f.number)?,
                9 => ws.write_number_with_format(r, c16, row.involved as f64 / 100.0, &f.money)?,
                10 => ws.write_number_with_format(r, c16, row.resolved as f64 / 100.0, &f.money)?,
                6 | 15 | 17 => ws.write_string_with_format(r, c16, neutralise(value), &f.wrap)?,
                19 if fill.is_some() => ws.write_string_with_format(r, c16, neutralise(value), fill.expect("some"))?,
                _ => ws.write_string_with_format(r, c16, neutralise(value), &f.text)?,
            };
        }
    }
    spreadsheet::save(wb)
}

fn csv_bytes(rows: &[ExportRow]) -> Result<Vec<u8>, ApiError> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut w = csv::Writer::from_writer(&mut out);
        w.write_record(COLUMNS.iter().map(|(h, _)| *h)).map_err(ApiError::internal)?;
        for row in rows {
            w.write_record(row.cells.iter().map(|c| neutralise(c))).map_err(ApiError::internal)?;
        }
        w.flush().map_err(ApiError::internal)?;
    }
    Ok(out)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Xlsx,
    Csv,
}

async fn export(
    state: web::Data<AppState>,
    cx: Context,
    query: IssueListQuery,
    kind: Kind,
) -> Result<HttpResponse, ApiError> {
    cx.principal.require(Permission::ExportIssues)?;
    let mut filter = list_filter(&query)?;
    filter.today = cx.clock.today();
    filter.window_days = cx.warning_days;
    let sort = query.sort.unwrap_or(store::issues::Sort::NumberAsc);
    let (bytes, count) = state
        .db(move |conn| {
            let v = cx.visibility();
            let (rows, lookup) = load_rows(conn, &v, &filter, sort)?;
            let campaign = match &filter.campaign_id {
                Some(id) => store::campaigns::find(conn, id)?,
                None => store::campaigns::current(conn)?,
            };
            let exported_at = cx.clock.now_utc().with_timezone(&chrono_tz::Asia::Shanghai).format("%Y-%m-%d %H:%M");
            let title = format!(
                "问题排查及整改清单 — {} — 筛选: {} — 导出时间: {exported_at} — 共 {} 条",
                campaign.map(|c| c.name).unwrap_or_default(),
                describe_filter(&filter, &lookup),
                rows.len()
            );
            let bytes = match kind {
                Kind::Xlsx => workbook(&rows, &title).map_err(ApiError::internal)?,
                Kind::Csv => csv_bytes(&rows)?,
            };
            let count = rows.len();
            conn.write_tx(|conn| {
                audit::append(
                    conn,
                    Entry::new(&cx.actor(), &cx.meta, "export.issues", "issue").after(serde_json::json!({
                        "format": if kind == Kind::Xlsx { "xlsx" } else { "csv" },
                        "rows": count,
                        "filter": describe_filter(&filter, &lookup),
                    })),
                )
            })?;
            Ok((bytes, count))
        })
        .await?;
    let date = state.clock.now_utc().with_timezone(&chrono_tz::Asia::Shanghai).format("%Y%m%d");
    let (mime, ext) = match kind {
        Kind::Xlsx => (spreadsheet::XLSX_MIME, "xlsx"),
        Kind::Csv => ("text/csv; charset=utf-8", "csv"),
    };
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, mime))
        .insert_header(("X-Total-Count", count.to_string()))
        .insert_header((
            header::CONTENT_DISPOSITION,
            spreadsheet::attachment(&format!("issues-{date}.{ext}"), &format!("问题排查及整改清单-{date}.{ext}")),
        ))
        .body(bytes))
}

/// 导出问题清单 (XLSX)
///
/// The 问题排查及整改清单 with the list's filters, in the caller's data scope: a title row
/// (campaign, filters, export time), frozen header, money in yuan, red/yellow warning fills.
/// Text that a spreadsheet would take for a formula is neutralised. Audited.
#[utoipa::path(
    tag = "exports",
    operation_id = "exportIssuesXlsx",
    params(IssueListQuery),
    responses(
        (status = 200, description = "XLSX 工作簿", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = FileBytes),
        (status = 403, description = "角色无权导出", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "查询参数有误", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = [])),
)]
#[get("/exports/issues.xlsx")]
pub async fn export_xlsx(
    state: web::Data<AppState>,
    cx: Context,
    query: web::Query<IssueListQuery>,
) -> Result<HttpResponse, ApiError> {
    export(state, cx, query.into_inner(), Kind::Xlsx).await
}

/// 导出问题清单 (CSV)
///
/// The same columns as the workbook, UTF-8 with BOM so that Excel opens it.
#[utoipa::path(
    tag = "exports",
    operation_id = "exportIssuesCsv",
    params(IssueListQuery),
    responses(
        (status = 200, description = "CSV (UTF-8, 带 BOM)", content_type = "text/csv", body = String),
        (status = 403, description = "角色无权导出", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "查询参数有误", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = [])),
)]
#[get("/exports/issues.csv")]
pub async fn export_csv(
    state: web::Data<AppState>,
    cx: Context,
    query: web::Query<IssueListQuery>,
) -> Result<HttpResponse, ApiError> {
    export(state, cx, query.into_inner(), Kind::Csv).await
}

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(export_xlsx).service(export_csv);
}
