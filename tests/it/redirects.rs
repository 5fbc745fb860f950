//! After logging in, `next` sends the browser back only to a page of this
//! site. Each value is tried the way an attacker would deliver it: as a link
//! to `/login?next=…` (the login page carries it on in a hidden field) and as
//! a login form posted with it directly.

use crate::common::{each_db, Page, TestApp, PASSWORD};

/// `next` as the form field receives it (a link carries it percent-encoded
/// once more). Each would leave the site, or could once a browser, proxy or
/// framework normalises it, or is no path of ours at all.
const LEAVE_THE_SITE: &[&str] = &[
    // Scheme-relative: another host.
    "//evil.example",
    "///evil.example",
    "////evil.example/path",
    "//fixloop.example@evil.example",
    // Browsers read `\` as `/` in http(s) URLs.
    "/\\evil.example",
    "\\/\\/evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "/\u{ff3c}evil.example",
    // Browsers drop tabs and newlines anywhere, and leading spaces.
    "/\t/evil.example/",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "\t//evil.example",
    " //evil.example",
    "/\u{0}/evil.example",
    // Header injection.
    "/\r\nSet-Cookie: fixloop_session=attacker",
    "/%0d%0aSet-Cookie:%20fixloop_session=attacker",
    "/%0D%0ALocation:%20https://evil.example",
    "/t/5?%0d%0aSet-Cookie:%20a=b",
    // Percent-encoded `/`, `\` and tab: one decoding away from the above.
    "/%2F%2Fevil.example",
    "/%2f/evil.example",
    "/%5Cevil.example",
    "/%5c%5cevil.example",
    "/%09/evil.example",
    "/%252F%252Fevil.example",
    "/%%32%46%%32%46evil.example",
    "%2F%2Fevil.example",
    // Dot segments: a browser keeps `/.//evil.example` on this host (as the
    // path `//evil.example`), but a proxy or a later redirect that
    // normalises it would not, and no page of ours has one.
    "/.//evil.example",
    "/%2e//evil.example",
    "/./%2F/evil.example",
    "/a/..//evil.example",
    // Schemes.
    "https://evil.example",
    "HTTPS://evil.example",
    "https:evil.example",
    "http:\\\\evil.example",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(document.domain)",
    "java\tscript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    // Unicode look-alikes some normalisers fold into `/` or `.`: no path of
    // ours has them (`/%E3%80%82evil` is the path `/。evil` to a browser).
    "\u{ff0f}\u{ff0f}evil.example",
    "/\u{ff0f}evil.example",
    "/%EF%BC%8F%EF%BC%8Fevil.example",
    "/%E3%80%82evil",
    // Relative or empty: not a path from the root.
    "evil.example",
    "",
];

/// Paths of this site, kept as they are.
const KEPT: &[&str] = &[
    "/t/5/slug?page=2#post-9",
    "/",
    "/threads/new",
    "/u/returner",
    "/search?q=usb%2Fc+port&kind=guide",
    "/search?q=%C3%A9cran",
    // Same-site paths that only look alarming: a path named `https:…`, and
    // the login page, which checks its own `next` again.
    "/https:evil.example",
    "/login?next=//evil.example",
];

/// The `next` the login page carries in its hidden field, unescaped.
fn carried_next(page: &Page) -> String {
    let marker = "name=\"next\" value=\"";
    let start = page.body.find(marker).expect("the login form has `next`") + marker.len();
    let end = page.body[start..].find('"').unwrap() + start;
    page.body[start..end]
        .replace("&#x2F;", "/")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Where logging in sends the browser, for a `next` reached both ways.
async fn returns_to(app: &TestApp, next: &str) -> (String, String) {
    let link = serde_urlencoded::to_string([("next", next)]).unwrap();
    let form = app.get(&format!("/login?{link}")).await;
    form.assert_status(200);
    let carried = carried_next(&form);
    let fields = |next| {
        [
            ("login", "returner"),
            ("password", PASSWORD),
            ("next", next),
        ]
    };
    let via_link = app.post("/login", &fields(&carried)).await;
    via_link.assert_status(303);
    let posted = app.post("/login", &fields(next)).await;
    posted.assert_status(303);
    assert_eq!(carried, via_link.location());
    (via_link.location(), posted.location())
}

#[actix_web::test]
async fn login_returns_only_to_paths_on_this_site() {
    assert!(LEAVE_THE_SITE.len() >= 25);
    each_db(|app| async move {
        app.register("returner").await.assert_status(303);
        // The reported link, exactly as sent.
        let page = app.get("/login?next=/%09/evil.example/").await;
        assert_eq!(carried_next(&page), "/");
        for next in LEAVE_THE_SITE {
            let (via_link, posted) = returns_to(&app, next).await;
            assert_eq!(via_link, "/", "{next:?} through a link");
            assert_eq!(posted, "/", "{next:?} posted");
        }
        for next in KEPT {
            let (via_link, posted) = returns_to(&app, next).await;
            assert_eq!(via_link, *next, "{next:?} through a link");
            assert_eq!(posted, *next, "{next:?} posted");
        }
        // A login that fails shows the form again with the checked value only.
        let page = app
            .post(
                "/login",
                &[
                    ("login", "returner"),
                    ("password", "not-the-password"),
                    ("next", "//evil.example"),
                ],
            )
            .await;
        page.assert_status(401);
        assert_eq!(carried_next(&page), "/");
    })
    .await;
}
