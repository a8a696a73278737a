-- Campaigns (专项行动) with their phases and milestones.
CREATE TABLE campaigns (
    id          TEXT PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    year        INTEGER NOT NULL,
    starts_on   DATE NOT NULL,
    ends_on     DATE NOT NULL,
    active      BOOLEAN NOT NULL DEFAULT 1,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);

CREATE TABLE campaign_phases (
    id           TEXT PRIMARY KEY,
    campaign_id  TEXT NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    starts_on    DATE NOT NULL,
    ends_on      DATE NOT NULL,
    sort_order   INTEGER NOT NULL
);
CREATE INDEX campaign_phases_campaign_idx ON campaign_phases (campaign_id);

CREATE TABLE campaign_milestones (
    id           TEXT PRIMARY KEY,
    campaign_id  TEXT NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    phase_id     TEXT REFERENCES campaign_phases (id) ON DELETE CASCADE,
    title        TEXT NOT NULL,
    due_on       DATE NOT NULL,
    sort_order   INTEGER NOT NULL
);
CREATE INDEX campaign_milestones_campaign_idx ON campaign_milestones (campaign_id, due_on);

-- Gap-free counters (problem numbers): one row per key, incremented inside the
-- transaction that uses the number, so a rollback returns it.
CREATE TABLE counters (
    key    TEXT PRIMARY KEY,
    value  BIGINT NOT NULL
);

-- Problems (问题).
CREATE TABLE issues (
    id                   TEXT PRIMARY KEY,
    number               TEXT NOT NULL UNIQUE,
    campaign_id          TEXT NOT NULL REFERENCES campaigns (id),
    title                TEXT NOT NULL,
    description          TEXT NOT NULL,
    category             TEXT NOT NULL,
    problem_type         TEXT NOT NULL,
    arrear_object        TEXT,
    source               TEXT NOT NULL,
    source_ref           TEXT,
    enterprise_name      TEXT NOT NULL,
    enterprise_uscc      TEXT,
    enterprise_contact   TEXT,
    enterprise_phone     TEXT,
    amount_involved_fen  BIGINT NOT NULL DEFAULT 0 CHECK (amount_involved_fen >= 0),
    amount_resolved_fen  BIGINT NOT NULL DEFAULT 0 CHECK (amount_resolved_fen >= 0),
    group_id             TEXT NOT NULL REFERENCES work_groups (id),
    responsible_unit_id  TEXT REFERENCES units (id),
    reporting_unit_id    TEXT NOT NULL REFERENCES units (id),
    deadline             DATE,
    measures             TEXT,
    responsible_leader   TEXT,
    responsible_person   TEXT,
    state                TEXT NOT NULL CHECK (state IN ('self_check', 'assigned', 'rectifying', 'verifying', 'closed')),
    closure_kind         TEXT CHECK (closure_kind IN ('rectified', 'duplicate', 'unfounded')),
    version              INTEGER NOT NULL DEFAULT 1,
    created_by_kind      TEXT NOT NULL,
    created_by_id        TEXT NOT NULL,
    created_at           TIMESTAMP NOT NULL,
    updated_at           TIMESTAMP NOT NULL,
    closed_at            TIMESTAMP,
    CHECK (amount_resolved_fen <= amount_involved_fen),
    CHECK ((state = 'closed') = (closure_kind IS NOT NULL))
);
CREATE UNIQUE INDEX issues_source_ref_idx ON issues (source, source_ref);
CREATE INDEX issues_state_idx ON issues (state, deadline);
CREATE INDEX issues_group_idx ON issues (group_id, state);
CREATE INDEX issues_responsible_idx ON issues (responsible_unit_id, state);
CREATE INDEX issues_reporting_idx ON issues (reporting_unit_id);
CREATE INDEX issues_category_idx ON issues (category);
CREATE INDEX issues_source_idx ON issues (source);
CREATE INDEX issues_campaign_idx ON issues (campaign_id);
CREATE INDEX issues_deadline_idx ON issues (deadline);
CREATE INDEX issues_created_idx ON issues (created_at);
CREATE INDEX issues_creator_idx ON issues (created_by_kind, created_by_id);
CREATE INDEX issues_uscc_idx ON issues (enterprise_uscc);

CREATE TABLE issue_cooperating_units (
    issue_id  TEXT NOT NULL REFERENCES issues (id) ON DELETE CASCADE,
    unit_id   TEXT NOT NULL REFERENCES units (id),
    PRIMARY KEY (issue_id, unit_id)
);
CREATE INDEX issue_cooperating_units_unit_idx ON issue_cooperating_units (unit_id);

-- The business timeline: every transition with its actor, comment and payload.
CREATE TABLE issue_transitions (
    id             TEXT PRIMARY KEY,
    issue_id       TEXT NOT NULL REFERENCES issues (id) ON DELETE CASCADE,
    action         TEXT NOT NULL,
    from_state     TEXT NOT NULL,
    to_state       TEXT NOT NULL,
    actor_kind     TEXT NOT NULL,
    actor_id       TEXT NOT NULL,
    actor_name     TEXT NOT NULL,
    actor_unit_id  TEXT,
    comment        TEXT,
    payload_json   TEXT,
    created_at     TIMESTAMP NOT NULL
);
CREATE INDEX issue_transitions_issue_idx ON issue_transitions (issue_id, created_at);
CREATE INDEX issue_transitions_action_idx ON issue_transitions (action, issue_id);

-- Progress reports filed while rectifying; they never change the state.
CREATE TABLE issue_progress (
    id                   TEXT PRIMARY KEY,
    issue_id             TEXT NOT NULL REFERENCES issues (id) ON DELETE CASCADE,
    unit_id              TEXT NOT NULL REFERENCES units (id),
    author_id            TEXT NOT NULL,
    author_name          TEXT NOT NULL,
    note                 TEXT NOT NULL,
    amount_resolved_fen  BIGINT,
    created_at           TIMESTAMP NOT NULL
);
CREATE INDEX issue_progress_issue_idx ON issue_progress (issue_id, created_at);
