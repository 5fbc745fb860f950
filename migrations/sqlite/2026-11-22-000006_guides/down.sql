DROP TABLE guide_completions;
DROP TABLE guide_step_revisions;
DROP TABLE guide_steps;
DROP TABLE guides;
