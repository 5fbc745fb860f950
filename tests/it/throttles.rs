//! Login and sign-up throttles: per client address (which a client cannot
//! forge), per account however it is named, and without handing an attacker
//! a way to lock the owner out.

use clap::Parser;
use fixloop::config::Config;

use crate::common::{TestApp, TestDb, PASSWORD};

/// Each test body once per database, with some settings changed.
async fn each_db_with<F, Fut>(adjust: impl Fn(&mut Config), body: F)
where
    F: Fn(TestApp) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    for db in TestDb::all() {
        eprintln!("-- on {}", db.label);
        body(TestApp::with_config(db, &adjust).await).await;
    }
}

const WRONG: &str = "wrong-password!";

#[actix_web::test]
async fn forged_forwarding_headers_are_ignored_without_trusted_proxies() {
    each_db_with(
        |config| config.login_failures_per_address = 20,
        |app| async move {
            // The reported attack: every attempt claims another address.
            for i in 0..25 {
                let forged = format!("198.51.100.{i}");
                let forwarded = format!("for={forged}");
                let headers = [
                    ("x-forwarded-for", forged.as_str()),
                    ("forwarded", forwarded.as_str()),
                    ("x-real-ip", forged.as_str()),
                ];
                let name = format!("guess_{i}");
                let page = app
                    .login_from("203.0.113.5:40000", &headers, &name, WRONG)
                    .await;
                let expected = if i < 20 { 401 } else { 429 };
                page.assert_status(expected);
            }
            // Another address is not affected.
            app.login_from("203.0.113.6:40000", &[], "someone", WRONG)
                .await
                .assert_status(401);
        },
    )
    .await;
}

#[actix_web::test]
async fn behind_a_trusted_proxy_the_forwarded_client_is_counted() {
    each_db_with(
        |config| {
            config.login_failures_per_address = 3;
            config.trusted_proxies = "10.0.0.0/8".parse().unwrap();
        },
        |app| async move {
            let proxy = "10.0.0.1:51000";
            // What the client claimed sits left of what the proxy appended.
            for (i, claimed) in ["1.1.1.1", "2.2.2.2", "3.3.3.3"].iter().enumerate() {
                let xff = format!("{claimed}, 198.51.100.7");
                let page = app
                    .login_from(proxy, &[("x-forwarded-for", &xff)], &format!("n{i}"), WRONG)
                    .await;
                page.assert_status(401);
            }
            let xff = [("x-forwarded-for", "4.4.4.4, 198.51.100.7")];
            app.login_from(proxy, &xff, "n4", WRONG)
                .await
                .assert_status(429);
            // Another client behind the same proxy is counted apart.
            let other = [("x-forwarded-for", "198.51.100.8")];
            app.login_from(proxy, &other, "n5", WRONG)
                .await
                .assert_status(401);
            // A client reaching the server directly cannot borrow a forwarded address.
            let direct = [("x-forwarded-for", "198.51.100.9")];
            for i in 0..3 {
                app.login_from("203.0.113.9:1234", &direct, &format!("d{i}"), WRONG)
                    .await
                    .assert_status(401);
            }
            app.login_from("203.0.113.9:1234", &[], "d4", WRONG)
                .await
                .assert_status(429);
            // The proxy still lets 198.51.100.9 in: it never failed.
            let proxied = [("x-forwarded-for", "198.51.100.9")];
            app.login_from(proxy, &proxied, "d5", WRONG)
                .await
                .assert_status(401);
        },
    )
    .await;
}

#[test]
fn trusted_proxies_are_read_from_the_flag() {
    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        config: Config,
    }
    let cli = Cli::try_parse_from([
        "fixloop",
        "--trusted-proxies",
        "127.0.0.1, 10.0.0.0/8,2001:db8::/32",
    ])
    .unwrap();
    assert_eq!(
        cli.config.trusted_proxies.to_string(),
        "127.0.0.1/32,10.0.0.0/8,2001:db8::/32"
    );
    // None by default, and none when the variable is set but empty.
    let none = Cli::try_parse_from(["fixloop"]).unwrap();
    assert!(none.config.trusted_proxies.0.is_empty());
    let empty = Cli::try_parse_from(["fixloop", "--trusted-proxies", " "]).unwrap();
    assert!(empty.config.trusted_proxies.0.is_empty());
    // A typo stops the server at start rather than trusting nobody quietly.
    let error = Cli::try_parse_from(["fixloop", "--trusted-proxies", "10.0.0.0/33"])
        .err()
        .expect("an invalid CIDR is refused");
    assert!(error.to_string().contains("not an IP address or a CIDR"));
}

#[actix_web::test]
async fn username_and_email_share_one_account_bucket() {
    each_db_with(
        |config| config.login_failures_per_account_and_address = 3,
        |app| async move {
            app.register("shared_sam").await.assert_status(303);
            app.logout().await;
            let here = "203.0.113.20:5000";
            app.login_from(here, &[], "shared_sam", WRONG)
                .await
                .assert_status(401);
            app.login_from(here, &[], "SHARED_SAM@example.com", WRONG)
                .await
                .assert_status(401);
            app.login_from(here, &[], " Shared_Sam ", WRONG)
                .await
                .assert_status(401);
            for name in ["shared_sam", "shared_sam@example.com"] {
                app.login_from(here, &[], name, PASSWORD)
                    .await
                    .assert_status(429)
                    .assert_contains("Too many failed logins");
            }
            // A name without an account is treated the same way.
            for _ in 0..3 {
                app.login_from(here, &[], "ghost_gus", WRONG)
                    .await
                    .assert_status(401);
            }
            app.login_from(here, &[], " GHOST_GUS", WRONG)
                .await
                .assert_status(429);
            // The typed names are not stored as they were typed.
            let buckets: Vec<String> = app.db(|conn| {
                use diesel::prelude::*;
                use fixloop::db::schema::login_attempts;
                login_attempts::table
                    .select(login_attempts::bucket)
                    .load(conn)
                    .unwrap()
            });
            assert!(buckets.iter().all(|b| !b.contains("ghost")), "{buckets:?}");
        },
    )
    .await;
}

#[actix_web::test]
async fn an_attacker_elsewhere_cannot_lock_the_owner_out() {
    each_db_with(
        |config| {
            // The defaults.
            config.login_failures_per_account_and_address = 5;
            config.login_failures_per_account = 50;
            config.login_failures_per_address = 20;
        },
        |app| async move {
            app.register("owner_olga").await.assert_status(303);
            app.logout().await;
            let attacker = "203.0.113.66:6000";
            for _ in 0..5 {
                app.login_from(attacker, &[], "owner_olga", WRONG)
                    .await
                    .assert_status(401);
            }
            // The attacker's guesses are over, even a right one…
            app.login_from(attacker, &[], "owner_olga@example.com", PASSWORD)
                .await
                .assert_status(429);
            // …but the owner, elsewhere, logs in.
            app.login_from("198.51.100.1:7000", &[], "owner_olga", PASSWORD)
                .await
                .assert_status(303);
        },
    )
    .await;
}

#[actix_web::test]
async fn guessing_from_many_addresses_meets_the_account_ceiling() {
    each_db_with(
        |config| {
            config.login_failures_per_account_and_address = 2;
            config.login_failures_per_account = 4;
        },
        |app| async move {
            app.register("ceiling_cy").await.assert_status(303);
            app.logout().await;
            for attacker in ["203.0.113.1:1", "203.0.113.2:1"] {
                for _ in 0..2 {
                    app.login_from(attacker, &[], "ceiling_cy", WRONG)
                        .await
                        .assert_status(401);
                }
            }
            app.login_from("203.0.113.3:1", &[], "ceiling_cy", PASSWORD)
                .await
                .assert_status(429);
        },
    )
    .await;
}

#[actix_web::test]
async fn a_successful_login_is_not_counted_as_a_failure() {
    each_db_with(
        |config| config.login_failures_per_account_and_address = 2,
        |app| async move {
            app.register("often_in").await.assert_status(303);
            for _ in 0..4 {
                app.login_from("203.0.113.4:1", &[], "often_in", PASSWORD)
                    .await
                    .assert_status(303);
            }
            assert_eq!(app.count("login_attempts"), 0);
        },
    )
    .await;
}

#[actix_web::test]
async fn concurrent_guesses_do_not_slip_under_the_limit() {
    each_db_with(
        |config| config.login_failures_per_account_and_address = 3,
        |app| async move {
            app.register("racer_rae").await.assert_status(303);
            app.logout().await;
            let guesses =
                (0..12).map(|_| app.login_from("203.0.113.30:1", &[], "racer_rae", WRONG));
            let pages = futures_util::future::join_all(guesses).await;
            let refused = pages.iter().filter(|p| p.status.as_u16() == 429).count();
            let wrong = pages.iter().filter(|p| p.status.as_u16() == 401).count();
            assert_eq!((wrong, refused), (3, 9));
        },
    )
    .await;
}

#[actix_web::test]
async fn sign_ups_are_limited_per_address_per_hour() {
    each_db_with(
        |config| config.signups_per_address_per_hour = 3,
        |app| async move {
            let here = "203.0.113.40:8000";
            app.register_from(here, "first_fay")
                .await
                .assert_status(200);
            // An attempt with a taken name counts too.
            app.register_from(here, "first_fay")
                .await
                .assert_status(409);
            app.register_from(here, "third_tim")
                .await
                .assert_status(200);
            let (users, attempts) = (app.count("users"), app.count("signup_attempts"));
            let page = app.register_from(here, "fourth_flo").await;
            page.assert_status(429)
                .assert_contains("Only 3 accounts can be created from one network in an hour")
                .assert_contains("value=\"fourth_flo\"")
                .assert_contains("value=\"fourth_flo@example.com\"");
            // Nothing written: no account, no attempt.
            assert_eq!(app.count("users"), users);
            assert_eq!(app.count("signup_attempts"), attempts);
            // Another address signs up.
            app.register_from("198.51.100.40:8000", "fourth_flo")
                .await
                .assert_status(200);
            // IPv6 addresses count by their /64.
            for (i, peer) in [
                "[2001:db8:0:1::1]:1",
                "[2001:db8:0:1::2]:1",
                "[2001:db8:0:1:ffff::3]:1",
            ]
            .iter()
            .enumerate()
            {
                app.register_from(peer, &format!("six_{i}"))
                    .await
                    .assert_status(200);
            }
            app.register_from("[2001:db8:0:1::4]:1", "six_more")
                .await
                .assert_status(429);
            app.register_from("[2001:db8:0:2::4]:1", "six_more")
                .await
                .assert_status(200);
        },
    )
    .await;
}

#[actix_web::test]
async fn sign_ups_behind_a_trusted_proxy_count_the_forwarded_client() {
    each_db_with(
        |config| {
            config.signups_per_address_per_hour = 1;
            config.trusted_proxies = "127.0.0.1".parse().unwrap();
        },
        |app| async move {
            let proxy = "127.0.0.1:9000";
            let from = |ip: &'static str| [("x-forwarded-for", ip)];
            for (ip, name, status) in [
                ("198.51.100.50", "px_one", 200),
                ("198.51.100.50", "px_two", 429),
                ("198.51.100.51", "px_two", 200),
            ] {
                app.post_from(
                    proxy,
                    &from(ip),
                    "/register",
                    &[
                        ("username", name),
                        ("email", &format!("{name}@example.com")),
                        ("password", PASSWORD),
                        ("password_confirm", PASSWORD),
                    ],
                )
                .await
                .assert_status(status);
            }
        },
    )
    .await;
}

#[actix_web::test]
async fn attempts_older_than_their_window_are_cleaned_up() {
    each_db_with(
        |_| {},
        |app| async move {
            app.db(|conn| {
                let long_ago = fixloop::model::now() - chrono::Duration::days(1);
                fixloop::model::accounts::sessions::insert_login_attempt(
                    conn,
                    "name:gone",
                    long_ago,
                )
                .unwrap();
                fixloop::model::accounts::sessions::insert_signup_attempt(
                    conn,
                    "192.0.2.99",
                    long_ago,
                )
                .unwrap();
            });
            app.login_from("203.0.113.70:1", &[], "someone", WRONG)
                .await
                .assert_status(401);
            assert_eq!(app.count("login_attempts"), 3);
            app.register_from("203.0.113.70:1", "cleaner")
                .await
                .assert_status(200);
            assert_eq!(app.count("signup_attempts"), 1);
        },
    )
    .await;
}
