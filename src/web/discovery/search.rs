//! Search: the results page, the JSON API, and title suggestions for the
//! new-thread form.

use std::collections::BTreeMap;

use actix_web::{get, web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};
use tera::Context;

use crate::auth::Viewer;
use crate::error::{AppError, AppResult};
use crate::forum::discussion::answers::RecoveryPath;
use crate::forum::discussion::threads::ThreadKind;
use crate::i18n::{self, Message};
use crate::model::knowledge::devices::{self, path_ids, DeviceBrief};
use crate::search::query::{terms, FacetCount, Hit, PER_PAGE};
use crate::search::understand::{understand, Understood};
use crate::search::{builtin, SearchQuery, SearchResults, Sort};
use crate::state::AppState;
use crate::web::{language, ok_page, page_param, state};

pub fn configure(cfg: &mut web::ServiceConfig) {
    // The JSON endpoints (search_api, suggest) live in the /api/v1 scope: see web::integrations::api.
    cfg.service(search_page);
}

/// The search parameters as they arrive in the URL.
#[derive(Debug, Default, Clone, Deserialize, Serialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// The words to search for.
    #[serde(default)]
    pub q: String,
    /// A device slug: that device and everything under it.
    pub device: Option<String>,
    /// A thread kind (`troubleshooting`, `guide`, …).
    pub kind: Option<String>,
    /// `yes` or `no`.
    pub solved: Option<String>,
    /// `yes` or `no`: verified by staff.
    pub verified: Option<String>,
    /// How it was solved (a recovery path).
    pub path: Option<String>,
    /// `current`: only fixes confirmed on the current firmware.
    pub firmware: Option<String>,
    /// A language code (`ko`, `en`, …): only threads written in it.
    pub written: Option<String>,
    /// `relevance` (the default) or `newest`.
    pub sort: Option<String>,
    /// The page, from 1.
    pub page: Option<String>,
    /// `1`: the words as typed, without correcting typos.
    pub verbatim: Option<String>,
}

fn non_empty(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

fn yes_no(name: &str, value: Option<&str>) -> AppResult<Option<bool>> {
    match value {
        None => Ok(None),
        Some("yes") => Ok(Some(true)),
        Some("no") => Ok(Some(false)),
        Some(_) => Err(AppError::BadRequest(
            Message::new("err-search-name-yes-no").with("name", name),
        )),
    }
}

/// What the search understood of the words, for the page and the API.
#[derive(Debug, Default, Clone, Serialize, utoipa::ToSchema)]
pub struct Understanding {
    /// Words that were searched for in place of words no thread holds, as
    /// (typed, searched for).
    corrected: Vec<(String, String)>,
    /// The device the words name, when no device filter is set.
    #[serde(skip_serializing_if = "Option::is_none")]
    named_device: Option<DeviceFacet>,
}

/// Checks the parameters: unknown filter values are a clear 400.
async fn parse(state: &AppState, params: &SearchParams) -> AppResult<(SearchQuery, Understanding)> {
    let kind = match non_empty(&params.kind) {
        None => None,
        Some(k) => Some(
            ThreadKind::parse(k)
                .ok_or_else(|| AppError::BadRequest("err-search-unknown-kind-thread".into()))?
                .as_str()
                .to_owned(),
        ),
    };
    let recovery_path = match non_empty(&params.path) {
        None => None,
        Some(p) => Some(
            RecoveryPath::parse(p)
                .ok_or_else(|| AppError::BadRequest("err-search-unknown-recovery-path".into()))?
                .as_str()
                .to_owned(),
        ),
    };
    let firmware_current = match non_empty(&params.firmware) {
        None => false,
        Some("current") => true,
        Some(_) => {
            return Err(AppError::BadRequest(
                "err-search-firmware-current-fixes-confirmed-current".into(),
            ))
        }
    };
    let sort = match non_empty(&params.sort) {
        None | Some("relevance") => Sort::Relevance,
        Some("newest") => Sort::Newest,
        Some(_) => {
            return Err(AppError::BadRequest(
                "err-search-sort-relevance-newest".into(),
            ))
        }
    };
    // The device filter and what the words mean, in one trip to the database.
    let raw = params.q.clone();
    let verbatim = non_empty(&params.verbatim).is_some();
    let slug = non_empty(&params.device).map(str::to_owned);
    let vocabulary = state.vocabulary.clone();
    let device_names = state.device_names.clone();
    let (device, understood) = if slug.is_none() && terms(&raw).is_empty() {
        (None, Understood::default())
    } else {
        state
            .db(move |conn| {
                let device = match slug {
                    Some(slug) => Some(devices::find_by_slug(conn, &slug)?),
                    None => None,
                };
                Ok((
                    device,
                    understand(conn, &vocabulary, &device_names, &raw, verbatim)?,
                ))
            })
            .await?
    };
    let device_path = match device {
        None => None,
        Some(found) => Some(
            found
                .ok_or_else(|| AppError::BadRequest("err-search-device-not-catalogue".into()))?
                .path,
        ),
    };
    // A device named by the words ranks its threads first; it is offered
    // as a filter unless one is set.
    let named = understood.device.clone();
    let understanding = Understanding {
        corrected: understood.spelled.clone(),
        named_device: named
            .as_ref()
            .filter(|_| device_path.is_none())
            .map(|d| DeviceFacet {
                slug: d.slug.clone(),
                name: d.name.clone(),
                count: 0,
            }),
    };
    let query = SearchQuery {
        synonyms: understood.synonyms,
        terms: understood.terms,
        corrections: understood.corrections,
        word_docs: understood.word_docs,
        named_device: named.map(|d| d.path),
        kind,
        device_path,
        solved: yes_no("solved", non_empty(&params.solved))?,
        verified: yes_no("verified", non_empty(&params.verified))?,
        recovery_path,
        firmware_current,
        lang: crate::web::discussion::home::written_param(params.written.as_deref())?
            .map(str::to_owned),
        sort,
        page: page_param(params.page.as_deref())?,
        match_any: false,
    };
    Ok((query, understanding))
}

/// Runs a search on the configured engine, falling back to the builtin index.
pub async fn run(state: &AppState, query: SearchQuery) -> AppResult<SearchResults> {
    if let Some(results) = state.search.search_external(&query).await {
        if let Some(results) = still_indexed(state, results).await? {
            return Ok(results);
        }
        // A hit the engine has not heard the latest of: the builtin index,
        // which has, answers this search (no notice: nothing is wrong).
        return run_builtin(state, query).await;
    }
    run_fallback(state, query).await
}

/// The builtin index, with a notice when it stands in for an external engine.
async fn run_fallback(state: &AppState, query: SearchQuery) -> AppResult<SearchResults> {
    let mut results = run_builtin(state, query).await?;
    if !matches!(state.search.engine(), crate::search::Engine::Builtin) {
        results.notice = Some("search-fallback".into());
    }
    Ok(results)
}

/// An external engine hears of a change through the outbox, a moment (or,
/// while it fails, minutes) after it committed: hits for threads that have
/// left the builtin index since (hidden, withdrawn) are dropped here. A hit
/// for a thread with a change still in the outbox comes from the engine's
/// older copy: its title, snippet or the match itself may show what is hidden
/// now (a step, an answer); None then, and the builtin index answers.
async fn still_indexed(
    state: &AppState,
    results: SearchResults,
) -> AppResult<Option<SearchResults>> {
    if results.hits.is_empty() {
        return Ok(Some(results));
    }
    let ids: Vec<i64> = results.hits.iter().map(|h| h.thread_id).collect();
    let (indexed, pending) = state
        .db(move |conn| {
            Ok((
                crate::search::document::indexed_among(conn, &ids)?,
                crate::search::outbox::pending_among(conn, &ids)?,
            ))
        })
        .await?;
    let results = keep_indexed(results, &indexed);
    Ok((!engine_behind(&results, &pending)).then_some(results))
}

/// Whether a hit is for a thread the engine has not heard the latest of.
fn engine_behind(results: &SearchResults, pending: &[i64]) -> bool {
    results.hits.iter().any(|h| pending.contains(&h.thread_id))
}

fn keep_indexed(mut results: SearchResults, indexed: &[i64]) -> SearchResults {
    let before = results.hits.len();
    results.hits.retain(|h| indexed.contains(&h.thread_id));
    results.total = results.total.saturating_sub(before - results.hits.len());
    results
}

/// A search as the results page and the API show it: the hits with their
/// device names and the device facet. With an external engine, the check that
/// its hits are still indexed and the device names are one trip to the
/// database (one connection, two small queries), not two.
async fn run_named(
    state: &AppState,
    query: SearchQuery,
) -> AppResult<(SearchResults, Vec<HitView>, Vec<DeviceFacet>)> {
    let current = query.device_path.clone();
    let mut results = match state.search.search_external(&query).await {
        Some(results) => {
            let hit_ids: Vec<i64> = results.hits.iter().map(|h| h.thread_id).collect();
            let ids = device_ids(&results);
            let (indexed, pending, known) = state
                .db(move |conn| {
                    let (indexed, pending) = if hit_ids.is_empty() {
                        (Vec::new(), Vec::new())
                    } else {
                        (
                            crate::search::document::indexed_among(conn, &hit_ids)?,
                            crate::search::outbox::pending_among(conn, &hit_ids)?,
                        )
                    };
                    Ok((indexed, pending, devices::brief_by_ids(conn, &ids)?))
                })
                .await?;
            let mut results = keep_indexed(results, &indexed);
            if !engine_behind(&results, &pending) {
                let (hits, facets) = named(&mut results, known, current.as_deref());
                return Ok((results, hits, facets));
            }
            // See still_indexed: the builtin index answers, without a notice.
            run_builtin(state, query).await?
        }
        None => run_fallback(state, query).await?,
    };
    let (hits, facets) = with_names(state, &mut results, current.as_deref()).await?;
    Ok((results, hits, facets))
}

async fn run_builtin(state: &AppState, query: SearchQuery) -> AppResult<SearchResults> {
    let kept = &state.search_results;
    // Read before the index is: results that race a hide are not kept.
    let generation = kept.generation();
    if let Some(results) = kept.get(&query) {
        return Ok(results);
    }
    let _slot = state
        .search_slots
        .acquire()
        .await
        .expect("the search semaphore is never closed");
    // Whoever waited for a slot behind the same search finds it done.
    if let Some(results) = kept.get(&query) {
        return Ok(results);
    }
    let started = std::time::Instant::now();
    // A common word's search first runs as if a page of threads held every
    // strong word, without counting them (builtin::hopeful_plan); only when
    // fewer do is it planned, and run again.
    let hopeful = {
        let query = query.clone();
        state
            .db(move |conn| Ok(builtin::hopeful_plan(conn, &query)?))
            .await?
    };
    if let Some(plan) = hopeful {
        let results = run_planned(state, &query, plan).await?;
        if builtin::enough(&results) {
            crate::metrics::search_done("builtin", started.elapsed());
            kept.put(&query, &results, generation);
            return Ok(results);
        }
    }
    // Which words a match must hold, decided once (builtin::plan_search).
    let plan = {
        let query = query.clone();
        state
            .db(move |conn| Ok(builtin::plan_search(conn, &query)?))
            .await?
    };
    let results = run_planned(state, &query, plan).await?;
    crate::metrics::search_done("builtin", started.elapsed());
    kept.put(&query, &results, generation);
    Ok(results)
}

/// A search's two halves at once, on two connections (builtin::Plan::halves).
async fn run_planned(
    state: &AppState,
    query: &SearchQuery,
    plan: builtin::Plan,
) -> AppResult<SearchResults> {
    let half = |part| {
        let query = query.clone();
        let plan = plan.clone();
        state.db(move |conn| Ok(builtin::search_half(conn, &query, &plan, part)?))
    };
    let [first, second] = plan.halves();
    let (first, second) = futures_util::future::try_join(half(first), half(second)).await?;
    Ok(builtin::join(query, first, second))
}

/// A hit as pages and the API show it: with its URL and device names.
#[derive(Serialize, utoipa::ToSchema)]
pub struct HitView {
    #[serde(flatten)]
    hit: Hit,
    url: String,
    devices: Vec<String>,
    /// The slug of the thread's own device, for the "Your device" mark.
    device_slug: Option<String>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DeviceFacet {
    slug: String,
    name: String,
    count: usize,
}

/// Names for the devices on the hits' paths and in the device facet (one query).
async fn with_names(
    state: &AppState,
    results: &mut SearchResults,
    current: Option<&str>,
) -> AppResult<(Vec<HitView>, Vec<DeviceFacet>)> {
    let ids = device_ids(results);
    let known = state
        .db(move |conn| Ok(devices::brief_by_ids(conn, &ids)?))
        .await?;
    Ok(named(results, known, current))
}

/// The devices on the hits' paths and in the device facet.
fn device_ids(results: &SearchResults) -> Vec<i64> {
    let mut ids: Vec<i64> = results
        .hits
        .iter()
        .filter_map(|h| h.device_path.as_deref())
        .flat_map(path_ids)
        .collect();
    ids.extend(
        results
            .facets
            .device
            .iter()
            .filter_map(|f| f.value.parse::<i64>().ok()),
    );
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// The hits with their device names, and the device facet one level below
/// the current filter (or the makers).
fn named(
    results: &mut SearchResults,
    known: Vec<DeviceBrief>,
    current: Option<&str>,
) -> (Vec<HitView>, Vec<DeviceFacet>) {
    let known: BTreeMap<i64, DeviceBrief> = known.into_iter().map(|d| (d.id, d)).collect();
    let hits = std::mem::take(&mut results.hits)
        .into_iter()
        .map(|hit| {
            let on_path = hit.device_path.as_deref().map(path_ids).unwrap_or_default();
            HitView {
                url: format!("/t/{}", hit.thread_id),
                devices: on_path
                    .iter()
                    .filter_map(|id| known.get(id).map(|d| d.name.clone()))
                    .collect(),
                device_slug: on_path
                    .last()
                    .and_then(|id| known.get(id))
                    .map(|d| d.slug.clone()),
                hit,
            }
        })
        .collect();
    // Keep the devices one level below the current filter (or the makers).
    let depth = current.map_or(0, |p| path_ids(p).len());
    let facets = results
        .facets
        .device
        .iter()
        .filter_map(|f: &FacetCount| {
            let device = known.get(&f.value.parse::<i64>().ok()?)?;
            (path_ids(&device.path).len() == depth + 1).then(|| DeviceFacet {
                slug: device.slug.clone(),
                name: device.name.clone(),
                count: f.count,
            })
        })
        .collect();
    (hits, facets)
}

#[get("/search")]
async fn search_page(
    req: HttpRequest,
    viewer: Viewer,
    params: web::Query<SearchParams>,
) -> AppResult<HttpResponse> {
    let state = state(&req);
    let params = params.into_inner();
    let (query, understanding) = parse(state, &params).await?;
    let mut context = Context::new();
    context.insert("understanding", &understanding);
    let written = query
        .lang
        .as_deref()
        .and_then(crate::render::language::known);
    crate::web::discussion::home::add_written_choices(state, written, &mut context).await?;
    if !query.terms.is_empty() {
        let (results, hits, device_facets) = run_named(state, query).await?;
        // A member's "Your device" marks: one query, and none for visitors.
        let viewer_id = viewer.user.as_ref().map(|u| u.id);
        let mine = match viewer_id {
            Some(_) => {
                state
                    .db(move |conn| {
                        Ok(crate::model::before_service::owned_devices::marks_for(
                            conn, viewer_id,
                        )?)
                    })
                    .await?
            }
            None => Vec::new(),
        };
        context.insert("mine", &mine);
        context.insert("hits", &hits);
        context.insert("device_facets", &device_facets);
        context.insert("results", &results);
        context.insert(
            "page_count",
            &((results.total as i64 + PER_PAGE - 1) / PER_PAGE),
        );
    } else if !params.q.trim().is_empty() {
        // The page says it (`search-words-only`).
        context.insert("words_only", &true);
    }
    let base: Vec<(&str, &str)> = [
        ("q", Some(params.q.as_str())),
        ("device", non_empty(&params.device)),
        ("kind", non_empty(&params.kind)),
        ("solved", non_empty(&params.solved)),
        ("verified", non_empty(&params.verified)),
        ("path", non_empty(&params.path)),
        ("firmware", non_empty(&params.firmware)),
        ("written", non_empty(&params.written)),
        ("sort", non_empty(&params.sort)),
        ("verbatim", non_empty(&params.verbatim)),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.map(|v| (k, v)))
    .collect();
    // Links that change one filter keep the others (and go back to page 1).
    let link_with = |key: &str, value: Option<&str>| -> String {
        let mut pairs: Vec<(&str, &str)> =
            base.iter().filter(|(k, _)| *k != key).copied().collect();
        if let Some(v) = value {
            pairs.push((key, v));
        }
        format!(
            "/search?{}",
            serde_urlencoded::to_string(&pairs).unwrap_or_default()
        )
    };
    let mut links = BTreeMap::new();
    for key in [
        "device", "kind", "solved", "verified", "path", "firmware", "written", "sort",
    ] {
        links.insert(format!("clear_{key}"), link_with(key, None));
    }
    context.insert("links", &links);
    context.insert(
        "link_base",
        &format!(
            "/search?{}&",
            serde_urlencoded::to_string(&base).unwrap_or_default()
        ),
    );
    // When search has little to give: the words as typed (after a
    // correction), the named device's filter, the device filter widened a
    // level, and the question asked of the community with the words as its
    // title.
    if !understanding.corrected.is_empty() {
        context.insert("verbatim_link", &link_with("verbatim", Some("1")));
    }
    if let Some(named) = &understanding.named_device {
        context.insert("named_device_link", &link_with("device", Some(&named.slug)));
    }
    let total = context
        .get("results")
        .and_then(|r| r.get("total"))
        .and_then(|t| t.as_u64());
    if let (Some(0), Some(slug)) = (total, non_empty(&params.device)) {
        let slug = slug.to_owned();
        let wider = state
            .db(move |conn| {
                let Some(device) = devices::find_by_slug(conn, &slug)? else {
                    return Ok(None);
                };
                Ok(match device.parent_id {
                    Some(parent) => devices::brief_by_ids(conn, &[parent])?.pop(),
                    None => None,
                })
            })
            .await?;
        if let Some(parent) = wider {
            context.insert("wider_device_name", &parent.name);
            context.insert(
                "wider_device_link",
                &link_with("device", Some(&parent.slug)),
            );
        }
    }
    let ask_device = non_empty(&params.device)
        .map(str::to_owned)
        .or_else(|| understanding.named_device.as_ref().map(|d| d.slug.clone()));
    let mut ask: Vec<(&str, &str)> = vec![("title", params.q.trim())];
    if let Some(device) = &ask_device {
        ask.push(("device", device));
    }
    context.insert(
        "ask_link",
        &format!(
            "/threads/new?{}",
            serde_urlencoded::to_string(&ask).unwrap_or_default()
        ),
    );
    context.insert("params", &params);
    context.insert(
        "kinds",
        &crate::forum::discussion::threads::ThreadKind::EVERY
            .iter()
            .map(|k| k.as_str())
            .collect::<Vec<_>>(),
    );
    ok_page(&req, &viewer, "search.html", context)
}

/// Search results as the API gives them.
#[derive(Serialize, utoipa::ToSchema)]
pub struct SearchResponse {
    hits: Vec<HitView>,
    total: usize,
    page: i64,
    per_page: i64,
    /// Counts per filter value among all matches (absent without search words).
    #[serde(skip_serializing_if = "Option::is_none")]
    facets: Option<SearchFacets>,
    /// Something to tell the person (e.g. "only very common words"), in the
    /// Accept-Language's language.
    notice: Option<String>,
    /// Which engine answered (absent without search words).
    #[serde(skip_serializing_if = "Option::is_none")]
    engine: Option<String>,
    /// Typos corrected and the device the words name.
    understood: Understanding,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct SearchFacets {
    kind: Vec<FacetCount>,
    solved: Vec<FacetCount>,
    verified: Vec<FacetCount>,
    recovery_path: Vec<FacetCount>,
    firmware: Vec<FacetCount>,
    /// Devices one level below the device filter (or the makers).
    device: Vec<DeviceFacet>,
}

#[utoipa::path(
    tag = "read",
    params(SearchParams),
    responses(
        (status = 200, description = "One page of matching threads", body = SearchResponse),
        (status = 400, description = "A parameter is not one of its values", body = crate::web::integrations::api::ApiError),
        (status = 401, description = "The token given is not valid", body = crate::web::integrations::api::ApiError),
        (status = 429, description = "The token made too many requests", body = crate::web::integrations::api::ApiError),
    )
)]
#[get("/search")]
pub async fn search_api(
    req: HttpRequest,
    params: web::Query<SearchParams>,
) -> AppResult<HttpResponse> {
    let state = state(&req);
    let (query, understanding) = parse(state, &params).await?;
    if query.terms.is_empty() {
        return Ok(HttpResponse::Ok().json(SearchResponse {
            hits: Vec::new(),
            total: 0,
            page: query.page,
            per_page: PER_PAGE,
            facets: None,
            notice: Some(i18n::text(language::of(&req), "search-give-words")),
            engine: None,
            understood: understanding,
        }));
    }
    let (results, hits, device_facets) = run_named(state, query).await?;
    Ok(HttpResponse::Ok().json(SearchResponse {
        hits,
        total: results.total,
        page: results.page,
        per_page: results.per_page,
        facets: Some(SearchFacets {
            kind: results.facets.kind,
            solved: results.facets.solved,
            verified: results.facets.verified,
            recovery_path: results.facets.recovery_path,
            firmware: results.facets.firmware,
            device: device_facets,
        }),
        notice: results
            .notice
            .map(|key| i18n::text(language::of(&req), &key)),
        engine: Some(results.engine.to_owned()),
        understood: understanding,
    }))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct SuggestParams {
    /// The title being typed; two words or more.
    #[serde(default)]
    title: String,
    /// The device chosen in the form (a slug): suggestions stay within its
    /// family (its product line, or its maker).
    device: Option<String>,
}

/// A device's family: the product line it belongs to ("/1/5/" of
/// "/1/5/12/"), or the maker when it has no line.
fn family_of(path: &str) -> String {
    let ids = path_ids(path);
    let kept = &ids[..ids.len().min(2)];
    kept.iter().fold("/".to_owned(), |mut p, id| {
        p.push_str(&format!("{id}/"));
        p
    })
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Suggestions {
    suggestions: Vec<Suggestion>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Suggestion {
    title: String,
    url: String,
    /// The thread's kind: `known_issue`, `guide`, `troubleshooting` …
    kind: String,
    solved: bool,
    verified: bool,
}

/// Known issues, guides and solved threads like the title being typed (for
/// the new-thread form).
#[utoipa::path(
    tag = "read",
    params(SuggestParams),
    responses(
        (status = 200, description = "Up to five known issues, guides and solved threads", body = Suggestions),
        (status = 401, description = "The token given is not valid", body = crate::web::integrations::api::ApiError),
        (status = 429, description = "The token made too many requests", body = crate::web::integrations::api::ApiError),
    )
)]
#[get("/suggest")]
pub async fn suggest(
    req: HttpRequest,
    params: web::Query<SuggestParams>,
) -> AppResult<HttpResponse> {
    let state = state(&req);
    let words = terms(&params.title);
    if words.len() < 2 {
        return Ok(HttpResponse::Ok().json(Suggestions {
            suggestions: Vec::new(),
        }));
    }
    // The same understanding as a search: typos, synonyms, the device named.
    let raw = params.title.clone();
    let vocabulary = state.vocabulary.clone();
    let device_names = state.device_names.clone();
    let slug = non_empty(&params.device).map(str::to_owned);
    let (understood, chosen) = state
        .db(move |conn| {
            let chosen = match slug {
                Some(slug) => devices::find_by_slug(conn, &slug)?.map(|d| d.path),
                None => None,
            };
            Ok((
                understand(conn, &vocabulary, &device_names, &raw, false)?,
                chosen,
            ))
        })
        .await?;
    // Never another device family for a stray word: the family of the
    // device chosen in the form, or else of the one the title names.
    let family = chosen
        .as_deref()
        .or(understood.device.as_ref().map(|d| d.path.as_str()))
        .map(family_of);
    let query = SearchQuery {
        synonyms: understood.synonyms,
        terms: understood.terms,
        corrections: understood.corrections,
        word_docs: understood.word_docs,
        named_device: understood.device.map(|d| d.path),
        kind: None,
        device_path: family,
        solved: None,
        verified: None,
        recovery_path: None,
        firmware_current: false,
        lang: None,
        sort: Sort::Relevance,
        page: 1,
        match_any: false,
    };
    let results = run(state, query).await?;
    // What already answers the question: known issues first, then guides
    // and solved or verified threads, in the engine's order.
    let mut answering: Vec<Hit> = results
        .hits
        .into_iter()
        .filter(|h| h.kind == "known_issue" || h.kind == "guide" || h.solved || h.verified)
        .collect();
    answering.sort_by_key(|h| h.kind != "known_issue");
    let suggestions = answering
        .into_iter()
        .take(5)
        .map(|h| Suggestion {
            url: format!("/t/{}", h.thread_id),
            kind: h.kind,
            solved: h.solved,
            title: h.title,
            verified: h.verified,
        })
        .collect();
    Ok(HttpResponse::Ok().json(Suggestions { suggestions }))
}
