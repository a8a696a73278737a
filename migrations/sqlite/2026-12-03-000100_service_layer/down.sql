DROP TABLE settings;
DROP TABLE outbox_events;
DROP TABLE job_leases;
CREATE TABLE issue_cooperating_units (
    issue_id  TEXT NOT NULL REFERENCES issues (id) ON DELETE CASCADE,
    unit_id   TEXT NOT NULL REFERENCES units (id),
    PRIMARY KEY (issue_id, unit_id)
);
CREATE INDEX issue_cooperating_units_unit_idx ON issue_cooperating_units (unit_id);
INSERT INTO issue_cooperating_units (issue_id, unit_id)
SELECT issue_id, unit_id FROM issue_units WHERE relation = 'cooperating';
DROP TABLE issue_units;
