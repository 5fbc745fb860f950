//! Prometheus metrics: off the public site, and on the metrics listener's
//! app the expected series with plausible values, in a format Prometheus
//! parses.

use std::collections::BTreeMap;

use actix_web::dev::Service;
use actix_web::test;
use fixloop::model::accounts::users::Role;

use crate::common::{each_db, thread_id, TestApp};

/// What the metrics app answers, as (status, content type, body).
async fn scrape(app: &TestApp) -> (u16, String, String) {
    let service =
        test::init_service(fixloop::metrics::app(fixloop::metrics_sources(&app.state))).await;
    let response = service
        .call(test::TestRequest::get().uri("/metrics").to_request())
        .await
        .unwrap();
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let body = test::read_body(response).await;
    (
        status,
        content_type,
        String::from_utf8(body.to_vec()).unwrap(),
    )
}

/// Parses the text format strictly enough to catch a malformed line:
/// comments are `# HELP|TYPE|UNIT name …` or the closing `# EOF`; samples are
/// `name{label="value",…} number`. Returns each sample by its full series.
fn parse(text: &str) -> BTreeMap<String, f64> {
    let mut samples = BTreeMap::new();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines.last(),
        Some(&"# EOF"),
        "the exposition ends with # EOF"
    );
    for line in &lines[..lines.len() - 1] {
        if let Some(comment) = line.strip_prefix("# ") {
            let kind = comment.split(' ').next().unwrap();
            assert!(
                ["HELP", "TYPE", "UNIT"].contains(&kind),
                "unexpected comment: {line}"
            );
            continue;
        }
        let (series, value) = line.rsplit_once(' ').expect("a sample has a value");
        let name_end = series.find('{').unwrap_or(series.len());
        let name = &series[..name_end];
        assert!(
            !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':'),
            "bad metric name in {line}"
        );
        if name_end < series.len() {
            let labels = &series[name_end..];
            assert!(labels.ends_with('}'), "unclosed labels in {line}");
            for pair in labels[1..labels.len() - 1].split("\",") {
                let (key, value) = pair.split_once("=\"").expect("label=\"value\"");
                assert!(key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
                assert!(!value.trim_end_matches('"').contains('"'), "{line}");
            }
        }
        let value: f64 = value
            .parse()
            .unwrap_or_else(|_| panic!("not a number in {line}"));
        samples.insert(series.to_owned(), value);
    }
    samples
}

fn sample(samples: &BTreeMap<String, f64>, series: &str) -> f64 {
    *samples.get(series).unwrap_or_else(|| {
        panic!(
            "no {series} in:\n{}",
            samples.keys().cloned().collect::<Vec<_>>().join("\n")
        )
    })
}

#[actix_web::test]
async fn the_public_site_has_no_metrics() {
    each_db(|app| async move {
        app.get("/metrics").await.assert_status(404);
        let admin = app.visitor().await;
        admin.register_as("metrics_admin", Role::Admin).await;
        admin.get("/metrics").await.assert_status(404);
    })
    .await;
}

#[actix_web::test]
async fn metrics_show_requests_pool_cache_search_backlogs_and_jobs() {
    each_db(|app| async move {
        app.register("metrics_asker").await.assert_status(303);
        let url = app
            .start_thread(
                "troubleshooting",
                "Printer streaks on every page",
                "",
                "Grey streaks down the left side of each print.",
            )
            .await;
        let thread = thread_id(&url);
        let visitor = app.visitor().await;
        // Twice: the second visit is a page-cache hit.
        visitor.get("/").await.assert_status(200);
        visitor.get("/").await.assert_status(200);
        visitor.get(&url).await.assert_status(200);
        visitor
            .get("/search?q=streaks")
            .await
            .assert_status(200);
        visitor.get("/no/such/page").await.assert_status(404);

        let (status, content_type, text) = scrape(&app).await;
        assert_eq!(status, 200);
        assert!(content_type.starts_with("application/openmetrics-text"));
        let samples = parse(&text);

        // Requests by route pattern, never by path.
        let thread_page = "fixloop_http_request_duration_seconds_count{method=\"GET\",route=\"/t/{id}/{slug}\",status=\"200\"}";
        let before = sample(&samples, thread_page);
        assert!(before >= 1.0);
        assert!(!text.contains(&format!("route=\"/t/{thread}")), "a raw path became a label");
        assert!(sample(&samples, "fixloop_http_request_duration_seconds_count{method=\"GET\",route=\"unmatched\",status=\"404\"}") >= 1.0);
        assert!(text.contains("fixloop_http_request_duration_seconds_bucket{le=\"0.001\",method=\"GET\",route=\"/t/{id}/{slug}\",status=\"200\"}")
            || text.contains("fixloop_http_request_duration_seconds_bucket{method=\"GET\",route=\"/t/{id}/{slug}\",status=\"200\",le=\"0.001\"}"));
        // The page cache and the builtin search were used.
        assert!(sample(&samples, "fixloop_page_cache_lookups_total{result=\"hit\"}") >= 1.0);
        assert!(sample(&samples, "fixloop_page_cache_lookups_total{result=\"miss\"}") >= 1.0);
        assert!(sample(&samples, "fixloop_search_duration_seconds_count{engine=\"builtin\"}") >= 1.0);
        // The pool as configured for tests.
        assert_eq!(sample(&samples, "fixloop_db_pool_max_connections"), 4.0);
        let idle = sample(&samples, "fixloop_db_pool_connections{state=\"idle\"}");
        let in_use = sample(&samples, "fixloop_db_pool_connections{state=\"in_use\"}");
        assert!(idle + in_use >= 1.0 && idle + in_use <= 4.0);

        // Backlogs are what the database holds at scrape time.
        let search_rows = app.count("search_outbox") as f64;
        assert!(search_rows >= 1.0, "the new thread waits for the search engine");
        assert_eq!(sample(&samples, "fixloop_outbox_backlog{outbox=\"search\"}"), search_rows);
        assert_eq!(
            sample(&samples, "fixloop_outbox_backlog{outbox=\"mail\"}"),
            app.mail_backlog() as f64
        );
        assert_eq!(sample(&samples, "fixloop_outbox_backlog{outbox=\"webhooks\"}"), 0.0);

        // A job's run is counted, and the backlog follows (one batch, as the runner runs it).
        let drain = fixloop::search::outbox::drain_job(app.state.pool.clone(), app.state.search.clone());
        fixloop::jobs::run_once(&drain).await.unwrap();
        visitor.get(&url).await.assert_status(200);
        let (_, _, text) = scrape(&app).await;
        let after = parse(&text);
        assert_eq!(sample(&after, "fixloop_outbox_backlog{outbox=\"search\"}"), 0.0);
        assert!(sample(&after, "fixloop_job_runs_total{job=\"search_outbox\"}") >= 1.0);
        assert!(sample(&after, "fixloop_job_items_total{job=\"search_outbox\"}") >= search_rows);
        assert!(
            sample(&after, thread_page) >= before + 1.0,
            "the request counter went up"
        );
    })
    .await;
}
