-- Units (单位): bureaus, towns, streets, the development zone and state-owned enterprises.
CREATE TABLE units (
    id          TEXT PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL UNIQUE,
    alias       TEXT,
    kind        TEXT NOT NULL CHECK (kind IN ('department', 'town', 'street', 'development_zone', 'soe')),
    active      BOOLEAN NOT NULL DEFAULT 1,
    sort_order  INTEGER NOT NULL DEFAULT 0,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
CREATE INDEX units_kind_idx ON units (kind);
