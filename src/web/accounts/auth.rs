//! Register, log in, log out.

use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use serde::Deserialize;
use tera::Context;

use crate::auth::{password, session, CsrfForm, Viewer};
use crate::error::{AppError, AppResult};
use crate::forum::accounts::credentials::{self, Registration};
use crate::forum::accounts::recovery;
use crate::i18n::Message;
use crate::state::AppState;
use crate::web::accounts::recovery::{notice_page, Notice};
use crate::web::say;
use crate::web::{
    client, form_again, insert_errors, ok_page, render, safe_next, see_other, state, NoFields,
};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(register_form)
        .service(register)
        .service(login_form)
        .service(login)
        .service(logout);
}

#[derive(Deserialize)]
struct NextQuery {
    next: Option<String>,
    /// Back from a confirmation link that confirmed without logging in.
    confirmed: Option<String>,
    /// Back from undoing a change of address on a forum without passwords.
    restored: Option<String>,
    /// Back from a reset that opened no session (staff log in with the provider).
    reset: Option<String>,
}

#[get("/register")]
async fn register_form(req: HttpRequest, viewer: Viewer) -> AppResult<HttpResponse> {
    ensure_password_login(state(&req))?;
    let mut context = Context::new();
    context.insert("form", &Registration::default());
    ok_page(&req, &viewer, "auth/register.html", context)
}

#[post("/register")]
async fn register(
    req: HttpRequest,
    state: web::Data<AppState>,
    CsrfForm(viewer, form): CsrfForm<Registration>,
) -> AppResult<HttpResponse> {
    ensure_password_login(&state)?;
    let mut context = Context::new();
    context.insert("form", &form);
    if let Err(e) = credentials::validate_registration(&form) {
        return form_again(&req, &viewer, "auth/register.html", context, e);
    }
    // Counted before the password is hashed: a refused attempt costs no CPU.
    let (policy, address) = (state.policy.clone(), client::address(&req));
    let counted = state
        .db(move |conn| credentials::begin_signup(conn, &policy, &address))
        .await;
    if let Err(e) = counted {
        return form_again(&req, &viewer, "auth/register.html", context, e);
    }
    let password = form.password.clone();
    let hash = state
        .blocking(move || password::hash_password(&password).map_err(AppError::from))
        .await?;
    let form_for_db = form.clone();
    let asked_in = Some(crate::web::language::of(&req));
    let signed_up = state
        .db(move |conn| recovery::sign_up(conn, &form_for_db, &hash, asked_in))
        .await;
    match signed_up {
        // The same answer whether the address was new or already had an
        // account (whose owner is mailed instead): the form reveals neither.
        Ok(()) => {
            tracing::info!("sign-up accepted; confirmation mailed");
            notice_page(
                &req,
                &viewer,
                Notice {
                    title: say(&req, "err-notice-check-mail"),
                    lines: vec![
                        say(
                            &req,
                            Message::new("err-notice-we-sent-message-email-open")
                                .with("email", form.email.trim()),
                        ),
                        say(&req, "err-notice-then-log-with-username-password"),
                        say(&req, "err-notice-nothing-there-after-few-minutes"),
                    ],
                    link: Some("/login"),
                    link_label: say(&req, "err-notice-log"),
                },
            )
        }
        Err(e) => form_again(&req, &viewer, "auth/register.html", context, e),
    }
}

pub(crate) fn logged_in_redirect(req: &HttpRequest, token: &str, next: &str) -> HttpResponse {
    let secure = state(req).config.secure_cookies();
    let mut response = see_other(next);
    let _ = response.add_cookie(&session::cookie(token, secure));
    response
}

#[derive(Debug, Default, Deserialize, serde::Serialize)]
struct LoginForm {
    #[serde(default)]
    login: String,
    #[serde(default, skip_serializing)]
    password: String,
    #[serde(default)]
    next: String,
}

#[get("/login")]
async fn login_form(
    req: HttpRequest,
    viewer: Viewer,
    query: web::Query<NextQuery>,
) -> AppResult<HttpResponse> {
    let mut context = Context::new();
    context.insert(
        "form",
        &LoginForm {
            next: safe_next(query.next.as_deref()),
            ..Default::default()
        },
    );
    let notice = if query.confirmed.is_some() {
        Some(say(&req, "err-notice-thank-email-address-confirmed-log"))
    } else if query.restored.is_some() {
        Some(say(&req, "err-notice-address-back-everyone-else-was"))
    } else if query.reset.is_some() {
        Some(say(&req, "err-notice-new-password-saved-every-device"))
    } else {
        None
    };
    context.insert("notice", &notice);
    ok_page(&req, &viewer, "auth/login.html", context)
}

#[post("/login")]
async fn login(
    req: HttpRequest,
    state: web::Data<AppState>,
    CsrfForm(viewer, mut form): CsrfForm<LoginForm>,
) -> AppResult<HttpResponse> {
    ensure_password_login(&state)?;
    // Checked now, so a form shown again carries only a safe value.
    form.next = safe_next(Some(&form.next));
    let mut context = Context::new();
    context.insert("form", &form);
    if form.login.trim().is_empty() || form.password.is_empty() {
        let e = AppError::invalid("form", "err-auth-enter-username-email-password");
        return form_again(&req, &viewer, "auth/login.html", context, e);
    }
    if form.password.len() > password::MAX_PASSWORD_BYTES {
        return wrong_credentials(&req, &viewer, context);
    }
    let (policy, login, address) = (
        state.policy.clone(),
        form.login.clone(),
        client::address(&req),
    );
    let begun = state
        .db(move |conn| credentials::begin_login(conn, &policy, &login, &address))
        .await;
    let attempt = match begun {
        Ok(attempt) => attempt,
        Err(e) => return form_again(&req, &viewer, "auth/login.html", context, e),
    };
    let password_given = form.password.clone();
    let stored = attempt.user.as_ref().map(|u| u.password_hash.clone());
    let verified = state
        .blocking(move || {
            Ok(password::verify_password(
                &password_given,
                stored.as_deref(),
            ))
        })
        .await?;
    // A wrong password stays counted as the failure begin_login recorded.
    let Some(user) = attempt.user.clone().filter(|_| verified) else {
        return wrong_credentials(&req, &viewer, context);
    };
    crate::forum::accounts::sso::ensure_password_session(
        &user,
        state.staff_session_max_age().is_some(),
        &provider_name(&state),
    )?;
    let old_token = req
        .cookie(session::SESSION_COOKIE)
        .map(|c| c.value().to_owned());
    let origin = crate::web::client::session_origin(&req);
    let token = state
        .db(move |conn| {
            credentials::login_succeeded(conn, &attempt)?;
            new_session(conn, user.id, old_token, &origin)
        })
        .await?;
    Ok(logged_in_redirect(&req, &token, &form.next))
}

/// A new session at every login (password or single sign-on); the one the
/// request came with (if any) ends, so a planted session id is worthless.
pub(crate) fn new_session(
    conn: &mut crate::db::DbConn,
    user_id: i64,
    old_token: Option<String>,
    origin: &session::Origin,
) -> AppResult<String> {
    if let Some(old) = old_token {
        session::destroy(conn, &old)?;
    }
    Ok(session::create(conn, user_id, origin)?)
}

/// The sign-in provider's name as members see it.
pub(crate) fn provider_name(state: &AppState) -> String {
    state
        .sso
        .as_ref()
        .map_or_else(|| "single sign-on".to_owned(), |s| s.name.clone())
}

/// Refuses the password forms when `FIXLOOP_PASSWORD_LOGIN=off`.
pub(crate) fn ensure_password_login(state: &AppState) -> AppResult<()> {
    if state.config.password_login_enabled() {
        return Ok(());
    }
    let name = state
        .sso
        .as_ref()
        .map_or("single sign-on", |s| s.name.as_str());
    Err(AppError::forbidden(
        Message::new("err-auth-logging-with-password-switched-off").with("name", name),
    ))
}

fn wrong_credentials(
    req: &HttpRequest,
    viewer: &Viewer,
    mut context: Context,
) -> AppResult<HttpResponse> {
    let mut errors = crate::error::FieldErrors::new();
    errors.insert("form", "err-auth-username-email-password-do-not".into());
    insert_errors(req, &mut context, &errors);
    render(
        req,
        viewer,
        "auth/login.html",
        context,
        StatusCode::UNAUTHORIZED,
    )
}

#[post("/logout")]
async fn logout(
    req: HttpRequest,
    state: web::Data<AppState>,
    CsrfForm(_viewer, _): CsrfForm<NoFields>,
) -> AppResult<HttpResponse> {
    if let Some(cookie) = req.cookie(session::SESSION_COOKIE) {
        let token = cookie.value().to_owned();
        state
            .db(move |conn| Ok(session::destroy(conn, &token)?))
            .await?;
    }
    let mut response = see_other("/");
    let _ = response.add_cookie(&session::removal_cookie(state.config.secure_cookies()));
    Ok(response)
}
