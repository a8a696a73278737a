-- 答复意见 (#21): the reply to the enterprise, written by the office (or the responsible unit
-- while rectifying). Each write is kept; the latest is the problem's reply.
CREATE TABLE issue_replies (
    id          TEXT PRIMARY KEY,
    issue_id    TEXT NOT NULL REFERENCES issues (id),
    body        TEXT NOT NULL,
    author_id   TEXT NOT NULL,
    author_name TEXT NOT NULL,
    unit_id     TEXT NOT NULL REFERENCES units (id),
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX issue_replies_issue_idx ON issue_replies (issue_id, created_at);
