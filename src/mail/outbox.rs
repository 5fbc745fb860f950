//! The mail worker: takes due rows one at a time under a lease (so two app
//! servers on one database never send the same row at once), renders and
//! sends each, and records the outcome. A refusal that may pass (4xx, the
//! server down, a timeout) is retried with backoff; a permanent one (5xx, an
//! address that cannot be written) is recorded as failed, never retried.
//!
//! Delivery is at least once: a server that crashes after its SMTP server
//! accepted a message but before the row was marked sends it again when the
//! lease runs out, with the same Message-ID, which mail clients show once.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::compose::{Composer, Draft};
use super::transport::{SendError, Transport};
use super::Template;
use crate::db::schema::{mail_outbox, users};
use crate::db::{DbConn, DbPool};
use crate::jobs::lease::{self, Backoff, Done, GiveUp, Leased, Settled, Table};
use crate::jobs::{blocking, Job, Schedule};

const BATCH: i64 = 50;
/// Sent and failed rows are kept this long (what was mailed, for support).
const KEEP_DAYS: i64 = 30;

/// Renders and sends; one per app server, shared by its worker and tests.
pub struct Mailer {
    pub composer: Composer,
    pub transport: Transport,
    /// The last attempt failed for a reason that may pass: when one succeeds
    /// again, everything waiting is made due at once.
    failing: AtomicBool,
}

impl Mailer {
    pub fn new(composer: Composer, transport: Transport) -> Mailer {
        Mailer {
            composer,
            transport,
            failing: AtomicBool::new(false),
        }
    }
}

/// The outbox as `jobs::lease` sees it.
pub const TABLE: Table = Table {
    name: "mail_outbox",
    waiting: "sent_at IS NULL AND failed_at IS NULL",
    done: Done::Stamp("sent_at"),
    failed_at: Some("failed_at"),
    last_error: Some("last_error"),
    last_attempt_at: None,
    // A settled message keeps its row, without the payload: it may hold a
    // single-use link that has no business staying in the database.
    settled_also: Some("payload = '{}'"),
    // Longer than one SMTP conversation may take (its timeout is 20 s).
    lease_seconds: 120,
    backoff: Backoff {
        first_seconds: 4,
        max_seconds: 600,
    },
    // A message the server kept refusing for this long is recorded as failed.
    give_up: GiveUp::AfterHours(72),
};

#[derive(Debug, Queryable)]
struct Row {
    id: i64,
    template: String,
    to_address: String,
    user_id: Option<i64>,
    payload: String,
    message_id: String,
    created_at: NaiveDateTime,
}

/// Messages not sent yet (due or backing off).
pub fn backlog(conn: &mut DbConn) -> QueryResult<i64> {
    lease::backlog(conn, &TABLE)
}

/// Messages recorded as failed for good.
pub fn failed(conn: &mut DbConn) -> QueryResult<i64> {
    lease::failed(conn, &TABLE)
}

/// Leases one row if no other worker holds it, and reads it.
fn claim(conn: &mut DbConn, id: i64, now: NaiveDateTime) -> QueryResult<Option<(Leased, Row)>> {
    let Some(leased) = lease::take(conn, &TABLE, id, now)? else {
        return Ok(None);
    };
    let row = mail_outbox::table
        .find(id)
        .select((
            mail_outbox::id,
            mail_outbox::template,
            mail_outbox::to_address,
            mail_outbox::user_id,
            mail_outbox::payload,
            mail_outbox::message_id,
            mail_outbox::created_at,
        ))
        .first(conn)?;
    Ok(Some((leased, row)))
}

/// Why a message for a member is no longer sent: mail they chose to get
/// goes only to verified accounts in good standing; nothing goes to an
/// account that was deleted.
fn withheld(conn: &mut DbConn, row: &Row, now: NaiveDateTime) -> QueryResult<Option<&'static str>> {
    let Some(user_id) = row.user_id else {
        return Ok(None);
    };
    let account: Option<(
        Option<NaiveDateTime>,
        Option<NaiveDateTime>,
        Option<NaiveDateTime>,
    )> = users::table
        .find(user_id)
        .select((
            users::deleted_at,
            users::email_verified_at,
            users::suspended_until,
        ))
        .first(conn)
        .optional()?;
    let Some((deleted, verified, suspended_until)) = account else {
        return Ok(Some("the account no longer exists"));
    };
    if deleted.is_some() {
        return Ok(Some("the account was deleted"));
    }
    let chosen = matches!(
        Template::parse(&row.template),
        Some(Template::Notification | Template::Digest | Template::SolvedReminder)
    );
    if chosen && verified.is_none() {
        return Ok(Some("the address is not verified"));
    }
    if chosen && suspended_until.is_some_and(|until| until > now) {
        return Ok(Some("the account is suspended"));
    }
    Ok(None)
}

enum Outcome {
    Sent,
    Withheld(&'static str),
    Failed(String),
    Retry(String),
}

/// Sends what is due, oldest first. Returns how many rows it settled; stops
/// at the first failure that may pass (the server is down: the rest wait).
pub async fn drain_once(pool: &DbPool, mailer: &Arc<Mailer>) -> anyhow::Result<usize> {
    let ids = blocking(pool, |conn| {
        lease::due_ids(conn, &TABLE, crate::model::now(), BATCH)
    })
    .await?;
    let mut settled = 0;
    for id in ids {
        let Some((leased, row)) =
            blocking(pool, move |conn| claim(conn, id, crate::model::now())).await?
        else {
            continue; // another worker has it
        };
        let (row, withheld) = blocking(pool, move |conn| {
            let reason = withheld(conn, &row, crate::model::now())?;
            QueryResult::Ok((row, reason))
        })
        .await?;
        let outcome = match withheld {
            Some(reason) => Outcome::Withheld(reason),
            None => {
                let mailer = mailer.clone();
                actix_web::web::block(move || send(&mailer, &row))
                    .await
                    .map_err(|e| anyhow::anyhow!("blocking task failed: {e}"))?
            }
        };
        let was_failing = match &outcome {
            Outcome::Sent => mailer.failing.swap(false, Ordering::Relaxed),
            Outcome::Retry(_) => {
                mailer.failing.store(true, Ordering::Relaxed);
                false
            }
            Outcome::Withheld(_) | Outcome::Failed(_) => false,
        };
        match &outcome {
            Outcome::Withheld(reason) => tracing::info!(mail = id, reason, "mail not sent"),
            Outcome::Failed(error) => tracing::warn!(mail = id, %error, "mail refused for good"),
            Outcome::Sent | Outcome::Retry(_) => {}
        }
        let now = crate::model::now();
        let settled_as = blocking(pool, move |conn| {
            let attempt = match &outcome {
                Outcome::Sent => lease::Outcome::Done,
                Outcome::Withheld(reason) => lease::Outcome::Failed(reason),
                Outcome::Failed(error) => lease::Outcome::Failed(error),
                Outcome::Retry(error) => lease::Outcome::Retry(error),
            };
            let settled_as = lease::settle(conn, &TABLE, &leased, &attempt, now)?;
            if was_failing {
                lease::all_due(conn, &TABLE, now)?;
            }
            QueryResult::Ok((settled_as, outcome))
        })
        .await?;
        if let (Settled::Postponed | Settled::GaveUp, Outcome::Retry(error)) = settled_as {
            anyhow::bail!("mail not sent, will retry: {error}");
        }
        settled += 1;
    }
    Ok(settled)
}

/// Composes and sends one message (blocking).
fn send(mailer: &Mailer, row: &Row) -> Outcome {
    let draft = Draft {
        template: &row.template,
        to: &row.to_address,
        user_id: row.user_id,
        payload: &row.payload,
        message_id: &row.message_id,
    };
    let composed = match mailer.composer.compose(&draft) {
        Ok(composed) => composed,
        Err(error) => return Outcome::Failed(error),
    };
    let file_name = format!(
        "{}-{:06}-{}.eml",
        row.created_at.format("%Y%m%d-%H%M%S"),
        row.id,
        row.template
    );
    match mailer.transport.send(&composed.message, &file_name) {
        Ok(()) => {
            match &mailer.transport {
                Transport::Files(dir) => tracing::info!(
                    subject = %composed.subject,
                    link = composed.first_link.as_deref().unwrap_or("-"),
                    file = %dir.join(&file_name).display(),
                    "mail written (no FIXLOOP_SMTP_URL)"
                ),
                Transport::Smtp(_) => {
                    tracing::info!(mail = row.id, subject = %composed.subject, "mail sent")
                }
            }
            Outcome::Sent
        }
        Err(SendError::Permanent(error)) => Outcome::Failed(error),
        Err(SendError::Transient(error)) => Outcome::Retry(error),
    }
}

/// The mail jobs of an app server: the outbox drain (at once again while
/// there is work, a pause after the server refused) and the hourly prune.
pub fn jobs(pool: DbPool, mailer: Arc<Mailer>) -> Vec<Job> {
    let prune = lease::prune_job("mail_prune", pool.clone(), &TABLE, KEEP_DAYS);
    let drain = Job::new("mail_outbox", Schedule::every_seconds(1), move || {
        let (pool, mailer) = (pool.clone(), mailer.clone());
        async move { drain_once(&pool, &mailer).await }
    })
    .again_while_busy()
    .after_failure(Duration::from_secs(5));
    vec![drain, prune]
}
