//! Answers that stay true, on the web: the staff page of a device's firmware
//! releases, "still works / no longer works on X" under an answer, and the
//! firmware parts of the thread page and the device hub (each loaded in a
//! few fixed queries).

use std::collections::BTreeMap;

use actix_web::{get, post, web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};
use tera::Context;

use crate::auth::{CsrfForm, Viewer};
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::forum::before_service::firmware::{self as rules, ReleaseForm};
use crate::forum::Policy;
use crate::model::before_service::firmware::{self, Release};
use crate::model::knowledge::devices::{self, path_ids, Device};
use crate::model::{discussion::posts, discussion::threads};
use crate::state::AppState;
use crate::web::discussion::threads::{post_url, ThreadPage};
use crate::web::{actor, form_again, ok_page, see_other};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(staff_page)
        .service(add_release)
        .service(report)
        .service(decide);
}

fn staff_url(slug: &str) -> String {
    format!("/staff/devices/{slug}/firmware")
}

/// An answer's firmware check as the thread page shows it.
#[derive(Debug, Serialize)]
pub struct Freshness {
    pub version: String,
    pub released_on: chrono::NaiveDate,
    /// Checked on the newest release that applies.
    pub fresh: bool,
    /// Trusted members' reports on the current release (the others'
    /// count for nothing, so they are not shown either).
    pub still_works: usize,
    pub broken: usize,
    pub you_reported: bool,
    /// The accepted solution, put in question by members' reports, waiting
    /// for staff to decide.
    pub in_question: bool,
}

#[derive(Debug, Serialize)]
pub struct ThreadFirmware {
    /// The releases of the thread's device and its ancestors, newest first.
    pub releases: Vec<Release>,
    pub current: Option<Release>,
    /// By post id (as text, for the template).
    pub checks: BTreeMap<String, Freshness>,
    pub reopen_after: i64,
    /// For the asker: the release their own device (My devices) runs, when
    /// it is one of these, preselected in the solution form.
    pub asker_firmware: Option<String>,
    /// The reader may report whether an answer still works (trusted).
    pub may_report: bool,
    pub trusted_reputation: i32,
}

/// The thread page's firmware part: none for a thread without a device or
/// whose device has no releases; otherwise three queries whatever the
/// thread's length.
pub fn load_for_thread(
    conn: &mut DbConn,
    viewer_id: Option<i64>,
    may_report: bool,
    policy: &Policy,
    data: &ThreadPage,
) -> AppResult<Option<ThreadFirmware>> {
    if data.thread.device_id.is_none() {
        return Ok(None);
    }
    let ids: Vec<i64> = data.breadcrumbs.iter().map(|d| d.id).collect();
    let releases = firmware::of_devices(conn, &ids)?;
    let Some(current) = firmware::newest(&releases).cloned() else {
        return Ok(None);
    };
    // The asker's own device of this model, if they registered its firmware.
    let asker_firmware = match (viewer_id, data.thread.device_id) {
        (Some(viewer), Some(device_id)) if viewer == data.thread.author_id => {
            crate::model::before_service::owned_devices::find_by_device(conn, viewer, device_id)?
                .and_then(|owned| {
                    releases
                        .iter()
                        .find(|r| r.version.eq_ignore_ascii_case(owned.firmware.trim()))
                        .map(|r| r.version.clone())
                })
        }
        _ => None,
    };
    let in_question = match data.thread.solution_post_id {
        Some(solution) => firmware::open_review_of_thread(conn, data.thread.id)?
            .filter(|r| r.post_id == solution)
            .map(|r| r.post_id),
        None => None,
    };
    let found = firmware::checks_of_thread(conn, data.thread.id)?;
    let post_ids: Vec<i64> = found.iter().map(|c| c.post_id).collect();
    let reports = if post_ids.is_empty() {
        Vec::new()
    } else {
        firmware::reports_on(conn, &post_ids, current.id, policy.trusted_reputation)?
    };
    let checks = found
        .into_iter()
        .map(|check| {
            let on = |works: bool| {
                reports
                    .iter()
                    .filter(|r| r.post_id == check.post_id && r.works == works && r.trusted)
                    .count()
            };
            let view = Freshness {
                fresh: rules::is_current(&check, &releases),
                still_works: on(true),
                broken: on(false),
                you_reported: reports
                    .iter()
                    .any(|r| r.post_id == check.post_id && Some(r.user_id) == viewer_id),
                in_question: in_question == Some(check.post_id),
                version: check.release.version.clone(),
                released_on: check.release.released_on,
            };
            (check.post_id.to_string(), view)
        })
        .collect();
    Ok(Some(ThreadFirmware {
        releases,
        current: Some(current),
        checks,
        reopen_after: rules::REOPEN_AFTER,
        asker_firmware,
        may_report,
        trusted_reputation: policy.trusted_reputation,
    }))
}

/// A solved thread of the hub with its solution's firmware check.
#[derive(Debug, Serialize)]
pub struct HubSolution {
    pub thread_id: i64,
    pub title: String,
    pub slug: String,
    pub version: String,
    pub current_version: String,
    /// The device below the page's whose release `current_version` is
    /// (a maker's page lists fixes of its models); None for the page's own.
    pub current_of: Option<String>,
    pub fresh: bool,
}

/// A device below a hub's with firmware releases of its own, and its newest.
#[derive(Debug, Serialize)]
pub struct BelowCurrent {
    pub name: String,
    pub slug: String,
    pub version: String,
}

#[derive(Debug, Serialize)]
pub struct HubFirmware {
    /// Releases of this device and the ones above it, newest first.
    pub releases: Vec<Release>,
    /// When none apply to the device itself: the devices below it that have
    /// releases, with their current one (a maker's models).
    pub below: Vec<BelowCurrent>,
    pub solutions: Vec<HubSolution>,
    /// `?firmware=current`: only solutions confirmed on the current firmware.
    pub only_current: bool,
    pub manage_url: String,
}

#[derive(Deserialize)]
struct HubQuery {
    firmware: Option<String>,
}

const HUB_SOLUTIONS: i64 = 50;

/// The device hub's firmware part, in three queries: the releases that apply
/// anywhere in the subtree (and above it), the subtree's devices, and its
/// solved threads with a firmware check (with `?firmware=current`, only those
/// whose `threads.firmware_current` says so, filtered in the query: the same
/// fact search's `firmware=current` filters on).
/// Whether a device page asks for fixes confirmed on the current firmware
/// only (`?firmware=current`).
pub fn only_current(query_string: &str) -> bool {
    web::Query::<HubQuery>::from_query(query_string)
        .ok()
        .and_then(|q| q.into_inner().firmware)
        .is_some_and(|f| f == "current")
}

pub fn load_for_hub(
    conn: &mut DbConn,
    device: &Device,
    query_string: &str,
) -> AppResult<HubFirmware> {
    let only_current = only_current(query_string);
    let subtree = devices::subtree_brief(conn, &device.path)?;
    let mut ids = path_ids(&device.path);
    ids.extend(subtree.iter().map(|d| d.id));
    let all = firmware::of_devices(conn, &ids)?;
    let above: Vec<i64> = path_ids(&device.path);
    let subtree_ids: Vec<i64> = subtree.iter().map(|d| d.id).collect();
    let solutions =
        firmware::checked_solutions_in(conn, &subtree_ids, only_current, HUB_SOLUTIONS)?
            .into_iter()
            .filter_map(|found| {
                let firmware::CheckedSolution {
                    thread_id,
                    title,
                    slug,
                    device_id,
                    current,
                    checked,
                } = found;
                let path = subtree
                    .iter()
                    .find(|d| Some(d.id) == device_id)?
                    .path
                    .clone();
                let applies = path_ids(&path);
                let newest = all.iter().find(|r| applies.contains(&r.device_id))?;
                let current_of = subtree
                    .iter()
                    .find(|d| d.id == newest.device_id && d.id != device.id)
                    .map(|d| d.name.clone());
                Some(HubSolution {
                    thread_id,
                    title,
                    slug,
                    version: checked.version,
                    current_version: newest.version.clone(),
                    current_of,
                    // The thread's stored fact, as search filters on it.
                    fresh: current,
                })
            })
            .collect();
    let releases: Vec<Release> = all
        .iter()
        .filter(|r| above.contains(&r.device_id))
        .cloned()
        .collect();
    // Releases are newest first: the first of a device is its current one.
    let below = if releases.is_empty() {
        subtree
            .iter()
            .filter(|d| d.id != device.id)
            .filter_map(|d| {
                let newest = all.iter().find(|r| r.device_id == d.id)?;
                Some(BelowCurrent {
                    name: d.name.clone(),
                    slug: d.slug.clone(),
                    version: newest.version.clone(),
                })
            })
            .collect()
    } else {
        Vec::new()
    };
    Ok(HubFirmware {
        releases,
        below,
        solutions,
        only_current,
        manage_url: staff_url(&device.slug),
    })
}

fn staff_context(device: &Device, releases: &[Release], form: &ReleaseForm) -> Context {
    let mut context = Context::new();
    context.insert("device", device);
    context.insert("releases", releases);
    context.insert("form", form);
    context.insert("max_version", &rules::MAX_VERSION_CHARS);
    context.insert("max_notes", &rules::MAX_NOTES_CHARS);
    context
}

async fn load_staff_page(state: &AppState, slug: String) -> AppResult<(Device, Vec<Release>)> {
    state
        .db(move |conn| {
            let device = devices::find_by_slug(conn, &slug)?.ok_or(AppError::NotFound("device"))?;
            let releases = firmware::of_devices(conn, &[device.id])?;
            Ok((device, releases))
        })
        .await
}

/// Staff read this page (suspended staff too: reading changes nothing).
#[get("/staff/devices/{slug}/firmware")]
async fn staff_page(
    req: HttpRequest,
    viewer: Viewer,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let user = viewer.require_user()?;
    if !user.role.is_staff() {
        return Err(AppError::forbidden(
            "err-firmware-only-staff-manage-firmware-releases",
        ));
    }
    let (device, releases) = load_staff_page(&state, path.into_inner()).await?;
    let form = ReleaseForm {
        released_on: crate::model::now().date().to_string(),
        ..ReleaseForm::default()
    };
    ok_page(
        &req,
        &viewer,
        "staff/firmware.html",
        staff_context(&device, &releases, &form),
    )
}

#[post("/staff/devices/{slug}/firmware")]
async fn add_release(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
    CsrfForm(viewer, form): CsrfForm<ReleaseForm>,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    let slug = path.into_inner();
    let (slug_, form_) = (slug.clone(), form.clone());
    let result = state
        .db(move |conn| rules::add_release(conn, &actor, &slug_, &form_))
        .await;
    match result {
        Ok(()) => Ok(see_other(&staff_url(&slug))),
        Err(e) if e.field_errors().is_some() => {
            let (device, releases) = load_staff_page(&state, slug).await?;
            form_again(
                &req,
                &viewer,
                "staff/firmware.html",
                staff_context(&device, &releases, &form),
                e,
            )
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize)]
struct ReportForm {
    #[serde(default)]
    works: String,
}

/// "Still works on X" (`works=yes`) or "no longer works on X" (`works=no`).
#[post("/posts/{id}/firmware")]
async fn report(
    state: web::Data<AppState>,
    path: web::Path<i64>,
    CsrfForm(viewer, form): CsrfForm<ReportForm>,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    let works = match form.works.as_str() {
        "yes" => true,
        "no" => false,
        _ => {
            return Err(AppError::BadRequest(
                "err-firmware-say-whether-answer-still-works".into(),
            ))
        }
    };
    let post_id = path.into_inner();
    let policy = state.policy.clone();
    let url = state
        .db(move |conn| {
            rules::report(conn, &actor, post_id, works, &policy)?;
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

#[derive(Deserialize)]
struct DecisionForm {
    #[serde(default)]
    decision: String,
}

/// Staff on a solution in question: `decision=unmark` confirms the members'
/// reports (the solution is un-marked), `decision=keep` keeps it.
#[post("/posts/{id}/firmware/review")]
async fn decide(
    state: web::Data<AppState>,
    path: web::Path<i64>,
    CsrfForm(viewer, form): CsrfForm<DecisionForm>,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    let unmark = match form.decision.as_str() {
        "unmark" => true,
        "keep" => false,
        _ => {
            return Err(AppError::BadRequest(
                "err-firmware-say-whether-un-mark-solution".into(),
            ))
        }
    };
    let post_id = path.into_inner();
    let policy = state.policy.clone();
    let url = state
        .db(move |conn| {
            rules::decide(conn, &actor, post_id, unmark, &policy)?;
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
