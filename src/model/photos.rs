//! Stored photos and what they are attached to.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::{photos, post_photos, step_photos};
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
