//! Photo uploads (for guide steps and posts) and serving stored photos.

use actix_multipart::Multipart;
use actix_web::http::header;
use actix_web::{get, post, web, HttpResponse};
use futures_util::StreamExt;

use super::{actor, see_other};
use crate::auth::{csrf, Viewer};
use crate::error::{AppError, AppResult};
use crate::forum::photos::{self as rules, Target};
use crate::media::{self, PhotoError, MAX_UPLOAD_BYTES};
use crate::model::threads;
use crate::state::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(upload_to_step)
        .service(upload_to_post)
        .service(serve);
}

fn photo_error(e: PhotoError) -> AppError {
    match e {
        PhotoError::Storage(io) => AppError::Storage(io.to_string()),
        other => AppError::invalid("photo", other.to_string()),
    }
}

/// Reads the form: its CSRF token and the file, refusing more than 10 MiB
/// as soon as it arrives.
async fn read_upload(mut payload: Multipart) -> AppResult<(String, Vec<u8>)> {
    let mut token = String::new();
    let mut file = Vec::new();
    while let Some(field) = payload.next().await {
        let mut field = field
            .map_err(|e| AppError::BadRequest(format!("The upload could not be read: {e}")))?;
        let name = field.name().unwrap_or_default().to_owned();
        while let Some(chunk) = field.next().await {
            let chunk = chunk
                .map_err(|e| AppError::BadRequest(format!("The upload could not be read: {e}")))?;
            match name.as_str() {
                csrf::FIELD if token.len() + chunk.len() <= 128 => {
                    token.push_str(&String::from_utf8_lossy(&chunk))
                }
                "photo" => {
                    if file.len() + chunk.len() > MAX_UPLOAD_BYTES {
                        return Err(photo_error(PhotoError::TooLarge));
                    }
                    file.extend_from_slice(&chunk);
                }
                _ => {}
            }
        }
    }
    Ok((token, file))
}

async fn upload(
    viewer: Viewer,
    state: &AppState,
    target: Target,
    payload: Multipart,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    let (token, bytes) = read_upload(payload).await?;
    if !csrf::tokens_match(&viewer.csrf_token, &token) {
        return Err(AppError::Csrf);
    }
    if bytes.is_empty() {
        return Err(AppError::invalid("photo", "Choose a photo to upload."));
    }
    // Refuse early, before any work on the file.
    let checker = actor.clone();
    state
        .db(move |conn| rules::check(conn, &checker, target))
        .await?;
    let processed = state
        .blocking(move || media::process(&bytes).map_err(photo_error))
        .await?;
    let uploads = state.config.uploads_dir();
    let processed = state
        .blocking(move || {
            media::store(&uploads, &processed).map_err(photo_error)?;
            Ok(processed)
        })
        .await?;
    let url = state
        .db(move |conn| {
            let thread_id = rules::attach(conn, &actor, target, &processed)?;
            let thread = threads::find(conn, thread_id)?;
            let anchor = match target {
                Target::Step(id) => format!("#step-{id}"),
                Target::Post(id) => format!("#post-{id}"),
            };
            Ok(format!(
                "{}{anchor}",
                super::threads::thread_url(thread.id, &thread.slug)
            ))
        })
        .await?;
    Ok(see_other(&url))
}

#[post("/steps/{id}/photos")]
async fn upload_to_step(
    viewer: Viewer,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    payload: Multipart,
) -> AppResult<HttpResponse> {
    upload(viewer, &state, Target::Step(path.into_inner()), payload).await
}

#[post("/posts/{id}/photos")]
async fn upload_to_post(
    viewer: Viewer,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    payload: Multipart,
) -> AppResult<HttpResponse> {
    upload(viewer, &state, Target::Post(path.into_inner()), payload).await
}

/// Stored photos, by content hash: immutable, so cached for a year.
#[get("/media/{name}")]
async fn serve(state: web::Data<AppState>, path: web::Path<String>) -> AppResult<HttpResponse> {
    let name = path.into_inner();
    let (hash, thumb, extension) = media::parse_name(&name).ok_or(AppError::NotFound("photo"))?;
    let file = media::path(&state.config.uploads_dir(), hash, thumb, extension);
    let bytes = state
        .blocking(move || std::fs::read(file).map_err(|_| AppError::NotFound("photo")))
        .await?;
    Ok(HttpResponse::Ok()
        .content_type(if extension == "jpg" {
            "image/jpeg"
        } else {
            "image/png"
        })
        .insert_header((header::CACHE_CONTROL, "public, max-age=31536000, immutable"))
        .body(bytes))
}
