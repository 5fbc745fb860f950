//! Photo uploads: cleaned of metadata, checked by content, refused clearly.

use std::io::Cursor;

use fixloop::model::accounts::users::Role;

use crate::common::{each_db, thread_id, TestApp, TestDb};

/// A real JPEG carrying an EXIF block with GPS coordinates (52°31'12" N).
fn jpeg_with_gps() -> Vec<u8> {
    let image = image::RgbImage::from_fn(64, 48, |x, y| {
        image::Rgb([(x * 4) as u8, (y * 5) as u8, 90])
    });
    let mut jpeg = Vec::new();
    image::DynamicImage::ImageRgb8(image)
        .write_to(&mut Cursor::new(&mut jpeg), image::ImageFormat::Jpeg)
        .unwrap();
    // TIFF (little endian): IFD0 with a GPSInfo pointer, a GPS IFD with
    // GPSLatitudeRef = "N" and GPSLatitude = 52/1, 31/1, 12/1.
    let mut tiff: Vec<u8> = b"II\x2a\x00".to_vec();
    tiff.extend(8u32.to_le_bytes());
    tiff.extend(1u16.to_le_bytes());
    tiff.extend([0x25, 0x88, 4, 0]);
    tiff.extend(1u32.to_le_bytes());
    tiff.extend(26u32.to_le_bytes());
    tiff.extend(0u32.to_le_bytes());
    tiff.extend(2u16.to_le_bytes());
    tiff.extend([1, 0, 2, 0]);
    tiff.extend(2u32.to_le_bytes());
    tiff.extend(*b"N\0\0\0");
    tiff.extend([2, 0, 5, 0]);
    tiff.extend(3u32.to_le_bytes());
    tiff.extend(56u32.to_le_bytes());
    tiff.extend(0u32.to_le_bytes());
    for value in [52u32, 31, 12] {
        tiff.extend(value.to_le_bytes());
        tiff.extend(1u32.to_le_bytes());
    }
    let mut app1 = vec![0xFF, 0xE1];
    app1.extend(((2 + 6 + tiff.len()) as u16).to_be_bytes());
    app1.extend(b"Exif\0\0");
    app1.extend(&tiff);
    let mut with_exif = jpeg[..2].to_vec();
    with_exif.extend(app1);
    with_exif.extend(&jpeg[2..]);
    with_exif
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

async fn guide_with_step(app: &TestApp) -> (i64, i64) {
    let id = thread_id(
        &app.start_thread("guide", "Replace the speaker", "", "Introduction.")
            .await,
    );
    app.post(
        &format!("/t/{id}/steps"),
        &[("title", "Open the case"), ("body", "Carefully.")],
    )
    .await
    .assert_status(303);
    let step = app.db(|conn| fixloop::model::knowledge::guides::steps(conn, id).unwrap()[0].id);
    (id, step)
}

#[actix_web::test]
async fn photos_lose_their_location_and_bad_files_are_refused() {
    each_db(|app| async move {
        app.register("photographer").await;
        let (guide, step) = guide_with_step(&app).await;
        let original = jpeg_with_gps();
        assert!(contains(&original, b"Exif") && contains(&original, &[0x25, 0x88]));

        let page = app
            .post_file(&format!("/steps/{step}/photos"), "photo", &original, true)
            .await;
        page.assert_status(303);
        assert!(page.location().ends_with(&format!("#step-{step}")));
        let hash = app.db(|conn| {
            use diesel::prelude::*;
            fixloop::db::schema::photos::table
                .select(fixloop::db::schema::photos::sha256)
                .first::<String>(conn)
                .unwrap()
        });
        let (status, headers, served) = app.get_bytes(&format!("/media/{hash}.jpg")).await;
        assert_eq!(status.as_u16(), 200);
        assert_eq!(headers.get("content-type").unwrap(), "image/jpeg");
        assert!(headers
            .get("cache-control")
            .unwrap()
            .to_str()
            .unwrap()
            .contains("immutable"));
        assert_eq!(&served[..2], &[0xFF, 0xD8], "still a JPEG");
        assert!(!contains(&served, b"Exif"), "no EXIF block survives");
        assert!(
            !contains(&served, &tiff_gps_marker()),
            "no GPS data survives"
        );
        let decoded = image::load_from_memory(&served).unwrap();
        assert_eq!((decoded.width(), decoded.height()), (64, 48));
        let (status, _, thumb) = app.get_bytes(&format!("/media/{hash}.thumb.jpg")).await;
        assert_eq!(status.as_u16(), 200);
        assert!(!contains(&thumb, b"Exif"));
        app.get(&format!("/t/{guide}"))
            .await
            .assert_contains(&format!("/media/{hash}.thumb.jpg"));
        app.get("/media/..%2F..%2Fetc%2Fpasswd")
            .await
            .assert_status(404);

        // Not an image (whatever its name says), a decompression bomb, too large.
        let refused = app
            .post_file(
                &format!("/steps/{step}/photos"),
                "photo",
                b"this is a text file, named photo.jpg",
                true,
            )
            .await;
        refused
            .assert_status(422)
            .assert_contains("not a JPEG, PNG or WebP image");
        let mut bomb = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR".to_vec();
        bomb.extend(100_000u32.to_be_bytes());
        bomb.extend(100_000u32.to_be_bytes());
        bomb.extend([8, 2, 0, 0, 0, 0, 0, 0, 0]);
        app.post_file(&format!("/steps/{step}/photos"), "photo", &bomb, true)
            .await
            .assert_status(422)
            .assert_contains("dimensions are absurd");
        let huge = vec![0xFFu8; 10 * 1024 * 1024 + 1];
        app.post_file(&format!("/steps/{step}/photos"), "photo", &huge, true)
            .await
            .assert_status(422)
            .assert_contains("larger than 10 MiB");
        assert_eq!(app.count("photos"), 1);

        // Others may not add photos; a form without its token does nothing.
        let stranger = app.visitor().await;
        stranger.register("not_the_photographer").await;
        stranger
            .post_file(&format!("/steps/{step}/photos"), "photo", &original, true)
            .await
            .assert_status(403);
        app.post_file(&format!("/steps/{step}/photos"), "photo", &original, false)
            .await
            .assert_status(403);

        // At most six photos a step.
        for n in 0..5u8 {
            let image = image::RgbImage::from_pixel(8, 8, image::Rgb([n * 40, 10, 10]));
            let mut png = Vec::new();
            image::DynamicImage::ImageRgb8(image)
                .write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)
                .unwrap();
            app.post_file(&format!("/steps/{step}/photos"), "photo", &png, true)
                .await
                .assert_status(303);
        }
        app.post_file(&format!("/steps/{step}/photos"), "photo", &original, true)
            .await
            .assert_status(422)
            .assert_contains("already 6 photos");

        // Photos on a reply, by its author.
        let post = app.reply(guide, "A photo of the result").await;
        app.post_file(&format!("/posts/{post}/photos"), "photo", &original, true)
            .await
            .assert_status(303);
        app.get(&format!("/t/{guide}"))
            .await
            .assert_contains("class=\"gallery\"");
        let _ = Role::Member;
    })
    .await;
}

fn tiff_gps_marker() -> Vec<u8> {
    // The GPSLatitude rational 52/1 as written in the upload.
    let mut marker = 52u32.to_le_bytes().to_vec();
    marker.extend(1u32.to_le_bytes());
    marker.extend(31u32.to_le_bytes());
    marker
}

#[actix_web::test]
async fn an_unwritable_photo_store_is_a_clear_error_and_stores_nothing() {
    let blocker = tempfile::NamedTempFile::new().unwrap();
    // The uploads directory would have to live inside a regular file.
    let uploads = blocker.path().join("uploads");
    let app = TestApp::with_config(TestDb::sqlite(), |config| {
        config.uploads_dir = Some(uploads.clone())
    })
    .await;
    app.register("unlucky").await;
    let (_, step) = guide_with_step(&app).await;
    let page = app
        .post_file(
            &format!("/steps/{step}/photos"),
            "photo",
            &jpeg_with_gps(),
            true,
        )
        .await;
    page.assert_status(503)
        .assert_contains("could not be stored");
    assert_eq!(app.count("photos"), 0);
    assert_eq!(app.count("step_photos"), 0);
}

/// A small PNG of one colour; `seed` makes each a different file.
fn small_png(seed: u8) -> Vec<u8> {
    let image = image::RgbImage::from_pixel(16, 12, image::Rgb([seed, 200, 255 - seed]));
    let mut png = Vec::new();
    image::DynamicImage::ImageRgb8(image)
        .write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    png
}

/// The attack from issue 26: a valid grey PNG of 12,000 × 12,000 pixels that
/// compresses to ~140 KiB (and would take ~144 MB decoded, more to resize).
fn huge_small_png() -> &'static [u8] {
    static PNG: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    PNG.get_or_init(|| {
        use std::io::Write;
        let side = 12_000u32;
        let mut idat = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        let row = vec![0u8; side as usize + 1]; // filter byte, then black pixels
        for _ in 0..side {
            idat.write_all(&row).unwrap();
        }
        let idat = idat.finish().unwrap();
        let chunk = |png: &mut Vec<u8>, kind: &[u8], data: &[u8]| {
            png.extend((data.len() as u32).to_be_bytes());
            let mut crc = flate2::Crc::new();
            crc.update(kind);
            crc.update(data);
            png.extend(kind);
            png.extend(data);
            png.extend(crc.sum().to_be_bytes());
        };
        let mut ihdr = side.to_be_bytes().to_vec();
        ihdr.extend(side.to_be_bytes());
        ihdr.extend([8, 0, 0, 0, 0]); // 8-bit greyscale
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        chunk(&mut png, b"IHDR", &ihdr);
        chunk(&mut png, b"IDAT", &idat);
        chunk(&mut png, b"IEND", &[]);
        png
    })
}

fn files_in(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                found.extend(files_in(&path));
            } else {
                found.push(path);
            }
        }
    }
    found
}

#[actix_web::test]
async fn a_photo_of_too_many_pixels_is_refused_by_its_header() {
    each_db(|app| async move {
        app.register("bomber").await;
        let (_, step) = guide_with_step(&app).await;
        let png = huge_small_png();
        assert!(png.len() < 200 * 1024, "{} bytes", png.len());
        assert_eq!(
            image::ImageReader::new(Cursor::new(png))
                .with_guessed_format()
                .unwrap()
                .into_dimensions()
                .unwrap(),
            (12_000, 12_000),
            "a valid PNG"
        );
        app.post_file(&format!("/steps/{step}/photos"), "photo", png, true)
            .await
            .assert_status(422)
            .assert_contains("12000 × 12000 pixels")
            .assert_contains("at most 40 megapixels");
        assert_eq!(app.count("photos"), 0);
        assert_eq!(app.count("step_photos"), 0);
        assert_eq!(app.count("photo_uploads"), 0, "a refusal does not count");
        assert!(files_in(&app.state.config.uploads_dir()).is_empty());
    })
    .await;
}

/// Photo pools of one thread and no queue, so a test can fill them by
/// holding the one place.
async fn each_db_with_one_photo_place<F, Fut>(body: F)
where
    F: Fn(TestApp) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    for db in TestDb::all() {
        eprintln!("-- on {}", db.label);
        let app = TestApp::with_config(db, |config| {
            config.photo_workers = Some(1);
            config.photo_queue = 0;
        })
        .await;
        body(app).await;
    }
}

#[actix_web::test]
async fn a_known_file_is_never_decoded_again() {
    each_db_with_one_photo_place(|app| async move {
        app.register("repeater").await;
        let (guide, step) = guide_with_step(&app).await;
        let photo = small_png(1);
        app.post_file(&format!("/steps/{step}/photos"), "photo", &photo, true)
            .await
            .assert_status(303);

        // Every photo thread is now taken: only what needs no decoding passes.
        let busy = app.state.photo_pool.try_ticket().unwrap();
        app.post_file(&format!("/steps/{step}/photos"), "photo", &photo, true)
            .await
            .assert_status(409)
            .assert_contains("already here");
        let post = app.reply(guide, "The same photo, on my reply").await;
        app.post_file(&format!("/posts/{post}/photos"), "photo", &photo, true)
            .await
            .assert_status(303);
        assert_eq!(app.count("photos"), 1);
        assert_eq!(app.count("post_photos"), 1);
        app.post_file(&format!("/posts/{post}/photos"), "photo", &photo, true)
            .await
            .assert_status(409);

        // A new file needs a photo thread: refused at once, nothing kept.
        let page = app
            .post_file(
                &format!("/steps/{step}/photos"),
                "photo",
                &small_png(2),
                true,
            )
            .await;
        page.assert_status(503)
            .assert_contains("Many photos are being processed right now");
        assert_eq!(page.header("retry-after"), "5");
        assert_eq!(app.count("photos"), 1);
        assert_eq!(app.count("step_photos"), 1);
        assert_eq!(
            app.count("photo_uploads"),
            2,
            "the first upload and the one attached again count; refusals do not"
        );
        let files = files_in(&app.state.config.uploads_dir()).len();
        assert_eq!(files, 2, "one photo and its thumbnail");

        drop(busy);
        app.post_file(
            &format!("/steps/{step}/photos"),
            "photo",
            &small_png(2),
            true,
        )
        .await
        .assert_status(303);
        assert_eq!(app.count("photos"), 2);
    })
    .await;
}

#[actix_web::test]
async fn members_may_upload_only_so_many_photos_an_hour() {
    for db in TestDb::all() {
        eprintln!("-- on {}", db.label);
        let app = TestApp::with_config(db, |config| {
            config.new_member_photos_per_hour = 3;
            config.photos_per_hour = 5;
        })
        .await;
        app.register("eager").await;
        let (guide, step) = guide_with_step(&app).await;
        for seed in 0..3 {
            app.post_file(
                &format!("/steps/{step}/photos"),
                "photo",
                &small_png(seed),
                true,
            )
            .await
            .assert_status(303);
        }
        let page = app
            .post_file(
                &format!("/steps/{step}/photos"),
                "photo",
                &small_png(3),
                true,
            )
            .await;
        page.assert_status(429)
            .assert_contains("New members can upload 3 photos an hour")
            .assert_contains("Nothing was saved");
        let wait: u64 = page.header("retry-after").parse().unwrap();
        assert!((3000..=3600).contains(&wait), "{wait}");
        assert_eq!(app.count("step_photos"), 3);

        // The count is in the database: another app server holds it too.
        let second = app.second_server().await;
        app.on(&second)
            .await
            .post_file(
                &format!("/steps/{step}/photos"),
                "photo",
                &small_png(4),
                true,
            )
            .await
            .assert_status(429);

        // Another member has a limit of their own.
        let other = app.visitor().await;
        other.register("patient").await;
        let post = other.reply(guide, "Mine").await;
        other
            .post_file(
                &format!("/posts/{post}/photos"),
                "photo",
                &small_png(5),
                true,
            )
            .await
            .assert_status(303);

        // Uploads older than an hour no longer count.
        app.db(|conn| {
            use diesel::prelude::*;
            use fixloop::db::schema::photo_uploads;
            diesel::update(photo_uploads::table)
                .set(
                    photo_uploads::created_at
                        .eq(fixloop::model::now() - chrono::Duration::minutes(61)),
                )
                .execute(conn)
                .unwrap();
        });
        app.post_file(
            &format!("/steps/{step}/photos"),
            "photo",
            &small_png(6),
            true,
        )
        .await
        .assert_status(303);
        assert_eq!(app.count("step_photos"), 4);
    }
}
