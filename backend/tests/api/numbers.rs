//! Numbers the district can sign (#19): the self-report exemption by who found the problem,
//! scores from what happened rather than from today's state, rates that leave dismissed
//! problems out and say what they are a rate of, and dispatch reports printed from the daily
//! snapshots.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use chrono::Datelike;
use serde_json::{Value, json};

use crate::db_test;
use crate::helpers::{TestApp, assert_problem};

fn problem(title: &str, source: &str) -> Value {
    json!({
        "title": title, "description": "拖欠工程款", "category": "agency_arrears", "problem_type": "agency_delay",
        "source": source, "enterprise_name": "随州市测试建筑有限公司", "amount_involved_fen": 100_000,
    })
}

async fn act(app: &TestApp, token: &str, id: &str, body: Value) -> Value {
    let res = app.post(&format!("/api/v1/issues/{id}/transitions"), Some(token), &body).await;
    let status = res.status();
    let body: Value = res.json().await.unwrap();
    assert_eq!(status, 200, "{body}");
    body
}

/// Registers `body` as `who`, assigns it to 区教育局 and has it accepted, with its deadline
/// moved two days into the past: overdue in 区教育局's hands.
async fn overdue_at_education(app: &TestApp, who: &str, body: Value) -> Value {
    let (office, edu) = (app.login("office").await, app.login("unit_education").await);
    let token = app.login(who).await;
    let res = app.post("/api/v1/issues", Some(&token), &body).await;
    assert_eq!(res.status(), 201, "{who}");
    let issue: Value = res.json().await.unwrap();
    let id = issue["id"].as_str().unwrap().to_owned();
    let deadline = (app.today() + chrono::Duration::days(5)).to_string();
    let assign = json!({"action": "assign", "responsible_unit_id": app.unit_id("education"), "deadline": deadline});
    act(app, &office, &id, assign).await;
    act(app, &edu, &id, json!({"action": "accept", "measures": "分期支付"})).await;
    let past = (app.today() - chrono::Duration::days(2)).to_string();
    app.exec(&format!("UPDATE issues SET deadline = '{past}' WHERE id = '{id}'"));
    issue
}

async fn education(app: &TestApp) -> Value {
    let report = app.get_json("/api/v1/stats/units", &app.login("office").await).await;
    report["units"].as_array().unwrap().iter().find(|u| u["unit_name"] == "区教育局").cloned().unwrap_or(Value::Null)
}

fn deduction(unit: &Value, reason: &str) -> i64 {
    unit["deductions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["reason"] == reason)
        .map_or(0, |d| d["count"].as_i64().unwrap())
}

db_test!(only_the_unit_that_found_a_problem_is_exempt, |app| {
    let edu_id = app.unit_id("education");
    // Found by 区教育局 itself: exempt.
    let own = overdue_at_education(&app, "unit_education", problem("自查: 教育局拖欠", "self_inspection")).await;
    assert_eq!(own["found_by_unit_id"], edu_id.as_str());
    let unit = education(&app).await;
    assert_eq!((unit["self_reported"].as_i64(), deduction(&unit, "overdue")), (Some(1), 0), "{unit}");
    assert_eq!(unit["score"], 100.0);
    // Found by 府河镇 in 区教育局's area: not 区教育局's self-report.
    let town = overdue_at_education(&app, "unit_fuhe", problem("府河镇自查: 教育局拖欠", "self_inspection")).await;
    assert_eq!(town["found_by_unit_id"], app.unit_id("fuhe").as_str());
    // Registered by the office (its own inspection) and from a complaint: not exempt either.
    let office_found = overdue_at_education(&app, "office", problem("营商办检查发现", "self_inspection")).await;
    assert_ne!(office_found["found_by_unit_id"], edu_id.as_str());
    let complaint = overdue_at_education(&app, "office", problem("企业投诉", "complaint")).await;
    assert_eq!(complaint["found_by_unit_id"], Value::Null);
    let unit = education(&app).await;
    assert_eq!((unit["self_reported"].as_i64(), deduction(&unit, "overdue")), (Some(1), 3), "{unit}");
    // The office registering 区教育局's own finding on its behalf: exempt.
    let mut on_behalf = problem("代教育局登记其自查问题", "self_inspection");
    on_behalf["found_by_unit_id"] = json!(edu_id);
    let behalf = overdue_at_education(&app, "office", on_behalf).await;
    assert_eq!(behalf["found_by_unit_id"], edu_id.as_str());
    let unit = education(&app).await;
    assert_eq!((unit["self_reported"].as_i64(), deduction(&unit, "overdue")), (Some(2), 3), "{unit}");
    // The finding unit stays whatever happens later.
    let view =
        app.get_json(&format!("/api/v1/issues/{}", town["id"].as_str().unwrap()), &app.login("office").await).await;
    assert_eq!(view["found_by_unit_id"], app.unit_id("fuhe").as_str());
    // A finding unit only for a self-inspection, named only by the office.
    let office = app.login("office").await;
    let mut wrong = problem("投诉", "complaint");
    wrong["found_by_unit_id"] = json!(edu_id);
    let body = assert_problem(app.post("/api/v1/issues", Some(&office), &wrong).await, 422, "validation_failed").await;
    assert!(body.to_string().contains("found_by_unit_id"), "{body}");
    let mut other = problem("自查", "self_inspection");
    other["found_by_unit_id"] = json!(edu_id);
    let fuhe = app.login("unit_fuhe").await;
    let body = assert_problem(app.post("/api/v1/issues", Some(&fuhe), &other).await, 422, "validation_failed").await;
    assert!(body.to_string().contains("found_by_unit_id"), "{body}");
});

db_test!(submitting_late_does_not_raise_the_score, |app| {
    let (office, edu) = (app.login("office").await, app.login("unit_education").await);
    let issue = overdue_at_education(&app, "office", problem("投诉: 拖欠货款", "complaint")).await;
    let id = issue["id"].as_str().unwrap();
    let before = education(&app).await;
    assert_eq!((before["overdue"].as_i64(), before["late"].as_i64()), (Some(1), Some(1)), "{before}");
    assert!(before["score"].as_f64().unwrap() < 100.0);
    // Submitting stops the clock but keeps what was late.
    crate::attachments::upload_evidence(&app, &edu, id).await;
    act(&app, &edu, id, json!({"action": "submit", "comment": "已支付"})).await;
    let submitted = education(&app).await;
    assert_eq!(submitted["overdue"], 0, "no longer overdue today");
    assert_eq!(submitted["late"], 1);
    assert_eq!(submitted["score"], before["score"], "{submitted}");
    // Approved: still a late piece of work.
    act(&app, &office, id, json!({"action": "approve", "comment": "核实已支付", "verification": app.verified()})).await;
    let approved = education(&app).await;
    assert_eq!((approved["closed"].as_i64(), approved["late"].as_i64()), (Some(1), Some(1)), "{approved}");
    assert_eq!(approved["score"], before["score"]);
    assert_eq!(deduction(&approved, "overdue"), 1);
    assert!(deduction(&approved, "overdue_days") >= 1);
});

db_test!(a_dismissed_duplicate_changes_no_rate, |app| {
    app.seed_demo_problems();
    let office = app.login("office").await;
    let before = app.get_json("/api/v1/stats/overview", &office).await;
    let units_before = app.get_json("/api/v1/stats/units", &office).await;
    let res = app.post("/api/v1/issues", Some(&office), &problem("重复登记的投诉", "complaint")).await;
    let id = res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned();
    act(&app, &office, &id, json!({"action": "dismiss", "comment": "与已登记问题重复", "closure_kind": "duplicate"}))
        .await;
    let after = app.get_json("/api/v1/stats/overview", &office).await;
    for key in [
        "closure_rate",
        "repayment_rate",
        "fulfilment_rate",
        "allocation_rate",
        "money",
        "on_time_rate",
        "amount_involved_fen",
        "amount_resolved_fen",
        "closed",
    ] {
        assert_eq!(after[key], before[key], "{key}");
    }
    assert_eq!(after["dismissed"].as_i64().unwrap(), before["dismissed"].as_i64().unwrap() + 1);
    assert_eq!(after["total"].as_i64().unwrap(), before["total"].as_i64().unwrap() + 1, "the list still shows it");
    let rate = &after["closure_rate"];
    let expected = rate["numerator"].as_f64().unwrap() / rate["denominator"].as_f64().unwrap();
    assert!((rate["value"].as_f64().unwrap() - expected).abs() < 1e-4, "{rate}");
    assert_eq!(app.get_json("/api/v1/stats/units", &office).await["units"], units_before["units"]);
});

fn cells(bytes: &[u8]) -> Vec<(String, Vec<Vec<String>>)> {
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).expect("a real XLSX");
    wb.sheet_names()
        .into_iter()
        .map(|name| {
            let range = wb.worksheet_range(&name).unwrap();
            let rows = range.rows().map(|r| r.iter().map(Data::to_string).collect()).collect();
            (name, rows)
        })
        .collect()
}

db_test!(a_past_dispatch_report_is_printed_as_it_was, |app| {
    app.seed_demo_problems();
    let office = app.login("office").await;
    let today = app.today();
    let last_week = today - chrono::Duration::days(7);
    // No snapshot for last week yet: refused, never recomputed from today's data.
    let res = app.get_as(&format!("/api/v1/reports/dispatch.xlsx?date={last_week}"), &office).await;
    let body = assert_problem(res, 422, "validation_failed").await;
    assert!(body.to_string().contains(&last_week.to_string()), "{body}");
    // The snapshot job runs on last week's evening (one server takes it; a second run adds none).
    let clock = lvyue::clock::Clock::manual_on(last_week, 23);
    // (The open campaign and the standing 常态化监测 one.)
    assert_eq!(lvyue::service::snapshots::take_due(&mut app.conn(), &clock, 7).unwrap(), 2);
    assert_eq!(lvyue::service::snapshots::take_due(&mut app.conn(), &clock, 7).unwrap(), 0);
    // The figures are computed outside the write lock: a run that computed them while another
    // stored its snapshot keeps the stored one, and audits nothing.
    let open = lvyue::store::campaigns::list(&mut app.conn())
        .unwrap()
        .into_iter()
        .find(|c| !c.standing && lvyue::domain::campaign::receives(c.standing, c.state))
        .expect("the open campaign");
    let mut late = lvyue::service::snapshots::compute(&mut app.conn(), &open, last_week, 7).unwrap();
    late.rows.clear();
    let kept: anyhow::Result<bool> = app.conn().write_tx(|c| {
        lvyue::service::snapshots::keep(c, &open, (last_week, clock.now()), &late).map_err(|e| anyhow::anyhow!("{e}"))
    });
    let kept = kept.unwrap();
    assert!(!kept, "the snapshot already stored stays");
    let stored = lvyue::service::snapshots::of_date(&mut app.conn(), &open, (last_week, "date"), today, 7).unwrap();
    assert!(!stored.rows.is_empty(), "the stored figures are not replaced");
    let auditor = app.login("auditor").await;
    // (The server's own job may also have taken today's, depending on the hour: not counted.)
    let snaps = app.get_json("/api/v1/audit?action=stats.snapshot", &auditor).await;
    let of_last_week =
        snaps["items"].as_array().unwrap().iter().filter(|r| r["after"]["date"] == last_week.to_string()).count();
    assert_eq!(of_last_week, 2, "{snaps}");
    let url = format!("/api/v1/reports/dispatch.xlsx?date={last_week}");
    let printed = cells(&app.get_as(&url, &office).await.bytes().await.unwrap());
    // Today's work: a problem closed, another registered, another dismissed.
    let list = app.get_json("/api/v1/issues?state=verifying&page_size=1", &office).await;
    let verifying = list["items"][0]["id"].as_str().unwrap().to_owned();
    act(&app, &office, &verifying, json!({"action": "approve", "comment": "核实", "verification": app.verified()}))
        .await;
    let res = app.post("/api/v1/issues", Some(&office), &problem("今天登记", "complaint")).await;
    assert_eq!(res.status(), 201);
    let again = cells(&app.get_as(&url, &office).await.bytes().await.unwrap());
    assert_eq!(printed, again, "last week's report is the same, cell by cell");
    // Today's report compares with the stored snapshot: 上期 is what was printed last week.
    let now = cells(&app.get_as("/api/v1/reports/dispatch.xlsx", &office).await.bytes().await.unwrap());
    let summary = |wb: &[(String, Vec<Vec<String>>)]| wb[0].1.clone();
    assert!(summary(&now)[1][0].contains(&last_week.to_string()), "{:?}", summary(&now)[1]);
    for row in 4..8 {
        assert_eq!(summary(&now)[row][2], summary(&printed)[row][1], "row {row}");
    }
    assert_ne!(summary(&now)[5][1], summary(&now)[5][2], "one more closed since");
    // A previous date without a snapshot is refused by name; snapshots are immutable.
    let res = app
        .get_as(&format!("/api/v1/reports/dispatch.xlsx?previous_date={}", today - chrono::Duration::days(3)), &office)
        .await;
    let body = assert_problem(res, 422, "validation_failed").await;
    assert!(body.to_string().contains("previous_date"), "{body}");
    let refused = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        app.exec("UPDATE stat_snapshots SET data_json = '{}'");
    }));
    assert!(refused.is_err(), "a stored snapshot cannot be changed");
    // A group lead's report has the rows of its scope only, from the same snapshot.
    let lead = app.login("lead_funds").await;
    let mine = cells(&app.get_as(&url, &lead).await.bytes().await.unwrap());
    assert!(mine[1].1.len() < printed[1].1.len(), "{:?}", mine[1].1);
});

db_test!(warnings_count_working_days_over_the_holiday_calendar, |app| {
    let (office, sysadmin) = (app.login("office").await, app.login("sysadmin").await);
    // The seeded calendar: 国庆 2026 is a week off, with 10月10日 (Saturday) worked.
    let year = app.get_json("/api/v1/calendar?year=2026", &office).await;
    let days = year.as_array().unwrap();
    let kind = |d: &str| days.iter().find(|x| x["day"] == d).map(|x| x["kind"].as_str().unwrap().to_owned());
    assert_eq!(kind("2026-10-01").as_deref(), Some("holiday"));
    assert_eq!(kind("2026-10-10").as_deref(), Some("workday"));
    assert_eq!(kind("2026-10-12"), None);
    // The window is LVYUE_WARNING_DAYS (3) working days: a deadline on its last day is yellow,
    // the day after is not.
    let exceptions = |days: &Value| -> std::collections::BTreeMap<chrono::NaiveDate, lvyue::domain::calendar::DayKind> {
        days.as_array()
            .unwrap()
            .iter()
            .map(|d| (d["day"].as_str().unwrap().parse().unwrap(), serde_json::from_value(d["kind"].clone()).unwrap()))
            .collect()
    };
    let today = app.today();
    let mut cal = exceptions(&app.get_json(&format!("/api/v1/calendar?year={}", today.format("%Y")), &office).await);
    cal.extend(exceptions(&app.get_json(&format!("/api/v1/calendar?year={}", today.year() + 1), &office).await));
    let last = lvyue::domain::calendar::add_working_days(today, 3, &cal);
    let warning_at = |deadline: chrono::NaiveDate| {
        let app = &app;
        let office = office.clone();
        async move {
            let res = app.post("/api/v1/issues", Some(&office), &problem("时限测试", "complaint")).await;
            let id = res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned();
            let assign =
                json!({"action": "assign", "responsible_unit_id": app.unit_id("education"), "deadline": deadline});
            act(app, &office, &id, assign).await["warning"].as_str().unwrap().to_owned()
        }
    };
    assert_eq!(warning_at(last).await, "yellow");
    let after = last + chrono::Duration::days(1);
    assert_eq!(warning_at(after).await, "none");
    // The system administrator makes the next weekday a holiday: the window reaches one working
    // day further, and the same deadline is now yellow.
    let next_weekday = (1..=7)
        .map(|n| today + chrono::Duration::days(n))
        .find(|d| lvyue::domain::calendar::is_working_day(*d, &cal))
        .unwrap();
    let body = json!({"kind": "holiday", "name": "临时调整"});
    let res = app
        .request(reqwest::Method::PUT, &format!("/api/v1/calendar/{next_weekday}"), Some(&sysadmin), Some(&body))
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(warning_at(after).await, "yellow");
    // Only the system administrator maintains it; wrong days are refused by name.
    let res = app
        .request(reqwest::Method::PUT, &format!("/api/v1/calendar/{next_weekday}"), Some(&office), Some(&body))
        .await;
    assert_problem(res, 403, "forbidden").await;
    let saturday =
        (1..=7).map(|n| today + chrono::Duration::days(n)).find(|d| d.weekday() == chrono::Weekday::Sat).unwrap();
    let res =
        app.request(reqwest::Method::PUT, &format!("/api/v1/calendar/{saturday}"), Some(&sysadmin), Some(&body)).await;
    let problem = assert_problem(res, 422, "validation_failed").await;
    assert!(problem.to_string().contains("kind"), "{problem}");
    let path = format!("/api/v1/calendar/{next_weekday}");
    assert_eq!(app.request(reqwest::Method::DELETE, &path, Some(&sysadmin), None).await.status(), 204);
    assert_eq!(app.request(reqwest::Method::DELETE, &path, Some(&sysadmin), None).await.status(), 404);
    let auditor = app.login("auditor").await;
    assert_eq!(
        app.get_json("/api/v1/audit?action=calendar.set", &auditor).await["total"],
        2,
        "the change and the refusal"
    );
    assert_eq!(app.get_json("/api/v1/audit?action=calendar.delete", &auditor).await["total"], 1);
});
