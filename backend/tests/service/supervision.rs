//! urge, request_extension, decide_extension, notifications, and the deadline scan as a job.

use chrono::Duration;
use lvyue::{
    db::IssueId,
    domain::{
        attachments::VerificationMethod,
        lifecycle::State,
        supervision::{ExtensionStatus, NotificationKind},
    },
    jobs::{self, Job},
    service::{
        issues::{self, CreateIssue, IfMatch, TransitionRequest, VerificationInput},
        supervision::{self, ExtensionDecisionBody, ExtensionRequestBody, UrgeRequest},
    },
    store,
};

use crate::{harness::Db, service_test};

/// A self-found problem of 区住建局 assigned back to it, accepted, with a deadline in 5 days.
fn rectifying(db: &Db) -> IssueId {
    let unit = db.cx("unit_housing");
    let cmd = CreateIssue {
        title: "保障房项目拖欠设计费".into(),
        description: "设计合同尾款逾期".into(),
        category: "agency_arrears".into(),
        problem_type: "agency_delay".into(),
        arrear_object: Some("services".into()),
        source: "self_inspection".into(),
        source_ref: None,
        enterprise_name: "随州市华信设计有限公司".into(),
        enterprise_uscc: None,
        enterprise_contact: None,
        enterprise_phone: None,
        amount_involved_fen: Some(3_000_000),
        campaign_id: None,
        group_id: None,
        found_by_unit_id: None,
        facts: None,
    };
    let issue = db.run(|c| issues::register(c, &unit, cmd)).unwrap();
    let deadline = db.clock.today() + Duration::days(5);
    let assign = TransitionRequest::assign(db.unit("housing"), deadline, vec![], None);
    db.run(|c| issues::transition(c, &db.cx("office"), &issue.id, assign, IfMatch::Absent)).unwrap();
    let accept = TransitionRequest::accept("列入本月资金计划".into(), None, None);
    db.run(|c| issues::transition(c, &unit, &issue.id, accept, IfMatch::Absent)).unwrap();
    issue.id
}

service_test!(urges_are_recorded_and_notified_and_only_from_the_office_or_lead, |db| {
    let id = rectifying(&db);
    let body = || UrgeRequest { message: "请本周内付清".into() };
    let urge = db.run(|c| supervision::urge(c, &db.cx("lead_agency_arrears"), &id, body())).unwrap();
    assert_eq!(urge.by, "lead_agency_arrears");
    let err = db.run(|c| supervision::urge(c, &db.cx("unit_housing"), &id, body())).unwrap_err();
    assert_eq!(err.status.as_u16(), 403);
    assert_eq!(store::supervision::urges(&mut db.conn(), &id).unwrap().len(), 1);
    let unit = db.cx("unit_housing");
    let page = db.run(|c| supervision::list_notifications(c, &unit, true, 1, 20)).unwrap();
    assert!(page.items.iter().any(|n| n.title.contains("催办")), "{:?}", page.items);
    db.run(|c| supervision::mark_all_read(c, &unit)).unwrap();
    assert_eq!(db.run(|c| supervision::list_notifications(c, &unit, true, 1, 20)).unwrap().total, 0);
});

service_test!(an_extension_moves_the_deadline_only_when_approved, |db| {
    let id = rectifying(&db);
    let unit = db.cx("unit_housing");
    let before = store::issues::find(&mut db.conn(), &id).unwrap().unwrap().deadline.unwrap();
    let ask = |days| ExtensionRequestBody {
        requested_deadline: before + Duration::days(days),
        reason: "资金下月到位".into(),
    };
    let err = db.run(|c| supervision::request_extension(c, &unit, &id, ask(-1))).unwrap_err();
    assert_eq!((err.status.as_u16(), err.errors[0].field.as_str()), (422, "requested_deadline"));
    let request = db.run(|c| supervision::request_extension(c, &unit, &id, ask(30))).unwrap();
    assert_eq!(request.status, ExtensionStatus::Pending);
    let err = db.run(|c| supervision::request_extension(c, &unit, &id, ask(40))).unwrap_err();
    assert_eq!(err.status.as_u16(), 409, "one open request at a time");
    let decide = ExtensionDecisionBody { approve: true, comment: "同意".into() };
    let issue = db.run(|c| supervision::decide_extension(c, &db.cx("office"), &id, decide)).unwrap();
    assert_eq!(issue.deadline, Some(before + Duration::days(30)));
    let kinds: Vec<String> =
        store::outbox::of_issue(&mut db.conn(), &id).unwrap().into_iter().map(|e| e.kind).collect();
    assert!(kinds.contains(&"issue.deadline_changed".to_owned()), "{kinds:?}");
});

service_test!(a_stopping_server_ends_the_jobs_runs_and_the_next_run_goes_on, |db| {
    let id = rectifying(&db);
    db.clock.advance(Duration::days(6));
    let warned = |db: &Db| {
        let page = db.run(|c| supervision::list_notifications(c, &db.cx("unit_housing"), false, 1, 50)).unwrap();
        page.items.iter().filter(|n| n.issue_id.as_ref() == Some(&id) && n.title.contains("已逾期")).count()
    };
    // A scan told to stop ends before its next problem: nothing is notified, nothing is lost.
    let stop = jobs::Stop::default();
    stop.set();
    let scan = |stop: &jobs::Stop| jobs::deadlines::scan(&mut db.conn(), &db.clock, (db.clock.today(), 3), stop);
    assert_eq!(scan(&stop).unwrap(), 0);
    assert_eq!(warned(&db), 0);
    assert_eq!(scan(&jobs::Stop::default()).unwrap(), 1, "the next run notifies it");
    assert_eq!(warned(&db), 1);

    // A job's runner returns once stopped, after its run in progress has ended: a run that
    // only ends when told to.
    struct UntilStopped(std::sync::Arc<std::sync::atomic::AtomicBool>);
    impl Job for UntilStopped {
        fn name(&self) -> &'static str {
            "until_stopped"
        }
        fn interval(&self) -> std::time::Duration {
            std::time::Duration::from_millis(10)
        }
        fn run(
            &self,
            _: &lvyue::db::Pool,
            _: &lvyue::clock::Clock,
            stop: &jobs::Stop,
        ) -> anyhow::Result<Option<String>> {
            self.0.store(true, std::sync::atomic::Ordering::SeqCst);
            while !stop.is_set() {
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
            Ok(None)
        }
    }
    let started = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let job = std::sync::Arc::new(UntilStopped(started.clone()));
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    let metrics = lvyue::ops::metrics::Metrics::new();
    let stop = jobs::Stop::default();
    let runner = runtime.spawn(jobs::run_forever(job, db.pool.clone(), db.clock.clone(), metrics, stop.clone()));
    while !started.load(std::sync::atomic::Ordering::SeqCst) {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    assert!(!runner.is_finished(), "the run goes on until told to stop");
    stop.set();
    let ended = runtime.block_on(async { tokio::time::timeout(std::time::Duration::from_secs(10), runner).await });
    assert!(ended.expect("the runner returns once stopped").is_ok());
});

service_test!(a_pending_extension_lapses_when_the_problem_moves_on, |db| {
    let id = rectifying(&db);
    let unit = db.cx("unit_housing");
    let deadline = store::issues::find(&mut db.conn(), &id).unwrap().unwrap().deadline.unwrap();
    let ask = ExtensionRequestBody { requested_deadline: deadline + Duration::days(9), reason: "x".into() };
    db.run(|c| supervision::request_extension(c, &unit, &id, ask)).unwrap();
    db.evidence(&unit, &id);
    let done = db.run(|c| issues::transition(c, &unit, &id, TransitionRequest::submit("已付清"), IfMatch::Absent));
    assert_eq!(done.unwrap().state, State::Verifying);
    let requests = store::supervision::extensions(&mut db.conn(), &id).unwrap();
    assert_eq!(requests[0].status, ExtensionStatus::Refused);
    assert!(requests[0].decision_comment.as_deref().unwrap().contains("自动失效"));
});

service_test!(the_deadline_scan_runs_on_one_server_and_warns_once, |db| {
    let id = rectifying(&db);
    db.clock.advance(Duration::days(6));
    let scan = jobs::deadlines::DeadlineScan { interval: std::time::Duration::from_secs(60), window_days: 3 };
    // Two servers: the first holds the lease, the second skips.
    let first = jobs::run_once(&scan, &db.pool, &db.clock, "server-a", &jobs::Stop::default()).unwrap();
    assert_eq!(first.as_deref(), Some("1 warning(s), 0 missed instalment(s) notified"));
    assert_eq!(jobs::run_once(&scan, &db.pool, &db.clock, "server-b", &jobs::Stop::default()).unwrap(), None);
    // The holder runs again and notifies nothing twice.
    assert_eq!(jobs::run_once(&scan, &db.pool, &db.clock, "server-a", &jobs::Stop::default()).unwrap(), None);
    // Once the lease expired, another server takes over.
    db.clock.advance(Duration::minutes(3));
    assert_eq!(
        jobs::run_once(&scan, &db.pool, &db.clock, "server-b", &jobs::Stop::default()).unwrap(),
        None,
        "nothing new to notify"
    );
    assert_eq!(scan.name(), "deadline_scan");
    let unit = db.cx("unit_housing");
    let page = db.run(|c| supervision::list_notifications(c, &unit, false, 1, 50)).unwrap();
    assert_eq!(page.items.iter().filter(|n| n.issue_id.as_ref() == Some(&id) && n.title.contains("已逾期")).count(), 1);
});

/// The kinds of `username`'s notifications about `id` (or about no problem), oldest first.
fn kinds_of(db: &Db, username: &str, id: Option<&IssueId>) -> Vec<NotificationKind> {
    let cx = db.cx(username);
    let page = db.run(|c| supervision::list_notifications(c, &cx, false, 1, 100)).unwrap();
    let mut kinds: Vec<NotificationKind> =
        page.items.iter().filter(|n| n.issue_id.as_ref() == id).map(|n| n.kind).collect();
    kinds.reverse();
    kinds
}

service_test!(alerts_reach_the_right_people_once_a_day, |db| {
    let id = rectifying(&db);
    let (office, unit) = (db.cx("office"), db.cx("unit_housing"));
    // Submitted: the office and the group's lead are told to verify.
    db.evidence(&unit, &id);
    let submit = TransitionRequest::submit("已支付");
    db.run(|c| issues::transition(c, &unit, &id, submit, IfMatch::Absent)).unwrap();
    assert_eq!(kinds_of(&db, "office", Some(&id)), [NotificationKind::Submitted]);
    assert_eq!(kinds_of(&db, "lead_agency_arrears", Some(&id)), [NotificationKind::Submitted]);
    // Closed and reopened: the unit is told.
    let verification = VerificationInput::new(VerificationMethod::Phone, db.clock.today(), &["刘敏"], "已支付");
    let approve = TransitionRequest::approve("核实", verification);
    db.run(|c| issues::transition(c, &office, &id, approve, IfMatch::Absent)).unwrap();
    db.run(|c| issues::transition(c, &office, &id, TransitionRequest::reopen("企业反映未付清"), IfMatch::Absent))
        .unwrap();
    let unit_kinds = kinds_of(&db, "unit_housing", Some(&id));
    assert!(unit_kinds.ends_with(&[NotificationKind::Closed, NotificationKind::Reopened]), "{unit_kinds:?}");
    // Red: unit, office and lead told at once; not again the same day, again after the
    // configured days while it stays red.
    let red_again_every = 3;
    db.clock.advance(Duration::days(6));
    let today = db.clock.today();
    let scan = |db: &Db| {
        jobs::deadlines::scan(&mut db.conn(), &db.clock, (db.clock.today(), 3), &lvyue::jobs::Stop::default()).unwrap()
    };
    assert_eq!(scan(&db), 1);
    assert_eq!(scan(&db), 0, "not twice a day");
    let red =
        |user: &str| kinds_of(&db, user, Some(&id)).iter().filter(|k| **k == NotificationKind::DeadlineRed).count();
    assert_eq!((red("unit_housing"), red("office"), red("lead_agency_arrears")), (1, 1, 1));
    db.clock.advance(Duration::days(red_again_every - 1));
    assert_eq!(scan(&db), 0, "too early to remind again");
    db.clock.advance(Duration::days(1));
    assert_eq!(scan(&db), 1);
    assert_eq!((red("unit_housing"), red("office")), (2, 2));
    // Leaders get one daily list of red problems (from 8 o'clock), about no problem: one for
    // each of the three days scanned, however often the scan ran.
    assert_eq!(kinds_of(&db, "leader", None), [NotificationKind::RedDigest; 3], "from {today}");
    assert_eq!(scan(&db), 0);
    assert_eq!(kinds_of(&db, "leader", None).len(), 3);
});

service_test!(a_page_reads_each_problems_own_related_rows, |db| {
    let plain = rectifying(&db);
    let busy = rectifying(&db);
    let unit = db.cx("unit_housing");
    let deadline = store::issues::find(&mut db.conn(), &busy).unwrap().unwrap().deadline.unwrap();
    let ask =
        ExtensionRequestBody { requested_deadline: deadline + Duration::days(20), reason: "资金下月到位".into() };
    db.run(|c| supervision::request_extension(c, &unit, &busy, ask)).unwrap();
    let pay = |amount_fen| issues::RecordPayment {
        paid_on: db.clock.today(),
        amount_fen,
        method: Some(lvyue::domain::repayment::PaymentMethod::Cash),
        voucher_no: None,
        note: None,
        corrects: None,
        confirm_overpayment: None,
    };
    db.run(|c| issues::record_payment(c, &unit, &busy, pay(1_000_000))).unwrap();
    db.run(|c| issues::record_payment(c, &unit, &busy, pay(250_000))).unwrap();
    let office = db.cx("office");
    let filter = store::issues::ListFilter::default();
    let page = db.run(|c| issues::view::list(c, &office, filter, Default::default(), 1, 20)).unwrap();
    let item = |id: &IssueId| page.items.iter().find(|i| &i.id == id).unwrap().clone();
    let single = |id: &IssueId| db.run(|c| issues::view::get(c, &office, id)).unwrap();
    for dto in [item(&busy), single(&busy)] {
        assert_eq!(dto.amount_resolved_fen, 1_250_000, "the sum of its own payment records");
        let pending = dto.open_extension_request.expect("its pending extension request");
        assert_eq!(pending.requested_deadline, deadline + Duration::days(20));
        assert_eq!(dto.found_by_unit_id, Some(db.unit("housing")), "自查: the unit found it");
    }
    for dto in [item(&plain), single(&plain)] {
        assert_eq!(dto.amount_resolved_fen, 0);
        assert!(dto.open_extension_request.is_none(), "another problem's request is not its own");
        assert!(dto.cooperating_unit_ids.is_empty());
        assert_eq!(dto.found_by_unit_id, Some(db.unit("housing")));
    }
});
