use std::time::Duration;

use actix_web::{get, web, HttpResponse};
use diesel::RunQueryDsl;

use crate::db::DbConn;
use crate::state::AppState;

/// How long `/healthz` waits for the search engine's version.
const VERSION_WAIT: Duration = Duration::from_secs(1);

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(healthz);
}

#[derive(diesel::QueryableByName)]
struct Version {
    #[diesel(sql_type = diesel::sql_types::Text)]
    version: String,
}

/// The database's version: the builtin engine is SQLite FTS5 or PostgreSQL
/// full-text, so that is the builtin engine's version too.
fn database_version(conn: &mut DbConn) -> diesel::QueryResult<String> {
    let sql = match conn.backend() {
        crate::db::Backend::Sqlite => "SELECT sqlite_version() AS version",
        crate::db::Backend::Postgres => "SELECT current_setting('server_version') AS version",
    };
    Ok(diesel::sql_query(sql).get_result::<Version>(conn)?.version)
}

/// 200 with a small JSON body when the database answers, 503 when it does not.
/// The search part names the engine, its version and the outbox backlog; the
/// mail part the transport, the messages waiting and those that failed.
#[get("/healthz")]
async fn healthz(state: web::Data<AppState>) -> HttpResponse {
    let result = state
        .db(|conn| {
            let backend = conn.backend();
            let version = database_version(conn)?;
            let backlog = crate::search::outbox::backlog(conn)?;
            let mail = (
                crate::mail::outbox::backlog(conn)?,
                crate::mail::outbox::failed(conn)?,
            );
            Ok((backend, version, backlog, mail))
        })
        .await;
    // The version is kept by the engine for a minute; a server that does not
    // answer costs this check at most VERSION_WAIT.
    let engine_version =
        match actix_web::rt::time::timeout(VERSION_WAIT, state.search.external_version()).await {
            Ok(None) => None,
            Ok(Some(Ok(version))) => Some(Some(version)),
            Ok(Some(Err(e))) => {
                tracing::debug!(error = %e, "health check: search engine version unknown");
                Some(None)
            }
            Err(_) => Some(None),
        };
    let search = state.search.state();
    match result {
        // A search engine that is down does not make the forum unhealthy:
        // search falls back to the builtin index and the outbox keeps the changes.
        Ok((backend, db_version, backlog, (mail_backlog, mail_failed))) => {
            let backend = format!("{backend:?}").to_lowercase();
            let version = match engine_version {
                None => Some(format!("{backend} {db_version}")),
                Some(version) => version,
            };
            HttpResponse::Ok().json(serde_json::json!({
                "status": "ok",
                "database": backend,
                "search": {
                    "engine": search.engine,
                    "version": version,
                    "reachable": search.reachable,
                    "last_error": search.last_error,
                    "outbox_backlog": backlog,
                },
                "mail": {
                    "transport": state.mailer.transport.kind(),
                    "outbox_backlog": mail_backlog,
                    "failed": mail_failed,
                },
            }))
        }
        Err(e) => {
            tracing::warn!(error = %e, "health check: database not answering");
            HttpResponse::ServiceUnavailable().json(serde_json::json!({
                "status": "unavailable",
                "database": "not answering",
            }))
        }
    }
}
