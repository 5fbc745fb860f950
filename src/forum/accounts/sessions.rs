//! A member's logged-in browsers: ending one of them, or all but the one in
//! use. Open to every member, suspended or unconfirmed too: logging out a
//! lost phone is a safety step, never a post.

use crate::db::{write_tx, DbConn};
use crate::error::{AppError, AppResult};
use crate::forum::Actor;
use crate::model::accounts::sessions;

/// Ends one of the actor's own sessions. Another member's session, or one
/// that already ended, is "not found": its id tells nothing.
pub fn end_one(conn: &mut DbConn, actor: &Actor, session_id: i64) -> AppResult<()> {
    write_tx(conn, |conn| {
        match sessions::delete_own(conn, actor.id, session_id)? {
            0 => Err(AppError::NotFound("session")),
            _ => Ok(()),
        }
    })
}

/// Ends every session of the actor but `current` (the browser asking).
/// Returns how many ended.
pub fn end_others(conn: &mut DbConn, actor: &Actor, current: i64) -> AppResult<usize> {
    write_tx(conn, |conn| {
        Ok(sessions::delete_others(conn, actor.id, current)?)
    })
}
