//! The layers only point down (docs/architecture.md): reads every file under
//! `src/` and fails on a reference from one top-level module to another that
//! the rules below do not allow, naming file and line. Test code
//! (`#[cfg(test)]` items) is exempt; comments and string literals are not code.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Every top-level module of `src/` and its layer; a module may use the
/// modules of lower layers only (docs/architecture.md says why).
const LAYERS: &[(&str, u8)] = &[
    // Foundations: used by all, using nothing of ours.
    ("error", 0),
    ("db", 0),
    ("tokens", 0),
    ("i18n", 0),
    // Settings and counters, over the foundations.
    ("config", 1),
    ("metrics", 1),
    // The job runner and its leasing, over db, config and metrics.
    ("jobs", 2),
    // Tables: queries and rows.
    ("model", 3),
    // Markdown, templates and charts (may read rows, never rules).
    ("render", 4),
    // Services the rules use; none uses another.
    ("auth", 5),
    ("search", 5),
    ("mail", 5),
    ("webhooks", 5),
    ("media", 5),
    // The rules.
    ("forum", 6),
    // The HTTP app and the tools over the rules; none uses another, except
    // that web and its state are one unit (below).
    ("web", 7),
    ("state", 7),
    ("demo", 7),
    ("transfer", 7),
];

/// Pairs in one layer that may use each other: `AppState` holds web's caches
/// and web's handlers read `AppState`; an error carries an `i18n::Message`
/// (i18n itself uses nothing of ours).
const SAME_LAYER: &[(&str, &str)] = &[("web", "state"), ("state", "web"), ("error", "i18n")];

/// The composition root: wires everything together, so it may use anything.
const ROOT: &[&str] = &["lib", "main"];

#[derive(Debug, Clone, PartialEq, Eq)]
struct Reference {
    line: usize,
    target: String,
}

fn layer(module: &str) -> Option<u8> {
    LAYERS.iter().find(|(m, _)| *m == module).map(|(_, l)| *l)
}

/// Whether `from` may name `to` (both top-level modules).
fn allowed(from: &str, to: &str) -> bool {
    if from == to || ROOT.contains(&from) || SAME_LAYER.contains(&(from, to)) {
        return true;
    }
    match (layer(from), layer(to)) {
        (Some(a), Some(b)) => b < a,
        _ => false,
    }
}

/// The source with comments, string and char literals blanked (newlines
/// kept, so lines still count right).
fn code_only(source: &str) -> String {
    let chars: Vec<char> = source.chars().collect();
    let mut out = String::with_capacity(source.len());
    let blank = |c: char| if c == '\n' { '\n' } else { ' ' };
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                out.push(' ');
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    out.push(blank(chars[i]));
                    i += 1;
                }
            }
        } else if (c == 'r' || (c == 'b' && next == Some('r')))
            && !prev_is_ident(&chars, i)
            && raw_string_hashes(&chars, i + usize::from(c == 'b') + 1).is_some()
        {
            // r"..", r#".."#, br".."
            let start = i + usize::from(c == 'b') + 1;
            let hashes = raw_string_hashes(&chars, start).unwrap();
            let close: Vec<char> = std::iter::once('"')
                .chain(std::iter::repeat_n('#', hashes))
                .collect();
            let mut j = start + hashes + 1;
            while j < chars.len() && !chars[j..].starts_with(&close) {
                j += 1;
            }
            let end = (j + close.len()).min(chars.len());
            out.extend(chars[i..end].iter().map(|&c| blank(c)));
            i = end;
        } else if c == '"' {
            out.push(' ');
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                let step = if chars[i] == '\\' { 2 } else { 1 };
                for k in 0..step {
                    if let Some(&c) = chars.get(i + k) {
                        out.push(blank(c));
                    }
                }
                i += step;
            }
            out.push(' ');
            i += 1;
        } else if c == '\'' && (next == Some('\\') || chars.get(i + 2) == Some(&'\'')) {
            // A char literal ('a', '\n', '\u{1F600}'); a lifetime stays.
            let mut j = i + 1;
            if next == Some('\\') {
                j += 2;
            }
            while j < chars.len() && chars[j] != '\'' {
                j += 1;
            }
            let end = (j + 1).min(chars.len());
            out.extend(chars[i..end].iter().map(|&c| blank(c)));
            i = end;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

fn prev_is_ident(chars: &[char], i: usize) -> bool {
    i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_')
}

/// At `start`, `#`* then `"`: a raw string's opening, with its hash count.
fn raw_string_hashes(chars: &[char], start: usize) -> Option<usize> {
    let hashes = chars[start.min(chars.len())..]
        .iter()
        .take_while(|&&c| c == '#')
        .count();
    (chars.get(start + hashes) == Some(&'"')).then_some(hashes)
}

/// Blanks every item under `#[cfg(test)]` (a test module, function or use).
fn without_tests(code: &str) -> String {
    let mut bytes = code.as_bytes().to_vec();
    let mut from = 0;
    while let Some(found) = code[from..].find("#[cfg(test)]") {
        let start = from + found;
        let mut i = start;
        let (mut parens, mut end) = (0i32, code.len());
        while i < code.len() {
            match bytes[i] {
                b'(' | b'[' => parens += 1,
                b')' | b']' => parens -= 1,
                b';' if parens == 0 => {
                    end = i + 1;
                    break;
                }
                b'{' if parens == 0 => {
                    let mut depth = 0;
                    while i < code.len() {
                        match bytes[i] {
                            b'{' => depth += 1,
                            b'}' => depth -= 1,
                            _ => {}
                        }
                        i += 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    // `use a::{b, c};` goes on to its semicolon.
                    let rest = code[i..].trim_start();
                    end = if rest.starts_with(';') {
                        code.len() - rest.len() + 1
                    } else {
                        i
                    };
                    break;
                }
                _ => {}
            }
            i += 1;
        }
        for b in &mut bytes[start..end] {
            if *b != b'\n' {
                *b = b' ';
            }
        }
        from = end;
    }
    String::from_utf8(bytes).expect("only ASCII was blanked")
}

/// The top-level modules a `crate::{a, b::c}` group names.
fn group_heads(group: &str) -> Vec<String> {
    let mut heads = Vec::new();
    let (mut depth, mut item) = (0, String::new());
    for c in group.chars().chain(std::iter::once(',')) {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                let head: String = item
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !head.is_empty() && head != "self" {
                    heads.push(head);
                }
                item.clear();
                continue;
            }
            _ => {}
        }
        item.push(c);
    }
    heads
}

/// The top-level modules a file's code names, with lines: `crate::x`,
/// `crate::{x, y}` and `super::` paths that climb to the crate root.
/// `module` is the file's module path (`["forum", "threads"]`).
fn references(source: &str, module: &[&str]) -> Vec<Reference> {
    let code = without_tests(&code_only(source));
    let line_of = |at: usize| code[..at].matches('\n').count() + 1;
    let mut found = Vec::new();
    let mut push_path = |at: usize, after: &str| {
        if let Some(group) = after.strip_prefix('{') {
            let close = matching_brace(group).unwrap_or(group.len());
            for head in group_heads(&group[..close]) {
                found.push(Reference {
                    line: line_of(at),
                    target: head,
                });
            }
        } else {
            let head: String = after
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !head.is_empty() {
                found.push(Reference {
                    line: line_of(at),
                    target: head,
                });
            }
        }
    };
    for (at, _) in code.match_indices("crate::") {
        let before = code[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
            continue;
        }
        push_path(at, &code[at + "crate::".len()..]);
    }
    let mut at = 0;
    while let Some(found_at) = code[at..].find("super::") {
        let start = at + found_at;
        let before = code[..start].chars().next_back();
        let mut end = start;
        let mut climbs = 0;
        while code[end..].starts_with("super::") {
            climbs += 1;
            end += "super::".len();
        }
        at = end;
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
            continue;
        }
        // `super` from forum/threads.rs is forum; a file's own module path
        // minus one per `super` is where the path starts.
        if climbs >= module.len() {
            push_path(start, &code[end..]);
        }
    }
    found
}

fn matching_brace(after_open: &str) -> Option<usize> {
    let mut depth = 1;
    for (i, c) in after_open.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

fn rust_files(dir: &Path, into: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src/ is readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, into);
        } else if path.extension().is_some_and(|e| e == "rs") {
            into.push(path);
        }
    }
}

/// `forum/threads.rs` is `["forum", "threads"]`; `forum/mod.rs` is `["forum"]`.
fn module_path(relative: &str) -> Vec<&str> {
    let mut parts: Vec<&str> = relative.trim_end_matches(".rs").split('/').collect();
    if parts.len() > 1 && parts.last() == Some(&"mod") {
        parts.pop();
    }
    parts
}

/// Every reference against the rules in the tree under `src`, as
/// "file:line: from -> to (why)".
fn violations(src: &Path) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    files.sort();
    let modules: BTreeSet<String> = files
        .iter()
        .map(|f| {
            let relative = f.strip_prefix(src).unwrap().to_string_lossy().into_owned();
            module_path(&relative)[0].to_owned()
        })
        .collect();
    let mut found = Vec::new();
    for module in &modules {
        if layer(module).is_none() && !ROOT.contains(&module.as_str()) {
            found.push(format!(
                "src/{module}: a top-level module without a layer (add it to LAYERS and to docs/architecture.md)"
            ));
        }
    }
    for file in &files {
        let relative = file
            .strip_prefix(src)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let module = module_path(&relative);
        let from = module[0];
        let source = std::fs::read_to_string(file).expect("a readable source file");
        for reference in references(&source, &module) {
            let to = reference.target.as_str();
            if !modules.contains(to) {
                // An item of the crate root (lib.rs): the root is above all.
                if !ROOT.contains(&from) && layer(to).is_none() {
                    found.push(format!(
                        "src/{relative}:{}: {from} -> crate::{to} (the crate root is above every layer)",
                        reference.line
                    ));
                }
                continue;
            }
            if allowed(from, to) {
                continue;
            }
            found.push(format!(
                "src/{relative}:{}: {from} (layer {}) -> {to} (layer {})",
                reference.line,
                layer(from).map_or("?".into(), |l| l.to_string()),
                layer(to).map_or("?".into(), |l| l.to_string()),
            ));
        }
    }
    found
}

#[test]
fn layers_only_point_down() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let found = violations(&src);
    assert!(
        found.is_empty(),
        "{} reference(s) against the layers in docs/architecture.md:\n{}",
        found.len(),
        found.join("\n")
    );
}

#[test]
fn the_reader_finds_every_kind_of_reference() {
    let source = r#"
//! Names crate::web in a comment only.
use super::{chars, Actor};
use crate::{
    db::DbConn,
    forum::{self, Policy},
};
use crate::model::discussion::threads;

fn f() {
    let _ = "crate::web in a string";
    let _ = '"';
    let _ = super::super::state::AppState::new;
    let _ = crate::web::configure;
}

#[cfg(test)]
mod tests {
    use crate::web;
}

#[cfg(test)]
use crate::state::{self};
"#;
    let found: Vec<(usize, String)> = references(source, &["model", "posts"])
        .into_iter()
        .map(|r| (r.line, r.target))
        .collect();
    assert_eq!(
        found,
        vec![
            (4, "db".to_owned()),
            (4, "forum".to_owned()),
            (8, "model".to_owned()),
            (14, "web".to_owned()),
            (13, "state".to_owned()),
        ]
    );
    assert!(!allowed("model", "forum"));
    assert!(allowed("forum", "model"));
    assert!(
        !allowed("search", "mail"),
        "one layer's modules do not use each other"
    );
    assert!(allowed("web", "state") && allowed("state", "web"));
    assert!(allowed("main", "web"));
}
