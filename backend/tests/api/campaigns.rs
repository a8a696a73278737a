//! Campaigns as data (#20): the office creates, opens and closes campaigns through the API;
//! problems are numbered per campaign (`LY2025-00001`), join the standing 常态化监测 campaign
//! (`LYCT-<year>-00001`) while none is open, and lists, statistics and exports filter by each.

use chrono::Datelike;
use serde_json::{Value, json};

use crate::db_test;
use crate::helpers::{TestApp, assert_problem};

async fn register(app: &TestApp, office: &str, title: &str) -> Value {
    let body = json!({"title": title, "description": "专项行动编号测试。", "category": "agency_arrears",
        "problem_type": "agency_delay", "source": "complaint", "enterprise_name": "随州市编号测试有限公司"});
    let res = app.post("/api/v1/issues", Some(office), &body).await;
    assert_eq!(res.status(), 201);
    res.json().await.unwrap()
}

async fn total(app: &TestApp, token: &str, query: &str) -> i64 {
    app.get_json(&format!("/api/v1/issues?{query}"), token).await["total"].as_i64().unwrap()
}

db_test!(campaigns_are_created_opened_closed_and_number_their_problems, |app| {
    let office = app.login("office").await;
    let year = app.today().year();
    let campaigns = app.get_json("/api/v1/campaigns", &office).await;
    let find = |list: &Value, code: &str| list.as_array().unwrap().iter().find(|c| c["code"] == code).cloned().unwrap();
    let (old, standing) = (find(&campaigns, "2024"), find(&campaigns, "CT"));
    assert_eq!((&old["state"], &old["active"]), (&json!("open"), &json!(true)));
    assert_eq!((&standing["standing"], &standing["active"]), (&json!(true), &json!(false)));
    let old_id = old["id"].as_str().unwrap().to_owned();
    let carried = register(&app, &office, "跨专项行动的问题").await;
    assert!(carried["number"].as_str().unwrap().starts_with("LY2024-"));

    // Created in draft; a bad code is named, a taken one is 409, a unit may not.
    let body = json!({"code": "2025", "name": "2025年曾都区强化政府履约专项行动", "starts_on": "2025-04-01",
        "ends_on": "2025-12-31", "phases": [{"name": "全面排查", "starts_on": "2025-04-01", "ends_on": "2025-06-30"}],
        "milestones": [{"title": "各工作组牵头单位将自查问题清单报区营商办", "due_on": "2025-04-26", "deliverable": "self_check_list"},
                       {"title": "书面报送总体情况", "due_on": "2025-12-02", "deliverable": "summary"}]});
    let mut bad = body.clone();
    bad["code"] = json!("2025a");
    bad["ends_on"] = json!("2025-01-01");
    let errors =
        assert_problem(app.post("/api/v1/campaigns", Some(&office), &bad).await, 422, "validation_failed").await;
    let fields: Vec<&str> = errors["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["code", "ends_on"]);
    let unit = app.login("unit_education").await;
    assert_problem(app.post("/api/v1/campaigns", Some(&unit), &body).await, 403, "forbidden").await;
    let res = app.post("/api/v1/campaigns", Some(&office), &body).await;
    assert_eq!(res.status(), 201);
    let created: Value = res.json().await.unwrap();
    assert_eq!(
        (&created["state"], &created["active"], &created["year"]),
        (&json!("draft"), &json!(false), &json!(2025))
    );
    let id = created["id"].as_str().unwrap().to_owned();
    assert_problem(app.post("/api/v1/campaigns", Some(&office), &body).await, 409, "duplicate_campaign_code").await;
    let milestones = app.get_json(&format!("/api/v1/campaigns/{id}/milestones"), &office).await;
    let deliverables: Vec<&str> =
        milestones.as_array().unwrap().iter().map(|m| m["deliverable"].as_str().unwrap()).collect();
    assert_eq!(deliverables, ["self_check_list", "summary"]);

    // One open at a time: 2024 first closes, carrying its open problems to the standing campaign.
    let res = app.post(&format!("/api/v1/campaigns/{id}/open"), Some(&office), &json!({})).await;
    assert_eq!(assert_problem(res, 409, "campaign_open").await["open_campaign_id"], old_id.as_str());
    let res = app.post(&format!("/api/v1/campaigns/{old_id}/close"), Some(&office), &json!({"carry_over": true})).await;
    assert_eq!(res.status(), 200);
    let closed: Value = res.json().await.unwrap();
    assert_eq!((&closed["state"], &closed["active"]), (&json!("closed"), &json!(false)));
    let moved = app.get_json(&format!("/api/v1/issues/{}", carried["id"].as_str().unwrap()), &office).await;
    assert_eq!(moved["campaign_id"], standing["id"]);
    assert_eq!(moved["number"], carried["number"], "numbers never change");
    assert_eq!(moved["version"].as_i64(), carried["version"].as_i64().map(|v| v + 1), "a new version: ETags change");
    // Nothing open: new problems join the standing campaign, numbered per year.
    let first = register(&app, &office, "常态化监测的问题").await;
    assert_eq!(first["number"], format!("LYCT-{year}-00001"));
    assert_eq!(first["campaign_id"], standing["id"]);

    let res = app.post(&format!("/api/v1/campaigns/{id}/open"), Some(&office), &json!({})).await;
    assert_eq!(res.status(), 200);
    let a = register(&app, &office, "2025 第一个").await;
    let b = register(&app, &office, "2025 第二个").await;
    assert_eq!((a["number"].as_str(), b["number"].as_str()), (Some("LY2025-00001"), Some("LY2025-00002")));
    // Lists, statistics and exports filter by campaign.
    assert_eq!(total(&app, &office, &format!("campaign_id={id}")).await, 2);
    let overview = app.get_json(&format!("/api/v1/stats/overview?campaign_id={id}"), &office).await;
    assert_eq!(overview["total"], 2);
    let csv = app.get_as(&format!("/api/v1/exports/issues.csv?campaign_id={id}"), &office).await.text().await.unwrap();
    assert_eq!(csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes()).records().count(), 2);
    let in_standing = total(&app, &office, &format!("campaign_id={}", standing["id"].as_str().unwrap())).await;
    assert!(in_standing >= 2, "the carried-over problem and the standing campaign's own");

    // Closing without carry-over leaves them; a closed campaign never reopens; the standing one never moves.
    let res = app.post(&format!("/api/v1/campaigns/{id}/close"), Some(&office), &json!({"carry_over": false})).await;
    assert_eq!(res.status(), 200);
    assert_eq!(total(&app, &office, &format!("campaign_id={id}")).await, 2);
    let second = register(&app, &office, "又一个常态化监测的问题").await;
    assert_eq!(second["number"], format!("LYCT-{year}-00002"));
    let res = app.post(&format!("/api/v1/campaigns/{id}/open"), Some(&office), &json!({})).await;
    assert_problem(res, 409, "campaign_state").await;
    let standing_id = standing["id"].as_str().unwrap();
    let res =
        app.post(&format!("/api/v1/campaigns/{standing_id}/close"), Some(&office), &json!({"carry_over": false})).await;
    assert_problem(res, 409, "campaign_state").await;
    let res = app.post("/api/v1/campaigns/nope/open", Some(&office), &json!({})).await;
    assert_problem(res, 404, "not_found").await;
    // A problem may not name a closed campaign.
    let mut named = json!({"title": "指定已结束的专项行动", "description": "d", "category": "agency_arrears",
        "problem_type": "agency_delay", "source": "complaint", "enterprise_name": "随州市编号测试有限公司"});
    named["campaign_id"] = json!(id);
    let res = app.post("/api/v1/issues", Some(&office), &named).await;
    assert_eq!(assert_problem(res, 422, "validation_failed").await["errors"][0]["field"], "campaign_id");

    // Every change audited, the refusal too; the closed campaigns' figures were frozen.
    let auditor = app.login("auditor").await;
    for (action, n) in [("campaign.create", 2), ("campaign.open", 1), ("campaign.close", 2)] {
        let page = app.get_json(&format!("/api/v1/audit?action={action}"), &auditor).await;
        let ok = page["items"].as_array().unwrap().iter().filter(|r| r["result"] != "denied").count();
        assert_eq!(ok, n, "{action}: {page}");
    }
    let created = app.get_json("/api/v1/audit?action=campaign.create", &auditor).await;
    let denied = created["items"].as_array().unwrap().iter().filter(|r| r["result"] == "denied").count();
    assert_eq!(denied, 1, "the unit's attempt");
    let snapshots = app.get_json("/api/v1/audit?action=stats.snapshot", &auditor).await;
    for closed in [&old_id, &id] {
        let today = app.today().to_string();
        let frozen = snapshots["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["entity_id"] == closed.as_str() && r["after"]["date"] == today);
        assert!(frozen, "{closed}: {snapshots}");
    }
    assert_eq!(app.get_json("/api/v1/audit/verify", &auditor).await["ok"], true);
});
