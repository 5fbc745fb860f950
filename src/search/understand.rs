//! From what someone typed to what the engines look for, the same for every
//! engine: filler words dropped, typos corrected from the index's
//! vocabulary, synonyms, and the device the words name. One trip to the
//! database (the vocabulary's and the catalogue's versions, the synonyms);
//! the words and the device names are kept in memory.

use diesel::QueryResult;

use super::device_names::KeptDeviceNames;
use super::query::meaningful_terms;
use super::vocabulary::KeptVocabulary;
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
    device_names: &KeptDeviceNames,
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
    understood.device = device_names.current(conn)?.named_by(&understood.terms);
    Ok(understood)
}
