//! Maintenance plans (tasks on a device and everything below it), what each
//! owner did about them (done / snoozed), and the reminders sent.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Date, Nullable, Timestamp};
use serde::Serialize;

use crate::db::schema::{
    devices, maintenance_log, maintenance_reminders, maintenance_tasks, threads,
};
use crate::db::DbConn;

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = maintenance_tasks)]
pub struct Task {
    pub id: i64,
    pub device_id: i64,
    pub title: String,
    pub why: String,
    pub interval_count: Option<i32>,
    pub interval_unit: Option<String>,
    pub usage_hint: String,
    pub guide_id: Option<i64>,
    pub created_by_id: Option<i64>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A task with its device and guide, for pages.
#[derive(Debug, Clone, Queryable, Serialize)]
pub struct TaskView {
    pub task: Task,
    pub device_name: String,
    pub device_slug: String,
    pub guide_title: Option<String>,
    pub guide_slug: Option<String>,
}

#[derive(Debug, Insertable, AsChangeset)]
#[diesel(table_name = maintenance_tasks, treat_none_as_null = true)]
pub struct TaskFields<'a> {
    pub title: &'a str,
    pub why: &'a str,
    pub interval_count: Option<i32>,
    pub interval_unit: Option<&'a str>,
    pub usage_hint: &'a str,
    pub guide_id: Option<i64>,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = maintenance_tasks)]
pub struct NewTask<'a> {
    pub device_id: i64,
    pub created_by_id: Option<i64>,
    pub created_at: NaiveDateTime,
    #[diesel(embed)]
    pub fields: TaskFields<'a>,
}

pub fn insert(conn: &mut DbConn, new: &NewTask) -> QueryResult<Task> {
    diesel::insert_into(maintenance_tasks::table)
        .values(new)
        .returning(maintenance_tasks::all_columns)
        .get_result(conn)
}

pub fn update(conn: &mut DbConn, id: i64, fields: &TaskFields) -> QueryResult<usize> {
    diesel::update(maintenance_tasks::table.find(id))
        .set(fields)
        .execute(conn)
}

pub fn delete(conn: &mut DbConn, id: i64) -> QueryResult<usize> {
    diesel::delete(maintenance_tasks::table.find(id)).execute(conn)
}

pub fn find(conn: &mut DbConn, id: i64) -> QueryResult<Task> {
    maintenance_tasks::table
        .find(id)
        .select(Task::as_select())
        .first(conn)
}

/// The tasks attached to any of these devices (a device's path: the tasks
/// that apply to it), in the order they were added, with device and guide.
pub fn for_devices(conn: &mut DbConn, device_ids: &[i64]) -> QueryResult<Vec<TaskView>> {
    maintenance_tasks::table
        .inner_join(devices::table)
        .left_join(threads::table.on(threads::id.nullable().eq(maintenance_tasks::guide_id)))
        .filter(maintenance_tasks::device_id.eq_any(device_ids))
        .order(maintenance_tasks::id.asc())
        .select((
            Task::as_select(),
            devices::name,
            devices::slug,
            threads::title.nullable(),
            threads::slug.nullable(),
        ))
        .load(conn)
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = maintenance_log)]
pub struct LogRow {
    pub owned_device_id: i64,
    pub task_id: i64,
    pub last_done_on: Option<NaiveDate>,
    pub snoozed_until: Option<NaiveDate>,
}

/// What the owners of these owned devices did about their tasks.
pub fn log_for(conn: &mut DbConn, owned_ids: &[i64]) -> QueryResult<Vec<LogRow>> {
    maintenance_log::table
        .filter(maintenance_log::owned_device_id.eq_any(owned_ids))
        .select(LogRow::as_select())
        .load(conn)
}

/// Done on `on`: the next occurrence counts from it, and a snooze ends.
pub fn mark_done(
    conn: &mut DbConn,
    owned_device_id: i64,
    task_id: i64,
    on: NaiveDate,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::sql_query(
        "INSERT INTO maintenance_log (owned_device_id, task_id, last_done_on, snoozed_until, updated_at) \
         VALUES ($1, $2, $3, NULL, $4) \
         ON CONFLICT (owned_device_id, task_id) DO UPDATE SET last_done_on = excluded.last_done_on, \
         snoozed_until = NULL, updated_at = excluded.updated_at",
    )
    .bind::<BigInt, _>(owned_device_id)
    .bind::<BigInt, _>(task_id)
    .bind::<Date, _>(on)
    .bind::<Timestamp, _>(now)
    .execute(conn)
}

/// The current occurrence waits until `until`.
pub fn snooze(
    conn: &mut DbConn,
    owned_device_id: i64,
    task_id: i64,
    until: NaiveDate,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::sql_query(
        "INSERT INTO maintenance_log (owned_device_id, task_id, last_done_on, snoozed_until, updated_at) \
         VALUES ($1, $2, NULL, $3, $4) \
         ON CONFLICT (owned_device_id, task_id) DO UPDATE SET snoozed_until = excluded.snoozed_until, \
         updated_at = excluded.updated_at",
    )
    .bind::<BigInt, _>(owned_device_id)
    .bind::<BigInt, _>(task_id)
    .bind::<Nullable<Date>, _>(Some(until))
    .bind::<Timestamp, _>(now)
    .execute(conn)
}

/// Claims the reminder of one due occurrence; 0 when it was sent already
/// (here or by another server).
pub fn claim_reminder(
    conn: &mut DbConn,
    owned_device_id: i64,
    task_id: i64,
    due_on: NaiveDate,
    user_id: i64,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::sql_query(
        "INSERT INTO maintenance_reminders (owned_device_id, task_id, due_on, user_id, sent_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (owned_device_id, task_id, due_on) DO NOTHING",
    )
    .bind::<BigInt, _>(owned_device_id)
    .bind::<BigInt, _>(task_id)
    .bind::<Date, _>(due_on)
    .bind::<BigInt, _>(user_id)
    .bind::<Timestamp, _>(now)
    .execute(conn)
}

/// Reminders sent, ever (one per owned device, task and due date).
pub fn reminders_sent(conn: &mut DbConn) -> QueryResult<i64> {
    maintenance_reminders::table.count().get_result(conn)
}

/// Tasks marked done at least once, over all owned devices (the staff
/// dashboard's "reminders sent versus marked done" can set it beside
/// [`reminders_sent`]).
pub fn marked_done(conn: &mut DbConn) -> QueryResult<i64> {
    maintenance_log::table
        .filter(maintenance_log::last_done_on.is_not_null())
        .count()
        .get_result(conn)
}
