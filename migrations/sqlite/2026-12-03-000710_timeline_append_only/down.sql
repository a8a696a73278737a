DROP TRIGGER issue_transitions_no_update;
DROP TRIGGER issue_transitions_no_delete;
DROP TRIGGER issue_progress_no_update;
DROP TRIGGER issue_progress_no_delete;
DROP TRIGGER issue_urges_no_update;
DROP TRIGGER issue_urges_no_delete;
