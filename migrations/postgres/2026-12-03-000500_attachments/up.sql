-- Attachments (附件): evidence files of a problem (合同、发票、验收单、付款凭证、书面反馈、核查照片),
-- later of other owners (a campaign milestone's submission): one owner kind and id per row.
-- The bytes live in the object storage under a key derived from their SHA-256, so identical
-- content is stored once; a withdrawn file keeps its row (and audit record) as metadata.
CREATE TABLE attachments (
    id                   TEXT PRIMARY KEY,
    owner_kind           TEXT NOT NULL CHECK (owner_kind IN ('issue', 'milestone_submission')),
    owner_id             TEXT NOT NULL,
    kind                 TEXT NOT NULL,
    transition_id        TEXT REFERENCES issue_transitions (id),
    file_name            TEXT NOT NULL,
    content_type         TEXT NOT NULL,
    size_bytes           BIGINT NOT NULL,
    sha256               TEXT NOT NULL,
    object_key           TEXT NOT NULL,
    uploaded_by_kind     TEXT NOT NULL,
    uploaded_by_id       TEXT NOT NULL,
    uploaded_by_name     TEXT NOT NULL,
    uploaded_by_unit_id  TEXT,
    created_at           TIMESTAMP NOT NULL,
    withdrawn_at         TIMESTAMP,
    withdrawn_by         TEXT
);
CREATE INDEX attachments_owner_idx ON attachments (owner_kind, owner_id, created_at);
CREATE INDEX attachments_object_idx ON attachments (object_key);
