use fixloop::model::accounts::users::Role;
use fixloop::web::page_cache::CACHE_HEADER;

use crate::common::{each_db, thread_id};

#[actix_web::test]
async fn members_start_threads_of_every_kind_and_visitors_read_them() {
    each_db(|app| async move {
        app.register("asker").await;
        let kinds = [
            ("troubleshooting", "Laptop will not charge past 80 percent"),
            ("guide", "Replacing the hinge cover on a 13-inch laptop"),
            (
                "part_swap",
                "Fitted a 90 Wh battery into the 13-inch chassis",
            ),
            ("discussion", "Favourite thermal paste for small laptops?"),
        ];
        // A part-swap report names a catalogue part and a device.
        let staff = app.visitor().await;
        staff.register_as("catalogue_keeper", Role::Admin).await;
        staff
            .post(
                "/devices/new",
                &[("name", "Modulo"), ("kind", "maker"), ("parent", "")],
            )
            .await
            .assert_status(303);
        staff
            .post(
                "/parts/new",
                &[
                    ("name", "Battery 90 Wh"),
                    ("part_number", "BAT-90"),
                    ("fits", "modulo"),
                ],
            )
            .await
            .assert_status(303);
        let mut urls = Vec::new();
        for (kind, title) in kinds {
            let swap = kind == "part_swap";
            let page = app
                .post(
                    "/threads/new",
                    &[
                        ("kind", kind),
                        ("title", title),
                        ("device", if swap { "modulo" } else { "" }),
                        ("part", if swap { "battery-90-wh" } else { "" }),
                        ("outcome", if swap { "caveats" } else { "" }),
                        ("caveats", "Trimmed a foam pad"),
                        (
                            "body",
                            "## What happens\n\n- it **stops** at 80%\n- `dmesg` is quiet",
                        ),
                        ("action", "post"),
                    ],
                )
                .await;
            page.assert_status(303);
            let url = page.location();
            assert!(url.starts_with("/t/"), "{url}");
            urls.push(url);
        }
        assert_eq!(app.count("threads"), 4);
        assert_eq!(app.count("posts"), 4);

        let visitor = app.visitor().await;
        let home = visitor.get("/").await;
        home.assert_status(200);
        for (_, title) in kinds {
            home.assert_contains(title);
        }
        home.assert_contains("Guide")
            .assert_contains("Part swap")
            .assert_contains("Question");
        let page = visitor.get(&urls[0]).await;
        page.assert_status(200)
            .assert_contains("Laptop will not charge past 80 percent")
            .assert_contains("<h2>What happens</h2>")
            .assert_contains("<strong>stops</strong>")
            .assert_contains("<code>dmesg</code>");
        // The home page filters by kind.
        visitor
            .get("/?kind=guide")
            .await
            .assert_contains("Replacing the hinge cover")
            .assert_lacks("Laptop will not charge");
        // Markdown was rendered once, when it was written.
        let stored: i64 = app.count("posts WHERE body_html LIKE '%<strong>stops</strong>%'");
        assert_eq!(stored, 4);
    })
    .await;
}

#[actix_web::test]
async fn preview_shows_the_rendered_body_without_saving() {
    each_db(|app| async move {
        app.register("previewer").await;
        let page = app
            .post(
                "/threads/new",
                &[
                    ("kind", "troubleshooting"),
                    ("title", "Fan noise after cleaning"),
                    ("device", ""),
                    ("body", "| volts | reading |\n|---|---|\n| 5V | 4.9 |"),
                    ("action", "preview"),
                ],
            )
            .await;
        page.assert_status(200)
            .assert_contains("Preview")
            .assert_contains("<table>")
            .assert_contains("value=\"Fan noise after cleaning\"");
        assert_eq!(app.count("threads"), 0);
    })
    .await;
}

#[actix_web::test]
async fn bad_threads_are_refused_with_the_text_kept() {
    each_db(|app| async move {
        app.register("hasty").await;
        let long_title = "t".repeat(201);
        let huge_body = "b".repeat(64 * 1024 + 1);
        let cases: Vec<(&str, &str, &str, &str, &str)> = vec![
            (
                "troubleshooting",
                "",
                "",
                "My body text stays",
                "Give a title",
            ),
            (
                "troubleshooting",
                &long_title,
                "",
                "My body text stays",
                "Give a title",
            ),
            (
                "troubleshooting",
                "A perfectly fine title",
                "",
                "   ",
                "cannot be empty",
            ),
            (
                "troubleshooting",
                "A perfectly fine title",
                "",
                &huge_body,
                "at most 64 KiB",
            ),
            (
                "troubleshooting",
                "A perfectly fine title",
                "no-such-device",
                "My body text stays",
                "not in the catalogue",
            ),
            (
                "recipe",
                "A perfectly fine title",
                "",
                "My body text stays",
                "Choose what kind",
            ),
        ];
        for (kind, title, device, body, message) in cases {
            let page = app
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
            page.assert_status(422).assert_contains(message);
            if body.contains("stays") {
                page.assert_contains("My body text stays</textarea>");
            }
        }
        assert_eq!(app.count("threads"), 0);
        assert_eq!(app.count("posts"), 0);
    })
    .await;
}

#[actix_web::test]
async fn visitors_must_log_in_to_post() {
    each_db(|app| async move {
        let page = app.get("/threads/new").await;
        page.assert_status(303);
        assert_eq!(page.location(), "/login?next=%2Fthreads%2Fnew");
        let page = app
            .post(
                "/threads/new",
                &[
                    ("kind", "discussion"),
                    ("title", "Sneaky thread"),
                    ("body", "x"),
                ],
            )
            .await;
        page.assert_status(401);
        assert_eq!(app.count("threads"), 0);
    })
    .await;
}

#[actix_web::test]
async fn replies_edits_and_history() {
    each_db(|app| async move {
        app.register("owner").await;
        let url = app
            .start_thread(
                "troubleshooting",
                "Trackpad clicks by itself",
                "",
                "Original question text",
            )
            .await;
        let id = thread_id(&url);

        let helper = app.visitor().await;
        helper.register("helper").await;
        let page = helper
            .post(
                &format!("/t/{id}/reply"),
                &[
                    (
                        "body",
                        "Check the **battery**: a swollen cell pushes the pad.",
                    ),
                    ("action", "post"),
                ],
            )
            .await;
        page.assert_status(303);
        assert!(page.location().contains("#post-"), "{}", page.location());
        let thread = app.get(&url).await;
        thread
            .assert_contains("<strong>battery</strong>")
            .assert_contains("1 reply");

        // Preview of a reply shows it and saves nothing.
        helper
            .post(
                &format!("/t/{id}/reply"),
                &[("body", "*draft*"), ("action", "preview")],
            )
            .await
            .assert_status(200)
            .assert_contains("<em>draft</em>");
        assert_eq!(app.count("posts"), 2);
        // An empty reply is refused with a message.
        helper
            .post(
                &format!("/t/{id}/reply"),
                &[("body", " "), ("action", "post")],
            )
            .await
            .assert_status(422)
            .assert_contains("cannot be empty");

        // The owner edits the question: title and body; the old version is kept.
        let opening_id = app.db(move |conn| {
            fixloop::model::discussion::posts::opening_post(conn, id)
                .unwrap()
                .id
        });
        let edit_url = format!("/posts/{opening_id}/edit");
        app.get(&edit_url)
            .await
            .assert_status(200)
            .assert_contains("Original question text");
        app.post(
            &edit_url,
            &[
                ("title", "Trackpad clicks by itself (battery?)"),
                ("device", ""),
                ("body", "Updated question text"),
                ("action", "save"),
            ],
        )
        .await
        .assert_status(303);
        // The new title gives a new slug; the old address leads to it.
        let moved = app.get(&url).await;
        moved.assert_status(301);
        let url = moved.location();
        assert!(url.ends_with("/trackpad-clicks-by-itself-battery"), "{url}");
        app.get(&url)
            .await
            .assert_contains("Updated question text")
            .assert_contains("(battery?)");
        assert_eq!(app.count("post_revisions"), 1);
        let history = helper.get(&format!("/posts/{opening_id}/history")).await;
        history
            .assert_status(200)
            .assert_contains("Original question text")
            .assert_contains("Updated question text")
            .assert_contains("Title: Trackpad clicks by itself</p>")
            .assert_contains("Version 2");

        // Another member may not edit it: 403 and nothing changes.
        helper.get(&edit_url).await.assert_status(403);
        helper
            .post(
                &edit_url,
                &[
                    ("title", "Hijacked"),
                    ("body", "Hijacked"),
                    ("action", "save"),
                ],
            )
            .await
            .assert_status(403);
        app.get(&url)
            .await
            .assert_contains("Updated question text")
            .assert_lacks("Hijacked");
        assert_eq!(app.count("post_revisions"), 1);

        // A bad edit keeps the text and writes nothing.
        app.post(
            &edit_url,
            &[
                ("title", "abc"),
                ("device", ""),
                ("body", "Kept text"),
                ("action", "save"),
            ],
        )
        .await
        .assert_status(422)
        .assert_contains("Kept text</textarea>");
        assert_eq!(app.count("post_revisions"), 1);
    })
    .await;
}

#[actix_web::test]
async fn staff_are_badged_and_may_edit_any_post() {
    each_db(|app| async move {
        app.register("member_one").await;
        let url = app
            .start_thread(
                "troubleshooting",
                "Screen flickers at low brightness",
                "",
                "PWM?",
            )
            .await;
        let staff = app.visitor().await;
        staff.register_as("support_sam", Role::Staff).await;
        staff
            .post(
                &format!("/t/{}/reply", thread_id(&url)),
                &[("body", "Known issue on early panels."), ("action", "post")],
            )
            .await
            .assert_status(303);
        let page = app.get(&url).await;
        page.assert_contains("badge badge-staff");
        let opening_id = app.db(|conn| {
            fixloop::model::discussion::posts::opening_post(conn, thread_id(&url))
                .unwrap()
                .id
        });
        staff
            .get(&format!("/posts/{opening_id}/edit"))
            .await
            .assert_status(200);
    })
    .await;
}

#[actix_web::test]
async fn unknown_threads_and_bad_parameters() {
    each_db(|app| async move {
        app.get("/t/999999")
            .await
            .assert_status(404)
            .assert_contains("does not exist");
        app.get("/t/not-a-number").await.assert_status(404);
        app.get("/?page=abc")
            .await
            .assert_status(400)
            .assert_contains("not a page number");
        app.get("/?kind=recipes").await.assert_status(400);
        app.get("/p/424242").await.assert_status(404);
        app.get("/posts/424242/history").await.assert_status(404);
        app.get("/no/such/page")
            .await
            .assert_status(404)
            .assert_contains("Back to the forum");
        app.register("replier").await;
        app.post("/t/999999/reply", &[("body", "hello"), ("action", "post")])
            .await
            .assert_status(404);
        assert_eq!(app.count("posts"), 0);
    })
    .await;
}

#[actix_web::test]
async fn long_threads_are_paginated() {
    each_db(|app| async move {
        app.register("chatty").await;
        let url = app
            .start_thread(
                "discussion",
                "A long conversation about screws",
                "",
                "Opening",
            )
            .await;
        let id = thread_id(&url);
        let actor = app.db(|conn| {
            let user = fixloop::model::accounts::users::find_by_username(conn, "chatty")
                .unwrap()
                .unwrap();
            fixloop::forum::Actor::from(&user)
        });
        app.db(|conn| {
            for n in 1..=60 {
                fixloop::forum::discussion::threads::reply(
                    conn,
                    &actor,
                    id,
                    &format!("Reply number {n} here"),
                    &fixloop::forum::Policy::unlimited(),
                )
                .unwrap();
            }
        });
        let first = app.get(&url).await;
        first
            .assert_contains("Page 1 of 2")
            .assert_contains("Reply number 49 here")
            .assert_lacks("Reply number 50 here");
        let second = app.get(&format!("{url}?page=2")).await;
        second
            .assert_status(200)
            .assert_contains("Reply number 50 here")
            .assert_contains("Reply number 60 here")
            .assert_lacks("Opening");
        app.get(&format!("{url}?page=3")).await.assert_status(404);
        // The permalink of a reply on page 2 leads there.
        let post_id = app.db(|conn| {
            fixloop::model::discussion::posts::page_of_thread(conn, id, 55, 56).unwrap()[0].id
        });
        let jump = app.get(&format!("/p/{post_id}")).await;
        assert!(
            jump.location()
                .ends_with(&format!("?page=2#post-{post_id}")),
            "{}",
            jump.location()
        );
    })
    .await;
}

#[actix_web::test]
async fn a_thread_page_takes_the_same_number_of_queries_whatever_its_length() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    struct CountQueries(Arc<AtomicUsize>);
    impl diesel::connection::Instrumentation for CountQueries {
        fn on_connection_event(&mut self, event: diesel::connection::InstrumentationEvent<'_>) {
            if let diesel::connection::InstrumentationEvent::StartQuery { .. } = event {
                self.0.fetch_add(1, Ordering::SeqCst);
            }
        }
    }

    each_db(|app| async move {
        app.register("counter").await;
        let short = thread_id(
            &app.start_thread("discussion", "Short thread here", "", "one")
                .await,
        );
        let long = thread_id(
            &app.start_thread("discussion", "Long thread here", "", "one")
                .await,
        );
        let actor = app.db(|conn| {
            let user = fixloop::model::accounts::users::find_by_username(conn, "counter")
                .unwrap()
                .unwrap();
            fixloop::forum::Actor::from(&user)
        });
        app.db(|conn| {
            for n in 0..45 {
                fixloop::forum::discussion::threads::reply(
                    conn,
                    &actor,
                    long,
                    &format!("reply {n}"),
                    &fixloop::forum::Policy::unlimited(),
                )
                .unwrap();
            }
        });
        let queries_for = |thread: i64| {
            let counter = Arc::new(AtomicUsize::new(0));
            app.db(|conn| {
                diesel::Connection::set_instrumentation(conn, CountQueries(counter.clone()));
                let page =
                    fixloop::web::discussion::threads::load_thread_page(conn, thread, 1).unwrap();
                assert!(!page.posts.is_empty());
            });
            counter.load(Ordering::SeqCst)
        };
        let short_queries = queries_for(short);
        let long_queries = queries_for(long);
        assert_eq!(short_queries, long_queries);
        assert!(
            long_queries <= 10,
            "{long_queries} queries for one thread page"
        );
    })
    .await;
}

#[actix_web::test]
async fn kept_pages_go_to_browsers_gzipped_once() {
    use std::io::Read;
    each_db(|app| async move {
        app.register("zipper").await;
        let url = app
            .start_thread(
                "troubleshooting",
                "Hinge creaks after a hinge swap",
                "",
                "The new hinge creaks at 90 degrees.",
            )
            .await;
        let visitor = app.visitor().await;
        let browser = "gzip, deflate, br";
        let (status, first_headers, _) = visitor.get_accepting(&url, browser).await;
        assert_eq!(status, 200);
        assert!(
            first_headers.get(CACHE_HEADER).is_none(),
            "the first view renders"
        );

        let (status, headers, gzipped) = visitor.get_accepting(&url, browser).await;
        assert_eq!(status, 200);
        assert_eq!(headers.get(CACHE_HEADER).unwrap(), "hit");
        assert_eq!(headers.get("content-encoding").unwrap(), "gzip");
        assert_eq!(headers.get("vary").unwrap(), "accept-encoding");
        let mut html = String::new();
        flate2::read::GzDecoder::new(&gzipped[..])
            .read_to_string(&mut html)
            .expect("a gzip body");
        assert!(html.contains("The new hinge creaks at 90 degrees."));
        assert!(gzipped.len() * 2 < html.len(), "compressed");

        // A client that takes no gzip gets the same page as is.
        let (_, headers, plain) = visitor.get_accepting(&url, "identity").await;
        assert_eq!(headers.get(CACHE_HEADER).unwrap(), "hit");
        assert!(headers.get("content-encoding").is_none());
        assert_eq!(String::from_utf8(plain).unwrap(), html);
        let (_, headers, plain) = visitor.get_accepting(&url, "gzip;q=0").await;
        assert!(headers.get("content-encoding").is_none());
        assert_eq!(String::from_utf8(plain).unwrap(), html);
    })
    .await;
}

#[actix_web::test]
async fn visitors_get_kept_pages_until_the_forum_changes() {
    each_db(|app| async move {
        app.register("keeper").await;
        let url = app
            .start_thread(
                "troubleshooting",
                "Fan spins up at idle after a firmware update",
                "",
                "Since 3.17 the fan never stops.",
            )
            .await;
        let id = thread_id(&url);
        let visitor = app.visitor().await;
        let first = visitor.get(&url).await;
        first
            .assert_status(200)
            .assert_contains("the fan never stops");
        assert_eq!(first.header(CACHE_HEADER), "", "the first view renders");
        let again = visitor.get(&url).await;
        assert_eq!(again.header(CACHE_HEADER), "hit");
        assert_eq!(again.body, first.body, "the kept page is the same page");

        // A reply through this server: the next visitor sees it at once.
        app.reply(id, "Resetting the embedded controller fixed it for me.")
            .await;
        let after = visitor.get(&url).await;
        assert_eq!(after.header(CACHE_HEADER), "", "a write empties the cache");
        after.assert_contains("Resetting the embedded controller");

        // Members never get the visitors' page: theirs has their name and forms.
        visitor.get(&url).await;
        let member_view = app.get(&url).await;
        assert_eq!(member_view.header(CACHE_HEADER), "");
        member_view.assert_contains("Log out");

        // A first-time visitor served from memory still gets a CSRF cookie, and
        // the login form (which carries it) is never kept, so logging in works.
        let newcomer = app.visitor().await;
        let kept = newcomer.get(&url).await;
        assert_eq!(kept.header(CACHE_HEADER), "hit");
        assert!(newcomer.cookie("fixloop_csrf").is_some());
        newcomer.get("/login").await;
        let login_form = newcomer.get("/login").await;
        assert_eq!(login_form.header(CACHE_HEADER), "");
        assert_eq!(
            login_form.csrf_token(),
            newcomer.cookie("fixloop_csrf"),
            "the form carries this visitor's own token"
        );

        // Search results (an open-ended set of addresses) are never kept.
        newcomer.get("/search?q=fan").await;
        let search = newcomer.get("/search?q=fan").await;
        assert_eq!(search.header(CACHE_HEADER), "");
    })
    .await;
}

#[actix_web::test]
async fn page_cache_seconds_zero_turns_the_cache_off() {
    for db in crate::common::TestDb::all() {
        let app = crate::common::TestApp::with_config(db, |c| c.page_cache_seconds = 0).await;
        app.get("/").await.assert_status(200);
        let again = app.get("/").await;
        assert_eq!(again.header(CACHE_HEADER), "", "{}", app.db_label);
    }
}

/// Every pooled SQLite connection writes ahead (readers never wait for the
/// writer, a crash loses nothing committed) and enforces foreign keys.
#[actix_web::test]
async fn sqlite_connections_write_ahead_enforce_foreign_keys_and_keep_their_own_page_cache() {
    use diesel::sql_types::{BigInt, Text};
    use diesel::{QueryableByName, RunQueryDsl};
    #[derive(QueryableByName)]
    struct Mode {
        #[diesel(sql_type = Text)]
        journal_mode: String,
    }
    #[derive(QueryableByName)]
    struct Keys {
        #[diesel(sql_type = BigInt)]
        foreign_keys: i64,
    }
    #[derive(QueryableByName)]
    struct CompileOption {
        #[diesel(sql_type = Text)]
        compile_options: String,
    }
    each_db(|app| async move {
        app.db(|conn| {
            let fixloop::db::DbConn::Sqlite(conn) = conn else {
                return;
            };
            let mode: Mode = diesel::sql_query("PRAGMA journal_mode")
                .get_result(conn)
                .unwrap();
            assert_eq!(mode.journal_mode, "wal");
            let keys: Keys = diesel::sql_query("PRAGMA foreign_keys")
                .get_result(conn)
                .unwrap();
            assert_eq!(keys.foreign_keys, 1);
            // .cargo/config.toml builds SQLite without the one page cache
            // (and its global mutex) that all connections would share.
            let options: Vec<CompileOption> = diesel::sql_query("PRAGMA compile_options")
                .load(conn)
                .unwrap();
            let options: Vec<&str> = options.iter().map(|o| o.compile_options.as_str()).collect();
            assert!(options.contains(&"ENABLE_FTS5"), "{options:?}");
            assert!(
                !options.contains(&"ENABLE_MEMORY_MANAGEMENT"),
                "{options:?}"
            );
            assert!(options.contains(&"DEFAULT_MEMSTATUS=0"), "{options:?}");
        });
    })
    .await;
}

#[actix_web::test]
async fn members_share_a_pages_data_but_never_each_others_marks_or_hidden_posts() {
    each_db(|staff| async move {
        staff
            .register_as("kept_staff", fixloop::model::accounts::users::Role::Staff)
            .await;
        let asker = staff.visitor().await;
        asker.register("kept_asker").await.assert_status(303);
        let voter = staff.visitor().await;
        voter.register("kept_voter").await.assert_status(303);
        let other = staff.visitor().await;
        other.register("kept_other").await.assert_status(303);
        let url = asker
            .start_thread("troubleshooting", "Kept page fan", "", "The fan rattles.")
            .await;
        let id = thread_id(&url);
        let answer = voter.reply(id, "Reseat the fan cable.").await;
        let hidden = other
            .reply(id, "Buy my miracle fan oil at example.com")
            .await;
        staff
            .post(
                &format!("/posts/{hidden}/hide"),
                &[("reason", "advertising")],
            )
            .await
            .assert_status(303);

        // Staff read the page first (the data kept for readers who see
        // hidden posts holds the hidden text); members never get it.
        staff
            .get(&url)
            .await
            .assert_contains("Buy my miracle fan oil");
        for member in [&asker, &voter, &other] {
            for _ in 0..2 {
                member
                    .get(&url)
                    .await
                    .assert_contains("This post is hidden: advertising")
                    .assert_lacks("Buy my miracle fan oil");
            }
        }
        // One member's vote is theirs: the asker's page shows it, the others' do not.
        asker
            .post(&format!("/posts/{answer}/vote"), &[])
            .await
            .assert_status(303);
        for _ in 0..2 {
            asker
                .get(&url)
                .await
                .assert_contains(&format!("action=\"/posts/{answer}/unvote\""))
                .assert_contains("kept_asker");
            other
                .get(&url)
                .await
                .assert_contains(&format!("action=\"/posts/{answer}/vote\""))
                .assert_lacks(&format!("action=\"/posts/{answer}/unvote\""))
                .assert_contains("kept_other");
        }
        // Each member's page carries their own CSRF token, in every form
        // under every post (the kept ones too).
        let asker_token = asker.get(&url).await.csrf_token().unwrap();
        let other_page = other.get(&url).await;
        let other_token = other_page.csrf_token().unwrap();
        assert_ne!(asker_token, other_token);
        assert!(!other_page.body.contains(&asker_token));
        assert!(!other_page.body.contains("@@fixloop-csrf-token@@"));
        let vote_form = format!(
            "action=\"/posts/{answer}/vote\"><input type=\"hidden\" name=\"csrf_token\" value=\"{other_token}\">"
        );
        other_page.assert_contains(&vote_form);
        // A member who is not the asker votes from the kept form; their page
        // then shows their vote, the others' do not.
        other
            .post(&format!("/posts/{answer}/vote"), &[])
            .await
            .assert_status(303);
        other
            .get(&url)
            .await
            .assert_contains(&format!(
                "action=\"/posts/{answer}/unvote\"><input type=\"hidden\" name=\"csrf_token\" value=\"{other_token}\">"
            ));
        let third = staff.visitor().await;
        third.register("kept_third").await.assert_status(303);
        third
            .get(&url)
            .await
            .assert_contains(&format!("action=\"/posts/{answer}/vote\""))
            .assert_lacks(&format!("action=\"/posts/{answer}/unvote\""));
        // A write ends the kept data: the next reader sees the new reply and
        // the vote count.
        voter.reply(id, "Also check the fan bearing.").await;
        other
            .get(&url)
            .await
            .assert_contains("Also check the fan bearing.")
            .assert_contains("▲ 2 helpful");
        // Shown again by staff: members see it at once.
        staff
            .post(&format!("/posts/{hidden}/unhide"), &[])
            .await
            .assert_status(303);
        other
            .get(&url)
            .await
            .assert_contains("Buy my miracle fan oil");
    })
    .await;
}

#[actix_web::test]
async fn staff_share_the_kept_actions_but_each_gets_their_own_token_votes_and_posts() {
    each_db(|first| async move {
        first
            .register_as("kept_staff_a", fixloop::model::accounts::users::Role::Staff)
            .await;
        let second = first.visitor().await;
        second
            .register_as("kept_staff_b", fixloop::model::accounts::users::Role::Staff)
            .await;
        let asker = first.visitor().await;
        asker.register("kept_staff_asker").await.assert_status(303);
        let url = asker
            .start_thread("troubleshooting", "Staff kept fan", "", "The fan whines.")
            .await;
        let id = thread_id(&url);
        let member_answer = asker.visitor().await;
        member_answer
            .register("kept_staff_helper")
            .await
            .assert_status(303);
        let answer = member_answer.reply(id, "Clean the fan blades.").await;
        let own = second.reply(id, "Staff here: check the bearing.").await;

        // The first staff reader's page renders the actions staff share.
        first
            .get(&url)
            .await
            .assert_contains(&format!("action=\"/posts/{answer}/verify\""))
            .assert_contains(&format!("action=\"/posts/{own}/vote\""));
        // The second gets them kept, with their own token, and their own
        // post without a vote for themselves.
        first
            .post(&format!("/posts/{answer}/vote"), &[])
            .await
            .assert_status(303);
        first.get(&url).await;
        for _ in 0..2 {
            let page = second.get(&url).await;
            let token = page.csrf_token().unwrap();
            page.assert_contains(&format!(
                "action=\"/posts/{answer}/verify\" class=\"stack-form\">\n              <input type=\"hidden\" name=\"csrf_token\" value=\"{token}\">"
            ))
            .assert_contains(&format!("action=\"/posts/{answer}/vote\""))
            .assert_lacks(&format!("action=\"/posts/{answer}/unvote\""))
            .assert_lacks(&format!("action=\"/posts/{own}/vote\""))
            .assert_contains(&format!("href=\"/posts/{own}/edit\""))
            .assert_lacks("@@fixloop-csrf-token@@");
            assert!(!page.body.contains(&first.csrf().await));
        }
        // The first staff member's vote is theirs.
        first
            .get(&url)
            .await
            .assert_contains(&format!("action=\"/posts/{answer}/unvote\""));
        // Members never get staff's actions.
        asker
            .get(&url)
            .await
            .assert_lacks(&format!("action=\"/posts/{answer}/verify\""))
            .assert_lacks(&format!("action=\"/posts/{answer}/hide\""));
        member_answer
            .get(&url)
            .await
            .assert_lacks(&format!("action=\"/posts/{answer}/verify\""));
    })
    .await;
}
