//! Hostile requests that are not files: spoofing characters, deadlines years away, concurrent
//! duplicates, the database going away mid-work. Each answers a clean 4xx/503, never 500.

use serde_json::{Value, json};

use crate::db_test;
use crate::helpers::{TestApp, assert_problem};

fn complaint(reference: &str, title: &str) -> Value {
    json!({
        "title": title,
        "description": "合同约定验收后 30 日内付款, 已逾期。",
        "category": "agency_arrears",
        "problem_type": "agency_delay",
        "source": "complaint",
        "source_ref": reference,
        "enterprise_name": "随州市测试建筑有限公司",
        "amount_involved_fen": 100_000,
    })
}

db_test!(bidi_controls_are_refused_and_zero_width_characters_removed, |app| {
    let office = app.login("office").await;
    let res = app.post("/api/v1/issues", Some(&office), &complaint("H-1", "拖欠工程款\u{202E}款程工")).await;
    let body = assert_problem(res, 422, "validation_failed").await;
    assert_eq!(body["errors"][0]["field"], "title");
    let res = app.post("/api/v1/issues", Some(&office), &complaint("H-2", "拖欠\u{200B}工程款\u{FEFF}")).await;
    assert_eq!(res.status(), 201);
    let created: Value = res.json().await.unwrap();
    assert_eq!(created["title"], "拖欠工程款", "stored (and exported) without invisible characters");
});

db_test!(deadlines_beyond_the_horizon_are_refused, |app| {
    let office = app.login("office").await;
    let res = app.post("/api/v1/issues", Some(&office), &complaint("H-3", "拖欠工程款")).await;
    let id = res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned();
    let assign = |deadline: &str| json!({"action": "assign", "responsible_unit_id": app.unit_id("education"), "deadline": deadline});
    let path = format!("/api/v1/issues/{id}/transitions");
    let res = app.post(&path, Some(&office), &assign("9999-12-31")).await;
    let body = assert_problem(res, 422, "validation_failed").await;
    assert_eq!(body["errors"][0]["field"], "deadline");
    let in_a_year = (app.today() + chrono::Duration::days(365)).to_string();
    assert_eq!(app.post(&path, Some(&office), &assign(&in_a_year)).await.status(), 200);
});

db_test!(concurrent_duplicates_answer_like_sequential_ones, |app| {
    let office = app.login("office").await;
    let attempts: Vec<_> = (0..8)
        .map(|_| {
            let (client, url, token) = (app.client.clone(), app.url("/api/v1/issues"), office.clone());
            tokio::spawn(async move {
                let res = client.post(url).bearer_auth(token).json(&complaint("DUP-1", "拖欠工程款")).send().await;
                let res = res.unwrap();
                (res.status().as_u16(), res.json::<Value>().await.unwrap())
            })
        })
        .collect();
    let mut created = Vec::new();
    let mut conflicts = Vec::new();
    for a in attempts {
        let (status, body) = a.await.unwrap();
        match status {
            201 => created.push(body),
            409 => conflicts.push(body),
            other => panic!("never {other}: {body}"),
        }
    }
    assert_eq!(created.len(), 1, "one registration wins");
    for c in &conflicts {
        assert_eq!(c["code"], "duplicate_source_ref", "{c}");
        assert_eq!(c["existing_id"], created[0]["id"], "the winner is named to a caller who may see it");
    }
});

/// The race made certain on PostgreSQL: the numbering row is held by another transaction while
/// two registrations of one reference both pass their check; released, one inserts and the other
/// meets the unique index. It must still answer the sequential 409 naming the winner.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_unique_race_on_postgres_answers_the_sequential_409() {
    use diesel::{Connection, connection::SimpleConnection};
    let Some(app) = TestApp::spawn(crate::helpers::Backend::Postgres).await else { return };
    let office = app.login("office").await;
    // The first registration creates the numbering row; the race is on the second reference.
    assert_eq!(app.post("/api/v1/issues", Some(&office), &complaint("RACE-0", "拖欠工程款")).await.status(), 201);
    let url = app.database_url();
    let mut holder = diesel::PgConnection::establish(&url).unwrap();
    holder.batch_execute("BEGIN; SELECT value FROM counters WHERE key LIKE 'issue_number:%' FOR UPDATE;").unwrap();
    let send = || {
        let (client, url, token) = (app.client.clone(), app.url("/api/v1/issues"), office.clone());
        tokio::spawn(async move {
            let res = client.post(url).bearer_auth(token).json(&complaint("RACE-1", "拖欠工程款")).send().await;
            let res = res.unwrap();
            (res.status().as_u16(), res.json::<Value>().await.unwrap())
        })
    };
    let (a, b) = (send(), send());
    // Both are past their reference check and waiting for the numbering row.
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    holder.batch_execute("COMMIT").unwrap();
    let mut answers = vec![a.await.unwrap(), b.await.unwrap()];
    answers.sort_by_key(|(s, _)| *s);
    assert_eq!(answers[0].0, 201, "{answers:?}");
    assert_eq!(answers[1].0, 409, "{answers:?}");
    assert_eq!(answers[1].1["code"], "duplicate_source_ref");
    assert_eq!(answers[1].1["existing_id"], answers[0].1["id"]);
}

/// The database going away while the server runs: requests answer 503 with `Retry-After`, and
/// the server recovers by itself.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lost_database_answers_503_with_retry_after() {
    let Some(app) = TestApp::spawn(crate::helpers::Backend::Postgres).await else { return };
    let office = app.login("office").await;
    app.pg_admin_exec(|db| {
        format!(
            "ALTER DATABASE \"{db}\" ALLOW_CONNECTIONS false; \
             SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{db}' AND pid <> pg_backend_pid();"
        )
    });
    let res = app.get_as("/api/v1/issues", &office).await;
    assert_eq!(res.headers().get("retry-after").map(|v| v.to_str().unwrap().to_owned()), Some("5".into()));
    assert_problem(res, 503, "database_unavailable").await;
    app.pg_admin_exec(|db| format!("ALTER DATABASE \"{db}\" ALLOW_CONNECTIONS true;"));
    let mut status = 0;
    for _ in 0..20 {
        status = app.get_as("/api/v1/issues", &office).await.status().as_u16();
        if status == 200 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    }
    assert_eq!(status, 200);
}

/// Exports stream as they are written and at most `LVYUE_EXPORT_CONCURRENCY` run at once: while
/// a slow client holds one (its body unread), the next is refused with 503 and `Retry-After`;
/// once it is read, exports run again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exports_beyond_the_limit_wait_their_turn() {
    let app = TestApp::spawn_configured(crate::helpers::Backend::Sqlite, |c| c.export_concurrency = 1).await.unwrap();
    let office = app.login("office").await;
    // Enough rows that the export outgrows what the server buffers for one client.
    let rows: Vec<Value> = (0..4000)
        .map(|i| {
            json!({"title": format!("第 {i} 号拖欠工程款问题, 合同约定验收后付款"), "description": "验收合格后逾期未付, 企业多次催要。".repeat(40),
                   "category": "agency_arrears", "problem_type": "agency_delay", "source": "complaint",
                   "source_ref": format!("EXP-{i}"), "enterprise_name": "随州市测试建筑有限公司"})
        })
        .collect();
    let res = app.client.post(app.url("/api/v1/imports")).bearer_auth(&office).json(&rows).send().await.unwrap();
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let slow = app.client.get(app.url("/api/v1/exports/issues.csv")).bearer_auth(&office).send().await.unwrap();
    assert_eq!(slow.status(), 200);
    assert_eq!(slow.headers()["x-total-count"], "4000");
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let refused = app.get_as("/api/v1/exports/issues.xlsx", &office).await;
    assert_eq!(refused.headers()["retry-after"], "10");
    assert_problem(refused, 503, "exports_busy").await;
    let csv = slow.bytes().await.unwrap();
    assert_eq!(csv.iter().filter(|b| **b == b'\n').count(), 4001, "header and every row");
    let mut status = 0;
    for _ in 0..20 {
        status = app.get_as("/api/v1/exports/issues.csv?q=EXP-1", &office).await.status().as_u16();
        if status == 200 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(status, 200, "the slot is free again");
}

/// A client that declares a body and then stalls (slowloris) is cut off with 408 and its worker
/// freed, while others are served meanwhile.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stalled_body_is_cut_off_with_408() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = TestApp::spawn(crate::helpers::Backend::Sqlite).await.unwrap();
    let host = app.address.trim_start_matches("http://").to_owned();
    let mut stalled = tokio::net::TcpStream::connect(&host).await.unwrap();
    let head = format!(
        "POST /api/v1/auth/login HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{{\"username\":"
    );
    stalled.write_all(head.as_bytes()).await.unwrap();
    // Others are served while it stalls.
    assert_eq!(app.client.get(app.url("/healthz")).send().await.unwrap().status(), 200);
    // Read until the answer's body is in (the connection may stay open after it).
    let mut answer = Vec::new();
    let read = tokio::time::timeout(std::time::Duration::from_secs(30), async {
        let mut buf = [0u8; 4096];
        while !String::from_utf8_lossy(&answer).contains("request_body_timeout") {
            match stalled.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => answer.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await;
    assert!(read.is_ok(), "the server must not wait forever");
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("request_body_timeout"), "{answer}");
}
