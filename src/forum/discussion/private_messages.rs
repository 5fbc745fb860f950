//! The private line to staff: once a question is escalated, its asker and
//! staff exchange messages inside the thread (an order number, a serial) that
//! nobody else reads. Everyone else sees only that staff are handling it
//! privately; the outcome is posted publicly as a normal reply.
//!
//! Who reads: the asker and staff (suspended ones too: reading changes
//! nothing). Who writes: the asker and staff, not while suspended, and only
//! while the escalation is open. Who is told: the other side: staff write to
//! the asker; the asker writes to the staff member who claimed the thread,
//! or to every staff member while nobody has claimed it.
//!
//! The turn: a staff message makes the escalation wait for the asker (the
//! thread no longer says "Waiting for staff"); the asker's next message makes
//! it wait for staff again (`escalations::set_waiting`).
//!
//! Limits (`Policy::check_private_message_limits`): one message fans out to
//! every staff member, so members send a few an hour, an unconfirmed account
//! one until its address is confirmed, and a new member's messages carry no
//! links or images. However many messages arrive, each reader has at most
//! one unread notification (and mail) about a thread's private line.

use crate::db::{write_tx, DbConn};
use crate::error::{not_found, AppError, AppResult};
use crate::forum::discussion::answers::notify_coalesced;
use crate::forum::{chars, Actor, Policy};
use crate::i18n::Message;
use crate::model::{discussion::escalations, discussion::private_messages, discussion::threads};
use crate::render::markdown::Rendered;

pub const MAX_CHARS: usize = 5_000;

/// The notification kind (in-app and mail).
pub const NOTIFICATION: &str = "private_message";

/// Whether this reader may read the private line of a thread by `asker_id`.
pub fn may_read(actor: Option<&Actor>, asker_id: i64) -> bool {
    actor.is_some_and(|a| a.id == asker_id || a.is_staff())
}

/// Checks the text before anything is rendered: the message as it would be
/// stored, or a 422 for the `message` field.
pub fn check_body(body: &str) -> AppResult<&str> {
    let body = body.trim();
    if body.is_empty() {
        return Err(AppError::invalid(
            "message",
            "err-private-messages-write-message-first-order-number",
        ));
    }
    if chars(body) > MAX_CHARS {
        return Err(AppError::invalid(
            "message",
            Message::new("err-private-messages-keep-private-message-under-max")
                .with("max_chars", MAX_CHARS),
        ));
    }
    Ok(body)
}

/// Writes a private message. `rendered` is `Rendered::of(body)`, made before
/// this is called (never inside the transaction).
pub fn send(
    conn: &mut DbConn,
    actor: &Actor,
    thread_id: i64,
    body: &str,
    rendered: &Rendered,
    policy: &Policy,
) -> AppResult<()> {
    actor.ensure_can_write()?;
    let body = check_body(body)?;
    write_tx(conn, |conn| {
        let thread = threads::find(conn, thread_id).map_err(not_found("thread"))?;
        let is_asker = thread.author_id == actor.id;
        if !is_asker && !actor.is_staff() {
            return Err(AppError::forbidden(
                "err-private-messages-only-person-who-asked-staff",
            ));
        }
        let escalation = escalations::open_for_thread(conn, thread.id)?.ok_or_else(|| {
            AppError::Conflict("err-private-messages-private-line-open-while-staff".into())
        })?;
        policy.check_private_message_limits(conn, actor, rendered.has_links)?;
        let now = crate::model::now();
        private_messages::insert(conn, thread.id, actor.id, body, &rendered.html, now)?;
        let now_waiting_for = if is_asker {
            escalations::WAITING_FOR_STAFF
        } else {
            escalations::WAITING_FOR_ASKER
        };
        escalations::set_waiting(conn, escalation.id, now_waiting_for, now)?;
        let recipients = if is_asker {
            match escalation.claimed_by_id {
                Some(staff) => vec![staff],
                None => private_messages::staff_ids(conn)?,
            }
        } else {
            vec![thread.author_id]
        };
        notify_coalesced(conn, &recipients, NOTIFICATION, thread.id, None, actor.id)
    })
}
