//! Two workers (two app servers on one database) taking from the search
//! outbox at the same moment: each row is leased by one of them, never both,
//! and with Meilisearch every thread ends up found once, in its last version.

use crate::common::{each_engine, thread_id};

#[actix_web::test]
async fn two_workers_claiming_at_once_never_share_a_row() {
    crate::common::each_db(|app| async move {
        app.register("racer").await;
        for i in 0..30 {
            app.start_thread(
                "discussion",
                &format!("Race thread number {i}"),
                "",
                "Body.",
            )
            .await;
        }
        let due = app.count("search_outbox");
        assert!(due >= 30);
        // Two connections, two claims, as two servers would make them.
        let pool = app.state.pool.clone();
        let (a, b) = futures_util::future::join(
            actix_web::web::block({
                let pool = pool.clone();
                move || {
                    let mut conn = pool.get().unwrap();
                    fixloop::search::outbox::claim(&mut conn, fixloop::model::now(), 20).unwrap()
                }
            }),
            actix_web::web::block(move || {
                let mut conn = pool.get().unwrap();
                fixloop::search::outbox::claim(&mut conn, fixloop::model::now(), 20).unwrap()
            }),
        )
        .await;
        let (a, b) = (a.unwrap(), b.unwrap());
        let mut ids: Vec<i64> = a.iter().chain(b.iter()).map(|r| r.id).collect();
        let claimed = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), claimed, "a row was leased by both workers");
        let mut threads: Vec<i64> = a.iter().chain(b.iter()).map(|r| r.thread_id).collect();
        threads.sort_unstable();
        threads.dedup();
        assert_eq!(
            threads.len(),
            claimed,
            "one thread's rows went to both workers"
        );
        assert_eq!(
            claimed as i64,
            due.min(40),
            "together they took what was due"
        );
        // A third claim now finds nothing the two hold.
        let third = app
            .db(|conn| fixloop::search::outbox::claim(conn, fixloop::model::now(), 100).unwrap());
        assert!(third.iter().all(|r| !ids.contains(&r.id)));
    })
    .await;
}

#[actix_web::test]
async fn two_workers_draining_at_once_leave_every_thread_found_once() {
    each_engine(|app| async move {
        app.register("drainer").await;
        let mut urls = Vec::new();
        for i in 0..12 {
            urls.push(
                app.start_thread(
                    "troubleshooting",
                    &format!("Quasar hinge report {i}"),
                    "",
                    "First words.",
                )
                .await,
            );
        }
        // A newer version of some of them (an accepted answer is searchable),
        // written before anything is sent.
        let helper = app.visitor().await;
        helper.register("helper").await;
        for url in urls.iter().take(4) {
            let answer = helper
                .reply(thread_id(url), "Quasar hinge fixed with threadlocker.")
                .await;
            app.post(&format!("/posts/{answer}/solution"), &[])
                .await
                .assert_status(303);
        }
        let (pool, index) = (&app.state.pool, &app.state.search);
        let (a, b) = futures_util::future::join(
            fixloop::search::outbox::drain_once(pool, index),
            fixloop::search::outbox::drain_once(pool, index),
        )
        .await;
        a.unwrap();
        b.unwrap();
        app.settle().await;
        assert_eq!(app.count("search_outbox"), 0);
        let results = app.get("/api/v1/search?q=quasar").await.json();
        let hits = results["hits"].as_array().expect("hits");
        let mut ids: Vec<i64> = hits
            .iter()
            .map(|h| h["thread_id"].as_i64().unwrap())
            .collect();
        let found = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(found, 12, "{results}");
        assert_eq!(ids.len(), 12, "a thread was found twice: {results}");
        let newer = app.get("/api/v1/search?q=threadlocker").await.json();
        assert_eq!(
            newer["total"], 4,
            "the newer versions are the ones found: {newer}"
        );
    })
    .await;
}
