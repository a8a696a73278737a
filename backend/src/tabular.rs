//! Reading uploaded tables (JSON arrays, CSV in UTF-8 or GB18030/GBK, XLSX) into rows of text
//! cells keyed by column name, with the row numbers a user sees in the file.

use std::{io::Cursor, sync::Arc};

use calamine::{Data, Reader, Xlsx};

/// One data row: its number as the user sees it, and its cells by column header. The headers
/// are shared by every row of a file (50,000 rows must not carry 50,000 copies of them).
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub number: usize,
    pub headers: Arc<[String]>,
    pub values: Vec<String>,
}

impl Row {
    pub fn get(&self, column: &str) -> Option<&str> {
        self.headers.iter().position(|h| h == column).and_then(|i| self.values.get(i)).map(String::as_str)
    }

    fn is_blank(&self) -> bool {
        self.values.iter().all(|v| v.trim().is_empty())
    }
}

/// The file itself cannot be read (→ 422, nothing written).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Unreadable(pub String);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Csv,
    Xlsx,
}

impl Format {
    /// From the request's content type, or the file's first bytes when that says nothing.
    pub fn detect(content_type: Option<&str>, bytes: &[u8]) -> Option<Format> {
        let ct = content_type.unwrap_or("").to_ascii_lowercase();
        if ct.contains("json") {
            Some(Format::Json)
        } else if ct.contains("csv") || ct.starts_with("text/plain") {
            Some(Format::Csv)
        } else if ct.contains("spreadsheetml") || ct.contains("ms-excel") || bytes.starts_with(b"PK\x03\x04") {
            Some(Format::Xlsx)
        } else if bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[') {
            Some(Format::Json)
        } else {
            None
        }
    }
}

fn trimmed(s: &str) -> String {
    s.trim().trim_matches('\u{feff}').trim().to_owned()
}

/// Decodes CSV bytes: UTF-8 (with or without BOM), else GB18030 (which covers GBK, what
/// Chinese Excel writes).
pub fn decode_text(bytes: &[u8]) -> Result<String, Unreadable> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(s.to_owned());
    }
    let (text, _, had_errors) = encoding_rs::GB18030.decode(bytes);
    if had_errors {
        return Err(Unreadable("文件编码无法识别: 请保存为 UTF-8 或 GBK (GB18030) 编码的 CSV".into()));
    }
    Ok(text.into_owned())
}

pub fn read_csv(bytes: &[u8]) -> Result<Vec<Row>, Unreadable> {
    let text = decode_text(bytes)?;
    // Doubled quotes escape a quote, so a well-formed file has an even number of them; an odd
    // number means a quoted field is never closed (and would swallow the rest of the file).
    if text.bytes().filter(|b| *b == b'"').count() % 2 == 1 {
        return Err(Unreadable("CSV 格式错误: 有未闭合的引号".into()));
    }
    let mut reader = csv::ReaderBuilder::new().flexible(false).has_headers(true).from_reader(text.as_bytes());
    let headers: Arc<[String]> =
        reader.headers().map_err(|e| Unreadable(format!("CSV 表头无法读取: {e}")))?.iter().map(trimmed).collect();
    if headers.iter().all(|h| h.is_empty()) {
        return Err(Unreadable("文件为空或没有表头".into()));
    }
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            let line = e.position().map(|p| p.line()).unwrap_or(i as u64 + 2);
            Unreadable(format!("CSV 第 {line} 行格式错误 (引号不配对或列数与表头不一致): {e}"))
        })?;
        let row =
            Row { number: 0, headers: headers.clone(), values: record.iter().map(|v| v.trim().to_owned()).collect() };
        if !row.is_blank() {
            // Line numbers as the file shows them (the header is line 1), blank lines included.
            let number = record
                .position()
                .map(|p| {
                    // The position is where reading resumed: skip the blank lines before the record.
                    let bytes = text.as_bytes();
                    let mut start = p.byte() as usize;
                    while start < bytes.len() && (bytes[start] == b'\n' || bytes[start] == b'\r') {
                        start += 1;
                    }
                    bytes[..start].iter().filter(|b| **b == b'\n').count() + 1
                })
                .unwrap_or(i + 2);
            rows.push(Row { number, ..row });
        }
    }
    Ok(rows)
}

/// A cell as text: numbers without a spurious `.0` (codes and phones typed as numbers).
fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_owned(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => format!("{f}"),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        // Excel's serial date: days since 1899-12-30.
        Data::DateTime(dt) => chrono::NaiveDate::from_ymd_opt(1899, 12, 30)
            .and_then(|base| base.checked_add_signed(chrono::Duration::days(dt.as_f64().floor() as i64)))
            .map(|d| d.to_string())
            .unwrap_or_else(|| dt.to_string()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("{e:?}"),
    }
}

pub fn read_xlsx(bytes: &[u8]) -> Result<Vec<Row>, Unreadable> {
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|_| Unreadable("不是有效的 XLSX 文件".into()))?;
    let first = wb.sheet_names().first().cloned().ok_or_else(|| Unreadable("工作簿中没有工作表".into()))?;
    let range = wb.worksheet_range(&first).map_err(|e| Unreadable(format!("工作表「{first}」无法读取: {e}")))?;
    let Some((start_row, start_col)) = range.start() else {
        return Err(Unreadable(format!("工作表「{first}」为空")));
    };
    let mut iter = range.rows();
    let headers: Arc<[String]> =
        iter.next().map(|r| r.iter().map(|c| trimmed(&cell_text(c))).collect()).unwrap_or_default();
    if headers.iter().all(|h| h.is_empty()) {
        return Err(Unreadable(format!("工作表「{first}」没有表头")));
    }
    let _ = start_col;
    let mut rows = Vec::new();
    for (i, r) in iter.enumerate() {
        let row = Row {
            number: start_row as usize + i + 2,
            headers: headers.clone(),
            values: r.iter().map(cell_text).collect(),
        };
        if !row.is_blank() {
            rows.push(row);
        }
    }
    Ok(rows)
}

pub fn read_json(bytes: &[u8]) -> Result<Vec<Row>, Unreadable> {
    let value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| Unreadable(format!("JSON 格式错误: {e}")))?;
    let items = value.as_array().ok_or_else(|| Unreadable("JSON 导入应为对象数组".into()))?;
    let mut rows = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let obj = item.as_object().ok_or_else(|| Unreadable(format!("第 {} 项不是对象", i + 1)))?;
        let headers: Arc<[String]> = obj.keys().map(|k| k.trim().to_owned()).collect();
        let values = obj
            .values()
            .map(|v| match v {
                serde_json::Value::Null => String::new(),
                serde_json::Value::String(s) => s.trim().to_owned(),
                // Numbers keep their written form (serde_json prints the shortest exact form).
                other => other.to_string(),
            })
            .collect();
        rows.push(Row { number: i + 1, headers, values });
    }
    Ok(rows)
}

/// The columns (headers) of a set of rows, in order of first appearance.
pub fn columns(rows: &[Row]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut last: Option<&Arc<[String]>> = None;
    for r in rows {
        // Rows of a CSV or XLSX share one header list: look at it once.
        if last.is_some_and(|l| Arc::ptr_eq(l, &r.headers)) {
            continue;
        }
        last = Some(&r.headers);
        for c in r.headers.iter() {
            if !out.contains(c) {
                out.push(c.clone());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_in_utf8_with_bom_and_in_gbk() {
        let text = "问题标题,涉及金额(元)\n拖欠货款,\"1,234.50\"\n\n第二个,7\n";
        let utf8 = read_csv(format!("\u{feff}{text}").as_bytes()).unwrap();
        assert_eq!(utf8.len(), 2);
        assert_eq!(utf8[0].get("问题标题"), Some("拖欠货款"));
        assert_eq!(utf8[0].get("涉及金额(元)"), Some("1,234.50"));
        assert_eq!(utf8[0].number, 2);
        assert_eq!(utf8[1].number, 4, "blank lines keep the numbering of the file");
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        assert_eq!(read_csv(&gbk).unwrap(), utf8);
    }

    #[test]
    fn broken_csv_is_unreadable() {
        assert!(read_csv(b"a,b\n1,\"2\n3,4\n").is_err(), "unclosed quote");
        assert!(read_csv(b"a,b\n1,2,3\n").is_err(), "too many fields");
        assert!(read_csv(b"").is_err());
        assert!(decode_text(&[0x41, 0x81]).is_err(), "a truncated GB18030 sequence");
    }

    #[test]
    fn json_rows() {
        let rows = read_json(br#"[{"title": " x ", "amount_involved": 1234.56, "n": null}]"#).unwrap();
        assert_eq!(rows[0].get("title"), Some("x"));
        assert_eq!(rows[0].get("amount_involved"), Some("1234.56"));
        assert_eq!(rows[0].get("n"), Some(""));
        assert!(read_json(b"{}").is_err());
        assert!(read_json(b"[1]").is_err());
    }

    #[test]
    fn formats_are_detected() {
        assert_eq!(Format::detect(Some("application/json"), b""), Some(Format::Json));
        assert_eq!(Format::detect(Some("text/csv; charset=gbk"), b""), Some(Format::Csv));
        assert_eq!(Format::detect(None, b"PK\x03\x04rest"), Some(Format::Xlsx));
        assert_eq!(Format::detect(Some("application/octet-stream"), b"  [{}]"), Some(Format::Json));
        assert_eq!(Format::detect(Some("image/png"), b"\x89PNG"), None);
        assert!(read_xlsx(b"not a zip").is_err());
    }
}
