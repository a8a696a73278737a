DROP TABLE issue_facts;
