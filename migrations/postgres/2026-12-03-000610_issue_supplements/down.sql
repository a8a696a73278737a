DROP TABLE issue_supplements;
