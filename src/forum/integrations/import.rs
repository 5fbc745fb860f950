//! Bringing a community over from elsewhere (`fixloop import`): each record
//! written by the same rules and row-writing code as the web's forms, with
//! the original author and date, inside the importer's write transaction.
//!
//! What differs from the web, on purpose: nobody is notified or mailed (the
//! events are history), new-member limits do not apply (the posts were
//! written long ago), and idea votes are taken whatever the idea's status
//! now (they were cast while it was open). The `check_*` functions need no
//! database: the importer runs them, and renders Markdown, before its
//! transaction opens.

use chrono::NaiveDateTime;

use crate::db::DbConn;
use crate::error::{not_found, AppError, AppResult};
use crate::forum::before_service::owned_devices::OwnedDraft;
use crate::forum::discussion::threads::{
    check_body, check_title, insert_with_opening_post_quietly, ThreadKind,
};
use crate::forum::knowledge::devices::DeviceDraft;
use crate::forum::knowledge::parts::PartDraft;
use crate::forum::{Actor, Checks};
use crate::i18n::Message;
use crate::model::accounts::users::Role;
use crate::model::knowledge::guides::{self, Guide, NewStep};
use crate::model::{
    accounts::users, discussion::posts, discussion::threads, knowledge::devices, knowledge::parts,
};
use crate::render::markdown::Rendered;
use crate::search;

/// Stored for members whose line carries no password hash: it matches no
/// password (it is not a PHC string), so they set one through password reset.
pub const NO_PASSWORD: &str = "!imported";

pub struct MemberImport<'a> {
    pub username: &'a str,
    pub email: &'a str,
    pub role: Role,
    pub bio: &'a str,
    /// An argon2 PHC string, or None for no usable password.
    pub password_hash: Option<&'a str>,
    pub email_verified: bool,
    pub created_at: NaiveDateTime,
}

/// Longest "about me" a member can write (as the profile settings allow).
const MAX_BIO_CHARS: usize = 2000;

pub fn check_member(member: &MemberImport) -> AppResult<()> {
    let mut checks = Checks::default();
    crate::forum::accounts::credentials::check_identity(&mut checks, member.username, member.email);
    if crate::forum::chars(member.bio) > MAX_BIO_CHARS {
        checks.add(
            "bio",
            Message::new("err-import-keep-bio-under-max-bio").with("max_bio_chars", MAX_BIO_CHARS),
        );
    }
    if let Some(hash) = member.password_hash {
        if !is_argon2_phc(hash) {
            checks.add("password_hash", "err-import-password-hash-must-argon2-phc");
        }
    }
    checks.finish()
}

fn is_argon2_phc(hash: &str) -> bool {
    argon2::password_hash::PasswordHash::new(hash)
        .is_ok_and(|h| h.algorithm.as_str().starts_with("argon2") && h.hash.is_some())
}

pub fn member(conn: &mut DbConn, member: &MemberImport) -> AppResult<i64> {
    let user = crate::forum::accounts::credentials::insert_account(
        conn,
        member.username,
        member.email,
        member.password_hash.unwrap_or(NO_PASSWORD),
        member.role,
        member.created_at,
        member.email_verified.then_some(member.created_at),
    )?;
    if !member.bio.trim().is_empty() {
        users::set_bio(conn, user.id, member.bio.trim())?;
    }
    Ok(user.id)
}

/// A member who had left the old forum: an account erased as leaving
/// erases one (`former-member-<id>`, no address, no password), so what they
/// wrote keeps an author.
pub fn former_member(conn: &mut DbConn, created_at: NaiveDateTime) -> AppResult<i64> {
    let placeholder = crate::auth::random_token()[..16].to_lowercase();
    let user = crate::forum::accounts::credentials::insert_account(
        conn,
        &format!(
            "{}import-{placeholder}",
            crate::forum::accounts::leaving::FORMER_MEMBER_PREFIX
        ),
        &format!("import-{placeholder}@deleted.invalid"),
        NO_PASSWORD,
        Role::Member,
        created_at,
        None,
    )?;
    crate::forum::accounts::leaving::erase(conn, &user)?;
    Ok(user.id)
}

/// A device of the catalogue; `draft.parent` is the parent's slug (found
/// from its new id by the caller), the description rendered already.
pub fn device(
    conn: &mut DbConn,
    draft: &DeviceDraft,
    description_html: &str,
    created_at: NaiveDateTime,
) -> AppResult<i64> {
    Ok(crate::forum::knowledge::devices::insert_device(
        conn,
        None,
        draft,
        description_html,
        created_at,
    )?
    .id)
}

/// The slug of a device imported before (for a child's or a part's draft).
pub fn device_slug(conn: &mut DbConn, device_id: i64) -> AppResult<String> {
    Ok(devices::find(conn, device_id)
        .map_err(not_found("device"))?
        .slug)
}

/// A part of the catalogue; `draft.fits` holds the slugs of its devices.
pub fn part(
    conn: &mut DbConn,
    draft: &PartDraft,
    description_html: &str,
    created_at: NaiveDateTime,
) -> AppResult<i64> {
    Ok(crate::forum::knowledge::parts::insert_part(
        conn,
        None,
        draft,
        description_html,
        created_at,
    )?
    .id)
}

/// A device a member owns, checked as the "I own this" form is.
pub fn owned_device(
    conn: &mut DbConn,
    owner: &Actor,
    device_id: i64,
    draft: &OwnedDraft,
    created_at: NaiveDateTime,
) -> AppResult<i64> {
    let device = devices::find(conn, device_id).map_err(not_found("device"))?;
    let owned = crate::forum::before_service::owned_devices::own_in_tx(
        conn, owner, &device, draft, created_at,
    )?;
    Ok(owned.id)
}

pub struct ThreadImport<'a> {
    pub kind: ThreadKind,
    pub title: &'a str,
    /// The thread's language (forum::discussion::threads::thread_lang).
    pub lang: Option<&'static str>,
    pub device_id: Option<i64>,
    pub body_md: &'a str,
    pub body: &'a Rendered,
    pub created_at: NaiveDateTime,
    /// Known issues and ideas: where they stand now (known issues also what
    /// fixed them).
    pub status: &'a str,
    pub fixed_in: &'a str,
    /// Part-swap reports: (part id, outcome, caveats).
    pub swap: Option<(i64, &'a str, &'a str)>,
    /// Guides: their details (all left out for other kinds).
    pub guide: GuideImport<'a>,
}

/// A guide's details as the file gives them; what is left out is not set,
/// as on a new guide (`guides::default_details`).
#[derive(Debug, Clone, Copy, Default)]
pub struct GuideImport<'a> {
    pub difficulty: Option<&'a str>,
    pub time_min: Option<i64>,
    pub time_max: Option<i64>,
    /// One tool, or part, an item.
    pub tools: Option<&'a [String]>,
    pub parts: Option<&'a [String]>,
    pub conclusion_md: Option<&'a str>,
    /// The conclusion rendered (empty while only checking).
    pub conclusion_html: &'a str,
}

impl GuideImport<'_> {
    /// The names of the fields the file gave.
    pub fn given(&self) -> Vec<&'static str> {
        [
            ("difficulty", self.difficulty.is_some()),
            ("time_min", self.time_min.is_some()),
            ("time_max", self.time_max.is_some()),
            ("tools", self.tools.is_some()),
            ("parts", self.parts.is_some()),
            ("conclusion", self.conclusion_md.is_some()),
        ]
        .into_iter()
        .filter_map(|(name, given)| given.then_some(name))
        .collect()
    }
}

/// Longest tool or part list, as the guide details form allows.
const MAX_LIST_BYTES: usize = 4000;

/// The list as the guide details form stores it: one item a line.
fn list_text(items: Option<&[String]>) -> String {
    items
        .unwrap_or_default()
        .iter()
        .map(|item| item.trim())
        .filter(|item| !item.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The checks of the guide details form (`guides::update_details`), on the
/// file's fields.
fn check_guide(checks: &mut Checks, guide: &GuideImport) {
    if let Some(difficulty) = guide.difficulty {
        if !crate::forum::knowledge::guides::DIFFICULTIES.contains(&difficulty) {
            checks.add(
                "difficulty",
                Message::new("err-import-guides-difficulty-easy-moderate-difficult")
                    .with("string", difficulty.chars().take(40).collect::<String>()),
            );
        }
    }
    // Left out, the time is not set; given, it is a range (both ends).
    match (guide.time_min, guide.time_max) {
        (None, None) => {}
        (Some(_), None) | (None, Some(_)) => checks.add(
            if guide.time_min.is_none() {
                "time_min"
            } else {
                "time_max"
            },
            "err-import-time-range-minutes-give-both",
        ),
        (Some(min), Some(max)) => {
            let minutes = 1..=10_000;
            if !minutes.contains(&min) {
                checks.add("time_min", "err-import-give-time-whole-minutes-from");
            } else if !minutes.contains(&max) {
                checks.add("time_max", "err-import-give-time-whole-minutes-from");
            } else if min > max {
                checks.add(
                    "time_min",
                    Message::new("err-import-time-range-minutes-time-min")
                        .with("min", min)
                        .with("max", max),
                );
            }
        }
    }
    for (field, items) in [("tools", guide.tools), ("parts", guide.parts)] {
        let items = items.unwrap_or_default();
        if let Some(item) = items.iter().find(|item| item.trim().contains(['\n', '\r'])) {
            checks.add(
                field,
                Message::new("err-import-one-item-string-r-has").with(
                    "r",
                    item.chars()
                        .take(40)
                        .collect::<String>()
                        .replace('\n', "\\n")
                        .replace('\r', "\\r"),
                ),
            );
        } else if list_text(Some(items)).len() > MAX_LIST_BYTES {
            checks.add(field, "err-import-keep-tool-part-lists-under");
        }
    }
    if guide
        .conclusion_md
        .is_some_and(|c| c.trim().len() > crate::forum::discussion::threads::MAX_BODY_BYTES)
    {
        checks.add("conclusion", "err-import-conclusion-can-at-most-64");
    }
}

/// The guide row of an imported guide with the file's details.
fn guide_details(thread_id: i64, guide: &GuideImport, at: NaiveDateTime) -> Guide {
    let mut row = crate::forum::knowledge::guides::default_details(thread_id);
    row.difficulty = guide.difficulty.map(str::to_owned);
    // Checked to be in 1..=10000, both or neither.
    row.time_min = guide.time_min.map(|min| min as i32);
    row.time_max = guide.time_max.map(|max| max as i32);
    row.tools = list_text(guide.tools);
    row.parts = list_text(guide.parts);
    if let Some(conclusion) = guide.conclusion_md {
        row.conclusion_md = conclusion.trim().to_owned();
        row.conclusion_html = guide.conclusion_html.to_owned();
    }
    row.updated_at = at;
    row
}

/// The checks of the thread's own fields (no database).
pub fn check_thread(thread: &ThreadImport) -> AppResult<()> {
    let mut checks = Checks::default();
    check_title(&mut checks, thread.title);
    check_body(&mut checks, thread.body_md);
    let status_message = match thread.kind {
        ThreadKind::KnownIssue => crate::forum::before_service::known_issues::FLOW
            .step(thread.status)
            .is_none()
            .then_some("err-import-known-issue-status"),
        ThreadKind::Idea => crate::forum::before_service::ideas::FLOW
            .step(thread.status)
            .is_none()
            .then_some("err-import-idea-status"),
        _ => None,
    };
    if let Some(message) = status_message {
        checks.add("status", message);
    }
    let guide_fields = thread.guide.given();
    match guide_fields.first() {
        _ if thread.kind == ThreadKind::Guide => check_guide(&mut checks, &thread.guide),
        Some(first) => checks.add(
            first,
            Message::new("err-import-only-guides-kind-guide-have")
                .with("join", guide_fields.join(", "))
                .with("kind", thread.kind.as_str()),
        ),
        None => {}
    }
    if matches!(thread.kind, ThreadKind::KnownIssue | ThreadKind::Idea)
        && thread.device_id.is_none()
    {
        checks.add("device", "err-import-known-issues-ideas-about-device");
    }
    checks.finish()
}

/// A thread of any kind with its opening post by `author`, and what its
/// kind adds (guide details, swap report, known issue or idea row). Its
/// search entry is the caller's to make with `threads_changed`, once for a
/// batch: replies and steps later in the batch are then in it at once.
pub fn thread(conn: &mut DbConn, author: &Actor, thread: &ThreadImport) -> AppResult<i64> {
    check_thread(thread)?;
    let now = thread.created_at;
    if thread.kind == ThreadKind::KnownIssue {
        author.ensure_staff("err-import-only-staff-can-open-known")?;
    }
    let swap = match (thread.kind, thread.swap) {
        (ThreadKind::PartSwap, Some((part_id, outcome, caveats))) => {
            let part = parts::find(conn, part_id).map_err(not_found("part"))?;
            let mut checks = Checks::default();
            crate::forum::knowledge::parts::check_swap(
                conn,
                &mut checks,
                &part.slug,
                outcome,
                caveats,
                thread.device_id.is_some(),
            )?;
            checks.finish()?;
            Some((part.id, outcome, caveats.trim()))
        }
        (ThreadKind::PartSwap, None) => {
            return Err(AppError::invalid(
                "part",
                "err-import-part-swap-report-names-part",
            ))
        }
        _ => None,
    };
    let row = insert_with_opening_post_quietly(
        conn,
        author,
        thread.kind.as_str(),
        (thread.title.trim(), thread.lang),
        thread.device_id,
        (thread.body_md, thread.body),
        now,
    )?;
    unfollow_if_left(conn, author.id, row.id)?;
    crate::forum::discussion::threads::insert_kind_rows(conn, &row, swap, now)?;
    if thread.kind == ThreadKind::Guide && !thread.guide.given().is_empty() {
        guides::update(conn, &guide_details(row.id, &thread.guide, now))?;
    }
    match thread.kind {
        ThreadKind::KnownIssue => crate::forum::before_service::known_issues::insert_issue_rows(
            conn,
            (row.id, thread.status, thread.fixed_in.trim()),
            (None, None),
            author.id,
            now,
        )?,
        ThreadKind::Idea => crate::forum::before_service::ideas::insert_idea_rows(
            conn,
            row.id,
            thread.status,
            author.id,
            now,
        )?,
        _ => {}
    }
    Ok(row.id)
}

/// A reply, as `threads::reply` writes it (counters, follow, recovery
/// path). Its thread's search entry is left to `threads_changed`, called
/// once per thread for a batch: a long thread's document is then built once,
/// not once per reply.
pub fn reply(
    conn: &mut DbConn,
    author: &Actor,
    thread_id: i64,
    (body_md, body): (&str, &Rendered),
    created_at: NaiveDateTime,
) -> AppResult<i64> {
    let mut checks = Checks::default();
    check_body(&mut checks, body_md);
    checks.finish()?;
    let thread = threads::find(conn, thread_id).map_err(not_found("thread"))?;
    let post = crate::forum::discussion::threads::insert_reply(
        conn,
        author,
        &thread,
        (body_md, body),
        created_at,
    )?;
    unfollow_if_left(conn, author.id, thread.id)?;
    Ok(post.id)
}

/// Writing follows a thread; an erased account (a member who left) follows
/// nothing, as leaving made it.
fn unfollow_if_left(conn: &mut DbConn, user_id: i64, thread_id: i64) -> AppResult<()> {
    if users::find(conn, user_id)?.deleted_at.is_some() {
        crate::model::discussion::answers::unfollow(conn, thread_id, user_id)?;
    }
    Ok(())
}

/// Makes or refreshes the search entry (builtin index and outbox row) of
/// threads written, or given replies or steps, in the caller's write
/// transaction.
pub fn threads_changed(
    conn: &mut DbConn,
    thread_ids: impl IntoIterator<Item = i64>,
) -> AppResult<()> {
    for id in thread_ids {
        search::thread_changed(conn, id)?;
    }
    Ok(())
}

/// The accepted solution, marked by the asker or staff, as the web's rule says.
pub fn solution(
    conn: &mut DbConn,
    marked_by: &Actor,
    post_id: i64,
    at: NaiveDateTime,
) -> AppResult<i64> {
    let post = posts::find(conn, post_id).map_err(not_found("post"))?;
    let thread = threads::find(conn, post.thread_id)?;
    marked_by.ensure_can_mark_solution(thread.author_id)?;
    crate::forum::discussion::answers::accept_solution(conn, marked_by, &post, &thread, at)?;
    Ok(post.id)
}

/// A staff verification of a reply, or of a guide (its opening post).
pub fn verification(
    conn: &mut DbConn,
    staff: &Actor,
    post_id: i64,
    note: &str,
    at: NaiveDateTime,
) -> AppResult<i64> {
    staff.ensure_staff("err-import-only-staff-can-verify-answers")?;
    crate::forum::discussion::answers::check_note(note.trim())?;
    let post = posts::find(conn, post_id).map_err(not_found("post"))?;
    let thread = threads::find(conn, post.thread_id)?;
    crate::forum::discussion::answers::record_verification(
        conn,
        staff,
        (&post, &thread),
        (note.trim(), ""),
        at,
    )?;
    Ok(post.id)
}

/// The opening post of a thread (what a guide's verification is of).
pub fn opening_post(conn: &mut DbConn, thread_id: i64) -> AppResult<i64> {
    Ok(posts::opening_post(conn, thread_id)
        .map_err(not_found("thread"))?
        .id)
}

/// A helpful vote on a reply (not one's own, once).
pub fn vote(conn: &mut DbConn, voter: &Actor, post_id: i64, at: NaiveDateTime) -> AppResult<i64> {
    let post = posts::find(conn, post_id).map_err(not_found("post"))?;
    crate::forum::discussion::answers::cast_vote(conn, voter, &post, at)?;
    Ok(post.id)
}

/// A vote for an idea (its proposer's vote came with the idea).
pub fn idea_vote(
    conn: &mut DbConn,
    voter: &Actor,
    thread_id: i64,
    at: NaiveDateTime,
) -> AppResult<i64> {
    let thread = threads::find(conn, thread_id).map_err(not_found("idea"))?;
    if thread.kind != ThreadKind::Idea.as_str() {
        return Err(AppError::BadRequest(
            "err-import-only-ideas-take-votes-thread".into(),
        ));
    }
    crate::forum::before_service::ideas::count_vote(conn, thread.id, voter.id, at)?;
    Ok(thread.id)
}

/// A step of a guide, as the file gives it.
pub struct StepImport<'a> {
    pub title: &'a str,
    pub body_md: &'a str,
    pub body: &'a Rendered,
    pub caution: &'a str,
    pub note: &'a str,
    pub created_at: NaiveDateTime,
}

/// The checks of the web's step form (no database).
pub fn check_step(title: &str, body_md: &str, caution: &str, note: &str) -> AppResult<()> {
    crate::forum::knowledge::guides::check_step(&crate::forum::knowledge::guides::StepForm {
        title: title.to_owned(),
        body: body_md.to_owned(),
        caution: caution.to_owned(),
        note: note.to_owned(),
        position: String::new(),
    })
    .finish()
}

/// A guide taking imported steps: who wrote it (and so its steps) and where
/// its next step goes. The importer keeps it from step to step, so a step
/// costs no look-up of its guide.
#[derive(Debug, Clone, Copy)]
pub struct StepTarget {
    pub thread_id: i64,
    pub author_id: i64,
    pub next_position: i32,
}

impl StepTarget {
    /// A guide just imported: no steps yet.
    pub fn new_guide(thread_id: i64, author_id: i64) -> StepTarget {
        StepTarget {
            thread_id,
            author_id,
            next_position: 1,
        }
    }
}

/// A thread that takes steps (a guide), and where its next step goes.
pub fn step_target(conn: &mut DbConn, thread_id: i64) -> AppResult<StepTarget> {
    let thread = threads::find(conn, thread_id).map_err(not_found("guide"))?;
    if thread.kind != ThreadKind::Guide.as_str() {
        return Err(AppError::invalid(
            "guide",
            Message::new("err-import-steps-belong-guides-threads-kind").with("kind", thread.kind),
        ));
    }
    Ok(StepTarget {
        thread_id: thread.id,
        author_id: thread.author_id,
        next_position: guides::last_step_position(conn, thread.id)?.unwrap_or(0) + 1,
    })
}

/// A step at the end of its guide (`target.next_position`), by the guide's
/// author, written as the web's "Add a step" writes it (its first version
/// kept in the step history). Its guide's search entry is left to
/// `threads_changed`, once per guide for a batch.
pub fn guide_step(conn: &mut DbConn, target: &StepTarget, step: &StepImport) -> AppResult<i64> {
    check_step(step.title, step.body_md, step.caution, step.note)?;
    let row = guides::insert_step(
        conn,
        &NewStep {
            thread_id: target.thread_id,
            position: target.next_position,
            title: step.title.trim(),
            body_md: step.body_md,
            body_html: &step.body.html,
            body_text: &step.body.text,
            caution: step.caution.trim(),
            note: step.note.trim(),
            created_at: step.created_at,
            updated_at: step.created_at,
        },
    )?;
    guides::record_revision(conn, &row, target.author_id, "add", step.created_at)?;
    Ok(row.id)
}
