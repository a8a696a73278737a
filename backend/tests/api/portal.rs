//! Portal integration (#21): query strings checked against each operation's documented
//! parameters.

use serde_json::{Value, json};

use crate::{db_test, helpers::assert_problem};

db_test!(unknown_query_parameters_are_named, |app| {
    app.seed_demo_problems();
    let office = app.login("office").await;
    // A guessed parameter is refused, naming it, rather than silently answering everything.
    let body = assert_problem(
        app.get_as("/api/v1/issues?changed_after=2024-01-01T00:00:00Z&page_size=1", &office).await,
        400,
        "unknown_query_parameter",
    )
    .await;
    assert_eq!(body["errors"][0]["field"], "changed_after", "{body}");
    assert!(body["detail"].as_str().unwrap().contains("changed_after"), "{body}");
    // On every route, for every caller (also before signing in, and on a route without any).
    for path in ["/api/v1/units?foo=1", "/api/v1/issues/by-ref?source=x&ref=y&zzz=1", "/api/v1/dictionaries?x=1"] {
        let body = assert_problem(app.get_as(path, &office).await, 400, "unknown_query_parameter").await;
        assert!(["foo", "zzz", "x"].contains(&body["errors"][0]["field"].as_str().unwrap()), "{path}: {body}");
    }
    let anonymous = app.get("/api/v1/issues?bogus=1").await;
    assert_problem(anonymous, 400, "unknown_query_parameter").await;
    let body = assert_problem(app.get("/healthz?verbose=1").await, 400, "unknown_query_parameter").await;
    assert_eq!(body["errors"][0]["field"], "verbose");
    // A method the path does not have is 405 whatever its query (not another route's check).
    let res =
        app.request(reqwest::Method::PATCH, "/api/v1/issues/by-ref?source=complaint&ref=X", Some(&office), None).await;
    assert_eq!(res.status(), 405);
    // Documented parameters of both parameter types of one operation pass.
    assert_eq!(
        app.get_json("/api/v1/issues?page=1&page_size=5&sort=number&q=LY", &office).await["items"]
            .as_array()
            .unwrap()
            .len(),
        5
    );
});

db_test!(array_parameters_may_repeat, |app| {
    app.seed_demo_problems();
    let office = app.login("office").await;
    let total = |v: &Value| v["total"].as_i64().unwrap();
    let joined = app.get_json("/api/v1/issues?state=assigned,rectifying&page_size=1", &office).await;
    let repeated = app.get_json("/api/v1/issues?state=assigned&page_size=1&state=rectifying", &office).await;
    let assigned = app.get_json("/api/v1/issues?state=assigned&page_size=1", &office).await;
    let rectifying = app.get_json("/api/v1/issues?state=rectifying&page_size=1", &office).await;
    assert_eq!(total(&joined), total(&repeated));
    assert_eq!(total(&repeated), total(&assigned) + total(&rectifying));
    assert!(total(&assigned) > 0 && total(&rectifying) > 0);
    // The export takes the same filter.
    let res = app.get_as("/api/v1/exports/issues.csv?state=assigned&state=rectifying", &office).await;
    assert_eq!(res.status(), 200);
    // A bad state among repeated ones still names the parameter; a repeated scalar is refused.
    assert_problem(app.get_as("/api/v1/issues?state=assigned&state=open", &office).await, 422, "validation_failed")
        .await;
    assert_problem(app.get_as("/api/v1/issues?page=1&page=2", &office).await, 400, "invalid_query").await;
});

/// A client as the system administrator creates it, and one key with `scopes`: (client, secret).
async fn client_with_key(app: &crate::helpers::TestApp, admin: &str, name: &str, source: &str) -> (Value, String) {
    let res = app.post("/api/v1/integration-clients", Some(admin), &json!({"name": name, "source": source})).await;
    assert_eq!(res.status(), 201);
    let client: Value = res.json().await.unwrap();
    let secret = new_key(app, admin, &client).await;
    (client, secret)
}

async fn new_key(app: &crate::helpers::TestApp, admin: &str, client: &Value) -> String {
    let path = format!("/api/v1/integration-clients/{}/keys", client["id"].as_str().unwrap());
    let res = app.post(&path, Some(admin), &json!({"scopes": ["issues:read", "issues:write"]})).await;
    assert_eq!(res.status(), 201);
    let created: Value = res.json().await.unwrap();
    assert_eq!(created["key"]["client_id"], client["id"], "{created}");
    created["secret"].as_str().unwrap().to_owned()
}

fn complaint(r: &str) -> Value {
    json!({"title": "门户转来的投诉: 工程款逾期未付", "description": "企业反映验收合格后逾期未付。",
        "category": "agency_arrears", "problem_type": "agency_delay", "enterprise_name": "随州市某建筑公司",
        "source": "complaint", "source_ref": r})
}

db_test!(clients_own_a_source_and_keep_problems_across_keys, |app| {
    let admin = app.login("sysadmin").await;
    let office = app.login("office").await;
    // Only the system administrator manages clients.
    let body = json!({"name": "12345热线", "source": "complaint"});
    assert_problem(app.post("/api/v1/integration-clients", Some(&office), &body).await, 403, "forbidden").await;
    let (client, first) = client_with_key(&app, &admin, "12345热线", "complaint").await;
    assert_eq!(client["source"], "complaint");
    assert_problem(app.post("/api/v1/integration-clients", Some(&admin), &body).await, 409, "duplicate_client_name")
        .await;
    let taken = json!({"name": "另一个平台", "source": "complaint"});
    assert_problem(app.post("/api/v1/integration-clients", Some(&admin), &taken).await, 409, "source_taken").await;
    let unknown = json!({"name": "另一个平台", "source": "no_such_source"});
    let bad =
        assert_problem(app.post("/api/v1/integration-clients", Some(&admin), &unknown).await, 422, "validation_failed")
            .await;
    assert_eq!(bad["errors"][0]["field"], "source");

    // A key registers its client's source by default, and no other.
    let res = app.post("/api/v1/issues", Some(&first), &complaint("TS-1")).await;
    assert_eq!(res.status(), 201);
    let created: Value = res.json().await.unwrap();
    assert_eq!(created["source"], "complaint");
    assert_eq!(created["view"], "public");
    let mut other = complaint("TS-2");
    other["source"] = json!("online");
    let bad = assert_problem(app.post("/api/v1/issues", Some(&first), &other).await, 422, "validation_failed").await;
    assert_eq!(bad["errors"][0]["field"], "source");

    // Rotation: a second key, the first revoked; the problem stays readable by id and by ref.
    let second = new_key(&app, &admin, &client).await;
    let old_id = {
        let got =
            app.get_json(&format!("/api/v1/integration-clients/{}", client["id"].as_str().unwrap()), &admin).await;
        assert_eq!(got["keys"].as_array().unwrap().len(), 2);
        assert_eq!(got["active_keys"], 2);
        got["keys"][1]["id"].as_str().unwrap().to_owned()
    };
    let res = app.post(&format!("/api/v1/api-keys/{old_id}/revoke"), Some(&admin), &json!({})).await;
    assert_eq!(res.status(), 204);
    assert_eq!(app.get_as("/api/v1/issues?page_size=5", &first).await.status(), 401);
    let id = created["id"].as_str().unwrap();
    assert_eq!(app.get_json(&format!("/api/v1/issues/{id}"), &second).await["number"], created["number"]);
    let by_ref = app.get_json("/api/v1/issues/by-ref?source=complaint&ref=TS-1", &second).await;
    assert_eq!(by_ref["id"], created["id"]);
    assert_eq!(app.get_json("/api/v1/issues", &second).await["total"], 1);
    // Another client's key does not see it.
    let (_, stranger) = client_with_key(&app, &admin, "省营商环境投诉平台", "online").await;
    assert_eq!(app.get_as(&format!("/api/v1/issues/{id}"), &stranger).await.status(), 404);
    assert_eq!(app.get_json("/api/v1/issues", &stranger).await["total"], 0);
    let list = app.get_json("/api/v1/integration-clients", &admin).await;
    assert_eq!(list.as_array().unwrap().len(), 2);
});

db_test!(keys_see_the_public_view_only, |app| {
    let admin = app.login("sysadmin").await;
    let (_, key) = client_with_key(&app, &admin, "12345热线", "complaint").await;
    let created: Value = app.post("/api/v1/issues", Some(&key), &complaint("TS-9")).await.json().await.unwrap();
    let id = created["id"].as_str().unwrap().to_owned();
    // The office assigns it with an internal comment; the unit accepts with its staff's names.
    let office = app.login("office").await;
    let education = app.unit_id("education");
    let deadline = (app.today() + chrono::Duration::days(30)).to_string();
    let res = app
        .post(
            &format!("/api/v1/issues/{id}/transitions"),
            Some(&office),
            &json!({"action": "assign",
            "responsible_unit_id": education, "deadline": deadline, "comment": "内部意见: 请局长亲自督办"}),
        )
        .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let unit = app.login("unit_education").await;
    let res = app
        .post(
            &format!("/api/v1/issues/{id}/transitions"),
            Some(&unit),
            &json!({"action": "accept",
            "measures": "内部整改措施", "responsible_leader": "王局长", "responsible_person": "李科长"}),
        )
        .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());

    let view = app.get_json(&format!("/api/v1/issues/{id}"), &key).await;
    let mut fields: Vec<&str> = view.as_object().unwrap().keys().map(String::as_str).collect();
    fields.sort_unstable();
    let mut expected = [
        "view",
        "id",
        "number",
        "title",
        "category",
        "category_label",
        "source",
        "source_ref",
        "enterprise_name",
        "state",
        "state_label",
        "closure_kind",
        "responsible_unit_name",
        "deadline",
        "created_at",
        "updated_at",
        "closed_at",
        "reply",
        "version",
    ];
    expected.sort_unstable();
    assert_eq!(fields, expected);
    assert_eq!(view["view"], "public");
    assert_eq!(view["id"], id.as_str());
    assert_eq!(view["number"], created["number"]);
    assert_eq!(view["title"], "门户转来的投诉: 工程款逾期未付");
    assert_eq!(view["category"], "agency_arrears");
    assert!(view["category_label"].as_str().is_some_and(|l| !l.is_empty()));
    assert_eq!(view["source"], "complaint");
    assert_eq!(view["source_ref"], "TS-9");
    assert_eq!(view["enterprise_name"], "随州市某建筑公司");
    assert_eq!(view["state"], "rectifying");
    assert_eq!(view["state_label"], "整改");
    assert_eq!(view["closure_kind"], Value::Null);
    assert_eq!(view["responsible_unit_name"], "区教育局");
    assert_eq!(view["deadline"], deadline.as_str());
    assert!(view["created_at"].is_string() && view["updated_at"].is_string());
    assert_eq!(view["closed_at"], Value::Null);
    assert!(view["version"].as_i64().unwrap() >= 3);
    assert_eq!(view["reply"], Value::Null);
    let text = view.to_string();
    for secret in ["王局长", "李科长", "内部整改措施", "内部意见", "unit_education", "office"] {
        assert!(!text.contains(secret), "{secret} leaked: {text}");
    }
    // The same view by reference and in the list; no timeline (it holds comments and names).
    assert_eq!(app.get_json("/api/v1/issues/by-ref?source=complaint&ref=TS-9", &key).await, view);
    assert_eq!(app.get_json("/api/v1/issues", &key).await["items"][0], view);
    assert_problem(app.get_as(&format!("/api/v1/issues/{id}/timeline"), &key).await, 403, "forbidden").await;
    // Staff still get the full read model.
    assert_eq!(app.get_json(&format!("/api/v1/issues/{id}"), &office).await["responsible_person"], "李科长");
    // Reference data with any key.
    let dicts = app.get_json("/api/v1/dictionaries", &key).await;
    assert!(dicts["categories"].as_array().unwrap().iter().any(|d| d["code"] == "agency_arrears"), "{dicts}");
    let catalogue = app.get_json("/api/v1/catalogue", &key).await;
    let arrears = catalogue
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["code"] == "agency_arrears")
        .unwrap_or_else(|| panic!("{catalogue}"));
    assert!(arrears["description"].as_str().unwrap().contains("问题类型"), "{arrears}");
    assert!(arrears["problem_types"].as_array().unwrap().iter().any(|t| t["code"] == "agency_delay"));
    assert_eq!(app.get_as("/api/v1/units", &key).await.status(), 403);
});

/// Keys of the previous release, on problems of its demo data: two keys of one source, one key
/// of two sources, one key that registered nothing.
fn keys_of_release_1(schema: &str) -> String {
    let key = |id: &str, name: &str, secret: &str| {
        format!(
            "INSERT INTO {schema}api_keys VALUES ('{id}', '{name}', (SELECT id FROM {schema}units WHERE code = 'yingshang'), \
             'issues:read,issues:write', '{}', '{}', 'sysadmin', '2026-01-01 00:00:00', NULL, NULL, NULL);\n",
            &secret[..10],
            lvyue::auth::tokens::digest(secret)
        )
    };
    let by = |id: &str, number: &str, source: &str| {
        format!(
            "UPDATE {schema}issues SET created_by_kind = 'api_key', created_by_id = '{id}', source = '{source}' \
             WHERE number = '{number}';\n"
        )
    };
    [
        key("01a00000-0000-7000-8000-000000000001", "门户一号", "lvk_one_0000000000000000000001"),
        key("01a00000-0000-7000-8000-000000000002", "门户二号", "lvk_two_0000000000000000000002"),
        key("01a00000-0000-7000-8000-000000000003", "脚本", "lvk_mix_0000000000000000000003"),
        key("01a00000-0000-7000-8000-000000000004", "闲置", "lvk_idl_0000000000000000000004"),
        by("01a00000-0000-7000-8000-000000000001", "LY2024-00002", "complaint"),
        by("01a00000-0000-7000-8000-000000000002", "LY2024-00003", "complaint"),
        by("01a00000-0000-7000-8000-000000000003", "LY2024-00004", "complaint"),
        by("01a00000-0000-7000-8000-000000000003", "LY2024-00005", "online"),
    ]
    .concat()
}

async fn keys_are_carried_into_clients(backend: crate::helpers::Backend, dump: &str, schema: &str) {
    let dump = format!("{dump}\n{}", keys_of_release_1(schema));
    let Some((app, ())) = crate::helpers::TestApp::spawn_from_dump(backend, &dump, |_| ()).await else { return };
    let admin = app.login("sysadmin").await;
    let clients = app.get_json("/api/v1/integration-clients", &admin).await;
    let clients = clients.as_array().unwrap();
    assert_eq!(clients.len(), 3, "{clients:?}");
    let find = |name: &str| clients.iter().find(|c| c["name"] == name).unwrap_or_else(|| panic!("{name}: {clients:?}"));
    // One client for the source both portal keys registered, holding both keys.
    let complaint = find("来源 complaint");
    assert_eq!(complaint["id"], "01a00000-0000-7000-8000-000000000001");
    assert_eq!(complaint["source"], "complaint");
    assert_eq!(complaint["keys"].as_array().unwrap().len(), 2);
    // A key of two sources, and one of none: a client each, registering any source as before.
    let mixed = find("脚本 · lvk_mix_00");
    assert_eq!(mixed["source"], Value::Null);
    assert_eq!(mixed["keys"][0]["id"], "01a00000-0000-7000-8000-000000000003");
    assert_eq!(find("闲置 · lvk_idl_00")["keys"].as_array().unwrap().len(), 1);
    // Each portal key now sees what either registered; the mixed key still sees its own two.
    for secret in ["lvk_one_0000000000000000000001", "lvk_two_0000000000000000000002"] {
        let list = app.get_json("/api/v1/issues?sort=number", secret).await;
        let numbers: Vec<&str> =
            list["items"].as_array().unwrap().iter().map(|i| i["number"].as_str().unwrap()).collect();
        assert_eq!(numbers, ["LY2024-00002", "LY2024-00003"]);
    }
    assert_eq!(app.get_json("/api/v1/issues", "lvk_mix_0000000000000000000003").await["total"], 2);
    assert_eq!(app.get_json("/api/v1/issues", "lvk_idl_0000000000000000000004").await["total"], 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn release_1_sqlite_keys_are_carried_into_clients() {
    keys_are_carried_into_clients(
        crate::helpers::Backend::Sqlite,
        include_str!("../fixtures/release-1/sqlite.sql"),
        "",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn release_1_postgres_keys_are_carried_into_clients() {
    keys_are_carried_into_clients(
        crate::helpers::Backend::Postgres,
        include_str!("../fixtures/release-1/postgres.sql"),
        "public.",
    )
    .await;
}

db_test!(re_pushes_are_idempotent_or_supplements, |app| {
    let admin = app.login("sysadmin").await;
    let (_, key) = client_with_key(&app, &admin, "12345热线", "complaint").await;
    let res = app.post("/api/v1/issues", Some(&key), &complaint("TS-7")).await;
    assert_eq!(res.status(), 201);
    let created: Value = res.json().await.unwrap();
    let id = created["id"].as_str().unwrap().to_owned();
    // Unchanged: 200 with the problem, nothing written.
    let res = app.post("/api/v1/issues", Some(&key), &complaint("TS-7")).await;
    assert_eq!(res.status(), 200);
    let again: Value = res.json().await.unwrap();
    assert_eq!(again, created);
    // A person re-registering the reference: 409 naming the problem, as before.
    let office = app.login("office").await;
    let mut by_person = complaint("TS-7");
    by_person["source"] = json!("complaint");
    let dup =
        assert_problem(app.post("/api/v1/issues", Some(&office), &by_person).await, 409, "duplicate_source_ref").await;
    assert_eq!(dup["existing_id"], id.as_str());
    // Assigned to 区教育局, then the enterprise adds information.
    let deadline = (app.today() + chrono::Duration::days(30)).to_string();
    let assign = json!({"action": "assign", "responsible_unit_id": app.unit_id("education"), "deadline": deadline});
    assert_eq!(app.post(&format!("/api/v1/issues/{id}/transitions"), Some(&office), &assign).await.status(), 200);
    let mut changed = complaint("TS-7");
    changed["description"] = json!("企业补充: 已多次书面催告, 附催款函。");
    changed["amount_involved_fen"] = json!(5_000_000);
    let res = app.post("/api/v1/issues", Some(&key), &changed).await;
    assert_eq!(res.status(), 200);
    let supplemented: Value = res.json().await.unwrap();
    assert_eq!(supplemented["id"], id.as_str());
    assert!(supplemented["version"].as_i64() > created["version"].as_i64());
    // The same changed content again is idempotent.
    assert_eq!(app.post("/api/v1/issues", Some(&key), &changed).await.status(), 200);
    let timeline = app.get_json(&format!("/api/v1/issues/{id}/timeline"), &office).await;
    let entries: Vec<&Value> = timeline.as_array().unwrap().iter().filter(|e| e["kind"] == "supplement").collect();
    assert_eq!(entries.len(), 1, "{timeline}");
    assert_eq!(entries[0]["action_label"], "补充材料");
    assert_eq!(entries[0]["payload"]["description"]["to"], "企业补充: 已多次书面催告, 附催款函。");
    assert_eq!(entries[0]["payload"]["amount_involved_fen"]["from"], 0);
    assert_eq!(entries[0]["payload"]["amount_involved_fen"]["to"], 5_000_000);
    assert!(entries[0]["payload"].get("title").is_none(), "only the changed fields");
    // The problem itself keeps its fields; the responsible unit is told; one outbox event.
    let full = app.get_json(&format!("/api/v1/issues/{id}"), &office).await;
    assert_eq!(full["description"], "企业反映验收合格后逾期未付。");
    let unit = app.login("unit_education").await;
    let notes = app.get_json("/api/v1/notifications", &unit).await;
    assert!(notes.to_string().contains("补充材料"), "{notes}");
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM outbox_events WHERE kind = 'issue.supplemented'"), 1);
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM issues"), 1);
});

db_test!(concurrent_re_pushes_answer_as_sequential_ones, |app| {
    let admin = app.login("sysadmin").await;
    let (_, key) = client_with_key(&app, &admin, "12345热线", "complaint").await;
    let push = |body: Value| {
        let (client, url, key) = (app.client.clone(), app.url("/api/v1/issues"), key.clone());
        tokio::spawn(
            async move { client.post(url).bearer_auth(key).json(&body).send().await.unwrap().status().as_u16() },
        )
    };
    let tasks: Vec<_> = (0..8).map(|_| push(complaint("TS-RACE"))).collect();
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.unwrap());
    }
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 200, 200, 200, 200, 200, 200, 201], "one registration, the rest idempotent");
    let mut changed = complaint("TS-RACE");
    changed["title"] = json!("门户转来的投诉: 工程款逾期未付 (补充)");
    let tasks: Vec<_> = (0..6).map(|_| push(changed.clone())).collect();
    for t in tasks {
        assert_eq!(t.await.unwrap(), 200);
    }
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM issues"), 1);
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM issue_supplements"), 1, "one supplement for one change");
});

/// The example client, authenticated with a client's key: registers, reads the public view
/// back, and re-pushes idempotently.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn example_client_works_with_a_client_key() {
    let app = crate::helpers::TestApp::spawn(crate::helpers::Backend::Sqlite).await.unwrap();
    let admin = app.login("sysadmin").await;
    let (_, key) = client_with_key(&app, &admin, "12345热线", "complaint").await;
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/lvyue_client.py");
    let url = app.address.clone();
    let out = tokio::task::spawn_blocking(move || {
        std::process::Command::new("python3").arg(script).args(["--url", &url, "--api-key", &key]).output().unwrap()
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("public view") && stdout.contains("200, unchanged"), "{stdout}");
}

/// The payloads of the outbox events of one kind, oldest first.
fn events_of(app: &crate::helpers::TestApp, kind: &str) -> Vec<Value> {
    use diesel::RunQueryDsl;
    #[derive(diesel::QueryableByName)]
    struct Row {
        #[diesel(sql_type = diesel::sql_types::Text)]
        payload_json: String,
    }
    let mut c = app.conn();
    let c: &mut lvyue::db::DbConnection = &mut c;
    diesel::sql_query(format!("SELECT payload_json FROM outbox_events WHERE kind = '{kind}' ORDER BY seq"))
        .load::<Row>(c)
        .unwrap()
        .into_iter()
        .map(|r| serde_json::from_str(&r.payload_json).unwrap())
        .collect()
}

db_test!(the_reply_to_the_enterprise_reaches_the_portal, |app| {
    let admin = app.login("sysadmin").await;
    let (_, key) = client_with_key(&app, &admin, "12345热线", "complaint").await;
    let created: Value = app.post("/api/v1/issues", Some(&key), &complaint("TS-R")).await.json().await.unwrap();
    let id = created["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/issues/{id}/reply");
    let put = |token: String, body: Value| {
        let (client, url) = (app.client.clone(), app.url(&path));
        async move { client.put(url).bearer_auth(token).json(&body).send().await.unwrap() }
    };
    let office = app.login("office").await;
    let unit = app.login("unit_education").await;
    let transition = |token: String, body: Value| {
        let (client, url) = (app.client.clone(), app.url(&format!("/api/v1/issues/{id}/transitions")));
        async move { client.post(url).bearer_auth(token).json(&body).send().await.unwrap().status().as_u16() }
    };
    let deadline = (app.today() + chrono::Duration::days(30)).to_string();
    let assign = json!({"action": "assign", "responsible_unit_id": app.unit_id("education"), "deadline": deadline});
    assert_eq!(transition(office.clone(), assign).await, 200);
    // The unit writes it only while rectifying; a key and other units never.
    let text = json!({"body": "经核查, 区教育局将于本月底前支付全部工程款。"});
    assert_problem(put(unit.clone(), text.clone()).await, 403, "forbidden").await;
    assert_problem(put(key.clone(), text.clone()).await, 403, "forbidden").await;
    let accept = json!({"action": "accept", "measures": "筹措资金支付", "responsible_person": "李科长"});
    assert_eq!(transition(unit.clone(), accept).await, 200);
    assert_problem(put(app.login("unit_finance").await, text.clone()).await, 404, "not_found").await;
    let res = put(unit.clone(), text.clone()).await;
    assert_eq!(res.status(), 200);
    assert_problem(put(unit.clone(), json!({"body": "  "})).await, 422, "validation_failed").await;
    let view = app.get_json(&format!("/api/v1/issues/{id}"), &key).await;
    assert_eq!(view["reply"]["body"], "经核查, 区教育局将于本月底前支付全部工程款。");
    assert!(!view.to_string().contains("李科长"));
    let replied = events_of(&app, "issue.replied");
    assert_eq!(replied.len(), 1);
    assert_eq!(replied[0]["reply"]["body"], "经核查, 区教育局将于本月底前支付全部工程款。");
    // The office has the last word; the closed event carries it.
    crate::attachments::upload_evidence(&app, &unit, &id).await;
    let submit = json!({"action": "submit", "comment": "已支付"});
    assert_eq!(transition(unit.clone(), submit).await, 200);
    let final_text = json!({"body": "工程款已于 6 月 30 日全部支付, 问题已销号。"});
    assert_eq!(put(office.clone(), final_text).await.status(), 200);
    assert_eq!(
        transition(office.clone(), json!({"action": "approve", "comment": "核查属实", "verification": app.verified()}))
            .await,
        200
    );
    let closed = events_of(&app, "issue.closed");
    assert_eq!(closed.len(), 1);
    assert_eq!(closed[0]["reply"]["body"], "工程款已于 6 月 30 日全部支付, 问题已销号。");
    let list = app.get_json("/api/v1/issues", &key).await;
    assert_eq!(list["items"][0]["reply"]["body"], "工程款已于 6 月 30 日全部支付, 问题已销号。");
    assert_eq!(list["items"][0]["state"], "closed");
    let timeline = app.get_json(&format!("/api/v1/issues/{id}/timeline"), &office).await;
    let replies = timeline.as_array().unwrap().iter().filter(|e| e["kind"] == "reply").count();
    assert_eq!(replies, 2);
});

async fn feed(app: &crate::helpers::TestApp, token: &str, query: &str) -> Value {
    app.get_json(&format!("/api/v1/issues?{query}"), token).await
}

fn numbers(page: &Value) -> Vec<String> {
    page["items"].as_array().unwrap().iter().map(|i| i["number"].as_str().unwrap().to_owned()).collect()
}

db_test!(the_change_feed_follows_changes_with_a_cursor, |app| {
    let admin = app.login("sysadmin").await;
    let (_, key) = client_with_key(&app, &admin, "12345热线", "complaint").await;
    let (_, other) = client_with_key(&app, &admin, "省营商环境投诉平台", "online").await;
    let mut created = Vec::new();
    for r in ["F-1", "F-2", "F-3"] {
        let body: Value = app.post("/api/v1/issues", Some(&key), &complaint(r)).await.json().await.unwrap();
        created.push(body["number"].as_str().unwrap().to_owned());
    }
    let first = feed(&app, &key, "updated_since=2000-01-01T00:00:00Z&page_size=2").await;
    assert_eq!(numbers(&first), created[..2]);
    assert_eq!(first["has_more"], true);
    assert_eq!(first["items"][0]["view"], "public");
    let cursor = first["next_cursor"].as_str().unwrap();
    let second = feed(&app, &key, &format!("cursor={cursor}&page_size=2")).await;
    assert_eq!(numbers(&second), created[2..]);
    assert_eq!(second["has_more"], false);
    let cursor = second["next_cursor"].as_str().unwrap().to_owned();
    let idle = feed(&app, &key, &format!("cursor={cursor}")).await;
    assert_eq!(numbers(&idle), Vec::<String>::new());
    assert_eq!(idle["next_cursor"], cursor.as_str(), "nothing new: the same position");
    // A change by the office shows up after the cursor, in its current state.
    let office = app.login("office").await;
    let id =
        app.get_json("/api/v1/issues/by-ref?source=complaint&ref=F-2", &key).await["id"].as_str().unwrap().to_owned();
    let deadline = (app.today() + chrono::Duration::days(30)).to_string();
    let assign = json!({"action": "assign", "responsible_unit_id": app.unit_id("education"), "deadline": deadline});
    assert_eq!(app.post(&format!("/api/v1/issues/{id}/transitions"), Some(&office), &assign).await.status(), 200);
    let next = feed(&app, &key, &format!("cursor={cursor}")).await;
    assert_eq!(numbers(&next), [created[1].clone()]);
    assert_eq!(next["items"][0]["state"], "assigned");
    // Staff follow the same feed with their read model; another client sees none of these.
    let staff = feed(&app, &office, &format!("cursor={cursor}")).await;
    assert!(staff["items"][0]["group_name"].is_string(), "{staff}");
    assert_eq!(numbers(&feed(&app, &other, "updated_since=2000-01-01T00:00:00Z").await), Vec::<String>::new());
    // A time after every change: an empty page whose cursor continues from now.
    let later = feed(&app, &key, "updated_since=2100-01-01T00:00:00Z").await;
    assert_eq!(later["items"].as_array().unwrap().len(), 0);
    let body = assert_problem(app.get_as("/api/v1/issues?cursor=nonsense", &key).await, 422, "validation_failed").await;
    assert_eq!(body["errors"][0]["field"], "cursor");
    assert_problem(app.get_as("/api/v1/issues?updated_since=yesterday", &key).await, 400, "invalid_query").await;
});

db_test!(if_none_match_answers_304_until_something_changes, |app| {
    let admin = app.login("sysadmin").await;
    let (_, key) = client_with_key(&app, &admin, "12345热线", "complaint").await;
    let created: Value = app.post("/api/v1/issues", Some(&key), &complaint("E-1")).await.json().await.unwrap();
    let path = format!("/api/v1/issues/{}", created["id"].as_str().unwrap());
    let get = |path: String, etag: Option<String>| {
        let (client, url, key) = (app.client.clone(), app.url(&path), key.clone());
        async move {
            let mut req = client.get(url).bearer_auth(key);
            if let Some(e) = etag {
                req = req.header("if-none-match", e);
            }
            req.send().await.unwrap()
        }
    };
    let res = get(path.clone(), None).await;
    let etag = res.headers()["etag"].to_str().unwrap().to_owned();
    let res = get(path.clone(), Some(etag.clone())).await;
    assert_eq!(res.status(), 304);
    assert!(res.bytes().await.unwrap().is_empty());
    let list = get("/api/v1/issues".into(), None).await;
    let list_etag = list.headers()["etag"].to_str().unwrap().to_owned();
    assert_eq!(get("/api/v1/issues".into(), Some(list_etag.clone())).await.status(), 304);
    // The office replies: the read and the page change.
    let office = app.login("office").await;
    let res = app
        .client
        .put(app.url(&format!("{path}/reply")))
        .bearer_auth(&office)
        .json(&json!({"body": "已受理, 正在核查。"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(get(path.clone(), Some(etag)).await.status(), 200);
    assert_eq!(get("/api/v1/issues".into(), Some(list_etag)).await.status(), 200);
});

/// On PostgreSQL a change whose transaction holds the outbox position commits before any later
/// position becomes visible: a reader waiting on its cursor sees it, never skips it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_feed_never_skips_a_late_commit_on_postgres() {
    use diesel::{Connection, connection::SimpleConnection};
    let Some(app) = crate::helpers::TestApp::spawn(crate::helpers::Backend::Postgres).await else { return };
    let admin = app.login("sysadmin").await;
    let (_, key) = client_with_key(&app, &admin, "12345热线", "complaint").await;
    assert_eq!(app.post("/api/v1/issues", Some(&key), &complaint("L-0")).await.status(), 201);
    let cursor =
        feed(&app, &key, "updated_since=2000-01-01T00:00:00Z").await["next_cursor"].as_str().unwrap().to_owned();
    // Another transaction holds the outbox position (as a slow change would).
    let mut holder = diesel::PgConnection::establish(&app.database_url()).unwrap();
    holder.batch_execute("BEGIN; SELECT value FROM counters WHERE key = 'outbox' FOR UPDATE;").unwrap();
    let (client, url, k) = (app.client.clone(), app.url("/api/v1/issues"), key.clone());
    let late = tokio::spawn(async move {
        client.post(url).bearer_auth(k).json(&complaint("L-1")).send().await.unwrap().status().as_u16()
    });
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let meanwhile = feed(&app, &key, &format!("cursor={cursor}")).await;
    assert_eq!(meanwhile["items"].as_array().unwrap().len(), 0);
    assert_eq!(meanwhile["next_cursor"], cursor.as_str(), "the position does not move past the pending change");
    holder.batch_execute("COMMIT").unwrap();
    assert_eq!(late.await.unwrap(), 201);
    let after = feed(&app, &key, &format!("cursor={cursor}")).await;
    assert_eq!(after["items"][0]["source_ref"], "L-1");
}
