//! Supervision: chasing, extensions, notifications, the deadline scan, statistics, scores and
//! the dispatch report.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use serde_json::{Value, json};

use crate::db_test;
use crate::helpers::{Backend, TestApp, assert_problem};

fn in_days(n: i64) -> String {
    (lvyue::clock::Clock::system().today() + chrono::Duration::days(n)).to_string()
}

fn problem(title: &str, source: &str) -> Value {
    json!({
        "title": title, "description": "拖欠工程款", "category": "agency_arrears", "problem_type": "agency_delay",
        "source": source, "enterprise_name": "随州市测试建筑有限公司", "amount_involved_fen": 100_000,
    })
}

/// Registers a problem as `office` and takes it to `rectifying` at 区教育局 with a deadline.
async fn rectifying(app: &TestApp, title: &str, deadline_days: i64) -> String {
    let office = app.login("office").await;
    let res = app.post("/api/v1/issues", Some(&office), &problem(title, "complaint")).await;
    let issue: Value = res.json().await.unwrap();
    let id = issue["id"].as_str().unwrap().to_owned();
    let res = app.post(&format!("/api/v1/issues/{id}/transitions"), Some(&office),
        &json!({"action": "assign", "responsible_unit_id": app.unit_id("education"), "deadline": in_days(deadline_days.max(0))})).await;
    assert_eq!(res.status(), 200);
    let edu = app.login("unit_education").await;
    let res = app
        .post(&format!("/api/v1/issues/{id}/transitions"), Some(&edu), &json!({"action": "accept", "measures": "m"}))
        .await;
    assert_eq!(res.status(), 200);
    if deadline_days < 0 {
        set_deadline(app, &id, deadline_days);
    }
    id
}

fn set_deadline(app: &TestApp, id: &str, days: i64) {
    app.exec(&format!("UPDATE issues SET deadline = '{}' WHERE id = '{id}'", in_days(days)));
}

fn kinds(list: &Value) -> Vec<String> {
    list["items"].as_array().unwrap().iter().map(|n| n["kind"].as_str().unwrap().to_owned()).collect()
}

db_test!(urging_is_for_supervisors_and_notifies_the_unit, |app| {
    let id = rectifying(&app, "催办测试", 10).await;
    let office = app.login("office").await;
    let edu = app.login("unit_education").await;
    let view = app.get_json(&format!("/api/v1/issues/{id}"), &office).await;
    assert!(view["allowed_actions"].as_array().unwrap().iter().any(|a| a == "urge"));
    let res = app.post(&format!("/api/v1/issues/{id}/urge"), Some(&office), &json!({"message": "请本周内完成"})).await;
    assert_eq!(res.status(), 201);
    let lead = app.login("lead_agency_arrears").await;
    assert_eq!(
        app.post(&format!("/api/v1/issues/{id}/urge"), Some(&lead), &json!({"message": "加快"})).await.status(),
        201
    );
    assert_problem(
        app.post(&format!("/api/v1/issues/{id}/urge"), Some(&edu), &json!({"message": "x"})).await,
        403,
        "forbidden",
    )
    .await;
    let other_lead = app.login("lead_funds").await;
    assert_problem(
        app.post(&format!("/api/v1/issues/{id}/urge"), Some(&other_lead), &json!({"message": "x"})).await,
        404,
        "not_found",
    )
    .await;
    assert_problem(
        app.post(&format!("/api/v1/issues/{id}/urge"), Some(&office), &json!({"message": " "})).await,
        422,
        "validation_failed",
    )
    .await;
    let timeline = app.get_json(&format!("/api/v1/issues/{id}/timeline"), &office).await;
    assert_eq!(timeline[0]["kind"], "urge");
    assert_eq!(timeline[0]["comment"], "加快");
    let notes = app.get_json("/api/v1/notifications", &edu).await;
    assert_eq!(kinds(&notes), ["urged", "urged", "assigned"]);
    assert_eq!(notes["unread"], 3);
    // Notifications are the recipient's own.
    assert_eq!(app.get_json("/api/v1/notifications", &app.login("unit_fuhe").await).await["total"], 0);
    let first = notes["items"][0]["id"].as_str().unwrap();
    assert_eq!(app.post(&format!("/api/v1/notifications/{first}/read"), Some(&edu), &json!({})).await.status(), 204);
    assert_eq!(app.get_json("/api/v1/notifications?unread_only=true", &edu).await["total"], 2);
    let fuhe = app.login("unit_fuhe").await;
    assert_problem(
        app.post(&format!("/api/v1/notifications/{first}/read"), Some(&fuhe), &json!({})).await,
        404,
        "not_found",
    )
    .await;
    assert_eq!(app.post("/api/v1/notifications/read-all", Some(&edu), &json!({})).await.status(), 204);
    assert_eq!(app.get_json("/api/v1/notifications", &edu).await["unread"], 0);
    let auditor = app.login("auditor").await;
    assert_eq!(app.get_json(&format!("/api/v1/audit?action=issue.urge&entity_id={id}"), &auditor).await["total"], 2);
});

db_test!(extensions_are_requested_once_and_decided, |app| {
    let id = rectifying(&app, "延期测试", 5).await;
    let edu = app.login("unit_education").await;
    let office = app.login("office").await;
    let path = format!("/api/v1/issues/{id}/extension-requests");
    let decision = format!("/api/v1/issues/{id}/extension-requests/decision");
    let res = app.post(&path, Some(&edu), &json!({"requested_deadline": in_days(3), "reason": "资金未到位"})).await;
    assert_eq!(assert_problem(res, 422, "validation_failed").await["errors"][0]["field"], "requested_deadline");
    let res = app
        .post(&path, Some(&edu), &json!({"requested_deadline": in_days(20), "reason": "资金需列入下季度预算"}))
        .await;
    assert_eq!(res.status(), 201);
    let view = app.get_json(&format!("/api/v1/issues/{id}"), &office).await;
    assert_eq!(view["open_extension_request"]["requested_deadline"], in_days(20));
    assert!(view["allowed_actions"].as_array().unwrap().iter().any(|a| a == "decide_extension"));
    // One open request at a time.
    let res = app.post(&path, Some(&edu), &json!({"requested_deadline": in_days(30), "reason": "再延"})).await;
    assert_problem(res, 409, "extension_not_allowed").await;
    // Others may not ask or decide.
    assert_problem(
        app.post(&path, Some(&office), &json!({"requested_deadline": in_days(30), "reason": "x"})).await,
        403,
        "forbidden",
    )
    .await;
    assert_problem(app.post(&decision, Some(&edu), &json!({"approve": true, "comment": "x"})).await, 403, "forbidden")
        .await;
    // Refused: the deadline stays.
    let res = app.post(&decision, Some(&office), &json!({"approve": false, "comment": "理由不充分"})).await;
    let refused: Value = res.json().await.unwrap();
    assert_eq!(refused["deadline"], in_days(5));
    assert!(refused["open_extension_request"].is_null());
    assert_problem(
        app.post(&decision, Some(&office), &json!({"approve": true, "comment": "x"})).await,
        409,
        "no_pending_extension",
    )
    .await;
    // Asked again and approved by the group's lead: the deadline moves.
    assert_eq!(
        app.post(&path, Some(&edu), &json!({"requested_deadline": in_days(15), "reason": "补充材料"})).await.status(),
        201
    );
    let lead = app.login("lead_agency_arrears").await;
    let approved: Value =
        app.post(&decision, Some(&lead), &json!({"approve": true, "comment": "同意"})).await.json().await.unwrap();
    assert_eq!(approved["deadline"], in_days(15));
    let notes = app.get_json("/api/v1/notifications", &edu).await;
    assert_eq!(kinds(&notes)[..2], ["extension_decided", "extension_decided"]);
    // After the deadline has passed, no request.
    set_deadline(&app, &id, -1);
    let res = app.post(&path, Some(&edu), &json!({"requested_deadline": in_days(30), "reason": "x"})).await;
    let body = assert_problem(res, 409, "extension_not_allowed").await;
    assert!(body["detail"].as_str().unwrap().contains("已过"));
    let timeline = app.get_json(&format!("/api/v1/issues/{id}/timeline"), &office).await;
    let ext: Vec<&str> = timeline
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["kind"].as_str())
        .filter(|k| k.starts_with("extension"))
        .collect();
    assert_eq!(ext.len(), 4);
});

db_test!(deadline_warnings_are_notified_once_per_threshold, |app| {
    let soon = rectifying(&app, "即将到期", 2).await;
    let late = rectifying(&app, "已逾期", -3).await;
    let calm = rectifying(&app, "时间充裕", 30).await;
    let today = app.today();
    let first =
        lvyue::jobs::deadlines::scan(&mut app.conn(), &app.clock, (today, 3), &lvyue::jobs::Stop::default()).unwrap();
    assert_eq!(first, 2);
    // A second scan (or a second server instance) notifies nothing again.
    assert_eq!(
        lvyue::jobs::deadlines::scan(&mut app.conn(), &app.clock, (today, 3), &lvyue::jobs::Stop::default()).unwrap(),
        0
    );
    let edu = app.login("unit_education").await;
    let notes = app.get_json("/api/v1/notifications?page_size=50", &edu).await;
    let warned: Vec<(&str, &str)> = notes["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"].as_str().unwrap().starts_with("deadline"))
        .map(|n| (n["kind"].as_str().unwrap(), n["issue_id"].as_str().unwrap()))
        .collect();
    assert!(warned.contains(&("deadline_yellow", soon.as_str())));
    assert!(warned.contains(&("deadline_red", late.as_str())));
    assert!(!warned.iter().any(|(_, i)| *i == calm));
    // The yellow one passes its deadline: red is notified, once.
    set_deadline(&app, &soon, -1);
    assert_eq!(
        lvyue::jobs::deadlines::scan(&mut app.conn(), &app.clock, (today, 3), &lvyue::jobs::Stop::default()).unwrap(),
        1
    );
    assert_eq!(
        lvyue::jobs::deadlines::scan(&mut app.conn(), &app.clock, (today, 3), &lvyue::jobs::Stop::default()).unwrap(),
        0
    );
    // Red ones reach the group's lead too.
    let lead = app.login("lead_agency_arrears").await;
    let lead_notes = app.get_json("/api/v1/notifications", &lead).await;
    assert_eq!(kinds(&lead_notes).iter().filter(|k| *k == "deadline_red").count(), 2);
});

/// The server scans by itself, without any request asking it to.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_scans_periodically() {
    let app = TestApp::spawn_configured(Backend::Sqlite, |c| c.scan_interval_secs = 1).await.unwrap();
    let id = rectifying(&app, "定时扫描", -2).await;
    let edu = app.login("unit_education").await;
    let mut found = false;
    for _ in 0..30 {
        let notes = app.get_json("/api/v1/notifications", &edu).await;
        if notes["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["kind"] == "deadline_red" && n["issue_id"] == id.as_str())
        {
            found = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    assert!(found, "the periodic scan notified the overdue problem");
}

db_test!(self_found_problems_never_lower_the_score, |app| {
    let office = app.login("office").await;
    let edu = app.login("unit_education").await;
    let units = |body: &Value| -> Value {
        body["units"].as_array().unwrap().iter().find(|u| u["unit_name"] == "区教育局").cloned().unwrap_or(Value::Null)
    };
    // A self-found problem of 区教育局, overdue.
    let res = app.post("/api/v1/issues", Some(&edu), &problem("自查发现: 拖欠货款", "self_inspection")).await;
    let own: Value = res.json().await.unwrap();
    let own_id = own["id"].as_str().unwrap();
    app.post(
        &format!("/api/v1/issues/{own_id}/transitions"),
        Some(&office),
        &json!({"action": "assign", "responsible_unit_id": app.unit_id("education"), "deadline": in_days(1)}),
    )
    .await;
    set_deadline(&app, own_id, -2);
    let report = app.get_json("/api/v1/stats/units", &office).await;
    let edu_stats = units(&report);
    assert_eq!(edu_stats["overdue"], 1);
    assert_eq!(edu_stats["self_reported"], 1);
    assert_eq!(edu_stats["score"], 100.0, "{edu_stats}");
    assert_eq!(edu_stats["deductions"], json!([]));
    // The same problem from a complaint lowers it by the configured weight.
    let complaint = rectifying(&app, "投诉: 拖欠货款", -2).await;
    let report = app.get_json("/api/v1/stats/units", &office).await;
    // One problem overdue for (part of) one day: the per-problem and the per-day weights.
    let weight = report["weights"]["overdue"].as_f64().unwrap() + report["weights"]["overdue_day"].as_f64().unwrap();
    let edu_stats = units(&report);
    assert_eq!(edu_stats["overdue"], 2);
    assert_eq!((edu_stats["late"].as_i64(), edu_stats["overdue_days"].as_i64()), (Some(2), Some(2)), "{edu_stats}");
    assert_eq!(edu_stats["score"].as_f64().unwrap(), 100.0 - weight);
    assert_eq!(edu_stats["deductions"][0]["reason"], "overdue");
    assert_eq!(edu_stats["deductions"][0]["count"], 1);
    assert_eq!(edu_stats["deductions"][1]["reason"], "overdue_days");
    // Rejections count too (not for self-found problems).
    crate::attachments::upload_evidence(&app, &edu, &complaint).await;
    app.post(
        &format!("/api/v1/issues/{complaint}/transitions"),
        Some(&edu),
        &json!({"action": "submit", "comment": "完成"}),
    )
    .await;
    app.post(
        &format!("/api/v1/issues/{complaint}/transitions"),
        Some(&office),
        &json!({"action": "reject", "comment": "未完成"}),
    )
    .await;
    let report = app.get_json("/api/v1/stats/units", &office).await;
    let edu_stats = units(&report);
    assert_eq!(edu_stats["rejections"], 1);
    let expected = 100.0 - weight - report["weights"]["rejection"].as_f64().unwrap();
    assert!((edu_stats["score"].as_f64().unwrap() - expected).abs() < 1e-9, "{edu_stats}");
    // A unit sees its own unit's score only; group leads see their groups only.
    let own = app.get_json("/api/v1/stats/units", &edu).await;
    assert_eq!(own["units"].as_array().unwrap().len(), 1, "{own}");
    assert_eq!(own["units"][0]["score"], edu_stats["score"]);
    assert_eq!(app.get_json("/api/v1/stats/units?unit=mine", &edu).await["units"], own["units"]);
    assert_problem(app.get_as("/api/v1/stats/overview", &edu).await, 403, "forbidden").await;
    let funds_lead = app.login("lead_funds").await;
    assert_eq!(app.get_json("/api/v1/stats/units", &funds_lead).await["units"], json!([]));
});

db_test!(statistics_agree_with_the_ledger, |app| {
    app.seed_demo_problems();
    for user in ["office", "lead_soe_arrears"] {
        let token = app.login(user).await;
        let list = app.get_json("/api/v1/issues?page_size=200", &token).await;
        let items = list["items"].as_array().unwrap();
        let overview = app.get_json("/api/v1/stats/overview", &token).await;
        assert_eq!(overview["total"], list["total"], "{user}");
        for s in overview["by_state"].as_array().unwrap() {
            assert_eq!(
                s["count"].as_i64().unwrap(),
                items.iter().filter(|i| i["state"] == s["code"]).count() as i64,
                "{user} {}",
                s["code"]
            );
        }
        for w in overview["by_warning"].as_array().unwrap() {
            assert_eq!(
                w["count"].as_i64().unwrap(),
                items.iter().filter(|i| i["warning"] == w["code"]).count() as i64,
                "{user} {}",
                w["code"]
            );
        }
        for g in overview["by_group"].as_array().unwrap() {
            let of_group: Vec<&Value> = items.iter().filter(|i| i["group_id"] == g["group_id"]).collect();
            let dismissed = |i: &&&Value| i["closure_kind"] == "duplicate" || i["closure_kind"] == "unfounded";
            let counted: Vec<&&Value> = of_group.iter().filter(|i| !dismissed(i)).collect();
            assert_eq!(g["total"].as_i64().unwrap(), counted.len() as i64);
            assert_eq!(g["dismissed"].as_i64().unwrap(), of_group.iter().filter(dismissed).count() as i64);
            assert_eq!(
                g["closed"].as_i64().unwrap(),
                counted.iter().filter(|i| i["closure_kind"] == "rectified").count() as i64
            );
            assert_eq!(
                g["overdue"].as_i64().unwrap(),
                of_group.iter().filter(|i| i["warning"] == "red").count() as i64
            );
            let involved: i64 = counted.iter().map(|i| i["amount_involved_fen"].as_i64().unwrap()).sum();
            assert_eq!(g["amount_involved_fen"].as_i64().unwrap(), involved);
        }
        // Dismissed problems (不予立项) are in no amount or rate.
        let counted: Vec<&Value> =
            items.iter().filter(|i| i["closure_kind"] != "duplicate" && i["closure_kind"] != "unfounded").collect();
        assert_eq!(overview["dismissed"].as_i64().unwrap(), (items.len() - counted.len()) as i64);
        let involved: i64 = counted.iter().map(|i| i["amount_involved_fen"].as_i64().unwrap()).sum();
        let resolved: i64 = counted.iter().map(|i| i["amount_resolved_fen"].as_i64().unwrap()).sum();
        assert_eq!(overview["amount_involved_fen"].as_i64().unwrap(), involved);
        assert_eq!(overview["amount_resolved_fen"].as_i64().unwrap(), resolved);
        // 清偿率 of the arrears only, against what is due, each problem counted up to its due.
        let arrears: Vec<&&Value> =
            counted.iter().filter(|i| i["category"].as_str().unwrap().ends_with("arrears")).collect();
        let due: i64 = arrears.iter().map(|i| i["amount_due_fen"].as_i64().unwrap()).sum();
        let repaid: i64 = arrears
            .iter()
            .map(|i| i["amount_resolved_fen"].as_i64().unwrap().min(i["amount_due_fen"].as_i64().unwrap()))
            .sum();
        let expected_rate = ((repaid as f64 / due as f64) * 10_000.0).round() / 10_000.0;
        assert_eq!(
            overview["repayment_rate"],
            json!({"value": expected_rate, "numerator": repaid, "denominator": due})
        );
        assert_eq!(overview["repayment_rate"], overview["money"]["arrears"]["rate"]);
        assert_eq!(overview["money"]["arrears"]["problems"].as_i64().unwrap(), arrears.len() as i64);
        let rectified = counted.iter().filter(|i| i["closure_kind"] == "rectified").count() as i64;
        assert_eq!(overview["closed"].as_i64().unwrap(), rectified);
        assert_eq!(overview["closure_rate"]["numerator"].as_i64().unwrap(), rectified);
        assert_eq!(overview["closure_rate"]["denominator"].as_i64().unwrap(), counted.len() as i64);
        let units = app.get_json("/api/v1/stats/units", &token).await;
        for u in units["units"].as_array().unwrap() {
            let mine: Vec<&Value> = items
                .iter()
                .filter(|i| i["responsible_unit_id"] == u["unit_id"])
                .filter(|i| i["closure_kind"] != "duplicate" && i["closure_kind"] != "unfounded")
                .collect();
            assert_eq!(u["assigned"].as_i64().unwrap(), mine.len() as i64);
            assert_eq!(
                u["closed"].as_i64().unwrap(),
                mine.iter().filter(|i| i["closure_kind"] == "rectified").count() as i64
            );
            assert_eq!(u["overdue"].as_i64().unwrap(), mine.iter().filter(|i| i["warning"] == "red").count() as i64);
        }
        let trend = app.get_json("/api/v1/stats/trend?interval=month", &token).await;
        assert_eq!(trend["interval"], "month");
        assert!(trend["as_of"].as_str().is_some_and(|t| t.ends_with('Z')), "{trend}");
        let registered: i64 =
            trend["points"].as_array().unwrap().iter().map(|p| p["registered"].as_i64().unwrap()).sum();
        let closed: i64 = trend["points"].as_array().unwrap().iter().map(|p| p["closed"].as_i64().unwrap()).sum();
        assert_eq!(registered, list["total"].as_i64().unwrap());
        assert_eq!(closed, items.iter().filter(|i| i["state"] == "closed").count() as i64);
        let weekly = app.get_json("/api/v1/stats/trend?interval=week", &token).await;
        let weeks: Vec<&str> =
            weekly["points"].as_array().unwrap().iter().map(|p| p["period"].as_str().unwrap()).collect();
        assert!(weeks.windows(2).all(|w| w[0] < w[1]), "consecutive weeks");
    }
});

db_test!(dispatch_workbook_matches_the_statistics, |app| {
    app.seed_demo_problems();
    let office = app.login("office").await;
    let today = app.today();
    let res = app.get_as(&format!("/api/v1/reports/dispatch.xlsx?date={today}"), &office).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], lvyue::spreadsheet::XLSX_MIME);
    assert!(res.headers()["content-disposition"].to_str().unwrap().contains("filename*=UTF-8''"));
    let bytes = res.bytes().await.unwrap();
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).expect("a real XLSX");
    assert_eq!(
        wb.sheet_names(),
        ["总体情况", "分组进展", "分单位进展", "逾期清单", "分期逾期", "节点安排", "节点报送"]
    );
    let overview = app.get_json("/api/v1/stats/overview", &office).await;
    let num = |d: &Data| match d {
        Data::Float(f) => *f as i64,
        Data::Int(i) => *i,
        other => panic!("not a number: {other:?}"),
    };
    let summary = wb.worksheet_range("总体情况").unwrap();
    let dismissed = overview["dismissed"].as_i64().unwrap();
    assert_eq!(num(summary.get_value((4, 1)).unwrap()), overview["total"].as_i64().unwrap() - dismissed);
    assert_eq!(num(summary.get_value((5, 1)).unwrap()), overview["closed"].as_i64().unwrap());
    assert_eq!(num(summary.get_value((7, 1)).unwrap()), dismissed);
    let red = overview["by_warning"].as_array().unwrap().iter().find(|w| w["code"] == "red").unwrap()["count"]
        .as_i64()
        .unwrap();
    assert_eq!(num(summary.get_value((6, 1)).unwrap()), red);
    let groups = wb.worksheet_range("分组进展").unwrap();
    let mut rows = 0;
    for row in groups.rows().skip(1) {
        let name = row[0].to_string();
        let g = overview["by_group"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["name"] == name.as_str())
            .expect("group in stats");
        assert_eq!(num(&row[1]), g["total"].as_i64().unwrap(), "{name}");
        assert_eq!(num(&row[2]), g["closed"].as_i64().unwrap(), "{name}");
        assert_eq!(num(&row[4]), g["overdue"].as_i64().unwrap(), "{name}");
        rows += 1;
    }
    assert_eq!(rows, overview["by_group"].as_array().unwrap().len());
    let units = app.get_json("/api/v1/stats/units", &office).await;
    let unit_sheet = wb.worksheet_range("分单位进展").unwrap();
    for row in unit_sheet.rows().skip(1) {
        let name = row[0].to_string();
        let u =
            units["units"].as_array().unwrap().iter().find(|u| u["unit_name"] == name.as_str()).expect("unit in stats");
        assert_eq!(num(&row[1]), u["assigned"].as_i64().unwrap(), "{name}");
        assert_eq!(num(&row[4]), u["overdue"].as_i64().unwrap(), "{name}");
    }
    let overdue = wb.worksheet_range("逾期清单").unwrap();
    assert_eq!(overdue.rows().count() as i64 - 1, red);
    let milestones = wb.worksheet_range("节点安排").unwrap();
    assert_eq!(milestones.rows().count(), 5);
    let auditor = app.login("auditor").await;
    assert_eq!(app.get_json("/api/v1/audit?action=report.dispatch", &auditor).await["total"], 1);
    // Units may not export.
    assert_problem(app.get_as("/api/v1/reports/dispatch.xlsx", &app.login("unit_fuhe").await).await, 403, "forbidden")
        .await;
    let campaigns = app.get_json("/api/v1/campaigns", &office).await;
    assert_eq!(campaigns[0]["milestones"].as_array().unwrap().len(), 4);
});
