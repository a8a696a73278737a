DROP TRIGGER issue_search_grams_edited ON issues;
DROP TRIGGER issue_search_grams_added ON issues;
DROP FUNCTION issue_search_grams_edited();
DROP FUNCTION issue_search_grams_added();
DROP TABLE issue_search_grams;
DROP FUNCTION lvyue_search_grams(TEXT, TEXT, TEXT, TEXT);
