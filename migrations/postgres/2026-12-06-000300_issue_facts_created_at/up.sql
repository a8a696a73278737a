-- The facts carry their problem's registration time (#24), so that a list filtered on the facts
-- and sorted by registration reads its page from a facts index in that order, instead of
-- matching every problem first. `issues.created_at` is set once at registration; the triggers
-- keep the copy equal to it on every insert, and on the rare change of it.
ALTER TABLE issue_facts ADD COLUMN created_at TIMESTAMP;
UPDATE issue_facts f SET created_at = i.created_at FROM issues i WHERE i.id = f.issue_id;
ALTER TABLE issue_facts ALTER COLUMN created_at SET NOT NULL;

DROP INDEX issue_facts_nature_idx;
DROP INDEX issue_facts_disputed_idx;
CREATE INDEX issue_facts_nature_created_idx ON issue_facts (debtor_nature, created_at, issue_id);
CREATE INDEX issue_facts_disputed_created_idx ON issue_facts (disputed, created_at, issue_id);
CREATE INDEX issue_facts_created_idx ON issue_facts (created_at, issue_id);

CREATE FUNCTION issue_facts_created_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    SELECT i.created_at INTO NEW.created_at FROM issues i WHERE i.id = NEW.issue_id;
    RETURN NEW;
END
$$;
CREATE TRIGGER issue_facts_created_at BEFORE INSERT ON issue_facts
    FOR EACH ROW EXECUTE FUNCTION issue_facts_created_at();

CREATE FUNCTION issues_created_at_to_facts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE issue_facts SET created_at = NEW.created_at WHERE issue_id = NEW.id;
    RETURN NULL;
END
$$;
CREATE TRIGGER issues_created_at_to_facts AFTER UPDATE OF created_at ON issues
    FOR EACH ROW WHEN (OLD.created_at IS DISTINCT FROM NEW.created_at)
    EXECUTE FUNCTION issues_created_at_to_facts();
