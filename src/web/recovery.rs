//! Links mailed to members: confirming an address (a new account's or a new
//! one), and "forgot your password?". Opening a link (GET) only shows a page
//! with a button; the POST uses the link, so a mail scanner that fetches
//! links uses none.

use actix_web::{get, post, web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};
use tera::Context;

use super::auth::logged_in_redirect;
use super::{form_again, ok_page};
use crate::auth::{password, session, CsrfForm, Viewer};
use crate::error::{AppError, AppResult};
use crate::forum::recovery::{self, Confirmed, Purpose};
use crate::forum::Checks;
use crate::state::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(confirm_page)
        .service(confirm)
        .service(forgot_form)
        .service(forgot)
        .service(reset_form)
        .service(reset);
}

/// A page that tells the member what happened and where to go next.
#[derive(Serialize)]
pub struct Notice {
    pub title: &'static str,
    pub lines: Vec<String>,
    pub link: Option<&'static str>,
    pub link_label: &'static str,
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
    let confirmed = state
        .db(move |conn| recovery::confirm(conn, &form.token))
        .await?;
    match confirmed {
        Confirmed::Verified(user) => {
            tracing::info!(user = user.id, "email confirmed");
            // Whoever opened the link from the mailbox is the member: a
            // visitor is logged in; a logged-in viewer keeps their session.
            if viewer.user.is_none() {
                let token = state
                    .db(move |conn| Ok(session::create(conn, user.id)?))
                    .await?;
                return Ok(logged_in_redirect(&req, &token, "/settings?confirmed=1"));
            }
            Ok(super::see_other("/settings?confirmed=1"))
        }
        Confirmed::EmailChanged(user) => {
            tracing::info!(user = user.id, "email address changed");
            notice_page(
                &req,
                &viewer,
                Notice {
                    title: "Your new address is in use",
                    lines: vec![format!(
                        "Mail for {} now goes to {}. We told your old address.",
                        user.username, user.email
                    )],
                    link: Some("/settings"),
                    link_label: "Settings",
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
    let requested = state
        .db(move |conn| recovery::request_password_reset(conn, &email))
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
            title: "Check your mail",
            lines: vec![
                format!(
                    "If {} belongs to an account, we have sent it a link to choose a new password. The link works for one hour.",
                    form.email.trim()
                ),
                "Nothing there after a few minutes? Look in your spam folder, or try the address you signed up with.".into(),
            ],
            link: Some("/login"),
            link_label: "Back to log in",
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

/// The reset form's page for a link that is still good (else the link's error).
async fn reset_context(state: &AppState, token: String) -> AppResult<Context> {
    let lookup = token.clone();
    let username = state
        .db(move |conn| {
            let link = recovery::check_link(conn, &lookup, &[Purpose::ResetPassword])?;
            Ok(crate::model::users::find(conn, link.user_id)?.username)
        })
        .await?;
    let mut context = Context::new();
    context.insert("token", &token);
    context.insert("username", &username);
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
}

#[post("/password/reset")]
async fn reset(
    req: HttpRequest,
    state: web::Data<AppState>,
    CsrfForm(viewer, form): CsrfForm<ResetForm>,
) -> AppResult<HttpResponse> {
    let mut checks = Checks::default();
    crate::forum::accounts::validate_new_password(
        &mut checks,
        &form.password,
        &form.password_confirm,
    );
    if let Err(e) = checks.finish() {
        let context = reset_context(&state, form.token.clone()).await?;
        return form_again(&req, &viewer, "auth/reset.html", context, e);
    }
    let password = form.password.clone();
    let hash = state
        .blocking(move || password::hash_password(&password).map_err(AppError::from))
        .await?;
    let token = form.token.clone();
    let session_token = state
        .db(move |conn| {
            let user = recovery::reset_password(conn, &token, &hash)?;
            tracing::info!(user = user.id, "password reset; every session ended");
            Ok(session::create(conn, user.id)?)
        })
        .await?;
    Ok(logged_in_redirect(
        &req,
        &session_token,
        "/settings?reset=1",
    ))
}
