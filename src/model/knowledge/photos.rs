//! Stored photos and what they are attached to.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::{photo_sources, photo_uploads, photos, post_photos, step_photos};
use crate::db::DbConn;

#[derive(Debug, Clone, Queryable, Serialize)]
pub struct PhotoView {
    pub owner_id: i64,
    pub sha256: String,
    pub extension: String,
    pub width: i32,
    pub height: i32,
}

/// The photo row for this content, created if it is new.
pub fn find_or_insert(
    conn: &mut DbConn,
    sha256: &str,
    extension: &str,
    (width, height): (i32, i32),
    uploader_id: i64,
    at: NaiveDateTime,
) -> QueryResult<i64> {
    if let Some(id) = photos::table
        .filter(photos::sha256.eq(sha256))
        .select(photos::id)
        .first::<i64>(conn)
        .optional()?
    {
        return Ok(id);
    }
    diesel::insert_into(photos::table)
        .values((
            photos::sha256.eq(sha256),
            photos::extension.eq(extension),
            photos::width.eq(width),
            photos::height.eq(height),
            photos::uploader_id.eq(uploader_id),
            photos::created_at.eq(at),
        ))
        .returning(photos::id)
        .get_result(conn)
}

pub fn count_for_step(conn: &mut DbConn, step_id: i64) -> QueryResult<i64> {
    step_photos::table
        .filter(step_photos::step_id.eq(step_id))
        .count()
        .get_result(conn)
}

pub fn attach_to_step(
    conn: &mut DbConn,
    step_id: i64,
    photo_id: i64,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::insert_into(step_photos::table)
        .values((
            step_photos::step_id.eq(step_id),
            step_photos::photo_id.eq(photo_id),
            step_photos::created_at.eq(at),
        ))
        .execute(conn)
}

pub fn attach_to_post(
    conn: &mut DbConn,
    post_id: i64,
    photo_id: i64,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::insert_into(post_photos::table)
        .values((
            post_photos::post_id.eq(post_id),
            post_photos::photo_id.eq(photo_id),
            post_photos::created_at.eq(at),
        ))
        .execute(conn)
}

pub fn count_for_post(conn: &mut DbConn, post_id: i64) -> QueryResult<i64> {
    post_photos::table
        .filter(post_photos::post_id.eq(post_id))
        .count()
        .get_result(conn)
}

/// Photos of these steps, in upload order (one query for a whole guide).
pub fn of_steps(conn: &mut DbConn, step_ids: &[i64]) -> QueryResult<Vec<PhotoView>> {
    step_photos::table
        .inner_join(photos::table.on(photos::id.eq(step_photos::photo_id)))
        .filter(step_photos::step_id.eq_any(step_ids))
        .order(step_photos::created_at.asc())
        .select((
            step_photos::step_id,
            photos::sha256,
            photos::extension,
            photos::width,
            photos::height,
        ))
        .load(conn)
}

/// Photos of these posts (one query for a page of a thread).
pub fn of_posts(conn: &mut DbConn, post_ids: &[i64]) -> QueryResult<Vec<PhotoView>> {
    post_photos::table
        .inner_join(photos::table.on(photos::id.eq(post_photos::photo_id)))
        .filter(post_photos::post_id.eq_any(post_ids))
        .order(post_photos::created_at.asc())
        .select((
            post_photos::post_id,
            photos::sha256,
            photos::extension,
            photos::width,
            photos::height,
        ))
        .load(conn)
}

/// The photo an uploaded file (by the sha256 of its bytes as sent) became.
pub fn find_by_source(conn: &mut DbConn, source_sha256: &str) -> QueryResult<Option<i64>> {
    photo_sources::table
        .find(source_sha256)
        .select(photo_sources::photo_id)
        .first(conn)
        .optional()
}

/// Remembers which photo a file became; a file already known keeps its photo.
pub fn remember_source(
    conn: &mut DbConn,
    source_sha256: &str,
    photo_id: i64,
) -> QueryResult<usize> {
    diesel::sql_query(
        "INSERT INTO photo_sources (source_sha256, photo_id) VALUES ($1, $2) \
         ON CONFLICT (source_sha256) DO NOTHING",
    )
    .bind::<diesel::sql_types::Text, _>(source_sha256)
    .bind::<diesel::sql_types::BigInt, _>(photo_id)
    .execute(conn)
}

pub fn is_on_step(conn: &mut DbConn, step_id: i64, photo_id: i64) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        step_photos::table
            .filter(step_photos::step_id.eq(step_id))
            .filter(step_photos::photo_id.eq(photo_id)),
    ))
    .get_result(conn)
}

pub fn is_on_post(conn: &mut DbConn, post_id: i64, photo_id: i64) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        post_photos::table
            .filter(post_photos::post_id.eq(post_id))
            .filter(post_photos::photo_id.eq(photo_id)),
    ))
    .get_result(conn)
}

/// On PostgreSQL, serializes the count-then-insert of upload limits (two
/// uploads at once must not both see room for one). SQLite's write
/// transactions already run one at a time.
pub fn lock_uploads(conn: &mut DbConn) -> QueryResult<()> {
    if let DbConn::Pg(pg) = conn {
        diesel::sql_query("LOCK TABLE photo_uploads IN SHARE ROW EXCLUSIVE MODE").execute(pg)?;
    }
    Ok(())
}

/// A member's uploads since `since`: how many, and when the oldest was.
pub fn uploads_since(
    conn: &mut DbConn,
    uploader_id: i64,
    since: NaiveDateTime,
) -> QueryResult<(i64, Option<NaiveDateTime>)> {
    photo_uploads::table
        .filter(photo_uploads::uploader_id.eq(uploader_id))
        .filter(photo_uploads::created_at.ge(since))
        .select((
            diesel::dsl::count_star(),
            diesel::dsl::min(photo_uploads::created_at),
        ))
        .get_result(conn)
}

pub fn record_upload(conn: &mut DbConn, uploader_id: i64, at: NaiveDateTime) -> QueryResult<usize> {
    diesel::insert_into(photo_uploads::table)
        .values((
            photo_uploads::uploader_id.eq(uploader_id),
            photo_uploads::created_at.eq(at),
        ))
        .execute(conn)
}

/// A member's uploads from before `before` (they no longer count).
pub fn forget_uploads_before(
    conn: &mut DbConn,
    uploader_id: i64,
    before: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::delete(
        photo_uploads::table
            .filter(photo_uploads::uploader_id.eq(uploader_id))
            .filter(photo_uploads::created_at.lt(before)),
    )
    .execute(conn)
}
