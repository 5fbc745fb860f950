//! The search outbox: changes waiting to reach the search engine. A row is
//! written in the same transaction as the change it describes, and deleted
//! only once the engine has confirmed it; the worker retries with backoff.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::document::{self, SearchDoc};
use super::SearchIndex;
use crate::db::schema::search_outbox;
use crate::db::{DbConn, DbPool};
use crate::jobs::lease::{self, Backoff, Done, GiveUp, Leased, Outcome, Table};
use crate::jobs::{blocking, Job, Schedule};

pub const BATCH: i64 = 200;

/// The outbox as `jobs::lease` sees it: a row is deleted once the engine
/// has it, and retried with backoff (2, 4, 8 … seconds, at most five
/// minutes) for as long as it takes.
pub const TABLE: Table = Table {
    name: "search_outbox",
    waiting: "1 = 1",
    done: Done::Delete,
    failed_at: None,
    last_error: None,
    last_attempt_at: None,
    settled_also: None,
    // Above the longest an apply may wait for Meilisearch (a batch and its
    // tasks, queued behind a rebuild): then another worker takes the rows.
    lease_seconds: 300,
    backoff: Backoff {
        first_seconds: 2,
        max_seconds: 300,
    },
    give_up: GiveUp::Never,
};
/// Serializes claims on PostgreSQL (`lease::take_batch_by_key`).
const CLAIM_LOCK: i64 = 7414033271;

#[derive(Debug, Clone)]
pub struct OutboxRow {
    pub id: i64,
    pub thread_id: i64,
    pub attempts: i32,
    lease: Leased,
}

pub fn enqueue(conn: &mut DbConn, thread_id: i64) -> QueryResult<usize> {
    let now = crate::model::now();
    diesel::insert_into(search_outbox::table)
        .values((
            search_outbox::thread_id.eq(thread_id),
            search_outbox::next_attempt_at.eq(now),
            search_outbox::created_at.eq(now),
        ))
        .execute(conn)
}

/// Queues many threads to be sent again (a rebuild's catch-up, documents of
/// an older shape), a few hundred to a transaction.
pub fn enqueue_many(conn: &mut DbConn, thread_ids: &[i64]) -> QueryResult<()> {
    for chunk in thread_ids.chunks(500) {
        crate::db::write_tx(conn, |conn| {
            for id in chunk {
                enqueue(conn, *id)?;
            }
            Ok::<_, diesel::result::Error>(())
        })?;
    }
    Ok(())
}

/// Takes the due rows this worker will send and leases them, so that
/// another worker (another app server on the same PostgreSQL) takes neither
/// these rows nor any row of the same threads until they are settled: each
/// thread's documents are built and sent by one worker at a time, so an
/// older version sent late never replaces a newer one.
pub fn claim(conn: &mut DbConn, now: NaiveDateTime, limit: i64) -> QueryResult<Vec<OutboxRow>> {
    let rows = lease::take_batch_by_key(conn, &TABLE, "thread_id", CLAIM_LOCK, now, limit)?;
    Ok(rows
        .into_iter()
        .map(|(lease, thread_id)| OutboxRow {
            id: lease.id,
            thread_id,
            attempts: lease.attempts,
            lease,
        })
        .collect())
}

/// Which of these threads have changes the engine has not confirmed yet:
/// its copy of them may be out of date (a hidden step still in it).
pub fn pending_among(conn: &mut DbConn, thread_ids: &[i64]) -> QueryResult<Vec<i64>> {
    search_outbox::table
        .filter(search_outbox::thread_id.eq_any(thread_ids))
        .select(search_outbox::thread_id)
        .distinct()
        .load(conn)
}

pub fn backlog(conn: &mut DbConn) -> QueryResult<i64> {
    lease::backlog(conn, &TABLE)
}

/// Settles every row of a batch alike, in one transaction.
fn settle_all(conn: &mut DbConn, rows: &[OutboxRow], outcome: &Outcome) -> QueryResult<()> {
    let now = crate::model::now();
    crate::db::write_tx(conn, |conn| {
        for row in rows {
            lease::settle(conn, &TABLE, &row.lease, outcome, now)?;
        }
        Ok(())
    })
}

/// Sends one batch of due changes to the engine. Returns how many rows it
/// settled (0 when nothing was due).
pub async fn drain_once(pool: &DbPool, index: &SearchIndex) -> anyhow::Result<usize> {
    let rows = blocking(pool, |conn| claim(conn, crate::model::now(), BATCH)).await?;
    if rows.is_empty() {
        return Ok(0);
    }
    let mut thread_ids: Vec<i64> = rows.iter().map(|r| r.thread_id).collect();
    thread_ids.sort_unstable();
    thread_ids.dedup();
    let (docs, gone): (Vec<SearchDoc>, Vec<i64>) = blocking(pool, move |conn| {
        let mut docs = Vec::new();
        let mut gone = Vec::new();
        for id in thread_ids {
            match document::build(conn, id)? {
                Some(doc) => docs.push(doc),
                None => gone.push(id),
            }
        }
        QueryResult::Ok((docs, gone))
    })
    .await?;
    let was_down = !index.state().reachable;
    match index.apply(&docs, &gone).await {
        Ok(()) => {
            index.mark_up();
            let settled = rows.len();
            blocking(pool, move |conn| {
                settle_all(conn, &rows, &Outcome::Done)?;
                if was_down {
                    lease::all_due(conn, &TABLE, crate::model::now())?;
                }
                QueryResult::Ok(())
            })
            .await?;
            Ok(settled)
        }
        Err(e) => {
            index.mark_down(&e);
            let error = format!("{e:#}");
            blocking(pool, move |conn| {
                settle_all(conn, &rows, &Outcome::Retry(&error))
            })
            .await?;
            Err(e)
        }
    }
}

/// How often the synonym phrases are tagged on PostgreSQL
/// (builtin::tag_phrases: one query on two small tables when there are none).
const TAG_PHRASES_EVERY: Duration = Duration::from_secs(5);

/// How often the vocabulary (search::vocabulary) is checked against the
/// documents, and rebuilt when they changed: a new word is offered as a
/// correction this long after it was first written, or, on a large forum,
/// twenty times as long as the last rebuild took (3 s on 100,000 threads:
/// a minute).
const VOCABULARY_EVERY: Duration = Duration::from_secs(30);

/// The search jobs of an app server: the outbox drain (at once again while
/// there is work; the rows' backoff spaces out retries while the engine
/// fails), the engine's synonyms, synonym phrases and the vocabulary.
pub fn jobs(pool: DbPool, index: Arc<SearchIndex>) -> Vec<Job> {
    let mut jobs = vec![drain_job(pool.clone(), index.clone())];
    let synonyms = Rc::new(RefCell::new(super::synonyms::SynonymSync::default()));
    jobs.push(Job::new(
        "search_synonyms",
        Schedule::Every(Duration::from_millis(500)),
        {
            let (pool, index) = (pool.clone(), index.clone());
            move || {
                let (pool, index, synonyms) = (pool.clone(), index.clone(), synonyms.clone());
                async move {
                    // Taken for the round and put back: a job's rounds never overlap.
                    let mut sync = synonyms.take();
                    let pushed = sync.run_once(&pool, &index).await;
                    synonyms.replace(sync);
                    Ok(usize::from(pushed?))
                }
            }
        },
    ));
    jobs.push(Job::new(
        "search_phrases",
        Schedule::Every(TAG_PHRASES_EVERY),
        {
            let pool = pool.clone();
            move || {
                let pool = pool.clone();
                async move { blocking(&pool, super::builtin::tag_phrases).await }
            }
        },
    ));
    // Documents written before their length was kept: a batch, then the
    // next at once while there are more; then a look every ten minutes.
    jobs.push(
        Job::new(
            "search_lengths",
            Schedule::Every(Duration::from_secs(600)),
            {
                let pool = pool.clone();
                move || {
                    let pool = pool.clone();
                    async move { blocking(&pool, super::document::fill_missing_words).await }
                }
            },
        )
        .again_while_busy(),
    );
    // A rebuild takes this process's time only a small share of the time.
    let next_rebuild_check = Rc::new(Cell::new(None::<Instant>));
    jobs.push(Job::new(
        "search_vocabulary",
        Schedule::Every(VOCABULARY_EVERY),
        move || {
            let (pool, next_check) = (pool.clone(), next_rebuild_check.clone());
            async move {
                if next_check.get().is_some_and(|at| Instant::now() < at) {
                    return Ok(0);
                }
                let started = Instant::now();
                let rebuilt =
                    blocking(&pool, |conn| super::vocabulary::rebuild(conn, false)).await?;
                next_check.set(Some(started + VOCABULARY_EVERY.max(started.elapsed() * 20)));
                if let Some(words) = rebuilt {
                    tracing::info!(words, "search: vocabulary rebuilt");
                }
                Ok(usize::from(rebuilt.is_some()))
            }
        },
    ));
    jobs
}

/// Sends the outbox to the engine, a batch at a time.
pub fn drain_job(pool: DbPool, index: Arc<SearchIndex>) -> Job {
    Job::new(
        "search_outbox",
        Schedule::Every(Duration::from_millis(500)),
        move || {
            let (pool, index) = (pool.clone(), index.clone());
            async move { drain_once(&pool, &index).await }
        },
    )
    .again_while_busy()
    .after_failure(Duration::from_secs(1))
}
