//! Posts written before their language was kept (render::language) are read
//! for it here, a batch at a time, by a background job on every app server:
//! each post's language, and for an opening post its thread's language (with
//! the title) and slug (its title's own letters, see
//! [`thread_slug`](super::threads::thread_slug); the old address redirects).
//!
//! The reading is CPU work, done before the short write transaction that
//! keeps a batch. Idempotent: a post is written only while it is still
//! pending (`posts.lang_pending`), so two servers, or an edit meanwhile,
//! never undo each other, and a batch that fails is simply read again.

use crate::db::{write_tx, DbConn};
use crate::error::AppResult;
use crate::model::discussion::{posts, threads};
use crate::render::{language, markdown};

/// Posts read in one batch (a transaction of this many small updates).
pub const BATCH: i64 = 200;

/// What one pending post was found to be.
struct Found {
    post_id: i64,
    lang: Option<&'static str>,
    /// An opening post: its thread, the thread's language and readable slug.
    thread: Option<(i64, Option<&'static str>, String)>,
}

/// Reads one batch of pending posts and keeps what it found. Returns how
/// many posts it read (0: none is left).
pub fn run_batch(conn: &mut DbConn) -> AppResult<usize> {
    let pending = posts::pending_languages(conn, BATCH)?;
    if pending.is_empty() {
        return Ok(0);
    }
    let opening_threads: Vec<i64> = pending.iter().filter(|p| p.2 == 0).map(|p| p.1).collect();
    let titles = threads::titles(conn, &opening_threads)?;
    let found: Vec<Found> = pending
        .iter()
        .map(|(post_id, thread_id, reply_number, md, text)| {
            let text = text.clone().unwrap_or_else(|| markdown::to_plain_text(md));
            let thread = (*reply_number == 0)
                .then(|| titles.iter().find(|(id, _)| id == thread_id))
                .flatten()
                .map(|(id, title)| {
                    (
                        *id,
                        language::detect_thread(title, &text),
                        super::threads::thread_slug(title),
                    )
                });
            Found {
                post_id: *post_id,
                lang: language::detect(&text),
                thread,
            }
        })
        .collect();
    write_tx(conn, |conn| -> AppResult<()> {
        for f in &found {
            if !posts::set_pending_lang(conn, f.post_id, f.lang)? {
                continue;
            }
            if let Some((thread_id, lang, slug)) = &f.thread {
                threads::set_lang(conn, *thread_id, *lang)?;
                threads::set_slug(conn, *thread_id, slug)?;
                crate::search::thread_changed(conn, *thread_id)?;
            }
        }
        Ok(())
    })?;
    Ok(found.len())
}
