//! Who may attach photos where, and how many.

use super::Actor;
use crate::db::{write_tx, DbConn};
use crate::error::{not_found, AppError, AppResult};
use crate::media::Processed;
use crate::model::{guides, photos, posts, threads};

pub const MAX_STEP_PHOTOS: i64 = 6;
pub const MAX_POST_PHOTOS: i64 = 6;

/// Where a photo goes.
#[derive(Debug, Clone, Copy)]
pub enum Target {
    Step(i64),
    Post(i64),
}

/// Checks, before any work is done on the file, that the actor may add a
/// photo there. Returns the thread to go back to.
pub fn check(conn: &mut DbConn, actor: &Actor, target: Target) -> AppResult<i64> {
    actor.ensure_can_write()?;
    let (thread_id, author_id, count, max) = match target {
        Target::Step(id) => {
            let step = guides::find_step(conn, id).map_err(not_found("step"))?;
            let thread = threads::find(conn, step.thread_id)?;
            (
                thread.id,
                thread.author_id,
                photos::count_for_step(conn, id)?,
                MAX_STEP_PHOTOS,
            )
        }
        Target::Post(id) => {
            let post = posts::find(conn, id).map_err(not_found("post"))?;
            (
                post.thread_id,
                post.author_id,
                photos::count_for_post(conn, id)?,
                MAX_POST_PHOTOS,
            )
        }
    };
    actor.ensure_can_edit_post(author_id)?;
    if count >= max {
        return Err(AppError::invalid(
            "photo",
            format!("There are already {max} photos here; that is the most."),
        ));
    }
    Ok(thread_id)
}

/// Records a stored photo and attaches it, in one transaction.
pub fn attach(
    conn: &mut DbConn,
    actor: &Actor,
    target: Target,
    photo: &Processed,
) -> AppResult<i64> {
    write_tx(conn, |conn| {
        let thread_id = check(conn, actor, target)?;
        let now = crate::model::now();
        let id = photos::find_or_insert(
            conn,
            &photo.sha256,
            photo.extension,
            (photo.width as i32, photo.height as i32),
            actor.id,
            now,
        )?;
        let attached = match target {
            Target::Step(step) => photos::attach_to_step(conn, step, id, now),
            Target::Post(post) => photos::attach_to_post(conn, post, id, now),
        };
        attached.map_err(|e| match AppError::from(e) {
            AppError::Conflict(_) => AppError::Conflict("That photo is already here.".into()),
            other => other,
        })?;
        Ok(thread_id)
    })
}
