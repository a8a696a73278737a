//! The authenticated read against the framework's ceiling (issue 24), on SQLite and PostgreSQL.
//!
//! In one process: the application on a database filled with `BENCH_ISSUES` problems (default
//! 100,000), and beside it a bare actix-web server with one handler that reads one problem row by
//! key from the same pool (the ceiling) and one that answers "hello". `wrk` loads each in turn
//! (32 connections, then 1 connection for latency), so they never compete with each other.
//!
//! ```sh
//! apt-get install wrk                                                   # once
//! cargo bench -p lvyue --bench read_path                                # SQLite
//! TEST_POSTGRES_URL=postgres://… cargo bench -p lvyue --bench read_path # and PostgreSQL
//! ```
//!
//! Options (environment): BENCH_ISSUES, BENCH_SECONDS (per case, default 10),
//! BENCH_ONLY=sqlite|postgres, BENCH_CASE=text (only the cases whose name contains it, e.g. to
//! profile one with `perf record -g -p <pid>`). Targets (2-core machine): the authenticated `GET /issues/{id}` at
//! 32 connections ≥ 50 % of the bare row read's throughput; p95 < 5 ms at 1 connection.

mod common;

use std::process::Command;

use actix_web::{App, HttpResponse, HttpServer, web};
use diesel::Connection;
use lvyue::{
    config::DatabaseUrl,
    db::{self, IssueId},
};

/// The ceiling: one problem row by key, through the same pool, serialised as JSON.
async fn bare_row(pool: web::Data<db::Pool>, id: web::Path<IssueId>) -> HttpResponse {
    let issue = web::block(move || {
        let mut conn = pool.get().expect("pool");
        lvyue::store::issues::find(&mut conn, &id).expect("query")
    })
    .await
    .expect("blocking");
    match issue {
        Some(i) => HttpResponse::Ok().json(i),
        None => HttpResponse::NotFound().finish(),
    }
}

fn bare_server(pool: db::Pool) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = HttpServer::new(move || {
        App::new()
            .app_data(web::Data::new(pool.clone()))
            .route("/hello", web::get().to(|| async { "hello" }))
            .route("/row/{id}", web::get().to(bare_row))
    })
    .workers(2)
    .listen(listener)
    .unwrap()
    .run();
    tokio::spawn(server);
    format!("http://127.0.0.1:{port}")
}

/// What wrk measured: requests per second, median and p95 latency in ms.
struct Load {
    rps: f64,
    p50: f64,
    p95: f64,
}

const REPORT: &str = r#"done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("LVYUE %d %d %d %d %d\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), e.connect + e.read + e.write + e.status + e.timeout))
end
"#;

fn wrk(url: &str, token: Option<&str>, connections: u32, seconds: u32) -> Load {
    let script = std::env::temp_dir().join("lvyue-bench-report.lua");
    std::fs::write(&script, REPORT).unwrap();
    let mut cmd = Command::new("wrk");
    cmd.args(["-t", if connections > 1 { "2" } else { "1" }])
        .args(["-c", &connections.to_string(), "-d", &format!("{seconds}s"), "-s"])
        .arg(&script);
    if let Some(t) = token {
        cmd.args(["-H", &format!("Authorization: Bearer {t}")]);
    }
    let out = cmd.arg(url).output().expect("wrk is not installed (apt-get install wrk)");
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text.lines().find(|l| l.starts_with("LVYUE ")).unwrap_or_else(|| panic!("wrk: {text}"));
    let v: Vec<f64> = line.split_whitespace().skip(1).map(|x| x.parse().unwrap()).collect();
    assert_eq!(v[4], 0.0, "{url}: {} requests failed or answered an error", v[4]);
    Load { rps: v[0] / (v[1] / 1e6), p50: v[2] / 1000.0, p95: v[3] / 1000.0 }
}

async fn run(url: DatabaseUrl, label: &str, n: usize, seconds: u32) {
    let (base, token, pool, data_dir, server) = common::serve(url).await;
    let t = std::time::Instant::now();
    let fill_pool = pool.clone();
    tokio::task::spawn_blocking(move || common::fill(&mut fill_pool.get().unwrap(), n)).await.unwrap();
    println!("[{label}] filled {n} problems in {:.1} s", t.elapsed().as_secs_f64());
    let page: serde_json::Value = reqwest::Client::new()
        .get(format!("{base}/api/v1/issues?state=rectifying&page_size=1"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = page["items"][0]["id"].as_str().unwrap().to_owned();
    let bare = bare_server(pool);
    let cases: [(&str, String, Option<&str>); 5] = [
        ("bare: hello", format!("{bare}/hello"), None),
        ("bare: one row by key", format!("{bare}/row/{id}"), None),
        ("GET /healthz", format!("{base}/healthz"), None),
        ("GET /api/v1/auth/me", format!("{base}/api/v1/auth/me"), Some(&token)),
        ("GET /api/v1/issues/{id}", format!("{base}/api/v1/issues/{id}"), Some(&token)),
    ];
    let only_case = std::env::var("BENCH_CASE").unwrap_or_default();
    let mut ceiling = 0.0;
    println!(
        "[{label}] {:<28} {:>10} {:>9} {:>16} {:>16}",
        "case", "req/s @32", "× ceiling", "p50 @1 (ms)", "p95 @1 (ms)"
    );
    for (name, url, tok) in cases.iter().filter(|c| c.0.contains(&only_case)) {
        let many = tokio::task::block_in_place(|| wrk(url, *tok, 32, seconds));
        let one = tokio::task::block_in_place(|| wrk(url, *tok, 1, seconds.div_ceil(2)));
        if name.starts_with("bare: one row") {
            ceiling = many.rps;
        }
        let ratio = if ceiling > 0.0 { format!("{:.1} %", many.rps / ceiling * 100.0) } else { "—".into() };
        println!("[{label}] {name:<28} {:>10.0} {ratio:>9} {:>16.2} {:>16.2}", many.rps, one.p50, one.p95);
    }
    server.stop().await;
    let _ = std::fs::remove_dir_all(data_dir);
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let _ = env_logger::builder().filter_level(log::LevelFilter::Warn).try_init();
    let n: usize = std::env::var("BENCH_ISSUES").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000);
    let seconds: u32 = std::env::var("BENCH_SECONDS").ok().and_then(|v| v.parse().ok()).unwrap_or(10);
    let only = std::env::var("BENCH_ONLY").unwrap_or_default();
    if only != "postgres" {
        let dir = std::env::temp_dir().join(format!("lvyue-bench-read-{}", uuid::Uuid::now_v7().simple()));
        std::fs::create_dir_all(&dir).unwrap();
        run(DatabaseUrl::Sqlite(dir.join("lvyue.db")), "sqlite", n, seconds).await;
        let _ = std::fs::remove_dir_all(dir);
    }
    if only == "sqlite" {
        return;
    }
    let Ok(admin) = std::env::var("TEST_POSTGRES_URL") else {
        println!("TEST_POSTGRES_URL not set: PostgreSQL skipped");
        return;
    };
    let name = format!("lvyue_bench_{}", uuid::Uuid::now_v7().simple());
    let mut c = diesel::PgConnection::establish(&admin).unwrap();
    diesel::RunQueryDsl::execute(diesel::sql_query(format!("CREATE DATABASE \"{name}\"")), &mut c).unwrap();
    let base = admin.rsplit_once('/').map(|(b, _)| b.to_owned()).unwrap();
    run(DatabaseUrl::Postgres(format!("{base}/{name}")), "postgres", n, seconds).await;
    diesel::RunQueryDsl::execute(diesel::sql_query(format!("DROP DATABASE \"{name}\" WITH (FORCE)")), &mut c).unwrap();
}
