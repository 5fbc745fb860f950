//! Being found, the tables: search and its synonyms, feeds, SEO pages.

pub mod feeds;
pub mod seo;
pub mod synonyms;
