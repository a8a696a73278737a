-- The facts carry their problem's registration time (#24), so that a list filtered on the facts
-- and sorted by registration reads its page from a facts index in that order, instead of
-- matching every problem first. `issues.created_at` is set once at registration; the triggers
-- keep the copy equal to it on every insert, and on the rare change of it.
ALTER TABLE issue_facts ADD COLUMN created_at TIMESTAMP NOT NULL DEFAULT '1970-01-01 00:00:00';
UPDATE issue_facts SET created_at = (SELECT i.created_at FROM issues i WHERE i.id = issue_facts.issue_id);

DROP INDEX issue_facts_nature_idx;
DROP INDEX issue_facts_disputed_idx;
CREATE INDEX issue_facts_nature_created_idx ON issue_facts (debtor_nature, created_at, issue_id);
CREATE INDEX issue_facts_disputed_created_idx ON issue_facts (disputed, created_at, issue_id);
CREATE INDEX issue_facts_created_idx ON issue_facts (created_at, issue_id);

CREATE TRIGGER issue_facts_created_at AFTER INSERT ON issue_facts
BEGIN
    UPDATE issue_facts SET created_at = (SELECT i.created_at FROM issues i WHERE i.id = NEW.issue_id)
    WHERE issue_id = NEW.issue_id;
END;

CREATE TRIGGER issues_created_at_to_facts AFTER UPDATE OF created_at ON issues
WHEN NEW.created_at IS NOT OLD.created_at
BEGIN
    UPDATE issue_facts SET created_at = NEW.created_at WHERE issue_id = NEW.id;
END;
