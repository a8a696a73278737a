//! Lvyue (履约): the case-management system behind a district government's campaign to keep
//! its promises to enterprises.

// ApiError carries the whole problem document; it travels only on the error path, where its
// size costs nothing that matters, and boxing it would obscure every handler.
#![allow(clippy::result_large_err)]

pub mod api;
pub mod audit;
pub mod auth;
pub mod cli;
pub mod clock;
pub mod config;
pub mod db;
pub mod domain;
pub mod error;
pub mod jobs;
pub mod middleware;
pub mod ops;
pub mod seed;
pub mod service;
pub mod spreadsheet;
pub mod startup;
pub mod storage;
pub mod store;
pub mod tabular;
