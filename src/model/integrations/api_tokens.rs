//! Personal access tokens for the JSON API. Only the token's SHA-256 is
//! stored; the rules (who may make one, scopes, the rate limit) are in
//! `forum::integrations::api_tokens`.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer, Nullable, Text, Timestamp};
use serde::Serialize;

use crate::db::schema::api_tokens;
use crate::db::DbConn;

/// A token as its owner's settings page and data export show it: never the
/// hash.
#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = api_tokens)]
pub struct TokenInfo {
    pub id: i64,
    pub name: String,
    pub scope: String,
    pub created_at: NaiveDateTime,
    pub expires_at: Option<NaiveDateTime>,
    pub last_used_at: Option<NaiveDateTime>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = api_tokens)]
pub struct NewToken<'a> {
    pub user_id: i64,
    pub name: &'a str,
    pub scope: &'a str,
    pub token_hash: &'a str,
    pub created_at: NaiveDateTime,
    pub expires_at: Option<NaiveDateTime>,
}

pub fn insert(conn: &mut DbConn, new: &NewToken) -> QueryResult<TokenInfo> {
    let id = diesel::insert_into(api_tokens::table)
        .values(new)
        .returning(api_tokens::id)
        .get_result(conn)?;
    Ok(TokenInfo {
        id,
        name: new.name.to_owned(),
        scope: new.scope.to_owned(),
        created_at: new.created_at,
        expires_at: new.expires_at,
        last_used_at: None,
    })
}

/// The member's tokens, newest first (index api_tokens_user).
pub fn list_for_user(conn: &mut DbConn, user_id: i64, limit: i64) -> QueryResult<Vec<TokenInfo>> {
    api_tokens::table
        .filter(api_tokens::user_id.eq(user_id))
        .order((api_tokens::created_at.desc(), api_tokens::id.desc()))
        .select(TokenInfo::as_select())
        .limit(limit)
        .load(conn)
}

pub fn count_for_user(conn: &mut DbConn, user_id: i64) -> QueryResult<i64> {
    api_tokens::table
        .filter(api_tokens::user_id.eq(user_id))
        .count()
        .get_result(conn)
}

/// Deletes one of the member's tokens; 0 when it is not theirs (or gone).
pub fn delete_own(conn: &mut DbConn, user_id: i64, id: i64) -> QueryResult<usize> {
    diesel::delete(
        api_tokens::table
            .filter(api_tokens::id.eq(id))
            .filter(api_tokens::user_id.eq(user_id)),
    )
    .execute(conn)
}

pub fn delete_for_user(conn: &mut DbConn, user_id: i64) -> QueryResult<usize> {
    diesel::delete(api_tokens::table.filter(api_tokens::user_id.eq(user_id))).execute(conn)
}

/// A live token that was just used, with the count of its rate-limit window.
#[derive(Debug, QueryableByName)]
pub struct UsedToken {
    #[diesel(sql_type = BigInt)]
    pub id: i64,
    #[diesel(sql_type = BigInt)]
    pub user_id: i64,
    #[diesel(sql_type = Text)]
    pub scope: String,
    #[diesel(sql_type = Integer)]
    pub window_count: i32,
    #[diesel(sql_type = Nullable<Timestamp>)]
    pub window_started_at: Option<NaiveDateTime>,
}

/// Records one use of the live (unexpired) token with this hash: its
/// last-used time, and one more request in its rate-limit window, a new
/// window starting when the last one began at or before `window_from`. One
/// statement, so concurrent requests (on any app server) each count once
/// without a lock held across queries.
pub fn record_use(
    conn: &mut DbConn,
    token_hash: &str,
    now: NaiveDateTime,
    window_from: NaiveDateTime,
) -> QueryResult<Option<UsedToken>> {
    diesel::sql_query(
        "UPDATE api_tokens SET \
           window_count = CASE WHEN window_started_at IS NULL OR window_started_at <= $1 \
                          THEN 1 ELSE window_count + 1 END, \
           window_started_at = CASE WHEN window_started_at IS NULL OR window_started_at <= $2 \
                               THEN $3 ELSE window_started_at END, \
           last_used_at = $4 \
         WHERE token_hash = $5 AND (expires_at IS NULL OR expires_at > $6) \
         RETURNING id, user_id, scope, window_count, window_started_at",
    )
    .bind::<Timestamp, _>(window_from)
    .bind::<Timestamp, _>(window_from)
    .bind::<Timestamp, _>(now)
    .bind::<Timestamp, _>(now)
    .bind::<Text, _>(token_hash)
    .bind::<Timestamp, _>(now)
    .get_result(conn)
    .optional()
}
