//! The admins' webhooks: registering a URL for some events, changing it
//! (address, events, paused or active), removing it, seeing its deliveries,
//! sending it a test event and sending a past delivery again. Admin powers
//! only (a suspended admin has none); every change lands in the audit log.
//! Sending is in `crate::webhooks`: the test event and a delivery sent
//! again are queued in the outbox like every event.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::db::{write_tx, DbConn};
use crate::error::{AppError, AppResult};
use crate::forum::staff::moderation::audit;
use crate::forum::{Actor, Checks};
use crate::i18n::Message;
use crate::model::integrations::webhooks::{self as store, DeliveryRow, Webhook};
use crate::webhooks::{address, Event};

/// Deliveries shown on a webhook's page.
pub const RECENT_DELIVERIES: i64 = 50;

pub fn ensure_can_manage(actor: &Actor) -> AppResult<()> {
    actor.ensure_admin("err-webhooks-only-admins-can-manage-webhooks")
}

/// A webhook as an admin asks for it.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Draft {
    pub url: String,
    pub events: Vec<String>,
    pub allow_private: bool,
    /// Paused (false) or active; a new webhook starts active.
    pub active: bool,
}

/// A draft that passed every check, ready to be written.
#[derive(Debug, Clone)]
pub struct Checked {
    url: String,
    events: Vec<Event>,
    allow_private: bool,
    active: bool,
}

/// Checks a draft: the URL, the events (every name must be one of
/// `Event::ALL`), and unless private addresses are allowed, that the host
/// is public, resolving its name. Blocks on DNS: run it off the async
/// workers and outside any transaction.
pub fn check(actor: &Actor, draft: &Draft) -> AppResult<Checked> {
    ensure_can_manage(actor)?;
    let mut checks = Checks::default();
    let url = match address::parse(&draft.url) {
        Ok(url) => Some(url),
        Err(message) => {
            checks.add("url", message);
            None
        }
    };
    let mut events = Vec::new();
    for name in &draft.events {
        match Event::parse(name.trim()) {
            Some(event) if !events.contains(&event) => events.push(event),
            Some(_) => {}
            None => checks.add(
                "events",
                Message::new("err-webhooks-name-not-event-choose-from")
                    .with("name", name.trim())
                    .with("join", Event::ALL.map(Event::as_str).join(", ")),
            ),
        }
    }
    if draft.events.is_empty() {
        checks.add("events", "err-webhooks-choose-at-least-one-event");
    }
    checks.finish()?;
    let url = url.expect("checked above");
    if !draft.allow_private {
        address::refuse_private(&url).map_err(|message| AppError::invalid("url", message))?;
    }
    Ok(Checked {
        url: url.to_string(),
        events,
        allow_private: draft.allow_private,
        active: draft.active,
    })
}

/// Registers a checked webhook with a fresh secret; returns its id.
pub fn register(conn: &mut DbConn, actor: &Actor, checked: &Checked) -> AppResult<i64> {
    ensure_can_manage(actor)?;
    let secret = crate::auth::random_token();
    let events: Vec<&str> = checked.events.iter().map(|e| e.as_str()).collect();
    write_tx(conn, |conn| {
        let id = store::insert(
            conn,
            &checked.url,
            &secret,
            checked.allow_private,
            actor.id,
            &events,
            crate::model::now(),
        )?;
        audit(
            conn,
            Some(actor),
            "webhook_created",
            None,
            None,
            None,
            &format!("{} ({})", checked.url, events.join(", ")),
        )?;
        Ok(id)
    })
}

/// Changes a webhook to a checked draft: its address, events and whether it
/// is active. Its secret and its deliveries stay; waiting ones go to the
/// new address.
pub fn change(conn: &mut DbConn, actor: &Actor, id: i64, checked: &Checked) -> AppResult<()> {
    ensure_can_manage(actor)?;
    let events: Vec<&str> = checked.events.iter().map(|e| e.as_str()).collect();
    write_tx(conn, |conn| {
        let before = store::find(conn, id)?.ok_or(AppError::NotFound("webhook"))?;
        store::update(
            conn,
            id,
            (&checked.url, checked.allow_private, checked.active),
            &events,
        )?;
        audit(
            conn,
            Some(actor),
            "webhook_changed",
            None,
            None,
            None,
            &format!(
                "{} → {} ({}){}",
                before.url,
                checked.url,
                events.join(", "),
                if checked.active { "" } else { ", paused" }
            ),
        )
    })
}

/// Queues a test event (`ping`) for a webhook, paused or not.
pub fn ping(conn: &mut DbConn, actor: &Actor, id: i64) -> AppResult<()> {
    ensure_can_manage(actor)?;
    write_tx(conn, |conn| {
        let webhook = store::find(conn, id)?.ok_or(AppError::NotFound("webhook"))?;
        crate::webhooks::enqueue_ping(conn, webhook.id)?;
        audit(
            conn,
            Some(actor),
            "webhook_pinged",
            None,
            None,
            None,
            &webhook.url,
        )
    })
}

/// Queues a past delivery again for its webhook; returns the webhook.
pub fn redeliver(conn: &mut DbConn, actor: &Actor, delivery_id: i64) -> AppResult<i64> {
    ensure_can_manage(actor)?;
    write_tx(conn, |conn| {
        let webhook_id = crate::webhooks::enqueue_again(conn, delivery_id)?
            .ok_or(AppError::NotFound("delivery"))?;
        let webhook = store::find(conn, webhook_id)?.ok_or(AppError::NotFound("webhook"))?;
        audit(
            conn,
            Some(actor),
            "webhook_redelivered",
            None,
            None,
            None,
            &format!("delivery {delivery_id} to {}", webhook.url),
        )?;
        Ok(webhook_id)
    })
}

/// Removes a webhook and its deliveries, sent or waiting.
pub fn remove(conn: &mut DbConn, actor: &Actor, id: i64) -> AppResult<()> {
    ensure_can_manage(actor)?;
    write_tx(conn, |conn| {
        let webhook = store::find(conn, id)?.ok_or(AppError::NotFound("webhook"))?;
        store::delete(conn, id)?;
        audit(
            conn,
            Some(actor),
            "webhook_removed",
            None,
            None,
            None,
            &webhook.url,
        )
    })
}

/// A webhook as the admin pages show it (the secret only on its own page).
#[derive(Debug, Serialize)]
pub struct Listed {
    pub id: i64,
    pub url: String,
    pub allow_private: bool,
    pub active: bool,
    pub created_at: chrono::NaiveDateTime,
    pub events: Vec<String>,
}

/// Every webhook with its events (two queries).
pub fn list(conn: &mut DbConn, actor: &Actor) -> AppResult<Vec<Listed>> {
    ensure_can_manage(actor)?;
    let mut events: BTreeMap<i64, Vec<String>> = BTreeMap::new();
    for (id, event) in store::all_events(conn)? {
        events.entry(id).or_default().push(event);
    }
    Ok(store::all(conn)?
        .into_iter()
        .map(|w| Listed {
            events: events.remove(&w.id).unwrap_or_default(),
            id: w.id,
            url: w.url,
            allow_private: w.allow_private,
            active: w.active,
            created_at: w.created_at,
        })
        .collect())
}

/// One webhook, its events and its most recent deliveries.
pub fn show(
    conn: &mut DbConn,
    actor: &Actor,
    id: i64,
) -> AppResult<(Webhook, Vec<String>, Vec<DeliveryRow>)> {
    ensure_can_manage(actor)?;
    let webhook = store::find(conn, id)?.ok_or(AppError::NotFound("webhook"))?;
    let events = store::events_of(conn, id)?;
    let deliveries = store::recent_deliveries(conn, id, RECENT_DELIVERIES)?;
    Ok((webhook, events, deliveries))
}
