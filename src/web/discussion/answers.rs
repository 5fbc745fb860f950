//! The buttons under questions and answers: accept a solution, verify, vote,
//! "I have this problem too", "worked for me", ask staff for help, claim.
//! Each is a small POST form that works without JavaScript and lands back on
//! the post it acted on.

use actix_web::{post, web, HttpResponse};
use serde::Deserialize;

use crate::auth::CsrfForm;
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::forum::{discussion::answers as rules, discussion::escalations, Actor};
use crate::model::{discussion::posts, discussion::threads};
use crate::state::AppState;
use crate::web::discussion::threads::{post_url, thread_url};
use crate::web::{actor, see_other, NoFields};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(solution)
        .service(post_button)
        .service(thread_button)
        .service(verify)
        .service(worked);
}

/// Runs an action on a post and redirects back to that post.
async fn on_post(
    state: &AppState,
    actor: Actor,
    post_id: i64,
    action: impl FnOnce(&mut DbConn, &Actor, i64) -> AppResult<()> + Send + 'static,
) -> AppResult<HttpResponse> {
    let url = state
        .db(move |conn| {
            action(conn, &actor, post_id)?;
            let post = posts::find(conn, post_id)?;
            let thread = threads::find(conn, post.thread_id)?;
            Ok(post_url(
                thread.id,
                &thread.slug,
                post.id,
                post.reply_number,
            ))
        })
        .await?;
    Ok(see_other(&url))
}

/// Runs an action on a thread and redirects back to the thread.
async fn on_thread(
    state: &AppState,
    actor: Actor,
    thread_id: i64,
    action: impl FnOnce(&mut DbConn, &Actor, i64) -> AppResult<()> + Send + 'static,
) -> AppResult<HttpResponse> {
    let url = state
        .db(move |conn| {
            action(conn, &actor, thread_id)?;
            let thread = threads::find(conn, thread_id)?;
            Ok(thread_url(thread.id, &thread.slug))
        })
        .await?;
    Ok(see_other(&url))
}

#[derive(Deserialize)]
struct VerifyForm {
    #[serde(default)]
    note: String,
    /// The firmware version it was checked on (optional).
    #[serde(default)]
    firmware: String,
}

#[post("/posts/{id}/verify")]
async fn verify(
    state: web::Data<AppState>,
    path: web::Path<i64>,
    CsrfForm(viewer, form): CsrfForm<VerifyForm>,
) -> AppResult<HttpResponse> {
    on_post(
        &state,
        actor(&viewer)?,
        path.into_inner(),
        move |conn, actor, id| rules::verify_checked(conn, actor, id, &form.note, &form.firmware),
    )
    .await
}

#[derive(Deserialize)]
struct WorkedForm {
    #[serde(default)]
    device: String,
}

#[post("/posts/{id}/worked")]
async fn worked(
    state: web::Data<AppState>,
    path: web::Path<i64>,
    CsrfForm(viewer, form): CsrfForm<WorkedForm>,
) -> AppResult<HttpResponse> {
    on_post(
        &state,
        actor(&viewer)?,
        path.into_inner(),
        move |conn, actor, id| rules::worked_for_me(conn, actor, id, &form.device),
    )
    .await
}

#[derive(Deserialize)]
struct SolutionForm {
    /// The firmware version the fix was checked on (optional).
    #[serde(default)]
    firmware: String,
}

#[post("/posts/{id}/solution")]
async fn solution(
    state: web::Data<AppState>,
    path: web::Path<i64>,
    CsrfForm(viewer, form): CsrfForm<SolutionForm>,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    let post_id = path.into_inner();
    // Back to the solution under the question, where its confirmation is.
    let url = state
        .db(move |conn| {
            let thread = rules::mark_solution_checked(conn, &actor, post_id, &form.firmware)?;
            Ok(format!("{}#solution", thread_url(thread.id, &thread.slug)))
        })
        .await?;
    Ok(see_other(&url))
}

/// The one-button actions on a post. The route pattern lists the actions, so
/// the fallback arm is unreachable from the router.
#[post("/posts/{id}/{action:unverify|vote|unvote}")]
async fn post_button(
    state: web::Data<AppState>,
    path: web::Path<(i64, String)>,
    CsrfForm(viewer, _): CsrfForm<NoFields>,
) -> AppResult<HttpResponse> {
    let (post_id, action) = path.into_inner();
    on_post(
        &state,
        actor(&viewer)?,
        post_id,
        move |conn, actor, id| match action.as_str() {
            "unverify" => rules::revoke_verification(conn, actor, id),
            "vote" => rules::vote(conn, actor, id),
            "unvote" => rules::withdraw_vote(conn, actor, id),
            _ => Err(AppError::NotFound("page")),
        },
    )
    .await
}

/// The one-button actions on a thread.
#[post("/t/{id}/{action:unsolve|me-too|escalate|claim|release}")]
async fn thread_button(
    state: web::Data<AppState>,
    path: web::Path<(i64, String)>,
    CsrfForm(viewer, _): CsrfForm<NoFields>,
) -> AppResult<HttpResponse> {
    let (thread_id, action) = path.into_inner();
    let policy = state.policy.clone();
    on_thread(
        &state,
        actor(&viewer)?,
        thread_id,
        move |conn, actor, id| match action.as_str() {
            "unsolve" => rules::unmark_solution(conn, actor, id).map(|_| ()),
            "me-too" => rules::me_too(conn, actor, id),
            "escalate" => escalations::escalate(conn, actor, id, &policy),
            "claim" => escalations::claim(conn, actor, id),
            "release" => escalations::release(conn, actor, id),
            _ => Err(AppError::NotFound("page")),
        },
    )
    .await
}
