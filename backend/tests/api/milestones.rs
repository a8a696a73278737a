//! Milestone submissions (节点报送, #20): the units a milestone asks file their submissions (a
//! 自查清单 with its problems and files, or a 零报告), late ones are flagged, the office returns
//! and accepts them, the board shows where each unit stands, reminders go out once.

use chrono::Duration;
use serde_json::{Value, json};

use crate::attachments::pdf;
use crate::db_test;
use crate::helpers::{TestApp, assert_problem};

/// Closes the demo 2024 campaign and opens a 2025 one with a 自查清单 due in each of `days`
/// (negative: already past); answers the milestones' ids.
async fn open_campaign_due_in(app: &TestApp, office: &str, days: &[i64], submitters: &str) -> Vec<String> {
    let campaigns = app.get_json("/api/v1/campaigns", office).await;
    let old =
        campaigns.as_array().unwrap().iter().find(|c| c["code"] == "2024").unwrap()["id"].as_str().unwrap().to_owned();
    let res = app.post(&format!("/api/v1/campaigns/{old}/close"), Some(office), &json!({"carry_over": false})).await;
    assert_eq!(res.status(), 200);
    let body = json!({"code": "2025", "name": "2025年专项行动", "starts_on": app.today(), "ends_on": app.today() + Duration::days(200),
        "milestones": days.iter().map(|d| json!({"title": format!("自查问题清单 ({d})"), "due_on": app.today() + Duration::days(*d),
            "deliverable": "self_check_list", "submitters": submitters})).collect::<Vec<_>>()});
    let res = app.post("/api/v1/campaigns", Some(office), &body).await;
    assert_eq!(res.status(), 201);
    let created: Value = res.json().await.unwrap();
    let id = created["id"].as_str().unwrap();
    assert_eq!(created["milestones"][0]["submitters"], submitters);
    let res = app.post(&format!("/api/v1/campaigns/{id}/open"), Some(office), &json!({})).await;
    assert_eq!(res.status(), 200);
    let mut list: Vec<(String, String)> = created["milestones"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["due_on"].as_str().unwrap().to_owned(), m["id"].as_str().unwrap().to_owned()))
        .collect();
    list.sort();
    let mut ids = Vec::new();
    for d in days {
        let due = (app.today() + Duration::days(*d)).to_string();
        ids.push(list.iter().find(|(day, _)| *day == due).unwrap().1.clone());
    }
    ids
}

async fn upload_for(app: &TestApp, token: &str, milestone: &str, name: &str) -> reqwest::Response {
    let bytes = pdf(name);
    let (content_type, body) = crate::attachments::multipart(&[("kind", "written_feedback")], &[(name, &bytes)]);
    app.client
        .post(app.url(&format!("/api/v1/milestones/{milestone}/attachments")))
        .bearer_auth(token)
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap()
}

/// The reminder job's work as if it ran `days` from today.
fn remind(app: &TestApp, days: i64) -> usize {
    let today = app.today() + Duration::days(days);
    lvyue::service::milestones::send_reminders(&mut app.conn(), app.clock.now(), today).unwrap()
}

/// The board's item of a group, from the office's view.
fn item<'a>(board: &'a Value, group: &str, app: &TestApp) -> &'a Value {
    let id = app.group_id(group);
    board["items"].as_array().unwrap().iter().find(|i| i["group_id"] == id.as_str()).unwrap()
}

db_test!(a_milestone_is_walked_from_reminders_to_acceptance, |app| {
    let office = app.login("office").await;
    // One list due in three days, and one that was due the day before yesterday.
    let ids = open_campaign_due_in(&app, &office, &[3, -2], "group_leads").await;
    let (milestone, past) = (&ids[0], &ids[1]);
    let board_url = format!("/api/v1/milestones/{milestone}/submissions");
    let past_url = format!("/api/v1/milestones/{past}/submissions");
    let board = app.get_json(&board_url, &office).await;
    assert_eq!(board["totals"]["expected"], 5, "the five work groups' lead units: {board}");
    assert_eq!(board["totals"]["missing"], 5);
    assert_eq!(board["campaign_state"], "open");

    // Reminders: none four days ahead, each lead unit once from three days before, once on the
    // day; none for a milestone already past.
    assert_eq!(remind(&app, -1), 0);
    assert_eq!(remind(&app, 0), 5);
    assert_eq!(remind(&app, 1), 0, "once only");
    let lead = app.login("lead_investment").await;
    let policy = app.login("lead_policy").await;
    let notes = app.get_json("/api/v1/notifications", &lead).await;
    let due: Vec<&Value> = notes["items"].as_array().unwrap().iter().filter(|n| n["kind"] == "milestone_due").collect();
    assert_eq!(due.len(), 1, "{notes}");

    // The investment group's lead files its list with a file, on time.
    let issue = app
        .post(
            "/api/v1/issues",
            Some(&office),
            &json!({"title": "招商引资奖励未兑现", "description": "协议约定的奖励未按期兑现。", "category": "investment_promise",
                "problem_type": "promise_unfulfilled", "source": "self_inspection", "enterprise_name": "随州市节点测试有限公司",
                "found_by_unit_id": app.unit_id("investment_center")}),
        )
        .await;
    let status = issue.status();
    let issue: Value = issue.json().await.unwrap();
    assert_eq!(status, 201, "{issue}");
    let issue_id = issue["id"].as_str().unwrap();
    let unit = app.login("unit_education").await;
    assert_problem(upload_for(&app, &unit, milestone, "x.pdf").await, 403, "forbidden").await;
    let res = upload_for(&app, &lead, milestone, "自查问题清单.pdf").await;
    assert_eq!(res.status(), 201);
    let file: Value = res.json().await.unwrap();
    let file_id = file["items"][0]["id"].as_str().unwrap().to_owned();
    let waiting = app.get_json(&format!("/api/v1/milestones/{milestone}/attachments"), &lead).await;
    assert_eq!(waiting["items"].as_array().unwrap().len(), 1);
    // Bad content is named: a 零报告 lists nothing, a list lists something, problems must be seen.
    let bad = |nil: bool, ids: Value| json!({"summary": "自查情况", "nil_return": nil, "issue_ids": ids});
    for (body, field) in [
        (bad(true, json!([issue_id])), "issue_ids"),
        (bad(false, json!([])), "issue_ids"),
        (bad(false, json!(["01936f3e-8c6a-7b3d-9a51-2f1c0d4e5a6b"])), "issue_ids[0]"),
    ] {
        let errors = assert_problem(app.post(&board_url, Some(&lead), &body).await, 422, "validation_failed").await;
        assert_eq!(errors["errors"][0]["field"], field, "{errors}");
    }
    let body = json!({"summary": "经全面自查, 发现问题 1 个。", "nil_return": false, "issue_ids": [issue_id],
        "attachment_ids": [file_id]});
    assert_problem(app.post(&board_url, Some(&unit), &body).await, 403, "forbidden").await;
    let res = app.post(&board_url, Some(&lead), &body).await;
    assert_eq!(res.status(), 201);
    let filed: Value = res.json().await.unwrap();
    assert_eq!((&filed["late"], &filed["status"]), (&json!(false), &json!("submitted")));
    assert_eq!(filed["issues"][0]["number"], issue["number"]);
    assert_eq!(filed["attachments"][0]["id"], file_id.as_str());
    assert_problem(app.post(&board_url, Some(&lead), &body).await, 409, "submission_state").await;
    // The file is the submission's now: the office and the group read it, another group does not.
    let file_url = format!("/api/v1/attachments/{file_id}");
    assert_eq!(app.get_as(&file_url, &office).await.status(), 200);
    assert_eq!(app.get_as(&file_url, &lead).await.status(), 200);
    assert_eq!(app.get_as(&file_url, &policy).await.status(), 404);
    assert_eq!(app.client.delete(app.url(&file_url)).bearer_auth(&lead).send().await.unwrap().status(), 403);

    // The day: the four others are reminded again, and nothing after it.
    assert_eq!(remind(&app, 3), 4);
    assert_eq!(remind(&app, 4), 0, "nothing after the day");
    // The policy group files a 零报告 for the list due two days ago: late.
    let nil = json!({"summary": "经全面自查, 未发现问题。", "nil_return": true, "issue_ids": []});
    let res = app.post(&past_url, Some(&policy), &nil).await;
    assert_eq!(res.status(), 201);
    let late: Value = res.json().await.unwrap();
    assert_eq!((&late["late"], &late["nil_return"]), (&json!(true), &json!(true)));
    let late_id = late["id"].as_str().unwrap();

    // The office returns it (a unit may not), the lead files again, the office accepts.
    let ret = format!("/api/v1/milestone-submissions/{late_id}/return");
    assert_problem(app.post(&ret, Some(&policy), &json!({"comment": "x"})).await, 403, "forbidden").await;
    assert_problem(app.post(&ret, Some(&office), &json!({"comment": " "})).await, 422, "validation_failed").await;
    let res = app.post(&ret, Some(&office), &json!({"comment": "请附自查工作说明"})).await;
    assert_eq!(res.status(), 200);
    assert_eq!(item(&app.get_json(&past_url, &office).await, "policy", &app)["status"], "returned");
    assert_problem(app.post(&ret, Some(&office), &json!({"comment": "again"})).await, 409, "submission_state").await;
    let res = app.post(&past_url, Some(&policy), &nil).await;
    assert_eq!(res.status(), 201);
    let again: Value = res.json().await.unwrap();
    let accept = format!("/api/v1/milestone-submissions/{}/accept", again["id"].as_str().unwrap());
    assert_eq!(app.post(&accept, Some(&office), &json!({})).await.status(), 200);

    // The boards agree: who filed, who is late, who was returned and accepted, who is missing.
    let board = app.get_json(&board_url, &office).await;
    let investment = item(&board, "investment", &app);
    assert_eq!((&investment["status"], &investment["late"]), (&json!("submitted"), &json!(false)));
    assert_eq!(investment["submission"]["allowed_actions"], json!(["accept", "return"]));
    assert_eq!(investment["reminders"], json!(["ahead"]));
    let mut reminded: Vec<String> =
        item(&board, "policy", &app)["reminders"].as_array().unwrap().iter().map(|r| r.to_string()).collect();
    reminded.sort();
    assert_eq!(reminded, ["\"ahead\"", "\"due_day\""]);
    assert_eq!(
        board["totals"],
        json!({"expected": 5, "missing": 4, "submitted": 1, "late": 0, "returned": 0,
        "accepted": 0, "overdue": 0})
    );
    let board = app.get_json(&past_url, &office).await;
    let p = item(&board, "policy", &app);
    assert_eq!((&p["status"], &p["late"]), (&json!("accepted"), &json!(true)));
    assert_eq!(p["earlier"][0]["status"], "returned");
    assert_eq!(p["earlier"][0]["review_comment"], "请附自查工作说明");
    let funds = item(&board, "funds", &app);
    assert_eq!((&funds["status"], &funds["overdue"]), (&json!("missing"), &json!(true)));
    assert_eq!(
        board["totals"],
        json!({"expected": 5, "missing": 4, "submitted": 0, "late": 0, "returned": 0,
        "accepted": 1, "overdue": 4})
    );
    // A lead sees its own group only; a unit not asked sees nothing.
    let mine = app.get_json(&board_url, &lead).await;
    assert_eq!(mine["items"].as_array().unwrap().len(), 1);
    assert_eq!(mine["items"][0]["may_submit"], false);
    assert_eq!(app.get_json(&board_url, &unit).await["items"], json!([]));
    // Every step is on the audit trail, the refusals too.
    for (action, result, n) in [
        ("milestone.submit", "success", 3),
        ("milestone.return", "success", 1),
        ("milestone.accept", "success", 1),
        ("milestone.submit", "denied", 1),
        ("milestone.return", "denied", 1),
    ] {
        let count = app
            .count(&format!("SELECT COUNT(*) AS n FROM audit_log WHERE action = '{action}' AND result = '{result}'"));
        assert_eq!(count, n, "{action} {result}");
    }
    // The dispatch workbook's 节点报送 sheet agrees with the boards.
    let campaign = board["campaign_id"].as_str().unwrap();
    let res = app.get_as(&format!("/api/v1/reports/dispatch.xlsx?campaign_id={campaign}"), &office).await;
    assert_eq!(res.status(), 200);
    let bytes = res.bytes().await.unwrap();
    let mut wb: calamine::Xlsx<_> = calamine::Xlsx::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    use calamine::Reader;
    let range = wb.worksheet_range("节点报送").unwrap();
    let rows: Vec<Vec<String>> = range.rows().map(|r| r.iter().map(calamine::Data::to_string).collect()).collect();
    assert_eq!(rows.len(), 1 + 10, "two milestones, five units each: {rows:?}");
    let status = |unit: &str, milestone: &str| -> String {
        rows.iter().find(|r| r[3] == unit && r[0].contains(milestone)).map(|r| r[4].clone()).unwrap()
    };
    assert_eq!(status("区招商服务中心", "(3)"), "已报送");
    assert_eq!(status("区营商办", "(-2)"), "已通过");
    assert_eq!(status("区财政局", "(-2)"), "未报送(逾期)");
    // The submitted problems and the office's notices.
    let notes = app.get_json("/api/v1/notifications", &policy).await;
    assert!(notes["items"].as_array().unwrap().iter().any(|n| n["kind"] == "milestone_reviewed"), "{notes}");
});

db_test!(member_units_file_when_the_milestone_asks_them, |app| {
    let office = app.login("office").await;
    let milestone = &open_campaign_due_in(&app, &office, &[10], "member_units").await[0];
    let board_url = format!("/api/v1/milestones/{milestone}/submissions");
    let board = app.get_json(&board_url, &office).await;
    let agency = app.group_id("agency_arrears");
    let in_agency: Vec<&Value> =
        board["items"].as_array().unwrap().iter().filter(|i| i["group_id"] == agency.as_str()).collect();
    assert_eq!(in_agency.len(), 5, "the lead unit and its four members");
    // A member unit's user files for it (a 零报告 needs no list).
    let unit = app.login("unit_education").await;
    let mine = app.get_json(&board_url, &unit).await;
    assert_eq!(mine["items"].as_array().unwrap().len(), 1);
    assert_eq!(mine["items"][0]["may_submit"], true);
    let nil = json!({"summary": "未发现问题。", "nil_return": true, "issue_ids": []});
    let res = app.post(&board_url, Some(&unit), &nil).await;
    assert_eq!(res.status(), 201);
    // The 总结报表 waits for the close; closed campaigns take nothing more.
    let campaign = app.get_json(&board_url, &office).await["campaign_id"].as_str().unwrap().to_owned();
    let summary = format!("/api/v1/campaigns/{campaign}/summary.xlsx");
    assert_problem(app.get_as(&summary, &office).await, 409, "campaign_state").await;
    let res =
        app.post(&format!("/api/v1/campaigns/{campaign}/close"), Some(&office), &json!({"carry_over": false})).await;
    assert_eq!(res.status(), 200);
    let res = app.get_as(&summary, &office).await;
    assert_eq!(res.status(), 200);
    let bytes = res.bytes().await.unwrap();
    let mut wb: calamine::Xlsx<_> = calamine::Xlsx::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    use calamine::Reader;
    let title = wb.worksheet_range("总体情况").unwrap().get_value((0, 0)).unwrap().to_string();
    assert_eq!(title, "2025年专项行动 总结报表");
    let filed = wb.worksheet_range("节点报送").unwrap();
    assert!(filed.rows().any(|r| r[3] == "区教育局" && r[4] == "已报送"), "{filed:?}");
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'report.summary'"), 1);
    let housing = app.login("unit_housing").await;
    assert_problem(app.post(&board_url, Some(&housing), &nil).await, 409, "submission_state").await;
});

db_test!(a_group_lead_registers_and_imports_its_groups_findings, |app| {
    let lead = app.login("lead_policy").await;
    let commerce = app.unit_id("commerce");
    let body = |category: &str, problem_type: &str, source: &str, finder: &str| {
        json!({"title": "惠企政策兑现迟缓", "description": "政策资金未按期兑现。", "category": category,
            "problem_type": problem_type, "source": source, "enterprise_name": "随州市政策测试有限公司",
            "found_by_unit_id": finder})
    };
    // Its own group's problem, found by a member unit: recorded as that unit's 自查.
    let res =
        app.post("/api/v1/issues", Some(&lead), &body("policy", "policy_delay", "self_inspection", &commerce)).await;
    let status = res.status();
    let created: Value = res.json().await.unwrap();
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["found_by_unit_id"], commerce.as_str());
    assert_eq!(created["group_id"], app.group_id("policy").as_str());
    // Another group's category, a unit outside the group, a clue from a channel: named.
    for (b, field) in [
        (body("funds", "funds_opaque", "self_inspection", &commerce), "category"),
        (body("policy", "policy_delay", "self_inspection", &app.unit_id("education")), "found_by_unit_id"),
        (body("policy", "policy_delay", "complaint", &commerce), "source"),
    ] {
        let errors = assert_problem(app.post("/api/v1/issues", Some(&lead), &b).await, 422, "validation_failed").await;
        let fields: Vec<&str> =
            errors["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
        assert!(fields.contains(&field), "{field}: {errors}");
    }
    // An import names the finding unit per row (发现单位); outside the group it is refused.
    let rows = json!([
        {"title": "导入一", "description": "d", "category": "policy", "problem_type": "policy_delay", "source": "自查",
         "enterprise_name": "企业甲", "found_by_unit": "区商务局"},
        {"title": "导入二", "description": "d", "category": "policy", "problem_type": "policy_delay", "source": "自查",
         "enterprise_name": "企业乙", "found_by_unit": "区教育局"},
    ]);
    let report =
        crate::imports::import_ok(&app, &lead, "?dry_run=true", "application/json", serde_json::to_vec(&rows).unwrap())
            .await;
    assert_eq!(report["errors"][0]["row"], 2, "{report}");
    assert_eq!(report["errors"][0]["field"], "found_by_unit", "{report}");
    let report = crate::imports::import_ok(
        &app,
        &lead,
        "",
        "application/json",
        serde_json::to_vec(&json!([rows[0].clone()])).unwrap(),
    )
    .await;
    assert_eq!(report["created"], 1, "{report}");
    let imported = app.get_json("/api/v1/issues?q=%E5%AF%BC%E5%85%A5%E4%B8%80", &lead).await;
    assert_eq!(imported["total"], 1, "{imported}");
    let imported =
        app.get_json(&format!("/api/v1/issues/{}", imported["items"][0]["id"].as_str().unwrap()), &lead).await;
    assert_eq!(imported["found_by_unit_id"], commerce.as_str());
    assert_eq!(imported["source"], "self_inspection");
    // A plain unit still records only itself.
    let unit = app.login("unit_commerce").await;
    let errors = assert_problem(
        app.post(
            "/api/v1/issues",
            Some(&unit),
            &body("policy", "policy_delay", "self_inspection", &app.unit_id("finance")),
        )
        .await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(errors["errors"][0]["field"], "found_by_unit_id");
});

db_test!(a_campaign_is_edited_until_it_closes_keeping_what_was_filed, |app| {
    let office = app.login("office").await;
    let ids = open_campaign_due_in(&app, &office, &[5, 10], "group_leads").await;
    let campaign = app.get_json(&format!("/api/v1/milestones/{}/submissions", ids[0]), &office).await["campaign_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let url = format!("/api/v1/campaigns/{campaign}");
    let lead = app.login("lead_funds").await;
    let nil = json!({"summary": "未发现问题。", "nil_return": true, "issue_ids": []});
    let res = app.post(&format!("/api/v1/milestones/{}/submissions", ids[0]), Some(&lead), &nil).await;
    assert_eq!(res.status(), 201);
    // Rename, move the first milestone, drop the second, add one; a unit may not.
    let due = (app.today() + Duration::days(6)).to_string();
    let body = json!({"name": "2025年专项行动（调整）", "milestones": [
        {"id": ids[0], "title": "自查问题清单 (延期)", "due_on": due},
        {"title": "书面反馈", "due_on": app.today() + Duration::days(30), "deliverable": "feedback"}]});
    let unit = app.login("unit_education").await;
    assert_problem(app.patch(&url, &unit, &body).await, 403, "forbidden").await;
    let res = app.patch(&url, &office, &body).await;
    let status = res.status();
    let edited: Value = res.json().await.unwrap();
    assert_eq!(status, 200, "{edited}");
    assert_eq!(edited["name"], "2025年专项行动（调整）");
    let list = edited["milestones"].as_array().unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!((&list[0]["id"], &list[0]["due_on"]), (&json!(ids[0]), &json!(due)));
    assert_eq!(list[0]["deliverable"], "self_check_list", "kept when not given");
    assert_eq!(list[1]["deliverable"], "feedback");
    // What was filed stays with the moved milestone.
    let board = app.get_json(&format!("/api/v1/milestones/{}/submissions", ids[0]), &office).await;
    assert_eq!(board["totals"]["submitted"], 1);
    // A milestone with a filing is not removed; a foreign id and a bad date are named.
    let drop = json!({"milestones": [{"title": "只剩一个", "due_on": due}]});
    assert_problem(app.patch(&url, &office, &drop).await, 409, "milestone_in_use").await;
    let bad = json!({"ends_on": "2000-01-01", "milestones": [{"id": "01936f3e-8c6a-7b3d-9a51-2f1c0d4e5a6b", "title": "x", "due_on": due}]});
    let errors = assert_problem(app.patch(&url, &office, &bad).await, 422, "validation_failed").await;
    let fields: Vec<&str> = errors["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["ends_on", "milestones[0].id"]);
    // Closed: no more edits.
    let res = app.post(&format!("{url}/close"), Some(&office), &json!({"carry_over": false})).await;
    assert_eq!(res.status(), 200);
    assert_problem(app.patch(&url, &office, &json!({"name": "x"})).await, 409, "campaign_state").await;
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'campaign.update' AND result = 'success'"),
        1
    );
});
