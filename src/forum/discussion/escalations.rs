//! Self-service to full service: the asker calls in staff without leaving the
//! thread; staff claim it, answer, and release it.
//!
//! Staff hear of a new request (notification kind [`OPENED`], mailed as each
//! chose for "staff_queue"), written in the escalation's transaction and
//! limited with it (`Policy::check_escalation_limits`: a few questions a day
//! per member). An open escalation waits for staff, or for the asker once
//! staff answered on the private line (`private_messages::send` moves it);
//! the queue lists those waiting for staff first and marks the ones with a
//! private message staff have not answered yet.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use serde::Serialize;

use crate::db::{write_tx, DbConn};
use crate::error::{not_found, AppError, AppResult};
use crate::forum::discussion::answers::{notify, notify_coalesced};
use crate::forum::discussion::threads::ThreadKind;
use crate::forum::staff::moderation::audit;
use crate::forum::{Actor, Policy};
use crate::model::discussion::escalations::{QueueItem, WAITING_FOR_STAFF};
use crate::model::{
    discussion::answers, discussion::escalations, discussion::private_messages, discussion::threads,
};
use crate::webhooks;

/// The notification kind staff get when a member asks for help (in-app and
/// mail).
pub const OPENED: &str = "escalation_opened";

/// How many rows the staff queue shows.
pub const QUEUE_LIMIT: i64 = 200;

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
                "err-escalations-only-person-who-asked-can",
            ));
        }
        if thread.kind != ThreadKind::Troubleshooting.as_str() {
            return Err(AppError::BadRequest(
                "err-escalations-staff-help-troubleshooting-questions".into(),
            ));
        }
        if thread.status == "solved" {
            return Err(AppError::Conflict(
                "err-escalations-question-solved-if-fix-did".into(),
            ));
        }
        if escalations::open_for_thread(conn, thread.id)?.is_some() {
            return Err(AppError::Conflict(
                "err-escalations-staff-have-already-been-asked".into(),
            ));
        }
        policy.check_escalation_limits(conn, actor)?;
        let now = crate::model::now();
        escalations::insert(conn, thread.id, actor.id, now)?;
        threads::set_status(conn, thread.id, "escalated")?;
        answers::follow(conn, thread.id, actor.id, now)?;
        let staff = private_messages::staff_ids(conn)?;
        notify_coalesced(conn, &staff, OPENED, thread.id, None, actor.id)?;
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
    actor.ensure_staff("err-escalations-only-staff-can-pick-up")?;
    write_tx(conn, |conn| {
        let thread = threads::find(conn, thread_id).map_err(not_found("thread"))?;
        let escalation = escalations::open_for_thread(conn, thread.id)?.ok_or_else(|| {
            AppError::Conflict("err-escalations-nobody-has-asked-staff-help".into())
        })?;
        match escalation.claimed_by_id {
            Some(id) if id == actor.id => return Ok(()),
            Some(_) => {
                return Err(AppError::Conflict(
                    "err-escalations-another-staff-member-already-thread".into(),
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
    actor.ensure_staff("err-escalations-only-staff-can-release-escalated")?;
    write_tx(conn, |conn| {
        let thread = threads::find(conn, thread_id).map_err(not_found("thread"))?;
        let escalation = escalations::open_for_thread(conn, thread.id)?
            .ok_or_else(|| AppError::Conflict("err-escalations-thread-not-waiting-staff".into()))?;
        if escalation.claimed_by_id.is_none() {
            return Err(AppError::Conflict(
                "err-escalations-nobody-has-claimed-thread".into(),
            ));
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

/// A row of the staff queue, with whether the asker wrote privately since
/// staff last answered there.
#[derive(Debug, Serialize)]
pub struct QueueRow {
    #[serde(flatten)]
    pub item: QueueItem,
    pub waiting_for_staff: bool,
    /// When the asker's newest unanswered private message was written.
    pub unanswered_message_at: Option<NaiveDateTime>,
}

/// The staff queue (staff only, suspended staff too: reading changes
/// nothing), in two queries however long it is.
pub fn queue(conn: &mut DbConn, actor: &Actor) -> AppResult<Vec<QueueRow>> {
    actor.ensure_staff("err-escalations-page-staff")?;
    let items = escalations::queue(conn, QUEUE_LIMIT)?;
    let thread_ids: Vec<i64> = items.iter().map(|i| i.thread_id).collect();
    let newest: HashMap<(i64, i64), NaiveDateTime> =
        private_messages::newest_by_author(conn, &thread_ids)?
            .into_iter()
            .map(|(thread, author, at)| ((thread, author), at))
            .collect();
    Ok(items
        .into_iter()
        .map(|item| {
            let waiting_for_staff = item.waiting_for == WAITING_FOR_STAFF;
            // While it waits for staff, the asker's messages since the wait
            // began are the ones nobody on staff has answered.
            let unanswered_message_at = newest
                .get(&(item.thread_id, item.asker_id))
                .copied()
                .filter(|at| waiting_for_staff && *at >= item.waiting_since);
            QueueRow {
                item,
                waiting_for_staff,
                unanswered_message_at,
            }
        })
        .collect())
}
