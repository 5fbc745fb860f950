//! The daily mail jobs: the digest (once per day at or after
//! `FIXLOOP_DIGEST_HOUR`, UTC) and the solved reminder (questions with
//! answers but no accepted solution after `FIXLOOP_SOLVED_REMINDER_DAYS`).
//! One small loop runs both on every app server; what makes them run once
//! is in the database, not in this process: each member's digest day and
//! each thread's reminder are rows written in the transaction that enqueues
//! the mail (see `forum::mail_preferences`), so several servers on one
//! PostgreSQL never send one twice.
//!
//! Both take an explicit "now", so tests (and an operator) can run them for
//! any moment without waiting for it.

use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDateTime;

use crate::config::Config;
use crate::db::{DbConn, DbPool};
use crate::error::AppResult;
use crate::forum::mail_preferences::{self, DigestRun};

/// How often the loop looks: the digest goes out within this of its hour.
const TICK_SECONDS: u64 = 60;
/// The reminder's scan runs every this many ticks.
const REMINDER_EVERY_TICKS: u64 = 15;

/// The day's digests, if `now` is at or after the digest hour and they
/// were not made yet.
pub fn run_digest(conn: &mut DbConn, now: NaiveDateTime, hour: u32) -> AppResult<DigestRun> {
    let run = mail_preferences::send_digests(conn, now, hour)?;
    crate::metrics::job_ran("digest", run.sent);
    Ok(run)
}

/// The solved reminders due at `now`; returns how many were sent.
pub fn run_solved_reminders(conn: &mut DbConn, now: NaiveDateTime, days: i64) -> AppResult<usize> {
    let sent = mail_preferences::send_solved_reminders(conn, now, days)?;
    crate::metrics::job_ran("solved_reminders", sent);
    Ok(sent)
}

async fn on_pool<T: Send + 'static>(
    pool: &DbPool,
    work: impl FnOnce(&mut DbConn) -> AppResult<T> + Send + 'static,
) -> anyhow::Result<T> {
    let pool = pool.clone();
    actix_web::web::block(move || -> anyhow::Result<T> {
        let mut conn = pool.get()?;
        work(&mut conn).map_err(|e| anyhow::anyhow!("{e:?}"))
    })
    .await
    .map_err(|e| anyhow::anyhow!("blocking task failed: {e}"))?
}

/// Runs for the life of the server (spawned by `fixloop serve`).
pub async fn run_worker(pool: DbPool, config: Arc<Config>) {
    let hour = config.digest_hour;
    let days = config.solved_reminder_days;
    let mut ticks: u64 = 0;
    loop {
        match on_pool(&pool, move |conn| {
            run_digest(conn, crate::model::now(), hour)
        })
        .await
        {
            Ok(run) if run.sent > 0 || run.dropped > 0 => {
                tracing::info!(sent = run.sent, dropped = run.dropped, "daily digest")
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "daily digest"),
        }
        if ticks % REMINDER_EVERY_TICKS == 0 {
            match on_pool(&pool, move |conn| {
                run_solved_reminders(conn, crate::model::now(), days)
            })
            .await
            {
                Ok(0) => {}
                Ok(sent) => tracing::info!(sent, "solved reminders"),
                Err(e) => tracing::warn!(error = %e, "solved reminders"),
            }
        }
        ticks += 1;
        actix_web::rt::time::sleep(Duration::from_secs(TICK_SECONDS)).await;
    }
}

#[cfg(test)]
mod tests {
    use crate::mail::compose::{Composer, Draft};

    /// The notification templates render, with a subject, both parts, the
    /// thread's link and the unsubscribe headers, from the payloads their
    /// senders write.
    #[test]
    fn notification_mail_renders() {
        let templates = std::sync::Arc::new(crate::render::build_templates().unwrap());
        let composer = Composer::new(
            templates,
            "Fixloop <forum@example.com>",
            "https://forum.example.com".into(),
            std::sync::Arc::new(crate::mail::signing::SigningKeys {
                current: b"key".to_vec(),
                previous: None,
            }),
        )
        .unwrap();
        let one = serde_json::json!({
            "username": "ada", "unsubscribe_kind": "answers", "kind_label": "Answers to my questions",
            "event": "new_reply", "actor": "bob", "what": "answered your question",
            "thread_title": "Fan <rattles>", "thread_path": "/t/5/fan-rattles", "path": "/p/9",
        });
        let digest = serde_json::json!({
            "username": "ada", "unsubscribe_kind": "digest", "count": 2, "more": 0,
            "lines": [
                {"kind_label": "Replies in threads I follow", "event": "new_reply", "actor": "bob",
                 "what": "replied in a thread you follow", "thread_title": "Fan <rattles>",
                 "path": "/p/9", "at": "2026-12-01T08:00:00"},
                {"kind_label": "“Did it get fixed?” reminders", "event": "solved_reminder", "actor": null,
                 "what": "Did one of these answers fix it?", "thread_title": "Hinge",
                 "path": "/t/6/hinge", "at": "2026-12-01T09:00:00"},
            ],
        });
        for (template, payload) in [
            ("notification", &one),
            ("solved_reminder", &one),
            ("digest", &digest),
        ] {
            let payload = payload.to_string();
            let composed = composer
                .compose(&Draft {
                    template,
                    to: "ada@example.com",
                    user_id: Some(1),
                    payload: &payload,
                    message_id: "m1",
                })
                .unwrap_or_else(|e| panic!("{template}: {e}"));
            let raw = String::from_utf8(composed.message.formatted()).unwrap();
            assert!(!composed.subject.is_empty(), "{template}");
            assert!(
                raw.contains(
                    "List-Unsubscribe: <https://forum.example.com/mail/unsubscribe?token="
                ),
                "{template}"
            );
            assert!(
                raw.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"),
                "{template}"
            );
            assert!(
                composed
                    .first_link
                    .unwrap()
                    .starts_with("https://forum.example.com/"),
                "{template}"
            );
        }
    }
}
