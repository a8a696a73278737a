//! CSV in UTF-8 (with or without BOM) or GB18030/GBK (what Chinese Excel and WPS write), read
//! record by record with line numbers as an editor shows them.

use std::borrow::Cow;

use super::{
    Refusal,
    sheet::{Assembler, RawCell, RawValue},
};

/// Decodes CSV bytes: UTF-8 (with or without BOM), else GB18030 (which covers GBK).
pub fn decode_text(bytes: &[u8]) -> Result<Cow<'_, str>, Refusal> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(Cow::Borrowed(s));
    }
    let (text, _, had_errors) = encoding_rs::GB18030.decode(bytes);
    if had_errors {
        return Err(Refusal::unreadable("文件编码无法识别: 请保存为 UTF-8 或 GBK (GB18030) 编码的 CSV"));
    }
    Ok(Cow::Owned(text.into_owned()))
}

pub fn read(bytes: &[u8], sink: &mut Assembler) -> Result<(), Refusal> {
    let text = decode_text(bytes)?;
    // Doubled quotes escape a quote, so a well-formed file has an even number of them; an odd
    // number means a quoted field is never closed (and would swallow the rest of the file).
    if text.bytes().filter(|b| *b == b'"').count() % 2 == 1 {
        return Err(Refusal::unreadable("CSV 格式错误: 有未闭合的引号"));
    }
    sink.strict_width = true;
    let bytes = text.as_bytes();
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(bytes);
    let mut record = csv::StringRecord::new();
    // Line numbers are counted as reading goes (once over the file): the reader's position is
    // where it resumed, before any blank lines, which it skips.
    let (mut counted_to, mut line) = (0usize, 1usize);
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let at = e.position().map(|p| p.line()).unwrap_or(line as u64);
                return Err(Refusal::unreadable(format!("CSV 第 {at} 行格式错误: {e}")));
            }
        }
        let mut start = record.position().map(|p| p.byte() as usize).unwrap_or(counted_to).max(counted_to);
        while start < bytes.len() && (bytes[start] == b'\n' || bytes[start] == b'\r') {
            start += 1;
        }
        line += bytes[counted_to..start].iter().filter(|b| **b == b'\n').count();
        counted_to = start;
        let cells: Vec<RawCell<'_>> = record
            .iter()
            .enumerate()
            .filter(|(_, v)| !v.trim().is_empty())
            .map(|(col, v)| RawCell { col, value: RawValue::Text(Cow::Borrowed(v)) })
            .collect();
        sink.push(line, cells)?;
    }
    Ok(())
}
