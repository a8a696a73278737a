//! Statistics (scoped to the caller's data scope): overview, trend, units with their score.
//! Every figure is computed over the same filter as the ledger list.

use std::collections::{BTreeMap, HashMap};

use actix_web::{HttpResponse, get, web};
use chrono::{Datelike, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::{
    api::state::AppState,
    auth::Principal,
    clock::{shanghai_day_end, shanghai_day_start},
    db::{CampaignId, DbConnection, GroupId, UnitId},
    domain::{
        lifecycle::{State, Step},
        permissions::Permission,
        score::{self, Counts, Deduction, Weights},
        warning::Warning,
    },
    error::{ApiError, Problem},
    service::scope::visibility_of,
    store::{
        self,
        issues::{ListFilter, Visibility},
    },
};

#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatsQuery {
    pub campaign_id: Option<CampaignId>,
    pub group_id: Option<GroupId>,
    /// Responsible or cooperating unit.
    pub unit_id: Option<UnitId>,
    pub category: Option<String>,
    pub source: Option<String>,
    /// Problems registered on or after this date (Asia/Shanghai).
    pub from: Option<NaiveDate>,
    /// Problems registered on or before this date (Asia/Shanghai).
    pub to: Option<NaiveDate>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CountItem {
    #[schema(example = "rectifying")]
    pub code: String,
    #[schema(example = "整改")]
    pub label: String,
    pub count: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GroupStat {
    pub group_id: GroupId,
    pub name: String,
    pub total: i64,
    pub closed: i64,
    pub overdue: i64,
    pub amount_involved_fen: i64,
    pub amount_resolved_fen: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Overview {
    pub total: i64,
    pub by_state: Vec<CountItem>,
    pub by_group: Vec<GroupStat>,
    pub by_category: Vec<CountItem>,
    pub by_source: Vec<CountItem>,
    /// `none`, `yellow`, `red`.
    pub by_warning: Vec<CountItem>,
    pub amount_involved_fen: i64,
    pub amount_resolved_fen: i64,
    /// 清偿率: resolved / involved; null when nothing is involved.
    pub repayment_rate: Option<f64>,
    /// Closed in any way.
    pub closed: i64,
    /// closed / total; null when there is nothing.
    pub closure_rate: Option<f64>,
    /// Closed as rectified (销号 after verification).
    pub closed_rectified: i64,
    /// Of those, closed on or before the deadline (Asia/Shanghai date).
    pub closed_on_time: i64,
    pub on_time_rate: Option<f64>,
    /// Mean days from registration to closure of rectified problems.
    pub average_days_to_close: Option<f64>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct UnitStat {
    pub unit_id: UnitId,
    pub unit_name: String,
    /// Problems the unit is responsible for.
    pub assigned: i64,
    pub open: i64,
    pub closed: i64,
    /// Past the deadline and not yet reported complete.
    pub overdue: i64,
    pub closed_on_time: i64,
    pub late_closures: i64,
    pub rejections: i64,
    pub reopenings: i64,
    pub urges: i64,
    /// Of the above, problems the unit found itself (no deductions).
    pub self_reported: i64,
    /// 履约评分: 100 minus the deductions (see docs/scoring.md).
    pub score: f64,
    /// Why the score is what it is.
    pub deductions: Vec<Deduction>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct UnitsReport {
    pub weights: Weights,
    pub units: Vec<UnitStat>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TrendPoint {
    /// `2024-W27` or `2024-07`.
    #[schema(example = "2024-W27")]
    pub period: String,
    pub start: NaiveDate,
    pub registered: i64,
    pub closed: i64,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TrendQuery {
    /// `week` (default) or `month`.
    pub interval: Option<Interval>,
}

#[derive(Debug, Clone, Copy, Deserialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Interval {
    Week,
    Month,
}

pub fn stats_filter(q: &StatsQuery, today: NaiveDate, window_days: i64) -> Result<ListFilter, ApiError> {
    // An inverted range (`to` before `from`) matches nothing, like any empty intersection.
    Ok(ListFilter {
        group_id: q.group_id.clone(),
        unit_id: q.unit_id.clone(),
        category: q.category.clone().filter(|s| !s.is_empty()),
        source: q.source.clone().filter(|s| !s.is_empty()),
        campaign_id: q.campaign_id.clone(),
        created_from: q.from.map(shanghai_day_start),
        created_to: q.to.and_then(shanghai_day_end),
        today,
        window_days,
        ..Default::default()
    })
}

fn rate(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| ((part as f64 / whole as f64) * 10_000.0).round() / 10_000.0)
}

/// Whether a closure was on time: closed on or before the deadline's day (Asia/Shanghai).
pub fn on_time(closed_at: NaiveDateTime, deadline: Option<NaiveDate>) -> bool {
    let closed_day = closed_at.and_utc().with_timezone(&chrono_tz::Asia::Shanghai).date_naive();
    deadline.is_some_and(|d| closed_day <= d)
}

fn labels(conn: &mut DbConnection, kind: &str) -> Result<HashMap<String, String>, ApiError> {
    Ok(store::dictionaries::list(conn)?.into_iter().filter(|d| d.kind == kind).map(|d| (d.code, d.label)).collect())
}

fn count_items(map: BTreeMap<String, i64>, labels: &HashMap<String, String>) -> Vec<CountItem> {
    map.into_iter()
        .map(|(code, count)| CountItem {
            label: labels.get(&code).cloned().unwrap_or_else(|| code.clone()),
            code,
            count,
        })
        .collect()
}

pub fn overview(conn: &mut DbConnection, v: &Visibility, f: &ListFilter) -> Result<Overview, ApiError> {
    let buckets = store::stats::buckets(conn, v, f)?;
    let red_f = ListFilter { warning: Some(Warning::Red), ..f.clone() };
    let yellow_f = ListFilter { warning: Some(Warning::Yellow), ..f.clone() };
    let red = store::stats::counts(conn, v, &red_f)?;
    let yellow: i64 = store::stats::counts(conn, v, &yellow_f)?.iter().map(|r| r.3).sum();
    let closures = store::stats::closures(conn, v, f)?;
    let groups = store::groups::list(conn)?;

    let total: i64 = buckets.iter().map(|b| b.count).sum();
    let mut by_state: BTreeMap<String, i64> = BTreeMap::new();
    let mut by_category: BTreeMap<String, i64> = BTreeMap::new();
    let mut by_source: BTreeMap<String, i64> = BTreeMap::new();
    let mut per_group: HashMap<GroupId, GroupStat> = HashMap::new();
    for b in &buckets {
        *by_state.entry(b.state.code().to_owned()).or_default() += b.count;
        *by_category.entry(b.category.clone()).or_default() += b.count;
        *by_source.entry(b.source.clone()).or_default() += b.count;
        let g = per_group.entry(b.group_id.clone()).or_insert_with(|| GroupStat {
            group_id: b.group_id.clone(),
            name: groups.iter().find(|x| x.id == b.group_id).map(|x| x.name.clone()).unwrap_or_default(),
            total: 0,
            closed: 0,
            overdue: 0,
            amount_involved_fen: 0,
            amount_resolved_fen: 0,
        });
        g.total += b.count;
        if b.state == State::Closed {
            g.closed += b.count;
        }
        g.amount_involved_fen += b.involved;
        g.amount_resolved_fen += b.resolved;
    }
    for (group, _, _, n) in &red {
        if let Some(g) = per_group.get_mut(group) {
            g.overdue += n;
        }
    }
    let red_total: i64 = red.iter().map(|r| r.3).sum();
    let state_items = State::ALL
        .iter()
        .map(|s| CountItem {
            code: s.code().into(),
            label: s.label().into(),
            count: by_state.get(s.code()).copied().unwrap_or(0),
        })
        .collect();
    let mut by_group: Vec<GroupStat> = per_group.into_values().collect();
    by_group.sort_by_key(|g| groups.iter().position(|x| x.id == g.group_id));
    let involved: i64 = buckets.iter().map(|b| b.involved).sum();
    let resolved: i64 = buckets.iter().map(|b| b.resolved).sum();
    let closed = by_state.get("closed").copied().unwrap_or(0);
    let closed_on_time = closures.iter().filter(|c| c.closed_at.is_some_and(|t| on_time(t, c.deadline))).count() as i64;
    let days: Vec<f64> = closures
        .iter()
        .filter_map(|c| c.closed_at.map(|t| (t - c.created_at).num_seconds() as f64 / 86_400.0))
        .collect();
    Ok(Overview {
        total,
        by_state: state_items,
        by_group,
        by_category: count_items(by_category, &labels(conn, "category")?),
        by_source: count_items(by_source, &labels(conn, "source")?),
        by_warning: [Warning::None, Warning::Yellow, Warning::Red]
            .iter()
            .map(|w| CountItem {
                code: w.code().into(),
                label: w.label().into(),
                count: match w {
                    Warning::Red => red_total,
                    Warning::Yellow => yellow,
                    Warning::None => total - red_total - yellow,
                },
            })
            .collect(),
        amount_involved_fen: involved,
        amount_resolved_fen: resolved,
        repayment_rate: rate(resolved, involved),
        closed,
        closure_rate: rate(closed, total),
        closed_rectified: closures.len() as i64,
        closed_on_time,
        on_time_rate: rate(closed_on_time, closures.len() as i64),
        average_days_to_close: (!days.is_empty())
            .then(|| (days.iter().sum::<f64>() / days.len() as f64 * 10.0).round() / 10.0),
    })
}

pub fn units(
    conn: &mut DbConnection,
    v: &Visibility,
    f: &ListFilter,
    weights: Weights,
) -> Result<Vec<UnitStat>, ApiError> {
    let buckets = store::stats::buckets(conn, v, f)?;
    let red = store::stats::counts(conn, v, &ListFilter { warning: Some(Warning::Red), ..f.clone() })?;
    let closures = store::stats::closures(conn, v, f)?;
    let rejections = store::stats::transition_counts(conn, v, f, Step::Reject)?;
    let reopenings = store::stats::transition_counts(conn, v, f, Step::Reopen)?;
    let urges = store::stats::urge_counts(conn, v, f)?;
    let names: HashMap<UnitId, String> = store::units::list(conn, true)?.into_iter().map(|u| (u.id, u.name)).collect();

    #[derive(Default)]
    struct Acc {
        assigned: i64,
        open: i64,
        closed: i64,
        overdue: i64,
        on_time: i64,
        late: i64,
        rejections: i64,
        reopenings: i64,
        urges: i64,
        self_reported: i64,
        counted: Counts,
    }
    let mut acc: HashMap<UnitId, Acc> = HashMap::new();
    // Self-found problems are never held against the unit (the plan: 自查的问题不作为考核扣分项).
    let counts_against = |source: &str| source != "self_inspection";
    for b in buckets.iter() {
        let Some(u) = &b.unit else { continue };
        let a = acc.entry(u.clone()).or_default();
        a.assigned += b.count;
        if b.state == State::Closed {
            a.closed += b.count;
        } else {
            a.open += b.count;
        }
        if !counts_against(&b.source) {
            a.self_reported += b.count;
        }
    }
    for (_, unit, source, n) in &red {
        let Some(u) = unit else { continue };
        let a = acc.entry(u.clone()).or_default();
        a.overdue += n;
        if counts_against(source) {
            a.counted.overdue += n;
        }
    }
    for c in &closures {
        let (Some(u), Some(t)) = (&c.unit, c.closed_at) else { continue };
        let a = acc.entry(u.clone()).or_default();
        if on_time(t, c.deadline) {
            a.on_time += 1;
        } else {
            a.late += 1;
            if counts_against(&c.source) {
                a.counted.late_closures += 1;
            }
        }
    }
    for (list, which) in [(&rejections, 0), (&reopenings, 1), (&urges, 2)] {
        for (_, unit, source, n) in list {
            let Some(u) = unit else { continue };
            let a = acc.entry(u.clone()).or_default();
            match which {
                0 => {
                    a.rejections += n;
                    if counts_against(source) {
                        a.counted.rejections += n;
                    }
                }
                1 => {
                    a.reopenings += n;
                    if counts_against(source) {
                        a.counted.reopenings += n;
                    }
                }
                _ => a.urges += n,
            }
        }
    }
    let mut out: Vec<UnitStat> = acc
        .into_iter()
        .map(|(unit_id, a)| {
            let (score, deductions) = score::score(a.counted, weights);
            UnitStat {
                unit_name: names.get(&unit_id).cloned().unwrap_or_default(),
                unit_id,
                assigned: a.assigned,
                open: a.open,
                closed: a.closed,
                overdue: a.overdue,
                closed_on_time: a.on_time,
                late_closures: a.late,
                rejections: a.rejections,
                reopenings: a.reopenings,
                urges: a.urges,
                self_reported: a.self_reported,
                score,
                deductions,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.score.total_cmp(&a.score).then(b.assigned.cmp(&a.assigned)).then(a.unit_name.cmp(&b.unit_name))
    });
    Ok(out)
}

fn period_of(d: NaiveDate, interval: Interval) -> (String, NaiveDate) {
    match interval {
        Interval::Week => {
            let w = d.iso_week();
            let start = d - chrono::Duration::days(d.weekday().num_days_from_monday() as i64);
            (format!("{}-W{:02}", w.year(), w.week()), start)
        }
        Interval::Month => (format!("{}-{:02}", d.year(), d.month()), d.with_day(1).expect("day 1")),
    }
}

fn shanghai_date(t: NaiveDateTime) -> NaiveDate {
    t.and_utc().with_timezone(&chrono_tz::Asia::Shanghai).date_naive()
}

pub fn trend(
    conn: &mut DbConnection,
    v: &Visibility,
    f: &ListFilter,
    interval: Interval,
) -> Result<Vec<TrendPoint>, ApiError> {
    let times = store::stats::times(conn, v, f)?;
    let mut points: BTreeMap<NaiveDate, TrendPoint> = BTreeMap::new();
    let mut bump = |d: NaiveDate, closed: bool| {
        let (period, start) = period_of(d, interval);
        let p = points.entry(start).or_insert(TrendPoint { period, start, registered: 0, closed: 0 });
        if closed {
            p.closed += 1;
        } else {
            p.registered += 1;
        }
    };
    for (created, closed) in times {
        bump(shanghai_date(created), false);
        if let Some(c) = closed {
            bump(shanghai_date(c), true);
        }
    }
    // Fill empty periods so that charts show gaps as zero.
    let mut out: Vec<TrendPoint> = Vec::new();
    if let (Some(first), Some(last)) = (points.keys().next().copied(), points.keys().last().copied()) {
        let mut d = first;
        while d <= last {
            let (period, start) = period_of(d, interval);
            out.push(points.remove(&start).unwrap_or(TrendPoint { period, start, registered: 0, closed: 0 }));
            d = match interval {
                Interval::Week => start + chrono::Duration::days(7),
                Interval::Month => {
                    if start.month() == 12 {
                        NaiveDate::from_ymd_opt(start.year() + 1, 1, 1).expect("date")
                    } else {
                        NaiveDate::from_ymd_opt(start.year(), start.month() + 1, 1).expect("date")
                    }
                }
            };
        }
    }
    Ok(out)
}

/// 统计总览
///
/// Counts by state and group, warnings, and money involved versus resolved (清偿率), within the caller's data scope and the filters.
#[utoipa::path(
    tag = "stats",
    operation_id = "statsOverview",
    params(StatsQuery),
    responses(
        (status = 200, description = "按状态、工作组、类别、来源、预警统计, 金额与清偿率, 销号率, 按期销号率", body = Overview),
        (status = 403, description = "角色无权查看统计", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "查询参数有误", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = [])),
)]
#[get("/stats/overview")]
pub async fn stats_overview(
    state: web::Data<AppState>,
    principal: Principal,
    query: web::Query<StatsQuery>,
) -> Result<HttpResponse, ApiError> {
    principal.require(Permission::ReadStatistics)?;
    let f = stats_filter(&query, state.clock.today(), state.config.warning_days)?;
    let result = state.db(move |conn| overview(conn, &visibility_of(&principal), &f)).await?;
    Ok(HttpResponse::Ok().json(result))
}

/// 登记与销号趋势
///
/// Problems registered and closed per week or month, empty periods included as zero.
#[utoipa::path(
    tag = "stats",
    operation_id = "statsTrend",
    params(StatsQuery, TrendQuery),
    responses(
        (status = 200, description = "每周或每月登记数与销号数", body = Vec<TrendPoint>),
        (status = 403, description = "角色无权查看统计", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "查询参数有误", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = [])),
)]
#[get("/stats/trend")]
pub async fn stats_trend(
    state: web::Data<AppState>,
    principal: Principal,
    query: web::Query<StatsQuery>,
    trend_query: web::Query<TrendQuery>,
) -> Result<HttpResponse, ApiError> {
    principal.require(Permission::ReadStatistics)?;
    let f = stats_filter(&query, state.clock.today(), state.config.warning_days)?;
    let interval = trend_query.interval.unwrap_or(Interval::Week);
    let result = state.db(move |conn| trend(conn, &visibility_of(&principal), &f, interval)).await?;
    Ok(HttpResponse::Ok().json(result))
}

/// 单位履约评分
///
/// Per responsible unit: assigned, closed, open, overdue, closed on time, rejections,
/// reopenings, urges, and the score with each deduction explained. Problems the unit found
/// itself (`self_inspection`) bring no deductions.
#[utoipa::path(
    tag = "stats",
    operation_id = "statsUnits",
    params(StatsQuery),
    responses(
        (status = 200, description = "各责任单位的统计与评分", body = UnitsReport),
        (status = 403, description = "角色无权查看统计", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "查询参数有误", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = [])),
)]
#[get("/stats/units")]
pub async fn stats_units(
    state: web::Data<AppState>,
    principal: Principal,
    query: web::Query<StatsQuery>,
) -> Result<HttpResponse, ApiError> {
    principal.require(Permission::ReadStatistics)?;
    let f = stats_filter(&query, state.clock.today(), state.config.warning_days)?;
    let weights = state.config.score_weights;
    let result = state
        .db(move |conn| Ok(UnitsReport { weights, units: units(conn, &visibility_of(&principal), &f, weights)? }))
        .await?;
    Ok(HttpResponse::Ok().json(result))
}

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(stats_overview).service(stats_trend).service(stats_units);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods() {
        let d: NaiveDate = "2024-07-03".parse().unwrap(); // a Wednesday
        assert_eq!(period_of(d, Interval::Week), ("2024-W27".into(), "2024-07-01".parse().unwrap()));
        assert_eq!(period_of(d, Interval::Month), ("2024-07".into(), "2024-07-01".parse().unwrap()));
        let jan1: NaiveDate = "2021-01-01".parse().unwrap(); // ISO week 53 of 2020
        assert_eq!(period_of(jan1, Interval::Week).0, "2020-W53");
    }

    #[test]
    fn on_time_uses_the_shanghai_day() {
        let deadline: NaiveDate = "2024-07-10".parse().unwrap();
        // 15:59 UTC on the 10th is 23:59 in Shanghai: on time; 16:00 UTC is the 11th: late.
        assert!(on_time("2024-07-10T15:59:00".parse().unwrap(), Some(deadline)));
        assert!(!on_time("2024-07-10T16:00:00".parse().unwrap(), Some(deadline)));
        assert!(!on_time("2024-07-01T00:00:00".parse().unwrap(), None));
    }

    #[test]
    fn rates() {
        assert_eq!(rate(1, 3), Some(0.3333));
        assert_eq!(rate(0, 0), None);
    }
}
