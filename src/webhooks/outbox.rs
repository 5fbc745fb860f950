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
use crate::jobs::lease::{self, Backoff, Done, GiveUp, Leased, Table};
use crate::jobs::{blocking, Job, Schedule};

const BATCH: i64 = 50;
const TIMEOUT: Duration = Duration::from_secs(10);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Attempts before a delivery is recorded as failed (about two hours of retries).
pub const MAX_ATTEMPTS: i32 = 10;
/// Settled deliveries are kept this long (the admin page shows them).
const KEEP_DAYS: i64 = 14;

/// The deliveries as `jobs::lease` sees them.
pub const TABLE: Table = Table {
    name: "webhook_deliveries",
    waiting: "delivered_at IS NULL AND failed_at IS NULL",
    done: Done::Stamp("delivered_at"),
    failed_at: Some("failed_at"),
    last_error: Some("last_error"),
    last_attempt_at: Some("last_attempt_at"),
    settled_also: None,
    // Longer than one delivery may take (`TIMEOUT`).
    lease_seconds: 60,
    backoff: Backoff {
        first_seconds: 4,
        max_seconds: 3600,
    },
    give_up: GiveUp::AfterAttempts(MAX_ATTEMPTS),
};

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
    url: String,
    secret: String,
    allow_private: bool,
}

/// Deliveries not settled yet (due or backing off).
pub fn backlog(conn: &mut DbConn) -> QueryResult<i64> {
    lease::backlog(conn, &TABLE)
}

/// Leases one row if no other worker holds it, then reads it with its webhook.
fn claim(conn: &mut DbConn, id: i64, now: NaiveDateTime) -> QueryResult<Option<(Leased, Row)>> {
    let Some(leased) = lease::take(conn, &TABLE, id, now)? else {
        return Ok(None);
    };
    let row = webhook_deliveries::table
        .inner_join(webhooks::table)
        .filter(webhook_deliveries::id.eq(id))
        .select((
            webhook_deliveries::id,
            webhook_deliveries::event,
            webhook_deliveries::delivery_key,
            webhook_deliveries::body,
            webhooks::url,
            webhooks::secret,
            webhooks::allow_private,
        ))
        .first(conn)
        .optional()?;
    Ok(row.map(|row| (leased, row)))
}

enum Outcome {
    Delivered(u16),
    Retry(Option<u16>, String),
    Refused(String),
}

/// Records an attempt: delivered, postponed with backoff, or failed (for
/// good, or after the last attempt), with the receiver's answer.
fn settle(
    conn: &mut DbConn,
    leased: &Leased,
    outcome: &Outcome,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let (attempt, status) = match outcome {
        Outcome::Delivered(status) => (lease::Outcome::Done, Some(*status)),
        Outcome::Retry(status, error) => (lease::Outcome::Retry(error), *status),
        Outcome::Refused(error) => (lease::Outcome::Failed(error), None),
    };
    crate::db::write_tx(conn, |conn| {
        lease::settle(conn, &TABLE, leased, &attempt, now)?;
        // A refusal is not an answer: the last one stays.
        if !matches!(outcome, Outcome::Refused(_)) {
            diesel::update(webhook_deliveries::table.find(leased.id))
                .set(webhook_deliveries::response_status.eq(status.map(i32::from)))
                .execute(conn)?;
        }
        Ok(())
    })
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
    let ids = blocking(pool, |conn| {
        lease::due_ids(conn, &TABLE, crate::model::now(), BATCH)
    })
    .await?;
    let mut attempted = 0;
    for id in ids {
        let Some((leased, row)) =
            blocking(pool, move |conn| claim(conn, id, crate::model::now())).await?
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
            settle(conn, &leased, &outcome, crate::model::now())
        })
        .await?;
        attempted += 1;
    }
    Ok(attempted)
}

/// The webhook jobs of an app server: deliveries (at once again while there
/// is work) and the hourly prune.
pub fn jobs(pool: DbPool, sender: Arc<Sender>) -> Vec<Job> {
    let prune = lease::prune_job("webhook_prune", pool.clone(), &TABLE, KEEP_DAYS);
    let drain = Job::new("webhook_outbox", Schedule::every_seconds(1), move || {
        let (pool, sender) = (pool.clone(), sender.clone());
        async move { drain_once(&pool, &sender).await }
    })
    .again_while_busy()
    .after_failure(Duration::from_secs(5));
    vec![drain, prune]
}
