//! Operating the server from a fresh start: one step to a usable server on any database, the
//! shared key on PostgreSQL, `lvyue secret generate`, `lvyue healthcheck`, metrics and JSON
//! logs, and the SPA's static files.

use std::time::Duration;

use lvyue::{config::DatabaseUrl, db, ops::bootstrap::initial_password_path, store};
use serde_json::{Value, json};

use crate::{
    helpers::{Backend, TestApp, assert_problem},
    process::{FreshPg, Server, TempDir, client, lvyue, printed_password},
};

fn generate_secret(dir: &std::path::Path) -> String {
    let out = lvyue(dir).args(["secret", "generate"]).output().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

#[test]
fn secret_generate_prints_a_fresh_key() {
    let dir = TempDir::new("lvyue-ops");
    let (a, b) = (generate_secret(dir.path()), generate_secret(dir.path()));
    assert_eq!(a.len(), 128, "{a}");
    assert!(a.bytes().all(|c| c.is_ascii_hexdigit()));
    assert_ne!(a, b);
}

#[test]
fn postgres_serve_refuses_to_start_without_a_shared_key() {
    let dir = TempDir::new("lvyue-ops");
    // The check comes before any connection: no server is needed at that address.
    let out =
        lvyue(dir.path()).arg("serve").env("DATABASE_URL", "postgres://lvyue@127.0.0.1:1/lvyue").output().unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("LVYUE_JWT_SECRET") && stderr.contains("lvyue secret generate"), "{stderr}");
    assert!(!dir.path().join("data/jwt_secret").exists(), "no per-instance key is generated");
    // A key file that is too short is refused naming its variable.
    let file = dir.path().join("key");
    std::fs::write(&file, "short\n").unwrap();
    let out = lvyue(dir.path())
        .arg("serve")
        .env("DATABASE_URL", "postgres://lvyue@127.0.0.1:1/lvyue")
        .env("LVYUE_JWT_SECRET_FILE", &file)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("LVYUE_JWT_SECRET_FILE"));
}

/// `serve` on an empty database: migrates, seeds the organisation (no campaign), creates
/// `admin`, prints the password once and keeps it in a file named after the database until
/// the password is changed. A second start seeds nothing and prints nothing.
async fn empty_database_to_signed_in_admin(url: DatabaseUrl, dir: &TempDir, extra_env: &[(&str, &str)]) -> Server {
    let data_dir = dir.path().join("data");
    let url_text = match &url {
        DatabaseUrl::Sqlite(p) => format!("sqlite://{}", p.display()),
        DatabaseUrl::Postgres(u) => u.clone(),
    };
    let data_dir_text = data_dir.display().to_string();
    let mut env = vec![("DATABASE_URL", url_text.as_str()), ("LVYUE_DATA_DIR", data_dir_text.as_str())];
    env.extend_from_slice(extra_env);
    let server = Server::start(dir.path(), &env);
    let password =
        printed_password(&server.stdout()).unwrap_or_else(|| panic!("password printed:\n{}", server.stdout()));
    let file = initial_password_path(&data_dir, &url, "admin");
    assert_eq!(std::fs::read_to_string(&file).unwrap().trim(), password, "kept in {}", file.display());

    let pool = db::connect(&url, 1).unwrap();
    let mut conn = pool.get().unwrap();
    assert_eq!(store::users::count(&mut conn).unwrap(), 3, "one administrator of each kind (三员分立)");
    for username in ["security_admin", "audit_admin"] {
        assert!(initial_password_path(&data_dir, &url, username).exists(), "{username}'s password kept");
    }
    assert!(store::units::find_by_code(&mut conn, "yingshang").unwrap().is_some(), "organisation seeded");
    assert!(store::groups::find_by_code(&mut conn, "funds").unwrap().is_some(), "work groups seeded");
    let campaigns = store::campaigns::list(&mut conn).unwrap();
    assert!(
        campaigns.len() == 1 && campaigns[0].standing,
        "no campaign outside the demo data, only the standing 常态化监测: {campaigns:?}"
    );
    assert!(lvyue::audit::verify(&mut conn).unwrap().ok);
    drop(conn);

    let http = client();
    let res = http
        .post(server.url("/api/v1/auth/login"))
        .json(&json!({"username": "admin", "password": password}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let login: Value = res.json().await.unwrap();
    assert_eq!(login["user"]["must_change_password"], true, "{login}");
    let token = login["access_token"].as_str().unwrap();
    let res = http
        .post(server.url("/api/v1/auth/password"))
        .bearer_auth(token)
        .json(&json!({"current_password": password, "new_password": "Zengdu#Lvyue2025"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    assert!(!file.exists(), "the password file goes when the password is changed");
    let res = http
        .post(server.url("/api/v1/auth/login"))
        .json(&json!({"username": "admin", "password": "Zengdu#Lvyue2025"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    server
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_on_an_empty_postgres_database_prints_the_admin_password() {
    let Some(pg) = FreshPg::create() else { return };
    let dir = TempDir::new("lvyue-ops");
    let secret = generate_secret(dir.path());
    let server = empty_database_to_signed_in_admin(pg.database_url(), &dir, &[("LVYUE_JWT_SECRET", &secret)]).await;
    server.stop();
    // Restarting: nothing to seed, nothing printed, still the three administrators.
    let url = pg.url.clone();
    let again = Server::start(dir.path(), &[("DATABASE_URL", &url), ("LVYUE_JWT_SECRET", &secret)]);
    assert_eq!(printed_password(&again.stdout()), None, "{}", again.stdout());
    let pool = db::connect(&pg.database_url(), 1).unwrap();
    assert_eq!(store::users::count(&mut pool.get().unwrap()).unwrap(), 3);
    again.stop();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_on_an_empty_sqlite_database_with_json_logs_metrics_listener_and_healthcheck() {
    let dir = TempDir::new("lvyue-ops");
    let url = DatabaseUrl::Sqlite(dir.path().join("db/lvyue.db"));
    let server = empty_database_to_signed_in_admin(
        url,
        &dir,
        &[("LVYUE_LOG_FORMAT", "json"), ("LVYUE_METRICS_BIND", "127.0.0.1:0")],
    )
    .await;
    assert!(dir.path().join("data/jwt_secret").is_file(), "SQLite keeps its generated per-instance key");
    let http = client();

    // JSON logs: every line is an object; a request's lines carry its id.
    let res = http.get(server.url("/api/v1/units")).header("x-request-id", "ops-json-1").send().await.unwrap();
    assert_eq!(res.status(), 401);
    tokio::time::sleep(Duration::from_millis(300)).await;
    let stderr = server.stderr();
    let lines: Vec<Value> =
        stderr.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}"))).collect();
    let access = lines
        .iter()
        .find(|l| l["request_id"] == "ops-json-1" && l["target"] == "lvyue::access")
        .unwrap_or_else(|| panic!("access line with the request id:\n{stderr}"));
    assert_eq!(access["status"], 401);
    assert_eq!(access["route"], "/api/v1/units");
    assert_eq!(access["method"], "GET");
    assert!(access["duration_ms"].as_f64().is_some());

    // Metrics on their own listener, not on the main one.
    let port: u16 = lines
        .iter()
        .filter_map(|l| l["msg"].as_str())
        .find_map(|m| m.strip_prefix("metrics on http://127.0.0.1:"))
        .and_then(|r| r.split('/').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("metrics listener announced:\n{stderr}"));
    let res = http.get(server.url("/metrics")).send().await.unwrap();
    assert_eq!(res.status(), 404, "not on the main listener");
    let text = http.get(format!("http://127.0.0.1:{port}/metrics")).send().await.unwrap().text().await.unwrap();
    assert!(text.contains(r#"lvyue_http_requests_total{method="GET",route="/api/v1/units",status="401"} 1"#), "{text}");

    // The health check calls /readyz on the configured address (a wildcard bind on loopback).
    let bind = format!("0.0.0.0:{}", server.port);
    let out = lvyue(dir.path()).arg("healthcheck").env("LVYUE_BIND", &bind).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    server.stop();
    let out = lvyue(dir.path()).arg("healthcheck").env("LVYUE_BIND", &bind).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "a stopped server is unhealthy");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn migrate_alone_also_bootstraps() {
    let dir = TempDir::new("lvyue-ops");
    let out = lvyue(dir.path()).arg("migrate").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(printed_password(&stdout).is_some(), "{stdout}");
    let again = lvyue(dir.path()).arg("migrate").output().unwrap();
    assert_eq!(printed_password(&String::from_utf8(again.stdout).unwrap()), None);
}

const METRICS_TOKEN: &str = "metrics-token-for-tests-0123456789";

async fn scrape(app: &TestApp, token: Option<&str>) -> reqwest::Response {
    let mut req = app.client.get(app.url("/metrics"));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    req.send().await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_are_not_exposed_unprotected() {
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    assert_problem(scrape(&app, None).await, 404, "not_found").await;
}

async fn metrics_behind_a_token(backend: Backend) {
    let Some(app) = TestApp::spawn_configured(backend, |c| c.metrics_token = Some(METRICS_TOKEN.into())).await else {
        return;
    };
    let res = scrape(&app, None).await;
    assert_eq!(res.headers()["www-authenticate"], "Bearer realm=\"lvyue-metrics\"");
    assert_problem(res, 401, "unauthorized").await;
    assert_problem(scrape(&app, Some("wrong-token-wrong-token")).await, 401, "unauthorized").await;

    let office = app.login("office").await;
    let missing = uuid::Uuid::now_v7();
    assert_eq!(app.get_as(&format!("/api/v1/issues/{missing}"), &office).await.status(), 404);
    assert_eq!(app.get_as(&format!("/api/v1/issues/{}", uuid::Uuid::now_v7()), &office).await.status(), 404);
    assert_eq!(app.get("/no/such/path").await.status(), 404);
    let res = app.post("/api/v1/auth/login", None, &json!({"username": "office", "password": "wrong-password"})).await;
    assert_eq!(res.status(), 401);

    let res = scrape(&app, Some(METRICS_TOKEN)).await;
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/plain; version=0.0.4"));
    let text = res.text().await.unwrap();
    for needle in [
        r#"lvyue_http_requests_total{method="GET",route="/api/v1/issues/{id}",status="404"} 2"#,
        r#"lvyue_http_requests_total{method="POST",route="/api/v1/auth/login",status="200"} 1"#,
        r#"lvyue_http_requests_total{method="GET",route="<unmatched>",status="404"} 1"#,
        r#"lvyue_http_request_duration_seconds_count{method="GET",route="/api/v1/issues/{id}",status="404"} 2"#,
        r#"lvyue_login_failures_total{status="401"} 1"#,
        "lvyue_db_pool_max_connections 8",
        "lvyue_db_pool_connections ",
        "lvyue_db_pool_idle_connections ",
        "lvyue_build_info{version=",
    ] {
        assert!(text.contains(needle), "{needle} in:\n{text}");
    }
    // Ids never become labels.
    assert!(!text.contains(&missing.to_string()));
    assert!(!text.contains("/no/such/path"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_behind_a_token_sqlite() {
    metrics_behind_a_token(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_behind_a_token_postgres() {
    metrics_behind_a_token(Backend::Postgres).await;
}

/// The SPA's files and routes: a missing file is a 404, never the HTML shell.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn missing_static_files_are_404_and_routes_get_the_shell() {
    let spa = TempDir::new("lvyue-spa");
    std::fs::create_dir_all(spa.path().join("assets")).unwrap();
    std::fs::write(spa.path().join("index.html"), "<!doctype html><title>履约</title>").unwrap();
    std::fs::write(spa.path().join("assets/app-1234.js"), "console.log(1)").unwrap();
    let dir = spa.path().to_path_buf();
    let app = TestApp::spawn_configured(Backend::Sqlite, move |c| c.static_dir = Some(dir)).await.unwrap();

    let res = app.get("/assets/app-1234.js").await;
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"].to_str().unwrap().contains("javascript"));
    for path in ["/assets/app-old.js", "/assets/gone/deeper.css", "/favicon.ico", "/robots.txt"] {
        let res = app.get(path).await;
        assert_problem(res, 404, "not_found").await;
    }
    for path in ["/", "/issues", "/issues/0191b3a0-7c1e-7b7a-9d1f-2f6c7a1e0b11", "/system/users"] {
        let res = app.get(path).await;
        assert_eq!(res.status(), 200, "{path}");
        assert_eq!(res.headers()["cache-control"], "no-cache");
        assert!(res.text().await.unwrap().contains("<title>履约</title>"), "{path}");
    }
    assert_problem(app.get("/metrics").await, 404, "not_found").await;
}
