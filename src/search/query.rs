//! What a search asks and what it answers, the same for every engine.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use serde::Serialize;

/// Highlight markers that cannot occur in text people type (private-use
/// code points); turned into <mark> after the text is escaped.
pub const MARK_START: char = '\u{E000}';
pub const MARK_END: char = '\u{E001}';

pub const PER_PAGE: i64 = 20;
const MAX_TERMS: usize = 12;
const MAX_TERM_CHARS: usize = 40;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    Relevance,
    Newest,
}

/// A search, already checked: words, filters, order and page.
#[derive(Debug, Clone, Serialize)]
pub struct SearchQuery {
    /// The words searched for: letters and digits only, lower-cased. Query
    /// syntax (quotes, `*`, `-`, NEAR, parentheses, `:`) never reaches an engine.
    pub terms: Vec<String>,
    pub kind: Option<String>,
    /// A device's path: the device and everything below it.
    pub device_path: Option<String>,
    pub solved: Option<bool>,
    pub verified: Option<bool>,
    pub recovery_path: Option<String>,
    /// Only threads whose solution is confirmed on the current firmware of
    /// their device (`firmware=current`).
    pub firmware_current: bool,
    /// Only threads written in this language (render::language's code,
    /// `?written=ko`); always one of render::language::LANGUAGES.
    #[serde(default)]
    pub lang: Option<String>,
    pub sort: Sort,
    pub page: i64,
    /// Any word may match (ranked by how many do) instead of every word:
    /// for suggestions while a title is being typed.
    pub match_any: bool,
    /// The synonym groups (each a list of equivalent terms, words joined by
    /// spaces) that touch these words: the builtin engine expands the words
    /// with them (Meilisearch has its own copy). Part of what kept results
    /// are filed under, so a change to the synonyms is seen at once.
    #[serde(default)]
    pub synonyms: Vec<Vec<String>>,
    /// Close words for words the index does not hold, from its vocabulary
    /// (search::vocabulary): "chargr" is searched as "chargr", "charger" or
    /// "charge". The typed word, then its close words.
    #[serde(default)]
    pub corrections: Vec<(String, Vec<String>)>,
    /// How many threads hold each word of `terms` (the vocabulary's count of
    /// the word or of its commonest close word); None without a vocabulary.
    /// Words no thread holds are not required. Not part of what kept
    /// results are filed under: the counts move with every rebuild of the
    /// vocabulary, the results they lead to do not.
    #[serde(skip)]
    pub word_docs: Option<Vec<u32>>,
    /// The path of the most specific device the words name ("kenmore
    /// washer"): its threads rank first.
    #[serde(default)]
    pub named_device: Option<String>,
}

impl SearchQuery {
    pub fn offset(&self) -> i64 {
        (self.page - 1) * PER_PAGE
    }
}

/// The words of what someone typed that say something: filler words
/// (`words::STOP_WORDS`) left out, unless there is nothing else.
pub fn meaningful_terms(raw: &str) -> Vec<String> {
    let all = terms(raw);
    let kept: Vec<String> = all
        .iter()
        .filter(|w| !super::words::is_stop_word(w))
        .cloned()
        .collect();
    if kept.is_empty() {
        all
    } else {
        kept
    }
}

/// The words of what someone typed.
pub fn terms(raw: &str) -> Vec<String> {
    raw.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            w.chars()
                .take(MAX_TERM_CHARS)
                .collect::<String>()
                .to_lowercase()
        })
        .take(MAX_TERMS)
        .collect()
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Hit {
    pub thread_id: i64,
    pub title: String,
    pub kind: String,
    pub device_path: Option<String>,
    pub solved: bool,
    pub verified: bool,
    pub recovery_path: Option<String>,
    /// The solution is confirmed on the current firmware.
    pub firmware_current: bool,
    pub last_activity_at: NaiveDateTime,
    /// The language of the thread (its title), for the title's `lang`.
    #[serde(default)]
    pub lang: Option<String>,
    /// Escaped text with <mark> around the matched words.
    pub snippet_html: String,
    /// The title, escaped, with <mark> around the matched words.
    pub title_html: String,
}

#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct FacetCount {
    pub value: String,
    pub count: usize,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Facets {
    pub kind: Vec<FacetCount>,
    pub solved: Vec<FacetCount>,
    pub verified: Vec<FacetCount>,
    pub recovery_path: Vec<FacetCount>,
    /// How many matches are confirmed on the current firmware: one row,
    /// value "current" (none when no match is).
    pub firmware: Vec<FacetCount>,
    /// Device ids one level below the current device filter (or the makers).
    pub device: Vec<FacetCount>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct SearchResults {
    pub hits: Vec<Hit>,
    pub total: usize,
    pub page: i64,
    pub per_page: i64,
    pub facets: Facets,
    /// Something to tell the person, as a message key (`search-too-common`).
    pub notice: Option<String>,
    /// Which engine answered.
    pub engine: &'static str,
}

/// One part of a search once synonyms are applied: any of these phrases
/// (each a list of words). `prefix`: the part ends with the last word typed,
/// which the typed phrase (the first) matches as a prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alternatives {
    pub phrases: Vec<Vec<String>>,
    pub prefix: bool,
}

/// A part of a search as the engines match it (see `parts`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// The words as typed (a word, or the words of a synonym term).
    pub typed: String,
    /// Any of these phrases (each a list of index words: a CJK word is the
    /// phrase of its two-character pieces).
    pub phrases: Vec<Vec<String>>,
    /// The first phrase is matched as a prefix (the last word typed).
    pub prefix: bool,
    /// A generic repair word ("replace", "problem"): never required.
    pub weak: bool,
    /// A CJK word: marked inside longer words.
    pub cjk: bool,
    /// How many threads hold it (None: not known).
    pub docs: Option<u32>,
}

/// The parts of a search: its words expanded with synonyms and close words,
/// each marked weak or CJK, with how common it is.
pub fn parts(query: &SearchQuery) -> Vec<Part> {
    let mut at = 0;
    expand(&query.terms, &query.synonyms)
        .into_iter()
        .map(|alternatives| {
            let typed_words = alternatives.phrases[0].clone();
            let first = at;
            at += typed_words.len();
            let typed = typed_words.join(" ");
            let docs = query.word_docs.as_ref().map(|docs| {
                docs.get(first..at)
                    .map_or(0, |d| d.iter().copied().min().unwrap_or(0))
            });
            let cjk = typed_words.len() == 1 && super::words::is_cjk_word(&typed);
            let mut phrases = alternatives.phrases;
            if let Some((_, close)) = query.corrections.iter().find(|(w, _)| *w == typed) {
                phrases.extend(close.iter().map(|c| vec![c.clone()]));
            }
            if cjk {
                phrases[0] = super::words::word_bigrams(&typed);
            }
            Part {
                weak: phrases.len() == 1 && super::words::is_weak_word(&typed),
                // A single CJK character is the start of its pieces.
                prefix: if cjk {
                    typed.chars().count() == 1
                } else {
                    alternatives.prefix && docs.is_none_or(|d| d < WHOLE_WORD_DOCS)
                },
                cjk,
                typed,
                phrases,
                docs,
            }
        })
        .collect()
}

/// The last word typed is matched as the start of longer words, as someone
/// may still be typing it, unless at least this many threads hold it as a
/// whole word: then it was typed whole ("fan", not "fancy"), and SQLite's
/// index need not gather the lists of every longer word for each of a
/// search's three queries (14 % of the time of searching for "battery" on
/// the 100,000-thread set).
pub const WHOLE_WORD_DOCS: u32 = 1_000;

/// Most words in a synonym term (see forum::discovery::synonyms).
const MAX_SYNONYM_WORDS: usize = 4;

/// The words of a search as parts to match: a word, or words in a row, that
/// form a term of a synonym group become "any term of the group" (the
/// longest term wins: "logic board" before "board"); other words stand for
/// themselves.
pub fn expand(terms: &[String], groups: &[Vec<String>]) -> Vec<Alternatives> {
    let mut parts = Vec::with_capacity(terms.len());
    let mut i = 0;
    while i < terms.len() {
        let mut found: Option<(usize, &Vec<String>, &String)> = None;
        for group in groups {
            for term in group {
                let words: Vec<&str> = term.split(' ').collect();
                let k = words.len();
                if k > MAX_SYNONYM_WORDS
                    || i + k > terms.len()
                    || found.is_some_and(|(best, _, _)| best >= k)
                {
                    continue;
                }
                if words.iter().zip(&terms[i..i + k]).all(|(w, t)| *w == t) {
                    found = Some((k, group, term));
                }
            }
        }
        let (k, phrases) = match found {
            Some((k, group, typed)) => {
                let mut phrases = vec![typed.split(' ').map(str::to_owned).collect::<Vec<_>>()];
                phrases.extend(
                    group
                        .iter()
                        .filter(|t| *t != typed)
                        .map(|t| t.split(' ').map(str::to_owned).collect()),
                );
                (k, phrases)
            }
            None => (1, vec![vec![terms[i].clone()]]),
        };
        i += k;
        parts.push(Alternatives {
            phrases,
            prefix: i == terms.len(),
        });
    }
    parts
}

/// Escapes text for HTML and turns the highlight markers into <mark>.
pub fn snippet_html(text: &str) -> String {
    let mut html = String::with_capacity(text.len() + 16);
    let mut open = false;
    for c in text.chars() {
        match c {
            MARK_START if !open => {
                html.push_str("<mark>");
                open = true;
            }
            MARK_END if open => {
                html.push_str("</mark>");
                open = false;
            }
            MARK_START | MARK_END => {}
            '&' => html.push_str("&amp;"),
            '<' => html.push_str("&lt;"),
            '>' => html.push_str("&gt;"),
            '"' => html.push_str("&quot;"),
            '\'' => html.push_str("&#39;"),
            c => html.push(c),
        }
    }
    if open {
        html.push_str("</mark>");
    }
    html
}

/// One match's facts, or a combination of facts shared by `n` matches.
pub struct Facts<'a> {
    pub kind: &'a str,
    pub solved: bool,
    pub verified: bool,
    pub recovery_path: Option<&'a str>,
    pub firmware_current: bool,
    /// The device one level below the filter (or the maker), if any.
    pub device: Option<&'a str>,
}

/// Adds `n` to a value's count (allocating its key only the first time).
fn bump(map: &mut HashMap<String, usize>, value: &str, n: usize) {
    match map.get_mut(value) {
        Some(count) => *count += n,
        None => {
            map.insert(value.to_owned(), n);
        }
    }
}

/// The facet counts and the total, summed over matches (SQLite's rows) or
/// over counted combinations of facts (PostgreSQL's grouped rows,
/// Meilisearch's flag tags, with its device tags beside them): every engine
/// counts the same way.
#[derive(Debug, Default)]
pub struct FacetTally {
    total: usize,
    kind: HashMap<String, usize>,
    solved: HashMap<String, usize>,
    verified: HashMap<String, usize>,
    recovery_path: HashMap<String, usize>,
    firmware_current: usize,
    device: HashMap<String, usize>,
}

impl FacetTally {
    pub fn add(&mut self, facts: Facts<'_>, n: usize) {
        let yes_no = |b: bool| if b { "yes" } else { "no" };
        self.total += n;
        bump(&mut self.kind, facts.kind, n);
        bump(&mut self.solved, yes_no(facts.solved), n);
        bump(&mut self.verified, yes_no(facts.verified), n);
        if let Some(path) = facts.recovery_path {
            bump(&mut self.recovery_path, path, n);
        }
        if facts.firmware_current {
            self.firmware_current += n;
        }
        if let Some(device) = facts.device {
            bump(&mut self.device, device, n);
        }
    }

    /// Matches on a device counted apart from their other facts (Meilisearch's
    /// device tags): the total is the other facts' to count.
    pub fn add_device(&mut self, device: &str, n: usize) {
        bump(&mut self.device, device, n);
    }

    /// The total and the facets, each most frequent first, then by value.
    pub fn finish(self) -> (usize, Facets) {
        fn sorted(map: HashMap<String, usize>) -> Vec<FacetCount> {
            let mut counts: Vec<FacetCount> = map
                .into_iter()
                .map(|(value, count)| FacetCount { value, count })
                .collect();
            counts.sort_by(|a, b| b.count.cmp(&a.count).then(a.value.cmp(&b.value)));
            counts
        }
        let firmware = if self.firmware_current > 0 {
            vec![FacetCount {
                value: "current".into(),
                count: self.firmware_current,
            }]
        } else {
            Vec::new()
        };
        let facets = Facets {
            kind: sorted(self.kind),
            solved: sorted(self.solved),
            verified: sorted(self.verified),
            recovery_path: sorted(self.recovery_path),
            firmware,
            device: sorted(self.device),
        };
        (self.total, facets)
    }
}

/// The device one level below `prefix` in a path ("/1/5/12/" under "/1/" is 5).
pub fn child_under(path: &str, prefix: Option<&str>) -> Option<String> {
    crate::db::search_functions::child_under(path, prefix).map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_input_becomes_plain_words() {
        assert_eq!(
            terms(r#""fan" NEAR(noise*) -battery (a:b)"#),
            ["fan", "near", "noise", "battery", "a", "b"]
        );
        assert!(terms("*** ::: ()").is_empty());
        assert_eq!(terms(&"x ".repeat(5000)).len(), 12);
    }

    #[test]
    fn snippets_escape_text_and_mark_matches() {
        let text = format!("a <b> {MARK_START}fan{MARK_END} & noise");
        assert_eq!(
            snippet_html(&text),
            "a &lt;b&gt; <mark>fan</mark> &amp; noise"
        );
    }

    #[test]
    fn synonyms_expand_words_and_phrases() {
        let groups = vec![
            vec!["logic board".to_owned(), "mainboard".into(), "mobo".into()],
            vec!["board".to_owned(), "plank".into()],
        ];
        let words = |s: &str| s.split(' ').map(str::to_owned).collect::<Vec<_>>();
        let parts = expand(&words("dead logic board fix"), &groups);
        assert_eq!(parts.len(), 3);
        assert_eq!(parts[0].phrases, [words("dead")]);
        assert_eq!(
            parts[1].phrases,
            [words("logic board"), words("mainboard"), words("mobo")]
        );
        assert!(!parts[1].prefix && parts[2].prefix);
        let parts = expand(&words("mobo"), &groups);
        assert_eq!(parts[0].phrases[0], words("mobo"));
        assert_eq!(parts[0].phrases.len(), 3);
        assert!(parts[0].prefix);
        assert_eq!(expand(&words("board"), &groups)[0].phrases.len(), 2);
        assert_eq!(expand(&words("fan"), &[])[0].phrases, [words("fan")]);
    }

    #[test]
    fn device_facets_go_one_level_down() {
        assert_eq!(child_under("/1/5/12/", None), Some("1".into()));
        assert_eq!(child_under("/1/5/12/", Some("/1/")), Some("5".into()));
        assert_eq!(child_under("/1/", Some("/1/")), None);
    }
}
