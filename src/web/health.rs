use actix_web::{get, web, HttpResponse};
use diesel::RunQueryDsl;

use crate::state::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(healthz);
}

/// 200 with a small JSON body when the database answers, 503 when it does not.
#[get("/healthz")]
async fn healthz(state: web::Data<AppState>) -> HttpResponse {
    let result = state
        .db(|conn| {
            let backend = conn.backend();
            diesel::sql_query("SELECT 1").execute(conn)?;
            Ok(backend)
        })
        .await;
    match result {
        Ok(backend) => HttpResponse::Ok().json(serde_json::json!({
            "status": "ok",
            "database": format!("{backend:?}").to_lowercase(),
        })),
        Err(e) => {
            tracing::warn!(error = %e, "health check: database not answering");
            HttpResponse::ServiceUnavailable().json(serde_json::json!({
                "status": "unavailable",
                "database": "not answering",
            }))
        }
    }
}
