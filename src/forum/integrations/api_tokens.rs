//! Personal access tokens for the JSON API: made and revoked by their owner
//! in account settings, shown once, stored as a SHA-256 (a token is 32
//! random bytes, not a password: a fast hash is right), scoped to reading or
//! writing, and rate limited per token.
//!
//! A token acts as its owner with the owner's current role and standing, read
//! fresh on every request: a suspended member's token reads but cannot
//! write (the forum's own rules refuse it), and a deleted account's tokens are
//! deleted with it (`model::accounts::account_data::erase`).

use chrono::Duration;
use serde::{Deserialize, Serialize};

use crate::db::{write_tx, DbConn};
use crate::error::{AppError, AppResult};
use crate::forum::{chars, Actor, Checks, Policy};
use crate::i18n::Message;
use crate::model::accounts::users;
use crate::model::integrations::api_tokens::{self as store, NewToken, TokenInfo};

/// Every token starts with this, so secret scanners and people can tell one
/// from other random strings.
pub const TOKEN_PREFIX: &str = "fxl_";
pub const NAME_CHARS: std::ops::RangeInclusive<usize> = 1..=60;
/// Tokens one member may hold at once.
pub const MAX_TOKENS: i64 = 20;
/// The rate-limit window.
const WINDOW_SECONDS: i64 = 60;

/// What a token may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// GET requests only.
    Read,
    /// Everything its owner may do through the API.
    Write,
}

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Read => "read",
            Scope::Write => "write",
        }
    }

    pub fn parse(s: &str) -> Option<Scope> {
        [Scope::Read, Scope::Write]
            .into_iter()
            .find(|scope| scope.as_str() == s)
    }
}

/// How long a new token lives: the form's value and its days (`None`: until revoked).
pub const LIFETIMES: [(&str, Option<i64>); 4] = [
    ("30", Some(30)),
    ("90", Some(90)),
    ("365", Some(365)),
    ("never", None),
];

/// The settings form for a new token.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct TokenForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub scope: String,
    #[serde(default)]
    pub lifetime: String,
}

/// A token just made: what the list shows, and the token itself, which is
/// shown this once and kept nowhere.
pub struct Created {
    pub info: TokenInfo,
    pub token: String,
}

/// Makes a token for the member behind `actor`. Suspended members may make
/// one too: it can read, and the forum refuses its writes as it refuses theirs.
pub fn create(conn: &mut DbConn, actor: &Actor, form: &TokenForm) -> AppResult<Created> {
    let name = form.name.trim();
    let mut checks = Checks::default();
    if !NAME_CHARS.contains(&chars(name)) {
        checks.add(
            "name",
            Message::new("err-api-tokens-give-token-name-start-end")
                .with("start", NAME_CHARS.start())
                .with("end", NAME_CHARS.end()),
        );
    }
    let scope = Scope::parse(form.scope.trim());
    if scope.is_none() {
        checks.add("scope", "err-api-tokens-choose-read-write");
    }
    let lifetime = LIFETIMES
        .iter()
        .find(|(value, _)| *value == form.lifetime.trim());
    if lifetime.is_none() {
        checks.add("lifetime", "err-api-tokens-choose-how-long-token-works");
    }
    checks.finish()?;
    let (Some(scope), Some((_, days))) = (scope, lifetime) else {
        unreachable!("checked above")
    };
    let token = format!("{TOKEN_PREFIX}{}", crate::auth::random_token());
    let token_hash = crate::auth::session::hash_token(&token);
    let now = crate::model::now();
    let info = write_tx(conn, |conn| {
        if store::count_for_user(conn, actor.id)? >= MAX_TOKENS {
            return Err(AppError::invalid(
                "name",
                Message::new("err-api-tokens-have-max-tokens-tokens-already")
                    .with("max_tokens", MAX_TOKENS),
            ));
        }
        Ok(store::insert(
            conn,
            &NewToken {
                user_id: actor.id,
                name,
                scope: scope.as_str(),
                token_hash: &token_hash,
                created_at: now,
                expires_at: days.map(|d| now + Duration::days(d)),
            },
        )?)
    })?;
    Ok(Created { info, token })
}

/// The member's tokens, newest first.
pub fn list(conn: &mut DbConn, actor: &Actor) -> AppResult<Vec<TokenInfo>> {
    Ok(store::list_for_user(conn, actor.id, MAX_TOKENS)?)
}

/// Revokes one of the member's own tokens (at once: it is deleted). Open to
/// suspended members: taking access away is always allowed.
pub fn revoke(conn: &mut DbConn, actor: &Actor, id: i64) -> AppResult<()> {
    match store::delete_own(conn, actor.id, id)? {
        0 => Err(AppError::NotFound("token")),
        _ => Ok(()),
    }
}

/// The owner and scope of a token presented to the API.
#[derive(Debug, Clone)]
pub struct Caller {
    pub token_id: i64,
    pub actor: Actor,
    pub scope: Scope,
}

/// A token as presented (`Authorization: Bearer …`): its owner, with the use
/// counted against its rate limit. Unknown, revoked, expired and malformed
/// tokens are all the same 401; over the limit is a 429 saying when to try
/// again.
pub fn authenticate(conn: &mut DbConn, token: &str, policy: &Policy) -> AppResult<Caller> {
    let well_formed = token
        .strip_prefix(TOKEN_PREFIX)
        .is_some_and(crate::auth::csrf::well_formed);
    if !well_formed {
        return Err(AppError::BadToken);
    }
    let now = crate::model::now();
    let window = Duration::seconds(WINDOW_SECONDS);
    let used = store::record_use(
        conn,
        &crate::auth::session::hash_token(token),
        now,
        now - window,
    )?
    .ok_or(AppError::BadToken)?;
    if i64::from(used.window_count) > policy.api_requests_per_minute {
        let window_ends = used.window_started_at.unwrap_or(now) + window;
        let wait = (window_ends - now).num_seconds().clamp(1, WINDOW_SECONDS);
        return Err(AppError::TooManyRequests {
            message: Message::new("err-api-tokens-token-made-more-than-api")
                .with("api_requests_per_minute", policy.api_requests_per_minute)
                .with("wait", wait),
            retry_after_seconds: wait as u64,
        });
    }
    let user = users::find(conn, used.user_id)?;
    if user.deleted_at.is_some() {
        return Err(AppError::BadToken);
    }
    Ok(Caller {
        token_id: used.id,
        actor: Actor::from(&user),
        scope: Scope::parse(&used.scope).unwrap_or(Scope::Read),
    })
}
