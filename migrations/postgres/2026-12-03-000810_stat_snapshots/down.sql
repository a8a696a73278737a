DROP TABLE stat_snapshots;
DROP FUNCTION stat_snapshots_immutable();
