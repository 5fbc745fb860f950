//! The admins' members page: finding members, changing their role,
//! suspending them and lifting suspensions. Admin powers only (a suspended
//! admin has none); every change lands in the audit log. Exporting and
//! deleting a member's account are in `leaving`.

use crate::db::{write_tx, DbConn};
use crate::error::{not_found, AppError, AppResult};
use crate::forum::staff::moderation::{self, audit};
use crate::forum::{chars, Actor};
use crate::i18n::Message;
use crate::model::accounts::users::{self, Role};
use crate::model::staff::members::{self as rows, MemberRow, MemberSort};
use crate::model::Page;

pub const PER_PAGE: i64 = 50;
/// Longer searches are no username or address.
pub const MAX_QUERY_CHARS: usize = 254;

/// Every action of the members page, and the page itself.
pub fn ensure_can_manage(actor: &Actor) -> AppResult<()> {
    actor.ensure_admin("err-members-only-admins-can-manage-members")
}

/// The search as typed: trimmed and lower-cased (usernames are matched by
/// their key, addresses are stored lower-cased); None for an empty one.
pub fn search_prefix(query: Option<&str>) -> AppResult<Option<String>> {
    let query = query.map(str::trim).unwrap_or_default();
    if query.is_empty() {
        return Ok(None);
    }
    if chars(query) > MAX_QUERY_CHARS {
        return Err(AppError::BadRequest(
            Message::new("err-members-search-with-at-most-max")
                .with("max_query_chars", MAX_QUERY_CHARS),
        ));
    }
    Ok(Some(query.to_lowercase()))
}

/// How the list is sorted: a column from `MemberSort`'s fixed list and a
/// direction (each column's own by default).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sorting {
    pub by: MemberSort,
    pub descending: bool,
}

impl Sorting {
    /// `?sort=` and `?dir=` as given; anything not on the list is a clear
    /// 400 naming what is.
    pub fn parse(sort: Option<&str>, dir: Option<&str>) -> AppResult<Sorting> {
        let by = match sort.map(str::trim).filter(|s| !s.is_empty()) {
            None => MemberSort::Joined,
            Some(s) => MemberSort::parse(s).ok_or_else(|| {
                let shown: String = s.chars().take(20).collect();
                AppError::BadRequest(
                    Message::new("err-members-list-cannot-sorted-shown-choose")
                        .with("shown", shown),
                )
            })?,
        };
        let descending = match dir.map(str::trim).filter(|d| !d.is_empty()) {
            None => by.default_descending(),
            Some("asc") => false,
            Some("desc") => true,
            Some(_) => {
                return Err(AppError::BadRequest(
                    "err-members-sort-list-asc-desc".into(),
                ))
            }
        };
        Ok(Sorting { by, descending })
    }
}

/// One page of members, sorted (newest first by default), or those whose
/// username or address starts with `prefix`: one query.
pub fn list(
    conn: &mut DbConn,
    actor: &Actor,
    prefix: Option<&str>,
    sorting: Sorting,
    page: i64,
) -> AppResult<Page<MemberRow>> {
    ensure_can_manage(actor)?;
    let found = rows::list(
        conn,
        prefix,
        sorting.by,
        sorting.descending,
        Page::<()>::offset(page, PER_PAGE),
        PER_PAGE + 1,
    )?;
    Ok(Page::from_rows(found, page, PER_PAGE))
}

/// One member's row, for their admin page (admins only; a deleted account
/// is not found).
pub fn find(conn: &mut DbConn, actor: &Actor, username: &str) -> AppResult<MemberRow> {
    ensure_can_manage(actor)?;
    rows::find(conn, username).map_err(not_found("member"))
}

/// Gives a member another role. An admin never takes away their own admin
/// role (the forum could be left without one); another admin can.
pub fn change_role(conn: &mut DbConn, actor: &Actor, username: &str, role: &str) -> AppResult<()> {
    ensure_can_manage(actor)?;
    let role = Role::parse(role.trim())
        .ok_or_else(|| AppError::invalid("role", "err-members-choose-member-staff-admin"))?;
    write_tx(conn, |conn| {
        let user = users::find_by_username(conn, username)?
            .filter(|u| u.deleted_at.is_none())
            .ok_or(AppError::NotFound("member"))?;
        if user.id == actor.id && role != Role::Admin {
            return Err(AppError::forbidden(
                "err-members-cannot-remove-own-admin-role",
            ));
        }
        let from = Actor::from(&user).role;
        if from == role {
            return Err(AppError::Conflict(
                Message::new("err-members-username-already-role")
                    .with("username", user.username)
                    .with("role", role.as_str()),
            ));
        }
        users::set_role(conn, user.id, role.as_str())?;
        audit(
            conn,
            Some(actor),
            "change_role",
            Some(user.id),
            None,
            None,
            &format!("{} → {}", from.as_str(), role.as_str()),
        )
    })
}

/// Suspends a member from the members page: the staff rule of
/// `moderation::suspend` (reasons, days, never oneself), admins only here.
pub fn suspend(
    conn: &mut DbConn,
    actor: &Actor,
    username: &str,
    days: &str,
    reason: &str,
) -> AppResult<()> {
    ensure_can_manage(actor)?;
    moderation::suspend(conn, actor, username, days, reason)
}

/// Lifts a suspension from the members page (admins only here).
pub fn unsuspend(conn: &mut DbConn, actor: &Actor, username: &str) -> AppResult<()> {
    ensure_can_manage(actor)?;
    moderation::unsuspend(conn, actor, username)
}
