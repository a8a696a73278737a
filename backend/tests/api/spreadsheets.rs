//! Clerks' real spreadsheets (issue #16): the fixture corpus imported on both databases, and the
//! system's own exports imported back.

use serde_json::Value;

use crate::db_test;
use crate::helpers::assert_problem;
use crate::imports::{import, import_ok as report};

#[path = "../fixtures/spreadsheets/mod.rs"]
mod fixtures;

use fixtures::Expect;

/// The clerks' sheets are units' self-inspection lists without a 线索来源 column: the office
/// names the source for the whole file when importing them.
const CORPUS: &str = "?source=self_inspection";

fn pairs(report: &Value, key: &str, a: &str, b: &str) -> Vec<(Value, Value)> {
    report[key].as_array().unwrap().iter().map(|x| (x[a].clone(), x[b].clone())).collect()
}

db_test!(the_fixture_corpus_imports_as_clerks_mean_it, |app| {
    let office = app.login("office").await;
    let variants = fixtures::variants();
    assert!(variants.len() >= 20, "the corpus has at least 20 variants");
    for v in variants {
        let name = v.name;
        let total_before = app.get_json("/api/v1/issues", &office).await["total"].as_i64().unwrap();
        match &v.expect {
            Expect::Refused { status, code, names } => {
                let res = import(&app, &office, CORPUS, v.content_type, v.bytes.clone()).await;
                let body = assert_problem(res, *status, code).await;
                assert!(body["detail"].as_str().unwrap().contains(names), "{name}: {body}");
            }
            Expect::RowErrors(expected) => {
                let r = report(&app, &office, CORPUS, v.content_type, v.bytes.clone()).await;
                assert_eq!(r["committed"], false, "{name}: all or nothing");
                let got: Vec<(i64, String, String)> = r["errors"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|e| {
                        (
                            e["row"].as_i64().unwrap(),
                            e["field"].as_str().unwrap().to_owned(),
                            e["value"].as_str().unwrap_or("").to_owned(),
                        )
                    })
                    .collect();
                let want: Vec<(i64, String, String)> =
                    expected.iter().map(|(r, f, v)| (*r as i64, f.to_string(), v.to_string())).collect();
                assert_eq!(got, want, "{name}: {r}");
            }
            Expect::Imported { amounts, header_rows, skipped, warnings } => {
                let dry =
                    report(&app, &office, &format!("{CORPUS}&dry_run=true"), v.content_type, v.bytes.clone()).await;
                assert_eq!(dry["failed"], 0, "{name}: {dry}");
                assert_eq!(dry["created"].as_u64().unwrap() as usize, amounts.len(), "{name}: {dry}");
                assert_eq!(dry["header_rows"], serde_json::json!(header_rows), "{name}: {dry}");
                let got: Vec<(Value, Value)> = pairs(&dry, "skipped_rows", "row", "reason");
                let want: Vec<(Value, Value)> = skipped.iter().map(|(r, why)| ((*r).into(), (*why).into())).collect();
                assert_eq!(got, want, "{name}: {dry}");
                assert_eq!(dry["warnings"].as_array().unwrap().len(), *warnings, "{name}: {dry}");
                for (column, status) in &v.columns {
                    let c = dry["columns"].as_array().unwrap().iter().find(|c| c["column"] == *column);
                    assert_eq!(c.map(|c| c["status"].clone()), Some((*status).into()), "{name} {column}: {dry}");
                }
                // Really imported (all or nothing), with the right amounts in fen.
                let r = report(&app, &office, CORPUS, v.content_type, v.bytes.clone()).await;
                assert_eq!(r["committed"], true, "{name}: {r}");
                let list = app.get_json(&format!("/api/v1/issues?q={name}&sort=number&page_size=50"), &office).await;
                let got: Vec<i64> = list["items"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|i| i["amount_involved_fen"].as_i64().unwrap())
                    .collect();
                assert_eq!(&got, amounts, "{name}: {list}");
            }
        }
        if !matches!(v.expect, Expect::Imported { .. }) {
            let after = app.get_json("/api/v1/issues", &office).await["total"].as_i64().unwrap();
            assert_eq!(after, total_before, "{name}: nothing written");
        }
    }
    // Names as offices write them reached the right units.
    let list = app.get_json("/api/v1/issues?q=V18&sort=number", &office).await;
    let units: Vec<&str> =
        list["items"].as_array().unwrap().iter().map(|i| i["reporting_unit_name"].as_str().unwrap()).collect();
    assert_eq!(units, ["区财政局", "区财政局", "区教育局"]);
    // The merged enterprise cell reached both rows.
    let list = app.get_json("/api/v1/issues?q=V22&sort=number", &office).await;
    assert!(
        list["items"].as_array().unwrap().iter().all(|i| i["enterprise_name"] == "随州市V22建筑有限公司"),
        "{list}"
    );
});

db_test!(the_systems_own_exports_import_back, |app| {
    let office = app.login("office").await;
    app.seed_demo_problems();
    let total = app.get_json("/api/v1/issues", &office).await["total"].as_u64().unwrap() as usize;
    for (path, ct) in [("/api/v1/exports/issues.xlsx", fixtures::XLSX), ("/api/v1/exports/issues.csv", "text/csv")] {
        let file = app.get_as(path, &office).await.bytes().await.unwrap().to_vec();
        let r = report(&app, &office, "?dry_run=true", ct, file.clone()).await;
        assert_eq!((r["created"].as_u64(), r["failed"].as_u64()), (Some(0), Some(0)), "{path}: {r}");
        let existing: Vec<&Value> =
            r["skipped_rows"].as_array().unwrap().iter().filter(|s| s["reason"] == "existing").collect();
        assert_eq!(existing.len(), total, "{path}: every exported problem is recognised by its 编号");
        assert!(existing.iter().all(|s| s["existing_id"].is_string()));
        let column = |name: &str| r["columns"].as_array().unwrap().iter().find(|c| c["column"] == name).cloned();
        assert_eq!(column("编号").unwrap()["status"], "recognised");
        assert_eq!(column("整改时限").unwrap()["status"], "not_applicable");
        assert!(column("整改时限").unwrap()["note"].as_str().unwrap().contains("不导入"));
        if ct == fixtures::XLSX {
            assert_eq!(r["header_rows"], serde_json::json!([2]), "the title row is skipped");
            assert_eq!(r["skipped_rows"][0]["reason"], "above_header");
        }
    }
    // An exported row without its 编号 is a new problem: its title comes back out of 【…】.
    let csv = app.get_as("/api/v1/exports/issues.csv?sort=number", &office).await.text().await.unwrap();
    let mut lines: Vec<String> = csv.trim_start_matches('\u{feff}').lines().map(str::to_owned).collect();
    let mut first: Vec<String> = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(lines[1].as_bytes())
        .records()
        .next()
        .unwrap()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    first[1].clear();
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&first).unwrap();
    lines[1] = String::from_utf8(w.into_inner().unwrap()).unwrap().trim_end().to_owned();
    lines.truncate(2);
    let r = report(&app, &office, "?dry_run=true", "text/csv", lines.join("\n").into_bytes()).await;
    assert_eq!((r["created"].as_u64(), r["failed"].as_u64()), (Some(1), Some(0)), "{r}");
});

/// Writes the corpus to `backend/tests/fixtures/spreadsheets/generated/` to look at in Excel.
#[test]
#[ignore]
fn write_spreadsheet_fixtures() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/spreadsheets/generated");
    std::fs::create_dir_all(&dir).unwrap();
    for v in fixtures::variants() {
        std::fs::write(dir.join(v.file), &v.bytes).unwrap();
        println!("{} — {:?}", v.file, v.expect);
    }
}
