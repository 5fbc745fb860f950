//! What earns reputation, and how much. Every award can be taken back.

use crate::db::DbConn;
use crate::error::AppResult;
use crate::model::accounts::reputation;

/// Kinds of reputation events and their points.
pub const SOLUTION_ACCEPTED: (&str, i32) = ("solution_accepted", 15);
pub const ANSWER_VERIFIED: (&str, i32) = ("answer_verified", 10);
pub const HELPFUL_VOTE: (&str, i32) = ("helpful_vote", 2);
pub const GUIDE_WORKED: (&str, i32) = ("guide_worked", 5);

pub fn label(kind: &str) -> &'static str {
    match kind {
        "solution_accepted" => "Accepted solutions",
        "answer_verified" => "Answers verified by staff",
        "helpful_vote" => "Helpful votes",
        "guide_worked" => "Guide repairs that worked",
        _ => "Other",
    }
}

/// Awards points to `user_id` for a post, caused by `source` (the voter, the
/// asker, the staff member). Nobody earns reputation from their own actions.
pub fn award(
    conn: &mut DbConn,
    kind: (&str, i32),
    user_id: i64,
    post_id: i64,
    source: i64,
) -> AppResult<()> {
    award_at(conn, kind, user_id, post_id, source, crate::model::now())
}

/// `award`, dated when it was earned (an import keeps the original dates).
pub fn award_at(
    conn: &mut DbConn,
    (kind, points): (&str, i32),
    user_id: i64,
    post_id: i64,
    source: i64,
    at: chrono::NaiveDateTime,
) -> AppResult<()> {
    if user_id == source {
        return Ok(());
    }
    reputation::insert_event(conn, user_id, kind, points, Some(post_id), Some(source), at)?;
    reputation::recompute(conn, user_id)?;
    Ok(())
}

/// Takes back what an award gave (any source when `source` is None).
pub fn take_back(
    conn: &mut DbConn,
    (kind, _): (&str, i32),
    post_id: i64,
    source: Option<i64>,
) -> AppResult<()> {
    for user_id in reputation::delete_event(conn, kind, post_id, source)? {
        reputation::recompute(conn, user_id)?;
    }
    Ok(())
}
