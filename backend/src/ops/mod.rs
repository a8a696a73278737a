//! Operating the server: start-up bootstrap, backups, metrics, logs, the health check command.

pub mod backup;
pub mod bootstrap;
pub mod healthcheck;
pub mod logging;
pub mod metrics;
