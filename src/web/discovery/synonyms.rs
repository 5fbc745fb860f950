//! Staff: the search synonyms (groups of terms that mean the same thing).

use actix_web::{get, post, web, HttpRequest, HttpResponse};
use tera::Context;

use crate::auth::{CsrfForm, Viewer};
use crate::error::AppResult;
use crate::forum::discovery::synonyms::{self as rules, SynonymForm};
use crate::model::discovery::synonyms;
use crate::state::AppState;
use crate::web::{actor, form_again, ok_page, see_other, NoFields};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(list).service(add).service(remove);
}

const TEMPLATE: &str = "staff/synonyms.html";

async fn page_context(state: &AppState, form: &SynonymForm) -> AppResult<Context> {
    let groups = state.db(|conn| Ok(synonyms::all(conn)?)).await?;
    let mut context = Context::new();
    context.insert("groups", &groups);
    context.insert("form", form);
    context.insert("max_terms", &rules::MAX_TERMS);
    context.insert("max_chars", &rules::MAX_INPUT_CHARS);
    context.insert("max_groups", &rules::MAX_GROUPS);
    Ok(context)
}

#[get("/staff/synonyms")]
async fn list(
    req: HttpRequest,
    viewer: Viewer,
    state: web::Data<AppState>,
) -> AppResult<HttpResponse> {
    actor(&viewer)?.ensure_staff("err-synonyms-page-staff")?;
    let context = page_context(&state, &SynonymForm::default()).await?;
    ok_page(&req, &viewer, TEMPLATE, context)
}

#[post("/staff/synonyms")]
async fn add(
    req: HttpRequest,
    state: web::Data<AppState>,
    CsrfForm(viewer, form): CsrfForm<SynonymForm>,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    let submitted = form.clone();
    let result = state
        .db(move |conn| rules::add_group(conn, &actor, &submitted))
        .await;
    match result {
        // Searches pick the change up at once (the synonyms a search uses are
        // part of what its kept results are filed under); Meilisearch gets it
        // from the outbox worker.
        Ok(id) => Ok(see_other(&format!("/staff/synonyms#group-{id}"))),
        Err(e) if e.field_errors().is_some() => {
            let context = page_context(&state, &form).await?;
            form_again(&req, &viewer, TEMPLATE, context, e)
        }
        Err(e) => Err(e),
    }
}

#[post("/staff/synonyms/{id}/remove")]
async fn remove(
    state: web::Data<AppState>,
    path: web::Path<i64>,
    CsrfForm(viewer, _): CsrfForm<NoFields>,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    let group_id = path.into_inner();
    state
        .db(move |conn| rules::remove_group(conn, &actor, group_id))
        .await?;
    Ok(see_other("/staff/synonyms"))
}
