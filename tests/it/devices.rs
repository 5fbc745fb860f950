use fixloop::model::accounts::users::Role;

use crate::common::each_db;

#[actix_web::test]
async fn admins_build_the_device_tree_and_device_pages_show_it() {
    each_db(|app| async move {
        app.register_as("admin_ada", Role::Admin).await;
        let create = |name: &'static str, kind: &'static str, parent: &'static str| {
            let app = &app;
            async move {
                let page = app
                    .post(
                        "/devices/new",
                        &[
                            ("name", name),
                            ("kind", kind),
                            ("parent", parent),
                            ("slug", ""),
                            ("description", "A *fine* device."),
                        ],
                    )
                    .await;
                page.assert_status(303);
                page.location().trim_start_matches("/devices/").to_owned()
            }
        };
        let maker = create("Modulo Computers", "maker", "").await;
        assert_eq!(maker, "modulo-computers");
        let line = create("Modulo Laptop", "line", "modulo-computers").await;
        let model = create(
            "Modulo 13",
            "model",
            &*Box::leak(line.clone().into_boxed_str()),
        )
        .await;
        let revision = create(
            "Mainboard rev B",
            "revision",
            &*Box::leak(model.clone().into_boxed_str()),
        )
        .await;

        // A thread on the revision shows on every ancestor's page.
        let member = app.visitor().await;
        member.register("owner_olu").await;
        member
            .start_thread(
                "troubleshooting",
                "No POST after RAM upgrade",
                &revision,
                "Blinking LED code 3-2.",
            )
            .await;

        let visitor = app.visitor().await;
        let page = visitor.get(&format!("/devices/{revision}")).await;
        page.assert_status(200)
            .assert_contains("Mainboard rev B")
            .assert_contains("href=\"/devices/modulo-computers\"")
            .assert_contains(&format!("href=\"/devices/{line}\""))
            .assert_contains(&format!("href=\"/devices/{model}\""))
            .assert_contains("No POST after RAM upgrade");
        let maker_page = visitor.get("/devices/modulo-computers").await;
        maker_page
            .assert_contains("Modulo Laptop")
            .assert_contains("No POST after RAM upgrade")
            .assert_contains("<em>fine</em>");
        visitor
            .get("/devices")
            .await
            .assert_contains("Modulo 13")
            .assert_contains("Mainboard rev B");
        visitor
            .get("/")
            .await
            .assert_contains("Modulo Computers")
            .assert_contains("Modulo Laptop");
        visitor
            .get("/devices/no-such-device")
            .await
            .assert_status(404);
        // The thread page has breadcrumbs to the device.
        let url = visitor.get("/").await;
        url.assert_contains("No POST after RAM upgrade");

        // Editing renames; the slug stays unless changed.
        app.post(
            &format!("/devices/{model}/edit"),
            &[
                ("name", "Modulo 13 (2025)"),
                ("kind", "model"),
                ("slug", &model),
                ("description", ""),
            ],
        )
        .await
        .assert_status(303);
        visitor
            .get(&format!("/devices/{model}"))
            .await
            .assert_contains("Modulo 13 (2025)");
    })
    .await;
}

#[actix_web::test]
async fn device_rules_are_enforced_with_clear_messages() {
    each_db(|app| async move {
        app.register_as("admin_bo", Role::Admin).await;
        app.post(
            "/devices/new",
            &[
                ("name", "Hearth Appliances"),
                ("kind", "maker"),
                ("parent", ""),
            ],
        )
        .await
        .assert_status(303);
        let cases = [
            (
                vec![("name", "Orphan line"), ("kind", "line"), ("parent", "")],
                "Only a maker sits at the top",
            ),
            (
                vec![
                    ("name", "Upside down"),
                    ("kind", "maker"),
                    ("parent", "hearth-appliances"),
                ],
                "cannot sit under",
            ),
            (
                vec![
                    ("name", "Lost child"),
                    ("kind", "model"),
                    ("parent", "nowhere"),
                ],
                "parent device does not exist",
            ),
            (
                vec![
                    ("name", "Taken slug"),
                    ("kind", "line"),
                    ("parent", "hearth-appliances"),
                    ("slug", "hearth-appliances"),
                ],
                "already uses that URL name",
            ),
            (
                vec![
                    ("name", "x"),
                    ("kind", "line"),
                    ("parent", "hearth-appliances"),
                ],
                "2 to 100 characters",
            ),
            (
                vec![
                    ("name", "Reserved"),
                    ("kind", "line"),
                    ("parent", "hearth-appliances"),
                    ("slug", "new"),
                ],
                "reserved",
            ),
        ];
        for (fields, message) in cases {
            app.post("/devices/new", &fields)
                .await
                .assert_status(422)
                .assert_contains(message);
        }
        assert_eq!(app.count("devices"), 1);

        // Members and staff may not change the catalogue.
        let member = app.visitor().await;
        member.register("plain_member").await;
        member.get("/devices/new").await.assert_status(403);
        member
            .post(
                "/devices/new",
                &[("name", "Sneaky maker"), ("kind", "maker"), ("parent", "")],
            )
            .await
            .assert_status(403);
        let staff = app.visitor().await;
        staff.register_as("staff_sue", Role::Staff).await;
        staff
            .post(
                "/devices/hearth-appliances/edit",
                &[("name", "Renamed"), ("kind", "maker"), ("slug", "")],
            )
            .await
            .assert_status(403);
        assert_eq!(app.count("devices"), 1);
        app.get("/devices/hearth-appliances")
            .await
            .assert_contains("Hearth Appliances");
    })
    .await;
}

#[actix_web::test]
async fn a_thread_can_be_tied_to_a_device_and_moved_by_editing() {
    each_db(|app| async move {
        app.register_as("admin_cy", Role::Admin).await;
        app.add_devices(&[
            ("Pocketfix", "maker", ""),
            ("Pocketfix One", "line", "pocketfix"),
        ])
        .await;
        let url = app
            .start_thread(
                "troubleshooting",
                "Speaker crackles on calls",
                "pocketfix-one",
                "Since the update.",
            )
            .await;
        let page = app.get(&url).await;
        page.assert_contains("href=\"/devices/pocketfix-one\"");
        app.get("/devices/pocketfix-one")
            .await
            .assert_contains("Speaker crackles on calls");
    })
    .await;
}
