//! 答复意见: the reply to the enterprise, which the portal shows the complainant. Written by the
//! office at any time, or by the responsible unit while it rectifies; each write is kept (the
//! timeline shows them), the latest is the problem's reply, carried in the public view and in
//! the `issue.replied` and `issue.closed` events.

use serde::Deserialize;
use utoipa::ToSchema;

use crate::{
    audit::{self, Entry},
    db::{DbConnection, Id, IssueId},
    domain::{lifecycle::State, permissions::Permission, roles::Role},
    error::ApiError,
    service::{Context, events, events::EventKind, issues::find_visible, validate::Validator},
    store::{self, issues::Issue, replies::Reply},
};

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReplyRequest {
    /// The reply as the enterprise will read it.
    #[schema(max_length = 2000, pattern = r"\S", example = "经核查, 区教育局已于 6 月 30 日支付全部工程款。")]
    pub body: String,
}

/// Whether the caller may write the reply now: the office always; the responsible unit while
/// rectifying.
pub fn may_reply(cx: &Context, issue: &Issue) -> bool {
    cx.principal.has_role(Role::Office)
        || (cx.principal.has_role(Role::Unit)
            && issue.state == State::Rectifying
            && issue.responsible_unit_id.as_ref() == Some(&cx.principal.unit_id))
}

/// 答复企业: writes the reply, bumps the problem's version and records `issue.replied`.
pub fn reply(conn: &mut DbConnection, cx: &Context, id: &IssueId, cmd: ReplyRequest) -> Result<Issue, ApiError> {
    cx.principal.require(Permission::ReadIssues)?;
    let author = cx.principal.require_user()?.clone();
    let issue = find_visible(conn, cx, id)?;
    if !may_reply(cx, &issue) {
        return Err(ApiError::forbidden("只有综合办公室, 或整改中的责任单位, 可以填写答复意见"));
    }
    let mut v = Validator::default();
    let body = v.text("body", &cmd.body, 2000);
    v.finish()?;
    let now = cx.clock.now();
    let record = Reply {
        id: Id::new(),
        issue_id: issue.id.clone(),
        body,
        author_id: author.to_string(),
        author_name: cx.principal.display_name.clone(),
        unit_id: cx.principal.unit_id.clone(),
        created_at: now,
    };
    store::supplements::lock_issue(conn, &issue.id)?;
    store::replies::insert(conn, &record)?;
    store::supplements::touch_issue(conn, &issue.id, now)?;
    let issue = store::issues::find(conn, &issue.id)?.ok_or_else(super::not_found)?;
    events::record(conn, EventKind::Replied, &issue)?;
    audit::append(conn, Entry::new(&cx.actor(), &cx.meta, "issue.reply", "issue").entity(&issue.id).after(&record))?;
    Ok(issue)
}
