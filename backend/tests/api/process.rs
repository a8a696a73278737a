//! Harness for tests that run the `lvyue` binary as an operator does: `lvyue serve`
//! processes on a port of their own, and fresh PostgreSQL databases for them.

use std::{
    io::{BufRead, BufReader},
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use diesel::{Connection, RunQueryDsl, connection::SimpleConnection};

use crate::helpers::{postgres_admin_url, with_database};

/// A `lvyue` command with a clean environment: no inherited database, key or bind address.
pub fn lvyue(dir: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_lvyue"));
    c.current_dir(dir);
    for var in [
        "DATABASE_URL",
        "LVYUE_DATA_DIR",
        "LVYUE_JWT_SECRET",
        "LVYUE_JWT_SECRET_FILE",
        "LVYUE_BIND",
        "LVYUE_METRICS_TOKEN",
        "LVYUE_METRICS_BIND",
        "LVYUE_LOG_FORMAT",
        "LVYUE_STATIC_DIR",
        "LVYUE_AUDIT_KEY",
        "LVYUE_AUDIT_KEY_FILE",
    ] {
        c.env_remove(var);
    }
    c.env("RUST_LOG", "info,actix_server=warn");
    c
}

/// A fresh temporary directory, removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(prefix: &str) -> Self {
        let d = std::env::temp_dir().join(format!("{prefix}-{}", uuid::Uuid::now_v7().simple()));
        std::fs::create_dir_all(&d).unwrap();
        Self(d)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A new, empty PostgreSQL database, dropped on drop; `None` when PostgreSQL is not configured.
pub struct FreshPg {
    pub url: String,
    admin_url: String,
    name: String,
}

impl FreshPg {
    pub fn create() -> Option<Self> {
        let admin_url = postgres_admin_url()?;
        let name = format!("lvyue_ops_{}", uuid::Uuid::now_v7().simple());
        let mut admin = diesel::PgConnection::establish(&admin_url).expect("TEST_POSTGRES_URL reachable");
        diesel::sql_query(format!("CREATE DATABASE \"{name}\"")).execute(&mut admin).unwrap();
        Some(Self { url: with_database(&admin_url, &name), admin_url, name })
    }

    pub fn database_url(&self) -> lvyue::config::DatabaseUrl {
        lvyue::config::DatabaseUrl::Postgres(self.url.clone())
    }
}

impl Drop for FreshPg {
    fn drop(&mut self) {
        if let Ok(mut c) = diesel::PgConnection::establish(&self.admin_url) {
            let _ = c.batch_execute(&format!("DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)", self.name));
        }
    }
}

/// A running `lvyue serve`, killed on drop. Its output is collected as it comes.
pub struct Server {
    child: Child,
    pub port: u16,
    stdout: Arc<Mutex<String>>,
    stderr: Arc<Mutex<String>>,
}

fn collect(reader: impl std::io::Read + Send + 'static, into: Arc<Mutex<String>>) {
    std::thread::spawn(move || {
        for line in BufReader::new(reader).lines().map_while(Result::ok) {
            let mut s = into.lock().unwrap();
            s.push_str(&line);
            s.push('\n');
        }
    });
}

impl Server {
    /// Starts `lvyue serve` in `dir` on a free port of 127.0.0.1 and waits until it listens.
    pub fn start(dir: &Path, env: &[(&str, &str)]) -> Server {
        let mut server = Self::spawn(dir, env);
        server.wait_ready();
        server
    }

    /// Starts without waiting (for starts that race each other); then [`Server::wait_ready`].
    pub fn spawn(dir: &Path, env: &[(&str, &str)]) -> Server {
        let mut cmd = lvyue(dir);
        cmd.arg("serve").env("LVYUE_BIND", "127.0.0.1:0");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("lvyue serve starts");
        let (stdout, stderr) = (Arc::new(Mutex::new(String::new())), Arc::new(Mutex::new(String::new())));
        collect(child.stdout.take().unwrap(), stdout.clone());
        collect(child.stderr.take().unwrap(), stderr.clone());
        Server { child, port: 0, stdout, stderr }
    }

    pub fn wait_ready(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(90);
        loop {
            let err = self.stderr();
            if let Some(port) = err.lines().find_map(listening_port) {
                self.port = port;
                return;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("lvyue serve exited ({status}) before listening:\n{}\n{err}", self.stdout());
            }
            assert!(Instant::now() < deadline, "lvyue serve did not listen in time:\n{err}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    pub fn stdout(&self) -> String {
        self.stdout.lock().unwrap().clone()
    }

    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Stops the server with SIGTERM (graceful) and waits for it.
    pub fn stop(mut self) {
        terminate(&mut self.child);
    }
}

fn terminate(child: &mut Child) {
    // SIGTERM through kill(1): the graceful path `serve` promises; SIGKILL if it hangs.
    let _ = Command::new("kill").arg("-TERM").arg(child.id().to_string()).status();
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            terminate(&mut self.child);
        }
    }
}

/// The port in the line `serving on http://HOST:PORT` (text or JSON log).
fn listening_port(line: &str) -> Option<u16> {
    let rest = &line[line.find("serving on http://")? + "serving on http://".len()..];
    let addr = rest.split(|c: char| c == '"' || c.is_whitespace()).next()?;
    let port: String = addr.rsplit_once(':')?.1.chars().take_while(char::is_ascii_digit).collect();
    port.parse().ok()
}

/// The password `serve` printed for the first administrator, if it printed one.
pub fn printed_password(stdout: &str) -> Option<String> {
    stdout
        .lines()
        .find(|l| l.trim_start().starts_with("password:"))
        .and_then(|l| l.split_whitespace().last())
        .map(str::to_owned)
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

#[test]
fn finds_the_listening_port() {
    assert_eq!(listening_port("[2024-04-19T00:00:00Z INFO lvyue::cli] serving on http://127.0.0.1:41234"), Some(41234));
    assert_eq!(listening_port(r#"{"msg":"serving on http://127.0.0.1:5000","target":"lvyue::cli"}"#), Some(5000));
    assert_eq!(listening_port("database ready"), None);
}
