DROP INDEX issues_deadline_order_idx;
