//! "My devices" and maintenance reminders (issue 16), through HTTP on both
//! databases: owning and un-owning, the profile, the new question's device,
//! the "your device" marks, staff-only plans, due dates, snoozes and "done"
//! with a controllable clock (the job takes `now`), reminders sent exactly
//! once (also with two jobs at once), and mail per the owner's choice.

use std::future::Future;

use chrono::{Duration, Months, NaiveDate, NaiveDateTime};
use diesel::RunQueryDsl;
use fixloop::forum::before_service::maintenance::send_reminders;
use fixloop::model::accounts::users::Role;

use crate::common::{each_db, thread_id, TestApp, TestDb};
use crate::mail_server::SmtpServer;

/// A maker > model > revision tree made by an admin (on its own cookie jar).
async fn tree(app: &TestApp) {
    let admin = app.visitor().await;
    admin.register_as("od_admin", Role::Admin).await;
    for (name, kind, parent) in [
        ("Washco", "maker", ""),
        ("Washco W7", "model", "washco"),
        ("W7 rev B", "revision", "washco-w7"),
        ("Dryco", "maker", ""),
    ] {
        admin
            .post(
                "/devices/new",
                &[
                    ("name", name),
                    ("kind", kind),
                    ("parent", parent),
                    ("slug", ""),
                    ("description", ""),
                ],
            )
            .await
            .assert_status(303);
    }
}

async fn member(app: &TestApp, name: &str) -> TestApp {
    let jar = app.visitor().await;
    jar.register(name).await.assert_status(303);
    jar
}

fn today() -> NaiveDate {
    fixloop::model::now().date()
}

fn owned_id(app: &TestApp, username: &str, device: &str) -> i64 {
    #[derive(diesel::QueryableByName)]
    struct Id {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        id: i64,
    }
    let sql = format!(
        "SELECT o.id AS id FROM owned_devices o JOIN users u ON u.id = o.user_id \
         JOIN devices d ON d.id = o.device_id WHERE u.username = '{username}' AND d.slug = '{device}'"
    );
    app.db(|conn| diesel::sql_query(sql).get_result::<Id>(conn).unwrap().id)
}

fn task_id(app: &TestApp, title: &str) -> i64 {
    #[derive(diesel::QueryableByName)]
    struct Id {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        id: i64,
    }
    let sql = format!("SELECT id FROM maintenance_tasks WHERE title = '{title}'");
    app.db(|conn| diesel::sql_query(sql).get_result::<Id>(conn).unwrap().id)
}

fn reminders(app: &TestApp, now: NaiveDateTime) -> usize {
    app.db(move |conn| send_reminders(conn, now).unwrap())
}

fn notifications_of(app: &TestApp, username: &str) -> i64 {
    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let sql = format!(
        "SELECT COUNT(*) AS n FROM notifications n JOIN users u ON u.id = n.user_id \
         WHERE u.username = '{username}' AND n.kind = 'maintenance_due'"
    );
    app.db(|conn| diesel::sql_query(sql).get_result::<Count>(conn).unwrap().n)
}

/// A guide (by a staff member) and a task on the model "every 3 months"
/// pointing at it; returns the task's id.
async fn plan_with_guide(app: &TestApp, staff: &TestApp) -> i64 {
    let guide = thread_id(
        &staff
            .start_thread(
                "guide",
                "Cleaning the W7 drain filter",
                "washco-w7",
                "Unscrew the flap.",
            )
            .await,
    );
    staff
        .post(
            "/staff/devices/washco-w7/maintenance",
            &[
                ("title", "Clean the drain pump filter"),
                ("why", "A clogged filter stops the drain (error E21)."),
                ("interval_count", "3"),
                ("interval_unit", "months"),
                ("usage_hint", ""),
                ("guide", &format!("#{guide}")),
            ],
        )
        .await
        .assert_status(303);
    task_id(app, "Clean the drain pump filter")
}

#[actix_web::test]
async fn members_own_devices_and_choose_what_others_see() {
    each_db(|app| async move {
        tree(&app).await;
        let olu = member(&app, "owner_olu").await;

        // Nothing owned yet: the device page offers "I own this".
        olu.get("/devices/w7-rev-b")
            .await
            .assert_status(200)
            .assert_contains("action=\"/devices/w7-rev-b/own\"")
            .assert_lacks("You own this");
        olu.get("/settings/devices")
            .await
            .assert_status(200)
            .assert_contains("You have not added any device yet.");

        let bought = (today() - Duration::days(30)).to_string();
        let bought_day = crate::common::english_day(&bought);
        let page = olu
            .post(
                "/devices/w7-rev-b/own",
                &[
                    ("nickname", "Kitchen washer"),
                    ("purchased_on", &bought),
                    ("firmware", "3.05"),
                ],
            )
            .await;
        page.assert_status(303);
        assert_eq!(page.location(), "/devices/w7-rev-b#ownership");
        assert_eq!(app.count("owned_devices"), 1);
        olu.get("/devices/w7-rev-b")
            .await
            .assert_contains("You own this")
            .assert_contains("Kitchen washer")
            .assert_contains("firmware 3.05")
            .assert_contains("private (only you see it)");
        // The same form again changes what was said: still one row.
        olu.post(
            "/devices/w7-rev-b/own",
            &[
                ("nickname", "Washer"),
                ("purchased_on", &bought),
                ("firmware", "3.06"),
            ],
        )
        .await
        .assert_status(303);
        assert_eq!(app.count("owned_devices"), 1);
        olu.get("/settings/devices")
            .await
            .assert_contains("W7 rev B")
            .assert_contains("“Washer”")
            .assert_contains("firmware 3.06")
            .assert_contains(&format!("Bought {bought_day}"));

        // Private: the profile shows nothing, to others or to a visitor.
        let visitor = app.visitor().await;
        visitor
            .get("/u/owner_olu")
            .await
            .assert_status(200)
            .assert_lacks("W7 rev B");
        // Shown on the profile once they choose it (edited from settings).
        let id = owned_id(&app, "owner_olu", "w7-rev-b");
        olu.post(
            &format!("/settings/devices/{id}"),
            &[
                ("nickname", "Washer"),
                ("purchased_on", &bought),
                ("firmware", "3.06"),
                ("shown_on_profile", "on"),
            ],
        )
        .await
        .assert_status(303);
        visitor
            .get("/u/owner_olu")
            .await
            .assert_contains("href=\"/devices/w7-rev-b\"")
            .assert_contains("W7 rev B · Washer");

        // Someone else cannot see or change it: "not found".
        let other = member(&app, "other_oz").await;
        other
            .post(
                &format!("/settings/devices/{id}"),
                &[("nickname", "Mine now")],
            )
            .await
            .assert_status(404);
        other
            .post(&format!("/settings/devices/{id}/remove"), &[])
            .await
            .assert_status(404);
        other.get("/settings/devices").await.assert_lacks("Washer");
        assert_eq!(app.count("owned_devices"), 1);

        // Un-owning.
        olu.post(&format!("/settings/devices/{id}/remove"), &[])
            .await
            .assert_status(303);
        assert_eq!(app.count("owned_devices"), 0);
        visitor.get("/u/owner_olu").await.assert_lacks("W7 rev B");
        olu.get("/devices/w7-rev-b")
            .await
            .assert_lacks("You own this");
    })
    .await;
}

#[actix_web::test]
async fn owned_devices_prefill_questions_and_mark_threads() {
    each_db(|app| async move {
        tree(&app).await;
        let olu = member(&app, "owner_olu").await;
        let asker = member(&app, "asker_ama").await;
        for (title, device) in [
            ("Drum squeaks on the revision", "w7-rev-b"),
            ("W7 model door seal", "washco-w7"),
            ("Washco brand question", "washco"),
            ("Dryer lint everywhere", "dryco"),
        ] {
            asker
                .start_thread("troubleshooting", title, device, "Details.")
                .await;
        }

        // No device owned: no prefill, no marks.
        let form = olu.get("/threads/new").await;
        form.assert_status(200)
            .assert_lacks("selected>")
            .assert_lacks("Your device");
        olu.get("/").await.assert_lacks("Your device");

        olu.post("/devices/dryco/own", &[]).await.assert_status(303);
        olu.post("/devices/w7-rev-b/own", &[])
            .await
            .assert_status(303);
        // The newest owned device is the new question's device...
        olu.get("/threads/new")
            .await
            .assert_contains("<option value=\"w7-rev-b\" selected>");
        // ...unless the link names one.
        olu.get("/threads/new?device=dryco")
            .await
            .assert_contains("<option value=\"dryco\" selected>")
            .assert_lacks("<option value=\"w7-rev-b\" selected>");

        // Marks: the revision, its model (the direct parent) and the other
        // owned maker; not the maker above the model.
        let home = olu.get("/").await;
        let marked = |title: &str| {
            let row = home
                .body
                .split("<li class=\"thread-row")
                .find(|row| row.contains(title))
                .unwrap_or_else(|| panic!("{title} is listed"));
            row.contains("Your device")
        };
        assert!(marked("Drum squeaks on the revision"));
        assert!(marked("W7 model door seal"));
        assert!(marked("Dryer lint everywhere"));
        assert!(!marked("Washco brand question"));
        // Another member owns nothing: no marks for them.
        asker.get("/").await.assert_lacks("Your device");
        // Search results are marked the same way, for the owner only.
        let found = olu.get("/search?q=drum+squeaks").await;
        found
            .assert_contains("on the revision</a>")
            .assert_contains("Your device");
        olu.get("/search?q=brand+question")
            .await
            .assert_contains("1 thread found")
            .assert_lacks("Your device");
        asker
            .get("/search?q=drum+squeaks")
            .await
            .assert_contains("on the revision</a>")
            .assert_lacks("Your device");
        // The device page's list is marked too.
        olu.get("/devices/washco")
            .await
            .assert_contains("Your device");

        // Owning the model marks its revisions' threads.
        let mo = member(&app, "model_mo").await;
        mo.post("/devices/washco-w7/own", &[])
            .await
            .assert_status(303);
        let page = mo.get("/devices/w7-rev-b").await;
        assert!(page.body.contains("Your device"), "revision thread marked");

        // Known issues and ideas carry the mark too, in their lists and on
        // device pages: one about the owned revision, one about the maker.
        let staff = app.visitor().await;
        staff.register_as("staff_sam", Role::Staff).await;
        for (title, device) in [
            ("Pump stops mid-cycle", "w7-rev-b"),
            ("Brand-wide app outage", "washco"),
        ] {
            staff
                .post(
                    "/known-issues/new",
                    &[
                        ("title", title),
                        ("device", device),
                        ("body", "Seen by many owners."),
                        ("status", "investigating"),
                    ],
                )
                .await
                .assert_status(303);
            asker
                .post(
                    "/ideas/new",
                    &[
                        ("title", &format!("Idea: {title}")),
                        ("device", device),
                        ("body", "A better design would prevent it."),
                    ],
                )
                .await
                .assert_status(303);
        }
        let row_marked = |page: &str, title: &str| {
            page.split("<li class=\"thread-row")
                .find(|row| row.contains(title))
                .unwrap_or_else(|| panic!("{title} is listed"))
                .contains("Your device")
        };
        for path in ["/known-issues", "/devices/washco"] {
            let page = olu.get(path).await.body;
            assert!(row_marked(&page, "Pump stops mid-cycle"), "{path}");
            assert!(!row_marked(&page, "Brand-wide app outage"), "{path}");
        }
        for path in ["/ideas", "/devices/washco-w7"] {
            let page = olu.get(path).await.body;
            assert!(row_marked(&page, "Idea: Pump stops mid-cycle"), "{path}");
            assert!(!row_marked(&page, "Idea: Brand-wide app outage"), "{path}");
        }
        let visitor = app.visitor().await;
        visitor
            .get("/known-issues")
            .await
            .assert_lacks("Your device");
        visitor.get("/ideas").await.assert_lacks("Your device");
    })
    .await;
}

#[actix_web::test]
async fn bad_ownership_input_is_refused_clearly() {
    each_db(|app| async move {
        tree(&app).await;
        let olu = member(&app, "owner_olu").await;
        olu.post("/devices/no-such-device/own", &[])
            .await
            .assert_status(404);
        let tomorrow = (today() + Duration::days(1)).to_string();
        olu.post("/devices/washco-w7/own", &[("purchased_on", &tomorrow)])
            .await
            .assert_status(422)
            .assert_contains("The purchase date cannot be in the future")
            // The form again, with what was typed.
            .assert_contains(&format!("value=\"{tomorrow}\""));
        olu.post("/devices/washco-w7/own", &[("purchased_on", "last spring")])
            .await
            .assert_status(422)
            .assert_contains("“last spring” is not a date");
        olu.post("/devices/washco-w7/own", &[("nickname", &"n".repeat(61))])
            .await
            .assert_status(422)
            .assert_contains("Keep the nickname to 60 characters.");
        olu.post("/devices/washco-w7/own", &[("firmware", &"1".repeat(41))])
            .await
            .assert_status(422)
            .assert_contains("A firmware version has at most 40 characters");
        assert_eq!(app.count("owned_devices"), 0);
        // A visitor logs in first; a suspended member reads only.
        app.visitor()
            .await
            .post("/devices/washco-w7/own", &[])
            .await
            .assert_status(401);
        app.set_suspended("owner_olu", Some(3));
        olu.post("/devices/washco-w7/own", &[])
            .await
            .assert_status(403)
            .assert_contains("suspended");
        assert_eq!(app.count("owned_devices"), 0);
        app.set_suspended("owner_olu", None);
        // Editing with a bad date shows that device's form again.
        olu.post("/devices/washco-w7/own", &[])
            .await
            .assert_status(303);
        let id = owned_id(&app, "owner_olu", "washco-w7");
        olu.post(
            &format!("/settings/devices/{id}"),
            &[("purchased_on", "2026-02-30")],
        )
        .await
        .assert_status(422)
        .assert_contains("“2026-02-30” is not a date");
        olu.post("/settings/devices/999999/remove", &[])
            .await
            .assert_status(404);
    })
    .await;
}

#[actix_web::test]
async fn only_staff_manage_maintenance_plans() {
    each_db(|app| async move {
        tree(&app).await;
        let staff = app.visitor().await;
        staff.register_as("staff_sam", Role::Staff).await;
        let fields: &[(&str, &str)] = &[
            ("title", "Descale the heater"),
            ("why", "Scale burns the element out."),
            ("interval_count", "6"),
            ("interval_unit", "months"),
            ("usage_hint", ""),
            ("guide", ""),
        ];
        // Members and suspended staff are refused, and nothing changes.
        let olu = member(&app, "owner_olu").await;
        olu.get("/staff/devices/washco/maintenance")
            .await
            .assert_status(403);
        olu.post("/staff/devices/washco/maintenance", fields)
            .await
            .assert_status(403);
        let suspended = app.visitor().await;
        suspended.register_as("staff_sus", Role::Staff).await;
        app.set_suspended("staff_sus", Some(3));
        suspended
            .post("/staff/devices/washco/maintenance", fields)
            .await
            .assert_status(403)
            .assert_contains("suspended");
        app.visitor()
            .await
            .post("/staff/devices/washco/maintenance", fields)
            .await
            .assert_status(401);
        assert_eq!(app.count("maintenance_tasks"), 0);

        // Staff add one on the maker: it applies to everything below.
        staff
            .get("/staff/devices/washco/maintenance")
            .await
            .assert_status(200)
            .assert_contains("No maintenance tasks yet.");
        staff
            .post("/staff/devices/washco/maintenance", fields)
            .await
            .assert_status(303);
        let task = task_id(&app, "Descale the heater");
        app.visitor()
            .await
            .get("/devices/w7-rev-b")
            .await
            .assert_contains("Maintenance plan")
            .assert_contains("Descale the heater")
            .assert_contains("every 6 months")
            .assert_contains("Scale burns the element out.");
        app.visitor()
            .await
            .get("/devices/dryco")
            .await
            .assert_lacks("Descale the heater");

        // Bad input, each with its message and the form again.
        let bad =
            |count: &'static str, unit: &'static str, hint: &'static str, guide: &'static str| {
                vec![
                    ("title", "Descale again"),
                    ("why", ""),
                    ("interval_count", count),
                    ("interval_unit", unit),
                    ("usage_hint", hint),
                    ("guide", guide),
                ]
            };
        staff
            .post(
                "/staff/devices/washco/maintenance",
                &bad("0", "days", "", ""),
            )
            .await
            .assert_status(422)
            .assert_contains("The interval must be a whole number greater than zero.")
            .assert_contains("value=\"Descale again\"");
        staff
            .post(
                "/staff/devices/washco/maintenance",
                &bad("", "days", "", ""),
            )
            .await
            .assert_status(422)
            .assert_contains("Give an interval");
        staff
            .post(
                "/staff/devices/washco/maintenance",
                &bad("3", "weeks", "", ""),
            )
            .await
            .assert_status(422)
            .assert_contains("Choose days or months.");
        let question = thread_id(
            &olu.start_thread("troubleshooting", "A question", "washco", "Body.")
                .await,
        );
        let not_a_guide: &'static str = Box::leak(question.to_string().into_boxed_str());
        staff
            .post(
                "/staff/devices/washco/maintenance",
                &bad("3", "days", "", not_a_guide),
            )
            .await
            .assert_status(422)
            .assert_contains("is not a guide");
        staff
            .post(
                "/staff/devices/washco/maintenance",
                &bad("3", "days", "", "999999"),
            )
            .await
            .assert_status(422)
            .assert_contains("There is no guide #999999.");
        staff
            .post(
                "/staff/devices/no-such-device/maintenance",
                &bad("3", "days", "", ""),
            )
            .await
            .assert_status(404);
        assert_eq!(app.count("maintenance_tasks"), 1);

        // A usage hint alone is a task without a date.
        staff
            .post(
                "/staff/devices/washco-w7/maintenance",
                &bad("", "days", "every 200 wash cycles", ""),
            )
            .await
            .assert_status(303);

        // Edit (members refused), then remove.
        olu.post(&format!("/staff/maintenance/{task}/edit"), fields)
            .await
            .assert_status(403);
        staff
            .post(
                &format!("/staff/maintenance/{task}/edit"),
                &[
                    ("title", "Descale the heater element"),
                    ("interval_count", "90"),
                    ("interval_unit", "days"),
                ],
            )
            .await
            .assert_status(303);
        app.visitor()
            .await
            .get("/devices/washco-w7")
            .await
            .assert_contains("Descale the heater element")
            .assert_contains("every 90 days")
            .assert_contains("every 200 wash cycles");
        staff
            .post(
                &format!("/staff/maintenance/{task}/edit"),
                &[
                    ("title", "x"),
                    ("interval_count", "5"),
                    ("interval_unit", "days"),
                ],
            )
            .await
            .assert_status(422)
            .assert_contains("Give the task a title of 3 to 120 characters.");
        suspended
            .post(&format!("/staff/maintenance/{task}/remove"), &[])
            .await
            .assert_status(403);
        staff
            .post(&format!("/staff/maintenance/{task}/remove"), &[])
            .await
            .assert_status(303);
        staff
            .post("/staff/maintenance/999999/remove", &[])
            .await
            .assert_status(404);
        assert_eq!(app.count("maintenance_tasks"), 1);
    })
    .await;
}

#[actix_web::test]
async fn due_dates_snoozes_and_done_with_a_controllable_clock() {
    each_db(|app| async move {
        tree(&app).await;
        let staff = app.visitor().await;
        staff.register_as("staff_sam", Role::Staff).await;
        let task = plan_with_guide(&app, &staff).await;
        let olu = member(&app, "owner_olu").await;
        // Bought four months ago: the 3-monthly task is a month overdue.
        let bought = today().checked_sub_months(Months::new(4)).unwrap();
        olu.post(
            "/devices/w7-rev-b/own",
            &[("purchased_on", &bought.to_string())],
        )
        .await
        .assert_status(303);
        let owned = owned_id(&app, "owner_olu", "w7-rev-b");
        let due = bought.checked_add_months(Months::new(3)).unwrap();
        let due_day = crate::common::english_day(&due);
        // Counted from the purchase, not from a time it was done: said so.
        olu.get("/settings/devices")
            .await
            .assert_contains("Clean the drain pump filter")
            .assert_contains(&format!(
                "Never recorded as done: due since {due_day} counting from the purchase date"
            ))
            .assert_contains("How: Cleaning the W7 drain filter");
        olu.get("/")
            .await
            .assert_contains("maintenance-card")
            .assert_contains(&format!(
                "due since {due_day} counting from the purchase date"
            ));

        let now = fixloop::model::now();
        // Told once per due occurrence, however often the job runs.
        assert_eq!(reminders(&app, now), 1);
        assert_eq!(reminders(&app, now), 0);
        assert_eq!(reminders(&app, now + Duration::days(3)), 0);
        assert_eq!(notifications_of(&app, "owner_olu"), 1);
        olu.get("/notifications")
            .await
            .assert_contains(&format!(
                "Maintenance is due since <time datetime=\"{due}\">"
            ))
            .assert_contains("on a device you own:")
            .assert_contains("Clean the drain pump filter — W7 rev B");

        // Snoozed a week from today: a new occurrence, told when it comes.
        olu.post(
            &format!("/settings/devices/{owned}/snooze"),
            &[("task", &task.to_string()), ("period", "week")],
        )
        .await
        .assert_status(303);
        let snoozed = today() + Duration::days(7);
        let snoozed_day = crate::common::english_day(&snoozed);
        olu.get("/settings/devices")
            .await
            .assert_contains(&format!("Due {snoozed_day}"))
            .assert_contains(&format!("snoozed until {snoozed_day}"));
        assert_eq!(reminders(&app, now + Duration::days(6)), 0);
        assert_eq!(reminders(&app, now + Duration::days(7)), 1);
        assert_eq!(reminders(&app, now + Duration::days(8)), 0);
        assert_eq!(notifications_of(&app, "owner_olu"), 2);
        olu.post(
            &format!("/settings/devices/{owned}/snooze"),
            &[("task", &task.to_string()), ("period", "forever")],
        )
        .await
        .assert_status(422)
        .assert_contains("“forever” is not a snooze");

        // Done (on a date in the past): the next one counts from it.
        let done = today() - Duration::days(2);
        let done_day = crate::common::english_day(&done);
        let page = olu
            .post(
                &format!("/settings/devices/{owned}/done"),
                &[("task", &task.to_string()), ("done_on", &done.to_string())],
            )
            .await;
        page.assert_status(303);
        let next = done.checked_add_months(Months::new(3)).unwrap();
        let next_day = crate::common::english_day(&next);
        assert!(page.location().contains(&format!("done={next}")));
        olu.get("/settings/devices")
            .await
            .assert_contains(&format!("Next: {next_day}"))
            .assert_contains(&format!("last done {done_day}"))
            .assert_lacks("snoozed until");
        olu.get("/").await.assert_lacks("maintenance-card");
        let at = |d: NaiveDate| d.and_hms_opt(12, 0, 0).unwrap();
        assert_eq!(reminders(&app, at(next - Duration::days(1))), 0);
        assert_eq!(reminders(&app, at(next)), 1);
        assert_eq!(reminders(&app, at(next)), 0);
        assert_eq!(notifications_of(&app, "owner_olu"), 3);
        // What the dashboard can count: reminders sent, tasks marked done.
        let (sent, done_count) = app.db(|conn| {
            (
                fixloop::model::before_service::maintenance::reminders_sent(conn).unwrap(),
                fixloop::model::before_service::maintenance::marked_done(conn).unwrap(),
            )
        });
        assert_eq!((sent, done_count), (3, 1));

        // Bad input: a date in the future, not a date, someone else's device,
        // a task that is not for this device.
        let tomorrow = (today() + Duration::days(1)).to_string();
        olu.post(
            &format!("/settings/devices/{owned}/done"),
            &[("task", &task.to_string()), ("done_on", &tomorrow)],
        )
        .await
        .assert_status(422)
        .assert_contains("The date it was done cannot be in the future")
        .assert_contains(&format!("value=\"{tomorrow}\""));
        olu.post(
            &format!("/settings/devices/{owned}/done"),
            &[("task", &task.to_string()), ("done_on", "soon")],
        )
        .await
        .assert_status(422)
        .assert_contains("“soon” is not a date");
        olu.post(
            &format!("/settings/devices/{owned}/done"),
            &[("task", "abc")],
        )
        .await
        .assert_status(400);
        let other = member(&app, "other_oz").await;
        other
            .post(
                &format!("/settings/devices/{owned}/done"),
                &[("task", &task.to_string())],
            )
            .await
            .assert_status(404);
        other
            .post("/devices/dryco/own", &[])
            .await
            .assert_status(303);
        let others = owned_id(&app, "other_oz", "dryco");
        other
            .post(
                &format!("/settings/devices/{others}/done"),
                &[("task", &task.to_string())],
            )
            .await
            .assert_status(404);
        // Still done two days ago.
        olu.get("/settings/devices")
            .await
            .assert_contains(&format!("last done {done_day}"));

        // A task without a guide is told too (the reminder opens the task on
        // "My devices"), under the nickname the owner gave the device.
        staff
            .post(
                "/staff/devices/washco/maintenance",
                &[
                    ("title", "Check the hoses"),
                    ("interval_count", "1"),
                    ("interval_unit", "days"),
                    ("guide", ""),
                ],
            )
            .await
            .assert_status(303);
        let hoses = task_id(&app, "Check the hoses");
        olu.post(
            &format!("/settings/devices/{owned}"),
            &[
                ("nickname", "Kitchen washer"),
                ("purchased_on", &bought.to_string()),
                ("firmware", ""),
            ],
        )
        .await
        .assert_status(303);
        olu.get("/settings/devices")
            .await
            .assert_contains("Check the hoses");
        let before = notifications_of(&app, "owner_olu");
        assert_eq!(reminders(&app, now + Duration::days(5)), 1);
        assert_eq!(reminders(&app, now + Duration::days(5)), 0);
        assert_eq!(notifications_of(&app, "owner_olu"), before + 1);
        olu.get("/notifications")
            .await
            .assert_contains("Check the hoses — Kitchen washer");
        let notification = app.db(move |conn| {
            #[derive(diesel::QueryableByName)]
            struct Id {
                #[diesel(sql_type = diesel::sql_types::BigInt)]
                id: i64,
            }
            diesel::sql_query(format!(
                "SELECT id FROM notifications WHERE task_id = {hoses}"
            ))
            .get_result::<Id>(conn)
            .unwrap()
            .id
        });
        let opened = olu
            .post(&format!("/notifications/{notification}"), &[])
            .await;
        opened.assert_status(303);
        assert_eq!(
            opened.location(),
            format!("/settings/devices#owned-{owned}-task-{hoses}")
        );
        // Someone else cannot open it.
        other
            .post(&format!("/notifications/{notification}"), &[])
            .await
            .assert_status(404);

        // Removing the device takes its log and reminders with it.
        olu.post(&format!("/settings/devices/{owned}/remove"), &[])
            .await
            .assert_status(303);
        assert_eq!(app.count("maintenance_log"), 0);
        assert_eq!(app.count("maintenance_reminders"), 0);
        assert_eq!(notifications_of(&app, "owner_olu"), 0);
    })
    .await;
}

#[actix_web::test]
async fn two_jobs_at_once_send_each_reminder_once() {
    each_db(|app| async move {
        tree(&app).await;
        let staff = app.visitor().await;
        staff.register_as("staff_sam", Role::Staff).await;
        plan_with_guide(&app, &staff).await;
        let old = today()
            .checked_sub_months(Months::new(5))
            .unwrap()
            .to_string();
        for name in ["race_a", "race_b", "race_c"] {
            let m = member(&app, name).await;
            m.post("/devices/washco-w7/own", &[("purchased_on", &old)])
                .await
                .assert_status(303);
        }
        let now = fixloop::model::now();
        let pool = app.state.pool.clone();
        let runs: Vec<_> = (0..2)
            .map(|_| {
                let pool = pool.clone();
                std::thread::spawn(move || {
                    let mut conn = pool.get().unwrap();
                    send_reminders(&mut conn, now).unwrap()
                })
            })
            .collect();
        let sent: usize = runs.into_iter().map(|r| r.join().unwrap()).sum();
        assert_eq!(sent, 3);
        assert_eq!(app.count("maintenance_reminders"), 3);
        for name in ["race_a", "race_b", "race_c"] {
            assert_eq!(notifications_of(&app, name), 1, "{name}");
        }
    })
    .await;
}

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

#[actix_web::test]
async fn reminders_are_mailed_as_each_owner_chose() {
    each_db_with_mail(|app, server| async move {
        tree(&app).await;
        let staff = app.visitor().await;
        staff.register_as("staff_sam", Role::Staff).await;
        plan_with_guide(&app, &staff).await;
        let old = today()
            .checked_sub_months(Months::new(4))
            .unwrap()
            .to_string();
        let mut jars = Vec::new();
        for (name, mode) in [
            ("mail_instant", None),
            ("mail_digest", Some("digest")),
            ("mail_never", Some("never")),
        ] {
            let m = member(&app, name).await;
            if let Some(mode) = mode {
                m.post("/settings/mail", &[("maintenance_due", mode)])
                    .await
                    .assert_status(303);
            }
            m.post("/devices/w7-rev-b/own", &[("purchased_on", &old)])
                .await
                .assert_status(303);
            jars.push(m);
        }
        // The kind is on the mail settings page, "at once" by default.
        jars[0]
            .get("/settings/mail")
            .await
            .assert_contains("Maintenance due on my devices")
            .assert_contains("name=\"maintenance_due\"><option value=\"instant\" selected>");

        let now = fixloop::model::now();
        assert_eq!(reminders(&app, now), 3);
        app.deliver_mail().await;
        let instant = server.to("mail_instant@example.com");
        let mailed: Vec<_> = instant
            .iter()
            .filter(|m| m.subject().contains("Maintenance due"))
            .collect();
        assert_eq!(mailed.len(), 1, "one mail at once");
        // The dash between task and device is an encoded word in the header.
        let subject = mailed[0].subject();
        assert!(
            subject.starts_with("Maintenance due: Clean the drain pump filter")
                && subject.ends_with(" W7 rev B"),
            "{subject}"
        );
        assert!(mailed[0]
            .text()
            .contains("Maintenance is due on a device you own"));
        assert!(mailed[0].text().contains("/settings/devices#owned-"));
        assert!(server
            .to("mail_never@example.com")
            .iter()
            .all(|m| !m.subject().contains("Maintenance")));
        assert!(server
            .to("mail_digest@example.com")
            .iter()
            .all(|m| !m.subject().contains("Maintenance")));
        // The digest gathers it.
        assert_eq!(app.count("mail_digest_items"), 1);
        let later = now + Duration::days(1);
        let hour = 0;
        app.db(move |conn| {
            fixloop::forum::accounts::mail_preferences::send_digests(conn, later, hour).unwrap()
        });
        app.deliver_mail().await;
        let digests: Vec<_> = server
            .to("mail_digest@example.com")
            .into_iter()
            .filter(|m| m.subject().contains("digest"))
            .collect();
        assert_eq!(digests.len(), 1);
        assert!(digests[0]
            .text()
            .contains("Clean the drain pump filter — W7 rev B"));
        assert!(digests[0].text().contains("Maintenance is due"));
        // A second run mails nothing more.
        assert_eq!(reminders(&app, now), 0);
        app.deliver_mail().await;
        assert_eq!(
            server
                .to("mail_instant@example.com")
                .iter()
                .filter(|m| m.subject().contains("Maintenance due"))
                .count(),
            1
        );
    })
    .await;
}

#[actix_web::test]
async fn a_kept_device_page_shows_each_member_their_own_part() {
    each_db(|app| async move {
        tree(&app).await;
        let owner = member(&app, "hub_owner").await;
        let other = member(&app, "hub_other").await;
        owner
            .post("/devices/washco-w7/own", &[("nickname", "Cellar washer")])
            .await
            .assert_status(303);
        let idea = owner
            .post(
                "/ideas/new",
                &[
                    ("title", "A filter you can reach from the front"),
                    ("device", "washco-w7"),
                    ("body", "No more lying on the floor."),
                ],
            )
            .await;
        idea.assert_status(303);
        // Each reads the page twice (the second time from the kept data).
        for _ in 0..2 {
            owner
                .get("/devices/washco-w7")
                .await
                .assert_contains("You own this")
                .assert_contains("“Cellar washer”")
                .assert_contains("You voted");
            other
                .get("/devices/washco-w7")
                .await
                .assert_contains("A filter you can reach from the front")
                .assert_lacks("You own this")
                .assert_lacks("Cellar washer")
                .assert_lacks("You voted");
        }
        // A write shows at once to both.
        other
            .start_thread(
                "troubleshooting",
                "W7 drum bearing hums",
                "washco-w7",
                "A hum.",
            )
            .await;
        for reader in [&owner, &other] {
            reader
                .get("/devices/washco-w7")
                .await
                .assert_contains("W7 drum bearing hums");
        }
    })
    .await;
}
