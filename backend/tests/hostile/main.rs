//! Hostile files against `POST /api/v1/imports` (issue #14.6), each generated at test time and
//! sent to a real server on SQLite and on PostgreSQL: every one must get a clean 4xx quickly,
//! while `/healthz` keeps answering within a second.
//!
//! These tests time the server, so they run one at a time in a binary of their own
//! (`harness = false`): `cargo test -p lvyue --test hostile [name…]`. Peak memory is measured by
//! `scripts/bench_hostile_files.py` on the release build, from the files this binary writes
//! with `cargo test -p lvyue --test hostile -- --write-files DIR`.

#[path = "../api/helpers.rs"]
mod helpers;

use std::{
    io::Write,
    time::{Duration, Instant},
};

use helpers::{Backend, TestApp};
use lvyue::tabular::xls::{XlsBuilder, compound_file, record};

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A hostile file and the answer it must get.
struct Case {
    name: &'static str,
    file: &'static str,
    content_type: &'static str,
    bytes: Vec<u8>,
    status: u16,
    code: &'static str,
}

/// An XLSX package from its sheet (and shared strings), written part by part so that sizes and
/// contents can be anything.
fn xlsx_parts(sheet: &[u8], shared: Option<&[u8]>, lie_about_size: bool) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1))
        .large_file(sheet.len() > u32::MAX as usize);
    let mut put = |name: &str, body: &[u8]| {
        zip.start_file(name, options).unwrap();
        zip.write_all(body).unwrap();
    };
    put(
        "[Content_Types].xml",
        br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>"#,
    );
    put(
        "_rels/.rels",
        br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
    );
    put(
        "xl/workbook.xml",
        br#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
    );
    put(
        "xl/_rels/workbook.xml.rels",
        br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#,
    );
    if let Some(s) = shared {
        put("xl/sharedStrings.xml", s);
    }
    put("xl/worksheets/sheet1.xml", sheet);
    let mut bytes = zip.finish().unwrap().into_inner();
    if lie_about_size {
        // The sheet's entry (the last) declares 1 KB uncompressed, in its local header and in the
        // central directory: what is really decompressed must be counted regardless.
        let set = |bytes: &mut Vec<u8>, sig: &[u8], field: usize| {
            let at = bytes.windows(4).rposition(|w| w == sig).unwrap();
            bytes[at + field..at + field + 4].copy_from_slice(&1024u32.to_le_bytes());
        };
        set(&mut bytes, b"PK\x01\x02", 24);
        set(&mut bytes, b"PK\x03\x04", 22);
    }
    bytes
}

const SHEET_HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#;

fn header_row() -> String {
    let cells: String =
        ["问题标题", "问题描述", "问题类别", "问题类型", "涉及企业", "企业联系人", "联系电话", "来源编号"]
            .iter()
            .enumerate()
            .map(|(i, h)| format!(r#"<c r="{}1" t="inlineStr"><is><t>{h}</t></is></c>"#, (b'A' + i as u8) as char))
            .collect();
    format!(r#"<row r="1">{cells}</row>"#)
}

fn cases() -> Vec<Case> {
    let mut out = Vec::new();
    // A 2 KB workbook whose cells sit at A1 and XFD1048576.
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "问题标题").unwrap();
    ws.write_string(1_048_575, 16_383, "x").unwrap();
    out.push(Case {
        name: "xlsx_dimension_bomb",
        file: "dimension-bomb.xlsx",
        content_type: XLSX,
        bytes: wb.save_to_buffer().unwrap(),
        status: 413,
        code: "too_many_rows",
    });
    // A sheet that declares A1:T1048576 and holds two rows.
    let sheet = format!(
        r#"{SHEET_HEAD}<dimension ref="A1:T1048576"/><sheetData>{}<row r="2"><c r="A2" t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>"#,
        header_row()
    );
    out.push(Case {
        name: "xlsx_declared_extent",
        file: "declared-a1-t1048576.xlsx",
        content_type: XLSX,
        bytes: xlsx_parts(sheet.as_bytes(), None, false),
        status: 413,
        code: "too_many_rows",
    });
    // A million cells pointing at one 64 KB shared string, under template headers.
    let long = "欠".repeat(20_000);
    let shared = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>{long}</t></si></sst>"#
    );
    let mut sheet = format!("{SHEET_HEAD}<sheetData>{}", header_row());
    for r in 2..=50_001 {
        sheet.push_str(&format!(r#"<row r="{r}">"#));
        for c in 0..20u8 {
            let col = if c < 26 { ((b'A' + c) as char).to_string() } else { unreachable!() };
            sheet.push_str(&format!(r#"<c r="{col}{r}" t="s"><v>0</v></c>"#));
        }
        sheet.push_str("</row>");
    }
    sheet.push_str("</sheetData></worksheet>");
    out.push(Case {
        name: "xlsx_shared_string_bomb",
        file: "shared-string-bomb.xlsx",
        content_type: XLSX,
        bytes: xlsx_parts(sheet.as_bytes(), Some(shared.as_bytes()), false),
        status: 413,
        code: "too_much_text",
    });
    // A zip bomb: 128 MB of markup in a sheet (past the 100 MB cap), its size declared
    // truthfully…
    let mut bomb = String::with_capacity(128 * 1024 * 1024 + 200);
    bomb.push_str(SHEET_HEAD);
    bomb.push_str("<sheetData>");
    while bomb.len() < 128 * 1024 * 1024 {
        bomb.push_str("<x/><x/><x/><x/><x/><x/><x/><x/>");
    }
    bomb.push_str("</sheetData></worksheet>");
    out.push(Case {
        name: "xlsx_zip_bomb",
        file: "zip-bomb.xlsx",
        content_type: XLSX,
        bytes: xlsx_parts(bomb.as_bytes(), None, false),
        status: 413,
        code: "unzipped_too_large",
    });
    // … and lying about it (1 KB declared): the zip reader stops at the declared size and
    // the entry fails its checksum (what is decompressed is counted besides).
    out.push(Case {
        name: "xlsx_zip_bomb_lying",
        file: "zip-bomb-lying.xlsx",
        content_type: XLSX,
        bytes: xlsx_parts(bomb.as_bytes(), None, true),
        status: 422,
        code: "unreadable_file",
    });
    drop(bomb);
    // A CSV 100,000 columns wide.
    let wide = (0..100_000).map(|i| format!("c{i}")).collect::<Vec<_>>().join(",") + "\n";
    out.push(Case {
        name: "csv_wide",
        file: "wide.csv",
        content_type: "text/csv",
        bytes: wide.into_bytes(),
        status: 413,
        code: "too_many_columns",
    });
    // A CSV 200,000 rows tall.
    let mut tall = String::from("问题标题,问题描述,问题类别,问题类型,涉及企业\n");
    for i in 0..200_000 {
        tall.push_str(&format!("t{i},d,c,p,e\n"));
    }
    out.push(Case {
        name: "csv_tall",
        file: "tall.csv",
        content_type: "text/csv",
        bytes: tall.into_bytes(),
        status: 413,
        code: "too_many_rows",
    });
    // JSON nested 100,000 deep.
    let deep = format!("[{{\"title\": {}{}}}]", "[".repeat(100_000), "]".repeat(100_000));
    out.push(Case {
        name: "json_deep",
        file: "deep.json",
        content_type: "application/json",
        bytes: deep.into_bytes(),
        status: 422,
        code: "unreadable_file",
    });
    // An .xls whose DIMENSIONS declares 65,536 × 256 and whose cells sit at the corners
    // (calamine alone reserves and fills a dense grid of 16.7 million cells).
    let mut b = XlsBuilder::new();
    let mut dims = Vec::new();
    dims.extend_from_slice(&0u32.to_le_bytes());
    dims.extend_from_slice(&65_536u32.to_le_bytes());
    dims.extend_from_slice(&0u16.to_le_bytes());
    dims.extend_from_slice(&256u16.to_le_bytes());
    dims.extend_from_slice(&[0, 0]);
    b.sheet_record(0x0200, &dims);
    b.text(0, 0, "问题标题").text(65_535, 255, "x");
    out.push(Case {
        name: "xls_dimension_bomb",
        file: "dimension-bomb.xls",
        content_type: "application/vnd.ms-excel",
        bytes: b.build("Sheet1"),
        status: 413,
        code: "too_many_rows",
    });
    // Cells within the row and column limits, spread over the whole 51,000 × 200 grid that
    // calamine would allocate densely.
    let mut b = XlsBuilder::new();
    b.text(0, 0, "问题标题").text(50_999, 199, "x").number(0, 199, 1.0);
    for r in 1..50_999u16 {
        b.number(r, 0, 1.0);
    }
    out.push(Case {
        name: "xls_grid_bomb",
        file: "grid-bomb.xls",
        content_type: "application/vnd.ms-excel",
        bytes: b.build("Sheet1"),
        status: 413,
        code: "xls_grid_too_large",
    });
    // A shared string of 60,000 characters referenced by 50,000 cells of a template column.
    let mut b = XlsBuilder::new();
    for (c, h) in ["问题标题", "问题描述", "问题类别", "问题类型", "涉及企业"].iter().enumerate() {
        b.text(0, c as u16, h);
    }
    let long = b.shared_string(&"欠".repeat(60_000));
    for r in 1..=50_000u16 {
        b.cell_sst(r, 1, long);
    }
    out.push(Case {
        name: "xls_shared_string_bomb",
        file: "shared-string-bomb.xls",
        content_type: "application/vnd.ms-excel",
        bytes: b.build("Sheet1"),
        status: 413,
        code: "too_much_text",
    });
    // A compound file whose stream's sector chain loops (calamine follows a loop until the
    // length the directory claims, and the directory chain's own loop forever).
    let mut stream = Vec::new();
    record(&mut stream, 0x0809, &[0, 6, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 6, 0, 0, 0]);
    stream.resize(8192, 0);
    let mut cfb = compound_file(&stream);
    let fat_at = 4096; // the first FAT sector follows the 4 KB header
    let first = 3usize; // FAT, directory, mini stream, then the stream
    cfb[fat_at + 4 * (first + 1)..fat_at + 4 * (first + 2)].copy_from_slice(&(first as u32).to_le_bytes());
    let dir_at = 4096 * 2;
    cfb[dir_at + 128 + 120..dir_at + 128 + 128].copy_from_slice(&20_000u64.to_le_bytes());
    out.push(Case {
        name: "xls_sector_loop",
        file: "sector-loop.xls",
        content_type: "application/vnd.ms-excel",
        bytes: cfb,
        status: 422,
        code: "unreadable_file",
    });
    out
}

/// Sends the file while polling `/healthz`; answers (status, code, time to answer, slowest
/// health check).
async fn attack(app: &TestApp, token: &str, case: &Case) -> (u16, String, Duration, Duration) {
    let client = app.client.clone();
    let url = app.url("/api/v1/imports?dry_run=true");
    let (token, ct, body) = (token.to_owned(), case.content_type, case.bytes.clone());
    let started = Instant::now();
    let upload = tokio::spawn(async move {
        let res = client.post(url).bearer_auth(token).header("content-type", ct).body(body).send().await.unwrap();
        let status = res.status().as_u16();
        let body: serde_json::Value = res.json().await.unwrap_or_default();
        (status, body["code"].as_str().unwrap_or_default().to_owned(), started.elapsed())
    });
    let mut slowest = Duration::ZERO;
    while !upload.is_finished() {
        let t = Instant::now();
        let res = tokio::time::timeout(Duration::from_secs(5), app.client.get(app.url("/healthz")).send()).await;
        let took = t.elapsed();
        assert!(matches!(res, Ok(Ok(ref r)) if r.status() == 200), "{}: /healthz failed during the attack", case.name);
        slowest = slowest.max(took);
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let (status, code, took) = upload.await.unwrap();
    (status, code, took, slowest)
}

async fn run(backend: Backend, cases: &[Case]) -> (usize, usize) {
    let Some(app) = TestApp::spawn(backend).await else {
        println!("{backend:?}: skipped (TEST_POSTGRES_URL not set)");
        return (0, 0);
    };
    let token = app.login("office").await;
    let (mut passed, mut failed) = (0, 0);
    for case in cases {
        let (status, code, took, slowest) = attack(&app, &token, case).await;
        let ok = status == case.status && code == case.code && slowest < Duration::from_secs(1);
        println!(
            "{:<9} {:<24} {:>8} bytes → {status} {code:<22} in {:>6.0} ms; slowest /healthz {:>4.0} ms  {}",
            format!("{backend:?}"),
            case.name,
            case.bytes.len(),
            took.as_secs_f64() * 1000.0,
            slowest.as_secs_f64() * 1000.0,
            if ok { "ok" } else { "FAILED" }
        );
        if ok {
            passed += 1;
        } else {
            println!("    expected {} {}", case.status, case.code);
            failed += 1;
        }
    }
    // Nothing was written by any of them.
    assert_eq!(app.get_json("/api/v1/issues", &token).await["total"], 0);
    (passed, failed)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(i) = args.iter().position(|a| a == "--write-files") {
        let dir = std::path::PathBuf::from(args.get(i + 1).expect("--write-files DIR"));
        std::fs::create_dir_all(&dir).unwrap();
        for c in cases() {
            std::fs::write(dir.join(c.file), &c.bytes).unwrap();
            println!("{}\t{}\t{}\t{}", c.file, c.content_type, c.status, c.code);
        }
        return;
    }
    // Names to run; libtest's own flags (from `cargo test`) are ignored.
    let filter: Vec<String> = args.into_iter().filter(|a| !a.starts_with('-')).collect();
    let cases: Vec<Case> = cases()
        .into_iter()
        .filter(|c| filter.is_empty() || filter.iter().any(|f| c.name.contains(f.as_str())))
        .collect();
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let (mut passed, mut failed) = (0, 0);
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let (p, f) = rt.block_on(run(backend, &cases));
        passed += p;
        failed += f;
    }
    println!("\ntest result: {}. {passed} passed; {failed} failed", if failed == 0 { "ok" } else { "FAILED" });
    if failed > 0 {
        std::process::exit(1);
    }
}
