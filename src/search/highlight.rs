//! Marks the words of a search in a hit's title and crops its text around
//! them, for an engine that returns the documents but is not asked to mark
//! them: Meilisearch's own highlighting and cropping cost more than the rest
//! of the search (0.8 ms on the first page of hits, 2.4 ms on the third, on
//! 400-character texts), while this takes a few microseconds a hit.
//!
//! Words match as Meilisearch matches them with Fixloop's settings: the same
//! word, ignoring case; the last word typed as a prefix; one typo from 5
//! letters, two from 7, none in numbers; and the terms of a synonym group
//! (query::expand), several words in a row for a phrase.

use std::borrow::Cow;

use super::query::{expand, SearchQuery, MARK_END, MARK_START};

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
}

struct Word {
    text: String,
    chars: usize,
    letters: u64,
    typos: usize,
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
    // Transposed letters count as one typo, as in Meilisearch.
    word.typos > 0
        && token.chars.abs_diff(word.chars) <= word.typos
        && (word.letters & !token.letters).count_ones() as usize <= word.typos
        && strsim::osa_distance(&token.lower, &word.text) <= word.typos
}

impl Matcher {
    pub fn new(query: &SearchQuery) -> Matcher {
        let parts = expand(&query.terms, &query.synonyms)
            .into_iter()
            .map(|part| {
                part.phrases
                    .into_iter()
                    .enumerate()
                    .map(|(i, words)| Phrase {
                        words: words
                            .into_iter()
                            .map(|text| Word {
                                chars: text.chars().count(),
                                letters: letters(&text),
                                typos: typo_budget(&text),
                                text,
                            })
                            .collect(),
                        prefix: part.prefix && i == 0,
                    })
                    .collect()
            })
            .collect();
        Matcher { parts }
    }

    /// Which tokens match, as (first token, token count, part) runs.
    fn matches(&self, tokens: &[Token]) -> Vec<(usize, usize, usize)> {
        let mut found = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            let hit = self.parts.iter().enumerate().find_map(|(part, phrases)| {
                phrases.iter().find_map(|phrase| {
                    let n = phrase.words.len();
                    let last = n.checked_sub(1)?;
                    let fits = i + n <= tokens.len()
                        && phrase.words.iter().enumerate().all(|(k, word)| {
                            word_matches(&tokens[i + k], word, phrase.prefix && k == last)
                        });
                    fits.then_some((i, n, part))
                })
            });
            match hit {
                Some((start, n, part)) => {
                    found.push((start, n, part));
                    i = start + n;
                }
                None => i += 1,
            }
        }
        found
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
        if tokens.len() <= SNIPPET_WORDS {
            let matches = self.matches(&tokens);
            return marked(text, &tokens, &matches, 0, text.len());
        }
        let matches = self.matches(&tokens);
        // The window starting at a match that holds the most distinct parts
        // (the first such window on a tie).
        let mut best = (0, 0);
        for &(start, _, _) in &matches {
            let mut parts: Vec<usize> = matches
                .iter()
                .filter(|(s, n, _)| *s >= start && s + n <= start + SNIPPET_WORDS)
                .map(|(_, _, part)| *part)
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
        snippet.push_str(&marked(text, &tokens, &matches, from, to));
        if to < text.len() {
            snippet.push_str(CUT);
        }
        snippet
    }
}

/// `text[from..to]` with the markers around the matched tokens in it.
fn marked(
    text: &str,
    tokens: &[Token],
    matches: &[(usize, usize, usize)],
    from: usize,
    to: usize,
) -> String {
    let mut out = String::with_capacity(to - from + matches.len() * 6);
    let mut at = from;
    for &(start, n, _) in matches {
        for token in &tokens[start..start + n] {
            if token.start < from || token.end > to {
                continue;
            }
            out.push_str(&text[at..token.start]);
            out.push(MARK_START);
            out.push_str(&text[token.start..token.end]);
            out.push(MARK_END);
            at = token.end;
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
            sort: crate::search::query::Sort::Relevance,
            page: 1,
            match_any: false,
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
