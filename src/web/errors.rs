//! Error pages. Any 4xx/5xx response that is not already a page or JSON gets
//! one here: the HTML error page, or `{"error": {"code", "message"}}` under
//! `/api/`. A visitor asked to log in on a GET is sent to the login page.

use actix_web::body::{BoxBody, EitherBody};
use actix_web::dev::ServiceResponse;
use actix_web::http::{header, Method, StatusCode};
use actix_web::middleware::ErrorHandlerResponse;
use actix_web::{HttpMessage, HttpResponse};
use tera::Context;

use crate::auth::Viewer;
use crate::error::AppError;
use crate::i18n;

/// The code and message of an error response when nothing more is known
/// than its status.
fn generic(status: StatusCode) -> (&'static str, &'static str) {
    match status.as_u16() {
        400 => ("bad_request", "err-generic-400"),
        401 => ("login_required", "err-generic-401"),
        403 => ("forbidden", "err-generic-403"),
        404 => ("not_found", "err-generic-404"),
        405 => ("method_not_allowed", "err-generic-405"),
        413 => ("too_large", "err-generic-413"),
        415 => ("unsupported_media_type", "err-generic-415"),
        s if s < 500 => ("bad_request", "err-generic-4xx"),
        503 => ("unavailable", "err-generic-503"),
        _ => ("internal", "err-generic-500"),
    }
}

/// The error page's heading.
fn title_for(status: StatusCode) -> &'static str {
    match status.as_u16() {
        401 => "err-title-401",
        403 => "err-title-403",
        404 => "err-title-404",
        409 => "err-title-409",
        422 => "err-title-422",
        503 => "err-title-503",
        s if s >= 500 => "err-title-500",
        _ => "err-title-other",
    }
}

pub fn error_page<B>(res: ServiceResponse<B>) -> actix_web::Result<ErrorHandlerResponse<B>> {
    let content_type = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if content_type.starts_with("text/html") || content_type.starts_with("application/json") {
        return Ok(ErrorHandlerResponse::Response(res.map_into_left_body()));
    }

    let status = res.status();
    let app_error = res
        .response()
        .error()
        .and_then(|e| e.as_error::<AppError>());
    // Said in the reader's language: the page's, or under /api/ the one
    // Accept-Language asks for.
    let language = super::language::of(res.request());
    // Under /api/, the message for each field an input error is about.
    let fields = app_error.and_then(|e| e.field_messages(language));
    let (code, message) = match app_error {
        Some(e) => (e.code(), e.public_message(language)),
        None => {
            if status.is_server_error() {
                if let Some(e) = res.response().error() {
                    tracing::error!(error = %e, "request failed");
                }
            }
            let (code, key) = generic(status);
            (code, i18n::text(language, key))
        }
    };
    let retry_after = res.headers().get(header::RETRY_AFTER).cloned();
    let authenticate = res.headers().get(header::WWW_AUTHENTICATE).cloned();
    let (req, _) = res.into_parts();

    let response = if req.path().starts_with("/api/") {
        let mut error = serde_json::json!({ "code": code, "message": message });
        if let Some(fields) = fields {
            error["fields"] = serde_json::json!(fields);
        }
        HttpResponse::build(status).json(serde_json::json!({ "error": error }))
    } else if code == "login_required" && req.method() == Method::GET {
        let next = super::request_path(&req);
        let query = serde_urlencoded::to_string([("next", next.as_str())]).unwrap_or_default();
        super::see_other(&format!("/login?{query}"))
    } else {
        let viewer = req.extensions().get::<Viewer>().cloned().unwrap_or(Viewer {
            user: None,
            csrf_token: String::new(),
            issue_csrf_cookie: false,
        });
        let mut context = Context::new();
        context.insert("status", &status.as_u16());
        context.insert("title", &i18n::text(language, title_for(status)));
        context.insert("message", &message);
        context.insert("code", code);
        match super::render(&req, &viewer, "error.html", context, status) {
            Ok(page) => page,
            Err(e) => {
                tracing::error!(error = ?e, "rendering the error page failed");
                HttpResponse::build(status)
                    .content_type("text/plain; charset=utf-8")
                    .body(message)
            }
        }
    };
    let mut response: HttpResponse<BoxBody> = response;
    if let Some(value) = retry_after {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    if let Some(value) = authenticate {
        response
            .headers_mut()
            .insert(header::WWW_AUTHENTICATE, value);
    }
    Ok(ErrorHandlerResponse::Response(
        ServiceResponse::new(req, response).map_body(|_, body| EitherBody::right(body)),
    ))
}
