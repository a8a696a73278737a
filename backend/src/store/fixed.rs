//! SQL text that diesel's DSL cannot say, fixed per backend and as cacheable as any statement.

/// Declares a fixed SQL expression, per backend, as a type of its own.
///
/// diesel's `sql` literal marks its statement as not to be cached, so SQLite parsed and planned
/// the read model's query (five subqueries) at every read: a third of a read's CPU in a profile.
/// Fixed text is as safe to cache as any other statement. Being a type of its own, the
/// expression also keeps the static query id of a statement built only of typed parts: diesel
/// then finds the prepared statement in its cache by type, without building the statement's text
/// first (a fifth of a single read's CPU when the text was built at every read). The text may
/// differ by backend only: a connection's statement cache serves one backend.
macro_rules! fixed_sql {
    ($(#[$doc:meta])* $vis:vis $name:ident: $sql_type:ty = ($postgres:expr, $sqlite:expr $(,)?)) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, diesel::query_builder::QueryId)]
        $vis struct $name;

        impl diesel::expression::Expression for $name {
            type SqlType = $sql_type;
        }
        impl<QS> diesel::expression::AppearsOnTable<QS> for $name {}
        impl<QS> diesel::expression::SelectableExpression<QS> for $name {}
        impl<GB> diesel::expression::ValidGrouping<GB> for $name {
            type IsAggregate = diesel::expression::is_aggregate::Never;
        }
        impl diesel::query_builder::QueryFragment<$crate::db::MultiBackend> for $name {
            fn walk_ast<'b>(
                &'b self,
                mut out: diesel::query_builder::AstPass<'_, 'b, $crate::db::MultiBackend>,
            ) -> diesel::QueryResult<()> {
                match out.backend() {
                    $crate::db::MultiBackend::Sqlite(_) => out.push_sql($sqlite),
                    _ => out.push_sql($postgres),
                }
                Ok(())
            }
        }
        impl diesel::query_builder::QueryFragment<diesel::pg::Pg> for $name {
            fn walk_ast<'b>(&'b self, mut out: diesel::query_builder::AstPass<'_, 'b, diesel::pg::Pg>) -> diesel::QueryResult<()> {
                out.push_sql($postgres);
                Ok(())
            }
        }
        impl diesel::query_builder::QueryFragment<diesel::sqlite::Sqlite> for $name {
            fn walk_ast<'b>(
                &'b self,
                mut out: diesel::query_builder::AstPass<'_, 'b, diesel::sqlite::Sqlite>,
            ) -> diesel::QueryResult<()> {
                out.push_sql($sqlite);
                Ok(())
            }
        }
    };
}
pub(crate) use fixed_sql;
