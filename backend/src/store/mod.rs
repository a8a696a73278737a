//! Queries, one module per aggregate. Functions take a connection and never open their own
//! transaction: the caller decides the transaction's extent (see `DbConnection::write_tx`).

pub mod any_of;
pub mod api_keys;
pub mod attachments;
pub mod calendar;
pub mod campaigns;
pub mod counters;
pub mod dictionaries;
pub mod facts;
pub mod fixed;
pub mod groups;
pub mod integration_clients;
pub mod issue_counts;
pub mod issue_views;
pub mod issues;
pub mod job_leases;
pub mod login_throttles;
pub mod outbox;
pub mod payments;
pub mod plans;
pub mod read_cache;
pub mod replies;
pub mod search;
pub mod sessions;
pub mod settings;
pub mod snapshots;
pub mod stats;
pub mod stats_materialized;
pub mod submissions;
pub mod supervision;
pub mod supplements;
pub mod totp;
pub mod units;
pub mod users;
pub mod verifications;
pub mod webhooks;
