//! Issue 28, the account pages, guide authoring, flags and the demo: the
//! logged-in browsers listed (browser, network, last used) and logged out
//! one by one or all others; the data page's devices; bio and avatar;
//! guides that leave unset what the author did not choose; a flag that
//! confirms itself; `fixloop demo` naming every account.

use std::io::Cursor;

use fixloop::model::accounts::users::Role;

use crate::common::{each_db, member, thread_id, PASSWORD};

const FIREFOX_LINUX: &str =
    "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
const SAFARI_IPHONE: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

/// The ids of the "Log out" forms in (part of) the data page, in order.
fn session_ids(html: &str) -> Vec<i64> {
    html.split("action=\"/settings/sessions/")
        .skip(1)
        .filter_map(|rest| rest.split('/').next()?.parse().ok())
        .collect()
}

/// The browser's session ended: its settings page sends it to log in.
async fn assert_logged_out(browser: &crate::common::TestApp) {
    let page = browser.get("/settings/data").await;
    page.assert_status(303);
    assert!(page.location().starts_with("/login"), "{}", page.location());
}

#[actix_web::test]
async fn members_see_their_browsers_and_log_them_out() {
    each_db(|app| async move {
        let laptop = member(&app, "sessions_sam").await;
        // Two more browsers of Sam's: a phone on IPv4, a desktop on IPv6.
        let phone = app.visitor().await;
        phone
            .login_from(
                "203.0.113.77:5000",
                &[("user-agent", SAFARI_IPHONE)],
                "sessions_sam",
                PASSWORD,
            )
            .await
            .assert_status(303);
        let desktop = app.visitor().await;
        desktop
            .login_from(
                "[2001:db8:abcd:12::7]:5000",
                &[("user-agent", FIREFOX_LINUX)],
                "sessions_sam",
                PASSWORD,
            )
            .await
            .assert_status(303);

        let page = desktop.get("/settings/data").await;
        page.assert_status(200)
            .assert_contains("3 browsers are logged in")
            .assert_contains("Safari on iOS")
            .assert_contains("From the network 203.0.113.0&#x2F;24")
            .assert_contains("Firefox on Linux")
            .assert_contains("2001:db8:abcd::&#x2F;48")
            .assert_contains("This browser")
            .assert_contains("Log out all others")
            // Never the full address.
            .assert_lacks("203.0.113.77")
            .assert_lacks("2001:db8:abcd:12");
        // This browser is listed first, without a button of its own.
        assert!(
            page.body.find("Firefox on Linux").unwrap() < page.body.find("Safari on iOS").unwrap()
        );
        let others = session_ids(&page.body);
        assert_eq!(others.len(), 2, "a button for each other browser");

        // Another member cannot end Sam's sessions: 404, nothing ended.
        let stranger = member(&app, "sessions_stranger").await;
        for id in &others {
            stranger
                .post(&format!("/settings/sessions/{id}/end"), &[])
                .await
                .assert_status(404);
        }
        // Without the form's token, nothing happens either.
        desktop
            .post_raw(&format!("/settings/sessions/{}/end", others[0]), &[])
            .await
            .assert_status(403);
        phone.get("/settings/data").await.assert_status(200);

        // The phone's session, found by its place in the list.
        let phone_session = session_ids(&page.body[page.body.find("Safari on iOS").unwrap()..])[0];
        let ended = desktop
            .post(&format!("/settings/sessions/{phone_session}/end"), &[])
            .await;
        ended.assert_status(303);
        desktop
            .get(&ended.location())
            .await
            .assert_contains("That browser is logged out.")
            .assert_contains("2 browsers are logged in")
            .assert_lacks("Safari on iOS");
        assert_logged_out(&phone).await;
        laptop.get("/settings/data").await.assert_status(200);

        // A suspended member can still log out the others.
        app.set_suspended("sessions_sam", Some(3));
        let ended = desktop.post("/settings/sessions/end-others", &[]).await;
        ended.assert_status(303);
        desktop
            .get(&ended.location())
            .await
            .assert_contains("The other browser is logged out.")
            .assert_contains("1 browser is logged in");
        assert_logged_out(&laptop).await;
        // The stranger's own session was never touched.
        stranger.get("/settings/data").await.assert_status(200);
    })
    .await;
}

#[actix_web::test]
async fn the_data_page_lists_owned_devices_instead_of_promising_them() {
    each_db(|app| async move {
        let admin = app.visitor().await;
        admin.register_as("devices_admin", Role::Admin).await;
        admin
            .add_devices(&[("Washco", "maker", ""), ("Washco W7", "model", "washco")])
            .await;
        let owner = member(&app, "devices_dana").await;
        owner
            .get("/settings/data")
            .await
            .assert_status(200)
            .assert_contains("You have not registered a device.")
            .assert_lacks("comes next");
        owner
            .post(
                "/devices/washco-w7/own",
                &[
                    ("nickname", "Cellar washer"),
                    ("purchased_on", ""),
                    ("firmware", ""),
                ],
            )
            .await
            .assert_status(303);
        owner
            .get("/settings/data")
            .await
            .assert_contains("Washco W7 · Cellar washer")
            .assert_lacks("You have not registered a device.")
            .assert_lacks("comes next");
    })
    .await;
}

/// A small JPEG, as a phone would send it.
fn jpeg() -> Vec<u8> {
    let image = image::RgbImage::from_fn(80, 60, |x, y| {
        image::Rgb([(x * 3) as u8, (y * 4) as u8, 120])
    });
    let mut bytes = Vec::new();
    image::DynamicImage::ImageRgb8(image)
        .write_to(&mut Cursor::new(&mut bytes), image::ImageFormat::Jpeg)
        .unwrap();
    bytes
}

#[actix_web::test]
async fn members_write_their_bio_and_choose_an_avatar() {
    each_db(|app| async move {
        let bea = member(&app, "profile_bea").await;
        bea.get("/settings/profile")
            .await
            .assert_status(200)
            .assert_contains("id=\"bio-text\"");
        bea.get("/u/profile_bea")
            .await
            .assert_contains("No bio yet.");

        // Plain text: Markdown stays as typed, line breaks become spaces.
        let saved = bea
            .post(
                "/settings/profile",
                &[("bio", "Fixes **old** radios\nin Leeds.")],
            )
            .await;
        saved.assert_status(303);
        bea.get(&saved.location())
            .await
            .assert_contains("Your bio is saved.");
        app.visitor()
            .await
            .get("/u/profile_bea")
            .await
            .assert_contains("Fixes **old** radios in Leeds.")
            .assert_lacks("<strong>old</strong>");

        // Too long: said in the page, the text kept, nothing saved.
        let long = "a".repeat(301);
        let page = bea.post("/settings/profile", &[("bio", &long)]).await;
        page.assert_status(422)
            .assert_contains("Keep the bio to 300 characters; this one has 301.")
            .assert_contains(&long);
        app.visitor()
            .await
            .get("/u/profile_bea")
            .await
            .assert_contains("Fixes **old** radios in Leeds.");

        // An avatar through the photo pipeline: stored with a thumbnail and shown.
        let page = bea
            .post_file("/settings/avatar", "photo", &jpeg(), true)
            .await;
        page.assert_status(303);
        assert_eq!(page.location(), "/settings/profile?avatar=1");
        let sha: String = app.db(|conn| {
            use diesel::prelude::*;
            use fixloop::db::schema::{photos, users};
            users::table
                .inner_join(photos::table.on(photos::id.nullable().eq(users::avatar_photo_id)))
                .filter(users::username.eq("profile_bea"))
                .select(photos::sha256)
                .first(conn)
                .unwrap()
        });
        let thumb = format!("/media/{sha}.thumb.jpg");
        app.visitor()
            .await
            .get("/u/profile_bea")
            .await
            .assert_contains(&thumb);
        let (status, _, bytes) = app.get_bytes(&thumb).await;
        assert_eq!(status, 200);
        assert!(bytes.starts_with(&[0xFF, 0xD8]), "a JPEG thumbnail");

        // Not a photo: refused in the settings page.
        bea.post_file("/settings/avatar", "photo", b"not an image at all", true)
            .await
            .assert_status(422)
            .assert_contains("id=\"avatar-heading\"")
            .assert_contains("class=\"field-error\" id=\"photo-error\"");

        // Removed: the initial again.
        bea.post("/settings/avatar/remove", &[])
            .await
            .assert_status(303);
        app.visitor()
            .await
            .get("/u/profile_bea")
            .await
            .assert_lacks(&thumb);

        // Suspended: neither changes; without the token or logged out, neither.
        app.set_suspended("profile_bea", Some(2));
        bea.post("/settings/profile", &[("bio", "Changed while suspended")])
            .await
            .assert_status(403);
        bea.post_file("/settings/avatar", "photo", &jpeg(), true)
            .await
            .assert_status(403);
        app.set_suspended("profile_bea", None);
        bea.post_raw("/settings/profile", &[("bio", "Forged")])
            .await
            .assert_status(403);
        bea.post_file("/settings/avatar", "photo", &jpeg(), false)
            .await
            .assert_status(403);
        app.visitor()
            .await
            .post("/settings/profile", &[("bio", "Nobody")])
            .await
            .assert_status(401);
        app.visitor()
            .await
            .get("/u/profile_bea")
            .await
            .assert_contains("Fixes **old** radios in Leeds.");
    })
    .await;
}

#[actix_web::test]
async fn a_new_guide_leaves_unset_what_its_author_did_not_choose() {
    each_db(|app| async move {
        let author = member(&app, "guide_gia").await;
        let url = author
            .start_thread(
                "guide",
                "Swap the hinge",
                "",
                "Loose hinges are an easy fix.",
            )
            .await;
        let id = thread_id(&url);
        let page = author.get(&url).await;
        page.assert_status(200)
            .assert_lacks("Moderate")
            .assert_lacks("30–60 minutes")
            .assert_lacks(">Difficulty<")
            // The author is not asked whether they did their own repair.
            .assert_lacks("Did you do this repair?")
            .assert_lacks(&format!("action=\"/t/{id}/completion\""))
            .assert_contains("Repairs recorded");
        let details = author.get(&format!("/t/{id}/guide/edit")).await;
        details
            .assert_status(200)
            .assert_contains("<option value=\"\" selected>Not set</option>");

        // Tools without a difficulty or time: they stay unset.
        author
            .post(
                &format!("/t/{id}/guide/edit"),
                &[
                    ("difficulty", ""),
                    ("time_min", ""),
                    ("time_max", ""),
                    ("tools", "Spudger"),
                    ("parts", ""),
                    ("prerequisites", ""),
                    ("conclusion", ""),
                ],
            )
            .await
            .assert_status(303);
        let stored = app.db(|conn| {
            fixloop::model::knowledge::guides::find(conn, id)
                .unwrap()
                .unwrap()
        });
        assert_eq!(
            (stored.difficulty, stored.time_min, stored.time_max),
            (None, None, None)
        );
        app.visitor()
            .await
            .get(&url)
            .await
            .assert_contains("<li>Spudger</li>")
            .assert_lacks(">Time<")
            .assert_lacks(">Difficulty<");

        // Half a range is refused in the page, the author's text kept.
        author
            .post(
                &format!("/t/{id}/guide/edit"),
                &[
                    ("difficulty", "difficult"),
                    ("time_min", "20"),
                    ("time_max", ""),
                    ("tools", "Spudger, T5"),
                ],
            )
            .await
            .assert_status(422)
            .assert_contains("or leave both empty")
            .assert_contains("Spudger, T5");

        // Chosen, they show.
        author
            .post(
                &format!("/t/{id}/guide/edit"),
                &[
                    ("difficulty", "difficult"),
                    ("time_min", "20"),
                    ("time_max", "45"),
                ],
            )
            .await
            .assert_status(303);
        let reader = member(&app, "guide_reader").await;
        reader
            .get(&url)
            .await
            .assert_contains("Difficult")
            .assert_contains("20–45 minutes")
            .assert_contains("Did you do this repair?")
            .assert_contains(&format!("action=\"/t/{id}/completion\""));
    })
    .await;
}

#[actix_web::test]
async fn a_flag_confirms_itself_to_the_member_who_sent_it() {
    each_db(|app| async move {
        let asker = member(&app, "flag_asker").await;
        let url = asker
            .start_thread(
                "troubleshooting",
                "Fan rattles",
                "",
                "It rattles at full speed.",
            )
            .await;
        let thread = thread_id(&url);
        let spammer = member(&app, "flag_spammer").await;
        let post = spammer.reply(thread, "Buy cheap fans at my shop.").await;

        let flagger = member(&app, "flag_fiona").await;
        let before = flagger.get(&url).await;
        before.assert_contains(&format!("action=\"/posts/{post}/flag\""));
        let flagged = flagger
            .post(
                &format!("/posts/{post}/flag"),
                &[("reason", "spam"), ("note", "")],
            )
            .await;
        flagged.assert_status(303);
        assert!(
            flagged.location().ends_with(&format!("#post-{post}")),
            "{}",
            flagged.location()
        );
        flagger
            .get(&flagged.location())
            .await
            .assert_contains("You flagged this post; staff will look at it.")
            .assert_lacks(&format!("action=\"/posts/{post}/flag\""));
        // Another member still gets the Flag button, and no confirmation.
        let other = member(&app, "flag_other").await;
        other
            .get(&url)
            .await
            .assert_contains(&format!("action=\"/posts/{post}/flag\""))
            .assert_lacks("You flagged this post");
    })
    .await;
}

#[actix_web::test]
async fn the_demo_names_every_account_and_its_guide_lists_tools_and_parts() {
    each_db(|app| async move {
        let out = app.db(|conn| fixloop::demo::load(conn).unwrap());
        for user in fixloop::demo::content::USERS {
            let line = out
                .lines()
                .find(|l| l.split_whitespace().next() == Some(user.username))
                .unwrap_or_else(|| panic!("{} is not printed:\n{out}", user.username));
            assert!(line.ends_with(user.role), "{line}");
        }
        assert!(out.contains("fixloop-demo"), "{out}");

        let search = app
            .get("/api/v1/search?q=replace%20battery%20modulo")
            .await
            .json();
        let guide = search["hits"]
            .as_array()
            .unwrap()
            .iter()
            .find(|h| h["title"] == "Replace the battery of the Modulo Laptop 13")
            .expect("the battery guide")["thread_id"]
            .as_i64()
            .unwrap();
        app.get(&format!("/t/{guide}"))
            .await
            .assert_contains("<li>T5 Torx screwdriver</li>")
            .assert_contains("<a href=\"/parts/modulo-laptop-13-battery-55-wh\">Modulo Laptop 13 battery 55 Wh</a>")
            .assert_contains("15–30 minutes");
    })
    .await;
}
