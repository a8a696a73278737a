-- The read-path caches (#24): each server keeps signed-in principals and the organisation's
-- names in memory, tagged with this epoch. Every change to what they hold (an account's status,
-- password, unit or roles; its second factor; a signed-out session; a setting; a unit's or work
-- group's name) bumps the epoch in the same transaction, through the triggers below, so each
-- server sees the change at its next request and reloads: revocation stays immediate across
-- servers, and no code path can forget to invalidate.

CREATE TABLE read_cache_epoch (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    epoch BIGINT NOT NULL
);
INSERT INTO read_cache_epoch (id, epoch) VALUES (1, 1);

CREATE TRIGGER users_read_cache_update AFTER UPDATE ON users
WHEN old.username IS NOT new.username OR old.display_name IS NOT new.display_name OR old.unit_id IS NOT new.unit_id OR old.password_hash IS NOT new.password_hash OR old.must_change_password IS NOT new.must_change_password OR old.active IS NOT new.active
BEGIN UPDATE read_cache_epoch SET epoch = epoch + 1 WHERE id = 1; END;

CREATE TRIGGER users_read_cache_delete AFTER DELETE ON users
BEGIN UPDATE read_cache_epoch SET epoch = epoch + 1 WHERE id = 1; END;

CREATE TRIGGER user_roles_read_cache_insert AFTER INSERT ON user_roles
BEGIN UPDATE read_cache_epoch SET epoch = epoch + 1 WHERE id = 1; END;

CREATE TRIGGER user_roles_read_cache_update AFTER UPDATE ON user_roles
BEGIN UPDATE read_cache_epoch SET epoch = epoch + 1 WHERE id = 1; END;

CREATE TRIGGER user_roles_read_cache_delete AFTER DELETE ON user_roles
BEGIN UPDATE read_cache_epoch SET epoch = epoch + 1 WHERE id = 1; END;

CREATE TRIGGER user_totp_read_cache_insert AFTER INSERT ON user_totp
BEGIN UPDATE read_cache_epoch SET epoch = epoch + 1 WHERE id = 1; END;

CREATE TRIGGER user_totp_read_cache_update AFTER UPDATE ON user_totp
WHEN old.confirmed_at IS NOT new.confirmed_at
BEGIN UPDATE read_cache_epoch SET epoch = epoch + 1 WHERE id = 1; END;

CREATE TRIGGER user_totp_read_cache_delete AFTER DELETE ON user_totp
BEGIN UPDATE read_cache_epoch SET epoch = epoch + 1 WHERE id = 1; END;

CREATE TRIGGER refresh_tokens_read_cache_update AFTER UPDATE ON refresh_tokens
WHEN old.revoked_at IS NOT new.revoked_at
BEGIN UPDATE read_cache_epoch SET epoch = epoch + 1 WHERE id = 1; END;

CREATE TRIGGER refresh_tokens_read_cache_delete AFTER DELETE ON refresh_tokens
BEGIN UPDATE read_cache_epoch SET epoch = epoch + 1 WHERE id = 1; END;

CREATE TRIGGER settings_read_cache_insert AFTER INSERT ON settings
BEGIN UPDATE read_cache_epoch SET epoch = epoch + 1 WHERE id = 1; END;

CREATE TRIGGER settings_read_cache_update AFTER UPDATE ON settings
BEGIN UPDATE read_cache_epoch SET epoch = epoch + 1 WHERE id = 1; END;

CREATE TRIGGER settings_read_cache_delete AFTER DELETE ON settings
BEGIN UPDATE read_cache_epoch SET epoch = epoch + 1 WHERE id = 1; END;

CREATE TRIGGER units_read_cache_insert AFTER INSERT ON units
BEGIN UPDATE read_cache_epoch SET epoch = epoch + 1 WHERE id = 1; END;

CREATE TRIGGER units_read_cache_update AFTER UPDATE ON units
BEGIN UPDATE read_cache_epoch SET epoch = epoch + 1 WHERE id = 1; END;

CREATE TRIGGER units_read_cache_delete AFTER DELETE ON units
BEGIN UPDATE read_cache_epoch SET epoch = epoch + 1 WHERE id = 1; END;

CREATE TRIGGER work_groups_read_cache_insert AFTER INSERT ON work_groups
BEGIN UPDATE read_cache_epoch SET epoch = epoch + 1 WHERE id = 1; END;

CREATE TRIGGER work_groups_read_cache_update AFTER UPDATE ON work_groups
BEGIN UPDATE read_cache_epoch SET epoch = epoch + 1 WHERE id = 1; END;

CREATE TRIGGER work_groups_read_cache_delete AFTER DELETE ON work_groups
BEGIN UPDATE read_cache_epoch SET epoch = epoch + 1 WHERE id = 1; END;
