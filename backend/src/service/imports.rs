//! 批量导入: every row of a file checked as a registration ([`register::check`]), then written
//! in one transaction with multi-row statements. `all_or_nothing` writes nothing when any row
//! is bad, `skip_invalid` writes exactly the good rows, `dry_run` writes nothing. Rows with a
//! `source` + `source_ref` are idempotent.

use std::collections::HashMap;

use diesel::RunQueryDsl;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{
    audit::{self, Entry},
    db::{DbConnection, IssueId, UnitId},
    domain::{lifecycle::State, money, permissions::Permission, roles::Role},
    error::{ApiError, FieldError},
    service::{
        Context, events,
        events::EventKind,
        issues::{CreateIssue, register},
        validate::Validator,
    },
    store::{self, issues::Issue},
    tabular::Row,
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
    pub existing_id: Option<IssueId>,
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

/// Reads a cell by Chinese header or API field name.
pub fn cell<'a>(row: &'a Row, header: &str, field: &str) -> Option<&'a str> {
    row.get(header).or_else(|| row.get(field)).map(str::trim).filter(|s| !s.is_empty())
}

/// A checked row, ready to create or to compare with the problem its reference names.
struct Candidate {
    row: usize,
    new: register::NewIssue,
}

impl Candidate {
    /// The imported fields differ from the problem's.
    fn differs(&self, i: &Issue) -> bool {
        let n = &self.new;
        n.title != i.title
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
    let amount =
        match (cell(row, "涉及金额(元)", "amount_involved"), row.get("amount_involved_fen").filter(|s| !s.is_empty()))
        {
            (Some(yuan), _) => money::parse_yuan(yuan).map(Some).unwrap_or_else(|msg| {
                v.add("amount_involved", msg);
                None
            }),
            (None, Some(fen)) => fen.parse::<i64>().map(Some).unwrap_or_else(|_| {
                v.add("amount_involved_fen", "应为以分为单位的整数");
                None
            }),
            (None, None) => None,
        };
    let reporting = match cell(row, "报送单位", "reporting_unit") {
        None => cx.principal.unit_id.clone(),
        Some(_) if !cx.principal.has_role(Role::Office) => {
            v.add("reporting_unit", "只有综合办公室可以代其他单位导入");
            cx.principal.unit_id.clone()
        }
        Some(u) => match lookups.units.iter().find(|x| x.name == u || x.code == u || x.alias.as_deref() == Some(u)) {
            Some(unit) if unit.active => unit.id.clone(),
            _ => {
                v.add("reporting_unit", format!("报送单位「{u}」不存在或已停用"));
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
        source: cell(row, "线索来源", "source")
            .map(|s| dicts.resolve("source", s, None).unwrap_or_else(|| s.to_owned())),
        source_ref: cell(row, "来源编号", "source_ref").map(str::to_owned),
        enterprise_name: text("涉及企业", "enterprise_name"),
        enterprise_uscc: cell(row, "统一社会信用代码", "enterprise_uscc").map(str::to_owned),
        enterprise_contact: cell(row, "企业联系人", "enterprise_contact").map(str::to_owned),
        enterprise_phone: cell(row, "联系电话", "enterprise_phone").map(str::to_owned),
        amount_involved_fen: amount,
        campaign_id: None,
        group_id: None,
    };
    (cmd, reporting)
}

/// Field errors of a row, worded for a spreadsheet: the column's header names an empty cell,
/// and amounts given in yuan are named by the yuan column.
fn row_errors(row: &Row, errors: Vec<FieldError>) -> Vec<RowError> {
    let yuan = cell(row, "涉及金额(元)", "amount_involved").is_some();
    errors
        .into_iter()
        .map(|e| {
            let field = if yuan && e.field == "amount_involved_fen" { "amount_involved".to_owned() } else { e.field };
            let header = COLUMNS.iter().find(|(_, f, ..)| *f == field).map(|(h, ..)| *h);
            let message = match header {
                Some(h) if e.message == "不能为空" => format!("「{h}」不能为空"),
                _ => e.message,
            };
            RowError { row: row.number, field, message }
        })
        .collect()
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
            Some(new) if v.is_ok() => {
                if let Some(r) = &new.source_ref
                    && let Some(first) = seen_refs.insert((new.source.clone(), r.clone()), row.number)
                {
                    errors.push(RowError {
                        row: row.number,
                        field: "source_ref".into(),
                        message: format!("与第 {first} 行的来源编号重复"),
                    });
                    continue;
                }
                valid.push(Candidate { row: row.number, new });
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
    update: Vec<(&'a Candidate, Issue)>,
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
    let visibility = cx.visibility();
    let mut plan = Plan { create: Vec::new(), update: Vec::new(), unchanged: 0 };
    for c in valid {
        let known = c.new.source_ref.as_ref().and_then(|r| existing.get(&(c.new.source.clone(), r.clone())));
        let Some(i) = known else {
            warn_if_alike(conn, cx, c, warnings)?;
            plan.create.push(c);
            continue;
        };
        let refuse = |message: String| RowError { row: c.row, field: "source_ref".into(), message };
        if store::issues::find_visible(conn, &visibility, &i.id)?.is_none() {
            errors.push(refuse("该来源编号已被其他单位登记".into()));
        } else if !c.differs(i) {
            plan.unchanged += 1;
        } else if i.state != State::SelfCheck {
            errors.push(refuse(format!("问题 {} 已「{}」, 导入的修改未应用", i.number, i.state.label())));
        } else {
            plan.update.push((c, i.clone()));
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
    ignored_columns: &[String],
    dry_run: bool,
    mode: ImportMode,
) -> Result<ImportReport, ApiError> {
    cx.principal.require(Permission::ImportIssues)?;
    let lookups = Lookups { registration: register::Lookups::load(conn)?, units: store::units::list(conn, true)? };
    if lookups.registration.current_campaign.is_none() {
        return Err(ApiError::new(
            actix_web::http::StatusCode::UNPROCESSABLE_ENTITY,
            "no_campaign",
            "当前没有进行中的专项行动",
        ));
    }
    let total = rows.len();
    let (mut errors, mut warnings) = (Vec::new(), Vec::new());
    let valid = check_rows(conn, cx, &lookups, rows, &mut errors)?;
    let plan = plan(conn, cx, &valid, &mut errors, &mut warnings)?;
    errors.sort_by_key(|e| e.row);
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
        ignored_columns: ignored_columns.to_vec(),
    };
    if !write {
        if !dry_run {
            report.created = 0;
            report.updated = 0;
        }
        return Ok(report);
    }
    write_plan(conn, cx, plan, &report)?;
    report.committed = true;
    Ok(report)
}

fn write_plan(conn: &mut DbConnection, cx: &Context, plan: Plan<'_>, report: &ImportReport) -> Result<(), ApiError> {
    let rows = plan.create.iter().map(|c| (c.new.clone(), Some(format!("批量导入第 {} 行", c.row)))).collect();
    let created = register::insert_new(conn, cx, rows)?;
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
    for (c, before) in &plan.update {
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
    Ok(())
}
