-- Payment records (还款记录, #17): what was paid, when and how. `amount_resolved_fen` is no
-- longer typed in but the sum of the records. A wrong record is never edited or deleted: a
-- correction (冲正) with a negative amount names the record it reverses, once.
CREATE TABLE issue_payments (
    id                TEXT PRIMARY KEY,
    issue_id          TEXT NOT NULL REFERENCES issues (id) ON DELETE CASCADE,
    kind              TEXT NOT NULL CHECK (kind IN ('payment', 'correction', 'opening')),
    paid_on           DATE NOT NULL,
    amount_fen        BIGINT NOT NULL,
    method            TEXT NOT NULL CHECK (method IN ('cash', 'instalment', 'offset', 'negotiated', 'litigation', 'other')),
    voucher_no        TEXT,
    note              TEXT,
    corrects          TEXT UNIQUE REFERENCES issue_payments (id),
    plan_version      INTEGER,
    unit_id           TEXT REFERENCES units (id),
    recorded_by_kind  TEXT NOT NULL,
    recorded_by_id    TEXT NOT NULL,
    recorded_by_name  TEXT NOT NULL,
    created_at        TIMESTAMP NOT NULL,
    CHECK ((kind = 'correction') = (corrects IS NOT NULL)),
    CHECK ((kind = 'correction') = (amount_fen < 0)),
    CHECK (amount_fen <> 0)
);
CREATE INDEX issue_payments_issue_idx ON issue_payments (issue_id, created_at);
CREATE INDEX issue_payments_paid_on_idx ON issue_payments (paid_on);

-- Every problem with money resolved before this release gets one opening record (期初结转)
-- carrying that amount forward (its id is the problem's, its date the problem's last change),
-- so the sum of the records equals what was typed in. `issues.amount_resolved_fen` stays, kept
-- as that sum capped at the amount involved (its check) for readers of the previous release.
INSERT INTO issue_payments (id, issue_id, kind, paid_on, amount_fen, method, voucher_no, note, corrects,
                            plan_version, unit_id, recorded_by_kind, recorded_by_id, recorded_by_name, created_at)
SELECT id, id, 'opening', date(updated_at), amount_resolved_fen, 'other', NULL,
       '期初结转: 升级前填报的已化解金额', NULL, NULL, NULL, 'system', 'migration', '数据升级', updated_at
FROM issues WHERE amount_resolved_fen > 0;
