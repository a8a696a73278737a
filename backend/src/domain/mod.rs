//! Pure rules: no I/O, unit-tested exhaustively.

pub mod attachments;
pub mod calendar;
pub mod campaign;
pub mod coded;
pub mod image_location;
pub mod lifecycle;
pub mod login_throttle;
pub mod milestone;
pub mod money;
pub mod org;
pub mod outbound;
pub mod password_policy;
pub mod permissions;
pub mod repayment;
pub mod roles;
pub mod score;
pub mod settings;
pub mod stats_freshness;
pub mod supervision;
pub mod uscc;
pub mod warning;
