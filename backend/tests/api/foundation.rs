use crate::db_test;
use crate::helpers::assert_problem;

db_test!(healthz_answers, |app| {
    let res = app.get("/healthz").await;
    assert_eq!(res.status(), 200);
    assert!(res.headers().contains_key("x-request-id"));
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["status"], "ok");
});

db_test!(readyz_names_the_backend, |app| {
    let res = app.get("/readyz").await;
    assert_eq!(res.status(), 200);
    let body: serde_json::Value = res.json().await.unwrap();
    let expected = match app.backend {
        crate::helpers::Backend::Sqlite => "sqlite",
        crate::helpers::Backend::Postgres => "postgres",
    };
    assert_eq!(body["database"], expected);
});

db_test!(trace_is_405_problem_with_allow, |app| {
    let res = app.client.request(reqwest::Method::TRACE, app.url("/healthz")).send().await.unwrap();
    let allow = res.headers().get("allow").unwrap().to_str().unwrap().to_owned();
    assert_eq!(allow, "GET, HEAD");
    assert_problem(res, 405, "method_not_allowed").await;
});

db_test!(unknown_route_is_404_problem, |app| {
    let res = app.get("/api/v1/nothing-here").await;
    assert_problem(res, 404, "not_found").await;
    // Without a built SPA, browser paths are 404 too.
    let res = app.get("/some/page").await;
    assert_problem(res, 404, "not_found").await;
});

db_test!(head_is_answered_where_get_is, |app| {
    let res = app.client.head(app.url("/healthz")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.bytes().await.unwrap().is_empty());
});

db_test!(request_id_is_echoed_when_sane, |app| {
    let res = app.client.get(app.url("/healthz")).header("x-request-id", "portal-123").send().await.unwrap();
    assert_eq!(res.headers()["x-request-id"], "portal-123");
    let res = app.client.get(app.url("/healthz")).header("x-request-id", "bad id!").send().await.unwrap();
    assert_ne!(res.headers()["x-request-id"], "bad id!");
});

db_test!(units_table_exists_on_both_backends, |app| {
    use diesel::prelude::*;
    use lvyue::db::{UnitId, schema::units};
    let mut conn = app.conn();
    let now = app.clock.now();
    let unit = lvyue::store::units::Unit {
        id: UnitId::new(),
        code: "soe_water".into(),
        name: "区水务集团".into(),
        alias: Some("区水投".into()),
        kind: lvyue::domain::org::UnitKind::Soe,
        active: true,
        sort_order: 1,
        created_at: now,
        updated_at: now,
    };
    lvyue::store::units::insert(&mut conn, &unit).unwrap();
    let back = lvyue::store::units::find_by_name(&mut conn, "区水投").unwrap().unwrap();
    assert_eq!(back.id, unit.id);
    assert_eq!(back.created_at, now, "timestamps keep microseconds on both backends");
    let dup = lvyue::store::units::insert(&mut conn, &lvyue::store::units::Unit { id: UnitId::new(), ..unit.clone() });
    assert!(dup.is_err(), "unit codes are unique");
    let count: i64 =
        units::table.filter(units::kind.eq(lvyue::domain::org::UnitKind::Soe)).count().get_result(&mut *conn).unwrap();
    assert_eq!(count, 3, "two seeded state-owned enterprises and this one");
});

db_test!(failed_write_transactions_leave_nothing, |app| {
    use lvyue::db::UnitId;
    let mut conn = app.conn();
    let now = app.clock.now();
    let result: Result<(), diesel::result::Error> = conn.write_tx(|c| {
        let unit = lvyue::store::units::Unit {
            id: UnitId::new(),
            code: "tx".into(),
            name: "事务测试".into(),
            alias: None,
            kind: lvyue::domain::org::UnitKind::Town,
            active: true,
            sort_order: 0,
            created_at: now,
            updated_at: now,
        };
        lvyue::store::units::insert(c, &unit)?;
        Err(diesel::result::Error::RollbackTransaction)
    });
    assert!(result.is_err());
    assert!(lvyue::store::units::find_by_code(&mut conn, "tx").unwrap().is_none());
});

#[test]
fn committed_openapi_matches_the_code() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../openapi/openapi.json");
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    let current = format!("{}\n", lvyue::cli::openapi_json());
    assert!(
        committed == current,
        "openapi/openapi.json is out of date: regenerate it with `make openapi` (cargo run -q -p lvyue -- openapi > openapi/openapi.json)"
    );
}

/// When PostgreSQL goes away after start, /readyz answers 503, and recovers by itself.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readyz_follows_the_database_on_postgres() {
    let Some(app) = crate::helpers::TestApp::spawn_bare(crate::helpers::Backend::Postgres).await else {
        return;
    };
    assert_eq!(app.get("/readyz").await.status(), 200);
    app.pg_admin_exec(|db| {
        format!(
            "ALTER DATABASE \"{db}\" ALLOW_CONNECTIONS false; \
             SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{db}' AND pid <> pg_backend_pid();"
        )
    });
    let res = app.get("/readyz").await;
    assert_problem(res, 503, "database_unavailable").await;
    // The process itself is still alive.
    assert_eq!(app.get("/healthz").await.status(), 200);
    app.pg_admin_exec(|db| format!("ALTER DATABASE \"{db}\" ALLOW_CONNECTIONS true;"));
    let mut status = 0;
    for _ in 0..20 {
        status = app.get("/readyz").await.status().as_u16();
        if status == 200 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    }
    assert_eq!(status, 200, "readyz recovers without a restart");
}
