-- The second factor (RFC 6238 TOTP) of an account: its secret while enrolment waits for the
-- first code (confirmed_at null) and once confirmed, and the last time step whose code was
-- accepted (a code is good once). At most one row per account; a reset deletes it.
CREATE TABLE user_totp (
    user_id       TEXT PRIMARY KEY REFERENCES users (id),
    secret        TEXT NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    confirmed_at  TIMESTAMP,
    last_step     BIGINT
);
-- One-time recovery codes, stored as SHA-256 digests only; used_at set when spent.
CREATE TABLE totp_recovery_codes (
    user_id    TEXT NOT NULL REFERENCES users (id),
    code_hash  TEXT NOT NULL,
    used_at    TIMESTAMP,
    PRIMARY KEY (user_id, code_hash)
);
