use crate::common::{each_db, thread_id};

#[actix_web::test]
async fn posts_without_a_valid_csrf_token_are_refused_and_change_nothing() {
    each_db(|app| async move {
        app.register("victim").await;
        let fields = [
            ("kind", "discussion"),
            ("title", "Forged thread title"),
            ("body", "forged"),
            ("action", "post"),
        ];
        app.post_raw("/threads/new", &fields)
            .await
            .assert_status(403)
            .assert_contains("expired");
        let mut with_wrong = vec![(
            "csrf_token",
            "0000000000000000000000000000000000000000000000000000000000000000",
        )];
        with_wrong.extend_from_slice(&fields);
        app.post_raw("/threads/new", &with_wrong)
            .await
            .assert_status(403);
        assert_eq!(app.count("threads"), 0);

        // Logging out needs the token too.
        app.post_raw("/logout", &[]).await.assert_status(403);
        assert_eq!(app.count("sessions"), 1);

        // A visitor's token from another browser does not work for this member.
        let other = app.visitor().await;
        let stale = other.csrf().await;
        let mut with_stale = vec![("csrf_token", stale.as_str())];
        with_stale.extend_from_slice(&fields);
        app.post_raw("/threads/new", &with_stale)
            .await
            .assert_status(403);
        assert_eq!(app.count("threads"), 0);
    })
    .await;
}

#[actix_web::test]
async fn visitor_forms_need_the_token_from_their_cookie() {
    each_db(|app| async move {
        let fields = [
            ("username", "csrf_less"),
            ("email", "csrf@example.com"),
            ("password", "a-long-enough-password"),
            ("password_confirm", "a-long-enough-password"),
        ];
        // No cookie, no token.
        app.post_raw("/register", &fields).await.assert_status(403);
        // A token that does not match the cookie.
        let token = app.csrf().await;
        assert!(app.cookie("fixloop_csrf").is_some());
        app.set_cookie("fixloop_csrf", &"a".repeat(64));
        let mut forged = vec![("csrf_token", token.as_str())];
        forged.extend_from_slice(&fields);
        app.post_raw("/register", &forged).await.assert_status(403);
        assert_eq!(app.count("users"), 0);
    })
    .await;
}

#[actix_web::test]
async fn script_in_titles_and_bodies_comes_out_inert() {
    each_db(|app| async move {
        app.register("mallory").await;
        let title = "<script>alert('title')</script> fan <img src=x onerror=alert(1)>";
        let body = "<script>alert('body')</script>\n\n\
                    <img src=x onerror=\"alert(2)\">\n\n\
                    [click me](javascript:alert(3)) and [data](data:text/html;base64,PHNjcmlwdD4=)\n\n\
                    [<b onmouseover=alert(4)>bold link</b>](https://example.com/ok)\n\n\
                    <a href=\"javascript:alert(5)\">raw link</a> <iframe src=\"https://evil.example\"></iframe>";
        let url = app.start_thread("discussion", title, "", body).await;
        let page = app.get(&url).await;
        page.assert_status(200);
        // No tag carries a script: event handlers only survive as escaped text.
        // The head's JSON-LD data block (web::discovery::seo) is the one script element.
        let page_without_json_ld = page
            .body
            .replacen("<script type=\"application/ld+json\">", "", 1);
        assert!(!page_without_json_ld.contains("<script"));
        for dangerous in [
            "<img src=x",
            "<img src=\"x\"",
            "<b onmouseover",
            "<a href=\"javascript",
            "<a href=\"data:",
            "src=\"javascript",
            "<iframe",
        ] {
            page.assert_lacks(dangerous);
        }
        page.assert_contains("&lt;img src=x onerror=alert(1)&gt;");
        // The text is still there, shown as text.
        page.assert_contains("&lt;script&gt;alert(");
        page.assert_contains("https://example.com/ok");
        page.assert_contains("rel=\"nofollow ugc noopener noreferrer\"");
        // Lists and the profile escape the title as well.
        app.get("/").await.assert_lacks("<script>alert").assert_contains("&lt;script&gt;");
        app.get("/u/mallory").await.assert_lacks("<script>alert");
        // So does a reply and the history page after an edit.
        let id = thread_id(&url);
        app.post(&format!("/t/{id}/reply"), &[("body", "<script>alert('reply')</script>"), ("action", "post")])
            .await
            .assert_status(303);
        app.get(&url).await.assert_lacks("<script>alert('reply')");
    })
    .await;
}

#[actix_web::test]
async fn pages_carry_security_headers_and_errors_leak_nothing() {
    each_db(|app| async move {
        let page = app.get("/").await;
        assert_eq!(page.header("x-content-type-options"), "nosniff");
        assert!(page
            .header("content-security-policy")
            .contains("script-src 'self'"));
        assert_eq!(page.header("x-frame-options"), "DENY");
        let missing = app.get("/t/12345").await;
        missing
            .assert_lacks("diesel")
            .assert_lacks("NotFound")
            .assert_lacks("SELECT");
    })
    .await;
}

#[actix_web::test]
async fn assets_are_served_with_long_cache_headers() {
    each_db(|app| async move {
        let css = app.get("/assets/style.css").await;
        css.assert_status(200);
        assert!(css.header("content-type").starts_with("text/css"));
        assert!(css.header("cache-control").contains("immutable"));
        app.get("/assets/nope.css").await.assert_status(404);
        // Pages reference them with a version that busts caches.
        app.get("/").await.assert_contains("/assets/style.css?v=");
    })
    .await;
}
