//! The interface speaks the reader's language (issue 29): the footer's
//! switch, else Accept-Language, else the site's default; pages say which
//! (`<html lang>`, Content-Language); visitors' kept pages are kept per
//! language; and every message exists in every language.

use std::collections::BTreeSet;
use std::path::Path;

use actix_web::http::header;
use fixloop::web::page_cache::CACHE_HEADER;

use crate::common::each_db;

fn lang_of(body: &str) -> &str {
    let start = body.find("<html lang=\"").expect("an html element") + "<html lang=\"".len();
    &body[start..start + body[start..].find('"').unwrap()]
}

#[actix_web::test]
async fn the_browser_s_language_and_the_switch_choose_the_words() {
    each_db(|app| async move {
        let visitor = app.visitor().await;
        let page = visitor
            .get_with(
                "/devices",
                header::ACCEPT_LANGUAGE,
                "ko-KR,ko;q=0.9,en;q=0.8",
            )
            .await;
        page.assert_status(200);
        assert_eq!(lang_of(&page.body), "ko");
        assert_eq!(page.header("content-language"), "ko");
        assert!(
            page.body.contains(">로그인</a>"),
            "the header speaks Korean"
        );
        assert!(!page.body.contains(">Log in</a>"));

        let page = visitor
            .get_with("/devices", header::ACCEPT_LANGUAGE, "fr-FR,de;q=0.8")
            .await;
        assert_eq!(
            lang_of(&page.body),
            "en",
            "the site's default for languages we lack"
        );
        assert!(page.body.contains(">Log in</a>"));

        // The footer's link opens the choice; the choice is kept over what
        // the browser asks.
        let choose = visitor.get("/language?next=%2Fdevices%3Fx%3D1").await;
        choose.assert_status(200);
        assert!(
            choose.body.contains("value=\"&#x2F;devices?x=1\""),
            "the page goes back where it was opened"
        );
        assert!(choose.body.contains(">한국어</button>"));
        let answer = visitor
            .post("/language", &[("language", "ko"), ("next", "/devices?x=1")])
            .await;
        answer.assert_status(303);
        assert_eq!(answer.location(), "/devices?x=1");
        let page = visitor
            .get_with("/devices", header::ACCEPT_LANGUAGE, "en")
            .await;
        assert_eq!(lang_of(&page.body), "ko");
        // Back to where it was asked from, never to another site.
        let answer = visitor
            .post(
                "/language",
                &[("language", "en"), ("next", "//evil.example/")],
            )
            .await;
        assert_eq!(answer.location(), "/");
        assert_eq!(lang_of(&visitor.get("/devices").await.body), "en");
        // A language we don't speak is refused and changes nothing.
        visitor
            .post("/language", &[("language", "xx")])
            .await
            .assert_status(400);
        assert_eq!(lang_of(&visitor.get("/devices").await.body), "en");
        // Without the form's token, nothing happens.
        visitor
            .post_raw("/language", &[("language", "ko")])
            .await
            .assert_status(403);
        assert_eq!(lang_of(&visitor.get("/devices").await.body), "en");
    })
    .await;
}

#[actix_web::test]
async fn visitors_kept_pages_are_kept_per_language() {
    each_db(|app| async move {
        let korean = app.visitor().await;
        let english = app.visitor().await;
        korean
            .get_with("/devices", header::ACCEPT_LANGUAGE, "ko")
            .await
            .assert_status(200);
        let again = korean
            .get_with("/devices", header::ACCEPT_LANGUAGE, "ko")
            .await;
        assert_eq!(again.header(CACHE_HEADER), "hit", "the Korean page is kept");
        assert_eq!(lang_of(&again.body), "ko");
        assert_eq!(again.header("content-language"), "ko");
        let other = english
            .get_with("/devices", header::ACCEPT_LANGUAGE, "en")
            .await;
        assert_eq!(
            lang_of(&other.body),
            "en",
            "the kept Korean page is not served in English"
        );
        assert_eq!(other.header("content-language"), "en");
    })
    .await;
}

/// The message ids of every `.ftl` file of one language.
fn message_ids(language: &str) -> BTreeSet<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("locales")
        .join(language);
    let mut ids = BTreeSet::new();
    for entry in std::fs::read_dir(&dir).expect("the language's folder") {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for line in text.lines() {
            let Some((id, _)) = line.split_once('=') else {
                continue;
            };
            let id = id.trim_end();
            if !line.starts_with([' ', '#', '.', '[', '*']) && !id.is_empty() && !id.contains(' ') {
                ids.insert(id.to_owned());
            }
        }
    }
    ids
}

#[test]
fn every_message_exists_in_every_language() {
    let english = message_ids("en");
    assert!(!english.is_empty());
    // Every language but English (the source): one for now.
    const TRANSLATIONS: &[&str] = &["ko"];
    for &language in TRANSLATIONS {
        let other = message_ids(language);
        let missing: Vec<_> = english.difference(&other).collect();
        let extra: Vec<_> = other.difference(&english).collect();
        assert!(missing.is_empty(), "{language} lacks {missing:?}");
        assert!(
            extra.is_empty(),
            "{language} has messages English lacks: {extra:?}"
        );
    }
    // Every key the templates ask for is there.
    let templates = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    let mut asked = BTreeSet::new();
    let mut prefixes = BTreeSet::new();
    let mut stack = vec![templates];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for (at, _) in text.match_indices("t(key=\"") {
                // `t(`, not `sort(` or `first(`.
                let before = text[..at].chars().next_back();
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                    continue;
                }
                let rest = &text[at + "t(key=\"".len()..];
                let end = rest.find('"').unwrap();
                // A dynamic key (`t(key="ki-status-" ~ value)`) asks for a
                // family: at least one message must start with it.
                if rest[end + 1..].trim_start().starts_with('~') {
                    prefixes.insert(rest[..end].to_owned());
                } else {
                    asked.insert(rest[..end].to_owned());
                }
            }
        }
    }
    let unknown: Vec<_> = asked
        .difference(&english)
        .chain(
            prefixes
                .iter()
                .filter(|p| !english.iter().any(|id| id.starts_with(p.as_str()))),
        )
        .collect();
    assert!(
        unknown.is_empty(),
        "templates ask for messages no language has: {unknown:?}"
    );
}
