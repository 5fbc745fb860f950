//! Moderation: flags from members, and staff actions on posts, threads and
//! members. Staff see the flag queue and the audit log.

use actix_web::{get, post, web, HttpRequest, HttpResponse};
use serde::Deserialize;
use tera::Context;

use crate::auth::{CsrfForm, Viewer};
use crate::error::{not_found, AppError, AppResult};
use crate::forum::discussion::threads as thread_rules;
use crate::forum::staff::moderation::{self as rules, FlagForm, FLAG_REASONS};
use crate::model::staff::moderation::OpenFlag;
use crate::model::{
    accounts::users, discussion::posts, discussion::threads, knowledge::devices, staff::moderation,
    Page,
};
use crate::state::AppState;
use crate::web::discussion::threads::{post_url, thread_url};
use crate::web::knowledge::device_choices::ChoicesSource;
use crate::web::{actor, form_again, ok_page, page_param, see_other, NoFields};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(flag)
        .service(hide)
        .service(unhide)
        .service(dismiss)
        .service(thread_action)
        .service(move_form)
        .service(move_thread)
        .service(follow)
        .service(unfollow)
        .service(suspend)
        .service(unsuspend)
        .service(flag_queue)
        .service(audit_log);
}

async fn back_to_post(state: &AppState, post_id: i64) -> AppResult<HttpResponse> {
    let url = state
        .db(move |conn| {
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

async fn back_to_thread(state: &AppState, thread_id: i64) -> AppResult<HttpResponse> {
    let url = state
        .db(move |conn| {
            let thread = threads::find(conn, thread_id)?;
            Ok(thread_url(thread.id, &thread.slug))
        })
        .await?;
    Ok(see_other(&url))
}

#[post("/posts/{id}/flag")]
async fn flag(
    state: web::Data<AppState>,
    path: web::Path<i64>,
    CsrfForm(viewer, form): CsrfForm<FlagForm>,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    let post_id = path.into_inner();
    let policy = state.policy.clone();
    state
        .db(move |conn| rules::flag(conn, &actor, post_id, &form, &policy))
        .await?;
    // Enough flags hide the post: kept searches must not show it again.
    state.hidden_changed();
    back_to_post(&state, post_id).await
}

#[derive(Deserialize)]
struct ReasonForm {
    #[serde(default)]
    reason: String,
}

#[post("/posts/{id}/hide")]
async fn hide(
    state: web::Data<AppState>,
    path: web::Path<i64>,
    CsrfForm(viewer, form): CsrfForm<ReasonForm>,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    let post_id = path.into_inner();
    state
        .db(move |conn| rules::hide(conn, &actor, post_id, &form.reason))
        .await?;
    state.hidden_changed();
    back_to_post(&state, post_id).await
}

#[post("/posts/{id}/unhide")]
async fn unhide(
    state: web::Data<AppState>,
    path: web::Path<i64>,
    CsrfForm(viewer, _): CsrfForm<NoFields>,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    let post_id = path.into_inner();
    state
        .db(move |conn| rules::unhide(conn, &actor, post_id))
        .await?;
    state.hidden_changed();
    back_to_post(&state, post_id).await
}

#[post("/posts/{id}/dismiss-flags")]
async fn dismiss(
    state: web::Data<AppState>,
    path: web::Path<i64>,
    CsrfForm(viewer, _): CsrfForm<NoFields>,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    let post_id = path.into_inner();
    state
        .db(move |conn| rules::dismiss_flags(conn, &actor, post_id))
        .await?;
    back_to_post(&state, post_id).await
}

/// `/t/{id}/lock`, `/unlock`, `/pin`, `/unpin`.
#[post("/t/{id}/{action:lock|unlock|pin|unpin}")]
async fn thread_action(
    state: web::Data<AppState>,
    path: web::Path<(i64, String)>,
    CsrfForm(viewer, _): CsrfForm<NoFields>,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    let (thread_id, action) = path.into_inner();
    state
        .db(move |conn| rules::set_thread_flag(conn, &actor, thread_id, &action))
        .await?;
    back_to_thread(&state, thread_id).await
}

#[derive(Deserialize, serde::Serialize, Default)]
struct MoveForm {
    #[serde(default)]
    device: String,
}

/// The thread and the device menu of the move page, with `device` chosen
/// (the thread's own device when the page is first shown).
async fn move_page_context(
    state: &AppState,
    thread_id: i64,
    device: Option<String>,
) -> AppResult<Context> {
    let choices = ChoicesSource::of(state);
    let (thread, current, options) = state
        .db(move |conn| {
            let thread = threads::find(conn, thread_id).map_err(not_found("thread"))?;
            let current = match thread.device_id {
                Some(id) => Some(devices::find(conn, id)?),
                None => None,
            };
            Ok((thread, current, choices.get(conn)?))
        })
        .await?;
    let form = MoveForm {
        device: device
            .unwrap_or_else(|| current.as_ref().map_or(String::new(), |d| d.slug.clone())),
    };
    let mut context = Context::new();
    context.insert("thread_url", &thread_url(thread.id, &thread.slug));
    context.insert("thread", &thread);
    context.insert("current", &current.map(|d| d.name));
    context.insert("device_options_html", &options.html(&form.device));
    context.insert("form", &form);
    Ok(context)
}

/// Staff's "Move…": a page of its own, so that thread pages do not carry
/// every device of the catalogue.
#[get("/staff/threads/{id}/move")]
async fn move_form(
    req: HttpRequest,
    viewer: Viewer,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> AppResult<HttpResponse> {
    rules::ensure_can_move(&actor(&viewer)?)?;
    let context = move_page_context(&state, path.into_inner(), None).await?;
    ok_page(&req, &viewer, "staff/move_thread.html", context)
}

#[post("/t/{id}/move")]
async fn move_thread(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    CsrfForm(viewer, form): CsrfForm<MoveForm>,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    let thread_id = path.into_inner();
    let device = form.device.clone();
    let moved = state
        .db(move |conn| Ok(rules::move_thread(conn, &actor, thread_id, &device)))
        .await?;
    match moved {
        Ok(()) => back_to_thread(&state, thread_id).await,
        Err(e) if e.field_errors().is_some() => {
            let context = move_page_context(&state, thread_id, Some(form.device)).await?;
            form_again(&req, &viewer, "staff/move_thread.html", context, e)
        }
        Err(e) => Err(e),
    }
}

#[post("/t/{id}/follow")]
async fn follow(
    state: web::Data<AppState>,
    path: web::Path<i64>,
    CsrfForm(viewer, _): CsrfForm<NoFields>,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    let thread_id = path.into_inner();
    state
        .db(move |conn| thread_rules::set_following(conn, &actor, thread_id, true))
        .await?;
    back_to_thread(&state, thread_id).await
}

#[post("/t/{id}/unfollow")]
async fn unfollow(
    state: web::Data<AppState>,
    path: web::Path<i64>,
    CsrfForm(viewer, _): CsrfForm<NoFields>,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    let thread_id = path.into_inner();
    state
        .db(move |conn| thread_rules::set_following(conn, &actor, thread_id, false))
        .await?;
    back_to_thread(&state, thread_id).await
}

#[derive(Deserialize)]
struct SuspendForm {
    #[serde(default)]
    days: String,
    #[serde(default)]
    reason: String,
}

#[post("/u/{username}/suspend")]
async fn suspend(
    state: web::Data<AppState>,
    path: web::Path<String>,
    CsrfForm(viewer, form): CsrfForm<SuspendForm>,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    let username = path.into_inner();
    let name = username.clone();
    state
        .db(move |conn| rules::suspend(conn, &actor, &name, &form.days, &form.reason))
        .await?;
    Ok(see_other(&format!("/u/{username}")))
}

#[post("/u/{username}/unsuspend")]
async fn unsuspend(
    state: web::Data<AppState>,
    path: web::Path<String>,
    CsrfForm(viewer, _): CsrfForm<NoFields>,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    let username = path.into_inner();
    let name = username.clone();
    state
        .db(move |conn| rules::unsuspend(conn, &actor, &name))
        .await?;
    Ok(see_other(&format!("/u/{username}")))
}

/// A flagged post with its open flags, for the queue.
#[derive(serde::Serialize)]
struct FlaggedPost {
    post: OpenFlag,
    flags: Vec<OpenFlag>,
}

#[get("/staff/flags")]
async fn flag_queue(
    req: HttpRequest,
    viewer: Viewer,
    state: web::Data<AppState>,
) -> AppResult<HttpResponse> {
    actor(&viewer)?.ensure_staff("err-moderation-page-staff")?;
    let open = state
        .db(|conn| Ok(moderation::open_flags(conn, 500)?))
        .await?;
    let mut grouped: Vec<FlaggedPost> = Vec::new();
    for open_flag in open {
        match grouped
            .iter_mut()
            .find(|g| g.post.post_id == open_flag.post_id)
        {
            Some(group) => group.flags.push(open_flag),
            None => grouped.push(FlaggedPost {
                post: open_flag.clone(),
                flags: vec![open_flag],
            }),
        }
    }
    let mut context = Context::new();
    context.insert("groups", &grouped);
    context.insert("reasons", &FLAG_REASONS);
    ok_page(&req, &viewer, "staff/flags.html", context)
}

#[derive(Deserialize)]
struct AuditQuery {
    action: Option<String>,
    actor: Option<String>,
    page: Option<String>,
}

const AUDIT_ACTIONS: [&str; 25] = [
    "verify",
    "revoke_verification",
    "mark_solution",
    "claim",
    "release",
    "add_device",
    "edit_device",
    "hide_post",
    "unhide_post",
    "auto_hide",
    "hide_step",
    "unhide_step",
    "dismiss_flags",
    "lock_thread",
    "unlock_thread",
    "pin_thread",
    "unpin_thread",
    "move_thread",
    "suspend",
    "unsuspend",
    "add_synonyms",
    "remove_synonyms",
    "change_role",
    "export_data",
    "delete_account",
];

#[get("/staff/audit")]
async fn audit_log(
    req: HttpRequest,
    viewer: Viewer,
    state: web::Data<AppState>,
    query: web::Query<AuditQuery>,
) -> AppResult<HttpResponse> {
    actor(&viewer)?.ensure_staff("err-moderation-page-staff")?;
    let page = page_param(query.page.as_deref())?;
    let action = match query.action.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(a) if AUDIT_ACTIONS.contains(&a) => Some(a.to_owned()),
        Some(_) => {
            return Err(AppError::BadRequest(
                "err-moderation-unknown-audit-action".into(),
            ))
        }
    };
    let actor_name = query.actor.clone().filter(|a| !a.trim().is_empty());
    let (action_for_db, actor_for_db) = (action.clone(), actor_name.clone());
    let entries = state
        .db(move |conn| {
            let actor_id = match &actor_for_db {
                Some(name) => Some(
                    users::find_by_username(conn, name)?
                        .ok_or(AppError::NotFound("member"))?
                        .id,
                ),
                None => None,
            };
            const PER_PAGE: i64 = 50;
            let rows = moderation::audit_entries(
                conn,
                action_for_db.as_deref(),
                actor_id,
                Page::<()>::offset(page, PER_PAGE),
                PER_PAGE + 1,
            )?;
            Ok(Page::from_rows(rows, page, PER_PAGE))
        })
        .await?;
    let mut context = Context::new();
    context.insert("entries", &entries);
    context.insert("actions", &AUDIT_ACTIONS);
    context.insert("action", &action);
    context.insert("actor", &actor_name);
    let filters: Vec<(&str, &str)> = [
        ("action", action.as_deref()),
        ("actor", actor_name.as_deref()),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.map(|v| (k, v)))
    .collect();
    context.insert(
        "pager_base",
        &format!(
            "/staff/audit?{}{}",
            serde_urlencoded::to_string(&filters).unwrap_or_default(),
            if filters.is_empty() { "" } else { "&" }
        ),
    );
    ok_page(&req, &viewer, "staff/audit.html", context)
}
