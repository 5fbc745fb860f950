//! The dashboard's estimate of tickets avoided: visitors' views of solved
//! threads, counted in memory and written once a minute.

use fixloop::model::users::Role;

use crate::common::{each_db, thread_id};

#[actix_web::test]
async fn visitors_views_of_solved_threads_feed_the_tickets_avoided_estimate() {
    each_db(|app| async move {
        app.register_as("svc_staff", Role::Staff).await;
        let asker = app.visitor().await;
        asker.register("svc_asker").await;
        let solved = asker
            .start_thread(
                "troubleshooting",
                "Dock does not charge the laptop",
                "",
                "Why?",
            )
            .await;
        let open = asker
            .start_thread("troubleshooting", "Keyboard backlight flickers", "", "Why?")
            .await;
        let answer = app
            .reply(thread_id(&solved), "Update the dock firmware.")
            .await;
        asker
            .post(&format!("/posts/{answer}/solution"), &[])
            .await
            .assert_status(303);

        // Three visitor views of the solved thread (the later ones from the
        // page cache), one of the open one, two by members: only visitors'
        // views count.
        let visitor = app.visitor().await;
        for _ in 0..3 {
            visitor.get(&solved).await.assert_status(200);
        }
        visitor.get(&open).await.assert_status(200);
        visitor.get(&format!("{solved}/no-such-page")).await;
        asker.get(&solved).await.assert_status(200);
        app.get(&solved).await.assert_status(200);
        assert_eq!(app.count("thread_view_days"), 0, "nothing written per view");
        app.state.views.flush(&app.state.pool).await.unwrap();
        assert_eq!(app.count("thread_view_days"), 2);
        // A second flush has nothing new to add.
        assert_eq!(app.state.views.flush(&app.state.pool).await.unwrap(), 0);

        let today = fixloop::model::now().date();
        let period = format!(
            "/staff/dashboard?from={today}&to={}",
            today + chrono::Duration::days(1)
        );
        // 3 views × 0.1 × 15 = 0.3 tickets, worth 4.5.
        app.get(&period)
            .await
            .assert_status(200)
            .assert_contains("Visitors' views of solved threads in the period (3)")
            .assert_contains("id=\"svc-tickets\">≈ 0.3<")
            .assert_contains("id=\"svc-saved\">4.5<");
        // Views keep adding up across flushes.
        visitor.get(&solved).await.assert_status(200);
        app.state.views.flush(&app.state.pool).await.unwrap();
        app.get(&period)
            .await
            .assert_contains("Visitors' views of solved threads in the period (4)");
    })
    .await;
}
