ALTER TABLE campaign_milestones DROP COLUMN deliverable;
DROP INDEX campaigns_one_standing;
DROP INDEX campaigns_one_open;
DELETE FROM campaigns WHERE standing;
ALTER TABLE campaigns DROP COLUMN closed_at;
ALTER TABLE campaigns DROP COLUMN standing;
ALTER TABLE campaigns DROP COLUMN state;
