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

CREATE FUNCTION bump_read_cache_epoch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE read_cache_epoch SET epoch = epoch + 1 WHERE id = 1;
    RETURN NULL;
END
$$;

-- Deferred to the commit: the epoch's row lock is then the last a transaction takes and is held
-- only while it commits, so bumping can never deadlock with the rows a change locks before.

CREATE CONSTRAINT TRIGGER users_read_cache_update AFTER UPDATE ON users DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
WHEN (OLD.username IS DISTINCT FROM NEW.username OR OLD.display_name IS DISTINCT FROM NEW.display_name OR OLD.unit_id IS DISTINCT FROM NEW.unit_id OR OLD.password_hash IS DISTINCT FROM NEW.password_hash OR OLD.must_change_password IS DISTINCT FROM NEW.must_change_password OR OLD.active IS DISTINCT FROM NEW.active)
EXECUTE FUNCTION bump_read_cache_epoch();

CREATE CONSTRAINT TRIGGER users_read_cache_delete AFTER DELETE ON users DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
EXECUTE FUNCTION bump_read_cache_epoch();

CREATE CONSTRAINT TRIGGER user_roles_read_cache_insert AFTER INSERT ON user_roles DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
EXECUTE FUNCTION bump_read_cache_epoch();

CREATE CONSTRAINT TRIGGER user_roles_read_cache_update AFTER UPDATE ON user_roles DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
EXECUTE FUNCTION bump_read_cache_epoch();

CREATE CONSTRAINT TRIGGER user_roles_read_cache_delete AFTER DELETE ON user_roles DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
EXECUTE FUNCTION bump_read_cache_epoch();

CREATE CONSTRAINT TRIGGER user_totp_read_cache_insert AFTER INSERT ON user_totp DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
EXECUTE FUNCTION bump_read_cache_epoch();

CREATE CONSTRAINT TRIGGER user_totp_read_cache_update AFTER UPDATE ON user_totp DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
WHEN (OLD.confirmed_at IS DISTINCT FROM NEW.confirmed_at)
EXECUTE FUNCTION bump_read_cache_epoch();

CREATE CONSTRAINT TRIGGER user_totp_read_cache_delete AFTER DELETE ON user_totp DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
EXECUTE FUNCTION bump_read_cache_epoch();

CREATE CONSTRAINT TRIGGER refresh_tokens_read_cache_update AFTER UPDATE ON refresh_tokens DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
WHEN (OLD.revoked_at IS DISTINCT FROM NEW.revoked_at)
EXECUTE FUNCTION bump_read_cache_epoch();

CREATE CONSTRAINT TRIGGER refresh_tokens_read_cache_delete AFTER DELETE ON refresh_tokens DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
EXECUTE FUNCTION bump_read_cache_epoch();

CREATE CONSTRAINT TRIGGER settings_read_cache_insert AFTER INSERT ON settings DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
EXECUTE FUNCTION bump_read_cache_epoch();

CREATE CONSTRAINT TRIGGER settings_read_cache_update AFTER UPDATE ON settings DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
EXECUTE FUNCTION bump_read_cache_epoch();

CREATE CONSTRAINT TRIGGER settings_read_cache_delete AFTER DELETE ON settings DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
EXECUTE FUNCTION bump_read_cache_epoch();

CREATE CONSTRAINT TRIGGER units_read_cache_insert AFTER INSERT ON units DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
EXECUTE FUNCTION bump_read_cache_epoch();

CREATE CONSTRAINT TRIGGER units_read_cache_update AFTER UPDATE ON units DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
EXECUTE FUNCTION bump_read_cache_epoch();

CREATE CONSTRAINT TRIGGER units_read_cache_delete AFTER DELETE ON units DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
EXECUTE FUNCTION bump_read_cache_epoch();

CREATE CONSTRAINT TRIGGER work_groups_read_cache_insert AFTER INSERT ON work_groups DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
EXECUTE FUNCTION bump_read_cache_epoch();

CREATE CONSTRAINT TRIGGER work_groups_read_cache_update AFTER UPDATE ON work_groups DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
EXECUTE FUNCTION bump_read_cache_epoch();

CREATE CONSTRAINT TRIGGER work_groups_read_cache_delete AFTER DELETE ON work_groups DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
EXECUTE FUNCTION bump_read_cache_epoch();
