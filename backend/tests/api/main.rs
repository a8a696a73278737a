//! End-to-end tests of the HTTP API, each on SQLite and PostgreSQL.

mod helpers;

mod admin;
mod attachments;
mod audit_trail;
mod auth;
mod backup;
mod batch;
mod campaigns;
mod cli;
mod deployment;
mod examples;
mod foundation;
mod hostile_requests;
mod imports;
mod issues;
mod ledger;
mod migrate_import;
mod milestones;
mod numbers;
mod operations;
mod portal;
mod process;
mod read_cache;
mod separation;
mod spreadsheets;
mod supervision;
mod totp;
mod two_servers;
mod upgrade;
mod webhooks;
