//! "Log in with <provider>": single sign-on through OpenID Connect.
//!
//! POST /auth/oidc/login (a button with a CSRF token) keeps the login's
//! secrets (`forum::accounts::sso::begin`) and sends the browser to the provider; the
//! provider sends it back to GET /auth/oidc/callback, where the state is
//! taken (once, in the same browser), the code traded and the ID token
//! verified (`auth::oidc`). A first login may stop at /auth/oidc/finish to
//! choose a username or to confirm an existing account with its password.

use actix_web::cookie::{time, Cookie, SameSite};
use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};
use tera::Context;

use crate::auth::oidc::{Sso, SsoError};
use crate::auth::{csrf, password, session, CsrfForm, Viewer};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::forum::accounts::{credentials, sso};
use crate::i18n::Message;
use crate::state::AppState;
use crate::web::accounts::auth::logged_in_redirect;
use crate::web::{client, form_again, insert_errors, ok_page, render, safe_next, see_other};

/// Names the browser that started a login (its hash is kept with the state).
const BROWSER_COOKIE: &str = "fixloop_oidc_browser";
/// Names a verified identity waiting for a username or a password.
const SIGNUP_COOKIE: &str = "fixloop_oidc_signup";
const COOKIE_PATH: &str = "/auth/oidc";

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(start)
        .service(callback)
        .service(finish_form)
        .service(choose_username)
        .service(confirm_link);
}

fn provider(state: &AppState) -> AppResult<&Sso> {
    state.sso.as_deref().ok_or(AppError::NotFound("page"))
}

/// Lax, not Strict: the provider's redirect back is a navigation from its site.
fn flow_cookie(name: &'static str, value: &str, minutes: i64, secure: bool) -> Cookie<'static> {
    Cookie::build(name, value.to_owned())
        .path(COOKIE_PATH)
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .max_age(time::Duration::minutes(minutes))
        .finish()
}

fn removal(name: &'static str, secure: bool) -> Cookie<'static> {
    let mut cookie = flow_cookie(name, "", 0, secure);
    cookie.make_removal();
    cookie
}

fn provider_down(e: &SsoError) -> AppError {
    AppError::ProviderDown(e.to_string())
}

#[derive(Deserialize)]
struct StartForm {
    #[serde(default)]
    next: String,
}

#[post("/auth/oidc/login")]
async fn start(
    req: HttpRequest,
    state: web::Data<AppState>,
    CsrfForm(_viewer, form): CsrfForm<StartForm>,
) -> AppResult<HttpResponse> {
    let sso = provider(&state)?;
    let next = safe_next(Some(&form.next));
    let authorization = sso.authorize().await.map_err(|e| provider_down(&e))?;
    // One browser token for all of this browser's logins, so two tabs both work.
    let browser = req
        .cookie(BROWSER_COOKIE)
        .map(|c| c.value().to_owned())
        .filter(|t| csrf::well_formed(t))
        .unwrap_or_else(crate::auth::random_token);
    let url = authorization.url.clone();
    let kept_browser = browser.clone();
    state
        .db(move |conn| sso::begin(conn, &authorization, &kept_browser, &next))
        .await?;
    let mut response = see_other(&url);
    let _ = response.add_cookie(&flow_cookie(
        BROWSER_COOKIE,
        &browser,
        15,
        state.config.secure_cookies(),
    ));
    Ok(response)
}

#[derive(Deserialize)]
struct CallbackQuery {
    state: Option<String>,
    code: Option<String>,
    error: Option<String>,
    error_description: Option<String>,
}

#[get("/auth/oidc/callback")]
async fn callback(
    req: HttpRequest,
    state: web::Data<AppState>,
    query: web::Query<CallbackQuery>,
) -> AppResult<HttpResponse> {
    let sso = provider(&state)?;
    let query = query.into_inner();
    let Some(login_state) = query.state.filter(|s| !s.is_empty()) else {
        return Err(AppError::BadRequest(
            "err-oidc-providers-answer-has-no-state".into(),
        ));
    };
    let browser = req.cookie(BROWSER_COOKIE).map(|c| c.value().to_owned());
    let login = state
        .db(move |conn| sso::take(conn, &login_state, browser.as_deref()))
        .await?;
    if let Some(error) = query.error {
        let detail = query.error_description.unwrap_or_default();
        let message = if detail.is_empty() {
            Message::new("err-oidc-provider-refused").with("error", error)
        } else {
            Message::new("err-oidc-provider-refused-detail")
                .with("error", error)
                .with("detail", detail)
        };
        return Err(AppError::forbidden(message));
    }
    let code = query.code.unwrap_or_default();
    let identity = match sso.finish(&code, &login.pkce_verifier, &login.nonce).await {
        Ok(identity) => identity,
        Err(SsoError::Provider(e)) => return Err(provider_down(&SsoError::Provider(e))),
        Err(e @ SsoError::Refused(_)) => {
            tracing::warn!(error = %e, "single sign-on refused");
            return Err(AppError::BadRequest(
                "err-oidc-provider-did-not-complete-login".into(),
            ));
        }
        Err(e) => {
            tracing::warn!(error = %e, "single sign-on refused");
            return Err(AppError::BadRequest(
                "err-oidc-providers-answer-could-not-verified".into(),
            ));
        }
    };
    let next = login.next_path.clone();
    let outcome = state
        .db(move |conn| sso::complete(conn, &identity, &next))
        .await?;
    match outcome {
        sso::Outcome::LoggedIn(user_id) => {
            start_session(&req, &state, user_id, &login.next_path).await
        }
        sso::Outcome::Choose { token } => {
            let mut response = see_other("/auth/oidc/finish");
            let _ = response.add_cookie(&flow_cookie(
                SIGNUP_COOKIE,
                &token,
                30,
                state.config.secure_cookies(),
            ));
            Ok(response)
        }
    }
}

/// A new session (the request's old one ends: no session fixation), then on to `next`.
async fn start_session(
    req: &HttpRequest,
    state: &AppState,
    user_id: i64,
    next: &str,
) -> AppResult<HttpResponse> {
    let old = req
        .cookie(session::SESSION_COOKIE)
        .map(|c| c.value().to_owned());
    let origin = crate::web::client::session_origin(req);
    let token = state
        .db(move |conn| crate::web::accounts::auth::new_session(conn, user_id, old, &origin))
        .await?;
    let mut response = logged_in_redirect(req, &token, &safe_next(Some(next)));
    let _ = response.add_cookie(&removal(SIGNUP_COOKIE, state.config.secure_cookies()));
    Ok(response)
}

#[derive(Debug, Default, Deserialize, Serialize)]
struct FinishForm {
    #[serde(default)]
    username: String,
    #[serde(default, skip_serializing)]
    password: String,
}

/// What the finish page shows: the username form, or the password form for
/// the account with the member's email.
struct Finishing {
    token: String,
    signup: crate::model::accounts::oidc::PendingSignup,
    link_username: Option<String>,
}

async fn finishing(req: &HttpRequest, state: &AppState) -> AppResult<Finishing> {
    let token = req
        .cookie(SIGNUP_COOKIE)
        .map(|c| c.value().to_owned())
        .unwrap_or_default();
    let lookup = token.clone();
    let (signup, link_username) = state
        .db(move |conn| {
            let signup = sso::pending(conn, &lookup)?;
            let name = match signup.link_user_id {
                Some(id) => Some(crate::model::accounts::users::find(conn, id)?.username),
                None => None,
            };
            Ok((signup, name))
        })
        .await?;
    Ok(Finishing {
        token,
        signup,
        link_username,
    })
}

fn finish_context(state: &AppState, finishing: &Finishing, form: &FinishForm) -> Context {
    let mut context = Context::new();
    context.insert("form", form);
    context.insert("email", &finishing.signup.email);
    context.insert("link_username", &finishing.link_username);
    context.insert("provider", &state.sso.as_ref().map(|s| s.name.clone()));
    context
}

#[get("/auth/oidc/finish")]
async fn finish_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
) -> AppResult<HttpResponse> {
    provider(&state)?;
    let finishing = finishing(&req, &state).await?;
    let form = FinishForm {
        username: finishing.signup.username_claim.clone(),
        ..Default::default()
    };
    let mut context = finish_context(&state, &finishing, &form);
    if finishing.link_username.is_none() && !finishing.signup.username_claim.is_empty() {
        let mut errors = FieldErrors::new();
        errors.insert(
            "username",
            "err-oidc-username-provider-suggested-taken-cannot".into(),
        );
        insert_errors(&req, &mut context, &errors);
    }
    ok_page(&req, &viewer, "auth/oidc_finish.html", context)
}

#[post("/auth/oidc/username")]
async fn choose_username(
    req: HttpRequest,
    state: web::Data<AppState>,
    CsrfForm(viewer, form): CsrfForm<FinishForm>,
) -> AppResult<HttpResponse> {
    provider(&state)?;
    let finishing = finishing(&req, &state).await?;
    let context = finish_context(&state, &finishing, &form);
    let (token, username) = (finishing.token.clone(), form.username.clone());
    let claim_configured = state.config.oidc_staff_claim.is_some();
    let created = state
        .db(move |conn| sso::create_with_username(conn, &token, &username, claim_configured))
        .await;
    match created {
        Ok((user, next)) => start_session(&req, &state, user.id, &next).await,
        Err(e) => form_again(&req, &viewer, "auth/oidc_finish.html", context, e),
    }
}

#[post("/auth/oidc/link")]
async fn confirm_link(
    req: HttpRequest,
    state: web::Data<AppState>,
    CsrfForm(viewer, form): CsrfForm<FinishForm>,
) -> AppResult<HttpResponse> {
    provider(&state)?;
    let finishing = finishing(&req, &state).await?;
    let context = finish_context(&state, &finishing, &form);
    let Some(username) = finishing.link_username.clone() else {
        return Err(AppError::BadRequest(
            "err-oidc-there-no-account-link-here".into(),
        ));
    };
    if form.password.is_empty() || form.password.len() > password::MAX_PASSWORD_BYTES {
        let e = AppError::invalid("password", "err-oidc-enter-password-account");
        return form_again(&req, &viewer, "auth/oidc_finish.html", context, e);
    }
    // Throttled and counted like a password login to that account.
    let (policy, address) = (state.policy.clone(), client::address(&req));
    let begun = state
        .db(move |conn| credentials::begin_login(conn, &policy, &username, &address))
        .await;
    let attempt = match begun {
        Ok(attempt) => attempt,
        Err(e) => return form_again(&req, &viewer, "auth/oidc_finish.html", context, e),
    };
    let given = form.password.clone();
    let stored = attempt.user.as_ref().map(|u| u.password_hash.clone());
    let verified = state
        .blocking(move || Ok(password::verify_password(&given, stored.as_deref())))
        .await?;
    if !verified {
        let mut context = context;
        let mut errors = FieldErrors::new();
        errors.insert(
            "password",
            "err-oidc-not-password-account-nothing-was".into(),
        );
        insert_errors(&req, &mut context, &errors);
        return render(
            &req,
            &viewer,
            "auth/oidc_finish.html",
            context,
            StatusCode::UNAUTHORIZED,
        );
    }
    let token = finishing.token.clone();
    let claim_configured = state.config.oidc_staff_claim.is_some();
    let (user, next) = state
        .db(move |conn| {
            credentials::login_succeeded(conn, &attempt)?;
            sso::link_confirmed(conn, &token, claim_configured)
        })
        .await?;
    start_session(&req, &state, user.id, &next).await
}
