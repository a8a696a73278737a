//! Daily snapshots of the dispatch figures: written once per campaign and date, never changed
//! (the tables refuse UPDATE and DELETE).

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::{CampaignId, DbConnection, schema::stat_snapshots};

#[derive(Debug, Clone, Queryable, Selectable, Insertable, PartialEq, Eq)]
#[diesel(table_name = stat_snapshots, treat_none_as_default_value = false)]
pub struct Snapshot {
    pub campaign_id: CampaignId,
    pub snapshot_date: NaiveDate,
    pub taken_at: NaiveDateTime,
    pub data_json: String,
}

pub fn find(conn: &mut DbConnection, campaign: &CampaignId, date: NaiveDate) -> QueryResult<Option<Snapshot>> {
    stat_snapshots::table.find((campaign, date)).select(Snapshot::as_select()).get_result(conn).optional()
}

/// The latest snapshot of the campaign on or before `date`.
pub fn latest_until(conn: &mut DbConnection, campaign: &CampaignId, date: NaiveDate) -> QueryResult<Option<Snapshot>> {
    stat_snapshots::table
        .filter(stat_snapshots::campaign_id.eq(campaign))
        .filter(stat_snapshots::snapshot_date.le(date))
        .order(stat_snapshots::snapshot_date.desc())
        .select(Snapshot::as_select())
        .first(conn)
        .optional()
}

pub fn insert(conn: &mut DbConnection, s: &Snapshot) -> QueryResult<()> {
    diesel::insert_into(stat_snapshots::table).values(s).execute(conn).map(|_| ())
}
