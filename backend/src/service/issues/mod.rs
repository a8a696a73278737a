//! Problems (问题): registration, edits, transitions, progress, and their read models.

pub mod commands;
mod edit;
pub mod facts;
pub mod feed;
pub mod payments;
pub mod plans;
mod progress;
pub mod public;
pub mod register;
pub mod reply;
mod timeline;
mod transition;
pub mod view;

pub use commands::{CreateIssue, ProgressRequest, TransitionRequest, UpdateIssue, VerificationInput};
pub use edit::edit;
pub use facts::{FactsDto, SetFacts, put_facts};
pub use payments::{PaymentDto, PaymentList, RecordPayment, list_payments, record_payment};
pub use plans::{RepaymentPlanDto, RepaymentSummary, SetRepaymentPlan, get_plan, set_plan};
pub use progress::add_progress;
pub use register::{NewIssue, Registration, register, register_from, registration_step};
pub use timeline::{ActorDto, TimelineEntry, timeline};
pub use transition::transition;
pub use view::{ExtensionDto, IssueDto, by_ref, get, list, view};

use actix_web::http::StatusCode;

use crate::{
    db::{DbConnection, GroupId, IssueId, TransitionId, UnitId},
    domain::lifecycle::{Facts, Step},
    error::ApiError,
    service::Context,
    store::{
        self,
        issues::{Issue, Transition},
    },
};

pub fn not_found() -> ApiError {
    ApiError::not_found("问题不存在或无权查看")
}

/// A problem the caller may see, or 404 (also when it exists outside the caller's scope).
pub fn find_visible(conn: &mut DbConnection, cx: &Context, id: &IssueId) -> Result<Issue, ApiError> {
    store::issues::find_visible(conn, &cx.visibility(), id)?.ok_or_else(not_found)
}

/// What the rules need to know of a problem.
pub fn facts_of(issue: &Issue, cooperating: &[UnitId], pending_extension: bool) -> Facts<GroupId, UnitId> {
    Facts {
        state: issue.state,
        group: issue.group_id.clone(),
        responsible_unit: issue.responsible_unit_id.clone(),
        cooperating_units: cooperating.to_vec(),
        reporting_unit: issue.reporting_unit_id.clone(),
        closure_kind: issue.closure_kind,
        deadline: issue.deadline,
        pending_extension,
    }
}

/// The `If-Match` condition of a change. It is evaluated after the request has been checked
/// (RFC 9110 §13.2.1: a request that fails for another reason answers that reason, not 412).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IfMatch {
    Absent,
    /// `*`: any current version.
    Any,
    Version(i32),
    /// Present but naming no version of ours: it cannot match.
    Unmatchable,
}

impl IfMatch {
    /// Reads an `If-Match` header value (`"3"`, `W/"3"`, `*`).
    pub fn parse(raw: Option<&str>) -> Self {
        let Some(text) = raw.map(str::trim) else { return Self::Absent };
        if text == "*" {
            return Self::Any;
        }
        let text = text.strip_prefix("W/").unwrap_or(text).trim_matches('"');
        text.parse::<i32>().map_or(Self::Unmatchable, Self::Version)
    }

    /// 412 with the current version when the condition does not hold.
    pub fn check(self, current: i32) -> Result<(), ApiError> {
        match self {
            Self::Version(v) if v != current => Err(stale(Some(current))),
            Self::Unmatchable => Err(stale(Some(current))),
            _ => Ok(()),
        }
    }
}

pub fn stale(current: Option<i32>) -> ApiError {
    let e = ApiError::new(
        StatusCode::PRECONDITION_FAILED,
        "version_mismatch",
        "该问题已被他人修改, 请刷新后在最新版本上重新操作",
    );
    match current {
        Some(v) => e.with_extra("current_version", v),
        None => e,
    }
}

/// Saves a changed problem if nobody changed it since `before` was read; bumps the version.
pub(crate) fn save(conn: &mut DbConnection, issue: &mut Issue, before_version: i32) -> Result<(), ApiError> {
    if !store::issues::save(conn, issue, before_version)? {
        return Err(ApiError::conflict("concurrent_update", "该问题刚被他人处理, 请刷新后重试"));
    }
    issue.version = before_version + 1;
    Ok(())
}

/// A step on the problem's timeline, by the context's principal.
fn step(
    cx: &Context,
    issue: &Issue,
    action: Step,
    from: Option<crate::domain::lifecycle::State>,
    comment: Option<String>,
    payload: Option<serde_json::Value>,
) -> Transition {
    Transition {
        id: TransitionId::new(),
        issue_id: issue.id.clone(),
        action,
        from_state: crate::db::types::PriorState(from),
        to_state: issue.state,
        actor_kind: cx.principal.kind(),
        actor_id: cx.principal.subject_id(),
        actor_name: cx.principal.username.clone(),
        actor_unit_id: Some(cx.principal.unit_id.clone()),
        comment,
        payload_json: payload.filter(|p| !p.as_object().is_some_and(serde_json::Map::is_empty)).map(|p| p.to_string()),
        created_at: issue.updated_at,
    }
}
