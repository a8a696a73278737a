-- A problem's notices by kind and time (#24). The deadline scan asks, for every warned problem,
-- whether its recipients already had today's notice about it (`store::supervision::notify`) and
-- when it was last notified red (`last_notified`). Through the only index on notifications,
-- (user_id, created_at), the first read every notice the office's users had that day and the
-- second every notice there is: a scan of 160,000 warned problems (1,000,000 in the ledger) grew
-- quadratic and held SQLite's write lock so long that other writes timed out.
CREATE INDEX notifications_issue_idx ON notifications (issue_id, kind, created_at);
