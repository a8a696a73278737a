//! One step to a usable server: `serve` and `migrate` apply the migrations and, on an empty
//! database, seed the organisation and create the first administrators — one 系统管理员, one
//! 安全管理员, one 安全审计员 (三员分立) — whose generated passwords are printed once and kept in
//! private files named after the database. A database of a release without 安全管理员 gets one
//! the same way at its first start after the upgrade.
//!
//! Several servers may start at once on one PostgreSQL database: the whole step runs under a
//! session advisory lock, so one migrates and seeds while the others wait and then find
//! nothing to do. (On SQLite the seeding transactions are `BEGIN IMMEDIATE` and re-check.)

use std::path::{Path, PathBuf};

use anyhow::Context;
use diesel::connection::SimpleConnection;
use sha2::{Digest, Sha256};

use crate::{
    clock::Clock,
    config::{DatabaseUrl, write_private_file},
    db::{self, DbConnection},
    seed::{self, SeedReport},
};

/// The advisory lock key of the start-up step ("lvyue" in ASCII).
const STARTUP_LOCK: i64 = 0x006c_7679_7565;

/// What the start-up step did.
#[derive(Debug, Default)]
pub struct Prepared {
    pub migrations: usize,
    /// Set when the database was empty and the organisation was seeded.
    pub organisation: Option<SeedReport>,
    /// Administrator accounts created with a generated password: (username, password).
    pub accounts: Vec<(String, String)>,
}

/// Migrates, then seeds an empty database, under the start-up lock.
pub fn prepare(conn: &mut DbConnection, clock: &Clock) -> anyhow::Result<Prepared> {
    with_startup_lock(conn, |conn| {
        let migrations = db::migrate(conn)?;
        let organisation = if seed::is_empty(conn)? { Some(seed::organisation(conn, clock)?) } else { None };
        let accounts = seed::bootstrap_admins(conn, clock)?;
        Ok(Prepared { migrations, organisation, accounts })
    })
}

/// Runs `f` holding PostgreSQL's session advisory lock for start-up (released however `f`
/// ends, so the pooled connection does not keep it). On SQLite `f` simply runs.
pub fn with_startup_lock<T>(
    conn: &mut DbConnection,
    f: impl FnOnce(&mut DbConnection) -> anyhow::Result<T>,
) -> anyhow::Result<T> {
    if !conn.is_postgres() {
        return f(conn);
    }
    conn.batch_execute(&format!("SELECT pg_advisory_lock({STARTUP_LOCK})")).context("taking the start-up lock")?;
    let result = f(conn);
    if let Err(e) = conn.batch_execute(&format!("SELECT pg_advisory_unlock({STARTUP_LOCK})")) {
        log::warn!("releasing the start-up lock: {e}");
    }
    result
}

/// A name that tells databases apart without holding a secret: the SQLite file name or the
/// PostgreSQL host and database, and a short hash of the full identity.
pub fn database_tag(url: &DatabaseUrl) -> String {
    let (readable, identity) = match url {
        DatabaseUrl::Sqlite(path) => {
            let abs = std::path::absolute(path).unwrap_or_else(|_| path.clone());
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "sqlite".into());
            (name, format!("sqlite:{}", abs.display()))
        }
        DatabaseUrl::Postgres(raw) => {
            let (host, dbname) = postgres_host_and_db(raw);
            (format!("{host}-{dbname}"), format!("postgres:{host}/{dbname}"))
        }
    };
    let readable: String = readable
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') { c } else { '_' })
        .take(60)
        .collect();
    let hash = hex::encode(&Sha256::digest(identity.as_bytes())[..4]);
    format!("{readable}-{hash}")
}

/// Host (with port) and database name of a PostgreSQL URL, without credentials.
fn postgres_host_and_db(raw: &str) -> (String, String) {
    let rest = raw.split_once("://").map(|(_, r)| r).unwrap_or(raw);
    let rest = rest.split('?').next().unwrap_or("");
    let (authority, db) = rest.split_once('/').unwrap_or((rest, ""));
    let host = authority.rsplit_once('@').map(|(_, h)| h).unwrap_or(authority);
    let host = if host.is_empty() { "localhost" } else { host };
    let db = if db.is_empty() { "postgres" } else { db };
    (host.to_owned(), db.to_owned())
}

/// Where the generated password of `username` on this database is kept until it is changed.
pub fn initial_password_path(data_dir: &Path, url: &DatabaseUrl, username: &str) -> PathBuf {
    data_dir.join(format!("initial_password.{username}.{}", database_tag(url)))
}

/// Prints each generated password once and keeps it in its private file.
pub fn announce(accounts: &[(String, String)], data_dir: &Path, url: &DatabaseUrl) -> anyhow::Result<()> {
    for (username, password) in accounts {
        let path = initial_password_path(data_dir, url, username);
        write_private_file(&path, password).with_context(|| format!("writing {}", path.display()))?;
        println!();
        println!("==================================================================");
        println!(" 已创建管理员账号 {username} (administrator account created)");
        println!("   database: {}", url.redacted());
        println!("   username: {username}");
        println!("   password: {password}");
        println!(" 首次登录须修改密码。密码仅显示这一次, 另存于 {} (0600),", path.display());
        println!(" 修改密码后该文件自动删除。");
        println!("==================================================================");
        println!();
    }
    Ok(())
}

/// Removes the generated-password file of `username` (called when the password is changed).
pub fn forget_initial_password(data_dir: &Path, url: &DatabaseUrl, username: &str) {
    let path = initial_password_path(data_dir, url, username);
    match std::fs::remove_file(&path) {
        Ok(()) => log::info!("removed {} (the password was changed)", path.display()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => log::warn!("could not remove {}: {e}", path.display()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_tell_databases_apart_without_secrets() {
        let a = database_tag(&DatabaseUrl::Postgres("postgres://lvyue:s3cret@db:5432/lvyue".into()));
        let b = database_tag(&DatabaseUrl::Postgres("postgres://lvyue:other@db:5432/lvyue?sslmode=require".into()));
        let c = database_tag(&DatabaseUrl::Postgres("postgres://lvyue@db:5432/lvyue_test".into()));
        assert!(a.starts_with("db_5432-lvyue-"), "{a}");
        assert!(!a.contains("s3cret"));
        assert_eq!(a, b, "credentials and parameters do not change the identity");
        assert_ne!(a, c);
        let s1 = database_tag(&DatabaseUrl::Sqlite("/srv/a/lvyue.db".into()));
        let s2 = database_tag(&DatabaseUrl::Sqlite("/srv/b/lvyue.db".into()));
        assert!(s1.starts_with("lvyue.db-"), "{s1}");
        assert_ne!(s1, s2, "same file name in two directories");
    }

    #[test]
    fn host_and_database_of_urls() {
        assert_eq!(postgres_host_and_db("postgres://u:p@h:1/d?x=y"), ("h:1".into(), "d".into()));
        assert_eq!(postgres_host_and_db("postgresql:///d"), ("localhost".into(), "d".into()));
        assert_eq!(postgres_host_and_db("postgres://h"), ("h".into(), "postgres".into()));
    }
}
