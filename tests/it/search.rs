//! Search through HTTP, from the same test bodies on the builtin engine (each
//! database) and on Meilisearch when MEILI_URL is set; the outbox with an
//! engine that goes down and comes back. Faults and rebuilds with a real
//! Meilisearch: meili_faults.rs.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use diesel::prelude::*;
use fixloop::db::schema::search_outbox;
use fixloop::model::accounts::users::Role;
use fixloop::search::document::SearchDoc;
use fixloop::search::{BoxFuture, Engine, ExternalEngine, SearchIndex, SearchQuery, SearchResults};

use crate::common::{each_engine, each_engine_with, thread_id, Page, TestApp, TestDb};

fn position(page: &Page, needle: &str) -> usize {
    page.assert_contains(needle);
    page.body.find(needle).unwrap()
}

/// A small forum: two makers, four threads, one solved and verified.
async fn forum(admin: &TestApp) -> (i64, i64, i64, i64) {
    admin.register_as("admin_search", Role::Admin).await;
    admin
        .add_devices(&[
            ("Modulo", "maker", ""),
            ("Modulo Laptop", "line", "modulo"),
            ("Modulo 13", "model", "modulo-laptop"),
            ("Hearth", "maker", ""),
            ("Hearth Washers", "line", "hearth"),
        ])
        .await;
    let asker = admin.visitor().await;
    asker.register("asker_search").await;
    let a = thread_id(
        &asker
            .start_thread(
                "troubleshooting",
                "Fan loud after sleep",
                "modulo-13",
                "The fan spins loudly after resume from sleep.",
            )
            .await,
    );
    let b = thread_id(
        &asker
            .start_thread(
                "discussion",
                "Favourite fan brands",
                "",
                "Let us talk about a quiet fan.",
            )
            .await,
    );
    let c = thread_id(
        &asker
            .start_thread(
                "troubleshooting",
                "Washer leaks water",
                "hearth-washers",
                "The drum seal leaks.",
            )
            .await,
    );
    let d = thread_id(
        &asker
            .start_thread(
                "troubleshooting",
                "Fan noise during the washer spin cycle",
                "hearth-washers",
                "Maybe the drum bearing is noisy.",
            )
            .await,
    );
    let helper = admin.visitor().await;
    helper.register("helper_search").await;
    helper.reply(a, "Unrelated musing about a xylophone.").await;
    let answer = helper
        .reply(a, "Reset the fan curve: hold Fn and F12.")
        .await;
    asker
        .post(&format!("/posts/{answer}/solution"), &[])
        .await
        .assert_status(303);
    admin
        .post(&format!("/posts/{answer}/verify"), &[("note", "")])
        .await
        .assert_status(303);
    (a, b, c, d)
}

#[actix_web::test]
async fn search_ranks_filters_counts_and_highlights() {
    each_engine(|admin| async move {
        let (a, b, c, d) = forum(&admin).await;
        admin.settle().await;
        let visitor = admin.visitor().await;
        let engine = visitor.get("/api/v1/search?q=fan").await.json();
        assert_eq!(engine["engine"], admin.engine(), "{engine}");
        assert_eq!(engine["notice"], serde_json::Value::Null, "{engine}");

        let page = visitor.get("/search?q=fan").await;
        page.assert_status(200).assert_contains("3 threads found");
        // The solved and verified thread comes first; the washer leak is not a match.
        assert!(
            position(&page, &format!("href=\"/t/{a}\""))
                < position(&page, &format!("href=\"/t/{b}\""))
        );
        assert!(
            position(&page, &format!("href=\"/t/{a}\""))
                < position(&page, &format!("href=\"/t/{d}\""))
        );
        page.assert_lacks(&format!("href=\"/t/{c}\""));
        page.assert_contains("<mark>fan</mark>")
            .assert_contains("Modulo › Modulo Laptop › Modulo 13");
        // Facet counts.
        page.assert_contains(
            "kind=troubleshooting\">Troubleshooting question</a> <span class=\"count\">2</span>",
        )
        .assert_contains("kind=discussion\">Discussion</a> <span class=\"count\">1</span>")
        .assert_contains("solved=yes\">Solved</a> <span class=\"count\">1</span>")
        .assert_contains("verified=yes\">Verified</a> <span class=\"count\">1</span>")
        .assert_contains("path=joint\">Joint</a> <span class=\"count\">1</span>")
        // Only questions are "not solved yet": without a kind chosen, the
        // link picks questions and counts nothing it cannot tell.
        .assert_contains("solved=no&amp;kind=troubleshooting\">Questions not solved yet</a></li>")
        .assert_contains("device=modulo\">Modulo</a> <span class=\"count\">1</span>")
        .assert_contains("device=hearth\">Hearth</a> <span class=\"count\">1</span>");

        // A device includes everything below it.
        let page = visitor.get("/search?q=fan&device=modulo").await;
        page.assert_contains("1 thread found")
            .assert_contains(&format!("href=\"/t/{a}\""));
        // The device counts beside it are one level below the filter.
        page.assert_contains(
            "device=modulo-laptop\">Modulo Laptop</a> <span class=\"count\">1</span>",
        )
        .assert_lacks("device=hearth\">")
        .assert_lacks("device=modulo\">Modulo</a> <span");
        visitor
            .get("/search?q=fan&device=modulo-laptop")
            .await
            .assert_contains("device=modulo-13\">Modulo 13</a> <span class=\"count\">1</span>");
        visitor
            .get("/search?q=fan&device=modulo-13")
            .await
            .assert_contains("1 thread found")
            .assert_lacks("device=modulo-13\">Modulo 13</a> <span");
        let page = visitor.get("/search?q=fan&device=hearth").await;
        page.assert_contains("1 thread found")
            .assert_contains(&format!("href=\"/t/{d}\""));
        visitor
            .get("/search?q=fan&kind=discussion")
            .await
            .assert_contains("1 thread found")
            .assert_contains(&format!("href=\"/t/{b}\""));
        for filter in ["solved=yes", "verified=yes", "path=joint"] {
            let page = visitor.get(&format!("/search?q=fan&{filter}")).await;
            page.assert_contains("1 thread found")
                .assert_contains(&format!("href=\"/t/{a}\""));
        }
        visitor
            .get("/search?q=fan&solved=no")
            .await
            .assert_contains("2 threads found");

        // Words in the accepted answer count, and so do other replies'
        // (the snippet comes from the reply that matched).
        visitor
            .get("/search?q=curve")
            .await
            .assert_contains("1 thread found");
        visitor
            .get("/search?q=xylophone")
            .await
            .assert_contains("1 thread found")
            .assert_contains("<mark>xylophone</mark>");
        visitor
            .get("/search?q=zzyzx")
            .await
            .assert_contains("0 threads found");
        // The last word is a prefix.
        visitor
            .get("/search?q=wash")
            .await
            .assert_contains("2 threads found");
        // Newest first.
        let page = visitor.get("/search?q=fan&sort=newest").await;
        assert!(
            position(&page, &format!("href=\"/t/{d}\""))
                < position(&page, &format!("href=\"/t/{b}\""))
        );

        // The JSON API gives the same answer.
        let json = visitor
            .get("/api/v1/search?q=fan&kind=troubleshooting")
            .await
            .json();
        assert_eq!(json["total"], 2);
        assert_eq!(json["hits"][0]["thread_id"], a);
        assert_eq!(json["hits"][0]["solved"], true);
        assert!(json["hits"][0]["snippet_html"]
            .as_str()
            .unwrap()
            .contains("<mark>"));
        assert_eq!(json["facets"]["solved"][0]["count"], 1);
        let bad = visitor.get("/api/v1/search?q=fan&solved=maybe").await;
        bad.assert_status(400);
        assert_eq!(bad.json()["error"]["code"], "bad_request");

        // Suggestions while typing a title: solved threads only.
        let json = visitor
            .get("/api/v1/suggest?title=loud%20fan%20problem")
            .await
            .json();
        assert_eq!(json["suggestions"][0]["url"], format!("/t/{a}"));
        assert_eq!(json["suggestions"].as_array().unwrap().len(), 1);

        // Edits reach the index at once.
        let opening = admin.db(|conn| {
            fixloop::model::discussion::posts::opening_post(conn, c)
                .unwrap()
                .id
        });
        let asker = admin.visitor().await;
        asker.login("asker_search", crate::common::PASSWORD).await;
        asker
            .post(
                &format!("/posts/{opening}/edit"),
                &[
                    ("title", "Washer leaks water"),
                    ("device", "hearth-washers"),
                    ("body", "The gasket is torn."),
                    ("action", "save"),
                ],
            )
            .await
            .assert_status(303);
        admin.settle().await;
        visitor
            .get("/search?q=gasket")
            .await
            .assert_contains("1 thread found");
        visitor
            .get("/search?q=seal")
            .await
            .assert_contains("0 threads found");

        // PostgreSQL's search_matches, kept by a trigger, agrees with every
        // document after the writes above (new, solved, verified, edited).
        if admin.db_label == "postgres" {
            let documents = admin.count("search_docs");
            assert!(documents >= 4);
            assert_eq!(admin.count("search_matches"), documents);
            assert_eq!(admin.count("search_reply_matches"), documents);
            assert_eq!(
                admin.count(
                    "search_docs d JOIN search_matches m USING (thread_id) \
                     JOIN search_reply_matches r USING (thread_id) \
                     WHERE m.kind = d.kind AND m.solved = d.solved AND m.verified = d.verified \
                       AND m.recovery_path IS NOT DISTINCT FROM d.recovery_path \
                       AND m.device_path IS NOT DISTINCT FROM d.device_path \
                       AND m.firmware_current = d.firmware_current \
                       AND m.last_activity_at = d.last_activity_at \
                       AND m.tsv = search_tsv(d.title, d.devices, d.body, d.grams) \
                       AND r.replies_tsv = search_replies_tsv(d.replies)"
                ),
                documents
            );
        }
    })
    .await;
}

#[actix_web::test]
async fn hostile_and_odd_queries_get_clear_answers() {
    each_engine(|admin| async move {
        forum(&admin).await;
        admin.settle().await;
        let visitor = admin.visitor().await;
        let long = "fan%20".repeat(2600);
        for q in [
            "%22fan%22%20NEAR(loud)%20-sleep",
            "fan*%20OR%20(sleep:loud)",
            "%22%22%22",
            "***",
            "-",
            "NEAR",
            "%27%3B%20DROP%20TABLE%20threads%3B--",
            long.as_str(),
        ] {
            let page = visitor.get(&format!("/search?q={q}")).await;
            page.assert_status(200);
            page.assert_lacks("syntax error")
                .assert_lacks("fts5")
                .assert_lacks("tsquery");
        }
        visitor
            .get("/search?q=***")
            .await
            .assert_contains("Punctuation and operators are ignored");
        visitor
            .get("/search?q=")
            .await
            .assert_status(200)
            .assert_lacks("threads found");
        let common = visitor.get("/search?q=the%20and%20of").await;
        common.assert_status(200);
        // PostgreSQL's full-text search drops stop words; Meilisearch has none.
        if admin.db_label == "postgres" && admin.engine() == "builtin" {
            common.assert_contains("too common");
        }
        visitor
            .get("/search?q=fan&kind=recipes")
            .await
            .assert_status(400)
            .assert_contains("Unknown kind");
        visitor
            .get("/search?q=fan&device=nowhere")
            .await
            .assert_status(400)
            .assert_contains("not in the catalogue");
        visitor
            .get("/search?q=fan&sort=random")
            .await
            .assert_status(400);
        visitor.get("/search?q=fan&page=0").await.assert_status(400);
        visitor
            .get("/search?q=fan&page=99")
            .await
            .assert_status(200)
            .assert_contains("No more results");
        assert_eq!(admin.count("threads"), 4);
    })
    .await;
}

/// An engine that can be switched off, remembering what reached it.
#[derive(Default)]
struct FlakyState {
    up: AtomicBool,
    received: Mutex<Vec<i64>>,
}

struct FlakyEngine(Arc<FlakyState>);

impl ExternalEngine for FlakyEngine {
    fn name(&self) -> &'static str {
        "flaky"
    }

    fn apply<'a>(
        &'a self,
        docs: &'a [SearchDoc],
        _gone: &'a [i64],
    ) -> BoxFuture<'a, anyhow::Result<()>> {
        Box::pin(async move {
            if !self.0.up.load(Ordering::SeqCst) {
                anyhow::bail!("connection refused");
            }
            self.0
                .received
                .lock()
                .unwrap()
                .extend(docs.iter().map(|d| d.thread_id));
            Ok(())
        })
    }

    fn search<'a>(
        &'a self,
        _query: &'a SearchQuery,
    ) -> BoxFuture<'a, anyhow::Result<SearchResults>> {
        Box::pin(async move { anyhow::bail!("connection refused") })
    }
}

#[actix_web::test]
async fn the_outbox_keeps_every_change_while_the_engine_is_down() {
    for db in TestDb::all() {
        let engine = Arc::new(FlakyState::default());
        let app = TestApp::with_search(
            db,
            SearchIndex::new(Engine::External(Box::new(FlakyEngine(engine.clone())))),
        )
        .await;
        app.register("writer_out").await;

        // Engine down: writing still works and the changes wait in the outbox.
        let mut ids = Vec::new();
        for n in 0..3 {
            ids.push(thread_id(
                &app.start_thread(
                    "troubleshooting",
                    &format!("Outbox question number {n}"),
                    "",
                    "Body text",
                )
                .await,
            ));
        }
        app.reply(ids[0], "A reply while the engine is down").await;
        let backlog = app.count("search_outbox");
        assert_eq!(backlog, 4);
        let drained = fixloop::search::outbox::drain_once(&app.state.pool, &app.state.search).await;
        assert!(drained.is_err());
        assert_eq!(app.count("search_outbox"), 4, "nothing is lost");
        assert_eq!(
            app.count("search_outbox WHERE attempts = 1"),
            4,
            "retried later with backoff"
        );
        let health = app.get("/healthz").await.json();
        assert_eq!(health["search"]["engine"], "flaky");
        assert_eq!(health["search"]["reachable"], false);
        assert_eq!(health["search"]["outbox_backlog"], 4);
        // Visitors can still search: the builtin index answers.
        app.get("/search?q=outbox")
            .await
            .assert_contains("3 threads found")
            .assert_contains("built-in index");

        // Engine back (and the backoff elapsed): the backlog drains, nothing missing.
        engine.up.store(true, Ordering::SeqCst);
        app.db(|conn| {
            diesel::update(search_outbox::table)
                .set(search_outbox::next_attempt_at.eq(fixloop::model::now()))
                .execute(conn)
                .unwrap();
        });
        let settled = fixloop::search::outbox::drain_once(&app.state.pool, &app.state.search)
            .await
            .unwrap();
        assert_eq!(settled, 4);
        assert_eq!(app.count("search_outbox"), 0);
        let mut received = engine.received.lock().unwrap().clone();
        received.sort_unstable();
        assert_eq!(received, ids);
        assert_eq!(
            app.get("/healthz").await.json()["search"]["reachable"],
            true
        );
    }
}

#[actix_web::test]
async fn meilisearch_engine_against_a_real_server() {
    let Ok(url) = std::env::var("MEILI_URL") else {
        eprintln!("SKIPPED: meilisearch_engine_against_a_real_server needs MEILI_URL (a running Meilisearch); it was not set.");
        return;
    };
    let key = std::env::var("MEILI_API_KEY").ok();
    // An index of its own on the shared server, deleted at the end.
    let uid = crate::common::meili_test_index();
    let engine = crate::common::meili_engine(&url, key.as_deref(), &uid).await;
    let app = TestApp::on_meili(TestDb::sqlite(), &url, key.as_deref(), &uid, |_| {}).await;
    app.register("meili_writer").await;
    let id = thread_id(
        &app.start_thread(
            "troubleshooting",
            "Meilisearch finds the charger fault",
            "",
            "The charger LED blinks orange.",
        )
        .await,
    );
    while fixloop::search::outbox::drain_once(&app.state.pool, &app.state.search)
        .await
        .unwrap()
        > 0
    {}
    // A typo still finds it.
    let json = app.get("/api/v1/search?q=chargr%20blinks").await.json();
    assert_eq!(json["engine"], "meilisearch");
    assert!(
        json["hits"]
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h["thread_id"] == id),
        "{json}"
    );
    // A rebuild swaps a fresh index in.
    let docs: Vec<SearchDoc> =
        app.db(|conn| vec![fixloop::search::document::build(conn, id).unwrap().unwrap()]);
    let mut batches = vec![docs].into_iter();
    engine.rebuild(|| Ok(batches.next()), |_| {}).await.unwrap();
    let json = app.get("/api/v1/search?q=charger").await.json();
    assert!(
        json["hits"]
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h["thread_id"] == id),
        "{json}"
    );
    engine.delete_indexes().await.unwrap();
}

/// A repeated search reuses its results for FIXLOOP_SEARCH_CACHE_SECONDS even
/// across writes (a busy forum writes every second); 0 searches every time.
/// The kept results are the builtin engine's: Meilisearch answers each search
/// itself, with what the outbox has sent it.
#[actix_web::test]
async fn repeated_searches_reuse_results_for_a_few_seconds() {
    for seconds in [60, 0] {
        each_engine_with(
            move |c| c.search_cache_seconds = seconds,
            |app| async move {
                let label = format!("{} on {}", app.engine(), app.db_label);
                app.register("searcher").await;
                let hinge = thread_id(
                    &app.start_thread(
                        "troubleshooting",
                        "Hinge creaks when opening",
                        "",
                        "A creaking hinge.",
                    )
                    .await,
                );
                app.settle().await;
                let first = app.get("/search?q=creaks").await;
                first.assert_contains(&format!("href=\"/t/{hinge}\""));
                let lid = thread_id(
                    &app.start_thread(
                        "troubleshooting",
                        "Lid creaks at an angle",
                        "",
                        "It creaks too.",
                    )
                    .await,
                );
                app.settle().await;
                let again = app.get("/search?q=creaks").await;
                again.assert_status(200);
                assert_eq!(
                    again.body.contains(&format!("href=\"/t/{lid}\"")),
                    seconds == 0 || app.engine() == "meilisearch",
                    "{label} with a cache of {seconds} s"
                );
            },
        )
        .await;
    }
}

/// More hits than a page holds: pages split them without overlap, newest
/// first across pages, and the total counts them all.
#[actix_web::test]
async fn results_come_in_pages() {
    each_engine(|app| async move {
        app.register("pager").await;
        let mut ids = Vec::new();
        for n in 0..23 {
            ids.push(thread_id(
                &app.start_thread(
                    "troubleshooting",
                    &format!("Pagerdrum rattles, case {n}"),
                    "",
                    "The pagerdrum rattles at speed.",
                )
                .await,
            ));
        }
        app.settle().await;
        let mut seen = Vec::new();
        for page in 1..=2 {
            let json = app
                .get(&format!(
                    "/api/v1/search?q=pagerdrum&sort=newest&page={page}"
                ))
                .await
                .json();
            assert_eq!(json["total"], 23, "{json}");
            assert_eq!(json["per_page"], 20);
            let hits: Vec<i64> = json["hits"]
                .as_array()
                .unwrap()
                .iter()
                .map(|h| h["thread_id"].as_i64().unwrap())
                .collect();
            assert_eq!(hits.len(), if page == 1 { 20 } else { 3 }, "{json}");
            seen.extend(hits);
        }
        // Newest first: the reverse of the order they were written in.
        let mut newest_first = ids.clone();
        newest_first.reverse();
        assert_eq!(seen, newest_first, "on {}", app.engine());
        let page = app.get("/search?q=pagerdrum&page=2").await;
        page.assert_status(200).assert_contains("23 threads found");
        app.get("/search?q=pagerdrum&page=3")
            .await
            .assert_contains("No more results");
    })
    .await;
}

/// Several app servers drain one outbox: a worker leases the rows it sends,
/// and no other worker takes a row of the same thread until they are
/// settled (or the lease runs out: the worker died), so an older document
/// built by one never lands after a newer one built by another.
#[actix_web::test]
async fn a_thread_is_sent_by_one_worker_at_a_time() {
    use fixloop::search::outbox;
    for db in TestDb::all() {
        let label = db.label;
        let app = TestApp::new(db).await;
        app.register("lease_writer").await;
        let a = thread_id(
            &app.start_thread("troubleshooting", "Lease one", "", "Body.")
                .await,
        );
        let b = thread_id(
            &app.start_thread("troubleshooting", "Lease two", "", "Body.")
                .await,
        );
        app.db(|conn| {
            diesel::delete(search_outbox::table).execute(conn).unwrap();
            outbox::enqueue(conn, a).unwrap();
            outbox::enqueue(conn, b).unwrap();
        });
        let now = fixloop::model::now() + chrono::Duration::seconds(1);
        // Worker one takes thread a's row.
        let one = app.db(|conn| outbox::claim(conn, now, 1).unwrap());
        assert_eq!(
            one.iter().map(|r| r.thread_id).collect::<Vec<_>>(),
            [a],
            "{label}"
        );
        // Thread a changes again while worker one sends it.
        app.db(|conn| outbox::enqueue(conn, a).unwrap());
        let later = now + chrono::Duration::seconds(1);
        // Worker two takes b, not a's newer row: a is worker one's.
        let two = app.db(|conn| outbox::claim(conn, later, 10).unwrap());
        assert_eq!(
            two.iter().map(|r| r.thread_id).collect::<Vec<_>>(),
            [b],
            "{label}"
        );
        assert!(
            app.db(|conn| outbox::claim(conn, later, 10).unwrap())
                .is_empty(),
            "{label}: nothing left to take"
        );
        // Worker one died: once its lease has run out, both of a's rows are taken.
        let much_later = now + chrono::Duration::seconds(302);
        let three = app.db(|conn| outbox::claim(conn, much_later, 10).unwrap());
        let mut threads: Vec<i64> = three.iter().map(|r| r.thread_id).collect();
        threads.sort_unstable();
        assert_eq!(threads, [a, a, b], "{label}: every lease ran out");
    }
}
