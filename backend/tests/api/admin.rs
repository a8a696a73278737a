//! Administration: the authorisation matrix, accounts, units, groups and dictionaries.

use reqwest::Method;
use serde_json::{Value, json};

use crate::db_test;
use crate::helpers::{DEMO_USERS, TestApp, assert_problem};

/// Who may call an endpoint.
#[derive(Clone, Copy)]
enum Allowed {
    Everyone,
    Only(&'static str),
    /// 用户管理 is read by the system and the security administrator.
    Admins,
}

struct Case {
    method: Method,
    path: String,
    body: Option<Value>,
    allowed: Allowed,
    /// The status an allowed caller gets (the endpoints are called so as to change nothing).
    ok_status: u16,
}

fn cases(app: &TestApp) -> Vec<Case> {
    let missing = uuid::Uuid::now_v7().to_string();
    let unit = app.unit_id("finance");
    let case = |method: Method, path: String, body: Option<Value>, allowed, ok_status| Case {
        method,
        path,
        body,
        allowed,
        ok_status,
    };
    vec![
        case(Method::GET, "/api/v1/auth/me".into(), None, Allowed::Everyone, 200),
        case(Method::GET, "/api/v1/units".into(), None, Allowed::Everyone, 200),
        case(Method::GET, "/api/v1/groups".into(), None, Allowed::Everyone, 200),
        case(Method::GET, "/api/v1/dictionaries".into(), None, Allowed::Everyone, 200),
        case(
            Method::POST,
            "/api/v1/units".into(),
            Some(json!({"code": "x", "name": "", "kind": "town"})),
            Allowed::Only("sysadmin"),
            422,
        ),
        case(
            Method::PATCH,
            format!("/api/v1/units/{missing}"),
            Some(json!({"name": "x"})),
            Allowed::Only("sysadmin"),
            404,
        ),
        case(Method::DELETE, format!("/api/v1/units/{missing}"), None, Allowed::Only("sysadmin"), 404),
        case(
            Method::PATCH,
            format!("/api/v1/groups/{missing}"),
            Some(json!({"name": "x"})),
            Allowed::Only("sysadmin"),
            404,
        ),
        case(
            Method::PUT,
            "/api/v1/dictionaries/nothing/x1".into(),
            Some(json!({"label": "x"})),
            Allowed::Only("sysadmin"),
            404,
        ),
        case(Method::GET, "/api/v1/users".into(), None, Allowed::Admins, 200),
        case(Method::GET, format!("/api/v1/users/{missing}"), None, Allowed::Admins, 404),
        case(
            Method::POST,
            "/api/v1/users".into(),
            Some(json!({"username": "x", "display_name": "x", "unit_id": unit, "password": "x"})),
            Allowed::Only("sysadmin"),
            422,
        ),
        case(
            Method::PATCH,
            format!("/api/v1/users/{missing}"),
            Some(json!({"active": false})),
            Allowed::Only("sysadmin"),
            404,
        ),
        case(
            Method::POST,
            format!("/api/v1/users/{missing}/reset-password"),
            Some(json!({"password": "Reset#2024xx"})),
            Allowed::Only("secadmin"),
            404,
        ),
        case(Method::POST, format!("/api/v1/users/{missing}/unlock"), None, Allowed::Only("secadmin"), 404),
        case(
            Method::PUT,
            format!("/api/v1/users/{missing}/roles"),
            Some(json!({"roles": []})),
            Allowed::Only("secadmin"),
            404,
        ),
        case(Method::GET, "/api/v1/api-keys".into(), None, Allowed::Only("sysadmin"), 200),
        case(
            Method::POST,
            "/api/v1/api-keys".into(),
            Some(json!({"name": "", "unit_id": unit, "scopes": []})),
            Allowed::Only("sysadmin"),
            422,
        ),
        case(Method::POST, format!("/api/v1/api-keys/{missing}/revoke"), None, Allowed::Only("sysadmin"), 404),
        case(Method::GET, "/api/v1/audit".into(), None, Allowed::Only("auditor"), 200),
        case(Method::GET, "/api/v1/audit/verify".into(), None, Allowed::Only("auditor"), 200),
    ]
}

db_test!(authorisation_matrix_of_admin_endpoints, |app| {
    let mut tokens = Vec::new();
    for user in DEMO_USERS.into_iter().chain(["secadmin"]) {
        tokens.push((user, app.login(user).await));
    }
    let mut checked = 0;
    for case in cases(&app) {
        // No token at all.
        let res = app.request(case.method.clone(), &case.path, None, case.body.as_ref()).await;
        assert_eq!(res.status(), 401, "{} {} without a token", case.method, case.path);
        for (user, token) in &tokens {
            let res = app.request(case.method.clone(), &case.path, Some(token), case.body.as_ref()).await;
            let allowed = match case.allowed {
                Allowed::Everyone => true,
                Allowed::Only(role_user) => *user == role_user,
                Allowed::Admins => ["sysadmin", "secadmin"].contains(user),
            };
            let expected = if allowed { case.ok_status } else { 403 };
            assert_eq!(res.status().as_u16(), expected, "{} {} as {user}", case.method, case.path);
            checked += 1;
        }
    }
    assert_eq!(checked, 21 * 16);
});

db_test!(sysadmin_and_auditor_cannot_be_combined, |app| {
    let secadmin = app.login("secadmin").await;
    let id = app.user_id("auditor");
    let res = app
        .request(
            Method::PUT,
            &format!("/api/v1/users/{id}/roles"),
            Some(&secadmin),
            Some(&json!({"roles": [{"role": "auditor"}, {"role": "sysadmin"}]})),
        )
        .await;
    let body = assert_problem(res, 422, "validation_failed").await;
    assert_eq!(body["errors"][0]["field"], "roles");
    assert!(body["errors"][0]["message"].as_str().unwrap().contains("三员分立"));
});

db_test!(accounts_are_validated_and_audited, |app| {
    let admin = app.login("sysadmin").await;
    let res = app
        .post(
            "/api/v1/users",
            Some(&admin),
            &json!({"username": "a b", "display_name": " ", "unit_id": uuid::Uuid::now_v7().to_string(),
                     "password": "weak"}),
        )
        .await;
    let body = assert_problem(res, 422, "validation_failed").await;
    let mut fields: Vec<&str> =
        body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    fields.sort();
    assert_eq!(fields, ["display_name", "password", "unit_id", "username"]);
    let good = json!({"username": "lead_two", "display_name": "两组牵头", "unit_id": app.unit_id("finance"),
        "password": "Initial#2024x"});
    let res = app.post("/api/v1/users", Some(&admin), &good).await;
    assert_eq!(res.status(), 201);
    let user: Value = res.json().await.unwrap();
    assert_eq!(user["roles"], json!([]), "roles are the security administrator's to grant");
    assert_problem(app.post("/api/v1/users", Some(&admin), &good).await, 409, "username_taken").await;
    // The security administrator grants them, each checked against its field.
    let secadmin = app.login("secadmin").await;
    let roles_path = format!("/api/v1/users/{}/roles", user["id"].as_str().unwrap());
    let res =
        app.request(Method::PUT, &roles_path, Some(&secadmin), Some(&json!({"roles": [{"role": "group_lead"}]}))).await;
    let body = assert_problem(res, 422, "validation_failed").await;
    assert_eq!(body["errors"][0]["field"], "roles[0].group_id");
    let two = json!({"roles": [{"role": "group_lead", "group_id": app.group_id("funds")},
        {"role": "group_lead", "group_id": app.group_id("soe_arrears")}]});
    let res = app.request(Method::PUT, &roles_path, Some(&secadmin), Some(&two)).await;
    assert_eq!(res.status(), 200);
    let user: Value = res.json().await.unwrap();
    assert_eq!(user["roles"].as_array().unwrap().len(), 2);
    // Deactivation ends the account's sessions at once.
    let clerk = app.login("unit_commerce").await;
    let users = app.get_json("/api/v1/users?q=unit_commerce", &admin).await;
    let id = users["items"][0]["id"].as_str().unwrap();
    let res = app.patch(&format!("/api/v1/users/{id}"), &admin, &json!({"active": false})).await;
    assert_eq!(res.status(), 200);
    assert_eq!(app.get_as("/api/v1/auth/me", &clerk).await.status(), 401);
    let res = app
        .post(
            "/api/v1/auth/login",
            None,
            &json!({"username": "unit_commerce", "password": crate::helpers::DEMO_PASSWORD}),
        )
        .await;
    assert_problem(res, 401, "invalid_credentials").await;
    // The last active system administrator cannot be removed.
    let me = app.get_json("/api/v1/auth/me", &admin).await;
    let res =
        app.patch(&format!("/api/v1/users/{}", me["id"].as_str().unwrap()), &admin, &json!({"active": false})).await;
    assert_problem(res, 409, "last_sysadmin").await;
    // Every change is on the trail with before and after.
    let auditor = app.login("auditor").await;
    let trail =
        app.get_json(&format!("/api/v1/audit?entity_type=user&entity_id={id}&action=user.update"), &auditor).await;
    assert_eq!(trail["total"], 1);
    assert_eq!(trail["items"][0]["before"]["active"], true);
    assert_eq!(trail["items"][0]["after"]["active"], false);
    assert_eq!(trail["items"][0]["actor_name"], "sysadmin");
});

db_test!(reset_password_forces_a_change_and_ends_sessions, |app| {
    let admin = app.login("secadmin").await;
    let clerk = app.login("unit_education").await;
    let users = app.get_json("/api/v1/users?q=unit_education", &admin).await;
    let id = users["items"][0]["id"].as_str().unwrap();
    let res = app
        .post(&format!("/api/v1/users/{id}/reset-password"), Some(&admin), &json!({"password": "Reset#2024xx"}))
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(app.get_as("/api/v1/auth/me", &clerk).await.status(), 401);
    let body = app.login_full("unit_education", "Reset#2024xx").await;
    assert_eq!(body["user"]["must_change_password"], true);
});

db_test!(units_are_created_renamed_deactivated_and_deleted_only_when_free, |app| {
    let admin = app.login("sysadmin").await;
    let res = app
        .post("/api/v1/units", Some(&admin), &json!({"code": "soe_water", "name": "区水务集团", "kind": "soe"}))
        .await;
    assert_eq!(res.status(), 201);
    let unit: Value = res.json().await.unwrap();
    let id = unit["id"].as_str().unwrap();
    let dup = app
        .post("/api/v1/units", Some(&admin), &json!({"code": "soe_water2", "name": "区财政局", "kind": "soe"}))
        .await;
    assert_problem(dup, 409, "unit_name_taken").await;
    let dup = app
        .post("/api/v1/units", Some(&admin), &json!({"code": "soe_water3", "name": "区国资局", "kind": "soe"}))
        .await;
    assert_problem(dup, 409, "unit_name_taken").await;
    let res =
        app.patch(&format!("/api/v1/units/{id}"), &admin, &json!({"name": "区水务投资集团", "active": false})).await;
    let renamed: Value = res.json().await.unwrap();
    assert_eq!(renamed["name"], "区水务投资集团");
    assert_eq!(renamed["active"], false);
    let office = app.login("office").await;
    let active = app.get_json("/api/v1/units", &office).await;
    assert!(!active.as_array().unwrap().iter().any(|u| u["id"] == id), "inactive units are hidden by default");
    let all = app.get_json("/api/v1/units?include_inactive=true", &office).await;
    assert!(all.as_array().unwrap().iter().any(|u| u["id"] == id));
    // A referenced unit cannot be deleted; a free one can.
    let finance = app.unit_id("finance");
    let res = app.request(Method::DELETE, &format!("/api/v1/units/{finance}"), Some(&admin), None).await;
    assert_problem(res, 409, "unit_referenced").await;
    let res = app.request(Method::DELETE, &format!("/api/v1/units/{id}"), Some(&admin), None).await;
    assert_eq!(res.status(), 204);
    let res = app.request(Method::DELETE, &format!("/api/v1/units/{id}"), Some(&admin), None).await;
    assert_eq!(res.status(), 404);
});

// A unit that only a problem refers to (no account, no group) is still referenced: 409, not a
// foreign-key failure (found by schemathesis as a 500).
db_test!(a_unit_responsible_for_a_problem_cannot_be_deleted, |app| {
    let admin = app.login("sysadmin").await;
    let res =
        app.post("/api/v1/units", Some(&admin), &json!({"code": "soe_gas", "name": "区燃气集团", "kind": "soe"})).await;
    let unit: Value = res.json().await.unwrap();
    let unit_id = unit["id"].as_str().unwrap().to_owned();
    let office = app.login("office").await;
    let body = json!({
        "title": "燃气集团拖欠管道安装款", "description": "已验收未付款", "category": "soe_arrears",
        "problem_type": "soe_delay", "source": "complaint", "enterprise_name": "随州市测试管道有限公司", "amount_involved_fen": 100,
    });
    let res = app.post("/api/v1/issues", Some(&office), &body).await;
    assert_eq!(res.status(), 201);
    let issue: Value = res.json().await.unwrap();
    let deadline = (app.today() + chrono::Duration::days(30)).to_string();
    let assign = json!({"action": "assign", "responsible_unit_id": unit_id, "deadline": deadline});
    let res = app
        .post(&format!("/api/v1/issues/{}/transitions", issue["id"].as_str().unwrap()), Some(&office), &assign)
        .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let res = app.request(Method::DELETE, &format!("/api/v1/units/{unit_id}"), Some(&admin), None).await;
    let problem = assert_problem(res, 409, "unit_referenced").await;
    assert!(problem["detail"].as_str().unwrap().contains("问题"), "{problem}");
    let all = app.get_json("/api/v1/units?include_inactive=true", &admin).await;
    assert!(all.as_array().unwrap().iter().any(|u| u["id"] == unit_id.as_str()), "the unit is still there");
});

db_test!(organisation_is_seeded_as_the_plan_says, |app| {
    let token = app.login("office").await;
    let groups = app.get_json("/api/v1/groups", &token).await;
    let groups = groups.as_array().unwrap();
    assert_eq!(groups.len(), 6);
    let by_code = |c: &str| groups.iter().find(|g| g["code"] == c).unwrap().clone();
    assert_eq!(by_code("office")["lead_unit_name"], "区营商办");
    assert_eq!(by_code("investment")["lead_unit_name"], "区招商服务中心");
    assert_eq!(by_code("soe_arrears")["lead_unit_name"], "区财政局");
    assert_eq!(by_code("policy")["member_unit_ids"].as_array().unwrap().len(), 8);
    assert_eq!(by_code("agency_arrears")["category"], "agency_arrears");
    let units = app.get_json("/api/v1/units", &token).await;
    let names: Vec<&str> = units.as_array().unwrap().iter().map(|u| u["name"].as_str().unwrap()).collect();
    for n in ["府河镇", "东城街道", "曾都经济开发区管委会", "区交通运输局"] {
        assert!(names.contains(&n), "{n}");
    }
    let dict = app.get_json("/api/v1/dictionaries", &token).await;
    assert_eq!(dict["categories"].as_array().unwrap().len(), 5);
    assert_eq!(dict["sources"].as_array().unwrap().len(), 7);
    assert!(
        dict["problem_types"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["label"] == "违规提高兑现门槛" && t["parent_code"] == "policy")
    );
    assert_eq!(dict["roles"].as_array().unwrap().len(), 7);
    // Seeding again changes nothing.
    let report = lvyue::seed::organisation(&mut app.conn(), &app.clock).unwrap();
    assert_eq!(report, lvyue::seed::SeedReport::default());
    let report = lvyue::seed::demo_accounts(&mut app.conn(), &app.clock).unwrap();
    assert_eq!(report, lvyue::seed::SeedReport::default());
});

db_test!(groups_and_dictionaries_are_edited_by_the_sysadmin, |app| {
    let admin = app.login("sysadmin").await;
    let id = app.group_id("funds");
    let members = vec![app.unit_id("audit"), app.unit_id("taxation")];
    let res = app.patch(&format!("/api/v1/groups/{id}"), &admin, &json!({"member_unit_ids": members})).await;
    let group: Value = res.json().await.unwrap();
    assert_eq!(group["member_unit_ids"].as_array().unwrap().len(), 2);
    let res = app
        .request(
            Method::PUT,
            "/api/v1/dictionaries/source/hotline_12345",
            Some(&admin),
            Some(&json!({"label": "12345 热线"})),
        )
        .await;
    assert_eq!(res.status(), 200);
    let res = app
        .request(
            Method::PUT,
            "/api/v1/dictionaries/problem_type/new_type",
            Some(&admin),
            Some(&json!({"label": "新类型"})),
        )
        .await;
    let body = assert_problem(res, 422, "validation_failed").await;
    assert_eq!(body["errors"][0]["field"], "parent_code");
    let office = app.login("office").await;
    let dict = app.get_json("/api/v1/dictionaries", &office).await;
    assert!(dict["sources"].as_array().unwrap().iter().any(|s| s["code"] == "hotline_12345"));
    // `If-None-Match: *` only creates: a second administrator adding the same code overwrites nothing.
    let create_only = |code: &'static str, label: &'static str| {
        app.client
            .put(app.url(&format!("/api/v1/dictionaries/source/{code}")))
            .bearer_auth(&admin)
            .header("if-none-match", "*")
            .json(&json!({ "label": label }))
            .send()
    };
    let res = create_only("hotline_12345", "另一个热线").await.unwrap();
    assert_problem(res, 412, "dictionary_item_exists").await;
    let res = create_only("wechat_mini", "微信小程序").await.unwrap();
    assert_eq!(res.status(), 200);
    let dict = app.get_json("/api/v1/dictionaries", &office).await;
    let label =
        |code: &str| dict["sources"].as_array().unwrap().iter().find(|s| s["code"] == code).unwrap()["label"].clone();
    assert_eq!(label("hotline_12345"), "12345 热线");
    assert_eq!(label("wechat_mini"), "微信小程序");
});

db_test!(settings_are_listed_changed_by_their_administrator_and_reach_everyone, |app| {
    let admin = app.login("sysadmin").await;
    let office = app.login("office").await;
    let listed = app.get_json("/api/v1/settings", &admin).await;
    let grey = listed.as_array().unwrap().iter().find(|s| s["key"] == "display.grayscale").unwrap().clone();
    assert_eq!(
        (grey["value"].clone(), grey["editable"].clone(), grey["label"].clone()),
        (json!(false), json!(true), json!("灰色模式"))
    );
    // The office sees them all and may change only the ledger's own.
    let seen = app.get_json("/api/v1/settings", &office).await;
    for s in seen.as_array().unwrap() {
        let office_keys = [
            "ledger.deadline_horizon_days",
            "stats.snapshot_hour",
            "supervision.red_repeat_days",
            "supervision.digest_hour",
            "ledger.submit_evidence_exempt_categories",
            "campaigns.milestone_reminder_days",
        ];
        assert_eq!(s["editable"], office_keys.contains(&s["key"].as_str().unwrap()), "{s}");
    }
    let unit = app.login("unit_finance").await;
    assert_eq!(app.get_as("/api/v1/settings", &unit).await.status(), 403);
    let res = app
        .request(Method::PUT, "/api/v1/settings/display.grayscale", Some(&office), Some(&json!({"value": true})))
        .await;
    assert_problem(res, 403, "forbidden").await;
    let res = app
        .request(Method::PUT, "/api/v1/settings/display.grayscale", Some(&admin), Some(&json!({"value": "yes"})))
        .await;
    let body = assert_problem(res, 422, "validation_failed").await;
    assert_eq!(body["errors"][0]["field"], "value");
    let res = app.request(Method::PUT, "/api/v1/settings/no.such.key", Some(&admin), Some(&json!({"value": 1}))).await;
    assert_problem(res, 404, "not_found").await;
    // 灰色模式 on: every user's /auth/me says so.
    let res = app
        .request(Method::PUT, "/api/v1/settings/display.grayscale", Some(&admin), Some(&json!({"value": true})))
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(app.get_json("/api/v1/auth/me", &unit).await["grayscale"], true);
    // The change and the refusal are both in the trail.
    let auditor = app.login("auditor").await;
    let trail = app.get_json("/api/v1/audit?action=setting.update", &auditor).await;
    let results: Vec<&str> = trail["items"].as_array().unwrap().iter().map(|r| r["result"].as_str().unwrap()).collect();
    assert!(results.contains(&"denied") && results.contains(&"success"), "{results:?}");
});
