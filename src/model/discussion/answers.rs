//! Verifications, helpful votes, "I have this problem too", "worked for me"
//! and thread follows.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::{
    devices, me_toos, posts, revokers, thread_follows, threads, users, verifications, votes,
    worked_reports,
};
use crate::db::DbConn;

/// A verification as pages show it.
#[derive(Debug, Clone, Queryable, Serialize)]
pub struct VerificationView {
    pub id: i64,
    pub post_id: i64,
    pub note: String,
    pub created_at: NaiveDateTime,
    pub revoked_at: Option<NaiveDateTime>,
    pub staff_name: String,
    pub revoked_by_name: Option<String>,
}

pub fn insert_verification(
    conn: &mut DbConn,
    post_id: i64,
    thread_id: i64,
    staff_id: i64,
    note: &str,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::insert_into(verifications::table)
        .values((
            verifications::post_id.eq(post_id),
            verifications::thread_id.eq(thread_id),
            verifications::staff_id.eq(staff_id),
            verifications::note.eq(note),
            verifications::created_at.eq(at),
        ))
        .execute(conn)
}

/// Ends the current verification of a post; returns how many ended (0 or 1).
pub fn revoke_verification(
    conn: &mut DbConn,
    post_id: i64,
    by: i64,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        verifications::table
            .filter(verifications::post_id.eq(post_id))
            .filter(verifications::revoked_at.is_null()),
    )
    .set((
        verifications::revoked_at.eq(at),
        verifications::revoked_by_id.eq(by),
    ))
    .execute(conn)
}

pub fn is_verified(conn: &mut DbConn, post_id: i64) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        verifications::table
            .filter(verifications::post_id.eq(post_id))
            .filter(verifications::revoked_at.is_null()),
    ))
    .get_result(conn)
}

pub fn thread_has_verification(conn: &mut DbConn, thread_id: i64) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        verifications::table
            .filter(verifications::thread_id.eq(thread_id))
            .filter(verifications::revoked_at.is_null()),
    ))
    .get_result(conn)
}

/// Current verifications in a thread (one query for a whole thread page).
pub fn current_verifications(
    conn: &mut DbConn,
    thread_id: i64,
) -> QueryResult<Vec<VerificationView>> {
    verifications::table
        .inner_join(users::table.on(users::id.eq(verifications::staff_id)))
        .left_join(
            revokers.on(revokers
                .field(users::id)
                .nullable()
                .eq(verifications::revoked_by_id)),
        )
        .filter(verifications::thread_id.eq(thread_id))
        .filter(verifications::revoked_at.is_null())
        .order(verifications::created_at.asc())
        .select((
            verifications::id,
            verifications::post_id,
            verifications::note,
            verifications::created_at,
            verifications::revoked_at,
            users::username,
            revokers.field(users::username).nullable(),
        ))
        .load(conn)
}

/// Every verification a post ever had, newest first: its history.
pub fn verification_history(conn: &mut DbConn, post_id: i64) -> QueryResult<Vec<VerificationView>> {
    verifications::table
        .inner_join(users::table.on(users::id.eq(verifications::staff_id)))
        .left_join(
            revokers.on(revokers
                .field(users::id)
                .nullable()
                .eq(verifications::revoked_by_id)),
        )
        .filter(verifications::post_id.eq(post_id))
        .order(verifications::created_at.desc())
        .select((
            verifications::id,
            verifications::post_id,
            verifications::note,
            verifications::created_at,
            verifications::revoked_at,
            users::username,
            revokers.field(users::username).nullable(),
        ))
        .load(conn)
}

pub fn set_thread_verified(
    conn: &mut DbConn,
    thread_id: i64,
    verified_at: Option<NaiveDateTime>,
) -> QueryResult<usize> {
    diesel::update(threads::table.find(thread_id))
        .set(threads::verified_at.eq(verified_at))
        .execute(conn)
}

// Votes

pub fn insert_vote(
    conn: &mut DbConn,
    post_id: i64,
    user_id: i64,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::insert_into(votes::table)
        .values((
            votes::post_id.eq(post_id),
            votes::user_id.eq(user_id),
            votes::created_at.eq(at),
        ))
        .execute(conn)
}

pub fn delete_vote(conn: &mut DbConn, post_id: i64, user_id: i64) -> QueryResult<usize> {
    diesel::delete(votes::table.find((post_id, user_id))).execute(conn)
}

pub fn add_vote_count(conn: &mut DbConn, post_id: i64, delta: i32) -> QueryResult<usize> {
    diesel::update(posts::table.find(post_id))
        .set(posts::vote_count.eq(posts::vote_count + delta))
        .execute(conn)
}

/// Which of these posts the user has voted for.
pub fn voted_posts(conn: &mut DbConn, user_id: i64, post_ids: &[i64]) -> QueryResult<Vec<i64>> {
    votes::table
        .filter(votes::user_id.eq(user_id))
        .filter(votes::post_id.eq_any(post_ids))
        .select(votes::post_id)
        .load(conn)
}

// "I have this problem too"

pub fn insert_me_too(
    conn: &mut DbConn,
    thread_id: i64,
    user_id: i64,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::insert_into(me_toos::table)
        .values((
            me_toos::thread_id.eq(thread_id),
            me_toos::user_id.eq(user_id),
            me_toos::created_at.eq(at),
        ))
        .execute(conn)
}

pub fn add_me_too_count(conn: &mut DbConn, thread_id: i64) -> QueryResult<usize> {
    diesel::update(threads::table.find(thread_id))
        .set(threads::me_too_count.eq(threads::me_too_count + 1))
        .execute(conn)
}

pub fn has_me_too(conn: &mut DbConn, thread_id: i64, user_id: i64) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        me_toos::table.find((thread_id, user_id)),
    ))
    .get_result(conn)
}

// "Worked for me"

pub fn insert_worked(
    conn: &mut DbConn,
    post_id: i64,
    user_id: i64,
    device_id: Option<i64>,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::insert_into(worked_reports::table)
        .values((
            worked_reports::post_id.eq(post_id),
            worked_reports::user_id.eq(user_id),
            worked_reports::device_id.eq(device_id),
            worked_reports::created_at.eq(at),
        ))
        .execute(conn)
}

pub fn add_worked_count(conn: &mut DbConn, post_id: i64) -> QueryResult<usize> {
    diesel::update(posts::table.find(post_id))
        .set(posts::worked_count.eq(posts::worked_count + 1))
        .execute(conn)
}

/// "Worked for me" reports on these posts: (post, device name if given).
pub fn worked_reports_for(
    conn: &mut DbConn,
    post_ids: &[i64],
) -> QueryResult<Vec<(i64, Option<String>)>> {
    worked_reports::table
        .left_join(devices::table.on(devices::id.nullable().eq(worked_reports::device_id)))
        .filter(worked_reports::post_id.eq_any(post_ids))
        .select((worked_reports::post_id, devices::name.nullable()))
        .load(conn)
}

pub fn worked_posts(conn: &mut DbConn, user_id: i64, post_ids: &[i64]) -> QueryResult<Vec<i64>> {
    worked_reports::table
        .filter(worked_reports::user_id.eq(user_id))
        .filter(worked_reports::post_id.eq_any(post_ids))
        .select(worked_reports::post_id)
        .load(conn)
}

// Follows

/// Follows a thread; following twice is harmless.
pub fn follow(
    conn: &mut DbConn,
    thread_id: i64,
    user_id: i64,
    at: NaiveDateTime,
) -> QueryResult<()> {
    let exists: bool = diesel::select(diesel::dsl::exists(
        thread_follows::table.find((thread_id, user_id)),
    ))
    .get_result(conn)?;
    if !exists {
        diesel::insert_into(thread_follows::table)
            .values((
                thread_follows::thread_id.eq(thread_id),
                thread_follows::user_id.eq(user_id),
                thread_follows::created_at.eq(at),
            ))
            .execute(conn)?;
    }
    Ok(())
}

pub fn unfollow(conn: &mut DbConn, thread_id: i64, user_id: i64) -> QueryResult<usize> {
    diesel::delete(thread_follows::table.find((thread_id, user_id))).execute(conn)
}

pub fn is_following(conn: &mut DbConn, thread_id: i64, user_id: i64) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        thread_follows::table.find((thread_id, user_id)),
    ))
    .get_result(conn)
}

pub fn followers(conn: &mut DbConn, thread_id: i64) -> QueryResult<Vec<i64>> {
    thread_follows::table
        .filter(thread_follows::thread_id.eq(thread_id))
        .select(thread_follows::user_id)
        .load(conn)
}

/// Whether any staff member wrote a post in the thread.
pub fn staff_posted(conn: &mut DbConn, thread_id: i64) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        posts::table
            .inner_join(users::table.on(users::id.eq(posts::author_id)))
            .filter(posts::thread_id.eq(thread_id))
            .filter(users::role.ne("member")),
    ))
    .get_result(conn)
}
