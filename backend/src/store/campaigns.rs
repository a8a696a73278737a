//! Campaigns (专项行动), their phases and milestones.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::{
    CampaignId, DbConnection, MilestoneId, PhaseId,
    schema::{campaign_milestones, campaign_phases, campaigns},
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
    pub active: bool,
    #[serde(serialize_with = "crate::db::types::utc_time::serialize")]
    pub created_at: NaiveDateTime,
    #[serde(serialize_with = "crate::db::types::utc_time::serialize")]
    pub updated_at: NaiveDateTime,
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
}

pub fn list(conn: &mut DbConnection) -> QueryResult<Vec<Campaign>> {
    campaigns::table.select(Campaign::as_select()).order(campaigns::starts_on.desc()).load(conn)
}

pub fn find(conn: &mut DbConnection, id: &CampaignId) -> QueryResult<Option<Campaign>> {
    campaigns::table.find(id).select(Campaign::as_select()).first(conn).optional()
}

pub fn find_by_code(conn: &mut DbConnection, code: &str) -> QueryResult<Option<Campaign>> {
    campaigns::table.filter(campaigns::code.eq(code)).select(Campaign::as_select()).first(conn).optional()
}

/// The campaign new problems belong to by default: the latest active one.
pub fn current(conn: &mut DbConnection) -> QueryResult<Option<Campaign>> {
    campaigns::table
        .filter(campaigns::active.eq(true))
        .order(campaigns::starts_on.desc())
        .select(Campaign::as_select())
        .first(conn)
        .optional()
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
