//! Known issues: one problem many members have, opened by staff for a device
//! (and everything below it) as a thread of kind `known_issue`, with a status
//! that only moves forward (every change kept with its note), a current best
//! fix, and the threads staff link or merge into it. Everyone affected is
//! told of each status change.

use serde::{Deserialize, Serialize};

use crate::db::{write_tx, DbConn};
use crate::error::{not_found, AppError, AppResult};
use crate::forum::discussion::threads::{
    check_body, check_title, insert_with_opening_post, resolve_device, ThreadKind,
};
use crate::forum::staff::moderation::audit;
use crate::forum::{chars, Actor, Checks};
use crate::i18n::Message;
use crate::model::before_service::known_issues::{self as store, KnownIssue, NewStatusEvent};
use crate::model::discussion::answers;
use crate::model::discussion::posts;
use crate::model::discussion::threads::{self, Thread};
use crate::render::markdown::Rendered;
use crate::search;

/// The notification (and mail kind) of a status change.
pub const STATUS_CHANGED: &str = "known_issue_status";
/// The notification of a new known issue, for owners watching the device.
pub const OPENED: &str = "known_issue_new";
pub const MAX_NOTE_CHARS: usize = 500;
pub const MAX_FIXED_IN_CHARS: usize = 100;
pub const MAX_WORKAROUND_CHARS: usize = 1000;

/// A status that only moves forward: each step has a rank, and a change must
/// go to a higher one. Steps of equal rank are alternative ends (an idea is
/// shipped or declined). Known issues use it here; any thread with a status
/// history can.
pub struct Flow {
    /// (value, label, rank)
    pub steps: &'static [(&'static str, &'static str, u8)],
    /// The message that says the whole flow: "a → b → c".
    pub summary: &'static str,
}

impl Flow {
    pub fn step(&self, value: &str) -> Option<&'static (&'static str, &'static str, u8)> {
        self.steps.iter().find(|(v, _, _)| *v == value)
    }

    pub fn label(&self, value: &str) -> &'static str {
        self.step(value).map_or("", |(_, label, _)| label)
    }

    /// Every status, as a form or a filter offers it (pages name each).
    pub fn values(&self) -> Vec<&'static str> {
        self.steps.iter().map(|&(value, _, _)| value).collect()
    }

    /// The statuses a thing in `status` may move to (further along the flow).
    pub fn values_after(&self, status: &str) -> Vec<&'static str> {
        let current = self.step(status).map_or(0, |s| s.2);
        self.steps
            .iter()
            .filter(|(_, _, rank)| *rank > current)
            .map(|&(value, _, _)| value)
            .collect()
    }

    /// Checks a change from `from` to `to`; the message says why not.
    pub fn check(&self, from: &str, to: &str) -> Result<(), Message> {
        let Some(target) = self.step(to) else {
            return Err("err-flow-choose-status".into());
        };
        let current = self.step(from).map_or(0, |s| s.2);
        if from == to {
            return Err(Message::new("err-flow-already").with("status", status_name(to)));
        }
        if target.2 <= current {
            return Err(Message::new("err-flow-forward-only")
                .with("flow", Message::new(self.summary))
                .with("from", status_name(from))
                .with("to", status_name(to)));
        }
        Ok(())
    }
}

/// A status's name in messages (`err-status-<value>`).
pub fn status_name(value: &str) -> Message {
    Message::new(format!("err-status-{value}"))
}

/// Writes one entry of a thread's status history.
pub fn record_status(
    conn: &mut DbConn,
    thread_id: i64,
    status: &str,
    detail: &str,
    note: &str,
    author_id: i64,
) -> AppResult<()> {
    record_status_at(
        conn,
        (thread_id, status),
        detail,
        note,
        author_id,
        crate::model::now(),
    )
}

/// `record_status`, dated (an import keeps the original dates).
pub fn record_status_at(
    conn: &mut DbConn,
    (thread_id, status): (i64, &str),
    detail: &str,
    note: &str,
    author_id: i64,
    at: chrono::NaiveDateTime,
) -> AppResult<()> {
    store::insert_event(
        conn,
        &NewStatusEvent {
            thread_id,
            status,
            detail,
            note,
            author_id: Some(author_id),
            created_at: at,
        },
    )?;
    Ok(())
}

pub const FLOW: Flow = Flow {
    summary: "err-flow-known-issue",
    steps: &[
        ("investigating", "Investigating", 1),
        ("workaround_available", "Workaround available", 2),
        ("fixed", "Fixed", 3),
        ("closed", "Closed", 4),
    ],
};

/// Investigating or with a workaround: still hurting people, listed first.
pub fn is_open(status: &str) -> bool {
    matches!(status, "investigating" | "workaround_available")
}

/// What the "open a known issue" form submits.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct IssueDraft {
    #[serde(default)]
    pub title: String,
    /// A device slug (required).
    #[serde(default)]
    pub device: String,
    /// The symptoms (Markdown): the opening post.
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub fixed_in: String,
    /// A link to a verified answer (`/p/12`) or a guide (`/t/7`), or empty.
    #[serde(default)]
    pub best_fix: String,
    /// What people can do until it is fixed (plain text), or empty.
    #[serde(default)]
    pub workaround: String,
    /// A thread to link at once (the dashboard's "start a known issue").
    #[serde(default)]
    pub from: String,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct StatusChange {
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub fixed_in: String,
    #[serde(default)]
    pub note: String,
    /// The workaround from now on (empty clears it); None keeps it as it is.
    #[serde(default)]
    pub workaround: Option<String>,
}

/// A thread or a post, as a form names it: `12`, `#12`, `/t/12/slug`,
/// `https://…/t/12`, `/p/34` or `…#post-34`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ref {
    Thread(i64),
    Post(i64),
}

pub fn parse_ref(raw: &str) -> Option<Ref> {
    let raw = raw.trim();
    let number = |s: &str| -> Option<i64> {
        let digits: String = s.chars().take_while(char::is_ascii_digit).collect();
        digits.parse().ok().filter(|n| *n > 0)
    };
    if let Some((_, rest)) = raw.rsplit_once("#post-") {
        return number(rest).map(Ref::Post);
    }
    if let Some((_, rest)) = raw.rsplit_once("/p/") {
        return number(rest).map(Ref::Post);
    }
    if let Some((_, rest)) = raw.rsplit_once("/t/") {
        return number(rest).map(Ref::Thread);
    }
    if let Some(rest) = raw.strip_prefix("/known-issues/") {
        return number(rest).map(Ref::Thread);
    }
    let plain = raw.strip_prefix('#').unwrap_or(raw);
    if !plain.is_empty() && plain.chars().all(|c| c.is_ascii_digit()) {
        return number(plain).map(Ref::Thread);
    }
    None
}

/// The best fix a form names: (post, guide), both None for empty.
fn resolve_best_fix(
    conn: &mut DbConn,
    checks: &mut Checks,
    raw: &str,
) -> AppResult<(Option<i64>, Option<i64>)> {
    if raw.trim().is_empty() {
        return Ok((None, None));
    }
    const WHAT: &str = "err-known-issues-best-fix-link";
    match parse_ref(raw) {
        Some(Ref::Post(id)) => {
            let post = posts::find(conn, id).ok();
            let good = match &post {
                Some(p) if !p.hidden && p.reply_number > 0 => {
                    let thread = threads::find(conn, p.thread_id)?;
                    thread.solution_post_id == Some(p.id) || answers::is_verified(conn, p.id)?
                }
                _ => false,
            };
            if good {
                return Ok((Some(id), None));
            }
            checks.add(
                "best_fix",
                "err-known-issues-post-not-staff-verified-answer",
            );
        }
        Some(Ref::Thread(id)) => match threads::find(conn, id) {
            Ok(t) if t.kind == ThreadKind::Guide.as_str() && !threads::is_withdrawn(conn, id)? => {
                return Ok((None, Some(id)));
            }
            Ok(_) => checks.add("best_fix", "err-known-issues-thread-not-repair-guide"),
            Err(_) => checks.add(
                "best_fix",
                Message::new("err-known-issues-there-no-thread-number-id").with("id", id),
            ),
        },
        None => checks.add("best_fix", WHAT),
    }
    Ok((None, None))
}

fn check_fixed_in(checks: &mut Checks, status: &str, fixed_in: &str) {
    if chars(fixed_in) > MAX_FIXED_IN_CHARS {
        checks.add(
            "fixed_in",
            Message::new("err-known-issues-keep-fixed-under-max-fixed")
                .with("max_fixed_in_chars", MAX_FIXED_IN_CHARS),
        );
    } else if status == "fixed" && fixed_in.is_empty() {
        checks.add(
            "fixed_in",
            "err-known-issues-say-which-firmware-version-revision",
        );
    }
}

/// A workaround is short plain text; "Workaround available" needs one (or a
/// best fix that shows the way). A status change's note stands in for it.
fn check_workaround(checks: &mut Checks, status: &str, workaround: &str, has_best_fix: bool) {
    if chars(workaround) > MAX_WORKAROUND_CHARS {
        checks.add(
            "workaround",
            Message::new("err-known-issues-keep-workaround-under-max-workaround")
                .with("max_workaround_chars", MAX_WORKAROUND_CHARS),
        );
    } else if status == "workaround_available" && workaround.is_empty() && !has_best_fix {
        checks.add("workaround", "err-known-issues-say-what-people-can-do");
    }
}

/// Checked values of a draft.
pub struct Checked {
    pub device_id: i64,
    pub best_fix: (Option<i64>, Option<i64>),
    pub from: Option<i64>,
}

/// Checks a draft without writing anything.
pub fn validate_draft(conn: &mut DbConn, draft: &IssueDraft) -> AppResult<Checked> {
    let mut checks = Checks::default();
    check_title(&mut checks, &draft.title);
    check_body(&mut checks, &draft.body);
    let device = if draft.device.trim().is_empty() {
        checks.add(
            "device",
            "err-known-issues-choose-device-affects-applies-everything",
        );
        None
    } else {
        resolve_device(conn, &mut checks, &draft.device)?
    };
    let status = draft.status.trim();
    match FLOW.step(status) {
        Some(_) if status != "closed" => {}
        Some(_) => checks.add("status", "err-known-issues-new-known-issue-not-closed"),
        None => checks.add("status", "err-known-issues-choose-status"),
    }
    check_fixed_in(&mut checks, status, draft.fixed_in.trim());
    let best_fix = resolve_best_fix(conn, &mut checks, &draft.best_fix)?;
    check_workaround(
        &mut checks,
        status,
        draft.workaround.trim(),
        best_fix != (None, None),
    );
    let from = match draft.from.trim() {
        "" => None,
        raw => match parse_ref(raw) {
            Some(Ref::Thread(id)) => Some(id),
            _ => {
                checks.add("from", "err-known-issues-not-thread");
                None
            }
        },
    };
    checks.finish()?;
    Ok(Checked {
        device_id: device.map(|d| d.id).ok_or(AppError::NotFound("device"))?,
        best_fix,
        from,
    })
}

/// Opens a known issue: its thread (kind `known_issue`) with the symptoms as
/// the opening post, its status and first history entry, and, from the
/// dashboard, the thread it was started from linked to it.
pub fn open(conn: &mut DbConn, actor: &Actor, draft: &IssueDraft) -> AppResult<Thread> {
    actor.ensure_staff("err-known-issues-only-staff-can-open-known")?;
    validate_draft(conn, draft)?;
    let body = Rendered::of(&draft.body);
    let lang = crate::forum::discussion::threads::thread_lang(draft.title.trim(), &body);
    write_tx(conn, |conn| {
        let checked = validate_draft(conn, draft)?;
        let title = draft.title.trim();
        let status = draft.status.trim();
        let fixed_in = draft.fixed_in.trim();
        let now = crate::model::now();
        let thread = insert_with_opening_post(
            conn,
            actor,
            ThreadKind::KnownIssue.as_str(),
            (title, lang),
            Some(checked.device_id),
            (&draft.body, &body),
            now,
        )?;
        insert_issue_rows(
            conn,
            (thread.id, status, fixed_in),
            checked.best_fix,
            actor.id,
            now,
        )?;
        store::set_workaround(conn, thread.id, draft.workaround.trim())?;
        audit(
            conn,
            Some(actor),
            "open_known_issue",
            None,
            Some(thread.id),
            None,
            title,
        )?;
        if let Some(from) = checked.from {
            link_in_tx(conn, actor, thread.id, from, false, "from")?;
        }
        // Owners who asked to hear of new known issues for their device.
        let path = crate::model::knowledge::devices::find(conn, checked.device_id)?.path;
        let watchers = store::watchers_below(conn, &path)?;
        crate::forum::discussion::answers::notify(
            conn, &watchers, OPENED, thread.id, None, actor.id,
        )?;
        search::thread_changed(conn, thread.id)?;
        Ok(thread)
    })
}

/// A new known issue's row and first history entry, in the caller's write
/// transaction (`open`, and an import with the original date).
pub(crate) fn insert_issue_rows(
    conn: &mut DbConn,
    (thread_id, status, fixed_in): (i64, &str, &str),
    best_fix: (Option<i64>, Option<i64>),
    author_id: i64,
    now: chrono::NaiveDateTime,
) -> AppResult<()> {
    store::insert(
        conn,
        &KnownIssue {
            thread_id,
            status: status.to_owned(),
            is_open: is_open(status),
            fixed_in: (!fixed_in.is_empty()).then(|| fixed_in.to_owned()),
            best_fix_post_id: best_fix.0,
            best_fix_guide_id: best_fix.1,
            changed_at: now,
            workaround: String::new(),
        },
    )?;
    record_status_at(
        conn,
        (thread_id, status),
        fixed_in,
        "Opened.",
        author_id,
        now,
    )
}

fn load_issue(conn: &mut DbConn, id: i64) -> AppResult<(Thread, KnownIssue)> {
    let issue = store::find(conn, id)?.ok_or(AppError::NotFound("known issue"))?;
    let thread = threads::find(conn, id).map_err(not_found("known issue"))?;
    Ok((thread, issue))
}

/// A status change: forward only, "fixed" says in what, "workaround
/// available" says what to do (the workaround, or a best fix); everyone
/// affected is told, with what to do now.
pub fn change_status(
    conn: &mut DbConn,
    actor: &Actor,
    id: i64,
    change: &StatusChange,
) -> AppResult<()> {
    actor.ensure_staff("err-known-issues-only-staff-can-change-known")?;
    let status = change.status.trim();
    let fixed_in = change.fixed_in.trim();
    let note = change.note.trim();
    write_tx(conn, |conn| {
        let (thread, issue) = load_issue(conn, id)?;
        let mut checks = Checks::default();
        if let Err(message) = FLOW.check(&issue.status, status) {
            checks.add("status", message);
        }
        // Closing keeps what it was fixed in.
        let fixed_in = match (fixed_in, status, &issue.fixed_in) {
            ("", "closed", Some(before)) => before.clone(),
            (given, _, _) => given.to_owned(),
        };
        check_fixed_in(&mut checks, status, &fixed_in);
        let workaround = match &change.workaround {
            Some(given) => given.trim().to_owned(),
            None => issue.workaround.clone(),
        };
        // The note of a change to "workaround available" says what to do
        // when no workaround is written: it becomes the workaround.
        let workaround = if workaround.is_empty() && status == "workaround_available" {
            note.to_owned()
        } else {
            workaround
        };
        let has_best_fix = issue.best_fix_post_id.is_some() || issue.best_fix_guide_id.is_some();
        check_workaround(&mut checks, status, &workaround, has_best_fix);
        if chars(note) > MAX_NOTE_CHARS {
            checks.add(
                "note",
                Message::new("err-known-issues-keep-note-under-max-note")
                    .with("max_note_chars", MAX_NOTE_CHARS),
            );
        }
        checks.finish()?;
        let now = crate::model::now();
        store::set_status(
            conn,
            thread.id,
            status,
            is_open(status),
            (!fixed_in.is_empty()).then_some(fixed_in.as_str()),
            now,
        )?;
        store::set_workaround(conn, thread.id, &workaround)?;
        record_status(conn, thread.id, status, &fixed_in, note, actor.id)?;
        audit(
            conn,
            Some(actor),
            "known_issue_status",
            None,
            Some(thread.id),
            None,
            status,
        )?;
        crate::webhooks::enqueue(
            conn,
            crate::webhooks::Event::KnownIssueStatusChanged,
            serde_json::json!({
                "thread": crate::webhooks::thread_data(&thread),
                "from": issue.status,
                "to": status,
                "fixed_in": (!fixed_in.is_empty()).then_some(&fixed_in),
                "workaround": workaround,
                "note": note,
                "changed_by_id": actor.id,
            }),
        )?;
        let audience = store::audience(conn, thread.id)?;
        crate::forum::discussion::answers::notify(
            conn,
            &audience,
            STATUS_CHANGED,
            thread.id,
            None,
            actor.id,
        )
    })
}

/// What to do now, as the status-change mail says it first: the status in
/// words and the issue's advice, read in the transaction of the change.
#[derive(Debug, Serialize)]
pub struct MailAdvice {
    pub status_label: &'static str,
    #[serde(flatten)]
    pub advice: store::Advice,
}

pub fn mail_advice(conn: &mut DbConn, known_issue_id: i64) -> AppResult<Option<MailAdvice>> {
    Ok(
        store::advice(conn, known_issue_id)?.map(|advice| MailAdvice {
            status_label: FLOW.label(&advice.status),
            advice,
        }),
    )
}

/// Links (or merges) a thread into a known issue, inside a transaction.
fn link_in_tx(
    conn: &mut DbConn,
    actor: &Actor,
    issue_id: i64,
    thread_id: i64,
    merge: bool,
    field: &'static str,
) -> AppResult<Thread> {
    let thread = match threads::find(conn, thread_id) {
        Ok(t) => t,
        Err(diesel::NotFound) => {
            return Err(AppError::invalid(
                field,
                Message::new("err-known-issues-there-no-thread-number-thread")
                    .with("thread_id", thread_id),
            ))
        }
        Err(e) => return Err(e.into()),
    };
    if thread.id == issue_id {
        return Err(AppError::invalid(
            field,
            "err-known-issues-known-issue-cannot-linked-itself",
        ));
    }
    if thread.kind == ThreadKind::KnownIssue.as_str() {
        return Err(AppError::invalid(
            field,
            "err-known-issues-thread-known-issue-itself-link",
        ));
    }
    if merge && thread.kind != ThreadKind::Troubleshooting.as_str() {
        return Err(AppError::invalid(
            field,
            "err-known-issues-only-questions-merged-into-known",
        ));
    }
    if let Some(existing) = store::link_of(conn, thread.id)? {
        let other = threads::find(conn, existing.known_issue_id)?;
        return Err(AppError::Conflict(
            Message::new("err-known-issues-title-already-linked-known-issue")
                .with("title", thread.title)
                .with("other_title", other.title),
        ));
    }
    store::insert_link(
        conn,
        thread.id,
        issue_id,
        merge,
        actor.id,
        crate::model::now(),
    )?;
    if merge && !thread.locked {
        crate::model::staff::moderation::set_locked(conn, thread.id, true)?;
    }
    audit(
        conn,
        Some(actor),
        if merge {
            "merge_into_known_issue"
        } else {
            "link_to_known_issue"
        },
        None,
        Some(thread.id),
        None,
        &issue_id.to_string(),
    )?;
    Ok(thread)
}

/// Links a thread to a known issue; `merge`: a duplicate question, which is
/// also locked and points at the known issue.
pub fn link(
    conn: &mut DbConn,
    actor: &Actor,
    issue_id: i64,
    thread_ref: &str,
    merge: bool,
) -> AppResult<Thread> {
    actor.ensure_staff("err-known-issues-only-staff-can-link-threads")?;
    let Some(Ref::Thread(thread_id)) = parse_ref(thread_ref) else {
        return Err(AppError::invalid(
            "thread",
            "err-known-issues-give-threads-number-link-t",
        ));
    };
    write_tx(conn, |conn| {
        load_issue(conn, issue_id)?;
        link_in_tx(conn, actor, issue_id, thread_id, merge, "thread")
    })
}

/// Takes a thread out of a known issue; a merged question is unlocked.
pub fn unlink(conn: &mut DbConn, actor: &Actor, issue_id: i64, thread_ref: &str) -> AppResult<()> {
    actor.ensure_staff("err-known-issues-only-staff-can-unlink-threads")?;
    let Some(Ref::Thread(thread_id)) = parse_ref(thread_ref) else {
        return Err(AppError::BadRequest("err-known-issues-which-thread".into()));
    };
    write_tx(conn, |conn| {
        load_issue(conn, issue_id)?;
        let link = store::link_of(conn, thread_id)?
            .filter(|l| l.known_issue_id == issue_id)
            .ok_or_else(|| {
                AppError::Conflict("err-known-issues-thread-not-linked-known-issue".into())
            })?;
        store::delete_link(conn, thread_id)?;
        if link.merged {
            crate::model::staff::moderation::set_locked(conn, thread_id, false)?;
        }
        audit(
            conn,
            Some(actor),
            "unlink_from_known_issue",
            None,
            Some(thread_id),
            None,
            &issue_id.to_string(),
        )?;
        Ok(())
    })
}

/// What to do now, as staff keep it between status changes: the best fix
/// (a link, empty clears it) and the workaround (empty clears it).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct AdviceForm {
    #[serde(default)]
    pub best_fix: String,
    /// None (left out of the form) keeps the workaround as it is.
    #[serde(default)]
    pub workaround: Option<String>,
}

/// Sets (or clears) the current best fix and the workaround.
pub fn set_advice(
    conn: &mut DbConn,
    actor: &Actor,
    issue_id: i64,
    form: &AdviceForm,
) -> AppResult<()> {
    actor.ensure_staff("err-known-issues-only-staff-can-change-what")?;
    write_tx(conn, |conn| {
        let (thread, issue) = load_issue(conn, issue_id)?;
        let workaround = form
            .workaround
            .as_deref()
            .map_or(issue.workaround.as_str(), str::trim);
        let mut checks = Checks::default();
        let (post, guide) = resolve_best_fix(conn, &mut checks, &form.best_fix)?;
        check_workaround(
            &mut checks,
            &issue.status,
            workaround,
            post.is_some() || guide.is_some(),
        );
        checks.finish()?;
        let same_fix = (post, guide) == (issue.best_fix_post_id, issue.best_fix_guide_id);
        if same_fix && workaround == issue.workaround {
            return Err(AppError::invalid(
                "best_fix",
                "err-known-issues-nothing-changed-best-fix-workaround",
            ));
        }
        store::set_best_fix(conn, thread.id, post, guide)?;
        store::set_workaround(conn, thread.id, workaround)?;
        audit(
            conn,
            Some(actor),
            "known_issue_best_fix",
            None,
            Some(thread.id),
            post,
            form.best_fix.trim(),
        )?;
        Ok(())
    })
}

/// "I have this problem too" on the known issue itself (on linked threads it
/// is the threads' own button): once per member; it follows the issue.
pub fn me_too(conn: &mut DbConn, actor: &Actor, issue_id: i64) -> AppResult<()> {
    actor.ensure_can_write()?;
    write_tx(conn, |conn| {
        let (thread, _) = load_issue(conn, issue_id)?;
        let now = crate::model::now();
        answers::insert_me_too(conn, thread.id, actor.id, now).map_err(
            |e| match AppError::from(e) {
                AppError::Conflict(_) => {
                    AppError::Conflict("err-known-issues-have-already-said-have-problem".into())
                }
                other => other,
            },
        )?;
        answers::add_me_too_count(conn, thread.id)?;
        answers::follow(conn, thread.id, actor.id, now)?;
        Ok(())
    })
}

/// An owner chooses whether to hear of new known issues for a device they
/// own (and what is below it). Someone else's owned device is "not found".
pub fn set_watching(
    conn: &mut DbConn,
    actor: &Actor,
    owned_device_id: i64,
    watch: bool,
) -> AppResult<crate::model::knowledge::devices::Device> {
    let owned =
        crate::forum::before_service::owned_devices::require_own(conn, actor, owned_device_id)?;
    actor.ensure_can_write()?;
    write_tx(conn, |conn| {
        store::set_watching(conn, owned.id, watch, crate::model::now())?;
        Ok(crate::model::knowledge::devices::find(
            conn,
            owned.device_id,
        )?)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refs() {
        assert_eq!(parse_ref("12"), Some(Ref::Thread(12)));
        assert_eq!(parse_ref("#12"), Some(Ref::Thread(12)));
        assert_eq!(parse_ref("/t/12/the-fan"), Some(Ref::Thread(12)));
        assert_eq!(
            parse_ref("https://fixloop.example/t/12/x?page=2"),
            Some(Ref::Thread(12))
        );
        assert_eq!(parse_ref("/p/34"), Some(Ref::Post(34)));
        assert_eq!(parse_ref("/t/12/x?page=2#post-34"), Some(Ref::Post(34)));
        assert_eq!(parse_ref("/known-issues/5"), Some(Ref::Thread(5)));
        assert_eq!(parse_ref("fan"), None);
        assert_eq!(parse_ref(""), None);
        assert_eq!(parse_ref("0"), None);
    }

    #[test]
    fn flow_moves_forward_only() {
        assert!(FLOW.check("investigating", "workaround_available").is_ok());
        assert!(FLOW.check("investigating", "fixed").is_ok());
        assert!(FLOW.check("fixed", "closed").is_ok());
        assert!(FLOW.check("closed", "investigating").is_err());
        assert!(FLOW.check("fixed", "workaround_available").is_err());
        assert!(FLOW.check("fixed", "fixed").is_err());
        assert!(FLOW.check("fixed", "reopened").is_err());
    }
}
