//! Self-service to full service: the asker calls in staff without leaving the
//! thread; staff claim it, answer, and release it.

use crate::db::{write_tx, DbConn};
use crate::error::{not_found, AppError, AppResult};
use crate::forum::discussion::answers::notify;
use crate::forum::discussion::threads::ThreadKind;
use crate::forum::staff::moderation::audit;
use crate::forum::{Actor, Policy};
use crate::model::{discussion::answers, discussion::escalations, discussion::threads};
use crate::webhooks;

/// The asker asks staff for help: a few questions a day
/// (`Policy::check_escalation_limits`).
pub fn escalate(
    conn: &mut DbConn,
    actor: &Actor,
    thread_id: i64,
    policy: &Policy,
) -> AppResult<()> {
    actor.ensure_can_write()?;
    write_tx(conn, |conn| {
        let thread = threads::find(conn, thread_id).map_err(not_found("thread"))?;
        if thread.author_id != actor.id {
            return Err(AppError::forbidden(
                "Only the person who asked can ask for staff help.",
            ));
        }
        if thread.kind != ThreadKind::Troubleshooting.as_str() {
            return Err(AppError::BadRequest(
                "Staff help is for troubleshooting questions.".into(),
            ));
        }
        if thread.status == "solved" {
            return Err(AppError::Conflict(
                "This question is solved. If the fix did not hold, un-mark the solution first."
                    .into(),
            ));
        }
        if escalations::open_for_thread(conn, thread.id)?.is_some() {
            return Err(AppError::Conflict(
                "Staff have already been asked to help here.".into(),
            ));
        }
        policy.check_escalation_limits(conn, actor)?;
        let now = crate::model::now();
        escalations::insert(conn, thread.id, actor.id, now)?;
        threads::set_status(conn, thread.id, "escalated")?;
        answers::follow(conn, thread.id, actor.id, now)?;
        let escalated = threads::find(conn, thread.id)?;
        webhooks::enqueue(
            conn,
            webhooks::Event::EscalationOpened,
            serde_json::json!({
                "thread": webhooks::thread_data(&escalated),
                "requested_by_id": actor.id,
            }),
        )?;
        Ok(())
    })
}

/// A staff member takes the thread on; others see who is on it.
pub fn claim(conn: &mut DbConn, actor: &Actor, thread_id: i64) -> AppResult<()> {
    actor.ensure_staff("Only staff can pick up escalated threads.")?;
    write_tx(conn, |conn| {
        let thread = threads::find(conn, thread_id).map_err(not_found("thread"))?;
        let escalation = escalations::open_for_thread(conn, thread.id)?.ok_or_else(|| {
            AppError::Conflict("Nobody has asked for staff help on this thread.".into())
        })?;
        match escalation.claimed_by_id {
            Some(id) if id == actor.id => return Ok(()),
            Some(_) => {
                return Err(AppError::Conflict(
                    "Another staff member is already on this thread.".into(),
                ))
            }
            None => {}
        }
        let now = crate::model::now();
        escalations::set_claim(conn, escalation.id, Some(actor.id), Some(now))?;
        answers::follow(conn, thread.id, actor.id, now)?;
        notify(
            conn,
            &[thread.author_id],
            "escalation_claimed",
            thread.id,
            None,
            actor.id,
        )?;
        webhooks::enqueue(
            conn,
            webhooks::Event::EscalationClaimed,
            serde_json::json!({
                "thread": webhooks::thread_data(&thread),
                "claimed_by_id": actor.id,
            }),
        )?;
        Ok(())
    })
}

/// Hands the thread back to the queue.
pub fn release(conn: &mut DbConn, actor: &Actor, thread_id: i64) -> AppResult<()> {
    actor.ensure_staff("Only staff can release escalated threads.")?;
    write_tx(conn, |conn| {
        let thread = threads::find(conn, thread_id).map_err(not_found("thread"))?;
        let escalation = escalations::open_for_thread(conn, thread.id)?
            .ok_or_else(|| AppError::Conflict("This thread is not waiting for staff.".into()))?;
        if escalation.claimed_by_id.is_none() {
            return Err(AppError::Conflict("Nobody has claimed this thread.".into()));
        }
        escalations::set_claim(conn, escalation.id, None, None)?;
        audit(
            conn,
            Some(actor),
            "release",
            Some(thread.author_id),
            Some(thread.id),
            None,
            "",
        )
    })
}
