//! Posts keep their own language (issue 29): found when written, said with
//! `lang` in the HTML, filtered by (`?written=ko`) on the home list and in
//! search; posts from before are read by the `post_languages` job. Hangul
//! titles keep their letters in thread addresses (percent-encoded on the
//! wire); any other slug of the thread redirects to its own.

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Nullable, Text};

use crate::common::{each_db, each_engine, member, thread_id};

const KO_TITLE: &str = "노트북 배터리가 충전되지 않아요";
const KO_BODY: &str = "어댑터를 연결해도 배터리가 80%에서 더 이상 올라가지 않아요. \
    USB-C 충전기를 바꿔 봐도 똑같고, 전원 표시등은 계속 깜빡여요.";
/// The Hangul slug of KO_TITLE, as it goes in an address.
const KO_SLUG: &str = "%EB%85%B8%ED%8A%B8%EB%B6%81-%EB%B0%B0%ED%84%B0%EB%A6%AC%EA%B0%80-%EC%B6%A9%EC%A0%84%EB%90%98%EC%A7%80-%EC%95%8A%EC%95%84%EC%9A%94";
/// How the slug read before slugs kept their letters.
const ROMANISED: &str = "noteubug-baeteoriga-cungjeondoeji-anhayo";
const EN_TITLE: &str = "Laptop stops charging at 80 percent";
const EN_BODY: &str = "The USB-C adapter is plugged in but the battery never goes past \
    eighty percent, and the charge light keeps blinking.";

#[derive(QueryableByName)]
struct LangRow {
    #[diesel(sql_type = Nullable<Text>)]
    lang: Option<String>,
    #[diesel(sql_type = Bool)]
    lang_pending: bool,
}

fn post_langs(app: &crate::common::TestApp, thread: i64) -> Vec<(Option<String>, bool)> {
    app.db(|conn| {
        let rows: Vec<LangRow> = diesel::sql_query(
            "SELECT lang, lang_pending FROM posts WHERE thread_id = $1 ORDER BY reply_number",
        )
        .bind::<BigInt, _>(thread)
        .load(conn)
        .unwrap();
        rows.into_iter().map(|r| (r.lang, r.lang_pending)).collect()
    })
}

#[actix_web::test]
async fn a_korean_post_is_marked_korean_on_an_english_page() {
    each_db(|app| async move {
        let asker = member(&app, "minji").await;
        let ko = asker
            .start_thread("troubleshooting", KO_TITLE, "", KO_BODY)
            .await;
        let en = asker
            .start_thread("troubleshooting", EN_TITLE, "", EN_BODY)
            .await;
        let ko_id = thread_id(&ko);
        asker
            .reply(
                ko_id,
                "Try another cable first, and check the charge port for lint.",
            )
            .await;
        assert_eq!(
            post_langs(&app, ko_id),
            [(Some("ko".into()), false), (Some("en".into()), false)]
        );

        let visitor = app.visitor().await;
        let page = visitor.get(&ko).await;
        page.assert_status(200)
            .assert_contains("<html lang=\"en\"")
            .assert_contains(&format!("<h1 lang=\"ko\">{KO_TITLE}</h1>"))
            .assert_contains("<div class=\"prose\" lang=\"ko\">")
            .assert_contains("<div class=\"prose\" lang=\"en\">");
        // An English post on an English page says so too; so do the lists.
        visitor
            .get(&en)
            .await
            .assert_contains(&format!("<h1 lang=\"en\">{EN_TITLE}</h1>"));
        visitor
            .get("/")
            .await
            .assert_contains(&format!("lang=\"ko\">{KO_TITLE}</a>"));

        // Short or mixed words say no language.
        let short = asker
            .start_thread("discussion", "Thanks all 👍", "", "ok")
            .await;
        assert_eq!(post_langs(&app, thread_id(&short)), [(None, false)]);
        visitor
            .get(&short)
            .await
            .assert_contains("<div class=\"prose\">");

        // An edit reads the words again.
        let opening: i64 = app.db(|conn| {
            fixloop::model::discussion::posts::opening_post(conn, thread_id(&en))
                .unwrap()
                .id
        });
        asker
            .post(
                &format!("/posts/{opening}/edit"),
                &[("title", EN_TITLE), ("body", KO_BODY), ("action", "save")],
            )
            .await
            .assert_status(303);
        assert_eq!(
            post_langs(&app, thread_id(&en)),
            [(Some("ko".into()), false)]
        );
    })
    .await;
}

#[actix_web::test]
async fn lists_and_search_filter_by_the_language_written_in() {
    each_engine(|app| async move {
        let asker = member(&app, "minji").await;
        asker
            .start_thread("troubleshooting", KO_TITLE, "", KO_BODY)
            .await;
        asker
            .start_thread("troubleshooting", EN_TITLE, "", EN_BODY)
            .await;
        app.settle().await;
        let visitor = app.visitor().await;

        let korean = visitor.get("/?written=ko").await;
        korean
            .assert_status(200)
            .assert_contains(KO_TITLE)
            .assert_lacks(EN_TITLE)
            // The control says what is chosen, in the reader's language.
            .assert_contains("<option value=\"ko\" selected>Korean</option>");
        visitor
            .get("/?written=en")
            .await
            .assert_contains(EN_TITLE)
            .assert_lacks(KO_TITLE);
        let all = visitor.get("/").await;
        all.assert_contains(EN_TITLE).assert_contains(KO_TITLE);
        all.assert_contains("<select id=\"written\" name=\"written\">");
        visitor
            .get_with("/", actix_web::http::header::ACCEPT_LANGUAGE, "ko")
            .await
            .assert_contains("<option value=\"ko\">한국어</option>");

        // "usb" is in both; the filter keeps one.
        let found = visitor.get("/search?q=usb&written=ko").await;
        found.assert_status(200);
        assert!(found.body.contains("노트북"), "{}", found.body);
        assert!(!found.body.contains("Laptop stops"), "{}", found.body);
        let found = visitor.get("/search?q=usb&written=en").await;
        assert!(found.body.contains("Laptop stops"));
        assert!(!found.body.contains("노트북"));
        let both = visitor.get("/search?q=usb").await;
        assert!(both.body.contains("Laptop stops") && both.body.contains("노트북"));
        assert!(both
            .body
            .contains("<select id=\"search-written\" name=\"written\">"));

        for bad in ["/?written=klingon", "/search?q=usb&written=xx"] {
            visitor
                .get(bad)
                .await
                .assert_status(400)
                .assert_contains("Unknown language");
        }
    })
    .await;
}

#[actix_web::test]
async fn hangul_titles_keep_their_letters_in_addresses() {
    each_db(|app| async move {
        let asker = member(&app, "minji").await;
        let url = asker
            .start_thread("troubleshooting", KO_TITLE, "", KO_BODY)
            .await;
        let id = thread_id(&url);
        // The Location header is ASCII: the letters percent-encoded.
        assert_eq!(url, format!("/t/{id}/{KO_SLUG}"));
        let visitor = app.visitor().await;
        let page = visitor.get(&url).await;
        page.assert_status(200).assert_contains(KO_TITLE);
        // Links, the canonical address, feeds and the sitemap carry it so.
        page.assert_contains(&format!("/t/{id}/{KO_SLUG}\""));
        visitor
            .get("/")
            .await
            .assert_contains(&format!("href=\"/t/{id}/{KO_SLUG}\""));
        visitor
            .get("/feeds/latest.atom")
            .await
            .assert_contains(&format!("/t/{id}/{KO_SLUG}"));
        visitor
            .get("/sitemap-threads-1.xml")
            .await
            .assert_contains(&format!("/t/{id}/{KO_SLUG}</loc>"));

        // The old romanised address, and any other, lead to the thread.
        for old in [
            format!("/t/{id}/{ROMANISED}"),
            format!("/t/{id}/{ROMANISED}?page=1"),
            format!("/t/{id}/%EB%85%B8%ED%8A%B8%EB%B6%81"),
        ] {
            let moved = visitor.get(&old).await;
            moved.assert_status(301);
            assert_eq!(moved.location(), format!("/t/{id}/{KO_SLUG}"), "{old}");
        }
        // Lower-case escapes are the same address, not a redirect.
        visitor
            .get(&format!("/t/{id}/{}", KO_SLUG.to_lowercase()))
            .await
            .assert_status(200);
        visitor.get(&format!("/t/{id}")).await.assert_status(200);

        // Logging in from it comes back to it.
        // (The page's "Log in" link carries its path, encoded once more.)
        let marker = "class=\"header-login\" href=\"";
        let start = page.body.find(marker).expect("a log-in link") + marker.len();
        let href = &page.body[start..];
        let href = href[..href.find('"').unwrap()]
            .replace("&#x2F;", "/")
            .replace("&amp;", "&");
        let login = visitor.get(&href).await;
        let carried = login
            .body
            .lines()
            .find(|l| l.contains("name=\"next\""))
            .unwrap_or_default();
        assert!(
            carried.contains(&format!("value=\"&#x2F;t&#x2F;{id}&#x2F;{KO_SLUG}\"")),
            "{carried}"
        );

        // Titles in ASCII keep the slugs they always had.
        let en = asker
            .start_thread("troubleshooting", "Fan is loud (after sleep)!", "", EN_BODY)
            .await;
        assert!(en.ends_with("/fan-is-loud-after-sleep"), "{en}");
    })
    .await;
}

#[actix_web::test]
async fn the_language_job_reads_posts_written_before() {
    each_db(|app| async move {
        let asker = member(&app, "minji").await;
        let ko = thread_id(
            &asker
                .start_thread("troubleshooting", KO_TITLE, "", KO_BODY)
                .await,
        );
        let en = thread_id(
            &asker
                .start_thread("troubleshooting", EN_TITLE, "", EN_BODY)
                .await,
        );
        asker
            .reply(
                ko,
                "배터리 교정을 한 번 해 보세요. 완전히 방전한 뒤 충전하면 돼요.",
            )
            .await;
        // As an older Fixloop left them: no language, romanised slugs.
        app.db(|conn| {
            diesel::sql_query("UPDATE posts SET lang = NULL, lang_pending = TRUE")
                .execute(conn)
                .unwrap();
            diesel::sql_query("UPDATE threads SET lang = NULL, slug = $1 WHERE id = $2")
                .bind::<Text, _>(ROMANISED)
                .bind::<BigInt, _>(ko)
                .execute(conn)
                .unwrap();
            diesel::sql_query("UPDATE threads SET lang = NULL WHERE id = $1")
                .bind::<BigInt, _>(en)
                .execute(conn)
                .unwrap();
            diesel::sql_query("UPDATE search_docs SET lang = NULL")
                .execute(conn)
                .unwrap();
        });
        let visitor = app.visitor().await;
        visitor.get("/?written=ko").await.assert_lacks(KO_TITLE);

        // As the job runs it: through the app, which ends kept pages.
        let mut read = 0;
        loop {
            let n = app
                .state
                .db(fixloop::forum::discussion::post_languages::run_batch)
                .await
                .unwrap();
            if n == 0 {
                break;
            }
            read += n;
        }
        assert_eq!(read, 3);
        assert_eq!(
            post_langs(&app, ko),
            [(Some("ko".into()), false), (Some("ko".into()), false)]
        );
        assert_eq!(post_langs(&app, en), [(Some("en".into()), false)]);
        // Once read, a post is not read again.
        let again = app.db(fixloop::forum::discussion::post_languages::run_batch);
        assert_eq!(again.unwrap(), 0);

        // The thread is marked, filtered, searchable by language, and at
        // its Hangul address, the romanised one redirecting.
        let fresh = app.visitor().await;
        fresh
            .get("/?written=ko")
            .await
            .assert_contains(KO_TITLE)
            .assert_lacks(EN_TITLE);
        let moved = fresh.get(&format!("/t/{ko}/{ROMANISED}")).await;
        moved.assert_status(301);
        assert_eq!(moved.location(), format!("/t/{ko}/{KO_SLUG}"));
        fresh
            .get(&moved.location())
            .await
            .assert_status(200)
            .assert_contains(&format!("<h1 lang=\"ko\">{KO_TITLE}</h1>"));
        let found = fresh.get("/search?q=usb&written=ko").await;
        assert!(found.body.contains("노트북"), "{}", found.body);
    })
    .await;
}
