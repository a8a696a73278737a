-- A problem's timeline (its transitions, progress reports and urges) is append-only, like the
-- audit trail (#15): a change or removal must go through the database owner dropping the
-- trigger, which the audit chain's checkpoints then reveal. Existing rows are untouched.
CREATE FUNCTION timeline_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER issue_transitions_no_update BEFORE UPDATE OR DELETE ON issue_transitions
    FOR EACH ROW EXECUTE FUNCTION timeline_append_only();
CREATE TRIGGER issue_transitions_no_truncate BEFORE TRUNCATE ON issue_transitions
    FOR EACH STATEMENT EXECUTE FUNCTION timeline_append_only();

CREATE TRIGGER issue_progress_no_update BEFORE UPDATE OR DELETE ON issue_progress
    FOR EACH ROW EXECUTE FUNCTION timeline_append_only();
CREATE TRIGGER issue_progress_no_truncate BEFORE TRUNCATE ON issue_progress
    FOR EACH STATEMENT EXECUTE FUNCTION timeline_append_only();

CREATE TRIGGER issue_urges_no_update BEFORE UPDATE OR DELETE ON issue_urges
    FOR EACH ROW EXECUTE FUNCTION timeline_append_only();
CREATE TRIGGER issue_urges_no_truncate BEFORE TRUNCATE ON issue_urges
    FOR EACH STATEMENT EXECUTE FUNCTION timeline_append_only();
