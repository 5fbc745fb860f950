//! Webhooks through HTTP on both databases, delivered to a real HTTP
//! receiver run by the test (a TcpListener on a thread): signed deliveries,
//! retries after a failure, private addresses refused unless allowed,
//! unknown events refused, admins only, and two workers on one database
//! never sending one delivery twice.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use diesel::RunQueryDsl;
use fixloop::model::accounts::users::Role;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::common::{each_db, thread_id, TestApp};

/// One request the receiver got.
#[derive(Debug, Clone)]
struct Received {
    path: String,
    headers: BTreeMap<String, String>,
    body: String,
}

/// An HTTP server answering each request with the next status of a script
/// (200 once it runs out), recording what it got.
struct Receiver {
    url: String,
    received: Arc<Mutex<Vec<Received>>>,
}

impl Receiver {
    fn start(script: &[u16]) -> Receiver {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a port for the receiver");
        let url = format!("http://{}/hooks/fixloop", listener.local_addr().unwrap());
        let received = Arc::new(Mutex::new(Vec::new()));
        let (log, mut script) = (received.clone(), script.to_vec());
        script.reverse();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { return };
                let Some(request) = read_request(&mut stream) else {
                    continue;
                };
                log.lock().unwrap().push(request);
                let status = script.pop().unwrap_or(200);
                let reply = format!(
                    "HTTP/1.1 {status} Whatever\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
                );
                let _ = stream.write_all(reply.as_bytes());
            }
        });
        Receiver { url, received }
    }

    fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}

fn read_request(stream: &mut std::net::TcpStream) -> Option<Received> {
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let path = line.split_whitespace().nth(1)?.to_owned();
    let mut headers = BTreeMap::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).ok()?;
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(':')?;
        headers.insert(name.trim().to_lowercase(), value.trim().to_owned());
    }
    let length: usize = headers.get("content-length")?.parse().ok()?;
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    Some(Received {
        path,
        headers,
        body: String::from_utf8(body).ok()?,
    })
}

/// The signature as a receiver computes it, independently of the app's code.
fn expected_signature(secret: &str, body: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(body.as_bytes());
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

/// A URL as the pages show it (Tera escapes the slashes).
fn shown(url: &str) -> String {
    url.replace('/', "&#x2F;")
}

async fn admin(app: &TestApp) -> TestApp {
    let admin = app.visitor().await;
    admin.register_as("hook_admin", Role::Admin).await;
    admin
}

/// Registers a webhook through the form; returns its id and its secret as
/// the admin's page shows it.
async fn add_webhook(admin: &TestApp, url: &str, events: &[&str]) -> (i64, String) {
    let mut fields: Vec<(String, &str)> = vec![("url".into(), url), ("allow_private".into(), "on")];
    fields.extend(events.iter().map(|e| (format!("event.{e}"), "on")));
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    let page = admin.post("/admin/webhooks", &fields).await;
    page.assert_status(303);
    let location = page.location();
    let id: i64 = location
        .trim_start_matches("/admin/webhooks/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let page = admin.get(&location).await;
    page.assert_status(200)
        .assert_contains("The webhook is added");
    let marker = "id=\"webhook-secret\">";
    let start = page.body.find(marker).unwrap() + marker.len();
    let secret = page.body[start..start + 64].to_owned();
    (id, secret)
}

async fn deliver(app: &TestApp) -> usize {
    fixloop::webhooks::outbox::drain_once(&app.state.pool, &app.state.webhooks)
        .await
        .expect("the worker runs")
}

/// Lets every delivery's backoff pass, as if time went by.
fn backoff_passes(app: &TestApp) {
    app.db(|conn| {
        diesel::sql_query("UPDATE webhook_deliveries SET next_attempt_at = created_at")
            .execute(conn)
            .unwrap();
    });
}

fn waiting(app: &TestApp) -> i64 {
    app.db(|conn| fixloop::webhooks::outbox::backlog(conn).unwrap())
}

#[actix_web::test]
async fn deliveries_are_signed_and_listed_for_the_admin() {
    each_db(|app| async move {
        let receiver = Receiver::start(&[]);
        let admin = admin(&app).await;
        let (id, secret) = add_webhook(
            &admin,
            &receiver.url,
            &["thread.created", "question.solved"],
        )
        .await;
        assert_eq!(secret.len(), 64);

        app.register("hook_asker").await.assert_status(303);
        let url = app
            .start_thread(
                "troubleshooting",
                "Dishwasher will not drain",
                "",
                "Water stays at the bottom after every cycle.",
            )
            .await;
        let thread = thread_id(&url);
        // Written with the thread, sent later.
        assert_eq!(waiting(&app), 1);
        assert_eq!(deliver(&app).await, 1);
        assert_eq!(waiting(&app), 0);

        let got = receiver.received();
        assert_eq!(got.len(), 1);
        let request = &got[0];
        assert_eq!(request.path, "/hooks/fixloop");
        assert_eq!(request.headers["x-fixloop-event"], "thread.created");
        assert_eq!(request.headers["content-type"], "application/json");
        assert_eq!(
            request.headers["x-fixloop-signature"],
            expected_signature(&secret, &request.body)
        );
        let body: serde_json::Value = serde_json::from_str(&request.body).unwrap();
        assert_eq!(body["event"], "thread.created");
        assert_eq!(body["data"]["thread"]["id"], thread);
        assert_eq!(body["data"]["thread"]["title"], "Dishwasher will not drain");
        let delivery_id = request.headers["x-fixloop-delivery"].clone();
        assert_eq!(delivery_id.len(), 32);

        // Solving the question is the other event this webhook wants.
        let helper = app.visitor().await;
        helper.register("hook_helper").await.assert_status(303);
        let answer = helper
            .reply(thread, "Clean the filter under the lower basket.")
            .await;
        // A reply is no event of this webhook.
        assert_eq!(waiting(&app), 0);
        app.post(&format!("/posts/{answer}/solution"), &[])
            .await
            .assert_status(303);
        assert_eq!(deliver(&app).await, 1);
        let got = receiver.received();
        assert_eq!(got.len(), 2);
        assert_eq!(got[1].headers["x-fixloop-event"], "question.solved");
        let body: serde_json::Value = serde_json::from_str(&got[1].body).unwrap();
        assert_eq!(body["data"]["solution_post_id"], answer);
        assert_eq!(body["data"]["thread"]["status"], "solved");
        assert_eq!(
            got[1].headers["x-fixloop-signature"],
            expected_signature(&secret, &got[1].body)
        );
        assert_ne!(got[1].headers["x-fixloop-delivery"], delivery_id);

        // The admin sees both deliveries, with the receiver's answer.
        let page = admin.get(&format!("/admin/webhooks/{id}")).await;
        page.assert_status(200)
            .assert_contains(&delivery_id)
            .assert_contains("question.solved")
            .assert_contains("Delivered")
            .assert_contains("<td>200</td>");
        admin
            .get("/admin/webhooks")
            .await
            .assert_status(200)
            .assert_contains(&shown(&receiver.url))
            .assert_contains("question.solved, thread.created");

        // Removed: nothing more is queued for it.
        admin
            .post(&format!("/admin/webhooks/{id}/remove"), &[])
            .await
            .assert_status(303);
        app.start_thread(
            "discussion",
            "Favourite detergent",
            "",
            "Which one works best?",
        )
        .await;
        assert_eq!(waiting(&app), 0);
        assert_eq!(app.count("webhooks"), 0);
    })
    .await;
}

#[actix_web::test]
async fn a_failed_delivery_is_retried_with_backoff_then_given_up() {
    each_db(|app| async move {
        // A 500, then a success, then a 500 for the delivery given up on.
        let receiver = Receiver::start(&[500, 200, 500]);
        let admin = admin(&app).await;
        let (id, secret) = add_webhook(&admin, &receiver.url, &["thread.created"]).await;
        app.register("retry_asker").await.assert_status(303);
        app.start_thread("discussion", "First thread", "", "Hello there, everyone.")
            .await;

        assert_eq!(deliver(&app).await, 1);
        let page = admin.get(&format!("/admin/webhooks/{id}")).await;
        page.assert_contains("Retrying")
            .assert_contains("<td>500</td>");
        // Backing off: not due again at once.
        assert_eq!(deliver(&app).await, 0);
        assert_eq!(waiting(&app), 1);

        backoff_passes(&app);
        assert_eq!(deliver(&app).await, 1);
        assert_eq!(waiting(&app), 0);
        let got = receiver.received();
        assert_eq!(got.len(), 2);
        // The same delivery, body and signature both times.
        assert_eq!(
            got[0].headers["x-fixloop-delivery"],
            got[1].headers["x-fixloop-delivery"]
        );
        assert_eq!(got[0].body, got[1].body);
        assert_eq!(
            got[1].headers["x-fixloop-signature"],
            expected_signature(&secret, &got[1].body)
        );
        let page = admin.get(&format!("/admin/webhooks/{id}")).await;
        page.assert_contains("Delivered")
            .assert_contains("<td>2</td>");

        // The last allowed attempt fails: the delivery is failed for good.
        app.start_thread("discussion", "Second thread", "", "Hello again, everyone.")
            .await;
        let last = fixloop::webhooks::outbox::MAX_ATTEMPTS - 1;
        app.db(move |conn| {
            diesel::sql_query(format!(
                "UPDATE webhook_deliveries SET attempts = {last} WHERE delivered_at IS NULL"
            ))
            .execute(conn)
            .unwrap();
        });
        assert_eq!(deliver(&app).await, 1);
        assert_eq!(waiting(&app), 0);
        backoff_passes(&app);
        assert_eq!(deliver(&app).await, 0, "a failed delivery is not retried");
        assert_eq!(receiver.received().len(), 3);
        admin
            .get(&format!("/admin/webhooks/{id}"))
            .await
            .assert_contains("Failed")
            .assert_contains("gave up after");
    })
    .await;
}

#[actix_web::test]
async fn private_addresses_are_refused_unless_allowed() {
    each_db(|app| async move {
        let receiver = Receiver::start(&[]);
        let admin = admin(&app).await;
        let audited = app.count("audit_log");
        for url in [
            receiver.url.clone(),
            "http://localhost:9/hook".into(),
            "http://[::1]:9/hook".into(),
            "http://169.254.169.254/latest/meta-data".into(),
            "http://10.0.0.7/hook".into(),
            "http://[::ffff:127.0.0.1]/hook".into(),
        ] {
            let page = admin
                .post(
                    "/admin/webhooks",
                    &[("url", &url), ("event.thread.created", "on")],
                )
                .await;
            page.assert_status(422)
                .assert_contains("allow private addresses")
                // The admin's text is kept in the form.
                .assert_contains(&format!("value=\"{}\"", shown(&url)))
                .assert_contains("name=\"event.thread.created\" value=\"on\" checked");
        }
        for (url, message) in [
            ("ftp://example.com/", "The URL must start with https:"),
            ("https://user:pw@example.com/", "Leave credentials out"),
            ("nonsense", "That is not a URL"),
        ] {
            admin
                .post(
                    "/admin/webhooks",
                    &[("url", url), ("event.thread.created", "on")],
                )
                .await
                .assert_status(422)
                .assert_contains(message);
        }
        assert_eq!(app.count("webhooks"), 0);
        assert_eq!(app.count("audit_log"), audited);

        // Allowed explicitly: registered, and deliveries reach the loopback receiver.
        let (id, _) = add_webhook(&admin, &receiver.url, &["thread.created"]).await;
        app.register("private_asker").await.assert_status(303);
        app.start_thread("discussion", "A thread", "", "Some words to post.")
            .await;
        assert_eq!(deliver(&app).await, 1);
        assert_eq!(receiver.received().len(), 1);

        // Checked again when sending: with the permission taken away, an
        // address literal is refused without a connection, and a name that
        // resolves to loopback (as a rebinding name would) is not connected to.
        let port = receiver
            .url
            .split(':')
            .nth(2)
            .unwrap()
            .split('/')
            .next()
            .unwrap()
            .to_owned();
        let by_name = format!("http://localhost:{port}/hooks/fixloop");
        app.db(move |conn| {
            diesel::sql_query(format!(
                "UPDATE webhooks SET allow_private = FALSE WHERE id = {id}"
            ))
            .execute(conn)
            .unwrap();
        });
        app.start_thread("discussion", "Another thread", "", "More words to post.")
            .await;
        assert_eq!(deliver(&app).await, 1);
        admin
            .get(&format!("/admin/webhooks/{id}"))
            .await
            .assert_contains("Failed")
            .assert_contains("127.0.0.1 is not a public address");
        app.db(move |conn| {
            diesel::sql_query(format!(
                "UPDATE webhooks SET url = '{by_name}' WHERE id = {id}"
            ))
            .execute(conn)
            .unwrap();
        });
        app.start_thread("discussion", "Third thread", "", "Even more words.")
            .await;
        assert_eq!(deliver(&app).await, 1);
        admin
            .get(&format!("/admin/webhooks/{id}"))
            .await
            .assert_contains("Retrying")
            .assert_contains("resolves to no public address");
        assert_eq!(
            receiver.received().len(),
            1,
            "nothing more reached the receiver"
        );
    })
    .await;
}

#[actix_web::test]
async fn ipv6_spellings_of_special_addresses_are_refused() {
    each_db(|app| async move {
        let admin = admin(&app).await;
        // Issue 26: the first two were accepted; every form that carries an
        // IPv4 address, and RFC 6890's other special ranges, are refused.
        for (url, inside) in [
            ("http://[::127.0.0.1]/", Some("127.0.0.1")),
            ("http://[::ffff:0:127.0.0.1]/", Some("127.0.0.1")),
            ("http://[::ffff:8.8.8.8]/hook", Some("8.8.8.8")),
            ("http://[::10.0.0.1]:8080/hook", Some("10.0.0.1")),
            ("http://[64:ff9b::127.0.0.1]/", Some("127.0.0.1")),
            ("http://[64:ff9b:1::a00:1]/", None),
            ("http://[2002:7f00:1::1]/", Some("127.0.0.1")),
            ("http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/", None),
            ("http://[100::1]/", None),
            ("http://[2001:db8::1]/", None),
            ("http://[3fff::1]/", None),
            ("http://[2001:10::1]/", None),
            ("http://[2001:20::1]/", None),
            ("http://[fd00::1]/", None),
            ("http://[fe80::1]/", None),
            ("http://[fec0::1]/", None),
            ("http://[ff02::1]/", None),
            ("http://[::]/", None),
        ] {
            let page = admin
                .post(
                    "/admin/webhooks",
                    &[("url", url), ("event.thread.created", "on")],
                )
                .await;
            page.assert_status(422)
                .assert_contains("non-public address")
                .assert_contains("allow private addresses")
                .assert_contains(&format!("value=\"{}\"", shown(url)))
                .assert_contains("name=\"event.thread.created\" value=\"on\" checked");
            if let Some(v4) = inside {
                page.assert_contains(&format!("the IPv4 address {v4}"));
            }
        }
        assert_eq!(app.count("webhooks"), 0);

        // Checked again at delivery: a literal stored before this check (or
        // with the permission since taken away) is never connected to.
        let receiver = Receiver::start(&[]);
        let (id, _) = add_webhook(&admin, &receiver.url, &["thread.created"]).await;
        let port = receiver
            .url
            .split(':')
            .nth(2)
            .unwrap()
            .split('/')
            .next()
            .unwrap()
            .to_owned();
        app.db(move |conn| {
            diesel::sql_query(format!(
                "UPDATE webhooks SET allow_private = FALSE, \
                 url = 'http://[::127.0.0.1]:{port}/hooks/fixloop' WHERE id = {id}"
            ))
            .execute(conn)
            .unwrap();
        });
        app.register("ipv6_asker").await.assert_status(303);
        app.start_thread("discussion", "A thread", "", "Some words to post.")
            .await;
        assert_eq!(deliver(&app).await, 1);
        admin
            .get(&format!("/admin/webhooks/{id}"))
            .await
            .assert_contains("Failed")
            .assert_contains("carries the IPv4 address 127.0.0.1")
            .assert_contains("is not a public address");
        assert!(receiver.received().is_empty());
    })
    .await;
}

#[actix_web::test]
async fn unknown_events_are_refused() {
    each_db(|app| async move {
        let admin = admin(&app).await;
        let page = admin
            .post(
                "/admin/webhooks",
                &[
                    ("url", "http://127.0.0.1:9/hook"),
                    ("allow_private", "on"),
                    ("event.thread.created", "on"),
                    ("event.thread.deleted", "on"),
                ],
            )
            .await;
        page.assert_status(422)
            .assert_contains("“thread.deleted” is not an event")
            .assert_contains(&format!("value=\"{}\"", shown("http://127.0.0.1:9/hook")));
        let page = admin
            .post(
                "/admin/webhooks",
                &[("url", "http://127.0.0.1:9/hook"), ("allow_private", "on")],
            )
            .await;
        page.assert_status(422)
            .assert_contains("Choose at least one event");
        assert_eq!(app.count("webhooks"), 0);
        assert_eq!(app.count("webhook_events"), 0);
    })
    .await;
}

#[actix_web::test]
async fn only_admins_manage_webhooks() {
    each_db(|app| async move {
        let admin = admin(&app).await;
        let (id, secret) =
            add_webhook(&admin, "http://127.0.0.1:9/hook", &["thread.created"]).await;
        let audited = app.count("audit_log");
        let fields = [
            ("url", "http://127.0.0.1:9/other"),
            ("allow_private", "on"),
            ("event.thread.created", "on"),
        ];
        let member = app.visitor().await;
        member.register("hook_member").await.assert_status(303);
        let staff = app.visitor().await;
        staff.register_as("hook_staff", Role::Staff).await;
        let suspended_admin = app.visitor().await;
        suspended_admin
            .register_as("hook_suspended_admin", Role::Admin)
            .await;
        suspended_admin.set_suspended("hook_suspended_admin", Some(3));
        for who in [&member, &staff, &suspended_admin] {
            let page = who.get("/admin/webhooks").await;
            page.assert_status(403).assert_lacks(&secret);
            who.get(&format!("/admin/webhooks/{id}"))
                .await
                .assert_status(403)
                .assert_lacks(&secret);
            who.post("/admin/webhooks", &fields)
                .await
                .assert_status(403);
            who.post(&format!("/admin/webhooks/{id}/remove"), &[])
                .await
                .assert_status(403);
            who.post(&format!("/admin/webhooks/{id}/edit"), &fields)
                .await
                .assert_status(403);
            who.post(&format!("/admin/webhooks/{id}/ping"), &[])
                .await
                .assert_status(403);
            who.post("/admin/webhook-deliveries/1/redeliver", &[])
                .await
                .assert_status(403);
        }
        let visitor = app.visitor().await;
        assert_ne!(visitor.get("/admin/webhooks").await.status, 200);
        visitor
            .post("/admin/webhooks", &fields)
            .await
            .assert_status(401);
        // Without the CSRF token, not even an admin.
        let mut forged = vec![("csrf_token", "forged")];
        forged.extend_from_slice(&fields);
        admin
            .post_raw("/admin/webhooks", &forged)
            .await
            .assert_status(403);
        admin
            .post_raw(&format!("/admin/webhooks/{id}/remove"), &[])
            .await
            .assert_status(403);
        admin
            .post_raw(&format!("/admin/webhooks/{id}/ping"), &[])
            .await
            .assert_status(403);
        admin
            .post_raw(&format!("/admin/webhooks/{id}/edit"), &forged)
            .await
            .assert_status(403);
        assert_eq!(app.count("webhooks"), 1);
        assert_eq!(
            app.count("webhook_deliveries"),
            0,
            "no test event was queued"
        );
        assert_eq!(app.count("audit_log"), audited, "nothing was done");
    })
    .await;
}

#[actix_web::test]
async fn admins_send_a_test_event_send_a_delivery_again_and_change_a_webhook() {
    each_db(|app| async move {
        let receiver = Receiver::start(&[]);
        let admin = admin(&app).await;
        let (id, secret) = add_webhook(&admin, &receiver.url, &["thread.created"]).await;

        // A test event: queued in the outbox, sent by the worker, signed.
        let page = admin.post(&format!("/admin/webhooks/{id}/ping"), &[]).await;
        page.assert_status(303);
        admin
            .get(&page.location())
            .await
            .assert_contains("A test event (ping) is queued");
        assert_eq!(waiting(&app), 1, "queued, not sent in the request");
        assert_eq!(deliver(&app).await, 1);
        let got = receiver.received();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].headers["x-fixloop-event"], "ping");
        assert_eq!(
            got[0].headers["x-fixloop-signature"],
            expected_signature(&secret, &got[0].body)
        );
        let body: serde_json::Value = serde_json::from_str(&got[0].body).unwrap();
        assert_eq!(body["event"], "ping");
        assert_eq!(body["data"]["webhook_id"], id);

        // Sent again: the same body (and signature) under a new key.
        let delivery: i64 = app.db(|conn| {
            use diesel::prelude::*;
            use fixloop::db::schema::webhook_deliveries::dsl as d;
            d::webhook_deliveries.select(d::id).first(conn).unwrap()
        });
        admin
            .post(
                &format!("/admin/webhook-deliveries/{delivery}/redeliver"),
                &[],
            )
            .await
            .assert_status(303);
        assert_eq!(deliver(&app).await, 1);
        let got = receiver.received();
        assert_eq!(got.len(), 2);
        assert_eq!(got[1].body, got[0].body);
        assert_eq!(
            got[1].headers["x-fixloop-signature"],
            got[0].headers["x-fixloop-signature"]
        );
        assert_ne!(
            got[1].headers["x-fixloop-delivery"],
            got[0].headers["x-fixloop-delivery"]
        );
        // A delivery that is not there is not found.
        admin
            .post("/admin/webhook-deliveries/999999/redeliver", &[])
            .await
            .assert_status(404);

        // A bad address is refused in the page, the admin's text kept.
        let page = admin
            .post(
                &format!("/admin/webhooks/{id}/edit"),
                &[
                    ("url", "ftp://files.example.com/in"),
                    ("event.thread.created", "on"),
                    ("active", "on"),
                ],
            )
            .await;
        page.assert_status(422)
            .assert_contains("ftp:&#x2F;&#x2F;files.example.com&#x2F;in")
            .assert_contains("class=\"field-error\" id=\"url-error\"");

        // Paused, with another event: nothing is queued for it.
        let page = admin
            .post(
                &format!("/admin/webhooks/{id}/edit"),
                &[
                    ("url", &receiver.url),
                    ("allow_private", "on"),
                    ("event.thread.created", "on"),
                    ("event.question.solved", "on"),
                ],
            )
            .await;
        page.assert_status(303);
        admin
            .get(&page.location())
            .await
            .assert_contains("The webhook is changed")
            .assert_contains("Paused")
            .assert_contains("question.solved, thread.created");
        app.register("hook_pauser").await.assert_status(303);
        app.start_thread("discussion", "Quiet while paused", "", "Nobody hears this.")
            .await;
        assert_eq!(waiting(&app), 0, "a paused webhook is queued nothing");
        // A test event still goes to a paused webhook.
        admin
            .post(&format!("/admin/webhooks/{id}/ping"), &[])
            .await
            .assert_status(303);
        assert_eq!(waiting(&app), 1);
        assert_eq!(deliver(&app).await, 1);

        // Active again: events flow.
        admin
            .post(
                &format!("/admin/webhooks/{id}/edit"),
                &[
                    ("url", &receiver.url),
                    ("allow_private", "on"),
                    ("event.thread.created", "on"),
                    ("active", "on"),
                ],
            )
            .await
            .assert_status(303);
        app.start_thread("discussion", "Heard again", "", "Active once more.")
            .await;
        assert_eq!(deliver(&app).await, 1);
        assert_eq!(
            receiver.received().last().unwrap().headers["x-fixloop-event"],
            "thread.created"
        );
        let audit: Vec<String> = app.db(|conn| {
            use diesel::prelude::*;
            use fixloop::db::schema::audit_log::dsl as a;
            a::audit_log.select(a::action).load(conn).unwrap()
        });
        for action in ["webhook_pinged", "webhook_redelivered", "webhook_changed"] {
            assert!(audit.iter().any(|a| a == action), "{action} in {audit:?}");
        }
    })
    .await;
}

#[actix_web::test]
async fn two_workers_never_send_one_delivery_twice() {
    each_db(|app| async move {
        let receiver = Receiver::start(&[]);
        let admin = admin(&app).await;
        add_webhook(&admin, &receiver.url, &["thread.created"]).await;
        app.register("race_asker").await.assert_status(303);
        const THREADS: usize = 12;
        for n in 0..THREADS {
            app.start_thread(
                "discussion",
                &format!("Race thread {n}"),
                "",
                "Words for the race.",
            )
            .await;
        }
        assert_eq!(waiting(&app), THREADS as i64);
        // A second app server on the same database, both workers at once.
        let other = app.second_server().await;
        let (mine, theirs) = futures_util::future::join(deliver(&app), deliver(&other)).await;
        assert_eq!(mine + theirs, THREADS);
        assert_eq!(waiting(&app), 0);
        let got = receiver.received();
        let mut keys: Vec<&str> = got
            .iter()
            .map(|r| r.headers["x-fixloop-delivery"].as_str())
            .collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(got.len(), THREADS, "every delivery sent once");
        assert_eq!(keys.len(), THREADS);
    })
    .await;
}

#[actix_web::test]
async fn every_event_is_sent_from_the_forum_action_that_causes_it() {
    each_db(|app| async move {
        let receiver = Receiver::start(&[]);
        let admin = admin(&app).await;
        let all: Vec<&str> = fixloop::webhooks::Event::ALL
            .iter()
            .map(|e| e.as_str())
            .collect();
        let (_, secret) = add_webhook(&admin, &receiver.url, &all).await;
        admin
            .post(
                "/devices/new",
                &[("name", "Hook Washer"), ("kind", "maker"), ("parent", "")],
            )
            .await
            .assert_status(303);
        let staff = app.visitor().await;
        staff.register_as("hook_staff_all", Role::Staff).await;
        app.register("hook_asker_all").await.assert_status(303);
        let url = app
            .start_thread(
                "troubleshooting",
                "Washer stops mid-cycle",
                "",
                "It stops with water in the drum.",
            )
            .await;
        let thread = thread_id(&url);
        app.post(&format!("/t/{thread}/escalate"), &[])
            .await
            .assert_status(303);
        staff
            .post(&format!("/t/{thread}/claim"), &[])
            .await
            .assert_status(303);
        let answer = staff
            .reply(thread, "Clean the pump filter at the front.")
            .await;
        staff
            .post(&format!("/posts/{answer}/verify"), &[("note", "Checked")])
            .await
            .assert_status(303);
        app.post(&format!("/posts/{answer}/solution"), &[])
            .await
            .assert_status(303);
        let page = staff
            .post(
                "/known-issues/new",
                &[
                    ("title", "Pump filter clogs"),
                    ("device", "hook-washer"),
                    ("body", "The filter clogs after a few months."),
                    ("status", "investigating"),
                ],
            )
            .await;
        page.assert_status(303);
        let issue = page
            .location()
            .trim_start_matches("/known-issues/")
            .to_owned();
        staff
            .post(
                &format!("/known-issues/{issue}/status"),
                &[
                    ("status", "workaround_available"),
                    ("note", "Clean it monthly"),
                ],
            )
            .await
            .assert_status(303);

        while deliver(&app).await > 0 {}
        let got = receiver.received();
        let events: Vec<&str> = got
            .iter()
            .map(|r| r.headers["x-fixloop-event"].as_str())
            .collect();
        assert_eq!(
            events,
            [
                "thread.created",
                "escalation.opened",
                "escalation.claimed",
                "answer.verified",
                "question.solved",
                // The known issue is a thread too.
                "thread.created",
                "known_issue.status_changed",
            ]
        );
        for request in &got {
            assert_eq!(
                request.headers["x-fixloop-signature"],
                expected_signature(&secret, &request.body)
            );
        }
        let changed: serde_json::Value = serde_json::from_str(&got[6].body).unwrap();
        assert_eq!(changed["data"]["from"], "investigating");
        assert_eq!(changed["data"]["to"], "workaround_available");
        let verified: serde_json::Value = serde_json::from_str(&got[3].body).unwrap();
        assert_eq!(verified["data"]["post_id"], answer);
        let claimed: serde_json::Value = serde_json::from_str(&got[2].body).unwrap();
        assert_eq!(claimed["data"]["thread"]["id"], thread);
    })
    .await;
}
