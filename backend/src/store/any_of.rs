//! `column IN (ids)` as a statement SQLite prepares once.
//!
//! diesel writes `eq_any` on SQLite as `IN (?, ?, …)`, one placeholder per id, and never caches
//! such a statement: every batched lookup (the DTO's related rows, a list page's) was parsed and
//! planned again at each request, a fifth of a read's CPU in a profile. `any_of` binds the ids as
//! one JSON array instead (`IN (SELECT value FROM json_each(?))`), the same text for any number
//! of ids. PostgreSQL keeps diesel's `= ANY($1)`, which is one placeholder already.

use std::marker::PhantomData;

use diesel::{
    Column, ExpressionMethods,
    expression::{AppearsOnTable, Expression, SelectableExpression, ValidGrouping},
    query_builder::{AstPass, QueryFragment, QueryId},
    sql_types::{Bool, Text},
};

use crate::db::{IssueId, MultiBackend};

#[derive(Debug, Clone)]
pub struct AnyOf<C, E> {
    json: String,
    in_list: E,
    column: PhantomData<C>,
}

/// `column` is one of the problems `ids`. The column is written unqualified: use it on one
/// table's query.
pub fn any_issue<C>(column: C, ids: &[IssueId]) -> AnyOf<C, diesel::dsl::EqAny<C, &[IssueId]>>
where
    C: Column<SqlType = Text> + ExpressionMethods,
{
    let json = serde_json::to_string(&ids.iter().map(IssueId::as_str).collect::<Vec<&str>>()).unwrap_or_default();
    AnyOf { json, in_list: column.eq_any(ids), column: PhantomData }
}

impl<C, E> Expression for AnyOf<C, E> {
    type SqlType = Bool;
}

impl<C, E: AppearsOnTable<QS>, QS> AppearsOnTable<QS> for AnyOf<C, E> {}
impl<C, E: SelectableExpression<QS>, QS> SelectableExpression<QS> for AnyOf<C, E> {}

impl<C, E: ValidGrouping<GB>, GB> ValidGrouping<GB> for AnyOf<C, E> {
    type IsAggregate = E::IsAggregate;
}

impl<C, E> QueryId for AnyOf<C, E> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<C: Column, E: QueryFragment<MultiBackend>> QueryFragment<MultiBackend> for AnyOf<C, E> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, MultiBackend>) -> diesel::QueryResult<()> {
        // A connection has one backend: every pass takes the same branch.
        if matches!(out.backend(), MultiBackend::Sqlite(_)) {
            out.push_identifier(C::NAME)?;
            out.push_sql(" IN (SELECT value FROM json_each(");
            out.push_bind_param::<Text, _>(&self.json)?;
            out.push_sql("))");
            Ok(())
        } else {
            self.in_list.walk_ast(out)
        }
    }
}

/// `column IN (subquery)` with a subquery boxed for [`MultiBackend`] (a filtered list of
/// problems): diesel's `eq_any` wants a subquery that is a fragment of each backend, which a
/// boxed query is not. Lets a lookup by problem be one statement over the filter, which the
/// database answers with a semi-join, instead of binding every id.
#[derive(Debug, Clone)]
pub struct InQuery<C, Q> {
    column: C,
    query: Q,
}

pub fn in_query<C, Q>(column: C, query: Q) -> InQuery<C, Q>
where
    C: Column<SqlType = Text>,
    Q: QueryFragment<MultiBackend>,
{
    InQuery { column, query }
}

impl<C, Q> Expression for InQuery<C, Q> {
    type SqlType = Bool;
}

impl<C: AppearsOnTable<QS>, Q, QS> AppearsOnTable<QS> for InQuery<C, Q> {}
impl<C: SelectableExpression<QS>, Q, QS> SelectableExpression<QS> for InQuery<C, Q> {}

impl<C: ValidGrouping<GB>, Q, GB> ValidGrouping<GB> for InQuery<C, Q> {
    type IsAggregate = C::IsAggregate;
}

impl<C, Q> QueryId for InQuery<C, Q> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<C: QueryFragment<MultiBackend>, Q: QueryFragment<MultiBackend>> QueryFragment<MultiBackend> for InQuery<C, Q> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, MultiBackend>) -> diesel::QueryResult<()> {
        self.column.walk_ast(out.reborrow())?;
        out.push_sql(" IN (");
        self.query.walk_ast(out.reborrow())?;
        out.push_sql(")");
        Ok(())
    }
}
