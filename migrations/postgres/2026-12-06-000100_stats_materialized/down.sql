DROP TABLE stats_materialized;
