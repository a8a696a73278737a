-- Maintained statistics (#24): each problem's share of the overview and the trend, and their
-- sums per key, so that the office's and the group leads' overview and trend add up a few
-- hundred or thousand rows instead of reading every problem, its payments and its 核查 records.
--
-- Triggers put the id of every problem whose row, facts, payments or 核查 records change into
-- issue_stat_dirty (also when the change is made behind the application's back). The
-- count_fold job recomputes those problems' shares in issue_stat_rows and adds the difference
-- to issue_stat_sums, issue_day_sums and issue_deadline_sums. A request adds the shares of the
-- problems still waiting to the sums, so the answer is exact at every moment
-- (store::stat_sums, service::stats::sums).
--
-- Keys are text and '' stands for "none", so that they can form a primary key on both backends.
-- A problem's agreed payment date, debtor nature and enterprise size are part of its key only
-- when it is an arrear still owed (owes = 1): they class the outstanding arrears, and leaving
-- them out elsewhere keeps the sums few.

-- Only ever inserted, and taken and deleted a batch of problems at a time (by issue_id).
CREATE TABLE issue_stat_dirty (
    issue_id TEXT NOT NULL
);
CREATE INDEX issue_stat_dirty_issue ON issue_stat_dirty (issue_id);

-- Each problem's share as last folded (JSON: its key and figures), so that a fold can take it
-- out of the sums again. Only the application reads it.
CREATE TABLE issue_stat_rows (
    issue_id TEXT PRIMARY KEY,
    share    TEXT NOT NULL
);

CREATE TABLE issue_stat_sums (
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
    PRIMARY KEY (campaign_id, group_id, state, category, source, closure_kind, owes,
                 agreed_payment_on, debtor_nature, enterprise_size)
);

-- The trend's figures per campaign, work group and day (Asia/Shanghai): problems registered and
-- closed that day, and the payment records of that day (paid, 协商减免) of problems not
-- dismissed. Each problem's own days are part of its share in issue_stat_rows.
CREATE TABLE issue_day_sums (
    campaign_id TEXT NOT NULL,
    group_id    TEXT NOT NULL,
    day         TEXT NOT NULL,
    registered  BIGINT NOT NULL,
    closed      BIGINT NOT NULL,
    paid        BIGINT NOT NULL,
    negotiated  BIGINT NOT NULL,
    PRIMARY KEY (campaign_id, group_id, day)
);

-- The problems whose deadline runs (自查, 交办, 整改), per key and deadline: the red and yellow
-- counts of the day asked add them up on either side of today.
CREATE TABLE issue_deadline_sums (
    campaign_id TEXT NOT NULL,
    group_id    TEXT NOT NULL,
    state       TEXT NOT NULL,
    category    TEXT NOT NULL,
    source      TEXT NOT NULL,
    deadline    TEXT NOT NULL,
    n           BIGINT NOT NULL,
    PRIMARY KEY (campaign_id, group_id, state, category, source, deadline)
);

-- The problems as they are: every one waits for its first share.
INSERT INTO issue_stat_dirty (issue_id) SELECT id FROM issues;

-- Statement-level over the transition tables: an import's batch marks its problems in one
-- insert. An update marks every problem it touched, whichever columns it set.
CREATE FUNCTION issue_stat_dirty_issues_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO issue_stat_dirty (issue_id) SELECT id FROM new_rows;
    RETURN NULL;
END
$$;

CREATE FUNCTION issue_stat_dirty_issues_old() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO issue_stat_dirty (issue_id) SELECT id FROM old_rows;
    RETURN NULL;
END
$$;

CREATE FUNCTION issue_stat_dirty_related_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO issue_stat_dirty (issue_id) SELECT issue_id FROM new_rows;
    RETURN NULL;
END
$$;

CREATE FUNCTION issue_stat_dirty_related_old() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO issue_stat_dirty (issue_id) SELECT issue_id FROM old_rows;
    RETURN NULL;
END
$$;

CREATE TRIGGER issues_stat_insert AFTER INSERT ON issues
REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION issue_stat_dirty_issues_new();
CREATE TRIGGER issues_stat_update AFTER UPDATE ON issues
REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION issue_stat_dirty_issues_new();
CREATE TRIGGER issues_stat_delete AFTER DELETE ON issues
REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION issue_stat_dirty_issues_old();

CREATE TRIGGER issue_facts_stat_insert AFTER INSERT ON issue_facts
REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION issue_stat_dirty_related_new();
CREATE TRIGGER issue_facts_stat_update AFTER UPDATE ON issue_facts
REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION issue_stat_dirty_related_new();
CREATE TRIGGER issue_facts_stat_delete AFTER DELETE ON issue_facts
REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION issue_stat_dirty_related_old();

CREATE TRIGGER issue_payments_stat_insert AFTER INSERT ON issue_payments
REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION issue_stat_dirty_related_new();
CREATE TRIGGER issue_payments_stat_update AFTER UPDATE ON issue_payments
REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION issue_stat_dirty_related_new();
CREATE TRIGGER issue_payments_stat_delete AFTER DELETE ON issue_payments
REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION issue_stat_dirty_related_old();

CREATE TRIGGER verifications_stat_insert AFTER INSERT ON verifications
REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION issue_stat_dirty_related_new();
CREATE TRIGGER verifications_stat_update AFTER UPDATE ON verifications
REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION issue_stat_dirty_related_new();
CREATE TRIGGER verifications_stat_delete AFTER DELETE ON verifications
REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION issue_stat_dirty_related_old();
