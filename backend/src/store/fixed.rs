//! SQL text that diesel's DSL cannot say, fixed per backend and as cacheable as any statement.

use std::marker::PhantomData;

use diesel::{
    QueryResult,
    expression::{AppearsOnTable, Expression, SelectableExpression, ValidGrouping},
    query_builder::{AstPass, QueryFragment, QueryId},
};

use crate::db::MultiBackend;

/// A fixed SQL expression, per backend. diesel's `sql` literal marks its statement as not to be
/// cached, so SQLite parsed and planned the read model's query (five subqueries) at every read:
/// a third of a read's CPU in a profile. Fixed text is as safe to cache as any other statement.
#[derive(Debug, Clone, Copy)]
pub struct Fixed<T> {
    postgres: &'static str,
    sqlite: &'static str,
    sql_type: PhantomData<T>,
}

pub const fn fixed<T>(postgres: &'static str, sqlite: &'static str) -> Fixed<T> {
    Fixed { postgres, sqlite, sql_type: PhantomData }
}

impl<T: diesel::expression::TypedExpressionType> Expression for Fixed<T> {
    type SqlType = T;
}

impl<T, QS> AppearsOnTable<QS> for Fixed<T> where Self: Expression {}
impl<T, QS> SelectableExpression<QS> for Fixed<T> where Self: Expression {}

impl<T, GB> ValidGrouping<GB> for Fixed<T> {
    type IsAggregate = diesel::expression::is_aggregate::Never;
}

impl<T> QueryId for Fixed<T> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<T> QueryFragment<MultiBackend> for Fixed<T> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, MultiBackend>) -> QueryResult<()> {
        match out.backend() {
            MultiBackend::Sqlite(_) => out.push_sql(self.sqlite),
            _ => out.push_sql(self.postgres),
        }
        Ok(())
    }
}
