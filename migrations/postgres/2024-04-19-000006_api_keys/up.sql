-- API keys for the government portal and the office's scripts. The secret (lvk_…) is shown
-- once; only its SHA-256 is kept.
CREATE TABLE api_keys (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    unit_id       TEXT NOT NULL REFERENCES units (id),
    scopes        TEXT NOT NULL,
    prefix        TEXT NOT NULL,
    secret_hash   TEXT NOT NULL UNIQUE,
    created_by    TEXT NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    expires_at    TIMESTAMP,
    revoked_at    TIMESTAMP,
    last_used_at  TIMESTAMP
);
CREATE INDEX api_keys_unit_idx ON api_keys (unit_id);
