//! What the leased outbox workers (mail, webhooks) share: the backoff
//! between attempts and running a database step off the async workers.

use diesel::QueryResult;

use crate::db::{DbConn, DbPool};

/// Exponential backoff: 4, 8, 16 … seconds after each failed attempt, at most `max_seconds`.
pub fn backoff(attempts: i32, max_seconds: i64) -> chrono::Duration {
    let seconds = 2_i64
        .saturating_pow(attempts.clamp(1, 20) as u32 + 1)
        .min(max_seconds);
    chrono::Duration::seconds(seconds)
}

/// One database step of a worker, on the blocking pool with a pooled connection.
pub async fn blocking<T: Send + 'static>(
    pool: &DbPool,
    work: impl FnOnce(&mut DbConn) -> QueryResult<T> + Send + 'static,
) -> anyhow::Result<T> {
    let pool = pool.clone();
    actix_web::web::block(move || -> anyhow::Result<T> {
        let mut conn = pool.get()?;
        Ok(work(&mut conn)?)
    })
    .await
    .map_err(|e| anyhow::anyhow!("blocking task failed: {e}"))?
}

#[cfg(test)]
mod tests {
    #[test]
    fn backoff_doubles_up_to_its_ceiling() {
        assert_eq!(super::backoff(1, 600).num_seconds(), 4);
        assert_eq!(super::backoff(2, 600).num_seconds(), 8);
        assert_eq!(super::backoff(30, 600).num_seconds(), 600);
    }
}
