//! Accounts: registration rules, logging in.

use chrono::Duration;

use crate::db::{write_tx, DbConn};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::forum::Policy;
use crate::i18n::Message;
use crate::model::accounts::sessions;
use crate::model::accounts::users::{self, NewUser, Role, User};

use crate::auth::password::{MAX_PASSWORD_BYTES, MIN_PASSWORD_CHARS};
use crate::forum::{chars, Checks};

pub const USERNAME_CHARS: std::ops::RangeInclusive<usize> = 3..=30;

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
pub struct Registration {
    #[serde(default)]
    pub username: String,
    #[serde(default)]
    pub email: String,
    #[serde(default, skip_serializing)]
    pub password: String,
    #[serde(default, skip_serializing)]
    pub password_confirm: String,
    /// The language chosen on the form (a code; empty or unknown: none).
    #[serde(default)]
    pub language: String,
}

/// Checks the form alone (no database): shapes and lengths.
pub fn validate_registration(form: &Registration) -> AppResult<()> {
    let mut checks = Checks::default();
    check_identity(&mut checks, &form.username, &form.email);
    validate_new_password(&mut checks, &form.password, &form.password_confirm);
    checks.finish()
}

/// The username and email rules every new account meets (sign-up, the CLI,
/// an import).
pub fn check_identity(checks: &mut Checks, username: &str, email: &str) {
    validate_username(checks, username);
    let email = email.trim();
    if !plausible_email(email) {
        checks.add("email", "err-credentials-enter-valid-email-address-like");
    }
}

/// The rules for a new username (sign-up, single sign-on's choice, an import).
pub fn validate_username(checks: &mut Checks, username: &str) {
    let username = username.trim();
    if !USERNAME_CHARS.contains(&chars(username)) {
        checks.add(
            "username",
            "err-credentials-choose-username-3-30-characters",
        );
    } else if username
        .to_lowercase()
        .starts_with(crate::forum::accounts::leaving::FORMER_MEMBER_PREFIX)
    {
        checks.add(
            "username",
            "err-credentials-names-starting-with-former-member",
        );
    } else if !username
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        checks.add(
            "username",
            "err-credentials-usernames-use-letters-digits-only",
        );
    }
}

pub fn validate_new_password(checks: &mut Checks, password: &str, confirm: &str) {
    if chars(password) < MIN_PASSWORD_CHARS {
        checks.add(
            "password",
            Message::new("err-credentials-use-password-at-least-min")
                .with("min_password_chars", MIN_PASSWORD_CHARS),
        );
    } else if password.len() > MAX_PASSWORD_BYTES {
        checks.add("password", "err-credentials-password-too-long");
    } else if password != confirm {
        checks.add(
            "password_confirm",
            "err-credentials-two-passwords-do-not-match",
        );
    }
}

pub fn plausible_email(email: &str) -> bool {
    let Some((local, domain)) = email.rsplit_once('@') else {
        return false;
    };
    email.len() <= 254
        && !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// Creates a verified account (the CLI and the demo; the web signs up
/// through `recovery::sign_up`). The form must have passed `validate_registration`, and
/// the password been hashed (off the async workers) by the caller.
pub fn register(
    conn: &mut DbConn,
    form: &Registration,
    password_hash: &str,
    role: Role,
) -> AppResult<User> {
    let now = crate::model::now();
    write_tx(conn, |conn| {
        insert_account(
            conn,
            &form.username,
            &form.email,
            password_hash,
            role,
            now,
            // An operator (CLI, demo) vouches for the address.
            Some(now),
        )
    })
}

/// A new account with a name and address nobody has, in the caller's write
/// transaction (`register`, and an import with the original dates).
pub(crate) fn insert_account(
    conn: &mut DbConn,
    username: &str,
    email: &str,
    password_hash: &str,
    role: Role,
    created_at: chrono::NaiveDateTime,
    email_verified_at: Option<chrono::NaiveDateTime>,
) -> AppResult<User> {
    let username = username.trim();
    let email = email.trim().to_lowercase();
    let mut taken = FieldErrors::new();
    if users::username_taken(conn, username)? {
        taken.insert(
            "username",
            "err-credentials-username-taken-choose-another".into(),
        );
    }
    if users::email_taken(conn, &email)? {
        taken.insert(
            "email",
            "err-credentials-account-with-email-already-exists".into(),
        );
    }
    if !taken.is_empty() {
        return Err(AppError::Taken(taken));
    }
    Ok(users::insert(
        conn,
        &NewUser {
            username,
            username_key: &users::username_key(username),
            email: &email,
            password_hash,
            role: role.as_str(),
            bio: "",
            created_at,
            email_verified_at,
        },
    )?)
}

/// The account a login name (username or email) refers to, if any.
pub fn find_for_login(conn: &mut DbConn, login: &str) -> AppResult<Option<User>> {
    let login = login.trim();
    Ok(if login.contains('@') {
        users::find_by_email(conn, login)?
    } else {
        users::find_by_username(conn, login)?
    })
}

pub fn set_role(conn: &mut DbConn, username: &str, role: Role) -> AppResult<User> {
    write_tx(conn, |conn| {
        let user = users::find_by_username(conn, username)?.ok_or(AppError::NotFound("user"))?;
        users::set_role(conn, user.id, role.as_str())?;
        Ok(users::find(conn, user.id)?)
    })
}

/// A login attempt the throttle let through: the account its name refers to
/// (if any), and the rows counting it as a failure until it succeeds.
#[derive(Debug)]
pub struct LoginAttempt {
    pub user: Option<User>,
    counted: Vec<i64>,
}

/// The account part of a login's buckets. An account is one bucket however
/// it is named (username or email, any case). A name without an account
/// gets its own, so the answers are the same either way; it is hashed, as
/// people type passwords into the name field too.
fn account_key(login: &str, user: Option<&User>) -> String {
    match user {
        Some(user) => format!("user:{}", user.id),
        None => {
            use sha2::Digest;
            let name = login.trim().to_lowercase();
            format!("name:{}", hex::encode(sha2::Sha256::digest(name)))
        }
    }
}

fn too_many_logins(policy: &Policy) -> AppError {
    let mut errors = FieldErrors::new();
    errors.insert(
        "form",
        Message::new("err-credentials-too-many-failed-logins-please")
            .with("login_window_minutes", policy.login_window_minutes),
    );
    AppError::Limited(errors)
}

/// Starts a login: refuses it (429) while its account from this address,
/// its account from everywhere, or this address has failed too often in the
/// window; otherwise counts it as a failure at once, before the password is
/// checked, so concurrent guesses cannot all slip under the limit.
/// `login_succeeded` takes the count back. `address` is the client's
/// throttling key (`web::client::address`).
pub fn begin_login(
    conn: &mut DbConn,
    policy: &Policy,
    login: &str,
    address: &str,
) -> AppResult<LoginAttempt> {
    let now = crate::model::now();
    let since = now - Duration::minutes(policy.login_window_minutes);
    write_tx(conn, |conn| {
        sessions::lock_login_attempts(conn)?;
        let user = find_for_login(conn, login)?;
        let account = account_key(login, user.as_ref());
        let buckets = [
            (
                format!("pair:{account}|{address}"),
                policy.login_failures_per_account_and_address,
            ),
            (
                format!("account:{account}"),
                policy.login_failures_per_account,
            ),
            (
                format!("address:{address}"),
                policy.login_failures_per_address,
            ),
        ];
        for (bucket, limit) in &buckets {
            if sessions::count_login_attempts(conn, bucket, since)? >= *limit {
                return Err(too_many_logins(policy));
            }
        }
        sessions::delete_login_attempts_before(conn, since)?;
        let mut counted = Vec::with_capacity(buckets.len());
        for (bucket, _) in &buckets {
            counted.push(sessions::insert_login_attempt(conn, bucket, now)?);
        }
        Ok(LoginAttempt { user, counted })
    })
}

/// The password was right: the attempt no longer counts as a failure.
pub fn login_succeeded(conn: &mut DbConn, attempt: &LoginAttempt) -> AppResult<()> {
    sessions::delete_login_attempts(conn, &attempt.counted)?;
    Ok(())
}

fn too_many_signups(policy: &Policy) -> AppError {
    let mut errors = FieldErrors::new();
    errors.insert(
        "form",
        Message::new("err-credentials-only-signups-per-address-per").with(
            "signups_per_address_per_hour",
            policy.signups_per_address_per_hour,
        ),
    );
    AppError::Limited(errors)
}

/// Counts a sign-up attempt from `address` (the client's throttling key), or
/// refuses it (429, nothing written) when that address made enough in the
/// last hour. Every attempt counts, taken names included: that also slows
/// finding out which names and emails have accounts.
pub fn begin_signup(conn: &mut DbConn, policy: &Policy, address: &str) -> AppResult<()> {
    let now = crate::model::now();
    let since = now - Duration::hours(1);
    write_tx(conn, |conn| {
        sessions::lock_signup_attempts(conn)?;
        if sessions::count_signup_attempts(conn, address, since)?
            >= policy.signups_per_address_per_hour
        {
            return Err(too_many_signups(policy));
        }
        sessions::delete_signup_attempts_before(conn, since)?;
        sessions::insert_signup_attempt(conn, address, now)?;
        Ok(())
    })
}
