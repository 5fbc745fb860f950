//! Single sign-on rules: a login's secrets kept until the provider answers
//! (used once, in the browser that started it), and what a verified
//! identity becomes: its linked account; a new account; or, for an existing
//! account with the same verified email, a link made only once the member
//! gives that account's password. The optional staff claim is applied at
//! every login and audited like an admin's role change.

use chrono::Duration;

use crate::auth::oidc::{Authorization, Identity};
use crate::auth::session::hash_token;
use crate::db::{write_tx, DbConn};
use crate::error::{AppError, AppResult};
use crate::i18n::Message;
use crate::model::accounts::oidc::{self, NewIdentity, PendingLogin, PendingSignup};
use crate::model::accounts::users::{self, Role, User};

use crate::forum::staff::moderation::audit;
use crate::forum::Checks;

/// Minutes a member has to log in at the provider and come back.
const LOGIN_MINUTES: i64 = 10;
/// Minutes a member has to choose a username or give their password.
const SIGNUP_MINUTES: i64 = 30;
/// With a staff claim, staff sessions last this long: then the provider is
/// asked again, so someone taken out of the staff group loses the powers
/// within a day.
pub const STAFF_CLAIM_RECHECK_HOURS: i64 = 24;
/// The password of an account made through single sign-on: no password
/// hashes to it, so it logs in through the provider (or after a reset).
const NO_PASSWORD: &str = "!sso";

/// Keeps a login's state (hashed), nonce and PKCE verifier until the
/// provider sends the browser back; the browser is known by the hash of
/// a random cookie only it holds.
pub fn begin(
    conn: &mut DbConn,
    authorization: &Authorization,
    browser_token: &str,
    next: &str,
) -> AppResult<()> {
    let now = crate::model::now();
    write_tx(conn, |conn| {
        oidc::delete_logins_expired(conn, now)?;
        oidc::delete_signups_expired(conn, now)?;
        oidc::insert_login(
            conn,
            &PendingLogin {
                state_hash: hash_token(&authorization.state),
                browser_hash: hash_token(browser_token),
                nonce: authorization.nonce.clone(),
                pkce_verifier: authorization.pkce_verifier.clone(),
                next_path: next.to_owned(),
                expires_at: now + Duration::minutes(LOGIN_MINUTES),
            },
        )?;
        Ok(())
    })
}

fn stale_login() -> AppError {
    AppError::BadRequest("err-sso-sign-not-valid-any-more".into())
}

/// The login a callback's state belongs to. Taken at once whatever follows,
/// so a state works only once; refused when unknown, expired, or started in
/// another browser (the cookie's hash differs).
pub fn take(
    conn: &mut DbConn,
    state: &str,
    browser_token: Option<&str>,
) -> AppResult<PendingLogin> {
    let taken: AppResult<_> =
        write_tx(conn, |conn| Ok(oidc::take_login(conn, &hash_token(state))?));
    let login = taken?.ok_or_else(stale_login)?;
    let same_browser = browser_token.is_some_and(|token| {
        crate::auth::csrf::tokens_match(&login.browser_hash, &hash_token(token))
    });
    if !same_browser || login.expires_at < crate::model::now() {
        return Err(stale_login());
    }
    Ok(login)
}

/// What a verified identity led to.
pub enum Outcome {
    /// The member's account (its id): start their session.
    LoggedIn(i64),
    /// The member must choose a username, or give the password of the
    /// account with their email: the token (for a cookie) of what is kept.
    Choose { token: String },
}

fn usable_username(name: &str) -> bool {
    let mut checks = Checks::default();
    crate::forum::accounts::credentials::validate_username(&mut checks, name);
    checks.finish().is_ok()
}

/// The identity's linked account, a new account, or the member's choice to
/// make. One write transaction; no network or hashing inside it.
pub fn complete(conn: &mut DbConn, identity: &Identity, next: &str) -> AppResult<Outcome> {
    write_tx(conn, |conn| {
        let now = crate::model::now();
        if let Some(user_id) = oidc::identity_user(conn, &identity.issuer, &identity.subject)? {
            let user = live(conn, user_id)?;
            oidc::touch_identity(conn, &identity.issuer, &identity.subject, now)?;
            let user = apply_staff_claim(conn, user, identity.staff)?;
            return Ok(Outcome::LoggedIn(user.id));
        }
        let email = identity
            .email
            .clone()
            .filter(|e| crate::forum::accounts::credentials::plausible_email(e))
            .ok_or_else(|| AppError::forbidden("err-sso-provider-did-not-share-valid"))?;
        if !identity.email_verified {
            return Err(unverified_email(&email));
        }
        let existing = users::find_by_email(conn, &email)?.filter(|u| u.deleted_at.is_none());
        let link_user_id = match existing {
            Some(user) if user.email_verified_at.is_some() => Some(user.id),
            Some(_) => {
                return Err(AppError::Conflict(
                    Message::new("err-sso-account-with-email-email-already").with("email", email),
                ))
            }
            None => None,
        };
        let claimed = identity.preferred_username.clone().unwrap_or_default();
        if link_user_id.is_none()
            && usable_username(&claimed)
            && !users::username_taken(conn, &claimed)?
        {
            let user = create(conn, identity, &email, claimed.trim())?;
            return Ok(Outcome::LoggedIn(user.id));
        }
        let token = crate::auth::random_token();
        oidc::insert_signup(
            conn,
            &PendingSignup {
                token_hash: hash_token(&token),
                issuer: identity.issuer.clone(),
                subject: identity.subject.clone(),
                email,
                email_verified: identity.email_verified,
                username_claim: claimed,
                staff_claim: identity.staff.unwrap_or(false),
                link_user_id,
                next_path: next.to_owned(),
                expires_at: now + Duration::minutes(SIGNUP_MINUTES),
            },
        )?;
        Ok(Outcome::Choose { token })
    })
}

/// A live account by id: a member who left cannot come back through the provider.
fn live(conn: &mut DbConn, user_id: i64) -> AppResult<User> {
    let user = users::find(conn, user_id)?;
    if user.deleted_at.is_some() {
        return Err(AppError::forbidden("err-sso-account-was-deleted"));
    }
    Ok(user)
}

/// An address the provider has not verified is never given to an account:
/// anyone can type someone else's address into a provider's profile.
fn unverified_email(email: &str) -> AppError {
    AppError::forbidden(
        Message::new("err-sso-sign-provider-has-not-confirmed").with("email", email),
    )
}

/// Inside the transaction: the account, its link, and the staff claim.
fn create(conn: &mut DbConn, identity: &Identity, email: &str, username: &str) -> AppResult<User> {
    if !identity.email_verified {
        return Err(unverified_email(email));
    }
    let now = crate::model::now();
    let user = crate::forum::accounts::credentials::insert_account(
        conn,
        username,
        email,
        NO_PASSWORD,
        Role::Member,
        now,
        Some(now),
    )?;
    link(conn, &identity.issuer, &identity.subject, user.id)?;
    apply_staff_claim(conn, user, identity.staff)
}

fn link(conn: &mut DbConn, issuer: &str, subject: &str, user_id: i64) -> AppResult<()> {
    let now = crate::model::now();
    oidc::insert_identity(
        conn,
        &NewIdentity {
            issuer,
            subject,
            user_id,
            created_at: now,
            last_login_at: now,
        },
    )?;
    Ok(())
}

/// The staff claim decides between member and staff (never touching admins);
/// a change is written to the audit log as the provider's.
fn apply_staff_claim(conn: &mut DbConn, user: User, staff: Option<bool>) -> AppResult<User> {
    let Some(staff) = staff else {
        return Ok(user);
    };
    let from = Role::parse(&user.role).unwrap_or(Role::Member);
    let to = match (from, staff) {
        (Role::Member, true) => Role::Staff,
        (Role::Staff, false) => Role::Member,
        _ => return Ok(user),
    };
    users::set_role(conn, user.id, to.as_str())?;
    audit(
        conn,
        None,
        "change_role",
        Some(user.id),
        None,
        None,
        &format!(
            "{} → {} (single sign-on staff claim)",
            from.as_str(),
            to.as_str()
        ),
    )?;
    Ok(users::find(conn, user.id)?)
}

fn stale_signup() -> AppError {
    AppError::BadRequest("err-sso-sign-has-expired-was-finished".into())
}

/// What a member is finishing, while it is still valid.
pub fn pending(conn: &mut DbConn, token: &str) -> AppResult<PendingSignup> {
    oidc::find_signup(conn, &hash_token(token), crate::model::now())?.ok_or_else(stale_signup)
}

/// The identity as it was verified, from what was kept.
fn kept_identity(signup: &PendingSignup) -> Identity {
    Identity {
        issuer: signup.issuer.clone(),
        subject: signup.subject.clone(),
        email: Some(signup.email.clone()),
        email_verified: signup.email_verified,
        preferred_username: Some(signup.username_claim.clone()),
        staff: Some(signup.staff_claim),
    }
}

/// The member chose a username: the account is made and linked.
pub fn create_with_username(
    conn: &mut DbConn,
    token: &str,
    username: &str,
    staff_claim_configured: bool,
) -> AppResult<(User, String)> {
    let mut checks = Checks::default();
    crate::forum::accounts::credentials::validate_username(&mut checks, username);
    checks.finish()?;
    write_tx(conn, |conn| {
        let signup = pending(conn, token)?;
        if signup.link_user_id.is_some() {
            return Err(stale_signup());
        }
        // A taken username is refused by `create` (accounts::insert_account).
        if users::email_taken(conn, &signup.email)? {
            return Err(AppError::Conflict(
                Message::new("err-sso-account-with-email-email-was").with("email", signup.email),
            ));
        }
        let mut identity = kept_identity(&signup);
        if !staff_claim_configured {
            identity.staff = None;
        }
        let user = create(conn, &identity, &signup.email, username.trim())?;
        oidc::delete_signup(conn, &signup.token_hash)?;
        Ok((user, signup.next_path))
    })
}

/// The member gave the right password of the account with their verified
/// email (checked by the caller, outside this transaction): the link is made.
pub fn link_confirmed(
    conn: &mut DbConn,
    token: &str,
    staff_claim_configured: bool,
) -> AppResult<(User, String)> {
    write_tx(conn, |conn| {
        let signup = pending(conn, token)?;
        let user_id = signup.link_user_id.ok_or_else(stale_signup)?;
        let user = live(conn, user_id)?;
        if oidc::identity_user(conn, &signup.issuer, &signup.subject)?.is_some() {
            return Err(AppError::Conflict(
                "err-sso-sign-was-linked-account-meanwhile".into(),
            ));
        }
        link(conn, &signup.issuer, &signup.subject, user.id)?;
        oidc::delete_signup(conn, &signup.token_hash)?;
        let staff = staff_claim_configured.then_some(signup.staff_claim);
        Ok((apply_staff_claim(conn, user, staff)?, signup.next_path))
    })
}

/// Removes one of the member's linked sign-ins (settings), unless it is
/// their last way in: an account without a password (or on a forum where
/// passwords are switched off) keeps its last sign-in.
pub fn remove_sign_in(
    conn: &mut DbConn,
    actor: &crate::forum::Actor,
    identity_id: i64,
    password_login: bool,
) -> AppResult<()> {
    write_tx(conn, |conn| {
        let user = live(conn, actor.id)?;
        let linked = oidc::identities_of(conn, user.id)?;
        if !linked.iter().any(|l| l.id == identity_id) {
            return Err(AppError::NotFound("sign-in"));
        }
        let can_use_password =
            password_login && crate::forum::accounts::recovery::has_password(&user);
        if linked.len() == 1 && !can_use_password {
            return Err(AppError::invalid(
                "sign_ins",
                if password_login {
                    "err-sso-only-way-log-choose-password"
                } else {
                    "err-sso-only-way-log-forum-so"
                },
            ));
        }
        oidc::delete_identity_of(conn, user.id, identity_id)?;
        Ok(())
    })
}

/// With a staff claim the provider alone says who is staff: a staff account
/// opens no session with its password (nor through a mailed link), so
/// leaving the provider's group always ends the powers. Admins are not
/// managed by the claim and keep their password.
pub fn ensure_password_session(
    user: &User,
    staff_claim_active: bool,
    provider: &str,
) -> AppResult<()> {
    if staff_claim_active && user.role == Role::Staff.as_str() {
        return Err(AppError::forbidden(
            Message::new("err-sso-staff-log-with-provider-forum").with("provider", provider),
        ));
    }
    Ok(())
}
