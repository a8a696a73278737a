//! `.xls` (Excel 97-2003, BIFF8) through calamine's legacy reader, within the same bounds as
//! XLSX.
//!
//! calamine cannot be bounded from outside: `Xls::new` walks the compound file's sector chains
//! without cycle detection (a 2 KB file can make it grow a buffer forever), reserves
//! `rows × columns` cells from a sheet's `DIMENSIONS` record, builds a dense grid for every sheet
//! (values and formulas), copies a shared string into every cell that uses it, and prints every
//! formula (where one record can expand a hundredfold). So the file is first read here, by a
//! strict reader that checks every bound as it goes (sector chains, the shared-string table,
//! each cell's row and column, the text copied, the grid's area), and calamine is then given a
//! workbook rebuilt from what was checked: one compound file written here, one sheet (the first
//! visible worksheet), its value cells (formulas replaced by their cached values) and a
//! `DIMENSIONS` equal to the cells' real extent. Nothing calamine reads was written by the
//! uploader except cell values and the string table, whose sizes are known.

use std::{borrow::Cow, io::Cursor};

use calamine::{Data, Reader, Xls};

use super::{
    Refusal,
    bounds::{
        Limit, MAX_CELLS, MAX_COLUMNS, MAX_MERGES, MAX_SHARED_STRINGS, MAX_SHARED_TEXT, MAX_TEXT, MAX_XLS_GRID_CELLS,
        SHEET_ROW_LIMIT,
    },
    header::letter,
    sheet::{Assembler, RawCell, RawValue},
};

pub use super::cfb::compound_file;
use super::cfb::{Compound, broken, u16_at, u32_at};

/// One BIFF record, with the CONTINUE records that follow it (as calamine joins them).
struct Record<'a> {
    typ: u16,
    data: &'a [u8],
    cont: Vec<&'a [u8]>,
    /// The record and its continuations as they are in the stream.
    raw: &'a [u8],
}

struct Records<'a> {
    stream: &'a [u8],
    pos: usize,
}

impl<'a> Iterator for Records<'a> {
    type Item = Result<Record<'a>, Refusal>;

    fn next(&mut self) -> Option<Self::Item> {
        let s = self.stream;
        if self.pos + 4 > s.len() {
            return None;
        }
        let start = self.pos;
        let typ = u16_at(s, start)?;
        let len = u16_at(s, start + 2)? as usize;
        let Some(data) = s.get(start + 4..start + 4 + len) else { return Some(Err(broken("记录长度"))) };
        self.pos = start + 4 + len;
        let mut cont = Vec::new();
        while u16_at(s, self.pos) == Some(0x003C) {
            let l = u16_at(s, self.pos + 2).unwrap_or(0) as usize;
            let Some(c) = s.get(self.pos + 4..self.pos + 4 + l) else { return Some(Err(broken("记录长度"))) };
            cont.push(c);
            self.pos += 4 + l;
        }
        Some(Ok(Record { typ, data, cont, raw: &s[start..self.pos] }))
    }
}

/// Appends one BIFF record.
pub fn record(out: &mut Vec<u8>, typ: u16, data: &[u8]) {
    out.extend_from_slice(&typ.to_le_bytes());
    out.extend_from_slice(&(data.len() as u16).to_le_bytes());
    out.extend_from_slice(data);
}

/// The shared-string table's strings, as calamine will split it, each as an upper bound of its
/// UTF-8 length (3 bytes a character). Mirrors calamine's `read_rich_extended_string`; where a
/// string cannot be read the same way, the file is refused.
fn sst_lengths(r: &Record<'_>) -> Result<Vec<u32>, Refusal> {
    let bad = || broken("共享字符串表");
    let mut chunks = r.cont.iter();
    let mut data: &[u8] = r.data.get(8..).ok_or_else(bad)?;
    let mut out = Vec::new();
    let mut total = 0usize;
    loop {
        if data.is_empty() {
            match chunks.next() {
                Some(c) => data = c,
                None => break,
            }
            if data.is_empty() {
                out.push(0);
                continue;
            }
        }
        if data.len() < 3 {
            return Err(bad());
        }
        let cch = u16_at(data, 0).ok_or_else(bad)? as usize;
        let flags = data[2];
        data = &data[3..];
        let mut skip = 0usize;
        if flags & 0x8 != 0 {
            skip += 4 * u16_at(data, 0).ok_or_else(bad)? as usize;
            data = &data[2..];
        }
        if flags & 0x4 != 0 {
            let ext = i32::from_le_bytes(data.get(..4).ok_or_else(bad)?.try_into().map_err(|_| bad())?);
            skip += usize::try_from(ext).map_err(|_| bad())?;
            data = &data[4..];
        }
        // The characters, possibly split over CONTINUE records (each starting with a flag byte).
        let mut high = flags & 1 != 0;
        let mut left = cch;
        while left > 0 {
            let available = if high { data.len() / 2 } else { data.len() };
            let n = available.min(left);
            data = &data[if high { 2 * n } else { n }..];
            left -= n;
            if left > 0 {
                let next = chunks.next().ok_or_else(bad)?;
                let (&flag, rest) = next.split_first().ok_or_else(bad)?;
                high = flag & 1 != 0;
                data = rest;
            }
        }
        while skip > 0 {
            if data.is_empty() {
                data = chunks.next().ok_or_else(bad)?;
            }
            let n = skip.min(data.len());
            data = &data[n..];
            skip -= n;
        }
        let len = 3 * cch;
        total += len;
        out.push(len as u32);
        if out.len() > MAX_SHARED_STRINGS {
            return Err(Refusal::limit(Limit::SharedStrings, format!("XLS 的共享字符串超过 {MAX_SHARED_STRINGS} 个")));
        }
        if total > MAX_SHARED_TEXT {
            return Err(Refusal::limit(
                Limit::SharedStrings,
                format!("XLS 的共享字符串超过 {} MB: 文件过大, 请拆分后导入", MAX_SHARED_TEXT / (1024 * 1024)),
            ));
        }
    }
    Ok(out)
}

/// What the checked sheet holds: its value records (rebuilt), extent and merges.
struct Checked {
    sheet_name: String,
    workbook: Vec<u8>,
    first_row: usize,
    merges: Vec<(usize, usize, usize, usize)>,
    date1904: bool,
}

struct Extent {
    min_row: usize,
    max_row: usize,
    min_col: usize,
    max_col: usize,
    cells: usize,
    text: usize,
}

impl Extent {
    fn add(&mut self, row: usize, col: usize, text: usize) -> Result<(), Refusal> {
        if row + 1 > SHEET_ROW_LIMIT {
            return Err(Refusal::limit(
                Limit::Rows,
                format!(
                    "工作表的第 {} 行有内容: 一次最多导入 {} 行 (连同表头和说明最多 {SHEET_ROW_LIMIT} 行), 请拆分后导入",
                    row + 1,
                    super::bounds::MAX_ROWS
                ),
            ));
        }
        if col >= MAX_COLUMNS {
            return Err(Refusal::limit(
                Limit::Columns,
                format!(
                    "第 {} 行第 {} 列有内容: 最多读取 {MAX_COLUMNS} 列, 请删去多余的列后导入",
                    row + 1,
                    letter(col)
                ),
            ));
        }
        self.cells += 1;
        if self.cells > MAX_CELLS.min(MAX_XLS_GRID_CELLS) {
            return Err(grid_refusal());
        }
        self.text += text;
        if self.text > MAX_TEXT {
            return Err(Refusal::limit(
                Limit::Text,
                format!("文件中的文字超过 {} MB: 请拆分后导入", MAX_TEXT / (1024 * 1024)),
            ));
        }
        self.min_row = self.min_row.min(row);
        self.max_row = self.max_row.max(row);
        self.min_col = self.min_col.min(col);
        self.max_col = self.max_col.max(col);
        Ok(())
    }

    fn area(&self) -> usize {
        if self.cells == 0 { 0 } else { (self.max_row - self.min_row + 1) * (self.max_col - self.min_col + 1) }
    }
}

fn grid_refusal() -> Refusal {
    Refusal::limit(
        Limit::XlsGrid,
        format!("XLS 工作表的范围超过 {MAX_XLS_GRID_CELLS} 个单元格: 请另存为 .xlsx 后导入, 或拆分后导入"),
    )
}

/// Reads the workbook strictly and rebuilds it for calamine.
fn check(bytes: &[u8]) -> Result<Checked, Refusal> {
    let stream = Compound::open(bytes)?.workbook()?;
    let mut globals = Globals::read(&stream)?;
    let (pos, _, _) = globals.sheet;
    if pos >= stream.len() {
        return Err(broken("工作表位置"));
    }
    // (Only the rebuild needs the SST record itself; the sheet's reading needs the lengths.)
    let lengths = globals.sst.as_mut().map(|(l, _)| std::mem::take(l)).unwrap_or_default();
    let mut sheet = SheetCells::new(&lengths);
    for r in (Records { stream: &stream, pos }) {
        if sheet.take(&r?)? == Flow::End {
            break;
        }
    }
    if sheet.extent.area() > MAX_XLS_GRID_CELLS {
        return Err(grid_refusal());
    }
    Ok(rebuild(globals, sheet))
}

/// The workbook globals calamine needs, and the first visible worksheet.
struct Globals<'a> {
    /// BOF, CODEPAGE, DATEMODE, FORMAT and XF records, as they were.
    records: Vec<u8>,
    /// The shared strings: each one's length in characters, and the SST record.
    sst: Option<(Vec<u32>, &'a [u8])>,
    /// Where the sheet's records start, its name, and the name as stored.
    sheet: (usize, String, &'a [u8]),
    date1904: bool,
}

impl<'a> Globals<'a> {
    fn read(stream: &'a [u8]) -> Result<Self, Refusal> {
        let mut records: Vec<u8> = Vec::new();
        let mut sst = None;
        let mut sheet: Option<(usize, String, &[u8])> = None;
        let mut date1904 = false;
        for r in (Records { stream, pos: 0 }) {
            let r = r?;
            match r.typ {
                0x0809 => {
                    if u16_at(r.data, 0) != Some(0x0600) {
                        return Err(Refusal::unreadable(
                            "不支持 Excel 95 及更早格式的 .xls: 请在 Excel 或 WPS 中另存为 .xlsx 后导入",
                        ));
                    }
                    records.extend_from_slice(r.raw);
                }
                0x002F => return Err(Refusal::unreadable("工作簿设置了密码: 请取消密码后导入")),
                // CODEPAGE, DATEMODE, FORMAT, XF: how values are decoded and which numbers are dates.
                0x0042 | 0x0022 | 0x041E | 0x00E0 => {
                    if r.typ == 0x0022 {
                        date1904 = u16_at(r.data, 0) == Some(1);
                    }
                    records.extend_from_slice(r.raw);
                }
                0x0085 => {
                    let pos = u32_at(r.data, 0).ok_or_else(|| broken("工作表列表"))? as usize;
                    let visible = r.data.get(4).is_some_and(|s| s & 0x3F == 0);
                    let worksheet = r.data.get(5) == Some(&0);
                    if sheet.is_none() && visible && worksheet {
                        let name_bytes = r.data.get(6..).ok_or_else(|| broken("工作表列表"))?;
                        sheet = Some((pos, sheet_name(name_bytes), name_bytes));
                    }
                }
                0x00FC => sst = Some((sst_lengths(&r)?, r.raw)),
                0x000A => break,
                _ => {}
            }
        }
        let sheet = sheet.ok_or_else(|| Refusal::empty("工作簿中没有可见的工作表"))?;
        Ok(Self { records, sst, sheet, date1904 })
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Flow {
    More,
    End,
}

/// The sheet's cells as they are read: the records kept for calamine (formulas replaced by
/// their cached values), the extent and text they add up to (bounded while reading), merges.
struct SheetCells<'a> {
    lengths: &'a [u32],
    cells: Vec<u8>,
    extent: Extent,
    merges: Vec<(usize, usize, usize, usize)>,
    bof: Option<&'a [u8]>,
    /// Embedded substreams (charts) being skipped.
    depth: usize,
    /// A string formula's value comes in the STRING record after it.
    pending_string: Option<[u8; 6]>,
}

fn at_row_col(d: &[u8]) -> Option<(usize, usize)> {
    Some((u16_at(d, 0)? as usize, u16_at(d, 2)? as usize))
}

impl<'a> SheetCells<'a> {
    fn new(lengths: &'a [u32]) -> Self {
        Self {
            lengths,
            cells: Vec::new(),
            extent: Extent { min_row: usize::MAX, max_row: 0, min_col: usize::MAX, max_col: 0, cells: 0, text: 0 },
            merges: Vec::new(),
            bof: None,
            depth: 0,
            pending_string: None,
        }
    }

    /// Takes one record of the sheet's stream.
    fn take(&mut self, r: &Record<'a>) -> Result<Flow, Refusal> {
        if self.depth > 0 {
            match r.typ {
                0x0809 => self.depth += 1,
                0x000A => self.depth -= 1,
                _ => {}
            }
            return Ok(Flow::More);
        }
        match r.typ {
            0x0809 if self.bof.is_none() => self.bof = Some(r.raw),
            0x0809 => self.depth += 1,
            0x000A => return Ok(Flow::End),
            0x0200 => dimensions(r.data)?,
            0x00FD | 0x0204 | 0x00D6 | 0x0203 | 0x027E | 0x0205 | 0x00BD => self.value(r)?,
            0x0006 | 0x0207 => self.formula(r)?,
            0x00E5 => self.merged(r.data)?,
            _ => {}
        }
        Ok(Flow::More)
    }

    /// A cell holding a value: text (from the shared table or in the record) or numbers.
    fn value(&mut self, r: &Record<'a>) -> Result<(), Refusal> {
        let (row, col) = at_row_col(r.data).ok_or_else(|| broken("单元格"))?;
        match r.typ {
            // LABELSST: text from the table, copied into the cell by calamine.
            0x00FD => {
                let idx = u32_at(r.data, 6).ok_or_else(|| broken("单元格"))? as usize;
                let Some(&len) = self.lengths.get(idx) else { return Ok(()) };
                if len == 0 {
                    return Ok(());
                }
                self.extent.add(row, col, len as usize)?;
            }
            // LABEL, RSTRING: text in the record.
            0x0204 | 0x00D6 => {
                if u16_at(r.data, 6).is_none_or(|cch| cch == 0) {
                    return Ok(());
                }
                self.extent.add(row, col, 3 * r.raw.len())?;
            }
            // MULRK: several numbers in a row.
            0x00BD => {
                let n = r.data.len().saturating_sub(6) / 6;
                for i in 0..n {
                    self.extent.add(row, col + i, 0)?;
                }
            }
            // NUMBER, RK, BOOLERR.
            _ => self.extent.add(row, col, 0)?,
        }
        self.cells.extend_from_slice(r.raw);
        Ok(())
    }

    /// FORMULA, replaced by its cached value so that no formula is parsed; STRING, the text of
    /// the string formula just before.
    fn formula(&mut self, r: &Record<'a>) -> Result<(), Refusal> {
        if r.typ == 0x0207 {
            if let Some(head) = self.pending_string.take() {
                let row = u16::from_le_bytes([head[0], head[1]]) as usize;
                let col = u16::from_le_bytes([head[2], head[3]]) as usize;
                if u16_at(r.data, 0).is_some_and(|cch| cch > 0) {
                    self.extent.add(row, col, 3 * r.raw.len())?;
                    let mut d = head.to_vec();
                    d.extend_from_slice(r.data);
                    record(&mut self.cells, 0x0204, &d);
                }
            }
            return Ok(());
        }
        let (row, col) = at_row_col(r.data).ok_or_else(|| broken("公式"))?;
        let head: [u8; 6] = r.data.get(..6).and_then(|h| h.try_into().ok()).ok_or_else(|| broken("公式"))?;
        let value = r.data.get(6..14).ok_or_else(|| broken("公式"))?;
        if value[6..8] != [0xFF, 0xFF] {
            self.extent.add(row, col, 0)?;
            let mut d = head.to_vec();
            d.extend_from_slice(value);
            record(&mut self.cells, 0x0203, &d);
            return Ok(());
        }
        match value[0] {
            0 => self.pending_string = Some(head),
            1 | 2 => {
                self.extent.add(row, col, 0)?;
                let mut d = head.to_vec();
                d.extend_from_slice(&[value[2], value[0] - 1]);
                record(&mut self.cells, 0x0205, &d);
            }
            _ => {}
        }
        Ok(())
    }

    /// MERGEDCELLS.
    fn merged(&mut self, data: &[u8]) -> Result<(), Refusal> {
        let n = u16_at(data, 0).unwrap_or(0) as usize;
        for i in 0..n {
            let at = 2 + 8 * i;
            let (Some(r1), Some(r2), Some(c1), Some(c2)) =
                (u16_at(data, at), u16_at(data, at + 2), u16_at(data, at + 4), u16_at(data, at + 6))
            else {
                break;
            };
            if self.merges.len() >= MAX_MERGES {
                return Err(Refusal::limit(Limit::Merges, format!("工作表的合并单元格超过 {MAX_MERGES} 处")));
            }
            self.merges.push((r1 as usize + 1, c1 as usize, r2 as usize + 1, c2 as usize));
        }
        Ok(())
    }
}

/// DIMENSIONS: refused when it declares more than a sheet may hold.
fn dimensions(data: &[u8]) -> Result<(), Refusal> {
    let (rows, cols) = match data.len() {
        14 | 16 => (u32_at(data, 4).unwrap_or(0) as usize, u16_at(data, 10).unwrap_or(0) as usize),
        _ => (u16_at(data, 2).unwrap_or(0) as usize, u16_at(data, 6).unwrap_or(0) as usize),
    };
    if rows > SHEET_ROW_LIMIT {
        return Err(Refusal::limit(
            Limit::Rows,
            format!(
                "工作表声明有 {rows} 行: 一次最多导入 {} 行 (连同表头和说明最多 {SHEET_ROW_LIMIT} 行), 请删去多余的行或拆分后导入",
                super::bounds::MAX_ROWS
            ),
        ));
    }
    if cols > MAX_COLUMNS {
        return Err(Refusal::limit(
            Limit::Columns,
            format!("工作表声明有 {cols} 列: 最多读取 {MAX_COLUMNS} 列, 请删去多余的列后导入"),
        ));
    }
    Ok(())
}

/// The rebuilt workbook: the globals with one BOUNDSHEET, then the one sheet with its true
/// DIMENSIONS and the cells kept.
fn rebuild(g: Globals<'_>, sheet: SheetCells<'_>) -> Checked {
    let (_, sheet_name, name_bytes) = g.sheet;
    let mut globals = g.records;
    globals.extend_from_slice(&0x0085u16.to_le_bytes());
    globals.extend_from_slice(&((6 + name_bytes.len()) as u16).to_le_bytes());
    let sheet_pos_at = globals.len();
    globals.extend_from_slice(&[0, 0, 0, 0, 0, 0]);
    globals.extend_from_slice(name_bytes);
    if let Some((_, raw)) = g.sst {
        globals.extend_from_slice(raw);
    }
    record(&mut globals, 0x000A, &[]);
    let pos = globals.len() as u32;
    globals[sheet_pos_at..sheet_pos_at + 4].copy_from_slice(&pos.to_le_bytes());
    let mut workbook = globals;
    match sheet.bof {
        Some(raw) => workbook.extend_from_slice(raw),
        None => record(&mut workbook, 0x0809, &[0, 6, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 6, 0, 0, 0]),
    }
    let extent = &sheet.extent;
    if extent.cells > 0 {
        let mut dims = Vec::with_capacity(14);
        dims.extend_from_slice(&(extent.min_row as u32).to_le_bytes());
        dims.extend_from_slice(&(extent.max_row as u32 + 1).to_le_bytes());
        dims.extend_from_slice(&(extent.min_col as u16).to_le_bytes());
        dims.extend_from_slice(&(extent.max_col as u16 + 1).to_le_bytes());
        dims.extend_from_slice(&[0, 0]);
        record(&mut workbook, 0x0200, &dims);
    }
    workbook.extend_from_slice(&sheet.cells);
    record(&mut workbook, 0x000A, &[]);
    Checked {
        sheet_name,
        workbook: compound_file(&workbook),
        first_row: if extent.cells > 0 { extent.min_row } else { 0 },
        merges: sheet.merges,
        date1904: g.date1904,
    }
}

/// A BOUNDSHEET name (ShortXLUnicodeString) as text.
fn sheet_name(b: &[u8]) -> String {
    let cch = b.first().copied().unwrap_or(0) as usize;
    let high = b.get(1).is_some_and(|f| f & 1 != 0);
    let chars = b.get(2..).unwrap_or(&[]);
    if high {
        let units: Vec<u16> = chars.chunks_exact(2).take(cch).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
        String::from_utf16_lossy(&units)
    } else {
        chars.iter().take(cch).map(|b| *b as char).collect()
    }
}

pub fn read(bytes: &[u8], sink: &mut Assembler) -> Result<(), Refusal> {
    let checked = check(bytes)?;
    // calamine reads only what was checked and rebuilt; a panic inside it (it indexes slices
    // by lengths from the file) is a broken file, not a server error.
    let range = std::panic::catch_unwind(|| -> Result<calamine::Range<Data>, String> {
        let mut wb = Xls::new(Cursor::new(&checked.workbook[..])).map_err(|e| e.to_string())?;
        let name = wb.sheet_names().first().cloned().ok_or_else(|| "no sheet".to_owned())?;
        wb.worksheet_range(&name).map_err(|e| e.to_string())
    })
    .map_err(|_| broken("无法解析"))?
    .map_err(|e| Refusal::unreadable(format!("XLS 文件无法读取: {e}")))?;
    sink.set_sheet(&checked.sheet_name);
    sink.date1904 = checked.date1904;
    let (start_row, start_col) = range.start().map(|(r, c)| (r as usize, c as usize)).unwrap_or((checked.first_row, 0));
    for (i, row) in range.rows().enumerate() {
        let cells: Vec<RawCell<'_>> = row
            .iter()
            .enumerate()
            .filter_map(|(j, d)| {
                let value = match d {
                    Data::Empty => return None,
                    Data::String(s) => RawValue::Text(Cow::Borrowed(s.as_str())),
                    Data::Float(f) => RawValue::Number(*f),
                    Data::Int(i) => RawValue::Number(*i as f64),
                    Data::Bool(b) => RawValue::Bool(*b),
                    Data::DateTime(dt) => RawValue::DateSerial(dt.as_f64()),
                    Data::DateTimeIso(s) | Data::DurationIso(s) => RawValue::Text(Cow::Borrowed(s.as_str())),
                    Data::Error(e) => RawValue::Error(Cow::Owned(format!("{e:?}"))),
                };
                Some(RawCell { col: start_col + j, value })
            })
            .collect();
        sink.push(start_row + i + 1, cells)?;
    }
    sink.apply_merges(&checked.merges)
}

/// Writes a minimal Excel 97-2003 workbook (BIFF8, one sheet, text in the shared-string table),
/// as old office software saves one. The fixture corpus and the hostile-file tests generate
/// their `.xls` files with it at test time.
#[derive(Debug, Default)]
pub struct XlsBuilder {
    strings: Vec<String>,
    index: std::collections::HashMap<String, u32>,
    sheet: Vec<u8>,
}

impl XlsBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    /// A text cell (0-based row and column).
    pub fn text(&mut self, row: u16, col: u16, text: &str) -> &mut Self {
        let next = self.strings.len() as u32;
        let i = *self.index.entry(text.to_owned()).or_insert(next);
        if i == next {
            self.strings.push(text.to_owned());
        }
        self.cell_sst(row, col, i)
    }

    /// A cell pointing at shared string `i` (which may not exist, or be used many times).
    pub fn cell_sst(&mut self, row: u16, col: u16, i: u32) -> &mut Self {
        let mut d = Vec::with_capacity(10);
        d.extend_from_slice(&row.to_le_bytes());
        d.extend_from_slice(&col.to_le_bytes());
        d.extend_from_slice(&0u16.to_le_bytes());
        d.extend_from_slice(&i.to_le_bytes());
        record(&mut self.sheet, 0x00FD, &d);
        self
    }

    /// A number cell.
    pub fn number(&mut self, row: u16, col: u16, value: f64) -> &mut Self {
        let mut d = Vec::with_capacity(14);
        d.extend_from_slice(&row.to_le_bytes());
        d.extend_from_slice(&col.to_le_bytes());
        d.extend_from_slice(&0u16.to_le_bytes());
        d.extend_from_slice(&value.to_le_bytes());
        record(&mut self.sheet, 0x0203, &d);
        self
    }

    /// Any record in the sheet (a `DIMENSIONS` that lies, say).
    pub fn sheet_record(&mut self, typ: u16, data: &[u8]) -> &mut Self {
        record(&mut self.sheet, typ, data);
        self
    }

    /// Adds a shared string without using it.
    pub fn shared_string(&mut self, text: &str) -> u32 {
        self.strings.push(text.to_owned());
        self.strings.len() as u32 - 1
    }

    /// The workbook stream (BIFF8 records), before it is put in a compound file.
    pub fn stream(&self, sheet_name: &str) -> Vec<u8> {
        let mut out = Vec::new();
        let bof = |dt: u16| {
            let mut d = vec![0x00, 0x06];
            d.extend_from_slice(&dt.to_le_bytes());
            d.extend_from_slice(&[0xBB, 0x0D, 0xCC, 0x07, 0, 0, 0, 0, 0x06, 0, 0, 0]);
            d
        };
        record(&mut out, 0x0809, &bof(0x0005));
        record(&mut out, 0x0042, &1200u16.to_le_bytes());
        let name: Vec<u16> = sheet_name.encode_utf16().collect();
        let mut sheet = vec![0, 0, 0, 0, 0, 0, name.len() as u8, 1];
        for u in &name {
            sheet.extend_from_slice(&u.to_le_bytes());
        }
        record(&mut out, 0x0085, &sheet);
        let pos_at = out.len() - sheet.len();
        self.write_sst(&mut out);
        record(&mut out, 0x000A, &[]);
        let pos = out.len() as u32;
        out[pos_at..pos_at + 4].copy_from_slice(&pos.to_le_bytes());
        record(&mut out, 0x0809, &bof(0x0010));
        out.extend_from_slice(&self.sheet);
        record(&mut out, 0x000A, &[]);
        out
    }

    /// The shared-string table, split into CONTINUE records as Excel does (a string cut in two
    /// continues after a flag byte).
    fn write_sst(&self, out: &mut Vec<u8>) {
        const MAX: usize = 8224;
        let mut chunks: Vec<Vec<u8>> = Vec::new();
        let mut current = Vec::new();
        let n = self.strings.len() as u32;
        current.extend_from_slice(&n.to_le_bytes());
        current.extend_from_slice(&n.to_le_bytes());
        for s in &self.strings {
            let units: Vec<u16> = s.encode_utf16().collect();
            if current.len() + 5 > MAX {
                chunks.push(std::mem::take(&mut current));
            }
            current.extend_from_slice(&(units.len() as u16).to_le_bytes());
            current.push(1);
            let mut rest = &units[..];
            loop {
                let room = (MAX - current.len()) / 2;
                let take = room.min(rest.len());
                for u in &rest[..take] {
                    current.extend_from_slice(&u.to_le_bytes());
                }
                rest = &rest[take..];
                if rest.is_empty() {
                    break;
                }
                chunks.push(std::mem::take(&mut current));
                current.push(1);
            }
        }
        chunks.push(current);
        for (i, c) in chunks.iter().enumerate() {
            record(out, if i == 0 { 0x00FC } else { 0x003C }, c);
        }
    }

    /// The `.xls` file.
    pub fn build(&self, sheet_name: &str) -> Vec<u8> {
        compound_file(&self.stream(sheet_name))
    }
}
