//! The parts catalogue, part-swap reports, confirmations and the matrix.

use fixloop::model::accounts::users::Role;

use crate::common::{each_db, thread_id, TestApp};

async fn report(
    app: &TestApp,
    part: &str,
    device: &str,
    outcome: &str,
    title: &str,
) -> crate::common::Page {
    app.post(
        "/threads/new",
        &[
            ("kind", "part_swap"),
            ("title", title),
            ("device", device),
            ("part", part),
            ("outcome", outcome),
            ("caveats", "Had to trim the bracket"),
            ("body", "How it went, in detail."),
            ("action", "post"),
        ],
    )
    .await
}

#[actix_web::test]
async fn swap_reports_confirmations_and_the_compatibility_matrix() {
    each_db(|staff| async move {
        staff.register_as("staff_parts", Role::Staff).await;
        let admin = staff.visitor().await;
        admin.register_as("admin_parts", Role::Admin).await;
        admin
            .add_devices(&[
                ("Pocketfix", "maker", ""),
                ("Pocketfix One", "model", "pocketfix"),
                ("One rev A", "revision", "pocketfix-one"),
                ("One rev B", "revision", "pocketfix-one"),
            ])
            .await;
        // The catalogue is kept by staff, with clear refusals.
        staff
            .post(
                "/parts/new",
                &[
                    ("name", "Battery 4000 mAh"),
                    ("part_number", "PF-BAT-4000"),
                    ("fits", "one-rev-a\none-rev-b"),
                    ("description", "Original cell."),
                ],
            )
            .await
            .assert_status(303);
        staff
            .post("/parts/new", &[("name", "Battery 4000 mAh"), ("fits", "")])
            .await
            .assert_status(422)
            .assert_contains("already uses that URL name");
        staff
            .post(
                "/parts/new",
                &[("name", "Screen kit"), ("fits", "no-such-device")],
            )
            .await
            .assert_status(422)
            .assert_contains("“no-such-device” is not a device");
        let member = staff.visitor().await;
        member.register("swapper_one").await;
        member
            .post("/parts/new", &[("name", "Sneaky part")])
            .await
            .assert_status(403);
        member
            .get("/parts/battery-4000-mah")
            .await
            .assert_status(200)
            .assert_contains("PF-BAT-4000")
            .assert_contains("One rev A");
        member
            .get("/devices/one-rev-a")
            .await
            .assert_contains("Made for this device")
            .assert_contains("Battery 4000 mAh");

        // Bad reports keep the text and write nothing.
        report(
            &member,
            "",
            "one-rev-a",
            "works",
            "Battery swap without a part",
        )
        .await
        .assert_status(422)
        .assert_contains("Choose the part");
        report(
            &member,
            "unknown-part",
            "one-rev-a",
            "works",
            "Battery swap, unknown part",
        )
        .await
        .assert_status(422)
        .assert_contains("not in the catalogue");
        report(
            &member,
            "battery-4000-mah",
            "",
            "works",
            "Battery swap, no device",
        )
        .await
        .assert_status(422)
        .assert_contains("Choose the device");
        report(
            &member,
            "battery-4000-mah",
            "one-rev-a",
            "maybe",
            "Battery swap, no outcome",
        )
        .await
        .assert_status(422)
        .assert_contains("Say how it went")
        .assert_contains("Had to trim the bracket");
        assert_eq!(staff.count("threads"), 0);

        // Reports: two on rev A (they disagree), one on rev B.
        let a1 = thread_id(
            &report(
                &member,
                "battery-4000-mah",
                "one-rev-a",
                "works",
                "Battery fits rev A",
            )
            .await
            .location(),
        );
        let other = staff.visitor().await;
        other.register("swapper_two").await;
        let a2 = thread_id(
            &report(
                &other,
                "battery-4000-mah",
                "one-rev-a",
                "no_fit",
                "Battery does not fit my rev A",
            )
            .await
            .location(),
        );
        let b1 = thread_id(
            &report(
                &other,
                "battery-4000-mah",
                "one-rev-b",
                "caveats",
                "Battery in rev B needs a shim",
            )
            .await
            .location(),
        );

        // Confirm and dispute, once each, not one's own.
        let third = staff.visitor().await;
        third.register("swapper_three").await;
        third
            .post(
                &format!("/t/{b1}/confirm"),
                &[
                    ("agrees", "yes"),
                    ("device", "one-rev-b"),
                    ("comment", "Same shim"),
                ],
            )
            .await
            .assert_status(303);
        third
            .post(&format!("/t/{b1}/confirm"), &[("agrees", "no")])
            .await
            .assert_status(409);
        member
            .post(&format!("/t/{b1}/confirm"), &[("agrees", "yes")])
            .await
            .assert_status(303);
        other
            .post(&format!("/t/{b1}/confirm"), &[("agrees", "yes")])
            .await
            .assert_status(403);
        third
            .post(&format!("/t/{a1}/confirm"), &[("agrees", "perhaps")])
            .await
            .assert_status(422);
        third
            .post(
                &format!("/t/{a1}/confirm"),
                &[("agrees", "no"), ("comment", "Did not fit mine")],
            )
            .await
            .assert_status(303);
        third
            .post("/t/999999/confirm", &[("agrees", "yes")])
            .await
            .assert_status(404);
        let page = third.get(&format!("/t/{b1}")).await;
        page.assert_contains("id=\"swap-confirmed\">2<")
            .assert_contains("id=\"swap-disputed\">0<")
            .assert_contains("Works with caveats");

        // The matrix: rev A has conflicting evidence, rev B works with caveats, confirmed twice.
        let part_page = member.get("/parts/battery-4000-mah").await;
        part_page
            .assert_contains("Conflicting evidence")
            .assert_contains(&format!("href=\"/t/{a1}/"))
            .assert_contains(&format!("href=\"/t/{a2}/"));
        let row_b = part_page
            .body
            .split("<tr class=\"matrix-caveats\">")
            .nth(1)
            .expect("a caveats row");
        let row_b = &row_b[..row_b.find("</tr>").unwrap()];
        assert!(row_b.contains("One rev B"), "{row_b}");
        assert!(
            row_b.contains(
                "<td class=\"num\">0</td><td class=\"num\">1</td><td class=\"num\">0</td>"
            ),
            "{row_b}"
        );
        assert!(
            row_b.contains("<td class=\"num\">2</td><td class=\"num\">0</td>"),
            "{row_b}"
        );
        let row_a = part_page
            .body
            .split("<tr class=\"matrix-conflicting\">")
            .nth(1)
            .expect("a conflicting row");
        let row_a = &row_a[..row_a.find("</tr>").unwrap()];
        assert!(
            row_a.contains(
                "<td class=\"num\">1</td><td class=\"num\">0</td><td class=\"num\">1</td>"
            ),
            "{row_a}"
        );
        assert!(
            row_a.contains("<td class=\"num\">0</td><td class=\"num\">1</td>"),
            "disputed once: {row_a}"
        );
        // Device pages show the matrix for themselves and everything below.
        member
            .get("/devices/pocketfix")
            .await
            .assert_contains("Part swaps reported by members")
            .assert_contains("Conflicting evidence")
            .assert_contains("Works with caveats");
        member
            .get("/devices/one-rev-b")
            .await
            .assert_lacks("Conflicting evidence")
            .assert_contains("Works with caveats");
    })
    .await;
}
