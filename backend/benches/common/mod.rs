//! What the benchmarks share: a served application on a fresh database, the data generator
//! and timing helpers. Each benchmark uses a part of it.
#![allow(dead_code)]

use std::time::{Duration, Instant};

use chrono::Duration as Days;
use diesel::RunQueryDsl;
use lvyue::{
    config::{Config, DatabaseUrl},
    db,
    startup::Application,
    store::{self, issues::Issue},
};

pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[idx]
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Fills the ledger with `n` problems spread over groups, units, states and deadlines.
pub fn fill(conn: &mut db::DbConnection, n: usize) {
    let campaign = store::campaigns::current(conn).unwrap().unwrap();
    let groups: Vec<_> = store::groups::list(conn).unwrap().into_iter().filter(|g| g.category.is_some()).collect();
    let units = store::units::list(conn, false).unwrap();
    let dicts = store::dictionaries::list(conn).unwrap();
    let clock = lvyue::clock::Clock::system();
    let today = clock.today();
    let now = clock.now();
    use lvyue::domain::lifecycle::{ClosureKind, State};
    let states =
        [State::SelfCheck, State::Assigned, State::Rectifying, State::Rectifying, State::Verifying, State::Closed];
    let sources =
        ["self_inspection", "complaint", "leadership", "letters_visits", "online", "platform_transfer", "other"];
    let mut batch = Vec::with_capacity(5000);
    let mut ledger = Ledger::default();
    for i in 0..n {
        let g = &groups[i % groups.len()];
        let category = g.category.clone().unwrap();
        let types: Vec<_> = dicts.iter().filter(|d| d.parent_code.as_deref() == Some(category.as_str())).collect();
        let state = states[(i / 7) % states.len()];
        // A prime multiplier spreads the problems over every unit. (`i * 13`
        // with the seed's 26 units gave them all to two units, and none to finance, whose scope
        // and filter the benchmark times.)
        let unit = &units[(i * 2_654_435_761) % units.len()];
        let assigned = state != State::SelfCheck;
        batch.push(Issue {
            id: lvyue::db::IssueId::new(),
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
            state,
            closure_kind: (state == State::Closed).then_some(ClosureKind::Rectified),
            version: 1,
            created_by_kind: lvyue::domain::org::ActorKind::User,
            created_by_id: "bench".into(),
            created_at: now - Days::minutes((n - i) as i64),
            updated_at: now,
            closed_at: (state == State::Closed).then_some(now),
            migrated: false,
        });
        if let Some(last) = batch.last() {
            ledger.add(i, last, today, now);
        }
        if batch.len() == 5000 {
            insert_batch(conn, &batch, &ledger);
            batch.clear();
            ledger = Ledger::default();
        }
    }
    insert_batch(conn, &batch, &ledger);
    // What the `count_fold` job does within ten seconds of a write: without it, a list measured
    // just after the fill sums every inserted row's count delta (about 10 ms at 100,000 on
    // SQLite, whose triggers add one delta a row).
    conn.write_tx(store::issue_counts::fold).unwrap();
    if let db::DbConnection::Postgres(pg) = conn {
        // As autovacuum leaves a table after a bulk insert: statistics, and the visibility map
        // that lets a count read an index alone.
        diesel::sql_query("VACUUM ANALYZE").execute(pg).unwrap();
    }
    // Not on SQLite: the server never analyzes it, so the plans measured are the ones it runs.
}

pub async fn time(client: &reqwest::Client, url: &str, token: &str, samples: usize) -> (Duration, Duration) {
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

/// The process's peak resident memory so far (VmHWM), in MB.
pub fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).map(str::to_owned))
        .and_then(|l| l.split_whitespace().nth(1).and_then(|kb| kb.parse::<f64>().ok()))
        .map(|kb| kb / 1024.0)
        .unwrap_or(0.0)
}

/// The arrears facts and repayment plans of a batch of generated problems.
#[derive(Default)]
pub struct Ledger {
    facts: Vec<store::facts::Facts>,
    plans: Vec<store::plans::Plan>,
    instalments: Vec<store::plans::Instalment>,
}

impl Ledger {
    /// Two arrears in three get facts (nature, 账龄 over three years, one in ten disputed); one
    /// in ten a plan of three monthly instalments from 75 days ago, the first paid in every
    /// other plan — so about half the plans are behind.
    fn add(&mut self, i: usize, issue: &Issue, today: chrono::NaiveDate, now: chrono::NaiveDateTime) {
        use lvyue::domain::repayment::{DebtorNature, EnterpriseSize};
        if !issue.category.ends_with("arrears") || i.is_multiple_of(3) {
            return;
        }
        self.facts.push(store::facts::Facts {
            issue_id: issue.id.clone(),
            amount_due_fen: None,
            debtor_name: Some(format!("测试欠款单位{}", i % 400)),
            debtor_nature: Some(DebtorNature::ALL[i % DebtorNature::ALL.len()]),
            agreed_payment_on: Some(today - Days::days((i % 1100) as i64)),
            // One in ten, counted in fives: the arrears groups are every fifth problem, so
            // `i % 10` would never meet them.
            disputed: (i / 5) % 10 == 1,
            dispute_note: ((i / 5) % 10 == 1).then(|| "工程量有争议".into()),
            updated_at: now,
            doc_name: Some("施工合同".into()),
            doc_no: Some(format!("HT-{i}")),
            doc_date: None,
            contract_amount_fen: None,
            enterprise_size: Some(EnterpriseSize::ALL[i % EnterpriseSize::ALL.len()]),
            enterprise_ownership: None,
            promised_content: None,
            promise_lawful: None,
            pretext: None,
            policy_level: None,
        });
        if i % 10 != 2 || issue.amount_involved_fen < 300 {
            return;
        }
        let part = issue.amount_involved_fen / 3;
        self.plans.push(store::plans::Plan {
            issue_id: issue.id.clone(),
            version: 1,
            is_current: true,
            outstanding_fen: part * 3,
            note: None,
            unit_id: issue.responsible_unit_id.clone(),
            set_by_kind: lvyue::domain::org::ActorKind::User,
            set_by_id: "bench".into(),
            set_by_name: "bench".into(),
            created_at: now,
        });
        for seq in 0..3 {
            self.instalments.push(store::plans::Instalment {
                issue_id: issue.id.clone(),
                version: 1,
                seq: seq + 1,
                due_on: today - Days::days(75 - 30 * i64::from(seq)),
                amount_fen: part,
                paid_fen: if seq == 0 && i % 20 == 2 { part } else { 0 },
                is_current: true,
            });
        }
    }
}

/// Problems with their memberships (reporting and responsible units), facts and plans, as the
/// use cases write them.
pub fn insert_batch(conn: &mut db::DbConnection, batch: &[Issue], ledger: &Ledger) {
    use lvyue::db::schema::{repayment_instalments, repayment_plans};
    use lvyue::domain::permissions::Relation;
    let mut units: Vec<_> =
        batch.iter().map(|i| (i.id.clone(), i.reporting_unit_id.clone(), Relation::Reporting, i.created_at)).collect();
    units.extend(
        batch.iter().filter_map(|i| {
            i.responsible_unit_id.clone().map(|u| (i.id.clone(), u, Relation::Responsible, i.created_at))
        }),
    );
    conn.write_tx(|c| {
        store::issues::insert_many(c, batch)?;
        store::issues::insert_units_many(c, &units)?;
        store::facts::insert_many(c, &ledger.facts)?;
        for chunk in ledger.plans.chunks(500) {
            match c {
                db::DbConnection::Postgres(pg) => {
                    diesel::insert_into(repayment_plans::table).values(chunk).execute(pg)?
                }
                db::DbConnection::Sqlite(lite) => {
                    diesel::insert_into(repayment_plans::table).values(chunk).execute(lite)?
                }
            };
        }
        for chunk in ledger.instalments.chunks(500) {
            match c {
                db::DbConnection::Postgres(pg) => {
                    diesel::insert_into(repayment_instalments::table).values(chunk).execute(pg)?
                }
                db::DbConnection::Sqlite(lite) => {
                    diesel::insert_into(repayment_instalments::table).values(chunk).execute(lite)?
                }
            };
        }
        Ok::<(), diesel::result::Error>(())
    })
    .unwrap();
}

/// A server on a fresh database with the organisation, campaigns and demo accounts; its base
/// URL, the office's token, the pool and the data directory.
/// A demo account's access token.
pub async fn login(client: &reqwest::Client, base: &str, username: &str) -> String {
    let res: serde_json::Value = client
        .post(format!("{base}/api/v1/auth/login"))
        .json(&serde_json::json!({"username": username, "password": "Lvyue#Demo2024"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    res["access_token"].as_str().unwrap().to_owned()
}

/// The server is stopped with the handle (before its database is dropped, or its jobs would
/// keep reconnecting to a database that is gone).
/// The benchmark's server. Stopping it waits for its jobs' runs too, so that none goes on beside
/// the next measurement or after its database is dropped.
pub struct Served {
    handle: actix_web::dev::ServerHandle,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Served {
    pub async fn stop(self) {
        self.handle.stop(true).await;
        let _ = self.task.await;
    }
}

pub async fn serve(url: DatabaseUrl) -> (String, String, db::Pool, std::path::PathBuf, Served) {
    let data_dir = std::env::temp_dir().join(format!("lvyue-bench-{}", uuid::Uuid::now_v7().simple()));
    std::fs::create_dir_all(&data_dir).unwrap();
    let pool = db::connect(&url, 8).unwrap();
    {
        let mut conn = pool.get().unwrap();
        db::migrate(&mut conn).unwrap();
        let clock = lvyue::clock::Clock::system();
        lvyue::seed::organisation(&mut conn, &clock).unwrap();
        lvyue::seed::demo_campaigns(&mut conn, &clock).unwrap();
        lvyue::seed::demo_accounts(&mut conn, &clock).unwrap();
    }
    let fill_pool = pool.clone();
    let config = Config::with_defaults(
        url,
        "127.0.0.1:0".parse().unwrap(),
        data_dir.clone(),
        b"bench-secret-bench-secret-bench-secret".to_vec(),
    );
    let app = Application::build(config, pool, Some(2), lvyue::clock::Clock::system()).unwrap();
    let base = format!("http://127.0.0.1:{}", app.port());
    let handle = app.handle();
    let task = tokio::spawn(app.run_until_stopped());
    let token = login(&reqwest::Client::new(), &base, "office").await;
    (base, token, fill_pool, data_dir, Served { handle, task })
}
