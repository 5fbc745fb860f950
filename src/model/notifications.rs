//! Things a member should hear about.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::{notifications, threads, users};
use crate::db::DbConn;

#[derive(Debug, Insertable)]
#[diesel(table_name = notifications)]
pub struct NewNotification<'a> {
    pub user_id: i64,
    pub kind: &'a str,
    pub thread_id: i64,
    pub post_id: Option<i64>,
    pub actor_id: Option<i64>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Serialize)]
pub struct NotificationView {
    pub id: i64,
    pub kind: String,
    pub post_id: Option<i64>,
    pub created_at: NaiveDateTime,
    pub read_at: Option<NaiveDateTime>,
    pub thread_id: i64,
    pub thread_title: String,
    pub thread_slug: String,
    pub actor_name: Option<String>,
}

pub fn insert_many(conn: &mut DbConn, rows: &[NewNotification]) -> QueryResult<usize> {
    let mut n = 0;
    for row in rows {
        n += diesel::insert_into(notifications::table)
            .values(row)
            .execute(conn)?;
    }
    Ok(n)
}

pub fn unread_count(conn: &mut DbConn, user_id: i64) -> QueryResult<i64> {
    notifications::table
        .filter(notifications::user_id.eq(user_id))
        .filter(notifications::read_at.is_null())
        .count()
        .get_result(conn)
}

pub fn recent(conn: &mut DbConn, user_id: i64, limit: i64) -> QueryResult<Vec<NotificationView>> {
    notifications::table
        .inner_join(threads::table)
        .left_join(users::table.on(users::id.nullable().eq(notifications::actor_id)))
        .filter(notifications::user_id.eq(user_id))
        .order((notifications::created_at.desc(), notifications::id.desc()))
        .select((
            notifications::id,
            notifications::kind,
            notifications::post_id,
            notifications::created_at,
            notifications::read_at,
            threads::id,
            threads::title,
            threads::slug,
            users::username.nullable(),
        ))
        .limit(limit)
        .load(conn)
}

pub fn mark_all_read(conn: &mut DbConn, user_id: i64, at: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        notifications::table
            .filter(notifications::user_id.eq(user_id))
            .filter(notifications::read_at.is_null()),
    )
    .set(notifications::read_at.eq(at))
    .execute(conn)
}

/// Marks one of the user's notifications read; returns where it points.
pub fn open(
    conn: &mut DbConn,
    user_id: i64,
    id: i64,
    at: NaiveDateTime,
) -> QueryResult<(i64, Option<i64>, String)> {
    let (thread_id, post_id): (i64, Option<i64>) = notifications::table
        .filter(notifications::id.eq(id))
        .filter(notifications::user_id.eq(user_id))
        .select((notifications::thread_id, notifications::post_id))
        .first(conn)?;
    diesel::update(notifications::table.find(id))
        .filter(notifications::read_at.is_null())
        .set(notifications::read_at.eq(at))
        .execute(conn)?;
    let slug: String = threads::table
        .find(thread_id)
        .select(threads::slug)
        .first(conn)?;
    Ok((thread_id, post_id, slug))
}
