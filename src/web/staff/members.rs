//! The admins' members pages: a compact list (found by prefix, sorted by a
//! column, paged) and each member's admin page with the actions: role,
//! suspension, their data export and deleting their account. The rules are
//! in `forum::staff::members` and `forum::accounts::leaving`; every action
//! there checks for an admin first.

use actix_web::{get, post, web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};
use tera::Context;

use crate::auth::{CsrfForm, Viewer};
use crate::error::{AppError, AppResult};
use crate::forum::accounts::leaving::{self, DeleteForm};
use crate::forum::staff::members::{self, Sorting};
use crate::forum::Actor;
use crate::model::accounts::users::Role;
use crate::model::staff::members::{MemberRow, MemberSort};
use crate::state::AppState;
use crate::web::accounts::account_data::{download, export_file};
use crate::web::say;
use crate::web::{actor, form_again, ok_page, page_param, see_other, NoFields};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(members_page)
        .service(member_page)
        .service(change_role)
        .service(suspend)
        .service(unsuspend)
        .service(export_member)
        .service(delete_member);
}

#[derive(Deserialize)]
struct MembersQuery {
    q: Option<String>,
    sort: Option<String>,
    dir: Option<String>,
    page: Option<String>,
    done: Option<String>,
}

/// A member as both pages show them.
#[derive(Serialize)]
struct MemberView {
    #[serde(flatten)]
    row: MemberRow,
    /// Only while the suspension is in force.
    suspended_now: bool,
    is_self: bool,
}

impl MemberView {
    fn of(row: MemberRow, actor: &Actor) -> MemberView {
        MemberView {
            suspended_now: row
                .suspended_until
                .is_some_and(|until| until > crate::model::now()),
            is_self: row.id == actor.id,
            row,
        }
    }
}

/// A column heading of the list: a link that sorts by it (the other way
/// round when it already does).
#[derive(Serialize)]
struct Column {
    /// The sort's name; the page names the column `admin-col-<sort>`.
    sort: &'static str,
    href: String,
    /// "ascending" or "descending" on the column the list is sorted by.
    aria_sort: Option<&'static str>,
    numeric: bool,
}

/// The list's address with these parameters (empty ones left out).
fn list_url(q: &str, sort: MemberSort, descending: bool) -> String {
    let dir = if descending == sort.default_descending() {
        ""
    } else if descending {
        "desc"
    } else {
        "asc"
    };
    let sort = if sort == MemberSort::Joined {
        ""
    } else {
        sort.as_str()
    };
    let params: Vec<(&str, &str)> = [("q", q), ("sort", sort), ("dir", dir)]
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .collect();
    let query = serde_urlencoded::to_string(params).unwrap_or_default();
    if query.is_empty() {
        "/admin/members".to_owned()
    } else {
        format!("/admin/members?{query}")
    }
}

fn columns(q: &str, sorting: Sorting) -> Vec<Column> {
    MemberSort::ALL
        .into_iter()
        .map(|by| {
            let current = sorting.by == by;
            let descending = if current {
                !sorting.descending
            } else {
                by.default_descending()
            };
            Column {
                sort: by.as_str(),
                href: list_url(q, by, descending),
                aria_sort: current.then_some(if sorting.descending {
                    "descending"
                } else {
                    "ascending"
                }),
                numeric: matches!(by, MemberSort::Posts | MemberSort::Reputation),
            }
        })
        .collect()
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
    let sorting = Sorting::parse(query.sort.as_deref(), query.dir.as_deref())?;
    let prefix = members::search_prefix(query.q.as_deref())?;
    let for_db = actor.clone();
    let found = state
        .db(move |conn| members::list(conn, &for_db, prefix.as_deref(), sorting, page))
        .await?;
    let q = query.q.as_deref().map(str::trim).unwrap_or_default();
    let items: Vec<MemberView> = found
        .items
        .into_iter()
        .map(|row| MemberView::of(row, &actor))
        .collect();
    let here = list_url(q, sorting.by, sorting.descending);
    let mut context = Context::new();
    context.insert("members", &items);
    context.insert("columns", &columns(q, sorting));
    context.insert("page", &found.page);
    context.insert("has_next", &found.has_next);
    context.insert("q", q);
    context.insert(
        "pager_base",
        &format!("{here}{}", if here.contains('?') { "&" } else { "?" }),
    );
    let notice = match query.done.as_deref() {
        Some("delete") => Some(say(&req, "err-notice-account-deleted-posts-stay-shown")),
        _ => None,
    };
    context.insert("notice", &notice);
    ok_page(&req, &viewer, "admin/members.html", context)
}

/// What the member page's forms held, shown again when one is refused.
#[derive(Default, Serialize)]
struct FormValues {
    days: String,
    reason: String,
    confirm: String,
    /// Which form was refused: its messages are shown beside it.
    refused: &'static str,
}

/// One member's admin page.
async fn member_context(
    state: &AppState,
    actor: &Actor,
    username: &str,
    values: FormValues,
) -> AppResult<Context> {
    let (for_db, name) = (actor.clone(), username.to_owned());
    let row = state
        .db(move |conn| members::find(conn, &for_db, &name))
        .await?;
    let mut context = Context::new();
    context.insert("member", &MemberView::of(row, actor));
    context.insert("roles", &Role::ALL.map(Role::as_str));
    context.insert("form", &values);
    context.insert("notice", &None::<&str>);
    Ok(context)
}

#[derive(Deserialize)]
struct DoneQuery {
    done: Option<String>,
}

#[get("/admin/members/{username}")]
async fn member_page(
    req: HttpRequest,
    viewer: Viewer,
    state: web::Data<AppState>,
    path: web::Path<String>,
    query: web::Query<DoneQuery>,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    members::ensure_can_manage(&actor)?;
    let mut context = member_context(&state, &actor, &path, FormValues::default()).await?;
    let notice = match query.done.as_deref() {
        Some("role") => Some(say(&req, "err-notice-role-changed")),
        Some("suspend") => Some(say(&req, "err-notice-member-suspended")),
        Some("unsuspend") => Some(say(&req, "err-notice-suspension-lifted")),
        _ => None,
    };
    context.insert("notice", &notice);
    ok_page(&req, &viewer, "admin/member.html", context)
}

/// What a username keeps as it is in a path (the name rules allow only
/// letters, digits, '_' and '-'; anything else is encoded).
const NAME_IN_PATH: &percent_encoding::AsciiSet =
    &percent_encoding::NON_ALPHANUMERIC.remove(b'_').remove(b'-');

/// Back to the member's page after an action.
fn back_to(username: &str, done: &str) -> HttpResponse {
    let name = percent_encoding::utf8_percent_encode(username, NAME_IN_PATH);
    see_other(&format!("/admin/members/{name}?done={done}"))
}

/// A refused form: the member's page again, with what was typed and the
/// messages beside that form. Errors without field messages pass through.
async fn member_again(
    req: &HttpRequest,
    state: &AppState,
    viewer: &Viewer,
    actor: &Actor,
    username: &str,
    values: FormValues,
    error: AppError,
) -> AppResult<HttpResponse> {
    if error.field_errors().is_none() {
        return Err(error);
    }
    let context = member_context(state, actor, username, values).await?;
    form_again(req, viewer, "admin/member.html", context, error)
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
        Err(e) => {
            let values = FormValues {
                refused: "role",
                ..FormValues::default()
            };
            member_again(&req, &state, &viewer, &actor, &username, values, e).await
        }
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
    let (days, reason) = (form.days.clone(), form.reason.clone());
    let done = state
        .db(move |conn| members::suspend(conn, &for_db, &name, &days, &reason))
        .await;
    match done {
        Ok(()) => Ok(back_to(&username, "suspend")),
        Err(e) => {
            let values = FormValues {
                days: form.days,
                reason: form.reason,
                refused: "suspend",
                ..FormValues::default()
            };
            member_again(&req, &state, &viewer, &actor, &username, values, e).await
        }
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
    let confirm = form.confirm.clone();
    let deleted = state
        .db(move |conn| leaving::delete_member(conn, &for_db, &name, &confirm))
        .await;
    match deleted {
        Ok(()) => {
            tracing::info!(admin = actor.id, "account deleted by an admin");
            Ok(see_other("/admin/members?done=delete"))
        }
        Err(e) => {
            let values = FormValues {
                confirm: form.confirm,
                refused: "delete",
                ..FormValues::default()
            };
            member_again(&req, &state, &viewer, &actor, &username, values, e).await
        }
    }
}
