//! Hidden means hidden everywhere: hiding a thread's opening post withdraws
//! everything that belongs to the thread (guide steps and details, the
//! part-swap report, history pages, search, the JSON API) from everyone but
//! staff; staff can hide a single guide step too.

use std::sync::{Arc, Mutex};

use diesel::prelude::*;
use fixloop::db::schema::users;
use fixloop::model::accounts::users::Role;
use fixloop::search::document::SearchDoc;
use fixloop::search::query::Hit;
use fixloop::search::{BoxFuture, Engine, ExternalEngine, SearchIndex, SearchQuery, SearchResults};

use crate::common::{each_db, each_engine, thread_id, TestApp, TestDb};

fn set_reputation(app: &TestApp, name: &str, points: i32) {
    let key = name.to_lowercase();
    app.db(move |conn| {
        diesel::update(users::table.filter(users::username_key.eq(key)))
            .set(users::reputation.eq(points))
            .execute(conn)
            .unwrap();
    });
}

fn opening_post(app: &TestApp, thread: i64) -> i64 {
    app.db(|conn| {
        fixloop::model::discussion::posts::opening_post(conn, thread)
            .unwrap()
            .id
    })
}

fn step_ids(app: &TestApp, guide: i64) -> Vec<i64> {
    app.db(|conn| {
        fixloop::model::knowledge::guides::steps(conn, guide)
            .unwrap()
            .into_iter()
            .map(|s| s.id)
            .collect()
    })
}

async fn add_step(app: &TestApp, guide: i64, title: &str, body: &str) {
    app.post(
        &format!("/t/{guide}/steps"),
        &[
            ("title", title),
            ("body", body),
            ("caution", ""),
            ("note", ""),
            ("position", ""),
        ],
    )
    .await
    .assert_status(303);
}

/// A guide with details and two steps, each with words found nowhere else.
async fn guide(author: &TestApp) -> (i64, String) {
    let url = author
        .start_thread(
            "guide",
            "Reseat the ribbon of the Modulo keyboard",
            "",
            "Introduction: the quokkaintro method.",
        )
        .await;
    let id = thread_id(&url);
    author
        .post(
            &format!("/t/{id}/guide/edit"),
            &[
                ("difficulty", "easy"),
                ("time_min", "10"),
                ("time_max", "20"),
                ("tools", "Pentalobe driver"),
                ("parts", "Ribbon clip"),
                ("prerequisites", ""),
                ("conclusion", "Finally the numbatconclusion check."),
            ],
        )
        .await
        .assert_status(303);
    add_step(
        author,
        id,
        "Lift the wombat latch",
        "Pry the latch gently: wombatstep.",
    )
    .await;
    add_step(
        author,
        id,
        "Seat the platypus ribbon",
        "Push the ribbon home: platypusstep.",
    )
    .await;
    (id, url)
}

/// Whether an HTML search and the search API find a thread by some words,
/// once the search engine has heard of every change. What is not found then
/// was not found before either: an engine fed by the outbox (Meilisearch)
/// never shows a withdrawn thread while the change is on its way.
async fn found(app: &TestApp, words: &str, thread: i64) -> (bool, bool) {
    let before = found_now(app, words, thread, false).await;
    app.settle().await;
    let after = found_now(app, words, thread, true).await;
    if !after.0 {
        assert!(
            !before.0,
            "{words}: the page listed {thread} before the engine heard"
        );
    }
    if !after.1 {
        assert!(
            !before.1,
            "{words}: the API listed {thread} before the engine heard"
        );
    }
    after
}

/// With `settled`, the answer must come from the app's own engine (before,
/// the builtin index may answer for an engine that has not heard yet).
async fn found_now(app: &TestApp, words: &str, thread: i64, settled: bool) -> (bool, bool) {
    let page = app.get(&format!("/search?q={words}")).await;
    page.assert_status(200);
    assert!(page.body.contains("found"), "{}", page.body);
    let html = page.body.contains(&format!("href=\"/t/{thread}\""));
    let json = app.get(&format!("/api/v1/search?q={words}")).await.json();
    if settled {
        assert_eq!(json["engine"], app.engine(), "{json}");
    }
    let api = json["hits"]
        .as_array()
        .unwrap()
        .iter()
        .any(|h| h["thread_id"] == thread);
    (html, api)
}

fn api_lists(app_json: &serde_json::Value, thread: i64) -> bool {
    app_json["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t["id"] == thread)
}

#[actix_web::test]
async fn hiding_a_guides_opening_post_withdraws_the_whole_guide() {
    each_engine(|staff| async move {
        staff.register_as("staff_hider", Role::Staff).await;
        let author = staff.visitor().await;
        author.register("guide_writer_h").await;
        let member = staff.visitor().await;
        member.register("reader_member").await;
        let visitor = staff.visitor().await;
        let (id, url) = guide(&author).await;
        let reply = member.reply(id, "Thanks, the latch was stiff.").await;
        let opening = opening_post(&staff, id);

        // Before: everyone reads it and finds it, and the searches are kept.
        visitor
            .get(&url)
            .await
            .assert_contains("wombatstep")
            .assert_contains("numbatconclusion");
        assert_eq!(found(&visitor, "wombatstep", id).await, (true, true));
        assert_eq!(found(&visitor, "quokkaintro", id).await, (true, true));
        assert!(api_lists(&visitor.get("/api/v1/threads").await.json(), id));
        let link = format!("href=\"/t/{id}/");
        for list in ["/", "/?kind=guide", "/u/guide_writer_h"] {
            visitor.get(list).await.assert_contains(&link);
        }

        staff
            .post(
                &format!("/posts/{opening}/hide"),
                &[("reason", "copied from a paid manual")],
            )
            .await
            .assert_status(303);

        // A visitor, another member and the author see the notice, nothing of the guide.
        for reader in [&visitor, &member, &author] {
            let page = reader.get(&url).await;
            page.assert_status(200)
                .assert_contains("This post is hidden: copied from a paid manual")
                .assert_contains("Thanks, the latch was stiff.")
                .assert_lacks("quokkaintro")
                .assert_lacks("wombat")
                .assert_lacks("platypus")
                .assert_lacks("numbatconclusion")
                .assert_lacks("Pentalobe driver")
                .assert_lacks("Ribbon clip")
                .assert_lacks("id=\"steps\"");
            reader
                .get(&format!("/t/{id}/steps/history"))
                .await
                .assert_status(404);
            reader
                .get(&format!("/posts/{opening}/history"))
                .await
                .assert_status(404);
            reader
                .get(&format!("/posts/{reply}/history"))
                .await
                .assert_status(404);
            // The same searches, within the seconds results are kept: gone.
            assert_eq!(found(reader, "wombatstep", id).await, (false, false));
            assert_eq!(found(reader, "quokkaintro", id).await, (false, false));
            assert_eq!(found(reader, "platypus+ribbon", id).await, (false, false));
        }
        // In no list, for staff neither: lists are public pages.
        for reader in [&visitor, &staff] {
            for list in ["/", "/?kind=guide", "/u/guide_writer_h"] {
                reader.get(list).await.assert_lacks(&link);
            }
        }
        // The API: not listed, no detail on any page.
        assert!(!api_lists(&visitor.get("/api/v1/threads").await.json(), id));
        assert!(!api_lists(
            &visitor.get("/api/v1/threads?kind=guide").await.json(),
            id
        ));
        let detail = visitor.get(&format!("/api/v1/threads/{id}")).await;
        detail.assert_status(404).assert_lacks("quokkaintro");
        assert_eq!(detail.json()["error"]["code"], "not_found");
        visitor
            .get(&format!("/api/v1/threads/{id}?page=1"))
            .await
            .assert_status(404);
        // Gone from the builtin index, and an outbox row tells an external engine.
        assert_eq!(
            staff.count(&format!("search_docs WHERE thread_id = {id}")),
            0
        );
        // (On an external engine, found() has waited for it to be sent.)
        if staff.engine() == "builtin" {
            assert!(staff.count(&format!("search_outbox WHERE thread_id = {id}")) > 0);
        } else {
            assert_eq!(staff.count("search_outbox"), 0);
        }

        // Staff still see everything, marked as hidden.
        staff
            .get(&url)
            .await
            .assert_contains("This post is hidden: copied from a paid manual")
            .assert_contains("The opening post is hidden, so the whole guide is")
            .assert_contains("quokkaintro")
            .assert_contains("wombatstep")
            .assert_contains("numbatconclusion")
            .assert_contains("Pentalobe driver");
        staff
            .get(&format!("/t/{id}/steps/history"))
            .await
            .assert_status(200)
            .assert_contains("opening post is hidden: this history is shown to staff only")
            .assert_contains("wombatstep");
        staff
            .get(&format!("/posts/{opening}/history"))
            .await
            .assert_status(200)
            .assert_contains("Its history is shown to staff only");

        // Unhidden: all of it comes back, the kept searches too.
        staff
            .post(&format!("/posts/{opening}/unhide"), &[])
            .await
            .assert_status(303);
        visitor
            .get(&url)
            .await
            .assert_contains("quokkaintro")
            .assert_contains("wombatstep")
            .assert_contains("numbatconclusion")
            .assert_lacks("This post is hidden");
        assert_eq!(found(&visitor, "wombatstep", id).await, (true, true));
        assert!(api_lists(&visitor.get("/api/v1/threads").await.json(), id));
        visitor
            .get(&format!("/api/v1/threads/{id}"))
            .await
            .assert_status(200)
            .assert_contains("quokkaintro");
        visitor
            .get(&format!("/t/{id}/steps/history"))
            .await
            .assert_status(200);
        visitor
            .get(&format!("/posts/{reply}/history"))
            .await
            .assert_status(200);
    })
    .await;
}

#[actix_web::test]
async fn a_hidden_part_swap_report_shows_no_details_and_counts_as_no_evidence() {
    each_db(|staff| async move {
        staff.register_as("staff_swaps", Role::Staff).await;
        let admin = staff.visitor().await;
        admin.register_as("admin_swaps", Role::Admin).await;
        admin
            .add_devices(&[("Tabby", "maker", ""), ("Tabby Two", "model", "tabby")])
            .await;
        staff
            .post(
                "/parts/new",
                &[("name", "Charge port board"), ("fits", "tabby-two")],
            )
            .await
            .assert_status(303);
        let reporter = staff.visitor().await;
        reporter.register("swap_reporter").await;
        let url = reporter
            .post(
                "/threads/new",
                &[
                    ("kind", "part_swap"),
                    ("title", "Charge port board in the Tabby Two"),
                    ("device", "tabby-two"),
                    ("part", "charge-port-board"),
                    ("outcome", "works"),
                    ("caveats", "Had to bend the cassowarytab"),
                    ("body", "It went in after the emuword trick."),
                    ("action", "post"),
                ],
            )
            .await
            .location();
        let id = thread_id(&url);
        let visitor = staff.visitor().await;
        // The matrix links its evidence as "#id".
        let evidence = format!(">#{id}</a>");
        visitor
            .get(&url)
            .await
            .assert_contains("cassowarytab")
            .assert_contains("id=\"swap-confirmed\"");
        visitor
            .get("/parts/charge-port-board")
            .await
            .assert_contains(&evidence);
        visitor
            .get("/devices/tabby")
            .await
            .assert_contains("Part swaps reported by members")
            .assert_contains(&evidence);
        assert_eq!(found(&visitor, "emuword", id).await, (true, true));

        let opening = opening_post(&staff, id);
        staff
            .post(
                &format!("/posts/{opening}/hide"),
                &[("reason", "fake report")],
            )
            .await
            .assert_status(303);
        let page = visitor.get(&url).await;
        page.assert_contains("This post is hidden: fake report")
            .assert_lacks("cassowarytab")
            .assert_lacks("emuword")
            .assert_lacks("id=\"swap\"")
            .assert_lacks("id=\"swap-confirmed\"");
        visitor
            .get("/parts/charge-port-board")
            .await
            .assert_lacks(&evidence)
            .assert_contains("No part-swap reports yet");
        visitor.get("/devices/tabby").await.assert_lacks(&evidence);
        assert_eq!(found(&visitor, "emuword", id).await, (false, false));
        visitor
            .get(&format!("/api/v1/threads/{id}"))
            .await
            .assert_status(404);
        staff
            .get(&url)
            .await
            .assert_contains("cassowarytab")
            .assert_contains("counts as no evidence");

        staff
            .post(&format!("/posts/{opening}/unhide"), &[])
            .await
            .assert_status(303);
        visitor.get(&url).await.assert_contains("cassowarytab");
        visitor
            .get("/parts/charge-port-board")
            .await
            .assert_contains(&evidence);
        assert_eq!(found(&visitor, "emuword", id).await, (true, true));
    })
    .await;
}

#[actix_web::test]
async fn a_question_whose_opening_post_is_hidden_leaves_search_and_the_api() {
    each_engine(|staff| async move {
        staff.register_as("staff_question", Role::Staff).await;
        let asker = staff.visitor().await;
        asker.register("asker_hidden").await;
        let url = asker
            .start_thread(
                "troubleshooting",
                "Dingowhine from the fan",
                "",
                "The fan makes a dingowhine at boot.",
            )
            .await;
        let id = thread_id(&url);
        let visitor = staff.visitor().await;
        assert_eq!(found(&visitor, "dingowhine", id).await, (true, true));

        // Hidden through three trusted members' flags (no staff involved).
        let opening = opening_post(&staff, id);
        for name in ["flagger_a", "flagger_b", "flagger_c"] {
            let member = staff.visitor().await;
            member.register(name).await;
            set_reputation(&staff, name, 50);
            member
                .post(&format!("/posts/{opening}/flag"), &[("reason", "spam")])
                .await
                .assert_status(303);
        }
        visitor
            .get(&url)
            .await
            .assert_contains("waiting for staff review")
            .assert_lacks("makes a dingowhine");
        assert_eq!(found(&visitor, "dingowhine", id).await, (false, false));
        visitor
            .get(&format!("/api/v1/threads/{id}"))
            .await
            .assert_status(404);
        assert!(!api_lists(&visitor.get("/api/v1/threads").await.json(), id));

        staff
            .post(&format!("/posts/{opening}/unhide"), &[])
            .await
            .assert_status(303);
        assert_eq!(found(&visitor, "dingowhine", id).await, (true, true));
        visitor
            .get(&format!("/api/v1/threads/{id}"))
            .await
            .assert_status(200);
    })
    .await;
}

#[actix_web::test]
async fn staff_hide_a_single_step_with_a_reason() {
    each_engine(|staff| async move {
        staff.register_as("staff_steps", Role::Staff).await;
        let author = staff.visitor().await;
        author.register("step_author").await;
        let member = staff.visitor().await;
        member.register("step_reader").await;
        let visitor = staff.visitor().await;
        let (id, url) = guide(&author).await;
        let steps = step_ids(&author, id);
        let (first, second) = (steps[0], steps[1]);
        // An edit, so the history holds an earlier version of the step.
        author
            .post(
                &format!("/steps/{second}/edit"),
                &[
                    ("title", "Seat the platypus ribbon"),
                    (
                        "body",
                        "Push the ribbon home: platypusstep, then echidnaedit.",
                    ),
                    ("caution", "Mind the echidnacaution"),
                    ("note", ""),
                ],
            )
            .await
            .assert_status(303);
        assert_eq!(found(&visitor, "platypusstep", id).await, (true, true));

        // Members and visitors cannot hide; nothing changes.
        let hide = format!("/steps/{second}/hide");
        member
            .post(&hide, &[("reason", "I do not like it")])
            .await
            .assert_status(403);
        author
            .post(&hide, &[("reason", "my own step")])
            .await
            .assert_status(403);
        visitor
            .post(&hide, &[("reason", "drive-by")])
            .await
            .assert_status(401);
        member
            .post(&format!("/steps/{second}/unhide"), &[])
            .await
            .assert_status(403);
        let hidden = |app: &TestApp| {
            app.db(|conn| {
                fixloop::model::knowledge::guides::find_step(conn, second)
                    .unwrap()
                    .hidden
            })
        };
        assert!(!hidden(&staff));
        assert_eq!(found(&visitor, "platypusstep", id).await, (true, true));
        // Staff need a reason, and the step must exist.
        staff
            .post(&hide, &[("reason", " ")])
            .await
            .assert_status(422)
            .assert_contains("Give a reason of up to 200 characters");
        staff
            .post(&hide, &[("reason", &"x".repeat(201))])
            .await
            .assert_status(422);
        staff
            .post("/steps/424242/hide", &[("reason", "gone")])
            .await
            .assert_status(404);
        staff
            .post(&format!("/steps/{second}/unhide"), &[])
            .await
            .assert_status(409);
        assert!(!hidden(&staff));

        let done = staff
            .post(&hide, &[("reason", "unsafe: skips the discharge")])
            .await;
        done.assert_status(303);
        assert!(done.location().ends_with(&format!("#step-{second}")));
        assert!(hidden(&staff));
        for reader in [&visitor, &member, &author] {
            let page = reader.get(&url).await;
            page.assert_contains("This step is hidden: unsafe: skips the discharge")
                .assert_contains("wombatstep")
                .assert_contains("Lift the wombat latch")
                .assert_lacks("platypus")
                .assert_lacks("echidna")
                .assert_lacks(&format!("/steps/{second}/unhide"));
            // The kept search forgets it at once; the other step is still found.
            assert_eq!(found(reader, "platypusstep", id).await, (false, false));
            assert_eq!(found(reader, "echidnacaution", id).await, (false, false));
            assert_eq!(found(reader, "wombatstep", id).await, (true, true));
            let history = reader.get(&format!("/t/{id}/steps/history")).await;
            history
                .assert_status(200)
                .assert_contains("Lift the wombat latch")
                .assert_lacks("platypus")
                .assert_lacks("echidna");
        }
        // Staff see it marked, with the way back; the history keeps it for them.
        let page = staff.get(&url).await;
        page.assert_contains("This step is hidden: unsafe: skips the discharge")
            .assert_contains("echidnaedit")
            .assert_contains(&format!("/steps/{second}/unhide"))
            .assert_contains(&format!("/steps/{first}/hide"))
            .assert_contains("name=\"csrf_token\"");
        staff
            .get(&format!("/t/{id}/steps/history"))
            .await
            .assert_contains("A version of a hidden step")
            .assert_contains("platypusstep");
        let log = staff.get("/staff/audit?action=hide_step").await;
        log.assert_contains("hide step")
            .assert_contains("unsafe: skips the discharge")
            .assert_contains("staff_steps")
            .assert_contains("step_author");

        staff
            .post(&format!("/steps/{second}/unhide"), &[])
            .await
            .assert_status(303);
        assert!(!hidden(&staff));
        visitor
            .get(&url)
            .await
            .assert_contains("echidnaedit")
            .assert_lacks("This step is hidden");
        assert_eq!(found(&visitor, "platypusstep", id).await, (true, true));
        visitor
            .get(&format!("/t/{id}/steps/history"))
            .await
            .assert_contains("platypusstep");
        staff
            .get("/staff/audit?action=unhide_step")
            .await
            .assert_contains("unhide step");

        // A hidden step that is then deleted keeps its versions withheld.
        staff
            .post(&hide, &[("reason", "spam")])
            .await
            .assert_status(303);
        author
            .post(&format!("/steps/{second}/delete"), &[])
            .await
            .assert_status(303);
        visitor
            .get(&format!("/t/{id}/steps/history"))
            .await
            .assert_status(200)
            .assert_lacks("platypus");
    })
    .await;
}

/// An engine that answers from what it last received (as a real one does
/// until the outbox tells it of a change).
#[derive(Default)]
struct LaggingState {
    docs: Mutex<Vec<SearchDoc>>,
}

struct LaggingEngine(Arc<LaggingState>);

impl ExternalEngine for LaggingEngine {
    fn name(&self) -> &'static str {
        "lagging"
    }

    fn apply<'a>(
        &'a self,
        docs: &'a [SearchDoc],
        gone: &'a [i64],
    ) -> BoxFuture<'a, anyhow::Result<()>> {
        Box::pin(async move {
            let mut kept = self.0.docs.lock().unwrap();
            kept.retain(|d| {
                !gone.contains(&d.thread_id) && !docs.iter().any(|n| n.thread_id == d.thread_id)
            });
            kept.extend(docs.iter().cloned());
            Ok(())
        })
    }

    fn search<'a>(
        &'a self,
        query: &'a SearchQuery,
    ) -> BoxFuture<'a, anyhow::Result<SearchResults>> {
        Box::pin(async move {
            let hits: Vec<Hit> = self
                .0
                .docs
                .lock()
                .unwrap()
                .iter()
                .filter(|d| {
                    let text = format!("{} {}", d.title, d.body).to_lowercase();
                    query.terms.iter().all(|t| text.contains(t.as_str()))
                })
                .map(|d| Hit {
                    thread_id: d.thread_id,
                    title: d.title.clone(),
                    kind: d.kind.clone(),
                    device_path: d.device_path.clone(),
                    solved: d.solved,
                    verified: d.verified,
                    recovery_path: d.recovery_path.clone(),
                    firmware_current: d.firmware_current,
                    last_activity_at: d.last_activity_at,
                    lang: d.lang.clone(),
                    snippet_html: d.body.clone(),
                    title_html: d.title.clone(),
                })
                .collect();
            Ok(SearchResults {
                total: hits.len(),
                hits,
                page: query.page,
                per_page: 20,
                engine: "lagging",
                ..Default::default()
            })
        })
    }
}

#[actix_web::test]
async fn an_external_engine_that_has_not_heard_yet_does_not_show_a_withdrawn_thread() {
    for db in TestDb::all() {
        let engine = Arc::new(LaggingState::default());
        let app = TestApp::with_search(
            db,
            SearchIndex::new(Engine::External(Box::new(LaggingEngine(engine.clone())))),
        )
        .await;
        app.register_as("staff_lag", Role::Staff).await;
        let id = thread_id(
            &app.start_thread(
                "troubleshooting",
                "Kiwibuzz from the speaker",
                "",
                "A kiwibuzz when the volume is low.",
            )
            .await,
        );
        let drain = || fixloop::search::outbox::drain_once(&app.state.pool, &app.state.search);
        while drain().await.unwrap() > 0 {}
        let visitor = app.visitor().await;
        let json = visitor.get("/api/v1/search?q=kiwibuzz").await.json();
        assert_eq!(json["engine"], "lagging");
        assert_eq!(json["total"], 1, "{json}");

        let opening = opening_post(&app, id);
        app.post(&format!("/posts/{opening}/hide"), &[("reason", "spam")])
            .await
            .assert_status(303);
        // The engine has not heard yet: it still matches, the hit is dropped.
        assert_eq!(engine.docs.lock().unwrap().len(), 1);
        let json = visitor.get("/api/v1/search?q=kiwibuzz").await.json();
        assert_eq!(json["total"], 0, "{json}");
        assert_eq!(json["hits"].as_array().unwrap().len(), 0);
        assert_eq!(found(&visitor, "kiwibuzz", id).await, (false, false));
        // Once the outbox drains, the engine forgets it too.
        while drain().await.unwrap() > 0 {}
        assert!(engine.docs.lock().unwrap().is_empty());
    }
}
