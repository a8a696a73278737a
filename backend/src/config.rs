//! Configuration from the environment (and an optional `.env` file).
//! A bad value stops the program with a message naming the variable.

use std::{
    net::SocketAddr,
    path::{Path, PathBuf},
};

#[derive(Debug, thiserror::Error)]
#[error("配置错误 {var}: {message}")]
pub struct ConfigError {
    pub var: &'static str,
    pub message: String,
}

fn bad(var: &'static str, message: impl Into<String>) -> ConfigError {
    ConfigError { var, message: message.into() }
}

/// Which database a `DATABASE_URL` points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    /// A file path for the embedded SQLite database.
    Sqlite(PathBuf),
    /// A libpq connection URL.
    Postgres(String),
}

impl DatabaseUrl {
    pub fn parse(raw: &str) -> Result<Self, ConfigError> {
        let raw = raw.trim();
        if let Some(path) = raw.strip_prefix("sqlite://").or_else(|| raw.strip_prefix("sqlite:")) {
            if path.is_empty() {
                return Err(bad("DATABASE_URL", "SQLite 数据库文件路径为空"));
            }
            return Ok(Self::Sqlite(PathBuf::from(path)));
        }
        if raw.starts_with("postgres://") || raw.starts_with("postgresql://") {
            return Ok(Self::Postgres(raw.to_owned()));
        }
        Err(bad("DATABASE_URL", format!("不支持的数据库地址 {raw:?}: 应以 sqlite:// 或 postgres:// 开头")))
    }

    pub fn backend_name(&self) -> &'static str {
        match self {
            Self::Sqlite(_) => "sqlite",
            Self::Postgres(_) => "postgres",
        }
    }

    /// The URL with any password hidden, for logs.
    pub fn redacted(&self) -> String {
        match self {
            Self::Sqlite(p) => format!("sqlite://{}", p.display()),
            Self::Postgres(url) => match (url.find("://"), url.rfind('@')) {
                (Some(s), Some(at)) if at > s => {
                    let creds = &url[s + 3..at];
                    let user = creds.split(':').next().unwrap_or("");
                    format!("{}{}:***{}", &url[..s + 3], user, &url[at..])
                }
                _ => url.clone(),
            },
        }
    }
}

#[derive(Debug, Clone)]
pub struct Config {
    pub database_url: DatabaseUrl,
    pub bind: SocketAddr,
    /// Where generated secrets (JWT key, first admin password) are kept.
    pub data_dir: PathBuf,
    pub jwt_secret: Vec<u8>,
    /// The key of the audit chain (`LVYUE_AUDIT_KEY`, else derived from the JWT key).
    pub audit_key: crate::audit::key::AuditKey,
    pub static_dir: Option<PathBuf>,
    /// Bearer token that `/metrics` requires (`LVYUE_METRICS_TOKEN`).
    pub metrics_token: Option<String>,
    /// A listener of its own for `/metrics` (`LVYUE_METRICS_BIND`).
    pub metrics_bind: Option<SocketAddr>,
    /// Days before the deadline at which a problem turns yellow.
    pub warning_days: i64,
    /// Seconds between two scans for deadline warnings to notify.
    pub scan_interval_secs: u64,
    /// Points of the unit score deducted per occurrence.
    pub score_weights: crate::domain::score::Weights,
    /// When materialized statistics are served (`LVYUE_STATS_MAX_AGE`, `LVYUE_STATS_INLINE_MS`).
    pub stats_freshness: crate::domain::stats_freshness::Policy,
    /// Seconds between two refreshes of the statistics asked for (`LVYUE_STATS_REFRESH`).
    pub stats_refresh_secs: u64,
    /// Imports read at once (`LVYUE_MAX_IMPORTS`); more answer 503 with `Retry-After`.
    pub import_slots: Slots,
    /// Proxies whose `X-Forwarded-For` / `Forwarded` headers name the client (`LVYUE_TRUSTED_PROXIES`).
    pub trusted_proxies: crate::audit::context::TrustedProxies,
    /// `LVYUE_AUDIT_CHECKPOINT_FILE`: a file the periodic audit checkpoints are appended to as
    /// well (one log line each), e.g. on a volume the database administrators cannot write.
    pub audit_checkpoint_file: Option<PathBuf>,
    /// Exports that may run at once (`LVYUE_EXPORT_CONCURRENCY`); more answer 503.
    pub export_concurrency: usize,
    /// Where attachments are kept (`LVYUE_STORAGE_URL`; default `attachments/` in the data directory).
    pub storage: crate::storage::StorageUrl,
    /// S3 options over the environment's (tests point at their own endpoint).
    pub storage_options: Vec<(String, String)>,
    /// Webhook delivery (`LVYUE_WEBHOOK_*`).
    pub webhooks: WebhookSettings,
}

/// How webhooks are delivered.
#[derive(Debug, Clone)]
pub struct WebhookSettings {
    /// Internal addresses and hosts webhooks may reach (`LVYUE_WEBHOOK_ALLOW`); public ones
    /// are always allowed.
    pub allow: crate::domain::outbound::AllowList,
    /// Time allowed for one delivery: connecting, sending, the answer (`LVYUE_WEBHOOK_TIMEOUT`, seconds).
    pub timeout: std::time::Duration,
    /// The first retry's delay, doubled after each failed attempt (`LVYUE_WEBHOOK_RETRY_BASE`, seconds).
    pub retry_base: std::time::Duration,
    /// The longest delay between two attempts.
    pub retry_max: std::time::Duration,
    /// How long a delivery is retried before it is marked failed.
    pub retry_window: chrono::Duration,
    /// How often each server looks for deliveries due.
    pub poll_interval: std::time::Duration,
}

impl Default for WebhookSettings {
    fn default() -> Self {
        Self {
            allow: Default::default(),
            timeout: std::time::Duration::from_secs(10),
            retry_base: std::time::Duration::from_secs(30),
            retry_max: std::time::Duration::from_secs(3600),
            retry_window: chrono::Duration::hours(24),
            poll_interval: std::time::Duration::from_secs(1),
        }
    }
}

impl WebhookSettings {
    fn from_env() -> Result<Self, ConfigError> {
        let allow = crate::domain::outbound::AllowList::parse(&var("LVYUE_WEBHOOK_ALLOW").unwrap_or_default())
            .map_err(|e| bad("LVYUE_WEBHOOK_ALLOW", e))?;
        let timeout = ranged("LVYUE_WEBHOOK_TIMEOUT", 10u64, 1..=120, "1 到 120 之间的秒数")?;
        let retry_base = ranged("LVYUE_WEBHOOK_RETRY_BASE", 30u64, 1..=3600, "1 到 3600 之间的秒数")?;
        Ok(Self {
            allow,
            timeout: std::time::Duration::from_secs(timeout),
            retry_base: std::time::Duration::from_secs(retry_base),
            ..Self::default()
        })
    }
}

/// A count of concurrent uses of something expensive (parsing an upload), shared by every
/// worker of one server: it lives in the configuration because each worker has its own state
/// but all share the configuration.
#[derive(Debug, Clone)]
pub struct Slots {
    limit: usize,
    used: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

/// A taken slot, given back when dropped.
#[derive(Debug)]
pub struct Slot(std::sync::Arc<std::sync::atomic::AtomicUsize>);

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, std::sync::atomic::Ordering::AcqRel);
    }
}

impl Slots {
    pub fn new(limit: usize) -> Self {
        Self { limit, used: Default::default() }
    }

    pub fn limit(&self) -> usize {
        self.limit
    }

    /// A slot, or `None` when all are taken.
    pub fn try_take(&self) -> Option<Slot> {
        use std::sync::atomic::Ordering;
        self.used
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| (n < self.limit).then_some(n + 1))
            .ok()
            .map(|_| Slot(self.used.clone()))
    }
}

/// Imports read at once unless `LVYUE_MAX_IMPORTS` says otherwise: one per core of the
/// reference machine.
pub const DEFAULT_MAX_IMPORTS: usize = 2;

pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/lvyue.db";
pub const DEFAULT_BIND: &str = "127.0.0.1:8080";

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

impl Config {
    /// Reads the database settings only (enough for `migrate` and `seed`).
    pub fn database_from_env() -> Result<(DatabaseUrl, PathBuf), ConfigError> {
        let _ = dotenvy::dotenv();
        let url = DatabaseUrl::parse(&var("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.into()))?;
        let data_dir = match var("LVYUE_DATA_DIR") {
            Some(d) => PathBuf::from(d),
            None => match &url {
                DatabaseUrl::Sqlite(p) => p
                    .parent()
                    .filter(|p| !p.as_os_str().is_empty())
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| PathBuf::from(".")),
                DatabaseUrl::Postgres(_) => PathBuf::from("data"),
            },
        };
        std::fs::create_dir_all(&data_dir)
            .map_err(|e| bad("LVYUE_DATA_DIR", format!("无法创建数据目录 {}: {e}", data_dir.display())))?;
        Ok((url, data_dir))
    }

    /// `LVYUE_BIND` alone (for `lvyue healthcheck`).
    pub fn bind_from_env() -> Result<SocketAddr, ConfigError> {
        let bind_raw = var("LVYUE_BIND").unwrap_or_else(|| DEFAULT_BIND.into());
        bind_raw
            .parse::<SocketAddr>()
            .map_err(|_| bad("LVYUE_BIND", format!("{bind_raw:?} 不是 主机:端口 形式的地址 (例如 127.0.0.1:8080)")))
    }

    pub fn from_env() -> Result<Self, ConfigError> {
        let (database_url, data_dir) = Self::database_from_env()?;
        let bind = Self::bind_from_env()?;
        let jwt_secret = jwt_secret_from_env(&database_url, &data_dir)?;
        let audit_key = audit_key_from_env(&jwt_secret)?;
        let static_dir = static_dir_from_env()?;
        let (metrics_token, metrics_bind) = metrics_from_env(bind)?;
        let warning_days = ranged("LVYUE_WARNING_DAYS", 3, 0..=365, "0 到 365 之间的整数")?;
        let scan_interval_secs = ranged("LVYUE_SCAN_INTERVAL", 300, 1..=86_400, "1 到 86400 之间的秒数")?;
        let score_weights = score_weights_from_env()?;
        let stats_freshness = stats_freshness_from_env()?;
        let stats_refresh_secs = ranged("LVYUE_STATS_REFRESH", 15, 1..=3_600, "1 到 3600 之间的秒数")?;
        let max_imports = ranged("LVYUE_MAX_IMPORTS", DEFAULT_MAX_IMPORTS, 1..=64, "1 到 64 之间的整数")?;
        let trusted_proxies =
            crate::audit::context::TrustedProxies::parse(&var("LVYUE_TRUSTED_PROXIES").unwrap_or_default())
                .map_err(|e| bad("LVYUE_TRUSTED_PROXIES", e))?;
        let export_concurrency = ranged("LVYUE_EXPORT_CONCURRENCY", 2, 1..=32, "1 到 32 之间的整数")?;
        let storage = Self::storage_from_env(&data_dir)?;
        let webhooks = WebhookSettings::from_env()?;
        let audit_checkpoint_file = checkpoint_file_from_env()?;
        Ok(Self {
            webhooks,
            audit_checkpoint_file,
            storage,
            storage_options: Vec::new(),
            export_concurrency,
            database_url,
            bind,
            data_dir,
            jwt_secret,
            audit_key,
            static_dir,
            metrics_token,
            metrics_bind,
            warning_days,
            scan_interval_secs,
            score_weights,
            stats_freshness,
            stats_refresh_secs,
            import_slots: Slots::new(max_imports),
            trusted_proxies,
        })
    }

    /// `LVYUE_STORAGE_URL` alone (for `lvyue seed`), defaulting to the data directory's `attachments/`.
    pub fn storage_from_env(data_dir: &Path) -> Result<crate::storage::StorageUrl, ConfigError> {
        match var("LVYUE_STORAGE_URL") {
            Some(raw) => crate::storage::StorageUrl::parse(&raw).map_err(|e| bad("LVYUE_STORAGE_URL", e)),
            None => Ok(crate::storage::StorageUrl::default_for(data_dir)),
        }
    }

    /// A configuration with the defaults, for tests and benchmarks.
    pub fn with_defaults(database_url: DatabaseUrl, bind: SocketAddr, data_dir: PathBuf, jwt_secret: Vec<u8>) -> Self {
        Self {
            storage: crate::storage::StorageUrl::default_for(&data_dir),
            storage_options: Vec::new(),
            database_url,
            bind,
            data_dir,
            audit_key: crate::audit::key::AuditKey::derived_from(&jwt_secret),
            jwt_secret,
            static_dir: None,
            metrics_token: None,
            metrics_bind: None,
            warning_days: 3,
            scan_interval_secs: 300,
            score_weights: crate::domain::score::Weights::default(),
            stats_freshness: Default::default(),
            stats_refresh_secs: 15,
            import_slots: Slots::new(DEFAULT_MAX_IMPORTS),
            trusted_proxies: Default::default(),
            export_concurrency: 2,
            webhooks: WebhookSettings::default(),
            audit_checkpoint_file: None,
        }
    }
}

/// How to make a key, for the messages that ask for one.
pub const SECRET_HOWTO: &str = "生成密钥: `lvyue secret generate` (或 `openssl rand -hex 64`), \
     将同一个值配置到每台服务器的 LVYUE_JWT_SECRET (或写入文件并设置 LVYUE_JWT_SECRET_FILE)";

/// The key that signs access tokens: `LVYUE_JWT_SECRET`, or the file `LVYUE_JWT_SECRET_FILE`
/// names. On SQLite (one server) a key is generated once into the data directory; on
/// PostgreSQL, where several servers must share one key, a missing key stops the program.
fn jwt_secret_from_env(url: &DatabaseUrl, data_dir: &Path) -> Result<Vec<u8>, ConfigError> {
    let check = |var: &'static str, s: String| {
        if s.len() < 32 {
            Err(bad(var, format!("密钥至少需要 32 个字符。{SECRET_HOWTO}")))
        } else {
            Ok(s.into_bytes())
        }
    };
    match (var("LVYUE_JWT_SECRET"), var("LVYUE_JWT_SECRET_FILE")) {
        (Some(_), Some(_)) => Err(bad("LVYUE_JWT_SECRET_FILE", "与 LVYUE_JWT_SECRET 只能设置其一")),
        (Some(s), None) => check("LVYUE_JWT_SECRET", s),
        (None, Some(path)) => {
            let s = std::fs::read_to_string(&path)
                .map_err(|e| bad("LVYUE_JWT_SECRET_FILE", format!("无法读取密钥文件 {path}: {e}")))?;
            check("LVYUE_JWT_SECRET_FILE", s.trim().to_owned())
        }
        (None, None) => match url {
            DatabaseUrl::Postgres(_) => Err(bad(
                "LVYUE_JWT_SECRET",
                format!(
                    "使用 PostgreSQL 时必须设置 (多台服务器须共用同一密钥, 否则一台签发的令牌在另一台无效)。{SECRET_HOWTO}"
                ),
            )),
            DatabaseUrl::Sqlite(_) => load_or_create_secret(&data_dir.join("jwt_secret"))
                .map_err(|e| bad("LVYUE_JWT_SECRET", format!("未设置, 且无法在数据目录生成密钥文件: {e}"))),
        },
    }
}

/// `LVYUE_AUDIT_CHECKPOINT_FILE`: its directory must exist (the file is created on first use).
fn checkpoint_file_from_env() -> Result<Option<PathBuf>, ConfigError> {
    let Some(raw) = var("LVYUE_AUDIT_CHECKPOINT_FILE") else { return Ok(None) };
    let path = PathBuf::from(raw.trim());
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if path.file_name().is_none() || !dir.is_dir() {
        return Err(bad("LVYUE_AUDIT_CHECKPOINT_FILE", format!("目录 {} 不存在", dir.display())));
    }
    Ok(Some(path))
}

/// The audit chain's key: `LVYUE_AUDIT_KEY`, or the file `LVYUE_AUDIT_KEY_FILE` names (at least
/// 32 characters; the same on every server), else derived from the JWT key.
fn audit_key_from_env(jwt_secret: &[u8]) -> Result<crate::audit::key::AuditKey, ConfigError> {
    use crate::audit::key::AuditKey;
    let check = |var: &'static str, s: String| {
        if s.len() < 32 {
            Err(bad(var, format!("密钥至少需要 32 个字符。{SECRET_HOWTO}")))
        } else {
            Ok(AuditKey::new(s.as_bytes()))
        }
    };
    match (var("LVYUE_AUDIT_KEY"), var("LVYUE_AUDIT_KEY_FILE")) {
        (Some(_), Some(_)) => Err(bad("LVYUE_AUDIT_KEY_FILE", "与 LVYUE_AUDIT_KEY 只能设置其一")),
        (Some(s), None) => check("LVYUE_AUDIT_KEY", s),
        (None, Some(path)) => {
            let s = std::fs::read_to_string(&path)
                .map_err(|e| bad("LVYUE_AUDIT_KEY_FILE", format!("无法读取密钥文件 {path}: {e}")))?;
            check("LVYUE_AUDIT_KEY_FILE", s.trim().to_owned())
        }
        (None, None) => Ok(AuditKey::derived_from(jwt_secret)),
    }
}

/// The audit key for a command run on the server host (seed, create-user, settings, admin,
/// audit verify), found as `serve` finds it. On PostgreSQL without a configured key: an error
/// naming the variables.
pub fn audit_key_for_command(url: &DatabaseUrl, data_dir: &Path) -> Result<crate::audit::key::AuditKey, ConfigError> {
    let jwt_secret = match (var("LVYUE_AUDIT_KEY"), var("LVYUE_AUDIT_KEY_FILE")) {
        (None, None) => jwt_secret_from_env(url, data_dir)?,
        _ => Vec::new(),
    };
    audit_key_from_env(&jwt_secret)
}

/// A new random key: 64 bytes as hex (`lvyue secret generate`).
pub fn generate_secret() -> String {
    let mut bytes = [0u8; 64];
    rand::fill(&mut bytes);
    hex::encode(bytes)
}

/// Reads a secret file, or creates it with 64 random bytes (hex) readable by the owner only.
pub fn load_or_create_secret(path: &Path) -> std::io::Result<Vec<u8>> {
    if let Ok(existing) = std::fs::read_to_string(path) {
        let trimmed = existing.trim();
        if trimmed.len() >= 32 {
            return Ok(trimmed.as_bytes().to_vec());
        }
    }
    let secret = generate_secret();
    write_private_file(path, &secret)?;
    Ok(secret.into_bytes())
}

/// Writes a file that only its owner may read (mode 0600).
pub fn write_private_file(path: &Path, contents: &str) -> std::io::Result<()> {
    use std::io::Write;
    #[cfg(unix)]
    use std::os::unix::fs::OpenOptionsExt;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    opts.mode(0o600);
    let mut f = opts.open(path)?;
    f.write_all(contents.as_bytes())?;
    f.write_all(b"\n")?;
    Ok(())
}

/// A number from the environment within `range`; `default` when unset.
/// `LVYUE_STATS_MAX_AGE` (seconds, default 300) and `LVYUE_STATS_INLINE_MS` (default 50).
fn stats_freshness_from_env() -> Result<crate::domain::stats_freshness::Policy, ConfigError> {
    let max_age: i64 = ranged("LVYUE_STATS_MAX_AGE", 300, 0..=86_400, "0 到 86400 之间的秒数")?;
    let inline_budget_ms = ranged("LVYUE_STATS_INLINE_MS", 50, 0..=600_000, "0 到 600000 之间的毫秒数")?;
    Ok(crate::domain::stats_freshness::Policy { max_age: chrono::Duration::seconds(max_age), inline_budget_ms })
}

fn ranged<T>(name: &'static str, default: T, range: std::ops::RangeInclusive<T>, what: &str) -> Result<T, ConfigError>
where
    T: std::str::FromStr + PartialOrd,
{
    match var(name) {
        None => Ok(default),
        Some(v) => {
            v.parse::<T>().ok().filter(|n| range.contains(n)).ok_or_else(|| bad(name, format!("{v:?} 应为 {what}")))
        }
    }
}

/// `LVYUE_STATIC_DIR`: a built SPA (with its `index.html`).
fn static_dir_from_env() -> Result<Option<PathBuf>, ConfigError> {
    let Some(d) = var("LVYUE_STATIC_DIR") else { return Ok(None) };
    let p = PathBuf::from(&d);
    if !p.join("index.html").is_file() {
        return Err(bad("LVYUE_STATIC_DIR", format!("{d} 中没有 index.html (先构建前端: make frontend)")));
    }
    Ok(Some(p))
}

/// `LVYUE_METRICS_TOKEN` (at least 16 characters) and `LVYUE_METRICS_BIND` (not the API's address).
fn metrics_from_env(bind: SocketAddr) -> Result<(Option<String>, Option<SocketAddr>), ConfigError> {
    let metrics_token = match var("LVYUE_METRICS_TOKEN") {
        Some(t) if t.trim().len() < 16 => return Err(bad("LVYUE_METRICS_TOKEN", "令牌至少需要 16 个字符")),
        t => t.map(|t| t.trim().to_owned()),
    };
    let metrics_bind = match var("LVYUE_METRICS_BIND") {
        None => None,
        Some(raw) => Some(raw.parse::<SocketAddr>().map_err(|_| {
            bad("LVYUE_METRICS_BIND", format!("{raw:?} 不是 主机:端口 形式的地址 (例如 127.0.0.1:9100)"))
        })?),
    };
    if metrics_bind.is_some_and(|m| m == bind && bind.port() != 0) {
        return Err(bad("LVYUE_METRICS_BIND", "不能与 LVYUE_BIND 相同"));
    }
    Ok((metrics_token, metrics_bind))
}

/// `LVYUE_SCORE_*`: the score's weights, each 0 to 100.
fn score_weights_from_env() -> Result<crate::domain::score::Weights, ConfigError> {
    let mut score_weights = crate::domain::score::Weights::default();
    // Late closures are no longer a deduction of their own: lateness is counted in days overdue.
    if var("LVYUE_SCORE_LATE_CLOSURE").is_some() {
        return Err(bad(
            "LVYUE_SCORE_LATE_CLOSURE",
            "已不再使用: 超期按逾期天数扣分, 请改用 LVYUE_SCORE_OVERDUE_DAY (见 docs/scoring.md)",
        ));
    }
    for (name, slot) in [
        ("LVYUE_SCORE_OVERDUE", &mut score_weights.overdue),
        ("LVYUE_SCORE_OVERDUE_DAY", &mut score_weights.overdue_day),
        ("LVYUE_SCORE_REJECTION", &mut score_weights.rejection),
        ("LVYUE_SCORE_REDO", &mut score_weights.redo),
        ("LVYUE_SCORE_REOPENING", &mut score_weights.reopening),
    ] {
        if let Some(v) = var(name) {
            *slot = v
                .parse::<f64>()
                .ok()
                .filter(|w| w.is_finite() && (0.0..=100.0).contains(w))
                .ok_or_else(|| bad(name, format!("{v:?} 应为 0 到 100 之间的数")))?;
        }
    }
    Ok(score_weights)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_database_urls() {
        assert_eq!(DatabaseUrl::parse("sqlite://data/x.db").unwrap(), DatabaseUrl::Sqlite("data/x.db".into()));
        assert_eq!(DatabaseUrl::parse("sqlite:/tmp/x.db").unwrap(), DatabaseUrl::Sqlite("/tmp/x.db".into()));
        assert!(matches!(DatabaseUrl::parse("postgres://u@h/db").unwrap(), DatabaseUrl::Postgres(_)));
        let err = DatabaseUrl::parse("mysql://x").unwrap_err();
        assert_eq!(err.var, "DATABASE_URL");
        assert!(DatabaseUrl::parse("sqlite://").is_err());
    }

    #[test]
    fn slots_are_given_back() {
        let slots = Slots::new(2);
        let a = slots.try_take().unwrap();
        let _b = slots.clone().try_take().unwrap();
        assert!(slots.try_take().is_none(), "clones share the count");
        drop(a);
        assert!(slots.try_take().is_some());
    }

    #[test]
    fn redacts_passwords() {
        let u = DatabaseUrl::parse("postgres://lvyue:secret@db:5432/lvyue").unwrap();
        assert_eq!(u.redacted(), "postgres://lvyue:***@db:5432/lvyue");
    }

    #[test]
    fn secret_file_is_private_and_stable() {
        let dir = std::env::temp_dir().join(format!("lvyue-cfg-{}", uuid::Uuid::now_v7()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("jwt_secret");
        let a = load_or_create_secret(&path).unwrap();
        let b = load_or_create_secret(&path).unwrap();
        assert_eq!(a, b);
        assert!(a.len() >= 64);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        }
        std::fs::remove_dir_all(dir).unwrap();
    }
}
