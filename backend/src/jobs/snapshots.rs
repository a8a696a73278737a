//! The daily statistics snapshot (统计快照): from the configured hour of the day (setting
//! `stats.snapshot_hour`, Asia/Shanghai), today's figures of each active campaign are stored
//! once. A missed day stays missing: the past is never recomputed (see `service::snapshots`).

use std::time::Duration;

use chrono::Timelike;

use crate::{clock::Clock, db::Pool, service};

pub struct SnapshotJob {
    pub interval: Duration,
    pub window_days: i64,
}

impl super::Job for SnapshotJob {
    fn name(&self) -> &'static str {
        "stat_snapshots"
    }

    fn interval(&self) -> Duration {
        self.interval
    }

    fn run(&self, pool: &Pool, clock: &Clock, _stop: &super::Stop) -> anyhow::Result<Option<String>> {
        let mut conn = pool.get()?;
        let settings = service::settings::current(&mut conn).map_err(|e| anyhow::anyhow!("{e}"))?;
        let hour = clock.now().and_utc().with_timezone(&chrono_tz::Asia::Shanghai).hour();
        if i64::from(hour) < settings.snapshot_hour {
            return Ok(None);
        }
        let n = service::snapshots::take_due(&mut conn, clock, self.window_days).map_err(|e| anyhow::anyhow!("{e}"))?;
        Ok((n > 0).then(|| format!("{n} snapshot(s) of {} taken", clock.today())))
    }
}
