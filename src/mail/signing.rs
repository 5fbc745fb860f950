//! Links that act without a session (one-click unsubscribe) carry an
//! HMAC-SHA256 signature with a key made once per site and kept in the
//! database, so every app server signs and checks alike. They carry the day
//! they were made and expire; `fixloop rotate-link-key` makes a new key and
//! keeps the one before for checking, so links already mailed keep working
//! until they expire (or until the next rotation).

use diesel::prelude::*;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::db::schema::site_secrets;
use crate::db::DbConn;

const KEY_NAME: &str = "link_signing_key";
const PREVIOUS_KEY_NAME: &str = "link_signing_key_previous";
/// How long an unsubscribe link works after its mail was made.
pub const UNSUBSCRIBE_DAYS: i64 = 180;

/// The key links are signed with, and the one before the last rotation
/// (still good for checking).
#[derive(Debug, Clone)]
pub struct SigningKeys {
    pub current: Vec<u8>,
    pub previous: Option<Vec<u8>>,
}

/// The site's signing keys, the current one made on first use. Two servers
/// starting at once both insert-or-keep and then read the one that won.
pub fn site_keys(conn: &mut DbConn) -> QueryResult<SigningKeys> {
    diesel::sql_query(
        "INSERT INTO site_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
    )
    .bind::<diesel::sql_types::Text, _>(KEY_NAME)
    .bind::<diesel::sql_types::Text, _>(crate::tokens::random_token())
    .execute(conn)?;
    let current: String = site_secrets::table
        .find(KEY_NAME)
        .select(site_secrets::value)
        .first(conn)?;
    let previous: Option<String> = site_secrets::table
        .find(PREVIOUS_KEY_NAME)
        .select(site_secrets::value)
        .first(conn)
        .optional()?;
    Ok(SigningKeys {
        current: current.into_bytes(),
        previous: previous.map(String::into_bytes),
    })
}

/// A new signing key; the current one becomes the previous (the one before
/// is dropped, and with it every link it signed). App servers read the keys
/// when they start.
pub fn rotate(conn: &mut DbConn) -> QueryResult<()> {
    conn.transaction(|conn| {
        let keys = site_keys(conn)?;
        let current = String::from_utf8_lossy(&keys.current).into_owned();
        diesel::delete(site_secrets::table.find(PREVIOUS_KEY_NAME)).execute(conn)?;
        diesel::insert_into(site_secrets::table)
            .values((
                site_secrets::name.eq(PREVIOUS_KEY_NAME),
                site_secrets::value.eq(current),
            ))
            .execute(conn)?;
        diesel::update(site_secrets::table.find(KEY_NAME))
            .set(site_secrets::value.eq(crate::tokens::random_token()))
            .execute(conn)?;
        Ok(())
    })
}

fn mac(key: &[u8], purpose: &str, message: &str) -> Hmac<Sha256> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(purpose.as_bytes());
    mac.update(b"\0");
    mac.update(message.as_bytes());
    mac
}

/// `<message>.<signature>`; the message must not contain '.' after its last part.
pub fn sign(key: &[u8], purpose: &str, message: &str) -> String {
    let signature = hex::encode(mac(key, purpose, message).finalize().into_bytes());
    format!("{message}.{signature}")
}

/// The message of a token signed for `purpose`, if the signature holds
/// (compared in constant time).
pub fn verify<'t>(key: &[u8], purpose: &str, token: &'t str) -> Option<&'t str> {
    let (message, signature) = token.rsplit_once('.')?;
    let signature = hex::decode(signature).ok()?;
    mac(key, purpose, message)
        .verify_slice(&signature)
        .ok()
        .map(|()| message)
}

const UNSUBSCRIBE: &str = "unsubscribe";

fn day_number(at: chrono::NaiveDateTime) -> i64 {
    at.and_utc().timestamp().div_euclid(86_400)
}

/// The token of a one-click unsubscribe link: this member, this kind of
/// mail, made on this day.
pub fn unsubscribe_token(
    keys: &SigningKeys,
    user_id: i64,
    kind: &str,
    now: chrono::NaiveDateTime,
) -> String {
    let day = day_number(now);
    sign(
        &keys.current,
        UNSUBSCRIBE,
        &format!("{user_id}-{kind}@{day}"),
    )
}

/// Why an unsubscribe token is not taken.
#[derive(Debug, PartialEq, Eq)]
pub enum Unreadable {
    /// Cut short, changed, or signed with a key no longer kept.
    NotGenuine,
    Expired,
}

/// The member and kind an unsubscribe token names, if it is genuine and
/// recent. Tokens from before links carried their day (no `@`) hold only
/// with the current key: the next rotation ends them.
pub fn read_unsubscribe_token(
    keys: &SigningKeys,
    token: &str,
    now: chrono::NaiveDateTime,
) -> Result<(i64, String), Unreadable> {
    let (message, dated) = match verify(&keys.current, UNSUBSCRIBE, token) {
        Some(message) => (message, message.contains('@')),
        None => {
            let previous = keys.previous.as_deref().ok_or(Unreadable::NotGenuine)?;
            let message = verify(previous, UNSUBSCRIBE, token).ok_or(Unreadable::NotGenuine)?;
            (message, true)
        }
    };
    let (named, day) = match message.rsplit_once('@') {
        Some((named, day)) => (
            named,
            Some(day.parse::<i64>().map_err(|_| Unreadable::NotGenuine)?),
        ),
        None if !dated => (message, None),
        None => return Err(Unreadable::NotGenuine),
    };
    if day.is_some_and(|day| day_number(now) - day > UNSUBSCRIBE_DAYS) {
        return Err(Unreadable::Expired);
    }
    let (user_id, kind) = named.split_once('-').ok_or(Unreadable::NotGenuine)?;
    Ok((
        user_id.parse().map_err(|_| Unreadable::NotGenuine)?,
        kind.to_owned(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(current: &[u8], previous: Option<&[u8]>) -> SigningKeys {
        SigningKeys {
            current: current.to_vec(),
            previous: previous.map(<[u8]>::to_vec),
        }
    }

    fn day(n: i64) -> chrono::NaiveDateTime {
        chrono::DateTime::from_timestamp(n * 86_400 + 3_600, 0)
            .unwrap()
            .naive_utc()
    }

    #[test]
    fn a_token_holds_only_with_its_key_purpose_and_message() {
        let one = keys(b"key one", None);
        let token = unsubscribe_token(&one, 42, "replies", day(20_000));
        assert_eq!(
            read_unsubscribe_token(&one, &token, day(20_001)),
            Ok((42, "replies".to_owned()))
        );
        let two = keys(b"key two", None);
        assert_eq!(
            read_unsubscribe_token(&two, &token, day(20_001)),
            Err(Unreadable::NotGenuine)
        );
        let other_member = token.replacen("42-", "43-", 1);
        assert!(read_unsubscribe_token(&one, &other_member, day(20_001)).is_err());
        let other_day = token.replacen("@20000", "@20100", 1);
        assert!(read_unsubscribe_token(&one, &other_day, day(20_101)).is_err());
        assert_eq!(verify(b"key one", "reset", &token), None);
        assert!(read_unsubscribe_token(&one, "42-replies", day(1)).is_err());
        assert!(read_unsubscribe_token(&one, "42-replies.zz", day(1)).is_err());
    }

    #[test]
    fn tokens_expire_and_survive_one_rotation() {
        let old = keys(b"old", None);
        let token = unsubscribe_token(&old, 7, "digest", day(20_000));
        let last_day = day(20_000 + UNSUBSCRIBE_DAYS);
        assert!(read_unsubscribe_token(&old, &token, last_day).is_ok());
        assert_eq!(
            read_unsubscribe_token(&old, &token, day(20_001 + UNSUBSCRIBE_DAYS)),
            Err(Unreadable::Expired)
        );
        let rotated = keys(b"new", Some(b"old"));
        assert!(read_unsubscribe_token(&rotated, &token, day(20_010)).is_ok());
        let twice = keys(b"newer", Some(b"new"));
        assert_eq!(
            read_unsubscribe_token(&twice, &token, day(20_010)),
            Err(Unreadable::NotGenuine)
        );
        // An undated token from before holds with the current key only.
        let legacy = sign(b"old", UNSUBSCRIBE, "7-digest");
        assert!(read_unsubscribe_token(&old, &legacy, day(30_000)).is_ok());
        assert!(read_unsubscribe_token(&rotated, &legacy, day(20_010)).is_err());
    }
}
