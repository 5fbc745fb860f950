//! The language people write in: found once when a post is written (never
//! inside the write transaction: it is CPU work), kept with the post
//! (`posts.lang`) and its thread (`threads.lang`, from the title and the
//! opening post), and said in the HTML with `lang`, so that a Korean post on
//! an English page is read, wrapped and spoken as Korean. Lists and search
//! filter by it (`?written=ko`).
//!
//! Codes are BCP 47 (ISO 639-1 where the language has one): what `lang`
//! attributes and the filter use. Unknown is `None`: text too short, mixed
//! or not told apart reliably.

/// Fewer letters than this say too little to tell a language.
const MIN_LETTERS: usize = 10;
/// The share of the letters the commonest script must have: below it the
/// text is mixed (a Korean sentence with an English paragraph).
const MIN_SCRIPT_SHARE: f64 = 0.6;
/// Only the beginning is read: a long post says its language early.
const MAX_CHARS: usize = 4000;

/// Every language detection can find: (whatlang's ISO 639-3 code, the BCP 47
/// code Fixloop keeps). Each has a `language-name-<code>` message.
pub const LANGUAGES: &[(&str, &str)] = &[
    ("afr", "af"),
    ("aka", "ak"),
    ("amh", "am"),
    ("ara", "ar"),
    ("aze", "az"),
    ("bel", "be"),
    ("ben", "bn"),
    ("bul", "bg"),
    ("cat", "ca"),
    ("ces", "cs"),
    ("cmn", "zh"),
    ("dan", "da"),
    ("deu", "de"),
    ("ell", "el"),
    ("eng", "en"),
    ("epo", "eo"),
    ("est", "et"),
    ("fin", "fi"),
    ("fra", "fr"),
    ("guj", "gu"),
    ("heb", "he"),
    ("hin", "hi"),
    ("hrv", "hr"),
    ("hun", "hu"),
    ("hye", "hy"),
    ("ind", "id"),
    ("ita", "it"),
    ("jav", "jv"),
    ("jpn", "ja"),
    ("kan", "kn"),
    ("kat", "ka"),
    ("khm", "km"),
    ("kor", "ko"),
    ("lat", "la"),
    ("lav", "lv"),
    ("lit", "lt"),
    ("mal", "ml"),
    ("mar", "mr"),
    ("mkd", "mk"),
    ("mya", "my"),
    ("nep", "ne"),
    ("nld", "nl"),
    ("nob", "nb"),
    ("ori", "or"),
    ("pan", "pa"),
    ("pes", "fa"),
    ("pol", "pl"),
    ("por", "pt"),
    ("ron", "ro"),
    ("rus", "ru"),
    ("sin", "si"),
    ("slk", "sk"),
    ("slv", "sl"),
    ("sna", "sn"),
    ("spa", "es"),
    ("srp", "sr"),
    ("swe", "sv"),
    ("tam", "ta"),
    ("tel", "te"),
    ("tgl", "tl"),
    ("tha", "th"),
    ("tuk", "tk"),
    ("tur", "tr"),
    ("ukr", "uk"),
    ("urd", "ur"),
    ("uzb", "uz"),
    ("vie", "vi"),
    ("yid", "yi"),
    ("zul", "zu"),
];

/// A code as Fixloop keeps it (`"ko"`), if it is one detection can find:
/// what a `?written=` filter accepts. Static, so it can be put in SQL.
pub fn known(code: &str) -> Option<&'static str> {
    LANGUAGES
        .iter()
        .find(|(_, ours)| *ours == code)
        .map(|(_, ours)| *ours)
}

/// Which broad script a letter is in, to tell mixed text.
fn script_of(c: char) -> u8 {
    match c as u32 {
        0x0000..=0x024F | 0x1E00..=0x1EFF => 0, // Latin
        0x0370..=0x03FF => 1,                   // Greek
        0x0400..=0x052F => 2,                   // Cyrillic
        0x0590..=0x05FF => 3,                   // Hebrew
        0x0600..=0x06FF | 0x0750..=0x077F => 4, // Arabic
        0x0900..=0x0DFF => 5,                   // Indic scripts
        0x0E00..=0x0EFF => 6,                   // Thai, Lao
        0x1100..=0x11FF | 0x3130..=0x318F | 0xAC00..=0xD7AF => 7, // Hangul
        0x3040..=0x30FF => 8,                   // Kana
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF => 9, // Han
        _ => 10,
    }
}

/// The language `text` is written in, or None when it is too short, mixed,
/// or not told apart reliably.
pub fn detect(text: &str) -> Option<&'static str> {
    let text: String = text.chars().take(MAX_CHARS).collect();
    let mut counts = [0usize; 11];
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        counts[usize::from(script_of(c))] += 1;
    }
    // Japanese is written with kana and kanji together.
    let japanese = counts[8] > 0;
    if japanese {
        counts[8] += counts[9];
        counts[9] = 0;
    }
    let letters: usize = counts.iter().sum();
    let commonest = counts.iter().copied().max().unwrap_or(0);
    if letters < MIN_LETTERS || (commonest as f64) < MIN_SCRIPT_SHARE * letters as f64 {
        return None;
    }
    let info = whatlang::detect(&text)?;
    if !info.is_reliable() {
        return None;
    }
    let code = info.lang().code();
    LANGUAGES
        .iter()
        .find(|(theirs, _)| *theirs == code)
        .map(|(_, ours)| *ours)
}

/// A thread's language: its title and opening post read together (a title
/// alone is usually too short to tell).
pub fn detect_thread(title: &str, opening_text: &str) -> Option<&'static str> {
    detect(&format!("{title}\n\n{opening_text}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_language_of_real_sentences() {
        assert_eq!(
            detect("노트북 배터리가 충전되지 않아요. 어댑터를 바꿔 봐도 똑같아요."),
            Some("ko")
        );
        assert_eq!(
            detect("My dishwasher stopped draining after the last cycle and now shows an error."),
            Some("en")
        );
        assert_eq!(
            detect("Mein Geschirrspüler pumpt das Wasser nicht mehr ab, was kann ich tun?"),
            Some("de")
        );
    }

    #[test]
    fn short_or_mixed_text_has_none() {
        assert_eq!(detect("ok"), None);
        assert_eq!(detect("E24 👍"), None);
        assert_eq!(
            detect("배터리가 충전되지 않아요 충전기는 괜찮아요 but the charger is fine"),
            None
        );
    }

    #[test]
    fn every_code_is_known_once() {
        let mut ours: Vec<&str> = LANGUAGES.iter().map(|(_, c)| *c).collect();
        ours.sort_unstable();
        ours.dedup();
        assert_eq!(ours.len(), LANGUAGES.len());
        assert_eq!(known("ko"), Some("ko"));
        assert_eq!(known("kor"), None);
        for lang in whatlang::Lang::all() {
            assert!(
                LANGUAGES.iter().any(|(theirs, _)| *theirs == lang.code()),
                "{lang:?} has no code"
            );
        }
    }
}
