//! Answers that stay true: firmware releases (staff only), the version a
//! solution or verification was checked on, freshness after a newer release,
//! "still works" / "no longer works" and the reopen threshold, the device
//! hub's filter, and bad inputs.

use diesel::prelude::*;
use fixloop::model::users::Role;

use crate::common::{each_db, thread_id, TestApp};

/// Acme (maker) > Acme Fans (line) > Acme Fan 3 (model), and Other Co.
async fn catalogue(admin: &TestApp) {
    for (name, kind, parent) in [
        ("Acme", "maker", ""),
        ("Acme Fans", "line", "acme"),
        ("Acme Fan 3", "model", "acme-fans"),
        ("Other Co", "maker", ""),
    ] {
        admin
            .post(
                "/devices/new",
                &[("name", name), ("kind", kind), ("parent", parent)],
            )
            .await
            .assert_status(303);
    }
}

async fn release(staff: &TestApp, device: &str, version: &str, on: &str) {
    staff
        .post(
            &format!("/staff/devices/{device}/firmware"),
            &[("version", version), ("released_on", on), ("notes", "")],
        )
        .await
        .assert_status(303);
}

/// The device hub's firmware section.
fn firmware_section(page: &crate::common::Page) -> String {
    let start = page
        .body
        .find("id=\"firmware\"")
        .expect("the hub has a firmware section");
    let rest = &page.body[start..];
    rest[..rest.find("</section>").unwrap()].to_owned()
}

fn thread_state(app: &TestApp, id: i64) -> (String, Option<i64>) {
    app.db(move |conn| {
        use fixloop::db::schema::threads;
        threads::table
            .find(id)
            .select((threads::status, threads::solution_post_id))
            .first(conn)
            .unwrap()
    })
}

fn notifications(app: &TestApp, name: &'static str, kind: &'static str) -> i64 {
    app.db(move |conn| {
        use fixloop::db::schema::{notifications, users};
        notifications::table
            .inner_join(users::table.on(users::id.eq(notifications::user_id)))
            .filter(users::username.eq(name))
            .filter(notifications::kind.eq(kind))
            .count()
            .get_result(conn)
            .unwrap()
    })
}

#[actix_web::test]
async fn only_staff_manage_firmware_releases() {
    each_db(|admin| async move {
        admin.register_as("fw_admin", Role::Admin).await;
        catalogue(&admin).await;
        let member = admin.visitor().await;
        member.register("fw_member").await.assert_status(303);
        let staff = admin.visitor().await;
        staff.register_as("fw_staff", Role::Staff).await;
        let benched = admin.visitor().await;
        benched.register_as("fw_benched", Role::Staff).await;
        admin.set_suspended("fw_benched", Some(3));
        let visitor = admin.visitor().await;
        let page = "/staff/devices/acme-fans/firmware";
        let fields = [
            ("version", "3.05"),
            ("released_on", "2026-03-01"),
            ("notes", "Quieter fan curve."),
        ];

        member.get(page).await.assert_status(403);
        visitor.get(page).await.assert_lacks("Record a release");
        for refused in [&member, &benched] {
            refused.post(page, &fields).await.assert_status(403);
        }
        visitor.post(page, &fields).await.assert_status(401);
        assert_eq!(admin.count("firmware_releases"), 0);

        staff
            .get(page)
            .await
            .assert_status(200)
            .assert_contains("Firmware of Acme Fans")
            .assert_contains("Record a release");
        staff.post(page, &fields).await.assert_status(303);
        assert_eq!(admin.count("firmware_releases"), 1);
        staff
            .get(page)
            .await
            .assert_contains("3.05")
            .assert_contains("Quieter fan curve.");
        // The device page lists it, for everyone, with the management link for staff.
        visitor
            .get("/devices/acme-fans")
            .await
            .assert_contains("Current firmware: <strong>3.05</strong>")
            .assert_lacks("Manage releases");
        // A release applies below its device too.
        visitor
            .get("/devices/acme-fan-3")
            .await
            .assert_contains("Current firmware: <strong>3.05</strong>");
        visitor.get("/devices/other-co").await.assert_lacks("3.05");
        staff
            .get("/devices/acme-fans")
            .await
            .assert_contains("Manage releases");

        // Bad inputs: clear messages, the form kept, nothing written.
        let bad = |version: &'static str, on: &'static str| {
            [("version", version), ("released_on", on), ("notes", "")]
        };
        staff
            .post(page, &bad("  ", "2026-03-02"))
            .await
            .assert_status(422)
            .assert_contains("Give the version");
        staff
            .post(page, &bad("3.06", "March"))
            .await
            .assert_status(422)
            .assert_contains("YYYY-MM-DD")
            .assert_contains("value=\"3.06\"");
        staff
            .post(page, &bad("3.05", "2026-03-02"))
            .await
            .assert_status(422)
            .assert_contains("3.05 is already recorded for Acme Fans");
        staff
            .post(page, &bad("3.06 <b>", "2026-03-02"))
            .await
            .assert_status(422)
            .assert_contains("A version holds letters");
        staff
            .post(
                "/staff/devices/no-such-device/firmware",
                &bad("1.0", "2026-03-02"),
            )
            .await
            .assert_status(404);
        staff
            .get("/staff/devices/no-such-device/firmware")
            .await
            .assert_status(404);
        assert_eq!(admin.count("firmware_releases"), 1);
    })
    .await;
}

/// A question on Acme Fan 3 with an answer from a helper; (thread, answer).
async fn question(asker: &TestApp, helper: &TestApp, title: &str) -> (i64, i64) {
    let id = thread_id(
        &asker
            .start_thread("troubleshooting", title, "acme-fan-3", "It hums.")
            .await,
    );
    let answer = helper
        .reply(id, "Clean the intake and reseat the fan.")
        .await;
    (id, answer)
}

#[actix_web::test]
async fn answers_record_the_firmware_and_go_stale_after_a_newer_release() {
    each_db(|admin| async move {
        admin.register_as("fs_admin", Role::Admin).await;
        catalogue(&admin).await;
        let staff = admin.visitor().await;
        staff.register_as("fs_staff", Role::Staff).await;
        let asker = admin.visitor().await;
        asker.register("fs_asker").await.assert_status(303);
        let helper = admin.visitor().await;
        helper.register("fs_helper").await.assert_status(303);
        let reader = admin.visitor().await;
        reader.register("fs_reader").await.assert_status(303);
        release(&staff, "acme-fans", "3.05", "2026-03-01").await;
        release(&staff, "other-co", "9.9", "2026-03-01").await;
        let (id, answer) = question(&asker, &helper, "The fan hums at night").await;

        // The form offers the device's releases.
        asker
            .get(&format!("/t/{id}"))
            .await
            .assert_contains("name=\"firmware\"")
            .assert_contains("<option value=\"3.05\">");
        // The asker's own device (My devices) on 3.05: preselected for them only.
        asker
            .post(
                "/devices/acme-fan-3/own",
                &[("nickname", ""), ("purchased_on", ""), ("firmware", "3.05")],
            )
            .await
            .assert_status(303);
        asker
            .get(&format!("/t/{id}"))
            .await
            .assert_contains("<option value=\"3.05\" selected>Checked on 3.05 (current) — your device");
        staff
            .get(&format!("/t/{id}"))
            .await
            .assert_lacks("your device</option>");
        // A version that is not of this device: a clear 422, nothing solved.
        for wrong in ["3.07", "9.9"] {
            asker
                .post(&format!("/posts/{answer}/solution"), &[("firmware", wrong)])
                .await
                .assert_status(422)
                .assert_contains(&format!(
                    "{wrong} is not a firmware release of this thread&#x27;s device (its releases: 3.05)"
                ));
        }
        assert_eq!(thread_state(&admin, id), ("open".into(), None));
        assert_eq!(admin.count("firmware_checks"), 0);
        asker
            .post(
                &format!("/posts/{answer}/solution"),
                &[("firmware", "3.05")],
            )
            .await
            .assert_status(303);
        assert_eq!(thread_state(&admin, id), ("solved".into(), Some(answer)));
        assert_eq!(admin.count("firmware_checks"), 1);
        reader
            .get(&format!("/t/{id}"))
            .await
            .assert_contains("Checked on firmware 3.05")
            .assert_lacks("not yet confirmed");

        // Staff verify another answer, checked on 3.05 too.
        let second = helper.reply(id, "Or lower the fan curve.").await;
        staff
            .post(
                &format!("/posts/{second}/verify"),
                &[("note", ""), ("firmware", "nope")],
            )
            .await
            .assert_status(422);
        staff
            .post(
                &format!("/posts/{second}/verify"),
                &[("note", ""), ("firmware", "3.05")],
            )
            .await
            .assert_status(303);
        assert_eq!(admin.count("firmware_checks"), 2);

        // Without a device there is no firmware to record; empty records nothing.
        let loose = thread_id(
            &asker
                .start_thread("troubleshooting", "Something hums", "", "Hum.")
                .await,
        );
        let loose_answer = helper.reply(loose, "Find the hum.").await;
        asker
            .post(
                &format!("/posts/{loose_answer}/solution"),
                &[("firmware", "3.05")],
            )
            .await
            .assert_status(422)
            .assert_contains("has no device");
        asker
            .post(
                &format!("/posts/{loose_answer}/solution"),
                &[("firmware", "")],
            )
            .await
            .assert_status(303);
        assert_eq!(admin.count("firmware_checks"), 2);

        // A newer release for the model: the answers are not yet confirmed on it.
        release(&staff, "acme-fan-3", "3.06", "2026-06-01").await;
        reader
            .get(&format!("/t/{id}"))
            .await
            .assert_contains("Checked on 3.05 — not yet confirmed on 3.06")
            .assert_contains("Still works on 3.06")
            .assert_contains("No longer works on 3.06");
        let hub = reader.get("/devices/acme-fans").await;
        hub.assert_contains("checked on 3.05 — not yet confirmed on 3.06");
        // The hub's filter: nothing is confirmed on the current firmware yet.
        let filtered = reader.get("/devices/acme-fans?firmware=current").await;
        filtered.assert_contains("No fix here is confirmed on the current firmware yet");
        assert!(!firmware_section(&filtered).contains("The fan hums at night"));
        assert!(firmware_section(&hub).contains("The fan hums at night"));
        // The line's own page knows only its own releases as current: 3.05.
        hub.assert_contains("Current firmware: <strong>3.05</strong>");

        // Not the answer's own author: others' evidence only.
        helper
            .get(&format!("/t/{id}"))
            .await
            .assert_lacks(&format!("action=\"/posts/{answer}/firmware\""));
        helper
            .post(&format!("/posts/{answer}/firmware"), &[("works", "yes")])
            .await
            .assert_status(403)
            .assert_contains("This is your own answer");
        assert_eq!(admin.count("freshness_reports"), 0);
        // "Still works on 3.06" refreshes the check.
        reader
            .post(&format!("/posts/{answer}/firmware"), &[("works", "maybe")])
            .await
            .assert_status(400);
        reader
            .post(&format!("/posts/{answer}/firmware"), &[("works", "yes")])
            .await
            .assert_status(303);
        reader
            .get(&format!("/t/{id}"))
            .await
            .assert_contains("Checked on firmware 3.06")
            .assert_contains("You reported on 3.06");
        let filtered = reader.get("/devices/acme-fans?firmware=current").await;
        let section = firmware_section(&filtered);
        assert!(section.contains("The fan hums at night"), "{section}");
        assert!(section.contains("confirmed on 3.06"), "{section}");
        // Already confirmed: a clear 409.
        staff
            .post(&format!("/posts/{answer}/firmware"), &[("works", "yes")])
            .await
            .assert_status(409)
            .assert_contains("already confirmed on 3.06");
        // An answer without a recorded check.
        reader
            .post(
                &format!("/posts/{loose_answer}/firmware"),
                &[("works", "no")],
            )
            .await
            .assert_status(409)
            .assert_contains("No firmware version was recorded");
        reader
            .post("/posts/999999/firmware", &[("works", "no")])
            .await
            .assert_status(404);
    })
    .await;
}

#[actix_web::test]
async fn no_longer_works_tells_staff_and_the_solver_and_reopens_at_three() {
    each_db(|admin| async move {
        admin.register_as("fb_admin", Role::Admin).await;
        catalogue(&admin).await;
        let staff = admin.visitor().await;
        staff.register_as("fb_staff", Role::Staff).await;
        let asker = admin.visitor().await;
        asker.register("fb_asker").await.assert_status(303);
        let helper = admin.visitor().await;
        helper.register("fb_helper").await.assert_status(303);
        release(&staff, "acme-fans", "3.05", "2026-03-01").await;
        let (id, answer) = question(&asker, &helper, "The fan stops after waking").await;
        asker
            .post(
                &format!("/posts/{answer}/solution"),
                &[("firmware", "3.05")],
            )
            .await
            .assert_status(303);
        release(&staff, "acme-fan-3", "3.06", "2026-06-01").await;

        let mut reporters = Vec::new();
        for n in 1..=3 {
            let member = admin.visitor().await;
            member
                .register(&format!("fb_member_{n}"))
                .await
                .assert_status(303);
            reporters.push(member);
        }
        let suspended = admin.visitor().await;
        suspended.register("fb_suspended").await.assert_status(303);
        admin.set_suspended("fb_suspended", Some(3));
        suspended
            .post(&format!("/posts/{answer}/firmware"), &[("works", "no")])
            .await
            .assert_status(403);
        assert_eq!(admin.count("freshness_reports"), 0);

        reporters[0]
            .post(&format!("/posts/{answer}/firmware"), &[("works", "no")])
            .await
            .assert_status(303);
        assert_eq!(notifications(&admin, "fb_staff", "firmware_broken"), 1);
        assert_eq!(notifications(&admin, "fb_admin", "firmware_broken"), 1);
        assert_eq!(notifications(&admin, "fb_helper", "firmware_broken"), 1);
        assert_eq!(notifications(&admin, "fb_member_2", "firmware_broken"), 0);
        staff
            .get("/notifications")
            .await
            .assert_contains("says an answer no longer works on the current firmware");
        asker.get(&format!("/t/{id}")).await.assert_contains(
            "1 member says it no longer works on 3.06; at 3 the question opens again",
        );
        // Once per member and release.
        reporters[0]
            .post(&format!("/posts/{answer}/firmware"), &[("works", "no")])
            .await
            .assert_status(409)
            .assert_contains("already reported on firmware 3.06");
        reporters[1]
            .post(&format!("/posts/{answer}/firmware"), &[("works", "no")])
            .await
            .assert_status(303);
        assert_eq!(thread_state(&admin, id), ("solved".into(), Some(answer)));
        assert_eq!(notifications(&admin, "fb_helper", "firmware_broken"), 2);

        // The third: the solution is un-marked and the question is open again.
        reporters[2]
            .post(&format!("/posts/{answer}/firmware"), &[("works", "no")])
            .await
            .assert_status(303);
        assert_eq!(thread_state(&admin, id), ("open".into(), None));
        assert_eq!(notifications(&admin, "fb_asker", "firmware_reopened"), 1);
        let audited: i64 = admin.db(|conn| {
            use fixloop::db::schema::audit_log;
            audit_log::table
                .filter(audit_log::action.eq("firmware_reopen"))
                .count()
                .get_result(conn)
                .unwrap()
        });
        assert_eq!(audited, 1);
        asker
            .get(&format!("/t/{id}"))
            .await
            .assert_lacks("✓ Solution")
            .assert_contains("Ask staff for help");
    })
    .await;
}
