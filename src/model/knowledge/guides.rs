//! Repair guides: details, steps, step revisions, completions.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::{
    devices, guide_completions, guide_step_revisions, guide_steps, guides, users,
};
use crate::db::DbConn;

#[derive(Debug, Clone, Queryable, Selectable, Serialize, Insertable, AsChangeset)]
#[diesel(table_name = guides)]
pub struct Guide {
    pub thread_id: i64,
    /// None until the author chooses one (so is the time).
    #[diesel(treat_none_as_null = true)]
    pub difficulty: Option<String>,
    #[diesel(treat_none_as_null = true)]
    pub time_min: Option<i32>,
    #[diesel(treat_none_as_null = true)]
    pub time_max: Option<i32>,
    pub tools: String,
    pub parts: String,
    pub prerequisites: String,
    pub conclusion_md: String,
    pub conclusion_html: String,
    pub completions_worked: i32,
    pub completions_failed: i32,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = guide_steps)]
pub struct Step {
    pub id: i64,
    pub thread_id: i64,
    pub position: i32,
    pub title: String,
    pub body_md: String,
    pub body_html: String,
    pub caution: String,
    pub note: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// Hidden by staff: readers other than staff see the reason in its place.
    pub hidden: bool,
    pub hidden_reason: Option<String>,
    pub hidden_by_id: Option<i64>,
    pub hidden_at: Option<NaiveDateTime>,
    /// The words alone, for search (None for steps written before it was kept).
    #[serde(skip)]
    pub body_text: Option<String>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = guide_steps)]
pub struct NewStep<'a> {
    pub thread_id: i64,
    pub position: i32,
    pub title: &'a str,
    pub body_md: &'a str,
    pub body_html: &'a str,
    pub body_text: &'a str,
    pub caution: &'a str,
    pub note: &'a str,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Serialize)]
pub struct StepRevision {
    pub id: i64,
    pub step_id: i64,
    pub action: String,
    pub position: i32,
    pub title: String,
    pub body_md: String,
    pub caution: String,
    pub note: String,
    pub created_at: NaiveDateTime,
    pub editor_name: String,
    /// A version of a step that is (or was, when deleted) hidden.
    pub hidden: bool,
}

#[derive(Debug, Clone, Queryable, Serialize)]
pub struct Completion {
    pub worked: bool,
    pub comment: String,
    pub created_at: NaiveDateTime,
    pub username: String,
    pub device_name: Option<String>,
}

pub fn find(conn: &mut DbConn, thread_id: i64) -> QueryResult<Option<Guide>> {
    guides::table
        .find(thread_id)
        .select(Guide::as_select())
        .first(conn)
        .optional()
}

pub fn insert(conn: &mut DbConn, guide: &Guide) -> QueryResult<usize> {
    diesel::insert_into(guides::table)
        .values(guide)
        .execute(conn)
}

pub fn update(conn: &mut DbConn, guide: &Guide) -> QueryResult<usize> {
    diesel::update(guides::table.find(guide.thread_id))
        .set(guide)
        .execute(conn)
}

pub fn steps(conn: &mut DbConn, thread_id: i64) -> QueryResult<Vec<Step>> {
    guide_steps::table
        .filter(guide_steps::thread_id.eq(thread_id))
        .order((guide_steps::position.asc(), guide_steps::id.asc()))
        .select(Step::as_select())
        .load(conn)
}

pub fn find_step(conn: &mut DbConn, id: i64) -> QueryResult<Step> {
    guide_steps::table
        .find(id)
        .select(Step::as_select())
        .first(conn)
}

pub fn insert_step(conn: &mut DbConn, step: &NewStep) -> QueryResult<Step> {
    diesel::insert_into(guide_steps::table)
        .values(step)
        .returning(guide_steps::all_columns)
        .get_result(conn)
}

pub fn update_step(
    conn: &mut DbConn,
    id: i64,
    // The rendered forms (HTML, words) as plain values: rendering sits above the model.
    (title, body_md, (body_html, body_text), caution, note): (&str, &str, (&str, &str), &str, &str),
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(guide_steps::table.find(id))
        .set((
            guide_steps::title.eq(title),
            guide_steps::body_md.eq(body_md),
            guide_steps::body_html.eq(body_html),
            guide_steps::body_text.eq(body_text),
            guide_steps::caution.eq(caution),
            guide_steps::note.eq(note),
            guide_steps::updated_at.eq(at),
        ))
        .execute(conn)
}

pub fn set_position(conn: &mut DbConn, id: i64, position: i32) -> QueryResult<usize> {
    diesel::update(guide_steps::table.find(id))
        .set(guide_steps::position.eq(position))
        .execute(conn)
}

pub fn delete_step(conn: &mut DbConn, id: i64) -> QueryResult<usize> {
    diesel::delete(guide_steps::table.find(id)).execute(conn)
}

/// Records what a step was before a change.
pub fn record_revision(
    conn: &mut DbConn,
    step: &Step,
    editor_id: i64,
    action: &str,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::insert_into(guide_step_revisions::table)
        .values((
            guide_step_revisions::thread_id.eq(step.thread_id),
            guide_step_revisions::step_id.eq(step.id),
            guide_step_revisions::editor_id.eq(editor_id),
            guide_step_revisions::action.eq(action),
            guide_step_revisions::position.eq(step.position),
            guide_step_revisions::title.eq(&step.title),
            guide_step_revisions::body_md.eq(&step.body_md),
            guide_step_revisions::caution.eq(&step.caution),
            guide_step_revisions::note.eq(&step.note),
            guide_step_revisions::created_at.eq(at),
            guide_step_revisions::hidden.eq(step.hidden),
        ))
        .execute(conn)
}

/// Every change to a guide's steps, newest first; the versions of hidden
/// steps only when `with_hidden` (for staff).
pub fn revisions(
    conn: &mut DbConn,
    thread_id: i64,
    with_hidden: bool,
) -> QueryResult<Vec<StepRevision>> {
    let mut query = guide_step_revisions::table
        .inner_join(users::table.on(users::id.eq(guide_step_revisions::editor_id)))
        .filter(guide_step_revisions::thread_id.eq(thread_id))
        .order((
            guide_step_revisions::created_at.desc(),
            guide_step_revisions::id.desc(),
        ))
        .select((
            guide_step_revisions::id,
            guide_step_revisions::step_id,
            guide_step_revisions::action,
            guide_step_revisions::position,
            guide_step_revisions::title,
            guide_step_revisions::body_md,
            guide_step_revisions::caution,
            guide_step_revisions::note,
            guide_step_revisions::created_at,
            users::username,
            guide_step_revisions::hidden,
        ))
        .into_boxed();
    if !with_hidden {
        query = query.filter(guide_step_revisions::hidden.eq(false));
    }
    query.load(conn)
}

pub fn insert_completion(
    conn: &mut DbConn,
    thread_id: i64,
    user_id: i64,
    worked: bool,
    device_id: Option<i64>,
    comment: &str,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::insert_into(guide_completions::table)
        .values((
            guide_completions::thread_id.eq(thread_id),
            guide_completions::user_id.eq(user_id),
            guide_completions::worked.eq(worked),
            guide_completions::device_id.eq(device_id),
            guide_completions::comment.eq(comment),
            guide_completions::created_at.eq(at),
        ))
        .execute(conn)
}

pub fn count_completion(conn: &mut DbConn, thread_id: i64, worked: bool) -> QueryResult<usize> {
    let target = guides::table.find(thread_id);
    if worked {
        diesel::update(target)
            .set(guides::completions_worked.eq(guides::completions_worked + 1))
            .execute(conn)
    } else {
        diesel::update(target)
            .set(guides::completions_failed.eq(guides::completions_failed + 1))
            .execute(conn)
    }
}

pub fn has_completed(conn: &mut DbConn, thread_id: i64, user_id: i64) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        guide_completions::table.find((thread_id, user_id)),
    ))
    .get_result(conn)
}

/// Reports that it did not work, with their comments (for the author and staff).
pub fn failed_reports(conn: &mut DbConn, thread_id: i64) -> QueryResult<Vec<Completion>> {
    guide_completions::table
        .inner_join(users::table.on(users::id.eq(guide_completions::user_id)))
        .left_join(devices::table.on(devices::id.nullable().eq(guide_completions::device_id)))
        .filter(guide_completions::thread_id.eq(thread_id))
        .filter(guide_completions::worked.eq(false))
        .order(guide_completions::created_at.desc())
        .select((
            guide_completions::worked,
            guide_completions::comment,
            guide_completions::created_at,
            users::username,
            devices::name.nullable(),
        ))
        .load(conn)
}

/// Plain text of a guide's steps, for search (hidden steps never).
/// The searchable words of a guide's visible steps: (title, Markdown, the
/// stored plain text if any, caution).
#[allow(clippy::type_complexity)]
pub fn steps_text(
    conn: &mut DbConn,
    thread_id: i64,
) -> QueryResult<Vec<(String, String, Option<String>, String)>> {
    guide_steps::table
        .filter(guide_steps::thread_id.eq(thread_id))
        .filter(guide_steps::hidden.eq(false))
        .order(guide_steps::position.asc())
        .select((
            guide_steps::title,
            guide_steps::body_md,
            guide_steps::body_text,
            guide_steps::caution,
        ))
        .load(conn)
}

/// A guide in a device hub's list.
#[derive(Debug, Clone, Queryable, Serialize)]
pub struct GuideListItem {
    pub id: i64,
    pub title: String,
    pub slug: String,
    pub verified: bool,
    pub difficulty: Option<String>,
    pub time_min: Option<i32>,
    pub time_max: Option<i32>,
    pub completions_worked: i32,
    pub completions_failed: i32,
}

/// Guides about any of these devices, staff-verified first.
pub fn list_for_devices(
    conn: &mut DbConn,
    device_ids: &[i64],
    limit: i64,
) -> QueryResult<Vec<GuideListItem>> {
    use crate::db::schema::threads;
    use crate::model::discussion::threads::{page_ids_in_devices, ListOrder};
    let ids = page_ids_in_devices(
        conn,
        device_ids,
        Some("guide"),
        ListOrder::VerifiedThenActivity,
        0,
        limit,
    )?;
    threads::table
        .inner_join(guides::table.on(guides::thread_id.eq(threads::id)))
        .filter(threads::id.eq_any(ids))
        .order((
            threads::verified_at.is_not_null().desc(),
            threads::last_activity_at.desc(),
        ))
        .select((
            threads::id,
            threads::title,
            threads::slug,
            threads::verified_at.is_not_null(),
            guides::difficulty,
            guides::time_min,
            guides::time_max,
            guides::completions_worked,
            guides::completions_failed,
        ))
        .limit(limit)
        .load(conn)
}

/// Titles of the given guides (prerequisites), in one query.
pub fn titles(conn: &mut DbConn, ids: &[i64]) -> QueryResult<Vec<(i64, String, String)>> {
    use crate::db::schema::threads;
    threads::table
        .filter(threads::id.eq_any(ids))
        .select((threads::id, threads::title, threads::slug))
        .load(conn)
}

/// Steps a member added or edited since a moment (for new-member limits).
pub fn count_step_writes_since(
    conn: &mut DbConn,
    editor_id: i64,
    since: NaiveDateTime,
) -> QueryResult<i64> {
    guide_step_revisions::table
        .filter(guide_step_revisions::editor_id.eq(editor_id))
        .filter(guide_step_revisions::created_at.ge(since))
        .filter(guide_step_revisions::action.eq_any(["add", "edit"]))
        .count()
        .get_result(conn)
}

/// Hides a step (with the reason readers see) or shows it again; its
/// earlier versions follow it.
pub fn set_step_hidden(
    conn: &mut DbConn,
    id: i64,
    hidden: bool,
    reason: Option<&str>,
    by: Option<i64>,
    at: Option<NaiveDateTime>,
) -> QueryResult<usize> {
    let updated = diesel::update(guide_steps::table.find(id))
        .set((
            guide_steps::hidden.eq(hidden),
            guide_steps::hidden_reason.eq(reason),
            guide_steps::hidden_by_id.eq(by),
            guide_steps::hidden_at.eq(at),
        ))
        .execute(conn)?;
    diesel::update(guide_step_revisions::table.filter(guide_step_revisions::step_id.eq(id)))
        .set(guide_step_revisions::hidden.eq(hidden))
        .execute(conn)?;
    Ok(updated)
}

/// Steps written before their plain text was kept: (id, Markdown), by id.
pub fn steps_without_plain_text(
    conn: &mut DbConn,
    after_id: i64,
    limit: i64,
) -> QueryResult<Vec<(i64, String)>> {
    guide_steps::table
        .filter(guide_steps::body_text.is_null())
        .filter(guide_steps::id.gt(after_id))
        .order(guide_steps::id.asc())
        .select((guide_steps::id, guide_steps::body_md))
        .limit(limit)
        .load(conn)
}

pub fn set_step_plain_text(conn: &mut DbConn, id: i64, text: &str) -> QueryResult<usize> {
    diesel::update(guide_steps::table.find(id))
        .set(guide_steps::body_text.eq(text))
        .execute(conn)
}

/// The position of a guide's last step (hidden ones too), if it has any.
pub fn last_step_position(conn: &mut DbConn, thread_id: i64) -> QueryResult<Option<i32>> {
    guide_steps::table
        .filter(guide_steps::thread_id.eq(thread_id))
        .select(diesel::dsl::max(guide_steps::position))
        .first(conn)
}
