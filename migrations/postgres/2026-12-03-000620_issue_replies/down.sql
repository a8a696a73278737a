DROP TABLE issue_replies;
