//! API keys, bulk imports, the template and exports.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use serde_json::{Value, json};

use crate::db_test;
use crate::helpers::{TestApp, assert_problem};

const HEADER: &str = "问题标题,问题描述,问题类别,问题类型,拖欠对象,线索来源,来源编号,涉及企业,统一社会信用代码,企业联系人,联系电话,涉及金额(元),报送单位";

const FACTS_HEADER: &str = "应付金额(元),欠款主体,欠款主体性质,约定付款日期,有无分歧,分歧说明,合同/协议/政策/资金名称,合同编号/文号,签订/发文日期,合同金额(元),企业规模,所有制,承诺内容,是否依法依规,不兑现理由,发文层级";

fn csv_line(title: &str, reference: &str, amount: &str, uscc: &str) -> String {
    format!(
        "{title},合同约定验收后付款已逾期,机关事业单位拖欠企业账款,延迟支付,工程,营商环境问题投诉,{reference},随州市测试建筑有限公司,{uscc},张经理,13871234567,{amount},"
    )
}

pub(crate) async fn import(
    app: &TestApp,
    token: &str,
    query: &str,
    content_type: &str,
    body: Vec<u8>,
) -> reqwest::Response {
    app.client
        .post(app.url(&format!("/api/v1/imports{query}")))
        .bearer_auth(token)
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap()
}

pub(crate) async fn import_ok(app: &TestApp, token: &str, query: &str, content_type: &str, body: Vec<u8>) -> Value {
    let res = import(app, token, query, content_type, body).await;
    let status = res.status();
    let report: Value = res.json().await.unwrap();
    assert_eq!(status, 200, "{report}");
    report
}

async fn total(app: &TestApp, token: &str) -> i64 {
    app.get_json("/api/v1/issues", token).await["total"].as_i64().unwrap()
}

fn mixed_file() -> String {
    [
        HEADER.to_owned(),
        csv_line("拖欠工程款一", "TS-1", "1234.50", "91350100M000100Y43"),
        csv_line("拖欠工程款二", "TS-2", "12.345", "91350100M000100Y43"),
        csv_line("拖欠工程款三", "TS-3", "800", "91350100M000100Y44"),
        csv_line("拖欠工程款四", "TS-4", "\"1,000.00\"", ""),
    ]
    .join("\n")
}

db_test!(imports_validate_report_rows_and_are_idempotent, |app| {
    let office = app.login("office").await;
    let csv = mixed_file();
    // Dry run: every bad row and field, nothing written.
    let report = import_ok(&app, &office, "?dry_run=true", "text/csv", csv.clone().into_bytes()).await;
    assert_eq!(report["total"], 4);
    assert_eq!(report["failed"], 2);
    assert_eq!(report["created"], 2, "would be created");
    assert_eq!(report["committed"], false);
    let errors: Vec<(i64, &str)> = report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["row"].as_i64().unwrap(), e["field"].as_str().unwrap()))
        .collect();
    assert_eq!(errors, [(3, "amount_involved"), (4, "enterprise_uscc")]);
    assert!(report["errors"][0]["message"].as_str().unwrap().contains("两位小数"));
    assert_eq!(total(&app, &office).await, 0);
    // All or nothing (the default): one bad row, nothing written.
    let report = import_ok(&app, &office, "", "text/csv", csv.clone().into_bytes()).await;
    assert_eq!((report["created"].as_i64(), report["committed"].as_bool()), (Some(0), Some(false)));
    assert_eq!(total(&app, &office).await, 0);
    // Skip invalid: exactly the good rows.
    let report = import_ok(&app, &office, "?mode=skip_invalid", "text/csv", csv.clone().into_bytes()).await;
    assert_eq!((report["created"].as_i64(), report["failed"].as_i64()), (Some(2), Some(2)));
    let list = app.get_json("/api/v1/issues?sort=number", &office).await;
    assert_eq!(list["total"], 2);
    let amounts: Vec<i64> =
        list["items"].as_array().unwrap().iter().map(|i| i["amount_involved_fen"].as_i64().unwrap()).collect();
    assert_eq!(amounts, [123_450, 100_000], "yuan parsed exactly");
    assert_eq!(list["items"][0]["number"], "LY2024-00001");
    // The same file again: nothing new.
    let report = import_ok(&app, &office, "?mode=skip_invalid", "text/csv", csv.clone().into_bytes()).await;
    assert_eq!(
        (report["created"].as_i64(), report["unchanged"].as_i64(), report["updated"].as_i64()),
        (Some(0), Some(2), Some(0))
    );
    assert_eq!(total(&app, &office).await, 2);
    // A changed row updates a problem still in self-check; once assigned it is reported, not applied.
    let changed = csv.replace("拖欠工程款一,合同约定验收后付款已逾期", "拖欠工程款一,补充: 已逾期一年");
    let report = import_ok(&app, &office, "?mode=skip_invalid", "text/csv", changed.clone().into_bytes()).await;
    assert_eq!(report["updated"], 1);
    let first = app.get_json("/api/v1/issues/by-ref?source=complaint&ref=TS-1", &office).await;
    assert_eq!(first["description"], "补充: 已逾期一年");
    let id = first["id"].as_str().unwrap();
    let deadline = (app.today() + chrono::Duration::days(10)).to_string();
    app.post(
        &format!("/api/v1/issues/{id}/transitions"),
        Some(&office),
        &json!({"action": "assign", "responsible_unit_id": app.unit_id("education"), "deadline": deadline}),
    )
    .await;
    let again = changed.replace("补充: 已逾期一年", "再次修改");
    let report = import_ok(&app, &office, "?mode=skip_invalid", "text/csv", again.into_bytes()).await;
    assert_eq!(report["updated"], 0);
    assert!(
        report["errors"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["row"] == 2 && e["message"].as_str().unwrap().contains("未应用"))
    );
    assert_eq!(app.get_json(&format!("/api/v1/issues/{id}"), &office).await["description"], "补充: 已逾期一年");
    // One audit record per import and one per created or updated problem; the chain holds.
    let auditor = app.login("auditor").await;
    assert_eq!(app.get_json("/api/v1/audit?action=import.run", &auditor).await["total"], 4);
    assert_eq!(app.get_json("/api/v1/audit?action=issue.create", &auditor).await["total"], 2);
    assert_eq!(app.get_json("/api/v1/audit/verify", &auditor).await["ok"], true);
});

db_test!(gbk_csv_json_and_xlsx_import, |app| {
    let office = app.login("office").await;
    let text = [HEADER.to_owned(), csv_line("GBK 编码的问题", "G-1", "99.9", "")].join("\r\n");
    let (gbk, _, _) = encoding_rs::GBK.encode(&text);
    let report = import_ok(&app, &office, "", "text/csv; charset=gbk", gbk.into_owned()).await;
    assert_eq!(report["created"], 1, "{report}");
    let got = app.get_json("/api/v1/issues/by-ref?source=complaint&ref=G-1", &office).await;
    assert_eq!(got["title"], "GBK 编码的问题");
    assert_eq!(got["amount_involved_fen"], 9990);
    // JSON with API field names and labels or codes.
    let rows = json!([
        {"title": "JSON 一", "description": "d", "category": "funds", "problem_type": "兑现不及时", "source": "online",
         "enterprise_name": "企业甲", "amount_involved": "10.01", "reporting_unit": "府河镇"},
        {"title": "JSON 二", "description": "d", "category": "惠企政策落实", "problem_type": "policy_delay",
         "enterprise_name": "企业乙", "amount_involved_fen": 500}
    ]);
    // Each row names its source, or the importer names one for the file: never assumed.
    let report =
        import_ok(&app, &office, "?dry_run=true", "application/json", serde_json::to_vec(&rows).unwrap()).await;
    assert_eq!(report["errors"], json!([{"row": 2, "field": "source", "message": "请选择线索来源"}]), "{report}");
    let report = import_ok(&app, &office, "?source=自查", "application/json", serde_json::to_vec(&rows).unwrap()).await;
    assert_eq!(report["created"], 2, "{report}");
    let list = app.get_json("/api/v1/issues?q=JSON&sort=number", &office).await;
    assert_eq!(list["items"][0]["reporting_unit_name"], "府河镇");
    assert_eq!(list["items"][0]["amount_involved_fen"], 1001);
    assert_eq!(list["items"][0]["source"], "online", "a row's own source stands");
    assert_eq!(list["items"][1]["source"], "self_inspection", "the file's source, by its label");
    // XLSX built like a user's spreadsheet (numbers typed as numbers).
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (i, h) in HEADER.split(',').enumerate() {
        ws.write_string(0, i as u16, h).unwrap();
    }
    let cells = [
        "XLSX 问题",
        "描述",
        "涉企资金拨付",
        "拨付不到位",
        "",
        "来信来访",
        "X-1",
        "企业丙",
        "91350100M000100Y43",
        "",
        "",
    ];
    for (i, c) in cells.iter().enumerate() {
        ws.write_string(1, i as u16, *c).unwrap();
    }
    ws.write_number(1, 10, 13871234567.0).unwrap();
    ws.write_number(1, 11, 2500.5).unwrap();
    let bytes = wb.save_to_buffer().unwrap();
    let report = import_ok(&app, &office, "", lvyue::spreadsheet::XLSX_MIME, bytes).await;
    assert_eq!(report["created"], 1, "{report}");
    let x = app.get_json("/api/v1/issues/by-ref?source=letters_visits&ref=X-1", &office).await;
    assert_eq!(x["amount_involved_fen"], 250_050);
    assert_eq!(x["enterprise_phone"], "13871234567");
});

db_test!(unreadable_files_are_422_and_limits_413, |app| {
    let office = app.login("office").await;
    let res = import(&app, &office, "", lvyue::spreadsheet::XLSX_MIME, b"PK\x03\x04 not really".to_vec()).await;
    assert!(assert_problem(res, 422, "unreadable_file").await["detail"].as_str().unwrap().contains("XLSX"));
    let res = import(&app, &office, "", "text/csv", format!("{HEADER}\n\"unclosed,x\n").into_bytes()).await;
    assert!(assert_problem(res, 422, "unreadable_file").await["detail"].as_str().unwrap().contains("引号"));
    let res = import(&app, &office, "", "text/csv", b"\x41,\x81".to_vec()).await;
    assert!(assert_problem(res, 422, "unreadable_file").await["detail"].as_str().unwrap().contains("编码"));
    let res = import(&app, &office, "", "text/csv", "问题标题,涉及企业\n标题,企业\n".as_bytes().to_vec()).await;
    let body = assert_problem(res, 422, "missing_columns").await;
    assert_eq!(body["missing_columns"], json!(["问题描述", "问题类别", "问题类型", "线索来源"]));
    let res = import(&app, &office, "", "text/csv", format!("{HEADER}\n").into_bytes()).await;
    assert_problem(res, 422, "empty_file").await;
    let res = import(&app, &office, "", "image/png", b"\x89PNG".to_vec()).await;
    assert_problem(res, 415, "unsupported_media_type").await;
    let many: Vec<Value> = (0..50_001).map(|i| json!({"title": i.to_string()})).collect();
    let res = import(&app, &office, "", "application/json", serde_json::to_vec(&many).unwrap()).await;
    assert_problem(res, 413, "too_many_rows").await;
    let res = import(&app, &office, "", "text/csv", vec![b'a'; 21 * 1024 * 1024]).await;
    assert_problem(res, 413, "payload_too_large").await;
    assert_eq!(total(&app, &office).await, 0);
    // Units import their own self-check lists only.
    let fuhe = app.login("unit_fuhe").await;
    let report = import_ok(&app, &fuhe, "?dry_run=true", "text/csv", mixed_file().into_bytes()).await;
    assert!(report["errors"].as_array().unwrap().iter().any(|e| e["field"] == "source"));
    let leader = app.login("leader").await;
    assert_problem(import(&app, &leader, "", "text/csv", mixed_file().into_bytes()).await, 403, "forbidden").await;
});

db_test!(api_keys_register_read_and_are_revoked, |app| {
    let admin = app.login("sysadmin").await;
    let office = app.login("office").await;
    let create =
        |scopes: Value| json!({"name": "营商环境投诉平台", "unit_id": app.unit_id("yingshang"), "scopes": scopes});
    assert_problem(
        app.post("/api/v1/api-keys", Some(&office), &create(json!(["issues:read"]))).await,
        403,
        "forbidden",
    )
    .await;
    let res = app.post("/api/v1/api-keys", Some(&admin), &create(json!(["issues:read"]))).await;
    assert_eq!(res.status(), 201);
    let read_only: Value = res.json().await.unwrap();
    let read_secret = read_only["secret"].as_str().unwrap().to_owned();
    assert!(read_secret.starts_with("lvk_"));
    // Only the hash is kept: the list never shows the secret.
    let keys = app.get_json("/api/v1/api-keys", &admin).await;
    assert!(!keys.to_string().contains(&read_secret));
    // A read-only key cannot import or register.
    assert_problem(import(&app, &read_secret, "", "text/csv", mixed_file().into_bytes()).await, 403, "forbidden").await;
    let full: Value = app
        .post("/api/v1/api-keys", Some(&admin), &create(json!(["issues:read", "issues:write", "imports:write"])))
        .await
        .json()
        .await
        .unwrap();
    let secret = full["secret"].as_str().unwrap().to_owned();
    let body = json!({"title": "门户转办问题", "description": "d", "category": "policy", "problem_type": "policy_delay",
        "source": "platform_transfer", "source_ref": "PT-9", "enterprise_name": "企业丁"});
    let res = app.post("/api/v1/issues", Some(&secret), &body).await;
    assert_eq!(res.status(), 201);
    let back = app.get_json("/api/v1/issues/by-ref?source=platform_transfer&ref=PT-9", &secret).await;
    assert_eq!(back["state"], "self_check");
    // Integrations read the public view (#21): no lifecycle actions, no internal fields.
    assert_eq!(back["view"], "public");
    assert!(back.get("allowed_actions").is_none(), "{back}");
    // A key sees only what it registered.
    app.post(
        "/api/v1/issues",
        Some(&office),
        &json!({"title": "办公室登记", "description": "d", "category": "policy",
        "problem_type": "policy_delay", "source": "online", "enterprise_name": "企业戊"}),
    )
    .await;
    assert_eq!(app.get_json("/api/v1/issues", &secret).await["total"], 1);
    assert_eq!(app.get_json("/api/v1/issues", &read_secret).await["total"], 0);
    let report = import_ok(&app, &secret, "?mode=skip_invalid", "text/csv", mixed_file().into_bytes()).await;
    assert_eq!(report["created"], 2);
    assert_eq!(app.get_json("/api/v1/issues", &secret).await["total"], 3);
    // Audited as the key.
    let auditor = app.login("auditor").await;
    let trail = app.get_json("/api/v1/audit?action=import.run", &auditor).await;
    assert_eq!(trail["items"][0]["actor_kind"], "api_key");
    let keys = app.get_json("/api/v1/api-keys", &admin).await;
    assert!(keys.as_array().unwrap().iter().any(|k| k["id"] == full["key"]["id"] && k["last_used_at"].is_string()));
    // Revoked → 401; expired → 401.
    let id = full["key"]["id"].as_str().unwrap();
    assert_eq!(app.post(&format!("/api/v1/api-keys/{id}/revoke"), Some(&admin), &json!({})).await.status(), 204);
    assert_problem(app.get_as("/api/v1/issues", &secret).await, 401, "invalid_api_key").await;
    let past = (chrono::Utc::now() - chrono::Duration::minutes(1)).naive_utc().format("%Y-%m-%d %H:%M:%S");
    app.exec(&format!(
        "UPDATE api_keys SET expires_at = '{past}' WHERE id = '{}'",
        read_only["key"]["id"].as_str().unwrap()
    ));
    assert_problem(app.get_as("/api/v1/issues", &read_secret).await, 401, "invalid_api_key").await;
    assert_problem(app.get_as("/api/v1/issues", "lvk_unknown").await, 401, "invalid_api_key").await;
});

/// A part of an XLSX file, as text.
fn xlsx_part(workbook: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(workbook)).unwrap();
    let mut text = String::new();
    std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut text).unwrap();
    text
}

/// The value of `attr` in the first element of `xml` that holds `marker`.
fn attribute<'a>(xml: &'a str, marker: &str, attr: &str) -> Option<&'a str> {
    let at = xml.find(marker)?;
    let element = &xml[xml[..at].rfind('<')?..at + xml[at..].find('>')?];
    let start = element.find(&format!(" {attr}=\""))? + attr.len() + 3;
    Some(&element[start..start + element[start..].find('"')?])
}

/// The main sheet's `rows` data rows have a thin border (one conditional format over exactly
/// their range), amounts in yuan with two decimals and the 序号 as a whole number: the
/// look the cells used to get one by one.
fn data_cells_look_as_the_clerks_expect(workbook: &[u8], rows: usize) {
    let sheet = xlsx_part(workbook, "xl/worksheets/sheet1.xml");
    let styles = xlsx_part(workbook, "xl/styles.xml");
    let last = rows + 2;
    assert_eq!(attribute(&sheet, "<conditionalFormatting", "sqref"), Some(format!("A3:AR{last}").as_str()));
    assert!(sheet.contains("<formula>TRUE</formula>"), "the border covers every data cell");
    let dxfs = &styles[styles.find("<dxfs").expect("a format for the border")..];
    let dxf = &dxfs[..dxfs.find("</dxfs>").unwrap()];
    for side in ["left", "right", "top", "bottom"] {
        assert!(dxf.contains(&format!("<{side} style=\"thin\"")), "{side} border: {dxf}");
    }
    let xfs = &styles[styles.find("<cellXfs").unwrap()..styles.find("</cellXfs>").unwrap()];
    let xf = |cell: &str| -> String {
        let index: usize = attribute(&sheet, &format!("r=\"{cell}\""), "s").unwrap_or("0").parse().unwrap();
        format!("<xf {}", xfs.split("<xf ").nth(index + 1).unwrap())
    };
    // The number format a cell shows: built in (1 and 4) or declared in the styles.
    let number_format = |cell: &str| -> String {
        let xf = xf(cell);
        match attribute(&xf, "numFmtId", "numFmtId").unwrap() {
            "1" => "0".to_owned(),
            "4" => "#,##0.00".to_owned(),
            id => attribute(&styles, &format!("numFmtId=\"{id}\" formatCode"), "formatCode").unwrap().to_owned(),
        }
    };
    assert_eq!(number_format("J3"), "#,##0.00", "涉及金额 in yuan with two decimals");
    assert_eq!(number_format("A3"), "0", "序号 as a whole number");
    assert!(xf("G3").contains("wrapText=\"1\""), "问题描述 wraps: {}", xf("G3"));
    assert!(sheet.contains(&format!("r=\"A{last}\"")) && !sheet.contains(&format!("r=\"A{}\"", last + 1)));
}

db_test!(template_and_exports_read_back, |app| {
    let office = app.login("office").await;
    let res = app.get_as("/api/v1/imports/template.xlsx", &office).await;
    assert_eq!(res.status(), 200);
    let mut template: Xlsx<_> = Xlsx::new(Cursor::new(res.bytes().await.unwrap().to_vec())).unwrap();
    assert_eq!(template.sheet_names(), ["问题清单", "填写说明", "字典"]);
    let sheet = template.worksheet_range("问题清单").unwrap();
    let headers: Vec<String> = sheet.rows().next().unwrap().iter().map(|c| c.to_string()).collect();
    assert_eq!(headers[..14].join(","), format!("{HEADER},发现单位"));
    assert_eq!(headers[14..].join(","), FACTS_HEADER, "then the facts, headed as the export heads them");
    let exported: Vec<&str> = lvyue::service::exports::COLUMNS.iter().map(|(h, _)| *h).collect();
    assert!(headers[14..].iter().all(|h| exported.contains(&h.as_str())), "{headers:?}");
    // The columns endpoint lists the same headers, with the field names row errors use.
    let columns = app.get_json("/api/v1/imports/columns", &office).await;
    let listed: Vec<&str> = columns.as_array().unwrap().iter().map(|c| c["header"].as_str().unwrap()).collect();
    assert_eq!(listed, headers);
    assert_eq!(
        columns[0],
        json!({"header": "问题标题", "field": "title", "required": true, "hint": "简要概括问题, 不超过 200 字"})
    );
    assert_eq!(columns[11]["field"], "amount_involved");
    let auditor = app.login("auditor").await;
    assert_eq!(app.get_as("/api/v1/imports/columns", &auditor).await.status(), 403);
    // The template itself imports cleanly as nothing (its example row is skipped).
    app.seed_demo_problems();
    let mut injected = json!({"title": "=HYPERLINK(\"http://x\")", "description": "+cmd", "category": "funds",
        "problem_type": "funds_late", "source": "online", "enterprise_name": "@企业", "amount_involved_fen": 100});
    injected["enterprise_uscc"] = json!("91350100M000100Y43");
    assert_eq!(app.post("/api/v1/issues", Some(&office), &injected).await.status(), 201);
    // The office exports everything; a group lead its group only.
    let res = app.get_as("/api/v1/exports/issues.xlsx", &office).await;
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-disposition"].to_str().unwrap().contains(".xlsx"));
    let workbook = res.bytes().await.unwrap().to_vec();
    data_cells_look_as_the_clerks_expect(&workbook, 61);
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(workbook)).unwrap();
    let name = wb.sheet_names()[0].clone();
    let range = wb.worksheet_range(&name).unwrap();
    let rows: Vec<&[Data]> = range.rows().collect();
    assert!(rows[0][0].to_string().starts_with("问题排查及整改清单"));
    let headers: Vec<String> = rows[1].iter().map(|c| c.to_string()).collect();
    assert_eq!(headers, lvyue::service::exports::COLUMNS.iter().map(|(h, _)| h.to_string()).collect::<Vec<_>>());
    assert_eq!(rows.len() - 2, 61);
    let formulas = wb.worksheet_formula(&name).unwrap();
    assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()), "no formula cells");
    let injected_row = rows.iter().find(|r| r[7].to_string().contains("企业")).map(|r| r[7].to_string());
    assert!(rows.iter().any(|r| r[7] == Data::String("'@企业".into())), "{injected_row:?}");
    assert!(
        rows.iter().any(|r| r[6].to_string().starts_with("【=HYPERLINK")),
        "descriptions start with the title in brackets"
    );
    let money = rows.iter().find(|r| r[7] == Data::String("'@企业".into())).unwrap();
    assert_eq!(money[9], Data::Float(1.0), "money in yuan");
    let lead = app.login("lead_funds").await;
    let res = app.get_as("/api/v1/exports/issues.xlsx", &lead).await;
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(res.bytes().await.unwrap().to_vec())).unwrap();
    let range = wb.worksheet_range(&wb.sheet_names()[0].clone()).unwrap();
    let groups: std::collections::HashSet<String> = range.rows().skip(2).map(|r| r[2].to_string()).collect();
    assert_eq!(groups.into_iter().collect::<Vec<_>>(), ["涉企资金规范拨付组"]);
    // CSV: BOM, same columns, neutralised, filters honoured.
    let res = app.get_as("/api/v1/exports/issues.csv?category=funds", &office).await;
    assert_eq!(res.headers()["content-type"], "text/csv; charset=utf-8");
    let bytes = res.bytes().await.unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(text.starts_with("序号,编号,工作组"));
    assert!(text.contains("'@企业"));
    let funds = app.get_json("/api/v1/issues?category=funds", &office).await["total"].as_i64().unwrap();
    assert_eq!(csv::Reader::from_reader(text.as_bytes()).records().count() as i64, funds);
    // Rows in the list's order, whatever the sort (the export reads the order once, then pages).
    for sort in ["deadline", "-deadline", "-amount_involved_fen", "created_at"] {
        let listed = app.get_json(&format!("/api/v1/issues?sort={sort}&page_size=100"), &office).await;
        let listed: Vec<&str> =
            listed["items"].as_array().unwrap().iter().map(|i| i["number"].as_str().unwrap()).collect();
        let res = app.get_as(&format!("/api/v1/exports/issues.csv?sort={sort}"), &office).await;
        let text = String::from_utf8(res.bytes().await.unwrap()[3..].to_vec()).unwrap();
        let exported: Vec<String> =
            csv::Reader::from_reader(text.as_bytes()).records().map(|r| r.unwrap()[1].to_string()).collect();
        assert_eq!(exported, listed, "sort={sort}");
    }
    assert_problem(app.get_as("/api/v1/exports/issues.csv", &app.login("unit_fuhe").await).await, 403, "forbidden")
        .await;
    let auditor = app.login("auditor").await;
    assert_eq!(app.get_json("/api/v1/audit?action=export.issues", &auditor).await["total"], 7);
});

// U+0000 cannot be stored in PostgreSQL text: a body, a query or an imported cell holding it is
// refused naming where, on both databases alike, and nothing is written (found by schemathesis
// as a 500 on PostgreSQL).
db_test!(nul_characters_are_refused_everywhere_text_enters, |app| {
    let office = app.login("office").await;
    let before = total(&app, &office).await;
    let body = json!({
        "title": "含空字符的问题", "description": "a\u{0}b", "category": "funds", "problem_type": "funds_late", "source": "complaint",
        "enterprise_name": "随州市测试科技有限公司",
    });
    let res = app.post("/api/v1/issues", Some(&office), &body).await;
    let problem = assert_problem(res, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["field"], "description");
    let res = app.request(reqwest::Method::GET, "/api/v1/issues?q=a%00b", Some(&office), None).await;
    assert_problem(res, 400, "invalid_query").await;
    let csv = [HEADER.to_owned(), csv_line("拖欠\u{0}工程款", "TS-NUL", "100", "")].join("\n");
    let report = import_ok(&app, &office, "?mode=skip_invalid", "text/csv", csv.into_bytes()).await;
    assert_eq!(report["failed"], 1, "{report}");
    assert_eq!(report["errors"][0]["field"], "title", "{report}");
    assert_eq!(total(&app, &office).await, before);
});

// At most LVYUE_MAX_IMPORTS imports are read at once: one more answers 503 with Retry-After,
// before its body is taken, and nothing is written; a free slot lets it through.
async fn imports_beyond_the_cap_wait(backend: crate::helpers::Backend) {
    let slots = lvyue::config::Slots::new(1);
    let (cap, held) = (slots.clone(), slots.try_take());
    let Some(app) = TestApp::spawn_configured(backend, move |c| c.import_slots = cap).await else { return };
    let office = app.login("office").await;
    let res = import(&app, &office, "", "text/csv", mixed_file().into_bytes()).await;
    assert_eq!(res.headers().get("retry-after").map(|v| v.to_str().unwrap().to_owned()), Some("5".into()));
    let body = assert_problem(res, 503, "imports_busy").await;
    assert!(body["detail"].as_str().unwrap().contains("1 个"));
    assert_eq!(total(&app, &office).await, 0);
    drop(held);
    let report = import_ok(&app, &office, "?dry_run=true", "text/csv", mixed_file().into_bytes()).await;
    assert_eq!(report["total"], 4);
    assert!(slots.try_take().is_some(), "the slot is given back after the import");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn imports_beyond_the_cap_wait_sqlite() {
    imports_beyond_the_cap_wait(crate::helpers::Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn imports_beyond_the_cap_wait_postgres() {
    imports_beyond_the_cap_wait(crate::helpers::Backend::Postgres).await;
}

db_test!(row_errors_echo_the_cell_and_the_failed_row_in_every_format, |app| {
    let office = app.login("office").await;
    let bad_uscc = "91350100M000100Y44";
    let fields = [
        ("问题标题", "title", "回显测试"),
        ("问题描述", "description", "描述"),
        ("问题类别", "category", "机关事业单位拖欠企业账款"),
        ("问题类型", "problem_type", "延迟支付"),
        ("线索来源", "source", "自查"),
        ("涉及企业", "enterprise_name", "随州市测试建筑有限公司"),
        ("统一社会信用代码", "enterprise_uscc", bad_uscc),
        ("涉及金额(元)", "amount_involved", "12.345"),
    ];
    let csv = format!(
        "{}\n{}\n",
        fields.iter().map(|f| f.0).collect::<Vec<_>>().join(","),
        fields.iter().map(|f| f.2).collect::<Vec<_>>().join(",")
    );
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, (h, _, v)) in fields.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
        ws.write_string(1, c as u16, *v).unwrap();
    }
    let xlsx = wb.save_to_buffer().unwrap();
    let item: serde_json::Map<String, Value> = fields.iter().map(|(_, f, v)| (f.to_string(), json!(v))).collect();
    let json = serde_json::to_vec(&json!([item])).unwrap();
    for (ct, body, row) in [
        ("text/csv", csv.into_bytes(), 2),
        ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx, 2),
        ("application/json", json, 1),
    ] {
        let r = import_ok(&app, &office, "?dry_run=true", ct, body).await;
        let mut echoed: Vec<(&str, &str)> = r["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| (e["field"].as_str().unwrap(), e["value"].as_str().unwrap_or("")))
            .collect();
        echoed.sort();
        assert_eq!(echoed, [("amount_involved", "12.345"), ("enterprise_uscc", bad_uscc)], "{ct}: {r}");
        assert_eq!(r["failed_rows"][0]["cells"]["amount_involved"], "12.345", "an unreadable cell too: {r}");
        assert_eq!(r["failed_rows"][0]["row"], row, "{ct}: {r}");
        assert_eq!(r["failed_rows"][0]["cells"]["title"], "回显测试", "{ct}: {r}");
        assert_eq!(r["failed_rows"][0]["cells"]["enterprise_uscc"], bad_uscc, "{ct}: {r}");
    }
});

db_test!(an_over_long_file_name_is_refused_not_cut, |app| {
    let office = app.login("office").await;
    let query = format!("?dry_run=true&file_name={}", "台账".repeat(128));
    let res = import(&app, &office, &query, "application/json", b"[]".to_vec()).await;
    let body = crate::helpers::assert_problem(res, 422, "validation_failed").await;
    assert_eq!(body["errors"][0]["field"], "file_name", "{body}");
});

db_test!(the_source_is_named_by_each_row_or_for_the_file, |app| {
    let office = app.login("office").await;
    let unit = app.login("unit_fuhe").await;
    let header = "问题标题,问题描述,问题类别,问题类型,涉及企业";
    let file = format!("{header}\n来源测试,描述,机关事业单位拖欠企业账款,延迟支付,某公司\n").into_bytes();
    // A sheet without 线索来源 and no source for the file: refused, naming the column.
    let res = import(&app, &office, "?dry_run=true", "text/csv", file.clone()).await;
    assert_eq!(assert_problem(res, 422, "missing_columns").await["missing_columns"], json!(["线索来源"]));
    // A source for the file that the dictionary does not know: refused, naming the parameter.
    let res = import(&app, &office, "?source=道听途说", "text/csv", file.clone()).await;
    let body = assert_problem(res, 422, "validation_failed").await;
    assert_eq!(body["errors"][0]["field"], "source", "{body}");
    // A unit may name only its own findings, for the file as for a row.
    let report = import_ok(&app, &unit, "?source=complaint", "text/csv", file.clone()).await;
    assert_eq!((report["created"].clone(), report["errors"][0]["field"].clone()), (json!(0), json!("source")));
    let report = import_ok(&app, &unit, "?source=自查", "text/csv", file).await;
    assert_eq!(report["created"], 1, "{report}");
    let got = app.get_json("/api/v1/issues?q=来源测试", &unit).await;
    assert_eq!(got["items"][0]["source"], "self_inspection");
    assert_eq!(total(&app, &office).await, 1, "nothing else was written");
});

// 问题事实 come in with the problem: as template columns of an import (labels, 是/否, dates as
// clerks write them, amounts in the column's unit), in a JSON item, and in a registration's
// `facts`; a bad fact names its column, and a re-import of the reference changes them.
db_test!(facts_are_imported_and_registered_with_the_problem, |app| {
    let office = app.login("office").await;
    let header = format!("{HEADER},{FACTS_HEADER}");
    let line =
        |title: &str, reference: &str, facts: &str| format!("{},{facts}", csv_line(title, reference, "1000", ""));
    let csv = [
        header.clone(),
        line(
            "拖欠校舍工程款",
            "TS-F1",
            "900,曾都区实验小学,事业单位,2024年1月30日,否,,校舍维修合同,HT-2023-018,2023-06-15,1200,小型,民营,,,,",
        ),
        line("拖欠食堂工程款", "TS-F2", ",某国企,私营企业,,,,,,,,,,,,,"),
        line("拖欠围墙工程款", "TS-F3", ",,,,是,,,,,,,,,,,"),
        line("拖欠操场工程款", "TS-F4", ",,,2024-13-01,,,,,,,,,,,,"),
    ]
    .join("\n");
    let report = import_ok(&app, &office, "?mode=skip_invalid", "text/csv", csv.clone().into_bytes()).await;
    let errors: Vec<(i64, &str)> = report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["row"].as_i64().unwrap(), e["field"].as_str().unwrap()))
        .collect();
    assert_eq!(errors, [(3, "debtor_nature"), (4, "dispute_note"), (5, "agreed_payment_on")], "{report}");
    assert!(report["errors"][0]["message"].as_str().unwrap().contains("机关、事业单位、国有企业"), "{report}");
    assert_eq!(report["errors"][0]["value"], "私营企业");
    assert_eq!(report["created"], 1);
    let id = report["created_problems"][0]["id"].as_str().unwrap().to_owned();
    let issue = app.get_json(&format!("/api/v1/issues/{id}"), &office).await;
    assert_eq!(issue["amount_due_fen"], 90_000);
    let facts = &issue["facts"];
    assert_eq!(
        (&facts["debtor_name"], &facts["debtor_nature"], &facts["agreed_payment_on"], &facts["disputed"]),
        (&json!("曾都区实验小学"), &json!("institution"), &json!("2024-01-30"), &json!(false))
    );
    assert_eq!(
        (&facts["doc_name"], &facts["doc_no"], &facts["doc_date"], &facts["contract_amount_fen"]),
        (&json!("校舍维修合同"), &json!("HT-2023-018"), &json!("2023-06-15"), &json!(120_000))
    );
    assert_eq!((&facts["enterprise_size"], &facts["enterprise_ownership"]), (&json!("small"), &json!("private")));
    // The same reference with changed facts updates them (the problem is still in 自查).
    let changed = csv.replace("否,,校舍维修合同", "是,工程量有争议,校舍维修合同");
    let report = import_ok(&app, &office, "?mode=skip_invalid", "text/csv", changed.clone().into_bytes()).await;
    assert_eq!((report["updated"].as_i64(), report["unchanged"].as_i64()), (Some(1), Some(0)), "{report}");
    let facts = app.get_json(&format!("/api/v1/issues/{id}"), &office).await["facts"].clone();
    assert_eq!((&facts["disputed"], &facts["dispute_note"]), (&json!(true), &json!("工程量有争议")));
    let report = import_ok(&app, &office, "?mode=skip_invalid", "text/csv", changed.into_bytes()).await;
    assert_eq!((report["updated"].as_i64(), report["unchanged"].as_i64()), (Some(0), Some(1)), "{report}");
    // JSON items name the fields, amounts in fen.
    let items = json!([{"title": "拖欠设备款", "description": "设备已交付未付款。", "category": "agency_arrears",
        "problem_type": "agency_delay", "source": "complaint", "source_ref": "TS-F5", "enterprise_name": "随州市测试设备有限公司",
        "amount_involved_fen": 500_000, "amount_due_fen": 450_000, "debtor_nature": "soe", "disputed": false}]);
    let report = import_ok(&app, &office, "", "application/json", serde_json::to_vec(&items).unwrap()).await;
    assert_eq!(report["created"], 1, "{report}");
    let json_id = report["created_problems"][0]["id"].as_str().unwrap();
    let issue = app.get_json(&format!("/api/v1/issues/{json_id}"), &office).await;
    assert_eq!((&issue["amount_due_fen"], &issue["facts"]["debtor_nature"]), (&json!(450_000), &json!("soe")));
    // A registration carries them too; a bad one is named under `facts.` and nothing is written.
    let mut body = json!({"title": "拖欠装修款", "description": "装修已验收。", "category": "agency_arrears",
        "problem_type": "agency_delay", "source": "complaint", "enterprise_name": "随州市测试装饰有限公司",
        "amount_involved_fen": 300_000, "facts": {"debtor_name": "曾都区文化馆", "disputed": true}});
    let before = total(&app, &office).await;
    let res = app.post("/api/v1/issues", Some(&office), &body).await;
    assert_eq!(assert_problem(res, 422, "validation_failed").await["errors"][0]["field"], "facts.dispute_note");
    assert_eq!(total(&app, &office).await, before);
    body["facts"]["dispute_note"] = json!("验收结论有争议");
    let res = app.post("/api/v1/issues", Some(&office), &body).await;
    assert_eq!(res.status(), 201);
    let issue: Value = res.json().await.unwrap();
    assert_eq!((&issue["facts"]["debtor_name"], &issue["facts"]["disputed"]), (&json!("曾都区文化馆"), &json!(true)));
    let auditor = app.login("auditor").await;
    assert_eq!(app.get_json("/api/v1/audit?action=issue.facts", &auditor).await["total"], 4);
    assert_eq!(app.get_json("/api/v1/audit/verify", &auditor).await["ok"], true);
});
