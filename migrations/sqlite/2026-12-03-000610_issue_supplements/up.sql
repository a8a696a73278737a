-- 补充材料 (#21): an integration re-pushed a known reference with changed content. The problem
-- keeps its fields (the office decides what to take over); the timeline shows what changed.
CREATE TABLE issue_supplements (
    id            TEXT PRIMARY KEY,
    issue_id      TEXT NOT NULL REFERENCES issues (id),
    -- The content as pushed (title, description, category, …): the next re-push compares with it.
    content_json  TEXT NOT NULL,
    -- {field: {from, to}} against the previous content.
    changes_json  TEXT NOT NULL,
    actor_kind    TEXT NOT NULL,
    actor_id      TEXT NOT NULL,
    actor_name    TEXT NOT NULL,
    created_at    TIMESTAMP NOT NULL
);
CREATE INDEX issue_supplements_issue_idx ON issue_supplements (issue_id, created_at);
