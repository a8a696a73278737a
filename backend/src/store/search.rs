//! Keyword search (`q`) over the problems' title, description, enterprise name and number:
//! which index answers a keyword on each backend (docs/performance.md, "Keyword search").

use diesel::{
    prelude::*,
    sql_types::{Bool, Nullable},
};

use crate::db::{DbConnection, MultiBackend, schema::issues};
use crate::store::issues::ListFilter;

/// Problems whose title, description, enterprise name or number contains a keyword.
///
/// One definition, answered through each backend's indexes (docs/performance.md):
/// - three or more characters: on SQLite the FTS5 trigram table `issues_fts` (a phrase of
///   trigrams is itself a substring match); on PostgreSQL the pg_trgm GIN indexes serve `LIKE`;
/// - one or two characters: the problems holding that character or pair of characters, in
///   `issues_grams` (SQLite, when the keyword is letters, digits or Chinese characters, so that
///   it is one token) or `issue_search_grams` (PostgreSQL) — unless the list asked for a scan
///   ([`ListFilter::q_by_scan`]);
/// - anything else is answered by scanning.
///
/// The grams only narrow the rows; `LIKE` decides which of them match. Matching follows `LIKE` as it always has: ASCII letters case-insensitively on SQLite,
/// case-sensitively on PostgreSQL; `%`, `_` and quotes in the keyword are literal.
#[derive(Debug, Clone)]
pub struct Keyword {
    /// `%keyword%` with the LIKE wildcards escaped.
    pattern: String,
    index: KeywordIndex,
}

#[derive(Debug, Clone)]
enum KeywordIndex {
    /// The keyword as one FTS5 phrase (double quotes doubled), for SQLite's trigram table.
    Trigrams(String),
    /// A keyword of one or two characters.
    Grams(String),
    Scan,
}

/// Whether a keyword is looked up by its trigrams, on either backend: three characters or more.
pub fn by_trigrams(text: &str) -> bool {
    text.chars().count() >= 3
}

impl Keyword {
    pub fn new(text: &str, by_scan: bool) -> Self {
        let index = if by_trigrams(text) {
            KeywordIndex::Trigrams(format!("\"{}\"", text.replace('"', "\"\"")))
        } else if text.is_empty() || by_scan {
            KeywordIndex::Scan
        } else {
            KeywordIndex::Grams(text.to_owned())
        };
        Keyword { pattern: format!("%{}%", crate::store::users::escape_like(text)), index }
    }

    /// The grams to look up on this backend, if any: on SQLite a keyword must be one token of
    /// the unicode61 tokenizer, so only letters and digits of ASCII and Chinese characters
    /// (the CJK blocks as of Unicode 6.1, the tokenizer's tables) go through the index.
    fn grams(&self, sqlite: bool) -> Option<&str> {
        let KeywordIndex::Grams(text) = &self.index else { return None };
        let one_token = |c: char| {
            c.is_ascii_alphanumeric()
                || ('\u{4E00}'..='\u{9FCB}').contains(&c)
                || ('\u{3400}'..='\u{4DB5}').contains(&c)
        };
        (!sqlite || text.chars().all(one_token)).then_some(text.as_str())
    }

    /// How many problems hold the keyword's grams, counted up to `cap + 1`; `None` when the
    /// keyword is not looked up by its grams on this backend.
    fn gram_holders(&self, conn: &mut DbConnection, cap: i64) -> QueryResult<Option<i64>> {
        use diesel::sql_types::{BigInt, Text};
        #[derive(QueryableByName)]
        struct N {
            #[diesel(sql_type = BigInt)]
            n: i64,
        }
        let sqlite = !conn.is_postgres();
        let Some(grams) = self.grams(sqlite) else { return Ok(None) };
        let sql = if sqlite {
            "SELECT COUNT(*) AS n FROM (SELECT rowid FROM issues_grams WHERE issues_grams MATCH $1 LIMIT $2) AS holders"
        } else {
            "SELECT COUNT(*) AS n FROM (SELECT 1 FROM issue_search_grams WHERE grams @> ARRAY[$1]::text[] LIMIT $2) AS holders"
        };
        let token = if sqlite { format!("\"{grams}\"") } else { grams.to_owned() };
        let found: N = diesel::sql_query(sql).bind::<Text, _>(token).bind::<BigInt, _>(cap + 1).get_result(conn)?;
        Ok(Some(found.n))
    }
}

impl Expression for Keyword {
    type SqlType = Nullable<Bool>;
}

impl AppearsOnTable<issues::table> for Keyword {}
impl SelectableExpression<issues::table> for Keyword {}

impl diesel::expression::ValidGrouping<()> for Keyword {
    type IsAggregate = diesel::expression::is_aggregate::Never;
}

impl diesel::query_builder::QueryId for Keyword {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl diesel::query_builder::QueryFragment<MultiBackend> for Keyword {
    fn walk_ast<'b>(&'b self, mut out: diesel::query_builder::AstPass<'_, 'b, MultiBackend>) -> QueryResult<()> {
        use diesel::sql_types::Text;
        // The SQL differs per backend; every pass (text, binds, cache key) takes the same branch
        // because a connection has one backend.
        let sqlite = matches!(out.backend(), MultiBackend::Sqlite(_));
        match (&self.index, self.grams(sqlite)) {
            (KeywordIndex::Trigrams(phrase), _) if sqlite => {
                out.push_sql(
                    "issues.id IN (SELECT k.issue_id FROM issue_search_keys k WHERE k.rowid IN \
                     (SELECT rowid FROM issues_fts WHERE issues_fts MATCH ",
                );
                out.push_bind_param::<Text, _>(phrase)?;
                // A phrase of trigrams is itself "contains the text".
                out.push_sql("))");
                return Ok(());
            }
            (_, Some(grams)) if sqlite => {
                // The phrase is the keyword itself: `grams` admits no quote.
                out.push_sql(
                    "issues.id IN (SELECT k.issue_id FROM issue_search_keys k WHERE k.rowid IN \
                     (SELECT rowid FROM issues_grams WHERE issues_grams MATCH '\"' || ",
                );
                out.push_bind_param::<Text, _>(grams)?;
                out.push_sql(" || '\"')) AND ");
            }
            (_, Some(grams)) => {
                out.push_sql("issues.id IN (SELECT issue_id FROM issue_search_grams WHERE grams @> ARRAY[");
                out.push_bind_param::<Text, _>(grams)?;
                out.push_sql("]::text[]) AND ");
            }
            _ => {}
        }
        out.push_sql("(");
        for (i, column) in
            ["issues.title", "issues.description", "issues.enterprise_name", "issues.number"].into_iter().enumerate()
        {
            if i > 0 {
                out.push_sql(" OR ");
            }
            out.push_sql(column);
            out.push_sql(" LIKE ");
            out.push_bind_param::<Text, _>(&self.pattern)?;
            out.push_sql(" ESCAPE '\\'");
        }
        out.push_sql(")");
        Ok(())
    }
}

/// Up to how many problems a keyword of one or two characters is looked up through its index.
/// Beyond, a page fills within its first rows in the list's order, and the office's total for
/// the keyword alone is given as "more than this" instead of counting every match.
pub const SHORT_KEYWORD_INDEXED_UP_TO: i64 = 5_000;

/// Decides how a list answers its keyword ([`ListFilter::q_by_scan`]); answers whether the
/// keyword alone is in more than [`SHORT_KEYWORD_INDEXED_UP_TO`] problems.
pub fn plan_keyword(conn: &mut DbConnection, f: &mut ListFilter) -> QueryResult<bool> {
    let Some(text) = &f.q else { return Ok(false) };
    let holders = Keyword::new(text, false).gram_holders(conn, SHORT_KEYWORD_INDEXED_UP_TO)?;
    f.q_by_scan = holders.is_some_and(|n| n > SHORT_KEYWORD_INDEXED_UP_TO);
    Ok(f.q_by_scan)
}
