//! How a list page reads a unit's problems (a unit's scope, the unit filter; #24): looked up
//! and sorted, or walked in the list's order with each problem's membership probed.
//!
//! The lookup (`issues.id IN` the unit's membership rows) reads every problem of the unit and
//! sorts them: cheap for a unit with a few hundred, but on SQLite at 1,000,000 problems it took
//! 100 ms for a unit with 31,000 and 3.2 s for the unit that reported every problem. The walk
//! (`EXISTS` a membership row of this problem) reads the list's index from its first row and
//! probes each problem's membership by key: for a unit with one problem in 30, a page reads about
//! 600 rows (under 1 ms); for a unit with a handful it would read every problem.
//! The service's `plan_units` takes the walk where it reads fewer rows than the lookup
//! ([`walk_pays`]), in an order an index gives ([`walkable`]).
//!
//! Where the unit's problems are the one part of a filter an index narrows (a keyword answered
//! by scanning, [`ListFilter::q_by_scan`]), and in the unit filter's cooperating part, they are
//! read first and then each problem by key ([`UnitProbe::by_key`]). PostgreSQL otherwise plans
//! the membership as a semi-join or, under the unit filter's `OR`, as a hashed subplan, and
//! reads the whole table beside it: 195 ms at 100,000 problems for a unit user's list of a
//! keyword in every problem, 29 ms for the unit filter with a period.

use diesel::{
    QueryResult,
    expression::{AppearsOnTable, Expression, SelectableExpression},
    sql_types::{Bool, Nullable},
};

use crate::{
    db::{MultiBackend, UnitId, schema::issues},
    domain::permissions::IssueScope,
    store::issues::{ListFilter, Sort, Visibility},
};

/// Whether a problem has a membership row of the unit (of any relation, or cooperating only),
/// written in the form [`UnitForm`] says.
#[derive(Debug, Clone)]
pub struct UnitProbe {
    unit: String,
    cooperating_only: bool,
    form: UnitForm,
}

/// How [`UnitProbe`] is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum UnitForm {
    /// `EXISTS` a membership row of this problem: one probe of the membership table's key per
    /// problem walked.
    Probe,
    /// The unit's problems first: on PostgreSQL `issues.id = ANY(ARRAY(…))`, an array the
    /// planner takes as a handful of keys, so it reads them by the primary key or combines
    /// them with other indexes (`BitmapOr`, `BitmapAnd`); SQLite plans `IN (…)` so already.
    ByKey,
    /// Beside a keyword's trigrams: probed per problem they find on SQLite, whose planner
    /// otherwise drove the query from all of the unit's membership rows; looked up (`IN`) on
    /// PostgreSQL, which joins them by its statistics (the probe took 535 ms in a run at
    /// 1,000,000 problems where `IN` had taken 3.5 ms; not analysed).
    BesideKeyword,
}

impl UnitProbe {
    pub fn involves(unit: &UnitId) -> Self {
        Self { unit: unit.to_string(), cooperating_only: false, form: UnitForm::Probe }
    }

    pub fn cooperates(unit: &UnitId) -> Self {
        Self { unit: unit.to_string(), cooperating_only: true, form: UnitForm::Probe }
    }

    /// The unit's problems read first, each then by key ([`UnitForm::ByKey`]).
    pub fn by_key(self) -> Self {
        Self { form: UnitForm::ByKey, ..self }
    }

    /// Beside a keyword found through its trigrams ([`UnitForm::BesideKeyword`]).
    pub fn beside_keyword(self) -> Self {
        Self { form: UnitForm::BesideKeyword, ..self }
    }
}

impl Expression for UnitProbe {
    type SqlType = Nullable<Bool>;
}

impl AppearsOnTable<issues::table> for UnitProbe {}
impl SelectableExpression<issues::table> for UnitProbe {}

impl diesel::expression::ValidGrouping<()> for UnitProbe {
    type IsAggregate = diesel::expression::is_aggregate::Never;
}

impl diesel::query_builder::QueryId for UnitProbe {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl diesel::query_builder::QueryFragment<MultiBackend> for UnitProbe {
    fn walk_ast<'b>(&'b self, mut out: diesel::query_builder::AstPass<'_, 'b, MultiBackend>) -> QueryResult<()> {
        let postgres = !matches!(out.backend(), MultiBackend::Sqlite(_));
        let array = self.form == UnitForm::ByKey && postgres;
        out.push_sql(match (self.form, postgres) {
            (UnitForm::Probe, _) | (UnitForm::BesideKeyword, false) => {
                "EXISTS (SELECT 1 FROM issue_units WHERE issue_units.issue_id = issues.id AND "
            }
            (UnitForm::ByKey, true) => "issues.id = ANY(ARRAY(SELECT issue_units.issue_id FROM issue_units WHERE ",
            (UnitForm::ByKey, false) | (UnitForm::BesideKeyword, true) => {
                "issues.id IN (SELECT issue_units.issue_id FROM issue_units WHERE "
            }
        });
        out.push_sql("issue_units.unit_id = ");
        out.push_bind_param::<diesel::sql_types::Text, _>(&self.unit)?;
        if self.cooperating_only {
            out.push_sql(" AND issue_units.relation = 'cooperating'");
        }
        out.push_sql(if array { "))" } else { ")" });
        Ok(())
    }
}

/// Whether walking `passed` problems in the list's order for the first `upto` of `total`
/// matches reads fewer rows than looking up all `total`: a walk reads about `passed / total`
/// problems a match.
pub fn walk_pays(upto: i64, passed: i64, total: i64) -> bool {
    total > 0 && upto.saturating_mul(passed) < total.saturating_mul(total)
}

/// Whether a list page of `f` in `sort` reads a unit's problems (its scope or the unit filter)
/// in an order an index gives, so that the walk can take it: registration, or the deadline of
/// a red or yellow warning (`issues::ordered` leaves out the NULLs-last term there). The
/// service decides from the counts whether the walk pays (`service::issues::view::plan_units`).
pub fn walkable(visibility: &Visibility, f: &ListFilter, sort: Sort) -> bool {
    let units =
        f.unit_id.is_some() || matches!(visibility, Visibility::Scope(IssueScope::Limited { unit: Some(_), .. }));
    let by_index = match sort {
        Sort::CreatedDesc | Sort::CreatedAsc => true,
        Sort::DeadlineAsc | Sort::DeadlineDesc => f.implies_deadline(),
        _ => false,
    };
    units && by_index
}

#[cfg(test)]
mod tests {
    use super::walk_pays;

    #[test]
    fn the_walk_is_taken_where_a_page_fills_within_few_rows() {
        // A unit with one problem in 30 of 1,000,000: a page of 20 reads about 600.
        assert!(walk_pays(20, 1_000_000, 33_000));
        // Every problem the unit's: the walk reads just the page.
        assert!(walk_pays(20, 1_000_000, 1_000_000));
        // A handful, or deep pages: the lookup reads fewer.
        assert!(!walk_pays(20, 1_000_000, 300));
        assert!(!walk_pays(20, 1_000_000, 4_472));
        assert!(walk_pays(20, 1_000_000, 4_473));
        assert!(!walk_pays(30_000, 1_000_000, 33_000));
        // Nothing to find: no walk.
        assert!(!walk_pays(20, 1_000_000, 0));
        assert!(!walk_pays(20, 0, 0));
        // No overflow at the extremes.
        assert!(!walk_pays(i64::MAX, i64::MAX, 1));
        assert!(walk_pays(1, 1_000_000, i64::MAX));
    }
}
