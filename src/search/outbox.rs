//! The search outbox: changes waiting to reach the search engine. A row is
//! written in the same transaction as the change it describes, and deleted
//! only once the engine has confirmed it; the worker retries with backoff.

use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::document::{self, SearchDoc};
use super::SearchIndex;
use crate::db::schema::search_outbox;
use crate::db::{DbConn, DbPool};

pub const BATCH: i64 = 200;
/// How long a worker may take to send the rows it leased before another
/// worker takes them (it crashed): above the longest an apply may wait for
/// Meilisearch (a batch and its tasks, queued behind a rebuild).
const LEASE_SECONDS: i64 = 300;
const MAX_BACKOFF_SECONDS: i64 = 300;

#[derive(Debug, Clone, Queryable)]
pub struct OutboxRow {
    pub id: i64,
    pub thread_id: i64,
    pub attempts: i32,
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

/// Due rows that no worker is sending, oldest first.
pub fn due(conn: &mut DbConn, now: NaiveDateTime, limit: i64) -> QueryResult<Vec<OutboxRow>> {
    search_outbox::table
        .filter(search_outbox::next_attempt_at.le(now))
        .filter(
            search_outbox::leased_until
                .is_null()
                .or(search_outbox::leased_until.lt(now)),
        )
        .order(search_outbox::id.asc())
        .select((
            search_outbox::id,
            search_outbox::thread_id,
            search_outbox::attempts,
        ))
        .limit(limit)
        .load(conn)
}

/// Takes the due rows this worker will send and leases them, in one short
/// transaction, so that another worker (another app server on the same
/// PostgreSQL) takes neither these rows nor any row of the same threads until
/// they are settled: each thread's documents are built and sent by one worker
/// at a time, so an older version sent late never replaces a newer one.
/// PostgreSQL serializes the claims with a transaction-level advisory lock;
/// SQLite's write lock (BEGIN IMMEDIATE) does the same.
pub fn claim(conn: &mut DbConn, now: NaiveDateTime, limit: i64) -> QueryResult<Vec<OutboxRow>> {
    if due(conn, now, 1)?.is_empty() {
        return Ok(Vec::new());
    }
    crate::db::write_tx(conn, |conn| {
        if conn.backend() == crate::db::Backend::Postgres {
            diesel::sql_query("SELECT pg_advisory_xact_lock(7414033271)").execute(conn)?;
        }
        let in_flight: Vec<i64> = search_outbox::table
            .filter(search_outbox::leased_until.ge(now))
            .select(search_outbox::thread_id)
            .load(conn)?;
        let rows: Vec<OutboxRow> = search_outbox::table
            .filter(search_outbox::next_attempt_at.le(now))
            .filter(
                search_outbox::leased_until
                    .is_null()
                    .or(search_outbox::leased_until.lt(now)),
            )
            .filter(search_outbox::thread_id.ne_all(in_flight))
            .order(search_outbox::id.asc())
            .select((
                search_outbox::id,
                search_outbox::thread_id,
                search_outbox::attempts,
            ))
            .limit(limit)
            .load(conn)?;
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        diesel::update(search_outbox::table.filter(search_outbox::id.eq_any(&ids)))
            .set(search_outbox::leased_until.eq(now + chrono::Duration::seconds(LEASE_SECONDS)))
            .execute(conn)?;
        Ok(rows)
    })
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
    search_outbox::table.count().get_result(conn)
}

fn delete(conn: &mut DbConn, ids: &[i64]) -> QueryResult<usize> {
    diesel::delete(search_outbox::table.filter(search_outbox::id.eq_any(ids))).execute(conn)
}

/// Exponential backoff: 2, 4, 8 … seconds, at most five minutes.
pub fn backoff(attempts: i32) -> chrono::Duration {
    let seconds = 2_i64
        .saturating_pow(attempts.clamp(1, 20) as u32)
        .min(MAX_BACKOFF_SECONDS);
    chrono::Duration::seconds(seconds)
}

fn postpone(conn: &mut DbConn, rows: &[OutboxRow], now: NaiveDateTime) -> QueryResult<()> {
    for row in rows {
        let attempts = row.attempts + 1;
        diesel::update(search_outbox::table.find(row.id))
            .set((
                search_outbox::attempts.eq(attempts),
                search_outbox::next_attempt_at.eq(now + backoff(attempts)),
                search_outbox::leased_until.eq(None::<NaiveDateTime>),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Everything waiting is due now: the engine answers again, so the rows
/// that backed off while it was down need not wait out their backoff.
fn all_due(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        search_outbox::table
            .filter(search_outbox::next_attempt_at.gt(now))
            .filter(
                search_outbox::leased_until
                    .is_null()
                    .or(search_outbox::leased_until.lt(now)),
            ),
    )
    .set(search_outbox::next_attempt_at.eq(now))
    .execute(conn)
}

fn blocking<T: Send + 'static>(
    pool: &DbPool,
    work: impl FnOnce(&mut DbConn) -> anyhow::Result<T> + Send + 'static,
) -> impl std::future::Future<Output = anyhow::Result<T>> {
    let pool = pool.clone();
    async move {
        actix_web::web::block(move || {
            let mut conn = pool.get()?;
            work(&mut conn)
        })
        .await
        .map_err(|e| anyhow::anyhow!("blocking task failed: {e}"))?
    }
}

/// Sends one batch of due changes to the engine. Returns how many rows it
/// settled (0 when nothing was due).
pub async fn drain_once(pool: &DbPool, index: &SearchIndex) -> anyhow::Result<usize> {
    let rows = blocking(pool, |conn| Ok(claim(conn, crate::model::now(), BATCH)?)).await?;
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
        Ok((docs, gone))
    })
    .await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let was_down = !index.state().reachable;
    match index.apply(&docs, &gone).await {
        Ok(()) => {
            index.mark_up();
            blocking(pool, move |conn| {
                delete(conn, &ids)?;
                if was_down {
                    all_due(conn, crate::model::now())?;
                }
                Ok(())
            })
            .await?;
            crate::metrics::job_ran("search_outbox", rows.len());
            Ok(rows.len())
        }
        Err(e) => {
            index.mark_down(&e);
            blocking(pool, move |conn| {
                Ok(postpone(conn, &rows, crate::model::now())?)
            })
            .await?;
            Err(e)
        }
    }
}

/// How often the worker looks for synonym phrases to tag on PostgreSQL
/// (builtin::tag_phrases: one query on two small tables when there are none).
const TAG_PHRASES_EVERY: Duration = Duration::from_secs(5);

/// Runs for the life of the server: drains the outbox, waits when it is empty
/// or the engine is failing (the rows' backoff spaces the retries out).
/// How often the vocabulary (search::vocabulary) is checked against the
/// documents, and rebuilt when they changed: a new word is offered as a
/// correction this long after it was first written, or, on a large forum,
/// twenty times as long as the last rebuild took (3 s on 100,000 threads:
/// a minute).
const VOCABULARY_EVERY: Duration = Duration::from_secs(30);

pub async fn run_worker(pool: DbPool, index: Arc<SearchIndex>) {
    let mut synonyms = super::synonyms::SynonymSync::default();
    let mut phrases_checked: Option<std::time::Instant> = None;
    let mut vocabulary_checked: Option<std::time::Instant> = None;
    let mut vocabulary_every = VOCABULARY_EVERY;
    loop {
        if vocabulary_checked.is_none_or(|at| at.elapsed() >= vocabulary_every) {
            let started = std::time::Instant::now();
            vocabulary_checked = Some(started);
            match blocking(&pool, |conn| Ok(super::vocabulary::rebuild(conn, false)?)).await {
                Ok(None) => {}
                Ok(Some(words)) => {
                    // A rebuild takes this process's time only a small share of the time.
                    vocabulary_every = VOCABULARY_EVERY.max(started.elapsed() * 20);
                    tracing::info!(words, "search: vocabulary rebuilt")
                }
                Err(e) => {
                    tracing::warn!(error = %e, "search: vocabulary not rebuilt; will retry")
                }
            }
        }
        if let Err(e) = synonyms.run_once(&pool, &index).await {
            tracing::warn!(error = %e, "search synonyms: engine not updated; will retry");
        }
        if phrases_checked.is_none_or(|at| at.elapsed() >= TAG_PHRASES_EVERY) {
            phrases_checked = Some(std::time::Instant::now());
            match blocking(&pool, |conn| Ok(super::builtin::tag_phrases(conn)?)).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(phrases = n, "search: synonym phrases tagged"),
                Err(e) => {
                    tracing::warn!(error = %e, "search: synonym phrases not tagged; will retry")
                }
            }
        }
        match drain_once(&pool, &index).await {
            Ok(0) => actix_web::rt::time::sleep(Duration::from_millis(500)).await,
            Ok(_) => {}
            Err(e) => {
                tracing::warn!(error = %e, "search outbox: engine not reachable; will retry");
                actix_web::rt::time::sleep(Duration::from_secs(1)).await;
            }
        }
    }
}
