//! Authentication: password hashes, access tokens (JWT), refresh tokens and the principal every
//! use case takes.

pub mod jwt;
pub mod password;
pub mod principal;
pub mod rate_limit;
pub mod tokens;
pub mod totp;

pub use principal::{Principal, Subject};

use chrono::Duration;

/// Access tokens live 15 minutes.
pub const ACCESS_TTL: Duration = Duration::minutes(15);
/// A refresh token unused for 30 minutes expires (idle timeout).
pub const REFRESH_IDLE_TTL: Duration = Duration::minutes(30);
/// A sign-in session ends after 12 hours whatever happens.
pub const SESSION_ABSOLUTE_TTL: Duration = Duration::hours(12);
