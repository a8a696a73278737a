//! The problem ledger: registration, the lifecycle, data scope, edits, concurrency.

use reqwest::Method;
use serde_json::{Value, json};

use crate::db_test;
use crate::helpers::{TestApp, assert_problem};

const USCC: &str = "91350100M000100Y43";

fn problem(title: &str) -> Value {
    json!({
        "title": title,
        "description": "合同约定验收后 30 日内付款, 已逾期半年。",
        "category": "agency_arrears",
        "problem_type": "agency_delay",
        "arrear_object": "works",
        "source": "complaint",
        "enterprise_name": "随州市测试建筑有限公司",
        "enterprise_uscc": USCC,
        "enterprise_contact": "张经理",
        "enterprise_phone": "13871234567",
        "amount_involved_fen": 12_800_000,
    })
}

fn in_days(n: i64) -> String {
    (lvyue::clock::Clock::system().today() + chrono::Duration::days(n)).to_string()
}

async fn register(app: &TestApp, token: &str, body: &Value) -> Value {
    let res = app.post("/api/v1/issues", Some(token), body).await;
    let status = res.status();
    let etag = res.headers().get("etag").map(|v| v.to_str().unwrap().to_owned());
    let body: Value = res.json().await.unwrap();
    assert_eq!(status, 201, "{body}");
    assert_eq!(etag.as_deref(), Some(format!("\"{}\"", body["version"]).as_str()));
    body
}

async fn act(app: &TestApp, token: &str, id: &str, body: Value) -> reqwest::Response {
    app.post(&format!("/api/v1/issues/{id}/transitions"), Some(token), &body).await
}

async fn act_ok(app: &TestApp, token: &str, id: &str, body: Value) -> Value {
    let res = act(app, token, id, body.clone()).await;
    let status = res.status();
    let out: Value = res.json().await.unwrap();
    assert_eq!(status, 200, "{body} → {out}");
    out
}

fn actions(issue: &Value) -> Vec<String> {
    issue["allowed_actions"].as_array().unwrap().iter().map(|a| a.as_str().unwrap().to_owned()).collect()
}

const TRANSITIONS: [&str; 8] = ["assign", "return", "accept", "submit", "approve", "reject", "reopen", "dismiss"];

/// Every transition a user's `allowed_actions` does not list is refused (403 or 409, or 404
/// outside the scope), and the problem is left as it was.
async fn refused_beyond_allowed(app: &TestApp, users: &[(&str, &str)], id: &str) {
    for (name, token) in users {
        let res = app.get_as(&format!("/api/v1/issues/{id}"), token).await;
        if res.status() == 404 {
            for action in TRANSITIONS {
                let res = act(app, token, id, json!({"action": action, "comment": "x"})).await;
                assert_eq!(res.status(), 404, "{name} {action} outside scope");
            }
            continue;
        }
        let issue: Value = res.json().await.unwrap();
        let allowed = actions(&issue);
        for action in TRANSITIONS.iter().filter(|a| !allowed.contains(&a.to_string())) {
            let res = act(app, token, id, json!({"action": action, "comment": "x"})).await;
            let status = res.status().as_u16();
            assert!(status == 403 || status == 409, "{name} {action} in {}: {status}", issue["state"]);
            if status == 409 {
                let body: Value = res.json().await.unwrap();
                assert_eq!(body["code"], "action_not_allowed");
                let listed: Vec<String> = body["allowed_actions"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|a| a.as_str().unwrap().to_owned())
                    .collect();
                let transitions: Vec<String> =
                    allowed.iter().filter(|a| TRANSITIONS.contains(&a.as_str())).cloned().collect();
                assert_eq!(listed, transitions, "409 names what the caller may do");
            }
        }
        let after = app.get_json(&format!("/api/v1/issues/{id}"), token).await;
        assert_eq!(after["version"], issue["version"], "refusals change nothing");
    }
}

db_test!(a_problem_walks_the_whole_lifecycle, |app| {
    let names =
        ["office", "lead_agency_arrears", "lead_funds", "unit_education", "unit_finance", "unit_fuhe", "leader"];
    let mut users = Vec::new();
    for n in names {
        users.push((n, app.login(n).await));
    }
    let token = |n: &str| users.iter().find(|(u, _)| *u == n).unwrap().1.clone();
    let users_ref: Vec<(&str, &str)> = users.iter().map(|(n, t)| (*n, t.as_str())).collect();
    let office = token("office");
    let lead = token("lead_agency_arrears");
    let education = token("unit_education");

    let issue = register(&app, &office, &problem("学校工程款拖欠")).await;
    let id = issue["id"].as_str().unwrap().to_owned();
    assert_eq!(issue["state"], "self_check");
    assert!(issue["number"].as_str().unwrap().starts_with("LY2024-"));
    assert_eq!(issue["group_name"], "机关事业单位拖欠企业账款清理组");
    assert_eq!(actions(&issue), ["assign", "dismiss", "edit", "record_payment"]);
    refused_beyond_allowed(&app, &users_ref, &id).await;

    // The group's lead assigns to the education bureau; finance cooperates.
    let lead_view = app.get_json(&format!("/api/v1/issues/{id}"), &lead).await;
    assert!(actions(&lead_view).contains(&"assign".to_owned()));
    let res = act(
        &app,
        &lead,
        &id,
        json!({"action": "assign", "responsible_unit_id": app.unit_id("education"), "deadline": in_days(-1)}),
    )
    .await;
    let body = assert_problem(res, 422, "validation_failed").await;
    assert_eq!(body["errors"][0]["field"], "deadline");
    let assigned = act_ok(
        &app,
        &lead,
        &id,
        json!({"action": "assign", "responsible_unit_id": app.unit_id("education"),
        "deadline": in_days(30), "cooperating_unit_ids": [app.unit_id("finance")], "comment": "请按期整改"}),
    )
    .await;
    assert_eq!(assigned["state"], "assigned");
    assert_eq!(assigned["responsible_unit_name"], "区教育局");
    refused_beyond_allowed(&app, &users_ref, &id).await;

    // The unit returns it (not theirs); the office assigns it again.
    let view = app.get_json(&format!("/api/v1/issues/{id}"), &education).await;
    assert_eq!(actions(&view), ["return", "accept", "request_extension"]);
    let res = act(&app, &education, &id, json!({"action": "return"})).await;
    assert_eq!(assert_problem(res, 422, "validation_failed").await["errors"][0]["field"], "comment");
    let returned = act_ok(&app, &education, &id, json!({"action": "return", "comment": "该项目属区住建局管理"})).await;
    assert_eq!(returned["state"], "self_check");
    assert!(returned["responsible_unit_id"].is_null());
    // Once returned, the unit keeps reading it as history (it handled it), but may do nothing.
    let history = app.get_json(&format!("/api/v1/issues/{id}"), &education).await;
    assert_eq!(history["state"], "self_check");
    assert!(actions(&history).is_empty(), "{history}");
    let res = act(&app, &education, &id, json!({"action": "accept", "measures": "x"})).await;
    assert_eq!(res.status(), 409);
    act_ok(
        &app,
        &office,
        &id,
        json!({"action": "assign", "responsible_unit_id": app.unit_id("education"), "deadline": in_days(20)}),
    )
    .await;

    // Accept with measures, report progress, submit.
    let res = act(&app, &education, &id, json!({"action": "accept"})).await;
    assert_eq!(assert_problem(res, 422, "validation_failed").await["errors"][0]["field"], "measures");
    let res = act(&app, &education, &id, json!({"action": "accept", "measures": "x", "deadline": in_days(5)})).await;
    assert_eq!(assert_problem(res, 422, "validation_failed").await["errors"][0]["field"], "deadline",);
    let rectifying = act_ok(
        &app,
        &education,
        &id,
        json!({"action": "accept", "measures": "分两期支付工程款",
        "responsible_leader": "王副局长", "responsible_person": "赵科长"}),
    )
    .await;
    assert_eq!(rectifying["state"], "rectifying");
    assert!(actions(&rectifying).contains(&"progress".to_owned()));
    refused_beyond_allowed(&app, &users_ref, &id).await;
    let res = app
        .post(&format!("/api/v1/issues/{id}/progress"), Some(&education), &json!({"note": "已支付一期 640 万元"}))
        .await;
    assert_eq!(res.status(), 201);
    // The resolved amount is no longer typed in: 422 naming the field, at progress and submit.
    let res = app
        .post(
            &format!("/api/v1/issues/{id}/progress"),
            Some(&education),
            &json!({"note": "x", "amount_resolved_fen": 6_400_000}),
        )
        .await;
    assert_eq!(assert_problem(res, 422, "validation_failed").await["errors"][0]["field"], "amount_resolved_fen");
    let res = act(&app, &education, &id, json!({"action": "submit", "comment": "x", "amount_resolved_fen": 1})).await;
    assert_eq!(assert_problem(res, 422, "validation_failed").await["errors"][0]["field"], "amount_resolved_fen");
    let res = app
        .post(
            &format!("/api/v1/issues/{id}/payments"),
            Some(&education),
            &json!({"paid_on": app.today(), "amount_fen": 6_400_000, "method": "cash"}),
        )
        .await;
    assert_eq!(res.status(), 201);
    // Submitting needs a 书面反馈 or 付款凭证 uploaded in this round of rectification.
    let res = act(&app, &education, &id, json!({"action": "submit", "comment": "已完成整改"})).await;
    let refused = assert_problem(res, 422, "validation_failed").await;
    assert_eq!(refused["errors"][0]["field"], "attachments");
    assert!(refused["detail"].as_str().unwrap().contains("书面反馈"), "{refused}");
    let evidence = crate::attachments::upload_evidence(&app, &education, &id).await;
    let submitted = act_ok(&app, &education, &id, json!({"action": "submit", "comment": "已完成整改"})).await;
    assert_eq!(submitted["state"], "verifying");
    assert_eq!(submitted["amount_resolved_fen"], 6_400_000);
    refused_beyond_allowed(&app, &users_ref, &id).await;

    // The group's lead rejects at verification; the unit resubmits; the office approves.
    let rejected = act_ok(&app, &lead, &id, json!({"action": "reject", "comment": "尚有二期款未付"})).await;
    assert_eq!(rejected["state"], "rectifying");
    let res = app
        .post(
            &format!("/api/v1/issues/{id}/payments"),
            Some(&education),
            &json!({"paid_on": app.today(), "amount_fen": 6_400_000, "method": "instalment"}),
        )
        .await;
    assert_eq!(res.status(), 201);
    // The first round's evidence went with the first submission: the second needs its own.
    let files = app.get_json(&format!("/api/v1/issues/{id}/attachments"), &education).await;
    assert!(files["items"][0]["transition_id"].is_string(), "{files}");
    assert_eq!(files["items"][0]["id"], evidence[0]["id"]);
    let second = json!({"action": "submit", "comment": "二期款已付清"});
    let res = act(&app, &education, &id, second.clone()).await;
    assert_eq!(assert_problem(res, 422, "validation_failed").await["errors"][0]["field"], "attachments");
    crate::attachments::upload_evidence(&app, &education, &id).await;
    let resubmitted = act_ok(&app, &education, &id, second).await;
    assert_eq!(resubmitted["amount_resolved_fen"], 12_800_000);
    let verification = json!({"method": "on_site", "verified_on": app.today(), "verifiers": ["刘敏"],
        "findings": "款项已付清", "enterprise_contacted": true, "enterprise_confirmed": true, "satisfaction": "satisfied"});
    let res = act(&app, &lead, &id, json!({"action": "approve", "comment": "x", "verification": verification})).await;
    assert_problem(res, 403, "forbidden").await;
    let closed = act_ok(
        &app,
        &office,
        &id,
        json!({"action": "approve", "comment": "实地核查: 款项已付清", "verification": verification}),
    )
    .await;
    assert_eq!(closed["state"], "closed");
    assert_eq!(closed["closure_kind"], "rectified");
    assert!(closed["closed_at"].is_string());
    assert_eq!(closed["warning"], "none");
    refused_beyond_allowed(&app, &users_ref, &id).await;

    // Reopened by the office.
    let reopened = act_ok(&app, &office, &id, json!({"action": "reopen", "comment": "企业反映尾款退回"})).await;
    assert_eq!(reopened["state"], "rectifying");
    assert!(reopened["closure_kind"].is_null());

    // The timeline shows every step with its actor and comment, newest first.
    let timeline = app.get_json(&format!("/api/v1/issues/{id}/timeline"), &office).await;
    let steps: Vec<String> = timeline
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().map(str::to_owned).unwrap_or_else(|| e["kind"].as_str().unwrap().to_owned()))
        .collect();
    assert_eq!(
        steps,
        [
            "reopen",
            "approve",
            "submit",
            "upload_attachment",
            "record_payment",
            "reject",
            "submit",
            "upload_attachment",
            "record_payment",
            "progress",
            "accept",
            "assign",
            "return",
            "assign",
            "register"
        ]
    );
    let reject = timeline.as_array().unwrap().iter().find(|e| e["action"] == "reject").unwrap();
    assert_eq!(reject["actor"]["name"], "lead_agency_arrears");
    assert_eq!(reject["comment"], "尚有二期款未付");

    // …and so does the audit trail, which stays intact.
    let auditor = app.login("auditor").await;
    let trail = app.get_json(&format!("/api/v1/audit?entity_type=issue&entity_id={id}&page_size=50"), &auditor).await;
    let audited: Vec<&str> = trail["items"].as_array().unwrap().iter().map(|r| r["action"].as_str().unwrap()).collect();
    assert_eq!(
        audited,
        [
            "issue.reopen",
            "issue.approve",
            "issue.submit",
            "issue.payment",
            "issue.reject",
            "issue.submit",
            "issue.payment",
            "issue.progress",
            "issue.accept",
            "issue.assign",
            "issue.return",
            "issue.assign",
            "issue.create"
        ]
    );
    assert_eq!(app.get_json("/api/v1/audit/verify", &auditor).await["ok"], true);
});

db_test!(dismissal_closes_without_assignment_and_cannot_be_reopened, |app| {
    let office = app.login("office").await;
    let issue = register(&app, &office, &problem("重复登记的问题")).await;
    let id = issue["id"].as_str().unwrap();
    let res = act(&app, &office, id, json!({"action": "dismiss", "comment": "与 LY2024-00001 重复"})).await;
    assert_eq!(assert_problem(res, 422, "validation_failed").await["errors"][0]["field"], "closure_kind");
    let closed = act_ok(
        &app,
        &office,
        id,
        json!({"action": "dismiss", "comment": "与 LY2024-00001 重复", "closure_kind": "duplicate"}),
    )
    .await;
    assert_eq!(closed["closure_kind"], "duplicate");
    assert!(actions(&closed).is_empty());
    let res = act(&app, &office, id, json!({"action": "reopen", "comment": "x"})).await;
    let body = assert_problem(res, 409, "action_not_allowed").await;
    assert_eq!(body["allowed_actions"], json!([]));
});

db_test!(units_see_only_their_problems_and_leads_only_their_groups, |app| {
    let office = app.login("office").await;
    let fuhe = app.login("unit_fuhe").await;
    let devzone = app.login("unit_devzone").await;
    // A self-found problem of 府河镇 and one of the office's assigned to the development zone.
    let mut own = problem("府河镇自查: 拖欠物业费");
    own["source"] = json!("self_inspection");
    let own = register(&app, &fuhe, &own).await;
    assert_eq!(own["reporting_unit_name"], "府河镇");
    let other = register(&app, &office, &problem("开发区问题")).await;
    let other_id = other["id"].as_str().unwrap();
    act_ok(
        &app,
        &office,
        other_id,
        json!({"action": "assign", "responsible_unit_id": app.unit_id("devzone"), "deadline": in_days(10)}),
    )
    .await;

    let list = app.get_json("/api/v1/issues", &fuhe).await;
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["id"], own["id"]);
    assert_problem(app.get_as(&format!("/api/v1/issues/{other_id}"), &fuhe).await, 404, "not_found").await;
    assert_problem(app.get_as(&format!("/api/v1/issues/{other_id}/timeline"), &fuhe).await, 404, "not_found").await;
    let res = app.patch(&format!("/api/v1/issues/{other_id}"), &fuhe, &json!({"title": "x"})).await;
    assert!(res.status() == 404 || res.status() == 428);
    assert_eq!(app.get_json("/api/v1/issues", &devzone).await["total"], 1);

    // A unit registers only self-found problems, for its own unit.
    let res = app.post("/api/v1/issues", Some(&fuhe), &problem("投诉")).await;
    assert_eq!(assert_problem(res, 422, "validation_failed").await["errors"][0]["field"], "source");

    // Group leads: their groups only. Leaders: everything, read-only.
    assert_eq!(app.get_json("/api/v1/issues", &app.login("lead_agency_arrears").await).await["total"], 2);
    assert_eq!(app.get_json("/api/v1/issues", &app.login("lead_funds").await).await["total"], 0);
    let leader = app.login("leader").await;
    let all = app.get_json("/api/v1/issues", &leader).await;
    assert_eq!(all["total"], 2);
    assert!(all["items"].as_array().unwrap().iter().all(|i| actions(i).is_empty()));
    // Administrators see no business data.
    for admin in ["sysadmin", "auditor"] {
        let t = app.login(admin).await;
        assert_problem(app.get_as("/api/v1/issues", &t).await, 403, "forbidden").await;
    }
    // Lists mask phones; a single read shows them.
    assert_eq!(all["items"][0]["enterprise_phone"], "138****4567");
    assert_eq!(app.get_json(&format!("/api/v1/issues/{other_id}"), &office).await["enterprise_phone"], "13871234567");
});

db_test!(registration_is_validated_field_by_field, |app| {
    let office = app.login("office").await;
    let mut bad = problem("");
    bad["enterprise_uscc"] = json!("91350100M000100Y44");
    bad["amount_involved_fen"] = json!(-5);
    bad["problem_type"] = json!("funds_late");
    bad["enterprise_phone"] = json!("call me");
    let res = app.post("/api/v1/issues", Some(&office), &bad).await;
    let body = assert_problem(res, 422, "validation_failed").await;
    let mut fields: Vec<&str> =
        body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    fields.sort();
    assert_eq!(fields, ["amount_involved_fen", "enterprise_phone", "enterprise_uscc", "problem_type", "title"]);
    let uscc_error = body["errors"].as_array().unwrap().iter().find(|e| e["field"] == "enterprise_uscc").unwrap();
    assert!(uscc_error["message"].as_str().unwrap().contains("校验位"));
    // A float amount is a type error, not a rounding.
    let mut float = problem("x");
    float["amount_involved_fen"] = json!(12.5);
    assert_problem(app.post("/api/v1/issues", Some(&office), &float).await, 400, "invalid_json").await;
    // Nothing was written.
    assert_eq!(app.get_json("/api/v1/issues", &office).await["total"], 0);
    // The same reference of the same source twice: 409 naming the existing problem.
    let mut with_ref = problem("投诉转办");
    with_ref["source_ref"] = json!("TS-2024-0815");
    let first = register(&app, &office, &with_ref).await;
    let res = app.post("/api/v1/issues", Some(&office), &with_ref).await;
    let body = assert_problem(res, 409, "duplicate_source_ref").await;
    assert_eq!(body["existing_id"], first["id"]);
    let found = app.get_json("/api/v1/issues/by-ref?source=complaint&ref=TS-2024-0815", &office).await;
    assert_eq!(found["id"], first["id"]);
    assert_problem(app.get_as("/api/v1/issues/by-ref?source=online&ref=TS-2024-0815", &office).await, 404, "not_found")
        .await;
    // Group other than the category's (or the office's) is refused.
    let mut wrong_group = problem("x");
    wrong_group["group_id"] = json!(app.group_id("funds"));
    let res = app.post("/api/v1/issues", Some(&office), &wrong_group).await;
    assert_eq!(assert_problem(res, 422, "validation_failed").await["errors"][0]["field"], "group_id");
    let mut office_group = problem("兜底督办");
    office_group["group_id"] = json!(app.group_id("office"));
    assert_eq!(register(&app, &office, &office_group).await["group_name"], "综合办公室");
});

// Keyword search is answered through a trigram index (three or more characters), a grams index
// (one or two letters, digits or Chinese characters) or a scan (the rest): either way the answer
// is exactly "contains the text", wildcards and quotes taken literally, and an edited title is
// found by its new words only.
db_test!(keyword_search_finds_exactly_what_contains_the_text, |app| {
    app.seed_demo_problems();
    let office = app.login("office").await;
    let odd = register(&app, &office, &problem("回款率100%_\"达标\"专项")).await;
    let all = app.get_json("/api/v1/issues?page_size=200", &office).await;
    let items = all["items"].as_array().unwrap().clone();
    let first_title: Vec<char> = items[0]["title"].as_str().unwrap().chars().collect();
    let enterprise = items[5]["enterprise_name"].as_str().unwrap().chars().skip(2).take(4).collect::<String>();
    let number = items[7]["number"].as_str().unwrap().to_owned();
    let queries = [
        first_title[..1].iter().collect::<String>(),
        first_title[1..3].iter().collect::<String>(),
        first_title[1..5].iter().collect::<String>(),
        enterprise,
        number[..6].to_owned(),
        number.clone(),
        "逾期".to_owned(),
        "100%".to_owned(),
        "%_".to_owned(),
        "\"达标\"".to_owned(),
        "没有这样的问题".to_owned(),
    ];
    for q in queries {
        let expected: std::collections::BTreeSet<&str> = items
            .iter()
            .filter(|i| {
                ["title", "description", "enterprise_name", "number"]
                    .iter()
                    .any(|f| i[f].as_str().unwrap_or("").contains(&q))
            })
            .map(|i| i["id"].as_str().unwrap())
            .collect();
        let encoded: String = q
            .bytes()
            .map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") })
            .collect();
        let url = format!("/api/v1/issues?page_size=200&q={encoded}");
        let got = app.get_json(&url, &office).await;
        let ids: std::collections::BTreeSet<&str> =
            got["items"].as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap()).collect();
        assert_eq!(ids, expected, "q={q}");
        assert_eq!(got["total"], expected.len(), "q={q}");
        assert_eq!(got["total_exact"], true, "q={q}");
    }
    assert_eq!(app.get_json("/api/v1/issues?q=%25_", &office).await["items"][0]["id"], odd["id"]);
    // After an edit, the new title is found and the old words are not.
    let id = odd["id"].as_str().unwrap();
    let res = app
        .client
        .patch(app.url(&format!("/api/v1/issues/{id}")))
        .bearer_auth(&office)
        .header("if-match", format!("\"{}\"", odd["version"]))
        .json(&json!({"title": "改名后的欠款问题"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(app.get_json("/api/v1/issues?q=%E6%94%B9%E5%90%8D%E5%90%8E", &office).await["total"], 1); // 改名后
    assert_eq!(app.get_json("/api/v1/issues?q=%E8%BE%BE%E6%A0%87", &office).await["total"], 0); // 达标
    assert_eq!(app.get_json("/api/v1/issues?q=%E6%94%B9%E5%90%8D", &office).await["total"], 1); // 改名
});

db_test!(edits_need_the_current_version, |app| {
    let office = app.login("office").await;
    let issue = register(&app, &office, &problem("待修改")).await;
    let id = issue["id"].as_str().unwrap();
    let url = app.url(&format!("/api/v1/issues/{id}"));
    let res = app.client.patch(&url).bearer_auth(&office).json(&json!({"title": "新标题"})).send().await.unwrap();
    assert_problem(res, 428, "if_match_required").await;
    let res = app
        .client
        .patch(&url)
        .bearer_auth(&office)
        .header("if-match", "\"1\"")
        .json(&json!({"title": "新标题"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["etag"], "\"2\"");
    // Someone still holding version 1 cannot overwrite it.
    let res = app
        .client
        .patch(&url)
        .bearer_auth(&office)
        .header("if-match", "\"1\"")
        .json(&json!({"title": "旧的修改"}))
        .send()
        .await
        .unwrap();
    let body = assert_problem(res, 412, "version_mismatch").await;
    assert_eq!(body["current_version"], 2);
    // The version is compared last (RFC 9110 §13.2.1): a stale edit that is also invalid answers
    // what is wrong with it, and an If-Match naming no version cannot match.
    let stale_edit = |if_match: &'static str, body: Value| {
        app.client.patch(&url).bearer_auth(&office).header("if-match", if_match).json(&body).send()
    };
    let res = stale_edit("\"1\"", json!({"title": "   "})).await.unwrap();
    let body = assert_problem(res, 422, "validation_failed").await;
    assert_eq!(body["errors"][0]["field"], "title");
    let res = stale_edit("\"v2\"", json!({"title": "另一个标题"})).await.unwrap();
    let body = assert_problem(res, 412, "version_mismatch").await;
    assert_eq!(body["current_version"], 2);
    let transitions = app.url(&format!("/api/v1/issues/{id}/transitions"));
    let res = app
        .client
        .post(&transitions)
        .bearer_auth(&office)
        .header("if-match", "\"1\"")
        .json(&json!({"action": "approve", "comment": "核查通过"}))
        .send()
        .await
        .unwrap();
    let body = assert_problem(res, 409, "action_not_allowed").await;
    assert_eq!(body["state"], "self_check");
    let now = app.get_json(&format!("/api/v1/issues/{id}"), &office).await;
    assert_eq!(now["title"], "新标题");
    assert_eq!(now["version"], 2);
    // Changing the category moves the problem to that category's group.
    let res = app
        .client
        .patch(&url)
        .bearer_auth(&office)
        .header("if-match", "\"2\"")
        .json(&json!({"category": "funds", "problem_type": "funds_late", "arrear_object": ""}))
        .send()
        .await
        .unwrap();
    let moved: Value = res.json().await.unwrap();
    assert_eq!(moved["group_name"], "涉企资金规范拨付组");
    // Who may edit what depends on state and role.
    act_ok(
        &app,
        &office,
        id,
        json!({"action": "assign", "responsible_unit_id": app.unit_id("finance"), "deadline": in_days(9)}),
    )
    .await;
    let finance = app.login("unit_finance").await;
    act_ok(&app, &finance, id, json!({"action": "accept", "measures": "核对后拨付"})).await;
    let current = app.get_json(&format!("/api/v1/issues/{id}"), &finance).await;
    assert_eq!(current["editable_fields"], json!(["measures", "responsible_leader", "responsible_person"]));
    let etag = format!("\"{}\"", current["version"]);
    let res = app
        .client
        .patch(&url)
        .bearer_auth(&finance)
        .header("if-match", &etag)
        .json(&json!({"title": "x"}))
        .send()
        .await
        .unwrap();
    let body = assert_problem(res, 403, "forbidden").await;
    assert_eq!(body["fields"], json!(["title"]));
    let res = app
        .client
        .patch(&url)
        .bearer_auth(&finance)
        .header("if-match", &etag)
        .json(&json!({"measures": "分三批拨付"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    // Edits are audited with the changed fields only.
    let auditor = app.login("auditor").await;
    let trail = app.get_json(&format!("/api/v1/audit?action=issue.update&entity_id={id}"), &auditor).await;
    assert_eq!(trail["total"], 3);
    assert_eq!(trail["items"][0]["before"], json!({"measures": "核对后拨付"}));
    assert_eq!(trail["items"][0]["after"], json!({"measures": "分三批拨付"}));
});

db_test!(simultaneous_transitions_one_wins, |app| {
    let office = app.login("office").await;
    let lead = app.login("lead_agency_arrears").await;
    for round in 0..3 {
        let issue = register(&app, &office, &problem(&format!("并发 {round}"))).await;
        let id = issue["id"].as_str().unwrap().to_owned();
        let body = json!({"action": "assign", "responsible_unit_id": app.unit_id("education"), "deadline": in_days(5)});
        let dismiss = json!({"action": "dismiss", "comment": "重复", "closure_kind": "duplicate"});
        let (a, b) = tokio::join!(
            act(&app, &office, &id, body),
            act(
                &app,
                &lead,
                &id,
                json!({"action": "assign", "responsible_unit_id": app.unit_id("health"), "deadline": in_days(6)})
            )
        );
        let mut statuses = [a.status().as_u16(), b.status().as_u16()];
        statuses.sort();
        assert_eq!(statuses, [200, 409], "round {round}");
        let (c, d) = tokio::join!(
            act(&app, &office, &id, dismiss.clone()),
            act(&app, &office, &id, json!({"action": "return", "comment": "x"}))
        );
        assert!(c.status() != 200 || d.status() != 200, "never both");
        let after = app.get_json(&format!("/api/v1/issues/{id}"), &office).await;
        let timeline = app.get_json(&format!("/api/v1/issues/{id}/timeline"), &office).await;
        assert_eq!(timeline.as_array().unwrap().len(), 2, "one registration and one assignment, nothing half-written");
        assert_eq!(after["version"], 2);
    }
});

db_test!(numbers_are_gap_free_under_concurrency, |app| {
    let office = app.login("office").await;
    let mut tasks = Vec::new();
    for i in 0..16 {
        let client = app.client.clone();
        let url = app.url("/api/v1/issues");
        let token = office.clone();
        // Every fourth request is invalid and must not consume a number.
        let mut body = problem(&format!("并发登记 {i}"));
        if i % 4 == 3 {
            body["problem_type"] = json!("funds_late");
        }
        tasks.push(tokio::spawn(async move {
            client.post(url).bearer_auth(token).json(&body).send().await.unwrap().status().as_u16()
        }));
    }
    for t in tasks {
        let s = t.await.unwrap();
        assert!(s == 201 || s == 422, "{s}");
    }
    let list = app.get_json("/api/v1/issues?sort=number&page_size=50", &office).await;
    let numbers: Vec<&str> = list["items"].as_array().unwrap().iter().map(|i| i["number"].as_str().unwrap()).collect();
    let expected: Vec<String> = (1..=12).map(|n| format!("LY2024-{n:05}")).collect();
    assert_eq!(numbers, expected);
});

db_test!(progress_by_responsible_and_cooperating_units_only, |app| {
    let office = app.login("office").await;
    let issue = register(&app, &office, &problem("进展")).await;
    let id = issue["id"].as_str().unwrap();
    let path = format!("/api/v1/issues/{id}/progress");
    let education = app.login("unit_education").await;
    let finance = app.login("unit_finance").await;
    act_ok(
        &app,
        &office,
        id,
        json!({"action": "assign", "responsible_unit_id": app.unit_id("education"),
        "deadline": in_days(3), "cooperating_unit_ids": [app.unit_id("finance")]}),
    )
    .await;
    assert_problem(app.post(&path, Some(&education), &json!({"note": "x"})).await, 409, "not_rectifying").await;
    act_ok(&app, &education, id, json!({"action": "accept", "measures": "m"})).await;
    assert_eq!(app.post(&path, Some(&finance), &json!({"note": "财政局已安排资金"})).await.status(), 201);
    assert_problem(app.post(&path, Some(&office), &json!({"note": "x"})).await, 403, "forbidden").await;
    assert_problem(app.post(&path, Some(&education), &json!({"note": "  "})).await, 422, "validation_failed").await;
    let view = app.get_json(&format!("/api/v1/issues/{id}"), &finance).await;
    assert_eq!(actions(&view), ["progress"]);
    assert_eq!(view["state"], "rectifying", "progress never changes the state");
    assert_eq!(view["warning"], "yellow", "due in 3 days");
});

db_test!(lists_filter_sort_and_page, |app| {
    app.seed_demo_problems();
    let office = app.login("office").await;
    let all = app.get_json("/api/v1/issues?page_size=200", &office).await;
    let items = all["items"].as_array().unwrap();
    assert_eq!(all["total"], 60);
    let count = |pred: &dyn Fn(&Value) -> bool| items.iter().filter(|i| pred(i)).count() as i64;
    for w in ["red", "yellow", "none"] {
        let filtered = app.get_json(&format!("/api/v1/issues?warning={w}&page_size=1"), &office).await;
        assert_eq!(filtered["total"], count(&|i| i["warning"] == w), "warning={w}");
        assert!(filtered["total"].as_i64().unwrap() > 0, "the demo data has {w} problems");
    }
    let filtered = app.get_json("/api/v1/issues?state=assigned,rectifying&page_size=1", &office).await;
    assert_eq!(filtered["total"], count(&|i| i["state"] == "assigned" || i["state"] == "rectifying"));
    let finance = app.unit_id("finance");
    let filtered = app.get_json(&format!("/api/v1/issues?unit_id={finance}&page_size=1"), &office).await;
    assert_eq!(
        filtered["total"],
        count(&|i| i["responsible_unit_id"] == finance.as_str()
            || i["cooperating_unit_ids"].as_array().unwrap().iter().any(|u| u == finance.as_str()))
    );
    let filtered = app.get_json("/api/v1/issues?category=funds&source=self_inspection&page_size=1", &office).await;
    assert_eq!(filtered["total"], count(&|i| i["category"] == "funds" && i["source"] == "self_inspection"));
    let q = app.get_json("/api/v1/issues?q=%E6%A0%A1%E8%88%8D", &office).await; // 校舍
    assert!(q["total"].as_i64().unwrap() >= 2);
    assert!(q["items"].as_array().unwrap().iter().all(|i| i["title"].as_str().unwrap().contains("校舍")));
    let by_number = app.get_json("/api/v1/issues?q=LY2024-00007", &office).await;
    assert_eq!(by_number["total"], 1);
    // Pages do not overlap and cover everything.
    let mut seen = std::collections::HashSet::new();
    for page in 1..=4 {
        let p = app.get_json(&format!("/api/v1/issues?page={page}&page_size=20&sort=deadline"), &office).await;
        for i in p["items"].as_array().unwrap() {
            assert!(seen.insert(i["id"].as_str().unwrap().to_owned()));
        }
    }
    assert_eq!(seen.len(), 60);
    let d = app.get_json("/api/v1/issues?sort=deadline&page_size=200", &office).await;
    let deadlines: Vec<&str> = d["items"].as_array().unwrap().iter().filter_map(|i| i["deadline"].as_str()).collect();
    assert!(deadlines.windows(2).all(|w| w[0] <= w[1]), "sorted by deadline");
    // A warning list sorted by deadline is the full sorted list with the others left out, both
    // ways (its order is built without the NULLs-last term: every warned problem has a deadline).
    for (sort, reversed) in [
        ("deadline", d.clone()),
        ("-deadline", app.get_json("/api/v1/issues?sort=-deadline&page_size=200", &office).await),
    ] {
        for w in ["red", "yellow"] {
            let ids = |list: &Value| -> Vec<String> {
                list["items"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|i| i["warning"] == w)
                    .map(|i| i["id"].as_str().unwrap().to_owned())
                    .collect()
            };
            let warned = app.get_json(&format!("/api/v1/issues?warning={w}&sort={sort}&page_size=200"), &office).await;
            assert_eq!(ids(&warned), ids(&reversed), "warning={w}&sort={sort}");
        }
    }
    let today = app.today().to_string();
    let created = app.get_json(&format!("/api/v1/issues?created_from={today}&created_to={today}"), &office).await;
    assert_eq!(created["total"], 0, "the demo problems were registered before today");
    assert_problem(app.get_as("/api/v1/issues?state=open", &office).await, 422, "validation_failed").await;
    assert_problem(app.get_as("/api/v1/issues?warning=orange", &office).await, 400, "invalid_query").await;
    assert_problem(app.get_as("/api/v1/issues?sort=title", &office).await, 400, "invalid_query").await;
    // The demo data's own history is on the audit trail.
    let auditor = app.login("auditor").await;
    assert_eq!(app.get_json("/api/v1/audit/verify", &auditor).await["ok"], true);
    let _ = Method::GET;
});
