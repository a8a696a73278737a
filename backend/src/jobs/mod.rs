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

use std::{
    sync::{
        Arc,
        atomic::{AtomicBool, Ordering},
    },
    time::Duration,
};

use tokio::sync::Notify;

use crate::{clock::Clock, config::Config, db::Pool, ops::metrics::Metrics, store};

/// Set when the server stops. A job's run checks it between its transactions and ends early, so
/// that a stopping server is not kept waiting by a long run (a blocking thread cannot be
/// aborted: the runtime waits for it before the process exits).
#[derive(Clone, Default)]
pub struct Stop(Arc<(AtomicBool, Notify)>);

impl Stop {
    pub fn set(&self) {
        self.0.0.store(true, Ordering::SeqCst);
        self.0.1.notify_waiters();
    }

    pub fn is_set(&self) -> bool {
        self.0.0.load(Ordering::SeqCst)
    }

    /// Waits until it is set.
    pub async fn wait(&self) {
        let notified = self.0.1.notified();
        tokio::pin!(notified);
        // Registered before the check, so that a `set` in between is not missed.
        notified.as_mut().enable();
        if !self.is_set() {
            notified.await;
        }
    }
}

/// A periodic job.
pub trait Job: Send + Sync + 'static {
    /// Its name, also the key of its lease.
    fn name(&self) -> &'static str;
    fn interval(&self) -> Duration;
    /// One run; answers what it did, for the log (`None`: nothing worth a line). A run that
    /// may take long ends at its next transaction's boundary once `stop` is set.
    fn run(&self, pool: &Pool, clock: &Clock, stop: &Stop) -> anyhow::Result<Option<String>>;
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

/// Runs `job` every interval, when this server holds its lease, until `stop` is set; then
/// returns once the run in progress (told to stop too) has ended.
pub async fn run_forever(job: Arc<dyn Job>, pool: Pool, clock: Clock, metrics: Arc<Metrics>, stop: Stop) {
    let holder = holder_id();
    let mut interval = tokio::time::interval(job.interval());
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = interval.tick() => {}
            () = stop.wait() => return,
        }
        let (job, pool, clock, holder, run_stop) =
            (job.clone(), pool.clone(), clock.clone(), holder.clone(), stop.clone());
        let name = job.name();
        let outcome =
            tokio::task::spawn_blocking(move || run_once(job.as_ref(), &pool, &clock, &holder, &run_stop)).await;
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
pub fn run_once(
    job: &dyn Job,
    pool: &Pool,
    clock: &Clock,
    holder: &str,
    stop: &Stop,
) -> anyhow::Result<Option<String>> {
    let now = clock.now();
    let ttl = chrono::Duration::from_std(job.interval() * 2).unwrap_or(chrono::Duration::minutes(10));
    let mut conn = pool.get()?;
    let ours = conn.write_tx(|c| store::job_leases::try_acquire(c, job.name(), holder, now, now + ttl))?;
    if !ours {
        return Ok(None);
    }
    let summary = job.run(pool, clock, stop)?;
    conn.write_tx(|c| store::job_leases::finished(c, job.name(), holder, clock.now()))?;
    Ok(summary)
}
