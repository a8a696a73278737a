DROP TRIGGER issues_counts_update;
DROP TRIGGER issues_counts_delete;
DROP TRIGGER issues_counts_insert;
DROP TABLE issue_count_deltas;
DROP TABLE issue_counts;
