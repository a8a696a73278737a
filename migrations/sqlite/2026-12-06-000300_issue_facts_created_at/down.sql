DROP TRIGGER issues_created_at_to_facts;
DROP TRIGGER issue_facts_created_at;
DROP INDEX issue_facts_created_idx;
DROP INDEX issue_facts_disputed_created_idx;
DROP INDEX issue_facts_nature_created_idx;
ALTER TABLE issue_facts DROP COLUMN created_at;
CREATE INDEX issue_facts_nature_idx ON issue_facts (debtor_nature);
CREATE INDEX issue_facts_disputed_idx ON issue_facts (disputed);
