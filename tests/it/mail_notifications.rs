//! Notification mail, chosen by the member (issue 15): the settings page,
//! instant mail with one-click unsubscribe (RFC 8058), the daily digest and
//! the solved reminder, through HTTP on both databases with a real SMTP
//! server. The jobs are run with an explicit "now", so nothing waits.

use std::future::Future;

use chrono::{Duration, NaiveDateTime, Timelike};
use diesel::RunQueryDsl;
use fixloop::forum::accounts::mail_preferences::DigestRun;
use fixloop::forum::accounts::mail_preferences::{send_digests, send_solved_reminders};

use crate::common::{thread_id, Page, TestApp, TestDb};
use crate::mail_server::{Received, SmtpServer};

/// Runs a body once per database, with the app sending to its own SMTP server.
async fn each_db_with_mail<F, Fut>(body: F)
where
    F: Fn(TestApp, SmtpServer) -> Fut,
    Fut: Future<Output = ()>,
{
    for db in TestDb::all() {
        eprintln!("-- on {}", db.label);
        let server = SmtpServer::start();
        let url = server.url();
        let app = TestApp::with_config(db, move |c| c.smtp_url = Some(url)).await;
        body(app, server).await;
    }
}

fn address(username: &str) -> String {
    format!("{}@example.com", username.to_lowercase())
}

/// A member with a confirmed address in good standing, logged in on an app
/// (a cookie jar) of their own.
async fn member(app: &TestApp, username: &str) -> TestApp {
    let jar = app.visitor().await;
    jar.register(username).await.assert_status(303);
    set_verified(app, username, true);
    jar
}

fn set_verified(app: &TestApp, username: &str, verified: bool) {
    let sql = format!(
        "UPDATE users SET email_verified_at = {} WHERE username_key = '{}'",
        if verified { "created_at" } else { "NULL" },
        username.to_lowercase()
    );
    app.db(|conn| diesel::sql_query(sql).execute(conn).unwrap());
}

fn user_id(app: &TestApp, username: &str) -> i64 {
    let name = username.to_owned();
    app.db(move |conn| {
        fixloop::model::accounts::users::find_by_username(conn, &name)
            .unwrap()
            .unwrap()
            .id
    })
}

/// The notification mail (everything with an unsubscribe link, so not the
/// account mail) a member has received.
fn notification_mail(server: &SmtpServer, username: &str) -> Vec<Received> {
    server
        .to(&address(username))
        .into_iter()
        .filter(|m| m.header("List-Unsubscribe").is_some())
        .collect()
}

fn with_subject(mail: &[Received], part: &str) -> Vec<Received> {
    mail.iter()
        .filter(|m| m.subject().contains(part))
        .cloned()
        .collect()
}

/// The site-relative path of a mail's one-click unsubscribe link.
fn unsubscribe_path(mail: &Received) -> String {
    let header = mail.header("List-Unsubscribe").expect("List-Unsubscribe");
    let url = header.trim_start_matches('<').trim_end_matches('>');
    url[url.find("/mail/unsubscribe").expect("our unsubscribe link")..].to_owned()
}

/// A moment a little after the hour that starts at least an hour from now:
/// the digest hour for "today" at that moment is after everything the test
/// wrote (and its grace minute has passed).
fn digest_moment() -> (NaiveDateTime, u32) {
    let later = fixloop::model::now() + Duration::hours(2);
    let hour = later.hour();
    let at = later.date().and_hms_opt(hour, 5, 0).unwrap();
    (at, hour)
}

fn digest(app: &TestApp, now: NaiveDateTime, hour: u32) -> DigestRun {
    app.db(move |conn| send_digests(conn, now, hour).unwrap())
}

fn reminders(app: &TestApp, now: NaiveDateTime, days: i64) -> usize {
    app.db(move |conn| send_solved_reminders(conn, now, days).unwrap())
}

async fn question(app: &TestApp, title: &str) -> i64 {
    thread_id(
        &app.start_thread("troubleshooting", title, "", "It will not start.")
            .await,
    )
}

/// Whether the settings page's select for `kind` has `mode` chosen.
fn checked(page: &Page, kind: &str, mode: &str) -> bool {
    let start = page
        .body
        .find(&format!("name=\"{kind}\""))
        .unwrap_or_else(|| panic!("no choice for {kind}"));
    let select = &page.body[start..];
    let select = &select[..select.find("</select>").expect("a select")];
    select.contains(&format!("value=\"{mode}\" selected"))
}

#[actix_web::test]
async fn preferences_are_saved_and_shown() {
    each_db_with_mail(|app, _server| async move {
        let anonymous = app.get("/settings/mail").await;
        anonymous.assert_status(303);
        assert!(
            anonymous.location().starts_with("/login"),
            "{}",
            anonymous.location()
        );
        let ada = member(&app, "ada_mail").await;
        let page = ada.get("/settings/mail").await;
        page.assert_status(200)
            .assert_contains("href=\"/settings/data\"")
            .assert_contains("Replies in threads I follow")
            .assert_contains("Answers to my questions")
            .assert_contains("Did it get fixed?")
            .assert_contains("Staff acted on my behalf");
        // The defaults: my own questions at once, followed threads in the digest.
        assert!(checked(&page, "answers", "instant"));
        assert!(checked(&page, "solved_reminder", "instant"));
        assert!(checked(&page, "followed_replies", "digest"));

        let saved = ada
            .post(
                "/settings/mail",
                &[
                    ("answers", "digest"),
                    ("followed_replies", "never"),
                    ("escalations", "instant"),
                ],
            )
            .await;
        saved.assert_status(303);
        assert_eq!(saved.location(), "/settings/mail?saved=1");
        let page = ada.get("/settings/mail?saved=1").await;
        page.assert_status(200).assert_contains("saved");
        assert!(checked(&page, "answers", "digest"));
        assert!(checked(&page, "followed_replies", "never"));
        assert!(checked(&page, "escalations", "instant"));
        assert!(checked(&page, "solved_reminder", "instant"), "untouched");
        assert_eq!(app.count("mail_preferences"), 3);

        // Without the form's token nothing is saved.
        ada.post_raw("/settings/mail", &[("answers", "never")])
            .await
            .assert_status(403);
        assert!(checked(
            &ada.get("/settings/mail").await,
            "answers",
            "digest"
        ));
    })
    .await;
}

#[actix_web::test]
async fn an_unknown_kind_or_mode_is_a_400_and_nothing_is_saved() {
    each_db_with_mail(|app, _server| async move {
        let ada = member(&app, "ada_bad").await;
        let page = ada
            .post(
                "/settings/mail",
                &[("answers", "never"), ("newsletter", "instant")],
            )
            .await;
        page.assert_status(400)
            .assert_contains("no kind of mail called “newsletter”");
        let page = ada
            .post(
                "/settings/mail",
                &[("answers", "never"), ("followed_replies", "hourly")],
            )
            .await;
        page.assert_status(400)
            .assert_contains("“hourly” is not a choice for “Replies in threads I follow”");
        ada.post("/settings/mail", &[]).await.assert_status(400);
        assert_eq!(app.count("mail_preferences"), 0, "nothing half-written");
        assert!(checked(
            &ada.get("/settings/mail").await,
            "answers",
            "instant"
        ));
    })
    .await;
}

#[actix_web::test]
async fn an_answer_is_mailed_at_once_and_one_click_stops_that_kind() {
    each_db_with_mail(|app, server| async move {
        let ada = member(&app, "ada_asks").await;
        let bob = member(&app, "bob_answers").await;
        let thread = question(&ada, "Mixer hums but the bowl does not turn").await;
        let post = bob.reply(thread, "Check the drive belt.").await;
        app.deliver_mail().await;

        let mail = notification_mail(&server, "ada_asks");
        assert_eq!(mail.len(), 1, "one mail for one answer");
        let mail = &mail[0];
        assert!(
            mail.subject().contains("New answer to your question"),
            "{}",
            mail.subject()
        );
        let text = mail.text();
        assert!(
            text.contains("bob_answers answered your question"),
            "{text}"
        );
        assert!(
            text.contains("Mixer hums but the bowl does not turn"),
            "{text}"
        );
        assert_eq!(
            mail.link("/p/").as_deref(),
            Some(format!("/p/{post}").as_str())
        );
        assert!(
            mail.link(&format!("/t/{thread}/")).is_some(),
            "the thread's link: {text}"
        );
        // (Tera escapes '/' in HTML as &#x2F;, which browsers read back.)
        let html = mail.html();
        assert!(html.contains(&format!("&#x2F;p&#x2F;{post}")), "{html}");
        assert!(
            html.contains("Mixer hums but the bowl does not turn"),
            "{html}"
        );
        assert_eq!(
            mail.header("List-Unsubscribe-Post").as_deref(),
            Some("List-Unsubscribe=One-Click")
        );
        // Nobody is mailed about their own reply.
        assert!(notification_mail(&server, "bob_answers").is_empty());

        // The link's page changes nothing by itself.
        let path = unsubscribe_path(mail);
        let stranger = app.visitor().await;
        stranger
            .get(&path)
            .await
            .assert_status(200)
            .assert_contains("Stop mail for “Answers to my questions”");
        assert_eq!(app.count("mail_preferences"), 0);

        // A mail client's one-click POST: no cookies, no CSRF token.
        let client = app.visitor().await;
        let done = client
            .post_raw(&path, &[("List-Unsubscribe", "One-Click")])
            .await;
        done.assert_status(303);
        assert!(client.cookie("fixloop_session").is_none());
        client
            .get(&done.location())
            .await
            .assert_status(200)
            .assert_contains("no more mail for “Answers to my questions”");
        assert!(checked(
            &ada.get("/settings/mail").await,
            "answers",
            "never"
        ));

        // The next answer is on the site, not in the mailbox.
        bob.reply(thread, "Or the motor brushes.").await;
        app.deliver_mail().await;
        assert_eq!(notification_mail(&server, "ada_asks").len(), 1);
        let ada_id = user_id(&app, "ada_asks");
        assert_eq!(
            app.count(&format!("notifications WHERE user_id = {ada_id}")),
            2
        );
        assert_eq!(app.count("mail_outbox WHERE template = 'notification'"), 1);
    })
    .await;
}

#[actix_web::test]
async fn a_bad_or_tampered_unsubscribe_token_is_a_400() {
    each_db_with_mail(|app, _server| async move {
        member(&app, "ada_token").await;
        let id = user_id(&app, "ada_token");
        let keys = app.state.signing_keys.clone();
        let now = fixloop::model::now();
        let good = fixloop::mail::signing::unsubscribe_token(&keys, id, "answers", now);
        // A link from a mail made longer ago than links last is refused as expired.
        let old = now - chrono::Duration::days(fixloop::mail::signing::UNSUBSCRIBE_DAYS + 1);
        let expired = fixloop::mail::signing::unsubscribe_token(&keys, id, "answers", old);
        app.visitor()
            .await
            .get(&format!("/mail/unsubscribe?token={expired}"))
            .await
            .assert_status(400)
            .assert_contains("has expired");
        let other_member = good.replacen(&format!("{id}-"), &format!("{}-", id + 1), 1);
        let other_kind = good.replacen("-answers", "-followed_replies", 1);
        let mut cut = good.clone();
        cut.pop();
        let visitor = app.visitor().await;
        for token in [
            other_member,
            other_kind,
            cut,
            "nonsense".into(),
            String::new(),
        ] {
            let path = format!("/mail/unsubscribe?token={token}");
            visitor
                .get(&path)
                .await
                .assert_status(400)
                .assert_contains("unsubscribe link");
            visitor
                .post_raw(&path, &[("List-Unsubscribe", "One-Click")])
                .await
                .assert_status(400);
        }
        visitor.get("/mail/unsubscribe").await.assert_status(400);
        // A genuine token for a kind of mail we do not send.
        let unknown = fixloop::mail::signing::unsubscribe_token(&keys, id, "newsletter", now);
        visitor
            .post_raw(&format!("/mail/unsubscribe?token={unknown}"), &[])
            .await
            .assert_status(400)
            .assert_contains("mail we no longer send");
        assert_eq!(app.count("mail_preferences"), 0);
        // The genuine one works, from a form body too (the page's button).
        visitor
            .post_raw("/mail/unsubscribe", &[("token", &good)])
            .await
            .assert_status(303);
        assert_eq!(
            app.count("mail_preferences WHERE kind = 'answers' AND mode = 'never'"),
            1
        );
    })
    .await;
}

#[actix_web::test]
async fn the_daily_digest_gathers_a_day_into_one_message_once() {
    each_db_with_mail(|app, server| async move {
        let ada = member(&app, "ada_follows").await;
        let bob = member(&app, "bob_writes").await;
        let carl = member(&app, "carl_asks").await;
        member(&app, "dave_quiet").await;
        // Ada follows two of Carl's questions (replying follows).
        let first = question(&carl, "Kettle switches off before boiling").await;
        let second = question(&carl, "Toaster pops up at once").await;
        ada.reply(first, "Mine did that too.").await;
        ada.reply(second, "Is the lever bent?").await;
        // Two events in threads she follows: digest lines, not mail.
        let one = bob.reply(first, "Descale the element.").await;
        let two = bob.reply(second, "Clean the crumb tray.").await;
        app.deliver_mail().await;
        assert!(notification_mail(&server, "ada_follows").is_empty());

        let (now, hour) = digest_moment();
        // Before the hour: nothing yet.
        let early = digest(&app, now - Duration::hours(1), hour);
        assert_eq!(early.sent, 0);
        // Two app servers at the hour at once: one digest.
        let runs: Vec<DigestRun> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..2)
                .map(|_| {
                    let pool = app.state.pool.clone();
                    s.spawn(move || send_digests(&mut pool.get().unwrap(), now, hour).unwrap())
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        assert_eq!(runs.iter().map(|r| r.sent).sum::<usize>(), 1, "{runs:?}");
        app.deliver_mail().await;

        let mail = notification_mail(&server, "ada_follows");
        assert_eq!(mail.len(), 1, "one digest");
        let digest_mail = &mail[0];
        assert!(
            digest_mail.subject().contains("digest: 2 updates"),
            "{}",
            digest_mail.subject()
        );
        let text = digest_mail.text();
        assert!(
            text.contains("Kettle switches off before boiling"),
            "{text}"
        );
        assert!(text.contains("Toaster pops up at once"), "{text}");
        assert!(text.contains(&format!("/p/{one}")), "{text}");
        assert!(text.contains(&format!("/p/{two}")), "{text}");
        assert!(
            text.contains("bob_writes replied in a thread you follow"),
            "{text}"
        );
        assert!(unsubscribe_path(digest_mail).starts_with("/mail/unsubscribe?token="));
        // Nothing for members with nothing.
        assert!(notification_mail(&server, "dave_quiet").is_empty());
        assert!(server
            .to(&address("dave_quiet"))
            .iter()
            .all(|m| !m.subject().contains("digest")));

        // Later the same day: a new line waits for tomorrow; no second digest.
        bob.reply(first, "And check the thermostat.").await;
        let again = digest(&app, now + Duration::hours(3), hour);
        assert_eq!(again.sent, 0);
        app.deliver_mail().await;
        assert_eq!(notification_mail(&server, "ada_follows").len(), 1);

        let tomorrow = digest(&app, now + Duration::days(1), hour);
        assert_eq!(tomorrow.sent, 1);
        app.deliver_mail().await;
        let mail = notification_mail(&server, "ada_follows");
        assert_eq!(mail.len(), 2);
        assert!(
            mail[1].subject().contains("digest: 1 update"),
            "{}",
            mail[1].subject()
        );
        assert!(mail[1]
            .text()
            .contains("Kettle switches off before boiling"));
        assert_eq!(app.count("mail_digest_items"), 0);

        // One click on the digest's link stops what went to it.
        let client = app.visitor().await;
        client
            .post_raw(
                &unsubscribe_path(&mail[1]),
                &[("List-Unsubscribe", "One-Click")],
            )
            .await
            .assert_status(303);
        assert!(checked(
            &ada.get("/settings/mail").await,
            "followed_replies",
            "never"
        ));
        bob.reply(second, "Or the timer.").await;
        assert_eq!(app.count("mail_digest_items"), 0);
        assert_eq!(digest(&app, now + Duration::days(2), hour).sent, 0);
    })
    .await;
}

#[actix_web::test]
async fn an_unsolved_question_gets_one_solved_reminder() {
    each_db_with_mail(|app, server| async move {
        let ada = member(&app, "ada_reminded").await;
        let bob = member(&app, "bob_helps").await;
        let answered = question(&ada, "Drill battery dies after a minute").await;
        bob.reply(answered, "The cells are worn: replace the pack.")
            .await;
        let unanswered = question(&ada, "Sander leaves swirl marks").await;
        let own_reply_only = question(&ada, "Jigsaw blade wobbles").await;
        ada.reply(own_reply_only, "Still wobbles after tightening.")
            .await;
        let solved = question(&ada, "Router collet stuck").await;
        let fix = bob.reply(solved, "Tap the nut with a mallet.").await;
        ada.post(&format!("/posts/{fix}/solution"), &[])
            .await
            .assert_status(303);
        app.deliver_mail().await;
        let before = notification_mail(&server, "ada_reminded").len();

        let now = fixloop::model::now();
        assert_eq!(reminders(&app, now + Duration::days(3), 7), 0, "too early");
        assert_eq!(reminders(&app, now + Duration::days(8), 7), 1);
        assert_eq!(reminders(&app, now + Duration::days(9), 7), 0, "once ever");
        app.deliver_mail().await;

        let mail = notification_mail(&server, "ada_reminded");
        assert_eq!(mail.len(), before + 1);
        let reminder = with_subject(&mail, "Did one of the answers fix it?");
        assert_eq!(reminder.len(), 1);
        let text = reminder[0].text();
        assert!(text.contains("Drill battery dies after a minute"), "{text}");
        assert!(
            text.contains(
                "Did one of these answers fix it? Mark it, or tell us what is\nstill wrong"
            ) || text.contains(
                "Did one of these answers fix it? Mark it, or tell us what is still wrong"
            ),
            "{text}"
        );
        assert!(
            reminder[0].link(&format!("/t/{answered}/")).is_some(),
            "{text}"
        );
        assert!(unsubscribe_path(&reminder[0]).starts_with("/mail/unsubscribe?token="));

        // The in-app notification, once, for that thread only.
        let ada_id = user_id(&app, "ada_reminded");
        assert_eq!(
            app.count(&format!(
                "notifications WHERE user_id = {ada_id} AND kind = 'solved_reminder'"
            )),
            1
        );
        assert_eq!(
            app.count(&format!(
                "notifications WHERE kind = 'solved_reminder' AND thread_id = {answered}"
            )),
            1
        );
        for thread in [unanswered, own_reply_only, solved] {
            assert_eq!(
                app.count(&format!("solved_reminders WHERE thread_id = {thread}")),
                0
            );
        }
    })
    .await;
}

#[actix_web::test]
async fn nothing_is_mailed_to_suspended_or_unverified_accounts() {
    each_db_with_mail(|app, server| async move {
        let sus = member(&app, "sus_member").await;
        let unv = member(&app, "unv_member").await;
        let bob = member(&app, "bob_replies").await;
        let carl = member(&app, "carl_starts").await;
        let sus_question = question(&sus, "Blender smells of burning").await;
        let unv_question = question(&unv, "Iron leaves brown marks").await;
        // Both also follow a thread (digest lines).
        let followed = question(&carl, "Fan heater clicks").await;
        sus.reply(followed, "Same here.").await;
        unv.reply(followed, "Same here too.").await;

        app.set_suspended("sus_member", Some(30));
        set_verified(&app, "unv_member", false);
        bob.reply(sus_question, "Check the coupling.").await;
        bob.reply(unv_question, "Clean the soleplate.").await;
        bob.reply(followed, "Dust in the thermostat.").await;
        app.deliver_mail().await;

        let (now, hour) = digest_moment();
        digest(&app, now, hour);
        reminders(&app, fixloop::model::now() + Duration::days(8), 7);
        app.deliver_mail().await;

        for name in ["sus_member", "unv_member"] {
            assert!(
                notification_mail(&server, name).is_empty(),
                "{name} was mailed: {:?}",
                notification_mail(&server, name)
                    .iter()
                    .map(|m| m.subject())
                    .collect::<Vec<_>>()
            );
            let id = user_id(&app, name);
            // They still hear about it on the site.
            assert!(app.count(&format!("notifications WHERE user_id = {id}")) >= 2);
            assert_eq!(
                app.count(&format!(
                    "mail_outbox WHERE user_id = {id} AND template IN ('notification', 'digest', 'solved_reminder')"
                )),
                0,
                "not even written to the outbox"
            );
        }
        // The members in good standing were mailed as they chose.
        let carl_mail = notification_mail(&server, "carl_starts");
        assert_eq!(with_subject(&carl_mail, "New answer to your question").len(), 3);
        assert_eq!(with_subject(&carl_mail, "Did one of the answers fix it?").len(), 1);
    })
    .await;
}
