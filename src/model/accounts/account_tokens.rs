//! Single-use links mailed to a member (confirm an address, reset a password,
//! confirm a new address). Only the token's SHA-256 is stored.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::account_tokens;
use crate::db::DbConn;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = account_tokens)]
pub struct AccountToken {
    pub id: i64,
    pub user_id: i64,
    pub purpose: String,
    pub token_hash: String,
    pub email: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = account_tokens)]
pub struct NewAccountToken<'a> {
    pub user_id: i64,
    pub purpose: &'a str,
    pub token_hash: &'a str,
    pub email: &'a str,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConn, new: &NewAccountToken) -> QueryResult<usize> {
    diesel::insert_into(account_tokens::table)
        .values(new)
        .execute(conn)
}

pub fn find_by_hash(conn: &mut DbConn, token_hash: &str) -> QueryResult<Option<AccountToken>> {
    account_tokens::table
        .filter(account_tokens::token_hash.eq(token_hash))
        .select(AccountToken::as_select())
        .first(conn)
        .optional()
}

/// Marks a token used, if nobody used it first; false when it was.
pub fn use_once(conn: &mut DbConn, id: i64, at: NaiveDateTime) -> QueryResult<bool> {
    let changed = diesel::update(
        account_tokens::table
            .find(id)
            .filter(account_tokens::used_at.is_null()),
    )
    .set(account_tokens::used_at.eq(at))
    .execute(conn)?;
    Ok(changed == 1)
}

/// A newer link replaces the older ones of the same purpose.
pub fn retire_unused(
    conn: &mut DbConn,
    user_id: i64,
    purpose: &str,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        account_tokens::table
            .filter(account_tokens::user_id.eq(user_id))
            .filter(account_tokens::purpose.eq(purpose))
            .filter(account_tokens::used_at.is_null()),
    )
    .set(account_tokens::used_at.eq(at))
    .execute(conn)
}

/// Links of one purpose mailed to a member since `since` (limits re-sending).
pub fn count_since(
    conn: &mut DbConn,
    user_id: i64,
    purpose: &str,
    since: NaiveDateTime,
) -> QueryResult<i64> {
    account_tokens::table
        .filter(account_tokens::user_id.eq(user_id))
        .filter(account_tokens::purpose.eq(purpose))
        .filter(account_tokens::created_at.ge(since))
        .count()
        .get_result(conn)
}

pub fn delete_for_user(conn: &mut DbConn, user_id: i64) -> QueryResult<usize> {
    diesel::delete(account_tokens::table.filter(account_tokens::user_id.eq(user_id))).execute(conn)
}

/// One request for a mailed link, counted whether or not a link went out.
pub fn record_request(
    conn: &mut DbConn,
    user_id: i64,
    purpose: &str,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    use crate::db::schema::account_requests;
    diesel::insert_into(account_requests::table)
        .values((
            account_requests::user_id.eq(user_id),
            account_requests::purpose.eq(purpose),
            account_requests::created_at.eq(at),
        ))
        .execute(conn)
}

/// Requests of one purpose a member made since `since` (index
/// account_requests_user_purpose).
pub fn count_requests_since(
    conn: &mut DbConn,
    user_id: i64,
    purpose: &str,
    since: NaiveDateTime,
) -> QueryResult<i64> {
    use crate::db::schema::account_requests;
    account_requests::table
        .filter(account_requests::user_id.eq(user_id))
        .filter(account_requests::purpose.eq(purpose))
        .filter(account_requests::created_at.ge(since))
        .count()
        .get_result(conn)
}
