//! Issue 28, staff and accounts: staff hear of escalations (in the app and
//! by mail as each chooses), the queue's count beside its link, the queue
//! marks private messages staff have not answered, a staff reply moves the
//! waiting clock, the question comes before the private line; the admins'
//! compact members list and each member's admin page; the compact mail
//! settings with "off for everything" and the member's time zone (the
//! digest at their local hour); answer mails quote the answer.

use chrono::{Duration, NaiveDateTime, Timelike};
use diesel::RunQueryDsl;
use fixloop::forum::accounts::mail_preferences::send_digests;
use fixloop::model::accounts::users::Role;

use crate::common::{each_db, each_db_with_mail, thread_id, Page, TestApp};
use crate::mail_server::{Received, SmtpServer};

const QUEUE_BADGE: &str = "title=\"Waiting for staff\">";

fn address(username: &str) -> String {
    format!("{}@example.com", username.to_lowercase())
}

/// Mail a member chose (it has an unsubscribe link), not account mail.
fn notification_mail(server: &SmtpServer, username: &str) -> Vec<Received> {
    server
        .to(&address(username))
        .into_iter()
        .filter(|m| m.header("List-Unsubscribe").is_some())
        .collect()
}

fn notifications_of(app: &TestApp, name: &str, kind: &str) -> i64 {
    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let sql = format!(
        "SELECT COUNT(*) AS n FROM notifications n JOIN users u ON u.id = n.user_id \
         WHERE u.username = '{name}' AND n.kind = '{kind}'"
    );
    app.db(|conn| diesel::sql_query(sql).get_result::<Count>(conn).unwrap().n)
}

/// A troubleshooting question by `asker`; its id.
async fn question(asker: &TestApp, title: &str) -> i64 {
    thread_id(
        &asker
            .start_thread("troubleshooting", title, "", "It stopped charging.")
            .await,
    )
}

async fn escalate(asker: &TestApp, id: i64) {
    asker
        .post(&format!("/t/{id}/escalate"), &[])
        .await
        .assert_status(303);
}

/// The number beside the staff's queue link on a page, if any.
fn queue_count(page: &Page) -> Option<u32> {
    let start = page.body.find(QUEUE_BADGE)? + QUEUE_BADGE.len();
    let rest = &page.body[start..];
    rest[..rest.find('<')?].trim().parse().ok()
}

/// The queue's row of a thread (from its link to the end of the row).
fn queue_row(page: &Page, id: i64) -> String {
    let start = page
        .body
        .find(&format!("href=\"/t/{id}/"))
        .unwrap_or_else(|| panic!("thread {id} is not in the queue:\n{}", page.body));
    let rest = &page.body[start..];
    rest[..rest.find("</tr>").expect("the row ends")].to_owned()
}

#[actix_web::test]
async fn staff_hear_of_an_escalation_in_the_app_and_by_mail_as_each_chooses() {
    each_db_with_mail(|app, server| async move {
        let asker = app.visitor().await;
        asker.register("esc_asker").await.assert_status(303);
        let eager = app.visitor().await;
        eager.register_as("esc_eager", Role::Staff).await;
        let quiet = app.visitor().await;
        quiet.register_as("esc_quiet", Role::Admin).await;

        // Staff choose for the new kind; members never see it.
        quiet
            .get("/settings/mail")
            .await
            .assert_contains("Members asking staff for help");
        quiet
            .post("/settings/mail", &[("staff_queue", "never")])
            .await
            .assert_status(303);
        asker
            .get("/settings/mail")
            .await
            .assert_status(200)
            .assert_lacks("Members asking staff for help");
        asker
            .post("/settings/mail", &[("staff_queue", "instant")])
            .await
            .assert_status(400)
            .assert_contains("no kind of mail called “staff_queue”");

        let id = question(&asker, "Charger light blinks orange").await;
        escalate(&asker, id).await;
        app.deliver_mail().await;

        // Both are told in the app; the asker is not told of their own request.
        assert_eq!(notifications_of(&app, "esc_eager", "escalation_opened"), 1);
        assert_eq!(notifications_of(&app, "esc_quiet", "escalation_opened"), 1);
        assert_eq!(notifications_of(&app, "esc_asker", "escalation_opened"), 0);
        eager
            .get("/notifications")
            .await
            .assert_contains("asks staff for help in")
            .assert_contains("Charger light blinks orange");
        // Mail as each chose: at once by default, none for "never".
        let mail = notification_mail(&server, "esc_eager");
        assert_eq!(mail.len(), 1, "one mail for one request");
        assert!(
            mail[0]
                .subject()
                .contains("A member asks staff for help: Charger light blinks orange"),
            "{}",
            mail[0].subject()
        );
        assert!(
            mail[0].text().contains("esc_asker asks staff for help"),
            "{}",
            mail[0].text()
        );
        assert!(notification_mail(&server, "esc_quiet").is_empty());
    })
    .await;
}

#[actix_web::test]
async fn the_queue_counts_marks_new_private_messages_and_follows_whose_turn_it_is() {
    each_db(|app| async move {
        let asker = app.visitor().await;
        asker.register("turn_asker").await.assert_status(303);
        let staff = app.visitor().await;
        staff.register_as("turn_staff", Role::Staff).await;

        // Nothing waits: no count.
        assert_eq!(queue_count(&staff.get("/").await), None);
        let id = question(&asker, "Screen flickers at low brightness").await;
        escalate(&asker, id).await;
        let url = format!("/t/{id}");

        // Staff see the count on every page; members never do.
        assert_eq!(queue_count(&staff.get("/").await), Some(1));
        assert_eq!(queue_count(&asker.get("/").await), None);
        asker
            .get(&url)
            .await
            .assert_contains("<strong>Waiting for staff</strong>");

        // The asker writes privately: the queue marks it.
        asker
            .post(
                &format!("/t/{id}/private"),
                &[("message", "Serial SN-2231, bought in May.")],
            )
            .await
            .assert_status(303);
        let row = queue_row(&staff.get("/staff/queue").await, id);
        assert!(row.contains("New private message"), "{row}");
        assert!(row.contains("#private"), "the link goes to the line: {row}");

        // Staff answer privately: the thread waits for the asker, leaves the
        // count, and is no longer marked.
        staff
            .post(
                &format!("/t/{id}/private"),
                &[("message", "Thanks, could you try a firmware reset?")],
            )
            .await
            .assert_status(303);
        let page = staff.get(&url).await;
        page.assert_contains("<strong>Waiting for the asker</strong>: staff answered privately")
            .assert_lacks("Waiting for staff<");
        assert_eq!(queue_count(&page), None);
        asker
            .get(&url)
            .await
            .assert_contains("<strong>Waiting for your reply</strong>");
        let queue = staff.get("/staff/queue").await;
        let row = queue_row(&queue, id);
        assert!(!row.contains("New private message"), "{row}");
        assert!(row.contains("For the asker"), "{row}");

        // The asker's turn ends when they write: staff's clock starts again.
        asker
            .post(
                &format!("/t/{id}/private"),
                &[("message", "Reset done, same.")],
            )
            .await
            .assert_status(303);
        assert_eq!(queue_count(&staff.get("/").await), Some(1));
        let row = queue_row(&staff.get("/staff/queue").await, id);
        assert!(row.contains("New private message"), "{row}");
        asker
            .get(&url)
            .await
            .assert_contains("<strong>Waiting for staff</strong>");
    })
    .await;
}

#[actix_web::test]
async fn the_question_comes_before_the_private_line() {
    each_db(|app| async move {
        let asker = app.visitor().await;
        asker.register("order_asker").await.assert_status(303);
        let staff = app.visitor().await;
        staff.register_as("order_staff", Role::Staff).await;
        let id = thread_id(
            &asker
                .start_thread(
                    "troubleshooting",
                    "Trackpad clicks by itself",
                    "",
                    "The trackpad clicks on its own after waking up.",
                )
                .await,
        );
        escalate(&asker, id).await;
        for reader in [&asker, &staff] {
            let page = reader.get(&format!("/t/{id}")).await;
            let question = page
                .body
                .find("The trackpad clicks on its own after waking up.")
                .expect("the question");
            let private = page
                .body
                .find("Private line to staff")
                .expect("the private line");
            assert!(question < private, "the question first");
        }
    })
    .await;
}

/// The names in the members list, in their order.
fn listed(page: &Page) -> Vec<String> {
    page.body
        .split("<th scope=\"row\" class=\"member-name\"><a href=\"/admin/members/")
        .skip(1)
        .map(|rest| rest[..rest.find('"').unwrap()].to_owned())
        .collect()
}

fn set_counts(app: &TestApp, username: &str, posts: i32, reputation: i32) {
    let sql = format!(
        "UPDATE users SET post_count = {posts}, reputation = {reputation} \
         WHERE username_key = '{username}'"
    );
    app.db(|conn| diesel::sql_query(sql).execute(conn).unwrap());
}

#[actix_web::test]
async fn the_members_list_is_compact_sortable_and_the_actions_are_on_each_members_page() {
    each_db(|admin| async move {
        admin.register_as("list_admin", Role::Admin).await;
        let other = admin.visitor().await;
        for name in ["list_ann", "list_bob", "list_cy"] {
            other.register(name).await.assert_status(303);
        }
        set_counts(&admin, "list_ann", 3, 50);
        set_counts(&admin, "list_bob", 9, 5);
        set_counts(&admin, "list_cy", 1, 20);

        // Newest first by default; the list holds no forms.
        let page = admin.get("/admin/members?q=list_").await;
        page.assert_status(200)
            .assert_lacks("/suspend\"")
            .assert_lacks("/delete\"")
            .assert_lacks("action=\"/admin/members/")
            .assert_contains("Last seen")
            .assert_contains("aria-sort=\"descending\"");
        assert_eq!(
            listed(&page),
            ["list_cy", "list_bob", "list_ann", "list_admin"]
        );
        // Sorted by a column, either way; the search stays in the links.
        let page = admin.get("/admin/members?q=list_&sort=posts").await;
        assert_eq!(
            listed(&page),
            ["list_bob", "list_ann", "list_cy", "list_admin"]
        );
        page.assert_contains("q=list_&amp;sort=posts&amp;dir=asc\"");
        let page = admin
            .get("/admin/members?q=list_&sort=reputation&dir=asc")
            .await;
        assert_eq!(
            listed(&page),
            ["list_admin", "list_bob", "list_cy", "list_ann"]
        );
        let page = admin.get("/admin/members?q=list_&sort=name").await;
        assert_eq!(
            listed(&page),
            ["list_admin", "list_ann", "list_bob", "list_cy"]
        );
        // The admin has a session: seen; the others logged in too.
        let page = admin.get("/admin/members?q=list_&sort=seen").await;
        assert_eq!(listed(&page).len(), 4);
        // Only the listed columns, only two directions.
        admin
            .get("/admin/members?sort=email")
            .await
            .assert_status(400)
            .assert_contains("cannot be sorted by “email”");
        admin
            .get("/admin/members?sort=posts&dir=sideways")
            .await
            .assert_status(400);

        // Each member's page holds the actions.
        let page = admin.get("/admin/members/list_bob").await;
        page.assert_status(200)
            .assert_contains("list_bob@example.com")
            .assert_contains("action=\"/admin/members/list_bob/role\"")
            .assert_contains("action=\"/admin/members/list_bob/suspend\"")
            .assert_contains("action=\"/admin/members/list_bob/export\"")
            .assert_contains("action=\"/admin/members/list_bob/delete\"");
        // A refused form is said there, with what was typed.
        admin
            .post(
                "/admin/members/list_bob/suspend",
                &[("days", "0"), ("reason", "Spam in three threads")],
            )
            .await
            .assert_status(422)
            .assert_contains("Suspend for 1 to 3650 days.")
            .assert_contains("value=\"Spam in three threads\"");
        admin
            .post("/admin/members/list_bob/delete", &[("confirm", "list_bo")])
            .await
            .assert_status(422)
            .assert_contains("value=\"list_bo\"");
        let page = admin
            .post(
                "/admin/members/list_bob/suspend",
                &[("days", "2"), ("reason", "Spam")],
            )
            .await;
        page.assert_status(303);
        assert_eq!(page.location(), "/admin/members/list_bob?done=suspend");
        admin
            .get(&page.location())
            .await
            .assert_contains("The member is suspended.")
            .assert_contains("action=\"/admin/members/list_bob/unsuspend\"");
        // Their own page has no role, suspension or delete form.
        admin
            .get("/admin/members/list_admin")
            .await
            .assert_status(200)
            .assert_lacks("action=\"/admin/members/list_admin/role\"")
            .assert_lacks("action=\"/admin/members/list_admin/delete\"");
        admin
            .get("/admin/members/nobody_by_that_name")
            .await
            .assert_status(404);

        // Admins only.
        let staff = admin.visitor().await;
        staff.register_as("list_staff", Role::Staff).await;
        staff
            .get("/admin/members/list_bob")
            .await
            .assert_status(403);
        other
            .get("/admin/members/list_bob")
            .await
            .assert_status(403);
    })
    .await;
}

#[actix_web::test]
async fn mail_settings_are_one_row_a_kind_and_all_of_it_turns_off_at_once() {
    each_db(|app| async move {
        let ada = app.visitor().await;
        ada.register("off_ada").await.assert_status(303);
        let page = ada.get("/settings/mail").await;
        page.assert_status(200)
            .assert_contains("<select id=\"mode-answers\" name=\"answers\">")
            .assert_contains("action=\"/settings/mail/off\"")
            .assert_lacks("type=\"radio\"");
        let page = ada.post("/settings/mail/off", &[]).await;
        page.assert_status(303);
        assert_eq!(page.location(), "/settings/mail?saved=off");
        let page = ada.get(&page.location()).await;
        page.assert_contains("All notification mail is off")
            .assert_lacks("action=\"/settings/mail/off\"");
        assert!(
            !page.body.contains("\" selected>At once")
                && !page.body.contains("\" selected>In the daily digest"),
            "every kind is never"
        );
        // Without the form's token, nothing.
        let bob = app.visitor().await;
        bob.register("off_bob").await.assert_status(303);
        bob.post_raw("/settings/mail/off", &[])
            .await
            .assert_status(403);
        bob.get("/settings/mail")
            .await
            .assert_contains("action=\"/settings/mail/off\"");
    })
    .await;
}

#[actix_web::test]
async fn the_digest_comes_at_the_hour_of_the_members_own_clock() {
    each_db_with_mail(|app, server| async move {
        let seoul = app.visitor().await;
        seoul.register("tz_seoul").await.assert_status(303);
        let page = seoul.get("/settings/mail").await;
        page.assert_contains("<option selected>UTC</option>")
            .assert_contains("<option>Asia&#x2F;Seoul</option>")
            .assert_contains("on your clock");
        seoul
            .post("/settings/mail", &[("time_zone", "Mars/Olympus_Mons")])
            .await
            .assert_status(400)
            .assert_contains("not a time zone we know");
        seoul
            .post(
                "/settings/mail",
                &[("time_zone", "Asia/Seoul"), ("followed_replies", "digest")],
            )
            .await
            .assert_status(303);
        seoul
            .get("/settings/mail")
            .await
            .assert_contains("<option selected>Asia&#x2F;Seoul</option>");

        // A followed thread's reply waits for the digest.
        let asker = app.visitor().await;
        asker.register("tz_asker").await.assert_status(303);
        let id = question(&asker, "Kettle clicks off early").await;
        seoul.reply(id, "Mine too.").await;
        asker.reply(id, "Descaled it, still happens.").await;
        app.deliver_mail().await;
        assert!(notification_mail(&server, "tz_seoul").is_empty());

        // The digest hour is 7 on Seoul's clock (UTC+9): 22:00 UTC.
        let written = fixloop::model::now();
        let next_local_seven = {
            let day = written.date();
            let at = |d: chrono::NaiveDate| d.and_hms_opt(22, 0, 0).unwrap();
            if at(day) > written {
                at(day)
            } else {
                at(day + Duration::days(1))
            }
        };
        let digest_at =
            |now: NaiveDateTime| app.db(move |conn| send_digests(conn, now, 7).unwrap());
        // At 07:00 UTC (16:00 in Seoul) nothing goes out for her.
        let utc_seven = next_local_seven - Duration::hours(15) + Duration::minutes(5);
        if utc_seven > written {
            assert_eq!(digest_at(utc_seven).sent, 0);
        }
        assert_eq!(
            digest_at(next_local_seven - Duration::minutes(1)).sent,
            0,
            "not before her hour"
        );
        let run = digest_at(next_local_seven + Duration::minutes(5));
        assert_eq!(run.sent, 1);
        assert_eq!(next_local_seven.hour(), 22);
        app.deliver_mail().await;
        let mail = notification_mail(&server, "tz_seoul");
        assert_eq!(mail.len(), 1);
        assert!(
            mail[0].subject().contains("digest"),
            "{}",
            mail[0].subject()
        );
    })
    .await;
}

#[actix_web::test]
async fn an_answer_mail_quotes_the_start_of_the_answer_escaped() {
    each_db_with_mail(|app, server| async move {
        let asker = app.visitor().await;
        asker.register("quote_asker").await.assert_status(303);
        let helper = app.visitor().await;
        helper.register("quote_helper").await.assert_status(303);
        let id = question(&asker, "Blender smells of burning").await;
        let long_tail = "then let it cool down ".repeat(40);
        helper
            .reply(
                id,
                &format!("Check the <b>coupling</b> & the motor brushes.\n\n{long_tail}"),
            )
            .await;
        app.deliver_mail().await;
        let mail = notification_mail(&server, "quote_asker");
        assert_eq!(mail.len(), 1);
        let text = mail[0].text();
        assert!(
            text.contains("> Check the <b>coupling</b> & the motor brushes."),
            "{text}"
        );
        assert!(text.contains("…\n"), "cut at a space, marked: {text}");
        assert!(!text.contains(&long_tail), "only the start: {text}");
        let html = mail[0].html();
        assert!(html.contains("<blockquote"), "{html}");
        assert!(
            html.contains("Check the &lt;b&gt;coupling&lt;&#x2F;b&gt; &amp; the motor brushes."),
            "escaped: {html}"
        );
        assert!(!html.contains("<b>coupling</b>"), "{html}");
    })
    .await;
}
