//! What every generated workbook or CSV shares: formats, safe cell text, download headers.

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

pub const XLSX_MIME: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Text that a spreadsheet would take for a formula (`=`, `+`, `-`, `@`, and the tab and
/// carriage return that can precede one) is prefixed with an apostrophe, so that a cell never
/// executes what an enterprise or a clerk typed (CSV/formula injection).
pub fn neutralise(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_owned(),
    }
}

/// `Content-Disposition` for a download with a Chinese file name (RFC 6266 / 5987) and an
/// ASCII fallback.
pub fn attachment(ascii_name: &str, utf8_name: &str) -> String {
    let mut encoded = String::new();
    for b in utf8_name.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            encoded.push(b as char);
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    format!("attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{encoded}")
}

pub struct Formats {
    pub title: Format,
    pub header: Format,
    pub text: Format,
    pub wrap: Format,
    pub number: Format,
    pub money: Format,
    pub percent: Format,
    pub red: Format,
    pub yellow: Format,
}

impl Formats {
    pub fn new() -> Self {
        let border = |f: Format| f.set_border(FormatBorder::Thin);
        Self {
            title: Format::new().set_bold().set_font_size(14),
            header: border(
                Format::new()
                    .set_bold()
                    .set_background_color(Color::RGB(0xDDEBF7))
                    .set_align(FormatAlign::Center)
                    .set_text_wrap(),
            ),
            text: border(Format::new()),
            wrap: border(Format::new().set_text_wrap().set_align(FormatAlign::Top)),
            number: border(Format::new().set_num_format("0")),
            money: border(Format::new().set_num_format("#,##0.00")),
            percent: border(Format::new().set_num_format("0.0%")),
            red: border(Format::new().set_background_color(Color::RGB(0xF8CBAD))),
            yellow: border(Format::new().set_background_color(Color::RGB(0xFFF2CC))),
        }
    }
}

impl Default for Formats {
    fn default() -> Self {
        Self::new()
    }
}

/// Writes a header row with column widths.
pub fn header(ws: &mut Worksheet, row: u32, columns: &[(&str, f64)], f: &Formats) -> Result<(), XlsxError> {
    for (i, (name, width)) in columns.iter().enumerate() {
        ws.write_string_with_format(row, i as u16, *name, &f.header)?;
        ws.set_column_width(i as u16, *width)?;
    }
    Ok(())
}

/// Writes neutralised text.
pub fn text(ws: &mut Worksheet, row: u32, col: u16, value: &str, format: &Format) -> Result<(), XlsxError> {
    ws.write_string_with_format(row, col, neutralise(value), format)?;
    Ok(())
}

pub fn save(mut wb: Workbook) -> Result<Vec<u8>, XlsxError> {
    wb.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised() {
        assert_eq!(neutralise("=1+1"), "'=1+1");
        assert_eq!(neutralise("+86 138"), "'+86 138");
        assert_eq!(neutralise("-5"), "'-5");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("\t=x"), "'\t=x");
        assert_eq!(neutralise("区财政局"), "区财政局");
        assert_eq!(neutralise(""), "");
    }

    #[test]
    fn attachment_names() {
        assert_eq!(
            attachment("dispatch.xlsx", "调度 表.xlsx"),
            "attachment; filename=\"dispatch.xlsx\"; filename*=UTF-8''%E8%B0%83%E5%BA%A6%20%E8%A1%A8.xlsx"
        );
    }
}
