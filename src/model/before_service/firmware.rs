//! Firmware releases per device, the release an answer was checked on, and
//! members' freshness reports ("still works on 3.06" / "no longer works").

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::{
    devices, firmware_checks, firmware_releases, freshness_reports, solution_reviews, threads,
    users,
};
use crate::db::DbConn;
use crate::model::knowledge::devices::path_ids;

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = firmware_releases)]
pub struct Release {
    pub id: i64,
    pub device_id: i64,
    pub version: String,
    pub released_on: NaiveDate,
    pub notes: String,
}

pub struct NewRelease<'a> {
    pub device_id: i64,
    pub version: &'a str,
    pub released_on: NaiveDate,
    pub notes: &'a str,
    pub created_by_id: i64,
    pub created_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConn, new: &NewRelease) -> QueryResult<usize> {
    diesel::insert_into(firmware_releases::table)
        .values((
            firmware_releases::device_id.eq(new.device_id),
            firmware_releases::version.eq(new.version),
            firmware_releases::released_on.eq(new.released_on),
            firmware_releases::notes.eq(new.notes),
            firmware_releases::created_by_id.eq(new.created_by_id),
            firmware_releases::created_at.eq(new.created_at),
        ))
        .execute(conn)
}

/// The releases of any of these devices (a device and its ancestors), newest
/// first (index `firmware_releases_by_device`).
pub fn of_devices(conn: &mut DbConn, device_ids: &[i64]) -> QueryResult<Vec<Release>> {
    firmware_releases::table
        .filter(firmware_releases::device_id.eq_any(device_ids))
        .order((
            firmware_releases::released_on.desc(),
            firmware_releases::id.desc(),
        ))
        .select(Release::as_select())
        .load(conn)
}

/// The newest of these releases (they are loaded newest first).
pub fn newest(releases: &[Release]) -> Option<&Release> {
    releases.first()
}

/// Whether an answer checked on `checked` is confirmed on the current
/// firmware of a device whose releases (its own and those of the devices
/// above it) are `releases`: the check's release is one of them and none came
/// out later. The one definition of "confirmed on the current firmware": an
/// answer's freshness on the thread page, and a thread's
/// `threads.firmware_current` (the device hub's `?firmware=current`, search's
/// `firmware=current`), which [`refresh_current`] derives from it.
pub fn confirmed_current(checked: &Release, releases: &[Release]) -> bool {
    releases.iter().any(|r| r.id == checked.id)
        && releases
            .iter()
            .all(|r| r.released_on <= checked.released_on)
}

/// Recomputes `threads.firmware_current` for one thread: its accepted
/// solution has a check confirmed on the current firmware of its device.
/// Runs inside the caller's transaction (search::document::refresh calls it,
/// so every change that refreshes a thread's search document keeps it: a
/// solution accepted or un-marked, a check recorded, a thread moved). Two or
/// three small queries. Returns the value now stored.
pub fn refresh_current(conn: &mut DbConn, thread_id: i64) -> QueryResult<bool> {
    let Some((stored, path, solution)) = threads::table
        .left_join(devices::table.on(devices::id.nullable().eq(threads::device_id)))
        .filter(threads::id.eq(thread_id))
        .select((
            threads::firmware_current,
            devices::path.nullable(),
            threads::solution_post_id,
        ))
        .first::<(bool, Option<String>, Option<i64>)>(conn)
        .optional()?
    else {
        return Ok(false);
    };
    let current = match (path, solution) {
        (Some(path), Some(post_id)) => match check_of(conn, post_id)? {
            Some(check) => confirmed_current(&check.release, &of_devices(conn, &path_ids(&path))?),
            None => false,
        },
        _ => false,
    };
    if current != stored {
        diesel::update(threads::table.find(thread_id))
            .set(threads::firmware_current.eq(current))
            .execute(conn)?;
    }
    Ok(current)
}

/// The threads on these devices confirmed on the current firmware whose
/// solution was checked on a release out before `released_on`: a release of
/// that date recorded for these devices (a device and everything below it)
/// makes them stale. A new release never makes a thread confirmed, so these
/// are all the threads it changes (index `threads_firmware_current`).
pub fn made_stale_by(
    conn: &mut DbConn,
    device_ids: &[i64],
    released_on: NaiveDate,
) -> QueryResult<Vec<i64>> {
    threads::table
        .inner_join(
            firmware_checks::table
                .on(threads::solution_post_id.eq(firmware_checks::post_id.nullable())),
        )
        .inner_join(
            firmware_releases::table.on(firmware_releases::id.eq(firmware_checks::release_id)),
        )
        .filter(threads::firmware_current)
        .filter(
            threads::device_id.eq_any(device_ids.iter().map(|id| Some(*id)).collect::<Vec<_>>()),
        )
        .filter(firmware_releases::released_on.lt(released_on))
        .select(threads::id)
        .load(conn)
}

/// These threads are no longer confirmed on the current firmware.
pub fn clear_current(conn: &mut DbConn, thread_ids: &[i64]) -> QueryResult<usize> {
    diesel::update(threads::table.filter(threads::id.eq_any(thread_ids)))
        .set(threads::firmware_current.eq(false))
        .execute(conn)
}

/// Records (or replaces) the release an answer was checked on.
pub fn set_check(
    conn: &mut DbConn,
    post_id: i64,
    thread_id: i64,
    release_id: i64,
    by: i64,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    let updated = diesel::update(firmware_checks::table.find(post_id))
        .set((
            firmware_checks::release_id.eq(release_id),
            firmware_checks::checked_by_id.eq(by),
            firmware_checks::checked_at.eq(at),
        ))
        .execute(conn)?;
    if updated > 0 {
        return Ok(updated);
    }
    diesel::insert_into(firmware_checks::table)
        .values((
            firmware_checks::post_id.eq(post_id),
            firmware_checks::thread_id.eq(thread_id),
            firmware_checks::release_id.eq(release_id),
            firmware_checks::checked_by_id.eq(by),
            firmware_checks::checked_at.eq(at),
        ))
        .execute(conn)
}

/// An answer's check with its release.
#[derive(Debug, Clone, Queryable, Serialize)]
pub struct CheckView {
    pub post_id: i64,
    pub checked_at: NaiveDateTime,
    #[diesel(embed)]
    pub release: Release,
}

pub fn check_of(conn: &mut DbConn, post_id: i64) -> QueryResult<Option<CheckView>> {
    firmware_checks::table
        .inner_join(firmware_releases::table)
        .filter(firmware_checks::post_id.eq(post_id))
        .select((
            firmware_checks::post_id,
            firmware_checks::checked_at,
            Release::as_select(),
        ))
        .first(conn)
        .optional()
}

/// The checks of a thread's answers (index `firmware_checks_by_thread`).
pub fn checks_of_thread(conn: &mut DbConn, thread_id: i64) -> QueryResult<Vec<CheckView>> {
    firmware_checks::table
        .inner_join(firmware_releases::table)
        .filter(firmware_checks::thread_id.eq(thread_id))
        .select((
            firmware_checks::post_id,
            firmware_checks::checked_at,
            Release::as_select(),
        ))
        .load(conn)
}

/// A solved thread whose solution has a firmware check.
#[derive(Debug, Clone, Queryable)]
pub struct CheckedSolution {
    pub thread_id: i64,
    pub title: String,
    pub slug: String,
    pub device_id: Option<i64>,
    /// Confirmed on the current firmware (`threads.firmware_current`).
    pub current: bool,
    #[diesel(embed)]
    pub checked: Release,
}

/// Solved threads on any of these devices whose solution has a check,
/// the most recently solved first; with `only_current`, those confirmed on
/// the current firmware (index `threads_firmware_current`).
pub fn checked_solutions_in(
    conn: &mut DbConn,
    device_ids: &[i64],
    only_current: bool,
    limit: i64,
) -> QueryResult<Vec<CheckedSolution>> {
    let mut query = threads::table
        .inner_join(
            firmware_checks::table
                .on(threads::solution_post_id.eq(firmware_checks::post_id.nullable())),
        )
        .inner_join(
            firmware_releases::table.on(firmware_releases::id.eq(firmware_checks::release_id)),
        )
        .filter(
            threads::device_id.eq_any(device_ids.iter().map(|id| Some(*id)).collect::<Vec<_>>()),
        )
        .order(threads::solved_at.desc())
        .select((
            threads::id,
            threads::title,
            threads::slug,
            threads::device_id,
            threads::firmware_current,
            Release::as_select(),
        ))
        .limit(limit)
        .into_boxed();
    if only_current {
        // As the bare column: SQLite uses the partial index only for the
        // very term it is defined with.
        query = query.filter(threads::firmware_current);
    }
    query.load(conn)
}

pub fn insert_report(
    conn: &mut DbConn,
    post_id: i64,
    release_id: i64,
    user_id: i64,
    works: bool,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::insert_into(freshness_reports::table)
        .values((
            freshness_reports::post_id.eq(post_id),
            freshness_reports::release_id.eq(release_id),
            freshness_reports::user_id.eq(user_id),
            freshness_reports::works.eq(works),
            freshness_reports::created_at.eq(at),
        ))
        .execute(conn)
}

/// Trusted members (as `Policy::is_trusted` has it, today: a confirmed
/// address, and staff or `trusted_reputation`) saying an answer no longer
/// works on a release. Reports of others (throwaway accounts, and those
/// stored before only trusted members could report) do not count.
pub fn count_broken(
    conn: &mut DbConn,
    post_id: i64,
    release_id: i64,
    trusted_reputation: i32,
) -> QueryResult<i64> {
    freshness_reports::table
        .inner_join(users::table.on(users::id.eq(freshness_reports::user_id)))
        .filter(freshness_reports::post_id.eq(post_id))
        .filter(freshness_reports::release_id.eq(release_id))
        .filter(freshness_reports::works.eq(false))
        .filter(users::email_verified_at.is_not_null())
        .filter(
            users::role
                .ne("member")
                .or(users::reputation.ge(trusted_reputation)),
        )
        .count()
        .get_result(conn)
}

/// A report on an answer, with whether its member is trusted today.
#[derive(Debug, Clone, Copy)]
pub struct ReportRow {
    pub post_id: i64,
    pub user_id: i64,
    pub works: bool,
    pub trusted: bool,
}

/// The reports on these answers for one release.
pub fn reports_on(
    conn: &mut DbConn,
    post_ids: &[i64],
    release_id: i64,
    trusted_reputation: i32,
) -> QueryResult<Vec<ReportRow>> {
    let rows: Vec<(i64, i64, bool, bool, String, i32)> = freshness_reports::table
        .inner_join(users::table.on(users::id.eq(freshness_reports::user_id)))
        .filter(freshness_reports::post_id.eq_any(post_ids))
        .filter(freshness_reports::release_id.eq(release_id))
        .select((
            freshness_reports::post_id,
            freshness_reports::user_id,
            freshness_reports::works,
            users::email_verified_at.is_not_null(),
            users::role,
            users::reputation,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(post_id, user_id, works, verified, role, reputation)| ReportRow {
                post_id,
                user_id,
                works,
                trusted: verified && (role != "member" || reputation >= trusted_reputation),
            },
        )
        .collect())
}

/// A solution put in question by members' reports on one release, until
/// staff decide: `open`, then `unmarked` (staff confirmed: the solution was
/// un-marked), `kept` (staff kept it) or `moot` (the solution changed first).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = solution_reviews)]
pub struct Review {
    pub id: i64,
    pub thread_id: i64,
    pub post_id: i64,
    pub release_id: i64,
    pub outcome: String,
}

/// The review of an answer on a release, whatever its outcome: one each.
pub fn review_of(conn: &mut DbConn, post_id: i64, release_id: i64) -> QueryResult<Option<Review>> {
    solution_reviews::table
        .filter(solution_reviews::post_id.eq(post_id))
        .filter(solution_reviews::release_id.eq(release_id))
        .select(Review::as_select())
        .first(conn)
        .optional()
}

/// A thread's review waiting for staff, if any (index
/// `solution_reviews_by_thread`).
pub fn open_review_of_thread(conn: &mut DbConn, thread_id: i64) -> QueryResult<Option<Review>> {
    solution_reviews::table
        .filter(solution_reviews::thread_id.eq(thread_id))
        .filter(solution_reviews::outcome.eq("open"))
        .select(Review::as_select())
        .first(conn)
        .optional()
}

pub fn open_review(
    conn: &mut DbConn,
    thread_id: i64,
    post_id: i64,
    release_id: i64,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::insert_into(solution_reviews::table)
        .values((
            solution_reviews::thread_id.eq(thread_id),
            solution_reviews::post_id.eq(post_id),
            solution_reviews::release_id.eq(release_id),
            solution_reviews::opened_at.eq(at),
            solution_reviews::outcome.eq("open"),
        ))
        .execute(conn)
}

/// Staff's decision on an open review (`unmarked` or `kept`); 0 when it
/// was no longer open.
pub fn decide_review(
    conn: &mut DbConn,
    id: i64,
    outcome: &str,
    by: Option<i64>,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        solution_reviews::table
            .find(id)
            .filter(solution_reviews::outcome.eq("open")),
    )
    .set((
        solution_reviews::outcome.eq(outcome),
        solution_reviews::decided_by_id.eq(by),
        solution_reviews::decided_at.eq(Some(at)),
    ))
    .execute(conn)
}

/// The thread's solution changed (accepted anew or un-marked by the
/// asker): an open review of it has nothing left to decide.
pub fn close_reviews_of_thread(
    conn: &mut DbConn,
    thread_id: i64,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        solution_reviews::table
            .filter(solution_reviews::thread_id.eq(thread_id))
            .filter(solution_reviews::outcome.eq("open")),
    )
    .set((
        solution_reviews::outcome.eq("moot"),
        solution_reviews::decided_at.eq(Some(at)),
    ))
    .execute(conn)
}
