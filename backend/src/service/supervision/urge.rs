//! 催办: the office or the group's lead chases a problem being handled.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{
    audit::{self, Entry},
    db::{DbConnection, IssueId, UrgeId},
    domain::{permissions::Permission, supervision, supervision::NotificationKind},
    error::ApiError,
    service::{
        Context,
        issues::{facts_of, find_visible},
        supervision::notify,
        validate::Validator,
    },
    store::{self, supervision::Urge},
};

#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UrgeRequest {
    #[schema(max_length = 1000, example = "请于本周内完成整改并报送进展", pattern = r"\S")]
    pub message: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UrgeDto {
    pub id: UrgeId,
    pub issue_id: IssueId,
    pub message: String,
    #[schema(example = "office")]
    pub by: String,
    pub created_at: DateTime<Utc>,
}

/// Records the urge on the timeline and notifies the responsible unit.
pub fn urge(conn: &mut DbConnection, cx: &Context, id: &IssueId, body: UrgeRequest) -> Result<UrgeDto, ApiError> {
    cx.principal.require(Permission::ReadIssues)?;
    let actor_id = cx.principal.require_user()?.clone();
    let issue = find_visible(conn, cx, id)?;
    let caller = cx.caller();
    let facts = facts_of(&issue, &store::issues::cooperating(conn, id)?, false);
    if !supervision::may_urge(&caller, &facts) {
        if caller.office || caller.leads(&issue.group_id) {
            return Err(ApiError::conflict("not_in_progress", "只有交办或整改中的问题可以催办"));
        }
        return Err(ApiError::forbidden("只有综合办公室和本组牵头单位可以催办"));
    }
    let mut v = Validator::default();
    let message = v.text("message", &body.message, 1000);
    v.finish()?;
    let now = cx.clock.now();
    let urge = Urge {
        id: UrgeId::new(),
        issue_id: id.clone(),
        unit_id: issue.responsible_unit_id.clone(),
        actor_id,
        actor_name: cx.principal.username.clone(),
        actor_unit_id: Some(cx.principal.unit_id.clone()),
        message: message.clone(),
        created_at: now,
    };
    store::supervision::insert_urge(conn, &urge)?;
    let to = notify::unit_users(conn, issue.responsible_unit_id.as_ref())?;
    notify::send(
        conn,
        cx.clock.now(),
        &to,
        &issue,
        NotificationKind::Urged,
        &format!("催办: {}", issue.number),
        &format!("{} {}: {message}", issue.number, issue.title),
    )?;
    audit::append(conn, Entry::new(&cx.actor(), &cx.meta, "issue.urge", "issue").entity(id).after(&urge))?;
    Ok(UrgeDto { id: urge.id, issue_id: id.clone(), message, by: urge.actor_name, created_at: now.and_utc() })
}
