//! Our Content-Security-Policy (`style-src 'self'`) blocks inline styles,
//! so a page that carries them loses them (issue 26: the staff maintenance
//! page's four, its cards running together). Styles live in
//! assets/style.css. Mail templates are the exception: mail clients need
//! inline styles, and no CSP applies to a mail.

use std::path::{Path, PathBuf};

use fixloop::model::accounts::users::Role;

use crate::common::each_db;

fn html_templates(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("templates/ is readable") {
        let path = entry.unwrap().path();
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n == "mail") {
                continue;
            }
            html_templates(&path, found);
        } else if path.extension().is_some_and(|e| e == "html") {
            found.push(path);
        }
    }
}

/// `style=` as an attribute (after whitespace, any case), or a `<style` element.
fn inline_styles(html: &str) -> Vec<String> {
    let lower = html.to_ascii_lowercase();
    let bytes = lower.as_bytes();
    let mut found = Vec::new();
    for (at, _) in lower.match_indices("style") {
        let after = &lower[at + "style".len()..];
        let attribute =
            at > 0 && bytes[at - 1].is_ascii_whitespace() && after.trim_start().starts_with('=');
        let element = at > 0 && bytes[at - 1] == b'<';
        if attribute || element {
            let line = lower[..at].matches('\n').count() + 1;
            let end = (at + 40).min(html.len());
            found.push(format!(
                "line {line}: {}",
                html.get(at.saturating_sub(10)..end).unwrap_or_default()
            ));
        }
    }
    found
}

#[test]
fn no_page_template_carries_inline_styles() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    let mut templates = Vec::new();
    html_templates(&root, &mut templates);
    assert!(templates.len() > 20, "the templates were found");
    let offenders: Vec<String> = templates
        .iter()
        .flat_map(|path| {
            let html = std::fs::read_to_string(path).unwrap();
            let name = path.strip_prefix(&root).unwrap().display().to_string();
            inline_styles(&html)
                .into_iter()
                .map(move |hit| format!("{name} {hit}"))
        })
        .collect();
    assert!(
        offenders.is_empty(),
        "inline styles are blocked by our CSP; use a class in assets/style.css:\n{}",
        offenders.join("\n")
    );
}

#[test]
fn the_check_finds_what_it_looks_for() {
    assert_eq!(inline_styles("<p style=\"margin:0\">").len(), 1);
    assert_eq!(inline_styles("<P STYLE = 'x'>").len(), 1);
    assert_eq!(inline_styles("<style>p{}</style>").len(), 1);
    assert!(inline_styles("<link rel=\"stylesheet\" href=\"/style.css\">").is_empty());
    assert!(inline_styles("<p class=\"list-style\">").is_empty());
    assert!(inline_styles("<p>Any style you like.</p>").is_empty());
}

#[actix_web::test]
async fn the_staff_maintenance_page_is_styled_from_the_stylesheet() {
    each_db(|app| async move {
        let admin = app.visitor().await;
        admin.register_as("style_admin", Role::Admin).await;
        admin
            .post(
                "/devices/new",
                &[
                    ("name", "Washco"),
                    ("kind", "maker"),
                    ("parent", ""),
                    ("slug", ""),
                    ("description", ""),
                ],
            )
            .await
            .assert_status(303);
        for title in ["Descale the heater", "Clean the pump filter"] {
            admin
                .post(
                    "/staff/devices/washco/maintenance",
                    &[
                        ("title", title),
                        ("why", "It matters."),
                        ("interval_count", "6"),
                        ("interval_unit", "months"),
                        ("usage_hint", ""),
                        ("guide", ""),
                    ],
                )
                .await
                .assert_status(303);
        }
        let page = admin.get("/staff/devices/washco/maintenance").await;
        page.assert_status(200)
            .assert_contains("class=\"card maintenance-task\"")
            .assert_contains("Clean the pump filter");
        assert!(
            inline_styles(&page.body).is_empty(),
            "{:?}",
            inline_styles(&page.body)
        );
        assert!(page
            .header("content-security-policy")
            .contains("style-src 'self'"));
        admin
            .get("/assets/style.css")
            .await
            .assert_status(200)
            .assert_contains(".maintenance-task { margin: 16px 0; }");
    })
    .await;
}
