use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::{devices, last_posters, posts, threads, users};
use crate::db::DbConn;

/// What a thread is; `threads.kind` holds its `as_str()`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ThreadKind {
    Troubleshooting,
    Guide,
    PartSwap,
    Discussion,
    /// Opened by staff only, from `forum::before_service::known_issues` (never from the
    /// new-thread form): a problem many members have, with a status.
    KnownIssue,
    /// An improvement a member proposes for a device, from `forum::before_service::ideas`.
    Idea,
}

impl ThreadKind {
    /// The kinds a member starts from the new-thread form (and the lists'
    /// kind filters offer).
    pub const ALL: [ThreadKind; 4] = [
        ThreadKind::Troubleshooting,
        ThreadKind::Guide,
        ThreadKind::PartSwap,
        ThreadKind::Discussion,
    ];

    /// Every kind, those started elsewhere by their own rules too.
    pub const EVERY: [ThreadKind; 6] = [
        ThreadKind::Troubleshooting,
        ThreadKind::Guide,
        ThreadKind::PartSwap,
        ThreadKind::Discussion,
        ThreadKind::KnownIssue,
        ThreadKind::Idea,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ThreadKind::Troubleshooting => "troubleshooting",
            ThreadKind::Guide => "guide",
            ThreadKind::PartSwap => "part_swap",
            ThreadKind::Discussion => "discussion",
            ThreadKind::KnownIssue => "known_issue",
            ThreadKind::Idea => "idea",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ThreadKind::Troubleshooting => "Troubleshooting question",
            ThreadKind::Guide => "Repair guide",
            ThreadKind::PartSwap => "Part-swap report",
            ThreadKind::Discussion => "Discussion",
            ThreadKind::KnownIssue => "Known issue",
            ThreadKind::Idea => "Idea",
        }
    }

    pub fn parse(s: &str) -> Option<ThreadKind> {
        ThreadKind::EVERY.into_iter().find(|k| k.as_str() == s)
    }

    /// Whether a member may start it from the new-thread form.
    pub fn from_form(s: &str) -> Option<ThreadKind> {
        ThreadKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize, utoipa::ToSchema)]
#[diesel(table_name = threads)]
pub struct Thread {
    pub id: i64,
    pub kind: String,
    pub title: String,
    pub slug: String,
    pub device_id: Option<i64>,
    pub author_id: i64,
    pub status: String,
    pub pinned: bool,
    pub locked: bool,
    pub solution_post_id: Option<i64>,
    pub recovery_path: Option<String>,
    pub reply_count: i32,
    pub me_too_count: i32,
    pub last_poster_id: i64,
    pub created_at: NaiveDateTime,
    pub last_activity_at: NaiveDateTime,
    pub solved_at: Option<NaiveDateTime>,
    pub solution_marked_by_id: Option<i64>,
    pub verified_at: Option<NaiveDateTime>,
    /// The solution is confirmed on the current firmware of the thread's
    /// device (model::before_service::firmware::confirmed_current; kept by
    /// model::before_service::firmware::refresh_current).
    pub firmware_current: bool,
    /// The language of its title and opening post (render::language), if known.
    pub lang: Option<String>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = threads)]
pub struct NewThread<'a> {
    pub kind: &'a str,
    pub title: &'a str,
    pub slug: &'a str,
    pub device_id: Option<i64>,
    pub author_id: i64,
    pub last_poster_id: i64,
    pub created_at: NaiveDateTime,
    pub last_activity_at: NaiveDateTime,
    pub lang: Option<&'a str>,
}

/// A row of a thread list: the thread with its author, device and last poster,
/// loaded in one query.
#[derive(Debug, Clone, Queryable, Serialize, utoipa::ToSchema)]
pub struct ThreadListItem {
    pub id: i64,
    pub kind: String,
    pub title: String,
    pub slug: String,
    pub status: String,
    pub pinned: bool,
    pub locked: bool,
    pub reply_count: i32,
    pub me_too_count: i32,
    pub created_at: NaiveDateTime,
    pub last_activity_at: NaiveDateTime,
    pub recovery_path: Option<String>,
    pub verified: bool,
    pub author_name: String,
    pub last_poster_name: String,
    pub device_name: Option<String>,
    pub device_slug: Option<String>,
    /// The language of the title (render::language), for its `lang`.
    pub lang: Option<String>,
}

/// Which threads a list shows.
#[derive(Debug, Default, Clone)]
pub struct ThreadFilter {
    pub kind: Option<String>,
    /// Only these threads (a page picked by [`page_ids_in_devices`]).
    pub ids: Option<Vec<i64>>,
    pub author_id: Option<i64>,
    pub statuses: Option<Vec<String>>,
    pub recovery_path: Option<String>,
    pub unanswered: bool,
    pub min_me_too: Option<i32>,
    /// Only threads written in this language (render::language's code).
    pub lang: Option<String>,
}

/// How a list is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListOrder {
    /// Most recent activity first.
    Activity,
    /// Pinned threads first, then by activity (the home page).
    PinnedThenActivity,
    /// Staff-verified threads first, then by activity (guides on device pages).
    VerifiedThenActivity,
    OldestFirst,
    MostMeToo,
}

impl ListOrder {
    /// The order of a list of threads of one kind (or of all kinds): guides
    /// that staff verified come first, everything else by pins and activity.
    pub fn for_kind(kind: Option<&str>) -> ListOrder {
        if kind == Some("guide") {
            ListOrder::VerifiedThenActivity
        } else {
            ListOrder::PinnedThenActivity
        }
    }
}

pub fn insert(conn: &mut DbConn, new: &NewThread) -> QueryResult<Thread> {
    diesel::insert_into(threads::table)
        .values(new)
        .returning(threads::all_columns)
        .get_result(conn)
}

pub fn find(conn: &mut DbConn, id: i64) -> QueryResult<Thread> {
    threads::table
        .find(id)
        .select(Thread::as_select())
        .first(conn)
}

/// Counts a new reply and returns its number. The UPDATE takes the thread's row
/// lock, so concurrent replies get consecutive numbers.
pub fn record_reply(
    conn: &mut DbConn,
    id: i64,
    poster_id: i64,
    at: NaiveDateTime,
) -> QueryResult<i32> {
    diesel::update(threads::table.find(id))
        .set((
            threads::reply_count.eq(threads::reply_count + 1),
            threads::last_poster_id.eq(poster_id),
            threads::last_activity_at.eq(at),
        ))
        .returning(threads::reply_count)
        .get_result(conn)
}

pub fn update_title(
    conn: &mut DbConn,
    id: i64,
    title: &str,
    slug: &str,
    device_id: Option<i64>,
) -> QueryResult<usize> {
    diesel::update(threads::table.find(id))
        .set((
            threads::title.eq(title),
            threads::slug.eq(slug),
            threads::device_id.eq(device_id),
        ))
        .execute(conn)
}

/// Sets the language of a thread's title and opening post.
pub fn set_lang(conn: &mut DbConn, id: i64, lang: Option<&str>) -> QueryResult<usize> {
    diesel::update(threads::table.find(id))
        .set(threads::lang.eq(lang))
        .execute(conn)
}

/// Sets a thread's slug (an address made readable again, see
/// forum::discussion::threads::thread_slug).
pub fn set_slug(conn: &mut DbConn, id: i64, slug: &str) -> QueryResult<usize> {
    diesel::update(threads::table.find(id))
        .set(threads::slug.eq(slug))
        .execute(conn)
}

/// The titles of these threads: `(id, title)`.
pub fn titles(conn: &mut DbConn, ids: &[i64]) -> QueryResult<Vec<(i64, String)>> {
    threads::table
        .filter(threads::id.eq_any(ids))
        .select((threads::id, threads::title))
        .load(conn)
}

/// The languages threads are written in, most threads first: what the
/// lists' language filter offers.
pub fn languages(conn: &mut DbConn) -> QueryResult<Vec<String>> {
    use diesel::dsl::count_star;
    let rows: Vec<(Option<String>, i64)> = threads::table
        .filter(threads::lang.is_not_null())
        .group_by(threads::lang)
        .select((threads::lang, count_star()))
        .order(count_star().desc())
        .load(conn)?;
    Ok(rows.into_iter().filter_map(|(lang, _)| lang).collect())
}

/// One page of threads, most recently active first (pinned first on the home page).
pub fn list(
    conn: &mut DbConn,
    filter: &ThreadFilter,
    order: ListOrder,
    offset: i64,
    limit: i64,
) -> QueryResult<Vec<ThreadListItem>> {
    let mut query = threads::table
        .inner_join(users::table.on(users::id.eq(threads::author_id)))
        .inner_join(last_posters.on(last_posters.field(users::id).eq(threads::last_poster_id)))
        .left_join(devices::table.on(devices::id.nullable().eq(threads::device_id)))
        .select((
            threads::id,
            threads::kind,
            threads::title,
            threads::slug,
            threads::status,
            threads::pinned,
            threads::locked,
            threads::reply_count,
            threads::me_too_count,
            threads::created_at,
            threads::last_activity_at,
            threads::recovery_path,
            threads::verified_at.is_not_null(),
            users::username,
            last_posters.field(users::username),
            devices::name.nullable(),
            devices::slug.nullable(),
            threads::lang,
        ))
        .into_boxed();
    if let Some(kind) = &filter.kind {
        query = query.filter(threads::kind.eq(kind.clone()));
    }
    if let Some(ids) = &filter.ids {
        query = query.filter(threads::id.eq_any(ids.clone()));
    }
    if let Some(author) = filter.author_id {
        query = query.filter(threads::author_id.eq(author));
    }
    if let Some(statuses) = &filter.statuses {
        query = query.filter(threads::status.eq_any(statuses.clone()));
    }
    if let Some(path) = &filter.recovery_path {
        query = query.filter(threads::recovery_path.eq(path.clone()));
    }
    if filter.unanswered {
        query = query.filter(threads::reply_count.eq(0));
    }
    if let Some(n) = filter.min_me_too {
        query = query.filter(threads::me_too_count.ge(n));
    }
    if let Some(lang) = &filter.lang {
        query = query.filter(threads::lang.eq(lang.clone()));
    }
    // Lists are public: a withdrawn thread (see [`opening_post_hidden`]) is
    // in none of them, for staff neither (they find it in the flag queue).
    query = query.filter(diesel::dsl::not(opening_post_hidden()));
    query = match order {
        ListOrder::Activity => query.order(threads::last_activity_at.desc()),
        ListOrder::PinnedThenActivity => {
            query.order((threads::pinned.desc(), threads::last_activity_at.desc()))
        }
        // Both keys descending, so the index on (kind, verified, activity) serves it.
        ListOrder::VerifiedThenActivity => query.order((
            threads::verified_at.is_not_null().desc(),
            threads::last_activity_at.desc(),
        )),
        ListOrder::OldestFirst => query.order(threads::created_at.asc()),
        ListOrder::MostMeToo => query.order((
            threads::me_too_count.desc(),
            threads::last_activity_at.desc(),
        )),
    };
    query.offset(offset).limit(limit).load(conn)
}

/// The ids on one page of the threads about any of `device_ids` (a device and
/// its descendants), optionally of one kind, most recently active first or
/// (`VerifiedThenActivity`) verified first. Only ids are read, so the
/// `(device_id, …)` indexes cover the query and the sort keeps just the page:
/// a maker's ~10,000 threads (100,000 threads in all) take 0.3 ms, where
/// sorting whole list rows took 90 ms and seeking each device's newest
/// threads one by one 13 ms.
pub fn page_ids_in_devices(
    conn: &mut DbConn,
    device_ids: &[i64],
    kind: Option<&'static str>,
    order: ListOrder,
    offset: i64,
    limit: i64,
) -> QueryResult<Vec<i64>> {
    if device_ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut query = threads::table
        .filter(threads::device_id.eq_any(device_ids))
        .filter(diesel::dsl::not(opening_post_hidden()))
        .select(threads::id)
        .into_boxed();
    if let Some(kind) = kind {
        query = query.filter(threads::kind.eq(kind));
    }
    query = match order {
        ListOrder::VerifiedThenActivity => query.order((
            threads::verified_at.is_not_null().desc(),
            threads::last_activity_at.desc(),
            threads::id.desc(),
        )),
        _ => query.order((threads::last_activity_at.desc(), threads::id.desc())),
    };
    query.offset(offset).limit(limit).load(conn)
}

pub fn count(conn: &mut DbConn) -> QueryResult<i64> {
    threads::table.count().get_result(conn)
}

/// Sets a thread's start and last activity (the demo backdates its threads).
pub fn set_times(
    conn: &mut DbConn,
    id: i64,
    created_at: NaiveDateTime,
    last_activity_at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(threads::table.find(id))
        .set((
            threads::created_at.eq(created_at),
            threads::last_activity_at.eq(last_activity_at),
        ))
        .execute(conn)
}

/// Sets or clears a thread's solution; the status follows (solved / open).
pub fn set_solution(
    conn: &mut DbConn,
    id: i64,
    post_id: Option<i64>,
    marked_by: Option<i64>,
    solved_at: Option<NaiveDateTime>,
) -> QueryResult<usize> {
    let status = if post_id.is_some() { "solved" } else { "open" };
    diesel::update(threads::table.find(id))
        .set((
            threads::solution_post_id.eq(post_id),
            threads::solution_marked_by_id.eq(marked_by),
            threads::solved_at.eq(solved_at),
            threads::status.eq(status),
        ))
        .execute(conn)
}

pub fn set_recovery_path(conn: &mut DbConn, id: i64, path: Option<&str>) -> QueryResult<usize> {
    diesel::update(threads::table.find(id))
        .set(threads::recovery_path.eq(path))
        .execute(conn)
}

pub fn set_status(conn: &mut DbConn, id: i64, status: &str) -> QueryResult<usize> {
    diesel::update(threads::table.find(id))
        .set(threads::status.eq(status))
        .execute(conn)
}

/// Open questions nobody has answered yet, oldest first.
pub fn oldest_unanswered(conn: &mut DbConn, limit: i64) -> QueryResult<Vec<ThreadListItem>> {
    list(
        conn,
        &ThreadFilter {
            kind: Some("troubleshooting".into()),
            unanswered: true,
            statuses: Some(vec!["open".into(), "escalated".into()]),
            ..Default::default()
        },
        ListOrder::OldestFirst,
        0,
        limit,
    )
}

/// The questions most members say they have too: candidates for known issues.
pub fn most_me_too(conn: &mut DbConn, limit: i64) -> QueryResult<Vec<ThreadListItem>> {
    list(
        conn,
        &ThreadFilter {
            kind: Some("troubleshooting".into()),
            min_me_too: Some(1),
            ..Default::default()
        },
        ListOrder::MostMeToo,
        0,
        limit,
    )
}

/// Sets when a thread was solved (the demo backdates its conversations).
pub fn set_solved_at(conn: &mut DbConn, id: i64, at: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(threads::table.find(id))
        .set(threads::solved_at.eq(at))
        .execute(conn)
}

/// The rule behind "hidden means hidden everywhere", as an SQL condition on a
/// query over `threads`: the thread's opening post (reply 0) is hidden. Such a
/// thread is withdrawn: everything that belongs to it (guide steps, details
/// and conclusion, the part-swap report, history pages, its search document,
/// the JSON API, swap evidence) is withheld from everyone but staff.
///
/// Written as `id IN (hidden openings)`, not as a correlated EXISTS: the
/// subquery reads the small partial index `posts_hidden` once (`hidden` is
/// not a bound parameter, so even a generic plan can use it), and a list
/// filters with a hash of those ids while it walks its own index in order.
/// PostgreSQL planned the EXISTS form as a nested loop over every hidden
/// opening per thread row (100 ms for page 30 of 30,000 threads).
#[diesel::dsl::auto_type]
pub fn opening_post_hidden() -> _ {
    let reply_zero: i32 = 0;
    threads::id.eq_any(
        posts::table
            .filter(posts::hidden)
            .filter(posts::reply_number.eq(reply_zero))
            .select(posts::thread_id),
    )
}

/// Whether a thread is withdrawn (its opening post is hidden); false for a
/// thread that does not exist.
pub fn is_withdrawn(conn: &mut DbConn, id: i64) -> QueryResult<bool> {
    Ok(threads::table
        .find(id)
        .select(opening_post_hidden())
        .first::<bool>(conn)
        .optional()?
        .unwrap_or(false))
}
