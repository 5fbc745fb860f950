//! Who may attach photos where, and how many: per place, and per member
//! and hour (counted in the database, so it holds across app servers).
//! A member's avatar comes through here too, held to the same limits.

use crate::db::{write_tx, DbConn};
use crate::error::{not_found, AppError, AppResult, FieldErrors};
use crate::forum::{Actor, Policy};
use crate::i18n::Message;
use crate::media::{PhotoPool, Processed, Ticket};
use crate::model::{
    accounts::users, discussion::posts, discussion::threads, knowledge::guides, knowledge::photos,
};

pub const MAX_STEP_PHOTOS: i64 = 6;
pub const MAX_POST_PHOTOS: i64 = 6;

/// Where a photo goes.
#[derive(Debug, Clone, Copy)]
pub enum Target {
    Step(i64),
    Post(i64),
    /// The avatar of the member with this id (only they may set it).
    Avatar(i64),
}

/// Checks, before any work is done on the file, that the actor may add a
/// photo there. Returns the thread to go back to (None for an avatar).
pub fn check(conn: &mut DbConn, actor: &Actor, target: Target) -> AppResult<Option<i64>> {
    actor.ensure_can_write()?;
    let (thread_id, author_id, count, max) = match target {
        Target::Avatar(user_id) => {
            if user_id != actor.id {
                return Err(AppError::forbidden("err-photos-can-only-change-own-avatar"));
            }
            return Ok(None);
        }
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
            Message::new("err-photos-there-already-max-photos-here").with("max", max),
        ));
    }
    Ok(Some(thread_id))
}

/// What an allowed upload does next.
pub enum Admitted {
    /// The same file became a photo before: it is attached again, without
    /// being decoded. The thread to go back to (None for an avatar).
    Attached(Option<i64>),
    /// A new file: decode it, holding this place in the photo pool.
    Decode(Ticket),
}

fn already_here() -> AppError {
    AppError::Conflict("err-photos-photo-already-here".into())
}

fn is_attached(conn: &mut DbConn, target: Target, photo_id: i64) -> AppResult<bool> {
    Ok(match target {
        Target::Step(step) => photos::is_on_step(conn, step, photo_id)?,
        Target::Post(post) => photos::is_on_post(conn, post, photo_id)?,
        Target::Avatar(user) => users::find(conn, user)?.avatar_photo_id == Some(photo_id),
    })
}

fn attach_photo(conn: &mut DbConn, target: Target, photo_id: i64) -> AppResult<()> {
    let now = crate::model::now();
    let attached = match target {
        Target::Step(step) => photos::attach_to_step(conn, step, photo_id, now),
        Target::Post(post) => photos::attach_to_post(conn, post, photo_id, now),
        Target::Avatar(user) => users::set_avatar(conn, user, Some(photo_id)),
    };
    attached.map_err(|e| match AppError::from(e) {
        AppError::Conflict(_) => already_here(),
        other => other,
    })?;
    Ok(())
}

/// A member's photos per hour: each one that is accepted counts (a decode
/// costs CPU and memory whatever its outcome), refusals do not. `adding`
/// photos come now.
fn check_upload_limit(
    conn: &mut DbConn,
    policy: &Policy,
    actor: &Actor,
    adding: i64,
) -> AppResult<()> {
    let (limit, who) = if policy.is_trusted(actor) {
        (policy.photos_per_hour, "members")
    } else {
        (policy.new_member_photos_per_hour, "new")
    };
    let now = crate::model::now();
    let window = chrono::Duration::hours(1);
    photos::lock_uploads(conn)?;
    photos::forget_uploads_before(conn, actor.id, now - window)?;
    let (count, oldest) = photos::uploads_since(conn, actor.id, now - window)?;
    if count + adding <= limit {
        return Ok(());
    }
    let wait = oldest.map_or(window, |oldest| oldest + window - now);
    let seconds = wait.num_seconds().max(1) as u64;
    Err(AppError::TooManyRequests {
        message: Message::new("err-photos-upload-limit")
            .with("who", who)
            .with("limit", limit)
            .with("minutes", seconds.div_ceil(60)),
        retry_after_seconds: seconds,
    })
}

/// Every photo thread is busy and the queue is full: 503 with Retry-After.
fn pool_full() -> AppError {
    let mut errors = FieldErrors::new();
    errors.insert(
        "photo",
        "err-photos-many-photos-being-processed-right".into(),
    );
    AppError::Busy(errors)
}

/// Decides, before any decoding, what happens to an upload whose file has
/// this sha256 (of its bytes as sent): refused (rights, the place is full,
/// a duplicate, the member's hourly limit, the photo pool is full), attached
/// at once (a file seen before), or admitted to be decoded. Counted against
/// the member's limit in the same transaction, so two servers cannot both
/// let the last one through; nothing is written when it is refused.
pub fn admit(
    conn: &mut DbConn,
    policy: &Policy,
    pool: &PhotoPool,
    actor: &Actor,
    target: Target,
    source_sha256: &str,
) -> AppResult<Admitted> {
    write_tx(conn, |conn| {
        let thread_id = check(conn, actor, target)?;
        let known = photos::find_by_source(conn, source_sha256)?;
        if let Some(photo_id) = known {
            if is_attached(conn, target, photo_id)? {
                return Err(already_here());
            }
        }
        check_upload_limit(conn, policy, actor, 1)?;
        let admitted = match known {
            Some(photo_id) => {
                attach_photo(conn, target, photo_id)?;
                Admitted::Attached(thread_id)
            }
            None => Admitted::Decode(pool.try_ticket().ok_or_else(pool_full)?),
        };
        photos::record_upload(conn, actor.id, crate::model::now())?;
        Ok(admitted)
    })
}

/// Records a stored photo (and the file it came from) and attaches it, in
/// one transaction.
pub fn attach(
    conn: &mut DbConn,
    actor: &Actor,
    target: Target,
    photo: &Processed,
) -> AppResult<Option<i64>> {
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
        photos::remember_source(conn, &photo.source_sha256, id)?;
        attach_photo(conn, target, id)?;
        Ok(thread_id)
    })
}

/// A photo chosen on the new-question form, ready to attach with the
/// question: a file seen before (its photo's id) or a new one, decoded and
/// stored.
pub enum ChosenPhoto {
    Known(i64),
    New(Processed),
}

/// The photos chosen with a new question, by the sha256 of each file as
/// sent, before any decoding: at most [`MAX_POST_PHOTOS`], within the
/// member's hourly limit (counted as with other uploads, in one
/// transaction), and one place in the photo pool for the new files. Returns
/// the photo already made from each file (if any), and the ticket to decode
/// the others with.
pub fn admit_for_new_post(
    conn: &mut DbConn,
    policy: &Policy,
    pool: &PhotoPool,
    actor: &Actor,
    sources: &[String],
) -> AppResult<(Vec<Option<i64>>, Option<Ticket>)> {
    actor.ensure_can_write()?;
    if sources.len() as i64 > MAX_POST_PHOTOS {
        return Err(AppError::invalid(
            "photo",
            Message::new("err-photos-post-can-have-at-most")
                .with("max_post_photos", MAX_POST_PHOTOS),
        ));
    }
    write_tx(conn, |conn| {
        check_upload_limit(conn, policy, actor, sources.len() as i64).map_err(|e| match e {
            // Said in the form, so the question's text is kept.
            AppError::TooManyRequests { message, .. } => {
                let mut errors = FieldErrors::new();
                errors.insert("photo", message);
                AppError::Limited(errors)
            }
            other => other,
        })?;
        let mut known = Vec::with_capacity(sources.len());
        for source in sources {
            known.push(photos::find_by_source(conn, source)?);
        }
        let ticket = match known.iter().any(Option::is_none) {
            true => Some(pool.try_ticket().ok_or_else(pool_full)?),
            false => None,
        };
        for _ in sources {
            photos::record_upload(conn, actor.id, crate::model::now())?;
        }
        Ok((known, ticket))
    })
}

/// Records and attaches a new question's photos to its opening post, in the
/// question's write transaction.
pub(crate) fn attach_chosen(
    conn: &mut DbConn,
    actor: &Actor,
    post_id: i64,
    chosen: &[ChosenPhoto],
) -> AppResult<()> {
    let now = crate::model::now();
    for photo in chosen {
        let id = match photo {
            ChosenPhoto::Known(id) => *id,
            ChosenPhoto::New(photo) => {
                let id = photos::find_or_insert(
                    conn,
                    &photo.sha256,
                    photo.extension,
                    (photo.width as i32, photo.height as i32),
                    actor.id,
                    now,
                )?;
                photos::remember_source(conn, &photo.source_sha256, id)?;
                id
            }
        };
        attach_photo(conn, Target::Post(post_id), id)?;
    }
    Ok(())
}
