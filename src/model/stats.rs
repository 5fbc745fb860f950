//! Raw figures for the staff dashboard.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{devices, posts, threads};
use crate::db::DbConn;

/// One troubleshooting question with the times the dashboard measures.
#[derive(Debug, Clone, Queryable)]
pub struct QuestionTimes {
    pub id: i64,
    pub created_at: NaiveDateTime,
    pub solved_at: Option<NaiveDateTime>,
    pub recovery_path: Option<String>,
    pub device_path: Option<String>,
    pub first_reply_at: Option<NaiveDateTime>,
}

/// Questions opened in `[from, to)`, with their first reply (one query).
pub fn questions_opened(
    conn: &mut DbConn,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> QueryResult<Vec<QuestionTimes>> {
    threads::table
        .left_join(devices::table.on(devices::id.nullable().eq(threads::device_id)))
        .left_join(
            posts::table.on(posts::thread_id
                .eq(threads::id)
                .and(posts::reply_number.eq(1))),
        )
        .filter(threads::kind.eq("troubleshooting"))
        .filter(threads::created_at.ge(from))
        .filter(threads::created_at.lt(to))
        .select((
            threads::id,
            threads::created_at,
            threads::solved_at,
            threads::recovery_path,
            devices::path.nullable(),
            posts::created_at.nullable(),
        ))
        .order(threads::created_at.asc())
        .load(conn)
}

/// When questions were solved, for those solved in `[from, to)`.
pub fn solved_between(
    conn: &mut DbConn,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> QueryResult<Vec<NaiveDateTime>> {
    threads::table
        .filter(threads::kind.eq("troubleshooting"))
        .filter(threads::solved_at.ge(from))
        .filter(threads::solved_at.lt(to))
        .select(threads::solved_at.assume_not_null())
        .load(conn)
}
