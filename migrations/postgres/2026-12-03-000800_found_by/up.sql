-- Who found a problem (#19): the self-report exemption applies when the responsible unit is the
-- unit that found the problem itself, not to every problem whose source is self_inspection. The
-- finding unit is one more relation of the membership table.
ALTER TABLE issue_units DROP CONSTRAINT issue_units_relation_check;
ALTER TABLE issue_units ADD CONSTRAINT issue_units_relation_check
    CHECK (relation IN ('responsible', 'reporting', 'cooperating', 'former', 'found_by'));

-- Existing problems: a self-inspection was found by the unit that registered it (the reporting
-- unit). Clues registered by the office from a channel were stored as self_inspection by the old
-- default too; their reporting unit is the office's, so they no longer exempt anyone.
INSERT INTO issue_units (issue_id, unit_id, relation, since)
SELECT id, reporting_unit_id, 'found_by', created_at FROM issues WHERE source = 'self_inspection';
