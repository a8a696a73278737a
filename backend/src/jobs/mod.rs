//! Periodic work inside `serve`, beside the HTTP server. With several servers on one database
//! each job runs on one of them at a time: before each run a server takes the job's lease
//! (`job_leases`), and the others skip while it is held. A server that dies loses its lease when
//! it expires, and another takes over.

pub mod audit_checkpoint;
pub mod count_fold;
pub mod deadlines;
pub mod milestones;
pub mod snapshots;
pub mod stats_refresh;
pub mod webhooks;

use std::{sync::Arc, time::Duration};

use crate::{clock::Clock, config::Config, db::Pool, ops::metrics::Metrics, store};

/// A periodic job.
pub trait Job: Send + Sync + 'static {
    /// Its name, also the key of its lease.
    fn name(&self) -> &'static str;
    fn interval(&self) -> Duration;
    /// One run; answers what it did, for the log (`None`: nothing worth a line).
    fn run(&self, pool: &Pool, clock: &Clock) -> anyhow::Result<Option<String>>;
}

/// This process's name as a lease holder.
fn holder_id() -> String {
    format!("{}:{}", std::process::id(), uuid::Uuid::now_v7().simple())
}

/// The jobs `serve` runs.
pub fn all(config: &Config) -> Vec<Arc<dyn Job>> {
    vec![
        Arc::new(deadlines::DeadlineScan {
            interval: Duration::from_secs(config.scan_interval_secs),
            window_days: config.warning_days,
        }),
        Arc::new(snapshots::SnapshotJob {
            interval: Duration::from_secs(config.scan_interval_secs),
            window_days: config.warning_days,
        }),
        Arc::new(count_fold::CountFold { interval: Duration::from_secs(10) }),
        Arc::new(stats_refresh::StatsRefresh {
            interval: Duration::from_secs(config.stats_refresh_secs),
            policy: config.stats_freshness,
        }),
        Arc::new(milestones::MilestoneReminders { interval: Duration::from_secs(config.scan_interval_secs) }),
        Arc::new(audit_checkpoint::CheckpointJob {
            interval: Duration::from_secs(30),
            file: config.audit_checkpoint_file.clone(),
        }),
    ]
}

/// Runs `job` every interval for as long as the task lives, when this server holds its lease.
pub async fn run_forever(job: Arc<dyn Job>, pool: Pool, clock: Clock, metrics: Arc<Metrics>) {
    let holder = holder_id();
    let mut interval = tokio::time::interval(job.interval());
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        interval.tick().await;
        let (job, pool, clock, holder) = (job.clone(), pool.clone(), clock.clone(), holder.clone());
        let name = job.name();
        let outcome = tokio::task::spawn_blocking(move || run_once(job.as_ref(), &pool, &clock, &holder)).await;
        // A run skipped because another server holds the lease is not a failure.
        metrics.job_finished(name, matches!(outcome, Ok(Ok(_))));
        match outcome {
            Ok(Ok(Some(summary))) => log::info!("job {name}: {summary}"),
            Ok(Ok(None)) => {}
            Ok(Err(e)) => log::warn!("job {name} failed: {e:#}"),
            Err(e) => log::warn!("job {name} task failed: {e}"),
        }
    }
}

/// One run if the lease is ours (taken or renewed for two intervals); `Ok(None)` when another
/// server holds it.
pub fn run_once(job: &dyn Job, pool: &Pool, clock: &Clock, holder: &str) -> anyhow::Result<Option<String>> {
    let now = clock.now();
    let ttl = chrono::Duration::from_std(job.interval() * 2).unwrap_or(chrono::Duration::minutes(10));
    let mut conn = pool.get()?;
    let ours = conn.write_tx(|c| store::job_leases::try_acquire(c, job.name(), holder, now, now + ttl))?;
    if !ours {
        return Ok(None);
    }
    let summary = job.run(pool, clock)?;
    conn.write_tx(|c| store::job_leases::finished(c, job.name(), holder, clock.now()))?;
    Ok(summary)
}
