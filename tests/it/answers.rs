//! Solutions, verification, votes, escalation, recovery paths, the dashboard.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use fixloop::db::schema::{posts, threads};
use fixloop::model::accounts::users::Role;

use crate::common::{each_db, thread_id, TestApp};

/// Builds maker > line > model > revision as an admin and returns the revision's slug.
async fn device_tree(admin: &TestApp) -> String {
    admin
        .add_devices(&[
            ("Modulo Computers", "maker", ""),
            ("Modulo Laptop", "line", "modulo-computers"),
            ("Modulo 13", "model", "modulo-laptop"),
            ("Mainboard rev B", "revision", "modulo-13"),
        ])
        .await;
    "mainboard-rev-b".into()
}

fn thread_row(app: &TestApp, id: i64) -> fixloop::model::discussion::threads::Thread {
    app.db(|conn| fixloop::model::discussion::threads::find(conn, id).unwrap())
}

#[actix_web::test]
async fn the_whole_life_of_a_thread_ends_on_the_joint_path() {
    each_db(|admin| async move {
        admin.register_as("admin_ada", Role::Admin).await;
        let revision = device_tree(&admin).await;

        let asker = admin.visitor().await;
        asker.register("asker_amy").await;
        let url = asker
            .start_thread(
                "troubleshooting",
                "Fan spins at full speed after waking from sleep",
                &revision,
                "Since the BIOS update.",
            )
            .await;
        let id = thread_id(&url);

        let helper = admin.visitor().await;
        helper.register("helper_hal").await;
        let early = helper
            .reply(id, "Did you reset the BIOS to defaults?")
            .await;

        let sufferer = admin.visitor().await;
        sufferer.register("same_sam").await;
        sufferer
            .post(&format!("/t/{id}/me-too"), &[])
            .await
            .assert_status(303);
        assert_eq!(thread_row(&admin, id).me_too_count, 1);
        asker
            .get(&url)
            .await
            .assert_contains("1 person has this problem too");

        // The asker calls in staff; the thread waits in the queue.
        asker
            .post(&format!("/t/{id}/escalate"), &[])
            .await
            .assert_status(303);
        assert_eq!(thread_row(&admin, id).status, "escalated");
        asker.get(&url).await.assert_contains("Waiting for staff");
        let staff = admin.visitor().await;
        staff.register_as("staff_sol", Role::Staff).await;
        staff
            .get("/staff/queue")
            .await
            .assert_status(200)
            .assert_contains("Fan spins at full speed")
            .assert_contains("unclaimed");
        staff
            .post(&format!("/t/{id}/claim"), &[])
            .await
            .assert_status(303);
        asker
            .get(&url)
            .await
            .assert_contains("<strong>staff_sol</strong> (staff) is on it");
        asker
            .get("/notifications")
            .await
            .assert_contains("picked up your request for help");

        // Staff guide; a customer finds the fix; the asker accepts it.
        staff
            .reply(id, "Please try the fan curve reset: hold Fn+F12 for 10 s.")
            .await;
        let answer = helper
            .reply(
                id,
                "Fn+F12 did it for me, then **re-seat the fan connector**.",
            )
            .await;
        let page = asker.post(&format!("/posts/{answer}/solution"), &[]).await;
        page.assert_status(303);
        // Back to the solution under the question, where it is confirmed.
        assert!(page.location().ends_with("#solution"));
        let thread = thread_row(&admin, id);
        assert_eq!(thread.status, "solved");
        assert_eq!(thread.solution_post_id, Some(answer));
        assert!(thread.solved_at.is_some());
        let page = admin.visitor().await.get(&url).await;
        page.assert_contains("✓ Solution")
            .assert_contains("accepted by the asker")
            .assert_contains("<strong>re-seat the fan connector</strong>")
            .assert_lacks("Waiting for staff");
        // The queue no longer lists it; lists show it solved.
        staff
            .get("/staff/queue")
            .await
            .assert_lacks("Fan spins at full speed");
        admin
            .get("/?status=solved")
            .await
            .assert_contains("Fan spins at full speed");
        helper
            .get("/notifications")
            .await
            .assert_contains("accepted your answer");

        // Staff verify the customer's answer.
        staff
            .post(
                &format!("/posts/{answer}/verify"),
                &[("note", "Confirmed on rev B boards")],
            )
            .await
            .assert_status(303);
        let thread = thread_row(&admin, id);
        assert_eq!(thread.recovery_path.as_deref(), Some("joint"));
        assert!(thread.verified_at.is_some());
        let page = admin.visitor().await.get(&url).await;
        page.assert_contains("Verified by staff_sol")
            .assert_contains("Confirmed on rev B boards")
            .assert_contains("Joint (customer + staff)");
        admin
            .get("/?status=solved&path=joint")
            .await
            .assert_contains("Fan spins at full speed");
        admin
            .get("/?status=solved&path=customer_led")
            .await
            .assert_lacks("Fan spins at full speed");

        // Someone else it worked for, on their revision.
        sufferer
            .post(&format!("/posts/{answer}/worked"), &[("device", &revision)])
            .await
            .assert_status(303);
        admin
            .visitor()
            .await
            .get(&url)
            .await
            .assert_contains("Worked for 1 member")
            .assert_contains("Mainboard rev B ×1");

        // A reply to the solved thread is met with a notice first.
        sufferer.get(&url).await.assert_contains("This is solved");

        // Helpful votes: one each, can be withdrawn.
        sufferer
            .post(&format!("/posts/{early}/vote"), &[])
            .await
            .assert_status(303);
        sufferer
            .post(&format!("/posts/{early}/vote"), &[])
            .await
            .assert_status(409);
        let votes = |app: &TestApp| {
            app.db(|conn| {
                fixloop::model::discussion::posts::find(conn, early)
                    .unwrap()
                    .vote_count
            })
        };
        assert_eq!(votes(&admin), 1);
        sufferer
            .post(&format!("/posts/{early}/unvote"), &[])
            .await
            .assert_status(303);
        assert_eq!(votes(&admin), 0);

        // Revoking the verification keeps its history and makes the path customer-led.
        staff
            .post(&format!("/posts/{answer}/unverify"), &[])
            .await
            .assert_status(303);
        let thread = thread_row(&admin, id);
        assert!(thread.verified_at.is_none());
        // Staff still replied in the thread, so staff took part.
        assert_eq!(thread.recovery_path.as_deref(), Some("joint"));
        admin
            .get(&format!("/posts/{answer}/history"))
            .await
            .assert_contains("Verified by <a href=\"/u/staff_sol\">staff_sol</a>")
            .assert_contains("Revoked by staff_sol");
    })
    .await;
}

#[actix_web::test]
async fn customer_led_staff_led_and_unmarking() {
    each_db(|app| async move {
        app.register("asker_bo").await;
        let member = app.visitor().await;
        member.register("member_mo").await;
        let staff = app.visitor().await;
        staff.register_as("staff_st", Role::Staff).await;

        // Customer-led: a member's answer, no staff anywhere.
        let a = thread_id(
            &app.start_thread("troubleshooting", "Hinge creaks when opening", "", "Creak!")
                .await,
        );
        let answer_a = member
            .reply(a, "A drop of silicone grease on the hinge pin.")
            .await;
        app.post(&format!("/posts/{answer_a}/solution"), &[])
            .await
            .assert_status(303);
        assert_eq!(
            thread_row(&app, a).recovery_path.as_deref(),
            Some("customer_led")
        );

        // Staff-led: the accepted answer is staff's.
        let b = thread_id(
            &app.start_thread(
                "troubleshooting",
                "Webcam shows a black image",
                "",
                "Black.",
            )
            .await,
        );
        let member_b = member.reply(b, "Check the privacy switch.").await;
        let staff_b = staff
            .reply(b, "Re-seat the camera cable at connector J3.")
            .await;
        app.post(&format!("/posts/{staff_b}/solution"), &[])
            .await
            .assert_status(303);
        assert_eq!(
            thread_row(&app, b).recovery_path.as_deref(),
            Some("staff_led")
        );
        app.get("/?status=solved&path=staff_led")
            .await
            .assert_contains("Webcam shows a black image");

        // "The fix didn't hold": un-marking reopens the thread.
        app.post(&format!("/t/{b}/unsolve"), &[])
            .await
            .assert_status(303);
        let thread = thread_row(&app, b);
        assert_eq!(thread.status, "open");
        assert_eq!(thread.solution_post_id, None);
        assert_eq!(thread.recovery_path, None);
        assert!(thread.solved_at.is_none());
        app.get("/?status=open")
            .await
            .assert_contains("Webcam shows a black image");
        // Choosing the member's answer now: staff took part in the thread.
        app.post(&format!("/posts/{member_b}/solution"), &[])
            .await
            .assert_status(303);
        assert_eq!(thread_row(&app, b).recovery_path.as_deref(), Some("joint"));

        // Staff may mark a solution on the asker's behalf; the asker is told.
        let c = thread_id(
            &app.start_thread("troubleshooting", "Charger LED blinks orange", "", "Blink.")
                .await,
        );
        let answer_c = member
            .reply(c, "That is the over-temperature code; let it cool.")
            .await;
        staff
            .post(&format!("/posts/{answer_c}/solution"), &[])
            .await
            .assert_status(303);
        let thread = thread_row(&app, c);
        assert_eq!(thread.status, "solved");
        assert_eq!(thread.recovery_path.as_deref(), Some("joint"));
        app.get(&format!("/t/{c}"))
            .await
            .assert_contains("marked by staff_st (staff) on the asker's behalf");
        app.get("/notifications")
            .await
            .assert_contains("marked a solution on your behalf");
    })
    .await;
}

#[actix_web::test]
async fn wrong_hands_and_bad_targets_are_refused_and_change_nothing() {
    each_db(|app| async move {
        app.register("owner_ow").await;
        let id = thread_id(
            &app.start_thread("troubleshooting", "Keyboard backlight dead", "", "Dark.")
                .await,
        );
        let other = app.visitor().await;
        other.register("other_ot").await;
        let answer = other.reply(id, "Check the backlight fuse F4.").await;
        let stranger = app.visitor().await;
        stranger.register("stranger_st").await;

        // Marking a solution on someone else's thread.
        stranger
            .post(&format!("/posts/{answer}/solution"), &[])
            .await
            .assert_status(403);
        assert_eq!(thread_row(&app, id).status, "open");
        // Members may not verify, claim, or open staff pages.
        stranger
            .post(&format!("/posts/{answer}/verify"), &[("note", "")])
            .await
            .assert_status(403);
        stranger
            .post(&format!("/t/{id}/claim"), &[])
            .await
            .assert_status(403);
        stranger.get("/staff/queue").await.assert_status(403);
        stranger.get("/staff/dashboard").await.assert_status(403);
        assert_eq!(app.count("verifications"), 0);
        // Only the asker escalates, once.
        stranger
            .post(&format!("/t/{id}/escalate"), &[])
            .await
            .assert_status(403);
        app.post(&format!("/t/{id}/escalate"), &[])
            .await
            .assert_status(303);
        app.post(&format!("/t/{id}/escalate"), &[])
            .await
            .assert_status(409);
        assert_eq!(app.count("escalations"), 1);
        // Votes: missing post, own post, twice.
        stranger
            .post("/posts/987654/vote", &[])
            .await
            .assert_status(404);
        other
            .post(&format!("/posts/{answer}/vote"), &[])
            .await
            .assert_status(403);
        stranger
            .post(&format!("/posts/{answer}/vote"), &[])
            .await
            .assert_status(303);
        stranger
            .post(&format!("/posts/{answer}/vote"), &[])
            .await
            .assert_status(409);
        assert_eq!(app.count("votes"), 1);
        // "Me too": not on one's own question, once.
        app.post(&format!("/t/{id}/me-too"), &[])
            .await
            .assert_status(403);
        stranger
            .post(&format!("/t/{id}/me-too"), &[])
            .await
            .assert_status(303);
        stranger
            .post(&format!("/t/{id}/me-too"), &[])
            .await
            .assert_status(409);
        assert_eq!(thread_row(&app, id).me_too_count, 1);
        // "Worked for me" only on a solution or verified answer, once, with a real device.
        stranger
            .post(&format!("/posts/{answer}/worked"), &[("device", "")])
            .await
            .assert_status(400);
        app.post(&format!("/posts/{answer}/solution"), &[])
            .await
            .assert_status(303);
        stranger
            .post(
                &format!("/posts/{answer}/worked"),
                &[("device", "no-such-device")],
            )
            .await
            .assert_status(422);
        stranger
            .post(&format!("/posts/{answer}/worked"), &[("device", "")])
            .await
            .assert_status(303);
        stranger
            .post(&format!("/posts/{answer}/worked"), &[("device", "")])
            .await
            .assert_status(409);
        assert_eq!(app.count("worked_reports"), 1);
        // The opening post is not an answer.
        let opening = app.db(|conn| {
            fixloop::model::discussion::posts::opening_post(conn, id)
                .unwrap()
                .id
        });
        app.post(&format!("/posts/{opening}/solution"), &[])
            .await
            .assert_status(400);
        // Missing things are 404s.
        app.post("/posts/999999/solution", &[])
            .await
            .assert_status(404);
        app.post("/t/999999/unsolve", &[]).await.assert_status(404);
        // Without a CSRF token nothing happens.
        stranger
            .post_raw(&format!("/t/{id}/unsolve"), &[])
            .await
            .assert_status(403);
        assert_eq!(thread_row(&app, id).status, "solved");
    })
    .await;
}

fn at(
    app: &TestApp,
    thread: i64,
    created: NaiveDateTime,
    first_reply_after: Option<i64>,
    solved_after: Option<i64>,
) {
    app.db(|conn| {
        diesel::update(threads::table.find(thread))
            .set((
                threads::created_at.eq(created),
                threads::solved_at.eq(solved_after.map(|m| created + Duration::minutes(m))),
            ))
            .execute(conn)
            .unwrap();
        if let Some(m) = first_reply_after {
            diesel::update(
                posts::table
                    .filter(posts::thread_id.eq(thread))
                    .filter(posts::reply_number.eq(1)),
            )
            .set(posts::created_at.eq(created + Duration::minutes(m)))
            .execute(conn)
            .unwrap();
        }
    });
}

#[actix_web::test]
async fn the_dashboard_shows_exact_figures_for_a_known_period() {
    each_db(|app| async move {
        app.register_as("admin_dash", Role::Admin).await;
        let revision = device_tree(&app).await;
        let member = app.visitor().await;
        member.register("member_dash").await;
        let staff = app.visitor().await;
        staff.register_as("staff_dash", Role::Staff).await;
        let asker = app.visitor().await;
        asker.register("asker_dash").await;

        // Four questions in the period, one long before it.
        let q1 = thread_id(&asker.start_thread("troubleshooting", "Question one about the fan", &revision, "?").await);
        let q2 = thread_id(&asker.start_thread("troubleshooting", "Question two about the screen", "", "?").await);
        let q3 = thread_id(&asker.start_thread("troubleshooting", "Question three about audio", "", "?").await);
        let q4 = thread_id(&asker.start_thread("troubleshooting", "Question four, unanswered", "", "?").await);
        let old = thread_id(&asker.start_thread("troubleshooting", "Question from long ago", "", "?").await);
        asker.start_thread("discussion", "Not a question at all", "", "chat").await;
        let a1 = member.reply(q1, "member answer").await;
        let a2 = staff.reply(q2, "staff answer").await;
        member.reply(q3, "a try").await;
        member.reply(old, "old answer").await;
        asker.post(&format!("/posts/{a1}/solution"), &[]).await.assert_status(303);
        asker.post(&format!("/posts/{a2}/solution"), &[]).await.assert_status(303);

        let day = |d: &str| NaiveDateTime::parse_from_str(&format!("{d} 10:00:00"), "%Y-%m-%d %H:%M:%S").unwrap();
        at(&app, q1, day("2026-03-02"), Some(30), Some(120));
        at(&app, q2, day("2026-03-03"), Some(90), Some(600));
        at(&app, q3, day("2026-03-04"), Some(45), None);
        at(&app, q4, day("2026-03-05"), None, None);
        at(&app, old, day("2025-06-01"), Some(5), None);

        let page = staff.get("/staff/dashboard?from=2026-03-01&to=2026-03-07").await;
        page.assert_status(200);
        // 4 opened, 2 solved: 50 %; first replies 30, 90, 45 min: median 45 min;
        // solutions after 120 and 600 min: median 360 min = 6 h.
        page.assert_contains("id=\"fig-opened\">4<")
            .assert_contains("id=\"fig-solved\">50%<")
            .assert_contains("id=\"fig-first-reply\">45 min<")
            .assert_contains("id=\"fig-solution\">6 h<")
            .assert_contains("id=\"path-customer_led\">1<")
            .assert_contains("id=\"path-joint\">0<")
            .assert_contains("id=\"path-staff_led\">1<")
            .assert_contains("<svg class=\"chart\"")
            .assert_contains("<td>Modulo Laptop</td><td class=\"num\">1</td><td class=\"num\">1</td><td class=\"num\">1</td>")
            .assert_contains("<td>No device</td><td class=\"num\">3</td><td class=\"num\">1</td>")
            .assert_contains("Question four, unanswered");
        // Service health: first replies after 30 (member), 90 (staff) and 45
        // (member) minutes; half the questions solved is "fair".
        page.assert_contains("id=\"svc-answered\">3<")
            .assert_contains("<title>under 1 h: 2 (66.7%)</title>")
            .assert_contains("<title>1–4 h: 1 (33.3%)</title>")
            .assert_contains("<title>over 24 h: 0 (0%)</title>")
            .assert_contains("id=\"svc-by-customers\">2<")
            .assert_contains("id=\"svc-by-staff\">1<")
            .assert_contains("id=\"svc-band\" class=\"band band-fair\">fair<");

        // A period with nothing in it.
        let empty = staff.get("/staff/dashboard?from=2024-01-01&to=2024-01-31").await;
        empty.assert_status(200).assert_contains("id=\"fig-opened\">0<");
        staff.get("/staff/dashboard?from=yesterday").await.assert_status(400);
        staff.get("/staff/dashboard?days=9999").await.assert_status(400);
    })
    .await;
}

#[actix_web::test]
async fn verified_guides_are_listed_first() {
    each_db(|app| async move {
        app.register("guide_writer").await;
        let older = thread_id(
            &app.start_thread("guide", "Older guide: replace the hinge", "", "Steps.")
                .await,
        );
        app.start_thread("guide", "Newer guide: replace the keyboard", "", "Steps.")
            .await;
        let page = app.get("/?kind=guide").await;
        let pos = |page: &crate::common::Page, needle: &str| page.body.find(needle).unwrap();
        assert!(pos(&page, "Newer guide") < pos(&page, "Older guide"));

        let staff = app.visitor().await;
        staff.register_as("staff_guides", Role::Staff).await;
        let opening = app.db(|conn| {
            fixloop::model::discussion::posts::opening_post(conn, older)
                .unwrap()
                .id
        });
        staff
            .post(&format!("/posts/{opening}/verify"), &[("note", "Checked")])
            .await
            .assert_status(303);
        let page = app.get("/?kind=guide").await;
        assert!(
            pos(&page, "Older guide") < pos(&page, "Newer guide"),
            "verified guide first"
        );
        page.assert_contains("status-verified");
        // A question's opening post is not an answer to verify.
        let question = thread_id(
            &app.start_thread("troubleshooting", "A question to verify", "", "?")
                .await,
        );
        let q_opening = app.db(|conn| {
            fixloop::model::discussion::posts::opening_post(conn, question)
                .unwrap()
                .id
        });
        staff
            .post(&format!("/posts/{q_opening}/verify"), &[("note", "")])
            .await
            .assert_status(400);
    })
    .await;
}
