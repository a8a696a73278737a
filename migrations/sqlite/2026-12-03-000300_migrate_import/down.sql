ALTER TABLE issues DROP COLUMN migrated;
