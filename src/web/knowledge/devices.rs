//! The device catalogue: the tree, a device's page, and the admin forms.

use actix_web::{get, post, web, HttpRequest, HttpResponse};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use tera::Context;

use crate::auth::{CsrfForm, Viewer};
use crate::db::DbConn;
use crate::error::AppResult;
use crate::forum::knowledge::devices::{self as rules, DeviceDraft, KINDS};
use crate::model::discussion::threads::{ListOrder, ThreadFilter};
use crate::model::{discussion::threads, knowledge::devices, Page};
use crate::state::AppState;
use crate::web::discussion::home::THREADS_PER_PAGE;
use crate::web::{actor, form_again, ok_page, page_param, see_other};

pub fn configure(cfg: &mut web::ServiceConfig) {
    // "/devices/new" before "/devices/{slug}".
    cfg.service(catalogue)
        .service(new_form)
        .service(create)
        .service(show)
        .service(edit_form)
        .service(update);
}

pub fn device_url(slug: &str) -> String {
    format!("/devices/{slug}")
}

#[get("/devices")]
async fn catalogue(
    req: HttpRequest,
    viewer: Viewer,
    state: web::Data<AppState>,
) -> AppResult<HttpResponse> {
    let all = state.db(|conn| Ok(devices::all_brief(conn)?)).await?;
    let mut context = Context::new();
    context.insert("tree", &tree(&all, None));
    ok_page(&req, &viewer, "devices/index.html", context)
}

#[derive(Deserialize)]
struct DeviceQuery {
    page: Option<String>,
}

/// What a device page shows that is the same for every reader: kept per
/// (device, page, firmware filter) until the forum changes
/// (`web::shared_pages`), so a member's page loads only what is theirs.
#[derive(Serialize)]
pub struct DevicePage {
    device: devices::Device,
    breadcrumbs: Vec<devices::DeviceBrief>,
    children: Vec<devices::DeviceBrief>,
    threads: Page<threads::ThreadListItem>,
    guides: Vec<crate::model::knowledge::guides::GuideListItem>,
    /// Guides for a device above this one, which apply here too.
    guides_above: Vec<FromAbove<crate::model::knowledge::guides::GuideListItem>>,
    matrix: Vec<crate::forum::knowledge::parts::MatrixCell>,
    /// Parts that fit (slug, name, kind).
    fitting: Vec<(String, String, String)>,
    known_issues: Vec<crate::web::before_service::known_issues::Row>,
    firmware: crate::web::before_service::firmware::HubFirmware,
    /// The most wanted open ideas (none marked as voted) and how many there are.
    ideas: Vec<crate::web::before_service::ideas::Row>,
    ideas_open: i64,
    maintenance_plan: Vec<crate::model::before_service::maintenance::TaskView>,
}

/// Something listed on a device page that belongs to a device above it (and
/// so applies to everything below that one): which device it comes from.
#[derive(Serialize)]
pub struct FromAbove<T> {
    #[serde(flatten)]
    pub item: T,
    pub from: devices::DeviceBrief,
}

/// The devices above this one, from the top (the breadcrumbs less the device).
fn above(breadcrumbs: &[devices::DeviceBrief], device: &devices::Device) -> Vec<i64> {
    breadcrumbs
        .iter()
        .map(|d| d.id)
        .filter(|id| *id != device.id)
        .collect()
}

/// The guides of the devices above, each with the device it is for: two
/// queries for the list, one for their devices.
fn guides_above(
    conn: &mut DbConn,
    breadcrumbs: &[devices::DeviceBrief],
    device: &devices::Device,
) -> AppResult<Vec<FromAbove<crate::model::knowledge::guides::GuideListItem>>> {
    let above = above(breadcrumbs, device);
    if above.is_empty() {
        return Ok(Vec::new());
    }
    let guides = crate::model::knowledge::guides::list_for_devices(conn, &above, 10)?;
    let ids: Vec<i64> = guides.iter().map(|g| g.id).collect();
    let device_of: std::collections::HashMap<i64, i64> =
        devices::of_threads(conn, &ids)?.into_iter().collect();
    Ok(guides
        .into_iter()
        .filter_map(|item| {
            let from = breadcrumbs
                .iter()
                .find(|d| device_of.get(&item.id) == Some(&d.id))?
                .clone();
            Some(FromAbove { item, from })
        })
        .collect())
}

fn load_device_page(
    conn: &mut DbConn,
    slug: &str,
    page: i64,
    query_string: &str,
) -> AppResult<DevicePage> {
    let device = rules::require_by_slug(conn, slug)?;
    let subtree = devices::subtree_ids(conn, &device.path)?;
    let page_ids = threads::page_ids_in_devices(
        conn,
        &subtree,
        None,
        ListOrder::Activity,
        Page::<()>::offset(page, THREADS_PER_PAGE),
        THREADS_PER_PAGE + 1,
    )?;
    let filter = ThreadFilter {
        ids: Some(page_ids),
        ..Default::default()
    };
    let rows = threads::list(conn, &filter, ListOrder::Activity, 0, THREADS_PER_PAGE + 1)?;
    let (ideas, ideas_open) = crate::web::before_service::ideas::for_device_hub(conn, &device)?;
    let breadcrumbs = devices::along_path(conn, &device.path)?;
    Ok(DevicePage {
        guides_above: guides_above(conn, &breadcrumbs, &device)?,
        breadcrumbs,
        children: devices::children(conn, device.id)?,
        threads: Page::from_rows(rows, page, THREADS_PER_PAGE),
        guides: crate::model::knowledge::guides::list_for_devices(conn, &subtree, 10)?,
        matrix: crate::forum::knowledge::parts::load_matrix(
            conn,
            crate::model::knowledge::parts::EvidenceFor::Devices(&subtree),
        )?,
        fitting: crate::model::knowledge::parts::parts_for_devices(conn, &subtree)?,
        known_issues: crate::web::before_service::known_issues::for_device_hub(conn, &device)?,
        firmware: crate::web::before_service::firmware::load_for_hub(conn, &device, query_string)?,
        ideas,
        ideas_open,
        maintenance_plan: crate::forum::before_service::maintenance::plan_for(conn, &device)?,
        device,
    })
}

/// What a device page shows that is the reader's own.
#[derive(Default)]
struct DeviceReader {
    ownership: Option<crate::model::before_service::owned_devices::OwnedDevice>,
    /// Devices whose lists carry the "your device" mark.
    mine: Vec<String>,
    /// They own it and hear about new known issues for it.
    watching: bool,
    /// The shown ideas they voted for.
    voted: std::collections::HashSet<i64>,
}

fn load_device_reader(
    conn: &mut DbConn,
    user_id: i64,
    data: &DevicePage,
) -> AppResult<DeviceReader> {
    let ownership =
        crate::model::before_service::owned_devices::find_by_device(conn, user_id, data.device.id)?;
    let watching = match &ownership {
        Some(owned) => crate::model::before_service::known_issues::is_watching(conn, owned.id)?,
        None => false,
    };
    let idea_ids: Vec<i64> = data.ideas.iter().map(|r| r.item.id).collect();
    Ok(DeviceReader {
        watching,
        ownership,
        mine: crate::model::before_service::owned_devices::marked_device_slugs(conn, user_id)?,
        voted: crate::model::before_service::ideas::voted_among(conn, user_id, &idea_ids)?,
    })
}

/// A device's page: breadcrumbs, the devices under it, and the threads about
/// it or anything under it, with its known issues, ideas, firmware and
/// maintenance plan.
#[get("/devices/{slug}")]
async fn show(
    req: HttpRequest,
    viewer: Viewer,
    state: web::Data<AppState>,
    path: web::Path<String>,
    query: web::Query<DeviceQuery>,
) -> AppResult<HttpResponse> {
    let page = page_param(query.page.as_deref())?;
    let slug = path.into_inner();
    let query_string = req.query_string().to_owned();
    let only_current = crate::web::before_service::firmware::only_current(&query_string);
    let key = (slug.clone(), page, only_current);
    let generation = state.page_cache.generation();
    let kept = state.device_pages.get(&key, generation);
    let was_kept = kept.is_some();
    let user_id = viewer.user.as_ref().map(|u| u.id);
    let (data, reader) = state
        .db(move |conn| {
            let data = match kept {
                Some(data) => data,
                None => Arc::new(load_device_page(conn, &slug, page, &query_string)?),
            };
            let reader = match user_id {
                Some(user_id) => load_device_reader(conn, user_id, &data)?,
                None => DeviceReader::default(),
            };
            Ok((data, reader))
        })
        .await?;
    if !was_kept {
        state
            .device_pages
            .keep(key, generation, state.page_cache.generation(), data.clone());
    }
    let mut context = Context::new();
    context.insert("device", &data.device);
    context.insert("breadcrumbs", &data.breadcrumbs);
    context.insert("children", &data.children);
    context.insert("threads", &data.threads);
    context.insert("guides", &data.guides);
    context.insert("guides_above", &data.guides_above);
    context.insert("matrix", &data.matrix);
    context.insert("fitting", &data.fitting);
    context.insert(
        "known_issues",
        &crate::web::before_service::known_issues::DeviceHub {
            issues: &data.known_issues,
            owned_id: reader.ownership.as_ref().map(|o| o.id),
            watching: reader.watching,
        },
    );
    context.insert("firmware", &data.firmware);
    context.insert(
        "ideas",
        &crate::web::before_service::ideas::DeviceHub {
            ideas: data
                .ideas
                .iter()
                .map(|r| crate::web::before_service::ideas::Row {
                    voted: reader.voted.contains(&r.item.id),
                    ..r.clone()
                })
                .collect(),
            open: data.ideas_open,
        },
    );
    crate::web::before_service::owned_devices::add_device_page_context(
        reader.ownership,
        &data.maintenance_plan,
        reader.mine,
        &mut context,
    );
    ok_page(&req, &viewer, "devices/show.html", context)
}

/// A device with everything under it, for the catalogue page.
#[derive(serde::Serialize)]
struct DeviceNode<'a> {
    slug: &'a str,
    name: &'a str,
    /// maker | line | model | revision: the page names it (`device-kind-…`).
    kind: &'a str,
    children: Vec<DeviceNode<'a>>,
}

fn tree(all: &[devices::DeviceBrief], parent: Option<i64>) -> Vec<DeviceNode<'_>> {
    all.iter()
        .filter(|d| d.parent_id == parent)
        .map(|d| DeviceNode {
            slug: &d.slug,
            name: &d.name,
            kind: &d.kind,
            children: tree(all, Some(d.id)),
        })
        .collect()
}

fn form_context(draft: &DeviceDraft, editing: Option<&str>) -> Context {
    let mut context = Context::new();
    context.insert("form", draft);
    context.insert("kinds", &KINDS);
    context.insert("editing", &editing);
    context
}

#[derive(Deserialize)]
struct NewQuery {
    parent: Option<String>,
}

/// The level below the parent's, as the default for a new child.
fn next_kind(parent_kind: Option<&str>) -> String {
    let index = parent_kind
        .and_then(|k| KINDS.iter().position(|v| *v == k))
        .map_or(0, |i| (i + 1).min(KINDS.len() - 1));
    KINDS[index].to_owned()
}

#[get("/devices/new")]
async fn new_form(
    req: HttpRequest,
    viewer: Viewer,
    state: web::Data<AppState>,
    query: web::Query<NewQuery>,
) -> AppResult<HttpResponse> {
    actor(&viewer)?.ensure_can_manage_devices()?;
    let parent_slug = query.parent.clone().unwrap_or_default();
    let parent = match parent_slug.as_str() {
        "" => None,
        slug => {
            let slug = slug.to_owned();
            Some(
                state
                    .db(move |conn| rules::require_by_slug(conn, &slug))
                    .await?,
            )
        }
    };
    let draft = DeviceDraft {
        kind: next_kind(parent.as_ref().map(|p| p.kind.as_str())),
        parent: parent_slug,
        ..Default::default()
    };
    let mut context = form_context(&draft, None);
    context.insert("parent", &parent);
    ok_page(&req, &viewer, "devices/form.html", context)
}

#[post("/devices/new")]
async fn create(
    req: HttpRequest,
    state: web::Data<AppState>,
    CsrfForm(viewer, draft): CsrfForm<DeviceDraft>,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    let draft_for_db = draft.clone();
    let result = state
        .db(move |conn| rules::create_device(conn, &actor, &draft_for_db))
        .await;
    match result {
        Ok(device) => Ok(see_other(&device_url(&device.slug))),
        Err(e) => {
            let parent_slug = draft.parent.trim().to_owned();
            let parent = state
                .db(move |conn| Ok(devices::find_by_slug(conn, &parent_slug)?))
                .await?;
            let mut context = form_context(&draft, None);
            context.insert("parent", &parent);
            form_again(&req, &viewer, "devices/form.html", context, e)
        }
    }
}

#[get("/devices/{slug}/edit")]
async fn edit_form(
    req: HttpRequest,
    viewer: Viewer,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    actor(&viewer)?.ensure_can_manage_devices()?;
    let slug = path.into_inner();
    let device = state
        .db(move |conn| rules::require_by_slug(conn, &slug))
        .await?;
    let draft = DeviceDraft {
        name: device.name.clone(),
        kind: device.kind.clone(),
        slug: device.slug.clone(),
        parent: String::new(),
        description: device.description_md.clone(),
    };
    ok_page(
        &req,
        &viewer,
        "devices/form.html",
        form_context(&draft, Some(&device.slug)),
    )
}

#[post("/devices/{slug}/edit")]
async fn update(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
    CsrfForm(viewer, draft): CsrfForm<DeviceDraft>,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    let slug = path.into_inner();
    let draft_for_db = draft.clone();
    let slug_for_db = slug.clone();
    let result = state
        .db(move |conn| {
            let device = rules::require_by_slug(conn, &slug_for_db)?;
            rules::update_device(conn, &actor, device.id, &draft_for_db)
        })
        .await;
    match result {
        Ok(device) => Ok(see_other(&device_url(&device.slug))),
        Err(e) => form_again(
            &req,
            &viewer,
            "devices/form.html",
            form_context(&draft, Some(&slug)),
            e,
        ),
    }
}
