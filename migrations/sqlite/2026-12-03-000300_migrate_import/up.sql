-- Problems brought in by a migration import (#16: a ledger already in progress, in its states
-- there). Event-based scores leave them out; existing problems were all registered here.
ALTER TABLE issues ADD COLUMN migrated BOOLEAN NOT NULL DEFAULT 0;
