//! The admins' members page: search, roles, suspensions, a member's data
//! export and deleting their account. The rules are in `forum::staff::members` and
//! `forum::accounts::leaving`; every action there checks for an admin first.

use actix_web::{get, post, web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};
use tera::Context;

use crate::auth::{CsrfForm, Viewer};
use crate::error::{AppError, AppResult};
use crate::forum::accounts::leaving::{self, DeleteForm};
use crate::forum::staff::members;
use crate::forum::Actor;
use crate::model::accounts::account_data::MemberRow;
use crate::model::accounts::users::Role;
use crate::state::AppState;
use crate::web::accounts::account_data::{download, export_file};
use crate::web::{actor, form_again, ok_page, page_param, see_other, NoFields};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(members_page)
        .service(change_role)
        .service(suspend)
        .service(unsuspend)
        .service(export_member)
        .service(delete_member);
}

const TEMPLATE: &str = "admin/members.html";

#[derive(Deserialize)]
struct MembersQuery {
    q: Option<String>,
    page: Option<String>,
    done: Option<String>,
}

/// A row of the page.
#[derive(Serialize)]
struct MemberView {
    #[serde(flatten)]
    row: MemberRow,
    /// Only while the suspension is in force.
    suspended_now: bool,
    is_self: bool,
    /// The username lower-cased, to match `error_for`.
    key: String,
}

/// The page for `query` (a username or address prefix), page `page`.
async fn members_context(
    state: &AppState,
    actor: &Actor,
    query: Option<&str>,
    page: i64,
) -> AppResult<Context> {
    members::ensure_can_manage(actor)?;
    let prefix = members::search_prefix(query)?;
    let (for_db, prefix_for_db) = (actor.clone(), prefix.clone());
    let found = state
        .db(move |conn| members::list(conn, &for_db, prefix_for_db.as_deref(), page))
        .await?;
    let now = crate::model::now();
    let items: Vec<MemberView> = found
        .items
        .into_iter()
        .map(|row| MemberView {
            suspended_now: row.suspended_until.is_some_and(|until| until > now),
            is_self: row.id == actor.id,
            key: row.username.to_lowercase(),
            row,
        })
        .collect();
    let q = query.map(str::trim).unwrap_or_default().to_owned();
    let mut context = Context::new();
    context.insert("members", &items);
    context.insert("page", &found.page);
    context.insert("has_next", &found.has_next);
    context.insert("q", &q);
    context.insert(
        "pager_base",
        &format!(
            "/admin/members?{}",
            if q.is_empty() {
                String::new()
            } else {
                format!(
                    "{}&",
                    serde_urlencoded::to_string([("q", &q)]).unwrap_or_default()
                )
            }
        ),
    );
    context.insert("roles", &Role::ALL.map(Role::as_str));
    context.insert("notice", &None::<String>);
    context.insert("error_for", &None::<String>);
    Ok(context)
}

#[get("/admin/members")]
async fn members_page(
    req: HttpRequest,
    viewer: Viewer,
    state: web::Data<AppState>,
    query: web::Query<MembersQuery>,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    members::ensure_can_manage(&actor)?;
    let page = page_param(query.page.as_deref())?;
    let mut context = members_context(&state, &actor, query.q.as_deref(), page).await?;
    let notice = match query.done.as_deref() {
        Some("role") => Some("The role is changed."),
        Some("suspend") => Some("The member is suspended."),
        Some("unsuspend") => Some("The suspension is lifted."),
        Some("delete") => {
            Some("The account is deleted; its posts stay, shown as by a former member.")
        }
        _ => None,
    };
    context.insert("notice", &notice);
    ok_page(&req, &viewer, TEMPLATE, context)
}

/// Back to the member's row after an action.
fn back_to(username: &str, done: &str) -> HttpResponse {
    let query = serde_urlencoded::to_string([("q", username), ("done", done)]).unwrap_or_default();
    see_other(&format!("/admin/members?{query}"))
}

/// A refused form: the page again, searched for the member, with the
/// messages next to their row. Errors without field messages pass through.
async fn members_again(
    req: &HttpRequest,
    state: &AppState,
    viewer: &Viewer,
    actor: &Actor,
    username: &str,
    error: AppError,
) -> AppResult<HttpResponse> {
    if error.field_errors().is_none() {
        return Err(error);
    }
    let mut context = members_context(state, actor, Some(username), 1).await?;
    context.insert("error_for", &Some(username.to_lowercase()));
    form_again(req, viewer, TEMPLATE, context, error)
}

#[derive(Deserialize)]
struct RoleForm {
    #[serde(default)]
    role: String,
}

#[post("/admin/members/{username}/role")]
async fn change_role(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
    CsrfForm(viewer, form): CsrfForm<RoleForm>,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    let username = path.into_inner();
    let (for_db, name) = (actor.clone(), username.clone());
    let changed = state
        .db(move |conn| members::change_role(conn, &for_db, &name, &form.role))
        .await;
    match changed {
        Ok(()) => Ok(back_to(&username, "role")),
        Err(e) => members_again(&req, &state, &viewer, &actor, &username, e).await,
    }
}

#[derive(Deserialize)]
struct SuspendForm {
    #[serde(default)]
    days: String,
    #[serde(default)]
    reason: String,
}

#[post("/admin/members/{username}/suspend")]
async fn suspend(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
    CsrfForm(viewer, form): CsrfForm<SuspendForm>,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    let username = path.into_inner();
    let (for_db, name) = (actor.clone(), username.clone());
    let done = state
        .db(move |conn| members::suspend(conn, &for_db, &name, &form.days, &form.reason))
        .await;
    match done {
        Ok(()) => Ok(back_to(&username, "suspend")),
        Err(e) => members_again(&req, &state, &viewer, &actor, &username, e).await,
    }
}

#[post("/admin/members/{username}/unsuspend")]
async fn unsuspend(
    state: web::Data<AppState>,
    path: web::Path<String>,
    CsrfForm(viewer, _): CsrfForm<NoFields>,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    let username = path.into_inner();
    let name = username.clone();
    state
        .db(move |conn| members::unsuspend(conn, &actor, &name))
        .await?;
    Ok(back_to(&username, "unsuspend"))
}

/// The member's data, as their own export (the admin's download is audited).
#[post("/admin/members/{username}/export")]
async fn export_member(
    state: web::Data<AppState>,
    path: web::Path<String>,
    CsrfForm(viewer, _): CsrfForm<NoFields>,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    let username = path.into_inner();
    let (file_name, body) = state
        .db(move |conn| export_file(&leaving::export_member(conn, &actor, &username)?))
        .await?;
    Ok(download(&file_name, body))
}

#[post("/admin/members/{username}/delete")]
async fn delete_member(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
    CsrfForm(viewer, form): CsrfForm<DeleteForm>,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    let username = path.into_inner();
    let (for_db, name) = (actor.clone(), username.clone());
    let deleted = state
        .db(move |conn| leaving::delete_member(conn, &for_db, &name, &form.confirm))
        .await;
    match deleted {
        Ok(()) => {
            tracing::info!(admin = actor.id, "account deleted by an admin");
            Ok(see_other("/admin/members?done=delete"))
        }
        Err(e) => members_again(&req, &state, &viewer, &actor, &username, e).await,
    }
}
