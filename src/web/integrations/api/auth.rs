//! Who calls the API. A request may carry a personal access token
//! (`Authorization: Bearer fxl_…`): the `bearer_token` middleware checks it on
//! every /api/v1 request (401 when it is not valid, 429 past its rate limit)
//! and the token then stands for its owner; cookies are not looked at. Without
//! a token, a write falls back to the browser's session, which must send its
//! CSRF token in the `X-CSRF-Token` header, as a form sends it in a field: a
//! token cannot be sent by another site, a cookie can.

use std::future::Future;
use std::pin::Pin;

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::middleware::Next;
use actix_web::{web, FromRequest, HttpMessage, HttpRequest};

use crate::auth::{csrf, Viewer};
use crate::error::AppError;
use crate::forum::integrations::api_tokens::{self, Caller, Scope};
use crate::forum::Actor;
use crate::state::AppState;

/// The header a session's API writes carry their CSRF token in.
pub const CSRF_HEADER: &str = "X-CSRF-Token";

/// The token in `Authorization: Bearer <token>`; `Some(Err)` for an
/// Authorization header of any other form.
fn bearer(req: &ServiceRequest) -> Option<Result<String, AppError>> {
    let value = req.headers().get(header::AUTHORIZATION)?;
    // The scheme's name is case-insensitive (RFC 9110).
    let token = value
        .to_str()
        .ok()
        .and_then(|v| v.trim().split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim())
        .filter(|t| !t.is_empty());
    Some(token.map(str::to_owned).ok_or(AppError::BadToken))
}

/// Checks a bearer token, counts its use, and leaves its `Caller` in the
/// request for the handlers. A refusal is answered here, as a response that
/// carries its error, so the error pages (web::errors) give it the JSON shape.
pub async fn bearer_token(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    if let Some(token) = bearer(&req) {
        match caller(&req, token).await {
            Ok(caller) => {
                req.extensions_mut().insert(caller);
            }
            Err(e) => return Ok(req.error_response(e).map_into_right_body()),
        }
    }
    Ok(next.call(req).await?.map_into_left_body())
}

async fn caller(req: &ServiceRequest, token: Result<String, AppError>) -> Result<Caller, AppError> {
    let token = token?;
    let state = req
        .app_data::<web::Data<AppState>>()
        .expect("AppState is registered")
        .clone();
    let policy = state.policy.clone();
    state
        .db(move |conn| api_tokens::authenticate(conn, &token, &policy))
        .await
}

/// Who a write API request acts as: the owner of a write token, or the
/// logged-in member whose request carries their CSRF token. A read token is
/// a 403; no one at all is a 401.
pub struct ApiWriter(pub Actor);

impl ApiWriter {
    async fn of(req: &HttpRequest) -> Result<ApiWriter, AppError> {
        let caller = req.extensions().get::<Caller>().cloned();
        if let Some(caller) = caller {
            return match caller.scope {
                Scope::Write => Ok(ApiWriter(caller.actor)),
                Scope::Read => Err(AppError::forbidden("err-auth-token-may-only-read-make")),
            };
        }
        let viewer = Viewer::of(req).await?;
        let user = viewer.require_user()?;
        let submitted = req
            .headers()
            .get(CSRF_HEADER)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        if !csrf::tokens_match(&viewer.csrf_token, submitted) {
            return Err(AppError::Csrf);
        }
        Ok(ApiWriter(Actor::from(user)))
    }
}

impl FromRequest for ApiWriter {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<ApiWriter, AppError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { ApiWriter::of(&req).await })
    }
}
