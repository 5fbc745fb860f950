//! Accounts that can be recovered, through HTTP on both databases with a real
//! SMTP server: sign-up and its confirmation link, password reset, change of
//! password and address, and mail that survives its server being down.

use diesel::RunQueryDsl;

use crate::common::{
    each_db_with_mail_and, make_token, path_of, token_of, Page, TestApp, TestDb, PASSWORD,
};
use crate::mail_server::{unused_port, SmtpServer};

fn verified(app: &TestApp, username: &str) -> bool {
    let name = username.to_owned();
    app.db(move |conn| {
        fixloop::model::accounts::users::find_by_username(conn, &name)
            .unwrap()
            .unwrap()
            .email_verified_at
            .is_some()
    })
}

fn set_reputation(app: &TestApp, username: &str, reputation: i32) {
    let name = username.to_owned();
    app.db(move |conn| {
        diesel::sql_query("UPDATE users SET reputation = $1 WHERE username = $2")
            .bind::<diesel::sql_types::Integer, _>(reputation)
            .bind::<diesel::sql_types::Text, _>(name)
            .execute(conn)
            .unwrap();
    });
}

#[actix_web::test]
async fn signing_up_mails_a_single_use_link_that_confirms_the_address() {
    each_db_with_mail_and(
        |_| {},
        |app, smtp| async move {
            let page = app.sign_up("Vera").await;
            page.assert_status(200)
                .assert_contains("Check your mail")
                .assert_contains("vera@example.com");
            // No session: signing up does not log in (an address that has an
            // account would not be, so neither is a new one).
            assert!(app.cookie("fixloop_session").is_none());
            assert!(!verified(&app, "Vera"));
            assert_eq!(app.deliver_mail().await, 1);
            let mails = smtp.to("vera@example.com");
            assert_eq!(mails.len(), 1);
            let mail = &mails[0];
            assert_eq!(mail.subject(), "Confirm your email address for Fixloop");
            // The envelope sender is FIXLOOP_MAIL_FROM's address.
            assert_eq!(mail.from, "fixloop@localhost");
            assert!(mail.html().contains("Confirm my email"), "{}", mail.html());
            // Account mail is not a list: nothing to unsubscribe from.
            assert!(mail.header("List-Unsubscribe").is_none());
            let link = mail
                .link("https://forum.example.com/account/confirm?token=")
                .unwrap();
            // The HTML part carries the same link.
            assert!(mail.html().contains(&token_of(&link)));

            // Opening the link changes nothing yet: it shows a button.
            app.get(&path_of(&link))
                .await
                .assert_status(200)
                .assert_contains("Confirm your email")
                .assert_contains("vera@example.com");
            assert!(!verified(&app, "Vera"));
            let token = token_of(&link);
            let confirmed = app.post("/account/confirm", &[("token", &token)]).await;
            confirmed.assert_status(303);
            assert_eq!(confirmed.location(), "/settings?confirmed=1");
            assert!(verified(&app, "Vera"));
            // Confirming logged the visitor in.
            app.get(&confirmed.location())
                .await
                .assert_status(200)
                .assert_contains("your email address is confirmed")
                .assert_contains("Confirmed");

            // Single use.
            let again = app.visitor().await;
            again
                .post("/account/confirm", &[("token", &token)])
                .await
                .assert_status(400)
                .assert_contains("already been used");
            again
                .get(&path_of(&link))
                .await
                .assert_status(400)
                .assert_contains("already been used");
            // A made-up token.
            again
                .get("/account/confirm?token=not-a-real-token")
                .await
                .assert_status(400)
                .assert_contains("This link is not valid");
        },
    )
    .await;
}

#[actix_web::test]
async fn an_unverified_account_can_read_and_is_limited_like_a_new_member() {
    each_db_with_mail_and(
        |config| config.new_member_link_free_posts = 2,
        |app, smtp| async move {
            app.register_unverified("Uma").await.assert_status(303);
            // However much reputation, an unconfirmed account keeps the
            // limits of a new member.
            set_reputation(&app, "Uma", 500);
            app.get("/")
                .await
                .assert_status(200)
                .assert_contains("Please confirm your email address");
            let url = app
                .start_thread("discussion", "Links to manuals", "", "Hello.")
                .await;
            let thread = crate::common::thread_id(&url);
            let page = app
                .post(
                    &format!("/t/{thread}/reply"),
                    &[(
                        "body",
                        "See https://example.com/manual.pdf for the torque values.",
                    )],
                )
                .await;
            page.assert_status(422)
                .assert_contains("cannot contain links")
                .assert_contains("torque values");

            // The link can be sent again; the newer one replaces the older.
            app.deliver_mail().await;
            let first = smtp.to("uma@example.com")[0]
                .link("https://forum.example.com/account/confirm?token=")
                .unwrap();
            app.post("/settings/verification", &[])
                .await
                .assert_status(303);
            app.deliver_mail().await;
            let mails = smtp.to("uma@example.com");
            assert_eq!(mails.len(), 2);
            let second = mails[1]
                .link("https://forum.example.com/account/confirm?token=")
                .unwrap();
            assert_ne!(first, second);
            app.post("/account/confirm", &[("token", &token_of(&first))])
                .await
                .assert_status(400)
                .assert_contains("newer one replaced it");
            app.post("/account/confirm", &[("token", &token_of(&second))])
                .await
                .assert_status(303);
            assert!(verified(&app, "Uma"));
            // Now trusted by reputation: the link goes through.
            app.post(
                &format!("/t/{thread}/reply"),
                &[(
                    "body",
                    "See https://example.com/manual.pdf for the torque values.",
                )],
            )
            .await
            .assert_status(303);
            app.get("/")
                .await
                .assert_lacks("Please confirm your email address");
        },
    )
    .await;
}

#[actix_web::test]
async fn signing_up_with_a_known_address_answers_the_same_and_mails_its_owner() {
    each_db_with_mail_and(
        |_| {},
        |app, smtp| async move {
            app.register("Olga").await.assert_status(303);
            app.logout().await;
            app.deliver_mail().await;
            let before = smtp.received().len();
            let page = app
                .post(
                    "/register",
                    &[
                        ("username", "olga_again"),
                        ("email", "OLGA@example.com"),
                        ("password", PASSWORD),
                        ("password_confirm", PASSWORD),
                    ],
                )
                .await;
            page.assert_status(200)
                .assert_contains("Check your mail")
                .assert_lacks("already exists");
            assert_eq!(app.count("users"), 1);
            assert_eq!(app.deliver_mail().await, 1);
            let mails = smtp.received();
            assert_eq!(mails.len(), before + 1);
            let mail = mails.last().unwrap();
            assert_eq!(mail.to, vec!["olga@example.com".to_owned()]);
            assert_eq!(mail.subject(), "Someone tried to sign up with your address");
            assert!(mail.text().contains("with the username \"Olga\""));
            assert!(mail
                .link("https://forum.example.com/password/forgot")
                .is_some());
        },
    )
    .await;
}

async fn request_reset(app: &TestApp, email: &str) -> Page {
    app.post("/password/forgot", &[("email", email)]).await
}

#[actix_web::test]
async fn a_password_reset_link_works_once_for_an_hour_and_ends_every_session() {
    each_db_with_mail_and(
        |_| {},
        |app, smtp| async move {
            app.register("Rosa").await.assert_status(303);
            let other_device = app.visitor().await;
            other_device
                .login("Rosa", PASSWORD)
                .await
                .assert_status(303);
            app.logout().await;
            app.deliver_mail().await;
            let before = smtp.received().len();

            app.get("/login").await.assert_contains("/password/forgot");
            // The same answer for an address without an account, and no mail.
            let unknown = request_reset(&app, "nobody@example.com").await;
            unknown
                .assert_status(200)
                .assert_contains("If nobody@example.com belongs to an account");
            request_reset(&app, "not an address")
                .await
                .assert_status(422)
                .assert_contains("Enter the email address of your account")
                .assert_contains("value=\"not an address\"");
            request_reset(&app, "rosa@example.com")
                .await
                .assert_status(200)
                .assert_contains("If rosa@example.com belongs to an account");
            assert_eq!(app.deliver_mail().await, 1);
            let mails = smtp.received();
            assert_eq!(mails.len(), before + 1);
            let mail = mails.last().unwrap();
            assert_eq!(mail.subject(), "Choose a new Fixloop password");
            let link = mail
                .link("https://forum.example.com/password/reset?token=")
                .unwrap();
            let token = token_of(&link);
            // The database keeps only the token's hash.
            let stored: i64 = app.db({
                let token = token.clone();
                move |conn| {
                    #[derive(diesel::QueryableByName)]
                    struct N {
                        #[diesel(sql_type = diesel::sql_types::BigInt)]
                        n: i64,
                    }
                    diesel::sql_query(
                        "SELECT COUNT(*) AS n FROM account_tokens WHERE token_hash = $1",
                    )
                    .bind::<diesel::sql_types::Text, _>(token)
                    .get_result::<N>(conn)
                    .unwrap()
                    .n
                }
            });
            assert_eq!(stored, 0);

            app.get(&path_of(&link))
                .await
                .assert_status(200)
                .assert_contains("Choose a new password")
                .assert_contains("Rosa");
            app.post(
                "/password/reset",
                &[
                    ("token", &token),
                    ("password", "short"),
                    ("password_confirm", "short"),
                ],
            )
            .await
            .assert_status(422)
            .assert_contains("at least 10 characters")
            .assert_contains(&token);
            let new_password = "a-brand-new-password";
            let done = app
                .post(
                    "/password/reset",
                    &[
                        ("token", &token),
                        ("password", new_password),
                        ("password_confirm", new_password),
                    ],
                )
                .await;
            done.assert_status(303);
            assert_eq!(done.location(), "/settings?reset=1");
            app.get(&done.location())
                .await
                .assert_contains("Your new password is saved");
            // Every earlier session ended: the other device is logged out.
            let page = other_device.get("/settings").await;
            page.assert_status(303);
            assert!(
                page.location().starts_with("/login"),
                "logged out: {}",
                page.location()
            );
            let fresh = app.visitor().await;
            fresh.login("Rosa", PASSWORD).await.assert_status(401);
            fresh.login("Rosa", new_password).await.assert_status(303);
            // Single use.
            app.post(
                "/password/reset",
                &[
                    ("token", &token),
                    ("password", PASSWORD),
                    ("password_confirm", PASSWORD),
                ],
            )
            .await
            .assert_status(400)
            .assert_contains("already been used");

            // A link older than an hour is refused.
            request_reset(&app, "rosa@example.com")
                .await
                .assert_status(200);
            app.deliver_mail().await;
            let link = smtp
                .received()
                .last()
                .unwrap()
                .link("https://forum.example.com/password/reset?token=")
                .unwrap();
            app.db(|conn| {
                diesel::sql_query("UPDATE account_tokens SET expires_at = created_at")
                    .execute(conn)
                    .unwrap();
            });
            app.get(&path_of(&link))
                .await
                .assert_status(400)
                .assert_contains("This link has expired");
            app.post(
                "/password/reset",
                &[
                    ("token", &token_of(&link)),
                    ("password", PASSWORD),
                    ("password_confirm", PASSWORD),
                ],
            )
            .await
            .assert_status(400)
            .assert_contains("expired");
            fresh.logout().await;
            fresh.login("Rosa", new_password).await.assert_status(303);
        },
    )
    .await;
}

#[actix_web::test]
async fn changing_the_password_needs_the_current_one_and_ends_other_sessions() {
    each_db_with_mail_and(
        |_| {},
        |app, smtp| async move {
            app.register("Pia").await.assert_status(303);
            let other_device = app.visitor().await;
            other_device.login("Pia", PASSWORD).await.assert_status(303);
            let new_password = "another-long-password";
            app.post(
                "/settings/password",
                &[
                    ("current_password", "not-my-password"),
                    ("password", new_password),
                    ("password_confirm", new_password),
                ],
            )
            .await
            .assert_status(422)
            .assert_contains("That is not your current password");
            app.post(
                "/settings/password",
                &[
                    ("current_password", PASSWORD),
                    ("password", new_password),
                    ("password_confirm", "typo-in-the-second-one"),
                ],
            )
            .await
            .assert_status(422)
            .assert_contains("do not match");
            other_device.get("/settings").await.assert_status(200);
            let done = app
                .post(
                    "/settings/password",
                    &[
                        ("current_password", PASSWORD),
                        ("password", new_password),
                        ("password_confirm", new_password),
                    ],
                )
                .await;
            done.assert_status(303);
            // This session stays, the other one ends.
            app.get(&done.location())
                .await
                .assert_status(200)
                .assert_contains("Your password is changed");
            let page = other_device.get("/settings").await;
            page.assert_status(303);
            assert!(
                page.location().starts_with("/login"),
                "logged out: {}",
                page.location()
            );
            app.deliver_mail().await;
            let mails = smtp.to("pia@example.com");
            assert_eq!(
                mails.last().unwrap().subject(),
                "Your Fixloop password was changed"
            );
            let fresh = app.visitor().await;
            fresh.login("Pia", PASSWORD).await.assert_status(401);
            fresh.login("Pia", new_password).await.assert_status(303);
        },
    )
    .await;
}

#[actix_web::test]
async fn a_new_address_is_used_once_confirmed_and_the_old_one_is_told() {
    each_db_with_mail_and(
        |_| {},
        |app, smtp| async move {
            app.register("Nell").await.assert_status(303);
            app.visitor()
                .await
                .register("Taken")
                .await
                .assert_status(303);
            for (bad, message) in [
                ("nell at example", "Enter a valid email address"),
                ("NELL@example.com", "That is already your address"),
            ] {
                app.post(
                    "/settings/email",
                    &[("email", bad), ("current_password", PASSWORD)],
                )
                .await
                .assert_status(422)
                .assert_contains(message)
                .assert_contains(&format!("value=\"{bad}\""));
            }
            app.post(
                "/settings/email",
                &[
                    ("email", "nell@new.example"),
                    ("current_password", PASSWORD),
                ],
            )
            .await
            .assert_status(200)
            .assert_contains("We sent a link to nell@new.example");
            app.deliver_mail().await;
            let mails = smtp.to("nell@new.example");
            assert_eq!(mails.len(), 1);
            assert_eq!(
                mails[0].subject(),
                "Confirm your new email address for Fixloop"
            );
            let link = mails[0]
                .link("https://forum.example.com/account/confirm?token=")
                .unwrap();
            // Until confirmed, nothing changes.
            app.get("/settings")
                .await
                .assert_contains("nell@example.com");
            app.get(&path_of(&link))
                .await
                .assert_status(200)
                .assert_contains("Use this address?");
            app.post("/account/confirm", &[("token", &token_of(&link))])
                .await
                .assert_status(200)
                .assert_contains("Your new address is in use");
            app.get("/settings")
                .await
                .assert_contains("nell@new.example")
                .assert_contains("Confirmed");
            app.deliver_mail().await;
            let told = smtp.to("nell@example.com");
            let notice = told.last().unwrap();
            assert_eq!(notice.subject(), "Your Fixloop email address was changed");
            assert!(notice.text().contains("nell@new.example"));
            // The new address logs in; the old one no longer does.
            let fresh = app.visitor().await;
            fresh
                .login("nell@example.com", PASSWORD)
                .await
                .assert_status(401);
            fresh
                .login("nell@new.example", PASSWORD)
                .await
                .assert_status(303);

            // An address another account has: the same answer, and that
            // account's owner is the one who is mailed.
            let before = smtp.to("taken@example.com").len();
            app.post(
                "/settings/email",
                &[
                    ("email", "taken@example.com"),
                    ("current_password", PASSWORD),
                ],
            )
            .await
            .assert_status(200)
            .assert_contains("We sent a link to taken@example.com");
            app.deliver_mail().await;
            let owner_mail = smtp.to("taken@example.com");
            assert_eq!(
                owner_mail.last().unwrap().subject(),
                "Someone tried to sign up with your address"
            );
            assert_eq!(owner_mail.len(), before + 1);
            assert!(owner_mail[before].link("/account/confirm").is_none());
        },
    )
    .await;
}

#[actix_web::test]
async fn mail_waits_while_the_server_is_down_and_goes_out_once_when_it_is_back() {
    for db in TestDb::all() {
        eprintln!("-- on {}", db.label);
        let port = unused_port();
        let app = TestApp::with_config(db, |config| {
            config.smtp_url = Some(format!("smtp://127.0.0.1:{port}?tls=none"));
        })
        .await;
        for name in ["down_a", "down_b", "down_c"] {
            app.sign_up(name).await.assert_status(200);
        }
        // Nothing listens: nothing is sent, nothing is lost.
        assert_eq!(app.deliver_mail().await, 0);
        assert_eq!(app.mail_backlog(), 3);
        let health = app.get("/healthz").await.json();
        assert_eq!(health["mail"]["outbox_backlog"], 3);
        assert_eq!(health["mail"]["transport"], "smtp");
        // The server is up but refuses for a while ("421 try again later").
        let smtp = SmtpServer::start_on(port);
        smtp.refuse(true);
        app.mail_backoff_passes();
        assert_eq!(app.deliver_mail().await, 0);
        assert!(smtp.received().is_empty());
        assert_eq!(app.mail_backlog(), 3);
        // Back: the whole backlog drains, each message once.
        smtp.refuse(false);
        app.mail_backoff_passes();
        assert_eq!(app.deliver_mail().await, 3);
        assert_eq!(app.deliver_mail().await, 0);
        assert_eq!(app.mail_backlog(), 0);
        let mut to: Vec<String> = smtp.received().iter().map(|m| m.to[0].clone()).collect();
        to.sort();
        assert_eq!(
            to,
            [
                "down_a@example.com",
                "down_b@example.com",
                "down_c@example.com"
            ]
        );
        // Each has its own Message-ID.
        let mut ids: Vec<String> = smtp
            .received()
            .iter()
            .map(|m| m.header("Message-ID").unwrap())
            .collect();
        ids.dedup();
        assert_eq!(ids.len(), 3);
        assert_eq!(
            app.get("/healthz").await.json()["mail"]["outbox_backlog"],
            0
        );
    }
}

#[actix_web::test]
async fn two_workers_draining_at_once_send_each_message_once() {
    for db in TestDb::all() {
        eprintln!("-- on {}", db.label);
        let smtp = SmtpServer::start();
        let url = smtp.url();
        let app = TestApp::with_config(db, |config| config.smtp_url = Some(url.clone())).await;
        for i in 0..12 {
            app.sign_up(&format!("race_{i}")).await.assert_status(200);
        }
        let (pool, mailer) = (&app.state.pool, &app.state.mailer);
        let (a, b) = futures_util::future::join(
            fixloop::mail::outbox::drain_once(pool, mailer),
            fixloop::mail::outbox::drain_once(pool, mailer),
        )
        .await;
        let (a, b) = (a.unwrap(), b.unwrap());
        assert_eq!(a + b, 12, "every message settled by one of the two");
        assert_eq!(app.deliver_mail().await, 0);
        let mut to: Vec<String> = smtp.received().iter().map(|m| m.to[0].clone()).collect();
        to.sort();
        to.dedup();
        assert_eq!(to.len(), 12);
        assert_eq!(smtp.received().len(), 12, "nothing sent twice");
    }
}

#[actix_web::test]
async fn without_an_smtp_server_mail_is_written_to_files_in_the_data_directory() {
    crate::common::each_db(|app| async move {
        app.sign_up("Fern").await.assert_status(200);
        assert_eq!(app.deliver_mail().await, 1);
        let dir = app.state.config.data_dir.join("mail");
        let files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        assert_eq!(files.len(), 1, "{files:?}");
        assert!(files[0].extension().is_some_and(|e| e == "eml"));
        let raw = std::fs::read_to_string(&files[0]).unwrap();
        assert!(raw.contains("To: fern@example.com"));
        assert!(raw.contains("Subject: Confirm your email address for Fixloop"));
        assert!(raw.contains("/account/confirm?token="));
        assert_eq!(
            app.get("/healthz").await.json()["mail"]["transport"],
            "files"
        );
    })
    .await;
}

#[actix_web::test]
async fn a_permanent_refusal_is_recorded_and_never_retried() {
    each_db_with_mail_and(
        |_| {},
        |app, smtp| async move {
            smtp.reject(true);
            app.sign_up("Gone").await.assert_status(200);
            app.sign_up("Kept").await.assert_status(200);
            // Both refused with 550: settled as failed, not left to retry.
            assert_eq!(app.deliver_mail().await, 2);
            assert_eq!(app.mail_backlog(), 0);
            let health = app.get("/healthz").await.json();
            assert_eq!(health["mail"]["failed"], 2);
            let reason: String = app.db(|conn| {
                #[derive(diesel::QueryableByName)]
                struct R {
                    #[diesel(sql_type = diesel::sql_types::Text)]
                    last_error: String,
                }
                diesel::sql_query("SELECT last_error FROM mail_outbox LIMIT 1")
                    .get_result::<R>(conn)
                    .unwrap()
                    .last_error
            });
            assert!(reason.contains("550"), "{reason}");
            // Once the server accepts again, failed mail stays failed.
            smtp.reject(false);
            app.mail_backoff_passes();
            assert_eq!(app.deliver_mail().await, 0);
            assert!(smtp.received().is_empty());
        },
    )
    .await;
}

/// Asks for a new address with the member's password, and opens the link
/// mailed to it in the same browser.
async fn change_address(app: &TestApp, smtp: &SmtpServer, jar: &TestApp, email: &str) {
    jar.post(
        "/settings/email",
        &[("email", email), ("current_password", PASSWORD)],
    )
    .await
    .assert_status(200);
    app.deliver_mail().await;
    let link = smtp.to(email)[0]
        .link("https://forum.example.com/account/confirm?token=")
        .unwrap();
    jar.post("/account/confirm", &[("token", &token_of(&link))])
        .await
        .assert_status(200)
        .assert_contains("Your new address is in use");
}

/// Whether the API still takes the token (a client without cookies).
async fn token_works(app: &TestApp, token: &str) -> bool {
    let client = app.visitor().await;
    let page = client
        .request(
            actix_web::test::TestRequest::get()
                .uri("/api/v1/threads")
                .insert_header(("Authorization", format!("Bearer {token}"))),
        )
        .await;
    match page.status.as_u16() {
        200 => true,
        401 => false,
        other => panic!("unexpected status {other}: {}", page.body),
    }
}

fn email_of(app: &TestApp, username: &str) -> String {
    let name = username.to_owned();
    app.db(move |conn| {
        fixloop::model::accounts::users::find_by_username(conn, &name)
            .unwrap()
            .unwrap()
            .email
    })
}

#[actix_web::test]
async fn every_change_of_address_is_counted_and_answered_alike() {
    each_db_with_mail_and(
        |_| {},
        |app, smtp| async move {
            app.register("Quinn").await.assert_status(303);
            app.visitor()
                .await
                .register("Owner")
                .await
                .assert_status(303);
            // Without the current password nothing is asked for, and the
            // address typed is kept in the form.
            for given in ["", "not-my-password"] {
                app.post(
                    "/settings/email",
                    &[("email", "quinn@new.example"), ("current_password", given)],
                )
                .await
                .assert_status(422)
                .assert_contains("That is not your current password")
                .assert_contains("value=\"quinn@new.example\"");
            }
            assert_eq!(app.count("account_requests"), 0);
            // Fresh addresses and one that has an account, mixed: the same
            // answer each time, and all of them count.
            let mut answers = Vec::new();
            for (i, email) in [
                "a1@new.example",
                "owner@example.com",
                "a2@new.example",
                "owner@example.com",
                "a3@new.example",
            ]
            .iter()
            .enumerate()
            {
                let page = app
                    .post(
                        "/settings/email",
                        &[("email", email), ("current_password", PASSWORD)],
                    )
                    .await;
                page.assert_status(200)
                    .assert_contains(&format!("We sent a link to {email}"));
                answers.push((i, page.status));
            }
            assert_eq!(app.count("account_requests"), 5);
            // The sixth is refused whichever address it names: 429 says
            // nothing about whether the address has an account.
            for email in ["owner@example.com", "a4@new.example"] {
                app.post(
                    "/settings/email",
                    &[("email", email), ("current_password", PASSWORD)],
                )
                .await
                .assert_status(429)
                .assert_contains("several changes of address")
                .assert_contains(&format!("value=\"{email}\""));
            }
            assert_eq!(app.count("account_requests"), 5);
            app.deliver_mail().await;
            assert_eq!(
                smtp.to("owner@example.com").len(),
                2 + 1,
                "welcome + two notices"
            );

            // Someone else typing the owner's address again and again: the
            // owner hears of it three times a day, no more.
            for i in 0..4 {
                let other = app.visitor().await;
                other
                    .register(&format!("Typist{i}"))
                    .await
                    .assert_status(303);
                other
                    .post(
                        "/settings/email",
                        &[
                            ("email", "owner@example.com"),
                            ("current_password", PASSWORD),
                        ],
                    )
                    .await
                    .assert_status(200);
            }
            app.deliver_mail().await;
            let notices = smtp
                .to("owner@example.com")
                .into_iter()
                .filter(|m| m.subject() == "Someone tried to sign up with your address")
                .count();
            assert_eq!(notices, 3);
        },
    )
    .await;
}

#[actix_web::test]
async fn api_tokens_end_with_a_reset_a_new_password_and_a_new_address() {
    each_db_with_mail_and(
        |_| {},
        |app, smtp| async move {
            app.register("Tess").await.assert_status(303);
            // The pages say so beforehand.
            let token = make_token(&app, "script", "write", "never").await;
            app.get("/settings")
                .await
                .assert_contains("your 1 API token will stop working");
            assert!(token_works(&app, &token).await);

            // A new password.
            app.post(
                "/settings/password",
                &[
                    ("current_password", PASSWORD),
                    ("password", "a-new-password-1"),
                    ("password_confirm", "a-new-password-1"),
                ],
            )
            .await
            .assert_status(303);
            assert!(!token_works(&app, &token).await);
            assert_eq!(app.count("api_tokens"), 0);

            // A reset.
            let token = make_token(&app, "script", "write", "never").await;
            assert!(token_works(&app, &token).await);
            let visitor = app.visitor().await;
            request_reset(&visitor, "tess@example.com")
                .await
                .assert_status(200);
            app.deliver_mail().await;
            let link = smtp
                .to("tess@example.com")
                .last()
                .unwrap()
                .link("https://forum.example.com/password/reset?token=")
                .unwrap();
            visitor
                .get(&path_of(&link))
                .await
                .assert_contains("its API tokens will stop working");
            visitor
                .post(
                    "/password/reset",
                    &[
                        ("token", &token_of(&link)),
                        ("password", PASSWORD),
                        ("password_confirm", PASSWORD),
                    ],
                )
                .await
                .assert_status(303);
            assert!(!token_works(&app, &token).await);

            // A confirmed new address.
            let token = make_token(&visitor, "script", "write", "never").await;
            assert!(token_works(&app, &token).await);
            change_address(&app, &smtp, &visitor, "tess@new.example").await;
            assert!(!token_works(&app, &token).await);
            // The confirming browser stays logged in.
            visitor
                .get("/settings")
                .await
                .assert_status(200)
                .assert_contains("tess@new.example");
        },
    )
    .await;
}

#[actix_web::test]
async fn the_old_address_can_undo_a_change_and_lock_out_whoever_made_it() {
    each_db_with_mail_and(
        |_| {},
        |app, smtp| async move {
            app.register("Uma").await.assert_status(303);
            // The thief has the member's session and (here) their password.
            let thief = app.visitor().await;
            thief.login("uma", PASSWORD).await.assert_status(303);
            change_address(&app, &smtp, &thief, "thief@evil.example").await;
            assert_eq!(email_of(&app, "Uma"), "thief@evil.example");
            // The owner's other session ended with the change.
            app.get("/settings").await.assert_status(303);

            // The old address is told, with a way back.
            app.deliver_mail().await;
            let told = smtp.to("uma@example.com");
            let notice = told.last().unwrap();
            assert_eq!(notice.subject(), "Your Fixloop email address was changed");
            let undo = notice
                .link("https://forum.example.com/account/undo-email?token=")
                .expect("an undo link");
            assert!(notice.text().contains("within 7 days"));
            // A second change does not cancel the first one's way back.
            change_address(&app, &smtp, &thief, "thief2@evil.example").await;

            let owner = app.visitor().await;
            owner
                .get(&path_of(&undo))
                .await
                .assert_status(200)
                .assert_contains("uma@example.com")
                .assert_contains("thief2@evil.example");
            // A bad password is said, and nothing changes.
            owner
                .post(
                    "/account/undo-email",
                    &[
                        ("token", &token_of(&undo)),
                        ("password", "short"),
                        ("password_confirm", "short"),
                    ],
                )
                .await
                .assert_status(422);
            assert_eq!(email_of(&app, "Uma"), "thief2@evil.example");
            let page = owner
                .post(
                    "/account/undo-email",
                    &[
                        ("token", &token_of(&undo)),
                        ("password", "mine-again-123"),
                        ("password_confirm", "mine-again-123"),
                    ],
                )
                .await;
            page.assert_status(303);
            assert_eq!(page.location(), "/settings?restored=1");
            assert_eq!(email_of(&app, "Uma"), "uma@example.com");
            owner
                .get("/settings?restored=1")
                .await
                .assert_contains("Your address is back");
            // The thief is out, and neither the old password nor the
            // thief's address logs in.
            thief.get("/settings").await.assert_status(303);
            let fresh = app.visitor().await;
            fresh.login("uma", PASSWORD).await.assert_status(401);
            fresh
                .login("thief2@evil.example", "mine-again-123")
                .await
                .assert_status(401);
            fresh
                .login("uma@example.com", "mine-again-123")
                .await
                .assert_status(303);
            // Once only.
            app.visitor()
                .await
                .get(&path_of(&undo))
                .await
                .assert_status(400)
                .assert_contains("already been used");
        },
    )
    .await;
}

#[actix_web::test]
async fn a_confirmation_link_signs_in_only_soon_after_it_was_mailed() {
    each_db_with_mail_and(
        |_| {},
        |app, smtp| async move {
            app.sign_up("Wren").await.assert_status(200);
            app.deliver_mail().await;
            let link = smtp.to("wren@example.com")[0]
                .link("https://forum.example.com/account/confirm?token=")
                .unwrap();
            // Mailed two hours ago (more than a reset link lives).
            app.db(|conn| {
                diesel::sql_query(
                    "UPDATE account_tokens SET created_at = created_at - INTERVAL '2 hours'",
                )
                .execute(conn)
                .or_else(|_| {
                    diesel::sql_query(
                        "UPDATE account_tokens SET created_at = datetime(created_at, '-2 hours')",
                    )
                    .execute(conn)
                })
                .unwrap();
            });
            let visitor = app.visitor().await;
            let page = visitor
                .post("/account/confirm", &[("token", &token_of(&link))])
                .await;
            page.assert_status(303);
            assert_eq!(page.location(), "/login?confirmed=1");
            assert!(verified(&app, "Wren"));
            assert!(visitor.cookie("fixloop_session").is_none());
            visitor
                .get("/login?confirmed=1")
                .await
                .assert_contains("your email address is confirmed. Log in");
        },
    )
    .await;
}

fn link_sign_in(app: &TestApp, username: &str, issuer: &str) {
    let (name, issuer) = (username.to_owned(), issuer.to_owned());
    app.db(move |conn| {
        let user = fixloop::model::accounts::users::find_by_username(conn, &name)
            .unwrap()
            .unwrap();
        fixloop::model::accounts::oidc::insert_identity(
            conn,
            &fixloop::model::accounts::oidc::NewIdentity {
                issuer: &issuer,
                subject: &fixloop::auth::random_token(),
                user_id: user.id,
                created_at: fixloop::model::now(),
                last_login_at: fixloop::model::now(),
            },
        )
        .unwrap();
    });
}

#[actix_web::test]
async fn members_see_and_remove_linked_sign_ins_and_a_reset_names_them() {
    each_db_with_mail_and(
        |_| {},
        |app, smtp| async move {
            app.register("Vic").await.assert_status(303);
            link_sign_in(&app, "Vic", "https://id.example.com");
            link_sign_in(&app, "Vic", "https://other-id.example.org");
            let page = app.get("/settings").await;
            page.assert_contains("Linked sign-ins")
                .assert_contains("id.example.com")
                .assert_contains("other-id.example.org");
            let id: i64 = page
                .body
                .split("action=\"/settings/sign-ins/")
                .nth(1)
                .and_then(|rest| rest.split('/').next())
                .unwrap()
                .parse()
                .unwrap();
            // Not someone else's.
            let other = app.visitor().await;
            other.register("Walt").await.assert_status(303);
            other
                .post(&format!("/settings/sign-ins/{id}/remove"), &[])
                .await
                .assert_status(404);
            let removed = app
                .post(&format!("/settings/sign-ins/{id}/remove"), &[])
                .await;
            removed.assert_status(303);
            app.get(&removed.location())
                .await
                .assert_contains("The sign-in is removed")
                .assert_lacks("&#x2F;id.example.com");
            assert_eq!(app.count("oidc_identities"), 1);

            // The reset page names what is linked, and removes it when asked.
            let visitor = app.visitor().await;
            request_reset(&visitor, "vic@example.com").await;
            app.deliver_mail().await;
            let link = smtp
                .to("vic@example.com")
                .last()
                .unwrap()
                .link("https://forum.example.com/password/reset?token=")
                .unwrap();
            visitor
                .get(&path_of(&link))
                .await
                .assert_contains("Sign-ins linked to this account")
                .assert_contains("other-id.example.org")
                .assert_contains("name=\"remove_sign_ins\"");
            visitor
                .post(
                    "/password/reset",
                    &[
                        ("token", &token_of(&link)),
                        ("password", PASSWORD),
                        ("password_confirm", PASSWORD),
                        ("remove_sign_ins", "1"),
                    ],
                )
                .await
                .assert_status(303);
            assert_eq!(app.count("oidc_identities"), 0);

            // Sign-ins linked while the address was unconfirmed go with a
            // reset whatever is ticked: they were never shown to be the owner's.
            let late = app.visitor().await;
            late.register_unverified("Xan").await;
            link_sign_in(&app, "Xan", "https://id.example.com");
            request_reset(&late, "xan@example.com").await;
            app.deliver_mail().await;
            let link = smtp
                .to("xan@example.com")
                .last()
                .unwrap()
                .link("https://forum.example.com/password/reset?token=")
                .unwrap();
            late.get(&path_of(&link))
                .await
                .assert_contains("they will be removed");
            late.post(
                "/password/reset",
                &[
                    ("token", &token_of(&link)),
                    ("password", PASSWORD),
                    ("password_confirm", PASSWORD),
                ],
            )
            .await
            .assert_status(303);
            assert_eq!(app.count("oidc_identities"), 0);
            assert!(verified(&app, "Xan"));
        },
    )
    .await;
}
