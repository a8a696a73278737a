DROP TABLE audit_checkpoints;
ALTER TABLE audit_head DROP COLUMN key_id;
ALTER TABLE audit_log DROP COLUMN key_id;
