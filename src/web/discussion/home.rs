use std::sync::Arc;

use actix_web::{get, web, HttpRequest, HttpResponse};
use serde::Deserialize;
use tera::Context;

use crate::auth::Viewer;
use crate::error::{AppError, AppResult};
use crate::forum::discussion::answers::RecoveryPath;
use crate::forum::discussion::threads::ThreadKind;
use crate::model::discussion::threads::{ListOrder, ThreadFilter};
use crate::model::{discussion::threads, knowledge::devices, Page};
use crate::state::AppState;
use crate::web::{ok_page, page_param};

pub const THREADS_PER_PAGE: i64 = 30;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(home);
}

#[derive(Deserialize)]
struct HomeQuery {
    page: Option<String>,
    kind: Option<String>,
    status: Option<String>,
    path: Option<String>,
    /// A language code: only threads written in it.
    written: Option<String>,
}

/// `?status=` as a thread status, or a clear 400.
fn status_param(raw: Option<&str>) -> AppResult<Option<&'static str>> {
    match raw.map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) => ["open", "escalated", "solved", "closed"]
            .into_iter()
            .find(|known| *known == s)
            .map(Some)
            .ok_or_else(|| AppError::BadRequest("err-home-unknown-thread-status".into())),
    }
}

/// `?path=` as a recovery path, or a clear 400.
fn path_param(raw: Option<&str>) -> AppResult<Option<RecoveryPath>> {
    match raw.map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) => RecoveryPath::parse(s)
            .map(Some)
            .ok_or_else(|| AppError::BadRequest("err-home-unknown-recovery-path".into())),
    }
}

/// `?written=` as a language posts can be found to be written in
/// (render::language), or a clear 400.
pub fn written_param(raw: Option<&str>) -> AppResult<Option<&'static str>> {
    match raw.map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) => crate::render::language::known(&s.to_ascii_lowercase())
            .map(Some)
            .ok_or_else(|| {
                AppError::BadRequest(
                    "Unknown language: 'written' is a language code such as en or ko.".into(),
                )
            }),
    }
}

/// How long the list of languages threads are written in is kept: it
/// changes rarely, and a search page must not count the threads each time.
pub const LANGUAGES_KEPT: std::time::Duration = std::time::Duration::from_secs(300);

/// The languages threads are written in, most threads first (kept until
/// the forum changes, at most a few minutes).
async fn written_languages(state: &AppState) -> AppResult<Arc<Vec<String>>> {
    let generation = state.page_cache.generation();
    if let Some(kept) = state.written_languages.get(&(), generation) {
        return Ok(kept);
    }
    let found = Arc::new(state.db(|conn| Ok(threads::languages(conn)?)).await?);
    state
        .written_languages
        .keep((), generation, state.page_cache.generation(), found.clone());
    Ok(found)
}

/// The language filter's choices for a list or search page
/// (`written_languages`, offered when there is a choice to make or one was
/// made) and the one chosen (`written`).
pub async fn add_written_choices(
    state: &AppState,
    written: Option<&str>,
    context: &mut Context,
) -> AppResult<()> {
    let mut languages = (*written_languages(state).await?).clone();
    if let Some(chosen) = written {
        if !languages.iter().any(|l| l == chosen) {
            languages.push(chosen.to_owned());
        }
    }
    if languages.len() > 1 || written.is_some() {
        context.insert("written_languages", &languages);
    }
    // "" for none: Tera reads a null as a variable that is not there.
    context.insert("written", written.unwrap_or(""));
    Ok(())
}

/// `?kind=` as a known thread kind, or a clear 400.
pub fn kind_param(raw: Option<&str>) -> AppResult<Option<ThreadKind>> {
    match raw.map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) => ThreadKind::parse(s)
            .map(Some)
            .ok_or_else(|| AppError::BadRequest("err-home-unknown-kind-thread".into())),
    }
}

/// The kinds a list filters by and the form offers, as their raw values:
/// templates name them (`kind-list-…`, `kind-name-…`).
pub fn kinds_for_template() -> Vec<&'static str> {
    ThreadKind::ALL.iter().map(|k| k.as_str()).collect()
}

/// Recent threads, newest activity first, and the top of the device catalogue.
/// The home page's lists, the same for every reader.
pub struct HomePage {
    threads: Page<threads::ThreadListItem>,
    makers: Vec<devices::DeviceBrief>,
    lines: Vec<devices::DeviceBrief>,
}

#[get("/")]
async fn home(
    req: HttpRequest,
    viewer: Viewer,
    state: web::Data<AppState>,
    query: web::Query<HomeQuery>,
) -> AppResult<HttpResponse> {
    let page = page_param(query.page.as_deref())?;
    let kind = kind_param(query.kind.as_deref())?;
    let status = status_param(query.status.as_deref())?;
    let path = path_param(query.path.as_deref())?;
    let written = written_param(query.written.as_deref())?;
    let filter = ThreadFilter {
        kind: kind.map(|k| k.as_str().to_owned()),
        statuses: status.map(|s| vec![s.to_owned()]),
        recovery_path: path.map(|p| p.as_str().to_owned()),
        lang: written.map(str::to_owned),
        ..Default::default()
    };
    // The same for every reader: kept until the forum changes (web::shared_pages).
    let key = (
        page,
        filter.kind.clone(),
        status,
        path.map(|p| p.as_str()),
        written,
    );
    let generation = state.page_cache.generation();
    let data = match state.home_pages.get(&key, generation) {
        Some(data) => data,
        None => {
            let data = Arc::new(
                state
                    .db(move |conn| {
                        let rows = threads::list(
                            conn,
                            &filter,
                            ListOrder::for_kind(filter.kind.as_deref()),
                            Page::<()>::offset(page, THREADS_PER_PAGE),
                            THREADS_PER_PAGE + 1,
                        )?;
                        let makers = devices::roots(conn)?;
                        let maker_ids: Vec<i64> = makers.iter().map(|m| m.id).collect();
                        Ok(HomePage {
                            threads: Page::from_rows(rows, page, THREADS_PER_PAGE),
                            lines: devices::children_of_all(conn, &maker_ids)?,
                            makers,
                        })
                    })
                    .await?,
            );
            state
                .home_pages
                .keep(key, generation, state.page_cache.generation(), data.clone());
            data
        }
    };
    let mut context = Context::new();
    context.insert("threads", &data.threads);
    context.insert("makers", &data.makers);
    context.insert("lines", &data.lines);
    context.insert("kind", &kind.map(|k| k.as_str()));
    let filters: Vec<(&str, &str)> = [
        ("kind", kind.map(|k| k.as_str())),
        ("status", status),
        ("path", path.map(|p| p.as_str())),
        ("written", written),
    ]
    .into_iter()
    .filter_map(|(name, value)| value.map(|v| (name, v)))
    .collect();
    let pager_base = format!(
        "/?{}{}",
        serde_urlencoded::to_string(&filters).unwrap_or_default(),
        if filters.is_empty() { "" } else { "&" }
    );
    context.insert("status", &status);
    add_written_choices(&state, written, &mut context).await?;
    context.insert("path", &path.map(|p| p.as_str()));
    context.insert(
        "paths",
        &RecoveryPath::ALL
            .iter()
            .map(|p| p.as_str())
            .collect::<Vec<_>>(),
    );
    context.insert("pager_base", &pager_base);
    context.insert("kinds", &kinds_for_template());
    crate::web::before_service::owned_devices::add_home_context(&state, &viewer, &mut context)
        .await?;
    ok_page(&req, &viewer, "home.html", context)
}
