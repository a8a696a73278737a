-- Chasing (催办): on the timeline and notified to the responsible unit.
CREATE TABLE issue_urges (
    id             TEXT PRIMARY KEY,
    issue_id       TEXT NOT NULL REFERENCES issues (id) ON DELETE CASCADE,
    unit_id        TEXT REFERENCES units (id),
    actor_id       TEXT NOT NULL,
    actor_name     TEXT NOT NULL,
    actor_unit_id  TEXT,
    message        TEXT NOT NULL,
    created_at     TIMESTAMP NOT NULL
);
CREATE INDEX issue_urges_issue_idx ON issue_urges (issue_id, created_at);
CREATE INDEX issue_urges_unit_idx ON issue_urges (unit_id);

-- Deadline extension requests (延期申请): at most one pending per problem.
CREATE TABLE extension_requests (
    id                  TEXT PRIMARY KEY,
    issue_id            TEXT NOT NULL REFERENCES issues (id) ON DELETE CASCADE,
    unit_id             TEXT NOT NULL REFERENCES units (id),
    requested_by_id     TEXT NOT NULL,
    requested_by_name   TEXT NOT NULL,
    current_deadline    DATE NOT NULL,
    requested_deadline  DATE NOT NULL,
    reason              TEXT NOT NULL,
    status              TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'refused')),
    decided_by_id       TEXT,
    decided_by_name     TEXT,
    decision_comment    TEXT,
    created_at          TIMESTAMP NOT NULL,
    decided_at          TIMESTAMP
);
CREATE INDEX extension_requests_issue_idx ON extension_requests (issue_id, created_at);
CREATE UNIQUE INDEX extension_requests_one_pending_idx ON extension_requests (issue_id) WHERE status = 'pending';

-- Notifications, one row per recipient.
CREATE TABLE notifications (
    id          TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    issue_id    TEXT REFERENCES issues (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    title       TEXT NOT NULL,
    body        TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    read_at     TIMESTAMP
);
CREATE INDEX notifications_user_idx ON notifications (user_id, created_at);
CREATE INDEX notifications_unread_idx ON notifications (user_id, read_at);

-- Deadline warnings already notified: once per problem, threshold and deadline, whichever
-- server instance gets there first (the primary key decides).
CREATE TABLE warning_notices (
    issue_id   TEXT NOT NULL REFERENCES issues (id) ON DELETE CASCADE,
    threshold  TEXT NOT NULL CHECK (threshold IN ('yellow', 'red')),
    deadline   DATE NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (issue_id, threshold, deadline)
);
