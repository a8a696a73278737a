//! Pure rules: no I/O, unit-tested exhaustively.

pub mod password_policy;
pub mod permissions;
pub mod roles;
