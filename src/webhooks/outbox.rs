//! The webhook worker, shaped like the mail worker (`mail::outbox`): due
//! rows are taken one at a time under a lease (a conditional UPDATE, so two
//! app servers never send one row at once), POSTed signed, and settled. A
//! 2xx answer delivers the row; anything else (another status, a timeout, a
//! refused connection) is retried with backoff until `MAX_ATTEMPTS`.
//!
//! Delivery is at least once: a server that stops after the receiver
//! answered but before the row was marked sends it again when the lease runs
//! out, with the same `X-Fixloop-Delivery`, by which receivers de-duplicate.

use std::net::{SocketAddr, ToSocketAddrs};
use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::address::is_public;
use crate::db::schema::{webhook_deliveries, webhooks};
use crate::db::{DbConn, DbPool};
use crate::jobs::{backoff, blocking};

const BATCH: i64 = 50;
/// Longer than one delivery may take (`TIMEOUT`).
const LEASE_SECONDS: i64 = 60;
const TIMEOUT: Duration = Duration::from_secs(10);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
const MAX_BACKOFF_SECONDS: i64 = 3600;
/// Attempts before a delivery is recorded as failed (about two hours of retries).
pub const MAX_ATTEMPTS: i32 = 10;
/// Settled deliveries are kept this long (the admin page shows them).
const KEEP_DAYS: i64 = 14;

/// Resolves names like the system does, keeping only public addresses: a
/// name that resolved to a public address when the webhook was registered
/// and to a private one now (DNS rebinding) is not connected to.
struct PublicOnly;

impl reqwest::dns::Resolve for PublicOnly {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let lookup = host.clone();
            let addrs: Vec<SocketAddr> = actix_web::rt::task::spawn_blocking(move || {
                (lookup.as_str(), 0)
                    .to_socket_addrs()
                    .map(Iterator::collect)
            })
            .await??;
            let public: Vec<SocketAddr> = addrs.into_iter().filter(|a| is_public(a.ip())).collect();
            if public.is_empty() {
                return Err(format!("{host} resolves to no public address (refused)").into());
            }
            Ok(Box::new(public.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

/// The HTTP clients deliveries go out with: one that connects to public
/// addresses only, and one for webhooks that allow private ones. Neither
/// follows redirects (a redirect could point anywhere) nor uses a proxy
/// from the environment (it would resolve names past the check).
pub struct Sender {
    public_only: reqwest::Client,
    any_address: reqwest::Client,
}

impl Sender {
    pub fn new() -> anyhow::Result<Sender> {
        let builder = || {
            reqwest::Client::builder()
                .timeout(TIMEOUT)
                .connect_timeout(CONNECT_TIMEOUT)
                .redirect(reqwest::redirect::Policy::none())
                .no_proxy()
                .user_agent(concat!("Fixloop-Webhooks/", env!("CARGO_PKG_VERSION")))
        };
        Ok(Sender {
            public_only: builder().dns_resolver(Arc::new(PublicOnly)).build()?,
            any_address: builder().build()?,
        })
    }
}

#[derive(Debug, Queryable)]
struct Row {
    id: i64,
    event: String,
    delivery_key: String,
    body: String,
    attempts: i32,
    url: String,
    secret: String,
    allow_private: bool,
}

fn waiting() -> diesel::dsl::And<
    diesel::dsl::IsNull<webhook_deliveries::delivered_at>,
    diesel::dsl::IsNull<webhook_deliveries::failed_at>,
> {
    webhook_deliveries::delivered_at
        .is_null()
        .and(webhook_deliveries::failed_at.is_null())
}

/// Deliveries not settled yet (due or backing off).
pub fn backlog(conn: &mut DbConn) -> QueryResult<i64> {
    webhook_deliveries::table
        .filter(waiting())
        .count()
        .get_result(conn)
}

fn due_ids(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<Vec<i64>> {
    webhook_deliveries::table
        .filter(waiting())
        .filter(webhook_deliveries::next_attempt_at.le(now))
        .filter(
            webhook_deliveries::leased_until
                .is_null()
                .or(webhook_deliveries::leased_until.lt(now)),
        )
        .order(webhook_deliveries::id.asc())
        .select(webhook_deliveries::id)
        .limit(BATCH)
        .load(conn)
}

/// Leases one row if no other worker holds it (as `mail::outbox` does: one
/// conditional UPDATE, which the database applies to a row one transaction
/// at a time), then reads it with its webhook.
fn claim(conn: &mut DbConn, id: i64, now: NaiveDateTime) -> QueryResult<Option<Row>> {
    let claimed = diesel::update(
        webhook_deliveries::table.find(id).filter(waiting()).filter(
            webhook_deliveries::leased_until
                .is_null()
                .or(webhook_deliveries::leased_until.lt(now)),
        ),
    )
    .set(webhook_deliveries::leased_until.eq(now + chrono::Duration::seconds(LEASE_SECONDS)))
    .execute(conn)?;
    if claimed == 0 {
        return Ok(None);
    }
    webhook_deliveries::table
        .inner_join(webhooks::table)
        .filter(webhook_deliveries::id.eq(id))
        .select((
            webhook_deliveries::id,
            webhook_deliveries::event,
            webhook_deliveries::delivery_key,
            webhook_deliveries::body,
            webhook_deliveries::attempts,
            webhooks::url,
            webhooks::secret,
            webhooks::allow_private,
        ))
        .first(conn)
        .optional()
}

enum Outcome {
    Delivered(u16),
    Retry(Option<u16>, String),
    Refused(String),
}

/// Records an attempt: delivered, postponed with backoff, or failed (for
/// good, or after the last attempt).
fn settle(conn: &mut DbConn, row: &Row, outcome: &Outcome, now: NaiveDateTime) -> QueryResult<()> {
    let attempts = row.attempts + 1;
    let target = webhook_deliveries::table.find(row.id);
    let base = (
        webhook_deliveries::attempts.eq(attempts),
        webhook_deliveries::last_attempt_at.eq(now),
        webhook_deliveries::leased_until.eq(None::<NaiveDateTime>),
    );
    match outcome {
        Outcome::Delivered(status) => diesel::update(target)
            .set((
                base,
                webhook_deliveries::response_status.eq(i32::from(*status)),
                webhook_deliveries::last_error.eq(None::<String>),
                webhook_deliveries::delivered_at.eq(now),
            ))
            .execute(conn)?,
        Outcome::Retry(status, error) if attempts < MAX_ATTEMPTS => diesel::update(target)
            .set((
                base,
                webhook_deliveries::response_status.eq(status.map(i32::from)),
                webhook_deliveries::last_error.eq(error),
                webhook_deliveries::next_attempt_at
                    .eq(now + backoff(attempts, MAX_BACKOFF_SECONDS)),
            ))
            .execute(conn)?,
        Outcome::Retry(status, error) => diesel::update(target)
            .set((
                base,
                webhook_deliveries::response_status.eq(status.map(i32::from)),
                webhook_deliveries::last_error
                    .eq(format!("gave up after {attempts} attempts: {error}")),
                webhook_deliveries::failed_at.eq(now),
            ))
            .execute(conn)?,
        Outcome::Refused(error) => diesel::update(target)
            .set((
                base,
                webhook_deliveries::last_error.eq(error),
                webhook_deliveries::failed_at.eq(now),
            ))
            .execute(conn)?,
    };
    Ok(())
}

fn prune(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<usize> {
    let before = now - chrono::Duration::days(KEEP_DAYS);
    diesel::delete(
        webhook_deliveries::table
            .filter(webhook_deliveries::created_at.lt(before))
            .filter(
                webhook_deliveries::delivered_at
                    .is_not_null()
                    .or(webhook_deliveries::failed_at.is_not_null()),
            ),
    )
    .execute(conn)
}

/// POSTs one delivery, signed.
async fn send(sender: &Sender, row: &Row) -> Outcome {
    let Ok(url) = super::address::parse(&row.url) else {
        return Outcome::Refused("the URL is not valid".into());
    };
    let client = if row.allow_private {
        &sender.any_address
    } else {
        // Address literals never reach the resolver: checked here.
        let literal = match url.host() {
            Some(url::Host::Ipv4(ip)) => Some(std::net::IpAddr::V4(ip)),
            Some(url::Host::Ipv6(ip)) => Some(std::net::IpAddr::V6(ip)),
            _ => None,
        };
        if let Some(ip) = literal.filter(|ip| !is_public(*ip)) {
            return Outcome::Refused(format!(
                "{} is not a public address (refused)",
                super::address::describe(ip)
            ));
        }
        &sender.public_only
    };
    let request = client
        .post(url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .header("X-Fixloop-Event", &row.event)
        .header("X-Fixloop-Delivery", &row.delivery_key)
        .header(
            "X-Fixloop-Signature",
            super::signature(&row.secret, row.body.as_bytes()),
        )
        .body(row.body.clone());
    match request.send().await {
        Ok(response) if response.status().is_success() => {
            Outcome::Delivered(response.status().as_u16())
        }
        Ok(response) => {
            let status = response.status();
            Outcome::Retry(
                Some(status.as_u16()),
                format!("the receiver answered {status}"),
            )
        }
        Err(e) => Outcome::Retry(None, describe(&e)),
    }
}

/// The error and its causes, which reqwest keeps apart ("error sending request" alone says little).
fn describe(error: &reqwest::Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// Sends what is due, oldest first; returns how many attempts it made. A
/// receiver that fails does not hold up the others' deliveries.
pub async fn drain_once(pool: &DbPool, sender: &Sender) -> anyhow::Result<usize> {
    let ids = blocking(pool, |conn| due_ids(conn, crate::model::now())).await?;
    let mut attempted = 0;
    for id in ids {
        let Some(row) = blocking(pool, move |conn| claim(conn, id, crate::model::now())).await?
        else {
            continue; // another worker has it
        };
        let outcome = send(sender, &row).await;
        match &outcome {
            Outcome::Delivered(_) => tracing::info!(delivery = row.id, "webhook delivered"),
            Outcome::Retry(_, error) | Outcome::Refused(error) => {
                tracing::warn!(delivery = row.id, %error, "webhook not delivered")
            }
        }
        blocking(pool, move |conn| {
            settle(conn, &row, &outcome, crate::model::now())
        })
        .await?;
        attempted += 1;
    }
    crate::metrics::job_ran("webhook_outbox", attempted);
    Ok(attempted)
}

/// Runs for the life of the server.
pub async fn run_worker(pool: DbPool, sender: Arc<Sender>) {
    let mut rounds: u64 = 0;
    loop {
        if rounds % 3600 == 0 {
            if let Err(e) = blocking(&pool, |conn| prune(conn, crate::model::now())).await {
                tracing::warn!(error = %e, "webhook outbox: old rows not pruned");
            }
        }
        rounds += 1;
        match drain_once(&pool, &sender).await {
            Ok(0) => actix_web::rt::time::sleep(Duration::from_secs(1)).await,
            Ok(_) => {}
            Err(e) => {
                tracing::warn!(error = %e, "webhook outbox");
                actix_web::rt::time::sleep(Duration::from_secs(5)).await;
            }
        }
    }
}
