//! The words the index holds, for typos on the builtin engines: "baterry"
//! and "chargr" are no word of any thread, and the closest words that are
//! (one edit for short words, two for long) are searched for instead, with
//! "Showing results for battery" on the page.
//!
//! The vocabulary is a table (`search_words`: a word and how many threads
//! hold it) rebuilt by the search job from the search documents when they
//! changed; every app server keeps a copy in memory, read again when the
//! table's version moves. Words new since the last rebuild are matched all
//! the same (the index has them); they are only not offered as corrections
//! until the next one.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};

use super::words::is_cjk_word;
use crate::db::DbConn;

/// Shortest and longest words kept (shorter ones are never corrected).
const MIN_CHARS: usize = 3;
const MAX_CHARS: usize = 30;
/// Documents read per batch while rebuilding.
const BATCH: i64 = 500;
/// Words kept: the commonest. Writing 50,000 rows takes the SQLite write
/// lock for a fraction of a second; a word held by fewer threads than the
/// 50,000th is rarely the one a typo meant.
const MAX_WORDS: usize = 50_000;

/// The typos a word may carry: none up to 3 letters, one up to 6, two from
/// 7, none in words with digits (model numbers) or in CJK words.
pub fn typo_budget(word: &str) -> usize {
    if word.chars().any(|c| c.is_numeric()) || is_cjk_word(word) {
        return 0;
    }
    match word.chars().count() {
        0..=3 => 0,
        4..=6 => 1,
        _ => 2,
    }
}

/// Which of a-z a word holds (anything else shares one bit): a candidate
/// missing more of the word's letters than its typos allow is skipped
/// before the edit distance is computed.
fn letters(word: &str) -> u32 {
    word.chars().fold(0, |mask, c| {
        mask | match c {
            'a'..='z' => 1 << (c as u32 - 'a' as u32),
            _ => 1 << 31,
        }
    })
}

struct Entry {
    word: String,
    docs: u32,
    letters: u32,
}

/// The vocabulary in memory: exact look-ups and close words.
#[derive(Default)]
pub struct Vocabulary {
    docs: HashMap<String, u32>,
    /// Entries by their length in characters.
    by_len: Vec<Vec<Entry>>,
}

/// A close word for a word of a search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Close {
    pub word: String,
    pub distance: usize,
    pub docs: u32,
}

impl Vocabulary {
    pub fn from_words(words: impl IntoIterator<Item = (String, u32)>) -> Vocabulary {
        let mut vocabulary = Vocabulary::default();
        for (word, docs) in words {
            let len = word.chars().count();
            if vocabulary.by_len.len() <= len {
                vocabulary.by_len.resize_with(len + 1, Vec::new);
            }
            vocabulary.by_len[len].push(Entry {
                letters: letters(&word),
                word: word.clone(),
                docs,
            });
            vocabulary.docs.insert(word, docs);
        }
        vocabulary
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// How many threads hold the word (0 when none, or it is not kept).
    pub fn docs(&self, word: &str) -> u32 {
        self.docs.get(word).copied().unwrap_or(0)
    }

    /// The closest words within the word's typo budget, most used first
    /// (at most `limit`); empty for a word of the vocabulary that is not
    /// much rarer than a close one, and for words that take no typos.
    pub fn close_words(&self, word: &str, limit: usize) -> Vec<Close> {
        let budget = typo_budget(word);
        if budget == 0 || self.docs.is_empty() {
            return Vec::new();
        }
        let len = word.chars().count();
        let mask = letters(word);
        let mut found: Vec<Close> = Vec::new();
        for l in len.saturating_sub(budget)..=len + budget {
            let Some(entries) = self.by_len.get(l) else {
                continue;
            };
            for e in entries {
                if (mask & !e.letters).count_ones() as usize > budget || e.word == word {
                    continue;
                }
                let distance = strsim::osa_distance(word, &e.word);
                if distance <= budget {
                    found.push(Close {
                        word: e.word.clone(),
                        distance,
                        docs: e.docs,
                    });
                }
            }
        }
        // Nearer first, then the more common.
        found.sort_by(|a, b| a.distance.cmp(&b.distance).then(b.docs.cmp(&a.docs)));
        let own = self.docs(word);
        // A known word is left alone unless it is a rare slip of a common one.
        found.retain(|c| own == 0 || (own <= 2 && c.docs >= own * 50));
        found.truncate(limit);
        found
    }
}

/// The vocabulary every search of this process reads, with the version of
/// the table it was read from.
#[derive(Default)]
pub struct KeptVocabulary {
    kept: RwLock<Option<(i64, Arc<Vocabulary>)>>,
}

#[derive(QueryableByName)]
struct Version {
    #[diesel(sql_type = BigInt)]
    version: i64,
}

#[derive(QueryableByName)]
struct WordRow {
    #[diesel(sql_type = Text)]
    word: String,
    #[diesel(sql_type = BigInt)]
    docs: i64,
}

impl KeptVocabulary {
    /// The vocabulary as the table has it now: the kept copy, or the table
    /// read again when its version moved (one tiny query otherwise).
    pub fn current(&self, conn: &mut DbConn) -> QueryResult<Arc<Vocabulary>> {
        let version = table_version(conn)?;
        if let Some((kept, vocabulary)) = &*self.kept.read().expect("vocabulary lock") {
            if *kept == version {
                return Ok(vocabulary.clone());
            }
        }
        let rows: Vec<WordRow> =
            diesel::sql_query("SELECT word, docs FROM search_words").load(conn)?;
        let vocabulary = Arc::new(Vocabulary::from_words(
            rows.into_iter()
                .map(|r| (r.word, u32::try_from(r.docs).unwrap_or(u32::MAX))),
        ));
        *self.kept.write().expect("vocabulary lock") = Some((version, vocabulary.clone()));
        Ok(vocabulary)
    }
}

fn table_version(conn: &mut DbConn) -> QueryResult<i64> {
    Ok(
        diesel::sql_query("SELECT version FROM search_vocabulary WHERE id = 1")
            .get_result::<Version>(conn)
            .optional()?
            .map_or(0, |v| v.version),
    )
}

/// The words of a text as the vocabulary keeps them: lower-cased runs of
/// letters and digits, 3 to 30 characters, with a letter, not CJK (those
/// are matched by their pieces and never corrected).
pub fn words_of(text: &str, into: &mut Vec<String>) {
    for raw in text.split(|c: char| !c.is_alphanumeric()) {
        let n = raw.chars().count();
        if !(MIN_CHARS..=MAX_CHARS).contains(&n)
            || !raw.chars().any(char::is_alphabetic)
            || raw.chars().any(super::words::is_cjk)
        {
            continue;
        }
        into.push(raw.to_lowercase());
    }
}

#[derive(QueryableByName)]
struct DocText {
    #[diesel(sql_type = BigInt)]
    thread_id: i64,
    #[diesel(sql_type = Text)]
    text: String,
}

#[derive(QueryableByName)]
struct Stamp {
    #[diesel(sql_type = Text)]
    stamp: String,
}

/// What the documents look like now: their count and latest activity. The
/// vocabulary is rebuilt when this differs from the one it was built from.
fn documents_stamp(conn: &mut DbConn) -> QueryResult<String> {
    Ok(diesel::sql_query(
        "SELECT COUNT(*) || '/' || COALESCE(CAST(MAX(last_activity_at) AS TEXT), '') AS stamp FROM search_docs",
    )
    .get_result::<Stamp>(conn)?
    .stamp)
}

/// Rebuilds the vocabulary when the documents changed since it was last
/// built (or `force`): reads them in batches (no transaction held while the
/// words are counted), then replaces the table in one short transaction
/// and moves its version. Returns the number of words, or None when
/// nothing had changed.
pub fn rebuild(conn: &mut DbConn, force: bool) -> QueryResult<Option<usize>> {
    let stamp = documents_stamp(conn)?;
    let built_from: Option<String> =
        diesel::sql_query("SELECT built_from AS stamp FROM search_vocabulary WHERE id = 1")
            .get_result::<Stamp>(conn)
            .optional()?
            .map(|s| s.stamp);
    if !force && built_from.as_deref() == Some(stamp.as_str()) {
        return Ok(None);
    }
    let mut counts: HashMap<String, u32> = HashMap::new();
    let mut after = 0_i64;
    let mut words = Vec::new();
    loop {
        let batch: Vec<DocText> = diesel::sql_query(
            "SELECT thread_id, title || ' ' || devices || ' ' || body || ' ' || replies AS text \
             FROM search_docs WHERE thread_id > $1 ORDER BY thread_id LIMIT $2",
        )
        .bind::<BigInt, _>(after)
        .bind::<BigInt, _>(BATCH)
        .load(conn)?;
        let Some(last) = batch.last().map(|d| d.thread_id) else {
            break;
        };
        for doc in &batch {
            words.clear();
            words_of(&doc.text, &mut words);
            words.sort_unstable();
            words.dedup();
            for w in words.drain(..) {
                *counts.entry(w).or_insert(0) += 1;
            }
        }
        after = last;
    }
    // The commonest words: a correction is offered from them, and the
    // table is replaced in one short transaction (writers wait meanwhile).
    let mut rows: Vec<(String, u32)> = counts.into_iter().collect();
    rows.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    rows.truncate(MAX_WORDS);
    let n = rows.len();
    crate::db::write_tx(conn, |conn| {
        diesel::sql_query("DELETE FROM search_words").execute(conn)?;
        for chunk in rows.chunks(1_000) {
            use crate::db::schema::search_words::dsl as w;
            let values: Vec<_> = chunk
                .iter()
                .map(|(word, docs)| (w::word.eq(word), w::docs.eq(i64::from(*docs))))
                .collect();
            // A batch insert is written per backend (diesel's multi-backend
            // connection has no batch insert of its own).
            match conn {
                DbConn::Sqlite(c) => diesel::insert_into(w::search_words)
                    .values(&values)
                    .execute(c)?,
                DbConn::Pg(c) => diesel::insert_into(w::search_words)
                    .values(&values)
                    .execute(c)?,
            };
        }
        let moved = diesel::sql_query(
            "UPDATE search_vocabulary SET version = version + 1, built_from = $1 WHERE id = 1",
        )
        .bind::<Text, _>(&stamp)
        .execute(conn)?;
        if moved == 0 {
            diesel::sql_query(
                "INSERT INTO search_vocabulary (id, version, built_from) VALUES (1, 1, $1)",
            )
            .bind::<Text, _>(&stamp)
            .execute(conn)?;
        }
        Ok::<_, diesel::result::Error>(())
    })?;
    Ok(Some(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocabulary() -> Vocabulary {
        Vocabulary::from_words(
            [
                ("battery", 500),
                ("charger", 300),
                ("charge", 200),
                ("drain", 80),
                ("pump", 90),
                ("baterry", 1),
            ]
            .map(|(w, n)| (w.to_owned(), n)),
        )
    }

    #[test]
    fn unknown_words_get_their_closest_known_words() {
        let v = vocabulary();
        let close = v.close_words("chargr", 3);
        assert_eq!(close[0].word, "charger");
        assert!(close.iter().any(|c| c.word == "charge"));
        assert_eq!(v.close_words("drian", 3)[0].word, "drain");
        // A rare slip of a common word is corrected although someone wrote it.
        assert_eq!(v.close_words("baterry", 3)[0].word, "battery");
        // Known words, short words and model numbers stay as typed.
        assert!(v.close_words("battery", 3).is_empty());
        assert!(v.close_words("pmp", 3).is_empty());
        assert!(v.close_words("a1278", 3).is_empty());
    }

    #[test]
    fn the_vocabulary_keeps_words_not_numbers_or_cjk() {
        let mut words = Vec::new();
        words_of("The BATTERY, 2024 a1278 배터리 ok", &mut words);
        assert_eq!(words, ["the", "battery", "a1278"]);
    }
}
