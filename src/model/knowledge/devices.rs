use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::{devices, threads};
use crate::db::DbConn;

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = devices)]
pub struct Device {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub kind: String,
    pub slug: String,
    pub name: String,
    pub path: String,
    pub description_md: String,
    pub description_html: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// What a list, a menu or a breadcrumb needs of a device.
#[derive(Debug, Clone, Queryable, Selectable, Serialize, utoipa::ToSchema)]
#[diesel(table_name = devices)]
pub struct DeviceBrief {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub kind: String,
    pub slug: String,
    pub name: String,
    pub path: String,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = devices)]
pub struct NewDevice<'a> {
    pub parent_id: Option<i64>,
    pub kind: &'a str,
    pub slug: &'a str,
    pub name: &'a str,
    pub path: &'a str,
    pub description_md: &'a str,
    pub description_html: &'a str,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, AsChangeset)]
#[diesel(table_name = devices)]
pub struct DeviceChanges<'a> {
    pub kind: &'a str,
    pub slug: &'a str,
    pub name: &'a str,
    pub description_md: &'a str,
    pub description_html: &'a str,
    pub updated_at: NaiveDateTime,
}

/// The ids in a materialised path, root first: "/1/5/12/" -> [1, 5, 12].
pub fn path_ids(path: &str) -> Vec<i64> {
    path.split('/').filter_map(|s| s.parse().ok()).collect()
}

pub fn insert(conn: &mut DbConn, new: &NewDevice) -> QueryResult<Device> {
    diesel::insert_into(devices::table)
        .values(new)
        .returning(devices::all_columns)
        .get_result(conn)
}

pub fn set_path(conn: &mut DbConn, id: i64, path: &str) -> QueryResult<usize> {
    diesel::update(devices::table.find(id))
        .set(devices::path.eq(path))
        .execute(conn)
}

pub fn update(conn: &mut DbConn, id: i64, changes: &DeviceChanges) -> QueryResult<Device> {
    diesel::update(devices::table.find(id))
        .set(changes)
        .returning(devices::all_columns)
        .get_result(conn)
}

pub fn find(conn: &mut DbConn, id: i64) -> QueryResult<Device> {
    devices::table
        .find(id)
        .select(Device::as_select())
        .first(conn)
}

pub fn find_by_slug(conn: &mut DbConn, slug: &str) -> QueryResult<Option<Device>> {
    devices::table
        .filter(devices::slug.eq(slug))
        .select(Device::as_select())
        .first(conn)
        .optional()
}

pub fn slug_taken(conn: &mut DbConn, slug: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        devices::table.filter(devices::slug.eq(slug)),
    ))
    .get_result(conn)
}

/// The whole catalogue, for the tree page and the device menus; ordered by name.
pub fn all_brief(conn: &mut DbConn) -> QueryResult<Vec<DeviceBrief>> {
    devices::table
        .select(DeviceBrief::as_select())
        .order((devices::name.asc(), devices::id.asc()))
        .load(conn)
}

pub fn children(conn: &mut DbConn, id: i64) -> QueryResult<Vec<DeviceBrief>> {
    devices::table
        .filter(devices::parent_id.eq(id))
        .select(DeviceBrief::as_select())
        .order(devices::name.asc())
        .load(conn)
}

pub fn roots(conn: &mut DbConn) -> QueryResult<Vec<DeviceBrief>> {
    devices::table
        .filter(devices::parent_id.is_null())
        .select(DeviceBrief::as_select())
        .order(devices::name.asc())
        .load(conn)
}

/// The devices named by a path, root first (breadcrumbs).
pub fn along_path(conn: &mut DbConn, path: &str) -> QueryResult<Vec<DeviceBrief>> {
    let ids = path_ids(path);
    let mut found = devices::table
        .filter(devices::id.eq_any(&ids))
        .select(DeviceBrief::as_select())
        .load(conn)?;
    found.sort_by_key(|d| ids.iter().position(|id| *id == d.id));
    Ok(found)
}

/// Ids of a device and everything below it.
pub fn subtree_ids(conn: &mut DbConn, path: &str) -> QueryResult<Vec<i64>> {
    devices::table
        .filter(devices::path.like(format!("{path}%")))
        .select(devices::id)
        .load(conn)
}

pub fn count(conn: &mut DbConn) -> QueryResult<i64> {
    devices::table.count().get_result(conn)
}

/// The devices directly under any of the given ones (e.g. product lines under makers).
pub fn children_of_all(conn: &mut DbConn, parent_ids: &[i64]) -> QueryResult<Vec<DeviceBrief>> {
    devices::table
        .filter(devices::parent_id.eq_any(parent_ids))
        .select(DeviceBrief::as_select())
        .order(devices::name.asc())
        .load(conn)
}

/// A device and everything below it, ordered by path (tree order).
pub fn subtree_brief(conn: &mut DbConn, path: &str) -> QueryResult<Vec<DeviceBrief>> {
    devices::table
        .filter(devices::path.like(format!("{path}%")))
        .select(DeviceBrief::as_select())
        .order(devices::path.asc())
        .load(conn)
}

diesel::define_sql_function! {
    /// SQL's lower(): the same on both databases (LIKE is case-blind on
    /// SQLite only).
    fn lower(x: diesel::sql_types::Text) -> diesel::sql_types::Text;
}

/// The devices whose name holds any of these words (lower-case letters and
/// digits): the candidates for the device a search names. The catalogue is
/// small (hundreds to a few thousand rows), read once per search.
pub fn with_name_words(conn: &mut DbConn, words: &[String]) -> QueryResult<Vec<DeviceBrief>> {
    let mut query = devices::table.select(DeviceBrief::as_select()).into_boxed();
    let mut any = false;
    for word in words.iter().filter(|w| w.chars().count() >= 2) {
        let pattern = format!("%{}%", word.replace(['%', '_', '\\'], ""));
        query = query.or_filter(lower(devices::name).like(pattern));
        any = true;
    }
    if !any {
        return Ok(Vec::new());
    }
    query.limit(200).load(conn)
}

/// The names of the devices on a path, from the top (the maker) down.
pub fn names_on_path(conn: &mut DbConn, path: &str) -> QueryResult<Vec<String>> {
    let ids = path_ids(path);
    let mut found: Vec<(i64, String)> = devices::table
        .filter(devices::id.eq_any(&ids))
        .select((devices::id, devices::name))
        .load(conn)?;
    found.sort_by_key(|(id, _)| ids.iter().position(|i| i == id));
    Ok(found.into_iter().map(|(_, name)| name).collect())
}

/// A few devices by id, in one query.
pub fn brief_by_ids(conn: &mut DbConn, ids: &[i64]) -> QueryResult<Vec<DeviceBrief>> {
    devices::table
        .filter(devices::id.eq_any(ids))
        .select(DeviceBrief::as_select())
        .load(conn)
}

/// The device of each of these threads (thread id, device id), in one query:
/// which level of the tree a thread listed on a device page comes from.
pub fn of_threads(conn: &mut DbConn, thread_ids: &[i64]) -> QueryResult<Vec<(i64, i64)>> {
    threads::table
        .filter(threads::id.eq_any(thread_ids))
        .filter(threads::device_id.is_not_null())
        .select((threads::id, threads::device_id.assume_not_null()))
        .load(conn)
}
