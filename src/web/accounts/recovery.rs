//! Links mailed to members: confirming an address (a new account's or a new
//! one), and "forgot your password?". Opening a link (GET) only shows a page
//! with a button; the POST uses the link, so a mail scanner that fetches
//! links uses none.

use actix_web::{get, post, web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};
use tera::Context;

use crate::auth::{password, session, CsrfForm, Viewer};
use crate::error::{AppError, AppResult};
use crate::forum::accounts::recovery::{self, Confirmed, Purpose};
use crate::forum::Checks;
use crate::i18n::Message;
use crate::model::accounts::users::User;
use crate::state::AppState;
use crate::web::accounts::auth::logged_in_redirect;
use crate::web::say;
use crate::web::{form_again, ok_page};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(confirm_page)
        .service(confirm)
        .service(forgot_form)
        .service(forgot)
        .service(reset_form)
        .service(reset)
        .service(undo_email_form)
        .service(undo_email);
}

/// A page that tells the member what happened and where to go next. Its
/// words are message keys (`user-notice-…`), looked up in the page's
/// language; a line's `email` and `name` are its arguments.
#[derive(Serialize)]
pub struct Notice {
    pub title: String,
    pub lines: Vec<String>,
    pub link: Option<&'static str>,
    pub link_label: String,
}

/// A line of a notice: a message key and its arguments (empty when unused).
#[derive(Serialize)]
pub struct NoticeLine {
    pub key: &'static str,
    pub email: String,
    pub name: String,
}

impl NoticeLine {
    pub fn new(key: &'static str) -> NoticeLine {
        NoticeLine {
            key,
            email: String::new(),
            name: String::new(),
        }
    }

    pub fn with_email(key: &'static str, email: &str) -> NoticeLine {
        NoticeLine {
            email: email.to_owned(),
            ..NoticeLine::new(key)
        }
    }
}

pub fn notice_page(req: &HttpRequest, viewer: &Viewer, notice: Notice) -> AppResult<HttpResponse> {
    let mut context = Context::new();
    context.insert("notice", &notice);
    ok_page(req, viewer, "auth/notice.html", context)
}

#[derive(Deserialize)]
struct TokenQuery {
    #[serde(default)]
    token: String,
}

#[get("/account/confirm")]
async fn confirm_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    query: web::Query<TokenQuery>,
) -> AppResult<HttpResponse> {
    let token = query.into_inner().token;
    let lookup = token.clone();
    let link = state
        .db(move |conn| {
            recovery::check_link(conn, &lookup, &[Purpose::VerifyEmail, Purpose::ChangeEmail])
        })
        .await?;
    let mut context = Context::new();
    context.insert("token", &token);
    context.insert("email", &link.email);
    context.insert("purpose", &link.purpose);
    ok_page(&req, &viewer, "auth/confirm.html", context)
}

#[derive(Deserialize)]
struct TokenForm {
    #[serde(default)]
    token: String,
}

#[post("/account/confirm")]
async fn confirm(
    req: HttpRequest,
    state: web::Data<AppState>,
    CsrfForm(viewer, form): CsrfForm<TokenForm>,
) -> AppResult<HttpResponse> {
    let current_session = viewer
        .user
        .as_ref()
        .and(req.cookie(session::SESSION_COOKIE))
        .map(|c| c.value().to_owned());
    let confirmed = state
        .db(move |conn| recovery::confirm(conn, &form.token, current_session.as_deref()))
        .await?;
    match confirmed {
        Confirmed::Verified { user, sign_in } => {
            tracing::info!(user = user.id, "email confirmed");
            if viewer.user.is_some() {
                return Ok(crate::web::see_other("/settings?confirmed=1"));
            }
            // A link opened soon after sign-up logs its visitor in, once; a
            // later one only confirms (a mailbox read later by someone else
            // gets no session from it).
            if !sign_in {
                return Ok(crate::web::see_other("/login?confirmed=1"));
            }
            let origin = crate::web::client::session_origin(&req);
            let token = state
                .db(move |conn| Ok(session::create(conn, user.id, &origin)?))
                .await?;
            Ok(logged_in_redirect(&req, &token, "/settings?confirmed=1"))
        }
        Confirmed::EmailChanged(user) => {
            tracing::info!(user = user.id, "email address changed");
            notice_page(
                &req,
                &viewer,
                Notice {
                    title: say(&req, "err-notice-new-address-use"),
                    lines: vec![say(
                        &req,
                        Message::new("err-notice-mail-username-now-goes-email")
                            .with("username", user.username)
                            .with("email", user.email),
                    )],
                    link: Some("/settings"),
                    link_label: say(&req, "err-notice-settings"),
                },
            )
        }
    }
}

#[derive(Debug, Default, Deserialize, Serialize)]
struct ForgotForm {
    #[serde(default)]
    email: String,
}

#[get("/password/forgot")]
async fn forgot_form(req: HttpRequest, viewer: Viewer) -> AppResult<HttpResponse> {
    let mut context = Context::new();
    context.insert("form", &ForgotForm::default());
    ok_page(&req, &viewer, "auth/forgot.html", context)
}

#[post("/password/forgot")]
async fn forgot(
    req: HttpRequest,
    state: web::Data<AppState>,
    CsrfForm(viewer, form): CsrfForm<ForgotForm>,
) -> AppResult<HttpResponse> {
    let email = form.email.clone();
    let asked_in = Some(crate::web::language::of(&req));
    let requested = state
        .db(move |conn| recovery::request_password_reset(conn, &email, asked_in))
        .await;
    if let Err(e) = requested {
        let mut context = Context::new();
        context.insert("form", &form);
        return form_again(&req, &viewer, "auth/forgot.html", context, e);
    }
    notice_page(
        &req,
        &viewer,
        Notice {
            title: say(&req, "err-notice-check-mail"),
            lines: vec![
                say(
                    &req,
                    Message::new("err-notice-if-email-belongs-account-we")
                        .with("email", form.email.trim()),
                ),
                say(&req, "err-notice-nothing-there-after-few-minutes-2"),
            ],
            link: Some("/login"),
            link_label: say(&req, "err-notice-back-log"),
        },
    )
}

#[get("/password/reset")]
async fn reset_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    query: web::Query<TokenQuery>,
) -> AppResult<HttpResponse> {
    let token = query.into_inner().token;
    let context = reset_context(&state, token).await?;
    ok_page(&req, &viewer, "auth/reset.html", context)
}

/// The reset form's page for a link that is still good (else the link's
/// error), with the sign-ins linked to the account: whoever resets sees them.
async fn reset_context(state: &AppState, token: String) -> AppResult<Context> {
    let lookup = token.clone();
    let (user, sign_ins) = state
        .db(move |conn| {
            let link = recovery::check_link(conn, &lookup, &[Purpose::ResetPassword])?;
            let user = crate::model::accounts::users::find(conn, link.user_id)?;
            let sign_ins = crate::model::accounts::oidc::identities_of(conn, user.id)?;
            Ok((user, sign_ins))
        })
        .await?;
    let mut context = Context::new();
    context.insert("token", &token);
    context.insert("username", &user.username);
    context.insert(
        "sign_ins",
        &crate::web::accounts::settings::sign_in_views(state, sign_ins),
    );
    // Links made before the address was confirmed go whatever is chosen.
    context.insert("address_unconfirmed", &user.email_verified_at.is_none());
    Ok(context)
}

#[derive(Deserialize)]
struct ResetForm {
    #[serde(default)]
    token: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_confirm: String,
    /// "Also remove the linked sign-ins" (a checkbox: present when ticked).
    #[serde(default)]
    remove_sign_ins: Option<String>,
}

#[post("/password/reset")]
async fn reset(
    req: HttpRequest,
    state: web::Data<AppState>,
    CsrfForm(viewer, form): CsrfForm<ResetForm>,
) -> AppResult<HttpResponse> {
    if let Err(e) = check_new_password(&form) {
        let context = reset_context(&state, form.token.clone()).await?;
        return form_again(&req, &viewer, "auth/reset.html", context, e);
    }
    let hash = hash_password(&state, &form.password).await?;
    let token = form.token.clone();
    let remove_sign_ins = form.remove_sign_ins.is_some();
    let user = state
        .db(move |conn| {
            let user = recovery::reset_password(conn, &token, &hash, remove_sign_ins)?;
            tracing::info!(
                user = user.id,
                "password reset; every session and token ended"
            );
            Ok(user)
        })
        .await?;
    sign_in_after_recovery(&req, &state, user, "reset=1").await
}

/// The password rules, for the reset and the undo forms alike.
fn check_new_password(form: &ResetForm) -> AppResult<()> {
    let mut checks = Checks::default();
    crate::forum::accounts::credentials::validate_new_password(
        &mut checks,
        &form.password,
        &form.password_confirm,
    );
    checks.finish()
}

/// Argon2 is slow on purpose: off the async workers.
async fn hash_password(state: &AppState, password: &str) -> AppResult<String> {
    let password = password.to_owned();
    state
        .blocking(move || password::hash_password(&password).map_err(AppError::from))
        .await
}

/// After a reset or an undo the member is signed in and sent to settings,
/// with `notice` (`reset=1`, `restored=1`) telling the page what happened.
/// With passwords switched off (or a staff claim, for staff) only the
/// provider opens sessions: the link still proved the account, for linking
/// it to a sign-in, and the member is sent to log in there instead.
async fn sign_in_after_recovery(
    req: &HttpRequest,
    state: &AppState,
    user: User,
    notice: &str,
) -> AppResult<HttpResponse> {
    let claim_active = state.staff_session_max_age().is_some();
    if !state.config.password_login_enabled()
        || crate::forum::accounts::sso::ensure_password_session(&user, claim_active, "").is_err()
    {
        return Ok(crate::web::see_other(&format!("/login?{notice}")));
    }
    let origin = crate::web::client::session_origin(req);
    let session_token = state
        .db(move |conn| Ok(session::create(conn, user.id, &origin)?))
        .await?;
    Ok(logged_in_redirect(
        req,
        &session_token,
        &format!("/settings?{notice}"),
    ))
}

#[get("/account/undo-email")]
async fn undo_email_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    query: web::Query<TokenQuery>,
) -> AppResult<HttpResponse> {
    let token = query.into_inner().token;
    let context = undo_context(&state, token).await?;
    ok_page(&req, &viewer, "auth/undo_email.html", context)
}

/// The undo page for a link that is still good (else the link's error).
async fn undo_context(state: &AppState, token: String) -> AppResult<Context> {
    let lookup = token.clone();
    let (link, user) = state
        .db(move |conn| {
            let link = recovery::check_link(conn, &lookup, &[Purpose::UndoEmailChange])?;
            let user = crate::model::accounts::users::find(conn, link.user_id)?;
            Ok((link, user))
        })
        .await?;
    let mut context = Context::new();
    context.insert("token", &token);
    context.insert("username", &user.username);
    context.insert("old_email", &link.email);
    context.insert("new_email", &user.email);
    Ok(context)
}

#[post("/account/undo-email")]
async fn undo_email(
    req: HttpRequest,
    state: web::Data<AppState>,
    CsrfForm(viewer, form): CsrfForm<ResetForm>,
) -> AppResult<HttpResponse> {
    if let Err(e) = check_new_password(&form) {
        let context = undo_context(&state, form.token.clone()).await?;
        return form_again(&req, &viewer, "auth/undo_email.html", context, e);
    }
    let hash = hash_password(&state, &form.password).await?;
    let token = form.token.clone();
    let user = state
        .db(move |conn| {
            let user = recovery::undo_email_change(conn, &token, &hash)?;
            tracing::warn!(
                user = user.id,
                "change of address undone from the old address"
            );
            Ok(user)
        })
        .await?;
    sign_in_after_recovery(&req, &state, user, "restored=1").await
}
