//! From what someone typed to what the engines look for, the same for every
//! engine: filler words dropped, typos corrected from the index's
//! vocabulary, synonyms, and the device the words name. One trip to the
//! database (the vocabulary's version, the synonyms, the device candidates).

use diesel::QueryResult;

use super::query::meaningful_terms;
use super::vocabulary::KeptVocabulary;
use super::words::{is_cjk_word, is_stop_word};
use crate::db::DbConn;
use crate::model::knowledge::devices::DeviceBrief;

/// Close words searched for beside an unknown word (the first is shown).
const CLOSE_WORDS: usize = 3;

#[derive(Debug, Default, Clone)]
pub struct Understood {
    /// The words searched for: filler words dropped, unknown words replaced
    /// by their closest known word.
    pub terms: Vec<String>,
    /// Other close words of a word, searched for beside it.
    pub corrections: Vec<(String, Vec<String>)>,
    /// The words that were replaced, as (typed, searched for): "Showing
    /// results for charger — search instead for chargr".
    pub spelled: Vec<(String, String)>,
    /// How many threads hold each of `terms` (None: no vocabulary yet).
    pub word_docs: Option<Vec<u32>>,
    pub synonyms: Vec<Vec<String>>,
    /// The most specific device the words name.
    pub device: Option<DeviceBrief>,
}

/// Understands the words of a search. `verbatim`: the words as typed, no
/// correction (the "search instead for" link).
pub fn understand(
    conn: &mut DbConn,
    vocabulary: &KeptVocabulary,
    raw: &str,
    verbatim: bool,
) -> QueryResult<Understood> {
    let typed = meaningful_terms(raw);
    if typed.is_empty() {
        return Ok(Understood::default());
    }
    let vocabulary = vocabulary.current(conn)?;
    let mut understood = Understood::default();
    let mut docs = Vec::with_capacity(typed.len());
    for word in typed {
        let own = vocabulary.docs(&word);
        let close = if verbatim {
            Vec::new()
        } else {
            vocabulary.close_words(&word, CLOSE_WORDS)
        };
        match close.split_first() {
            // No thread holds the word: its closest word stands in for it.
            Some((best, others)) if own == 0 => {
                understood.spelled.push((word.clone(), best.word.clone()));
                if !others.is_empty() {
                    understood.corrections.push((
                        best.word.clone(),
                        others.iter().map(|c| c.word.clone()).collect(),
                    ));
                }
                docs.push(close.iter().map(|c| c.docs).max().unwrap_or(0));
                understood.terms.push(best.word.clone());
            }
            // A rare slip of a common word: both are searched for.
            Some(_) => {
                understood
                    .corrections
                    .push((word.clone(), close.iter().map(|c| c.word.clone()).collect()));
                docs.push(close.iter().map(|c| c.docs).max().unwrap_or(own).max(own));
                understood.terms.push(word);
            }
            None => {
                docs.push(own);
                understood.terms.push(word);
            }
        }
    }
    if !vocabulary.is_empty() {
        understood.word_docs = Some(docs);
    }
    understood.synonyms = crate::model::discovery::synonyms::touching(conn, &understood.terms)?;
    let candidates = crate::model::knowledge::devices::with_name_words(conn, &understood.terms)?;
    understood.device = named_device(&understood.terms, candidates);
    Ok(understood)
}

/// The device a search names: every word of its name is among the search's
/// words ("kenmore washer"), or one of the search's words is a model number
/// in its name ("a1278"). The most specific one: most name words, then the
/// deepest in the tree.
pub fn named_device(terms: &[String], candidates: Vec<DeviceBrief>) -> Option<DeviceBrief> {
    let model_number = |w: &str| {
        w.chars().count() >= 4
            && w.chars().any(|c| c.is_ascii_digit())
            && w.chars().any(char::is_alphabetic)
    };
    candidates
        .into_iter()
        .filter_map(|device| {
            let words: Vec<String> = device
                .name
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_lowercase)
                .filter(|w| !is_stop_word(w))
                .collect();
            let all_named = !words.is_empty() && words.iter().all(|w| terms.contains(w));
            let by_number = words.iter().any(|w| model_number(w) && terms.contains(w));
            let cjk_only = words.iter().all(|w| is_cjk_word(w));
            (all_named || by_number).then_some((
                (words.len() + usize::from(!cjk_only), device.path.len()),
                device,
            ))
        })
        .max_by_key(|(rank, _)| *rank)
        .map(|(_, device)| device)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn device(id: i64, name: &str, path: &str) -> DeviceBrief {
        DeviceBrief {
            id,
            parent_id: None,
            kind: "model".into(),
            slug: name.to_lowercase().replace(' ', "-"),
            name: name.into(),
            path: path.into(),
        }
    }

    #[test]
    fn the_most_specific_device_named_wins() {
        let words = |s: &str| s.split(' ').map(str::to_owned).collect::<Vec<_>>();
        let candidates = || {
            vec![
                device(1, "Kenmore", "/1/"),
                device(2, "Kenmore Washer", "/1/2/"),
                device(3, "Kenmore Dryer", "/1/3/"),
                device(4, "MacBook Pro 13\" Unibody (A1278)", "/4/"),
            ]
        };
        let named = named_device(&words("kenmore washer drain pump"), candidates());
        assert_eq!(named.map(|d| d.id), Some(2));
        let named = named_device(&words("kenmore lint filter"), candidates());
        assert_eq!(named.map(|d| d.id), Some(1));
        let named = named_device(&words("a1278 battery"), candidates());
        assert_eq!(named.map(|d| d.id), Some(4));
        assert!(named_device(&words("washer pump"), candidates()).is_none());
    }
}
