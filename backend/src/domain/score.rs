//! The unit score (履约评分): 100 minus deductions, never below 0. Problems a unit found itself
//! (source `self_inspection`) bring no deductions: the plan says self-found problems are not
//! held against the unit in the annual assessment. See docs/scoring.md.

use serde::Serialize;
use utoipa::ToSchema;

/// Points deducted per occurrence; configurable (LVYUE_SCORE_* variables).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, ToSchema)]
pub struct Weights {
    /// Per problem past its deadline and not yet reported complete.
    pub overdue: f64,
    /// Per problem closed after its deadline.
    pub late_closure: f64,
    /// Per rejection at verification.
    pub rejection: f64,
    /// Per reopening after closure.
    pub reopening: f64,
    /// Per 重办 (a rejection with the enterprise dissatisfied), instead of the rejection's weight.
    pub redo: f64,
}

impl Default for Weights {
    fn default() -> Self {
        Self { overdue: 5.0, late_closure: 2.0, rejection: 3.0, reopening: 5.0, redo: 6.0 }
    }
}

/// What counts against a unit, from problems not found by itself.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub overdue: i64,
    pub late_closures: i64,
    /// Rejections that were not 重办.
    pub rejections: i64,
    pub reopenings: i64,
    /// 重办: rejections with the enterprise dissatisfied (their deduction replaces the rejection's).
    pub redos: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct Deduction {
    /// `overdue`, `late_closure`, `rejection`, `reopening`, `redo`.
    #[schema(example = "overdue")]
    pub reason: String,
    #[schema(example = "逾期未完成整改")]
    pub label: String,
    pub count: i64,
    pub weight: f64,
    pub points: f64,
}

/// The score and its explanation.
pub fn score(c: Counts, w: Weights) -> (f64, Vec<Deduction>) {
    let items = [
        ("overdue", "逾期未完成整改", c.overdue, w.overdue),
        ("late_closure", "超期销号", c.late_closures, w.late_closure),
        ("rejection", "核查不通过", c.rejections, w.rejection),
        ("reopening", "销号后重新整改", c.reopenings, w.reopening),
        ("redo", "重办", c.redos, w.redo),
    ];
    let deductions: Vec<Deduction> = items
        .into_iter()
        .filter(|(_, _, n, _)| *n > 0)
        .map(|(reason, label, count, weight)| Deduction {
            reason: reason.into(),
            label: label.into(),
            count,
            weight,
            points: count as f64 * weight,
        })
        .collect();
    let total: f64 = deductions.iter().map(|d| d.points).sum();
    (((100.0 - total).max(0.0) * 100.0).round() / 100.0, deductions)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_redo_is_deducted_at_its_own_weight() {
        let (s, d) = score(Counts { rejections: 1, redos: 1, ..Counts::default() }, Weights::default());
        assert_eq!(s, 100.0 - 3.0 - 6.0);
        assert_eq!(d.last().unwrap().reason, "redo");
    }

    #[test]
    fn deductions_add_up_and_floor_at_zero() {
        let w = Weights::default();
        assert_eq!(score(Counts::default(), w), (100.0, vec![]));
        let (s, d) = score(Counts { overdue: 2, late_closures: 1, rejections: 1, reopenings: 0, redos: 0 }, w);
        assert_eq!(s, 100.0 - 10.0 - 2.0 - 3.0);
        assert_eq!(d.len(), 3);
        assert_eq!(d[0].points, 10.0);
        assert_eq!(score(Counts { overdue: 100, ..Default::default() }, w).0, 0.0);
        let custom = Weights { overdue: 1.5, ..w };
        assert_eq!(score(Counts { overdue: 3, ..Default::default() }, custom).0, 95.5);
    }
}
