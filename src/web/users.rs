//! Public profiles.

use actix_web::{get, web, HttpRequest, HttpResponse};
use tera::Context;

use super::ok_page;
use crate::auth::Viewer;
use crate::error::{AppError, AppResult};
use crate::model::threads::{ListOrder, ThreadFilter};
use crate::model::{posts, threads, users};
use crate::state::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(profile);
}

#[get("/u/{username}")]
async fn profile(
    req: HttpRequest,
    viewer: Viewer,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let username = path.into_inner();
    let (user, threads, replies) = state
        .db(move |conn| {
            let user =
                users::find_by_username(conn, &username)?.ok_or(AppError::NotFound("member"))?;
            let filter = ThreadFilter {
                author_id: Some(user.id),
                ..Default::default()
            };
            let threads = threads::list(conn, &filter, ListOrder::Activity, 0, 20)?;
            let replies = posts::recent_by_author(conn, user.id, 20)?;
            Ok((user, threads, replies))
        })
        .await?;
    let mut context = Context::new();
    context.insert("profile", &user);
    context.insert("threads", &threads);
    context.insert("replies", &replies);
    ok_page(&req, &viewer, "users/show.html", context)
}
