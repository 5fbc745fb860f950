//! Markdown to safe HTML, and to plain text, at write time.
//! pulldown-cmark with the extensions we want switched on explicitly, then an
//! ammonia allow-list: no raw HTML, no script-capable URLs, links marked as
//! user content. Images are only our own stored photos (`/media/…`): an
//! image from another site is shown as a link to it, so that reading a post
//! or a private message never makes the reader's browser fetch another site
//! (a tracking pixel would tell it who read what, and when).

use std::collections::{HashSet, VecDeque};
use std::sync::LazyLock;

use pulldown_cmark::{
    html, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd, TextMergeStream,
};

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
        .add_allowed_classes("sup", ["footnote-reference"])
        // Belt and braces: whatever reaches the sanitiser, an image's
        // address is one of our stored photos or nothing.
        .attribute_filter(|element, attribute, value| {
            if element == "img" && attribute == "src" && !allowed_image_src(value) {
                None
            } else {
                Some(value.into())
            }
        });
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

/// How deeply blocks (lists, quotes, footnotes) and inline containers
/// (emphasis, links) may nest in the HTML we produce. Deeper markup is kept as
/// its text, flattened: real posts never come near this, and the HTML parser
/// in the sanitiser walks its stack of open elements for every new element,
/// so unbounded nesting made a 64 KiB body cost seconds (quadratic).
pub const MAX_NESTING: usize = 16;

/// Table cells a body may make: pulldown-cmark pads every row to the header's
/// width at parse time, so a 5,000-column header over thousands of one-letter
/// rows would make millions of cells from 64 KiB. Past this budget a body is
/// rendered with tables switched off (as text).
pub const MAX_TABLE_CELLS: usize = 20_000;

/// The parser for a body: tables only when they stay within the cell budget.
fn parser(source: &str) -> Parser<'_> {
    let mut options = options();
    if table_cells_upper_bound(source) > MAX_TABLE_CELLS {
        options.remove(Options::ENABLE_TABLES);
    }
    Parser::new_ext(source, options)
}

/// An upper bound of the cells the tables in `source` can produce: for each
/// line that looks like a table's delimiter row (`|---|:--:|`, after any
/// quote or list indentation), its column count times the lines that follow
/// it up to the next blank line (every one of them may become a padded row).
fn table_cells_upper_bound(source: &str) -> usize {
    let lines: Vec<&str> = source.lines().collect();
    let mut cells = 0usize;
    let mut i = 0;
    while i < lines.len() {
        let columns = delimiter_row_columns(lines[i]);
        if columns == 0 {
            i += 1;
            continue;
        }
        let rows = lines[i + 1..]
            .iter()
            .take_while(|line| !line.trim().is_empty())
            .count();
        // The header row counts too.
        cells = cells.saturating_add(columns.saturating_mul(rows + 2));
        i += rows + 1;
    }
    cells
}

/// The columns of a delimiter row, or 0 when the line is not one.
fn delimiter_row_columns(line: &str) -> usize {
    let row = line.trim_start_matches(|c: char| c == '>' || c.is_whitespace());
    if !row.contains('|') || !row.contains('-') {
        return 0;
    }
    if !row
        .chars()
        .all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t' | '>'))
    {
        return 0;
    }
    row.split('|').filter(|cell| cell.contains('-')).count()
}

/// Whether a tag wraps other markup of its kind, and so counts towards
/// [`MAX_NESTING`].
fn nests(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::BlockQuote(_)
            | Tag::List(_)
            | Tag::Item
            | Tag::FootnoteDefinition(_)
            | Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Link { .. }
    )
}

/// Passes events through, dropping the start and end of any container nested
/// deeper than [`MAX_NESTING`] (its contents stay, as text in its parent).
struct BoundedNesting<'a, I: Iterator<Item = Event<'a>>> {
    events: I,
    /// For every open tag: whether its start was passed on.
    open: Vec<bool>,
    depth: usize,
}

impl<'a, I: Iterator<Item = Event<'a>>> Iterator for BoundedNesting<'a, I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        loop {
            let event = self.events.next()?;
            match &event {
                Event::Start(tag) if nests(tag) => {
                    let keep = self.depth < MAX_NESTING;
                    self.open.push(keep);
                    if keep {
                        self.depth += 1;
                        return Some(event);
                    }
                }
                Event::Start(_) => {
                    self.open.push(true);
                    return Some(event);
                }
                Event::End(end) => {
                    if self.open.pop().unwrap_or(true) {
                        if nests_end(end) {
                            self.depth -= 1;
                        }
                        return Some(event);
                    }
                    // A flattened block still ends its line of text.
                    if !is_inline(end) {
                        return Some(Event::SoftBreak);
                    }
                }
                _ => return Some(event),
            }
        }
    }
}

fn nests_end(end: &TagEnd) -> bool {
    is_inline(end)
        || matches!(
            end,
            TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::Item | TagEnd::FootnoteDefinition
        )
}

fn is_inline(end: &TagEnd) -> bool {
    matches!(
        end,
        TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link
    )
}

/// Where an image in a post may point: our own stored photos only. Anything
/// else on this site (`/notifications/1`, `/media/../x`) would be fetched by
/// every reader's browser with their cookies, and another site would learn
/// who read the post and when, so neither is ever made into an image.
pub fn allowed_image_src(url: &str) -> bool {
    match url.strip_prefix("/media/") {
        Some(name) => {
            !name.is_empty()
                && !name.contains("..")
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        }
        None => false,
    }
}

/// An absolute http(s) address: an image there is shown as a link to it.
fn is_web_address(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// Images that are neither our photos ([`allowed_image_src`]) nor on the
/// web ([`is_web_address`], made into links by [`ImagesAsLinks`]) become
/// their alt text.
struct AllowedImages<'a, I: Iterator<Item = Event<'a>>> {
    events: I,
    /// For every open image: whether it was kept.
    open: Vec<bool>,
}

impl<'a, I: Iterator<Item = Event<'a>>> Iterator for AllowedImages<'a, I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        loop {
            let event = self.events.next()?;
            match &event {
                Event::Start(Tag::Image { dest_url, .. }) => {
                    let keep = allowed_image_src(dest_url) || is_web_address(dest_url);
                    self.open.push(keep);
                    if keep {
                        return Some(event);
                    }
                }
                Event::End(TagEnd::Image) => {
                    if self.open.pop().unwrap_or(true) {
                        return Some(event);
                    }
                }
                _ => return Some(event),
            }
        }
    }
}

/// What became of an image [`ImagesAsLinks`] saw start.
enum OpenImage<'a> {
    /// One of our photos: stays an image.
    Kept,
    /// Now a link to the image (or, inside a link, its text alone); the
    /// address is its text when the image has no alt text.
    Replaced {
        url: CowStr<'a>,
        as_link: bool,
        had_text: bool,
    },
}

/// For the HTML only: an image on another site becomes a link to it, with
/// its alt text (or its address) as the text. Inside a link (or another
/// image) it becomes that text alone, as links do not nest.
struct ImagesAsLinks<'a, I: Iterator<Item = Event<'a>>> {
    events: I,
    open: Vec<OpenImage<'a>>,
    /// Links open around the current event (replaced images included).
    links: usize,
    queued: Option<Event<'a>>,
}

impl<'a, I: Iterator<Item = Event<'a>>> Iterator for ImagesAsLinks<'a, I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        if let Some(event) = self.queued.take() {
            return Some(event);
        }
        loop {
            let event = self.events.next()?;
            match event {
                Event::Start(Tag::Image {
                    dest_url,
                    title,
                    id,
                    ..
                }) if !allowed_image_src(&dest_url) => {
                    let as_link = self.links == 0;
                    self.open.push(OpenImage::Replaced {
                        url: dest_url.clone(),
                        as_link,
                        had_text: false,
                    });
                    self.links += 1;
                    if as_link {
                        return Some(Event::Start(Tag::Link {
                            link_type: LinkType::Inline,
                            dest_url,
                            title,
                            id,
                        }));
                    }
                }
                Event::Start(Tag::Image { .. }) => {
                    self.open.push(OpenImage::Kept);
                    return Some(event);
                }
                Event::End(TagEnd::Image) => match self.open.pop() {
                    Some(OpenImage::Replaced {
                        url,
                        as_link,
                        had_text,
                    }) => {
                        self.links -= 1;
                        let end = as_link.then_some(Event::End(TagEnd::Link));
                        if had_text {
                            match end {
                                Some(end) => return Some(end),
                                None => continue,
                            }
                        }
                        self.mark_text();
                        self.queued = end;
                        return Some(Event::Text(url));
                    }
                    _ => return Some(event),
                },
                Event::Start(Tag::Link { .. }) => {
                    self.links += 1;
                    return Some(event);
                }
                Event::End(TagEnd::Link) => {
                    self.links = self.links.saturating_sub(1);
                    return Some(event);
                }
                Event::Text(_) | Event::Code(_) => {
                    self.mark_text();
                    return Some(event);
                }
                other => return Some(other),
            }
        }
    }
}

impl<'a, I: Iterator<Item = Event<'a>>> ImagesAsLinks<'a, I> {
    /// Text was written inside the open replaced images.
    fn mark_text(&mut self) {
        for open in &mut self.open {
            if let OpenImage::Replaced { had_text, .. } = open {
                *had_text = true;
            }
        }
    }
}

/// Bare web addresses in a body's text (`https://…`, `http://…`, `www.…`)
/// become links, so that what readers see as a link is exactly what the
/// new-member rule counts as one ([`Rendered::has_links`]). Not inside
/// links, images or code.
struct BareLinks<'a, I: Iterator<Item = Event<'a>>> {
    events: I,
    /// Links, images and code blocks open around the current event.
    inside: usize,
    queued: VecDeque<Event<'a>>,
}

impl<'a, I: Iterator<Item = Event<'a>>> Iterator for BareLinks<'a, I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        if let Some(event) = self.queued.pop_front() {
            return Some(event);
        }
        let event = self.events.next()?;
        match &event {
            Event::Start(Tag::Link { .. } | Tag::Image { .. } | Tag::CodeBlock(_)) => {
                self.inside += 1
            }
            Event::End(TagEnd::Link | TagEnd::Image | TagEnd::CodeBlock) => {
                self.inside = self.inside.saturating_sub(1)
            }
            Event::Text(text) if self.inside == 0 => {
                let pieces = with_bare_links(text);
                if !pieces.is_empty() {
                    self.queued.extend(pieces);
                    return self.queued.pop_front();
                }
            }
            _ => {}
        }
        Some(event)
    }
}

/// Where a bare address starts in `text` at byte `at`, and the address a
/// link to it goes to ("www." gains "https://").
fn address_start(text: &str, at: usize) -> Option<&'static str> {
    let rest = text.get(at..)?;
    let starts = |prefix: &str| {
        rest.get(..prefix.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
    };
    // Inside a word ("xhttp://", "swww.") it is not an address.
    if text[..at]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric() || matches!(c, '/' | '.' | '@' | '-' | '_'))
    {
        return None;
    }
    if starts("https://") || starts("http://") {
        Some("")
    } else if starts("www.") {
        Some("https://")
    } else {
        None
    }
}

/// The events of a text with its bare addresses made links; none when it
/// has no address.
fn with_bare_links<'a>(text: &str) -> Vec<Event<'a>> {
    let mut events = Vec::new();
    let mut written = 0;
    let mut at = 0;
    while at < text.len() {
        let Some(scheme) = address_start(text, at) else {
            at += text[at..].chars().next().map_or(1, char::len_utf8);
            continue;
        };
        let end = text[at..]
            .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`'))
            .map_or(text.len(), |n| at + n);
        // Trailing punctuation ends the sentence, not the address; a closing
        // bracket stays when the address opened one.
        let mut address = &text[at..end];
        loop {
            let trimmed = address.trim_end_matches(['.', ',', ';', ':', '!', '?', '\'', '*', '_']);
            let trimmed = match trimmed.strip_suffix(')') {
                Some(inner) if trimmed.matches('(').count() < trimmed.matches(')').count() => inner,
                _ => trimmed,
            };
            if trimmed.len() == address.len() {
                break;
            }
            address = trimmed;
        }
        let host = address.split_once("//").map_or(address, |(_, host)| host);
        if host.len() < 4 || !host.contains('.') {
            at = end.max(at + 1);
            continue;
        }
        if written < at {
            events.push(Event::Text(text[written..at].to_owned().into()));
        }
        events.push(Event::Start(Tag::Link {
            link_type: LinkType::Autolink,
            dest_url: format!("{scheme}{address}").into(),
            title: "".into(),
            id: "".into(),
        }));
        events.push(Event::Text(address.to_owned().into()));
        events.push(Event::End(TagEnd::Link));
        at += address.len();
        written = at;
    }
    if !events.is_empty() && written < text.len() {
        events.push(Event::Text(text[written..].to_owned().into()));
    }
    events
}

/// The events of a body, bounded in nesting and table size, with its bare
/// addresses made links: what every rendering of a body reads.
fn events(source: &str) -> impl Iterator<Item = Event<'_>> {
    BareLinks {
        // One text event per run of text, so an address is never split.
        events: TextMergeStream::new(AllowedImages {
            events: BoundedNesting {
                events: parser(source),
                open: Vec::new(),
                depth: 0,
            },
            open: Vec::new(),
        }),
        inside: 0,
        queued: VecDeque::new(),
    }
}

/// Tags and character references the sanitiser may be handed for one body.
/// Its HTML parser costs about the same per tag or reference whatever the
/// text, so a 64 KiB body that expands into tens of thousands of them (one
/// footnote, task-list item, heading or `<` per few bytes) would cost ten
/// times a plain one. Real posts stay far below this: a long guide has a
/// few thousand; past it, the body is shown as its plain source text.
pub const MAX_MARKUP: usize = 16_384;

/// Renders Markdown source to sanitised HTML, safe to place in a page as is.
/// Costs time linear in the source and bounded by [`MAX_MARKUP`], whatever its
/// nesting or shape; callers check the size limit first.
pub fn to_html(source: &str) -> String {
    html_of(source, events(source))
}

/// The HTML of a body from its events (parsed once for everything we make).
fn html_of<'a>(source: &str, events: impl Iterator<Item = Event<'a>>) -> String {
    // Raw HTML in the source is shown as text, not dropped: people paste logs.
    let events = ImagesAsLinks {
        events: events.map(|event| match event {
            Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
            other => other,
        }),
        open: Vec::new(),
        links: 0,
        queued: None,
    };
    let mut unsafe_html = String::with_capacity(source.len() * 3 / 2);
    html::push_html(&mut unsafe_html, events);
    let markup = unsafe_html
        .bytes()
        .filter(|b| matches!(b, b'<' | b'&'))
        .count();
    if markup > MAX_MARKUP {
        return as_plain_text(source);
    }
    SANITIZER.clean(&unsafe_html).to_string()
}

/// A body as its source text, escaped, line breaks kept: safe without the
/// sanitiser, since nothing in it is markup.
fn as_plain_text(source: &str) -> String {
    let mut html = String::with_capacity(source.len() + source.len() / 4 + 64);
    html.push_str("<p class=\"plain-source\">");
    pulldown_cmark_escape::escape_html_body_text(&mut html, source)
        .expect("writing to a String cannot fail");
    html.push_str("</p>");
    html
}

/// The words of a Markdown text without any markup: for search and excerpts.
pub fn to_plain_text(source: &str) -> String {
    plain_text_of(events(source))
}

fn plain_text_of<'a>(events: impl Iterator<Item = Event<'a>>) -> String {
    let mut text = String::new();
    for event in events {
        match event {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                text.push_str(&t)
            }
            Event::SoftBreak | Event::HardBreak | Event::Rule => text.push(' '),
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::CodeBlock,
            )
            | Event::End(TagEnd::TableCell) => text.push(' '),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A body made ready to store: rendered once, before any write transaction
/// opens (a transaction holds SQLite's single write lock, so it only writes).
#[derive(Debug, Clone)]
pub struct Rendered {
    pub html: String,
    /// The words alone, for the search document.
    pub text: String,
    /// For the new-member link rule.
    pub has_links: bool,
    /// The language it is written in (render::language), found from `text`.
    pub lang: Option<&'static str>,
}

impl Rendered {
    /// Parses the source once and makes all four from its events.
    pub fn of(source: &str) -> Rendered {
        let events: Vec<Event> = events(source).collect();
        let text = plain_text_of(events.iter().cloned());
        Rendered {
            html: html_of(source, events.iter().cloned()),
            lang: super::language::detect(&text),
            text,
            has_links: links_in(events.iter().cloned()),
        }
    }
}

/// Whether a text links anywhere: Markdown links or images, or a bare
/// address (shown as a link too, [`BareLinks`]); an address in code is
/// neither shown as a link nor counted.
pub fn has_links(source: &str) -> bool {
    links_in(events(source))
}

fn links_in<'a>(mut events: impl Iterator<Item = Event<'a>>) -> bool {
    events.any(|event| {
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

    /// The deepest element nesting of an HTML fragment (void elements aside).
    fn html_depth(html: &str) -> usize {
        let (mut depth, mut deepest) = (0usize, 0usize);
        for tag in html.split('<').skip(1) {
            if tag.starts_with('/') {
                depth = depth.saturating_sub(1);
            } else if !(tag.starts_with("br")
                || tag.starts_with("hr")
                || tag.starts_with("img")
                || tag.starts_with("input"))
            {
                depth += 1;
                deepest = deepest.max(depth);
            }
        }
        deepest
    }

    #[test]
    fn nesting_is_bounded_and_the_text_kept() {
        for unit in ["- ", "> ", "1. ", "> - ", "*", "**", "~~a ", "[", "*a **"] {
            let body = format!("{}deepest", unit.repeat(2_000));
            let html = to_html(&body);
            assert!(html.contains("deepest"), "{unit}: text lost");
            // Each kept container adds at most two elements (list + item, quote + p).
            assert!(
                html_depth(&html) <= 2 * MAX_NESTING + 2,
                "{unit}: nested {} deep",
                html_depth(&html)
            );
        }
        // Ordinary nesting is untouched.
        let html = to_html("- a\n  - b\n    - c");
        assert_eq!(html.matches("<ul>").count(), 3, "{html}");
    }

    #[test]
    fn tables_past_the_cell_budget_are_rendered_as_text() {
        let ok = "| a | b |\n|---|---|\n| 1 | 2 |\n";
        assert!(to_html(ok).contains("<table>"));
        let columns = 2_000;
        let wide = format!(
            "{}|\n{}|\n{}",
            "|a".repeat(columns),
            "|-".repeat(columns),
            "x\n".repeat(200)
        );
        assert!(table_cells_upper_bound(&wide) > MAX_TABLE_CELLS);
        let html = to_html(&wide);
        assert!(!html.contains("<table>"), "a 400,000-cell table was built");
        // Inside a quote the delimiter row still counts.
        let quoted = format!("> {}|\n> {}|\n", "|a".repeat(columns), "|-".repeat(columns));
        assert!(table_cells_upper_bound(&quoted.repeat(10)) > MAX_TABLE_CELLS);
    }

    #[test]
    fn bodies_that_expand_into_too_much_markup_are_shown_as_their_text() {
        for body in [
            "<".repeat(60_000),
            "- [x] a\n".repeat(7_000),
            "a\n=\n".repeat(15_000),
            (0..2_000)
                .map(|i| format!("[^f{i}] "))
                .chain((0..2_000).map(|i| format!("\n\n[^f{i}]: n")))
                .collect(),
        ] {
            let html = to_html(&body);
            assert!(
                html.starts_with("<p class=\"plain-source\">"),
                "{}",
                &html[..80]
            );
            assert!(!html.contains("<li") && !html.contains("<h1") && !html.contains("<sup"));
        }
        // Escaped: nothing in the source becomes markup.
        let html = as_plain_text("<script>alert(1)</script> & \"x\"");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(!html.contains("<script"), "{html}");
        // An ordinary long guide stays rendered.
        let guide = "## Step\n\nUndo the **four** screws, see [the video](https://example.com).\n\n- spudger\n- T5 driver\n\n"
            .repeat(500);
        assert!(to_html(&guide).contains("<h2>"));
    }

    #[test]
    fn rendered_once_is_what_each_rendering_makes() {
        for body in [
            "# Fan\n\nSee [the guide](https://example.com) and ![p](/media/a.jpg).",
            "plain words only",
            &format!("{}deep", "> - ".repeat(100)),
            &"<".repeat(20_000),
        ] {
            let rendered = Rendered::of(body);
            assert_eq!(rendered.html, to_html(body));
            assert_eq!(rendered.text, to_plain_text(body));
            assert_eq!(rendered.has_links, has_links(body));
        }
    }

    #[test]
    fn images_point_only_at_stored_photos() {
        let html = to_html(
            "![ok](/media/3f2a.jpg) ![web](https://example.com/a.png) \
             ![read](/notifications/1) ![up](/media/../notifications/1) \
             ![rel](notifications/1) ![proto](//evil.example/x.png) ![q](/media/a.jpg?x=1)",
        );
        assert!(html.contains("src=\"/media/3f2a.jpg\""), "{html}");
        assert_eq!(html.matches("<img").count(), 1, "{html}");
        assert!(!html.contains("notifications"), "{html}");
        // An image on another site is a link to it, its alt text the link's.
        assert!(
            html.contains(
                "<a href=\"https://example.com/a.png\" rel=\"nofollow ugc noopener noreferrer\">web</a>"
            ),
            "{html}"
        );
        // The refused images keep their alt text.
        assert!(html.contains("read") && html.contains("proto"), "{html}");
    }

    #[test]
    fn images_from_other_sites_are_links_never_fetched() {
        for (body, link_text) in [
            (
                "![](https://t.example/pixel.gif)",
                "https://t.example/pixel.gif",
            ),
            (
                "![*shiny* fan](HTTP://T.example/x.png \"t\")",
                "<em>shiny</em> fan",
            ),
            (
                "![a ![b](https://t.example/in.png)](https://t.example/out.png)",
                "a b",
            ),
        ] {
            let html = to_html(body);
            assert!(!html.contains("<img"), "{body}: {html}");
            assert!(
                html.contains(&format!(">{link_text}</a>")),
                "{body}: {html}"
            );
            assert_eq!(html.matches("<a ").count(), 1, "{body}: {html}");
        }
        // Inside a link: its text, no nested link, no image.
        let html = to_html("[![logo](https://t.example/l.png)](https://example.com/)");
        assert!(!html.contains("<img"), "{html}");
        assert_eq!(html.matches("<a ").count(), 1, "{html}");
        assert!(html.contains(">logo</a>"), "{html}");
        // Reference images too.
        let html = to_html("![r][x]\n\n[x]: https://t.example/r.png");
        assert!(!html.contains("<img") && html.contains(">r</a>"), "{html}");
        // Our photos stay images, in a link too.
        let html = to_html("[![p](/media/ab.jpg)](/media/ab.jpg)");
        assert!(html.contains("<img src=\"/media/ab.jpg\""), "{html}");
        // Still links for the new-member rule and the words for search.
        let rendered = Rendered::of("![fan](https://t.example/x.png)");
        assert!(rendered.has_links);
        assert_eq!(rendered.text, "fan");
    }

    #[test]
    fn bare_addresses_are_links_and_count_as_links() {
        let html = to_html(
            "See https://example.com/a_b_c. (or www.example.org/x), then HTTP://Example.com",
        );
        for link in [
            "<a href=\"https://example.com/a_b_c\" rel=\"nofollow ugc noopener noreferrer\">https://example.com/a_b_c</a>.",
            "<a href=\"https://www.example.org/x\" rel=\"nofollow ugc noopener noreferrer\">www.example.org/x</a>),",
            ">HTTP://Example.com</a>",
        ] {
            assert!(html.contains(link), "{link}: {html}");
        }
        assert!(has_links("see www.example.com"));
        // Neither a link nor counted: code, words that only look like it.
        for body in [
            "`https://example.com`",
            "```\nhttps://example.com\n```",
            "awww.example.com",
            "http://",
            "www.",
        ] {
            assert!(!to_html(body).contains("<a "), "{body}");
            assert!(!has_links(body), "{body}");
        }
        // An address already in a link stays one link.
        let html = to_html("[https://example.com](https://example.com)");
        assert_eq!(html.matches("<a ").count(), 1, "{html}");
    }

    /// Not a timing test (timings are for bench/markdown_abuse.py): prints
    /// how long nested bodies take, for a quick look with --ignored --nocapture.
    #[test]
    #[ignore]
    fn print_render_times() {
        let cases: Vec<(&str, String)> = vec![
            ("plain", "word ".repeat(13_000)),
            ("- x32000", format!("{}x", "- ".repeat(32_000))),
            ("> x32000", format!("{}x", "> ".repeat(32_000))),
            ("1. x21000", format!("{}x", "1. ".repeat(21_000))),
            ("* x65000", "*".repeat(65_000)),
            ("*a ** x", "*a **".repeat(13_000)),
            ("[ x65000", "[".repeat(65_000)),
            ("![ x32000", "![".repeat(32_000)),
            ("` x65000", "`".repeat(65_000)),
            (
                "indented lists",
                (0..300)
                    .map(|i| format!("{}- x\n", "  ".repeat(i)))
                    .collect(),
            ),
            (
                "table 5000 cols",
                format!(
                    "{}|\n{}|\n{}",
                    "|a".repeat(5_000),
                    "|-".repeat(5_000),
                    "x\n".repeat(12_000)
                ),
            ),
            (
                "table 64 cols",
                format!(
                    "{}|\n{}|\n{}",
                    "|a".repeat(64),
                    "|-".repeat(64),
                    "|1".repeat(64).repeat(250)
                ),
            ),
            (
                "refs",
                (0..3000)
                    .map(|i| format!("[a{i}]: /x{i}\n[a{i}] "))
                    .collect(),
            ),
            (
                "footnotes",
                (0..1500)
                    .map(|i| format!("[^f{i}] "))
                    .chain((0..1500).map(|i| format!("[^f{i}]: n [^f{}]\n\n", i + 1)))
                    .collect(),
            ),
            ("lt", "<".repeat(65_000)),
            ("amp", "&amp;".repeat(13_000)),
        ];
        for (name, body) in cases {
            let start = std::time::Instant::now();
            let html = to_html(&body);
            let html_ms = start.elapsed().as_secs_f64() * 1000.0;
            let start = std::time::Instant::now();
            let text = to_plain_text(&body);
            let text_ms = start.elapsed().as_secs_f64() * 1000.0;
            println!(
                "{name:>16}: {} KiB -> {} KiB html in {html_ms:.1} ms, text {} KiB in {text_ms:.1} ms",
                body.len() / 1024,
                html.len() / 1024,
                text.len() / 1024
            );
        }
    }
}
