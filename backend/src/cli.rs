//! The `lvyue` command line: serve, migrate, openapi, seed, create-user.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use anyhow::{Context, anyhow, bail};

use crate::{
    audit::{Actor, RequestMeta},
    auth,
    clock::Clock,
    config::{Config, write_private_file},
    db::{self, DbConnection},
    domain::{
        password_policy,
        roles::{Grant, Role, check_role_set},
    },
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
    /// Migrates the database and serves the API (and the SPA when LVYUE_STATIC_DIR is set).
    Serve,
    /// Applies pending database migrations.
    Migrate,
    /// Prints the OpenAPI document.
    Openapi,
    /// Seeds the organisation (一办五组, units, dictionaries); with --demo also the demo data.
    Seed {
        /// Also add the demo accounts (password Lvyue#Demo2024): for trials and tests only.
        #[arg(long)]
        demo: bool,
        /// With --demo: only when the database has no account yet other than `admin`.
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
        /// Roles, comma separated: office, leader, unit, auditor, sysadmin, group_lead:GROUP_CODE.
        #[arg(long)]
        roles: String,
        /// Require a password change at first sign-in (the default for accounts made by an administrator).
        #[arg(long, default_value_t = true, action = clap::ArgAction::Set)]
        must_change_password: bool,
    },
}

fn init_logging() {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("info,actix_server=warn"))
        .format_timestamp_millis()
        .init();
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
            init_logging();
            let (url, _) = Config::database_from_env()?;
            let pool = db::connect(&url, 1)?;
            let n = db::migrate(&mut *pool.get()?)?;
            log::info!("{}: {n} migration(s) applied", url.redacted());
            Ok(())
        }
        Command::Seed { demo, if_fresh } => {
            init_logging();
            let (url, data_dir) = Config::database_from_env()?;
            let pool = db::connect(&url, 4)?;
            let conn = &mut *pool.get()?;
            db::migrate(conn)?;
            let clock = Clock::system();
            let report = seed::organisation(conn, &clock)?;
            println!("organisation: {report}");
            announce_admin(seed::bootstrap_admin(conn, &clock)?, &data_dir)?;
            if demo {
                let fresh = store::users::count(conn)? <= 1;
                if !if_fresh || fresh {
                    println!("demo: {}", seed::demo(conn, &clock)?);
                }
                let (accounts, password) = seed::demo_account_list();
                println!("\n演示账号 (demo accounts), password {password}:");
                for (username, display_name) in accounts {
                    println!("  {username:<22} {display_name}");
                }
            }
            Ok(())
        }
        Command::CreateUser { username, display_name, unit, roles, must_change_password } => {
            init_logging();
            let (url, _) = Config::database_from_env()?;
            let pool = db::connect(&url, 2)?;
            let conn = &mut *pool.get()?;
            db::migrate(conn)?;
            create_user_cli(conn, &username, &display_name, &unit, &roles, must_change_password)
        }
        Command::Serve => {
            init_logging();
            let config = Config::from_env()?;
            actix_web::rt::System::new().block_on(serve(config))
        }
    }
}

/// The committed `openapi/openapi.json`: pretty-printed, with a final newline.
pub fn openapi_json() -> String {
    startup::openapi().to_pretty_json().expect("the OpenAPI document serialises")
}

async fn serve(config: Config) -> anyhow::Result<()> {
    let pool = db::connect(&config.database_url, 16)?;
    let n = db::migrate(&mut *pool.get()?)?;
    log::info!("database {} ready ({n} migration(s) applied)", config.database_url.redacted());
    let bind = config.bind;
    let app = startup::Application::build(config, pool, None, Clock::system())
        .map_err(|e| anyhow::anyhow!("无法监听 {bind} (LVYUE_BIND): {e}"))?;
    log::info!("serving on http://{}:{}", bind.ip(), app.port());
    app.run_until_stopped().await?;
    log::info!("stopped");
    Ok(())
}

/// Prints the first administrator's password once and keeps it in a private file.
fn announce_admin(password: Option<String>, data_dir: &std::path::Path) -> anyhow::Result<()> {
    let Some(password) = password else { return Ok(()) };
    let path = data_dir.join("initial_admin_password");
    write_private_file(&path, &password).with_context(|| format!("writing {}", path.display()))?;
    println!();
    println!("==================================================================");
    println!(" 已创建系统管理员账号 admin (first administrator account created)");
    println!("   username: admin");
    println!("   password: {password}");
    println!(" 首次登录须修改密码。密码仅显示这一次, 另存于 {} (0600)", path.display());
    println!("==================================================================");
    println!();
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
