//! Being found, the pages: search and its synonyms, feeds, SEO pages.

pub mod feeds;
pub mod search;
pub mod seo;
pub mod synonyms;
