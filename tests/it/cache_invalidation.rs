//! Only committed writes of what readers see end kept pages (issue 26,
//! item 9): refused requests, logins and private writes leave visitors'
//! pages, members' shared page data and the other servers' caches alone.

use fixloop::web::page_cache::CACHE_HEADER;

use crate::common::{each_db, thread_id, TestApp, PASSWORD};

/// The shared change counters, after this server told the others all it had
/// to tell.
async fn shared_counters(app: &TestApp) -> fixloop::model::site_changes::Counters {
    app.state.site_changes.flush(&app.state).await.unwrap();
    app.db(|conn| fixloop::model::site_changes::read(conn).unwrap())
}

/// Whether a visitor's next view of `url` came from the kept pages.
async fn kept(visitor: &TestApp, url: &str) -> bool {
    visitor
        .get(url)
        .await
        .assert_status(200)
        .header(CACHE_HEADER)
        == "hit"
}

#[actix_web::test]
async fn refused_requests_keep_the_kept_pages() {
    each_db(|app| async move {
        app.register("kept_kim").await.assert_status(303);
        let url = app
            .start_thread(
                "troubleshooting",
                "Trackpad clicks on its own",
                "",
                "Random clicks.",
            )
            .await;
        let id = thread_id(&url);
        let visitor = app.visitor().await;
        visitor.get(&url).await.assert_status(200);
        assert!(kept(&visitor, &url).await, "kept after the first view");
        let generation = app.state.page_cache.generation();
        let counters = shared_counters(&app).await;

        // Anonymous logins with a wrong password, as the flood did.
        let stranger = app.visitor().await;
        for _ in 0..3 {
            let refused = stranger.login("kept_kim", "not the password").await;
            assert_ne!(refused.status, 303, "{}", app.db_label);
        }
        // A write without its CSRF token.
        app.post_raw(
            &format!("/t/{id}/reply"),
            &[("body", "Sent without a token.")],
        )
        .await
        .assert_status(403);
        // A member at a staff route.
        app.post(&format!("/t/{id}/lock"), &[])
            .await
            .assert_status(403);
        // A visitor at a members' route.
        let anonymous = stranger
            .post(&format!("/t/{id}/reply"), &[("body", "Who am I?")])
            .await;
        assert_ne!(anonymous.status, 200);
        // Writes no reader sees: a login, following, notifications read.
        let member = app.visitor().await;
        member.login("kept_kim", PASSWORD).await.assert_status(303);
        member
            .post(&format!("/t/{id}/follow"), &[])
            .await
            .assert_status(303);
        member
            .post("/notifications/read", &[])
            .await
            .assert_status(303);

        assert!(kept(&visitor, &url).await, "{}: still kept", app.db_label);
        assert_eq!(app.state.page_cache.generation(), generation);
        assert_eq!(
            shared_counters(&app).await,
            counters,
            "{}: the other servers were not told",
            app.db_label
        );

        // A reply that commits ends the kept page, here and for the others.
        app.reply(id, "Turn off tap-to-click while the firmware updates.")
            .await;
        let after = visitor.get(&url).await;
        assert_eq!(after.header(CACHE_HEADER), "", "{}", app.db_label);
        after.assert_contains("Turn off tap-to-click");
        assert!(app.state.page_cache.generation() > generation);
        assert!(shared_counters(&app).await.pages > counters.pages);
    })
    .await;
}

#[actix_web::test]
async fn a_refused_write_on_one_server_leaves_the_others_pages() {
    each_db(|a| async move {
        let b = a.second_server().await;
        b.state.site_changes.check(&b.state).await.unwrap();
        a.register("quiet_quinn").await.assert_status(303);
        let url = a
            .start_thread("troubleshooting", "Dock drops the display", "", "Flicker.")
            .await;
        // B hears of the thread first.
        a.state.site_changes.flush(&a.state).await.unwrap();
        b.state.site_changes.check(&b.state).await.unwrap();
        let visitor = b.visitor().await;
        visitor.get(&url).await.assert_status(200);
        assert!(kept(&visitor, &url).await);

        let stranger = a.visitor().await;
        stranger.login("quiet_quinn", "wrong").await;
        a.post_raw(&format!("/t/{}/reply", thread_id(&url)), &[("body", "x")])
            .await
            .assert_status(403);
        a.state.site_changes.flush(&a.state).await.unwrap();
        b.state.site_changes.check(&b.state).await.unwrap();
        assert!(kept(&visitor, &url).await, "{}", a.db_label);
    })
    .await;
}
