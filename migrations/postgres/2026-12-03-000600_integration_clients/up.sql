-- Integration clients (#21): a named client (the 12345 hotline, a complaint platform) owns a
-- source and any number of API keys; it sees the problems registered by any of its keys, so
-- that rotating a key loses nothing.
CREATE TABLE integration_clients (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    -- The source its keys register with. NULL only for a client carried forward from a key that
    -- registered several sources or none: such a client keeps registering any source, as before.
    source      TEXT,
    -- The unit its keys act for (the reporting unit of what they register).
    unit_id     TEXT NOT NULL REFERENCES units (id),
    created_by  TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX integration_clients_source_idx ON integration_clients (source) WHERE source IS NOT NULL;

ALTER TABLE api_keys ADD COLUMN client_id TEXT REFERENCES integration_clients (id);
CREATE INDEX api_keys_client_idx ON api_keys (client_id);

-- Carry the existing keys into clients. A key whose problems all have one source joins the
-- client of that source (one per source, named after it, with the id, unit and date of the
-- source's first key); a key with several sources or none becomes a client of its own (the
-- key's id, named after the key and its prefix, with no fixed source).
INSERT INTO integration_clients (id, name, source, unit_id, created_by, created_at)
SELECT c.first_key, '来源 ' || c.source, c.source, k.unit_id, 'migration', k.created_at
FROM (
    SELECT ks.source AS source, MIN(ks.key_id) AS first_key
    FROM (
        SELECT i.created_by_id AS key_id, MIN(i.source) AS source
        FROM issues i
        WHERE i.created_by_kind = 'api_key'
        GROUP BY i.created_by_id
        HAVING COUNT(DISTINCT i.source) = 1
    ) ks
    JOIN api_keys kk ON kk.id = ks.key_id
    GROUP BY ks.source
) c
JOIN api_keys k ON k.id = c.first_key;

INSERT INTO integration_clients (id, name, source, unit_id, created_by, created_at)
SELECT k.id, k.name || ' · ' || k.prefix, NULL, k.unit_id, 'migration', k.created_at
FROM api_keys k
WHERE k.id NOT IN (
    SELECT i.created_by_id
    FROM issues i
    WHERE i.created_by_kind = 'api_key'
    GROUP BY i.created_by_id
    HAVING COUNT(DISTINCT i.source) = 1
);

UPDATE api_keys SET client_id = COALESCE(
    (
        SELECT c.id
        FROM integration_clients c
        JOIN (
            SELECT i.created_by_id AS key_id, MIN(i.source) AS source
            FROM issues i
            WHERE i.created_by_kind = 'api_key'
            GROUP BY i.created_by_id
            HAVING COUNT(DISTINCT i.source) = 1
        ) ks ON ks.source = c.source
        WHERE ks.key_id = api_keys.id
    ),
    api_keys.id
);
