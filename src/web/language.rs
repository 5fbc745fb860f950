//! Which language a reader gets, and the page the footer's "Language"
//! link opens to choose another.
//!
//! A member's own choice (settings, sign-up) comes first, then the `lang`
//! cookie (set by that page), then the browser's Accept-Language, then the
//! site's default (`FIXLOOP_DEFAULT_LANGUAGE`). Visitors' kept pages are kept
//! per language (`page_cache`; members' pages are never kept), and every
//! page says its language in `<html lang>` and Content-Language.

use actix_web::cookie::{time, Cookie, SameSite};
use actix_web::http::header;
use actix_web::{get, post, web, HttpMessage, HttpRequest, HttpResponse};
use serde::Deserialize;

use crate::auth::{CsrfForm, Viewer};
use crate::error::{AppError, AppResult};
use crate::i18n::Language;

pub const COOKIE: &str = "lang";
/// A choice made once is kept for a year.
const COOKIE_DAYS: i64 = 365;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(choose).service(switch).service(save_setting);
}

/// The language of this request's pages and messages, the one choice
/// everything said to the reader goes by: the member's choice when the
/// request's viewer (read once per request, before any page is made) is a
/// member who made one, else the request's own.
pub fn of(req: &HttpRequest) -> Language {
    let member = req
        .extensions()
        .get::<Viewer>()
        .and_then(|v| v.user.as_ref())
        .and_then(|u| u.language);
    member.unwrap_or_else(|| of_request(req))
}

/// The language the request itself asks for, whoever sends it: the cookie,
/// then Accept-Language, then the site's default. A sign-up or a reset
/// asked for in it is mailed in it when the account has no language of its
/// own.
pub fn of_request(req: &HttpRequest) -> Language {
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

/// The footer's switch: keeps the choice in a cookie and goes back. A
/// member's choice is their setting too (it comes before the cookie, so the
/// switch would otherwise do nothing for one who has a setting).
#[post("/language")]
async fn switch(
    req: HttpRequest,
    CsrfForm(viewer, form): CsrfForm<SwitchForm>,
) -> AppResult<HttpResponse> {
    let language = Language::from_code(&form.language).ok_or_else(|| {
        AppError::BadRequest("err-language-fixloop-does-not-speak-language".into())
    })?;
    if let Some(user) = &viewer.user {
        let user_id = user.id;
        super::state(&req)
            .db(move |conn| {
                Ok(crate::model::accounts::users::set_language(
                    conn,
                    user_id,
                    Some(language.code()),
                )?)
            })
            .await?;
    }
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

#[derive(Deserialize)]
struct SettingForm {
    /// A language's code, or empty for "not chosen".
    #[serde(default)]
    language: String,
}

/// The member's language, from the settings page: pages and mail in it
/// whatever the browser says; empty goes back to "not chosen". Open to
/// suspended members as the rest of their own account is.
#[post("/settings/language")]
async fn save_setting(
    req: HttpRequest,
    CsrfForm(viewer, form): CsrfForm<SettingForm>,
) -> AppResult<HttpResponse> {
    let user_id = viewer.require_user()?.id;
    let language = match form.language.trim() {
        "" => None,
        code => Some(Language::from_code(code).ok_or_else(|| {
            AppError::BadRequest("Fixloop does not speak that language yet.".into())
        })?),
    };
    super::state(&req)
        .db(move |conn| {
            Ok(crate::model::accounts::users::set_language(
                conn,
                user_id,
                language.map(Language::code),
            )?)
        })
        .await?;
    Ok(super::see_other("/settings?language=saved#language"))
}
