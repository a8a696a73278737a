//! 批量导入: every row of a file checked as a registration ([`register::check`]), then written
//! in one transaction with multi-row statements. `all_or_nothing` writes nothing when any row
//! is bad, `skip_invalid` writes exactly the good rows, `dry_run` writes nothing. Rows with a
//! `source` + `source_ref` are idempotent; rows whose 编号 is a problem already registered (an
//! export imported back) are reported, not imported again. The rows come from
//! [`crate::tabular`], which also says how the file was read (header, columns, skipped rows).

pub mod migrate;

use std::{collections::HashMap, sync::LazyLock};

use chrono::NaiveDate;
use diesel::RunQueryDsl;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{
    audit::{self, Entry},
    db::{DbConnection, IssueId, UnitId},
    domain::{coded::Coded, lifecycle::State, money, permissions::Permission, roles::Role},
    error::{ApiError, FieldError},
    service::{
        Context, events,
        events::EventKind,
        issues::{CreateIssue, facts::SetFacts, register},
        validate::Validator,
    },
    store::{self, facts::Facts, issues::Issue},
    tabular::{self, ColumnMapping, Row, SkipReason, SkippedRow, Template, TemplateField},
};

pub use crate::tabular::{
    EXAMPLE_MARK,
    bounds::{MAX_BYTES, MAX_ROWS},
};

/// Template columns: (Chinese header, API field name, required, explanation).
pub const COLUMNS: [(&str, &str, bool, &str); 30] = [
    ("问题标题", "title", true, "简要概括问题, 不超过 200 字"),
    ("问题描述", "description", true, "问题的具体情况, 不超过 5000 字"),
    ("问题类别", "category", true, "下拉选择, 或填写类别代码"),
    ("问题类型", "problem_type", true, "下拉选择, 须属于所选类别"),
    ("拖欠对象", "arrear_object", false, "拖欠账款类填写: 货物、服务或工程"),
    ("线索来源", "source", true, "下拉选择, 或填写来源代码; 责任单位只能导入自查发现的问题"),
    ("来源编号", "source_ref", false, "来源系统的编号; 同一来源同一编号重复导入不会重复登记"),
    ("涉及企业", "enterprise_name", true, "企业全称"),
    ("统一社会信用代码", "enterprise_uscc", false, "18 位, 校验位会被检查"),
    ("企业联系人", "enterprise_contact", false, ""),
    ("联系电话", "enterprise_phone", false, "只能包含数字、空格和 + - ( )"),
    ("涉及金额(元)", "amount_involved", false, "以元为单位, 最多两位小数, 如 12345.67"),
    ("报送单位", "reporting_unit", false, "综合办公室代单位导入时填写报送单位; 其他情况不填"),
    ("发现单位", "found_by_unit", false, "自查发现的单位: 牵头单位导入本组成员单位发现的问题时填写; 不填为报送单位"),
    // 问题事实 (#17; from FIRST_FACT_COLUMN on), headed as the export heads them: an export reads back.
    ("应付金额(元)", "amount_due", false, "拖欠账款类: 应付的金额, 不填则等于涉及金额"),
    ("欠款主体", "debtor_name", false, "实际欠款的单位 (如某学校、国企子公司), 可与责任单位不同"),
    ("欠款主体性质", "debtor_nature", false, "机关、事业单位或国有企业"),
    ("约定付款日期", "agreed_payment_on", false, "账龄从此日算起, 如 2024-06-30"),
    ("有无分歧", "disputed", false, "是 或 否; 不填为无分歧"),
    ("分歧说明", "dispute_note", false, "有分歧时必填"),
    ("合同/协议/政策/资金名称", "doc_name", false, "合同名称、招商协议名称、政策名称或资金 (项目) 名称"),
    ("合同编号/文号", "doc_no", false, "合同编号、协议编号, 或政策、资金的文号"),
    ("签订/发文日期", "doc_date", false, "合同或协议的签订日期, 政策或资金的发文日期"),
    ("合同金额(元)", "contract_amount", false, "拖欠账款类: 合同金额"),
    ("企业规模", "enterprise_size", false, "大型、中型、小型或微型"),
    ("所有制", "enterprise_ownership", false, "民营 或 其他"),
    ("承诺内容", "promised_content", false, "招商引资承诺类: 承诺的优惠条件、奖励或扶持"),
    ("是否依法依规", "promise_lawful", false, "招商引资承诺类: 是 或 否 (不依法依规的承诺应清理, 不应兑现)"),
    ("不兑现理由", "pretext", false, "行政区划调整、政府换届、机构职能调整、责任人更替或其他"),
    ("发文层级", "policy_level", false, "惠企政策类: 省级、市级或区级"),
];

/// What an ordinary import reads: the template's columns, `amount_involved_fen` (JSON) and
/// 编号 (`number`, matched against problems already registered so that an export imported back
/// is reported, not duplicated). Other columns the system knows are reported as not applicable.
pub static TEMPLATE: LazyLock<Template> = LazyLock::new(|| {
    Template::new(
        COLUMNS
            .iter()
            .map(|(header, field, required, _)| TemplateField { field, header, required: *required })
            .chain(JSON_FIELDS),
    )
});

/// Read besides the columns: amounts in fen (JSON) and 编号.
const JSON_FIELDS: [TemplateField; 4] = [
    TemplateField { field: "amount_involved_fen", header: "", required: false },
    TemplateField { field: "amount_due_fen", header: "", required: false },
    TemplateField { field: "contract_amount_fen", header: "", required: false },
    TemplateField { field: "number", header: "编号", required: false },
];

#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ImportMode {
    /// One bad row and nothing is written (default).
    #[default]
    AllOrNothing,
    /// The good rows are written; the bad ones are reported.
    SkipInvalid,
    /// 迁移导入 (office only, all or nothing): a ledger already in progress, each problem in its
    /// state there (状态, 责任单位, 整改时限, 整改措施, 销号日期 … as columns).
    Migrate,
}

#[derive(Debug, Clone, Serialize, ToSchema, PartialEq, Eq)]
pub struct RowError {
    /// The row as the user sees it in the spreadsheet (numbered as in the file, title rows
    /// included); the item's position (from 1) for JSON.
    pub row: usize,
    pub field: String,
    pub message: String,
    /// The offending cell as written in the file (absent when the cell is empty).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RowWarning {
    pub row: usize,
    pub message: String,
    /// The problem this row looks like.
    pub existing_id: Option<IssueId>,
    /// The field the warning is about (an amount rounded to fen, a cell without a header).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The cell as written in the file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"dry_run": true, "mode": "all_or_nothing", "committed": false, "total": 3, "created": 0, "updated": 0, "unchanged": 0, "failed": 1,
    "errors": [{"row": 5, "field": "enterprise_uscc", "message": "统一社会信用代码校验位不正确", "value": "91350100M000100Y44"}],
    "warnings": [{"row": 4, "field": "amount_involved", "message": "金额 128000.00000001 按四舍五入到分计为 128000.00 元", "value": "128000.00000001", "existing_id": null}],
    "ignored_columns": ["备注"], "sheet": "问题清单", "header_rows": [2],
    "columns": [{"column": "问题标题", "letter": "A", "field": "title", "status": "recognised"},
                {"column": "企业名称", "letter": "B", "field": "enterprise_name", "status": "synonym"},
                {"column": "涉及金额（万元）", "letter": "C", "field": "amount_involved", "status": "synonym", "unit": "ten_thousand_yuan"},
                {"column": "整改时限", "letter": "D", "field": "deadline", "status": "not_applicable", "note": "整改时限在交办时确定, 自查登记的问题还没有时限: 本列已识别, 但不导入"},
                {"column": "备注", "letter": "E", "field": null, "status": "ignored"}],
    "skipped_rows": [{"row": 1, "reason": "above_header", "message": "曾都区政府履约问题排查及整改清单（区财政局）"},
                     {"row": 6, "reason": "total", "message": "合计行, 已跳过: 合计 138.5"}],
    "blank_rows": 0, "created_problems": [], "failed_rows": [{"row": 5, "cells": {"title": "拖欠工程款", "enterprise_uscc": "91350100M000100Y44"}}]}))]
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
    /// The sheet read (the first visible one), for workbooks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// The row(s) found to hold the header among the first ten (two when the header spans two
    /// rows); empty for JSON.
    pub header_rows: Vec<usize>,
    /// How each column of the file was read: recognised, mapped by synonym (with the unit of an
    /// amount column), recognised but not applicable to this import, or ignored.
    pub columns: Vec<ColumnMapping>,
    /// Rows not read as problems, with the reason: above the header (titles, notes), 合计 rows,
    /// notes under the table, the template's example, problems already registered (编号).
    pub skipped_rows: Vec<SkippedRow>,
    /// Blank rows between the data (skipped).
    pub blank_rows: usize,
    /// The problems this import created, with the row each came from (empty unless committed).
    pub created_problems: Vec<CreatedProblem>,
    /// The rows in `errors` with their cells as written in the file, by field name: what a
    /// 下载错误行 file holds, to be corrected and imported again.
    pub failed_rows: Vec<FailedRow>,
}

/// A row that failed, as the file has it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"row": 5, "cells": {"title": "拖欠工程款", "enterprise_uscc": "91350100M000100Y44"}}))]
pub struct FailedRow {
    pub row: usize,
    pub cells: std::collections::BTreeMap<String, String>,
}

/// The failed rows' cells, in row order.
fn rows_in_error(rows: &[Row], errors: &[RowError]) -> Vec<FailedRow> {
    let failed: std::collections::HashSet<usize> = errors.iter().map(|e| e.row).collect();
    rows.iter()
        .filter(|r| failed.contains(&r.number))
        .map(|r| FailedRow {
            row: r.number,
            // Cells the reader could not read are kept aside with their error: put back.
            cells: r
                .raw_cells()
                .map(|(field, raw)| (field.to_owned(), raw.to_owned()))
                .chain(r.errors.iter().filter_map(|e| Some((e.field.clone(), e.value.clone()?))))
                .collect(),
        })
        .collect()
}

/// A problem an import created.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CreatedProblem {
    pub row: usize,
    pub id: IssueId,
    #[schema(example = "LY2024-00042")]
    pub number: String,
}

/// Reads a cell by Chinese header or API field name.
pub fn cell<'a>(row: &'a Row, header: &str, field: &str) -> Option<&'a str> {
    row.get(header).or_else(|| row.get(field)).map(str::trim).filter(|s| !s.is_empty())
}

/// A checked row, ready to create or to compare with the problem its reference names.
struct Candidate {
    row: usize,
    new: register::NewIssue,
    /// The reference as the file has it, echoed in errors about it.
    source_ref: Option<String>,
}

impl Candidate {
    /// The imported fields differ from the problem's (its facts `old`, when the row has facts).
    fn differs(&self, i: &Issue, old: Option<&Facts>) -> bool {
        let n = &self.new;
        let facts_differ = n.facts.as_ref().is_some_and(|f| {
            old.is_none_or(|o| Facts { issue_id: o.issue_id.clone(), updated_at: o.updated_at, ..f.clone() } != *o)
        });
        facts_differ
            || n.title != i.title
            || n.description != i.description
            || n.category != i.category
            || n.problem_type != i.problem_type
            || n.arrear_object != i.arrear_object
            || n.enterprise_name != i.enterprise_name
            || n.enterprise_uscc != i.enterprise_uscc
            || n.enterprise_contact != i.enterprise_contact
            || n.enterprise_phone != i.enterprise_phone
            || n.amount_involved_fen != i.amount_involved_fen
    }

    fn apply(&self, i: &mut Issue) {
        let n = &self.new;
        i.title = n.title.clone();
        i.description = n.description.clone();
        i.category = n.category.clone();
        i.problem_type = n.problem_type.clone();
        i.arrear_object = n.arrear_object.clone();
        i.enterprise_name = n.enterprise_name.clone();
        i.enterprise_uscc = n.enterprise_uscc.clone();
        i.enterprise_contact = n.enterprise_contact.clone();
        i.enterprise_phone = n.enterprise_phone.clone();
        i.amount_involved_fen = n.amount_involved_fen;
        i.group_id = n.group_id.clone();
    }
}

/// What a file's rows are checked against, loaded once.
struct Lookups {
    registration: register::Lookups,
    units: Vec<store::units::Unit>,
    /// The source the importer chose for rows without one (a code).
    batch_source: Option<String>,
}

impl Lookups {
    /// Loads them with the source the importer chose for the whole file (a dictionary code or
    /// label), if any.
    fn load(conn: &mut DbConnection, batch_source: Option<&str>) -> Result<Self, ApiError> {
        let registration = register::Lookups::load(conn)?;
        // (Without it the reader required the column; JSON rows each name theirs.)
        let batch_source = match batch_source.map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(s) => match registration.dicts.resolve("source", s, None) {
                Some(code) => Some(code),
                None => return Err(ApiError::field("source", format!("无法识别的线索来源「{s}」"))),
            },
        };
        let lookups = Self { registration, units: store::units::list(conn, true)?, batch_source };
        if lookups.registration.current_campaign.is_none() {
            return Err(ApiError::new(
                actix_web::http::StatusCode::UNPROCESSABLE_ENTITY,
                "no_campaign",
                "当前没有进行中的专项行动",
            ));
        }
        Ok(lookups)
    }
}

/// A row as a registration: labels resolved to codes, yuan to fen, the reporting unit by name.
fn command_of(lookups: &Lookups, cx: &Context, row: &Row, v: &mut Validator) -> (CreateIssue, UnitId) {
    let dicts = &lookups.registration.dicts;
    let text = |h: &str, f: &str| cell(row, h, f).unwrap_or("").to_owned();
    let category = cell(row, "问题类别", "category")
        .map(|c| dicts.resolve("category", c, None).unwrap_or_else(|| c.to_owned()))
        .unwrap_or_default();
    let problem_type = cell(row, "问题类型", "problem_type")
        .map(|t| dicts.resolve("problem_type", t, Some(&category).filter(|c| !c.is_empty()).map(String::as_str)))
        .map(|resolved| resolved.unwrap_or_else(|| cell(row, "问题类型", "problem_type").unwrap_or("").to_owned()))
        .unwrap_or_default();
    let amount = amount_cell(row, "amount_involved", v);
    let reporting = match cell(row, "报送单位", "reporting_unit") {
        None => cx.principal.unit_id.clone(),
        Some(_) if !cx.principal.has_role(Role::Office) => {
            v.add("reporting_unit", "只有综合办公室可以代其他单位导入");
            cx.principal.unit_id.clone()
        }
        // By full name, code, alias (区国资局) or short name (财政局, 曾都区财政局).
        Some(u) => match tabular::values::match_name(u, &lookups.units, |x| (&x.name, &x.code, x.alias.as_deref())) {
            Ok(unit) if unit.active => unit.id.clone(),
            Ok(_) => {
                v.add("reporting_unit", format!("报送单位「{u}」已停用"));
                cx.principal.unit_id.clone()
            }
            Err(why) => {
                v.add("reporting_unit", format!("报送单位{why}"));
                cx.principal.unit_id.clone()
            }
        },
    };
    let cmd = CreateIssue {
        title: text("问题标题", "title"),
        description: text("问题描述", "description"),
        category,
        problem_type,
        arrear_object: cell(row, "拖欠对象", "arrear_object")
            .map(|o| dicts.resolve("arrear_object", o, None).unwrap_or_else(|| o.to_owned())),
        // Required as in the API: who found a problem decides whose self-report it is (scores),
        // so an empty cell is named, never taken as 自查.
        source: cell(row, "线索来源", "source")
            .map(|s| dicts.resolve("source", s, None).unwrap_or_else(|| s.to_owned()))
            .or_else(|| lookups.batch_source.clone())
            .unwrap_or_default(),
        source_ref: cell(row, "来源编号", "source_ref").map(str::to_owned),
        enterprise_name: text("涉及企业", "enterprise_name"),
        enterprise_uscc: cell(row, "统一社会信用代码", "enterprise_uscc").map(str::to_owned),
        enterprise_contact: cell(row, "企业联系人", "enterprise_contact").map(str::to_owned),
        enterprise_phone: cell(row, "联系电话", "enterprise_phone").map(str::to_owned),
        amount_involved_fen: amount,
        campaign_id: None,
        group_id: None,
        // A self-inspection row was found by its reporting unit (the default of `check`) unless
        // the row names the unit (a lead importing its group's list; `check` decides who may).
        found_by_unit_id: cell(row, "发现单位", "found_by_unit").and_then(|u| {
            match tabular::values::match_name(u, &lookups.units, |x| (&x.name, &x.code, x.alias.as_deref())) {
                Ok(unit) => Some(unit.id.clone()),
                Err(why) => {
                    v.add("found_by_unit", format!("发现单位{why}"));
                    None
                }
            }
        }),
        facts: facts_of_row(row, v),
    };
    (cmd, reporting)
}

/// An amount in fen from its yuan column (`amount_involved`, read in the column's unit) or, in
/// JSON, from `…_fen`.
fn amount_cell(row: &Row, yuan_field: &str, v: &mut Validator) -> Option<i64> {
    let fen_field = format!("{yuan_field}_fen");
    match (cell(row, header(yuan_field), yuan_field), row.get(&fen_field).filter(|s| !s.is_empty())) {
        (Some(yuan), _) => money::parse_yuan(yuan).map(Some).unwrap_or_else(|msg| {
            v.add(yuan_field, msg);
            None
        }),
        (None, Some(fen)) => fen.parse::<i64>().map(Some).unwrap_or_else(|_| {
            v.add(fen_field, "应为以分为单位的整数");
            None
        }),
        (None, None) => None,
    }
}

/// The template's header of a field ("" for fields without one).
fn header(field: &str) -> &'static str {
    COLUMNS.iter().find(|(_, f, ..)| *f == field).map_or("", |(h, ..)| *h)
}

/// A coded value as a clerk writes it: the label (机关) or the code (`agency`).
fn coded_cell<T: Coded>(row: &Row, field: &str, v: &mut Validator) -> Option<T> {
    let text = cell(row, header(field), field)?;
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let found = T::ALL.iter().copied().find(|x| x.label() == t || x.code() == t.to_ascii_lowercase());
    if found.is_none() {
        let labels: Vec<&str> = T::ALL.iter().map(|x| x.label()).collect();
        v.add(field, format!("无法识别的「{}」: 请填写 {}", header(field), labels.join("、")));
    }
    found
}

/// The row's 问题事实, when any of their cells is filled (dates and 是/否 as the reader read them).
fn facts_of_row(row: &Row, v: &mut Validator) -> Option<SetFacts> {
    let text = |field: &str| cell(row, header(field), field).map(str::to_owned);
    let date = |field: &str| text(field).and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok());
    let flag = |field: &str| text(field).map(|b| b == "true");
    let facts = SetFacts {
        amount_due_fen: amount_cell(row, "amount_due", v),
        debtor_name: text("debtor_name"),
        debtor_nature: coded_cell(row, "debtor_nature", v),
        agreed_payment_on: date("agreed_payment_on"),
        disputed: flag("disputed"),
        dispute_note: text("dispute_note"),
        doc_name: text("doc_name"),
        doc_no: text("doc_no"),
        doc_date: date("doc_date"),
        contract_amount_fen: amount_cell(row, "contract_amount", v),
        enterprise_size: coded_cell(row, "enterprise_size", v),
        enterprise_ownership: coded_cell(row, "enterprise_ownership", v),
        promised_content: text("promised_content"),
        promise_lawful: flag("promise_lawful"),
        pretext: coded_cell(row, "pretext", v),
        policy_level: coded_cell(row, "policy_level", v),
    };
    let given = COLUMNS[FIRST_FACT_COLUMN..].iter().any(|(header, f, ..)| {
        cell(row, header, f).is_some() || row.get(&format!("{f}_fen")).is_some_and(|s| !s.is_empty())
    });
    given.then_some(facts)
}

/// The template's columns from here on are 问题事实.
const FIRST_FACT_COLUMN: usize = 14;

/// Field errors of a row, worded for a spreadsheet: the column's header names an empty cell,
/// amounts given in yuan are named by the yuan column, a unit by its column, and each echoes its cell as the file
/// has it. Cells the reader could not read come first (and are not reported twice).
fn row_errors(row: &Row, errors: Vec<FieldError>) -> Vec<RowError> {
    errors
        .into_iter()
        .map(|e| {
            // A registration's `facts.amount_due_fen` is the row's 应付金额(元) column.
            let field = e.field.strip_prefix("facts.").unwrap_or(&e.field);
            // The registration's `found_by_unit_id` is the row's 发现单位 (`found_by_unit`).
            let field = field.strip_suffix("_id").filter(|f| COLUMNS.iter().any(|(_, c, ..)| c == f)).unwrap_or(field);
            let field = match field.strip_suffix("_fen") {
                Some(yuan) if cell(row, header(yuan), yuan).is_some() => yuan.to_owned(),
                _ => field.to_owned(),
            };
            let header = COLUMNS.iter().find(|(_, f, ..)| *f == field).map(|(h, ..)| *h);
            let message = match header {
                Some(h) if e.message == "不能为空" => format!("「{h}」不能为空"),
                _ => e.message,
            };
            let value = row.raw(&field).map(str::to_owned);
            RowError { row: row.number, field, message, value }
        })
        .filter(|e| !row.errors.iter().any(|u| u.field == e.field))
        .chain(unread(row))
        .collect()
}

/// Cells the reader could not read (an amount in an unknown unit, a date it cannot parse).
fn unread(row: &Row) -> impl Iterator<Item = RowError> + '_ {
    row.errors.iter().map(|e| RowError {
        row: row.number,
        field: e.field.clone(),
        message: e.message.clone(),
        value: e.value.clone(),
    })
}

/// Checks every row; the valid ones become candidates, duplicate references within the file
/// are errors.
fn check_rows(
    conn: &mut DbConnection,
    cx: &Context,
    lookups: &Lookups,
    rows: &[Row],
    errors: &mut Vec<RowError>,
) -> Result<Vec<Candidate>, ApiError> {
    let mut valid = Vec::new();
    let mut seen_refs: HashMap<(String, String), usize> = HashMap::new();
    for row in rows {
        let mut v = Validator::default();
        let (cmd, reporting) = command_of(lookups, cx, row, &mut v);
        let new = register::check(conn, cx, &lookups.registration, &cmd, reporting, &mut v)?;
        match new {
            Some(new) if v.is_ok() && row.errors.is_empty() => {
                if let Some(r) = &new.source_ref
                    && let Some(first) = seen_refs.insert((new.source.clone(), r.clone()), row.number)
                {
                    errors.push(RowError {
                        row: row.number,
                        field: "source_ref".into(),
                        message: format!("与第 {first} 行的来源编号重复"),
                        value: row.raw("source_ref").map(str::to_owned),
                    });
                    continue;
                }
                valid.push(Candidate { row: row.number, new, source_ref: row.raw("source_ref").map(str::to_owned) });
            }
            _ => errors.extend(row_errors(row, v.errors)),
        }
    }
    Ok(valid)
}

/// What to do with each valid row: create it, update the self-check problem its reference
/// names, or leave it (unchanged, or no longer changeable: reported).
struct Plan<'a> {
    create: Vec<&'a Candidate>,
    /// With the problem's facts before.
    update: Vec<(&'a Candidate, Issue, Option<Facts>)>,
    unchanged: usize,
}

fn plan<'a>(
    conn: &mut DbConnection,
    cx: &Context,
    valid: &'a [Candidate],
    errors: &mut Vec<RowError>,
    warnings: &mut Vec<RowWarning>,
) -> Result<Plan<'a>, ApiError> {
    let mut by_source: HashMap<&str, Vec<String>> = HashMap::new();
    for c in valid {
        if let Some(r) = &c.new.source_ref {
            by_source.entry(c.new.source.as_str()).or_default().push(r.clone());
        }
    }
    let mut existing: HashMap<(String, String), Issue> = HashMap::new();
    for (source, refs) in by_source {
        for i in store::issues::find_by_refs(conn, source, &refs)? {
            existing.insert((i.source.clone(), i.source_ref.clone().unwrap_or_default()), i);
        }
    }
    let ids: Vec<IssueId> = existing.values().map(|i| i.id.clone()).collect();
    let mut old_facts = store::facts::of_issues(conn, &ids)?;
    let visibility = cx.visibility();
    let mut plan = Plan { create: Vec::new(), update: Vec::new(), unchanged: 0 };
    for c in valid {
        let known = c.new.source_ref.as_ref().and_then(|r| existing.get(&(c.new.source.clone(), r.clone())));
        let Some(i) = known else {
            warn_if_alike(conn, cx, c, warnings)?;
            plan.create.push(c);
            continue;
        };
        let refuse =
            |message: String| RowError { row: c.row, field: "source_ref".into(), message, value: c.source_ref.clone() };
        if store::issues::find_visible(conn, &visibility, &i.id)?.is_none() {
            errors.push(refuse("该来源编号已被其他单位登记".into()));
        } else if !c.differs(i, old_facts.get(&i.id)) {
            plan.unchanged += 1;
        } else if i.state != State::SelfCheck {
            errors.push(refuse(format!("问题 {} 已「{}」, 导入的修改未应用", i.number, i.state.label())));
        } else {
            plan.update.push((c, i.clone(), old_facts.remove(&i.id)));
        }
    }
    Ok(plan)
}

/// A row without a reference that looks like a problem the caller sees (same USCC, category
/// and title) is written, with a warning.
fn warn_if_alike(
    conn: &mut DbConnection,
    cx: &Context,
    c: &Candidate,
    warnings: &mut Vec<RowWarning>,
) -> Result<(), ApiError> {
    let (None, Some(uscc)) = (&c.new.source_ref, &c.new.enterprise_uscc) else { return Ok(()) };
    let f = store::issues::ListFilter {
        enterprise_uscc: Some(uscc.clone()),
        category: Some(c.new.category.clone()),
        ..Default::default()
    };
    let like = store::issues::list(conn, &cx.visibility(), &f, Default::default(), 0, 50)?;
    if let Some(same) = like.into_iter().find(|i| i.title == c.new.title) {
        warnings.push(RowWarning {
            row: c.row,
            message: format!("与已有问题 {} 的企业、类别和标题相同, 可能重复", same.number),
            existing_id: Some(same.id),
            field: None,
            value: None,
        });
    }
    Ok(())
}

/// 批量导入: validates, and (unless a dry run, or all-or-nothing with errors) writes, in the
/// caller's transaction.
pub fn import(
    conn: &mut DbConnection,
    cx: &Context,
    rows: &[Row],
    read: &tabular::ReadReport,
    dry_run: bool,
    mode: ImportMode,
    batch_source: Option<&str>,
) -> Result<ImportReport, ApiError> {
    cx.principal.require(Permission::ImportIssues)?;
    if mode == ImportMode::Migrate {
        return Err(ApiError::internal("a migration goes through imports::migrate"));
    }
    let lookups = Lookups::load(conn, batch_source)?;
    // Borrowed inputs: a unique race retries the whole import once (AppState::write_claiming).
    let tabular::ReadReport { sheet, header_rows, columns, mut skipped_rows, blank_rows } = read.clone();
    let rows = set_aside_registered(conn, cx, rows, &mut skipped_rows)?;
    let total = rows.len();
    let (mut errors, mut warnings) = (Vec::new(), Vec::new());
    for row in &rows {
        warnings.extend(row.warnings.iter().map(|w| RowWarning {
            row: row.number,
            message: w.message.clone(),
            existing_id: None,
            field: Some(w.field.clone()),
            value: w.value.clone(),
        }));
    }
    let valid = check_rows(conn, cx, &lookups, &rows, &mut errors)?;
    let plan = plan(conn, cx, &valid, &mut errors, &mut warnings)?;
    errors.sort_by_key(|e| e.row);
    warnings.sort_by_key(|w| w.row);
    let ignored_columns: Vec<String> =
        columns.iter().filter(|c| c.status == tabular::MappingStatus::Ignored).map(|c| c.column.clone()).collect();
    let mut failed_rows: Vec<usize> = errors.iter().map(|e| e.row).collect();
    failed_rows.dedup();
    let write = !dry_run && (mode == ImportMode::SkipInvalid || errors.is_empty());
    let mut report = ImportReport {
        dry_run,
        mode,
        committed: false,
        total,
        created: plan.create.len(),
        updated: plan.update.len(),
        unchanged: plan.unchanged,
        failed: failed_rows.len(),
        errors,
        warnings,
        ignored_columns,
        sheet,
        header_rows,
        columns,
        skipped_rows,
        blank_rows,
        created_problems: Vec::new(),
        failed_rows: Vec::new(),
    };
    report.failed_rows = rows_in_error(&rows, &report.errors);
    if !write {
        if !dry_run {
            report.created = 0;
            report.updated = 0;
        }
        return Ok(report);
    }
    report.created_problems = write_plan(conn, cx, plan, &report)?;
    report.committed = true;
    Ok(report)
}

/// Rows whose 编号 is a problem already registered (an export imported back) are set aside and
/// reported, with the problem's id when the caller may see it.
fn set_aside_registered(
    conn: &mut DbConnection,
    cx: &Context,
    rows: &[Row],
    skipped: &mut Vec<SkippedRow>,
) -> Result<Vec<Row>, ApiError> {
    let numbers: Vec<String> = rows.iter().filter_map(|r| r.get("number")).map(str::to_owned).collect();
    if numbers.is_empty() {
        return Ok(rows.to_vec());
    }
    let registered: HashMap<String, Option<IssueId>> =
        store::issues::find_numbers(conn, &cx.visibility(), &numbers)?.into_iter().collect();
    let rows = rows
        .iter()
        .filter(|r| {
            let Some((number, id)) = r.get("number").and_then(|n| registered.get_key_value(n)) else { return true };
            skipped.push(SkippedRow {
                row: r.number,
                reason: SkipReason::Existing,
                message: format!("编号 {number} 的问题已登记, 本行未再导入"),
                existing_id: id.clone(),
            });
            false
        })
        .cloned()
        .collect();
    skipped.sort_by_key(|s| s.row);
    Ok(rows)
}

fn write_plan(
    conn: &mut DbConnection,
    cx: &Context,
    plan: Plan<'_>,
    report: &ImportReport,
) -> Result<Vec<CreatedProblem>, ApiError> {
    let rows = plan.create.iter().map(|c| (c.new.clone(), Some(format!("批量导入第 {} 行", c.row)))).collect();
    let created = register::insert_new(conn, cx, rows)?;
    let created_problems = plan
        .create
        .iter()
        .zip(&created)
        .map(|(c, i)| CreatedProblem { row: c.row, id: i.id.clone(), number: i.number.clone() })
        .collect();
    if created.len() >= 1000 && conn.is_postgres() {
        // Foreign-key checks of the rows that follow are planned from the table's statistics;
        // after a bulk load into a young table those say "empty", and every check would scan.
        diesel::sql_query("ANALYZE issues").execute(conn)?;
    }
    let actor = cx.actor();
    let mut entries = vec![Entry::new(&actor, &cx.meta, "import.run", "import").after(serde_json::json!({
        "mode": report.mode, "total": report.total, "created": created.len(), "updated": plan.update.len(),
        "unchanged": report.unchanged, "failed": report.failed,
    }))];
    let now = cx.clock.now();
    for (c, before, old_facts) in &plan.update {
        if let Some(f) = &c.new.facts {
            let facts = Facts { issue_id: before.id.clone(), updated_at: now, ..f.clone() };
            store::facts::put(conn, &facts)?;
            entries.push(
                Entry::new(&actor, &cx.meta, "issue.facts", "issue")
                    .entity(&before.id)
                    .before(serde_json::json!(old_facts))
                    .after(&facts),
            );
        }
        let mut after = before.clone();
        c.apply(&mut after);
        after.updated_at = now;
        if !store::issues::save(conn, &after, before.version)? {
            return Err(ApiError::conflict("concurrent_update", "导入期间有问题被他人修改, 请重新导入"));
        }
        after.version += 1;
        events::record(conn, EventKind::Updated, &after)?;
        entries.push(
            Entry::new(&actor, &cx.meta, "issue.update", "issue").entity(&before.id).before(before).after(&after),
        );
    }
    audit::append_many(conn, entries)?;
    Ok(created_problems)
}
