//! The private line to staff on an escalated question: who reads and writes
//! it, who is told, and that its messages never leave it (visitors' page
//! cache, search on both engines, feeds, the JSON API).

use fixloop::model::users::Role;
use fixloop::web::page_cache::CACHE_HEADER;

use crate::common::{each_db, each_engine, thread_id, TestApp};

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
            .any(|p| p.contains("wrote to you privately about the question")));
        first
            .get("/notifications")
            .await
            .assert_contains("sent you a private message in");

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
