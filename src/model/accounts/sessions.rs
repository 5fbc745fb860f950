use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{login_attempts, sessions, signup_attempts, users};
use crate::db::DbConn;

#[derive(Debug, Insertable)]
#[diesel(table_name = sessions)]
pub struct NewSession<'a> {
    pub token_hash: &'a str,
    pub user_id: i64,
    pub csrf_token: &'a str,
    pub created_at: NaiveDateTime,
    pub last_seen_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub user_agent: &'a str,
    pub network: &'a str,
}

/// A live session with the few user fields every request needs.
#[derive(Debug, Clone, Queryable)]
pub struct SessionUser {
    pub session_id: i64,
    pub csrf_token: String,
    pub created_at: NaiveDateTime,
    pub last_seen_at: NaiveDateTime,
    pub user_id: i64,
    pub username: String,
    pub role: String,
    pub suspended_until: Option<NaiveDateTime>,
    pub suspension_reason: Option<String>,
    pub reputation: i32,
    pub post_count: i32,
    pub email_verified_at: Option<NaiveDateTime>,
    /// The language the member chose, if any (a code like "ko").
    pub language: Option<String>,
}

pub fn insert(conn: &mut DbConn, new: &NewSession) -> QueryResult<usize> {
    diesel::insert_into(sessions::table)
        .values(new)
        .execute(conn)
}

pub fn find_live(
    conn: &mut DbConn,
    token_hash: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<SessionUser>> {
    sessions::table
        .inner_join(users::table)
        .filter(sessions::token_hash.eq(token_hash))
        .filter(sessions::expires_at.gt(now))
        .select((
            sessions::id,
            sessions::csrf_token,
            sessions::created_at,
            sessions::last_seen_at,
            users::id,
            users::username,
            users::role,
            users::suspended_until,
            users::suspension_reason,
            users::reputation,
            users::post_count,
            users::email_verified_at,
            users::language,
        ))
        .first(conn)
        .optional()
}

pub fn touch(
    conn: &mut DbConn,
    session_id: i64,
    now: NaiveDateTime,
    expires_at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(sessions::table.find(session_id))
        .set((
            sessions::last_seen_at.eq(now),
            sessions::expires_at.eq(expires_at),
        ))
        .execute(conn)
}

/// Ends one of a member's sessions; 0 when it is not theirs (or gone).
pub fn delete_own(conn: &mut DbConn, user_id: i64, session_id: i64) -> QueryResult<usize> {
    diesel::delete(
        sessions::table
            .filter(sessions::id.eq(session_id))
            .filter(sessions::user_id.eq(user_id)),
    )
    .execute(conn)
}

/// Ends every session of a member but one (by id).
pub fn delete_others(conn: &mut DbConn, user_id: i64, keep_id: i64) -> QueryResult<usize> {
    diesel::delete(
        sessions::table
            .filter(sessions::user_id.eq(user_id))
            .filter(sessions::id.ne(keep_id)),
    )
    .execute(conn)
}

pub fn delete_by_token_hash(conn: &mut DbConn, token_hash: &str) -> QueryResult<usize> {
    diesel::delete(sessions::table.filter(sessions::token_hash.eq(token_hash))).execute(conn)
}

/// Ends every session of a member except the one with `keep_hash`, if given.
pub fn delete_for_user(
    conn: &mut DbConn,
    user_id: i64,
    keep_hash: Option<&str>,
) -> QueryResult<usize> {
    let mine = sessions::table.filter(sessions::user_id.eq(user_id));
    match keep_hash {
        Some(keep) => diesel::delete(mine.filter(sessions::token_hash.ne(keep))).execute(conn),
        None => diesel::delete(mine).execute(conn),
    }
}

pub fn delete_expired(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(sessions::table.filter(sessions::expires_at.le(now))).execute(conn)
}

/// Inside a write transaction, makes concurrent throttle checks on `table`
/// take turns, so two attempts cannot both count below a limit and both go
/// ahead. SQLite's write transaction (`BEGIN IMMEDIATE`) already holds its
/// one write lock; PostgreSQL locks the table against other writers (plain
/// reads go on).
fn lock_for_throttle(conn: &mut DbConn, table: &str) -> QueryResult<()> {
    if let DbConn::Pg(pg) = conn {
        diesel::sql_query(format!("LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")).execute(pg)?;
    }
    Ok(())
}

pub fn lock_login_attempts(conn: &mut DbConn) -> QueryResult<()> {
    lock_for_throttle(conn, "login_attempts")
}

/// Returns the new row's id.
pub fn insert_login_attempt(
    conn: &mut DbConn,
    bucket: &str,
    at: NaiveDateTime,
) -> QueryResult<i64> {
    diesel::insert_into(login_attempts::table)
        .values((
            login_attempts::bucket.eq(bucket),
            login_attempts::created_at.eq(at),
        ))
        .returning(login_attempts::id)
        .get_result(conn)
}

pub fn delete_login_attempts(conn: &mut DbConn, ids: &[i64]) -> QueryResult<usize> {
    diesel::delete(login_attempts::table.filter(login_attempts::id.eq_any(ids))).execute(conn)
}

pub fn count_login_attempts(
    conn: &mut DbConn,
    bucket: &str,
    since: NaiveDateTime,
) -> QueryResult<i64> {
    login_attempts::table
        .filter(login_attempts::bucket.eq(bucket))
        .filter(login_attempts::created_at.ge(since))
        .count()
        .get_result(conn)
}

/// Every bucket's attempts from before `before` (they no longer count).
pub fn delete_login_attempts_before(
    conn: &mut DbConn,
    before: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::delete(login_attempts::table.filter(login_attempts::created_at.lt(before)))
        .execute(conn)
}

pub fn lock_signup_attempts(conn: &mut DbConn) -> QueryResult<()> {
    lock_for_throttle(conn, "signup_attempts")
}

pub fn insert_signup_attempt(
    conn: &mut DbConn,
    address: &str,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::insert_into(signup_attempts::table)
        .values((
            signup_attempts::address.eq(address),
            signup_attempts::created_at.eq(at),
        ))
        .execute(conn)
}

pub fn count_signup_attempts(
    conn: &mut DbConn,
    address: &str,
    since: NaiveDateTime,
) -> QueryResult<i64> {
    signup_attempts::table
        .filter(signup_attempts::address.eq(address))
        .filter(signup_attempts::created_at.ge(since))
        .count()
        .get_result(conn)
}

/// Every address's attempts from before `before` (they no longer count).
pub fn delete_signup_attempts_before(
    conn: &mut DbConn,
    before: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::delete(signup_attempts::table.filter(signup_attempts::created_at.lt(before)))
        .execute(conn)
}
