//! Builtin search results kept for a few seconds.
//!
//! Ranking every match of a common word costs the builtin engine tens of
//! milliseconds of a core, and visitors ask the same few questions ("battery",
//! "fan noise") again and again. Results are kept per search (words, filters,
//! order, page) for `FIXLOOP_SEARCH_CACHE_SECONDS` and, unlike pages, are not
//! emptied by every write: a busy forum writes every second, which would keep
//! the cache empty exactly when it is needed. A new post is therefore found by
//! a search repeated within those seconds only once they have passed — the
//! same promise an external engine fed by the outbox makes.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::{SearchQuery, SearchResults};

/// Searches kept at most; a page of results is ~10 KB, so ~10 MB in all.
const MAX_ENTRIES: usize = 1_000;

pub struct ResultCache {
    ttl: Duration,
    entries: Mutex<HashMap<String, (Instant, SearchResults)>>,
}

impl ResultCache {
    pub fn new(ttl: Duration) -> ResultCache {
        ResultCache {
            ttl,
            entries: Mutex::default(),
        }
    }

    fn key(query: &SearchQuery) -> Option<String> {
        serde_json::to_string(query).ok()
    }

    pub fn get(&self, query: &SearchQuery) -> Option<SearchResults> {
        if self.ttl.is_zero() {
            return None;
        }
        let key = Self::key(query)?;
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries
            .get(&key)
            .filter(|(stored_at, _)| stored_at.elapsed() < self.ttl)
            .map(|(_, results)| results.clone())
    }

    pub fn put(&self, query: &SearchQuery, results: &SearchResults) {
        let Some(key) = Self::key(query).filter(|_| !self.ttl.is_zero()) else {
            return;
        };
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() >= MAX_ENTRIES {
            entries.retain(|_, (stored_at, _)| stored_at.elapsed() < self.ttl);
            if entries.len() >= MAX_ENTRIES {
                entries.clear();
            }
        }
        entries.insert(key, (Instant::now(), results.clone()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::Sort;

    fn query(word: &str) -> SearchQuery {
        SearchQuery {
            terms: vec![word.to_owned()],
            kind: None,
            device_path: None,
            solved: None,
            verified: None,
            recovery_path: None,
            sort: Sort::Relevance,
            page: 1,
            match_any: false,
        }
    }

    #[test]
    fn a_search_is_kept_until_its_time_is_up() {
        let cache = ResultCache::new(Duration::from_millis(50));
        let results = SearchResults {
            total: 7,
            ..Default::default()
        };
        cache.put(&query("battery"), &results);
        assert_eq!(cache.get(&query("battery")).map(|r| r.total), Some(7));
        assert!(cache.get(&query("hinge")).is_none());
        let mut other_page = query("battery");
        other_page.page = 2;
        assert!(cache.get(&other_page).is_none());
        std::thread::sleep(Duration::from_millis(60));
        assert!(cache.get(&query("battery")).is_none());
    }

    #[test]
    fn zero_seconds_keeps_nothing() {
        let cache = ResultCache::new(Duration::ZERO);
        cache.put(&query("battery"), &SearchResults::default());
        assert!(cache.get(&query("battery")).is_none());
    }
}
