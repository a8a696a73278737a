-- Passwords an account has given up, so that a change cannot go back to one of the last five.
-- Only argon2id hashes are kept, never the passwords.
CREATE TABLE password_history (
    user_id        TEXT NOT NULL REFERENCES users (id),
    password_hash  TEXT NOT NULL,
    retired_at     TIMESTAMP NOT NULL
);
CREATE INDEX password_history_user_idx ON password_history (user_id, retired_at);
