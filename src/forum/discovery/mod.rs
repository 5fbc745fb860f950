//! Being found, the rules: search and its synonyms, feeds, SEO pages.

pub mod synonyms;
