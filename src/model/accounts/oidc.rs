//! Single sign-on rows: which account a provider's subject is, logins on
//! their way through the provider, and verified identities waiting for the
//! member's choice of username or password.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{oidc_identities, oidc_logins, oidc_signups};
use crate::db::DbConn;

#[derive(Debug, Insertable)]
#[diesel(table_name = oidc_identities)]
pub struct NewIdentity<'a> {
    pub issuer: &'a str,
    pub subject: &'a str,
    pub user_id: i64,
    pub created_at: NaiveDateTime,
    pub last_login_at: NaiveDateTime,
}

pub fn insert_identity(conn: &mut DbConn, new: &NewIdentity) -> QueryResult<usize> {
    diesel::insert_into(oidc_identities::table)
        .values(new)
        .execute(conn)
}

/// The account linked to a provider's subject.
pub fn identity_user(conn: &mut DbConn, issuer: &str, subject: &str) -> QueryResult<Option<i64>> {
    oidc_identities::table
        .filter(oidc_identities::issuer.eq(issuer))
        .filter(oidc_identities::subject.eq(subject))
        .select(oidc_identities::user_id)
        .first(conn)
        .optional()
}

pub fn touch_identity(
    conn: &mut DbConn,
    issuer: &str,
    subject: &str,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        oidc_identities::table
            .filter(oidc_identities::issuer.eq(issuer))
            .filter(oidc_identities::subject.eq(subject)),
    )
    .set(oidc_identities::last_login_at.eq(at))
    .execute(conn)
}

/// A member who leaves takes their links with them.
pub fn delete_identities_of(conn: &mut DbConn, user_id: i64) -> QueryResult<usize> {
    diesel::delete(oidc_identities::table.filter(oidc_identities::user_id.eq(user_id)))
        .execute(conn)
}

/// A sign-in linked to an account, as its owner's settings show it.
#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = oidc_identities)]
pub struct LinkedSignIn {
    pub id: i64,
    pub issuer: String,
    pub created_at: NaiveDateTime,
    pub last_login_at: NaiveDateTime,
}

/// The member's linked sign-ins, oldest first.
pub fn identities_of(conn: &mut DbConn, user_id: i64) -> QueryResult<Vec<LinkedSignIn>> {
    oidc_identities::table
        .filter(oidc_identities::user_id.eq(user_id))
        .order(oidc_identities::id.asc())
        .select(LinkedSignIn::as_select())
        .load(conn)
}

/// Removes one of the member's linked sign-ins; 0 when it is not theirs.
pub fn delete_identity_of(conn: &mut DbConn, user_id: i64, id: i64) -> QueryResult<usize> {
    diesel::delete(
        oidc_identities::table
            .filter(oidc_identities::id.eq(id))
            .filter(oidc_identities::user_id.eq(user_id)),
    )
    .execute(conn)
}

/// Removes the member's sign-ins linked at or after `since`.
pub fn delete_identities_linked_since(
    conn: &mut DbConn,
    user_id: i64,
    since: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::delete(
        oidc_identities::table
            .filter(oidc_identities::user_id.eq(user_id))
            .filter(oidc_identities::created_at.ge(since)),
    )
    .execute(conn)
}

#[derive(Debug, Insertable, Queryable, Selectable)]
#[diesel(table_name = oidc_logins)]
pub struct PendingLogin {
    pub state_hash: String,
    pub browser_hash: String,
    pub nonce: String,
    pub pkce_verifier: String,
    pub next_path: String,
    pub expires_at: NaiveDateTime,
}

pub fn insert_login(conn: &mut DbConn, login: &PendingLogin) -> QueryResult<usize> {
    diesel::insert_into(oidc_logins::table)
        .values(login)
        .execute(conn)
}

/// Takes the login a state belongs to: the row is deleted in the same
/// statement, so two callbacks with one state cannot both find it.
pub fn take_login(conn: &mut DbConn, state_hash: &str) -> QueryResult<Option<PendingLogin>> {
    diesel::delete(oidc_logins::table.filter(oidc_logins::state_hash.eq(state_hash)))
        .returning((
            oidc_logins::state_hash,
            oidc_logins::browser_hash,
            oidc_logins::nonce,
            oidc_logins::pkce_verifier,
            oidc_logins::next_path,
            oidc_logins::expires_at,
        ))
        .get_result(conn)
        .optional()
}

pub fn delete_logins_expired(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(oidc_logins::table.filter(oidc_logins::expires_at.lt(now))).execute(conn)
}

#[derive(Debug, Clone, Insertable, Queryable, Selectable)]
#[diesel(table_name = oidc_signups)]
pub struct PendingSignup {
    pub token_hash: String,
    pub issuer: String,
    pub subject: String,
    pub email: String,
    pub email_verified: bool,
    pub username_claim: String,
    pub staff_claim: bool,
    /// The existing account with the same verified email, to be linked once
    /// the member gives its password; None when a new account is to be made.
    pub link_user_id: Option<i64>,
    pub next_path: String,
    pub expires_at: NaiveDateTime,
}

pub fn insert_signup(conn: &mut DbConn, signup: &PendingSignup) -> QueryResult<usize> {
    diesel::insert_into(oidc_signups::table)
        .values(signup)
        .execute(conn)
}

pub fn find_signup(
    conn: &mut DbConn,
    token_hash: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<PendingSignup>> {
    oidc_signups::table
        .filter(oidc_signups::token_hash.eq(token_hash))
        .filter(oidc_signups::expires_at.ge(now))
        .select(PendingSignup::as_select())
        .first(conn)
        .optional()
}

pub fn delete_signup(conn: &mut DbConn, token_hash: &str) -> QueryResult<usize> {
    diesel::delete(oidc_signups::table.filter(oidc_signups::token_hash.eq(token_hash)))
        .execute(conn)
}

pub fn delete_signups_expired(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(oidc_signups::table.filter(oidc_signups::expires_at.lt(now))).execute(conn)
}
