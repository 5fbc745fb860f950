//! The search document of a thread: what search covers, built from the
//! database, and kept in the builtin index (`search_docs`) on every change.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::{devices, posts, search_docs, threads, verifications};
use crate::db::DbConn;
use crate::render::markdown;

/// One thread as the search engines see it.
#[derive(Debug, Clone, Serialize, Insertable, AsChangeset)]
#[diesel(table_name = search_docs)]
pub struct SearchDoc {
    pub thread_id: i64,
    pub kind: String,
    /// The device's materialised path ("/1/5/12/"): a device filter matches
    /// everything below it.
    pub device_path: Option<String>,
    pub solved: bool,
    pub verified: bool,
    pub recovery_path: Option<String>,
    /// The solution is confirmed on the current firmware of the thread's
    /// device (`threads.firmware_current`).
    pub firmware_current: bool,
    pub last_activity_at: NaiveDateTime,
    pub title: String,
    /// The question, the accepted solution and staff-verified answers, as plain text.
    pub body: String,
    /// The names of the thread's device and every device above it.
    pub devices: String,
    /// The other visible replies, as plain text (at most `MAX_REPLIES_BYTES`).
    pub replies: String,
    /// The two-character pieces of the CJK text of all of the above
    /// (search::words::bigrams); empty for text without any.
    pub grams: String,
    /// The thread's language (`threads.lang`, render::language), if known:
    /// searches filter by it (`?written=ko`).
    pub lang: Option<String>,
    /// How many words the title, device names, body and CJK pieces hold
    /// together (`word_count`): SQLite's ranking reads it (`fixloop_rank`, db::search_functions).
    pub words: Option<i32>,
}

/// How much of the plain replies a document keeps: the first replies of a
/// long thread hold its answers; the index need not grow with its chatter.
const MAX_REPLIES_BYTES: usize = 32 * 1024;

/// Builds a thread's document from the database (None if the thread is gone
/// or withdrawn: then it leaves the builtin index and, via the outbox, the
/// external engine).
pub fn build(conn: &mut DbConn, thread_id: i64) -> QueryResult<Option<SearchDoc>> {
    let Some((
        kind,
        title,
        solution,
        recovery_path,
        last_activity_at,
        verified_at,
        device_path,
        withdrawn,
        firmware_current,
        lang,
    )) = threads::table
        .left_join(devices::table.on(devices::id.nullable().eq(threads::device_id)))
        .filter(threads::id.eq(thread_id))
        .select((
            threads::kind,
            threads::title,
            threads::solution_post_id,
            threads::recovery_path,
            threads::last_activity_at,
            threads::verified_at,
            devices::path.nullable(),
            crate::model::discussion::threads::opening_post_hidden(),
            threads::firmware_current,
            threads::lang,
        ))
        .first::<(
            String,
            String,
            Option<i64>,
            Option<String>,
            NaiveDateTime,
            Option<NaiveDateTime>,
            Option<String>,
            bool,
            bool,
            Option<String>,
        )>(conn)
        .optional()?
    else {
        return Ok(None);
    };
    // A withdrawn thread (its opening post hidden) is not searchable at all.
    if withdrawn {
        return Ok(None);
    }
    let verified_posts = verifications::table
        .filter(verifications::thread_id.eq(thread_id))
        .filter(verifications::revoked_at.is_null())
        .select(verifications::post_id);
    // Every visible post: the question (reply 0), the solution and verified
    // answers in the body, the other replies apart (ranked below them).
    let posts: Vec<(i64, i32, String, Option<String>, bool)> = posts::table
        .filter(posts::thread_id.eq(thread_id))
        .filter(posts::hidden.eq(false))
        .order(posts::reply_number.asc())
        .select((
            posts::id,
            posts::reply_number,
            posts::body_md,
            posts::body_text,
            posts::id.eq_any(verified_posts),
        ))
        .load(conn)?;
    // The text stored with each post; only posts older than that column are
    // rendered here.
    let mut bodies = Vec::new();
    let mut replies = String::new();
    for (id, number, md, text, verified) in posts {
        let answer = number == 0 || Some(id) == solution || verified;
        if !answer && replies.len() >= MAX_REPLIES_BYTES {
            continue;
        }
        let text = text.unwrap_or_else(|| markdown::to_plain_text(&md));
        if answer {
            bodies.push(text);
        } else {
            if !replies.is_empty() {
                replies.push('\n');
            }
            replies.push_str(&text);
        }
    }
    if replies.len() > MAX_REPLIES_BYTES {
        let mut cut = MAX_REPLIES_BYTES;
        while !replies.is_char_boundary(cut) {
            cut -= 1;
        }
        replies.truncate(cut);
    }
    let mut body = bodies.join("\n");
    // A guide is found by the words of any of its steps (hidden steps never).
    for (title, step_md, step_text, caution) in
        crate::model::knowledge::guides::steps_text(conn, thread_id)?
    {
        body.push('\n');
        body.push_str(&title);
        body.push(' ');
        body.push_str(&step_text.unwrap_or_else(|| markdown::to_plain_text(&step_md)));
        if !caution.is_empty() {
            body.push(' ');
            body.push_str(&caution);
        }
    }
    let devices = match &device_path {
        Some(path) => crate::model::knowledge::devices::names_on_path(conn, path)?.join(" / "),
        None => String::new(),
    };
    let grams = [title.as_str(), &body, &replies]
        .iter()
        .filter(|text| text.chars().any(super::words::is_cjk))
        .map(|text| super::words::bigrams(text))
        .collect::<Vec<_>>()
        .join(" \n ");
    let words = Some(word_count(&[&title, &devices, &body, &grams]));
    Ok(Some(SearchDoc {
        words,
        devices,
        replies,
        grams,
        thread_id,
        kind,
        device_path,
        solved: solution.is_some(),
        verified: verified_at.is_some(),
        recovery_path,
        firmware_current,
        last_activity_at,
        title,
        body,
        lang,
    }))
}

/// Brings the builtin index up to date for one thread, inside the caller's
/// transaction. The thread's firmware fact is recomputed first
/// (model::before_service::firmware::refresh_current): whatever changed the thread (its
/// solution, a check, its device) may have changed it, and the document
/// copies it.
pub fn refresh(conn: &mut DbConn, thread_id: i64) -> QueryResult<()> {
    crate::model::before_service::firmware::refresh_current(conn, thread_id)?;
    match build(conn, thread_id)? {
        Some(doc) => {
            let updated = diesel::update(search_docs::table.find(thread_id))
                .set(&doc)
                .execute(conn)?;
            if updated == 0 {
                diesel::insert_into(search_docs::table)
                    .values(&doc)
                    .execute(conn)?;
            }
        }
        None => {
            diesel::delete(search_docs::table.find(thread_id)).execute(conn)?;
        }
    }
    Ok(())
}

/// Every thread id, in order (for a full rebuild).
pub fn all_thread_ids(conn: &mut DbConn) -> QueryResult<Vec<i64>> {
    threads::table
        .select(threads::id)
        .order(threads::id.asc())
        .load(conn)
}

/// Which of these threads the builtin index holds now. It is updated in the
/// same transaction as every change, so a hit an external engine still
/// returns for a thread that has left it (hidden, withdrawn) is dropped
/// before the outbox has told that engine.
pub fn indexed_among(conn: &mut DbConn, ids: &[i64]) -> QueryResult<Vec<i64>> {
    search_docs::table
        .filter(search_docs::thread_id.eq_any(ids))
        .select(search_docs::thread_id)
        .load(conn)
}

type Unrendered = fn(&mut DbConn, i64, i64) -> QueryResult<Vec<(i64, String)>>;
type Store = fn(&mut DbConn, i64, &str) -> QueryResult<usize>;

/// Gives posts and steps written before their plain text was kept their
/// plain text, so no later write renders Markdown inside its transaction
/// (`fixloop reindex` runs it first). Renders a batch, then writes it in one
/// short transaction. Returns how many rows it filled.
pub fn fill_missing_plain_text(conn: &mut DbConn) -> QueryResult<usize> {
    const BATCH: i64 = 1_000;
    let kinds: [(Unrendered, Store); 2] = [
        (
            crate::model::discussion::posts::without_plain_text,
            crate::model::discussion::posts::set_plain_text,
        ),
        (
            crate::model::knowledge::guides::steps_without_plain_text,
            crate::model::knowledge::guides::set_step_plain_text,
        ),
    ];
    let mut filled = 0;
    for (unrendered, store) in kinds {
        let mut after = 0;
        loop {
            let batch = unrendered(conn, after, BATCH)?;
            let Some(&(last, _)) = batch.last() else {
                break;
            };
            let texts: Vec<(i64, String)> = batch
                .into_iter()
                .map(|(id, md)| (id, markdown::to_plain_text(&md)))
                .collect();
            crate::db::write_tx(conn, |conn| {
                for (id, text) in &texts {
                    store(conn, *id, text)?;
                }
                Ok::<_, diesel::result::Error>(())
            })?;
            filled += texts.len();
            after = last;
        }
    }
    Ok(filled)
}

/// How many words these texts hold as SQLite's index counts them (its
/// `unicode61` tokenizer: runs of letters and digits), for the ranking's
/// length normalisation (`fixloop_rank`, db::search_functions).
pub fn word_count(texts: &[&str]) -> i32 {
    let words: usize = texts
        .iter()
        .map(|text| {
            text.split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .count()
        })
        .sum();
    i32::try_from(words).unwrap_or(i32::MAX)
}

/// Documents written before their length was kept (migration 000039) are
/// counted here, a batch at a time by the `search_lengths` job: read, then
/// counted outside any transaction, then written in one short one. A
/// document written again meanwhile keeps its own (newer) count: only rows
/// still without one are written. Returns how many it counted (0: none left).
pub fn fill_missing_words(conn: &mut DbConn) -> QueryResult<usize> {
    const BATCH: i64 = 500;
    let batch: Vec<(i64, String, String, String, String)> = search_docs::table
        .filter(search_docs::words.is_null())
        .order(search_docs::thread_id)
        .select((
            search_docs::thread_id,
            search_docs::title,
            search_docs::devices,
            search_docs::body,
            search_docs::grams,
        ))
        .limit(BATCH)
        .load(conn)?;
    let counted: Vec<(i64, i32)> = batch
        .iter()
        .map(|(id, title, devices, body, grams)| (*id, word_count(&[title, devices, body, grams])))
        .collect();
    crate::db::write_tx(conn, |conn| {
        for (id, words) in &counted {
            diesel::update(
                search_docs::table
                    .find(id)
                    .filter(search_docs::words.is_null()),
            )
            .set(search_docs::words.eq(words))
            .execute(conn)?;
        }
        Ok::<_, diesel::result::Error>(())
    })?;
    Ok(counted.len())
}
