//! Two `lvyue serve` processes on one PostgreSQL database, as behind a load balancer: they
//! start at the same time on an empty database (one seeds), share the key (one from the
//! variable, one from a key file), and a problem's whole life alternates between them —
//! sign-in, refresh rotation and its reuse detection, the lifecycle, sign-out — while both
//! run the deadline scan every second and each warning is notified once.

use std::time::{Duration, Instant};

use diesel::{QueryableByName, RunQueryDsl, sql_types::BigInt};
use lvyue::{db, store};
use serde_json::{Value, json};

use crate::{
    helpers::DEMO_PASSWORD,
    process::{FreshPg, Server, TempDir, client, lvyue, printed_password},
};

const METRICS_TOKEN: &str = "two-servers-metrics-token-0123456789";

struct Http {
    client: reqwest::Client,
}

impl Http {
    async fn call(
        &self,
        method: reqwest::Method,
        url: String,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (u16, Value) {
        let mut req = self.client.request(method, url);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        let res = req.send().await.unwrap();
        let status = res.status().as_u16();
        let text = res.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    async fn post(&self, url: String, token: Option<&str>, body: Value) -> (u16, Value) {
        self.call(reqwest::Method::POST, url, token, Some(body)).await
    }

    async fn get(&self, url: String, token: &str) -> (u16, Value) {
        self.call(reqwest::Method::GET, url, Some(token), None).await
    }

    async fn login(&self, server: &Server, username: &str) -> Value {
        let (status, body) = self
            .post(server.url("/api/v1/auth/login"), None, json!({"username": username, "password": DEMO_PASSWORD}))
            .await;
        assert_eq!(status, 200, "{username}: {body}");
        body
    }
}

#[derive(QueryableByName)]
struct N {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

fn count(conn: &mut db::DbConnection, sql: &str) -> i64 {
    diesel::sql_query(sql).get_result::<N>(conn).unwrap().n
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_servers_share_sessions_lifecycle_and_once_only_scans() {
    let Some(pg) = FreshPg::create() else { return };
    let started = Instant::now();
    let dir = TempDir::new("lvyue-two");
    let out = lvyue(dir.path()).args(["secret", "generate"]).output().unwrap();
    let secret = String::from_utf8(out.stdout).unwrap().trim().to_owned();
    let key_file = dir.path().join("jwt.key");
    std::fs::write(&key_file, format!("{secret}\n")).unwrap();
    let (data_a, data_b) = (dir.path().join("a").display().to_string(), dir.path().join("b").display().to_string());
    let files = dir.path().join("files").display().to_string();
    let common = [
        ("DATABASE_URL", pg.url.as_str()),
        ("LVYUE_SCAN_INTERVAL", "1"),
        ("LVYUE_METRICS_TOKEN", METRICS_TOKEN),
        ("LVYUE_STORAGE_URL", files.as_str()),
    ];
    let mut env_a = common.to_vec();
    env_a.extend([("LVYUE_JWT_SECRET", secret.as_str()), ("LVYUE_DATA_DIR", data_a.as_str())]);
    let mut env_b = common.to_vec();
    env_b.extend([("LVYUE_JWT_SECRET_FILE", key_file.to_str().unwrap()), ("LVYUE_DATA_DIR", data_b.as_str())]);

    // Both start at once on the empty database: one migrates and seeds, the other waits.
    let mut a = Server::spawn(dir.path(), &env_a);
    let mut b = Server::spawn(dir.path(), &env_b);
    a.wait_ready();
    b.wait_ready();
    let printed: Vec<String> = [&a, &b].iter().filter_map(|s| printed_password(&s.stdout())).collect();
    assert_eq!(printed.len(), 1, "exactly one server created admin:\nA {}\nB {}", a.stdout(), b.stdout());
    let applied = |s: &Server| -> usize {
        let log = s.stderr();
        let line = log.lines().find(|l| l.contains("migration(s) applied")).expect("migrations logged");
        line.split('(').nth(1).and_then(|r| r.split_whitespace().next()).and_then(|n| n.parse().ok()).unwrap()
    };
    let (ran_a, ran_b) = (applied(&a), applied(&b));
    assert!(ran_a.min(ran_b) == 0 && ran_a.max(ran_b) > 0, "the migrations ran once: A {ran_a}, B {ran_b}");
    {
        let pool = db::connect(&pg.database_url(), 1).unwrap();
        let conn = &mut *pool.get().unwrap();
        assert_eq!(store::users::count(conn).unwrap(), 3, "one administrator of each kind (三员分立)");
        assert_eq!(
            lvyue::seed::organisation(conn, &lvyue::clock::Clock::system()).unwrap(),
            lvyue::seed::SeedReport::default(),
            "nothing missing"
        );
        let units = count(conn, "SELECT count(*) AS n FROM units");
        assert_eq!(
            count(conn, "SELECT count(*) AS n FROM audit_log WHERE action = 'unit.create'"),
            units,
            "seeded once"
        );
        assert!(lvyue::audit::verify(conn).unwrap().ok);
    }
    // The demo data, added beside the running servers (the campaign, accounts and ~60 problems,
    // many of them due: both scanners see them at once).
    // With the servers' key: the command signs its audit records as they do.
    let out = lvyue(dir.path())
        .args(["seed", "--demo"])
        .env("DATABASE_URL", &pg.url)
        .env("LVYUE_JWT_SECRET", &secret)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    let http = Http { client: client() };
    // A session begun on A is valid on B; its refresh rotates on B; replaying the old refresh
    // token on A ends the whole session on both.
    let first = http.login(&a, "office").await;
    let (access1, refresh1) =
        (first["access_token"].as_str().unwrap().to_owned(), first["refresh_token"].as_str().unwrap().to_owned());
    assert_eq!(http.get(b.url("/api/v1/auth/me"), &access1).await.0, 200);
    let (status, second) = http.post(b.url("/api/v1/auth/refresh"), None, json!({"refresh_token": refresh1})).await;
    assert_eq!(status, 200, "{second}");
    let (access2, refresh2) =
        (second["access_token"].as_str().unwrap().to_owned(), second["refresh_token"].as_str().unwrap().to_owned());
    assert_eq!(http.get(a.url("/api/v1/auth/me"), &access2).await.0, 200);
    let (status, _) = http.post(a.url("/api/v1/auth/refresh"), None, json!({"refresh_token": refresh1})).await;
    assert_eq!(status, 401, "reuse detected on the other server");
    assert_eq!(http.post(b.url("/api/v1/auth/refresh"), None, json!({"refresh_token": refresh2})).await.0, 401);
    assert_eq!(http.get(a.url("/api/v1/auth/me"), &access2).await.0, 401, "the session ended everywhere");
    assert_eq!(http.get(b.url("/api/v1/auth/me"), &access2).await.0, 401);

    // A problem's life, alternating between the servers.
    let office = http.login(&a, "office").await["access_token"].as_str().unwrap().to_owned();
    let education = http.login(&b, "unit_education").await["access_token"].as_str().unwrap().to_owned();
    let (status, issue) = http
        .post(
            a.url("/api/v1/issues"),
            Some(&office),
            json!({
                "title": "两台服务器交替处理的问题",
                "description": "合同约定验收后 30 日内付款, 已逾期半年。",
                "category": "agency_arrears", "problem_type": "agency_delay", "arrear_object": "works",
                "source": "complaint", "enterprise_name": "随州市测试建筑有限公司",
                "enterprise_uscc": "91350100M000100Y43", "amount_involved_fen": 12_800_000,
            }),
        )
        .await;
    assert_eq!(status, 201, "{issue}");
    let id = issue["id"].as_str().unwrap().to_owned();
    let (status, units) = http.get(b.url("/api/v1/units"), &office).await;
    assert_eq!(status, 200);
    let education_unit = units
        .as_array()
        .or_else(|| units["items"].as_array())
        .unwrap()
        .iter()
        .find(|u| u["code"] == "education")
        .unwrap()["id"]
        .clone();
    let tomorrow = (lvyue::clock::Clock::system().today() + chrono::Duration::days(1)).to_string();
    let transition = |server: &Server, token: &str, body: Value| {
        let (url, token, http) = (server.url(&format!("/api/v1/issues/{id}/transitions")), token.to_owned(), &http);
        async move {
            let (status, out) = http.post(url, Some(&token), body.clone()).await;
            assert_eq!(status, 200, "{body} → {out}");
        }
    };
    transition(&b, &office, json!({"action": "assign", "responsible_unit_id": education_unit, "deadline": tomorrow}))
        .await;
    transition(&a, &education, json!({"action": "accept", "measures": "分两期支付工程款"})).await;

    // The deadline is tomorrow: both scanners see a yellow warning; it is notified once.
    let notices = |v: &Value| -> usize {
        v["items"]
            .as_array()
            .or_else(|| v.as_array())
            .unwrap()
            .iter()
            .filter(|n| n["issue_id"] == id.as_str() && n["kind"] == "deadline_yellow")
            .count()
    };
    let waited = Instant::now();
    loop {
        let (status, list) = http.get(a.url("/api/v1/notifications"), &education).await;
        assert_eq!(status, 200, "{list}");
        if notices(&list) > 0 {
            break;
        }
        assert!(waited.elapsed() < Duration::from_secs(20), "no deadline notice within 20 s: {list}");
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    // Several more scan rounds on both servers change nothing.
    tokio::time::sleep(Duration::from_millis(3500)).await;
    let (_, list) = http.get(b.url("/api/v1/notifications"), &education).await;
    assert_eq!(notices(&list), 1, "notified once: {list}");
    {
        let pool = db::connect(&pg.database_url(), 1).unwrap();
        let conn = &mut *pool.get().unwrap();
        let deadline_notices = count(conn, "SELECT count(*) AS n FROM notifications WHERE kind LIKE 'deadline_%'");
        assert!(deadline_notices > 10, "the demo's due problems were notified: {deadline_notices}");
        let duplicates = count(
            conn,
            "SELECT count(*) AS n FROM (SELECT user_id, issue_id, kind FROM notifications \
             WHERE kind LIKE 'deadline_%' GROUP BY user_id, issue_id, kind HAVING count(*) > 1) d",
        );
        assert_eq!(duplicates, 0, "no warning notified twice");
    }

    // Verification, a rejection, and closing, alternating; reading on B; signing out on B
    // ends the token on A.
    // Evidence uploaded on B is read on A (the servers share the storage).
    let upload = |server: &Server| {
        let (content_type, body) = crate::attachments::multipart(
            &[("kind", "payment_voucher")],
            &[("回单.pdf", &crate::attachments::pdf("回单"))],
        );
        http.client
            .post(server.url(&format!("/api/v1/issues/{id}/attachments")))
            .bearer_auth(&education)
            .header("content-type", content_type)
            .body(body)
            .send()
    };
    let uploaded: Value = upload(&b).await.unwrap().json().await.unwrap();
    let file_url = uploaded["items"][0]["url"].as_str().unwrap_or_else(|| panic!("{uploaded}")).to_owned();
    let res = http.client.get(a.url(&file_url)).bearer_auth(&office).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.bytes().await.unwrap().starts_with(b"%PDF-"));
    transition(&b, &education, json!({"action": "submit", "comment": "已完成整改"})).await;
    transition(&a, &office, json!({"action": "reject", "comment": "尚有尾款未付"})).await;
    assert_eq!(upload(&a).await.unwrap().status(), 201);
    transition(&b, &education, json!({"action": "submit", "comment": "尾款已付清"})).await;
    let verification = json!({"method": "on_site", "verified_on": lvyue::clock::Clock::system().today(),
        "verifiers": ["刘敏"], "findings": "已付清", "enterprise_contacted": true, "enterprise_confirmed": true,
        "satisfaction": "satisfied"});
    transition(&a, &office, json!({"action": "approve", "comment": "销号", "verification": verification})).await;
    let (_, read) = http.get(b.url(&format!("/api/v1/issues/{id}")), &education).await;
    assert_eq!(read["state"], "closed");
    let (status, _) = http.post(b.url("/api/v1/auth/logout"), Some(&office), json!({})).await;
    assert!(status == 204 || status == 200, "logout: {status}");
    assert_eq!(http.get(a.url("/api/v1/auth/me"), &office).await.0, 401);

    // Both servers ran the scan and say so in their metrics.
    for server in [&a, &b] {
        let text = http
            .client
            .get(server.url("/metrics"))
            .bearer_auth(METRICS_TOKEN)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(text.contains(r#"lvyue_job_runs_total{job="deadline_scan",outcome="ok"}"#), "{text}");
        assert!(!text.contains(r#"outcome="error""#), "{text}");
    }
    let pool = db::connect(&pg.database_url(), 1).unwrap();
    assert!(lvyue::audit::verify(&mut pool.get().unwrap()).unwrap().ok, "one chain, written by both");
    a.stop();
    b.stop();
    eprintln!("two-server test took {:.1}s", started.elapsed().as_secs_f64());
}
