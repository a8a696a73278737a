DROP TRIGGER issues_counts_update ON issues;
DROP TRIGGER issues_counts_delete ON issues;
DROP TRIGGER issues_counts_insert ON issues;
DROP FUNCTION issue_counts_moved();
DROP FUNCTION issue_counts_removed();
DROP FUNCTION issue_counts_added();
DROP TABLE issue_count_deltas;
DROP TABLE issue_counts;
