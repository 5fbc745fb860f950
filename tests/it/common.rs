//! The test harness: every test gets its own database — a temporary SQLite
//! file, and when `TEST_DATABASE_URL` is set, its own PostgreSQL schema — and
//! drives the whole app through HTTP with a cookie jar, like a browser.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::future::Future;

use actix_http::Request;
use actix_service::boxed::{self, BoxService};
use actix_web::body::{to_bytes, BoxBody};
use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::header::{self, HeaderMap};
use actix_web::http::StatusCode;
use actix_web::test;
use diesel::{Connection, RunQueryDsl};
use fixloop::config::Config;
use fixloop::db::DbConn;
use fixloop::model::accounts::users::Role;
use fixloop::state::AppState;

pub const PASSWORD: &str = "a-long-enough-password";

/// A database made for one test, removed when the test ends.
pub struct TestDb {
    pub url: String,
    pub label: &'static str,
    _dir: Option<tempfile::TempDir>,
    pg_cleanup: Option<(String, String)>,
}

impl TestDb {
    pub fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = dir.path().join("test.db").to_string_lossy().into_owned();
        TestDb {
            url,
            label: "sqlite",
            _dir: Some(dir),
            pg_cleanup: None,
        }
    }

    /// A fresh schema in the PostgreSQL database `TEST_DATABASE_URL` names.
    pub fn postgres(base_url: &str) -> TestDb {
        let schema = format!("t_{}", fixloop::auth::random_token()[..16].to_owned());
        let mut conn = diesel::pg::PgConnection::establish(base_url)
            .unwrap_or_else(|e| panic!("TEST_DATABASE_URL does not connect: {e}"));
        diesel::sql_query(format!("CREATE SCHEMA {schema}"))
            .execute(&mut conn)
            .expect("create schema");
        let separator = if base_url.contains('?') { '&' } else { '?' };
        let url = format!("{base_url}{separator}options=-csearch_path%3D{schema}");
        TestDb {
            url,
            label: "postgres",
            _dir: None,
            pg_cleanup: Some((base_url.to_owned(), schema)),
        }
    }

    /// SQLite always; PostgreSQL too when `TEST_DATABASE_URL` is set.
    pub fn all() -> Vec<TestDb> {
        let mut dbs = vec![TestDb::sqlite()];
        match std::env::var("TEST_DATABASE_URL") {
            Ok(url) if !url.is_empty() => dbs.push(TestDb::postgres(&url)),
            _ => {}
        }
        dbs
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((base, schema)) = &self.pg_cleanup {
            if let Ok(mut conn) = diesel::pg::PgConnection::establish(base) {
                let _ =
                    diesel::sql_query(format!("DROP SCHEMA {schema} CASCADE")).execute(&mut conn);
            }
        }
    }
}

/// A response, read whole.
pub struct Page {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Page {
    pub fn location(&self) -> String {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    }

    pub fn header(&self, name: &str) -> String {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    /// The value of the first hidden `csrf_token` field in the page.
    pub fn csrf_token(&self) -> Option<String> {
        let marker = "name=\"csrf_token\" value=\"";
        let start = self.body.find(marker)? + marker.len();
        let end = self.body[start..].find('"')? + start;
        Some(self.body[start..end].to_owned())
    }

    #[track_caller]
    pub fn assert_status(&self, status: u16) -> &Page {
        assert_eq!(
            self.status.as_u16(),
            status,
            "unexpected status; body:\n{}",
            &self.body[..self.body.len().min(3000)]
        );
        self
    }

    #[track_caller]
    pub fn assert_contains(&self, needle: &str) -> &Page {
        if !self.body.contains(needle) {
            // The whole page, for reading after a failure.
            let _ = std::fs::write(
                std::env::temp_dir().join("fixloop-failed-page.html"),
                &self.body,
            );
        }
        assert!(
            self.body.contains(needle),
            "page does not contain {needle:?}; body:\n{}",
            &self.body[..self.body.len().min(4000)]
        );
        self
    }

    #[track_caller]
    pub fn assert_lacks(&self, needle: &str) -> &Page {
        assert!(!self.body.contains(needle), "page contains {needle:?}");
        self
    }
}

type AppService = BoxService<Request, ServiceResponse<BoxBody>, actix_web::Error>;

/// The app under test with one visitor's cookie jar.
pub struct TestApp {
    pub state: AppState,
    pub db_label: &'static str,
    service: AppService,
    cookies: RefCell<BTreeMap<String, String>>,
    _db: TestDb,
}

impl TestApp {
    pub async fn new(db: TestDb) -> TestApp {
        TestApp::with_config(db, |_| {}).await
    }

    /// The app with a search index of the test's choosing (e.g. an engine that is down).
    pub async fn with_search(db: TestDb, index: fixloop::search::SearchIndex) -> TestApp {
        TestApp::build(db, |_| {}, Some(index)).await
    }

    /// The app with some settings changed from the defaults.
    pub async fn with_config(db: TestDb, adjust: impl FnOnce(&mut Config)) -> TestApp {
        TestApp::build(db, adjust, None).await
    }

    async fn build(
        db: TestDb,
        adjust: impl FnOnce(&mut Config),
        search: Option<fixloop::search::SearchIndex>,
    ) -> TestApp {
        // Errors the app logs show up in a failing test's output.
        let _ = tracing_subscriber::fmt()
            .with_test_writer()
            .with_env_filter("warn")
            .try_init();
        let data_dir = tempfile::tempdir().expect("temp dir").keep();
        let mut config = Config::with_database(db.url.clone(), data_dir);
        // Most tests write more, and with more links, than a brand-new member
        // may; the trust tests set the real limits.
        config.new_member_posts_per_hour = 10_000;
        config.new_member_link_free_posts = 0;
        config.login_failures_per_account = 1_000;
        config.login_failures_per_address = 1_000;
        config.login_failures_per_account_and_address = 1_000;
        config.signups_per_address_per_hour = 1_000;
        config.new_member_private_messages_per_hour = 1_000;
        config.new_member_escalations_per_day = 1_000;
        config.private_messages_per_hour = 1_000;
        config.escalations_per_day = 1_000;
        adjust(&mut config);
        let mut state = AppState::new(config).expect("app state");
        if let Some(index) = search {
            state.search = std::sync::Arc::new(index);
        }
        let service = test::init_service(fixloop::build_app(state.clone()).wrap_fn(|req, srv| {
            let response = srv.call(req);
            async move { response.await.map(|r| r.map_into_boxed_body()) }
        }))
        .await;
        TestApp {
            state,
            db_label: db.label,
            service: boxed::service(service),
            cookies: RefCell::new(BTreeMap::new()),
            _db: db,
        }
    }

    /// Another visitor (own cookie jar) on the same app and database.
    pub async fn visitor(&self) -> TestApp {
        let service =
            test::init_service(fixloop::build_app(self.state.clone()).wrap_fn(|req, srv| {
                let response = srv.call(req);
                async move { response.await.map(|r| r.map_into_boxed_body()) }
            }))
            .await;
        TestApp {
            state: self.state.clone(),
            db_label: self.db_label,
            service: boxed::service(service),
            cookies: RefCell::new(BTreeMap::new()),
            _db: TestDb {
                url: String::new(),
                label: self.db_label,
                _dir: None,
                pg_cleanup: None,
            },
        }
    }

    /// A second app server on the same database and data directory: its own
    /// pool, page cache, kept search results and background state, as
    /// another process behind the same balancer would have.
    pub async fn second_server(&self) -> TestApp {
        let state = AppState::new((*self.state.config).clone()).expect("second app state");
        self.with_state(state, BTreeMap::new()).await
    }

    /// This visitor (the same cookies) with their requests sent to `server`.
    pub async fn on(&self, server: &TestApp) -> TestApp {
        let cookies = self.cookies.borrow().clone();
        server.with_state(server.state.clone(), cookies).await
    }

    async fn with_state(&self, state: AppState, cookies: BTreeMap<String, String>) -> TestApp {
        let service = test::init_service(fixloop::build_app(state.clone()).wrap_fn(|req, srv| {
            let response = srv.call(req);
            async move { response.await.map(|r| r.map_into_boxed_body()) }
        }))
        .await;
        TestApp {
            state,
            db_label: self.db_label,
            service: boxed::service(service),
            cookies: RefCell::new(cookies),
            _db: TestDb {
                url: String::new(),
                label: self.db_label,
                _dir: None,
                pg_cleanup: None,
            },
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .borrow()
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    pub fn cookie(&self, name: &str) -> Option<String> {
        self.cookies.borrow().get(name).cloned()
    }

    pub fn set_cookie(&self, name: &str, value: &str) {
        self.cookies.borrow_mut().insert(name.into(), value.into());
    }

    async fn send(&self, request: test::TestRequest) -> Page {
        let (status, headers, bytes) = self.send_raw(request).await;
        Page {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    /// A GET as a browser sends it, with its Accept-Encoding; the body as sent.
    pub async fn get_accepting(
        &self,
        path: &str,
        accept_encoding: &str,
    ) -> (StatusCode, HeaderMap, Vec<u8>) {
        self.send_raw(
            test::TestRequest::get()
                .uri(path)
                .insert_header((header::ACCEPT_ENCODING, accept_encoding)),
        )
        .await
    }

    async fn send_raw(&self, request: test::TestRequest) -> (StatusCode, HeaderMap, Vec<u8>) {
        let mut request = request;
        let cookies = self.cookie_header();
        if !cookies.is_empty() {
            request = request.insert_header((header::COOKIE, cookies));
        }
        let response = self
            .service
            .call(request.to_request())
            .await
            .expect("the service answers");
        for value in response.headers().get_all(header::SET_COOKIE) {
            let cookie =
                actix_web::cookie::Cookie::parse(value.to_str().unwrap().to_owned()).unwrap();
            let removed = cookie.value().is_empty()
                || cookie
                    .max_age()
                    .is_some_and(|age| age.is_zero() || age.is_negative());
            let mut jar = self.cookies.borrow_mut();
            if removed {
                jar.remove(cookie.name());
            } else {
                jar.insert(cookie.name().to_owned(), cookie.value().to_owned());
            }
        }
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = to_bytes(response.into_body()).await.unwrap_or_default();
        (status, headers, bytes.to_vec())
    }

    pub async fn get(&self, path: &str) -> Page {
        self.send(test::TestRequest::get().uri(path)).await
    }

    /// A GET with one more request header (Accept-Language, …).
    pub async fn get_with(&self, path: &str, name: header::HeaderName, value: &str) -> Page {
        self.send(
            test::TestRequest::get()
                .uri(path)
                .insert_header((name, value)),
        )
        .await
    }

    /// A GET whose body is bytes (images).
    pub async fn get_bytes(&self, path: &str) -> (StatusCode, HeaderMap, Vec<u8>) {
        let response = self
            .service
            .call(test::TestRequest::get().uri(path).to_request())
            .await
            .expect("the service answers");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = to_bytes(response.into_body())
            .await
            .unwrap_or_default()
            .to_vec();
        (status, headers, bytes)
    }

    /// The CSRF token this visitor's forms carry (read from a page, as a browser would).
    pub async fn csrf(&self) -> String {
        self.get("/login")
            .await
            .csrf_token()
            .expect("the login page has a CSRF token")
    }

    /// POSTs a form exactly as given (no token added).
    pub async fn post_raw(&self, path: &str, fields: &[(&str, &str)]) -> Page {
        let body = serde_urlencoded::to_string(fields).unwrap();
        self.send(
            test::TestRequest::post()
                .uri(path)
                .insert_header((header::CONTENT_TYPE, "application/x-www-form-urlencoded"))
                .set_payload(body),
        )
        .await
    }

    /// POSTs a form with this visitor's CSRF token, as the page's form would.
    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> Page {
        let token = self.csrf().await;
        let mut all = vec![("csrf_token", token.as_str())];
        all.extend_from_slice(fields);
        self.post_raw(path, &all).await
    }

    /// Signs up as the web does, confirms the address (as opening the mailed
    /// link would) and logs in; returns the login's answer (303), or the
    /// sign-up page when it was refused. `tests/it/recovery.rs` follows the
    /// real link; most tests only need a member in good standing.
    pub async fn register(&self, username: &str) -> Page {
        let page = self.sign_up(username).await;
        if page.status != StatusCode::OK {
            return page;
        }
        let name = username.to_owned();
        self.db(move |conn| {
            let user = fixloop::model::accounts::users::find_by_username(conn, &name)
                .unwrap()
                .expect("the account was made");
            fixloop::model::accounts::users::set_email_verified(
                conn,
                user.id,
                fixloop::model::now(),
            )
            .unwrap();
        });
        self.login(username, PASSWORD).await
    }

    /// Signs up and logs in without confirming the address.
    pub async fn register_unverified(&self, username: &str) -> Page {
        let page = self.sign_up(username).await;
        if page.status != StatusCode::OK {
            return page;
        }
        self.login(username, PASSWORD).await
    }

    /// Only the sign-up form: no login.
    pub async fn sign_up(&self, username: &str) -> Page {
        let email = format!("{}@example.com", username.to_lowercase());
        self.post(
            "/register",
            &[
                ("username", username),
                ("email", &email),
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
            ],
        )
        .await
    }

    pub async fn login(&self, login: &str, password: &str) -> Page {
        self.post(
            "/login",
            &[("login", login), ("password", password), ("next", "/")],
        )
        .await
    }

    pub async fn logout(&self) -> Page {
        self.post("/logout", &[]).await
    }

    /// Registers `username` and gives them `role` (as `fixloop user set-role` would), logged in.
    pub async fn register_as(&self, username: &str, role: Role) {
        self.register(username).await.assert_status(303);
        let name = username.to_owned();
        self.db(move |conn| {
            fixloop::forum::accounts::credentials::set_role(conn, &name, role).unwrap();
        });
    }

    /// Runs a closure on a connection of the app's database.
    pub fn db<T>(&self, f: impl FnOnce(&mut DbConn) -> T) -> T {
        let mut conn = self.state.pool.get().expect("a connection");
        f(&mut conn)
    }

    pub fn count(&self, table: &str) -> i64 {
        #[derive(diesel::QueryableByName)]
        struct Count {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        let sql = format!("SELECT COUNT(*) AS n FROM {table}");
        self.db(|conn| diesel::sql_query(sql).get_result::<Count>(conn).unwrap().n)
    }

    /// POSTs a multipart form with this visitor's CSRF token and one file.
    pub async fn post_file(&self, path: &str, field: &str, file: &[u8], with_token: bool) -> Page {
        let boundary = "fixloop-test-boundary";
        let mut body = Vec::new();
        if with_token {
            let token = self.csrf().await;
            body.extend_from_slice(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{token}\r\n").as_bytes(),
            );
        }
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"photo.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n").as_bytes(),
        );
        body.extend_from_slice(file);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        self.send(
            test::TestRequest::post()
                .uri(path)
                .insert_header((
                    header::CONTENT_TYPE,
                    format!("multipart/form-data; boundary={boundary}"),
                ))
                .set_payload(body),
        )
        .await
    }

    /// Replies to a thread and returns the new post's id.
    /// Adds catalogue devices as an admin would, each (name, kind, parent
    /// slug or ""), in order.
    pub async fn add_devices(&self, devices: &[(&str, &str, &str)]) {
        for (name, kind, parent) in devices {
            self.post(
                "/devices/new",
                &[("name", name), ("kind", kind), ("parent", parent)],
            )
            .await
            .assert_status(303);
        }
    }

    pub async fn reply(&self, thread: i64, body: &str) -> i64 {
        let page = self
            .post(
                &format!("/t/{thread}/reply"),
                &[("body", body), ("action", "post")],
            )
            .await;
        page.assert_status(303);
        page.location()
            .rsplit("#post-")
            .next()
            .unwrap()
            .parse()
            .unwrap()
    }

    /// Starts a thread and returns its URL.
    pub async fn start_thread(&self, kind: &str, title: &str, device: &str, body: &str) -> String {
        let page = self
            .post(
                "/threads/new",
                &[
                    ("kind", kind),
                    ("title", title),
                    ("device", device),
                    ("body", body),
                    ("action", "post"),
                ],
            )
            .await;
        page.assert_status(303);
        page.location()
    }
}

/// Runs a test body once per database.
pub async fn each_db<F, Fut>(body: F)
where
    F: Fn(TestApp) -> Fut,
    Fut: Future<Output = ()>,
{
    for db in TestDb::all() {
        let label = db.label;
        eprintln!("-- on {label}");
        body(TestApp::new(db).await).await;
    }
}

/// The id in a `/t/{id}/{slug}` URL.
pub fn thread_id(url: &str) -> i64 {
    url.trim_start_matches("/t/")
        .split(['/', '?', '#'])
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

/// Small helpers for the permission tests.
impl TestApp {
    /// Suspends a member for `days` (as a staff decision would), or lifts the
    /// suspension with `None`, straight in the database.
    pub fn set_suspended(&self, username: &str, days: Option<i64>) {
        let name = username.to_owned();
        self.db(move |conn| {
            let user = fixloop::model::accounts::users::find_by_username(conn, &name)
                .unwrap()
                .unwrap_or_else(|| panic!("no user {name}"));
            let until = days.map(|d| fixloop::model::now() + chrono::Duration::days(d));
            let reason = days.map(|_| "set by the test");
            fixloop::model::staff::moderation::set_suspension(conn, user.id, until, reason)
                .unwrap();
        });
    }

    /// Forgets a cookie, as a browser does when it expires.
    pub fn clear_cookie(&self, name: &str) {
        self.cookies.borrow_mut().remove(name);
    }
}

/// Requests from a given client socket (`TestRequest::peer_addr`), with extra
/// headers: for the tests of client addresses behind proxies and throttles.
/// Other requests come from no address at all.
impl TestApp {
    pub async fn post_from(
        &self,
        peer: &str,
        headers: &[(&str, &str)],
        path: &str,
        fields: &[(&str, &str)],
    ) -> Page {
        let token = self.csrf().await;
        let mut all = vec![("csrf_token", token.as_str())];
        all.extend_from_slice(fields);
        let mut request = test::TestRequest::post()
            .uri(path)
            .peer_addr(peer.parse().expect("a socket address like 192.0.2.1:4000"))
            .insert_header((header::CONTENT_TYPE, "application/x-www-form-urlencoded"))
            .set_payload(serde_urlencoded::to_string(&all).unwrap());
        for (name, value) in headers {
            request = request.append_header((*name, *value));
        }
        self.send(request).await
    }

    pub async fn login_from(
        &self,
        peer: &str,
        headers: &[(&str, &str)],
        login: &str,
        password: &str,
    ) -> Page {
        self.post_from(
            peer,
            headers,
            "/login",
            &[("login", login), ("password", password), ("next", "/")],
        )
        .await
    }

    pub async fn register_from(&self, peer: &str, username: &str) -> Page {
        let email = format!("{}@example.com", username.to_lowercase());
        self.post_from(
            peer,
            &[],
            "/register",
            &[
                ("username", username),
                ("email", &email),
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
            ],
        )
        .await
    }
}

/// Meilisearch for the tests, when `MEILI_URL` points at a running server
/// (`.ci/run` starts one): its URL and key.
pub fn meili_server() -> Option<(String, Option<String>)> {
    let url = std::env::var("MEILI_URL")
        .ok()
        .filter(|u| !u.trim().is_empty())?;
    let key = std::env::var("MEILI_API_KEY")
        .ok()
        .filter(|k| !k.is_empty());
    Some((url, key))
}

/// A Meilisearch engine on an index of its own (`test_<random>`), prepared.
pub async fn meili_engine(
    url: &str,
    key: Option<&str>,
    uid: &str,
) -> fixloop::search::meili::MeiliEngine {
    let engine = fixloop::search::meili::MeiliEngine::with_options(
        url,
        key,
        uid,
        std::time::Duration::from_secs(5),
    )
    .expect("a Meilisearch engine");
    engine
        .prepare()
        .await
        .unwrap_or_else(|e| panic!("MEILI_URL={url} does not take an index: {e:#}"));
    engine
}

/// A fresh index name for one test run.
pub fn meili_test_index() -> String {
    format!("test_{}", &fixloop::auth::random_token()[..16])
}

impl TestApp {
    /// The app on Meilisearch (index `uid`, made and set up here), settings adjusted.
    pub async fn on_meili(
        db: TestDb,
        url: &str,
        key: Option<&str>,
        uid: &str,
        adjust: impl FnOnce(&mut Config),
    ) -> TestApp {
        let engine = meili_engine(url, key, uid).await;
        let index =
            fixloop::search::SearchIndex::new(fixloop::search::Engine::External(Box::new(engine)));
        TestApp::build(db, adjust, Some(index)).await
    }

    /// The search engine this app asks first: "builtin", "meilisearch" …
    pub fn engine(&self) -> &'static str {
        self.state.search.state().engine
    }

    /// Waits until every change has reached the search engine: drains the
    /// outbox until it is empty (each batch returns once Meilisearch has
    /// processed its tasks). The builtin engine is written in the same
    /// transaction as the change; for every engine, the search job's
    /// vocabulary (typo corrections) is brought up to date, as its next
    /// round would.
    pub async fn settle(&self) {
        self.db(|conn| fixloop::search::vocabulary::rebuild(conn, false))
            .expect("the vocabulary is rebuilt");
        if matches!(self.state.search.engine(), fixloop::search::Engine::Builtin) {
            return;
        }
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        loop {
            let sent = fixloop::search::outbox::drain_once(&self.state.pool, &self.state.search)
                .await
                .unwrap_or_else(|e| panic!("the outbox does not drain: {e:#}"));
            if sent == 0 && self.count("search_outbox") == 0 {
                return;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "the outbox still holds {} rows after 30 s",
                self.count("search_outbox")
            );
            if sent == 0 {
                // Rows backing off after a failure: wait for them.
                actix_web::rt::time::sleep(std::time::Duration::from_millis(100)).await;
            }
        }
    }
}

/// Runs a search test body on every engine: the builtin one on each
/// database, then Meilisearch (on each database too) when `MEILI_URL` is set,
/// each run on an index of its own that is deleted afterwards. Bodies call
/// `settle()` between writing and searching, as a reader after the outbox
/// worker's next round would see it.
pub async fn each_engine<F, Fut>(body: F)
where
    F: Fn(TestApp) -> Fut,
    Fut: Future<Output = ()>,
{
    each_engine_with(|_| {}, body).await
}

/// `each_engine` with some settings changed from the defaults.
pub async fn each_engine_with<F, Fut>(adjust: impl Fn(&mut Config), body: F)
where
    F: Fn(TestApp) -> Fut,
    Fut: Future<Output = ()>,
{
    for db in TestDb::all() {
        eprintln!("-- builtin engine on {}", db.label);
        body(TestApp::with_config(db, &adjust).await).await;
    }
    let Some((url, key)) = meili_server() else {
        eprintln!(
            "SKIPPED: the Meilisearch runs of this test (MEILI_URL is not set; .ci/run sets it where ../shared/meilisearch/run exists)"
        );
        return;
    };
    for db in TestDb::all() {
        let uid = meili_test_index();
        eprintln!("-- meilisearch engine (index {uid}) on {}", db.label);
        let app = TestApp::on_meili(db, &url, key.as_deref(), &uid, &adjust).await;
        body(app).await;
        // The index goes with the test (a failed test leaves it for reading).
        meili_engine(&url, key.as_deref(), &uid)
            .await
            .delete_indexes()
            .await
            .expect("the test's index is deleted");
    }
}

impl TestApp {
    /// Runs the mail worker until nothing is due (or it fails: the server is
    /// down); returns how many messages it settled.
    pub async fn deliver_mail(&self) -> usize {
        let mut settled = 0;
        loop {
            match fixloop::mail::outbox::drain_once(&self.state.pool, &self.state.mailer).await {
                Ok(0) | Err(_) => return settled,
                Ok(n) => settled += n,
            }
        }
    }

    /// Lets the mail outbox's backoff pass, as if time went by.
    pub fn mail_backoff_passes(&self) {
        self.db(|conn| {
            diesel::sql_query("UPDATE mail_outbox SET next_attempt_at = created_at")
                .execute(conn)
                .unwrap();
        });
    }

    /// Messages waiting to be sent.
    pub fn mail_backlog(&self) -> i64 {
        self.db(|conn| fixloop::mail::outbox::backlog(conn).unwrap())
    }
}

/// Requests the test builds itself (API calls with their own headers and
/// bodies), sent with this visitor's cookies.
impl TestApp {
    pub async fn request(&self, request: test::TestRequest) -> Page {
        self.send(request).await
    }
}

/// A new member's cookie jar: signed up (address confirmed) and logged in.
pub async fn member(app: &TestApp, name: &str) -> TestApp {
    let jar = app.visitor().await;
    jar.register(name).await.assert_status(303);
    jar
}

/// A new staff member's cookie jar, logged in.
pub async fn staff(app: &TestApp, name: &str) -> TestApp {
    let jar = app.visitor().await;
    jar.register_as(name, Role::Staff).await;
    jar
}

/// The address mailed links start with in [`each_db_with_mail_and`]'s apps.
pub const MAILED_SITE: &str = "https://forum.example.com";

/// Runs a test body once per database, each app with an SMTP server of its own.
pub async fn each_db_with_mail<F, Fut>(body: F)
where
    F: Fn(TestApp, std::sync::Arc<crate::mail_server::SmtpServer>) -> Fut,
    Fut: Future<Output = ()>,
{
    each_db_with_mail_and(|_| {}, body).await;
}

/// [`each_db_with_mail`] with settings of the test's own, on a site at
/// [`MAILED_SITE`] (so mailed links can be checked whole).
pub async fn each_db_with_mail_and<F, Fut>(adjust: impl Fn(&mut Config), body: F)
where
    F: Fn(TestApp, std::sync::Arc<crate::mail_server::SmtpServer>) -> Fut,
    Fut: Future<Output = ()>,
{
    for db in TestDb::all() {
        eprintln!("-- on {}", db.label);
        let smtp = std::sync::Arc::new(crate::mail_server::SmtpServer::start());
        let url = smtp.url();
        let app = TestApp::with_config(db, |config| {
            config.smtp_url = Some(url.clone());
            config.base_url = Some(MAILED_SITE.into());
            adjust(config);
        })
        .await;
        body(app, smtp).await;
    }
}

/// The site-relative part of a mailed link.
pub fn path_of(link: &str) -> String {
    link.trim_start_matches(MAILED_SITE).to_owned()
}

/// The token a mailed link carries.
pub fn token_of(link: &str) -> String {
    link.split("token=").nth(1).expect("a token").to_owned()
}

/// Makes an API token on the settings page as `member` (logged in); the
/// token, read from the page that is the only place it is shown.
pub async fn make_token(member: &TestApp, name: &str, scope: &str, lifetime: &str) -> String {
    let page = member
        .post(
            "/settings/tokens",
            &[("name", name), ("scope", scope), ("lifetime", lifetime)],
        )
        .await;
    page.assert_status(200);
    let marker = "<code class=\"token\" id=\"token-value\">";
    let start = page.body.find(marker).expect("the new token is shown") + marker.len();
    let end = page.body[start..].find('<').unwrap() + start;
    page.body[start..end].to_owned()
}

/// A day as English pages say it: "2026-11-04" → "4 Nov 2026".
pub fn english_day(day: &impl std::fmt::Display) -> String {
    chrono::NaiveDate::parse_from_str(&day.to_string(), "%Y-%m-%d")
        .expect("a day")
        .format("%-d %b %Y")
        .to_string()
}
