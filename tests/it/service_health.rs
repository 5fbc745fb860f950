//! The dashboard's estimate of tickets avoided: visitors' views of solved
//! threads, counted in memory and written once a minute.

use fixloop::model::accounts::users::Role;

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

#[actix_web::test]
async fn the_dashboard_counts_known_issues_by_status_and_maintenance_reminders() {
    each_db(|staff| async move {
        staff.register_as("ki_admin", Role::Admin).await;
        staff
            .post(
                "/devices/new",
                &[("name", "Hearth W7"), ("kind", "maker"), ("parent", "")],
            )
            .await
            .assert_status(303);
        let open_issue = |title: &'static str| {
            let staff = &staff;
            async move {
                let page = staff
                    .post(
                        "/known-issues/new",
                        &[
                            ("title", title),
                            ("device", "hearth-w7"),
                            ("body", "Stops mid-cycle."),
                            ("status", "investigating"),
                        ],
                    )
                    .await;
                page.assert_status(303);
                page.location()
                    .trim_start_matches("/known-issues/")
                    .parse::<i64>()
                    .unwrap()
            }
        };
        let pump = open_issue("Drain pump stops mid-cycle").await;
        open_issue("Door seal smells after a month").await;
        // Two askers whose questions are linked to the pump issue are affected.
        for name in ["asker_one", "asker_two"] {
            let asker = staff.visitor().await;
            asker.register(name).await;
            let url = asker
                .start_thread(
                    "troubleshooting",
                    &format!("Pump stops ({name})"),
                    "hearth-w7",
                    "Why?",
                )
                .await;
            staff
                .post(&format!("/known-issues/{pump}/link"), &[("thread", &url)])
                .await
                .assert_status(303);
        }
        staff
            .post(
                &format!("/known-issues/{pump}/status"),
                &[
                    ("status", "workaround_available"),
                    ("note", "Clean the filter."),
                ],
            )
            .await
            .assert_status(303);
        // Maintenance: an owner bought the washer four months ago; its
        // filter is cleaned every 3 months: one reminder is due.
        let owner = staff.visitor().await;
        owner.register("owner_ola").await;
        let bought = (fixloop::model::now() - chrono::Duration::days(120)).date();
        owner
            .post(
                "/devices/hearth-w7/own",
                &[
                    ("nickname", ""),
                    ("purchased_on", &bought.to_string()),
                    ("firmware", ""),
                ],
            )
            .await
            .assert_status(303);
        let guide = staff
            .start_thread(
                "guide",
                "Cleaning the W7 drain filter",
                "hearth-w7",
                "Unscrew the flap.",
            )
            .await;
        staff
            .post(
                "/staff/devices/hearth-w7/maintenance",
                &[
                    ("title", "Clean the drain pump filter"),
                    ("why", "A clogged filter stops the drain."),
                    ("interval_count", "3"),
                    ("interval_unit", "months"),
                    ("usage_hint", ""),
                    ("guide", &format!("#{}", thread_id(&guide))),
                ],
            )
            .await
            .assert_status(303);
        let sent = staff.db(|conn| {
            fixloop::forum::before_service::maintenance::send_reminders(conn, fixloop::model::now())
                .unwrap()
        });
        assert_eq!(sent, 1);
        let today = fixloop::model::now().date();
        let page = staff
            .get(&format!(
                "/staff/dashboard?from={today}&to={}",
                today + chrono::Duration::days(1)
            ))
            .await;
        page.assert_status(200)
            .assert_contains("id=\"ki-investigating\">1<")
            .assert_contains("id=\"ki-workaround_available\">1<")
            .assert_contains("id=\"ki-affected-workaround_available\">2<")
            .assert_contains("id=\"ki-fixed\">0<")
            .assert_contains("id=\"mx-sent\">1<")
            .assert_contains("id=\"mx-done\">0<");
    })
    .await;
}
