//! Keeps the materialized statistics fresh (#24): every few seconds (`LVYUE_STATS_REFRESH`),
//! recomputes the statistics questions whose answers a change or a new day has made due, so that
//! the dashboard is read, not computed, also on the first morning after a weekend (see
//! `service::stats` and `domain::stats_freshness::refresh_due`).

use std::time::Duration;

use crate::{clock::Clock, db::Pool, domain::stats_freshness::Policy, service};

pub struct StatsRefresh {
    pub interval: Duration,
    pub policy: Policy,
}

impl super::Job for StatsRefresh {
    fn name(&self) -> &'static str {
        "stats_refresh"
    }

    fn interval(&self) -> Duration {
        self.interval
    }

    fn run(&self, pool: &Pool, clock: &Clock, _stop: &super::Stop) -> anyhow::Result<Option<String>> {
        let mut conn = pool.get()?;
        // Within one interval, so that the lease (two intervals) outlasts the run.
        let n = service::stats::refresh_asked(&mut conn, clock, &self.policy, self.interval)
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        Ok((n > 0).then(|| format!("{n} statistics answer(s) recomputed")))
    }
}
