DROP TRIGGER issues_search_insert;
DROP TRIGGER issues_search_update;
DROP TRIGGER issues_search_delete;
DROP TABLE issues_grams;

CREATE TRIGGER issues_search_insert AFTER INSERT ON issues BEGIN
    INSERT INTO issue_search_keys (issue_id) VALUES (new.id);
    INSERT INTO issues_fts (rowid, title, description, enterprise_name, number)
    VALUES ((SELECT rowid FROM issue_search_keys WHERE issue_id = new.id),
            new.title, new.description, new.enterprise_name, new.number);
END;

CREATE TRIGGER issues_search_update AFTER UPDATE OF title, description, enterprise_name, number ON issues
WHEN old.title IS NOT new.title OR old.description IS NOT new.description
  OR old.enterprise_name IS NOT new.enterprise_name OR old.number IS NOT new.number
BEGIN
    UPDATE issues_fts
    SET title = new.title, description = new.description, enterprise_name = new.enterprise_name, number = new.number
    WHERE rowid = (SELECT rowid FROM issue_search_keys WHERE issue_id = new.id);
END;

CREATE TRIGGER issues_search_delete AFTER DELETE ON issues BEGIN
    DELETE FROM issues_fts WHERE rowid = (SELECT rowid FROM issue_search_keys WHERE issue_id = old.id);
    DELETE FROM issue_search_keys WHERE issue_id = old.id;
END;
