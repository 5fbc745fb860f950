use crate::common::{each_db, thread_id};

#[actix_web::test]
async fn healthz_answers_with_the_database() {
    each_db(|app| async move {
        let page = app.get("/healthz").await;
        page.assert_status(200);
        let json = page.json();
        assert_eq!(json["status"], "ok");
        assert_eq!(json["database"], app.db_label);
    })
    .await;
}

#[actix_web::test]
async fn the_json_api_lists_threads_and_errors_in_one_shape() {
    each_db(|app| async move {
        app.register("api_user").await;
        let url = app
            .start_thread(
                "guide",
                "Swap the keyboard deck",
                "",
                "Step one: **power off**.",
            )
            .await;
        let list = app.get("/api/v1/threads").await;
        list.assert_status(200);
        let json = list.json();
        assert_eq!(json["items"][0]["title"], "Swap the keyboard deck");
        assert_eq!(json["items"][0]["kind"], "guide");
        assert_eq!(json["has_next"], false);

        let detail = app
            .get(&format!("/api/v1/threads/{}", thread_id(&url)))
            .await
            .json();
        assert_eq!(detail["thread"]["title"], "Swap the keyboard deck");
        assert!(detail["posts"][0]["body_html"]
            .as_str()
            .unwrap()
            .contains("<strong>power off</strong>"));

        let missing = app.get("/api/v1/threads/98765").await;
        missing.assert_status(404);
        assert_eq!(missing.json()["error"]["code"], "not_found");
        let bad = app.get("/api/v1/threads?page=zero").await;
        bad.assert_status(400);
        assert_eq!(bad.json()["error"]["code"], "bad_request");
        assert!(bad.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("page"));
        let unknown = app.get("/api/v1/nothing-here").await;
        unknown.assert_status(404);
        assert_eq!(unknown.json()["error"]["code"], "not_found");
    })
    .await;
}
