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
            app.exec(&format!("DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = {checked};"));
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
    // The demo administrators' right passwords answer 202 (a second factor follows).
    assert_eq!(statuses.iter().filter(|s| matches!(**s, 200 | 202)).count(), 40, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == 401).count(), 10, "{statuses:?}");
    let auditor = app.login("auditor").await;
    let after = verify(&app, &auditor).await;
    assert_eq!(after["ok"], true, "{after}");
    // One record per attempt plus the auditor's second sign-in (its password, then its code).
    assert_eq!(after["checked"].as_i64().unwrap(), before + 50 + 2);
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

// A problem's timeline is append-only too (#15): its transitions, progress reports and urges
// can be neither changed nor removed, short of the database owner dropping the triggers.
db_test!(the_timeline_refuses_updates_and_deletes, |app| {
    use diesel::connection::SimpleConnection;
    assert!(app.seed_demo_problems() > 0);
    let mut conn = app.conn();
    let conn: &mut lvyue::db::DbConnection = &mut conn;
    assert!(app.count("SELECT COUNT(*) AS n FROM issue_transitions") > 0);
    assert!(app.count("SELECT COUNT(*) AS n FROM issue_progress") > 0);
    for (table, column) in [("issue_transitions", "comment"), ("issue_progress", "note"), ("issue_urges", "message")] {
        if app.count(&format!("SELECT COUNT(*) AS n FROM {table}")) == 0 {
            continue;
        }
        let update = conn.batch_execute(&format!("UPDATE {table} SET {column} = 'rewritten'"));
        assert!(update.unwrap_err().to_string().contains("append-only"), "{table}");
        let delete = conn.batch_execute(&format!("DELETE FROM {table}"));
        assert!(delete.unwrap_err().to_string().contains("append-only"), "{table}");
    }
    if app.backend == Backend::Postgres {
        for table in ["issue_transitions", "issue_progress", "issue_urges"] {
            assert!(conn.batch_execute(&format!("TRUNCATE {table} CASCADE")).is_err(), "{table}");
        }
    }
    // Appending goes on: the problems still move.
    let office = app.login("office").await;
    let list = app.get_json("/api/v1/issues?page_size=1", &office).await;
    assert!(list["total"].as_i64().unwrap() > 0);
});

/// `lvyue audit verify` beside the test's server: with the test servers' key, or without any
/// (`with_key = false`; answers its exit status and output).
fn cli_verify(app: &TestApp, with_key: bool) -> (bool, String) {
    let url = match app.backend {
        Backend::Postgres => app.database_url(),
        Backend::Sqlite => format!("sqlite://{}", app.data_dir.join("lvyue.db").display()),
    };
    let dir = app.data_dir.join("cli");
    std::fs::create_dir_all(&dir).unwrap();
    let mut cmd = crate::process::lvyue(&dir);
    cmd.args(["audit", "verify"]).env("DATABASE_URL", url).env("LVYUE_DATA_DIR", &dir);
    if with_key {
        cmd.env("LVYUE_AUDIT_KEY", crate::helpers::TEST_AUDIT_KEY);
    }
    let out = cmd.output().unwrap();
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (out.status.success(), text)
}

/// Lifts the append-only guard of the audit tables, as the database owner could.
fn drop_guards(app: &TestApp) {
    match app.backend {
        Backend::Postgres => app.exec(
            "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update; \
             ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_truncate;",
        ),
        Backend::Sqlite => app.exec("DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;"),
    }
}

/// The records from `from` on, as stored.
fn records_from(app: &TestApp, from: i64) -> Vec<lvyue::audit::Record> {
    use diesel::prelude::*;
    use lvyue::db::schema::audit_log;
    let mut conn = app.conn();
    let conn: &mut lvyue::db::DbConnection = &mut conn;
    audit_log::table
        .filter(audit_log::seq.ge(from))
        .order(audit_log::seq)
        .select(lvyue::audit::Record::as_select())
        .load(conn)
        .unwrap()
}

fn quoted(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

// The insider of the issue: edits one record, then recomputes every later chain value with
// plain SHA-256 (the published rule of the earlier releases) and fixes the head, all in the
// database. The keyed chain names the first altered record, through the API and the CLI.
db_test!(a_chain_recomputed_without_the_key_is_found, |app| {
    let auditor = app.login("auditor").await;
    for user in ["office", "leader", "unit_fuhe", "sysadmin", "secadmin"] {
        app.login(user).await;
    }
    let before = verify(&app, &auditor).await;
    assert_eq!(before["ok"], true, "{before}");
    assert_eq!(before["checked_against"]["key"], true, "{before}");
    let checked = before["checked"].as_i64().unwrap();
    let target = checked - 4;
    drop_guards(&app);
    let mut prev: Option<String> = None;
    let mut statements = Vec::new();
    for mut r in records_from(&app, target) {
        if r.seq == target {
            r.actor_name = Some("someone_else".into());
        }
        if let Some(p) = prev {
            r.prev_hash = p;
        }
        r.hash = lvyue::audit::compute_hash(&r);
        statements.push(format!(
            "UPDATE audit_log SET actor_name = {}, prev_hash = {}, hash = {} WHERE seq = {};",
            quoted(r.actor_name.as_deref().unwrap_or("")),
            quoted(&r.prev_hash),
            quoted(&r.hash),
            r.seq
        ));
        prev = Some(r.hash);
    }
    statements.push(format!("UPDATE audit_head SET last_hash = {} WHERE id = 1;", quoted(&prev.unwrap())));
    app.exec(&statements.join("\n"));

    let after = verify(&app, &auditor).await;
    assert_eq!(after["ok"], false, "{after}");
    assert_eq!(after["first_broken_seq"], target, "{after}");
    let (ok, out) = cli_verify(&app, true);
    assert!(!ok, "{out}");
    assert!(out.contains(&format!("at record {target}")), "{out}");
    // Without the key the CLI says it checked the structure only.
    let (_, out) = cli_verify(&app, false);
    assert!(out.contains("structure only"), "{out}");
});

// Deleting the last five records and fixing the head passes the head check; the signed
// checkpoint taken before finds it.
db_test!(the_last_records_removed_with_the_head_fixed_are_found, |app| {
    let auditor = app.login("auditor").await;
    for user in ["office", "leader", "unit_fuhe", "office", "leader", "unit_fuhe"] {
        app.login(user).await;
    }
    {
        let mut conn = app.conn();
        let conn: &mut lvyue::db::DbConnection = &mut conn;
        let key = lvyue::audit::key::installed().expect("the server installed its key");
        let cp = lvyue::audit::checkpoint::take(conn, key, app.clock.now(), true).unwrap();
        assert!(cp.is_some(), "a checkpoint at the head");
    }
    let checked = verify(&app, &auditor).await["checked"].as_i64().unwrap();
    let last = checked; // the verification itself appends nothing
    let keep = last - 5;
    drop_guards(&app);
    let kept = records_from(&app, keep).into_iter().next().unwrap();
    app.exec(&format!(
        "DELETE FROM audit_log WHERE seq > {keep}; UPDATE audit_head SET last_seq = {keep}, last_hash = {} WHERE id = 1;",
        quoted(&kept.hash)
    ));
    let after = verify(&app, &auditor).await;
    assert_eq!(after["ok"], false, "{after}");
    assert_eq!(after["first_broken_seq"], keep + 1, "{after}");
    assert!(after["reason"].as_str().unwrap().contains("检查点"), "{after}");
    let (ok, out) = cli_verify(&app, true);
    assert!(!ok && out.contains(&format!("at record {}", keep + 1)), "{out}");
});

/// `lvyue audit …` beside the test's server, with the test servers' key.
fn cli_audit(app: &TestApp, args: &[&str]) -> (bool, String) {
    let url = match app.backend {
        Backend::Postgres => app.database_url(),
        Backend::Sqlite => format!("sqlite://{}", app.data_dir.join("lvyue.db").display()),
    };
    let dir = app.data_dir.join("cli");
    std::fs::create_dir_all(&dir).unwrap();
    let out = crate::process::lvyue(&dir)
        .arg("audit")
        .args(args)
        .env("DATABASE_URL", url)
        .env("LVYUE_DATA_DIR", &dir)
        .env("LVYUE_AUDIT_KEY", crate::helpers::TEST_AUDIT_KEY)
        .output()
        .unwrap();
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (out.status.success(), text)
}

// An archive holds the chain up to a checkpoint and verifies offline; a record changed in it,
// or its end cut off, is found. Archiving deletes nothing.
db_test!(an_archive_verifies_offline_and_shows_tampering, |app| {
    for user in ["office", "leader", "unit_fuhe"] {
        app.login(user).await;
    }
    let records = app.count("SELECT COUNT(*) AS n FROM audit_log");
    let file = app.data_dir.join("audit-archive.jsonl");
    let path = file.display().to_string();
    let (ok, out) = cli_audit(&app, &["archive", "--before", "2999-01-01", "--to", &path]);
    assert!(ok, "{out}");
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM audit_log"), records, "nothing deleted");
    let (ok, out) = cli_audit(&app, &["archive", "--before", "2999-01-01", "--to", &path]);
    assert!(!ok, "never overwritten: {out}");
    let (ok, out) = cli_audit(&app, &["verify", "--archive", &path]);
    assert!(ok && out.contains("审计链完整"), "{out}");

    let text = std::fs::read_to_string(&file).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    // A record changed (the third line is record 2).
    let changed = lines[2].replacen("\"result\":\"success\"", "\"result\":\"failure\"", 1);
    assert_ne!(changed, lines[2]);
    let mut tampered = lines.clone();
    tampered[2] = &changed;
    std::fs::write(&file, tampered.join("\n") + "\n").unwrap();
    let (ok, out) = cli_audit(&app, &["verify", "--archive", &path]);
    assert!(!ok && out.contains("at record 2"), "{out}");
    // The last records cut off (the checkpoints kept).
    let records_in: Vec<&str> = lines.iter().copied().filter(|l| l.starts_with("{\"record\"")).collect();
    let checkpoints_in: Vec<&str> = lines.iter().copied().filter(|l| l.starts_with("{\"checkpoint\"")).collect();
    let mut cut = vec![lines[0]];
    cut.extend(&records_in[..records_in.len() - 2]);
    cut.extend(&checkpoints_in);
    std::fs::write(&file, cut.join("\n") + "\n").unwrap();
    let (ok, out) = cli_audit(&app, &["verify", "--archive", &path]);
    assert!(!ok && out.contains("broken"), "{out}");
});
