-- Red and yellow warnings in deadline order (#24). A page sorted by (deadline, id) walked the
-- deadline index and sorted each day's problems by id, reading every problem of the first day
-- (at 1,000,000 problems, 8,000 rows and 60 ms); this index gives the order itself, and with the
-- state included a page is read from the index alone.
CREATE INDEX issues_deadline_order_idx ON issues (deadline, id) INCLUDE (state);
