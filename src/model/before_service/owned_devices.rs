//! "My devices": what each member owns.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Date, Nullable, Text, Timestamp};
use serde::Serialize;

use crate::db::schema::{devices, owned_devices, users};
use crate::db::DbConn;

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = owned_devices)]
pub struct OwnedDevice {
    pub id: i64,
    pub user_id: i64,
    pub device_id: i64,
    pub nickname: String,
    pub purchased_on: Option<NaiveDate>,
    pub firmware: String,
    pub shown_on_profile: bool,
    pub created_at: NaiveDateTime,
}

/// An owned device with what a list shows of the device.
#[derive(Debug, Clone, Queryable, Serialize)]
pub struct OwnedDeviceView {
    pub owned: OwnedDevice,
    pub device_name: String,
    pub device_slug: String,
    pub device_kind: String,
    pub device_path: String,
}

/// What the member says about a device they own.
#[derive(Debug, Clone)]
pub struct OwnedFields<'a> {
    pub nickname: &'a str,
    pub purchased_on: Option<NaiveDate>,
    pub firmware: &'a str,
    pub shown_on_profile: bool,
}

/// "I own this": adds the device, or updates what was said about it when the
/// member owns it already (the device page's form does both).
pub fn upsert(
    conn: &mut DbConn,
    user_id: i64,
    device_id: i64,
    fields: &OwnedFields,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::sql_query(
        "INSERT INTO owned_devices \
         (user_id, device_id, nickname, purchased_on, firmware, shown_on_profile, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) \
         ON CONFLICT (user_id, device_id) DO UPDATE SET nickname = excluded.nickname, \
         purchased_on = excluded.purchased_on, firmware = excluded.firmware, \
         shown_on_profile = excluded.shown_on_profile",
    )
    .bind::<BigInt, _>(user_id)
    .bind::<BigInt, _>(device_id)
    .bind::<Text, _>(fields.nickname)
    .bind::<Nullable<Date>, _>(fields.purchased_on)
    .bind::<Text, _>(fields.firmware)
    .bind::<Bool, _>(fields.shown_on_profile)
    .bind::<Timestamp, _>(now)
    .execute(conn)
}

pub fn update(conn: &mut DbConn, id: i64, fields: &OwnedFields) -> QueryResult<usize> {
    diesel::update(owned_devices::table.find(id))
        .set((
            owned_devices::nickname.eq(fields.nickname),
            owned_devices::purchased_on.eq(fields.purchased_on),
            owned_devices::firmware.eq(fields.firmware),
            owned_devices::shown_on_profile.eq(fields.shown_on_profile),
        ))
        .execute(conn)
}

pub fn delete(conn: &mut DbConn, id: i64) -> QueryResult<usize> {
    diesel::delete(owned_devices::table.find(id)).execute(conn)
}

/// One of the member's owned devices (None for someone else's).
pub fn find_for_user(conn: &mut DbConn, user_id: i64, id: i64) -> QueryResult<Option<OwnedDevice>> {
    owned_devices::table
        .find(id)
        .filter(owned_devices::user_id.eq(user_id))
        .select(OwnedDevice::as_select())
        .first(conn)
        .optional()
}

pub fn find_by_device(
    conn: &mut DbConn,
    user_id: i64,
    device_id: i64,
) -> QueryResult<Option<OwnedDevice>> {
    owned_devices::table
        .filter(owned_devices::user_id.eq(user_id))
        .filter(owned_devices::device_id.eq(device_id))
        .select(OwnedDevice::as_select())
        .first(conn)
        .optional()
}

/// The member's devices, newest first; only those shown on the profile when
/// `shown_only`.
pub fn list_for_user(
    conn: &mut DbConn,
    user_id: i64,
    shown_only: bool,
) -> QueryResult<Vec<OwnedDeviceView>> {
    let mut query = owned_devices::table
        .inner_join(devices::table)
        .filter(owned_devices::user_id.eq(user_id))
        .into_boxed();
    if shown_only {
        query = query.filter(owned_devices::shown_on_profile.eq(true));
    }
    query
        .order((owned_devices::created_at.desc(), owned_devices::id.desc()))
        .select((
            OwnedDevice::as_select(),
            devices::name,
            devices::slug,
            devices::kind,
            devices::path,
        ))
        .load(conn)
}

/// The slug of the device the member added last, if any.
pub fn newest_device_slug(conn: &mut DbConn, user_id: i64) -> QueryResult<Option<String>> {
    owned_devices::table
        .inner_join(devices::table)
        .filter(owned_devices::user_id.eq(user_id))
        .order((owned_devices::created_at.desc(), owned_devices::id.desc()))
        .select(devices::slug)
        .first(conn)
        .optional()
}

#[derive(QueryableByName)]
struct SlugRow {
    #[diesel(sql_type = Text)]
    slug: String,
}

/// In ONE query, the slugs of the devices whose threads are "your device"
/// for the member: each owned device, everything below it (owning a model,
/// its revisions' threads are yours), and its direct parent (owning a
/// revision, the threads about its model are yours). Higher up (a product
/// line, a maker) is about too many devices to mark.
pub fn marked_device_slugs(conn: &mut DbConn, user_id: i64) -> QueryResult<Vec<String>> {
    Ok(diesel::sql_query(
        "SELECT DISTINCT d.slug AS slug FROM owned_devices o \
         JOIN devices od ON od.id = o.device_id \
         JOIN devices d ON d.path LIKE od.path || '%' OR d.id = od.parent_id \
         WHERE o.user_id = $1",
    )
    .bind::<BigInt, _>(user_id)
    .load::<SlugRow>(conn)?
    .into_iter()
    .map(|r| r.slug)
    .collect())
}

/// `marked_device_slugs` for a viewer, none for a visitor.
pub fn marks_for(conn: &mut DbConn, viewer_id: Option<i64>) -> QueryResult<Vec<String>> {
    match viewer_id {
        Some(user_id) => marked_device_slugs(conn, user_id),
        None => Ok(Vec::new()),
    }
}

/// Owned devices after `after_id`, in id order, of accounts not deleted,
/// for the reminder job.
pub fn batch_after(
    conn: &mut DbConn,
    after_id: i64,
    limit: i64,
) -> QueryResult<Vec<OwnedDeviceView>> {
    owned_devices::table
        .inner_join(devices::table)
        .inner_join(users::table.on(users::id.eq(owned_devices::user_id)))
        .filter(owned_devices::id.gt(after_id))
        .filter(users::deleted_at.is_null())
        .order(owned_devices::id.asc())
        .select((
            OwnedDevice::as_select(),
            devices::name,
            devices::slug,
            devices::kind,
            devices::path,
        ))
        .limit(limit)
        .load(conn)
}
