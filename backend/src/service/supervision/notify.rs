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

/// Who a transition's notification goes to.
enum Audience {
    /// The responsible unit's users.
    ResponsibleUnit,
    /// The office and the leads of the problem's group.
    OfficeAndGroupLeads,
}

/// Notifications that follow a transition.
pub fn transition(conn: &mut DbConnection, cx: &Context, issue: &Issue, action: Action) -> Result<(), ApiError> {
    use Audience::{OfficeAndGroupLeads, ResponsibleUnit};
    let subject = format!("{} {}", issue.number, issue.title);
    let by = &cx.principal.unit_name;
    let (audience, kind, headline, body) = match action {
        Action::Assign => {
            let deadline = issue.deadline.map(|d| d.to_string()).unwrap_or_default();
            let body = format!("{subject} 已交办贵单位, 整改时限 {deadline}。");
            (ResponsibleUnit, NotificationKind::Assigned, "新交办问题", body)
        }
        Action::Return => {
            let body = format!("{subject} 被 {by} 退回, 请重新交办。");
            (OfficeAndGroupLeads, NotificationKind::Returned, "问题被退回", body)
        }
        Action::Reject => {
            let body = format!("{subject} 核查不通过, 请继续整改。");
            (ResponsibleUnit, NotificationKind::Rejected, "核查不通过", body)
        }
        Action::Submit => {
            let body = format!("{subject} 已由 {by} 报送整改情况, 请核查。");
            (OfficeAndGroupLeads, NotificationKind::Submitted, "待核查", body)
        }
        Action::Approve => {
            (ResponsibleUnit, NotificationKind::Closed, "已销号", format!("{subject} 核查通过, 已销号。"))
        }
        Action::Reopen => {
            let body = format!("{subject} 销号后发现问题未解决, 请重新整改。");
            (ResponsibleUnit, NotificationKind::Reopened, "重新整改", body)
        }
        _ => return Ok(()),
    };
    let to = match audience {
        ResponsibleUnit => unit_users(conn, issue.responsible_unit_id.as_ref())?,
        OfficeAndGroupLeads => office_and_group_leads(conn, issue)?,
    };
    send(conn, cx.clock.now(), &to, issue, kind, &format!("{headline}: {}", issue.number), &body)
}
