-- Maintained counts of the problems (#24): how many problems there are per campaign, work group,
-- state, category and source, so that a list's `total` under those filters (the office's and the
-- group leads' everyday lists) is a sum of a few rows instead of a count of every match.
--
-- Writers never lock a shared row for it: each statement that inserts, deletes or moves problems
-- between keys appends its net change to issue_count_deltas (inserts never wait on each other,
-- so this can never deadlock with the rows a change locks), and the count_fold job folds the
-- deltas into issue_counts. A count reads both, in one snapshot: it is exact at every moment.
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

-- Inserts and deletes are statement-level, over the transition tables: a multi-row insert (a
-- migration import's batches of 500) appends its deltas grouped.
CREATE FUNCTION issue_counts_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO issue_count_deltas (campaign_id, group_id, state, category, source, n)
    SELECT campaign_id, group_id, state, category, source, COUNT(*)
    FROM new_rows GROUP BY campaign_id, group_id, state, category, source;
    RETURN NULL;
END
$$;

CREATE FUNCTION issue_counts_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO issue_count_deltas (campaign_id, group_id, state, category, source, n)
    SELECT campaign_id, group_id, state, category, source, -COUNT(*)
    FROM old_rows GROUP BY campaign_id, group_id, state, category, source;
    RETURN NULL;
END
$$;

-- A move between keys (a transition, a regrouping) is row-level, and fires only when a key
-- column changed: the many updates that change none (edits, versions) cost nothing here.
CREATE FUNCTION issue_counts_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO issue_count_deltas (campaign_id, group_id, state, category, source, n)
    VALUES (OLD.campaign_id, OLD.group_id, OLD.state, OLD.category, OLD.source, -1),
           (NEW.campaign_id, NEW.group_id, NEW.state, NEW.category, NEW.source, 1);
    RETURN NULL;
END
$$;

CREATE TRIGGER issues_counts_insert AFTER INSERT ON issues
REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION issue_counts_added();

CREATE TRIGGER issues_counts_delete AFTER DELETE ON issues
REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION issue_counts_removed();

CREATE TRIGGER issues_counts_update AFTER UPDATE OF campaign_id, group_id, state, category, source ON issues
FOR EACH ROW WHEN (OLD.campaign_id IS DISTINCT FROM NEW.campaign_id OR OLD.group_id IS DISTINCT FROM NEW.group_id
    OR OLD.state IS DISTINCT FROM NEW.state OR OLD.category IS DISTINCT FROM NEW.category
    OR OLD.source IS DISTINCT FROM NEW.source)
EXECUTE FUNCTION issue_counts_moved();
