//! The private line of an escalated question: the thread page's part of it
//! (loaded for the asker and staff only, in one query) and the form that
//! writes a message.

use actix_web::http::StatusCode;
use actix_web::{post, web, HttpRequest, HttpResponse};
use serde::Deserialize;

use crate::auth::CsrfForm;
use crate::db::DbConn;
use crate::error::{not_found, AppError, AppResult};
use crate::forum::discussion::private_messages as rules;
use crate::model::discussion::private_messages::{self, PrivateMessageView};
use crate::model::discussion::threads;
use crate::render::markdown::Rendered;
use crate::state::AppState;
use crate::web::discussion::threads::{thread_page, thread_url, ReplyState, ThreadPage};
use crate::web::{actor, see_other};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(send);
}

/// The private messages of the thread page's thread, for the asker and staff
/// (one query); `None` for everyone else, whose page never holds them.
pub fn load(
    conn: &mut DbConn,
    viewer_id: Option<i64>,
    viewer_is_staff: bool,
    data: &ThreadPage,
) -> AppResult<Option<Vec<PrivateMessageView>>> {
    let reads = viewer_id.is_some_and(|id| viewer_is_staff || id == data.thread.author_id);
    if !reads {
        return Ok(None);
    }
    Ok(Some(private_messages::of_thread(conn, data.thread.id)?))
}

#[derive(Deserialize)]
struct MessageForm {
    #[serde(default)]
    message: String,
}

#[post("/t/{id}/private")]
async fn send(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    CsrfForm(viewer, form): CsrfForm<MessageForm>,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    let thread_id = path.into_inner();
    let body = form.message.clone();
    // The size is checked before anything is rendered, and the rendering
    // happens before the write transaction opens.
    let rendered = match rules::check_body(&body) {
        Ok(text) => {
            let text = text.to_owned();
            Some(state.blocking(move || Ok(Rendered::of(&text))).await?)
        }
        Err(_) => None,
    };
    let policy = state.policy.clone();
    let writer = actor.clone();
    let result = state
        .db(move |conn| {
            let rendered = rendered.unwrap_or_else(|| Rendered::of(""));
            rules::send(conn, &writer, thread_id, &body, &rendered, &policy)?;
            let thread = threads::find(conn, thread_id)?;
            Ok(format!("{}#private", thread_url(thread.id, &thread.slug)))
        })
        .await;
    let (e, status) = match result {
        Ok(url) => return Ok(see_other(&url)),
        Err(e) if e.field_errors().is_some() => (e, None),
        // A refusal the writer can do something about (confirm the address)
        // is said in their form, with their text, as a 403; other refusals
        // (not the asker, suspended) are the error page.
        Err(AppError::Forbidden(message)) if !actor.is_suspended() => (
            AppError::invalid("message", message),
            Some(StatusCode::FORBIDDEN),
        ),
        Err(e) => return Err(e),
    };
    let (pages, asker_id) = state
        .db(move |conn| {
            let thread = threads::find(conn, thread_id).map_err(not_found("thread"))?;
            Ok((
                i64::from(crate::forum::discussion::threads::page_count(
                    thread.reply_count,
                )),
                thread.author_id,
            ))
        })
        .await?;
    if status.is_some() && !rules::may_read(Some(&actor), asker_id) {
        // Not theirs to write on: they do not see the form either.
        let refusal = e.field_errors().and_then(|f| f.get("message")).cloned();
        return Err(refusal.map_or(e, AppError::Forbidden));
    }
    let again = ReplyState {
        private_body: form.message,
        ..ReplyState::default()
    };
    let mut response = thread_page(&req, &viewer, thread_id, pages, again, Some(e)).await?;
    if let Some(status) = status {
        *response.status_mut() = status;
    }
    Ok(response)
}
