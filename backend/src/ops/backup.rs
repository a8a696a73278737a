//! `lvyue backup --to FILE` and `lvyue restore --from FILE`.
//!
//! SQLite: `VACUUM INTO` writes a consistent, compact copy from one read transaction, while
//! the server keeps serving (WAL readers do not block writers). PostgreSQL: `pg_dump` in its
//! custom format, on a snapshot exported by our own read-only transaction, so that the audit
//! chain we verify is exactly the one in the dump. Both verify the audit chain and count every
//! table of the copy; a restore goes into an empty database only, applies newer migrations
//! and verifies again. Attachments (stored outside the database once they exist) are backed
//! up separately: see docs/operations.md.

use std::{
    fmt,
    io::Read,
    path::{Path, PathBuf},
    process::Command,
};

use anyhow::{Context, bail};
use diesel::{
    Connection, QueryableByName, RunQueryDsl,
    connection::SimpleConnection,
    sql_types::{BigInt, Text},
};

use crate::{
    audit::{self, Verification},
    config::DatabaseUrl,
    db::{self, DbConnection},
};

/// What a backup or a restored database holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub backend: &'static str,
    /// Every table and its row count, by name.
    pub tables: Vec<(String, i64)>,
    pub chain: Verification,
}

impl Summary {
    pub fn count(&self, table: &str) -> Option<i64> {
        self.tables.iter().find(|(t, _)| t == table).map(|(_, n)| *n)
    }

    /// An error when the audit chain does not verify (the copy is kept: it is evidence too).
    pub fn require_intact_chain(&self, what: &str) -> anyhow::Result<()> {
        if self.chain.ok {
            return Ok(());
        }
        bail!(
            "{what}, 但审计链校验未通过: 第 {} 条记录 {}",
            self.chain.first_broken_seq.unwrap_or_default(),
            self.chain.reason.as_deref().unwrap_or("")
        )
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Whether the key was at hand: without it, keyed records are checked for structure only.
        let against = &self.chain.checked_against;
        let basis = match &against.key_id {
            Some(id) if against.structure_only == 0 => format!("with key {id}"),
            Some(id) => format!("with key {id}; {} under another key: structure only", against.structure_only),
            None => "no audit key: structure only".to_owned(),
        };
        if self.chain.ok {
            writeln!(
                f,
                "audit chain: verified, {} record(s), {} checkpoint(s) ({basis})",
                self.chain.checked, against.checkpoints
            )?;
        } else {
            writeln!(
                f,
                "audit chain: BROKEN at record {} ({}), {} record(s) verified before it",
                self.chain.first_broken_seq.unwrap_or_default(),
                self.chain.reason.as_deref().unwrap_or(""),
                self.chain.checked
            )?;
        }
        writeln!(f, "tables ({}):", self.backend)?;
        for (t, n) in &self.tables {
            writeln!(f, "  {t:<32} {n:>10}")?;
        }
        Ok(())
    }
}

#[derive(QueryableByName)]
struct Name {
    #[diesel(sql_type = Text)]
    name: String,
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// Counts every table and verifies the audit chain, on what `conn` sees (one transaction when
/// the caller opened one).
pub fn inspect(conn: &mut DbConnection) -> anyhow::Result<Summary> {
    let (backend, list) = match conn {
        DbConnection::Sqlite(_) => {
            ("sqlite", "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        }
        DbConnection::Postgres(_) => (
            "postgres",
            "SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename",
        ),
    };
    let names: Vec<Name> = diesel::sql_query(list).load(conn)?;
    let mut tables = Vec::with_capacity(names.len());
    for Name { name } in names {
        // Names come from the catalogue; quoting keeps any of them a single identifier.
        let q = format!("SELECT count(*) AS n FROM \"{}\"", name.replace('"', "\"\""));
        let c: Count = diesel::sql_query(q).get_result(conn)?;
        tables.push((name, c.n));
    }
    let chain = audit::verify(conn)?;
    Ok(Summary { backend, tables, chain })
}

fn partial_path(to: &Path) -> PathBuf {
    let mut name = to.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".partial");
    to.with_file_name(name)
}

fn refuse_existing(to: &Path) -> anyhow::Result<()> {
    if to.exists() {
        bail!("{} 已存在: 备份不会覆盖已有文件, 请换一个文件名", to.display());
    }
    if let Some(dir) = to.parent().filter(|d| !d.as_os_str().is_empty())
        && !dir.is_dir()
    {
        bail!("目录 {} 不存在", dir.display());
    }
    Ok(())
}

/// Opens a SQLite file read-only, without touching its journal mode.
fn open_sqlite_read_only(path: &Path) -> anyhow::Result<DbConnection> {
    let abs = std::path::absolute(path)?;
    let uri = format!("file:{}?mode=ro", abs.display());
    let c = diesel::SqliteConnection::establish(&uri).with_context(|| format!("opening {}", path.display()))?;
    Ok(DbConnection::Sqlite(c))
}

/// Writes a backup of the database at `url` to `to` (which must not exist).
pub fn backup(url: &DatabaseUrl, to: &Path) -> anyhow::Result<Summary> {
    refuse_existing(to)?;
    let partial = partial_path(to);
    let _ = std::fs::remove_file(&partial);
    let summary = match url {
        DatabaseUrl::Sqlite(path) => backup_sqlite(url, path, &partial),
        DatabaseUrl::Postgres(raw) => backup_postgres(url, raw, &partial),
    };
    let summary = match summary {
        Ok(s) => s,
        Err(e) => {
            let _ = std::fs::remove_file(&partial);
            return Err(e);
        }
    };
    std::fs::File::open(&partial)?.sync_all()?;
    std::fs::rename(&partial, to).with_context(|| format!("renaming to {}", to.display()))?;
    Ok(summary)
}

fn backup_sqlite(url: &DatabaseUrl, path: &Path, partial: &Path) -> anyhow::Result<Summary> {
    if !path.is_file() {
        bail!("数据库文件 {} 不存在", path.display());
    }
    let pool = db::connect(url, 1)?;
    let mut conn = pool.get()?;
    let DbConnection::Sqlite(c) = &mut *conn else { unreachable!("a SQLite URL opens SQLite") };
    diesel::sql_query("VACUUM INTO ?")
        .bind::<Text, _>(partial.to_string_lossy().into_owned())
        .execute(c)
        .context("VACUUM INTO")?;
    drop(conn);
    // Verify the copy itself, not the live database that has moved on since.
    inspect(&mut open_sqlite_read_only(partial)?)
}

/// Where a program is on PATH.
fn find_program(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|d| d.join(name)).find(|p| p.is_file())
}

/// A libpq URL without its password, and the password (percent-decoded) for `PGPASSWORD`,
/// so that it does not show in the process list.
fn split_password(raw: &str) -> (String, Option<String>) {
    let Some((scheme, rest)) = raw.split_once("://") else { return (raw.to_owned(), None) };
    let authority_end = rest.find('/').unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    let Some((userinfo, host)) = authority.rsplit_once('@') else { return (raw.to_owned(), None) };
    let Some((user, password)) = userinfo.split_once(':') else { return (raw.to_owned(), None) };
    (format!("{scheme}://{user}@{host}{tail}"), Some(percent_decode(password)))
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Some(b) = std::str::from_utf8(&bytes[i + 1..i + 3]).ok().and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn pg_tool(name: &str, url_raw: &str) -> anyhow::Result<(Command, String)> {
    let Some(program) = find_program(name) else {
        bail!(
            "找不到 {name}: 请安装与服务器相同或更新主版本的 PostgreSQL 客户端 (Debian: apt-get install postgresql-client), \
             或在数据库主机上执行 `pg_dump --format=custom --file FILE` / `pg_restore --no-owner --dbname URL FILE` \
             后运行 `lvyue restore` 的校验 (docs/operations.md)"
        )
    };
    let (url, password) = split_password(url_raw);
    let mut cmd = Command::new(program);
    if let Some(p) = password {
        cmd.env("PGPASSWORD", p);
    }
    Ok((cmd, url))
}

#[derive(QueryableByName)]
struct Snapshot {
    #[diesel(sql_type = Text)]
    id: String,
}

fn backup_postgres(url: &DatabaseUrl, raw: &str, partial: &Path) -> anyhow::Result<Summary> {
    let (mut cmd, url_no_password) = pg_tool("pg_dump", raw)?;
    let pool = db::connect(url, 1)?;
    let mut conn = pool.get()?;
    // Our snapshot, shared with pg_dump: the chain we verify is the one the dump holds.
    conn.batch_execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")?;
    let result = (|| -> anyhow::Result<Summary> {
        let snapshot: Snapshot = diesel::sql_query("SELECT pg_export_snapshot() AS id").get_result(&mut *conn)?;
        let summary = inspect(&mut conn)?;
        let out = cmd
            .arg("--format=custom")
            .arg("--no-owner")
            .arg("--no-privileges")
            .arg(format!("--snapshot={}", snapshot.id))
            .arg(format!("--file={}", partial.display()))
            .arg(format!("--dbname={url_no_password}"))
            .output()
            .context("running pg_dump")?;
        if !out.status.success() {
            bail!("pg_dump 失败: {}", String::from_utf8_lossy(&out.stderr).trim());
        }
        Ok(summary)
    })();
    let _ = conn.batch_execute("COMMIT");
    result
}

/// What a backup file is, from its first bytes.
fn file_kind(path: &Path) -> anyhow::Result<&'static str> {
    let mut head = [0u8; 16];
    let mut f = std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?;
    let n = f.read(&mut head)?;
    Ok(if n >= 16 && &head[..16] == b"SQLite format 3\0" {
        "sqlite"
    } else if n >= 5 && &head[..5] == b"PGDMP" {
        "postgres"
    } else {
        "unknown"
    })
}

/// Restores `from` into the (empty) database at `url`, migrates it to this version and
/// verifies it.
pub fn restore(url: &DatabaseUrl, from: &Path) -> anyhow::Result<Summary> {
    let kind = file_kind(from)?;
    if kind != url.backend_name() {
        bail!(
            "{} 不是 {} 备份 (文件类型: {kind}); SQLite 备份只能恢复到 SQLite, pg_dump 备份只能恢复到 PostgreSQL",
            from.display(),
            url.backend_name()
        );
    }
    match url {
        DatabaseUrl::Sqlite(path) => {
            let occupied = |p: &Path| std::fs::metadata(p).map(|m| m.len() > 0).unwrap_or(false);
            let wal = PathBuf::from(format!("{}-wal", path.display()));
            if occupied(path) || occupied(&wal) {
                bail!("目标数据库 {} 不是空的: 恢复只写入空数据库 (请换一个新路径)", path.display());
            }
            // Check the copy before it takes the database's name.
            let source = inspect(&mut open_sqlite_read_only(from)?)?;
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir)?;
            }
            let partial = partial_path(path);
            std::fs::copy(from, &partial).with_context(|| format!("copying to {}", partial.display()))?;
            std::fs::File::open(&partial)?.sync_all()?;
            std::fs::rename(&partial, path)?;
            log::debug!("backup holds {} audit record(s)", source.chain.checked);
        }
        DatabaseUrl::Postgres(raw) => {
            let (mut cmd, url_no_password) = pg_tool("pg_restore", raw)?;
            {
                let pool = db::connect(url, 1)?;
                let mut conn = pool.get()?;
                let c: Count =
                    diesel::sql_query("SELECT count(*) AS n FROM pg_tables WHERE schemaname = current_schema()")
                        .get_result(&mut *conn)?;
                if c.n > 0 {
                    bail!("目标数据库不是空的 ({} 张表): 恢复只写入空数据库 (请先 createdb 一个新库)", c.n);
                }
            }
            let out = cmd
                .arg("--no-owner")
                .arg("--no-privileges")
                .arg("--exit-on-error")
                .arg("--single-transaction")
                .arg(format!("--dbname={url_no_password}"))
                .arg(from)
                .output()
                .context("running pg_restore")?;
            if !out.status.success() {
                bail!("pg_restore 失败 (未写入任何内容): {}", String::from_utf8_lossy(&out.stderr).trim());
            }
        }
    }
    let pool = db::connect(url, 1)?;
    let mut conn = pool.get()?;
    let n = super::bootstrap::with_startup_lock(&mut conn, |c| Ok(db::migrate(c)?))?;
    if n > 0 {
        log::info!("{n} migration(s) applied to the restored database");
    }
    inspect(&mut conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_leave_the_url() {
        let (u, p) = split_password("postgres://lvyue:s%40cret@db:5432/lvyue?sslmode=require");
        assert_eq!(u, "postgres://lvyue@db:5432/lvyue?sslmode=require");
        assert_eq!(p.as_deref(), Some("s@cret"));
        let (u, p) = split_password("postgres://postgres@127.0.0.1/x");
        assert_eq!(u, "postgres://postgres@127.0.0.1/x");
        assert_eq!(p, None);
    }

    #[test]
    fn partial_files_sit_beside_the_target() {
        assert_eq!(partial_path(Path::new("/b/x.db")), PathBuf::from("/b/x.db.partial"));
    }
}
