//! Which committed writes change what readers see.
//!
//! Kept pages (`web::page_cache`, `web::shared_pages`) must end when the
//! forum's content changes, and only then: a refused request, a login or a
//! notification marked read must not empty them (issue 26: a flood of
//! anonymous `POST /login` took the hit rate from 99 % to 0 %). Rather than
//! asking every handler to say whether it changed something (one forgotten
//! call would be a stale page), every connection watches its own statements:
//! a committed INSERT, UPDATE or DELETE on a table readers see is a content
//! change, noted for the thread that ran it (`AppState::db` takes the note
//! and empties the caches). A table is public unless listed below, so a new
//! table costs kept pages, never freshness; listing one as private is the
//! decision that readers never see it.

use std::cell::Cell;
use std::fmt::{self, Write as _};

use diesel::connection::InstrumentationEvent;

/// Tables no reader's page shows: writes to them never end kept pages.
/// Sessions and throttles (logins, sign-ups), mail and notifications, tokens,
/// the private line, outboxes, and the change counters themselves (a bump
/// must not announce itself again).
pub const PRIVATE_TABLES: &[&str] = &[
    "account_tokens",
    "api_tokens",
    "audit_log",
    "import_ids",
    "known_issue_watchers",
    "login_attempts",
    "mail_digest_items",
    "mail_digest_sent",
    "mail_outbox",
    "mail_preferences",
    "maintenance_reminders",
    "notifications",
    "oidc_identities",
    "oidc_logins",
    "oidc_signups",
    "private_messages",
    "search_outbox",
    "sessions",
    "signup_attempts",
    "site_changes",
    "site_secrets",
    "solved_reminders",
    "thread_follows",
    "thread_view_days",
    "webhook_deliveries",
    "webhook_events",
    "webhooks",
];

/// Columns of a public table that no reader sees: an UPDATE setting only
/// these is private (a password or address change).
const PRIVATE_COLUMNS: &[(&str, &[&str])] = &[(
    "users",
    &["email", "email_verified_at", "password_hash", "language"],
)];

/// Enough of a statement to name its table and the columns it sets; a
/// longer one is judged by what was kept (and is public when unsure).
const KEPT_SQL: usize = 4096;

thread_local! {
    static CHANGED: Cell<bool> = const { Cell::new(false) };
}

/// Whether a write to a public table committed on this thread since the last
/// call; clears the note.
pub fn take() -> bool {
    CHANGED.with(|changed| changed.replace(false))
}

fn note_change() {
    CHANGED.with(|changed| changed.set(true));
}

/// Follows one connection's statements; part of its instrumentation.
#[derive(Default)]
pub struct Tracker {
    in_transaction: bool,
    /// A public write in the open transaction: a change once it commits.
    pending: bool,
    sql: String,
}

impl Tracker {
    pub fn on_event(&mut self, event: &InstrumentationEvent<'_>) {
        if let InstrumentationEvent::FinishQuery { query, error, .. } = event {
            self.on_statement(query, error.is_some());
        }
    }

    /// A statement finished (`failed`: with an error).
    fn on_statement(&mut self, query: &dyn fmt::Display, failed: bool) {
        self.sql.clear();
        let mut sink = Head {
            sql: &mut self.sql,
            truncated: false,
        };
        // The sink stops the formatting once it has the SQL (before the binds).
        let _ = write!(sink, "{query}");
        let truncated = sink.truncated;
        match classify(&self.sql, truncated) {
            Statement::Begin if !failed => {
                self.in_transaction = true;
                self.pending = false;
            }
            // A failed COMMIT is rolled back by diesel (ROLLBACK follows).
            Statement::Commit if !failed => {
                if self.pending {
                    note_change();
                }
                self.in_transaction = false;
                self.pending = false;
            }
            Statement::Rollback => {
                self.in_transaction = false;
                self.pending = false;
            }
            Statement::Write { public: true } if !failed => {
                if self.in_transaction {
                    self.pending = true;
                } else {
                    note_change();
                }
            }
            _ => {}
        }
    }
}

/// Collects a statement's SQL up to " -- binds:" or `KEPT_SQL` bytes.
struct Head<'a> {
    sql: &'a mut String,
    truncated: bool,
}

impl fmt::Write for Head<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        if s.starts_with(" -- binds:") {
            return Err(fmt::Error);
        }
        let room = KEPT_SQL.saturating_sub(self.sql.len());
        if s.len() > room {
            let mut end = room;
            while !s.is_char_boundary(end) {
                end -= 1;
            }
            self.sql.push_str(&s[..end]);
            self.truncated = true;
            return Err(fmt::Error);
        }
        self.sql.push_str(s);
        Ok(())
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Statement {
    Read,
    Begin,
    Commit,
    Rollback,
    /// SAVEPOINT, RELEASE, ROLLBACK TO: the outer transaction decides.
    Nested,
    Write {
        public: bool,
    },
}

fn classify(sql: &str, truncated: bool) -> Statement {
    let sql = sql.split(" -- binds:").next().unwrap_or_default();
    let words = words(sql);
    let Some(first) = words.first() else {
        return Statement::Read;
    };
    let second = words.get(1).map(String::as_str).unwrap_or_default();
    match first.as_str() {
        "SELECT" | "VALUES" | "PRAGMA" | "SET" | "SHOW" | "EXPLAIN" | "LOCK" | "ANALYZE" => {
            Statement::Read
        }
        "BEGIN" | "START" => Statement::Begin,
        "COMMIT" | "END" => Statement::Commit,
        "ROLLBACK" if second == "TO" => Statement::Nested,
        "ROLLBACK" | "ABORT" => Statement::Rollback,
        "SAVEPOINT" | "RELEASE" => Statement::Nested,
        "WITH" => {
            // A CTE may end in (or hold) a write: judged by the writes in it.
            let targets = write_targets(&words);
            if truncated {
                Statement::Write { public: true }
            } else if targets.is_empty() {
                Statement::Read
            } else {
                Statement::Write {
                    public: targets
                        .iter()
                        .any(|t| !PRIVATE_TABLES.contains(&t.as_str())),
                }
            }
        }
        "INSERT" | "REPLACE" | "DELETE" => Statement::Write {
            public: write_targets(&words)
                .first()
                .is_none_or(|t| !PRIVATE_TABLES.contains(&t.as_str())),
        },
        "UPDATE" => Statement::Write {
            public: update_is_public(sql, &words, truncated),
        },
        // DDL and anything else unknown: a change, to be safe.
        _ => Statement::Write { public: true },
    }
}

/// The statement's words, upper-cased, with identifiers unquoted and
/// lower-cased ("`users`" and "\"users\"" become "users").
fn words(sql: &str) -> Vec<String> {
    sql.split(|c: char| c.is_whitespace() || c == '(' || c == ')' || c == ',')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let unquoted = w.trim_matches(|c| c == '"' || c == '`');
            if unquoted.len() != w.len() {
                unquoted.to_ascii_lowercase()
            } else if unquoted.chars().all(|c| c.is_ascii_alphabetic()) {
                unquoted.to_ascii_uppercase()
            } else {
                unquoted.to_ascii_lowercase()
            }
        })
        .collect()
}

/// The tables written by INSERT … INTO t, UPDATE t, DELETE FROM t.
fn write_targets(words: &[String]) -> Vec<String> {
    let mut targets = Vec::new();
    for (i, word) in words.iter().enumerate() {
        let after = match word.as_str() {
            "INTO"
                if words[..i]
                    .iter()
                    .rev()
                    .take(3)
                    .any(|w| w == "INSERT" || w == "REPLACE") =>
            {
                i + 1
            }
            "FROM" if i > 0 && words[i - 1] == "DELETE" => i + 1,
            "UPDATE" => {
                // UPDATE [OR …] [ONLY] t SET
                let mut j = i + 1;
                while matches!(words.get(j).map(String::as_str), Some("OR" | "ONLY")) {
                    j += if words[j] == "OR" { 2 } else { 1 };
                }
                if words.get(j + 1).map(String::as_str) != Some("SET") {
                    continue;
                }
                j
            }
            _ => continue,
        };
        let after = if words.get(after).map(String::as_str) == Some("ONLY") {
            after + 1
        } else {
            after
        };
        if let Some(table) = words.get(after) {
            // schema.table → table
            let table = table.rsplit('.').next().unwrap_or(table);
            let table = table.trim_matches(|c| c == '"' || c == '`');
            targets.push(table.to_ascii_lowercase());
        }
    }
    targets
}

/// An UPDATE is public unless its table is private or it sets only private
/// columns of a public one.
fn update_is_public(sql: &str, words: &[String], truncated: bool) -> bool {
    let Some(table) = write_targets(words).into_iter().next() else {
        return true;
    };
    if PRIVATE_TABLES.contains(&table.as_str()) {
        return false;
    }
    let Some((_, private)) = PRIVATE_COLUMNS.iter().find(|(t, _)| *t == table) else {
        return true;
    };
    if truncated {
        return true;
    }
    set_columns(sql).is_none_or(|columns| {
        columns.is_empty() || columns.iter().any(|c| !private.contains(&c.as_str()))
    })
}

/// The columns an UPDATE's SET assigns; None when it cannot be read.
fn set_columns(sql: &str) -> Option<Vec<String>> {
    let upper = sql.to_ascii_uppercase();
    let start = upper.find(" SET ")? + " SET ".len();
    let end = [" WHERE ", " RETURNING ", " FROM "]
        .iter()
        .filter_map(|k| upper[start..].find(k))
        .min()
        .map_or(sql.len(), |e| start + e);
    let mut columns = Vec::new();
    let mut depth = 0i32;
    let mut part = String::new();
    for c in sql[start..end].chars().chain([',']) {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                let column = part.split('=').next()?.trim();
                // (a, b) = (…): several columns at once
                for name in column.trim_matches(|c| c == '(' || c == ')').split(',') {
                    let name = name.trim().trim_matches(|c| c == '"' || c == '`');
                    let name = name.rsplit('.').next().unwrap_or(name);
                    if name.is_empty() {
                        return None;
                    }
                    columns.push(name.to_ascii_lowercase());
                }
                part.clear();
                continue;
            }
            _ => {}
        }
        part.push(c);
    }
    Some(columns)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn public(sql: &str) -> bool {
        match classify(sql, false) {
            Statement::Write { public } => public,
            other => panic!("{sql:?} is not a write: {other:?}"),
        }
    }

    #[test]
    fn reads_and_transaction_statements() {
        for sql in [
            "SELECT `threads`.`id` FROM `threads` WHERE `threads`.`id` = ? -- binds: [1]",
            "SELECT id FROM sessions FOR UPDATE",
            "PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL;",
            "SET lock_timeout = 5000",
            "LOCK TABLE login_attempts IN SHARE ROW EXCLUSIVE MODE",
            "WITH k AS (SELECT ki.thread_id AS id FROM known_issues ki) SELECT t.id FROM k",
            "",
        ] {
            assert_eq!(classify(sql, false), Statement::Read, "{sql:?}");
        }
        assert_eq!(classify("BEGIN IMMEDIATE", false), Statement::Begin);
        assert_eq!(classify("BEGIN", false), Statement::Begin);
        assert_eq!(classify("COMMIT", false), Statement::Commit);
        assert_eq!(classify("ROLLBACK", false), Statement::Rollback);
        assert_eq!(
            classify("ROLLBACK TO SAVEPOINT diesel_savepoint_1", false),
            Statement::Nested
        );
        assert_eq!(
            classify("SAVEPOINT diesel_savepoint_1", false),
            Statement::Nested
        );
        assert_eq!(
            classify("RELEASE SAVEPOINT diesel_savepoint_1", false),
            Statement::Nested
        );
    }

    #[test]
    fn writes_to_what_readers_see_are_public() {
        for sql in [
            "INSERT INTO `posts` (`thread_id`, `body`) VALUES (?, ?) RETURNING `id` -- binds: [1, \"x\"]",
            "INSERT INTO \"posts\" (\"thread_id\") VALUES ($1) -- binds: [1]",
            "UPDATE `threads` SET `locked` = ? WHERE `threads`.`id` = ?",
            "DELETE FROM \"votes\" WHERE \"votes\".\"post_id\" = $1",
            "INSERT OR IGNORE INTO me_toos (thread_id, user_id) VALUES (?, ?)",
            "UPDATE users SET post_count = (SELECT COUNT(*) FROM posts WHERE posts.author_id = users.id)",
            "UPDATE `users` SET `bio` = ? WHERE `users`.`id` = ?",
            "UPDATE `users` SET `email` = ?, `role` = ? WHERE `users`.`id` = ?",
            "INSERT INTO `users` (`username`, `email`) VALUES (?, ?)",
            "INSERT INTO account_requests_new_table (id) VALUES (1)",
            "WITH gone AS (DELETE FROM posts WHERE id = $1 RETURNING thread_id) SELECT * FROM gone",
            "CREATE TABLE x (id INTEGER)",
            "DO $$ BEGIN END $$",
        ] {
            assert!(public(sql), "{sql:?} changes what readers see");
        }
        // Unsure (the statement was cut): public.
        assert_eq!(
            classify("UPDATE `users` SET `email` = ?, `pass", true),
            Statement::Write { public: true }
        );
    }

    #[test]
    fn writes_no_reader_sees_are_private() {
        for sql in [
            "INSERT INTO `login_attempts` (`key`, `created_at`) VALUES (?, ?) -- binds: [\"a\", 1]",
            "INSERT INTO \"sessions\" (\"token_hash\") VALUES ($1)",
            "DELETE FROM `sessions` WHERE `sessions`.`token_hash` = ?",
            "UPDATE \"notifications\" SET \"read_at\" = $1 WHERE \"notifications\".\"user_id\" = $2",
            "UPDATE site_changes SET pages = pages + 1",
            "UPDATE `users` SET `password_hash` = ? WHERE `users`.`id` = ?",
            "UPDATE \"users\" SET \"email\" = $1, \"email_verified_at\" = $2 WHERE \"users\".\"id\" = $3",
            "INSERT INTO mail_preferences (user_id, kind, mode) VALUES ($1, $2, $3) ON CONFLICT (user_id, kind) DO UPDATE SET mode = excluded.mode",
        ] {
            assert!(!public(sql), "{sql:?} is seen by no reader");
        }
    }

    #[test]
    fn a_change_is_noted_when_its_transaction_commits() {
        fn run(tracker: &mut Tracker, sql: &str, failed: bool) {
            tracker.on_statement(&sql, failed);
        }
        let mut t = Tracker::default();
        take();
        run(&mut t, "INSERT INTO sessions (x) VALUES (1)", false);
        assert!(!take(), "a private write outside a transaction");
        run(&mut t, "INSERT INTO posts (x) VALUES (1)", false);
        assert!(
            take(),
            "a public write outside a transaction commits at once"
        );
        run(&mut t, "INSERT INTO posts (x) VALUES (1)", true);
        assert!(!take(), "a failed write changed nothing");

        run(&mut t, "BEGIN IMMEDIATE", false);
        run(&mut t, "INSERT INTO posts (x) VALUES (1)", false);
        assert!(!take(), "not before it commits");
        run(&mut t, "COMMIT", false);
        assert!(take(), "committed");

        run(&mut t, "BEGIN", false);
        run(&mut t, "INSERT INTO posts (x) VALUES (1)", false);
        run(&mut t, "ROLLBACK", false);
        assert!(!take(), "rolled back");

        run(&mut t, "BEGIN", false);
        run(&mut t, "INSERT INTO posts (x) VALUES (1)", false);
        run(&mut t, "COMMIT", true);
        run(&mut t, "ROLLBACK", false);
        assert!(!take(), "the commit failed");

        run(&mut t, "BEGIN", false);
        run(&mut t, "INSERT INTO login_attempts (x) VALUES (1)", false);
        run(
            &mut t,
            "UPDATE users SET password_hash = ? WHERE id = ?",
            false,
        );
        run(&mut t, "COMMIT", false);
        assert!(!take(), "only private writes committed");
    }

    #[test]
    fn private_tables_exist_in_the_schema() {
        // A renamed table would silently become public again (costing kept
        // pages): the list names tables that exist.
        let schema = include_str!("schema.rs");
        for table in PRIVATE_TABLES {
            assert!(
                schema.contains(&format!("    {table} (")),
                "{table} is not in src/db/schema.rs"
            );
        }
    }
}
