//! A fresh, seeded database per test on SQLite and PostgreSQL, and contexts for the demo
//! accounts on a manual clock.

#![allow(dead_code)]

use std::path::PathBuf;

use chrono::NaiveDate;
use diesel::{Connection, RunQueryDsl, connection::SimpleConnection};
use lvyue::{
    audit::RequestMeta,
    clock::Clock,
    config::DatabaseUrl,
    db::{self, DbConnection, Pool, SessionId, UnitId},
    service::{self, Context},
    store,
};

pub struct Db {
    pub pool: Pool,
    pub clock: Clock,
    /// Where the test's attachments are stored.
    pub files: tempfile::TempDir,
    guard: Guard,
}

enum Guard {
    Sqlite(PathBuf),
    Postgres { admin: String, name: String },
}

impl Drop for Guard {
    fn drop(&mut self) {
        match self {
            Guard::Sqlite(dir) => {
                let _ = std::fs::remove_dir_all(dir);
            }
            Guard::Postgres { admin, name } => {
                if let Ok(mut c) = diesel::PgConnection::establish(admin) {
                    let _ = c.batch_execute(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"));
                }
            }
        }
    }
}

/// The day the tests' clock stands on (a Monday, in the campaign's year of the demo data).
pub fn today() -> NaiveDate {
    "2026-03-02".parse().unwrap()
}

impl Db {
    /// A migrated database with the organisation, the demo campaign and the demo accounts;
    /// `None` for PostgreSQL when `TEST_POSTGRES_URL` is unset (a failure under CI).
    pub fn new(postgres: bool) -> Option<Db> {
        let tag = uuid::Uuid::now_v7().simple().to_string();
        let (url, guard) = if postgres {
            let admin = match std::env::var("TEST_POSTGRES_URL").ok().filter(|s| !s.is_empty()) {
                Some(url) => url,
                None if std::env::var_os("CI").is_some() => panic!("TEST_POSTGRES_URL is not set under CI"),
                None => return None,
            };
            let name = format!("lvyue_svc_{tag}");
            let mut c = diesel::PgConnection::establish(&admin).expect("TEST_POSTGRES_URL reachable");
            diesel::sql_query(format!("CREATE DATABASE \"{name}\"")).execute(&mut c).unwrap();
            let base = admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b).to_owned();
            (DatabaseUrl::Postgres(format!("{base}/{name}")), Guard::Postgres { admin, name })
        } else {
            let dir = std::env::temp_dir().join(format!("lvyue-svc-{tag}"));
            std::fs::create_dir_all(&dir).unwrap();
            (DatabaseUrl::Sqlite(dir.join("lvyue.db")), Guard::Sqlite(dir))
        };
        let pool = db::connect(&url, 4).expect("database reachable");
        let clock = Clock::manual_on(today(), 9);
        {
            let conn = &mut *pool.get().unwrap();
            db::migrate(conn).unwrap();
            lvyue::seed::organisation(conn, &clock).unwrap();
            lvyue::seed::demo_campaigns(conn, &clock).unwrap();
            lvyue::seed::demo_accounts(conn, &clock).unwrap();
        }
        Some(Db { pool, clock, files: tempfile::tempdir().unwrap(), guard })
    }

    pub fn conn(&self) -> db::PooledConn {
        self.pool.get().unwrap()
    }

    /// The context of a demo account acting now on the test's clock.
    pub fn cx(&self, username: &str) -> Context {
        let conn = &mut *self.conn();
        let user = store::users::find_by_username(conn, username).unwrap().expect("demo account");
        let principal = service::auth::principal_of(conn, &user.id, SessionId::new()).unwrap().unwrap();
        Context::new(principal, RequestMeta::internal(), self.clock.clone(), 3)
    }

    /// The test's attachment store.
    pub fn storage(&self) -> lvyue::storage::DirStore {
        lvyue::storage::DirStore::new(self.files.path().to_path_buf()).unwrap()
    }

    /// The responsible unit records a 付款凭证 (the evidence 提交核查 needs).
    pub fn evidence(&self, cx: &Context, id: &lvyue::db::IssueId) {
        use lvyue::{
            domain::attachments::{AttachmentKind, FileType},
            service::attachments,
        };
        let bytes = b"%PDF-1.4 receipt";
        let (object_key, sha256) = lvyue::storage::put_bytes(&self.storage(), bytes).unwrap();
        let file = attachments::StoredFile {
            file_name: "回单.pdf".into(),
            file_type: FileType::Pdf,
            size_bytes: bytes.len() as i64,
            sha256,
            object_key,
        };
        let cmd = attachments::AddAttachments {
            kind: AttachmentKind::PaymentVoucher,
            transition_id: None,
            payment_id: None,
            files: vec![file],
        };
        self.run(|c| attachments::add(c, cx, id, cmd)).unwrap();
    }

    /// Runs a use case in one write transaction, as the HTTP layer does.
    pub fn run<T>(
        &self,
        f: impl FnOnce(&mut DbConnection) -> Result<T, lvyue::error::ApiError>,
    ) -> Result<T, lvyue::error::ApiError> {
        self.conn().write_tx(f)
    }

    pub fn unit(&self, code: &str) -> UnitId {
        store::units::find_by_code(&mut self.conn(), code).unwrap().unwrap().id
    }

    /// Audit records with this action, in the trail.
    pub fn audit_count(&self, action: &str) -> usize {
        let filter = lvyue::audit::AuditFilter { action: Some(action.to_owned()), ..Default::default() };
        let (_, total) = lvyue::audit::list(&mut self.conn(), &filter, 0, 1).unwrap();
        usize::try_from(total).unwrap()
    }
}

/// Runs a test body once on SQLite and once on PostgreSQL, each on a fresh database.
#[macro_export]
macro_rules! service_test {
    ($name:ident, |$db:ident| $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[test]
            fn sqlite() {
                let $db = $crate::harness::Db::new(false).unwrap();
                $body
            }

            #[test]
            fn postgres() {
                let Some($db) = $crate::harness::Db::new(true) else { return };
                $body
            }
        }
    };
}
