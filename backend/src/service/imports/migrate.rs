//! 迁移导入 (`mode=migrate`): an office that already runs the campaign in a spreadsheet brings
//! its ledger in, each problem in its state there. The only writer of history besides the
//! lifecycle: it sets the state directly, with one timeline entry `迁移导入` and one audit record
//! per problem, attributed to a system actor that names the importing office user; it sends no
//! notification and writes no outbox event (no webhook). All or nothing; the fields the
//! lifecycle would have required on the way to a state are required (a 整改 row needs a
//! responsible unit, a deadline and measures); deadlines may lie in the past (history).
//! Migrated problems get new numbers in the campaign's sequence and are flagged `migrated`, so
//! event-based scores can leave them out; the old 编号 becomes their `source_ref`, which makes a
//! re-import idempotent (a changed row is reported, not applied).

use std::{collections::HashMap, sync::LazyLock};

use chrono::{NaiveDate, NaiveTime};
use serde_json::json;

use super::{
    COLUMNS, CreatedProblem, ImportMode, ImportReport, Lookups, RowError, RowWarning, cell, command_of, row_errors,
    unread,
};
use crate::{
    audit::{self, Actor, Entry},
    db::{DbConnection, UnitId},
    domain::{
        lifecycle::{ClosureKind, State, Step},
        money,
        org::ActorKind,
        permissions::{Permission, Relation},
    },
    error::ApiError,
    service::{Context, issues::register, validate::Validator},
    store::{
        self,
        issues::{Issue, Transition},
    },
    tabular::{self, Row, SkipReason, SkippedRow, Template, TemplateField},
};

/// The columns a migration reads besides the template's: (header, field, required, hint).
pub const MIGRATION_COLUMNS: [(&str, &str, bool, &str); 9] = [
    (
        "状态",
        "state",
        true,
        "自查、交办、整改、核查或销号 (也可写 self_check、assigned、rectifying、verifying、closed)",
    ),
    ("责任单位", "responsible_unit", false, "交办及以后的状态必填: 单位全称、简称或别名"),
    ("配合单位", "cooperating_units", false, "多个单位以「、」分隔"),
    ("整改时限", "deadline", false, "交办及以后的状态必填; 可早于今天 (历史数据)"),
    ("整改措施", "measures", false, "整改、核查、销号状态必填"),
    ("责任领导", "responsible_leader", false, ""),
    ("责任人", "responsible_person", false, ""),
    ("已化解金额(元)", "amount_resolved", false, "不超过涉及金额"),
    ("销号日期", "closed_at", false, "销号状态必填, 不晚于今天"),
];

/// What a migration reads: the import template's columns and [`MIGRATION_COLUMNS`].
pub static MIGRATE_TEMPLATE: LazyLock<Template> = LazyLock::new(|| {
    Template::new(
        COLUMNS
            .iter()
            .chain(MIGRATION_COLUMNS.iter())
            .map(|(header, field, required, _)| TemplateField { field, header, required: *required })
            .chain(super::JSON_FIELDS),
    )
});

/// The header a user sees for a migration field.
fn header(field: &str) -> &'static str {
    MIGRATION_COLUMNS.iter().chain(COLUMNS.iter()).find(|(_, f, ..)| *f == field).map_or("", |(h, ..)| *h)
}

/// A state as ledgers write it: the label, the code, or a common phrasing (`整改中`, `已销号`).
fn parse_state(text: &str) -> Option<State> {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    State::from_code(&t.to_ascii_lowercase()).or_else(|| State::ALL.iter().copied().find(|s| s.label() == t)).or(
        match t.as_str() {
            "待交办" | "未交办" => Some(State::SelfCheck),
            "已交办" | "待签收" => Some(State::Assigned),
            "整改中" | "正在整改" | "已签收" => Some(State::Rectifying),
            "待核查" | "核查中" | "已提交核查" => Some(State::Verifying),
            "已销号" | "已办结" | "办结" => Some(State::Closed),
            _ => None,
        },
    )
}

/// The history a row carries beyond its registration.
#[derive(Debug, Clone, PartialEq)]
struct History {
    state: State,
    responsible: Option<UnitId>,
    cooperating: Vec<UnitId>,
    deadline: Option<NaiveDate>,
    measures: Option<String>,
    leader: Option<String>,
    person: Option<String>,
    resolved_fen: i64,
    closed_on: Option<NaiveDate>,
}

/// A checked row, ready to be written.
struct Migrant {
    row: usize,
    new: register::NewIssue,
    history: History,
    /// The file's 来源编号 when its 编号 became the reference (kept on the timeline).
    source_ref_cell: Option<String>,
}

/// One row's cells, and the errors found in them (each naming the row and the column).
struct RowCheck<'a> {
    row: &'a Row,
    errors: &'a mut Vec<RowError>,
}

impl<'a> RowCheck<'a> {
    fn text(&self, field: &str) -> Option<&'a str> {
        cell(self.row, header(field), field)
    }

    fn bad(&mut self, field: &str, message: String) {
        let value = self.row.raw(field).map(str::to_owned);
        self.errors.push(RowError { row: self.row.number, field: field.to_owned(), message, value });
    }

    fn date(&self, field: &str) -> Option<NaiveDate> {
        self.text(field).and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
    }

    /// The reader has reported nothing about `field` already (an unreadable date, say).
    fn unreported(&self, field: &str) -> bool {
        self.row.errors.iter().all(|e| e.field != field)
    }
}

/// Reads and checks a row's history; errors name the row and the column.
fn history_of(
    lookups: &Lookups,
    row: &Row,
    amount_involved: i64,
    today: NaiveDate,
    errors: &mut Vec<RowError>,
) -> Option<History> {
    let before = errors.len();
    let mut r = RowCheck { row, errors };
    let state = state_of(&mut r);
    let (responsible, cooperating) = units_of(&mut r, lookups);
    let (deadline, closed_on) = (r.date("deadline"), r.date("closed_at"));
    let mut v = Validator::default();
    let measures = v.optional_text("measures", r.text("measures"), 5000);
    let leader = v.optional_text("responsible_leader", r.text("responsible_leader"), 50);
    let person = v.optional_text("responsible_person", r.text("responsible_person"), 50);
    for e in v.errors {
        r.bad(&e.field, format!("「{}」{}", header(&e.field), e.message));
    }
    let resolved_fen = resolved_of(&mut r, amount_involved);
    let state = state?;
    check_lifecycle(&mut r, state, measures.is_some(), closed_on, today);
    (r.errors.len() == before).then_some(History {
        state,
        responsible,
        cooperating,
        deadline,
        measures,
        leader,
        person,
        resolved_fen,
        closed_on,
    })
}

fn state_of(r: &mut RowCheck<'_>) -> Option<State> {
    match r.text("state") {
        None => {
            r.bad("state", "「状态」不能为空: 请填写 自查、交办、整改、核查 或 销号".into());
            None
        }
        Some(s) => parse_state(s).or_else(|| {
            r.bad("state", format!("无法识别的状态「{s}」: 请填写 自查、交办、整改、核查 或 销号"));
            None
        }),
    }
}

/// The responsible unit and the cooperating ones (by full name, short name or alias).
fn units_of(r: &mut RowCheck<'_>, lookups: &Lookups) -> (Option<UnitId>, Vec<UnitId>) {
    let unit = |name: &str| -> Result<UnitId, String> {
        match tabular::values::match_name(name, &lookups.units, |u| (&u.name, &u.code, u.alias.as_deref())) {
            Ok(u) if u.active => Ok(u.id.clone()),
            Ok(u) => Err(format!("单位「{}」已停用", u.name)),
            Err(why) => Err(format!("单位{why}")),
        }
    };
    let responsible = match r.text("responsible_unit").map(unit) {
        Some(Ok(u)) => Some(u),
        Some(Err(m)) => {
            r.bad("responsible_unit", m);
            None
        }
        None => None,
    };
    let mut cooperating: Vec<UnitId> = Vec::new();
    let names = r.text("cooperating_units").unwrap_or_default();
    for name in names.split(['、', ',', '，', ';', '；', '/', '\n']).map(str::trim).filter(|n| !n.is_empty()) {
        match unit(name) {
            Ok(u) if Some(&u) == responsible.as_ref() => {
                r.bad("cooperating_units", format!("配合单位「{name}」与责任单位相同"));
            }
            Ok(u) if cooperating.contains(&u) => r.bad("cooperating_units", format!("配合单位「{name}」重复")),
            Ok(u) => cooperating.push(u),
            Err(m) => r.bad("cooperating_units", format!("配合{m}")),
        }
    }
    (responsible, cooperating)
}

/// 已化解金额 in fen: at most the amount involved.
fn resolved_of(r: &mut RowCheck<'_>, amount_involved: i64) -> i64 {
    let Some(yuan) = r.text("amount_resolved") else { return 0 };
    match money::parse_yuan(yuan) {
        Ok(fen) if fen > amount_involved => {
            r.bad("amount_resolved", "「已化解金额」不能超过涉及金额".into());
            0
        }
        Ok(fen) => fen,
        Err(m) => {
            r.bad("amount_resolved", m.to_owned());
            0
        }
    }
}

/// What the lifecycle requires on the way to `state`, and nothing the state cannot have yet.
fn check_lifecycle(
    r: &mut RowCheck<'_>,
    state: State,
    has_measures: bool,
    closed_on: Option<NaiveDate>,
    today: NaiveDate,
) {
    let label = state.label();
    let assigned = state != State::SelfCheck;
    let accepted = matches!(state, State::Rectifying | State::Verifying | State::Closed);
    if assigned && r.text("responsible_unit").is_none() {
        r.bad("responsible_unit", format!("「{label}」状态的问题须填写「责任单位」"));
    }
    if assigned && r.date("deadline").is_none() && r.unreported("deadline") {
        r.bad("deadline", format!("「{label}」状态的问题须填写「整改时限」"));
    }
    if accepted && !has_measures {
        r.bad("measures", format!("「{label}」状态的问题须填写「整改措施」"));
    }
    if state == State::Closed && closed_on.is_none() && r.unreported("closed_at") {
        r.bad("closed_at", "「销号」状态的问题须填写「销号日期」".into());
    }
    if !assigned {
        for field in ["responsible_unit", "cooperating_units", "deadline"] {
            if r.text(field).is_some() {
                r.bad(field, format!("「自查」状态的问题尚未交办, 不应填写「{}」", header(field)));
            }
        }
    }
    if !accepted && r.text("measures").is_some() {
        r.bad("measures", format!("「{label}」状态的问题尚未签收整改, 不应填写「整改措施」"));
    }
    if state != State::Closed && r.text("closed_at").is_some() {
        r.bad("closed_at", format!("「{label}」状态的问题尚未销号, 不应填写「销号日期」"));
    }
    if closed_on.is_some_and(|d| d > today) {
        r.bad("closed_at", "「销号日期」不能晚于今天".into());
    }
}

/// Checks every row: registration fields as an ordinary import does, then the history.
fn check_rows(
    conn: &mut DbConnection,
    cx: &Context,
    lookups: &Lookups,
    rows: &[Row],
    errors: &mut Vec<RowError>,
) -> Result<Vec<Migrant>, ApiError> {
    let today = cx.clock.today();
    let mut valid = Vec::new();
    let mut seen: HashMap<(String, String), usize> = HashMap::new();
    for row in rows {
        let mut v = Validator::default();
        let (mut cmd, reporting) = command_of(lookups, cx, row, &mut v);
        let source_ref_cell = cmd.source_ref.clone();
        if let Some(old) = cell(row, "编号", "number") {
            cmd.source_ref = Some(old.to_owned());
        }
        let new = register::check(conn, cx, &lookups.registration, &cmd, reporting, &mut v)?;
        let mut row_errs = Vec::new();
        let ok = v.is_ok() && row.errors.is_empty();
        if !ok {
            row_errs.extend(row_errors(row, v.errors));
        } else {
            row_errs.extend(unread(row));
        }
        let amount = new.as_ref().map_or(0, |n| n.amount_involved_fen);
        let history = history_of(lookups, row, amount, today, &mut row_errs);
        row_errs.dedup_by(|a, b| a.field == b.field && a.message == b.message);
        let (Some(new), Some(history), true) = (new, history, row_errs.is_empty()) else {
            errors.extend(row_errs);
            continue;
        };
        let Some(r) = &new.source_ref else {
            // Without a reference a second run would migrate the ledger twice.
            errors.push(RowError {
                row: row.number,
                field: "number".into(),
                message: "迁移导入的每一行须有原台账的「编号」(或「来源编号」), 重复导入时据此识别; 只有「序号」时可把该列改名为「编号」".into(),
                value: None,
            });
            continue;
        };
        if let Some(first) = seen.insert((new.source.clone(), r.clone()), row.number) {
            let field = if cell(row, "编号", "number").is_some() { "number" } else { "source_ref" };
            errors.push(RowError {
                row: row.number,
                field: field.into(),
                message: format!("与第 {first} 行的编号重复"),
                value: Some(r.clone()),
            });
            continue;
        }
        valid.push(Migrant { row: row.number, new, history, source_ref_cell });
    }
    Ok(valid)
}

/// Whether a problem already migrated from this row still says what the row says.
fn same(m: &Migrant, i: &Issue) -> bool {
    let (n, h) = (&m.new, &m.history);
    n.title == i.title
        && n.description == i.description
        && n.category == i.category
        && n.problem_type == i.problem_type
        && n.enterprise_name == i.enterprise_name
        && n.enterprise_uscc == i.enterprise_uscc
        && n.amount_involved_fen == i.amount_involved_fen
        && h.state == i.state
        && h.responsible == i.responsible_unit_id
        && h.deadline == i.deadline
        && h.measures == i.measures
        && h.resolved_fen == i.amount_resolved_fen
}

/// The system actor a migration is attributed to, naming the office user who imported.
fn migration_actor(cx: &Context) -> Actor {
    let mut actor = cx.actor();
    actor.kind = ActorKind::System;
    actor.name = Some(format!("迁移导入 ({})", cx.principal.username));
    actor
}

/// The audit record of a refused migration (the caller lacks `migrate_issues`), committed in
/// the caller's transaction; answers the refusal to send.
pub fn refuse_unpermitted(conn: &mut DbConnection, cx: &Context) -> Result<Option<ApiError>, ApiError> {
    if cx.principal.can(Permission::MigrateIssues) {
        return Ok(None);
    }
    audit::append(conn, Entry::new(&cx.actor(), &cx.meta, "import.migrate", "import").result("denied"))?;
    Ok(Some(ApiError::forbidden("只有综合办公室可以迁移导入在办台账")))
}

/// 迁移导入: validates every row and, unless a dry run or any row is bad, writes them all in the
/// caller's transaction. `file_name` is recorded on each timeline entry and audit record.
pub fn migrate(
    conn: &mut DbConnection,
    cx: &Context,
    rows: &[Row],
    read: &tabular::ReadReport,
    file_name: &str,
    dry_run: bool,
    batch_source: Option<&str>,
) -> Result<ImportReport, ApiError> {
    cx.principal.require(Permission::ImportIssues)?;
    cx.principal.require(Permission::MigrateIssues)?;
    let lookups = Lookups::load(conn, batch_source)?;
    let tabular::ReadReport { sheet, header_rows, columns, mut skipped_rows, blank_rows } = read.clone();
    let mut errors = Vec::new();
    let mut warnings = reader_warnings(rows);
    let valid = check_rows(conn, cx, &lookups, rows, &mut errors)?;
    let (create, unchanged) = partition_known(conn, &valid, &mut skipped_rows)?;
    skipped_rows.sort_by_key(|s| s.row);
    errors.sort_by_key(|e| e.row);
    warnings.sort_by_key(|w| w.row);
    let mut failed: Vec<usize> = errors.iter().map(|e| e.row).collect();
    failed.dedup();
    let write = !dry_run && errors.is_empty();
    let mut report = ImportReport {
        dry_run,
        mode: ImportMode::Migrate,
        committed: false,
        total: rows.len(),
        created: if dry_run || write { create.len() } else { 0 },
        updated: 0,
        unchanged,
        failed: failed.len(),
        errors,
        warnings,
        ignored_columns: columns
            .iter()
            .filter(|c| c.status == tabular::MappingStatus::Ignored)
            .map(|c| c.column.clone())
            .collect(),
        sheet,
        header_rows,
        columns,
        skipped_rows,
        blank_rows,
        created_problems: Vec::new(),
        failed_rows: Vec::new(),
    };
    report.failed_rows = super::rows_in_error(rows, &report.errors);
    if write {
        report.created_problems = write_all(conn, cx, &create, file_name, &report)?;
        report.committed = true;
    }
    Ok(report)
}

/// The reader's warnings about the rows (values it had to round or read loosely).
fn reader_warnings(rows: &[Row]) -> Vec<RowWarning> {
    rows.iter()
        .flat_map(|row| {
            row.warnings.iter().map(|w| RowWarning {
                row: row.number,
                message: w.message.clone(),
                existing_id: None,
                field: Some(w.field.clone()),
                value: w.value.clone(),
            })
        })
        .collect()
}

/// Splits the valid rows into those to create and a count of those already migrated unchanged;
/// a row whose reference was migrated with other content is reported, not applied.
fn partition_known<'m>(
    conn: &mut DbConnection,
    valid: &'m [Migrant],
    skipped_rows: &mut Vec<SkippedRow>,
) -> Result<(Vec<&'m Migrant>, usize), ApiError> {
    let mut known: HashMap<(String, String), Issue> = HashMap::new();
    let mut by_source: HashMap<&str, Vec<String>> = HashMap::new();
    for m in valid {
        if let Some(r) = &m.new.source_ref {
            by_source.entry(m.new.source.as_str()).or_default().push(r.clone());
        }
    }
    for (source, refs) in by_source {
        for i in store::issues::find_by_refs(conn, source, &refs)? {
            known.insert((i.source.clone(), i.source_ref.clone().unwrap_or_default()), i);
        }
    }
    let (mut create, mut unchanged) = (Vec::new(), 0usize);
    for m in valid {
        let Some(i) = m.new.source_ref.as_ref().and_then(|r| known.get(&(m.new.source.clone(), r.clone()))) else {
            create.push(m);
            continue;
        };
        if same(m, i) {
            unchanged += 1;
        } else {
            skipped_rows.push(SkippedRow {
                row: m.row,
                reason: SkipReason::Existing,
                message: format!(
                    "编号 {} 已导入为问题 {}, 本行与之不同: 修改未应用",
                    m.new.source_ref.as_deref().unwrap_or(""),
                    i.number
                ),
                existing_id: Some(i.id.clone()),
            });
        }
    }
    Ok((create, unchanged))
}

/// Numbers and writes the migrated problems with their memberships, one `迁移导入` timeline entry
/// and one audit record each (and one for the run), in multi-row statements.
fn write_all(
    conn: &mut DbConnection,
    cx: &Context,
    create: &[&Migrant],
    file_name: &str,
    report: &ImportReport,
) -> Result<Vec<CreatedProblem>, ApiError> {
    let now = cx.clock.now();
    let actor = migration_actor(cx);
    let series: Vec<&(String, String)> = create.iter().map(|m| &m.new.series).collect();
    let numbers = register::reserve_numbers(conn, &series)?;
    let mut issues = Vec::with_capacity(create.len());
    let mut members = Vec::new();
    let mut steps = Vec::with_capacity(create.len());
    for (m, number) in create.iter().zip(numbers) {
        let issue = issue_of(m, number, cx, now);
        members.push((issue.id.clone(), issue.reporting_unit_id.clone(), Relation::Reporting, now));
        if let Some(u) = &issue.responsible_unit_id {
            members.push((issue.id.clone(), u.clone(), Relation::Responsible, now));
        }
        members.extend(m.history.cooperating.iter().map(|u| (issue.id.clone(), u.clone(), Relation::Cooperating, now)));
        steps.push(migration_step(m, &issue, cx, file_name));
        issues.push(issue);
    }
    store::issues::insert_many(conn, &issues)?;
    store::issues::insert_units_many(conn, &members)?;
    store::issues::insert_transitions(conn, &steps)?;
    let openings: Vec<_> = issues
        .iter()
        .filter(|i| i.amount_resolved_fen > 0)
        .map(|i| {
            crate::service::issues::payments::opening_record(
                cx,
                i,
                &format!("期初结转: 迁移导入 {file_name} 时已化解的金额"),
            )
        })
        .collect();
    store::payments::insert_many(conn, &openings)?;
    let facts: Vec<_> = create.iter().filter_map(|m| m.new.facts.clone()).collect();
    store::facts::insert_many(conn, &facts)?;
    let mut entries = vec![Entry::new(&actor, &cx.meta, "import.migrate", "import").after(json!({
        "file": file_name, "total": report.total, "created": issues.len(), "unchanged": report.unchanged,
    }))];
    entries
        .extend(issues.iter().map(|i| Entry::new(&actor, &cx.meta, "issue.migrate", "issue").entity(&i.id).after(i)));
    entries.extend(
        facts.iter().map(|f| Entry::new(&actor, &cx.meta, "issue.facts", "issue").entity(&f.issue_id).after(f)),
    );
    audit::append_many(conn, entries)?;
    Ok(create.iter().zip(issues).map(|(m, i)| CreatedProblem { row: m.row, id: i.id, number: i.number }).collect())
}

/// The problem a checked row becomes: its registration, in the state its history gives.
fn issue_of(m: &Migrant, number: String, cx: &Context, now: chrono::NaiveDateTime) -> Issue {
    let (n, h) = (m.new.clone(), &m.history);
    let noon = NaiveTime::from_hms_opt(4, 0, 0).expect("valid time"); // 12:00 in Asia/Shanghai
    Issue {
        id: n.id,
        number,
        campaign_id: n.campaign_id,
        title: n.title,
        description: n.description,
        category: n.category,
        problem_type: n.problem_type,
        arrear_object: n.arrear_object,
        source: n.source,
        source_ref: n.source_ref,
        enterprise_name: n.enterprise_name,
        enterprise_uscc: n.enterprise_uscc,
        enterprise_contact: n.enterprise_contact,
        enterprise_phone: n.enterprise_phone,
        amount_involved_fen: n.amount_involved_fen,
        amount_resolved_fen: h.resolved_fen,
        group_id: n.group_id,
        responsible_unit_id: h.responsible.clone(),
        reporting_unit_id: n.reporting_unit_id,
        deadline: h.deadline,
        measures: h.measures.clone(),
        responsible_leader: h.leader.clone(),
        responsible_person: h.person.clone(),
        state: h.state,
        closure_kind: (h.state == State::Closed).then_some(ClosureKind::Rectified),
        version: 1,
        created_by_kind: ActorKind::System,
        created_by_id: cx.principal.subject_id(),
        created_at: now,
        updated_at: now,
        closed_at: h.closed_on.map(|d| d.and_time(noon)),
        migrated: true,
    }
}

/// The problem's one timeline entry, `迁移导入`: who brought it from which file and row.
fn migration_step(m: &Migrant, issue: &Issue, cx: &Context, file_name: &str) -> Transition {
    let payload = json!({
        "file": file_name, "row": m.row, "imported_by": cx.principal.username,
        "source_ref": issue.source_ref, "source_ref_cell": m.source_ref_cell,
        "responsible_unit_id": issue.responsible_unit_id, "cooperating_unit_ids": m.history.cooperating,
        "deadline": issue.deadline, "closed_on": m.history.closed_on,
    });
    Transition {
        id: crate::db::TransitionId::new(),
        issue_id: issue.id.clone(),
        action: Step::Migrate,
        from_state: crate::db::types::PriorState(None),
        to_state: issue.state,
        actor_kind: ActorKind::System,
        actor_id: cx.principal.subject_id(),
        actor_name: cx.principal.username.clone(),
        actor_unit_id: Some(cx.principal.unit_id.clone()),
        comment: Some(format!(
            "{} 从文件「{file_name}」第 {} 行迁移导入, 状态「{}」",
            cx.principal.username,
            m.row,
            issue.state.label()
        )),
        payload_json: Some(payload.to_string()),
        created_at: issue.created_at,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_as_ledgers_write_them() {
        assert_eq!(parse_state("整改"), Some(State::Rectifying));
        assert_eq!(parse_state(" 销号 "), Some(State::Closed));
        assert_eq!(parse_state("Verifying"), Some(State::Verifying));
        assert_eq!(parse_state("整改中"), Some(State::Rectifying));
        assert_eq!(parse_state("已销号"), Some(State::Closed));
        assert_eq!(parse_state("完成"), None);
    }

    #[test]
    fn the_migration_template_knows_every_column() {
        LazyLock::force(&MIGRATE_TEMPLATE);
        for (h, f, ..) in MIGRATION_COLUMNS {
            assert!(tabular::header::is_known(f), "{f} is in columns.json");
            assert_eq!(header(f), h);
        }
    }
}
