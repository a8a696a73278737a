DROP INDEX notifications_issue_idx;
