//! Campaigns (专项行动), their phases and milestones.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::{
    db::{
        CampaignId, DbConnection, IssueId, MilestoneId, PhaseId,
        schema::{campaign_milestones, campaign_phases, campaigns, issues},
    },
    domain::{
        campaign::{CampaignState, Deliverable},
        lifecycle::State,
        milestone::Submitters,
    },
};

#[derive(Debug, Clone, Queryable, Selectable, Insertable, serde::Serialize)]
#[diesel(table_name = campaigns, treat_none_as_default_value = false)]
pub struct Campaign {
    pub id: CampaignId,
    pub code: String,
    pub name: String,
    pub year: i32,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    /// Kept equal to "open and not standing" for readers of the previous release.
    pub active: bool,
    #[serde(serialize_with = "crate::db::types::utc_time::serialize")]
    pub created_at: NaiveDateTime,
    #[serde(serialize_with = "crate::db::types::utc_time::serialize")]
    pub updated_at: NaiveDateTime,
    pub state: CampaignState,
    /// The permanent 常态化监测 campaign.
    pub standing: bool,
    #[serde(serialize_with = "crate::db::types::utc_time::serialize_option")]
    pub closed_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, serde::Serialize)]
#[diesel(table_name = campaign_phases, treat_none_as_default_value = false)]
pub struct Phase {
    pub id: PhaseId,
    pub campaign_id: CampaignId,
    pub name: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub sort_order: i32,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, serde::Serialize)]
#[diesel(table_name = campaign_milestones, treat_none_as_default_value = false)]
pub struct Milestone {
    pub id: MilestoneId,
    pub campaign_id: CampaignId,
    pub phase_id: Option<PhaseId>,
    pub title: String,
    pub due_on: NaiveDate,
    pub sort_order: i32,
    pub deliverable: Deliverable,
    pub submitters: Submitters,
}

pub fn list(conn: &mut DbConnection) -> QueryResult<Vec<Campaign>> {
    campaigns::table.select(Campaign::as_select()).order(campaigns::starts_on.desc()).load(conn)
}

pub fn find(conn: &mut DbConnection, id: &CampaignId) -> QueryResult<Option<Campaign>> {
    campaigns::table.find(id).select(Campaign::as_select()).get_result(conn).optional()
}

pub fn find_by_code(conn: &mut DbConnection, code: &str) -> QueryResult<Option<Campaign>> {
    campaigns::table.filter(campaigns::code.eq(code)).select(Campaign::as_select()).get_result(conn).optional()
}

/// The campaign new problems belong to by default: the open one, else the standing campaign.
pub fn current(conn: &mut DbConnection) -> QueryResult<Option<Campaign>> {
    campaigns::table
        .filter(campaigns::state.eq(CampaignState::Open))
        .order(campaigns::standing.asc())
        .select(Campaign::as_select())
        .first(conn)
        .optional()
}

/// The open campaign (the standing one aside), if any.
pub fn open_one(conn: &mut DbConnection) -> QueryResult<Option<Campaign>> {
    campaigns::table
        .filter(campaigns::state.eq(CampaignState::Open))
        .filter(campaigns::standing.eq(false))
        .select(Campaign::as_select())
        .first(conn)
        .optional()
}

pub fn standing(conn: &mut DbConnection) -> QueryResult<Option<Campaign>> {
    campaigns::table.filter(campaigns::standing.eq(true)).select(Campaign::as_select()).first(conn).optional()
}

/// Moves a campaign to `state` (with `active` kept equal to "open").
pub fn set_state(
    conn: &mut DbConnection,
    id: &CampaignId,
    state: CampaignState,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    let closed_at = (state == CampaignState::Closed).then_some(now);
    diesel::update(campaigns::table.find(id))
        .set((
            campaigns::state.eq(state),
            campaigns::active.eq(state == CampaignState::Open),
            campaigns::closed_at.eq(closed_at),
            campaigns::updated_at.eq(now),
        ))
        .execute(conn)
}

/// The campaign's problems not yet closed (销号).
pub fn open_issue_ids(conn: &mut DbConnection, campaign: &CampaignId) -> QueryResult<Vec<IssueId>> {
    issues::table
        .filter(issues::campaign_id.eq(campaign))
        .filter(issues::state.ne(State::Closed))
        .order(issues::number)
        .select(issues::id)
        .load(conn)
}

pub fn insert(conn: &mut DbConnection, c: &Campaign, phases: &[Phase], milestones: &[Milestone]) -> QueryResult<()> {
    diesel::insert_into(campaigns::table).values(c).execute(conn)?;
    for p in phases {
        diesel::insert_into(campaign_phases::table).values(p).execute(conn)?;
    }
    for m in milestones {
        diesel::insert_into(campaign_milestones::table).values(m).execute(conn)?;
    }
    Ok(())
}

pub fn phases(conn: &mut DbConnection, campaign: &CampaignId) -> QueryResult<Vec<Phase>> {
    campaign_phases::table
        .filter(campaign_phases::campaign_id.eq(campaign))
        .order(campaign_phases::sort_order)
        .select(Phase::as_select())
        .load(conn)
}

pub fn milestones(conn: &mut DbConnection, campaign: &CampaignId) -> QueryResult<Vec<Milestone>> {
    campaign_milestones::table
        .filter(campaign_milestones::campaign_id.eq(campaign))
        .order((campaign_milestones::due_on, campaign_milestones::sort_order))
        .select(Milestone::as_select())
        .load(conn)
}

pub fn find_milestone(conn: &mut DbConnection, id: &MilestoneId) -> QueryResult<Option<Milestone>> {
    campaign_milestones::table.find(id).select(Milestone::as_select()).get_result(conn).optional()
}

/// The milestones of the campaigns open for registration (the standing campaign's too), for
/// the reminders.
pub fn open_milestones(conn: &mut DbConnection) -> QueryResult<Vec<Milestone>> {
    campaign_milestones::table
        .inner_join(campaigns::table)
        .filter(campaigns::state.eq(CampaignState::Open))
        .order(campaign_milestones::due_on)
        .select(Milestone::as_select())
        .load(conn)
}

/// Saves a campaign's name and dates.
pub fn save(conn: &mut DbConnection, c: &Campaign) -> QueryResult<usize> {
    diesel::update(campaigns::table.find(&c.id))
        .set((
            campaigns::name.eq(&c.name),
            campaigns::year.eq(c.year),
            campaigns::starts_on.eq(c.starts_on),
            campaigns::ends_on.eq(c.ends_on),
            campaigns::updated_at.eq(c.updated_at),
        ))
        .execute(conn)
}

/// Writes a milestone: updated when it exists, inserted otherwise.
pub fn save_milestone(conn: &mut DbConnection, m: &Milestone) -> QueryResult<()> {
    let n = diesel::update(campaign_milestones::table.find(&m.id))
        .set((
            campaign_milestones::title.eq(&m.title),
            campaign_milestones::due_on.eq(m.due_on),
            campaign_milestones::sort_order.eq(m.sort_order),
            campaign_milestones::deliverable.eq(m.deliverable),
            campaign_milestones::submitters.eq(m.submitters),
        ))
        .execute(conn)?;
    if n == 0 {
        diesel::insert_into(campaign_milestones::table).values(m).execute(conn)?;
    }
    Ok(())
}

/// Removes a milestone nobody has filed for (its reminders go with it).
pub fn delete_milestone(conn: &mut DbConnection, id: &MilestoneId) -> QueryResult<()> {
    use crate::db::schema::milestone_reminders;
    diesel::delete(milestone_reminders::table.filter(milestone_reminders::milestone_id.eq(id))).execute(conn)?;
    diesel::delete(campaign_milestones::table.find(id)).execute(conn)?;
    Ok(())
}
