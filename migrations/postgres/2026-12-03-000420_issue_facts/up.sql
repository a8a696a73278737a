-- Facts of an arrear (#17): what is owed (应付, defaulting to the amount involved), by whom
-- (欠款主体 and its nature), since when (the agreed payment date, from which 账龄 is computed),
-- and whether it is disputed. A row only for problems whose facts were given; the columns the
-- lists filter on are indexed.
CREATE TABLE issue_facts (
    issue_id           TEXT PRIMARY KEY REFERENCES issues (id) ON DELETE CASCADE,
    amount_due_fen     BIGINT CHECK (amount_due_fen >= 0),
    debtor_name        TEXT,
    debtor_nature      TEXT CHECK (debtor_nature IN ('agency', 'institution', 'soe')),
    agreed_payment_on  DATE,
    disputed           BOOLEAN NOT NULL DEFAULT FALSE,
    dispute_note       TEXT,
    updated_at         TIMESTAMP NOT NULL
);
CREATE INDEX issue_facts_nature_idx ON issue_facts (debtor_nature);
CREATE INDEX issue_facts_agreed_idx ON issue_facts (agreed_payment_on);
CREATE INDEX issue_facts_disputed_idx ON issue_facts (disputed);
