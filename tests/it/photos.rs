//! Photo uploads: cleaned of metadata, checked by content, refused clearly.

use std::io::Cursor;

use fixloop::model::users::Role;

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
    let step = app.db(|conn| fixloop::model::guides::steps(conn, id).unwrap()[0].id);
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
