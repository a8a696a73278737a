//! Queries, one module per aggregate. Functions take a connection and never open their own
//! transaction: the caller decides the transaction's extent (see `DbConnection::write_tx`).

pub mod api_keys;
pub mod campaigns;
pub mod counters;
pub mod dictionaries;
pub mod groups;
pub mod issues;
pub mod sessions;
pub mod stats;
pub mod supervision;
pub mod units;
pub mod users;

use chrono::NaiveDateTime;

/// Now, in UTC, at microsecond precision (what both databases keep).
pub fn now() -> NaiveDateTime {
    let n = chrono::Utc::now().naive_utc();
    chrono::SubsecRound::trunc_subsecs(n, 6)
}
