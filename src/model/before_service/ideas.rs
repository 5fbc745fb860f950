//! Ideas: the row beside a thread of kind `idea` (status, vote count), the
//! votes, and the lists. The status history is the shared `status_events`
//! table (see `model::before_service::known_issues::events`).

use std::collections::HashSet;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::BigInt;
use serde::Serialize;

use crate::db::schema::{devices, idea_votes, ideas, threads, users};
use crate::db::DbConn;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, Serialize)]
#[diesel(table_name = ideas)]
pub struct Idea {
    pub thread_id: i64,
    pub status: String,
    pub is_open: bool,
    pub votes: i64,
    pub changed_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConn, idea: &Idea) -> QueryResult<usize> {
    diesel::insert_into(ideas::table).values(idea).execute(conn)
}

pub fn find(conn: &mut DbConn, thread_id: i64) -> QueryResult<Option<Idea>> {
    ideas::table
        .find(thread_id)
        .select(Idea::as_select())
        .first(conn)
        .optional()
}

pub fn set_status(
    conn: &mut DbConn,
    thread_id: i64,
    status: &str,
    is_open: bool,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(ideas::table.find(thread_id))
        .set((
            ideas::status.eq(status),
            ideas::is_open.eq(is_open),
            ideas::changed_at.eq(at),
        ))
        .execute(conn)
}

/// A member's vote; a second one is a unique violation (the primary key).
pub fn insert_vote(
    conn: &mut DbConn,
    thread_id: i64,
    user_id: i64,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::insert_into(idea_votes::table)
        .values((
            idea_votes::thread_id.eq(thread_id),
            idea_votes::user_id.eq(user_id),
            idea_votes::created_at.eq(at),
        ))
        .execute(conn)
}

/// Takes a vote back: the number of rows removed (0 when there was none).
pub fn delete_vote(conn: &mut DbConn, thread_id: i64, user_id: i64) -> QueryResult<usize> {
    diesel::delete(idea_votes::table.find((thread_id, user_id))).execute(conn)
}

/// Keeps `ideas.votes` equal to the idea's vote rows.
pub fn add_votes(conn: &mut DbConn, thread_id: i64, delta: i64) -> QueryResult<usize> {
    diesel::update(ideas::table.find(thread_id))
        .set(ideas::votes.eq(ideas::votes + delta))
        .execute(conn)
}

pub fn has_voted(conn: &mut DbConn, thread_id: i64, user_id: i64) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        idea_votes::table.find((thread_id, user_id)),
    ))
    .get_result(conn)
}

/// Which of these ideas the member voted for: one query for a page.
pub fn voted_among(conn: &mut DbConn, user_id: i64, ids: &[i64]) -> QueryResult<HashSet<i64>> {
    if ids.is_empty() {
        return Ok(HashSet::new());
    }
    let rows: Vec<i64> = idea_votes::table
        .filter(idea_votes::user_id.eq(user_id))
        .filter(idea_votes::thread_id.eq_any(ids))
        .select(idea_votes::thread_id)
        .load(conn)?;
    Ok(rows.into_iter().collect())
}

/// Everyone to tell about an idea's status change: its proposer, its voters
/// and its followers. Each once.
pub fn audience(conn: &mut DbConn, thread_id: i64) -> QueryResult<Vec<i64>> {
    #[derive(QueryableByName)]
    struct Id {
        #[diesel(sql_type = BigInt)]
        user_id: i64,
    }
    let rows: Vec<Id> = diesel::sql_query(
        "SELECT t.author_id AS user_id FROM threads t WHERE t.id = $1 \
         UNION SELECT v.user_id FROM idea_votes v WHERE v.thread_id = $1 \
         UNION SELECT f.user_id FROM thread_follows f WHERE f.thread_id = $1 \
         ORDER BY 1",
    )
    .bind::<BigInt, _>(thread_id)
    .load(conn)?;
    Ok(rows.into_iter().map(|r| r.user_id).collect())
}

/// A row of a list of ideas.
#[derive(Debug, Clone, Queryable, Serialize)]
pub struct ListItem {
    pub id: i64,
    pub title: String,
    pub slug: String,
    pub status: String,
    pub is_open: bool,
    pub votes: i64,
    pub reply_count: i32,
    pub created_at: NaiveDateTime,
    pub author_name: String,
    pub device_name: Option<String>,
    pub device_slug: Option<String>,
    pub device_path: Option<String>,
}

#[derive(Debug, Default, Clone)]
pub struct ListFilter {
    pub status: Option<String>,
    /// Ideas about any of these devices.
    pub device_ids: Option<Vec<i64>>,
    /// Shipped and declined ideas left out.
    pub open_only: bool,
}

/// One page of ideas, most votes first (then the newest), withdrawn ones
/// (opening post hidden) left out.
pub fn list(
    conn: &mut DbConn,
    filter: &ListFilter,
    offset: i64,
    limit: i64,
) -> QueryResult<Vec<ListItem>> {
    let mut query = ideas::table
        .inner_join(threads::table.on(threads::id.eq(ideas::thread_id)))
        .inner_join(users::table.on(users::id.eq(threads::author_id)))
        .left_join(devices::table.on(devices::id.nullable().eq(threads::device_id)))
        .filter(diesel::dsl::not(
            crate::model::discussion::threads::opening_post_hidden(),
        ))
        .select((
            threads::id,
            threads::title,
            threads::slug,
            ideas::status,
            ideas::is_open,
            ideas::votes,
            threads::reply_count,
            threads::created_at,
            users::username,
            devices::name.nullable(),
            devices::slug.nullable(),
            devices::path.nullable(),
        ))
        .into_boxed();
    if let Some(status) = &filter.status {
        query = query.filter(ideas::status.eq(status.clone()));
    }
    if filter.open_only {
        query = query.filter(ideas::is_open.eq(true));
    }
    if let Some(ids) = &filter.device_ids {
        // The kind too (every row here is a thread of it): the
        // (device_id, kind, …) index then finds a device's ideas
        // directly, not among all its threads (a maker has thousands).
        query = query
            .filter(threads::kind.eq("idea"))
            .filter(threads::device_id.eq_any(ids.clone()));
    }
    query
        .order((ideas::votes.desc(), ideas::thread_id.desc()))
        .offset(offset)
        .limit(limit)
        .load(conn)
}

/// How many ideas match (for the device card's "all N ideas").
pub fn count(conn: &mut DbConn, filter: &ListFilter) -> QueryResult<i64> {
    let mut query = ideas::table
        .inner_join(threads::table.on(threads::id.eq(ideas::thread_id)))
        .filter(diesel::dsl::not(
            crate::model::discussion::threads::opening_post_hidden(),
        ))
        .select(diesel::dsl::count_star())
        .into_boxed();
    if let Some(status) = &filter.status {
        query = query.filter(ideas::status.eq(status.clone()));
    }
    if filter.open_only {
        query = query.filter(ideas::is_open.eq(true));
    }
    if let Some(ids) = &filter.device_ids {
        // The kind too (every row here is a thread of it): the
        // (device_id, kind, …) index then finds a device's ideas
        // directly, not among all its threads (a maker has thousands).
        query = query
            .filter(threads::kind.eq("idea"))
            .filter(threads::device_id.eq_any(ids.clone()));
    }
    query.get_result(conn)
}
