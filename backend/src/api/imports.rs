//! Bulk import of problem lists (JSON, CSV in UTF-8 or GBK, XLSX, XLS) and the import template.
//!
//! One request is one transaction: `all_or_nothing` writes nothing when any row is bad,
//! `skip_invalid` writes exactly the good rows, `dry_run` validates everything and writes
//! nothing. Rows with a `source` + `source_ref` are idempotent. The file is read by
//! [`crate::tabular`] on the blocking pool, within its budgets, at most
//! `LVYUE_MAX_IMPORTS` at once.

use std::{collections::HashMap, sync::LazyLock};

use actix_web::{HttpRequest, HttpResponse, get, http::header, post, web};
use diesel::RunQueryDsl;
use rust_xlsxwriter::{DataValidation, Formula, Workbook};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::{
    api::{
        common::{FileBytes, Validator},
        extract::{RequestMeta, discard_upload, read_upload},
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
    tabular::{self, ColumnMapping, Format, Refusal, Row, SkipReason, SkippedRow, Template, TemplateField},
};

pub use crate::tabular::{
    EXAMPLE_MARK,
    bounds::{MAX_BYTES, MAX_ROWS},
};

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

/// What an ordinary import reads: the template's columns, `amount_involved_fen` (JSON) and
/// 编号 (`number`, matched against problems already registered so that an export imported back
/// is reported, not duplicated). Other columns the system knows are reported as not applicable.
pub static TEMPLATE: LazyLock<Template> = LazyLock::new(|| {
    Template::new(
        COLUMNS.iter().map(|(header, field, required, _)| TemplateField { field, header, required: *required }).chain(
            [
                TemplateField { field: "amount_involved_fen", header: "", required: false },
                TemplateField { field: "number", header: "编号", required: false },
            ],
        ),
    )
});

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
    pub existing_id: Option<Id>,
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
    "blank_rows": 0}))]
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
        // By full name, code, alias (区国资局) or short name (财政局, 曾都区财政局).
        Some(u) => match tabular::values::match_name(u, &cx.units, |x| (&x.name, &x.code, x.alias.as_deref())) {
            Ok(unit) if unit.active => unit.id.clone(),
            Ok(_) => {
                v.add("reporting_unit", format!("报送单位「{u}」已停用"));
                cx.own_unit.clone()
            }
            Err(why) => {
                v.add("reporting_unit", format!("报送单位{why}"));
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
    read: tabular::ReadReport,
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
    let visibility = crate::api::issues::visibility_of(principal);
    let tabular::ReadReport { sheet, header_rows, columns, mut skipped_rows, blank_rows } = read;
    // Rows whose 编号 is a problem already registered (an export imported back): reported, not
    // imported again.
    let numbers: Vec<String> = rows.iter().filter_map(|r| r.get("number")).map(str::to_owned).collect();
    let registered: HashMap<String, Option<Id>> = if numbers.is_empty() {
        HashMap::new()
    } else {
        store::issues::find_numbers(conn, &visibility, &numbers)?.into_iter().collect()
    };
    let rows: Vec<Row> = rows
        .into_iter()
        .filter(|r| {
            let Some((number, id)) = r.get("number").and_then(|n| registered.get_key_value(n)) else { return true };
            skipped_rows.push(SkippedRow {
                row: r.number,
                reason: SkipReason::Existing,
                message: format!("编号 {number} 的问题已登记, 本行未再导入"),
                existing_id: id.clone(),
            });
            false
        })
        .collect();
    skipped_rows.sort_by_key(|s| s.row);
    let total = rows.len();
    let mut errors: Vec<RowError> = Vec::new();
    let mut warnings: Vec<RowWarning> = Vec::new();
    let mut valid: Vec<Candidate> = Vec::new();
    let mut seen_refs: HashMap<(String, String), usize> = HashMap::new();
    for row in &rows {
        warnings.extend(row.warnings.iter().map(|w| RowWarning {
            row: row.number,
            message: w.message.clone(),
            existing_id: None,
            field: Some(w.field.clone()),
            value: w.value.clone(),
        }));
        // Cells the reader could not read (an amount in an unknown unit, a date it cannot
        // parse) fail the row with the rules' own findings.
        let unread: Vec<RowError> = row
            .errors
            .iter()
            .map(|e| RowError {
                row: row.number,
                field: e.field.clone(),
                message: e.message.clone(),
                value: e.value.clone(),
            })
            .collect();
        let echo = |field: String, message: String| {
            let value = row.raw(&field).map(str::to_owned);
            RowError { row: row.number, field, message, value }
        };
        match validate_row(&cx, row) {
            Ok(_) if !unread.is_empty() => errors.extend(unread),
            Err(fields) => {
                errors.extend(
                    fields
                        .into_iter()
                        .filter(|f| !unread.iter().any(|u| u.field == f.field))
                        .map(|f| echo(f.field, f.message)),
                );
                errors.extend(unread);
            }
            Ok(c) => {
                if let Some(r) = &c.source_ref
                    && let Some(first) = seen_refs.insert((c.source.clone(), r.clone()), c.row)
                {
                    errors.push(echo("source_ref".into(), format!("与第 {first} 行的来源编号重复")));
                    continue;
                }
                valid.push(c);
            }
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
    let raw_ref =
        |row: usize| rows.iter().find(|r| r.number == row).and_then(|r| r.raw("source_ref")).map(str::to_owned);
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
                        value: raw_ref(c.row),
                    });
                } else if !c.differs(i) {
                    unchanged += 1;
                } else if i.state() != State::SelfCheck {
                    errors.push(RowError {
                        row: c.row,
                        field: "source_ref".into(),
                        message: format!("问题 {} 已「{}」, 导入的修改未应用", i.number, i.state().label()),
                        value: raw_ref(c.row),
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
                            field: None,
                            value: None,
                        });
                    }
                }
                to_create.push(c);
            }
        }
    }
    errors.sort_by_key(|e| e.row);
    warnings.sort_by_key(|w| w.row);
    let ignored_columns: Vec<String> =
        columns.iter().filter(|c| c.status == tabular::MappingStatus::Ignored).map(|c| c.column.clone()).collect();
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
        sheet,
        header_rows,
        columns,
        skipped_rows,
        blank_rows,
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
/// `value`.
#[utoipa::path(
    tag = "imports",
    operation_id = "importIssues",
    params(ImportQuery),
    request_body(
        description = "JSON 数组、CSV、XLSX 或 XLS 文件",
        content(
            (FileBytes = "text/csv", example = "标题,问题描述,问题类别,问题类型,涉及企业,涉及金额(元)\n区教育局拖欠校舍维修工程款,验收后逾期未付,agency_arrears,agency_delay,随州市鑫源建筑工程有限公司,128000.00\n"),
            (FileBytes = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            (FileBytes = "application/vnd.ms-excel"),
            (Vec<serde_json::Value> = "application/json", example = json!([{"title": "区教育局拖欠校舍维修工程款", "description": "验收后逾期未付", "category": "agency_arrears", "problem_type": "agency_delay", "enterprise_name": "随州市鑫源建筑工程有限公司", "amount_involved_fen": 12_800_000}])),
        ),
    ),
    responses(
        (status = 200, description = "导入结果 (dry_run 时只校验)", body = ImportReport),
        (status = 400, description = "查询参数有误", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "未登录或密钥无效", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "无导入权限 (需 imports:write)", body = Problem, content_type = "application/problem+json"),
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
    principal: Principal,
    meta: RequestMeta,
    query: web::Query<ImportQuery>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    principal.require(Permission::ImportIssues)?;
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
    let mode = query.mode.unwrap_or_default();
    // Parsing is CPU-bound: on the blocking pool, never on an HTTP worker. The slot is held
    // by the work itself, so a client that goes away does not free it early.
    let (slot, sheet) = web::block(move || {
        let sheet = tabular::read(format, &body, &TEMPLATE);
        (slot, sheet)
    })
    .await?;
    let sheet = sheet.map_err(refusal)?;
    let report = state
        .write(move |conn| {
            let _slot = slot;
            run_import(conn, &principal, &meta, sheet.rows, sheet.report, dry_run, mode)
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
