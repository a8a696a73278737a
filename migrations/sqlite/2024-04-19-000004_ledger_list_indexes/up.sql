-- List pages sort by creation (newest first, id as tie-break), usually within a state:
-- these indexes let a page be read in order instead of sorting every matching row.
DROP INDEX issues_created_idx;
CREATE INDEX issues_created_idx ON issues (created_at, id);
CREATE INDEX issues_state_created_idx ON issues (state, created_at, id);
