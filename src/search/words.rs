//! What the words of a search are worth, the same for every engine: filler
//! words that never decide a match, generic repair words that may add to a
//! match but never exclude one, and Hangul/CJK text cut into the overlapping
//! two-character pieces every engine indexes (a Korean word carries its
//! particles and compounds run together: "배터리가" must be found by
//! "배터리", which no whole-word index can do).

/// Words that say nothing about the problem: dropped from a search (unless
/// it has nothing else). English question words, pronouns, articles,
/// auxiliaries and the pieces of contractions ("won't" is "won" and "t").
pub const STOP_WORDS: &[&str] = &[
    "a", "about", "after", "again", "all", "am", "an", "and", "any", "are", "as", "at", "be",
    "been", "before", "being", "but", "by", "can", "cannot", "could", "d", "did", "do", "does",
    "doesn", "doing", "don", "during", "each", "for", "from", "get", "gets", "getting", "got",
    "had", "has", "hasn", "have", "haven", "having", "he", "her", "here", "hers", "him", "his",
    "how", "i", "if", "im", "in", "into", "is", "isn", "it", "its", "just", "keeps", "know", "ll",
    "m", "me", "mine", "my", "myself", "of", "off", "on", "once", "only", "or", "our", "ours",
    "out", "please", "re", "s", "she", "should", "shouldn", "so", "some", "someone", "t", "than",
    "that", "the", "their", "them", "then", "there", "these", "they", "this", "those", "to", "too",
    "up", "us", "ve", "very", "was", "wasn", "way", "we", "were", "weren", "what", "when", "where",
    "which", "while", "who", "why", "will", "with", "won", "would", "wouldn", "you", "your",
    "yours",
];

/// Words every repair question uses ("how to fix", "replace", "not working",
/// "problem"): they may add to a thread's score but never exclude it, and a
/// search made only of them matches on them.
pub const WEAK_WORDS: &[&str] = &[
    "advice",
    "anymore",
    "anyone",
    "bad",
    "best",
    "broke",
    "broken",
    "change",
    "changing",
    "correctly",
    "dead",
    "diy",
    "doesnt",
    "easiest",
    "easy",
    "fail",
    "failed",
    "failing",
    "fails",
    "fix",
    "fixed",
    "fixing",
    "guide",
    "help",
    "idea",
    "ideas",
    "install",
    "installing",
    "instructions",
    "issue",
    "issues",
    "need",
    "new",
    "no",
    "not",
    "possible",
    "problem",
    "problems",
    "properly",
    "randomly",
    "removal",
    "remove",
    "removing",
    "repair",
    "repairing",
    "replace",
    "replaced",
    "replacement",
    "replacing",
    "solution",
    "sometimes",
    "started",
    "step",
    "steps",
    "stopped",
    "suddenly",
    "suggestions",
    "swap",
    "tips",
    "trouble",
    "troubleshooting",
    "tutorial",
    "wont",
    "work",
    "worked",
    "working",
    "works",
    "wrong",
];

pub fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.binary_search(&word).is_ok()
}

pub fn is_weak_word(word: &str) -> bool {
    WEAK_WORDS.binary_search(&word).is_ok()
}

/// Hangul syllables and jamo, CJK ideographs, kana: scripts written without
/// spaces between the parts of a phrase (or, in Korean, with particles
/// attached), which are indexed as two-character pieces.
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{1100}'..='\u{11FF}'   // Hangul jamo
        | '\u{3040}'..='\u{30FF}' // Hiragana, Katakana
        | '\u{3130}'..='\u{318F}' // Hangul compatibility jamo
        | '\u{3400}'..='\u{4DBF}' // CJK extension A
        | '\u{4E00}'..='\u{9FFF}' // CJK unified ideographs
        | '\u{AC00}'..='\u{D7AF}' // Hangul syllables
        | '\u{F900}'..='\u{FAFF}' // CJK compatibility ideographs
    )
}

/// Whether a word (as `query::terms` cuts them) is written in a CJK script.
pub fn is_cjk_word(word: &str) -> bool {
    word.chars().any(is_cjk)
}

/// The two-character pieces of every CJK run in `text`, in order, separated
/// by spaces; runs of other scripts and punctuation end a run and are left
/// out. A run of one character is kept as it is. "배터리가 충전" gives
/// "배터 터리 리가 충전": a search's pieces are then a phrase of adjacent
/// pieces, found wherever the word stands inside a longer one.
pub fn bigrams(text: &str) -> String {
    let mut out = String::new();
    let mut run: Vec<char> = Vec::new();
    let flush = |run: &mut Vec<char>, out: &mut String| {
        match run.len() {
            0 => {}
            1 => push_piece(out, &run[..]),
            n => {
                for i in 0..n - 1 {
                    push_piece(out, &run[i..i + 2]);
                }
            }
        }
        run.clear();
    };
    for c in text.chars() {
        if is_cjk(c) {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
        }
    }
    flush(&mut run, &mut out);
    out
}

fn push_piece(out: &mut String, piece: &[char]) {
    if !out.is_empty() {
        out.push(' ');
    }
    out.extend(piece);
}

/// The pieces of one CJK word of a search (see `bigrams`).
pub fn word_bigrams(word: &str) -> Vec<String> {
    bigrams(word)
        .split(' ')
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_lists_are_sorted_for_binary_search() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(WEAK_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(is_stop_word("how") && is_stop_word("t") && !is_stop_word("battery"));
        assert!(is_weak_word("problem") && !is_weak_word("charger"));
    }

    #[test]
    fn cjk_runs_become_overlapping_pairs() {
        assert_eq!(
            bigrams("배터리가 충전되지 않아요"),
            "배터 터리 리가 충전 전되 되지 않아 아요"
        );
        assert_eq!(bigrams("Modulo 13 배터리"), "배터 터리");
        assert_eq!(bigrams("밥 fan"), "밥");
        assert_eq!(bigrams("no cjk here"), "");
        assert_eq!(word_bigrams("배터리"), ["배터", "터리"]);
        assert!(is_cjk_word("충전") && !is_cjk_word("charge"));
    }
}
