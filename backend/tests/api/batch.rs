//! 批量交办 and 批量催办: each problem checked, notified and audited as by the single action, with
//! one row per problem in the answer.

use serde_json::{Value, json};

use crate::db_test;
use crate::helpers::{TestApp, assert_problem};

fn in_days(n: i64) -> String {
    (lvyue::clock::Clock::system().today() + chrono::Duration::days(n)).to_string()
}

fn problem(title: &str, category: &str, problem_type: &str) -> Value {
    json!({
        "title": title, "description": "拖欠工程款", "category": category, "problem_type": problem_type,
        "source": "complaint", "enterprise_name": "随州市测试建筑有限公司", "amount_involved_fen": 100_000,
    })
}

/// Registers an 机关拖欠 problem as `office`; answers the problem.
async fn register(app: &TestApp, office: &str, title: &str) -> Value {
    let res = app.post("/api/v1/issues", Some(office), &problem(title, "agency_arrears", "agency_delay")).await;
    assert_eq!(res.status(), 201);
    res.json().await.unwrap()
}

fn id(issue: &Value) -> String {
    issue["id"].as_str().unwrap().to_owned()
}

async fn assign_one(app: &TestApp, token: &str, id: &str) -> reqwest::Response {
    let body = json!({"action": "assign", "responsible_unit_id": app.unit_id("education"), "deadline": in_days(10)});
    app.post(&format!("/api/v1/issues/{id}/transitions"), Some(token), &body).await
}

async fn audit(app: &TestApp, action: &str, id: &str) -> Vec<String> {
    let auditor = app.login("auditor").await;
    let page = app.get_json(&format!("/api/v1/audit?action={action}&entity_id={id}"), &auditor).await;
    page["items"].as_array().unwrap().iter().map(|r| r["result"].as_str().unwrap().to_owned()).collect()
}

async fn notification_kinds(app: &TestApp, user: &str) -> Vec<String> {
    let token = app.login(user).await;
    let list = app.get_json("/api/v1/notifications?page_size=100", &token).await;
    list["items"].as_array().unwrap().iter().map(|n| n["kind"].as_str().unwrap().to_owned()).collect()
}

db_test!(batch_assign_reports_each_problem_on_its_own, |app| {
    let office = app.login("office").await;
    let lead = app.login("lead_agency_arrears").await;
    let a = register(&app, &office, "批量交办甲").await;
    let b = register(&app, &office, "批量交办乙").await;
    let assigned = register(&app, &office, "已交办").await;
    assert_eq!(assign_one(&app, &office, &id(&assigned)).await.status(), 200);
    let other = app.post("/api/v1/issues", Some(&office), &problem("国企拖欠", "soe_arrears", "soe_delay")).await;
    let other: Value = other.json().await.unwrap();
    let stale = register(&app, &office, "已被修改").await;
    let res = app
        .client
        .patch(app.url(&format!("/api/v1/issues/{}", id(&stale))))
        .bearer_auth(&office)
        .header("If-Match", format!("\"{}\"", stale["version"]))
        .json(&json!({"title": "已被他人修改"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);

    let res = app
        .post(
            "/api/v1/issues/batch/assign",
            Some(&lead),
            &json!({
                "items": [
                    {"id": id(&a), "version": a["version"]},
                    {"id": id(&b)},
                    {"id": id(&assigned)},
                    {"id": id(&other)},
                    {"id": id(&stale), "version": stale["version"]},
                ],
                "responsible_unit_id": app.unit_id("education"),
                "deadline": in_days(15),
                "comment": "请按期整改",
            }),
        )
        .await;
    assert_eq!(res.status(), 200);
    let report: Value = res.json().await.unwrap();
    assert_eq!(
        (report["total"].as_u64(), report["succeeded"].as_u64(), report["failed"].as_u64()),
        (Some(5), Some(2), Some(3))
    );
    let rows = report["results"].as_array().unwrap();
    let statuses: Vec<u64> = rows.iter().map(|r| r["status"].as_u64().unwrap()).collect();
    assert_eq!(statuses, [200, 200, 409, 404, 412], "{report}");
    assert_eq!(rows[0]["ok"], true);
    assert_eq!(rows[0]["number"], a["number"]);
    assert_eq!(rows[0]["state"], "assigned");
    assert_eq!(rows[0]["version"], a["version"].as_i64().unwrap() + 1);
    assert_eq!(rows[1]["state"], "assigned");
    // Wrong state: the single action's 409 with what may be done now, and the number.
    assert_eq!(rows[2]["ok"], false);
    assert_eq!(rows[2]["number"], assigned["number"]);
    assert_eq!(rows[2]["error"]["code"], "action_not_allowed");
    assert!(rows[2]["error"]["detail"].as_str().unwrap().contains("交办"));
    // Another group's problem: a plain 404, nothing of it given away.
    assert_eq!(rows[3]["id"], other["id"]);
    assert!(rows[3]["number"].is_null());
    assert_eq!(rows[3]["error"]["code"], "not_found");
    assert_eq!(rows[3]["error"]["detail"], "问题不存在或无权查看");
    let text = rows[3].to_string();
    assert!(!text.contains(other["number"].as_str().unwrap()) && !text.contains("国企拖欠"), "{text}");
    assert_eq!(rows[4]["error"]["code"], "version_mismatch");

    // The problems as the single action leaves them.
    for issue in [&a, &b] {
        let now = app.get_json(&format!("/api/v1/issues/{}", id(issue)), &office).await;
        assert_eq!(now["state"], "assigned");
        assert_eq!(now["responsible_unit_id"], app.unit_id("education"));
        assert_eq!(now["deadline"], in_days(15));
        let timeline = app.get_json(&format!("/api/v1/issues/{}/timeline", id(issue)), &office).await;
        assert_eq!((&timeline[0]["kind"], &timeline[0]["action"]), (&json!("transition"), &json!("assign")));
        assert_eq!(timeline[0]["comment"], "请按期整改");
        assert_eq!(audit(&app, "issue.assign", &id(issue)).await, ["success"]);
    }
    for (issue, state) in [(&other, "self_check"), (&stale, "self_check")] {
        assert_eq!(app.get_json(&format!("/api/v1/issues/{}", id(issue)), &office).await["state"], state);
    }
    // Refusals are audited one by one, after the success of the earlier single assign.
    assert_eq!(audit(&app, "issue.assign", &id(&assigned)).await, ["failure", "success"]);
    assert_eq!(audit(&app, "issue.assign", &id(&other)).await, ["denied"]);
    assert_eq!(audit(&app, "issue.assign", &id(&stale)).await, ["failure"]);
    // One notice per problem assigned, as the single action sends.
    assert_eq!(notification_kinds(&app, "unit_education").await, ["assigned", "assigned", "assigned"]);
});

db_test!(batch_assign_is_refused_where_the_single_action_is, |app| {
    let edu = app.login("unit_education").await;
    let res = app
        .post(
            "/api/v1/issues",
            Some(&edu),
            &json!({
                "title": "本单位自查", "description": "d", "category": "agency_arrears", "problem_type": "agency_delay",
                "source": "self_inspection", "enterprise_name": "随州市测试建筑有限公司",
            }),
        )
        .await;
    assert_eq!(res.status(), 201);
    let own: Value = res.json().await.unwrap();
    assert_problem(assign_one(&app, &edu, &id(&own)).await, 403, "forbidden").await;
    let body =
        json!({"items": [{"id": id(&own)}], "responsible_unit_id": app.unit_id("education"), "deadline": in_days(10)});
    let res = app.post("/api/v1/issues/batch/assign", Some(&edu), &body).await;
    assert_eq!(res.status(), 200);
    let report: Value = res.json().await.unwrap();
    assert_eq!(report["results"][0]["status"], 403);
    assert_eq!(report["results"][0]["error"]["code"], "forbidden");
    assert_eq!(report["results"][0]["number"], own["number"]);
    assert_eq!(app.get_json(&format!("/api/v1/issues/{}", id(&own)), &edu).await["state"], "self_check");
    assert_eq!(audit(&app, "issue.assign", &id(&own)).await, ["denied"]);
    // A role without problems at all is refused the whole request.
    let admin = app.login("sysadmin").await;
    assert_problem(app.post("/api/v1/issues/batch/assign", Some(&admin), &body).await, 403, "forbidden").await;
    // 催办 likewise: refused to the unit, singly and in a batch.
    let single =
        app.post(&format!("/api/v1/issues/{}/urge", id(&own)), Some(&edu), &json!({"message": "请加快"})).await;
    assert_problem(single, 403, "forbidden").await;
    let res = app.post("/api/v1/issues/batch/urge", Some(&edu), &json!({"ids": [id(&own)], "message": "请加快"})).await;
    let report: Value = res.json().await.unwrap();
    assert_eq!(report["results"][0]["status"], 403, "{report}");
    assert_eq!(audit(&app, "issue.urge", &id(&own)).await, ["denied"]);
});

db_test!(batch_size_is_capped_and_rows_are_unique, |app| {
    let office = app.login("office").await;
    let a = register(&app, &office, "上限").await;
    let many: Vec<Value> = (0..201).map(|_| json!({"id": uuid::Uuid::now_v7().to_string()})).collect();
    let base = json!({"responsible_unit_id": app.unit_id("education"), "deadline": in_days(10)});
    let with = |items: Value| {
        let mut body = base.clone();
        body["items"] = items;
        body
    };
    let res = app.post("/api/v1/issues/batch/assign", Some(&office), &with(json!(many))).await;
    let body = assert_problem(res, 422, "validation_failed").await;
    assert_eq!(body["errors"][0]["field"], "items");
    assert!(body["errors"][0]["message"].as_str().unwrap().contains("200"), "{body}");
    let res = app.post("/api/v1/issues/batch/assign", Some(&office), &with(json!([]))).await;
    assert_eq!(assert_problem(res, 422, "validation_failed").await["errors"][0]["field"], "items");
    let res =
        app.post("/api/v1/issues/batch/assign", Some(&office), &with(json!([{"id": id(&a)}, {"id": id(&a)}]))).await;
    assert_eq!(assert_problem(res, 422, "validation_failed").await["errors"][0]["field"], "items[1].id");
    let ids: Vec<String> = (0..201).map(|_| uuid::Uuid::now_v7().to_string()).collect();
    let res = app.post("/api/v1/issues/batch/urge", Some(&office), &json!({"ids": ids, "message": "请加快"})).await;
    assert!(assert_problem(res, 422, "validation_failed").await["detail"].as_str().unwrap().contains("200"));
    // Nothing was done, also to the valid problem of a refused request.
    assert_eq!(app.get_json(&format!("/api/v1/issues/{}", id(&a)), &office).await["state"], "self_check");
    // A field the single 交办 does not know is refused like any other body.
    let res = app.post("/api/v1/issues/batch/assign", Some(&office), &with(json!([{"id": id(&a), "colour": 1}]))).await;
    assert_problem(res, 400, "invalid_json").await;
    // A field refused for every problem is reported on each row, with its name.
    let mut past = with(json!([{"id": id(&a)}]));
    past["deadline"] = json!(in_days(-1));
    let report: Value = app.post("/api/v1/issues/batch/assign", Some(&office), &past).await.json().await.unwrap();
    assert_eq!(report["results"][0]["status"], 422);
    assert_eq!(report["results"][0]["error"]["errors"][0]["field"], "deadline");
    // What the schema requires and bounds for the whole request is refused for the whole request.
    let res = app.post("/api/v1/issues/batch/assign", Some(&office), &json!({"items": [{"id": id(&a)}]})).await;
    let body = assert_problem(res, 422, "validation_failed").await;
    let fields: Vec<&str> = body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["responsible_unit_id", "deadline"], "{body}");
    let mut long = with(json!([{"id": id(&a)}]));
    long["comment"] = json!("说".repeat(2001));
    let res = app.post("/api/v1/issues/batch/assign", Some(&office), &long).await;
    assert_eq!(assert_problem(res, 422, "validation_failed").await["errors"][0]["field"], "comment");
    let res = app.post("/api/v1/issues/batch/urge", Some(&office), &json!({"ids": [id(&a)], "message": "  "})).await;
    assert_eq!(assert_problem(res, 422, "validation_failed").await["errors"][0]["field"], "message");
    assert_eq!(app.get_json(&format!("/api/v1/issues/{}", id(&a)), &office).await["state"], "self_check");
});

db_test!(batch_urge_notifies_and_audits_each_problem, |app| {
    let office = app.login("office").await;
    let edu = app.login("unit_education").await;
    let mut ids = Vec::new();
    for title in ["催办甲", "催办乙"] {
        let issue = register(&app, &office, title).await;
        assert_eq!(assign_one(&app, &office, &id(&issue)).await.status(), 200);
        ids.push(id(&issue));
    }
    let unassigned = register(&app, &office, "未交办").await;
    ids.push(id(&unassigned));
    let before = notification_kinds(&app, "unit_education").await.len();
    let res =
        app.post("/api/v1/issues/batch/urge", Some(&office), &json!({"ids": ids, "message": "请本周内报送进展"})).await;
    assert_eq!(res.status(), 200);
    let report: Value = res.json().await.unwrap();
    let statuses: Vec<u64> =
        report["results"].as_array().unwrap().iter().map(|r| r["status"].as_u64().unwrap()).collect();
    assert_eq!(statuses, [201, 201, 409], "{report}");
    assert_eq!(report["results"][0]["state"], "assigned");
    assert_eq!(report["results"][2]["error"]["code"], "not_in_progress");
    assert_eq!(report["results"][2]["number"], unassigned["number"]);
    let kinds = notification_kinds(&app, "unit_education").await;
    assert_eq!(kinds.len(), before + 2);
    assert_eq!(kinds[..2], ["urged", "urged"]);
    for id in &ids[..2] {
        assert_eq!(audit(&app, "issue.urge", id).await, ["success"]);
        let timeline = app.get_json(&format!("/api/v1/issues/{id}/timeline"), &office).await;
        assert_eq!(timeline[0]["kind"], "urge");
        assert_eq!(timeline[0]["comment"], "请本周内报送进展");
    }
    assert_eq!(audit(&app, "issue.urge", &ids[2]).await, ["failure"]);
    // The responsible unit may not urge, as with the single action.
    let res = app.post("/api/v1/issues/batch/urge", Some(&edu), &json!({"ids": &ids[..1], "message": "x"})).await;
    let report: Value = res.json().await.unwrap();
    assert_eq!(report["results"][0]["status"], 403, "{report}");
});
