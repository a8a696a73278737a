//! Who is told what (站内通知). Every notification a use case sends is written here, in the
//! use case's transaction.

use chrono::NaiveDateTime;

use crate::{
    db::{DbConnection, UnitId, UserId},
    domain::{lifecycle::Action, roles::Role, supervision::NotificationKind},
    error::ApiError,
    service::Context,
    store::{self, issues::Issue},
};

/// The active users of a unit (its `unit` role holders).
pub fn unit_users(conn: &mut DbConnection, unit: Option<&UnitId>) -> Result<Vec<UserId>, ApiError> {
    match unit {
        Some(u) => Ok(store::supervision::recipients(conn, Role::Unit, Some(u))?),
        None => Ok(Vec::new()),
    }
}

/// The office and the leads of the problem's group.
pub fn office_and_group_leads(conn: &mut DbConnection, issue: &Issue) -> Result<Vec<UserId>, ApiError> {
    let mut to = store::supervision::recipients(conn, Role::Office, None)?;
    to.extend(store::supervision::group_leads(conn, &issue.group_id)?);
    Ok(to)
}

pub fn send(
    conn: &mut DbConnection,
    now: NaiveDateTime,
    to: &[UserId],
    issue: &Issue,
    kind: NotificationKind,
    title: &str,
    body: &str,
) -> Result<(), ApiError> {
    store::supervision::notify(conn, to, Some(&issue.id), kind, title, body, now)?;
    Ok(())
}

/// Notifications that follow a transition.
pub fn transition(conn: &mut DbConnection, cx: &Context, issue: &Issue, action: Action) -> Result<(), ApiError> {
    let subject = format!("{} {}", issue.number, issue.title);
    match action {
        Action::Assign => {
            let to = unit_users(conn, issue.responsible_unit_id.as_ref())?;
            let deadline = issue.deadline.map(|d| d.to_string()).unwrap_or_default();
            send(
                conn,
                cx.clock.now(),
                &to,
                issue,
                NotificationKind::Assigned,
                &format!("新交办问题: {}", issue.number),
                &format!("{subject} 已交办贵单位, 整改时限 {deadline}。"),
            )
        }
        Action::Return => {
            let to = office_and_group_leads(conn, issue)?;
            send(
                conn,
                cx.clock.now(),
                &to,
                issue,
                NotificationKind::Returned,
                &format!("问题被退回: {}", issue.number),
                &format!("{subject} 被 {} 退回, 请重新交办。", cx.principal.unit_name),
            )
        }
        Action::Reject => {
            let to = unit_users(conn, issue.responsible_unit_id.as_ref())?;
            send(
                conn,
                cx.clock.now(),
                &to,
                issue,
                NotificationKind::Rejected,
                &format!("核查不通过: {}", issue.number),
                &format!("{subject} 核查不通过, 请继续整改。"),
            )
        }
        Action::Submit => {
            let to = office_and_group_leads(conn, issue)?;
            send(
                conn,
                cx.clock.now(),
                &to,
                issue,
                NotificationKind::Submitted,
                &format!("待核查: {}", issue.number),
                &format!("{subject} 已由 {} 报送整改情况, 请核查。", cx.principal.unit_name),
            )
        }
        Action::Approve => {
            let to = unit_users(conn, issue.responsible_unit_id.as_ref())?;
            send(
                conn,
                cx.clock.now(),
                &to,
                issue,
                NotificationKind::Closed,
                &format!("已销号: {}", issue.number),
                &format!("{subject} 核查通过, 已销号。"),
            )
        }
        Action::Reopen => {
            let to = unit_users(conn, issue.responsible_unit_id.as_ref())?;
            send(
                conn,
                cx.clock.now(),
                &to,
                issue,
                NotificationKind::Reopened,
                &format!("重新整改: {}", issue.number),
                &format!("{subject} 销号后发现问题未解决, 请重新整改。"),
            )
        }
        _ => Ok(()),
    }
}
