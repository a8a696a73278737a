//! The audit trail: append-only, chained, verifiable, unforked under concurrency.

use serde_json::{Value, json};

use crate::db_test;
use crate::helpers::{Backend, DEMO_PASSWORD, TestApp};

async fn verify(app: &TestApp, token: &str) -> serde_json::Value {
    app.get_json("/api/v1/audit/verify", token).await
}

/// Changes a record behind the application's back, as someone with database access could.
fn tamper(app: &TestApp, seq: i64) {
    match app.backend {
        Backend::Postgres => app.exec(&format!(
            "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update; \
             UPDATE audit_log SET actor_name = 'someone_else' WHERE seq = {seq}; \
             ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update;"
        )),
        Backend::Sqlite => app.exec(&format!(
            "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor_name = 'someone_else' WHERE seq = {seq};"
        )),
    }
}

db_test!(altering_one_record_is_found_exactly, |app| {
    let auditor = app.login("auditor").await;
    for user in ["office", "leader", "unit_fuhe"] {
        app.login(user).await;
    }
    let before = verify(&app, &auditor).await;
    assert_eq!(before["ok"], true, "{before}");
    let checked = before["checked"].as_i64().unwrap();
    assert!(checked > 20, "seeding and logins are audited: {checked}");
    let target = checked - 2;
    tamper(&app, target);
    let after = verify(&app, &auditor).await;
    assert_eq!(after["ok"], false);
    assert_eq!(after["first_broken_seq"], target);
    assert_eq!(after["checked"], target - 1);
});

db_test!(the_trail_refuses_updates_and_deletes, |app| {
    use diesel::connection::SimpleConnection;
    let mut conn = app.conn();
    let conn: &mut lvyue::db::DbConnection = &mut conn;
    assert!(conn.batch_execute("UPDATE audit_log SET result = 'x' WHERE seq = 1").is_err());
    assert!(conn.batch_execute("DELETE FROM audit_log WHERE seq = 1").is_err());
});

db_test!(removed_records_are_found, |app| {
    let auditor = app.login("auditor").await;
    let checked = verify(&app, &auditor).await["checked"].as_i64().unwrap();
    match app.backend {
        Backend::Postgres => app.exec(&format!(
            "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update; DELETE FROM audit_log WHERE seq = {checked}; \
             ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update;"
        )),
        Backend::Sqlite => {
            app.exec(&format!("DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = {checked};"))
        }
    }
    let after = verify(&app, &auditor).await;
    assert_eq!(after["ok"], false);
    assert_eq!(after["first_broken_seq"], checked);
});

db_test!(fifty_concurrent_logins_keep_one_chain, |app| {
    let before: i64 = {
        let auditor = app.login("auditor").await;
        verify(&app, &auditor).await["checked"].as_i64().unwrap()
    };
    let users = crate::helpers::DEMO_USERS;
    let mut tasks = Vec::new();
    for i in 0..50 {
        let client = app.client.clone();
        let url = app.url("/api/v1/auth/login");
        let username = users[i % users.len()];
        // Every fifth attempt fails, so failures and successes interleave.
        let password = if i % 5 == 4 { "Wrong#Pass1" } else { DEMO_PASSWORD };
        tasks.push(tokio::spawn(async move {
            client
                .post(url)
                .json(&json!({"username": username, "password": password}))
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }));
    }
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.unwrap());
    }
    assert_eq!(statuses.iter().filter(|s| **s == 200).count(), 40, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == 401).count(), 10, "{statuses:?}");
    let auditor = app.login("auditor").await;
    let after = verify(&app, &auditor).await;
    assert_eq!(after["ok"], true, "{after}");
    // One record per attempt plus the auditor's second sign-in.
    assert_eq!(after["checked"].as_i64().unwrap(), before + 50 + 1);
});

db_test!(the_trail_is_filtered_and_paged, |app| {
    let auditor = app.login("auditor").await;
    app.login("office").await;
    let page = app.get_json("/api/v1/audit?page=1&page_size=5", &auditor).await;
    assert_eq!(page["items"].as_array().unwrap().len(), 5);
    assert_eq!(page["page_size"], 5);
    let seqs: Vec<i64> = page["items"].as_array().unwrap().iter().map(|r| r["seq"].as_i64().unwrap()).collect();
    assert!(seqs.windows(2).all(|w| w[0] > w[1]), "newest first");
    let logins = app.get_json("/api/v1/audit?action=auth.&actor_name=office", &auditor).await;
    assert_eq!(logins["total"], 1);
    let r = &logins["items"][0];
    assert_eq!(r["action"], "auth.login");
    assert_eq!(r["actor_roles"], "office");
    assert_eq!(r["client_ip"], "127.0.0.1");
    assert!(r["request_id"].is_string() && r["hash"].as_str().unwrap().len() == 64);
    let res = app.get_as("/api/v1/audit?page_size=500", &auditor).await;
    crate::helpers::assert_problem(res, 422, "validation_failed").await;
    let res = app.get_as("/api/v1/audit?from=yesterday", &auditor).await;
    crate::helpers::assert_problem(res, 400, "invalid_query").await;
});

// Times inside a record's before/after are written as the API writes times (RFC 3339, UTC, `Z`),
// so that an auditor's tools read them without guessing the zone.
db_test!(times_in_before_and_after_are_rfc3339_utc, |app| {
    let admin = app.login("sysadmin").await;
    let unit = app.unit_id("finance");
    let res = app.patch(&format!("/api/v1/units/{unit}"), &admin, &json!({"alias": "区国资局 (财政)"})).await;
    assert_eq!(res.status(), 200);
    let auditor = app.login("auditor").await;
    let page = app.get_json("/api/v1/audit?action=unit.update", &auditor).await;
    let record = &page["items"][0];
    for side in ["before", "after"] {
        let updated = record[side]["updated_at"].as_str().unwrap_or_else(|| panic!("{side}: {record}"));
        assert!(updated.ends_with('Z'), "{side}.updated_at = {updated}");
        assert!(chrono::DateTime::parse_from_rfc3339(updated).is_ok(), "{updated}");
    }
});

db_test!(refused_requests_are_audited_once_a_minute_per_actor_and_route, |app| {
    app.seed_demo_problems();
    let office = app.login("office").await;
    let unit = app.login("unit_finance").await;
    let all = app.get_json("/api/v1/issues?page_size=200", &office).await;
    let mine = app.get_json("/api/v1/issues?page_size=200", &unit).await;
    let visible: Vec<&Value> = mine["items"].as_array().unwrap().iter().map(|i| &i["id"]).collect();
    let other = all["items"].as_array().unwrap().iter().find(|i| !visible.contains(&&i["id"])).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // Another unit's problem, three times: 404 each time, one record (the minute's first).
    for _ in 0..3 {
        assert_eq!(app.get_as(&format!("/api/v1/issues/{other}"), &unit).await.status(), 404);
    }
    // No credentials at all; a role without the right.
    assert_eq!(app.get("/api/v1/issues").await.status(), 401);
    let leader = app.login("leader").await;
    assert_eq!(app.get_as("/api/v1/users", &leader).await.status(), 403);
    let auditor = app.login("auditor").await;
    let trail = app.get_json("/api/v1/audit?action=access.denied&page_size=100", &auditor).await;
    let items = trail["items"].as_array().unwrap();
    let not_found: Vec<&Value> = items.iter().filter(|r| r["result"] == "not_found").collect();
    assert_eq!(not_found.len(), 1, "{trail}");
    assert_eq!(not_found[0]["actor_name"], "unit_finance");
    assert_eq!(not_found[0]["entity_id"], "GET /api/v1/issues/{id}");
    assert_eq!(not_found[0]["after"]["path"], format!("/api/v1/issues/{other}"));
    assert!(not_found[0]["request_id"].is_string(), "{trail}");
    assert!(items.iter().any(|r| r["result"] == "unauthenticated" && r["actor_kind"] == "anonymous"), "{trail}");
    assert!(items.iter().any(|r| r["result"] == "denied" && r["actor_name"] == "leader"), "{trail}");
    // The chain still verifies.
    assert_eq!(app.get_json("/api/v1/audit/verify", &auditor).await["ok"], true);
});
