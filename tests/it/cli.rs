//! The operator's command line, run as the real binary.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::common::TestDb;

fn fixloop(db: &TestDb, data_dir: &std::path::Path, args: &[&str], stdin: &str) -> (bool, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_fixloop"))
        .args(args)
        .env("DATABASE_URL", &db.url)
        .env("FIXLOOP_DATA_DIR", data_dir)
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

#[test]
fn operators_migrate_create_users_set_roles_and_load_the_demo() {
    for db in TestDb::all() {
        let data = tempfile::tempdir().unwrap();
        let dir = data.path();
        let (ok, out) = fixloop(&db, dir, &["migrate"], "");
        assert!(ok, "{out}");

        let (ok, out) = fixloop(
            &db,
            dir,
            &[
                "user",
                "create",
                "--username",
                "opsadmin",
                "--email",
                "ops@example.com",
                "--role",
                "admin",
            ],
            "a-long-enough-password\n",
        );
        assert!(ok, "{out}");
        assert!(out.contains("Created opsadmin (admin)"), "{out}");
        assert!(!out.contains("a-long-enough-password"));

        let (ok, out) = fixloop(
            &db,
            dir,
            &[
                "user",
                "create",
                "--username",
                "weak",
                "--email",
                "weak@example.com",
            ],
            "short\n",
        );
        assert!(!ok, "a short password is refused: {out}");
        assert!(out.contains("at least 10 characters"), "{out}");

        let (ok, out) = fixloop(
            &db,
            dir,
            &[
                "user",
                "set-role",
                "--username",
                "opsadmin",
                "--role",
                "staff",
            ],
            "",
        );
        assert!(ok, "{out}");
        assert!(out.contains("opsadmin is now staff"), "{out}");
        let (ok, out) = fixloop(
            &db,
            dir,
            &["user", "set-role", "--username", "ghost", "--role", "staff"],
            "",
        );
        assert!(!ok && out.contains("does not exist"), "{out}");

        // The demo only fills an empty database.
        let (ok, out) = fixloop(&db, dir, &["demo"], "");
        assert!(!ok && out.contains("only fills an empty one"), "{out}");
        let empty = TestDb::all()
            .into_iter()
            .find(|d| d.label == db.label)
            .unwrap();
        let (ok, out) = fixloop(&empty, dir, &["demo"], "");
        assert!(ok, "{out}");
        assert!(out.contains("Loaded the demo"), "{out}");

        let (ok, out) = fixloop(&db, dir, &["--help"], "");
        assert!(ok);
        for setting in [
            "DATABASE_URL",
            "FIXLOOP_BIND",
            "FIXLOOP_DATA_DIR",
            "FIXLOOP_BASE_URL",
        ] {
            assert!(out.contains(setting), "--help lists {setting}: {out}");
        }
    }
}

#[test]
fn a_scale_data_set_loads_and_reindexes() {
    for db in TestDb::all() {
        let data = tempfile::tempdir().unwrap();
        let (ok, out) = fixloop(&db, data.path(), &["demo", "--scale", "1200"], "");
        assert!(ok, "{out}");
        assert!(out.contains("1200 threads"), "{out}");
        // Posts from before their plain text was kept get it from reindex.
        let forget = "UPDATE posts SET body_text = NULL WHERE id <= 10";
        let missing = "SELECT COUNT(*) AS n FROM posts WHERE body_text IS NULL";
        sql(&db, forget);
        let (ok, out) = fixloop(&db, data.path(), &["reindex"], "");
        assert!(ok, "{out}");
        assert!(out.contains("Reindexed 1200 threads"), "{out}");
        assert!(out.contains("kept the plain text of 10 posts"), "{out}");
        assert_eq!(sql(&db, missing), 0);
        // The generated forum is usable: search finds its threads, ids continue.
        let (ok, out) = fixloop(
            &db,
            data.path(),
            &[
                "user",
                "create",
                "--username",
                "after_scale",
                "--email",
                "after@example.com",
            ],
            "a-long-enough-password\n",
        );
        assert!(ok, "{out}");
    }
}

/// Runs one statement on a test database; returns the `n` it selects, if any.
fn sql(db: &TestDb, statement: &str) -> i64 {
    use diesel::{Connection, RunQueryDsl};
    #[derive(diesel::QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let mut conn = match fixloop::db::Backend::of_url(&db.url) {
        fixloop::db::Backend::Sqlite => fixloop::db::DbConn::Sqlite(
            diesel::sqlite::SqliteConnection::establish(&db.url).unwrap(),
        ),
        fixloop::db::Backend::Postgres => {
            fixloop::db::DbConn::Pg(diesel::pg::PgConnection::establish(&db.url).unwrap())
        }
    };
    if statement.starts_with("SELECT") {
        diesel::sql_query(statement)
            .get_result::<N>(&mut conn)
            .unwrap()
            .n
    } else {
        diesel::sql_query(statement).execute(&mut conn).unwrap() as i64
    }
}
