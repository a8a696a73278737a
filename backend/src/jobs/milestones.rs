//! Milestone reminders (节点报送提醒): units asked for a submission that have not filed it are
//! told some days before the due date (`campaigns.milestone_reminder_days`) and on the day, each
//! once (see `service::milestones::send_reminders`).

use std::time::Duration;

use crate::{clock::Clock, db::Pool, service};

pub struct MilestoneReminders {
    pub interval: Duration,
}

impl super::Job for MilestoneReminders {
    fn name(&self) -> &'static str {
        "milestone_reminders"
    }

    fn interval(&self) -> Duration {
        self.interval
    }

    fn run(&self, pool: &Pool, clock: &Clock, _stop: &super::Stop) -> anyhow::Result<Option<String>> {
        let n = service::milestones::send_reminders(&mut *pool.get()?, clock.now(), clock.today())
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        Ok((n > 0).then(|| format!("{n} unit(s) reminded of a milestone")))
    }
}
