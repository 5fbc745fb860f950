//! One binary, two databases: a connection enum over PostgreSQL and SQLite, its
//! r2d2 pool, embedded migrations, and the few places where the two differ.

pub mod changes;
pub mod schema;
pub mod search_functions;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use diesel::connection::{
    AnsiTransactionManager, Instrumentation, InstrumentationEvent, SimpleConnection,
    TransactionManager,
};
use diesel::pg::PgConnection;
use diesel::r2d2::{self, ManageConnection, R2D2Connection};
use diesel::sqlite::SqliteConnection;
use diesel::Connection;
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

#[derive(diesel::MultiConnection)]
pub enum DbConn {
    Pg(PgConnection),
    Sqlite(SqliteConnection),
}

pub type DbPool = r2d2::Pool<DbManager>;
pub type PooledConn = r2d2::PooledConnection<DbManager>;

/// Which database a URL names. Chosen explicitly from the scheme: establishing
/// through the enum would try each backend in turn and hide PostgreSQL's real error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Postgres,
    Sqlite,
}

impl Backend {
    pub fn of_url(url: &str) -> Backend {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            Backend::Sqlite
        }
    }
}

/// `sqlite://path`, `sqlite:path` and a plain path all name a SQLite file.
pub fn sqlite_path(url: &str) -> &str {
    url.strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .unwrap_or(url)
}

/// When SQLite calls a commit done. `Full` (the default) syncs the WAL on
/// every commit, so an acknowledged post survives a power loss; `Normal`
/// survives a killed process but may lose the last commits on power loss,
/// for sites that prefer write speed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Synchronous {
    Full,
    Normal,
}

impl Synchronous {
    fn pragma(self) -> &'static str {
        match self {
            Synchronous::Full => "FULL",
            Synchronous::Normal => "NORMAL",
        }
    }
}

/// How each pooled connection is set up.
#[derive(Debug, Clone, Copy)]
pub struct ConnSettings {
    pub sqlite_synchronous: Synchronous,
    /// How long a write waits for the database's write lock (SQLite) or a
    /// row lock (PostgreSQL) before the member is told the forum is busy.
    pub lock_wait: Duration,
}

impl Default for ConnSettings {
    fn default() -> ConnSettings {
        ConnSettings {
            sqlite_synchronous: Synchronous::Full,
            lock_wait: Duration::from_secs(5),
        }
    }
}

#[derive(Debug)]
pub struct DbManager {
    url: String,
    backend: Backend,
    settings: ConnSettings,
    outage: Arc<Outage>,
}

impl DbManager {
    pub fn new(url: &str, settings: ConnSettings) -> DbManager {
        DbManager {
            url: url.to_owned(),
            backend: Backend::of_url(url),
            settings,
            outage: Arc::default(),
        }
    }
}

/// How long a request waits for a connection from the pool normally: long
/// enough to ride out a burst that has every connection busy.
const CHECKOUT_WAIT: Duration = Duration::from_secs(5);

/// How long a request waits for a connection while the database is known to
/// be down: the answer (a 503) will not change by waiting.
const CHECKOUT_WAIT_DURING_OUTAGE: Duration = Duration::from_millis(250);

/// Whether the database answered the last time a connection was opened or
/// checked. While it is down, requests get their 503 after a short wait
/// instead of each waiting out the pool's 5 s; the pool keeps reconnecting in
/// the background, and the first connection that opens ends the outage.
#[derive(Debug, Default)]
pub struct Outage {
    down: AtomicBool,
}

impl Outage {
    pub fn is_down(&self) -> bool {
        self.down.load(Ordering::Relaxed)
    }

    /// Records whether the database just answered.
    fn record<T, E>(&self, answer: Result<T, E>) -> Result<T, E> {
        self.down.store(answer.is_err(), Ordering::Relaxed);
        answer
    }

    /// How long a request should wait for a pooled connection now.
    pub fn checkout_wait(&self) -> Duration {
        if self.is_down() {
            CHECKOUT_WAIT_DURING_OUTAGE
        } else {
            CHECKOUT_WAIT
        }
    }
}

impl ManageConnection for DbManager {
    type Connection = DbConn;
    type Error = r2d2::Error;

    fn connect(&self) -> Result<DbConn, r2d2::Error> {
        let mut conn = self.outage.record(self.establish())?;
        conn.set_instrumentation(QueryTimer::default());
        Ok(conn)
    }

    fn is_valid(&self, conn: &mut DbConn) -> Result<(), r2d2::Error> {
        self.outage
            .record(conn.ping())
            .map_err(r2d2::Error::QueryError)
    }

    fn has_broken(&self, conn: &mut DbConn) -> bool {
        conn.is_broken()
    }
}

/// Queries slower than this are logged as warnings with their SQL.
const SLOW_QUERY: Duration = Duration::from_millis(100);

/// Times every query: each one at `debug` (`RUST_LOG=fixloop::db=debug`),
/// slow ones at `warn`, so a slow page names its query. Also notes the
/// committed writes that change what readers see (`changes`), timed or not.
#[derive(Default)]
struct QueryTimer {
    started: Option<Instant>,
    untimed: bool,
    changes: changes::Tracker,
}

impl Instrumentation for QueryTimer {
    fn on_connection_event(&mut self, event: InstrumentationEvent<'_>) {
        self.changes.on_event(&event);
        if self.untimed {
            return;
        }
        match event {
            InstrumentationEvent::StartQuery { .. } => self.started = Some(Instant::now()),
            InstrumentationEvent::FinishQuery { query, .. } => {
                let Some(started) = self.started.take() else {
                    return;
                };
                let elapsed = started.elapsed();
                let slow = elapsed >= SLOW_QUERY;
                if !slow && !tracing::enabled!(tracing::Level::DEBUG) {
                    return;
                }
                // The SQL only: bound values may be secrets (hashes, tokens).
                let text = query.to_string();
                let sql = text.split(" -- binds:").next().unwrap_or_default();
                let us = elapsed.as_micros() as u64;
                if slow {
                    tracing::warn!(us, sql, "slow query");
                } else {
                    tracing::debug!(us, sql, "query");
                }
            }
            _ => {}
        }
    }
}

impl DbManager {
    fn establish(&self) -> Result<DbConn, r2d2::Error> {
        let lock_wait_ms = self.settings.lock_wait.as_millis();
        match self.backend {
            Backend::Postgres => {
                let mut conn =
                    PgConnection::establish(&self.url).map_err(r2d2::Error::ConnectionError)?;
                // A write stuck behind another's row lock fails (and the member
                // is told to try again) instead of holding its request forever.
                conn.batch_execute(&format!("SET lock_timeout = {lock_wait_ms}"))
                    .map_err(r2d2::Error::QueryError)?;
                Ok(DbConn::Pg(conn))
            }
            Backend::Sqlite => {
                // Search ranks with it (search::builtin).
                search_functions::register();
                let mut conn = SqliteConnection::establish(sqlite_path(&self.url))
                    .map_err(r2d2::Error::ConnectionError)?;
                // Every pooled connection: readers never block the writer (WAL),
                // writers wait for each other instead of failing (busy_timeout).
                // Pages are read through a memory map, not copied by a system
                // call each (7 % of a common word's search on 100,000 threads).
                // A batch: `sql_query` would run only the first statement.
                conn.batch_execute(&format!(
                    "PRAGMA busy_timeout = {lock_wait_ms}; PRAGMA journal_mode = WAL; \
                     PRAGMA foreign_keys = ON; PRAGMA synchronous = {}; \
                     PRAGMA mmap_size = {SQLITE_MMAP_BYTES};",
                    self.settings.sqlite_synchronous.pragma()
                ))
                .map_err(r2d2::Error::QueryError)?;
                Ok(DbConn::Sqlite(conn))
            }
        }
    }
}

/// How much of an SQLite database is read through a memory map: as much as
/// SQLite allows by default (SQLITE_MAX_MMAP_SIZE, just under 2 GiB); pages
/// past it are read by system calls.
const SQLITE_MMAP_BYTES: u64 = 0x7fff_0000;

/// Builds the pool, and the outage record its connections keep. Checking out a
/// PostgreSQL connection pings it first, so a restarted server is noticed and
/// the broken connection replaced.
pub fn build_pool(
    url: &str,
    max_size: u32,
    settings: ConnSettings,
) -> anyhow::Result<(DbPool, Arc<Outage>)> {
    let manager = DbManager::new(url, settings);
    let outage = manager.outage.clone();
    if manager.backend == Backend::Sqlite {
        if let Some(dir) = std::path::Path::new(sqlite_path(url)).parent() {
            if !dir.as_os_str().is_empty() {
                std::fs::create_dir_all(dir)?;
            }
        }
    }
    let pool = r2d2::Pool::builder()
        .max_size(max_size)
        .connection_timeout(CHECKOUT_WAIT)
        .test_on_check_out(manager.backend == Backend::Postgres)
        .build(manager)?;
    Ok((pool, outage))
}

impl DbConn {
    /// Stops timing this connection's queries: batch commands (demo data,
    /// reindex) commit big transactions on purpose, and a warning per batch
    /// would bury their progress bar.
    pub fn stop_query_timing(&mut self) {
        // Still told of content changes: a pooled connection goes back to the pool.
        self.set_instrumentation(QueryTimer {
            untimed: true,
            ..QueryTimer::default()
        });
    }

    pub fn backend(&self) -> Backend {
        match self {
            DbConn::Pg(_) => Backend::Postgres,
            DbConn::Sqlite(_) => Backend::Sqlite,
        }
    }
}

/// Applies the embedded migrations that have not run yet; returns their names.
pub fn run_migrations(conn: &mut DbConn) -> anyhow::Result<Vec<String>> {
    let applied = match conn {
        DbConn::Pg(c) => c.run_pending_migrations(POSTGRES_MIGRATIONS),
        DbConn::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS),
    }
    .map_err(|e| anyhow::anyhow!("migration failed: {e}"))?;
    Ok(applied.iter().map(|v| v.to_string()).collect())
}

/// Runs `f` in a write transaction. On SQLite it starts with `BEGIN IMMEDIATE`, so
/// the write lock is taken up front and a concurrent writer waits (busy_timeout)
/// instead of failing with "database is locked" when a read turns into a write.
pub fn write_tx<T, E>(
    conn: &mut DbConn,
    f: impl FnOnce(&mut DbConn) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<diesel::result::Error>,
{
    if let DbConn::Sqlite(inner) = conn {
        AnsiTransactionManager::begin_transaction_sql(inner, "BEGIN IMMEDIATE")?;
        let result = f(conn);
        let DbConn::Sqlite(inner) = conn else {
            unreachable!("a connection does not change its backend")
        };
        match result {
            Ok(value) => {
                AnsiTransactionManager::commit_transaction(inner)?;
                Ok(value)
            }
            Err(e) => {
                // The caller's error is the one worth reporting.
                let _ = AnsiTransactionManager::rollback_transaction(inner);
                Err(e)
            }
        }
    } else {
        conn.transaction(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_database_that_does_not_answer_is_an_outage_until_a_connection_opens() {
        // Nothing listens on port 1: the connection is refused at once.
        let unreachable = DbManager::new(
            "postgres://fixloop:secret@127.0.0.1:1/fixloop",
            ConnSettings::default(),
        );
        assert!(!unreachable.outage.is_down());
        assert_eq!(unreachable.outage.checkout_wait(), CHECKOUT_WAIT);

        assert!(unreachable.connect().is_err());
        assert!(unreachable.outage.is_down());
        assert_eq!(
            unreachable.outage.checkout_wait(),
            CHECKOUT_WAIT_DURING_OUTAGE
        );

        // The database answers again: the same record, a connection that opens.
        let dir = tempfile::tempdir().unwrap();
        let answering = DbManager {
            outage: unreachable.outage.clone(),
            ..DbManager::new(
                dir.path().join("fixloop.db").to_str().unwrap(),
                ConnSettings::default(),
            )
        };
        let mut conn = answering.connect().expect("SQLite opens");
        assert!(!unreachable.outage.is_down());
        assert!(answering.is_valid(&mut conn).is_ok());
        assert_eq!(unreachable.outage.checkout_wait(), CHECKOUT_WAIT);
    }
}
