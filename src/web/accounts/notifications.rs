//! A member's notifications.

use actix_web::{get, post, web, HttpRequest, HttpResponse};
use tera::Context;

use crate::auth::{CsrfForm, Viewer};
use crate::error::{not_found, AppResult};
use crate::model::accounts::notifications;
use crate::state::AppState;
use crate::web::{actor, ok_page, see_other, NoFields};

pub fn configure(cfg: &mut web::ServiceConfig) {
    // `/notifications/read` before `/notifications/{id}`, which would take it.
    cfg.service(list).service(mark_read).service(open);
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

/// Opens a notification: marks it read and goes to what it is about. A POST
/// with the CSRF token: a GET that changed state could be fired by an image
/// in a post or another site.
#[post("/notifications/{id}")]
async fn open(
    state: web::Data<AppState>,
    path: web::Path<i64>,
    CsrfForm(viewer, _): CsrfForm<NoFields>,
) -> AppResult<HttpResponse> {
    let user_id = actor(&viewer)?.id;
    let id = path.into_inner();
    let path = state
        .db(move |conn| {
            notifications::open(conn, user_id, id, crate::model::now())
                .map_err(not_found("notification"))
        })
        .await?;
    Ok(see_other(&path))
}

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
