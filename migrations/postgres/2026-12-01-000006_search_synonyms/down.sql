DROP TABLE synonym_terms;
DROP TABLE synonym_groups;
