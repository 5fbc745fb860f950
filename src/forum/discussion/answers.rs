//! Answers that resolve: the accepted solution, staff verification, helpful
//! votes, "I have this problem too", "worked for me", and how a solved thread
//! was solved (its recovery path).

use serde::Serialize;

use crate::db::{write_tx, DbConn};
use crate::error::{not_found, AppError, AppResult};
use crate::forum::discussion::threads::ThreadKind;
use crate::forum::staff::moderation::audit;
use crate::forum::{accounts::reputation, Actor};
use crate::i18n::Message;
use crate::model::accounts::notifications::{DueTask, NewNotification, Subject};
use crate::model::discussion::posts::{self, Post};
use crate::model::discussion::threads::{self, Thread};
use crate::model::{
    accounts::notifications, accounts::users, discussion::answers, discussion::escalations,
    knowledge::devices,
};

/// How a solved thread got solved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RecoveryPath {
    /// A customer's answer solved it and no staff took part.
    CustomerLed,
    /// Staff took part (guided in a reply, verified an answer, marked the
    /// solution) and the customer-side answer solved it.
    Joint,
    /// The solution was written by staff.
    StaffLed,
}

impl RecoveryPath {
    pub const ALL: [RecoveryPath; 3] = [
        RecoveryPath::CustomerLed,
        RecoveryPath::Joint,
        RecoveryPath::StaffLed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RecoveryPath::CustomerLed => "customer_led",
            RecoveryPath::Joint => "joint",
            RecoveryPath::StaffLed => "staff_led",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            RecoveryPath::CustomerLed => "Customer-led",
            RecoveryPath::Joint => "Joint (customer + staff)",
            RecoveryPath::StaffLed => "Staff-led",
        }
    }

    pub fn parse(s: &str) -> Option<RecoveryPath> {
        RecoveryPath::ALL.into_iter().find(|p| p.as_str() == s)
    }

    /// The rule, in one place.
    pub fn decide(solution_by_staff: bool, staff_took_part: bool) -> RecoveryPath {
        if solution_by_staff {
            RecoveryPath::StaffLed
        } else if staff_took_part {
            RecoveryPath::Joint
        } else {
            RecoveryPath::CustomerLed
        }
    }
}

fn load_post_and_thread(conn: &mut DbConn, post_id: i64) -> AppResult<(Post, Thread)> {
    let post = posts::find(conn, post_id).map_err(not_found("post"))?;
    let thread = threads::find(conn, post.thread_id)?;
    Ok((post, thread))
}

fn is_staff_user(conn: &mut DbConn, user_id: i64) -> AppResult<bool> {
    Ok(users::find(conn, user_id)?.role != "member")
}

/// Sends a notification to each user except the one who caused it, and the
/// mail each of them chose for its kind (at once, or a line of their daily
/// digest), in the caller's transaction.
pub fn notify(
    conn: &mut DbConn,
    user_ids: &[i64],
    kind: &str,
    thread_id: i64,
    post_id: Option<i64>,
    actor_id: i64,
) -> AppResult<()> {
    notify_about(conn, user_ids, kind, thread_id, post_id, Some(actor_id))
}

/// `notify`, except that a member who still has an unread notification of
/// this kind about this thread (and post) gets no second one and no second
/// mail: that one is brought up to date instead. For events one member can
/// repeat quickly (private messages, reports), so they cannot fan out into
/// hundreds of notifications and mails.
pub fn notify_coalesced(
    conn: &mut DbConn,
    user_ids: &[i64],
    kind: &str,
    thread_id: i64,
    post_id: Option<i64>,
    actor_id: i64,
) -> AppResult<()> {
    let mut recipients: Vec<i64> = user_ids
        .iter()
        .copied()
        .filter(|id| *id != actor_id)
        .collect();
    recipients.sort_unstable();
    recipients.dedup();
    let pending = notifications::refresh_unread(
        conn,
        &recipients,
        kind,
        thread_id,
        post_id,
        Some(actor_id),
        crate::model::now(),
    )?;
    let fresh: Vec<i64> = recipients
        .into_iter()
        .filter(|id| !pending.contains(id))
        .collect();
    if fresh.is_empty() {
        return Ok(());
    }
    notify(conn, &fresh, kind, thread_id, post_id, actor_id)
}

/// `notify` for events nobody caused (the solved reminder): no actor.
pub fn notify_about(
    conn: &mut DbConn,
    user_ids: &[i64],
    kind: &str,
    thread_id: i64,
    post_id: Option<i64>,
    actor_id: Option<i64>,
) -> AppResult<()> {
    deliver(
        conn,
        user_ids,
        kind,
        Subject::Thread { thread_id, post_id },
        actor_id,
    )
}

/// A maintenance reminder to the owner of the device the task is due on.
pub fn notify_due_task(conn: &mut DbConn, user_id: i64, due: DueTask) -> AppResult<()> {
    deliver(
        conn,
        &[user_id],
        crate::forum::before_service::maintenance::MAINTENANCE_DUE,
        Subject::Task(due),
        None,
    )
}

/// Writes the notifications (never to the actor) and their mail, in the
/// caller's transaction.
fn deliver(
    conn: &mut DbConn,
    user_ids: &[i64],
    kind: &str,
    subject: Subject,
    actor_id: Option<i64>,
) -> AppResult<()> {
    let now = crate::model::now();
    let recipients: Vec<i64> = user_ids
        .iter()
        .copied()
        .filter(|id| Some(*id) != actor_id)
        .collect();
    let due = subject.task();
    let rows: Vec<NewNotification> = recipients
        .iter()
        .map(|&user_id| NewNotification {
            user_id,
            kind,
            thread_id: subject.thread_id(),
            post_id: subject.post_id(),
            actor_id,
            created_at: now,
            owned_device_id: due.map(|d| d.owned_device_id),
            task_id: due.map(|d| d.task_id),
            due_on: due.map(|d| d.due_on),
        })
        .collect();
    notifications::insert_many(conn, &rows)?;
    crate::forum::accounts::mail_preferences::mail_notifications(
        conn,
        &recipients,
        kind,
        subject,
        actor_id,
        now,
    )
}

/// Works out the recovery path of a thread from its current solution and
/// staff involvement, and stores it (None while unsolved).
pub fn recompute_recovery_path(
    conn: &mut DbConn,
    thread_id: i64,
) -> AppResult<Option<RecoveryPath>> {
    let thread = threads::find(conn, thread_id)?;
    let path = match thread.solution_post_id {
        None => None,
        Some(solution_id) => {
            let solution = posts::find(conn, solution_id)?;
            let by_staff = is_staff_user(conn, solution.author_id)?;
            let marked_by_staff = match thread.solution_marked_by_id {
                Some(id) => is_staff_user(conn, id)?,
                None => false,
            };
            let took_part = marked_by_staff
                || answers::staff_posted(conn, thread_id)?
                || answers::thread_has_verification(conn, thread_id)?;
            Some(RecoveryPath::decide(by_staff, took_part))
        }
    };
    threads::set_recovery_path(conn, thread_id, path.map(RecoveryPath::as_str))?;
    // Solved / verified / recovery path are all searchable facts.
    crate::search::thread_changed(conn, thread_id)?;
    Ok(path)
}

/// The asker (or staff, on the asker's behalf) accepts a reply as the solution.
pub fn mark_solution(conn: &mut DbConn, actor: &Actor, post_id: i64) -> AppResult<Thread> {
    mark_solution_checked(conn, actor, post_id, "")
}

/// `mark_solution`, recording the firmware version the fix was checked on
/// ("" for none; one that is not a release of the thread's device is a 422).
pub fn mark_solution_checked(
    conn: &mut DbConn,
    actor: &Actor,
    post_id: i64,
    firmware: &str,
) -> AppResult<Thread> {
    write_tx(conn, |conn| {
        let (post, thread) = load_post_and_thread(conn, post_id)?;
        actor.ensure_can_mark_solution(thread.author_id)?;
        check_solution(&post, &thread)?;
        crate::forum::before_service::firmware::record_check(
            conn, actor, &thread, post.id, firmware,
        )?;
        accept_solution(conn, actor, &post, &thread, crate::model::now())?;
        notify(
            conn,
            &[post.author_id],
            "solution_accepted",
            thread.id,
            Some(post.id),
            actor.id,
        )?;
        if actor.id != thread.author_id {
            notify(
                conn,
                &[thread.author_id],
                "solution_marked_for_you",
                thread.id,
                Some(post.id),
                actor.id,
            )?;
        }
        let solved = threads::find(conn, thread.id)?;
        crate::webhooks::enqueue(
            conn,
            crate::webhooks::Event::QuestionSolved,
            serde_json::json!({
                "thread": crate::webhooks::thread_data(&solved),
                "solution_post_id": post.id,
                "solution_author_id": post.author_id,
                "marked_by_id": actor.id,
                "recovery_path": solved.recovery_path,
            }),
        )?;
        Ok(solved)
    })
}

/// Whether a post can be a thread's solution: a visible reply to a question.
fn check_solution(post: &Post, thread: &Thread) -> AppResult<()> {
    if thread.kind != ThreadKind::Troubleshooting.as_str() {
        return Err(AppError::BadRequest(
            "err-answers-only-troubleshooting-questions-have-solution".into(),
        ));
    }
    if post.reply_number == 0 || post.hidden {
        return Err(AppError::BadRequest(
            "err-answers-choose-one-replies-solution".into(),
        ));
    }
    Ok(())
}

/// The rows of accepting a solution, in the caller's write transaction, after
/// the actor's permission was checked: the thread solved, reputation moved
/// from a previous solution to this one, escalations closed, the recovery
/// path worked out.
pub(crate) fn accept_solution(
    conn: &mut DbConn,
    actor: &Actor,
    post: &Post,
    thread: &Thread,
    now: chrono::NaiveDateTime,
) -> AppResult<()> {
    check_solution(post, thread)?;
    if let Some(previous) = thread.solution_post_id {
        reputation::take_back(conn, reputation::SOLUTION_ACCEPTED, previous, None)?;
    }
    threads::set_solution(conn, thread.id, Some(post.id), Some(actor.id), Some(now))?;
    // A solution in question that is no longer the solution: nothing to decide.
    crate::model::before_service::firmware::close_reviews_of_thread(conn, thread.id, now)?;
    reputation::award_at(
        conn,
        reputation::SOLUTION_ACCEPTED,
        post.author_id,
        post.id,
        thread.author_id,
        now,
    )?;
    escalations::close_open(conn, thread.id, now)?;
    recompute_recovery_path(conn, thread.id)?;
    Ok(())
}

/// "The fix didn't hold": the thread opens again.
pub fn unmark_solution(conn: &mut DbConn, actor: &Actor, thread_id: i64) -> AppResult<Thread> {
    write_tx(conn, |conn| {
        let thread = threads::find(conn, thread_id).map_err(not_found("thread"))?;
        actor.ensure_can_mark_solution(thread.author_id)?;
        if thread.solution_post_id.is_none() {
            return Err(AppError::Conflict(
                "err-answers-thread-has-no-solution-un".into(),
            ));
        }
        if let Some(previous) = thread.solution_post_id {
            reputation::take_back(conn, reputation::SOLUTION_ACCEPTED, previous, None)?;
        }
        threads::set_solution(conn, thread.id, None, None, None)?;
        crate::model::before_service::firmware::close_reviews_of_thread(
            conn,
            thread.id,
            crate::model::now(),
        )?;
        recompute_recovery_path(conn, thread.id)?;
        Ok(threads::find(conn, thread.id)?)
    })
}

pub const MAX_NOTE_CHARS: usize = 500;

/// Staff vouch for a reply, or for a guide (its opening post).
pub fn verify(conn: &mut DbConn, actor: &Actor, post_id: i64, note: &str) -> AppResult<()> {
    verify_checked(conn, actor, post_id, note, "")
}

/// `verify`, recording the firmware version staff checked it on ("" for none).
pub fn verify_checked(
    conn: &mut DbConn,
    actor: &Actor,
    post_id: i64,
    note: &str,
    firmware: &str,
) -> AppResult<()> {
    actor.ensure_staff("err-answers-only-staff-can-verify-answers")?;
    let note = note.trim();
    check_note(note)?;
    write_tx(conn, |conn| {
        let (post, thread) = load_post_and_thread(conn, post_id)?;
        record_verification(
            conn,
            actor,
            (&post, &thread),
            (note, firmware),
            crate::model::now(),
        )?;
        notify(
            conn,
            &[post.author_id],
            "verified",
            thread.id,
            Some(post.id),
            actor.id,
        )?;
        crate::webhooks::enqueue(
            conn,
            crate::webhooks::Event::AnswerVerified,
            serde_json::json!({
                "thread": crate::webhooks::thread_data(&thread),
                "post_id": post.id,
                "post_author_id": post.author_id,
                "verified_by_id": actor.id,
                "note": note,
            }),
        )?;
        Ok(())
    })
}

/// The rows of a staff verification, in the caller's write transaction,
/// after the actor was checked to be staff and the note's length: the
/// verification (and the firmware it was checked on, "" for none), the
/// author's reputation, the thread's verified mark and recovery path.
pub(crate) fn record_verification(
    conn: &mut DbConn,
    actor: &Actor,
    (post, thread): (&Post, &Thread),
    (note, firmware): (&str, &str),
    now: chrono::NaiveDateTime,
) -> AppResult<()> {
    let is_guide = thread.kind == ThreadKind::Guide.as_str();
    if post.reply_number == 0 && !is_guide {
        return Err(AppError::BadRequest(
            "err-answers-verify-answer-reply-guide".into(),
        ));
    }
    if answers::is_verified(conn, post.id)? {
        return Err(AppError::Conflict(
            "err-answers-already-verified-staff".into(),
        ));
    }
    crate::forum::before_service::firmware::record_check(conn, actor, thread, post.id, firmware)?;
    answers::insert_verification(conn, post.id, thread.id, actor.id, note, now)?;
    reputation::award_at(
        conn,
        reputation::ANSWER_VERIFIED,
        post.author_id,
        post.id,
        actor.id,
        now,
    )?;
    if thread.verified_at.is_none() {
        answers::set_thread_verified(conn, thread.id, Some(now))?;
    }
    recompute_recovery_path(conn, thread.id)?;
    Ok(())
}

/// A verification's note: short.
pub(crate) fn check_note(note: &str) -> AppResult<()> {
    if crate::forum::chars(note) > MAX_NOTE_CHARS {
        return Err(AppError::invalid(
            "note",
            Message::new("err-answers-keep-note-under-max-note")
                .with("max_note_chars", MAX_NOTE_CHARS),
        ));
    }
    Ok(())
}

pub fn revoke_verification(conn: &mut DbConn, actor: &Actor, post_id: i64) -> AppResult<()> {
    actor.ensure_staff("err-answers-only-staff-can-revoke-verification")?;
    write_tx(conn, |conn| {
        let (post, thread) = load_post_and_thread(conn, post_id)?;
        let now = crate::model::now();
        if answers::revoke_verification(conn, post.id, actor.id, now)? == 0 {
            return Err(AppError::Conflict("err-answers-not-verified".into()));
        }
        reputation::take_back(conn, reputation::ANSWER_VERIFIED, post.id, None)?;
        audit(
            conn,
            Some(actor),
            "revoke_verification",
            Some(post.author_id),
            Some(thread.id),
            Some(post.id),
            "",
        )?;
        if !answers::thread_has_verification(conn, thread.id)? {
            answers::set_thread_verified(conn, thread.id, None)?;
        }
        recompute_recovery_path(conn, thread.id)?;
        Ok(())
    })
}

/// A helpful vote on a reply: one per member, not on one's own reply.
pub fn vote(conn: &mut DbConn, actor: &Actor, post_id: i64) -> AppResult<()> {
    actor.ensure_can_write()?;
    write_tx(conn, |conn| {
        let post = posts::find(conn, post_id).map_err(not_found("post"))?;
        cast_vote(conn, actor, &post, crate::model::now())
    })
}

/// A helpful vote's rows, in the caller's write transaction: the rules that
/// need the post, the vote, the post's count and the author's reputation.
pub(crate) fn cast_vote(
    conn: &mut DbConn,
    actor: &Actor,
    post: &Post,
    now: chrono::NaiveDateTime,
) -> AppResult<()> {
    if post.reply_number == 0 {
        return Err(AppError::BadRequest("err-answers-votes-replies".into()));
    }
    if post.author_id == actor.id {
        return Err(AppError::forbidden("err-answers-cannot-vote-own-reply"));
    }
    answers::insert_vote(conn, post.id, actor.id, now).map_err(|e| match AppError::from(e) {
        AppError::Conflict(_) => AppError::Conflict("err-answers-have-already-voted-reply".into()),
        other => other,
    })?;
    answers::add_vote_count(conn, post.id, 1)?;
    reputation::award_at(
        conn,
        reputation::HELPFUL_VOTE,
        post.author_id,
        post.id,
        actor.id,
        now,
    )?;
    Ok(())
}

/// Withdrawing is a change too: not while suspended.
pub fn withdraw_vote(conn: &mut DbConn, actor: &Actor, post_id: i64) -> AppResult<()> {
    actor.ensure_can_write()?;
    write_tx(conn, |conn| {
        let post = posts::find(conn, post_id).map_err(not_found("post"))?;
        if answers::delete_vote(conn, post.id, actor.id)? == 0 {
            return Err(AppError::Conflict(
                "err-answers-have-not-voted-reply".into(),
            ));
        }
        answers::add_vote_count(conn, post.id, -1)?;
        reputation::take_back(conn, reputation::HELPFUL_VOTE, post.id, Some(actor.id))?;
        Ok(())
    })
}

/// "I have this problem too": once per member, on someone else's question;
/// it also follows the thread.
pub fn me_too(conn: &mut DbConn, actor: &Actor, thread_id: i64) -> AppResult<()> {
    actor.ensure_can_write()?;
    write_tx(conn, |conn| {
        let thread = threads::find(conn, thread_id).map_err(not_found("thread"))?;
        if thread.kind != ThreadKind::Troubleshooting.as_str() {
            return Err(AppError::BadRequest(
                "err-answers-only-questions-take-i-have".into(),
            ));
        }
        if thread.author_id == actor.id {
            return Err(AppError::forbidden("err-answers-asked-question-yourself"));
        }
        let now = crate::model::now();
        answers::insert_me_too(conn, thread.id, actor.id, now).map_err(
            |e| match AppError::from(e) {
                AppError::Conflict(_) => {
                    AppError::Conflict("err-answers-have-already-said-have-problem".into())
                }
                other => other,
            },
        )?;
        answers::add_me_too_count(conn, thread.id)?;
        answers::follow(conn, thread.id, actor.id, now)?;
        Ok(())
    })
}

/// "Worked for me" on the solution or a verified answer, with the device it
/// worked on.
pub fn worked_for_me(
    conn: &mut DbConn,
    actor: &Actor,
    post_id: i64,
    device_slug: &str,
) -> AppResult<()> {
    actor.ensure_can_write()?;
    write_tx(conn, |conn| {
        let (post, thread) = load_post_and_thread(conn, post_id)?;
        // Others' evidence that a fix works, as with "I did this repair".
        if post.author_id == actor.id {
            return Err(AppError::forbidden(
                "err-answers-own-answer-worked-me-people",
            ));
        }
        let is_solution = thread.solution_post_id == Some(post.id);
        if !is_solution && !answers::is_verified(conn, post.id)? {
            return Err(AppError::BadRequest(
                "err-answers-worked-me-solution-staff-verified".into(),
            ));
        }
        let device_id = match device_slug.trim() {
            "" => None,
            slug => Some(
                devices::find_by_slug(conn, slug)?
                    .ok_or_else(|| AppError::invalid("device", "err-answers-device-not-catalogue"))?
                    .id,
            ),
        };
        answers::insert_worked(conn, post.id, actor.id, device_id, crate::model::now()).map_err(
            |e| match AppError::from(e) {
                AppError::Conflict(_) => {
                    AppError::Conflict("err-answers-have-already-said-worked".into())
                }
                other => other,
            },
        )?;
        answers::add_worked_count(conn, post.id)?;
        Ok(())
    })
}
