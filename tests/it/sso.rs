//! Single sign-on against a real OpenID provider: tests/oidc/provider.js
//! (the oidc-provider package) started by each test on a free port. The
//! test plays the browser: it follows the redirects to the provider, logs
//! in on the provider's own form, and brings the callback back to the app.
//! Without `node` or tests/oidc/node_modules (`npm ci` in tests/oidc) the
//! tests say SKIPPED and pass.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use fixloop::config::{Config, Switch};
use serde_json::json;

use crate::common::{Page, TestApp, TestDb, PASSWORD};

const BASE_URL: &str = "http://fixloop.test";
const CALLBACK: &str = "http://fixloop.test/auth/oidc/callback";

/// The provider process; ended when the test ends.
struct Provider {
    child: Child,
    issuer: String,
    http: reqwest::Client,
}

impl Drop for Provider {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Provider {
    /// A provider of its own, or None (after saying SKIPPED) where Node or
    /// the package is missing.
    fn start(test: &str) -> Option<Provider> {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/oidc");
        let node_ok = Command::new("node")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success());
        if !node_ok || !dir.join("node_modules/oidc-provider").exists() {
            eprintln!("SKIPPED: {test} needs node and tests/oidc/node_modules (run `npm ci` in tests/oidc; .ci/run does)");
            return None;
        }
        let mut child = Command::new("node")
            .arg(dir.join("provider.js"))
            .arg(json!({ "redirectUri": CALLBACK }).to_string())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(
                std::fs::File::create(std::env::temp_dir().join("fixloop-oidc-provider.log"))
                    .unwrap(),
            )
            .spawn()
            .expect("node starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("the provider says where it listens");
        let started: serde_json::Value =
            serde_json::from_str(&line).unwrap_or_else(|e| panic!("provider output {line:?}: {e}"));
        let issuer = started["issuer"].as_str().expect("issuer").to_owned();
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        Some(Provider {
            child,
            issuer,
            http,
        })
    }

    async fn control(&self, path: &str, body: serde_json::Value) {
        let answer = self
            .http
            .post(format!("{}{path}", self.issuer))
            .body(body.to_string())
            .send()
            .await
            .expect("the provider answers");
        assert_eq!(answer.status().as_u16(), 204);
    }

    /// An account at the provider, with the claims its ID tokens carry.
    async fn account(&self, id: &str, claims: serde_json::Value) {
        self.control("/__accounts", json!({ "id": id, "claims": claims }))
            .await;
    }

    /// The attack to stage (see provider.js): genuine, impostor, other-audience.
    async fn mode(&self, mode: &str) {
        self.control("/__mode", json!({ "mode": mode })).await;
    }

    /// A browser at the provider: opens the authorization URL, logs in as
    /// `account` on the provider's form, and returns the URL the provider
    /// sends it back to (on our callback).
    async fn log_in(&self, authorization_url: &str, account: &str) -> String {
        let mut jar: BTreeMap<String, String> = BTreeMap::new();
        let mut url = authorization_url.to_owned();
        let mut form: Option<Vec<(String, String)>> = None;
        for _ in 0..12 {
            if url.starts_with(CALLBACK) {
                return url;
            }
            let cookies = jar
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("; ");
            let request = match form.take() {
                Some(fields) => self.http.post(&url).form(&fields),
                None => self.http.get(&url),
            };
            let answer = request
                .header("cookie", cookies)
                .send()
                .await
                .expect("the provider answers");
            for value in answer.headers().get_all("set-cookie") {
                let pair = value.to_str().unwrap().split(';').next().unwrap();
                if let Some((name, value)) = pair.split_once('=') {
                    jar.insert(name.trim().to_owned(), value.to_owned());
                }
            }
            let status = answer.status();
            if status.is_redirection() {
                let location = answer.headers()["location"].to_str().unwrap().to_owned();
                url = if location.starts_with("http") {
                    location
                } else {
                    format!("{}{location}", self.issuer)
                };
                continue;
            }
            let body = answer.text().await.unwrap();
            assert!(status.is_success(), "provider said {status}: {body}");
            let action = between(&body, "action=\"", "\"")
                .unwrap_or_else(|| panic!("no login form at the provider: {body}"));
            url = if action.starts_with("http") {
                action
            } else {
                format!("{}{action}", self.issuer)
            };
            form = Some(vec![
                ("prompt".into(), "login".into()),
                ("login".into(), account.into()),
                ("password".into(), "any".into()),
            ]);
        }
        panic!("the provider never sent the browser back");
    }
}

fn between(text: &str, start: &str, end: &str) -> Option<String> {
    let from = text.find(start)? + start.len();
    let to = text[from..].find(end)? + from;
    Some(text[from..to].replace("&amp;", "&"))
}

/// The path and query of a URL on our site, as the browser would request it.
fn local(url: &str) -> String {
    url.strip_prefix(BASE_URL)
        .expect("a URL of ours")
        .to_owned()
}

fn sso_config(provider: &Provider) -> impl Fn(&mut Config) + '_ {
    move |config: &mut Config| {
        config.base_url = Some(BASE_URL.into());
        config.oidc_issuer = Some(provider.issuer.clone());
        config.oidc_client_id = Some("fixloop".into());
        config.oidc_client_secret = Some("fixloop-secret".into());
        config.oidc_name = "Acme ID".into();
    }
}

async fn apps(provider: &Provider, adjust: impl Fn(&mut Config)) -> Vec<TestApp> {
    let mut apps = Vec::new();
    for db in TestDb::all() {
        eprintln!("-- on {}", db.label);
        apps.push(
            TestApp::with_config(db, |c| {
                sso_config(provider)(c);
                adjust(c);
            })
            .await,
        );
    }
    apps
}

/// Presses "Log in with ..." and returns where the app sends the browser.
async fn start(app: &TestApp, next: &str) -> String {
    let page = app.post("/auth/oidc/login", &[("next", next)]).await;
    page.assert_status(303);
    let location = page.location();
    assert!(
        location.starts_with(&provider_prefix(&location)),
        "{location}"
    );
    location
}

fn provider_prefix(location: &str) -> String {
    location.split("/auth?").next().unwrap().to_owned()
}

/// The whole login: app -> provider (log in as `account`) -> app's callback.
async fn sso_login(app: &TestApp, provider: &Provider, account: &str, next: &str) -> Page {
    let authorization = start(app, next).await;
    let back = provider.log_in(&authorization, account).await;
    app.get(&local(&back)).await
}

fn param(url: &str, name: &str) -> String {
    url::Url::parse(url)
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

fn with_param(url: &str, name: &str, value: &str) -> String {
    let mut parsed = url::Url::parse(url).unwrap();
    let pairs: Vec<(String, String)> = parsed
        .query_pairs()
        .map(|(k, v)| {
            let v = if k == name {
                value.to_owned()
            } else {
                v.into_owned()
            };
            (k.into_owned(), v)
        })
        .collect();
    parsed.query_pairs_mut().clear().extend_pairs(pairs);
    parsed.to_string()
}

fn username_of_session(app: &TestApp) -> Option<String> {
    let token = app.cookie("fixloop_session")?;
    app.db(move |conn| {
        fixloop::auth::session::load(conn, &token, None)
            .unwrap()
            .map(|s| s.username)
    })
}

fn user(app: &TestApp, name: &str) -> fixloop::model::accounts::users::User {
    let name = name.to_owned();
    app.db(move |conn| {
        fixloop::model::accounts::users::find_by_username(conn, &name)
            .unwrap()
            .unwrap_or_else(|| panic!("no user {name}"))
    })
}

#[actix_web::test]
async fn a_first_login_makes_the_account_and_the_next_one_finds_it() {
    let Some(provider) =
        Provider::start("a_first_login_makes_the_account_and_the_next_one_finds_it")
    else {
        return;
    };
    provider
        .account(
            "sub-ada",
            json!({"preferred_username": "ada", "email": "Ada@Example.com", "email_verified": true}),
        )
        .await;
    for app in apps(&provider, |_| {}).await {
        app.get("/login")
            .await
            .assert_status(200)
            .assert_contains("Log in with Acme ID")
            .assert_contains("action=\"/login\"");
        // A session cookie planted before the login is not the one after it.
        app.set_cookie("fixloop_session", "planted-by-an-attacker");
        let page = sso_login(&app, &provider, "sub-ada", "/devices").await;
        page.assert_status(303);
        assert_eq!(page.location(), "/devices");
        let first_session = app.cookie("fixloop_session").unwrap();
        assert_ne!(first_session, "planted-by-an-attacker");
        assert_eq!(username_of_session(&app).as_deref(), Some("ada"));
        let ada = user(&app, "ada");
        assert_eq!(ada.email, "ada@example.com");
        assert!(
            ada.email_verified_at.is_some(),
            "the provider vouched for it"
        );
        assert_eq!(ada.role, "member");
        assert_eq!(app.count("oidc_identities"), 1);
        assert_eq!(app.count("oidc_logins"), 0, "the state was used up");
        app.get("/").await.assert_contains("ada");

        // The same subject again: the same account, a new session.
        app.logout().await.assert_status(303);
        let page = sso_login(&app, &provider, "sub-ada", "//evil.example/steal").await;
        page.assert_status(303);
        assert_eq!(page.location(), "/", "an off-site next goes home");
        assert_ne!(app.cookie("fixloop_session").unwrap(), first_session);
        assert_eq!(username_of_session(&app).as_deref(), Some("ada"));
        assert_eq!(app.count("users"), 1);
        assert_eq!(app.count("oidc_identities"), 1);
    }
}

#[actix_web::test]
async fn a_taken_username_is_chosen_again_on_a_form() {
    let Some(provider) = Provider::start("a_taken_username_is_chosen_again_on_a_form") else {
        return;
    };
    provider
        .account(
            "sub-bob",
            json!({"preferred_username": "bob", "email": "robert@example.org", "email_verified": true}),
        )
        .await;
    for app in apps(&provider, |_| {}).await {
        let owner = app.visitor().await;
        owner.register("bob").await.assert_status(303);

        let page = sso_login(&app, &provider, "sub-bob", "/devices").await;
        page.assert_status(303);
        assert_eq!(page.location(), "/auth/oidc/finish");
        assert_eq!(username_of_session(&app), None, "not logged in yet");
        app.get("/auth/oidc/finish")
            .await
            .assert_status(200)
            .assert_contains("Choose a username")
            .assert_contains("robert@example.org")
            .assert_contains("taken or cannot be used");

        let page = app
            .post("/auth/oidc/username", &[("username", "BOB")])
            .await;
        page.assert_status(409)
            .assert_contains("That username is taken; choose another.")
            .assert_contains("value=\"BOB\"");
        app.post("/auth/oidc/username", &[("username", "no spaces")])
            .await
            .assert_status(422)
            .assert_contains("letters, digits");
        assert_eq!(app.count("users"), 1, "nothing half-made");

        let page = app
            .post("/auth/oidc/username", &[("username", "robert")])
            .await;
        page.assert_status(303);
        assert_eq!(page.location(), "/devices");
        assert_eq!(username_of_session(&app).as_deref(), Some("robert"));
        assert_eq!(app.count("oidc_signups"), 0);
        // The choice is made once: the form is gone.
        app.post("/auth/oidc/username", &[("username", "robert2")])
            .await
            .assert_status(400);

        // Next time the provider's login goes straight in as robert.
        app.logout().await;
        let page = sso_login(&app, &provider, "sub-bob", "/").await;
        page.assert_status(303);
        assert_eq!(username_of_session(&app).as_deref(), Some("robert"));
    }
}

#[actix_web::test]
async fn an_account_with_the_same_verified_email_is_linked_only_with_its_password() {
    let Some(provider) =
        Provider::start("an_account_with_the_same_verified_email_is_linked_only_with_its_password")
    else {
        return;
    };
    provider
        .account(
            "sub-carol",
            json!({"preferred_username": "carol_sso", "email": "carol@example.com", "email_verified": true}),
        )
        .await;
    provider
        .account(
            "sub-unverified",
            json!({"preferred_username": "dave_sso", "email": "dave@example.com", "email_verified": false}),
        )
        .await;
    for app in apps(&provider, |_| {}).await {
        let owner = app.visitor().await;
        owner.register("carol").await.assert_status(303);
        owner.logout().await;
        owner.register("dave").await.assert_status(303);

        let page = sso_login(&app, &provider, "sub-carol", "/devices").await;
        assert_eq!(page.location(), "/auth/oidc/finish");
        app.get("/auth/oidc/finish")
            .await
            .assert_contains("Link your account")
            .assert_contains("<strong>carol</strong>");

        let page = app
            .post("/auth/oidc/link", &[("password", "not-the-password")])
            .await;
        page.assert_status(401)
            .assert_contains("That is not the password of this account");
        assert_eq!(app.count("oidc_identities"), 0);
        assert_eq!(username_of_session(&app), None);

        let page = app.post("/auth/oidc/link", &[("password", PASSWORD)]).await;
        page.assert_status(303);
        assert_eq!(page.location(), "/devices");
        assert_eq!(username_of_session(&app).as_deref(), Some("carol"));
        assert_eq!(app.count("oidc_identities"), 1);
        assert_eq!(app.count("users"), 2, "no second account for carol");

        // Linked: the provider's login goes straight in.
        app.logout().await;
        sso_login(&app, &provider, "sub-carol", "/")
            .await
            .assert_status(303);
        assert_eq!(username_of_session(&app).as_deref(), Some("carol"));

        // An address the provider does not vouch for links nothing.
        app.logout().await;
        let page = sso_login(&app, &provider, "sub-unverified", "/").await;
        page.assert_status(403)
            .assert_contains("has not confirmed that dave@example.com is your address");
        assert_eq!(username_of_session(&app), None);
        assert_eq!(app.count("oidc_identities"), 1);
        assert_eq!(app.count("users"), 2);
    }
}

#[actix_web::test]
async fn a_wrong_missing_foreign_or_replayed_state_is_refused() {
    let Some(provider) = Provider::start("a_wrong_missing_foreign_or_replayed_state_is_refused")
    else {
        return;
    };
    provider
        .account(
            "sub-eve",
            json!({"preferred_username": "eve", "email": "eve@example.com", "email_verified": true}),
        )
        .await;
    for app in apps(&provider, |_| {}).await {
        // A changed state.
        let back = provider.log_in(&start(&app, "/").await, "sub-eve").await;
        let tampered = with_param(&back, "state", &format!("{}x", param(&back, "state")));
        app.get(&local(&tampered))
            .await
            .assert_status(400)
            .assert_contains("not valid any more");
        // No state at all.
        let without = back.split("?").next().unwrap().to_owned() + "?code=" + &param(&back, "code");
        app.get(&local(&without))
            .await
            .assert_status(400)
            .assert_contains("has no state");
        assert_eq!(username_of_session(&app), None);

        // The right answer, brought by another browser (no cookie of the login's).
        let back = provider.log_in(&start(&app, "/").await, "sub-eve").await;
        let other = app.visitor().await;
        other.get(&local(&back)).await.assert_status(400);
        assert_eq!(username_of_session(&other), None);

        // The right answer once; the same answer again is refused.
        let back = provider.log_in(&start(&app, "/").await, "sub-eve").await;
        app.get(&local(&back)).await.assert_status(303);
        assert_eq!(username_of_session(&app).as_deref(), Some("eve"));
        app.logout().await;
        app.get(&local(&back)).await.assert_status(400);
        assert_eq!(username_of_session(&app), None);
        assert_eq!(app.count("users"), 1);

        // The provider's own refusal (the member cancelled there) is said,
        // escaped, and uses the state up.
        let authorization = start(&app, "/").await;
        let waiting = app.count("oidc_logins");
        let state = param(&authorization, "state");
        let refusal = format!(
            "/auth/oidc/callback?state={state}&error=access_denied&error_description=%3Cb%3Ecancelled%3C%2Fb%3E"
        );
        app.get(&refusal).await.assert_status(403).assert_contains(
            "The provider did not log you in (access_denied: &lt;b&gt;cancelled&lt;&#x2F;b&gt;)",
        );
        app.get(&refusal).await.assert_status(400);
        assert_eq!(app.count("oidc_logins"), waiting - 1);
    }
}

#[actix_web::test]
async fn an_id_token_with_a_tampered_or_foreign_nonce_is_refused() {
    let Some(provider) = Provider::start("an_id_token_with_a_tampered_or_foreign_nonce_is_refused")
    else {
        return;
    };
    provider
        .account(
            "sub-mal",
            json!({"preferred_username": "mallory", "email": "mal@example.com", "email_verified": true}),
        )
        .await;
    for app in apps(&provider, |_| {}).await {
        // The nonce changed on its way to the provider: the token carries it.
        let authorization = start(&app, "/").await;
        let tampered = with_param(&authorization, "nonce", "a-nonce-we-never-made");
        let back = provider.log_in(&tampered, "sub-mal").await;
        app.get(&local(&back))
            .await
            .assert_status(400)
            .assert_contains("could not be verified");

        // A real nonce, but another login's.
        let first = start(&app, "/").await;
        let second = start(&app, "/").await;
        let swapped = with_param(&first, "nonce", &param(&second, "nonce"));
        let back = provider.log_in(&swapped, "sub-mal").await;
        app.get(&local(&back)).await.assert_status(400);

        assert_eq!(username_of_session(&app), None);
        assert_eq!(app.count("users"), 0);
        assert_eq!(app.count("oidc_identities"), 0);
    }
}

#[actix_web::test]
async fn an_id_token_signed_by_another_key_or_for_another_audience_is_refused() {
    let Some(provider) =
        Provider::start("an_id_token_signed_by_another_key_or_for_another_audience_is_refused")
    else {
        return;
    };
    provider
        .account(
            "sub-imp",
            json!({"preferred_username": "imp", "email": "imp@example.com", "email_verified": true}),
        )
        .await;
    for app in apps(&provider, |_| {}).await {
        // A second real provider answers with the issuer's name and its own key.
        provider.mode("impostor").await;
        let page = sso_login(&app, &provider, "sub-imp", "/").await;
        page.assert_status(400)
            .assert_contains("could not be verified");

        // Signed with the right key, but expired by the time it arrives.
        provider.mode("expired").await;
        let page = sso_login(&app, &provider, "sub-imp", "/").await;
        page.assert_status(400)
            .assert_contains("could not be verified");

        // The genuine provider, but the token is another client's.
        provider.mode("other-audience").await;
        let page = sso_login(&app, &provider, "sub-imp", "/").await;
        page.assert_status(400)
            .assert_contains("could not be verified");
        assert_eq!(username_of_session(&app), None);
        assert_eq!(app.count("users"), 0);

        // And the same login, untouched, works: the refusals were the attacks'.
        provider.mode("genuine").await;
        sso_login(&app, &provider, "sub-imp", "/")
            .await
            .assert_status(303);
        assert_eq!(username_of_session(&app).as_deref(), Some("imp"));
    }
}

#[actix_web::test]
async fn the_staff_claim_makes_and_unmakes_staff_and_is_audited() {
    let Some(provider) = Provider::start("the_staff_claim_makes_and_unmakes_staff_and_is_audited")
    else {
        return;
    };
    let claims = |groups: serde_json::Value| json!({"preferred_username": "sam", "email": "sam@example.com", "email_verified": true, "groups": groups});
    for app in apps(&provider, |c| {
        c.oidc_staff_claim = Some("groups=support-staff".parse().unwrap());
    })
    .await
    {
        provider
            .account("sub-sam", claims(json!(["customers", "support-staff"])))
            .await;
        sso_login(&app, &provider, "sub-sam", "/")
            .await
            .assert_status(303);
        assert_eq!(user(&app, "sam").role, "staff");

        provider
            .account("sub-sam", claims(json!(["customers"])))
            .await;
        app.logout().await;
        sso_login(&app, &provider, "sub-sam", "/")
            .await
            .assert_status(303);
        assert_eq!(user(&app, "sam").role, "member");

        // Both changes are in the audit log, as the provider's.
        let entries = app.db(|conn| {
            fixloop::model::staff::moderation::audit_entries(conn, Some("change_role"), None, 0, 10)
                .unwrap()
        });
        let details: Vec<&str> = entries.iter().map(|e| e.detail.as_str()).collect();
        assert_eq!(
            details,
            [
                "staff → member (single sign-on staff claim)",
                "member → staff (single sign-on staff claim)"
            ]
        );
        assert!(entries
            .iter()
            .all(|e| e.actor_name.is_none() && e.target_name.as_deref() == Some("sam")));

        // An admin stays an admin whatever the claim says.
        app.db(|conn| {
            fixloop::forum::accounts::credentials::set_role(
                conn,
                "sam",
                fixloop::model::accounts::users::Role::Admin,
            )
            .unwrap()
        });
        app.logout().await;
        sso_login(&app, &provider, "sub-sam", "/")
            .await
            .assert_status(303);
        assert_eq!(user(&app, "sam").role, "admin");
    }
}

#[actix_web::test]
async fn with_password_login_off_only_single_sign_on_logs_in() {
    let Some(provider) = Provider::start("with_password_login_off_only_single_sign_on_logs_in")
    else {
        return;
    };
    provider
        .account(
            "sub-ola",
            json!({"preferred_username": "ola", "email": "ola@example.com", "email_verified": true}),
        )
        .await;
    for app in apps(&provider, |c| c.password_login = Switch::Off).await {
        // An account made with a password while it was allowed.
        app.db(|conn| {
            let hash = fixloop::auth::password::hash_password(PASSWORD).unwrap();
            let form = fixloop::forum::accounts::credentials::Registration {
                username: "old_timer".into(),
                email: "old@example.com".into(),
                ..Default::default()
            };
            fixloop::forum::accounts::credentials::register(
                conn,
                &form,
                &hash,
                fixloop::model::accounts::users::Role::Member,
            )
            .unwrap();
        });
        app.get("/login")
            .await
            .assert_status(200)
            .assert_contains("Log in with Acme ID")
            .assert_lacks("action=\"/login\"")
            .assert_lacks("href=\"/register\"");
        app.login("old_timer", PASSWORD)
            .await
            .assert_status(403)
            .assert_contains("switched off");
        assert_eq!(username_of_session(&app), None);
        app.get("/register").await.assert_status(403);
        app.post(
            "/register",
            &[
                ("username", "newbie"),
                ("email", "newbie@example.com"),
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
            ],
        )
        .await
        .assert_status(403);
        assert_eq!(app.count("users"), 1);

        sso_login(&app, &provider, "sub-ola", "/")
            .await
            .assert_status(303);
        assert_eq!(username_of_session(&app).as_deref(), Some("ola"));
    }
}

#[actix_web::test]
async fn password_login_off_without_single_sign_on_is_refused_at_start() {
    let db = TestDb::sqlite();
    let mut config = Config::with_database(db.url.clone(), tempfile::tempdir().unwrap().keep());
    config.password_login = Switch::Off;
    let refused = fixloop::state::AppState::new(config)
        .err()
        .expect("refused");
    assert!(
        refused.to_string().contains("FIXLOOP_PASSWORD_LOGIN=off"),
        "{refused}"
    );
}

#[actix_web::test]
async fn without_single_sign_on_its_pages_are_not_there() {
    let app = TestApp::new(TestDb::sqlite()).await;
    app.get("/login").await.assert_lacks("/auth/oidc/login");
    app.post("/auth/oidc/login", &[("next", "/")])
        .await
        .assert_status(404);
    app.get("/auth/oidc/callback?state=x&code=y")
        .await
        .assert_status(404);
}

#[actix_web::test]
async fn a_suspension_holds_through_single_sign_on_and_a_deleted_account_stays_gone() {
    let Some(provider) = Provider::start(
        "a_suspension_holds_through_single_sign_on_and_a_deleted_account_stays_gone",
    ) else {
        return;
    };
    provider
        .account(
            "sub-sue",
            json!({"preferred_username": "sue", "email": "sue@example.com", "email_verified": true}),
        )
        .await;
    for app in apps(&provider, |_| {}).await {
        sso_login(&app, &provider, "sub-sue", "/")
            .await
            .assert_status(303);
        app.logout().await;
        app.set_suspended("sue", Some(3));

        // Logged in as with a password: reading only, the suspension shown.
        sso_login(&app, &provider, "sub-sue", "/")
            .await
            .assert_status(303);
        app.get("/")
            .await
            .assert_contains("Your account is suspended until");
        app.post(
            "/threads/new",
            &[
                ("kind", "troubleshooting"),
                ("title", "Posting while suspended"),
                ("device", ""),
                ("body", "This must not be posted."),
                ("action", "post"),
            ],
        )
        .await
        .assert_status(403)
        .assert_contains("suspended");
        assert_eq!(app.count("threads"), 0);

        // A deleted account cannot come back through the provider.
        let admin = app.visitor().await;
        admin
            .register_as("admin_ann", fixloop::model::accounts::users::Role::Admin)
            .await;
        let ann = user(&app, "admin_ann");
        app.db(move |conn| {
            let actor = fixloop::forum::Actor::from(&ann);
            fixloop::forum::accounts::leaving::delete_member(conn, &actor, "sue", "sue").unwrap();
        });
        assert_eq!(app.count("oidc_identities"), 0);
        app.logout().await;
        let page = sso_login(&app, &provider, "sub-sue", "/").await;
        // The subject is new again: a new account, never the deleted one.
        page.assert_status(303);
        assert_eq!(username_of_session(&app).as_deref(), Some("sue"));
        assert_eq!(
            app.count("users"),
            3,
            "sue (deleted), admin_ann, and the new sue"
        );
    }
}

#[actix_web::test]
async fn a_provider_that_does_not_answer_is_a_clear_503_and_changes_nothing() {
    let Some(mut provider) =
        Provider::start("a_provider_that_does_not_answer_is_a_clear_503_and_changes_nothing")
    else {
        return;
    };
    let apps = apps(&provider, |_| {}).await;
    provider.child.kill().expect("the provider stops");
    provider.child.wait().expect("the provider stopped");
    for app in apps {
        let page = app.post("/auth/oidc/login", &[("next", "/")]).await;
        page.assert_status(503)
            .assert_contains("The sign-in provider is not answering right now");
        assert_eq!(page.header("retry-after"), "5");
        assert_eq!(app.count("oidc_logins"), 0);
    }
}

/// A password-reset link for the member, as if mailed: its token.
fn reset_link(app: &TestApp, username: &str) -> String {
    let token = fixloop::auth::random_token();
    let (hash, name) = (
        fixloop::auth::session::hash_token(&token),
        username.to_owned(),
    );
    app.db(move |conn| {
        let user = fixloop::model::accounts::users::find_by_username(conn, &name)
            .unwrap()
            .unwrap();
        let now = fixloop::model::now();
        fixloop::model::accounts::account_tokens::insert(
            conn,
            &fixloop::model::accounts::account_tokens::NewAccountToken {
                user_id: user.id,
                purpose: "reset_password",
                token_hash: &hash,
                email: &user.email,
                created_at: now,
                expires_at: now + chrono::Duration::hours(1),
            },
        )
        .unwrap();
    });
    token
}

/// Moves the session's start (and the member's sign-in) back in time.
fn age_sessions(app: &TestApp, minutes: i64) {
    use diesel::RunQueryDsl;
    let before = fixloop::model::now() - chrono::Duration::minutes(minutes);
    app.db(move |conn| {
        diesel::sql_query("UPDATE sessions SET created_at = $1")
            .bind::<diesel::sql_types::Timestamp, _>(before)
            .execute(conn)
            .unwrap();
    });
}

#[actix_web::test]
async fn an_address_the_provider_did_not_verify_makes_no_account() {
    let Some(provider) = Provider::start("an_address_the_provider_did_not_verify_makes_no_account")
    else {
        return;
    };
    provider
        .account(
            "sub-mallet",
            json!({"preferred_username": "mallet", "email": "victim@example.com", "email_verified": false}),
        )
        .await;
    for app in apps(&provider, |_| {}).await {
        sso_login(&app, &provider, "sub-mallet", "/")
            .await
            .assert_status(403)
            .assert_contains("has not confirmed that victim@example.com is your address");
        assert_eq!(username_of_session(&app), None);
        assert_eq!(app.count("users"), 0);
        assert_eq!(app.count("oidc_signups"), 0);
        assert_eq!(app.count("oidc_identities"), 0);
        // The address's owner signs up as anyone would.
        let owner = app.visitor().await;
        owner.register("victim").await.assert_status(303);
        assert_eq!(user(&app, "victim").email, "victim@example.com");
    }
}

#[actix_web::test]
async fn a_passwordless_account_changes_its_address_only_after_a_fresh_sign_in() {
    let Some(provider) =
        Provider::start("a_passwordless_account_changes_its_address_only_after_a_fresh_sign_in")
    else {
        return;
    };
    provider
        .account(
            "sub-pia",
            json!({"preferred_username": "pia", "email": "pia@example.com", "email_verified": true}),
        )
        .await;
    for app in apps(&provider, |_| {}).await {
        sso_login(&app, &provider, "sub-pia", "/")
            .await
            .assert_status(303);
        app.get("/settings")
            .await
            .assert_lacks("id=\"email_current_password\"")
            .assert_contains("Your account has no password");
        age_sessions(&app, 11);
        app.post("/settings/email", &[("email", "pia@new.example")])
            .await
            .assert_status(422)
            .assert_contains("log in again through your sign-in provider")
            .assert_contains("value=\"pia@new.example\"");
        assert_eq!(app.count("account_requests"), 0);
        // Signed in again: the change is asked for.
        app.logout().await;
        sso_login(&app, &provider, "sub-pia", "/")
            .await
            .assert_status(303);
        app.post("/settings/email", &[("email", "pia@new.example")])
            .await
            .assert_status(200)
            .assert_contains("We sent a link to pia@new.example");
        assert_eq!(app.count("account_requests"), 1);
        // A password of its own, on the same terms.
        let choose = [("password", PASSWORD), ("password_confirm", PASSWORD)];
        age_sessions(&app, 11);
        app.post("/settings/password", &choose)
            .await
            .assert_status(422)
            .assert_contains("log in again through your sign-in provider");
        app.logout().await;
        sso_login(&app, &provider, "sub-pia", "/")
            .await
            .assert_status(303);
        app.post("/settings/password", &choose)
            .await
            .assert_status(303);
        let fresh = app.visitor().await;
        fresh.login("pia", PASSWORD).await.assert_status(303);
    }
}

#[actix_web::test]
async fn without_passwords_a_reset_opens_nothing_and_staff_sessions_last_a_day() {
    let Some(provider) =
        Provider::start("without_passwords_a_reset_opens_nothing_and_staff_sessions_last_a_day")
    else {
        return;
    };
    let claims = |groups: serde_json::Value| json!({"preferred_username": "stan", "email": "stan@example.com", "email_verified": true, "groups": groups});
    provider
        .account(
            "sub-mo",
            json!({"preferred_username": "moe", "email": "moe@example.com", "email_verified": true, "groups": []}),
        )
        .await;
    for app in apps(&provider, |c| {
        c.password_login = Switch::Off;
        c.oidc_staff_claim = Some("groups=support-staff".parse().unwrap());
    })
    .await
    {
        provider
            .account("sub-stan", claims(json!(["support-staff"])))
            .await;
        sso_login(&app, &provider, "sub-stan", "/")
            .await
            .assert_status(303);
        assert_eq!(user(&app, "stan").role, "staff");
        // "Forgot your password?" proves the account (for linking it), but
        // opens no session around the provider.
        let visitor = app.visitor().await;
        visitor.get("/password/forgot").await.assert_status(200);
        visitor
            .post("/password/forgot", &[("email", "stan@example.com")])
            .await
            .assert_status(200);
        let token = reset_link(&app, "stan");
        let page = visitor
            .post(
                "/password/reset",
                &[
                    ("token", &token),
                    ("password", PASSWORD),
                    ("password_confirm", PASSWORD),
                ],
            )
            .await;
        page.assert_status(303);
        assert_eq!(page.location(), "/login?reset=1");
        assert_eq!(username_of_session(&visitor), None);
        visitor.login("stan", PASSWORD).await.assert_status(403);
        assert_eq!(username_of_session(&visitor), None);
        // The reset ended the staff session too: back in through the provider.
        sso_login(&app, &provider, "sub-stan", "/")
            .await
            .assert_status(303);

        // A member's session outlives a day; a staff session does not.
        let member = app.visitor().await;
        sso_login(&member, &provider, "sub-mo", "/")
            .await
            .assert_status(303);
        age_sessions(&app, 23 * 60);
        let page = app.get("/settings").await;
        assert_eq!(page.status, 200, "{}", page.location());
        age_sessions(&app, 25 * 60);
        let page = app.get("/settings").await;
        page.assert_status(303);
        assert!(page.location().starts_with("/login"), "{}", page.location());
        assert_eq!(username_of_session(&app), None);
        member.get("/settings").await.assert_status(200);
        // Back through the provider, which no longer lists stan as staff.
        provider.account("sub-stan", claims(json!([]))).await;
        sso_login(&app, &provider, "sub-stan", "/")
            .await
            .assert_status(303);
        assert_eq!(user(&app, "stan").role, "member");
    }
}

#[actix_web::test]
async fn with_a_staff_claim_staff_open_no_session_with_a_password() {
    let Some(provider) =
        Provider::start("with_a_staff_claim_staff_open_no_session_with_a_password")
    else {
        return;
    };
    for app in apps(&provider, |c| {
        c.oidc_staff_claim = Some("groups=support-staff".parse().unwrap());
    })
    .await
    {
        provider
            .account(
                "sub-tia",
                json!({"preferred_username": "tia", "email": "tia@example.com", "email_verified": true, "groups": ["support-staff"]}),
            )
            .await;
        sso_login(&app, &provider, "sub-tia", "/")
            .await
            .assert_status(303);
        assert_eq!(user(&app, "tia").role, "staff");
        // A password of her own, chosen right after signing in.
        app.post(
            "/settings/password",
            &[("password", PASSWORD), ("password_confirm", PASSWORD)],
        )
        .await
        .assert_status(303);
        app.logout().await;
        // Taken out of the group at the provider: the password must not
        // bring the staff powers back.
        let page = app.login("tia", PASSWORD).await;
        page.assert_status(403)
            .assert_contains("Staff log in with Acme ID");
        assert_eq!(username_of_session(&app), None);
        // Nor a reset link.
        let token = reset_link(&app, "tia");
        let page = app
            .post(
                "/password/reset",
                &[
                    ("token", &token),
                    ("password", "another-password-1"),
                    ("password_confirm", "another-password-1"),
                ],
            )
            .await;
        page.assert_status(303);
        assert_eq!(page.location(), "/login?reset=1");
        assert_eq!(username_of_session(&app), None);
        // A member's password login is untouched by the claim.
        let member = app.visitor().await;
        member.register("plain_pat").await.assert_status(303);
        member.logout().await;
        member.login("plain_pat", PASSWORD).await.assert_status(303);
    }
}
