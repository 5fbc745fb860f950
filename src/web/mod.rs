//! HTTP: handlers in area folders (the same areas as `forum/` and `model/`,
//! docs/architecture.md), each module with `configure`; beside them what every
//! page shares: rendering, redirects, query parsing, kept pages, error pages.

pub mod accounts;
pub mod assets;
pub mod before_service;
pub mod client;
pub mod discovery;
pub mod discussion;
pub mod errors;
pub mod health;
pub mod integrations;
pub mod knowledge;
pub mod language;
pub mod page_cache;
pub mod shared_pages;
pub mod site_changes;
pub mod staff;
pub mod view_counts;

use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse, ResponseError};
use serde::Serialize;
use tera::Context;

use crate::auth::{csrf, Viewer};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::forum::Actor;
use crate::i18n::Message;
use crate::state::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    health::configure(cfg);
    assets::configure(cfg);
    integrations::api::configure(cfg);
    discovery::feeds::configure(cfg);
    discovery::seo::configure(cfg);
    discussion::home::configure(cfg);
    accounts::auth::configure(cfg);
    accounts::recovery::configure(cfg);
    accounts::settings::configure(cfg);
    accounts::mail_settings::configure(cfg);
    discussion::threads::configure(cfg);
    discussion::answers::configure(cfg);
    discussion::private_messages::configure(cfg);
    before_service::firmware::configure(cfg);
    staff::desk::configure(cfg);
    discovery::synonyms::configure(cfg);
    accounts::notifications::configure(cfg);
    staff::moderation::configure(cfg);
    discovery::search::configure(cfg);
    knowledge::guides::configure(cfg);
    knowledge::parts::configure(cfg);
    knowledge::media::configure(cfg);
    knowledge::devices::configure(cfg);
    before_service::known_issues::configure(cfg);
    before_service::ideas::configure(cfg);
    before_service::owned_devices::configure(cfg);
    before_service::maintenance::configure(cfg);
    accounts::users::configure(cfg);
    accounts::account_data::configure(cfg);
    staff::members::configure(cfg);
    integrations::webhooks::configure(cfg);
    integrations::token_settings::configure(cfg);
    accounts::oidc::configure(cfg);
    language::configure(cfg);
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
    /// Staff only: escalations waiting for staff, beside the queue link.
    queue_count: Option<i64>,
    /// Set only while a suspension is in force.
    suspended_until: Option<chrono::NaiveDateTime>,
    suspension_reason: Option<&'a str>,
    email_verified: bool,
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
        is_admin: u.role == crate::model::accounts::users::Role::Admin,
        unread: u.unread_notifications,
        queue_count: u.staff_queue,
        suspended_until: u
            .suspended_until
            .filter(|until| *until > crate::model::now()),
        suspension_reason: u.suspension_reason.as_deref(),
        email_verified: u.email_verified,
    });
    context.insert("viewer", &user);
    let language = language::of(req);
    context.insert("lang", language.code());
    context.insert("languages", &language_choices(language));
    context.insert("csrf_token", &viewer.csrf_token);
    context.insert("assets_version", &*state.assets_version);
    context.insert("request_path", &request_path(req));
    // The login and join links: single sign-on's button, the password forms.
    context.insert("sso_name", &state.sso.as_ref().map(|s| s.name.as_str()));
    context.insert("password_login", &state.config.password_login_enabled());
    if !context.contains_key("errors") {
        context.insert("errors", &crate::error::FieldMessages::new());
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
        .insert_header((header::CONTENT_LANGUAGE, language.code()))
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

/// The footer's language switch: each language in its own name.
#[derive(Serialize)]
struct LanguageChoice {
    code: &'static str,
    name: &'static str,
    current: bool,
}

fn language_choices(current: crate::i18n::Language) -> Vec<LanguageChoice> {
    crate::i18n::Language::ALL
        .into_iter()
        .map(|l| LanguageChoice {
            code: l.code(),
            name: l.own_name(),
            current: l == current,
        })
        .collect()
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
    insert_errors(req, &mut context, errors);
    let mut response = render(req, viewer, template, context, error.status_code())?;
    if matches!(error, AppError::Busy(_)) {
        response.headers_mut().insert(
            header::RETRY_AFTER,
            header::HeaderValue::from_static(crate::error::RETRY_AFTER_SECONDS),
        );
    }
    Ok(response)
}

/// A form's field messages, put in the page's context in the reader's
/// language: the one place a page gets its `errors`.
pub fn insert_errors(req: &HttpRequest, context: &mut Context, errors: &FieldErrors) {
    context.insert(
        "errors",
        &crate::error::in_language(errors, language::of(req)),
    );
}

/// Words a handler says to the reader itself (a notice after something was
/// done), in the reader's language.
pub fn say(req: &HttpRequest, message: impl Into<Message>) -> String {
    message.into().in_language(language::of(req))
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

/// A same-site path to return to (after logging in); anything else goes home.
///
/// Browsers forgive a lot when they resolve a `Location`: they drop tabs and
/// newlines, read `\` as `/`, and take `//host` to be another site; a proxy
/// or framework on the way may decode `%2F` or fold `／` into `/`. So only a
/// plain path passes: printable ASCII, one `/` followed by neither `/` nor
/// `\`, no `.` or `..` segments, and the same again after every round of
/// percent-decoding (the path part then ASCII or letters and digits of any
/// script, as a thread's Hangul slug; the query may carry encoded UTF-8, but
/// no control characters).
///
/// Letters of other scripts may come decoded (a `next` decoded from the
/// query, `/t/5/노트북`): they are kept, percent-encoded again, so the
/// `Location` made from it is ASCII.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if is_local_path(n) => {
            percent_encoding::utf8_percent_encode(n, percent_encoding::CONTROLS).to_string()
        }
        _ => "/".to_owned(),
    }
}

/// Longer than any page of ours (a search query included).
const MAX_NEXT_BYTES: usize = 2048;
/// Deeper encodings than this are never ours: refused rather than decoded on.
const MAX_DECODING_ROUNDS: usize = 4;

fn is_local_path(next: &str) -> bool {
    let plain = |c: char| c.is_ascii_graphic() || (!c.is_ascii() && c.is_alphanumeric());
    if next.len() > MAX_NEXT_BYTES || !next.chars().all(plain) {
        return false;
    }
    let mut layer = next.as_bytes().to_vec();
    for _ in 0..=MAX_DECODING_ROUNDS {
        if !is_plain_path(&layer) {
            return false;
        }
        let decoded = percent_decode(&layer);
        if decoded == layer {
            return true;
        }
        layer = decoded;
    }
    false
}

/// One layer of `safe_next`'s check (see there).
fn is_plain_path(s: &[u8]) -> bool {
    let end = s.iter().position(|&b| b == b'?' || b == b'#');
    let (path, rest) = s.split_at(end.unwrap_or(s.len()));
    path.first() == Some(&b'/')
        && !matches!(path.get(1), Some(b'/' | b'\\'))
        && path_chars_plain(path)
        && !path
            .split(|&b| b == b'/')
            .any(|segment| segment == b"." || segment == b"..")
        && rest.iter().all(|&b| !b.is_ascii_control() && b != b'\\')
}

/// A path's characters: printable ASCII but `\\`, or (decoded from `%XX`)
/// letters and digits of any script, as in a thread's slug
/// (forum::discussion::threads::thread_slug). Look-alikes of `/` and `.`
/// (`／`, `。`) are neither.
fn path_chars_plain(path: &[u8]) -> bool {
    std::str::from_utf8(path).is_ok_and(|path| {
        path.chars().all(|c| {
            if c.is_ascii() {
                c.is_ascii_graphic() && c != '\\'
            } else {
                c.is_alphanumeric()
            }
        })
    })
}

/// One round of `%XX` decoding; a `%` without two hex digits stays as it is.
fn percent_decode(s: &[u8]) -> Vec<u8> {
    percent_encoding::percent_decode(s).collect()
}

#[cfg(test)]
mod safe_next_tests {
    use super::safe_next;

    #[test]
    fn keeps_paths_of_this_site() {
        for path in [
            "/",
            "/t/5/slug?page=2#post-9",
            "/t/18/%EB%85%B8%ED%8A%B8%EB%B6%81-%EB%B0%B0%ED%84%B0%EB%A6%AC",
            "/search?q=%C3%A9cran&kind=guide",
            "/threads/new",
            "/search?q=usb%2Fc+port&kind=guide",
            "/search?q=%C3%A9cran",
            "/search?q=100%25",
            "/u/solder_sam",
            "/login?next=//evil.example",
        ] {
            assert_eq!(safe_next(Some(path)), path, "{path:?} should be kept");
        }
    }

    #[test]
    fn keeps_letters_of_any_script_encoded_again() {
        assert_eq!(
            safe_next(Some("/t/18/노트북-배터리")),
            "/t/18/%EB%85%B8%ED%8A%B8%EB%B6%81-%EB%B0%B0%ED%84%B0%EB%A6%AC"
        );
        assert_eq!(safe_next(Some("/search?q=écran")), "/search?q=%C3%A9cran");
        // Look-alikes of `/` and `.` are not letters.
        assert_eq!(safe_next(Some("/\u{ff0f}evil.example")), "/");
        assert_eq!(safe_next(Some("/%E3%80%82evil")), "/");
    }

    #[test]
    fn sends_everything_else_home() {
        for next in [
            "",
            "evil.example",
            "//evil.example",
            "///evil.example",
            "/\\evil.example",
            "\\/\\/evil.example",
            "/\t/evil.example/",
            "/\r\n/evil.example",
            " /",
            "/%2F%2Fevil.example",
            "/%2f/evil.example",
            "/%5Cevil.example",
            "/%09/evil.example",
            "/%252F%252Fevil.example",
            "/%%32%46%%32%46evil.example",
            "/%0d%0aSet-Cookie:%20a=b",
            "/?q=%0d%0aSet-Cookie:%20a=b",
            "/.//evil.example",
            "/%2e//evil.example",
            "/a/../..//evil.example",
            "https://evil.example",
            "https:evil.example",
            "javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "\u{ff0f}\u{ff0f}evil.example",
            "/\u{ff0f}evil.example",
            "/%EF%BC%8Fevil.example",
            "/%E3%80%82evil",
        ] {
            assert_eq!(safe_next(Some(next)), "/", "{next:?} should go home");
        }
        assert_eq!(safe_next(None), "/");
        let long = format!("/{}", "a".repeat(super::MAX_NEXT_BYTES));
        assert_eq!(safe_next(Some(&long)), "/");
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
            _ => Err(AppError::BadRequest(
                Message::new("err-page-not-page-number")
                    .with("page", s.chars().take(40).collect::<String>()),
            )),
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
