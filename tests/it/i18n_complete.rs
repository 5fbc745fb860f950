//! The Korean interface is complete (issue 29): a Korean community (imported
//! from `tests/fixtures/korean_community.jsonl`, so every person's word is
//! Korean) is crawled in Korean as a visitor, a member and an admin, and no
//! page may show an English word of the interface: in its text, its title or
//! in what assistive technology reads (aria-label, title, alt, placeholder,
//! a button's value).
//!
//! What is left alone: code (`<code>`, `<pre>`, `<kbd>`), what the page marks
//! `translate="no"` (identifiers such as time zones), addresses, the
//! members' own usernames, and a short list of names that are the same in
//! every language (Fixloop, API, RSS…).

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use actix_web::http::StatusCode;
use fixloop::model::accounts::users::Role;
use scraper::{ElementRef, Html, Node};

use crate::common::{each_db, TestApp};

/// Names no language translates.
const SAME_IN_EVERY_LANGUAGE: &[&str] = &[
    "Fixloop",
    "API",
    "RSS",
    "Atom",
    "JSON",
    "JSONL",
    "CSV",
    "URL",
    "HTML",
    "Markdown",
    "OpenID",
    "SSO",
    "PNG",
    "JPEG",
    "WebP",
    "GIF",
    "UTC",
    "HTTP",
    "HTTPS",
    "SMTP",
    "ID",
    "OK",
    "English",
    "Apple",
    "SD",
    "Gothic",
    "Neo",
    "Malgun",
    "Noto",
    "Sans",
    "KR",
    "QR",
    "PDF",
    "HMAC",
    "SHA",
    "POST",
    "GET",
    "Webhook",
    "TOTP",
    "IP",
    "AM",
    "PM",
    "MB",
    "KB",
    "GB",
    "Meilisearch",
];

/// Members of the fixture and of the test: their names are theirs.
const USERNAMES: &[&str] = &["minsu", "jiwoo", "hana_staff", "seoyeon", "dohyun_admin"];

/// Paths the crawl does not open: files, feeds, machine answers, and pages
/// that are not the interface (media, assets).
fn is_page(path: &str) -> bool {
    let bare = path.split(['?', '#']).next().unwrap_or_default();
    path.starts_with('/')
        && !path.starts_with("//")
        && ![
            "/media/", "/assets/", "/static/", "/api/", "/feeds", "/feed", "/sitemap", "/robots",
            "/metrics", "/health",
        ]
        .iter()
        .any(|p| bare.starts_with(p))
        && ![
            ".xml", ".json", ".jsonl", ".csv", ".txt", ".png", ".jpg", ".webp", ".css", ".js",
        ]
        .iter()
        .any(|e| bare.ends_with(e))
        && !bare.ends_with("/export")
        && !bare.contains("/download")
}

fn skipped_element(element: &scraper::node::Element) -> bool {
    matches!(
        element.name(),
        "script" | "style" | "code" | "pre" | "kbd" | "svg" | "template"
    ) || element.attr("translate") == Some("no")
}

/// Everything of the page a reader sees or hears, in document order.
fn readable_texts(document: &Html) -> Vec<String> {
    fn walk(element: ElementRef, out: &mut Vec<String>) {
        let value = element.value();
        if skipped_element(value) {
            return;
        }
        for name in ["aria-label", "title", "alt", "placeholder"] {
            if let Some(text) = value.attr(name) {
                out.push(text.to_owned());
            }
        }
        let is_button_value = value.name() == "input"
            && matches!(value.attr("type"), Some("submit" | "button" | "reset"));
        if is_button_value {
            if let Some(text) = value.attr("value") {
                out.push(text.to_owned());
            }
        }
        if value.name() == "meta" && value.attr("name") == Some("description") {
            if let Some(text) = value.attr("content") {
                out.push(text.to_owned());
            }
        }
        for child in element.children() {
            match child.value() {
                Node::Text(text) => out.push(text.to_string()),
                Node::Element(_) => walk(ElementRef::wrap(child).unwrap(), out),
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    walk(document.root_element(), &mut out);
    out
}

/// The English words in a piece of text: runs of two or more Latin letters
/// that are not an address, a username or a name kept in every language.
fn english_words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .filter(|token| !token.contains('@') && !token.contains("://") && !token.starts_with('/'))
        .flat_map(|token| {
            token
                .split(|c: char| !c.is_ascii_alphabetic())
                .filter(|w| w.len() >= 2)
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .filter(|w| !SAME_IN_EVERY_LANGUAGE.contains(&w.as_str()))
        .filter(|w| !USERNAMES.iter().any(|u| u.split('_').any(|part| part == w)))
        .collect()
}

/// A path as a browser sends it: letters outside ASCII percent-encoded.
fn on_the_wire(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut bytes = [0; 4];
            for b in c.encode_utf8(&mut bytes).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

fn links(document: &Html) -> Vec<String> {
    let selector = scraper::Selector::parse("a[href]").unwrap();
    document
        .select(&selector)
        .filter_map(|a| a.value().attr("href"))
        .map(|href| href.split('#').next().unwrap_or_default().to_owned())
        .filter(|href| is_page(href))
        .collect()
}

/// Each text with English words in it, with the first page it was read on
/// and the words.
type Findings = BTreeMap<String, (String, Vec<String>)>;

/// Crawls from `start` as `reader`, adding what it finds to `found`; returns
/// how many pages it read.
async fn crawl(reader: &TestApp, start: &[String], limit: usize, found: &mut Findings) -> usize {
    let mut queue: VecDeque<String> = start.iter().cloned().collect();
    let mut seen: BTreeSet<String> = queue.iter().cloned().collect();
    let mut pages = 0;
    while let Some(path) = queue.pop_front() {
        if pages >= limit {
            break;
        }
        let page = reader.get(&on_the_wire(&path)).await;
        if page.status.is_redirection() {
            let next = page.location();
            if is_page(&next) && seen.insert(next.clone()) {
                queue.push_back(next);
            }
            continue;
        }
        assert!(
            page.status.as_u16() < 500,
            "{path} answered {}",
            page.status
        );
        if !page.header("content-type").starts_with("text/html") || page.status != StatusCode::OK {
            continue;
        }
        pages += 1;
        assert!(
            page.body.contains("<html lang=\"ko\""),
            "{path} is not marked Korean"
        );
        let document = Html::parse_document(&page.body);
        for text in readable_texts(&document) {
            let words = english_words(&text);
            if !words.is_empty() {
                let text: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
                found.entry(text).or_insert_with(|| (path.clone(), words));
            }
        }
        for link in links(&document) {
            if seen.insert(link.clone()) {
                queue.push_back(link);
            }
        }
    }
    pages
}

/// Loads the Korean community and gives each reader something of their own
/// (a question, an answer to it, a notification).
async fn korean_site(app: &TestApp) -> (TestApp, TestApp, TestApp) {
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/korean_community.jsonl"
    );
    let summary = app.db(|conn| {
        fixloop::transfer::import::run(conn, std::path::Path::new(fixture), |_| {}, |_| {})
            .expect("the fixture imports")
    });
    let refused: Vec<String> = summary
        .refused
        .iter()
        .map(|r| format!("line {}: {}", r.line, r.reason))
        .collect();
    assert!(refused.is_empty(), "the fixture imports whole: {refused:?}");

    let korean = |who: &TestApp| who.set_cookie("lang", "ko");
    let visitor = app.visitor().await;
    korean(&visitor);
    let member = app.visitor().await;
    member.register("seoyeon").await.assert_status(303);
    korean(&member);
    let admin = app.visitor().await;
    admin.register_as("dohyun_admin", Role::Admin).await;
    korean(&admin);

    let question = member
        .start_thread(
            "troubleshooting",
            "전원 버튼을 눌러도 켜지지 않아요",
            "",
            "어제까지는 잘 켜졌는데 오늘은 전원 버튼을 눌러도 아무 반응이 없어요.",
        )
        .await;
    let id = crate::common::thread_id(&question);
    admin
        .reply(id, "충전기를 30분 정도 꽂아 둔 뒤 다시 눌러 보세요.")
        .await;
    (visitor, member, admin)
}

#[actix_web::test]
async fn every_page_speaks_korean_to_every_reader() {
    each_db(|app| async move {
        let (visitor, member, admin) = korean_site(&app).await;
        let mut found = BTreeMap::new();
        let start = |paths: &[&str]| paths.iter().map(|p| p.to_string()).collect::<Vec<_>>();
        let mut pages = crawl(
            &visitor,
            &start(&[
                "/",
                "/login",
                "/register",
                "/forgot",
                "/search?q=배터리",
                "/search?q=%EC%BF%BC%EC%B9%B4%EC%BF%BC%EC%B9%B4",
            ]),
            150,
            &mut found,
        )
        .await;
        pages += crawl(
            &member,
            &start(&[
                "/",
                "/settings",
                "/notifications",
                "/threads/new",
                "/u/seoyeon",
            ]),
            150,
            &mut found,
        )
        .await;
        pages += crawl(
            &admin,
            &start(&[
                "/",
                "/staff/queue",
                "/admin/members",
                "/admin/webhooks",
                "/staff/dashboard",
            ]),
            200,
            &mut found,
        )
        .await;
        assert!(pages > 60, "the crawl reached only {pages} pages");
        // By page, so each page's texts read together.
        let mut report: Vec<String> = found
            .iter()
            .map(|(text, (path, words))| {
                let text: String = text.chars().take(160).collect();
                format!("{path}  «{text}»  [{}]", words.join(" "))
            })
            .collect();
        report.sort();
        assert!(
            report.is_empty(),
            "{} texts with English words on Korean pages ({pages} pages read):\n{}",
            report.len(),
            report.join("\n")
        );
    })
    .await;
}
