//! 批量交办 and 批量催办: one action applied to many problems in one request.
//!
//! Each problem goes through exactly the use case of the single action
//! ([`issues::transition`] with an `assign` command, [`supervision::urge`]), in a transaction
//! of its own: the same permission, scope and lifecycle checks, the same notifications,
//! timeline step and audit record. One refused problem does not stop the others; each row of
//! the answer says what happened to its problem, with the status and problem document the
//! single action would have answered. A refusal is audited too (result `denied` for 403/404,
//! `failure` otherwise), after its transaction was rolled back.
//!
//! Versions: each item of 批量交办 may carry the `version` the caller saw; it is then checked
//! like the single action's `If-Match` (412 for that row when someone changed the problem
//! since). Without it the current version is used, as the single action does without
//! `If-Match`. 催办 does not change a problem and takes no version.

use std::collections::HashSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{
    audit::{self, Entry},
    db::{DbConnection, GroupId, IssueId, UnitId},
    domain::{lifecycle::State, permissions::Permission},
    error::{ApiError, FieldError, Problem},
    service::validate::Validator,
    service::{
        Context,
        issues::{self, IfMatch, TransitionRequest, commands::AssignRequest, commands::AssignTag},
        supervision::{self, UrgeRequest},
    },
    store,
};

/// The most problems one batch request may name.
pub const MAX_BATCH: usize = 200;

/// One problem of a 批量交办.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BatchItem {
    pub id: IssueId,
    /// The version the caller saw (like `If-Match`); the row answers 412 when the problem has
    /// changed since. Without it the current version is used.
    pub version: Option<i32>,
}

/// 批量交办: the fields of the single 交办 (`AssignRequest`), applied to every listed problem.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BatchAssignRequest {
    /// The problems, at most 200, each once.
    #[schema(min_items = 1, max_items = 200)]
    pub items: Vec<BatchItem>,
    /// Required.
    #[schema(required = true)]
    pub responsible_unit_id: Option<UnitId>,
    /// Required; not before today (Asia/Shanghai).
    #[schema(required = true)]
    pub deadline: Option<NaiveDate>,
    /// Office only: another group (the category's of each problem, or the 综合办公室).
    pub group_id: Option<GroupId>,
    pub cooperating_unit_ids: Option<Vec<UnitId>>,
    #[schema(max_length = 2000)]
    pub comment: Option<String>,
}

/// 批量催办: one message sent to the responsible unit of every listed problem.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BatchUrgeRequest {
    /// The problems, at most 200, each once.
    #[schema(min_items = 1, max_items = 200)]
    pub ids: Vec<IssueId>,
    #[schema(max_length = 1000, example = "请抓紧办理，并及时报送整改进展", pattern = r"\S")]
    pub message: String,
}

/// What happened to one problem of a batch.
#[derive(Debug, Serialize, ToSchema)]
pub struct BatchOutcome {
    pub id: IssueId,
    /// The problem's number; null when the caller may not see the problem (or it does not exist).
    pub number: Option<String>,
    pub ok: bool,
    /// The status the single action would have answered (200 交办, 201 催办, or its error).
    #[schema(example = 200)]
    pub status: u16,
    /// The problem's state after the action (successful rows).
    pub state: Option<State>,
    /// The problem's version after the action (successful rows).
    pub version: Option<i32>,
    /// Why it was refused: the single action's problem document.
    pub error: Option<Problem>,
}

/// The answer to a batch: one row per problem, in the order asked.
#[derive(Debug, Serialize, ToSchema)]
pub struct BatchReport {
    pub total: usize,
    pub succeeded: usize,
    pub failed: usize,
    pub results: Vec<BatchOutcome>,
}

/// 批量交办: [`issues::transition`] with the same `assign` command for each problem.
pub fn assign(conn: &mut DbConnection, cx: &Context, req: BatchAssignRequest) -> Result<BatchReport, ApiError> {
    cx.principal.require(Permission::ReadIssues)?;
    // What is the same for every problem is checked once, before any of them.
    let mut v = Validator::default();
    v.check(req.responsible_unit_id.is_some(), "responsible_unit_id", "请选择责任单位");
    v.check(req.deadline.is_some(), "deadline", "请设定整改时限");
    v.optional_text("comment", req.comment.as_deref(), 2000);
    v.finish()?;
    check_ids(req.items.iter().map(|i| &i.id), "items", ".id")?;
    let command = TransitionRequest::Assign(AssignRequest {
        action: AssignTag::Tag,
        responsible_unit_id: req.responsible_unit_id,
        deadline: req.deadline,
        group_id: req.group_id,
        cooperating_unit_ids: req.cooperating_unit_ids,
        comment: req.comment,
    });
    let results = req
        .items
        .into_iter()
        .map(|item| {
            let condition = item.version.map_or(IfMatch::Absent, IfMatch::Version);
            let done = conn.write_tx(|c| issues::transition(c, cx, &item.id, command.clone(), condition));
            match done {
                Ok(issue) => BatchOutcome {
                    id: item.id,
                    number: Some(issue.number),
                    ok: true,
                    status: 200,
                    state: Some(issue.state),
                    version: Some(issue.version),
                    error: None,
                },
                Err(e) => refused(conn, cx, item.id, "issue.assign", e),
            }
        })
        .collect();
    Ok(report(results))
}

/// 批量催办: [`supervision::urge`] with the same message for each problem.
pub fn urge(conn: &mut DbConnection, cx: &Context, req: BatchUrgeRequest) -> Result<BatchReport, ApiError> {
    cx.principal.require(Permission::ReadIssues)?;
    let mut v = Validator::default();
    v.text("message", &req.message, 1000);
    v.finish()?;
    check_ids(req.ids.iter(), "ids", "")?;
    let results = req
        .ids
        .into_iter()
        .map(|id| {
            let body = UrgeRequest { message: req.message.clone() };
            let done = conn.write_tx(|c| {
                supervision::urge(c, cx, &id, body)?;
                issues::find_visible(c, cx, &id)
            });
            match done {
                Ok(issue) => BatchOutcome {
                    id,
                    number: Some(issue.number),
                    ok: true,
                    status: 201,
                    state: Some(issue.state),
                    version: Some(issue.version),
                    error: None,
                },
                Err(e) => refused(conn, cx, id, "issue.urge", e),
            }
        })
        .collect();
    Ok(report(results))
}

/// 422 naming the list when it is empty or longer than [`MAX_BATCH`], or the row of a repeat.
fn check_ids<'a>(ids: impl ExactSizeIterator<Item = &'a IssueId>, field: &str, suffix: &str) -> Result<(), ApiError> {
    let n = ids.len();
    if n == 0 {
        return Err(ApiError::validation(vec![FieldError::new(field, "请至少选择一个问题")]));
    }
    if n > MAX_BATCH {
        return Err(ApiError::validation(vec![FieldError::new(
            field,
            format!("一次最多处理 {MAX_BATCH} 个问题, 本次 {n} 个, 请分批操作"),
        )]));
    }
    let mut seen = HashSet::new();
    let repeats: Vec<FieldError> = ids
        .enumerate()
        .filter(|(_, id)| !seen.insert(*id))
        .map(|(i, _)| FieldError::new(format!("{field}[{i}]{suffix}"), "问题重复"))
        .collect();
    if repeats.is_empty() { Ok(()) } else { Err(ApiError::validation(repeats)) }
}

/// The row of a refused problem, after its transaction was rolled back: the refusal is
/// audited, and the number is given only when the caller may see the problem.
fn refused(conn: &mut DbConnection, cx: &Context, id: IssueId, action: &str, e: ApiError) -> BatchOutcome {
    if e.status.is_server_error() {
        log::error!("batch {action} on {id} failed: {e}");
    }
    let result = if matches!(e.status.as_u16(), 403 | 404) { "denied" } else { "failure" };
    let actor = cx.actor();
    let entry = Entry::new(&actor, &cx.meta, action, "issue")
        .entity(&id)
        .result(result)
        .after(serde_json::json!({ "batch": true, "status": e.status.as_u16(), "code": e.code, "detail": e.detail }));
    if let Err(err) = conn.write_tx(|c| audit::append(c, entry)) {
        log::error!("batch {action} on {id}: the refusal could not be audited: {err}");
    }
    let number = match e.status.as_u16() {
        404 => None,
        _ => store::issues::find_visible(conn, &cx.visibility(), &id).ok().flatten().map(|i| i.number),
    };
    BatchOutcome {
        id,
        number,
        ok: false,
        status: e.status.as_u16(),
        state: None,
        version: None,
        error: Some(e.to_problem()),
    }
}

fn report(results: Vec<BatchOutcome>) -> BatchReport {
    let succeeded = results.iter().filter(|r| r.ok).count();
    BatchReport { total: results.len(), succeeded, failed: results.len() - succeeded, results }
}
