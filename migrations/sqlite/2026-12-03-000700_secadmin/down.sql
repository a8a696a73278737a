-- Back to the two administrators: the security administrator's grants are dropped.
DELETE FROM user_roles WHERE role = 'secadmin';
CREATE TABLE user_roles_old (
    id        TEXT PRIMARY KEY,
    user_id   TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role      TEXT NOT NULL CHECK (role IN ('office', 'leader', 'group_lead', 'unit', 'auditor', 'sysadmin')),
    group_id  TEXT REFERENCES work_groups (id),
    CHECK ((role = 'group_lead') = (group_id IS NOT NULL))
);
INSERT INTO user_roles_old (id, user_id, role, group_id) SELECT id, user_id, role, group_id FROM user_roles;
DROP TABLE user_roles;
ALTER TABLE user_roles_old RENAME TO user_roles;
CREATE INDEX user_roles_user_idx ON user_roles (user_id);
