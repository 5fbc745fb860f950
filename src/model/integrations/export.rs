//! Reads for `fixloop export`: each table a page at a time, by id.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{
    devices, guide_steps, guides, idea_votes, ideas, known_issues, owned_devices, part_fits, parts,
    posts, swap_reports, threads, users, verifications, votes,
};
use crate::db::DbConn;
use crate::model::accounts::users::User;
use crate::model::before_service::owned_devices::OwnedDevice;
use crate::model::discussion::posts::Post;
use crate::model::discussion::threads::Thread;
use crate::model::knowledge::devices::Device;
use crate::model::knowledge::guides::{Guide, Step};
use crate::model::knowledge::parts::Part;

pub fn users_after(conn: &mut DbConn, after: i64, limit: i64) -> QueryResult<Vec<User>> {
    users::table
        .filter(users::id.gt(after))
        .order(users::id.asc())
        .limit(limit)
        .select(User::as_select())
        .load(conn)
}

/// The whole catalogue (it is small next to the posts).
pub fn all_devices(conn: &mut DbConn) -> QueryResult<Vec<Device>> {
    devices::table
        .order(devices::id.asc())
        .select(Device::as_select())
        .load(conn)
}

pub fn all_parts(conn: &mut DbConn) -> QueryResult<Vec<Part>> {
    parts::table
        .order(parts::id.asc())
        .select(Part::as_select())
        .load(conn)
}

/// (part id, device id) of every fit.
pub fn all_fits(conn: &mut DbConn) -> QueryResult<Vec<(i64, i64)>> {
    part_fits::table
        .order((part_fits::part_id.asc(), part_fits::device_id.asc()))
        .select((part_fits::part_id, part_fits::device_id))
        .load(conn)
}

pub fn owned_after(conn: &mut DbConn, after: i64, limit: i64) -> QueryResult<Vec<OwnedDevice>> {
    owned_devices::table
        .filter(owned_devices::id.gt(after))
        .order(owned_devices::id.asc())
        .limit(limit)
        .select(OwnedDevice::as_select())
        .load(conn)
}

/// Threads with their opening post, by id.
pub fn threads_after(
    conn: &mut DbConn,
    after: i64,
    limit: i64,
) -> QueryResult<Vec<(Thread, Post)>> {
    threads::table
        .inner_join(posts::table.on(posts::thread_id.eq(threads::id)))
        .filter(posts::reply_number.eq(0))
        .filter(threads::id.gt(after))
        .order(threads::id.asc())
        .limit(limit)
        .select((Thread::as_select(), Post::as_select()))
        .load(conn)
}

/// (thread, status, fixed in) of the known issues among these threads.
pub fn issues_among(
    conn: &mut DbConn,
    ids: &[i64],
) -> QueryResult<Vec<(i64, String, Option<String>)>> {
    known_issues::table
        .filter(known_issues::thread_id.eq_any(ids))
        .select((
            known_issues::thread_id,
            known_issues::status,
            known_issues::fixed_in,
        ))
        .load(conn)
}

/// (thread, status) of the ideas among these threads.
pub fn ideas_among(conn: &mut DbConn, ids: &[i64]) -> QueryResult<Vec<(i64, String)>> {
    ideas::table
        .filter(ideas::thread_id.eq_any(ids))
        .select((ideas::thread_id, ideas::status))
        .load(conn)
}

/// (thread, part, outcome, caveats) of the swap reports among these threads.
pub fn swaps_among(conn: &mut DbConn, ids: &[i64]) -> QueryResult<Vec<(i64, i64, String, String)>> {
    swap_reports::table
        .filter(swap_reports::thread_id.eq_any(ids))
        .select((
            swap_reports::thread_id,
            swap_reports::part_id,
            swap_reports::outcome,
            swap_reports::caveats,
        ))
        .load(conn)
}

/// The details of the guides among these threads.
pub fn guides_among(conn: &mut DbConn, ids: &[i64]) -> QueryResult<Vec<Guide>> {
    guides::table
        .filter(guides::thread_id.eq_any(ids))
        .select(Guide::as_select())
        .load(conn)
}

/// Guide steps, hidden ones too, by guide and position: those after
/// (guide, position, step id).
pub fn steps_after(
    conn: &mut DbConn,
    after: (i64, i32, i64),
    limit: i64,
) -> QueryResult<Vec<Step>> {
    let (thread, position, id) = after;
    guide_steps::table
        .filter(
            guide_steps::thread_id
                .gt(thread)
                .or(guide_steps::thread_id.eq(thread).and(
                    guide_steps::position.gt(position).or(guide_steps::position
                        .eq(position)
                        .and(guide_steps::id.gt(id))),
                )),
        )
        .order((
            guide_steps::thread_id.asc(),
            guide_steps::position.asc(),
            guide_steps::id.asc(),
        ))
        .limit(limit)
        .select(Step::as_select())
        .load(conn)
}

/// Replies (not opening posts), by id: within a thread, in reply order.
pub fn replies_after(conn: &mut DbConn, after: i64, limit: i64) -> QueryResult<Vec<Post>> {
    posts::table
        .filter(posts::reply_number.gt(0))
        .filter(posts::id.gt(after))
        .order(posts::id.asc())
        .limit(limit)
        .select(Post::as_select())
        .load(conn)
}

/// A solved thread: (thread, solution post, marked by, solved at).
pub type SolvedRow = (i64, i64, Option<i64>, Option<NaiveDateTime>);

pub fn solutions_after(conn: &mut DbConn, after: i64, limit: i64) -> QueryResult<Vec<SolvedRow>> {
    threads::table
        .filter(threads::solution_post_id.is_not_null())
        .filter(threads::id.gt(after))
        .order(threads::id.asc())
        .limit(limit)
        .select((
            threads::id,
            threads::solution_post_id.assume_not_null(),
            threads::solution_marked_by_id,
            threads::solved_at,
        ))
        .load(conn)
}

/// Helpful votes: (post, voter, when), by post and voter.
pub fn votes_after(
    conn: &mut DbConn,
    after: (i64, i64),
    limit: i64,
) -> QueryResult<Vec<(i64, i64, NaiveDateTime)>> {
    votes::table
        .filter(
            votes::post_id
                .gt(after.0)
                .or(votes::post_id.eq(after.0).and(votes::user_id.gt(after.1))),
        )
        .order((votes::post_id.asc(), votes::user_id.asc()))
        .limit(limit)
        .select((votes::post_id, votes::user_id, votes::created_at))
        .load(conn)
}

/// Votes for ideas: (idea thread, voter, when), by thread and voter.
pub fn idea_votes_after(
    conn: &mut DbConn,
    after: (i64, i64),
    limit: i64,
) -> QueryResult<Vec<(i64, i64, NaiveDateTime)>> {
    idea_votes::table
        .filter(
            idea_votes::thread_id.gt(after.0).or(idea_votes::thread_id
                .eq(after.0)
                .and(idea_votes::user_id.gt(after.1))),
        )
        .order((idea_votes::thread_id.asc(), idea_votes::user_id.asc()))
        .limit(limit)
        .select((
            idea_votes::thread_id,
            idea_votes::user_id,
            idea_votes::created_at,
        ))
        .load(conn)
}

/// A standing verification: (id, post, staff, note, when).
pub type VerificationRow = (i64, i64, i64, String, NaiveDateTime);

/// Standing verifications (not revoked), by id.
pub fn verifications_after(
    conn: &mut DbConn,
    after: i64,
    limit: i64,
) -> QueryResult<Vec<VerificationRow>> {
    verifications::table
        .filter(verifications::revoked_at.is_null())
        .filter(verifications::id.gt(after))
        .order(verifications::id.asc())
        .limit(limit)
        .select((
            verifications::id,
            verifications::post_id,
            verifications::staff_id,
            verifications::note,
            verifications::created_at,
        ))
        .load(conn)
}
