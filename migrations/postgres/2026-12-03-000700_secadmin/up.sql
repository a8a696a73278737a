-- 三员分立 (#15): a third administrator, 安全管理员 (`secadmin`). Every existing grant is kept as
-- it was. Accounts that an earlier release let hold two administrator roles, or one with a
-- business role, keep them: the API lists them for the security administrator
-- (`GET /users?separation_conflict=true`) and refuses any new such grant.
ALTER TABLE user_roles DROP CONSTRAINT user_roles_role_check;
ALTER TABLE user_roles ADD CONSTRAINT user_roles_role_check
    CHECK (role IN ('office', 'leader', 'group_lead', 'unit', 'auditor', 'sysadmin', 'secadmin'));
