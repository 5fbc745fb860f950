//! What the Atom feeds list (see `web::discovery::feeds`): each feed's entries in one
//! query, with their authors and the stored text of their posts, as a visitor
//! may see them (no hidden post, no withdrawn thread).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{devices, posts, threads, users};
use crate::db::DbConn;

/// A thread as a feed entry: the thread, its author and device, and its
/// opening post's stored plain text and sanitised HTML.
#[derive(Debug, Clone, Queryable)]
pub struct FeedThread {
    pub id: i64,
    pub kind: String,
    pub title: String,
    pub slug: String,
    pub created_at: NaiveDateTime,
    pub solved_at: Option<NaiveDateTime>,
    pub author_name: String,
    pub device_name: Option<String>,
    pub device_slug: Option<String>,
    pub body_text: Option<String>,
    pub body_html: String,
    pub edited_at: Option<NaiveDateTime>,
}

/// Which threads a feed lists.
#[derive(Debug, Clone, Copy)]
pub enum ThreadScope<'a> {
    /// Every thread, newest first.
    Latest,
    /// Solved threads, most recently solved first.
    Solved,
    /// Threads about any of these devices (a device and its descendants),
    /// newest first.
    Devices(&'a [i64]),
    /// One member's threads, newest first.
    Author(i64),
}

/// The threads of a feed, at most `limit`, in one query. A withdrawn thread
/// (opening post hidden: see [`crate::model::discussion::threads::opening_post_hidden`])
/// is never among them.
pub fn threads(
    conn: &mut DbConn,
    scope: ThreadScope<'_>,
    limit: i64,
) -> QueryResult<Vec<FeedThread>> {
    let reply_zero: i32 = 0;
    let mut query = threads::table
        .inner_join(users::table.on(users::id.eq(threads::author_id)))
        .inner_join(
            posts::table.on(posts::thread_id
                .eq(threads::id)
                .and(posts::reply_number.eq(reply_zero))),
        )
        .left_join(devices::table.on(devices::id.nullable().eq(threads::device_id)))
        .select((
            threads::id,
            threads::kind,
            threads::title,
            threads::slug,
            threads::created_at,
            threads::solved_at,
            users::username,
            devices::name.nullable(),
            devices::slug.nullable(),
            posts::body_text,
            posts::body_html,
            posts::edited_at,
        ))
        .into_boxed();
    // The opening post is joined, so a withdrawn thread is one whose joined
    // post is hidden: `opening_post_hidden` as a condition on the join (its
    // subquery cannot name `posts` a second time in this query).
    query = query.filter(posts::hidden.eq(false));
    query = match scope {
        ThreadScope::Latest => query,
        ThreadScope::Solved => query.filter(threads::solved_at.is_not_null()),
        ThreadScope::Devices(ids) => {
            if ids.is_empty() {
                return Ok(Vec::new());
            }
            query.filter(threads::device_id.eq_any(ids))
        }
        ThreadScope::Author(id) => query.filter(threads::author_id.eq(id)),
    };
    query = match scope {
        ThreadScope::Solved => query.order((threads::solved_at.desc(), threads::id.desc())),
        _ => query.order((threads::created_at.desc(), threads::id.desc())),
    };
    query.limit(limit).load(conn)
}

/// A reply as a feed entry.
#[derive(Debug, Clone, Queryable)]
pub struct FeedPost {
    pub id: i64,
    pub reply_number: i32,
    pub created_at: NaiveDateTime,
    pub edited_at: Option<NaiveDateTime>,
    pub body_text: Option<String>,
    pub body_html: String,
    pub author_name: String,
}

/// A thread's latest replies that are not hidden, newest first, with their
/// authors: one query (the `(thread_id, reply_number)` key serves it).
pub fn replies(conn: &mut DbConn, thread_id: i64, limit: i64) -> QueryResult<Vec<FeedPost>> {
    posts::table
        .inner_join(users::table.on(users::id.eq(posts::author_id)))
        .filter(posts::thread_id.eq(thread_id))
        .filter(posts::reply_number.gt(0))
        .filter(posts::hidden.eq(false))
        .order(posts::reply_number.desc())
        .select((
            posts::id,
            posts::reply_number,
            posts::created_at,
            posts::edited_at,
            posts::body_text,
            posts::body_html,
            users::username,
        ))
        .limit(limit)
        .load(conn)
}
