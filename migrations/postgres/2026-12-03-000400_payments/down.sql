DROP TABLE issue_payments;
