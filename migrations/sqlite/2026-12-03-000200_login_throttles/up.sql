-- Failed sign-ins counted per client address and per (address, account name), shared by every
-- server. They replace the account lock-out (users.locked_until is no longer set): a lock that
-- anyone could impose from anywhere was a weapon against the real user.
CREATE TABLE login_throttles (
    key              TEXT PRIMARY KEY,
    failures         INTEGER NOT NULL,
    last_failure_at  TIMESTAMP NOT NULL,
    blocked_until    TIMESTAMP
);
CREATE INDEX login_throttles_last_failure_at ON login_throttles (last_failure_at);

