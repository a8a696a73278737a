DELETE FROM issue_units WHERE relation = 'found_by';
ALTER TABLE issue_units DROP CONSTRAINT issue_units_relation_check;
ALTER TABLE issue_units ADD CONSTRAINT issue_units_relation_check
    CHECK (relation IN ('responsible', 'reporting', 'cooperating', 'former'));
