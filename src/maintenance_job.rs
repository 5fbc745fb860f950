//! The maintenance reminder job: every few minutes, on every app server,
//! tells owners about tasks that fell due (see
//! `forum::maintenance::send_reminders`). What makes a reminder go out once
//! is in the database (one row per due occurrence, written with the
//! notification), not in this process, so several servers may run it.
//!
//! Takes an explicit "now", so tests (and an operator) can run it for any
//! moment without waiting for it.

use std::time::Duration;

use chrono::NaiveDateTime;

use crate::db::{DbConn, DbPool};
use crate::error::AppResult;

/// How often the loop looks. Due dates are days: a quarter of an hour late
/// is on time.
const TICK_SECONDS: u64 = 15 * 60;

/// The reminders due at `now`; returns how many were sent.
pub fn run_reminders(conn: &mut DbConn, now: NaiveDateTime) -> AppResult<usize> {
    let sent = crate::forum::maintenance::send_reminders(conn, now)?;
    crate::metrics::job_ran("maintenance_reminders", sent);
    Ok(sent)
}

/// Runs for the life of the server (spawned by `fixloop serve`).
pub async fn run_worker(pool: DbPool) {
    loop {
        let pool = pool.clone();
        let result = actix_web::web::block(move || -> anyhow::Result<usize> {
            let mut conn = pool.get()?;
            run_reminders(&mut conn, crate::model::now()).map_err(|e| anyhow::anyhow!("{e:?}"))
        })
        .await;
        match result {
            Ok(Ok(0)) => {}
            Ok(Ok(sent)) => tracing::info!(sent, "maintenance reminders"),
            Ok(Err(e)) => tracing::warn!(error = %e, "maintenance reminders"),
            Err(e) => tracing::warn!(error = %e, "maintenance reminders: blocking task failed"),
        }
        actix_web::rt::time::sleep(Duration::from_secs(TICK_SECONDS)).await;
    }
}
