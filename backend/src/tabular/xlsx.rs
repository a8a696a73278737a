//! XLSX read through `zip` and `quick-xml` directly, streaming, so that nothing is allocated for
//! what a sheet merely declares: calamine builds a dense grid over the sheet's extent (a cell at
//! `XFD1048576` costs gigabytes) and copies a shared string into every cell that uses it.
//!
//! Bounds (see [`super::bounds`]): the archive's entry count and declared sizes are checked
//! before anything is decompressed; every decompressed byte is counted against one cap across
//! all parts and every XML event is bounded, whatever the archive declares; the sheet's
//! `<dimension>`, every row number and every valued cell's column are checked as they appear;
//! the shared-string table is bounded in count and text; cells keep a reference to a shared
//! string, and only text copied into rows counts against the text budget.

use std::{
    borrow::Cow,
    cell::Cell as Counter,
    collections::HashMap,
    io::{BufReader, Cursor},
};

use quick_xml::{
    Reader,
    events::{BytesRef, BytesStart, Event},
};
use zip::ZipArchive;

use super::{
    Refusal,
    bounds::{
        self, Limit, MAX_CELLS, MAX_COLUMNS, MAX_MERGES, MAX_SHARED_STRINGS, MAX_SHARED_TEXT, MAX_UNZIPPED,
        MAX_ZIP_ENTRIES, Metered, SHEET_ROW_LIMIT,
    },
    header::letter,
    sheet::{Assembler, RawCell, RawValue},
};

type Zip<'a> = ZipArchive<Cursor<&'a [u8]>>;
type Xml<'z, 'b> = Reader<BufReader<Metered<'z, zip::read::ZipFile<'z, Cursor<&'b [u8]>>>>>;

fn not_xlsx() -> Refusal {
    Refusal::unreadable("不是有效的 XLSX 文件 (无法按 ZIP 读取)")
}

/// An XML or I/O error while reading a part: a crossed budget stays itself.
fn xml_error(part: &str, e: quick_xml::Error) -> Refusal {
    if let quick_xml::Error::Io(io) = &e
        && let Some(limit) = bounds::exceeded(io)
    {
        return limit_refusal(limit);
    }
    Refusal::unreadable(format!("XLSX 文件已损坏 ({part} 无法读取): {e}"))
}

fn limit_refusal(limit: Limit) -> Refusal {
    match limit {
        Limit::Unzipped => Refusal::limit(
            limit,
            format!("XLSX 解压后超过 {} MB: 文件过大或是压缩炸弹, 请拆分后导入", MAX_UNZIPPED / (1024 * 1024)),
        ),
        Limit::XmlEvent => Refusal::limit(
            limit,
            format!("XLSX 中有超过 {} MB 的单个节点, 无法读取", bounds::MAX_XML_EVENT / (1024 * 1024)),
        ),
        other => Refusal::limit(other, "XLSX 超出读取上限"),
    }
}

/// The number of entries the archive's end-of-central-directory record declares (zip64 too).
fn declared_entries(bytes: &[u8]) -> Option<u64> {
    let tail_start = bytes.len().saturating_sub(22 + 65_535);
    let eocd = (tail_start..bytes.len().saturating_sub(21)).rev().find(|&i| bytes[i..].starts_with(b"PK\x05\x06"))?;
    let count = u16::from_le_bytes([bytes[eocd + 10], bytes[eocd + 11]]) as u64;
    if count != 0xFFFF {
        return Some(count);
    }
    // zip64: the locator sits just before, pointing at the zip64 record.
    let loc = eocd.checked_sub(20)?;
    if !bytes[loc..].starts_with(b"PK\x06\x07") {
        return Some(count);
    }
    let at = u64::from_le_bytes(bytes[loc + 8..loc + 16].try_into().ok()?) as usize;
    let rec = bytes.get(at..at + 56)?;
    if !rec.starts_with(b"PK\x06\x06") {
        return None;
    }
    Some(u64::from_le_bytes(rec[32..40].try_into().ok()?))
}

fn open(bytes: &[u8]) -> Result<Zip<'_>, Refusal> {
    if declared_entries(bytes).is_some_and(|n| n > MAX_ZIP_ENTRIES as u64) {
        return Err(Refusal::limit(
            Limit::ZipEntries,
            format!("XLSX 压缩包中的文件超过 {MAX_ZIP_ENTRIES} 个, 不是正常的工作簿"),
        ));
    }
    let zip = ZipArchive::new(Cursor::new(bytes)).map_err(|_| not_xlsx())?;
    if zip.len() > MAX_ZIP_ENTRIES {
        return Err(Refusal::limit(Limit::ZipEntries, format!("XLSX 压缩包中的文件超过 {MAX_ZIP_ENTRIES} 个")));
    }
    // What the archive declares is checked first; what it really holds is counted while
    // decompressing (a declared size can lie).
    let mut declared: u64 = 0;
    for i in 0..zip.len() {
        let size = zip.by_index_data(i).map_err(|_| not_xlsx())?.size();
        declared = declared.saturating_add(size);
    }
    if declared > MAX_UNZIPPED {
        return Err(limit_refusal(Limit::Unzipped));
    }
    Ok(zip)
}

/// A part of the archive as a streaming XML reader, metered.
fn part<'z, 'b>(zip: &'z mut Zip<'b>, name: &str, used: &'z Counter<u64>) -> Result<Option<Xml<'z, 'b>>, Refusal> {
    let Some(index) = zip.index_for_name(name) else { return Ok(None) };
    let file = zip.by_index(index).map_err(|e| Refusal::unreadable(format!("XLSX 文件已损坏 ({name}): {e}")))?;
    let mut reader = Reader::from_reader(BufReader::new(Metered::new(file, used)));
    let config = reader.config_mut();
    config.check_end_names = false;
    config.trim_text(false);
    Ok(Some(reader))
}

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .and_then(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok().map(|v| v.into_owned()))
}

/// An attribute by local name, whatever its namespace prefix (`r:id`).
fn attr_local(e: &BytesStart<'_>, local: &str) -> Option<String> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .and_then(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok().map(|v| v.into_owned()))
}

fn push_entity(e: &BytesRef<'_>, out: &mut String) {
    if let Some(s) = quick_xml::escape::resolve_xml_entity(e.as_ref()) {
        out.push_str(s);
    } else if let Ok(Some(c)) = e.resolve_char_ref() {
        out.push(c);
    }
}

/// Excel escapes characters XML cannot carry as `_xHHHH_` (`_x000D_` for a carriage return).
fn unescape_excel(s: &str) -> Cow<'_, str> {
    if !s.contains("_x") {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find("_x") {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let code = tail.get(2..6).filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()));
        match code {
            Some(h) if tail.as_bytes().get(6) == Some(&b'_') => {
                let unit = u32::from_str_radix(h, 16).unwrap_or(0xFFFD);
                out.push(char::from_u32(unit).unwrap_or('\u{FFFD}'));
                rest = &tail[7..];
            }
            _ => {
                out.push_str("_x");
                rest = &tail[2..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Joins a relationship target to the folder of the part that names it.
fn resolve(base_dir: &str, target: &str) -> String {
    let mut parts: Vec<&str> = if let Some(abs) = target.strip_prefix('/') {
        abs.split('/').collect()
    } else {
        base_dir.split('/').filter(|p| !p.is_empty()).chain(target.split('/')).collect()
    };
    let mut out: Vec<&str> = Vec::new();
    for p in parts.drain(..) {
        match p {
            ".." => {
                out.pop();
            }
            "." | "" => {}
            other => out.push(other),
        }
    }
    out.join("/")
}

/// Relationships of a part: id → (type, target path).
fn relationships(
    zip: &mut Zip<'_>,
    rels_path: &str,
    base_dir: &str,
    used: &Counter<u64>,
) -> Result<HashMap<String, (String, String)>, Refusal> {
    let mut out = HashMap::new();
    let Some(mut xml) = part(zip, rels_path, used)? else { return Ok(out) };
    let mut buf = Vec::new();
    loop {
        match xml.read_event_into(&mut buf).map_err(|e| xml_error(rels_path, e))? {
            Event::Empty(e) | Event::Start(e) if e.local_name().as_ref() == "Relationship" => {
                if let (Some(id), Some(target)) = (attr(&e, "Id"), attr(&e, "Target")) {
                    let kind = attr(&e, "Type").unwrap_or_default();
                    if attr(&e, "TargetMode").as_deref() != Some("External") {
                        out.insert(id, (kind, resolve(base_dir, &target)));
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(out)
}

struct Workbook {
    /// The first visible sheet: its name and relationship id.
    sheet: Option<(String, String)>,
    date1904: bool,
}

fn workbook(zip: &mut Zip<'_>, path: &str, used: &Counter<u64>) -> Result<Workbook, Refusal> {
    let mut xml = part(zip, path, used)?.ok_or_else(not_xlsx)?;
    let mut wb = Workbook { sheet: None, date1904: false };
    let mut buf = Vec::new();
    loop {
        match xml.read_event_into(&mut buf).map_err(|e| xml_error(path, e))? {
            Event::Empty(e) | Event::Start(e) => match e.local_name().as_ref() {
                "workbookPr" => {
                    wb.date1904 = matches!(attr(&e, "date1904").as_deref(), Some("1" | "true"));
                }
                "sheet" if wb.sheet.is_none() => {
                    let hidden = matches!(attr(&e, "state").as_deref(), Some("hidden" | "veryHidden"));
                    if !hidden && let (Some(name), Some(id)) = (attr(&e, "name"), attr_local(&e, "id")) {
                        wb.sheet = Some((name, id));
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(wb)
}

/// Built-in number formats that show dates (including the Chinese locale's 27–36 and 50–58).
fn builtin_date(id: u32) -> bool {
    matches!(id, 14..=22 | 27..=36 | 45..=47 | 50..=58 | 71..=81)
}

/// A custom number format shows a date or time when it has date/time tokens outside quoted
/// text, escapes and bracketed sections (`[Red]`).
fn format_is_date(code: &str) -> bool {
    let mut in_quote = false;
    let mut in_bracket = false;
    let mut escaped = false;
    for c in code.chars() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' => escaped = true,
            '"' => in_quote = !in_quote,
            '[' if !in_quote => in_bracket = true,
            ']' if !in_quote => in_bracket = false,
            'y' | 'Y' | 'd' | 'D' | 'm' | 'M' | 'h' | 'H' | 's' | 'S' | '年' | '月' | '日'
                if !in_quote && !in_bracket =>
            {
                return true;
            }
            _ => {}
        }
    }
    false
}

/// For each cell format (`s` of a cell), whether it shows a date.
fn date_styles(zip: &mut Zip<'_>, path: &str, used: &Counter<u64>) -> Result<Vec<bool>, Refusal> {
    const MAX_STYLES: usize = 100_000;
    let Some(mut xml) = part(zip, path, used)? else { return Ok(Vec::new()) };
    let mut custom: HashMap<u32, bool> = HashMap::new();
    let mut out = Vec::new();
    let mut in_cell_xfs = false;
    let mut buf = Vec::new();
    loop {
        match xml.read_event_into(&mut buf).map_err(|e| xml_error(path, e))? {
            Event::Start(e) if e.local_name().as_ref() == "cellXfs" => in_cell_xfs = true,
            Event::End(e) if e.local_name().as_ref() == "cellXfs" => in_cell_xfs = false,
            Event::Empty(e) | Event::Start(e) => match e.local_name().as_ref() {
                "numFmt" if custom.len() < MAX_STYLES => {
                    if let (Some(id), Some(code)) =
                        (attr(&e, "numFmtId").and_then(|i| i.parse().ok()), attr(&e, "formatCode"))
                    {
                        custom.insert(id, format_is_date(&code));
                    }
                }
                "xf" if in_cell_xfs && out.len() < MAX_STYLES => {
                    let id: u32 = attr(&e, "numFmtId").and_then(|i| i.parse().ok()).unwrap_or(0);
                    out.push(custom.get(&id).copied().unwrap_or_else(|| builtin_date(id)));
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(out)
}

/// The shared-string table: all text in one buffer, with the end of each string.
#[derive(Default)]
struct SharedStrings {
    text: String,
    ends: Vec<u32>,
}

impl SharedStrings {
    fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)? as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        self.text.get(start..end)
    }
}

fn too_many_strings() -> Refusal {
    Refusal::limit(
        Limit::SharedStrings,
        format!("XLSX 的共享字符串超过 {MAX_SHARED_STRINGS} 个: 文件过大或已损坏, 请拆分后导入"),
    )
}

fn shared_strings(zip: &mut Zip<'_>, path: &str, used: &Counter<u64>) -> Result<SharedStrings, Refusal> {
    let mut out = SharedStrings::default();
    let Some(mut xml) = part(zip, path, used)? else { return Ok(out) };
    let mut buf = Vec::new();
    let (mut in_si, mut in_t, mut in_phonetic) = (false, false, false);
    let mut start = 0usize;
    loop {
        let event = xml.read_event_into(&mut buf).map_err(|e| xml_error(path, e))?;
        match event {
            Event::Start(e) => match e.local_name().as_ref() {
                // The declared count is refused before a single string is read.
                "sst"
                    if attr(&e, "uniqueCount").and_then(|c| c.parse::<u64>().ok()).unwrap_or(0)
                        > MAX_SHARED_STRINGS as u64 =>
                {
                    return Err(too_many_strings());
                }
                "si" => {
                    in_si = true;
                    start = out.text.len();
                }
                "rPh" => in_phonetic = true,
                "t" if in_si && !in_phonetic => in_t = true,
                _ => {}
            },
            Event::Empty(e) if e.local_name().as_ref() == "si" => {
                if out.ends.len() >= MAX_SHARED_STRINGS {
                    return Err(too_many_strings());
                }
                out.ends.push(out.text.len() as u32);
            }
            Event::Text(t) if in_t => out.text.push_str(&t.xml10_content()),
            Event::CData(t) if in_t => out.text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_t => push_entity(&r, &mut out.text),
            Event::End(e) => match e.local_name().as_ref() {
                "t" => in_t = false,
                "rPh" => in_phonetic = false,
                "si" => {
                    in_si = false;
                    if out.text[start..].contains("_x") {
                        let unescaped = unescape_excel(&out.text[start..]).into_owned();
                        out.text.truncate(start);
                        out.text.push_str(&unescaped);
                    }
                    if out.ends.len() >= MAX_SHARED_STRINGS {
                        return Err(too_many_strings());
                    }
                    out.ends.push(out.text.len() as u32);
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        if out.text.len() > MAX_SHARED_TEXT {
            return Err(Refusal::limit(
                Limit::SharedStrings,
                format!("XLSX 的共享字符串超过 {} MB: 文件过大, 请拆分后导入", MAX_SHARED_TEXT / (1024 * 1024)),
            ));
        }
        buf.clear();
    }
    Ok(out)
}

/// `B12` → (row 12, column 1); `None` when it is not a cell reference within Excel's grid.
fn cell_ref(r: &str) -> Option<(usize, usize)> {
    let split = r.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = r.split_at(split);
    if letters.is_empty() || letters.len() > 3 || digits.len() > 7 || !letters.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    let col = letters.bytes().fold(0usize, |acc, b| acc * 26 + (b - b'A' + 1) as usize) - 1;
    let row: usize = digits.parse().ok()?;
    ((1..=1_048_576).contains(&row) && col < 16_384).then_some((row, col))
}

/// `A1:T1048576` → ((1, 0), (1048576, 19)).
fn range_ref(r: &str) -> Option<((usize, usize), (usize, usize))> {
    let (a, b) = r.split_once(':').unwrap_or((r, r));
    Some((cell_ref(&a.replace('$', ""))?, cell_ref(&b.replace('$', ""))?))
}

fn too_many_rows(row: usize) -> Refusal {
    Refusal::limit(
        Limit::Rows,
        format!(
            "工作表的第 {row} 行有内容: 一次最多导入 {} 行 (连同表头和说明最多 {SHEET_ROW_LIMIT} 行), 请拆分后导入",
            bounds::MAX_ROWS
        ),
    )
}

fn too_many_columns(row: usize, col: usize) -> Refusal {
    Refusal::limit(
        Limit::Columns,
        format!("第 {row} 行第 {} 列有内容: 最多读取 {MAX_COLUMNS} 列, 请删去多余的列后导入", letter(col)),
    )
}

/// Reads the text of the current element (`<v>`, `<t>`) up to its end.
fn element_text(xml: &mut Xml<'_, '_>, buf: &mut Vec<u8>, out: &mut String, path: &str) -> Result<(), Refusal> {
    let mut depth = 0usize;
    loop {
        buf.clear();
        match xml.read_event_into(buf).map_err(|e| xml_error(path, e))? {
            Event::Text(t) if depth == 0 => out.push_str(&t.xml10_content()),
            Event::CData(t) if depth == 0 => out.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if depth == 0 => push_entity(&r, out),
            Event::Start(_) => depth += 1,
            Event::End(_) if depth == 0 => return Ok(()),
            Event::End(_) => depth -= 1,
            Event::Eof => return Err(Refusal::unreadable(format!("XLSX 文件已损坏 ({path} 不完整)"))),
            _ => {}
        }
        if out.len() > bounds::MAX_XML_EVENT {
            return Err(limit_refusal(Limit::XmlEvent));
        }
    }
}

/// An inline string (`<is>`): its `<t>` runs, without phonetic hints.
fn inline_string(xml: &mut Xml<'_, '_>, buf: &mut Vec<u8>, out: &mut String, path: &str) -> Result<(), Refusal> {
    let mut phonetic = false;
    loop {
        buf.clear();
        match xml.read_event_into(buf).map_err(|e| xml_error(path, e))? {
            Event::Start(e) if e.local_name().as_ref() == "rPh" => phonetic = true,
            Event::End(e) if e.local_name().as_ref() == "rPh" => phonetic = false,
            Event::Start(e) if e.local_name().as_ref() == "t" && !phonetic => element_text(xml, buf, out, path)?,
            Event::End(e) if e.local_name().as_ref() == "is" => return Ok(()),
            Event::Eof => return Err(Refusal::unreadable(format!("XLSX 文件已损坏 ({path} 不完整)"))),
            _ => {}
        }
    }
}

/// Counts a cell against the budget and places it: its own reference, or the next column.
fn begin_cell(
    e: &BytesStart<'_>,
    row_number: usize,
    next_col: usize,
    in_row: bool,
    cells_seen: &mut usize,
    path: &str,
) -> Result<(usize, usize), Refusal> {
    *cells_seen += 1;
    if *cells_seen > MAX_CELLS {
        return Err(Refusal::limit(
            Limit::Cells,
            format!("工作表的单元格超过 {MAX_CELLS} 个: 请删去多余的行列或拆分后导入"),
        ));
    }
    if !in_row {
        return Err(Refusal::unreadable(format!("XLSX 文件已损坏 ({path} 的单元格不在行内)")));
    }
    let (r, col) = attr(e, "r").as_deref().and_then(cell_ref).unwrap_or((row_number, next_col));
    if r > SHEET_ROW_LIMIT {
        return Err(too_many_rows(r));
    }
    Ok((r, col))
}

struct SheetContext<'s> {
    strings: &'s SharedStrings,
    dates: &'s [bool],
}

/// Refuses a sheet whose `<dimension>` declares more rows or columns than a sheet may hold.
fn check_dimension(e: &BytesStart<'_>) -> Result<(), Refusal> {
    let Some(((_, _), (last_row, last_col))) = attr(e, "ref").as_deref().and_then(range_ref) else { return Ok(()) };
    if last_row > SHEET_ROW_LIMIT {
        return Err(Refusal::limit(
            Limit::Rows,
            format!(
                "工作表声明的范围「{}」有 {last_row} 行: 一次最多导入 {} 行 (连同表头和说明最多 {SHEET_ROW_LIMIT} 行), 请删去多余的行或拆分后导入",
                attr(e, "ref").unwrap_or_default(),
                bounds::MAX_ROWS
            ),
        ));
    }
    if last_col >= MAX_COLUMNS {
        return Err(Refusal::limit(
            Limit::Columns,
            format!(
                "工作表声明的范围「{}」到第 {} 列: 最多读取 {MAX_COLUMNS} 列, 请删去多余的列后导入",
                attr(e, "ref").unwrap_or_default(),
                letter(last_col)
            ),
        ));
    }
    Ok(())
}

/// Reads the inside of a `<c>` into `text`: its value (`<v>`), an inline string (`<is>`), or
/// nothing (a formula without a cached value). `Some(inline)` when it had a value.
fn read_cell(xml: &mut Xml<'_, '_>, buf: &mut Vec<u8>, text: &mut String, path: &str) -> Result<Option<bool>, Refusal> {
    text.clear();
    let mut value = None;
    loop {
        buf.clear();
        match xml.read_event_into(buf).map_err(|e| xml_error(path, e))? {
            Event::Start(inner) => match inner.local_name().as_ref() {
                "v" => {
                    element_text(xml, buf, text, path)?;
                    value = value.or(Some(false));
                }
                "is" => {
                    inline_string(xml, buf, text, path)?;
                    value = Some(true);
                }
                _ => {
                    let mut ignored = String::new();
                    element_text(xml, buf, &mut ignored, path)?;
                }
            },
            Event::End(end) if end.local_name().as_ref() == "c" => return Ok(value),
            Event::Eof => return Err(Refusal::unreadable(format!("XLSX 文件已损坏 ({path} 不完整)"))),
            _ => {}
        }
    }
}

/// A cell's value by its type (`t`) and style (dates are numbers in a date format); `None` for
/// a shared string the table does not have.
fn cell_value<'s>(
    kind: Option<&str>,
    inline: bool,
    style: Option<usize>,
    text: &str,
    cx: &SheetContext<'s>,
) -> Option<RawValue<'s>> {
    Some(match kind {
        Some("s") if !inline => {
            RawValue::Text(Cow::Borrowed(text.trim().parse::<usize>().ok().and_then(|i| cx.strings.get(i))?))
        }
        Some("b") => RawValue::Bool(text.trim() == "1"),
        Some("e") => RawValue::Error(Cow::Owned(text.to_owned())),
        Some("inlineStr" | "str" | "d" | "s") => RawValue::Text(Cow::Owned(unescape_excel(text).into_owned())),
        _ => match text.trim().parse::<f64>() {
            Ok(n) if style.and_then(|s| cx.dates.get(s)).copied().unwrap_or(false) => RawValue::DateSerial(n),
            Ok(n) => RawValue::Number(n),
            Err(_) => RawValue::Text(Cow::Owned(text.to_owned())),
        },
    })
}

/// Streams the sheet's rows into the assembler, checking each bound as it appears.
fn stream_sheet(
    zip: &mut Zip<'_>,
    path: &str,
    cx: &SheetContext<'_>,
    used: &Counter<u64>,
    sink: &mut Assembler,
) -> Result<(), Refusal> {
    let mut xml = part(zip, path, used)?.ok_or_else(not_xlsx)?;
    let mut buf = Vec::new();
    let mut text = String::new();
    let mut row_number = 0usize;
    let mut cells: Vec<RawCell<'_>> = Vec::new();
    let mut next_col = 0usize;
    let mut cells_seen = 0usize;
    let mut merges: Vec<(usize, usize, usize, usize)> = Vec::new();
    let mut in_row = false;
    loop {
        buf.clear();
        let event = xml.read_event_into(&mut buf).map_err(|e| xml_error(path, e))?;
        match event {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "dimension" => check_dimension(&e)?,
            Event::Start(e) if e.local_name().as_ref() == "row" => {
                row_number = attr(&e, "r").and_then(|r| r.parse().ok()).unwrap_or(row_number + 1);
                if row_number > SHEET_ROW_LIMIT {
                    return Err(too_many_rows(row_number));
                }
                next_col = 0;
                in_row = true;
            }
            Event::Empty(e) if e.local_name().as_ref() == "row" => {
                row_number = attr(&e, "r").and_then(|r| r.parse().ok()).unwrap_or(row_number + 1);
            }
            Event::End(e) if e.local_name().as_ref() == "row" => {
                in_row = false;
                sink.push(row_number, std::mem::take(&mut cells))?;
            }
            Event::Empty(e) if e.local_name().as_ref() == "c" => {
                // A cell without a value (a border, a fill): counted, never stored.
                let (r, col) = begin_cell(&e, row_number, next_col, in_row, &mut cells_seen, path)?;
                let _ = r;
                next_col = col + 1;
            }
            Event::Start(e) if e.local_name().as_ref() == "c" => {
                let (r, col) = begin_cell(&e, row_number, next_col, in_row, &mut cells_seen, path)?;
                next_col = col + 1;
                let kind = attr(&e, "t");
                let style: Option<usize> = attr(&e, "s").and_then(|s| s.parse().ok());
                drop(e);
                let Some(inline) = read_cell(&mut xml, &mut buf, &mut text, path)? else { continue };
                let Some(value) = cell_value(kind.as_deref(), inline, style, &text, cx) else { continue };
                if matches!(&value, RawValue::Text(t) if t.trim().is_empty()) {
                    continue;
                }
                if col >= MAX_COLUMNS {
                    return Err(too_many_columns(r, col));
                }
                cells.push(RawCell { col, value });
            }
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "mergeCell" => {
                if merges.len() >= MAX_MERGES {
                    return Err(Refusal::limit(Limit::Merges, format!("工作表的合并单元格超过 {MAX_MERGES} 处")));
                }
                if let Some(((r1, c1), (r2, c2))) = attr(&e, "ref").as_deref().and_then(range_ref) {
                    merges.push((r1, c1, r2, c2));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    sink.apply_merges(&merges)
}

pub fn read(bytes: &[u8], sink: &mut Assembler) -> Result<(), Refusal> {
    let mut zip = open(bytes)?;
    let used = Counter::new(0u64);
    // The package says where the workbook is; `xl/workbook.xml` by convention.
    let root = relationships(&mut zip, "_rels/.rels", "", &used)?;
    let workbook_path = root
        .values()
        .find(|(kind, _)| kind.ends_with("/officeDocument"))
        .map(|(_, target)| target.clone())
        .unwrap_or_else(|| "xl/workbook.xml".into());
    let (dir, file) = workbook_path.rsplit_once('/').unwrap_or(("", workbook_path.as_str()));
    let rels_path = if dir.is_empty() { format!("_rels/{file}.rels") } else { format!("{dir}/_rels/{file}.rels") };
    let wb = workbook(&mut zip, &workbook_path, &used)?;
    let rels = relationships(&mut zip, &rels_path, dir, &used)?;
    let (sheet_name, sheet_id) = wb.sheet.ok_or_else(|| Refusal::empty("工作簿中没有可见的工作表"))?;
    let sheet_path = rels
        .get(&sheet_id)
        .map(|(_, target)| target.clone())
        .ok_or_else(|| Refusal::unreadable(format!("XLSX 文件已损坏 (找不到工作表「{sheet_name}」)")))?;
    let by_kind = |suffix: &str| rels.values().find(|(kind, _)| kind.ends_with(suffix)).map(|(_, t)| t.clone());
    let dates = match by_kind("/styles") {
        Some(p) => date_styles(&mut zip, &p, &used)?,
        None => Vec::new(),
    };
    let strings = match by_kind("/sharedStrings") {
        Some(p) => shared_strings(&mut zip, &p, &used)?,
        None => SharedStrings::default(),
    };
    sink.set_sheet(&sheet_name);
    sink.date1904 = wb.date1904;
    let cx = SheetContext { strings: &strings, dates: &dates };
    stream_sheet(&mut zip, &sheet_path, &cx, &used, sink)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references() {
        assert_eq!(cell_ref("A1"), Some((1, 0)));
        assert_eq!(cell_ref("XFD1048576"), Some((1_048_576, 16_383)));
        assert_eq!(cell_ref("XFE1"), None);
        assert_eq!(cell_ref("A0"), None);
        assert_eq!(cell_ref("a1"), None);
        assert_eq!(range_ref("A1:T1048576"), Some(((1, 0), (1_048_576, 19))));
        assert_eq!(range_ref("$B$2"), Some(((2, 1), (2, 1))));
        assert_eq!(resolve("xl", "worksheets/sheet1.xml"), "xl/worksheets/sheet1.xml");
        assert_eq!(resolve("xl", "/xl/worksheets/sheet1.xml"), "xl/worksheets/sheet1.xml");
        assert_eq!(resolve("xl/worksheets", "../sharedStrings.xml"), "xl/sharedStrings.xml");
    }

    #[test]
    fn excel_escapes_and_formats() {
        assert_eq!(unescape_excel("a_x000D_b"), "a\rb");
        assert_eq!(unescape_excel("_x_y"), "_x_y");
        assert!(format_is_date("yyyy/m/d;@"));
        assert!(format_is_date("yyyy\"年\"m\"月\"d\"日\""));
        assert!(format_is_date("[$-F800]dddd, mmmm dd, yyyy"));
        assert!(!format_is_date("#,##0.00"));
        assert!(!format_is_date("[Red]0.00"));
        assert!(!format_is_date("\"¥\"#,##0.00"));
        assert!(builtin_date(14) && builtin_date(31) && !builtin_date(4));
    }
}
