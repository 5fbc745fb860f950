//! Accounts: registration rules, logging in.

use chrono::Duration;

use crate::db::{write_tx, DbConn};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::forum::Policy;
use crate::model::sessions;
use crate::model::users::{self, NewUser, Role, User};

use super::{chars, Checks};
use crate::auth::password::{MAX_PASSWORD_BYTES, MIN_PASSWORD_CHARS};

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
}

/// Checks the form alone (no database): shapes and lengths.
pub fn validate_registration(form: &Registration) -> AppResult<()> {
    let mut checks = Checks::default();
    let username = form.username.trim();
    if !USERNAME_CHARS.contains(&chars(username)) {
        checks.add("username", "Choose a username of 3 to 30 characters.");
    } else if !username
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        checks.add(
            "username",
            "Usernames use letters, digits, '_' and '-' only.",
        );
    }
    let email = form.email.trim();
    if !plausible_email(email) {
        checks.add(
            "email",
            "Enter a valid email address, like name@example.com.",
        );
    }
    validate_new_password(&mut checks, &form.password, &form.password_confirm);
    checks.finish()
}

pub fn validate_new_password(checks: &mut Checks, password: &str, confirm: &str) {
    if chars(password) < MIN_PASSWORD_CHARS {
        checks.add(
            "password",
            format!("Use a password of at least {MIN_PASSWORD_CHARS} characters."),
        );
    } else if password.len() > MAX_PASSWORD_BYTES {
        checks.add("password", "That password is too long.");
    } else if password != confirm {
        checks.add("password_confirm", "The two passwords do not match.");
    }
}

fn plausible_email(email: &str) -> bool {
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

/// Creates the account. The form must have passed `validate_registration`, and
/// the password been hashed (off the async workers) by the caller.
pub fn register(
    conn: &mut DbConn,
    form: &Registration,
    password_hash: &str,
    role: Role,
) -> AppResult<User> {
    let username = form.username.trim();
    let email = form.email.trim().to_lowercase();
    write_tx(conn, |conn| {
        let mut taken = FieldErrors::new();
        if users::username_taken(conn, username)? {
            taken.insert("username", "That username is taken; choose another.".into());
        }
        if users::email_taken(conn, &email)? {
            taken.insert(
                "email",
                "An account with that email already exists. Log in instead?".into(),
            );
        }
        if !taken.is_empty() {
            return Err(AppError::Taken(taken));
        }
        let user = users::insert(
            conn,
            &NewUser {
                username,
                username_key: &users::username_key(username),
                email: &email,
                password_hash,
                role: role.as_str(),
                bio: "",
                created_at: crate::model::now(),
            },
        )?;
        Ok(user)
    })
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

/// The throttling buckets of a login: the account name as typed, and the client address.
fn login_buckets(login: &str, address: &str) -> [String; 2] {
    [
        format!("account:{}", login.trim().to_lowercase()),
        format!("address:{address}"),
    ]
}

/// Refuses a login attempt (429) while its account name or client address
/// has failed too often recently. The answer is the same whether or not the
/// account exists.
pub fn check_login_allowed(
    conn: &mut DbConn,
    policy: &Policy,
    login: &str,
    address: &str,
) -> AppResult<()> {
    let since = crate::model::now() - Duration::minutes(policy.login_window_minutes);
    let [account, addr] = login_buckets(login, address);
    let too_many = sessions::count_login_attempts(conn, &account, since)?
        >= policy.login_failures_per_account
        || sessions::count_login_attempts(conn, &addr, since)? >= policy.login_failures_per_address;
    if too_many {
        let mut errors = FieldErrors::new();
        errors.insert(
            "form",
            format!(
                "Too many failed logins. Please wait {} minutes and try again.",
                policy.login_window_minutes
            ),
        );
        return Err(AppError::Limited(errors));
    }
    Ok(())
}

pub fn record_login_failure(
    conn: &mut DbConn,
    policy: &Policy,
    login: &str,
    address: &str,
) -> AppResult<()> {
    let now = crate::model::now();
    let forget_before = now - Duration::minutes(policy.login_window_minutes);
    write_tx(conn, |conn| {
        for bucket in login_buckets(login, address) {
            sessions::delete_login_attempts_before(conn, &bucket, forget_before)?;
            sessions::insert_login_attempt(conn, &bucket, now)?;
        }
        Ok(())
    })
}
