-- Milestone submissions (节点报送, #20). A milestone asks each work group's lead unit (or its
-- member units too) for a deliverable; the unit files a submission (a summary, the problems it
-- covers, files owned by it, or a 零报告) and the office accepts or returns it. A returned
-- submission stays on record and the unit files a new one; at most one is waiting or accepted.
ALTER TABLE campaign_milestones ADD COLUMN submitters TEXT NOT NULL DEFAULT 'group_leads';
CREATE TABLE milestone_submissions (
    id                 TEXT PRIMARY KEY,
    milestone_id       TEXT NOT NULL REFERENCES campaign_milestones (id),
    group_id           TEXT NOT NULL REFERENCES work_groups (id),
    unit_id            TEXT NOT NULL REFERENCES units (id),
    summary            TEXT NOT NULL,
    nil_return         BOOLEAN NOT NULL,
    late               BOOLEAN NOT NULL,
    status             TEXT NOT NULL CHECK (status IN ('submitted', 'returned', 'accepted')),
    submitted_by       TEXT NOT NULL REFERENCES users (id),
    submitted_by_name  TEXT NOT NULL,
    submitted_at       TIMESTAMP NOT NULL,
    reviewed_by_name   TEXT,
    reviewed_at        TIMESTAMP,
    review_comment     TEXT
);
CREATE INDEX milestone_submissions_milestone_idx ON milestone_submissions (milestone_id, submitted_at);
CREATE UNIQUE INDEX milestone_submissions_live ON milestone_submissions (milestone_id, group_id, unit_id)
    WHERE status <> 'returned';
-- The problems a submission covers (a 自查清单's list).
CREATE TABLE milestone_submission_issues (
    submission_id  TEXT NOT NULL REFERENCES milestone_submissions (id),
    issue_id       TEXT NOT NULL REFERENCES issues (id),
    PRIMARY KEY (submission_id, issue_id)
);
CREATE INDEX milestone_submission_issues_issue_idx ON milestone_submission_issues (issue_id);
-- Reminders sent, one per milestone, unit, group and kind: the key makes a second one
-- impossible whichever server runs the job.
CREATE TABLE milestone_reminders (
    milestone_id  TEXT NOT NULL REFERENCES campaign_milestones (id),
    group_id      TEXT NOT NULL,
    unit_id       TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('ahead', 'due_day')),
    created_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (milestone_id, group_id, unit_id, kind)
);
