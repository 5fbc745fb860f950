//! Webhooks: forum events sent to the URLs admins register. `enqueue` is
//! called by `forum` inside the transaction of the event, so an event and
//! its deliveries commit together; `outbox` sends them later, signed.
//! Registering webhooks (the rules) is in `forum::integrations::webhooks`.

pub mod address;
pub mod outbox;

use chrono::NaiveDateTime;
use diesel::QueryResult;
use hmac::{Hmac, Mac};
use serde_json::json;
use sha2::Sha256;

use crate::db::DbConn;
use crate::model::discussion::threads::Thread;

/// What a webhook can be sent. The name is what receivers see
/// (`X-Fixloop-Event` and the body's `event`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    ThreadCreated,
    QuestionSolved,
    AnswerVerified,
    EscalationOpened,
    EscalationClaimed,
    KnownIssueStatusChanged,
}

impl Event {
    pub const ALL: [Event; 6] = [
        Event::ThreadCreated,
        Event::QuestionSolved,
        Event::AnswerVerified,
        Event::EscalationOpened,
        Event::EscalationClaimed,
        Event::KnownIssueStatusChanged,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Event::ThreadCreated => "thread.created",
            Event::QuestionSolved => "question.solved",
            Event::AnswerVerified => "answer.verified",
            Event::EscalationOpened => "escalation.opened",
            Event::EscalationClaimed => "escalation.claimed",
            Event::KnownIssueStatusChanged => "known_issue.status_changed",
        }
    }

    pub fn parse(name: &str) -> Option<Event> {
        Event::ALL.into_iter().find(|e| e.as_str() == name)
    }
}

/// The thread an event is about, as receivers get it.
pub fn thread_data(thread: &Thread) -> serde_json::Value {
    json!({
        "id": thread.id,
        "kind": thread.kind,
        "title": thread.title,
        "status": thread.status,
        "device_id": thread.device_id,
        "author_id": thread.author_id,
        "path": format!("/t/{}/{}", thread.id, thread.slug),
    })
}

/// The name of the test event an admin sends to one webhook: it is no
/// subscription, so it is not one of `Event::ALL`.
pub const PING: &str = "ping";

/// The exact body every webhook subscribed to `event` is sent (and that its
/// signature covers).
fn body(event: &str, data: serde_json::Value, now: NaiveDateTime) -> String {
    json!({
        "event": event,
        "occurred_at": format!("{}Z", now.format("%Y-%m-%dT%H:%M:%S")),
        "data": data,
    })
    .to_string()
}

/// One delivery per webhook that wants `event`, inside the caller's write
/// transaction. Nothing is written when no webhook wants it.
pub fn enqueue(conn: &mut DbConn, event: Event, data: serde_json::Value) -> QueryResult<()> {
    let webhook_ids = crate::model::integrations::webhooks::subscribed(conn, event.as_str())?;
    if webhook_ids.is_empty() {
        return Ok(());
    }
    let now = crate::model::now();
    crate::model::integrations::webhooks::insert_deliveries(
        conn,
        &webhook_ids,
        event.as_str(),
        &body(event.as_str(), data, now),
        now,
    )?;
    Ok(())
}

/// A `ping` to one webhook (active or not), inside the caller's write
/// transaction: sent like every delivery, so it shows whether the receiver
/// answers and checks the signature.
pub fn enqueue_ping(conn: &mut DbConn, webhook_id: i64) -> QueryResult<()> {
    let now = crate::model::now();
    let data = json!({
        "webhook_id": webhook_id,
        "message": "A test event sent by an admin from Fixloop.",
    });
    crate::model::integrations::webhooks::insert_deliveries(
        conn,
        &[webhook_id],
        PING,
        &body(PING, data, now),
        now,
    )?;
    Ok(())
}

/// A past delivery queued again for its webhook: the same event and body
/// (so the same signature), under a key of its own (a receiver that
/// de-duplicated the first one still takes it). Returns the webhook, or
/// None when there is no such delivery.
pub fn enqueue_again(conn: &mut DbConn, delivery_id: i64) -> QueryResult<Option<i64>> {
    let Some((webhook_id, event, body)) =
        crate::model::integrations::webhooks::delivery_body(conn, delivery_id)?
    else {
        return Ok(None);
    };
    crate::model::integrations::webhooks::insert_deliveries(
        conn,
        &[webhook_id],
        &event,
        &body,
        crate::model::now(),
    )?;
    Ok(Some(webhook_id))
}

/// `sha256=<hex>`: HMAC-SHA256 of the body with the webhook's secret, as
/// sent in `X-Fixloop-Signature`.
pub fn signature(secret: &str, body: &[u8]) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes keys of any length");
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_event_parses_back_from_its_name() {
        for event in Event::ALL {
            assert_eq!(Event::parse(event.as_str()), Some(event));
        }
        assert_eq!(Event::parse("thread.deleted"), None);
    }

    #[test]
    fn signature_is_the_rfc_4231_hmac() {
        // RFC 4231, test case 2.
        assert_eq!(
            signature("Jefe", b"what do ya want for nothing?"),
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }
}
