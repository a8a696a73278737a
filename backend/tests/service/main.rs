//! The use cases without HTTP: each service function called directly with a `Context`, on a
//! fresh database of each backend, checking what it wrote (state, memberships, timeline, outbox,
//! notifications, audit) and what it refused.

// The use cases answer `ApiError` (a whole problem document) on the error path, as the library
// does (see its crate attribute).
#![allow(clippy::result_large_err)]

mod admin;
mod harness;
mod issues;
mod supervision;
mod system;
