//! Accounts that can be recovered: email verification at sign-up, password
//! reset, change of password and of address. Every link mailed is single use
//! and expires; only its hash is stored. Answers never say whether an address
//! has an account: the owner is mailed instead.

use chrono::Duration;

use crate::auth::session::hash_token;
use crate::db::{write_tx, DbConn};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::mail::{self, Outgoing, Template};
use crate::model::account_tokens::{self, AccountToken, NewAccountToken};
use crate::model::sessions;
use crate::model::users::{self, NewUser, Role, User};

use super::accounts::{plausible_email, Registration};
use super::Actor;

/// What a mailed link is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    VerifyEmail,
    ResetPassword,
    ChangeEmail,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Purpose::VerifyEmail => "verify_email",
            Purpose::ResetPassword => "reset_password",
            Purpose::ChangeEmail => "change_email",
        }
    }

    /// How long the link works.
    fn lifetime(self) -> Duration {
        match self {
            Purpose::VerifyEmail | Purpose::ChangeEmail => Duration::hours(LINK_HOURS),
            Purpose::ResetPassword => Duration::hours(1),
        }
    }
}

/// Confirmation links (a new account, a new address) work this long.
pub const LINK_HOURS: i64 = 48;
/// Links of one purpose a member can have mailed in an hour.
const LINKS_PER_HOUR: i64 = 5;

/// Makes a link's token, retiring older unused ones of the same purpose;
/// returns the token itself (it goes into the mail and nowhere else).
fn issue(conn: &mut DbConn, user_id: i64, purpose: Purpose, email: &str) -> AppResult<String> {
    let now = crate::model::now();
    account_tokens::retire_unused(conn, user_id, purpose.as_str(), now)?;
    let token = crate::auth::random_token();
    account_tokens::insert(
        conn,
        &NewAccountToken {
            user_id,
            purpose: purpose.as_str(),
            token_hash: &hash_token(&token),
            email,
            created_at: now,
            expires_at: now + purpose.lifetime(),
        },
    )?;
    Ok(token)
}

fn too_many_links(conn: &mut DbConn, user_id: i64, purpose: Purpose) -> AppResult<bool> {
    let since = crate::model::now() - Duration::hours(1);
    Ok(account_tokens::count_since(conn, user_id, purpose.as_str(), since)? >= LINKS_PER_HOUR)
}

fn mail_verification(conn: &mut DbConn, user: &User, email: &str) -> AppResult<()> {
    let token = issue(conn, user.id, Purpose::VerifyEmail, email)?;
    mail::enqueue(
        conn,
        &Outgoing {
            template: Template::VerifyEmail,
            to: email,
            user_id: Some(user.id),
            payload: &serde_json::json!({
                "username": user.username,
                "path": format!("/account/confirm?token={token}"),
                "hours": LINK_HOURS,
            }),
        },
    )?;
    Ok(())
}

/// Sign-up from the web. A new address gets an unverified account and a
/// link to confirm it; an address that already has an account gets no new
/// one and its owner is mailed instead. Both answer the same ("check your
/// mail"); only a taken username is said (usernames are public anyway).
pub fn sign_up(conn: &mut DbConn, form: &Registration, password_hash: &str) -> AppResult<()> {
    let username = form.username.trim();
    let email = form.email.trim().to_lowercase();
    write_tx(conn, |conn| {
        if users::username_taken(conn, username)? {
            let mut taken = FieldErrors::new();
            taken.insert("username", "That username is taken; choose another.".into());
            return Err(AppError::Taken(taken));
        }
        if let Some(owner) = users::find_by_email(conn, &email)? {
            mail::enqueue(
                conn,
                &Outgoing {
                    template: Template::AccountExists,
                    to: &owner.email,
                    user_id: Some(owner.id),
                    payload: &serde_json::json!({ "username": owner.username }),
                },
            )?;
            return Ok(());
        }
        let user = users::insert(
            conn,
            &NewUser {
                username,
                username_key: &users::username_key(username),
                email: &email,
                password_hash,
                role: Role::Member.as_str(),
                bio: "",
                created_at: crate::model::now(),
                email_verified_at: None,
            },
        )?;
        mail_verification(conn, &user, &email)
    })
}

/// Mails the confirmation link again (a few times an hour at most); the
/// address it went to, or None when the address is confirmed already.
pub fn resend_verification(conn: &mut DbConn, actor: &Actor) -> AppResult<Option<String>> {
    write_tx(conn, |conn| {
        let user = users::find(conn, actor.id)?;
        if user.email_verified_at.is_some() {
            return Ok(None);
        }
        if too_many_links(conn, user.id, Purpose::VerifyEmail)? {
            return Err(AppError::invalid_limited(
                "form",
                "We have sent several links in the last hour; please look for them (and in your spam folder) or try again later.",
            ));
        }
        let email = user.email.clone();
        mail_verification(conn, &user, &email)?;
        Ok(Some(email))
    })
}

/// A link that is not (or no longer) good, said so the member knows what to do.
fn bad_link(message: &str) -> AppError {
    AppError::BadRequest(message.to_owned())
}

/// The live token a link carries, checked for its purposes, without using it.
pub fn check_link(conn: &mut DbConn, token: &str, purposes: &[Purpose]) -> AppResult<AccountToken> {
    let found = account_tokens::find_by_hash(conn, &hash_token(token.trim()))?;
    let Some(found) = found.filter(|t| purposes.iter().any(|p| p.as_str() == t.purpose)) else {
        return Err(bad_link(
            "This link is not valid. Copy the whole address from the mail, or ask for a new link.",
        ));
    };
    if found.used_at.is_some() {
        return Err(bad_link(
            "This link has already been used (or a newer one replaced it). Ask for a new link if you still need one.",
        ));
    }
    if found.expires_at <= crate::model::now() {
        return Err(bad_link("This link has expired. Ask for a new one."));
    }
    Ok(found)
}

/// What a confirmation link did.
#[derive(Debug)]
pub enum Confirmed {
    /// The account's address is confirmed.
    Verified(User),
    /// The account now uses the new address.
    EmailChanged(User),
}

/// Uses a confirmation link: a new account's address, or a new address.
pub fn confirm(conn: &mut DbConn, token: &str) -> AppResult<Confirmed> {
    write_tx(conn, |conn| {
        let link = check_link(conn, token, &[Purpose::VerifyEmail, Purpose::ChangeEmail])?;
        let now = crate::model::now();
        if !account_tokens::use_once(conn, link.id, now)? {
            return Err(bad_link("This link has already been used."));
        }
        let user = users::find(conn, link.user_id)?;
        if user.deleted_at.is_some() {
            return Err(bad_link("This account no longer exists."));
        }
        if link.purpose == Purpose::VerifyEmail.as_str() {
            if user.email != link.email {
                return Err(bad_link(
                    "This link was for an address the account no longer uses.",
                ));
            }
            users::set_email_verified(conn, user.id, now)?;
            return Ok(Confirmed::Verified(users::find(conn, user.id)?));
        }
        if users::find_by_email(conn, &link.email)?.is_some_and(|other| other.id != user.id) {
            return Err(AppError::Conflict(
                "That address is now used by another account, so it cannot be moved to yours."
                    .into(),
            ));
        }
        users::set_email(conn, user.id, &link.email, now)?;
        account_tokens::retire_unused(conn, user.id, Purpose::ResetPassword.as_str(), now)?;
        mail::enqueue(
            conn,
            &Outgoing {
                template: Template::EmailChanged,
                to: &user.email,
                user_id: None,
                payload: &serde_json::json!({
                    "username": user.username,
                    "new_email": link.email,
                }),
            },
        )?;
        Ok(Confirmed::EmailChanged(users::find(conn, user.id)?))
    })
}

/// "Forgot your password?": mails a reset link if the address has an account.
/// The answer is the same either way, so the form tells nobody which
/// addresses have accounts; past the hourly limit nothing more is sent.
pub fn request_password_reset(conn: &mut DbConn, email: &str) -> AppResult<()> {
    let email = email.trim().to_lowercase();
    if !plausible_email(&email) {
        return Err(AppError::invalid(
            "email",
            "Enter the email address of your account, like name@example.com.",
        ));
    }
    write_tx(conn, |conn| {
        let Some(user) = users::find_by_email(conn, &email)? else {
            return Ok(());
        };
        if user.deleted_at.is_some() || too_many_links(conn, user.id, Purpose::ResetPassword)? {
            return Ok(());
        }
        let token = issue(conn, user.id, Purpose::ResetPassword, &user.email)?;
        mail::enqueue(
            conn,
            &Outgoing {
                template: Template::ResetPassword,
                to: &user.email,
                user_id: Some(user.id),
                payload: &serde_json::json!({
                    "username": user.username,
                    "path": format!("/password/reset?token={token}"),
                }),
            },
        )?;
        Ok(())
    })
}

/// Uses a reset link: the new password (hashed by the caller, off the async
/// workers) replaces the old one and every session of the account ends.
/// Opening the mailed link also proves the address is the member's.
pub fn reset_password(conn: &mut DbConn, token: &str, password_hash: &str) -> AppResult<User> {
    write_tx(conn, |conn| {
        let link = check_link(conn, token, &[Purpose::ResetPassword])?;
        let now = crate::model::now();
        if !account_tokens::use_once(conn, link.id, now)? {
            return Err(bad_link("This link has already been used."));
        }
        let user = users::find(conn, link.user_id)?;
        if user.deleted_at.is_some() || user.email != link.email {
            return Err(bad_link(
                "This link is no longer valid for this account. Ask for a new one.",
            ));
        }
        users::set_password_hash(conn, user.id, password_hash)?;
        if user.email_verified_at.is_none() {
            users::set_email_verified(conn, user.id, now)?;
        }
        sessions::delete_for_user(conn, user.id, None)?;
        Ok(users::find(conn, user.id)?)
    })
}

/// A new password from the settings page. The current password has been
/// checked and the new one hashed by the caller; every other session ends.
pub fn change_password(
    conn: &mut DbConn,
    actor: &Actor,
    password_hash: &str,
    current_session_token: &str,
) -> AppResult<()> {
    write_tx(conn, |conn| {
        let user = users::find(conn, actor.id)?;
        users::set_password_hash(conn, user.id, password_hash)?;
        sessions::delete_for_user(conn, user.id, Some(&hash_token(current_session_token)))?;
        account_tokens::retire_unused(
            conn,
            user.id,
            Purpose::ResetPassword.as_str(),
            crate::model::now(),
        )?;
        mail::enqueue(
            conn,
            &Outgoing {
                template: Template::PasswordChanged,
                to: &user.email,
                user_id: Some(user.id),
                payload: &serde_json::json!({ "username": user.username }),
            },
        )?;
        Ok(())
    })
}

/// A new address from the settings page: nothing changes until the link
/// mailed to the new address is opened; the old one is told when it is.
pub fn request_email_change(
    conn: &mut DbConn,
    actor: &Actor,
    new_email: &str,
) -> AppResult<String> {
    let email = new_email.trim().to_lowercase();
    if !plausible_email(&email) {
        return Err(AppError::invalid(
            "email",
            "Enter a valid email address, like name@example.com.",
        ));
    }
    write_tx(conn, |conn| {
        let user = users::find(conn, actor.id)?;
        if user.email == email {
            return Err(AppError::invalid("email", "That is already your address."));
        }
        if too_many_links(conn, user.id, Purpose::ChangeEmail)? {
            return Err(AppError::invalid_limited(
                "email",
                "We have sent several links in the last hour; please use one of them or try again later.",
            ));
        }
        if let Some(owner) = users::find_by_email(conn, &email)? {
            // Said to the owner of that address, not to whoever typed it.
            mail::enqueue(
                conn,
                &Outgoing {
                    template: Template::AccountExists,
                    to: &owner.email,
                    user_id: Some(owner.id),
                    payload: &serde_json::json!({ "username": owner.username }),
                },
            )?;
            return Ok(email);
        }
        let token = issue(conn, user.id, Purpose::ChangeEmail, &email)?;
        mail::enqueue(
            conn,
            &Outgoing {
                template: Template::ConfirmNewEmail,
                to: &email,
                user_id: None,
                payload: &serde_json::json!({
                    "username": user.username,
                    "new_email": email,
                    "path": format!("/account/confirm?token={token}"),
                    "hours": LINK_HOURS,
                }),
            },
        )?;
        Ok(email)
    })
}
