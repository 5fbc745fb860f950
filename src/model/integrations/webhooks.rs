//! Webhooks, the events they are sent, and their deliveries (the outbox the
//! worker in `crate::webhooks::outbox` drains).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::{webhook_deliveries, webhook_events, webhooks};
use crate::db::DbConn;

#[derive(Debug, Clone, Queryable, Serialize)]
pub struct Webhook {
    pub id: i64,
    pub url: String,
    pub secret: String,
    pub allow_private: bool,
    pub created_by_id: Option<i64>,
    pub created_at: NaiveDateTime,
    /// A paused webhook (false) is queued no new events.
    pub active: bool,
}

/// One delivery as the admin page lists it.
#[derive(Debug, Clone, Queryable, Serialize)]
pub struct DeliveryRow {
    pub id: i64,
    pub event: String,
    pub delivery_key: String,
    pub attempts: i32,
    pub created_at: NaiveDateTime,
    pub last_attempt_at: Option<NaiveDateTime>,
    pub response_status: Option<i32>,
    pub last_error: Option<String>,
    pub delivered_at: Option<NaiveDateTime>,
    pub failed_at: Option<NaiveDateTime>,
}

pub fn insert(
    conn: &mut DbConn,
    url: &str,
    secret: &str,
    allow_private: bool,
    created_by_id: i64,
    events: &[&str],
    now: NaiveDateTime,
) -> QueryResult<i64> {
    let id: i64 = diesel::insert_into(webhooks::table)
        .values((
            webhooks::url.eq(url),
            webhooks::secret.eq(secret),
            webhooks::allow_private.eq(allow_private),
            webhooks::created_by_id.eq(created_by_id),
            webhooks::created_at.eq(now),
        ))
        .returning(webhooks::id)
        .get_result(conn)?;
    insert_events(conn, id, events)?;
    Ok(id)
}

fn insert_events(conn: &mut DbConn, webhook_id: i64, events: &[&str]) -> QueryResult<()> {
    // One row at a time: batch inserts differ between the two backends,
    // and a webhook has a handful of events.
    for event in events {
        diesel::insert_into(webhook_events::table)
            .values((
                webhook_events::webhook_id.eq(webhook_id),
                webhook_events::event.eq(*event),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// A webhook's new address, events and state (its secret stays).
pub fn update(
    conn: &mut DbConn,
    id: i64,
    (url, allow_private, active): (&str, bool, bool),
    events: &[&str],
) -> QueryResult<usize> {
    let updated = diesel::update(webhooks::table.find(id))
        .set((
            webhooks::url.eq(url),
            webhooks::allow_private.eq(allow_private),
            webhooks::active.eq(active),
        ))
        .execute(conn)?;
    diesel::delete(webhook_events::table.filter(webhook_events::webhook_id.eq(id)))
        .execute(conn)?;
    insert_events(conn, id, events)?;
    Ok(updated)
}

pub fn find(conn: &mut DbConn, id: i64) -> QueryResult<Option<Webhook>> {
    webhooks::table.find(id).first(conn).optional()
}

pub fn delete(conn: &mut DbConn, id: i64) -> QueryResult<usize> {
    diesel::delete(webhooks::table.find(id)).execute(conn)
}

pub fn all(conn: &mut DbConn) -> QueryResult<Vec<Webhook>> {
    webhooks::table.order(webhooks::id.asc()).load(conn)
}

/// Every webhook's events, as (webhook, event) pairs, in one query.
pub fn all_events(conn: &mut DbConn) -> QueryResult<Vec<(i64, String)>> {
    webhook_events::table
        .order((webhook_events::webhook_id, webhook_events::event))
        .load(conn)
}

pub fn events_of(conn: &mut DbConn, webhook_id: i64) -> QueryResult<Vec<String>> {
    webhook_events::table
        .filter(webhook_events::webhook_id.eq(webhook_id))
        .order(webhook_events::event)
        .select(webhook_events::event)
        .load(conn)
}

/// The active webhooks that are sent `event`.
pub fn subscribed(conn: &mut DbConn, event: &str) -> QueryResult<Vec<i64>> {
    webhook_events::table
        .inner_join(webhooks::table)
        .filter(webhook_events::event.eq(event))
        .filter(webhooks::active.eq(true))
        .select(webhook_events::webhook_id)
        .load(conn)
}

/// The webhook, event and exact body of a delivery.
pub fn delivery_body(
    conn: &mut DbConn,
    delivery_id: i64,
) -> QueryResult<Option<(i64, String, String)>> {
    webhook_deliveries::table
        .find(delivery_id)
        .select((
            webhook_deliveries::webhook_id,
            webhook_deliveries::event,
            webhook_deliveries::body,
        ))
        .first(conn)
        .optional()
}

/// One delivery per webhook, each with a key of its own, in one insert.
pub fn insert_deliveries(
    conn: &mut DbConn,
    webhook_ids: &[i64],
    event: &str,
    body: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    let mut written = 0;
    // One row per webhook (few): batch inserts differ between the backends.
    for id in webhook_ids {
        written += diesel::insert_into(webhook_deliveries::table)
            .values((
                webhook_deliveries::webhook_id.eq(*id),
                webhook_deliveries::event.eq(event),
                webhook_deliveries::delivery_key.eq(&crate::tokens::random_token()[..32]),
                webhook_deliveries::body.eq(body),
                webhook_deliveries::next_attempt_at.eq(now),
                webhook_deliveries::created_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(written)
}

/// A webhook's most recent deliveries, newest first.
pub fn recent_deliveries(
    conn: &mut DbConn,
    webhook_id: i64,
    limit: i64,
) -> QueryResult<Vec<DeliveryRow>> {
    webhook_deliveries::table
        .filter(webhook_deliveries::webhook_id.eq(webhook_id))
        .order(webhook_deliveries::id.desc())
        .select((
            webhook_deliveries::id,
            webhook_deliveries::event,
            webhook_deliveries::delivery_key,
            webhook_deliveries::attempts,
            webhook_deliveries::created_at,
            webhook_deliveries::last_attempt_at,
            webhook_deliveries::response_status,
            webhook_deliveries::last_error,
            webhook_deliveries::delivered_at,
            webhook_deliveries::failed_at,
        ))
        .limit(limit)
        .load(conn)
}
