//! End-to-end tests of the HTTP API, each on SQLite and PostgreSQL.

mod helpers;

mod admin;
mod audit_trail;
mod auth;
mod cli;
mod deployment;
mod foundation;
mod imports;
mod issues;
mod spreadsheets;
mod supervision;
