//! "My devices": the settings page (list, edit, remove, what is due, done
//! and snooze), "I own this" on a device page, and what other pages show of
//! it (the device page's card, the profile's shown devices, the home page's
//! maintenance card, the "your device" marks, the new question's device).

use actix_web::{get, post, web, HttpRequest, HttpResponse};
use serde::Deserialize;
use tera::Context;

use crate::auth::{CsrfForm, Viewer};
use crate::error::{AppError, AppResult};
use crate::forum::before_service::maintenance::{self as plans, SNOOZES};
use crate::forum::before_service::owned_devices::{self as rules, OwnedDraft};
use crate::model::before_service::owned_devices as store;
use crate::model::knowledge::devices::{path_ids, Device};
use crate::state::AppState;
use crate::web::{actor, form_again, ok_page, see_other};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(settings_page)
        .service(own)
        .service(edit)
        .service(remove)
        .service(done)
        .service(snooze);
}

const PAGE: &str = "settings/devices.html";

/// Which form on the page failed, so it is shown again with the typed values.
#[derive(serde::Serialize, Default)]
struct Failed {
    owned_id: Option<i64>,
    task_id: Option<i64>,
    draft: OwnedDraft,
    done_on: String,
}

/// The firmware versions each form offers (a datalist; other text is still
/// taken): the releases of the device and of those above it, newest first,
/// by the form's key (an owned device's id, or "adding"). One query.
fn firmware_choices(
    conn: &mut crate::db::DbConn,
    forms: &[(String, &str)],
) -> AppResult<std::collections::HashMap<String, Vec<String>>> {
    let mut ids: Vec<i64> = forms.iter().flat_map(|(_, path)| path_ids(path)).collect();
    ids.sort_unstable();
    ids.dedup();
    let releases = crate::model::before_service::firmware::of_devices(conn, &ids)?;
    Ok(forms
        .iter()
        .map(|(key, path)| {
            let applies = path_ids(path);
            let versions = releases
                .iter()
                .filter(|r| applies.contains(&r.device_id))
                .map(|r| r.version.clone())
                .collect();
            (key.clone(), versions)
        })
        .collect())
}

/// The page's data; `adding`: the device of a failed "I own this" form.
async fn page_context(
    state: &AppState,
    user_id: i64,
    adding: Option<Device>,
) -> AppResult<Context> {
    let today = crate::model::now().date();
    let adding_path = adding.as_ref().map(|d| d.path.clone());
    let (devices, firmware) = state
        .db(move |conn| {
            let devices = plans::my_devices(conn, user_id, today)?;
            let mut forms: Vec<(String, &str)> = devices
                .iter()
                .map(|o| (o.owned.owned.id.to_string(), o.owned.device_path.as_str()))
                .collect();
            if let Some(path) = &adding_path {
                forms.push(("adding".to_owned(), path.as_str()));
            }
            let firmware = firmware_choices(conn, &forms)?;
            Ok((devices, firmware))
        })
        .await?;
    let mut context = Context::new();
    context.insert("settings_section", "devices");
    context.insert("owned", &devices);
    context.insert("firmware_choices", &firmware);
    context.insert("today", &today.to_string());
    context.insert("snoozes", &SNOOZES);
    context.insert("failed", &Failed::default());
    context.insert("adding", &adding);
    Ok(context)
}

#[derive(Deserialize)]
struct Flags {
    saved: Option<String>,
    removed: Option<String>,
    done: Option<String>,
    snoozed: Option<String>,
}

/// What the page says was just done: a kind and the date it names.
#[derive(serde::Serialize)]
struct Notice {
    kind: &'static str,
    date: Option<String>,
}

impl Notice {
    fn new(kind: &'static str, date: Option<&str>) -> Notice {
        Notice {
            kind,
            date: date.map(str::to_owned),
        }
    }
}

#[get("/settings/devices")]
async fn settings_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    flags: web::Query<Flags>,
) -> AppResult<HttpResponse> {
    let user = viewer.require_user()?;
    let mut context = page_context(&state, user.id, None).await?;
    // The page says it (`own-notice-<kind>`, with the date if any).
    let notice = if flags.saved.is_some() {
        Some(Notice::new("saved", None))
    } else if flags.removed.is_some() {
        Some(Notice::new("removed", None))
    } else if let Some(next) = &flags.done {
        Some(match next.as_str() {
            "" => Notice::new("done", None),
            next => Notice::new("done-next", Some(next)),
        })
    } else {
        flags
            .snoozed
            .as_ref()
            .map(|until| Notice::new("snoozed", Some(until)))
    };
    context.insert("notice", &notice);
    ok_page(&req, &viewer, PAGE, context)
}

/// "I own this" (or the same form again to change what was said), from a
/// device page.
#[post("/devices/{slug}/own")]
async fn own(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
    CsrfForm(viewer, draft): CsrfForm<OwnedDraft>,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    actor.ensure_can_write()?;
    let slug = path.into_inner();
    let device = state
        .db(move |conn| crate::forum::knowledge::devices::require_by_slug(conn, &slug))
        .await?;
    let (device_for_db, draft_for_db) = (device.clone(), draft.clone());
    let result = state
        .db(move |conn| {
            rules::own(
                conn,
                &actor,
                &device_for_db,
                &draft_for_db,
                crate::model::now(),
            )
        })
        .await;
    match result {
        Ok(_) => Ok(see_other(&format!(
            "{}#ownership",
            crate::web::knowledge::devices::device_url(&device.slug)
        ))),
        Err(e) => {
            let user_id = viewer.require_user()?.id;
            let mut context = page_context(&state, user_id, Some(device)).await?;
            context.insert(
                "failed",
                &Failed {
                    draft,
                    ..Failed::default()
                },
            );
            form_again(&req, &viewer, PAGE, context, e)
        }
    }
}

#[post("/settings/devices/{id}")]
async fn edit(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    CsrfForm(viewer, draft): CsrfForm<OwnedDraft>,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    let id = path.into_inner();
    let draft_for_db = draft.clone();
    let result = state
        .db(move |conn| rules::update(conn, &actor, id, &draft_for_db, crate::model::now()))
        .await;
    match result {
        Ok(()) => Ok(see_other("/settings/devices?saved=1")),
        Err(e) => {
            let mut context = page_context(&state, viewer.require_user()?.id, None).await?;
            context.insert(
                "failed",
                &Failed {
                    owned_id: Some(id),
                    draft,
                    ..Failed::default()
                },
            );
            form_again(&req, &viewer, PAGE, context, e)
        }
    }
}

#[post("/settings/devices/{id}/remove")]
async fn remove(
    state: web::Data<AppState>,
    path: web::Path<i64>,
    CsrfForm(viewer, _): CsrfForm<crate::web::NoFields>,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    let id = path.into_inner();
    state
        .db(move |conn| rules::remove(conn, &actor, id))
        .await?;
    Ok(see_other("/settings/devices?removed=1"))
}

/// The task field: a number, or a clear 400.
fn task_param(raw: &str) -> AppResult<i64> {
    raw.trim()
        .parse()
        .map_err(|_| AppError::BadRequest("err-owned-devices-form-did-not-say-which".into()))
}

#[derive(Deserialize)]
struct DoneForm {
    #[serde(default)]
    task: String,
    #[serde(default)]
    done_on: String,
}

#[post("/settings/devices/{id}/done")]
async fn done(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    CsrfForm(viewer, form): CsrfForm<DoneForm>,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    let id = path.into_inner();
    let task_id = task_param(&form.task)?;
    let done_on = form.done_on.clone();
    let result = state
        .db(move |conn| plans::mark_done(conn, &actor, id, task_id, &done_on, crate::model::now()))
        .await;
    match result {
        Ok(next) => Ok(see_other(&format!(
            "/settings/devices?done={}#owned-{id}",
            next.map(|d| d.to_string()).unwrap_or_default()
        ))),
        Err(e) => {
            let mut context = page_context(&state, viewer.require_user()?.id, None).await?;
            context.insert(
                "failed",
                &Failed {
                    owned_id: Some(id),
                    task_id: Some(task_id),
                    done_on: form.done_on,
                    ..Failed::default()
                },
            );
            form_again(&req, &viewer, PAGE, context, e)
        }
    }
}

#[derive(Deserialize)]
struct SnoozeForm {
    #[serde(default)]
    task: String,
    #[serde(default)]
    period: String,
}

#[post("/settings/devices/{id}/snooze")]
async fn snooze(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    CsrfForm(viewer, form): CsrfForm<SnoozeForm>,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    let id = path.into_inner();
    let task_id = task_param(&form.task)?;
    let period = form.period.clone();
    let result = state
        .db(move |conn| plans::snooze(conn, &actor, id, task_id, &period, crate::model::now()))
        .await;
    match result {
        Ok(until) => Ok(see_other(&format!(
            "/settings/devices?snoozed={until}#owned-{id}"
        ))),
        Err(e) => {
            let mut context = page_context(&state, viewer.require_user()?.id, None).await?;
            context.insert(
                "failed",
                &Failed {
                    owned_id: Some(id),
                    task_id: Some(task_id),
                    ..Failed::default()
                },
            );
            form_again(&req, &viewer, PAGE, context, e)
        }
    }
}

/// For a device page: the viewer's ownership of it (with the form's
/// values), its maintenance plan, and the "your device" marks of its lists.
pub fn add_device_page_context(
    ownership: Option<store::OwnedDevice>,
    plan: &[crate::model::before_service::maintenance::TaskView],
    mine: Vec<String>,
    context: &mut Context,
) {
    context.insert(
        "ownership_form",
        &ownership
            .as_ref()
            .map_or_else(OwnedDraft::default, OwnedDraft::of),
    );
    context.insert("ownership", &ownership);
    context.insert("maintenance_plan", plan);
    context.insert("mine", &mine);
    context.insert("today", &crate::model::now().date().to_string());
}

/// For the home page: the viewer's "your device" marks and what is due.
pub async fn add_home_context(
    state: &AppState,
    viewer: &Viewer,
    context: &mut Context,
) -> AppResult<()> {
    let Some(user_id) = viewer.user.as_ref().map(|u| u.id) else {
        context.insert("mine", &Vec::<String>::new());
        context.insert("maintenance_due", &Vec::<plans::DueItem>::new());
        return Ok(());
    };
    let today = crate::model::now().date();
    let (mine, due) = state
        .db(move |conn| {
            Ok((
                store::marked_device_slugs(conn, user_id)?,
                plans::pressing(conn, user_id, today)?,
            ))
        })
        .await?;
    context.insert("mine", &mine);
    context.insert("maintenance_due", &due);
    Ok(())
}

/// For a profile: the devices its member chose to show.
pub async fn add_profile_context(
    state: &AppState,
    user_id: i64,
    context: &mut Context,
) -> AppResult<()> {
    let shown = state
        .db(move |conn| Ok(store::list_for_user(conn, user_id, true)?))
        .await?;
    context.insert("shown_devices", &shown);
    Ok(())
}

/// The device a new question starts with, when the link named none (see
/// `forum::before_service::owned_devices::prefill_device`).
pub async fn prefill_device(state: &AppState, viewer: &Viewer) -> AppResult<String> {
    let Some(user_id) = viewer.user.as_ref().map(|u| u.id) else {
        return Ok(String::new());
    };
    Ok(state
        .db(move |conn| rules::prefill_device(conn, user_id))
        .await?
        .unwrap_or_default())
}
