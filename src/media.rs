//! Photos: checked by their content (not their name), decoded with limits
//! (a decompression bomb is refused before it is decoded), stripped of all
//! metadata by re-encoding the pixels, bounded to 2048 px, thumbnailed, and
//! stored content-addressed: `<uploads>/ab/cd/<sha256>.jpg` and `….thumb.jpg`.

use std::io::Cursor;
use std::path::{Path, PathBuf};

use image::codecs::jpeg::JpegEncoder;
use image::imageops::FilterType;
use image::{DynamicImage, ImageFormat, ImageReader, Limits};
use sha2::{Digest, Sha256};

pub const MAX_UPLOAD_BYTES: usize = 10 * 1024 * 1024;
const MAX_SIDE: u32 = 2048;
const THUMB_SIDE: u32 = 400;
/// Larger images are refused before decoding: no photo needs more.
const MAX_SOURCE_SIDE: u32 = 12_000;

#[derive(Debug, thiserror::Error)]
pub enum PhotoError {
    #[error("That file is larger than 10 MiB.")]
    TooLarge,
    #[error("That file is not a JPEG, PNG or WebP image.")]
    NotAnImage,
    #[error("That image could not be read: it is damaged or its dimensions are absurd.")]
    Unreadable,
    #[error("The photo could not be stored.")]
    Storage(#[from] std::io::Error),
}

/// A cleaned photo, ready to store.
pub struct Processed {
    pub sha256: String,
    pub extension: &'static str,
    pub width: u32,
    pub height: u32,
    pub full: Vec<u8>,
    pub thumb: Vec<u8>,
}

fn encode(image: &DynamicImage, extension: &str) -> Result<Vec<u8>, PhotoError> {
    let mut out = Vec::new();
    let result = if extension == "jpg" {
        JpegEncoder::new_with_quality(&mut out, 85)
            .encode_image(&DynamicImage::ImageRgb8(image.to_rgb8()))
    } else {
        image.write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
    };
    result.map_err(|_| PhotoError::Unreadable)?;
    Ok(out)
}

/// Checks, decodes, cleans and re-encodes an upload. CPU-heavy: call it off
/// the async workers.
pub fn process(bytes: &[u8]) -> Result<Processed, PhotoError> {
    if bytes.len() > MAX_UPLOAD_BYTES {
        return Err(PhotoError::TooLarge);
    }
    let format = image::guess_format(bytes).map_err(|_| PhotoError::NotAnImage)?;
    let extension = match format {
        ImageFormat::Jpeg => "jpg",
        // Transparency survives as PNG; WebP is stored as PNG too.
        ImageFormat::Png | ImageFormat::WebP => "png",
        _ => return Err(PhotoError::NotAnImage),
    };
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SOURCE_SIDE);
    limits.max_image_height = Some(MAX_SOURCE_SIDE);
    limits.max_alloc = Some(256 * 1024 * 1024);
    reader.limits(limits);
    let image = reader.decode().map_err(|_| PhotoError::Unreadable)?;
    let image = if image.width() > MAX_SIDE || image.height() > MAX_SIDE {
        image.resize(MAX_SIDE, MAX_SIDE, FilterType::Lanczos3)
    } else {
        image
    };
    let full = encode(&image, extension)?;
    let thumb = encode(&image.thumbnail(THUMB_SIDE, THUMB_SIDE), extension)?;
    Ok(Processed {
        sha256: hex::encode(Sha256::digest(&full)),
        extension,
        width: image.width(),
        height: image.height(),
        full,
        thumb,
    })
}

/// Where a stored photo lives: `<uploads>/ab/cd/<sha256>[.thumb].<ext>`.
pub fn path(uploads: &Path, sha256: &str, thumb: bool, extension: &str) -> PathBuf {
    let name = if thumb {
        format!("{sha256}.thumb.{extension}")
    } else {
        format!("{sha256}.{extension}")
    };
    uploads.join(&sha256[0..2]).join(&sha256[2..4]).join(name)
}

/// Writes the photo's files, each via a temporary file and a rename, so a
/// failure (disk full, read-only) never leaves half a photo behind.
pub fn store(uploads: &Path, photo: &Processed) -> Result<(), PhotoError> {
    let full = path(uploads, &photo.sha256, false, photo.extension);
    let thumb = path(uploads, &photo.sha256, true, photo.extension);
    if let Some(dir) = full.parent() {
        std::fs::create_dir_all(dir)?;
    }
    // Files are named by their content's hash: one already there holds the
    // same bytes and may belong to another post, so it is never rewritten
    // nor removed. A new file is written beside its name and renamed into
    // place, so a reader never sees half a file; what a failure leaves
    // (the partial file, a thumbnail without its photo) is removed.
    let write_new = |target: &Path, bytes: &[u8]| -> std::io::Result<bool> {
        if target.exists() {
            return Ok(false);
        }
        let temporary = target.with_extension("partial");
        std::fs::write(&temporary, bytes)
            .and_then(|()| std::fs::rename(&temporary, target))
            .inspect_err(|_| {
                let _ = std::fs::remove_file(&temporary);
            })?;
        Ok(true)
    };
    let thumb_is_new = write_new(&thumb, &photo.thumb)?;
    if let Err(e) = write_new(&full, &photo.full) {
        if thumb_is_new {
            let _ = std::fs::remove_file(&thumb);
        }
        return Err(e.into());
    }
    Ok(())
}

/// A stored file name a request may ask for: 64 hex digits, optional
/// ".thumb", then jpg or png. Anything else (paths, dots) is refused.
pub fn parse_name(name: &str) -> Option<(&str, bool, &str)> {
    let (stem, extension) = name.rsplit_once('.')?;
    if extension != "jpg" && extension != "png" {
        return None;
    }
    let (hash, thumb) = match stem.strip_suffix(".thumb") {
        Some(hash) => (hash, true),
        None => (stem, false),
    };
    (hash.len() == 64
        && hash
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()))
    .then_some((hash, thumb, extension))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn photo() -> Processed {
        Processed {
            sha256: "ab".repeat(32),
            extension: "png",
            width: 1,
            height: 1,
            full: b"full".to_vec(),
            thumb: b"thumb".to_vec(),
        }
    }

    /// Makes writing the full-size file fail: its temporary name is a directory.
    fn block_full_write(uploads: &Path, photo: &Processed) {
        let full = path(uploads, &photo.sha256, false, photo.extension);
        std::fs::create_dir_all(full.with_extension("partial")).unwrap();
    }

    #[test]
    fn a_failed_store_removes_only_what_it_wrote() {
        let uploads = tempfile::tempdir().unwrap();
        let photo = photo();
        let thumb = path(uploads.path(), &photo.sha256, true, photo.extension);
        block_full_write(uploads.path(), &photo);
        assert!(store(uploads.path(), &photo).is_err());
        assert!(!thumb.exists(), "a thumbnail without its photo is removed");

        // The thumbnail is already there for an older post: a failure keeps it.
        std::fs::write(&thumb, b"older post's thumbnail").unwrap();
        assert!(store(uploads.path(), &photo).is_err());
        assert_eq!(std::fs::read(&thumb).unwrap(), b"older post's thumbnail");
    }

    #[test]
    fn only_plain_file_names_are_served() {
        let hash = "a".repeat(64);
        assert!(parse_name(&format!("{hash}.jpg")).is_some());
        assert_eq!(
            parse_name(&format!("{hash}.thumb.png")).map(|p| p.1),
            Some(true)
        );
        assert!(parse_name("../../etc/passwd").is_none());
        assert!(parse_name(&format!("{hash}.svg")).is_none());
        assert!(parse_name(&format!("{}.jpg", "A".repeat(64))).is_none());
    }

    #[test]
    fn text_is_not_an_image() {
        assert!(matches!(
            process(b"hello, I am a text file"),
            Err(PhotoError::NotAnImage)
        ));
    }
}
