//! The personal data the forum keeps about a member: what their data page
//! shows, what their export holds, how an account is erased when they leave,
//! and the admins' members list. Every read here is one query per kind of
//! data, never one per row.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::{
    account_tokens, devices, idea_votes, mail_outbox, mail_preferences, me_toos, notifications,
    posts, private_messages, sessions, thread_follows, threads, users, votes,
};
use crate::db::DbConn;

// What the data page shows

#[derive(Debug, Clone, Queryable, Serialize)]
pub struct SessionInfo {
    pub id: i64,
    pub created_at: NaiveDateTime,
    pub last_seen_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    /// The browser's User-Agent when it logged in (empty for older sessions).
    pub user_agent: String,
    /// The network it logged in from, a /24 or /48 (empty for older sessions).
    pub network: String,
}

#[derive(Debug, Clone, Queryable, Serialize)]
pub struct MailPreference {
    pub kind: String,
    pub mode: String,
}

/// How much of each kind the forum keeps for a member.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Counts {
    pub threads: i64,
    pub posts: i64,
    pub votes: i64,
    pub me_too: i64,
    pub follows: i64,
}

pub fn counts(conn: &mut DbConn, user_id: i64) -> QueryResult<Counts> {
    Ok(Counts {
        threads: threads::table
            .filter(threads::author_id.eq(user_id))
            .count()
            .get_result(conn)?,
        posts: posts::table
            .filter(posts::author_id.eq(user_id))
            .count()
            .get_result(conn)?,
        votes: votes::table
            .filter(votes::user_id.eq(user_id))
            .count()
            .get_result(conn)?,
        me_too: me_toos::table
            .filter(me_toos::user_id.eq(user_id))
            .count()
            .get_result(conn)?,
        follows: thread_follows::table
            .filter(thread_follows::user_id.eq(user_id))
            .count()
            .get_result(conn)?,
    })
}

/// The member's live sessions (logged-in browsers), most recently used first.
pub fn live_sessions(
    conn: &mut DbConn,
    user_id: i64,
    now: NaiveDateTime,
    limit: i64,
) -> QueryResult<Vec<SessionInfo>> {
    sessions::table
        .filter(sessions::user_id.eq(user_id))
        .filter(sessions::expires_at.gt(now))
        .order(sessions::last_seen_at.desc())
        .select((
            sessions::id,
            sessions::created_at,
            sessions::last_seen_at,
            sessions::expires_at,
            sessions::user_agent,
            sessions::network,
        ))
        .limit(limit)
        .load(conn)
}

/// The kinds of mail the member chose a mode for (the rest use defaults).
pub fn mail_preferences(conn: &mut DbConn, user_id: i64) -> QueryResult<Vec<MailPreference>> {
    mail_preferences::table
        .filter(mail_preferences::user_id.eq(user_id))
        .order(mail_preferences::kind.asc())
        .select((mail_preferences::kind, mail_preferences::mode))
        .load(conn)
}

// The export

#[derive(Debug, Clone, Queryable, Serialize)]
pub struct ExportedThread {
    pub id: i64,
    pub kind: String,
    pub title: String,
    pub slug: String,
    pub status: String,
    pub device: Option<String>,
    pub created_at: NaiveDateTime,
    pub solved_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Queryable, Serialize)]
pub struct ExportedPost {
    pub id: i64,
    pub thread_id: i64,
    pub thread_title: String,
    /// 0 for the post that opened the thread.
    pub reply_number: i32,
    /// What the member wrote (Markdown), as it reads now.
    pub body: String,
    pub created_at: NaiveDateTime,
    pub edited_at: Option<NaiveDateTime>,
    pub hidden: bool,
    pub hidden_reason: Option<String>,
}

#[derive(Debug, Clone, Queryable, Serialize)]
pub struct ExportedVote {
    pub post_id: i64,
    pub thread_id: i64,
    pub thread_title: String,
    pub created_at: NaiveDateTime,
}

/// A thread the member marked (me too) or follows.
#[derive(Debug, Clone, Queryable, Serialize)]
pub struct ExportedThreadMark {
    pub thread_id: i64,
    pub thread_title: String,
    pub created_at: NaiveDateTime,
}

/// A device the member said they own.
#[derive(Debug, Clone, Queryable, Serialize)]
pub struct ExportedOwnedDevice {
    pub device_slug: String,
    pub device_name: String,
    pub nickname: String,
    pub purchased_on: Option<chrono::NaiveDate>,
    pub firmware: String,
    pub shown_on_profile: bool,
    pub created_at: NaiveDateTime,
}

pub fn owned_devices_of(
    conn: &mut DbConn,
    user_id: i64,
    limit: i64,
) -> QueryResult<Vec<ExportedOwnedDevice>> {
    use crate::db::schema::owned_devices;
    owned_devices::table
        .inner_join(devices::table.on(devices::id.eq(owned_devices::device_id)))
        .filter(owned_devices::user_id.eq(user_id))
        .order((owned_devices::created_at.asc(), owned_devices::id.asc()))
        .select((
            devices::slug,
            devices::name,
            owned_devices::nickname,
            owned_devices::purchased_on,
            owned_devices::firmware,
            owned_devices::shown_on_profile,
            owned_devices::created_at,
        ))
        .limit(limit)
        .load(conn)
}

pub fn threads_by(conn: &mut DbConn, user_id: i64, limit: i64) -> QueryResult<Vec<ExportedThread>> {
    threads::table
        .left_join(devices::table)
        .filter(threads::author_id.eq(user_id))
        .order((threads::created_at.asc(), threads::id.asc()))
        .select((
            threads::id,
            threads::kind,
            threads::title,
            threads::slug,
            threads::status,
            devices::name.nullable(),
            threads::created_at,
            threads::solved_at,
        ))
        .limit(limit)
        .load(conn)
}

pub fn posts_by(conn: &mut DbConn, user_id: i64, limit: i64) -> QueryResult<Vec<ExportedPost>> {
    posts::table
        .inner_join(threads::table)
        .filter(posts::author_id.eq(user_id))
        .order((posts::created_at.asc(), posts::id.asc()))
        .select((
            posts::id,
            posts::thread_id,
            threads::title,
            posts::reply_number,
            posts::body_md,
            posts::created_at,
            posts::edited_at,
            posts::hidden,
            posts::hidden_reason,
        ))
        .limit(limit)
        .load(conn)
}

pub fn votes_by(conn: &mut DbConn, user_id: i64, limit: i64) -> QueryResult<Vec<ExportedVote>> {
    votes::table
        .inner_join(posts::table.inner_join(threads::table))
        .filter(votes::user_id.eq(user_id))
        .order((votes::created_at.asc(), votes::post_id.asc()))
        .select((
            votes::post_id,
            posts::thread_id,
            threads::title,
            votes::created_at,
        ))
        .limit(limit)
        .load(conn)
}

pub fn me_too_by(
    conn: &mut DbConn,
    user_id: i64,
    limit: i64,
) -> QueryResult<Vec<ExportedThreadMark>> {
    me_toos::table
        .inner_join(threads::table.on(threads::id.eq(me_toos::thread_id)))
        .filter(me_toos::user_id.eq(user_id))
        .order((me_toos::created_at.asc(), me_toos::thread_id.asc()))
        .select((me_toos::thread_id, threads::title, me_toos::created_at))
        .limit(limit)
        .load(conn)
}

pub fn follows_by(
    conn: &mut DbConn,
    user_id: i64,
    limit: i64,
) -> QueryResult<Vec<ExportedThreadMark>> {
    thread_follows::table
        .inner_join(threads::table.on(threads::id.eq(thread_follows::thread_id)))
        .filter(thread_follows::user_id.eq(user_id))
        .order((
            thread_follows::created_at.asc(),
            thread_follows::thread_id.asc(),
        ))
        .select((
            thread_follows::thread_id,
            threads::title,
            thread_follows::created_at,
        ))
        .limit(limit)
        .load(conn)
}

pub fn idea_votes_by(
    conn: &mut DbConn,
    user_id: i64,
    limit: i64,
) -> QueryResult<Vec<ExportedThreadMark>> {
    idea_votes::table
        .inner_join(threads::table.on(threads::id.eq(idea_votes::thread_id)))
        .filter(idea_votes::user_id.eq(user_id))
        .order((idea_votes::created_at.asc(), idea_votes::thread_id.asc()))
        .select((
            idea_votes::thread_id,
            threads::title,
            idea_votes::created_at,
        ))
        .limit(limit)
        .load(conn)
}

/// A private message the member wrote to staff on an escalated question.
#[derive(Debug, Clone, Queryable, Serialize)]
pub struct ExportedPrivateMessage {
    pub thread_id: i64,
    pub thread_title: String,
    /// As written (Markdown).
    pub body: String,
    pub created_at: NaiveDateTime,
}

pub fn private_messages_by(
    conn: &mut DbConn,
    user_id: i64,
    limit: i64,
) -> QueryResult<Vec<ExportedPrivateMessage>> {
    private_messages::table
        .inner_join(threads::table)
        .filter(private_messages::author_id.eq(user_id))
        .order((
            private_messages::created_at.asc(),
            private_messages::id.asc(),
        ))
        .select((
            private_messages::thread_id,
            threads::title,
            private_messages::body_md,
            private_messages::created_at,
        ))
        .limit(limit)
        .load(conn)
}

// Erasing an account

/// What replaces a leaving member's details: names nobody can log in with
/// or mail, and a password hash no password matches.
#[derive(Debug)]
pub struct Erasure<'a> {
    pub user_id: i64,
    pub username: &'a str,
    pub email: &'a str,
    pub password_hash: &'a str,
    pub at: NaiveDateTime,
}

/// Clears the member's personal details and deletes what only concerns
/// them: sessions, mailed links, mail preferences, follows, notifications
/// and the mail not sent to them yet. Mail already sent keeps its row (for
/// support), without their address. Their posts, threads and votes stay.
/// Call it inside a write transaction.
pub fn erase(conn: &mut DbConn, erasure: &Erasure) -> QueryResult<()> {
    let id = erasure.user_id;
    // Addresses mail for them may be waiting for: theirs, and a new one they
    // asked to move to (its confirmation goes there).
    let mut addresses: Vec<String> = account_tokens::table
        .filter(account_tokens::user_id.eq(id))
        .select(account_tokens::email)
        .distinct()
        .load(conn)?;
    addresses.push(users::table.find(id).select(users::email).first(conn)?);
    diesel::update(users::table.find(id))
        .set((
            users::username.eq(erasure.username),
            users::username_key.eq(crate::model::accounts::users::username_key(
                erasure.username,
            )),
            users::email.eq(erasure.email),
            users::password_hash.eq(erasure.password_hash),
            users::role.eq(crate::model::accounts::users::Role::Member.as_str()),
            users::bio.eq(""),
            users::avatar_photo_id.eq(None::<i64>),
            users::suspended_until.eq(None::<NaiveDateTime>),
            users::suspension_reason.eq(None::<String>),
            users::email_verified_at.eq(None::<NaiveDateTime>),
            users::deleted_at.eq(Some(erasure.at)),
        ))
        .execute(conn)?;
    diesel::delete(sessions::table.filter(sessions::user_id.eq(id))).execute(conn)?;
    diesel::delete(account_tokens::table.filter(account_tokens::user_id.eq(id))).execute(conn)?;
    // API tokens die with the account.
    crate::model::integrations::api_tokens::delete_for_user(conn, id)?;
    diesel::delete(mail_preferences::table.filter(mail_preferences::user_id.eq(id)))
        .execute(conn)?;
    diesel::delete(thread_follows::table.filter(thread_follows::user_id.eq(id))).execute(conn)?;
    // Their devices, and with them (ON DELETE CASCADE) maintenance done,
    // reminders sent and known-issue alerts asked for.
    diesel::delete(
        crate::db::schema::owned_devices::table
            .filter(crate::db::schema::owned_devices::user_id.eq(id)),
    )
    .execute(conn)?;
    diesel::delete(notifications::table.filter(notifications::user_id.eq(id))).execute(conn)?;
    diesel::delete(
        crate::db::schema::mail_digest_items::table
            .filter(crate::db::schema::mail_digest_items::user_id.eq(id)),
    )
    .execute(conn)?;
    diesel::delete(crate::db::schema::mail_digest_sent::table.find(id)).execute(conn)?;
    let theirs = mail_outbox::user_id
        .eq(id)
        .or(mail_outbox::to_address.eq_any(addresses));
    diesel::delete(
        mail_outbox::table
            .filter(theirs.clone())
            .filter(mail_outbox::sent_at.is_null())
            .filter(mail_outbox::failed_at.is_null()),
    )
    .execute(conn)?;
    diesel::update(mail_outbox::table.filter(theirs))
        .set((
            mail_outbox::to_address.eq(erasure.email),
            mail_outbox::payload.eq("{}"),
        ))
        .execute(conn)?;
    Ok(())
}

/// Whether a username (any case) or an address belongs to an account.
pub fn name_or_email_taken(conn: &mut DbConn, username: &str, email: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        users::table.filter(
            users::username_key
                .eq(crate::model::accounts::users::username_key(username))
                .or(users::email.eq(email)),
        ),
    ))
    .get_result(conn)
}
