//! Known issues: the row beside a thread of kind `known_issue`, its status
//! history (`status_events`, shared with other threads that have a status)
//! and the threads linked or merged into it.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Nullable, Text, Timestamp};
use serde::Serialize;

use crate::db::schema::{
    devices, known_issue_links, known_issue_watchers, known_issues, owned_devices, status_events,
    threads, users,
};
use crate::db::DbConn;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, Serialize)]
#[diesel(table_name = known_issues)]
pub struct KnownIssue {
    pub thread_id: i64,
    pub status: String,
    pub is_open: bool,
    pub fixed_in: Option<String>,
    pub best_fix_post_id: Option<i64>,
    pub best_fix_guide_id: Option<i64>,
    pub changed_at: NaiveDateTime,
    /// What people can do until it is fixed (plain text); empty for none.
    pub workaround: String,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = status_events)]
pub struct NewStatusEvent<'a> {
    pub thread_id: i64,
    pub status: &'a str,
    pub detail: &'a str,
    pub note: &'a str,
    pub author_id: Option<i64>,
    pub created_at: NaiveDateTime,
}

/// One entry of a status history, with its author's name.
#[derive(Debug, Clone, Queryable, Serialize)]
pub struct StatusEventView {
    pub id: i64,
    pub status: String,
    pub detail: String,
    pub note: String,
    pub author_name: Option<String>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = known_issue_links)]
pub struct Link {
    pub thread_id: i64,
    pub known_issue_id: i64,
    pub merged: bool,
    pub linked_by_id: Option<i64>,
    pub linked_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConn, issue: &KnownIssue) -> QueryResult<usize> {
    diesel::insert_into(known_issues::table)
        .values(issue)
        .execute(conn)
}

pub fn find(conn: &mut DbConn, thread_id: i64) -> QueryResult<Option<KnownIssue>> {
    known_issues::table
        .find(thread_id)
        .select(KnownIssue::as_select())
        .first(conn)
        .optional()
}

pub fn set_status(
    conn: &mut DbConn,
    thread_id: i64,
    status: &str,
    is_open: bool,
    fixed_in: Option<&str>,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(known_issues::table.find(thread_id))
        .set((
            known_issues::status.eq(status),
            known_issues::is_open.eq(is_open),
            known_issues::fixed_in.eq(fixed_in),
            known_issues::changed_at.eq(at),
        ))
        .execute(conn)
}

pub fn set_workaround(conn: &mut DbConn, thread_id: i64, workaround: &str) -> QueryResult<usize> {
    diesel::update(known_issues::table.find(thread_id))
        .set(known_issues::workaround.eq(workaround))
        .execute(conn)
}

pub fn set_best_fix(
    conn: &mut DbConn,
    thread_id: i64,
    post_id: Option<i64>,
    guide_id: Option<i64>,
) -> QueryResult<usize> {
    diesel::update(known_issues::table.find(thread_id))
        .set((
            known_issues::best_fix_post_id.eq(post_id),
            known_issues::best_fix_guide_id.eq(guide_id),
        ))
        .execute(conn)
}

pub fn insert_event(conn: &mut DbConn, event: &NewStatusEvent) -> QueryResult<usize> {
    diesel::insert_into(status_events::table)
        .values(event)
        .execute(conn)
}

/// A thread's status history, oldest first.
pub fn events(conn: &mut DbConn, thread_id: i64) -> QueryResult<Vec<StatusEventView>> {
    status_events::table
        .left_join(users::table.on(users::id.nullable().eq(status_events::author_id)))
        .filter(status_events::thread_id.eq(thread_id))
        .order(status_events::id.asc())
        .select((
            status_events::id,
            status_events::status,
            status_events::detail,
            status_events::note,
            users::username.nullable(),
            status_events::created_at,
        ))
        .load(conn)
}

pub fn insert_link(
    conn: &mut DbConn,
    thread_id: i64,
    known_issue_id: i64,
    merged: bool,
    by: i64,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::insert_into(known_issue_links::table)
        .values((
            known_issue_links::thread_id.eq(thread_id),
            known_issue_links::known_issue_id.eq(known_issue_id),
            known_issue_links::merged.eq(merged),
            known_issue_links::linked_by_id.eq(Some(by)),
            known_issue_links::linked_at.eq(at),
        ))
        .execute(conn)
}

pub fn link_of(conn: &mut DbConn, thread_id: i64) -> QueryResult<Option<Link>> {
    known_issue_links::table
        .find(thread_id)
        .select(Link::as_select())
        .first(conn)
        .optional()
}

pub fn delete_link(conn: &mut DbConn, thread_id: i64) -> QueryResult<usize> {
    diesel::delete(known_issue_links::table.find(thread_id)).execute(conn)
}

/// The threads linked to a known issue, in the order they were linked.
pub fn linked_ids(conn: &mut DbConn, known_issue_id: i64) -> QueryResult<Vec<(i64, bool)>> {
    known_issue_links::table
        .filter(known_issue_links::known_issue_id.eq(known_issue_id))
        .order((
            known_issue_links::linked_at.asc(),
            known_issue_links::thread_id.asc(),
        ))
        .select((known_issue_links::thread_id, known_issue_links::merged))
        .load(conn)
}

/// Which of these threads are linked, and to which known issue.
pub fn links_among(conn: &mut DbConn, thread_ids: &[i64]) -> QueryResult<Vec<(i64, i64)>> {
    known_issue_links::table
        .filter(known_issue_links::thread_id.eq_any(thread_ids))
        .select((
            known_issue_links::thread_id,
            known_issue_links::known_issue_id,
        ))
        .load(conn)
}

/// Everyone to tell about a known issue's change: who said "me too" on it
/// or on a linked thread, who follows it or a linked thread (askers follow
/// their own question). Each once.
pub fn audience(conn: &mut DbConn, known_issue_id: i64) -> QueryResult<Vec<i64>> {
    #[derive(QueryableByName)]
    struct Id {
        #[diesel(sql_type = BigInt)]
        user_id: i64,
    }
    let rows: Vec<Id> = diesel::sql_query(
        "SELECT m.user_id FROM me_toos m WHERE m.thread_id = $1 \
         UNION SELECT m.user_id FROM known_issue_links l JOIN me_toos m ON m.thread_id = l.thread_id \
               WHERE l.known_issue_id = $1 \
         UNION SELECT f.user_id FROM thread_follows f WHERE f.thread_id = $1 \
         UNION SELECT f.user_id FROM known_issue_links l JOIN thread_follows f ON f.thread_id = l.thread_id \
               WHERE l.known_issue_id = $1 \
         ORDER BY 1",
    )
    .bind::<BigInt, _>(known_issue_id)
    .load(conn)?;
    Ok(rows.into_iter().map(|r| r.user_id).collect())
}

/// Who a known issue affects, the one definition every page and count uses:
/// everyone who said "me too" on the issue or on a linked thread, and the
/// askers of linked questions. `{ids}` is a list of known issue ids; the
/// rows are (ki, user_id), a member possibly more than once.
const AFFECTED_ROWS: &str =
    "SELECT m.thread_id AS ki, m.user_id FROM me_toos m WHERE m.thread_id IN ({ids}) \
     UNION ALL SELECT l.known_issue_id AS ki, m.user_id FROM known_issue_links l \
          JOIN me_toos m ON m.thread_id = l.thread_id WHERE l.known_issue_id IN ({ids}) \
     UNION ALL SELECT l.known_issue_id AS ki, t.author_id AS user_id FROM known_issue_links l \
          JOIN threads t ON t.id = l.thread_id \
          WHERE l.known_issue_id IN ({ids}) AND t.kind = 'troubleshooting'";

/// How many members each of these known issues affects (`AFFECTED_ROWS`),
/// each counted once per issue. One query for all of them.
pub fn affected_counts(conn: &mut DbConn, ids: &[i64]) -> QueryResult<HashMap<i64, i64>> {
    #[derive(QueryableByName)]
    struct Row {
        #[diesel(sql_type = BigInt)]
        known_issue_id: i64,
        #[diesel(sql_type = BigInt)]
        affected: i64,
    }
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    // Integers only: safe to write into the statement.
    let list = ids
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    let rows: Vec<Row> = diesel::sql_query(format!(
        "SELECT a.ki AS known_issue_id, CAST(COUNT(DISTINCT a.user_id) AS BIGINT) AS affected \
         FROM ({}) a GROUP BY a.ki",
        AFFECTED_ROWS.replace("{ids}", &list)
    ))
    .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|r| (r.known_issue_id, r.affected))
        .collect())
}

/// The devices of a known issue and of its linked threads, with how many of
/// those threads are about each.
pub fn affected_devices(
    conn: &mut DbConn,
    known_issue_id: i64,
) -> QueryResult<Vec<(String, String, i64)>> {
    let linked = known_issue_links::table
        .filter(known_issue_links::known_issue_id.eq(known_issue_id))
        .select(known_issue_links::thread_id);
    let rows: Vec<(String, String, i64)> = threads::table
        .inner_join(devices::table.on(devices::id.nullable().eq(threads::device_id)))
        .filter(
            threads::id
                .eq(known_issue_id)
                .or(threads::id.eq_any(linked)),
        )
        .group_by((devices::id, devices::name, devices::slug))
        .select((devices::name, devices::slug, diesel::dsl::count_star()))
        .order(devices::name.asc())
        .load(conn)?;
    Ok(rows)
}

/// A row of a list of known issues.
#[derive(Debug, Clone, Queryable, Serialize)]
pub struct ListItem {
    pub id: i64,
    pub title: String,
    pub slug: String,
    pub status: String,
    pub is_open: bool,
    pub fixed_in: Option<String>,
    pub changed_at: NaiveDateTime,
    pub device_name: Option<String>,
    pub device_slug: Option<String>,
}

#[derive(Debug, Default, Clone)]
pub struct ListFilter {
    pub status: Option<String>,
    /// Known issues about any of these devices.
    pub device_ids: Option<Vec<i64>>,
}

/// One page of known issues: open ones first, then by their last change.
pub fn list(
    conn: &mut DbConn,
    filter: &ListFilter,
    offset: i64,
    limit: i64,
) -> QueryResult<Vec<ListItem>> {
    let mut query = known_issues::table
        .inner_join(threads::table.on(threads::id.eq(known_issues::thread_id)))
        .left_join(devices::table.on(devices::id.nullable().eq(threads::device_id)))
        .filter(diesel::dsl::not(
            crate::model::discussion::threads::opening_post_hidden(),
        ))
        .select((
            threads::id,
            threads::title,
            threads::slug,
            known_issues::status,
            known_issues::is_open,
            known_issues::fixed_in,
            known_issues::changed_at,
            devices::name.nullable(),
            devices::slug.nullable(),
        ))
        .into_boxed();
    if let Some(status) = &filter.status {
        query = query.filter(known_issues::status.eq(status.clone()));
    }
    if let Some(ids) = &filter.device_ids {
        // The kind too (every row here is a thread of it): the
        // (device_id, kind, …) index then finds a device's known issues
        // directly, not among all its threads (a maker has thousands).
        query = query
            .filter(threads::kind.eq("known_issue"))
            .filter(threads::device_id.eq_any(ids.clone()));
    }
    query
        .order((
            known_issues::is_open.desc(),
            known_issues::changed_at.desc(),
            known_issues::thread_id.desc(),
        ))
        .offset(offset)
        .limit(limit)
        .load(conn)
}

/// What a known issue tells people to do now, as its page, the banners of
/// its threads and its notification mail show it first: its status, what it
/// is fixed in, the workaround, and the best fix (a verified answer, linked
/// as `/p/{best_fix_post_id}`, or a guide) with its thread's title.
#[derive(Debug, Clone, QueryableByName, Serialize)]
pub struct Advice {
    #[diesel(sql_type = BigInt)]
    pub id: i64,
    #[diesel(sql_type = Text)]
    pub title: String,
    #[diesel(sql_type = Text)]
    pub slug: String,
    #[diesel(sql_type = Text)]
    pub status: String,
    #[diesel(sql_type = Nullable<Text>)]
    pub fixed_in: Option<String>,
    #[diesel(sql_type = Text)]
    pub workaround: String,
    #[diesel(sql_type = Nullable<BigInt>)]
    pub best_fix_post_id: Option<i64>,
    #[diesel(sql_type = Nullable<BigInt>)]
    pub best_fix_guide_id: Option<i64>,
    #[diesel(sql_type = Nullable<Text>)]
    pub best_fix_slug: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub best_fix_title: Option<String>,
    #[diesel(sql_type = Timestamp)]
    pub changed_at: NaiveDateTime,
}

/// The columns of `Advice`, for a statement that joins `known_issues ki`
/// and its thread `t`.
const ADVICE_COLUMNS: &str = "t.id, t.title, t.slug, ki.status, ki.fixed_in, ki.workaround, \
     ki.best_fix_post_id, ki.best_fix_guide_id, bt.slug AS best_fix_slug, bt.title AS best_fix_title, \
     ki.changed_at";
/// The joins `ADVICE_COLUMNS` needs after `known_issues ki`.
const ADVICE_JOINS: &str = "JOIN threads t ON t.id = ki.thread_id \
     LEFT JOIN posts bp ON bp.id = ki.best_fix_post_id \
     LEFT JOIN threads bt ON bt.id = COALESCE(ki.best_fix_guide_id, bp.thread_id)";

/// A known issue's advice: one query.
pub fn advice(conn: &mut DbConn, known_issue_id: i64) -> QueryResult<Option<Advice>> {
    diesel::sql_query(format!(
        "SELECT {ADVICE_COLUMNS} FROM known_issues ki {ADVICE_JOINS} WHERE ki.thread_id = $1"
    ))
    .bind::<BigInt, _>(known_issue_id)
    .get_result(conn)
    .optional()
}

/// What a thread page shows about the known issue it is, or is linked to.
#[derive(Debug, Clone, QueryableByName, Serialize)]
pub struct Banner {
    #[diesel(embed)]
    #[serde(flatten)]
    pub advice: Advice,
    /// The members it affects (`affected_counts`), filled in after the query.
    #[diesel(sql_type = BigInt)]
    pub affected: i64,
    /// The thread shown is the known issue itself.
    #[diesel(sql_type = Bool)]
    pub is_self: bool,
    /// The thread shown was merged into it (and locked).
    #[diesel(sql_type = Bool)]
    pub merged: bool,
}

/// The banner of a thread that is, or is linked to, a known issue: two
/// queries (the issue with its advice, and its affected count).
pub fn banner(conn: &mut DbConn, thread_id: i64) -> QueryResult<Option<Banner>> {
    let found: Option<Banner> = diesel::sql_query(format!(
        "WITH k AS (SELECT ki.thread_id AS id FROM known_issues ki WHERE ki.thread_id = $1 \
                    UNION SELECT l.known_issue_id AS id FROM known_issue_links l WHERE l.thread_id = $1) \
         SELECT {ADVICE_COLUMNS}, CAST(0 AS BIGINT) AS affected, (t.id = $1) AS is_self, \
           COALESCE((SELECT l.merged FROM known_issue_links l WHERE l.thread_id = $1), (1 = 0)) AS merged \
         FROM k JOIN known_issues ki ON ki.thread_id = k.id {ADVICE_JOINS}"
    ))
    .bind::<BigInt, _>(thread_id)
    .get_result(conn)
    .optional()?;
    let Some(mut banner) = found else {
        return Ok(None);
    };
    let id = banner.advice.id;
    banner.affected = affected_counts(conn, &[id])?.get(&id).copied().unwrap_or(0);
    Ok(Some(banner))
}

/// Whether the owner of this owned device hears of new known issues for it.
pub fn is_watching(conn: &mut DbConn, owned_device_id: i64) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        known_issue_watchers::table.find(owned_device_id),
    ))
    .get_result(conn)
}

/// Starts (idempotent) or stops watching an owned device for new known issues.
pub fn set_watching(
    conn: &mut DbConn,
    owned_device_id: i64,
    watch: bool,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    if !watch {
        return diesel::delete(known_issue_watchers::table.find(owned_device_id)).execute(conn);
    }
    if is_watching(conn, owned_device_id)? {
        return Ok(0);
    }
    diesel::insert_into(known_issue_watchers::table)
        .values((
            known_issue_watchers::owned_device_id.eq(owned_device_id),
            known_issue_watchers::created_at.eq(at),
        ))
        .execute(conn)
}

/// The members watching a device at or below `path` (a materialised path)
/// that they own: a new known issue there affects them. Each once.
pub fn watchers_below(conn: &mut DbConn, path: &str) -> QueryResult<Vec<i64>> {
    known_issue_watchers::table
        .inner_join(
            owned_devices::table.on(owned_devices::id.eq(known_issue_watchers::owned_device_id)),
        )
        .inner_join(devices::table.on(devices::id.eq(owned_devices::device_id)))
        .filter(devices::path.like(format!("{path}%")))
        .select(owned_devices::user_id)
        .distinct()
        .load(conn)
}
