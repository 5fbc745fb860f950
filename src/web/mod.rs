//! HTTP: handlers grouped by area, each with `configure`, plus what they share:
//! page rendering, redirects, query parsing and the error pages.

pub mod answers;
pub mod api;
pub mod assets;
pub mod auth;
pub mod devices;
pub mod errors;
pub mod guides;
pub mod health;
pub mod home;
pub mod media;
pub mod moderation;
pub mod notifications;
pub mod page_cache;
pub mod parts;
pub mod search;
pub mod staff;
pub mod threads;
pub mod users;

use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse, ResponseError};
use serde::Serialize;
use tera::Context;

use crate::auth::{csrf, Viewer};
use crate::error::{AppError, AppResult};
use crate::forum::Actor;
use crate::state::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    health::configure(cfg);
    assets::configure(cfg);
    api::configure(cfg);
    home::configure(cfg);
    auth::configure(cfg);
    threads::configure(cfg);
    answers::configure(cfg);
    staff::configure(cfg);
    notifications::configure(cfg);
    moderation::configure(cfg);
    search::configure(cfg);
    guides::configure(cfg);
    parts::configure(cfg);
    media::configure(cfg);
    devices::configure(cfg);
    users::configure(cfg);
}

pub fn state(req: &HttpRequest) -> &AppState {
    req.app_data::<web::Data<AppState>>()
        .expect("AppState is registered")
        .get_ref()
}

/// What every page's layout needs to know about the viewer.
#[derive(Serialize)]
struct ViewerView<'a> {
    username: &'a str,
    role: &'a str,
    is_staff: bool,
    is_admin: bool,
    unread: i64,
    /// Set only while a suspension is in force.
    suspended_until: Option<chrono::NaiveDateTime>,
    suspension_reason: Option<&'a str>,
}

/// Renders a template inside the layout, with the viewer, CSRF token and asset
/// version every page needs.
pub fn render(
    req: &HttpRequest,
    viewer: &Viewer,
    template: &str,
    mut context: Context,
    status: StatusCode,
) -> AppResult<HttpResponse> {
    let state = state(req);
    let user = viewer.user.as_ref().map(|u| ViewerView {
        username: &u.username,
        role: u.role.as_str(),
        is_staff: u.role.is_staff(),
        is_admin: u.role == crate::model::users::Role::Admin,
        unread: u.unread_notifications,
        suspended_until: u
            .suspended_until
            .filter(|until| *until > crate::model::now()),
        suspension_reason: u.suspension_reason.as_deref(),
    });
    context.insert("viewer", &user);
    context.insert("csrf_token", &viewer.csrf_token);
    context.insert("assets_version", &*state.assets_version);
    context.insert("request_path", &request_path(req));
    if !context.contains_key("errors") {
        context.insert("errors", &crate::error::FieldErrors::new());
    }
    let html = state.templates.render(template, &context).map_err(|e| {
        AppError::Internal(anyhow::Error::new(e).context(format!("rendering {template}")))
    })?;
    let html = actix_web::web::Bytes::from(html);
    if status == StatusCode::OK {
        page_cache::keep_if_cacheable(req, viewer, &html);
    }
    let mut response = HttpResponse::build(status);
    response
        .content_type("text/html; charset=utf-8")
        // Pages carry a per-viewer CSRF token: no shared caches.
        .insert_header((header::CACHE_CONTROL, "private, no-cache"));
    if viewer.issue_csrf_cookie {
        response.cookie(csrf::visitor_cookie(
            &viewer.csrf_token,
            state.config.secure_cookies(),
        ));
    }
    Ok(response.body(html))
}

pub fn ok_page(
    req: &HttpRequest,
    viewer: &Viewer,
    template: &str,
    context: Context,
) -> AppResult<HttpResponse> {
    render(req, viewer, template, context, StatusCode::OK)
}

/// Shows a form again after a failed submit: with the entered values, the
/// messages per field, and the status of the error. Other errors pass through.
pub fn form_again(
    req: &HttpRequest,
    viewer: &Viewer,
    template: &str,
    mut context: Context,
    error: AppError,
) -> AppResult<HttpResponse> {
    let Some(errors) = error.field_errors() else {
        return Err(error);
    };
    context.insert("errors", errors);
    render(req, viewer, template, context, error.status_code())
}

/// After a successful POST: "see other" (303), so reloading does not resubmit.
pub fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, location))
        .finish()
}

pub fn request_path(req: &HttpRequest) -> String {
    match req.query_string() {
        "" => req.path().to_owned(),
        q => format!("{}?{}", req.path(), q),
    }
}

/// A same-site path to return to after logging in; anything else goes home.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_owned(),
        _ => "/".to_owned(),
    }
}

/// The actor behind a request that changes something.
pub fn actor(viewer: &Viewer) -> AppResult<Actor> {
    Ok(Actor::from(viewer.require_user()?))
}

/// `?page=N` as a clear 400 when it is not a page number.
pub fn page_param(raw: Option<&str>) -> AppResult<i64> {
    match raw.map(str::trim) {
        None | Some("") => Ok(1),
        Some(s) => match s.parse::<i64>() {
            Ok(n) if (1..=1_000_000).contains(&n) => Ok(n),
            _ => Err(AppError::BadRequest(format!(
                "'{}' is not a page number.",
                s.chars().take(40).collect::<String>()
            ))),
        },
    }
}

#[derive(Debug, serde::Deserialize)]
pub struct PageQuery {
    pub page: Option<String>,
}

/// A form whose only field is its CSRF token (a button).
#[derive(Debug, serde::Deserialize)]
pub struct NoFields {}
