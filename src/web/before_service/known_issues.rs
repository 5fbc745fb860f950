//! Known issues on the web: their list with filters, the page of one (status,
//! history, linked threads, affected devices and members), and the staff
//! forms that open one, change its status, link or merge threads and choose
//! the best fix.

use actix_web::{get, post, web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use tera::Context;

use crate::auth::{CsrfForm, Viewer};
use crate::db::DbConn;
use crate::error::{not_found, AppError, AppResult};
use crate::forum::before_service::known_issues::{
    self as rules, AdviceForm, IssueDraft, StatusChange, FLOW,
};
use crate::model::before_service::known_issues::{
    self as store, KnownIssue, ListFilter, StatusEventView,
};
use crate::model::discussion::threads::{self, ListOrder, Thread, ThreadFilter, ThreadListItem};
use crate::model::{
    accounts::users, before_service::owned_devices, discussion::answers, discussion::posts,
    knowledge::devices, Page,
};
use crate::state::AppState;
use crate::web::discussion::threads::thread_url;
use crate::web::knowledge::device_choices::{ChoicesSource, DeviceChoices};
use crate::web::{actor, form_again, ok_page, page_param, see_other};

pub const PER_PAGE: i64 = 30;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(list_issues)
        .service(new_issue_form)
        .service(create_issue)
        .service(show_issue)
        .service(post_status)
        .service(post_link)
        .service(post_merge)
        .service(post_unlink)
        .service(post_best_fix)
        .service(post_me_too)
        .service(post_watch);
}

pub fn issue_url(id: i64) -> String {
    format!("/known-issues/{id}")
}

/// Every kind of thread with its label, known issues included (the search
/// page's kind facet names what it finds; the new-thread form offers only
/// `ThreadKind::ALL`).
pub fn every_kind_for_template() -> Vec<serde_json::Value> {
    crate::forum::discussion::threads::ThreadKind::EVERY
        .iter()
        .map(|k| serde_json::json!({ "value": k.as_str(), "label": k.label() }))
        .collect()
}

/// The devices a known issue list for `slug` covers: the device, what is
/// above it (an issue of the whole line applies to it) and what is below it.
pub fn devices_concerned(conn: &mut DbConn, device: &devices::Device) -> AppResult<Vec<i64>> {
    let mut ids = devices::path_ids(&device.path);
    ids.extend(devices::subtree_ids(conn, &device.path)?);
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

/// A row of a list, with its affected count.
#[derive(Serialize)]
pub struct Row {
    #[serde(flatten)]
    pub item: store::ListItem,
    pub affected: i64,
}

/// Known issues (filtered), open ones first, with their affected counts: two
/// queries whatever the page's length.
pub fn load_rows(
    conn: &mut DbConn,
    filter: &ListFilter,
    offset: i64,
    limit: i64,
) -> AppResult<Vec<Row>> {
    let items = store::list(conn, filter, offset, limit)?;
    let ids: Vec<i64> = items.iter().map(|i| i.id).collect();
    let counts = store::affected_counts(conn, &ids)?;
    Ok(items
        .into_iter()
        .map(|item| Row {
            affected: counts.get(&item.id).copied().unwrap_or(0),
            item,
        })
        .collect())
}

/// The known issues a device hub shows (about the device, above or below
/// it), open ones first.
pub fn for_device_hub(conn: &mut DbConn, device: &devices::Device) -> AppResult<Vec<Row>> {
    let filter = ListFilter {
        status: None,
        device_ids: Some(devices_concerned(conn, device)?),
    };
    load_rows(conn, &filter, 0, 10)
}

#[derive(Deserialize)]
struct ListQuery {
    status: Option<String>,
    device: Option<String>,
    page: Option<String>,
}

#[get("/known-issues")]
async fn list_issues(
    req: HttpRequest,
    viewer: Viewer,
    state: web::Data<AppState>,
    query: web::Query<ListQuery>,
) -> AppResult<HttpResponse> {
    let page = page_param(query.page.as_deref())?;
    let status = match query.status.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(s) => Some(FLOW.step(s).map(|(v, _, _)| *v).ok_or_else(|| {
            AppError::BadRequest("err-known-issues-unknown-known-issue-status".into())
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
                    AppError::BadRequest("err-known-issues-unknown-device".into())
                })?),
                None => None,
            };
            let filter = ListFilter {
                status: status.map(str::to_owned),
                device_ids: match &device {
                    Some(d) => Some(devices_concerned(conn, d)?),
                    None => None,
                },
            };
            let rows = load_rows(
                conn,
                &filter,
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
        "/known-issues?{}{}",
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
    ok_page(&req, &viewer, "known_issues/index.html", context)
}

#[derive(Deserialize)]
struct NewQuery {
    device: Option<String>,
    /// The thread it is started from (the dashboard's list).
    from: Option<i64>,
}

fn new_context(draft: &IssueDraft, options: &DeviceChoices) -> Context {
    let mut context = Context::new();
    context.insert("form", draft);
    context.insert("device_options_html", &options.html(&draft.device));
    context.insert(
        "statuses",
        &FLOW
            .values()
            .into_iter()
            .filter(|s| *s != "closed")
            .collect::<Vec<_>>(),
    );
    context
}

#[get("/known-issues/new")]
async fn new_issue_form(
    req: HttpRequest,
    viewer: Viewer,
    state: web::Data<AppState>,
    query: web::Query<NewQuery>,
) -> AppResult<HttpResponse> {
    actor(&viewer)?.ensure_staff("err-known-issues-only-staff-can-open-known")?;
    let from = query.from;
    let device = query.device.clone().unwrap_or_default();
    let choices = ChoicesSource::of(&state);
    let (draft, options, from_title) = state
        .db(move |conn| {
            let mut draft = IssueDraft {
                device,
                status: "investigating".into(),
                ..Default::default()
            };
            let mut from_title = None;
            if let Some(id) = from {
                let thread = threads::find(conn, id).map_err(not_found("thread"))?;
                draft.title = thread.title.clone();
                if let Some(device_id) = thread.device_id {
                    draft.device = devices::find(conn, device_id)?.slug;
                }
                draft.from = id.to_string();
                from_title = Some(thread.title);
            }
            Ok((draft, choices.get(conn)?, from_title))
        })
        .await?;
    let mut context = new_context(&draft, &options);
    context.insert("from_title", &from_title);
    ok_page(&req, &viewer, "known_issues/new.html", context)
}

#[post("/known-issues/new")]
async fn create_issue(
    req: HttpRequest,
    state: web::Data<AppState>,
    CsrfForm(viewer, draft): CsrfForm<IssueDraft>,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    let submitted = draft.clone();
    let choices = ChoicesSource::of(&state);
    let (result, options) = state
        .db(move |conn| {
            let result = rules::open(conn, &actor, &submitted);
            let options = match &result {
                Ok(_) => Arc::default(),
                Err(_) => choices.get(conn)?,
            };
            Ok((result, options))
        })
        .await?;
    match result {
        Ok(thread) => Ok(see_other(&issue_url(thread.id))),
        Err(e) => form_again(
            &req,
            &viewer,
            "known_issues/new.html",
            new_context(&draft, &options),
            e,
        ),
    }
}

/// Everything the known issue page shows.
#[derive(Serialize)]
struct IssuePage {
    thread: Thread,
    issue: KnownIssue,
    /// What to do now: shown first.
    advice: store::Advice,
    /// The best fix as the staff form names it (`/p/12`, `/t/7`), or empty.
    best_fix_ref: String,
    symptoms_html: String,
    author_name: String,
    breadcrumbs: Vec<devices::DeviceBrief>,
    events: Vec<StatusEventView>,
    linked: Vec<ThreadListItem>,
    merged_ids: Vec<i64>,
    affected: i64,
    devices: Vec<(String, String, i64)>,
    me_too: bool,
    following: bool,
}

fn load_page(
    conn: &mut DbConn,
    id: i64,
    viewer_id: Option<i64>,
    sees_hidden: bool,
) -> AppResult<IssuePage> {
    let issue = store::find(conn, id)?.ok_or(AppError::NotFound("known issue"))?;
    let thread = threads::find(conn, id).map_err(not_found("known issue"))?;
    let opening = posts::opening_post(conn, id)?;
    if opening.hidden && !sees_hidden {
        return Err(AppError::NotFound("known issue"));
    }
    let breadcrumbs = match thread.device_id {
        Some(device_id) => {
            let path = devices::find(conn, device_id)?.path;
            devices::along_path(conn, &path)?
        }
        None => Vec::new(),
    };
    let links = store::linked_ids(conn, id)?;
    let ids: Vec<i64> = links.iter().map(|(t, _)| *t).collect();
    let mut linked = threads::list(
        conn,
        &ThreadFilter {
            ids: Some(ids.clone()),
            ..Default::default()
        },
        ListOrder::Activity,
        0,
        ids.len() as i64,
    )?;
    linked.sort_by_key(|t| ids.iter().position(|i| *i == t.id));
    let advice = store::advice(conn, id)?.ok_or(AppError::NotFound("known issue"))?;
    let best_fix_ref = match (issue.best_fix_post_id, issue.best_fix_guide_id) {
        (Some(post_id), _) => format!("/p/{post_id}"),
        (None, Some(guide_id)) => format!("/t/{guide_id}"),
        (None, None) => String::new(),
    };
    let (me_too, following) = match viewer_id {
        Some(user) => (
            answers::has_me_too(conn, id, user)?,
            answers::is_following(conn, id, user)?,
        ),
        None => (false, false),
    };
    Ok(IssuePage {
        symptoms_html: opening.body_html,
        author_name: users::find(conn, thread.author_id)?.username,
        breadcrumbs,
        events: store::events(conn, id)?,
        merged_ids: links.iter().filter(|(_, m)| *m).map(|(t, _)| *t).collect(),
        linked,
        affected: store::affected_counts(conn, &[id])?
            .get(&id)
            .copied()
            .unwrap_or(0),
        devices: store::affected_devices(conn, id)?,
        advice,
        best_fix_ref,
        me_too,
        following,
        thread,
        issue,
    })
}

/// The page, with a failed staff form's values and messages when there is one.
async fn issue_page(
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
    context.insert("next_statuses", &FLOW.values_after(&data.issue.status));
    context.insert("statuses", &FLOW.values());
    context.insert("thread_url", &thread_url(data.thread.id, &data.thread.slug));
    context.insert("data", &data);
    context.insert("form", &form);
    match error {
        None => ok_page(req, viewer, "known_issues/show.html", context),
        Some(e) => form_again(req, viewer, "known_issues/show.html", context, e),
    }
}

#[get("/known-issues/{id}")]
async fn show_issue(
    req: HttpRequest,
    viewer: Viewer,
    path: web::Path<i64>,
) -> AppResult<HttpResponse> {
    issue_page(
        &req,
        &viewer,
        path.into_inner(),
        serde_json::json!({}),
        None,
    )
    .await
}

/// After a staff form: back to the page, or the page again with the form's
/// messages (422); other errors (403, 404, 409) as their own pages.
async fn after<T: Serialize>(
    req: &HttpRequest,
    viewer: &Viewer,
    id: i64,
    form: &T,
    result: AppResult<()>,
) -> AppResult<HttpResponse> {
    match result {
        Ok(()) => Ok(see_other(&issue_url(id))),
        Err(e) if e.field_errors().is_some() => {
            let form = serde_json::to_value(form).unwrap_or_default();
            issue_page(req, viewer, id, form, Some(e)).await
        }
        Err(e) => Err(e),
    }
}

#[post("/known-issues/{id}/status")]
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
    after(&req, &viewer, id, &change, result).await
}

#[derive(Deserialize, Serialize, Clone)]
struct ThreadForm {
    #[serde(default)]
    thread: String,
}

async fn link_or_merge(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: i64,
    viewer: Viewer,
    form: ThreadForm,
    merge: bool,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    let raw = form.thread.clone();
    let result = state
        .db(move |conn| Ok(rules::link(conn, &actor, id, &raw, merge).map(|_| ())))
        .await?;
    after(&req, &viewer, id, &form, result).await
}

#[post("/known-issues/{id}/link")]
async fn post_link(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    CsrfForm(viewer, form): CsrfForm<ThreadForm>,
) -> AppResult<HttpResponse> {
    link_or_merge(req, state, path.into_inner(), viewer, form, false).await
}

#[post("/known-issues/{id}/merge")]
async fn post_merge(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    CsrfForm(viewer, form): CsrfForm<ThreadForm>,
) -> AppResult<HttpResponse> {
    link_or_merge(req, state, path.into_inner(), viewer, form, true).await
}

#[post("/known-issues/{id}/unlink")]
async fn post_unlink(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    CsrfForm(viewer, form): CsrfForm<ThreadForm>,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    let id = path.into_inner();
    let raw = form.thread.clone();
    let result = state
        .db(move |conn| Ok(rules::unlink(conn, &actor, id, &raw)))
        .await?;
    after(&req, &viewer, id, &form, result).await
}

#[post("/known-issues/{id}/best-fix")]
async fn post_best_fix(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    CsrfForm(viewer, form): CsrfForm<AdviceForm>,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    let id = path.into_inner();
    let submitted = form.clone();
    let result = state
        .db(move |conn| Ok(rules::set_advice(conn, &actor, id, &submitted)))
        .await?;
    after(&req, &viewer, id, &form, result).await
}

#[post("/known-issues/{id}/me-too")]
async fn post_me_too(
    state: web::Data<AppState>,
    path: web::Path<i64>,
    CsrfForm(viewer, _): CsrfForm<crate::web::NoFields>,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    let id = path.into_inner();
    state
        .db(move |conn| rules::me_too(conn, &actor, id))
        .await?;
    Ok(see_other(&issue_url(id)))
}

/// What a device hub shows of known issues: the list, and for an owner of
/// the device whether they hear of new ones.
#[derive(Serialize)]
pub struct DeviceHub<'a> {
    pub issues: &'a [Row],
    /// The viewer's owned-device id for this device, if they own it.
    pub owned_id: Option<i64>,
    pub watching: bool,
}

#[derive(Deserialize)]
struct WatchForm {
    #[serde(default)]
    watch: String,
}

/// An owner opts in (`watch=on`) or out of hearing about new known issues
/// for a device they own.
#[post("/settings/devices/{id}/known-issues")]
async fn post_watch(
    state: web::Data<AppState>,
    path: web::Path<i64>,
    CsrfForm(viewer, form): CsrfForm<WatchForm>,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    let owned_id = path.into_inner();
    let watch = form.watch == "on";
    let device = state
        .db(move |conn| rules::set_watching(conn, &actor, owned_id, watch))
        .await?;
    Ok(see_other(&format!(
        "/devices/{}#known-issues-heading",
        device.slug
    )))
}
