//! Account settings: personal access tokens for the JSON API (made, listed,
//! revoked). A new token is shown once, on the page that answers the form,
//! and never again (only its hash is kept).

use actix_web::http::header;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use serde::Deserialize;
use tera::Context;

use crate::auth::{CsrfForm, Viewer};
use crate::error::AppResult;
use crate::forum::integrations::api_tokens::{self as rules, TokenForm, LIFETIMES, NAME_CHARS};
use crate::forum::Actor;
use crate::model::integrations::api_tokens::TokenInfo;
use crate::state::AppState;
use crate::web::say;
use crate::web::{actor, form_again, ok_page, see_other, NoFields};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(tokens_page)
        .service(create_token)
        .service(revoke_token);
}

const TEMPLATE: &str = "settings/tokens.html";

/// The lifetimes a token may have, by their form values (the page names
/// each with `token-lifetime-<value>`).
fn lifetimes() -> Vec<&'static str> {
    LIFETIMES.iter().map(|(value, _)| *value).collect()
}

async fn tokens_context(state: &AppState, actor: &Actor, form: &TokenForm) -> AppResult<Context> {
    let for_db = actor.clone();
    let tokens = state.db(move |conn| rules::list(conn, &for_db)).await?;
    let mut context = Context::new();
    context.insert("settings_section", "tokens");
    context.insert("tokens", &tokens);
    context.insert("form", form);
    context.insert("lifetimes", &lifetimes());
    context.insert("max_name", NAME_CHARS.end());
    context.insert("created", &None::<TokenInfo>);
    context.insert("notice", &None::<&str>);
    Ok(context)
}

#[derive(Deserialize)]
struct Flags {
    revoked: Option<String>,
}

#[get("/settings/tokens")]
async fn tokens_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    flags: web::Query<Flags>,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    let form = TokenForm {
        scope: "read".into(),
        lifetime: "90".into(),
        ..TokenForm::default()
    };
    let mut context = tokens_context(&state, &actor, &form).await?;
    if flags.revoked.is_some() {
        context.insert(
            "notice",
            &say(&req, "err-notice-token-revoked-no-longer-works"),
        );
    }
    ok_page(&req, &viewer, TEMPLATE, context)
}

#[post("/settings/tokens")]
async fn create_token(
    req: HttpRequest,
    state: web::Data<AppState>,
    CsrfForm(viewer, form): CsrfForm<TokenForm>,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    let (for_db, submitted) = (actor.clone(), form.clone());
    let result = state
        .db(move |conn| Ok(rules::create(conn, &for_db, &submitted)))
        .await?;
    match result {
        Ok(created) => {
            let fresh = TokenForm {
                scope: "read".into(),
                lifetime: "90".into(),
                ..TokenForm::default()
            };
            let mut context = tokens_context(&state, &actor, &fresh).await?;
            context.insert("created", &created.info);
            context.insert("created_token", &created.token);
            let mut page = ok_page(&req, &viewer, TEMPLATE, context)?;
            // The token is in this page alone: no cache may keep it.
            page.headers_mut().insert(
                header::CACHE_CONTROL,
                header::HeaderValue::from_static("no-store"),
            );
            Ok(page)
        }
        Err(e) => {
            let context = tokens_context(&state, &actor, &form).await?;
            form_again(&req, &viewer, TEMPLATE, context, e)
        }
    }
}

#[post("/settings/tokens/{id}/revoke")]
async fn revoke_token(
    state: web::Data<AppState>,
    path: web::Path<i64>,
    CsrfForm(viewer, _): CsrfForm<NoFields>,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    let id = path.into_inner();
    state
        .db(move |conn| rules::revoke(conn, &actor, id))
        .await?;
    Ok(see_other("/settings/tokens?revoked=1"))
}
