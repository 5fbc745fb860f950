//! `fixloop demo` shows the before-service features: an owned washer with a
//! maintenance task overdue, a known issue gathering three threads with its
//! status history, and a solution checked on firmware that is no longer the
//! newest.

use crate::common::each_db;

#[actix_web::test]
async fn the_demo_shows_owned_devices_maintenance_known_issues_and_firmware() {
    each_db(|app| async move {
        let out = app.db(|conn| fixloop::demo::load(conn).unwrap());
        assert!(out.contains("a known issue with 3 linked threads"), "{out}");

        // Gus owns the washer (shown on his profile) and its filter is overdue.
        app.login("grandpa_gus", fixloop::demo::DEMO_PASSWORD)
            .await
            .assert_status(303);
        app.get("/settings/devices")
            .await
            .assert_status(200)
            .assert_contains("The cellar washer")
            .assert_contains("Clean the drain pump filter")
            .assert_contains("Never recorded as done: due since");
        app.get("/u/grandpa_gus")
            .await
            .assert_contains("Hearth W7 washer");
        app.logout().await;

        // The known issue lists its three threads and its history.
        let list = app.get("/known-issues").await;
        list.assert_status(200)
            .assert_contains("USB-C charging drops when the cable moves");
        let at = list
            .body
            .find("href=\"/known-issues/")
            .expect("a link to the issue")
            + 6;
        let href: String = list.body[at..].chars().take_while(|c| *c != '"').collect();
        app.get(&href)
            .await
            .assert_status(200)
            .assert_contains("USB-C port only charges when the cable is held at an angle")
            .assert_contains("Charging stops when I touch the USB-C cable")
            .assert_contains("Left USB-C port loose after a year")
            .assert_contains("Workaround available")
            .assert_contains("Use the rear USB-C port");

        // The fan fix was checked on 3.05; 3.06 is newer.
        let search = app.get("/api/v1/search?q=fan%20full%20speed").await.json();
        let fan = search["hits"]
            .as_array()
            .unwrap()
            .iter()
            .find(|h| h["title"] == "Fan spins at full speed after waking from sleep")
            .expect("the fan thread")["thread_id"]
            .as_i64()
            .unwrap();
        app.get(&format!("/t/{fan}"))
            .await
            .assert_contains("Checked on 3.05 — not yet confirmed on 3.06");

        // An idea under review with its votes.
        app.get("/ideas")
            .await
            .assert_status(200)
            .assert_contains("A USB-C expansion card with a screw-locked socket")
            .assert_contains("Under review")
            .assert_contains("<strong class=\"idea-votes\">4</strong> votes");
    })
    .await;
}
