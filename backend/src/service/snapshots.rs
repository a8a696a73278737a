//! 统计快照: what the dispatch workbook (调度会报表) shows for a campaign on a day, stored once
//! that day by the snapshot job. A report for a past date and the 上期 column read the stored
//! snapshot, so that a report printed last week can be printed again exactly as it was; the
//! past is never recomputed from today's data (a missing day answers 422 naming the date).
//!
//! A snapshot holds the whole district's figures per (work group, responsible unit) and the
//! overdue list; a caller's report shows the rows of its data scope ([`DispatchData::visible_to`]).

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::{
    audit::{self, Actor, Entry, RequestMeta},
    clock::Clock,
    db::{CampaignId, DbConnection, GroupId, IssueId, UnitId},
    domain::{
        campaign,
        lifecycle::{ClosureKind, State},
        permissions::IssueScope,
        warning::Warning,
    },
    error::ApiError,
    service::issues::plans,
    store::{
        self,
        campaigns::Campaign,
        issues::{Issue, ListFilter, Sort, Visibility},
        snapshots::Snapshot,
    },
};

/// Counts and money of a set of problems. Dismissed problems (不予立项) are counted apart and in
/// no other figure.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figures {
    pub total: i64,
    pub closed: i64,
    pub dismissed: i64,
    pub overdue: i64,
    pub amount_involved_fen: i64,
    pub amount_resolved_fen: i64,
}

impl std::ops::AddAssign for Figures {
    fn add_assign(&mut self, o: Self) {
        self.total += o.total;
        self.closed += o.closed;
        self.dismissed += o.dismissed;
        self.overdue += o.overdue;
        self.amount_involved_fen += o.amount_involved_fen;
        self.amount_resolved_fen += o.amount_resolved_fen;
    }
}

/// The figures of one (work group, responsible unit); `unit_id` is null for problems not yet
/// assigned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitRow {
    pub group_id: GroupId,
    pub group_name: String,
    pub unit_id: Option<UnitId>,
    pub unit_name: String,
    #[serde(flatten)]
    pub figures: Figures,
}

/// The problem a list row of the snapshot is about, as the report prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProblemLine {
    pub issue_id: IssueId,
    pub number: String,
    pub title: String,
    pub group_id: GroupId,
    pub group_name: String,
    pub unit_id: Option<UnitId>,
    pub unit_name: String,
    /// The state's Chinese label, as printed.
    pub state: String,
}

impl ProblemLine {
    fn of(i: &Issue, group_name: &impl Fn(&GroupId) -> String, unit_name: &impl Fn(Option<&UnitId>) -> String) -> Self {
        ProblemLine {
            issue_id: i.id.clone(),
            number: i.number.clone(),
            title: i.title.clone(),
            group_id: i.group_id.clone(),
            group_name: group_name(&i.group_id),
            unit_id: i.responsible_unit_id.clone(),
            unit_name: unit_name(i.responsible_unit_id.as_ref()),
            state: i.state.label().to_owned(),
        }
    }
}

/// A problem past its deadline on the snapshot's date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverdueRow {
    #[serde(flatten)]
    pub problem: ProblemLine,
    pub deadline: Option<NaiveDate>,
    pub days_overdue: i64,
}

/// A problem behind its repayment plan on the snapshot's date (分期逾期): its current plan has
/// an instalment past due and not fully paid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MissedRow {
    #[serde(flatten)]
    pub problem: ProblemLine,
    /// 欠款主体, when the facts name one.
    pub debtor_name: Option<String>,
    pub missed_instalments: usize,
    pub first_missed_on: NaiveDate,
    /// What the missed instalments still lack.
    pub missed_fen: i64,
}

/// Everything the dispatch workbook shows of a campaign on a date, names included (a unit
/// renamed later does not change a past report).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DispatchData {
    pub campaign_id: CampaignId,
    pub date: NaiveDate,
    /// The work groups in their order.
    pub groups: Vec<(GroupId, String)>,
    pub rows: Vec<UnitRow>,
    pub overdue: Vec<OverdueRow>,
    /// The problems behind their repayment plans; `None` in snapshots taken before the
    /// workbook had the sheet (a past report says so rather than showing none).
    #[serde(default)]
    pub missed: Option<Vec<MissedRow>>,
}

impl DispatchData {
    /// The part a caller's data scope covers: every row for the office and leaders; a group
    /// lead's groups and a unit's own rows otherwise (by work group and responsible unit).
    pub fn visible_to(mut self, v: &Visibility) -> Self {
        let (groups, unit): (Option<Vec<GroupId>>, Option<UnitId>) = match v {
            Visibility::Scope(IssueScope::All) => return self,
            Visibility::Scope(IssueScope::Limited { groups, unit }) => (Some(groups.clone()), unit.clone()),
            Visibility::Scope(IssueScope::Nothing)
            | Visibility::RegisteredBy { .. }
            | Visibility::RegisteredByClient(_) => (None, None),
        };
        let shows = |g: &GroupId, u: Option<&UnitId>| {
            groups.as_ref().is_some_and(|gs| gs.contains(g)) || (unit.is_some() && u == unit.as_ref())
        };
        self.rows.retain(|r| shows(&r.group_id, r.unit_id.as_ref()));
        self.overdue.retain(|r| shows(&r.problem.group_id, r.problem.unit_id.as_ref()));
        if let Some(missed) = &mut self.missed {
            missed.retain(|r| shows(&r.problem.group_id, r.problem.unit_id.as_ref()));
        }
        self
    }

    /// Sums of the rows by a key (`None` rows are left out).
    pub fn sum_by<K: Ord>(&self, key: impl Fn(&UnitRow) -> Option<K>) -> BTreeMap<K, Figures> {
        let mut out: BTreeMap<K, Figures> = BTreeMap::new();
        for r in &self.rows {
            if let Some(k) = key(r) {
                *out.entry(k).or_default() += r.figures;
            }
        }
        out
    }

    pub fn totals(&self) -> Figures {
        self.sum_by(|_| Some(())).remove(&()).unwrap_or_default()
    }
}

/// Computes a campaign's figures from the ledger as it is now, with `today` deciding what is
/// overdue.
pub fn compute(
    conn: &mut DbConnection,
    campaign: &Campaign,
    today: NaiveDate,
    window_days: i64,
) -> Result<DispatchData, ApiError> {
    let all = Visibility::Scope(IssueScope::All);
    let base = ListFilter { campaign_id: Some(campaign.id.clone()), today, window_days, ..Default::default() };
    let groups = store::groups::list(conn)?;
    let units: std::collections::HashMap<UnitId, String> =
        store::units::list(conn, true)?.into_iter().map(|u| (u.id, u.name)).collect();
    let group_name = |g: &GroupId| groups.iter().find(|x| &x.id == g).map(|x| x.name.clone()).unwrap_or_default();
    let unit_name = |u: Option<&UnitId>| u.and_then(|u| units.get(u).cloned()).unwrap_or_default();
    let mut per_key: BTreeMap<(GroupId, Option<UnitId>), Figures> = BTreeMap::new();
    for b in store::stats::buckets(conn, &all, &base)? {
        let f = per_key.entry((b.group_id.clone(), b.unit.clone())).or_default();
        match b.closure_kind {
            Some(ClosureKind::Duplicate | ClosureKind::Unfounded) => {
                f.dismissed += b.count;
                continue;
            }
            Some(ClosureKind::Rectified) => f.closed += b.count,
            None => {}
        }
        f.total += b.count;
        f.amount_involved_fen += b.involved;
        f.amount_resolved_fen += b.resolved;
    }
    let missed = missed_rows(conn, &all, &base, group_name, unit_name)?;
    let red = ListFilter { warning: Some(Warning::Red), ..base };
    for (g, u, _, n) in store::stats::counts(conn, &all, &red)? {
        per_key.entry((g, u)).or_default().overdue += n;
    }
    let overdue = store::issues::list(conn, &all, &red, Sort::DeadlineAsc, 0, 100_000)?
        .into_iter()
        .map(|i| OverdueRow {
            problem: ProblemLine::of(&i, &group_name, &unit_name),
            days_overdue: i.deadline.map(|d| (today - d).num_days()).unwrap_or(0),
            deadline: i.deadline,
        })
        .collect();
    let rows = per_key
        .into_iter()
        .map(|((group_id, unit_id), figures)| UnitRow {
            group_name: group_name(&group_id),
            unit_name: unit_name(unit_id.as_ref()),
            group_id,
            unit_id,
            figures,
        })
        .collect();
    Ok(DispatchData {
        campaign_id: campaign.id.clone(),
        date: today,
        groups: groups.iter().map(|g| (g.id.clone(), g.name.clone())).collect(),
        rows,
        overdue,
        missed: Some(missed),
    })
}

/// The campaign's problems behind their repayment plans (the list's `repayment=missed_instalment`
/// less the closed ones), the longest-missed first.
fn missed_rows(
    conn: &mut DbConnection,
    all: &Visibility,
    base: &ListFilter,
    group_name: impl Fn(&GroupId) -> String,
    unit_name: impl Fn(Option<&UnitId>) -> String,
) -> Result<Vec<MissedRow>, ApiError> {
    let behind = ListFilter { repayment_missed: true, ..base.clone() };
    let issues: Vec<_> = store::issues::list(conn, all, &behind, Sort::DeadlineAsc, 0, 100_000)?
        .into_iter()
        .filter(|i| i.state != State::Closed)
        .collect();
    let ids: Vec<IssueId> = issues.iter().map(|i| i.id.clone()).collect();
    let mut plans = store::plans::current_instalments_of(conn, &ids)?;
    let mut facts = store::facts::of_issues(conn, &ids)?;
    let mut rows: Vec<MissedRow> = issues
        .into_iter()
        .filter_map(|i| {
            let (missed_instalments, first_missed_on, missed_fen) =
                plans::shortfall(&plans.remove(&i.id)?, base.today)?;
            Some(MissedRow {
                problem: ProblemLine::of(&i, &group_name, &unit_name),
                debtor_name: facts.remove(&i.id).and_then(|f| f.debtor_name),
                missed_instalments,
                first_missed_on,
                missed_fen,
            })
        })
        .collect();
    rows.sort_by(|a, b| (a.first_missed_on, &a.problem.number).cmp(&(b.first_missed_on, &b.problem.number)));
    Ok(rows)
}

fn parse(s: Snapshot) -> Result<DispatchData, ApiError> {
    serde_json::from_str(&s.data_json).map_err(|e| {
        ApiError::internal(format!("stored snapshot {} {} is unreadable: {e}", s.campaign_id, s.snapshot_date))
    })
}

/// The figures of `date`: its stored snapshot; today's from the ledger when today has none
/// yet; 422 naming `field` for a past date without one, or a future date.
pub fn of_date(
    conn: &mut DbConnection,
    campaign: &Campaign,
    (date, field): (NaiveDate, &str),
    today: NaiveDate,
    window_days: i64,
) -> Result<DispatchData, ApiError> {
    if let Some(s) = store::snapshots::find(conn, &campaign.id, date)? {
        return parse(s);
    }
    match date.cmp(&today) {
        std::cmp::Ordering::Equal => compute(conn, campaign, today, window_days),
        std::cmp::Ordering::Greater => Err(ApiError::field(field, format!("{date} 晚于今天 ({today}), 还没有数据"))),
        std::cmp::Ordering::Less => Err(ApiError::field(
            field,
            format!("{date} 没有统计快照: 过去日期的报表只能用当天保存的快照生成, 不按今天的数据重算"),
        )),
    }
}

/// The latest stored snapshot on or before `date`, if any (the default 上期).
pub fn latest_until(
    conn: &mut DbConnection,
    campaign: &CampaignId,
    date: NaiveDate,
) -> Result<Option<DispatchData>, ApiError> {
    store::snapshots::latest_until(conn, campaign, date)?.map(parse).transpose()
}

/// Takes today's snapshot of every active campaign that has none yet, each with its audit
/// record in one transaction; answers how many were taken. Run by the snapshot job (one server
/// at a time) from the configured time of day.
pub fn take_due(conn: &mut DbConnection, clock: &Clock, window_days: i64) -> Result<usize, ApiError> {
    let today = clock.today();
    let mut taken = 0;
    for campaign in store::campaigns::list(conn)?.into_iter().filter(|c| campaign::receives(c.standing, c.state)) {
        taken += usize::from(take(conn, clock, &campaign, today, window_days)?);
    }
    Ok(taken)
}

/// One campaign's snapshot of `today`, unless it has one. The figures are computed in a read
/// snapshot and only stored under the write lock: at a million problems they take tens of
/// seconds, and SQLite has one writer, so computing them in the write transaction made every
/// other change (and the other jobs) wait, then fail with "database is locked".
fn take(
    conn: &mut DbConnection,
    clock: &Clock,
    campaign: &Campaign,
    today: NaiveDate,
    window_days: i64,
) -> Result<bool, ApiError> {
    if store::snapshots::find(conn, &campaign.id, today)?.is_some() {
        return Ok(false);
    }
    // The time is read before the snapshot begins: every change committed by then is in it.
    let taken_at = clock.now();
    let data = conn.snapshot_tx(|c| compute(c, campaign, today, window_days))?;
    conn.write_tx(|c| keep(c, campaign, (today, taken_at), &data))
}

/// Stores the campaign's snapshot of `today` unless there is one, in the caller's transaction
/// (closing a campaign freezes its figures so); answers whether it was taken.
pub fn freeze(
    conn: &mut DbConnection,
    clock: &Clock,
    campaign: &Campaign,
    today: NaiveDate,
    window_days: i64,
) -> Result<bool, ApiError> {
    if store::snapshots::find(conn, &campaign.id, today)?.is_some() {
        return Ok(false);
    }
    let data = compute(conn, campaign, today, window_days)?;
    keep(conn, campaign, (today, clock.now()), &data)
}

/// Stores `data` as the campaign's snapshot of `today`, taken at `taken_at`, with its audit
/// record, unless the campaign has one of that day (one taken while `data` was computed stays);
/// answers whether it was stored. In the caller's write transaction.
pub fn keep(
    conn: &mut DbConnection,
    campaign: &Campaign,
    (today, taken_at): (NaiveDate, NaiveDateTime),
    data: &DispatchData,
) -> Result<bool, ApiError> {
    if store::snapshots::find(conn, &campaign.id, today)?.is_some() {
        return Ok(false);
    }
    let data_json = serde_json::to_string(data).map_err(ApiError::internal)?;
    store::snapshots::insert(
        conn,
        &Snapshot { campaign_id: campaign.id.clone(), snapshot_date: today, taken_at, data_json },
    )?;
    let totals = data.totals();
    audit::append(
        conn,
        Entry::new(&Actor::system("snapshots"), &RequestMeta::internal(), "stats.snapshot", "campaign")
            .entity(&campaign.id)
            .after(serde_json::json!({
                "date": today,
                "rows": data.rows.len(),
                "overdue": data.overdue.len(),
                "total": totals.total,
                "closed": totals.closed,
            })),
    )?;
    Ok(true)
}
