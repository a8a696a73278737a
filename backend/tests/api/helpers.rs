//! The test harness (after Zero To Production's `spawn_app`): the real application on a
//! random port over a fresh database, on SQLite and on PostgreSQL.

// Not every test uses every helper.
#![allow(dead_code)]

use std::{path::PathBuf, sync::Once};

use diesel::{Connection, RunQueryDsl, connection::SimpleConnection};
use lvyue::{
    config::{Config, DatabaseUrl},
    db::{self, DbConnection, Pool},
    startup::Application,
};
use serde_json::{Value, json};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub struct TestApp {
    /// The server's clock: the system's, unless a test moves it (`Clock::set`, `advance`).
    pub clock: lvyue::clock::Clock,
    pub address: String,
    pub client: reqwest::Client,
    pub pool: Pool,
    pub backend: Backend,
    pub data_dir: PathBuf,
    pub jwt_secret: Vec<u8>,
    /// The attachment store the server uses (its own client of it).
    pub storage: std::sync::Arc<dyn lvyue::storage::BlobStore>,
    _db: DbGuard,
}

/// Removes the test's database when the test ends, whatever its outcome.
enum DbGuard {
    Sqlite(PathBuf),
    Postgres { admin_url: String, name: String },
}

impl Drop for DbGuard {
    fn drop(&mut self) {
        match self {
            DbGuard::Sqlite(dir) => {
                let _ = std::fs::remove_dir_all(dir);
            }
            DbGuard::Postgres { admin_url, name } => {
                if let Ok(mut c) = diesel::PgConnection::establish(admin_url) {
                    let _ = c.batch_execute(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"));
                }
            }
        }
    }
}

static PG_SKIP_WARNING: Once = Once::new();

/// The last TOTP step each (server, account) used, for [`TestApp::next_totp_code`].
static TOTP_STEPS: std::sync::LazyLock<std::sync::Mutex<std::collections::HashMap<String, i64>>> =
    std::sync::LazyLock::new(Default::default);
/// Secrets of accounts that enrolled during a test, per (server, account).
static TOTP_SECRETS: std::sync::LazyLock<std::sync::Mutex<std::collections::HashMap<String, String>>> =
    std::sync::LazyLock::new(Default::default);

/// The base URL for PostgreSQL test databases, or `None` (loudly) when it is not set.
/// Under CI a missing PostgreSQL fails the test instead.
pub fn postgres_admin_url() -> Option<String> {
    match std::env::var("TEST_POSTGRES_URL").ok().filter(|s| !s.is_empty()) {
        Some(url) => Some(url),
        None if std::env::var_os("CI").is_some() => {
            panic!("TEST_POSTGRES_URL is not set: under CI the PostgreSQL cases must run")
        }
        None => {
            PG_SKIP_WARNING.call_once(|| {
                eprintln!("\n!!! TEST_POSTGRES_URL is not set: PostgreSQL cases are SKIPPED (only SQLite ran) !!!\n");
            });
            None
        }
    }
}

static MOTO_SKIP_WARNING: Once = Once::new();
static MOTO: std::sync::OnceLock<Option<(String, std::process::Child)>> = std::sync::OnceLock::new();

/// The local S3-compatible server (moto's `moto_server`, found through `LVYUE_MOTO_SERVER` or on
/// the PATH), started once per test binary and stopped when the binary exits; `None` (loudly)
/// when there is none. Under CI a missing server fails the test instead.
pub fn moto_endpoint() -> Option<String> {
    MOTO.get_or_init(|| {
        let binary = std::env::var("LVYUE_MOTO_SERVER").ok().filter(|s| !s.is_empty()).or_else(|| {
            std::env::var_os("PATH").and_then(|paths| {
                std::env::split_paths(&paths)
                    .map(|d| d.join("moto_server"))
                    .find(|p| p.is_file())
                    .map(|p| p.display().to_string())
            })
        });
        let Some(binary) = binary else {
            if std::env::var_os("CI").is_some() {
                panic!("moto_server not found (LVYUE_MOTO_SERVER): under CI the S3 cases must run")
            }
            MOTO_SKIP_WARNING.call_once(|| {
                eprintln!("\n!!! moto_server not found (LVYUE_MOTO_SERVER): S3 attachment cases are SKIPPED !!!\n");
            });
            return None;
        };
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        // The shell stops the server when our end of its stdin closes, i.e. when this binary exits.
        let child = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!("'{binary}' -H 127.0.0.1 -p {port} >/dev/null 2>&1 & m=$!; read _; kill $m"))
            .stdin(std::process::Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {binary}: {e}"));
        let started = std::time::Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(started.elapsed() < std::time::Duration::from_secs(30), "{binary} did not start");
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        Some((format!("http://127.0.0.1:{port}"), child))
    })
    .as_ref()
    .map(|(endpoint, _)| endpoint.clone())
}

/// Replaces the database name of a PostgreSQL URL.
pub fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let scheme_end = base.find("://").map(|i| i + 3).unwrap_or(0);
    let host_part = match base[scheme_end..].find('/') {
        Some(i) => &base[..scheme_end + i],
        None => base,
    };
    match query {
        Some(q) => format!("{host_part}/{name}?{q}"),
        None => format!("{host_part}/{name}"),
    }
}

pub fn init_logging() {
    let _ = env_logger::builder().is_test(true).try_init();
}

impl TestApp {
    /// Spawns the app on `backend` with the organisation and the demo accounts seeded;
    /// `None` when that backend is not available locally.
    pub async fn spawn(backend: Backend) -> Option<TestApp> {
        Self::spawn_configured(backend, |_| {}).await
    }

    /// Like [`TestApp::spawn`], with the configuration adjusted first.
    pub async fn spawn_configured(backend: Backend, adjust: impl FnOnce(&mut Config)) -> Option<TestApp> {
        let app = Self::spawn_bare_configured(backend, adjust).await?;
        let mut conn = app.conn();
        lvyue::seed::organisation(&mut conn, &app.clock).expect("organisation seeds");
        lvyue::seed::demo_campaigns(&mut conn, &app.clock).expect("demo campaign seeds");
        lvyue::seed::demo_accounts(&mut conn, &app.clock).expect("demo accounts seed");
        drop(conn);
        // Every test client signs in from 127.0.0.1, many times: the sign-in limits are raised
        // here, and the tests of those limits lower them again.
        for (key, value) in [
            ("auth.login_requests_per_minute", 100_000),
            ("auth.login_failures_per_account", 1_000),
            ("auth.login_failures_per_address", 100_000),
        ] {
            app.set_setting(key, json!(value));
        }
        Some(app)
    }

    /// Like [`TestApp::spawn`], with attachments in a bucket of its own on the local S3-compatible
    /// server (moto); `None` when that server is not available locally (a failure under CI).
    pub async fn spawn_s3(backend: Backend) -> Option<TestApp> {
        let endpoint = moto_endpoint()?;
        let bucket = format!("lvyue-{}", uuid::Uuid::now_v7().simple());
        let created = reqwest::Client::new().put(format!("{endpoint}/{bucket}")).send().await.expect("moto reachable");
        assert!(created.status().is_success(), "bucket created: {}", created.status());
        Self::spawn_configured(backend, |c| {
            c.storage = lvyue::storage::StorageUrl::S3 { bucket, prefix: "attachments".into() };
            c.storage_options = [
                ("aws_endpoint", endpoint.as_str()),
                ("aws_access_key_id", "test"),
                ("aws_secret_access_key", "test"),
                ("aws_region", "us-east-1"),
                ("aws_allow_http", "true"),
            ]
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        })
        .await
    }

    /// A second server on the same database and key (as behind a load balancer), with its own
    /// caches and jobs; answers its base URL.
    pub async fn second_server(&self, adjust: impl FnOnce(&mut Config)) -> String {
        let url = match self.backend {
            Backend::Sqlite => DatabaseUrl::Sqlite(self.data_dir.join("lvyue.db")),
            Backend::Postgres => DatabaseUrl::Postgres(self.database_url()),
        };
        let pool = lvyue::db::connect(&url, 4).unwrap();
        let mut config =
            Config::with_defaults(url, "127.0.0.1:0".parse().unwrap(), self.data_dir.clone(), self.jwt_secret.clone());
        config.audit_key = lvyue::audit::key::AuditKey::new(TEST_AUDIT_KEY.as_bytes());
        // Each test reads its own writes, also those made by SQL behind the application's back:
        // no materialized statistics are served (tests/service covers when they are).
        config.stats_freshness.max_age = chrono::Duration::zero();
        adjust(&mut config);
        let server = Application::build(config, pool, Some(1), self.clock.clone()).unwrap();
        let base = format!("http://127.0.0.1:{}", server.port());
        tokio::spawn(server.run_until_stopped());
        base
    }

    /// The keys of the objects in the attachment store.
    pub async fn objects(&self) -> Vec<String> {
        let store = self.storage.clone();
        tokio::task::spawn_blocking(move || store.keys().expect("store listed")).await.unwrap()
    }

    /// Stores a setting's value directly (as if an administrator had set it).
    pub fn set_setting(&self, key: &str, value: Value) {
        let row = lvyue::store::settings::SettingRow {
            key: key.to_owned(),
            value_json: value.to_string(),
            updated_at: self.clock.now(),
            updated_by: Some("test".to_owned()),
        };
        lvyue::store::settings::upsert(&mut self.conn(), &row).expect("setting stored");
    }

    /// Spawns the app on an empty (migrated) database.
    pub async fn spawn_bare(backend: Backend) -> Option<TestApp> {
        Self::spawn_bare_configured(backend, |_| {}).await
    }

    async fn spawn_bare_configured(backend: Backend, adjust: impl FnOnce(&mut Config)) -> Option<TestApp> {
        Self::spawn_prepared(backend, None, |_| (), adjust).await.map(|(app, ())| app)
    }

    /// Spawns the app on a database that first holds `dump` (SQL written by an earlier release),
    /// then gets the current migrations: what an upgrade does to a district's data. `inspect`
    /// reads the old database before it is migrated.
    pub async fn spawn_from_dump<T>(
        backend: Backend,
        dump: &str,
        inspect: impl FnOnce(&mut DbConnection) -> T,
    ) -> Option<(TestApp, T)> {
        Self::spawn_prepared(backend, Some(dump), inspect, |_| {}).await
    }

    async fn spawn_prepared<T>(
        backend: Backend,
        dump: Option<&str>,
        inspect: impl FnOnce(&mut DbConnection) -> T,
        adjust: impl FnOnce(&mut Config),
    ) -> Option<(TestApp, T)> {
        init_logging();
        let tag = uuid::Uuid::now_v7().simple().to_string();
        let data_dir = std::env::temp_dir().join(format!("lvyue-test-{tag}"));
        std::fs::create_dir_all(&data_dir).unwrap();
        let (url, guard) = match backend {
            Backend::Sqlite => (DatabaseUrl::Sqlite(data_dir.join("lvyue.db")), DbGuard::Sqlite(data_dir.clone())),
            Backend::Postgres => {
                let admin_url = postgres_admin_url()?;
                let name = format!("lvyue_test_{tag}");
                let mut admin = diesel::PgConnection::establish(&admin_url)
                    .unwrap_or_else(|e| panic!("cannot reach TEST_POSTGRES_URL: {e}"));
                diesel::sql_query(format!("CREATE DATABASE \"{name}\"")).execute(&mut admin).unwrap();
                let url = with_database(&admin_url, &name);
                (DatabaseUrl::Postgres(url), DbGuard::Postgres { admin_url, name })
            }
        };
        if let Some(sql) = dump {
            // On a connection of its own: a dump may change session settings (search_path).
            let mut c = db::connect(&url, 1).expect("test database reachable").get().unwrap();
            let c: &mut DbConnection = &mut c;
            c.batch_execute(sql).expect("the dump loads");
        }
        let pool = db::connect(&url, 8).expect("test database reachable");
        let inspected = inspect(&mut pool.get().unwrap());
        db::migrate(&mut pool.get().unwrap()).expect("migrations apply");
        let mut secret = [0u8; 32];
        rand::fill(&mut secret);
        let jwt_secret = hex::encode(secret).into_bytes();
        let mut config =
            Config::with_defaults(url, "127.0.0.1:0".parse().unwrap(), data_dir.clone(), jwt_secret.clone());
        config.audit_key = lvyue::audit::key::AuditKey::new(TEST_AUDIT_KEY.as_bytes());
        // Each test reads its own writes, also those made by SQL behind the application's back:
        // no materialized statistics are served (tests/service covers when they are).
        config.stats_freshness.max_age = chrono::Duration::zero();
        adjust(&mut config);
        let storage = lvyue::storage::open_with(&config.storage, &config.storage_options).expect("attachment store");
        let clock = lvyue::clock::Clock::system();
        let app = Application::build(config, pool.clone(), Some(2), clock.clone()).expect("app builds");
        let address = format!("http://127.0.0.1:{}", app.port());
        tokio::spawn(app.run_until_stopped());
        let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        Some((TestApp { clock, address, client, pool, backend, data_dir, jwt_secret, storage, _db: guard }, inspected))
    }

    /// Seeds the demo problems (through the use cases, as `lvyue seed --demo` does).
    pub fn seed_demo_problems(&self) -> usize {
        let storage = lvyue::storage::DirStore::new(self.data_dir.join("attachments")).expect("attachment directory");
        lvyue::seed::demo_problems(&mut self.conn(), &self.clock, &storage).expect("demo problems seed")
    }

    /// Today in Asia/Shanghai on the server's clock.
    pub fn today(&self) -> chrono::NaiveDate {
        self.clock.today()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub fn conn(&self) -> db::PooledConn {
        self.pool.get().unwrap()
    }

    /// On PostgreSQL: the test database's URL (for a connection of the test's own).
    pub fn database_url(&self) -> String {
        let DbGuard::Postgres { admin_url, name } = &self._db else { panic!("PostgreSQL only") };
        with_database(admin_url, name)
    }

    /// On PostgreSQL: the test database's name, and SQL run on the server's admin database.
    pub fn pg_admin_exec(&self, sql_with_name: impl Fn(&str) -> String) {
        let DbGuard::Postgres { admin_url, name } = &self._db else { panic!("PostgreSQL only") };
        let mut c = diesel::PgConnection::establish(admin_url).unwrap();
        c.batch_execute(&sql_with_name(name)).unwrap();
    }

    /// Runs raw SQL on the test database (for tests that tamper with it like an attacker would).
    pub fn exec(&self, sql: &str) {
        let mut c = self.conn();
        let c: &mut DbConnection = &mut c;
        c.batch_execute(sql).unwrap();
    }

    /// The number a `SELECT COUNT(*) AS n …` answers.
    pub fn count(&self, sql: &str) -> i64 {
        #[derive(diesel::QueryableByName)]
        struct N {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        let mut c = self.conn();
        let c: &mut DbConnection = &mut c;
        diesel::sql_query(sql).get_result::<N>(c).unwrap().n
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    /// Signs in and answers the whole token response. An account with a second factor (the demo
    /// administrators: `DEMO_TOTP_SECRET`) completes the sign-in with a computed code.
    pub async fn login_full(&self, username: &str, password: &str) -> Value {
        let res = self.post("/api/v1/auth/login", None, &json!({ "username": username, "password": password })).await;
        if res.status() == 202 {
            let challenge = res.json::<Value>().await.unwrap()["challenge"].as_str().unwrap().to_owned();
            let secret = self.totp_secret(username);
            let code = self.next_totp_code(username, &secret).await;
            let res =
                self.post("/api/v1/auth/login/totp", None, &json!({ "challenge": challenge, "code": code })).await;
            assert_eq!(res.status(), 200, "second factor of {username}");
            return res.json().await.unwrap();
        }
        assert_eq!(res.status(), 200, "login of {username}");
        let body: Value = res.json().await.unwrap();
        if body["user"]["must_enroll_totp"] == true && body["user"]["must_change_password"] == false {
            // An administrator made in the test: enrol as the SPA would, and remember the secret.
            let token = body["access_token"].as_str().unwrap();
            self.enrol_totp(username, token).await;
        }
        body
    }

    /// Sets up a second factor for the signed-in account (`token`) and answers its recovery codes;
    /// later sign-ins of the account compute their codes from the remembered secret.
    pub async fn enrol_totp(&self, username: &str, token: &str) -> Vec<String> {
        let res = self.post("/api/v1/auth/totp/enrollment", Some(token), &json!({})).await;
        assert_eq!(res.status(), 200, "enrolment of {username}");
        let secret = res.json::<Value>().await.unwrap()["secret"].as_str().unwrap().to_owned();
        TOTP_SECRETS.lock().unwrap().insert(format!("{}|{username}", self.address), secret.clone());
        let code = self.next_totp_code(username, &secret).await;
        let res = self.post("/api/v1/auth/totp/confirmation", Some(token), &json!({ "code": code })).await;
        assert_eq!(res.status(), 200, "confirmation of {username}");
        let codes = res.json::<Value>().await.unwrap()["recovery_codes"].as_array().unwrap().clone();
        codes.iter().map(|c| c.as_str().unwrap().to_owned()).collect()
    }

    /// The TOTP secret of an account on this server: one enrolled in the test, else the demo one.
    pub fn totp_secret(&self, username: &str) -> String {
        TOTP_SECRETS
            .lock()
            .unwrap()
            .get(&format!("{}|{username}", self.address))
            .cloned()
            .unwrap_or_else(|| lvyue::auth::totp::DEMO_SECRET.to_owned())
    }

    /// A code of `secret` that this account has not used yet on this server: each code is good
    /// once, so successive sign-ins take the steps now and now + 1 in turn (the server accepts
    /// now ± 1, so a step boundary passing before the server checks does no harm), waiting for
    /// the clock only past them.
    pub async fn next_totp_code(&self, username: &str, secret: &str) -> String {
        use lvyue::auth::totp;
        loop {
            let now = totp::step_of(self.clock.now_utc().timestamp());
            let step = {
                let mut used = TOTP_STEPS.lock().unwrap();
                let key = format!("{}|{username}", self.address);
                let next = used.get(&key).map_or(now, |last| (last + 1).max(now));
                (next <= now + 1).then(|| {
                    used.insert(key, next);
                    next
                })
            };
            match step {
                Some(s) => return totp::code_at(secret, s).unwrap(),
                None => tokio::time::sleep(std::time::Duration::from_secs(2)).await,
            }
        }
    }

    /// Signs in a demo account and answers its access token.
    pub async fn login(&self, username: &str) -> String {
        self.login_full(username, DEMO_PASSWORD).await["access_token"].as_str().unwrap().to_owned()
    }

    pub async fn request(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
        body: Option<&Value>,
    ) -> reqwest::Response {
        let mut req = self.client.request(method, self.url(path));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.json(b);
        }
        req.send().await.unwrap()
    }

    pub async fn get_as(&self, path: &str, token: &str) -> reqwest::Response {
        self.request(reqwest::Method::GET, path, Some(token), None).await
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: &Value) -> reqwest::Response {
        self.request(reqwest::Method::POST, path, token, Some(body)).await
    }

    pub async fn patch(&self, path: &str, token: &str, body: &Value) -> reqwest::Response {
        self.request(reqwest::Method::PATCH, path, Some(token), Some(body)).await
    }

    /// GET answering JSON, asserting 200.
    /// A 核查 record for `approve`: on site today, the enterprise contacted, satisfied.
    pub fn verified(&self) -> Value {
        json!({"method": "on_site", "verified_on": self.today(), "verifiers": ["刘敏"], "findings": "核实整改到位",
            "enterprise_contacted": true, "enterprise_confirmed": true, "satisfaction": "satisfied"})
    }

    pub async fn get_json(&self, path: &str, token: &str) -> Value {
        let res = self.get_as(path, token).await;
        let status = res.status();
        let body: Value = res.json().await.unwrap();
        assert_eq!(status, 200, "GET {path}: {body}");
        body
    }

    /// The id of a seeded unit by its code.
    pub fn unit_id(&self, code: &str) -> String {
        lvyue::store::units::find_by_code(&mut self.conn(), code).unwrap().unwrap().id.to_string()
    }

    pub fn group_id(&self, code: &str) -> String {
        lvyue::store::groups::find_by_code(&mut self.conn(), code).unwrap().unwrap().id.to_string()
    }

    /// The id of an account by its username.
    pub fn user_id(&self, username: &str) -> String {
        lvyue::store::users::find_by_username(&mut self.conn(), username).unwrap().unwrap().id.to_string()
    }
}

pub const DEMO_PASSWORD: &str = "Lvyue#Demo2024";

/// The audit key of every server a test starts in this process (one process signs with one
/// key), for `lvyue audit verify` run beside it as `LVYUE_AUDIT_KEY`.
pub const TEST_AUDIT_KEY: &str = "audit-key-of-the-api-tests-0123456789abcdef";

/// The demo accounts of the first release (the README lists them all).
pub const DEMO_USERS: [&str; 15] = [
    "sysadmin",
    "auditor",
    "office",
    "leader",
    "lead_investment",
    "lead_policy",
    "lead_funds",
    "lead_agency_arrears",
    "lead_soe_arrears",
    "unit_finance",
    "unit_education",
    "unit_housing",
    "unit_commerce",
    "unit_fuhe",
    "unit_devzone",
];

/// Runs a test body once on SQLite and once on PostgreSQL.
#[macro_export]
macro_rules! db_test {
    ($name:ident, |$app:ident| $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let $app = $crate::helpers::TestApp::spawn($crate::helpers::Backend::Sqlite).await.unwrap();
                $body
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let Some($app) = $crate::helpers::TestApp::spawn($crate::helpers::Backend::Postgres).await else {
                    return;
                };
                $body
            }
        }
    };
}

/// Asserts a problem+json answer with the given status and code; returns the body.
pub async fn assert_problem(res: reqwest::Response, status: u16, code: &str) -> serde_json::Value {
    assert_eq!(res.status().as_u16(), status, "unexpected status");
    let ct = res.headers().get("content-type").map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default();
    assert!(ct.starts_with("application/problem+json"), "content-type was {ct:?}");
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["status"], status, "{body}");
    assert_eq!(body["code"], code, "{body}");
    assert!(body["detail"].as_str().is_some_and(|d| !d.is_empty()), "{body}");
    body
}

#[test]
fn replaces_database_names() {
    assert_eq!(with_database("postgres://u@h:5432/postgres", "x"), "postgres://u@h:5432/x");
    assert_eq!(with_database("postgres://u@h/postgres?sslmode=disable", "x"), "postgres://u@h/x?sslmode=disable");
    assert_eq!(with_database("postgres://h", "x"), "postgres://h/x");
}
