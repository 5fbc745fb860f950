//! Leaving the forum: the personal data the forum keeps about a member, the
//! export of it (a JSON file), and deleting an account, by the member or by
//! an admin. A deleted account keeps its row, so its posts and threads keep
//! an author ("former member"), with every personal detail cleared.

use diesel::Connection;
use serde::{Deserialize, Serialize};

use crate::db::{write_tx, DbConn};
use crate::error::{AppError, AppResult};
use crate::forum::accounts::credentials::{self, LoginAttempt};
use crate::forum::staff::moderation::audit;
use crate::forum::Actor;
use crate::i18n::Message;
use crate::model::accounts::account_data::{
    self, Counts, Erasure, ExportedPost, ExportedThread, ExportedThreadMark, ExportedVote,
    MailPreference, SessionInfo,
};
use crate::model::accounts::users::{self, Role, User};

/// Every deleted account's username starts with this (`former-member-<id>`);
/// pages show such an author as "former member" (`macros.html`, `author`).
/// Registration keeps to letters, digits, '_' and '-', so the prefix is
/// never checked there: a collision only makes the name longer.
pub const FORMER_MEMBER_PREFIX: &str = "former-member-";

/// Not a PHC string: `verify_password` refuses every password against it
/// without hashing, so a deleted account can never log in again.
const NO_PASSWORD: &str = "!deleted";

/// At most this many rows of each kind go into an export; a member with more
/// (nobody so far) is told which kinds were cut short.
pub const EXPORT_LIMIT: i64 = 20_000;

/// The version of the export's layout, so a reader can tell.
pub const EXPORT_FORMAT: &str = "fixloop-export/1";

/// Sessions the data page lists.
const SESSIONS_SHOWN: i64 = 50;

/// Owned devices the data page lists (the devices page has them all).
const OWNED_DEVICES_SHOWN: i64 = 50;

/// The member's own details, as the data page and the export show them.
#[derive(Debug, Clone, Serialize)]
pub struct Profile {
    pub username: String,
    pub email: String,
    pub email_verified_at: Option<chrono::NaiveDateTime>,
    pub role: String,
    pub bio: String,
    pub reputation: i32,
    pub post_count: i32,
    pub created_at: chrono::NaiveDateTime,
    pub suspended_until: Option<chrono::NaiveDateTime>,
    pub suspension_reason: Option<String>,
}

impl From<&User> for Profile {
    fn from(user: &User) -> Profile {
        Profile {
            username: user.username.clone(),
            email: user.email.clone(),
            email_verified_at: user.email_verified_at,
            role: user.role.clone(),
            bio: user.bio.clone(),
            reputation: user.reputation,
            post_count: user.post_count,
            created_at: user.created_at,
            suspended_until: user.suspended_until,
            suspension_reason: user.suspension_reason.clone(),
        }
    }
}

/// What the data page shows: the details, how much of each kind is kept,
/// the logged-in browsers, the mail choices and the devices they own.
#[derive(Debug, Serialize)]
pub struct Summary {
    pub profile: Profile,
    pub counts: Counts,
    pub sessions: Vec<SessionInfo>,
    pub mail_preferences: Vec<MailPreference>,
    pub owned_devices: Vec<account_data::ExportedOwnedDevice>,
}

/// The export: everything the member wrote or chose, and nothing of other
/// members beyond what any reader sees (thread titles, for context).
#[derive(Debug, Serialize)]
pub struct Export {
    pub format: &'static str,
    pub exported_at: chrono::NaiveDateTime,
    pub profile: Profile,
    /// Kinds of mail not listed use the forum's defaults.
    pub mail_preferences: Vec<MailPreference>,
    pub threads: Vec<ExportedThread>,
    pub posts: Vec<ExportedPost>,
    pub votes: Vec<ExportedVote>,
    pub me_too: Vec<ExportedThreadMark>,
    pub follows: Vec<ExportedThreadMark>,
    /// Ideas they voted for.
    pub idea_votes: Vec<ExportedThreadMark>,
    /// What they wrote to staff privately (order numbers, serials).
    pub private_messages: Vec<account_data::ExportedPrivateMessage>,
    /// The devices they said they own.
    pub owned_devices: Vec<account_data::ExportedOwnedDevice>,
    /// The browsers logged in to the account (no tokens).
    pub sessions: Vec<SessionInfo>,
    /// Their API tokens: name, scope and times (never the token or its hash).
    pub api_tokens: Vec<crate::model::integrations::api_tokens::TokenInfo>,
    /// Kinds with more than `EXPORT_LIMIT` rows, cut short.
    pub truncated: Vec<&'static str>,
}

impl Export {
    /// The file name the download suggests: `fixloop-<username>.json`.
    pub fn file_name(&self) -> String {
        let name: String = self
            .profile
            .username
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect();
        format!("fixloop-{name}.json")
    }
}

/// A live (not deleted) account by username, for an admin's action.
fn live_member(conn: &mut DbConn, username: &str) -> AppResult<User> {
    users::find_by_username(conn, username)?
        .filter(|u| u.deleted_at.is_none())
        .ok_or(AppError::NotFound("member"))
}

/// The data page of the member behind `actor`. Reading one's own data stays
/// open while suspended.
pub fn summary(conn: &mut DbConn, actor: &Actor) -> AppResult<Summary> {
    let now = crate::model::now();
    Ok(conn.transaction(|conn| {
        let user = users::find(conn, actor.id)?;
        diesel::QueryResult::Ok(Summary {
            profile: Profile::from(&user),
            counts: account_data::counts(conn, user.id)?,
            sessions: account_data::live_sessions(conn, user.id, now, SESSIONS_SHOWN)?,
            mail_preferences: account_data::mail_preferences(conn, user.id)?,
            owned_devices: account_data::owned_devices_of(conn, user.id, OWNED_DEVICES_SHOWN)?,
        })
    })?)
}

/// Reads the export in one read transaction (one query per kind), so it is
/// a consistent picture however long it takes.
fn load_export(conn: &mut DbConn, user_id: i64) -> AppResult<Export> {
    let now = crate::model::now();
    let limit = EXPORT_LIMIT + 1;
    let mut export = conn.transaction(|conn| {
        let user = users::find(conn, user_id)?;
        diesel::QueryResult::Ok(Export {
            format: EXPORT_FORMAT,
            exported_at: now,
            profile: Profile::from(&user),
            mail_preferences: account_data::mail_preferences(conn, user_id)?,
            threads: account_data::threads_by(conn, user_id, limit)?,
            posts: account_data::posts_by(conn, user_id, limit)?,
            votes: account_data::votes_by(conn, user_id, limit)?,
            me_too: account_data::me_too_by(conn, user_id, limit)?,
            follows: account_data::follows_by(conn, user_id, limit)?,
            idea_votes: account_data::idea_votes_by(conn, user_id, limit)?,
            private_messages: account_data::private_messages_by(conn, user_id, limit)?,
            owned_devices: account_data::owned_devices_of(conn, user_id, limit)?,
            sessions: account_data::live_sessions(conn, user_id, now, limit)?,
            api_tokens: crate::model::integrations::api_tokens::list_for_user(
                conn, user_id, limit,
            )?,
            truncated: Vec::new(),
        })
    })?;
    let cap = EXPORT_LIMIT as usize;
    let cut = |kind: &'static str, len: usize| {
        if len > cap {
            export_truncated(kind, len);
            Some(kind)
        } else {
            None
        }
    };
    let truncated: Vec<&'static str> = [
        cut("threads", export.threads.len()),
        cut("posts", export.posts.len()),
        cut("votes", export.votes.len()),
        cut("me_too", export.me_too.len()),
        cut("follows", export.follows.len()),
        cut("idea_votes", export.idea_votes.len()),
        cut("private_messages", export.private_messages.len()),
        cut("owned_devices", export.owned_devices.len()),
        cut("sessions", export.sessions.len()),
        cut("api_tokens", export.api_tokens.len()),
    ]
    .into_iter()
    .flatten()
    .collect();
    export.threads.truncate(cap);
    export.posts.truncate(cap);
    export.votes.truncate(cap);
    export.me_too.truncate(cap);
    export.follows.truncate(cap);
    export.idea_votes.truncate(cap);
    export.private_messages.truncate(cap);
    export.owned_devices.truncate(cap);
    export.sessions.truncate(cap);
    export.api_tokens.truncate(cap);
    export.truncated = truncated;
    Ok(export)
}

fn export_truncated(kind: &str, rows: usize) {
    tracing::warn!(kind, rows, limit = EXPORT_LIMIT, "data export cut short");
}

/// The member's own export (suspended or not: it is their data).
pub fn export_own(conn: &mut DbConn, actor: &Actor) -> AppResult<Export> {
    load_export(conn, actor.id)
}

/// An admin exports a member's data; it lands in the audit log.
pub fn export_member(conn: &mut DbConn, actor: &Actor, username: &str) -> AppResult<Export> {
    crate::forum::staff::members::ensure_can_manage(actor)?;
    let user = live_member(conn, username)?;
    let export = load_export(conn, user.id)?;
    write_tx(conn, |conn| {
        audit(
            conn,
            Some(actor),
            "export_data",
            Some(user.id),
            None,
            None,
            "",
        )
    })?;
    Ok(export)
}

/// What the delete forms send: the typed confirmation (the username), and
/// on the member's own form their current password.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct DeleteForm {
    #[serde(default, skip_serializing)]
    pub password: String,
    #[serde(default)]
    pub confirm: String,
}

/// Who may delete their own account: anyone logged in, suspended or not
/// (leaving is not posting), except an admin: like removing their own admin
/// role, that could leave the forum without one. Another admin first makes
/// them a member.
pub fn ensure_can_leave(actor: &Actor) -> AppResult<()> {
    if actor.role == Role::Admin {
        return Err(AppError::forbidden(
            "err-leaving-admins-cannot-delete-their-own",
        ));
    }
    Ok(())
}

/// The username typed to confirm (any case, spaces around ignored).
pub fn check_confirmation(typed: &str, username: &str) -> AppResult<()> {
    if users::username_key(typed) == users::username_key(username) {
        Ok(())
    } else {
        Err(AppError::invalid(
            "confirm",
            Message::new("err-leaving-confirm-type-username-username-exactly")
                .with("username", username),
        ))
    }
}

/// Deletes the account of the member behind `actor`, whose password the
/// caller checked (off the async workers) for the login `attempt`.
pub fn delete_own_account(
    conn: &mut DbConn,
    actor: &Actor,
    attempt: &LoginAttempt,
) -> AppResult<()> {
    ensure_can_leave(actor)?;
    if attempt.user.as_ref().map(|u| u.id) != Some(actor.id) {
        return Err(AppError::forbidden("err-leaving-password-not-account"));
    }
    write_tx(conn, |conn| {
        credentials::login_succeeded(conn, attempt)?;
        let user = users::find(conn, actor.id)?;
        if user.deleted_at.is_some() {
            return Err(AppError::NotFound("member"));
        }
        erase(conn, &user)?;
        audit(
            conn,
            Some(actor),
            "delete_account",
            Some(user.id),
            None,
            None,
            "the member left",
        )
    })
}

/// An admin deletes a member's account (no password: the typed username
/// confirms it). Never their own: that goes through their settings page.
pub fn delete_member(
    conn: &mut DbConn,
    actor: &Actor,
    username: &str,
    confirm: &str,
) -> AppResult<()> {
    crate::forum::staff::members::ensure_can_manage(actor)?;
    write_tx(conn, |conn| {
        let user = live_member(conn, username)?;
        if user.id == actor.id {
            return Err(AppError::forbidden(
                "err-leaving-cannot-delete-own-account-from",
            ));
        }
        check_confirmation(confirm, &user.username)?;
        erase(conn, &user)?;
        audit(
            conn,
            Some(actor),
            "delete_account",
            Some(user.id),
            None,
            None,
            "deleted by an admin",
        )
    })
}

/// Inside the write transaction: the details replaced, the rest deleted.
pub(crate) fn erase(conn: &mut DbConn, user: &User) -> AppResult<()> {
    let mut username = format!("{FORMER_MEMBER_PREFIX}{}", user.id);
    let mut email = format!("deleted-{}@deleted.invalid", user.id);
    if account_data::name_or_email_taken(conn, &username, &email)? {
        // Someone registered the name (or address) first: make it unique.
        let suffix = &crate::auth::random_token()[..8];
        username = format!("{username}-{suffix}");
        email = format!("deleted-{}-{suffix}@deleted.invalid", user.id);
    }
    account_data::erase(
        conn,
        &Erasure {
            user_id: user.id,
            username: &username,
            email: &email,
            password_hash: NO_PASSWORD,
            at: crate::model::now(),
        },
    )?;
    // Order numbers and serials on the private line are the member's own.
    crate::model::discussion::private_messages::delete_by_author(conn, user.id)?;
    // Nor can the provider's login bring the account back.
    crate::model::accounts::oidc::delete_identities_of(conn, user.id)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_unusable_hash_matches_no_password() {
        assert!(!crate::auth::password::verify_password(
            "",
            Some(NO_PASSWORD)
        ));
        assert!(!crate::auth::password::verify_password(
            "!deleted",
            Some(NO_PASSWORD)
        ));
    }

    #[test]
    fn the_confirmation_is_the_username_in_any_case() {
        assert!(check_confirmation(" Solder_Sam ", "solder_sam").is_ok());
        assert!(check_confirmation("", "solder_sam").is_err());
        assert!(check_confirmation("solder", "solder_sam").is_err());
    }
}
