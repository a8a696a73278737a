-- Back to the two administrators: the security administrator's grants are dropped.
DELETE FROM user_roles WHERE role = 'secadmin';
ALTER TABLE user_roles DROP CONSTRAINT user_roles_role_check;
ALTER TABLE user_roles ADD CONSTRAINT user_roles_role_check
    CHECK (role IN ('office', 'leader', 'group_lead', 'unit', 'auditor', 'sysadmin'));
