//! Statistics (统计), scoped to the caller's data scope: overview, trend, units with their score.
//! Every figure is computed over the same filter as the ledger list.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

mod materialized;
mod outstanding;
mod sums;
mod trend;

pub use materialized::{StatsFilter, UnitsOf, overview, refresh_asked, trend, units};
pub use outstanding::{OutstandingArrears, OutstandingItem};
use outstanding::{OwedSums, owed_of};
pub use sums::{PENDING_LIMIT, count_from_sums, fold_shares, overview_from_sums, trend_from_sums};
pub use trend::{Interval, TrendPoint, TrendReport, trend_of};

use crate::{
    clock::shanghai_day_start,
    db::{DbConnection, GroupId, IssueId, UnitId},
    domain::{
        lifecycle::{ClosureKind, State, Step},
        permissions::Relation,
        repayment::{self, MoneyKind},
        score::{self, Counts, Deduction, Weights},
        warning::Warning,
    },
    error::ApiError,
    store::{
        self,
        groups::Group,
        issues::{ListFilter, Visibility},
        stats::{Bucket, ProblemFacts, ProblemMoney, VerificationTally},
    },
};

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CountItem {
    #[schema(example = "rectifying")]
    pub code: String,
    #[schema(example = "整改")]
    pub label: String,
    pub count: i64,
}

/// A rate with what it is a rate of, so that a report can show and check it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Rate {
    /// numerator / denominator, rounded to 4 places; null when the denominator is 0.
    #[schema(example = 0.4)]
    pub value: Option<f64>,
    #[schema(example = 6)]
    pub numerator: i64,
    #[schema(example = 15)]
    pub denominator: i64,
}

impl Rate {
    pub fn of(numerator: i64, denominator: i64) -> Self {
        Self { value: rate(numerator, denominator), numerator, denominator }
    }
}

/// The money of one rate's categories, from the payment records (#17). Dismissed problems
/// (不予立项) are in none of it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct MoneyStat {
    /// Problems of these categories counted.
    pub problems: i64,
    /// 应付 / 应兑现 / 应拨: Σ amount due (the fact when given, else the amount involved), in fen.
    pub due_fen: i64,
    /// Paid: Σ records other than 协商减免 (corrections included), in fen.
    pub paid_fen: i64,
    /// 协商减免: counts as resolved (化解) but is shown apart; it does not shrink `due_fen`.
    pub negotiated_fen: i64,
    /// 未化解: Σ per problem of what is still due (never below 0), in fen; `due_fen − rate.numerator`.
    pub outstanding_fen: i64,
    /// resolved / due: the numerator is Σ per problem of paid + 协商减免 up to its amount due (an
    /// overpayment does not make up for another problem), the denominator `due_fen`.
    pub rate: Rate,
}

/// The money of some problems of one category, summed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct MoneySum {
    problems: i64,
    due: i64,
    paid: i64,
    negotiated: i64,
    /// What counts as resolved in a rate (`ProblemMoney::counted`).
    counted: i64,
}

impl MoneySum {
    fn of(p: &ProblemMoney) -> Self {
        Self { problems: 1, due: p.due, paid: p.paid(), negotiated: p.negotiated, counted: p.counted() }
    }
}

impl MoneyStat {
    fn add(&mut self, s: MoneySum) {
        self.problems += s.problems;
        self.due_fen += s.due;
        self.paid_fen += s.paid;
        self.negotiated_fen += s.negotiated;
        let counted = self.rate.numerator + s.counted;
        self.rate = Rate::of(counted, self.due_fen);
        self.outstanding_fen = self.due_fen - counted;
    }
}

/// 清偿率, 兑现率 and 拨付率, each of its own categories: arrears (`agency_arrears`,
/// `soe_arrears`), promises and policies (`investment_promise`, `policy`), funds (`funds`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct MoneyRates {
    /// 清偿率: arrears repaid.
    pub arrears: MoneyStat,
    /// 兑现率: promised incentives and policy entitlements honoured.
    pub promises: MoneyStat,
    /// 拨付率: funds allocated.
    pub funds: MoneyStat,
}

impl MoneyRates {
    /// Adds money of the category's problems (in no rate when the category is not about money).
    fn add(&mut self, category: &str, s: MoneySum) {
        match repayment::money_kind(category) {
            Some(MoneyKind::Arrears) => self.arrears.add(s),
            Some(MoneyKind::Promises) => self.promises.add(s),
            Some(MoneyKind::Funds) => self.funds.add(s),
            None => {}
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct GroupStat {
    pub group_id: GroupId,
    pub name: String,
    /// Problems, dismissed ones (不予立项) not included.
    pub total: i64,
    /// Closed as rectified (已销号).
    pub closed: i64,
    /// 不予立项.
    pub dismissed: i64,
    pub overdue: i64,
    /// Σ amounts involved of every category (a count, not for a rate: see `money`).
    pub amount_involved_fen: i64,
    pub amount_resolved_fen: i64,
    /// 清偿率, 兑现率, 拨付率 of the group's problems.
    pub money: MoneyRates,
    /// 重办 (rejections at 核查 with the enterprise dissatisfied) of the group's problems.
    pub redo: i64,
    /// 重办率: 重办 of the 核查 records (approvals and rejections).
    pub redo_rate: Rate,
    /// 满意率: records with the enterprise satisfied or basically satisfied, of those recording
    /// its satisfaction.
    pub satisfaction_rate: Rate,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Overview {
    /// The figures include every change up to this time (see docs/performance.md, "Statistics").
    pub as_of: DateTime<Utc>,
    /// Every problem the filter matches, as the ledger list counts them.
    pub total: i64,
    pub by_state: Vec<CountItem>,
    pub by_group: Vec<GroupStat>,
    pub by_category: Vec<CountItem>,
    pub by_source: Vec<CountItem>,
    /// `none`, `yellow`, `red`.
    pub by_warning: Vec<CountItem>,
    /// Money of the problems not dismissed, every category summed: a total to show, never the
    /// base of a rate (arrears and promises are different money; see `money`).
    pub amount_involved_fen: i64,
    pub amount_resolved_fen: i64,
    /// 清偿率 of the arrears categories only: `money.arrears.rate`.
    pub repayment_rate: Rate,
    /// 兑现率 of the promise and policy categories: `money.promises.rate`.
    pub fulfilment_rate: Rate,
    /// 拨付率 of the fund categories: `money.funds.rate`.
    pub allocation_rate: Rate,
    /// Each rate with its amounts: due, paid, 协商减免 apart, outstanding.
    pub money: MoneyRates,
    /// 未化解欠款 by 账龄, debtor nature and enterprise size; each list sums to
    /// `money.arrears.outstanding_fen`.
    pub outstanding_arrears: OutstandingArrears,
    /// 已销号: closed as rectified (after verification).
    pub closed: i64,
    /// 不予立项: closed as a duplicate or an unfounded clue; in no rate or amount.
    pub dismissed: i64,
    /// 销号率: closed / (total − dismissed).
    pub closure_rate: Rate,
    /// Of those closed here (not brought in by a migration import), closed on or before the
    /// deadline (Asia/Shanghai date).
    pub closed_on_time: i64,
    /// 按期销号率: closed_on_time / rectified closures made here.
    pub on_time_rate: Rate,
    /// Mean days from registration to closure of rectified problems closed here.
    pub average_days_to_close: Option<f64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct UnitStat {
    pub unit_id: UnitId,
    pub unit_name: String,
    /// Problems the unit is responsible for, dismissed ones (不予立项) not included.
    pub assigned: i64,
    pub open: i64,
    /// Closed as rectified (已销号).
    pub closed: i64,
    /// 不予立项 (duplicates, unfounded clues): counted apart, in no figure above.
    pub dismissed: i64,
    /// Past the deadline today and not yet reported complete.
    pub overdue: i64,
    /// Ever overdue in the unit's hands: still open past the deadline, or submitted late.
    pub late: i64,
    /// Days overdue summed over those problems (docs/scoring.md).
    pub overdue_days: i64,
    pub closed_on_time: i64,
    /// Closed as rectified on a day after the deadline.
    pub late_closures: i64,
    pub rejections: i64,
    pub reopenings: i64,
    pub urges: i64,
    /// 重办: rejections at 核查 with the enterprise dissatisfied (also counted in `rejections`).
    pub redo: i64,
    /// 重办率: 重办 of the 核查 records (approvals and rejections) of the unit's problems.
    pub redo_rate: Rate,
    /// 满意率: verifications recording the enterprise satisfied or basically satisfied, of those
    /// recording its satisfaction.
    pub satisfaction_rate: Rate,
    /// Of the assigned, problems the unit found itself (no deductions).
    pub self_reported: i64,
    /// 清偿率, 兑现率, 拨付率 of the problems the unit is responsible for.
    pub money: MoneyRates,
    /// 履约评分: 100 minus the deductions (see docs/scoring.md).
    pub score: f64,
    /// Why the score is what it is.
    pub deductions: Vec<Deduction>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct UnitsReport {
    /// The figures include every change up to this time; days overdue are counted up to it.
    pub as_of: DateTime<Utc>,
    pub weights: Weights,
    pub units: Vec<UnitStat>,
}

fn rate(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| ((part as f64 / whole as f64) * 10_000.0).round() / 10_000.0)
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

/// Per-state, per-category, per-source and per-group sums of the buckets.
#[derive(Default)]
struct Tally {
    total: i64,
    closed: i64,
    dismissed: i64,
    involved: i64,
    resolved: i64,
    by_state: BTreeMap<String, i64>,
    by_category: BTreeMap<String, i64>,
    by_source: BTreeMap<String, i64>,
    per_group: HashMap<GroupId, GroupStat>,
}

impl Tally {
    fn of(buckets: &[Bucket], groups: &[Group]) -> Self {
        let mut t = Self::default();
        for b in buckets {
            t.total += b.count;
            *t.by_state.entry(b.state.code().to_owned()).or_default() += b.count;
            *t.by_category.entry(b.category.clone()).or_default() += b.count;
            *t.by_source.entry(b.source.clone()).or_default() += b.count;
            let g = t.per_group.entry(b.group_id.clone()).or_insert_with(|| GroupStat {
                group_id: b.group_id.clone(),
                name: groups.iter().find(|x| x.id == b.group_id).map(|x| x.name.clone()).unwrap_or_default(),
                total: 0,
                closed: 0,
                dismissed: 0,
                overdue: 0,
                amount_involved_fen: 0,
                amount_resolved_fen: 0,
                money: MoneyRates::default(),
                redo: 0,
                redo_rate: Rate::default(),
                satisfaction_rate: Rate::default(),
            });
            // 不予立项 is counted apart and in no figure or amount besides.
            match b.closure_kind {
                Some(ClosureKind::Duplicate | ClosureKind::Unfounded) => {
                    t.dismissed += b.count;
                    g.dismissed += b.count;
                    continue;
                }
                Some(ClosureKind::Rectified) => {
                    t.closed += b.count;
                    g.closed += b.count;
                }
                None => {}
            }
            t.involved += b.involved;
            t.resolved += b.resolved;
            g.total += b.count;
            g.amount_involved_fen += b.involved;
            g.amount_resolved_fen += b.resolved;
        }
        t
    }

    fn state_items(&self) -> Vec<CountItem> {
        State::ALL
            .iter()
            .map(|s| CountItem {
                code: s.code().into(),
                label: s.label().into(),
                count: self.by_state.get(s.code()).copied().unwrap_or(0),
            })
            .collect()
    }

    /// The groups in their order, with the red (overdue) counts, their money and their 核查
    /// records (重办, 重办率, 满意率).
    fn groups(mut self, parts: &Parts, groups: &[Group]) -> Vec<GroupStat> {
        for g in self.per_group.values_mut() {
            g.overdue = parts.red.get(&g.group_id).copied().unwrap_or(0);
            g.money = parts.group_money.get(&g.group_id).copied().unwrap_or_default();
            let t = parts.group_verifications.get(&g.group_id).copied().unwrap_or_default();
            g.redo = t.redo;
            g.redo_rate = Rate::of(t.redo, t.all);
            g.satisfaction_rate = Rate::of(t.satisfied, t.asked);
        }
        let mut by_group: Vec<GroupStat> = self.per_group.into_values().collect();
        by_group.sort_by_key(|g| groups.iter().position(|x| x.id == g.group_id));
        by_group
    }
}

fn warning_items(total: i64, red: i64, yellow: i64) -> Vec<CountItem> {
    [Warning::None, Warning::Yellow, Warning::Red]
        .iter()
        .map(|w| CountItem {
            code: w.code().into(),
            label: w.label().into(),
            count: match w {
                Warning::Red => red,
                Warning::Yellow => yellow,
                Warning::None => total - red - yellow,
            },
        })
        .collect()
}

/// What the overview is made of besides the counts: gathered from every problem
/// (`overview_of`) or from the maintained sums (`sums::overview_from_sums`).
#[derive(Default)]
struct Parts {
    buckets: Vec<Bucket>,
    money: MoneyRates,
    group_money: HashMap<GroupId, MoneyRates>,
    group_verifications: HashMap<GroupId, VerificationTally>,
    owed: OwedSums,
    timing: Timing,
    /// Red (overdue today) per work group, and yellow (due within the window) in all.
    red: HashMap<GroupId, i64>,
    yellow: i64,
}

/// Of the problems closed as rectified here (not brought in by a migration import).
#[derive(Debug, Clone, Copy, Default)]
struct Timing {
    closed: i64,
    on_time: i64,
    /// Those with a closure time, and the seconds from registration to closure summed.
    with_time: i64,
    seconds: i64,
}

impl Parts {
    /// Adds money of a problem not dismissed, or of several of one category and group.
    fn add_money(&mut self, (category, group): (&str, &GroupId), s: MoneySum) {
        self.money.add(category, s);
        self.group_money.entry(group.clone()).or_default().add(category, s);
    }

    fn add_verifications(&mut self, group: &GroupId, t: VerificationTally) {
        let s = self.group_verifications.entry(group.clone()).or_default();
        (s.all, s.redo, s.asked, s.satisfied) =
            (s.all + t.all, s.redo + t.redo, s.asked + t.asked, s.satisfied + t.satisfied);
    }
}

/// The overview of the problems `(v, f)` matches, as of `now`, from every problem.
pub fn overview_of(
    conn: &mut DbConnection,
    (v, f): (&Visibility, &ListFilter),
    now: NaiveDateTime,
) -> Result<Overview, ApiError> {
    let mut parts = Parts { buckets: store::stats::buckets(conn, v, f)?, ..Parts::default() };
    let problem_money = store::stats::problem_money(conn, v, f)?;
    for p in &problem_money {
        parts.add_money((&p.category, &p.group_id), MoneySum::of(p));
    }
    for (class, outstanding) in problem_money.iter().filter_map(owed_of) {
        parts.owed.add(&class, (1, outstanding));
    }
    let group_of: HashMap<&IssueId, &GroupId> = problem_money.iter().map(|p| (&p.id, &p.group_id)).collect();
    for (id, t) in store::stats::verifications_per_issue(conn, store::stats::counted_ids(v, f))? {
        if let Some(g) = group_of.get(&id) {
            parts.add_verifications(g, t);
        }
    }
    for (group, _, _, n) in store::stats::counts(conn, v, &ListFilter { warning: Some(Warning::Red), ..f.clone() })? {
        *parts.red.entry(group).or_default() += n;
    }
    let yellow_f = ListFilter { warning: Some(Warning::Yellow), ..f.clone() };
    parts.yellow = store::stats::counts(conn, v, &yellow_f)?.iter().map(|r| r.3).sum();
    for c in store::stats::closures(conn, v, f)?.iter().filter(|c| !c.migrated) {
        parts.timing.closed += 1;
        if let Some(t) = c.closed_at {
            parts.timing.on_time += i64::from(score::on_time(t, c.deadline));
            parts.timing.with_time += 1;
            parts.timing.seconds += (t - c.created_at).num_seconds();
        }
    }
    assemble(conn, f, &parts, now)
}

/// The overview from its parts, on `f.today`.
fn assemble(conn: &mut DbConnection, f: &ListFilter, parts: &Parts, now: NaiveDateTime) -> Result<Overview, ApiError> {
    let groups = store::groups::list(conn)?;
    let (category_labels, source_labels) = (labels(conn, "category")?, labels(conn, "source")?);

    let tally = Tally::of(&parts.buckets, &groups);
    let (total, involved, resolved) = (tally.total, tally.involved, tally.resolved);
    let red_total: i64 = parts.red.values().sum();
    let (closed, dismissed) = (tally.closed, tally.dismissed);
    let (money, timing) = (parts.money, parts.timing);
    Ok(Overview {
        as_of: now.and_utc(),
        total,
        by_state: tally.state_items(),
        by_category: count_items(tally.by_category.clone(), &category_labels),
        by_source: count_items(tally.by_source.clone(), &source_labels),
        by_group: tally.groups(parts, &groups),
        by_warning: warning_items(total, red_total, parts.yellow),
        amount_involved_fen: involved,
        amount_resolved_fen: resolved,
        repayment_rate: money.arrears.rate,
        fulfilment_rate: money.promises.rate,
        allocation_rate: money.funds.rate,
        money,
        outstanding_arrears: outstanding::outstanding_arrears(&parts.owed, f.today),
        closed,
        dismissed,
        closure_rate: Rate::of(closed, total - dismissed),
        closed_on_time: timing.on_time,
        on_time_rate: Rate::of(timing.on_time, timing.closed),
        // Whole seconds summed, so that the mean is the same however the problems are grouped.
        average_days_to_close: (timing.with_time > 0)
            .then(|| (timing.seconds as f64 / 86_400.0 / timing.with_time as f64 * 10.0).round() / 10.0),
    })
}

/// One unit's figures while they are summed.
#[derive(Default)]
struct Acc {
    assigned: i64,
    open: i64,
    closed: i64,
    dismissed: i64,
    overdue: i64,
    late: i64,
    overdue_days: i64,
    on_time: i64,
    late_closures: i64,
    rejections: i64,
    reopenings: i64,
    urges: i64,
    redo: i64,
    verified: i64,
    asked: i64,
    satisfied: i64,
    self_reported: i64,
    /// What counts against the unit.
    counted: Counts,
}

/// What happened to the problems, per problem, for the unit figures.
struct History {
    found_by: HashMap<IssueId, UnitId>,
    rejections: HashMap<IssueId, i64>,
    reopenings: HashMap<IssueId, i64>,
    urges: HashMap<IssueId, i64>,
    /// 核查 records: 重办, those recording the enterprise's satisfaction, those satisfied.
    verifications: HashMap<IssueId, VerificationTally>,
    timelines: HashMap<IssueId, Vec<(NaiveDateTime, State)>>,
}

impl History {
    /// Of the problems `(v, f)` matches (`facts`), dismissed ones left out: one statement per
    /// kind of history, each over the filter as a subquery.
    fn load(
        conn: &mut DbConnection,
        (v, f): (&Visibility, &ListFilter),
        facts: &[ProblemFacts],
    ) -> Result<Self, ApiError> {
        use store::stats::counted_ids as ids;
        let self_inspections: Vec<IssueId> =
            facts.iter().filter(|p| p.source == "self_inspection").map(|p| p.id.clone()).collect();
        Ok(Self {
            found_by: store::issues::units_of_many(conn, &self_inspections, &[Relation::FoundBy])?
                .into_iter()
                .map(|(issue, unit, _)| (issue, unit))
                .collect(),
            rejections: store::stats::steps_per_issue(conn, ids(v, f), Step::Reject)?,
            reopenings: store::stats::steps_per_issue(conn, ids(v, f), Step::Reopen)?,
            urges: store::stats::urges_per_issue(conn, ids(v, f))?,
            verifications: store::stats::verifications_per_issue(conn, ids(v, f))?,
            // Only problems whose deadline has passed can have been overdue.
            timelines: store::stats::state_timelines(conn, store::stats::counted_ids_due_before(v, f, f.today))?,
        })
    }
}

impl Acc {
    /// Adds one problem the unit is responsible for.
    fn add(&mut self, p: &ProblemFacts, h: &History, (today, now): (NaiveDate, NaiveDateTime)) {
        if p.dismissed() {
            self.dismissed += 1;
            return;
        }
        self.assigned += 1;
        let exempt = score::self_found(&p.source, p.unit.as_ref(), h.found_by.get(&p.id));
        if exempt {
            self.self_reported += 1;
        }
        if p.state == State::Closed {
            self.closed += 1;
        } else {
            self.open += 1;
        }
        if State::DEADLINE_RUNS.contains(&p.state) && p.deadline.is_some_and(|d| d < today) {
            self.overdue += 1;
        }
        if let (Some(t), false) = (p.closed_at.filter(|_| p.state == State::Closed), p.migrated) {
            if score::on_time(t, p.deadline) { self.on_time += 1 } else { self.late_closures += 1 }
        }
        let (rejections, reopenings) =
            (h.rejections.get(&p.id).copied().unwrap_or(0), h.reopenings.get(&p.id).copied().unwrap_or(0));
        self.rejections += rejections;
        self.reopenings += reopenings;
        let count = |m: &HashMap<IssueId, i64>| m.get(&p.id).copied().unwrap_or(0);
        self.urges += count(&h.urges);
        let verifications = h.verifications.get(&p.id).copied().unwrap_or_default();
        let redo = verifications.redo;
        self.redo += redo;
        self.verified += verifications.all;
        self.asked += verifications.asked;
        self.satisfied += verifications.satisfied;
        let days = match (h.timelines.get(&p.id), p.deadline) {
            (Some(timeline), Some(d)) => {
                score::overdue_days(score::overdue_millis(shanghai_day_start(d + Duration::days(1)), now, timeline))
            }
            _ => 0,
        };
        if days > 0 {
            self.late += 1;
            self.overdue_days += days;
        }
        if !exempt {
            self.counted.overdue += i64::from(days > 0);
            self.counted.overdue_days += days;
            // A 重办's deduction replaces its rejection's.
            self.counted.rejections += (rejections - redo).max(0);
            self.counted.redos += redo;
            self.counted.reopenings += reopenings;
        }
    }

    fn stat(self, unit_id: UnitId, unit_name: String, weights: Weights, money: MoneyRates) -> UnitStat {
        let (score, deductions) = score::score(self.counted, weights);
        UnitStat {
            unit_id,
            unit_name,
            assigned: self.assigned,
            open: self.open,
            closed: self.closed,
            dismissed: self.dismissed,
            overdue: self.overdue,
            late: self.late,
            overdue_days: self.overdue_days,
            closed_on_time: self.on_time,
            late_closures: self.late_closures,
            rejections: self.rejections,
            reopenings: self.reopenings,
            urges: self.urges,
            redo: self.redo,
            redo_rate: Rate::of(self.redo, self.verified),
            satisfaction_rate: Rate::of(self.satisfied, self.asked),
            self_reported: self.self_reported,
            money,
            score,
            deductions,
        }
    }
}

/// Per responsible unit: its figures and its score, best score first.
fn units_of(
    conn: &mut DbConnection,
    v: &Visibility,
    f: &ListFilter,
    weights: Weights,
    now: NaiveDateTime,
) -> Result<Vec<UnitStat>, ApiError> {
    let facts: Vec<ProblemFacts> =
        store::stats::problem_facts(conn, v, f)?.into_iter().filter(|p| p.unit.is_some()).collect();
    let history = History::load(conn, (v, f), &facts)?;
    let mut per_unit: HashMap<UnitId, Acc> = HashMap::new();
    for p in &facts {
        if let Some(u) = &p.unit {
            per_unit.entry(u.clone()).or_default().add(p, &history, (f.today, now));
        }
    }
    let mut money: HashMap<UnitId, MoneyRates> = HashMap::new();
    for p in store::stats::problem_money(conn, v, f)? {
        if let Some(u) = &p.unit {
            money.entry(u.clone()).or_default().add(&p.category, MoneySum::of(&p));
        }
    }
    let names: HashMap<UnitId, String> = store::units::list(conn, true)?.into_iter().map(|u| (u.id, u.name)).collect();
    let mut out: Vec<UnitStat> = per_unit
        .into_iter()
        .map(|(u, a)| {
            let name = names.get(&u).cloned().unwrap_or_default();
            let m = money.remove(&u).unwrap_or_default();
            a.stat(u, name, weights, m)
        })
        .collect();
    out.sort_by(|a, b| {
        b.score.total_cmp(&a.score).then(b.assigned.cmp(&a.assigned)).then(a.unit_name.cmp(&b.unit_name))
    });
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates() {
        assert_eq!(rate(1, 3), Some(0.3333));
        assert_eq!(rate(0, 0), None);
    }
}
