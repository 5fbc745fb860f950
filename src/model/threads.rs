use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::{devices, threads, users};
use crate::db::DbConn;

diesel::alias!(users as last_posters: LastPosters);

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = threads)]
pub struct Thread {
    pub id: i64,
    pub kind: String,
    pub title: String,
    pub slug: String,
    pub device_id: Option<i64>,
    pub author_id: i64,
    pub status: String,
    pub pinned: bool,
    pub locked: bool,
    pub solution_post_id: Option<i64>,
    pub recovery_path: Option<String>,
    pub reply_count: i32,
    pub me_too_count: i32,
    pub last_poster_id: i64,
    pub created_at: NaiveDateTime,
    pub last_activity_at: NaiveDateTime,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = threads)]
pub struct NewThread<'a> {
    pub kind: &'a str,
    pub title: &'a str,
    pub slug: &'a str,
    pub device_id: Option<i64>,
    pub author_id: i64,
    pub last_poster_id: i64,
    pub created_at: NaiveDateTime,
    pub last_activity_at: NaiveDateTime,
}

/// A row of a thread list: the thread with its author, device and last poster,
/// loaded in one query.
#[derive(Debug, Clone, Queryable, Serialize)]
pub struct ThreadListItem {
    pub id: i64,
    pub kind: String,
    pub title: String,
    pub slug: String,
    pub status: String,
    pub pinned: bool,
    pub locked: bool,
    pub reply_count: i32,
    pub me_too_count: i32,
    pub created_at: NaiveDateTime,
    pub last_activity_at: NaiveDateTime,
    pub author_name: String,
    pub last_poster_name: String,
    pub device_name: Option<String>,
    pub device_slug: Option<String>,
}

/// Which threads a list shows.
#[derive(Debug, Default, Clone)]
pub struct ThreadFilter {
    pub kind: Option<String>,
    /// Threads tied to any of these devices (a device and its descendants).
    pub device_ids: Option<Vec<i64>>,
    pub author_id: Option<i64>,
}

pub fn insert(conn: &mut DbConn, new: &NewThread) -> QueryResult<Thread> {
    diesel::insert_into(threads::table)
        .values(new)
        .returning(threads::all_columns)
        .get_result(conn)
}

pub fn find(conn: &mut DbConn, id: i64) -> QueryResult<Thread> {
    threads::table
        .find(id)
        .select(Thread::as_select())
        .first(conn)
}

/// Counts a new reply and returns its number. The UPDATE takes the thread's row
/// lock, so concurrent replies get consecutive numbers.
pub fn record_reply(
    conn: &mut DbConn,
    id: i64,
    poster_id: i64,
    at: NaiveDateTime,
) -> QueryResult<i32> {
    diesel::update(threads::table.find(id))
        .set((
            threads::reply_count.eq(threads::reply_count + 1),
            threads::last_poster_id.eq(poster_id),
            threads::last_activity_at.eq(at),
        ))
        .returning(threads::reply_count)
        .get_result(conn)
}

pub fn update_title(
    conn: &mut DbConn,
    id: i64,
    title: &str,
    slug: &str,
    device_id: Option<i64>,
) -> QueryResult<usize> {
    diesel::update(threads::table.find(id))
        .set((
            threads::title.eq(title),
            threads::slug.eq(slug),
            threads::device_id.eq(device_id),
        ))
        .execute(conn)
}

/// One page of threads, most recently active first (pinned first on the home page).
pub fn list(
    conn: &mut DbConn,
    filter: &ThreadFilter,
    pinned_first: bool,
    offset: i64,
    limit: i64,
) -> QueryResult<Vec<ThreadListItem>> {
    let mut query = threads::table
        .inner_join(users::table.on(users::id.eq(threads::author_id)))
        .inner_join(last_posters.on(last_posters.field(users::id).eq(threads::last_poster_id)))
        .left_join(devices::table.on(devices::id.nullable().eq(threads::device_id)))
        .select((
            threads::id,
            threads::kind,
            threads::title,
            threads::slug,
            threads::status,
            threads::pinned,
            threads::locked,
            threads::reply_count,
            threads::me_too_count,
            threads::created_at,
            threads::last_activity_at,
            users::username,
            last_posters.field(users::username),
            devices::name.nullable(),
            devices::slug.nullable(),
        ))
        .into_boxed();
    if let Some(kind) = &filter.kind {
        query = query.filter(threads::kind.eq(kind.clone()));
    }
    if let Some(ids) = &filter.device_ids {
        query = query.filter(threads::device_id.eq_any(ids.clone()));
    }
    if let Some(author) = filter.author_id {
        query = query.filter(threads::author_id.eq(author));
    }
    if pinned_first {
        query = query.order((threads::pinned.desc(), threads::last_activity_at.desc()));
    } else {
        query = query.order(threads::last_activity_at.desc());
    }
    query.offset(offset).limit(limit).load(conn)
}

pub fn count(conn: &mut DbConn) -> QueryResult<i64> {
    threads::table.count().get_result(conn)
}

/// Sets a thread's start and last activity (the demo backdates its threads).
pub fn set_times(
    conn: &mut DbConn,
    id: i64,
    created_at: NaiveDateTime,
    last_activity_at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(threads::table.find(id))
        .set((
            threads::created_at.eq(created_at),
            threads::last_activity_at.eq(last_activity_at),
        ))
        .execute(conn)
}
