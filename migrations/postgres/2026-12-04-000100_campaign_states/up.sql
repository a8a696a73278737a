-- Campaigns as data (#20): a state (draft → open → closed) instead of the active flag, at most
-- one open at a time, and the permanent 常态化 (standing) campaign that receives problems when
-- none is open. The latest active campaign stays open; other campaigns are closed. `active`
-- stays, kept equal to "open and not standing", for readers of the previous release.
ALTER TABLE campaigns ADD COLUMN state TEXT NOT NULL DEFAULT 'draft';
ALTER TABLE campaigns ADD COLUMN standing BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE campaigns ADD COLUMN closed_at TIMESTAMP;
UPDATE campaigns SET state = 'closed';
UPDATE campaigns SET state = 'open'
 WHERE id = (SELECT id FROM campaigns WHERE active ORDER BY starts_on DESC, created_at DESC LIMIT 1);
UPDATE campaigns SET active = (state = 'open');
INSERT INTO campaigns (id, code, name, year, starts_on, ends_on, active, created_at, updated_at, state, standing)
VALUES ('00000000-0000-7000-8000-0000000000c7', 'CT', '常态化监测', 0, '2000-01-01', '9999-12-31',
        (1 = 0), CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 'open', (1 = 1));
CREATE UNIQUE INDEX campaigns_one_open ON campaigns (state) WHERE state = 'open' AND NOT standing;
CREATE UNIQUE INDEX campaigns_one_standing ON campaigns (standing) WHERE standing;
-- Numbers come from a counter per campaign code (LY{code}-00001); the counter of a campaign
-- whose code is not its year starts where its year's counter stood.
INSERT INTO counters (key, value)
SELECT 'issue_number:' || c.code, k.value
  FROM campaigns c JOIN counters k ON k.key = 'issue_number:' || CAST(c.year AS TEXT)
 WHERE NOT c.standing
ON CONFLICT (key) DO NOTHING;
-- What a milestone asks for (自查清单, 整改措施, 书面反馈, 总结报告 or other).
ALTER TABLE campaign_milestones ADD COLUMN deliverable TEXT NOT NULL DEFAULT 'other';
