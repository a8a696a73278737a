-- Materialized statistics (#24): each statistics question asked (overview, trend or unit scores,
-- for one data scope and filter) keeps its last answer here, with the audit sequence it reflects
-- and when it was computed. Every change is audited in its own transaction, so an answer whose
-- sequence is the chain's head is still current; an older one is served, with its time, while the
-- stats_refresh job recomputes it (service::stats::materialized). Only a cache: rows may be
-- deleted at any time, and nothing else reads them.
CREATE TABLE stats_materialized (
    request_key   TEXT PRIMARY KEY,
    request_json  TEXT NOT NULL,
    figures_json  TEXT NOT NULL,
    for_day       DATE NOT NULL,
    audit_seq     BIGINT NOT NULL,
    computed_at   TIMESTAMP NOT NULL,
    compute_ms    BIGINT NOT NULL,
    read_at       TIMESTAMP NOT NULL
);
CREATE INDEX stats_materialized_read_at ON stats_materialized (read_at);
