//! Atom feeds, for following the forum from a feed reader: the latest
//! threads, newly solved threads, a device and everything under it, a
//! thread's replies, and a member's threads.
//!
//! A feed is what a visitor sees, whoever asks: no hidden post, no withdrawn
//! thread (opening post hidden). Each is loaded with a fixed few queries (one
//! for the entries), holds at most [`ENTRIES`] entries, and is written with
//! `atom_syndication`, which escapes every text. Links and ids are absolute,
//! made from the public URL (`FIXLOOP_BASE_URL`); an entry's id never holds a
//! slug, so it stays the same when a title is edited. Feeds are kept in the
//! page cache as visitors' pages are, gzipped once, with their content type.

use actix_web::http::header;
use actix_web::web::Bytes;
use actix_web::{get, web, HttpRequest, HttpResponse};
use atom_syndication::{
    Category, Content, Entry, Feed, FixedDateTime, Generator, Link, Person, Text,
};
use chrono::NaiveDateTime;

use crate::auth::Viewer;
use crate::error::{not_found, AppError, AppResult};
use crate::forum::discussion::threads::ThreadKind;
use crate::i18n::{self, Language};
use crate::model::discovery::feeds::{self, FeedPost, FeedThread, ThreadScope};
use crate::model::{accounts::users, discussion::threads, knowledge::devices};
use crate::state::AppState;
use crate::web::discussion::threads::{post_url, thread_url};
use fluent_templates::fluent_bundle::FluentValue;

/// Entries in one feed: the newest ones.
pub const ENTRIES: i64 = 30;

/// Characters of plain text in a thread entry's summary.
const SUMMARY_CHARS: usize = 400;

pub const CONTENT_TYPE: &str = "application/atom+xml; charset=utf-8";

pub const LATEST_URL: &str = "/feeds/latest.atom";
pub const SOLVED_URL: &str = "/feeds/solved.atom";

pub fn device_feed_url(slug: &str) -> String {
    format!(
        "{}/feed.atom",
        crate::web::knowledge::devices::device_url(slug)
    )
}

/// Next to the thread's own `/t/{id}/{slug}` (a slug never holds a dot).
pub fn thread_feed_url(id: i64) -> String {
    format!("/t/{id}/feed.atom")
}

pub fn member_feed_url(username: &str) -> String {
    format!("/u/{username}/feed.atom")
}

/// Registered before the threads' `/t/{id}/{slug}`, which would take
/// `/t/{id}/feed.atom` for a slug.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(latest_feed)
        .service(solved_feed)
        .service(device_feed)
        .service(thread_feed)
        .service(member_feed);
}

#[get("/feeds/latest.atom")]
async fn latest_feed(
    req: HttpRequest,
    viewer: Viewer,
    state: web::Data<AppState>,
) -> AppResult<HttpResponse> {
    let rows = state
        .db(|conn| Ok(feeds::threads(conn, ThreadScope::Latest, ENTRIES)?))
        .await?;
    let site = Site::of(&state, &req);
    let head = FeedHead {
        self_path: LATEST_URL.to_owned(),
        page_path: "/".to_owned(),
        title: site.text("feed-latest-title", &[]),
        subtitle: site.text("feed-latest-subtitle", &[]),
        fallback_updated: crate::model::now(),
    };
    let entries = rows.iter().map(|t| site.thread_entry(t, false)).collect();
    atom_response(&req, &viewer, &site.feed(head, entries))
}

#[get("/feeds/solved.atom")]
async fn solved_feed(
    req: HttpRequest,
    viewer: Viewer,
    state: web::Data<AppState>,
) -> AppResult<HttpResponse> {
    let rows = state
        .db(|conn| Ok(feeds::threads(conn, ThreadScope::Solved, ENTRIES)?))
        .await?;
    let site = Site::of(&state, &req);
    let head = FeedHead {
        self_path: SOLVED_URL.to_owned(),
        page_path: "/?status=solved".to_owned(),
        title: site.text("feed-solved-title", &[]),
        subtitle: site.text("feed-solved-subtitle", &[]),
        fallback_updated: crate::model::now(),
    };
    let entries = rows.iter().map(|t| site.thread_entry(t, true)).collect();
    atom_response(&req, &viewer, &site.feed(head, entries))
}

/// Threads about a device or anything under it (models, revisions).
#[get("/devices/{slug}/feed.atom")]
async fn device_feed(
    req: HttpRequest,
    viewer: Viewer,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let slug = path.into_inner();
    let (device, rows) = state
        .db(move |conn| {
            let device = crate::forum::knowledge::devices::require_by_slug(conn, &slug)?;
            let subtree = devices::subtree_ids(conn, &device.path)?;
            let rows = feeds::threads(conn, ThreadScope::Devices(&subtree), ENTRIES)?;
            Ok((device, rows))
        })
        .await?;
    let site = Site::of(&state, &req);
    let head = FeedHead {
        self_path: device_feed_url(&device.slug),
        page_path: crate::web::knowledge::devices::device_url(&device.slug),
        title: site.text("feed-device-title", &[("device", &device.name)]),
        subtitle: site.text("feed-device-subtitle", &[("device", &device.name)]),
        fallback_updated: device.updated_at,
    };
    let entries = rows.iter().map(|t| site.thread_entry(t, false)).collect();
    atom_response(&req, &viewer, &site.feed(head, entries))
}

/// A thread's replies, newest first; none for a withdrawn thread (404).
#[get("/t/{id}/feed.atom")]
async fn thread_feed(
    req: HttpRequest,
    viewer: Viewer,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let id = path.into_inner();
    let (thread, withdrawn, replies) = state
        .db(move |conn| {
            let thread = threads::find(conn, id).map_err(not_found("thread"))?;
            let withdrawn = threads::is_withdrawn(conn, id)?;
            let replies = if withdrawn {
                Vec::new()
            } else {
                feeds::replies(conn, id, ENTRIES)?
            };
            Ok((thread, withdrawn, replies))
        })
        .await?;
    if withdrawn {
        return Err(AppError::NotFound("thread"));
    }
    let site = Site::of(&state, &req);
    let head = FeedHead {
        self_path: thread_feed_url(thread.id),
        page_path: thread_url(thread.id, &thread.slug),
        title: site.text("feed-thread-title", &[("title", &thread.title)]),
        subtitle: site.text("feed-thread-subtitle", &[("title", &thread.title)]),
        fallback_updated: thread.created_at,
    };
    let entries = replies
        .iter()
        .map(|post| site.reply_entry(&thread, post))
        .collect();
    atom_response(&req, &viewer, &site.feed(head, entries))
}

/// The threads a member started.
#[get("/u/{username}/feed.atom")]
async fn member_feed(
    req: HttpRequest,
    viewer: Viewer,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let username = path.into_inner();
    let (user, rows) = state
        .db(move |conn| {
            let user =
                users::find_by_username(conn, &username)?.ok_or(AppError::NotFound("member"))?;
            let rows = feeds::threads(conn, ThreadScope::Author(user.id), ENTRIES)?;
            Ok((user, rows))
        })
        .await?;
    let site = Site::of(&state, &req);
    let head = FeedHead {
        self_path: member_feed_url(&user.username),
        page_path: format!("/u/{}", user.username),
        title: site.text("feed-member-title", &[("username", &user.username)]),
        subtitle: site.text("feed-member-subtitle", &[("username", &user.username)]),
        fallback_updated: user.created_at,
    };
    let entries = rows.iter().map(|t| site.thread_entry(t, false)).collect();
    atom_response(&req, &viewer, &site.feed(head, entries))
}

/// The feed as a response, kept for the next visitors as their pages are.
/// Feeds are the same for everyone and carry no CSRF token, so no cookie is
/// set here.
fn atom_response(req: &HttpRequest, viewer: &Viewer, feed: &Feed) -> AppResult<HttpResponse> {
    let body = feed
        .write_to(Vec::new())
        .map_err(|e| AppError::Internal(anyhow::anyhow!("writing an Atom feed: {e}")))?;
    let body = Bytes::from(body);
    crate::web::page_cache::keep_if_cacheable_as(req, viewer, CONTENT_TYPE, &body);
    Ok(HttpResponse::Ok()
        .content_type(CONTENT_TYPE)
        .insert_header((
            header::CONTENT_LANGUAGE,
            crate::web::language::of(req).code(),
        ))
        .insert_header((header::CACHE_CONTROL, "private, no-cache"))
        .insert_header((header::VARY, "accept-encoding"))
        .body(body))
}

/// What a feed says about itself.
struct FeedHead {
    /// The feed's own path (its id, and the `self` link).
    self_path: String,
    /// The page the feed follows (the `alternate` link).
    page_path: String,
    title: String,
    subtitle: String,
    /// `updated` of a feed without entries.
    fallback_updated: NaiveDateTime,
}

/// Absolute addresses on this site, and the language its feeds speak (the
/// request's: a feed reader usually asks for none, so the site's default;
/// kept pages are kept per language).
struct Site {
    base: String,
    language: Language,
}

impl Site {
    fn of(state: &AppState, req: &HttpRequest) -> Site {
        Site {
            base: state.config.public_url(),
            language: crate::web::language::of(req),
        }
    }

    /// A message of `locales/*/feeds.ftl` in the feed's language.
    fn text(&self, key: &str, args: &[(&str, &str)]) -> String {
        let args: Vec<(&str, FluentValue<'static>)> = args
            .iter()
            .map(|(name, value)| (*name, FluentValue::from((*value).to_owned())))
            .collect();
        i18n::text_with(self.language, key, &args)
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn feed(&self, head: FeedHead, entries: Vec<Entry>) -> Feed {
        let updated = entries
            .iter()
            .map(|e| e.updated)
            .max()
            .unwrap_or_else(|| rfc3339(head.fallback_updated));
        Feed {
            id: self.url(&head.self_path),
            title: Text::plain(xml_safe(&head.title)),
            subtitle: Some(Text::plain(xml_safe(&head.subtitle))),
            updated,
            links: vec![
                link("self", self.url(&head.self_path), "application/atom+xml"),
                link("alternate", self.url(&head.page_path), "text/html"),
            ],
            generator: Some(Generator {
                value: "Fixloop".into(),
                uri: Some(self.url("/")),
                version: None,
            }),
            icon: Some(self.url("/assets/favicon.svg")),
            lang: Some(self.language.code().into()),
            entries,
            ..Default::default()
        }
    }

    fn person(&self, name: &str) -> Person {
        Person {
            name: xml_safe(name),
            uri: Some(self.url(&format!("/u/{name}"))),
            ..Default::default()
        }
    }

    /// A thread as an entry: its opening post's plain text as the summary
    /// (the sanitised HTML for a post older than its stored plain text). In
    /// the solved feed the entry is the thread being solved: its own id, and
    /// updated when it was solved.
    fn thread_entry(&self, t: &FeedThread, solved: bool) -> Entry {
        let page = self.url(&thread_url(t.id, &t.slug));
        let (id, title, updated) = match (solved, t.solved_at) {
            (true, Some(at)) => (
                format!("{}#solved", self.url(&format!("/t/{}", t.id))),
                self.text("feed-solved-entry", &[("title", &t.title)]),
                at,
            ),
            _ => (
                self.url(&format!("/t/{}", t.id)),
                t.title.clone(),
                t.edited_at.unwrap_or(t.created_at),
            ),
        };
        let (summary, content) = match &t.body_text {
            Some(text) => (Some(Text::plain(xml_safe(&excerpt(text)))), None),
            None => (None, Some(html_content(&t.body_html))),
        };
        let mut categories: Vec<Category> = ThreadKind::parse(&t.kind)
            .map(|kind| Category {
                term: kind.as_str().into(),
                label: Some(self.text(
                    &format!("feed-kind-{}", kind.as_str().replace('_', "-")),
                    &[],
                )),
                ..Default::default()
            })
            .into_iter()
            .collect();
        if let (Some(name), Some(slug)) = (&t.device_name, &t.device_slug) {
            categories.push(Category {
                term: xml_safe(slug),
                scheme: Some(self.url("/devices")),
                label: Some(xml_safe(name)),
            });
        }
        Entry {
            id,
            title: Text::plain(xml_safe(&title)),
            updated: rfc3339(updated),
            published: Some(rfc3339(t.created_at)),
            authors: vec![self.person(&t.author_name)],
            links: vec![link("alternate", page, "text/html")],
            categories,
            summary,
            content,
            ..Default::default()
        }
    }

    /// A reply as an entry, its sanitised HTML as the content.
    fn reply_entry(
        &self,
        thread: &crate::model::discussion::threads::Thread,
        post: &FeedPost,
    ) -> Entry {
        let page = self.url(&post_url(
            thread.id,
            &thread.slug,
            post.id,
            post.reply_number,
        ));
        Entry {
            id: self.url(&format!("/p/{}", post.id)),
            title: Text::plain(xml_safe(&self.text(
                "feed-reply-entry",
                &[
                    ("number", &post.reply_number.to_string()),
                    ("author", &post.author_name),
                    ("title", &thread.title),
                ],
            ))),
            updated: rfc3339(post.edited_at.unwrap_or(post.created_at)),
            published: Some(rfc3339(post.created_at)),
            authors: vec![self.person(&post.author_name)],
            links: vec![link("alternate", page, "text/html")],
            summary: post
                .body_text
                .as_deref()
                .map(|text| Text::plain(xml_safe(&excerpt(text)))),
            content: Some(html_content(&post.body_html)),
            ..Default::default()
        }
    }
}

fn link(rel: &str, href: String, mime_type: &str) -> Link {
    Link {
        href,
        rel: rel.into(),
        mime_type: Some(mime_type.into()),
        ..Default::default()
    }
}

/// A post's stored, sanitised HTML (never its Markdown source), escaped as
/// Atom's `type="html"` wants it.
fn html_content(html: &str) -> Content {
    Content {
        value: Some(xml_safe(html)),
        content_type: Some("html".into()),
        ..Default::default()
    }
}

/// Stored times are naive UTC.
fn rfc3339(at: NaiveDateTime) -> FixedDateTime {
    at.and_utc().fixed_offset()
}

/// The start of a plain text, cut at a word boundary.
fn excerpt(text: &str) -> String {
    if text.chars().count() <= SUMMARY_CHARS {
        return text.to_owned();
    }
    let cut: String = text.chars().take(SUMMARY_CHARS).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > cut.len() / 2 => &cut[..i],
        _ => &cut,
    };
    format!("{cut}…")
}

/// Without the characters XML 1.0 cannot carry at all, not even escaped (a
/// pasted log may hold a bell or a NUL): one would make the whole feed
/// unreadable.
fn xml_safe(text: &str) -> String {
    text.chars()
        .filter(|&c| {
            matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{fffe}' && c != '\u{ffff}')
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_safe_drops_only_what_xml_cannot_hold() {
        assert_eq!(xml_safe("a\u{0}b\u{7}c\td\ne\u{ffff}é ✓"), "abc\td\neé ✓");
    }

    #[test]
    fn excerpts_cut_long_texts_at_a_word() {
        assert_eq!(excerpt("short text"), "short text");
        let long = "word ".repeat(200);
        let cut = excerpt(&long);
        assert!(cut.ends_with("word…"), "{cut}");
        assert!(cut.chars().count() <= SUMMARY_CHARS + 1);
    }
}
