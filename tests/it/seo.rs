//! Findable from web search: a thread page's canonical address, description
//! and schema.org JSON-LD (QAPage, HowTo, DiscussionForumPosting) read back
//! from the page; nothing hidden in them and no way out of their script
//! element; robots.txt; the sitemap index and its sitemaps read with a real
//! XML parser and checked against what the sitemaps.org 0.9 schema demands.

use std::collections::BTreeMap;

use fixloop::model::accounts::users::Role;
use fixloop::web::page_cache::CACHE_HEADER;
use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;
use serde_json::Value;

use crate::common::{thread_id, Page, TestApp, TestDb};

/// The public address the tests' apps are given (`FIXLOOP_BASE_URL`).
const BASE: &str = "https://fix.example";

const SITEMAP_NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";

/// Runs a test body once per database, on an app with the public address `BASE`.
async fn each_db_at_base<F, Fut>(body: F)
where
    F: Fn(TestApp) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    for db in TestDb::all() {
        eprintln!("-- on {}", db.label);
        let app = TestApp::with_config(db, |c| c.base_url = Some(format!("{BASE}/"))).await;
        body(app).await;
    }
}

/// The page's `<head>`.
fn head(page: &Page) -> &str {
    &page.body[..page.body.find("</head>").expect("a head")]
}

/// The JSON-LD of a page, if it has one (never more than one), parsed.
#[track_caller]
fn json_ld(page: &Page) -> Option<Value> {
    page.assert_status(200);
    let open = "<script type=\"application/ld+json\">";
    assert!(
        page.body.matches(open).count() <= 1,
        "one JSON-LD block at most"
    );
    let start = page.body.find(open)? + open.len();
    assert!(start < head(page).len(), "the JSON-LD is in the head");
    // Where an HTML parser ends the element: the first `</script` after it.
    let end = page.body[start..]
        .to_ascii_lowercase()
        .find("</script")
        .expect("the script element ends")
        + start;
    let text = &page.body[start..end];
    assert!(!text.contains("<!--"), "no comment opens inside: {text}");
    Some(
        serde_json::from_str(text)
            .unwrap_or_else(|e| panic!("the JSON-LD does not parse ({e}): {text}")),
    )
}

/// The `href` of the page's `<link rel="canonical">`.
#[track_caller]
fn canonical(page: &Page) -> String {
    let marker = "<link rel=\"canonical\" href=\"";
    let head = head(page);
    assert_eq!(head.matches(marker).count(), 1, "one canonical link");
    let start = head.find(marker).unwrap() + marker.len();
    let end = head[start..].find('"').unwrap() + start;
    unescape_html(&head[start..end])
}

/// The `content` of `<meta name="description">`, unescaped.
#[track_caller]
fn meta_description(page: &Page) -> String {
    let marker = "<meta name=\"description\" content=\"";
    let head = head(page);
    assert_eq!(head.matches(marker).count(), 1, "one description");
    let start = head.find(marker).unwrap() + marker.len();
    let end = head[start..].find('"').unwrap() + start;
    unescape_html(&head[start..end])
}

/// Undoes what Tera's autoescape writes.
fn unescape_html(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&#x2F;", "/")
        .replace("&amp;", "&")
}

#[track_caller]
fn assert_w3c_datetime(value: &Value) {
    let text = value
        .as_str()
        .unwrap_or_else(|| panic!("{value} is a date"));
    chrono::DateTime::parse_from_rfc3339(text)
        .unwrap_or_else(|e| panic!("{text} is not an ISO 8601 date-time: {e}"));
}

fn opening_post(app: &TestApp, thread: i64) -> i64 {
    app.db(|conn| {
        fixloop::model::discussion::posts::page_of_thread(conn, thread, 0, 1).unwrap()[0].id
    })
}

#[actix_web::test]
async fn a_solved_question_is_a_qa_page_with_its_accepted_and_suggested_answers() {
    each_db_at_base(|asker| async move {
        asker.register("qa_asker").await;
        let url = asker
            .start_thread(
                "troubleshooting",
                "Fan spins at full speed after sleep",
                "",
                "Since the update the fan **roars**\n\nafter waking from sleep. Any idea?",
            )
            .await;
        let id = thread_id(&url);
        let helper = asker.visitor().await;
        helper.register("qa_helper").await;
        let other = asker.visitor().await;
        other.register("qa_other").await;
        let voter = asker.visitor().await;
        voter.register("qa_voter").await;
        let staff = asker.visitor().await;
        staff.register_as("qa_staff", Role::Staff).await;

        let accepted = helper
            .reply(id, "Reset the fan curve: hold *Fn+F12* for 10 s.")
            .await;
        let reseat = other.reply(id, "Re-seat the fan connector.").await;
        let thanks = voter.reply(id, "Same here, following.").await;
        let hidden = other
            .reply(id, "Buy my miracle zebracleaner spray today.")
            .await;
        for (app, post) in [(&voter, reseat), (&asker, reseat), (&voter, accepted)] {
            app.post(&format!("/posts/{post}/vote"), &[])
                .await
                .assert_status(303);
        }
        voter
            .post(&format!("/t/{id}/me-too"), &[])
            .await
            .assert_status(303);
        asker
            .post(&format!("/posts/{accepted}/solution"), &[])
            .await
            .assert_status(303);
        staff
            .post(&format!("/posts/{hidden}/hide"), &[("reason", "spam")])
            .await
            .assert_status(303);

        let visitor = asker.visitor().await;
        let page = visitor.get(&url).await;
        let ld = json_ld(&page).expect("a solved question has structured data");
        assert_eq!(ld["@context"], "https://schema.org");
        assert_eq!(ld["@type"], "QAPage");
        assert_eq!(ld["url"], format!("{BASE}{url}"));
        let question = &ld["mainEntity"];
        assert_eq!(question["@type"], "Question");
        assert_eq!(question["name"], "Fan spins at full speed after sleep");
        assert_eq!(
            question["text"],
            "Since the update the fan roars after waking from sleep. Any idea?"
        );
        assert_eq!(question["answerCount"], 3, "visible replies only");
        assert_eq!(question["upvoteCount"], 1, "one member has it too");
        assert_eq!(question["author"]["@type"], "Person");
        assert_eq!(question["author"]["name"], "qa_asker");
        assert_w3c_datetime(&question["dateCreated"]);

        let answer = &question["acceptedAnswer"];
        assert_eq!(answer["@type"], "Answer");
        assert_eq!(answer["text"], "Reset the fan curve: hold Fn+F12 for 10 s.");
        assert_eq!(answer["upvoteCount"], 1);
        assert_eq!(answer["author"]["name"], "qa_helper");
        assert_eq!(answer["url"], format!("{BASE}{url}#post-{accepted}"));
        assert_w3c_datetime(&answer["dateCreated"]);

        let suggested = question["suggestedAnswer"].as_array().expect("a list");
        let texts: Vec<&str> = suggested
            .iter()
            .map(|a| a["text"].as_str().unwrap())
            .collect();
        assert_eq!(
            texts,
            ["Re-seat the fan connector.", "Same here, following."],
            "the other visible replies, the most helpful first"
        );
        assert_eq!(suggested[0]["upvoteCount"], 2);
        assert_eq!(suggested[0]["url"], format!("{BASE}{url}#post-{reseat}"));
        assert_eq!(suggested[1]["upvoteCount"], 0);
        assert_eq!(suggested[1]["url"], format!("{BASE}{url}#post-{thanks}"));
        let all = ld.to_string();
        assert!(!all.contains("zebracleaner"), "a hidden reply is left out");
        assert!(!all.contains(&format!("post-{hidden}")));
        // Staff see the hidden reply on the page; never in its structured data.
        let staff_page = staff.get(&url).await;
        staff_page.assert_contains("zebracleaner");
        assert!(!json_ld(&staff_page)
            .unwrap()
            .to_string()
            .contains("zebracleaner"));

        // The kept page (visitors' cache) says the same.
        let again = visitor.get(&url).await;
        assert_eq!(again.header(CACHE_HEADER), "hit");
        assert_eq!(json_ld(&again), Some(ld));

        // A question nobody accepted an answer for, with a staff-verified one.
        let url = asker
            .start_thread(
                "troubleshooting",
                "Hinge creaks at ninety degrees",
                "",
                "It creaks.",
            )
            .await;
        let id = thread_id(&url);
        let first = other.reply(id, "Mine too.").await;
        let verified = helper
            .reply(id, "A drop of silicone grease on the hinge pin.")
            .await;
        let ld = json_ld(&visitor.get(&url).await).unwrap();
        assert_eq!(ld["@type"], "DiscussionForumPosting", "not solved yet");
        staff
            .post(
                &format!("/posts/{verified}/verify"),
                &[("note", "Checked on rev B")],
            )
            .await
            .assert_status(303);
        let ld = json_ld(&visitor.get(&url).await).unwrap();
        assert_eq!(ld["@type"], "QAPage");
        let question = &ld["mainEntity"];
        assert_eq!(
            question["acceptedAnswer"]["text"],
            "A drop of silicone grease on the hinge pin."
        );
        assert_eq!(
            question["acceptedAnswer"]["url"],
            format!("{BASE}{url}#post-{verified}")
        );
        let suggested = question["suggestedAnswer"].as_array().unwrap();
        assert_eq!(suggested.len(), 1);
        assert_eq!(suggested[0]["url"], format!("{BASE}{url}#post-{first}"));
        assert!(question.get("upvoteCount").is_none(), "nobody has it too");
    })
    .await;
}

#[actix_web::test]
async fn a_guide_is_a_how_to_with_its_visible_steps_tools_parts_and_time() {
    each_db_at_base(|author| async move {
        author.register("howto_author").await;
        let url = author
            .start_thread(
                "guide",
                "Replace the battery of the Modulo 13",
                "",
                "A worn battery holds less charge. This guide swaps it.",
            )
            .await;
        let id = thread_id(&url);
        author
            .post(
                &format!("/t/{id}/guide/edit"),
                &[
                    ("difficulty", "easy"),
                    ("time_min", "15"),
                    ("time_max", "40"),
                    ("tools", "T5 Torx driver\nSpudger"),
                    ("parts", "Battery pack 55 Wh"),
                    ("prerequisites", ""),
                    ("conclusion", "Charge it fully once."),
                ],
            )
            .await
            .assert_status(303);
        for (title, body, caution) in [
            ("Unplug the charger", "Pull the **plug**.", ""),
            ("Peel the secret sticker", "Use kangaroosecret tools.", ""),
            (
                "Disconnect the battery",
                "Lift the connector.",
                "Never puncture a swollen battery.",
            ),
        ] {
            author
                .post(
                    &format!("/t/{id}/steps"),
                    &[
                        ("title", title),
                        ("body", body),
                        ("caution", caution),
                        ("note", ""),
                        ("position", ""),
                    ],
                )
                .await
                .assert_status(303);
        }
        let steps: Vec<(i64, i32)> = author.db(|conn| {
            fixloop::model::knowledge::guides::steps(conn, id)
                .unwrap()
                .into_iter()
                .map(|s| (s.id, s.position))
                .collect()
        });
        let staff = author.visitor().await;
        staff.register_as("howto_staff", Role::Staff).await;
        staff
            .post(
                &format!("/steps/{}/hide", steps[1].0),
                &[("reason", "not safe")],
            )
            .await
            .assert_status(303);

        let page = author.visitor().await.get(&url).await;
        let ld = json_ld(&page).expect("a guide has structured data");
        assert_eq!(ld["@context"], "https://schema.org");
        assert_eq!(ld["@type"], "HowTo");
        assert_eq!(ld["name"], "Replace the battery of the Modulo 13");
        assert_eq!(
            ld["description"],
            "A worn battery holds less charge. This guide swaps it."
        );
        assert_eq!(ld["url"], format!("{BASE}{url}"));
        assert_eq!(ld["totalTime"], "PT40M", "the longest time");
        assert_eq!(ld["author"]["name"], "howto_author");
        let tools: Vec<(&str, &str)> = ld["tool"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| (t["@type"].as_str().unwrap(), t["name"].as_str().unwrap()))
            .collect();
        assert_eq!(
            tools,
            [("HowToTool", "T5 Torx driver"), ("HowToTool", "Spudger")]
        );
        assert_eq!(ld["supply"][0]["@type"], "HowToSupply");
        assert_eq!(ld["supply"][0]["name"], "Battery pack 55 Wh");
        assert_eq!(ld["supply"].as_array().unwrap().len(), 1);

        let step = ld["step"].as_array().unwrap();
        assert_eq!(step.len(), 2, "the hidden step is left out");
        assert_eq!(step[0]["@type"], "HowToStep");
        assert_eq!(step[0]["name"], "Unplug the charger");
        assert_eq!(step[0]["text"], "Pull the plug.");
        assert_eq!(step[0]["position"], steps[0].1);
        assert_eq!(step[0]["url"], format!("{BASE}{url}#step-{}", steps[0].0));
        assert_eq!(step[1]["name"], "Disconnect the battery");
        assert_eq!(
            step[1]["text"],
            "Caution: Never puncture a swollen battery. Lift the connector."
        );
        assert_eq!(step[1]["position"], steps[2].1);
        assert_eq!(step[1]["url"], format!("{BASE}{url}#step-{}", steps[2].0));
        assert!(steps[0].1 < steps[2].1, "in the guide's order");
        assert!(!ld.to_string().contains("kangaroosecret"));
        assert!(!ld.to_string().contains("secret sticker"));
        // Every step's anchor is on the page.
        page.assert_contains(&format!("id=\"step-{}\"", steps[0].0))
            .assert_contains(&format!("id=\"step-{}\"", steps[2].0));
    })
    .await;
}

#[actix_web::test]
async fn other_threads_are_discussion_forum_postings() {
    each_db_at_base(|app| async move {
        app.register("talk_starter").await;
        let url = app
            .start_thread(
                "discussion",
                "Which thermal paste do you use?",
                "",
                "Looking for *opinions* on pastes.",
            )
            .await;
        let id = thread_id(&url);
        let other = app.visitor().await;
        other.register("talk_other").await;
        let first = other.reply(id, "Arctic MX-4, no complaints.").await;
        let hidden = other.reply(id, "wallabyspam offer").await;
        let last = app.reply(id, "Thanks!").await;
        let staff = app.visitor().await;
        staff.register_as("talk_staff", Role::Staff).await;
        staff
            .post(&format!("/posts/{hidden}/hide"), &[("reason", "spam")])
            .await
            .assert_status(303);

        let ld = json_ld(&app.visitor().await.get(&url).await).unwrap();
        assert_eq!(ld["@context"], "https://schema.org");
        assert_eq!(ld["@type"], "DiscussionForumPosting");
        assert_eq!(ld["headline"], "Which thermal paste do you use?");
        assert_eq!(ld["text"], "Looking for opinions on pastes.");
        assert_eq!(ld["url"], format!("{BASE}{url}"));
        assert_eq!(ld["author"]["name"], "talk_starter");
        assert_w3c_datetime(&ld["datePublished"]);
        let stats = &ld["interactionStatistic"];
        assert_eq!(stats["@type"], "InteractionCounter");
        assert_eq!(stats["interactionType"], "https://schema.org/CommentAction");
        assert_eq!(stats["userInteractionCount"], 2);
        let comments = ld["comment"].as_array().unwrap();
        let urls: Vec<&str> = comments
            .iter()
            .map(|c| c["url"].as_str().unwrap())
            .collect();
        assert_eq!(
            urls,
            [
                format!("{BASE}{url}#post-{first}"),
                format!("{BASE}{url}#post-{last}")
            ]
        );
        assert_eq!(comments[0]["@type"], "Comment");
        assert_eq!(comments[0]["text"], "Arctic MX-4, no complaints.");
        assert_eq!(comments[0]["author"]["name"], "talk_other");
        assert!(!ld.to_string().contains("wallabyspam"));

        // An open question is one too.
        let url = app
            .start_thread(
                "troubleshooting",
                "Screen flickers",
                "",
                "Flicker at 60 Hz.",
            )
            .await;
        let ld = json_ld(&app.visitor().await.get(&url).await).unwrap();
        assert_eq!(ld["@type"], "DiscussionForumPosting");
        assert_eq!(ld["interactionStatistic"]["userInteractionCount"], 0);
        assert!(ld.get("comment").is_none());
    })
    .await;
}

#[actix_web::test]
async fn a_script_end_tag_in_a_post_cannot_break_out_of_the_json_ld() {
    each_db_at_base(|app| async move {
        app.register("breakout").await;
        let body = "Before </script><script>alert(\"ld\")</script> after <!-- x --> & done";
        let url = app
            .start_thread("discussion", "A </script> in a title", "", body)
            .await;
        let id = thread_id(&url);
        app.reply(id, "Reply </SCRIPT ><img src=x onerror=alert(2)>")
            .await;
        let page = app.visitor().await.get(&url).await;
        let ld = json_ld(&page).expect("parses up to where the element ends");
        assert_eq!(ld["headline"], "A </script> in a title");
        let text = ld["text"].as_str().unwrap();
        assert!(
            text.contains("</script><script>alert(\"ld\")</script>") && text.ends_with("& done"),
            "the text is whole, inside the JSON: {text}"
        );
        assert!(ld["comment"][0]["text"]
            .as_str()
            .unwrap()
            .contains("</SCRIPT >"));
        // Nothing a member wrote became markup anywhere on the page (as text it may show).
        page.assert_lacks("<script>alert")
            .assert_lacks("<img src=x onerror")
            .assert_lacks("</SCRIPT >");
        assert_eq!(
            page.body.matches("<script").count(),
            1,
            "the JSON-LD is the page's only script element"
        );
        assert_eq!(
            meta_description(&page),
            fixloop::web::discovery::seo::description(&fixloop::render::markdown::to_plain_text(
                body
            ))
        );
    })
    .await;
}

#[actix_web::test]
async fn thread_pages_name_their_canonical_address_and_describe_the_question() {
    each_db_at_base(|app| async move {
        app.register("canon_asker").await;
        let words = "The \"battery\" <drains> & the fan whirs while asleep. ".repeat(8);
        let body = format!("   {words}\n\n   More   text.");
        let url = app
            .start_thread("troubleshooting", "Battery drains overnight", "", &body)
            .await;
        let id = thread_id(&url);
        assert!(url.starts_with(&format!("/t/{id}/")));
        let expected = format!("{BASE}{url}");
        let visitor = app.visitor().await;
        for path in [url.clone(), format!("/t/{id}")] {
            let page = visitor.get(&path).await;
            page.assert_status(200);
            assert_eq!(canonical(&page), expected, "{path}");
        }
        // Another slug (an older title) is sent on to the thread's own.
        let moved = visitor.get(&format!("/t/{id}/an-old-slug")).await;
        moved.assert_status(301);
        assert_eq!(moved.location(), url);
        let page = visitor.get(&url).await;
        let description = meta_description(&page);
        assert_eq!(
            description,
            fixloop::web::discovery::seo::description(&fixloop::render::markdown::to_plain_text(
                &body
            ))
        );
        assert!(
            description.starts_with("The \"battery\" <drains> & the fan whirs while asleep. The")
        );
        assert!(description.ends_with('…'));
        assert!(description.chars().count() <= fixloop::web::discovery::seo::DESCRIPTION_CHARS + 1);
        assert!(!description.contains("  "), "whitespace collapsed");
        // Escaped by the template: the attribute holds no raw quote or angle bracket.
        assert!(head(&page).contains("&quot;battery&quot; &lt;drains&gt; &amp; the fan"));
        page.assert_lacks("name=\"robots\"");

        // A later page names itself, says which it is, and carries no JSON-LD.
        let per_page = fixloop::forum::discussion::threads::POSTS_PER_PAGE;
        for n in 0..per_page {
            app.reply(id, &format!("Reply number {n}.")).await;
        }
        let page = visitor.get(&format!("{url}?page=2")).await;
        page.assert_status(200);
        assert_eq!(canonical(&page), format!("{expected}?page=2"));
        assert_eq!(
            meta_description(&page),
            "Page 2 of 2 of the replies to “Battery drains overnight”."
        );
        assert!(json_ld(&page).is_none());
        assert_eq!(canonical(&visitor.get(&url).await), expected);

        // A renamed thread's address follows its new slug.
        let opening = opening_post(&app, id);
        app.post(
            &format!("/posts/{opening}/edit"),
            &[
                ("title", "Battery drains overnight in sleep"),
                ("device", ""),
                ("body", &body),
                ("action", "save"),
            ],
        )
        .await
        .assert_status(303);
        let slug = app.db(|conn| {
            fixloop::model::discussion::threads::find(conn, id)
                .unwrap()
                .slug
        });
        assert_eq!(
            canonical(&visitor.get(&format!("/t/{id}")).await),
            format!("{BASE}/t/{id}/{slug}")
        );
    })
    .await;
}

#[actix_web::test]
async fn a_withdrawn_thread_says_nothing_of_itself_and_is_not_indexed() {
    each_db_at_base(|app| async move {
        app.register("withdrawn_author").await;
        let url = app
            .start_thread(
                "troubleshooting",
                "Withdrawn question",
                "",
                "Copied koalamanual text.",
            )
            .await;
        let id = thread_id(&url);
        let answer = app.visitor().await;
        answer.register("withdrawn_helper").await;
        let reply = answer.reply(id, "Try this.").await;
        app.post(&format!("/posts/{reply}/solution"), &[])
            .await
            .assert_status(303);
        assert_eq!(
            json_ld(&app.visitor().await.get(&url).await).unwrap()["@type"],
            "QAPage"
        );
        let staff = app.visitor().await;
        staff.register_as("withdrawn_staff", Role::Staff).await;
        let opening = opening_post(&app, id);
        staff
            .post(
                &format!("/posts/{opening}/hide"),
                &[("reason", "copied from a paid manual")],
            )
            .await
            .assert_status(303);
        for reader in [&app.visitor().await, &staff] {
            let page = reader.get(&url).await;
            assert!(json_ld(&page).is_none(), "no structured data");
            assert!(head(&page).contains("<meta name=\"robots\" content=\"noindex\">"));
            assert!(!meta_description(&page).contains("koalamanual"));
            assert_eq!(canonical(&page), format!("{BASE}{url}"));
        }
        let index = app.visitor().await.get("/sitemap.xml").await;
        for sitemap in read_sitemap(&index, Kind::Index) {
            let path = sitemap.loc.strip_prefix(BASE).unwrap();
            let page = app.visitor().await.get(path).await;
            assert!(
                read_sitemap(&page, Kind::UrlSet)
                    .iter()
                    .all(|u| !u.loc.starts_with(&format!("{BASE}/t/{id}/"))),
                "{path} lists no withdrawn thread"
            );
        }
    })
    .await;
}

#[actix_web::test]
async fn robots_txt_opens_the_forum_and_names_the_sitemap() {
    each_db_at_base(|app| async move {
        let page = app.get("/robots.txt").await;
        page.assert_status(200);
        assert_eq!(page.header("content-type"), "text/plain; charset=utf-8");
        let lines: Vec<&str> = page.body.lines().collect();
        assert!(lines.contains(&"User-agent: *"));
        assert!(lines.contains(&"Allow: /"));
        for private in [
            "/settings",
            "/staff/",
            "/admin/",
            "/api/",
            "/notifications",
            "/login",
            "/register",
            "/threads/",
            "/search",
        ] {
            assert!(
                lines.contains(&format!("Disallow: {private}").as_str()),
                "{private} is kept out:\n{}",
                page.body
            );
        }
        assert!(lines.contains(&format!("Sitemap: {BASE}/sitemap.xml").as_str()));
        // Nothing public is disallowed: threads, devices, profiles, feeds.
        for rule in lines.iter().filter_map(|l| l.strip_prefix("Disallow: ")) {
            for public in [
                "/t/1/slug",
                "/t/1/slug?page=2",
                "/devices/modulo",
                "/u/someone",
                "/feeds/latest.atom",
                "/media/photo.webp",
                "/",
            ] {
                assert!(!matches_rule(rule, public), "{rule} keeps out {public}");
            }
        }
        for kept_out in [
            "/t/1/guide/edit",
            "/devices/modulo/edit",
            "/posts/5/edit",
            "/api/v1/threads",
        ] {
            assert!(
                lines
                    .iter()
                    .filter_map(|l| l.strip_prefix("Disallow: "))
                    .any(|rule| matches_rule(rule, kept_out)),
                "{kept_out} is kept out"
            );
        }
        // Pages under a disallowed path need a login or are staff's.
        for path in [
            "/settings",
            "/settings/tokens",
            "/staff/queue",
            "/threads/new",
            "/notifications",
        ] {
            let status = app.get(path).await.status.as_u16();
            assert!(matches!(status, 303 | 401 | 403), "{path}: {status}");
        }
    })
    .await;
}

/// Whether a robots.txt rule (RFC 9309: a path prefix, `*` for any
/// characters) matches a path.
fn matches_rule(rule: &str, path: &str) -> bool {
    let mut rest = path;
    for (i, part) in rule.split('*').enumerate() {
        if i == 0 {
            match rest.strip_prefix(part) {
                Some(after) => rest = after,
                None => return false,
            }
        } else {
            match rest.find(part) {
                Some(at) => rest = &rest[at + part.len()..],
                None => return false,
            }
        }
    }
    true
}

/// Which kind of sitemap document.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    /// `<sitemapindex>` of `<sitemap>` entries.
    Index,
    /// `<urlset>` of `<url>` entries.
    UrlSet,
}

#[derive(Debug, Clone)]
struct Entry {
    loc: String,
    lastmod: Option<String>,
}

/// A sitemap response read with a namespace-aware XML parser and checked
/// against what sitemaps.org's siteindex.xsd / sitemap.xsd (0.9) require:
/// the content type, one root in the sitemap namespace, entries of exactly
/// one `loc` (an absolute URL of 12 to 2,048 characters under `BASE`) and
/// at most one `lastmod` (a W3C date or date-time; `loc` first in a
/// `<url>`), nothing else, no text between elements, 1 to 50,000 entries.
#[track_caller]
fn read_sitemap(page: &Page, kind: Kind) -> Vec<Entry> {
    page.assert_status(200);
    assert_eq!(
        page.header("content-type"),
        "application/xml; charset=utf-8"
    );
    parse_sitemap(&page.body, kind)
}

#[track_caller]
fn parse_sitemap(xml: &str, kind: Kind) -> Vec<Entry> {
    let (root, item) = match kind {
        Kind::Index => ("sitemapindex", "sitemap"),
        Kind::UrlSet => ("urlset", "url"),
    };
    assert!(
        xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"),
        "an XML declaration first"
    );
    let mut reader = NsReader::from_str(xml);
    let mut path: Vec<String> = Vec::new();
    let mut entries: Vec<Entry> = Vec::new();
    let mut fields: BTreeMap<String, String> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    let mut text = String::new();
    let mut roots = 0;
    loop {
        let (ns, event) = reader
            .read_resolved_event()
            .unwrap_or_else(|e| panic!("not well-formed XML ({e}):\n{xml}"));
        let in_namespace =
            matches!(&ns, ResolveResult::Bound(n) if n.as_ref() == SITEMAP_NS.as_bytes());
        match event {
            Event::Decl(_) => assert!(path.is_empty() && roots == 0),
            Event::Start(e) => {
                let name = String::from_utf8(e.local_name().as_ref().to_vec()).unwrap();
                assert!(in_namespace, "<{name}> is in the sitemap namespace");
                let expected: &[&str] = match path.len() {
                    0 => &[root],
                    1 => &[item],
                    2 => &["loc", "lastmod"],
                    _ => &[],
                };
                assert!(
                    expected.contains(&name.as_str()),
                    "<{name}> where {expected:?} may be (under {path:?})"
                );
                if path.is_empty() {
                    roots += 1;
                    assert_eq!(roots, 1, "one root");
                }
                if path.len() == 2 {
                    assert!(!fields.contains_key(&name), "one <{name}> per entry");
                    order.push(name.clone());
                }
                text.clear();
                path.push(name);
            }
            Event::Empty(e) => panic!(
                "an empty <{}/>: every element here holds something",
                String::from_utf8_lossy(e.local_name().as_ref())
            ),
            Event::Text(t) => {
                let t = t.decode().unwrap();
                if path.len() == 3 {
                    text.push_str(&t);
                } else {
                    assert!(t.trim().is_empty(), "no text between elements: {t:?}");
                }
            }
            Event::GeneralRef(r) => {
                assert_eq!(path.len(), 3, "references only inside loc and lastmod");
                if r.is_char_ref() {
                    text.push(r.resolve_char_ref().unwrap().unwrap());
                } else {
                    let name = r.decode().unwrap();
                    let resolved = quick_xml::escape::resolve_predefined_entity(&name)
                        .unwrap_or_else(|| panic!("&{name}; is not an XML entity"));
                    text.push_str(resolved);
                }
            }
            Event::End(_) => {
                let name = path.pop().unwrap();
                match path.len() {
                    2 => {
                        fields.insert(name, std::mem::take(&mut text));
                    }
                    1 => {
                        let loc = fields.remove("loc").expect("every entry has a <loc>");
                        if kind == Kind::UrlSet {
                            assert_eq!(order[0], "loc", "<loc> comes first in a <url>");
                        }
                        entries.push(Entry {
                            loc,
                            lastmod: fields.remove("lastmod"),
                        });
                        fields.clear();
                        order.clear();
                    }
                    _ => {}
                }
            }
            Event::Eof => break,
            other => panic!("unexpected {other:?} in a sitemap"),
        }
    }
    assert!(path.is_empty() && roots == 1, "a closed root");
    assert!(
        (1..=50_000).contains(&entries.len()),
        "1 to 50,000 entries, not {}",
        entries.len()
    );
    for entry in &entries {
        let loc = &entry.loc;
        assert!(
            (12..=2048).contains(&loc.len()) && loc.starts_with(&format!("{BASE}/")),
            "{loc} is an absolute address here"
        );
        url::Url::parse(loc).unwrap_or_else(|e| panic!("{loc}: {e}"));
        if let Some(lastmod) = &entry.lastmod {
            let ok = chrono::DateTime::parse_from_rfc3339(lastmod).is_ok()
                || chrono::NaiveDate::parse_from_str(lastmod, "%Y-%m-%d").is_ok();
            assert!(ok, "{lastmod} is a W3C datetime");
        }
    }
    entries
}

#[actix_web::test]
async fn the_sitemap_index_lists_sitemaps_of_every_public_thread_and_device() {
    each_db_at_base(|admin| async move {
        admin.register_as("map_admin", Role::Admin).await;
        admin
            .add_devices(&[("Modulo", "maker", ""), ("Modulo 13", "line", "modulo")])
            .await;
        let mut urls = Vec::new();
        for (kind, title) in [
            ("troubleshooting", "Fan noise & heat"),
            ("guide", "Swap the fan"),
            ("discussion", "Favourite screwdrivers"),
            ("troubleshooting", "Withdrawn one"),
        ] {
            urls.push(admin.start_thread(kind, title, "modulo-13", "Body.").await);
        }
        let withdrawn = urls.pop().unwrap();
        let opening = opening_post(&admin, thread_id(&withdrawn));
        admin
            .post(&format!("/posts/{opening}/hide"), &[("reason", "spam")])
            .await
            .assert_status(303);

        let visitor = admin.visitor().await;
        let page = visitor.get("/sitemap.xml").await;
        let sitemaps = read_sitemap(&page, Kind::Index);
        let locs: Vec<&str> = sitemaps.iter().map(|s| s.loc.as_str()).collect();
        assert_eq!(
            locs,
            [
                format!("{BASE}/sitemap-pages.xml"),
                format!("{BASE}/sitemap-threads-1.xml"),
                format!("{BASE}/sitemap-devices-1.xml"),
            ]
        );
        // The thread sitemap is as new as its newest activity.
        let newest = admin.db(|conn| {
            urls.iter()
                .map(|u| {
                    fixloop::model::discussion::threads::find(conn, thread_id(u))
                        .unwrap()
                        .last_activity_at
                })
                .max()
                .unwrap()
        });
        let lastmod = sitemaps[1].lastmod.as_deref().expect("a lastmod");
        assert_eq!(
            chrono::DateTime::parse_from_rfc3339(lastmod)
                .unwrap()
                .timestamp(),
            newest.and_utc().timestamp()
        );
        // Kept for the next visitor, with its content type.
        let again = visitor.get("/sitemap.xml").await;
        assert_eq!(again.header(CACHE_HEADER), "hit");
        assert_eq!(read_sitemap(&again, Kind::Index).len(), 3);

        let threads = read_sitemap(&visitor.get("/sitemap-threads-1.xml").await, Kind::UrlSet);
        let expected: Vec<String> = urls.iter().map(|u| format!("{BASE}{u}")).collect();
        let listed: Vec<String> = threads.iter().map(|u| u.loc.clone()).collect();
        assert_eq!(
            listed, expected,
            "public threads, by id, at their canonical address"
        );
        for (entry, url) in threads.iter().zip(&urls) {
            let at = admin.db(|conn| {
                fixloop::model::discussion::threads::find(conn, thread_id(url))
                    .unwrap()
                    .last_activity_at
            });
            let lastmod = entry.lastmod.as_deref().expect("a lastmod");
            assert_eq!(
                chrono::DateTime::parse_from_rfc3339(lastmod)
                    .unwrap()
                    .timestamp(),
                at.and_utc().timestamp()
            );
            // Each listed address is the page's own canonical one.
            let page = visitor.get(url).await;
            assert_eq!(canonical(&page), entry.loc);
        }

        let devices = read_sitemap(&visitor.get("/sitemap-devices-1.xml").await, Kind::UrlSet);
        let listed: Vec<&str> = devices.iter().map(|u| u.loc.as_str()).collect();
        assert_eq!(
            listed,
            [
                format!("{BASE}/devices/modulo"),
                format!("{BASE}/devices/modulo-13")
            ]
        );
        let hubs = read_sitemap(&visitor.get("/sitemap-pages.xml").await, Kind::UrlSet);
        assert_eq!(hubs[0].loc, format!("{BASE}/"));
        for entry in hubs.iter().chain(&devices) {
            let path = entry.loc.strip_prefix(BASE).unwrap();
            visitor.get(path).await.assert_status(200);
        }

        for missing in [
            "/sitemap-threads-2.xml",
            "/sitemap-threads-0.xml",
            "/sitemap-threads-01.xml",
            "/sitemap-threads-x.xml",
            "/sitemap-threads-99999999999999999999.xml",
            "/sitemap-devices-2.xml",
        ] {
            visitor.get(missing).await.assert_status(404);
        }
    })
    .await;
}

#[actix_web::test]
async fn sitemaps_split_threads_into_ranges_of_ids() {
    each_db_at_base(|app| async move {
        app.register_as("pages_staff", Role::Staff).await;
        let mut ids = Vec::new();
        for n in 0..7 {
            let url = app
                .start_thread("discussion", &format!("Thread number {n}"), "", "Body.")
                .await;
            ids.push(thread_id(&url));
        }
        let withdrawn = ids[2];
        let opening = opening_post(&app, withdrawn);
        app.post(&format!("/posts/{opening}/hide"), &[("reason", "spam")])
            .await
            .assert_status(303);
        let public: Vec<i64> = ids.iter().copied().filter(|id| *id != withdrawn).collect();

        // Three to a sitemap instead of 50,000: the same functions the pages use.
        const PER: i64 = 3;
        let base = "https://fix.example";
        let index = app
            .db(|conn| fixloop::web::discovery::seo::sitemap_index_xml(conn, base, PER).unwrap());
        let sitemaps = parse_sitemap(&index, Kind::Index);
        let numbers: Vec<i64> = sitemaps
            .iter()
            .filter_map(|s| s.loc.strip_prefix(&format!("{BASE}/sitemap-threads-")))
            .map(|rest| rest.trim_end_matches(".xml").parse().unwrap())
            .collect();
        let expected: Vec<i64> = {
            let mut buckets: Vec<i64> = public.iter().map(|id| (id - 1) / PER + 1).collect();
            buckets.dedup();
            buckets
        };
        assert_eq!(numbers, expected);
        assert!(
            numbers.len() >= 3,
            "seven threads make three sitemaps or more"
        );

        let mut listed = Vec::new();
        for number in &numbers {
            let xml = app.db(|conn| {
                fixloop::web::discovery::seo::threads_sitemap_xml(conn, base, *number, PER)
                    .unwrap()
                    .expect("a listed sitemap holds threads")
            });
            let urls = parse_sitemap(&xml, Kind::UrlSet);
            assert!(
                urls.len() as i64 <= PER,
                "at most {PER} in sitemap {number}"
            );
            for entry in urls {
                let id = thread_id(entry.loc.strip_prefix(BASE).unwrap());
                assert_eq!((id - 1) / PER + 1, *number, "{id} is in its range");
                listed.push(id);
            }
        }
        assert_eq!(listed, public, "every public thread once, by id");
        let past = numbers.last().unwrap() + 1;
        assert!(app
            .db(
                |conn| fixloop::web::discovery::seo::threads_sitemap_xml(conn, base, past, PER)
                    .unwrap()
            )
            .is_none());

        // Addresses are escaped as XML and read back whole.
        let odd_base = "https://fix.example/a&b";
        let xml = app.db(|conn| {
            fixloop::web::discovery::seo::threads_sitemap_xml(conn, odd_base, numbers[0], PER)
                .unwrap()
                .unwrap()
        });
        assert!(xml.contains("<loc>https://fix.example/a&amp;b/t/"));
        let mut reader = NsReader::from_str(&xml);
        let mut saw = String::new();
        loop {
            match reader.read_resolved_event().unwrap().1 {
                Event::Text(t) => saw.push_str(&t.decode().unwrap()),
                Event::GeneralRef(r) => saw.push_str(
                    quick_xml::escape::resolve_predefined_entity(&r.decode().unwrap()).unwrap(),
                ),
                Event::Eof => break,
                _ => {}
            }
        }
        assert!(saw.contains("https://fix.example/a&b/t/"));
    })
    .await;
}
