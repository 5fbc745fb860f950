//! The SQL behind notification mail: what each member chose per kind of
//! mail (`mail_preferences`), the digest's waiting lines
//! (`mail_digest_items`) and the day each member's last digest covered
//! (`mail_digest_sent`), and the solved reminders (`solved_reminders`). The
//! rules that use them are in `forum::accounts::mail_preferences`.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text, Timestamp};

use crate::db::schema::{
    devices, mail_digest_items, mail_preferences, maintenance_tasks, owned_devices, posts, threads,
    users,
};
use crate::db::DbConn;
use crate::model::accounts::notifications::{About, TaskCols, ThreadCols};

/// The member's saved choices: (kind, mode). Kinds without a row use their
/// default.
pub fn modes(conn: &mut DbConn, user_id: i64) -> QueryResult<Vec<(String, String)>> {
    mail_preferences::table
        .filter(mail_preferences::user_id.eq(user_id))
        .select((mail_preferences::kind, mail_preferences::mode))
        .load(conn)
}

/// Saves (kind, mode) choices, replacing earlier ones (an upsert both
/// dialects spell alike).
pub fn save(conn: &mut DbConn, user_id: i64, choices: &[(&str, &str)]) -> QueryResult<()> {
    for (kind, mode) in choices {
        diesel::sql_query(
            "INSERT INTO mail_preferences (user_id, kind, mode) VALUES ($1, $2, $3) \
             ON CONFLICT (user_id, kind) DO UPDATE SET mode = excluded.mode",
        )
        .bind::<BigInt, _>(user_id)
        .bind::<Text, _>(*kind)
        .bind::<Text, _>(*mode)
        .execute(conn)?;
    }
    Ok(())
}

/// A member about to be mailed, with one of their saved choices among the
/// kinds asked for (a member with none has one row with `kind` None; one with
/// several has a row per choice).
#[derive(Debug, Clone, Queryable)]
pub struct RecipientRow {
    pub user_id: i64,
    pub username: String,
    pub email: String,
    pub email_verified_at: Option<NaiveDateTime>,
    pub suspended_until: Option<NaiveDateTime>,
    pub deleted_at: Option<NaiveDateTime>,
    pub kind: Option<String>,
    pub mode: Option<String>,
}

/// The accounts of these members and their choices for these kinds, in one
/// query however many members there are.
pub fn recipients(
    conn: &mut DbConn,
    user_ids: &[i64],
    kinds: &[&str],
) -> QueryResult<Vec<RecipientRow>> {
    let kinds: Vec<String> = kinds.iter().map(|k| (*k).to_owned()).collect();
    users::table
        .left_join(
            mail_preferences::table.on(mail_preferences::user_id
                .eq(users::id)
                .and(mail_preferences::kind.eq_any(kinds))),
        )
        .filter(users::id.eq_any(user_ids.to_vec()))
        .select((
            users::id,
            users::username,
            users::email,
            users::email_verified_at,
            users::suspended_until,
            users::deleted_at,
            mail_preferences::kind.nullable(),
            mail_preferences::mode.nullable(),
        ))
        .load(conn)
}

#[derive(Debug, Insertable)]
#[diesel(table_name = mail_digest_items)]
pub struct NewDigestItem<'a> {
    pub user_id: i64,
    pub kind: &'a str,
    pub event: &'a str,
    pub thread_id: Option<i64>,
    pub post_id: Option<i64>,
    pub actor_id: Option<i64>,
    pub created_at: NaiveDateTime,
    pub owned_device_id: Option<i64>,
    pub task_id: Option<i64>,
    pub due_on: Option<NaiveDate>,
}

pub fn insert_digest_item(conn: &mut DbConn, item: &NewDigestItem) -> QueryResult<usize> {
    diesel::insert_into(mail_digest_items::table)
        .values(item)
        .execute(conn)
}

/// A member with digest lines waiting, their time zone and their oldest line.
#[derive(Debug, Clone, Queryable)]
pub struct WaitingMember {
    pub user_id: i64,
    pub time_zone: String,
    pub first_line_at: NaiveDateTime,
}

/// Members with digest lines written up to `upto`, after `after` in id
/// order (a page of a run; index `mail_digest_items_user`).
pub fn digest_members(
    conn: &mut DbConn,
    upto: NaiveDateTime,
    after: i64,
    limit: i64,
) -> QueryResult<Vec<WaitingMember>> {
    let rows: Vec<(i64, String, Option<NaiveDateTime>)> = mail_digest_items::table
        .inner_join(users::table.on(users::id.eq(mail_digest_items::user_id)))
        .filter(users::id.gt(after))
        .filter(mail_digest_items::created_at.le(upto))
        .group_by(users::id)
        .select((
            users::id,
            users::time_zone,
            diesel::dsl::min(mail_digest_items::created_at),
        ))
        .order(users::id.asc())
        .limit(limit)
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(user_id, time_zone, first)| {
            Some(WaitingMember {
                user_id,
                time_zone,
                first_line_at: first?,
            })
        })
        .collect())
}

/// The member's time zone (an IANA name).
pub fn time_zone(conn: &mut DbConn, user_id: i64) -> QueryResult<String> {
    users::table
        .find(user_id)
        .select(users::time_zone)
        .first(conn)
}

pub fn set_time_zone(conn: &mut DbConn, user_id: i64, zone: &str) -> QueryResult<usize> {
    diesel::update(users::table.find(user_id))
        .set(users::time_zone.eq(zone))
        .execute(conn)
}

/// One waiting digest line with what it shows.
#[derive(Debug, Clone)]
pub struct DigestItemRow {
    pub id: i64,
    pub user_id: i64,
    pub kind: String,
    pub event: String,
    pub post_id: Option<i64>,
    pub created_at: NaiveDateTime,
    pub actor_name: Option<String>,
    /// None when what it was about is gone (only in a race: deletes cascade).
    pub about: Option<About>,
}

/// id, member, kind, event, post id, created, actor, thread, task.
type DigestRow = (
    i64,
    i64,
    String,
    String,
    Option<i64>,
    NaiveDateTime,
    Option<String>,
    ThreadCols,
    TaskCols,
);

/// These members' digest lines written up to `cutoff`, oldest first.
pub fn digest_items(
    conn: &mut DbConn,
    user_ids: &[i64],
    cutoff: NaiveDateTime,
) -> QueryResult<Vec<DigestItemRow>> {
    let rows: Vec<DigestRow> = mail_digest_items::table
        .left_join(threads::table)
        .left_join(users::table.on(users::id.nullable().eq(mail_digest_items::actor_id)))
        .left_join(
            maintenance_tasks::table.on(maintenance_tasks::id
                .nullable()
                .eq(mail_digest_items::task_id)),
        )
        .left_join(
            owned_devices::table.on(owned_devices::id
                .nullable()
                .eq(mail_digest_items::owned_device_id)),
        )
        .left_join(devices::table.on(devices::id.eq(owned_devices::device_id)))
        .filter(mail_digest_items::user_id.eq_any(user_ids.to_vec()))
        .filter(mail_digest_items::created_at.le(cutoff))
        .order((
            mail_digest_items::user_id.asc(),
            mail_digest_items::created_at.asc(),
            mail_digest_items::id.asc(),
        ))
        .select((
            mail_digest_items::id,
            mail_digest_items::user_id,
            mail_digest_items::kind,
            mail_digest_items::event,
            mail_digest_items::post_id,
            mail_digest_items::created_at,
            users::username.nullable(),
            (
                threads::id.nullable(),
                threads::slug.nullable(),
                threads::title.nullable(),
            ),
            (
                owned_devices::id.nullable(),
                maintenance_tasks::id.nullable(),
                maintenance_tasks::title.nullable(),
                owned_devices::nickname.nullable(),
                devices::name.nullable(),
            ),
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(id, user_id, kind, event, post_id, created_at, actor_name, thread, task)| {
                DigestItemRow {
                    id,
                    user_id,
                    kind,
                    event,
                    post_id,
                    created_at,
                    actor_name,
                    about: About::from_row(thread, post_id, task),
                }
            },
        )
        .collect())
}

/// Which of these posts are hidden now.
pub fn hidden_posts(conn: &mut DbConn, post_ids: &[i64]) -> QueryResult<Vec<i64>> {
    posts::table
        .filter(posts::id.eq_any(post_ids.to_vec()))
        .filter(posts::hidden)
        .select(posts::id)
        .load(conn)
}

/// Which of these threads are withdrawn now (their opening post hidden).
pub fn withdrawn_threads(conn: &mut DbConn, thread_ids: &[i64]) -> QueryResult<Vec<i64>> {
    threads::table
        .filter(threads::id.eq_any(thread_ids.to_vec()))
        .filter(crate::model::discussion::threads::opening_post_hidden())
        .select(threads::id)
        .load(conn)
}

/// Deletes digest lines; returns how many were still there (fewer than
/// asked: another server took them first).
pub fn delete_digest_items(conn: &mut DbConn, ids: &[i64]) -> QueryResult<usize> {
    diesel::delete(mail_digest_items::table.filter(mail_digest_items::id.eq_any(ids.to_vec())))
        .execute(conn)
}

/// Records that the member's digest for the day ending at `cutoff` is made:
/// 1 if this call did it, 0 if a digest for that day (or a later one) was
/// made already. On PostgreSQL a second server doing the same member waits
/// for the first one's row lock and then matches nothing.
pub fn claim_digest_day(
    conn: &mut DbConn,
    user_id: i64,
    cutoff: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::sql_query(
        "INSERT INTO mail_digest_sent (user_id, sent_through) VALUES ($1, $2) \
         ON CONFLICT (user_id) DO UPDATE SET sent_through = excluded.sent_through \
         WHERE mail_digest_sent.sent_through < excluded.sent_through",
    )
    .bind::<BigInt, _>(user_id)
    .bind::<Timestamp, _>(cutoff)
    .execute(conn)
}

#[derive(Debug, QueryableByName)]
pub struct ReminderCandidate {
    #[diesel(sql_type = BigInt)]
    pub thread_id: i64,
    #[diesel(sql_type = BigInt)]
    pub author_id: i64,
}

/// Open or escalated troubleshooting questions asked between `asked_after`
/// and `asked_before`, with no accepted solution, not withdrawn or locked,
/// whose asker still has an account, that have a visible reply by someone
/// else and whose asker was never reminded; oldest first. The literals match
/// the partial index `threads_unsolved_questions`.
pub fn reminder_candidates(
    conn: &mut DbConn,
    asked_after: NaiveDateTime,
    asked_before: NaiveDateTime,
    limit: i64,
) -> QueryResult<Vec<ReminderCandidate>> {
    diesel::sql_query(
        "SELECT t.id AS thread_id, t.author_id AS author_id FROM threads t \
         JOIN users u ON u.id = t.author_id \
         WHERE t.kind = 'troubleshooting' AND t.solution_post_id IS NULL \
           AND t.created_at > $1 AND t.created_at <= $2 \
           AND t.status IN ('open', 'escalated') AND NOT t.locked \
           AND u.deleted_at IS NULL \
           AND NOT EXISTS (SELECT 1 FROM solved_reminders r WHERE r.thread_id = t.id) \
           AND EXISTS (SELECT 1 FROM posts p WHERE p.thread_id = t.id \
                       AND p.author_id <> t.author_id AND p.reply_number > 0 AND NOT p.hidden) \
           AND t.id NOT IN (SELECT o.thread_id FROM posts o WHERE o.hidden AND o.reply_number = 0) \
         ORDER BY t.created_at, t.id LIMIT $3",
    )
    .bind::<Timestamp, _>(asked_after)
    .bind::<Timestamp, _>(asked_before)
    .bind::<BigInt, _>(limit)
    .load(conn)
}

/// Records the reminder for a thread: 1 if this call did, 0 if it was sent
/// already (by this server or another).
pub fn mark_reminded(
    conn: &mut DbConn,
    thread_id: i64,
    user_id: i64,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::sql_query(
        "INSERT INTO solved_reminders (thread_id, user_id, sent_at) VALUES ($1, $2, $3) \
         ON CONFLICT (thread_id) DO NOTHING",
    )
    .bind::<BigInt, _>(thread_id)
    .bind::<BigInt, _>(user_id)
    .bind::<Timestamp, _>(at)
    .execute(conn)
}
