//! Leaving the forum (issue 15): the data page, the export, deleting one's
//! account, and the admins' members page (search, roles, suspensions, a
//! member's export and deletion), through HTTP on both databases.

use diesel::prelude::*;
use fixloop::db::schema::{audit_log, mail_outbox, users};
use fixloop::model::accounts::users::Role;

use crate::common::{each_db, thread_id, Page, TestApp, PASSWORD};

fn user_id(app: &TestApp, username: &str) -> i64 {
    let name = username.to_owned();
    app.db(move |conn| {
        fixloop::model::accounts::users::find_by_username(conn, &name)
            .unwrap()
            .unwrap_or_else(|| panic!("no user {name}"))
            .id
    })
}

fn user(app: &TestApp, id: i64) -> fixloop::model::accounts::users::User {
    app.db(move |conn| fixloop::model::accounts::users::find(conn, id).unwrap())
}

/// The audit entries about a member: (action, actor id, detail).
fn audited(app: &TestApp, target: i64) -> Vec<(String, Option<i64>, String)> {
    app.db(move |conn| {
        audit_log::table
            .filter(audit_log::target_user_id.eq(target))
            .order(audit_log::id.asc())
            .select((audit_log::action, audit_log::actor_id, audit_log::detail))
            .load(conn)
            .unwrap()
    })
}

/// A message waiting in the outbox, as a change of theirs would leave it.
fn enqueue(app: &TestApp, to: &str, user_id: Option<i64>) {
    let to = to.to_owned();
    app.db(move |conn| {
        fixloop::mail::enqueue(
            conn,
            &fixloop::mail::Outgoing {
                template: fixloop::mail::Template::PasswordChanged,
                to: &to,
                user_id,
                payload: &serde_json::json!({ "username": "someone" }),
            },
        )
        .unwrap();
    });
}

fn set_mail_preference(app: &TestApp, user_id: i64, kind: &str, mode: &str) {
    let sql = format!(
        "INSERT INTO mail_preferences (user_id, kind, mode) VALUES ({user_id}, '{kind}', '{mode}')"
    );
    app.db(|conn| diesel::sql_query(sql).execute(conn).unwrap());
}

fn json_of(page: &Page) -> serde_json::Value {
    page.assert_status(200);
    assert_eq!(page.header("cache-control"), "no-store");
    assert!(
        page.header("content-type").starts_with("application/json"),
        "{}",
        page.header("content-type")
    );
    page.json()
}

#[actix_web::test]
async fn the_export_holds_my_writing_and_settings_and_nobody_elses_address() {
    each_db(|ada| async move {
        ada.register("export_ada").await.assert_status(303);
        let bob = ada.visitor().await;
        bob.register("export_bob").await.assert_status(303);
        let ada_id = user_id(&ada, "export_ada");

        let bobs = thread_id(
            &bob.start_thread(
                "troubleshooting",
                "Hinge creaks after a fall",
                "",
                "It creaks.",
            )
            .await,
        );
        let bobs_reply = bob.reply(bobs, "Also at 90 degrees.").await;
        let mine = thread_id(
            &ada.start_thread(
                "discussion",
                "Which flux do you use",
                "",
                "I use **rosin** flux.",
            )
            .await,
        );
        ada.reply(bobs, "Tighten the *hinge* screws first.").await;
        ada.post(&format!("/posts/{bobs_reply}/vote"), &[])
            .await
            .assert_status(303);
        ada.post(&format!("/t/{bobs}/me-too"), &[])
            .await
            .assert_status(303);
        ada.post(&format!("/t/{bobs}/follow"), &[])
            .await
            .assert_status(303);
        set_mail_preference(&ada, ada_id, "followed_replies", "never");

        // The data page says what is kept.
        let page = ada.get("/settings/data").await;
        page.assert_status(200)
            .assert_contains("The personal data the forum keeps")
            .assert_contains("export_ada@example.com")
            .assert_contains("href=\"/settings/mail\"")
            .assert_contains("id=\"count-threads\">1<")
            .assert_contains("id=\"count-posts\">2<")
            .assert_contains("id=\"count-votes\">1<")
            .assert_contains("followed replies: never")
            .assert_contains("Devices you own");

        let page = ada.post("/settings/data/export", &[]).await;
        let export = json_of(&page);
        assert_eq!(
            page.header("content-disposition"),
            "attachment; filename=\"fixloop-export_ada.json\""
        );
        assert_eq!(export["profile"]["username"], "export_ada");
        assert_eq!(export["profile"]["email"], "export_ada@example.com");
        assert_eq!(export["profile"]["role"], "member");
        let threads = export["threads"].as_array().unwrap();
        assert_eq!(threads.len(), 1);
        assert_eq!(threads[0]["id"], mine);
        assert_eq!(threads[0]["title"], "Which flux do you use");
        let posts = export["posts"].as_array().unwrap();
        let bodies: Vec<&str> = posts.iter().map(|p| p["body"].as_str().unwrap()).collect();
        assert_eq!(
            bodies,
            ["I use **rosin** flux.", "Tighten the *hinge* screws first."],
            "the source, oldest first"
        );
        assert!(posts.iter().all(|p| p["created_at"].is_string()));
        assert_eq!(posts[1]["thread_title"], "Hinge creaks after a fall");
        let votes = export["votes"].as_array().unwrap();
        assert_eq!(votes.len(), 1);
        assert_eq!(votes[0]["post_id"], bobs_reply);
        assert_eq!(export["me_too"][0]["thread_id"], bobs);
        assert!(export["follows"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["thread_id"] == bobs));
        assert_eq!(export["mail_preferences"][0]["kind"], "followed_replies");
        assert_eq!(export["mail_preferences"][0]["mode"], "never");
        assert!(!export["sessions"].as_array().unwrap().is_empty());
        assert_eq!(export["truncated"].as_array().unwrap().len(), 0);
        // Nothing of Bob's but the title of his thread.
        assert!(!page.body.contains("export_bob"), "{}", page.body);
        assert!(!page.body.contains("It creaks"));
        // No token of any kind (the list of API tokens has none either).
        assert!(!page.body.replace("\"api_tokens\"", "").contains("token"));
        assert!(!page.body.contains("password"));

        // A POST with its token only; visitors are asked to log in.
        ada.post_raw("/settings/data/export", &[])
            .await
            .assert_status(403);
        let visitor = ada.visitor().await;
        visitor
            .post("/settings/data/export", &[])
            .await
            .assert_status(401);
        assert_eq!(visitor.get("/settings/data").await.status, 303);
    })
    .await;
}

/// What deleting must leave alone when it is refused.
fn account_state(app: &TestApp, id: i64) -> (String, String, String, i64, i64) {
    let user = user(app, id);
    (
        user.username,
        user.email,
        user.password_hash,
        app.count(&format!("sessions WHERE user_id = {id}")),
        app.count("audit_log"),
    )
}

#[actix_web::test]
async fn deleting_needs_the_current_password_and_the_typed_username() {
    each_db(|app| async move {
        app.register("careful_cai").await.assert_status(303);
        let id = user_id(&app, "careful_cai");
        let before = account_state(&app, id);

        let page = app
            .post(
                "/settings/data/delete",
                &[
                    ("password", "not-my-password-at-all"),
                    ("confirm", "careful_cai"),
                ],
            )
            .await;
        page.assert_status(422)
            .assert_contains("That is not your current password. Nothing was deleted.")
            .assert_contains("value=\"careful_cai\"");
        for (fields, message) in [
            (
                vec![("password", PASSWORD)],
                "To confirm, type the username careful_cai",
            ),
            (
                vec![("password", PASSWORD), ("confirm", "careful")],
                "To confirm, type the username careful_cai",
            ),
            (
                vec![("confirm", "careful_cai")],
                "That is not your current password",
            ),
        ] {
            app.post("/settings/data/delete", &fields)
                .await
                .assert_status(422)
                .assert_contains(message);
        }
        assert_eq!(account_state(&app, id), before, "nothing was written");
        assert!(user(&app, id).deleted_at.is_none());
        app.get("/settings/data").await.assert_status(200);
        // Without the form's token nothing happens either.
        app.post_raw(
            "/settings/data/delete",
            &[("password", PASSWORD), ("confirm", "careful_cai")],
        )
        .await
        .assert_status(403);
        assert_eq!(account_state(&app, id), before);
    })
    .await;
}

#[actix_web::test]
async fn deleting_my_account_erases_me_ends_my_sessions_and_keeps_my_posts() {
    each_db(|lee| async move {
        lee.register("leaving_lee").await.assert_status(303);
        let id = user_id(&lee, "leaving_lee");
        lee.db(move |conn| {
            fixloop::model::accounts::users::set_bio(conn, id, "I fix old radios").unwrap()
        });
        let sam = lee.visitor().await;
        sam.register("staying_sam").await.assert_status(303);
        let url = lee
            .start_thread(
                "troubleshooting",
                "Radio hums on every station",
                "",
                "A loud hum, **50 Hz**.",
            )
            .await;
        let thread = thread_id(&url);
        sam.reply(thread, "Recap the power supply.").await;
        let lees_reply = lee.reply(thread, "Thanks, the hum is gone.").await;
        let sams = thread_id(
            &sam.start_thread("discussion", "Favourite multimeter", "", "Mine is old.")
                .await,
        );
        lee.post(&format!("/t/{sams}/follow"), &[])
            .await
            .assert_status(303);
        set_mail_preference(&lee, id, "followed_replies", "digest");
        // Mail waiting for them (by account and by address), and one sent.
        enqueue(&lee, "leaving_lee@example.com", Some(id));
        enqueue(&lee, "leaving_lee@example.com", None);
        enqueue(&lee, "staying_sam@example.com", None);
        lee.db(move |conn| {
            diesel::insert_into(mail_outbox::table)
                .values((
                    mail_outbox::template.eq("password_changed"),
                    mail_outbox::to_address.eq("leaving_lee@example.com"),
                    mail_outbox::user_id.eq(Some(id)),
                    mail_outbox::payload.eq("{}"),
                    mail_outbox::message_id.eq("sent-before"),
                    mail_outbox::next_attempt_at.eq(fixloop::model::now()),
                    mail_outbox::created_at.eq(fixloop::model::now()),
                    mail_outbox::sent_at.eq(Some(fixloop::model::now())),
                ))
                .execute(conn)
                .unwrap();
        });
        // A second browser, logged in to the same account.
        let laptop = lee.visitor().await;
        laptop
            .login("leaving_lee", PASSWORD)
            .await
            .assert_status(303);
        assert_eq!(lee.count(&format!("sessions WHERE user_id = {id}")), 2);
        assert!(lee.count(&format!("notifications WHERE user_id = {id}")) > 0);
        let sams_mail = lee.count("mail_outbox WHERE to_address = 'staying_sam@example.com'");

        let page = lee
            .post(
                "/settings/data/delete",
                &[("password", PASSWORD), ("confirm", "Leaving_Lee")],
            )
            .await;
        page.assert_status(303);
        assert_eq!(page.location(), "/settings/data/left");
        assert!(lee.cookie("fixloop_session").is_none(), "logged out here");
        lee.get("/settings/data/left")
            .await
            .assert_status(200)
            .assert_contains("Your account is deleted");

        // Every session ended: the other browser is logged out too.
        let page = laptop.get("/settings/data").await;
        assert_eq!(page.status.as_u16(), 303);
        assert!(page.location().starts_with("/login"), "{}", page.location());
        laptop.get("/").await.assert_lacks("leaving_lee");
        laptop
            .post(
                &format!("/t/{thread}/reply"),
                &[("body", "Hi"), ("action", "post")],
            )
            .await
            .assert_status(401);

        // Personal data gone.
        let gone = user(&lee, id);
        assert!(gone.deleted_at.is_some());
        assert_eq!(gone.username, format!("former-member-{id}"));
        assert_eq!(gone.email, format!("deleted-{id}@deleted.invalid"));
        assert_eq!(gone.bio, "");
        assert!(gone.email_verified_at.is_none());
        assert!(gone.suspension_reason.is_none());
        assert!(!gone.password_hash.starts_with("$argon2"));
        assert_eq!(lee.count("users WHERE email LIKE '%leaving_lee%'"), 0);
        assert_eq!(lee.count("users WHERE username_key = 'leaving_lee'"), 0);
        for table in [
            "sessions",
            "account_tokens",
            "mail_preferences",
            "thread_follows",
            "notifications",
        ] {
            assert_eq!(
                lee.count(&format!("{table} WHERE user_id = {id}")),
                0,
                "{table}"
            );
        }
        // No mail waits for them; the one sent keeps its row, not their address.
        assert_eq!(
            lee.count(&format!(
                "mail_outbox WHERE sent_at IS NULL AND failed_at IS NULL AND user_id = {id}"
            )),
            0
        );
        assert_eq!(
            lee.count("mail_outbox WHERE to_address LIKE '%leaving_lee%'"),
            0
        );
        assert_eq!(
            lee.count("mail_outbox WHERE to_address = 'staying_sam@example.com'"),
            sams_mail,
            "other members' mail stays"
        );
        assert_eq!(lee.count("mail_outbox WHERE message_id = 'sent-before'"), 1);
        assert_eq!(
            audited(&lee, id),
            [(
                "delete_account".to_owned(),
                Some(id),
                "the member left".to_owned()
            )]
        );

        // The account can no longer log in, by any name.
        for name in [
            "leaving_lee",
            "leaving_lee@example.com",
            &format!("former-member-{id}"),
            &format!("deleted-{id}@deleted.invalid"),
        ] {
            lee.login(name, PASSWORD).await.assert_status(401);
            lee.login(name, "!deleted").await.assert_status(401);
        }

        // The posts stay, by a former member.
        let page = sam.get(&url).await;
        page.assert_status(200)
            .assert_contains("Radio hums on every station")
            .assert_contains("<strong>50 Hz</strong>")
            .assert_contains("Thanks, the hum is gone.")
            .assert_contains(&format!(
                "<a class=\"post-author\" href=\"/u/former-member-{id}\">former member</a>"
            ))
            .assert_lacks("leaving_lee");
        sam.get("/")
            .await
            .assert_contains("former member")
            .assert_lacks("leaving_lee");
        let profile = sam.get(&format!("/u/former-member-{id}")).await;
        profile
            .assert_status(200)
            .assert_contains("This member left the forum")
            .assert_lacks("I fix old radios")
            .assert_lacks("Radio hums");
        sam.get("/u/leaving_lee").await.assert_status(404);

        // Staff still moderate what they wrote.
        let staff = lee.visitor().await;
        staff.register_as("tidy_staff", Role::Staff).await;
        staff
            .post(
                &format!("/posts/{lees_reply}/hide"),
                &[("reason", "Off topic")],
            )
            .await
            .assert_status(303);
        assert_eq!(
            lee.count(&format!("posts WHERE id = {lees_reply} AND hidden")),
            1
        );
    })
    .await;
}

#[actix_web::test]
async fn an_admin_cannot_delete_their_own_account() {
    each_db(|app| async move {
        app.register_as("only_admin", Role::Admin).await;
        let id = user_id(&app, "only_admin");
        app.get("/settings/data")
            .await
            .assert_status(200)
            .assert_contains("You are an admin")
            .assert_lacks("action=\"/settings/data/delete\"");
        app.post(
            "/settings/data/delete",
            &[("password", PASSWORD), ("confirm", "only_admin")],
        )
        .await
        .assert_status(403);
        assert!(user(&app, id).deleted_at.is_none());
        assert_eq!(
            app.count("login_attempts"),
            0,
            "refused before the password"
        );
    })
    .await;
}

#[actix_web::test]
async fn the_members_page_finds_members_by_username_and_email() {
    each_db(|admin| async move {
        admin.register_as("members_admin", Role::Admin).await;
        let other = admin.visitor().await;
        other.register("find_me_please").await.assert_status(303);
        other.register("another_one").await.assert_status(303);
        other.register("findXme").await.assert_status(303);
        let page = admin.get("/admin/members").await;
        page.assert_status(200)
            .assert_contains("href=\"/admin/members/find_me_please\"")
            .assert_contains("another_one")
            .assert_contains("members_admin");

        let page = admin.get("/admin/members?q=Find_Me").await;
        page.assert_status(200)
            .assert_contains("href=\"/admin/members/find_me_please\"")
            .assert_lacks("another_one")
            .assert_lacks("href=\"/admin/members/findXme\"");
        admin
            .get("/admin/members?q=another_one%40EXAMPLE.com")
            .await
            .assert_contains("href=\"/admin/members/another_one\"")
            .assert_lacks("find_me_please");
        // Wildcards are taken as they are typed.
        admin
            .get("/admin/members?q=%25")
            .await
            .assert_status(200)
            .assert_contains("No member")
            .assert_lacks("find_me_please");
        admin
            .get("/admin/members?q=nobody-here")
            .await
            .assert_contains("No member");
        admin
            .get("/admin/members?page=2")
            .await
            .assert_status(200)
            .assert_lacks("find_me_please");
        admin.get("/admin/members?page=x").await.assert_status(400);
        // Accounts that left are not listed.
        let id = user_id(&admin, "another_one");
        admin
            .post(
                "/admin/members/another_one/delete",
                &[("confirm", "another_one")],
            )
            .await
            .assert_status(303);
        admin
            .get("/admin/members")
            .await
            .assert_lacks(&format!("former-member-{id}"));

        // Only for admins.
        let staff = admin.visitor().await;
        staff.register_as("members_staff", Role::Staff).await;
        staff.get("/admin/members").await.assert_status(403);
        let suspended = admin.visitor().await;
        suspended
            .register_as("members_suspended_admin", Role::Admin)
            .await;
        admin.set_suspended("members_suspended_admin", Some(3));
        suspended
            .get("/admin/members")
            .await
            .assert_status(403)
            .assert_contains("suspended");
        other.get("/admin/members").await.assert_status(403);
        let visitor = admin.visitor().await;
        assert_eq!(visitor.get("/admin/members").await.status.as_u16(), 303);
    })
    .await;
}

#[actix_web::test]
async fn admins_change_roles_and_suspensions_from_the_web_and_it_is_audited() {
    each_db(|admin| async move {
        admin.register_as("role_admin", Role::Admin).await;
        let admin_id = user_id(&admin, "role_admin");
        let member = admin.visitor().await;
        member.register("role_target").await.assert_status(303);
        let id = user_id(&admin, "role_target");

        let page = admin
            .post("/admin/members/role_target/role", &[("role", "staff")])
            .await;
        page.assert_status(303);
        assert_eq!(page.location(), "/admin/members/role_target?done=role");
        assert_eq!(user(&admin, id).role, "staff");
        admin
            .get(&page.location())
            .await
            .assert_contains("The role is changed.");
        // The member's next request has the new role.
        member.get("/staff/queue").await.assert_status(200);
        admin
            .post("/admin/members/role_target/role", &[("role", "owner")])
            .await
            .assert_status(422)
            .assert_contains("Choose member, staff or admin.");
        admin
            .post("/admin/members/role_target/role", &[("role", "staff")])
            .await
            .assert_status(409);

        let page = admin
            .post(
                "/admin/members/role_target/suspend",
                &[("days", "3"), ("reason", "Spam links")],
            )
            .await;
        page.assert_status(303);
        let suspended = user(&admin, id);
        assert!(suspended.suspended_until.unwrap() > fixloop::model::now());
        assert_eq!(suspended.suspension_reason.as_deref(), Some("Spam links"));
        admin
            .get("/admin/members/role_target")
            .await
            .assert_contains("Spam links")
            .assert_contains("action=\"/admin/members/role_target/unsuspend\"");
        admin
            .post(
                "/admin/members/role_target/suspend",
                &[("days", "0"), ("reason", "Again")],
            )
            .await
            .assert_status(422)
            .assert_contains("Suspend for 1 to 3650 days.");
        admin
            .post("/admin/members/role_target/unsuspend", &[])
            .await
            .assert_status(303);
        assert!(user(&admin, id).suspended_until.is_none());

        let page = admin.post("/admin/members/role_target/export", &[]).await;
        let export = json_of(&page);
        assert_eq!(
            page.header("content-disposition"),
            "attachment; filename=\"fixloop-role_target.json\""
        );
        assert_eq!(export["profile"]["email"], "role_target@example.com");
        assert!(!page.body.contains("role_admin"));

        // An admin cannot remove their own admin role, nor delete themself here.
        admin
            .post("/admin/members/role_admin/role", &[("role", "member")])
            .await
            .assert_status(403)
            .assert_contains("You cannot remove your own admin role");
        assert_eq!(user(&admin, admin_id).role, "admin");
        admin
            .post(
                "/admin/members/role_admin/delete",
                &[("confirm", "role_admin")],
            )
            .await
            .assert_status(403);
        assert!(user(&admin, admin_id).deleted_at.is_none());

        // Deleting a member: the typed name, then the same erasure as leaving.
        admin
            .post("/admin/members/role_target/delete", &[("confirm", "role")])
            .await
            .assert_status(422)
            .assert_contains("To confirm, type the username role_target");
        assert!(user(&admin, id).deleted_at.is_none());
        let page = admin
            .post(
                "/admin/members/role_target/delete",
                &[("confirm", "role_target")],
            )
            .await;
        page.assert_status(303);
        let gone = user(&admin, id);
        assert!(gone.deleted_at.is_some());
        assert_eq!(gone.email, format!("deleted-{id}@deleted.invalid"));
        assert_eq!(gone.role, "member");
        assert_eq!(admin.count(&format!("sessions WHERE user_id = {id}")), 0);
        member.get("/").await.assert_lacks("role_target");
        admin
            .post("/admin/members/role_target/role", &[("role", "staff")])
            .await
            .assert_status(404);

        let entries = audited(&admin, id);
        let actions: Vec<(&str, &str)> = entries
            .iter()
            .map(|(action, actor, detail)| {
                assert_eq!(*actor, Some(admin_id), "{action}");
                (action.as_str(), detail.as_str())
            })
            .collect();
        assert_eq!(
            actions,
            [
                ("change_role", "member → staff"),
                ("suspend", "3 days: Spam links"),
                ("unsuspend", ""),
                ("export_data", ""),
                ("delete_account", "deleted by an admin"),
            ]
        );
        admin
            .get("/staff/audit")
            .await
            .assert_contains("change role")
            .assert_contains("delete account");
    })
    .await;
}

/// Every row of the tables an admin action may write, as text.
fn admin_tables(app: &TestApp) -> Vec<String> {
    app.db(|conn| {
        let people: Vec<(i64, String, String, String, Option<chrono::NaiveDateTime>)> =
            users::table
                .order(users::id)
                .select((
                    users::id,
                    users::username,
                    users::email,
                    users::role,
                    users::suspended_until,
                ))
                .load(conn)
                .unwrap();
        let log: i64 = audit_log::table.count().get_result(conn).unwrap();
        let mut rows: Vec<String> = people.iter().map(|p| format!("{p:?}")).collect();
        rows.push(format!("audit: {log}"));
        rows
    })
}

#[actix_web::test]
async fn staff_and_suspended_admins_are_refused_every_admin_action() {
    each_db(|admin| async move {
        admin.register_as("real_admin", Role::Admin).await;
        let staff = admin.visitor().await;
        staff.register_as("just_staff", Role::Staff).await;
        let benched = admin.visitor().await;
        benched.register_as("benched_admin", Role::Admin).await;
        admin.set_suspended("benched_admin", Some(3));
        let member = admin.visitor().await;
        member.register("plain_pat").await.assert_status(303);
        let held = admin.visitor().await;
        held.register("held_hal").await.assert_status(303);
        admin.set_suspended("held_hal", Some(3));

        let actions: [(&str, &[(&str, &str)]); 6] = [
            ("/admin/members/plain_pat/role", &[("role", "admin")]),
            (
                "/admin/members/plain_pat/suspend",
                &[("days", "2"), ("reason", "No")],
            ),
            ("/admin/members/held_hal/unsuspend", &[]),
            ("/admin/members/plain_pat/export", &[]),
            (
                "/admin/members/plain_pat/delete",
                &[("confirm", "plain_pat")],
            ),
            ("/admin/members/benched_admin/role", &[("role", "admin")]),
        ];
        let before = admin_tables(&admin);
        for (who, app) in [
            ("staff", &staff),
            ("suspended admin", &benched),
            ("member", &member),
        ] {
            app.get("/admin/members").await.assert_status(403);
            for (path, fields) in actions {
                let page = app.post(path, fields).await;
                assert_eq!(
                    page.status.as_u16(),
                    403,
                    "{who}: POST {path}: {}",
                    page.body
                );
                assert!(
                    !page.body.contains("plain_pat@example.com"),
                    "{who}: {path}"
                );
            }
            assert_eq!(admin_tables(&admin), before, "{who} changed something");
        }
        // The suspended admin is told why.
        benched
            .post("/admin/members/plain_pat/role", &[("role", "staff")])
            .await
            .assert_contains("suspended");
        // The real admin may do each of them.
        admin
            .post("/admin/members/plain_pat/role", &[("role", "staff")])
            .await
            .assert_status(303);
    })
    .await;
}

#[actix_web::test]
async fn owned_devices_are_in_the_export_and_leave_with_the_account() {
    each_db(|admin| async move {
        admin
            .register_as("device_admin", fixloop::model::accounts::users::Role::Admin)
            .await;
        admin
            .post(
                "/devices/new",
                &[("name", "Valve Radio 7"), ("kind", "maker"), ("parent", "")],
            )
            .await
            .assert_status(303);
        let owner = admin.visitor().await;
        owner.register("radio_rae").await.assert_status(303);
        owner
            .post(
                "/devices/valve-radio-7/own",
                &[
                    ("nickname", "Kitchen radio"),
                    ("purchased_on", ""),
                    ("firmware", ""),
                ],
            )
            .await
            .assert_status(303);
        let page = owner.post("/settings/data/export", &[]).await;
        page.assert_status(200);
        let export: serde_json::Value = serde_json::from_str(&page.body).unwrap();
        let owned = export["owned_devices"].as_array().expect("owned devices");
        assert_eq!(owned.len(), 1, "{export}");
        assert_eq!(owned[0]["device_slug"], "valve-radio-7");
        assert_eq!(owned[0]["nickname"], "Kitchen radio");
        assert_eq!(admin.count("owned_devices"), 1);

        // Ideas they voted for and what they wrote to staff privately are
        // theirs too.
        let proposer = admin.visitor().await;
        proposer.register("radio_pat").await.assert_status(303);
        let idea = proposer
            .post(
                "/ideas/new",
                &[
                    ("title", "A dial that lights up"),
                    ("device", "valve-radio-7"),
                    ("body", "Hard to tune in the dark."),
                ],
            )
            .await;
        idea.assert_status(303);
        let idea_id: i64 = idea
            .location()
            .trim_start_matches("/ideas/")
            .parse()
            .unwrap();
        owner
            .post(&format!("/ideas/{idea_id}/vote"), &[])
            .await
            .assert_status(303);
        let question = owner
            .start_thread(
                "troubleshooting",
                "Hum after repair",
                "valve-radio-7",
                "A hum.",
            )
            .await;
        let question_id = thread_id(&question);
        owner
            .post(&format!("/t/{question_id}/escalate"), &[])
            .await
            .assert_status(303);
        owner
            .post(
                &format!("/t/{question_id}/private"),
                &[("message", "Order 4711-B")],
            )
            .await
            .assert_status(303);
        let export = json_of(&owner.post("/settings/data/export", &[]).await);
        assert_eq!(export["idea_votes"][0]["thread_id"], idea_id, "{export}");
        assert_eq!(
            export["idea_votes"][0]["thread_title"],
            "A dial that lights up"
        );
        assert_eq!(export["private_messages"][0]["thread_id"], question_id);
        assert_eq!(export["private_messages"][0]["body"], "Order 4711-B");
        // Nobody else's: the proposer's export has no private message of theirs.
        let theirs = json_of(&proposer.post("/settings/data/export", &[]).await);
        assert_eq!(theirs["private_messages"].as_array().map(Vec::len), Some(0));
        owner
            .post(
                "/settings/data/delete",
                &[("password", PASSWORD), ("confirm", "radio_rae")],
            )
            .await
            .assert_status(303);
        assert_eq!(admin.count("owned_devices"), 0);
    })
    .await;
}
