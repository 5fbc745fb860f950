//! The private line to staff on an escalated question: who reads and writes
//! it, who is told, and that its messages never leave it (visitors' page
//! cache, search on both engines, feeds, the JSON API).

use fixloop::model::accounts::users::Role;
use fixloop::web::page_cache::CACHE_HEADER;

use crate::common::{each_db, each_engine, thread_id, TestApp, TestDb};

const SECRET: &str = "Order QZ-4711-zebrafinch, serial SN99887766";
const NOTICE: &str = "Staff are handling this privately";

/// An asker's escalated question; its id.
async fn escalated(asker: &TestApp, title: &str) -> i64 {
    let id = thread_id(
        &asker
            .start_thread(
                "troubleshooting",
                title,
                "",
                "The fan rattles after the update.",
            )
            .await,
    );
    asker
        .post(&format!("/t/{id}/escalate"), &[])
        .await
        .assert_status(303);
    id
}

fn notifications_of(app: &TestApp, name: &str, kind: &str) -> i64 {
    let sql = format!(
        "SELECT COUNT(*) AS n FROM notifications n JOIN users u ON u.id = n.user_id \
         WHERE u.username = '{name}' AND n.kind = '{kind}'"
    );
    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    app.db(|conn| {
        use diesel::RunQueryDsl;
        diesel::sql_query(sql).get_result::<Count>(conn).unwrap().n
    })
}

#[actix_web::test]
async fn only_the_asker_and_staff_read_and_write_the_private_line() {
    each_db(|asker| async move {
        asker.register("pl_asker").await.assert_status(303);
        let staff = asker.visitor().await;
        staff.register_as("pl_staff", Role::Staff).await;
        let other = asker.visitor().await;
        other.register("pl_other").await.assert_status(303);
        let benched = asker.visitor().await;
        benched.register_as("pl_benched", Role::Staff).await;
        let visitor = asker.visitor().await;

        // Before staff are asked, there is no private line.
        let plain = thread_id(
            &asker
                .start_thread("troubleshooting", "The hinge creaks", "", "Creak.")
                .await,
        );
        asker
            .post(&format!("/t/{plain}/private"), &[("message", SECRET)])
            .await
            .assert_status(409)
            .assert_contains("while staff are asked to help");
        asker
            .get(&format!("/t/{plain}"))
            .await
            .assert_lacks("Private line to staff")
            .assert_lacks(NOTICE);

        let id = escalated(&asker, "The fan rattles after the update").await;
        let sent = asker
            .post(&format!("/t/{id}/private"), &[("message", SECRET)])
            .await;
        sent.assert_status(303);
        assert!(sent.location().ends_with("#private"), "{}", sent.location());
        assert_eq!(asker.count("private_messages"), 1);

        // The asker and staff read it; suspended staff still read it.
        asker
            .get(&format!("/t/{id}"))
            .await
            .assert_status(200)
            .assert_contains("Private line to staff")
            .assert_contains("zebrafinch")
            .assert_contains("Only you and Fixloop staff can read these messages");
        staff
            .get(&format!("/t/{id}"))
            .await
            .assert_contains("zebrafinch")
            .assert_contains("post it publicly as a reply");
        asker.set_suspended("pl_benched", Some(3));
        benched
            .get(&format!("/t/{id}"))
            .await
            .assert_contains("zebrafinch")
            .assert_contains("you can read the private line but not write on it");

        // Everyone else sees that staff are on it privately, and nothing more.
        for reader in [&other, &visitor] {
            reader
                .get(&format!("/t/{id}"))
                .await
                .assert_status(200)
                .assert_contains(NOTICE)
                .assert_lacks("zebrafinch")
                .assert_lacks("Private line to staff")
                .assert_lacks(&format!("action=\"/t/{id}/private"));
        }

        // Writing: refused for another member, a visitor and suspended staff,
        // with nothing written.
        other
            .post(&format!("/t/{id}/private"), &[("message", "Let me in")])
            .await
            .assert_status(403)
            .assert_contains("Only the person who asked and staff");
        visitor
            .post(&format!("/t/{id}/private"), &[("message", "Let me in")])
            .await
            .assert_status(401);
        benched
            .post(&format!("/t/{id}/private"), &[("message", "Still here")])
            .await
            .assert_status(403)
            .assert_contains("suspended");
        assert_eq!(asker.count("private_messages"), 1);

        // Staff answer privately; the asker reads it.
        staff
            .post(
                &format!("/t/{id}/private"),
                &[("message", "Thanks, a replacement fan is on its way.")],
            )
            .await
            .assert_status(303);
        asker
            .get(&format!("/t/{id}"))
            .await
            .assert_contains("a replacement fan is on its way");
        assert_eq!(asker.count("private_messages"), 2);

        // Bad inputs: a clear 422 with the text kept, 404 for no thread.
        asker
            .post(&format!("/t/{id}/private"), &[("message", "   ")])
            .await
            .assert_status(422)
            .assert_contains("Write your message first");
        let long = format!("kept-text {}", "x".repeat(5_001));
        asker
            .post(&format!("/t/{id}/private"), &[("message", &long)])
            .await
            .assert_status(422)
            .assert_contains("under 5000 characters")
            .assert_contains("kept-text xxxx");
        asker
            .post("/t/999999/private", &[("message", "Hello?")])
            .await
            .assert_status(404);
        assert_eq!(asker.count("private_messages"), 2);

        // Once solved, the line closes: still readable, no longer writable.
        let answer = staff
            .reply(id, "Outcome: the fan was replaced under warranty.")
            .await;
        asker
            .post(&format!("/posts/{answer}/solution"), &[])
            .await
            .assert_status(303);
        asker
            .get(&format!("/t/{id}"))
            .await
            .assert_contains("zebrafinch")
            .assert_contains("The private line is closed")
            .assert_lacks(&format!("action=\"/t/{id}/private"));
        asker
            .post(
                &format!("/t/{id}/private"),
                &[("message", "One more thing")],
            )
            .await
            .assert_status(409);
        other
            .get(&format!("/t/{id}"))
            .await
            .assert_lacks("zebrafinch");
    })
    .await;
}

#[actix_web::test]
async fn the_other_side_is_told() {
    each_db(|asker| async move {
        asker.register("pn_asker").await.assert_status(303);
        let first = asker.visitor().await;
        first.register_as("pn_staff_one", Role::Staff).await;
        let second = asker.visitor().await;
        second.register_as("pn_staff_two", Role::Admin).await;
        let other = asker.visitor().await;
        other.register("pn_other").await.assert_status(303);
        let id = escalated(&asker, "The drum does not spin").await;
        let mails_before = asker.count("mail_outbox");

        // Unclaimed: every staff member is told.
        asker
            .post(&format!("/t/{id}/private"), &[("message", SECRET)])
            .await
            .assert_status(303);
        assert_eq!(
            notifications_of(&asker, "pn_staff_one", "private_message"),
            1
        );
        assert_eq!(
            notifications_of(&asker, "pn_staff_two", "private_message"),
            1
        );
        assert_eq!(notifications_of(&asker, "pn_other", "private_message"), 0);
        assert_eq!(notifications_of(&asker, "pn_asker", "private_message"), 0);
        // At once by default; the mail says who wrote, never what.
        assert_eq!(asker.count("mail_outbox"), mails_before + 2);
        let payloads: Vec<String> = asker.db(|conn| {
            use diesel::prelude::*;
            use fixloop::db::schema::mail_outbox;
            mail_outbox::table
                .select(mail_outbox::payload)
                .load(conn)
                .unwrap()
        });
        assert!(payloads.iter().all(|p| !p.contains("zebrafinch")));
        assert!(payloads
            .iter()
            .any(|p| p.contains("mail-what-private-message")));
        first
            .get("/notifications")
            .await
            .assert_contains("sent you a private message in");
        // Read: the next message makes a new notification (until then,
        // messages add to the unread one: see the limits test).
        first
            .post("/notifications/read", &[])
            .await
            .assert_status(303);

        // Claimed: only the staff member on it.
        first
            .post(&format!("/t/{id}/claim"), &[])
            .await
            .assert_status(303);
        asker
            .post(
                &format!("/t/{id}/private"),
                &[("message", "Bought in March.")],
            )
            .await
            .assert_status(303);
        assert_eq!(
            notifications_of(&asker, "pn_staff_one", "private_message"),
            2
        );
        assert_eq!(
            notifications_of(&asker, "pn_staff_two", "private_message"),
            1
        );

        // Staff write: the asker is told.
        second
            .post(&format!("/t/{id}/private"), &[("message", "Noted.")])
            .await
            .assert_status(303);
        assert_eq!(notifications_of(&asker, "pn_asker", "private_message"), 1);
        assert_eq!(
            notifications_of(&asker, "pn_staff_one", "private_message"),
            2
        );
    })
    .await;
}

#[actix_web::test]
async fn private_messages_never_leave_the_private_line() {
    each_engine(|asker| async move {
        asker.register("pk_asker").await.assert_status(303);
        let staff = asker.visitor().await;
        staff.register_as("pk_staff", Role::Staff).await;
        let other = asker.visitor().await;
        other.register("pk_other").await.assert_status(303);
        let visitor = asker.visitor().await;
        let id = escalated(&asker, "Kettle clicks off early").await;
        asker
            .post(
                &format!("/t/{id}/private"),
                &[("message", "My receipt says quokkapelican 4711.")],
            )
            .await
            .assert_status(303);
        staff
            .post(
                &format!("/t/{id}/private"),
                &[("message", "Thanks: quokkapelican noted.")],
            )
            .await
            .assert_status(303);
        asker.settle().await;

        // The visitors' page cache: rendered once, then served from memory.
        let first = visitor.get(&format!("/t/{id}")).await;
        first.assert_status(200).assert_lacks("quokkapelican");
        let again = visitor.get(&format!("/t/{id}")).await;
        assert_eq!(again.header(CACHE_HEADER), "hit", "the page is kept");
        again.assert_lacks("quokkapelican").assert_contains(NOTICE);

        // Search, on this engine: the public words find the thread, the
        // private ones nothing.
        visitor
            .get("/search?q=kettle")
            .await
            .assert_contains(&format!("href=\"/t/{id}"));
        for searcher in [&visitor, &other, &asker, &staff] {
            searcher
                .get("/search?q=quokkapelican")
                .await
                .assert_status(200)
                .assert_contains("Nothing matches")
                .assert_lacks(&format!("href=\"/t/{id}"));
        }

        // Feeds and the JSON API.
        visitor
            .get(&format!("/t/{id}/feed.atom"))
            .await
            .assert_status(200)
            .assert_contains("Kettle clicks off early")
            .assert_lacks("quokkapelican");
        for reader in [&visitor, &other] {
            reader
                .get(&format!("/api/v1/threads/{id}"))
                .await
                .assert_status(200)
                .assert_contains("Kettle clicks off early")
                .assert_lacks("quokkapelican");
        }
    })
    .await;
}

#[actix_web::test]
async fn a_deleted_account_takes_its_private_messages_with_it() {
    each_db(|asker| async move {
        asker.register("pd_asker").await.assert_status(303);
        let staff = asker.visitor().await;
        staff.register_as("pd_staff", Role::Staff).await;
        let id = escalated(&asker, "The pump leaks").await;
        asker
            .post(&format!("/t/{id}/private"), &[("message", SECRET)])
            .await
            .assert_status(303);
        staff
            .post(
                &format!("/t/{id}/private"),
                &[("message", "Noted, thanks.")],
            )
            .await
            .assert_status(303);
        asker
            .post(
                "/settings/data/delete",
                &[
                    ("password", crate::common::PASSWORD),
                    ("confirm", "pd_asker"),
                ],
            )
            .await
            .assert_status(303);
        assert_eq!(asker.count("private_messages"), 1);
        staff
            .get(&format!("/t/{id}"))
            .await
            .assert_lacks("zebrafinch")
            .assert_contains("Noted, thanks.");
    })
    .await;
}

fn mails_queued(app: &TestApp) -> i64 {
    app.count("mail_outbox")
}

fn staff_notifications(app: &TestApp, kind: &str) -> i64 {
    (1..=3)
        .map(|n| notifications_of(app, &format!("fl_staff_{n}"), kind))
        .sum()
}

/// The flood of the report: an unconfirmed account a minute old escalates
/// and writes with a link and a tracking image, again and again. Now: its
/// links wait as in its posts, it sends one message until it confirms its
/// address, a member sends a few an hour, escalates a few questions a day,
/// and staff have one unread notification (and one mail) per question
/// however many messages arrive. Refusals are in the form, text kept,
/// nothing written.
#[actix_web::test]
async fn the_private_line_has_limits() {
    for db in TestDb::all() {
        eprintln!("-- on {}", db.label);
        // The real new-member limits (the other tests lift them).
        let asker = TestApp::with_config(db, |c| {
            c.new_member_link_free_posts = 2;
            c.new_member_private_messages_per_hour = 10;
            c.new_member_escalations_per_day = 2;
        })
        .await;
        let mut staff = Vec::new();
        for n in 1..=3 {
            let one = asker.visitor().await;
            one.register_as(&format!("fl_staff_{n}"), Role::Staff).await;
            staff.push(one);
        }
        asker
            .register_unverified("fl_asker")
            .await
            .assert_status(303);
        let id = escalated(&asker, "The dryer stops after a minute").await;
        let mails = mails_queued(&asker);
        let page = asker.get(&format!("/t/{id}")).await;
        page.assert_contains("Until you confirm your email address you can send 1 private message")
            .assert_contains(
                "You can send up to 10 messages an hour, without links or images for now",
            );

        // A link and an image from another site: not in a new member's
        // first posts, here as in the thread (422, text kept).
        let spam = "Call me: [here](https://spam.example/) ![](https://tracker.example/p.gif)";
        asker
            .post(&format!("/t/{id}/private"), &[("message", spam)])
            .await
            .assert_status(422)
            .assert_contains("cannot contain links or images")
            .assert_contains("tracker.example&#x2F;p.gif)</textarea>");
        assert_eq!(asker.count("private_messages"), 0);

        // One message reaches every staff member: the customer is heard.
        asker
            .post(&format!("/t/{id}/private"), &[("message", SECRET)])
            .await
            .assert_status(303);
        assert_eq!(staff_notifications(&asker, "private_message"), 3);
        assert_eq!(mails_queued(&asker), mails + 3);

        // Then: confirm the address first (403, in the form, text kept).
        for n in 0..40 {
            let text = format!("Message number {n} kept");
            asker
                .post(&format!("/t/{id}/private"), &[("message", &text)])
                .await
                .assert_status(403)
                .assert_contains("Please confirm your email address first")
                .assert_contains(&format!("{text}</textarea>"));
        }
        assert_eq!(asker.count("private_messages"), 1);
        assert_eq!(staff_notifications(&asker, "private_message"), 3);
        assert_eq!(mails_queued(&asker), mails + 3);

        // Confirmed: a new member's hourly limit. Staff's unread
        // notification is brought up to date, not repeated, and no more
        // mail; a staff member who read theirs is told again, once.
        staff[0]
            .post("/notifications/read", &[])
            .await
            .assert_status(303);
        asker.db(|conn| {
            let user = fixloop::model::accounts::users::find_by_username(conn, "fl_asker")
                .unwrap()
                .unwrap();
            fixloop::model::accounts::users::set_email_verified(
                conn,
                user.id,
                fixloop::model::now(),
            )
            .unwrap();
        });
        asker
            .get(&format!("/t/{id}"))
            .await
            .assert_lacks("Until you confirm your email address");
        for n in 2..=10 {
            asker
                .post(
                    &format!("/t/{id}/private"),
                    &[("message", &format!("Detail {n}"))],
                )
                .await
                .assert_status(303);
        }
        assert_eq!(asker.count("private_messages"), 10);
        assert_eq!(notifications_of(&asker, "fl_staff_1", "private_message"), 2);
        assert_eq!(notifications_of(&asker, "fl_staff_2", "private_message"), 1);
        assert_eq!(notifications_of(&asker, "fl_staff_3", "private_message"), 1);
        assert_eq!(mails_queued(&asker), mails + 4);
        asker
            .post(
                &format!("/t/{id}/private"),
                &[("message", "The eleventh, kept")],
            )
            .await
            .assert_status(429)
            .assert_contains("You can send 10 private messages an hour")
            .assert_contains("The eleventh, kept</textarea>");
        assert_eq!(asker.count("private_messages"), 10);

        // Staff answer without limits; the asker gets one notification.
        for n in 0..12 {
            staff[1]
                .post(
                    &format!("/t/{id}/private"),
                    &[("message", &format!("Staff note {n}"))],
                )
                .await
                .assert_status(303);
        }
        assert_eq!(notifications_of(&asker, "fl_asker", "private_message"), 1);
        assert_eq!(staff_notifications(&asker, "private_message"), 4);
        assert_eq!(mails_queued(&asker), mails + 5);
        // The unread one names the latest writer.
        staff[2]
            .get("/notifications")
            .await
            .assert_contains("fl_asker");

        // Escalations: two questions a day for a new member, then 429 with
        // nothing changed.
        let second = escalated(&asker, "The dryer hums").await;
        let third = thread_id(
            &asker
                .start_thread("troubleshooting", "The dryer smells", "", "Burnt smell.")
                .await,
        );
        asker
            .post(&format!("/t/{third}/escalate"), &[])
            .await
            .assert_status(429)
            .assert_contains("You can ask staff for help on 2 questions a day");
        assert_eq!(asker.count("escalations"), 2);
        asker
            .get(&format!("/t/{third}"))
            .await
            .assert_lacks("Private line to staff");
        assert!(second != third);
    }
}

/// No post, message or guide step makes a reader's browser fetch another
/// site: images there are links, our own photos stay images, and HTML
/// stored before is rendered again at start-up.
#[actix_web::test]
async fn images_from_other_sites_are_links_and_stored_html_is_rendered_again() {
    each_db(|asker| async move {
        asker.register("im_asker").await.assert_status(303);
        let staff = asker.visitor().await;
        staff.register_as("im_staff", Role::Staff).await;
        let body = "It looks like this: ![the fan](https://tracker.example/fan.png) \
                    and ![](http://tracker.example/pixel.gif), mine: ![photo](/media/abc123.jpg)";
        let id = thread_id(
            &asker
                .start_thread("troubleshooting", "Fan pictures", "", body)
                .await,
        );
        staff.reply(id, body).await;
        asker
            .post(&format!("/t/{id}/escalate"), &[])
            .await
            .assert_status(303);
        asker
            .post(&format!("/t/{id}/private"), &[("message", body)])
            .await
            .assert_status(303);
        for reader in [&asker, &staff] {
            let page = reader.get(&format!("/t/{id}")).await;
            page.assert_status(200)
                .assert_lacks("<img src=\"https://tracker.example")
                .assert_lacks("<img src=\"http://tracker.example")
                .assert_contains("<img src=\"/media/abc123.jpg\"")
                .assert_contains(">the fan</a>")
                .assert_contains(">http://tracker.example/pixel.gif</a>");
        }
        // The preview renders the same way.
        asker
            .post(
                "/threads/new",
                &[
                    ("kind", "troubleshooting"),
                    ("title", "Preview of a picture"),
                    ("body", body),
                    ("action", "preview"),
                ],
            )
            .await
            .assert_lacks("<img src=\"https://tracker.example")
            .assert_contains(">the fan</a>");

        // HTML stored by an earlier release, with the tracking image in it:
        // rendered again once at start-up, then never again.
        let old = "<p><img src=\"https://tracker.example/old.gif\" alt=\"old\"></p>";
        asker.db(|conn| {
            use diesel::RunQueryDsl;
            for table in ["posts", "private_messages"] {
                diesel::sql_query(format!(
                    "UPDATE {table} SET body_md = '![old](https://tracker.example/old.gif)', body_html = '{old}'"
                ))
                .execute(conn)
                .unwrap();
            }
            diesel::sql_query("INSERT INTO render_upgrades (name) VALUES ('external_images_as_links')")
                .execute(conn)
                .unwrap();
        });
        let changed = asker.db(|conn| fixloop::render::stored::upgrade(conn).unwrap());
        assert_eq!(changed, 3, "two posts and one private message");
        let stored: Vec<String> = asker.db(|conn| {
            use diesel::prelude::*;
            use fixloop::db::schema::{posts, private_messages};
            let mut all: Vec<String> = posts::table.select(posts::body_html).load(conn).unwrap();
            all.extend(
                private_messages::table
                    .select(private_messages::body_html)
                    .load::<String>(conn)
                    .unwrap(),
            );
            all
        });
        for html in &stored {
            assert!(!html.contains("<img"), "{html}");
            assert!(html.contains("https://tracker.example/old.gif\""), "{html}");
        }
        assert_eq!(asker.count("render_upgrades"), 0);
        assert_eq!(asker.db(|conn| fixloop::render::stored::upgrade(conn).unwrap()), 0);
    })
    .await;
}
