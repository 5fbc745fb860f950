//! Pages as anonymous visitors see them, kept for a few seconds.
//!
//! A forum is read far more than it is written, and most readers are not
//! logged in: they all get the same HTML for a thread, a device hub or the
//! home page. Such a page is rendered once and served from memory until the
//! forum changes or `FIXLOOP_PAGE_CACHE_SECONDS` pass, whichever comes first.
//! Every committed write of something readers see empties the cache (a
//! generation count, so it costs nothing; `AppState::db` does it as the
//! write's work returns, told by `db::changes`), so a visitor never sees a
//! page older than the last write here; other app servers on the same
//! database empty theirs within half a second (`web::site_changes`), and a
//! CLI command's writes show within the TTL. Requests that commit nothing
//! readers see (refused ones, logins, notifications read) keep the pages:
//! a flood of them must not turn every visitor's request into a render.
//!
//! Browsers ask for gzip: a kept page is gzipped once when stored and served
//! as is, instead of being compressed again on every hit (which cost 25× the
//! serving: 43,000 → 1,700 req/s for a thread page).
//!
//! Atom feeds are kept the same way (`keep_if_cacheable_as`), each kept
//! page with its content type.
//!
//! Never cached: members' pages (they carry names, marks and a CSRF token),
//! any page whose HTML holds the visitor's CSRF token (login, register),
//! errors, and search results (an open-ended key space that would only evict
//! the pages worth keeping).

use std::collections::HashMap;
use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, AcceptEncoding, Encoding};
use actix_web::middleware::Next;
use actix_web::web::{self, Bytes};
use actix_web::{HttpMessage, HttpRequest, HttpResponse};

use crate::auth::{csrf, Viewer};
use crate::state::AppState;

/// Bounds the memory the cache may hold; pages beyond it are simply not kept.
const MAX_BYTES: usize = 32 * 1024 * 1024;
const MAX_PAGE_BYTES: usize = 1024 * 1024;

/// Tells tests and benchmarks whether a page came from the cache.
pub const CACHE_HEADER: &str = "x-fixloop-cache";

/// The content type of a page; other kept bodies (feeds) name their own.
pub const HTML: &str = "text/html; charset=utf-8";

pub struct PageCache {
    ttl: Duration,
    generation: AtomicU64,
    pages: Mutex<Pages>,
}

#[derive(Default)]
struct Pages {
    by_uri: HashMap<String, CachedPage>,
    bytes: usize,
}

struct CachedPage {
    generation: u64,
    stored_at: Instant,
    body: KeptBody,
}

/// A kept page, as is and gzipped, with the content type it is served as.
#[derive(Clone)]
struct KeptBody {
    content_type: &'static str,
    html: Bytes,
    gzip: Bytes,
}

impl KeptBody {
    fn new(content_type: &'static str, html: Bytes) -> Option<KeptBody> {
        let mut encoder = flate2::write::GzEncoder::new(
            Vec::with_capacity(html.len() / 4),
            flate2::Compression::default(),
        );
        encoder.write_all(&html).ok()?;
        let gzip = Bytes::from(encoder.finish().ok()?);
        Some(KeptBody {
            content_type,
            html,
            gzip,
        })
    }

    fn len(&self) -> usize {
        self.html.len() + self.gzip.len()
    }
}

/// Put in a request's extensions when its page may be kept: under which
/// address, and the generation seen before the handler read the database (a
/// write meanwhile makes the stored page stale at once).
#[derive(Clone)]
pub struct Cacheable {
    uri: String,
    generation: u64,
}

impl PageCache {
    pub fn new(ttl: Duration) -> PageCache {
        PageCache {
            ttl,
            generation: AtomicU64::new(0),
            pages: Mutex::default(),
        }
    }

    /// Something may have changed: every kept page is stale from now on.
    pub fn invalidate(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
    }

    fn fresh(&self, page: &CachedPage, generation: u64) -> bool {
        page.generation == generation && page.stored_at.elapsed() < self.ttl
    }

    fn get(&self, uri: &str) -> Option<KeptBody> {
        let generation = self.generation.load(Ordering::Acquire);
        let pages = self.pages.lock().unwrap_or_else(|e| e.into_inner());
        pages
            .by_uri
            .get(uri)
            .filter(|page| self.fresh(page, generation))
            .map(|page| page.body.clone())
    }

    /// Keeps a rendered page, unless it is too big or the cache is full of
    /// fresh pages.
    pub fn store(&self, key: &Cacheable, html: Bytes) {
        self.store_as(key, HTML, html)
    }

    /// Keeps a body served as `content_type` (a feed), as `store` does.
    pub fn store_as(&self, key: &Cacheable, content_type: &'static str, html: Bytes) {
        if html.len() > MAX_PAGE_BYTES {
            return;
        }
        // Compressed before taking the lock: other hits go on meanwhile.
        let Some(body) = KeptBody::new(content_type, html) else {
            return;
        };
        let generation = self.generation.load(Ordering::Acquire);
        let mut pages = self.pages.lock().unwrap_or_else(|e| e.into_inner());
        if pages.bytes + body.len() > MAX_BYTES {
            pages.by_uri.retain(|_, page| self.fresh(page, generation));
            pages.bytes = pages.by_uri.values().map(|p| p.body.len()).sum();
            if pages.bytes + body.len() > MAX_BYTES {
                return;
            }
        }
        pages.bytes += body.len();
        let page = CachedPage {
            generation: key.generation,
            stored_at: Instant::now(),
            body,
        };
        if let Some(old) = pages.by_uri.insert(key.uri.clone(), page) {
            pages.bytes -= old.body.len();
        }
    }

    /// The current generation: it moves on every write (here, or on another
    /// app server), and whatever was read in an earlier one is stale.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    fn cacheable(&self, uri: String) -> Cacheable {
        Cacheable {
            uri,
            generation: self.generation.load(Ordering::Acquire),
        }
    }
}

fn path_may_be_cached(path: &str) -> bool {
    !(path.starts_with("/search") || path.starts_with("/api/"))
}

/// Middleware: answers anonymous GETs from the cache and marks the misses
/// for `render` to store. Writes end kept pages where they commit
/// (`AppState::db`), not here: a refused POST changes nothing.
pub async fn serve_cached(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let Some(state) = req.app_data::<web::Data<AppState>>().cloned() else {
        return next.call(req).await.map(|r| r.map_into_left_body());
    };
    let cache = &state.page_cache;
    if req.method() != actix_web::http::Method::GET || !path_may_be_cached(req.path()) {
        return next.call(req).await.map(|r| r.map_into_left_body());
    }
    let (http_req, payload) = req.into_parts();
    // Resolved once here; the handler's `Viewer` reuses it. When it cannot be
    // (the database is down), the handler meets the same error and answers
    // with the error page: an error returned from here would skip that page.
    let Ok(viewer) = Viewer::of(&http_req).await else {
        let req = ServiceRequest::from_parts(http_req, payload);
        return next.call(req).await.map(|r| r.map_into_left_body());
    };
    let visitor = viewer.user.is_none();
    if visitor && !cache.ttl.is_zero() {
        // Kept per language: the same address reads differently in each.
        let uri = format!(
            "{} {}",
            super::language::of(&http_req).code(),
            http_req.uri()
        );
        let kept = cache.get(&uri);
        crate::metrics::page_cache_lookup(kept.is_some());
        if let Some(body) = kept {
            state.views.record(http_req.path());
            let response = cached_response(&http_req, &viewer, &state, body);
            return Ok(ServiceResponse::new(http_req, response).map_into_right_body());
        }
        http_req.extensions_mut().insert(cache.cacheable(uri));
    }
    let path = visitor.then(|| http_req.path().to_owned());
    let req = ServiceRequest::from_parts(http_req, payload);
    let response = next.call(req).await?;
    // Visitors' views of threads, counted in memory for the dashboard.
    if let Some(path) = path.filter(|_| response.status() == actix_web::http::StatusCode::OK) {
        state.views.record(&path);
    }
    Ok(response.map_into_left_body())
}

/// Whether the request's Accept-Encoding prefers gzip to the page as is.
fn accepts_gzip(req: &HttpRequest) -> bool {
    req.get_header::<AcceptEncoding>()
        .and_then(|accepted| accepted.negotiate([Encoding::gzip(), Encoding::identity()].iter()))
        == Some(Encoding::gzip())
}

fn cached_response(
    req: &HttpRequest,
    viewer: &Viewer,
    state: &AppState,
    body: KeptBody,
) -> HttpResponse {
    let mut response = HttpResponse::Ok();
    response
        .content_type(body.content_type)
        .insert_header((header::CONTENT_LANGUAGE, super::language::of(req).code()))
        .insert_header((header::CACHE_CONTROL, "private, no-cache"))
        .insert_header((header::VARY, "accept-encoding"))
        .insert_header((CACHE_HEADER, "hit"));
    // A first visit still gets its own CSRF cookie for the login form.
    if viewer.issue_csrf_cookie {
        response.cookie(csrf::visitor_cookie(
            &viewer.csrf_token,
            state.config.secure_cookies(),
        ));
    }
    if accepts_gzip(req) {
        // The compression middleware leaves an encoded body alone.
        response.insert_header((header::CONTENT_ENCODING, "gzip"));
        response.body(body.gzip)
    } else {
        response.body(body.html)
    }
}

/// Called by `render` with a finished page: keeps it when the middleware
/// marked the request and the page holds nothing of this visitor's.
pub fn keep_if_cacheable(req: &HttpRequest, viewer: &Viewer, html: &Bytes) {
    keep_if_cacheable_as(req, viewer, HTML, html)
}

/// `keep_if_cacheable` for a body that is not a page (a feed): kept with the
/// content type it is served as again.
pub fn keep_if_cacheable_as(
    req: &HttpRequest,
    viewer: &Viewer,
    content_type: &'static str,
    html: &Bytes,
) {
    let Some(key) = req.extensions().get::<Cacheable>().cloned() else {
        return;
    };
    let html_text = std::str::from_utf8(html).unwrap_or_default();
    if html_text.contains(&viewer.csrf_token) {
        return;
    }
    super::state(req)
        .page_cache
        .store_as(&key, content_type, html.clone());
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    #[test]
    fn a_kept_page_is_kept_gzipped_too() {
        let cache = PageCache::new(Duration::from_secs(10));
        let html = "<p>The new hinge creaks at 90 degrees.</p>".repeat(200);
        cache.store(&cache.cacheable("/t/1".into()), Bytes::from(html.clone()));

        let kept = cache.get("/t/1").expect("kept");
        assert_eq!(kept.content_type, HTML);
        assert_eq!(kept.html, html.as_bytes());
        let mut unzipped = String::new();
        flate2::read::GzDecoder::new(&kept.gzip[..])
            .read_to_string(&mut unzipped)
            .unwrap();
        assert_eq!(unzipped, html);
        assert!(kept.gzip.len() * 10 < html.len());

        cache.invalidate();
        assert!(cache.get("/t/1").is_none(), "a write makes it stale");
    }

    #[test]
    fn a_kept_feed_keeps_its_content_type() {
        let cache = PageCache::new(Duration::from_secs(10));
        let atom = "application/atom+xml; charset=utf-8";
        let key = cache.cacheable("/feeds/latest.atom".into());
        cache.store_as(&key, atom, Bytes::from_static(b"<feed/>"));
        assert_eq!(cache.get("/feeds/latest.atom").unwrap().content_type, atom);
    }
}
