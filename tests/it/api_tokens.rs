//! The documented API (issue 18): personal access tokens made and revoked in
//! settings, bearer authentication, CSRF for session writes, the per-token
//! rate limit, the write endpoints over the forum's own rules, and
//! openapi.json checked against the app's real routes and real responses.

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use fixloop::model::accounts::users::Role;
use serde_json::{json, Value};
use sha2::Digest;

use crate::common::{each_db, make_token, member, staff, thread_id, Page, TestApp};

/// openapi.json as the app serves it, to check real responses against.
struct Doc(Value);

impl Doc {
    async fn load(app: &TestApp) -> Doc {
        let page = app.get("/api/v1/openapi.json").await;
        page.assert_status(200);
        Doc(page.json())
    }

    fn resolve<'a>(&'a self, schema: &'a Value) -> &'a Value {
        match schema["$ref"].as_str() {
            Some(r) => {
                let pointer = r.trim_start_matches('#');
                self.resolve(self.0.pointer(pointer).unwrap_or_else(|| panic!("no {r}")))
            }
            None => schema,
        }
    }

    /// Checks a real response against what the document says `method path`
    /// answers with its status: that status is documented, the body is valid
    /// against the schema (JSON Schema 2020-12, as OpenAPI 3.1 uses), and it
    /// has no field the schema does not declare.
    #[track_caller]
    fn check(&self, method: &str, path: &str, page: &Page) -> Value {
        let status = page.status.as_u16().to_string();
        let operation = &self.0["paths"][path][method];
        assert!(operation.is_object(), "{method} {path} is not documented");
        let response = &operation["responses"][&status];
        assert!(
            response.is_object(),
            "{method} {path} answered {status}, which the document does not list: {}",
            page.body
        );
        let schema = &response["content"]["application/json"]["schema"];
        assert!(
            schema.is_object(),
            "{method} {path} {status} has no JSON schema"
        );
        let body = page.json();
        let validator = self.validator(schema);
        let errors: Vec<String> = validator
            .iter_errors(&body)
            .map(|e| format!("{e} (at {})", e.instance_path()))
            .collect();
        assert!(
            errors.is_empty(),
            "{method} {path} {status} does not match its schema: {errors:?}\n{body:#}"
        );
        let mut extra = Vec::new();
        self.undeclared(schema, &body, "", &mut extra);
        assert!(
            extra.is_empty(),
            "{method} {path} {status} returns fields the document does not declare: {extra:?}"
        );
        body
    }

    /// A validator for one schema of the document, with the document's
    /// components beside it so its `#/components/schemas/…` references resolve.
    fn validator(&self, schema: &Value) -> jsonschema::Validator {
        let mut root = schema.clone();
        root["components"] = self.0["components"].clone();
        jsonschema::validator_for(&root).expect("a valid schema")
    }

    /// The properties a schema declares, through `allOf` parts.
    fn properties<'a>(&'a self, schema: &'a Value, out: &mut Vec<(&'a String, &'a Value)>) {
        let schema = self.resolve(schema);
        if let Some(props) = schema["properties"].as_object() {
            out.extend(props.iter());
        }
        for part in schema["allOf"].as_array().into_iter().flatten() {
            self.properties(part, out);
        }
    }

    /// Object keys in `value` that `schema` does not declare, as paths.
    fn undeclared(&self, schema: &Value, value: &Value, at: &str, out: &mut Vec<String>) {
        let schema = self.resolve(schema);
        for key in ["oneOf", "anyOf"] {
            if let Some(branches) = schema[key].as_array() {
                // Nullable types: the branch that is not `null`.
                if let Some(branch) = branches.iter().find(|b| self.resolve(b)["type"] != "null") {
                    if !value.is_null() {
                        self.undeclared(branch, value, at, out);
                    }
                }
                return;
            }
        }
        match value {
            Value::Object(fields) => {
                let mut props = Vec::new();
                self.properties(schema, &mut props);
                let additional = &schema["additionalProperties"];
                for (name, field) in fields {
                    match props.iter().find(|(p, _)| *p == name) {
                        Some((_, field_schema)) => {
                            self.undeclared(field_schema, field, &format!("{at}/{name}"), out)
                        }
                        None if additional.is_object() => {
                            self.undeclared(additional, field, &format!("{at}/{name}"), out)
                        }
                        None => out.push(format!("{at}/{name}")),
                    }
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.undeclared(&schema["items"], item, &format!("{at}/{i}"), out);
                }
            }
            _ => {}
        }
    }
}

/// A JSON request to the API from a client without cookies, with a token.
async fn call(app: &TestApp, method: &str, path: &str, token: &str, body: Option<Value>) -> Page {
    let client = app.visitor().await;
    let mut request = match method {
        "get" => TestRequest::get(),
        "post" => TestRequest::post(),
        "put" => TestRequest::put(),
        "delete" => TestRequest::delete(),
        other => panic!("no method {other}"),
    }
    .uri(path)
    .insert_header(("Authorization", format!("Bearer {token}")));
    if let Some(body) = body {
        request = request.set_json(body);
    }
    client.request(request).await
}

fn question(title: &str) -> Value {
    json!({
        "kind": "troubleshooting",
        "title": title,
        "body": "It turns on, then goes dark after a minute. What should I check?",
    })
}

#[derive(diesel::QueryableByName)]
struct TokenRow {
    #[diesel(sql_type = diesel::sql_types::Text)]
    name: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    token_hash: String,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Timestamp>)]
    last_used_at: Option<chrono::NaiveDateTime>,
}

fn token_rows(app: &TestApp) -> Vec<TokenRow> {
    use diesel::RunQueryDsl;
    app.db(|conn| {
        diesel::sql_query("SELECT name, token_hash, last_used_at FROM api_tokens ORDER BY id")
            .load(conn)
            .unwrap()
    })
}

#[actix_web::test]
async fn tokens_are_made_in_settings_shown_once_stored_hashed_and_revoked() {
    each_db(|app| async move {
        let ana = member(&app, "token_ana").await;
        let doc = Doc::load(&app).await;
        let settings = ana.get("/settings").await;
        settings.assert_contains("href=\"/settings/tokens\"");
        ana.get("/settings/tokens")
            .await
            .assert_status(200)
            .assert_contains("You have no tokens.");

        // A mistake keeps what was typed and names the field.
        let long = "x".repeat(61);
        ana.post(
            "/settings/tokens",
            &[("name", &long), ("scope", "write"), ("lifetime", "90")],
        )
        .await
        .assert_status(422)
        .assert_contains("id=\"name-error\"")
        .assert_contains(&format!("value=\"{long}\""));
        ana.post(
            "/settings/tokens",
            &[("name", "sync"), ("scope", "admin"), ("lifetime", "90")],
        )
        .await
        .assert_status(422)
        .assert_contains("Choose read or write.");
        assert_eq!(app.count("api_tokens"), 0);
        // The form needs its CSRF token like every other.
        ana.post_raw(
            "/settings/tokens",
            &[("name", "sync"), ("scope", "write"), ("lifetime", "90")],
        )
        .await
        .assert_status(403);

        let page = ana
            .post(
                "/settings/tokens",
                &[
                    ("name", "ticket sync"),
                    ("scope", "write"),
                    ("lifetime", "never"),
                ],
            )
            .await;
        page.assert_status(200)
            .assert_contains("shown only this once");
        assert_eq!(page.header("cache-control"), "no-store");
        let token = make_token(&ana, "dashboards", "read", "90").await;
        assert!(token.starts_with("fxl_") && token.len() == 68, "{token}");

        // Only the SHA-256 is kept: the token is in no column.
        let rows = token_rows(&app);
        assert_eq!(rows.len(), 2);
        let hash = hex::encode(sha2::Sha256::digest(token.as_bytes()));
        assert_eq!(rows[1].name, "dashboards");
        assert_eq!(rows[1].token_hash, hash);
        assert!(rows.iter().all(|r| !r.token_hash.contains(&token)));
        assert!(rows[1].last_used_at.is_none());

        // The list shows name, scope and times, never the token again.
        let list = ana.get("/settings/tokens").await;
        list.assert_contains("ticket sync")
            .assert_contains("dashboards")
            .assert_contains("<td>read</td>")
            .assert_contains("<td>write</td>")
            .assert_lacks(&token)
            .assert_lacks("token-value");

        let threads = call(&app, "get", "/api/v1/threads", &token, None).await;
        threads.assert_status(200);
        doc.check("get", "/api/v1/threads", &threads);
        assert!(token_rows(&app)[1].last_used_at.is_some());
        ana.get("/settings/tokens")
            .await
            .assert_contains("just now");

        // Another member cannot revoke it; its owner can, and it stops at once.
        let id: String = list
            .body
            .split("action=\"/settings/tokens/")
            .nth(1)
            .unwrap()
            .split('/')
            .next()
            .unwrap()
            .to_owned();
        let ben = member(&app, "token_ben").await;
        ben.post(&format!("/settings/tokens/{id}/revoke"), &[])
            .await
            .assert_status(404);
        let revoked = ana
            .post(&format!("/settings/tokens/{id}/revoke"), &[])
            .await;
        revoked.assert_status(303);
        ana.get(&revoked.location())
            .await
            .assert_contains("no longer works")
            .assert_lacks("dashboards");
        let refused = call(&app, "get", "/api/v1/threads", &token, None).await;
        refused.assert_status(401);
        assert_eq!(refused.header("www-authenticate"), "Bearer");
        let body = doc.check("get", "/api/v1/threads", &refused);
        assert_eq!(body["error"]["code"], "invalid_token");
    })
    .await;
}

#[actix_web::test]
async fn bad_tokens_are_401_and_read_tokens_cannot_write() {
    each_db(|app| async move {
        let doc = Doc::load(&app).await;
        let cai = member(&app, "token_cai").await;
        let read = make_token(&cai, "read only", "read", "90").await;
        let write = make_token(&cai, "writer", "write", "90").await;

        for bad in [
            format!("fxl_{}", "0".repeat(64)),
            "fxl_short".to_owned(),
            write.to_uppercase(),
            String::new(),
        ] {
            let page = call(&app, "get", "/api/v1/devices", &bad, None).await;
            page.assert_status(401);
            assert_eq!(
                doc.check("get", "/api/v1/devices", &page)["error"]["code"],
                "invalid_token"
            );
        }
        let basic = app
            .visitor()
            .await
            .request(
                TestRequest::get()
                    .uri("/api/v1/threads")
                    .insert_header(("Authorization", "Basic dXNlcjpwYXNz")),
            )
            .await;
        basic.assert_status(401);

        // Expired: as good as unknown.
        use diesel::RunQueryDsl;
        let expiring = make_token(&cai, "expiring", "write", "90").await;
        let hash = hex::encode(sha2::Sha256::digest(expiring.as_bytes()));
        app.db(|conn| {
            diesel::sql_query("UPDATE api_tokens SET expires_at = $1 WHERE token_hash = $2")
                .bind::<diesel::sql_types::Timestamp, _>(
                    fixloop::model::now() - chrono::Duration::minutes(1),
                )
                .bind::<diesel::sql_types::Text, _>(hash)
                .execute(conn)
                .unwrap()
        });
        let expired = call(
            &app,
            "post",
            "/api/v1/threads",
            &expiring,
            Some(question("Dead after a minute")),
        )
        .await;
        expired.assert_status(401);
        doc.check("post", "/api/v1/threads", &expired);

        let refused = call(
            &app,
            "post",
            "/api/v1/threads",
            &read,
            Some(question("Read token writing")),
        )
        .await;
        refused.assert_status(403);
        let body = doc.check("post", "/api/v1/threads", &refused);
        assert_eq!(body["error"]["code"], "forbidden");
        assert!(body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("write scope"));
        // Reading is what it is for.
        call(&app, "get", "/api/v1/threads", &read, None)
            .await
            .assert_status(200);
        // The scheme's name in any case, as HTTP allows.
        let client = app.visitor().await;
        client
            .request(
                TestRequest::get()
                    .uri("/api/v1/devices")
                    .insert_header(("Authorization", format!("bearer {read}"))),
            )
            .await
            .assert_status(200);

        // A write token needs no CSRF token.
        let made = call(
            &app,
            "post",
            "/api/v1/threads",
            &write,
            Some(question("Screen goes dark after a minute")),
        )
        .await;
        made.assert_status(201);
        let body = doc.check("post", "/api/v1/threads", &made);
        assert_eq!(body["thread"]["title"], "Screen goes dark after a minute");
        assert_eq!(made.location(), body["url"].as_str().unwrap());
        assert_eq!(app.count("threads"), 1);
        cai.get(body["url"].as_str().unwrap())
            .await
            .assert_status(200)
            .assert_contains("Screen goes dark after a minute");
    })
    .await;
}

#[actix_web::test]
async fn session_writes_to_the_api_need_the_csrf_header_and_token_writes_do_not() {
    each_db(|app| async move {
        let doc = Doc::load(&app).await;
        let dee = member(&app, "token_dee").await;
        let request = |csrf: Option<&str>| {
            let mut r = TestRequest::post()
                .uri("/api/v1/threads")
                .set_json(question("Fan spins but no picture"));
            if let Some(csrf) = csrf {
                r = r.insert_header(("X-CSRF-Token", csrf.to_owned()));
            }
            r
        };
        // The browser's cookie alone is not enough: another site can send it.
        let page = dee.request(request(None)).await;
        page.assert_status(403);
        assert_eq!(
            doc.check("post", "/api/v1/threads", &page)["error"]["code"],
            "csrf"
        );
        let page = dee.request(request(Some(&"0".repeat(64)))).await;
        page.assert_status(403);
        assert_eq!(app.count("threads"), 0);

        let csrf = dee.get("/settings").await.csrf_token().unwrap();
        let page = dee.request(request(Some(&csrf))).await;
        page.assert_status(201);
        doc.check("post", "/api/v1/threads", &page);

        // No session and no token: log in first.
        let visitor = app.visitor().await;
        let page = visitor.request(request(Some(&visitor.csrf().await))).await;
        page.assert_status(401);
        assert_eq!(
            doc.check("post", "/api/v1/threads", &page)["error"]["code"],
            "login_required"
        );

        // A token with no session at all, and no CSRF header, writes.
        let token = make_token(&dee, "cli", "write", "90").await;
        call(
            &app,
            "post",
            "/api/v1/threads",
            &token,
            Some(question("Second question here")),
        )
        .await
        .assert_status(201);
        assert_eq!(app.count("threads"), 2);
    })
    .await;
}

/// Hearth > Hearth W7, made by an admin.
async fn catalogue(app: &TestApp) {
    let admin = app.visitor().await;
    admin.register_as("token_admin", Role::Admin).await;
    admin
        .add_devices(&[("Hearth", "maker", ""), ("Hearth W7", "model", "hearth")])
        .await;
}

#[actix_web::test]
async fn every_write_endpoint_goes_through_the_forum_rules() {
    each_db(|app| async move {
        catalogue(&app).await;
        let doc = Doc::load(&app).await;
        let asker = member(&app, "token_asker").await;
        let helper = member(&app, "token_helper").await;
        let boss = staff(&app, "token_staff").await;
        let asker_t = make_token(&asker, "asker", "write", "90").await;
        let helper_t = make_token(&helper, "helper", "write", "90").await;
        let staff_t = make_token(&boss, "staff", "write", "90").await;

        // Validation names the field, and nothing is written.
        let page = call(&app, "post", "/api/v1/threads", &asker_t, Some(json!({"kind": "troubleshooting", "title": "", "body": "Some body text that is long enough."}))).await;
        page.assert_status(422);
        let body = doc.check("post", "/api/v1/threads", &page);
        assert_eq!(body["error"]["code"], "invalid");
        assert!(body["error"]["fields"]["title"].is_string(), "{body}");
        let page = call(&app, "post", "/api/v1/threads", &asker_t, Some(json!({"kind": "troubleshooting", "title": "Hums but no heat", "device": "no-such-device", "body": "Some body text that is long enough."}))).await;
        assert!(page.status.is_client_error());
        doc.check("post", "/api/v1/threads", &page);
        let bad_json = app
            .visitor()
            .await
            .request(
                TestRequest::post()
                    .uri("/api/v1/threads")
                    .insert_header(("Authorization", format!("Bearer {asker_t}")))
                    .insert_header(("Content-Type", "application/json"))
                    .set_payload("{\"title\": "),
            )
            .await;
        bad_json.assert_status(400);
        assert_eq!(bad_json.json()["error"]["code"], "bad_request");
        assert_eq!(app.count("threads"), 0);

        // A question on a device.
        let mut q = question("W7 stops heating mid-cycle");
        q["device"] = json!("hearth-w7");
        let page = call(&app, "post", "/api/v1/threads", &asker_t, Some(q)).await;
        page.assert_status(201);
        let created = doc.check("post", "/api/v1/threads", &page);
        let id = created["thread"]["id"].as_i64().unwrap();
        assert!(created["thread"]["device_id"].is_i64());

        // A reply.
        let path = format!("/api/v1/threads/{id}/replies");
        let page = call(&app, "post", &path, &helper_t, Some(json!({"body": "Check the **thermal fuse** first."}))).await;
        page.assert_status(201);
        let reply = doc.check("post", "/api/v1/threads/{id}/replies", &page);
        let post_id = reply["post"]["id"].as_i64().unwrap();
        assert!(reply["post"]["body_html"].as_str().unwrap().contains("<strong>thermal fuse</strong>"));
        assert_eq!(page.location(), reply["url"].as_str().unwrap());
        let page = call(&app, "post", &path, &helper_t, Some(json!({"body": ""}))).await;
        page.assert_status(422);
        assert!(doc.check("post", "/api/v1/threads/{id}/replies", &page)["error"]["fields"]["body"].is_string());
        let page = call(&app, "post", "/api/v1/threads/999999/replies", &helper_t, Some(json!({"body": "Hello there, anyone?"}))).await;
        page.assert_status(404);
        doc.check("post", "/api/v1/threads/{id}/replies", &page);

        // Only the asker accepts a solution.
        let solution = format!("/api/v1/posts/{post_id}/solution");
        let page = call(&app, "post", &solution, &helper_t, None).await;
        page.assert_status(403);
        doc.check("post", "/api/v1/posts/{id}/solution", &page);
        let page = call(&app, "post", &solution, &asker_t, Some(json!({"firmware": ""}))).await;
        page.assert_status(200);
        let solved = doc.check("post", "/api/v1/posts/{id}/solution", &page);
        assert_eq!(solved["thread"]["status"], "solved");
        assert_eq!(solved["thread"]["solution_post_id"], post_id);

        // Follow and unfollow.
        let follow = format!("/api/v1/threads/{id}/follow");
        let page = call(&app, "put", &follow, &staff_t, None).await;
        page.assert_status(200);
        assert_eq!(doc.check("put", "/api/v1/threads/{id}/follow", &page)["following"], true);
        assert_eq!(app.count("thread_follows"), 3);
        let page = call(&app, "delete", &follow, &staff_t, None).await;
        page.assert_status(200);
        assert_eq!(doc.check("delete", "/api/v1/threads/{id}/follow", &page)["following"], false);
        assert_eq!(app.count("thread_follows"), 2);
        let page = call(&app, "put", "/api/v1/threads/999999/follow", &staff_t, None).await;
        page.assert_status(404);
        doc.check("put", "/api/v1/threads/{id}/follow", &page);

        // Only staff verify, once.
        let verify = format!("/api/v1/posts/{post_id}/verification");
        let page = call(&app, "post", &verify, &helper_t, Some(json!({"note": "works"}))).await;
        page.assert_status(403);
        doc.check("post", "/api/v1/posts/{id}/verification", &page);
        assert_eq!(app.count("verifications"), 0);
        let page = call(&app, "post", &verify, &staff_t, Some(json!({"note": "Checked on our bench."}))).await;
        page.assert_status(201);
        let verified = doc.check("post", "/api/v1/posts/{id}/verification", &page);
        assert_eq!(verified["post_id"], post_id);
        assert_eq!(app.count("verifications"), 1);
        let page = call(&app, "post", &verify, &staff_t, None).await;
        page.assert_status(409);
        doc.check("post", "/api/v1/posts/{id}/verification", &page);
        let page = call(&app, "post", &verify, &staff_t, Some(json!({"note": 5}))).await;
        page.assert_status(400);
        doc.check("post", "/api/v1/posts/{id}/verification", &page);

        // Claiming an escalation: staff only, and only once it is escalated.
        let mut q2 = question("W7 door will not unlock");
        q2["device"] = json!("hearth-w7");
        let page = call(&app, "post", "/api/v1/threads", &asker_t, Some(q2)).await;
        let id2 = page.json()["thread"]["id"].as_i64().unwrap();
        let claim = format!("/api/v1/threads/{id2}/claim");
        let page = call(&app, "post", &claim, &staff_t, None).await;
        page.assert_status(409);
        doc.check("post", "/api/v1/threads/{id}/claim", &page);
        asker.post(&format!("/t/{id2}/escalate"), &[]).await.assert_status(303);
        let page = call(&app, "post", &claim, &helper_t, None).await;
        page.assert_status(403);
        doc.check("post", "/api/v1/threads/{id}/claim", &page);
        let page = call(&app, "post", &claim, &staff_t, None).await;
        page.assert_status(200);
        let claimed = doc.check("post", "/api/v1/threads/{id}/claim", &page);
        assert_eq!(claimed["thread_id"], id2);
        boss.get(&format!("/t/{id2}"))
            .await
            .assert_status(200);

        // A known issue's status: staff only, forward only, fields named.
        let opened = boss
            .post(
                "/known-issues/new",
                &[
                    ("title", "W7 heater relay fails after a year"),
                    ("device", "hearth-w7"),
                    ("body", "The heater relay wears out and the drum stays cold."),
                    ("status", "investigating"),
                ],
            )
            .await;
        opened.assert_status(303);
        let issue: i64 = opened.location().trim_start_matches("/known-issues/").parse().unwrap();
        let status = format!("/api/v1/known-issues/{issue}/status");
        let page = call(&app, "post", &status, &helper_t, Some(json!({"status": "workaround_available"}))).await;
        page.assert_status(403);
        doc.check("post", "/api/v1/known-issues/{id}/status", &page);
        let page = call(&app, "post", &status, &staff_t, Some(json!({"status": "fixed"}))).await;
        page.assert_status(422);
        let body = doc.check("post", "/api/v1/known-issues/{id}/status", &page);
        assert!(body["error"]["fields"]["fixed_in"].is_string(), "{body}");
        let page = call(&app, "post", &status, &staff_t, Some(json!({"status": "fixed", "fixed_in": "firmware 2.1", "note": "Update and it is gone."}))).await;
        page.assert_status(200);
        let changed = doc.check("post", "/api/v1/known-issues/{id}/status", &page);
        assert_eq!(changed["status"], "fixed");
        assert_eq!(changed["fixed_in"], "firmware 2.1");
        let page = call(&app, "post", &status, &staff_t, Some(json!({"status": "investigating"}))).await;
        page.assert_status(422);
        assert!(doc.check("post", "/api/v1/known-issues/{id}/status", &page)["error"]["fields"]["status"].is_string());
        let page = call(&app, "post", &format!("/api/v1/known-issues/{id}/status"), &staff_t, Some(json!({"status": "fixed"}))).await;
        page.assert_status(404);
        doc.check("post", "/api/v1/known-issues/{id}/status", &page);

        // The reads, checked against the document too.
        for (template, path) in [
            ("/api/v1/threads", "/api/v1/threads".to_owned()),
            ("/api/v1/threads/{id}", format!("/api/v1/threads/{id}")),
            ("/api/v1/threads/{id}", "/api/v1/threads/999999".to_owned()),
            ("/api/v1/devices", "/api/v1/devices".to_owned()),
            ("/api/v1/search", "/api/v1/search?q=heating+cycle".to_owned()),
            ("/api/v1/search", "/api/v1/search".to_owned()),
            ("/api/v1/search", "/api/v1/search?solved=maybe&q=x".to_owned()),
            ("/api/v1/suggest", "/api/v1/suggest?title=stops+heating".to_owned()),
        ] {
            let page = call(&app, "get", &path, &asker_t, None).await;
            doc.check("get", template, &page);
        }
        let found = call(&app, "get", "/api/v1/search?q=heating+cycle", &asker_t, None).await.json();
        assert_eq!(found["hits"][0]["thread_id"], id);
    })
    .await;
}

#[actix_web::test]
async fn a_suspended_members_token_reads_but_cannot_write() {
    each_db(|app| async move {
        let doc = Doc::load(&app).await;
        let eve = member(&app, "token_eve").await;
        let token = make_token(&eve, "bot", "write", "90").await;
        let made = call(
            &app,
            "post",
            "/api/v1/threads",
            &token,
            Some(question("Before the suspension")),
        )
        .await;
        made.assert_status(201);
        let id = thread_id(made.json()["url"].as_str().unwrap());
        app.set_suspended("token_eve", Some(3));
        let page = call(
            &app,
            "post",
            "/api/v1/threads",
            &token,
            Some(question("While suspended now")),
        )
        .await;
        page.assert_status(403);
        let body = doc.check("post", "/api/v1/threads", &page);
        assert!(body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("suspended"));
        let page = call(
            &app,
            "post",
            &format!("/api/v1/threads/{id}/replies"),
            &token,
            Some(json!({"body": "Replying while suspended"})),
        )
        .await;
        page.assert_status(403);
        let page = call(
            &app,
            "put",
            &format!("/api/v1/threads/{id}/follow"),
            &token,
            None,
        )
        .await;
        page.assert_status(403);
        assert_eq!(app.count("threads"), 1);
        call(&app, "get", &format!("/api/v1/threads/{id}"), &token, None)
            .await
            .assert_status(200);
        // Suspended staff lose their staff writes too.
        let sam = staff(&app, "token_sam").await;
        let staff_token = make_token(&sam, "staff bot", "write", "90").await;
        app.set_suspended("token_sam", Some(1));
        let page = call(
            &app,
            "post",
            &format!("/api/v1/threads/{id}/claim"),
            &staff_token,
            None,
        )
        .await;
        page.assert_status(403);
        doc.check("post", "/api/v1/threads/{id}/claim", &page);
    })
    .await;
}

#[actix_web::test]
async fn each_token_is_rate_limited_on_its_own() {
    for db in crate::common::TestDb::all() {
        let app = TestApp::with_config(db, |c| c.api_requests_per_minute = 3).await;
        let doc = Doc::load(&app).await;
        let fay = member(&app, "token_fay").await;
        let first = make_token(&fay, "first", "read", "90").await;
        let second = make_token(&fay, "second", "write", "90").await;
        for _ in 0..3 {
            call(&app, "get", "/api/v1/devices", &first, None)
                .await
                .assert_status(200);
        }
        let limited = call(&app, "get", "/api/v1/devices", &first, None).await;
        limited.assert_status(429);
        let body = doc.check("get", "/api/v1/devices", &limited);
        assert_eq!(body["error"]["code"], "rate_limited");
        let wait: u64 = limited
            .header("retry-after")
            .parse()
            .expect("Retry-After in seconds");
        assert!((1..=60).contains(&wait), "{wait}");
        // Writes count too, and the limit is the token's, not the member's.
        let page = call(
            &app,
            "post",
            "/api/v1/threads",
            &first,
            Some(question("Limited token writes")),
        )
        .await;
        page.assert_status(429);
        call(&app, "get", "/api/v1/devices", &second, None)
            .await
            .assert_status(200);
        // A visitor without a token is not counted against anyone.
        app.get("/api/v1/devices").await.assert_status(200);
    }
}

#[actix_web::test]
async fn tokens_are_in_the_export_without_hash_and_die_with_the_account() {
    each_db(|app| async move {
        let gus = member(&app, "token_gus").await;
        let token = make_token(&gus, "home assistant", "write", "90").await;
        call(&app, "get", "/api/v1/threads", &token, None)
            .await
            .assert_status(200);
        let export = gus.post("/settings/data/export", &[]).await;
        export.assert_status(200);
        let data = export.json();
        let tokens = data["api_tokens"].as_array().expect("tokens in the export");
        assert_eq!(tokens.len(), 1);
        assert_eq!(tokens[0]["name"], "home assistant");
        assert_eq!(tokens[0]["scope"], "write");
        assert!(tokens[0]["last_used_at"].is_string());
        assert!(tokens[0].get("token_hash").is_none());
        let hash = hex::encode(sha2::Sha256::digest(token.as_bytes()));
        assert!(!export.body.contains(&hash) && !export.body.contains(&token));

        gus.post(
            "/settings/data/delete",
            &[
                ("password", crate::common::PASSWORD),
                ("confirm", "token_gus"),
            ],
        )
        .await
        .assert_status(303);
        assert_eq!(app.count("api_tokens"), 0);
        call(&app, "get", "/api/v1/threads", &token, None)
            .await
            .assert_status(401);
    })
    .await;
}

/// Every route of the app under /api/v1 is in the document, and every
/// documented operation is a real route: the document's operations answer
/// with something other than "no such page" / "method not allowed", and the
/// other methods on the same paths do not answer at all.
#[actix_web::test]
async fn openapi_json_documents_every_api_route() {
    each_db(|app| async move {
        let doc = Doc::load(&app).await;
        assert!(doc.0["openapi"].as_str().unwrap().starts_with("3.1"));
        let paths = doc.0["paths"].as_object().unwrap();
        let mut documented = Vec::new();
        for (path, operations) in paths {
            for method in operations.as_object().unwrap().keys() {
                documented.push(format!("{} {path}", method.to_uppercase()));
            }
        }
        documented.sort();
        for expected in [
            "GET /api/v1/threads",
            "GET /api/v1/threads/{id}",
            "GET /api/v1/devices",
            "GET /api/v1/search",
            "GET /api/v1/suggest",
            "GET /api/v1/openapi.json",
            "POST /api/v1/threads",
            "POST /api/v1/threads/{id}/replies",
            "POST /api/v1/posts/{id}/solution",
            "PUT /api/v1/threads/{id}/follow",
            "DELETE /api/v1/threads/{id}/follow",
            "POST /api/v1/posts/{id}/verification",
            "POST /api/v1/threads/{id}/claim",
            "POST /api/v1/known-issues/{id}/status",
        ] {
            assert!(
                documented.iter().any(|d| d == expected),
                "{expected} is not documented: {documented:?}"
            );
        }
        // The shape checks catch what they are for: a wrong type, a missing
        // field, a field the document does not declare (nested too).
        let schema = &doc.0["paths"]["/api/v1/threads/{id}/follow"]["put"]["responses"]["200"]
            ["content"]["application/json"]["schema"];
        let follow = doc.validator(schema);
        assert!(follow.is_valid(&json!({"thread_id": 1, "following": true})));
        assert!(!follow.is_valid(&json!({"thread_id": 1, "following": "yes"})));
        assert!(!follow.is_valid(&json!({"thread_id": 1})));
        let mut extra = Vec::new();
        doc.undeclared(
            schema,
            &json!({"thread_id": 1, "following": true, "secret": 1}),
            "",
            &mut extra,
        );
        assert_eq!(extra, ["/secret"]);
        let schema = &doc.0["paths"]["/api/v1/threads"]["get"]["responses"]["200"]["content"]
            ["application/json"]["schema"];
        let mut extra = Vec::new();
        doc.undeclared(
            schema,
            &json!({"items": [{"id": 1, "token_hash": "x"}], "page": 1, "has_next": false}),
            "",
            &mut extra,
        );
        assert_eq!(extra, ["/items/0/token_hash"]);

        for scheme in ["token", "session", "csrf"] {
            assert!(
                doc.0["components"]["securitySchemes"][scheme].is_object(),
                "{scheme}"
            );
        }

        let not_there = |page: &Page| {
            page.status == StatusCode::METHOD_NOT_ALLOWED
                || (page.status == StatusCode::NOT_FOUND
                    && page.json()["error"]["message"]
                        .as_str()
                        .unwrap_or_default()
                        .contains("page does not exist"))
        };
        let client = app.visitor().await;
        for (path, operations) in paths {
            let concrete = path.replace("{id}", "1");
            for method in ["get", "post", "put", "delete", "patch"] {
                let request = match method {
                    "get" => TestRequest::get(),
                    "post" => TestRequest::post(),
                    "put" => TestRequest::put(),
                    "delete" => TestRequest::delete(),
                    _ => TestRequest::patch(),
                }
                .uri(&concrete);
                let page = client.request(request).await;
                let is_documented = operations.get(method).is_some();
                assert_eq!(
                    !not_there(&page),
                    is_documented,
                    "{method} {path}: answered {} ({}), documented: {is_documented}",
                    page.status,
                    page.body
                );
                if is_documented && page.status != StatusCode::OK {
                    // Unauthenticated writes are a documented 401.
                    doc.check(method, path, &page);
                }
            }
        }
    })
    .await;
}
