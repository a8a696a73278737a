//! 三员分立 (#15): the system administrator, the security administrator and the auditor, each
//! tried as an insider would (the "Why"), each refusal on both databases.

use reqwest::Method;
use serde_json::{Value, json};

use crate::db_test;
use crate::helpers::{DEMO_PASSWORD, TestApp, assert_problem};

async fn put_roles(app: &TestApp, token: &str, username: &str, roles: Value) -> reqwest::Response {
    let path = format!("/api/v1/users/{}/roles", app.user_id(username));
    app.request(Method::PUT, &path, Some(token), Some(&json!({ "roles": roles }))).await
}

async fn reset(app: &TestApp, token: &str, username: &str, password: &str) -> reqwest::Response {
    let path = format!("/api/v1/users/{}/reset-password", app.user_id(username));
    app.post(&path, Some(token), &json!({ "password": password })).await
}

/// The audit records `action` refused (`result = denied`) on `username`'s account.
async fn denied(app: &TestApp, action: &str, username: &str) -> i64 {
    let auditor = app.login("auditor").await;
    let id = app.user_id(username);
    let trail = app.get_json(&format!("/api/v1/audit?action={action}&entity_id={id}"), &auditor).await;
    trail["items"].as_array().unwrap().iter().filter(|r| r["result"] == "denied").count() as i64
}

db_test!(sysadmin_cannot_give_itself_business_roles, |app| {
    let sysadmin = app.login("sysadmin").await;
    let own = app.user_id("sysadmin");
    // Not through 修改账号 (roles are no longer one of its fields)...
    let res = app.patch(&format!("/api/v1/users/{own}"), &sysadmin, &json!({"roles": [{"role": "office"}]})).await;
    let body = assert_problem(res, 400, "invalid_json").await;
    assert_eq!(body["errors"][0]["field"], "roles");
    // ...nor through 授予角色, which is the security administrator's.
    let res = put_roles(&app, &sysadmin, "sysadmin", json!([{"role": "sysadmin"}, {"role": "office"}])).await;
    assert_problem(res, 403, "forbidden").await;
    assert_eq!(denied(&app, "user.roles", "sysadmin").await, 1, "the refusal is on the trail");
    let me = app.get_json("/api/v1/auth/me", &sysadmin).await;
    assert_eq!(me["roles"].as_array().unwrap().len(), 1);
    assert_eq!(app.get_as("/api/v1/issues", &sysadmin).await.status(), 403, "still no business data");
    // Nor may the security administrator give the system administrator a business role.
    let secadmin = app.login("secadmin").await;
    let res = put_roles(&app, &secadmin, "sysadmin", json!([{"role": "sysadmin"}, {"role": "office"}])).await;
    let body = assert_problem(res, 422, "validation_failed").await;
    assert!(body["errors"][0]["message"].as_str().unwrap().contains("三员分立"), "{body}");
});

db_test!(sysadmin_cannot_reset_the_auditors_password, |app| {
    let sysadmin = app.login("sysadmin").await;
    let auditor = app.login("auditor").await;
    let res = reset(&app, &sysadmin, "auditor", "Taken#Over2024").await;
    assert_problem(res, 403, "forbidden").await;
    let res = app.post(&format!("/api/v1/users/{}/unlock", app.user_id("auditor")), Some(&sysadmin), &json!({})).await;
    assert_problem(res, 403, "forbidden").await;
    assert_eq!(app.get_as("/api/v1/auth/me", &auditor).await.status(), 200, "the auditor's session lives on");
    app.login_full("auditor", DEMO_PASSWORD).await;
    assert_eq!(denied(&app, "user.reset_password", "auditor").await, 1);
});

db_test!(sysadmin_cannot_create_a_second_auditor, |app| {
    let sysadmin = app.login("sysadmin").await;
    let body = json!({"username": "auditor2", "display_name": "第二审计员", "unit_id": app.unit_id("audit"),
        "roles": [{"role": "auditor"}], "password": "Initial#2024x"});
    let res = app.post("/api/v1/users", Some(&sysadmin), &body).await;
    assert_problem(res, 400, "invalid_json").await;
    // It may create the account, without any role...
    let mut body = body;
    body.as_object_mut().unwrap().remove("roles");
    let res = app.post("/api/v1/users", Some(&sysadmin), &body).await;
    assert_eq!(res.status(), 201);
    let created: Value = res.json().await.unwrap();
    assert_eq!(created["roles"], json!([]));
    // ...but not make it an auditor.
    let res = put_roles(&app, &sysadmin, "auditor2", json!([{"role": "auditor"}])).await;
    assert_problem(res, 403, "forbidden").await;
    let auditors = app.get_json("/api/v1/users?role=auditor", &sysadmin).await;
    assert_eq!(auditors["total"], 1);
});

db_test!(the_last_holder_of_each_administrator_role_stays, |app| {
    let sysadmin = app.login("sysadmin").await;
    let secadmin = app.login("secadmin").await;
    for (who, code) in [("auditor", "last_auditor"), ("secadmin", "last_secadmin")] {
        let res = app.patch(&format!("/api/v1/users/{}", app.user_id(who)), &sysadmin, &json!({"active": false})).await;
        assert_problem(res, 409, code).await;
    }
    let res = put_roles(&app, &secadmin, "auditor", json!([{"role": "office"}])).await;
    assert_problem(res, 409, "last_auditor").await;
    let res = put_roles(&app, &secadmin, "sysadmin", json!([])).await;
    assert_problem(res, 409, "last_sysadmin").await;
    // With a second auditor granted by the security administrator, the first may go.
    let res = app
        .post(
            "/api/v1/users",
            Some(&sysadmin),
            &json!({"username": "auditor2", "display_name": "第二审计员", "unit_id": app.unit_id("audit"),
                    "password": "Initial#2024x"}),
        )
        .await;
    assert_eq!(res.status(), 201);
    assert_eq!(put_roles(&app, &secadmin, "auditor2", json!([{"role": "auditor"}])).await.status(), 200);
    let res =
        app.patch(&format!("/api/v1/users/{}", app.user_id("auditor")), &sysadmin, &json!({"active": false})).await;
    assert_eq!(res.status(), 200);
});

db_test!(nobody_changes_their_own_roles_or_factors, |app| {
    let secadmin = app.login("secadmin").await;
    let res = put_roles(&app, &secadmin, "secadmin", json!([{"role": "secadmin"}, {"role": "office"}])).await;
    assert_problem(res, 403, "own_account").await;
    let res = put_roles(&app, &secadmin, "secadmin", json!([{"role": "office"}])).await;
    assert_problem(res, 403, "own_account").await;
    let res = reset(&app, &secadmin, "secadmin", "Mine#Again2024").await;
    assert_problem(res, 403, "own_account").await;
    assert_eq!(denied(&app, "user.roles", "secadmin").await, 2);
    assert_eq!(denied(&app, "user.reset_password", "secadmin").await, 1);
    // Another security administrator may reset this one.
    let res = put_roles(&app, &secadmin, "unit_fuhe", json!([{"role": "secadmin"}])).await;
    assert_eq!(res.status(), 200);
    let second = app.login("unit_fuhe").await;
    assert_eq!(reset(&app, &second, "secadmin", "Reset#ByPeer2024").await.status(), 200);
    assert_eq!(app.get_as("/api/v1/auth/me", &secadmin).await.status(), 401, "its sessions ended");
    let body = app.login_full("secadmin", "Reset#ByPeer2024").await;
    assert_eq!(body["user"]["must_change_password"], true);
});

db_test!(secadmin_resets_the_other_administrators, |app| {
    let secadmin = app.login("secadmin").await;
    for (who, password) in [("sysadmin", "Reset#Sys2024a"), ("auditor", "Reset#Aud2024b")] {
        let before = app.login(who).await;
        assert_eq!(reset(&app, &secadmin, who, password).await.status(), 200, "{who}");
        assert_eq!(app.get_as("/api/v1/auth/me", &before).await.status(), 401, "{who}");
        app.login_full(who, password).await;
    }
    // The security administrator sees accounts but not the trail, and creates none.
    assert_eq!(app.get_as("/api/v1/users", &secadmin).await.status(), 200);
    assert_eq!(app.get_as("/api/v1/audit", &secadmin).await.status(), 403);
    assert_eq!(app.get_as("/api/v1/issues", &secadmin).await.status(), 403);
    let res = app
        .post(
            "/api/v1/users",
            Some(&secadmin),
            &json!({"username": "mine", "display_name": "自建", "unit_id": app.unit_id("audit"),
                    "password": "Initial#2024x"}),
        )
        .await;
    assert_problem(res, 403, "forbidden").await;
    // The security settings are its own.
    let settings = app.get_json("/api/v1/settings", &secadmin).await;
    let items = settings.as_array().or_else(|| settings["items"].as_array()).unwrap().clone();
    let editable = |key: &str| items.iter().find(|s| s["key"] == key).map(|s| s["editable"].clone());
    assert_eq!(editable("auth.password_max_age_days"), Some(json!(true)));
    assert_eq!(editable("display.grayscale"), Some(json!(false)));
});

db_test!(conflicts_kept_from_an_earlier_release_are_listed, |app| {
    // An earlier release allowed the auditor to be office too; the row is kept as it was.
    let auditor_id = app.user_id("auditor");
    app.exec(&format!(
        "INSERT INTO user_roles (id, user_id, role, group_id) VALUES ('{}', '{auditor_id}', 'office', NULL)",
        uuid::Uuid::now_v7()
    ));
    let secadmin = app.login("secadmin").await;
    let listed = app.get_json("/api/v1/users?separation_conflict=true", &secadmin).await;
    assert_eq!(listed["total"], 1, "{listed}");
    assert_eq!(listed["items"][0]["username"], "auditor");
    assert!(listed["items"][0]["separation_conflict"].as_str().unwrap().contains("三员分立"));
    let all = app.get_json("/api/v1/users?page_size=100", &secadmin).await;
    let clean = all["items"].as_array().unwrap().iter().filter(|u| u["separation_conflict"].is_null()).count();
    assert_eq!(clean as i64, all["total"].as_i64().unwrap() - 1);
    // The security administrator corrects it.
    assert_eq!(put_roles(&app, &secadmin, "auditor", json!([{"role": "auditor"}])).await.status(), 200);
    let listed = app.get_json("/api/v1/users?separation_conflict=true", &secadmin).await;
    assert_eq!(listed["total"], 0);
});
