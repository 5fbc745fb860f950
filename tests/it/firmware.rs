//! Answers that stay true: firmware releases (staff only), the version a
//! solution or verification was checked on, freshness after a newer release,
//! "still works" / "no longer works" (trusted members only), the threshold
//! that puts a solution in question and staff's decision on it, the device
//! hub's filter, search's `firmware=current` on every engine, the migration
//! that backfills it, and bad inputs.

use diesel::prelude::*;
use fixloop::model::accounts::users::Role;

use crate::common::{each_db, each_engine_with, thread_id, TestApp};

/// Acme (maker) > Acme Fans (line) > Acme Fan 3 (model), and Other Co.
async fn catalogue(admin: &TestApp) {
    admin
        .add_devices(&[
            ("Acme", "maker", ""),
            ("Acme Fans", "line", "acme"),
            ("Acme Fan 3", "model", "acme-fans"),
            ("Other Co", "maker", ""),
        ])
        .await;
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

/// Gives a member the trusted reputation (20): only trusted members report
/// whether an answer still works.
fn trust(app: &TestApp, name: &'static str) {
    app.db(move |conn| {
        use fixloop::db::schema::users;
        diesel::update(users::table.filter(users::username.eq(name)))
            .set(users::reputation.eq(20))
            .execute(conn)
            .unwrap();
    });
}

fn reputation_of(app: &TestApp, name: &'static str) -> i32 {
    app.db(move |conn| {
        use fixloop::db::schema::users;
        users::table
            .filter(users::username.eq(name))
            .select(users::reputation)
            .first(conn)
            .unwrap()
    })
}

fn review_outcomes(app: &TestApp) -> Vec<String> {
    app.db(|conn| {
        use fixloop::db::schema::solution_reviews;
        solution_reviews::table
            .order(solution_reviews::id)
            .select(solution_reviews::outcome)
            .load(conn)
            .unwrap()
    })
}

fn audited(app: &TestApp, action: &'static str) -> i64 {
    app.db(move |conn| {
        use fixloop::db::schema::audit_log;
        audit_log::table
            .filter(audit_log::action.eq(action))
            .count()
            .get_result(conn)
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
        trust(&admin, "fs_reader");
        trust(&admin, "fs_helper");
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
async fn no_longer_works_tells_staff_and_the_solver_and_staff_confirm_at_three() {
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
        let solver_reputation = reputation_of(&admin, "fb_helper");

        let mut reporters = Vec::new();
        for name in ["fb_member_1", "fb_member_2", "fb_member_3"] {
            let member = admin.visitor().await;
            member.register(name).await.assert_status(303);
            trust(&admin, name);
            reporters.push(member);
        }
        let suspended = admin.visitor().await;
        suspended.register("fb_suspended").await.assert_status(303);
        trust(&admin, "fb_suspended");
        admin.set_suspended("fb_suspended", Some(3));
        suspended
            .post(&format!("/posts/{answer}/firmware"), &[("works", "no")])
            .await
            .assert_status(403);
        assert_eq!(admin.count("freshness_reports"), 0);
        reporters[0]
            .get(&format!("/t/{id}"))
            .await
            .assert_contains(&format!("action=\"/posts/{answer}/firmware\""));

        // The report's throwaway accounts (unconfirmed, seconds old) and a
        // confirmed new member: refused, nothing written, nobody told, the
        // stale check not re-stamped.
        for name in ["fb_throwaway_1", "fb_throwaway_2", "fb_throwaway_3"] {
            let throwaway = admin.visitor().await;
            throwaway.register_unverified(name).await.assert_status(303);
            throwaway
                .get(&format!("/t/{id}"))
                .await
                .assert_lacks(&format!("action=\"/posts/{answer}/firmware\""))
                .assert_contains("Reports on whether this still works come from members with a confirmed email address and 20 reputation");
            for works in ["no", "yes"] {
                throwaway
                    .post(&format!("/posts/{answer}/firmware"), &[("works", works)])
                    .await
                    .assert_status(403)
                    .assert_contains("confirmed email address and at least 20 reputation");
            }
        }
        let newcomer = admin.visitor().await;
        newcomer.register("fb_newcomer").await.assert_status(303);
        newcomer
            .post(&format!("/posts/{answer}/firmware"), &[("works", "no")])
            .await
            .assert_status(403);
        assert_eq!(admin.count("freshness_reports"), 0);
        assert_eq!(admin.count("notifications WHERE kind LIKE 'firmware%'"), 0);
        assert_eq!(thread_state(&admin, id), ("solved".into(), Some(answer)));
        assert_eq!(reputation_of(&admin, "fb_helper"), solver_reputation);
        asker
            .get(&format!("/t/{id}"))
            .await
            .assert_contains("Checked on 3.05 — not yet confirmed on 3.06");
        // Reports such accounts left before this release count for nothing.
        admin.db(|conn| {
            use fixloop::db::schema::{firmware_releases, freshness_reports, users};
            let release: i64 = firmware_releases::table
                .filter(firmware_releases::version.eq("3.06"))
                .select(firmware_releases::id)
                .first(conn)
                .unwrap();
            let throwaways: Vec<i64> = users::table
                .filter(users::username.like("fb_throwaway_%"))
                .select(users::id)
                .load(conn)
                .unwrap();
            for user in throwaways {
                diesel::insert_into(freshness_reports::table)
                    .values((
                        freshness_reports::post_id.eq(answer),
                        freshness_reports::release_id.eq(release),
                        freshness_reports::user_id.eq(user),
                        freshness_reports::works.eq(false),
                        freshness_reports::created_at.eq(fixloop::model::now()),
                    ))
                    .execute(conn)
                    .unwrap();
            }
        });

        // A trusted member: the solver and staff are told.
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
            "1 member says it no longer works on 3.06; at 3 staff are asked to check it",
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
        // Two trusted reports (and the three old throwaway ones): nothing
        // yet; the unread notifications are not repeated.
        assert_eq!(thread_state(&admin, id), ("solved".into(), Some(answer)));
        assert!(review_outcomes(&admin).is_empty());
        assert_eq!(notifications(&admin, "fb_helper", "firmware_broken"), 1);
        assert_eq!(notifications(&admin, "fb_staff", "firmware_broken"), 1);

        // The third trusted report puts the solution in question: staff are
        // asked (once each); it stays the solution, the solver keeps the
        // reputation, the asker is not told yet.
        reporters[2]
            .post(&format!("/posts/{answer}/firmware"), &[("works", "no")])
            .await
            .assert_status(303);
        assert_eq!(thread_state(&admin, id), ("solved".into(), Some(answer)));
        assert_eq!(reputation_of(&admin, "fb_helper"), solver_reputation);
        assert_eq!(review_outcomes(&admin), ["open"]);
        assert_eq!(notifications(&admin, "fb_staff", "firmware_in_question"), 1);
        assert_eq!(notifications(&admin, "fb_admin", "firmware_in_question"), 1);
        assert_eq!(notifications(&admin, "fb_helper", "firmware_in_question"), 0);
        assert_eq!(notifications(&admin, "fb_asker", "firmware_reopened"), 0);
        assert_eq!(audited(&admin, "firmware_in_question"), 1);
        assert_eq!(audited(&admin, "firmware_reopen"), 0);
        staff
            .get("/notifications")
            .await
            .assert_contains("please check it and confirm or keep it");
        let decide = format!("action=\"/posts/{answer}/firmware/review\"");
        staff
            .get(&format!("/t/{id}"))
            .await
            .assert_contains("In question:</strong> 3 members say this solution no longer works on 3.06")
            .assert_contains(&decide);
        asker
            .get(&format!("/t/{id}"))
            .await
            .assert_contains("✓ Solution")
            .assert_contains("Staff are checking; until they confirm, it stays the solution")
            .assert_lacks(&decide);
        // Only staff decide.
        for member in [&asker, &reporters[0]] {
            member
                .post(
                    &format!("/posts/{answer}/firmware/review"),
                    &[("decision", "unmark")],
                )
                .await
                .assert_status(403);
        }
        staff
            .post(
                &format!("/posts/{answer}/firmware/review"),
                &[("decision", "maybe")],
            )
            .await
            .assert_status(400);
        assert_eq!(thread_state(&admin, id), ("solved".into(), Some(answer)));

        // Staff confirm: now the solution is un-marked and the question is
        // open again; the solver loses the solution's reputation.
        staff
            .post(
                &format!("/posts/{answer}/firmware/review"),
                &[("decision", "unmark")],
            )
            .await
            .assert_status(303);
        assert_eq!(thread_state(&admin, id), ("open".into(), None));
        assert_eq!(reputation_of(&admin, "fb_helper"), solver_reputation - 15);
        assert_eq!(review_outcomes(&admin), ["unmarked"]);
        assert_eq!(notifications(&admin, "fb_asker", "firmware_reopened"), 1);
        assert_eq!(notifications(&admin, "fb_helper", "firmware_reopened"), 1);
        assert_eq!(audited(&admin, "firmware_reopen"), 1);
        asker
            .get(&format!("/t/{id}"))
            .await
            .assert_lacks("✓ Solution")
            .assert_contains("Ask staff for help");
        asker
            .get("/notifications")
            .await
            .assert_contains("(staff) confirmed that the solution no longer works");
        staff
            .post(
                &format!("/posts/{answer}/firmware/review"),
                &[("decision", "unmark")],
            )
            .await
            .assert_status(409);

        // Another solution in question, which staff keep: it stays solved,
        // and more reports on the same release do not ask again.
        let (kept, kept_answer) = question(&asker, &helper, "The fan ticks when cold").await;
        asker
            .post(
                &format!("/posts/{kept_answer}/solution"),
                &[("firmware", "3.05")],
            )
            .await
            .assert_status(303);
        let kept_reputation = reputation_of(&admin, "fb_helper");
        for reporter in &reporters {
            reporter
                .post(&format!("/posts/{kept_answer}/firmware"), &[("works", "no")])
                .await
                .assert_status(303);
        }
        assert_eq!(review_outcomes(&admin), ["unmarked", "open"]);
        admin
            .post(
                &format!("/posts/{kept_answer}/firmware/review"),
                &[("decision", "keep")],
            )
            .await
            .assert_status(303);
        assert_eq!(review_outcomes(&admin), ["unmarked", "kept"]);
        assert_eq!(thread_state(&admin, kept), ("solved".into(), Some(kept_answer)));
        assert_eq!(reputation_of(&admin, "fb_helper"), kept_reputation);
        assert_eq!(audited(&admin, "firmware_keep"), 1);
        let fourth = admin.visitor().await;
        fourth.register("fb_member_4").await.assert_status(303);
        trust(&admin, "fb_member_4");
        fourth
            .post(&format!("/posts/{kept_answer}/firmware"), &[("works", "no")])
            .await
            .assert_status(303);
        assert_eq!(review_outcomes(&admin), ["unmarked", "kept"]);
        assert_eq!(thread_state(&admin, kept), ("solved".into(), Some(kept_answer)));
        asker
            .get(&format!("/t/{kept}"))
            .await
            .assert_lacks("In question:");
    })
    .await;
}

/// The threads a search finds (the JSON API), in order.
async fn found(app: &TestApp, query: &str) -> Vec<i64> {
    let json = app.get(&format!("/api/v1/search?{query}")).await.json();
    assert_eq!(json["engine"], app.engine(), "{json}");
    json["hits"]
        .as_array()
        .unwrap_or_else(|| panic!("no hits in {json}"))
        .iter()
        .map(|h| h["thread_id"].as_i64().unwrap())
        .collect()
}

fn sorted(mut ids: Vec<i64>) -> Vec<i64> {
    ids.sort_unstable();
    ids
}

/// Search's `firmware=current`, from the same body on the builtin engine (each
/// database) and on Meilisearch: found while the solution is confirmed on the
/// current firmware of the thread's device; not after a newer release for the
/// device or anything above it (still found without the filter); found again
/// after "still works on" it; never for a thread without a check on its
/// solution; and the same fact as the device hub's `?firmware=current`.
#[actix_web::test]
async fn search_finds_fixes_confirmed_on_the_current_firmware() {
    // Results are not kept between the searches (a write does not empty them).
    each_engine_with(|c| c.search_cache_seconds = 0, |admin| async move {
        admin.register_as("sf_admin", Role::Admin).await;
        catalogue(&admin).await;
        let staff = admin.visitor().await;
        staff.register_as("sf_staff", Role::Staff).await;
        let asker = admin.visitor().await;
        asker.register("sf_asker").await.assert_status(303);
        let helper = admin.visitor().await;
        helper.register("sf_helper").await.assert_status(303);
        let reader = admin.visitor().await;
        reader.register("sf_reader").await.assert_status(303);
        trust(&admin, "sf_reader");
        let visitor = admin.visitor().await;
        release(&staff, "acme-fans", "3.05", "2026-03-01").await;

        // Checked on 3.05, the current firmware.
        let (fresh, fresh_answer) = question(&asker, &helper, "Fan hum at idle").await;
        asker
            .post(&format!("/posts/{fresh_answer}/solution"), &[("firmware", "3.05")])
            .await
            .assert_status(303);
        // Solved without a firmware check.
        let (unchecked, unchecked_answer) = question(&asker, &helper, "Fan hum when cold").await;
        asker
            .post(&format!("/posts/{unchecked_answer}/solution"), &[("firmware", "")])
            .await
            .assert_status(303);
        // Open, with a staff-verified answer checked on 3.05: not a solution.
        let (verified_only, verified_answer) = question(&asker, &helper, "Fan hum on battery").await;
        staff
            .post(
                &format!("/posts/{verified_answer}/verify"),
                &[("note", ""), ("firmware", "3.05")],
            )
            .await
            .assert_status(303);
        // Open, nothing checked.
        let (open, _) = question(&asker, &helper, "Fan hum after update").await;
        admin.settle().await;

        let everything = sorted(vec![fresh, unchecked, verified_only, open]);
        assert_eq!(sorted(found(&visitor, "q=hum").await), everything);
        assert_eq!(found(&visitor, "q=hum&firmware=current").await, [fresh]);
        // An empty value is no filter, as for the others.
        assert_eq!(sorted(found(&visitor, "q=hum&firmware=").await), everything);
        let json = visitor.get("/api/v1/search?q=hum").await.json();
        assert_eq!(
            json["facets"]["firmware"],
            serde_json::json!([{ "value": "current", "count": 1 }]),
            "{json}"
        );
        let hit = json["hits"]
            .as_array()
            .unwrap()
            .iter()
            .find(|h| h["thread_id"] == fresh)
            .unwrap();
        assert_eq!(hit["firmware_current"], true, "{json}");
        // Combined with the other filters.
        assert_eq!(found(&visitor, "q=hum&firmware=current&solved=yes").await, [fresh]);
        assert!(found(&visitor, "q=hum&firmware=current&solved=no").await.is_empty());
        assert!(found(&visitor, "q=hum&firmware=current&device=other-co").await.is_empty());
        // The results page: the facet, the filter, and a link that clears it.
        visitor
            .get("/search?q=hum")
            .await
            .assert_contains("firmware=current\">Confirmed on the current firmware</a> <span class=\"count\">1</span>");
        let page = visitor.get("/search?q=hum&firmware=current").await;
        page.assert_contains("1 thread found")
            .assert_contains(&format!("href=\"/t/{fresh}\""))
            .assert_contains("× any firmware")
            .assert_contains("<input type=\"hidden\" name=\"firmware\" value=\"current\">");
        // Bad values: a clear 400, as for the other filters.
        for bad in ["old", "yes", "3.05"] {
            let page = visitor.get(&format!("/api/v1/search?q=hum&firmware={bad}")).await;
            page.assert_status(400);
            assert_eq!(page.json()["error"]["code"], "bad_request");
            visitor
                .get(&format!("/search?q=hum&firmware={bad}"))
                .await
                .assert_status(400)
                .assert_contains("&#x27;firmware&#x27; is current");
        }

        // A release of another device changes nothing here; an older one
        // recorded late neither.
        release(&staff, "other-co", "9.9", "2026-07-01").await;
        release(&staff, "acme-fans", "3.04", "2026-01-15").await;
        admin.settle().await;
        assert_eq!(found(&visitor, "q=hum&firmware=current").await, [fresh]);

        // A newer release for the model (below the line the check's release
        // is on): not confirmed on the current firmware any more, in search
        // and on the hub; still found without the filter.
        release(&staff, "acme-fan-3", "3.06", "2026-06-01").await;
        admin.settle().await;
        assert!(found(&visitor, "q=hum&firmware=current").await.is_empty());
        assert_eq!(sorted(found(&visitor, "q=hum").await), everything);
        assert_eq!(found(&visitor, "q=hum&solved=yes&verified=no").await.len(), 2);
        let json = visitor.get("/api/v1/search?q=hum").await.json();
        assert_eq!(json["facets"]["firmware"], serde_json::json!([]), "{json}");
        visitor
            .get("/search?q=hum&firmware=current")
            .await
            .assert_contains("0 threads found")
            .assert_contains("× any firmware");
        let hub = visitor.get("/devices/acme-fans?firmware=current").await;
        assert!(!firmware_section(&hub).contains("Fan hum at idle"));

        // "Still works on 3.06": found again, and on the hub.
        reader
            .post(&format!("/posts/{fresh_answer}/firmware"), &[("works", "yes")])
            .await
            .assert_status(303);
        // A verified answer's report is about that answer, not the thread's solution.
        reader
            .post(&format!("/posts/{verified_answer}/firmware"), &[("works", "yes")])
            .await
            .assert_status(303);
        admin.settle().await;
        assert_eq!(found(&visitor, "q=hum&firmware=current").await, [fresh]);
        let hub = visitor.get("/devices/acme-fans?firmware=current").await;
        let section = firmware_section(&hub);
        assert!(section.contains("Fan hum at idle"), "{section}");
        assert!(!section.contains("Fan hum when cold"), "{section}");

        // Moved to a device whose releases its check's is not one of: not
        // confirmed; moved back: confirmed again.
        staff
            .post(&format!("/t/{fresh}/move"), &[("device", "other-co")])
            .await
            .assert_status(303);
        admin.settle().await;
        assert!(found(&visitor, "q=hum&firmware=current").await.is_empty());
        staff
            .post(&format!("/t/{fresh}/move"), &[("device", "acme-fan-3")])
            .await
            .assert_status(303);
        admin.settle().await;
        assert_eq!(found(&visitor, "q=hum&firmware=current").await, [fresh]);

        // The asker un-marks the solution: nothing confirmed any more.
        asker
            .post(&format!("/t/{fresh}/unsolve"), &[])
            .await
            .assert_status(303);
        admin.settle().await;
        assert!(found(&visitor, "q=hum&firmware=current").await.is_empty());
        // Marked again with a check on 3.06: confirmed.
        asker
            .post(&format!("/posts/{fresh_answer}/solution"), &[("firmware", "3.06")])
            .await
            .assert_status(303);
        admin.settle().await;
        assert_eq!(found(&visitor, "q=hum&firmware=current").await, [fresh]);
        // Another reply accepted instead, without a check: not confirmed.
        let other = helper.reply(fresh, "Or replace the fan bearing.").await;
        asker
            .post(&format!("/posts/{other}/solution"), &[("firmware", "")])
            .await
            .assert_status(303);
        admin.settle().await;
        assert!(found(&visitor, "q=hum&firmware=current").await.is_empty());
        // The stored fact and the search document agree.
        let facts: Vec<(i64, bool, bool)> = admin.db(|conn| {
            use fixloop::db::schema::{search_docs, threads};
            threads::table
                .inner_join(search_docs::table.on(search_docs::thread_id.eq(threads::id)))
                .select((threads::id, threads::firmware_current, search_docs::firmware_current))
                .order(threads::id)
                .load(conn)
                .unwrap()
        });
        assert!(facts.iter().all(|(_, t, d)| t == d && !t), "{facts:?}");
    })
    .await;
}

/// The migration that adds the fact fills it in for the threads already
/// there (and queues them for Meilisearch); its down migration removes it.
#[actix_web::test]
async fn the_migration_backfills_fixes_confirmed_on_the_current_firmware() {
    use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};
    const SQLITE: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
    const POSTGRES: EmbeddedMigrations = embed_migrations!("migrations/postgres");
    each_db(|admin| async move {
        admin.register_as("sm_admin", Role::Admin).await;
        catalogue(&admin).await;
        let staff = admin.visitor().await;
        staff.register_as("sm_staff", Role::Staff).await;
        let asker = admin.visitor().await;
        asker.register("sm_asker").await.assert_status(303);
        let helper = admin.visitor().await;
        helper.register("sm_helper").await.assert_status(303);
        release(&staff, "acme-fans", "3.05", "2026-03-01").await;
        release(&staff, "acme-fan-3", "3.06", "2026-06-01").await;
        let mut threads = Vec::new();
        for (title, version) in [
            ("Hum on the current firmware", "3.06"),
            ("Hum on an older firmware", "3.05"),
            ("Hum without a check", ""),
        ] {
            let (id, answer) = question(&asker, &helper, title).await;
            asker
                .post(
                    &format!("/posts/{answer}/solution"),
                    &[("firmware", version)],
                )
                .await
                .assert_status(303);
            threads.push(id);
        }
        let current = threads[0];
        // Back to before 2026-12-01-000020_firmware_current (and the
        // migrations after it), then forward again.
        let reverted = admin.db(|conn| {
            let mut reverted = Vec::new();
            while reverted.last().map(String::as_str) != Some("20261201000020") {
                assert!(reverted.len() < 40, "000020 not found: {reverted:?}");
                let name = match conn {
                    fixloop::db::DbConn::Sqlite(c) => c.revert_last_migration(SQLITE),
                    fixloop::db::DbConn::Pg(c) => c.revert_last_migration(POSTGRES),
                }
                .unwrap()
                .to_string();
                reverted.push(name);
            }
            diesel::sql_query("DELETE FROM search_outbox")
                .execute(conn)
                .unwrap();
            reverted
        });
        assert_eq!(reverted.last().unwrap(), "20261201000020");
        admin.db(|conn| fixloop::db::run_migrations(conn).unwrap());
        let facts: Vec<(i64, bool, bool)> = admin.db(|conn| {
            use fixloop::db::schema::{search_docs, threads};
            threads::table
                .inner_join(search_docs::table.on(search_docs::thread_id.eq(threads::id)))
                .select((
                    threads::id,
                    threads::firmware_current,
                    search_docs::firmware_current,
                ))
                .order(threads::id)
                .load(conn)
                .unwrap()
        });
        let expected: Vec<(i64, bool, bool)> = threads
            .iter()
            .map(|&id| (id, id == current, id == current))
            .collect();
        assert_eq!(facts, expected);
        let queued: Vec<i64> = admin.db(|conn| {
            use fixloop::db::schema::search_outbox;
            search_outbox::table
                .select(search_outbox::thread_id)
                .load(conn)
                .unwrap()
        });
        assert_eq!(queued, [current]);
        let found = admin
            .get("/api/v1/search?q=hum&firmware=current")
            .await
            .json();
        assert_eq!(found["total"], 1, "{found}");
        assert_eq!(found["hits"][0]["thread_id"], current, "{found}");
    })
    .await;
}
