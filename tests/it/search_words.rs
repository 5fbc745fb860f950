//! Search with the words people type: questions full of filler words, typos,
//! a device named in the words, generic repair words, Korean. The same test
//! bodies run on the builtin engine of each database and on Meilisearch when
//! MEILI_URL is set.

use fixloop::model::accounts::users::Role;

use crate::common::{each_engine, thread_id, Page, TestApp};

fn position(page: &Page, needle: &str) -> usize {
    page.assert_contains(needle);
    page.body.find(needle).unwrap()
}

fn q(words: &str) -> String {
    format!(
        "/search?q={}",
        percent_encoding::utf8_percent_encode(words, percent_encoding::NON_ALPHANUMERIC)
    )
}

fn api(words: &str) -> String {
    format!(
        "/api/v1/search?q={}",
        percent_encoding::utf8_percent_encode(words, percent_encoding::NON_ALPHANUMERIC)
    )
}

/// The thread ids of an API answer, in order.
fn ids(json: &serde_json::Value) -> Vec<i64> {
    json["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["thread_id"].as_i64().unwrap())
        .collect()
}

struct Forum {
    known_issue: i64,
    charging: i64,
    drain: i64,
    korean: i64,
    cable: i64,
}

async fn forum(admin: &TestApp) -> Forum {
    admin.register_as("admin_words", Role::Admin).await;
    admin
        .add_devices(&[
            ("Modulo", "maker", ""),
            ("Modulo Laptop", "line", "modulo"),
            ("Modulo 13", "model", "modulo-laptop"),
            ("Hearth", "maker", ""),
            ("Hearth Washer", "line", "hearth"),
        ])
        .await;
    let asker = admin.visitor().await;
    asker.register("asker_words").await;
    let charging = thread_id(
        &asker
            .start_thread(
                "troubleshooting",
                "Laptop not charging",
                "modulo-13",
                "The battery stays at 0 % and the charger light is off.",
            )
            .await,
    );
    let drain = thread_id(
        &asker
            .start_thread(
                "troubleshooting",
                "Drain pump hums but nothing drains",
                "hearth-washer",
                "Water stays in the drum after the cycle.",
            )
            .await,
    );
    let korean = thread_id(
        &asker
            .start_thread(
                "troubleshooting",
                "노트북 배터리가 충전되지 않아요",
                "modulo-13",
                "충전기를 바꿔도 배터리가 충전되지 않습니다.",
            )
            .await,
    );
    let cable = thread_id(
        &asker
            .start_thread(
                "discussion",
                "Charging cable frayed near the plug",
                "hearth-washer",
                "Is a frayed charging cable dangerous?",
            )
            .await,
    );
    let page = admin
        .post(
            "/known-issues/new",
            &[
                ("title", "Modulo 13 does not charge on firmware 3.07"),
                ("device", "modulo-13"),
                ("body", "Roll back to 3.06 until the fix ships."),
                ("status", "workaround_available"),
                ("workaround", "Roll back to 3.06."),
            ],
        )
        .await;
    page.assert_status(303);
    let known_issue: i64 = page
        .location()
        .trim_start_matches("/known-issues/")
        .parse()
        .unwrap();
    admin.settle().await;
    Forum {
        known_issue,
        charging,
        drain,
        korean,
        cable,
    }
}

#[actix_web::test]
async fn questions_in_peoples_words_find_the_fix() {
    each_engine(|admin| async move {
        let f = forum(&admin).await;
        let visitor = admin.visitor().await;

        // Filler words never exclude a thread: a whole question finds it.
        let json = visitor
            .get(&api("how do i fix my laptop that won't charge"))
            .await
            .json();
        assert!(ids(&json)[..2].contains(&f.charging), "{json}");
        // The known issue of the device comes first where it matches as well.
        let json = visitor.get(&api("modulo 13 won't charge")).await.json();
        assert_eq!(ids(&json)[..2], [f.known_issue, f.charging], "{json}");
        let json = visitor.get(&api("charging problem")).await.json();
        assert!(ids(&json).contains(&f.charging), "{json}");
        // Generic repair words add to a match but are not required.
        let json = visitor
            .get(&api("replace the drain pump on my hearth washer"))
            .await
            .json();
        assert_eq!(ids(&json).first(), Some(&f.drain), "{json}");

        // Typos: the closest words of the index are searched instead, and
        // the page says so, with a link to search for the words as typed.
        let page = visitor.get(&q("chargr")).await;
        position(&page, &format!("href=\"/t/{}\"", f.charging));
        // "charge" and "charger" are one edit away; the commoner is shown.
        page.assert_contains("Showing results for <strong>charge</strong>")
            .assert_contains("Search instead for chargr")
            .assert_contains("verbatim=1");
        let json = visitor.get(&api("chargr")).await.json();
        assert_eq!(json["understood"]["corrected"][0][0], "chargr", "{json}");
        assert_eq!(json["understood"]["corrected"][0][1], "charge", "{json}");
        let json = visitor.get(&api("baterry")).await.json();
        assert_eq!(ids(&json).first(), Some(&f.charging), "{json}");
        let json = visitor.get(&api("hearth washer drian pump")).await.json();
        assert_eq!(ids(&json).first(), Some(&f.drain), "{json}");
        // As typed, no correction: nothing holds "chargr".
        let json = visitor
            .get(&format!("{}&verbatim=1", api("chargr")))
            .await
            .json();
        assert_eq!(json["understood"]["corrected"], serde_json::json!([]));

        // A device named in the words: its threads first, and its filter offered.
        let json = visitor.get(&api("hearth washer charging")).await.json();
        assert_eq!(
            json["understood"]["named_device"]["slug"], "hearth-washer",
            "{json}"
        );
        assert_eq!(ids(&json).first(), Some(&f.cable), "{json}");
        let json = visitor.get(&api("modulo 13 charging")).await.json();
        assert_eq!(json["understood"]["named_device"]["slug"], "modulo-13");
        if admin.engine() == "builtin" {
            // "charging" finds "charge" by its stem (Meilisearch keeps no stems).
            assert_eq!(ids(&json), [f.known_issue, f.charging], "{json}");
        } else {
            assert_eq!(ids(&json), [f.charging], "{json}");
        }
        visitor
            .get(&q("modulo 13 charging"))
            .await
            .assert_contains("device=modulo-13");

        // Korean: a word found inside longer words (particles, compounds),
        // in any order, and marked where it stands.
        for words in ["배터리 충전", "충전 배터리", "배터리"] {
            let json = visitor.get(&api(words)).await.json();
            assert_eq!(ids(&json).first(), Some(&f.korean), "{words}: {json}");
            let title = json["hits"][0]["title_html"].as_str().unwrap();
            assert!(title.contains("<mark>배터리</mark>가"), "{title}");
        }
        // A word no thread holds does not hide the threads holding the other.
        let json = visitor.get(&api("배터리 교체")).await.json();
        assert_eq!(ids(&json).first(), Some(&f.korean), "{json}");
        let json = visitor.get(&api("충전기")).await.json();
        assert_eq!(ids(&json), vec![f.korean], "{json}");
    })
    .await;
}

#[actix_web::test]
async fn the_new_question_form_suggests_known_issues_first_then_guides_and_solved_threads() {
    each_engine(|admin| async move {
        let f = forum(&admin).await;
        let visitor = admin.visitor().await;
        let json = visitor
            .get("/api/v1/suggest?title=my%20modulo%2013%20won%27t%20charge")
            .await
            .json();
        let first = &json["suggestions"][0];
        assert_eq!(first["url"], format!("/t/{}", f.known_issue), "{json}");
        assert_eq!(first["kind"], "known_issue");
        // Unsolved questions are not offered as answers; a stray word
        // ("cable") brings in no other device's thread.
        let json = visitor
            .get("/api/v1/suggest?title=modulo%2013%20charging%20cable")
            .await
            .json();
        let urls: Vec<&str> = json["suggestions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["url"].as_str().unwrap())
            .collect();
        assert!(
            !urls.contains(&format!("/t/{}", f.charging).as_str()),
            "{json}"
        );
        assert!(
            !urls.contains(&format!("/t/{}", f.cable).as_str()),
            "{json}"
        );
        // The device chosen in the form keeps suggestions within its family.
        let json = visitor
            .get("/api/v1/suggest?title=does%20not%20charge")
            .await
            .json();
        assert_eq!(
            json["suggestions"][0]["url"],
            format!("/t/{}", f.known_issue),
            "{json}"
        );
        let json = visitor
            .get("/api/v1/suggest?title=does%20not%20charge&device=hearth-washer")
            .await
            .json();
        assert_eq!(json["suggestions"], serde_json::json!([]), "{json}");
        // With no result, the page offers to ask, the words as the title.
        visitor
            .get(&q("zzyzx quux"))
            .await
            .assert_contains("0 threads found")
            .assert_contains("Ask the community")
            .assert_contains("new?title=zzyzx+quux\"");
        // A device filter with nothing under it offers the level above.
        visitor
            .get(&format!("{}&device=modulo-13", q("drain pump")))
            .await
            .assert_contains("0 threads found")
            .assert_contains("Search all of Modulo Laptop")
            .assert_contains("title=drain+pump&amp;device=modulo-13");
    })
    .await;
}
