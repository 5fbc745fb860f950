//! The parts catalogue pages, part pages with their compatibility matrix,
//! and confirming or disputing a part-swap report.

use actix_web::{get, post, web, HttpRequest, HttpResponse};
use tera::Context;

use crate::auth::{CsrfForm, Viewer};
use crate::error::{AppError, AppResult};
use crate::forum::knowledge::parts::{self as rules, ConfirmForm, PartDraft};
use crate::model::{discussion::threads, knowledge::parts};
use crate::state::AppState;
use crate::web::discussion::threads::thread_url;
use crate::web::{actor, form_again, ok_page, see_other};

pub fn configure(cfg: &mut web::ServiceConfig) {
    // "/parts/new" before "/parts/{slug}".
    cfg.service(catalogue)
        .service(new_form)
        .service(create)
        .service(show)
        .service(edit_form)
        .service(update)
        .service(confirm);
}

#[get("/parts")]
async fn catalogue(
    req: HttpRequest,
    viewer: Viewer,
    state: web::Data<AppState>,
) -> AppResult<HttpResponse> {
    let all = state.db(|conn| Ok(parts::all(conn)?)).await?;
    let mut context = Context::new();
    context.insert("parts", &all);
    ok_page(&req, &viewer, "parts/index.html", context)
}

fn form_context(draft: &PartDraft, editing: Option<&str>) -> Context {
    let mut context = Context::new();
    context.insert("form", draft);
    context.insert("editing", &editing);
    context
}

#[get("/parts/new")]
async fn new_form(req: HttpRequest, viewer: Viewer) -> AppResult<HttpResponse> {
    actor(&viewer)?.ensure_staff("err-parts-only-staff-keep-parts-catalogue")?;
    ok_page(
        &req,
        &viewer,
        "parts/form.html",
        form_context(&PartDraft::default(), None),
    )
}

#[post("/parts/new")]
async fn create(
    req: HttpRequest,
    state: web::Data<AppState>,
    CsrfForm(viewer, draft): CsrfForm<PartDraft>,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    let for_db = draft.clone();
    match state
        .db(move |conn| rules::create_part(conn, &actor, &for_db))
        .await
    {
        Ok(part) => Ok(see_other(&format!("/parts/{}", part.slug))),
        Err(e) => form_again(
            &req,
            &viewer,
            "parts/form.html",
            form_context(&draft, None),
            e,
        ),
    }
}

#[get("/parts/{slug}")]
async fn show(
    req: HttpRequest,
    viewer: Viewer,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let slug = path.into_inner();
    let (part, fits, matrix) = state
        .db(move |conn| {
            let part = parts::find_by_slug(conn, &slug)?.ok_or(AppError::NotFound("part"))?;
            let fits = parts::fits_of_part(conn, part.id)?;
            let matrix = rules::load_matrix(conn, parts::EvidenceFor::Part(part.id))?;
            Ok((part, fits, matrix))
        })
        .await?;
    let mut context = Context::new();
    context.insert("part", &part);
    context.insert("fits", &fits);
    context.insert("matrix", &matrix);
    ok_page(&req, &viewer, "parts/show.html", context)
}

#[get("/parts/{slug}/edit")]
async fn edit_form(
    req: HttpRequest,
    viewer: Viewer,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    actor(&viewer)?.ensure_staff("err-parts-only-staff-keep-parts-catalogue")?;
    let slug = path.into_inner();
    let (part, fits) = state
        .db(move |conn| {
            let part = parts::find_by_slug(conn, &slug)?.ok_or(AppError::NotFound("part"))?;
            let fits = parts::fits_of_part(conn, part.id)?;
            Ok((part, fits))
        })
        .await?;
    let draft = PartDraft {
        name: part.name.clone(),
        part_number: part.part_number.clone(),
        slug: part.slug.clone(),
        description: part.description_md.clone(),
        fits: fits
            .iter()
            .map(|(_, _, slug)| slug.as_str())
            .collect::<Vec<_>>()
            .join("\n"),
    };
    ok_page(
        &req,
        &viewer,
        "parts/form.html",
        form_context(&draft, Some(&part.slug)),
    )
}

#[post("/parts/{slug}/edit")]
async fn update(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
    CsrfForm(viewer, draft): CsrfForm<PartDraft>,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    let slug = path.into_inner();
    let (for_db, slug_for_db) = (draft.clone(), slug.clone());
    match state
        .db(move |conn| rules::update_part(conn, &actor, &slug_for_db, &for_db))
        .await
    {
        Ok(new_slug) => Ok(see_other(&format!("/parts/{new_slug}"))),
        Err(e) => form_again(
            &req,
            &viewer,
            "parts/form.html",
            form_context(&draft, Some(&slug)),
            e,
        ),
    }
}

#[post("/t/{id}/confirm")]
async fn confirm(
    state: web::Data<AppState>,
    path: web::Path<i64>,
    CsrfForm(viewer, form): CsrfForm<ConfirmForm>,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    let id = path.into_inner();
    let url = state
        .db(move |conn| {
            rules::confirm(conn, &actor, id, &form)?;
            let thread = threads::find(conn, id)?;
            Ok(format!("{}#swap", thread_url(thread.id, &thread.slug)))
        })
        .await?;
    Ok(see_other(&url))
}
