use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::users;
use crate::db::DbConn;

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = users)]
pub struct User {
    pub id: i64,
    pub username: String,
    #[serde(skip)]
    pub username_key: String,
    #[serde(skip)]
    pub email: String,
    #[serde(skip)]
    pub password_hash: String,
    pub role: String,
    pub bio: String,
    /// The photo the member chose as their avatar, if any.
    pub avatar_photo_id: Option<i64>,
    pub reputation: i32,
    pub post_count: i32,
    pub created_at: NaiveDateTime,
    pub suspended_until: Option<NaiveDateTime>,
    pub suspension_reason: Option<String>,
    /// None until the member opens the link mailed at registration.
    pub email_verified_at: Option<NaiveDateTime>,
    /// Set when the member left: the row stays so their posts keep an author
    /// ("former member"), with every personal detail cleared.
    pub deleted_at: Option<NaiveDateTime>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = users)]
pub struct NewUser<'a> {
    pub username: &'a str,
    pub username_key: &'a str,
    pub email: &'a str,
    pub password_hash: &'a str,
    pub role: &'a str,
    pub bio: &'a str,
    pub created_at: NaiveDateTime,
    pub email_verified_at: Option<NaiveDateTime>,
}

/// The lower-cased form used for case-insensitive uniqueness and look-ups.
pub fn username_key(username: &str) -> String {
    username.trim().to_lowercase()
}

/// Inserts the account and reads it back (by its id: `User` need not hold
/// every column of `users`).
pub fn insert(conn: &mut DbConn, new: &NewUser) -> QueryResult<User> {
    let id: i64 = diesel::insert_into(users::table)
        .values(new)
        .returning(users::id)
        .get_result(conn)?;
    find(conn, id)
}

pub fn find(conn: &mut DbConn, id: i64) -> QueryResult<User> {
    users::table.find(id).select(User::as_select()).first(conn)
}

pub fn find_by_username(conn: &mut DbConn, username: &str) -> QueryResult<Option<User>> {
    users::table
        .filter(users::username_key.eq(username_key(username)))
        .select(User::as_select())
        .first(conn)
        .optional()
}

pub fn find_by_email(conn: &mut DbConn, email: &str) -> QueryResult<Option<User>> {
    users::table
        .filter(users::email.eq(email.trim().to_lowercase()))
        .select(User::as_select())
        .first(conn)
        .optional()
}

pub fn username_taken(conn: &mut DbConn, username: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        users::table.filter(users::username_key.eq(username_key(username))),
    ))
    .get_result(conn)
}

pub fn email_taken(conn: &mut DbConn, email: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        users::table.filter(users::email.eq(email.trim().to_lowercase())),
    ))
    .get_result(conn)
}

pub fn set_role(conn: &mut DbConn, id: i64, role: &str) -> QueryResult<usize> {
    diesel::update(users::table.find(id))
        .set(users::role.eq(role))
        .execute(conn)
}

pub fn add_post_count(conn: &mut DbConn, id: i64, delta: i32) -> QueryResult<usize> {
    diesel::update(users::table.find(id))
        .set(users::post_count.eq(users::post_count + delta))
        .execute(conn)
}

pub fn count(conn: &mut DbConn) -> QueryResult<i64> {
    users::table.count().get_result(conn)
}

/// What a member may do beyond the basics. Stored as text in `users.role`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Member,
    Staff,
    Admin,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Member, Role::Staff, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Member => "member",
            Role::Staff => "staff",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Staff and admins both act for the company.
    pub fn is_staff(self) -> bool {
        self >= Role::Staff
    }
}

pub fn set_bio(conn: &mut DbConn, id: i64, bio: &str) -> QueryResult<usize> {
    diesel::update(users::table.find(id))
        .set(users::bio.eq(bio))
        .execute(conn)
}

/// The member's avatar: one of the stored photos, or none.
pub fn set_avatar(conn: &mut DbConn, id: i64, photo_id: Option<i64>) -> QueryResult<usize> {
    diesel::update(users::table.find(id))
        .set(users::avatar_photo_id.eq(photo_id))
        .execute(conn)
}

/// The stored photo (sha256, extension) each of these members has as avatar,
/// in one query.
pub fn avatars(conn: &mut DbConn, ids: &[i64]) -> QueryResult<Vec<(i64, String, String)>> {
    use crate::db::schema::photos;
    users::table
        .inner_join(photos::table.on(photos::id.nullable().eq(users::avatar_photo_id)))
        .filter(users::id.eq_any(ids))
        .select((users::id, photos::sha256, photos::extension))
        .load(conn)
}

/// Usernames for a few ids, in one query.
pub fn names(conn: &mut DbConn, ids: &[i64]) -> QueryResult<Vec<(i64, String)>> {
    users::table
        .filter(users::id.eq_any(ids))
        .select((users::id, users::username))
        .load(conn)
}

pub fn set_email_verified(conn: &mut DbConn, id: i64, at: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(users::table.find(id))
        .set(users::email_verified_at.eq(at))
        .execute(conn)
}

pub fn set_password_hash(conn: &mut DbConn, id: i64, hash: &str) -> QueryResult<usize> {
    diesel::update(users::table.find(id))
        .set(users::password_hash.eq(hash))
        .execute(conn)
}

/// A confirmed new address: it is verified by the confirmation itself.
pub fn set_email(conn: &mut DbConn, id: i64, email: &str, at: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(users::table.find(id))
        .set((users::email.eq(email), users::email_verified_at.eq(at)))
        .execute(conn)
}

/// The language the member chose (a code like "ko"); None: not chosen.
pub fn language(conn: &mut DbConn, id: i64) -> QueryResult<Option<String>> {
    users::table.find(id).select(users::language).first(conn)
}

/// Saves the member's language (None: back to "not chosen").
pub fn set_language(conn: &mut DbConn, id: i64, language: Option<&str>) -> QueryResult<usize> {
    diesel::update(users::table.find(id))
        .set(users::language.eq(language))
        .execute(conn)
}
