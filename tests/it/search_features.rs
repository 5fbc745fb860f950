//! Issue 14's search features through HTTP: synonyms staff can extend (both
//! engines), highlighted titles (both engines), and on Meilisearch typo
//! tolerance and facet counts from the engine itself.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use fixloop::model::accounts::users::Role;
use fixloop::search::document::SearchDoc;
use fixloop::search::synonyms::SynonymSync;
use fixloop::search::{BoxFuture, Engine, ExternalEngine, SearchIndex, SearchQuery, SearchResults};

use crate::common::{each_db, each_engine, thread_id, Page, TestApp, TestDb};

/// What the outbox worker does on its next round: the engine gets the
/// synonyms the database has, and every change.
async fn worker_round(app: &TestApp) {
    SynonymSync::default()
        .run_once(&app.state.pool, &app.state.search)
        .await
        .unwrap_or_else(|e| panic!("the synonyms do not reach the engine: {e:#}"));
    app.settle().await;
}

fn finds(page: &Page, thread: i64) -> bool {
    page.body.contains(&format!("href=\"/t/{thread}\""))
}

async fn staff(app: &TestApp) -> TestApp {
    let staff = app.visitor().await;
    staff.register_as("syn_staff", Role::Staff).await;
    staff
}

#[actix_web::test]
async fn staff_add_synonyms_and_both_engines_use_them() {
    each_engine(|app| async move {
        let staff = staff(&app).await;
        let writer = app.visitor().await;
        writer.register("syn_writer").await;
        let pivot = thread_id(
            &writer
                .start_thread(
                    "troubleshooting",
                    "Lid wobbles when typing",
                    "",
                    "The left pivot is loose and the screen shakes.",
                )
                .await,
        );
        let board = thread_id(
            &writer
                .start_thread(
                    "troubleshooting",
                    "No power after a spill",
                    "",
                    "I think the logic board is dead.",
                )
                .await,
        );
        worker_round(&app).await;
        let visitor = app.visitor().await;
        // The starter vocabulary: "mainboard" finds the thread that only says "logic board".
        let page = visitor.get("/search?q=mainboard").await;
        page.assert_status(200);
        assert!(finds(&page, board), "{} on {}", app.engine(), app.db_label);
        // FTS5 marks the phrase, PostgreSQL and Meilisearch its words.
        assert!(
            page.body.contains("<mark>logic board</mark>")
                || page.body.contains("<mark>logic</mark> <mark>board</mark>"),
            "{}",
            page.body
        );
        page.assert_lacks("Lid wobbles");
        // … and a phrase of the group finds the single word, and the other way round.
        assert!(finds(&visitor.get("/search?q=motherboard%20dead").await, board));

        // Nothing links "hinge" to "pivot" yet.
        assert!(!finds(&visitor.get("/search?q=hinge").await, pivot));
        let page = staff.get("/staff/synonyms").await;
        page.assert_status(200)
            .assert_contains("mainboard")
            .assert_contains("name=\"csrf_token\"");
        let added = staff
            .post("/staff/synonyms", &[("terms", "Hinge, pivot ,LID-joint")])
            .await;
        added.assert_status(303);
        assert!(added.location().starts_with("/staff/synonyms#group-"));
        staff
            .get("/staff/synonyms")
            .await
            .assert_contains("<span class=\"synonym-term\">hinge</span>, <span class=\"synonym-term\">lid joint</span>, <span class=\"synonym-term\">pivot</span>");
        worker_round(&app).await;
        let page = visitor.get("/search?q=hinge").await;
        assert!(
            finds(&page, pivot),
            "{} on {}: {}",
            app.engine(),
            app.db_label,
            page.body
        );
        page.assert_contains("<mark>pivot</mark>");
        assert!(finds(&visitor.get("/search?q=lid%20joint").await, pivot));
        let json = visitor.get("/api/v1/search?q=hinge").await.json();
        assert_eq!(json["hits"][0]["thread_id"], pivot, "{json}");

        // The audit log says who did it.
        staff
            .get("/staff/audit?action=add_synonyms")
            .await
            .assert_contains("hinge, lid joint, pivot")
            .assert_contains("syn_staff");

        // Removing the group takes it out of search again.
        let group: i64 = added.location().rsplit('-').next().unwrap().parse().unwrap();
        staff
            .post(&format!("/staff/synonyms/{group}/remove"), &[])
            .await
            .assert_status(303);
        worker_round(&app).await;
        assert!(!finds(&visitor.get("/search?q=hinge").await, pivot));
        staff
            .get("/staff/audit?action=remove_synonyms")
            .await
            .assert_contains("hinge, lid joint, pivot");
        staff
            .post(&format!("/staff/synonyms/{group}/remove"), &[])
            .await
            .assert_status(404);
    })
    .await;
}

/// Threads whose words PostgreSQL finds with this tsquery (0 on SQLite).
fn pg_matches(app: &TestApp, tsquery: &str) -> i64 {
    if app.db_label != "postgres" {
        return 0;
    }
    app.count(&format!(
        "search_matches WHERE tsv @@ to_tsquery('english', '{tsquery}')"
    ))
}

#[actix_web::test]
async fn synonym_phrases_are_found_by_their_tag_once_tagged() {
    // Every search reaches the engine (no results kept between them).
    for db in TestDb::all() {
        let app = TestApp::with_config(db, |c: &mut fixloop::config::Config| {
            c.search_cache_seconds = 0
        })
        .await;
        let writer = app.visitor().await;
        writer.register("tag_writer").await;
        let post = |title: &'static str, body: &'static str| {
            let writer = &writer;
            async move {
                thread_id(
                    &writer
                        .start_thread("troubleshooting", title, "", body)
                        .await,
                )
            }
        };
        let phrase = post("Dead after a storm", "My power adapter gives nothing.").await;
        let apart = post("Flickers", "The power of the old adapter is low.").await;
        app.settle().await;
        let visitor = app.visitor().await;
        let charger = || visitor.get("/search?q=charger");
        // Before the worker tags the phrases: found by the words' positions.
        let page = charger().await;
        assert!(
            finds(&page, phrase) && !finds(&page, apart),
            "{}",
            page.body
        );

        let pg = app.db_label == "postgres";
        let tagged = app.db(|conn| fixloop::search::builtin::tag_phrases(conn).unwrap());
        let seeded = app.count("synonym_terms WHERE term LIKE '% %'");
        assert_eq!(tagged as i64, if pg { seeded } else { 0 });
        if pg {
            assert_eq!(app.count("search_phrase_tags"), seeded);
            // The phrase, not the words apart, carries the tag.
            assert_eq!(pg_matches(&app, "fxphrase5power7adapter"), 1);
        }
        // Nothing left to tag.
        assert_eq!(
            app.db(|conn| fixloop::search::builtin::tag_phrases(conn).unwrap()),
            0
        );
        let page = charger().await;
        assert!(
            finds(&page, phrase) && !finds(&page, apart),
            "{}",
            page.body
        );
        // The snippet still marks the phrase's words (FTS5 the phrase whole).
        assert!(
            page.body
                .contains("<mark>power</mark> <mark>adapter</mark>")
                || page.body.contains("<mark>power adapter</mark>"),
            "{}",
            page.body
        );
        // A thread written from now on is tagged as it is written.
        let later = post("Swollen", "The ac adapter is swollen.").await;
        app.settle().await;
        assert!(finds(&charger().await, later));
        if pg {
            assert_eq!(pg_matches(&app, "fxphrase2ac7adapter"), 1);
        }

        // A phrase staff add later: found by positions at once, tagged by
        // the worker, and no longer listed once removed.
        let staff = staff(&app).await;
        let added = staff
            .post("/staff/synonyms", &[("terms", "wall wart, plug pack")])
            .await;
        added.assert_status(303);
        let wart = post("Hot plug", "The plug pack gets hot.").await;
        let older = phrase;
        app.settle().await;
        assert!(finds(&visitor.get("/search?q=wall%20wart").await, wart));
        assert!(!finds(&visitor.get("/search?q=wall%20wart").await, older));
        assert_eq!(
            app.db(|conn| fixloop::search::builtin::tag_phrases(conn).unwrap()),
            if pg { 2 } else { 0 }
        );
        assert!(finds(&visitor.get("/search?q=wall%20wart").await, wart));
        if pg {
            assert_eq!(pg_matches(&app, "fxphrase4plug4pack"), 1);
            assert_eq!(app.count("search_phrase_tags WHERE term = 'plug pack'"), 1);
        }
        let group = added
            .location()
            .trim_start_matches("/staff/synonyms#group-")
            .to_owned();
        staff
            .post(&format!("/staff/synonyms/{group}/remove"), &[])
            .await
            .assert_status(303);
        assert_eq!(app.count("synonym_terms WHERE term = 'plug pack'"), 0);
        if pg {
            assert_eq!(app.count("search_phrase_tags WHERE term = 'plug pack'"), 0);
        }
        assert!(!finds(&visitor.get("/search?q=wall%20wart").await, wart));
    }
}

#[actix_web::test]
async fn only_staff_change_synonyms() {
    each_db(|app| async move {
        let member = app.visitor().await;
        member.register("syn_member").await;
        let groups = app.count("synonym_groups");
        member.get("/staff/synonyms").await.assert_status(403);
        member
            .post("/staff/synonyms", &[("terms", "hinge, pivot")])
            .await
            .assert_status(403);
        member
            .post("/staff/synonyms/1/remove", &[])
            .await
            .assert_status(403);
        let visitor = app.visitor().await;
        let page = visitor.get("/staff/synonyms").await;
        page.assert_status(303);
        assert!(page.location().starts_with("/login"));
        visitor
            .post("/staff/synonyms", &[("terms", "hinge, pivot")])
            .await
            .assert_status(401);
        assert_eq!(app.count("synonym_groups"), groups);
        assert_eq!(app.count("synonym_terms WHERE term = 'hinge'"), 0);
        assert_eq!(app.count("audit_log"), 0);
        // Not even a word about it to members.
        member.get("/").await.assert_lacks("/staff/synonyms");
    })
    .await;
}

#[actix_web::test]
async fn bad_synonyms_are_refused_with_the_text_kept() {
    each_db(|app| async move {
        let staff = staff(&app).await;
        let groups = app.count("synonym_groups");
        let many = (1..=11)
            .map(|n| format!("word{n}"))
            .collect::<Vec<_>>()
            .join(", ");
        let long = format!("{}, short", "x".repeat(70));
        let wordy = "one two three four five, six".to_owned();
        let cases: Vec<(String, &str)> = vec![
            ("   ".into(), "Give the terms that mean the same thing"),
            ("hinge".into(), "at least two different terms"),
            ("hinge, HINGE".into(), "at least two different terms"),
            (many.clone(), "at most 10 terms"),
            (long.clone(), "is too long"),
            (wordy.clone(), "more than 4 words"),
            (
                "Mobo, mother plank".into(),
                "“mobo” is already in the group",
            ),
            ("x, ".repeat(400), "under 1000 characters"),
        ];
        for (terms, message) in &cases {
            let page = staff.post("/staff/synonyms", &[("terms", terms)]).await;
            page.assert_status(422).assert_contains(message);
            // What was typed is in the field again, as typed.
            page.assert_contains(&format!("value=\"{terms}\""))
                .assert_contains("aria-invalid=\"true\"");
        }
        assert_eq!(app.count("synonym_groups"), groups);
        assert_eq!(app.count("audit_log"), 0);
    })
    .await;
}

#[actix_web::test]
async fn titles_show_the_matched_words_and_stay_escaped() {
    each_engine(|app| async move {
        let writer = app.visitor().await;
        writer.register("title_writer").await;
        let hostile = thread_id(
            &writer
                .start_thread(
                    "troubleshooting",
                    "Fan <script>alert(1)</script> & \"noise\" <b>bold</b>",
                    "",
                    "The cooler whirs at night.",
                )
                .await,
        );
        let plain = thread_id(
            &writer
                .start_thread(
                    "discussion",
                    "Quiet keyboards",
                    "",
                    "Which fan is quiet?",
                )
                .await,
        );
        app.settle().await;
        let visitor = app.visitor().await;
        let page = visitor.get("/search?q=fan").await;
        page.assert_status(200);
        assert!(finds(&page, hostile) && finds(&page, plain));
        // The word in the title is marked; the rest of the title is text.
        page.assert_contains("<mark>Fan</mark> &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;noise&quot; &lt;b&gt;bold&lt;/b&gt;</a>")
            .assert_lacks("<script>alert")
            .assert_lacks("<b>bold");
        // A title without the word is shown as it is, unmarked.
        page.assert_contains(">Quiet keyboards</a>");
        // A word only in the title, and words inside the markup, are marked safely.
        let page = visitor.get("/search?q=script").await;
        page.assert_lacks("<script>");
        // (PostgreSQL's parser reads `<script>` as a tag, not as a word.)
        if !(app.engine() == "builtin" && app.db_label == "postgres") {
            page.assert_contains("<mark>script</mark>&gt;");
        }
        let json = visitor.get("/api/v1/search?q=noise").await.json();
        let title = json["hits"][0]["title_html"].as_str().unwrap_or_default();
        assert!(
            title.contains("<mark>noise</mark>") && !title.contains("<script>"),
            "{} on {}: {json}",
            app.engine(),
            app.db_label
        );
        assert!(json["hits"][0]["title"]
            .as_str()
            .unwrap()
            .contains("<script>"));
    })
    .await;
}

/// Meilisearch's typo tolerance, as configured for our documents.
#[actix_web::test]
async fn typos_find_the_thread_on_meilisearch() {
    each_engine(|app| async move {
        let writer = app.visitor().await;
        writer.register("typo_writer").await;
        let battery = thread_id(
            &writer
                .start_thread(
                    "troubleshooting",
                    "Battery drains overnight",
                    "",
                    "It loses half its charge while asleep.",
                )
                .await,
        );
        app.settle().await;
        let visitor = app.visitor().await;
        let page = visitor.get("/search?q=baterry").await;
        page.assert_status(200);
        if app.engine() != "meilisearch" {
            // The builtin engine corrects the word from the index's
            // vocabulary (and stems: "batteries" finds it too).
            assert!(finds(&page, battery), "{}", page.body);
            page.assert_contains("Showing results for <strong>battery</strong>");
            assert!(finds(&visitor.get("/search?q=batteries").await, battery));
            return;
        }
        assert!(finds(&page, battery), "{}", page.body);
        page.assert_contains("<mark>Battery</mark> drains overnight");
        for q in ["batery", "battry", "baterry%20drians", "overnigth"] {
            assert!(
                finds(&visitor.get(&format!("/search?q={q}")).await, battery),
                "{q}"
            );
        }
        // Numbers are not "corrected": another model number is another thing.
        assert_eq!(
            visitor.get("/api/v1/search?q=a1466").await.json()["total"],
            0
        );
    })
    .await;
}

/// With Meilisearch the counts beside the filters are Meilisearch's
/// facetDistribution, not the builtin index's.
#[actix_web::test]
async fn facet_counts_come_from_meilisearch() {
    each_engine(|app| async move {
        if app.engine() != "meilisearch" {
            return;
        }
        let writer = app.visitor().await;
        writer.register("facet_writer").await;
        let mut ids = Vec::new();
        for (kind, title) in [
            ("troubleshooting", "Fan rattles at boot"),
            ("troubleshooting", "Fan never stops"),
            ("discussion", "Best fan grease"),
        ] {
            ids.push(thread_id(
                &writer.start_thread(kind, title, "", "About the fan.").await,
            ));
        }
        app.settle().await;
        let visitor = app.visitor().await;
        let json = visitor.get("/api/v1/search?q=fan").await.json();
        assert_eq!(json["engine"], "meilisearch");
        assert_eq!(json["total"], 3);
        let kinds = |json: &serde_json::Value| -> Vec<(String, u64)> {
            json["facets"]["kind"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| {
                    (
                        f["value"].as_str().unwrap().to_owned(),
                        f["count"].as_u64().unwrap(),
                    )
                })
                .collect()
        };
        assert_eq!(
            kinds(&json),
            [
                ("troubleshooting".to_owned(), 2),
                ("discussion".to_owned(), 1)
            ]
        );
        // Tell Meilisearch (only) that one thread is a guide: the counts follow it.
        let mut doc: SearchDoc = app.db(|conn| {
            fixloop::search::document::build(conn, ids[0])
                .unwrap()
                .unwrap()
        });
        doc.kind = "guide".into();
        app.state.search.apply(&[doc], &[]).await.unwrap();
        let json = visitor.get("/api/v1/search?q=fan").await.json();
        assert_eq!(
            kinds(&json),
            [
                ("discussion".to_owned(), 1),
                ("guide".to_owned(), 1),
                ("troubleshooting".to_owned(), 1)
            ],
            "{json}"
        );
        let page = visitor.get("/search?q=fan").await;
        page.assert_contains("kind=guide\">").assert_contains(
            "kind=troubleshooting\">Troubleshooting question</a> <span class=\"count\">1</span>",
        );
    })
    .await;
}

/// An engine that records the synonyms it is given, and can be down.
#[derive(Default)]
struct Recorder {
    up: AtomicBool,
    synonyms: Mutex<Option<Vec<Vec<String>>>>,
    pushes: Mutex<usize>,
}

struct RecordingEngine(Arc<Recorder>);

impl ExternalEngine for RecordingEngine {
    fn name(&self) -> &'static str {
        "recording"
    }

    fn apply<'a>(
        &'a self,
        _docs: &'a [SearchDoc],
        _gone: &'a [i64],
    ) -> BoxFuture<'a, anyhow::Result<()>> {
        Box::pin(async { Ok(()) })
    }

    fn search<'a>(
        &'a self,
        _query: &'a SearchQuery,
    ) -> BoxFuture<'a, anyhow::Result<SearchResults>> {
        Box::pin(async { anyhow::bail!("not searched here") })
    }

    fn sync_synonyms<'a>(
        &'a self,
        groups: &'a [Vec<String>],
    ) -> BoxFuture<'a, anyhow::Result<bool>> {
        Box::pin(async move {
            if !self.0.up.load(Ordering::SeqCst) {
                anyhow::bail!("connection refused");
            }
            let mut held = self.0.synonyms.lock().unwrap();
            if held.as_deref() == Some(groups) {
                return Ok(false);
            }
            *held = Some(groups.to_vec());
            *self.0.pushes.lock().unwrap() += 1;
            Ok(true)
        })
    }
}

/// A change of the synonyms reaches the engine even when it is down at the
/// time: the database keeps the truth and the worker retries.
#[actix_web::test]
async fn synonym_changes_reach_an_engine_that_was_down() {
    for db in TestDb::all() {
        let recorder = Arc::new(Recorder::default());
        let app = TestApp::with_search(
            db,
            SearchIndex::new(Engine::External(Box::new(RecordingEngine(
                recorder.clone(),
            )))),
        )
        .await;
        let staff = staff(&app).await;
        recorder.up.store(true, Ordering::SeqCst);
        let mut sync = SynonymSync::default();
        // At start-up: the starter vocabulary.
        assert!(sync
            .run_once(&app.state.pool, &app.state.search)
            .await
            .unwrap());
        let held = recorder.synonyms.lock().unwrap().clone().unwrap();
        assert!(held.iter().any(|g| g.contains(&"logic board".to_owned())));
        // Nothing changed: nothing sent.
        assert!(!sync
            .run_once(&app.state.pool, &app.state.search)
            .await
            .unwrap());
        assert_eq!(*recorder.pushes.lock().unwrap(), 1);

        recorder.up.store(false, Ordering::SeqCst);
        staff
            .post("/staff/synonyms", &[("terms", "hinge, pivot")])
            .await
            .assert_status(303);
        assert!(sync
            .run_once(&app.state.pool, &app.state.search)
            .await
            .is_err());
        recorder.up.store(true, Ordering::SeqCst);
        // It backs off a little, then tries again.
        assert!(!sync
            .run_once(&app.state.pool, &app.state.search)
            .await
            .unwrap());
        actix_web::rt::time::sleep(std::time::Duration::from_millis(2100)).await;
        assert!(sync
            .run_once(&app.state.pool, &app.state.search)
            .await
            .unwrap());
        let held = recorder.synonyms.lock().unwrap().clone().unwrap();
        assert!(held.contains(&vec!["hinge".to_owned(), "pivot".to_owned()]));
        // A worker that starts afresh (another server, a restart) sends the same.
        let mut fresh = SynonymSync::default();
        assert!(!fresh
            .run_once(&app.state.pool, &app.state.search)
            .await
            .unwrap());
    }
}
