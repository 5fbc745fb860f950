//! Threads and posts: starting a thread, replying, editing with revisions.

use serde::{Deserialize, Serialize};

use crate::db::{write_tx, DbConn};
use crate::error::{not_found, AppError, AppResult};
use crate::forum::{chars, Actor, Checks, Policy};
use crate::i18n::Message;
use crate::model::discussion::posts::{self, NewPost, NewRevision, Post};
use crate::model::discussion::threads::{self, NewThread, Thread};
use crate::model::knowledge::devices::{self, Device};
use crate::model::{accounts::users, discussion::answers};
use crate::render::markdown::Rendered;
use crate::search;
use crate::webhooks;

pub const TITLE_CHARS: std::ops::RangeInclusive<usize> = 5..=200;
/// Bodies are Markdown of at most 64 KiB.
pub const MAX_BODY_BYTES: usize = 64 * 1024;
/// Replies a thread page shows; the opening post counts on the first page.
pub const POSTS_PER_PAGE: i32 = 50;

/// Kept here for the forum's callers; the kinds live with the threads table
/// (`model::discussion::threads`) so search can name them without reaching up.
pub use crate::model::discussion::threads::ThreadKind;

/// What the "new thread" form submits.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct ThreadDraft {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub title: String,
    /// A device slug, or empty for none.
    #[serde(default)]
    pub device: String,
    #[serde(default)]
    pub body: String,
    /// Part-swap reports only: the part's slug, the outcome, what had to be done.
    #[serde(default)]
    pub part: String,
    #[serde(default)]
    pub outcome: String,
    #[serde(default)]
    pub caveats: String,
}

/// What the edit form submits; title and device only for an opening post.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct PostEdit {
    pub title: Option<String>,
    pub device: Option<String>,
    #[serde(default)]
    pub body: String,
}

pub(crate) fn check_title(checks: &mut Checks, title: &str) {
    if !TITLE_CHARS.contains(&chars(title.trim())) {
        checks.add(
            "title",
            Message::new("err-threads-give-title-start-end-characters")
                .with("start", TITLE_CHARS.start())
                .with("end", TITLE_CHARS.end()),
        );
    }
}

pub(crate) fn check_body(checks: &mut Checks, body: &str) {
    if body.trim().is_empty() {
        checks.add("body", "err-threads-write-something-body-cannot-empty");
    } else if body.len() > MAX_BODY_BYTES {
        checks.add(
            "body",
            Message::new("err-threads-post-too-long").with("kib", body.len().div_ceil(1024)),
        );
    }
}

/// The device a form names, checked: None for "no device".
pub(crate) fn resolve_device(
    conn: &mut DbConn,
    checks: &mut Checks,
    slug: &str,
) -> AppResult<Option<Device>> {
    let slug = slug.trim();
    if slug.is_empty() {
        return Ok(None);
    }
    let device = devices::find_by_slug(conn, slug)?;
    if device.is_none() {
        checks.add("device", "err-threads-device-not-catalogue-pick-one");
    }
    Ok(device)
}

/// A draft that passed its checks: what writing it needs.
pub struct CheckedDraft {
    pub device: Option<Device>,
    /// A part-swap report's part (its id) and outcome; none for other kinds,
    /// whose part-swap fields are ignored.
    pub swap: Option<(i64, String)>,
}

/// Checks a draft without writing anything (used by the preview too).
pub fn validate_draft(conn: &mut DbConn, draft: &ThreadDraft) -> AppResult<CheckedDraft> {
    let mut checks = Checks::default();
    if ThreadKind::from_form(&draft.kind).is_none() {
        checks.add("kind", "err-threads-choose-what-kind-thread");
    }
    check_title(&mut checks, &draft.title);
    check_body(&mut checks, &draft.body);
    let device = resolve_device(conn, &mut checks, &draft.device)?;
    let swap = if draft.kind == ThreadKind::PartSwap.as_str() {
        crate::forum::knowledge::parts::check_swap(
            conn,
            &mut checks,
            &draft.part,
            &draft.outcome,
            &draft.caveats,
            device.is_some(),
        )?
    } else {
        None
    };
    checks.finish()?;
    Ok(CheckedDraft { device, swap })
}

/// The limits a new member's posts have, as the forms say them before they
/// write (none for trusted members: they have none).
#[derive(Debug, Clone, Serialize)]
pub struct NewMemberRules {
    /// Posts they can still publish before links and images are allowed
    /// (0 once they may link).
    pub link_free_posts_left: i32,
    pub link_free_posts: i32,
    pub posts_per_hour: i64,
}

pub fn new_member_rules(policy: &Policy, actor: &Actor) -> Option<NewMemberRules> {
    if policy.is_trusted(actor) {
        return None;
    }
    Some(NewMemberRules {
        link_free_posts_left: (policy.new_member_link_free_posts - actor.post_count).max(0),
        link_free_posts: policy.new_member_link_free_posts,
        posts_per_hour: policy.new_member_posts_per_hour,
    })
}

/// Everything posting `body` would check about its writer and its text, the
/// new-member rules included, without writing: a preview shows the message
/// posting would give. Returns the rendered body.
fn checked_preview(
    conn: &mut DbConn,
    actor: &Actor,
    body: &str,
    policy: &Policy,
) -> AppResult<String> {
    actor.ensure_can_write()?;
    let rendered = Rendered::of(body);
    policy.check_new_member_limits(conn, actor, rendered.has_links)?;
    Ok(rendered.html)
}

/// The preview of a new thread: the draft's checks, then [`checked_preview`].
pub fn preview_thread(
    conn: &mut DbConn,
    actor: &Actor,
    draft: &ThreadDraft,
    policy: &Policy,
) -> AppResult<String> {
    validate_draft(conn, draft)?;
    checked_preview(conn, actor, &draft.body, policy)
}

/// The preview of a reply or an edit: the body's size (checked before it is
/// rendered), then [`checked_preview`].
pub fn preview_post(
    conn: &mut DbConn,
    actor: &Actor,
    body: &str,
    policy: &Policy,
) -> AppResult<String> {
    validate_reply(body)?;
    checked_preview(conn, actor, body, policy)
}

/// Whether a new thread would be accepted, without writing it: checked
/// before its photos are decoded, so a refused question costs no decoding.
pub fn check_new_thread(
    conn: &mut DbConn,
    actor: &Actor,
    draft: &ThreadDraft,
    policy: &Policy,
) -> AppResult<()> {
    preview_thread(conn, actor, draft, policy).map(|_| ())
}

/// The most characters of a title its slug keeps (cut at a word's end).
const SLUG_CHARS: usize = 80;

/// What a slug keeps besides letters and digits: the combining marks some
/// scripts write words with (accents, Indic and Thai vowel signs and tone
/// marks, kana voicing marks).
fn is_slug_mark(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F | 0x0483..=0x0489 | 0x0591..=0x05C7 | 0x0610..=0x061A
        | 0x064B..=0x065F | 0x0900..=0x0DFF | 0x0E00..=0x0EFF | 0x1AB0..=0x1AFF
        | 0x20D0..=0x20FF | 0x3099..=0x309A)
}

/// A thread's slug: the words of its title in their own letters, whatever
/// the script (lowercased where it has case), joined by hyphens — "노트북
/// 배터리가 충전되지 않아요" gives 노트북-배터리가-충전되지-않아요, never a
/// romanisation. It is kept as it goes in an address, percent-encoded
/// (`%EB%85%B8…`), so every link, redirect, feed and sitemap made from it is
/// a valid URL as is; browsers show the letters. Titles in ASCII give the
/// slugs they always did. The thread's id is what finds it: any other slug
/// (an older title, an old romanised address) redirects to this one.
pub fn thread_slug(title: &str) -> String {
    let mut words = String::new();
    let mut gap = false;
    for c in title.chars() {
        if c.is_alphanumeric() || (is_slug_mark(c) && !words.is_empty()) {
            if gap && !words.is_empty() {
                words.push('-');
            }
            gap = false;
            words.extend(c.to_lowercase());
        } else {
            gap = true;
        }
    }
    if words.chars().count() > SLUG_CHARS {
        let cut: String = words.chars().take(SLUG_CHARS).collect();
        let at = cut.rfind('-').filter(|at| *at > 0).unwrap_or(cut.len());
        words = cut[..at].to_owned();
    }
    if words.is_empty() {
        "thread".to_owned()
    } else {
        slug_in_address(&words)
    }
}

/// A slug's letters as they go in an address (percent-encoded UTF-8; ASCII
/// letters, digits and hyphens as they are).
pub fn slug_in_address(words: &str) -> String {
    const KEEP: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC.remove(b'-');
    percent_encoding::utf8_percent_encode(words, KEEP).to_string()
}

/// Whether an address's slug (as it came, encoded or not) is this thread's.
pub fn is_thread_slug(asked: &str, slug: &str) -> bool {
    let decode = |s: &str| {
        percent_encoding::percent_decode_str(s)
            .decode_utf8_lossy()
            .into_owned()
    };
    asked == slug || decode(asked) == decode(slug)
}

/// The thread row and its opening post by `actor` (counted, and followed by
/// them), inside the caller's write transaction: what starting a thread of
/// any kind writes first (questions, guides, known issues, ideas), and the
/// "thread created" webhook. `title` comes with the thread's language
/// ([`thread_lang`], found before the transaction).
pub(crate) fn insert_with_opening_post(
    conn: &mut DbConn,
    actor: &Actor,
    kind: &str,
    title: (&str, Option<&str>),
    device_id: Option<i64>,
    body: (&str, &Rendered),
    now: chrono::NaiveDateTime,
) -> AppResult<Thread> {
    let thread = insert_with_opening_post_quietly(conn, actor, kind, title, device_id, body, now)?;
    webhooks::enqueue(
        conn,
        webhooks::Event::ThreadCreated,
        serde_json::json!({ "thread": webhooks::thread_data(&thread) }),
    )?;
    Ok(thread)
}

/// The same rows without the webhook: an import brings old threads, which
/// no receiver is waiting to hear about (nor is anyone notified or mailed).
pub(crate) fn insert_with_opening_post_quietly(
    conn: &mut DbConn,
    actor: &Actor,
    kind: &str,
    (title, lang): (&str, Option<&str>),
    device_id: Option<i64>,
    (body_md, body): (&str, &Rendered),
    now: chrono::NaiveDateTime,
) -> AppResult<Thread> {
    let thread = threads::insert(
        conn,
        &NewThread {
            kind,
            title,
            slug: &thread_slug(title),
            device_id,
            author_id: actor.id,
            last_poster_id: actor.id,
            created_at: now,
            last_activity_at: now,
            lang,
        },
    )?;
    posts::insert(
        conn,
        &NewPost {
            thread_id: thread.id,
            reply_number: 0,
            author_id: actor.id,
            body_md,
            body_html: &body.html,
            body_text: &body.text,
            created_at: now,
            lang: body.lang,
            lang_pending: false,
        },
    )?;
    users::add_post_count(conn, actor.id, 1)?;
    answers::follow(conn, thread.id, actor.id, now)?;
    Ok(thread)
}

/// A thread's language: its title and opening post read together. CPU
/// work: found before the write transaction.
pub fn thread_lang(title: &str, opening: &Rendered) -> Option<&'static str> {
    crate::render::language::detect_thread(title, &opening.text)
}

/// Starts a thread: the thread row and its opening post, with the photos
/// chosen on the form, in one transaction.
pub fn create_thread(
    conn: &mut DbConn,
    actor: &Actor,
    draft: &ThreadDraft,
    policy: &Policy,
    photos: &[crate::forum::knowledge::photos::ChosenPhoto],
) -> AppResult<Thread> {
    actor.ensure_can_write()?;
    // Every message at once, and the size checked, before rendering.
    validate_draft(conn, draft)?;
    let body = Rendered::of(&draft.body);
    let title = draft.title.trim();
    let lang = thread_lang(title, &body);
    write_tx(conn, |conn| {
        // Again inside: the catalogue may have changed meanwhile.
        let checked = validate_draft(conn, draft)?;
        policy.check_new_member_limits(conn, actor, body.has_links)?;
        let now = crate::model::now();
        let thread = insert_with_opening_post(
            conn,
            actor,
            draft.kind.as_str(),
            (title, lang),
            checked.device.map(|d| d.id),
            (&draft.body, &body),
            now,
        )?;
        let swap = checked
            .swap
            .as_ref()
            .map(|(part_id, outcome)| (*part_id, outcome.as_str(), draft.caveats.trim()));
        insert_kind_rows(conn, &thread, swap, now)?;
        if !photos.is_empty() {
            let opening = posts::opening_post(conn, thread.id)?.id;
            crate::forum::knowledge::photos::attach_chosen(conn, actor, opening, photos)?;
        }
        search::thread_changed(conn, thread.id)?;
        Ok(thread)
    })
}

/// What a new question, guide or part-swap report has besides its thread:
/// a guide's details, a report's part and outcome `(part id, outcome,
/// caveats)`. In the caller's write transaction.
pub(crate) fn insert_kind_rows(
    conn: &mut DbConn,
    thread: &Thread,
    swap: Option<(i64, &str, &str)>,
    now: chrono::NaiveDateTime,
) -> AppResult<()> {
    if thread.kind == ThreadKind::Guide.as_str() {
        crate::model::knowledge::guides::insert(
            conn,
            &crate::forum::knowledge::guides::default_details(thread.id),
        )?;
    }
    if thread.kind == ThreadKind::PartSwap.as_str() {
        let (part_id, outcome, caveats) = swap.ok_or(AppError::NotFound("part"))?;
        crate::model::knowledge::parts::insert_report(
            conn,
            thread.id,
            part_id,
            thread.device_id.ok_or(AppError::NotFound("device"))?,
            outcome,
            caveats,
            now,
        )?;
    }
    Ok(())
}

pub fn validate_reply(body: &str) -> AppResult<()> {
    let mut checks = Checks::default();
    check_body(&mut checks, body);
    checks.finish()
}

/// Adds a reply to a thread and returns it.
pub fn reply(
    conn: &mut DbConn,
    actor: &Actor,
    thread_id: i64,
    body: &str,
    policy: &Policy,
) -> AppResult<Post> {
    actor.ensure_can_write()?;
    validate_reply(body)?;
    let rendered = Rendered::of(body);
    write_tx(conn, |conn| {
        let thread = threads::find(conn, thread_id).map_err(not_found("thread"))?;
        actor.ensure_can_reply(thread.locked)?;
        policy.check_new_member_limits(conn, actor, rendered.has_links)?;
        let followers = answers::followers(conn, thread.id)?;
        let post = insert_reply(conn, actor, &thread, (body, &rendered), crate::model::now())?;
        search::thread_changed(conn, thread.id)?;
        crate::forum::discussion::answers::notify(
            conn,
            &followers,
            "new_reply",
            thread.id,
            Some(post.id),
            actor.id,
        )?;
        Ok(post)
    })
}

/// A reply's rows, in the caller's write transaction: its number and the
/// thread's counters, the post, the author's count and follow, and how a
/// solved thread was solved when staff join. The caller then refreshes the
/// thread's search entry (`search::thread_changed`): at once for one reply,
/// once per thread for an import's batch of them.
pub(crate) fn insert_reply(
    conn: &mut DbConn,
    actor: &Actor,
    thread: &Thread,
    (body_md, body): (&str, &Rendered),
    now: chrono::NaiveDateTime,
) -> AppResult<Post> {
    let number = threads::record_reply(conn, thread.id, actor.id, now)?;
    let post = posts::insert(
        conn,
        &NewPost {
            thread_id: thread.id,
            reply_number: number,
            author_id: actor.id,
            body_md,
            body_html: &body.html,
            body_text: &body.text,
            created_at: now,
            lang: body.lang,
            lang_pending: false,
        },
    )?;
    users::add_post_count(conn, actor.id, 1)?;
    answers::follow(conn, thread.id, actor.id, now)?;
    // Staff joining a solved thread changes how it was solved.
    if actor.is_staff() && thread.solution_post_id.is_some() {
        crate::forum::discussion::answers::recompute_recovery_path(conn, thread.id)?;
    }
    Ok(post)
}

/// Edits a post (and, for an opening post, its thread's title and device).
/// The version being replaced is kept in the post's history.
pub fn edit_post(
    conn: &mut DbConn,
    actor: &Actor,
    post_id: i64,
    edit: &PostEdit,
    policy: &Policy,
) -> AppResult<Post> {
    actor.ensure_can_write()?;
    validate_reply(&edit.body)?;
    let rendered = Rendered::of(&edit.body);
    // An opening post's thread is read for its language with its title: the
    // title as edited, or as it is now (read before the transaction, where
    // the reading is done; a title changes only by editing this post).
    let opening_title = match &edit.title {
        Some(title) => Some(title.trim().to_owned()),
        None => {
            let post = posts::find(conn, post_id).map_err(not_found("post"))?;
            (post.reply_number == 0)
                .then(|| threads::find(conn, post.thread_id).map(|t| t.title))
                .transpose()?
        }
    };
    let new_thread_lang = opening_title.map(|title| thread_lang(&title, &rendered));
    write_tx(conn, |conn| {
        let post = posts::find(conn, post_id).map_err(not_found("post"))?;
        actor.ensure_can_edit_post(post.author_id)?;
        let thread = threads::find(conn, post.thread_id)?;
        let is_opening = post.reply_number == 0;

        let mut checks = Checks::default();
        let mut new_title = thread.title.clone();
        let mut new_device = thread.device_id;
        if is_opening {
            if let Some(title) = &edit.title {
                check_title(&mut checks, title);
                new_title = title.trim().to_owned();
            }
            if let Some(slug) = &edit.device {
                new_device = resolve_device(conn, &mut checks, slug)?.map(|d| d.id);
            }
        }
        checks.finish()?;

        let body_changed = edit.body != post.body_md;
        let title_changed = new_title != thread.title;
        if !body_changed && !title_changed && new_device == thread.device_id {
            return Ok(post);
        }
        if body_changed {
            policy.check_new_member_limits(conn, actor, rendered.has_links)?;
        }
        if body_changed || title_changed {
            posts::insert_revision(
                conn,
                &NewRevision {
                    post_id: post.id,
                    version: post.revision_count + 1,
                    author_id: post.edited_by_id.unwrap_or(post.author_id),
                    title: is_opening.then_some(thread.title.as_str()),
                    body_md: &post.body_md,
                    created_at: post.edited_at.unwrap_or(post.created_at),
                },
            )
            .map_err(|e| match AppError::from(e) {
                AppError::Conflict(_) => {
                    AppError::Conflict("err-threads-someone-else-saved-post-at".into())
                }
                other => other,
            })?;
            posts::update_body(
                conn,
                post.id,
                &edit.body,
                (&rendered.html, &rendered.text, rendered.lang),
                actor.id,
                crate::model::now(),
            )?;
        }
        if let (true, Some(lang)) = (
            is_opening && (body_changed || title_changed),
            new_thread_lang,
        ) {
            threads::set_lang(conn, thread.id, lang)?;
        }
        if is_opening && (title_changed || new_device != thread.device_id) {
            threads::update_title(
                conn,
                thread.id,
                &new_title,
                &thread_slug(&new_title),
                new_device,
            )?;
        }
        search::thread_changed(conn, thread.id)?;
        Ok(posts::find(conn, post.id)?)
    })
}

/// Follows or unfollows a thread (notifications of new replies).
pub fn set_following(
    conn: &mut DbConn,
    actor: &Actor,
    thread_id: i64,
    follow: bool,
) -> AppResult<()> {
    actor.ensure_can_write()?;
    let thread = threads::find(conn, thread_id).map_err(not_found("thread"))?;
    if follow {
        answers::follow(conn, thread.id, actor.id, crate::model::now())?;
    } else {
        answers::unfollow(conn, thread.id, actor.id)?;
    }
    Ok(())
}

/// Which page of a thread shows a given post.
pub fn page_of_reply(reply_number: i32) -> i32 {
    reply_number / POSTS_PER_PAGE + 1
}

/// The reply numbers a page shows: `from..to`.
pub fn page_range(page: i32) -> (i32, i32) {
    let from = (page.max(1) - 1) * POSTS_PER_PAGE;
    (from, from + POSTS_PER_PAGE)
}

pub fn page_count(reply_count: i32) -> i32 {
    page_of_reply(reply_count)
}
