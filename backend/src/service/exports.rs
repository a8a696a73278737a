//! 导出问题清单: the ledger as the 问题排查及整改清单 (XLSX, or CSV in UTF-8 with BOM), with the
//! list's filters in the caller's data scope. Rows are read in pages and written as they are
//! read — the workbook in rust_xlsxwriter's constant-memory mode, the CSV straight through — so
//! an export holds one page in memory whatever its size. Audited when it starts.

use std::{collections::HashMap, io::Write};

use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};

use crate::{
    audit::{self, Entry},
    db::{DbConnection, GroupId, IssueId, UnitId},
    domain::{
        money,
        permissions::{Permission, Relation},
        warning::{self, Warning},
    },
    error::ApiError,
    service::Context,
    spreadsheet::{self, Formats, neutralise},
    store::{
        self,
        issues::{Issue, ListFilter, Sort, Visibility},
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

/// Rows read from the database at a time.
const PAGE: i64 = 2000;

crate::coded_enum! {
    /// The file an export is written as.
    pub enum ExportFormat("export format") {
        Xlsx = ("xlsx", "Excel 工作簿"),
        Csv = ("csv", "CSV"),
    }
}

/// Names for ids and codes, loaded once per export.
struct Lookup {
    units: HashMap<UnitId, String>,
    groups: HashMap<GroupId, String>,
    labels: HashMap<(String, String), String>,
}

impl Lookup {
    fn load(conn: &mut DbConnection) -> Result<Self, ApiError> {
        Ok(Self {
            units: store::units::list(conn, true)?.into_iter().map(|u| (u.id, u.name)).collect(),
            groups: store::groups::list(conn)?.into_iter().map(|g| (g.id, g.name)).collect(),
            labels: store::dictionaries::list(conn)?.into_iter().map(|d| ((d.kind, d.code), d.label)).collect(),
        })
    }

    fn label(&self, kind: &str, code: &str) -> String {
        self.labels.get(&(kind.to_owned(), code.to_owned())).cloned().unwrap_or_else(|| code.to_owned())
    }
}

/// An export decided and audited, ready to be written.
pub struct Export {
    visibility: Visibility,
    filter: ListFilter,
    sort: Sort,
    pub format: ExportFormat,
    /// The title row: campaign, filters, export time, count.
    pub title: String,
    pub total: i64,
}

/// 导出问题清单: checks the permission, counts the rows and records the export in the audit
/// trail; [`write`] then writes it.
pub fn prepare(
    conn: &mut DbConnection,
    cx: &Context,
    mut filter: ListFilter,
    sort: Sort,
    format: ExportFormat,
) -> Result<Export, ApiError> {
    cx.principal.require(Permission::ExportIssues)?;
    filter.today = cx.clock.today();
    filter.window_days = cx.warning_days;
    let visibility = cx.visibility();
    let total = store::issues::count(conn, &visibility, &filter)?;
    let lookup = Lookup::load(conn)?;
    let campaign = match &filter.campaign_id {
        Some(id) => store::campaigns::find(conn, id)?,
        None => store::campaigns::current(conn)?,
    };
    let exported_at = cx.clock.now_utc().with_timezone(&chrono_tz::Asia::Shanghai).format("%Y-%m-%d %H:%M");
    let described = describe_filter(&filter, &lookup);
    let title = format!(
        "问题排查及整改清单 — {} — 筛选: {described} — 导出时间: {exported_at} — 共 {total} 条",
        campaign.map(|c| c.name).unwrap_or_default(),
    );
    audit::append(
        conn,
        Entry::new(&cx.actor(), &cx.meta, "export.issues", "issue").after(serde_json::json!({
            "format": format, "rows": total, "filter": described,
        })),
    )?;
    Ok(Export { visibility, filter, sort, format, title, total })
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
        parts.push(format!("类别: {}", lookup.label("category", c)));
    }
    if let Some(s) = &f.source {
        parts.push(format!("来源: {}", lookup.label("source", s)));
    }
    if let Some(w) = f.warning {
        parts.push(format!("预警: {}", w.label()));
    }
    if let Some(q) = &f.q {
        parts.push(format!("关键词: {q}"));
    }
    if parts.is_empty() { "全部".into() } else { parts.join("; ") }
}

/// One exported row as text, with its amounts and warning for the workbook's cells.
struct ExportRow {
    cells: Vec<String>,
    involved: i64,
    resolved: i64,
    warning: Warning,
}

/// Calls `each` with every row of the export, in order, reading a page at a time.
fn for_each_row(
    conn: &mut DbConnection,
    export: &Export,
    mut each: impl FnMut(usize, ExportRow) -> Result<(), ApiError>,
) -> Result<usize, ApiError> {
    let lookup = Lookup::load(conn)?;
    let (f, v) = (&export.filter, &export.visibility);
    let mut written = 0;
    let mut offset = 0;
    loop {
        let page: Vec<Issue> = store::issues::list(conn, v, f, export.sort, offset, PAGE)?;
        if page.is_empty() {
            return Ok(written);
        }
        offset += PAGE;
        let ids: Vec<IssueId> = page.iter().map(|i| i.id.clone()).collect();
        let mut coop: HashMap<IssueId, Vec<String>> = HashMap::new();
        for (issue, unit, _) in store::issues::units_of_many(conn, &ids, &[Relation::Cooperating])? {
            coop.entry(issue).or_default().push(lookup.units.get(&unit).cloned().unwrap_or_default());
        }
        let latest = store::issues::latest_progress(conn, &ids)?;
        for issue in page {
            written += 1;
            let cooperating = coop.remove(&issue.id).unwrap_or_default().join("、");
            let progress = latest.get(&issue.id).cloned().unwrap_or_default();
            each(written, row_of(&lookup, f, written, issue, cooperating, progress))?;
        }
    }
}

fn row_of(lookup: &Lookup, f: &ListFilter, n: usize, issue: Issue, cooperating: String, progress: String) -> ExportRow {
    let w = warning::warning(issue.state, issue.deadline, f.today, f.window_days);
    let closed_at = issue
        .closed_at
        .map(|t| t.and_utc().with_timezone(&chrono_tz::Asia::Shanghai).format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default();
    ExportRow {
        cells: vec![
            n.to_string(),
            issue.number,
            lookup.groups.get(&issue.group_id).cloned().unwrap_or_default(),
            lookup.label("category", &issue.category),
            lookup.label("problem_type", &issue.problem_type),
            lookup.label("source", &issue.source),
            format!("【{}】{}", issue.title, issue.description),
            issue.enterprise_name,
            issue.enterprise_uscc.unwrap_or_default(),
            money::format_yuan(issue.amount_involved_fen),
            money::format_yuan(issue.amount_resolved_fen),
            issue.responsible_unit_id.as_ref().and_then(|u| lookup.units.get(u).cloned()).unwrap_or_default(),
            cooperating,
            issue.responsible_leader.unwrap_or_default(),
            issue.responsible_person.unwrap_or_default(),
            issue.measures.unwrap_or_default(),
            issue.deadline.map(|d| d.to_string()).unwrap_or_default(),
            progress,
            issue.state.label().to_owned(),
            if w == Warning::None { String::new() } else { w.label().to_owned() },
            closed_at,
        ],
        involved: issue.amount_involved_fen,
        resolved: issue.amount_resolved_fen,
        warning: w,
    }
}

/// Writes the export to `out` (a file, or the response body as it is sent); answers the rows
/// written.
pub fn write(conn: &mut DbConnection, export: &Export, out: impl Write + Send) -> Result<usize, ApiError> {
    match export.format {
        ExportFormat::Csv => write_csv(conn, export, out),
        ExportFormat::Xlsx => write_xlsx(conn, export, out),
    }
}

fn write_csv(conn: &mut DbConnection, export: &Export, mut out: impl Write) -> Result<usize, ApiError> {
    out.write_all(b"\xEF\xBB\xBF").map_err(ApiError::internal)?;
    let mut w = csv::Writer::from_writer(out);
    w.write_record(COLUMNS.iter().map(|(h, _)| *h)).map_err(ApiError::internal)?;
    let n = for_each_row(conn, export, |_, row| {
        w.write_record(row.cells.iter().map(|c| neutralise(c))).map_err(ApiError::internal)
    })?;
    w.flush().map_err(ApiError::internal)?;
    Ok(n)
}

fn write_xlsx(conn: &mut DbConnection, export: &Export, out: impl Write + Send) -> Result<usize, ApiError> {
    let f = Formats::new();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet_with_constant_memory().map_err(ApiError::internal)?;
    ws.set_name("问题排查及整改清单").map_err(ApiError::internal)?;
    ws.write_string_with_format(0, 0, &export.title, &f.title).map_err(ApiError::internal)?;
    spreadsheet::header(ws, 1, &COLUMNS, &f).map_err(ApiError::internal)?;
    ws.set_freeze_panes(2, 2).map_err(ApiError::internal)?;
    let n = for_each_row(conn, export, |n, row| xlsx_row(ws, &f, n, &row).map_err(ApiError::internal))?;
    wb.save_to_writer(out).map_err(ApiError::internal)?;
    Ok(n)
}

/// One data row of the workbook, below the title and header rows.
fn xlsx_row(ws: &mut Worksheet, f: &Formats, n: usize, row: &ExportRow) -> Result<(), XlsxError> {
    let r = u32::try_from(n + 1).map_err(|_| XlsxError::RowColumnLimitError)?;
    let fill = match row.warning {
        Warning::Red => Some(&f.red),
        Warning::Yellow => Some(&f.yellow),
        Warning::None => None,
    };
    for (c, value) in (0u16..).zip(&row.cells) {
        match (c, fill) {
            (0, _) => ws.write_number_with_format(r, c, f64::from(r - 1), &f.number)?,
            (9, _) => ws.write_number_with_format(r, c, money::fen_to_yuan_f64(row.involved), &f.money)?,
            (10, _) => ws.write_number_with_format(r, c, money::fen_to_yuan_f64(row.resolved), &f.money)?,
            (6 | 15 | 17, _) => ws.write_string_with_format(r, c, neutralise(value), &f.wrap)?,
            (19, Some(fill)) => ws.write_string_with_format(r, c, neutralise(value), fill)?,
            _ => ws.write_string_with_format(r, c, neutralise(value), &f.text)?,
        };
    }
    Ok(())
}
