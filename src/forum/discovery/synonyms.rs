//! Search synonyms, kept by staff: groups of terms that mean the same thing
//! in repairs. Both search engines use them (the builtin one expands a
//! search's words with them; Meilisearch gets them as its `synonyms`
//! setting from the outbox worker, which compares them with the database).

use serde::{Deserialize, Serialize};

use crate::db::{write_tx, DbConn};
use crate::error::{AppError, AppResult};
use crate::forum::staff::moderation::audit;
use crate::forum::{chars, Actor};
use crate::i18n::Message;
use crate::model::discovery::synonyms;

/// Terms in one group at most.
pub const MAX_TERMS: usize = 10;
/// Characters in one term (after tidying) at most.
pub const MAX_TERM_CHARS: usize = 60;
/// Words in one term at most ("solid state drive" has three).
pub const MAX_TERM_WORDS: usize = 4;
/// Characters in one word at most: a search reads no more of a word.
const MAX_WORD_CHARS: usize = 40;
/// What the form takes at most.
pub const MAX_INPUT_CHARS: usize = 1_000;
/// Groups in all: each is sent to the engine and read by searches.
pub const MAX_GROUPS: i64 = 500;

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct SynonymForm {
    /// Terms separated by commas (or on separate lines).
    #[serde(default)]
    pub terms: String,
}

fn refuse(message: Message) -> AppError {
    AppError::invalid("terms", message)
}

/// A term as search reads it: lower-cased words of letters and digits,
/// joined by single spaces ("Logic-Board" is "logic board").
pub fn normalise(term: &str) -> String {
    term.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The distinct terms of the form, checked.
pub fn parse_terms(raw: &str) -> AppResult<Vec<String>> {
    if chars(raw) > MAX_INPUT_CHARS {
        return Err(refuse(
            Message::new("err-synonyms-keep-list-under-max-input")
                .with("max_input_chars", MAX_INPUT_CHARS),
        ));
    }
    let mut terms: Vec<String> = Vec::new();
    for piece in raw.split([',', '\n', ';']) {
        let term = normalise(piece);
        if term.is_empty() || terms.contains(&term) {
            continue;
        }
        if chars(&term) > MAX_TERM_CHARS {
            return Err(refuse(
                Message::new("err-synonyms-string-too-long-term-has")
                    .with("string", term.chars().take(30).collect::<String>())
                    .with("max_term_chars", MAX_TERM_CHARS),
            ));
        }
        let words: Vec<&str> = term.split(' ').collect();
        if words.len() > MAX_TERM_WORDS {
            return Err(refuse(
                Message::new("err-synonyms-term-has-more-than-max")
                    .with("term", term)
                    .with("max_term_words", MAX_TERM_WORDS),
            ));
        }
        if words.iter().any(|w| chars(w) > MAX_WORD_CHARS) {
            return Err(refuse(
                Message::new("err-synonyms-string-has-word-longer-than")
                    .with("string", term.chars().take(30).collect::<String>())
                    .with("max_word_chars", MAX_WORD_CHARS),
            ));
        }
        terms.push(term);
    }
    match terms.len() {
        0 => Err(refuse("err-synonyms-give-terms-mean-same-thing".into())),
        1 => Err(refuse("err-synonyms-give-at-least-two-different".into())),
        n if n > MAX_TERMS => Err(refuse(
            Message::new("err-synonyms-group-has-at-most-max")
                .with("max_terms", MAX_TERMS)
                .with("n", n),
        )),
        _ => Ok(terms),
    }
}

/// Staff add a group of equivalent terms. Every term must be new: a term in
/// two groups would make them one group without anyone deciding so.
pub fn add_group(conn: &mut DbConn, actor: &Actor, form: &SynonymForm) -> AppResult<i64> {
    actor.ensure_staff("err-synonyms-only-staff-can-change-search")?;
    let mut terms = parse_terms(&form.terms)?;
    // Listed (and logged) alphabetically, as the page shows them.
    terms.sort();
    write_tx(conn, |conn| {
        let taken = synonyms::taken(conn, &terms)?;
        if let Some((term, group)) = taken.first() {
            let others = synonyms::terms_of(conn, *group)?;
            return Err(refuse(
                Message::new("err-synonyms-term-already-group-join-remove")
                    .with("term", term)
                    .with("join", others.join(", ")),
            ));
        }
        if synonyms::count_groups(conn)? >= MAX_GROUPS {
            return Err(refuse(
                Message::new("err-synonyms-there-max-groups-groups-already")
                    .with("max_groups", MAX_GROUPS),
            ));
        }
        let id = synonyms::insert_group(conn, &terms, Some(actor.id), crate::model::now())?;
        audit(
            conn,
            Some(actor),
            "add_synonyms",
            None,
            None,
            None,
            &terms.join(", "),
        )?;
        Ok(id)
    })
}

/// Staff remove a group (all its terms).
pub fn remove_group(conn: &mut DbConn, actor: &Actor, group_id: i64) -> AppResult<()> {
    actor.ensure_staff("err-synonyms-only-staff-can-change-search")?;
    write_tx(conn, |conn| {
        let terms = synonyms::terms_of(conn, group_id)?;
        if synonyms::delete_group(conn, group_id)? == 0 {
            return Err(AppError::NotFound("synonym group"));
        }
        audit(
            conn,
            Some(actor),
            "remove_synonyms",
            None,
            None,
            None,
            &terms.join(", "),
        )?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_are_tidied_and_checked() {
        assert_eq!(
            parse_terms(" Mainboard, LOGIC-board ,\nmobo, mobo,, ").unwrap(),
            ["mainboard", "logic board", "mobo"]
        );
        for bad in [
            "",
            " , ;",
            "fan",
            "fan, FAN",
            "a b c d e, f",
            "a, b, c, d, e, f, g, h, i, j, k",
        ] {
            assert!(parse_terms(bad).is_err(), "{bad:?} should be refused");
        }
        assert!(parse_terms(&"x, ".repeat(400)).is_err());
        assert!(parse_terms(&format!("{}, b", "a".repeat(41))).is_err());
    }
}
