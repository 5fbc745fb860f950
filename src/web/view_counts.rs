//! Visitors' views of thread pages, counted in memory (a page served from
//! the cache costs no write) and added to `thread_view_days` about once a
//! minute by each app server. A crash loses at most that minute's counts:
//! they feed an estimate (the dashboard's tickets avoided), not a ledger.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use crate::db::DbPool;
use crate::jobs::{Job, Schedule};

const FLUSH_EVERY: Duration = Duration::from_secs(60);

#[derive(Default)]
pub struct ViewCounts {
    counts: Mutex<HashMap<i64, i64>>,
}

/// The thread a page path shows: `/t/{id}` or `/t/{id}/{slug}` (not its
/// feed or its other pages).
fn thread_of(path: &str) -> Option<i64> {
    let rest = path.strip_prefix("/t/")?;
    let (id, tail) = rest.split_once('/').unwrap_or((rest, ""));
    if tail.contains('/') || tail.ends_with(".atom") {
        return None;
    }
    id.parse().ok().filter(|id| *id > 0)
}

impl ViewCounts {
    /// Counts a visitor's successful view of `path`, if it is a thread page.
    pub fn record(&self, path: &str) {
        if let Some(id) = thread_of(path) {
            *self
                .counts
                .lock()
                .expect("view counts")
                .entry(id)
                .or_default() += 1;
        }
    }

    fn take(&self) -> Vec<(i64, i64)> {
        std::mem::take(&mut *self.counts.lock().expect("view counts"))
            .into_iter()
            .collect()
    }

    fn put_back(&self, counts: Vec<(i64, i64)>) {
        let mut kept = self.counts.lock().expect("view counts");
        for (id, n) in counts {
            *kept.entry(id).or_default() += n;
        }
    }

    /// Adds what was counted since the last flush to today's rows; on a
    /// database error the counts are kept for the next try.
    pub async fn flush(&self, pool: &DbPool) -> anyhow::Result<usize> {
        let counts = self.take();
        if counts.is_empty() {
            return Ok(0);
        }
        let (pool, rows) = (pool.clone(), counts.clone());
        let written = actix_web::web::block(move || -> anyhow::Result<usize> {
            let mut conn = pool.get()?;
            let day = crate::model::now().date();
            Ok(crate::db::write_tx(&mut conn, |conn| {
                crate::model::staff::stats::add_thread_views(conn, day, &rows)
            })?)
        })
        .await
        .map_err(|e| anyhow::anyhow!("blocking task failed: {e}"))?;
        match written {
            Ok(n) => Ok(n),
            Err(e) => {
                self.put_back(counts);
                Err(e)
            }
        }
    }
}

/// Writes the counts about once a minute; after a database error they are
/// kept for the next minute.
pub fn flush_job(pool: DbPool, counts: std::sync::Arc<ViewCounts>) -> Job {
    Job::new("view_counts", Schedule::Every(FLUSH_EVERY), move || {
        let (pool, counts) = (pool.clone(), counts.clone());
        async move { counts.flush(&pool).await }
    })
}

#[cfg(test)]
mod tests {
    use super::thread_of;

    #[test]
    fn only_thread_pages_count() {
        assert_eq!(thread_of("/t/12/fan-noise"), Some(12));
        assert_eq!(thread_of("/t/12"), Some(12));
        assert_eq!(thread_of("/t/12/feed.atom"), None);
        assert_eq!(thread_of("/t/12/fan-noise/history"), None);
        assert_eq!(thread_of("/t/x/fan"), None);
        assert_eq!(thread_of("/devices/x"), None);
    }
}
