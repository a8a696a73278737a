//! From raw cells to rows: the header found among the first rows, columns mapped, rows above the
//! header, blank rows and total rows skipped and reported, values read by the kind of their
//! column. Every format's reader feeds rows here one at a time and stops when this says so. The
//! types it builds live in [`super::row`].

use std::{borrow::Cow, collections::HashMap};

use chrono::NaiveDate;

use super::{
    Refusal,
    bounds::{HEADER_SCAN_ROWS, Limit, MAX_COLUMNS, MAX_ROWS, MAX_TEXT},
    header::{self, ColumnMapping, Kind, MappingStatus, Meaning},
    values::{self, AmountUnit},
};
use crate::domain::money;

use super::row::Cell;
pub use super::row::{
    CellNote, EXAMPLE_MARK, RawCell, RawValue, ReadReport, Row, Sheet, SkipReason, SkippedRow, Template, TemplateField,
};

#[derive(Debug, Clone, Copy)]
struct Slot {
    index: u16,
    kind: Kind,
    unit: AmountUnit,
}

struct Layout {
    /// The last header row: data starts below it.
    last_header_row: usize,
    /// By column: the field read from it.
    slots: Vec<Option<Slot>>,
    /// Columns beyond this have no header.
    width: usize,
    /// The export writes `【title】description` and no title column.
    title_from_description: bool,
}

/// JSON: how each key was understood.
#[derive(Default)]
struct Keys {
    slots: HashMap<String, Option<Slot>>,
}

/// Builds rows from raw cells, one row at a time.
pub struct Assembler {
    template: Template,
    pub date1904: bool,
    /// CSV: content beyond the header's columns is refused (an unquoted comma shifts columns).
    pub strict_width: bool,
    pending: Vec<(usize, Vec<RawCell<'static>>)>,
    layout: Option<Layout>,
    keys: Keys,
    rows: Vec<Row>,
    report: ReadReport,
    data_rows: usize,
    text: usize,
    stated_unit: Option<AmountUnit>,
}

const TOTALS: [&str; 8] = ["合计", "小计", "总计", "共计", "累计", "本页合计", "本页小计", "合计金额"];
const NOTES: [&str; 20] = [
    "填报单位",
    "填报日期",
    "填表日期",
    "报送日期",
    "制表日期",
    "填表人",
    "填报人",
    "制表人",
    "审核人",
    "审批人",
    "单位负责人",
    "负责人",
    "分管领导",
    "联系人",
    "联系电话",
    "备注",
    "说明",
    "注",
    "单位",
    "签字",
];

fn is_total(text: &str) -> bool {
    if text.len() > header::MAX_HEADER_BYTES {
        return false;
    }
    let k = header::key(text);
    let base = k.split('(').next().unwrap_or(&k);
    TOTALS.contains(&base)
}

fn is_note(text: &str) -> bool {
    // The label is at the start: a few characters say whether it is one.
    let head: String = text.chars().take(16).collect();
    let t: String = values::half_width(&head).chars().filter(|c| !values::is_space(*c)).collect();
    NOTES.iter().any(|n| t.strip_prefix(n).is_some_and(|rest| rest.starts_with(':')))
}

/// Shortens a long text for a report line.
fn excerpt(text: &str) -> String {
    let mut out: String = text.chars().take(60).collect();
    if out.len() < text.len() {
        out.push('…');
    }
    out
}

impl Assembler {
    pub fn new(template: &Template) -> Assembler {
        Assembler {
            template: template.clone(),
            date1904: false,
            strict_width: false,
            pending: Vec::new(),
            layout: None,
            keys: Keys::default(),
            rows: Vec::new(),
            report: ReadReport::default(),
            data_rows: 0,
            text: 0,
            stated_unit: None,
        }
    }

    pub fn set_sheet(&mut self, name: &str) {
        self.report.sheet = Some(name.to_owned());
    }

    fn text_of<'c>(&self, v: &'c RawValue<'_>) -> Cow<'c, str> {
        v.text(self.date1904)
    }

    /// One row of a sheet or CSV, `number` as the user sees it. Cells may come in any order;
    /// empty ones may be left out.
    pub fn push(&mut self, number: usize, cells: Vec<RawCell<'_>>) -> Result<(), Refusal> {
        if cells.iter().any(|c| c.col >= MAX_COLUMNS && !c.value.is_empty()) {
            let col = cells.iter().filter(|c| !c.value.is_empty()).map(|c| c.col).max().unwrap_or(0);
            return Err(Refusal::limit(
                Limit::Columns,
                format!(
                    "第 {number} 行第 {} 列有内容: 最多读取 {MAX_COLUMNS} 列, 请删去多余的列后导入",
                    header::letter(col)
                ),
            ));
        }
        if self.layout.is_none() {
            if cells.iter().all(|c| c.value.is_empty()) {
                return Ok(());
            }
            self.pending.push((number, cells.into_iter().map(RawCell::into_owned).collect()));
            if self.pending.len() >= HEADER_SCAN_ROWS {
                self.decide_header()?;
            }
            return Ok(());
        }
        self.data_row(number, &cells)
    }

    /// Chooses the header among the buffered rows, reports the rows above it and reads the rows
    /// below it.
    fn decide_header(&mut self) -> Result<(), Refusal> {
        let pending = std::mem::take(&mut self.pending);
        let texts: Vec<Vec<(usize, String)>> = pending
            .iter()
            .map(|(_, cells)| cells.iter().map(|c| (c.col, self.text_of(&c.value).into_owned())).collect())
            .collect();
        let scores: Vec<usize> = texts.iter().map(|r| header::score(r.iter().map(|(_, t)| t.as_str()))).collect();
        // The best single row, earliest on a tie; a header needs two known columns, otherwise
        // the first row is taken as the header (and the missing columns are reported).
        let mut best = (0usize, 1usize, scores.first().copied().unwrap_or(0));
        for (i, s) in scores.iter().enumerate() {
            if *s > best.2 {
                best = (i, 1, *s);
            }
        }
        // A header over two rows (group labels above, merged cells): the lower row's name
        // where it is known, the upper one's otherwise.
        let merged = |i: usize| -> Vec<(usize, String)> {
            let mut by_col: std::collections::BTreeMap<usize, String> = texts[i].iter().cloned().collect();
            for (col, t) in &texts[i + 1] {
                let known = !matches!(header::meaning(t, |_| None), Meaning::Unknown);
                let upper_known =
                    by_col.get(col).is_some_and(|u| !matches!(header::meaning(u, |_| None), Meaning::Unknown));
                if (known || !upper_known) && !t.is_empty() {
                    by_col.insert(*col, t.clone());
                }
            }
            by_col.into_iter().collect()
        };
        for i in 0..texts.len().saturating_sub(1) {
            if pending[i + 1].0 != pending[i].0 + 1 {
                continue;
            }
            let s = header::score(merged(i).iter().map(|(_, t)| t.as_str()));
            if s > best.2 && s > scores[i] && s > scores[i + 1] {
                best = (i, 2, s);
            }
        }
        if best.2 < 2 {
            best = (0, 1, best.2);
        }
        let (start, count, _) = best;
        let header_cells = if count == 2 { merged(start) } else { texts[start].clone() };
        for (i, (number, _)) in pending[..start].iter().enumerate() {
            let line: Vec<&str> = texts[i].iter().map(|(_, t)| t.as_str()).filter(|t| !t.is_empty()).collect();
            if let Some(unit) = line.iter().find_map(|t| header::stated_unit(t)) {
                self.stated_unit = Some(unit);
            }
            self.report.skipped_rows.push(SkippedRow {
                row: *number,
                reason: SkipReason::AboveHeader,
                message: excerpt(&line.join(" ")),
                existing_id: None,
            });
        }
        self.report.header_rows = pending[start..start + count].iter().map(|(n, _)| *n).collect();
        let layout = self.layout_of(&header_cells, pending[start + count - 1].0)?;
        self.layout = Some(layout);
        for (number, cells) in pending.into_iter().skip(start + count) {
            self.data_row(number, &cells)?;
        }
        Ok(())
    }

    fn layout_of(&mut self, header_cells: &[(usize, String)], last_header_row: usize) -> Result<Layout, Refusal> {
        let width = header_cells.iter().filter(|(_, t)| !t.is_empty()).map(|(c, _)| c + 1).max().unwrap_or(0);
        let mut slots: Vec<Option<Slot>> = vec![None; width];
        let mut taken: HashMap<usize, String> = HashMap::new();
        let mut columns = Vec::new();
        let template = self.template.clone();
        for (col, text) in header_cells {
            if text.is_empty() {
                continue;
            }
            let (mapping, slot) = self.map_column(&template, text, Some(*col))?;
            if let Some(slot) = slot {
                if let Some(first) = taken.insert(slot.index as usize, text.clone()) {
                    let field = template.field(slot.index as usize);
                    return Err(Refusal::columns(
                        "duplicate_columns",
                        format!(
                            "第 {last_header_row} 行的表头中「{first}」和「{text}」都是「{}」, 请只保留一列",
                            if field.header.is_empty() { field.field } else { field.header }
                        ),
                        vec![first, text.clone()],
                    ));
                }
                slots[*col] = Some(slot);
            }
            columns.push(mapping);
        }
        let title_from_description = template.index("title").is_some_and(|t| !taken.contains_key(&t))
            && template.index("description").is_some_and(|d| taken.contains_key(&d));
        self.report.columns = columns;
        Ok(Layout { last_header_row, slots, width, title_from_description })
    }

    /// What a column (or JSON key) is read as.
    fn map_column(
        &self,
        template: &Template,
        text: &str,
        col: Option<usize>,
    ) -> Result<(ColumnMapping, Option<Slot>), Refusal> {
        let letter = col.map(header::letter);
        let mapping = |field: Option<&str>, status, unit, note: Option<String>| ColumnMapping {
            column: text.to_owned(),
            letter: letter.clone(),
            field: field.map(str::to_owned),
            status,
            unit,
            note,
        };
        match header::meaning(text, |f| template.header_of(f)) {
            Meaning::UnknownUnit { remark, .. } => Err(Refusal::columns(
                "unknown_amount_unit",
                format!(
                    "{}列「{text}」的金额单位「{remark}」无法识别: 请在表头写明 元、千元 或 万元, 如「涉及金额（万元）」",
                    letter.as_deref().map(|l| format!("第 {l} ")).unwrap_or_default()
                ),
                vec![text.to_owned()],
            )),
            Meaning::Unknown => {
                let note = header::key(text).contains("金额").then(|| {
                    "未识别为涉及金额; 如本列就是涉及金额, 请把表头改为「涉及金额（元）」或「涉及金额（万元）」"
                        .to_owned()
                });
                Ok((mapping(None, MappingStatus::Ignored, None, note), None))
            }
            Meaning::Field { field, kind, unit, exact } => match template.index(field) {
                None => {
                    let note = header::unused_note(field).map(str::to_owned);
                    Ok((mapping(Some(field), MappingStatus::NotApplicable, None, note), None))
                }
                Some(index) => {
                    let (unit, note) = match (kind, unit, self.stated_unit) {
                        (Kind::Amount, Some(u), _) => (Some(u), None),
                        (Kind::Amount, None, Some(u)) => {
                            (Some(u), Some(format!("表头未注明单位, 按表格上方「单位：{}」计", u.label())))
                        }
                        (Kind::Amount, None, None) => (
                            Some(AmountUnit::Yuan),
                            (field != "amount_involved_fen").then(|| "表头未注明单位, 按元计".to_owned()),
                        ),
                        _ => (None, None),
                    };
                    let status = if exact { MappingStatus::Recognised } else { MappingStatus::Synonym };
                    let slot = Slot { index: index as u16, kind, unit: unit.unwrap_or(AmountUnit::Yuan) };
                    Ok((mapping(Some(field), status, unit, note), Some(slot)))
                }
            },
        }
    }

    fn data_row(&mut self, number: usize, cells: &[RawCell<'_>]) -> Result<(), Refusal> {
        if cells.iter().all(|c| c.value.is_empty()) {
            self.report.blank_rows += 1;
            return Ok(());
        }
        self.data_rows += 1;
        if self.data_rows > MAX_ROWS {
            return Err(Refusal::limit(
                Limit::Rows,
                format!("一次最多导入 {MAX_ROWS} 行: 第 {number} 行已是第 {} 个数据行, 请拆分后导入", self.data_rows),
            ));
        }
        let texts: Vec<Cow<'_, str>> = cells.iter().map(|c| self.text_of(&c.value)).collect();
        let filled: Vec<&str> = texts.iter().map(|t| t.as_ref()).filter(|t| !t.is_empty()).collect();
        if filled.iter().any(|t| is_total(t)) {
            self.skip(number, SkipReason::Total, format!("合计行, 已跳过: {}", excerpt(&filled.join(" "))));
            return Ok(());
        }
        if filled.len() <= 4 && filled.iter().all(|t| is_note(t)) {
            self.skip(number, SkipReason::Note, format!("表尾说明, 已跳过: {}", excerpt(&filled.join(" "))));
            return Ok(());
        }
        let layout = self.layout.as_ref().expect("header decided");
        let mut row = Row {
            number,
            template: self.template.clone(),
            cells: Vec::new(),
            errors: Vec::new(),
            warnings: Vec::new(),
        };
        for (cell, text) in cells.iter().zip(&texts) {
            if text.is_empty() {
                continue;
            }
            match layout.slots.get(cell.col) {
                Some(Some(slot)) => self.read_cell(&mut row, *slot, &cell.value, text),
                Some(None) => {}
                None if self.strict_width => {
                    return Err(Refusal::unreadable(format!(
                        "CSV 第 {number} 行第 {} 列有内容, 但表头只有 {} 列: 可能是金额中的逗号未加引号, 或多出了列",
                        cell.col + 1,
                        layout.width
                    )));
                }
                None => row.warnings.push(CellNote {
                    field: header::letter(cell.col),
                    message: format!("第 {} 列有内容, 但该列没有表头, 未导入", header::letter(cell.col)),
                    value: Some(text.to_string()),
                }),
            }
        }
        if row.get("title").is_some_and(|t| t.starts_with(EXAMPLE_MARK)) {
            self.skip(number, SkipReason::Example, "模板的示例行, 已跳过".into());
            return Ok(());
        }
        if layout.title_from_description {
            split_title(&mut row);
        }
        self.keep(row)
    }

    fn skip(&mut self, row: usize, reason: SkipReason, message: String) {
        self.report.skipped_rows.push(SkippedRow { row, reason, message, existing_id: None });
    }

    fn keep(&mut self, row: Row) -> Result<(), Refusal> {
        self.text += row.text_len();
        if self.text > MAX_TEXT {
            return Err(Refusal::limit(
                Limit::Text,
                format!("文件中的文字超过 {} MB (读到第 {} 行时): 请拆分后导入", MAX_TEXT / (1024 * 1024), row.number),
            ));
        }
        self.rows.push(row);
        Ok(())
    }

    /// Reads one cell into the row by the kind of its column.
    fn read_cell(&self, row: &mut Row, slot: Slot, value: &RawValue<'_>, text: &str) {
        let field = self.template.field(slot.index as usize).field;
        let mut error = |message: String| {
            row.errors.push(CellNote { field: field.to_owned(), message, value: Some(text.to_owned()) });
        };
        let read: Option<String> = match slot.kind {
            Kind::Text | Kind::Unit => {
                // The export puts an apostrophe before text a spreadsheet would take for a
                // formula; reading it back takes it off again.
                let mut chars = text.chars();
                match (chars.next(), chars.next()) {
                    (Some('\''), Some('=' | '+' | '-' | '@' | '\t' | '\r')) => Some(text[1..].to_owned()),
                    _ => None,
                }
            }
            Kind::Amount => {
                let result = match value {
                    RawValue::Number(n) | RawValue::DateSerial(n) => values::amount_number(*n, slot.unit),
                    RawValue::Text(t) => values::amount_text(t, slot.unit),
                    RawValue::Bool(_) | RawValue::Error(_) => Err("金额应为数字, 如 12345.67".to_owned()),
                };
                match result {
                    Ok(fen) => {
                        if let Some(note) = fen.note {
                            row.warnings.push(CellNote {
                                field: field.to_owned(),
                                message: note,
                                value: Some(text.to_owned()),
                            });
                        }
                        Some(money::format_yuan(fen.fen))
                    }
                    Err(message) => {
                        error(message);
                        return;
                    }
                }
            }
            Kind::Date => {
                let date: Option<NaiveDate> = match value {
                    RawValue::Number(n) | RawValue::DateSerial(n) => values::excel_serial_date(*n, self.date1904),
                    RawValue::Text(t) => values::date_text(t).or_else(|| {
                        // A serial number stored as text.
                        let t = values::trim(t);
                        (t.len() <= 7 && !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()))
                            .then(|| t.parse::<f64>().ok())
                            .flatten()
                            .and_then(|n| values::excel_serial_date(n, self.date1904))
                    }),
                    _ => None,
                };
                match date {
                    Some(d) => Some(d.to_string()),
                    None => {
                        error(format!("无法识别的日期「{text}」: 请写成 2024-06-30 或 2024年6月30日"));
                        return;
                    }
                }
            }
            Kind::Bool => {
                let b = match value {
                    RawValue::Bool(b) => Some(*b),
                    _ => values::bool_text(text),
                };
                match b {
                    Some(b) => Some(b.to_string()),
                    None => {
                        error(format!("「{text}」应为 是 或 否"));
                        return;
                    }
                }
            }
        };
        row.cells.push(Cell { slot: slot.index, raw: text.into(), value: read.map(String::into_boxed_str) });
    }

    /// One JSON object: keys are column names (API field names or headers).
    pub fn push_object(&mut self, number: usize, pairs: Vec<(String, RawValue<'_>)>) -> Result<(), Refusal> {
        if self.layout.is_none() {
            self.layout =
                Some(Layout { last_header_row: 0, slots: Vec::new(), width: 0, title_from_description: false });
        }
        self.data_rows += 1;
        if self.data_rows > MAX_ROWS {
            return Err(Refusal::limit(
                Limit::Rows,
                format!("一次最多导入 {MAX_ROWS} 行: 第 {number} 项超出, 请拆分后导入"),
            ));
        }
        let template = self.template.clone();
        let mut row =
            Row { number, template: template.clone(), cells: Vec::new(), errors: Vec::new(), warnings: Vec::new() };
        for (key, value) in pairs {
            let slot = match self.keys.slots.get(&key) {
                Some(s) => *s,
                None => {
                    if self.keys.slots.len() >= MAX_COLUMNS {
                        return Err(Refusal::limit(
                            Limit::Columns,
                            format!("JSON 中不同的字段名超过 {MAX_COLUMNS} 个 (第 {number} 项)"),
                        ));
                    }
                    let (mapping, slot) = self.map_column(&template, &key, None)?;
                    self.report.columns.push(mapping);
                    self.keys.slots.insert(key.clone(), slot);
                    slot
                }
            };
            let Some(slot) = slot else { continue };
            let text = value.text(false).into_owned();
            if text.is_empty() {
                continue;
            }
            if row.cells.iter().any(|c| c.slot == slot.index) {
                return Err(Refusal::unreadable(format!(
                    "第 {number} 项中「{key}」与另一个字段都是「{}」",
                    template.field(slot.index as usize).field
                )));
            }
            self.read_cell(&mut row, slot, &value, &text);
        }
        if row.cells.is_empty() {
            self.report.blank_rows += 1;
            return Ok(());
        }
        if row.get("title").is_some_and(|t| t.starts_with(EXAMPLE_MARK)) {
            self.skip(number, SkipReason::Example, "模板的示例行, 已跳过".into());
            return Ok(());
        }
        self.keep(row)
    }

    /// Vertically merged data cells (`A5:A7`) hold their value in the top cell only; a clerk
    /// means it for every row of the merge.
    pub fn apply_merges(&mut self, merges: &[(usize, usize, usize, usize)]) -> Result<(), Refusal> {
        if merges.is_empty() {
            return Ok(());
        }
        // A short sheet's header is still undecided: decide it now, the rows are all here.
        if self.layout.is_none() && !self.pending.is_empty() {
            self.decide_header()?;
        }
        let Some(layout) = &self.layout else { return Ok(()) };
        let mut added = 0usize;
        for &(r1, c1, r2, _) in merges {
            if r2 <= r1 || r1 <= layout.last_header_row {
                continue;
            }
            let Some(Some(slot)) = layout.slots.get(c1) else { continue };
            let Ok(top) = self.rows.binary_search_by_key(&r1, |r| r.number) else { continue };
            let Some(cell) = self.rows[top].cells.iter().find(|c| c.slot == slot.index).cloned() else { continue };
            let start = top + 1;
            for row in self.rows[start..].iter_mut().take_while(|r| r.number <= r2) {
                let field = self.template.field(slot.index as usize).field;
                if !row.cells.iter().any(|c| c.slot == slot.index) && !row.errors.iter().any(|e| e.field == field) {
                    added += cell.raw.len() + cell.value.as_ref().map_or(0, |v| v.len());
                    row.cells.push(cell.clone());
                }
            }
        }
        self.text += added;
        if self.text > MAX_TEXT {
            return Err(Refusal::limit(
                Limit::Text,
                format!("文件中的文字超过 {} MB: 请拆分后导入", MAX_TEXT / (1024 * 1024)),
            ));
        }
        Ok(())
    }

    /// The rows and the report; refuses a file without a header, without data or without a
    /// required column.
    pub fn finish(mut self) -> Result<Sheet, Refusal> {
        if self.layout.is_none() {
            if self.pending.is_empty() {
                return Err(Refusal::empty("文件为空或没有表头"));
            }
            self.decide_header()?;
        }
        let layout = self.layout.as_ref().expect("decided");
        let is_json = self.report.header_rows.is_empty();
        if !is_json {
            let mapped: Vec<usize> = layout.slots.iter().flatten().map(|s| s.index as usize).collect();
            let missing: Vec<&'static str> = self
                .template
                .0
                .fields
                .iter()
                .enumerate()
                .filter(|(i, (f, _))| {
                    f.required
                        && !mapped.contains(i)
                        && !(f.field == "title"
                            && layout.title_from_description
                            && self.rows.iter().any(|r| r.get("title").is_some()))
                })
                .map(|(_, (f, _))| f.header)
                .collect();
            if !missing.is_empty() {
                let at = self.report.header_rows.first().copied().unwrap_or(1);
                return Err(Refusal::columns(
                    "missing_columns",
                    format!(
                        "缺少必填列: {} (表头在第 {at} 行; 请使用导入模板, 或在前 {HEADER_SCAN_ROWS} 行内放置表头)",
                        missing.join("、")
                    ),
                    missing.iter().map(|s| s.to_string()).collect(),
                ));
            }
        }
        if self.rows.is_empty() {
            return Err(Refusal::empty("文件中没有数据行"));
        }
        Ok(Sheet { rows: self.rows, report: self.report })
    }
}

/// `【title】description`, as the export writes a problem, read back into both fields.
fn split_title(row: &mut Row) {
    let Some(title_slot) = row.template.index("title") else { return };
    let Some(desc_slot) = row.template.index("description") else { return };
    let Some(pos) = row.cells.iter().position(|c| c.slot as usize == desc_slot) else { return };
    let text = row.cells[pos].value.as_deref().unwrap_or(&row.cells[pos].raw).to_owned();
    let Some(rest) = text.strip_prefix('【') else { return };
    let Some((title, description)) = rest.split_once('】') else { return };
    let (title, description) = (values::trim(title).to_owned(), values::trim(description).to_owned());
    row.cells[pos].value = Some(description.into_boxed_str());
    row.cells.push(Cell { slot: title_slot as u16, raw: title.into_boxed_str(), value: None });
}
