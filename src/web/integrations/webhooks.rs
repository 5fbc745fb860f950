//! The admins' webhooks pages: the list with the form to add one, each
//! webhook's secret and recent deliveries, and removing it. The rules are in
//! `forum::integrations::webhooks`.

use std::collections::BTreeMap;

use actix_web::{get, post, web, HttpRequest, HttpResponse};
use serde::Deserialize;
use tera::Context;

use crate::auth::{CsrfForm, Viewer};
use crate::error::AppResult;
use crate::forum::integrations::webhooks::{self, Draft};
use crate::forum::Actor;
use crate::state::AppState;
use crate::web::{actor, form_again, ok_page, see_other, NoFields};
use crate::webhooks::Event;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(webhooks_page)
        .service(create)
        .service(webhook_page)
        .service(remove);
}

const LIST: &str = "admin/webhooks.html";
const SHOW: &str = "admin/webhook.html";
/// Checkboxes are named `event.<name>`: a form may not repeat a field.
const EVENT_FIELD: &str = "event.";

async fn list_context(state: &AppState, actor: &Actor, draft: &Draft) -> AppResult<Context> {
    let for_db = actor.clone();
    let listed = state.db(move |conn| webhooks::list(conn, &for_db)).await?;
    let events: Vec<_> = Event::ALL
        .iter()
        .map(|e| {
            serde_json::json!({
                "name": e.as_str(),
                "label": e.label(),
                "checked": draft.events.iter().any(|d| d == e.as_str()),
            })
        })
        .collect();
    let mut context = Context::new();
    context.insert("webhooks", &listed);
    context.insert("events", &events);
    context.insert("draft", draft);
    context.insert("notice", &None::<String>);
    Ok(context)
}

#[derive(Deserialize)]
struct ListQuery {
    done: Option<String>,
}

#[get("/admin/webhooks")]
async fn webhooks_page(
    req: HttpRequest,
    viewer: Viewer,
    state: web::Data<AppState>,
    query: web::Query<ListQuery>,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    webhooks::ensure_can_manage(&actor)?;
    let mut context = list_context(&state, &actor, &Draft::default()).await?;
    if query.done.as_deref() == Some("removed") {
        context.insert("notice", &Some("The webhook is removed."));
    }
    ok_page(&req, &viewer, LIST, context)
}

/// The form's fields: `url`, `allow_private` and one `event.<name>` per ticked event.
fn draft_of(form: BTreeMap<String, String>) -> Draft {
    Draft {
        url: form.get("url").cloned().unwrap_or_default(),
        allow_private: form.contains_key("allow_private"),
        events: form
            .keys()
            .filter_map(|k| k.strip_prefix(EVENT_FIELD))
            .map(str::to_owned)
            .collect(),
    }
}

#[post("/admin/webhooks")]
async fn create(
    req: HttpRequest,
    state: web::Data<AppState>,
    CsrfForm(viewer, form): CsrfForm<BTreeMap<String, String>>,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    let draft = draft_of(form);
    // The DNS lookup runs before, and outside, the write.
    let (for_check, to_check) = (actor.clone(), draft.clone());
    let registered = match state
        .blocking(move || webhooks::check(&for_check, &to_check))
        .await
    {
        Ok(checked) => {
            let for_db = actor.clone();
            state
                .db(move |conn| webhooks::register(conn, &for_db, &checked))
                .await
        }
        Err(e) => Err(e),
    };
    match registered {
        Ok(id) => Ok(see_other(&format!("/admin/webhooks/{id}?done=created"))),
        Err(e) if e.field_errors().is_some() => {
            let context = list_context(&state, &actor, &draft).await?;
            form_again(&req, &viewer, LIST, context, e)
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize)]
struct ShowQuery {
    done: Option<String>,
}

#[get("/admin/webhooks/{id}")]
async fn webhook_page(
    req: HttpRequest,
    viewer: Viewer,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    query: web::Query<ShowQuery>,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    webhooks::ensure_can_manage(&actor)?;
    let id = path.into_inner();
    let (webhook, events, deliveries) = state
        .db(move |conn| webhooks::show(conn, &actor, id))
        .await?;
    let mut context = Context::new();
    context.insert("webhook", &webhook);
    context.insert("events", &events);
    context.insert("deliveries", &deliveries);
    context.insert("created", &(query.done.as_deref() == Some("created")));
    ok_page(&req, &viewer, SHOW, context)
}

#[post("/admin/webhooks/{id}/remove")]
async fn remove(
    state: web::Data<AppState>,
    path: web::Path<i64>,
    CsrfForm(viewer, _): CsrfForm<NoFields>,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    let id = path.into_inner();
    state
        .db(move |conn| webhooks::remove(conn, &actor, id))
        .await?;
    Ok(see_other("/admin/webhooks?done=removed"))
}
