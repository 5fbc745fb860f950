//! Issue 13 §1, §6, §7: no body stalls the forum, a write that cannot get the
//! database's lock is a "busy, try again" page with the text kept, every write
//! that publishes text meets the new-member limits, images stay harmless, and
//! acknowledged means on disk.

use diesel::{Connection, RunQueryDsl};

use crate::common::{each_db, thread_id, TestApp, TestDb};

/// A body just over the 64 KiB limit, recognisable in the form it comes back in.
fn oversized_body() -> String {
    let mut body = "Fan grinds after the repaste. ".to_owned();
    body.push_str(&"- ".repeat(33 * 1024));
    body
}

#[actix_web::test]
async fn bodies_over_the_limit_are_refused_before_any_preview_is_rendered() {
    each_db(|app| async move {
        app.register("asker").await;
        let url = app
            .start_thread("discussion", "Fan noise after repaste", "", "It grinds.")
            .await;
        let id = thread_id(&url);
        let body = oversized_body();
        let posts_before = app.count("posts");

        // Reply preview: refused with the size message, the text kept, nothing rendered.
        let page = app
            .post(
                &format!("/t/{id}/reply"),
                &[("body", &body), ("action", "preview")],
            )
            .await;
        page.assert_status(422)
            .assert_contains("at most 64 KiB")
            .assert_contains("Fan grinds after the repaste.")
            .assert_lacks("class=\"preview");
        // New-thread preview.
        let page = app
            .post(
                "/threads/new",
                &[
                    ("kind", "discussion"),
                    ("title", "Another fan question"),
                    ("body", &body),
                    ("action", "preview"),
                ],
            )
            .await;
        page.assert_status(422)
            .assert_contains("at most 64 KiB")
            .assert_contains("Fan grinds after the repaste.");
        // Edit preview of the opening post.
        let opening: i64 = app.db(|conn| {
            use diesel::prelude::*;
            use fixloop::db::schema::posts;
            posts::table
                .filter(posts::thread_id.eq(id))
                .filter(posts::reply_number.eq(0))
                .select(posts::id)
                .first(conn)
                .unwrap()
        });
        let page = app
            .post(
                &format!("/posts/{opening}/edit"),
                &[("body", &body), ("action", "preview")],
            )
            .await;
        page.assert_status(422).assert_contains("at most 64 KiB");
        assert_eq!(app.count("posts"), posts_before);
        assert_eq!(app.count("post_revisions"), 0);
    })
    .await;
}

#[actix_web::test]
async fn deeply_nested_bodies_are_stored_flattened_with_their_text() {
    each_db(|app| async move {
        app.register("nester").await;
        let url = app
            .start_thread("discussion", "Nesting test thread", "", "Opening.")
            .await;
        let id = thread_id(&url);
        for unit in ["- ", "> ", "1. ", "> - "] {
            // Just under the limit.
            let body = format!("{}bottom", unit.repeat((60 * 1024) / unit.len()));
            let page = app
                .post(
                    &format!("/t/{id}/reply"),
                    &[("body", &body), ("action", "preview")],
                )
                .await;
            page.assert_status(200).assert_contains("bottom");
            app.reply(id, &body).await;
        }
        let stored: Vec<String> = app.db(|conn| {
            use diesel::prelude::*;
            use fixloop::db::schema::posts;
            posts::table
                .filter(posts::thread_id.eq(id))
                .filter(posts::reply_number.gt(0))
                .select(posts::body_html)
                .load(conn)
                .unwrap()
        });
        assert_eq!(stored.len(), 4);
        for html in stored {
            assert!(html.contains("bottom"));
            let lists = html.matches("<ul>").count() + html.matches("<ol>").count();
            let quotes = html.matches("<blockquote>").count();
            assert!(
                lists + quotes <= fixloop::render::markdown::MAX_NESTING,
                "{lists} lists and {quotes} quotes nested"
            );
        }
    })
    .await;
}

/// Holds the database's write lock (SQLite) or the thread's row lock
/// (PostgreSQL) from a connection of its own, as a long write would.
struct LockHolder(fixloop::db::DbConn);

impl LockHolder {
    fn take(app: &TestApp, thread: i64) -> LockHolder {
        let url = app.state.config.database_url();
        let mut conn = match fixloop::db::Backend::of_url(&url) {
            fixloop::db::Backend::Sqlite => fixloop::db::DbConn::Sqlite(
                diesel::sqlite::SqliteConnection::establish(fixloop::db::sqlite_path(&url))
                    .unwrap(),
            ),
            fixloop::db::Backend::Postgres => {
                fixloop::db::DbConn::Pg(diesel::pg::PgConnection::establish(&url).unwrap())
            }
        };
        let statements = match conn {
            fixloop::db::DbConn::Sqlite(_) => vec!["BEGIN IMMEDIATE".to_owned()],
            fixloop::db::DbConn::Pg(_) => vec![
                "BEGIN".to_owned(),
                format!("SELECT id FROM threads WHERE id = {thread} FOR UPDATE"),
            ],
        };
        for sql in statements {
            diesel::sql_query(sql).execute(&mut conn).unwrap();
        }
        LockHolder(conn)
    }

    fn release(mut self) {
        diesel::sql_query("ROLLBACK").execute(&mut self.0).unwrap();
    }
}

#[actix_web::test]
async fn a_write_that_cannot_get_the_lock_is_a_busy_page_with_the_text_kept() {
    for db in TestDb::all() {
        let app = TestApp::with_config(db, |c| c.db_lock_wait_ms = 200).await;
        app.register("patient").await;
        let url = app
            .start_thread("discussion", "Busy database thread", "", "Opening.")
            .await;
        let id = thread_id(&url);
        let posts_before = app.count("posts");

        let lock = LockHolder::take(&app, id);
        let page = app
            .post(
                &format!("/t/{id}/reply"),
                &[("body", "Replaced the fan; quiet now."), ("action", "post")],
            )
            .await;
        page.assert_status(503)
            .assert_contains("very busy")
            .assert_contains("Replaced the fan; quiet now.");
        assert_eq!(page.header("retry-after"), "5", "{}", app.db_label);
        lock.release();
        assert_eq!(app.count("posts"), posts_before, "{}", app.db_label);

        // Once the lock is free the same reply goes through.
        app.reply(id, "Replaced the fan; quiet now.").await;
        assert_eq!(app.count("posts"), posts_before + 1);
    }
}

#[actix_web::test]
async fn new_member_limits_cover_edits_and_guide_steps() {
    for db in TestDb::all() {
        let app = TestApp::with_config(db, |c| {
            c.new_member_posts_per_hour = 3;
            c.new_member_link_free_posts = 2;
        })
        .await;
        app.register("newcomer").await;
        let url = app
            .start_thread("guide", "Replace the hinge cover", "", "Tools: a spudger.")
            .await;
        let id = thread_id(&url);
        let opening: i64 = app.db(|conn| {
            use diesel::prelude::*;
            use fixloop::db::schema::posts;
            posts::table
                .filter(posts::thread_id.eq(id))
                .select(posts::id)
                .first(conn)
                .unwrap()
        });

        // A link added by editing is refused like one in a new post.
        let page = app
            .post(
                &format!("/posts/{opening}/edit"),
                &[
                    ("body", "Buy it at https://spam.example"),
                    ("action", "post"),
                ],
            )
            .await;
        page.assert_status(422)
            .assert_contains("cannot contain links")
            .assert_contains("Buy it at https:");
        // So is one in a guide step.
        let page = app
            .post(
                &format!("/t/{id}/steps"),
                &[
                    ("title", "Open the case"),
                    ("body", "See [here](https://spam.example)."),
                ],
            )
            .await;
        page.assert_status(422)
            .assert_contains("cannot contain links");
        assert_eq!(app.count("guide_steps"), 0);

        // Steps and edits count towards the hourly limit: the thread, one step
        // and one edit make three.
        app.post(
            &format!("/t/{id}/steps"),
            &[("title", "Open the case"), ("body", "Pry from the back.")],
        )
        .await
        .assert_status(303);
        app.post(
            &format!("/posts/{opening}/edit"),
            &[
                ("body", "Tools: a spudger and tweezers."),
                ("action", "post"),
            ],
        )
        .await
        .assert_status(303);
        let page = app
            .post(
                &format!("/t/{id}/steps"),
                &[("title", "Lift the cover"), ("body", "Slowly.")],
            )
            .await;
        page.assert_status(429).assert_contains("times an hour");
        assert_eq!(app.count("guide_steps"), 1);
    }
}

#[actix_web::test]
async fn images_cannot_point_at_pages_of_the_site_and_no_get_marks_a_notification_read() {
    each_db(|app| async move {
        app.register("asker").await;
        let url = app
            .start_thread("discussion", "Notification image trick", "", "Hello.")
            .await;
        let id = thread_id(&url);
        let replier = app.visitor().await;
        replier.register("replier").await;
        replier
            .reply(id, "![x](/notifications/1) ![y](/media/../notifications/1)")
            .await;
        let page = app.get(&url).await;
        page.assert_lacks("src=\"/notifications")
            .assert_lacks("src=\"/media/..");

        // The asker was notified; opening by GET changes nothing (no such route).
        let unread = || {
            app.db(|conn| {
                use diesel::prelude::*;
                use fixloop::db::schema::notifications;
                notifications::table
                    .filter(notifications::read_at.is_null())
                    .select(notifications::id)
                    .load::<i64>(conn)
                    .unwrap()
            })
        };
        let ids = unread();
        assert_eq!(ids.len(), 1);
        let n = ids[0];
        assert_eq!(app.get(&format!("/notifications/{n}")).await.status, 404);
        assert_eq!(unread(), vec![n]);
        // Without the CSRF token the POST is refused too.
        app.post_raw(&format!("/notifications/{n}"), &[])
            .await
            .assert_status(403);
        assert_eq!(unread(), vec![n]);
        // The button on the notifications page opens it.
        app.get("/notifications")
            .await
            .assert_contains(&format!("action=\"/notifications/{n}\""));
        let page = app.post(&format!("/notifications/{n}"), &[]).await;
        page.assert_status(303);
        assert!(page.location().starts_with("/p/"), "{}", page.location());
        assert!(unread().is_empty());
    })
    .await;
}

#[actix_web::test]
async fn sqlite_syncs_every_commit_unless_told_otherwise() {
    use diesel::sql_types::BigInt;
    #[derive(diesel::QueryableByName)]
    struct Sync {
        #[diesel(sql_type = BigInt)]
        synchronous: i64,
    }
    for (setting, expected) in [
        (None, 2),
        (Some(fixloop::db::Synchronous::Normal), 1),
        (Some(fixloop::db::Synchronous::Full), 2),
    ] {
        let app = TestApp::with_config(TestDb::sqlite(), |c| {
            if let Some(s) = setting {
                c.sqlite_synchronous = s;
            }
        })
        .await;
        let mode = app.db(|conn| {
            diesel::sql_query("PRAGMA synchronous")
                .get_result::<Sync>(conn)
                .unwrap()
                .synchronous
        });
        assert_eq!(mode, expected, "{setting:?}");
    }
}
