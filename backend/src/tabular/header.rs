//! Column names: normalising what offices type, the synonym table (`columns.json`), the unit of
//! an amount column, and which row of the first few is the header.

use std::{collections::HashMap, sync::LazyLock};

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::values::{AmountUnit, half_width, is_space};

/// How a field's values are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Text,
    /// Money, read exactly into fen in the column's unit.
    Amount,
    /// A calendar date, read into `YYYY-MM-DD`.
    Date,
    /// 是/否, read into `true`/`false`.
    Bool,
    /// The name of a unit (matched later against the organisation).
    Unit,
}

#[derive(Debug, Deserialize)]
struct KnownField {
    field: String,
    kind: Kind,
    names: Vec<String>,
    /// Said in the report when the column is recognised but does not apply.
    unused: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Known {
    fields: Vec<KnownField>,
}

/// The synonym table, with every name (and every API field name) normalised as a key.
struct Synonyms {
    fields: Vec<KnownField>,
    by_key: HashMap<String, usize>,
}

static SYNONYMS: LazyLock<Synonyms> = LazyLock::new(|| {
    let known: Known =
        serde_json::from_str(include_str!("columns.json")).expect("backend/src/tabular/columns.json is valid");
    let mut by_key = HashMap::new();
    for (i, f) in known.fields.iter().enumerate() {
        by_key.insert(f.field.to_ascii_lowercase(), i);
        for n in &f.names {
            let previous = by_key.insert(key(n), i);
            assert!(previous.is_none_or(|p| p == i), "columns.json: {n} is listed for two fields");
        }
    }
    Synonyms { fields: known.fields, by_key }
});

/// A header as compared: full-width forms folded, no whitespace or line breaks, no `*`
/// required markers, no trailing colon, brackets as ASCII `(` `)`.
pub fn key(text: &str) -> String {
    let folded: String = half_width(text).chars().filter(|c| !is_space(*c)).collect();
    let t = folded.trim_matches('*').trim_end_matches([':', '：']).trim_matches('*');
    t.replace(['[', '〔', '［'], "(").replace([']', '〕', '］'], ")").to_ascii_lowercase()
}

/// A header split into its name and the remark in brackets at its end (the unit of an amount
/// column: `涉及金额(万元)`, `金额(单位:元)`, `金额/万元`).
fn split_remark(key: &str) -> (&str, Option<&str>) {
    if let Some(inner) = key.strip_suffix(')')
        && let Some(open) = inner.rfind('(')
    {
        return (&inner[..open], Some(&inner[open + 1..]));
    }
    if let Some((name, unit)) = key.rsplit_once('/') {
        return (name, Some(unit));
    }
    (key, None)
}

/// Longer than this, a cell is not a column name (nor a total or a note label).
pub const MAX_HEADER_BYTES: usize = 200;

/// What a header means.
#[derive(Debug, Clone, PartialEq)]
pub enum Meaning {
    /// A known field; `exact` when the header is the template's own (or the field name).
    Field { field: &'static str, kind: Kind, unit: Option<AmountUnit>, exact: bool },
    /// An amount column whose unit cannot be read: an error naming the column.
    UnknownUnit { field: &'static str, remark: String },
    /// Not a column the system knows.
    Unknown,
}

/// What a header means, given the template's own header for each field (for `exact`).
pub fn meaning(header: &str, template_header: impl Fn(&str) -> Option<&'static str>) -> Meaning {
    // A column name is short; a long text (a description, a hostile cell) is none.
    if header.len() > MAX_HEADER_BYTES {
        return Meaning::Unknown;
    }
    let k = key(header);
    if k.is_empty() {
        return Meaning::Unknown;
    }
    let syn = &*SYNONYMS;
    let field_of = |i: usize| -> (&'static str, Kind) {
        let f = &syn.fields[i];
        (f.field.as_str(), f.kind)
    };
    let exact_for = |field: &str| template_header(field).is_some_and(|h| key(h) == k) || field == k;
    if let Some(&i) = syn.by_key.get(&k) {
        let (field, kind) = field_of(i);
        return Meaning::Field { field, kind, unit: None, exact: exact_for(field) };
    }
    let (name, remark) = split_remark(&k);
    let found = syn.by_key.get(name).copied().map(|i| (i, remark)).or_else(|| {
        // A unit glued to the name: `涉及金额万元`.
        ["万元", "千元", "亿元", "元"].iter().find_map(|u| {
            let rest = k.strip_suffix(u)?;
            let i = *syn.by_key.get(rest)?;
            (syn.fields[i].kind == Kind::Amount).then_some((i, Some(*u)))
        })
    });
    let Some((i, remark)) = found else { return Meaning::Unknown };
    let (field, kind) = field_of(i);
    let exact = exact_for(field);
    match (kind, remark) {
        (Kind::Amount, Some(r)) => match AmountUnit::parse(r) {
            Some(unit) => Meaning::Field { field, kind, unit: Some(unit), exact },
            None => Meaning::UnknownUnit { field, remark: r.to_owned() },
        },
        _ => Meaning::Field { field, kind, unit: None, exact },
    }
}

/// Said of a recognised column that does not apply to the import at hand.
pub fn unused_note(field: &str) -> Option<&'static str> {
    SYNONYMS.fields.iter().find(|f| f.field == field).and_then(|f| f.unused.as_deref())
}

/// Whether a field is in the synonym table.
pub fn is_known(field: &str) -> bool {
    SYNONYMS.fields.iter().any(|f| f.field == field)
}

/// The kind of a known field.
pub fn kind_of(field: &str) -> Option<Kind> {
    SYNONYMS.fields.iter().find(|f| f.field == field).map(|f| f.kind)
}

/// A unit stated above the table (`单位：万元`, `金额单位: 元`), which applies to amount
/// columns whose header names none.
pub fn stated_unit(text: &str) -> Option<AmountUnit> {
    if text.len() > MAX_HEADER_BYTES {
        return None;
    }
    let k = key(text);
    let rest = k.strip_prefix("金额单位").or_else(|| k.strip_prefix("单位"))?;
    AmountUnit::parse(rest.trim_start_matches([':', '：']))
}

/// How well a row reads as a header: the number of distinct known fields its cells name.
pub fn score<'a>(cells: impl Iterator<Item = &'a str>) -> usize {
    let mut seen: Vec<&'static str> = Vec::new();
    for c in cells {
        if let Meaning::Field { field, .. } | Meaning::UnknownUnit { field, .. } = meaning(c, |_| None)
            && !seen.contains(&field)
        {
            seen.push(field);
        }
    }
    seen.len()
}

/// How a column of the file was understood, for the import report.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct ColumnMapping {
    /// The header as written in the file (the JSON key for JSON).
    pub column: String,
    /// The column's letter in the sheet (`A`, `B`, …); absent for JSON.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub letter: Option<String>,
    /// The field it was read into (API field name), when recognised.
    pub field: Option<String>,
    pub status: MappingStatus,
    /// The unit of an amount column, from its header (or a `单位：…` line above the table).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<AmountUnit>,
    /// Why the column is not read, or how it was read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, Serialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum MappingStatus {
    /// The template's own header (or the API field name).
    Recognised,
    /// Another name for a template column (`企业名称` for 涉及企业, full-width brackets…).
    Synonym,
    /// A column the system knows (from its own export, say) that this import does not read.
    NotApplicable,
    /// Not a column the system knows: ignored.
    Ignored,
}

/// `A`, `B`, … `Z`, `AA` … for a 0-based column index.
pub fn letter(mut col: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(header: &str) -> Option<(&'static str, Option<AmountUnit>)> {
        match meaning(header, |_| None) {
            Meaning::Field { field, unit, .. } => Some((field, unit)),
            _ => None,
        }
    }

    #[test]
    fn headers_as_offices_type_them() {
        assert_eq!(field("问题标题"), Some(("title", None)));
        assert_eq!(field("*问题标题"), Some(("title", None)));
        assert_eq!(field("问题标题＊"), Some(("title", None)));
        assert_eq!(field("问题\n标题"), Some(("title", None)));
        assert_eq!(field("问题\u{3000}标题："), Some(("title", None)));
        assert_eq!(field(" 问题\u{a0}名称 "), Some(("title", None)));
        assert_eq!(field("企业名称"), Some(("enterprise_name", None)));
        assert_eq!(field("市场主体名称"), Some(("enterprise_name", None)));
        assert_eq!(field("信用代码"), Some(("enterprise_uscc", None)));
        assert_eq!(field("统一社会信用代码（18位）"), Some(("enterprise_uscc", None)), "a remark");
        assert_eq!(field("title"), Some(("title", None)), "API field names");
        assert_eq!(field("完成时限"), Some(("deadline", None)));
        assert_eq!(field("备注"), None);
        assert_eq!(field(""), None);
    }

    #[test]
    fn amount_units_from_the_header() {
        let yuan = Some(AmountUnit::Yuan);
        let wan = Some(AmountUnit::TenThousandYuan);
        assert_eq!(field("涉及金额(元)"), Some(("amount_involved", yuan)));
        assert_eq!(field("涉及金额（元）"), Some(("amount_involved", yuan)));
        assert_eq!(field("涉及金额（万元）"), Some(("amount_involved", wan)));
        assert_eq!(field("欠款金额（千元）"), Some(("amount_involved", Some(AmountUnit::ThousandYuan))));
        assert_eq!(field("金额【万元】"), Some(("amount_involved", wan)));
        assert_eq!(field("金额(单位：万元)"), Some(("amount_involved", wan)));
        assert_eq!(field("涉及金额/万元"), Some(("amount_involved", wan)));
        assert_eq!(field("涉及金额万元"), Some(("amount_involved", wan)));
        assert_eq!(field("涉及金额\n（元）"), Some(("amount_involved", yuan)));
        assert_eq!(field("涉及金额"), Some(("amount_involved", None)));
        assert_eq!(
            meaning("涉及金额（美元）", |_| None),
            Meaning::UnknownUnit { field: "amount_involved", remark: "美元".into() }
        );
        assert_eq!(stated_unit("单位：万元"), wan);
        assert_eq!(stated_unit("金额单位: 元"), yuan);
        assert_eq!(stated_unit("填报单位：区财政局"), None);
    }

    #[test]
    fn exact_means_the_template_header() {
        let template = |f: &str| (f == "amount_involved").then_some("涉及金额(元)");
        assert!(matches!(meaning("涉及金额（元）", template), Meaning::Field { exact: true, .. }));
        assert!(matches!(meaning("欠款金额（元）", template), Meaning::Field { exact: false, .. }));
    }

    #[test]
    fn header_rows_score_by_known_fields() {
        assert_eq!(score(["问题标题", "企业名称", "涉及企业", "备注"].into_iter()), 2);
        assert_eq!(score(["曾都区政府履约问题排查及整改清单（区财政局）"].into_iter()), 0);
        assert_eq!(score(["填报单位：区财政局", "填报日期：2024年6月30日"].into_iter()), 0);
    }

    #[test]
    fn column_letters() {
        assert_eq!(letter(0), "A");
        assert_eq!(letter(25), "Z");
        assert_eq!(letter(26), "AA");
        assert_eq!(letter(16383), "XFD");
    }
}
