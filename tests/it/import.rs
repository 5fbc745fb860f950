//! `fixloop import` / `fixloop export` (issue 18), run as the real binary: a
//! community built through HTTP, exported and imported into an empty
//! database, shows the same threads, posts, solutions, votes and members;
//! bad lines are refused with their line number and nothing of them written;
//! an interrupted import continues without duplicating anything.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use fixloop::model::accounts::users::Role;

use crate::common::{member, thread_id, TestApp, TestDb, PASSWORD};

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

#[actix_web::test]
async fn an_export_imported_into_an_empty_database_shows_the_same_forum() {
    for db in TestDb::all() {
        let label = db.label;
        eprintln!("-- on {label}");
        let app = TestApp::new(db).await;
        let admin = app.visitor().await;
        admin.register_as("move_admin", Role::Admin).await;
        admin
            .add_devices(&[("Modulo", "maker", ""), ("Modulo 13", "model", "modulo")])
            .await;
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
                    ("workaround", "Lower the fan curve in the BIOS."),
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
                let id = fixloop::model::discussion::threads::list(
                    conn,
                    &fixloop::model::discussion::threads::ThreadFilter {
                        kind: Some("idea".into()),
                        ..Default::default()
                    },
                    fixloop::model::discussion::threads::ListOrder::PinnedThenActivity,
                    0,
                    5,
                )
                .unwrap()[0]
                    .id;
                fixloop::model::before_service::ideas::find(conn, id)
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
                Some(fixloop::forum::integrations::import::NO_PASSWORD)
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
        assert_eq!(app.count("guide_steps"), 2, "the guide's steps");
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

/// A guide's details and visible steps as its readers get them, ids and
/// the moment of the import left out.
#[allow(clippy::type_complexity)]
fn guide_as_stored(
    app: &TestApp,
    guide: i64,
) -> (
    (
        Option<String>,
        Option<i32>,
        Option<i32>,
        String,
        String,
        String,
        String,
    ),
    Vec<(i32, String, String, String, String, String)>,
) {
    app.db(|conn| {
        let g = fixloop::model::knowledge::guides::find(conn, guide)
            .unwrap()
            .unwrap();
        let steps = fixloop::model::knowledge::guides::steps(conn, guide)
            .unwrap()
            .into_iter()
            .filter(|s| !s.hidden)
            .map(|s| {
                (
                    s.position,
                    s.title,
                    s.body_md,
                    s.body_html,
                    s.caution,
                    s.note,
                )
            })
            .collect();
        (
            (
                g.difficulty,
                g.time_min,
                g.time_max,
                g.tools,
                g.parts,
                g.conclusion_md,
                g.conclusion_html,
            ),
            steps,
        )
    })
}

/// The id of the thread of this title (from the API's list).
async fn thread_titled(app: &TestApp, title: &str) -> i64 {
    let list = app.get("/api/v1/threads?per_page=100").await.json();
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["title"] == title)
        .unwrap_or_else(|| panic!("no thread “{title}” in {list}"))["id"]
        .as_i64()
        .unwrap()
}

#[actix_web::test]
async fn guides_import_with_their_details_and_steps() {
    use serde_json::json;
    for label in TestDb::all().iter().map(|d| d.label) {
        eprintln!("-- on {label}");
        let db = fresh(label);
        let url = db.url.clone();
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("guides.jsonl");
        let mut lines = vec![
            line(
                json!({"type": "member", "id": "u1", "username": "ana", "email": "ana@example.com"}),
            ), // 1
            line(
                json!({"type": "member", "id": "u2", "username": "bob", "email": "bob@example.com"}),
            ), // 2
            line(json!({"type": "device", "id": "d1", "name": "Modulo", "kind": "maker"})), // 3
            line(json!({
                "type": "thread", "id": "g1", "kind": "guide", "title": "Replace the hinge of the Modulo",
                "author": "u1", "device": "d1", "body": "A loose hinge is an easy fix.",
                "created_at": "2025-03-01T10:00:00Z",
                "difficulty": "difficult", "time_min": 20, "time_max": 45,
                "tools": ["T5 Torx driver", " Spudger "], "parts": ["Hinge kit"],
                "conclusion": "Close the lid **gently** the first time."
            })), // 4
            line(
                json!({"type": "thread", "id": "t1", "kind": "troubleshooting", "title": "Lid wobbles after a drop", "author": "u2", "body": "It wobbles."}),
            ), // 5
            line(json!({
                "type": "guide_step", "id": "s1", "guide": "g1", "title": "Open the case",
                "body": "Undo the **eight** screws.", "caution": "Unplug the charger first.",
                "note": "Keep the screws in order.", "created_at": "2025-03-01T10:05:00Z"
            })), // 6
            line(
                json!({"type": "guide_step", "id": "s2", "guide": "g1", "title": "Lift the hinge", "body": "Slide the spudger under the quokkabracket."}),
            ), // 7
            line(
                json!({"type": "thread", "id": "g2", "kind": "guide", "title": "Clean the fan of the Modulo", "author": "u2", "body": "Dust makes it loud."}),
            ), // 8
            line(
                json!({"type": "guide_step", "id": "s3", "guide": "g2", "title": "Blow the dust out", "body": "Short bursts of air."}),
            ), // 9
            line(
                json!({"type": "guide_step", "id": "s4", "guide": "g1", "title": "Close up", "body": "Reverse the steps."}),
            ), // 10
            line(
                json!({"type": "guide_step", "id": "x1", "guide": "t1", "title": "Not a guide", "body": "Nope."}),
            ), // 11
            line(
                json!({"type": "thread", "id": "g3", "kind": "guide", "title": "A guide that is hard", "author": "u1", "body": "x", "difficulty": "hard"}),
            ), // 12
            line(
                json!({"type": "thread", "id": "g4", "kind": "guide", "title": "A guide back to front", "author": "u1", "body": "x", "time_min": 90, "time_max": 30}),
            ), // 13
            line(
                json!({"type": "thread", "id": "t2", "kind": "troubleshooting", "title": "A question with tools", "author": "u1", "body": "x", "tools": ["Spudger"], "conclusion": "x"}),
            ), // 14
            line(json!({"type": "guide_step", "id": "x2", "guide": "g1", "body": "No title."})), // 15
            line(
                json!({"type": "guide_step", "id": "x3", "guide": "g3", "title": "Of a refused guide", "body": "x"}),
            ), // 16
            line(
                json!({"type": "thread", "id": "g5", "kind": "guide", "title": "A guide that takes long", "author": "u1", "body": "x", "time_min": 90}),
            ), // 17
            line(
                json!({"type": "guide_step", "id": "x4", "guide": "g1", "title": "  ", "body": "An empty title."}),
            ), // 18
            line(
                json!({"type": "thread", "id": "g6", "kind": "guide", "title": "A guide with a list in one", "author": "u1", "body": "x", "tools": ["Spudger\nTweezers"]}),
            ), // 19
        ];
        std::fs::write(&file, lines.concat()).unwrap();
        let file_arg = file.to_str().unwrap();
        let (ok, out) = fixloop(&url, dir.path(), &["import", file_arg]);
        assert!(!ok, "refused lines make the run fail: {out}");
        for expected in [
            "line 11: invalid value: `guide`: Steps belong to guides; this thread's kind is troubleshooting.",
            "line 12: invalid value: `difficulty`: A guide's difficulty is easy, moderate, difficult or very_difficult, not “hard”.",
            "line 13: invalid value: `time_min`: The time is a range of minutes: time_min (90) is more than time_max (30).",
            "line 14: invalid value: `tools`: Only guides (kind guide) have tools, conclusion; this thread's kind is troubleshooting.",
            "line 15: missing field `title`",
            "line 16: `guide` refers to thread \"g3\", which is not imported",
            "line 17: invalid value: `time_max`: The time is a range of minutes: give both time_min and time_max, or neither.",
            "line 18: invalid value: `title`: Give the step a title",
            "line 19: invalid value: `tools`: One item a string: “Spudger\\nTweezers” has a line break.",
            "10 imported, 0 already imported before, 9 refused",
        ] {
            assert!(out.contains(expected), "{expected}\n{out}");
        }

        let app = TestApp::new(db).await;
        let g1 = thread_titled(&app, "Replace the hinge of the Modulo").await;
        let g2 = thread_titled(&app, "Clean the fan of the Modulo").await;
        let (details, steps) = guide_as_stored(&app, g1);
        assert_eq!(
            details,
            (
                Some("difficult".to_owned()),
                Some(20),
                Some(45),
                "T5 Torx driver\nSpudger".to_owned(),
                "Hinge kit".to_owned(),
                "Close the lid **gently** the first time.".to_owned(),
                "<p>Close the lid <strong>gently</strong> the first time.</p>\n".to_owned(),
            )
        );
        let titles: Vec<(i32, &str)> = steps.iter().map(|s| (s.0, s.1.as_str())).collect();
        assert_eq!(
            titles,
            [(1, "Open the case"), (2, "Lift the hinge"), (3, "Close up")],
            "numbered in the order of the file"
        );
        let (plain, fan_steps) = guide_as_stored(&app, g2);
        assert_eq!(
            (plain.0, plain.1, plain.2, plain.3.as_str()),
            (None, None, None, ""),
            "left out: not set, as on a new guide"
        );
        assert_eq!(fan_steps.len(), 1);
        let first_step =
            app.db(|conn| fixloop::model::knowledge::guides::steps(conn, g1).unwrap()[0].clone());
        assert_eq!(
            first_step.created_at.to_string(),
            "2025-03-01 10:05:00",
            "dated as the file says"
        );
        assert_eq!(
            first_step.body_text.as_deref(),
            Some("Undo the eight screws."),
            "its words kept for search"
        );

        // The guide's page shows it all.
        let page = app.visitor().await.get(&format!("/t/{g1}")).await;
        let page = if page.status == 200 {
            page
        } else {
            app.visitor().await.get(&page.location()).await
        };
        page.assert_status(200);
        for needle in [
            "Difficult",
            "20–45 minutes",
            "<li>T5 Torx driver</li>",
            "<li>Spudger</li>",
            "Hinge kit",
            "Step 1</span> Open the case",
            "Undo the <strong>eight</strong> screws.",
            "Unplug the charger first.",
            "Keep the screws in order.",
            "Step 2</span> Lift the hinge",
            "Step 3</span> Close up",
            "Close the lid <strong>gently</strong> the first time.",
        ] {
            page.assert_contains(needle);
        }

        // A word only a step has finds the guide.
        let found = app
            .visitor()
            .await
            .get("/api/v1/search?q=quokkabracket")
            .await
            .assert_status(200)
            .json();
        assert_eq!(found["hits"][0]["thread_id"], g1, "{found}");
        let history =
            app.db(|conn| fixloop::model::knowledge::guides::revisions(conn, g1, false).unwrap());
        assert_eq!(
            history.len(),
            3,
            "each step's first version, as the web keeps it"
        );

        // Run again with one more step: it goes after those of the first run.
        lines.push(line(
            json!({"type": "guide_step", "id": "s5", "guide": "g1", "title": "Test the hinge", "body": "Open and close it ten times."}),
        ));
        std::fs::write(&file, lines.concat()).unwrap();
        let (_, out) = fixloop(&url, dir.path(), &["import", file_arg]);
        assert!(
            out.contains("1 imported, 10 already imported before, 9 refused"),
            "{out}"
        );
        let titles: Vec<(i32, String)> = guide_as_stored(&app, g1)
            .1
            .into_iter()
            .map(|s| (s.0, s.1))
            .collect();
        assert_eq!(titles.last().unwrap(), &(4, "Test the hinge".to_owned()));
        assert_eq!(app.count("guide_steps"), 5);
    }
}

#[actix_web::test]
async fn guides_travel_whole_through_an_export_and_an_import() {
    for db in TestDb::all() {
        let label = db.label;
        eprintln!("-- on {label}");
        let app = TestApp::new(db).await;
        let admin = app.visitor().await;
        admin.register_as("guide_move_admin", Role::Admin).await;
        let author = member(&app, "guide_writer").await;
        let guide = thread_id(
            &author
                .start_thread(
                    "guide",
                    "Replace the battery of the Modulo",
                    "",
                    "A worn battery holds less charge.",
                )
                .await,
        );
        author
            .post(
                &format!("/t/{guide}/guide/edit"),
                &[
                    ("difficulty", "very_difficult"),
                    ("time_min", "15"),
                    ("time_max", "90"),
                    ("tools", "T5 Torx driver\nSpudger"),
                    ("parts", "Battery pack 55 Wh"),
                    ("prerequisites", ""),
                    ("conclusion", "Charge it **fully** once."),
                ],
            )
            .await
            .assert_status(303);
        for (title, caution, note) in [
            ("Remove the back cover", "Unplug the charger first.", ""),
            ("Disconnect the battery", "", "The plug is tight."),
            ("Lift the battery out", "Do not bend it.", ""),
            ("Fit the new battery", "", ""),
        ] {
            author
                .post(
                    &format!("/t/{guide}/steps"),
                    &[
                        ("title", title),
                        ("body", &format!("Now: **{title}**, slowly.")),
                        ("caution", caution),
                        ("note", note),
                        ("position", ""),
                    ],
                )
                .await
                .assert_status(303);
        }
        let ids: Vec<i64> = app.db(|conn| {
            fixloop::model::knowledge::guides::steps(conn, guide)
                .unwrap()
                .iter()
                .map(|s| s.id)
                .collect()
        });
        // The last step moved up a place; the third (now fourth) hidden by staff.
        author
            .post(&format!("/steps/{}/move", ids[3]), &[("direction", "up")])
            .await
            .assert_status(303);
        admin
            .post(
                &format!("/steps/{}/hide", ids[2]),
                &[("reason", "unsafe: bends the cell")],
            )
            .await
            .assert_status(303);
        // A guide with nothing but its opening post.
        let bare = thread_id(
            &author
                .start_thread("guide", "Clean the fan grille", "", "Use a soft brush.")
                .await,
        );
        let before = (guide_as_stored(&app, guide), guide_as_stored(&app, bare));
        let visible: Vec<(i32, &str, &str)> = before
            .0
             .1
            .iter()
            .map(|s| (s.0, s.1.as_str(), s.4.as_str()))
            .collect();
        assert_eq!(
            visible,
            [
                (1, "Remove the back cover", "Unplug the charger first."),
                (2, "Disconnect the battery", ""),
                (3, "Fit the new battery", ""),
            ]
        );

        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("guides.jsonl");
        let file_arg = file.to_str().unwrap();
        let (ok, out) = fixloop(&url_of(&app), dir.path(), &["export", file_arg]);
        assert!(ok, "{out}");
        assert!(
            out.contains("(1 hidden"),
            "the hidden step is left out: {out}"
        );
        let exported = std::fs::read_to_string(&file).unwrap();
        assert_eq!(exported.matches("\"type\":\"guide_step\"").count(), 3);
        assert!(!exported.contains("bends the cell") && !exported.contains("Lift the battery"));
        assert!(
            exported.contains(r#""difficulty":"very_difficult","time_min":15,"time_max":90,"tools":["T5 Torx driver","Spudger"],"parts":["Battery pack 55 Wh"],"conclusion":"Charge it **fully** once.""#),
            "{exported}"
        );

        let target = fresh(label);
        let (ok, out) = fixloop(&target.url, dir.path(), &["import", file_arg]);
        assert!(ok, "{out}");
        assert!(out.contains("0 refused"), "{out}");
        let moved = TestApp::new(target).await;
        let guide_after = thread_titled(&moved, "Replace the battery of the Modulo").await;
        let bare_after = thread_titled(&moved, "Clean the fan grille").await;
        let after = (
            guide_as_stored(&moved, guide_after),
            guide_as_stored(&moved, bare_after),
        );
        assert_eq!(
            before, after,
            "the same details and steps (title, body, position, caution, note) on {label}"
        );
        let dates = |app: &TestApp, id: i64| -> Vec<String> {
            app.db(|conn| {
                fixloop::model::knowledge::guides::steps(conn, id)
                    .unwrap()
                    .iter()
                    .filter(|s| !s.hidden)
                    .map(|s| s.created_at.to_string())
                    .collect()
            })
        };
        assert_eq!(dates(&app, guide), dates(&moved, guide_after));
        let found = moved
            .get("/api/v1/search?q=disconnect+battery")
            .await
            .assert_status(200)
            .json();
        assert_eq!(found["hits"][0]["thread_id"], guide_after, "{found}");

        // And back out: the same file again (ids aside).
        let again = dir.path().join("again.jsonl");
        let (ok, out) = fixloop(
            &url_of(&moved),
            dir.path(),
            &["export", again.to_str().unwrap()],
        );
        assert!(ok, "{out}");
        let strip = |text: &str| -> Vec<serde_json::Value> {
            text.lines()
                .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
                .filter(|v| matches!(v["type"].as_str(), Some("thread" | "guide_step")))
                .map(|v| without_ids(&v))
                .map(|mut v| {
                    for field in ["id", "guide", "author"] {
                        v.as_object_mut().unwrap().remove(field);
                    }
                    v
                })
                .collect()
        };
        assert_eq!(
            strip(&exported),
            strip(&std::fs::read_to_string(&again).unwrap())
        );
    }
}
