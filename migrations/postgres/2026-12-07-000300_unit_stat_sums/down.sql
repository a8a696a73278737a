-- Back to the district's sums alone.
DROP TRIGGER issue_units_stat_delete ON issue_units;
DROP TRIGGER issue_units_stat_update ON issue_units;
DROP TRIGGER issue_units_stat_insert ON issue_units;
DROP FUNCTION issue_unit_stat_dirty_related_old();
DROP FUNCTION issue_unit_stat_dirty_related_new();

CREATE OR REPLACE FUNCTION issue_stat_dirty_issues_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO issue_stat_dirty (issue_id) SELECT id FROM new_rows;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION issue_stat_dirty_issues_old() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO issue_stat_dirty (issue_id) SELECT id FROM old_rows;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION issue_stat_dirty_related_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO issue_stat_dirty (issue_id) SELECT issue_id FROM new_rows;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION issue_stat_dirty_related_old() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO issue_stat_dirty (issue_id) SELECT issue_id FROM old_rows;
    RETURN NULL;
END
$$;

DROP TABLE issue_unit_deadline_sums;
DROP TABLE issue_unit_day_sums;
DROP TABLE issue_unit_stat_sums;
DROP TABLE issue_unit_stat_rows;
DROP TABLE issue_unit_stat_dirty;
