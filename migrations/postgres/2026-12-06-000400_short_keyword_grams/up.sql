-- Keywords of one or two characters through an index (#24). A trigram index cannot answer them
-- (they have no trigram), and most Chinese words are two characters long (拖欠, 鑫源, 学校), so a
-- search for one scanned every problem. Each problem's searched columns (title, description,
-- enterprise name, number) are kept here as the set of their characters and pairs of adjacent
-- characters, within each column; a GIN index finds the problems holding a given one.
--
-- The grams are stored rather than indexed as an expression: the planner would evaluate the
-- function per row whenever it walked another index, at about 30 µs a problem.
CREATE FUNCTION lvyue_search_grams(a TEXT, b TEXT, c TEXT, d TEXT) RETURNS TEXT[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT array(
        SELECT DISTINCT substr(t, i, n)
        FROM unnest(ARRAY[a, b, c, d]) AS t, generate_series(1, char_length(t)) AS i, (VALUES (1), (2)) AS v(n)
        WHERE i + n <= char_length(t) + 1)
$$;

CREATE TABLE issue_search_grams (
    issue_id TEXT PRIMARY KEY REFERENCES issues (id) ON DELETE CASCADE,
    grams    TEXT[] NOT NULL
);

INSERT INTO issue_search_grams (issue_id, grams)
SELECT id, lvyue_search_grams(title, description, enterprise_name, number) FROM issues;

CREATE INDEX issue_search_grams_idx ON issue_search_grams USING gin (grams);

-- Inserts statement-level over the transition table, so an import's batch is one statement.
CREATE FUNCTION issue_search_grams_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO issue_search_grams (issue_id, grams)
    SELECT id, lvyue_search_grams(title, description, enterprise_name, number) FROM new_rows;
    RETURN NULL;
END
$$;

CREATE TRIGGER issue_search_grams_added AFTER INSERT ON issues
REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION issue_search_grams_added();

-- Only when a searched column changes: a transition does not touch the grams.
CREATE FUNCTION issue_search_grams_edited() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE issue_search_grams
    SET grams = lvyue_search_grams(NEW.title, NEW.description, NEW.enterprise_name, NEW.number)
    WHERE issue_id = NEW.id;
    RETURN NULL;
END
$$;

CREATE TRIGGER issue_search_grams_edited AFTER UPDATE OF title, description, enterprise_name, number ON issues
FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.description IS DISTINCT FROM NEW.description
    OR OLD.enterprise_name IS DISTINCT FROM NEW.enterprise_name OR OLD.number IS DISTINCT FROM NEW.number)
EXECUTE FUNCTION issue_search_grams_edited();
