//! The leasing every outbox shares (search, mail, webhooks): which rows are
//! due, taking a row under a lease so that two workers (two app servers on
//! one database) never hold it at once, and settling it: done, tried again
//! after a backoff, or failed for good (at once, or when the table gives up).
//!
//! An outbox is a table with the columns `id`, `attempts`,
//! `next_attempt_at`, `leased_until` and `created_at`; a [`Table`] names the
//! rest. The SQL is written once for both databases (SQLite numbers `$n`
//! parameters in the order they first appear: they are kept in order).
//!
//! A lease that runs out (its worker died) makes the row due again, so
//! delivery is at least once; the outboxes give receivers what they need to
//! tell a repeat (the same Message-ID, the same delivery key, a document
//! that replaces itself).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer, Nullable, Text, Timestamp};

use super::{Job, Schedule};
use crate::db::{Backend, DbConn, DbPool};

/// What an outbox table is made of, beyond the columns every one has.
#[derive(Debug)]
pub struct Table {
    pub name: &'static str,
    /// Rows not settled yet, as an SQL condition ("sent_at IS NULL AND …").
    pub waiting: &'static str,
    /// How a row is settled as done: deleted, or stamped in this column.
    pub done: Done,
    /// Stamped when a row fails for good (None: rows never fail for good).
    pub failed_at: Option<&'static str>,
    /// Where the last error is kept, if the table keeps it.
    pub last_error: Option<&'static str>,
    /// Stamped at every settled attempt, if the table keeps it.
    pub last_attempt_at: Option<&'static str>,
    /// Also set when a row is settled as done or failed: an SQL assignment
    /// with no parameters (mail drops its payload).
    pub settled_also: Option<&'static str>,
    /// Longer than the work on one lease may take.
    pub lease_seconds: i64,
    pub backoff: Backoff,
    pub give_up: GiveUp,
}

#[derive(Debug, Clone, Copy)]
pub enum Done {
    Delete,
    Stamp(&'static str),
}

/// Waits between attempts: `first_seconds`, then doubling, at most `max_seconds`.
#[derive(Debug, Clone, Copy)]
pub struct Backoff {
    pub first_seconds: i64,
    pub max_seconds: i64,
}

impl Backoff {
    /// The wait after the `attempts`-th failed attempt.
    pub fn after(&self, attempts: i32) -> chrono::Duration {
        let doublings = attempts.clamp(1, 20) as u32 - 1;
        let seconds = self
            .first_seconds
            .saturating_mul(2_i64.saturating_pow(doublings))
            .min(self.max_seconds);
        chrono::Duration::seconds(seconds)
    }
}

/// When a row that keeps failing for a reason that may pass is failed for good.
#[derive(Debug, Clone, Copy)]
pub enum GiveUp {
    Never,
    AfterAttempts(i32),
    AfterHours(i64),
}

/// A row this worker holds under a lease.
#[derive(Debug, Clone, QueryableByName)]
pub struct Leased {
    #[diesel(sql_type = BigInt)]
    pub id: i64,
    #[diesel(sql_type = Integer)]
    pub attempts: i32,
    #[diesel(sql_type = Timestamp)]
    pub created_at: NaiveDateTime,
}

/// How an attempt ended.
#[derive(Debug)]
pub enum Outcome<'a> {
    Done,
    /// Failed for a reason that may pass: due again after the backoff.
    Retry(&'a str),
    /// Failed for good.
    Failed(&'a str),
}

/// What settling did.
#[derive(Debug, PartialEq, Eq)]
pub enum Settled {
    Done,
    Postponed,
    Failed,
    /// A retry the table no longer allows: failed for good.
    GaveUp,
}

#[derive(QueryableByName)]
struct Id {
    #[diesel(sql_type = BigInt)]
    id: i64,
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

#[derive(QueryableByName)]
struct KeyedRow {
    #[diesel(sql_type = BigInt)]
    id: i64,
    #[diesel(sql_type = BigInt)]
    key: i64,
    #[diesel(sql_type = Integer)]
    attempts: i32,
    #[diesel(sql_type = Timestamp)]
    created_at: NaiveDateTime,
}

/// Not leased, or its lease ran out (`$1` is now).
const FREE: &str = "(leased_until IS NULL OR leased_until < $1)";

/// Rows not settled yet (due or backing off).
pub fn backlog(conn: &mut DbConn, table: &Table) -> QueryResult<i64> {
    let sql = format!(
        "SELECT COUNT(*) AS n FROM {} WHERE {}",
        table.name, table.waiting
    );
    Ok(diesel::sql_query(sql).get_result::<Count>(conn)?.n)
}

/// Rows failed for good.
pub fn failed(conn: &mut DbConn, table: &Table) -> QueryResult<i64> {
    let Some(failed_at) = table.failed_at else {
        return Ok(0);
    };
    let sql = format!(
        "SELECT COUNT(*) AS n FROM {} WHERE {failed_at} IS NOT NULL",
        table.name
    );
    Ok(diesel::sql_query(sql).get_result::<Count>(conn)?.n)
}

/// Due rows no worker holds, oldest first.
pub fn due_ids(
    conn: &mut DbConn,
    table: &Table,
    now: NaiveDateTime,
    limit: i64,
) -> QueryResult<Vec<i64>> {
    let sql = format!(
        "SELECT id FROM {} WHERE {FREE} AND next_attempt_at <= $1 AND {} ORDER BY id LIMIT $2",
        table.name, table.waiting
    );
    let rows: Vec<Id> = diesel::sql_query(sql)
        .bind::<Timestamp, _>(now)
        .bind::<BigInt, _>(limit)
        .load(conn)?;
    Ok(rows.into_iter().map(|r| r.id).collect())
}

/// Leases one row if no other worker holds it: a single conditional UPDATE,
/// which the database applies to a row one transaction at a time (the
/// second re-reads the lease the first set and matches nothing).
pub fn take(
    conn: &mut DbConn,
    table: &Table,
    id: i64,
    now: NaiveDateTime,
) -> QueryResult<Option<Leased>> {
    let sql = format!(
        "UPDATE {} SET leased_until = $1 \
         WHERE (leased_until IS NULL OR leased_until < $2) AND id = $3 AND {}",
        table.name, table.waiting
    );
    let taken = diesel::sql_query(sql)
        .bind::<Timestamp, _>(lease_end(table, now))
        .bind::<Timestamp, _>(now)
        .bind::<BigInt, _>(id)
        .execute(conn)?;
    if taken == 0 {
        return Ok(None);
    }
    let sql = format!(
        "SELECT id, attempts, created_at FROM {} WHERE id = $1",
        table.name
    );
    diesel::sql_query(sql)
        .bind::<BigInt, _>(id)
        .get_result(conn)
        .map(Some)
}

/// Leases up to `limit` due rows at once, leaving out every row whose `key`
/// column (a thread) has a row held by a worker: the rows of one key are
/// worked on by one worker at a time, so an older version sent late never
/// replaces a newer one. PostgreSQL serializes these claims with a
/// transaction-level advisory lock (`pg_lock`); SQLite's write lock (BEGIN
/// IMMEDIATE) does the same. Returns each row with its key.
pub fn take_batch_by_key(
    conn: &mut DbConn,
    table: &Table,
    key: &'static str,
    pg_lock: i64,
    now: NaiveDateTime,
    limit: i64,
) -> QueryResult<Vec<(Leased, i64)>> {
    // Idle outboxes are the rule: no write transaction for them.
    if due_ids(conn, table, now, 1)?.is_empty() {
        return Ok(Vec::new());
    }
    crate::db::write_tx(conn, |conn| {
        if conn.backend() == Backend::Postgres {
            diesel::sql_query("SELECT pg_advisory_xact_lock($1)")
                .bind::<BigInt, _>(pg_lock)
                .execute(conn)?;
        }
        let sql = format!(
            "SELECT id, {key} AS key, attempts, created_at FROM {name} \
             WHERE {FREE} AND next_attempt_at <= $1 AND {waiting} \
             AND {key} NOT IN (SELECT {key} FROM {name} WHERE leased_until >= $1) \
             ORDER BY id LIMIT $2",
            name = table.name,
            waiting = table.waiting,
        );
        let rows: Vec<KeyedRow> = diesel::sql_query(sql)
            .bind::<Timestamp, _>(now)
            .bind::<BigInt, _>(limit)
            .load(conn)?;
        if !rows.is_empty() {
            let sql = format!(
                "UPDATE {} SET leased_until = $1 WHERE id IN ({})",
                table.name,
                id_list(rows.iter().map(|r| r.id))
            );
            diesel::sql_query(sql)
                .bind::<Timestamp, _>(lease_end(table, now))
                .execute(conn)?;
        }
        Ok(rows
            .into_iter()
            .map(|r| {
                let leased = Leased {
                    id: r.id,
                    attempts: r.attempts,
                    created_at: r.created_at,
                };
                (leased, r.key)
            })
            .collect())
    })
}

/// Records an attempt on a leased row and lets the lease go.
pub fn settle(
    conn: &mut DbConn,
    table: &Table,
    row: &Leased,
    outcome: &Outcome,
    now: NaiveDateTime,
) -> QueryResult<Settled> {
    let attempts = row.attempts + 1;
    let (settled, error) = match *outcome {
        Outcome::Done => (Settled::Done, None),
        Outcome::Failed(error) => (Settled::Failed, Some(error.to_owned())),
        Outcome::Retry(error) => match gives_up(table, row, attempts, now) {
            Some(reason) => (Settled::GaveUp, Some(format!("{reason}: {error}"))),
            None => (Settled::Postponed, Some(error.to_owned())),
        },
    };
    if let (Settled::Done, Done::Delete) = (&settled, table.done) {
        let sql = format!("DELETE FROM {} WHERE id = $1", table.name);
        diesel::sql_query(sql)
            .bind::<BigInt, _>(row.id)
            .execute(conn)?;
        return Ok(settled);
    }
    // The values come first, in parameter order, whatever the table's
    // columns: one statement, the same binds.
    let mut set = vec![
        "leased_until = NULL".to_owned(),
        "attempts = (SELECT tries FROM v)".to_owned(),
    ];
    if let Some(column) = table.last_attempt_at {
        set.push(format!("{column} = (SELECT settled_at FROM v)"));
    }
    match (&settled, table.done) {
        (Settled::Done, Done::Stamp(column)) => {
            set.push(format!("{column} = (SELECT settled_at FROM v)"))
        }
        (Settled::Postponed, _) => {
            set.push("next_attempt_at = (SELECT retry_at FROM v)".to_owned())
        }
        (Settled::Failed | Settled::GaveUp, _) => set.push(format!(
            "{} = (SELECT settled_at FROM v)",
            table
                .failed_at
                .expect("a table whose rows fail for good has a failed_at column")
        )),
        (Settled::Done, Done::Delete) => unreachable!("deleted above"),
    }
    if let Some(column) = table.last_error {
        set.push(format!("{column} = (SELECT error_text FROM v)"));
    }
    if settled != Settled::Postponed {
        set.extend(table.settled_also.map(str::to_owned));
    }
    let sql = format!(
        "WITH v (settled_at, tries, retry_at, error_text, row_id) AS (SELECT $1, $2, $3, $4, $5) \
         UPDATE {} SET {} WHERE id = (SELECT row_id FROM v)",
        table.name,
        set.join(", ")
    );
    diesel::sql_query(sql)
        .bind::<Timestamp, _>(now)
        .bind::<Integer, _>(attempts)
        .bind::<Timestamp, _>(now + table.backoff.after(attempts))
        .bind::<Nullable<Text>, _>(error)
        .bind::<BigInt, _>(row.id)
        .execute(conn)?;
    Ok(settled)
}

/// Why a retry is not allowed any more, if it is not.
fn gives_up(table: &Table, row: &Leased, attempts: i32, now: NaiveDateTime) -> Option<String> {
    match table.give_up {
        GiveUp::Never => None,
        GiveUp::AfterAttempts(most) if attempts >= most => {
            Some(format!("gave up after {attempts} attempts"))
        }
        GiveUp::AfterHours(hours) if now - row.created_at > chrono::Duration::hours(hours) => {
            Some(format!("gave up after {hours} hours"))
        }
        GiveUp::AfterAttempts(_) | GiveUp::AfterHours(_) => None,
    }
}

/// Everything waiting and free is due now: the receiver answers again, so
/// what backed off while it did not need not wait out its backoff.
pub fn all_due(conn: &mut DbConn, table: &Table, now: NaiveDateTime) -> QueryResult<usize> {
    let sql = format!(
        "UPDATE {} SET next_attempt_at = $1 WHERE {FREE} AND next_attempt_at > $1 AND {}",
        table.name, table.waiting
    );
    diesel::sql_query(sql)
        .bind::<Timestamp, _>(now)
        .execute(conn)
}

/// Deletes rows settled more than `keep_days` ago (stamped tables only).
pub fn prune(
    conn: &mut DbConn,
    table: &Table,
    now: NaiveDateTime,
    keep_days: i64,
) -> QueryResult<usize> {
    let Done::Stamp(done_at) = table.done else {
        return Ok(0);
    };
    let mut settled_before = format!("{done_at} < $1");
    if let Some(failed_at) = table.failed_at {
        settled_before.push_str(&format!(" OR {failed_at} < $1"));
    }
    let sql = format!("DELETE FROM {} WHERE {settled_before}", table.name);
    diesel::sql_query(sql)
        .bind::<Timestamp, _>(now - chrono::Duration::days(keep_days))
        .execute(conn)
}

/// The hourly job that deletes a table's rows settled more than
/// `keep_days` ago.
pub fn prune_job(name: &'static str, pool: DbPool, table: &'static Table, keep_days: i64) -> Job {
    Job::new(name, Schedule::every_seconds(3600), move || {
        let pool = pool.clone();
        async move {
            let now = chrono::Utc::now().naive_utc();
            super::blocking(&pool, move |conn| prune(conn, table, now, keep_days)).await
        }
    })
}

fn lease_end(table: &Table, now: NaiveDateTime) -> NaiveDateTime {
    now + chrono::Duration::seconds(table.lease_seconds)
}

/// Ids written into SQL: numbers only, so nothing to escape.
fn id_list(ids: impl Iterator<Item = i64>) -> String {
    ids.map(|id| id.to_string()).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::{Backoff, GiveUp, Leased, Table};

    fn table(give_up: GiveUp) -> Table {
        Table {
            name: "t",
            waiting: "1 = 1",
            done: super::Done::Delete,
            failed_at: Some("failed_at"),
            last_error: None,
            last_attempt_at: None,
            settled_also: None,
            lease_seconds: 60,
            backoff: Backoff {
                first_seconds: 4,
                max_seconds: 600,
            },
            give_up,
        }
    }

    #[test]
    fn backoff_doubles_from_its_first_wait_up_to_its_ceiling() {
        let search = Backoff {
            first_seconds: 2,
            max_seconds: 300,
        };
        let secs = |b: &Backoff, n| b.after(n).num_seconds();
        assert_eq!(
            [1, 2, 3, 9, 40].map(|n| secs(&search, n)),
            [2, 4, 8, 300, 300]
        );
        let mail = table(GiveUp::Never).backoff;
        assert_eq!(
            [1, 2, 3, 8, 9].map(|n| secs(&mail, n)),
            [4, 8, 16, 512, 600]
        );
    }

    #[test]
    fn a_table_gives_up_after_its_attempts_or_hours() {
        let created_at = chrono::NaiveDate::from_ymd_opt(2026, 12, 1)
            .unwrap()
            .and_hms_opt(8, 0, 0)
            .unwrap();
        let row = Leased {
            id: 1,
            attempts: 0,
            created_at,
        };
        let hour = |h| created_at + chrono::Duration::hours(h);
        let never = table(GiveUp::Never);
        assert_eq!(super::gives_up(&never, &row, 1000, hour(10_000)), None);
        let attempts = table(GiveUp::AfterAttempts(10));
        assert_eq!(super::gives_up(&attempts, &row, 9, hour(1)), None);
        assert_eq!(
            super::gives_up(&attempts, &row, 10, hour(1)).as_deref(),
            Some("gave up after 10 attempts")
        );
        let hours = table(GiveUp::AfterHours(72));
        assert_eq!(super::gives_up(&hours, &row, 50, hour(72)), None);
        assert_eq!(
            super::gives_up(&hours, &row, 1, hour(73)).as_deref(),
            Some("gave up after 72 hours")
        );
    }

    /// The whole life of rows in a small table of their own (SQLite in
    /// memory; the outboxes' tests run it on both databases).
    #[test]
    fn rows_are_leased_once_retried_with_backoff_and_given_up_on() {
        use diesel::connection::SimpleConnection;
        use diesel::{Connection, RunQueryDsl};

        use super::{backlog, due_ids, failed, prune, settle, take, Done, Outcome, Settled};

        let mut conn = crate::db::DbConn::Sqlite(
            diesel::sqlite::SqliteConnection::establish(":memory:").unwrap(),
        );
        conn.batch_execute(
            "CREATE TABLE t (id INTEGER PRIMARY KEY, attempts INTEGER NOT NULL DEFAULT 0, \
             next_attempt_at TIMESTAMP NOT NULL, leased_until TIMESTAMP, created_at TIMESTAMP NOT NULL, \
             done_at TIMESTAMP, failed_at TIMESTAMP, last_error TEXT); \
             INSERT INTO t (next_attempt_at, created_at) VALUES \
             ('2026-12-01 08:00:00', '2026-12-01 08:00:00'), ('2026-12-01 08:00:00', '2026-12-01 08:00:00');",
        )
        .unwrap();
        let table = Table {
            waiting: "done_at IS NULL AND failed_at IS NULL",
            done: Done::Stamp("done_at"),
            last_error: Some("last_error"),
            ..table(GiveUp::AfterAttempts(2))
        };
        let at = |minutes: i64| {
            chrono::NaiveDate::from_ymd_opt(2026, 12, 1)
                .unwrap()
                .and_hms_opt(8, 0, 0)
                .unwrap()
                + chrono::Duration::minutes(minutes)
        };
        assert_eq!(due_ids(&mut conn, &table, at(1), 10).unwrap(), [1, 2]);
        // One worker leases row 1; another finds it taken until the lease runs out.
        let one = take(&mut conn, &table, 1, at(1)).unwrap().expect("leased");
        assert!(take(&mut conn, &table, 1, at(1)).unwrap().is_none());
        assert_eq!(due_ids(&mut conn, &table, at(1), 10).unwrap(), [2]);
        assert!(
            take(&mut conn, &table, 1, at(3)).unwrap().is_some(),
            "the lease ran out"
        );
        // A failure that may pass: attempts count, due again after the backoff.
        let settled = settle(&mut conn, &table, &one, &Outcome::Retry("busy"), at(3)).unwrap();
        assert_eq!(settled, Settled::Postponed);
        assert!(due_ids(&mut conn, &table, at(3), 10)
            .unwrap()
            .iter()
            .all(|id| *id != 1));
        let again_at = at(3) + chrono::Duration::seconds(4);
        assert_eq!(due_ids(&mut conn, &table, again_at, 10).unwrap(), [1, 2]);
        // The second failure is the last the table allows.
        let one = take(&mut conn, &table, 1, again_at).unwrap().unwrap();
        assert_eq!(one.attempts, 1);
        let settled = settle(&mut conn, &table, &one, &Outcome::Retry("busy"), again_at).unwrap();
        assert_eq!(settled, Settled::GaveUp);
        // Row 2 goes through.
        let two = take(&mut conn, &table, 2, again_at).unwrap().unwrap();
        assert_eq!(
            settle(&mut conn, &table, &two, &Outcome::Done, again_at).unwrap(),
            Settled::Done
        );
        assert_eq!(backlog(&mut conn, &table).unwrap(), 0);
        assert_eq!(failed(&mut conn, &table).unwrap(), 1);
        assert!(
            due_ids(&mut conn, &table, at(600), 10).unwrap().is_empty(),
            "never again"
        );
        #[derive(diesel::QueryableByName)]
        struct Error {
            #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
            last_error: Option<String>,
        }
        let errors: Vec<Error> = diesel::sql_query("SELECT last_error FROM t ORDER BY id")
            .load(&mut conn)
            .unwrap();
        assert_eq!(
            errors[0].last_error.as_deref(),
            Some("gave up after 2 attempts: busy")
        );
        assert_eq!(errors[1].last_error, None);
        // Settled rows are kept their days, then pruned.
        assert_eq!(prune(&mut conn, &table, at(60 * 24), 2).unwrap(), 0);
        assert_eq!(prune(&mut conn, &table, at(60 * 24 * 3), 2).unwrap(), 2);
    }
}
