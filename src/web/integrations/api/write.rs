//! The write API. Each endpoint calls the same `forum` function as the web
//! page's form does, so every rule (roles, suspension, locks, limits,
//! validation) is the one rule; here are only JSON in and JSON out. Errors
//! are `{"error": {"code", "message", "fields"?}}` (see web::errors).

use actix_web::http::header;
use actix_web::{delete, post, put, web, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::auth::ApiWriter;
use super::ApiError;
use crate::error::{AppError, AppResult};
use crate::forum::discussion::threads::{self as thread_rules, ThreadDraft};
use crate::forum::{before_service::known_issues, discussion::answers, discussion::escalations};
use crate::i18n::Message;
use crate::model::discussion::threads::{self, Thread};
use crate::model::{before_service::known_issues as issue_store, discussion::posts};
use crate::state::AppState;
use crate::web::before_service::known_issues::issue_url;
use crate::web::discussion::threads::{post_url, thread_url};

/// A JSON body that may be left out (then every field has its default).
/// A body that is there must be right: a mistake is a 400, never ignored.
fn optional_json<T: serde::de::DeserializeOwned + Default>(body: &web::Bytes) -> AppResult<T> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    serde_json::from_slice(body).map_err(|e| {
        AppError::BadRequest(
            Message::new("err-write-json-body-could-not-read").with("e", e.to_string()),
        )
    })
}

/// 201 with the new resource, and its page in `Location`.
fn created<T: Serialize>(url: &str, body: &T) -> HttpResponse {
    HttpResponse::Created()
        .insert_header((header::LOCATION, url))
        .json(body)
}

/// A new thread: a troubleshooting question, a guide, a part-swap report or
/// a discussion, on a device or none.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewThread {
    /// `troubleshooting`, `guide`, `part_swap` or `discussion`.
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub title: String,
    /// A device's slug (see `GET /api/v1/devices`); empty or absent for none.
    #[serde(default)]
    pub device: String,
    /// Markdown.
    #[serde(default)]
    pub body: String,
    /// Part-swap reports only: the part's slug.
    #[serde(default)]
    pub part: String,
    /// Part-swap reports only: `works`, `works_with_caveats` or `does_not_fit`.
    #[serde(default)]
    pub outcome: String,
    /// Part-swap reports only: what had to be done.
    #[serde(default)]
    pub caveats: String,
}

#[derive(Serialize, ToSchema)]
pub struct CreatedThread {
    pub thread: Thread,
    /// The thread's page.
    pub url: String,
}

#[utoipa::path(
    tag = "write",
    request_body = NewThread,
    responses(
        (status = 201, description = "The thread is started", body = CreatedThread,
         headers(("Location" = String, description = "The thread's page"))),
        (status = 401, description = "No valid token or session", body = ApiError),
        (status = 403, description = "Read-only token, suspended member or missing CSRF token", body = ApiError),
        (status = 404, description = "No such part", body = ApiError),
        (status = 422, description = "A field is not right: `fields` says which", body = ApiError),
        (status = 429, description = "Too many posts or requests for now", body = ApiError),
    ),
    security(("token" = []), ("session" = [], "csrf" = []))
)]
#[post("/threads")]
pub async fn create_thread(
    state: web::Data<AppState>,
    ApiWriter(actor): ApiWriter,
    body: web::Json<NewThread>,
) -> AppResult<HttpResponse> {
    let body = body.into_inner();
    let draft = ThreadDraft {
        kind: body.kind,
        title: body.title,
        device: body.device,
        body: body.body,
        part: body.part,
        outcome: body.outcome,
        caveats: body.caveats,
    };
    let policy = state.policy.clone();
    let thread = state
        .db(move |conn| thread_rules::create_thread(conn, &actor, &draft, &policy, &[]))
        .await?;
    let url = thread_url(thread.id, &thread.slug);
    Ok(created(
        &url,
        &CreatedThread {
            thread,
            url: url.clone(),
        },
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewReply {
    /// Markdown.
    #[serde(default)]
    pub body: String,
}

/// A reply as written.
#[derive(Serialize, ToSchema)]
pub struct Reply {
    pub id: i64,
    pub thread_id: i64,
    pub reply_number: i32,
    pub author_id: i64,
    /// The body as the page shows it (sanitised HTML).
    pub body_html: String,
    pub created_at: chrono::NaiveDateTime,
}

#[derive(Serialize, ToSchema)]
pub struct CreatedReply {
    pub post: Reply,
    /// The reply on its thread's page.
    pub url: String,
}

#[utoipa::path(
    tag = "write",
    request_body = NewReply,
    params(("id" = i64, Path, description = "The thread")),
    responses(
        (status = 201, description = "The reply is posted", body = CreatedReply,
         headers(("Location" = String, description = "The reply on its thread's page"))),
        (status = 401, description = "No valid token or session", body = ApiError),
        (status = 403, description = "Read-only token, suspended member, locked thread or missing CSRF token", body = ApiError),
        (status = 404, description = "No such thread", body = ApiError),
        (status = 422, description = "The body is not right: `fields` says so", body = ApiError),
        (status = 429, description = "Too many posts or requests for now", body = ApiError),
    ),
    security(("token" = []), ("session" = [], "csrf" = []))
)]
#[post("/threads/{id}/replies")]
pub async fn create_reply(
    state: web::Data<AppState>,
    ApiWriter(actor): ApiWriter,
    path: web::Path<i64>,
    body: web::Json<NewReply>,
) -> AppResult<HttpResponse> {
    let thread_id = path.into_inner();
    let policy = state.policy.clone();
    let (post, url) = state
        .db(move |conn| {
            let post = thread_rules::reply(conn, &actor, thread_id, &body.body, &policy)?;
            let thread = threads::find(conn, thread_id)?;
            let url = post_url(thread.id, &thread.slug, post.id, post.reply_number);
            Ok((post, url))
        })
        .await?;
    let reply = Reply {
        id: post.id,
        thread_id: post.thread_id,
        reply_number: post.reply_number,
        author_id: post.author_id,
        body_html: post.body_html,
        created_at: post.created_at,
    };
    Ok(created(
        &url,
        &CreatedReply {
            post: reply,
            url: url.clone(),
        },
    ))
}

#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct AcceptSolution {
    /// The firmware version the fix was checked on (optional).
    #[serde(default)]
    pub firmware: String,
}

#[derive(Serialize, ToSchema)]
pub struct ThreadChanged {
    pub thread: Thread,
    pub url: String,
}

#[utoipa::path(
    tag = "write",
    request_body(content = Option<AcceptSolution>, description = "Optional"),
    params(("id" = i64, Path, description = "The answer (a post) that solved it")),
    responses(
        (status = 200, description = "The answer is the thread's solution", body = ThreadChanged),
        (status = 400, description = "Not a troubleshooting question, or the question itself", body = ApiError),
        (status = 401, description = "No valid token or session", body = ApiError),
        (status = 403, description = "Not the asker (or staff), read-only token, suspended, or missing CSRF token", body = ApiError),
        (status = 404, description = "No such post", body = ApiError),
        (status = 422, description = "A field is not right", body = ApiError),
    ),
    security(("token" = []), ("session" = [], "csrf" = []))
)]
#[post("/posts/{id}/solution")]
pub async fn accept_solution(
    state: web::Data<AppState>,
    ApiWriter(actor): ApiWriter,
    path: web::Path<i64>,
    body: web::Bytes,
) -> AppResult<HttpResponse> {
    let post_id = path.into_inner();
    let firmware = optional_json::<AcceptSolution>(&body)?.firmware;
    let thread = state
        .db(move |conn| answers::mark_solution_checked(conn, &actor, post_id, &firmware))
        .await?;
    let url = thread_url(thread.id, &thread.slug);
    Ok(HttpResponse::Ok().json(ThreadChanged { thread, url }))
}

#[derive(Serialize, ToSchema)]
pub struct Following {
    pub thread_id: i64,
    /// Whether the caller now follows the thread (is told of new replies).
    pub following: bool,
}

async fn set_following(
    state: &AppState,
    actor: crate::forum::Actor,
    thread_id: i64,
    follow: bool,
) -> AppResult<HttpResponse> {
    state
        .db(move |conn| thread_rules::set_following(conn, &actor, thread_id, follow))
        .await?;
    Ok(HttpResponse::Ok().json(Following {
        thread_id,
        following: follow,
    }))
}

#[utoipa::path(
    tag = "write",
    params(("id" = i64, Path, description = "The thread")),
    responses(
        (status = 200, description = "Following the thread", body = Following),
        (status = 401, description = "No valid token or session", body = ApiError),
        (status = 403, description = "Read-only token, suspended member or missing CSRF token", body = ApiError),
        (status = 404, description = "No such thread", body = ApiError),
    ),
    security(("token" = []), ("session" = [], "csrf" = []))
)]
#[put("/threads/{id}/follow")]
pub async fn follow_thread(
    state: web::Data<AppState>,
    ApiWriter(actor): ApiWriter,
    path: web::Path<i64>,
) -> AppResult<HttpResponse> {
    set_following(&state, actor, path.into_inner(), true).await
}

#[utoipa::path(
    tag = "write",
    params(("id" = i64, Path, description = "The thread")),
    responses(
        (status = 200, description = "No longer following the thread", body = Following),
        (status = 401, description = "No valid token or session", body = ApiError),
        (status = 403, description = "Read-only token, suspended member or missing CSRF token", body = ApiError),
        (status = 404, description = "No such thread", body = ApiError),
    ),
    security(("token" = []), ("session" = [], "csrf" = []))
)]
#[delete("/threads/{id}/follow")]
pub async fn unfollow_thread(
    state: web::Data<AppState>,
    ApiWriter(actor): ApiWriter,
    path: web::Path<i64>,
) -> AppResult<HttpResponse> {
    set_following(&state, actor, path.into_inner(), false).await
}

#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct Verify {
    /// What staff checked (optional).
    #[serde(default)]
    pub note: String,
    /// The firmware version it was checked on (optional).
    #[serde(default)]
    pub firmware: String,
}

#[derive(Serialize, ToSchema)]
pub struct Verification {
    pub post_id: i64,
    pub thread_id: i64,
    /// The verified answer on its thread's page.
    pub url: String,
}

#[utoipa::path(
    tag = "staff",
    request_body(content = Option<Verify>, description = "Optional"),
    params(("id" = i64, Path, description = "The answer (a reply) or guide post")),
    responses(
        (status = 201, description = "Staff verified the answer", body = Verification,
         headers(("Location" = String, description = "The answer on its thread's page"))),
        (status = 400, description = "Not an answer or a guide", body = ApiError),
        (status = 401, description = "No valid token or session", body = ApiError),
        (status = 403, description = "Not staff, read-only token, suspended, or missing CSRF token", body = ApiError),
        (status = 404, description = "No such post", body = ApiError),
        (status = 409, description = "Already verified", body = ApiError),
        (status = 422, description = "A field is not right: `fields` says which", body = ApiError),
    ),
    security(("token" = []), ("session" = [], "csrf" = []))
)]
#[post("/posts/{id}/verification")]
pub async fn verify_answer(
    state: web::Data<AppState>,
    ApiWriter(actor): ApiWriter,
    path: web::Path<i64>,
    body: web::Bytes,
) -> AppResult<HttpResponse> {
    let post_id = path.into_inner();
    let form: Verify = optional_json(&body)?;
    let verification = state
        .db(move |conn| {
            answers::verify_checked(conn, &actor, post_id, &form.note, &form.firmware)?;
            let post = posts::find(conn, post_id)?;
            let thread = threads::find(conn, post.thread_id)?;
            Ok(Verification {
                post_id,
                thread_id: thread.id,
                url: post_url(thread.id, &thread.slug, post.id, post.reply_number),
            })
        })
        .await?;
    Ok(created(&verification.url.clone(), &verification))
}

#[derive(Serialize, ToSchema)]
pub struct Claimed {
    pub thread_id: i64,
    /// The staff member now on the thread.
    pub claimed_by_id: i64,
    pub url: String,
}

#[utoipa::path(
    tag = "staff",
    params(("id" = i64, Path, description = "The escalated thread")),
    responses(
        (status = 200, description = "The caller is on the thread", body = Claimed),
        (status = 401, description = "No valid token or session", body = ApiError),
        (status = 403, description = "Not staff, read-only token, suspended, or missing CSRF token", body = ApiError),
        (status = 404, description = "No such thread", body = ApiError),
        (status = 409, description = "Not escalated, or another staff member has it", body = ApiError),
    ),
    security(("token" = []), ("session" = [], "csrf" = []))
)]
#[post("/threads/{id}/claim")]
pub async fn claim_escalation(
    state: web::Data<AppState>,
    ApiWriter(actor): ApiWriter,
    path: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let thread_id = path.into_inner();
    let claimed_by_id = actor.id;
    let url = state
        .db(move |conn| {
            escalations::claim(conn, &actor, thread_id)?;
            let thread = threads::find(conn, thread_id)?;
            Ok(thread_url(thread.id, &thread.slug))
        })
        .await?;
    Ok(HttpResponse::Ok().json(Claimed {
        thread_id,
        claimed_by_id,
        url,
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct StatusChange {
    /// The new status: forward only (see the known issue's page for the
    /// choices after its current one).
    #[serde(default)]
    pub status: String,
    /// What it is fixed in (a firmware version or part revision), for `fixed`.
    #[serde(default)]
    pub fixed_in: String,
    /// A note for the people affected (optional).
    #[serde(default)]
    pub note: String,
    /// What people can do until it is fixed (empty clears it; left out keeps
    /// it). Needed for `workaround_available` unless a best fix is set.
    #[serde(default)]
    pub workaround: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct KnownIssueStatus {
    pub id: i64,
    pub status: String,
    pub fixed_in: Option<String>,
    pub url: String,
}

#[utoipa::path(
    tag = "staff",
    request_body = StatusChange,
    params(("id" = i64, Path, description = "The known issue (its thread id)")),
    responses(
        (status = 200, description = "The status is changed and the people affected are told", body = KnownIssueStatus),
        (status = 401, description = "No valid token or session", body = ApiError),
        (status = 403, description = "Not staff, read-only token, suspended, or missing CSRF token", body = ApiError),
        (status = 404, description = "No such known issue", body = ApiError),
        (status = 422, description = "Not a next status, or a field is not right: `fields` says which", body = ApiError),
    ),
    security(("token" = []), ("session" = [], "csrf" = []))
)]
#[post("/known-issues/{id}/status")]
pub async fn change_known_issue_status(
    state: web::Data<AppState>,
    ApiWriter(actor): ApiWriter,
    path: web::Path<i64>,
    body: web::Json<StatusChange>,
) -> AppResult<HttpResponse> {
    let id = path.into_inner();
    let body = body.into_inner();
    let change = known_issues::StatusChange {
        status: body.status,
        fixed_in: body.fixed_in,
        note: body.note,
        workaround: body.workaround,
    };
    let issue = state
        .db(move |conn| {
            known_issues::change_status(conn, &actor, id, &change)?;
            issue_store::find(conn, id)?.ok_or(AppError::NotFound("known issue"))
        })
        .await?;
    Ok(HttpResponse::Ok().json(KnownIssueStatus {
        id,
        status: issue.status,
        fixed_in: issue.fixed_in,
        url: issue_url(id),
    }))
}
