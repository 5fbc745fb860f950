//! Photos: checked by their content (not their name), bounded by their
//! header before anything is decoded (a small file can claim 144 megapixels
//! and cost half a gigabyte), decoded with limits on a small pool of threads
//! of their own (`PhotoPool`), stripped of all metadata by re-encoding the
//! pixels, bounded to 2048 px, thumbnailed, and stored content-addressed:
//! `<uploads>/ab/cd/<sha256>.jpg` and `….thumb.jpg`.

use crate::i18n::Message;
use std::io::Cursor;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc, Mutex, OnceLock};

use image::codecs::jpeg::JpegEncoder;
use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};
use sha2::{Digest, Sha256};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

pub const MAX_UPLOAD_BYTES: usize = 10 * 1024 * 1024;
const MAX_SIDE: u32 = 2048;
const THUMB_SIDE: u32 = 400;
/// Larger images are refused by their header, before decoding: phone
/// cameras save 12–24 MP (48 MP in their largest mode is refused, with a
/// message saying so). A side limit refuses absurd strips of the same area.
pub const MAX_SOURCE_PIXELS: u64 = 40_000_000;
pub const MAX_SOURCE_SIDE: u32 = 12_000;
/// What the decoded pixels may take: 40 MP at 8 bits of RGBA. A 16-bit image
/// needs twice as much for as many pixels, so fewer are allowed.
const MAX_DECODED_BYTES: u64 = MAX_SOURCE_PIXELS * 4;
/// A progressive JPEG keeps every coefficient while it decodes (2 bytes a
/// sample, up to 9 bytes a pixel beside the 3 of the image), so it gets a
/// quarter of the pixels a baseline one gets, about the same memory.
pub const MAX_PROGRESSIVE_PIXELS: u64 = 12_000_000;
/// The decoder's own buffers beside its output (rows, tables, a JPEG's
/// coefficients), for `Limits::max_alloc`, the second fence.
const DECODER_ALLOWANCE: u64 = 96 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum PhotoError {
    #[error("That file is larger than 10 MiB.")]
    TooLarge,
    #[error("That file is not a JPEG, PNG or WebP image.")]
    NotAnImage,
    #[error("That image is {width} × {height} pixels: photos may have at most 40 megapixels, and 12,000 pixels a side. Nothing was saved; please make it smaller and try again.")]
    TooManyPixels { width: u32, height: u32 },
    #[error("That image is {width} × {height} pixels at 16 bits a channel: too much to process. Nothing was saved; please save it as an ordinary (8-bit) JPEG or PNG, or smaller, and try again.")]
    TooDeep { width: u32, height: u32 },
    #[error("That image is {width} × {height} pixels saved as a progressive JPEG: those may have at most 12 megapixels. Nothing was saved; please save it as an ordinary (baseline) JPEG, or smaller, and try again.")]
    TooLargeProgressive { width: u32, height: u32 },
    #[error("That image could not be read: it is damaged or its dimensions are absurd.")]
    Unreadable,
    #[error("The photo could not be stored.")]
    Storage(#[from] std::io::Error),
}

impl PhotoError {
    /// What the uploader is told, in their language where it is said.
    pub fn message(&self) -> Message {
        let size = |key: &'static str, width: &u32, height: &u32| {
            Message::new(key)
                .with("width", width)
                .with("height", height)
        };
        match self {
            PhotoError::TooLarge => "err-photo-too-large".into(),
            PhotoError::NotAnImage => "err-photo-not-an-image".into(),
            PhotoError::TooManyPixels { width, height } => {
                size("err-photo-too-many-pixels", width, height)
            }
            PhotoError::TooDeep { width, height } => size("err-photo-too-deep", width, height),
            PhotoError::TooLargeProgressive { width, height } => {
                size("err-photo-too-large-progressive", width, height)
            }
            PhotoError::Unreadable => "err-photo-unreadable".into(),
            PhotoError::Storage(_) => "err-photo-storage".into(),
        }
    }
}

/// An upload whose header was read and found within bounds; not decoded.
pub struct Upload {
    bytes: Vec<u8>,
    format: ImageFormat,
    /// The sha256 of the file as sent (duplicates are found by it).
    pub source_sha256: String,
    pub width: u32,
    pub height: u32,
}

/// A cleaned photo, ready to store.
pub struct Processed {
    /// The sha256 of the cleaned full-size file: its name in the store.
    pub sha256: String,
    pub source_sha256: String,
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

fn extension_of(format: ImageFormat) -> &'static str {
    match format {
        ImageFormat::Jpeg => "jpg",
        // Transparency survives as PNG; WebP is stored as PNG too.
        _ => "png",
    }
}

/// The sha256 of a file, as 64 lower-case hex digits.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Checks an upload by its size, its content type and its header only
/// (microseconds: nothing is decoded), so a refusal costs nothing.
/// `source_sha256` is the file's hash, taken as it arrived.
pub fn inspect(bytes: Vec<u8>, source_sha256: String) -> Result<Upload, PhotoError> {
    if bytes.len() > MAX_UPLOAD_BYTES {
        return Err(PhotoError::TooLarge);
    }
    let format = image::guess_format(&bytes).map_err(|_| PhotoError::NotAnImage)?;
    if !matches!(
        format,
        ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP
    ) {
        return Err(PhotoError::NotAnImage);
    }
    // No side limit here: the header's own figures make the clearer message.
    let mut reader = ImageReader::with_format(Cursor::new(&bytes[..]), format);
    let mut limits = Limits::default();
    limits.max_alloc = Some(DECODER_ALLOWANCE);
    reader.limits(limits);
    let decoder = reader.into_decoder().map_err(|_| PhotoError::Unreadable)?;
    let (width, height) = decoder.dimensions();
    if width == 0 || height == 0 {
        return Err(PhotoError::Unreadable);
    }
    if width > MAX_SOURCE_SIDE
        || height > MAX_SOURCE_SIDE
        || u64::from(width) * u64::from(height) > MAX_SOURCE_PIXELS
    {
        return Err(PhotoError::TooManyPixels { width, height });
    }
    if decoder.total_bytes() > MAX_DECODED_BYTES {
        return Err(PhotoError::TooDeep { width, height });
    }
    if format == ImageFormat::Jpeg
        && u64::from(width) * u64::from(height) > MAX_PROGRESSIVE_PIXELS
        && jpeg_is_progressive(&bytes)
    {
        return Err(PhotoError::TooLargeProgressive { width, height });
    }
    drop(decoder);
    Ok(Upload {
        bytes,
        format,
        source_sha256,
        width,
        height,
    })
}

/// Whether a JPEG's frame header (SOF marker) says progressive: walks the
/// marker segments by their lengths up to the first frame header.
fn jpeg_is_progressive(bytes: &[u8]) -> bool {
    let mut at = 2; // after SOI
    while at + 4 <= bytes.len() {
        if bytes[at] != 0xFF {
            return false;
        }
        let marker = bytes[at + 1];
        match marker {
            0xFF => at += 1, // fill byte
            0x01 | 0xD0..=0xD7 => at += 2,
            // SOF2, SOF6, SOF10, SOF14: the progressive frame headers.
            0xC2 | 0xC6 | 0xCA | 0xCE => return true,
            0xC0 | 0xC1 | 0xC3 | 0xC5 | 0xC7 | 0xC9 | 0xCB | 0xCD | 0xCF => return false,
            0xD9 | 0xDA => return false, // end, or scan data before any frame
            _ => {
                let length = usize::from(u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]));
                at += 2 + length;
            }
        }
    }
    false
}

/// Scales down to at most 2048 px a side. Lanczos keeps a float copy of
/// (source width × new height) at 16 bytes a pixel, ~160 MB more from a
/// 40 MP photo; averaging down to twice the target first (integer, in
/// place of the source, which is then freed) bounds that to ~40 MB.
fn bound(image: DynamicImage) -> DynamicImage {
    if image.width() <= MAX_SIDE && image.height() <= MAX_SIDE {
        return image;
    }
    let image = average_down(image, 2 * MAX_SIDE);
    image.resize(MAX_SIDE, MAX_SIDE, FilterType::Lanczos3)
}

/// Takes the image by value so the larger one is freed on return.
fn average_down(image: DynamicImage, side: u32) -> DynamicImage {
    if image.width() <= side && image.height() <= side {
        image
    } else {
        image.thumbnail(side, side)
    }
}

/// Decodes (with limits), cleans and re-encodes an inspected upload.
/// CPU-heavy and up to ~250 MB for a 40 MP photo: run it on the `PhotoPool`.
pub fn process(upload: &Upload) -> Result<Processed, PhotoError> {
    let mut reader = ImageReader::with_format(Cursor::new(&upload.bytes[..]), upload.format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SOURCE_SIDE);
    limits.max_image_height = Some(MAX_SOURCE_SIDE);
    limits.max_alloc = Some(MAX_DECODED_BYTES + DECODER_ALLOWANCE);
    reader.limits(limits);
    let image = bound(reader.decode().map_err(|_| PhotoError::Unreadable)?);
    let extension = extension_of(upload.format);
    let full = encode(&image, extension)?;
    let thumb = encode(&image.thumbnail(THUMB_SIDE, THUMB_SIDE), extension)?;
    Ok(Processed {
        sha256: sha256_hex(&full),
        source_sha256: upload.source_sha256.clone(),
        extension,
        width: image.width(),
        height: image.height(),
        full,
        thumb,
    })
}

type Job = Box<dyn FnOnce() + Send>;

/// Threads that decode photos, apart from the blocking threads the database
/// work runs on (a burst of photos once held those for 19 s), with a queue
/// of bounded length: memory is bounded by the threads (~250 MB each at
/// most), and an upload that finds the queue full is refused at once.
pub struct PhotoPool {
    workers: usize,
    /// One permit per photo being decoded or waiting: workers + queue.
    slots: Arc<Semaphore>,
    /// Started with the first photo; the threads end when the pool does.
    jobs: OnceLock<mpsc::Sender<Job>>,
}

/// A place in the photo pool, held from admission until the work is done.
pub struct Ticket(#[allow(dead_code)] OwnedSemaphorePermit);

impl PhotoPool {
    /// `workers` threads (default: 2, or 1 on a single core) and `queue`
    /// photos waiting for them.
    pub fn new(workers: Option<usize>, queue: usize) -> PhotoPool {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let workers = workers.unwrap_or(cores.min(2)).max(1);
        PhotoPool {
            workers,
            slots: Arc::new(Semaphore::new(workers + queue)),
            jobs: OnceLock::new(),
        }
    }

    /// A place, or None when every thread is busy and the queue is full.
    pub fn try_ticket(&self) -> Option<Ticket> {
        self.slots.clone().try_acquire_owned().ok().map(Ticket)
    }

    /// Runs `work` on a photo thread; None if it panicked. The place is
    /// given back when the work ends, even if nobody waits for it any more;
    /// work whose request went away while it waited is not started.
    pub async fn run<T, F>(&self, ticket: Ticket, work: F) -> Option<T>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        let (done, result) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move || {
            if done.is_closed() {
                return;
            }
            let outcome = std::panic::catch_unwind(AssertUnwindSafe(work));
            drop(ticket);
            let _ = done.send(outcome);
        });
        self.jobs
            .get_or_init(|| start_workers(self.workers))
            .send(job)
            .ok()?;
        result.await.ok()?.ok()
    }
}

fn start_workers(workers: usize) -> mpsc::Sender<Job> {
    let (sender, receiver) = mpsc::channel::<Job>();
    let receiver = Arc::new(Mutex::new(receiver));
    for n in 0..workers {
        let receiver = receiver.clone();
        std::thread::Builder::new()
            .name(format!("photo-{n}"))
            .spawn(move || {
                lower_priority();
                loop {
                    // The lock is held only while waiting for a job.
                    let job = match receiver.lock() {
                        Ok(receiver) => receiver.recv(),
                        Err(_) => return,
                    };
                    match job {
                        Ok(job) => job(),
                        Err(_) => return, // the pool is gone
                    }
                }
            })
            .expect("a photo thread could not be started");
    }
    sender
}

/// Photo threads yield the CPU to requests: members' pages stay fast while
/// photos are decoded (nice 10 on Linux, where it is per thread).
fn lower_priority() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: plain system calls on the calling thread; no memory is shared.
    unsafe {
        let thread = libc::syscall(libc::SYS_gettid) as libc::id_t;
        libc::setpriority(libc::PRIO_PROCESS, thread, 10);
    }
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
            source_sha256: "cd".repeat(32),
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

    fn inspect(bytes: &[u8]) -> Result<Upload, PhotoError> {
        super::inspect(bytes.to_vec(), sha256_hex(bytes))
    }

    /// A PNG claiming these dimensions, with no pixel data at all (an empty
    /// IDAT chunk): what its header says is all there is to read.
    fn png_header(width: u32, height: u32, bit_depth: u8, colour: u8) -> Vec<u8> {
        let chunk = |png: &mut Vec<u8>, kind: &[u8], data: &[u8]| {
            let mut body = kind.to_vec();
            body.extend(data);
            png.extend((data.len() as u32).to_be_bytes());
            png.extend(&body);
            png.extend(crc32(&body).to_be_bytes());
        };
        let mut ihdr = width.to_be_bytes().to_vec();
        ihdr.extend(height.to_be_bytes());
        ihdr.extend([bit_depth, colour, 0, 0, 0]);
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        chunk(&mut png, b"IHDR", &ihdr);
        chunk(&mut png, b"IDAT", &[]);
        chunk(&mut png, b"IEND", &[]);
        png
    }

    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    #[test]
    fn text_is_not_an_image() {
        assert!(matches!(
            inspect(b"hello, I am a text file"),
            Err(PhotoError::NotAnImage)
        ));
    }

    #[test]
    fn dimensions_are_bounded_by_the_header_alone() {
        // No pixel data follows these headers: a decode would fail, so an
        // answer about the size shows nothing was decoded.
        assert!(matches!(
            inspect(&png_header(12_000, 12_000, 8, 2)),
            Err(PhotoError::TooManyPixels {
                width: 12_000,
                height: 12_000
            })
        ));
        assert!(matches!(
            inspect(&png_header(12_001, 100, 8, 2)),
            Err(PhotoError::TooManyPixels { .. })
        ));
        assert!(matches!(
            inspect(&png_header(6_000, 5_000, 16, 6)),
            Err(PhotoError::TooDeep { .. })
        ));
        let allowed = inspect(&png_header(8_000, 5_000, 8, 6)).unwrap();
        assert_eq!((allowed.width, allowed.height), (8_000, 5_000));
    }

    /// The start of a JPEG: SOI, an APP0 segment, then a frame header.
    fn jpeg_header(sof: u8, width: u16, height: u16) -> Vec<u8> {
        let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10];
        jpeg.extend(b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
        jpeg.extend([0xFF, sof, 0x00, 0x11, 0x08]);
        jpeg.extend(height.to_be_bytes());
        jpeg.extend(width.to_be_bytes());
        jpeg.extend([0x03, 1, 0x11, 0, 2, 0x11, 1, 3, 0x11, 1]);
        jpeg
    }

    #[test]
    fn progressive_jpegs_are_recognised_by_their_frame_header() {
        assert!(jpeg_is_progressive(&jpeg_header(0xC2, 6_000, 4_000)));
        assert!(!jpeg_is_progressive(&jpeg_header(0xC0, 6_000, 4_000)));
        assert!(!jpeg_is_progressive(&[0xFF, 0xD8, 0xFF]));
    }

    #[test]
    fn a_large_photo_is_scaled_down_in_two_steps() {
        let image = DynamicImage::ImageRgb8(image::RgbImage::from_pixel(
            9_000,
            3_000,
            image::Rgb([200, 100, 50]),
        ));
        let bounded = bound(image);
        assert_eq!((bounded.width(), bounded.height()), (2048, 683));
        assert_eq!(
            bounded.to_rgb8().get_pixel(1000, 300),
            &image::Rgb([200, 100, 50])
        );
    }

    #[actix_web::test]
    async fn the_pool_refuses_beyond_its_queue_and_frees_places() {
        let pool = PhotoPool::new(Some(1), 1);
        let first = pool.try_ticket().unwrap();
        let second = pool.try_ticket().unwrap();
        assert!(
            pool.try_ticket().is_none(),
            "one working, one waiting: full"
        );
        assert_eq!(pool.run(first, || 2 + 2).await, Some(4));
        let third = pool
            .try_ticket()
            .expect("the finished one gave its place back");
        let panicked: Option<()> = pool.run(second, || panic!("a bad image")).await;
        assert_eq!(panicked, None);
        assert_eq!(
            pool.run(third, || "still running").await,
            Some("still running")
        );
    }
}
