-- Daily snapshots of what the dispatch workbook shows (#19): a report for a past date, and the
-- 上期 column, read what was stored that day instead of recomputing the past from today's data.
-- One row per campaign and date, written once by the snapshot job; never changed.
CREATE TABLE stat_snapshots (
    campaign_id    TEXT NOT NULL REFERENCES campaigns (id),
    snapshot_date  DATE NOT NULL,
    taken_at       TIMESTAMP NOT NULL,
    data_json      TEXT NOT NULL,
    PRIMARY KEY (campaign_id, snapshot_date)
);

CREATE TRIGGER stat_snapshots_no_update BEFORE UPDATE ON stat_snapshots
BEGIN
    SELECT RAISE(ABORT, 'stat_snapshots are immutable: UPDATE refused');
END;
CREATE TRIGGER stat_snapshots_no_delete BEFORE DELETE ON stat_snapshots
BEGIN
    SELECT RAISE(ABORT, 'stat_snapshots are immutable: DELETE refused');
END;
