DROP TABLE issue_progress;
DROP TABLE issue_transitions;
DROP TABLE issue_cooperating_units;
DROP TABLE issues;
DROP TABLE counters;
DROP TABLE campaign_milestones;
DROP TABLE campaign_phases;
DROP TABLE campaigns;
