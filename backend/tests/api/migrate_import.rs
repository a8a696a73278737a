//! 迁移导入 (issue #16 item 7): a ledger already in progress brought in with its states, on both
//! databases.

use std::collections::HashMap;

use diesel::prelude::*;
use serde_json::Value;

use crate::db_test;
use crate::helpers::{TestApp, assert_problem};
use crate::imports::{import, import_ok};

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const STATES: [(&str, &str); 5] =
    [("自查", "self_check"), ("交办", "assigned"), ("整改", "rectifying"), ("核查", "verifying"), ("销号", "closed")];
const HEADER: [&str; 16] = [
    "编号",
    "问题标题",
    "问题描述",
    "问题类别",
    "问题类型",
    "线索来源",
    "企业名称",
    "涉及金额（元）",
    "状态",
    "责任单位",
    "配合单位",
    "整改时限",
    "整改措施",
    "已化解金额（元）",
    "销号日期",
    "欠款主体性质",
];

/// One ledger row: the i-th problem, in STATES[i % 5], with what that state needs.
fn ledger_row(i: usize) -> Vec<String> {
    let (state, _) = STATES[i % 5];
    let k = i % 5;
    let s = |on: bool, v: &str| if on { v.to_owned() } else { String::new() };
    vec![
        format!("OLD-{i:04}"),
        format!("迁移问题{i:04}"),
        "合同约定验收后付款已逾期".into(),
        "机关事业单位拖欠企业账款".into(),
        "延迟支付".into(),
        "营商环境问题投诉".into(),
        "随州市测试建筑有限公司".into(),
        format!("{}", 10_000 + i),
        state.into(),
        s(k >= 1, "区财政局"),
        s(k >= 1 && i.is_multiple_of(2), "区教育局"),
        s(k >= 1, "2024年6月30日"),
        s(k >= 2, "分期支付, 本年内付清"),
        s(k >= 2, &i.to_string()),
        s(k == 4, "2024-07-15"),
        s(i.is_multiple_of(3), "国有企业"),
    ]
}

/// The ledger as an office keeps it: a title row above the header.
fn workbook(rows: &[Vec<String>]) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "曾都区政府履约问题台账（在办）").unwrap();
    for (c, h) in HEADER.iter().enumerate() {
        ws.write_string(1, c as u16, *h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(2 + r as u32, c as u16, v).unwrap();
            }
        }
    }
    wb.save_to_buffer().unwrap()
}

async fn total(app: &TestApp, token: &str, query: &str) -> i64 {
    app.get_json(&format!("/api/v1/issues{query}"), token).await["total"].as_i64().unwrap()
}

fn count(app: &TestApp, sql_table: &str) -> i64 {
    #[derive(QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    diesel::sql_query(format!("SELECT COUNT(*) AS n FROM {sql_table}")).get_result::<N>(&mut app.conn()).unwrap().n
}

db_test!(a_ledger_in_progress_migrates_with_states_timelines_and_audit, |app| {
    let office = app.login("office").await;
    // One problem registered before: migrated problems continue the campaign's numbering.
    let before = "问题标题,问题描述,问题类别,问题类型,线索来源,企业名称,涉及金额（元）\n已有问题,d,机关事业单位拖欠企业账款,延迟支付,营商环境问题投诉,随州市测试建筑有限公司,1\n";
    let first = import_ok(&app, &office, "", "text/csv", before.as_bytes().to_vec()).await;
    assert_eq!(first["created"], 1, "{first}");
    let first_number = first["created_problems"][0]["number"].as_str().unwrap().to_owned();
    let outbox_before = count(&app, "outbox_events");

    let rows: Vec<Vec<String>> = (0..1000).map(ledger_row).collect();
    let file = workbook(&rows);
    let query = "?mode=migrate&file_name=%E5%9C%A8%E5%8A%9E%E5%8F%B0%E8%B4%A6.xlsx"; // 在办台账.xlsx
    let dry = import_ok(&app, &office, &format!("{query}&dry_run=true"), XLSX, file.clone()).await;
    assert_eq!(
        (dry["mode"].as_str(), dry["created"].as_u64(), dry["failed"].as_u64()),
        (Some("migrate"), Some(1000), Some(0)),
        "{}",
        dry["errors"]
    );
    assert_eq!(dry["header_rows"], serde_json::json!([2]));
    assert_eq!(dry["committed"], false);
    assert_eq!(total(&app, &office, "").await, 1, "a dry run writes nothing");

    let r = import_ok(&app, &office, query, XLSX, file.clone()).await;
    assert_eq!((r["committed"].as_bool(), r["created"].as_u64()), (Some(true), Some(1000)), "{r}");
    let created = r["created_problems"].as_array().unwrap();
    assert_eq!(created.len(), 1000);
    let (prefix, seq) = first_number.split_at(first_number.len() - 5);
    let next: u32 = seq.parse::<u32>().unwrap() + 1;
    assert_eq!(created[0]["number"], format!("{prefix}{next:05}"), "the campaign's sequence continues");
    assert_eq!(created[999]["number"], format!("{prefix}{:05}", next + 999));
    assert_eq!(created[0]["row"], 3, "rows as the sheet numbers them");

    // The ledger, the statistics and the export agree with the file.
    let mut per_state: HashMap<&str, i64> = HashMap::new();
    let (mut involved, mut resolved) = (100i64, 0i64); // the problem registered before: 1 yuan
    for (i, row) in rows.iter().enumerate() {
        *per_state.entry(STATES[i % 5].1).or_default() += 1;
        involved += (10_000 + i as i64) * 100;
        resolved += row[13].parse::<i64>().unwrap_or(0) * 100;
    }
    *per_state.get_mut("self_check").unwrap() += 1;
    for (_, code) in STATES {
        assert_eq!(total(&app, &office, &format!("?state={code}")).await, per_state[code], "{code}");
    }
    assert_eq!(total(&app, &office, "?debtor_nature=soe").await, 334, "the facts came along");
    let overview = app.get_json("/api/v1/stats/overview", &office).await;
    for item in overview["by_state"].as_array().unwrap() {
        assert_eq!(item["count"].as_i64().unwrap(), per_state[item["code"].as_str().unwrap()], "{overview}");
    }
    assert_eq!(
        (overview["amount_involved_fen"].as_i64(), overview["amount_resolved_fen"].as_i64()),
        (Some(involved), Some(resolved))
    );
    // Migrated closures count as closed, but their history happened elsewhere: no on-time
    // figure or duration is made from them (their registration time is the import's).
    assert_eq!(overview["closed"].as_i64(), Some(per_state["closed"]), "{overview}");
    assert_eq!(
        (overview["closed_on_time"].as_i64(), overview["average_days_to_close"].clone()),
        (Some(0), Value::Null)
    );
    let csv = app.get_as("/api/v1/exports/issues.csv", &office).await.text().await.unwrap();
    let mut reader = csv::ReaderBuilder::new().from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let headers = reader.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (state_col, amount_col) = (col("状态"), col("涉及金额(元)"));
    let mut exported: HashMap<String, i64> = HashMap::new();
    let mut exported_fen = 0i64;
    for record in reader.records() {
        let record = record.unwrap();
        *exported.entry(record[state_col].to_owned()).or_default() += 1;
        exported_fen += lvyue::domain::money::parse_yuan(&record[amount_col]).unwrap();
    }
    assert_eq!(exported.values().sum::<i64>(), 1001);
    assert_eq!(exported["整改"], per_state["rectifying"]);
    assert_eq!(exported["销号"], per_state["closed"]);
    assert_eq!(exported_fen, involved);

    // Each problem: its state directly, with one 迁移导入 entry naming who imported it from which file.
    let closed_id = created[4]["id"].as_str().unwrap();
    let issue = app.get_json(&format!("/api/v1/issues/{closed_id}"), &office).await;
    assert_eq!((issue["state"].as_str(), issue["source_ref"].as_str()), (Some("closed"), Some("OLD-0004")), "{issue}");
    assert_eq!(issue["responsible_unit_id"], app.unit_id("finance"));
    assert_eq!(issue["deadline"], "2024-06-30", "a past deadline is history");
    assert_eq!(issue["cooperating_unit_ids"], serde_json::json!([app.unit_id("education")]));
    let timeline = app.get_json(&format!("/api/v1/issues/{closed_id}/timeline"), &office).await;
    let entries = timeline.as_array().unwrap();
    assert_eq!(entries.len(), 2, "{timeline}");
    // Its resolved amount comes in as one opening payment record (期初结转).
    assert_eq!(
        (entries[1]["action"].as_str(), &entries[1]["payload"]["amount_fen"]),
        (Some("opening_payment"), &serde_json::json!(400))
    );
    assert_eq!(issue["amount_resolved_fen"], 400);
    assert_eq!(
        (entries[0]["action"].as_str(), entries[0]["action_label"].as_str()),
        (Some("migrate"), Some("迁移导入"))
    );
    assert_eq!(entries[0]["actor"]["kind"], "system");
    let comment = entries[0]["comment"].as_str().unwrap();
    assert!(
        comment.contains("office") && comment.contains("在办台账.xlsx") && comment.contains("第 7 行"),
        "{comment}"
    );
    // The responsible unit sees what it was given.
    let unit = app.login("unit_finance").await;
    assert_eq!(total(&app, &unit, "?state=rectifying").await, per_state["rectifying"]);

    // One audit record per problem; no notification, no webhook; flagged for the scores.
    let auditor = app.login("auditor").await;
    let audit = app.get_json("/api/v1/audit?action=issue.migrate&page_size=1", &auditor).await;
    assert_eq!(audit["total"], 1000, "{audit}");
    assert_eq!(audit["items"][0]["actor_kind"], "system", "{audit}");
    assert_eq!(count(&app, "outbox_events"), outbox_before, "no event, so no notification or webhook");
    assert_eq!(count(&app, "issues WHERE migrated"), 1000);

    // Re-importing the file creates nothing; a changed row is reported, not applied.
    let mut changed = rows.clone();
    changed[2][12] = "改过的措施".into();
    let again = import_ok(&app, &office, query, XLSX, workbook(&changed)).await;
    assert_eq!((again["created"].as_u64(), again["unchanged"].as_u64()), (Some(0), Some(999)), "{again}");
    let skipped: Vec<&Value> =
        again["skipped_rows"].as_array().unwrap().iter().filter(|s| s["reason"] == "existing").collect();
    assert_eq!(skipped.len(), 1, "{again}");
    assert_eq!((skipped[0]["row"].as_u64(), skipped[0]["existing_id"].as_str()), (Some(5), created[2]["id"].as_str()));
    assert_eq!(total(&app, &office, "").await, 1001);
    let kept = app.get_json(&format!("/api/v1/issues/{}", created[2]["id"].as_str().unwrap()), &office).await;
    assert_eq!(kept["measures"], "分期支付, 本年内付清");
});

db_test!(a_migration_is_office_only_and_all_or_nothing, |app| {
    let office = app.login("office").await;
    // A unit user: 403, recorded as a refusal, nothing written.
    let unit = app.login("unit_finance").await;
    let file = workbook(&[ledger_row(2)]);
    let res = import(&app, &unit, "?mode=migrate", XLSX, file.clone()).await;
    assert_problem(res, 403, "forbidden").await;
    let auditor = app.login("auditor").await;
    let denied = app.get_json("/api/v1/audit?action=import.migrate", &auditor).await;
    assert_eq!(denied["items"][0]["result"], "denied", "{denied}");
    assert_eq!(denied["items"][0]["actor_name"], "unit_finance");
    // The unit's ordinary import still works; its permissions do not include migrating.
    let me = app.get_json("/api/v1/auth/me", &unit).await;
    assert!(!me["permissions"].as_array().unwrap().iter().any(|p| p == "migrate_issues"), "{me}");
    let me = app.get_json("/api/v1/auth/me", &office).await;
    assert!(me["permissions"].as_array().unwrap().iter().any(|p| p == "migrate_issues"), "{me}");

    // A 整改 row without a deadline refuses the whole file, naming the row and the column.
    let mut rows: Vec<Vec<String>> = (0..10).map(ledger_row).collect();
    rows[7][11].clear();
    rows[3][9] = "区不存在局".into();
    rows[8][0].clear();
    let r = import_ok(&app, &office, "?mode=migrate", XLSX, workbook(&rows)).await;
    assert_eq!((r["committed"].as_bool(), r["created"].as_u64()), (Some(false), Some(0)), "{r}");
    let errors: Vec<(u64, &str)> = r["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["row"].as_u64().unwrap(), e["field"].as_str().unwrap()))
        .collect();
    assert_eq!(errors, [(6, "responsible_unit"), (10, "deadline"), (11, "number")], "{r}");
    assert_eq!(r["errors"][0]["value"], "区不存在局");
    assert_eq!(r["errors"][1]["message"], "「整改」状态的问题须填写「整改时限」");
    let failed: Vec<(u64, &str)> = r["failed_rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["row"].as_u64().unwrap(), f["cells"]["title"].as_str().unwrap()))
        .collect();
    assert_eq!(
        failed,
        [(6, "迁移问题0003"), (10, "迁移问题0007"), (11, "迁移问题0008")],
        "the rows to download, as the file has them"
    );
    assert_eq!(r["failed_rows"][0]["cells"]["responsible_unit"], "区不存在局");
    assert_eq!(total(&app, &office, "").await, 0, "nothing written");
    // A file without 状态 is no migration.
    let res = import(
        &app,
        &office,
        "?mode=migrate",
        "text/csv",
        "问题标题,问题描述,问题类别,问题类型,涉及企业\na,b,c,d,e\n".into(),
    )
    .await;
    let body = assert_problem(res, 422, "missing_columns").await;
    assert!(body["detail"].as_str().unwrap().contains("状态"), "{body}");
});
