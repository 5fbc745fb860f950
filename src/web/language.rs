//! Which language a reader gets, and the page the footer's "Language"
//! link opens to choose another.
//!
//! The `lang` cookie (set by that page) comes
//! first, then the browser's Accept-Language, then the site's default
//! (`FIXLOOP_DEFAULT_LANGUAGE`). Visitors' kept pages are kept per language
//! (`page_cache`), and every page says its language in `<html lang>` and
//! Content-Language.

use actix_web::cookie::{time, Cookie, SameSite};
use actix_web::http::header;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use serde::Deserialize;

use crate::auth::{CsrfForm, Viewer};
use crate::error::{AppError, AppResult};
use crate::i18n::Language;

pub const COOKIE: &str = "lang";
/// A choice made once is kept for a year.
const COOKIE_DAYS: i64 = 365;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(choose).service(switch);
}

/// The language of this request's pages and messages: the one choice
/// everything said to the reader goes by. The JSON API (`/api/`) answers in
/// the Accept-Language's language (its clients send no cookie of ours).
pub fn of(req: &HttpRequest) -> Language {
    let chosen = req
        .cookie(COOKIE)
        .filter(|_| !req.path().starts_with("/api/"))
        .and_then(|c| Language::from_code(c.value()));
    let asked = || {
        req.headers()
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .and_then(Language::from_accept_language)
    };
    chosen
        .or_else(asked)
        .unwrap_or(super::state(req).config.default_language)
}

#[derive(Deserialize)]
struct NextQuery {
    next: Option<String>,
}

/// The footer's "Language" link: every language, each a button in its own
/// name (a form per language: the choice is a POST).
#[get("/language")]
async fn choose(
    req: HttpRequest,
    viewer: Viewer,
    query: web::Query<NextQuery>,
) -> AppResult<HttpResponse> {
    let mut context = tera::Context::new();
    context.insert("next", &super::safe_next(query.next.as_deref()));
    super::ok_page(&req, &viewer, "language.html", context)
}

#[derive(Deserialize)]
struct SwitchForm {
    #[serde(default)]
    language: String,
    next: Option<String>,
}

/// The footer's switch: keeps the choice in a cookie and goes back.
#[post("/language")]
async fn switch(
    req: HttpRequest,
    CsrfForm(_, form): CsrfForm<SwitchForm>,
) -> AppResult<HttpResponse> {
    let language = Language::from_code(&form.language).ok_or_else(|| {
        AppError::BadRequest("err-language-fixloop-does-not-speak-language".into())
    })?;
    let cookie = Cookie::build(COOKIE, language.code())
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(super::state(&req).config.secure_cookies())
        .max_age(time::Duration::days(COOKIE_DAYS))
        .finish();
    let mut response = super::see_other(&super::safe_next(form.next.as_deref()));
    response
        .add_cookie(&cookie)
        .map_err(|e| AppError::Internal(e.into()))?;
    Ok(response)
}
