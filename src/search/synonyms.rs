//! Keeping an external engine's synonyms as the database has them.
//!
//! Staff change the groups in `synonym_groups`/`synonym_terms` (one short
//! transaction, with its audit entry); the builtin engine reads them with
//! each search. The outbox worker of every app server reconciles the
//! external engine with the database: it reads the groups on each round (a
//! tiny table) and, when they differ from what it last made the engine
//! hold, or a minute has passed since it last looked, asks the engine
//! (`ExternalEngine::sync_synonyms`), which changes its setting only when
//! it differs. Nothing is lost when the engine is down, the process stops
//! half-way, or an index is rebuilt or lost: the database stays the truth,
//! and the next round (with backoff after failures) puts it right.

use std::time::{Duration, Instant};

use super::{Engine, SearchIndex};
use crate::db::DbPool;
use crate::model::discovery::synonyms;

/// How often the engine is asked even when the database has not changed
/// (another process rebuilt the index, or the engine lost its data).
pub const RECHECK: Duration = Duration::from_secs(60);
const MAX_BACKOFF: Duration = Duration::from_secs(60);

#[derive(Default)]
pub struct SynonymSync {
    /// The groups the engine was last made to hold.
    applied: Option<Vec<Vec<String>>>,
    checked_at: Option<Instant>,
    failures: u32,
    retry_at: Option<Instant>,
}

impl SynonymSync {
    /// One round: Ok(true) when the engine's synonyms were changed.
    pub async fn run_once(&mut self, pool: &DbPool, index: &SearchIndex) -> anyhow::Result<bool> {
        if matches!(index.engine(), Engine::Builtin) {
            return Ok(false);
        }
        if self.retry_at.is_some_and(|at| Instant::now() < at) {
            return Ok(false);
        }
        let pool = pool.clone();
        let groups = actix_web::web::block(move || -> anyhow::Result<Vec<Vec<String>>> {
            Ok(synonyms::all_lists(&mut *pool.get()?)?)
        })
        .await
        .map_err(|e| anyhow::anyhow!("blocking task failed: {e}"))??;
        let changed = self.applied.as_ref() != Some(&groups);
        let due = self.checked_at.is_none_or(|at| at.elapsed() >= RECHECK);
        if !changed && !due {
            return Ok(false);
        }
        match index.sync_synonyms(&groups).await {
            Ok(pushed) => {
                if pushed {
                    tracing::info!(groups = groups.len(), "search engine synonyms updated");
                }
                self.applied = Some(groups);
                self.checked_at = Some(Instant::now());
                self.failures = 0;
                self.retry_at = None;
                Ok(pushed)
            }
            Err(e) => {
                self.failures += 1;
                let wait = Duration::from_secs(1 << self.failures.min(6)).min(MAX_BACKOFF);
                self.retry_at = Some(Instant::now() + wait);
                Err(e)
            }
        }
    }
}
