//! Repair guides: details, steps and their history, completions.

use fixloop::model::accounts::users::Role;

use crate::common::{each_db, thread_id, TestApp};

fn step_ids(app: &TestApp, guide: i64) -> Vec<(i64, i32, String)> {
    app.db(|conn| {
        fixloop::model::knowledge::guides::steps(conn, guide)
            .unwrap()
            .into_iter()
            .map(|s| (s.id, s.position, s.title))
            .collect()
    })
}

async fn add_step(
    app: &TestApp,
    guide: i64,
    title: &str,
    caution: &str,
    position: &str,
) -> crate::common::Page {
    app.post(
        &format!("/t/{guide}/steps"),
        &[
            ("title", title),
            ("body", &format!("Do **{title}** carefully.")),
            ("caution", caution),
            ("note", ""),
            ("position", position),
        ],
    )
    .await
}

#[actix_web::test]
async fn authors_write_guides_step_by_step_and_every_change_is_kept() {
    each_db(|admin| async move {
        admin.register_as("admin_guides", Role::Admin).await;
        admin
            .add_devices(&[("Modulo", "maker", ""), ("Modulo 13", "line", "modulo")])
            .await;
        admin
            .post(
                "/parts/new",
                &[("name", "Battery pack 55 Wh"), ("fits", "modulo-13")],
            )
            .await
            .assert_status(303);
        let author = admin.visitor().await;
        author.register("guide_author").await;
        let url = author
            .start_thread(
                "guide",
                "Replace the battery of the Modulo 13",
                "modulo-13",
                "Introduction: a worn battery holds less charge.",
            )
            .await;
        let id = thread_id(&url);

        author
            .post(
                &format!("/t/{id}/guide/edit"),
                &[
                    ("difficulty", "easy"),
                    ("time_min", "15"),
                    ("time_max", "30"),
                    ("tools", "T5 Torx driver\nSpudger"),
                    ("parts", "Battery pack 55 Wh"),
                    ("prerequisites", ""),
                    ("conclusion", "Charge it **fully** once."),
                ],
            )
            .await
            .assert_status(303);
        add_step(&author, id, "Unplug the charger", "", "")
            .await
            .assert_status(303);
        add_step(
            &author,
            id,
            "Disconnect the battery",
            "Never puncture a swollen battery.",
            "",
        )
        .await
        .assert_status(303);
        add_step(&author, id, "Open the bottom cover", "", "1")
            .await
            .assert_status(303);
        let steps = step_ids(&author, id);
        let titles: Vec<&str> = steps.iter().map(|s| s.2.as_str()).collect();
        assert_eq!(
            titles,
            [
                "Open the bottom cover",
                "Unplug the charger",
                "Disconnect the battery"
            ]
        );

        let page = admin.visitor().await.get(&url).await;
        page.assert_contains("Easy")
            .assert_contains("15–30 minutes")
            .assert_contains("<li>T5 Torx driver</li>")
            .assert_contains("<a href=\"/parts/battery-pack-55-wh\">Battery pack 55 Wh</a>")
            .assert_contains("⚠ Caution:</strong> Never puncture a swollen battery.")
            .assert_contains("<strong>fully</strong>");
        assert!(
            page.body.find("Open the bottom cover").unwrap()
                < page.body.find("Unplug the charger").unwrap()
        );

        // Reorder, edit, delete; the history keeps every version.
        let (open_id, ..) = steps[0];
        author
            .post(&format!("/steps/{open_id}/move"), &[("direction", "down")])
            .await
            .assert_status(303);
        assert_eq!(step_ids(&author, id)[1].2, "Open the bottom cover");
        author
            .post(
                &format!("/steps/{open_id}/move"),
                &[("direction", "sideways")],
            )
            .await
            .assert_status(400);
        let (last_id, ..) = step_ids(&author, id)[2];
        author
            .post(&format!("/steps/{last_id}/move"), &[("direction", "down")])
            .await
            .assert_status(400);
        author
            .post(
                &format!("/steps/{open_id}/edit"),
                &[
                    ("title", "Remove the ten T5 screws"),
                    ("body", "Keep them in order."),
                    ("caution", ""),
                    ("note", "They differ in length."),
                ],
            )
            .await
            .assert_status(303);
        let (unplug_id, ..) = step_ids(&author, id)[0];
        author
            .post(&format!("/steps/{unplug_id}/delete"), &[])
            .await
            .assert_status(303);
        let steps = step_ids(&author, id);
        assert_eq!(
            steps.iter().map(|s| s.1).collect::<Vec<_>>(),
            [1, 2],
            "positions close up"
        );
        let history = admin.get(&format!("/t/{id}/steps/history")).await;
        history
            .assert_contains("Added")
            .assert_contains("Moved")
            .assert_contains("Edited")
            .assert_contains("Deleted")
            .assert_contains("Open the bottom cover");

        // Bad input keeps the text; others may not edit; staff may.
        add_step(&author, id, "Out of range", "", "9")
            .await
            .assert_status(422)
            .assert_contains("Choose a position from 1 to 3")
            .assert_contains("value=\"Out of range\"");
        author
            .post(
                &format!("/t/{id}/guide/edit"),
                &[
                    ("difficulty", "trivial"),
                    ("time_min", "30"),
                    ("time_max", "10"),
                ],
            )
            .await
            .assert_status(422);
        author
            .post(
                &format!("/t/{id}/guide/edit"),
                &[
                    ("difficulty", "easy"),
                    ("time_min", "5"),
                    ("time_max", "10"),
                    ("prerequisites", "999"),
                ],
            )
            .await
            .assert_status(422)
            .assert_contains("not the number of another guide");
        let stranger = admin.visitor().await;
        stranger.register("not_the_author").await;
        add_step(&stranger, id, "Vandalism", "", "")
            .await
            .assert_status(403);
        stranger
            .post(&format!("/steps/{open_id}/delete"), &[])
            .await
            .assert_status(403);
        stranger
            .get(&format!("/steps/{open_id}/edit"))
            .await
            .assert_status(403);
        assert_eq!(step_ids(&author, id).len(), 2);
        add_step(&admin, id, "A staff addition", "", "")
            .await
            .assert_status(303);
        admin
            .post("/t/424242/steps", &[("title", "x"), ("body", "y")])
            .await
            .assert_status(404);

        // Found by the words of its steps; listed on its device's hub and the maker's.
        admin
            .get("/search?q=screws")
            .await
            .assert_contains("1 thread found")
            .assert_contains("Replace the battery");
        admin
            .get("/devices/modulo")
            .await
            .assert_contains("Repair guides")
            .assert_contains("Easy · 15–30 min");
    })
    .await;
}

#[actix_web::test]
async fn completions_count_once_and_failures_reach_the_author() {
    each_db(|author| async move {
        author.register("guide_writer").await;
        let url = author
            .start_thread("guide", "Clean the drain pump filter", "", "Introduction.")
            .await;
        let id = thread_id(&url);
        let worked = author.visitor().await;
        worked.register("it_worked").await;
        let failed = author.visitor().await;
        failed.register("it_failed").await;

        worked
            .post(
                &format!("/t/{id}/completion"),
                &[("outcome", "worked"), ("device", ""), ("comment", "")],
            )
            .await
            .assert_status(303);
        worked
            .post(
                &format!("/t/{id}/completion"),
                &[("outcome", "worked"), ("device", "")],
            )
            .await
            .assert_status(409);
        failed
            .post(&format!("/t/{id}/completion"), &[("outcome", "maybe")])
            .await
            .assert_status(422);
        failed
            .post(
                &format!("/t/{id}/completion"),
                &[("outcome", "failed"), ("device", "nope")],
            )
            .await
            .assert_status(422);
        failed
            .post(
                &format!("/t/{id}/completion"),
                &[
                    ("outcome", "failed"),
                    ("device", ""),
                    ("comment", "The filter cap was seized"),
                ],
            )
            .await
            .assert_status(303);

        let page = worked.get(&url).await;
        page.assert_contains("id=\"completions-worked\">1<")
            .assert_contains("id=\"completions-failed\">1<")
            .assert_contains("You recorded this repair")
            .assert_lacks("The filter cap was seized");
        author
            .get(&url)
            .await
            .assert_contains("The filter cap was seized");
        // A guide that worked earns its author reputation.
        let rep = author.db(|conn| {
            fixloop::model::accounts::users::find_by_username(conn, "guide_writer")
                .unwrap()
                .unwrap()
                .reputation
        });
        assert_eq!(rep, 5);
        author
            .get("/u/guide_writer")
            .await
            .assert_contains("Guide repairs that worked");
        // Not a guide: no completions.
        let question = thread_id(
            &author
                .start_thread("troubleshooting", "Not a guide at all", "", "?")
                .await,
        );
        worked
            .post(
                &format!("/t/{question}/completion"),
                &[("outcome", "worked")],
            )
            .await
            .assert_status(404);
    })
    .await;
}
