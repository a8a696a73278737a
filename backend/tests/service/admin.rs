//! The administrative use cases (organisation, accounts, dictionaries, API keys) and the
//! read models (statistics, reports): a refusal is audited and committed, bad input writes
//! nothing, a change writes its audit record in the same transaction.

use lvyue::{
    audit::{self, AuditFilter},
    domain::{org::UnitKind, stats_freshness::Policy},
    domain::{permissions::ApiScope, roles::Role},
    error::ApiError,
    service::{
        accounts::{self, AccountDraft, CreateUser, RoleInput, SetRoles, UpdateUser},
        api_keys::{self, CreateApiKey},
        dictionaries::{self, DictItemInput, PutItem},
        issues,
        org::{self, CreateUnit, UpdateGroup, UpdateUnit},
        reports::{self, DispatchReport},
        stats::{self, Interval},
    },
    store,
};

use crate::{harness::Db, service_test};

/// The results of the audit records with this action, oldest first.
fn audit_results(db: &Db, action: &str) -> Vec<String> {
    let filter = AuditFilter { action: Some(action.to_owned()), ..Default::default() };
    let (mut records, _) = audit::list(&mut db.conn(), &filter, 0, 1000).unwrap();
    records.sort_by_key(|r| r.seq);
    records.into_iter().map(|r| r.result).collect()
}

/// The audit records of one action written from now on (the seed wrote some already).
struct Trail(&'static str, usize);

impl Trail {
    fn start(db: &Db, action: &'static str) -> Self {
        Self(action, audit_results(db, action).len())
    }

    fn results(&self, db: &Db) -> Vec<String> {
        audit_results(db, self.0).split_off(self.1)
    }
}

/// A refusal is answered and committed (the `Ok(Err(..))` of a guarded use case).
fn refused<T: std::fmt::Debug>(outcome: Result<Result<T, ApiError>, ApiError>) -> ApiError {
    outcome.expect("the refusal is committed").expect_err("refused")
}

fn new_unit(code: &str, name: &str) -> CreateUnit {
    CreateUnit { code: code.into(), name: name.into(), alias: None, kind: UnitKind::Department, sort_order: None }
}

service_test!(units_are_changed_by_the_sysadmin_only_and_audited, |db| {
    let created = Trail::start(&db, "unit.create");
    let office = db.cx("office");
    let err = refused(db.run(|conn| org::create_unit(conn, &office, new_unit("soe_water", "区水务集团"))));
    assert_eq!(err.status.as_u16(), 403);
    assert_eq!(created.results(&db), ["denied"]);

    let admin = db.cx("sysadmin");
    let err = db.run(|conn| org::create_unit(conn, &admin, new_unit("Bad Code", " "))).unwrap_err();
    assert_eq!(err.status.as_u16(), 422);
    let fields: Vec<&str> = err.errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["code", "name"]);
    let err = db.run(|conn| org::create_unit(conn, &admin, new_unit("water2", "区财政局"))).unwrap_err();
    assert_eq!((err.status.as_u16(), err.code), (409, "unit_name_taken"));
    assert!(store::units::find_by_code(&mut db.conn(), "water2").unwrap().is_none(), "nothing written");
    assert_eq!(created.results(&db), ["denied"]);

    let unit = db.run(|conn| org::create_unit(conn, &admin, new_unit("soe_water", "区水务集团"))).unwrap().unwrap();
    assert_eq!(created.results(&db), ["denied", "success"]);
    let rename =
        UpdateUnit { name: None, alias: Some("区水投".into()), kind: None, active: Some(false), sort_order: None };
    let changed = db.run(|conn| org::update_unit(conn, &admin, &unit.id, rename)).unwrap().unwrap();
    assert_eq!((changed.alias.as_deref(), changed.active), (Some("区水投"), false));
    assert_eq!(audit_results(&db, "unit.update"), ["success"]);

    // A unit an account belongs to cannot be deleted; a free one can.
    let finance = db.unit("finance");
    let err = db.run(|conn| org::delete_unit(conn, &admin, &finance)).unwrap_err();
    assert_eq!((err.status.as_u16(), err.code), (409, "unit_referenced"));
    db.run(|conn| org::delete_unit(conn, &admin, &unit.id)).unwrap().unwrap();
    assert!(store::units::find(&mut db.conn(), &unit.id).unwrap().is_none());
    assert_eq!(audit_results(&db, "unit.delete"), ["success"]);
});

service_test!(groups_are_changed_by_the_sysadmin_only_and_audited, |db| {
    let group = store::groups::find_by_code(&mut db.conn(), "funds").unwrap().unwrap();
    let change = |members: Vec<lvyue::db::UnitId>| UpdateGroup {
        name: Some("资金组".into()),
        lead_unit_id: None,
        member_unit_ids: Some(members),
    };
    let updated = Trail::start(&db, "group.update");
    let err = refused(db.run(|conn| org::update_group(conn, &db.cx("office"), &group.id, change(vec![]))));
    assert_eq!(err.status.as_u16(), 403);
    assert_eq!(updated.results(&db), ["denied"]);

    let admin = db.cx("sysadmin");
    let finance = db.unit("finance");
    let err = db.run(|conn| org::update_group(conn, &admin, &group.id, change(vec![finance.clone(), finance.clone()])));
    let err = err.unwrap_err();
    assert_eq!((err.status.as_u16(), err.errors[0].field.as_str()), (422, "member_unit_ids[1]"));
    assert_eq!(store::groups::find(&mut db.conn(), &group.id).unwrap().unwrap().name, group.name, "nothing written");

    let after =
        db.run(|conn| org::update_group(conn, &admin, &group.id, change(vec![finance.clone()]))).unwrap().unwrap();
    assert_eq!((after.name.as_str(), after.member_unit_ids.as_slice()), ("资金组", [finance].as_slice()));
    assert_eq!(updated.results(&db), ["denied", "success"]);
    assert_eq!(org::list_groups(&mut db.conn(), &db.cx("unit_finance")).unwrap().len(), 6);
});

fn new_account(username: &str, password: &str, unit: lvyue::db::UnitId) -> CreateUser {
    CreateUser {
        username: username.into(),
        display_name: "万店镇·李华".into(),
        unit_id: unit,
        password: password.into(),
    }
}

service_test!(accounts_are_managed_by_the_sysadmin_only_and_audited, |db| {
    let created = Trail::start(&db, "user.create");
    let office = db.cx("office");
    let draft = AccountDraft::new(new_account("unit_wandian", "Initial#2025zd", db.unit("finance")));
    assert_eq!(draft.password_to_hash(&office), None, "no hashing for a caller who is refused anyway");
    let err = refused(db.run(|conn| accounts::create_account(conn, &office, draft, None)));
    assert_eq!(err.status.as_u16(), 403);
    assert_eq!(created.results(&db), ["denied"]);

    let admin = db.cx("sysadmin");
    let draft = AccountDraft::new(new_account("x", "short", db.unit("finance")));
    assert_eq!(draft.password_to_hash(&admin), None);
    let err = db.run(|conn| accounts::create_account(conn, &admin, draft, None)).unwrap_err();
    let fields: Vec<&str> = err.errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!((err.status.as_u16(), fields.as_slice()), (422, ["username", "password"].as_slice()));
    assert!(store::users::find_by_username(&mut db.conn(), "x").unwrap().is_none(), "nothing written");

    let draft = AccountDraft::new(new_account("unit_wandian", "Initial#2025zd", db.unit("finance")));
    let password = draft.password_to_hash(&admin).expect("to hash");
    let hash = lvyue::auth::password::hash(&password);
    let user = db.run(|conn| accounts::create_account(conn, &admin, draft, Some(hash))).unwrap().unwrap();
    assert!(user.must_change_password);
    assert_eq!(created.results(&db), ["denied", "success"]);

    // Deactivating the only system administrator is refused; deactivating an account is audited.
    let updated = Trail::start(&db, "user.update");
    let off = || UpdateUser { display_name: None, unit_id: None, active: Some(false) };
    let only_admin = admin.principal.user_id().unwrap().clone();
    let err = db.run(|conn| accounts::update_user(conn, &admin, &only_admin, off())).unwrap_err();
    assert_eq!((err.status.as_u16(), err.code), (409, "last_sysadmin"));
    let after = db.run(|conn| accounts::update_user(conn, &admin, &user.id, off())).unwrap().unwrap();
    assert!(!after.active);
    assert_eq!(updated.results(&db), ["success"]);

    let reset = Trail::start(&db, "user.reset_password");
    let err = refused(db.run(|conn| accounts::check_new_password(conn, &office, &user.id, "Another#2025zd")));
    assert_eq!(err.status.as_u16(), 403);
    let err = refused(db.run(|conn| accounts::check_new_password(conn, &admin, &user.id, "Another#2025zd")));
    assert_eq!(err.status.as_u16(), 403, "the system administrator resets no password (三员分立)");
    let secadmin = db.cx("secadmin");
    let err = db.run(|conn| accounts::check_new_password(conn, &secadmin, &user.id, "short")).unwrap_err();
    assert_eq!((err.status.as_u16(), err.errors[0].field.as_str()), (422, "password"));
    assert_eq!(reset.results(&db), ["denied", "denied"]);
});

service_test!(roles_are_granted_by_the_secadmin_only_and_audited, |db| {
    let granted = Trail::start(&db, "user.roles");
    let target = db.cx("unit_fuhe").principal.user_id().unwrap().clone();
    let roles =
        |r: &[Role]| SetRoles { roles: r.iter().map(|role| RoleInput { role: *role, group_id: None }).collect() };
    let sysadmin = db.cx("sysadmin");
    let err = refused(db.run(|conn| accounts::set_roles(conn, &sysadmin, &target, roles(&[Role::Office]))));
    assert_eq!(err.status.as_u16(), 403);
    let secadmin = db.cx("secadmin");
    let own = secadmin.principal.user_id().unwrap().clone();
    let err = refused(db.run(|conn| accounts::set_roles(conn, &secadmin, &own, roles(&[Role::Office]))));
    assert_eq!((err.status.as_u16(), err.code), (403, "own_account"));
    let err =
        db.run(|conn| accounts::set_roles(conn, &secadmin, &target, roles(&[Role::Auditor, Role::Unit]))).unwrap_err();
    assert_eq!((err.status.as_u16(), err.errors[0].field.as_str()), (422, "roles"));
    let after = db.run(|conn| accounts::set_roles(conn, &secadmin, &target, roles(&[Role::Leader]))).unwrap().unwrap();
    assert_eq!(after.roles.len(), 1);
    assert_eq!(granted.results(&db), ["denied", "denied", "success"]);
});

fn put(kind: &str, code: &str, label: &str, parent: Option<&str>, create_only: bool) -> PutItem {
    PutItem {
        kind: kind.into(),
        code: code.into(),
        create_only,
        item: DictItemInput {
            label: label.into(),
            parent_code: parent.map(Into::into),
            sort_order: None,
            active: None,
        },
    }
}

service_test!(dictionary_items_are_put_by_the_sysadmin_only_and_audited, |db| {
    let updated = Trail::start(&db, "dictionary.update");
    let created = Trail::start(&db, "dictionary.create");
    let office = db.cx("office");
    let err =
        refused(db.run(|conn| dictionaries::put_item(conn, &office, put("source", "hotline", "热线", None, false))));
    assert_eq!(err.status.as_u16(), 403);
    assert_eq!(updated.results(&db), ["denied"]);

    let admin = db.cx("sysadmin");
    let err = db.run(|conn| dictionaries::put_item(conn, &admin, put("colour", "red", "红", None, false))).unwrap_err();
    assert_eq!(err.status.as_u16(), 404);
    let err = db
        .run(|conn| dictionaries::put_item(conn, &admin, put("problem_type", "late", "迟付", None, false)))
        .unwrap_err();
    assert_eq!((err.status.as_u16(), err.errors[0].field.as_str()), (422, "parent_code"));
    let err = db
        .run(|conn| dictionaries::put_item(conn, &admin, put("source", "Hot Line", "热线", Some("funds"), false)))
        .unwrap_err();
    assert_eq!((err.status.as_u16(), err.errors[0].field.as_str()), (422, "code"));

    db.run(|conn| dictionaries::put_item(conn, &admin, put("source", "hotline", "热线", None, true))).unwrap().unwrap();
    let err =
        db.run(|conn| dictionaries::put_item(conn, &admin, put("source", "hotline", "12345", None, true))).unwrap_err();
    assert_eq!((err.status.as_u16(), err.code), (412, "dictionary_item_exists"));
    let item = db
        .run(|conn| dictionaries::put_item(conn, &admin, put("source", "hotline", "12345热线", None, false)))
        .unwrap();
    assert_eq!(item.unwrap().label, "12345热线");
    assert_eq!(
        (created.results(&db), updated.results(&db)),
        (vec!["success".to_owned()], vec!["denied".to_owned(), "success".to_owned()])
    );
    let items = dictionaries::list(&mut db.conn(), &db.cx("unit_finance")).unwrap();
    assert!(items.iter().any(|d| d.kind == "source" && d.code == "hotline"));
});

service_test!(api_keys_are_issued_and_revoked_by_the_sysadmin_only_and_audited, |db| {
    let key = |name: &str, scopes: Vec<ApiScope>| CreateApiKey {
        name: name.into(),
        unit_id: db.unit("yingshang"),
        scopes,
        expires_at: None,
    };
    let created = Trail::start(&db, "api_key.create");
    let office = db.cx("office");
    let err = refused(db.run(|conn| api_keys::create_api_key(conn, &office, key("平台", vec![ApiScope::IssuesRead]))));
    assert_eq!(err.status.as_u16(), 403);

    let admin = db.cx("sysadmin");
    let err = db.run(|conn| api_keys::create_api_key(conn, &admin, key(" ", vec![]))).unwrap_err();
    let fields: Vec<&str> = err.errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!((err.status.as_u16(), fields.as_slice()), (422, ["name", "scopes"].as_slice()));
    assert!(api_keys::list_api_keys(&mut db.conn(), &admin).unwrap().is_empty(), "nothing written");

    let scopes = vec![ApiScope::IssuesWrite, ApiScope::IssuesRead, ApiScope::IssuesRead];
    let issued = db.run(|conn| api_keys::create_api_key(conn, &admin, key("投诉平台", scopes))).unwrap().unwrap();
    assert!(issued.secret.starts_with(&issued.key.prefix));
    assert_eq!(issued.key.scopes, [ApiScope::IssuesRead, ApiScope::IssuesWrite]);
    assert_eq!(created.results(&db), ["denied", "success"]);

    let revoked = Trail::start(&db, "api_key.revoke");
    let err = refused(db.run(|conn| api_keys::revoke_api_key(conn, &office, &issued.key.id)));
    assert_eq!(err.status.as_u16(), 403);
    db.run(|conn| api_keys::revoke_api_key(conn, &admin, &issued.key.id)).unwrap().unwrap();
    db.run(|conn| api_keys::revoke_api_key(conn, &admin, &issued.key.id)).unwrap().unwrap();
    assert!(!api_keys::list_api_keys(&mut db.conn(), &admin).unwrap()[0].active);
    assert_eq!(revoked.results(&db), ["denied", "success"], "a second revocation records nothing");
});

service_test!(statistics_are_scoped_to_the_caller, |db| {
    lvyue::seed::demo_problems(&mut db.conn(), &db.clock, &db.storage()).unwrap();
    let conn = &mut *db.conn();
    let policy = Policy::default();
    let err = stats::overview(conn, &db.cx("unit_finance"), Default::default(), &policy).unwrap_err();
    assert_eq!(err.status.as_u16(), 403);
    let all = stats::overview(conn, &db.cx("office"), Default::default(), &policy).unwrap();
    let funds = stats::overview(conn, &db.cx("lead_funds"), Default::default(), &policy).unwrap();
    assert!(all.total >= 50 && funds.total > 0 && funds.total < all.total, "{} / {}", funds.total, all.total);
    assert_eq!(all.by_state.iter().map(|c| c.count).sum::<i64>(), all.total);
    assert_eq!(all.by_warning.iter().map(|c| c.count).sum::<i64>(), all.total);
    let trend = stats::trend(conn, &db.cx("office"), Default::default(), Interval::Month, &policy).unwrap();
    assert_eq!(trend.points.iter().map(|p| p.registered).sum::<i64>(), all.total);
    let units = stats::units(conn, &db.cx("office"), Default::default(), Default::default(), &policy).unwrap();
    assert!(units.units.windows(2).all(|w| w[0].score >= w[1].score), "best score first");
});

service_test!(statistics_are_materialized_and_say_how_fresh, |db| {
    lvyue::seed::demo_problems(&mut db.conn(), &db.clock, &db.storage()).unwrap();
    let office = db.cx("office");
    // A registration period (every problem's) keeps the overview off the maintained sums, which
    // answer the unfiltered one (below). The statistics are read outside a transaction, as the
    // HTTP layer reads them.
    let since = || stats::StatsFilter {
        created_from: chrono::NaiveDate::from_ymd_opt(2000, 1, 1).unwrap().and_hms_opt(0, 0, 0),
        ..Default::default()
    };
    let ask = |policy: &Policy| stats::overview(&mut db.conn(), &office, since(), policy).unwrap();
    let stored = || {
        store::stats_materialized::asked_since(&mut db.conn(), db.clock.now() - chrono::Duration::days(1), 100).unwrap()
    };
    // Every answer counts as expensive: after a change the stored one is served until refreshed.
    let lazy = Policy { inline_budget_ms: 0, ..Policy::default() };
    let first = ask(&lazy);
    assert_eq!(first.as_of, db.clock.now_utc());
    assert_eq!(stored().len(), 1, "the answer is stored");

    db.clock.advance(chrono::Duration::seconds(30));
    let unchanged = ask(&lazy);
    assert_eq!((unchanged.total, unchanged.as_of), (first.total, db.clock.now_utc()), "nothing changed: current");

    db.run(|c| issues::register(c, &office, crate::issues::complaint("MAT-1"))).unwrap();
    db.clock.advance(chrono::Duration::seconds(30));
    let stale = ask(&lazy);
    assert_eq!((stale.total, stale.as_of), (first.total, first.as_of), "served as it was, with its time");

    let budget = std::time::Duration::from_secs(60);
    let refreshed = stats::refresh_asked(&mut db.conn(), &db.clock, &lazy, budget).unwrap();
    assert_eq!(refreshed, 1);
    let fresh = ask(&lazy);
    assert_eq!((fresh.total, fresh.as_of), (first.total + 1, db.clock.now_utc()), "the job brought the change in");
    let again = stats::refresh_asked(&mut db.conn(), &db.clock, &lazy, budget).unwrap();
    assert_eq!(again, 0, "nothing is due after the refresh");

    // Past the maximum age the answer is computed in the request.
    db.run(|c| issues::register(c, &office, crate::issues::complaint("MAT-2"))).unwrap();
    db.clock.advance(chrono::Duration::minutes(6));
    let recomputed = ask(&lazy);
    assert_eq!((recomputed.total, recomputed.as_of), (first.total + 2, db.clock.now_utc()));

    // A cheap answer (computed within the budget) shows a change at once.
    db.run(|c| issues::register(c, &office, crate::issues::complaint("MAT-3"))).unwrap();
    let at_once = ask(&Policy { inline_budget_ms: i64::MAX, ..Policy::default() });
    assert_eq!((at_once.total, at_once.as_of), (first.total + 3, db.clock.now_utc()));

    // Each scope has its own answer: a group lead never gets the office's.
    let funds = stats::overview(&mut db.conn(), &db.cx("lead_funds"), since(), &lazy).unwrap();
    assert!(funds.total < at_once.total);
    assert_eq!(stored().len(), 2);

    // The unit scores count days overdue up to their time: at the maximum age they are recomputed
    // even with no change.
    let units = |db: &Db| {
        stats::units(&mut db.conn(), &db.cx("office"), Default::default(), Default::default(), &lazy).unwrap()
    };
    let scored = units(&db);
    db.clock.advance(chrono::Duration::minutes(1));
    assert_eq!(units(&db).as_of, scored.as_of, "young enough: as of its computation");
    db.clock.advance(chrono::Duration::minutes(5));
    assert_eq!(units(&db).as_of, db.clock.now_utc());

    // After a weekend, the questions of the week are computed by the job on the new day, so the
    // first dashboard is read; until they are asked again a change does not make them due.
    db.clock.advance(chrono::Duration::days(2));
    let monday = db.clock.now_utc();
    assert_eq!(stats::refresh_asked(&mut db.conn(), &db.clock, &lazy, budget).unwrap(), 3);
    db.clock.advance(chrono::Duration::minutes(1));
    db.run(|c| issues::register(c, &office, crate::issues::complaint("MAT-4"))).unwrap();
    assert_eq!(stats::refresh_asked(&mut db.conn(), &db.clock, &lazy, budget).unwrap(), 0);
    let read = ask(&lazy);
    assert_eq!((read.total, read.as_of), (at_once.total, monday), "the job's answer, with its time");

    // The unfiltered overview adds up the maintained sums (#24): exact now, and nothing kept.
    let kept = stored().len();
    let summed = stats::overview(&mut db.conn(), &office, Default::default(), &lazy).unwrap();
    assert_eq!((summed.total, summed.as_of), (read.total + 1, db.clock.now_utc()));
    assert_eq!(stored().len(), kept);
});

service_test!(the_dispatch_report_is_audited_and_refusals_too, |db| {
    let trail = Trail::start(&db, "report.dispatch");
    let ask = |campaign_id| DispatchReport { campaign_id, date: None, previous_date: None };
    let err = refused(db.run(|conn| reports::dispatch_report(conn, &db.cx("unit_finance"), ask(None))));
    assert_eq!(err.status.as_u16(), 403);
    let office = db.cx("office");
    let unknown = Some(lvyue::db::CampaignId::new());
    let err = db.run(|conn| reports::dispatch_report(conn, &office, ask(unknown))).unwrap_err();
    assert_eq!(err.status.as_u16(), 404);
    let report = db.run(|conn| reports::dispatch_report(conn, &office, ask(None))).unwrap().unwrap();
    assert!(report.bytes.starts_with(b"PK"), "an XLSX (zip) workbook");
    assert_eq!(report.date, crate::harness::today());
    assert_eq!(trail.results(&db), ["denied", "success"]);
    let campaigns = reports::list_campaigns(&mut db.conn(), &db.cx("unit_finance")).unwrap();
    assert!(campaigns.iter().any(|c| c.code == report.campaign_code));
});
