//! What a page shows that is the same for every reader of one kind, kept
//! until the forum changes: members' pages are rendered per request (they
//! carry names, marks and a CSRF token), but a thread page's thread, posts,
//! photos and verifications are the same for every member who may not see
//! hidden posts (and, apart, for staff who may), and a device page's lists
//! are the same for everyone.
//!
//! Entries carry the page cache's generation read *before* the data was
//! loaded, and are used only while it is still the current one and for at
//! most `FIXLOOP_PAGE_CACHE_SECONDS` (0 turns this off too): every write
//! here, and every write on another app server (`web::site_changes`), ends
//! them, exactly as it ends visitors' kept pages. The key includes whether
//! the reader sees hidden posts, so a hidden post's text kept for staff is
//! never handed to anyone else. What differs per member (votes, own posts,
//! follows, the private line, the asker's firmware) is loaded per request.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Pages kept at most, of each kind: a thread page of 50 posts with its
/// rendered bylines, bodies and three variants of actions is ~0.5 MB, so
/// 64 of them bound that kind to ~32 MB.
const MAX_ENTRIES: usize = 64;

/// Thread pages by (thread, page, sees hidden posts).
pub type ThreadPages =
    SharedPages<(i64, i32, bool, crate::i18n::Language), super::discussion::threads::ThreadPage>;
/// Home pages by (page, kind, status, recovery path, language written in).
pub type HomePages = SharedPages<
    (
        i64,
        Option<String>,
        Option<&'static str>,
        Option<&'static str>,
        Option<&'static str>,
    ),
    super::discussion::home::HomePage,
>;
/// Device pages by (device slug, page, only fixes confirmed on the current firmware).
pub type DevicePages = SharedPages<(String, i64, bool), super::knowledge::devices::DevicePage>;

pub struct SharedPages<K, V> {
    ttl: Duration,
    entries: Mutex<HashMap<K, Kept<V>>>,
}

struct Kept<V> {
    generation: u64,
    loaded_at: Instant,
    page: Arc<V>,
}

impl<K: Eq + Hash, V> SharedPages<K, V> {
    pub fn new(ttl: Duration) -> SharedPages<K, V> {
        SharedPages {
            ttl,
            entries: Mutex::default(),
        }
    }

    /// The kept data for this page, if it was loaded in `generation` and
    /// not too long ago.
    pub fn get(&self, key: &K, generation: u64) -> Option<Arc<V>> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries
            .get(key)
            .filter(|kept| kept.generation == generation && kept.loaded_at.elapsed() < self.ttl)
            .map(|kept| kept.page.clone())
    }

    /// Keeps data loaded in `generation` (read before loading it); data of a
    /// generation that has passed meanwhile is useless and is not kept.
    pub fn keep(&self, key: K, loaded_in: u64, current: u64, page: Arc<V>) {
        if loaded_in != current || self.ttl.is_zero() {
            return;
        }
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() >= MAX_ENTRIES {
            entries.retain(|_, kept| {
                kept.generation == current && kept.loaded_at.elapsed() < self.ttl
            });
            if entries.len() >= MAX_ENTRIES {
                entries.clear();
            }
        }
        entries.insert(
            key,
            Kept {
                generation: loaded_in,
                loaded_at: Instant::now(),
                page,
            },
        );
    }
}
