-- Red and yellow warnings in deadline order (#24). A page sorted by deadline walks this index and
-- checks the state in it; a count reads the index alone. The warning filter writes the state test
-- as `+state IN (…)` on SQLite, so that the planner, which has no statistics, takes this index
-- rather than (state, deadline) followed by sorting every warned problem: at 1,000,000 problems
-- that sort made a red page cost 316 ms.
CREATE INDEX issues_deadline_order_idx ON issues (deadline, id, state);
