//! Answers that stay true. Staff record a device's firmware releases (they
//! apply to the device and everything below it). Accepting a solution or
//! verifying an answer may record the release it was checked on. When a
//! newer release comes out for the thread's device, the answer shows "checked
//! on 3.05 — not yet confirmed on 3.06", and members answer:
//!
//! - "still works on 3.06": the check moves to 3.06 (the answer is fresh again);
//! - "no longer works on 3.06": staff and the answer's author are told (one
//!   unread notification each, however many reports); when [`REOPEN_AFTER`]
//!   different members say so about the accepted solution, it is "in
//!   question": staff are asked to check, and only when a staff member
//!   confirms is the solution un-marked (the question open again, the
//!   solver's reputation for it taken back), as when the asker says "the fix
//!   didn't hold"; staff may keep it instead. One member's report is an
//!   anecdote, three are a pattern worth a fresh look; a verified answer
//!   that is not the solution stays as it is, and staff decide whether to
//!   revoke it.
//!
//! Only trusted members report (`Policy::is_trusted`, as flags count: a
//! confirmed address, and staff or enough reputation), and only their
//! reports count: accounts made a minute ago cannot un-solve a thread or
//! re-stamp a stale check.

use chrono::NaiveDate;
use serde::Serialize;

use crate::db::{write_tx, DbConn};
use crate::error::{not_found, AppError, AppResult};
use crate::forum::discussion::answers::{notify, notify_coalesced, recompute_recovery_path};
use crate::forum::staff::moderation::audit;
use crate::forum::{accounts::reputation, chars, Actor, Policy};
use crate::i18n::Message;
use crate::model::before_service::firmware::{self, CheckView, NewRelease, Release};
use crate::model::discussion::threads::{self, Thread};
use crate::model::knowledge::devices::{self, path_ids};
use crate::model::{discussion::posts, discussion::private_messages};

/// Members saying "no longer works" on the current release before the
/// accepted solution is un-marked and the question opens again.
pub const REOPEN_AFTER: i64 = 3;
pub const MAX_VERSION_CHARS: usize = 40;
pub const MAX_NOTES_CHARS: usize = 2_000;

/// The notification kind of a "no longer works" report.
pub const BROKEN: &str = "firmware_broken";
/// The notification kind of a solution un-marked by reports (once staff
/// confirmed them).
pub const REOPENED: &str = "firmware_reopened";
/// The notification kind (to staff) of a solution put in question.
pub const IN_QUESTION: &str = "firmware_in_question";

#[derive(Debug, Clone, Default, serde::Deserialize, Serialize)]
pub struct ReleaseForm {
    #[serde(default)]
    pub version: String,
    #[serde(default)]
    pub released_on: String,
    #[serde(default)]
    pub notes: String,
}

/// Staff record a release of a device.
pub fn add_release(
    conn: &mut DbConn,
    actor: &Actor,
    device_slug: &str,
    form: &ReleaseForm,
) -> AppResult<()> {
    actor.ensure_staff("err-firmware-only-staff-can-record-firmware")?;
    let device = devices::find_by_slug(conn, device_slug)?.ok_or(AppError::NotFound("device"))?;
    let version = form.version.trim();
    let notes = form.notes.trim();
    let mut checks = crate::forum::Checks::default();
    if version.is_empty() {
        checks.add("version", "err-firmware-give-version-device-shows-e");
    } else if chars(version) > MAX_VERSION_CHARS {
        checks.add(
            "version",
            Message::new("err-firmware-keep-version-under-max-version")
                .with("max_version_chars", MAX_VERSION_CHARS),
        );
    } else if !version
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | '+' | ' '))
    {
        checks.add("version", "err-firmware-version-holds-letters-digits-dots");
    }
    let released_on = NaiveDate::parse_from_str(form.released_on.trim(), "%Y-%m-%d");
    match released_on {
        Err(_) => checks.add("released_on", "err-firmware-give-release-date-yyyy-mm"),
        Ok(date) if date > crate::model::now().date() + chrono::Duration::days(1) => {
            checks.add("released_on", "err-firmware-record-release-once-out-not")
        }
        Ok(_) => {}
    }
    if chars(notes) > MAX_NOTES_CHARS {
        checks.add(
            "notes",
            Message::new("err-firmware-keep-notes-under-max-notes")
                .with("max_notes_chars", MAX_NOTES_CHARS),
        );
    }
    checks.finish()?;
    let released_on = released_on.expect("checked above");
    write_tx(conn, |conn| {
        let known = firmware::of_devices(conn, &[device.id])?;
        if known
            .iter()
            .any(|r| r.version.eq_ignore_ascii_case(version))
        {
            return Err(AppError::invalid(
                "version",
                Message::new("err-firmware-version-already-recorded-name")
                    .with("version", version)
                    .with("name", device.name),
            ));
        }
        firmware::insert(
            conn,
            &NewRelease {
                device_id: device.id,
                version,
                released_on,
                notes,
                created_by_id: actor.id,
                created_at: crate::model::now(),
            },
        )?;
        // The release applies to the device and everything below it: the
        // solutions there confirmed on an older release are no longer
        // confirmed on the current firmware, in search too (both engines).
        let subtree: Vec<i64> = devices::subtree_brief(conn, &device.path)?
            .iter()
            .map(|d| d.id)
            .collect();
        for stale in firmware::made_stale_by(conn, &subtree, released_on)?.chunks(500) {
            firmware::clear_current(conn, stale)?;
            crate::search::firmware_outdated(conn, stale)?;
        }
        Ok(())
    })
}

/// The releases that apply to a thread's device: its own and its ancestors',
/// newest first. None when the thread has no device.
pub fn releases_for_thread(conn: &mut DbConn, thread: &Thread) -> AppResult<Vec<Release>> {
    let Some(device_id) = thread.device_id else {
        return Ok(Vec::new());
    };
    let device = devices::find(conn, device_id)?;
    Ok(firmware::of_devices(conn, &path_ids(&device.path))?)
}

/// Records the release a solution or verification was checked on, from the
/// form's version ("" records nothing). Runs inside the caller's transaction,
/// so a bad version (422) undoes the whole action.
pub fn record_check(
    conn: &mut DbConn,
    actor: &Actor,
    thread: &Thread,
    post_id: i64,
    version: &str,
) -> AppResult<()> {
    let version = version.trim();
    if version.is_empty() {
        return Ok(());
    }
    let releases = releases_for_thread(conn, thread)?;
    if thread.device_id.is_none() {
        return Err(AppError::invalid(
            "firmware",
            "err-firmware-thread-has-no-device-so",
        ));
    }
    let release = releases
        .iter()
        .find(|r| r.version.eq_ignore_ascii_case(version))
        .ok_or_else(|| {
            let known: Vec<&str> = releases.iter().map(|r| r.version.as_str()).collect();
            AppError::invalid(
                "firmware",
                if known.is_empty() {
                    Message::new("err-firmware-string-not-firmware-release-threads").with(
                        "string",
                        version.chars().take(MAX_VERSION_CHARS).collect::<String>(),
                    )
                } else {
                    Message::new("err-firmware-string-not-firmware-release-threads-2")
                        .with(
                            "string",
                            version.chars().take(MAX_VERSION_CHARS).collect::<String>(),
                        )
                        .with("join", known.join(", "))
                },
            )
        })?;
    firmware::set_check(
        conn,
        post_id,
        thread.id,
        release.id,
        actor.id,
        crate::model::now(),
    )?;
    Ok(())
}

/// Whether a check is confirmed on the current firmware: its release is one
/// of these (the thread's device's and those above it) and none came out
/// later ([`firmware::confirmed_current`], the definition search and the
/// device hub use too).
pub fn is_current(check: &CheckView, releases: &[Release]) -> bool {
    firmware::confirmed_current(&check.release, releases)
}

/// What happened to a freshness report.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    Confirmed,
    Reported,
    /// The accepted solution is now in question: staff decide.
    InQuestion,
}

/// A member answers "still works on X" (`works`) or "no longer works on X"
/// for an answer with a recorded check; X is the newest release that applies.
/// Trusted members only (403 for others, nothing written).
pub fn report(
    conn: &mut DbConn,
    actor: &Actor,
    post_id: i64,
    works: bool,
    policy: &Policy,
) -> AppResult<Outcome> {
    actor.ensure_can_write()?;
    if !policy.is_trusted(actor) {
        return Err(AppError::forbidden(untrusted_message(policy)));
    }
    write_tx(conn, |conn| {
        let post = posts::find(conn, post_id).map_err(not_found("post"))?;
        let thread = threads::find(conn, post.thread_id)?;
        if post.hidden {
            return Err(AppError::NotFound("post"));
        }
        // Others' evidence, as with "worked for me".
        if post.author_id == actor.id {
            return Err(AppError::forbidden(
                "err-firmware-own-answer-whether-still-works",
            ));
        }
        let check = firmware::check_of(conn, post.id)?.ok_or_else(|| {
            AppError::Conflict("err-firmware-no-firmware-version-was-recorded".into())
        })?;
        let releases = releases_for_thread(conn, &thread)?;
        let newest = firmware::newest(&releases).cloned().ok_or_else(|| {
            AppError::Conflict("err-firmware-device-has-no-firmware-releases".into())
        })?;
        if works && is_current(&check, &releases) {
            return Err(AppError::Conflict(
                Message::new("err-firmware-answer-already-confirmed-version-current")
                    .with("version", &newest.version),
            ));
        }
        let now = crate::model::now();
        firmware::insert_report(conn, post.id, newest.id, actor.id, works, now).map_err(|e| {
            match AppError::from(e) {
                AppError::Conflict(_) => AppError::Conflict(
                    Message::new("err-firmware-have-already-reported-firmware-version")
                        .with("version", &newest.version),
                ),
                other => other,
            }
        })?;
        if works {
            firmware::set_check(conn, post.id, thread.id, newest.id, actor.id, now)?;
            // The solution confirmed on the current firmware again: the
            // thread's fact (and search's copy) follows.
            if thread.solution_post_id == Some(post.id) {
                crate::search::thread_changed(conn, thread.id)?;
            }
            return Ok(Outcome::Confirmed);
        }
        let staff = private_messages::staff_ids(conn)?;
        let mut told = staff.clone();
        told.push(post.author_id);
        notify_coalesced(conn, &told, BROKEN, thread.id, Some(post.id), actor.id)?;
        let broken = firmware::count_broken(conn, post.id, newest.id, policy.trusted_reputation)?;
        if broken < REOPEN_AFTER
            || thread.solution_post_id != Some(post.id)
            // Once per answer and release: staff already decided, or will.
            || firmware::review_of(conn, post.id, newest.id)?.is_some()
        {
            return Ok(Outcome::Reported);
        }
        firmware::open_review(conn, thread.id, post.id, newest.id, now)?;
        audit(
            conn,
            Some(actor),
            "firmware_in_question",
            Some(post.author_id),
            Some(thread.id),
            Some(post.id),
            &format!(
                "{broken} trusted members said the solution no longer works on {}",
                newest.version
            ),
        )?;
        notify_coalesced(
            conn,
            &staff,
            IN_QUESTION,
            thread.id,
            Some(post.id),
            actor.id,
        )?;
        Ok(Outcome::InQuestion)
    })
}

/// Why a member may not report (yet).
pub fn untrusted_message(policy: &Policy) -> Message {
    Message::new("err-firmware-untrusted").with("reputation", policy.trusted_reputation)
}

/// Staff decide on a solution in question: `unmark` confirms the reports
/// (the solution is un-marked, its solver's reputation for it taken back,
/// the asker told), otherwise the solution is kept.
pub fn decide(
    conn: &mut DbConn,
    actor: &Actor,
    post_id: i64,
    unmark: bool,
    policy: &Policy,
) -> AppResult<()> {
    actor.ensure_staff("err-firmware-only-staff-decide-whether-solution")?;
    write_tx(conn, |conn| {
        let post = posts::find(conn, post_id).map_err(not_found("post"))?;
        let thread = threads::find(conn, post.thread_id)?;
        let review = firmware::open_review_of_thread(conn, thread.id)?
            .filter(|r| r.post_id == post.id && thread.solution_post_id == Some(post.id))
            .ok_or_else(|| {
                AppError::Conflict("err-firmware-solution-not-question-there-nothing".into())
            })?;
        let now = crate::model::now();
        let broken =
            firmware::count_broken(conn, post.id, review.release_id, policy.trusted_reputation)?;
        if !unmark {
            firmware::decide_review(conn, review.id, "kept", Some(actor.id), now)?;
            return audit(
                conn,
                Some(actor),
                "firmware_keep",
                Some(post.author_id),
                Some(thread.id),
                Some(post.id),
                &format!("kept the solution after {broken} reports that it no longer works"),
            );
        }
        firmware::decide_review(conn, review.id, "unmarked", Some(actor.id), now)?;
        reputation::take_back(conn, reputation::SOLUTION_ACCEPTED, post.id, None)?;
        threads::set_solution(conn, thread.id, None, None, None)?;
        recompute_recovery_path(conn, thread.id)?;
        audit(
            conn,
            Some(actor),
            "firmware_reopen",
            Some(post.author_id),
            Some(thread.id),
            Some(post.id),
            &format!("confirmed {broken} reports that the solution no longer works"),
        )?;
        let mut told = vec![thread.author_id, post.author_id];
        told.dedup();
        notify(conn, &told, REOPENED, thread.id, Some(post.id), actor.id)
    })
}
