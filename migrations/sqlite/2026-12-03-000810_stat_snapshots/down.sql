DROP TABLE stat_snapshots;
