//! Server-side sessions. The cookie holds a random token; the database holds
//! only its SHA-256, so a leaked database does not leak live sessions.

use std::net::IpAddr;

use actix_web::cookie::{time, Cookie, SameSite};
use chrono::Duration;
use diesel::QueryResult;
use ipnet::{Ipv4Net, Ipv6Net};
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

/// Where a session was started from, as the member's sessions list shows
/// it: the browser's User-Agent (cut short) and the network of its address
/// (a /24 or a /48, never the address itself).
#[derive(Debug, Clone, Default)]
pub struct Origin {
    pub user_agent: String,
    pub network: String,
}

/// Longest User-Agent kept: enough to name the browser and the platform.
const MAX_USER_AGENT_CHARS: usize = 300;

impl Origin {
    pub fn new(user_agent: &str, address: Option<IpAddr>) -> Origin {
        Origin {
            user_agent: user_agent
                .trim()
                .chars()
                .take(MAX_USER_AGENT_CHARS)
                .collect(),
            network: address.map(network_of).unwrap_or_default(),
        }
    }
}

/// The block an address belongs to: an IPv4 address's /24, an IPv6
/// address's /48 (a site). Rough enough to say "the same place", never who.
pub fn network_of(address: IpAddr) -> String {
    match address.to_canonical() {
        IpAddr::V4(v4) => Ipv4Net::new(v4, 24)
            .expect("24 is a valid prefix length")
            .trunc()
            .to_string(),
        IpAddr::V6(v6) => Ipv6Net::new(v6, 48)
            .expect("48 is a valid prefix length")
            .trunc()
            .to_string(),
    }
}

/// The browser and the system a User-Agent names ("Firefox", "Linux"),
/// each None when the text does not say (the data page names the unknown
/// in the reader's language). The order of the checks matters: Edge and
/// Opera also name Chrome, and Chrome also names Safari.
pub fn user_agent_parts(user_agent: &str) -> (Option<&'static str>, Option<&'static str>) {
    let has = |word: &str| user_agent.contains(word);
    let browser = if has("Edg/") || has("Edge/") {
        Some("Edge")
    } else if has("OPR/") || has("Opera") {
        Some("Opera")
    } else if has("Firefox/") || has("FxiOS/") {
        Some("Firefox")
    } else if has("Chrome/") || has("Chromium/") || has("CriOS/") {
        Some("Chrome")
    } else if has("Safari/") {
        Some("Safari")
    } else if has("curl/") {
        Some("curl")
    } else {
        None
    };
    let platform = if has("Android") {
        Some("Android")
    } else if has("iPhone") || has("iPad") || has("iOS") {
        Some("iOS")
    } else if has("Windows") {
        Some("Windows")
    } else if has("Mac OS X") || has("Macintosh") {
        Some("macOS")
    } else if has("CrOS") {
        Some("ChromeOS")
    } else if has("Linux") || has("X11") {
        Some("Linux")
    } else {
        None
    };
    (browser, platform)
}

/// Starts a session for the user and returns the cookie token.
pub fn create(conn: &mut DbConn, user_id: i64, origin: &Origin) -> QueryResult<String> {
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
            user_agent: &origin.user_agent,
            network: &origin.network,
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
