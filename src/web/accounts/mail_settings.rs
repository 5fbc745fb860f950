//! Mail a member chooses: the settings page (per kind: at once, in the daily
//! digest, never; "off for everything"; the time zone whose clock the digest
//! follows) and one-click unsubscribe from a mail (RFC 8058), which needs no
//! session: the signed token in the link is the authentication.

use std::collections::BTreeMap;

use actix_web::{get, post, web, HttpRequest, HttpResponse};
use serde::Deserialize;
use tera::Context;

use crate::auth::{CsrfForm, Viewer};
use crate::error::{AppError, AppResult};
use crate::forum::accounts::mail_preferences as rules;
use crate::i18n::Message;
use crate::mail::signing;
use crate::state::AppState;
use crate::web::say;
use crate::web::{actor, ok_page, see_other, NoFields};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(settings_page)
        .service(save_settings)
        .service(turn_off_all)
        .service(unsubscribe_page)
        .service(unsubscribe);
}

#[derive(Deserialize)]
struct SavedFlag {
    saved: Option<String>,
}

#[get("/settings/mail")]
async fn settings_page(
    req: HttpRequest,
    viewer: Viewer,
    state: web::Data<AppState>,
    flag: web::Query<SavedFlag>,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    let email_verified = viewer.require_user()?.email_verified;
    let (choices, time_zone) = state
        .db(move |conn| {
            let choices = rules::choices(conn, &actor)?;
            Ok((choices, rules::time_zone_of(conn, actor.id)?))
        })
        .await?;
    let mut context = Context::new();
    context.insert("settings_section", "mail");
    context.insert("all_off", &rules::all_off(&choices));
    context.insert("choices", &choices);
    context.insert("modes", &rules::mode_options());
    context.insert("digest_hour", &state.config.digest_hour);
    context.insert("time_zone", time_zone.name());
    context.insert("time_zones", &rules::time_zone_names());
    context.insert("email_verified", &email_verified);
    let notice = match flag.saved.as_deref() {
        Some("off") => Some(say(&req, "err-notice-all-notification-mail-off-turn")),
        Some(_) => Some(say(&req, "err-notice-mail-settings-saved")),
        None => None,
    };
    context.insert("notice", &notice);
    ok_page(&req, &viewer, "settings/mail.html", context)
}

/// Every field but the CSRF token names a kind of mail (its value is the
/// mode) or is the time zone.
#[post("/settings/mail")]
async fn save_settings(
    state: web::Data<AppState>,
    CsrfForm(viewer, form): CsrfForm<BTreeMap<String, String>>,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    state
        .db(move |conn| rules::save(conn, &actor, &form))
        .await?;
    Ok(see_other("/settings/mail?saved=1"))
}

/// "Off for everything": one button, one write.
#[post("/settings/mail/off")]
async fn turn_off_all(
    state: web::Data<AppState>,
    CsrfForm(viewer, _): CsrfForm<NoFields>,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    state
        .db(move |conn| rules::turn_off_all(conn, &actor))
        .await?;
    Ok(see_other("/settings/mail?saved=off"))
}

#[derive(Deserialize)]
struct TokenQuery {
    token: Option<String>,
}

/// The member and kind the link names; a missing, bad or tampered token is
/// a clear 400.
fn read_token(state: &AppState, token: Option<&str>) -> AppResult<(i64, String)> {
    let token = token
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| {
            AppError::BadRequest("err-mail-settings-unsubscribe-link-has-no-token".into())
        })?;
    signing::read_unsubscribe_token(&state.signing_keys, token, crate::model::now()).map_err(|e| {
        AppError::BadRequest(match e {
            signing::Unreadable::Expired => {
                Message::new("err-mail-settings-unsubscribe-link-has-expired-they")
                    .with("unsubscribe_days", signing::UNSUBSCRIBE_DAYS)
            }
            signing::Unreadable::NotGenuine => {
                "err-mail-settings-unsubscribe-link-not-valid-may".into()
            }
        })
    })
}

/// Shows what the link stops, with a button; a GET changes nothing (link
/// checkers and previews open it).
#[get("/mail/unsubscribe")]
async fn unsubscribe_page(
    req: HttpRequest,
    viewer: Viewer,
    state: web::Data<AppState>,
    query: web::Query<TokenQuery>,
) -> AppResult<HttpResponse> {
    let (user_id, kind) = read_token(&state, query.token.as_deref())?;
    let status = state
        .db(move |conn| rules::unsubscribe_status(conn, user_id, &kind))
        .await?;
    let mut context = Context::new();
    context.insert("status", &status);
    context.insert("token", query.token.as_deref().unwrap_or_default().trim());
    ok_page(&req, &viewer, "mail_unsubscribe.html", context)
}

/// One click: a mail client POSTs `List-Unsubscribe=One-Click` to the link
/// (RFC 8058), with no cookies; the page's button posts the same. The token
/// is in the address, or in a `token` field of a form body.
#[post("/mail/unsubscribe")]
async fn unsubscribe(
    state: web::Data<AppState>,
    query: web::Query<TokenQuery>,
    body: web::Bytes,
) -> AppResult<HttpResponse> {
    let from_body = || {
        serde_urlencoded::from_bytes::<Vec<(String, String)>>(&body)
            .ok()?
            .into_iter()
            .find(|(name, _)| name == "token")
            .map(|(_, value)| value)
    };
    let token = query.token.clone().or_else(from_body);
    let (user_id, kind) = read_token(&state, token.as_deref())?;
    state
        .db(move |conn| rules::unsubscribe(conn, user_id, &kind))
        .await?;
    let token = token.unwrap_or_default();
    let encoded: String = url_encode(token.trim());
    Ok(see_other(&format!("/mail/unsubscribe?token={encoded}")))
}

fn url_encode(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}
