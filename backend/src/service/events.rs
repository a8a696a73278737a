//! Events written to the outbox in the same transaction as the change: a rolled-back change
//! leaves no event, a committed one never loses its event. Webhooks, notifications and metrics
//! read them from there.

use serde_json::json;

use crate::{
    db::DbConnection,
    domain::lifecycle::Action,
    error::ApiError,
    store::{self, issues::Issue, outbox::Event},
};

crate::coded_enum! {
    /// What happened to a problem, as integrations are told.
    pub enum EventKind("event kind") {
        Registered = ("issue.registered", "已登记"),
        Updated = ("issue.updated", "已修改"),
        Assigned = ("issue.assigned", "已交办"),
        Returned = ("issue.returned", "已退回"),
        Accepted = ("issue.accepted", "已签收整改"),
        Progress = ("issue.progress", "报送进展"),
        Submitted = ("issue.submitted", "已提交核查"),
        Rejected = ("issue.rejected", "核查不通过"),
        Closed = ("issue.closed", "已销号"),
        Reopened = ("issue.reopened", "重新整改"),
        Dismissed = ("issue.dismissed", "不予立项"),
        DeadlineChanged = ("issue.deadline_changed", "整改时限变更"),
        Supplemented = ("issue.supplemented", "补充材料"),
        Replied = ("issue.replied", "答复企业"),
        PaymentRecorded = ("issue.payment_recorded", "登记还款"),
        RepaymentPlanSet = ("issue.repayment_plan_set", "制定还款计划"),
        AttachmentAdded = ("issue.attachment_added", "上传附件"),
        AttachmentWithdrawn = ("issue.attachment_withdrawn", "撤回附件"),
    }
}

impl From<Action> for EventKind {
    fn from(a: Action) -> Self {
        match a {
            Action::Assign => EventKind::Assigned,
            Action::Return => EventKind::Returned,
            Action::Accept => EventKind::Accepted,
            Action::Submit => EventKind::Submitted,
            Action::Approve => EventKind::Closed,
            Action::Reject => EventKind::Rejected,
            Action::Reopen => EventKind::Reopened,
            Action::Dismiss => EventKind::Dismissed,
        }
    }
}

/// The counter whose row orders the outbox (locked until the writing transaction ends).
const SEQUENCE: &str = "outbox";

/// Records that `kind` happened to `issue` (after the change was saved, in its transaction).
pub fn record(conn: &mut DbConnection, kind: EventKind, issue: &Issue) -> Result<i64, ApiError> {
    // The audit chain's head before the outbox's counter: one lock order for every writer
    // (a transaction that audited first and one that recorded its event first deadlocked).
    crate::audit::lock_chain(conn)?;
    let seq = store::counters::next(conn, SEQUENCE)?;
    let e = event(conn, seq, kind, issue)?;
    store::outbox::insert(conn, &e)?;
    Ok(seq)
}

/// Records that `kind` happened to each of `issues` (an import's new problems), with one lock,
/// one counter update and multi-row inserts instead of a round of statements per problem.
pub fn record_many(conn: &mut DbConnection, kind: EventKind, issues: &[Issue]) -> Result<(), ApiError> {
    if issues.is_empty() {
        return Ok(());
    }
    crate::audit::lock_chain(conn)?;
    let first = store::counters::reserve(conn, SEQUENCE, issues.len() as i64)?;
    let events =
        issues.iter().zip(first..).map(|(issue, seq)| event(conn, seq, kind, issue)).collect::<Result<Vec<_>, _>>()?;
    store::outbox::insert_many(conn, &events)?;
    Ok(())
}

fn event(conn: &mut DbConnection, seq: i64, kind: EventKind, issue: &Issue) -> Result<Event, ApiError> {
    let mut payload = json!({
        "event": kind,
        "issue_id": issue.id,
        "number": issue.number,
        "state": issue.state,
        "version": issue.version,
        "source": issue.source,
        "source_ref": issue.source_ref,
    });
    // The reply to the enterprise travels with the events a portal shows the complainant.
    if matches!(kind, EventKind::Replied | EventKind::Closed) {
        let reply = store::replies::latest(conn, &issue.id)?;
        payload["reply"] = json!(reply.map(|r| json!({"body": r.body, "at": r.created_at.and_utc()})));
    }
    Ok(Event {
        seq,
        kind: kind.code().to_owned(),
        issue_id: Some(issue.id.clone()),
        payload_json: payload.to_string(),
        created_at: issue.updated_at,
    })
}
