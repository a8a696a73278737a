DROP TABLE milestone_reminders;
DROP TABLE milestone_submission_issues;
DROP TABLE milestone_submissions;
ALTER TABLE campaign_milestones DROP COLUMN submitters;
