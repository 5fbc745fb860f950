//! The admins' members page: finding members, changing their role,
//! suspending them and lifting suspensions. Admin powers only (a suspended
//! admin has none); every change lands in the audit log. Exporting and
//! deleting a member's account are in `leaving`.

use crate::db::{write_tx, DbConn};
use crate::error::{AppError, AppResult};
use crate::forum::staff::moderation::{self, audit};
use crate::forum::{chars, Actor};
use crate::model::accounts::account_data::{self, MemberRow};
use crate::model::accounts::users::{self, Role};
use crate::model::Page;

pub const PER_PAGE: i64 = 50;
/// Longer searches are no username or address.
pub const MAX_QUERY_CHARS: usize = 254;

/// Every action of the members page, and the page itself.
pub fn ensure_can_manage(actor: &Actor) -> AppResult<()> {
    actor.ensure_admin("Only admins can manage members.")
}

/// The search as typed: trimmed and lower-cased (usernames are matched by
/// their key, addresses are stored lower-cased); None for an empty one.
pub fn search_prefix(query: Option<&str>) -> AppResult<Option<String>> {
    let query = query.map(str::trim).unwrap_or_default();
    if query.is_empty() {
        return Ok(None);
    }
    if chars(query) > MAX_QUERY_CHARS {
        return Err(AppError::BadRequest(format!(
            "Search with at most {MAX_QUERY_CHARS} characters."
        )));
    }
    Ok(Some(query.to_lowercase()))
}

/// One page of members: newest first, or those whose username or address
/// starts with `prefix`.
pub fn list(
    conn: &mut DbConn,
    actor: &Actor,
    prefix: Option<&str>,
    page: i64,
) -> AppResult<Page<MemberRow>> {
    ensure_can_manage(actor)?;
    let rows = account_data::search_members(
        conn,
        prefix,
        Page::<()>::offset(page, PER_PAGE),
        PER_PAGE + 1,
    )?;
    Ok(Page::from_rows(rows, page, PER_PAGE))
}

/// Gives a member another role. An admin never takes away their own admin
/// role (the forum could be left without one); another admin can.
pub fn change_role(conn: &mut DbConn, actor: &Actor, username: &str, role: &str) -> AppResult<()> {
    ensure_can_manage(actor)?;
    let role = Role::parse(role.trim())
        .ok_or_else(|| AppError::invalid("role", "Choose member, staff or admin."))?;
    write_tx(conn, |conn| {
        let user = users::find_by_username(conn, username)?
            .filter(|u| u.deleted_at.is_none())
            .ok_or(AppError::NotFound("member"))?;
        if user.id == actor.id && role != Role::Admin {
            return Err(AppError::forbidden(
                "You cannot remove your own admin role; another admin can.",
            ));
        }
        let from = Actor::from(&user).role;
        if from == role {
            return Err(AppError::Conflict(format!(
                "{} is already {}.",
                user.username,
                role.as_str()
            )));
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
