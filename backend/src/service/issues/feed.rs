//! The change feed (#21): the problems changed after a position of the outbox sequence, in the
//! order of their changes, for users and integration clients alike (each within its scope).
//!
//! The position is the outbox's `seq`, assigned under a counter row's lock held until commit, so
//! positions become visible in order: a reader that continues from its cursor never skips a
//! change committed late. A problem changed several times within a page appears once, in its
//! current state; changed again later, it appears again on a later page.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;

use crate::{
    db::{DbConnection, IssueId, schema::issues},
    domain::permissions::Permission,
    error::ApiError,
    service::{Context, issues::IssueDto, issues::public::PublicIssue},
    store::{
        self,
        issues::{Issue, ListFilter},
    },
};

/// Events examined per request at most; a feed page may end early (with `has_more`).
const SCAN_LIMIT: usize = 5000;
const BATCH: i64 = 500;

/// Where a feed read starts: after a cursor, or at the first change since a time.
#[derive(Debug, Clone, Copy)]
pub enum FeedStart {
    Cursor(i64),
    Since(DateTime<Utc>),
}

/// One page of the change feed (staff's read model).
#[derive(Debug, Serialize, ToSchema)]
pub struct IssueFeed {
    pub items: Vec<IssueDto>,
    /// Pass as `cursor` to continue after this page (also when it is empty: nothing new yet).
    pub next_cursor: String,
    /// More changes are waiting: ask again at once with `next_cursor`.
    pub has_more: bool,
}

/// One page of the change feed (an integration's public view).
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicIssueFeed {
    pub items: Vec<PublicIssue>,
    pub next_cursor: String,
    pub has_more: bool,
}

const CURSOR_PREFIX: &str = "lvf1:";

pub fn encode_cursor(seq: i64) -> String {
    hex::encode(format!("{CURSOR_PREFIX}{seq}"))
}

/// The position an opaque cursor stands for (422 naming `cursor` otherwise).
pub fn decode_cursor(cursor: &str) -> Result<i64, ApiError> {
    let bad = || ApiError::field("cursor", "游标无效 (请使用上一页答复的 next_cursor)");
    let bytes = hex::decode(cursor.trim()).map_err(|_| bad())?;
    let text = String::from_utf8(bytes).map_err(|_| bad())?;
    text.strip_prefix(CURSOR_PREFIX).and_then(|s| s.parse::<i64>().ok()).filter(|s| *s >= 0).ok_or_else(bad)
}

/// The problems (in the caller's scope, passing `filter`) changed after the start, at most
/// `page_size`, with the position to continue from and whether more are waiting.
pub fn changed(
    conn: &mut DbConnection,
    cx: &Context,
    mut filter: ListFilter,
    start: FeedStart,
    page_size: i64,
) -> Result<(Vec<Issue>, i64, bool), ApiError> {
    cx.principal.require(Permission::ReadIssues)?;
    filter.today = cx.clock.today();
    filter.window_days = cx.warning_days;
    let visibility = cx.visibility();
    let mut pos = match start {
        FeedStart::Cursor(seq) => seq,
        FeedStart::Since(t) => store::outbox::position_before(conn, t.naive_utc())?,
    };
    let mut picked: Vec<IssueId> = Vec::new();
    let mut seen: HashSet<IssueId> = HashSet::new();
    let mut scanned = 0usize;
    let mut has_more = false;
    'scan: loop {
        let batch = store::outbox::issue_positions_after(conn, pos, BATCH)?;
        if batch.is_empty() {
            break;
        }
        let ids: Vec<IssueId> = batch.iter().map(|(_, i)| i.clone()).filter(|i| !seen.contains(i)).collect();
        let visible: HashSet<IssueId> = store::issues::filtered(&visibility, &filter)
            .filter(issues::id.eq_any(ids))
            .select(issues::id)
            .load::<IssueId>(conn)?
            .into_iter()
            .collect();
        for (seq, id) in &batch {
            if visible.contains(id) && !seen.contains(id) {
                if picked.len() as i64 >= page_size {
                    has_more = true;
                    break 'scan;
                }
                seen.insert(id.clone());
                picked.push(id.clone());
            }
            pos = *seq;
        }
        scanned += batch.len();
        if scanned >= SCAN_LIMIT {
            has_more = store::outbox::issue_positions_after(conn, pos, 1)?.len() == 1;
            break;
        }
        if (batch.len() as i64) < BATCH {
            break;
        }
    }
    let mut rows: Vec<Issue> =
        issues::table.filter(issues::id.eq_any(&picked)).select(Issue::as_select()).load(conn)?;
    rows.sort_by_key(|i| picked.iter().position(|p| p == &i.id));
    Ok((rows, pos, has_more))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_refuse_anything_else() {
        assert_eq!(decode_cursor(&encode_cursor(42)).unwrap(), 42);
        for bad in ["", "zz", "42", &hex::encode("lvf1:-1"), &hex::encode("other:1")] {
            assert_eq!(decode_cursor(bad).unwrap_err().errors[0].field, "cursor", "{bad}");
        }
    }
}
