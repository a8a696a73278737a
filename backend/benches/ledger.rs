//! Ledger benchmark (issue 4): with 100,000 problems, the filtered list page and the single
//! read over HTTP, median and p95, on SQLite and PostgreSQL.
//!
//!     cargo bench -p lvyue --bench ledger                 # SQLite, and PostgreSQL when
//!     TEST_POSTGRES_URL=postgres://… cargo bench …        # TEST_POSTGRES_URL is set
//!
//! Options (environment): BENCH_ISSUES (default 100000), BENCH_SAMPLES (default 200).
//! Targets on the 2-core reference machine: list p95 < 50 ms, read p95 < 10 ms.

use std::time::{Duration, Instant};

use chrono::Duration as Days;
use diesel::{Connection, RunQueryDsl};
use lvyue::{
    config::{Config, DatabaseUrl},
    db::{self, Id},
    startup::Application,
    store::{self, issues::Issue},
};

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[idx]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Fills the ledger with `n` problems spread over groups, units, states and deadlines.
fn fill(conn: &mut db::DbConnection, n: usize) {
    let campaign = store::campaigns::current(conn).unwrap().unwrap();
    let groups: Vec<_> = store::groups::list(conn).unwrap().into_iter().filter(|g| g.category.is_some()).collect();
    let units = store::units::list(conn, false).unwrap();
    let dicts = store::dictionaries::list(conn).unwrap();
    let today = lvyue::domain::warning::today_shanghai();
    let now = store::now();
    let states = ["self_check", "assigned", "rectifying", "rectifying", "verifying", "closed"];
    let sources =
        ["self_inspection", "complaint", "leadership", "letters_visits", "online", "platform_transfer", "other"];
    let mut batch = Vec::with_capacity(5000);
    for i in 0..n {
        let g = &groups[i % groups.len()];
        let category = g.category.clone().unwrap();
        let types: Vec<_> = dicts.iter().filter(|d| d.parent_code.as_deref() == Some(category.as_str())).collect();
        let state = states[(i / 7) % states.len()];
        let unit = &units[(i * 13) % units.len()];
        let assigned = state != "self_check";
        batch.push(Issue {
            id: Id::new(),
            number: format!("LY{}-{:06}", campaign.year, i + 1),
            campaign_id: campaign.id.clone(),
            title: format!("第 {i} 号测试问题: 拖欠企业账款"),
            description: "合同约定验收后 30 日内付款, 已逾期。".into(),
            category,
            problem_type: types[i % types.len()].code.clone(),
            arrear_object: None,
            source: sources[i % sources.len()].into(),
            source_ref: None,
            enterprise_name: format!("随州市测试{}有限公司", i % 5000),
            enterprise_uscc: None,
            enterprise_contact: None,
            enterprise_phone: Some("13871234567".into()),
            amount_involved_fen: (i as i64 % 1000) * 100_000,
            amount_resolved_fen: 0,
            group_id: g.id.clone(),
            responsible_unit_id: assigned.then(|| unit.id.clone()),
            reporting_unit_id: units[0].id.clone(),
            deadline: assigned.then(|| today + Days::days((i % 90) as i64 - 30)),
            measures: None,
            responsible_leader: None,
            responsible_person: None,
            state: state.into(),
            closure_kind: (state == "closed").then(|| "rectified".into()),
            version: 1,
            created_by_kind: "user".into(),
            created_by_id: "bench".into(),
            created_at: now - Days::minutes((n - i) as i64),
            updated_at: now,
            closed_at: (state == "closed").then_some(now),
        });
        if batch.len() == 5000 {
            conn.write_tx(|c| store::issues::insert_many(c, &batch)).unwrap();
            batch.clear();
        }
    }
    conn.write_tx(|c| store::issues::insert_many(c, &batch)).unwrap();
    if let db::DbConnection::Postgres(pg) = conn {
        diesel::sql_query("ANALYZE").execute(pg).unwrap();
    }
    if let db::DbConnection::Sqlite(c) = conn {
        diesel::sql_query("ANALYZE").execute(c).unwrap();
    }
}

async fn time(client: &reqwest::Client, url: &str, token: &str, samples: usize) -> (Duration, Duration) {
    // Warm-up.
    for _ in 0..5 {
        client.get(url).bearer_auth(token).send().await.unwrap().bytes().await.unwrap();
    }
    let mut v = Vec::with_capacity(samples);
    for _ in 0..samples {
        let t = Instant::now();
        let res = client.get(url).bearer_auth(token).send().await.unwrap();
        assert!(res.status().is_success(), "{url}: {}", res.status());
        res.bytes().await.unwrap();
        v.push(t.elapsed());
    }
    v.sort();
    (percentile(&v, 0.5), percentile(&v, 0.95))
}

async fn run(url: DatabaseUrl, label: &str, n: usize, samples: usize) {
    let data_dir = std::env::temp_dir().join(format!("lvyue-bench-{}", uuid::Uuid::now_v7().simple()));
    std::fs::create_dir_all(&data_dir).unwrap();
    let pool = db::connect(&url, 8).unwrap();
    {
        let mut conn = pool.get().unwrap();
        db::migrate(&mut conn).unwrap();
        lvyue::seed::organisation(&mut conn).unwrap();
        lvyue::seed::demo_accounts(&mut conn).unwrap();
        let t = Instant::now();
        fill(&mut conn, n);
        println!("[{label}] inserted {n} problems in {:.1} s", t.elapsed().as_secs_f64());
    }
    let config = Config::with_defaults(
        url,
        "127.0.0.1:0".parse().unwrap(),
        data_dir.clone(),
        b"bench-secret-bench-secret-bench-secret".to_vec(),
    );
    let app = Application::build(config, pool, Some(2)).unwrap();
    let base = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    let client = reqwest::Client::new();
    let login: serde_json::Value = client
        .post(format!("{base}/api/v1/auth/login"))
        .json(&serde_json::json!({"username": "office", "password": "Lvyue#Demo2024"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = login["access_token"].as_str().unwrap().to_owned();
    let unit_token = {
        let l: serde_json::Value = client
            .post(format!("{base}/api/v1/auth/login"))
            .json(&serde_json::json!({"username": "unit_finance", "password": "Lvyue#Demo2024"}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        l["access_token"].as_str().unwrap().to_owned()
    };
    let page: serde_json::Value = client
        .get(format!("{base}/api/v1/issues?state=rectifying&page_size=1"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let one = page["items"][0]["id"].as_str().unwrap().to_owned();
    let cases = [
        ("list: state=rectifying, newest first", format!("{base}/api/v1/issues?state=rectifying&page_size=20"), &token),
        (
            "list: warning=red, by deadline",
            format!("{base}/api/v1/issues?warning=red&sort=deadline&page_size=20"),
            &token,
        ),
        ("list: keyword q=测试4999", format!("{base}/api/v1/issues?q=%E6%B5%8B%E8%AF%954999&page_size=20"), &token),
        ("list: unit user's scope", format!("{base}/api/v1/issues?page_size=20"), &unit_token),
        ("list: unfiltered, page 50", format!("{base}/api/v1/issues?page=50&page_size=20"), &token),
        ("read: one problem", format!("{base}/api/v1/issues/{one}"), &token),
    ];
    for (name, url, tok) in cases {
        let (median, p95) = time(&client, &url, tok, samples).await;
        println!("[{label}] {name:<40} median {:>7.2} ms   p95 {:>7.2} ms", ms(median), ms(p95));
    }
    let _ = std::fs::remove_dir_all(data_dir);
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let _ = env_logger::builder().filter_level(log::LevelFilter::Warn).try_init();
    let n: usize = std::env::var("BENCH_ISSUES").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000);
    let samples: usize = std::env::var("BENCH_SAMPLES").ok().and_then(|v| v.parse().ok()).unwrap_or(200);
    let dir = std::env::temp_dir().join(format!("lvyue-bench-sqlite-{}", uuid::Uuid::now_v7().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    run(DatabaseUrl::Sqlite(dir.join("lvyue.db")), "sqlite", n, samples).await;
    let _ = std::fs::remove_dir_all(dir);
    if let Ok(admin) = std::env::var("TEST_POSTGRES_URL") {
        let name = format!("lvyue_bench_{}", uuid::Uuid::now_v7().simple());
        let mut c = diesel::PgConnection::establish(&admin).unwrap();
        diesel::sql_query(format!("CREATE DATABASE \"{name}\"")).execute(&mut c).unwrap();
        let base = admin.rsplit_once('/').map(|(b, _)| b.to_owned()).unwrap();
        run(DatabaseUrl::Postgres(format!("{base}/{name}")), "postgres", n, samples).await;
        diesel::sql_query(format!("DROP DATABASE \"{name}\" WITH (FORCE)")).execute(&mut c).unwrap();
    } else {
        println!("TEST_POSTGRES_URL not set: PostgreSQL skipped");
    }
}
