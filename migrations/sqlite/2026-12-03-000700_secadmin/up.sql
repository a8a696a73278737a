-- 三员分立 (#15): a third administrator, 安全管理员 (`secadmin`). SQLite cannot change a CHECK
-- constraint, so user_roles is rebuilt with every row carried forward as it was. Accounts that
-- an earlier release let hold two administrator roles, or one with a business role, keep them:
-- the API lists them for the security administrator (`GET /users?separation_conflict=true`)
-- and refuses any new such grant.
CREATE TABLE user_roles_new (
    id        TEXT PRIMARY KEY,
    user_id   TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role      TEXT NOT NULL CHECK (role IN ('office', 'leader', 'group_lead', 'unit', 'auditor', 'sysadmin', 'secadmin')),
    group_id  TEXT REFERENCES work_groups (id),
    CHECK ((role = 'group_lead') = (group_id IS NOT NULL))
);
INSERT INTO user_roles_new (id, user_id, role, group_id) SELECT id, user_id, role, group_id FROM user_roles;
DROP TABLE user_roles;
ALTER TABLE user_roles_new RENAME TO user_roles;
CREATE INDEX user_roles_user_idx ON user_roles (user_id);
