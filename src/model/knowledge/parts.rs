//! The parts catalogue, part-swap reports and confirmations.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::{devices, part_fits, parts, swap_confirmations, swap_reports, threads};
use crate::db::DbConn;

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = parts)]
pub struct Part {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub part_number: String,
    pub description_md: String,
    pub description_html: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Insertable, AsChangeset)]
#[diesel(table_name = parts)]
pub struct PartFields<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    pub part_number: &'a str,
    pub description_md: &'a str,
    pub description_html: &'a str,
    pub updated_at: NaiveDateTime,
}

pub fn all(conn: &mut DbConn) -> QueryResult<Vec<Part>> {
    parts::table
        .select(Part::as_select())
        .order(parts::name.asc())
        .load(conn)
}

pub fn find(conn: &mut DbConn, id: i64) -> QueryResult<Part> {
    parts::table.find(id).select(Part::as_select()).first(conn)
}

pub fn find_by_slug(conn: &mut DbConn, slug: &str) -> QueryResult<Option<Part>> {
    parts::table
        .filter(parts::slug.eq(slug))
        .select(Part::as_select())
        .first(conn)
        .optional()
}

pub fn insert(conn: &mut DbConn, fields: &PartFields, at: NaiveDateTime) -> QueryResult<Part> {
    diesel::insert_into(parts::table)
        .values((fields, parts::created_at.eq(at)))
        .returning(parts::all_columns)
        .get_result(conn)
}

pub fn update(conn: &mut DbConn, id: i64, fields: &PartFields) -> QueryResult<usize> {
    diesel::update(parts::table.find(id))
        .set(fields)
        .execute(conn)
}

pub fn set_fits(conn: &mut DbConn, part_id: i64, device_ids: &[i64]) -> QueryResult<()> {
    diesel::delete(part_fits::table.filter(part_fits::part_id.eq(part_id))).execute(conn)?;
    for device_id in device_ids {
        diesel::insert_into(part_fits::table)
            .values((
                part_fits::part_id.eq(part_id),
                part_fits::device_id.eq(device_id),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The devices a part is made for: (id, name, slug).
pub fn fits_of_part(conn: &mut DbConn, part_id: i64) -> QueryResult<Vec<(i64, String, String)>> {
    part_fits::table
        .inner_join(devices::table.on(devices::id.eq(part_fits::device_id)))
        .filter(part_fits::part_id.eq(part_id))
        .order(devices::name.asc())
        .select((devices::id, devices::name, devices::slug))
        .load(conn)
}

/// Catalogue parts made for any of these devices: (slug, name, part number).
pub fn parts_for_devices(
    conn: &mut DbConn,
    device_ids: &[i64],
) -> QueryResult<Vec<(String, String, String)>> {
    part_fits::table
        .inner_join(parts::table.on(parts::id.eq(part_fits::part_id)))
        .filter(part_fits::device_id.eq_any(device_ids))
        .select((parts::slug, parts::name, parts::part_number))
        .distinct()
        .order(parts::name.asc())
        .load(conn)
}

pub fn insert_report(
    conn: &mut DbConn,
    thread_id: i64,
    part_id: i64,
    device_id: i64,
    outcome: &str,
    caveats: &str,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::insert_into(swap_reports::table)
        .values((
            swap_reports::thread_id.eq(thread_id),
            swap_reports::part_id.eq(part_id),
            swap_reports::device_id.eq(device_id),
            swap_reports::outcome.eq(outcome),
            swap_reports::caveats.eq(caveats),
            swap_reports::created_at.eq(at),
        ))
        .execute(conn)
}

/// A report as the thread page shows it.
#[derive(Debug, Clone, Queryable, Serialize)]
pub struct ReportView {
    pub thread_id: i64,
    pub outcome: String,
    pub caveats: String,
    pub part_name: String,
    pub part_slug: String,
    pub part_number: String,
    pub device_name: String,
    pub device_slug: String,
}

pub fn report_of_thread(conn: &mut DbConn, thread_id: i64) -> QueryResult<Option<ReportView>> {
    swap_reports::table
        .inner_join(parts::table.on(parts::id.eq(swap_reports::part_id)))
        .inner_join(devices::table.on(devices::id.eq(swap_reports::device_id)))
        .filter(swap_reports::thread_id.eq(thread_id))
        .select((
            swap_reports::thread_id,
            swap_reports::outcome,
            swap_reports::caveats,
            parts::name,
            parts::slug,
            parts::part_number,
            devices::name,
            devices::slug,
        ))
        .first(conn)
        .optional()
}

pub fn insert_confirmation(
    conn: &mut DbConn,
    thread_id: i64,
    user_id: i64,
    agrees: bool,
    device_id: Option<i64>,
    comment: &str,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::insert_into(swap_confirmations::table)
        .values((
            swap_confirmations::thread_id.eq(thread_id),
            swap_confirmations::user_id.eq(user_id),
            swap_confirmations::agrees.eq(agrees),
            swap_confirmations::device_id.eq(device_id),
            swap_confirmations::comment.eq(comment),
            swap_confirmations::created_at.eq(at),
        ))
        .execute(conn)
}

pub fn has_confirmed(conn: &mut DbConn, thread_id: i64, user_id: i64) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        swap_confirmations::table.find((thread_id, user_id)),
    ))
    .get_result(conn)
}

/// One report with what it is about, for the compatibility matrix.
#[derive(Debug, Clone, Queryable)]
pub struct EvidenceRow {
    pub thread_id: i64,
    pub title: String,
    pub slug: String,
    pub outcome: String,
    pub part_id: i64,
    pub part_name: String,
    pub part_slug: String,
    pub device_id: i64,
    pub device_name: String,
    pub device_slug: String,
}

/// Which reports the matrix is built from.
pub enum EvidenceFor<'a> {
    Part(i64),
    Devices(&'a [i64]),
    Thread(i64),
}

/// Reports for a part, for any of a set of devices, or one report (one query).
pub fn evidence(conn: &mut DbConn, scope: EvidenceFor) -> QueryResult<Vec<EvidenceRow>> {
    let mut query = swap_reports::table
        .inner_join(threads::table.on(threads::id.eq(swap_reports::thread_id)))
        .inner_join(parts::table.on(parts::id.eq(swap_reports::part_id)))
        .inner_join(devices::table.on(devices::id.eq(swap_reports::device_id)))
        .select((
            swap_reports::thread_id,
            threads::title,
            threads::slug,
            swap_reports::outcome,
            parts::id,
            parts::name,
            parts::slug,
            devices::id,
            devices::name,
            devices::slug,
        ))
        .order((
            parts::name.asc(),
            devices::name.asc(),
            swap_reports::thread_id.asc(),
        ))
        .into_boxed();
    // A withdrawn report (its opening post hidden) is no evidence; its own
    // thread page still shows staff its counts.
    let not_withdrawn = diesel::dsl::not(crate::model::discussion::threads::opening_post_hidden());
    query = match scope {
        EvidenceFor::Part(part) => query
            .filter(swap_reports::part_id.eq(part))
            .filter(not_withdrawn),
        EvidenceFor::Devices(ids) => query
            .filter(swap_reports::device_id.eq_any(ids.to_vec()))
            .filter(not_withdrawn),
        EvidenceFor::Thread(id) => query.filter(swap_reports::thread_id.eq(id)),
    };
    query.load(conn)
}

/// Confirmations and disputes per report: (thread, agrees, count).
pub fn confirmation_counts(
    conn: &mut DbConn,
    thread_ids: &[i64],
) -> QueryResult<Vec<(i64, bool, i64)>> {
    swap_confirmations::table
        .filter(swap_confirmations::thread_id.eq_any(thread_ids))
        .group_by((swap_confirmations::thread_id, swap_confirmations::agrees))
        .select((
            swap_confirmations::thread_id,
            swap_confirmations::agrees,
            diesel::dsl::count_star(),
        ))
        .load(conn)
}

/// Which of these URL names are catalogue parts.
pub fn slugs_among(conn: &mut DbConn, slugs: &[String]) -> QueryResult<Vec<String>> {
    parts::table
        .filter(parts::slug.eq_any(slugs))
        .select(parts::slug)
        .load(conn)
}
