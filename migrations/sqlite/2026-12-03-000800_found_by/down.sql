DELETE FROM issue_units WHERE relation = 'found_by';
CREATE TABLE issue_units_old (
    issue_id  TEXT NOT NULL REFERENCES issues (id) ON DELETE CASCADE,
    unit_id   TEXT NOT NULL REFERENCES units (id),
    relation  TEXT NOT NULL CHECK (relation IN ('responsible', 'reporting', 'cooperating', 'former')),
    since     TIMESTAMP NOT NULL,
    PRIMARY KEY (issue_id, unit_id, relation)
);
INSERT INTO issue_units_old SELECT issue_id, unit_id, relation, since FROM issue_units;
DROP TABLE issue_units;
ALTER TABLE issue_units_old RENAME TO issue_units;
CREATE INDEX issue_units_unit_idx ON issue_units (unit_id, issue_id);
