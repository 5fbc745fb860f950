//! One error type for the whole app, and how it becomes a response: an HTML
//! error page, or a JSON body under `/api/`. Unexpected errors are logged with
//! their cause and shown as a plain 500 that leaks nothing.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use diesel::result::{DatabaseErrorKind, Error as DieselError};

use crate::i18n::{Language, Message};

/// Messages for the fields of a form, keyed by field name ("" for the whole form).
pub type FieldErrors = BTreeMap<&'static str, Message>;

/// The same messages in a reader's language, as forms and the API show them.
pub type FieldMessages = BTreeMap<&'static str, String>;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The submitted input breaks a rule; the form is shown again with these messages.
    #[error("invalid input")]
    Invalid(FieldErrors),
    /// A unique name or address is already in use; the form is shown again.
    #[error("already taken")]
    Taken(FieldErrors),
    /// Too many attempts or posts for now; the form is shown again (429).
    #[error("rate limited")]
    Limited(FieldErrors),
    /// Says what is missing, in English words: `err-not-found-<what>` says it.
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("forbidden: {}", .0.key)]
    Forbidden(Message),
    /// The visitor must log in first.
    #[error("login required")]
    LoginRequired,
    #[error("bad request: {}", .0.key)]
    BadRequest(Message),
    #[error("conflict: {}", .0.key)]
    Conflict(Message),
    #[error("the form has expired or did not come from this site")]
    Csrf,
    #[error("the database is unavailable")]
    Unavailable(String),
    /// A write could not get the database's lock in time (another long write):
    /// nothing was written; the form is shown again (503, Retry-After).
    #[error("the database is busy")]
    Busy(FieldErrors),
    /// Files could not be written (disk full, read-only): nothing was kept.
    #[error("storage failed")]
    Storage(String),
    #[error("internal error")]
    Internal(#[from] anyhow::Error),
    /// An API token that is unknown, revoked, expired or malformed (401).
    #[error("invalid API token")]
    BadToken,
    /// Too many requests for now, with how long to wait (429, Retry-After).
    #[error("too many requests")]
    TooManyRequests {
        message: Message,
        retry_after_seconds: u64,
    },
    /// The single sign-on provider did not answer (or answered nonsense).
    #[error("the sign-in provider is unavailable")]
    ProviderDown(String),
}

pub type AppResult<T> = Result<T, AppError>;

/// What a 503 asks the client to wait before trying again.
pub const RETRY_AFTER_SECONDS: &str = "5";

impl AppError {
    pub fn invalid(field: &'static str, message: impl Into<Message>) -> AppError {
        let mut errors = FieldErrors::new();
        errors.insert(field, message.into());
        AppError::Invalid(errors)
    }

    /// Too many attempts for now, said next to a field (429).
    pub fn invalid_limited(field: &'static str, message: impl Into<Message>) -> AppError {
        let mut errors = FieldErrors::new();
        errors.insert(field, message.into());
        AppError::Limited(errors)
    }

    /// The same error, its message shown beside another field (a page with
    /// two forms that share a field name).
    pub fn rename_field(mut self, from: &str, to: &'static str) -> AppError {
        if let AppError::Invalid(errors) | AppError::Taken(errors) | AppError::Limited(errors) =
            &mut self
        {
            if let Some(message) = errors.remove(from) {
                errors.insert(to, message);
            }
        }
        self
    }

    pub fn forbidden(message: impl Into<Message>) -> AppError {
        AppError::Forbidden(message.into())
    }

    /// A short code for the JSON API.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::Invalid(_) => "invalid",
            AppError::Taken(_) => "taken",
            AppError::Limited(_) => "rate_limited",
            AppError::NotFound(_) => "not_found",
            AppError::Forbidden(_) => "forbidden",
            AppError::LoginRequired => "login_required",
            AppError::BadRequest(_) => "bad_request",
            AppError::Conflict(_) => "conflict",
            AppError::Csrf => "csrf",
            AppError::Unavailable(_) => "unavailable",
            AppError::Busy(_) => "busy",
            AppError::Storage(_) => "storage",
            AppError::Internal(_) => "internal",
            AppError::BadToken => "invalid_token",
            AppError::TooManyRequests { .. } => "rate_limited",
            AppError::ProviderDown(_) => "provider_unavailable",
        }
    }

    /// What a person may be told, in `language`. Never includes internal
    /// causes.
    pub fn public_message(&self, language: Language) -> String {
        let key = match self {
            AppError::Invalid(errors)
            | AppError::Taken(errors)
            | AppError::Limited(errors)
            | AppError::Busy(errors) => {
                return errors
                    .values()
                    .map(|m| m.in_language(language))
                    .collect::<Vec<_>>()
                    .join(" ")
            }
            AppError::NotFound(what) => {
                let key = format!("err-not-found-{}", what.replace(' ', "-"));
                return crate::i18n::text(language, &key);
            }
            AppError::Forbidden(m)
            | AppError::BadRequest(m)
            | AppError::Conflict(m)
            | AppError::TooManyRequests { message: m, .. } => return m.in_language(language),
            AppError::LoginRequired => "err-login-required",
            AppError::Csrf => "err-csrf",
            AppError::Unavailable(_) => "err-unavailable",
            AppError::Storage(_) => "err-storage",
            AppError::Internal(_) => "err-internal",
            AppError::BadToken => "err-bad-token",
            AppError::ProviderDown(_) => "err-provider-down",
        };
        crate::i18n::text(language, key)
    }

    /// The field messages of an error a form can show next to its fields.
    pub fn field_errors(&self) -> Option<&FieldErrors> {
        match self {
            AppError::Invalid(errors)
            | AppError::Taken(errors)
            | AppError::Limited(errors)
            | AppError::Busy(errors) => Some(errors),
            _ => None,
        }
    }

    /// The field messages in `language`, for a form shown again or the API.
    pub fn field_messages(&self, language: Language) -> Option<FieldMessages> {
        self.field_errors()
            .map(|errors| in_language(errors, language))
    }
}

/// Field messages in `language`.
pub fn in_language(errors: &FieldErrors, language: Language) -> FieldMessages {
    errors
        .iter()
        .map(|(field, message)| (*field, message.in_language(language)))
        .collect()
}

/// Maps diesel's NotFound to a 404 that names what was missing.
pub fn not_found(what: &'static str) -> impl Fn(DieselError) -> AppError {
    move |e| match e {
        DieselError::NotFound => AppError::NotFound(what),
        other => other.into(),
    }
}

impl From<DieselError> for AppError {
    fn from(e: DieselError) -> AppError {
        match e {
            DieselError::NotFound => AppError::NotFound("page"),
            DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, info) => {
                AppError::Conflict(
                    Message::new("err-already-exists").with("detail", info.message()),
                )
            }
            DieselError::DatabaseError(DatabaseErrorKind::ClosedConnection, info) => {
                AppError::Unavailable(info.message().to_owned())
            }
            DieselError::DatabaseError(kind, info) if is_lock_timeout(&kind, info.message()) => {
                tracing::warn!(
                    cause = info.message(),
                    "a write timed out waiting for a lock"
                );
                AppError::busy()
            }
            other => AppError::Internal(other.into()),
        }
    }
}

/// SQLite's "database is locked" (busy_timeout ran out) and PostgreSQL's
/// lock_timeout (55P03) or serialization failure: waiting longer or trying
/// again would succeed, so the member is asked to.
fn is_lock_timeout(kind: &DatabaseErrorKind, message: &str) -> bool {
    matches!(kind, DatabaseErrorKind::SerializationFailure)
        || message.contains("database is locked")
        || message.contains("database table is locked")
        || message.contains("lock timeout")
}

impl AppError {
    pub fn busy() -> AppError {
        let mut errors = FieldErrors::new();
        errors.insert("form", "err-busy".into());
        AppError::Busy(errors)
    }
}

impl From<diesel::r2d2::PoolError> for AppError {
    fn from(e: diesel::r2d2::PoolError) -> AppError {
        AppError::Unavailable(e.to_string())
    }
}

impl From<actix_web::error::BlockingError> for AppError {
    fn from(e: actix_web::error::BlockingError) -> AppError {
        AppError::Internal(anyhow::anyhow!("blocking task failed: {e}"))
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Taken(_) => StatusCode::CONFLICT,
            AppError::Limited(_) | AppError::TooManyRequests { .. } => {
                StatusCode::TOO_MANY_REQUESTS
            }
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::Forbidden(_) | AppError::Csrf => StatusCode::FORBIDDEN,
            AppError::LoginRequired | AppError::BadToken => StatusCode::UNAUTHORIZED,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::Unavailable(_)
            | AppError::Storage(_)
            | AppError::Busy(_)
            | AppError::ProviderDown(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// A plain body; the error-page middleware (web::errors) turns it into an
    /// HTML page or a JSON body depending on the request path.
    fn error_response(&self) -> HttpResponse {
        match self {
            AppError::Internal(cause) => tracing::error!(error = ?cause, "internal error"),
            AppError::Unavailable(cause) => tracing::warn!(%cause, "database unavailable"),
            AppError::Storage(cause) => tracing::error!(%cause, "storing a photo failed"),
            AppError::ProviderDown(cause) => tracing::warn!(%cause, "single sign-on provider"),
            _ => {}
        }
        let mut response = HttpResponse::build(self.status_code());
        if matches!(
            self,
            AppError::Unavailable(_) | AppError::Busy(_) | AppError::ProviderDown(_)
        ) {
            response.insert_header(("Retry-After", RETRY_AFTER_SECONDS));
        }
        if let AppError::TooManyRequests {
            retry_after_seconds,
            ..
        } = self
        {
            response.insert_header(("Retry-After", retry_after_seconds.to_string()));
        }
        if matches!(self, AppError::BadToken) {
            response.insert_header(("WWW-Authenticate", "Bearer"));
        }
        response
            .content_type("text/plain; charset=utf-8")
            .body(self.public_message(Language::En))
    }
}
