//! Two app servers on one database behave as one forum (issue 17): a write
//! on one empties the other's kept pages and search results once the change
//! counters are read, sessions and CSRF tokens made on one work on the
//! other, and login failures count together. (`bench/scale_out.py` runs the
//! same with real processes behind haproxy.)

use fixloop::web::page_cache::CACHE_HEADER;

use crate::common::{each_db, thread_id, TestApp, TestDb, PASSWORD};

/// One announcer step on `from` and one watcher step on `to`, as their
/// background tasks do every fraction of a second.
async fn propagate(from: &TestApp, to: &TestApp) {
    from.state.site_changes.flush(&from.state).await.unwrap();
    to.state.site_changes.check(&to.state).await.unwrap();
}

#[actix_web::test]
async fn a_write_on_one_server_empties_the_others_kept_pages() {
    each_db(|a| async move {
        let b = a.second_server().await;
        // B learns where the counters stand.
        b.state.site_changes.check(&b.state).await.unwrap();
        a.register("server_sue").await.assert_status(303);
        let url = a
            .start_thread(
                "troubleshooting",
                "Fan rattles on the second server",
                "",
                "A rattle.",
            )
            .await;
        let visitor = b.visitor().await;
        let (_, first, _) = visitor.get_accepting(&url, "gzip").await;
        assert!(first.get(CACHE_HEADER).is_none(), "rendered on B");
        let (_, kept, _) = visitor.get_accepting(&url, "gzip").await;
        assert_eq!(kept.get(CACHE_HEADER).unwrap(), "hit", "kept on B");

        a.post(
            &format!("/t/{}/reply", thread_id(&url)),
            &[("body", "Tighten the fan screws.")],
        )
        .await
        .assert_status(303);
        // Without the counters, B still serves its kept page...
        let stale = visitor.get(&url).await;
        stale.assert_lacks("Tighten the fan screws.");
        // ...and once they are read, the reply is there.
        propagate(&a, &b).await;
        visitor
            .get(&url)
            .await
            .assert_contains("Tighten the fan screws.");
        // Nothing pending: a second propagation empties nothing more.
        let (_, again, _) = visitor.get_accepting(&url, "gzip").await;
        assert_eq!(again.get(CACHE_HEADER).unwrap(), "hit");
        propagate(&a, &b).await;
        let (_, still, _) = visitor.get_accepting(&url, "gzip").await;
        assert_eq!(still.get(CACHE_HEADER).unwrap(), "hit");
    })
    .await;
}

#[actix_web::test]
async fn hiding_on_one_server_empties_the_others_kept_searches() {
    each_db(|a| async move {
        let b = a.second_server().await;
        b.state.site_changes.check(&b.state).await.unwrap();
        a.register_as("server_staff", fixloop::model::accounts::users::Role::Staff)
            .await;
        let author = a.visitor().await;
        author.register("server_author").await.assert_status(303);
        let id = thread_id(
            &author
                .start_thread(
                    "troubleshooting",
                    "Capybara board swap",
                    "",
                    "The capybara board.",
                )
                .await,
        );
        let visitor = b.visitor().await;
        visitor
            .get("/search?q=capybara")
            .await
            .assert_contains(&format!("href=\"/t/{id}\""));
        let opening = a.db(move |conn| {
            fixloop::model::discussion::posts::opening_post(conn, id)
                .unwrap()
                .id
        });
        a.post(&format!("/posts/{opening}/hide"), &[("reason", "spam")])
            .await
            .assert_status(303);
        propagate(&a, &b).await;
        visitor
            .get("/search?q=capybara")
            .await
            .assert_lacks(&format!("href=\"/t/{id}\""));
    })
    .await;
}

#[actix_web::test]
async fn sessions_csrf_tokens_and_throttles_are_shared() {
    each_db(|a| async move {
        let b = a.second_server().await;
        a.register("roaming_rae").await.assert_status(303);
        let url = a
            .start_thread("troubleshooting", "Hinge on the balancer", "", "Stiff.")
            .await;
        // Logged in through A, the next request lands on B, with the form
        // (and its CSRF token) A rendered.
        let on_b = a.on(&b).await;
        on_b.get(&url).await.assert_contains("roaming_rae");
        on_b.post(
            &format!("/t/{}/reply", thread_id(&url)),
            &[("body", "Answered via B.")],
        )
        .await
        .assert_status(303);
        a.get(&url).await.assert_contains("Answered via B.");
        // Logging out on B ends the session on A too.
        on_b.post("/logout", &[]).await.assert_status(303);
        a.get("/settings").await.assert_status(303);
    })
    .await;
}

#[actix_web::test]
async fn login_failures_on_both_servers_count_together() {
    for db in TestDb::all() {
        eprintln!("-- on {}", db.label);
        // The real limit per account, on both servers.
        let a = TestApp::with_config(db, |c| c.login_failures_per_account = 4).await;
        let b = a.second_server().await;
        a.register("throttled_theo").await.assert_status(303);
        a.logout().await;
        for server in [&a, &b, &a, &b] {
            server
                .login_from("203.0.113.9:1", &[], "throttled_theo", "wrong-guess-123")
                .await
                .assert_status(401);
        }
        // The fifth try, even with the right password, on either server.
        for server in [&a, &b] {
            server
                .login_from("203.0.113.9:1", &[], "throttled_theo", PASSWORD)
                .await
                .assert_status(429);
        }
    }
}
