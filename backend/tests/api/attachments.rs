//! Attachments (附件): upload, list, download, withdrawal; types recognised by content, size
//! limits, scope, no orphans after a failed upload.

use std::io::Write;

use serde_json::{Value, json};

use crate::db_test;
use crate::helpers::{TestApp, assert_problem};

/// A small PDF (the bytes matter only in their first five).
pub fn pdf(text: &str) -> Vec<u8> {
    format!("%PDF-1.4\n% {text}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n").into_bytes()
}

/// A PNG header followed by some bytes.
pub fn png() -> Vec<u8> {
    let mut v = b"\x89PNG\r\n\x1a\n".to_vec();
    v.extend_from_slice(b"\x00\x00\x00\x0dIHDR photo of the site");
    v
}

/// A ZIP package holding the named entries.
pub fn zip_with(entries: &[&str]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    let mut w = zip::ZipWriter::new(&mut out);
    for e in entries {
        w.start_file(*e, zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored))
            .unwrap();
        w.write_all(b"<xml/>").unwrap();
    }
    w.finish().unwrap();
    out.into_inner()
}

/// A `multipart/form-data` body: text fields, then files (name, bytes). Answers the content
/// type and the body.
pub fn multipart(fields: &[(&str, &str)], files: &[(&str, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "----lvyue-test-boundary-7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    for (name, value) in fields {
        write!(body, "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").unwrap();
    }
    for (file_name, bytes) in files {
        write!(
            body,
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\n\
             Content-Type: application/octet-stream\r\n\r\n"
        )
        .unwrap();
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    write!(body, "--{boundary}--\r\n").unwrap();
    (format!("multipart/form-data; boundary={boundary}"), body)
}

pub async fn upload_form(
    app: &TestApp,
    token: &str,
    issue_id: &str,
    fields: &[(&str, &str)],
    files: &[(&str, &[u8])],
) -> reqwest::Response {
    let (content_type, body) = multipart(fields, files);
    app.client
        .post(app.url(&format!("/api/v1/issues/{issue_id}/attachments")))
        .bearer_auth(token)
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap()
}

/// Uploads files of one kind, asserting 201; answers the recorded files.
pub async fn upload(app: &TestApp, token: &str, issue_id: &str, kind: &str, files: &[(&str, &[u8])]) -> Vec<Value> {
    let res = upload_form(app, token, issue_id, &[("kind", kind)], files).await;
    let status = res.status();
    let body: Value = res.json().await.unwrap();
    assert_eq!(status, 201, "{body}");
    body["items"].as_array().unwrap().clone()
}

/// The evidence 提交核查 needs: a 付款凭证.
pub async fn upload_evidence(app: &TestApp, token: &str, issue_id: &str) -> Vec<Value> {
    upload(app, token, issue_id, "payment_voucher", &[("银行回单.pdf", &pdf("回单"))]).await
}

/// A problem assigned to 区教育局 and accepted by it (in 整改); answers its id.
pub async fn rectifying_problem(app: &TestApp, office: &str, education: &str, source: &str) -> String {
    let res = app
        .post(
            "/api/v1/issues",
            Some(office),
            &json!({
                "title": "区教育局拖欠某建筑公司校舍维修工程款",
                "description": "合同约定验收后 30 日内付款, 已逾期半年。",
                "category": "agency_arrears",
                "problem_type": "agency_delay",
                "source": source,
                "enterprise_name": "随州市测试建筑有限公司",
                "amount_involved_fen": 12_800_000,
            }),
        )
        .await;
    let issue: Value = res.json().await.unwrap();
    let id = issue["id"].as_str().unwrap_or_else(|| panic!("{issue}")).to_owned();
    let deadline = (app.today() + chrono::Duration::days(20)).to_string();
    for (token, body) in [
        (office, json!({"action": "assign", "responsible_unit_id": app.unit_id("education"), "deadline": deadline})),
        (education, json!({"action": "accept", "measures": "分两期支付工程款"})),
    ] {
        let res = app.post(&format!("/api/v1/issues/{id}/transitions"), Some(token), &body).await;
        assert_eq!(res.status(), 200, "{body}");
    }
    id
}

/// Objects in the attachment store.
async fn objects(app: &TestApp) -> usize {
    app.objects().await.len()
}

/// A test on both databases and both attachment stores: a directory, and S3 on the local moto
/// server (`*_s3`).
macro_rules! storage_test {
    ($name:ident, |$app:ident| $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            use $crate::helpers::Backend;

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let $app = TestApp::spawn(Backend::Sqlite).await.unwrap();
                $body
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let Some($app) = TestApp::spawn(Backend::Postgres).await else { return };
                $body
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite_s3() {
                let Some($app) = TestApp::spawn_s3(Backend::Sqlite).await else { return };
                $body
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres_s3() {
                let Some($app) = TestApp::spawn_s3(Backend::Postgres).await else { return };
                $body
            }
        }
    };
}

fn rows(app: &TestApp) -> i64 {
    app.count("SELECT COUNT(*) AS n FROM attachments")
}

storage_test!(upload_list_download_and_withdraw, |app| {
    let office = app.login("office").await;
    let education = app.login("unit_education").await;
    let id = rectifying_problem(&app, &office, &education, "complaint").await;

    let receipt = pdf("工商银行回单");
    let items =
        upload(&app, &education, &id, "payment_voucher", &[("工商银行回单.pdf", &receipt), ("现场.png", &png())]).await;
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["kind"], "payment_voucher");
    assert_eq!(items[0]["file_name"], "工商银行回单.pdf");
    assert_eq!(items[0]["content_type"], "application/pdf");
    assert_eq!(items[1]["content_type"], "image/png");
    assert_eq!(items[0]["size_bytes"], receipt.len());
    let sha = {
        use sha2::Digest;
        hex::encode(sha2::Sha256::digest(&receipt))
    };
    assert_eq!(items[0]["sha256"], sha);
    assert_eq!(items[0]["may_withdraw"], true);
    assert_eq!(objects(&app).await, 2);

    // Identical content is stored once (one more row, no more objects).
    let again = upload(&app, &education, &id, "other", &[("copy.pdf", &receipt)]).await;
    assert_eq!(objects(&app).await, 2);
    assert_eq!(rows(&app), 3);

    // OFD, DOCX and XLSX are recognised from the package's entries.
    let ofd = zip_with(&["OFD.xml", "Doc_0/Document.xml"]);
    let docx = zip_with(&["[Content_Types].xml", "word/document.xml"]);
    let xlsx = zip_with(&["[Content_Types].xml", "xl/workbook.xml"]);
    let typed = upload(
        &app,
        &education,
        &id,
        "written_feedback",
        &[("反馈.ofd", &ofd), ("反馈.docx", &docx), ("台账.xlsx", &xlsx)],
    )
    .await;
    let types: Vec<&str> = typed.iter().map(|t| t["content_type"].as_str().unwrap()).collect();
    assert_eq!(
        types,
        [
            "application/ofd",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        ]
    );

    // The office reads the list and the bytes, with safe headers.
    let list = app.get_json(&format!("/api/v1/issues/{id}/attachments"), &office).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 6);
    assert_eq!(list["items"][0]["may_withdraw"], false, "only the uploader may withdraw");
    let res = app.get_as(items[0]["url"].as_str().unwrap(), &office).await;
    assert_eq!(res.status(), 200);
    let h = res.headers().clone();
    assert_eq!(h["content-type"], "application/pdf");
    assert_eq!(h["x-content-type-options"], "nosniff");
    let disposition = h["content-disposition"].to_str().unwrap();
    assert!(disposition.starts_with("inline; "), "{disposition}");
    assert!(
        disposition.contains("filename*=UTF-8''%E5%B7%A5%E5%95%86%E9%93%B6%E8%A1%8C%E5%9B%9E%E5%8D%95.pdf"),
        "{disposition}"
    );
    assert_eq!(res.bytes().await.unwrap().as_ref(), receipt.as_slice());
    let res = app.get_as(&format!("{}?download=true", typed[1]["url"].as_str().unwrap()), &office).await;
    assert!(res.headers()["content-disposition"].to_str().unwrap().starts_with("attachment; "));
    assert_eq!(res.bytes().await.unwrap().as_ref(), docx.as_slice());

    // The office may not withdraw the unit's file; the unit withdraws its copy. The row stays,
    // its bytes are no longer served, the object stays for the other file naming it.
    let copy = again[0]["id"].as_str().unwrap();
    let res = app.request(reqwest::Method::DELETE, &format!("/api/v1/attachments/{copy}"), Some(&office), None).await;
    assert_problem(res, 403, "forbidden").await;
    let res =
        app.request(reqwest::Method::DELETE, &format!("/api/v1/attachments/{copy}"), Some(&education), None).await;
    let withdrawn: Value = res.json().await.unwrap();
    assert!(withdrawn["withdrawn_at"].is_string(), "{withdrawn}");
    assert_problem(app.get_as(&format!("/api/v1/attachments/{copy}"), &office).await, 410, "attachment_withdrawn")
        .await;
    assert_eq!(app.get_as(items[0]["url"].as_str().unwrap(), &office).await.status(), 200);
    assert_eq!(objects(&app).await, 5);
    // Withdrawing the only file naming an object removes the object.
    let photo = items[1]["id"].as_str().unwrap();
    let res =
        app.request(reqwest::Method::DELETE, &format!("/api/v1/attachments/{photo}"), Some(&education), None).await;
    assert_eq!(res.status(), 200);
    assert_eq!(objects(&app).await, 4);
    let list = app.get_json(&format!("/api/v1/issues/{id}/attachments"), &office).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 6, "withdrawn files stay listed");

    // Everything is in the audit trail (the withdrawn file as metadata) and the outbox.
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'attachment.upload'"), 6);
    assert_eq!(
        app.count(
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'attachment.withdraw' AND before_json LIKE '%现场.png%'"
        ),
        1
    );
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM outbox_events WHERE kind = 'issue.attachment_added'"), 3);
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM outbox_events WHERE kind = 'issue.attachment_withdrawn'"), 2);
});

storage_test!(refused_files_leave_nothing_behind, |app| {
    let office = app.login("office").await;
    let education = app.login("unit_education").await;
    let id = rectifying_problem(&app, &office, &education, "self_inspection").await;

    // A renamed executable: 415 naming it.
    let exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00This program cannot be run in DOS mode";
    let res = upload_form(&app, &education, &id, &[("kind", "contract")], &[("合同.pdf", exe)]).await;
    let body = assert_problem(res, 415, "unsupported_file_type").await;
    assert_eq!(body["file_name"], "合同.pdf");
    assert!(body["detail"].as_str().unwrap().contains("合同.pdf"));
    // A ZIP that is none of the accepted packages.
    let res =
        upload_form(&app, &education, &id, &[("kind", "other")], &[("x.docx", &zip_with(&["payload.exe"]))]).await;
    assert_problem(res, 415, "unsupported_file_type").await;

    // Over the per-file limit: 413 naming it.
    app.set_setting("attachments.max_file_mb", json!(1));
    let big = [pdf("big"), vec![b'x'; 1024 * 1024]].concat();
    let res = upload_form(&app, &education, &id, &[("kind", "invoice")], &[("发票.pdf", &big)]).await;
    let body = assert_problem(res, 413, "attachment_too_large").await;
    assert_eq!(body["file_name"], "发票.pdf");
    // Over the per-problem quota.
    app.set_setting("attachments.max_issue_mb", json!(1));
    let half = [pdf("half"), vec![b'x'; 600 * 1024]].concat();
    let other_half = [pdf("other half"), vec![b'y'; 600 * 1024]].concat();
    let res =
        upload_form(&app, &education, &id, &[("kind", "invoice")], &[("一.pdf", &half), ("二.pdf", &other_half)]).await;
    assert_eq!(assert_problem(res, 413, "attachment_too_large").await["file_name"], "二.pdf");

    // Bad fields: a missing or unknown kind, no file.
    let res = upload_form(&app, &education, &id, &[], &[("a.pdf", &pdf("a"))]).await;
    assert_eq!(assert_problem(res, 422, "validation_failed").await["errors"][0]["field"], "kind");
    let res = upload_form(&app, &education, &id, &[("kind", "receipt")], &[("a.pdf", &pdf("a"))]).await;
    assert_eq!(assert_problem(res, 422, "validation_failed").await["errors"][0]["field"], "kind");
    let res = upload_form(&app, &education, &id, &[("kind", "invoice")], &[]).await;
    assert_eq!(assert_problem(res, 422, "validation_failed").await["errors"][0]["field"], "file");
    let res = app
        .client
        .post(app.url(&format!("/api/v1/issues/{id}/attachments")))
        .bearer_auth(&education)
        .header("content-type", "application/json")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_problem(res, 400, "invalid_multipart").await;

    // A failure after the bytes were stored (a step of another problem) leaves no object.
    let other = rectifying_problem(&app, &office, &education, "self_inspection").await;
    let steps = app.get_json(&format!("/api/v1/issues/{other}/timeline"), &office).await;
    let foreign_step = steps[0]["transition_id"].as_str().unwrap().to_owned();
    let res = upload_form(
        &app,
        &education,
        &id,
        &[("kind", "invoice"), ("transition_id", &foreign_step)],
        &[("a.pdf", &pdf("a"))],
    )
    .await;
    assert_eq!(assert_problem(res, 422, "validation_failed").await["errors"][0]["field"], "transition_id");
    assert_eq!((rows(&app), objects(&app).await), (0, 0));

    // Outside the scope: 404, audited; inside it but not in the unit's hands: 403.
    let housing = app.login("unit_housing").await;
    let res = upload_form(&app, &housing, &id, &[("kind", "invoice")], &[("a.pdf", &pdf("a"))]).await;
    assert_problem(res, 404, "not_found").await;
    assert_eq!(app.get_as(&format!("/api/v1/issues/{id}/attachments"), &housing).await.status(), 404);
    let mine = upload(&app, &education, &id, "invoice", &[("a.pdf", &pdf("a"))]).await;
    assert_eq!(app.get_as(mine[0]["url"].as_str().unwrap(), &housing).await.status(), 404);
    let res = app.request(reqwest::Method::DELETE, mine[0]["url"].as_str().unwrap(), Some(&housing), None).await;
    assert_eq!(res.status(), 404);
    let auditor = app.login("auditor").await;
    let trail = app.get_json("/api/v1/audit?action=access.denied&page_size=100", &auditor).await;
    let refused: Vec<&Value> = trail["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["actor_name"] == "unit_housing" && r["result"] == "not_found")
        .collect();
    assert!(refused.iter().any(|r| r["entity_id"] == "POST /api/v1/issues/{id}/attachments"), "{trail}");
    let finance = app.login("unit_finance").await;
    let res = upload_form(&app, &finance, &id, &[("kind", "invoice")], &[("a.pdf", &pdf("a"))]).await;
    assert_eq!(res.status(), 404);
    let leader = app.login("leader").await;
    let res = upload_form(&app, &leader, &id, &[("kind", "invoice")], &[("a.pdf", &pdf("a"))]).await;
    assert_problem(res, 403, "forbidden").await;
    assert_eq!(rows(&app), 1);
});

fn verification(today: chrono::NaiveDate) -> Value {
    json!({"method": "on_site", "verified_on": today, "verifiers": ["刘敏", "陈刚"], "findings": "款项已付清, 凭证齐全",
        "enterprise_contacted": true, "enterprise_confirmed": true, "satisfaction": "satisfied",
        "enterprise_words": "已收到全部款项"})
}

async fn act(app: &TestApp, token: &str, id: &str, body: Value) -> reqwest::Response {
    app.post(&format!("/api/v1/issues/{id}/transitions"), Some(token), &body).await
}

async fn submitted_problem(app: &TestApp, office: &str, education: &str, source: &str) -> String {
    let id = rectifying_problem(app, office, education, source).await;
    upload_evidence(app, education, &id).await;
    let res = act(app, education, &id, json!({"action": "submit", "comment": "已付清"})).await;
    assert_eq!(res.status(), 200);
    id
}

async fn field_of(res: reqwest::Response) -> String {
    let body = assert_problem(res, 422, "validation_failed").await;
    body["errors"][0]["field"].as_str().unwrap().to_owned()
}

db_test!(approval_records_the_verification_and_the_enterprise_confirmation, |app| {
    let office = app.login("office").await;
    let education = app.login("unit_education").await;
    let id = submitted_problem(&app, &office, &education, "complaint").await;
    let today = app.today();
    let approve = |v: Value| json!({"action": "approve", "comment": "销号", "verification": v});

    // The record is required and checked field by field.
    let res = act(&app, &office, &id, json!({"action": "approve", "comment": "销号"})).await;
    assert_eq!(field_of(res).await, "verification");
    let mut v = verification(today);
    v["method"] = json!(null);
    assert_eq!(field_of(act(&app, &office, &id, approve(v)).await).await, "verification.method");
    let mut v = verification(today);
    v["verified_on"] = json!(today + chrono::Duration::days(1));
    assert_eq!(field_of(act(&app, &office, &id, approve(v)).await).await, "verification.verified_on");
    let mut v = verification(today);
    v["verifiers"] = json!([]);
    assert_eq!(field_of(act(&app, &office, &id, approve(v)).await).await, "verification.verifiers");
    let mut v = verification(today);
    v["method"] = json!("telepathy");
    assert_eq!(act(&app, &office, &id, approve(v)).await.status(), 400);
    // The enterprise raised it: its confirmation is needed, and its dissatisfaction blocks closure.
    let mut v = verification(today);
    v["enterprise_confirmed"] = json!(null);
    assert_eq!(field_of(act(&app, &office, &id, approve(v)).await).await, "verification.enterprise_confirmed");
    let mut v = verification(today);
    v["enterprise_confirmed"] = json!(false);
    let res = act(&app, &office, &id, approve(v)).await;
    let body = assert_problem(res, 422, "validation_failed").await;
    assert_eq!(body["errors"][0]["field"], "override_reason");
    assert!(body["detail"].as_str().unwrap().contains("企业未确认"), "{body}");
    let mut v = verification(today);
    v["satisfaction"] = json!("dissatisfied");
    assert_eq!(field_of(act(&app, &office, &id, approve(v)).await).await, "override_reason");
    // Not asked at all: unconfirmed, so refused too.
    let v = json!({"method": "phone", "verified_on": today, "verifiers": ["刘敏"], "findings": "x",
        "enterprise_contacted": false});
    assert_eq!(field_of(act(&app, &office, &id, approve(v)).await).await, "override_reason");
    // A field of another action.
    let res = act(&app, &office, &id, json!({"action": "reject", "comment": "x", "override_reason": "y"})).await;
    assert_eq!(field_of(res).await, "override_reason");

    // The office's site photo belongs to the verification.
    let photo = upload(&app, &office, &id, "site_photo", &[("现场照片.png", &png())]).await;
    let mut v = verification(today);
    v["attachment_ids"] = json!([photo[0]["id"]]);
    let res = act(&app, &office, &id, approve(v)).await;
    let closed: Value = res.json().await.unwrap();
    assert_eq!(closed["state"], "closed", "{closed}");
    let timeline = app.get_json(&format!("/api/v1/issues/{id}/timeline"), &office).await;
    let step = timeline.as_array().unwrap().iter().find(|e| e["action"] == "approve").unwrap();
    assert_eq!(step["payload"]["verification"]["method"], "on_site");
    assert_eq!(step["payload"]["verification"]["satisfaction"], "satisfied");
    assert_eq!(step["payload"]["redo"], false);
    let files = app.get_json(&format!("/api/v1/issues/{id}/attachments"), &office).await;
    let linked: Vec<&Value> = files["items"].as_array().unwrap().iter().filter(|f| f["kind"] == "site_photo").collect();
    assert_eq!(linked[0]["transition_id"], step["transition_id"]);
    let submit = timeline.as_array().unwrap().iter().find(|e| e["action"] == "submit").unwrap();
    let evidence = files["items"].as_array().unwrap().iter().find(|f| f["kind"] == "payment_voucher").unwrap();
    assert_eq!(evidence["transition_id"], submit["transition_id"], "the evidence belongs to the submission");
    assert_eq!(evidence["may_withdraw"], false);
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM verifications WHERE outcome = 'approved' AND NOT redo"), 1);
});

db_test!(a_dissatisfied_rejection_is_redo_and_an_override_is_recorded, |app| {
    let office = app.login("office").await;
    let education = app.login("unit_education").await;
    let id = submitted_problem(&app, &office, &education, "online").await;
    let mut v = verification(app.today());
    v["enterprise_confirmed"] = json!(false);
    v["satisfaction"] = json!("dissatisfied");
    v["enterprise_words"] = json!("尾款仍未到账");
    let res = act(&app, &office, &id, json!({"action": "reject", "comment": "企业不满意", "verification": v})).await;
    let rejected: Value = res.json().await.unwrap();
    assert_eq!(rejected["state"], "rectifying", "{rejected}");
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM verifications WHERE outcome = 'rejected' AND redo"), 1);
    let timeline = app.get_json(&format!("/api/v1/issues/{id}/timeline"), &office).await;
    assert_eq!(timeline[0]["payload"]["redo"], true);
    // A plain rejection needs no record; the next approval may override a dissatisfied enterprise.
    upload_evidence(&app, &education, &id).await;
    assert_eq!(act(&app, &education, &id, json!({"action": "submit", "comment": "已付清"})).await.status(), 200);
    let mut v = verification(app.today());
    v["satisfaction"] = json!("dissatisfied");
    let res = act(
        &app,
        &office,
        &id,
        json!({"action": "approve", "comment": "销号", "verification": v, "override_reason": "企业诉求超出合同约定"}),
    )
    .await;
    assert_eq!(res.status(), 200);
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM verifications WHERE override_reason = '企业诉求超出合同约定'"), 1);

    // /stats/units: one 重办, deducted at its own weight instead of the rejection's; 满意率 0 of 2.
    let report = app.get_json("/api/v1/stats/units", &office).await;
    let edu = report["units"].as_array().unwrap().iter().find(|u| u["unit_name"] == "区教育局").unwrap().clone();
    assert_eq!((edu["rejections"].clone(), edu["redo"].clone()), (json!(1), json!(1)), "{edu}");
    assert_eq!(edu["satisfaction_rate"], json!({"value": 0.0, "numerator": 0, "denominator": 2}));
    let reasons: Vec<&str> =
        edu["deductions"].as_array().unwrap().iter().map(|d| d["reason"].as_str().unwrap()).collect();
    assert_eq!(reasons, ["redo"], "{edu}");
    assert_eq!(edu["score"].as_f64().unwrap(), 100.0 - report["weights"]["redo"].as_f64().unwrap());
    // 重办率: one 重办 of the two 核查 records.
    assert_eq!(edu["redo_rate"], json!({"value": 0.5, "numerator": 1, "denominator": 2}));
    // The same figures per work group in the overview (the dashboard's).
    let issue = app.get_json(&format!("/api/v1/issues/{id}"), &office).await;
    let overview = app.get_json("/api/v1/stats/overview", &office).await;
    let group = overview["by_group"].as_array().unwrap().iter().find(|g| g["group_id"] == issue["group_id"]).unwrap();
    assert_eq!(group["redo"], 1, "{group}");
    assert_eq!(group["redo_rate"], json!({"value": 0.5, "numerator": 1, "denominator": 2}));
    assert_eq!(group["satisfaction_rate"], json!({"value": 0.0, "numerator": 0, "denominator": 2}));

    // A problem the unit found itself needs no enterprise confirmation.
    let own = submitted_problem(&app, &office, &education, "self_inspection").await;
    let v = json!({"method": "written", "verified_on": app.today(), "verifiers": ["刘敏"], "findings": "材料齐全"});
    let res = act(&app, &office, &own, json!({"action": "approve", "comment": "销号", "verification": v})).await;
    assert_eq!(res.status(), 200);
});

/// A JPEG's structure whose EXIF block has a GPS directory with one value stored out of line
/// (`GPSProcessingMethod`, the text `LVYUE-LOCATION!!`).
fn jpeg_with_location(pixels: u8) -> Vec<u8> {
    let mut tiff = b"II\x2a\x00".to_vec();
    tiff.extend(8u32.to_le_bytes());
    tiff.extend(1u16.to_le_bytes()); // IFD0: one entry, the GPS directory's offset (26)
    tiff.extend([0x25, 0x88, 4, 0]);
    tiff.extend(1u32.to_le_bytes());
    tiff.extend(26u32.to_le_bytes());
    tiff.extend(0u32.to_le_bytes());
    tiff.extend(1u16.to_le_bytes()); // GPS: GPSProcessingMethod, UNDEFINED, 16 bytes at 44
    tiff.extend([0x1B, 0, 7, 0]);
    tiff.extend(16u32.to_le_bytes());
    tiff.extend(44u32.to_le_bytes());
    tiff.extend(0u32.to_le_bytes());
    tiff.extend(b"LVYUE-LOCATION!!");
    let app1 = [b"Exif\0\0".as_slice(), &tiff].concat();
    let mut f = vec![0xFF, 0xD8, 0xFF, 0xE1];
    f.extend(((app1.len() + 2) as u16).to_be_bytes());
    f.extend(app1);
    f.extend([0xFF, 0xDA, 0, 8, 1, 1, 0, 0, 0x3F, 0, pixels, 0x34, 0xFF, 0xD9]);
    f
}

db_test!(photos_lose_where_they_were_taken_unless_the_setting_says_otherwise, |app| {
    let office = app.login("office").await;
    let education = app.login("unit_education").await;
    let id = rectifying_problem(&app, &office, &education, "complaint").await;
    let has_location = |b: &[u8]| b.windows(14).any(|w| w == b"LVYUE-LOCATION");
    let download = |file: Value| {
        let (app, office) = (&app, office.clone());
        async move {
            let res = app.get_as(&format!("/api/v1/attachments/{}", file["id"].as_str().unwrap()), &office).await;
            assert_eq!(res.status(), 200);
            res.bytes().await.unwrap().to_vec()
        }
    };
    let photo = jpeg_with_location(0x12);
    assert!(has_location(&photo));
    let stored = upload(&app, &education, &id, "site_photo", &[("现场照片.jpg", &photo)]).await.remove(0);
    let bytes = download(stored.clone()).await;
    assert!(!has_location(&bytes), "the location is gone");
    assert_eq!(bytes.len(), photo.len(), "the rest of the file is kept in place");
    assert_eq!(stored["size_bytes"], bytes.len());
    use sha2::Digest;
    assert_eq!(stored["sha256"], hex::encode(sha2::Sha256::digest(&bytes)), "the digest is of what is stored");
    // A photo whose structure cannot be followed is refused, not stored with its location.
    let broken = &photo[..20];
    let res = upload_form(&app, &education, &id, &[("kind", "site_photo")], &[("坏照片.jpg", broken)]).await;
    assert_eq!(assert_problem(res, 415, "unreadable_image").await["file_name"], "坏照片.jpg");
    // The security administrator may keep photos as they are.
    let secadmin = app.login("secadmin").await;
    let path = "/api/v1/settings/attachments.strip_image_location";
    let res = app.request(reqwest::Method::PUT, path, Some(&secadmin), Some(&json!({"value": false}))).await;
    assert_eq!(res.status(), 200);
    let photo = jpeg_with_location(0x13);
    let kept = upload(&app, &education, &id, "site_photo", &[("原图.jpg", &photo)]).await.remove(0);
    assert_eq!(download(kept).await, photo);
});

db_test!(a_voucher_names_the_payment_it_documents, |app| {
    let office = app.login("office").await;
    let education = app.login("unit_education").await;
    let id = rectifying_problem(&app, &office, &education, "complaint").await;
    let other = rectifying_problem(&app, &office, &education, "online").await;
    let pay = |issue: String| {
        let (app, education) = (&app, education.clone());
        async move {
            let body = json!({"paid_on": app.today(), "amount_fen": 1_000_000, "method": "cash"});
            let res = app.post(&format!("/api/v1/issues/{issue}/payments"), Some(&education), &body).await;
            assert_eq!(res.status(), 201);
            res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned()
        }
    };
    let (payment, elsewhere) = (pay(id.clone()).await, pay(other.clone()).await);
    let voucher = pdf("回单");
    let fields = [("kind", "payment_voucher"), ("payment_id", payment.as_str())];
    let res = upload_form(&app, &education, &id, &fields, &[("回单.pdf", &voucher)]).await;
    assert_eq!(res.status(), 201);
    let listed = app.get_json(&format!("/api/v1/issues/{id}/attachments"), &office).await;
    assert_eq!(listed["items"][0]["payment_id"], payment.as_str(), "{listed}");
    // Another problem's payment, or no id at all: 422 naming the field, and nothing recorded.
    for bad in [elsewhere.as_str(), "not-a-uuid"] {
        let fields = [("kind", "payment_voucher"), ("payment_id", bad)];
        let res = upload_form(&app, &education, &id, &fields, &[("回单2.pdf", &pdf("二"))]).await;
        assert_eq!(assert_problem(res, 422, "validation_failed").await["errors"][0]["field"], "payment_id");
    }
    assert_eq!(
        app.get_json(&format!("/api/v1/issues/{id}/attachments"), &office).await["items"].as_array().unwrap().len(),
        1
    );
    let audit = app.login("auditor").await;
    let trail = app.get_json("/api/v1/audit?action=attachment.upload", &audit).await;
    assert_eq!(trail["items"][0]["after"]["payment_id"], payment.as_str(), "{trail}");
});
