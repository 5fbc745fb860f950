//! Search: one interface over two engines. The builtin engine (SQLite FTS5 or
//! PostgreSQL full-text) is always kept up to date inside the write
//! transaction; Meilisearch, when configured, is fed by the outbox worker and
//! answers searches, with the builtin index as the fallback while it is down.

pub mod builtin;
pub mod device_names;
pub mod document;
pub mod highlight;
pub mod meili;
pub mod outbox;
pub mod query;
pub mod result_cache;
pub mod synonyms;
pub mod understand;
pub mod vocabulary;
pub mod words;

use std::sync::Mutex;

use serde::Serialize;

pub use query::{SearchQuery, SearchResults, Sort};

use crate::db::DbConn;
use document::SearchDoc;
use meili::MeiliEngine;

/// Records that a thread's searchable content changed, in the caller's
/// transaction: the builtin index is refreshed (with the thread's firmware
/// fact, see document::refresh) and an outbox row written.
pub fn thread_changed(conn: &mut DbConn, thread_id: i64) -> diesel::QueryResult<()> {
    document::refresh(conn, thread_id)?;
    outbox::enqueue(conn, thread_id)?;
    Ok(())
}

/// These threads are no longer confirmed on the current firmware (a newer
/// release came out; `threads.firmware_current` is already cleared), and
/// nothing else about them changed: the builtin index's copy of the fact is
/// cleared in place, without rebuilding each document, and an outbox row per
/// thread tells the external engine. In the caller's transaction.
pub fn firmware_outdated(conn: &mut DbConn, thread_ids: &[i64]) -> diesel::QueryResult<()> {
    use crate::db::schema::search_docs;
    use diesel::prelude::*;
    diesel::update(search_docs::table.filter(search_docs::thread_id.eq_any(thread_ids)))
        .set(search_docs::firmware_current.eq(false))
        .execute(conn)?;
    for id in thread_ids {
        outbox::enqueue(conn, *id)?;
    }
    Ok(())
}

/// A search engine outside the database, fed by the outbox. Meilisearch is
/// the one we ship; the trait is the seam the outbox tests use to simulate
/// an engine that is down, slow or failing.
pub trait ExternalEngine: Send + Sync {
    fn name(&self) -> &'static str;
    /// Stores changed documents and removes deleted ones; Ok only once the
    /// engine has confirmed the change.
    fn apply<'a>(
        &'a self,
        docs: &'a [SearchDoc],
        gone: &'a [i64],
    ) -> BoxFuture<'a, anyhow::Result<()>>;
    fn search<'a>(&'a self, query: &'a SearchQuery)
        -> BoxFuture<'a, anyhow::Result<SearchResults>>;
    /// Makes the engine's synonyms these groups of equivalent terms; Ok(true)
    /// when it had others. Engines without synonyms have nothing to do.
    fn sync_synonyms<'a>(
        &'a self,
        _groups: &'a [Vec<String>],
    ) -> BoxFuture<'a, anyhow::Result<bool>> {
        Box::pin(async { Ok(false) })
    }
    /// The engine's version as it reports it, for `/healthz`.
    fn version(&self) -> BoxFuture<'_, anyhow::Result<String>> {
        Box::pin(async { Ok("unknown".to_owned()) })
    }
}

pub type BoxFuture<'a, T> = std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send + 'a>>;

impl ExternalEngine for MeiliEngine {
    fn name(&self) -> &'static str {
        "meilisearch"
    }

    fn apply<'a>(
        &'a self,
        docs: &'a [SearchDoc],
        gone: &'a [i64],
    ) -> BoxFuture<'a, anyhow::Result<()>> {
        Box::pin(MeiliEngine::apply(self, docs, gone))
    }

    fn search<'a>(
        &'a self,
        query: &'a SearchQuery,
    ) -> BoxFuture<'a, anyhow::Result<SearchResults>> {
        Box::pin(MeiliEngine::search(self, query))
    }

    fn version(&self) -> BoxFuture<'_, anyhow::Result<String>> {
        Box::pin(MeiliEngine::version(self))
    }

    fn sync_synonyms<'a>(
        &'a self,
        groups: &'a [Vec<String>],
    ) -> BoxFuture<'a, anyhow::Result<bool>> {
        Box::pin(MeiliEngine::sync_synonyms(self, groups))
    }
}

pub enum Engine {
    Builtin,
    External(Box<dyn ExternalEngine>),
}

/// What `/healthz` says about search.
#[derive(Debug, Clone, Serialize)]
pub struct EngineState {
    pub engine: &'static str,
    pub reachable: bool,
    pub last_error: Option<String>,
    /// When a search or an outbox round last failed (while not reachable).
    #[serde(skip)]
    pub failed_at: Option<std::time::Instant>,
}

/// After a failed search or outbox round, searches go straight to the builtin
/// index for this long, without waiting on the engine again (a slow engine
/// would otherwise cost every visitor its timeout); then one tries again.
pub const RETRY_ENGINE_AFTER: std::time::Duration = std::time::Duration::from_secs(5);

pub struct SearchIndex {
    engine: Engine,
    state: Mutex<EngineState>,
}

impl SearchIndex {
    pub fn builtin() -> SearchIndex {
        SearchIndex::new(Engine::Builtin)
    }

    pub fn new(engine: Engine) -> SearchIndex {
        let name = match &engine {
            Engine::Builtin => "builtin",
            Engine::External(external) => external.name(),
        };
        SearchIndex {
            engine,
            state: Mutex::new(EngineState {
                engine: name,
                reachable: true,
                last_error: None,
                failed_at: None,
            }),
        }
    }

    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    pub fn state(&self) -> EngineState {
        self.state.lock().expect("engine state lock").clone()
    }

    pub fn mark_up(&self) {
        let mut state = self.state.lock().expect("engine state lock");
        state.reachable = true;
        state.last_error = None;
        state.failed_at = None;
    }

    pub fn mark_down(&self, error: &anyhow::Error) {
        let mut state = self.state.lock().expect("engine state lock");
        state.reachable = false;
        state.last_error = Some(format!("{error:#}").chars().take(300).collect());
        state.failed_at = Some(std::time::Instant::now());
    }

    /// Whether the engine failed moments ago (see RETRY_ENGINE_AFTER).
    fn failed_recently(&self) -> bool {
        let state = self.state.lock().expect("engine state lock");
        !state.reachable
            && state
                .failed_at
                .is_some_and(|at| at.elapsed() < RETRY_ENGINE_AFTER)
    }

    /// Sends changed documents to the engine (the builtin index has them already).
    pub async fn apply(&self, docs: &[SearchDoc], gone: &[i64]) -> anyhow::Result<()> {
        match &self.engine {
            Engine::Builtin => Ok(()),
            Engine::External(engine) => engine.apply(docs, gone).await,
        }
    }

    /// The external engine's version; None for the builtin engine (its
    /// version is the database's).
    pub async fn external_version(&self) -> Option<anyhow::Result<String>> {
        match &self.engine {
            Engine::Builtin => None,
            Engine::External(engine) => Some(engine.version().await),
        }
    }

    /// Gives the external engine, if any, these synonym groups.
    pub async fn sync_synonyms(&self, groups: &[Vec<String>]) -> anyhow::Result<bool> {
        match &self.engine {
            Engine::Builtin => Ok(false),
            Engine::External(engine) => engine.sync_synonyms(groups).await,
        }
    }

    /// Asks the external engine, if any; None means "use the builtin index".
    pub async fn search_external(&self, query: &SearchQuery) -> Option<SearchResults> {
        let Engine::External(engine) = &self.engine else {
            return None;
        };
        if self.failed_recently() {
            return None;
        }
        let started = std::time::Instant::now();
        let answer = engine.search(query).await;
        crate::metrics::search_done(engine.name(), started.elapsed());
        match answer {
            Ok(results) => {
                self.mark_up();
                Some(results)
            }
            Err(e) => {
                tracing::warn!(error = %e, engine = engine.name(), "search engine did not answer; searching the builtin index");
                self.mark_down(&e);
                None
            }
        }
    }
}
