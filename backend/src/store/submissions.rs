//! Milestone submissions (节点报送), the problems they cover and the reminders sent.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::{
    db::{
        DbConnection, GroupId, IssueId, MilestoneId, SubmissionId, UnitId, UserId,
        schema::{issues, milestone_reminders, milestone_submission_issues, milestone_submissions, user_roles, users},
    },
    domain::{
        milestone::{ReminderKind, SubmissionStatus},
        roles::Role,
    },
};

#[derive(Debug, Clone, Queryable, Selectable, Insertable, serde::Serialize)]
#[diesel(table_name = milestone_submissions, treat_none_as_default_value = false)]
pub struct Submission {
    pub id: SubmissionId,
    pub milestone_id: MilestoneId,
    pub group_id: GroupId,
    pub unit_id: UnitId,
    pub summary: String,
    pub nil_return: bool,
    pub late: bool,
    pub status: SubmissionStatus,
    pub submitted_by: UserId,
    pub submitted_by_name: String,
    #[serde(serialize_with = "crate::db::types::utc_time::serialize")]
    pub submitted_at: NaiveDateTime,
    pub reviewed_by_name: Option<String>,
    #[serde(serialize_with = "crate::db::types::utc_time::serialize_option")]
    pub reviewed_at: Option<NaiveDateTime>,
    pub review_comment: Option<String>,
}

pub fn insert(conn: &mut DbConnection, s: &Submission, issues: &[IssueId]) -> QueryResult<()> {
    diesel::insert_into(milestone_submissions::table).values(s).execute(conn)?;
    for chunk in issues.chunks(500) {
        let rows: Vec<_> = chunk
            .iter()
            .map(|i| {
                (milestone_submission_issues::submission_id.eq(&s.id), milestone_submission_issues::issue_id.eq(i))
            })
            .collect();
        match conn {
            DbConnection::Postgres(c) => {
                diesel::insert_into(milestone_submission_issues::table).values(rows).execute(c)?
            }
            DbConnection::Sqlite(c) => {
                diesel::insert_into(milestone_submission_issues::table).values(rows).execute(c)?
            }
        };
    }
    Ok(())
}

pub fn find(conn: &mut DbConnection, id: &SubmissionId) -> QueryResult<Option<Submission>> {
    milestone_submissions::table.find(id).select(Submission::as_select()).get_result(conn).optional()
}

/// Every submission of a milestone, oldest first.
pub fn of_milestone(conn: &mut DbConnection, milestone: &MilestoneId) -> QueryResult<Vec<Submission>> {
    milestone_submissions::table
        .filter(milestone_submissions::milestone_id.eq(milestone))
        .order((milestone_submissions::submitted_at, milestone_submissions::id))
        .select(Submission::as_select())
        .load(conn)
}

/// The latest submission of one unit for one group, if any.
pub fn latest(
    conn: &mut DbConnection,
    milestone: &MilestoneId,
    group: &GroupId,
    unit: &UnitId,
) -> QueryResult<Option<Submission>> {
    milestone_submissions::table
        .filter(milestone_submissions::milestone_id.eq(milestone))
        .filter(milestone_submissions::group_id.eq(group))
        .filter(milestone_submissions::unit_id.eq(unit))
        .order((milestone_submissions::submitted_at.desc(), milestone_submissions::id.desc()))
        .select(Submission::as_select())
        .first(conn)
        .optional()
}

/// Records the office's decision on a waiting submission; `false` when it was not waiting any
/// more (reviewed meanwhile).
pub fn review(
    conn: &mut DbConnection,
    id: &SubmissionId,
    status: SubmissionStatus,
    by: &str,
    at: NaiveDateTime,
    comment: Option<&str>,
) -> QueryResult<bool> {
    let n = diesel::update(
        milestone_submissions::table.find(id).filter(milestone_submissions::status.eq(SubmissionStatus::Submitted)),
    )
    .set((
        milestone_submissions::status.eq(status),
        milestone_submissions::reviewed_by_name.eq(by),
        milestone_submissions::reviewed_at.eq(at),
        milestone_submissions::review_comment.eq(comment),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// The problems a submission covers, as (submission, problem) pairs of the given submissions.
pub fn issues_of(conn: &mut DbConnection, ids: &[SubmissionId]) -> QueryResult<Vec<(SubmissionId, IssueId)>> {
    let mut out = Vec::new();
    for chunk in ids.chunks(500) {
        out.extend(
            milestone_submission_issues::table
                .filter(milestone_submission_issues::submission_id.eq_any(chunk))
                .select((milestone_submission_issues::submission_id, milestone_submission_issues::issue_id))
                .load::<(SubmissionId, IssueId)>(conn)?,
        );
    }
    Ok(out)
}

/// Marks a reminder as sent; `false` when it already was (by this server or another).
pub fn claim_reminder(
    conn: &mut DbConnection,
    milestone: &MilestoneId,
    group: &GroupId,
    unit: &UnitId,
    kind: ReminderKind,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    use diesel::sql_types::{Text, Timestamp};
    let n = diesel::sql_query(
        "INSERT INTO milestone_reminders (milestone_id, group_id, unit_id, kind, created_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (milestone_id, group_id, unit_id, kind) DO NOTHING",
    )
    .bind::<Text, _>(milestone.as_str())
    .bind::<Text, _>(group.as_str())
    .bind::<Text, _>(unit.as_str())
    .bind::<Text, _>(kind.code())
    .bind::<Timestamp, _>(now)
    .execute(conn)?;
    Ok(n == 1)
}

/// The reminders sent for a milestone: (group, unit, kind).
pub fn reminders(conn: &mut DbConnection, milestone: &MilestoneId) -> QueryResult<Vec<(String, String, ReminderKind)>> {
    milestone_reminders::table
        .filter(milestone_reminders::milestone_id.eq(milestone))
        .select((milestone_reminders::group_id, milestone_reminders::unit_id, milestone_reminders::kind))
        .load(conn)
}

/// The active users of `unit` who may file for it in `group`: those leading the group, and for a
/// member unit those holding the `unit` role too.
pub fn slot_users(conn: &mut DbConnection, group: &GroupId, unit: &UnitId, member: bool) -> QueryResult<Vec<UserId>> {
    let leads = user_roles::role.eq(Role::GroupLead).and(user_roles::group_id.eq(group.clone()));
    let mut q = users::table
        .inner_join(user_roles::table)
        .filter(users::active.eq(true))
        .filter(users::unit_id.eq(unit))
        .select(users::id)
        .distinct()
        .into_boxed();
    q = if member {
        q.filter(leads.or(user_roles::role.eq(Role::Unit).and(user_roles::group_id.is_null())))
    } else {
        q.filter(leads)
    };
    q.load(conn)
}

/// Number and title of each of `ids` (those that exist).
pub fn issue_labels(conn: &mut DbConnection, ids: &[IssueId]) -> QueryResult<Vec<(IssueId, String, String)>> {
    let mut out = Vec::new();
    for chunk in ids.chunks(500) {
        out.extend(
            issues::table
                .filter(issues::id.eq_any(chunk))
                .select((issues::id, issues::number, issues::title))
                .load::<(IssueId, String, String)>(conn)?,
        );
    }
    Ok(out)
}
