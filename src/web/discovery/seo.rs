//! Findable from web search: what a thread page's head tells search engines
//! (its canonical address, a description, schema.org structured data), and
//! `/robots.txt` with the sitemaps it names.
//!
//! Structured data is JSON-LD built with `serde_json` (never by joining
//! strings) and put in the page with every `<`, `>` and `&` written as a
//! `\u` escape, so no text in it can end its `<script>` element. It says
//! what a visitor may read, whoever asks: no hidden post or step, nothing
//! for a withdrawn thread. Texts are the plain text stored with each post
//! (`body_text`); the head is made once with the kept thread page
//! (`web::shared_pages`), in a fixed few queries.
//!
//! - A question with an accepted or staff-verified answer: `QAPage`.
//! - A guide with steps: `HowTo` (steps, tools, parts as supplies, the longest
//!   time as `totalTime`).
//! - Everything else (open questions, discussions, part swaps, known issues,
//!   ideas): `DiscussionForumPosting`.
//!
//! Sitemaps follow sitemaps.org 0.9: `/sitemap.xml` is an index of
//! `/sitemap-pages.xml` (the hubs), `/sitemap-threads-<n>.xml` and
//! `/sitemap-devices-<n>.xml`, where sitemap `n` holds the ids
//! `(n - 1) * 50,000 + 1 ..= n * 50,000` (one range of the primary key; see
//! `model::discovery::seo`). Only public threads, at their canonical address, with their
//! last activity. Kept in the page cache as visitors' pages are.

use actix_web::http::header;
use actix_web::web::Bytes;
use actix_web::{get, web, HttpRequest, HttpResponse};
use chrono::{NaiveDateTime, SecondsFormat};
use serde::Serialize;
use serde_json::{json, Value};

use crate::auth::Viewer;
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::model::discovery::seo::{self as queries, PostText, ReplyOrder};
use crate::model::discussion::threads::Thread;
use crate::render::markdown;
use crate::state::AppState;
use crate::web::discussion::threads::{post_url, thread_url, ThreadPage};

/// The sitemaps.org limit of addresses in one sitemap.
pub const URLS_PER_SITEMAP: i64 = 50_000;

/// About what a result page shows of a description.
pub const DESCRIPTION_CHARS: usize = 155;

/// Characters of one post's text in structured data (a post may hold 64 KiB).
const TEXT_CHARS: usize = 5_000;

/// Answers other than the accepted ones, the most helpful first.
const SUGGESTED_ANSWERS: i64 = 10;

/// Accepted (solution and staff-verified) answers at most.
const ACCEPTED_ANSWERS: usize = 10;

/// Replies listed as a discussion's comments, first ones first.
const COMMENTS: i64 = 10;

pub const XML: &str = "application/xml; charset=utf-8";
pub const TEXT: &str = "text/plain; charset=utf-8";

const SITEMAP_NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";

/// The public pages that are not threads or devices: the hubs.
const HUBS: [&str; 5] = ["/", "/devices", "/parts", "/known-issues", "/ideas"];

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(robots_txt)
        .service(sitemap_index)
        .service(hubs_sitemap)
        .service(threads_sitemap)
        .service(devices_sitemap);
}

/// What a thread page's head says to search engines.
#[derive(Debug, Default, Clone, Serialize)]
pub struct ThreadHead {
    /// The page's absolute address, already escaped for an attribute.
    pub canonical: String,
    /// The start of the question's plain text on the first page, which page
    /// of the replies on the others (the template escapes it).
    pub description: String,
    /// The JSON-LD, safe to put between `<script>` tags as it is; first
    /// pages only.
    pub json_ld: Option<String>,
    /// A withdrawn thread: not to be indexed.
    pub noindex: bool,
}

/// The head of a thread page, from the page's data and a few queries of
/// what a visitor may read.
pub fn thread_head(conn: &mut DbConn, page: &ThreadPage, base: &str) -> AppResult<ThreadHead> {
    let thread = &page.thread;
    let site = Site {
        base,
        url: format!("{base}{}", thread_url(thread.id, &thread.slug)),
    };
    let canonical = match page.page {
        1 => site.url.clone(),
        n => format!("{}?page={n}", site.url),
    };
    let mut head = ThreadHead {
        canonical: attribute(&canonical),
        description: description(&thread.title),
        json_ld: None,
        noindex: page.withdrawn,
    };
    if page.withdrawn {
        return Ok(head);
    }
    if page.page != 1 {
        // Later pages hold replies only: each says which it is (no two
        // pages of a thread share a description).
        head.description = description(&format!(
            "Page {} of {} of the replies to “{}”.",
            page.page, page.page_count, thread.title
        ));
        return Ok(head);
    }
    // The solution, then staff-verified answers (as the page highlights them).
    let accepted_ids: Vec<i64> = match thread.kind.as_str() {
        "troubleshooting" => page
            .highlights
            .iter()
            .filter(|p| p.reply_number > 0 && !p.hidden)
            .map(|p| p.id)
            .take(ACCEPTED_ANSWERS)
            .collect(),
        _ => Vec::new(),
    };
    let mut posts = queries::opening_and(conn, thread.id, &accepted_ids)?;
    let opening = match posts.first() {
        Some(p) if p.reply_number == 0 => posts.remove(0),
        // Hidden since the page was loaded: say nothing more.
        _ => return Ok(head),
    };
    let opening_text = text_of(&opening);
    if !opening_text.trim().is_empty() {
        head.description = description(&opening_text);
    }
    posts.sort_by_key(|p| accepted_ids.iter().position(|id| *id == p.id));
    let data = match thread.kind.as_str() {
        "troubleshooting" if !posts.is_empty() => {
            site.qa_page(conn, thread, &opening, &opening_text, &posts, &accepted_ids)?
        }
        "guide" => match page.guide.as_ref() {
            Some(guide) if guide.steps.iter().any(|s| !s.step.hidden) => {
                site.how_to(thread, &opening, &opening_text, guide)
            }
            _ => site.discussion(conn, thread, &opening, &opening_text)?,
        },
        _ => site.discussion(conn, thread, &opening, &opening_text)?,
    };
    head.json_ld = Some(script_json(&data));
    Ok(head)
}

/// Absolute addresses on this site, and the thread's own.
struct Site<'a> {
    base: &'a str,
    url: String,
}

impl Site<'_> {
    fn person(&self, name: &str) -> Value {
        json!({
            "@type": "Person",
            "name": name,
            "url": format!("{}/u/{name}", self.base),
        })
    }

    fn post_url(&self, thread: &Thread, post: &PostText) -> String {
        format!(
            "{}{}",
            self.base,
            post_url(thread.id, &thread.slug, post.id, post.reply_number)
        )
    }

    fn answer(&self, thread: &Thread, post: &PostText) -> Value {
        let mut answer = json!({
            "@type": "Answer",
            "text": clip(&text_of(post), TEXT_CHARS),
            "dateCreated": w3c(post.created_at),
            "upvoteCount": post.vote_count,
            "url": self.post_url(thread, post),
            "author": self.person(&post.author_name),
        });
        if let Some(at) = post.edited_at {
            answer["dateModified"] = json!(w3c(at));
        }
        answer
    }

    /// A solved question: its accepted answers (one as an object, several as
    /// a list), the other replies as suggestions, the most helpful first.
    fn qa_page(
        &self,
        conn: &mut DbConn,
        thread: &Thread,
        opening: &PostText,
        text: &str,
        accepted: &[PostText],
        accepted_ids: &[i64],
    ) -> AppResult<Value> {
        let answer_count = queries::visible_reply_count(conn, thread.id)?;
        let suggested = queries::replies(
            conn,
            thread.id,
            ReplyOrder::Votes,
            accepted_ids,
            SUGGESTED_ANSWERS,
        )?;
        let mut question = json!({
            "@type": "Question",
            "name": thread.title,
            "text": clip(or_title(text, thread), TEXT_CHARS),
            "answerCount": answer_count,
            "dateCreated": w3c(thread.created_at),
            "author": self.person(&opening.author_name),
        });
        if thread.me_too_count > 0 {
            // "I have this problem too": the votes a question gets here.
            question["upvoteCount"] = json!(thread.me_too_count);
        }
        if let Some(at) = opening.edited_at {
            question["dateModified"] = json!(w3c(at));
        }
        let mut answers: Vec<Value> = accepted.iter().map(|p| self.answer(thread, p)).collect();
        question["acceptedAnswer"] = match answers.len() {
            1 => answers.remove(0),
            _ => Value::Array(answers),
        };
        if !suggested.is_empty() {
            question["suggestedAnswer"] = suggested
                .iter()
                .map(|p| self.answer(thread, p))
                .collect::<Vec<_>>()
                .into();
        }
        Ok(json!({
            "@context": "https://schema.org",
            "@type": "QAPage",
            "url": self.url,
            "mainEntity": question,
        }))
    }

    /// A guide, read as its page shows it to a visitor: visible steps in
    /// order, each with its anchor.
    fn how_to(
        &self,
        thread: &Thread,
        opening: &PostText,
        text: &str,
        guide: &crate::web::discussion::threads::GuideView,
    ) -> Value {
        let steps: Vec<Value> = guide
            .steps
            .iter()
            .map(|s| &s.step)
            .filter(|s| !s.hidden)
            .map(|s| {
                let body = s
                    .body_text
                    .clone()
                    .unwrap_or_else(|| markdown::to_plain_text(&s.body_md));
                let body = match (s.caution.trim(), body.trim()) {
                    ("", "") => s.title.clone(),
                    ("", body) => body.to_owned(),
                    (caution, body) => format!("Caution: {caution} {body}"),
                };
                json!({
                    "@type": "HowToStep",
                    "position": s.position,
                    "name": s.title,
                    "text": clip(&body, TEXT_CHARS),
                    "url": format!("{}#step-{}", self.url, s.id),
                })
            })
            .collect();
        let mut how_to = json!({
            "@context": "https://schema.org",
            "@type": "HowTo",
            "name": thread.title,
            "description": clip(or_title(text, thread), TEXT_CHARS),
            "url": self.url,
            "author": self.person(&opening.author_name),
            "datePublished": w3c(thread.created_at),
            "dateModified": w3c(guide.details.updated_at.max(thread.created_at)),
            "step": steps,
        });
        if !guide.tools.is_empty() {
            how_to["tool"] = guide
                .tools
                .iter()
                .map(|name| json!({"@type": "HowToTool", "name": name}))
                .collect::<Vec<_>>()
                .into();
        }
        if !guide.parts.is_empty() {
            how_to["supply"] = guide
                .parts
                .iter()
                .map(|(name, _)| json!({"@type": "HowToSupply", "name": name}))
                .collect::<Vec<_>>()
                .into();
        }
        if let Some(minutes) = guide.details.time_max.filter(|m| *m > 0) {
            how_to["totalTime"] = json!(format!("PT{minutes}M"));
        }
        how_to
    }

    /// Any other thread: a forum posting with its reply count and first replies.
    fn discussion(
        &self,
        conn: &mut DbConn,
        thread: &Thread,
        opening: &PostText,
        text: &str,
    ) -> AppResult<Value> {
        let count = queries::visible_reply_count(conn, thread.id)?;
        let comments = queries::replies(conn, thread.id, ReplyOrder::Thread, &[], COMMENTS)?;
        let mut posting = json!({
            "@context": "https://schema.org",
            "@type": "DiscussionForumPosting",
            "headline": thread.title,
            "text": clip(or_title(text, thread), TEXT_CHARS),
            "url": self.url,
            "mainEntityOfPage": self.url,
            "author": self.person(&opening.author_name),
            "datePublished": w3c(thread.created_at),
            "interactionStatistic": {
                "@type": "InteractionCounter",
                "interactionType": "https://schema.org/CommentAction",
                "userInteractionCount": count,
            },
        });
        if let Some(at) = opening.edited_at {
            posting["dateModified"] = json!(w3c(at));
        }
        if !comments.is_empty() {
            posting["comment"] = comments
                .iter()
                .map(|p| {
                    json!({
                        "@type": "Comment",
                        "text": clip(&text_of(p), TEXT_CHARS),
                        "author": self.person(&p.author_name),
                        "datePublished": w3c(p.created_at),
                        "url": self.post_url(thread, p),
                    })
                })
                .collect::<Vec<_>>()
                .into();
        }
        Ok(posting)
    }
}

/// The plain text stored with a post; a post older than that column is
/// made plain here (once per kept page, never for a new post).
fn text_of(post: &PostText) -> String {
    post.body_text
        .clone()
        .unwrap_or_else(|| markdown::to_plain_text(&post.body_md))
}

fn or_title<'a>(text: &'a str, thread: &'a Thread) -> &'a str {
    match text.trim() {
        "" => &thread.title,
        text => text,
    }
}

/// JSON that can sit between `<script>` and `</script>` as it is: `<`, `>`
/// and `&` only ever occur inside JSON strings, where `\u003c` and the
/// others mean the same characters, so no text can close the element or
/// open a comment.
pub fn script_json(value: &Value) -> String {
    value
        .to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// A meta description: the text's start with its whitespace collapsed.
pub fn description(text: &str) -> String {
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    clip(&collapsed, DESCRIPTION_CHARS)
}

/// The first `max` characters of a text, cut at a word where one is near.
fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = match cut.rfind(char::is_whitespace) {
        Some(i) if i > cut.len() / 2 => cut[..i].trim_end(),
        _ => cut.as_str(),
    };
    format!("{cut}…")
}

/// Stored times are naive UTC: W3C / RFC 3339, to the second.
fn w3c(at: NaiveDateTime) -> String {
    at.and_utc().to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Escaped for an HTML attribute or XML text (what an address may hold).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

fn attribute(text: &str) -> String {
    escape(text)
}

/// What crawlers may fetch: the public site, not accounts, staff and admin
/// pages, forms, search results, histories or the API.
pub fn robots(base: &str) -> String {
    let disallowed = [
        // Members' own pages: settings (API tokens, mail, devices, data), notifications.
        "/settings",
        "/notifications",
        // Staff and admin tools.
        "/staff/",
        "/admin/",
        // The JSON API (tokens, writes) and its description.
        "/api/",
        // Signing in and out, accounts, single sign-on, mail links.
        "/login",
        "/logout",
        "/register",
        "/password/",
        "/account/",
        "/auth/",
        "/mail/",
        // Search results and suggestions: endless, and no page of their own.
        "/search",
        "/suggest",
        // Forms and actions for members (new threads, edits, histories).
        "/threads/",
        "/posts/",
        "/steps/",
        "/devices/new",
        "/parts/new",
        "/ideas/new",
        "/known-issues/new",
        "/devices/*/edit",
        "/devices/*/own",
        "/parts/*/edit",
        "/t/*/guide/edit",
        "/t/*/steps/history",
        "/t/*/private",
        "/t/*/move",
        "/healthz",
    ];
    let mut out = String::from("# Fixloop: the public forum may be crawled; members' pages, staff tools, forms and the API may not.\nUser-agent: *\nAllow: /\n");
    for path in disallowed {
        out.push_str("Disallow: ");
        out.push_str(path);
        out.push('\n');
    }
    out.push_str(&format!("\nSitemap: {base}/sitemap.xml\n"));
    out
}

/// One `<url>` or `<sitemap>` entry.
fn entry(xml: &mut String, element: &str, loc: &str, lastmod: Option<NaiveDateTime>) {
    xml.push('<');
    xml.push_str(element);
    xml.push_str("><loc>");
    xml.push_str(&escape(loc));
    xml.push_str("</loc>");
    if let Some(at) = lastmod {
        xml.push_str("<lastmod>");
        xml.push_str(&w3c(at));
        xml.push_str("</lastmod>");
    }
    xml.push_str("</");
    xml.push_str(element);
    xml.push_str(">\n");
}

fn open(root: &str, capacity: usize) -> String {
    let mut xml = String::with_capacity(capacity);
    xml.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<");
    xml.push_str(root);
    xml.push_str(" xmlns=\"");
    xml.push_str(SITEMAP_NS);
    xml.push_str("\">\n");
    xml
}

/// The sitemap index: the hubs' sitemap, then each thread and device
/// sitemap that holds something, `per_page` addresses to a sitemap.
pub fn sitemap_index_xml(conn: &mut DbConn, base: &str, per_page: i64) -> AppResult<String> {
    let threads = queries::thread_buckets(conn, per_page)?;
    let devices = queries::device_buckets(conn, per_page)?;
    let mut xml = open("sitemapindex", 256 + 128 * (threads.len() + devices.len()));
    entry(
        &mut xml,
        "sitemap",
        &format!("{base}/sitemap-pages.xml"),
        None,
    );
    for bucket in threads {
        let loc = format!("{base}/sitemap-threads-{}.xml", bucket.number);
        entry(&mut xml, "sitemap", &loc, bucket.lastmod);
    }
    for bucket in devices {
        let loc = format!("{base}/sitemap-devices-{}.xml", bucket.number);
        entry(&mut xml, "sitemap", &loc, None);
    }
    xml.push_str("</sitemapindex>\n");
    Ok(xml)
}

/// Thread sitemap `number`: its public threads at their canonical address
/// with their last activity, by id; None when it holds none.
pub fn threads_sitemap_xml(
    conn: &mut DbConn,
    base: &str,
    number: i64,
    per_page: i64,
) -> AppResult<Option<String>> {
    let rows = queries::threads_in_bucket(conn, number, per_page)?;
    if rows.is_empty() {
        return Ok(None);
    }
    let mut xml = open("urlset", 256 + 120 * rows.len());
    for (id, slug, last_activity) in rows {
        let loc = format!("{base}{}", thread_url(id, &slug));
        entry(&mut xml, "url", &loc, Some(last_activity));
    }
    xml.push_str("</urlset>\n");
    Ok(Some(xml))
}

/// Device sitemap `number`: its device pages, by id; None when it holds none.
pub fn devices_sitemap_xml(
    conn: &mut DbConn,
    base: &str,
    number: i64,
    per_page: i64,
) -> AppResult<Option<String>> {
    let slugs = queries::devices_in_bucket(conn, number, per_page)?;
    if slugs.is_empty() {
        return Ok(None);
    }
    let mut xml = open("urlset", 256 + 100 * slugs.len());
    for slug in slugs {
        let loc = format!(
            "{base}{}",
            crate::web::knowledge::devices::device_url(&slug)
        );
        entry(&mut xml, "url", &loc, None);
    }
    xml.push_str("</urlset>\n");
    Ok(Some(xml))
}

/// The hubs: home, devices, parts, known issues, ideas.
pub fn hubs_sitemap_xml(base: &str) -> String {
    let mut xml = open("urlset", 1024);
    for path in HUBS {
        entry(&mut xml, "url", &format!("{base}{path}"), None);
    }
    xml.push_str("</urlset>\n");
    xml
}

/// A body that is the same for every visitor, kept in the page cache as
/// their pages are. It holds no token, so no cookie is set.
fn respond(
    req: &HttpRequest,
    viewer: &Viewer,
    content_type: &'static str,
    body: String,
) -> HttpResponse {
    let body = Bytes::from(body);
    crate::web::page_cache::keep_if_cacheable_as(req, viewer, content_type, &body);
    HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((header::CACHE_CONTROL, "private, no-cache"))
        .insert_header((header::VARY, "accept-encoding"))
        .body(body)
}

/// The number in `/sitemap-threads-<n>.xml`; anything else is no sitemap.
fn sitemap_number(raw: &str) -> AppResult<i64> {
    match raw.parse::<i64>() {
        Ok(n) if n >= 1 && raw.bytes().all(|b| b.is_ascii_digit()) && !raw.starts_with('0') => {
            Ok(n)
        }
        _ => Err(AppError::NotFound("sitemap")),
    }
}

#[get("/robots.txt")]
async fn robots_txt(req: HttpRequest, viewer: Viewer, state: web::Data<AppState>) -> HttpResponse {
    respond(&req, &viewer, TEXT, robots(&state.config.public_url()))
}

#[get("/sitemap.xml")]
async fn sitemap_index(
    req: HttpRequest,
    viewer: Viewer,
    state: web::Data<AppState>,
) -> AppResult<HttpResponse> {
    let base = state.config.public_url();
    let xml = state
        .db(move |conn| sitemap_index_xml(conn, &base, URLS_PER_SITEMAP))
        .await?;
    Ok(respond(&req, &viewer, XML, xml))
}

#[get("/sitemap-pages.xml")]
async fn hubs_sitemap(
    req: HttpRequest,
    viewer: Viewer,
    state: web::Data<AppState>,
) -> HttpResponse {
    respond(
        &req,
        &viewer,
        XML,
        hubs_sitemap_xml(&state.config.public_url()),
    )
}

#[get("/sitemap-threads-{n}.xml")]
async fn threads_sitemap(
    req: HttpRequest,
    viewer: Viewer,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let number = sitemap_number(&path)?;
    let base = state.config.public_url();
    let xml = state
        .db(move |conn| threads_sitemap_xml(conn, &base, number, URLS_PER_SITEMAP))
        .await?
        .ok_or(AppError::NotFound("sitemap"))?;
    Ok(respond(&req, &viewer, XML, xml))
}

#[get("/sitemap-devices-{n}.xml")]
async fn devices_sitemap(
    req: HttpRequest,
    viewer: Viewer,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let number = sitemap_number(&path)?;
    let base = state.config.public_url();
    let xml = state
        .db(move |conn| devices_sitemap_xml(conn, &base, number, URLS_PER_SITEMAP))
        .await?
        .ok_or(AppError::NotFound("sitemap"))?;
    Ok(respond(&req, &viewer, XML, xml))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_json_cannot_close_its_element() {
        let value = json!({"text": "a </script><script>alert(1)</script> <!-- & é"});
        let safe = script_json(&value);
        assert!(!safe.contains('<') && !safe.contains('>') && !safe.contains('&'));
        let back: Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, value);
    }

    #[test]
    fn descriptions_collapse_whitespace_and_stop_near_155_characters() {
        assert_eq!(
            description("  The fan\n\n  spins\tloud. "),
            "The fan spins loud."
        );
        let long = "word ".repeat(100);
        let cut = description(&long);
        assert!(cut.ends_with("word…"), "{cut}");
        assert!(cut.chars().count() <= DESCRIPTION_CHARS + 1);
        let unbroken = "x".repeat(400);
        assert_eq!(
            description(&unbroken).chars().count(),
            DESCRIPTION_CHARS + 1
        );
    }

    #[test]
    fn sitemap_numbers_are_plain_positive_numbers() {
        assert_eq!(sitemap_number("1").unwrap(), 1);
        assert_eq!(sitemap_number("42").unwrap(), 42);
        for bad in ["0", "01", "-1", "+1", "1a", "", "99999999999999999999"] {
            assert!(sitemap_number(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn robots_names_the_sitemap() {
        let robots = robots("https://fix.example");
        assert!(robots.contains("\nSitemap: https://fix.example/sitemap.xml\n"));
        assert!(robots.contains("\nDisallow: /settings\n"));
    }
}
