//! Issue 28, before-service and device pages: a known issue says what to do
//! first (its page, its threads' banners, the status-change mail) and counts
//! the members affected one way; device pages list what applies from the
//! levels above them and offer "Ask a question" to everyone; pages no
//! longer contradict themselves (firmware on a maker's page, maintenance
//! counted from a purchase date, the firmware field's choices, search's
//! "unsolved").

use chrono::{Duration, Months};
use fixloop::model::accounts::users::Role;

use crate::common::{
    each_db, each_db_with_mail, member, staff, thread_id, Page, TestApp, MAILED_SITE,
};

/// Modulo > Modulo Laptop 13 > Modulo 13 (AMD 7040) > Gen12 board rev A.
async fn catalogue(app: &TestApp) -> TestApp {
    let admin = app.visitor().await;
    admin.register_as("i28_admin", Role::Admin).await;
    admin
        .add_devices(&[
            ("Modulo", "maker", ""),
            ("Modulo Laptop 13", "line", "modulo"),
            ("Modulo 13 (AMD 7040)", "model", "modulo-laptop-13"),
            ("Gen12 board rev A", "revision", "modulo-13-amd-7040"),
        ])
        .await;
    admin
}

/// The part of a page from `start` to the end of its section.
fn section<'a>(page: &'a Page, start: &str) -> &'a str {
    let from = page
        .body
        .find(start)
        .unwrap_or_else(|| panic!("{start} on the page"));
    let rest = &page.body[from..];
    &rest[..rest.find("</section>").unwrap_or(rest.len())]
}

const WORKAROUND: &str = "Use the rear USB-C port until new cards ship.";

#[actix_web::test]
async fn a_known_issue_says_what_to_do_first_on_its_page_its_threads_and_in_the_mail() {
    each_db_with_mail(|app, smtp| async move {
        catalogue(&app).await;
        let sol = staff(&app, "i28_sol").await;
        let asker = member(&app, "i28_asker").await;
        let other = member(&app, "i28_other").await;
        let question = thread_id(
            &asker
                .start_thread(
                    "troubleshooting",
                    "Charging stops when the cable moves",
                    "gen12-board-rev-a",
                    "The light goes off when I touch the cable.",
                )
                .await,
        );
        let opened = sol
            .post(
                "/known-issues/new",
                &[
                    ("title", "USB-C charging drops when the cable moves"),
                    ("device", "modulo-laptop-13"),
                    ("body", "The expansion card's socket is loose."),
                    ("status", "investigating"),
                ],
            )
            .await;
        opened.assert_status(303);
        let k: i64 = opened
            .location()
            .trim_start_matches("/known-issues/")
            .parse()
            .unwrap();
        sol.post(
            &format!("/known-issues/{k}/link"),
            &[("thread", &question.to_string())],
        )
        .await
        .assert_status(303);
        other
            .post(&format!("/t/{question}/me-too"), &[])
            .await
            .assert_status(303);

        // Nothing to do yet: the page says so, first.
        let page = app.get(&format!("/known-issues/{k}")).await;
        page.assert_status(200)
            .assert_contains("No fix or workaround yet");

        // "Workaround available" needs the workaround (or a note saying it,
        // or a best fix); the form keeps what was typed.
        let refused = sol
            .post(
                &format!("/known-issues/{k}/status"),
                &[
                    ("status", "workaround_available"),
                    ("workaround", ""),
                    ("fixed_in", "not yet"),
                ],
            )
            .await;
        refused
            .assert_status(422)
            .assert_contains("Say what people can do until it is fixed")
            .assert_contains("value=\"not yet\"");
        // Nothing changed.
        app.get(&format!("/known-issues/{k}"))
            .await
            .assert_lacks("Workaround available");
        sol.post(
            &format!("/known-issues/{k}/status"),
            &[
                ("status", "workaround_available"),
                ("workaround", WORKAROUND),
                ("note", "We reproduced it."),
            ],
        )
        .await
        .assert_status(303);

        // The issue's page: what to do comes before the symptoms.
        let page = app.get(&format!("/known-issues/{k}")).await;
        page.assert_status(200)
            .assert_contains(WORKAROUND)
            .assert_lacks("No fix yet")
            .assert_lacks("No fix or workaround yet");
        let advice_at = page.body.find(WORKAROUND).unwrap();
        let symptoms_at = page.body.find("id=\"symptoms-heading\"").unwrap();
        assert!(advice_at < symptoms_at, "the workaround comes first");
        // One count of the members affected: the asker and the "me too".
        page.assert_contains("<strong>2</strong> members affected");

        // The linked thread's banner says what to do, with the same count,
        // and no second count of its own.
        let thread = app.get(&format!("/t/{question}")).await;
        thread
            .assert_status(200)
            .assert_contains(WORKAROUND)
            .assert_contains("2 members affected")
            .assert_lacks("this problem too</p>")
            .assert_lacks("person has this problem too");

        // The status-change mail says it too, before the button.
        app.deliver_mail().await;
        let mail: Vec<_> = smtp
            .to("i28_asker@example.com")
            .into_iter()
            .filter(|m| m.text().contains("changed the status of a known issue"))
            .collect();
        assert_eq!(mail.len(), 1, "one status-change mail");
        let text = mail[0].text();
        assert!(text.contains("Status now: Workaround available"), "{text}");
        assert!(
            text.contains(&format!("Workaround: {WORKAROUND}")),
            "{text}"
        );
        assert!(
            text.find(WORKAROUND).unwrap() < text.find("Read it").unwrap(),
            "{text}"
        );
        assert!(mail[0].html().contains(WORKAROUND));
        // And the notification in the app.
        asker
            .get("/notifications")
            .await
            .assert_status(200)
            .assert_contains(&format!("<strong>Workaround:</strong> {WORKAROUND}"));

        // Fixed: the fix first, the workaround for those who cannot update.
        sol.post(
            &format!("/known-issues/{k}/status"),
            &[
                ("status", "fixed"),
                ("fixed_in", "firmware 3.06"),
                ("workaround", WORKAROUND),
            ],
        )
        .await
        .assert_status(303);
        let thread = app.get(&format!("/t/{question}")).await;
        thread
            .assert_contains("Fixed in firmware 3.06.")
            .assert_contains("Until you can update:");
        app.deliver_mail().await;
        let fixed: Vec<_> = smtp
            .to("i28_other@example.com")
            .into_iter()
            .filter(|m| m.text().contains("Fixed in firmware 3.06"))
            .collect();
        assert_eq!(fixed.len(), 1, "the member who said me too is told the fix");
        assert!(fixed[0].text().contains(MAILED_SITE));
    })
    .await;
}

#[actix_web::test]
async fn staff_keep_the_workaround_and_best_fix_between_status_changes() {
    each_db(|app| async move {
        catalogue(&app).await;
        let sol = staff(&app, "i28_sol").await;
        let asker = member(&app, "i28_asker").await;
        let opened = sol
            .post(
                "/known-issues/new",
                &[
                    ("title", "The fan spins at full speed after sleep"),
                    ("device", "modulo-laptop-13"),
                    ("body", "Loud fan after waking."),
                    ("status", "workaround_available"),
                    ("workaround", "Put it to sleep and wake it again."),
                ],
            )
            .await;
        opened.assert_status(303);
        let k = opened.location();
        app.get(&k)
            .await
            .assert_contains("Put it to sleep and wake it again.");
        let id = k.trim_start_matches("/known-issues/");

        // Only staff change it; members get a 403 and nothing changes.
        asker
            .post(
                &format!("/known-issues/{id}/best-fix"),
                &[("workaround", "Something else"), ("best_fix", "")],
            )
            .await
            .assert_status(403);
        // Clearing the workaround of an issue that says "workaround
        // available" with no best fix: refused, the typed text kept.
        sol.post(
            &format!("/known-issues/{id}/best-fix"),
            &[("workaround", ""), ("best_fix", "")],
        )
        .await
        .assert_status(422)
        .assert_contains("Say what people can do until it is fixed");
        let guide = thread_id(
            &sol.start_thread(
                "guide",
                "Reset the fan controller of the Modulo 13",
                "modulo-laptop-13",
                "Hold the power button for 30 seconds.",
            )
            .await,
        );
        sol.post(
            &format!("/known-issues/{id}/best-fix"),
            &[
                ("workaround", "Hold the power button."),
                ("best_fix", &format!("/t/{guide}")),
            ],
        )
        .await
        .assert_status(303);
        app.get(&k)
            .await
            .assert_contains("Hold the power button.")
            .assert_contains("Reset the fan controller of the Modulo 13");
        // Saving the same again changes nothing and says so.
        sol.post(
            &format!("/known-issues/{id}/best-fix"),
            &[
                ("workaround", "Hold the power button."),
                ("best_fix", &format!("/t/{guide}")),
            ],
        )
        .await
        .assert_status(422)
        .assert_contains("Nothing changed");
    })
    .await;
}

#[actix_web::test]
async fn device_pages_list_what_applies_from_the_levels_above() {
    each_db(|app| async move {
        let admin = catalogue(&app).await;
        let sol = staff(&app, "i28_sol").await;
        sol.start_thread(
            "guide",
            "Replace the battery of the Modulo Laptop 13",
            "modulo-laptop-13",
            "Six screws, then the connector.",
        )
        .await;
        sol.post(
            "/staff/devices/modulo-laptop-13/maintenance",
            &[
                ("title", "Calibrate the battery"),
                ("why", "The charge gauge drifts."),
                ("interval_count", "6"),
                ("interval_unit", "months"),
                ("usage_hint", ""),
                ("guide", ""),
            ],
        )
        .await
        .assert_status(303);
        sol.post(
            "/known-issues/new",
            &[
                ("title", "The hinge creaks"),
                ("device", "modulo-laptop-13"),
                ("body", "A creak when opening."),
                ("status", "investigating"),
            ],
        )
        .await
        .assert_status(303);

        for slug in ["modulo-13-amd-7040", "gen12-board-rev-a"] {
            let page = app.get(&format!("/devices/{slug}")).await;
            page.assert_status(200);
            for (heading, what) in [
                ("id=\"guides-heading\"", "Replace the battery of the Modulo Laptop 13"),
                ("id=\"maintenance-heading\"", "Calibrate the battery"),
                ("id=\"known-issues-heading\"", "The hinge creaks"),
            ] {
                let part = section(&page, heading);
                assert!(part.contains(what), "{slug}: {what} in {part}");
                assert!(
                    part.contains("Applies to all of <a href=\"/devices/modulo-laptop-13\">Modulo Laptop 13</a>"),
                    "{slug}: {what} is marked as from the line: {part}"
                );
            }
        }
        // On the line's own page it is its own: no mark.
        let line = app.get("/devices/modulo-laptop-13").await;
        assert!(!section(&line, "id=\"guides-heading\"").contains("Applies to all of"));

        // The revision's page was kept; a guide added on the maker ends it.
        admin
            .start_thread(
                "guide",
                "Open any Modulo case",
                "modulo",
                "Loosen the captive screws.",
            )
            .await;
        let page = app.get("/devices/gen12-board-rev-a").await;
        let guides = section(&page, "id=\"guides-heading\"");
        assert!(guides.contains("Open any Modulo case"), "{guides}");
        assert!(
            guides.contains("Applies to all of <a href=\"/devices/modulo\">Modulo</a>"),
            "{guides}"
        );
    })
    .await;
}

#[actix_web::test]
async fn everyone_can_ask_a_question_from_a_device_page() {
    each_db(|app| async move {
        catalogue(&app).await;
        let visitor = app.visitor().await;
        let page = visitor.get("/devices/gen12-board-rev-a").await;
        page.assert_status(200).assert_contains(">Ask a question</a>");
        let next = "/threads/new?kind=troubleshooting&device=gen12-board-rev-a";
        let actions = section(&page, "class=\"device-actions\"");
        assert!(
            actions.contains("href=\"/login?next=&#x2F;threads&#x2F;new%3Fkind%3Dtroubleshooting%26device%3Dgen12-board-rev-a\""),
            "a visitor goes through log-in: {actions}"
        );
        // After logging in with that `next`, they land on the form with the
        // device chosen.
        visitor.sign_up("i28_visitor").await.assert_status(200);
        let name = "i28_visitor".to_owned();
        app.db(move |conn| {
            let user = fixloop::model::accounts::users::find_by_username(conn, &name)
                .unwrap()
                .unwrap();
            fixloop::model::accounts::users::set_email_verified(conn, user.id, fixloop::model::now())
                .unwrap();
        });
        let logged_in = visitor
            .post(
                "/login",
                &[
                    ("login", "i28_visitor"),
                    ("password", crate::common::PASSWORD),
                    ("next", next),
                ],
            )
            .await;
        logged_in.assert_status(303);
        assert_eq!(logged_in.location(), next);
        visitor
            .get(next)
            .await
            .assert_status(200)
            .assert_contains("value=\"gen12-board-rev-a\" selected");

        let asker = member(&app, "i28_member").await;
        asker
            .get("/devices/gen12-board-rev-a")
            .await
            .assert_contains("href=\"&#x2F;threads&#x2F;new?kind=troubleshooting&amp;device=gen12-board-rev-a\"");
    })
    .await;
}

#[actix_web::test]
async fn a_makers_page_names_its_models_firmware_instead_of_none() {
    each_db(|app| async move {
        catalogue(&app).await;
        let sol = staff(&app, "i28_sol").await;
        let today = fixloop::model::now().date();
        for (version, days) in [("3.05", 40), ("3.06", 3)] {
            sol.post(
                "/staff/devices/modulo-13-amd-7040/firmware",
                &[
                    ("version", version),
                    ("released_on", &(today - Duration::days(days)).to_string()),
                    ("notes", ""),
                ],
            )
            .await
            .assert_status(303);
        }
        let maker = app.get("/devices/modulo").await;
        let firmware = section(&maker, "id=\"firmware\"");
        assert!(
            !firmware.contains("No firmware releases recorded"),
            "{firmware}"
        );
        assert!(
            firmware.contains("Firmware is released for each model"),
            "{firmware}"
        );
        assert!(firmware.contains("Modulo 13 (AMD 7040)"), "{firmware}");
        assert!(firmware.contains("<strong>3.06</strong>"), "{firmware}");

        // The model's owners are offered its releases in the firmware field
        // (other text still goes).
        let owner = member(&app, "i28_owner").await;
        let device_page = owner.get("/devices/gen12-board-rev-a").await;
        device_page
            .assert_contains("list=\"own-firmware-releases\"")
            .assert_contains("<option value=\"3.06\">3.06 (current)</option>")
            .assert_contains("<option value=\"3.05\">");
        owner
            .post(
                "/devices/gen12-board-rev-a/own",
                &[
                    ("nickname", ""),
                    ("purchased_on", ""),
                    ("firmware", "3.06-beta"),
                ],
            )
            .await
            .assert_status(303);
        let settings = owner.get("/settings/devices").await;
        settings
            .assert_contains("firmware 3.06-beta")
            .assert_contains("<option value=\"3.06\">3.06 (current)</option>");
    })
    .await;
}

#[actix_web::test]
async fn a_task_counted_from_the_purchase_is_not_called_overdue_until_recorded() {
    each_db(|app| async move {
        catalogue(&app).await;
        let sol = staff(&app, "i28_sol").await;
        sol.post(
            "/staff/devices/modulo-laptop-13/maintenance",
            &[
                ("title", "Clean the fan"),
                ("why", "Dust makes it loud."),
                ("interval_count", "3"),
                ("interval_unit", "months"),
                ("usage_hint", ""),
                ("guide", ""),
            ],
        )
        .await
        .assert_status(303);
        let owner = member(&app, "i28_owner").await;
        let today = fixloop::model::now().date();
        let bought = today.checked_sub_months(Months::new(8)).unwrap();
        owner
            .post(
                "/devices/gen12-board-rev-a/own",
                &[
                    ("nickname", "Work laptop"),
                    ("purchased_on", &bought.to_string()),
                    ("firmware", ""),
                ],
            )
            .await
            .assert_status(303);
        let due = bought.checked_add_months(Months::new(3)).unwrap();
        let due_day = crate::common::english_day(&due);
        let page = owner.get("/settings/devices").await;
        page.assert_status(200)
            .assert_contains(&format!(
                "Never recorded as done: due since {due_day} counting from the purchase date"
            ))
            .assert_lacks("Overdue since")
            .assert_contains("Last done on");
        owner
            .get("/")
            .await
            .assert_contains("counting from the purchase date: when did you last do it?")
            .assert_lacks("overdue since");

        // The owner says when it was last done: the next date counts from it.
        let owned_id: i64 = {
            let body = &page.body;
            let at = body.find("id=\"owned-").unwrap() + "id=\"owned-".len();
            body[at..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect::<String>()
                .parse()
                .unwrap()
        };
        let task_id: i64 = {
            let body = &page.body;
            let at = body.find("name=\"task\" value=\"").unwrap() + "name=\"task\" value=\"".len();
            body[at..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect::<String>()
                .parse()
                .unwrap()
        };
        let last = today.checked_sub_months(Months::new(4)).unwrap();
        let last_day = crate::common::english_day(&last);
        owner
            .post(
                &format!("/settings/devices/{owned_id}/done"),
                &[
                    ("task", &task_id.to_string()),
                    ("done_on", &last.to_string()),
                ],
            )
            .await
            .assert_status(303);
        let next = last.checked_add_months(Months::new(3)).unwrap();
        let next_day = crate::common::english_day(&next);
        owner
            .get("/settings/devices")
            .await
            .assert_contains(&format!("Overdue since {next_day}"))
            .assert_contains(&format!("last done {last_day}"))
            .assert_lacks("Never recorded as done");
        // A date in the future is refused, with the date kept.
        let tomorrow = (today + Duration::days(1)).to_string();
        owner
            .post(
                &format!("/settings/devices/{owned_id}/done"),
                &[("task", &task_id.to_string()), ("done_on", &tomorrow)],
            )
            .await
            .assert_status(422)
            .assert_contains(&tomorrow);
    })
    .await;
}
