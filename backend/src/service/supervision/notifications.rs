//! 我的通知: a user's own notifications.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::{
    db::{DbConnection, IssueId, NotificationId},
    domain::supervision::NotificationKind,
    error::ApiError,
    service::Context,
    store,
};

#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationDto {
    pub id: NotificationId,
    pub issue_id: Option<IssueId>,
    pub kind: NotificationKind,
    #[schema(example = "催办: LY2024-00042")]
    pub title: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationPage {
    pub items: Vec<NotificationDto>,
    pub total: i64,
    /// Unread notifications of the caller in all.
    pub unread: i64,
    pub page: i64,
    pub page_size: i64,
}

/// Newest first, with the number of unread ones.
pub fn list_notifications(
    conn: &mut DbConnection,
    cx: &Context,
    unread_only: bool,
    page: i64,
    page_size: i64,
) -> Result<NotificationPage, ApiError> {
    let user = cx.principal.require_user()?;
    let (rows, total, unread) =
        store::supervision::notifications_of(conn, user, unread_only, (page - 1) * page_size, page_size)?;
    let items = rows
        .into_iter()
        .map(|n| NotificationDto {
            id: n.id,
            issue_id: n.issue_id,
            kind: n.kind,
            title: n.title,
            body: n.body,
            created_at: n.created_at.and_utc(),
            read_at: n.read_at.map(|t| t.and_utc()),
        })
        .collect();
    Ok(NotificationPage { items, total, unread, page, page_size })
}

/// Only the caller's own; one already read changes nothing. 404 when it is not theirs.
pub fn mark_read(conn: &mut DbConnection, cx: &Context, id: &NotificationId) -> Result<(), ApiError> {
    let user = cx.principal.require_user()?;
    if !store::supervision::mark_read(conn, user, id, cx.clock.now())? {
        return Err(ApiError::not_found("通知不存在"));
    }
    Ok(())
}

pub fn mark_all_read(conn: &mut DbConnection, cx: &Context) -> Result<(), ApiError> {
    let user = cx.principal.require_user()?;
    store::supervision::mark_all_read(conn, user, cx.clock.now())?;
    Ok(())
}
