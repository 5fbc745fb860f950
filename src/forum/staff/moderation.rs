//! Keeping the community safe: flags, hiding, locking, pinning, moving,
//! suspending. Every staff action is written to the audit log.

use chrono::Duration;
use serde::Deserialize;

use crate::db::{write_tx, DbConn};
use crate::error::{not_found, AppError, AppResult};
use crate::forum::{chars, Actor, Policy};
use crate::model::staff::moderation::{self, NewAuditEntry};
use crate::model::{accounts::users, discussion::posts, discussion::threads, knowledge::devices};

pub const FLAG_REASONS: [(&str, &str); 4] = [
    ("spam", "Spam"),
    ("unsafe", "Unsafe repair advice"),
    ("abuse", "Abuse"),
    ("other", "Something else"),
];

/// Flags from this many different trusted members hide a post until staff review it.
pub const AUTO_HIDE_TRUSTED_FLAGS: i64 = 3;

pub fn audit(
    conn: &mut DbConn,
    actor: Option<&Actor>,
    action: &str,
    target_user_id: Option<i64>,
    thread_id: Option<i64>,
    post_id: Option<i64>,
    detail: &str,
) -> AppResult<()> {
    moderation::record(
        conn,
        &NewAuditEntry {
            actor_id: actor.map(|a| a.id),
            action,
            target_user_id,
            thread_id,
            post_id,
            detail,
            created_at: crate::model::now(),
        },
    )?;
    Ok(())
}

#[derive(Debug, Default, Deserialize)]
pub struct FlagForm {
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub note: String,
}

/// A member flags a post, once. Enough trusted flags hide it for review.
pub fn flag(
    conn: &mut DbConn,
    actor: &Actor,
    post_id: i64,
    form: &FlagForm,
    policy: &Policy,
) -> AppResult<()> {
    actor.ensure_can_write()?;
    if !FLAG_REASONS.iter().any(|(r, _)| *r == form.reason) {
        return Err(AppError::invalid(
            "reason",
            "err-moderation-choose-why-flagging-post",
        ));
    }
    if chars(form.note.trim()) > 500 {
        return Err(AppError::invalid(
            "note",
            "err-moderation-keep-note-under-500-characters",
        ));
    }
    write_tx(conn, |conn| {
        let post = posts::find(conn, post_id).map_err(not_found("post"))?;
        if post.author_id == actor.id {
            return Err(AppError::forbidden("err-moderation-cannot-flag-own-post"));
        }
        let now = crate::model::now();
        let trusted = policy.is_trusted(actor);
        moderation::insert_flag(
            conn,
            post.id,
            actor.id,
            &form.reason,
            form.note.trim(),
            trusted,
            now,
        )
        .map_err(|e| match AppError::from(e) {
            AppError::Conflict(_) => {
                AppError::Conflict("err-moderation-have-already-flagged-post".into())
            }
            other => other,
        })?;
        moderation::set_open_flag_count(conn, post.id)?;
        if !post.hidden && moderation::open_trusted_flags(conn, post.id)? >= AUTO_HIDE_TRUSTED_FLAGS
        {
            moderation::set_hidden(
                conn,
                post.id,
                true,
                Some("flagged by several trusted members; waiting for staff review"),
                None,
                Some(now),
            )?;
            audit(
                conn,
                None,
                "auto_hide",
                Some(post.author_id),
                Some(post.thread_id),
                Some(post.id),
                "3 trusted flags",
            )?;
            crate::search::thread_changed(conn, post.thread_id)?;
        }
        Ok(())
    })
}

/// Staff hide a post with a reason; its open flags are resolved.
pub fn hide(conn: &mut DbConn, actor: &Actor, post_id: i64, reason: &str) -> AppResult<()> {
    actor.ensure_staff("err-moderation-only-staff-can-hide-posts")?;
    let reason = reason.trim();
    if reason.is_empty() || chars(reason) > 200 {
        return Err(AppError::invalid(
            "reason",
            "err-moderation-give-reason-up-200-characters",
        ));
    }
    write_tx(conn, |conn| {
        let post = posts::find(conn, post_id).map_err(not_found("post"))?;
        let now = crate::model::now();
        moderation::set_hidden(conn, post.id, true, Some(reason), Some(actor.id), Some(now))?;
        moderation::resolve_flags(conn, post.id, actor.id, now)?;
        moderation::set_open_flag_count(conn, post.id)?;
        crate::search::thread_changed(conn, post.thread_id)?;
        audit(
            conn,
            Some(actor),
            "hide_post",
            Some(post.author_id),
            Some(post.thread_id),
            Some(post.id),
            reason,
        )
    })
}

/// Staff show a post again (also the "keep it" answer to an auto-hide).
pub fn unhide(conn: &mut DbConn, actor: &Actor, post_id: i64) -> AppResult<()> {
    actor.ensure_staff("err-moderation-only-staff-can-unhide-posts")?;
    write_tx(conn, |conn| {
        let post = posts::find(conn, post_id).map_err(not_found("post"))?;
        if !post.hidden {
            return Err(AppError::Conflict("err-moderation-post-not-hidden".into()));
        }
        let now = crate::model::now();
        moderation::set_hidden(conn, post.id, false, None, None, None)?;
        moderation::resolve_flags(conn, post.id, actor.id, now)?;
        moderation::set_open_flag_count(conn, post.id)?;
        crate::search::thread_changed(conn, post.thread_id)?;
        audit(
            conn,
            Some(actor),
            "unhide_post",
            Some(post.author_id),
            Some(post.thread_id),
            Some(post.id),
            "",
        )
    })
}

/// Staff review flags and keep the post as it is.
pub fn dismiss_flags(conn: &mut DbConn, actor: &Actor, post_id: i64) -> AppResult<()> {
    actor.ensure_staff("err-moderation-only-staff-can-review-flags")?;
    write_tx(conn, |conn| {
        let post = posts::find(conn, post_id).map_err(not_found("post"))?;
        if moderation::resolve_flags(conn, post.id, actor.id, crate::model::now())? == 0 {
            return Err(AppError::Conflict(
                "err-moderation-post-has-no-open-flags".into(),
            ));
        }
        moderation::set_open_flag_count(conn, post.id)?;
        audit(
            conn,
            Some(actor),
            "dismiss_flags",
            Some(post.author_id),
            Some(post.thread_id),
            Some(post.id),
            "",
        )
    })
}

/// Lock, unlock, pin or unpin a thread.
pub fn set_thread_flag(
    conn: &mut DbConn,
    actor: &Actor,
    thread_id: i64,
    action: &str,
) -> AppResult<()> {
    actor.ensure_staff("err-moderation-only-staff-can-lock-pin")?;
    write_tx(conn, |conn| {
        let thread = threads::find(conn, thread_id).map_err(not_found("thread"))?;
        match action {
            "lock" => moderation::set_locked(conn, thread.id, true)?,
            "unlock" => moderation::set_locked(conn, thread.id, false)?,
            "pin" => moderation::set_pinned(conn, thread.id, true)?,
            "unpin" => moderation::set_pinned(conn, thread.id, false)?,
            _ => {
                return Err(AppError::BadRequest(
                    "err-moderation-unknown-thread-action".into(),
                ))
            }
        };
        audit(
            conn,
            Some(actor),
            &format!("{action}_thread"),
            Some(thread.author_id),
            Some(thread.id),
            None,
            "",
        )
    })
}

/// Moves a thread to another device (or to none).
/// Moving a thread to another device is for staff.
pub fn ensure_can_move(actor: &Actor) -> AppResult<()> {
    actor.ensure_staff("err-moderation-only-staff-can-move-threads")
}

pub fn move_thread(
    conn: &mut DbConn,
    actor: &Actor,
    thread_id: i64,
    device_slug: &str,
) -> AppResult<()> {
    ensure_can_move(actor)?;
    write_tx(conn, |conn| {
        let thread = threads::find(conn, thread_id).map_err(not_found("thread"))?;
        let target = match device_slug.trim() {
            "" => None,
            slug => Some(devices::find_by_slug(conn, slug)?.ok_or_else(|| {
                AppError::invalid("device", "err-moderation-device-not-catalogue")
            })?),
        };
        let from = match thread.device_id {
            Some(id) => devices::find(conn, id)?.name,
            None => "no device".into(),
        };
        let to = target
            .as_ref()
            .map_or("no device".to_owned(), |d| d.name.clone());
        moderation::set_device(conn, thread.id, target.map(|d| d.id))?;
        crate::search::thread_changed(conn, thread.id)?;
        audit(
            conn,
            Some(actor),
            "move_thread",
            Some(thread.author_id),
            Some(thread.id),
            None,
            &format!("{from} → {to}"),
        )
    })
}

/// Suspends a member for some days: they can read but not write. Who may
/// suspend whom is `Actor::ensure_can_discipline`; anyone but staff is
/// refused before anything is read.
pub fn suspend(
    conn: &mut DbConn,
    actor: &Actor,
    username: &str,
    days: &str,
    reason: &str,
) -> AppResult<()> {
    actor.ensure_staff("err-moderation-only-staff-can-suspend-members")?;
    let days: i64 = days
        .trim()
        .parse()
        .ok()
        .filter(|d| (1..=3650).contains(d))
        .ok_or_else(|| AppError::invalid("days", "err-moderation-suspend-1-3650-days"))?;
    let reason = reason.trim();
    if reason.is_empty() || chars(reason) > 200 {
        return Err(AppError::invalid(
            "reason",
            "err-moderation-give-reason-up-200-characters-2",
        ));
    }
    write_tx(conn, |conn| {
        let user = users::find_by_username(conn, username)?.ok_or(AppError::NotFound("member"))?;
        actor.ensure_can_discipline(user.id, Actor::from(&user).role, false)?;
        let until = crate::model::now() + Duration::days(days);
        moderation::set_suspension(conn, user.id, Some(until), Some(reason))?;
        audit(
            conn,
            Some(actor),
            "suspend",
            Some(user.id),
            None,
            None,
            &format!("{days} days: {reason}"),
        )
    })
}

/// Lifts a suspension (never one's own; a staff member's only by an admin).
pub fn unsuspend(conn: &mut DbConn, actor: &Actor, username: &str) -> AppResult<()> {
    actor.ensure_staff("err-moderation-only-staff-can-lift-suspensions")?;
    write_tx(conn, |conn| {
        let user = users::find_by_username(conn, username)?.ok_or(AppError::NotFound("member"))?;
        actor.ensure_can_discipline(user.id, Actor::from(&user).role, true)?;
        moderation::set_suspension(conn, user.id, None, None)?;
        audit(
            conn,
            Some(actor),
            "unsuspend",
            Some(user.id),
            None,
            None,
            "",
        )
    })
}
