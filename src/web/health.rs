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
            let backlog = crate::search::outbox::backlog(conn)?;
            Ok((backend, backlog))
        })
        .await;
    let search = state.search.state();
    match result {
        // A search engine that is down does not make the forum unhealthy:
        // search falls back to the builtin index and the outbox keeps the changes.
        Ok((backend, backlog)) => HttpResponse::Ok().json(serde_json::json!({
            "status": "ok",
            "database": format!("{backend:?}").to_lowercase(),
            "search": {
                "engine": search.engine,
                "reachable": search.reachable,
                "last_error": search.last_error,
                "outbox_backlog": backlog,
            },
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
