use actix_web::http::header;
use actix_web::{get, web, HttpResponse};

use crate::error::AppError;
use crate::render::ASSETS;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(asset);
}

/// Static files from the binary. URLs carry the assets' hash (`?v=`), so they
/// can be cached for a year.
#[get("/assets/{name}")]
async fn asset(name: web::Path<String>) -> Result<HttpResponse, AppError> {
    let asset = ASSETS
        .iter()
        .find(|a| a.name == name.as_str())
        .ok_or(AppError::NotFound("file"))?;
    Ok(HttpResponse::Ok()
        .content_type(asset.content_type)
        .insert_header((header::CACHE_CONTROL, "public, max-age=31536000, immutable"))
        .body(asset.bytes))
}
