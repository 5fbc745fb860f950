//! Account settings: the address (confirm it, change it) and the password;
//! the profile (bio and avatar). Mail preferences and the member's data
//! have pages of their own beside them.

use actix_web::{get, post, web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};
use tera::Context;

use crate::auth::{password, session, CsrfForm, Viewer};
use crate::error::{AppError, AppResult};
use crate::forum::accounts::profile::{self, MAX_BIO_CHARS};
use crate::forum::{accounts::recovery, accounts::sso, Actor, Checks};
use crate::i18n::Message;
use crate::model::accounts::oidc::LinkedSignIn;
use crate::model::accounts::users;
use crate::state::AppState;
use crate::web::say;
use crate::web::{form_again, ok_page, see_other, NoFields};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(account_page)
        .service(change_email)
        .service(change_password)
        .service(resend_verification)
        .service(remove_sign_in)
        .service(profile_page)
        .service(save_bio)
        .service(remove_avatar);
}

#[derive(Deserialize)]
struct Flags {
    confirmed: Option<String>,
    reset: Option<String>,
    password: Option<String>,
    sent: Option<String>,
    restored: Option<String>,
    unlinked: Option<String>,
    /// Back from saving the member's language (`web::language`).
    language: Option<String>,
}

#[derive(Debug, Default, Deserialize, Serialize)]
struct EmailForm {
    #[serde(default)]
    email: String,
    #[serde(default, skip_serializing)]
    current_password: String,
}

#[derive(Serialize)]
struct AccountView {
    email: String,
    email_verified_at: Option<chrono::NaiveDateTime>,
    /// Accounts without a password prove themselves by a fresh sign-in.
    has_password: bool,
    api_tokens: i64,
}

/// A linked sign-in as the settings and the reset page show it.
#[derive(Serialize)]
pub struct SignInView {
    id: i64,
    provider: String,
    created_at: chrono::NaiveDateTime,
    last_login_at: chrono::NaiveDateTime,
}

/// Names each linked sign-in by its provider: the configured one's name,
/// else its issuer address (a provider configured before).
pub fn sign_in_views(state: &AppState, linked: Vec<LinkedSignIn>) -> Vec<SignInView> {
    linked
        .into_iter()
        .map(|l| SignInView {
            id: l.id,
            provider: match state.sso.as_deref() {
                Some(sso) if sso.issuer == l.issuer => sso.name.clone(),
                _ => l.issuer,
            },
            created_at: l.created_at,
            last_login_at: l.last_login_at,
        })
        .collect()
}

async fn account_context(state: &AppState, user_id: i64) -> AppResult<Context> {
    let ((user, linked, api_tokens), language) = state
        .db(move |conn| {
            Ok((
                (
                    users::find(conn, user_id)?,
                    crate::model::accounts::oidc::identities_of(conn, user_id)?,
                    crate::model::integrations::api_tokens::count_for_user(conn, user_id)?,
                ),
                users::language(conn, user_id)?,
            ))
        })
        .await?;
    let mut context = Context::new();
    // The member's language (`web::language`), or "" when not chosen.
    context.insert(
        "language_setting",
        language
            .as_deref()
            .and_then(crate::i18n::Language::from_code)
            .map_or("", crate::i18n::Language::code),
    );
    context.insert("settings_section", "account");
    context.insert(
        "account",
        &AccountView {
            has_password: recovery::has_password(&user),
            email: user.email,
            email_verified_at: user.email_verified_at,
            api_tokens,
        },
    );
    context.insert("sign_ins", &sign_in_views(state, linked));
    context.insert("fresh_sign_in_minutes", &recovery::FRESH_SIGN_IN_MINUTES);
    context.insert("undo_days", &recovery::UNDO_DAYS);
    context.insert("email_form", &EmailForm::default());
    Ok(context)
}

#[get("/settings")]
async fn account_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    flags: web::Query<Flags>,
) -> AppResult<HttpResponse> {
    let user = viewer.require_user()?;
    let mut context = account_context(&state, user.id).await?;
    let notice = if flags.confirmed.is_some() {
        Some(say(&req, "err-notice-thank-email-address-confirmed"))
    } else if flags.reset.is_some() {
        Some(say(&req, "err-notice-new-password-saved-every-other"))
    } else if flags.password.is_some() {
        Some(say(&req, "err-notice-password-changed-other-devices-were"))
    } else if flags.sent.is_some() {
        Some(say(&req, "err-notice-we-sent-confirmation-link-again"))
    } else if flags.restored.is_some() {
        Some(say(&req, "err-notice-address-back-new-password-saved"))
    } else if flags.unlinked.is_some() {
        Some(say(&req, "err-notice-sign-removed-can-no-longer"))
    } else {
        None
    };
    context.insert("notice", &notice);
    context.insert("language_setting_saved", &flags.language.is_some());
    ok_page(&req, &viewer, "settings/account.html", context)
}

#[post("/settings/email")]
async fn change_email(
    req: HttpRequest,
    state: web::Data<AppState>,
    CsrfForm(viewer, form): CsrfForm<EmailForm>,
) -> AppResult<HttpResponse> {
    let user = viewer.require_user()?;
    let actor = Actor::from(user);
    // The password card has a current-password field too: this error is the
    // address form's own.
    let requested = reauthenticate(&req, &state, user, &form.current_password)
        .await
        .map_err(|e| e.rename_field("current_password", "email_current_password"));
    let requested = match requested {
        Ok(proof) => {
            let email = form.email.clone();
            state
                .db(move |conn| recovery::request_email_change(conn, &actor, proof, &email))
                .await
        }
        Err(e) => Err(e),
    };
    let mut context = account_context(&state, user.id).await?;
    match requested {
        Ok(email) => {
            context.insert(
                "notice",
                &say(
                    &req,
                    Message::new("err-notice-we-sent-link-email-open").with("email", email),
                ),
            );
            ok_page(&req, &viewer, "settings/account.html", context)
        }
        Err(e) => {
            context.insert("email_form", &form);
            form_again(&req, &viewer, "settings/account.html", context, e)
        }
    }
}

/// The member proves it is them: wrong passwords count as failed logins to
/// the account (so a stolen session cannot guess it), and argon2 runs off the
/// async workers.
async fn reauthenticate(
    req: &HttpRequest,
    state: &AppState,
    user: &crate::auth::CurrentUser,
    given: &str,
) -> AppResult<recovery::Reauthenticated> {
    let (policy, username, address) = (
        state.policy.clone(),
        user.username.clone(),
        crate::web::client::address(req),
    );
    let attempt = state
        .db(move |conn| {
            crate::forum::accounts::credentials::begin_login(conn, &policy, &username, &address)
        })
        .await
        .map_err(|e| e.rename_field("form", "current_password"))?;
    let account = attempt.user.clone().ok_or(AppError::LoginRequired)?;
    let (given, started) = (given.to_owned(), user.session_started_at);
    let proof = state
        .blocking(move || recovery::reauthenticate(&account, &given, started))
        .await?;
    state
        .db(move |conn| crate::forum::accounts::credentials::login_succeeded(conn, &attempt))
        .await?;
    Ok(proof)
}

#[derive(Deserialize)]
struct PasswordForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_confirm: String,
}

#[post("/settings/password")]
async fn change_password(
    req: HttpRequest,
    state: web::Data<AppState>,
    CsrfForm(viewer, form): CsrfForm<PasswordForm>,
) -> AppResult<HttpResponse> {
    let user = viewer.require_user()?;
    let actor = Actor::from(user);
    let mut checks = Checks::default();
    crate::forum::accounts::credentials::validate_new_password(
        &mut checks,
        &form.password,
        &form.password_confirm,
    );
    if let Err(e) = checks.finish() {
        let context = account_context(&state, user.id).await?;
        return form_again(&req, &viewer, "settings/account.html", context, e);
    }
    // Wrong current passwords count as failed logins; argon2 runs off the
    // async workers, outside any transaction.
    let proof = match reauthenticate(&req, &state, user, &form.current_password).await {
        Ok(proof) => proof,
        Err(e) => {
            let context = account_context(&state, user.id).await?;
            return form_again(&req, &viewer, "settings/account.html", context, e);
        }
    };
    let new = form.password.clone();
    let hash = state
        .blocking(move || password::hash_password(&new).map_err(AppError::from))
        .await?;
    let current_session = req
        .cookie(session::SESSION_COOKIE)
        .map(|c| c.value().to_owned())
        .unwrap_or_default();
    state
        .db(move |conn| recovery::change_password(conn, &actor, proof, &hash, &current_session))
        .await?;
    Ok(see_other("/settings?password=1"))
}

#[post("/settings/verification")]
async fn resend_verification(
    req: HttpRequest,
    state: web::Data<AppState>,
    CsrfForm(viewer, _): CsrfForm<NoFields>,
) -> AppResult<HttpResponse> {
    let user = viewer.require_user()?;
    let actor = Actor::from(user);
    let sent = state
        .db(move |conn| recovery::resend_verification(conn, &actor))
        .await;
    match sent {
        Ok(Some(_)) => Ok(see_other("/settings?sent=1")),
        Ok(None) => Ok(see_other("/settings?confirmed=1")),
        Err(e) => {
            let context = account_context(&state, user.id).await?;
            form_again(&req, &viewer, "settings/account.html", context, e)
        }
    }
}

#[derive(Deserialize)]
struct SignInPath {
    id: i64,
}

#[post("/settings/sign-ins/{id}/remove")]
async fn remove_sign_in(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<SignInPath>,
    CsrfForm(viewer, _): CsrfForm<NoFields>,
) -> AppResult<HttpResponse> {
    let user = viewer.require_user()?;
    let actor = Actor::from(user);
    let (id, password_login) = (path.id, state.config.password_login_enabled());
    let removed = state
        .db(move |conn| sso::remove_sign_in(conn, &actor, id, password_login))
        .await;
    match removed {
        Ok(()) => Ok(see_other("/settings?unlinked=1#sign-ins")),
        Err(e @ AppError::Invalid(_)) => {
            let context = account_context(&state, user.id).await?;
            form_again(&req, &viewer, "settings/account.html", context, e)
        }
        Err(e) => Err(e),
    }
}

const PROFILE_TEMPLATE: &str = "settings/profile.html";

#[derive(Debug, Default, Deserialize, Serialize)]
struct BioForm {
    #[serde(default)]
    bio: String,
}

#[derive(Deserialize)]
struct ProfileFlags {
    saved: Option<String>,
    avatar: Option<String>,
    removed: Option<String>,
}

/// The profile settings: the bio as kept (or as sent, when it was refused)
/// and the avatar's stored photo.
async fn profile_context(
    state: &AppState,
    user_id: i64,
    bio: Option<String>,
) -> AppResult<Context> {
    let (user, avatar) = state
        .db(move |conn| {
            Ok((
                users::find(conn, user_id)?,
                users::avatars(conn, &[user_id])?.pop(),
            ))
        })
        .await?;
    let mut context = Context::new();
    context.insert("settings_section", "profile");
    context.insert("username", &user.username);
    context.insert(
        "form",
        &BioForm {
            bio: bio.unwrap_or(user.bio),
        },
    );
    context.insert("max_bio_chars", &MAX_BIO_CHARS);
    context.insert(
        "avatar",
        &avatar.map(|(_, sha256, extension)| (sha256, extension)),
    );
    Ok(context)
}

#[get("/settings/profile")]
async fn profile_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    flags: web::Query<ProfileFlags>,
) -> AppResult<HttpResponse> {
    let user = viewer.require_user()?;
    let mut context = profile_context(&state, user.id, None).await?;
    let notice = if flags.saved.is_some() {
        Some(say(&req, "err-notice-bio-saved"))
    } else if flags.avatar.is_some() {
        Some(say(&req, "err-notice-new-avatar-profile"))
    } else if flags.removed.is_some() {
        Some(say(&req, "err-notice-avatar-removed"))
    } else {
        None
    };
    context.insert("notice", &notice);
    ok_page(&req, &viewer, PROFILE_TEMPLATE, context)
}

#[post("/settings/profile")]
async fn save_bio(
    req: HttpRequest,
    state: web::Data<AppState>,
    CsrfForm(viewer, form): CsrfForm<BioForm>,
) -> AppResult<HttpResponse> {
    let actor = crate::web::actor(&viewer)?;
    let (user_id, bio) = (actor.id, form.bio.clone());
    match state
        .db(move |conn| profile::set_bio(conn, &actor, &bio))
        .await
    {
        Ok(()) => Ok(see_other("/settings/profile?saved=1")),
        Err(e) => {
            let context = profile_context(&state, user_id, Some(form.bio)).await?;
            form_again(&req, &viewer, PROFILE_TEMPLATE, context, e)
        }
    }
}

/// The profile settings again with an error (a refused avatar photo).
pub(crate) async fn profile_again(
    req: &HttpRequest,
    state: &AppState,
    viewer: &Viewer,
    error: AppError,
) -> AppResult<HttpResponse> {
    let user_id = viewer.require_user()?.id;
    let context = profile_context(state, user_id, None).await?;
    form_again(req, viewer, PROFILE_TEMPLATE, context, error)
}

#[post("/settings/avatar/remove")]
async fn remove_avatar(
    state: web::Data<AppState>,
    CsrfForm(viewer, _): CsrfForm<NoFields>,
) -> AppResult<HttpResponse> {
    let actor = crate::web::actor(&viewer)?;
    state
        .db(move |conn| profile::remove_avatar(conn, &actor))
        .await?;
    Ok(see_other("/settings/profile?removed=1"))
}
