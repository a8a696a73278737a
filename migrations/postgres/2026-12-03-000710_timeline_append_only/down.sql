DROP TRIGGER issue_transitions_no_update ON issue_transitions;
DROP TRIGGER issue_transitions_no_truncate ON issue_transitions;
DROP TRIGGER issue_progress_no_update ON issue_progress;
DROP TRIGGER issue_progress_no_truncate ON issue_progress;
DROP TRIGGER issue_urges_no_update ON issue_urges;
DROP TRIGGER issue_urges_no_truncate ON issue_urges;
DROP FUNCTION timeline_append_only();
