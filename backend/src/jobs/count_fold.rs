//! Folds the problems' count deltas into the maintained counts every few seconds (#24), so that
//! a count sums a few rows (see `store::issue_counts`). A count is exact with or without it.

use std::time::Duration;

use crate::{clock::Clock, db::Pool, store};

pub struct CountFold {
    pub interval: Duration,
}

impl super::Job for CountFold {
    fn name(&self) -> &'static str {
        "count_fold"
    }

    fn interval(&self) -> Duration {
        self.interval
    }

    fn run(&self, pool: &Pool, _clock: &Clock) -> anyhow::Result<Option<String>> {
        let mut conn = pool.get()?;
        conn.write_tx(store::issue_counts::fold)?;
        Ok(None)
    }
}
