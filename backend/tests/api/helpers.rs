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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub pool: Pool,
    pub backend: Backend,
    pub data_dir: PathBuf,
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

/// The base URL for PostgreSQL test databases, or `None` (loudly) when it is not set.
/// Under CI a missing PostgreSQL fails the test instead.
fn postgres_admin_url() -> Option<String> {
    match std::env::var("TEST_POSTGRES_URL").ok().filter(|s| !s.is_empty()) {
        Some(url) => Some(url),
        None if std::env::var_os("CI").is_some() => {
            panic!("TEST_POSTGRES_URL is not set: under CI the PostgreSQL cases must run")
        }
        None => {
            PG_SKIP_WARNING.call_once(|| {
                eprintln!("\n!!! TEST_POSTGRES_URL is not set: PostgreSQL cases are SKIPPED (only SQLite ran) !!!\n")
            });
            None
        }
    }
}

/// Replaces the database name of a PostgreSQL URL.
fn with_database(url: &str, name: &str) -> String {
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
    /// Spawns the app on `backend`; `None` when that backend is not available locally.
    pub async fn spawn(backend: Backend) -> Option<TestApp> {
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
        let pool = db::connect(&url, 8).expect("test database reachable");
        db::migrate(&mut pool.get().unwrap()).expect("migrations apply");
        let mut secret = [0u8; 32];
        rand::fill(&mut secret);
        let config = Config {
            database_url: url,
            bind: "127.0.0.1:0".parse().unwrap(),
            data_dir: data_dir.clone(),
            jwt_secret: hex::encode(secret).into_bytes(),
            static_dir: None,
            warning_days: 3,
        };
        let app = Application::build(config, pool.clone(), Some(2)).expect("app builds");
        let address = format!("http://127.0.0.1:{}", app.port());
        tokio::spawn(app.run_until_stopped());
        let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        Some(TestApp { address, client, pool, backend, data_dir, _db: guard })
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub fn conn(&self) -> db::PooledConn {
        self.pool.get().unwrap()
    }

    /// Runs raw SQL on the test database (for tests that tamper with it like an attacker would).
    pub fn exec(&self, sql: &str) {
        let mut c = self.conn();
        let c: &mut DbConnection = &mut c;
        c.batch_execute(sql).unwrap();
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }
}

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
