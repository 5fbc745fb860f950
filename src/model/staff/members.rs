//! The admins' members list: accounts that have not left, with what tells
//! members apart at a glance (role, joined, last seen, posts, reputation),
//! found by prefix and sorted by a column, one page in one query.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer, Nullable, Text, Timestamp};
use serde::Serialize;

use crate::db::DbConn;

#[derive(Debug, Clone, QueryableByName, Serialize)]
pub struct MemberRow {
    #[diesel(sql_type = BigInt)]
    pub id: i64,
    #[diesel(sql_type = Text)]
    pub username: String,
    #[diesel(sql_type = Text)]
    pub email: String,
    #[diesel(sql_type = Text)]
    pub role: String,
    #[diesel(sql_type = Timestamp)]
    pub created_at: NaiveDateTime,
    #[diesel(sql_type = Nullable<Timestamp>)]
    pub email_verified_at: Option<NaiveDateTime>,
    #[diesel(sql_type = Nullable<Timestamp>)]
    pub suspended_until: Option<NaiveDateTime>,
    #[diesel(sql_type = Nullable<Text>)]
    pub suspension_reason: Option<String>,
    #[diesel(sql_type = Integer)]
    pub post_count: i32,
    #[diesel(sql_type = Integer)]
    pub reputation: i32,
    /// The newest activity of the member's sessions still kept (None: no
    /// session, never logged in or logged out everywhere long ago).
    #[diesel(sql_type = Nullable<Timestamp>)]
    pub last_seen_at: Option<NaiveDateTime>,
}

/// The columns the list sorts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MemberSort {
    Name,
    Role,
    Joined,
    Seen,
    Posts,
    Reputation,
}

impl MemberSort {
    pub const ALL: [MemberSort; 6] = [
        MemberSort::Name,
        MemberSort::Role,
        MemberSort::Joined,
        MemberSort::Seen,
        MemberSort::Posts,
        MemberSort::Reputation,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MemberSort::Name => "name",
            MemberSort::Role => "role",
            MemberSort::Joined => "joined",
            MemberSort::Seen => "seen",
            MemberSort::Posts => "posts",
            MemberSort::Reputation => "reputation",
        }
    }

    pub fn parse(s: &str) -> Option<MemberSort> {
        MemberSort::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Names A to Z; everything else the most (or newest) first.
    pub fn default_descending(self) -> bool {
        self != MemberSort::Name
    }

    /// The ORDER BY of the outer query (over `m`), from this fixed list
    /// only; ties go to the newest account. Role sorts admins, staff,
    /// members; members never seen sort last either way.
    fn order_by(self, descending: bool) -> String {
        let dir = if descending { "DESC" } else { "ASC" };
        match self {
            MemberSort::Name => format!("m.username_key {dir}, m.id DESC"),
            MemberSort::Role => format!(
                "CASE m.role WHEN 'admin' THEN 2 WHEN 'staff' THEN 1 ELSE 0 END {dir}, m.username_key ASC"
            ),
            MemberSort::Joined => format!("m.id {dir}"),
            MemberSort::Seen => {
                format!("CASE WHEN m.last_seen_at IS NULL THEN 1 ELSE 0 END, m.last_seen_at {dir}, m.id DESC")
            }
            MemberSort::Posts => format!("m.post_count {dir}, m.id DESC"),
            MemberSort::Reputation => format!("m.reputation {dir}, m.id DESC"),
        }
    }
}

/// A row of the list: the account's columns and its last session activity
/// (a correlated MAX over index `sessions_user`).
const MEMBER_COLUMNS: &str = "SELECT u.id, u.username, u.username_key, u.email, u.role, \
     u.created_at, u.email_verified_at, u.suspended_until, u.suspension_reason, \
     u.post_count, u.reputation, \
     (SELECT MAX(s.last_seen_at) FROM sessions s WHERE s.user_id = u.id) AS last_seen_at \
     FROM users u WHERE u.deleted_at IS NULL";

/// `text` as a LIKE pattern matching what starts with it.
fn prefix_pattern(text: &str) -> String {
    let mut pattern = String::with_capacity(text.len() + 1);
    for c in text.chars() {
        if matches!(c, '\\' | '%' | '_') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// One page of accounts that have not left, sorted; with `prefix`
/// (lower-cased), those whose username or address starts with it (the
/// prefix indexes of migration 2026-12-01-000010_members). The sorts by
/// reputation and posts have their indexes (2026-12-07-000034), joined is
/// the id order and the name its unique key.
pub fn list(
    conn: &mut DbConn,
    prefix: Option<&str>,
    sort: MemberSort,
    descending: bool,
    offset: i64,
    limit: i64,
) -> QueryResult<Vec<MemberRow>> {
    let order = sort.order_by(descending);
    match prefix {
        Some(prefix) => diesel::sql_query(format!(
            "SELECT m.* FROM ({MEMBER_COLUMNS} \
             AND (u.username_key LIKE $1 ESCAPE '\\' OR u.email LIKE $1 ESCAPE '\\')) m \
             ORDER BY {order} LIMIT $2 OFFSET $3"
        ))
        .bind::<Text, _>(prefix_pattern(prefix))
        .bind::<BigInt, _>(limit)
        .bind::<BigInt, _>(offset)
        .load(conn),
        None => diesel::sql_query(format!(
            "SELECT m.* FROM ({MEMBER_COLUMNS}) m ORDER BY {order} LIMIT $1 OFFSET $2"
        ))
        .bind::<BigInt, _>(limit)
        .bind::<BigInt, _>(offset)
        .load(conn),
    }
}

/// One account that has not left, by username, as the list shows it.
pub fn find(conn: &mut DbConn, username: &str) -> QueryResult<MemberRow> {
    diesel::sql_query(format!("{MEMBER_COLUMNS} AND u.username_key = $1"))
        .bind::<Text, _>(crate::model::accounts::users::username_key(username))
        .get_result(conn)
}

#[cfg(test)]
mod tests {
    #[test]
    fn prefix_patterns_escape_wildcards() {
        assert_eq!(super::prefix_pattern("solder_sam"), "solder\\_sam%");
        assert_eq!(super::prefix_pattern("100%"), "100\\%%");
        assert_eq!(super::prefix_pattern("a\\b"), "a\\\\b%");
    }
}
