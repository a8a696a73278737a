//! What every handler can reach, and the bridge from a request to a use case's [`Context`].

use std::sync::Arc;

use actix_web::web;

use crate::{
    api::fallback::RouteTable,
    clock::Clock,
    config::Config,
    db::{DbConnection, Pool},
    error::ApiError,
};

pub struct AppState {
    pub pool: Pool,
    pub config: Arc<Config>,
    pub routes: RouteTable,
    pub clock: Clock,
    /// Exports running at once (`LVYUE_EXPORT_CONCURRENCY`); shared by every worker.
    pub exports: std::sync::Arc<tokio::sync::Semaphore>,
    /// Sign-in and refresh requests per client address (this server's share of the limit).
    pub login_rate: Arc<crate::auth::rate_limit::RequestRate>,
    /// Refused requests of the current minute, before they reach the audit trail.
    pub refusals: Arc<crate::audit::refusals::RefusalLog>,
    /// Where attachments are kept.
    pub storage: Arc<dyn crate::storage::BlobStore>,
    /// The warning window in calendar days for today (see [`WarningWindow`]).
    pub warning_window: Arc<WarningWindow>,
    /// Principals and the organisation's names (`service::read_cache`); shared by every worker.
    pub caches: Arc<crate::service::read_cache::ReadCaches>,
}

/// `LVYUE_WARNING_DAYS` counts working days: the calendar days they span from today depend on
/// the holiday calendar. Computed once a minute at most (a calendar change on this server
/// clears it; other servers follow within the minute).
#[derive(Debug, Default)]
pub struct WarningWindow {
    cached: std::sync::Mutex<Option<(chrono::NaiveDate, std::time::Instant, i64)>>,
}

impl WarningWindow {
    const FRESH: std::time::Duration = std::time::Duration::from_secs(60);

    fn get(&self, today: chrono::NaiveDate) -> Option<i64> {
        let cached = self.cached.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        cached.filter(|(day, at, _)| *day == today && at.elapsed() < Self::FRESH).map(|(_, _, days)| days)
    }

    fn set(&self, today: chrono::NaiveDate, days: i64) {
        *self.cached.lock().unwrap_or_else(std::sync::PoisonError::into_inner) =
            Some((today, std::time::Instant::now(), days));
    }

    pub fn clear(&self) {
        *self.cached.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = None;
    }
}

impl AppState {
    /// Today's warning window in calendar days (`LVYUE_WARNING_DAYS` working days ahead).
    pub async fn warning_days(&self) -> Result<i64, ApiError> {
        let today = self.clock.today();
        if let Some(days) = self.warning_window.get(today) {
            return Ok(days);
        }
        let working = self.config.warning_days;
        let days = self.db(move |conn| crate::service::calendar::warning_span(conn, today, working)).await?;
        self.warning_window.set(today, days);
        Ok(days)
    }

    /// Runs blocking database work on actix's thread pool with a pooled connection.
    pub async fn db<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        let pool = self.pool.clone();
        web::block(move || {
            let mut conn = pool.get()?;
            f(&mut conn)
        })
        .await?
    }

    /// Like [`AppState::write`], for use cases that claim a unique key (a source's reference):
    /// when a concurrent request took the key between this one's check and its insert
    /// (PostgreSQL answers a unique violation; SQLite's `BEGIN IMMEDIATE` serialises them), the
    /// transaction is rolled back and run once more, so that it answers as it would have one
    /// after the other (409 naming the existing problem, or an unchanged re-push).
    pub async fn write_claiming<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        F: Fn(&mut DbConnection) -> Result<T, ApiError> + Send + Sync + 'static,
        T: Send + 'static,
    {
        let f = std::sync::Arc::new(f);
        let first = f.clone();
        match self.write(move |conn| first(conn)).await {
            Err(e) if e.is_unique_race() => self.write(move |conn| f(conn)).await,
            other => other,
        }
    }

    /// Like [`AppState::db`], inside one write transaction: all or nothing.
    pub async fn write<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        self.db(move |conn| conn.write_tx(f)).await
    }
}
