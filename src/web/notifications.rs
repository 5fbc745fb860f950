//! A member's notifications.

use actix_web::{get, post, web, HttpRequest, HttpResponse};
use serde::Deserialize;
use tera::Context;

use super::{actor, ok_page, see_other};
use crate::auth::{CsrfForm, Viewer};
use crate::error::AppResult;
use crate::model::notifications;
use crate::state::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(list).service(mark_read);
}

#[get("/notifications")]
async fn list(
    req: HttpRequest,
    viewer: Viewer,
    state: web::Data<AppState>,
) -> AppResult<HttpResponse> {
    let user_id = actor(&viewer)?.id;
    let items = state
        .db(move |conn| Ok(notifications::recent(conn, user_id, 100)?))
        .await?;
    let mut context = Context::new();
    context.insert("items", &items);
    ok_page(&req, &viewer, "notifications.html", context)
}

#[derive(Deserialize)]
struct NoFields {}

#[post("/notifications/read")]
async fn mark_read(
    state: web::Data<AppState>,
    CsrfForm(viewer, _): CsrfForm<NoFields>,
) -> AppResult<HttpResponse> {
    let user_id = actor(&viewer)?.id;
    state
        .db(move |conn| {
            Ok(notifications::mark_all_read(
                conn,
                user_id,
                crate::model::now(),
            )?)
        })
        .await?;
    Ok(see_other("/notifications"))
}
