//! Reputation: events that add up to a member's standing.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::{reputation_events, users};
use crate::db::DbConn;

pub fn insert_event(
    conn: &mut DbConn,
    user_id: i64,
    kind: &str,
    points: i32,
    post_id: Option<i64>,
    source_user_id: Option<i64>,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::insert_into(reputation_events::table)
        .values((
            reputation_events::user_id.eq(user_id),
            reputation_events::kind.eq(kind),
            reputation_events::points.eq(points),
            reputation_events::post_id.eq(post_id),
            reputation_events::source_user_id.eq(source_user_id),
            reputation_events::created_at.eq(at),
        ))
        .execute(conn)
}

/// Removes the event a (kind, post, source) produced; returns the user it was for.
pub fn delete_event(
    conn: &mut DbConn,
    kind: &str,
    post_id: i64,
    source_user_id: Option<i64>,
) -> QueryResult<Vec<i64>> {
    let mut query = reputation_events::table
        .filter(reputation_events::kind.eq(kind))
        .filter(reputation_events::post_id.eq(post_id))
        .into_boxed();
    if let Some(source) = source_user_id {
        query = query.filter(reputation_events::source_user_id.eq(source));
    }
    let found: Vec<(i64, i64)> = query
        .select((reputation_events::id, reputation_events::user_id))
        .load(conn)?;
    let ids: Vec<i64> = found.iter().map(|(id, _)| *id).collect();
    diesel::delete(reputation_events::table.filter(reputation_events::id.eq_any(&ids)))
        .execute(conn)?;
    Ok(found.into_iter().map(|(_, user)| user).collect())
}

/// Stores the sum of a member's events as their reputation.
pub fn recompute(conn: &mut DbConn, user_id: i64) -> QueryResult<i32> {
    let total: Option<i64> = reputation_events::table
        .filter(reputation_events::user_id.eq(user_id))
        .select(diesel::dsl::sum(reputation_events::points))
        .first(conn)?;
    let total = total.unwrap_or(0) as i32;
    diesel::update(users::table.find(user_id))
        .set(users::reputation.eq(total))
        .execute(conn)?;
    Ok(total)
}

#[derive(Debug, Clone, Queryable, Serialize)]
pub struct KindTotal {
    pub kind: String,
    pub events: i64,
    pub points: Option<i64>,
}

/// Where a member's reputation comes from, by kind of event.
pub fn breakdown(conn: &mut DbConn, user_id: i64) -> QueryResult<Vec<KindTotal>> {
    reputation_events::table
        .filter(reputation_events::user_id.eq(user_id))
        .group_by(reputation_events::kind)
        .select((
            reputation_events::kind,
            diesel::dsl::count_star(),
            diesel::dsl::sum(reputation_events::points),
        ))
        .order(reputation_events::kind)
        .load(conn)
}
