//! One connection type over PostgreSQL and SQLite (diesel's MultiConnection), its pool,
//! the embedded migrations of each backend and the write-transaction helper.

pub mod schema;
pub mod types;

use std::time::Duration;

use diesel::{
    connection::{AnsiTransactionManager, SimpleConnection, TransactionManager},
    prelude::*,
    r2d2::{self, ManageConnection},
};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use crate::config::DatabaseUrl;
pub use types::IntegrationClientId;
pub use types::PaymentId;
pub use types::{
    ApiKeyId, AttachmentId, CampaignId, ExtensionId, GroupId, Id, IssueId, MilestoneId, NotificationId, PhaseId,
    ProgressId, RefreshTokenId, RoleGrantId, SessionId, SubmissionId, TransitionId, UnitId, UrgeId, UserId,
};
pub use types::{DeliveryId, WebhookId};

/// Runs `$body` with `$c` bound to the concrete connection, the body written once and checked
/// for each backend. diesel's `MultiConnection` builds a statement's whole SQL text at every
/// execution, twice (to ask whether it may be cached, and with its binds): for the read model's
/// statement a fifth of a single read's CPU. On the concrete connection a statement built only
/// of typed parts is found in the statement cache by its type, and its text is not built again.
/// Also for what needs the concrete backend, such as multi-row inserts.
macro_rules! on_backend {
    ($conn:expr, |$c:ident| $body:expr) => {
        match $conn {
            $crate::db::DbConnection::Postgres($c) => $body,
            $crate::db::DbConnection::Sqlite($c) => $body,
        }
    };
}
pub(crate) use on_backend;

/// Multi-row inserts of `rows` into `table`, `per_statement` rows a statement, on the concrete
/// connection ([`on_backend!`]). `per_statement` keeps a statement below both backends'
/// bind-parameter limits. The rows inserted; returns early with the error.
macro_rules! insert_rows {
    ($conn:expr, $table:expr, $rows:expr, $per_statement:expr) => {{
        let mut inserted: usize = 0;
        for chunk in $rows.chunks($per_statement) {
            inserted +=
                $crate::db::on_backend!(&mut *$conn, |c| diesel::insert_into($table).values(chunk).execute(c)?);
        }
        inserted
    }};
}
pub(crate) use insert_rows;

#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Postgres(diesel::PgConnection),
    Sqlite(diesel::SqliteConnection),
}

pub type Pool = r2d2::Pool<DbManager>;
pub type PooledConn = r2d2::PooledConnection<DbManager>;

const PG_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/postgres");
const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/sqlite");

/// The pool's connection manager. It opens the backend the configuration names, never
/// guessing from the URL, and applies SQLite's per-connection settings.
#[derive(Debug, Clone)]
pub struct DbManager {
    url: DatabaseUrl,
}

/// How long a write transaction may hold the database before it is logged (see `write_tx`).
const LONG_WRITE: Duration = Duration::from_secs(2);

/// Per connection: WAL with `synchronous = NORMAL` (durable at each checkpoint, never corrupt;
/// a power cut may lose the last transactions, as with PostgreSQL's asynchronous commit);
/// reads through a 256 MB memory map of the file (shared by all connections, the OS's page
/// cache) and 16 MB of page cache per connection; temporary sorts in memory.
const SQLITE_PRAGMAS: &str = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
     PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 15000; PRAGMA mmap_size = 268435456; \
     PRAGMA cache_size = -16384; PRAGMA temp_store = MEMORY;";

/// Per PostgreSQL connection: random reads priced near sequential ones (1.1, not the default 4,
/// which assumes spinning disks). The data of a district fits in memory or on SSD; with the
/// default, the planner counted a filtered list (`debtor_nature=soe`) by hashing a sequential
/// scan of every problem instead of probing the primary key (28 ms against 12 ms at 100,000
/// problems). Set per session so that it needs no rights on the cluster.
const POSTGRES_SETTINGS: &str = "SET random_page_cost = 1.1;";

impl ManageConnection for DbManager {
    type Connection = DbConnection;
    type Error = r2d2::Error;

    fn connect(&self) -> Result<DbConnection, r2d2::Error> {
        match &self.url {
            DatabaseUrl::Postgres(url) => {
                let mut conn = diesel::PgConnection::establish(url).map_err(r2d2::Error::ConnectionError)?;
                conn.batch_execute(POSTGRES_SETTINGS).map_err(r2d2::Error::QueryError)?;
                Ok(DbConnection::Postgres(conn))
            }
            DatabaseUrl::Sqlite(path) => {
                let mut conn = diesel::SqliteConnection::establish(&path.to_string_lossy())
                    .map_err(r2d2::Error::ConnectionError)?;
                conn.batch_execute(SQLITE_PRAGMAS).map_err(r2d2::Error::QueryError)?;
                Ok(DbConnection::Sqlite(conn))
            }
        }
    }

    fn is_valid(&self, conn: &mut DbConnection) -> Result<(), r2d2::Error> {
        conn.batch_execute("SELECT 1").map_err(r2d2::Error::QueryError)
    }

    fn has_broken(&self, conn: &mut DbConnection) -> bool {
        match conn {
            DbConnection::Postgres(c) => AnsiTransactionManager::is_broken_transaction_manager(c),
            DbConnection::Sqlite(c) => AnsiTransactionManager::is_broken_transaction_manager(c),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DbSetupError {
    #[error("无法连接数据库 {url}: {source}")]
    Connect { url: String, source: r2d2::PoolError },
    #[error("数据库迁移失败: {0}")]
    Migrate(String),
    #[error("无法创建数据库目录 {0}: {1}")]
    Dir(String, std::io::Error),
}

/// Builds the pool and checks that one connection can be opened, so that a wrong or
/// unreachable database stops the program at start rather than at the first request.
pub fn connect(url: &DatabaseUrl, max_size: u32) -> Result<Pool, DbSetupError> {
    if let DatabaseUrl::Sqlite(path) = url
        && let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty())
    {
        std::fs::create_dir_all(parent).map_err(|e| DbSetupError::Dir(parent.display().to_string(), e))?;
    }
    let pool = r2d2::Pool::builder()
        .max_size(max_size)
        .min_idle(Some(0))
        .connection_timeout(Duration::from_secs(5))
        // A PostgreSQL connection can break (a restart, a failover): checking it at checkout
        // replaces it before a request fails on it. A SQLite file cannot, and the check would
        // cost every request a statement.
        .test_on_check_out(matches!(url, DatabaseUrl::Postgres(_)))
        .build_unchecked(DbManager { url: url.clone() });
    pool.get().map_err(|source| DbSetupError::Connect { url: url.redacted(), source })?;
    Ok(pool)
}

/// Applies the pending migrations of the connection's backend; answers how many ran.
pub fn migrate(conn: &mut DbConnection) -> Result<usize, DbSetupError> {
    let ran = match conn {
        DbConnection::Postgres(c) => c.run_pending_migrations(PG_MIGRATIONS).map(|v| v.len()),
        DbConnection::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS).map(|v| v.len()),
    };
    ran.map_err(|e| DbSetupError::Migrate(e.to_string()))
}

impl DbConnection {
    pub fn is_postgres(&self) -> bool {
        matches!(self, Self::Postgres(_))
    }

    /// Whether a transaction is open on the connection (a statement then runs in it).
    pub fn in_transaction(&mut self) -> bool {
        let status = <DbConnection as TransactionManager<DbConnection>>::transaction_manager_status_mut(self);
        matches!(status.transaction_depth(), Ok(Some(_)))
    }

    /// Runs `f` in a read-only transaction whose statements all see one snapshot: figures read
    /// in several statements then add up, whatever commits meanwhile. (SQLite in WAL mode
    /// keeps a read transaction's snapshot; PostgreSQL needs `REPEATABLE READ` for it.)
    pub fn snapshot_tx<T, E>(&mut self, f: impl FnOnce(&mut DbConnection) -> Result<T, E>) -> Result<T, E>
    where
        E: From<diesel::result::Error>,
    {
        match self {
            DbConnection::Sqlite(c) => AnsiTransactionManager::begin_transaction_sql(c, "BEGIN")?,
            DbConnection::Postgres(c) => {
                AnsiTransactionManager::begin_transaction_sql(c, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")?;
            }
        }
        self.finish_tx(f)
    }

    /// Runs `f` in a transaction that holds the write lock from its first statement.
    ///
    /// On SQLite this is `BEGIN IMMEDIATE`: a deferred transaction that reads and then writes
    /// can fail with SQLITE_BUSY instead of waiting, which would turn concurrent requests into
    /// errors. On PostgreSQL it is an ordinary transaction; rows that must be serialised are
    /// locked explicitly (`FOR UPDATE`) by the code that needs them.
    ///
    /// A transaction that holds the lock longer than `LONG_WRITE` is logged with the place that
    /// began it: on SQLite every other write waits for it, and fails after the busy timeout.
    #[track_caller]
    pub fn write_tx<T, E>(&mut self, f: impl FnOnce(&mut DbConnection) -> Result<T, E>) -> Result<T, E>
    where
        E: From<diesel::result::Error>,
    {
        let caller = std::panic::Location::caller();
        match self {
            DbConnection::Sqlite(c) => AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")?,
            DbConnection::Postgres(_) => <DbConnection as TransactionManager<DbConnection>>::begin_transaction(self)?,
        }
        let began = std::time::Instant::now();
        let outcome = self.finish_tx(f);
        if began.elapsed() >= LONG_WRITE {
            log::warn!(
                "a write transaction begun at {caller} held the database for {} ms",
                began.elapsed().as_millis()
            );
        }
        outcome
    }

    /// Runs `f` in the transaction just begun: commits on success, rolls back on an error.
    fn finish_tx<T, E>(&mut self, f: impl FnOnce(&mut DbConnection) -> Result<T, E>) -> Result<T, E>
    where
        E: From<diesel::result::Error>,
    {
        match f(self) {
            Ok(value) => {
                <DbConnection as TransactionManager<DbConnection>>::commit_transaction(self)?;
                Ok(value)
            }
            Err(e) => {
                // The original error matters more than a failed rollback, which leaves the
                // connection marked broken so the pool discards it.
                let _ = <DbConnection as TransactionManager<DbConnection>>::rollback_transaction(self);
                Err(e)
            }
        }
    }
}
