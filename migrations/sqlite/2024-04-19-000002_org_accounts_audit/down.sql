DROP TABLE audit_head;
DROP TABLE audit_log;
DROP TABLE refresh_tokens;
DROP TABLE user_roles;
DROP TABLE users;
DROP TABLE dict_items;
DROP TABLE group_members;
DROP TABLE work_groups;
