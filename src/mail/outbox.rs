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
use crate::jobs::{backoff, blocking};

const BATCH: i64 = 50;
/// Longer than one SMTP conversation may take (its timeout is 20 s).
const LEASE_SECONDS: i64 = 120;
const MAX_BACKOFF_SECONDS: i64 = 600;
/// A message the server kept refusing for this long is recorded as failed.
const GIVE_UP_AFTER_HOURS: i64 = 72;
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

#[derive(Debug, Queryable)]
struct Row {
    id: i64,
    template: String,
    to_address: String,
    user_id: Option<i64>,
    payload: String,
    message_id: String,
    attempts: i32,
    created_at: NaiveDateTime,
}

fn waiting() -> diesel::dsl::And<
    diesel::dsl::IsNull<mail_outbox::sent_at>,
    diesel::dsl::IsNull<mail_outbox::failed_at>,
> {
    mail_outbox::sent_at
        .is_null()
        .and(mail_outbox::failed_at.is_null())
}

/// Messages not sent yet (due or backing off).
pub fn backlog(conn: &mut DbConn) -> QueryResult<i64> {
    mail_outbox::table
        .filter(waiting())
        .count()
        .get_result(conn)
}

/// Messages recorded as failed for good.
pub fn failed(conn: &mut DbConn) -> QueryResult<i64> {
    mail_outbox::table
        .filter(mail_outbox::failed_at.is_not_null())
        .count()
        .get_result(conn)
}

fn due_ids(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<Vec<i64>> {
    mail_outbox::table
        .filter(waiting())
        .filter(mail_outbox::next_attempt_at.le(now))
        .filter(
            mail_outbox::leased_until
                .is_null()
                .or(mail_outbox::leased_until.lt(now)),
        )
        .order(mail_outbox::id.asc())
        .select(mail_outbox::id)
        .limit(BATCH)
        .load(conn)
}

/// Leases one row if no other worker holds it: a single conditional UPDATE,
/// which PostgreSQL applies to a row one transaction at a time (the second
/// re-reads the lease the first set and matches nothing).
fn claim(conn: &mut DbConn, id: i64, now: NaiveDateTime) -> QueryResult<Option<Row>> {
    let claimed = diesel::update(
        mail_outbox::table.find(id).filter(waiting()).filter(
            mail_outbox::leased_until
                .is_null()
                .or(mail_outbox::leased_until.lt(now)),
        ),
    )
    .set(mail_outbox::leased_until.eq(now + chrono::Duration::seconds(LEASE_SECONDS)))
    .execute(conn)?;
    if claimed == 0 {
        return Ok(None);
    }
    mail_outbox::table
        .find(id)
        .select((
            mail_outbox::id,
            mail_outbox::template,
            mail_outbox::to_address,
            mail_outbox::user_id,
            mail_outbox::payload,
            mail_outbox::message_id,
            mail_outbox::attempts,
            mail_outbox::created_at,
        ))
        .first(conn)
        .map(Some)
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

/// A sent message keeps its row, without the payload: it may hold a
/// single-use link that has no business staying in the database.
fn mark_sent(conn: &mut DbConn, id: i64, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(mail_outbox::table.find(id))
        .set((
            mail_outbox::sent_at.eq(now),
            mail_outbox::leased_until.eq(None::<NaiveDateTime>),
            mail_outbox::payload.eq("{}"),
            mail_outbox::attempts.eq(mail_outbox::attempts + 1),
        ))
        .execute(conn)
}

fn mark_failed(conn: &mut DbConn, id: i64, now: NaiveDateTime, error: &str) -> QueryResult<usize> {
    diesel::update(mail_outbox::table.find(id))
        .set((
            mail_outbox::failed_at.eq(now),
            mail_outbox::leased_until.eq(None::<NaiveDateTime>),
            mail_outbox::payload.eq("{}"),
            mail_outbox::last_error.eq(error),
        ))
        .execute(conn)
}

fn postpone(conn: &mut DbConn, row: &Row, now: NaiveDateTime, error: &str) -> QueryResult<usize> {
    let attempts = row.attempts + 1;
    diesel::update(mail_outbox::table.find(row.id))
        .set((
            mail_outbox::attempts.eq(attempts),
            mail_outbox::next_attempt_at.eq(now + backoff(attempts, MAX_BACKOFF_SECONDS)),
            mail_outbox::leased_until.eq(None::<NaiveDateTime>),
            mail_outbox::last_error.eq(error),
        ))
        .execute(conn)
}

/// The server answers again: what backed off while it did not is due now.
fn all_due(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        mail_outbox::table
            .filter(waiting())
            .filter(mail_outbox::next_attempt_at.gt(now)),
    )
    .set(mail_outbox::next_attempt_at.eq(now))
    .execute(conn)
}

fn prune(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<usize> {
    let before = now - chrono::Duration::days(KEEP_DAYS);
    diesel::delete(
        mail_outbox::table.filter(
            mail_outbox::sent_at
                .lt(before)
                .or(mail_outbox::failed_at.lt(before)),
        ),
    )
    .execute(conn)
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
    let ids = blocking(pool, |conn| due_ids(conn, crate::model::now())).await?;
    let mut settled = 0;
    for id in ids {
        let Some(row) = blocking(pool, move |conn| claim(conn, id, crate::model::now())).await?
        else {
            continue; // another worker has it
        };
        let (row, withheld) = blocking(pool, move |conn| {
            let reason = withheld(conn, &row, crate::model::now())?;
            Ok((row, reason))
        })
        .await?;
        let (row, outcome) = match withheld {
            Some(reason) => (row, Outcome::Withheld(reason)),
            None => {
                let mailer = mailer.clone();
                actix_web::web::block(move || {
                    let outcome = send(&mailer, &row);
                    (row, outcome)
                })
                .await
                .map_err(|e| anyhow::anyhow!("blocking task failed: {e}"))?
            }
        };
        let now = crate::model::now();
        match outcome {
            Outcome::Sent => {
                let was_failing = mailer.failing.swap(false, Ordering::Relaxed);
                blocking(pool, move |conn| {
                    mark_sent(conn, row.id, now)?;
                    if was_failing {
                        all_due(conn, now)?;
                    }
                    Ok(())
                })
                .await?;
            }
            Outcome::Withheld(reason) => {
                tracing::info!(mail = row.id, reason, "mail not sent");
                blocking(pool, move |conn| mark_failed(conn, row.id, now, reason)).await?;
            }
            Outcome::Failed(error) => {
                tracing::warn!(mail = row.id, %error, "mail refused for good");
                blocking(pool, move |conn| mark_failed(conn, row.id, now, &error)).await?;
            }
            Outcome::Retry(error) => {
                mailer.failing.store(true, Ordering::Relaxed);
                let give_up = now - row.created_at > chrono::Duration::hours(GIVE_UP_AFTER_HOURS);
                let message = error.clone();
                blocking(pool, move |conn| {
                    if give_up {
                        let error = format!("gave up after {GIVE_UP_AFTER_HOURS} hours: {error}");
                        mark_failed(conn, row.id, now, &error)
                    } else {
                        postpone(conn, &row, now, &error)
                    }
                })
                .await?;
                anyhow::bail!("mail not sent, will retry: {message}");
            }
        }
        settled += 1;
    }
    crate::metrics::job_ran("mail_outbox", settled);
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

/// Runs for the life of the server.
pub async fn run_worker(pool: DbPool, mailer: Arc<Mailer>) {
    let mut rounds: u64 = 0;
    loop {
        if rounds % 3600 == 0 {
            if let Err(e) = blocking(&pool, |conn| prune(conn, crate::model::now())).await {
                tracing::warn!(error = %e, "mail outbox: old rows not pruned");
            }
        }
        rounds += 1;
        match drain_once(&pool, &mailer).await {
            Ok(0) => actix_web::rt::time::sleep(Duration::from_secs(1)).await,
            Ok(_) => {}
            Err(e) => {
                tracing::warn!(error = %e, "mail outbox");
                actix_web::rt::time::sleep(Duration::from_secs(5)).await;
            }
        }
    }
}
