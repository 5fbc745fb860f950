//! Prometheus metrics (prometheus-client): one registry for the process,
//! since that is what a scrape sees. A leaf: the others report to it.
//! Counters and histograms are updated where things happen (requests,
//! searches, every background job's batch by `jobs`); pool use and the
//! figures the outboxes hand over as [`Sources`] (their backlogs) are read
//! at scrape time. Served by `app` on `FIXLOOP_METRICS_BIND` only, never on
//! the public site.

use std::sync::atomic::AtomicU64;
use std::sync::{LazyLock, Mutex};
use std::time::Duration;

use actix_web::{web, App, HttpResponse};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;

use crate::db::{DbConn, DbPool};
use crate::error::AppResult;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: &'static str,
    /// The route's pattern (`/t/{id}/{slug}`), never the path: one series
    /// per route, whatever the URLs.
    route: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct EngineLabels {
    engine: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ResultLabels {
    result: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct JobLabels {
    job: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OutboxLabels {
    outbox: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct PoolLabels {
    state: &'static str,
}

fn latency_histogram() -> Histogram {
    // 1 ms to ~20 s.
    Histogram::new(exponential_buckets(0.001, 3.0, 10))
}

struct Metrics {
    requests: Family<RequestLabels, Histogram, fn() -> Histogram>,
    page_cache: Family<ResultLabels, Counter>,
    searches: Family<EngineLabels, Histogram, fn() -> Histogram>,
    job_runs: Family<JobLabels, Counter>,
    job_items: Family<JobLabels, Counter>,
    job_failures: Family<JobLabels, Counter>,
    job_seconds: Family<JobLabels, Gauge<f64, AtomicU64>>,
    backlog: Family<OutboxLabels, Gauge>,
    pool_connections: Family<PoolLabels, Gauge>,
    pool_max: Gauge,
    /// Held while the scrape-time gauges are set and the text is written, so
    /// two scrapes at once do not mix their readings.
    registry: Mutex<Registry>,
}

static METRICS: LazyLock<Metrics> = LazyLock::new(|| {
    let metrics = Metrics {
        requests: Family::new_with_constructor(latency_histogram),
        page_cache: Family::default(),
        searches: Family::new_with_constructor(latency_histogram),
        job_runs: Family::default(),
        job_items: Family::default(),
        job_failures: Family::default(),
        job_seconds: Family::default(),
        backlog: Family::default(),
        pool_connections: Family::default(),
        pool_max: Gauge::default(),
        registry: Mutex::new(Registry::with_prefix("fixloop")),
    };
    {
        let mut r = metrics.registry.lock().expect("metrics registry");
        r.register(
            "http_request_duration_seconds",
            "HTTP requests by method, route pattern and status, and how long they took (_count: requests)",
            metrics.requests.clone(),
        );
        r.register(
            "page_cache_lookups",
            "Visitors' page cache: hits and misses",
            metrics.page_cache.clone(),
        );
        r.register(
            "search_duration_seconds",
            "Searches run by each engine (not answered from the result cache), and how long they took",
            metrics.searches.clone(),
        );
        r.register(
            "job_runs",
            "Background job rounds that did work (outbox drains, reminders, digests)",
            metrics.job_runs.clone(),
        );
        r.register(
            "job_items",
            "Items background jobs handled (rows sent, reminders, digests)",
            metrics.job_items.clone(),
        );
        r.register(
            "job_failures",
            "Background job batches that failed (an error or a panic)",
            metrics.job_failures.clone(),
        );
        r.register(
            "job_last_duration_seconds",
            "How long each background job's last batch took",
            metrics.job_seconds.clone(),
        );
        r.register(
            "outbox_backlog",
            "Rows waiting in each outbox, read at scrape time",
            metrics.backlog.clone(),
        );
        r.register(
            "db_pool_connections",
            "Database pool connections, idle and in use",
            metrics.pool_connections.clone(),
        );
        r.register(
            "db_pool_max_connections",
            "Most connections the database pool opens",
            metrics.pool_max.clone(),
        );
    }
    metrics
});

/// A finished request; `route` is its pattern, None when no route matched.
pub fn request_done(method: &str, route: Option<String>, status: u16, took: Duration) {
    // Clients may send any method name; only the standard ones get series.
    const KNOWN: [&str; 7] = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
    let method = KNOWN.into_iter().find(|m| *m == method).unwrap_or("other");
    METRICS
        .requests
        .get_or_create(&RequestLabels {
            method,
            route: route.unwrap_or_else(|| "unmatched".to_owned()),
            status,
        })
        .observe(took.as_secs_f64());
}

pub fn page_cache_lookup(hit: bool) {
    let result = if hit { "hit" } else { "miss" };
    METRICS
        .page_cache
        .get_or_create(&ResultLabels { result })
        .inc();
}

pub fn search_done(engine: &'static str, took: Duration) {
    METRICS
        .searches
        .get_or_create(&EngineLabels { engine })
        .observe(took.as_secs_f64());
}

/// A background job's batch ended (`items`: what it handled, None when it
/// failed). Runs and items count batches that did something (an idle
/// outbox polled every second is no news); every failure counts.
pub fn job_finished(job: &'static str, items: Option<usize>, took: Duration) {
    let labels = JobLabels { job };
    METRICS
        .job_seconds
        .get_or_create(&labels)
        .set(took.as_secs_f64());
    match items {
        None => {
            METRICS.job_failures.get_or_create(&labels).inc();
        }
        Some(0) => {}
        Some(items) => {
            METRICS.job_runs.get_or_create(&labels).inc();
            METRICS
                .job_items
                .get_or_create(&labels)
                .inc_by(items as u64);
        }
    }
}

/// A figure read from the database at scrape time by whoever owns it.
pub type Reading = fn(&mut DbConn) -> diesel::QueryResult<i64>;

/// What a scrape reads: the pool, and each outbox's backlog (by the name
/// it is labelled with).
#[derive(Clone)]
pub struct Sources {
    pub pool: DbPool,
    pub backlogs: Vec<(&'static str, Reading)>,
}

/// The metrics in the text exposition format (OpenMetrics, which Prometheus reads).
pub async fn render(sources: &Sources) -> AppResult<String> {
    let (pool, readings) = (sources.pool.clone(), sources.backlogs.clone());
    let backlogs = actix_web::web::block(move || -> anyhow::Result<Vec<(&'static str, i64)>> {
        let mut conn = pool.get()?;
        let mut figures = Vec::with_capacity(readings.len());
        for (outbox, read) in readings {
            figures.push((outbox, read(&mut conn)?));
        }
        Ok(figures)
    })
    .await
    .map_err(|e| anyhow::anyhow!("blocking task failed: {e}"))??;
    let pool = sources.pool.state();
    let m = &*METRICS;
    let registry = m.registry.lock().unwrap_or_else(|e| e.into_inner());
    for (outbox, rows) in backlogs {
        m.backlog.get_or_create(&OutboxLabels { outbox }).set(rows);
    }
    m.pool_connections
        .get_or_create(&PoolLabels { state: "idle" })
        .set(i64::from(pool.idle_connections));
    m.pool_connections
        .get_or_create(&PoolLabels { state: "in_use" })
        .set(i64::from(pool.connections - pool.idle_connections));
    m.pool_max.set(i64::from(sources.pool.max_size()));
    let mut text = String::new();
    prometheus_client::encoding::text::encode(&mut text, &registry)
        .map_err(|e| anyhow::anyhow!("metrics not encoded: {e}"))?;
    Ok(text)
}

async fn metrics(sources: web::Data<Sources>) -> AppResult<HttpResponse> {
    let text = render(&sources).await?;
    Ok(HttpResponse::Ok()
        .content_type("application/openmetrics-text; version=1.0.0; charset=utf-8")
        .body(text))
}

/// The metrics listener's app: `GET /metrics` and nothing else.
pub fn app(
    sources: Sources,
) -> App<
    impl actix_web::dev::ServiceFactory<
        actix_web::dev::ServiceRequest,
        Config = (),
        Response = actix_web::dev::ServiceResponse,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    App::new()
        .app_data(web::Data::new(sources))
        .route("/metrics", web::get().to(metrics))
}
