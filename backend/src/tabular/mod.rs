//! Reading uploaded tables (JSON arrays, CSV in UTF-8 or GB18030/GBK, XLSX, XLS) into rows of
//! cells keyed by field, as clerks really make them (a title above the header, synonyms,
//! full-width brackets, amounts in 万元, 合计 rows), within fixed budgets (see [`bounds`]).
//!
//! Every reader streams: it hands one row at a time to the [`sheet::Assembler`], which finds the
//! header, maps the columns, reads each value by its column's kind and stops the whole reading
//! at the first budget crossed. Nothing proportional to a size the file declares is allocated
//! before that size has been checked.

pub mod bounds;
mod cfb;
mod csv;
pub mod header;
mod json;
pub mod row;
pub mod sheet;
pub mod values;
pub mod xls;
mod xlsx;

pub use header::{ColumnMapping, MappingStatus};
pub use sheet::{CellNote, EXAMPLE_MARK, ReadReport, Row, Sheet, SkipReason, SkippedRow, Template, TemplateField};
pub use values::AmountUnit;

use bounds::Limit;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Csv,
    Xlsx,
    /// Excel 97-2003 (BIFF8 in an OLE compound file).
    Xls,
}

/// The OLE compound-file signature that starts every `.xls`.
const CFB_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

impl Format {
    /// From the file's first bytes for workbooks (a browser may call an `.xlsx` `ms-excel`),
    /// else from the request's content type, else JSON when it looks like an array.
    pub fn detect(content_type: Option<&str>, bytes: &[u8]) -> Option<Format> {
        let ct = content_type.unwrap_or("").to_ascii_lowercase();
        if bytes.starts_with(b"PK\x03\x04") {
            return Some(Format::Xlsx);
        }
        if bytes.starts_with(CFB_MAGIC) {
            return Some(Format::Xls);
        }
        if ct.contains("json") {
            Some(Format::Json)
        } else if ct.contains("csv") || ct.starts_with("text/plain") {
            Some(Format::Csv)
        } else if ct.contains("spreadsheetml") {
            Some(Format::Xlsx)
        } else if ct.contains("ms-excel") {
            Some(Format::Xls)
        } else if bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[') {
            Some(Format::Json)
        } else {
            None
        }
    }
}

/// Why a file is refused as a whole (nothing is written).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// A budget was crossed (→ 413, naming the limit).
    #[error("{detail}")]
    Limit { limit: Limit, detail: String },
    /// The file cannot be read (→ 422 `unreadable_file`).
    #[error("{0}")]
    Unreadable(String),
    /// No data (→ 422 `empty_file`).
    #[error("{0}")]
    Empty(String),
    /// The columns cannot be understood (→ 422 with `code`, naming the columns).
    #[error("{detail}")]
    Columns { code: &'static str, detail: String, columns: Vec<String> },
}

impl Refusal {
    pub fn limit(limit: Limit, detail: impl Into<String>) -> Refusal {
        Refusal::Limit { limit, detail: detail.into() }
    }

    pub fn unreadable(detail: impl Into<String>) -> Refusal {
        Refusal::Unreadable(detail.into())
    }

    pub fn empty(detail: impl Into<String>) -> Refusal {
        Refusal::Empty(detail.into())
    }

    pub fn columns(code: &'static str, detail: impl Into<String>, columns: Vec<String>) -> Refusal {
        Refusal::Columns { code, detail: detail.into(), columns }
    }
}

/// Reads a whole file within the budgets. Blocking and CPU-bound: call it on a blocking pool.
pub fn read(format: Format, bytes: &[u8], template: &Template) -> Result<Sheet, Refusal> {
    let mut sink = sheet::Assembler::new(template);
    match format {
        Format::Json => json::read(bytes, &mut sink)?,
        Format::Csv => csv::read(bytes, &mut sink)?,
        Format::Xlsx => xlsx::read(bytes, &mut sink)?,
        Format::Xls => xls::read(bytes, &mut sink)?,
    }
    sink.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn template() -> Template {
        let f = |field, header, required| TemplateField { field, header, required };
        Template::new([
            f("title", "问题标题", true),
            f("description", "问题描述", true),
            f("enterprise_name", "涉及企业", true),
            f("amount_involved", "涉及金额(元)", false),
            f("deadline", "整改时限", false),
        ])
    }

    fn read_csv(text: &str) -> Result<Sheet, Refusal> {
        read(Format::Csv, text.as_bytes(), &template())
    }

    fn xlsx(build: impl FnOnce(&mut rust_xlsxwriter::Worksheet)) -> Vec<u8> {
        let mut wb = rust_xlsxwriter::Workbook::new();
        build(wb.add_worksheet());
        wb.save_to_buffer().unwrap()
    }

    #[test]
    fn csv_in_utf8_with_bom_and_in_gbk_keeps_line_numbers() {
        let text = "问题标题,问题描述,涉及企业,涉及金额(元)\n拖欠货款,d,企业,\"1,234.50\"\n\n第二个,d,企业,7\n";
        let utf8 = read(Format::Csv, format!("\u{feff}{text}").as_bytes(), &template()).unwrap();
        assert_eq!(utf8.rows.len(), 2);
        assert_eq!(utf8.rows[0].get("问题标题"), Some("拖欠货款"));
        assert_eq!(utf8.rows[0].get("amount_involved"), Some("1234.50"));
        assert_eq!(utf8.rows[0].raw("amount_involved"), Some("1,234.50"));
        assert_eq!((utf8.rows[0].number, utf8.rows[1].number), (2, 4), "blank lines keep the file's numbering");
        assert_eq!(utf8.report.blank_rows, 0, "the CSV reader skips blank lines itself");
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        let gbk = read(Format::Csv, &gbk, &template()).unwrap();
        assert_eq!(gbk.rows[1].get("title"), Some("第二个"));
        assert_eq!(gbk.rows[1].number, 4);
    }

    #[test]
    fn broken_csv_is_unreadable() {
        assert!(
            matches!(read_csv("问题标题,问题描述\n1,\"2\n3,4\n"), Err(Refusal::Unreadable(m)) if m.contains("引号"))
        );
        let shifted = read_csv("问题标题,问题描述,涉及企业,涉及金额(元)\n标题,d,企业,1,234.50\n").unwrap_err();
        assert!(matches!(shifted, Refusal::Unreadable(m) if m.contains("第 2 行第 5 列")), "an unquoted comma");
        assert!(matches!(read_csv(""), Err(Refusal::Empty(_))));
        assert!(
            matches!(read(Format::Csv, &[0x41, 0x81], &template()), Err(Refusal::Unreadable(m)) if m.contains("编码"))
        );
    }

    #[test]
    fn title_rows_notes_totals_and_units_as_offices_write_them() {
        let text = "曾都区政府履约问题排查及整改清单（区财政局）,,,,\n\
                    填报单位：区财政局,,,单位：万元,\n\
                    序号,问题\u{3000}标题,问题描述,企业名称,涉及金额,整改时限\n\
                    1,拖欠工程款,d,企业甲,12.8,2024年6月30日\n\
                    2,拖欠货款,d,企业乙,0.5,2024.6.30\n\
                    合计,,,,13.3,\n\
                    填表人：张三,审核人：李四,,,,\n";
        let sheet = read_csv(text).unwrap();
        assert_eq!(sheet.report.header_rows, [3]);
        let skipped: Vec<(usize, SkipReason)> = sheet.report.skipped_rows.iter().map(|s| (s.row, s.reason)).collect();
        assert_eq!(
            skipped,
            [(1, SkipReason::AboveHeader), (2, SkipReason::AboveHeader), (6, SkipReason::Total), (7, SkipReason::Note)]
        );
        assert_eq!(sheet.rows.len(), 2);
        assert_eq!(sheet.rows[0].get("amount_involved"), Some("128000.00"), "万元 from the line above");
        assert_eq!(sheet.rows[1].get("deadline"), Some("2024-06-30"));
        let amount = sheet.report.columns.iter().find(|c| c.field.as_deref() == Some("amount_involved")).unwrap();
        assert_eq!(amount.unit, Some(AmountUnit::TenThousandYuan));
        assert!(amount.note.as_deref().unwrap().contains("单位：万元"));
        let serial = sheet.report.columns.iter().find(|c| c.column == "序号").unwrap();
        assert_eq!(serial.status, MappingStatus::NotApplicable);
        assert_eq!(sheet.report.columns[1].status, MappingStatus::Recognised, "a full-width space inside");
        assert_eq!(sheet.report.columns[3].status, MappingStatus::Synonym);
    }

    #[test]
    fn columns_that_cannot_be_understood_are_refused() {
        let unknown = read_csv("问题标题,问题描述,涉及企业,涉及金额（美元）\na,b,c,1\n").unwrap_err();
        assert!(
            matches!(&unknown, Refusal::Columns { code: "unknown_amount_unit", columns, .. } if columns == &["涉及金额（美元）"])
        );
        let twice = read_csv("问题标题,问题描述,涉及企业,涉及金额（元）,欠款金额(万元)\na,b,c,1,2\n").unwrap_err();
        assert!(matches!(&twice, Refusal::Columns { code: "duplicate_columns", .. }), "{twice:?}");
        let missing = read_csv("问题标题,涉及企业\n标题,企业\n").unwrap_err();
        assert!(
            matches!(&missing, Refusal::Columns { code: "missing_columns", columns, .. } if columns == &["问题描述"])
        );
    }

    #[test]
    fn row_errors_echo_the_cell() {
        let sheet = read_csv("问题标题,问题描述,涉及企业,涉及金额(元),整改时限\na,b,c,12.345,下个月\n").unwrap();
        let errors: Vec<(&str, Option<&str>)> =
            sheet.rows[0].errors.iter().map(|e| (e.field.as_str(), e.value.as_deref())).collect();
        assert_eq!(errors, [("amount_involved", Some("12.345")), ("deadline", Some("下个月"))]);
        assert_eq!(sheet.rows[0].get("amount_involved"), None, "never read as 0");
    }

    #[test]
    fn xlsx_with_a_merged_title_a_two_row_header_and_float_noise() {
        let bytes = xlsx(|ws| {
            let f = rust_xlsxwriter::Format::new();
            ws.merge_range(0, 0, 0, 4, "某某单位问题清单", &f).unwrap();
            ws.write_string(1, 0, "问题标题").unwrap();
            ws.merge_range(1, 1, 1, 2, "企业信息", &f).unwrap();
            ws.write_string(2, 1, "企业名称").unwrap();
            ws.write_string(2, 2, "问题描述").unwrap();
            ws.merge_range(1, 3, 2, 3, "涉及金额\n（元）", &f).unwrap();
            ws.write_string(1, 4, "整改时限").unwrap();
            ws.write_string(3, 0, "拖欠工程款").unwrap();
            ws.write_string(3, 1, "企业甲").unwrap();
            ws.write_string(3, 2, "d").unwrap();
            ws.write_number(3, 3, 128000.00000001).unwrap();
            let date = rust_xlsxwriter::Format::new().set_num_format("yyyy/m/d");
            ws.write_number_with_format(3, 4, 45473.0, &date).unwrap();
        });
        let sheet = read(Format::Xlsx, &bytes, &template()).unwrap();
        assert_eq!(sheet.report.header_rows, [2, 3]);
        assert_eq!(sheet.report.sheet.as_deref(), Some("Sheet1"));
        let row = &sheet.rows[0];
        assert_eq!(row.number, 4);
        assert_eq!(row.get("enterprise_name"), Some("企业甲"));
        assert_eq!(row.get("amount_involved"), Some("128000.00"));
        assert_eq!(row.warnings[0].value.as_deref(), Some("128000.00000001"));
        assert_eq!(row.get("deadline"), Some("2024-06-30"), "a date cell");
    }

    #[test]
    fn xlsx_bounds_are_checked_before_allocating() {
        let corner = xlsx(|ws| {
            ws.write_string(0, 0, "问题标题").unwrap();
            ws.write_string(1_048_575, 16_383, "x").unwrap();
        });
        assert!(matches!(
            read(Format::Xlsx, &corner, &template()),
            Err(Refusal::Limit { limit: bounds::Limit::Rows, .. })
        ));
        let wide = xlsx(|ws| {
            ws.write_string(0, 0, "问题标题").unwrap();
            ws.write_string(0, 300, "x").unwrap();
        });
        assert!(matches!(
            read(Format::Xlsx, &wide, &template()),
            Err(Refusal::Limit { limit: bounds::Limit::Columns, .. })
        ));
        assert!(matches!(read(Format::Xlsx, b"PK\x03\x04 not really", &template()), Err(Refusal::Unreadable(_))));
    }

    #[test]
    fn json_items_are_read_one_by_one() {
        let rows =
            read(Format::Json, r#"[{"title": " x ", "amount_involved": 1234.56, "n": null}]"#.as_bytes(), &template())
                .unwrap()
                .rows;
        assert_eq!(rows[0].get("title"), Some("x"));
        assert_eq!(rows[0].get("amount_involved"), Some("1234.56"));
        assert!(matches!(read(Format::Json, b"{}", &template()), Err(Refusal::Unreadable(_))));
        assert!(matches!(read(Format::Json, b"[1]", &template()), Err(Refusal::Unreadable(_))));
        let deep = format!("[{{\"title\": {}{}}}]", "[".repeat(100_000), "]".repeat(100_000));
        assert!(
            matches!(read(Format::Json, deep.as_bytes(), &template()), Err(Refusal::Unreadable(m)) if m.contains("嵌套"))
        );
        let many = format!("[{}]", vec![r#"{"title":"t"}"#; MAX_ROWS_PLUS_ONE].join(","));
        assert!(matches!(
            read(Format::Json, many.as_bytes(), &template()),
            Err(Refusal::Limit { limit: bounds::Limit::Rows, .. })
        ));
    }

    const MAX_ROWS_PLUS_ONE: usize = bounds::MAX_ROWS + 1;

    #[test]
    fn formats_are_detected() {
        assert_eq!(Format::detect(Some("application/json"), b""), Some(Format::Json));
        assert_eq!(Format::detect(Some("text/csv; charset=gbk"), b""), Some(Format::Csv));
        assert_eq!(Format::detect(None, b"PK\x03\x04rest"), Some(Format::Xlsx));
        assert_eq!(Format::detect(Some("application/vnd.ms-excel"), b"PK\x03\x04rest"), Some(Format::Xlsx));
        assert_eq!(Format::detect(Some("application/octet-stream"), CFB_MAGIC), Some(Format::Xls));
        assert_eq!(Format::detect(Some("application/octet-stream"), b"  [{}]"), Some(Format::Json));
        assert_eq!(Format::detect(Some("image/png"), b"\x89PNG"), None);
    }

    #[test]
    fn xls_is_rebuilt_and_read_by_calamine() {
        let mut b = xls::XlsBuilder::new();
        b.text(0, 0, "清单").text(1, 0, "问题标题").text(1, 1, "问题描述").text(1, 2, "企业名称").text(
            1,
            3,
            "涉及金额（万元）",
        );
        b.text(2, 0, "标题").text(2, 1, "描述").text(2, 2, "企业").number(2, 3, 12.8);
        let sheet = read(Format::Xls, &b.build("问题清单"), &template()).unwrap();
        assert_eq!(sheet.report.header_rows, [2]);
        assert_eq!(sheet.report.sheet.as_deref(), Some("问题清单"));
        assert_eq!(sheet.rows[0].number, 3);
        assert_eq!(sheet.rows[0].get("enterprise_name"), Some("企业"));
        assert_eq!(sheet.rows[0].get("amount_involved"), Some("128000.00"));
        // A long string cut over CONTINUE records reads back whole.
        let mut b = xls::XlsBuilder::new();
        let long = "长".repeat(6000);
        b.text(0, 0, "问题标题")
            .text(0, 1, "问题描述")
            .text(0, 2, "企业名称")
            .text(1, 0, "t")
            .text(1, 1, &long)
            .text(1, 2, "e");
        let sheet = read(Format::Xls, &b.build("S"), &template()).unwrap();
        assert_eq!(sheet.rows[0].get("description"), Some(long.as_str()));
    }
}
