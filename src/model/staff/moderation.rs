//! Flags, hidden posts, locks, pins, moves, suspensions and the audit log.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::{audit_log, flags, posts, targets, threads, users};
use crate::db::DbConn;

// Flags

/// Which of these posts the member flagged (open or resolved), in one query
/// (the unique index on post and member answers it).
pub fn flagged_posts(conn: &mut DbConn, user_id: i64, post_ids: &[i64]) -> QueryResult<Vec<i64>> {
    flags::table
        .filter(flags::user_id.eq(user_id))
        .filter(flags::post_id.eq_any(post_ids))
        .select(flags::post_id)
        .load(conn)
}

pub fn insert_flag(
    conn: &mut DbConn,
    post_id: i64,
    user_id: i64,
    reason: &str,
    note: &str,
    trusted: bool,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::insert_into(flags::table)
        .values((
            flags::post_id.eq(post_id),
            flags::user_id.eq(user_id),
            flags::reason.eq(reason),
            flags::note.eq(note),
            flags::trusted.eq(trusted),
            flags::created_at.eq(at),
        ))
        .execute(conn)
}

pub fn set_open_flag_count(conn: &mut DbConn, post_id: i64) -> QueryResult<i64> {
    let open: i64 = flags::table
        .filter(flags::post_id.eq(post_id))
        .filter(flags::resolved_at.is_null())
        .count()
        .get_result(conn)?;
    diesel::update(posts::table.find(post_id))
        .set(posts::open_flag_count.eq(open as i32))
        .execute(conn)?;
    Ok(open)
}

pub fn open_trusted_flags(conn: &mut DbConn, post_id: i64) -> QueryResult<i64> {
    flags::table
        .filter(flags::post_id.eq(post_id))
        .filter(flags::resolved_at.is_null())
        .filter(flags::trusted.eq(true))
        .count()
        .get_result(conn)
}

pub fn resolve_flags(
    conn: &mut DbConn,
    post_id: i64,
    by: i64,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        flags::table
            .filter(flags::post_id.eq(post_id))
            .filter(flags::resolved_at.is_null()),
    )
    .set((flags::resolved_at.eq(at), flags::resolved_by_id.eq(by)))
    .execute(conn)
}

/// An open flag with what the moderation queue shows about its post.
#[derive(Debug, Clone, Queryable, Serialize)]
pub struct OpenFlag {
    pub post_id: i64,
    pub reason: String,
    pub note: String,
    pub trusted: bool,
    pub created_at: NaiveDateTime,
    pub flagger_name: String,
    pub post_body_html: String,
    pub post_hidden: bool,
    pub post_hidden_reason: Option<String>,
    pub post_reply_number: i32,
    pub thread_id: i64,
    pub thread_title: String,
    pub thread_slug: String,
    pub author_name: String,
}

/// Open flags, oldest first (one query; the queue groups them by post).
pub fn open_flags(conn: &mut DbConn, limit: i64) -> QueryResult<Vec<OpenFlag>> {
    flags::table
        .inner_join(users::table.on(users::id.eq(flags::user_id)))
        .inner_join(posts::table.on(posts::id.eq(flags::post_id)))
        .inner_join(threads::table.on(threads::id.eq(posts::thread_id)))
        .inner_join(targets.on(targets.field(users::id).eq(posts::author_id)))
        .filter(flags::resolved_at.is_null())
        .order(flags::created_at.asc())
        .select((
            flags::post_id,
            flags::reason,
            flags::note,
            flags::trusted,
            flags::created_at,
            users::username,
            posts::body_html,
            posts::hidden,
            posts::hidden_reason,
            posts::reply_number,
            threads::id,
            threads::title,
            threads::slug,
            targets.field(users::username),
        ))
        .limit(limit)
        .load(conn)
}

// Posts and threads

pub fn set_hidden(
    conn: &mut DbConn,
    post_id: i64,
    hidden: bool,
    reason: Option<&str>,
    by: Option<i64>,
    at: Option<NaiveDateTime>,
) -> QueryResult<usize> {
    diesel::update(posts::table.find(post_id))
        .set((
            posts::hidden.eq(hidden),
            posts::hidden_reason.eq(reason),
            posts::hidden_by_id.eq(by),
            posts::hidden_at.eq(at),
        ))
        .execute(conn)
}

pub fn set_locked(conn: &mut DbConn, thread_id: i64, locked: bool) -> QueryResult<usize> {
    diesel::update(threads::table.find(thread_id))
        .set(threads::locked.eq(locked))
        .execute(conn)
}

pub fn set_pinned(conn: &mut DbConn, thread_id: i64, pinned: bool) -> QueryResult<usize> {
    diesel::update(threads::table.find(thread_id))
        .set(threads::pinned.eq(pinned))
        .execute(conn)
}

pub fn set_device(conn: &mut DbConn, thread_id: i64, device_id: Option<i64>) -> QueryResult<usize> {
    diesel::update(threads::table.find(thread_id))
        .set(threads::device_id.eq(device_id))
        .execute(conn)
}

pub fn set_suspension(
    conn: &mut DbConn,
    user_id: i64,
    until: Option<NaiveDateTime>,
    reason: Option<&str>,
) -> QueryResult<usize> {
    diesel::update(users::table.find(user_id))
        .set((
            users::suspended_until.eq(until),
            users::suspension_reason.eq(reason),
        ))
        .execute(conn)
}

// The audit log

#[derive(Debug, Insertable)]
#[diesel(table_name = audit_log)]
pub struct NewAuditEntry<'a> {
    pub actor_id: Option<i64>,
    pub action: &'a str,
    pub target_user_id: Option<i64>,
    pub thread_id: Option<i64>,
    pub post_id: Option<i64>,
    pub detail: &'a str,
    pub created_at: NaiveDateTime,
}

pub fn record(conn: &mut DbConn, entry: &NewAuditEntry) -> QueryResult<usize> {
    diesel::insert_into(audit_log::table)
        .values(entry)
        .execute(conn)
}

#[derive(Debug, Clone, Queryable, Serialize)]
pub struct AuditEntry {
    pub id: i64,
    pub action: String,
    pub thread_id: Option<i64>,
    pub post_id: Option<i64>,
    pub detail: String,
    pub created_at: NaiveDateTime,
    pub actor_name: Option<String>,
    pub target_name: Option<String>,
}

/// The audit log, newest first, optionally only one action or one actor.
pub fn audit_entries(
    conn: &mut DbConn,
    action: Option<&str>,
    actor_id: Option<i64>,
    offset: i64,
    limit: i64,
) -> QueryResult<Vec<AuditEntry>> {
    let mut query = audit_log::table
        .left_join(users::table.on(users::id.nullable().eq(audit_log::actor_id)))
        .left_join(
            targets.on(targets
                .field(users::id)
                .nullable()
                .eq(audit_log::target_user_id)),
        )
        .select((
            audit_log::id,
            audit_log::action,
            audit_log::thread_id,
            audit_log::post_id,
            audit_log::detail,
            audit_log::created_at,
            users::username.nullable(),
            targets.field(users::username).nullable(),
        ))
        .order((audit_log::created_at.desc(), audit_log::id.desc()))
        .into_boxed();
    if let Some(action) = action {
        query = query.filter(audit_log::action.eq(action.to_owned()));
    }
    if let Some(actor) = actor_id {
        query = query.filter(audit_log::actor_id.eq(actor));
    }
    query.offset(offset).limit(limit).load(conn)
}
