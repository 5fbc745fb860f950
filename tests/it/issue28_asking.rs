//! Issue 28, asking and answering: the new-member rules said on the form
//! and applied in Preview, bare addresses shown as links and counted as
//! links, photos chosen with the question, part swaps by the part's name,
//! and accepting a solution with one button and a calm confirmation.

use std::io::Cursor;

use actix_web::http::header;
use actix_web::test;
use fixloop::model::accounts::users::Role;

use crate::common::{each_db, member, staff, thread_id, Page, TestApp, TestDb};

/// A small PNG, different for each seed.
fn png(seed: u8) -> Vec<u8> {
    let image = image::RgbImage::from_fn(32, 24, |x, y| {
        image::Rgb([seed, (x * 7) as u8, (y * 9) as u8])
    });
    let mut bytes = Vec::new();
    image::DynamicImage::ImageRgb8(image)
        .write_to(&mut Cursor::new(&mut bytes), image::ImageFormat::Png)
        .unwrap();
    bytes
}

/// Posts the new-question form as the page does (multipart, with this
/// visitor's token), with `photos` as its files.
async fn ask_with_photos(app: &TestApp, fields: &[(&str, &str)], photos: &[Vec<u8>]) -> Page {
    let boundary = "issue28-boundary";
    let token = app.csrf().await;
    let mut body = Vec::new();
    let mut text = |name: &str, value: &str| {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                .as_bytes(),
        );
    };
    text("csrf_token", &token);
    for (name, value) in fields {
        text(name, value);
    }
    for (i, photo) in photos.iter().enumerate() {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"p{i}.png\"\r\nContent-Type: image/png\r\n\r\n")
                .as_bytes(),
        );
        body.extend_from_slice(photo);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    app.request(
        test::TestRequest::post()
            .uri("/threads/new")
            .insert_header((
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            ))
            .set_payload(body),
    )
    .await
}

fn question<'a>(title: &'a str, body: &'a str, action: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("kind", "troubleshooting"),
        ("title", title),
        ("device", ""),
        ("body", body),
        ("action", action),
    ]
}

#[actix_web::test]
async fn new_members_read_the_link_rule_on_the_form_and_meet_it_in_preview() {
    for db in TestDb::all() {
        let app = TestApp::with_config(db, |config| {
            config.new_member_posts_per_hour = 30;
            config.new_member_link_free_posts = 2;
        })
        .await;
        let newcomer = member(&app, "rules_newcomer").await;
        newcomer
            .get("/threads/new")
            .await
            .assert_status(200)
            .assert_contains("Your first 2 posts cannot contain links or images — 2 posts to go")
            .assert_contains("Web addresses count as links")
            .assert_contains("You can post 30 times an hour");
        // Staff are trusted: no rules said to them.
        let helper = staff(&app, "rules_staff").await;
        helper
            .get("/threads/new")
            .await
            .assert_status(200)
            .assert_lacks("Rules for new members");

        // Preview says what Post would say, in the form, the text kept
        // (Tera writes "/" as "&#x2F;" in the text it escapes).
        let body = "It stopped charging, see www.example.com/charger for the model";
        for action in ["preview", "post"] {
            newcomer
                .post(
                    "/threads/new",
                    &question("Charger stopped working", body, action),
                )
                .await
                .assert_status(422)
                .assert_contains("Your first 2 posts cannot contain links or images")
                .assert_contains("see www.example.com&#x2F;charger for the model</textarea>");
        }
        assert_eq!(app.count("threads"), 0);
        // An address in code is neither a link nor counted.
        newcomer
            .post(
                "/threads/new",
                &question(
                    "Charger log",
                    "The log says `http://10.0.0.1/status`",
                    "preview",
                ),
            )
            .await
            .assert_status(200)
            .assert_contains("<code>http://10.0.0.1/status</code>")
            .assert_lacks("href=\"http://10.0.0.1/status\"");
        // A reply's preview applies the rule too.
        let url = helper
            .start_thread("troubleshooting", "Fan is loud", "", "It hums.")
            .await;
        let id = thread_id(&url);
        newcomer
            .post(
                &format!("/t/{id}/reply"),
                &[
                    ("body", "Try https://example.com/fan."),
                    ("action", "preview"),
                ],
            )
            .await
            .assert_status(422)
            .assert_contains("cannot contain links")
            .assert_contains("Try https:&#x2F;&#x2F;example.com&#x2F;fan.</textarea>");

        // A bare address is shown as a link (for whoever may post one),
        // without the full stop after it.
        helper
            .reply(id, "See https://example.com/fan-guide. Or www.example.org")
            .await;
        newcomer
            .get(&url)
            .await
            .assert_contains("<a href=\"https://example.com/fan-guide\" rel=\"nofollow ugc noopener noreferrer\">https://example.com/fan-guide</a>.")
            .assert_contains("<a href=\"https://www.example.org\" rel=\"nofollow ugc noopener noreferrer\">www.example.org</a>");
    }
}

#[actix_web::test]
async fn a_question_carries_its_photos_when_asked_and_nothing_when_refused() {
    each_db(|app| async move {
        let asker = member(&app, "photo_asker").await;
        let page = asker.get("/threads/new").await;
        page.assert_contains("enctype=\"multipart/form-data\"")
            .assert_contains("name=\"photo\" type=\"file\" multiple");

        // Refused (title too short): nothing written, the text kept.
        ask_with_photos(
            &asker,
            &question("Fan", "It hums at night.", "post"),
            &[png(1)],
        )
        .await
        .assert_status(422)
        .assert_contains("Give a title")
        .assert_contains("It hums at night.</textarea>")
        .assert_contains("choose them again");
        assert_eq!(app.count("threads"), 0);
        assert_eq!(app.count("photos"), 0);
        assert_eq!(app.count("post_photos"), 0);
        // More than a post may carry: said in the form, nothing written.
        let seven: Vec<Vec<u8>> = (1..=7).map(png).collect();
        ask_with_photos(
            &asker,
            &question("Fan hums at night", "It hums at night.", "post"),
            &seven,
        )
        .await
        .assert_status(422)
        .assert_contains("Choose at most 6 photos")
        .assert_contains("It hums at night.</textarea>");
        assert_eq!(app.count("threads") + app.count("photos"), 0);
        // Not an image: the photo checks of any upload.
        ask_with_photos(
            &asker,
            &question("Fan hums at night", "It hums at night.", "post"),
            &[b"not an image at all".to_vec()],
        )
        .await
        .assert_status(422)
        .assert_contains("It hums at night.</textarea>");
        assert_eq!(app.count("threads") + app.count("photos"), 0);

        // Asked with two photos (one chosen twice): on the question at once.
        let page = ask_with_photos(
            &asker,
            &question("Fan hums at night", "It hums at night.", "post"),
            &[png(1), png(2), png(1)],
        )
        .await;
        page.assert_status(303);
        assert_eq!(app.count("post_photos"), 2);
        let thread = asker.get(&page.location()).await;
        thread.assert_status(200);
        assert_eq!(thread.body.matches("src=\"/media/").count(), 2);
        // Without a token: refused, nothing more written.
        let stranger = app.visitor().await;
        stranger.register("photo_stranger").await;
        let no_token = stranger
            .request(
                test::TestRequest::post()
                    .uri("/threads/new")
                    .insert_header((header::CONTENT_TYPE, "multipart/form-data; boundary=x"))
                    .set_payload("--x\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nHello there\r\n--x--\r\n"),
            )
            .await;
        assert_eq!(no_token.status.as_u16(), 403);
        assert_eq!(app.count("threads"), 1);
    })
    .await;
}

#[actix_web::test]
async fn part_swaps_name_the_part_as_the_catalogue_does() {
    each_db(|admin| async move {
        admin.register_as("swap28_admin", Role::Admin).await;
        admin
            .add_devices(&[
                ("Openfone", "maker", ""),
                ("Openfone 4", "model", "openfone"),
            ])
            .await;
        admin
            .post(
                "/parts/new",
                &[
                    ("name", "Openfone 4 camera module"),
                    ("fits", "openfone-4"),
                    ("description", ""),
                ],
            )
            .await
            .assert_status(303);
        let swapper = member(&admin, "swap28_member").await;
        // The form offers the catalogue's names; a part's page links by URL name, shown by name.
        swapper
            .get("/threads/new?kind=part_swap&part=openfone-4-camera-module")
            .await
            .assert_contains(
                "<datalist id=\"part-names\"><option value=\"Openfone 4 camera module\">",
            )
            .assert_contains("value=\"Openfone 4 camera module\" placeholder")
            .assert_contains("Part-swap reports only");
        let report = |part: &'static str, kind: &'static str| {
            let swapper = &swapper;
            async move {
                swapper
                    .post(
                        "/threads/new",
                        &[
                            ("kind", kind),
                            ("title", "Camera module swap on the Openfone 4"),
                            ("device", "openfone-4"),
                            ("part", part),
                            ("outcome", "works"),
                            ("caveats", ""),
                            ("body", "Swapped it in ten minutes."),
                            ("action", "post"),
                        ],
                    )
                    .await
            }
        };
        // Nothing matches: the typed text named and kept.
        report("Openfone 5 camera", "part_swap")
            .await
            .assert_status(422)
            .assert_contains("“Openfone 5 camera” is not in the catalogue")
            .assert_contains("value=\"Openfone 5 camera\"");
        // By name in any case, or by URL name.
        report("  openfone 4 CAMERA module ", "part_swap")
            .await
            .assert_status(303);
        report("openfone-4-camera-module", "part_swap")
            .await
            .assert_status(303);
        assert_eq!(admin.count("swap_reports"), 2);
        // Another kind ignores the part-swap fields, whatever they hold.
        report("Openfone 5 camera", "troubleshooting")
            .await
            .assert_status(303);
        assert_eq!(admin.count("swap_reports"), 2);
    })
    .await;
}

#[actix_web::test]
async fn accepting_a_solution_is_one_button_then_a_calm_confirmation() {
    each_db(|admin| async move {
        admin.register_as("accept_admin", Role::Admin).await;
        admin
            .add_devices(&[("Acme", "maker", ""), ("Acme Fan 3", "model", "acme")])
            .await;
        let asker = member(&admin, "accept_asker").await;
        let helper = member(&admin, "accept_helper").await;
        let reader = member(&admin, "accept_reader").await;
        let url = asker
            .start_thread("troubleshooting", "The fan hums at night", "acme-fan-3", "Hums.")
            .await;
        let id = thread_id(&url);
        let answer = helper.reply(id, "Reseat the fan cable.").await;

        // The asker's main action on the answer: one button.
        let page = asker.get(&url).await;
        page.assert_contains("class=\"button button-primary button-accept\" type=\"submit\">✓ This solved my problem</button>");
        reader.get(&url).await.assert_lacks("button-accept");

        let accepted = asker
            .post(&format!("/posts/{answer}/solution"), &[("firmware", "")])
            .await;
        accepted.assert_status(303);
        assert!(accepted.location().ends_with("#solution"), "{}", accepted.location());
        let page = asker.get(&url).await;
        page.assert_contains("You marked this as the solution")
            .assert_lacks("device not listed")
            .assert_lacks("It worked for me on")
            .assert_lacks("This solved my problem");
        // The undo comes after the solution, not above it.
        let solution = page.body.find("id=\"solution\"").expect("the solution is shown");
        let undo = page.body.find("Not solved after all?").expect("an undo");
        assert!(undo > solution);
        assert!(!page.body[..solution].contains("/unsolve"));

        // Others say it worked on a device, the thread's chosen for them.
        reader
            .get(&url)
            .await
            .assert_lacks("You marked this as the solution")
            .assert_contains("<option value=\"acme-fan-3\" selected>Acme Fan 3</option>");
        // The undo still works.
        asker
            .post(&format!("/t/{id}/unsolve"), &[])
            .await
            .assert_status(303);
        asker
            .get(&url)
            .await
            .assert_contains("✓ This solved my problem")
            .assert_lacks("You marked this as the solution");
    })
    .await;
}
