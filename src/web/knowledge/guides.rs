//! Guide pages: details, steps (add, edit, move, delete, history) and
//! "I did this repair".

use actix_web::{get, post, web, HttpRequest, HttpResponse};
use serde::Deserialize;
use tera::Context;

use crate::auth::{CsrfForm, Viewer};
use crate::error::{not_found, AppError, AppResult};
use crate::forum::knowledge::guides::{
    self as rules, CompletionForm, DetailsForm, StepForm, DIFFICULTIES,
};
use crate::model::{discussion::threads, knowledge::guides};
use crate::state::AppState;
use crate::web::discussion::threads::thread_url;
use crate::web::{actor, form_again, ok_page, see_other, NoFields};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(details_form)
        .service(save_details)
        .service(add_step)
        .service(edit_step_form)
        .service(edit_step)
        .service(move_step)
        .service(delete_step)
        .service(complete)
        .service(history)
        .service(hide_step)
        .service(unhide_step);
}

async fn url_of(state: &AppState, thread_id: i64, anchor: &str) -> AppResult<String> {
    let thread = state
        .db(move |conn| threads::find(conn, thread_id).map_err(not_found("guide")))
        .await?;
    Ok(format!("{}{anchor}", thread_url(thread.id, &thread.slug)))
}

fn details_context(thread_id: i64, title: &str, form: &DetailsForm) -> Context {
    let mut context = Context::new();
    context.insert("thread_id", &thread_id);
    context.insert("thread_title", title);
    context.insert("form", form);
    context.insert("difficulties", &DIFFICULTIES);
    context
}

#[get("/t/{id}/guide/edit")]
async fn details_form(
    req: HttpRequest,
    viewer: Viewer,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    let id = path.into_inner();
    let (thread, guide) = state
        .db(move |conn| {
            let thread = threads::find(conn, id).map_err(not_found("guide"))?;
            let guide = guides::find(conn, id)?.ok_or(AppError::NotFound("guide"))?;
            Ok((thread, guide))
        })
        .await?;
    if !actor.can_edit_post(thread.author_id) {
        return Err(AppError::forbidden(
            "err-guides-only-guides-author-staff-can",
        ));
    }
    let form = DetailsForm {
        difficulty: guide.difficulty.unwrap_or_default(),
        time_min: guide.time_min.map(|m| m.to_string()).unwrap_or_default(),
        time_max: guide.time_max.map(|m| m.to_string()).unwrap_or_default(),
        tools: guide.tools,
        parts: guide.parts,
        prerequisites: guide.prerequisites,
        conclusion: guide.conclusion_md,
    };
    ok_page(
        &req,
        &viewer,
        "guides/details.html",
        details_context(id, &thread.title, &form),
    )
}

#[post("/t/{id}/guide/edit")]
async fn save_details(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    CsrfForm(viewer, form): CsrfForm<DetailsForm>,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    let id = path.into_inner();
    let form_for_db = form.clone();
    let policy = state.policy.clone();
    match state
        .db(move |conn| rules::update_details(conn, &actor, id, &form_for_db, &policy))
        .await
    {
        Ok(()) => Ok(see_other(&url_of(&state, id, "#guide").await?)),
        Err(e) => {
            let title = state
                .db(move |conn| Ok(threads::find(conn, id)?.title))
                .await?;
            form_again(
                &req,
                &viewer,
                "guides/details.html",
                details_context(id, &title, &form),
                e,
            )
        }
    }
}

fn step_context(thread_id: i64, step_id: Option<i64>, form: &StepForm) -> Context {
    let mut context = Context::new();
    context.insert("thread_id", &thread_id);
    context.insert("step_id", &step_id);
    context.insert("form", form);
    context
}

#[post("/t/{id}/steps")]
async fn add_step(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    CsrfForm(viewer, form): CsrfForm<StepForm>,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    let id = path.into_inner();
    let form_for_db = form.clone();
    let policy = state.policy.clone();
    match state
        .db(move |conn| rules::add_step(conn, &actor, id, &form_for_db, &policy))
        .await
    {
        Ok(step) => Ok(see_other(
            &url_of(&state, id, &format!("#step-{}", step.id)).await?,
        )),
        Err(e) => form_again(
            &req,
            &viewer,
            "guides/step.html",
            step_context(id, None, &form),
            e,
        ),
    }
}

#[get("/steps/{id}/edit")]
async fn edit_step_form(
    req: HttpRequest,
    viewer: Viewer,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    let id = path.into_inner();
    let (step, thread) = state
        .db(move |conn| {
            let step = guides::find_step(conn, id).map_err(not_found("step"))?;
            let thread = threads::find(conn, step.thread_id)?;
            Ok((step, thread))
        })
        .await?;
    if !actor.can_edit_post(thread.author_id) {
        return Err(AppError::forbidden(
            "err-guides-only-guides-author-staff-can",
        ));
    }
    let form = StepForm {
        title: step.title,
        body: step.body_md,
        caution: step.caution,
        note: step.note,
        position: step.position.to_string(),
    };
    ok_page(
        &req,
        &viewer,
        "guides/step.html",
        step_context(thread.id, Some(id), &form),
    )
}

#[post("/steps/{id}/edit")]
async fn edit_step(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    CsrfForm(viewer, form): CsrfForm<StepForm>,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    let id = path.into_inner();
    let form_for_db = form.clone();
    let policy = state.policy.clone();
    match state
        .db(move |conn| rules::edit_step(conn, &actor, id, &form_for_db, &policy))
        .await
    {
        Ok(step) => Ok(see_other(
            &url_of(&state, step.thread_id, &format!("#step-{}", step.id)).await?,
        )),
        Err(e) => {
            let thread_id = state
                .db(move |conn| {
                    Ok(guides::find_step(conn, id)
                        .map_err(not_found("step"))?
                        .thread_id)
                })
                .await?;
            form_again(
                &req,
                &viewer,
                "guides/step.html",
                step_context(thread_id, Some(id), &form),
                e,
            )
        }
    }
}

#[derive(Deserialize)]
struct MoveForm {
    #[serde(default)]
    direction: String,
}

#[post("/steps/{id}/move")]
async fn move_step(
    state: web::Data<AppState>,
    path: web::Path<i64>,
    CsrfForm(viewer, form): CsrfForm<MoveForm>,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    let id = path.into_inner();
    let thread_id = state
        .db(move |conn| {
            rules::move_step(conn, &actor, id, &form.direction)?;
            Ok(guides::find_step(conn, id)?.thread_id)
        })
        .await?;
    Ok(see_other(
        &url_of(&state, thread_id, &format!("#step-{id}")).await?,
    ))
}

#[post("/steps/{id}/delete")]
async fn delete_step(
    state: web::Data<AppState>,
    path: web::Path<i64>,
    CsrfForm(viewer, _): CsrfForm<NoFields>,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    let id = path.into_inner();
    let thread_id = state
        .db(move |conn| rules::delete_step(conn, &actor, id))
        .await?;
    Ok(see_other(&url_of(&state, thread_id, "#steps").await?))
}

#[post("/t/{id}/completion")]
async fn complete(
    state: web::Data<AppState>,
    path: web::Path<i64>,
    CsrfForm(viewer, form): CsrfForm<CompletionForm>,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    let id = path.into_inner();
    state
        .db(move |conn| rules::complete(conn, &actor, id, &form))
        .await?;
    Ok(see_other(&url_of(&state, id, "#completions").await?))
}

/// Every change to a guide's steps, newest first. Versions of hidden steps
/// are for staff only; so is the whole history of a withdrawn thread (its
/// opening post hidden).
#[get("/t/{id}/steps/history")]
async fn history(
    req: HttpRequest,
    viewer: Viewer,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let id = path.into_inner();
    let reader = viewer.user.as_ref().map(crate::forum::Actor::from);
    let sees_hidden = rules::sees_hidden(reader.as_ref());
    let (thread, withdrawn, revisions) = state
        .db(move |conn| {
            let thread = threads::find(conn, id).map_err(not_found("guide"))?;
            if rules::withheld(conn, reader.as_ref(), thread.id)? {
                return Err(AppError::NotFound("guide"));
            }
            let withdrawn = sees_hidden && threads::is_withdrawn(conn, thread.id)?;
            Ok((thread, withdrawn, guides::revisions(conn, id, sees_hidden)?))
        })
        .await?;
    let mut context = Context::new();
    context.insert("thread", &thread);
    context.insert("thread_url", &thread_url(thread.id, &thread.slug));
    context.insert("withdrawn", &withdrawn);
    context.insert("revisions", &revisions);
    ok_page(&req, &viewer, "guides/history.html", context)
}

#[derive(Deserialize)]
struct ReasonForm {
    #[serde(default)]
    reason: String,
}

/// Staff hide one step, with a reason shown in its place.
#[post("/steps/{id}/hide")]
async fn hide_step(
    state: web::Data<AppState>,
    path: web::Path<i64>,
    CsrfForm(viewer, form): CsrfForm<ReasonForm>,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    let id = path.into_inner();
    let thread_id = state
        .db(move |conn| rules::hide_step(conn, &actor, id, &form.reason))
        .await?;
    // Its words left the index: no kept search may show them again.
    state.hidden_changed();
    Ok(see_other(
        &url_of(&state, thread_id, &format!("#step-{id}")).await?,
    ))
}

#[post("/steps/{id}/unhide")]
async fn unhide_step(
    state: web::Data<AppState>,
    path: web::Path<i64>,
    CsrfForm(viewer, _): CsrfForm<NoFields>,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    let id = path.into_inner();
    let thread_id = state
        .db(move |conn| rules::unhide_step(conn, &actor, id))
        .await?;
    state.hidden_changed();
    Ok(see_other(
        &url_of(&state, thread_id, &format!("#step-{id}")).await?,
    ))
}
