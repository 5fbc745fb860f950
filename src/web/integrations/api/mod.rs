//! The JSON API under `/api/v1/`. Errors come back as
//! `{"error": {"code", "message"}}` (see web::errors), with `fields` naming
//! what was wrong with the input. The document of it all is served at
//! `/api/v1/openapi.json`, generated from the handlers below (utoipa).
//!
//! Reads answer as a visitor reads (they take no session). A withdrawn
//! thread — its opening post hidden by staff — is not in it at all: not in
//! the list, 404 for its detail (every page), and not in search. A page can
//! put the reason in place of what was hidden; data copied by mirrors and
//! clients cannot carry that, and a blanked thread would still publish its
//! title and replies. A hidden reply keeps its place in a visible thread,
//! without its content, as on the page.
//!
//! Writes (write.rs) act as the owner of a personal access token, or as the
//! logged-in member when the session's CSRF token comes along (auth.rs).

pub mod auth;
pub mod write;

use std::collections::BTreeMap;
use std::sync::OnceLock;

use actix_web::{get, web, HttpResponse};
use serde::Serialize;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{IntoParams, OpenApi, ToSchema};

use crate::error::{not_found, AppError, AppResult};
use crate::forum::discussion::threads::{page_count, page_range};
use crate::i18n::Message;
use crate::model::discussion::threads::{ListOrder, Thread, ThreadFilter};
use crate::model::{discussion::posts, discussion::threads, knowledge::devices, Page};
use crate::state::AppState;
use crate::web::discussion::home::kind_param;
use crate::web::page_param;

/// Every API route, in one list: `configure` registers these handlers and
/// `openapi.json` documents the same ones, so neither can leave one out.
macro_rules! api_routes {
    ($($($segment:ident)::+),+ $(,)?) => {
        fn register(scope: actix_web::Scope) -> actix_web::Scope {
            scope $(.service($($segment)::+))+
        }

        #[derive(OpenApi)]
        #[openapi(
            paths($($($segment)::+),+),
            components(schemas(ApiError)),
            modifiers(&Security),
            info(
                title = "Fixloop API",
                description = "Read the forum, and with a personal access token (account settings → API tokens) write to it as yourself. Times are UTC, written without a zone (`2026-12-01T15:10:24.123456`).",
            ),
            tags(
                (name = "read", description = "Open to everyone; a token is optional"),
                (name = "write", description = "A write-scope token, or a session with its CSRF token"),
                (name = "staff", description = "Writes that only staff may make"),
            ),
        )]
        struct ApiRoutes;
    };
}

api_routes![
    list_threads,
    show_thread,
    list_devices,
    crate::web::discovery::search::search_api,
    crate::web::discovery::search::suggest,
    openapi_json,
    write::create_thread,
    write::create_reply,
    write::accept_solution,
    write::follow_thread,
    write::unfollow_thread,
    write::verify_answer,
    write::claim_escalation,
    write::change_known_issue_status,
];

/// Where the API lives.
pub const PREFIX: &str = "/api/v1";

pub fn configure(cfg: &mut web::ServiceConfig) {
    let scope = web::scope(PREFIX).app_data(web::JsonConfig::default().error_handler(|e, _| {
        AppError::BadRequest(
            Message::new("err-api-json-body-could-not-read").with("e", e.to_string()),
        )
        .into()
    }));
    cfg.service(register(scope).wrap(actix_web::middleware::from_fn(auth::bearer_token)));
}

/// The OpenAPI 3.1 document, with every path under `/api/v1`.
pub fn openapi() -> utoipa::openapi::OpenApi {
    utoipa::openapi::OpenApi::default().nest(PREFIX, ApiRoutes::openapi())
}

/// How callers prove who they are.
struct Security;

impl utoipa::Modify for Security {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "token",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "A personal access token (`fxl_…`) from account settings; read or write scope.",
                    ))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(
                crate::auth::session::SESSION_COOKIE,
            ))),
        );
        components.add_security_scheme(
            "csrf",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                auth::CSRF_HEADER,
                "With a session cookie: the session's CSRF token, as the forms carry it.",
            ))),
        );
    }
}

/// Every error: `{"error": {"code", "message", "fields"?}}`.
#[derive(Serialize, ToSchema)]
pub struct ApiError {
    pub error: ErrorBody,
}

#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    /// A short, stable code: `invalid`, `not_found`, `forbidden`, `invalid_token`, `rate_limited`, …
    pub code: String,
    /// What a person may be told.
    pub message: String,
    /// For input errors: the message for each field that is not right.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<BTreeMap<String, String>>,
}

#[utoipa::path(
    tag = "read",
    responses((status = 200, description = "This document (OpenAPI 3.1)", content_type = "application/json"))
)]
#[get("/openapi.json")]
async fn openapi_json() -> HttpResponse {
    // Built once: it only changes with the code.
    static DOCUMENT: OnceLock<String> = OnceLock::new();
    let body = DOCUMENT.get_or_init(|| {
        openapi()
            .to_pretty_json()
            .expect("the OpenAPI document serialises")
    });
    HttpResponse::Ok()
        .content_type("application/json")
        .body(body.as_str())
}

#[derive(serde::Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct ListQuery {
    /// The page, from 1.
    page: Option<String>,
    /// Only threads of this kind (`troubleshooting`, `guide`, …).
    kind: Option<String>,
}

const PER_PAGE: i64 = 30;

#[utoipa::path(
    tag = "read",
    params(ListQuery),
    responses(
        (status = 200, description = "One page of threads, most recent activity first", body = Page<threads::ThreadListItem>),
        (status = 400, description = "Not a page number or a kind", body = ApiError),
        (status = 401, description = "The token given is not valid", body = ApiError),
        (status = 429, description = "The token made too many requests", body = ApiError),
    )
)]
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

#[derive(Serialize, ToSchema)]
struct ThreadDetail {
    thread: Thread,
    posts: Vec<posts::PostView>,
    page: i32,
    page_count: i32,
}

#[derive(serde::Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct PageQuery {
    /// The page of posts, from 1.
    page: Option<String>,
}

#[utoipa::path(
    tag = "read",
    params(("id" = i64, Path, description = "The thread"), PageQuery),
    responses(
        (status = 200, description = "The thread and one page of its posts", body = ThreadDetail),
        (status = 400, description = "Not a page number", body = ApiError),
        (status = 401, description = "The token given is not valid", body = ApiError),
        (status = 404, description = "No such thread (or it is withdrawn)", body = ApiError),
        (status = 429, description = "The token made too many requests", body = ApiError),
    )
)]
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
            if crate::forum::knowledge::guides::withheld(conn, None, thread.id)? {
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

#[utoipa::path(
    tag = "read",
    responses(
        (status = 200, description = "Every device of the catalogue", body = Vec<devices::DeviceBrief>),
        (status = 401, description = "The token given is not valid", body = ApiError),
        (status = 429, description = "The token made too many requests", body = ApiError),
    )
)]
#[get("/devices")]
async fn list_devices(state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let all = state.db(|conn| Ok(devices::all_brief(conn)?)).await?;
    Ok(HttpResponse::Ok().json(all))
}
