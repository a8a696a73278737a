//! The `lvyue` command line: serve, migrate, openapi, seed, create-user.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::{config::Config, db, startup};

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
    let app = startup::Application::build(config, pool, None)
        .map_err(|e| anyhow::anyhow!("无法监听 {bind} (LVYUE_BIND): {e}"))?;
    log::info!("serving on http://{}:{}", bind.ip(), app.port());
    app.run_until_stopped().await?;
    log::info!("stopped");
    Ok(())
}
