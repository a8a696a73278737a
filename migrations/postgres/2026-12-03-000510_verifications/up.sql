-- The 核查 record of an approval or a rejection: how the office verified, who, what it found,
-- and for problems raised by an enterprise what the enterprise said (回访). A rejection whose
-- enterprise is dissatisfied is 重办 (`redo`), counted against the unit that held the problem.
CREATE TABLE verifications (
    transition_id         TEXT PRIMARY KEY REFERENCES issue_transitions (id),
    issue_id              TEXT NOT NULL REFERENCES issues (id),
    outcome               TEXT NOT NULL CHECK (outcome IN ('approved', 'rejected')),
    method                TEXT NOT NULL,
    verified_on           DATE NOT NULL,
    verifiers_json        TEXT NOT NULL,
    findings              TEXT NOT NULL,
    enterprise_contacted  BOOLEAN,
    enterprise_confirmed  BOOLEAN,
    satisfaction          TEXT,
    enterprise_words      TEXT,
    override_reason       TEXT,
    redo                  BOOLEAN NOT NULL,
    responsible_unit_id   TEXT REFERENCES units (id),
    created_at            TIMESTAMP NOT NULL
);
CREATE INDEX verifications_issue_idx ON verifications (issue_id);
CREATE INDEX verifications_unit_idx ON verifications (responsible_unit_id, created_at);
