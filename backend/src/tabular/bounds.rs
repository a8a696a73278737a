//! The budgets every uploaded table is read within, derived from the import's two public limits
//! (a 20 MB body, 50,000 rows), and the readers that enforce them while bytes stream.
//!
//! A budget is checked before anything proportional to it is allocated: a declared size (zip
//! directory, sheet `<dimension>`, BIFF `DIMENSIONS`, shared-string count) is refused when it
//! already exceeds the budget, and what is actually read is counted as it streams, so a file
//! that lies about its sizes is stopped at the same line.

use std::io::{self, Read};

/// Largest accepted upload (the body limit).
pub const MAX_BYTES: usize = 20 * 1024 * 1024;
/// Most data rows in one import; row 50,001 ends the reading.
pub const MAX_ROWS: usize = 50_000;
/// Rows searched for the header (titles, notes and blank rows above it are skipped).
pub const HEADER_SCAN_ROWS: usize = 10;
/// The last sheet row that may hold anything: the data rows plus room for titles, notes, blank
/// and total rows.
pub const SHEET_ROW_LIMIT: usize = MAX_ROWS + 1_000;
/// Most columns: the template has 13, the system's export 21; 200 leaves room for any office's
/// own columns (ignored and listed).
pub const MAX_COLUMNS: usize = 200;
/// Most cells a sheet may contain (present, even empty ones): its full row × column budget.
pub const MAX_CELLS: usize = SHEET_ROW_LIMIT * MAX_COLUMNS;
/// Most bytes decompressed from an XLSX archive, all parts together.
pub const MAX_UNZIPPED: u64 = 100 * 1024 * 1024;
/// Most entries in an XLSX archive (a workbook has a few dozen; the central directory of a
/// 20 MB archive could otherwise list hundreds of thousands).
pub const MAX_ZIP_ENTRIES: usize = 10_000;
/// Most text a sheet's shared-string table may hold: no more than the largest CSV accepted.
pub const MAX_SHARED_TEXT: usize = MAX_BYTES;
/// Most distinct shared strings (each costs an offset in memory).
pub const MAX_SHARED_STRINGS: usize = 2_000_000;
/// Most text copied out of a file into rows (shared strings referenced many times count each
/// time): no more than the largest CSV accepted.
pub const MAX_TEXT: usize = MAX_BYTES;
/// Longest single XML event (a tag or a text run) of a spreadsheet part. Excel's own cell limit
/// is 32,767 characters; escaped, that stays far below this.
pub const MAX_XML_EVENT: usize = 1024 * 1024;
/// Most merged ranges in a sheet.
pub const MAX_MERGES: usize = 50_000;
/// `.xls` only: calamine builds a dense grid for every sheet (values and formulas), so the sum
/// of those grids' areas is bounded (32 bytes a cell: about 32 MB).
pub const MAX_XLS_GRID_CELLS: usize = 1_000_000;

/// Which limit a file crossed; the answer names it (`limit`) with its value (`max`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    Rows,
    Columns,
    Cells,
    Unzipped,
    ZipEntries,
    SharedStrings,
    Text,
    XmlEvent,
    Merges,
    XlsGrid,
}

impl Limit {
    /// The problem code of the 413 answer.
    pub fn code(self) -> &'static str {
        match self {
            Limit::Rows => "too_many_rows",
            Limit::Columns => "too_many_columns",
            Limit::Cells => "too_many_cells",
            Limit::Unzipped => "unzipped_too_large",
            Limit::ZipEntries => "too_many_zip_entries",
            Limit::SharedStrings => "too_many_shared_strings",
            Limit::Text => "too_much_text",
            Limit::XmlEvent => "xml_node_too_large",
            Limit::Merges => "too_many_merged_cells",
            Limit::XlsGrid => "xls_grid_too_large",
        }
    }

    /// The limit's value, in its own unit (rows, columns, cells, bytes…).
    pub fn max(self) -> u64 {
        match self {
            Limit::Rows => MAX_ROWS as u64,
            Limit::Columns => MAX_COLUMNS as u64,
            Limit::Cells => MAX_CELLS as u64,
            Limit::Unzipped => MAX_UNZIPPED,
            Limit::ZipEntries => MAX_ZIP_ENTRIES as u64,
            Limit::SharedStrings => MAX_SHARED_STRINGS as u64,
            Limit::Text => MAX_TEXT as u64,
            Limit::XmlEvent => MAX_XML_EVENT as u64,
            Limit::Merges => MAX_MERGES as u64,
            Limit::XlsGrid => MAX_XLS_GRID_CELLS as u64,
        }
    }
}

/// Counts what is decompressed (across every part of one archive) and refuses past the cap;
/// also refuses a run of more than [`MAX_XML_EVENT`] bytes without `<` or `>`, which bounds
/// the buffer an XML reader grows for one event.
pub struct Metered<'b, R> {
    inner: R,
    total: &'b std::cell::Cell<u64>,
    since_markup: usize,
}

impl<'b, R: Read> Metered<'b, R> {
    pub fn new(inner: R, total: &'b std::cell::Cell<u64>) -> Self {
        Self { inner, total, since_markup: 0 }
    }
}

/// The error a [`Metered`] reader stops with; recognised by [`exceeded`].
#[derive(Debug)]
struct Exceeded(Limit);

impl std::fmt::Display for Exceeded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "limit {:?} exceeded", self.0)
    }
}

impl std::error::Error for Exceeded {}

/// The limit behind an I/O error raised by [`Metered`], if that is what it is.
pub fn exceeded(e: &io::Error) -> Option<Limit> {
    e.get_ref().and_then(|inner| inner.downcast_ref::<Exceeded>()).map(|x| x.0)
}

impl<R: Read> Read for Metered<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let total = self.total.get() + n as u64;
        self.total.set(total);
        if total > MAX_UNZIPPED {
            return Err(io::Error::other(Exceeded(Limit::Unzipped)));
        }
        let chunk = &buf[..n];
        match chunk.iter().rposition(|b| *b == b'<' || *b == b'>') {
            Some(i) => self.since_markup = n - i - 1,
            None => self.since_markup += n,
        }
        if self.since_markup > MAX_XML_EVENT {
            return Err(io::Error::other(Exceeded(Limit::XmlEvent)));
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metered_reader_stops_at_the_caps() {
        let total = std::cell::Cell::new(0);
        let text = "<a>".repeat(1000);
        let mut out = Vec::new();
        Metered::new(text.as_bytes(), &total).read_to_end(&mut out).unwrap();
        assert_eq!(total.get(), 3000);
        let long = vec![b'x'; MAX_XML_EVENT + 10];
        let err = Metered::new(&long[..], &std::cell::Cell::new(0)).read_to_end(&mut Vec::new()).unwrap_err();
        assert_eq!(exceeded(&err), Some(Limit::XmlEvent));
        let total = std::cell::Cell::new(MAX_UNZIPPED - 5);
        let err = Metered::new(&b"<a></a><b/>"[..], &total).read_to_end(&mut Vec::new()).unwrap_err();
        assert_eq!(exceeded(&err), Some(Limit::Unzipped));
    }
}
