//! End-to-end tests of the HTTP API, each on SQLite and PostgreSQL.

mod helpers;

mod deployment;
mod foundation;
