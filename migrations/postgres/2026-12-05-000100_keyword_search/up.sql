-- Keyword search through an index (#24): trigram GIN indexes answer "contains this text"
-- (LIKE '%…%') over the title, description, enterprise name and number for a keyword of three or
-- more characters. pg_trgm sees Chinese characters only under a UTF-8 ctype (the database's
-- LC_CTYPE, e.g. C.UTF-8 or zh_CN.UTF-8); under another ctype the answers stay right, they are
-- just not served by the index (docs/deployment.md). pg_trgm is a trusted extension: the owner
-- of the database may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX issues_title_trgm_idx ON issues USING gin (title gin_trgm_ops);
CREATE INDEX issues_description_trgm_idx ON issues USING gin (description gin_trgm_ops);
CREATE INDEX issues_enterprise_name_trgm_idx ON issues USING gin (enterprise_name gin_trgm_ops);
CREATE INDEX issues_number_trgm_idx ON issues USING gin (number gin_trgm_ops);
