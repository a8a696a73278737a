-- A unit's memberships by relation (#24). The unit filter (the problems a unit is responsible for
-- or cooperates on) asks for the unit's cooperating rows. Through (unit_id, issue_id) the
-- database read every membership row of the unit to check its relation: on PostgreSQL at
-- 1,000,000 problems that was 31,000 rows and 13,000 pages for a unit with no cooperating row,
-- 172 ms of a page that takes 0.3 ms with the relation in the index. The new index serves every
-- read the old one did (its first column is the unit, and it holds the problem), so it replaces
-- it rather than adding to what each write keeps.
CREATE INDEX issue_units_unit_relation_idx ON issue_units (unit_id, relation, issue_id);
DROP INDEX issue_units_unit_idx;
