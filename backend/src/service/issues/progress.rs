//! 报送整改进展: a progress report by the responsible or a cooperating unit while rectifying.
//! It never changes the state.

use actix_web::http::StatusCode;

use crate::{
    audit::{self, Entry},
    db::{DbConnection, IssueId, ProgressId},
    domain::{
        lifecycle::{self, State},
        permissions::Permission,
    },
    error::ApiError,
    service::{
        Context, events,
        events::EventKind,
        issues::{ProgressRequest, facts_of, find_visible, save},
        validate::Validator,
    },
    store::{
        self,
        issues::{Issue, Progress},
    },
};

pub fn add_progress(
    conn: &mut DbConnection,
    cx: &Context,
    id: &IssueId,
    body: ProgressRequest,
) -> Result<Issue, ApiError> {
    cx.principal.require(Permission::ReadIssues)?;
    let author = cx.principal.require_user()?.clone();
    let before = find_visible(conn, cx, id)?;
    let cooperating = store::issues::cooperating(conn, id)?;
    if !lifecycle::may_report_progress(&cx.caller(), &facts_of(&before, &cooperating, false)) {
        if before.state != State::Rectifying {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                "not_rectifying",
                format!("问题处于「{}」状态, 只有整改中的问题可以报送进展", before.state.label()),
            ));
        }
        return Err(ApiError::forbidden("只有责任单位和配合单位可以报送整改进展"));
    }
    let mut v = Validator::default();
    let note = v.text("note", &body.note, 5000);
    v.finish()?;
    let now = cx.clock.now();
    let mut issue = before.clone();
    issue.updated_at = now;
    save(conn, &mut issue, before.version)?;
    let progress = Progress {
        id: ProgressId::new(),
        issue_id: id.clone(),
        unit_id: cx.principal.unit_id.clone(),
        author_id: author,
        author_name: cx.principal.username.clone(),
        note,
        amount_resolved_fen: None,
        created_at: now,
    };
    store::issues::insert_progress(conn, &progress)?;
    events::record(conn, EventKind::Progress, &issue)?;
    audit::append(conn, Entry::new(&cx.actor(), &cx.meta, "issue.progress", "issue").entity(id).after(&progress))?;
    Ok(issue)
}
