//! The audit chain's periodic checkpoint (`audit::checkpoint`): every 100 records or 5 minutes,
//! on the server holding the lease, to the database and the log.

use std::time::Duration;

use crate::{audit, clock::Clock, db::Pool};

/// The periodic checkpoint, run by the server holding its lease.
pub struct CheckpointJob {
    pub interval: Duration,
}

impl crate::jobs::Job for CheckpointJob {
    fn name(&self) -> &'static str {
        "audit_checkpoint"
    }

    fn interval(&self) -> Duration {
        self.interval
    }

    fn run(&self, pool: &Pool, clock: &Clock) -> anyhow::Result<Option<String>> {
        let Some(key) = audit::key::installed() else { return Ok(None) };
        let mut conn = pool.get()?;
        let now = clock.now();
        let cp = conn.write_tx(|c| audit::checkpoint::take(c, key, now, false))?;
        Ok(cp.map(|cp| format!("checkpoint at record {} (key {})", cp.seq, cp.key_id)))
    }
}
