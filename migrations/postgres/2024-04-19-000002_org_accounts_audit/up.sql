-- The work groups of 一办五组 and their member (配合) units.
CREATE TABLE work_groups (
    id            TEXT PRIMARY KEY,
    code          TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL UNIQUE,
    lead_unit_id  TEXT NOT NULL REFERENCES units (id),
    category      TEXT UNIQUE,
    sort_order    INTEGER NOT NULL DEFAULT 0,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);

CREATE TABLE group_members (
    group_id  TEXT NOT NULL REFERENCES work_groups (id) ON DELETE CASCADE,
    unit_id   TEXT NOT NULL REFERENCES units (id),
    PRIMARY KEY (group_id, unit_id)
);
CREATE INDEX group_members_unit_idx ON group_members (unit_id);

-- Dictionaries editable by the system administrator: categories, problem types, sources.
CREATE TABLE dict_items (
    kind         TEXT NOT NULL,
    code         TEXT NOT NULL,
    label        TEXT NOT NULL,
    parent_code  TEXT,
    sort_order   INTEGER NOT NULL DEFAULT 0,
    active       BOOLEAN NOT NULL DEFAULT TRUE,
    PRIMARY KEY (kind, code)
);

CREATE TABLE users (
    id                    TEXT PRIMARY KEY,
    username              TEXT NOT NULL UNIQUE,
    display_name          TEXT NOT NULL,
    unit_id               TEXT NOT NULL REFERENCES units (id),
    password_hash         TEXT NOT NULL,
    must_change_password  BOOLEAN NOT NULL DEFAULT TRUE,
    active                BOOLEAN NOT NULL DEFAULT TRUE,
    failed_attempts       INTEGER NOT NULL DEFAULT 0,
    locked_until          TIMESTAMP,
    last_login_at         TIMESTAMP,
    password_changed_at   TIMESTAMP,
    created_at            TIMESTAMP NOT NULL,
    updated_at            TIMESTAMP NOT NULL
);
CREATE INDEX users_unit_idx ON users (unit_id);

-- A role held by a user; group_lead is held for one group.
CREATE TABLE user_roles (
    id        TEXT PRIMARY KEY,
    user_id   TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role      TEXT NOT NULL CHECK (role IN ('office', 'leader', 'group_lead', 'unit', 'auditor', 'sysadmin')),
    group_id  TEXT REFERENCES work_groups (id),
    CHECK ((role = 'group_lead') = (group_id IS NOT NULL))
);
CREATE INDEX user_roles_user_idx ON user_roles (user_id);

-- Opaque refresh tokens, stored as SHA-256 hashes. A family is one sign-in session:
-- rotation issues the next token of the family; replaying a used token revokes the family.
CREATE TABLE refresh_tokens (
    id                 TEXT PRIMARY KEY,
    family_id          TEXT NOT NULL,
    user_id            TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash         TEXT NOT NULL UNIQUE,
    issued_at          TIMESTAMP NOT NULL,
    idle_expires_at    TIMESTAMP NOT NULL,
    family_expires_at  TIMESTAMP NOT NULL,
    used_at            TIMESTAMP,
    revoked_at         TIMESTAMP
);
CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user_idx ON refresh_tokens (user_id);

-- The tamper-evident audit trail: append-only, each record chained to its predecessor.
CREATE TABLE audit_log (
    seq            BIGINT PRIMARY KEY,
    occurred_at    TIMESTAMP NOT NULL,
    actor_kind     TEXT NOT NULL,
    actor_id       TEXT,
    actor_name     TEXT,
    actor_roles    TEXT,
    actor_unit_id  TEXT,
    action         TEXT NOT NULL,
    entity_type    TEXT NOT NULL,
    entity_id      TEXT,
    before_json    TEXT,
    after_json     TEXT,
    result         TEXT NOT NULL,
    client_ip      TEXT,
    user_agent     TEXT,
    request_id     TEXT,
    prev_hash      TEXT NOT NULL,
    hash           TEXT NOT NULL
);
CREATE INDEX audit_log_time_idx ON audit_log (occurred_at);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_id);
CREATE INDEX audit_log_entity_idx ON audit_log (entity_type, entity_id);
CREATE INDEX audit_log_action_idx ON audit_log (action);

-- The head of the chain: one row, locked by every append so that writers never fork it.
CREATE TABLE audit_head (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    last_seq   BIGINT NOT NULL,
    last_hash  TEXT NOT NULL
);
INSERT INTO audit_head (id, last_seq, last_hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE FUNCTION audit_log_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
