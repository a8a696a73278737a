CREATE INDEX issue_units_unit_idx ON issue_units (unit_id, issue_id);
DROP INDEX issue_units_unit_relation_idx;
