//! Ideas for the product teams (issue 16): members propose an improvement for
//! a device and vote (one vote each, the proposer's counted, taken back at
//! will); staff move the status forward with a note and a history; who is
//! told (by notification and by mail); the list per device, most votes
//! first; the device page's card; the dashboard's "most wanted, by device
//! family"; every refusal and every bad input with its status.

use fixloop::model::accounts::users::Role;

use crate::common::{each_db, each_db_with_mail, member, staff, Page, TestApp};

/// Hearth > Hearth Washers > Hearth W7, Hearth > Hearth Dryers > Hearth D2,
/// and Modulo (another maker).
async fn catalogue(admin: &TestApp) {
    admin.register_as("idea_admin", Role::Admin).await;
    admin
        .add_devices(&[
            ("Hearth", "maker", ""),
            ("Hearth Washers", "line", "hearth"),
            ("Hearth W7", "model", "hearth-washers"),
            ("Hearth Dryers", "line", "hearth"),
            ("Hearth D2", "model", "hearth-dryers"),
            ("Modulo", "maker", ""),
        ])
        .await;
}

async fn propose_page(app: &TestApp, title: &str, device: &str) -> Page {
    app.post(
        "/ideas/new",
        &[
            ("title", title),
            ("device", device),
            (
                "body",
                "The hinge loosens after a year; a locking screw would fix it.",
            ),
        ],
    )
    .await
}

/// Proposes an idea; its id.
async fn propose(app: &TestApp, title: &str, device: &str) -> i64 {
    let page = propose_page(app, title, device).await;
    page.assert_status(303);
    page.location()
        .trim_start_matches("/ideas/")
        .parse()
        .unwrap()
}

async fn vote(app: &TestApp, id: i64) -> Page {
    app.post(&format!("/ideas/{id}/vote"), &[]).await
}

async fn set_status(app: &TestApp, id: i64, status: &str, note: &str) -> Page {
    app.post(
        &format!("/ideas/{id}/status"),
        &[("status", status), ("note", note)],
    )
    .await
}

fn told(app: &TestApp, username: &str) -> i64 {
    #[derive(diesel::QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let name = username.to_owned();
    app.db(move |conn| {
        use diesel::RunQueryDsl;
        diesel::sql_query(
            "SELECT COUNT(*) AS n FROM notifications x JOIN users u ON u.id = x.user_id \
             WHERE u.username = $1 AND x.kind = 'idea_status'",
        )
        .bind::<diesel::sql_types::Text, _>(name)
        .get_result::<N>(conn)
        .unwrap()
        .n
    })
}

fn votes_of(app: &TestApp, id: i64) -> i64 {
    app.db(move |conn| {
        fixloop::model::before_service::ideas::find(conn, id)
            .unwrap()
            .unwrap()
            .votes
    })
}

fn position(page: &Page, needle: &str) -> usize {
    page.assert_contains(needle);
    page.body.find(needle).unwrap()
}

#[actix_web::test]
async fn an_idea_from_proposal_to_shipped() {
    each_db(|admin| async move {
        catalogue(&admin).await;
        let staff = staff(&admin, "idea_staff").await;
        let proposer = member(&admin, "idea_proposer").await;
        let voter = member(&admin, "idea_voter").await;
        let fickle = member(&admin, "idea_fickle").await;
        let follower = member(&admin, "idea_follower").await;
        let bystander = member(&admin, "idea_bystander").await;

        // Proposed from the device page's link: the proposer's vote counts.
        let form = proposer.get("/ideas/new?device=hearth-w7").await;
        form.assert_status(200)
            .assert_contains(r#"<option value="hearth-w7" selected>"#);
        let id = propose(&proposer, "A hinge that does not loosen", "hearth-w7").await;
        let page = proposer.get(&format!("/ideas/{id}")).await;
        page.assert_status(200)
            .assert_contains("A hinge that does not loosen")
            .assert_contains(r#"<strong id="idea-votes">1</strong> vote"#)
            .assert_contains("Proposed")
            .assert_contains("You voted for it")
            .assert_contains("Take my vote back")
            .assert_lacks("Change the status");
        assert_eq!(admin.count("idea_votes"), 1);

        // Votes: one each, taken back, and a second one refused.
        vote(&voter, id).await.assert_status(303);
        vote(&voter, id)
            .await
            .assert_status(409)
            .assert_contains("You have already voted for this idea.");
        vote(&fickle, id).await.assert_status(303);
        assert_eq!(votes_of(&admin, id), 3);
        fickle
            .post(&format!("/ideas/{id}/unvote"), &[])
            .await
            .assert_status(303);
        fickle
            .post(&format!("/ideas/{id}/unvote"), &[])
            .await
            .assert_status(409)
            .assert_contains("You have not voted for this idea");
        assert_eq!(votes_of(&admin, id), 2);
        fickle
            .get(&format!("/ideas/{id}"))
            .await
            .assert_contains("Vote for it")
            .assert_contains(r#"<strong id="idea-votes">2</strong> votes"#);
        follower
            .post(&format!("/t/{id}/follow"), &[])
            .await
            .assert_status(303);
        // The discussion is an ordinary thread page with the idea's badge
        // and a banner with its status and votes, pointing at the idea.
        bystander
            .get(&format!("/t/{id}"))
            .await
            .assert_status(200)
            .assert_contains(r#"<span class="kind kind-idea">Idea</span>"#)
            .assert_contains("This is an idea for the product team")
            .assert_contains("status: <strong>Proposed</strong> · 2 votes")
            .assert_contains(&format!("href=\"/ideas/{id}\""));

        // Staff move it forward; the proposer, voters and followers are told,
        // not the staff member, not who took their vote back, not bystanders.
        staff
            .get(&format!("/ideas/{id}"))
            .await
            .assert_contains("Change the status");
        set_status(&staff, id, "under_review", "Our hinge team is looking.")
            .await
            .assert_status(303);
        for (name, n) in [
            ("idea_proposer", 1),
            ("idea_voter", 1),
            ("idea_follower", 1),
            ("idea_fickle", 0),
            ("idea_staff", 0),
            ("idea_bystander", 0),
        ] {
            assert_eq!(told(&admin, name), n, "{name} after under review");
        }
        voter
            .get("/notifications")
            .await
            .assert_contains("(staff) changed the status of the idea")
            .assert_contains("A hinge that does not loosen");

        // Backwards, sideways or to nowhere: 422 with the reason, nothing told.
        set_status(&staff, id, "proposed", "")
            .await
            .assert_status(422)
            .assert_contains("A status only moves forward");
        set_status(&staff, id, "under_review", "")
            .await
            .assert_status(422)
            .assert_contains("It is already “Under review”.");
        set_status(&staff, id, "someday", "")
            .await
            .assert_status(422)
            .assert_contains("Choose one of the statuses.");
        assert_eq!(told(&admin, "idea_voter"), 1);

        set_status(&staff, id, "planned", "In the 2027 models.")
            .await
            .assert_status(303);
        set_status(&staff, id, "shipped", "Rev B has the locking hinge.")
            .await
            .assert_status(303);
        assert_eq!(told(&admin, "idea_voter"), 3);
        assert_eq!(told(&admin, "idea_proposer"), 3);
        assert_eq!(told(&admin, "idea_staff"), 0);
        set_status(&staff, id, "planned", "")
            .await
            .assert_status(422)
            .assert_contains("it is “Shipped” now, so it cannot become “Planned”");
        set_status(&staff, id, "declined", "Changed our minds")
            .await
            .assert_status(422)
            .assert_contains("A status only moves forward");

        bystander
            .get(&format!("/t/{id}"))
            .await
            .assert_contains("status: <strong>Shipped</strong>");
        // The history, in order with notes; a shipped idea takes no votes.
        let page = bystander.get(&format!("/ideas/{id}")).await;
        let proposed = position(&page, "“Proposed.”");
        let review = position(&page, "“Our hinge team is looking.”");
        let planned = position(&page, "“In the 2027 models.”");
        let shipped = position(&page, "“Rev B has the locking hinge.”");
        assert!(proposed < review && review < planned && planned < shipped);
        page.assert_contains("Shipped: votes are closed.");
        vote(&bystander, id)
            .await
            .assert_status(409)
            .assert_contains("This idea is shipped: it takes no more votes.");
        assert_eq!(admin.count("status_events"), 4);

        // Declining needs a note, and may come straight from proposed.
        let other = propose(&proposer, "A drum light that stays on", "hearth-w7").await;
        set_status(&staff, other, "declined", "")
            .await
            .assert_status(422)
            .assert_contains("Say why it is declined");
        set_status(
            &staff,
            other,
            "declined",
            "The door seal would not allow it.",
        )
        .await
        .assert_status(303);
        assert_eq!(told(&admin, "idea_proposer"), 4);
    })
    .await;
}

#[actix_web::test]
async fn the_list_per_device_most_votes_first() {
    each_db(|admin| async move {
        catalogue(&admin).await;
        let staff = staff(&admin, "idea_staff").await;
        let a = member(&admin, "idea_a").await;
        let b = member(&admin, "idea_b").await;
        let c = member(&admin, "idea_c").await;

        let quiet = propose(&a, "A quieter spin cycle", "hearth-w7").await;
        let wanted = propose(&b, "A door that opens both ways", "hearth-w7").await;
        let line = propose(&c, "One detergent drawer for the line", "hearth-washers").await;
        let elsewhere = propose(&a, "Modulo: a longer cable", "modulo").await;
        for voter in [&a, &c] {
            vote(voter, wanted).await.assert_status(303);
        }
        vote(&a, line).await.assert_status(303);
        // wanted 3, line 2, quiet 1 (and the Modulo idea, elsewhere).

        let page = c.get("/ideas?device=hearth-w7").await;
        page.assert_status(200)
            .assert_contains("Ideas · Hearth W7")
            .assert_lacks("Modulo: a longer cable");
        let first = position(&page, "A door that opens both ways");
        let second = position(&page, "One detergent drawer for the line");
        let third = position(&page, "A quieter spin cycle");
        assert!(first < second && second < third);
        // The viewer's own votes are marked.
        page.assert_contains("You voted");

        // A status filter; every idea when no device is named.
        set_status(&staff, quiet, "planned", "Soon.")
            .await
            .assert_status(303);
        let planned = c.get("/ideas?status=planned").await;
        planned
            .assert_status(200)
            .assert_contains("A quieter spin cycle")
            .assert_lacks("A door that opens both ways");
        let all = c.get("/ideas").await;
        all.assert_status(200)
            .assert_contains("Modulo: a longer cable")
            .assert_contains(&format!("/ideas/{elsewhere}"));

        // Bad filters are a clear 400.
        c.get("/ideas?device=no-such-device")
            .await
            .assert_status(400)
            .assert_contains("Unknown device");
        c.get("/ideas?status=someday")
            .await
            .assert_status(400)
            .assert_contains("Unknown idea status");
        c.get("/ideas?page=zero").await.assert_status(400);

        // The device page's card: the most wanted open ideas, and the way to
        // propose one; a visitor sees the card too.
        let device = c.get("/devices/hearth-w7").await;
        device
            .assert_status(200)
            .assert_contains(r#"<h2 id="ideas-heading">Ideas</h2>"#)
            .assert_contains("/ideas/new?device=hearth-w7")
            .assert_contains("All ideas for Hearth W7 (3 open)");
        let card = &device.body[device.body.find("ideas-heading").unwrap()..];
        assert!(card.find("A door that opens both ways") < card.find("A quieter spin cycle"));
        let visitor = admin.visitor().await;
        visitor
            .get("/devices/modulo")
            .await
            .assert_status(200)
            .assert_contains("Modulo: a longer cable")
            .assert_lacks("/ideas/new?device=modulo");
        visitor
            .get("/devices/hearth-d2")
            .await
            .assert_status(200)
            .assert_contains("No ideas yet");
    })
    .await;
}

#[actix_web::test]
async fn the_dashboard_shows_the_most_wanted_by_family() {
    each_db(|admin| async move {
        catalogue(&admin).await;
        let staff = staff(&admin, "idea_staff").await;
        let a = member(&admin, "idea_a").await;
        let b = member(&admin, "idea_b").await;

        let washer = propose(&a, "A washer that texts when done", "hearth-w7").await;
        let washer2 = propose(&b, "A softer end-of-cycle tune", "hearth-w7").await;
        let dryer = propose(&a, "A lint filter that slides out", "hearth-d2").await;
        let shipped = propose(&b, "A shipped dryer idea", "hearth-d2").await;
        vote(&b, washer).await.assert_status(303);
        vote(&b, dryer).await.assert_status(303);
        let _ = washer2;
        set_status(&staff, shipped, "shipped", "Done.")
            .await
            .assert_status(303);

        let page = staff.get("/staff/dashboard").await;
        page.assert_status(200)
            .assert_contains("Most wanted ideas, by device family")
            .assert_lacks("A shipped dryer idea");
        let section = &page.body[page.body.find("wanted-heading").unwrap()..];
        let washers = section.find("<h3>Hearth Washers</h3>").unwrap();
        let dryers = section.find("<h3>Hearth Dryers</h3>").unwrap();
        let texts = section.find("A washer that texts when done").unwrap();
        let tune = section.find("A softer end-of-cycle tune").unwrap();
        let lint = section.find("A lint filter that slides out").unwrap();
        // Within a family the most votes first; each idea under its family.
        assert!(washers < texts && texts < tune);
        assert!(dryers < lint);
        assert!((washers < dryers) == (tune < dryers));

        // Members do not see the dashboard.
        a.get("/staff/dashboard").await.assert_status(403);
    })
    .await;
}

#[actix_web::test]
async fn who_may_do_what_and_bad_input() {
    each_db(|admin| async move {
        catalogue(&admin).await;
        let staff = staff(&admin, "idea_staff").await;
        let benched_staff = staff_of(&admin, "idea_benched_staff").await;
        let proposer = member(&admin, "idea_proposer").await;
        let suspended = member(&admin, "idea_suspended").await;
        let id = propose(&proposer, "A hinge that does not loosen", "hearth-w7").await;
        admin.set_suspended("idea_suspended", Some(3));
        admin.set_suspended("idea_benched_staff", Some(3));
        let before = admin.count("ideas");

        // Suspended members neither propose nor vote.
        propose_page(&suspended, "A suspended idea", "hearth-w7")
            .await
            .assert_status(403)
            .assert_contains("suspended");
        vote(&suspended, id).await.assert_status(403);
        // Visitors are asked to log in.
        let visitor = admin.visitor().await;
        vote(&visitor, id).await.assert_status(401);
        propose_page(&visitor, "A visitor idea", "hearth-w7")
            .await
            .assert_status(401);
        // Only staff set a status, and not while suspended.
        set_status(&proposer, id, "under_review", "")
            .await
            .assert_status(403)
            .assert_contains("Only staff can change an idea");
        set_status(&benched_staff, id, "under_review", "")
            .await
            .assert_status(403);
        assert_eq!(admin.count("ideas"), before);
        assert_eq!(admin.count("status_events"), 1);
        assert_eq!(votes_of(&admin, id), 1);

        // Bad input: each with its message, the form shown again (422).
        propose_page(&proposer, "A hinge idea", "no-such-device")
            .await
            .assert_status(422)
            .assert_contains("That device is not in the catalogue");
        propose_page(&proposer, "A hinge idea", "")
            .await
            .assert_status(422)
            .assert_contains("Choose the device your idea is for.");
        propose_page(&proposer, "", "hearth-w7")
            .await
            .assert_status(422)
            .assert_contains("Give a title of 5 to 200 characters");
        proposer
            .post(
                "/ideas/new",
                &[
                    ("title", "An idea with no words"),
                    ("device", "hearth-w7"),
                    ("body", " "),
                ],
            )
            .await
            .assert_status(422)
            .assert_contains("the body cannot be empty");
        set_status(&staff, id, "", "")
            .await
            .assert_status(422)
            .assert_contains("Choose one of the statuses.");
        let long = "x".repeat(501);
        set_status(&staff, id, "planned", &long)
            .await
            .assert_status(422)
            .assert_contains("Keep the note under 500 characters.");
        assert_eq!(admin.count("ideas"), before);

        // Unknown ideas, and threads that are not ideas: 404.
        proposer.get("/ideas/999999").await.assert_status(404);
        vote(&proposer, 999_999).await.assert_status(404);
        set_status(&staff, 999_999, "planned", "")
            .await
            .assert_status(404);
        let question = crate::common::thread_id(
            &proposer
                .start_thread(
                    "troubleshooting",
                    "The door squeaks",
                    "hearth-w7",
                    "It squeaks.",
                )
                .await,
        );
        vote(&proposer, question).await.assert_status(404);
        proposer
            .get(&format!("/ideas/{question}"))
            .await
            .assert_status(404);
        // Ideas are not started from the new-thread form.
        proposer
            .post(
                "/threads/new",
                &[
                    ("kind", "idea"),
                    ("title", "A sneaky idea"),
                    ("device", "hearth-w7"),
                    ("body", "Through the back door."),
                    ("action", "post"),
                ],
            )
            .await
            .assert_status(422);
    })
    .await;
}

async fn staff_of(app: &TestApp, name: &str) -> TestApp {
    staff(app, name).await
}

#[actix_web::test]
async fn voters_are_mailed_at_once_of_a_status_change() {
    each_db_with_mail(|admin, server| async move {
        catalogue(&admin).await;
        let staff = staff(&admin, "idea_staff").await;
        let proposer = member(&admin, "idea_proposer").await;
        let voter = member(&admin, "idea_voter").await;
        let id = propose(&proposer, "A hinge that does not loosen", "hearth-w7").await;
        vote(&voter, id).await.assert_status(303);
        admin.deliver_mail().await;
        let before = server.received().len();

        set_status(&staff, id, "planned", "In the 2027 models.")
            .await
            .assert_status(303);
        admin.deliver_mail().await;
        let mail: Vec<_> = server.received().into_iter().skip(before).collect();
        let to = |name: &str| {
            let address = format!("{name}@example.com");
            mail.iter()
                .filter(|m| {
                    m.header("To").is_some_and(|t| t.contains(&address))
                        && m.header("List-Unsubscribe").is_some()
                })
                .count()
        };
        assert_eq!(to("idea_voter"), 1);
        assert_eq!(to("idea_proposer"), 1);
        assert_eq!(to("idea_staff"), 0);
        let one = mail
            .iter()
            .find(|m| m.header("To").is_some_and(|t| t.contains("idea_voter@")))
            .unwrap();
        assert!(one.text().contains("A hinge that does not loosen"));
        assert!(one
            .text()
            .contains("changed the status of an idea you voted for"));

        // The kind is on the mail settings page, at once by default.
        voter
            .get("/settings/mail")
            .await
            .assert_status(200)
            .assert_contains("Ideas I proposed or voted for");
    })
    .await;
}
