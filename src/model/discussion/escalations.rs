//! Requests for staff help and who has picked them up.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::{claimers, devices, escalations, threads, users};
use crate::db::DbConn;

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = escalations)]
pub struct Escalation {
    pub id: i64,
    pub thread_id: i64,
    pub requested_by_id: i64,
    pub requested_at: NaiveDateTime,
    pub claimed_by_id: Option<i64>,
    pub claimed_at: Option<NaiveDateTime>,
    pub closed_at: Option<NaiveDateTime>,
    pub waiting_for: String,
    pub waiting_since: NaiveDateTime,
}

/// Who an open escalation waits for (`escalations.waiting_for`): staff until
/// they answer on the private line, then the asker until they write again.
pub const WAITING_FOR_STAFF: &str = "staff";
pub const WAITING_FOR_ASKER: &str = "asker";

/// The open escalation of a thread, with the claiming staff member's name.
#[derive(Debug, Clone, Queryable, Serialize)]
pub struct EscalationView {
    pub id: i64,
    pub requested_at: NaiveDateTime,
    pub claimed_by_id: Option<i64>,
    pub claimed_at: Option<NaiveDateTime>,
    pub claimed_by_name: Option<String>,
    pub waiting_for: String,
    pub waiting_since: NaiveDateTime,
}

/// A row of the staff queue.
#[derive(Debug, Clone, Queryable, Serialize)]
pub struct QueueItem {
    pub thread_id: i64,
    pub title: String,
    pub slug: String,
    pub reply_count: i32,
    pub me_too_count: i32,
    pub requested_at: NaiveDateTime,
    pub claimed_at: Option<NaiveDateTime>,
    pub asker_name: String,
    pub claimed_by_name: Option<String>,
    pub device_name: Option<String>,
    pub waiting_for: String,
    pub waiting_since: NaiveDateTime,
    pub asker_id: i64,
}

pub fn insert(
    conn: &mut DbConn,
    thread_id: i64,
    requested_by: i64,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::insert_into(escalations::table)
        .values((
            escalations::thread_id.eq(thread_id),
            escalations::requested_by_id.eq(requested_by),
            escalations::requested_at.eq(at),
            escalations::waiting_for.eq(WAITING_FOR_STAFF),
            escalations::waiting_since.eq(at),
        ))
        .execute(conn)
}

/// The open escalation now waits for `who` (a `WAITING_FOR_*`); the clock
/// starts again only when the turn changes hands, so a second message from
/// the same side keeps the longer wait.
pub fn set_waiting(conn: &mut DbConn, id: i64, who: &str, at: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        escalations::table
            .find(id)
            .filter(escalations::waiting_for.ne(who)),
    )
    .set((
        escalations::waiting_for.eq(who),
        escalations::waiting_since.eq(at),
    ))
    .execute(conn)
}

/// How many open escalations wait for staff: the count beside the staff's
/// queue link on every page (index `escalations_waiting`).
pub fn count_waiting_for_staff(conn: &mut DbConn) -> QueryResult<i64> {
    escalations::table
        .filter(escalations::closed_at.is_null())
        .filter(escalations::waiting_for.eq(WAITING_FOR_STAFF))
        .count()
        .get_result(conn)
}

/// The questions a member escalated since `since`, closed ones too (index
/// `escalations_by_requester`).
pub fn count_requested_since(
    conn: &mut DbConn,
    user_id: i64,
    since: NaiveDateTime,
) -> QueryResult<i64> {
    escalations::table
        .filter(escalations::requested_by_id.eq(user_id))
        .filter(escalations::requested_at.ge(since))
        .count()
        .get_result(conn)
}

pub fn open_for_thread(conn: &mut DbConn, thread_id: i64) -> QueryResult<Option<Escalation>> {
    escalations::table
        .filter(escalations::thread_id.eq(thread_id))
        .filter(escalations::closed_at.is_null())
        .select(Escalation::as_select())
        .first(conn)
        .optional()
}

pub fn open_view(conn: &mut DbConn, thread_id: i64) -> QueryResult<Option<EscalationView>> {
    escalations::table
        .left_join(
            claimers.on(claimers
                .field(users::id)
                .nullable()
                .eq(escalations::claimed_by_id)),
        )
        .filter(escalations::thread_id.eq(thread_id))
        .filter(escalations::closed_at.is_null())
        .select((
            escalations::id,
            escalations::requested_at,
            escalations::claimed_by_id,
            escalations::claimed_at,
            claimers.field(users::username).nullable(),
            escalations::waiting_for,
            escalations::waiting_since,
        ))
        .first(conn)
        .optional()
}

pub fn set_claim(
    conn: &mut DbConn,
    id: i64,
    claimed_by: Option<i64>,
    at: Option<NaiveDateTime>,
) -> QueryResult<usize> {
    diesel::update(escalations::table.find(id))
        .set((
            escalations::claimed_by_id.eq(claimed_by),
            escalations::claimed_at.eq(at),
        ))
        .execute(conn)
}

pub fn close_open(conn: &mut DbConn, thread_id: i64, at: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        escalations::table
            .filter(escalations::thread_id.eq(thread_id))
            .filter(escalations::closed_at.is_null()),
    )
    .set(escalations::closed_at.eq(at))
    .execute(conn)
}

/// Open escalations: those waiting for staff first, then those waiting for
/// their asker; the longest waiting first in each (index
/// `escalations_waiting`).
pub fn queue(conn: &mut DbConn, limit: i64) -> QueryResult<Vec<QueueItem>> {
    escalations::table
        .inner_join(threads::table)
        .inner_join(users::table.on(users::id.eq(escalations::requested_by_id)))
        .left_join(
            claimers.on(claimers
                .field(users::id)
                .nullable()
                .eq(escalations::claimed_by_id)),
        )
        .left_join(devices::table.on(devices::id.nullable().eq(threads::device_id)))
        .filter(escalations::closed_at.is_null())
        .order((
            escalations::waiting_for.desc(),
            escalations::waiting_since.asc(),
        ))
        .select((
            threads::id,
            threads::title,
            threads::slug,
            threads::reply_count,
            threads::me_too_count,
            escalations::requested_at,
            escalations::claimed_at,
            users::username,
            claimers.field(users::username).nullable(),
            devices::name.nullable(),
            escalations::waiting_for,
            escalations::waiting_since,
            escalations::requested_by_id,
        ))
        .limit(limit)
        .load(conn)
}
