//! The admins' webhooks pages: the list with the form to add one; each
//! webhook's secret, recent deliveries (each can be sent again), the form
//! to change it, a test event, and removing it. The rules are in
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
use crate::web::say;
use crate::web::{actor, form_again, ok_page, see_other, NoFields};
use crate::webhooks::Event;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(webhooks_page)
        .service(create)
        .service(webhook_page)
        .service(change)
        .service(ping)
        .service(redeliver)
        .service(remove);
}

const LIST: &str = "admin/webhooks.html";
const SHOW: &str = "admin/webhook.html";
/// Checkboxes are named `event.<name>`: a form may not repeat a field.
const EVENT_FIELD: &str = "event.";

/// Every event as a checkbox of a webhook form, ticked as in the draft.
fn event_choices(draft: &Draft) -> Vec<serde_json::Value> {
    Event::ALL
        .iter()
        .map(|e| {
            serde_json::json!({
                "name": e.as_str(),
                "checked": draft.events.iter().any(|d| d == e.as_str()),
            })
        })
        .collect()
}

async fn list_context(state: &AppState, actor: &Actor, draft: &Draft) -> AppResult<Context> {
    let for_db = actor.clone();
    let listed = state.db(move |conn| webhooks::list(conn, &for_db)).await?;
    let mut context = Context::new();
    context.insert("webhooks", &listed);
    context.insert("events", &event_choices(draft));
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
        context.insert("notice", &Some(say(&req, "err-notice-webhook-removed")));
    }
    ok_page(&req, &viewer, LIST, context)
}

/// The form's fields: `url`, `allow_private`, `active` and one
/// `event.<name>` per ticked event.
fn draft_of(form: BTreeMap<String, String>) -> Draft {
    Draft {
        url: form.get("url").cloned().unwrap_or_default(),
        allow_private: form.contains_key("allow_private"),
        active: form.contains_key("active"),
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
    // A new webhook starts active.
    let draft = Draft {
        active: true,
        ..draft_of(form)
    };
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

/// A webhook's page: its facts and deliveries, and the form to change it
/// (as the webhook is, or as the admin sent it when it was refused).
async fn show_context(
    state: &AppState,
    actor: &Actor,
    id: i64,
    sent: Option<&Draft>,
) -> AppResult<Context> {
    let for_db = actor.clone();
    let (webhook, events, deliveries) = state
        .db(move |conn| webhooks::show(conn, &for_db, id))
        .await?;
    let draft = match sent {
        Some(draft) => draft.clone(),
        None => Draft {
            url: webhook.url.clone(),
            events: events.clone(),
            allow_private: webhook.allow_private,
            active: webhook.active,
        },
    };
    let mut context = Context::new();
    context.insert("webhook", &webhook);
    context.insert("events", &events);
    context.insert("deliveries", &deliveries);
    context.insert("draft", &draft);
    context.insert("event_choices", &event_choices(&draft));
    context.insert("notice", &None::<&str>);
    Ok(context)
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
    let mut context = show_context(&state, &actor, path.into_inner(), None).await?;
    let notice = match query.done.as_deref() {
        Some("created") => Some(say(&req, "err-notice-webhook-added-give-receiver-secret")),
        Some("changed") => Some(say(&req, "err-notice-webhook-changed")),
        Some("pinged") => Some(say(&req, "err-notice-test-event-ping-queued-sent")),
        Some("redelivered") => Some(say(&req, "err-notice-delivery-queued-again-new-delivery")),
        _ => None,
    };
    context.insert("notice", &notice);
    ok_page(&req, &viewer, SHOW, context)
}

#[post("/admin/webhooks/{id}/edit")]
async fn change(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    CsrfForm(viewer, form): CsrfForm<BTreeMap<String, String>>,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    let id = path.into_inner();
    let draft = draft_of(form);
    // The DNS lookup runs before, and outside, the write.
    let (for_check, to_check) = (actor.clone(), draft.clone());
    let changed = match state
        .blocking(move || webhooks::check(&for_check, &to_check))
        .await
    {
        Ok(checked) => {
            let for_db = actor.clone();
            state
                .db(move |conn| webhooks::change(conn, &for_db, id, &checked))
                .await
        }
        Err(e) => Err(e),
    };
    match changed {
        Ok(()) => Ok(see_other(&format!("/admin/webhooks/{id}?done=changed"))),
        Err(e) if e.field_errors().is_some() => {
            let context = show_context(&state, &actor, id, Some(&draft)).await?;
            form_again(&req, &viewer, SHOW, context, e)
        }
        Err(e) => Err(e),
    }
}

#[post("/admin/webhooks/{id}/ping")]
async fn ping(
    state: web::Data<AppState>,
    path: web::Path<i64>,
    CsrfForm(viewer, _): CsrfForm<NoFields>,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    let id = path.into_inner();
    state
        .db(move |conn| webhooks::ping(conn, &actor, id))
        .await?;
    Ok(see_other(&format!("/admin/webhooks/{id}?done=pinged")))
}

#[post("/admin/webhook-deliveries/{id}/redeliver")]
async fn redeliver(
    state: web::Data<AppState>,
    path: web::Path<i64>,
    CsrfForm(viewer, _): CsrfForm<NoFields>,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    let delivery = path.into_inner();
    let id = state
        .db(move |conn| webhooks::redeliver(conn, &actor, delivery))
        .await?;
    Ok(see_other(&format!("/admin/webhooks/{id}?done=redelivered")))
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
