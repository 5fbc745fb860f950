//! More than one app server on one database: telling the others that the
//! forum changed.
//!
//! Every server keeps visitors' pages (`page_cache`) and builtin search
//! results (`search::result_cache`) in memory, and empties them after its
//! own writes. The other servers learn of a write through one shared row of
//! counters (`site_changes`): after a committed write readers see
//! (`AppState::db`, told by `db::changes`; a refused request commits none),
//! [`announce`] marks it; the announcer adds one to the counter (a burst of writes makes
//! one update, at most every [`ANNOUNCE_EVERY`]); and every server reads the
//! counters every [`POLL_EVERY`], emptying its kept pages when `pages` moved
//! and its kept search results when `hidden` did. A visitor on any server
//! therefore sees a page at most about half a second older than a write on
//! another one.
//!
//! A counter rather than PostgreSQL's LISTEN/NOTIFY: it works the same on
//! both databases (a CLI command on the SQLite file included), needs no
//! connection of its own, and cannot miss a change while a connection is
//! being re-made; it costs one read of one row per server per poll. A
//! server also sees its own bumps and empties its caches once more (after
//! it already did for the write itself): cheap, and simpler than telling
//! its bumps from the others'.
//!
//! [`announce`]: SiteChanges::announce

use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use crate::error::AppResult;
use crate::jobs::{app_error, Job, Schedule};
use crate::model::site_changes::{self as store, Counters};
use crate::state::AppState;

/// How long the announcer gathers writes into one bump.
pub const ANNOUNCE_EVERY: Duration = Duration::from_millis(100);
/// How often each server reads the counters.
pub const POLL_EVERY: Duration = Duration::from_millis(250);
/// After a failed read or bump (the database is away), before the next try.
const RETRY_AFTER: Duration = Duration::from_secs(2);

const PAGES: u8 = 1;
const HIDDEN: u8 = 2;

#[derive(Default)]
pub struct SiteChanges {
    /// What happened here since the last bump (PAGES | HIDDEN).
    pending: AtomicU8,
    /// The counters as last read; None before the first read.
    seen: Mutex<Option<Counters>>,
}

impl SiteChanges {
    /// A write committed here (`hidden`: it took something out of sight, or
    /// showed it again). Never waits: the announcer tells the others.
    pub fn announce(&self, hidden: bool) {
        let bits = if hidden { PAGES | HIDDEN } else { PAGES };
        self.pending.fetch_or(bits, Ordering::AcqRel);
    }

    /// Tells the others what was announced since the last call (one update
    /// of the shared row); nothing when nothing was. If the update fails,
    /// what it announced is kept for the next call.
    pub async fn flush(&self, state: &AppState) -> AppResult<()> {
        let bits = self.pending.swap(0, Ordering::AcqRel);
        if bits == 0 {
            return Ok(());
        }
        let result = state
            .db(move |conn| Ok(store::bump(conn, bits & HIDDEN != 0)?))
            .await;
        if result.is_err() {
            self.pending.fetch_or(bits, Ordering::AcqRel);
        }
        result.map(|_| ())
    }

    /// Reads the counters and empties what they say is stale here. The
    /// first read only learns where they stand.
    pub async fn check(&self, state: &AppState) -> AppResult<()> {
        let now = state.db(|conn| Ok(store::read(conn)?)).await?;
        let before = self
            .seen
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .replace(now);
        if let Some(before) = before {
            if now.pages != before.pages {
                state.page_cache.invalidate();
            }
            if now.hidden != before.hidden {
                state.search_results.invalidate();
            }
        }
        Ok(())
    }
}

/// The announcer: every [`ANNOUNCE_EVERY`], one bump of the shared
/// counters for whatever was written meanwhile (a burst of writes makes one).
pub fn announcer_job(state: AppState) -> Job {
    Job::new(
        "site_changes_announcer",
        Schedule::Every(ANNOUNCE_EVERY),
        move || {
            let state = state.clone();
            async move {
                let changes = state.site_changes.clone();
                changes.flush(&state).await.map_err(app_error)?;
                Ok(0)
            }
        },
    )
    .after_failure(RETRY_AFTER)
}

/// The watcher: reads the counters every [`POLL_EVERY`].
pub fn watcher_job(state: AppState) -> Job {
    Job::new(
        "site_changes_watcher",
        Schedule::Every(POLL_EVERY),
        move || {
            let state = state.clone();
            async move {
                let changes = state.site_changes.clone();
                changes.check(&state).await.map_err(app_error)?;
                Ok(0)
            }
        },
    )
    .after_failure(RETRY_AFTER)
}
