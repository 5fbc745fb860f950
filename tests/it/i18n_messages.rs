//! What Fixloop says through errors is said in the reader's language
//! (issue 29): a form shown again with its messages, the error page, and the
//! JSON API's `message`; and every message the code names exists.

use std::path::Path;

use actix_web::http::header;
use actix_web::test::TestRequest;
use fixloop::i18n::Language;

use crate::common::{each_db, member};

#[actix_web::test]
async fn a_form_shown_again_says_its_messages_in_korean_and_keeps_the_text() {
    each_db(|app| async move {
        let asker = member(&app, "msg_asker").await;
        let token = asker.csrf().await;
        let form = serde_urlencoded::to_string([
            ("csrf_token", token.as_str()),
            ("kind", "troubleshooting"),
            ("title", ""),
            ("device", ""),
            ("body", "The dryer hums but the drum never turns."),
            ("action", "post"),
        ])
        .unwrap();
        let page = asker
            .request(
                TestRequest::post()
                    .uri("/threads/new")
                    .insert_header((header::CONTENT_TYPE, "application/x-www-form-urlencoded"))
                    .insert_header((header::ACCEPT_LANGUAGE, "ko-KR,ko;q=0.9"))
                    .set_payload(form),
            )
            .await;
        page.assert_status(422)
            .assert_contains("문제나 주제를 알 수 있는 제목을 5~200자로 써 주세요.")
            .assert_contains("The dryer hums but the drum never turns.")
            .assert_lacks("Give a title of");
        assert_eq!(page.header("content-language"), "ko");

        // The same form in English says it as it always did.
        let page = asker
            .post(
                "/threads/new",
                &[
                    ("kind", "troubleshooting"),
                    ("title", ""),
                    ("device", ""),
                    ("body", "The dryer hums but the drum never turns."),
                    ("action", "post"),
                ],
            )
            .await;
        page.assert_status(422).assert_contains(
            "Give a title of 5 to 200 characters that says what the problem or topic is.",
        );
    })
    .await;
}

#[actix_web::test]
async fn the_error_page_speaks_korean() {
    each_db(|app| async move {
        let visitor = app.visitor().await;
        let page = visitor
            .get_with("/t/98765", header::ACCEPT_LANGUAGE, "ko")
            .await;
        page.assert_status(404)
            .assert_contains("찾을 수 없어요")
            .assert_contains("그 글은 없어요(또는 더 이상 없어요).")
            .assert_contains("포럼으로 돌아가기")
            .assert_lacks("does not exist")
            .assert_lacks("Back to the forum");
        // An address nothing answers at, in Korean too.
        visitor.set_cookie("lang", "ko");
        visitor
            .get("/no/such/address")
            .await
            .assert_status(404)
            .assert_contains("그 페이지는 없어요(또는 더 이상 없어요).");
        visitor.set_cookie("lang", "en");
        visitor
            .get("/t/98765")
            .await
            .assert_status(404)
            .assert_contains("That thread does not exist (or no longer does).")
            .assert_contains("Back to the forum");
    })
    .await;
}

#[actix_web::test]
async fn the_json_api_answers_in_the_accept_language_s_language() {
    each_db(|app| async move {
        let client = app.visitor().await;
        let bad = client
            .get_with("/api/v1/threads?page=zero", header::ACCEPT_LANGUAGE, "ko")
            .await;
        bad.assert_status(400);
        assert_eq!(bad.json()["error"]["code"], "bad_request");
        assert_eq!(
            bad.json()["error"]["message"],
            "'zero'은(는) 페이지 번호가 아니에요."
        );
        let missing = client
            .get_with("/api/v1/threads/98765", header::ACCEPT_LANGUAGE, "ko-KR")
            .await;
        missing.assert_status(404);
        assert_eq!(
            missing.json()["error"]["message"],
            "그 글은 없어요(또는 더 이상 없어요)."
        );
        // No Accept-Language: the site's default; the pages' cookie is not
        // the API's.
        client.set_cookie("lang", "ko");
        let bad = client.get("/api/v1/threads?page=zero").await;
        assert_eq!(
            bad.json()["error"]["message"],
            "'zero' is not a page number."
        );
    })
    .await;
}

/// Every `err-…`/`api-…` key the code names is a message in every language
/// (a key that is not one would be shown as it is).
#[test]
fn every_message_key_in_the_code_exists() {
    fn walk(dir: &Path, keys: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, keys);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                for piece in text.split('"').skip(1).step_by(2) {
                    let is_key = (piece.starts_with("err-") || piece.starts_with("api-"))
                        && piece.len() > 4
                        && piece.chars().all(|c| {
                            c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_'
                        });
                    if is_key {
                        keys.push(piece.to_owned());
                    }
                }
            }
        }
    }
    let mut keys = Vec::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut keys,
    );
    assert!(
        keys.len() > 300,
        "the code names its messages ({})",
        keys.len()
    );
    // The messages of each language, as its Fluent files define them.
    let defined = |language: Language| -> Vec<String> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("locales")
            .join(language.code());
        std::fs::read_dir(dir)
            .unwrap()
            .flat_map(|entry| {
                let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
                text.lines()
                    .filter_map(|line| line.split_once(" = ").map(|(key, _)| key.to_owned()))
                    .collect::<Vec<_>>()
            })
            .collect()
    };
    let missing: Vec<String> = Language::ALL
        .into_iter()
        .flat_map(|language| {
            let defined = defined(language);
            keys.iter()
                .filter(|key| !defined.contains(key))
                .map(|key| format!("{}: {key}", language.code()))
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(
        missing.is_empty(),
        "messages the code names but no file has: {missing:#?}"
    );
}

#[actix_web::test]
async fn a_suspension_s_end_is_dated_in_the_reader_s_language() {
    each_db(|app| async move {
        let kim = member(&app, "i18n_suspended").await;
        app.set_suspended("i18n_suspended", Some(3));
        let refused = |page: &crate::common::Page| {
            page.assert_status(403);
            page.body.clone()
        };
        let ask = [
            ("kind", "troubleshooting"),
            ("title", "화면이 켜지지 않아요"),
            ("body", "전원을 눌러도 화면이 켜지지 않아요."),
            ("action", "post"),
        ];
        let english = refused(&kim.post("/threads/new", &ask).await);
        assert!(english.contains("Your account is suspended until"));
        kim.set_cookie("lang", "ko");
        let korean = refused(&kim.post("/threads/new", &ask).await);
        assert!(korean.contains("(UTC)까지 계정이 정지되었어요"), "{korean}");
        let year = chrono::Utc::now().format("%Y").to_string();
        assert!(
            korean.contains(&format!("{year}년"))
                || korean.contains(&format!("{}년", year.parse::<i32>().unwrap() + 1))
        );
        for month in [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ] {
            assert!(
                !korean.contains(&format!(" {month} ")),
                "an English month in {korean}"
            );
        }
    })
    .await;
}
