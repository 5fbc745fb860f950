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

use super::devices::DeviceDraft;
use super::owned_devices::OwnedDraft;
use super::parts::PartDraft;
use super::threads::{check_body, check_title, insert_with_opening_post_quietly, ThreadKind};
use super::{Actor, Checks};
use crate::db::DbConn;
use crate::error::{not_found, AppError, AppResult};
use crate::model::users::Role;
use crate::model::{devices, parts, posts, threads, users};
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
    super::accounts::check_identity(&mut checks, member.username, member.email);
    if super::chars(member.bio) > MAX_BIO_CHARS {
        checks.add(
            "bio",
            format!("Keep the bio under {MAX_BIO_CHARS} characters."),
        );
    }
    if let Some(hash) = member.password_hash {
        if !is_argon2_phc(hash) {
            checks.add(
                "password_hash",
                "A password hash must be an argon2 PHC string ($argon2id$v=19$...); leave it out for no password.",
            );
        }
    }
    checks.finish()
}

fn is_argon2_phc(hash: &str) -> bool {
    argon2::password_hash::PasswordHash::new(hash)
        .is_ok_and(|h| h.algorithm.as_str().starts_with("argon2") && h.hash.is_some())
}

pub fn member(conn: &mut DbConn, member: &MemberImport) -> AppResult<i64> {
    let user = super::accounts::insert_account(
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
    let user = super::accounts::insert_account(
        conn,
        &format!(
            "{}import-{placeholder}",
            super::leaving::FORMER_MEMBER_PREFIX
        ),
        &format!("import-{placeholder}@deleted.invalid"),
        NO_PASSWORD,
        Role::Member,
        created_at,
        None,
    )?;
    super::leaving::erase(conn, &user)?;
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
    Ok(super::devices::insert_device(conn, None, draft, description_html, created_at)?.id)
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
    Ok(super::parts::insert_part(conn, None, draft, description_html, created_at)?.id)
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
    let owned = super::owned_devices::own_in_tx(conn, owner, &device, draft, created_at)?;
    Ok(owned.id)
}

pub struct ThreadImport<'a> {
    pub kind: ThreadKind,
    pub title: &'a str,
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
}

/// The checks of the thread's own fields (no database).
pub fn check_thread(thread: &ThreadImport) -> AppResult<()> {
    let mut checks = Checks::default();
    check_title(&mut checks, thread.title);
    check_body(&mut checks, thread.body_md);
    let status_message = match thread.kind {
        ThreadKind::KnownIssue => super::known_issues::FLOW
            .step(thread.status)
            .is_none()
            .then_some(
                "A known issue's status is investigating, workaround_available, fixed or closed.",
            ),
        ThreadKind::Idea => super::ideas::FLOW
            .step(thread.status)
            .is_none()
            .then_some("An idea's status is proposed, under_review, planned, shipped or declined."),
        _ => None,
    };
    if let Some(message) = status_message {
        checks.add("status", message);
    }
    if matches!(thread.kind, ThreadKind::KnownIssue | ThreadKind::Idea)
        && thread.device_id.is_none()
    {
        checks.add("device", "Known issues and ideas are about a device.");
    }
    checks.finish()
}

/// A thread of any kind with its opening post by `author`, and what its
/// kind adds (guide details, swap report, known issue or idea row).
pub fn thread(conn: &mut DbConn, author: &Actor, thread: &ThreadImport) -> AppResult<i64> {
    check_thread(thread)?;
    let now = thread.created_at;
    if thread.kind == ThreadKind::KnownIssue {
        author.ensure_staff("Only staff can open known issues.")?;
    }
    let swap = match (thread.kind, thread.swap) {
        (ThreadKind::PartSwap, Some((part_id, outcome, caveats))) => {
            let part = parts::find(conn, part_id).map_err(not_found("part"))?;
            let mut checks = Checks::default();
            super::parts::check_swap(
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
                "A part-swap report names its part and outcome.",
            ))
        }
        _ => None,
    };
    let row = insert_with_opening_post_quietly(
        conn,
        author,
        thread.kind.as_str(),
        thread.title.trim(),
        thread.device_id,
        (thread.body_md, thread.body),
        now,
    )?;
    unfollow_if_left(conn, author.id, row.id)?;
    super::threads::insert_kind_rows(conn, &row, swap, now)?;
    match thread.kind {
        ThreadKind::KnownIssue => super::known_issues::insert_issue_rows(
            conn,
            (row.id, thread.status, thread.fixed_in.trim()),
            (None, None),
            author.id,
            now,
        )?,
        ThreadKind::Idea => {
            super::ideas::insert_idea_rows(conn, row.id, thread.status, author.id, now)?
        }
        _ => {}
    }
    search::thread_changed(conn, row.id)?;
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
    let post = super::threads::insert_reply(conn, author, &thread, (body_md, body), created_at)?;
    unfollow_if_left(conn, author.id, thread.id)?;
    Ok(post.id)
}

/// Writing follows a thread; an erased account (a member who left) follows
/// nothing, as leaving made it.
fn unfollow_if_left(conn: &mut DbConn, user_id: i64, thread_id: i64) -> AppResult<()> {
    if users::find(conn, user_id)?.deleted_at.is_some() {
        crate::model::answers::unfollow(conn, thread_id, user_id)?;
    }
    Ok(())
}

/// Refreshes the search entry (builtin index and outbox row) of threads
/// that got replies, in the caller's write transaction.
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
    super::answers::accept_solution(conn, marked_by, &post, &thread, at)?;
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
    staff.ensure_staff("Only staff can verify answers.")?;
    super::answers::check_note(note.trim())?;
    let post = posts::find(conn, post_id).map_err(not_found("post"))?;
    let thread = threads::find(conn, post.thread_id)?;
    super::answers::record_verification(conn, staff, (&post, &thread), (note.trim(), ""), at)?;
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
    super::answers::cast_vote(conn, voter, &post, at)?;
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
            "Only ideas take votes for a thread; vote for a reply with `post`.".into(),
        ));
    }
    super::ideas::count_vote(conn, thread.id, voter.id, at)?;
    Ok(thread.id)
}
