-- The maintained statistics per unit (#24): a unit user's own overview and trend (its data
-- scope: every problem it is involved in) and the unit filter (the problems a unit is
-- responsible for or cooperates on) are answered from sums, as the district's are.
--
-- New tables beside the district's, which stay as they are: a server of the release before
-- (during a rolling upgrade) keeps folding and reading those, and never sees these. A problem
-- counts once in the sums of each unit of its membership rows (issue_units); handles = 1 where
-- the unit is its responsible or a cooperating unit. The same triggers mark a changed problem
-- for both sets of sums, and a change of its membership rows for the units' (the district's do
-- not depend on them). Every problem is marked, so the first folds fill these.

CREATE TABLE issue_unit_stat_dirty (
    issue_id TEXT NOT NULL
);
CREATE INDEX issue_unit_stat_dirty_issue ON issue_unit_stat_dirty (issue_id);

-- Each problem's share as last folded into the units' sums (as in issue_stat_rows).
CREATE TABLE issue_unit_stat_rows (
    issue_id TEXT PRIMARY KEY,
    share    TEXT NOT NULL
);

CREATE TABLE issue_unit_stat_sums (
    unit_id           TEXT NOT NULL,
    handles           BIGINT NOT NULL,
    campaign_id       TEXT NOT NULL,
    group_id          TEXT NOT NULL,
    state             TEXT NOT NULL,
    category          TEXT NOT NULL,
    source            TEXT NOT NULL,
    closure_kind      TEXT NOT NULL,
    owes              BIGINT NOT NULL,
    agreed_payment_on TEXT NOT NULL,
    debtor_nature     TEXT NOT NULL,
    enterprise_size   TEXT NOT NULL,
    n                 BIGINT NOT NULL,
    involved          BIGINT NOT NULL,
    resolved          BIGINT NOT NULL,
    due               BIGINT NOT NULL,
    paid              BIGINT NOT NULL,
    negotiated        BIGINT NOT NULL,
    counted           BIGINT NOT NULL,
    timed             BIGINT NOT NULL,
    on_time           BIGINT NOT NULL,
    close_timed       BIGINT NOT NULL,
    close_seconds     BIGINT NOT NULL,
    verified          BIGINT NOT NULL,
    redo              BIGINT NOT NULL,
    asked             BIGINT NOT NULL,
    satisfied         BIGINT NOT NULL,
    PRIMARY KEY (unit_id, handles, campaign_id, group_id, state, category, source, closure_kind, owes,
                 agreed_payment_on, debtor_nature, enterprise_size)
);

CREATE TABLE issue_unit_day_sums (
    unit_id     TEXT NOT NULL,
    handles     BIGINT NOT NULL,
    campaign_id TEXT NOT NULL,
    group_id    TEXT NOT NULL,
    day         TEXT NOT NULL,
    registered  BIGINT NOT NULL,
    closed      BIGINT NOT NULL,
    paid        BIGINT NOT NULL,
    negotiated  BIGINT NOT NULL,
    PRIMARY KEY (unit_id, handles, campaign_id, group_id, day)
);

CREATE TABLE issue_unit_deadline_sums (
    unit_id     TEXT NOT NULL,
    handles     BIGINT NOT NULL,
    campaign_id TEXT NOT NULL,
    group_id    TEXT NOT NULL,
    state       TEXT NOT NULL,
    category    TEXT NOT NULL,
    source      TEXT NOT NULL,
    deadline    TEXT NOT NULL,
    n           BIGINT NOT NULL,
    PRIMARY KEY (unit_id, handles, campaign_id, group_id, state, category, source, deadline)
);

INSERT INTO issue_unit_stat_dirty (issue_id) SELECT id FROM issues;

-- The problems' own triggers mark both sets of sums.
DROP TRIGGER issues_stat_insert;
CREATE TRIGGER issues_stat_insert AFTER INSERT ON issues
BEGIN
    INSERT INTO issue_stat_dirty (issue_id) VALUES (new.id);
    INSERT INTO issue_unit_stat_dirty (issue_id) VALUES (new.id);
END;
DROP TRIGGER issues_stat_update;
CREATE TRIGGER issues_stat_update AFTER UPDATE ON issues
BEGIN
    INSERT INTO issue_stat_dirty (issue_id) VALUES (new.id);
    INSERT INTO issue_unit_stat_dirty (issue_id) VALUES (new.id);
END;
DROP TRIGGER issues_stat_delete;
CREATE TRIGGER issues_stat_delete AFTER DELETE ON issues
BEGIN
    INSERT INTO issue_stat_dirty (issue_id) VALUES (old.id);
    INSERT INTO issue_unit_stat_dirty (issue_id) VALUES (old.id);
END;
DROP TRIGGER issue_facts_stat_insert;
CREATE TRIGGER issue_facts_stat_insert AFTER INSERT ON issue_facts
BEGIN
    INSERT INTO issue_stat_dirty (issue_id) VALUES (new.issue_id);
    INSERT INTO issue_unit_stat_dirty (issue_id) VALUES (new.issue_id);
END;
DROP TRIGGER issue_facts_stat_update;
CREATE TRIGGER issue_facts_stat_update AFTER UPDATE ON issue_facts
BEGIN
    INSERT INTO issue_stat_dirty (issue_id) VALUES (new.issue_id);
    INSERT INTO issue_unit_stat_dirty (issue_id) VALUES (new.issue_id);
END;
DROP TRIGGER issue_facts_stat_delete;
CREATE TRIGGER issue_facts_stat_delete AFTER DELETE ON issue_facts
BEGIN
    INSERT INTO issue_stat_dirty (issue_id) VALUES (old.issue_id);
    INSERT INTO issue_unit_stat_dirty (issue_id) VALUES (old.issue_id);
END;
DROP TRIGGER issue_payments_stat_insert;
CREATE TRIGGER issue_payments_stat_insert AFTER INSERT ON issue_payments
BEGIN
    INSERT INTO issue_stat_dirty (issue_id) VALUES (new.issue_id);
    INSERT INTO issue_unit_stat_dirty (issue_id) VALUES (new.issue_id);
END;
DROP TRIGGER issue_payments_stat_update;
CREATE TRIGGER issue_payments_stat_update AFTER UPDATE ON issue_payments
BEGIN
    INSERT INTO issue_stat_dirty (issue_id) VALUES (new.issue_id);
    INSERT INTO issue_unit_stat_dirty (issue_id) VALUES (new.issue_id);
END;
DROP TRIGGER issue_payments_stat_delete;
CREATE TRIGGER issue_payments_stat_delete AFTER DELETE ON issue_payments
BEGIN
    INSERT INTO issue_stat_dirty (issue_id) VALUES (old.issue_id);
    INSERT INTO issue_unit_stat_dirty (issue_id) VALUES (old.issue_id);
END;
DROP TRIGGER verifications_stat_insert;
CREATE TRIGGER verifications_stat_insert AFTER INSERT ON verifications
BEGIN
    INSERT INTO issue_stat_dirty (issue_id) VALUES (new.issue_id);
    INSERT INTO issue_unit_stat_dirty (issue_id) VALUES (new.issue_id);
END;
DROP TRIGGER verifications_stat_update;
CREATE TRIGGER verifications_stat_update AFTER UPDATE ON verifications
BEGIN
    INSERT INTO issue_stat_dirty (issue_id) VALUES (new.issue_id);
    INSERT INTO issue_unit_stat_dirty (issue_id) VALUES (new.issue_id);
END;
DROP TRIGGER verifications_stat_delete;
CREATE TRIGGER verifications_stat_delete AFTER DELETE ON verifications
BEGIN
    INSERT INTO issue_stat_dirty (issue_id) VALUES (old.issue_id);
    INSERT INTO issue_unit_stat_dirty (issue_id) VALUES (old.issue_id);
END;

-- A problem's units are its membership rows.
CREATE TRIGGER issue_units_stat_insert AFTER INSERT ON issue_units
BEGIN INSERT INTO issue_unit_stat_dirty (issue_id) VALUES (new.issue_id); END;
CREATE TRIGGER issue_units_stat_update AFTER UPDATE ON issue_units
BEGIN INSERT INTO issue_unit_stat_dirty (issue_id) VALUES (new.issue_id); END;
CREATE TRIGGER issue_units_stat_delete AFTER DELETE ON issue_units
BEGIN INSERT INTO issue_unit_stat_dirty (issue_id) VALUES (old.issue_id); END;
