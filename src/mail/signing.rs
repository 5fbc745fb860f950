//! Links that act without a session (one-click unsubscribe) carry an
//! HMAC-SHA256 signature with a key made once per site and kept in the
//! database, so every app server signs and checks alike.

use diesel::prelude::*;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::db::schema::site_secrets;
use crate::db::DbConn;

const KEY_NAME: &str = "link_signing_key";

/// The site's signing key, made on first use. Two servers starting at once
/// both insert-or-keep and then read the one that won.
pub fn site_key(conn: &mut DbConn) -> QueryResult<Vec<u8>> {
    diesel::sql_query(
        "INSERT INTO site_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
    )
    .bind::<diesel::sql_types::Text, _>(KEY_NAME)
    .bind::<diesel::sql_types::Text, _>(crate::auth::random_token())
    .execute(conn)?;
    let value: String = site_secrets::table
        .find(KEY_NAME)
        .select(site_secrets::value)
        .first(conn)?;
    Ok(value.into_bytes())
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

/// The token of a one-click unsubscribe link: this member, this kind of mail.
pub fn unsubscribe_token(key: &[u8], user_id: i64, kind: &str) -> String {
    sign(key, UNSUBSCRIBE, &format!("{user_id}-{kind}"))
}

/// The member and kind an unsubscribe token names, if it is genuine.
pub fn read_unsubscribe_token(key: &[u8], token: &str) -> Option<(i64, String)> {
    let message = verify(key, UNSUBSCRIBE, token)?;
    let (user_id, kind) = message.split_once('-')?;
    Some((user_id.parse().ok()?, kind.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_holds_only_with_its_key_purpose_and_message() {
        let token = unsubscribe_token(b"key one", 42, "replies");
        assert_eq!(
            read_unsubscribe_token(b"key one", &token),
            Some((42, "replies".to_owned()))
        );
        assert_eq!(read_unsubscribe_token(b"key two", &token), None);
        let other_member = token.replacen("42-", "43-", 1);
        assert_eq!(read_unsubscribe_token(b"key one", &other_member), None);
        assert_eq!(verify(b"key one", "reset", &token), None);
        assert_eq!(read_unsubscribe_token(b"key one", "42-replies"), None);
        assert_eq!(read_unsubscribe_token(b"key one", "42-replies.zz"), None);
    }
}
