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

/// Adds visitors' views of threads on a day; ids of threads that no longer
/// exist are skipped.
pub fn add_thread_views(
    conn: &mut DbConn,
    day: chrono::NaiveDate,
    counts: &[(i64, i64)],
) -> QueryResult<usize> {
    let mut added = 0;
    for &(thread_id, views) in counts {
        // SQLite numbers `$n` parameters in the order they first appear:
        // keep them in order.
        added += diesel::sql_query(
            "INSERT INTO thread_view_days (thread_id, day, views) \
             SELECT id, $1, $2 FROM threads WHERE id = $3 \
             ON CONFLICT (thread_id, day) DO UPDATE SET views = thread_view_days.views + excluded.views",
        )
        .bind::<diesel::sql_types::Date, _>(day)
        .bind::<diesel::sql_types::BigInt, _>(views)
        .bind::<diesel::sql_types::BigInt, _>(thread_id)
        .execute(conn)?;
    }
    Ok(added)
}

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

/// Visitors' views, on days in `[from, to)`, of threads that are solved now.
pub fn solved_thread_views(
    conn: &mut DbConn,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
) -> QueryResult<i64> {
    let count: Count = diesel::sql_query(
        "SELECT CAST(COALESCE(SUM(v.views), 0) AS BIGINT) AS n \
         FROM thread_view_days v JOIN threads t ON t.id = v.thread_id \
         WHERE v.day >= $1 AND v.day < $2 AND t.solved_at IS NOT NULL",
    )
    .bind::<diesel::sql_types::Date, _>(from)
    .bind::<diesel::sql_types::Date, _>(to)
    .get_result(conn)?;
    Ok(count.n)
}

/// The first reply to each question opened in `[from, to)` that has one:
/// when the question was asked, when it was answered, and whether by staff.
pub fn first_replies(
    conn: &mut DbConn,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> QueryResult<Vec<(NaiveDateTime, NaiveDateTime, String)>> {
    use crate::db::schema::users;
    threads::table
        .inner_join(
            posts::table.on(posts::thread_id
                .eq(threads::id)
                .and(posts::reply_number.eq(1))),
        )
        .inner_join(users::table.on(users::id.eq(posts::author_id)))
        .filter(threads::kind.eq("troubleshooting"))
        .filter(threads::created_at.ge(from))
        .filter(threads::created_at.lt(to))
        .select((threads::created_at, posts::created_at, users::role))
        .load(conn)
}

/// Every known issue's id and status (a company has dozens, not thousands;
/// bounded all the same).
pub fn known_issue_statuses(conn: &mut DbConn) -> QueryResult<Vec<(i64, String)>> {
    use crate::db::schema::known_issues;
    known_issues::table
        .select((known_issues::thread_id, known_issues::status))
        .order(known_issues::thread_id.asc())
        .limit(10_000)
        .load(conn)
}

/// Maintenance reminders sent in `[from, to)`, and tasks whose last "done"
/// date falls in it (a task done twice in the period counts once).
pub fn maintenance_between(
    conn: &mut DbConn,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
) -> QueryResult<(i64, i64)> {
    use crate::db::schema::{maintenance_log, maintenance_reminders};
    let midnight = |d: chrono::NaiveDate| d.and_hms_opt(0, 0, 0).expect("midnight exists");
    let sent = maintenance_reminders::table
        .filter(maintenance_reminders::sent_at.ge(midnight(from)))
        .filter(maintenance_reminders::sent_at.lt(midnight(to)))
        .count()
        .get_result(conn)?;
    let done = maintenance_log::table
        .filter(maintenance_log::last_done_on.ge(from))
        .filter(maintenance_log::last_done_on.lt(to))
        .count()
        .get_result(conn)?;
    Ok((sent, done))
}
