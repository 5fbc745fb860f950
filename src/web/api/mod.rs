//! The JSON API under `/api/v1/`. Errors come back as
//! `{"error": {"code", "message"}}` (see web::errors).
//!
//! The API answers as a visitor reads (it takes no session). A withdrawn
//! thread — its opening post hidden by staff — is not in it at all: not in
//! the list, 404 for its detail (every page), and not in search. A page can
//! put the reason in place of what was hidden; data copied by mirrors and
//! clients cannot carry that, and a blanked thread would still publish its
//! title and replies. A hidden reply keeps its place in a visible thread,
//! without its content, as on the page.

use actix_web::{get, web, HttpResponse};
use serde::Serialize;

use super::page_param;
use crate::error::{not_found, AppError, AppResult};
use crate::forum::threads::{page_count, page_range};
use crate::model::threads::{ListOrder, Thread, ThreadFilter};
use crate::model::{devices, posts, threads, Page};
use crate::state::AppState;
use crate::web::home::kind_param;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/api/v1")
            .service(list_threads)
            .service(show_thread)
            .service(list_devices)
            .service(crate::web::search::search_api)
            .service(crate::web::search::suggest),
    );
}

#[derive(serde::Deserialize)]
struct ListQuery {
    page: Option<String>,
    kind: Option<String>,
}

const PER_PAGE: i64 = 30;

#[get("/threads")]
async fn list_threads(
    state: web::Data<AppState>,
    query: web::Query<ListQuery>,
) -> AppResult<HttpResponse> {
    let page = page_param(query.page.as_deref())?;
    let filter = ThreadFilter {
        kind: kind_param(query.kind.as_deref())?.map(|k| k.as_str().to_owned()),
        ..Default::default()
    };
    let threads = state
        .db(move |conn| {
            let rows = threads::list(
                conn,
                &filter,
                ListOrder::for_kind(filter.kind.as_deref()),
                Page::<()>::offset(page, PER_PAGE),
                PER_PAGE + 1,
            )?;
            Ok(Page::from_rows(rows, page, PER_PAGE))
        })
        .await?;
    Ok(HttpResponse::Ok().json(threads))
}

#[derive(Serialize)]
struct ThreadDetail {
    thread: Thread,
    posts: Vec<posts::PostView>,
    page: i32,
    page_count: i32,
}

#[derive(serde::Deserialize)]
struct PageQuery {
    page: Option<String>,
}

#[get("/threads/{id}")]
async fn show_thread(
    state: web::Data<AppState>,
    path: web::Path<i64>,
    query: web::Query<PageQuery>,
) -> AppResult<HttpResponse> {
    let id = path.into_inner();
    let page = page_param(query.page.as_deref())? as i32;
    let detail = state
        .db(move |conn| {
            let thread = threads::find(conn, id).map_err(not_found("thread"))?;
            if crate::forum::guides::withheld(conn, None, thread.id)? {
                return Err(AppError::NotFound("thread"));
            }
            let (from, to) = page_range(page);
            let mut posts = posts::page_of_thread(conn, id, from, to)?;
            // Hidden posts keep their place, not their content.
            for post in posts.iter_mut().filter(|p| p.hidden) {
                post.body_html.clear();
            }
            Ok(ThreadDetail {
                page_count: page_count(thread.reply_count),
                thread,
                posts,
                page,
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(detail))
}

#[get("/devices")]
async fn list_devices(state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let all = state.db(|conn| Ok(devices::all_brief(conn)?)).await?;
    Ok(HttpResponse::Ok().json(all))
}
