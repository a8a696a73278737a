-- Maintained counts of the problems (#24): how many problems there are per campaign, work group,
-- state, category and source, so that a list's `total` under those filters (the office's and the
-- group leads' everyday lists) is a sum of a few rows instead of a count of every match.
--
-- Each change appends its net change to issue_count_deltas (on PostgreSQL this keeps writers
-- from ever locking a shared row; here it keeps the two backends alike), and the count_fold job
-- folds the deltas into issue_counts. A count reads both, in one snapshot: it is exact at every
-- moment.
CREATE TABLE issue_counts (
    campaign_id TEXT NOT NULL,
    group_id    TEXT NOT NULL,
    state       TEXT NOT NULL,
    category    TEXT NOT NULL,
    source      TEXT NOT NULL,
    n           BIGINT NOT NULL,
    PRIMARY KEY (campaign_id, group_id, state, category, source)
);

-- No key and no index: a delta is only ever inserted, and read or deleted all at once.
CREATE TABLE issue_count_deltas (
    campaign_id TEXT NOT NULL,
    group_id    TEXT NOT NULL,
    state       TEXT NOT NULL,
    category    TEXT NOT NULL,
    source      TEXT NOT NULL,
    n           BIGINT NOT NULL
);

-- The problems as they are today.
INSERT INTO issue_counts (campaign_id, group_id, state, category, source, n)
SELECT campaign_id, group_id, state, category, source, COUNT(*)
FROM issues GROUP BY campaign_id, group_id, state, category, source;

CREATE TRIGGER issues_counts_insert AFTER INSERT ON issues
BEGIN
    INSERT INTO issue_count_deltas (campaign_id, group_id, state, category, source, n)
    VALUES (new.campaign_id, new.group_id, new.state, new.category, new.source, 1);
END;

CREATE TRIGGER issues_counts_delete AFTER DELETE ON issues
BEGIN
    INSERT INTO issue_count_deltas (campaign_id, group_id, state, category, source, n)
    VALUES (old.campaign_id, old.group_id, old.state, old.category, old.source, -1);
END;

CREATE TRIGGER issues_counts_update AFTER UPDATE ON issues
WHEN old.campaign_id IS NOT new.campaign_id OR old.group_id IS NOT new.group_id OR old.state IS NOT new.state
  OR old.category IS NOT new.category OR old.source IS NOT new.source
BEGIN
    INSERT INTO issue_count_deltas (campaign_id, group_id, state, category, source, n)
    VALUES (old.campaign_id, old.group_id, old.state, old.category, old.source, -1),
           (new.campaign_id, new.group_id, new.state, new.category, new.source, 1);
END;
