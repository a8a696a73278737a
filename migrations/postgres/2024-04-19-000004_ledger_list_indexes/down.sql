DROP INDEX issues_state_created_idx;
DROP INDEX issues_created_idx;
CREATE INDEX issues_created_idx ON issues (created_at);
