//! The private line of an escalated question: messages between the asker and
//! staff. Read only by the thread page (for the asker and staff); never by
//! search documents, feeds or the API.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::{private_messages, users};
use crate::db::DbConn;

/// A message with its author, for the thread page.
#[derive(Debug, Clone, Queryable, Serialize)]
pub struct PrivateMessageView {
    pub id: i64,
    pub author_id: i64,
    pub author_name: String,
    pub author_role: String,
    pub body_html: String,
    pub created_at: NaiveDateTime,
}

pub fn insert(
    conn: &mut DbConn,
    thread_id: i64,
    author_id: i64,
    body_md: &str,
    body_html: &str,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::insert_into(private_messages::table)
        .values((
            private_messages::thread_id.eq(thread_id),
            private_messages::author_id.eq(author_id),
            private_messages::body_md.eq(body_md),
            private_messages::body_html.eq(body_html),
            private_messages::created_at.eq(at),
        ))
        .execute(conn)
}

/// A thread's messages, oldest first, in one query (index
/// `private_messages_by_thread`).
pub fn of_thread(conn: &mut DbConn, thread_id: i64) -> QueryResult<Vec<PrivateMessageView>> {
    private_messages::table
        .inner_join(users::table.on(users::id.eq(private_messages::author_id)))
        .filter(private_messages::thread_id.eq(thread_id))
        .order((
            private_messages::created_at.asc(),
            private_messages::id.asc(),
        ))
        .select((
            private_messages::id,
            private_messages::author_id,
            users::username,
            users::role,
            private_messages::body_html,
            private_messages::created_at,
        ))
        .load(conn)
}

/// The newest message of each author on each of these threads: (thread,
/// author, written at), in one query (index `private_messages_by_thread`).
pub fn newest_by_author(
    conn: &mut DbConn,
    thread_ids: &[i64],
) -> QueryResult<Vec<(i64, i64, NaiveDateTime)>> {
    if thread_ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<(i64, i64, Option<NaiveDateTime>)> = private_messages::table
        .filter(private_messages::thread_id.eq_any(thread_ids))
        .group_by((private_messages::thread_id, private_messages::author_id))
        .select((
            private_messages::thread_id,
            private_messages::author_id,
            diesel::dsl::max(private_messages::created_at),
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(thread, author, at)| Some((thread, author, at?)))
        .collect())
}

/// Everyone with staff powers (staff and admins) who still has an account,
/// for "tell all staff".
pub fn staff_ids(conn: &mut DbConn) -> QueryResult<Vec<i64>> {
    users::table
        .filter(users::role.eq_any(["staff", "admin"]))
        .filter(users::deleted_at.is_null())
        .select(users::id)
        .load(conn)
}

/// The messages a member wrote (since `since`, or ever), for the private
/// line's limits (index `private_messages_by_author`).
pub fn count_by_author_since(
    conn: &mut DbConn,
    author_id: i64,
    since: Option<NaiveDateTime>,
) -> QueryResult<i64> {
    let mut query = private_messages::table
        .filter(private_messages::author_id.eq(author_id))
        .into_boxed();
    if let Some(since) = since {
        query = query.filter(private_messages::created_at.ge(since));
    }
    query.count().get_result(conn)
}

/// A deleted account's messages (they hold its order numbers and serials).
pub fn delete_by_author(conn: &mut DbConn, author_id: i64) -> QueryResult<usize> {
    diesel::delete(private_messages::table.filter(private_messages::author_id.eq(author_id)))
        .execute(conn)
}
