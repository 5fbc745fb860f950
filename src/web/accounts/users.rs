//! Public profiles.

use actix_web::{get, web, HttpRequest, HttpResponse};
use tera::Context;

use crate::auth::Viewer;
use crate::error::{AppError, AppResult};
use crate::model::discussion::threads::{ListOrder, ThreadFilter};
use crate::model::{accounts::reputation, accounts::users, discussion::posts, discussion::threads};
use crate::state::AppState;
use crate::web::ok_page;

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
    let (user, threads, (replies, breakdown, avatar)) = state
        .db(move |conn| {
            let user =
                users::find_by_username(conn, &username)?.ok_or(AppError::NotFound("member"))?;
            let filter = ThreadFilter {
                author_id: Some(user.id),
                ..Default::default()
            };
            let threads = threads::list(conn, &filter, ListOrder::Activity, 0, 20)?;
            let replies = posts::recent_by_author(conn, user.id, 20)?;
            let breakdown = reputation::breakdown(conn, user.id)?;
            let avatar = users::avatars(conn, &[user.id])?.pop();
            Ok((user, threads, (replies, breakdown, avatar)))
        })
        .await?;
    let mut context = Context::new();
    context.insert("profile", &user);
    // (sha256, extension) of the avatar's stored photo, if it has one.
    context.insert(
        "avatar",
        &avatar.map(|(_, sha256, extension)| (sha256, extension)),
    );
    context.insert("threads", &threads);
    context.insert("replies", &replies);
    let breakdown: Vec<serde_json::Value> = breakdown
        .iter()
        .map(|k| {
            serde_json::json!({
                "kind": k.kind,
                "events": k.events,
                "points": k.points.unwrap_or(0),
            })
        })
        .collect();
    context.insert("breakdown", &breakdown);
    let suspended = user
        .suspended_until
        .filter(|until| *until > crate::model::now());
    context.insert("suspended_until", &suspended);
    crate::web::before_service::owned_devices::add_profile_context(&state, user.id, &mut context)
        .await?;
    ok_page(&req, &viewer, "users/show.html", context)
}
