//! The staff page of a device's maintenance plan: the tasks on it (and
//! those it inherits from above), with forms to add, edit and remove.

use actix_web::{get, post, web, HttpRequest, HttpResponse};
use tera::Context;

use crate::auth::{CsrfForm, Viewer};
use crate::error::AppResult;
use crate::forum::before_service::maintenance::{self as rules, TaskDraft, UNITS};
use crate::forum::knowledge::devices::require_by_slug;
use crate::model::knowledge::devices::{self, Device};
use crate::state::AppState;
use crate::web::{actor, form_again, ok_page, see_other, NoFields};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(plan_page)
        .service(add)
        .service(edit)
        .service(remove);
}

const PAGE: &str = "staff/maintenance.html";

fn plan_url(slug: &str) -> String {
    format!("/staff/devices/{slug}/maintenance")
}

#[derive(serde::Serialize, Default)]
struct Failed {
    task_id: Option<i64>,
    draft: TaskDraft,
}

async fn page_context(state: &AppState, device: Device, failed: Failed) -> AppResult<Context> {
    let device_for_db = device.clone();
    let (plan, breadcrumbs) = state
        .db(move |conn| {
            Ok((
                rules::plan_for(conn, &device_for_db)?,
                devices::along_path(conn, &device_for_db.path)?,
            ))
        })
        .await?;
    let drafts: Vec<TaskDraft> = plan.iter().map(|t| TaskDraft::of(&t.task)).collect();
    let mut context = Context::new();
    context.insert("device", &device);
    context.insert("breadcrumbs", &breadcrumbs);
    context.insert("plan", &plan);
    context.insert("drafts", &drafts);
    context.insert("units", &UNITS);
    let new_form = if failed.task_id.is_none() && !failed.draft.title.is_empty() {
        failed.draft.clone()
    } else {
        TaskDraft {
            interval_unit: "months".into(),
            ..TaskDraft::default()
        }
    };
    context.insert("new_form", &new_form);
    context.insert("failed", &failed);
    Ok(context)
}

#[get("/staff/devices/{slug}/maintenance")]
async fn plan_page(
    req: HttpRequest,
    viewer: Viewer,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    actor(&viewer)?.ensure_staff("err-maintenance-only-staff-can-change-maintenance")?;
    let slug = path.into_inner();
    let device = state.db(move |conn| require_by_slug(conn, &slug)).await?;
    let context = page_context(&state, device, Failed::default()).await?;
    ok_page(&req, &viewer, PAGE, context)
}

#[post("/staff/devices/{slug}/maintenance")]
async fn add(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
    CsrfForm(viewer, draft): CsrfForm<TaskDraft>,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    actor.ensure_staff("err-maintenance-only-staff-can-change-maintenance")?;
    let slug = path.into_inner();
    let device = state.db(move |conn| require_by_slug(conn, &slug)).await?;
    let (device_for_db, draft_for_db) = (device.clone(), draft.clone());
    let result = state
        .db(move |conn| rules::add_task(conn, &actor, &device_for_db, &draft_for_db))
        .await;
    match result {
        Ok(task) => Ok(see_other(&format!(
            "{}#task-{}",
            plan_url(&device.slug),
            task.id
        ))),
        Err(e) => {
            let context = page_context(
                &state,
                device,
                Failed {
                    task_id: None,
                    draft,
                },
            )
            .await?;
            form_again(&req, &viewer, PAGE, context, e)
        }
    }
}

#[post("/staff/maintenance/{id}/edit")]
async fn edit(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    CsrfForm(viewer, draft): CsrfForm<TaskDraft>,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    let id = path.into_inner();
    let draft_for_db = draft.clone();
    let result = state
        .db(move |conn| {
            let task = rules::update_task(conn, &actor, id, &draft_for_db)?;
            Ok(devices::find(conn, task.device_id)?)
        })
        .await;
    match result {
        Ok(device) => Ok(see_other(&format!("{}#task-{id}", plan_url(&device.slug)))),
        Err(e) if e.field_errors().is_some() => {
            let device = state
                .db(move |conn| {
                    let task = rules::require_task(conn, id)?;
                    Ok(devices::find(conn, task.device_id)?)
                })
                .await?;
            let context = page_context(
                &state,
                device,
                Failed {
                    task_id: Some(id),
                    draft,
                },
            )
            .await?;
            form_again(&req, &viewer, PAGE, context, e)
        }
        Err(e) => Err(e),
    }
}

#[post("/staff/maintenance/{id}/remove")]
async fn remove(
    state: web::Data<AppState>,
    path: web::Path<i64>,
    CsrfForm(viewer, _): CsrfForm<NoFields>,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    let id = path.into_inner();
    let device = state
        .db(move |conn| {
            let task = rules::remove_task(conn, &actor, id)?;
            Ok(devices::find(conn, task.device_id)?)
        })
        .await?;
    Ok(see_other(&plan_url(&device.slug)))
}
