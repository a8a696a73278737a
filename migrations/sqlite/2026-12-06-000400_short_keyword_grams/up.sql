-- Keywords of one or two characters through an index (#24). The trigram table cannot answer
-- them (they have no trigram), and most Chinese words are two characters long (拖欠, 鑫源, 学校),
-- so a search for one scanned every problem.
--
-- `issues_grams` holds, for each problem, its searched columns (title, description, enterprise
-- name, number) as the set of their characters and pairs of adjacent characters, within each
-- column, written as words: "测试公司" becomes "测 测试 试 试公 公 公司 司 司". The unicode61
-- tokenizer makes each a token, and an FTS5 query for one token finds the problems holding it.
-- A keyword is looked up this way only when it is made of letters, digits or Chinese
-- characters (`store::issues::Keyword`), so that it is exactly one token; the caller still
-- checks the text with LIKE. Contentless with `detail=none`: only which problems hold a token
-- is kept, no text and no positions.
--
-- The characters are enumerated with json_each over an array of as many zeros as the text is
-- long: a trigger may not use a recursive common table expression.
--
-- Rows are keyed like `issues_fts`, by `issue_search_keys`. The three triggers of that table
-- are created again here to write both, in one place and in order.
CREATE VIRTUAL TABLE issues_grams USING fts5 (
    grams, content = '', contentless_delete = 1, detail = 'none', tokenize = 'unicode61 remove_diacritics 0'
);

INSERT INTO issues_grams (rowid, grams)
SELECT k.rowid,
        coalesce((SELECT group_concat(substr(i.title, j.key + 1, 1) || ' ' || substr(i.title, j.key + 1, 2), ' ') FROM json_each('[' || substr(replace(hex(zeroblob(length(i.title))), '00', ',0'), 2) || ']') AS j), '')
        || ' ' || coalesce((SELECT group_concat(substr(i.description, j.key + 1, 1) || ' ' || substr(i.description, j.key + 1, 2), ' ') FROM json_each('[' || substr(replace(hex(zeroblob(length(i.description))), '00', ',0'), 2) || ']') AS j), '')
        || ' ' || coalesce((SELECT group_concat(substr(i.enterprise_name, j.key + 1, 1) || ' ' || substr(i.enterprise_name, j.key + 1, 2), ' ') FROM json_each('[' || substr(replace(hex(zeroblob(length(i.enterprise_name))), '00', ',0'), 2) || ']') AS j), '')
        || ' ' || coalesce((SELECT group_concat(substr(i.number, j.key + 1, 1) || ' ' || substr(i.number, j.key + 1, 2), ' ') FROM json_each('[' || substr(replace(hex(zeroblob(length(i.number))), '00', ',0'), 2) || ']') AS j), '')
FROM issues i JOIN issue_search_keys k ON k.issue_id = i.id;

DROP TRIGGER issues_search_insert;
DROP TRIGGER issues_search_update;
DROP TRIGGER issues_search_delete;

CREATE TRIGGER issues_search_insert AFTER INSERT ON issues BEGIN
    INSERT INTO issue_search_keys (issue_id) VALUES (new.id);
    INSERT INTO issues_fts (rowid, title, description, enterprise_name, number)
    VALUES ((SELECT rowid FROM issue_search_keys WHERE issue_id = new.id),
            new.title, new.description, new.enterprise_name, new.number);
    INSERT INTO issues_grams (rowid, grams)
    VALUES ((SELECT rowid FROM issue_search_keys WHERE issue_id = new.id),
        coalesce((SELECT group_concat(substr(new.title, j.key + 1, 1) || ' ' || substr(new.title, j.key + 1, 2), ' ') FROM json_each('[' || substr(replace(hex(zeroblob(length(new.title))), '00', ',0'), 2) || ']') AS j), '')
        || ' ' || coalesce((SELECT group_concat(substr(new.description, j.key + 1, 1) || ' ' || substr(new.description, j.key + 1, 2), ' ') FROM json_each('[' || substr(replace(hex(zeroblob(length(new.description))), '00', ',0'), 2) || ']') AS j), '')
        || ' ' || coalesce((SELECT group_concat(substr(new.enterprise_name, j.key + 1, 1) || ' ' || substr(new.enterprise_name, j.key + 1, 2), ' ') FROM json_each('[' || substr(replace(hex(zeroblob(length(new.enterprise_name))), '00', ',0'), 2) || ']') AS j), '')
        || ' ' || coalesce((SELECT group_concat(substr(new.number, j.key + 1, 1) || ' ' || substr(new.number, j.key + 1, 2), ' ') FROM json_each('[' || substr(replace(hex(zeroblob(length(new.number))), '00', ',0'), 2) || ']') AS j), ''));
END;

-- Only when a searched column changes: a state change does not touch the index.
CREATE TRIGGER issues_search_update AFTER UPDATE OF title, description, enterprise_name, number ON issues
WHEN old.title IS NOT new.title OR old.description IS NOT new.description
  OR old.enterprise_name IS NOT new.enterprise_name OR old.number IS NOT new.number
BEGIN
    UPDATE issues_fts
    SET title = new.title, description = new.description, enterprise_name = new.enterprise_name, number = new.number
    WHERE rowid = (SELECT rowid FROM issue_search_keys WHERE issue_id = new.id);
    DELETE FROM issues_grams WHERE rowid = (SELECT rowid FROM issue_search_keys WHERE issue_id = new.id);
    INSERT INTO issues_grams (rowid, grams)
    VALUES ((SELECT rowid FROM issue_search_keys WHERE issue_id = new.id),
        coalesce((SELECT group_concat(substr(new.title, j.key + 1, 1) || ' ' || substr(new.title, j.key + 1, 2), ' ') FROM json_each('[' || substr(replace(hex(zeroblob(length(new.title))), '00', ',0'), 2) || ']') AS j), '')
        || ' ' || coalesce((SELECT group_concat(substr(new.description, j.key + 1, 1) || ' ' || substr(new.description, j.key + 1, 2), ' ') FROM json_each('[' || substr(replace(hex(zeroblob(length(new.description))), '00', ',0'), 2) || ']') AS j), '')
        || ' ' || coalesce((SELECT group_concat(substr(new.enterprise_name, j.key + 1, 1) || ' ' || substr(new.enterprise_name, j.key + 1, 2), ' ') FROM json_each('[' || substr(replace(hex(zeroblob(length(new.enterprise_name))), '00', ',0'), 2) || ']') AS j), '')
        || ' ' || coalesce((SELECT group_concat(substr(new.number, j.key + 1, 1) || ' ' || substr(new.number, j.key + 1, 2), ' ') FROM json_each('[' || substr(replace(hex(zeroblob(length(new.number))), '00', ',0'), 2) || ']') AS j), ''));
END;

CREATE TRIGGER issues_search_delete AFTER DELETE ON issues BEGIN
    DELETE FROM issues_fts WHERE rowid = (SELECT rowid FROM issue_search_keys WHERE issue_id = old.id);
    DELETE FROM issues_grams WHERE rowid = (SELECT rowid FROM issue_search_keys WHERE issue_id = old.id);
    DELETE FROM issue_search_keys WHERE issue_id = old.id;
END;
