//! Accounts that can be recovered: email verification at sign-up, password
//! reset, change of password and of address. Every link mailed is single use
//! and expires; only its hash is stored. Answers never say whether an address
//! has an account: the owner is mailed instead.

use chrono::Duration;

use crate::auth::session::hash_token;
use crate::db::{write_tx, DbConn};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::i18n::{Language, Message};
use crate::mail::{self, Outgoing, Template};
use crate::model::accounts::account_tokens::{self, AccountToken, NewAccountToken};
use crate::model::accounts::sessions;
use crate::model::accounts::users::{self, NewUser, Role, User};

use crate::forum::accounts::credentials::{plausible_email, Registration};
use crate::forum::Actor;

/// What a mailed link is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    VerifyEmail,
    ResetPassword,
    ChangeEmail,
    /// "That wasn't me": mailed to the old address when the address changes.
    UndoEmailChange,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Purpose::VerifyEmail => "verify_email",
            Purpose::ResetPassword => "reset_password",
            Purpose::ChangeEmail => "change_email",
            Purpose::UndoEmailChange => "undo_email_change",
        }
    }

    /// How long the link works.
    fn lifetime(self) -> Duration {
        match self {
            Purpose::VerifyEmail | Purpose::ChangeEmail => Duration::hours(LINK_HOURS),
            Purpose::ResetPassword => Duration::hours(RESET_HOURS),
            Purpose::UndoEmailChange => Duration::days(UNDO_DAYS),
        }
    }
}

/// Confirmation links (a new account, a new address) work this long.
pub const LINK_HOURS: i64 = 48;
/// A reset link works this long; a confirmation link opened within this
/// time also signs its visitor in (no more than a reset link would give).
pub const RESET_HOURS: i64 = 1;
/// The old address can undo a change of address this long.
pub const UNDO_DAYS: i64 = 7;
/// Links of one purpose a member can have mailed in an hour.
const LINKS_PER_HOUR: i64 = 5;
/// "Someone tried to use your address" mails one account gets in a day, so
/// nobody can flood an address by typing it into forms.
const ACCOUNT_EXISTS_MAILS_PER_DAY: i64 = 3;
/// Accounts without a password prove themselves for a change of address by
/// a sign-in this recent.
pub const FRESH_SIGN_IN_MINUTES: i64 = 10;

/// Makes a link's token, retiring older unused ones of the same purpose;
/// returns the token itself (it goes into the mail and nowhere else).
fn issue(conn: &mut DbConn, user_id: i64, purpose: Purpose, email: &str) -> AppResult<String> {
    let now = crate::model::now();
    // An undo link is never replaced: a second change must not cancel the
    // first one's way back.
    if purpose != Purpose::UndoEmailChange {
        account_tokens::retire_unused(conn, user_id, purpose.as_str(), now)?;
    }
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

fn mail_verification(
    conn: &mut DbConn,
    user: &User,
    email: &str,
    asked_in: Option<Language>,
) -> AppResult<()> {
    let token = issue(conn, user.id, Purpose::VerifyEmail, email)?;
    mail::enqueue_in(
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
        asked_in,
    )?;
    Ok(())
}

/// Tells the owner of an address that someone tried to use it (sign-up, a
/// change of address), a few times a day at most. Said to the owner, never
/// to whoever typed it.
fn mail_account_exists(
    conn: &mut DbConn,
    owner: &User,
    asked_in: Option<Language>,
) -> AppResult<()> {
    let since = crate::model::now() - Duration::days(1);
    if mail::count_queued_since(conn, owner.id, Template::AccountExists, since)?
        >= ACCOUNT_EXISTS_MAILS_PER_DAY
    {
        return Ok(());
    }
    mail::enqueue_in(
        conn,
        &Outgoing {
            template: Template::AccountExists,
            to: &owner.email,
            user_id: Some(owner.id),
            payload: &serde_json::json!({ "username": owner.username }),
        },
        asked_in,
    )?;
    Ok(())
}

/// What ends with a recovery (a reset, a new password, a new address, an
/// undo): the other sessions and every API token, so a thief's copies stop
/// working. Mailed links for a password are retired too.
fn end_other_access(conn: &mut DbConn, user_id: i64, keep_session: Option<&str>) -> AppResult<()> {
    let now = crate::model::now();
    sessions::delete_for_user(conn, user_id, keep_session)?;
    crate::model::integrations::api_tokens::delete_for_user(conn, user_id)?;
    account_tokens::retire_unused(conn, user_id, Purpose::ResetPassword.as_str(), now)?;
    Ok(())
}

/// Sign-up from the web. A new address gets an unverified account and a
/// link to confirm it; an address that already has an account gets no new
/// one and its owner is mailed instead. Both answer the same ("check your
/// mail"); only a taken username is said (usernames are public anyway).
/// The mail is in the account's language, else `asked_in` (the page's).
pub fn sign_up(
    conn: &mut DbConn,
    form: &Registration,
    password_hash: &str,
    asked_in: Option<Language>,
) -> AppResult<()> {
    let username = form.username.trim();
    let email = form.email.trim().to_lowercase();
    write_tx(conn, |conn| {
        if users::username_taken(conn, username)? {
            let mut taken = FieldErrors::new();
            taken.insert(
                "username",
                "err-recovery-username-taken-choose-another".into(),
            );
            return Err(AppError::Taken(taken));
        }
        if let Some(owner) = users::find_by_email(conn, &email)? {
            mail_account_exists(conn, &owner, asked_in)?;
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
        if let Some(language) = crate::i18n::Language::from_code(&form.language) {
            users::set_language(conn, user.id, Some(language.code()))?;
        }
        mail_verification(conn, &user, &email, asked_in)
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
                "err-recovery-we-have-sent-several-links",
            ));
        }
        let email = user.email.clone();
        mail_verification(conn, &user, &email, None)?;
        Ok(Some(email))
    })
}

/// A link that is not (or no longer) good, said so the member knows what to do.
fn bad_link(message: &'static str) -> AppError {
    AppError::BadRequest(message.into())
}

/// The live token a link carries, checked for its purposes, without using it.
pub fn check_link(conn: &mut DbConn, token: &str, purposes: &[Purpose]) -> AppResult<AccountToken> {
    let found = account_tokens::find_by_hash(conn, &hash_token(token.trim()))?;
    let Some(found) = found.filter(|t| purposes.iter().any(|p| p.as_str() == t.purpose)) else {
        return Err(bad_link("err-recovery-link-not-valid-copy-whole"));
    };
    if found.used_at.is_some() {
        return Err(bad_link("err-recovery-link-has-already-been-used"));
    }
    if found.expires_at <= crate::model::now() {
        return Err(bad_link("err-recovery-link-has-expired-ask-new"));
    }
    Ok(found)
}

/// What a confirmation link did.
#[derive(Debug)]
pub enum Confirmed {
    /// The account's address is confirmed. `sign_in` when the link was
    /// opened soon after it was mailed: whoever holds it then is the person
    /// who just signed up, and it gives no more than a reset link would.
    Verified { user: User, sign_in: bool },
    /// The account now uses the new address.
    EmailChanged(User),
}

/// Uses a confirmation link: a new account's address, or a new address.
/// `current_session` (the confirming browser's) is kept when the address
/// changes; every other session and API token ends.
pub fn confirm(
    conn: &mut DbConn,
    token: &str,
    current_session: Option<&str>,
) -> AppResult<Confirmed> {
    write_tx(conn, |conn| {
        let link = check_link(conn, token, &[Purpose::VerifyEmail, Purpose::ChangeEmail])?;
        let now = crate::model::now();
        if !account_tokens::use_once(conn, link.id, now)? {
            return Err(bad_link("err-recovery-link-has-already-been-used-2"));
        }
        let user = users::find(conn, link.user_id)?;
        if user.deleted_at.is_some() {
            return Err(bad_link("err-recovery-account-no-longer-exists"));
        }
        if link.purpose == Purpose::VerifyEmail.as_str() {
            if user.email != link.email {
                return Err(bad_link("err-recovery-link-was-address-account-no"));
            }
            users::set_email_verified(conn, user.id, now)?;
            return Ok(Confirmed::Verified {
                user: users::find(conn, user.id)?,
                sign_in: now - link.created_at <= Duration::hours(RESET_HOURS),
            });
        }
        if users::find_by_email(conn, &link.email)?.is_some_and(|other| other.id != user.id) {
            return Err(AppError::Conflict(
                "err-recovery-address-now-used-another-account".into(),
            ));
        }
        users::set_email(conn, user.id, &link.email, now)?;
        let keep = current_session.map(hash_token);
        end_other_access(conn, user.id, keep.as_deref())?;
        // The old address hears of it, with a way back for some days.
        let undo = issue(conn, user.id, Purpose::UndoEmailChange, &user.email)?;
        mail::enqueue(
            conn,
            &Outgoing {
                template: Template::EmailChanged,
                to: &user.email,
                user_id: None,
                payload: &serde_json::json!({
                    "username": user.username,
                    "new_email": link.email,
                    "undo_path": format!("/account/undo-email?token={undo}"),
                    "days": UNDO_DAYS,
                }),
            },
        )?;
        Ok(Confirmed::EmailChanged(users::find(conn, user.id)?))
    })
}

/// "That wasn't me": the old address's link puts it back, with a new password
/// (hashed by the caller). Every session and API token ends, and sign-ins
/// linked since the change are removed, so whoever made the change is out.
pub fn undo_email_change(conn: &mut DbConn, token: &str, password_hash: &str) -> AppResult<User> {
    write_tx(conn, |conn| {
        let link = check_link(conn, token, &[Purpose::UndoEmailChange])?;
        let now = crate::model::now();
        if !account_tokens::use_once(conn, link.id, now)? {
            return Err(bad_link("err-recovery-link-has-already-been-used-2"));
        }
        let user = users::find(conn, link.user_id)?;
        if user.deleted_at.is_some() {
            return Err(bad_link("err-recovery-account-no-longer-exists"));
        }
        if users::find_by_email(conn, &link.email)?.is_some_and(|other| other.id != user.id) {
            return Err(AppError::Conflict(
                "err-recovery-address-now-belongs-another-account".into(),
            ));
        }
        users::set_email(conn, user.id, &link.email, now)?;
        users::set_password_hash(conn, user.id, password_hash)?;
        end_other_access(conn, user.id, None)?;
        account_tokens::retire_unused(conn, user.id, Purpose::ChangeEmail.as_str(), now)?;
        // The change was asked for at most a link's lifetime before it was
        // confirmed (when this link was made).
        let changed_from = link.created_at - Duration::hours(LINK_HOURS);
        crate::model::accounts::oidc::delete_identities_linked_since(conn, user.id, changed_from)?;
        Ok(users::find(conn, user.id)?)
    })
}

/// "Forgot your password?": mails a reset link if the address has an account.
/// The answer is the same either way, so the form tells nobody which
/// addresses have accounts; past the hourly limit nothing more is sent.
/// The mail is in the account's language, else `asked_in` (the page's).
pub fn request_password_reset(
    conn: &mut DbConn,
    email: &str,
    asked_in: Option<Language>,
) -> AppResult<()> {
    let email = email.trim().to_lowercase();
    if !plausible_email(&email) {
        return Err(AppError::invalid(
            "email",
            "err-recovery-enter-email-address-account-like",
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
        mail::enqueue_in(
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
            asked_in,
        )?;
        Ok(())
    })
}

/// Uses a reset link: the new password (hashed by the caller, off the async
/// workers) replaces the old one; every session and API token of the account
/// ends. Opening the mailed link also proves the address is the member's.
/// Linked sign-ins are removed when the member asks, and always when the
/// address was not confirmed before: they were linked by someone who had not
/// shown it was theirs.
pub fn reset_password(
    conn: &mut DbConn,
    token: &str,
    password_hash: &str,
    remove_sign_ins: bool,
) -> AppResult<User> {
    write_tx(conn, |conn| {
        let link = check_link(conn, token, &[Purpose::ResetPassword])?;
        let now = crate::model::now();
        if !account_tokens::use_once(conn, link.id, now)? {
            return Err(bad_link("err-recovery-link-has-already-been-used-2"));
        }
        let user = users::find(conn, link.user_id)?;
        if user.deleted_at.is_some() || user.email != link.email {
            return Err(bad_link("err-recovery-link-no-longer-valid-account"));
        }
        users::set_password_hash(conn, user.id, password_hash)?;
        if remove_sign_ins || user.email_verified_at.is_none() {
            crate::model::accounts::oidc::delete_identities_of(conn, user.id)?;
        }
        if user.email_verified_at.is_none() {
            users::set_email_verified(conn, user.id, now)?;
        }
        end_other_access(conn, user.id, None)?;
        Ok(users::find(conn, user.id)?)
    })
}

/// A new password from the settings page, once the member has proved it is
/// them (the current password, or for an account without one a fresh
/// sign-in); the new one is hashed by the caller. Every other session and
/// every API token ends.
pub fn change_password(
    conn: &mut DbConn,
    actor: &Actor,
    _reauthenticated: Reauthenticated,
    password_hash: &str,
    current_session_token: &str,
) -> AppResult<()> {
    write_tx(conn, |conn| {
        let user = users::find(conn, actor.id)?;
        users::set_password_hash(conn, user.id, password_hash)?;
        end_other_access(conn, user.id, Some(&hash_token(current_session_token)))?;
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

/// A new address from the settings page, once the member has proved it is
/// them (`reauthenticated`: their password, or a fresh sign-in, checked by
/// the caller). Nothing changes until the link mailed to the new address is
/// opened; the old one is told when it is. Every request counts towards the
/// hourly limit and is answered alike, whether or not the address has an
/// account, so the answer tells nothing.
pub fn request_email_change(
    conn: &mut DbConn,
    actor: &Actor,
    _reauthenticated: Reauthenticated,
    new_email: &str,
) -> AppResult<String> {
    let email = new_email.trim().to_lowercase();
    if !plausible_email(&email) {
        return Err(AppError::invalid(
            "email",
            "err-recovery-enter-valid-email-address-like",
        ));
    }
    write_tx(conn, |conn| {
        let user = users::find(conn, actor.id)?;
        if user.email == email {
            return Err(AppError::invalid("email", "err-recovery-already-address"));
        }
        let now = crate::model::now();
        let purpose = Purpose::ChangeEmail.as_str();
        if account_tokens::count_requests_since(conn, user.id, purpose, now - Duration::hours(1))?
            >= LINKS_PER_HOUR
        {
            return Err(AppError::invalid_limited(
                "email",
                "err-recovery-have-asked-several-changes-address",
            ));
        }
        account_tokens::record_request(conn, user.id, purpose, now)?;
        if let Some(owner) = users::find_by_email(conn, &email)? {
            mail_account_exists(conn, &owner, None)?;
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

/// Proof that the member behind a session has just shown it is them: made
/// only by [`reauthenticate`].
#[derive(Debug)]
pub struct Reauthenticated(());

/// Whether the account has a password of its own (accounts made through
/// single sign-on, imported ones and former members have none).
pub fn has_password(user: &User) -> bool {
    !user.password_hash.starts_with('!')
}

/// A stolen session alone must not take an account: before the address
/// changes, the member gives their current password, or, for an account
/// without one, has signed in within the last few minutes. Runs argon2:
/// call it off the async workers and outside any transaction.
pub fn reauthenticate(
    user: &User,
    given_password: &str,
    session_started_at: chrono::NaiveDateTime,
) -> AppResult<Reauthenticated> {
    if !has_password(user) {
        let fresh =
            crate::model::now() - session_started_at <= Duration::minutes(FRESH_SIGN_IN_MINUTES);
        return if fresh {
            Ok(Reauthenticated(()))
        } else {
            Err(AppError::invalid(
                "current_password",
                Message::new("err-recovery-account-has-no-password-so")
                    .with("fresh_sign_in_minutes", FRESH_SIGN_IN_MINUTES),
            ))
        };
    }
    if given_password.len() > crate::auth::password::MAX_PASSWORD_BYTES
        || !crate::auth::password::verify_password(given_password, Some(&user.password_hash))
    {
        return Err(AppError::invalid(
            "current_password",
            "err-recovery-not-current-password",
        ));
    }
    Ok(Reauthenticated(()))
}
