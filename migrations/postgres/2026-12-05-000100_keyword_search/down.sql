DROP INDEX issues_number_trgm_idx;
DROP INDEX issues_enterprise_name_trgm_idx;
DROP INDEX issues_description_trgm_idx;
DROP INDEX issues_title_trgm_idx;
