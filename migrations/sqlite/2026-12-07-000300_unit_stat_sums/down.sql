-- Back to the district's sums alone.
DROP TRIGGER issue_units_stat_delete;
DROP TRIGGER issue_units_stat_update;
DROP TRIGGER issue_units_stat_insert;
DROP TRIGGER issues_stat_insert;
CREATE TRIGGER issues_stat_insert AFTER INSERT ON issues
BEGIN INSERT INTO issue_stat_dirty (issue_id) VALUES (new.id); END;
DROP TRIGGER issues_stat_update;
CREATE TRIGGER issues_stat_update AFTER UPDATE ON issues
BEGIN INSERT INTO issue_stat_dirty (issue_id) VALUES (new.id); END;
DROP TRIGGER issues_stat_delete;
CREATE TRIGGER issues_stat_delete AFTER DELETE ON issues
BEGIN INSERT INTO issue_stat_dirty (issue_id) VALUES (old.id); END;
DROP TRIGGER issue_facts_stat_insert;
CREATE TRIGGER issue_facts_stat_insert AFTER INSERT ON issue_facts
BEGIN INSERT INTO issue_stat_dirty (issue_id) VALUES (new.issue_id); END;
DROP TRIGGER issue_facts_stat_update;
CREATE TRIGGER issue_facts_stat_update AFTER UPDATE ON issue_facts
BEGIN INSERT INTO issue_stat_dirty (issue_id) VALUES (new.issue_id); END;
DROP TRIGGER issue_facts_stat_delete;
CREATE TRIGGER issue_facts_stat_delete AFTER DELETE ON issue_facts
BEGIN INSERT INTO issue_stat_dirty (issue_id) VALUES (old.issue_id); END;
DROP TRIGGER issue_payments_stat_insert;
CREATE TRIGGER issue_payments_stat_insert AFTER INSERT ON issue_payments
BEGIN INSERT INTO issue_stat_dirty (issue_id) VALUES (new.issue_id); END;
DROP TRIGGER issue_payments_stat_update;
CREATE TRIGGER issue_payments_stat_update AFTER UPDATE ON issue_payments
BEGIN INSERT INTO issue_stat_dirty (issue_id) VALUES (new.issue_id); END;
DROP TRIGGER issue_payments_stat_delete;
CREATE TRIGGER issue_payments_stat_delete AFTER DELETE ON issue_payments
BEGIN INSERT INTO issue_stat_dirty (issue_id) VALUES (old.issue_id); END;
DROP TRIGGER verifications_stat_insert;
CREATE TRIGGER verifications_stat_insert AFTER INSERT ON verifications
BEGIN INSERT INTO issue_stat_dirty (issue_id) VALUES (new.issue_id); END;
DROP TRIGGER verifications_stat_update;
CREATE TRIGGER verifications_stat_update AFTER UPDATE ON verifications
BEGIN INSERT INTO issue_stat_dirty (issue_id) VALUES (new.issue_id); END;
DROP TRIGGER verifications_stat_delete;
CREATE TRIGGER verifications_stat_delete AFTER DELETE ON verifications
BEGIN INSERT INTO issue_stat_dirty (issue_id) VALUES (old.issue_id); END;
DROP TABLE issue_unit_deadline_sums;
DROP TABLE issue_unit_day_sums;
DROP TABLE issue_unit_stat_sums;
DROP TABLE issue_unit_stat_rows;
DROP TABLE issue_unit_stat_dirty;
