//! The overview from maintained sums (#24): each problem's share of the overview is kept in
//! `issue_stat_rows` and summed per key in `issue_stat_sums` (`store::stat_sums`), for the
//! district and for each of its units (two sets of tables, `store::stat_sums::Sums`). A question the sums can answer (any scope, by campaign,
//! group, state, category, source, unit) adds a few hundred sums and the shares of the problems
//! changed since the last fold, read in one snapshot: exact at every moment, without reading
//! every problem.

use std::{
    collections::{BTreeMap, HashMap},
    time::{Duration, Instant},
};

use chrono::{NaiveDate, NaiveDateTime};

use super::{
    Interval, MoneySum, Overview, OwedSums, Parts, TrendReport, assemble,
    outstanding::{add_to, owed_of},
    trend::{report_of, shanghai_date},
};
use crate::{
    db::{DbConnection, IssueId, UnitId},
    domain::{
        lifecycle::{ClosureKind, State},
        permissions::Relation,
        score,
        warning::{Warning, warning},
    },
    error::ApiError,
    store::{
        self,
        issues::{ListFilter, Visibility},
        stat_sums::{DayFigures, DayKey, Deltas, ProblemInputs, ProblemShare, ShareKey, Shares, Sums, SumsKey, Whose},
        stats::{Bucket, VerificationTally},
    },
};

/// Past this many problems changed since the last fold (a large import just made), a question
/// is answered the other way (`materialized`) until the fold job has caught up.
pub const PENDING_LIMIT: usize = 500;

/// How many problems one fold transaction takes.
const FOLD_BATCH: i64 = 2_000;

/// After folding this many problems in a run, the marks' tables are vacuumed at once
/// (`store::stat_sums::reclaim_marks`).
const RECLAIM_AFTER: usize = 10_000;

/// What one problem adds to the sums: its share of the overview (every figure the one
/// `overview_of` takes from it) and its days in the trend (as `trend_of` counts them), so that
/// summing shares gives their answers.
fn share_of(p: &ProblemInputs) -> ProblemShare {
    let (r, m) = (&p.row, &p.money);
    let dismissed = matches!(r.closure_kind, Some(ClosureKind::Duplicate | ClosureKind::Unfounded));
    let mut s = Shares { n: 1, involved: r.amount_involved_fen, resolved: r.amount_resolved_fen, ..Shares::default() };
    let mut owed = None;
    if !dismissed {
        (s.due, s.paid, s.negotiated, s.counted) = (m.due, m.paid(), m.negotiated, m.counted());
        let v = p.verifications;
        (s.verified, s.redo, s.asked, s.satisfied) = (v.all, v.redo, v.asked, v.satisfied);
        owed = owed_of(m).map(|(class, _)| class);
    }
    // Timeliness and durations only of closures made here (not migrated history).
    if r.state == State::Closed && r.closure_kind == Some(ClosureKind::Rectified) && !r.migrated {
        s.timed = 1;
        if let Some(t) = r.closed_at {
            s.on_time = i64::from(score::on_time(t, r.deadline));
            s.close_timed = 1;
            s.close_seconds = (t - r.created_at).num_seconds();
        }
    }
    let key = ShareKey {
        campaign_id: r.campaign_id.clone(),
        group_id: m.group_id.clone(),
        state: r.state,
        category: m.category.clone(),
        source: r.source.clone(),
        closure_kind: r.closure_kind,
        owed,
    };
    let mut days: BTreeMap<NaiveDate, DayFigures> = BTreeMap::new();
    days.entry(shanghai_date(r.created_at)).or_default().registered += 1;
    if let Some(t) = r.closed_at {
        days.entry(shanghai_date(t)).or_default().closed += 1;
    }
    // Payment records only of problems not dismissed, as the trend counts them.
    for &(day, negotiated, amount) in p.payments.iter().filter(|_| !dismissed) {
        let d = days.entry(day).or_default();
        if negotiated { d.negotiated += amount } else { d.paid += amount }
    }
    let running_deadline = r.deadline.filter(|_| State::DEADLINE_RUNS.contains(&r.state));
    ProblemShare { overview: (key, s), days: days.into_iter().collect(), running_deadline, units: units_of(p) }
}

/// A problem's units, each once: every unit of its membership rows (its data scope), handling it
/// when it is the responsible unit or a cooperating one (the unit filter's two relations).
fn units_of(p: &ProblemInputs) -> Vec<(UnitId, bool)> {
    let mut units: BTreeMap<UnitId, bool> = BTreeMap::new();
    for (unit, relation) in &p.units {
        let handles = *relation == Relation::Cooperating || p.money.unit.as_ref() == Some(unit);
        *units.entry(unit.clone()).or_default() |= handles;
    }
    units.into_iter().collect()
}

/// The current shares of these problems (a deleted problem has none).
fn shares_of(conn: &mut DbConnection, ids: &[IssueId]) -> Result<HashMap<IssueId, ProblemShare>, ApiError> {
    Ok(store::stat_sums::inputs(conn, ids)?.iter().map(|p| (p.money.id.clone(), share_of(p))).collect())
}

/// The stored and the current shares of some problems.
type Change<'a> = (&'a HashMap<IssueId, ProblemShare>, &'a HashMap<IssueId, ProblemShare>);

/// Each share of a change in each of the sums it is part of, with its sign: −1 for the stored
/// ones, 1 for the current ones.
fn signed<'a>((stored, current): Change<'a>) -> impl Iterator<Item = (Whose, &'a ProblemShare, i64)> {
    let each = |x: &'a ProblemShare, sign: i64| x.whose().map(move |w| (w, x, sign));
    stored.values().flat_map(move |x| each(x, -1)).chain(current.values().flat_map(move |x| each(x, 1)))
}

/// What a change adds to each of the sums.
fn deltas_of(change: Change<'_>) -> Deltas {
    let mut deltas = Deltas::default();
    for (whose, share, sign) in signed(change) {
        let (k, s) = &share.overview;
        for (day, f) in &share.days {
            let day_key = (k.campaign_id.clone(), k.group_id.clone(), *day);
            deltas.days.entry((whose.clone(), day_key)).or_default().add(f, sign);
        }
        if let Some(d) = share.deadline_key(&whose) {
            *deltas.deadlines.entry(d).or_insert(0) += sign;
        }
        deltas.overview.entry((whose, k.clone())).or_default().add(s, sign);
    }
    deltas
}

/// The fold job's run: recomputes the shares of the problems marked as changed and adds the
/// difference to the sums, a batch per transaction, until none is left or `budget` is spent.
/// Answers how many problems were folded. A batch marked for the district's sums is folded into
/// the units' too (the triggers mark both); then what is marked for the units' alone (a unit
/// changed, or a server of the release before folded the district's).
pub fn fold_shares(conn: &mut DbConnection, budget: Duration) -> Result<usize, ApiError> {
    let started = Instant::now();
    let mut folded = 0;
    loop {
        let n = conn.write_tx(|c| -> Result<usize, ApiError> {
            let mut ids = store::stat_sums::take_marked(c, Sums::District, FOLD_BATCH)?;
            let sets = if ids.is_empty() {
                ids = store::stat_sums::take_marked(c, Sums::Units, FOLD_BATCH)?;
                vec![Sums::Units]
            } else {
                store::stat_sums::unmark(c, Sums::Units, &ids)?;
                vec![Sums::District, Sums::Units]
            };
            if ids.is_empty() {
                return Ok(0);
            }
            let current = shares_of(c, &ids)?;
            for sums in sets {
                let stored = store::stat_sums::stored(c, sums, &ids)?;
                store::stat_sums::save(c, sums, (&ids, &current), &deltas_of((&stored, &current)))?;
            }
            Ok(ids.len())
        })?;
        folded += n;
        if n == 0 || started.elapsed() >= budget {
            break;
        }
    }
    if folded >= RECLAIM_AFTER
        && let Err(e) = store::stat_sums::reclaim_marks(conn)
    {
        // The fold is done and exact; only the reads of the marks stay slower until
        // autovacuum comes by.
        log::warn!("the marks' space after folding {folded} problems was not reclaimed: {e}");
    }
    Ok(folded)
}

/// The stored and current shares of the problems marked for `sums`, or `None` when more than
/// [`PENDING_LIMIT`] are.
type Pending = (HashMap<IssueId, ProblemShare>, HashMap<IssueId, ProblemShare>);

fn pending(conn: &mut DbConnection, sums: Sums) -> Result<Option<Pending>, ApiError> {
    let ids = store::stat_sums::marked(conn, sums, PENDING_LIMIT as i64 + 1)?;
    if ids.len() > PENDING_LIMIT {
        return Ok(None);
    }
    Ok(Some((store::stat_sums::stored(conn, sums, &ids)?, shares_of(conn, &ids)?)))
}

/// The overview of `(v, f)` from the sums, or `None` when they cannot answer it (a filter
/// beyond the sums' key, see `SumsKey::of`; too many problems not yet folded).
pub fn overview_from_sums(
    conn: &mut DbConnection,
    (v, f): (&Visibility, &ListFilter),
    now: NaiveDateTime,
) -> Result<Option<Overview>, ApiError> {
    let Some(key) = SumsKey::of(v, f) else { return Ok(None) };
    let horizon = f.today + chrono::Duration::days(f.window_days);
    conn.snapshot_tx(|c| {
        let (mut sums, mut owed) = (BTreeMap::<ShareKey, Shares>::new(), OwedSums::default());
        let (mut red, mut yellow) = (HashMap::new(), 0);
        for read in &key.reads {
            let Some((stored, current)) = pending(c, read.sums())? else { return Ok(None) };
            // The sums without the owed arrears' classes, and those classes each summed on its
            // own: a few hundred rows and the agreed dates, not every combination.
            for (k, s) in store::stat_sums::sums(c, (&key, read))? {
                sums.entry(k).or_default().add(&s, 1);
            }
            let marginals = store::stat_sums::owed(c, (&key, read))?;
            for (agreed, figures) in marginals.agreed {
                add_to(&mut owed.by_agreed, agreed, figures);
            }
            for (nature, figures) in marginals.nature {
                add_to(&mut owed.by_nature, nature, figures);
            }
            for (size, figures) in marginals.size {
                add_to(&mut owed.by_size, size, figures);
            }
            // Red and yellow on the day asked, from the deadlines that run.
            for (group, r, y) in store::stat_sums::warned(c, (&key, read), (f.today, horizon))? {
                *red.entry(group).or_insert(0) += r;
                yellow += y;
            }
            for (whose, share, sign) in signed((&stored, &current)) {
                let (k, s) = &share.overview;
                if key.matches(read, &whose, k) {
                    sums.entry(ShareKey { owed: None, ..k.clone() }).or_default().add(s, sign);
                    if let Some(class) = &k.owed {
                        owed.add(class, (sign * s.n, sign * (s.due - s.counted)));
                    }
                    match share.running_deadline {
                        Some(d) if d < f.today => *red.entry(k.group_id.clone()).or_insert(0) += sign,
                        Some(d) if d <= horizon => yellow += sign,
                        _ => {}
                    }
                }
            }
        }
        sums.retain(|_, s| s.n != 0);
        let parts = Parts { red, yellow, ..parts_of(&sums, owed) };
        Ok(Some(assemble(c, f, &parts, now)?))
    })
}

/// How many problems of `(v, f)` there are, from the sums, or `None` when they cannot answer it
/// (as `overview_from_sums`): a list page's total in a unit's scope or of a unit's problems, or
/// of a warning, without counting them row by row. A warning is a range of the running
/// deadlines' days, so the deadline sums answer it (正常: the rest). Also `None` within a
/// transaction already open: the sums and the problems not yet folded must be read in one
/// snapshot of their own.
pub fn count_from_sums(conn: &mut DbConnection, (v, f): (&Visibility, &ListFilter)) -> Result<Option<i64>, ApiError> {
    let Some(key) = SumsKey::of(v, &ListFilter { warning: None, ..f.clone() }) else { return Ok(None) };
    if conn.in_transaction() {
        return Ok(None);
    }
    let horizon = f.today + chrono::Duration::days(f.window_days);
    conn.snapshot_tx(|c| {
        let mut n = 0;
        for read in &key.reads {
            let Some((stored, current)) = pending(c, read.sums())? else { return Ok(None) };
            let (mut red, mut yellow) = (0, 0);
            if f.warning.is_some() {
                for (_, r, y) in store::stat_sums::warned(c, (&key, read), (f.today, horizon))? {
                    (red, yellow) = (red + r, yellow + y);
                }
            }
            n += match f.warning {
                Some(Warning::Red) => red,
                Some(Warning::Yellow) => yellow,
                Some(Warning::None) => store::stat_sums::count(c, (&key, read))? - red - yellow,
                None => store::stat_sums::count(c, (&key, read))?,
            };
            for (whose, share, sign) in signed((&stored, &current)) {
                let (k, s) = &share.overview;
                let warned = || warning(k.state, share.running_deadline, f.today, f.window_days);
                if key.matches(read, &whose, k) && f.warning.is_none_or(|w| w == warned()) {
                    n += sign * s.n;
                }
            }
        }
        Ok(Some(n))
    })
}

/// The trend of `(v, f)` from the day sums, or `None` when they cannot answer it: as
/// `overview_from_sums`, and also a filter by state, category or source (the day sums are kept
/// per unit, campaign, work group and day alone).
pub fn trend_from_sums(
    conn: &mut DbConnection,
    (v, f): (&Visibility, &ListFilter),
    interval: Interval,
    now: NaiveDateTime,
) -> Result<Option<TrendReport>, ApiError> {
    let Some(key) = SumsKey::of(v, f) else { return Ok(None) };
    if !key.key.states.is_empty() || key.key.category.is_some() || key.key.source.is_some() {
        return Ok(None);
    }
    conn.snapshot_tx(|c| {
        let mut days: BTreeMap<DayKey, DayFigures> = BTreeMap::new();
        for read in &key.reads {
            let Some((stored, current)) = pending(c, read.sums())? else { return Ok(None) };
            for (k, f) in store::stat_sums::day_sums(c, (&key, read))? {
                days.entry(k).or_default().add(&f, 1);
            }
            for (whose, share, sign) in signed((&stored, &current)) {
                let k = &share.overview.0;
                if key.holds(read, &whose, (&k.campaign_id, &k.group_id)) {
                    for (day, f) in &share.days {
                        days.entry((k.campaign_id.clone(), k.group_id.clone(), *day)).or_default().add(f, sign);
                    }
                }
            }
        }
        Ok(Some(report_of(days.into_iter().map(|((_, _, day), f)| (day, f)), interval, now)))
    })
}

/// The overview's parts from sums and the owed arrears' classes.
fn parts_of(sums: &BTreeMap<ShareKey, Shares>, owed: OwedSums) -> Parts {
    let mut parts = Parts { owed, ..Parts::default() };
    for (k, s) in sums {
        parts.buckets.push(Bucket {
            state: k.state,
            group_id: k.group_id.clone(),
            category: k.category.clone(),
            source: k.source.clone(),
            unit: None,
            closure_kind: k.closure_kind,
            count: s.n,
            involved: s.involved,
            resolved: s.resolved,
        });
        if matches!(k.closure_kind, Some(ClosureKind::Duplicate | ClosureKind::Unfounded)) {
            continue;
        }
        let money = MoneySum { problems: s.n, due: s.due, paid: s.paid, negotiated: s.negotiated, counted: s.counted };
        parts.add_money((&k.category, &k.group_id), money);
        let t = VerificationTally { all: s.verified, redo: s.redo, asked: s.asked, satisfied: s.satisfied };
        parts.add_verifications(&k.group_id, t);
        parts.timing.closed += s.timed;
        parts.timing.on_time += s.on_time;
        parts.timing.with_time += s.close_timed;
        parts.timing.seconds += s.close_seconds;
    }
    parts
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, NaiveDateTime};

    use super::*;
    use crate::store::{stat_sums::ProblemRow, stats::ProblemMoney};

    fn at(d: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 3, d).unwrap().and_hms_opt(2, 0, 0).unwrap()
    }

    fn problem(category: &str, state: State, closure_kind: Option<ClosureKind>) -> ProblemInputs {
        ProblemInputs {
            row: ProblemRow {
                campaign_id: "01936f3e-8c6a-7b3d-9a51-2f1c0d4e5a6b".parse().unwrap(),
                state,
                source: "complaint".into(),
                closure_kind,
                amount_involved_fen: 1_000,
                amount_resolved_fen: 300,
                deadline: Some(NaiveDate::from_ymd_opt(2026, 3, 10).unwrap()),
                created_at: at(1),
                closed_at: closure_kind.map(|_| at(11)),
                migrated: false,
            },
            money: ProblemMoney {
                id: IssueId::new(),
                group_id: "01936f3e-8c6a-7b3d-9a51-2f1c0d4e5a6c".parse().unwrap(),
                unit: None,
                category: category.into(),
                due: 800,
                resolved: 500,
                negotiated: 100,
                agreed_payment_on: None,
                debtor_nature: None,
                enterprise_size: None,
            },
            verifications: VerificationTally { all: 2, redo: 1, asked: 2, satisfied: 1 },
            payments: Vec::new(),
            units: Vec::new(),
        }
    }

    #[test]
    fn an_open_arrear_owes_and_counts_its_money() {
        let (key, s) = share_of(&problem("agency_arrears", State::Rectifying, None)).overview;
        assert!(key.owed.is_some(), "800 due, 500 resolved: 300 owed");
        assert_eq!((s.n, s.involved, s.resolved), (1, 1_000, 300));
        assert_eq!((s.due, s.paid, s.negotiated, s.counted), (800, 400, 100, 500));
        assert_eq!((s.verified, s.redo, s.asked, s.satisfied), (2, 1, 2, 1));
        assert_eq!((s.timed, s.close_timed), (0, 0));
    }

    #[test]
    fn a_dismissed_problem_is_counted_and_in_nothing_else() {
        let share = share_of(&problem("agency_arrears", State::Closed, Some(ClosureKind::Duplicate)));
        let (key, s) = share.overview;
        assert_eq!(key.owed, None);
        assert_eq!((s.n, s.involved), (1, 1_000));
        assert_eq!(Shares { n: 0, involved: 0, resolved: 0, ..s }, Shares::default());
        let paid: i64 = share.days.iter().map(|(_, f)| f.paid + f.negotiated).sum();
        assert_eq!((share.days.len(), paid), (2, 0), "registered and closed, no payments in the trend");
    }

    #[test]
    fn a_rectified_closure_made_here_is_timed() {
        let mut p = problem("policy", State::Closed, Some(ClosureKind::Rectified));
        let (key, s) = share_of(&p).overview;
        assert_eq!(key.owed, None, "a promise is no arrear");
        assert_eq!((s.timed, s.on_time, s.close_timed, s.close_seconds), (1, 0, 1, 10 * 86_400));
        p.row.migrated = true;
        assert_eq!(share_of(&p).overview.1.timed, 0, "migrated history is not timed");
        p.money.resolved = 900;
        p.row.migrated = false;
        let (key, s) = share_of(&p).overview;
        assert_eq!((key.owed, s.counted), (None, 800), "an overpayment counts up to the amount due");
    }

    #[test]
    fn the_days_are_shanghai_days_with_payments_summed() {
        let mut p = problem("agency_arrears", State::Closed, Some(ClosureKind::Rectified));
        // 2026-03-01 02:00 UTC is 10:00 in Shanghai; 17:00 UTC is already the next day there.
        p.row.closed_at = Some(at(10).date().and_hms_opt(17, 0, 0).unwrap());
        let day = |d: u32| NaiveDate::from_ymd_opt(2026, 3, d).unwrap();
        p.payments = vec![(day(5), false, 300), (day(5), true, 100), (day(5), false, -50)];
        let days = share_of(&p).days;
        assert_eq!(
            days,
            [
                (day(1), DayFigures { registered: 1, ..Default::default() }),
                (day(5), DayFigures { paid: 250, negotiated: 100, ..Default::default() }),
                (day(11), DayFigures { closed: 1, ..Default::default() }),
            ]
        );
    }

    #[test]
    fn changes_are_summed_per_key() {
        let a = problem("agency_arrears", State::Rectifying, None);
        let mut b = a.clone();
        b.row.state = State::Verifying;
        let (id, share) = (a.money.id.clone(), share_of(&a));
        let stored = HashMap::from([(id.clone(), share.clone())]);
        let current = HashMap::from([(id, share_of(&b))]);
        let mut sums = BTreeMap::from([((Whose::District, share.overview.0.clone()), share.overview.1)]);
        let deltas = deltas_of((&stored, &current));
        for (k, s) in &deltas.overview {
            sums.entry(k.clone()).or_default().add(s, 1);
        }
        sums.retain(|_, s| s.n != 0);
        assert_eq!(sums.len(), 1);
        assert_eq!(sums.keys().next().map(|(_, k)| k.state), Some(State::Verifying));
        assert!(deltas.days.values().all(|f| *f == DayFigures::default()), "the same days: no change");
        let deadlines: Vec<i64> = deltas.deadlines.values().copied().collect();
        assert_eq!(deadlines, [-1], "submitted for 核查: its deadline no longer runs");
    }

    #[test]
    fn a_share_stored_by_the_release_before_has_no_units() {
        let mut json = serde_json::to_value(share_of(&problem("policy", State::Rectifying, None))).unwrap();
        json.as_object_mut().unwrap().remove("units");
        let share: ProblemShare = serde_json::from_value(json).unwrap();
        assert!(share.units.is_empty());
    }

    #[test]
    fn a_problem_counts_for_the_district_and_each_of_its_units_once() {
        let unit = |s: &str| -> UnitId { format!("01936f3e-8c6a-7b3d-9a51-2f1c0d4e5a{s}").parse().unwrap() };
        let mut p = problem("agency_arrears", State::Rectifying, None);
        p.money.unit = Some(unit("01"));
        p.units = vec![
            (unit("01"), Relation::Responsible),
            (unit("02"), Relation::Reporting),
            (unit("02"), Relation::FoundBy),
            (unit("03"), Relation::Cooperating),
            (unit("04"), Relation::Former),
        ];
        let share = share_of(&p);
        assert_eq!(share.units, [(unit("01"), true), (unit("02"), false), (unit("03"), true), (unit("04"), false)]);
        let deltas = deltas_of((&HashMap::new(), &HashMap::from([(p.money.id.clone(), share)])));
        let counted: Vec<(Whose, i64)> = deltas.overview.iter().map(|((w, _), s)| (w.clone(), s.n)).collect();
        assert_eq!(counted.len(), 5, "the district and four units");
        assert!(counted.iter().all(|(_, n)| *n == 1));
        assert_eq!(deltas.deadlines.len(), 5, "its running deadline in each of the five");
        assert_eq!(deltas.days.len(), 5, "registered on one day, in each of the five");
    }
}
