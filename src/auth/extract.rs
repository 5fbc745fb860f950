//! Extractors: `Viewer` (who is asking, if anyone) and `CsrfForm<T>` (a form
//! whose CSRF token has been checked before the handler sees it).

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpMessage, HttpRequest};
use chrono::NaiveDateTime;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::{csrf, session};
use crate::db::DbConn;
use crate::error::AppError;
use crate::i18n::{Language, Message};
use crate::model::accounts::users::Role;

/// A live session, the member's unread notifications and, for staff, how
/// many escalations wait for staff, if the cookie had one.
pub type SessionLookup = Option<(
    crate::model::accounts::sessions::SessionUser,
    i64,
    Option<i64>,
)>;
/// The extractor's database work, handed to the application to run.
pub type SessionWork = Box<dyn FnOnce(&mut DbConn) -> Result<SessionLookup, AppError> + Send>;

/// What the extractors need from the application, registered as app data
/// (`Data<dyn SessionSource>`) by `build_app`. A trait because auth sits below
/// the application state and must not name it.
pub trait SessionSource {
    /// How old a staff session may get before the sign-in provider is asked again.
    fn staff_session_max_age(&self) -> Option<chrono::Duration>;
    /// Runs the look-up as the application runs every request's database work.
    fn run(
        &self,
        work: SessionWork,
    ) -> Pin<Box<dyn Future<Output = Result<SessionLookup, AppError>> + '_>>;
}

#[derive(Debug, Clone, Serialize)]
pub struct CurrentUser {
    pub id: i64,
    pub username: String,
    pub role: Role,
    pub suspended_until: Option<NaiveDateTime>,
    pub suspension_reason: Option<String>,
    pub reputation: i32,
    pub post_count: i32,
    pub unread_notifications: i64,
    /// Staff only: how many escalations wait for staff (beside the queue link).
    pub staff_queue: Option<i64>,
    /// The member opened the link mailed to their address.
    pub email_verified: bool,
    /// When this session began (a fresh sign-in proves who someone is).
    pub session_started_at: NaiveDateTime,
    /// This browser's session, so the sessions list can say which is "this browser".
    pub session_id: i64,
    /// The language the member chose for pages and mail; None: not chosen.
    pub language: Option<Language>,
}

/// The person behind a request: a logged-in member or a visitor, with the CSRF
/// token their forms must carry. Loaded once per request and cached.
#[derive(Debug, Clone)]
pub struct Viewer {
    pub user: Option<CurrentUser>,
    pub csrf_token: String,
    /// A visitor without a CSRF cookie yet: the page sets it.
    pub issue_csrf_cookie: bool,
}

impl Viewer {
    /// The logged-in member, or "log in first".
    pub fn require_user(&self) -> Result<&CurrentUser, AppError> {
        self.user.as_ref().ok_or(AppError::LoginRequired)
    }

    async fn load(req: &HttpRequest) -> Result<Viewer, AppError> {
        let sessions = req
            .app_data::<web::Data<dyn SessionSource>>()
            .expect("a SessionSource is registered (build_app)")
            .clone();
        if let Some(token) = req.cookie(session::SESSION_COOKIE) {
            let token = token.value().to_owned();
            let staff_max_age = sessions.staff_session_max_age();
            let found = sessions
                .run(Box::new(move |conn: &mut DbConn| {
                    let Some(s) = session::load(conn, &token, staff_max_age)? else {
                        return Ok(None);
                    };
                    let unread =
                        crate::model::accounts::notifications::unread_count(conn, s.user_id)?;
                    let staff_queue = if Role::parse(&s.role).is_some_and(Role::is_staff) {
                        Some(crate::model::discussion::escalations::count_waiting_for_staff(conn)?)
                    } else {
                        None
                    };
                    Ok(Some((s, unread, staff_queue)))
                }))
                .await?;
            if let Some((s, unread, staff_queue)) = found {
                let role = Role::parse(&s.role).unwrap_or(Role::Member);
                return Ok(Viewer {
                    user: Some(CurrentUser {
                        id: s.user_id,
                        username: s.username,
                        role,
                        suspended_until: s.suspended_until,
                        suspension_reason: s.suspension_reason,
                        reputation: s.reputation,
                        post_count: s.post_count,
                        unread_notifications: unread,
                        staff_queue,
                        email_verified: s.email_verified_at.is_some(),
                        session_started_at: s.created_at,
                        session_id: s.session_id,
                        language: s.language.as_deref().and_then(Language::from_code),
                    }),
                    csrf_token: s.csrf_token,
                    issue_csrf_cookie: false,
                });
            }
        }
        Ok(match req.cookie(csrf::CSRF_COOKIE) {
            Some(c) if csrf::well_formed(c.value()) => Viewer {
                user: None,
                csrf_token: c.value().to_owned(),
                issue_csrf_cookie: false,
            },
            _ => Viewer {
                user: None,
                csrf_token: super::random_token(),
                issue_csrf_cookie: true,
            },
        })
    }

    /// The request's viewer, read once per request. A database that did not
    /// answer is remembered too: asking again would wait for the pool again.
    pub async fn of(req: &HttpRequest) -> Result<Viewer, AppError> {
        if let Some(viewer) = req.extensions().get::<Viewer>() {
            return Ok(viewer.clone());
        }
        if let Some(DatabaseDown(cause)) = req.extensions().get::<DatabaseDown>() {
            return Err(AppError::Unavailable(cause.clone()));
        }
        match Viewer::load(req).await {
            Ok(viewer) => {
                req.extensions_mut().insert(viewer.clone());
                Ok(viewer)
            }
            Err(AppError::Unavailable(cause)) => {
                req.extensions_mut().insert(DatabaseDown(cause.clone()));
                Err(AppError::Unavailable(cause))
            }
            Err(e) => Err(e),
        }
    }
}

/// The session could not be read because the database did not answer.
struct DatabaseDown(String);

impl FromRequest for Viewer {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Viewer, AppError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { Viewer::of(&req).await })
    }
}

/// A submitted form of fields `T`, taken only when its CSRF token matches the
/// viewer's. A missing or wrong token is a 403 and the handler never runs.
pub struct CsrfForm<T>(pub Viewer, pub T);

#[derive(Deserialize)]
struct WithToken<T> {
    #[serde(default)]
    csrf_token: String,
    #[serde(flatten)]
    fields: T,
}

impl<T: DeserializeOwned + 'static> FromRequest for CsrfForm<T> {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<CsrfForm<T>, AppError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        let mut payload = payload.take();
        Box::pin(async move {
            let viewer = Viewer::of(&req).await?;
            let form = web::Form::<WithToken<T>>::from_request(&req, &mut payload)
                .await
                .map_err(|e| {
                    AppError::BadRequest(
                        Message::new("err-extract-form-could-not-read-e").with("e", e.to_string()),
                    )
                })?
                .into_inner();
            if !csrf::tokens_match(&viewer.csrf_token, &form.csrf_token) {
                return Err(AppError::Csrf);
            }
            Ok(CsrfForm(viewer, form.fields))
        })
    }
}
