//! Atom feeds: valid Atom 1.0 (parsed back with `atom_syndication`), what each
//! promises (latest, solved, a device tree, a thread's replies, a member's
//! threads), never a hidden post or a withdrawn thread, advertised on the
//! pages they follow, 404 for what does not exist.

use atom_syndication::Feed;
use fixloop::model::accounts::users::Role;
use fixloop::web::page_cache::CACHE_HEADER;

use crate::common::{each_db, thread_id, Page, TestApp, TestDb};

/// `public_url()` without `FIXLOOP_BASE_URL`: the bind address.
const DEFAULT_BASE: &str = "http://127.0.0.1:8080";

/// A feed response, checked as Atom: the content type, the namespace, and
/// every element Atom requires, with its times in RFC 3339 and its links and
/// ids absolute under `base`.
#[track_caller]
fn atom(page: &Page, base: &str) -> Feed {
    page.assert_status(200);
    assert_eq!(
        page.header("content-type"),
        "application/atom+xml; charset=utf-8"
    );
    assert!(
        page.body
            .starts_with("<?xml version=\"1.0\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\""),
        "not an Atom document: {}",
        &page.body[..page.body.len().min(300)]
    );
    let feed = Feed::read_from(page.body.as_bytes())
        .unwrap_or_else(|e| panic!("not valid Atom ({e}):\n{}", page.body));
    assert!(
        feed.id.starts_with(&format!("{base}/")),
        "feed id {}",
        feed.id
    );
    assert!(!feed.title.value.trim().is_empty(), "feed title");
    assert!(feed.updated.timestamp() > 0, "feed updated");
    assert!(
        feed.links
            .iter()
            .any(|l| l.rel == "self" && l.href == feed.id),
        "a self link"
    );
    assert!(
        feed.links
            .iter()
            .any(|l| l.rel == "alternate" && l.href.starts_with(&format!("{base}/"))),
        "a link to the page"
    );
    for entry in &feed.entries {
        assert!(
            entry.id.starts_with(&format!("{base}/")),
            "entry id {}",
            entry.id
        );
        assert!(!entry.title.value.trim().is_empty(), "entry title");
        assert!(entry.updated.timestamp() > 0, "entry updated");
        assert!(
            entry.updated <= feed.updated,
            "the feed is as new as its entries"
        );
        assert!(
            entry
                .links
                .iter()
                .any(|l| l.rel == "alternate" && l.href.starts_with(&format!("{base}/"))),
            "entry {} has an absolute alternate link",
            entry.id
        );
        assert!(
            entry.authors.iter().any(|a| !a.name.trim().is_empty()),
            "entry {} has an author",
            entry.id
        );
        assert!(
            entry.summary.is_some() || entry.content.is_some(),
            "entry {} says something",
            entry.id
        );
    }
    // Strictly RFC 3339, as written (the parser above is lenient with dates).
    let mut rest = page.body.as_str();
    let mut times = 0;
    while let Some(start) = rest.find("<updated>") {
        let after = &rest[start + "<updated>".len()..];
        let end = after.find("</updated>").expect("a closed <updated>");
        chrono::DateTime::parse_from_rfc3339(&after[..end])
            .unwrap_or_else(|e| panic!("{:?} is not RFC 3339: {e}", &after[..end]));
        times += 1;
        rest = &after[end..];
    }
    assert_eq!(times, feed.entries.len() + 1, "one <updated> per element");
    feed
}

fn titles(feed: &Feed) -> Vec<String> {
    feed.entries.iter().map(|e| e.title.value.clone()).collect()
}

fn entry_ids(feed: &Feed) -> Vec<String> {
    feed.entries.iter().map(|e| e.id.clone()).collect()
}

fn lists_thread(feed: &Feed, base: &str, id: i64) -> bool {
    let page = format!("{base}/t/{id}/");
    feed.entries
        .iter()
        .any(|e| e.links.iter().any(|l| l.href.starts_with(&page)))
}

/// The page names this feed in a `<link rel="alternate">` of its head.
#[track_caller]
fn advertises(page: &Page, href: &str) {
    page.assert_status(200);
    let head = &page.body[..page.body.find("</head>").expect("a head")];
    let tag = "type=\"application/atom+xml\"";
    let link = head
        .split("<link ")
        .find(|l| l.contains(&format!("href=\"{href}\"")))
        .unwrap_or_else(|| panic!("no link to {href} in the head:\n{head}"));
    assert!(link.starts_with("rel=\"alternate\""), "{link}");
    assert!(link.contains(tag), "{link}");
    assert!(link.contains("title=\""), "{link}");
}

/// Builds maker > line > model, and an unrelated maker, as an admin.
async fn devices(admin: &TestApp) {
    admin
        .add_devices(&[
            ("Modulo Computers", "maker", ""),
            ("Modulo Laptop", "line", "modulo-computers"),
            ("Modulo 13", "model", "modulo-laptop"),
            ("Brightbox", "maker", ""),
        ])
        .await;
}

fn opening_post(app: &TestApp, thread: i64) -> i64 {
    app.db(|conn| {
        fixloop::model::discussion::posts::opening_post(conn, thread)
            .unwrap()
            .id
    })
}

#[actix_web::test]
async fn the_latest_feed_lists_new_threads_newest_first() {
    each_db(|app| async move {
        app.register("writer_wes").await;
        let mut ids = Vec::new();
        for n in 1..=fixloop::web::discovery::feeds::ENTRIES + 2 {
            let url = app
                .start_thread(
                    "troubleshooting",
                    &format!("Battery question number {n}"),
                    "",
                    &format!("Body of question {n}."),
                )
                .await;
            ids.push(thread_id(&url));
        }
        let url = app
            .start_thread(
                "troubleshooting",
                "Fan <b>rattles</b> & \"clicks\"",
                "",
                "The fan **rattles** at [idle](https://example.com/idle) <script>x()</script>.",
            )
            .await;
        let newest = thread_id(&url);

        let visitor = app.visitor().await;
        let feed = atom(&visitor.get("/feeds/latest.atom").await, DEFAULT_BASE);
        assert_eq!(
            feed.entries.len() as i64,
            fixloop::web::discovery::feeds::ENTRIES,
            "a bounded number of entries"
        );
        let shown = titles(&feed);
        let n = fixloop::web::discovery::feeds::ENTRIES;
        let mut expected = vec!["Fan <b>rattles</b> & \"clicks\"".to_owned()];
        expected.extend(
            (4..=n + 2)
                .rev()
                .map(|n| format!("Battery question number {n}")),
        );
        assert_eq!(shown, expected, "newest first, the oldest left out");
        assert!(!lists_thread(&feed, DEFAULT_BASE, ids[2]));
        assert!(lists_thread(&feed, DEFAULT_BASE, ids[3]));

        let entry = &feed.entries[0];
        assert_eq!(
            entry.id,
            format!("{DEFAULT_BASE}/t/{newest}"),
            "a stable id"
        );
        assert_eq!(entry.links[0].href, format!("{DEFAULT_BASE}{url}"));
        assert_eq!(entry.authors[0].name, "writer_wes");
        assert_eq!(
            entry.authors[0].uri.as_deref(),
            Some(&*format!("{DEFAULT_BASE}/u/writer_wes"))
        );
        assert!(entry.published.is_some());
        // The stored plain text, never the Markdown source; escaped in the XML.
        let summary = &entry.summary.as_ref().expect("a summary").value;
        assert!(summary.contains("The fan rattles at idle"), "{summary}");
        assert!(!summary.contains("**"), "{summary}");
        assert!(!summary.contains("]("), "{summary}");
        let body = &visitor.get("/feeds/latest.atom").await.body;
        assert!(
            body.contains("Fan &lt;b&gt;rattles&lt;/b&gt; &amp;"),
            "escaped title"
        );
        assert!(!body.contains("<b>rattles"), "no raw markup");
        assert!(!body.contains("<script>"), "no raw markup");

        advertises(&visitor.get("/").await, "/feeds/latest.atom");
        advertises(&visitor.get("/").await, "/feeds/solved.atom");
    })
    .await;
}

#[actix_web::test]
async fn the_solved_feed_lists_a_thread_once_it_is_solved() {
    each_db(|asker| async move {
        asker.register("asker_ann").await;
        let helper = asker.visitor().await;
        helper.register("helper_hugo").await;
        let first = thread_id(
            &asker
                .start_thread(
                    "troubleshooting",
                    "Screen flickers on battery",
                    "",
                    "Only when unplugged.",
                )
                .await,
        );
        let second = thread_id(
            &asker
                .start_thread(
                    "troubleshooting",
                    "Keyboard backlight stays off",
                    "",
                    "Since the last update.",
                )
                .await,
        );
        let answer_first = helper.reply(first, "Turn off panel self-refresh.").await;
        let answer_second = helper.reply(second, "Press Fn+Space twice.").await;

        let visitor = asker.visitor().await;
        let feed = atom(&visitor.get("/feeds/solved.atom").await, DEFAULT_BASE);
        assert!(
            feed.entries.is_empty(),
            "nothing solved yet: {:?}",
            titles(&feed)
        );

        // The newer thread solved first, the older one after it: by when solved.
        asker
            .post(&format!("/posts/{answer_second}/solution"), &[])
            .await
            .assert_status(303);
        let feed = atom(&visitor.get("/feeds/solved.atom").await, DEFAULT_BASE);
        assert_eq!(
            titles(&feed),
            vec!["Solved: Keyboard backlight stays off".to_owned()]
        );
        asker
            .post(&format!("/posts/{answer_first}/solution"), &[])
            .await
            .assert_status(303);
        let feed = atom(&visitor.get("/feeds/solved.atom").await, DEFAULT_BASE);
        assert_eq!(
            entry_ids(&feed),
            vec![
                format!("{DEFAULT_BASE}/t/{first}#solved"),
                format!("{DEFAULT_BASE}/t/{second}#solved"),
            ],
            "most recently solved first"
        );
        let solved_at = asker.db(|conn| {
            fixloop::model::discussion::threads::find(conn, first)
                .unwrap()
                .solved_at
                .unwrap()
        });
        assert_eq!(
            feed.entries[0].updated,
            solved_at.and_utc().fixed_offset(),
            "updated when solved"
        );
        assert_eq!(feed.updated, feed.entries[0].updated);

        // "The fix didn't hold": out of the feed again.
        asker
            .post(&format!("/t/{first}/unsolve"), &[])
            .await
            .assert_status(303);
        let feed = atom(&visitor.get("/feeds/solved.atom").await, DEFAULT_BASE);
        assert_eq!(
            entry_ids(&feed),
            vec![format!("{DEFAULT_BASE}/t/{second}#solved")]
        );
    })
    .await;
}

#[actix_web::test]
async fn a_device_feed_covers_the_device_and_everything_under_it() {
    each_db(|admin| async move {
        admin.register_as("admin_feeds", Role::Admin).await;
        devices(&admin).await;
        let member = admin.visitor().await;
        member.register("owner_olga").await;
        let on_model = thread_id(
            &member
                .start_thread(
                    "troubleshooting",
                    "Modulo 13 hinge creaks",
                    "modulo-13",
                    "At 90 degrees.",
                )
                .await,
        );
        let on_line = thread_id(
            &member
                .start_thread(
                    "discussion",
                    "Which Modulo Laptop to buy used",
                    "modulo-laptop",
                    "Budget 400.",
                )
                .await,
        );
        let elsewhere = thread_id(
            &member
                .start_thread(
                    "troubleshooting",
                    "Brightbox will not boot",
                    "brightbox",
                    "Black screen.",
                )
                .await,
        );
        let nowhere = thread_id(
            &member
                .start_thread(
                    "discussion",
                    "Best soldering iron tips",
                    "",
                    "For fine pitch work.",
                )
                .await,
        );

        let visitor = admin.visitor().await;
        let feed = atom(
            &visitor.get("/devices/modulo-laptop/feed.atom").await,
            DEFAULT_BASE,
        );
        assert_eq!(
            entry_ids(&feed),
            vec![
                format!("{DEFAULT_BASE}/t/{on_line}"),
                format!("{DEFAULT_BASE}/t/{on_model}"),
            ],
            "the line's own thread and its model's, newest first"
        );
        assert!(!lists_thread(&feed, DEFAULT_BASE, elsewhere));
        assert!(!lists_thread(&feed, DEFAULT_BASE, nowhere));
        assert!(feed.title.value.contains("Modulo Laptop"));
        assert!(
            feed.entries[1]
                .categories
                .iter()
                .any(|c| c.term == "modulo-13" && c.label.as_deref() == Some("Modulo 13")),
            "the entry names its device"
        );

        // The maker's feed covers everything under it; the child's only itself.
        let maker = atom(
            &visitor.get("/devices/modulo-computers/feed.atom").await,
            DEFAULT_BASE,
        );
        assert_eq!(maker.entries.len(), 2);
        let model = atom(
            &visitor.get("/devices/modulo-13/feed.atom").await,
            DEFAULT_BASE,
        );
        assert_eq!(
            entry_ids(&model),
            vec![format!("{DEFAULT_BASE}/t/{on_model}")]
        );
        let other = atom(
            &visitor.get("/devices/brightbox/feed.atom").await,
            DEFAULT_BASE,
        );
        assert_eq!(
            entry_ids(&other),
            vec![format!("{DEFAULT_BASE}/t/{elsewhere}")]
        );

        advertises(
            &visitor.get("/devices/modulo-laptop").await,
            "/devices/modulo-laptop/feed.atom",
        );
        visitor
            .get("/devices/no-such-device/feed.atom")
            .await
            .assert_status(404);
    })
    .await;
}

#[actix_web::test]
async fn a_thread_feed_has_its_replies_and_not_a_hidden_one() {
    each_db(|staff| async move {
        staff.register_as("staff_sue", Role::Staff).await;
        let asker = staff.visitor().await;
        asker.register("asker_al").await;
        let url = asker
            .start_thread(
                "troubleshooting",
                "Trackpad clicks by itself",
                "",
                "Opening words: quollopening.",
            )
            .await;
        let id = thread_id(&url);
        let helper = staff.visitor().await;
        helper.register("helper_hana").await;
        let first = helper
            .reply(id, "Check the **torque** of the bottom screws.")
            .await;
        let spam = helper.reply(id, "Buy cheap parts: spamwords here.").await;
        let third = asker
            .reply(
                id,
                "It was a swollen battery \u{7}pressing on it <script>x()</script>.",
            )
            .await;
        staff
            .post(&format!("/posts/{spam}/hide"), &[("reason", "spam")])
            .await
            .assert_status(303);

        let visitor = staff.visitor().await;
        let page = visitor.get(&format!("/t/{id}/feed.atom")).await;
        let feed = atom(&page, DEFAULT_BASE);
        assert_eq!(
            entry_ids(&feed),
            vec![
                format!("{DEFAULT_BASE}/p/{third}"),
                format!("{DEFAULT_BASE}/p/{first}"),
            ],
            "the replies, newest first, without the hidden one"
        );
        assert!(!page.body.contains("spamwords"), "the hidden reply's words");
        assert!(!page.body.contains("quollopening"), "replies only");
        assert_eq!(feed.entries[1].authors[0].name, "helper_hana");
        assert_eq!(
            feed.entries[1].links[0].href,
            format!("{DEFAULT_BASE}{}#post-{first}", url)
        );
        // The stored, sanitised HTML as content, escaped in the XML.
        let content = feed.entries[1].content.as_ref().expect("content");
        assert_eq!(content.content_type.as_deref(), Some("html"));
        let html = content.value.as_deref().unwrap_or_default();
        assert!(html.contains("<strong>torque</strong>"), "{html}");
        assert!(page.body.contains("&lt;strong&gt;torque&lt;/strong&gt;"));
        let last = feed.entries[0].content.as_ref().unwrap();
        let last = last.value.as_deref().unwrap_or_default();
        assert!(!last.contains("<script>"), "sanitised: {last}");
        assert!(last.contains("pressing on it"), "{last}");
        assert!(!page.body.contains('\u{7}'), "nothing XML cannot carry");

        // Staff see the same feed as everyone.
        let staff_feed = atom(
            &staff.get(&format!("/t/{id}/feed.atom")).await,
            DEFAULT_BASE,
        );
        assert_eq!(entry_ids(&staff_feed), entry_ids(&feed));

        advertises(&visitor.get(&url).await, &format!("/t/{id}/feed.atom"));
        visitor.get("/t/999999/feed.atom").await.assert_status(404);
        visitor.get("/t/abc/feed.atom").await.assert_status(404);
        // Only GET: a POST to a feed changes nothing and is not a feed.
        let post = visitor.post(&format!("/t/{id}/feed.atom"), &[]).await;
        assert!(post.status.is_client_error(), "{}", post.status);
    })
    .await;
}

#[actix_web::test]
async fn a_member_feed_has_their_threads_only() {
    each_db(|alice| async move {
        alice.register("alice_fix").await;
        let bob = alice.visitor().await;
        bob.register("bob_fix").await;
        let a1 = thread_id(
            &alice
                .start_thread("guide", "Replace the Modulo fan", "", "Step by step.")
                .await,
        );
        let b1 = thread_id(
            &bob.start_thread("troubleshooting", "Wifi drops hourly", "", "On 5 GHz.")
                .await,
        );
        alice.reply(b1, "Try a fixed channel.").await;
        let a2 = thread_id(
            &alice
                .start_thread(
                    "discussion",
                    "Which fans fit the Modulo",
                    "",
                    "Any generic one?",
                )
                .await,
        );

        let visitor = alice.visitor().await;
        let feed = atom(&visitor.get("/u/alice_fix/feed.atom").await, DEFAULT_BASE);
        assert_eq!(
            entry_ids(&feed),
            vec![
                format!("{DEFAULT_BASE}/t/{a2}"),
                format!("{DEFAULT_BASE}/t/{a1}"),
            ]
        );
        assert!(feed
            .entries
            .iter()
            .all(|e| e.authors[0].name == "alice_fix"));
        let bobs = atom(&visitor.get("/u/bob_fix/feed.atom").await, DEFAULT_BASE);
        assert_eq!(entry_ids(&bobs), vec![format!("{DEFAULT_BASE}/t/{b1}")]);
        // The name in any case, as the profile takes it.
        let again = atom(&visitor.get("/u/ALICE_FIX/feed.atom").await, DEFAULT_BASE);
        assert_eq!(entry_ids(&again), entry_ids(&feed));

        advertises(&visitor.get("/u/alice_fix").await, "/u/alice_fix/feed.atom");
        visitor
            .get("/u/nobody_here/feed.atom")
            .await
            .assert_status(404);
    })
    .await;
}

#[actix_web::test]
async fn a_withdrawn_thread_appears_in_no_feed() {
    each_db(|staff| async move {
        staff.register_as("staff_withdraw", Role::Admin).await;
        devices(&staff).await;
        let asker = staff.visitor().await;
        asker.register("asker_wd").await;
        let url = asker
            .start_thread(
                "troubleshooting",
                "Copied text about hinges",
                "modulo-13",
                "Pasted from a paid manual.",
            )
            .await;
        let id = thread_id(&url);
        let kept = thread_id(
            &asker
                .start_thread(
                    "troubleshooting",
                    "Modulo 13 speaker buzz",
                    "modulo-13",
                    "At max volume.",
                )
                .await,
        );
        let helper = staff.visitor().await;
        helper.register("helper_wd").await;
        let answer = helper.reply(id, "See page 12.").await;
        asker
            .post(&format!("/posts/{answer}/solution"), &[])
            .await
            .assert_status(303);

        let visitor = staff.visitor().await;
        let feeds = [
            "/feeds/latest.atom",
            "/feeds/solved.atom",
            "/devices/modulo-computers/feed.atom",
            "/devices/modulo-13/feed.atom",
            "/u/asker_wd/feed.atom",
        ];
        for feed in feeds {
            let listed = atom(&visitor.get(feed).await, DEFAULT_BASE);
            assert!(
                lists_thread(&listed, DEFAULT_BASE, id),
                "{feed} lists it at first"
            );
        }
        atom(
            &visitor.get(&format!("/t/{id}/feed.atom")).await,
            DEFAULT_BASE,
        );
        advertises(&visitor.get(&url).await, &format!("/t/{id}/feed.atom"));

        let opening = opening_post(&staff, id);
        staff
            .post(
                &format!("/posts/{opening}/hide"),
                &[("reason", "copied from a paid manual")],
            )
            .await
            .assert_status(303);
        for feed in feeds {
            let page = visitor.get(feed).await;
            let listed = atom(&page, DEFAULT_BASE);
            assert!(
                !lists_thread(&listed, DEFAULT_BASE, id),
                "{feed} still lists it"
            );
            assert!(!page.body.contains("Copied text about hinges"), "{feed}");
            if feed != "/feeds/solved.atom" {
                assert!(
                    lists_thread(&listed, DEFAULT_BASE, kept),
                    "{feed} keeps the rest"
                );
            }
        }
        for reader in [&visitor, &staff] {
            reader
                .get(&format!("/t/{id}/feed.atom"))
                .await
                .assert_status(404);
            reader
                .get(&url)
                .await
                .assert_status(200)
                .assert_lacks(&format!("href=\"/t/{id}/feed.atom\""));
        }
    })
    .await;
}

/// Whatever serves a repeated request, it is the same Atom with its own
/// content type, and a write through this server shows in the next one.
#[actix_web::test]
async fn a_repeated_feed_is_atom_and_a_write_makes_it_fresh() {
    each_db(|app| async move {
        app.register("fresh_fay").await;
        app.start_thread("troubleshooting", "First fresh question", "", "One.")
            .await;
        let visitor = app.visitor().await;
        for path in ["/feeds/latest.atom", "/u/fresh_fay/feed.atom"] {
            let first = visitor.get(path).await;
            let again = visitor.get(path).await;
            atom(&again, DEFAULT_BASE);
            assert_eq!(again.body, first.body, "{path}");
        }
        app.start_thread("troubleshooting", "Second fresh question", "", "Two.")
            .await;
        for path in ["/feeds/latest.atom", "/u/fresh_fay/feed.atom"] {
            let feed = atom(&visitor.get(path).await, DEFAULT_BASE);
            assert_eq!(
                titles(&feed),
                vec!["Second fresh question", "First fresh question"],
                "{path}"
            );
        }
    })
    .await;
}

#[actix_web::test]
async fn feeds_are_kept_like_pages_until_the_forum_changes() {
    use std::io::Read;
    each_db(|app| async move {
        app.register("cache_carl").await;
        app.start_thread("troubleshooting", "First kept question", "", "One.")
            .await;
        let visitor = app.visitor().await;
        let path = "/feeds/latest.atom";
        let first = visitor.get(path).await;
        assert_eq!(first.header(CACHE_HEADER), "", "the first request renders");
        atom(&first, DEFAULT_BASE);

        let again = visitor.get(path).await;
        assert_eq!(again.header(CACHE_HEADER), "hit", "the second is kept");
        assert_eq!(again.body, first.body);
        atom(&again, DEFAULT_BASE);

        // Gzipped once, as pages are.
        let (status, headers, gzipped) = visitor.get_accepting(path, "gzip, deflate, br").await;
        assert_eq!(status, 200);
        assert_eq!(headers.get(CACHE_HEADER).unwrap(), "hit");
        assert_eq!(headers.get("content-encoding").unwrap(), "gzip");
        assert_eq!(
            headers.get("content-type").unwrap(),
            "application/atom+xml; charset=utf-8"
        );
        let mut xml = String::new();
        flate2::read::GzDecoder::new(&gzipped[..])
            .read_to_string(&mut xml)
            .expect("a gzip body");
        assert_eq!(xml, first.body);

        // A write through this server: the next request sees it at once.
        app.start_thread("troubleshooting", "Second fresh question", "", "Two.")
            .await;
        let after = visitor.get(path).await;
        assert_eq!(after.header(CACHE_HEADER), "", "a write empties the cache");
        let feed = atom(&after, DEFAULT_BASE);
        assert_eq!(feed.entries[0].title.value, "Second fresh question");
    })
    .await;
}

#[actix_web::test]
async fn feeds_link_to_the_public_url() {
    for db in TestDb::all() {
        let app = TestApp::with_config(db, |c| {
            c.base_url = Some("https://fix.example/".into());
        })
        .await;
        app.register("public_pat").await;
        let url = app
            .start_thread("guide", "Open the Modulo case", "", "Six screws.")
            .await;
        let id = thread_id(&url);
        let base = "https://fix.example";
        let feed = atom(&app.visitor().await.get("/feeds/latest.atom").await, base);
        assert_eq!(feed.id, format!("{base}/feeds/latest.atom"));
        assert_eq!(feed.entries[0].id, format!("{base}/t/{id}"));
        assert_eq!(feed.entries[0].links[0].href, format!("{base}{url}"));
        let replies = atom(&app.get(&format!("/t/{id}/feed.atom")).await, base);
        assert!(replies.entries.is_empty(), "{}", app.db_label);
        assert_eq!(
            replies
                .links
                .iter()
                .find(|l| l.rel == "alternate")
                .unwrap()
                .href,
            format!("{base}{url}")
        );
    }
}
