-- A problem's timeline (its transitions, progress reports and urges) is append-only, like the
-- audit trail (#15): a change or removal must go through the database owner dropping the
-- trigger, which the audit chain's checkpoints then reveal. Existing rows are untouched.
CREATE TRIGGER issue_transitions_no_update BEFORE UPDATE ON issue_transitions
BEGIN
    SELECT RAISE(ABORT, 'issue_transitions is append-only: UPDATE refused');
END;
CREATE TRIGGER issue_transitions_no_delete BEFORE DELETE ON issue_transitions
BEGIN
    SELECT RAISE(ABORT, 'issue_transitions is append-only: DELETE refused');
END;
CREATE TRIGGER issue_progress_no_update BEFORE UPDATE ON issue_progress
BEGIN
    SELECT RAISE(ABORT, 'issue_progress is append-only: UPDATE refused');
END;
CREATE TRIGGER issue_progress_no_delete BEFORE DELETE ON issue_progress
BEGIN
    SELECT RAISE(ABORT, 'issue_progress is append-only: DELETE refused');
END;
CREATE TRIGGER issue_urges_no_update BEFORE UPDATE ON issue_urges
BEGIN
    SELECT RAISE(ABORT, 'issue_urges is append-only: UPDATE refused');
END;
CREATE TRIGGER issue_urges_no_delete BEFORE DELETE ON issue_urges
BEGIN
    SELECT RAISE(ABORT, 'issue_urges is append-only: DELETE refused');
END;
