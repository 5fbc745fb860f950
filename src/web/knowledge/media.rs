//! Photo uploads (for guide steps, posts and avatars) and serving stored photos.

use actix_multipart::Multipart;
use actix_web::http::header;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use futures_util::StreamExt;
use sha2::{Digest, Sha256};

use crate::auth::{csrf, Viewer};
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::forum::knowledge::photos::{self as rules, Admitted, Target};
use crate::media::{self, PhotoError, MAX_UPLOAD_BYTES};
use crate::model::discussion::threads;
use crate::state::AppState;
use crate::web::{actor, see_other};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(upload_to_step)
        .service(upload_to_post)
        .service(upload_avatar)
        .service(serve);
}

fn photo_error(e: PhotoError) -> AppError {
    match e {
        PhotoError::Storage(io) => AppError::Storage(io.to_string()),
        other => AppError::invalid("photo", other.to_string()),
    }
}

/// The form as it arrived: its CSRF token, the file, and the file's sha256
/// (taken chunk by chunk as it arrives, so duplicates cost no extra pass).
struct Form {
    token: String,
    file: Vec<u8>,
    sha256: String,
}

/// Reads the form, refusing more than 10 MiB as soon as it arrives.
async fn read_upload(mut payload: Multipart) -> AppResult<Form> {
    let mut token = String::new();
    let mut file = Vec::new();
    let mut hasher = Sha256::new();
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
                    hasher.update(&chunk);
                    file.extend_from_slice(&chunk);
                }
                _ => {}
            }
        }
    }
    Ok(Form {
        token,
        file,
        sha256: hex::encode(hasher.finalize()),
    })
}

/// An upload, cheapest refusals first: the form, then the file's header
/// (no decoding), then in one short transaction the rights, a duplicate
/// (409, found by the file's hash), the member's hourly limit (429) and a
/// place in the photo pool (503 when full). Only then is it decoded, on the
/// photo pool's own threads, stored, and attached. A file seen before is
/// attached again without being decoded at all.
async fn upload(
    viewer: Viewer,
    state: &AppState,
    target: Target,
    payload: Multipart,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    let form = read_upload(payload).await?;
    if !csrf::tokens_match(&viewer.csrf_token, &form.token) {
        return Err(AppError::Csrf);
    }
    if form.file.is_empty() {
        return Err(AppError::invalid("photo", "Choose a photo to upload."));
    }
    // Rights first, so a stranger hears 403 whatever the file.
    let checker = actor.clone();
    state
        .db(move |conn| rules::check(conn, &checker, target))
        .await?;
    let upload = state
        .blocking(move || media::inspect(form.file, form.sha256).map_err(photo_error))
        .await?;
    let (policy, pool) = (state.policy.clone(), state.photo_pool.clone());
    let (admitter, source) = (actor.clone(), upload.source_sha256.clone());
    let admitted = state
        .db(move |conn| rules::admit(conn, &policy, &pool, &admitter, target, &source))
        .await?;
    let url = match admitted {
        Admitted::Attached(thread_id) => {
            state
                .db(move |conn| return_to(conn, thread_id, target))
                .await?
        }
        Admitted::Decode(ticket) => {
            let uploads = state.config.uploads_dir();
            let processed = state
                .photo_pool
                .run(ticket, move || {
                    let processed = media::process(&upload)?;
                    drop(upload);
                    media::store(&uploads, &processed)?;
                    Ok::<_, PhotoError>(processed)
                })
                .await
                .ok_or_else(|| AppError::Internal(anyhow::anyhow!("a photo thread panicked")))?
                .map_err(photo_error)?;
            state
                .db(move |conn| {
                    let thread_id = rules::attach(conn, &actor, target, &processed)?;
                    return_to(conn, thread_id, target)
                })
                .await?
        }
    };
    Ok(see_other(&url))
}

/// Where the member goes back to: the step or post, on its thread's page;
/// their profile settings for an avatar.
fn return_to(conn: &mut DbConn, thread_id: Option<i64>, target: Target) -> AppResult<String> {
    let anchor = match target {
        Target::Step(id) => format!("#step-{id}"),
        Target::Post(id) => format!("#post-{id}"),
        Target::Avatar(_) => return Ok("/settings/profile?avatar=1".to_owned()),
    };
    let thread = threads::find(conn, thread_id.ok_or(AppError::NotFound("thread"))?)?;
    Ok(format!(
        "{}{anchor}",
        crate::web::discussion::threads::thread_url(thread.id, &thread.slug)
    ))
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

/// The member's own avatar, through the same checks, limits, stripping and
/// thumbnails as every photo.
/// A refused photo (its kind, size, the hourly limit) is said on the
/// profile settings page.
#[post("/settings/avatar")]
async fn upload_avatar(
    req: HttpRequest,
    viewer: Viewer,
    state: web::Data<AppState>,
    payload: Multipart,
) -> AppResult<HttpResponse> {
    let me = viewer.require_user()?.id;
    match upload(viewer.clone(), &state, Target::Avatar(me), payload).await {
        Err(e) if e.field_errors().is_some() => {
            crate::web::accounts::settings::profile_again(&req, &state, &viewer, e).await
        }
        done => done,
    }
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
