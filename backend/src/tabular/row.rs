//! What reading a table produces: raw cells as a format's reader hands them over, the fields of
//! the import at hand ([`Template`]), rows of cells by field, and the report of how the file was
//! read. The [`super::sheet::Assembler`] builds them.

use std::{borrow::Cow, collections::HashMap, sync::Arc};

use serde::Serialize;
use utoipa::ToSchema;

use super::{
    header::{self, ColumnMapping, Kind},
    values,
};
use crate::db::IssueId;

/// Rows whose title starts with this are the template's example and are skipped.
pub const EXAMPLE_MARK: &str = "【示例】";

/// A cell as a file stores it.
#[derive(Debug, Clone, PartialEq)]
pub enum RawValue<'a> {
    Text(Cow<'a, str>),
    Number(f64),
    /// A number formatted as a date (Excel's serial day number).
    DateSerial(f64),
    Bool(bool),
    /// A spreadsheet error value (`#N/A`).
    Error(Cow<'a, str>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct RawCell<'a> {
    /// 0-based column.
    pub col: usize,
    pub value: RawValue<'a>,
}

impl RawCell<'_> {
    pub(super) fn into_owned(self) -> RawCell<'static> {
        let value = match self.value {
            RawValue::Text(t) => RawValue::Text(Cow::Owned(t.into_owned())),
            RawValue::Error(t) => RawValue::Error(Cow::Owned(t.into_owned())),
            RawValue::Number(n) => RawValue::Number(n),
            RawValue::DateSerial(n) => RawValue::DateSerial(n),
            RawValue::Bool(b) => RawValue::Bool(b),
        };
        RawCell { col: self.col, value }
    }
}

/// A number as a person reads it: integers without a spurious `.0` (codes and phone numbers
/// typed as numbers), others in their shortest exact form.
fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 { format!("{}", n as i64) } else { format!("{n}") }
}

impl RawValue<'_> {
    /// The value as text, as the sheet shows it.
    pub fn text(&self, date1904: bool) -> Cow<'_, str> {
        match self {
            RawValue::Text(t) | RawValue::Error(t) => Cow::Borrowed(values::trim(t)),
            RawValue::Number(n) => Cow::Owned(number_text(*n)),
            RawValue::DateSerial(n) => Cow::Owned(
                values::excel_serial_date(*n, date1904).map(|d| d.to_string()).unwrap_or_else(|| number_text(*n)),
            ),
            RawValue::Bool(b) => Cow::Borrowed(if *b { "TRUE" } else { "FALSE" }),
        }
    }

    pub(super) fn is_empty(&self) -> bool {
        match self {
            RawValue::Text(t) => values::trim(t).is_empty(),
            _ => false,
        }
    }
}

/// One field of the import at hand.
#[derive(Debug, Clone)]
pub struct TemplateField {
    /// The API field name (also a key of `columns.json`).
    pub field: &'static str,
    /// The template's Chinese header.
    pub header: &'static str,
    pub required: bool,
}

#[derive(Debug)]
pub(super) struct TemplateInner {
    pub(super) fields: Vec<(TemplateField, Kind)>,
    pub(super) by_name: HashMap<&'static str, usize>,
}

/// The fields an import reads; recognised columns outside it are reported as not applicable.
#[derive(Debug, Clone)]
pub struct Template(pub(super) Arc<TemplateInner>);

impl Template {
    /// Panics on a field missing from `columns.json` (a programming error, caught by tests).
    pub fn new(fields: impl IntoIterator<Item = TemplateField>) -> Template {
        let fields: Vec<(TemplateField, Kind)> = fields
            .into_iter()
            .map(|f| {
                let kind = header::kind_of(f.field).unwrap_or_else(|| panic!("{} is not in columns.json", f.field));
                (f, kind)
            })
            .collect();
        let mut by_name = HashMap::new();
        for (i, (f, _)) in fields.iter().enumerate() {
            by_name.insert(f.field, i);
            if !f.header.is_empty() {
                by_name.insert(f.header, i);
            }
        }
        Template(Arc::new(TemplateInner { fields, by_name }))
    }

    /// The same template with `field` no longer required (the importer supplied its value for
    /// the whole file).
    pub fn with_optional(&self, field: &str) -> Template {
        let mut inner = TemplateInner { fields: self.0.fields.clone(), by_name: self.0.by_name.clone() };
        for (f, _) in &mut inner.fields {
            if f.field == field {
                f.required = false;
            }
        }
        Template(Arc::new(inner))
    }

    pub(super) fn index(&self, field: &str) -> Option<usize> {
        self.0.fields.iter().position(|(f, _)| f.field == field)
    }

    pub(super) fn header_of(&self, field: &str) -> Option<&'static str> {
        self.0.fields.iter().find(|(f, _)| f.field == field).map(|(f, _)| f.header).filter(|h| !h.is_empty())
    }

    pub(super) fn field(&self, i: usize) -> &TemplateField {
        &self.0.fields[i].0
    }
}

/// An error or warning about one cell, echoing what the file holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellNote {
    pub field: String,
    pub message: String,
    /// The cell as written in the file.
    pub value: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) struct Cell {
    pub(super) slot: u16,
    /// As written in the file (trimmed).
    pub(super) raw: Box<str>,
    /// As read, when that differs from `raw` (amounts as yuan with two decimals, dates as
    /// `YYYY-MM-DD`, booleans as `true`/`false`).
    pub(super) value: Option<Box<str>>,
}

/// One data row: its number as the user sees it, and its cells by field.
#[derive(Debug, Clone)]
pub struct Row {
    pub number: usize,
    pub(super) template: Template,
    pub(super) cells: Vec<Cell>,
    /// Cells that could not be read (the row fails).
    pub errors: Vec<CellNote>,
    /// What was changed to read a cell (rounding) or left aside.
    pub warnings: Vec<CellNote>,
}

impl Row {
    fn cell(&self, name: &str) -> Option<&Cell> {
        let i = *self.template.0.by_name.get(name)?;
        self.cells.iter().find(|c| c.slot as usize == i)
    }

    /// The value of a field, by API field name or template header, as read.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.cell(name).map(|c| c.value.as_deref().unwrap_or(&c.raw))
    }

    /// The cell as written in the file.
    pub fn raw(&self, name: &str) -> Option<&str> {
        self.cell(name).map(|c| &*c.raw)
    }

    /// Every cell as written in the file, by API field name.
    pub fn raw_cells(&self) -> impl Iterator<Item = (&'static str, &str)> + '_ {
        self.cells.iter().map(|c| (self.template.field(c.slot as usize).field, &*c.raw))
    }

    pub(super) fn text_len(&self) -> usize {
        self.cells.iter().map(|c| c.raw.len() + c.value.as_ref().map_or(0, |v| v.len())).sum()
    }
}

/// Why a row was not read as a problem.
#[derive(Debug, Clone, Copy, Serialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum SkipReason {
    /// A title, a note or a unit line above the header.
    AboveHeader,
    /// 合计 / 小计 / 总计.
    Total,
    /// A note under the table (填表人：…, 备注：…).
    Note,
    /// The template's example row.
    Example,
    /// Its 编号 is a problem already registered.
    Existing,
}

#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct SkippedRow {
    pub row: usize,
    pub reason: SkipReason,
    /// What the row says, or why it was skipped.
    pub message: String,
    /// The problem the row is, for `existing`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub existing_id: Option<IssueId>,
}

/// How the file was read: where the header is, what each column became, which rows were left
/// aside and why.
#[derive(Debug, Clone, Default, Serialize, ToSchema, PartialEq)]
pub struct ReadReport {
    /// The sheet read (the first visible one), for workbooks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// The row(s) holding the header (two when a header spans two rows), as numbered in the
    /// file; empty for JSON.
    pub header_rows: Vec<usize>,
    pub columns: Vec<ColumnMapping>,
    pub skipped_rows: Vec<SkippedRow>,
    /// Blank rows between the data (skipped).
    pub blank_rows: usize,
}

/// A file read into rows.
#[derive(Debug)]
pub struct Sheet {
    pub rows: Vec<Row>,
    pub report: ReadReport,
}
