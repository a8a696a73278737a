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
}

impl AppState {
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

    /// Like [`AppState::db`], inside one write transaction: all or nothing.
    pub async fn write<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        self.db(move |conn| conn.write_tx(f)).await
    }
}
