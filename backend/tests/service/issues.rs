//! register, transition, edit, add_progress, and the import's rows.

use chrono::Duration;
use lvyue::{
    db::IssueId,
    domain::{
        attachments::{Satisfaction, VerificationMethod},
        lifecycle::{ClosureKind, State, Step},
        permissions::Relation,
        supervision::NotificationKind,
    },
    service::{
        imports::{self, ImportMode},
        issues::{self, CreateIssue, IfMatch, ProgressRequest, TransitionRequest, UpdateIssue, VerificationInput},
    },
    store, tabular,
};

use crate::{harness::Db, service_test};

pub(crate) fn complaint(reference: &str) -> CreateIssue {
    CreateIssue {
        title: "区教育局拖欠校舍维修工程款".into(),
        description: "验收合格后逾期未付".into(),
        category: "agency_arrears".into(),
        problem_type: "agency_delay".into(),
        arrear_object: Some("works".into()),
        source: "complaint".into(),
        source_ref: Some(reference.into()),
        enterprise_name: "随州市鑫源建筑工程有限公司".into(),
        enterprise_uscc: None,
        enterprise_contact: None,
        enterprise_phone: None,
        amount_involved_fen: Some(12_800_000),
        campaign_id: None,
        group_id: None,
        found_by_unit_id: None,
        facts: None,
    }
}

/// A complaint registered by the office and assigned to 区教育局 with 区财政局 cooperating.
fn assigned(db: &Db, reference: &str) -> IssueId {
    let office = db.cx("office");
    let issue = db.run(|c| issues::register(c, &office, complaint(reference))).unwrap();
    let deadline = db.clock.today() + Duration::days(20);
    let assign = TransitionRequest::assign(db.unit("education"), deadline, vec![db.unit("finance")], None);
    db.run(|c| issues::transition(c, &office, &issue.id, assign, IfMatch::Absent)).unwrap();
    issue.id
}

fn relations(db: &Db, id: &IssueId) -> Vec<(String, Relation)> {
    let conn = &mut *db.conn();
    let units = store::units::list(conn, true).unwrap();
    store::issues::units_of(conn, id)
        .unwrap()
        .into_iter()
        .map(|(u, r)| (units.iter().find(|x| x.id == u).unwrap().code.clone(), r))
        .collect()
}

service_test!(register_writes_the_problem_its_step_event_membership_and_audit, |db| {
    let office = db.cx("office");
    let issue = db.run(|c| issues::register(c, &office, complaint("TS-1"))).unwrap();
    assert_eq!(issue.state, State::SelfCheck);
    assert!(issue.number.starts_with("LY2024-"), "{}", issue.number);
    let conn = &mut *db.conn();
    let steps = store::issues::transitions(conn, &issue.id).unwrap();
    assert_eq!(steps.len(), 1);
    assert_eq!(steps[0].action, Step::Register);
    assert_eq!(steps[0].created_at, db.clock.now(), "on the context's clock");
    let events = store::outbox::of_issue(conn, &issue.id).unwrap();
    assert_eq!(events.iter().map(|e| e.kind.as_str()).collect::<Vec<_>>(), ["issue.registered"]);
    assert_eq!(relations(&db, &issue.id), [("yingshang".to_owned(), Relation::Reporting)]);
    assert_eq!(db.audit_count("issue.create"), 1);
    // The same reference again: 409 naming the existing problem (the office may see it).
    let err = db.run(|c| issues::register(c, &office, complaint("TS-1"))).unwrap_err();
    assert_eq!(err.status.as_u16(), 409);
    assert_eq!(err.extra.unwrap()["existing_id"], issue.id.to_string());
    // A unit registers only what it found itself; nothing is written for the refusal.
    let unit = db.cx("unit_education");
    let err = db.run(|c| issues::register(c, &unit, complaint("TS-2"))).unwrap_err();
    assert_eq!((err.status.as_u16(), err.errors[0].field.as_str()), (422, "source"));
    assert_eq!(db.audit_count("issue.create"), 1);
});

service_test!(transitions_follow_the_lifecycle_and_keep_memberships, |db| {
    let id = assigned(&db, "TS-3");
    let mut rel = relations(&db, &id);
    rel.sort_by_key(|(u, r)| (r.code(), u.clone()));
    assert_eq!(
        rel,
        [
            ("finance".to_owned(), Relation::Cooperating),
            ("yingshang".to_owned(), Relation::Reporting),
            ("education".to_owned(), Relation::Responsible),
        ]
    );
    // The responsible unit is told.
    let unit = db.cx("unit_education");
    let user = unit.principal.require_user().unwrap().clone();
    let (notes, ..) = store::supervision::notifications_of(&mut db.conn(), &user, false, 0, 10).unwrap();
    assert_eq!(notes[0].kind, NotificationKind::Assigned);
    // A wrong state answers 409 with what may be done; another unit's action 403.
    let err = db.run(|c| issues::transition(c, &unit, &id, TransitionRequest::submit("完成"), IfMatch::Absent));
    let err = err.unwrap_err();
    assert_eq!(err.status.as_u16(), 409);
    assert_eq!(err.extra.unwrap()["allowed_actions"], serde_json::json!(["return", "accept"]));
    let other = db.cx("unit_housing");
    let err = db.run(|c| issues::transition(c, &other, &id, TransitionRequest::return_to_office("x"), IfMatch::Absent));
    assert_eq!(err.unwrap_err().status.as_u16(), 404, "outside its scope: not found");
    // Returned: the unit keeps reading it as former holder; cooperating units too.
    let back = db
        .run(|c| issues::transition(c, &unit, &id, TransitionRequest::return_to_office("不属本单位"), IfMatch::Absent));
    assert_eq!(back.unwrap().state, State::SelfCheck);
    let mut rel = relations(&db, &id);
    rel.sort_by_key(|(u, r)| (r.code(), u.clone()));
    assert_eq!(
        rel,
        [
            ("education".to_owned(), Relation::Former),
            ("finance".to_owned(), Relation::Former),
            ("yingshang".to_owned(), Relation::Reporting),
        ]
    );
    let view = db.run(|c| issues::get(c, &unit, &id)).unwrap();
    assert!(view.allowed_actions.is_empty());
});

service_test!(the_whole_lifecycle_through_the_use_cases, |db| {
    let id = assigned(&db, "TS-4");
    let (office, unit) = (db.cx("office"), db.cx("unit_education"));
    let accept = TransitionRequest::accept("分两期支付".into(), None, None);
    db.run(|c| issues::transition(c, &unit, &id, accept, IfMatch::Absent)).unwrap();
    // Progress by a cooperating unit; money only as payment records, by the responsible unit.
    let finance = db.cx("unit_finance");
    db.run(|c| issues::add_progress(c, &finance, &id, ProgressRequest { note: "第一期已付".into() })).unwrap();
    let pay = |amount| issues::RecordPayment {
        paid_on: db.clock.today(),
        amount_fen: amount,
        method: Some(lvyue::domain::repayment::PaymentMethod::Cash),
        voucher_no: None,
        note: None,
        corrects: None,
        confirm_overpayment: None,
    };
    let err = db.run(|c| issues::record_payment(c, &finance, &id, pay(6_400_000))).unwrap_err();
    assert_eq!(err.status.as_u16(), 403, "a cooperating unit does not record payments");
    db.run(|c| issues::record_payment(c, &unit, &id, pay(6_400_000))).unwrap();
    assert_eq!(db.run(|c| issues::get(c, &unit, &id)).unwrap().amount_resolved_fen, 6_400_000);
    db.clock.advance(Duration::days(3));
    // Without a 书面反馈 or 付款凭证 the submission is refused, saying what is missing.
    let err = db.run(|c| issues::transition(c, &unit, &id, TransitionRequest::submit("已付清"), IfMatch::Absent));
    let err = err.unwrap_err();
    assert_eq!((err.status.as_u16(), err.errors[0].field.as_str()), (422, "attachments"));
    assert!(err.errors[0].message.contains("付款凭证"), "{}", err.errors[0].message);
    db.evidence(&unit, &id);
    db.run(|c| issues::transition(c, &unit, &id, TransitionRequest::submit("已付清"), IfMatch::Absent)).unwrap();
    let verification = VerificationInput::new(VerificationMethod::OnSite, db.clock.today(), &["刘敏"], "款项已付清")
        .enterprise(true, Satisfaction::Satisfied);
    let closed = db.run(|c| {
        issues::transition(c, &office, &id, TransitionRequest::approve("核查属实", verification), IfMatch::Absent)
    });
    let closed = closed.unwrap();
    assert_eq!((closed.state, closed.closure_kind), (State::Closed, Some(ClosureKind::Rectified)));
    assert_eq!(closed.closed_at, Some(db.clock.now()));
    let events: Vec<String> =
        store::outbox::of_issue(&mut db.conn(), &id).unwrap().into_iter().map(|e| e.kind).collect();
    assert_eq!(
        events,
        [
            "issue.registered",
            "issue.assigned",
            "issue.accepted",
            "issue.progress",
            "issue.payment_recorded",
            "issue.attachment_added",
            "issue.submitted",
            "issue.closed"
        ]
    );
    let steps = store::issues::transitions(&mut db.conn(), &id).unwrap();
    assert_eq!(steps.len(), 5, "register, assign, accept, submit, approve");
    // Reopened by the office only.
    let err = db.run(|c| issues::transition(c, &unit, &id, TransitionRequest::reopen("x"), IfMatch::Absent));
    assert_eq!(err.unwrap_err().status.as_u16(), 403);
    let reopened = db.run(|c| issues::transition(c, &office, &id, TransitionRequest::reopen("复查"), IfMatch::Absent));
    assert_eq!(reopened.unwrap().state, State::Rectifying);
});

service_test!(edits_need_a_current_version_and_an_editable_field, |db| {
    let office = db.cx("office");
    let issue = db.run(|c| issues::register(c, &office, complaint("TS-5"))).unwrap();
    let title = |t: &str| UpdateIssue { title: Some(t.into()), ..Default::default() };
    let err = db.run(|c| issues::edit(c, &office, &issue.id, title("新标题"), IfMatch::Absent)).unwrap_err();
    assert_eq!(err.status.as_u16(), 428);
    let err = db.run(|c| issues::edit(c, &office, &issue.id, title("新标题"), IfMatch::Version(7))).unwrap_err();
    assert_eq!(err.status.as_u16(), 412);
    let edited = db.run(|c| issues::edit(c, &office, &issue.id, title("新标题"), IfMatch::Version(1))).unwrap();
    assert_eq!((edited.title.as_str(), edited.version), ("新标题", 2));
    let measures = UpdateIssue { measures: Some("x".into()), ..Default::default() };
    let err = db.run(|c| issues::edit(c, &office, &issue.id, measures, IfMatch::Any)).unwrap_err();
    assert_eq!(err.status.as_u16(), 403, "measures are the unit's, while rectifying");
    assert_eq!(db.audit_count("issue.update"), 1);
});

service_test!(import_rows_register_through_the_same_checks, |db| {
    let office = db.cx("office");
    // Rows as the reader gives them (the same reader as the HTTP import).
    let file = "问题标题,问题描述,问题类别,问题类型,线索来源,来源编号,涉及企业,涉及金额(元)\n\
                拖欠货款,逾期未付,国有企业拖欠企业账款,soe_delay,complaint,IM-1,某公司,1000.50\n\
                拖欠货款,逾期未付,国有企业拖欠企业账款,soe_delay,complaint,IM-2,某公司,12.345\n";
    let sheet = tabular::read(tabular::Format::Csv, file.as_bytes(), &imports::TEMPLATE).unwrap();
    let (rows, read) = (sheet.rows, sheet.report);
    let report = db.run(|c| imports::import(c, &office, &rows, &read, false, ImportMode::SkipInvalid, None));
    let report = report.unwrap();
    assert_eq!((report.created, report.failed), (1, 1));
    assert_eq!(report.errors[0].field, "amount_involved");
    let again = db.run(|c| imports::import(c, &office, &rows, &read, true, ImportMode::SkipInvalid, None)).unwrap();
    assert_eq!(again.unchanged, 1, "an unchanged re-import is idempotent");
    let issue = store::issues::find_by_ref(&mut db.conn(), "complaint", "IM-1").unwrap().unwrap();
    assert_eq!(issue.amount_involved_fen, 100_050);
    assert_eq!(issue.category, "soe_arrears", "labels resolve to codes");
    assert_eq!(store::issues::transitions(&mut db.conn(), &issue.id).unwrap()[0].action, Step::Register);
});

/// Every count the maintained counts answer, compared with counting the rows.
fn counts_agree(db: &Db, when: &str) {
    use lvyue::store::issues::{ListFilter, count, count_scanned};
    let conn = &mut *db.conn();
    let groups = store::groups::list(conn).unwrap();
    let campaigns = store::campaigns::list(conn).unwrap();
    let mut filters = vec![ListFilter::default()];
    for s in State::ALL {
        filters.push(ListFilter { states: vec![*s], ..Default::default() });
        filters.push(ListFilter {
            states: vec![*s, State::Closed],
            group_id: Some(groups[0].id.clone()),
            ..Default::default()
        });
    }
    for g in &groups {
        filters.push(ListFilter { group_id: Some(g.id.clone()), ..Default::default() });
    }
    for c in &campaigns {
        filters.push(ListFilter { campaign_id: Some(c.id.clone()), ..Default::default() });
    }
    filters.push(ListFilter {
        category: Some("agency_arrears".into()),
        source: Some("complaint".into()),
        ..Default::default()
    });
    let scopes = ["office", "lead_funds"].map(|u| db.cx(u).visibility());
    let mut nonzero = 0;
    for v in &scopes {
        for f in &filters {
            let (maintained, scanned) = (count(conn, v, f).unwrap(), count_scanned(conn, v, f).unwrap());
            assert_eq!(maintained, scanned, "{when}: {v:?} {f:?}");
            nonzero += usize::from(scanned > 0);
        }
    }
    assert!(nonzero >= 15, "{when}: the comparison covers problems ({nonzero})");
}

service_test!(maintained_counts_are_exact_before_and_after_folding, |db| {
    lvyue::seed::demo_problems(&mut db.conn(), &db.clock, &db.storage()).unwrap();
    counts_agree(&db, "demo data, deltas not folded");
    db.conn().write_tx(store::issue_counts::fold).unwrap();
    counts_agree(&db, "folded");
    // Changes after the fold: a registration, a state change, a closure by transition.
    let id = assigned(&db, "CNT-1");
    counts_agree(&db, "after an assignment");
    #[derive(diesel::QueryableByName)]
    struct Deltas {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let deltas = diesel::RunQueryDsl::get_result::<Deltas>(
        diesel::sql_query("SELECT COUNT(*) AS n FROM issue_count_deltas"),
        &mut *db.conn(),
    )
    .unwrap()
    .n;
    assert!(deltas > 0, "the changes are deltas until folded");
    db.conn().write_tx(store::issue_counts::fold).unwrap();
    counts_agree(&db, "folded again");
    let issue = store::issues::find(&mut db.conn(), &id).unwrap().unwrap();
    assert_eq!(issue.state, State::Assigned, "the update moved it between keys");
});

/// Every overview and trend the maintained sums answer, compared with the ones computed from
/// every problem (all but `as_of`), for the district, a group lead, units and a group lead who
/// is also a unit user; answers how many had money, arrears owed, 核查 records and timed closures.
fn overviews_agree(db: &Db, when: &str) -> usize {
    use lvyue::{
        domain::{permissions::IssueScope, warning::Warning},
        service::stats,
        store::issues::{ListFilter, Visibility},
    };
    let (education, finance) = (db.unit("education"), db.unit("finance"));
    let mut scopes: Vec<(Visibility, i64)> = ["office", "lead_funds", "unit_education", "unit_finance"]
        .map(|u| db.cx(u))
        .iter()
        .map(|cx| (cx.visibility(), cx.warning_days))
        .collect();
    let lead = db.cx("lead_funds").visibility();
    let Visibility::Scope(IssueScope::Limited { groups, .. }) = lead else { panic!("a group lead's scope") };
    // A group lead who is also a unit user: finance's problems in the lead's group are in both
    // parts of its scope, and must count once.
    scopes.push((Visibility::Scope(IssueScope::Limited { groups, unit: Some(finance.clone()) }), 3));
    let conn = &mut *db.conn();
    let total = |conn: &mut _, v: &Visibility| {
        let f = ListFilter { today: db.clock.today(), ..Default::default() };
        stats::overview_of(conn, (v, &f), db.clock.now()).unwrap().total
    };
    let (lead, unit, both) = (total(conn, &scopes[1].0), total(conn, &scopes[3].0), total(conn, &scopes[4].0));
    assert!(lead > 0 && unit > 0 && both > lead.max(unit) && both < lead + unit, "{when}: {lead} {unit} {both}");
    let (groups, campaigns) = (store::groups::list(conn).unwrap(), store::campaigns::list(conn).unwrap());
    let mut filters = vec![
        ListFilter::default(),
        ListFilter { states: vec![State::Closed], ..Default::default() },
        ListFilter { states: vec![State::Rectifying, State::Verifying], ..Default::default() },
        ListFilter { category: Some("agency_arrears".into()), ..Default::default() },
        ListFilter { source: Some("complaint".into()), ..Default::default() },
    ];
    filters.extend(groups.iter().map(|g| ListFilter { group_id: Some(g.id.clone()), ..Default::default() }));
    filters.extend(campaigns.iter().map(|c| ListFilter { campaign_id: Some(c.id.clone()), ..Default::default() }));
    for unit in [&education, &finance] {
        filters.push(ListFilter { unit_id: Some(unit.clone()), ..Default::default() });
        filters.push(ListFilter { unit_id: Some(unit.clone()), states: vec![State::Rectifying], ..Default::default() });
    }
    let without_time = |o: &stats::Overview| {
        let mut v = serde_json::to_value(o).unwrap();
        v.as_object_mut().unwrap().remove("as_of");
        v
    };
    let (mut full, mut rich_trends, mut by_unit) = (0, 0, 0);
    for (v, warning_days) in &scopes {
        for f in &filters {
            let f = ListFilter { today: db.clock.today(), window_days: *warning_days, ..f.clone() };
            let computed = stats::overview_of(conn, (v, &f), db.clock.now()).unwrap();
            let summed = stats::overview_from_sums(conn, (v, &f), db.clock.now()).unwrap();
            let counted = stats::count_from_sums(conn, (v, &f)).unwrap();
            // Another unit's problems within a unit's scope are not the sums' to answer.
            if let (Visibility::Scope(IssueScope::Limited { unit: Some(u), .. }), Some(x)) = (v, &f.unit_id)
                && u != x
            {
                assert!(summed.is_none() && counted.is_none(), "{when}: {v:?} {f:?}");
                continue;
            }
            let summed = summed.unwrap_or_else(|| panic!("{when}: the sums answer {v:?} {f:?}"));
            // A list page's total from the sums is the number of problems counted one by one.
            let scanned = store::issues::count_scanned(conn, v, &f).unwrap();
            assert_eq!(counted, Some(scanned), "{when}: the list's total of {v:?} {f:?}");
            let unit_part =
                f.unit_id.is_some() || matches!(v, Visibility::Scope(IssueScope::Limited { unit: Some(_), .. }));
            by_unit += usize::from(unit_part && computed.total > 0);
            assert_eq!(without_time(&summed), without_time(&computed), "{when}: {v:?} {f:?}");
            for interval in [stats::Interval::Week, stats::Interval::Month] {
                let computed = stats::trend_of(conn, (v, &f), interval, db.clock.now()).unwrap();
                let summed = stats::trend_from_sums(conn, (v, &f), interval, db.clock.now()).unwrap();
                if f.states.is_empty() && f.category.is_none() && f.source.is_none() {
                    let summed = summed.unwrap_or_else(|| panic!("{when}: the day sums answer {f:?}"));
                    assert_eq!(
                        serde_json::to_value(&summed.points).unwrap(),
                        serde_json::to_value(&computed.points).unwrap(),
                        "{when}: {v:?} {f:?} {interval:?}"
                    );
                    rich_trends += usize::from(computed.points.iter().any(|p| p.paid_fen > 0 && p.closed > 0));
                } else {
                    assert!(summed.is_none(), "the day sums are kept per campaign and group alone");
                }
            }
            let arrears = &computed.money.arrears;
            let verified = computed.by_group.iter().any(|g| g.satisfaction_rate.denominator > 0);
            let timed = computed.on_time_rate.denominator > 0 && computed.average_days_to_close.is_some();
            full += usize::from(arrears.paid_fen > 0 && arrears.outstanding_fen > 0 && verified && timed);
        }
    }
    // A warning's total from the deadline sums (正常: the rest), alone and with the filters the
    // sums answer, is the number of problems counted one by one.
    let mut warned = 0;
    for (v, warning_days) in &scopes {
        for warning in [Warning::Red, Warning::Yellow, Warning::None] {
            for f in filters.iter().take(3).chain(filters.iter().rev().take(4)) {
                let today = db.clock.today();
                let f = ListFilter { warning: Some(warning), today, window_days: *warning_days, ..f.clone() };
                let counted = stats::count_from_sums(conn, (v, &f)).unwrap();
                if let (Visibility::Scope(IssueScope::Limited { unit: Some(u), .. }), Some(x)) = (v, &f.unit_id)
                    && u != x
                {
                    assert!(counted.is_none(), "{when}: {v:?} {f:?}");
                    continue;
                }
                let scanned = store::issues::count_scanned(conn, v, &f).unwrap();
                assert_eq!(counted, Some(scanned), "{when}: the list's total of {v:?} {f:?}");
                warned += usize::from(warning != Warning::None && scanned > 0);
            }
        }
    }
    assert!(warned >= 10, "{when}: the warnings compared hold problems ({warned})");
    assert!(rich_trends >= 4, "{when}: the trends compared hold payments and closures ({rich_trends})");
    assert!(by_unit >= 20, "{when}: the units' questions compared hold problems ({by_unit})");
    full
}

fn fold_shares(db: &Db) {
    lvyue::service::stats::fold_shares(&mut db.conn(), std::time::Duration::from_secs(60)).unwrap();
    for sums in [store::stat_sums::Sums::District, store::stat_sums::Sums::Units] {
        assert!(store::stat_sums::marked(&mut db.conn(), sums, 1).unwrap().is_empty(), "every share folded");
    }
}

service_test!(the_marks_space_is_reclaimed_after_a_large_fold, |db| {
    use diesel::RunQueryDsl;
    #[derive(diesel::QueryableByName)]
    struct Size {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let size = |table: &str| {
        let sql = format!("SELECT CAST(pg_relation_size('{table}') AS BIGINT) AS n");
        diesel::sql_query(sql).get_result::<Size>(&mut *db.conn()).unwrap().n
    };
    let postgres = db.conn().is_postgres();
    // Marks taken off by a fold, as many as a large import leaves.
    for table in ["issue_stat_dirty", "issue_unit_stat_dirty"] {
        for chunk in 0..10 {
            let values: Vec<String> = (0..500).map(|i| format!("('mark-{chunk}-{i}')")).collect();
            let sql = format!("INSERT INTO {table} (issue_id) VALUES {}", values.join(", "));
            diesel::sql_query(sql).execute(&mut *db.conn()).unwrap();
        }
        assert_eq!(diesel::sql_query(format!("DELETE FROM {table}")).execute(&mut *db.conn()).unwrap(), 5_000);
        if postgres {
            assert!(size(table) > 0, "the rows taken off still hold their pages");
        }
    }
    // Within a transaction it does nothing (VACUUM cannot run there), and fails nothing.
    db.conn().write_tx(store::stat_sums::reclaim_marks).unwrap();
    store::stat_sums::reclaim_marks(&mut db.conn()).unwrap();
    if postgres {
        for table in ["issue_stat_dirty", "issue_unit_stat_dirty"] {
            assert_eq!(size(table), 0, "{table} vacuumed down to nothing");
        }
    }
    assert!(store::stat_sums::marked(&mut db.conn(), store::stat_sums::Sums::Units, 1).unwrap().is_empty());
});

service_test!(overview_and_trend_from_maintained_sums_are_exact_before_and_after_folding, |db| {
    lvyue::seed::demo_problems(&mut db.conn(), &db.clock, &db.storage()).unwrap();
    assert!(overviews_agree(&db, "demo data, no share folded") >= 3, "the comparison covers money");
    fold_shares(&db);
    overviews_agree(&db, "folded");
    // Changes after the fold: an assignment, and a payment record corrected behind the
    // application's back (the triggers mark it all the same).
    assigned(&db, "SUM-1");
    // Deadlines on the warnings' edges: today (yellow, red tomorrow), the window's last day
    // (yellow) and the day after it (none).
    let office = db.cx("office");
    for (reference, days) in [("SUM-2", 0), ("SUM-3", office.warning_days), ("SUM-4", office.warning_days + 1)] {
        let issue = db.run(|c| issues::register(c, &office, complaint(reference))).unwrap();
        let deadline = db.clock.today() + Duration::days(days);
        let assign = TransitionRequest::assign(db.unit("education"), deadline, vec![db.unit("finance")], None);
        db.run(|c| issues::transition(c, &office, &issue.id, assign, IfMatch::Absent)).unwrap();
    }
    let corrected = diesel::RunQueryDsl::execute(
        diesel::sql_query(
            "UPDATE issue_payments SET amount_fen = amount_fen + 150000 \
             WHERE id = (SELECT MIN(id) FROM issue_payments)",
        ),
        &mut *db.conn(),
    );
    assert_eq!(corrected.unwrap(), 1);
    let negotiated = diesel::RunQueryDsl::execute(
        diesel::sql_query(
            "UPDATE issue_payments SET method = 'negotiated' WHERE id = (SELECT MAX(id) FROM issue_payments)",
        ),
        &mut *db.conn(),
    );
    assert_eq!(negotiated.unwrap(), 1);
    for sums in [store::stat_sums::Sums::District, store::stat_sums::Sums::Units] {
        assert!(!store::stat_sums::marked(&mut db.conn(), sums, 1).unwrap().is_empty(), "changes wait for the fold");
    }
    overviews_agree(&db, "after an assignment and a payment");
    let (office, all) = (db.cx("office"), lvyue::store::issues::ListFilter::default());
    let now = db.clock.now();
    let summed = lvyue::service::stats::overview_from_sums(&mut db.conn(), (&office.visibility(), &all), now);
    let money = summed.unwrap().unwrap().money;
    let negotiated = money.arrears.negotiated_fen + money.promises.negotiated_fen + money.funds.negotiated_fen;
    assert!(negotiated > 0, "协商减免 compared too");
    fold_shares(&db);
    overviews_agree(&db, "folded again");
    // The next day the problem due today is red, from the folded deadline counts and (once
    // marked again) from its pending share alike.
    db.clock.advance(Duration::days(1));
    overviews_agree(&db, "the next day");
    let id = store::issues::find_by_ref(&mut db.conn(), "complaint", "SUM-2").unwrap().unwrap().id;
    for table in ["issue_stat_dirty", "issue_unit_stat_dirty"] {
        let mark = diesel::sql_query(format!("INSERT INTO {table} (issue_id) VALUES ('{id}')"));
        diesel::RunQueryDsl::execute(mark, &mut *db.conn()).unwrap();
    }
    overviews_agree(&db, "the next day, marked");
    // A cooperating unit let go (曾经办理), behind the application's back: the problem stays in
    // its scope and leaves the unit filter; the membership rows are marked like the problem's own.
    let sum3 = store::issues::find_by_ref(&mut db.conn(), "complaint", "SUM-3").unwrap().unwrap();
    fold_shares(&db);
    let let_go = diesel::RunQueryDsl::execute(
        diesel::sql_query(format!(
            "UPDATE issue_units SET relation = 'former' WHERE issue_id = '{}' AND relation = 'cooperating'",
            sum3.id
        )),
        &mut *db.conn(),
    );
    assert_eq!(let_go.unwrap(), 1);
    let marked = |sums| store::stat_sums::marked(&mut db.conn(), sums, 1).unwrap().len();
    assert_eq!(marked(store::stat_sums::Sums::District), 0, "the district's sums do not depend on units");
    assert_eq!(marked(store::stat_sums::Sums::Units), 1, "the membership change is marked for the units' sums");
    overviews_agree(&db, "a cooperating unit let go");
    // The unit's own list, as a request reads it (outside a transaction): its total from the
    // sums (the membership change not yet folded), exact, and the number of problems its pages
    // hold. Within a transaction the total is counted, the same.
    let unit = db.cx("unit_finance");
    let (f, sort) = (lvyue::store::issues::ListFilter::default(), lvyue::store::issues::Sort::CreatedDesc);
    let list = |page| issues::view::list(&mut db.conn(), &unit, f.clone(), sort, page, 10).unwrap();
    let first = list(1);
    let scanned = store::issues::count_scanned(&mut db.conn(), &unit.visibility(), &f).unwrap();
    assert_eq!((first.total, first.total_exact), (scanned, true));
    let in_transaction = db.run(|c| issues::view::list(c, &unit, f.clone(), sort, 1, 10)).unwrap();
    assert_eq!((in_transaction.total, in_transaction.total_exact), (scanned, true));
    assert!(first.total > 10, "more than a page: {}", first.total);
    let pages = (first.total + 9) / 10;
    let listed: Vec<IssueId> = (1..=pages).flat_map(|p| list(p).items).map(|i| i.id).collect();
    assert_eq!(listed.len() as i64, first.total);
    assert!(listed.contains(&sum3.id), "曾经办理 stays in the unit's scope");
    // Walked in the list's order or looked up and sorted, a unit's pages are the same: its
    // scope, with a state, the unit filter, and the scope of a group lead who is also the
    // unit's user (the lead's groups or the unit's problems).
    use lvyue::{
        domain::{permissions::IssueScope, warning::Warning},
        store::issues::{Sort, Visibility},
    };
    let by_unit = lvyue::store::issues::ListFilter { unit_id: Some(db.unit("finance")), ..f.clone() };
    let rectifying = lvyue::store::issues::ListFilter { states: vec![State::Rectifying], ..f.clone() };
    let Visibility::Scope(IssueScope::Limited { groups, .. }) = db.cx("lead_funds").visibility() else {
        panic!("a group lead's scope")
    };
    let both = Visibility::Scope(IssueScope::Limited { groups, unit: Some(db.unit("finance")) });
    let questions = [
        (unit.visibility(), f.clone()),
        (unit.visibility(), rectifying),
        (db.cx("office").visibility(), by_unit.clone()),
        (both, f.clone()),
    ];
    let sorts = [(Sort::CreatedDesc, 0), (Sort::CreatedDesc, 10), (Sort::CreatedAsc, 0)];
    let same_pages = |v: &Visibility, f: &lvyue::store::issues::ListFilter, (sort, offset)| {
        let page = |units_by_walk| {
            let f = lvyue::store::issues::ListFilter { units_by_walk, ..f.clone() };
            let rows = store::issues::list(&mut db.conn(), v, &f, sort, offset, 10).unwrap();
            rows.into_iter().map(|i| i.id).collect::<Vec<_>>()
        };
        let looked_up = page(false);
        assert_eq!(page(true), looked_up, "{v:?} {f:?} {sort:?} {offset}");
        looked_up.len()
    };
    for (v, f) in &questions {
        for sort in sorts {
            assert!(same_pages(v, f, sort) > 0 || sort.1 > 0, "{v:?} {f:?}");
        }
    }
    // With a keyword answered by scanning, the unit's problems are read first, by key: the
    // same pages and totals as through the keyword's index.
    let keyword: String =
        store::issues::find(&mut db.conn(), &listed[0]).unwrap().unwrap().title.chars().take(1).collect();
    let mut matched = 0;
    for (v, f) in &questions {
        let read = |q_by_scan, sort| {
            let f = lvyue::store::issues::ListFilter { q: Some(keyword.clone()), q_by_scan, ..f.clone() };
            let rows = store::issues::list(&mut db.conn(), v, &f, sort, 0, 10).unwrap();
            let total = store::issues::count_scanned(&mut db.conn(), v, &f).unwrap();
            (rows.into_iter().map(|i| i.id).collect::<Vec<_>>(), total)
        };
        for sort in [Sort::CreatedDesc, Sort::AmountDesc] {
            let by_index = read(false, sort);
            assert_eq!(read(true, sort), by_index, "{v:?} {f:?} q={keyword} {sort:?}");
            matched += by_index.1;
        }
        // Walked, the keyword scanned.
        let f = lvyue::store::issues::ListFilter {
            q: Some(keyword.clone()),
            q_by_scan: true,
            units_by_walk: true,
            ..f.clone()
        };
        let walked = store::issues::list(&mut db.conn(), v, &f, Sort::CreatedDesc, 0, 10).unwrap();
        assert_eq!(walked.into_iter().map(|i| i.id).collect::<Vec<_>>(), read(false, Sort::CreatedDesc).0);
    }
    assert!(matched > 0, "the keyword's pages compared hold problems");
    // A keyword of three characters or more finds the problems through its trigrams, and each
    // is probed for the unit: the unit's problems that hold it, newest first.
    let keyword: String =
        store::issues::find(&mut db.conn(), &listed[0]).unwrap().unwrap().title.chars().take(3).collect();
    let holding: Vec<IssueId> = store::issues::by_ids(&mut db.conn(), &listed)
        .unwrap()
        .into_iter()
        .filter(|i| [&i.title, &i.description, &i.enterprise_name, &i.number].iter().any(|t| t.contains(&keyword)))
        .map(|i| i.id)
        .collect();
    let f_keyword = lvyue::store::issues::ListFilter { q: Some(keyword.clone()), ..f.clone() };
    let found = issues::view::list(&mut db.conn(), &unit, f_keyword.clone(), Sort::CreatedDesc, 1, 1000).unwrap();
    assert_eq!(found.items.into_iter().map(|i| i.id).collect::<Vec<_>>(), holding, "q={keyword}");
    assert_eq!(
        store::issues::count_scanned(&mut db.conn(), &unit.visibility(), &f_keyword).unwrap(),
        holding.len() as i64
    );
    // A red or yellow list by deadline is walked in the deadline index's order.
    let mut warned = 0;
    for warning in [Warning::Red, Warning::Yellow] {
        let today = db.clock.today();
        let office = db.cx("office");
        for (v, f) in [(unit.visibility(), &f), (office.visibility(), &by_unit)] {
            let f = lvyue::store::issues::ListFilter {
                warning: Some(warning),
                today,
                window_days: office.warning_days,
                ..f.clone()
            };
            for sort in [(Sort::DeadlineAsc, 0), (Sort::DeadlineDesc, 0), (Sort::DeadlineAsc, 1)] {
                warned += same_pages(&v, &f, sort);
            }
        }
    }
    assert!(warned > 0, "the warned pages compared hold problems");
    // The walk is planned for the first rows of a unit holding a good share of the problems,
    // not for deep pages nor for an order no index gives; a warning's by deadline too.
    let planned = |f: &lvyue::store::issues::ListFilter, sort, upto| {
        let mut f = lvyue::store::issues::ListFilter { today: db.clock.today(), window_days: 3, ..f.clone() };
        let total = store::issues::count_scanned(&mut db.conn(), &unit.visibility(), &f).unwrap();
        issues::view::plan_units(&mut db.conn(), &unit.visibility(), &mut f, sort, (total, upto)).unwrap();
        f.units_by_walk
    };
    assert!(planned(&f, Sort::CreatedDesc, 1));
    assert!(!planned(&f, Sort::CreatedDesc, 100_000));
    assert!(!planned(&f, Sort::DeadlineAsc, 1));
    let red = lvyue::store::issues::ListFilter { warning: Some(Warning::Red), ..f.clone() };
    assert!(planned(&red, Sort::DeadlineAsc, 1), "the unit's red problems walked by deadline");
    assert!(!planned(&red, Sort::AmountDesc, 1), "no index gives that order");
    assert!(!planned(&red, Sort::DeadlineAsc, 100_000));
    fold_shares(&db);
    overviews_agree(&db, "a cooperating unit let go, folded");
});

service_test!(facts_lists_page_through_the_registration_order, |db| {
    use diesel::{ExpressionMethods, QueryDsl};
    use lvyue::{
        domain::repayment::DebtorNature,
        service::issues::SetFacts,
        store::issues::{ListFilter, Sort},
    };
    let office = db.cx("office");
    // 260 problems owed by state-owned enterprises, a minute apart; the 30 oldest are 旧账. The
    // newest 200 facts rows hold no 旧账, so a page of them needs the window to grow.
    let mut ids = Vec::new();
    for i in 0..260 {
        let mut cmd = complaint(&format!("FCT-{i}"));
        if i < 30 {
            cmd.title = format!("旧账问题{i}");
        }
        cmd.facts = Some(SetFacts { debtor_nature: Some(DebtorNature::Soe), ..Default::default() });
        ids.push(db.run(|c| issues::register(c, &office, cmd.clone())).unwrap().id);
        db.clock.advance(Duration::minutes(1));
    }
    let old: Vec<IssueId> = ids[..30].to_vec();
    let filter =
        ListFilter { debtor_nature: Some(DebtorNature::Soe), q: Some("旧账问题".into()), ..Default::default() };
    let page = |sort, page| {
        let p = db.run(|c| issues::view::list(c, &office, filter.clone(), sort, page, 20)).unwrap();
        (p.total, p.items.into_iter().map(|i| i.id).collect::<Vec<_>>())
    };
    let newest: Vec<IssueId> = old.iter().rev().cloned().collect();
    assert_eq!(page(Sort::CreatedDesc, 1), (30, newest[..20].to_vec()));
    assert_eq!(page(Sort::CreatedDesc, 2), (30, newest[20..].to_vec()));
    assert_eq!(page(Sort::CreatedAsc, 1), (30, old[..20].to_vec()));
    // Facts alone, for the office: counted in the facts index, the same number.
    let only = ListFilter { debtor_nature: Some(DebtorNature::Soe), ..Default::default() };
    let all = db.run(|c| issues::view::list(c, &office, only.clone(), Sort::CreatedDesc, 1, 5)).unwrap();
    assert!(all.total >= 260);
    let visibility = office.visibility();
    let scanned = store::issues::count_scanned(&mut db.conn(), &visibility, &only).unwrap();
    assert_eq!(all.total, scanned);
    assert_eq!(
        all.items.iter().map(|i| i.id.clone()).collect::<Vec<_>>(),
        ids[255..].iter().rev().cloned().collect::<Vec<_>>()
    );

    // The facts keep their problem's registration time, also when it is corrected.
    let moved = chrono::NaiveDate::from_ymd_opt(2020, 1, 2).unwrap().and_hms_opt(3, 0, 0).unwrap();
    diesel::RunQueryDsl::execute(
        diesel::update(lvyue::db::schema::issues::table.find(&ids[259]))
            .set(lvyue::db::schema::issues::created_at.eq(moved)),
        &mut *db.conn(),
    )
    .unwrap();
    let oldest = db.run(|c| issues::view::list(c, &office, only.clone(), Sort::CreatedAsc, 1, 1)).unwrap();
    assert_eq!(oldest.items[0].id, ids[259]);
    #[derive(diesel::QueryableByName)]
    struct Differing {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let differing = diesel::RunQueryDsl::get_result::<Differing>(
        diesel::sql_query(
            "SELECT COUNT(*) AS n FROM issue_facts f JOIN issues i ON i.id = f.issue_id \
             WHERE f.created_at <> i.created_at",
        ),
        &mut *db.conn(),
    )
    .unwrap()
    .n;
    assert_eq!(differing, 0);
});

// A keyword of one or two characters is looked up in its grams index while it is in at most
// SHORT_KEYWORD_INDEXED_UP_TO problems; past that the page walks the list's order and the total
// says "more than", flagged as not exact.
service_test!(short_keywords_in_many_problems_give_a_lower_bound, |db| {
    use lvyue::store::{
        issues::{ListFilter, Sort},
        search::SHORT_KEYWORD_INDEXED_UP_TO,
    };
    let office = db.cx("office");
    let mut cmd = complaint("GRAM-0");
    cmd.title = "高频词问题".into();
    let first = db.run(|c| issues::register(c, &office, cmd.clone())).unwrap();
    let template = store::issues::find(&mut db.conn(), &first.id).unwrap().unwrap();
    // One more than the index answers, written as an import writes them (the triggers keep the
    // search indexes); one of them also holds a rare pair.
    let many = usize::try_from(SHORT_KEYWORD_INDEXED_UP_TO).unwrap();
    let rows: Vec<_> = (1..=many)
        .map(|i| store::issues::Issue {
            id: IssueId::new(),
            number: format!("GRAM-{i:06}"),
            source_ref: None,
            title: if i == many { "高频词里的稀罕事".into() } else { template.title.clone() },
            created_at: template.created_at + Duration::seconds(i as i64),
            ..template.clone()
        })
        .collect();
    db.conn().write_tx(|c| store::issues::insert_many(c, &rows)).unwrap();
    let list = |q: &str, states: Vec<State>| {
        let filter = ListFilter { q: Some(q.into()), states, ..Default::default() };
        db.run(|c| issues::view::list(c, &office, filter, Sort::CreatedDesc, 1, 20)).unwrap()
    };
    for q in ["频词", "频"] {
        let page = list(q, vec![]);
        assert_eq!((page.total, page.total_exact), (SHORT_KEYWORD_INDEXED_UP_TO, false), "q={q}");
        assert_eq!(page.items.len(), 20);
        assert_eq!(page.items[0].id, rows[many - 1].id, "newest first");
        assert!(page.items.iter().all(|i| i.title.contains(q)));
        // With another filter the total is counted, up to the same bound.
        let page = list(q, vec![first.state]);
        assert_eq!((page.total, page.total_exact), (SHORT_KEYWORD_INDEXED_UP_TO, false), "q={q} and a state");
    }
    // Within a unit: half of them cooperate with finance. Its user's list of the common keyword
    // counts them exactly (fewer than the bound) and pages them newest first, walking the list
    // or reading the unit's problems by key.
    let finance: Vec<_> = rows.iter().step_by(2).collect();
    let memberships: Vec<_> = finance
        .iter()
        .map(|i| (i.id.clone(), db.unit("finance"), lvyue::domain::permissions::Relation::Cooperating, i.created_at))
        .collect();
    db.conn().write_tx(|c| store::issues::insert_units_many(c, &memberships)).unwrap();
    let unit = db.cx("unit_finance");
    for (page, size) in [(1, 20), (2, 20), (5, 600)] {
        let filter = ListFilter { q: Some("频词".into()), ..Default::default() };
        let listed = db.run(|c| issues::view::list(c, &unit, filter, Sort::CreatedDesc, page, size)).unwrap();
        assert_eq!((listed.total, listed.total_exact), (finance.len() as i64, true));
        let newest = finance.iter().rev().skip(((page - 1) * size) as usize).take(size as usize);
        let expected: Vec<IssueId> = newest.map(|i| i.id.clone()).collect();
        assert_eq!(listed.items.into_iter().map(|i| i.id).collect::<Vec<_>>(), expected, "page {page} of {size}");
    }
    let scanned = |q: &str| {
        let f = ListFilter { q: Some(q.into()), ..Default::default() };
        store::issues::count_scanned(&mut db.conn(), &office.visibility(), &f).unwrap()
    };
    assert_eq!(scanned("频词"), SHORT_KEYWORD_INDEXED_UP_TO + 1, "every one holds it");
    // A rare pair: through the index, exact.
    let rare = list("稀罕", vec![]);
    assert_eq!((rare.total, rare.total_exact), (1, true));
    assert_eq!(rare.items[0].id, rows[many - 1].id);
    assert_eq!((list("罕见", vec![]).total, list("罕见", vec![]).total_exact), (0, true));
    // An edit moves the problem's grams with it; a deletion takes them away.
    let edited = store::issues::Issue { title: "改成别的".into(), ..rows[many - 1].clone() };
    assert!(db.conn().write_tx(|c| store::issues::save(c, &edited, edited.version)).unwrap());
    assert_eq!(list("稀罕", vec![]).total, 0);
    assert_eq!(list("别的", vec![]).total, 1);
    {
        use diesel::QueryDsl;
        diesel::RunQueryDsl::execute(
            diesel::delete(lvyue::db::schema::issues::table.find(&rows[many - 1].id)),
            &mut *db.conn(),
        )
        .unwrap();
    }
    assert_eq!(list("别的", vec![]).total, 0);
});
