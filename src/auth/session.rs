//! Server-side sessions. The cookie holds a random token; the database holds
//! only its SHA-256, so a leaked database does not leak live sessions.

use actix_web::cookie::{time, Cookie, SameSite};
use chrono::Duration;
use diesel::QueryResult;
use sha2::{Digest, Sha256};

use crate::db::DbConn;
use crate::model::accounts::sessions::{self, NewSession, SessionUser};
use crate::model::accounts::users::Role;

pub const SESSION_COOKIE: &str = "fixloop_session";
const SESSION_DAYS: i64 = 30;
/// `last_seen_at` is written at most this often, so reading pages stays read-only.
const TOUCH_EVERY_MINUTES: i64 = 10;

pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Starts a session for the user and returns the cookie token.
pub fn create(conn: &mut DbConn, user_id: i64) -> QueryResult<String> {
    let token = super::random_token();
    let csrf_token = super::random_token();
    let now = crate::model::now();
    sessions::insert(
        conn,
        &NewSession {
            token_hash: &hash_token(&token),
            user_id,
            csrf_token: &csrf_token,
            created_at: now,
            last_seen_at: now,
            expires_at: now + Duration::days(SESSION_DAYS),
        },
    )?;
    Ok(token)
}

/// The live session a cookie token belongs to, extending it as it is used.
/// With `staff_max_age` (a sign-in provider decides who is staff), a staff
/// session older than that ends, so the provider is asked again.
pub fn load(
    conn: &mut DbConn,
    token: &str,
    staff_max_age: Option<Duration>,
) -> QueryResult<Option<SessionUser>> {
    let now = crate::model::now();
    let found = sessions::find_live(conn, &hash_token(token), now)?;
    if let (Some(session), Some(max_age)) = (&found, staff_max_age) {
        if session.role == Role::Staff.as_str() && now - session.created_at > max_age {
            sessions::delete_by_token_hash(conn, &hash_token(token))?;
            return Ok(None);
        }
    }
    if let Some(session) = &found {
        if now - session.last_seen_at > Duration::minutes(TOUCH_EVERY_MINUTES) {
            sessions::touch(
                conn,
                session.session_id,
                now,
                now + Duration::days(SESSION_DAYS),
            )?;
        }
    }
    Ok(found)
}

pub fn destroy(conn: &mut DbConn, token: &str) -> QueryResult<usize> {
    sessions::delete_by_token_hash(conn, &hash_token(token))
}

pub fn cookie(token: &str, secure: bool) -> Cookie<'static> {
    Cookie::build(SESSION_COOKIE, token.to_owned())
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .max_age(time::Duration::days(SESSION_DAYS))
        .finish()
}

pub fn removal_cookie(secure: bool) -> Cookie<'static> {
    let mut cookie = cookie("", secure);
    cookie.make_removal();
    cookie
}
