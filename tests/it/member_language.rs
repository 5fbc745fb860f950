//! The member's own language (issue 29): chosen at sign-up and in the
//! settings, it wins over the browser's; mail goes out in the recipient's
//! language (else the site's default, or for a sign-up or a reset the
//! page's); dates, notifications and feeds speak the reader's language.

use actix_web::http::header;

use crate::common::{each_db, each_db_with_mail, member, thread_id, TestApp, PASSWORD};

fn lang_of(body: &str) -> &str {
    let start = body.find("<html lang=\"").expect("an html element") + "<html lang=\"".len();
    &body[start..start + body[start..].find('"').unwrap()]
}

fn language_of(app: &TestApp, username: &str) -> Option<String> {
    let name = username.to_owned();
    app.db(move |conn| {
        let user = fixloop::model::accounts::users::find_by_username(conn, &name)
            .unwrap()
            .expect("the account");
        fixloop::model::accounts::users::language(conn, user.id).unwrap()
    })
}

#[actix_web::test]
async fn the_member_s_language_wins_over_the_browser_and_is_offered_at_sign_up() {
    each_db(|app| async move {
        // The sign-up form offers every language, the page's chosen.
        let visitor = app.visitor().await;
        let form = visitor
            .get_with("/register", header::ACCEPT_LANGUAGE, "ko-KR,ko;q=0.9")
            .await;
        form.assert_status(200)
            .assert_contains("name=\"language\"")
            .assert_contains("<option value=\"ko\" lang=\"ko\" selected>한국어</option>")
            .assert_contains("<option value=\"en\" lang=\"en\">English</option>");
        let english = visitor.get("/register").await;
        english.assert_contains("<option value=\"en\" lang=\"en\" selected>English</option>");

        // Chosen at sign-up: kept with the account.
        let email = "min@example.com";
        visitor
            .post(
                "/register",
                &[
                    ("username", "min_ko"),
                    ("email", email),
                    ("password", PASSWORD),
                    ("password_confirm", PASSWORD),
                    ("language", "ko"),
                ],
            )
            .await
            .assert_status(200);
        assert_eq!(language_of(&app, "min_ko").as_deref(), Some("ko"));
        // A language we do not speak is simply not kept.
        visitor
            .post(
                "/register",
                &[
                    ("username", "max_xx"),
                    ("email", "max@example.com"),
                    ("password", PASSWORD),
                    ("password_confirm", PASSWORD),
                    ("language", "xx"),
                ],
            )
            .await
            .assert_status(200);
        assert_eq!(language_of(&app, "max_xx"), None);

        // A member without a choice reads the browser's language.
        let eve = member(&app, "eve_reads").await;
        assert_eq!(language_of(&app, "eve_reads"), None);
        let page = eve
            .get_with("/devices", header::ACCEPT_LANGUAGE, "ko")
            .await;
        assert_eq!(lang_of(&page.body), "ko");
        let settings = eve.get("/settings").await;
        settings
            .assert_status(200)
            .assert_contains("action=\"/settings/language\"")
            .assert_contains("<option value=\"\" selected>");

        // Chosen in the settings, it wins over Accept-Language and the cookie.
        let saved = eve.post("/settings/language", &[("language", "ko")]).await;
        saved.assert_status(303);
        assert_eq!(saved.location(), "/settings?language=saved#language");
        assert_eq!(language_of(&app, "eve_reads").as_deref(), Some("ko"));
        eve.set_cookie("lang", "en");
        let page = eve
            .get_with("/devices", header::ACCEPT_LANGUAGE, "en")
            .await;
        assert_eq!(lang_of(&page.body), "ko");
        assert_eq!(page.header("content-language"), "ko");
        let settings = eve.get("/settings?language=saved").await;
        settings
            .assert_contains("언어를 저장했어요.")
            .assert_contains("<option value=\"ko\" lang=\"ko\" selected>한국어</option>");

        // Refused: a language we do not speak, a form without its token.
        eve.post("/settings/language", &[("language", "xx")])
            .await
            .assert_status(400);
        eve.post_raw("/settings/language", &[("language", "en")])
            .await
            .assert_status(403);
        assert_eq!(language_of(&app, "eve_reads").as_deref(), Some("ko"));
        // Visitors have no setting to save.
        let stranger = app.visitor().await;
        stranger
            .post("/settings/language", &[("language", "ko")])
            .await
            .assert_status(401);

        // The footer's switch is the member's choice too.
        eve.post("/language", &[("language", "en"), ("next", "/devices")])
            .await
            .assert_status(303);
        assert_eq!(language_of(&app, "eve_reads").as_deref(), Some("en"));
        let page = eve
            .get_with("/devices", header::ACCEPT_LANGUAGE, "ko")
            .await;
        assert_eq!(lang_of(&page.body), "en");

        // Back to "not chosen": the browser decides again.
        eve.post("/settings/language", &[("language", "")])
            .await
            .assert_status(303);
        assert_eq!(language_of(&app, "eve_reads"), None);
        eve.clear_cookie("lang");
        let page = eve
            .get_with("/devices", header::ACCEPT_LANGUAGE, "ko")
            .await;
        assert_eq!(lang_of(&page.body), "ko");

        // A member's Korean never leaks into a visitor's kept page.
        eve.post("/settings/language", &[("language", "ko")])
            .await
            .assert_status(303);
        eve.get("/devices").await.assert_status(200);
        let visitor_page = app.visitor().await.get("/devices").await;
        assert_eq!(lang_of(&visitor_page.body), "en");
        let again = app.visitor().await.get("/devices").await;
        assert_eq!(lang_of(&again.body), "en");
    })
    .await;
}

#[actix_web::test]
async fn a_korean_member_gets_korean_mail_and_an_english_one_english() {
    each_db_with_mail(|app, smtp| async move {
        let kim = member(&app, "kim_ko").await;
        kim.post("/settings/language", &[("language", "ko")])
            .await
            .assert_status(303);
        let eve = member(&app, "eve_en").await;
        let bob = member(&app, "bob_helps").await;
        let korean = thread_id(
            &kim.start_thread(
                "troubleshooting",
                "Fan rattles at speed 3",
                "",
                "It rattles.",
            )
            .await,
        );
        let english = thread_id(
            &eve.start_thread("troubleshooting", "Hinge squeaks", "", "It squeaks.")
                .await,
        );
        bob.reply(korean, "Tighten the fan's screws.").await;
        bob.reply(english, "Oil the hinge.").await;
        app.deliver_mail().await;

        // The Korean member's mail is Korean, subject and body, and says so.
        let notifications = |address: &str| -> Vec<crate::mail_server::Received> {
            smtp.to(address)
                .into_iter()
                .filter(|m| m.header("List-Unsubscribe").is_some())
                .collect()
        };
        let mail = notifications("kim_ko@example.com");
        assert_eq!(mail.len(), 1);
        let mail = &mail[0];
        assert_eq!(
            mail.decoded_subject(),
            "내 질문에 새 답변: Fan rattles at speed 3"
        );
        assert_eq!(mail.header("Content-Language").as_deref(), Some("ko"));
        let text = mail.text();
        assert!(text.contains("kim_ko님, 안녕하세요."), "{text}");
        assert!(
            text.contains("bob_helps님이 회원님의 질문에 답변했어요:"),
            "{text}"
        );
        assert!(
            text.contains("“내 질문에 달린 답변”") || text.contains("\"내 질문에 달린 답변\""),
            "{text}"
        );
        assert!(!text.contains("Hello"), "{text}");
        let html = mail.html();
        assert!(html.contains("<html lang=\"ko\">"), "{html}");
        assert!(html.contains("읽으러 가기"), "{html}");
        // The English member's stays as it was.
        let mail = notifications("eve_en@example.com");
        assert_eq!(mail.len(), 1);
        let mail = &mail[0];
        assert_eq!(mail.subject(), "New answer to your question: Hinge squeaks");
        assert_eq!(mail.header("Content-Language").as_deref(), Some("en"));
        assert!(mail.text().contains("bob_helps answered your question:"));
        assert!(mail.html().contains("<html lang=\"en\">"));

        // A reset asked for from a Korean page, for an account without a
        // language, is in Korean; the Korean member's is Korean whatever
        // page it was asked from.
        let visitor = app.visitor().await;
        visitor.set_cookie("lang", "ko");
        visitor
            .post("/password/forgot", &[("email", "eve_en@example.com")])
            .await;
        let stranger = app.visitor().await;
        stranger
            .post("/password/forgot", &[("email", "kim_ko@example.com")])
            .await;
        app.deliver_mail().await;
        let reset = smtp.to("eve_en@example.com");
        let reset = reset.last().unwrap();
        assert_eq!(reset.decoded_subject(), "새 Fixloop 비밀번호를 정해 주세요");
        assert!(reset.text().contains("/password/reset?token="));
        let reset = smtp.to("kim_ko@example.com");
        let reset = reset.last().unwrap();
        assert_eq!(reset.decoded_subject(), "새 Fixloop 비밀번호를 정해 주세요");
        assert_eq!(reset.header("Content-Language").as_deref(), Some("ko"));

        // Signing up from a Korean page: the confirmation is Korean.
        let newcomer = app.visitor().await;
        newcomer
            .post(
                "/register",
                &[
                    ("username", "ha_new"),
                    ("email", "ha@example.com"),
                    ("password", PASSWORD),
                    ("password_confirm", PASSWORD),
                    ("language", "ko"),
                ],
            )
            .await
            .assert_status(200);
        app.deliver_mail().await;
        let confirm = smtp.to("ha@example.com");
        assert_eq!(confirm.len(), 1);
        assert_eq!(
            confirm[0].decoded_subject(),
            "Fixloop 이메일 주소를 확인해 주세요"
        );
        assert!(confirm[0].text().contains("/account/confirm?token="));
    })
    .await;
}

#[actix_web::test]
async fn notifications_and_their_dates_are_listed_in_the_reader_s_language() {
    each_db(|app| async move {
        let kim = member(&app, "kim_reads").await;
        let bob = member(&app, "bob_replies").await;
        let thread = thread_id(
            &kim.start_thread(
                "troubleshooting",
                "Kettle clicks off early",
                "",
                "It clicks.",
            )
            .await,
        );
        bob.reply(thread, "Descale it.").await;
        // Stored before the reader chose a language: read in the one they
        // read in now.
        let english = kim.get("/notifications").await;
        english
            .assert_status(200)
            .assert_contains("replied in")
            .assert_contains("just now");
        kim.post("/settings/language", &[("language", "ko")])
            .await
            .assert_status(303);
        let page = kim.get("/notifications").await;
        page.assert_status(200)
            .assert_contains("<h1>알림</h1>")
            .assert_contains("bob_replies</a>님이")
            .assert_contains("댓글을 남겼어요:")
            .assert_contains(">방금</time>")
            .assert_contains("모두 읽음으로 표시")
            .assert_lacks("replied in")
            .assert_lacks("just now");
        // An older one reads as a Korean date.
        app.db(|conn| {
            diesel::RunQueryDsl::execute(
                diesel::sql_query("UPDATE notifications SET created_at = '2026-10-01 14:05:00'"),
                conn,
            )
            .unwrap();
        });
        kim.get("/notifications")
            .await
            .assert_contains(">2026년 10월 1일</time>");
    })
    .await;
}

#[actix_web::test]
async fn feeds_say_their_language() {
    each_db(|app| async move {
        let ada = member(&app, "ada_feeds").await;
        ada.start_thread("troubleshooting", "Toaster burns one side", "", "One side.")
            .await;
        let visitor = app.visitor().await;
        let feed = visitor.get("/feeds/latest.atom").await;
        feed.assert_status(200)
            .assert_contains("xml:lang=\"en\"")
            .assert_contains("<title>Fixloop: latest threads</title>")
            .assert_contains("label=\"Troubleshooting question\"");
        let korean = visitor
            .get_with("/feeds/latest.atom", header::ACCEPT_LANGUAGE, "ko")
            .await;
        korean
            .assert_status(200)
            .assert_contains("xml:lang=\"ko\"")
            .assert_contains("<title>Fixloop: 최신 글</title>")
            .assert_contains("label=\"문제 해결 질문\"");
        assert_eq!(korean.header("content-language"), "ko");
        // Kept per language: the English one is still English.
        let again = visitor.get("/feeds/latest.atom").await;
        again.assert_contains("xml:lang=\"en\"");
    })
    .await;
}
