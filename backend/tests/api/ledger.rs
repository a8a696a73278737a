//! The arrears ledger (#17): payment records and their corrections, repayment plans, and the
//! acceptance walk — register → accept → plan → payments (one late) → a correction → submit →
//! approve — with the resolved amount, the plan's standing, 清偿率 and the export agreeing at
//! each step.

use reqwest::Method;
use serde_json::{Value, json};

use crate::db_test;
use crate::helpers::{TestApp, assert_problem};

fn day(app: &TestApp, offset: i64) -> String {
    (app.today() + chrono::Duration::days(offset)).to_string()
}

async fn created(res: reqwest::Response) -> Value {
    let status = res.status();
    let body: Value = res.json().await.unwrap();
    assert_eq!(status, 201, "{body}");
    body
}

async fn act(app: &TestApp, token: &str, id: &str, body: Value) -> Value {
    let res = app.post(&format!("/api/v1/issues/{id}/transitions"), Some(token), &body).await;
    let status = res.status();
    let out: Value = res.json().await.unwrap();
    assert_eq!(status, 200, "{body} → {out}");
    out
}

async fn pay(app: &TestApp, token: &str, id: &str, body: Value) -> reqwest::Response {
    app.post(&format!("/api/v1/issues/{id}/payments"), Some(token), &body).await
}

/// An arrears problem registered by the office, assigned to 区教育局 and accepted.
async fn rectifying(app: &TestApp, office: &str, education: &str, involved: i64) -> String {
    let body = json!({
        "title": "区教育局拖欠校舍维修工程款",
        "description": "校舍维修工程验收合格后逾期未付。",
        "category": "agency_arrears",
        "problem_type": "agency_delay",
        "arrear_object": "works",
        "source": "complaint",
        "enterprise_name": "随州市鑫源建筑工程有限公司",
        "amount_involved_fen": involved,
    });
    let issue = created(app.post("/api/v1/issues", Some(office), &body).await).await;
    let id = issue["id"].as_str().unwrap().to_owned();
    let assign = json!({
        "action": "assign", "responsible_unit_id": app.unit_id("education"), "deadline": day(app, 60),
        "cooperating_unit_ids": [app.unit_id("finance")],
    });
    act(app, office, &id, assign).await;
    act(app, education, &id, json!({"action": "accept", "measures": "分三期支付"})).await;
    id
}

db_test!(payments_are_records_corrected_never_edited, |app| {
    let office = app.login("office").await;
    let education = app.login("unit_education").await;
    let finance = app.login("unit_finance").await;
    let id = rectifying(&app, &office, &education, 1_000_000).await;
    let path = format!("/api/v1/issues/{id}/payments");

    // Only the responsible unit (or the office) records; another unit is refused.
    let body = json!({"paid_on": day(&app, 0), "amount_fen": 300_000, "method": "cash", "voucher_no": "PZ-001"});
    let res = pay(&app, &finance, &id, body.clone()).await;
    assert!(matches!(res.status().as_u16(), 403 | 404), "{}", res.status());
    let first = created(pay(&app, &education, &id, body).await).await;
    assert_eq!((first["kind"].as_str(), first["method_label"].as_str()), (Some("payment"), Some("现金支付")));

    // Bad input names the field: a future date, no method, zero, an overpayment unconfirmed.
    for (body, field) in [
        (json!({"paid_on": day(&app, 1), "amount_fen": 1, "method": "cash"}), "paid_on"),
        (json!({"paid_on": day(&app, 0), "amount_fen": 1}), "method"),
        (json!({"paid_on": day(&app, 0), "amount_fen": 0, "method": "cash"}), "amount_fen"),
        (json!({"paid_on": day(&app, 0), "amount_fen": -5, "method": "cash"}), "amount_fen"),
        (json!({"paid_on": day(&app, 0), "amount_fen": 800_000, "method": "cash"}), "confirm_overpayment"),
    ] {
        let res = pay(&app, &education, &id, body).await;
        assert_eq!(assert_problem(res, 422, "validation_failed").await["errors"][0]["field"], field);
    }
    let res = pay(&app, &education, &id, json!({"paid_on": day(&app, 0), "amount_fen": 1, "method": "barter"})).await;
    assert_eq!(res.status(), 400);

    // 协商减免 counts as resolved, apart from paid.
    let negotiated =
        json!({"paid_on": day(&app, 0), "amount_fen": 100_000, "method": "negotiated", "note": "企业同意减免违约金"});
    created(pay(&app, &education, &id, negotiated).await).await;

    // A correction reverses a record once, at most its amount, with a reason.
    let first_id = first["id"].as_str().unwrap();
    let correction = |amount: i64, note: Option<&str>| json!({"paid_on": day(&app, 0), "amount_fen": amount, "corrects": first_id, "note": note});
    let res = pay(&app, &education, &id, correction(-100_000, None)).await;
    assert_eq!(assert_problem(res, 422, "validation_failed").await["errors"][0]["field"], "note");
    let res = pay(&app, &education, &id, correction(-300_001, Some("凭证录错"))).await;
    assert_eq!(assert_problem(res, 422, "validation_failed").await["errors"][0]["field"], "amount_fen");
    let reversal =
        created(pay(&app, &education, &id, correction(-100_000, Some("凭证金额录错, 实付 20 万元"))).await).await;
    assert_eq!((reversal["kind"].as_str(), reversal["method"].as_str()), (Some("correction"), Some("cash")));
    let res = pay(&app, &education, &id, correction(-1, Some("再次冲正"))).await;
    assert_eq!(assert_problem(res, 422, "validation_failed").await["errors"][0]["field"], "corrects");
    let res = pay(
        &app,
        &education,
        &id,
        json!({"paid_on": day(&app, 0), "amount_fen": -1, "corrects": reversal["id"], "note": "x"}),
    )
    .await;
    assert_eq!(assert_problem(res, 422, "validation_failed").await["errors"][0]["field"], "corrects");

    // The list and the problem agree: 30 − 10 + 10 (negotiated) = 30 万元.
    let list = app.get_json(&path, &finance).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 3);
    assert_eq!(list["items"][0]["corrected_by"], reversal["id"]);
    assert_eq!(
        (&list["resolved_fen"], &list["paid_fen"], &list["negotiated_fen"], &list["outstanding_fen"]),
        (&json!(300_000), &json!(200_000), &json!(100_000), &json!(700_000))
    );
    assert_eq!(list["may_record"], false, "a cooperating unit may read, not record");
    let issue = app.get_json(&format!("/api/v1/issues/{id}"), &education).await;
    assert_eq!(issue["amount_resolved_fen"], 300_000);
    assert!(issue["allowed_actions"].as_array().unwrap().contains(&json!("record_payment")));

    // Records are never changed or deleted.
    for method in [Method::PUT, Method::PATCH, Method::DELETE] {
        let res = app.request(method.clone(), &path, Some(&office), Some(&json!({}))).await;
        assert_eq!(res.status(), 405, "{method}");
    }

    // Each record is on the timeline, in the audit trail and in the outbox.
    let timeline = app.get_json(&format!("/api/v1/issues/{id}/timeline"), &education).await;
    let payments: Vec<&Value> = timeline.as_array().unwrap().iter().filter(|e| e["kind"] == "payment").collect();
    assert_eq!(payments.len(), 3);
    assert!(payments.iter().any(|e| e["action"] == "correct_payment" && e["payload"]["amount_fen"] == -100_000));
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'issue.payment' AND entity_id = '{id}'"
        )),
        3
    );
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) AS n FROM outbox_events WHERE kind = 'issue.payment_recorded' AND issue_id = '{id}'"
        )),
        3
    );

    // While verifying only the office records (audited like any other); after closure too.
    crate::attachments::upload_evidence(&app, &education, &id).await;
    act(&app, &education, &id, json!({"action": "submit", "comment": "已部分支付"})).await;
    let late = json!({"paid_on": day(&app, 0), "amount_fen": 100_000, "method": "cash"});
    let res = pay(&app, &education, &id, late.clone()).await;
    assert_problem(res, 403, "forbidden").await;
    created(pay(&app, &office, &id, late.clone()).await).await;
    act(&app, &office, &id, json!({"action": "approve", "comment": "核查属实", "verification": app.verified()})).await;
    created(pay(&app, &office, &id, late).await).await;
    // An overpayment, confirmed, shows as it is.
    let over = json!({"paid_on": day(&app, 0), "amount_fen": 600_000, "method": "cash", "confirm_overpayment": true});
    created(pay(&app, &office, &id, over).await).await;
    let issue = app.get_json(&format!("/api/v1/issues/{id}"), &office).await;
    assert_eq!((&issue["amount_resolved_fen"], &issue["amount_involved_fen"]), (&json!(1_100_000), &json!(1_000_000)));
});

db_test!(the_resolved_amount_is_no_longer_typed_in, |app| {
    let office = app.login("office").await;
    let education = app.login("unit_education").await;
    let id = rectifying(&app, &office, &education, 1_000_000).await;
    let res = app
        .post(
            &format!("/api/v1/issues/{id}/progress"),
            Some(&education),
            &json!({"note": "x", "amount_resolved_fen": 1}),
        )
        .await;
    let body = assert_problem(res, 422, "validation_failed").await;
    assert_eq!(body["errors"][0]["field"], "amount_resolved_fen");
    let res = app
        .post(
            &format!("/api/v1/issues/{id}/transitions"),
            Some(&education),
            &json!({"action": "submit", "comment": "x", "amount_resolved_fen": 1}),
        )
        .await;
    assert_eq!(assert_problem(res, 422, "validation_failed").await["errors"][0]["field"], "amount_resolved_fen");
    // A dismissed problem takes no money.
    let body = json!({
        "title": "重复线索", "description": "与已登记问题重复。", "category": "agency_arrears",
        "problem_type": "agency_delay", "source": "complaint", "enterprise_name": "某公司", "amount_involved_fen": 100,
    });
    let clue = created(app.post("/api/v1/issues", Some(&office), &body).await).await;
    let clue_id = clue["id"].as_str().unwrap();
    act(&app, &office, clue_id, json!({"action": "dismiss", "closure_kind": "duplicate", "comment": "重复"})).await;
    let res = pay(&app, &office, clue_id, json!({"paid_on": day(&app, 0), "amount_fen": 1, "method": "cash"})).await;
    assert_problem(res, 409, "dismissed").await;
});

async fn plan(app: &TestApp, token: &str, id: &str, version: Option<i32>) -> Value {
    let query = version.map(|v| format!("?version={v}")).unwrap_or_default();
    app.get_json(&format!("/api/v1/issues/{id}/repayment-plan{query}"), token).await
}

async fn put_plan(app: &TestApp, token: &str, id: &str, body: &Value) -> reqwest::Response {
    app.request(Method::PUT, &format!("/api/v1/issues/{id}/repayment-plan"), Some(token), Some(body)).await
}

fn statuses(plan: &Value) -> Vec<String> {
    plan["instalments"].as_array().unwrap().iter().map(|i| i["status"].as_str().unwrap().to_owned()).collect()
}

/// The rows of a dispatch workbook's 分期逾期 sheet (below its header), as text.
async fn missed_sheet(app: &TestApp, token: &str, url: &str) -> Vec<Vec<String>> {
    use calamine::{Reader, Xlsx};
    let res = app.get_as(url, token).await;
    assert_eq!(res.status(), 200);
    let bytes = res.bytes().await.unwrap();
    let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes.to_vec())).expect("a real XLSX");
    let range = wb.worksheet_range("分期逾期").unwrap();
    range.rows().skip(1).map(|r| r.iter().map(ToString::to_string).collect()).collect()
}

async fn behind(app: &TestApp, token: &str, id: &str) -> bool {
    let page = app.get_json("/api/v1/issues?repayment=missed_instalment&page_size=100", token).await;
    page["items"].as_array().unwrap().iter().any(|i| i["id"] == id)
}

// The issue's acceptance walk: register → accept → a plan of three instalments → two payments
// (one late) → a correction → submit → approve, the figures agreeing at each step.
db_test!(the_acceptance_walk_of_the_arrears_ledger, |app| {
    let office = app.login("office").await;
    let education = app.login("unit_education").await;
    let lead = app.login("lead_agency_arrears").await;
    let id = rectifying(&app, &office, &education, 1_200_000).await;
    let issue_path = format!("/api/v1/issues/{id}");
    // The facts of the arrear: the debtor, what is due, since when.
    let etag = format!("\"{}\"", app.get_json(&issue_path, &education).await["version"]);
    let facts = json!({"amount_due_fen": 1_200_000, "debtor_name": "曾都区实验小学", "debtor_nature": "institution",
        "agreed_payment_on": (app.today() - chrono::Duration::days(200)).to_string()});
    let res = app
        .client
        .put(app.url(&format!("{issue_path}/facts")))
        .bearer_auth(&education)
        .header("if-match", etag)
        .json(&facts)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let read = |token: String| {
        let app = &app;
        let path = issue_path.clone();
        async move { app.get_json(&path, &token).await }
    };
    assert!(read(education.clone()).await["repayment"].is_null(), "no plan yet");
    let res = app.get_as(&format!("/api/v1/issues/{id}/repayment-plan"), &education).await;
    assert_problem(res, 404, "not_found").await;

    // A plan must add up to what is outstanding, in date order.
    let three = json!({"instalments": [
        {"due_on": day(&app, -10), "amount_fen": 400_000},
        {"due_on": day(&app, 20), "amount_fen": 400_000},
        {"due_on": day(&app, 50), "amount_fen": 400_000},
    ], "note": "与企业签订分期还款协议"});
    let short = json!({"instalments": [{"due_on": day(&app, 5), "amount_fen": 100}]});
    let res = put_plan(&app, &education, &id, &short).await;
    assert_eq!(assert_problem(res, 422, "validation_failed").await["errors"][0]["field"], "instalments");
    let disordered = json!({"instalments": [
        {"due_on": day(&app, 9), "amount_fen": 600_000}, {"due_on": day(&app, 8), "amount_fen": 600_000},
    ]});
    let res = put_plan(&app, &education, &id, &disordered).await;
    assert_eq!(assert_problem(res, 422, "validation_failed").await["errors"][0]["field"], "instalments[1].due_on");
    let res = put_plan(&app, &education, &id, &three).await;
    assert_eq!(res.status(), 200);

    // The first instalment, agreed ten days ago, is missed: the plan says so apart from the
    // deadline warning, the list filters on it and the scan notifies it once.
    let p = plan(&app, &education, &id, None).await;
    assert_eq!(statuses(&p), ["missed", "due", "due"]);
    assert_eq!((p["version"].as_i64(), p["status"].as_str()), (Some(1), Some("missed_instalment")));
    let issue = read(education.clone()).await;
    assert_eq!(issue["repayment"]["status"], "missed_instalment");
    assert_eq!(issue["repayment"]["missed_instalments"], 1);
    assert_eq!(issue["warning"], "none", "the deadline is 60 days away");
    assert_eq!(issue["facts"]["arrears_age"]["band"], "m6_12");
    assert!(behind(&app, &office, &id).await);
    assert_eq!(lvyue::jobs::deadlines::scan_instalments(&mut app.conn(), &app.clock, app.today()).unwrap(), 1);
    assert_eq!(lvyue::jobs::deadlines::scan_instalments(&mut app.conn(), &app.clock, app.today()).unwrap(), 0);
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) AS n FROM notifications WHERE kind = 'instalment_missed' AND issue_id = '{id}'"
        )),
        // the responsible unit's account and the group's lead
        2
    );
    let notes = app.get_json("/api/v1/notifications", &lead).await;
    assert!(notes.to_string().contains("分期逾期未还"), "{notes}");
    // The dispatch workbook's 分期逾期 sheet: yesterday evening's snapshot (taken now, the
    // server's own job takes only today's) lists it with what the missed instalment lacks.
    let yesterday = app.today() - chrono::Duration::days(1);
    let clock = lvyue::clock::Clock::manual_on(yesterday, 23);
    assert!(lvyue::service::snapshots::take_due(&mut app.conn(), &clock, 7).unwrap() >= 1);
    let yesterdays = format!("/api/v1/reports/dispatch.xlsx?date={yesterday}");
    let printed = missed_sheet(&app, &office, &yesterdays).await;
    let number = issue["number"].as_str().unwrap();
    let row = printed.iter().find(|r| r[0] == number).unwrap_or_else(|| panic!("{number} in {printed:?}"));
    assert_eq!(row[4..8], ["曾都区实验小学", "1", &day(&app, -10), "4000"], "{row:?}");
    // A unit outside the problem sees its report without it.
    let elsewhere = app.login("lead_funds").await;
    assert!(!missed_sheet(&app, &elsewhere, &yesterdays).await.iter().any(|r| r[0] == number));

    // Payment 1, late: the missed instalment is paid and the plan is back on track.
    let p1 = json!({"paid_on": day(&app, 0), "amount_fen": 400_000, "method": "instalment", "voucher_no": "PZ-1"});
    created(pay(&app, &education, &id, p1).await).await;
    let p = plan(&app, &education, &id, None).await;
    assert_eq!(statuses(&p), ["paid", "due", "due"]);
    assert_eq!((p["status"].as_str(), p["next_due_on"].as_str()), (Some("on_track"), Some(day(&app, 20).as_str())));
    assert_eq!(read(education.clone()).await["amount_resolved_fen"], 400_000);
    assert!(!behind(&app, &office, &id).await);
    // Yesterday's report still shows it as it was; today's (from the ledger, unless the
    // server's job has already stored today's figures) no longer does.
    assert_eq!(missed_sheet(&app, &office, &yesterdays).await, printed);
    let today = app.today();
    if app.count(&format!("SELECT COUNT(*) AS n FROM stat_snapshots WHERE snapshot_date = '{today}'")) == 0 {
        let now = missed_sheet(&app, &office, "/api/v1/reports/dispatch.xlsx").await;
        assert!(!now.iter().any(|r| r[0] == number), "{now:?}");
    }

    // Payment 2, early for the second instalment.
    let p2 = created(
        pay(&app, &education, &id, json!({"paid_on": day(&app, 0), "amount_fen": 400_000, "method": "instalment"}))
            .await,
    )
    .await;
    assert_eq!(statuses(&plan(&app, &education, &id, None).await), ["paid", "paid", "due"]);
    assert_eq!(read(education.clone()).await["amount_resolved_fen"], 800_000);

    // A correction reverses payment 2 (the bank returned it): the second instalment is due again.
    let reversal = json!({"paid_on": day(&app, 0), "amount_fen": -400_000, "corrects": p2["id"], "note": "银行退票"});
    created(pay(&app, &education, &id, reversal).await).await;
    let p = plan(&app, &education, &id, None).await;
    assert_eq!(statuses(&p), ["paid", "due", "due"]);
    assert_eq!(p["paid_fen"], 400_000);
    let issue = read(education.clone()).await;
    assert_eq!((&issue["amount_resolved_fen"], &issue["repayment"]["status"]), (&json!(400_000), &json!("on_track")));

    // Submit and approve: the figures stay.
    crate::attachments::upload_evidence(&app, &education, &id).await;
    act(&app, &education, &id, json!({"action": "submit", "comment": "已按计划支付第一期"})).await;
    let closed = act(
        &app,
        &office,
        &id,
        json!({"action": "approve", "comment": "按计划推进, 予以销号", "verification": app.verified()}),
    )
    .await;
    assert_eq!((&closed["state"], &closed["amount_resolved_fen"]), (&json!("closed"), &json!(400_000)));
    let list = app.get_json(&format!("/api/v1/issues/{id}/payments"), &office).await;
    assert_eq!((&list["resolved_fen"], &list["outstanding_fen"]), (&json!(400_000), &json!(800_000)));

    // The office changes the plan after closure: a new version; the first stays readable.
    let res =
        put_plan(&app, &office, &id, &json!({"instalments": [{"due_on": day(&app, 30), "amount_fen": 800_000}]})).await;
    assert_eq!(res.status(), 200);
    let v2 = plan(&app, &office, &id, None).await;
    assert_eq!((v2["version"].as_i64(), v2["versions"].as_array().unwrap().len()), (Some(2), 2));
    assert_eq!(statuses(&v2), ["due"], "payments before this version are not matched to it");
    let v1 = plan(&app, &office, &id, Some(1)).await;
    assert_eq!((v1["is_current"].as_bool(), v1["instalments"].as_array().unwrap().len()), (Some(false), 3));
    let timeline = app.get_json(&format!("/api/v1/issues/{id}/timeline"), &office).await;
    assert_eq!(timeline.as_array().unwrap().iter().filter(|e| e["kind"] == "repayment_plan").count(), 2);
});

// 欠款事实: 应付 defaults to the amount involved; 账龄 from the agreed date; the list filters on
// age band, debtor nature and dispute; changed only under If-Match.
/// An overview's 未化解欠款 of one class: (problems, outstanding in fen); each breakdown sums to
/// the arrears' outstanding amount.
fn owed(overview: &Value, by: &str, code: &str) -> (i64, i64) {
    let items = overview["outstanding_arrears"][by].as_array().unwrap();
    let total: i64 = items.iter().map(|i| i["outstanding_fen"].as_i64().unwrap()).sum();
    assert_eq!(total, overview["money"]["arrears"]["outstanding_fen"].as_i64().unwrap(), "{by}");
    let item = items.iter().find(|i| i["code"] == code).unwrap();
    (item["problems"].as_i64().unwrap(), item["outstanding_fen"].as_i64().unwrap())
}

db_test!(arrears_facts_filter_and_set_what_is_due, |app| {
    let office = app.login("office").await;
    let education = app.login("unit_education").await;
    let id = rectifying(&app, &office, &education, 1_000_000).await;
    let issue = app.get_json(&format!("/api/v1/issues/{id}"), &office).await;
    assert_eq!((&issue["amount_due_fen"], &issue["facts"]), (&json!(1_000_000), &Value::Null));
    let before = app.get_json("/api/v1/stats/overview", &office).await;
    let path = format!("/api/v1/issues/{id}/facts");
    let agreed = (app.today() - chrono::Duration::days(400)).to_string();
    let body = json!({"amount_due_fen": 900_000, "debtor_name": "曾都区实验小学", "debtor_nature": "institution",
        "agreed_payment_on": agreed, "disputed": true, "dispute_note": "工程量有争议"});
    let res = app.request(Method::PUT, &path, Some(&education), Some(&body)).await;
    assert_problem(res, 428, "if_match_required").await;
    let put = |etag: String, body: Value| {
        let app = &app;
        let (path, token) = (path.clone(), education.clone());
        async move {
            app.client.put(app.url(&path)).bearer_auth(token).header("if-match", etag).json(&body).send().await.unwrap()
        }
    };
    let res = put("\"1\"".into(), body.clone()).await;
    assert_problem(res, 412, "version_mismatch").await;
    let etag = format!("\"{}\"", issue["version"]);
    let res = put(etag.clone(), json!({"disputed": true})).await;
    assert_eq!(assert_problem(res, 422, "validation_failed").await["errors"][0]["field"], "dispute_note");
    let res = put(etag, body).await;
    let status = res.status();
    let issue: Value = res.json().await.unwrap();
    assert_eq!(status, 200, "{issue}");
    assert_eq!(issue["amount_due_fen"], 900_000);
    assert_eq!(
        (&issue["facts"]["arrears_age"]["days"], &issue["facts"]["arrears_age"]["band"]),
        (&json!(400), &json!("y1_2"))
    );
    // The amount due bounds payments: 900,000 now, not the 1,000,000 involved.
    let res =
        pay(&app, &education, &id, json!({"paid_on": day(&app, 0), "amount_fen": 950_000, "method": "cash"})).await;
    assert_eq!(assert_problem(res, 422, "validation_failed").await["errors"][0]["field"], "confirm_overpayment");
    let list = app.get_json(&format!("/api/v1/issues/{id}/payments"), &office).await;
    assert_eq!(list["outstanding_fen"], 900_000);
    // 未化解欠款 by class: the problem moved from 未填写 to 1–2年 and 事业单位 with what it owes,
    // and a payment lowers it there.
    let after = app.get_json("/api/v1/stats/overview", &office).await;
    let moved = |by: &str, code: &str, problems: i64, fen: i64| {
        let (b, a) = (owed(&before, by, code), owed(&after, by, code));
        assert_eq!((a.0 - b.0, a.1 - b.1), (problems, fen), "{by} {code}");
    };
    moved("by_age_band", "y1_2", 1, 900_000);
    moved("by_age_band", "not_given", -1, -1_000_000);
    moved("by_debtor_nature", "institution", 1, 900_000);
    moved("by_debtor_nature", "not_given", -1, -1_000_000);
    moved("by_enterprise_size", "not_given", 0, -100_000);
    let res =
        pay(&app, &education, &id, json!({"paid_on": day(&app, 0), "amount_fen": 300_000, "method": "cash"})).await;
    assert_eq!(res.status(), 201);
    let paid = app.get_json("/api/v1/stats/overview", &office).await;
    assert_eq!(owed(&paid, "by_age_band", "y1_2").1 - owed(&after, "by_age_band", "y1_2").1, -300_000);
    assert_eq!(owed(&paid, "by_debtor_nature", "institution").0, owed(&after, "by_debtor_nature", "institution").0);
    // The filters.
    let found = |query: &'static str| {
        let app = &app;
        let (office, id) = (office.clone(), id.clone());
        async move {
            let page = app.get_json(&format!("/api/v1/issues?{query}&page_size=100"), &office).await;
            page["items"].as_array().unwrap().iter().any(|i| i["id"] == id.as_str())
        }
    };
    assert!(found("arrears_age=y1_2").await);
    assert!(!found("arrears_age=lt_6m").await);
    assert!(!found("arrears_age=gt_2y").await);
    assert!(found("debtor_nature=institution").await);
    assert!(!found("debtor_nature=soe").await);
    assert!(found("disputed=true").await);
    assert!(!found("disputed=false").await);
    let res = app.get_as("/api/v1/issues?arrears_age=old", &office).await;
    assert_eq!(res.status(), 400);
});

/// Registers a problem of `category` as the office (not yet assigned); answers its id.
async fn registered(app: &TestApp, office: &str, category: &str, problem_type: &str, involved: i64) -> String {
    let body = json!({
        "title": format!("{category} 统计测试"),
        "description": "统计口径测试。",
        "category": category,
        "problem_type": problem_type,
        "source": "complaint",
        "enterprise_name": "随州市统计测试有限公司",
        "amount_involved_fen": involved,
    });
    created(app.post("/api/v1/issues", Some(office), &body).await).await["id"].as_str().unwrap().to_owned()
}

/// One rate's money as the test expects it: (problems, due, paid, negotiated, counted).
fn money(m: &Value) -> (i64, i64, i64, i64, i64, i64) {
    let n = |k: &str| m[k].as_i64().unwrap();
    (
        n("problems"),
        n("due_fen"),
        n("paid_fen"),
        n("negotiated_fen"),
        n("outstanding_fen"),
        m["rate"]["numerator"].as_i64().unwrap(),
    )
}

// 清偿率, 兑现率 and 拨付率 from the payment records (#17, #19): each of its own categories, 协商减免
// counted as resolved but shown apart, an overpayment making up for nothing else, the amount due
// (not the amount involved) as the denominator, dismissed problems in none of them; the overview,
// the group and the unit agree.
db_test!(money_rates_come_from_payment_records, |app| {
    let office = app.login("office").await;
    let education = app.login("unit_education").await;
    // A: 应付 80 万 of 100 万 involved; 30 万 paid, 10 万 协商减免.
    let a = rectifying(&app, &office, &education, 1_000_000).await;
    let etag = format!("\"{}\"", app.get_json(&format!("/api/v1/issues/{a}"), &education).await["version"]);
    let res = app
        .client
        .put(app.url(&format!("/api/v1/issues/{a}/facts")))
        .bearer_auth(&education)
        .header("if-match", etag)
        .json(&json!({"amount_due_fen": 800_000}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    created(pay(&app, &education, &a, json!({"paid_on": day(&app, 0), "amount_fen": 300_000, "method": "cash"})).await)
        .await;
    let negotiated =
        json!({"paid_on": day(&app, 0), "amount_fen": 100_000, "method": "negotiated", "note": "减免违约金"});
    created(pay(&app, &education, &a, negotiated).await).await;
    // B: 50 万 due, 60 万 paid (an overpayment, confirmed).
    let b = rectifying(&app, &office, &education, 500_000).await;
    created(pay(&app, &education, &b, json!({"paid_on": day(&app, 0), "amount_fen": 500_000, "method": "cash"})).await)
        .await;
    let over = json!({"paid_on": day(&app, 0), "amount_fen": 100_000, "method": "cash", "confirm_overpayment": true});
    created(pay(&app, &education, &b, over).await).await;
    // C: a promise of 200 万, 50 万 honoured; D: funds of 100 万, nothing allocated yet.
    let c = registered(&app, &office, "investment_promise", "promise_unfulfilled", 2_000_000).await;
    created(pay(&app, &office, &c, json!({"paid_on": day(&app, 0), "amount_fen": 500_000, "method": "cash"})).await)
        .await;
    registered(&app, &office, "funds", "funds_late", 1_000_000).await;
    // E: an arrear with a payment, then dismissed as a duplicate: in no figure.
    let e = registered(&app, &office, "agency_arrears", "agency_delay", 700_000).await;
    created(pay(&app, &office, &e, json!({"paid_on": day(&app, 0), "amount_fen": 200_000, "method": "cash"})).await)
        .await;
    act(&app, &office, &e, json!({"action": "dismiss", "comment": "重复登记", "closure_kind": "duplicate"})).await;

    let overview = app.get_json("/api/v1/stats/overview", &office).await;
    let m = &overview["money"];
    // Arrears: due 80 + 50; paid 30 + 60; 协商减免 10; counted 40 + 50 (B only up to its 50).
    assert_eq!(money(&m["arrears"]), (2, 1_300_000, 900_000, 100_000, 400_000, 900_000), "{m}");
    assert_eq!(overview["repayment_rate"], json!({"value": 0.6923, "numerator": 900_000, "denominator": 1_300_000}));
    assert_eq!(overview["repayment_rate"], m["arrears"]["rate"]);
    assert_eq!(money(&m["promises"]), (1, 2_000_000, 500_000, 0, 1_500_000, 500_000), "{m}");
    assert_eq!(overview["fulfilment_rate"], json!({"value": 0.25, "numerator": 500_000, "denominator": 2_000_000}));
    assert_eq!(money(&m["funds"]), (1, 1_000_000, 0, 0, 1_000_000, 0), "{m}");
    assert_eq!(overview["allocation_rate"], json!({"value": 0.0, "numerator": 0, "denominator": 1_000_000}));
    assert_eq!(overview["dismissed"], 1);

    // The arrears group holds the arrears and nothing else; 区教育局 its two problems.
    let groups = overview["by_group"].as_array().unwrap();
    let arrears_group = groups.iter().find(|g| g["money"]["arrears"]["problems"] == 2).expect("the arrears group");
    assert_eq!(arrears_group["money"]["arrears"], m["arrears"]);
    assert_eq!(arrears_group["money"]["promises"]["problems"], 0);
    let units = app.get_json("/api/v1/stats/units", &office).await;
    let edu = units["units"].as_array().unwrap().iter().find(|u| u["unit_name"] == "区教育局").unwrap().clone();
    assert_eq!(edu["money"]["arrears"], m["arrears"], "{edu}");
    assert_eq!(edu["money"]["promises"]["rate"], json!({"value": null, "numerator": 0, "denominator": 0}));

    // A correction lowers the figures; the category filter narrows them to one rate.
    let records = app.get_json(&format!("/api/v1/issues/{a}/payments"), &education).await;
    let cash = records["items"][0]["id"].clone();
    let reversal = json!({"paid_on": day(&app, 0), "amount_fen": -100_000, "corrects": cash, "note": "凭证录错"});
    created(pay(&app, &education, &a, reversal).await).await;
    let overview = app.get_json("/api/v1/stats/overview?category=agency_arrears", &office).await;
    assert_eq!(money(&overview["money"]["arrears"]), (2, 1_300_000, 800_000, 100_000, 500_000, 800_000));
    assert_eq!(overview["money"]["promises"]["problems"], 0);
    // The trend gives the money of each period by the paid-on date: A 30 − 10, B 60, C 50 paid,
    // A's 10 协商减免 apart, the dismissed arrear's 20 nowhere.
    let trend = app.get_json("/api/v1/stats/trend?interval=month", &office).await;
    let sum = |k: &str| trend["points"].as_array().unwrap().iter().map(|p| p[k].as_i64().unwrap()).sum::<i64>();
    assert_eq!((sum("paid_fen"), sum("negotiated_fen")), (1_300_000, 100_000), "{trend}");

    // A plan for what A still owes, its first instalment already missed.
    let halves = json!({"instalments": [
        {"due_on": day(&app, -3), "amount_fen": 250_000}, {"due_on": day(&app, 30), "amount_fen": 250_000},
    ]});
    assert_eq!(put_plan(&app, &education, &a, &halves).await.status(), 200);

    // The export agrees: A's row carries its money and plan; 还款记录 lists its records and
    // 还款计划 its instalments.
    let res = app.get_as("/api/v1/exports/issues.xlsx?sort=number", &office).await;
    assert_eq!(res.status(), 200);
    let bytes = res.bytes().await.unwrap();
    let mut wb: calamine::Xlsx<_> = calamine::Xlsx::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    use calamine::Reader;
    assert_eq!(wb.sheet_names(), ["问题排查及整改清单", "还款记录", "还款计划"]);
    let rows = |wb: &mut calamine::Xlsx<_>, name: &str| -> Vec<Vec<String>> {
        let range = wb.worksheet_range(name).unwrap();
        range.rows().map(|r| r.iter().map(calamine::Data::to_string).collect()).collect()
    };
    let main = rows(&mut wb, "问题排查及整改清单");
    let header = &main[1];
    let col = |name: &str| header.iter().position(|h| h == name).unwrap_or_else(|| panic!("{name}"));
    let number_a = app.get_json(&format!("/api/v1/issues/{a}"), &office).await["number"].as_str().unwrap().to_owned();
    let row_a = main.iter().find(|r| r[1] == number_a).unwrap();
    assert_eq!(
        (&row_a[col("应付金额(元)")][..], &row_a[col("已还金额(元)")][..], &row_a[col("协商减免(元)")][..]),
        ("8000", "2000", "1000")
    );
    assert_eq!(&row_a[col("未还金额(元)")][..], "5000");
    let payments = rows(&mut wb, "还款记录");
    let of_a: Vec<&Vec<String>> = payments.iter().filter(|r| r[0] == number_a).collect();
    assert_eq!(of_a.len(), 3, "two payments and a correction");
    assert_eq!((&of_a[2][3][..], &of_a[2][5][..]), ("冲正", "-1000"));
    assert_eq!(of_a[2][9], of_a[0][2], "the correction names the record it reverses");
    // Every record of the exported problems, the dismissed one's too (it is in the list).
    assert_eq!(payments.len() - 1, 3 + 2 + 1 + 1);
    assert_eq!(&row_a[col("还款计划")][..], "第1版 2期 逾期未还");
    assert_eq!(&row_a[col("逾期未还期数")][..], "1");
    let plan_rows = rows(&mut wb, "还款计划");
    let statuses: Vec<&str> = plan_rows[1..].iter().map(|r| r[7].as_str()).collect();
    assert_eq!(statuses, ["逾期未还", "未到期"]);
    assert_eq!((&plan_rows[1][0], &plan_rows[1][5][..]), (&number_a, "2500"));
});

// The facts of the other categories (#17): a promise's agreement, content, lawfulness and the
// pretext given; a policy's 文号 and level; a contract's amount and the enterprise's size — set
// under If-Match, read back, refused by field when too long, and exported.
db_test!(category_facts_are_set_read_and_exported, |app| {
    let office = app.login("office").await;
    let id = registered(&app, &office, "investment_promise", "promise_unfulfilled", 3_000_000).await;
    let path = format!("/api/v1/issues/{id}/facts");
    let put = |body: Value| {
        let app = &app;
        let (path, office, id) = (path.clone(), office.clone(), id.clone());
        async move {
            let version = app.get_json(&format!("/api/v1/issues/{id}"), &office).await["version"].clone();
            app.client
                .put(app.url(&path))
                .bearer_auth(office)
                .header("if-match", format!("\"{version}\""))
                .json(&body)
                .send()
                .await
                .unwrap()
        }
    };
    let promise = json!({
        "amount_due_fen": 2_500_000, "doc_name": "招商引资合作协议", "doc_no": "ZS-2023-017",
        "doc_date": "2023-05-10", "promised_content": "入驻满一年兑现设备购置补贴 25 万元",
        "promise_lawful": true, "pretext": "government_change", "enterprise_size": "medium",
        "enterprise_ownership": "private",
    });
    let res = put(promise.clone()).await;
    let status = res.status();
    let issue: Value = res.json().await.unwrap();
    assert_eq!(status, 200, "{issue}");
    let f = &issue["facts"];
    assert_eq!(
        (&f["doc_no"], &f["pretext"], &f["promise_lawful"]),
        (&json!("ZS-2023-017"), &json!("government_change"), &json!(true))
    );
    assert_eq!((&f["enterprise_size"], &f["doc_date"]), (&json!("medium"), &json!("2023-05-10")));
    assert_eq!(issue["amount_due_fen"], 2_500_000, "the promised amount is what is due");
    let read = app.get_json(&format!("/api/v1/issues/{id}"), &office).await;
    assert_eq!(read["facts"], issue["facts"]);

    // Refusals name the field; an unknown code is a malformed body.
    let mut long = promise.clone();
    long["doc_no"] = json!("号".repeat(101));
    assert_eq!(assert_problem(put(long).await, 422, "validation_failed").await["errors"][0]["field"], "doc_no");
    let mut negative = promise.clone();
    negative["contract_amount_fen"] = json!(-1);
    assert_eq!(
        assert_problem(put(negative).await, 422, "validation_failed").await["errors"][0]["field"],
        "contract_amount_fen"
    );
    let mut unknown = promise.clone();
    unknown["pretext"] = json!("weather");
    assert_eq!(put(unknown).await.status(), 400);

    // The export carries them.
    let csv = app.get_as("/api/v1/exports/issues.csv", &office).await.text().await.unwrap();
    let mut reader = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let headers = reader.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap_or_else(|| panic!("{name}"));
    let row = reader.records().map(|r| r.unwrap()).find(|r| r[col("合同编号/文号")] == *"ZS-2023-017").unwrap();
    assert_eq!(&row[col("不兑现理由")], "政府换届");
    assert_eq!(&row[col("是否依法依规")], "是");
    assert_eq!(&row[col("企业规模")], "中型");
    assert_eq!(&row[col("应付金额(元)")], "25000.00");
});
