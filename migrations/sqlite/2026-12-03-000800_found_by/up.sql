-- Who found a problem (#19): the self-report exemption applies when the responsible unit is the
-- unit that found the problem itself, not to every problem whose source is self_inspection. The
-- finding unit is one more relation of the membership table.
--
-- SQLite cannot change a CHECK constraint in place: the table is rebuilt with its rows.
CREATE TABLE issue_units_new (
    issue_id  TEXT NOT NULL REFERENCES issues (id) ON DELETE CASCADE,
    unit_id   TEXT NOT NULL REFERENCES units (id),
    relation  TEXT NOT NULL CHECK (relation IN ('responsible', 'reporting', 'cooperating', 'former', 'found_by')),
    since     TIMESTAMP NOT NULL,
    PRIMARY KEY (issue_id, unit_id, relation)
);
INSERT INTO issue_units_new (issue_id, unit_id, relation, since)
SELECT issue_id, unit_id, relation, since FROM issue_units;
DROP TABLE issue_units;
ALTER TABLE issue_units_new RENAME TO issue_units;
CREATE INDEX issue_units_unit_idx ON issue_units (unit_id, issue_id);

-- Existing problems: a self-inspection was found by the unit that registered it (the reporting
-- unit). Clues registered by the office from a channel were stored as self_inspection by the old
-- default too; their reporting unit is the office's, so they no longer exempt anyone.
INSERT INTO issue_units (issue_id, unit_id, relation, since)
SELECT id, reporting_unit_id, 'found_by', created_at FROM issues WHERE source = 'self_inspection';
