//! Marks the words of a search in a hit's title and crops its text around
//! them, for an engine that returns the documents but is not asked to mark
//! them: Meilisearch's own highlighting and cropping cost more than the rest
//! of the search (0.8 ms on the first page of hits, 2.4 ms on the third, on
//! 400-character texts), while this takes a few microseconds a hit.
//!
//! Words match as Meilisearch matches them with Fixloop's settings: the same
//! word, ignoring case; the last word typed as a prefix; one typo from 5
//! letters, two from 7, none in numbers; and the terms of a synonym group
//! (query::expand), several words in a row for a phrase. As the builtin
//! engines match them too: by their English stem ("charge" marks
//! "charging"), the close words of a typo, and a CJK word inside a longer
//! one ("배터리" marks "[배터리]가"). Every engine's hits are marked here.

use std::borrow::Cow;

use super::query::{parts, SearchQuery, MARK_END, MARK_START};

/// Words a snippet shows, as Meilisearch's `attributesToCrop` counted them.
pub const SNIPPET_WORDS: usize = 30;
/// Where a cropped snippet was cut (Meilisearch's default crop marker).
const CUT: &str = "…";

/// What one search looks for in a text.
pub struct Matcher {
    /// For each part of the search (a word, or a synonym group): its phrases.
    parts: Vec<Vec<Phrase>>,
}

struct Phrase {
    words: Vec<Word>,
    /// The last word typed: it matches longer words too.
    prefix: bool,
    /// A CJK word: found inside a longer word.
    inside: bool,
}

struct Word {
    text: String,
    chars: usize,
    letters: u64,
    typos: usize,
    /// The English stem, for words of a-z only.
    stem: Option<String>,
}

fn stemmer() -> &'static rust_stemmers::Stemmer {
    static STEMMER: std::sync::OnceLock<rust_stemmers::Stemmer> = std::sync::OnceLock::new();
    STEMMER.get_or_init(|| rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English))
}

/// The stem of a word of a-z (None for others: numbers, other scripts).
fn stem(word: &str) -> Option<String> {
    (word.len() >= 3 && word.bytes().all(|b| b.is_ascii_lowercase()))
        .then(|| stemmer().stem(word).into_owned())
}

/// A run of matched tokens.
struct Match {
    start: usize,
    n: usize,
    part: usize,
    /// Only these bytes of the one token matched (a CJK word inside a longer one).
    inside: Option<(usize, usize)>,
}

/// A word of a text, by byte offsets.
struct Token<'a> {
    start: usize,
    end: usize,
    lower: Cow<'a, str>,
    chars: usize,
    letters: u64,
}

/// Which of a-z and 0-9 a word holds (other characters share one bit): a
/// word with more letters missing from a token than its typos allow cannot
/// match it, and most tokens are ruled out by this alone.
fn letters(word: &str) -> u64 {
    word.chars().fold(0, |mask, c| {
        mask | match c {
            'a'..='z' => 1 << (c as u32 - 'a' as u32),
            '0'..='9' => 1 << (26 + c as u32 - '0' as u32),
            _ => 1 << 63,
        }
    })
}

fn token(text: &str, start: usize, end: usize) -> Token<'_> {
    let raw = &text[start..end];
    let lower = if raw.chars().any(char::is_uppercase) {
        Cow::Owned(raw.to_lowercase())
    } else {
        Cow::Borrowed(raw)
    };
    Token {
        start,
        end,
        chars: lower.chars().count(),
        letters: letters(&lower),
        lower,
    }
}

fn tokens(text: &str) -> Vec<Token<'_>> {
    let mut tokens = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                tokens.push(token(text, s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        tokens.push(token(text, s, text.len()));
    }
    tokens
}

/// Typos a word of the search may carry: Meilisearch's settings in
/// `meili::settings` (one from 5 letters, two from 7, none in numbers).
fn typo_budget(word: &str) -> usize {
    if word.chars().any(|c| c.is_numeric()) {
        return 0;
    }
    match word.chars().count() {
        0..=4 => 0,
        5..=6 => 1,
        _ => 2,
    }
}

fn word_matches(token: &Token, word: &Word, prefix: bool) -> bool {
    if token.lower == word.text || (prefix && token.lower.starts_with(&word.text)) {
        return true;
    }
    // The same stem: only tokens that start like the word are stemmed.
    if let Some(stem) = &word.stem {
        let head = &stem[..stem.len().min(3)];
        if token.lower.starts_with(head)
            && crate::search::highlight::stem(&token.lower).as_deref() == Some(stem.as_str())
        {
            return true;
        }
    }
    // Transposed letters count as one typo, as in Meilisearch.
    word.typos > 0
        && token.chars.abs_diff(word.chars) <= word.typos
        && (word.letters & !token.letters).count_ones() as usize <= word.typos
        && strsim::osa_distance(&token.lower, &word.text) <= word.typos
}

impl Matcher {
    pub fn new(query: &SearchQuery) -> Matcher {
        let word = |text: String, typos: bool| Word {
            chars: text.chars().count(),
            letters: letters(&text),
            typos: if typos { typo_budget(&text) } else { 0 },
            stem: stem(&text),
            text,
        };
        let parts = parts(query)
            .into_iter()
            .map(|part| {
                if part.cjk {
                    return vec![Phrase {
                        words: vec![word(part.typed, false)],
                        prefix: false,
                        inside: true,
                    }];
                }
                part.phrases
                    .into_iter()
                    .enumerate()
                    .map(|(i, words)| Phrase {
                        words: words.into_iter().map(|text| word(text, true)).collect(),
                        prefix: part.prefix && i == 0,
                        inside: false,
                    })
                    .collect()
            })
            .collect();
        Matcher { parts }
    }

    /// Which tokens match, as (first token, token count, part, the matched
    /// bytes when only part of a token matched) runs.
    fn matches(&self, tokens: &[Token]) -> Vec<Match> {
        let mut found = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            let hit = self.parts.iter().enumerate().find_map(|(part, phrases)| {
                phrases.iter().find_map(|phrase| {
                    if phrase.inside {
                        let at = tokens[i].lower.find(&phrase.words[0].text)?;
                        // Lower-casing leaves Hangul and CJK as they are.
                        let start = tokens[i].start + at;
                        return Some((
                            i,
                            1,
                            part,
                            Some((start, start + phrase.words[0].text.len())),
                        ));
                    }
                    let n = phrase.words.len();
                    let last = n.checked_sub(1)?;
                    let fits = i + n <= tokens.len()
                        && phrase.words.iter().enumerate().all(|(k, word)| {
                            word_matches(&tokens[i + k], word, phrase.prefix && k == last)
                        });
                    fits.then_some((i, n, part, None))
                })
            });
            match hit {
                Some((start, n, part, inside)) => {
                    found.push(Match {
                        start,
                        n,
                        part,
                        inside,
                    });
                    i = start + n;
                }
                None => i += 1,
            }
        }
        found
    }

    /// The snippet of the first of these texts that matches (the question
    /// and answers before the other replies), or of the first.
    pub fn best_snippet(&self, texts: &[&str]) -> String {
        // Each text is read (cut into words and matched) once: the one that
        // matches is cropped from what was read.
        for text in texts {
            let tokens = tokens(text);
            let matches = self.matches(&tokens);
            if !matches.is_empty() {
                return self.cropped(text, &tokens, &matches);
            }
        }
        texts
            .first()
            .map_or_else(String::new, |text| self.snippet(text))
    }

    /// `text` with every matched word between the highlight markers.
    pub fn mark_all(&self, text: &str) -> String {
        let tokens = tokens(text);
        let matches = self.matches(&tokens);
        marked(text, &tokens, &matches, 0, text.len())
    }

    /// About `SNIPPET_WORDS` words of `text` around the place where the most
    /// different parts of the search match, those words marked; "…" where
    /// the text was cut. The text's start when nothing matches.
    pub fn snippet(&self, text: &str) -> String {
        let tokens = tokens(text);
        let matches = self.matches(&tokens);
        self.cropped(text, &tokens, &matches)
    }

    /// `snippet` of a text already cut into `tokens`, with their `matches`.
    fn cropped(&self, text: &str, tokens: &[Token], matches: &[Match]) -> String {
        if tokens.len() <= SNIPPET_WORDS {
            return marked(text, tokens, matches, 0, text.len());
        }
        // The window starting at a match that holds the most distinct parts
        // (the first such window on a tie).
        let mut best = (0, 0);
        for m in matches {
            let start = m.start;
            let mut parts: Vec<usize> = matches
                .iter()
                .filter(|o| o.start >= start && o.start + o.n <= start + SNIPPET_WORDS)
                .map(|o| o.part)
                .collect();
            parts.sort_unstable();
            parts.dedup();
            if parts.len() > best.1 {
                best = (start, parts.len());
            }
        }
        // A few words of context before the first match, when there is room.
        let first = best.0.saturating_sub(SNIPPET_WORDS / 6);
        let first = first.min(tokens.len() - SNIPPET_WORDS);
        let last = first + SNIPPET_WORDS - 1;
        let from = if first == 0 { 0 } else { tokens[first].start };
        let to = if last + 1 == tokens.len() {
            text.len()
        } else {
            tokens[last].end
        };
        let mut snippet = String::with_capacity(to - from + 8);
        if from > 0 {
            snippet.push_str(CUT);
        }
        snippet.push_str(&marked(text, tokens, matches, from, to));
        if to < text.len() {
            snippet.push_str(CUT);
        }
        snippet
    }
}

/// `text[from..to]` with the markers around the matched tokens in it.
fn marked(text: &str, tokens: &[Token], matches: &[Match], from: usize, to: usize) -> String {
    let mut out = String::with_capacity(to - from + matches.len() * 6);
    let mut at = from;
    for m in matches {
        for token in &tokens[m.start..m.start + m.n] {
            if token.start < from || token.end > to {
                continue;
            }
            let (start, end) = m.inside.unwrap_or((token.start, token.end));
            out.push_str(&text[at..start]);
            out.push(MARK_START);
            out.push_str(&text[start..end]);
            out.push(MARK_END);
            at = end;
        }
    }
    out.push_str(&text[at..to]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::query::{snippet_html, terms};

    fn query(text: &str, synonyms: &[&[&str]]) -> SearchQuery {
        SearchQuery {
            terms: terms(text),
            kind: None,
            device_path: None,
            solved: None,
            verified: None,
            recovery_path: None,
            firmware_current: false,
            lang: None,
            sort: crate::search::query::Sort::Relevance,
            page: 1,
            match_any: false,
            corrections: Vec::new(),
            word_docs: None,
            named_device: None,
            synonyms: synonyms
                .iter()
                .map(|g| g.iter().map(|t| t.to_string()).collect())
                .collect(),
        }
    }

    fn html(q: &SearchQuery, text: &str) -> String {
        snippet_html(&Matcher::new(q).mark_all(text))
    }

    #[test]
    fn words_prefixes_typos_and_synonyms_are_marked() {
        let q = query("fan noise", &[]);
        assert_eq!(
            html(&q, "The FAN makes noises, fanfare"),
            "The <mark>FAN</mark> makes <mark>noises</mark>, fanfare"
        );
        // Two typos from 7 letters, one from 5, none below or in numbers.
        let q = query("baterry", &[]);
        assert_eq!(html(&q, "Battery drains"), "<mark>Battery</mark> drains");
        assert_eq!(
            html(&query("drians x", &[]), "drains"),
            "<mark>drains</mark>"
        );
        assert_eq!(html(&query("fam x", &[]), "fan"), "fan");
        assert_eq!(html(&query("a1466 x", &[]), "a1465"), "a1465");
        // A phrase of the group marks its words in a row, not apart.
        let q = query("mainboard", &[&["logic board", "mainboard"]]);
        assert_eq!(
            html(&q, "the logic board, a board of logic"),
            "the <mark>logic</mark> <mark>board</mark>, a board of logic"
        );
        // Markup in the text stays text.
        assert_eq!(
            html(&query("script", &[]), "<script>x</script>"),
            "&lt;<mark>script</mark>&gt;x&lt;/<mark>script</mark>&gt;"
        );
    }

    #[test]
    fn a_long_text_is_cropped_around_the_matches() {
        let filler = |n: usize| vec!["word"; n].join(" ");
        let text = format!("{} pump drain {} tail", filler(50), filler(50));
        let q = query("drain pump", &[]);
        let snippet = snippet_html(&Matcher::new(&q).snippet(&text));
        assert!(snippet.starts_with("…word"), "{snippet}");
        assert!(snippet.ends_with("word…"), "{snippet}");
        assert!(snippet.contains("<mark>pump</mark> <mark>drain</mark>"));
        assert_eq!(snippet.split_whitespace().count(), SNIPPET_WORDS);
        // The window holding both words wins over an earlier one with one.
        let text = format!("drain {} drain pump {}", filler(40), filler(40));
        let snippet = snippet_html(&Matcher::new(&q).snippet(&text));
        assert!(
            snippet.contains("<mark>drain</mark> <mark>pump</mark>"),
            "{snippet}"
        );
        // Nothing matched: the start of the text.
        let snippet = Matcher::new(&query("zebra", &[])).snippet(&text);
        assert!(snippet.starts_with("drain word") && snippet.ends_with('…'));
        // Short texts are whole.
        assert_eq!(
            Matcher::new(&q).snippet("pump"),
            format!("{MARK_START}pump{MARK_END}")
        );
    }
}
