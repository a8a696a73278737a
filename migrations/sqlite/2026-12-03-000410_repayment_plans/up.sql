-- Repayment plans (还款计划, #17): instalments whose sum was what was outstanding when the plan
-- was set. A change is a new version; earlier versions stay readable. Payments recorded under a
-- version (issue_payments.plan_version) meet its instalments in order; `paid_fen` keeps that
-- allocation so that lists can filter on missed instalments with an index.
CREATE TABLE repayment_plans (
    issue_id        TEXT NOT NULL REFERENCES issues (id) ON DELETE CASCADE,
    version         INTEGER NOT NULL,
    is_current      BOOLEAN NOT NULL,
    outstanding_fen BIGINT NOT NULL,
    note            TEXT,
    unit_id         TEXT REFERENCES units (id),
    set_by_kind     TEXT NOT NULL,
    set_by_id       TEXT NOT NULL,
    set_by_name     TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    PRIMARY KEY (issue_id, version)
);

CREATE TABLE repayment_instalments (
    issue_id    TEXT NOT NULL,
    version     INTEGER NOT NULL,
    seq         INTEGER NOT NULL,
    due_on      DATE NOT NULL,
    amount_fen  BIGINT NOT NULL CHECK (amount_fen > 0),
    paid_fen    BIGINT NOT NULL DEFAULT 0,
    is_current  BOOLEAN NOT NULL,
    PRIMARY KEY (issue_id, version, seq),
    FOREIGN KEY (issue_id, version) REFERENCES repayment_plans (issue_id, version) ON DELETE CASCADE
);
-- Missed instalments: current, past due, not fully paid.
CREATE INDEX repayment_instalments_due_idx ON repayment_instalments (is_current, due_on, issue_id);

-- Each missed instalment is notified once (whichever server scans).
CREATE TABLE instalment_notices (
    issue_id    TEXT NOT NULL,
    version     INTEGER NOT NULL,
    seq         INTEGER NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (issue_id, version, seq)
);
