//! `fixloop import` / `fixloop export` (issue 18), run as the real binary: a
//! community built through HTTP, exported and imported into an empty
//! database, shows the same threads, posts, solutions, votes and members;
//! bad lines are refused with their line number and nothing of them written;
//! an interrupted import continues without duplicating anything.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use fixloop::model::users::Role;

use crate::common::{thread_id, TestApp, TestDb, PASSWORD};

fn fixloop(database_url: &str, data_dir: &Path, args: &[&str]) -> (bool, String) {
    let out = command(database_url, data_dir, args)
        .output()
        .expect("the binary runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

fn command(database_url: &str, data_dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_fixloop"));
    command
        .args(args)
        .env("DATABASE_URL", database_url)
        .env("FIXLOOP_DATA_DIR", data_dir)
        .env("RUST_LOG", "warn")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

/// An empty database of the kind `label` names.
fn fresh(label: &str) -> TestDb {
    TestDb::all()
        .into_iter()
        .find(|d| d.label == label)
        .unwrap()
}

fn url_of(app: &TestApp) -> String {
    app.state.config.database_url()
}

/// A JSON value without the row ids (and the URL slugs made from titles),
/// which an import is free to number differently.
fn without_ids(value: &serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(k, _)| *k != "id" && !k.ends_with("_id"))
                .map(|(k, v)| (k.clone(), without_ids(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_ids).collect()),
        other => other.clone(),
    }
}

/// Every thread of the API's list with its posts, ids left out.
async fn forum_as_the_api_shows_it(app: &TestApp) -> Vec<serde_json::Value> {
    let list = app.get("/api/v1/threads").await.assert_status(200).json();
    let mut shown = vec![without_ids(&list)];
    for item in list["items"].as_array().expect("a list of threads") {
        let id = item["id"].as_i64().unwrap();
        let detail = app
            .get(&format!("/api/v1/threads/{id}"))
            .await
            .assert_status(200)
            .json();
        shown.push(without_ids(&detail));
    }
    shown
}

async fn member(app: &TestApp, name: &str) -> TestApp {
    let m = app.visitor().await;
    m.register(name).await.assert_status(303);
    m
}

#[actix_web::test]
async fn an_export_imported_into_an_empty_database_shows_the_same_forum() {
    for db in TestDb::all() {
        let label = db.label;
        eprintln!("-- on {label}");
        let app = TestApp::new(db).await;
        let admin = app.visitor().await;
        admin.register_as("move_admin", Role::Admin).await;
        for (name, kind, parent) in [("Modulo", "maker", ""), ("Modulo 13", "model", "modulo")] {
            admin
                .post(
                    "/devices/new",
                    &[("name", name), ("kind", kind), ("parent", parent)],
                )
                .await
                .assert_status(303);
        }
        let asker = member(&app, "asker").await;
        let helper = member(&app, "helper").await;
        let staff = app.visitor().await;
        staff.register_as("move_staff", Role::Staff).await;

        let question = thread_id(
            &asker
                .start_thread(
                    "troubleshooting",
                    "Fan grinds after the BIOS update",
                    "modulo-13",
                    "Since **BIOS 3.07** the fan grinds <script>alert(1)</script>.",
                )
                .await,
        );
        let answer = helper.reply(question, "Reseat the fan cable.").await;
        let guidance = staff.reply(question, "Roll back to 3.06 for now.").await;
        for (voter, post) in [(&asker, answer), (&staff, answer), (&asker, guidance)] {
            voter
                .post(&format!("/posts/{post}/vote"), &[])
                .await
                .assert_status(303);
        }
        asker
            .post(&format!("/posts/{answer}/solution"), &[])
            .await
            .assert_status(303);
        staff
            .post(
                &format!("/posts/{answer}/verify"),
                &[("note", "Confirmed on our bench.")],
            )
            .await
            .assert_status(303);
        let discussion = thread_id(
            &helper
                .start_thread(
                    "discussion",
                    "Which thermal paste do you use?",
                    "",
                    "Any tips?",
                )
                .await,
        );
        // A member who writes, then leaves: what they wrote stays, by a former member.
        let leaver = member(&app, "leaver").await;
        leaver.reply(discussion, "Arctic MX-4, thin layer.").await;
        leaver
            .post(
                "/settings/data/delete",
                &[("password", PASSWORD), ("confirm", "leaver")],
            )
            .await
            .assert_status(303);
        staff
            .post(
                "/known-issues/new",
                &[
                    ("title", "Fan noise on BIOS 3.07"),
                    ("device", "modulo-13"),
                    ("body", "We are looking into it."),
                    ("status", "workaround_available"),
                ],
            )
            .await
            .assert_status(303);
        let idea = asker
            .post(
                "/ideas/new",
                &[
                    ("title", "A silent fan curve option"),
                    ("device", "modulo-13"),
                    ("body", "A quieter mode for the office, please."),
                ],
            )
            .await;
        idea.assert_status(303);
        let idea: i64 = idea
            .location()
            .trim_start_matches("/ideas/")
            .parse()
            .unwrap();
        helper
            .post(&format!("/ideas/{idea}/vote"), &[])
            .await
            .assert_status(303);
        asker
            .post(
                "/devices/modulo-13/own",
                &[
                    ("nickname", "office laptop"),
                    ("purchased_on", "2024-06-01"),
                ],
            )
            .await
            .assert_status(303);

        let before = forum_as_the_api_shows_it(&app).await;
        let helper_page = app.visitor().await.get("/u/helper").await;
        helper_page.assert_status(200);

        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("community.jsonl");
        let file_arg = file.to_str().unwrap();
        let (ok, out) = fixloop(&url_of(&app), dir.path(), &["export", file_arg]);
        assert!(ok, "{out}");
        assert!(out.contains("Wrote "), "{out}");
        let exported = std::fs::read_to_string(&file).unwrap();
        assert!(exported.contains("\"type\":\"solution\""), "{exported}");
        assert!(
            exported.contains("\"note\":\"Confirmed on our bench.\""),
            "{exported}"
        );
        assert!(exported.contains("$argon2id$"), "password hashes travel");
        assert!(exported.contains("\"left\":true"), "{exported}");
        assert!(
            !exported.contains("leaver@example.com"),
            "nothing personal of who left"
        );

        let target = fresh(label);
        let (ok, out) = fixloop(&target.url, dir.path(), &["import", file_arg]);
        assert!(ok, "{out}");
        assert!(out.contains("0 refused"), "{out}");
        let moved = TestApp::new(target).await;
        let after = forum_as_the_api_shows_it(&moved).await;
        assert_eq!(before.len(), 5, "four threads and the list");
        assert_eq!(before, after, "the API shows the same forum on {label}");
        assert!(
            after.iter().any(|shown| {
                let posts = shown["posts"].to_string();
                posts.contains("former-member-") && posts.contains("MX-4")
            }),
            "the reply of who left is there, by a former member"
        );

        // The details the API does not carry.
        let page = moved.visitor().await.get("/u/helper").await;
        page.assert_status(200);
        for needle in ["Accepted solutions", "Helpful votes"] {
            assert_eq!(
                helper_page.body.contains(needle),
                page.body.contains(needle),
                "{needle}"
            );
        }
        let idea_votes = |app: &TestApp| {
            app.db(|conn| {
                let id = fixloop::model::threads::list(
                    conn,
                    &fixloop::model::threads::ThreadFilter {
                        kind: Some("idea".into()),
                        ..Default::default()
                    },
                    fixloop::model::threads::ListOrder::PinnedThenActivity,
                    0,
                    5,
                )
                .unwrap()[0]
                    .id;
                fixloop::model::ideas::find(conn, id)
                    .unwrap()
                    .unwrap()
                    .votes
            })
        };
        assert_eq!(idea_votes(&app), 2);
        assert_eq!(idea_votes(&moved), 2);
        assert_eq!(moved.count("owned_devices"), 1);
        assert!(
            moved.count("search_outbox") > 0,
            "threads are queued for search"
        );
        let found = moved
            .get("/api/v1/search?q=thermal+paste")
            .await
            .assert_status(200)
            .body
            .clone();
        assert!(found.contains("Which thermal paste"), "{found}");
        // Members keep their passwords.
        let again = moved.visitor().await;
        again.login("asker", PASSWORD).await.assert_status(303);
        again.get("/settings").await.assert_status(200);
    }
}

/// A line of the file, as JSON.
fn line(value: serde_json::Value) -> String {
    format!("{value}\n")
}

#[actix_web::test]
async fn bad_lines_are_refused_with_their_number_and_nothing_of_them_is_written() {
    use serde_json::json;
    for label in TestDb::all().iter().map(|d| d.label) {
        eprintln!("-- on {label}");
        let db = fresh(label);
        let url = db.url.clone();
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("bad.jsonl");
        let good_member = |id: &str, name: &str| {
            line(
                json!({"type": "member", "id": id, "username": name, "email": format!("{name}@example.com")}),
            )
        };
        let lines = [
            good_member("u1", "ana"), // 1
            good_member("u2", "ben"), // 2
            line(
                json!({"type": "member", "id": "u3", "username": "cy", "email": "cy@example.com", "role": "wizard"}),
            ), // 3
            line(json!({"type": "kitten", "id": "k1"})), // 4
            line(
                json!({"type": "thread", "id": "t1", "kind": "troubleshooting", "author": "u1", "body": "No title."}),
            ), // 5
            line(
                json!({"type": "thread", "id": "t2", "kind": "troubleshooting", "title": "Ghost writer here", "author": "u9", "body": "Who am I?"}),
            ), // 6
            line(
                json!({"type": "thread", "id": "t3", "kind": "troubleshooting", "title": "Fan grinds loudly", "author": "u1", "body": "It grinds."}),
            ), // 7
            line(
                json!({"type": "post", "id": "p1", "thread": "t3", "author": "u2", "body": "   "}),
            ), // 8
            line(
                json!({"type": "post", "id": "p2", "thread": "t3", "author": "u2", "body": "Reseat the cable."}),
            ), // 9
            line(json!({"type": "vote", "id": "v1", "member": "u2", "post": "p2"})), // 10: own reply
            "{not json\n".to_owned(),                                                // 11
            good_member("u1", "ana_again"),                                          // 12: same id
            line(
                json!({"type": "thread", "id": "t4", "kind": "known_issue", "title": "Fans grind everywhere", "author": "u1", "body": "Many have it."}),
            ), // 13: no device
            line(json!({"type": "solution", "id": "s1", "post": "p2", "marked_by": "u2"})), // 14: not the asker
            line(
                json!({"type": "thread", "id": "t5", "kind": "discussion", "title": "Created in a bad year", "author": "u1", "body": "x", "created_at": "last year"}),
            ), // 15
            line(
                json!({"type": "member", "id": "u4", "username": "dee", "email": "dee@example.com", "password_hash": "5f4dcc3b5aa765d61d8327deb882cf99"}),
            ), // 16
            line(json!({"type": "vote", "id": "v2", "member": "u1", "post": "p2"})), // 17: fine
            line(json!({"type": "verification", "id": "c1", "staff": "u2", "post": "p2"})), // 18: not staff
        ];
        std::fs::write(&file, lines.concat()).unwrap();
        let file_arg = file.to_str().unwrap();
        let (ok, out) = fixloop(&url, dir.path(), &["import", file_arg]);
        assert!(!ok, "refused lines make the run fail: {out}");
        for expected in [
            "line 3: invalid value: `role` is member, staff or admin, not “wizard”",
            "line 4: unknown type “kitten”",
            "line 5: missing field `title`",
            "line 6: `author` refers to member \"u9\", which is not imported",
            "line 8: invalid value: `body`: Write something",
            "line 10: You cannot vote for your own reply.",
            "line 11: not valid JSON",
            "line 12: a member with id \"u1\" came earlier in the file",
            "line 13: invalid value: `device`: Known issues and ideas are about a device.",
            "line 14: Only the person who asked (or staff) can choose the solution.",
            "line 15: “last year” is not an RFC 3339 time",
            "line 16: invalid value: `password_hash`: A password hash must be an argon2 PHC string",
            "line 18: Only staff can verify answers.",
            "5 imported, 0 already imported before, 13 refused",
        ] {
            assert!(out.contains(expected), "{expected}\n{out}");
        }
        let app = TestApp::new(db).await;
        let counts = |app: &TestApp| {
            [
                app.count("users"),
                app.count("threads"),
                app.count("posts"),
                app.count("votes"),
                app.count("import_ids"),
            ]
        };
        assert_eq!(counts(&app), [2, 1, 2, 1, 5], "only the good lines, whole");
        let changes = app.db(|conn| fixloop::model::site_changes::read(conn).unwrap());
        assert!(
            changes.pages > 0,
            "running servers are told to drop kept pages"
        );
        let t3 = app.get("/api/v1/threads").await.json()["items"][0]["id"]
            .as_i64()
            .unwrap();
        let thread = app.get(&format!("/api/v1/threads/{t3}")).await.json();
        assert_eq!(thread["thread"]["reply_count"], 1);
        assert_eq!(thread["posts"][1]["vote_count"], 1);
        assert_eq!(thread["posts"][1]["author_reputation"], 2);

        // Run again: the same refusals, nothing written twice.
        let (ok, out) = fixloop(&url, dir.path(), &["import", file_arg]);
        assert!(!ok);
        assert!(
            out.contains("0 imported, 5 already imported before, 13 refused"),
            "{out}"
        );
        assert_eq!(counts(&app), [2, 1, 2, 1, 5]);

        // The corrected lines go in; what they refer to is found from the first run.
        let mut fixed = lines.clone();
        fixed[2] = line(
            json!({"type": "member", "id": "u3", "username": "cyd", "email": "cy@example.com", "role": "staff"}),
        );
        fixed[4] = line(
            json!({"type": "thread", "id": "t1", "kind": "troubleshooting", "title": "Now with a title", "author": "u1", "body": "Better."}),
        );
        fixed[13] = line(json!({"type": "solution", "id": "s1", "post": "p2", "marked_by": "u3"}));
        std::fs::write(&file, fixed.concat()).unwrap();
        let (_, out) = fixloop(&url, dir.path(), &["import", file_arg]);
        assert!(
            out.contains("3 imported, 5 already imported before, 10 refused"),
            "{out}"
        );
        let thread = app.get(&format!("/api/v1/threads/{t3}")).await.json();
        assert_eq!(thread["thread"]["status"], "solved");
        assert_eq!(
            thread["thread"]["recovery_path"], "joint",
            "marked by staff"
        );
        assert_eq!(thread["posts"][1]["author_reputation"], 2 + 15);

        // Members without a password hash cannot log in until they reset it.
        app.visitor()
            .await
            .login("ana", PASSWORD)
            .await
            .assert_contains("do not match an account");
        for guess in ["", "!imported"] {
            assert!(!fixloop::auth::password::verify_password(
                guess,
                Some(fixloop::forum::import::NO_PASSWORD)
            ));
        }
    }
}

#[actix_web::test]
async fn the_documented_example_imports() {
    let doc = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/docs/import-format.md"
    ))
    .unwrap();
    let example = doc
        .split("```jsonl\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("docs/import-format.md has a jsonl example");
    for label in TestDb::all().iter().map(|d| d.label) {
        let app = TestApp::new(fresh(label)).await;
        // A webhook for every event: an import brings old threads, which no
        // receiver is waiting to hear about, so nothing is queued for it.
        let admin = app.visitor().await;
        admin.register_as("import_hook_admin", Role::Admin).await;
        let mut fields = vec![("url", "http://127.0.0.1:9/hook"), ("allow_private", "on")];
        let events: Vec<String> = [
            "thread.created",
            "question.solved",
            "answer.verified",
            "escalation.opened",
            "escalation.claimed",
            "known_issue.status_changed",
        ]
        .iter()
        .map(|e| format!("event.{e}"))
        .collect();
        fields.extend(events.iter().map(|e| (e.as_str(), "on")));
        admin
            .post("/admin/webhooks", &fields)
            .await
            .assert_status(303);
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("example.jsonl");
        std::fs::write(&file, example).unwrap();
        let (ok, out) = fixloop(
            &url_of(&app),
            dir.path(),
            &["import", file.to_str().unwrap()],
        );
        assert!(ok, "{out}");
        assert_eq!(app.count("webhook_deliveries"), 0);
        let page = app.get("/known-issues").await;
        page.assert_status(200)
            .assert_contains("Fan noise on BIOS 3.07");
        let list = app.get("/api/v1/threads?kind=troubleshooting").await.json();
        assert_eq!(list["items"][0]["status"], "solved", "{list}");
    }
}

#[actix_web::test]
async fn an_import_stopped_half_way_continues_without_duplicates() {
    use serde_json::json;
    const REPLIES: usize = 1500;
    for label in TestDb::all().iter().map(|d| d.label) {
        eprintln!("-- on {label}");
        let db = fresh(label);
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("long.jsonl");
        let mut out = std::io::BufWriter::new(std::fs::File::create(&file).unwrap());
        for (id, name) in [("a", "asker"), ("h", "helper")] {
            out.write_all(
                line(json!({"type": "member", "id": id, "username": name, "email": format!("{name}@example.com")}))
                    .as_bytes(),
            )
            .unwrap();
        }
        out.write_all(
            line(json!({"type": "thread", "id": 1, "kind": "discussion", "title": "A very long conversation", "author": "a", "body": "Let us talk."}))
                .as_bytes(),
        )
        .unwrap();
        for n in 0..REPLIES {
            let author = if n % 2 == 0 { "h" } else { "a" };
            out.write_all(
                line(json!({"type": "post", "id": n, "thread": 1, "author": author, "body": format!("Reply number {n}.")}))
                    .as_bytes(),
            )
            .unwrap();
        }
        drop(out);
        let file_arg = file.to_str().unwrap();

        // Stopped (SIGKILL) once some batches are in.
        let app = TestApp::new(db).await;
        let url = url_of(&app);
        let mut child = command(&url, dir.path(), &["import", file_arg])
            .spawn()
            .unwrap();
        let started = std::time::Instant::now();
        while app.count("import_ids") == 0
            && child.try_wait().unwrap().is_none()
            && started.elapsed() < std::time::Duration::from_secs(60)
        {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        child.kill().unwrap();
        child.wait().unwrap();
        let done_before = app.count("import_ids") as usize;
        eprintln!("stopped after {done_before} of {} records", REPLIES + 3);
        assert!(done_before > 0, "some batches were written before the stop");
        assert_eq!(
            app.count("posts") as usize,
            done_before - 2,
            "every written post has its mapping row (the two members do not post)"
        );

        let (ok, out) = fixloop(&url, dir.path(), &["import", file_arg]);
        assert!(ok, "{out}");
        if done_before < REPLIES + 3 {
            assert!(
                out.contains(&format!("{done_before} already imported before")),
                "{out}"
            );
        }
        assert_eq!(app.count("users"), 2);
        assert_eq!(app.count("threads"), 1);
        assert_eq!(app.count("posts") as usize, REPLIES + 1);
        let id = app.get("/api/v1/threads").await.json()["items"][0]["id"]
            .as_i64()
            .unwrap();
        let thread = app.get(&format!("/api/v1/threads/{id}")).await.json();
        assert_eq!(thread["thread"]["reply_count"], REPLIES as i64);
        let last_page = app
            .get(&format!("/api/v1/threads/{id}?page=31"))
            .await
            .json();
        let numbers: Vec<i64> = last_page["posts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["reply_number"].as_i64().unwrap())
            .collect();
        assert_eq!(numbers, vec![1500], "numbered once each, in order");
        assert!(last_page["posts"][0]["body_html"]
            .as_str()
            .unwrap()
            .contains("Reply number 1499."));
    }
}
