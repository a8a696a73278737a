-- A keyed audit chain (#15). Records keep every value they had: those written before this
-- release have no key id and still verify under the plain SHA-256 rule; from the first start with
-- a key on, each record names the key that signed it (HMAC-SHA256; the key is never stored here).
-- A checkpoint signed with the new key marks the switch, and further checkpoints (sequence, head,
-- count, time) are written periodically, so that removed or rewritten records are found.
ALTER TABLE audit_log ADD COLUMN key_id TEXT;
ALTER TABLE audit_head ADD COLUMN key_id TEXT;

CREATE TABLE audit_checkpoints (
    seq              BIGINT NOT NULL,
    key_id           TEXT NOT NULL,
    head_hash        TEXT NOT NULL,
    record_count     BIGINT NOT NULL,
    created_at       TIMESTAMP NOT NULL,
    -- Set on the checkpoint that opens a segment: the key before it ('' for the plain chain).
    previous_key_id  TEXT,
    signature        TEXT NOT NULL,
    PRIMARY KEY (seq, key_id)
);
CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE OR DELETE ON audit_checkpoints
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
