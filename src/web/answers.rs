//! The buttons under questions and answers: accept a solution, verify, vote,
//! "I have this problem too", "worked for me", ask staff for help, claim.
//! Each is a small POST form that works without JavaScript and lands back on
//! the post it acted on.

use actix_web::{post, web, HttpResponse};
use serde::Deserialize;

use super::threads::{post_url, thread_url};
use super::{actor, see_other};
use crate::auth::CsrfForm;
use crate::db::DbConn;
use crate::error::AppResult;
use crate::forum::{answers as rules, escalations, Actor};
use crate::model::{posts, threads};
use crate::state::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(mark_solution)
        .service(unmark_solution)
        .service(verify)
        .service(unverify)
        .service(vote)
        .service(unvote)
        .service(me_too)
        .service(worked)
        .service(escalate)
        .service(claim)
        .service(release);
}

#[derive(Deserialize)]
struct NoFields {}

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

#[post("/posts/{id}/solution")]
async fn mark_solution(
    state: web::Data<AppState>,
    path: web::Path<i64>,
    CsrfForm(viewer, _): CsrfForm<NoFields>,
) -> AppResult<HttpResponse> {
    on_post(
        &state,
        actor(&viewer)?,
        path.into_inner(),
        |conn, actor, id| rules::mark_solution(conn, actor, id).map(|_| ()),
    )
    .await
}

#[post("/t/{id}/unsolve")]
async fn unmark_solution(
    state: web::Data<AppState>,
    path: web::Path<i64>,
    CsrfForm(viewer, _): CsrfForm<NoFields>,
) -> AppResult<HttpResponse> {
    on_thread(
        &state,
        actor(&viewer)?,
        path.into_inner(),
        |conn, actor, id| rules::unmark_solution(conn, actor, id).map(|_| ()),
    )
    .await
}

#[derive(Deserialize)]
struct VerifyForm {
    #[serde(default)]
    note: String,
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
        move |conn, actor, id| rules::verify(conn, actor, id, &form.note),
    )
    .await
}

#[post("/posts/{id}/unverify")]
async fn unverify(
    state: web::Data<AppState>,
    path: web::Path<i64>,
    CsrfForm(viewer, _): CsrfForm<NoFields>,
) -> AppResult<HttpResponse> {
    on_post(
        &state,
        actor(&viewer)?,
        path.into_inner(),
        rules::revoke_verification,
    )
    .await
}

#[post("/posts/{id}/vote")]
async fn vote(
    state: web::Data<AppState>,
    path: web::Path<i64>,
    CsrfForm(viewer, _): CsrfForm<NoFields>,
) -> AppResult<HttpResponse> {
    on_post(&state, actor(&viewer)?, path.into_inner(), rules::vote).await
}

#[post("/posts/{id}/unvote")]
async fn unvote(
    state: web::Data<AppState>,
    path: web::Path<i64>,
    CsrfForm(viewer, _): CsrfForm<NoFields>,
) -> AppResult<HttpResponse> {
    on_post(
        &state,
        actor(&viewer)?,
        path.into_inner(),
        rules::withdraw_vote,
    )
    .await
}

#[post("/t/{id}/me-too")]
async fn me_too(
    state: web::Data<AppState>,
    path: web::Path<i64>,
    CsrfForm(viewer, _): CsrfForm<NoFields>,
) -> AppResult<HttpResponse> {
    on_thread(&state, actor(&viewer)?, path.into_inner(), rules::me_too).await
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

#[post("/t/{id}/escalate")]
async fn escalate(
    state: web::Data<AppState>,
    path: web::Path<i64>,
    CsrfForm(viewer, _): CsrfForm<NoFields>,
) -> AppResult<HttpResponse> {
    on_thread(
        &state,
        actor(&viewer)?,
        path.into_inner(),
        escalations::escalate,
    )
    .await
}

#[post("/t/{id}/claim")]
async fn claim(
    state: web::Data<AppState>,
    path: web::Path<i64>,
    CsrfForm(viewer, _): CsrfForm<NoFields>,
) -> AppResult<HttpResponse> {
    on_thread(
        &state,
        actor(&viewer)?,
        path.into_inner(),
        escalations::claim,
    )
    .await
}

#[post("/t/{id}/release")]
async fn release(
    state: web::Data<AppState>,
    path: web::Path<i64>,
    CsrfForm(viewer, _): CsrfForm<NoFields>,
) -> AppResult<HttpResponse> {
    on_thread(
        &state,
        actor(&viewer)?,
        path.into_inner(),
        escalations::release,
    )
    .await
}
