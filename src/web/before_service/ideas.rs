//! Ideas on the web: the list per device (most votes first, by status), the
//! page of one (description, votes, status history, the staff status form),
//! the proposal form, votes, and the device page's "Ideas" card.

use actix_web::{get, post, web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use tera::Context;

use crate::auth::{CsrfForm, Viewer};
use crate::db::DbConn;
use crate::error::{not_found, AppError, AppResult};
use crate::forum::before_service::ideas::{self as rules, IdeaDraft, StatusChange, FLOW};
use crate::model::before_service::ideas::{self as store, Idea, ListFilter};
use crate::model::before_service::known_issues::StatusEventView;
use crate::model::discussion::threads::{self, Thread};
use crate::model::{
    accounts::users, before_service::owned_devices, discussion::answers, discussion::posts,
    knowledge::devices, Page,
};
use crate::state::AppState;
use crate::web::before_service::known_issues::devices_concerned;
use crate::web::discussion::threads::thread_url;
use crate::web::knowledge::device_choices::{ChoicesSource, DeviceChoices};
use crate::web::{actor, form_again, ok_page, page_param, see_other};

pub const PER_PAGE: i64 = 30;
/// Ideas the device page's card shows.
pub const ON_DEVICE_PAGE: i64 = 3;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(list_ideas)
        .service(new_idea_form)
        .service(create_idea)
        .service(show_idea)
        .service(post_vote)
        .service(post_unvote)
        .service(post_status);
}

pub fn idea_url(id: i64) -> String {
    format!("/ideas/{id}")
}

/// A row of a list, with whether the viewer voted.
#[derive(Clone, Serialize)]
pub struct Row {
    #[serde(flatten)]
    pub item: store::ListItem,
    pub voted: bool,
}

/// Ideas (filtered), most votes first, with the viewer's votes: two queries
/// whatever the page's length.
fn load_rows(
    conn: &mut DbConn,
    filter: &ListFilter,
    viewer_id: Option<i64>,
    offset: i64,
    limit: i64,
) -> AppResult<Vec<Row>> {
    let items = store::list(conn, filter, offset, limit)?;
    let voted = match viewer_id {
        Some(user) => {
            let ids: Vec<i64> = items.iter().map(|i| i.id).collect();
            store::voted_among(conn, user, &ids)?
        }
        None => Default::default(),
    };
    Ok(items
        .into_iter()
        .map(|item| Row {
            voted: voted.contains(&item.id),
            item,
        })
        .collect())
}

#[derive(Deserialize)]
struct ListQuery {
    status: Option<String>,
    device: Option<String>,
    page: Option<String>,
}

#[get("/ideas")]
async fn list_ideas(
    req: HttpRequest,
    viewer: Viewer,
    state: web::Data<AppState>,
    query: web::Query<ListQuery>,
) -> AppResult<HttpResponse> {
    let page = page_param(query.page.as_deref())?;
    let status = match query.status.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(s) => Some(FLOW.step(s).map(|(v, _, _)| *v).ok_or_else(|| {
            AppError::BadRequest("err-ideas-unknown-idea-status-use-proposed".into())
        })?),
    };
    let device_slug = query
        .device
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned);
    let slug = device_slug.clone();
    let viewer_id = viewer.user.as_ref().map(|u| u.id);
    let choices = ChoicesSource::of(&state);
    let (rows, options, device, mine) = state
        .db(move |conn| {
            let device = match &slug {
                Some(slug) => Some(devices::find_by_slug(conn, slug)?.ok_or_else(|| {
                    AppError::BadRequest("err-ideas-unknown-device-pick-one-from".into())
                })?),
                None => None,
            };
            let filter = ListFilter {
                status: status.map(str::to_owned),
                device_ids: match &device {
                    Some(d) => Some(devices_concerned(conn, d)?),
                    None => None,
                },
                open_only: false,
            };
            let rows = load_rows(
                conn,
                &filter,
                viewer_id,
                Page::<()>::offset(page, PER_PAGE),
                PER_PAGE + 1,
            )?;
            let mine = owned_devices::marks_for(conn, viewer_id)?;
            Ok((rows, choices.get(conn)?, device, mine))
        })
        .await?;
    let rows = Page::from_rows(rows, page, PER_PAGE);
    let filters: Vec<(&str, &str)> = [("status", status), ("device", device_slug.as_deref())]
        .into_iter()
        .filter_map(|(name, value)| value.map(|v| (name, v)))
        .collect();
    let pager_base = format!(
        "/ideas?{}{}",
        serde_urlencoded::to_string(&filters).unwrap_or_default(),
        if filters.is_empty() { "" } else { "&" }
    );
    let mut context = Context::new();
    context.insert("rows", &rows);
    context.insert("statuses", &FLOW.values());
    context.insert("status", &status);
    context.insert(
        "device_options_html",
        &options.html(device.as_ref().map_or("", |d| d.slug.as_str())),
    );
    context.insert("device", &device);
    context.insert("pager_base", &pager_base);
    context.insert("mine", &mine);
    ok_page(&req, &viewer, "ideas/index.html", context)
}

#[derive(Deserialize)]
struct NewQuery {
    device: Option<String>,
}

fn new_context(draft: &IdeaDraft, options: &DeviceChoices) -> Context {
    let mut context = Context::new();
    context.insert("form", draft);
    context.insert("device_options_html", &options.html(&draft.device));
    context
}

#[get("/ideas/new")]
async fn new_idea_form(
    req: HttpRequest,
    viewer: Viewer,
    state: web::Data<AppState>,
    query: web::Query<NewQuery>,
) -> AppResult<HttpResponse> {
    actor(&viewer)?.ensure_can_write()?;
    let draft = IdeaDraft {
        device: query.device.clone().unwrap_or_default(),
        ..Default::default()
    };
    let choices = ChoicesSource::of(&state);
    let options = state.db(move |conn| choices.get(conn)).await?;
    ok_page(
        &req,
        &viewer,
        "ideas/new.html",
        new_context(&draft, &options),
    )
}

#[post("/ideas/new")]
async fn create_idea(
    req: HttpRequest,
    state: web::Data<AppState>,
    CsrfForm(viewer, draft): CsrfForm<IdeaDraft>,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    let submitted = draft.clone();
    let policy = state.policy.clone();
    let choices = ChoicesSource::of(&state);
    let (result, options) = state
        .db(move |conn| {
            let result = rules::propose(conn, &actor, &submitted, &policy);
            let options = match &result {
                Ok(_) => Arc::default(),
                Err(_) => choices.get(conn)?,
            };
            Ok((result, options))
        })
        .await?;
    match result {
        Ok(thread) => Ok(see_other(&idea_url(thread.id))),
        Err(e) => form_again(
            &req,
            &viewer,
            "ideas/new.html",
            new_context(&draft, &options),
            e,
        ),
    }
}

/// Everything the idea page shows.
#[derive(Serialize)]
struct IdeaPage {
    thread: Thread,
    idea: Idea,
    body_html: String,
    author_name: String,
    breadcrumbs: Vec<devices::DeviceBrief>,
    events: Vec<StatusEventView>,
    voted: bool,
    following: bool,
}

fn load_page(
    conn: &mut DbConn,
    id: i64,
    viewer_id: Option<i64>,
    sees_hidden: bool,
) -> AppResult<IdeaPage> {
    let idea = store::find(conn, id)?.ok_or(AppError::NotFound("idea"))?;
    let thread = threads::find(conn, id).map_err(not_found("idea"))?;
    let opening = posts::opening_post(conn, id)?;
    if opening.hidden && !sees_hidden {
        return Err(AppError::NotFound("idea"));
    }
    let breadcrumbs = match thread.device_id {
        Some(device_id) => {
            let path = devices::find(conn, device_id)?.path;
            devices::along_path(conn, &path)?
        }
        None => Vec::new(),
    };
    let (voted, following) = match viewer_id {
        Some(user) => (
            store::has_voted(conn, id, user)?,
            answers::is_following(conn, id, user)?,
        ),
        None => (false, false),
    };
    Ok(IdeaPage {
        body_html: opening.body_html,
        author_name: users::find(conn, thread.author_id)?.username,
        breadcrumbs,
        events: crate::model::before_service::known_issues::events(conn, id)?,
        voted,
        following,
        thread,
        idea,
    })
}

/// The page, with a failed status form's values and messages when there is one.
async fn idea_page(
    req: &HttpRequest,
    viewer: &Viewer,
    id: i64,
    form: serde_json::Value,
    error: Option<AppError>,
) -> AppResult<HttpResponse> {
    let viewer_id = viewer.user.as_ref().map(|u| u.id);
    let reader = viewer.user.as_ref().map(crate::forum::Actor::from);
    let sees_hidden = crate::forum::knowledge::guides::sees_hidden(reader.as_ref());
    let data = crate::web::state(req)
        .db(move |conn| load_page(conn, id, viewer_id, sees_hidden))
        .await?;
    let mut context = Context::new();
    context.insert("is_staff", &reader.as_ref().is_some_and(|a| a.is_staff()));
    context.insert("next_statuses", &FLOW.values_after(&data.idea.status));
    context.insert("statuses", &FLOW.values());
    context.insert("thread_url", &thread_url(data.thread.id, &data.thread.slug));
    context.insert("data", &data);
    context.insert("form", &form);
    match error {
        None => ok_page(req, viewer, "ideas/show.html", context),
        Some(e) => form_again(req, viewer, "ideas/show.html", context, e),
    }
}

#[get("/ideas/{id}")]
async fn show_idea(
    req: HttpRequest,
    viewer: Viewer,
    path: web::Path<i64>,
) -> AppResult<HttpResponse> {
    idea_page(
        &req,
        &viewer,
        path.into_inner(),
        serde_json::json!({}),
        None,
    )
    .await
}

#[post("/ideas/{id}/status")]
async fn post_status(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    CsrfForm(viewer, change): CsrfForm<StatusChange>,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    let id = path.into_inner();
    let submitted = change.clone();
    let result = state
        .db(move |conn| Ok(rules::change_status(conn, &actor, id, &submitted)))
        .await?;
    match result {
        Ok(()) => Ok(see_other(&idea_url(id))),
        Err(e) if e.field_errors().is_some() => {
            let form = serde_json::to_value(&change).unwrap_or_default();
            idea_page(&req, &viewer, id, form, Some(e)).await
        }
        Err(e) => Err(e),
    }
}

#[post("/ideas/{id}/vote")]
async fn post_vote(
    state: web::Data<AppState>,
    path: web::Path<i64>,
    CsrfForm(viewer, _): CsrfForm<crate::web::NoFields>,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    let id = path.into_inner();
    state.db(move |conn| rules::vote(conn, &actor, id)).await?;
    Ok(see_other(&idea_url(id)))
}

#[post("/ideas/{id}/unvote")]
async fn post_unvote(
    state: web::Data<AppState>,
    path: web::Path<i64>,
    CsrfForm(viewer, _): CsrfForm<crate::web::NoFields>,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    let id = path.into_inner();
    state
        .db(move |conn| rules::unvote(conn, &actor, id))
        .await?;
    Ok(see_other(&idea_url(id)))
}

/// What a device page's "Ideas" card shows: the most wanted open ideas about
/// the device (above or below it), and how many there are.
#[derive(Serialize)]
pub struct DeviceHub {
    pub ideas: Vec<Row>,
    pub open: i64,
}

/// The most wanted open ideas about the device (above or below it), none
/// marked as voted, and how many are open.
pub fn for_device_hub(conn: &mut DbConn, device: &devices::Device) -> AppResult<(Vec<Row>, i64)> {
    let filter = ListFilter {
        status: None,
        device_ids: Some(devices_concerned(conn, device)?),
        open_only: true,
    };
    Ok((
        load_rows(conn, &filter, None, 0, ON_DEVICE_PAGE)?,
        store::count(conn, &filter)?,
    ))
}

/// An idea's thread page shows it is one: its status, votes and a link to
/// the idea's page (where members vote and staff set its status).
#[derive(Serialize)]
pub struct Banner {
    pub id: i64,
    pub status: String,
    pub votes: i64,
}

/// The banner of a thread of kind "idea" (callers ask only for those).
pub fn banner(conn: &mut DbConn, thread_id: i64) -> AppResult<Option<Banner>> {
    Ok(store::find(conn, thread_id)?.map(|idea| Banner {
        id: idea.thread_id,
        status: idea.status,
        votes: idea.votes,
    }))
}
