//! Known issues (issue 16): opened by staff (from the dashboard's "most me
//! too" list too), threads linked and merged, status changes forward only
//! with their history, who is told at each step, the banner on linked
//! threads, counts, device hubs, the list's filters, search ranking, and
//! every refusal with its status.

use fixloop::model::accounts::users::Role;

use crate::common::{each_db, each_engine, member, staff, thread_id, Page, TestApp};

/// Hearth > Hearth Washers > Hearth W7, and Modulo (another maker).
async fn catalogue(admin: &TestApp) {
    admin.register_as("ki_admin", Role::Admin).await;
    admin
        .add_devices(&[
            ("Hearth", "maker", ""),
            ("Hearth Washers", "line", "hearth"),
            ("Hearth W7", "model", "hearth-washers"),
            ("Modulo", "maker", ""),
        ])
        .await;
}

/// Opens a known issue; its id.
async fn open_issue(staff: &TestApp, title: &str, device: &str, extra: &[(&str, &str)]) -> i64 {
    let mut fields = vec![
        ("title", title),
        ("device", device),
        ("body", "The drain pump stops in the middle of a cycle."),
        ("status", "investigating"),
    ];
    fields.extend_from_slice(extra);
    let page = staff.post("/known-issues/new", &fields).await;
    page.assert_status(303);
    page.location()
        .trim_start_matches("/known-issues/")
        .parse()
        .unwrap()
}

fn told(app: &TestApp, username: &str) -> i64 {
    #[derive(diesel::QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let name = username.to_owned();
    app.db(move |conn| {
        use diesel::RunQueryDsl;
        diesel::sql_query(
            "SELECT COUNT(*) AS n FROM notifications x JOIN users u ON u.id = x.user_id \
             WHERE u.username = $1 AND x.kind = 'known_issue_status'",
        )
        .bind::<diesel::sql_types::Text, _>(name)
        .get_result::<N>(conn)
        .unwrap()
        .n
    })
}

fn mails_to(app: &TestApp, username: &str) -> i64 {
    #[derive(diesel::QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let name = username.to_owned();
    app.db(move |conn| {
        use diesel::RunQueryDsl;
        diesel::sql_query(
            "SELECT COUNT(*) AS n FROM mail_outbox m JOIN users u ON u.id = m.user_id \
             WHERE u.username = $1",
        )
        .bind::<diesel::sql_types::Text, _>(name)
        .get_result::<N>(conn)
        .unwrap()
        .n
    })
}

fn position(page: &Page, needle: &str) -> usize {
    page.assert_contains(needle);
    page.body.find(needle).unwrap()
}

#[actix_web::test]
async fn a_known_issue_from_the_dashboard_to_closed() {
    each_db(|admin| async move {
        catalogue(&admin).await;
        let staff = staff(&admin, "ki_staff").await;
        let asker = member(&admin, "ki_asker").await;
        let metoo = member(&admin, "ki_metoo").await;
        let asker2 = member(&admin, "ki_asker2").await;
        let direct = member(&admin, "ki_direct").await;
        let follower = member(&admin, "ki_follower").await;
        let bystander = member(&admin, "ki_bystander").await;

        let q1 = thread_id(
            &asker
                .start_thread(
                    "troubleshooting",
                    "Drain pump stops mid-cycle",
                    "hearth-w7",
                    "It stops.",
                )
                .await,
        );
        metoo
            .post(&format!("/t/{q1}/me-too"), &[])
            .await
            .assert_status(303);
        let q2 = thread_id(
            &asker2
                .start_thread(
                    "troubleshooting",
                    "Pump quits halfway through a wash",
                    "hearth-w7",
                    "Same here.",
                )
                .await,
        );
        // Someone else's question, never linked: its people are not told.
        let other = thread_id(
            &bystander
                .start_thread("troubleshooting", "Door seal smells", "hearth-w7", "Ugh.")
                .await,
        );

        // The dashboard's "most me too" list starts a known issue from q1.
        let dashboard = staff.get("/staff/dashboard").await;
        dashboard
            .assert_status(200)
            .assert_contains(&format!("href=\"/known-issues/new?from={q1}\""))
            .assert_contains("Start a known issue");
        let form = staff.get(&format!("/known-issues/new?from={q1}")).await;
        form.assert_status(200)
            .assert_contains("value=\"Drain pump stops mid-cycle\"")
            .assert_contains(&format!("name=\"from\" value=\"{q1}\""))
            .assert_contains("<option value=\"hearth-w7\" selected>");
        let from = q1.to_string();
        let k = open_issue(
            &staff,
            "Drain pump stops mid-cycle on W7 washers",
            "hearth-washers",
            &[("from", &from)],
        )
        .await;
        // Now linked, the dashboard points at it instead.
        staff
            .get("/staff/dashboard")
            .await
            .assert_contains(&format!("href=\"/known-issues/{k}\""))
            .assert_lacks(&format!("href=\"/known-issues/new?from={q1}\""));

        let page = admin
            .visitor()
            .await
            .get(&format!("/known-issues/{k}"))
            .await;
        page.assert_status(200)
            .assert_contains("Drain pump stops mid-cycle on W7 washers")
            .assert_contains("Investigating")
            .assert_contains(&format!("href=\"/t/{q1}/drain-pump-stops-mid-cycle\""))
            // The asker and the member who said "me too".
            .assert_contains("<strong>2</strong> members affected")
            .assert_contains("applies to Hearth Washers and everything below it")
            .assert_contains("Hearth W7</a> <span class=\"muted\">1 thread");

        // The banner on the linked question, and on the issue's own thread.
        admin
            .visitor()
            .await
            .get(&format!("/t/{q1}"))
            .await
            .assert_status(200)
            .assert_contains("<strong>This is a known issue:</strong>")
            .assert_contains(&format!("href=\"/known-issues/{k}\""));
        admin
            .visitor()
            .await
            .get(&format!("/t/{other}"))
            .await
            .assert_lacks("known-issue-banner");
        admin
            .visitor()
            .await
            .get(&format!("/t/{k}"))
            .await
            .assert_status(200)
            .assert_contains(
                "<strong>This is a known issue</strong> — status: <strong>Investigating",
            );

        // Merging the duplicate: linked, locked, with a pointer.
        staff
            .post(
                &format!("/known-issues/{k}/merge"),
                &[("thread", &format!("/t/{q2}/pump-quits"))],
            )
            .await
            .assert_status(303);
        let merged = admin.visitor().await.get(&format!("/t/{q2}")).await;
        merged
            .assert_contains("This question was merged into a known issue")
            .assert_contains(&format!("href=\"/known-issues/{k}\""));
        let locked = asker2
            .post(
                &format!("/t/{q2}/reply"),
                &[("body", "Any news?"), ("action", "post")],
            )
            .await;
        locked.assert_status(403);
        // Me too on the known issue itself, and a follower of it.
        direct
            .post(&format!("/known-issues/{k}/me-too"), &[])
            .await
            .assert_status(303);
        direct
            .post(&format!("/known-issues/{k}/me-too"), &[])
            .await
            .assert_status(409);
        direct
            .get(&format!("/t/{k}"))
            .await
            .assert_contains("You have this problem too")
            .assert_lacks(&format!("action=\"/known-issues/{k}/me-too\""));
        follower
            .post(&format!("/t/{k}/follow"), &[])
            .await
            .assert_status(303);
        let page = admin
            .visitor()
            .await
            .get(&format!("/known-issues/{k}"))
            .await;
        page.assert_contains("<strong>4</strong> members affected")
            .assert_contains("Merged here");

        // Linking again, to itself, another known issue, or nothing.
        let again = staff
            .post(
                &format!("/known-issues/{k}/link"),
                &[("thread", &q1.to_string())],
            )
            .await;
        again.assert_status(409).assert_contains("already linked");
        let itself = staff
            .post(
                &format!("/known-issues/{k}/link"),
                &[("thread", &k.to_string())],
            )
            .await;
        itself
            .assert_status(422)
            .assert_contains("A known issue cannot be linked to itself.");
        let nothing = staff
            .post(
                &format!("/known-issues/{k}/link"),
                &[("thread", "/t/999999")],
            )
            .await;
        nothing
            .assert_status(422)
            .assert_contains("There is no thread number 999999.");
        let gibberish = staff
            .post(
                &format!("/known-issues/{k}/link"),
                &[("thread", "the pump one")],
            )
            .await;
        gibberish.assert_status(422);
        assert_eq!(admin.count("known_issue_links"), 2);

        // A status change: everyone affected is told, the one who made it and
        // bystanders not.
        staff
            .post(
                &format!("/known-issues/{k}/status"),
                &[
                    ("status", "workaround_available"),
                    ("note", "Clean the pump filter until the update ships"),
                ],
            )
            .await
            .assert_status(303);
        for name in [
            "ki_asker",
            "ki_metoo",
            "ki_asker2",
            "ki_direct",
            "ki_follower",
        ] {
            assert_eq!(told(&admin, name), 1, "{name} is told");
        }
        assert_eq!(told(&admin, "ki_staff"), 0);
        assert_eq!(told(&admin, "ki_bystander"), 0);
        assert!(mails_to(&admin, "ki_asker") >= 1, "mail at once by default");
        asker
            .get("/notifications")
            .await
            .assert_contains("changed the status of the known issue");

        // Out of order, and "fixed" without what fixed it: 422, nothing kept.
        let events = admin.count("status_events");
        let page = staff
            .post(
                &format!("/known-issues/{k}/status"),
                &[("status", "fixed"), ("fixed_in", "")],
            )
            .await;
        page.assert_status(422)
            .assert_contains("Say which firmware version or revision fixes it");
        let page = staff
            .post(
                &format!("/known-issues/{k}/status"),
                &[("status", "investigating")],
            )
            .await;
        page.assert_status(422)
            .assert_contains("A status only moves forward");
        let page = staff
            .post(
                &format!("/known-issues/{k}/status"),
                &[("status", "workaround_available")],
            )
            .await;
        page.assert_status(422).assert_contains("It is already");
        assert_eq!(admin.count("status_events"), events);
        assert_eq!(told(&admin, "ki_asker"), 1);

        staff
            .post(
                &format!("/known-issues/{k}/status"),
                &[("status", "fixed"), ("fixed_in", "firmware 3.06")],
            )
            .await
            .assert_status(303);
        staff
            .post(
                &format!("/known-issues/{k}/status"),
                &[("status", "closed"), ("note", "Everyone is updated.")],
            )
            .await
            .assert_status(303);
        let page = staff
            .post(
                &format!("/known-issues/{k}/status"),
                &[("status", "workaround_available")],
            )
            .await;
        page.assert_status(422)
            .assert_contains("it is “Closed” now");
        for name in [
            "ki_asker",
            "ki_metoo",
            "ki_asker2",
            "ki_direct",
            "ki_follower",
        ] {
            assert_eq!(told(&admin, name), 3, "{name} is told of each change");
        }
        assert_eq!(told(&admin, "ki_bystander"), 0);

        // The history, oldest first, with dates and notes.
        let page = admin
            .visitor()
            .await
            .get(&format!("/known-issues/{k}"))
            .await;
        let opened = position(&page, "“Opened.”");
        let workaround = position(&page, "“Clean the pump filter until the update ships”");
        let fixed = position(&page, "Fixed in firmware 3.06</span>");
        let closed = position(&page, "“Everyone is updated.”");
        assert!(opened < workaround && workaround < fixed && fixed < closed);
        assert_eq!(admin.count("status_events"), events + 2);

        // Unlinking the merged question opens it again.
        staff
            .post(
                &format!("/known-issues/{k}/unlink"),
                &[("thread", &q2.to_string())],
            )
            .await
            .assert_status(303);
        admin
            .visitor()
            .await
            .get(&format!("/t/{q2}"))
            .await
            .assert_lacks("known-issue-banner");
        asker2.reply(q2, "It came back.").await;
    })
    .await;
}

#[actix_web::test]
async fn only_staff_open_and_change_known_issues() {
    each_db(|admin| async move {
        catalogue(&admin).await;
        let staff = staff(&admin, "ki_staff").await;
        let member = member(&admin, "ki_member").await;
        let k = open_issue(&staff, "Hinge loosens after a year", "hearth-w7", &[]).await;
        let threads = admin.count("threads");

        member.get("/known-issues/new").await.assert_status(403);
        member
            .post(
                "/known-issues/new",
                &[
                    ("title", "My own known issue"),
                    ("device", "hearth-w7"),
                    ("body", "Hm."),
                    ("status", "investigating"),
                ],
            )
            .await
            .assert_status(403);
        // Nor through the new-thread form.
        let page = member
            .post(
                "/threads/new",
                &[
                    ("kind", "known_issue"),
                    ("title", "My own known issue"),
                    ("device", "hearth-w7"),
                    ("body", "Hm."),
                    ("action", "post"),
                ],
            )
            .await;
        page.assert_status(422)
            .assert_contains("Choose what kind of thread this is.");
        member
            .post(
                &format!("/known-issues/{k}/status"),
                &[("status", "fixed"), ("fixed_in", "3.06")],
            )
            .await
            .assert_status(403);
        member
            .post(&format!("/known-issues/{k}/link"), &[("thread", "1")])
            .await
            .assert_status(403);
        // A visitor is sent to log in.
        admin
            .visitor()
            .await
            .get("/known-issues/new")
            .await
            .assert_status(303);
        assert_eq!(admin.count("threads"), threads);

        // Suspended staff lose the power.
        admin.set_suspended("ki_staff", Some(3));
        staff
            .post(
                &format!("/known-issues/{k}/status"),
                &[("status", "workaround_available")],
            )
            .await
            .assert_status(403);
        admin.set_suspended("ki_staff", None);

        // Bad input, each with its message.
        let bad = |fields: Vec<(&'static str, &'static str)>| {
            let staff = &staff;
            async move {
                let mut all = vec![
                    ("title", "A good title for it"),
                    ("device", "hearth-w7"),
                    ("body", "Symptoms."),
                    ("status", "investigating"),
                ];
                for (k, v) in fields {
                    all.retain(|(name, _)| *name != k);
                    all.push((k, v));
                }
                staff.post("/known-issues/new", &all).await
            }
        };
        bad(vec![("device", "no-such-device")])
            .await
            .assert_status(422)
            .assert_contains("That device is not in the catalogue");
        bad(vec![("device", "")])
            .await
            .assert_status(422)
            .assert_contains("Choose the device it affects");
        bad(vec![("status", "closed")])
            .await
            .assert_status(422)
            .assert_contains("A new known issue is not closed yet.");
        bad(vec![("status", "fixed")])
            .await
            .assert_status(422)
            .assert_contains("Say which firmware version or revision fixes it");
        bad(vec![("title", "Hi")]).await.assert_status(422);
        bad(vec![("best_fix", "/p/999999")])
            .await
            .assert_status(422)
            .assert_contains("not a staff-verified answer");
        assert_eq!(admin.count("threads"), threads);

        // A status change on something that is not a known issue.
        let q = thread_id(
            &member
                .start_thread("troubleshooting", "Not an issue yet", "hearth-w7", "Hm.")
                .await,
        );
        staff
            .post(
                &format!("/known-issues/{q}/status"),
                &[("status", "fixed"), ("fixed_in", "3.06")],
            )
            .await
            .assert_status(404);
        admin
            .visitor()
            .await
            .get(&format!("/known-issues/{q}"))
            .await
            .assert_status(404);

        // The best fix: an unverified reply is refused, a guide is taken.
        let reply = staff.reply(q, "Tighten the hinge screw.").await;
        staff
            .post(
                &format!("/known-issues/{k}/best-fix"),
                &[("best_fix", &format!("/p/{reply}"))],
            )
            .await
            .assert_status(422)
            .assert_contains("not a staff-verified answer");
        staff
            .post(&format!("/posts/{reply}/verify"), &[("note", "")])
            .await
            .assert_status(303);
        staff
            .post(
                &format!("/known-issues/{k}/best-fix"),
                &[("best_fix", &format!("/p/{reply}"))],
            )
            .await
            .assert_status(303);
        admin
            .visitor()
            .await
            .get(&format!("/known-issues/{k}"))
            .await
            .assert_contains(&format!(
                "the verified answer in <a href=\"/p/{reply}\">Not an issue yet</a>"
            ));
        let guide = thread_id(
            &member
                .start_thread("guide", "Tighten the W7 hinge", "hearth-w7", "Steps.")
                .await,
        );
        staff
            .post(
                &format!("/known-issues/{k}/best-fix"),
                &[("best_fix", &format!("/t/{guide}"))],
            )
            .await
            .assert_status(303);
        admin
            .visitor()
            .await
            .get(&format!("/known-issues/{k}"))
            .await
            .assert_contains(&format!("the repair guide <a href=\"/t/{guide}/"))
            .assert_contains("Tighten the W7 hinge</a>");
    })
    .await;
}

#[actix_web::test]
async fn device_hubs_and_the_list_with_filters() {
    each_db(|admin| async move {
        catalogue(&admin).await;
        let staff = staff(&admin, "ki_staff").await;
        let closed = open_issue(&staff, "Old lid latch breaks", "hearth-w7", &[]).await;
        staff
            .post(
                &format!("/known-issues/{closed}/status"),
                &[("status", "closed"), ("note", "Not made any more.")],
            )
            .await
            .assert_status(303);
        let line_wide =
            open_issue(&staff, "Pump stops on all washers", "hearth-washers", &[]).await;
        let elsewhere = open_issue(&staff, "Laptop hinge creaks", "modulo", &[]).await;

        // The model's hub: the line's issue (above it) and its own; open first.
        let hub = admin.visitor().await.get("/devices/hearth-w7").await;
        hub.assert_status(200);
        assert!(
            position(&hub, &format!("href=\"/known-issues/{line_wide}\""))
                < position(&hub, &format!("href=\"/known-issues/{closed}\""))
        );
        hub.assert_lacks(&format!("href=\"/known-issues/{elsewhere}\""));
        // The maker's hub: everything below it.
        let hub = admin.visitor().await.get("/devices/hearth").await;
        hub.assert_contains(&format!("href=\"/known-issues/{closed}\""))
            .assert_contains(&format!("href=\"/known-issues/{line_wide}\""));
        // Staff may open one from a hub.
        staff
            .get("/devices/modulo")
            .await
            .assert_contains("href=\"/known-issues/new?device=modulo\"");

        let all = admin.visitor().await.get("/known-issues").await;
        all.assert_status(200);
        assert!(
            position(&all, &format!("href=\"/known-issues/{elsewhere}\""))
                < position(&all, &format!("href=\"/known-issues/{closed}\""))
        );
        let page = admin
            .visitor()
            .await
            .get("/known-issues?status=closed")
            .await;
        page.assert_status(200)
            .assert_contains(&format!("href=\"/known-issues/{closed}\""))
            .assert_lacks(&format!("href=\"/known-issues/{line_wide}\""));
        let page = admin
            .visitor()
            .await
            .get("/known-issues?device=modulo")
            .await;
        page.assert_contains(&format!("href=\"/known-issues/{elsewhere}\""))
            .assert_lacks(&format!("href=\"/known-issues/{closed}\""));
        let page = admin
            .visitor()
            .await
            .get("/known-issues?device=hearth-w7&status=investigating")
            .await;
        page.assert_contains(&format!("href=\"/known-issues/{line_wide}\""))
            .assert_lacks(&format!("href=\"/known-issues/{closed}\""))
            .assert_lacks(&format!("href=\"/known-issues/{elsewhere}\""));
        admin
            .visitor()
            .await
            .get("/known-issues?status=reopened")
            .await
            .assert_status(400);
        admin
            .visitor()
            .await
            .get("/known-issues?device=no-such-device")
            .await
            .assert_status(400);
        // Known issues are a kind of thread for the home page's filter too.
        admin
            .visitor()
            .await
            .get("/?kind=known_issue")
            .await
            .assert_status(200)
            .assert_contains(&format!("href=\"/t/{line_wide}/"))
            .assert_contains("Known issue</span>");
    })
    .await;
}

#[actix_web::test]
async fn search_puts_known_issues_above_ordinary_threads() {
    each_engine(|admin| async move {
        catalogue(&admin).await;
        let staff = staff(&admin, "ki_staff").await;
        let asker = member(&admin, "ki_asker").await;
        // The known issue first: the ordinary thread is newer, so only the
        // boost can put the known issue above it.
        let k = open_issue(&staff, "Drain pump stops mid-cycle", "hearth-w7", &[]).await;
        let q = thread_id(
            &asker
                .start_thread(
                    "troubleshooting",
                    "Drain pump stops mid-cycle",
                    "hearth-w7",
                    "The drain pump stops in the middle of a cycle.",
                )
                .await,
        );
        admin.settle().await;
        let page = admin
            .visitor()
            .await
            .get("/search?q=drain+pump+stops")
            .await;
        page.assert_status(200);
        assert!(
            position(&page, &format!("href=\"/t/{k}")) < position(&page, &format!("href=\"/t/{q}")),
            "the known issue comes first on {}",
            admin.engine()
        );
        // The kind facet names it.
        page.assert_contains("&amp;kind=known_issue\">Known issue</a>");
    })
    .await;
}

fn owned_id(app: &TestApp, username: &str, device: &str) -> i64 {
    let (name, slug) = (username.to_owned(), device.to_owned());
    app.db(move |conn| {
        let user = fixloop::model::accounts::users::find_by_username(conn, &name)
            .unwrap()
            .unwrap();
        let device = fixloop::model::knowledge::devices::find_by_slug(conn, &slug)
            .unwrap()
            .unwrap();
        fixloop::model::before_service::owned_devices::find_by_device(conn, user.id, device.id)
            .unwrap()
            .unwrap()
            .id
    })
}

fn told_new(app: &TestApp, username: &str) -> i64 {
    #[derive(diesel::QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let name = username.to_owned();
    app.db(move |conn| {
        use diesel::RunQueryDsl;
        diesel::sql_query(
            "SELECT COUNT(*) AS n FROM notifications x JOIN users u ON u.id = x.user_id \
             WHERE u.username = $1 AND x.kind = 'known_issue_new'",
        )
        .bind::<diesel::sql_types::Text, _>(name)
        .get_result::<N>(conn)
        .unwrap()
        .n
    })
}

#[actix_web::test]
async fn owners_may_ask_to_hear_of_new_known_issues_for_their_device() {
    each_db(|admin| async move {
        catalogue(&admin).await;
        let staff = staff(&admin, "ki_staff").await;
        let watcher = member(&admin, "ki_watcher").await;
        let quiet = member(&admin, "ki_quiet_owner").await;
        let elsewhere = member(&admin, "ki_other_owner").await;
        for (app, device) in [
            (&watcher, "hearth-w7"),
            (&quiet, "hearth-w7"),
            (&elsewhere, "modulo"),
        ] {
            app.post(&format!("/devices/{device}/own"), &[("nickname", "")])
                .await
                .assert_status(303);
        }
        // Only an owner is offered the choice, on the device's page.
        let w7 = owned_id(&admin, "ki_watcher", "hearth-w7");
        watcher
            .get("/devices/hearth-w7")
            .await
            .assert_contains(&format!("action=\"/settings/devices/{w7}/known-issues\""))
            .assert_contains("Tell me about new known issues for it");
        admin
            .visitor()
            .await
            .get("/devices/hearth-w7")
            .await
            .assert_lacks("/known-issues\" class=\"button-row thread-tools\"");
        watcher
            .post(
                &format!("/settings/devices/{w7}/known-issues"),
                &[("watch", "on")],
            )
            .await
            .assert_status(303);
        watcher
            .get("/devices/hearth-w7")
            .await
            .assert_contains("Stop telling me");
        let modulo = owned_id(&admin, "ki_other_owner", "modulo");
        elsewhere
            .post(
                &format!("/settings/devices/{modulo}/known-issues"),
                &[("watch", "on")],
            )
            .await
            .assert_status(303);
        // Someone else's owned device is not found; a suspended owner is refused.
        quiet
            .post(
                &format!("/settings/devices/{w7}/known-issues"),
                &[("watch", "on")],
            )
            .await
            .assert_status(404);
        assert_eq!(admin.count("known_issue_watchers"), 2);

        // A known issue for the whole line reaches the W7's watcher only.
        let k = open_issue(
            &staff,
            "Lid switch fails on all washers",
            "hearth-washers",
            &[],
        )
        .await;
        assert_eq!(told_new(&admin, "ki_watcher"), 1);
        assert_eq!(told_new(&admin, "ki_quiet_owner"), 0);
        assert_eq!(told_new(&admin, "ki_other_owner"), 0);
        assert_eq!(told_new(&admin, "ki_staff"), 0);
        watcher
            .get("/notifications")
            .await
            .assert_contains("opened a known issue for a device you own");
        assert!(k > 0);

        // Stopping works; and the choice goes with the device.
        admin.set_suspended("ki_watcher", Some(2));
        watcher
            .post(
                &format!("/settings/devices/{w7}/known-issues"),
                &[("watch", "off")],
            )
            .await
            .assert_status(403);
        admin.set_suspended("ki_watcher", None);
        watcher
            .post(
                &format!("/settings/devices/{w7}/known-issues"),
                &[("watch", "off")],
            )
            .await
            .assert_status(303);
        open_issue(
            &staff,
            "Door lock sticks on all washers",
            "hearth-washers",
            &[],
        )
        .await;
        assert_eq!(told_new(&admin, "ki_watcher"), 1);
        elsewhere
            .post(&format!("/settings/devices/{modulo}/remove"), &[])
            .await
            .assert_status(303);
        assert_eq!(admin.count("known_issue_watchers"), 0);
    })
    .await;
}
