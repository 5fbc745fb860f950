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
use crate::i18n::Message;
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
        other => AppError::invalid("photo", other.message()),
    }
}

/// A file as it arrived, with its sha256 (taken chunk by chunk as it
/// arrives, so duplicates cost no extra pass).
pub(crate) struct SentFile {
    pub bytes: Vec<u8>,
    pub sha256: String,
}

/// A multipart form as it arrived: its CSRF token, its other text fields,
/// and its photos (fields named `photo`; a file input left empty sends none).
pub(crate) struct MultipartForm {
    pub token: String,
    pub fields: Vec<(String, String)>,
    pub files: Vec<SentFile>,
    /// Why a file was left out (too large, one too many): the rest of the
    /// form is still read, so a page can show it again with the message.
    pub refused: Option<AppError>,
}

/// The text a multipart form may carry besides its files: a post's 64 KiB
/// body and a few short fields, with room to spare.
const MAX_TEXT_BYTES: usize = 256 * 1024;

fn unreadable(e: impl std::fmt::Display) -> AppError {
    AppError::BadRequest(Message::new("err-media-upload-could-not-read-e").with("e", e.to_string()))
}

/// Reads a multipart form. A file over 10 MiB, or past `max_files`, is
/// dropped as it arrives (never held) and said in `refused`; too much text
/// ends the reading at once.
pub(crate) async fn read_multipart(
    mut payload: Multipart,
    max_files: usize,
) -> AppResult<MultipartForm> {
    let mut form = MultipartForm {
        token: String::new(),
        fields: Vec::new(),
        files: Vec::new(),
        refused: None,
    };
    let mut text_bytes = 0;
    while let Some(field) = payload.next().await {
        let mut field = field.map_err(unreadable)?;
        let name = field.name().unwrap_or_default().to_owned();
        let is_file = name == "photo";
        let mut bytes = Vec::new();
        let mut hasher = Sha256::new();
        let mut dropped = false;
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(unreadable)?;
            if !is_file {
                text_bytes += chunk.len();
                if text_bytes > MAX_TEXT_BYTES {
                    return Err(AppError::BadRequest("err-media-form-too-large".into()));
                }
            } else if dropped {
                continue;
            } else if form.files.len() == max_files {
                dropped = true;
                form.refused.get_or_insert_with(|| {
                    AppError::invalid(
                        "photo",
                        Message::new("err-media-choose-at-most-max-files")
                            .with("max_files", max_files),
                    )
                });
                continue;
            } else if bytes.len() + chunk.len() > MAX_UPLOAD_BYTES {
                dropped = true;
                form.refused
                    .get_or_insert_with(|| photo_error(PhotoError::TooLarge));
                continue;
            } else {
                hasher.update(&chunk);
            }
            bytes.extend_from_slice(&chunk);
        }
        match name.as_str() {
            "photo" if bytes.is_empty() || dropped => {}
            "photo" => form.files.push(SentFile {
                bytes,
                sha256: hex::encode(hasher.finalize()),
            }),
            csrf::FIELD => form.token = String::from_utf8_lossy(&bytes).into_owned(),
            _ => form
                .fields
                .push((name, String::from_utf8_lossy(&bytes).into_owned())),
        }
    }
    Ok(form)
}

/// Decodes and stores the photos chosen with a new question, after the
/// same checks as any upload (each file's header, then how many, the
/// member's hourly limit and a place in the photo pool), ready to be
/// attached in the question's transaction. Files seen before are not
/// decoded again; a file chosen twice counts once.
pub(crate) async fn photos_for_new_post(
    state: &AppState,
    actor: &crate::forum::Actor,
    mut files: Vec<SentFile>,
) -> AppResult<Vec<rules::ChosenPhoto>> {
    let mut seen = std::collections::HashSet::new();
    files.retain(|f| seen.insert(f.sha256.clone()));
    if files.is_empty() {
        return Ok(Vec::new());
    }
    let uploads = state
        .blocking(move || {
            files
                .into_iter()
                .map(|f| media::inspect(f.bytes, f.sha256).map_err(photo_error))
                .collect::<AppResult<Vec<_>>>()
        })
        .await?;
    let sources: Vec<String> = uploads.iter().map(|u| u.source_sha256.clone()).collect();
    let (policy, pool, admitter) = (
        state.policy.clone(),
        state.photo_pool.clone(),
        actor.clone(),
    );
    let (known, ticket) = state
        .db(move |conn| rules::admit_for_new_post(conn, &policy, &pool, &admitter, &sources))
        .await?;
    let Some(ticket) = ticket else {
        return Ok(known
            .into_iter()
            .flatten()
            .map(rules::ChosenPhoto::Known)
            .collect());
    };
    let uploads_dir = state.config.uploads_dir();
    state
        .photo_pool
        .run(ticket, move || {
            uploads
                .into_iter()
                .zip(known)
                .map(|(upload, known)| match known {
                    Some(id) => Ok(rules::ChosenPhoto::Known(id)),
                    None => {
                        let processed = media::process(&upload)?;
                        media::store(&uploads_dir, &processed)?;
                        Ok(rules::ChosenPhoto::New(processed))
                    }
                })
                .collect::<Result<Vec<_>, PhotoError>>()
        })
        .await
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("a photo thread panicked")))?
        .map_err(photo_error)
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
    let form = read_multipart(payload, 1).await?;
    if !csrf::tokens_match(&viewer.csrf_token, &form.token) {
        return Err(AppError::Csrf);
    }
    if let Some(refused) = form.refused {
        return Err(refused);
    }
    let Some(file) = form.files.into_iter().next() else {
        return Err(AppError::invalid("photo", "err-media-choose-photo-upload"));
    };
    // Rights first, so a stranger hears 403 whatever the file.
    let checker = actor.clone();
    state
        .db(move |conn| rules::check(conn, &checker, target))
        .await?;
    let upload = state
        .blocking(move || media::inspect(file.bytes, file.sha256).map_err(photo_error))
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
