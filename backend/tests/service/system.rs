//! Settings, sign-in, and the demo seed performed through the use cases.

use lvyue::{
    audit::RequestMeta,
    domain::{lifecycle::State, settings::SettingKey},
    service::{
        self,
        settings::{self, SettingValue},
    },
    store::{
        self,
        issues::{ListFilter, Visibility},
    },
};

use crate::service_test;

service_test!(settings_are_typed_changed_by_their_administrator_and_audited, |db| {
    let mut pooled = db.conn();
    let conn = &mut *pooled;
    assert!(!settings::current(conn).unwrap().grayscale);
    let value = |v: serde_json::Value| SettingValue { value: v };
    // Refused, and the refusal is recorded as the outcome.
    let err = settings::update(conn, &db.cx("office"), SettingKey::Grayscale, value(serde_json::json!(true)))
        .unwrap()
        .unwrap_err();
    assert_eq!(err.status.as_u16(), 403);
    let err =
        settings::update(conn, &db.cx("sysadmin"), SettingKey::Grayscale, value(serde_json::json!("yes"))).unwrap_err();
    assert_eq!((err.status.as_u16(), err.errors[0].field.as_str()), (422, "value"));
    let dto = settings::update(conn, &db.cx("sysadmin"), SettingKey::Grayscale, value(serde_json::json!(true)))
        .unwrap()
        .unwrap();
    assert!(dto.editable && dto.value == serde_json::json!(true));
    assert!(settings::current(conn).unwrap().grayscale);
    // The office sees every setting, and may change only the ledger's.
    let listed = settings::list(conn, &db.cx("office")).unwrap();
    let ledger = [
        SettingKey::DeadlineHorizonDays,
        SettingKey::SubmitEvidenceExemptCategories,
        SettingKey::SnapshotHour,
        SettingKey::RedRepeatDays,
        SettingKey::DigestHour,
        SettingKey::MilestoneReminderDays,
    ];
    assert!(listed.iter().all(|s| s.editable == ledger.contains(&s.key)));
    assert_eq!(settings::list(conn, &db.cx("unit_finance")).unwrap_err().status.as_u16(), 403);
    drop(pooled);
    assert_eq!(db.audit_count("setting.update"), 2, "the refusal and the change");
});

service_test!(sign_in_counts_failures_and_starts_a_session, |db| {
    let conn = &mut *db.conn();
    let meta = RequestMeta { client_ip: Some("203.0.113.7".into()), ..RequestMeta::internal() };
    let secret = b"0123456789abcdef0123456789abcdef";
    let attempt =
        |conn: &mut lvyue::db::DbConnection| service::auth::login_attempt(conn, &db.clock, &meta, "office").unwrap();
    // Five failures (the default limit) start a 30 s wait for this name at this address.
    for _ in 0..5 {
        let a = attempt(conn);
        assert_eq!(a.wait, None);
        let refused = service::auth::sign_in(conn, &db.clock, &meta, secret, &a, false).unwrap();
        assert_eq!(refused.unwrap_err().status.as_u16(), 401);
    }
    assert_eq!(attempt(conn).wait, Some(chrono::Duration::seconds(30)));
    let elsewhere = RequestMeta { client_ip: Some("198.51.100.2".into()), ..RequestMeta::internal() };
    assert_eq!(service::auth::login_attempt(conn, &db.clock, &elsewhere, "office").unwrap().wait, None);
    db.clock.advance(chrono::Duration::seconds(30));
    let a = attempt(conn);
    assert_eq!(a.wait, None, "the wait is over");
    let service::auth::LoginOutcome::Signed(tokens) =
        service::auth::sign_in(conn, &db.clock, &meta, secret, &a, true).unwrap().unwrap()
    else {
        panic!("office has no second factor")
    };
    // One server's cache across these calls: the session's end must reach it at once.
    let caches = service::read_cache::ReadCaches::default();
    let signed_in = service::auth::authenticate(conn, &db.clock, secret, &tokens.access_token, &caches).unwrap();
    assert_eq!(signed_in.principal.username, "office");
    assert!(signed_in.read_epoch.is_some(), "a session is checked under the read-cache epoch");
    let refreshed = service::auth::refresh(conn, &db.clock, &meta, secret, &tokens.refresh_token).unwrap().unwrap();
    let again = service::auth::authenticate(conn, &db.clock, secret, &refreshed.access_token, &caches).unwrap();
    assert_eq!(again.principal.username, "office", "the rotated session lives on");
    // The used refresh token again: the whole session ends, the cached principal with it.
    let replay = service::auth::refresh(conn, &db.clock, &meta, secret, &tokens.refresh_token).unwrap();
    assert_eq!(replay.unwrap_err().status.as_u16(), 401);
    assert!(service::auth::authenticate(conn, &db.clock, secret, &refreshed.access_token, &caches).is_err());
    assert!(service::auth::authenticate(conn, &db.clock, secret, &tokens.access_token, &caches).is_err());
});

service_test!(the_demo_seed_performs_real_histories, |db| {
    let n = lvyue::seed::demo_problems(&mut db.conn(), &db.clock, &db.storage()).unwrap();
    assert!(n >= 50);
    let mut pooled = db.conn();
    let conn = &mut *pooled;
    let all = Visibility::Scope(lvyue::domain::permissions::IssueScope::All);
    let issues = store::issues::list(conn, &all, &ListFilter::default(), Default::default(), 0, 200).unwrap();
    for state in State::ALL {
        assert!(issues.iter().any(|i| i.state == *state), "a demo problem in {state:?}");
    }
    for issue in &issues {
        let steps = store::issues::transitions(conn, &issue.id).unwrap();
        // Newest first: the last step leads to the state the problem is in.
        assert_eq!(steps[0].to_state, issue.state, "{}", issue.number);
        let events = store::outbox::of_issue(conn, &issue.id).unwrap();
        assert!(events.len() >= steps.len(), "{}: an event per step", issue.number);
    }
    // Arrears with facts, a repayment plan behind (a missed instalment) and a correction (#17).
    let behind = ListFilter { repayment_missed: true, today: db.clock.today(), ..Default::default() };
    assert!(store::issues::count(conn, &all, &behind).unwrap() > 0, "a demo plan with a missed instalment");
    let ids: Vec<_> = issues.iter().map(|i| i.id.clone()).collect();
    let records = store::payments::of_issues(conn, &ids).unwrap();
    assert!(records.iter().any(|p| p.kind == lvyue::domain::repayment::PaymentKind::Correction), "a correction");
    assert!(!store::facts::of_issues(conn, &ids).unwrap().is_empty(), "facts of arrears");
    for issue in &issues {
        let sum: i64 = records.iter().filter(|p| p.issue_id == issue.id).map(|p| p.amount_fen).sum();
        assert_eq!(sum.min(issue.amount_involved_fen), issue.amount_resolved_fen, "{}", issue.number);
    }
    drop(pooled);
    assert!(db.audit_count("issue.assign") > 30, "transitions are audited as they happen");
});
