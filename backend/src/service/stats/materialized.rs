//! The statistics use cases, answered from materialized figures (#24).
//!
//! Each question (the caller's data scope, the filter, which figures) keeps its last answer in
//! `stats_materialized`, with the audit chain's head it reflects. `domain::stats_freshness`
//! decides whether a stored answer is served (stating its time in `as_of`) or computed again;
//! the `stats_refresh` job recomputes the questions still being asked after each change, so a
//! busy district's dashboard is read, not computed, and a quiet one's is always current.
//! Nothing else reads the table: an answer is a cache of `overview_of`, `trend_of`, `units_of`.
//! The overview and the trend of a question the maintained sums can answer are taken from them
//! instead (`sums`), exact at every moment.

use std::time::{Duration as StdDuration, Instant};

use chrono::{Duration, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize, de::DeserializeOwned};
use sha2::{Digest, Sha256};
use utoipa::ToSchema;

use super::{Interval, Overview, TrendReport, UnitsReport, overview_of, trend::trend_of, units_of};
use crate::{
    clock::Clock,
    db::{CampaignId, DbConnection, GroupId, UnitId},
    domain::{
        permissions::Permission,
        score::Weights,
        stats_freshness::{self, Clocked, Policy, Serve, Stored},
    },
    error::ApiError,
    service::Context,
    store::{
        self,
        issues::{ListFilter, Visibility},
        stats_materialized::Entry,
    },
};

/// Bumped whenever a stored answer's shape changes, so that an upgraded server never reads an
/// answer of the old shape (it asks a new question instead).
const FORMAT: u32 = 1;

/// How often a served question notes that it was asked (one write a minute at most).
const TOUCH_EVERY: Duration = Duration::minutes(1);

/// Questions not asked for a week are forgotten; until then the refresh job keeps them as
/// `stats_freshness::refresh_due` says.
const FORGOTTEN_AFTER: Duration = Duration::days(7);

/// What the statistics are of, besides the caller's scope.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatsFilter {
    pub campaign_id: Option<CampaignId>,
    pub group_id: Option<GroupId>,
    /// Responsible or cooperating unit.
    pub unit_id: Option<UnitId>,
    pub category: Option<String>,
    pub source: Option<String>,
    /// UTC bounds of the registration time.
    pub created_from: Option<NaiveDateTime>,
    pub created_to: Option<NaiveDateTime>,
}

impl StatsFilter {
    /// The ledger list's filter for these statistics on `today`.
    fn on(&self, today: NaiveDate, window_days: i64) -> ListFilter {
        ListFilter {
            campaign_id: self.campaign_id.clone(),
            group_id: self.group_id.clone(),
            unit_id: self.unit_id.clone(),
            category: self.category.clone(),
            source: self.source.clone(),
            created_from: self.created_from,
            created_to: self.created_to,
            today,
            window_days,
            ..Default::default()
        }
    }
}

/// Whose score: every unit in the caller's scope, or the caller's own unit only.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum UnitsOf {
    #[default]
    Scope,
    Mine,
}

/// Which figures a question asks for.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum Figures {
    Overview,
    Trend { interval: Interval },
    Units { weights: Weights },
}

/// One statistics question; its JSON is the key of its answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Question {
    format: u32,
    visibility: Visibility,
    filter: StatsFilter,
    window_days: i64,
    figures: Figures,
}

impl Question {
    /// The caller's question; 403 for a role without statistics.
    fn of(cx: &Context, filter: StatsFilter, figures: Figures) -> Result<Self, ApiError> {
        cx.principal.require(Permission::ReadStatistics)?;
        Ok(Self { format: FORMAT, visibility: cx.visibility(), filter, window_days: cx.warning_days, figures })
    }

    fn clocked(&self) -> Clocked {
        match self.figures {
            Figures::Units { .. } => Clocked::ByTime,
            Figures::Overview | Figures::Trend { .. } => Clocked::ByDay,
        }
    }

    /// The answer computed now, as JSON.
    fn compute(&self, conn: &mut DbConnection, (today, now): (NaiveDate, NaiveDateTime)) -> Result<String, ApiError> {
        let (v, f) = (&self.visibility, &self.filter.on(today, self.window_days));
        let json = match self.figures {
            Figures::Overview => serde_json::to_string(&overview_of(conn, (v, f), now)?),
            Figures::Trend { interval } => serde_json::to_string(&trend_of(conn, (v, f), interval, now)?),
            Figures::Units { weights } => serde_json::to_string(&UnitsReport {
                as_of: now.and_utc(),
                weights,
                units: units_of(conn, v, f, weights, now)?,
            }),
        };
        json.map_err(ApiError::internal)
    }
}

/// An answer that states the time its figures are of.
trait Answer: Serialize + DeserializeOwned {
    fn set_as_of(&mut self, as_of: NaiveDateTime);
}

impl Answer for Overview {
    fn set_as_of(&mut self, as_of: NaiveDateTime) {
        self.as_of = as_of.and_utc();
    }
}

impl Answer for TrendReport {
    fn set_as_of(&mut self, as_of: NaiveDateTime) {
        self.as_of = as_of.and_utc();
    }
}

impl Answer for UnitsReport {
    fn set_as_of(&mut self, as_of: NaiveDateTime) {
        self.as_of = as_of.and_utc();
    }
}

impl Entry {
    fn stored(&self) -> Stored {
        Stored {
            for_day: self.for_day,
            audit_seq: self.audit_seq,
            computed_at: self.computed_at,
            compute_ms: self.compute_ms,
        }
    }
}

/// 统计总览: counts by state, group, category, source and warning; money and the rates.
pub fn overview(
    conn: &mut DbConnection,
    cx: &Context,
    filter: StatsFilter,
    policy: &Policy,
) -> Result<Overview, ApiError> {
    let q = Question::of(cx, filter, Figures::Overview)?;
    // The maintained sums answer every scope's questions exactly, now (see `SumsKey::of`).
    let f = q.filter.on(cx.clock.today(), q.window_days);
    if let Some(o) = super::sums::overview_from_sums(conn, (&q.visibility, &f), cx.clock.now())? {
        return Ok(o);
    }
    answer(conn, cx, q, policy)
}

/// 登记与销号趋势: registered and closed per period, empty periods included as zero.
pub fn trend(
    conn: &mut DbConnection,
    cx: &Context,
    filter: StatsFilter,
    interval: Interval,
    policy: &Policy,
) -> Result<TrendReport, ApiError> {
    let q = Question::of(cx, filter, Figures::Trend { interval })?;
    // The day sums answer every scope's trend exactly, now.
    let f = q.filter.on(cx.clock.today(), q.window_days);
    if let Some(t) = super::sums::trend_from_sums(conn, (&q.visibility, &f), interval, cx.clock.now())? {
        return Ok(t);
    }
    answer(conn, cx, q, policy)
}

/// 单位履约评分: per responsible unit, the figures and the score with each deduction. A user
/// without statistics (a unit's staff) sees its own unit's score, as with `unit=mine`: one
/// unit's figures, computed at once.
pub fn units(
    conn: &mut DbConnection,
    cx: &Context,
    (filter, of): (StatsFilter, UnitsOf),
    weights: Weights,
    policy: &Policy,
) -> Result<UnitsReport, ApiError> {
    if of == UnitsOf::Scope && cx.principal.can(Permission::ReadStatistics) {
        return answer(conn, cx, Question::of(cx, filter, Figures::Units { weights })?, policy);
    }
    cx.principal.require(Permission::ReadIssues)?;
    let (today, now) = (cx.clock.today(), cx.clock.now());
    let unit = cx.principal.unit_id.clone();
    let f = StatsFilter { unit_id: Some(unit.clone()), ..filter }.on(today, cx.warning_days);
    let mut units = units_of(conn, &cx.visibility(), &f, weights, now)?;
    units.retain(|u| u.unit_id == unit);
    Ok(UnitsReport { as_of: now.and_utc(), weights, units })
}

/// The stored answer when the policy serves it, else one computed now (and stored).
fn answer<T: Answer>(conn: &mut DbConnection, cx: &Context, q: Question, policy: &Policy) -> Result<T, ApiError> {
    let (today, now) = (cx.clock.today(), cx.clock.now());
    let request_json = serde_json::to_string(&q).map_err(ApiError::internal)?;
    let key = hex::encode(Sha256::digest(request_json.as_bytes()));
    let head = store::stats_materialized::audit_head(conn)?;
    if let Some(e) = store::stats_materialized::find(conn, &key)? {
        let decision = stats_freshness::serve(&e.stored(), head, (today, now), q.clocked(), policy);
        // An answer that no longer parses is computed again, like a missing one.
        if let (Serve::Stored { as_of }, Ok(mut figures)) = (decision, serde_json::from_str::<T>(&e.figures_json)) {
            if now - e.read_at >= TOUCH_EVERY {
                keep(conn.write_tx(|c| store::stats_materialized::touch(c, &key, now)));
            }
            figures.set_as_of(as_of);
            return Ok(figures);
        }
    }
    let entry = Entry { request_key: key, request_json, read_at: now, ..materialized(conn, &q, head, (today, now))? };
    keep(conn.write_tx(|c| store::stats_materialized::put(c, &entry)));
    serde_json::from_str(&entry.figures_json).map_err(ApiError::internal)
}

/// Storing an answer only saves work later: a request whose figures are computed is answered
/// even when the store fails (SQLite busy past its timeout behind a long import, say).
fn keep(stored: diesel::QueryResult<()>) {
    if let Err(e) = stored {
        log::warn!("statistics answer not stored: {e}");
    }
}

/// The answer to `q` computed now; every change up to `head` is in it.
fn materialized(
    conn: &mut DbConnection,
    q: &Question,
    head: i64,
    (today, now): (NaiveDate, NaiveDateTime),
) -> Result<Entry, ApiError> {
    let started = Instant::now();
    let figures_json = q.compute(conn, (today, now))?;
    Ok(Entry {
        request_key: String::new(),
        request_json: String::new(),
        figures_json,
        for_day: today,
        audit_seq: head,
        computed_at: now,
        compute_ms: i64::try_from(started.elapsed().as_millis()).unwrap_or(i64::MAX),
        read_at: now,
    })
}

/// The refresh job's run: recomputes the questions asked within a week whose answers are due
/// (`stats_freshness::refresh_due`), most recently asked first, until `budget` is spent; forgets
/// those not asked for a week. Answers how many were recomputed.
pub fn refresh_asked(
    conn: &mut DbConnection,
    clock: &Clock,
    policy: &Policy,
    budget: StdDuration,
) -> Result<usize, ApiError> {
    let started = Instant::now();
    let now = clock.now();
    conn.write_tx(|c| store::stats_materialized::forget_unasked(c, now - FORGOTTEN_AFTER))?;
    let mut refreshed = 0;
    for e in store::stats_materialized::asked_since(conn, now - FORGOTTEN_AFTER, 100)? {
        if started.elapsed() >= budget {
            break;
        }
        // A question of an earlier format is asked anew by the upgraded server, never refreshed.
        let Ok(q) = serde_json::from_str::<Question>(&e.request_json) else { continue };
        let (today, now, head) = (clock.today(), clock.now(), store::stats_materialized::audit_head(conn)?);
        if q.format != FORMAT || !stats_freshness::refresh_due(&e.stored(), e.read_at, head, (today, now), policy) {
            continue;
        }
        let fresh = Entry {
            request_key: e.request_key,
            request_json: e.request_json,
            read_at: e.read_at,
            ..materialized(conn, &q, head, (today, now))?
        };
        conn.write_tx(|c| store::stats_materialized::put(c, &fresh))?;
        refreshed += 1;
    }
    Ok(refreshed)
}
