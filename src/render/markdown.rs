//! Markdown to safe HTML, and to plain text, at write time.
//! pulldown-cmark with the extensions we want switched on explicitly, then an
//! ammonia allow-list: no raw HTML, no script-capable URLs, links marked as
//! user content.

use std::collections::HashSet;
use std::sync::LazyLock;

use pulldown_cmark::{html, Event, Options, Parser, Tag, TagEnd};

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_HEADING_ATTRIBUTES
}

static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let tags: HashSet<&str> = [
        "a",
        "blockquote",
        "br",
        "code",
        "del",
        "em",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "img",
        "input",
        "li",
        "ol",
        "p",
        "pre",
        "strong",
        "sup",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tr",
        "ul",
        "div",
        "span",
    ]
    .into_iter()
    .collect();
    let mut builder = ammonia::Builder::default();
    builder
        .tags(tags)
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .link_rel(Some("nofollow ugc noopener noreferrer"))
        .id_prefix(Some("md-"))
        .add_tag_attributes("a", ["href", "title", "id"])
        .add_tag_attributes("img", ["src", "alt", "title", "width", "height"])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .add_tag_attributes("th", ["style", "align"])
        .add_tag_attributes("td", ["style", "align"])
        .add_tag_attributes("li", ["id"])
        .add_tag_attributes("sup", ["id"])
        .add_tag_attributes("div", ["id"])
        .add_tag_attributes("h1", ["id"])
        .add_tag_attributes("h2", ["id"])
        .add_tag_attributes("h3", ["id"])
        .add_tag_attributes("h4", ["id"])
        .add_tag_attributes("h5", ["id"])
        .add_tag_attributes("h6", ["id"])
        // Only the table alignment pulldown-cmark writes, nothing a user could smuggle in.
        .filter_style_properties(["text-align"].into_iter().collect())
        .add_allowed_classes("code", LANGUAGE_CLASSES.iter().copied())
        .add_allowed_classes("div", ["footnote-definition"])
        .add_allowed_classes("sup", ["footnote-reference"]);
    builder
});

/// Code-block languages we keep as `language-*` classes (for styling only).
const LANGUAGE_CLASSES: &[&str] = &[
    "language-text",
    "language-sh",
    "language-bash",
    "language-console",
    "language-log",
    "language-json",
    "language-toml",
    "language-yaml",
    "language-ini",
    "language-c",
    "language-rust",
    "language-python",
    "language-diff",
];

/// Renders Markdown source to sanitised HTML, safe to place in a page as is.
pub fn to_html(source: &str) -> String {
    // Raw HTML in the source is shown as text, not dropped: people paste logs.
    let events = Parser::new_ext(source, options()).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        other => other,
    });
    let mut unsafe_html = String::with_capacity(source.len() * 3 / 2);
    html::push_html(&mut unsafe_html, events);
    SANITIZER.clean(&unsafe_html).to_string()
}

/// The words of a Markdown text without any markup: for search and excerpts.
pub fn to_plain_text(source: &str) -> String {
    let mut text = String::with_capacity(source.len());
    for event in Parser::new_ext(source, options()) {
        match event {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                text.push_str(&t)
            }
            Event::SoftBreak | Event::HardBreak | Event::Rule => text.push(' '),
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::CodeBlock,
            )
            | Event::End(TagEnd::TableCell) => text.push(' '),
            Event::Start(Tag::Image { .. }) => {}
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether a text links anywhere: Markdown links or images, or a bare address.
pub fn has_links(source: &str) -> bool {
    let lower = source.to_lowercase();
    if lower.contains("http://") || lower.contains("https://") || lower.contains("www.") {
        return true;
    }
    Parser::new_ext(source, options()).any(|event| {
        matches!(
            event,
            Event::Start(Tag::Link { .. }) | Event::Start(Tag::Image { .. })
        )
    })
}

/// The first `max_chars` characters of the plain text, cut at a word boundary.
pub fn excerpt(source: &str, max_chars: usize) -> String {
    let text = to_plain_text(source);
    if text.chars().count() <= max_chars {
        return text;
    }
    let cut: String = text.chars().take(max_chars).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > max_chars / 2 => &cut[..i],
        _ => &cut,
    };
    format!("{cut}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_common_markdown() {
        let html =
            to_html("# Fan noise\n\n- one\n- two\n\n| a | b |\n|---|--:|\n| 1 | 2 |\n\n`code`");
        assert!(html.contains("<h1>Fan noise</h1>"), "{html}");
        assert!(html.contains("<li>one</li>"));
        assert!(html.contains("<table>"));
        assert!(html.contains("<code>code</code>"));
    }

    #[test]
    fn scripts_and_dangerous_urls_never_survive() {
        let html = to_html(
            "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[click](javascript:alert(1)) \
             [data](data:text/html;base64,PHNjcmlwdD4=) ![i](javascript:alert(2))",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img src=\"x\""), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(!html.contains("href=\"data:"), "{html}");
        // The raw HTML is kept visible as text.
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn links_are_marked_as_user_content() {
        let html = to_html("[guide](https://example.com/guide)");
        assert!(
            html.contains("rel=\"nofollow ugc noopener noreferrer\""),
            "{html}"
        );
    }

    #[test]
    fn plain_text_strips_markup() {
        assert_eq!(
            to_plain_text("# Title\n\nSome **bold** `code`."),
            "Title Some bold code."
        );
        assert_eq!(excerpt("one two three four five six", 12), "one two…");
    }
}
