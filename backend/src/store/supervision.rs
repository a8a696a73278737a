//! Chasing (催办), deadline extensions (延期申请), notifications and the deadline scan.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::{
    prelude::*,
    sql_types::{Date, Text, Timestamp},
};

use crate::{
    db::{
        DbConnection, ExtensionId, GroupId, IssueId, NotificationId, UnitId, UrgeId, UserId,
        schema::{extension_requests, issue_urges, issues, notifications, user_roles, users},
    },
    domain::{
        lifecycle::State,
        roles::Role,
        supervision::{ExtensionStatus, NotificationKind},
        warning::Warning,
    },
};

#[derive(Debug, Clone, Queryable, Selectable, Insertable, serde::Serialize)]
#[diesel(table_name = issue_urges, treat_none_as_default_value = false)]
pub struct Urge {
    pub id: UrgeId,
    pub issue_id: IssueId,
    pub unit_id: Option<UnitId>,
    pub actor_id: UserId,
    pub actor_name: String,
    pub actor_unit_id: Option<UnitId>,
    pub message: String,
    #[serde(serialize_with = "crate::db::types::utc_time::serialize")]
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, serde::Serialize, PartialEq, Eq)]
#[diesel(table_name = extension_requests, treat_none_as_default_value = false)]
pub struct ExtensionRequest {
    pub id: ExtensionId,
    pub issue_id: IssueId,
    pub unit_id: UnitId,
    pub requested_by_id: UserId,
    pub requested_by_name: String,
    pub current_deadline: NaiveDate,
    pub requested_deadline: NaiveDate,
    pub reason: String,
    pub status: ExtensionStatus,
    pub decided_by_id: Option<UserId>,
    pub decided_by_name: Option<String>,
    pub decision_comment: Option<String>,
    #[serde(serialize_with = "crate::db::types::utc_time::serialize")]
    pub created_at: NaiveDateTime,
    #[serde(serialize_with = "crate::db::types::utc_time::serialize_option")]
    pub decided_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, serde::Serialize)]
#[diesel(table_name = notifications, treat_none_as_default_value = false)]
pub struct Notification {
    pub id: NotificationId,
    pub user_id: UserId,
    pub issue_id: Option<IssueId>,
    pub kind: NotificationKind,
    pub title: String,
    pub body: String,
    #[serde(serialize_with = "crate::db::types::utc_time::serialize")]
    pub created_at: NaiveDateTime,
    #[serde(serialize_with = "crate::db::types::utc_time::serialize_option")]
    pub read_at: Option<NaiveDateTime>,
}

pub fn insert_urge(conn: &mut DbConnection, u: &Urge) -> QueryResult<()> {
    diesel::insert_into(issue_urges::table).values(u).execute(conn).map(|_| ())
}

pub fn urges(conn: &mut DbConnection, issue_id: &IssueId) -> QueryResult<Vec<Urge>> {
    issue_urges::table
        .filter(issue_urges::issue_id.eq(issue_id))
        .order(issue_urges::created_at.desc())
        .select(Urge::as_select())
        .load(conn)
}

pub fn insert_extension(conn: &mut DbConnection, r: &ExtensionRequest) -> QueryResult<()> {
    diesel::insert_into(extension_requests::table).values(r).execute(conn).map(|_| ())
}

pub fn save_extension(conn: &mut DbConnection, r: &ExtensionRequest) -> QueryResult<()> {
    diesel::update(extension_requests::table.find(&r.id))
        .set((
            extension_requests::status.eq(r.status),
            extension_requests::decided_by_id.eq(&r.decided_by_id),
            extension_requests::decided_by_name.eq(&r.decided_by_name),
            extension_requests::decision_comment.eq(&r.decision_comment),
            extension_requests::decided_at.eq(r.decided_at),
        ))
        .execute(conn)
        .map(|_| ())
}

pub fn extensions(conn: &mut DbConnection, issue_id: &IssueId) -> QueryResult<Vec<ExtensionRequest>> {
    extension_requests::table
        .filter(extension_requests::issue_id.eq(issue_id))
        .order(extension_requests::created_at.desc())
        .select(ExtensionRequest::as_select())
        .load(conn)
}

pub fn pending_extension(conn: &mut DbConnection, issue_id: &IssueId) -> QueryResult<Option<ExtensionRequest>> {
    extension_requests::table
        .filter(extension_requests::issue_id.eq(issue_id))
        .filter(extension_requests::status.eq(ExtensionStatus::Pending))
        .select(ExtensionRequest::as_select())
        .first(conn)
        .optional()
}

/// Pending requests of several problems, as (issue, request).
pub fn pending_extensions_of(conn: &mut DbConnection, issue_ids: &[IssueId]) -> QueryResult<Vec<ExtensionRequest>> {
    if issue_ids.is_empty() {
        return Ok(Vec::new());
    }
    extension_requests::table
        .filter(super::any_of::any_issue(extension_requests::issue_id, issue_ids))
        .filter(extension_requests::status.eq(ExtensionStatus::Pending))
        .select(ExtensionRequest::as_select())
        .load(conn)
}

/// Active users holding `role`: of `unit` when given, else anywhere.
pub fn recipients(conn: &mut DbConnection, role: Role, unit: Option<&UnitId>) -> QueryResult<Vec<UserId>> {
    let mut q = users::table
        .inner_join(user_roles::table)
        .filter(users::active.eq(true))
        .filter(user_roles::role.eq(role))
        .select(users::id)
        .distinct()
        .into_boxed();
    if let Some(u) = unit {
        q = q.filter(users::unit_id.eq(u.clone()));
    }
    q.load(conn)
}

/// Active users leading `group`.
pub fn group_leads(conn: &mut DbConnection, group: &GroupId) -> QueryResult<Vec<UserId>> {
    users::table
        .inner_join(user_roles::table)
        .filter(users::active.eq(true))
        .filter(user_roles::role.eq(Role::GroupLead))
        .filter(user_roles::group_id.eq(group))
        .select(users::id)
        .distinct()
        .load(conn)
}

/// Sends one notification to each recipient (deduplicated).
/// Notifies each recipient; an alert of the scan ([`NotificationKind::once_a_day`]) once per
/// problem, kind and day (Asia/Shanghai). Answers how many were sent.
pub fn notify(
    conn: &mut DbConnection,
    recipients: &[UserId],
    issue_id: Option<&IssueId>,
    kind: NotificationKind,
    title: &str,
    body: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    let day = now.and_utc().with_timezone(&chrono_tz::Asia::Shanghai).date_naive();
    let day_start = crate::clock::shanghai_day_start(day);
    let mut already = notifications::table
        .filter(notifications::kind.eq(kind))
        .filter(notifications::created_at.ge(day_start))
        .filter(notifications::user_id.eq_any(recipients))
        .select(notifications::user_id)
        .into_boxed();
    already = match issue_id {
        Some(i) => already.filter(notifications::issue_id.eq(i.clone())),
        None => already.filter(notifications::issue_id.is_null()),
    };
    let mut seen: Vec<UserId> = if kind.once_a_day() { already.load(conn)? } else { Vec::new() };
    let mut sent = 0;
    for r in recipients {
        if seen.contains(r) {
            continue;
        }
        seen.push(r.clone());
        let n = Notification {
            id: NotificationId::new(),
            user_id: r.clone(),
            issue_id: issue_id.cloned(),
            kind,
            title: title.into(),
            body: body.into(),
            created_at: now,
            read_at: None,
        };
        diesel::insert_into(notifications::table).values(&n).execute(conn)?;
        sent += 1;
    }
    Ok(sent)
}

/// When `kind` was last notified about the problem, if ever.
pub fn last_notified(
    conn: &mut DbConnection,
    issue: &IssueId,
    kind: NotificationKind,
) -> QueryResult<Option<NaiveDateTime>> {
    notifications::table
        .filter(notifications::issue_id.eq(issue))
        .filter(notifications::kind.eq(kind))
        .select(diesel::dsl::max(notifications::created_at))
        .first(conn)
}

/// Whether anyone got a notice of `kind` about no problem since `since` (the daily digests).
pub fn notified_since(conn: &mut DbConnection, kind: NotificationKind, since: NaiveDateTime) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        notifications::table
            .filter(notifications::kind.eq(kind))
            .filter(notifications::issue_id.is_null())
            .filter(notifications::created_at.ge(since)),
    ))
    .get_result(conn)
}

pub fn notifications_of(
    conn: &mut DbConnection,
    user: &UserId,
    unread_only: bool,
    offset: i64,
    limit: i64,
) -> QueryResult<(Vec<Notification>, i64, i64)> {
    let build = || {
        let mut q = notifications::table.filter(notifications::user_id.eq(user.clone())).into_boxed();
        if unread_only {
            q = q.filter(notifications::read_at.is_null());
        }
        q
    };
    let total = build().count().get_result(conn)?;
    let unread = notifications::table
        .filter(notifications::user_id.eq(user))
        .filter(notifications::read_at.is_null())
        .count()
        .get_result(conn)?;
    let rows = build()
        .order((notifications::created_at.desc(), notifications::id.desc()))
        .offset(offset)
        .limit(limit)
        .select(Notification::as_select())
        .load(conn)?;
    Ok((rows, total, unread))
}

/// Marks the user's notification read; `false` when it is not theirs.
pub fn mark_read(conn: &mut DbConnection, user: &UserId, id: &NotificationId, now: NaiveDateTime) -> QueryResult<bool> {
    let mine: i64 = notifications::table
        .filter(notifications::id.eq(id))
        .filter(notifications::user_id.eq(user))
        .count()
        .get_result(conn)?;
    if mine == 0 {
        return Ok(false);
    }
    diesel::update(notifications::table.find(id).filter(notifications::read_at.is_null()))
        .set(notifications::read_at.eq(now))
        .execute(conn)?;
    Ok(true)
}

pub fn mark_all_read(conn: &mut DbConnection, user: &UserId, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        notifications::table.filter(notifications::user_id.eq(user)).filter(notifications::read_at.is_null()),
    )
    .set(notifications::read_at.eq(now))
    .execute(conn)
}

/// Records that a warning was notified; `false` when it already was (by this or another
/// server instance). Same SQL on both backends.
pub fn claim_warning(
    conn: &mut DbConnection,
    issue: &IssueId,
    threshold: Warning,
    deadline: NaiveDate,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let n = diesel::sql_query(
        "INSERT INTO warning_notices (issue_id, threshold, deadline, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (issue_id, threshold, deadline) DO NOTHING",
    )
    .bind::<Text, _>(issue.as_str())
    .bind::<Text, _>(threshold.code())
    .bind::<Date, _>(deadline)
    .bind::<Timestamp, _>(now)
    .execute(conn)?;
    Ok(n == 1)
}

/// Open problems with a deadline on or before `horizon` (candidates for warnings).
/// (id, number, title, responsible unit, deadline, group)
pub type DueProblem = (IssueId, String, String, Option<UnitId>, NaiveDate, GroupId);

pub fn due_problems(conn: &mut DbConnection, horizon: NaiveDate) -> QueryResult<Vec<DueProblem>> {
    issues::table
        .filter(issues::state.eq_any(State::DEADLINE_RUNS))
        .filter(issues::deadline.le(horizon))
        .select((
            issues::id,
            issues::number,
            issues::title,
            issues::responsible_unit_id,
            issues::deadline.assume_not_null(),
            issues::group_id,
        ))
        .load(conn)
}
