-- The service layer's shared pieces: who a problem involves (one membership table that the
-- data scope, the lists and their indexes use), a once-only lease per periodic job, the outbox
-- of events written with each change, and the settings administrators change at run time.

-- (problem, unit, relation): responsible, reporting, cooperating, or former (the unit held the
-- problem and gave it back: it keeps read access to what it touched).
CREATE TABLE issue_units (
    issue_id  TEXT NOT NULL REFERENCES issues (id) ON DELETE CASCADE,
    unit_id   TEXT NOT NULL REFERENCES units (id),
    relation  TEXT NOT NULL CHECK (relation IN ('responsible', 'reporting', 'cooperating', 'former')),
    since     TIMESTAMP NOT NULL,
    PRIMARY KEY (issue_id, unit_id, relation)
);
CREATE INDEX issue_units_unit_idx ON issue_units (unit_id, issue_id);

INSERT INTO issue_units (issue_id, unit_id, relation, since)
SELECT id, responsible_unit_id, 'responsible', updated_at FROM issues WHERE responsible_unit_id IS NOT NULL;
INSERT INTO issue_units (issue_id, unit_id, relation, since)
SELECT id, reporting_unit_id, 'reporting', created_at FROM issues;
INSERT INTO issue_units (issue_id, unit_id, relation, since)
SELECT c.issue_id, c.unit_id, 'cooperating', i.updated_at
FROM issue_cooperating_units c JOIN issues i ON i.id = c.issue_id;
-- Units that returned a problem (the return's payload names the unit that gave it back).
INSERT INTO issue_units (issue_id, unit_id, relation, since)
SELECT t.issue_id, t.payload_json::json ->> 'responsible_unit_id', 'former', MIN(t.created_at)
FROM issue_transitions t
WHERE t.action = 'return' AND t.payload_json IS NOT NULL
  AND (t.payload_json::json ->> 'responsible_unit_id') IN (SELECT id FROM units)
GROUP BY t.issue_id, t.payload_json::json ->> 'responsible_unit_id'
ON CONFLICT DO NOTHING;

DROP TABLE issue_cooperating_units;

-- One row per periodic job: the server holding an unexpired lease runs it, the others skip.
CREATE TABLE job_leases (
    name         TEXT PRIMARY KEY,
    holder       TEXT NOT NULL,
    expires_at   TIMESTAMP NOT NULL,
    last_run_at  TIMESTAMP
);

-- Events in the order their changes committed: the sequence comes from a counter row locked
-- by the writing transaction, so a reader never sees a later number before an earlier one.
CREATE TABLE outbox_events (
    seq           BIGINT PRIMARY KEY,
    kind          TEXT NOT NULL,
    issue_id      TEXT REFERENCES issues (id),
    payload_json  TEXT NOT NULL,
    created_at    TIMESTAMP NOT NULL
);
CREATE INDEX outbox_events_issue_idx ON outbox_events (issue_id, seq);

CREATE TABLE settings (
    key          TEXT PRIMARY KEY,
    value_json   TEXT NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    updated_by   TEXT
);
