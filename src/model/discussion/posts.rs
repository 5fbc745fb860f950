use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::{post_revisions, posts, threads, users};
use crate::db::DbConn;

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = posts)]
pub struct Post {
    pub id: i64,
    pub thread_id: i64,
    pub reply_number: i32,
    pub author_id: i64,
    pub body_md: String,
    pub body_html: String,
    pub created_at: NaiveDateTime,
    pub edited_at: Option<NaiveDateTime>,
    pub edited_by_id: Option<i64>,
    pub revision_count: i32,
    pub hidden: bool,
    pub hidden_reason: Option<String>,
    pub vote_count: i32,
    pub worked_count: i32,
    pub open_flag_count: i32,
    pub hidden_by_id: Option<i64>,
    pub hidden_at: Option<NaiveDateTime>,
    /// The words alone, for search (None for posts written before it was kept).
    #[serde(skip)]
    pub body_text: Option<String>,
    /// The language it is written in (render::language), if known.
    pub lang: Option<String>,
    /// Not read for its language yet (posts from before it was kept; the
    /// `post_languages` job reads them).
    #[serde(skip)]
    pub lang_pending: bool,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = posts)]
pub struct NewPost<'a> {
    pub thread_id: i64,
    pub reply_number: i32,
    pub author_id: i64,
    pub body_md: &'a str,
    pub body_html: &'a str,
    pub body_text: &'a str,
    pub created_at: NaiveDateTime,
    pub lang: Option<&'a str>,
    pub lang_pending: bool,
}

/// A post as a thread page shows it: with its author's name, role and standing.
#[derive(Debug, Clone, Queryable, Serialize, utoipa::ToSchema)]
pub struct PostView {
    pub id: i64,
    pub reply_number: i32,
    pub author_id: i64,
    pub body_html: String,
    pub created_at: NaiveDateTime,
    pub edited_at: Option<NaiveDateTime>,
    pub revision_count: i32,
    pub hidden: bool,
    pub hidden_reason: Option<String>,
    pub vote_count: i32,
    pub worked_count: i32,
    pub open_flag_count: i32,
    pub author_name: String,
    pub author_role: String,
    pub author_reputation: i32,
    /// The language it is written in, for its `lang` attribute.
    pub lang: Option<String>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = post_revisions)]
pub struct NewRevision<'a> {
    pub post_id: i64,
    pub version: i32,
    pub author_id: i64,
    pub title: Option<&'a str>,
    pub body_md: &'a str,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Serialize)]
pub struct RevisionView {
    pub version: i32,
    pub title: Option<String>,
    pub body_md: String,
    pub created_at: NaiveDateTime,
    pub author_name: String,
}

/// A reply in someone's activity list.
#[derive(Debug, Clone, Queryable, Serialize)]
pub struct PostActivity {
    pub id: i64,
    pub reply_number: i32,
    pub created_at: NaiveDateTime,
    pub thread_id: i64,
    pub thread_title: String,
    pub thread_slug: String,
}

pub fn insert(conn: &mut DbConn, new: &NewPost) -> QueryResult<Post> {
    diesel::insert_into(posts::table)
        .values(new)
        .returning(posts::all_columns)
        .get_result(conn)
}

pub fn find(conn: &mut DbConn, id: i64) -> QueryResult<Post> {
    posts::table.find(id).select(Post::as_select()).first(conn)
}

pub fn opening_post(conn: &mut DbConn, thread_id: i64) -> QueryResult<Post> {
    posts::table
        .filter(posts::thread_id.eq(thread_id))
        .filter(posts::reply_number.eq(0))
        .select(Post::as_select())
        .first(conn)
}

/// The columns of a `PostView`, from posts joined with their authors.
macro_rules! post_view_columns {
    () => {
        (
            posts::id,
            posts::reply_number,
            posts::author_id,
            posts::body_html,
            posts::created_at,
            posts::edited_at,
            posts::revision_count,
            posts::hidden,
            posts::hidden_reason,
            posts::vote_count,
            posts::worked_count,
            posts::open_flag_count,
            users::username,
            users::role,
            users::reputation,
            posts::lang,
        )
    };
}

/// The given posts with their authors, in one query (for the solution and
/// verified answers shown under a question, wherever they are in the thread).
pub fn views_by_ids(conn: &mut DbConn, ids: &[i64]) -> QueryResult<Vec<PostView>> {
    posts::table
        .inner_join(users::table.on(users::id.eq(posts::author_id)))
        .filter(posts::id.eq_any(ids))
        .order(posts::reply_number.asc())
        .select(post_view_columns!())
        .load(conn)
}

/// Posts numbered `from..to` of a thread with their authors: one query per page.
pub fn page_of_thread(
    conn: &mut DbConn,
    thread_id: i64,
    from: i32,
    to: i32,
) -> QueryResult<Vec<PostView>> {
    posts::table
        .inner_join(users::table.on(users::id.eq(posts::author_id)))
        .filter(posts::thread_id.eq(thread_id))
        .filter(posts::reply_number.ge(from))
        .filter(posts::reply_number.lt(to))
        .order(posts::reply_number.asc())
        .select(post_view_columns!())
        .load(conn)
}

pub fn update_body(
    conn: &mut DbConn,
    id: i64,
    body_md: &str,
    // The rendered forms as plain values: rendering sits above the model.
    (body_html, body_text, lang): (&str, &str, Option<&str>),
    editor_id: i64,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(posts::table.find(id))
        .set((
            posts::body_md.eq(body_md),
            posts::body_html.eq(body_html),
            posts::body_text.eq(body_text),
            posts::lang.eq(lang),
            posts::lang_pending.eq(false),
            posts::edited_at.eq(at),
            posts::edited_by_id.eq(editor_id),
            posts::revision_count.eq(posts::revision_count + 1),
        ))
        .execute(conn)
}

/// A post not read for its language yet: `(id, thread id, reply number,
/// body Markdown, plain text if kept)`.
pub type PendingLanguage = (i64, i64, i32, String, Option<String>);

/// The next `limit` posts not read for their language yet, oldest first.
pub fn pending_languages(conn: &mut DbConn, limit: i64) -> QueryResult<Vec<PendingLanguage>> {
    posts::table
        .filter(posts::lang_pending)
        .order(posts::id.asc())
        .select((
            posts::id,
            posts::thread_id,
            posts::reply_number,
            posts::body_md,
            posts::body_text,
        ))
        .limit(limit)
        .load(conn)
}

/// Keeps what a post was found to be written in, unless it was read
/// meanwhile (an edit found it from newer words): Ok(false) then.
pub fn set_pending_lang(conn: &mut DbConn, id: i64, lang: Option<&str>) -> QueryResult<bool> {
    let changed = diesel::update(posts::table.find(id).filter(posts::lang_pending))
        .set((posts::lang.eq(lang), posts::lang_pending.eq(false)))
        .execute(conn)?;
    Ok(changed > 0)
}

pub fn insert_revision(conn: &mut DbConn, new: &NewRevision) -> QueryResult<usize> {
    diesel::insert_into(post_revisions::table)
        .values(new)
        .execute(conn)
}

/// Earlier versions of a post, newest first.
pub fn revisions(conn: &mut DbConn, post_id: i64) -> QueryResult<Vec<RevisionView>> {
    post_revisions::table
        .inner_join(users::table.on(users::id.eq(post_revisions::author_id)))
        .filter(post_revisions::post_id.eq(post_id))
        .order(post_revisions::version.desc())
        .select((
            post_revisions::version,
            post_revisions::title,
            post_revisions::body_md,
            post_revisions::created_at,
            users::username,
        ))
        .load(conn)
}

/// A member's latest replies, for the profile page.
pub fn recent_by_author(
    conn: &mut DbConn,
    author_id: i64,
    limit: i64,
) -> QueryResult<Vec<PostActivity>> {
    posts::table
        .inner_join(threads::table)
        .filter(posts::author_id.eq(author_id))
        .filter(posts::reply_number.gt(0))
        .filter(posts::hidden.eq(false))
        .order(posts::created_at.desc())
        .select((
            posts::id,
            posts::reply_number,
            posts::created_at,
            threads::id,
            threads::title,
            threads::slug,
        ))
        .limit(limit)
        .load(conn)
}

/// Sets when a post was written (the demo spreads its conversations over weeks).
pub fn set_created_at(conn: &mut DbConn, id: i64, at: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(posts::table.find(id))
        .set(posts::created_at.eq(at))
        .execute(conn)
}

/// How many times a member published in posts since a moment (for
/// new-member limits): posts written, and posts whose latest edit is theirs.
pub fn count_writes_by_author_since(
    conn: &mut DbConn,
    author_id: i64,
    since: NaiveDateTime,
) -> QueryResult<i64> {
    let written: i64 = posts::table
        .filter(posts::author_id.eq(author_id))
        .filter(posts::created_at.ge(since))
        .count()
        .get_result(conn)?;
    let edited: i64 = posts::table
        .filter(posts::edited_by_id.eq(author_id))
        .filter(posts::edited_at.ge(since))
        .count()
        .get_result(conn)?;
    Ok(written + edited)
}

/// Posts written before their plain text was kept: (id, Markdown), by id,
/// after `after_id` (for the one-off fill in `fixloop reindex`).
pub fn without_plain_text(
    conn: &mut DbConn,
    after_id: i64,
    limit: i64,
) -> QueryResult<Vec<(i64, String)>> {
    posts::table
        .filter(posts::body_text.is_null())
        .filter(posts::id.gt(after_id))
        .order(posts::id.asc())
        .select((posts::id, posts::body_md))
        .limit(limit)
        .load(conn)
}

pub fn set_plain_text(conn: &mut DbConn, id: i64, text: &str) -> QueryResult<usize> {
    diesel::update(posts::table.find(id))
        .set(posts::body_text.eq(text))
        .execute(conn)
}
