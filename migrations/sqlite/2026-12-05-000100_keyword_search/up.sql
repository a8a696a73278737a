-- Keyword search through an index (#24). An FTS5 table with the trigram tokenizer answers
-- "contains this text" over the title, description, enterprise name and number for a keyword of
-- three or more characters (Chinese included); shorter keywords are answered by a scan.
--
-- The FTS table's rowid must stay tied to its problem. `issues` has a text key, so its own
-- rowid may change on VACUUM; `issue_search_keys` gives each problem an INTEGER PRIMARY KEY,
-- which SQLite keeps. Triggers keep both tables in step with every write to `issues`, imports
-- included. A migration that rebuilds `issues` must create these triggers again.
CREATE TABLE issue_search_keys (
    rowid    INTEGER PRIMARY KEY,
    issue_id TEXT NOT NULL UNIQUE
);
CREATE VIRTUAL TABLE issues_fts USING fts5 (title, description, enterprise_name, number, tokenize = 'trigram');

INSERT INTO issue_search_keys (issue_id) SELECT id FROM issues ORDER BY created_at, id;
INSERT INTO issues_fts (rowid, title, description, enterprise_name, number)
SELECT k.rowid, i.title, i.description, i.enterprise_name, i.number
FROM issues i JOIN issue_search_keys k ON k.issue_id = i.id;

CREATE TRIGGER issues_search_insert AFTER INSERT ON issues BEGIN
    INSERT INTO issue_search_keys (issue_id) VALUES (new.id);
    INSERT INTO issues_fts (rowid, title, description, enterprise_name, number)
    VALUES ((SELECT rowid FROM issue_search_keys WHERE issue_id = new.id),
            new.title, new.description, new.enterprise_name, new.number);
END;

-- Only when a searched column changes: a state change does not touch the index.
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
