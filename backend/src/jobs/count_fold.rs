//! Folds the problems' count deltas into the maintained counts every few seconds (#24), so that
//! a count sums a few rows (see `store::issue_counts`), and the changed problems' shares into the
//! overview's sums (`service::stats::fold_shares`). Both are exact with or without it; the fold
//! keeps them fast.

use std::time::Duration;

use crate::{clock::Clock, db::Pool, service, store};

/// How long one run may fold shares.
const SHARES_BUDGET: Duration = Duration::from_secs(5);

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

    fn run(&self, pool: &Pool, _clock: &Clock, _stop: &super::Stop) -> anyhow::Result<Option<String>> {
        let mut conn = pool.get()?;
        conn.write_tx(store::issue_counts::fold)?;
        // A bounded run: after a large import the next runs go on where this one stopped.
        service::stats::fold_shares(&mut conn, SHARES_BUDGET)?;
        Ok(None)
    }
}
