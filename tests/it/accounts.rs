use crate::common::{each_db, TestApp, TestDb, PASSWORD};

#[actix_web::test]
async fn register_logs_in_and_logout_ends_the_session() {
    each_db(|app| async move {
        let page = app.register("Mira_Fixes").await;
        page.assert_status(303);
        assert_eq!(page.location(), "/");
        let session = app.cookie("fixloop_session").expect("a session cookie");
        app.get("/")
            .await
            .assert_status(200)
            .assert_contains("Mira_Fixes");

        app.logout().await.assert_status(303);
        assert!(app.cookie("fixloop_session").is_none());
        app.get("/")
            .await
            .assert_lacks("Mira_Fixes")
            .assert_contains("Log in");
        // The old token no longer opens a session.
        app.set_cookie("fixloop_session", &session);
        app.get("/").await.assert_lacks("Mira_Fixes");
        assert_eq!(app.count("sessions"), 0);
    })
    .await;
}

#[actix_web::test]
async fn session_cookie_is_http_only_and_lax() {
    each_db(|app| async move {
        let page = app.register("cookie_check").await;
        let set_cookie = page.header("set-cookie");
        assert!(set_cookie.contains("fixloop_session="), "{set_cookie}");
        assert!(set_cookie.contains("HttpOnly"), "{set_cookie}");
        assert!(set_cookie.contains("SameSite=Lax"), "{set_cookie}");
        // Only a hash of the token is stored.
        let token = app.cookie("fixloop_session").unwrap();
        let stored: i64 = app.count(&format!("sessions WHERE token_hash = '{token}'"));
        assert_eq!(stored, 0);
        assert_eq!(app.count("sessions"), 1);
    })
    .await;
}

#[actix_web::test]
async fn login_by_username_or_email_renews_the_session() {
    each_db(|app| async move {
        app.register("solderer").await.assert_status(303);
        let first = app.cookie("fixloop_session").unwrap();

        // Logging in again while logged in replaces the session.
        app.login("SOLDERER", PASSWORD).await.assert_status(303);
        let second = app.cookie("fixloop_session").unwrap();
        assert_ne!(first, second);
        assert_eq!(app.count("sessions"), 1, "the old session was deleted");

        app.logout().await;
        let page = app.login("solderer@example.com", PASSWORD).await;
        page.assert_status(303);
        app.get("/").await.assert_contains("solderer");
    })
    .await;
}

#[actix_web::test]
async fn login_redirects_back_to_a_local_page_only() {
    each_db(|app| async move {
        app.register("nexter").await;
        app.logout().await;
        let page = app
            .post(
                "/login",
                &[
                    ("login", "nexter"),
                    ("password", PASSWORD),
                    ("next", "/devices"),
                ],
            )
            .await;
        assert_eq!(page.location(), "/devices");
        app.logout().await;
        let page = app
            .post(
                "/login",
                &[
                    ("login", "nexter"),
                    ("password", PASSWORD),
                    ("next", "//evil.example/x"),
                ],
            )
            .await;
        assert_eq!(page.location(), "/");
    })
    .await;
}

#[actix_web::test]
async fn wrong_password_is_refused_with_the_login_kept() {
    each_db(|app| async move {
        app.register("tinkerer").await;
        app.logout().await;
        let page = app.login("tinkerer", "not-the-password").await;
        page.assert_status(401)
            .assert_contains("do not match an account")
            .assert_contains("value=\"tinkerer\"");
        assert!(app.cookie("fixloop_session").is_none());
        // An unknown account gets the very same answer.
        let unknown = app.login("nobody_here", "not-the-password").await;
        unknown
            .assert_status(401)
            .assert_contains("do not match an account");
        app.login("", "")
            .await
            .assert_status(422)
            .assert_contains("Enter your username");
    })
    .await;
}

#[actix_web::test]
async fn a_taken_username_is_a_conflict_and_a_taken_email_is_not_revealed() {
    each_db(|app| async move {
        app.register("RepairRita").await.assert_status(303);
        app.logout().await;
        let page = app
            .post(
                "/register",
                &[
                    ("username", "repairrita"),
                    ("email", "someone-else@example.com"),
                    ("password", PASSWORD),
                    ("password_confirm", PASSWORD),
                ],
            )
            .await;
        page.assert_status(409)
            .assert_contains("That username is taken")
            .assert_contains("value=\"someone-else@example.com\"");
        let page = app
            .post(
                "/register",
                &[
                    ("username", "another_rita"),
                    ("email", "REPAIRRITA@example.com"),
                    ("password", PASSWORD),
                    ("password_confirm", PASSWORD),
                ],
            )
            .await;
        // The address is not said to have an account: the answer is the
        // one a new address gets, and the owner is mailed instead.
        page.assert_status(200).assert_contains("Check your mail");
        assert_eq!(app.count("users"), 1);
    })
    .await;
}

#[actix_web::test]
async fn bad_registrations_explain_themselves_and_write_nothing() {
    each_db(|app| async move {
        let cases: [(&str, &str, &str, &str, &str); 6] = [
            (
                "ok_name",
                "ok@example.com",
                "short",
                "short",
                "at least 10 characters",
            ),
            (
                "ok_name",
                "ok@example.com",
                PASSWORD,
                "something-else-entirely",
                "do not match",
            ),
            (
                "x",
                "ok@example.com",
                PASSWORD,
                PASSWORD,
                "3 to 30 characters",
            ),
            (
                "bad name!",
                "ok@example.com",
                PASSWORD,
                PASSWORD,
                "letters, digits",
            ),
            ("ok_name", "not-an-email", PASSWORD, PASSWORD, "valid email"),
            (
                "Former-Member-7",
                "ok@example.com",
                PASSWORD,
                PASSWORD,
                "kept for members who left",
            ),
        ];
        for (username, email, password, confirm, message) in cases {
            let page = app
                .post(
                    "/register",
                    &[
                        ("username", username),
                        ("email", email),
                        ("password", password),
                        ("password_confirm", confirm),
                    ],
                )
                .await;
            page.assert_status(422).assert_contains(message);
            // What the person typed is still there (escaped), passwords are not.
            page.assert_contains(&format!("value=\"{username}\""));
            page.assert_lacks(&format!("value=\"{password}\""));
        }
        assert_eq!(app.count("users"), 0);
        assert!(app.cookie("fixloop_session").is_none());
    })
    .await;
}

#[actix_web::test]
async fn profiles_are_public_and_unknown_ones_are_404() {
    each_db(|app| async move {
        app.register("public_pat").await;
        app.start_thread(
            "discussion",
            "Which screwdriver set do you use?",
            "",
            "Mine is a cheap one.",
        )
        .await;
        let visitor = app.visitor().await;
        visitor
            .get("/u/public_pat")
            .await
            .assert_status(200)
            .assert_contains("public_pat")
            .assert_contains("Which screwdriver set do you use?")
            .assert_lacks("@example.com");
        visitor.get("/u/no_such_member").await.assert_status(404);
    })
    .await;
}

#[actix_web::test]
async fn cookies_are_secure_when_the_site_is_served_over_https() {
    let app = TestApp::with_config(TestDb::sqlite(), |config| {
        config.base_url = Some("https://forum.example.com".into());
    })
    .await;
    let page = app.register("secure_sid").await;
    assert!(
        page.header("set-cookie").contains("Secure"),
        "{}",
        page.header("set-cookie")
    );
    let plain = TestApp::new(TestDb::sqlite()).await;
    let page = plain.register("plain_pat").await;
    assert!(!page.header("set-cookie").contains("Secure"));
}
