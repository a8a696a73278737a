//! `lvyue backup` while the server takes writes, then `lvyue restore` into an empty database:
//! the same rows and an intact audit chain, on SQLite (VACUUM INTO) and, when pg_dump and
//! pg_restore are installed, on PostgreSQL.

use std::{
    collections::BTreeMap,
    path::Path,
    sync::{
        Arc,
        atomic::{AtomicBool, AtomicUsize, Ordering},
    },
    time::{Duration, Instant},
};

use serde_json::{Value, json};

use crate::{
    helpers::DEMO_PASSWORD,
    process::{FreshPg, Server, TempDir, client, lvyue},
};

/// The table counts and the chain line of a `backup` / `restore` report.
#[derive(Debug)]
struct Report {
    chain: String,
    tables: BTreeMap<String, i64>,
    stdout: String,
}

fn run(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> (bool, Report, String) {
    let mut cmd = lvyue(dir);
    cmd.args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let mut tables = BTreeMap::new();
    let mut in_tables = false;
    for line in stdout.lines() {
        if line.starts_with("tables (") {
            in_tables = true;
        } else if in_tables && line.starts_with("  ") {
            let mut parts = line.split_whitespace();
            let (name, n) = (parts.next().unwrap(), parts.next().unwrap());
            tables.insert(name.to_owned(), n.parse().unwrap());
        }
    }
    let chain = stdout.lines().find(|l| l.starts_with("audit chain:")).unwrap_or("").to_owned();
    (out.status.success(), Report { chain, tables, stdout }, String::from_utf8_lossy(&out.stderr).into_owned())
}

fn problem(i: usize) -> Value {
    json!({
        "title": format!("备份压力测试问题 {i}"),
        "description": "合同约定验收后 30 日内付款, 已逾期半年。",
        "category": "agency_arrears",
        "problem_type": "agency_delay",
        "arrear_object": "works",
        "source": "complaint",
        "source_ref": format!("BK-{}-{i}", uuid::Uuid::now_v7().simple()),
        "enterprise_name": "随州市测试建筑有限公司",
        "enterprise_uscc": "91350100M000100Y43",
        "amount_involved_fen": 12_800_000,
    })
}

/// Signs a demo account in at `base` and answers its access token.
async fn demo_token(http: &reqwest::Client, base: &str, username: &str) -> String {
    let res = http
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({"username": username, "password": DEMO_PASSWORD}))
        .send()
        .await
        .unwrap();
    let res = if res.status() == 202 {
        // A demo administrator: the second step with a code of the demo secret, each step once
        // (a restored database remembers the steps its original used).
        let challenge = res.json::<Value>().await.unwrap()["challenge"].as_str().unwrap().to_owned();
        let code = demo_totp_code(username).await;
        http.post(format!("{base}/api/v1/auth/login/totp"))
            .json(&json!({"challenge": challenge, "code": code}))
            .send()
            .await
            .unwrap()
    } else {
        res
    };
    assert_eq!(res.status(), 200, "login of {username}");
    let login: Value = res.json().await.unwrap();
    login["access_token"].as_str().unwrap().to_owned()
}

/// A code of the demo secret at a step not used before by this test binary for `username`.
async fn demo_totp_code(username: &str) -> String {
    use lvyue::auth::totp;
    static USED: std::sync::LazyLock<std::sync::Mutex<std::collections::HashMap<String, i64>>> =
        std::sync::LazyLock::new(Default::default);
    loop {
        let now = totp::step_of(chrono::Utc::now().timestamp());
        let step = {
            let mut used = USED.lock().unwrap();
            let next = used.get(username).map_or(now, |last| (last + 1).max(now));
            (next <= now + 1).then(|| {
                used.insert(username.to_owned(), next);
                next
            })
        };
        match step {
            Some(s) => return totp::code_at(totp::DEMO_SECRET, s).unwrap(),
            None => tokio::time::sleep(std::time::Duration::from_secs(2)).await,
        }
    }
}

/// Registers problems on `server` until `stop` (at most 2,000 or 60 s); answers how many.
fn write_load(server_url: String, stop: Arc<AtomicBool>, done: Arc<AtomicUsize>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let http = client();
        let token = demo_token(&http, &server_url, "office").await;
        let started = Instant::now();
        for i in 0..2000 {
            if stop.load(Ordering::Relaxed) || started.elapsed() > Duration::from_secs(60) {
                break;
            }
            let res = http
                .post(format!("{server_url}/api/v1/issues"))
                .bearer_auth(&token)
                .json(&problem(i))
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
            done.fetch_add(1, Ordering::Relaxed);
        }
    })
}

/// Backs up the database `env` names while `server` takes writes, restores into `target_env`,
/// and checks that the restored database holds what the backup reported, chain included.
async fn backup_under_load_then_restore(
    dir: &TempDir,
    server: &Server,
    env: &[(&str, &str)],
    target_env: &[(&str, &str)],
    file: &Path,
) -> (Report, Report) {
    let stop = Arc::new(AtomicBool::new(false));
    let done = Arc::new(AtomicUsize::new(0));
    let load = write_load(server.url(""), stop.clone(), done.clone());
    while done.load(Ordering::Relaxed) < 20 {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let before = done.load(Ordering::Relaxed);
    let (d, f, e) = (dir.path().to_path_buf(), file.display().to_string(), env_owned(env));
    let started = Instant::now();
    let (ok, backup, stderr) = tokio::task::spawn_blocking(move || {
        let env: Vec<(&str, &str)> = e.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        run(&d, &["backup", "--to", &f], &env)
    })
    .await
    .unwrap();
    let backup_secs = started.elapsed().as_secs_f64();
    let during = done.load(Ordering::Relaxed) - before;
    stop.store(true, Ordering::Relaxed);
    load.await.unwrap();
    assert!(ok, "backup failed: {stderr}\n{}", backup.stdout);
    assert!(backup.chain.starts_with("audit chain: verified"), "{}", backup.stdout);
    assert!(during > 0, "writes went on while the backup ran");
    // A second backup to the same file is refused: a backup never overwrites one.
    let (ok, _, stderr) = run(dir.path(), &["backup", "--to", &file.display().to_string()], env);
    assert!(!ok && stderr.contains("已存在"), "{stderr}");

    let started = Instant::now();
    let (ok, restored, stderr) = run(dir.path(), &["restore", "--from", &file.display().to_string()], target_env);
    let restore_secs = started.elapsed().as_secs_f64();
    assert!(ok, "restore failed: {stderr}\n{}", restored.stdout);
    assert_eq!(restored.chain, backup.chain, "the restored chain is the backed-up one");
    assert_eq!(restored.tables, backup.tables, "identical counts");
    let issues = backup.tables["issues"];
    assert!(issues >= 60 + before as i64, "the backup holds the writes made before it: {issues}");
    assert_eq!(
        backup.tables["audit_log"].to_string(),
        backup.chain.split_whitespace().nth(3).unwrap().trim_end_matches(','),
        "every audit record verified"
    );
    eprintln!("backup took {backup_secs:.2}s under load ({during} writes meanwhile), restore {restore_secs:.2}s");

    // Restoring again, into the now filled database, is refused.
    let (ok, _, stderr) = run(dir.path(), &["restore", "--from", &file.display().to_string()], target_env);
    assert!(!ok && stderr.contains("不是空的"), "{stderr}");
    (backup, restored)
}

fn env_owned(env: &[(&str, &str)]) -> Vec<(String, String)> {
    env.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

/// Serves the restored database and asks the API for the chain check, as an auditor would.
async fn verify_through_the_api(dir: &Path, env: &[(&str, &str)], audit_records: i64) {
    let server = Server::start(dir, env);
    let http = client();
    let token = demo_token(&http, &server.url(""), "auditor").await;
    let v: Value =
        http.get(server.url("/api/v1/audit/verify")).bearer_auth(token).send().await.unwrap().json().await.unwrap();
    assert_eq!(v["ok"], true, "{v}");
    // The sign-in just now appended two records (the password, then the second factor).
    assert_eq!(v["checked"], audit_records + 2, "{v}");
    server.stop();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_backup_while_serving_restores_identically() {
    let dir = TempDir::new("lvyue-backup");
    let source = format!("sqlite://{}", dir.path().join("live/lvyue.db").display());
    let env = [("DATABASE_URL", source.as_str())];
    let (ok, _, stderr) = run(dir.path(), &["seed", "--demo"], &env);
    assert!(ok, "{stderr}");
    let server = Server::start(dir.path(), &env);
    let file = dir.path().join("lvyue-backup.db");
    let target = format!("sqlite://{}", dir.path().join("restored/lvyue.db").display());
    // The same installation: its audit key (derived from the JWT key in the data directory).
    let key_file = dir.path().join("live/jwt_secret").display().to_string();
    let target_env = [
        ("DATABASE_URL", target.as_str()),
        ("LVYUE_DATA_DIR", dir.path().to_str().unwrap()),
        ("LVYUE_JWT_SECRET_FILE", key_file.as_str()),
    ];
    // A backup of another kind is refused before anything is written.
    let not_a_backup = dir.path().join("x.dump");
    std::fs::write(&not_a_backup, b"PGDMP\x01\x0e").unwrap();
    let (ok, _, stderr) = run(dir.path(), &["restore", "--from", not_a_backup.to_str().unwrap()], &target_env);
    assert!(!ok && stderr.contains("不是 sqlite 备份"), "{stderr}");
    assert!(!dir.path().join("restored/lvyue.db").exists());

    let (backup, _) = backup_under_load_then_restore(&dir, &server, &env, &target_env, &file).await;
    server.stop();
    verify_through_the_api(dir.path(), &target_env, backup.tables["audit_log"]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_backup_while_serving_restores_identically() {
    let Some(live) = FreshPg::create() else { return };
    let have_tools = ["pg_dump", "pg_restore"]
        .iter()
        .all(|t| std::process::Command::new(t).arg("--version").output().is_ok_and(|o| o.status.success()));
    if !have_tools {
        eprintln!("!!! pg_dump/pg_restore not installed: the PostgreSQL backup path is not exercised");
        return;
    }
    let dir = TempDir::new("lvyue-backup");
    let secret = "a-shared-key-for-the-backup-test-0123456789";
    let env = [("DATABASE_URL", live.url.as_str()), ("LVYUE_JWT_SECRET", secret)];
    let (ok, _, stderr) = run(dir.path(), &["seed", "--demo"], &env);
    assert!(ok, "{stderr}");
    let server = Server::start(dir.path(), &env);
    let target = FreshPg::create().unwrap();
    let target_env = [("DATABASE_URL", target.url.as_str()), ("LVYUE_JWT_SECRET", secret)];
    let file = dir.path().join("lvyue.dump");
    let (backup, _) = backup_under_load_then_restore(&dir, &server, &env, &target_env, &file).await;
    server.stop();
    verify_through_the_api(dir.path(), &target_env, backup.tables["audit_log"]).await;
}
