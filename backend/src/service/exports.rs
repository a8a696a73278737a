//! 导出问题清单: the ledger as the 问题排查及整改清单 (XLSX, or CSV in UTF-8 with BOM), with the
//! list's filters in the caller's data scope. Rows are read in pages and written as they are
//! read — the workbook in rust_xlsxwriter's constant-memory mode, the CSV straight through — so
//! an export holds one page in memory (and the ordered ids) whatever its size. Audited when it
//! starts.
//!
//! The workbook carries the money of #17 too: the main sheet's last columns hold each problem's
//! amount due, paid, 协商减免 and outstanding (from the payment records), the arrears facts and
//! the plan's standing; the sheet 还款记录 lists every payment record (corrections included) and
//! 还款计划 the current plan's instalments, written page by page alongside the main sheet.

use std::{collections::HashMap, io::Write};

use rust_xlsxwriter::{ConditionalFormatFormula, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use crate::{
    audit::{self, Entry},
    db::{DbConnection, GroupId, IssueId, UnitId},
    domain::{
        money,
        permissions::{Permission, Relation},
        repayment::{self, PaymentMethod},
        warning::{self, Warning},
    },
    error::ApiError,
    service::Context,
    spreadsheet::{self, Formats, neutralise},
    store::{
        self,
        facts::Facts,
        issues::{Issue, ListFilter, Sort, Visibility},
        payments::Payment,
        plans::Instalment,
    },
};

/// The columns of the 问题排查及整改清单 and their widths.
pub const COLUMNS: [(&str, f64); 44] = [
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
    ("应付金额(元)", 15.0),
    ("已还金额(元)", 15.0),
    ("协商减免(元)", 15.0),
    ("未还金额(元)", 15.0),
    ("欠款主体", 24.0),
    ("欠款主体性质", 12.0),
    ("约定付款日期", 12.0),
    ("账龄(天)", 9.0),
    ("账龄区间", 11.0),
    ("有无分歧", 8.0),
    ("分歧说明", 30.0),
    ("还款计划", 16.0),
    ("逾期未还期数", 10.0),
    ("合同/协议/政策/资金名称", 28.0),
    ("合同编号/文号", 18.0),
    ("签订/发文日期", 12.0),
    ("合同金额(元)", 15.0),
    ("企业规模", 8.0),
    ("所有制", 8.0),
    ("承诺内容", 30.0),
    ("是否依法依规", 10.0),
    ("不兑现理由", 14.0),
    ("发文层级", 8.0),
];

/// The sheet 还款记录: every payment record of the exported problems, oldest first per problem.
pub const PAYMENT_COLUMNS: [(&str, f64); 13] = [
    ("编号", 15.0),
    ("问题标题", 30.0),
    ("记录ID", 38.0),
    ("记录类型", 10.0),
    ("还款日期", 12.0),
    ("金额(元)", 15.0),
    ("化解方式", 12.0),
    ("凭证号", 20.0),
    ("说明", 30.0),
    ("冲正的记录ID", 38.0),
    ("计划版本", 9.0),
    ("登记人", 14.0),
    ("登记时间", 18.0),
];

/// The sheet 还款计划: the current plan's instalments of the exported problems.
pub const PLAN_COLUMNS: [(&str, f64); 8] = [
    ("编号", 15.0),
    ("问题标题", 30.0),
    ("计划版本", 9.0),
    ("期次", 6.0),
    ("约定还款日", 12.0),
    ("应还金额(元)", 15.0),
    ("已还金额(元)", 15.0),
    ("状态", 10.0),
];

/// The main sheet's columns that hold amounts in yuan, and those whose text wraps.
const MONEY_COLUMNS: [u16; 7] = [9, 10, 21, 22, 23, 24, 37];
const WRAP_COLUMNS: [u16; 5] = [6, 15, 17, 31, 40];
/// The 预警 column, filled red or yellow.
const WARNING_COLUMN: u16 = 19;

/// How the main sheet's data cells look, given once per column and once for the whole range
/// rather than per cell: rust_xlsxwriter looks a cell's format up in a hash map at every cell
/// written with one, and that was half of a 100,000-row export's writing. A column's format is
/// given to its cells written without one (number format, wrapping: nothing that shows on an
/// empty cell), one conditional format draws the thin border over the data range (not past it,
/// as a column's border would), and only a warned row's 预警 cell has a format of its own.
struct DataCells {
    number: Format,
    money: Format,
    wrap: Format,
    border: Format,
}

impl DataCells {
    fn new() -> Self {
        Self {
            number: Format::new().set_num_format("0"),
            money: Format::new().set_num_format("#,##0.00"),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            border: Format::new().set_border(FormatBorder::Thin),
        }
    }

    fn set_columns(&self, ws: &mut Worksheet) -> Result<(), XlsxError> {
        ws.set_column_format(0, &self.number)?;
        for c in MONEY_COLUMNS {
            ws.set_column_format(c, &self.money)?;
        }
        for c in WRAP_COLUMNS {
            ws.set_column_format(c, &self.wrap)?;
        }
        Ok(())
    }

    /// The border of the `rows` data rows, below the title and header rows.
    fn draw_border(&self, ws: &mut Worksheet, rows: usize) -> Result<(), XlsxError> {
        if rows == 0 {
            return Ok(());
        }
        let last = u32::try_from(rows + 1).map_err(|_| XlsxError::RowColumnLimitError)?;
        let every_cell = ConditionalFormatFormula::new().set_rule("TRUE").set_format(&self.border);
        ws.add_conditional_format(2, 0, last, COLUMNS.len() as u16 - 1, &every_cell)?;
        Ok(())
    }
}

/// Rows read from the database at a time.
const PAGE: usize = 2000;

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

/// One exported row as text, with its amounts and warning for the workbook's cells, and its
/// payment records and current instalments for the other sheets.
struct ExportRow {
    cells: Vec<String>,
    /// (column, fen) of the money cells.
    money: Vec<(u16, i64)>,
    warning: Warning,
    number: String,
    title: String,
    payments: Vec<Payment>,
    /// The current plan's instalments with what was paid on each and their status.
    instalments: Vec<(Instalment, repayment::InstalmentStatus)>,
}

/// What a page of problems needs besides the problems.
struct PageFacts {
    coop: HashMap<IssueId, Vec<String>>,
    latest: HashMap<IssueId, String>,
    facts: HashMap<IssueId, Facts>,
    payments: HashMap<IssueId, Vec<Payment>>,
    plans: HashMap<IssueId, Vec<Instalment>>,
}

impl PageFacts {
    fn load(conn: &mut DbConnection, lookup: &Lookup, ids: &[IssueId]) -> Result<Self, ApiError> {
        let mut coop: HashMap<IssueId, Vec<String>> = HashMap::new();
        for (issue, unit, _) in store::issues::units_of_many(conn, ids, &[Relation::Cooperating])? {
            coop.entry(issue).or_default().push(lookup.units.get(&unit).cloned().unwrap_or_default());
        }
        let mut payments: HashMap<IssueId, Vec<Payment>> = HashMap::new();
        for p in store::payments::of_issues(conn, ids)? {
            payments.entry(p.issue_id.clone()).or_default().push(p);
        }
        Ok(Self {
            coop,
            latest: store::issues::latest_progress(conn, ids)?,
            facts: store::facts::of_issues(conn, ids)?,
            payments,
            plans: store::plans::current_instalments_of(conn, ids)?,
        })
    }
}

/// Calls `each` with every page of the export's rows, in order, reading a page at a time.
fn for_each_page(
    conn: &mut DbConnection,
    export: &Export,
    mut each: impl FnMut(Vec<ExportRow>) -> Result<(), ApiError>,
) -> Result<usize, ApiError> {
    let lookup = Lookup::load(conn)?;
    let (f, v) = (&export.filter, &export.visibility);
    let mut written = 0;
    // The order is taken once (ids only, tens of bytes a problem); each page is then read by
    // key, so that a page costs the same wherever it is in the export.
    for ids in store::issues::sorted_ids(conn, v, f, export.sort)?.chunks(PAGE) {
        let page: Vec<Issue> = store::issues::by_ids(conn, ids)?;
        let mut facts = PageFacts::load(conn, &lookup, ids)?;
        let rows = page
            .into_iter()
            .map(|issue| {
                written += 1;
                row_of(&lookup, f, written, issue, &mut facts)
            })
            .collect();
        each(rows)?;
    }
    Ok(written)
}

/// Runs `read` on this thread while `sink` writes what it reads on another, so that the
/// database's time and the file's overlap (a large workbook spends about as long in each). At
/// most two pages wait between the two. The sink sees every page and then the end; if the
/// reading fails it sees an error instead of the end, and must not finish the file. The error
/// answered is the cause: the sink's when it stopped first, otherwise the reading's.
fn pipelined<P: Send>(
    read: impl FnOnce(&mut dyn FnMut(P) -> Result<(), ApiError>) -> Result<usize, ApiError>,
    sink: impl FnOnce(&mut dyn Iterator<Item = Result<P, ApiError>>) -> Result<(), ApiError> + Send,
) -> Result<usize, ApiError> {
    // `None` is the end: a channel closed without it means that the reading failed.
    let (tx, rx) = std::sync::mpsc::sync_channel::<Option<P>>(2);
    std::thread::scope(|scope| {
        let writer = scope.spawn(move || {
            let mut ended = false;
            let mut pages = std::iter::from_fn(|| match rx.recv() {
                Ok(Some(page)) => Some(Ok(page)),
                Ok(None) => {
                    ended = true;
                    None
                }
                Err(_) if !ended => {
                    ended = true;
                    Some(Err(ApiError::internal("the export's reading stopped")))
                }
                Err(_) => None,
            });
            sink(&mut pages)
        });
        // A send fails only when the sink has stopped.
        let mut sink_stopped = false;
        let mut send = |page| {
            tx.send(page).map_err(|_| {
                sink_stopped = true;
                ApiError::internal("the export's writer stopped")
            })
        };
        let read = read(&mut |page| send(Some(page))).and_then(|n| send(None).map(|()| n));
        drop(tx);
        let written = writer.join().map_err(|_| ApiError::internal("the export's writer panicked"))?;
        match (read, written) {
            (Ok(n), Ok(())) => Ok(n),
            (Err(_), Err(e)) if sink_stopped => Err(e),
            (Err(e), _) | (Ok(_), Err(e)) => Err(e),
        }
    })
}

fn yuan_or_blank(fen: Option<i64>) -> String {
    fen.map(money::format_yuan).unwrap_or_default()
}

/// The plan's cells (`第2版 3期 正常`, the missed instalments) and its instalments with what
/// each has been paid and its status.
fn plan_standing(
    plan: Vec<Instalment>,
    today: chrono::NaiveDate,
) -> (String, String, Vec<(Instalment, repayment::InstalmentStatus)>) {
    let domain: Vec<repayment::Instalment> =
        plan.iter().map(|i| repayment::Instalment { due_on: i.due_on, amount_fen: i.amount_fen }).collect();
    let standing = repayment::standing(&domain, plan.iter().map(|i| i.paid_fen).sum(), today);
    let Some(first) = plan.first() else { return (String::new(), String::new(), Vec::new()) };
    let text = format!("第{}版 {}期 {}", first.version, plan.len(), standing.status.label());
    let instalments = plan
        .into_iter()
        .zip(&standing.instalments)
        .map(|(mut i, (paid, status))| {
            i.paid_fen = *paid;
            (i, *status)
        })
        .collect();
    (text, standing.missed.to_string(), instalments)
}

fn row_of(lookup: &Lookup, f: &ListFilter, n: usize, issue: Issue, page: &mut PageFacts) -> ExportRow {
    let w = warning::warning(issue.state, issue.deadline, f.today, f.window_days);
    let closed_at = issue
        .closed_at
        .map(|t| t.and_utc().with_timezone(&chrono_tz::Asia::Shanghai).format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default();
    let cooperating = page.coop.remove(&issue.id).unwrap_or_default().join("、");
    let progress = page.latest.get(&issue.id).cloned().unwrap_or_default();
    let facts = page.facts.remove(&issue.id);
    let payments = page.payments.remove(&issue.id).unwrap_or_default();
    let plan = page.plans.remove(&issue.id).unwrap_or_default();
    let due = facts.as_ref().and_then(|x| x.amount_due_fen).unwrap_or(issue.amount_involved_fen);
    let negotiated: i64 = payments.iter().filter(|p| p.method == PaymentMethod::Negotiated).map(|p| p.amount_fen).sum();
    let resolved: i64 = payments.iter().map(|p| p.amount_fen).sum();
    let paid = resolved - negotiated;
    let outstanding = (due - resolved).max(0);
    let age = facts.as_ref().and_then(|x| x.agreed_payment_on).map(|d| repayment::arrears_age(d, f.today));
    let (plan_text, missed, instalments) = plan_standing(plan, f.today);
    let disputed = facts.as_ref().map(|x| if x.disputed { "有" } else { "无" }).unwrap_or_default();
    ExportRow {
        cells: vec![
            n.to_string(),
            issue.number.clone(),
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
            money::format_yuan(due),
            money::format_yuan(paid),
            yuan_or_blank((negotiated != 0).then_some(negotiated)),
            money::format_yuan(outstanding),
            facts.as_ref().and_then(|x| x.debtor_name.clone()).unwrap_or_default(),
            facts.as_ref().and_then(|x| x.debtor_nature).map(|d| d.label().to_owned()).unwrap_or_default(),
            facts.as_ref().and_then(|x| x.agreed_payment_on).map(|d| d.to_string()).unwrap_or_default(),
            age.map(|(days, _)| days.to_string()).unwrap_or_default(),
            age.map(|(_, band)| band.label().to_owned()).unwrap_or_default(),
            disputed.to_owned(),
            facts.as_ref().and_then(|x| x.dispute_note.clone()).unwrap_or_default(),
            plan_text,
            missed,
        ]
        .into_iter()
        .chain(category_fact_cells(facts.as_ref()))
        .collect(),
        money: vec![
            (9, issue.amount_involved_fen),
            (10, issue.amount_resolved_fen),
            (21, due),
            (22, paid),
            (23, negotiated),
            (24, outstanding),
        ]
        .into_iter()
        .chain(facts.as_ref().and_then(|x| x.contract_amount_fen).map(|a| (37, a)))
        .collect(),
        warning: w,
        number: issue.number,
        title: issue.title,
        payments,
        instalments,
    }
}

/// The columns of the other categories' facts (document, enterprise, promise, policy).
fn category_fact_cells(facts: Option<&Facts>) -> [String; 10] {
    let text = |f: fn(&Facts) -> Option<String>| facts.and_then(f).unwrap_or_default();
    [
        text(|x| x.doc_name.clone()),
        text(|x| x.doc_no.clone()),
        text(|x| x.doc_date.map(|d| d.to_string())),
        yuan_or_blank(facts.and_then(|x| x.contract_amount_fen)),
        text(|x| x.enterprise_size.map(|e| e.label().to_owned())),
        text(|x| x.enterprise_ownership.map(|e| e.label().to_owned())),
        text(|x| x.promised_content.clone()),
        text(|x| x.promise_lawful.map(|b| if b { "是" } else { "否" }.to_owned())),
        text(|x| x.pretext.map(|e| e.label().to_owned())),
        text(|x| x.policy_level.map(|e| e.label().to_owned())),
    ]
}

/// The cells of one payment record on the sheet 还款记录.
fn payment_cells(number: &str, title: &str, p: &Payment) -> Vec<String> {
    vec![
        number.to_owned(),
        title.to_owned(),
        p.id.to_string(),
        p.kind.label().to_owned(),
        p.paid_on.to_string(),
        money::format_yuan(p.amount_fen),
        p.method.label().to_owned(),
        p.voucher_no.clone().unwrap_or_default(),
        p.note.clone().unwrap_or_default(),
        p.corrects.as_ref().map(|c| c.to_string()).unwrap_or_default(),
        p.plan_version.map(|v| v.to_string()).unwrap_or_default(),
        p.recorded_by_name.clone(),
        p.created_at.and_utc().with_timezone(&chrono_tz::Asia::Shanghai).format("%Y-%m-%d %H:%M").to_string(),
    ]
}

/// Writes the export to `out` (a file, or the response body as it is sent); answers the rows
/// written.
pub fn write(conn: &mut DbConnection, export: &Export, out: impl Write + Send) -> Result<usize, ApiError> {
    match export.format {
        ExportFormat::Csv => write_csv(conn, export, out),
        ExportFormat::Xlsx => write_xlsx(conn, export, out),
    }
}

fn write_csv(conn: &mut DbConnection, export: &Export, mut out: impl Write + Send) -> Result<usize, ApiError> {
    pipelined(
        |send| for_each_page(conn, export, send),
        move |pages| {
            out.write_all(b"\xEF\xBB\xBF").map_err(ApiError::internal)?;
            let mut w = csv::Writer::from_writer(out);
            w.write_record(COLUMNS.iter().map(|(h, _)| *h)).map_err(ApiError::internal)?;
            for page in pages {
                for row in page? {
                    w.write_record(row.cells.iter().map(|c| neutralise(c))).map_err(ApiError::internal)?;
                }
            }
            w.flush().map_err(ApiError::internal)
        },
    )
}

fn write_xlsx(conn: &mut DbConnection, export: &Export, out: impl Write + Send) -> Result<usize, ApiError> {
    let title = export.title.clone();
    pipelined(
        |send| for_each_page(conn, export, send),
        move |pages| {
            let f = Formats::new();
            let cells = DataCells::new();
            let mut wb = Workbook::new();
            // Deflate level 1: compressing the sheets' XML took most of a large export's time; the
            // file is about a third larger than at the default level 6 (docs/performance.md).
            wb.set_zip_compression_level(1);
            // Three sheets in constant-memory mode, each written in row order as the pages come.
            for (name, columns, title_row) in [
                ("问题排查及整改清单", &COLUMNS[..], true),
                ("还款记录", &PAYMENT_COLUMNS[..], false),
                ("还款计划", &PLAN_COLUMNS[..], false),
            ] {
                let ws = wb.add_worksheet_with_constant_memory().map_err(ApiError::internal)?;
                ws.set_name(name).map_err(ApiError::internal)?;
                if title_row {
                    ws.write_string_with_format(0, 0, &title, &f.title).map_err(ApiError::internal)?;
                    spreadsheet::header(ws, 1, columns, &f).map_err(ApiError::internal)?;
                    ws.set_freeze_panes(2, 2).map_err(ApiError::internal)?;
                    cells.set_columns(ws).map_err(ApiError::internal)?;
                } else {
                    spreadsheet::header(ws, 0, columns, &f).map_err(ApiError::internal)?;
                    ws.set_freeze_panes(1, 1).map_err(ApiError::internal)?;
                }
            }
            let (mut n, mut next) = (0, (1u32, 1u32));
            for page in pages {
                for row in page? {
                    n += 1;
                    xlsx_rows(&mut wb, &f, n, &row, &mut next).map_err(ApiError::internal)?;
                }
            }
            let main = wb.worksheet_from_index(0).map_err(ApiError::internal)?;
            cells.draw_border(main, n).map_err(ApiError::internal)?;
            wb.save_to_writer(out).map_err(ApiError::internal)
        },
    )
}

/// One problem on the three sheets: its row, its payment records, its instalments; `next` is
/// the next free row of 还款记录 and 还款计划.
fn xlsx_rows(
    wb: &mut Workbook,
    f: &Formats,
    n: usize,
    row: &ExportRow,
    next: &mut (u32, u32),
) -> Result<(), XlsxError> {
    xlsx_row(wb.worksheet_from_index(0)?, f, n, row)?;
    let ws = wb.worksheet_from_index(1)?;
    for p in &row.payments {
        let r = next.0;
        for (c, value) in (0u16..).zip(payment_cells(&row.number, &row.title, p)) {
            match c {
                5 => ws.write_number_with_format(r, c, money::fen_to_yuan_f64(p.amount_fen), &f.money)?,
                _ => ws.write_string_with_format(r, c, neutralise(&value), &f.text)?,
            };
        }
        next.0 += 1;
    }
    let ws = wb.worksheet_from_index(2)?;
    for (i, status) in &row.instalments {
        let r = next.1;
        spreadsheet::text(ws, r, 0, &row.number, &f.text)?;
        spreadsheet::text(ws, r, 1, &row.title, &f.text)?;
        ws.write_number_with_format(r, 2, f64::from(i.version), &f.number)?;
        ws.write_number_with_format(r, 3, f64::from(i.seq), &f.number)?;
        ws.write_string_with_format(r, 4, i.due_on.to_string(), &f.text)?;
        ws.write_number_with_format(r, 5, money::fen_to_yuan_f64(i.amount_fen), &f.money)?;
        ws.write_number_with_format(r, 6, money::fen_to_yuan_f64(i.paid_fen), &f.money)?;
        let fill = if *status == repayment::InstalmentStatus::Missed { &f.red } else { &f.text };
        ws.write_string_with_format(r, 7, status.label(), fill)?;
        next.1 += 1;
    }
    Ok(())
}

/// One data row of the workbook, below the title and header rows; its look comes from the
/// columns and the range (`DataCells`).
fn xlsx_row(ws: &mut Worksheet, f: &Formats, n: usize, row: &ExportRow) -> Result<(), XlsxError> {
    let r = u32::try_from(n + 1).map_err(|_| XlsxError::RowColumnLimitError)?;
    let fill = match row.warning {
        Warning::Red => Some(&f.red),
        Warning::Yellow => Some(&f.yellow),
        Warning::None => None,
    };
    for (c, value) in (0u16..).zip(&row.cells) {
        if let Some((_, fen)) = row.money.iter().find(|(col, _)| *col == c) {
            ws.write_number(r, c, money::fen_to_yuan_f64(*fen))?;
            continue;
        }
        match (c, fill) {
            (0, _) => ws.write_number(r, c, f64::from(r - 1))?,
            (WARNING_COLUMN, Some(fill)) => ws.write_string_with_format(r, c, neutralise(value), fill)?,
            _ => ws.write_string(r, c, neutralise(value))?,
        };
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads `pages` pages of one number each, failing at `fail_at` if given.
    fn reader(
        pages: usize,
        fail_at: Option<usize>,
    ) -> impl FnOnce(&mut dyn FnMut(usize) -> Result<(), ApiError>) -> Result<usize, ApiError> {
        move |send| {
            for page in 0..pages {
                if Some(page) == fail_at {
                    return Err(ApiError::internal("the database went away"));
                }
                send(page)?;
            }
            Ok(pages)
        }
    }

    #[test]
    fn the_sink_gets_every_page_in_order_and_then_the_end() {
        let mut seen = Vec::new();
        let n = pipelined(reader(50, None), |pages| {
            for page in pages {
                seen.push(page?);
            }
            Ok(())
        })
        .unwrap();
        assert_eq!(n, 50);
        assert_eq!(seen, (0..50).collect::<Vec<_>>());
    }

    #[test]
    fn a_failed_read_reaches_the_sink_as_an_error_and_is_the_answer() {
        let mut finished = false;
        let mut seen = Vec::new();
        let e = pipelined(reader(50, Some(7)), |pages| {
            for page in pages {
                seen.push(page?);
            }
            finished = true;
            Ok(())
        })
        .unwrap_err();
        assert!(!finished, "the file must not be finished");
        assert_eq!(seen, (0..7).collect::<Vec<_>>());
        assert_eq!(e.cause.as_deref(), Some("the database went away"));
    }

    #[test]
    fn a_failed_sink_stops_the_reading_and_is_the_answer() {
        let mut read = 0;
        let e = pipelined(
            |send| {
                for page in 0..1000 {
                    read += 1;
                    send(page)?;
                }
                Ok(1000)
            },
            |pages| {
                for page in pages {
                    if page? == 3 {
                        return Err(ApiError::internal("the client went away"));
                    }
                }
                Ok(())
            },
        )
        .unwrap_err();
        assert_eq!(e.cause.as_deref(), Some("the client went away"));
        // The pages in flight: the one the sink refused, two queued and the one being sent.
        assert!(read <= 7, "read {read} pages");
    }
}
