//! Leaving the forum, for the member: the page of the personal data the
//! forum keeps (with the logged-in browsers, each of which can be logged
//! out), its export as a JSON file, and deleting the account.

use actix_web::http::header;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};
use tera::Context;

use crate::auth::{password, session, CsrfForm, Viewer};
use crate::error::{AppError, AppResult};
use crate::forum::accounts::leaving::{self, DeleteForm, Export};
use crate::forum::{accounts::credentials, accounts::sessions as session_rules, Actor};
use crate::i18n::{self, Language, Message};
use crate::model::accounts::account_data::SessionInfo;
use crate::state::AppState;
use crate::web::say;
use crate::web::{actor, client, form_again, ok_page, see_other, NoFields};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(data_page)
        .service(export_mine)
        .service(delete_mine)
        .service(end_session)
        .service(end_other_sessions)
        .service(left);
}

const TEMPLATE: &str = "settings/data.html";

/// A logged-in browser as the data page lists it.
#[derive(Serialize)]
struct SessionView {
    id: i64,
    /// "Firefox on Linux".
    browser: String,
    /// The network it logged in from (a /24 or /48), if known.
    network: String,
    created_at: chrono::NaiveDateTime,
    last_seen_at: chrono::NaiveDateTime,
    this_browser: bool,
}

/// This browser first, then the others, most recently used first.
fn session_views(sessions: &[SessionInfo], current: i64, language: Language) -> Vec<SessionView> {
    let mut views: Vec<SessionView> = sessions
        .iter()
        .map(|s| SessionView {
            id: s.id,
            browser: if s.user_agent.is_empty() {
                i18n::text(language, "data-browser-before")
            } else {
                let (browser, system) = session::user_agent_parts(&s.user_agent);
                let name = |key: &str, known: Option<&str>| {
                    known.map_or_else(|| i18n::text(language, key), str::to_owned)
                };
                i18n::text_with(
                    language,
                    "data-browser-on",
                    &[
                        ("browser", name("data-browser-unknown", browser).into()),
                        ("system", name("data-system-unknown", system).into()),
                    ],
                )
            },
            network: s.network.clone(),
            created_at: s.created_at,
            last_seen_at: s.last_seen_at,
            this_browser: s.id == current,
        })
        .collect();
    views.sort_by_key(|v| !v.this_browser);
    views
}

async fn data_context(
    state: &AppState,
    viewer: &Viewer,
    actor: &Actor,
    language: Language,
) -> AppResult<Context> {
    let for_db = actor.clone();
    let summary = state
        .db(move |conn| leaving::summary(conn, &for_db))
        .await?;
    let current = viewer.require_user()?.session_id;
    let mut context = Context::new();
    context.insert("settings_section", "data");
    context.insert(
        "sessions",
        &session_views(&summary.sessions, current, language),
    );
    context.insert("data", &summary);
    context.insert("form", &DeleteForm::default());
    context.insert("can_leave", &leaving::ensure_can_leave(actor).is_ok());
    context.insert("left", &false);
    Ok(context)
}

#[get("/settings/data")]
async fn data_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    flags: web::Query<DataFlags>,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    let language = crate::web::language::of(&req);
    let mut context = data_context(&state, &viewer, &actor, language).await?;
    let notice = match (flags.ended.is_some(), flags.others_ended) {
        (true, _) => Some(say(&req, "err-notice-browser-logged-out")),
        (_, Some(0)) => Some(say(&req, "err-notice-no-other-browser-was-logged")),
        (_, Some(1)) => Some(say(&req, "err-notice-other-browser-logged-out")),
        (_, Some(n)) => Some(say(
            &req,
            Message::new("err-notice-n-other-browsers-logged-out").with("n", n),
        )),
        (false, None) => None,
    };
    context.insert("notice", &notice);
    ok_page(&req, &viewer, TEMPLATE, context)
}

/// What the page says after logging browsers out.
#[derive(Deserialize)]
struct DataFlags {
    ended: Option<String>,
    others_ended: Option<usize>,
}

/// Logs out one of the member's own browsers; another member's session
/// answers 404. Ending this browser's own session logs it out here too.
#[post("/settings/sessions/{id}/end")]
async fn end_session(
    state: web::Data<AppState>,
    path: web::Path<i64>,
    CsrfForm(viewer, _): CsrfForm<NoFields>,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    let id = path.into_inner();
    state
        .db(move |conn| session_rules::end_one(conn, &actor, id))
        .await?;
    if viewer.require_user()?.session_id == id {
        let mut response = see_other("/");
        let _ = response.add_cookie(&session::removal_cookie(state.config.secure_cookies()));
        return Ok(response);
    }
    Ok(see_other("/settings/data?ended=1#sessions"))
}

/// Logs out every browser of the member but this one.
#[post("/settings/sessions/end-others")]
async fn end_other_sessions(
    state: web::Data<AppState>,
    CsrfForm(viewer, _): CsrfForm<NoFields>,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    let current = viewer.require_user()?.session_id;
    let ended = state
        .db(move |conn| session_rules::end_others(conn, &actor, current))
        .await?;
    Ok(see_other(&format!(
        "/settings/data?others_ended={ended}#sessions"
    )))
}

/// The export written out, on a blocking thread: its file name and JSON.
pub fn export_file(data: &Export) -> AppResult<(String, Vec<u8>)> {
    let body = serde_json::to_vec_pretty(data)
        .map_err(|e| AppError::Internal(anyhow::Error::new(e).context("writing an export")))?;
    Ok((data.file_name(), body))
}

/// The export as a download: JSON, never kept by a cache on the way.
pub fn download(file_name: &str, body: Vec<u8>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/json; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{file_name}\""),
        ))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(body)
}

/// A POST (with its CSRF token), so no other site can make a browser fetch
/// the file, and no link or prefetch can.
#[post("/settings/data/export")]
async fn export_mine(
    state: web::Data<AppState>,
    CsrfForm(viewer, _): CsrfForm<NoFields>,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    // Read and written as JSON on the blocking pool: a long history is work.
    let (file_name, body) = state
        .db(move |conn| export_file(&leaving::export_own(conn, &actor)?))
        .await?;
    Ok(download(&file_name, body))
}

/// The data page again, with the delete form as sent and its message.
async fn delete_form_again(
    req: &HttpRequest,
    state: &AppState,
    viewer: &Viewer,
    actor: &Actor,
    form: &DeleteForm,
    error: AppError,
) -> AppResult<HttpResponse> {
    let language = crate::web::language::of(req);
    let mut context = data_context(state, viewer, actor, language).await?;
    context.insert("form", form);
    form_again(req, viewer, TEMPLATE, context, error)
}

#[post("/settings/data/delete")]
async fn delete_mine(
    req: HttpRequest,
    state: web::Data<AppState>,
    CsrfForm(viewer, form): CsrfForm<DeleteForm>,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    leaving::ensure_can_leave(&actor)?;
    let username = viewer.require_user()?.username.clone();
    if let Err(e) = leaving::check_confirmation(&form.confirm, &username) {
        return delete_form_again(&req, &state, &viewer, &actor, &form, e).await;
    }
    let wrong_password = || {
        AppError::invalid(
            "password",
            "err-account-data-not-current-password-nothing-was",
        )
    };
    if form.password.is_empty() || form.password.len() > password::MAX_PASSWORD_BYTES {
        return delete_form_again(&req, &state, &viewer, &actor, &form, wrong_password()).await;
    }
    // Counted like a login, before the password is checked: a stolen session
    // cannot guess the password here faster than on the login form.
    let (policy, login, address) = (
        state.policy.clone(),
        username.clone(),
        client::address(&req),
    );
    let minutes = policy.login_window_minutes;
    let begun = state
        .db(move |conn| credentials::begin_login(conn, &policy, &login, &address))
        .await;
    let attempt = match begun {
        Ok(attempt) => attempt,
        Err(AppError::Limited(_)) => {
            let e = AppError::invalid_limited(
                "password",
                Message::new("err-account-data-too-many-wrong-passwords-please")
                    .with("minutes", minutes),
            );
            return delete_form_again(&req, &state, &viewer, &actor, &form, e).await;
        }
        Err(e) => return Err(e),
    };
    let given = form.password.clone();
    let stored = attempt
        .user
        .as_ref()
        .filter(|u| u.id == actor.id)
        .map(|u| u.password_hash.clone());
    let verified = state
        .blocking(move || Ok(password::verify_password(&given, stored.as_deref())))
        .await?;
    if !verified {
        return delete_form_again(&req, &state, &viewer, &actor, &form, wrong_password()).await;
    }
    let for_db = actor.clone();
    state
        .db(move |conn| leaving::delete_own_account(conn, &for_db, &attempt))
        .await?;
    tracing::info!(user = actor.id, "account deleted by its member");
    let mut response = see_other("/settings/data/left");
    let _ = response.add_cookie(&session::removal_cookie(state.config.secure_cookies()));
    Ok(response)
}

/// Where a member lands after deleting their account.
#[get("/settings/data/left")]
async fn left(req: HttpRequest, viewer: Viewer) -> AppResult<HttpResponse> {
    let mut context = Context::new();
    context.insert("settings_section", "data");
    context.insert("left", &true);
    ok_page(&req, &viewer, TEMPLATE, context)
}
