//! Reputation, trust limits, login throttling, moderation, notifications.

use diesel::prelude::*;
use fixloop::db::schema::users;
use fixloop::model::accounts::users::Role;

use crate::common::{each_db, thread_id, TestApp, TestDb, PASSWORD};

fn reputation_of(app: &TestApp, name: &str) -> i32 {
    let name = name.to_owned();
    app.db(move |conn| {
        fixloop::model::accounts::users::find_by_username(conn, &name)
            .unwrap()
            .unwrap()
            .reputation
    })
}

fn set_reputation(app: &TestApp, name: &str, points: i32) {
    let key = name.to_lowercase();
    app.db(move |conn| {
        diesel::update(users::table.filter(users::username_key.eq(key)))
            .set(users::reputation.eq(points))
            .execute(conn)
            .unwrap();
    });
}

#[actix_web::test]
async fn reputation_follows_every_kind_of_event_and_can_be_taken_back() {
    each_db(|asker| async move {
        asker.register("asker_rep").await;
        let answerer = asker.visitor().await;
        answerer.register("answerer_rep").await;
        let staff = asker.visitor().await;
        staff.register_as("staff_rep", Role::Staff).await;
        let id = thread_id(&asker.start_thread("troubleshooting", "Battery gauge jumps from 40 to 5 percent", "", "?").await);
        let answer = answerer.reply(id, "Recalibrate: charge to 100, drain to 0, charge again.").await;

        asker.post(&format!("/posts/{answer}/vote"), &[]).await.assert_status(303);
        assert_eq!(reputation_of(&asker, "answerer_rep"), 2);
        asker.post(&format!("/posts/{answer}/unvote"), &[]).await.assert_status(303);
        assert_eq!(reputation_of(&asker, "answerer_rep"), 0);
        asker.post(&format!("/posts/{answer}/vote"), &[]).await;
        asker.post(&format!("/posts/{answer}/solution"), &[]).await.assert_status(303);
        assert_eq!(reputation_of(&asker, "answerer_rep"), 17);
        staff.post(&format!("/posts/{answer}/verify"), &[("note", "")]).await.assert_status(303);
        assert_eq!(reputation_of(&asker, "answerer_rep"), 27);

        let profile = asker.get("/u/answerer_rep").await;
        profile
            .assert_contains("id=\"reputation\">27<")
            .assert_contains("<td>Accepted solutions</td><td class=\"num\">1</td><td class=\"num\">15</td>")
            .assert_contains("<td>Answers verified by staff</td><td class=\"num\">1</td><td class=\"num\">10</td>")
            .assert_contains("<td>Helpful votes</td><td class=\"num\">1</td><td class=\"num\">2</td>");
        asker.get(&format!("/t/{id}")).await.assert_contains("27 rep");

        // Un-marking and revoking take their points back; nobody earns from their own acts.
        asker.post(&format!("/t/{id}/unsolve"), &[]).await.assert_status(303);
        assert_eq!(reputation_of(&asker, "answerer_rep"), 12);
        staff.post(&format!("/posts/{answer}/unverify"), &[]).await.assert_status(303);
        assert_eq!(reputation_of(&asker, "answerer_rep"), 2);
        assert_eq!(reputation_of(&asker, "asker_rep"), 0);
        assert_eq!(reputation_of(&asker, "staff_rep"), 0);
    })
    .await;
}

#[actix_web::test]
async fn new_members_are_limited_until_trusted() {
    for db in TestDb::all() {
        let app = TestApp::with_config(db, |config| {
            config.new_member_posts_per_hour = 3;
            config.new_member_link_free_posts = 2;
            config.trusted_reputation = 20;
        })
        .await;
        app.register("newbie").await;
        // No links or images in the first posts, with the text kept.
        let page = app
            .post(
                "/threads/new",
                &[
                    ("kind", "discussion"),
                    ("title", "Cheap parts shop"),
                    ("device", ""),
                    ("body", "Buy at [my shop](https://spam.example)"),
                    ("action", "post"),
                ],
            )
            .await;
        page.assert_status(422)
            .assert_contains("cannot contain links")
            .assert_contains("my shop");
        let page = app
            .post(
                "/threads/new",
                &[
                    ("kind", "discussion"),
                    ("title", "A photo of my board"),
                    ("device", ""),
                    ("body", "![board](https://img.example/b.jpg)"),
                    ("action", "post"),
                ],
            )
            .await;
        page.assert_status(422);
        assert_eq!(app.count("threads"), 0);

        // A few posts an hour.
        let id = thread_id(
            &app.start_thread("discussion", "First thread from a newbie", "", "Hello all")
                .await,
        );
        app.reply(id, "second post").await;
        app.reply(id, "third post").await;
        let page = app
            .post(
                &format!("/t/{id}/reply"),
                &[("body", "fourth post, kept"), ("action", "post")],
            )
            .await;
        page.assert_status(429)
            .assert_contains("can post 3 times an hour")
            .assert_contains("fourth post, kept");
        assert_eq!(app.count("posts"), 3);

        // Trusted members are not limited.
        set_reputation(&app, "newbie", 25);
        app.reply(id, "now with a link to https://example.com/manual")
            .await;
        assert_eq!(app.count("posts"), 4);
    }
}

#[actix_web::test]
async fn failed_logins_are_throttled_per_account_and_per_address() {
    for db in TestDb::all() {
        let app = TestApp::with_config(db, |config| {
            config.login_failures_per_account = 3;
            config.login_failures_per_address = 1000;
        })
        .await;
        app.register("target_tom").await;
        app.logout().await;
        for _ in 0..3 {
            app.login("target_tom", "wrong-password!")
                .await
                .assert_status(401);
        }
        // Now even the right password waits, with a clear message.
        let page = app.login("target_tom", PASSWORD).await;
        page.assert_status(429)
            .assert_contains("Too many failed logins");
        // An account that does not exist gets exactly the same treatment.
        for _ in 0..3 {
            app.login("ghost_account", "wrong-password!")
                .await
                .assert_status(401);
        }
        let ghost = app.login("ghost_account", "wrong-password!").await;
        ghost
            .assert_status(429)
            .assert_contains("Too many failed logins");

        let app = TestApp::with_config(TestDb::sqlite(), |config| {
            config.login_failures_per_account = 1000;
            config.login_failures_per_address = 3;
        })
        .await;
        app.register("another_ann").await;
        app.logout().await;
        for name in ["a1", "a2", "a3"] {
            app.login(name, "wrong-password!").await.assert_status(401);
        }
        app.login("another_ann", PASSWORD).await.assert_status(429);
    }
}

#[actix_web::test]
async fn flag_queue_hide_and_audit_log() {
    each_db(|author| async move {
        author.register("author_al").await;
        let id = thread_id(
            &author
                .start_thread(
                    "troubleshooting",
                    "Swollen battery, keep using it?",
                    "",
                    "It bulges.",
                )
                .await,
        );
        let bad = author
            .reply(id, "Just puncture it to let the gas out.")
            .await;
        let member = author.visitor().await;
        member.register("member_mia").await;
        let staff = author.visitor().await;
        staff.register_as("staff_sid", Role::Staff).await;

        member
            .post(
                &format!("/posts/{bad}/flag"),
                &[("reason", "unsafe"), ("note", "Fire risk!")],
            )
            .await
            .assert_status(303);
        member
            .post(&format!("/posts/{bad}/flag"), &[("reason", "spam")])
            .await
            .assert_status(409);
        author
            .post(&format!("/posts/{bad}/flag"), &[("reason", "spam")])
            .await
            .assert_status(403);
        member
            .post(&format!("/posts/{bad}/flag"), &[("reason", "bored")])
            .await
            .assert_status(422);
        member
            .post("/posts/424242/flag", &[("reason", "spam")])
            .await
            .assert_status(404);
        assert_eq!(author.count("flags"), 1);

        let queue = staff.get("/staff/flags").await;
        queue
            .assert_status(200)
            .assert_contains("Unsafe repair advice")
            .assert_contains("Fire risk!")
            .assert_contains("puncture it");
        member.get("/staff/flags").await.assert_status(403);
        member.get("/staff/audit").await.assert_status(403);

        // Members cannot hide; staff need a reason.
        member
            .post(&format!("/posts/{bad}/hide"), &[("reason", "no")])
            .await
            .assert_status(403);
        staff
            .post(&format!("/posts/{bad}/hide"), &[("reason", " ")])
            .await
            .assert_status(422);
        staff
            .post(
                &format!("/posts/{bad}/hide"),
                &[("reason", "unsafe battery advice")],
            )
            .await
            .assert_status(303);
        let page = member.get(&format!("/t/{id}")).await;
        page.assert_contains("This post is hidden: unsafe battery advice")
            .assert_lacks("puncture it");
        staff
            .get(&format!("/t/{id}"))
            .await
            .assert_contains("puncture it");
        let api = member.get(&format!("/api/v1/threads/{id}")).await.json();
        assert_eq!(api["posts"][1]["hidden"], true);
        assert_eq!(api["posts"][1]["body_html"], "");
        staff
            .get("/staff/flags")
            .await
            .assert_contains("Nothing to review");

        let log = staff.get("/staff/audit").await;
        log.assert_contains("hide post")
            .assert_contains("unsafe battery advice")
            .assert_contains("staff_sid");
        staff
            .get("/staff/audit?action=hide_post")
            .await
            .assert_contains("unsafe battery advice");
        staff
            .get("/staff/audit?action=lock_thread")
            .await
            .assert_contains("No entries");
        staff
            .get("/staff/audit?actor=staff_sid")
            .await
            .assert_contains("unsafe battery advice");
        staff
            .get("/staff/audit?action=drop_tables")
            .await
            .assert_status(400);

        staff
            .post(&format!("/posts/{bad}/unhide"), &[])
            .await
            .assert_status(303);
        member
            .get(&format!("/t/{id}"))
            .await
            .assert_contains("puncture it");
        staff
            .get("/staff/audit?action=unhide_post")
            .await
            .assert_contains("unhide post");
    })
    .await;
}

#[actix_web::test]
async fn three_trusted_flags_hide_a_post_until_staff_review_it() {
    each_db(|author| async move {
        author.register("author_ax").await;
        let id = thread_id(
            &author
                .start_thread("discussion", "Mains capacitor tricks", "", "Tips.")
                .await,
        );
        let post = author
            .reply(
                id,
                "Discharge the capacitor with a screwdriver, it is fine.",
            )
            .await;
        let mut flaggers = Vec::new();
        for (name, trusted) in [
            ("untrusted_u1", false),
            ("untrusted_u2", false),
            ("trusted_t1", true),
            ("trusted_t2", true),
            ("trusted_t3", true),
        ] {
            let member = author.visitor().await;
            member.register(name).await;
            if trusted {
                set_reputation(&author, name, 50);
            }
            flaggers.push(member);
        }
        let hidden = |app: &TestApp| {
            app.db(|conn| {
                fixloop::model::discussion::posts::find(conn, post)
                    .unwrap()
                    .hidden
            })
        };
        for member in &flaggers[..4] {
            member
                .post(&format!("/posts/{post}/flag"), &[("reason", "unsafe")])
                .await
                .assert_status(303);
        }
        assert!(
            !hidden(&author),
            "two untrusted and two trusted flags do not hide"
        );
        flaggers[4]
            .post(&format!("/posts/{post}/flag"), &[("reason", "unsafe")])
            .await
            .assert_status(303);
        assert!(hidden(&author), "the third trusted flag hides the post");
        author
            .get(&format!("/t/{id}"))
            .await
            .assert_contains("waiting for staff review");

        let staff = author.visitor().await;
        staff.register_as("staff_rev", Role::Staff).await;
        staff
            .get("/staff/audit?action=auto_hide")
            .await
            .assert_contains("system");
        staff
            .get("/staff/flags")
            .await
            .assert_contains("Keep it: unhide");
        // Review: keep it hidden with a reason; the flags are resolved.
        staff
            .post(
                &format!("/posts/{post}/hide"),
                &[("reason", "dangerous mains advice")],
            )
            .await
            .assert_status(303);
        staff
            .get("/staff/flags")
            .await
            .assert_contains("Nothing to review");
        author
            .get(&format!("/t/{id}"))
            .await
            .assert_contains("dangerous mains advice");
    })
    .await;
}

#[actix_web::test]
async fn suspended_members_read_but_do_not_write() {
    each_db(|member| async move {
        member.register("suspect_sue").await;
        let id = thread_id(
            &member
                .start_thread("discussion", "My thread before suspension", "", "Hi")
                .await,
        );
        let staff = member.visitor().await;
        staff.register_as("staff_ste", Role::Staff).await;
        let admin = member.visitor().await;
        admin.register_as("admin_adi", Role::Admin).await;

        member
            .post(
                "/u/staff_ste/suspend",
                &[("days", "3"), ("reason", "payback")],
            )
            .await
            .assert_status(403);
        staff
            .post("/u/admin_adi/suspend", &[("days", "3"), ("reason", "coup")])
            .await
            .assert_status(403);
        staff
            .post("/u/suspect_sue/suspend", &[("days", "0"), ("reason", "x")])
            .await
            .assert_status(422);
        staff
            .post("/u/nobody_here/suspend", &[("days", "3"), ("reason", "x")])
            .await
            .assert_status(404);
        staff
            .post(
                "/u/suspect_sue/suspend",
                &[("days", "7"), ("reason", "spamming links")],
            )
            .await
            .assert_status(303);

        let page = member.get(&format!("/t/{id}")).await;
        page.assert_status(200)
            .assert_contains("Your account is suspended until")
            .assert_contains("spamming links");
        let refused = member
            .post(
                &format!("/t/{id}/reply"),
                &[("body", "let me in"), ("action", "post")],
            )
            .await;
        refused
            .assert_status(403)
            .assert_contains("suspended until");
        member
            .post(
                "/threads/new",
                &[
                    ("kind", "discussion"),
                    ("title", "Another thread"),
                    ("body", "x"),
                    ("action", "post"),
                ],
            )
            .await
            .assert_status(403);
        assert_eq!(member.count("posts"), 1);
        staff
            .get("/u/suspect_sue")
            .await
            .assert_contains("Suspended until");
        staff
            .get("/staff/audit?action=suspend")
            .await
            .assert_contains("7 days: spamming links");

        staff
            .post("/u/suspect_sue/unsuspend", &[])
            .await
            .assert_status(303);
        member
            .post(
                &format!("/t/{id}/reply"),
                &[("body", "back again"), ("action", "post")],
            )
            .await
            .assert_status(303);
    })
    .await;
}

#[actix_web::test]
async fn staff_lock_pin_and_move_threads() {
    each_db(|admin| async move {
        admin.register_as("admin_lp", Role::Admin).await;
        admin
            .add_devices(&[
                ("Hearth", "maker", ""),
                ("Hearth Washers", "line", "hearth"),
            ])
            .await;
        let member = admin.visitor().await;
        member.register("member_lp").await;
        let old = thread_id(
            &member
                .start_thread(
                    "troubleshooting",
                    "Washer drum will not spin",
                    "",
                    "E21 code",
                )
                .await,
        );
        member
            .start_thread("discussion", "A newer thread", "", "x")
            .await;

        member
            .post(&format!("/t/{old}/lock"), &[])
            .await
            .assert_status(403);
        admin
            .post(&format!("/t/{old}/lock"), &[])
            .await
            .assert_status(303);
        member
            .post(
                &format!("/t/{old}/reply"),
                &[("body", "still there?"), ("action", "post")],
            )
            .await
            .assert_status(403);
        member
            .get(&format!("/t/{old}"))
            .await
            .assert_contains("This thread is locked");
        admin
            .post(&format!("/t/{old}/unlock"), &[])
            .await
            .assert_status(303);
        member.reply(old, "thanks for unlocking").await;

        admin
            .post(&format!("/t/{old}/pin"), &[])
            .await
            .assert_status(303);
        member
            .post(
                &format!("/t/{old}/reply"),
                &[("body", "bump"), ("action", "post")],
            )
            .await;
        member
            .start_thread("discussion", "The newest thread", "", "x")
            .await;
        let home = admin.get("/").await;
        assert!(
            home.body.find("Washer drum will not spin").unwrap()
                < home.body.find("The newest thread").unwrap()
        );

        // The move page lists every device (kept between requests), the
        // thread's own device chosen; only staff get it. Thread pages only
        // link to it.
        admin
            .get(&format!("/t/{old}"))
            .await
            .assert_contains(&format!("href=\"/staff/threads/{old}/move\""))
            .assert_lacks("<option value=\"hearth-washers\">");
        member
            .get(&format!("/t/{old}"))
            .await
            .assert_lacks(&format!("href=\"/staff/threads/{old}/move\""));
        member
            .get(&format!("/staff/threads/{old}/move"))
            .await
            .assert_status(403);
        admin
            .get(&format!("/staff/threads/{old}/move"))
            .await
            .assert_status(200)
            .assert_contains("<option value=\"hearth-washers\">")
            .assert_lacks("<option value=\"hearth-washers\" selected>");
        admin
            .post(&format!("/t/{old}/move"), &[("device", "hearth-washers")])
            .await
            .assert_status(303);
        let after = admin.get(&format!("/staff/threads/{old}/move")).await;
        after.assert_contains("<option value=\"hearth-washers\" selected>");
        let select = &after.body[after.body.find("id=\"move-device\"").unwrap()..];
        let select = &select[..select.find("</select>").unwrap()];
        assert_eq!(select.matches(" selected").count(), 1);
        admin
            .get("/devices/hearth-washers")
            .await
            .assert_contains("Washer drum will not spin");
        // A device not in the catalogue: the form again, with the reason.
        admin
            .post(&format!("/t/{old}/move"), &[("device", "no-such")])
            .await
            .assert_status(422)
            .assert_contains("That device is not in the catalogue.")
            .assert_contains("id=\"move-device\"");
        admin.post("/t/999999/lock", &[]).await.assert_status(404);
        let log = admin.get("/staff/audit").await;
        log.assert_contains("lock thread")
            .assert_contains("unlock thread")
            .assert_contains("pin thread");
        log.assert_contains("no device → Hearth Washers");
    })
    .await;
}

#[actix_web::test]
async fn followers_are_notified_of_replies_and_can_mark_them_read() {
    each_db(|asker| async move {
        asker.register("asker_nf").await;
        let id = thread_id(
            &asker
                .start_thread(
                    "troubleshooting",
                    "Dishwasher leaves white film",
                    "",
                    "Hard water?",
                )
                .await,
        );
        let helper = asker.visitor().await;
        helper.register("helper_nf").await;
        let watcher = asker.visitor().await;
        watcher.register("watcher_nf").await;
        watcher
            .post(&format!("/t/{id}/me-too"), &[])
            .await
            .assert_status(303);

        helper.reply(id, "Use the rinse aid at setting 4.").await;
        asker.get("/").await.assert_contains("header-badge\">1<");
        asker
            .get("/notifications")
            .await
            .assert_contains("replied in")
            .assert_contains("helper_nf");
        watcher
            .get("/notifications")
            .await
            .assert_contains("replied in");
        helper
            .get("/notifications")
            .await
            .assert_contains("Nothing yet");

        asker
            .post("/notifications/read", &[])
            .await
            .assert_status(303);
        asker.get("/").await.assert_lacks("header-badge");

        // Unfollowing stops them; following any thread starts them.
        watcher
            .post(&format!("/t/{id}/unfollow"), &[])
            .await
            .assert_status(303);
        let other = asker.visitor().await;
        other.register("other_nf").await;
        other
            .post(&format!("/t/{id}/follow"), &[])
            .await
            .assert_status(303);
        helper.reply(id, "Also clean the filter.").await;
        // Two replies: the asker heard of both, the watcher only of the first
        // (then unfollowed), the new follower only of the second.
        let replies_heard = |page: crate::common::Page| page.body.matches("replied in").count();
        assert_eq!(replies_heard(asker.get("/notifications").await), 2);
        assert_eq!(replies_heard(watcher.get("/notifications").await), 1);
        assert_eq!(replies_heard(other.get("/notifications").await), 1);
        assert_eq!(asker.count("notifications WHERE kind = 'new_reply'"), 4);
        asker.post("/t/999999/follow", &[]).await.assert_status(404);
    })
    .await;
}
