//! What search engines are told (see `web::discovery::seo`): the stored words of a
//! thread's posts for its structured data, and the public threads and devices
//! the sitemaps list, one range of ids at a time. Always as a visitor sees
//! them: no hidden post, no withdrawn thread (see
//! [`crate::model::discussion::threads::opening_post_hidden`]).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Timestamp};

use crate::db::schema::{devices, posts, threads, users};
use crate::db::DbConn;
use crate::model::discussion::threads::opening_post_hidden;

/// A post's stored plain text, with what structured data says about it.
#[derive(Debug, Clone, Queryable)]
pub struct PostText {
    pub id: i64,
    pub reply_number: i32,
    pub author_name: String,
    pub created_at: NaiveDateTime,
    pub edited_at: Option<NaiveDateTime>,
    pub vote_count: i32,
    /// None only for a post written before the plain text was kept.
    pub body_text: Option<String>,
    /// Read for such an old post only (empty otherwise).
    pub body_md: String,
}

macro_rules! post_text_columns {
    () => {
        (
            posts::id,
            posts::reply_number,
            users::username,
            posts::created_at,
            posts::edited_at,
            posts::vote_count,
            posts::body_text,
            // The Markdown source only where no plain text was kept.
            diesel::dsl::case_when(posts::body_text.is_null(), posts::body_md)
                .otherwise(diesel::dsl::sql::<diesel::sql_types::Text>("''")),
        )
    };
}

/// A thread's opening post and the replies among `ids`, in thread order;
/// hidden ones never (so nothing at all for a withdrawn thread's opening).
pub fn opening_and(conn: &mut DbConn, thread_id: i64, ids: &[i64]) -> QueryResult<Vec<PostText>> {
    let reply_zero: i32 = 0;
    posts::table
        .inner_join(users::table.on(users::id.eq(posts::author_id)))
        .filter(posts::thread_id.eq(thread_id))
        .filter(posts::hidden.eq(false))
        .filter(posts::reply_number.eq(reply_zero).or(posts::id.eq_any(ids)))
        .order(posts::reply_number.asc())
        .select(post_text_columns!())
        .load(conn)
}

/// Which replies [`replies`] picks first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplyOrder {
    /// The most helpful first (then the earliest).
    Votes,
    /// As the thread reads.
    Thread,
}

/// At most `limit` replies that are not hidden, leaving out `except`.
pub fn replies(
    conn: &mut DbConn,
    thread_id: i64,
    order: ReplyOrder,
    except: &[i64],
    limit: i64,
) -> QueryResult<Vec<PostText>> {
    let reply_zero: i32 = 0;
    let mut query = posts::table
        .inner_join(users::table.on(users::id.eq(posts::author_id)))
        .filter(posts::thread_id.eq(thread_id))
        .filter(posts::reply_number.gt(reply_zero))
        .filter(posts::hidden.eq(false))
        .select(post_text_columns!())
        .into_boxed();
    if !except.is_empty() {
        query = query.filter(diesel::dsl::not(posts::id.eq_any(except.to_vec())));
    }
    query = match order {
        ReplyOrder::Votes => query.order((posts::vote_count.desc(), posts::reply_number.asc())),
        ReplyOrder::Thread => query.order(posts::reply_number.asc()),
    };
    query.limit(limit).load(conn)
}

/// How many of a thread's replies are not hidden.
pub fn visible_reply_count(conn: &mut DbConn, thread_id: i64) -> QueryResult<i64> {
    let reply_zero: i32 = 0;
    posts::table
        .filter(posts::thread_id.eq(thread_id))
        .filter(posts::reply_number.gt(reply_zero))
        .filter(posts::hidden.eq(false))
        .count()
        .get_result(conn)
}

/// One sitemap of a kind: its number (from 1) and, for threads, the latest
/// activity among them.
#[derive(Debug, Clone, QueryableByName)]
pub struct SitemapBucket {
    #[diesel(sql_type = BigInt)]
    pub number: i64,
    #[diesel(sql_type = diesel::sql_types::Nullable<Timestamp>)]
    pub lastmod: Option<NaiveDateTime>,
}

/// Sitemap `n` of a kind holds the ids `(n - 1) * per_page + 1 ..= n * per_page`:
/// a range of the primary key, so each is one index range scan and holds at
/// most `per_page` entries. The numbers of those that hold a public thread,
/// in order, with the latest activity in each: one pass over the threads'
/// ids (the index below the hidden openings' small partial index).
pub fn thread_buckets(conn: &mut DbConn, per_page: i64) -> QueryResult<Vec<SitemapBucket>> {
    diesel::sql_query(
        "SELECT (t.id - 1) / $1 + 1 AS number, MAX(t.last_activity_at) AS lastmod \
         FROM threads t \
         WHERE t.id NOT IN (SELECT p.thread_id FROM posts p WHERE p.hidden AND p.reply_number = 0) \
         GROUP BY 1 ORDER BY 1",
    )
    .bind::<BigInt, _>(per_page.max(1))
    .load(conn)
}

/// The ids sitemap `number` covers (see [`thread_buckets`]); None past the end.
fn bucket_range(number: i64, per_page: i64) -> Option<(i64, i64)> {
    let per_page = per_page.max(1);
    let to = number.checked_mul(per_page)?;
    (number >= 1).then_some((to - per_page, to))
}

/// A public thread in a sitemap: (id, slug, last activity).
pub type SitemapThread = (i64, String, NaiveDateTime);

/// The public threads of sitemap `number`, by id: at most `per_page` rows.
pub fn threads_in_bucket(
    conn: &mut DbConn,
    number: i64,
    per_page: i64,
) -> QueryResult<Vec<SitemapThread>> {
    let Some((after, to)) = bucket_range(number, per_page) else {
        return Ok(Vec::new());
    };
    threads::table
        .filter(threads::id.gt(after))
        .filter(threads::id.le(to))
        .filter(diesel::dsl::not(opening_post_hidden()))
        .order(threads::id.asc())
        .select((threads::id, threads::slug, threads::last_activity_at))
        .limit(per_page.max(1))
        .load(conn)
}

/// The numbers of the device sitemaps that hold a device (ranges of ids, as
/// for threads). A device page shows its newest threads, so no date is told.
pub fn device_buckets(conn: &mut DbConn, per_page: i64) -> QueryResult<Vec<SitemapBucket>> {
    diesel::sql_query(
        "SELECT DISTINCT (d.id - 1) / $1 + 1 AS number, CAST(NULL AS TIMESTAMP) AS lastmod \
         FROM devices d ORDER BY 1",
    )
    .bind::<BigInt, _>(per_page.max(1))
    .load(conn)
}

/// The slugs of the devices of device sitemap `number`, by id.
pub fn devices_in_bucket(
    conn: &mut DbConn,
    number: i64,
    per_page: i64,
) -> QueryResult<Vec<String>> {
    let Some((after, to)) = bucket_range(number, per_page) else {
        return Ok(Vec::new());
    };
    devices::table
        .filter(devices::id.gt(after))
        .filter(devices::id.le(to))
        .order(devices::id.asc())
        .select(devices::slug)
        .limit(per_page.max(1))
        .load(conn)
}

#[cfg(test)]
mod tests {
    use super::bucket_range;

    #[test]
    fn buckets_are_ranges_of_ids() {
        assert_eq!(bucket_range(1, 50_000), Some((0, 50_000)));
        assert_eq!(bucket_range(3, 2), Some((4, 6)));
        assert_eq!(bucket_range(0, 2), None);
        assert_eq!(bucket_range(i64::MAX, 2), None);
    }
}
