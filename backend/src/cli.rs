//! The `lvyue` command line: serve, migrate, openapi, seed, create-user, backup, restore,
//! healthcheck, secret.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use anyhow::{anyhow, bail};

use crate::{
    audit::{Actor, RequestMeta},
    auth,
    clock::Clock,
    config::{self, Config},
    db::{self, DbConnection},
    domain::{
        password_policy,
        roles::{Grant, Role, check_role_set},
    },
    ops::{backup, bootstrap, healthcheck, logging},
    seed,
    service::accounts::NewAccount,
    startup, store,
};

#[derive(Parser)]
#[command(name = "lvyue", version, about = "履约 · 强化政府履约专项行动管理系统")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Migrates the database, seeds an empty one (organisation and first administrator), and
    /// serves the API (and the SPA when LVYUE_STATIC_DIR is set).
    Serve,
    /// Applies pending database migrations; on an empty database also seeds the organisation
    /// and creates the first administrator.
    Migrate,
    /// Prints the OpenAPI document.
    Openapi,
    /// Seeds the organisation (一办五组, units, dictionaries); with --demo also the demo data.
    Seed {
        /// Also add the demo accounts (password Lvyue#Demo2024): for trials and tests only.
        #[arg(long)]
        demo: bool,
        /// With --demo: only when the database has no account yet other than the first start's
        /// administrators (`admin`, `security_admin`, `audit_admin`).
        #[arg(long, requires = "demo")]
        if_fresh: bool,
    },
    /// Creates an account; the password is read from LVYUE_NEW_PASSWORD or prompted on stdin.
    CreateUser {
        #[arg(long)]
        username: String,
        #[arg(long)]
        display_name: String,
        /// The unit's code (e.g. `finance`) or name (e.g. 区财政局).
        #[arg(long)]
        unit: String,
        /// Roles, comma separated: office, leader, unit, auditor, sysadmin, secadmin,
        /// group_lead:GROUP_CODE (at most one administrator role, and then no other: 三员分立).
        #[arg(long)]
        roles: String,
        /// Require a password change at first sign-in (the default for accounts made by an administrator).
        #[arg(long, default_value_t = true, action = clap::ArgAction::Set)]
        must_change_password: bool,
    },
    /// Writes a consistent backup of the database (SQLite: VACUUM INTO; PostgreSQL: pg_dump)
    /// while the server runs, and verifies the audit chain of the copy.
    Backup {
        /// The backup file to write (must not exist).
        #[arg(long)]
        to: std::path::PathBuf,
    },
    /// Restores a backup into an empty database (DATABASE_URL), migrates it and verifies it.
    Restore {
        #[arg(long)]
        from: std::path::PathBuf,
    },
    /// Exits 0 when this host's server answers /readyz with 200 (for container health checks).
    Healthcheck,
    /// Run-time settings (the values the administrators set in the SPA), from the server host.
    Settings {
        #[command(subcommand)]
        command: SettingsCommand,
    },
    /// Secrets for the configuration.
    Secret {
        #[command(subcommand)]
        command: SecretCommand,
    },
    /// Break-glass administration from the server host (audited as the system).
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// The audit trail, checked from the server host.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Verifies the whole chain against the audit key (LVYUE_AUDIT_KEY, else derived from the
    /// JWT key as `serve` does) and the signed checkpoints, offline; without the key it says it
    /// checked the structure only. Exits 1 when the chain is broken.
    Verify {
        /// Verify this archive file (from `lvyue audit archive`) instead of the database.
        #[arg(long)]
        archive: Option<std::path::PathBuf>,
    },
    /// Copies the chain from its start up to the last checkpoint before DATE, with its
    /// checkpoints, into FILE (JSON lines, mode 0600), which `audit verify --archive` checks
    /// offline. Deletes nothing.
    Archive {
        /// A date (YYYY-MM-DD, UTC): records that occurred before it.
        #[arg(long)]
        before: chrono::NaiveDate,
        /// The archive to write (must not exist).
        #[arg(long)]
        to: std::path::PathBuf,
    },
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Gives an account a new random password, printed once, to be changed at its next sign-in;
    /// ends its sessions and lifts its sign-in waits. For the last 安全管理员, whom no other
    /// can reset; works on any account. Audited (`user.reset_password` by `lvyue admin`).
    ResetPassword { username: String },
    /// Removes an account's second factor (TOTP) and recovery codes and ends its sessions; an
    /// administrator enrols again at the next sign-in. For the last 安全管理员 who lost the
    /// authenticator. Audited (`user.reset_totp` by `lvyue admin`).
    ResetTotp { username: String },
}

#[derive(Subcommand)]
enum SettingsCommand {
    /// Sets one setting, e.g. `lvyue settings set auth.login_requests_per_minute 120` (the value
    /// is JSON); audited as the system.
    Set { key: String, value: String },
}

#[derive(Subcommand)]
enum SecretCommand {
    /// Prints a new random key for LVYUE_JWT_SECRET (64 bytes, hex).
    Generate,
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("lvyue: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Openapi => {
            println!("{}", openapi_json());
            Ok(())
        }
        Command::Migrate => {
            logging::init()?;
            let (url, data_dir) = Config::database_from_env()?;
            install_audit_key(&url, &data_dir)?;
            let pool = db::connect(&url, 1)?;
            prepare(&mut *pool.get()?, &url, &data_dir)
        }
        Command::Seed { demo, if_fresh } => {
            logging::init()?;
            seed_command(demo, if_fresh)
        }
        Command::CreateUser { username, display_name, unit, roles, must_change_password } => {
            logging::init()?;
            let (url, data_dir) = Config::database_from_env()?;
            install_audit_key(&url, &data_dir)?;
            let pool = db::connect(&url, 2)?;
            let conn = &mut *pool.get()?;
            db::migrate(conn)?;
            create_user_cli(conn, &username, &display_name, &unit, &roles, must_change_password)
        }
        Command::Serve => {
            logging::init()?;
            let config = Config::from_env()?;
            actix_web::rt::System::new().block_on(serve(config))
        }
        Command::Backup { to } => {
            logging::init()?;
            backup_command(&to)
        }
        Command::Restore { from } => {
            logging::init()?;
            restore_command(&from)
        }
        Command::Healthcheck => {
            let _ = dotenvy::dotenv();
            let bind = Config::bind_from_env()?;
            let target = healthcheck::target(bind);
            healthcheck::check(target, std::time::Duration::from_secs(5)).map_err(|e| anyhow!("unhealthy: {e}"))?;
            println!("ok: http://{target}/readyz");
            Ok(())
        }
        Command::Settings { command: SettingsCommand::Set { key, value } } => set_setting(&key, &value),
        Command::Audit { command: AuditCommand::Verify { archive } } => {
            logging::init()?;
            audit_verify_command(archive.as_deref())
        }
        Command::Audit { command: AuditCommand::Archive { before, to } } => {
            logging::init()?;
            audit_archive_command(before, &to)
        }
        Command::Admin { command: AdminCommand::ResetPassword { username } } => {
            logging::init()?;
            admin_reset_password(&username)
        }
        Command::Admin { command: AdminCommand::ResetTotp { username } } => admin_reset_totp(&username),
        Command::Secret { command: SecretCommand::Generate } => {
            println!("{}", config::generate_secret());
            Ok(())
        }
    }
}

/// `lvyue seed [--demo [--if-fresh]]`.
fn seed_command(demo: bool, if_fresh: bool) -> anyhow::Result<()> {
    let (url, data_dir) = Config::database_from_env()?;
    install_audit_key(&url, &data_dir)?;
    let pool = db::connect(&url, 4)?;
    let conn = &mut *pool.get()?;
    bootstrap::with_startup_lock(conn, |c| Ok(db::migrate(c)?))?;
    let clock = Clock::system();
    let report = seed::organisation(conn, &clock)?;
    println!("organisation: {report}");
    let accounts = seed::bootstrap_admins(conn, &clock)?;
    bootstrap::announce(&accounts, &data_dir, &url)?;
    if demo {
        let fresh = seed::only_bootstrap_accounts(conn)?;
        if !if_fresh || fresh {
            let storage =
                crate::storage::open(&Config::storage_from_env(&data_dir)?).map_err(|e| anyhow::anyhow!(e))?;
            println!("demo: {}", seed::demo(conn, &clock, storage.as_ref())?);
        }
        let (accounts, password) = seed::demo_account_list();
        println!("\n演示账号 (demo accounts), password {password}:");
        for (username, display_name) in accounts {
            println!("  {username:<22} {display_name}");
        }
    }
    Ok(())
}

/// `lvyue backup --to FILE`.
fn backup_command(to: &std::path::Path) -> anyhow::Result<()> {
    let (url, data_dir) = Config::database_from_env()?;
    // The chain of the copy is verified with the key when it is at hand, else for structure.
    if let Ok(key) = config::audit_key_for_command(&url, &data_dir) {
        crate::audit::key::install(key);
    }
    let start = std::time::Instant::now();
    let summary = backup::backup(&url, to)?;
    let size = std::fs::metadata(to).map(|m| m.len()).unwrap_or(0);
    let seconds = start.elapsed().as_secs_f64();
    println!("backup: {} written from {} ({size} bytes, {seconds:.1}s)", to.display(), url.redacted());
    print!("{summary}");
    summary.require_intact_chain("备份已写入")
}

/// `lvyue restore --from FILE`.
fn restore_command(from: &std::path::Path) -> anyhow::Result<()> {
    let (url, data_dir) = Config::database_from_env()?;
    // The chain of the copy is verified with the key when it is at hand, else for structure.
    if let Ok(key) = config::audit_key_for_command(&url, &data_dir) {
        crate::audit::key::install(key);
    }
    let start = std::time::Instant::now();
    let summary = backup::restore(&url, from)?;
    let seconds = start.elapsed().as_secs_f64();
    println!("restore: {} restored into {} ({seconds:.1}s)", from.display(), url.redacted());
    print!("{summary}");
    summary.require_intact_chain("数据已恢复")
}

/// Migrates, and seeds an empty database (printing the first administrator's password once).
fn prepare(conn: &mut DbConnection, url: &config::DatabaseUrl, data_dir: &std::path::Path) -> anyhow::Result<()> {
    let prepared = bootstrap::prepare(conn, &Clock::system())?;
    log::info!("database {} ready ({} migration(s) applied)", url.redacted(), prepared.migrations);
    if let Some(report) = &prepared.organisation {
        log::info!("empty database: organisation seeded ({report})");
    }
    bootstrap::announce(&prepared.accounts, data_dir, url)
}

/// The committed `openapi/openapi.json`: pretty-printed, with a final newline.
pub fn openapi_json() -> String {
    startup::openapi().to_pretty_json().expect("the OpenAPI document serialises")
}

async fn serve(config: Config) -> anyhow::Result<()> {
    crate::audit::key::install(config.audit_key.clone());
    let pool = db::connect(&config.database_url, 16)?;
    prepare(&mut *pool.get()?, &config.database_url, &config.data_dir)?;
    let (bind, metrics_bind, metrics_token) = (config.bind, config.metrics_bind, config.metrics_token.is_some());
    let app = startup::Application::build(config, pool, None, Clock::system())
        .map_err(|e| anyhow::anyhow!("无法监听 {bind} (LVYUE_BIND) 或 {metrics_bind:?} (LVYUE_METRICS_BIND): {e}"))?;
    log::info!("serving on http://{}:{}", bind.ip(), app.port());
    match (app.metrics_port(), metrics_bind) {
        (Some(port), Some(m)) => log::info!("metrics on http://{}:{port}/metrics", m.ip()),
        _ if metrics_token => log::info!("metrics on /metrics (bearer token LVYUE_METRICS_TOKEN)"),
        _ => log::info!("metrics disabled (set LVYUE_METRICS_TOKEN or LVYUE_METRICS_BIND)"),
    }
    app.run_until_stopped().await?;
    log::info!("stopped");
    Ok(())
}

fn create_user_cli(
    conn: &mut DbConnection,
    username: &str,
    display_name: &str,
    unit: &str,
    roles: &str,
    must_change_password: bool,
) -> anyhow::Result<()> {
    let unit = match store::units::find_by_code(conn, unit)? {
        Some(u) => u,
        None => store::units::find_by_name(conn, unit)?
            .ok_or_else(|| anyhow!("unit {unit:?} not found (run `lvyue seed`?)"))?,
    };
    let mut grants = Vec::new();
    for part in roles.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let (role, group) = match part.split_once(':') {
            Some((r, g)) => (r, Some(g)),
            None => (part, None),
        };
        let role = Role::from_code(role).ok_or_else(|| anyhow!("unknown role {role:?}"))?;
        let group = match group {
            Some(code) => {
                Some(store::groups::find_by_code(conn, code)?.ok_or_else(|| anyhow!("unknown group {code:?}"))?.id)
            }
            None => None,
        };
        grants.push(Grant { role, group });
    }
    check_role_set(&grants).map_err(|e| anyhow!("{}", e.field_and_message().1))?;
    if store::users::find_by_username(conn, username)?.is_some() {
        bail!("username {username:?} already exists");
    }
    let password = match std::env::var("LVYUE_NEW_PASSWORD") {
        Ok(p) => p,
        Err(_) => {
            eprint!("password for {username}: ");
            let mut line = String::new();
            std::io::stdin().read_line(&mut line)?;
            line.trim_end_matches(['\r', '\n']).to_owned()
        }
    };
    if let Some(msg) = password_policy::check(&password, username) {
        bail!("password refused: {msg}");
    }
    let hash = auth::password::hash(&password);
    let user = conn.write_tx(|conn| {
        crate::service::accounts::create_user(
            conn,
            &Actor::system("lvyue create-user"),
            &RequestMeta::internal(),
            NewAccount {
                username,
                display_name,
                unit_id: &unit.id,
                grants: &grants,
                password_hash: hash,
                must_change_password,
            },
            Clock::system().now(),
        )
    })?;
    println!("created {} ({}) in {}", user.username, user.id, unit.name);
    Ok(())
}

/// Signs what this command appends to the audit trail with the installation's audit key, found
/// as `serve` finds it (on PostgreSQL the key must be configured, as for `serve`).
fn install_audit_key(url: &config::DatabaseUrl, data_dir: &std::path::Path) -> anyhow::Result<()> {
    let key = config::audit_key_for_command(url, data_dir)
        .map_err(|e| anyhow!("{}: {} (needed to sign the audit trail)", e.var, e.message))?;
    crate::audit::key::install(key);
    Ok(())
}

/// `lvyue audit archive --before DATE --to FILE`.
fn audit_archive_command(before: chrono::NaiveDate, to: &std::path::Path) -> anyhow::Result<()> {
    use std::io::Write;
    let (url, data_dir) = Config::database_from_env()?;
    let key = config::audit_key_for_command(&url, &data_dir)
        .map_err(|e| anyhow!("{}: {} (needed to sign the archive's checkpoint)", e.var, e.message))?;
    let pool = db::connect(&url, 1)?;
    let conn = &mut *pool.get()?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let file = options.open(to).map_err(|e| anyhow!("{}: {e} (an archive is never overwritten)", to.display()))?;
    let mut out = std::io::BufWriter::new(file);
    let before = before.and_hms_opt(0, 0, 0).expect("midnight");
    let header = crate::audit::archive::export(conn, &key, before, Clock::system().now(), &mut out)?;
    out.flush()?;
    println!(
        "archived records {}..={} ({} checkpoint(s)) of {} into {}; nothing was deleted",
        header.first_seq,
        header.last_seq,
        header.checkpoints,
        url.redacted(),
        to.display()
    );
    Ok(())
}

/// `lvyue audit verify [--archive FILE]`.
fn audit_verify_command(archive: Option<&std::path::Path>) -> anyhow::Result<()> {
    let (url, data_dir) = Config::database_from_env()?;
    let key = match config::audit_key_for_command(&url, &data_dir) {
        Ok(key) => Some(key),
        Err(e) => {
            eprintln!("no audit key ({}: {}): checking the structure only", e.var, e.message);
            None
        }
    };
    let (what, v) = match archive {
        Some(path) => {
            let file = std::fs::File::open(path).map_err(|e| anyhow!("{}: {e}", path.display()))?;
            let (_, v) = crate::audit::archive::verify(std::io::BufReader::new(file), key.as_ref())?;
            (format!("archive {}", path.display()), v)
        }
        None => {
            let pool = db::connect(&url, 1)?;
            let conn = &mut *pool.get()?;
            (url.redacted(), crate::audit::verify_with(conn, key.as_ref())?)
        }
    };
    let against = &v.checked_against;
    let basis = match &against.key_id {
        Some(id) if against.structure_only == 0 => format!("key {id}"),
        Some(id) => format!("key {id}; {} signed with another key: structure only", against.structure_only),
        None => "no key: structure only".to_owned(),
    };
    println!("audit chain of {what}: {} record(s), {} checkpoint(s), {basis}", v.checked, against.checkpoints);
    match (v.ok, v.first_broken_seq, &v.reason) {
        (true, ..) => {
            println!("审计链完整 (intact)");
            Ok(())
        }
        (false, seq, reason) => {
            println!("审计链断裂 (broken) at record {}: {}", seq.unwrap_or(0), reason.as_deref().unwrap_or(""));
            bail!("the audit chain is broken at record {}", seq.unwrap_or(0))
        }
    }
}

/// `lvyue admin reset-totp USERNAME` (break-glass).
fn admin_reset_totp(username: &str) -> anyhow::Result<()> {
    let (url, data_dir) = Config::database_from_env()?;
    install_audit_key(&url, &data_dir)?;
    let pool = db::connect(&url, 1)?;
    let conn = &mut *pool.get()?;
    db::migrate(conn)?;
    let clock = Clock::system();
    let user = conn
        .write_tx(|c| crate::service::accounts::break_glass_reset_totp(c, &clock, username))
        .map_err(|e| anyhow!("{}", e.detail))?;
    println!("已重置账号 {} 的两步验证 (second factor removed; it enrols again at the next sign-in)", user.username);
    Ok(())
}

/// `lvyue admin reset-password USERNAME` (break-glass).
fn admin_reset_password(username: &str) -> anyhow::Result<()> {
    let (url, data_dir) = Config::database_from_env()?;
    install_audit_key(&url, &data_dir)?;
    let pool = db::connect(&url, 1)?;
    let conn = &mut *pool.get()?;
    db::migrate(conn)?;
    let password = auth::password::generate();
    let hash = auth::password::hash(&password);
    let clock = Clock::system();
    let user = conn
        .write_tx(|c| crate::service::accounts::break_glass_reset(c, &clock, username, hash))
        .map_err(|e| anyhow!("{}", e.detail))?;
    println!("已重置账号 {} 的密码 (password reset; it must be changed at the next sign-in)", user.username);
    println!("   password: {password}");
    Ok(())
}

/// `lvyue settings set KEY VALUE`.
fn set_setting(key: &str, value: &str) -> anyhow::Result<()> {
    logging::init()?;
    let key = crate::domain::settings::SettingKey::from_code(key).ok_or_else(|| {
        let known: Vec<&str> = crate::domain::settings::SettingKey::ALL.iter().map(|k| k.code()).collect();
        anyhow!("unknown setting {key:?}; known: {}", known.join(", "))
    })?;
    let value: serde_json::Value = serde_json::from_str(value).map_err(|e| anyhow!("the value is not JSON: {e}"))?;
    let (url, data_dir) = Config::database_from_env()?;
    install_audit_key(&url, &data_dir)?;
    let pool = db::connect(&url, 1)?;
    let conn = &mut *pool.get()?;
    db::migrate(conn)?;
    let clock = crate::clock::Clock::system();
    let set = conn
        .write_tx(|c| crate::service::settings::set_by_operator(c, &clock, key, value.clone()))
        .map_err(|e| anyhow!("{}", e.detail))?;
    println!("{} = {}", set.key.code(), set.value);
    Ok(())
}
