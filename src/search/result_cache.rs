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
//!
//! Taking something *out* of search is different: once staff hide a post, a
//! step or a whole thread, no kept result may show it again, not even for a
//! few seconds. Every web handler that hides content (or shows it again, so
//! staff see their unhide at once) calls [`invalidate`] after the change
//! committed (a generation count, as the page cache keeps):
//! every kept search is stale from then on, and a search that was already
//! running when the change committed is not kept at all. Other app servers
//! on the same database empty theirs within half a second
//! (`web::site_changes`).
//!
//! [`invalidate`]: ResultCache::invalidate

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::{SearchQuery, SearchResults};

/// Searches kept at most; a page of results is ~10 KB, so ~10 MB in all.
const MAX_ENTRIES: usize = 1_000;

pub struct ResultCache {
    ttl: Duration,
    generation: AtomicU64,
    entries: Mutex<HashMap<String, Kept>>,
}

struct Kept {
    generation: u64,
    stored_at: Instant,
    results: SearchResults,
}

impl ResultCache {
    pub fn new(ttl: Duration) -> ResultCache {
        ResultCache {
            ttl,
            generation: AtomicU64::new(0),
            entries: Mutex::default(),
        }
    }

    fn key(query: &SearchQuery) -> Option<String> {
        serde_json::to_string(query).ok()
    }

    fn fresh(&self, kept: &Kept, generation: u64) -> bool {
        kept.generation == generation && kept.stored_at.elapsed() < self.ttl
    }

    /// Read before a search runs, and handed back to [`put`](Self::put) with
    /// its results.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    /// Content has been taken out of search: no result kept so far (or being
    /// computed now) is served again.
    pub fn invalidate(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
    }

    pub fn get(&self, query: &SearchQuery) -> Option<SearchResults> {
        if self.ttl.is_zero() {
            return None;
        }
        let key = Self::key(query)?;
        let generation = self.generation();
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries
            .get(&key)
            .filter(|kept| self.fresh(kept, generation))
            .map(|kept| kept.results.clone())
    }

    /// Keeps a search's results; `generation` is what [`generation`](Self::generation)
    /// said before the search read the index (results of a search that raced
    /// an [`invalidate`](Self::invalidate) are never served).
    pub fn put(&self, query: &SearchQuery, results: &SearchResults, generation: u64) {
        let Some(key) = Self::key(query).filter(|_| !self.ttl.is_zero()) else {
            return;
        };
        let current = self.generation();
        if generation != current {
            return;
        }
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() >= MAX_ENTRIES {
            entries.retain(|_, kept| self.fresh(kept, current));
            if entries.len() >= MAX_ENTRIES {
                entries.clear();
            }
        }
        entries.insert(
            key,
            Kept {
                generation,
                stored_at: Instant::now(),
                results: results.clone(),
            },
        );
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
            firmware_current: false,
            lang: None,
            sort: Sort::Relevance,
            page: 1,
            match_any: false,
            corrections: Vec::new(),
            word_docs: None,
            named_device: None,
            synonyms: Vec::new(),
        }
    }

    #[test]
    fn a_search_is_kept_until_its_time_is_up() {
        let cache = ResultCache::new(Duration::from_millis(50));
        let results = SearchResults {
            total: 7,
            ..Default::default()
        };
        cache.put(&query("battery"), &results, cache.generation());
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
        cache.put(&query("battery"), &SearchResults::default(), 0);
        assert!(cache.get(&query("battery")).is_none());
    }

    #[test]
    fn taking_content_out_of_search_empties_it_at_once() {
        let cache = ResultCache::new(Duration::from_secs(60));
        cache.put(
            &query("battery"),
            &SearchResults::default(),
            cache.generation(),
        );
        assert!(cache.get(&query("battery")).is_some());
        cache.invalidate();
        assert!(cache.get(&query("battery")).is_none(), "stale at once");

        // A search that began before the change is not kept.
        let seen = cache.generation();
        cache.invalidate();
        cache.put(&query("hinge"), &SearchResults::default(), seen);
        assert!(cache.get(&query("hinge")).is_none());
        // One that began after it is.
        cache.put(
            &query("hinge"),
            &SearchResults::default(),
            cache.generation(),
        );
        assert!(cache.get(&query("hinge")).is_some());
    }
}
