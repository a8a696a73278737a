//! Upgrades keep data: a database made by the previous release (demo data, dumped) gets the
//! current migrations, and everything a user or an auditor could see before is still there.

use std::collections::{BTreeMap, BTreeSet};

use diesel::{QueryableByName, RunQueryDsl, sql_types::BigInt, sql_types::Nullable, sql_types::Text};
use lvyue::db::DbConnection;
use serde_json::{Value, json};

use crate::helpers::{Backend, DEMO_PASSWORD, DEMO_USERS, TestApp};

const RELEASE_1_SQLITE: &str = include_str!("../fixtures/release-1/sqlite.sql");
const RELEASE_1_POSTGRES: &str = include_str!("../fixtures/release-1/postgres.sql");

/// A problem as the previous release stored it (its schema, read before migrating).
#[derive(Debug, Clone, PartialEq, Eq, QueryableByName)]
struct OldIssue {
    #[diesel(sql_type = Text)]
    id: String,
    #[diesel(sql_type = Text)]
    number: String,
    #[diesel(sql_type = Text)]
    title: String,
    #[diesel(sql_type = Text)]
    state: String,
    #[diesel(sql_type = Nullable<Text>)]
    closure_kind: Option<String>,
    #[diesel(sql_type = BigInt)]
    amount_involved_fen: i64,
    #[diesel(sql_type = BigInt)]
    amount_resolved_fen: i64,
    #[diesel(sql_type = Nullable<Text>)]
    deadline: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    responsible_unit_id: Option<String>,
    #[diesel(sql_type = Text)]
    reporting_unit_id: String,
    #[diesel(sql_type = Text)]
    group_id: String,
    #[diesel(sql_type = Text)]
    source: String,
    #[diesel(sql_type = Nullable<Text>)]
    source_ref: Option<String>,
    #[diesel(sql_type = BigInt)]
    timeline_entries: i64,
}

#[derive(Debug, QueryableByName)]
struct Pair {
    #[diesel(sql_type = Text)]
    a: String,
    #[diesel(sql_type = Text)]
    b: String,
}

#[derive(Debug, QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// What the previous release's database holds, read with its own schema.
struct Before {
    issues: Vec<OldIssue>,
    cooperating: BTreeMap<String, BTreeSet<String>>,
    audit_records: i64,
    users: BTreeSet<String>,
    /// The campaigns' milestones: (id, "title|due_on").
    milestones: Vec<Pair>,
}

fn read_before(conn: &mut DbConnection) -> Before {
    let issues = diesel::sql_query(
        "SELECT i.id, i.number, i.title, i.state, i.closure_kind, i.amount_involved_fen, i.amount_resolved_fen, \
         CAST(i.deadline AS TEXT) AS deadline, i.responsible_unit_id, i.reporting_unit_id, i.group_id, i.source, \
         i.source_ref, \
         (SELECT COUNT(*) FROM issue_transitions t WHERE t.issue_id = i.id) \
         + (SELECT COUNT(*) FROM issue_progress p WHERE p.issue_id = i.id) \
         + (SELECT COUNT(*) FROM issue_urges u WHERE u.issue_id = i.id) \
         + (SELECT COUNT(*) FROM extension_requests e WHERE e.issue_id = i.id) \
         + (SELECT COUNT(*) FROM extension_requests e WHERE e.issue_id = i.id AND e.decided_at IS NOT NULL) \
           AS timeline_entries \
         FROM issues i ORDER BY i.number",
    )
    .load::<OldIssue>(conn)
    .expect("old issues");
    let mut cooperating: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for p in diesel::sql_query("SELECT issue_id AS a, unit_id AS b FROM issue_cooperating_units")
        .load::<Pair>(conn)
        .expect("old cooperating units")
    {
        cooperating.entry(p.a).or_default().insert(p.b);
    }
    let audit_records =
        diesel::sql_query("SELECT COUNT(*) AS n FROM audit_log").get_result::<Count>(conn).expect("audit count").n;
    let users = diesel::sql_query("SELECT username AS a, id AS b FROM users")
        .load::<Pair>(conn)
        .expect("users")
        .into_iter()
        .map(|p| p.a)
        .collect();
    let milestones = diesel::sql_query(
        "SELECT id AS a, title || '|' || CAST(due_on AS TEXT) AS b FROM campaign_milestones ORDER BY due_on, id",
    )
    .load::<Pair>(conn)
    .expect("old milestones");
    Before { issues, cooperating, audit_records, users, milestones }
}

async fn upgrade_keeps_everything(backend: Backend, dump: &str) {
    let Some((app, before)) = TestApp::spawn_from_dump(backend, dump, read_before).await else { return };
    assert!(before.issues.len() >= 50, "the fixture holds the demo problems");

    // Every account still signs in with its password.
    for user in DEMO_USERS {
        assert!(before.users.contains(user), "{user} in the fixture");
        app.login_full(user, DEMO_PASSWORD).await;
    }

    // Every problem reads back as it was, with its timeline.
    let office = app.login("office").await;
    let mut seen = BTreeMap::new();
    for page in 1.. {
        let body = app.get_json(&format!("/api/v1/issues?page_size=200&page={page}&sort=number"), &office).await;
        let items = body["items"].as_array().unwrap().clone();
        if items.is_empty() {
            break;
        }
        for item in items {
            seen.insert(item["id"].as_str().unwrap().to_owned(), item);
        }
    }
    assert_eq!(seen.len(), before.issues.len(), "no problem lost or added");
    for old in &before.issues {
        let new: &Value = &seen[&old.id];
        let ctx = &old.number;
        assert_eq!(new["number"], old.number.as_str(), "{ctx}");
        assert_eq!(new["title"], old.title.as_str(), "{ctx}");
        assert_eq!(new["state"], old.state.as_str(), "{ctx}");
        assert_eq!(new["closure_kind"].as_str(), old.closure_kind.as_deref(), "{ctx}");
        assert_eq!(new["amount_involved_fen"], old.amount_involved_fen, "{ctx}");
        assert_eq!(new["amount_resolved_fen"], old.amount_resolved_fen, "{ctx}");
        assert_eq!(new["deadline"].as_str(), old.deadline.as_deref(), "{ctx}");
        assert_eq!(new["responsible_unit_id"].as_str(), old.responsible_unit_id.as_deref(), "{ctx}");
        assert_eq!(new["reporting_unit_id"], old.reporting_unit_id.as_str(), "{ctx}");
        assert_eq!(new["group_id"], old.group_id.as_str(), "{ctx}");
        assert_eq!(new["source"], old.source.as_str(), "{ctx}");
        assert_eq!(new["source_ref"].as_str(), old.source_ref.as_deref(), "{ctx}");
        let coop: BTreeSet<String> =
            new["cooperating_unit_ids"].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_owned()).collect();
        assert_eq!(coop, before.cooperating.get(&old.id).cloned().unwrap_or_default(), "{ctx}");
        let timeline = app.get_json(&format!("/api/v1/issues/{}/timeline", old.id), &office).await;
        let (payments, rest): (Vec<&Value>, Vec<&Value>) =
            timeline.as_array().unwrap().iter().partition(|e| e["kind"] == "payment");
        assert_eq!(rest.len() as i64, old.timeline_entries, "{ctx} timeline");
        // The amount resolved before the upgrade is carried forward as one opening record (#17).
        let list = app.get_json(&format!("/api/v1/issues/{}/payments", old.id), &office).await;
        assert_eq!(list["resolved_fen"], old.amount_resolved_fen, "{ctx} payments");
        if old.amount_resolved_fen > 0 {
            assert_eq!(payments.len(), 1, "{ctx}");
            assert_eq!(list["items"][0]["kind"], "opening", "{ctx}");
            assert_eq!(list["items"][0]["amount_fen"], old.amount_resolved_fen, "{ctx}");
        } else {
            assert!(payments.is_empty(), "{ctx}");
        }
    }

    // The new problem type 合同不履行 (#17) arrives with the upgrade.
    assert_eq!(
        app.count(
            "SELECT COUNT(*) AS n FROM dict_items WHERE kind = 'problem_type' AND code = 'contract_breach' \
                   AND parent_code = 'investment_promise'"
        ),
        1
    );

    // Campaigns come through (#20): the 2024 campaign stays open with its milestones, the
    // standing 常态化监测 one arrives, numbering carries on where it stood, and each milestone's
    // board asks every work group's lead unit (none has filed yet).
    let campaigns = app.get_json("/api/v1/campaigns", &office).await;
    let find = |code: &str| {
        campaigns.as_array().unwrap().iter().find(|c| c["code"] == code).cloned().expect("campaign in the list")
    };
    let (old, standing) = (find("2024"), find("CT"));
    assert_eq!((&old["state"], &old["active"]), (&json!("open"), &json!(true)));
    assert_eq!((&standing["state"], &standing["standing"]), (&json!("open"), &json!(true)));
    let milestones =
        app.get_json(&format!("/api/v1/campaigns/{}/milestones", old["id"].as_str().unwrap()), &office).await;
    let mut now: Vec<(String, String)> = milestones
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["id"].as_str().unwrap().to_owned(),
                format!("{}|{}", m["title"].as_str().unwrap(), m["due_on"].as_str().unwrap()),
            )
        })
        .collect();
    now.sort_by(|x, y| (x.1.split('|').nth(1), &x.0).cmp(&(y.1.split('|').nth(1), &y.0)));
    let was: Vec<(String, String)> = before.milestones.iter().map(|p| (p.a.clone(), p.b.clone())).collect();
    assert_eq!(now, was, "the milestones, as they were");
    for (id, _) in &now {
        let board = app.get_json(&format!("/api/v1/milestones/{id}/submissions"), &office).await;
        assert_eq!(board["totals"]["expected"], 5, "{board}");
        assert_eq!(board["totals"]["missing"], 5, "{board}");
    }
    let last = before.issues.iter().map(|i| i.number.clone()).max().expect("numbers");
    let next: u32 = last.trim_start_matches("LY2024-").parse::<u32>().expect("a 2024 number") + 1;
    let body = json!({"title": "升级后登记的问题", "description": "升级后编号接续。", "category": "agency_arrears",
        "problem_type": "agency_delay", "source": "complaint", "enterprise_name": "随州市升级测试有限公司"});
    let res = app.post("/api/v1/issues", Some(&office), &body).await;
    assert_eq!(res.status(), 201);
    let registered: Value = res.json().await.unwrap();
    assert_eq!(registered["number"], format!("LY2024-{next:05}"));
    assert_eq!(registered["campaign_id"], old["id"]);

    // The audit chain continues: every old record is there and the whole chain verifies.
    let auditor = app.login("auditor").await;
    let verify = app.get_json("/api/v1/audit/verify", &auditor).await;
    assert_eq!(verify["ok"], true, "{verify}");
    assert!(verify["checked"].as_i64().unwrap() >= before.audit_records, "{verify}");
    // The old records keep their plain SHA-256 values, unrewritten; the keyed segment that
    // follows them opens with a checkpoint recording the switch (#15).
    assert_eq!(verify["checked_against"]["key"], true, "{verify}");
    assert!(verify["checked_against"]["checkpoints"].as_i64().unwrap() >= 1, "{verify}");
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM audit_log WHERE key_id IS NULL"), before.audit_records);
    let switch = format!(
        "SELECT COUNT(*) AS n FROM audit_checkpoints WHERE seq = {} AND previous_key_id = ''",
        before.audit_records
    );
    assert_eq!(app.count(&switch), 1, "the switch from the plain chain is a checkpoint");
    let first = app.get_json("/api/v1/audit?page_size=1", &auditor).await;
    assert!(first["total"].as_i64().unwrap() >= before.audit_records, "{first}");

    // The maintained counts (#24) start from the problems as they were: each state's list total
    // (answered from them) is the number of problems the fixture holds in that state.
    let states: BTreeSet<&str> = before.issues.iter().map(|i| i.state.as_str()).chain(["self_check"]).collect();
    assert!(states.len() >= 4, "{states:?}");
    for state in states {
        let held = before.issues.iter().filter(|i| i.state == state).count() as i64;
        let listed = app.get_json(&format!("/api/v1/issues?state={state}&page_size=1"), &office).await;
        assert_eq!(listed["total"].as_i64(), Some(held + i64::from(state == "self_check")), "{state}: {listed}");
    }
    // So does the overview's sums (#24): the upgrade marks every problem for its first share, and
    // until the fold the overview adds up those shares.
    let overview = app.get_json("/api/v1/stats/overview", &office).await;
    assert_eq!(overview["total"].as_i64(), Some(before.issues.len() as i64 + 1), "{overview}");
    let closed = before.issues.iter().filter(|i| i.closure_kind.as_deref() == Some("rectified")).count() as i64;
    assert_eq!(overview["closed"].as_i64(), Some(closed), "{overview}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn release_1_sqlite_upgrades_without_loss() {
    upgrade_keeps_everything(Backend::Sqlite, RELEASE_1_SQLITE).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn release_1_postgres_upgrades_without_loss() {
    upgrade_keeps_everything(Backend::Postgres, RELEASE_1_POSTGRES).await;
}
