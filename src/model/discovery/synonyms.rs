//! Search synonyms: groups of terms that mean the same thing ("mainboard",
//! "motherboard", "logic board"). A term is lower-cased words of letters and
//! digits joined by single spaces, and belongs to one group at most (the
//! primary key on `synonym_terms.term`).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::{synonym_groups, synonym_terms, users};
use crate::db::DbConn;

/// A group as the staff page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    pub id: i64,
    pub terms: Vec<String>,
    pub created_at: NaiveDateTime,
    /// Who added it; None for the seeded vocabulary (or a deleted account).
    pub created_by: Option<String>,
}

/// Every group with its terms, the newest first.
pub fn all(conn: &mut DbConn) -> QueryResult<Vec<Group>> {
    let heads: Vec<(i64, NaiveDateTime, Option<String>)> = synonym_groups::table
        .left_join(users::table.on(users::id.nullable().eq(synonym_groups::created_by)))
        .order(synonym_groups::id.desc())
        .select((
            synonym_groups::id,
            synonym_groups::created_at,
            users::username.nullable(),
        ))
        .load(conn)?;
    let mut terms = all_terms(conn)?;
    Ok(heads
        .into_iter()
        .map(|(id, created_at, created_by)| Group {
            id,
            terms: terms.remove(&id).unwrap_or_default(),
            created_at,
            created_by,
        })
        .collect())
}

/// Every group's terms (alphabetical within a group), by group id: what the
/// search engines are given.
pub fn all_terms(conn: &mut DbConn) -> QueryResult<std::collections::BTreeMap<i64, Vec<String>>> {
    let rows: Vec<(i64, String)> = synonym_terms::table
        .order((synonym_terms::group_id.asc(), synonym_terms::term.asc()))
        .select((synonym_terms::group_id, synonym_terms::term))
        .load(conn)?;
    let mut groups = std::collections::BTreeMap::<i64, Vec<String>>::new();
    for (group, term) in rows {
        groups.entry(group).or_default().push(term);
    }
    Ok(groups)
}

/// Just the lists of terms, in group order.
pub fn all_lists(conn: &mut DbConn) -> QueryResult<Vec<Vec<String>>> {
    Ok(all_terms(conn)?.into_values().collect())
}

/// The groups with a term that starts with one of these words (two small
/// indexed queries, the second only when there are such groups): a search
/// expands its words with them.
pub fn touching(conn: &mut DbConn, words: &[String]) -> QueryResult<Vec<Vec<String>>> {
    if words.is_empty() {
        return Ok(Vec::new());
    }
    let hit_groups: Vec<i64> = synonym_terms::table
        .filter(synonym_terms::first_word.eq_any(words))
        .select(synonym_terms::group_id)
        .load(conn)?;
    if hit_groups.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<(i64, String)> = synonym_terms::table
        .filter(synonym_terms::group_id.eq_any(hit_groups))
        .order((synonym_terms::group_id.asc(), synonym_terms::term.asc()))
        .select((synonym_terms::group_id, synonym_terms::term))
        .load(conn)?;
    let mut groups: Vec<(i64, Vec<String>)> = Vec::new();
    for (group, term) in rows {
        match groups.last_mut() {
            Some((id, terms)) if *id == group => terms.push(term),
            _ => groups.push((group, vec![term])),
        }
    }
    Ok(groups.into_iter().map(|(_, terms)| terms).collect())
}

/// Which of these terms are in a group already, with the group's terms.
pub fn taken(conn: &mut DbConn, terms: &[String]) -> QueryResult<Vec<(String, i64)>> {
    synonym_terms::table
        .filter(synonym_terms::term.eq_any(terms))
        .select((synonym_terms::term, synonym_terms::group_id))
        .load(conn)
}

pub fn count_groups(conn: &mut DbConn) -> QueryResult<i64> {
    synonym_groups::table.count().get_result(conn)
}

/// The terms of one group (empty when there is no such group).
pub fn terms_of(conn: &mut DbConn, group_id: i64) -> QueryResult<Vec<String>> {
    synonym_terms::table
        .filter(synonym_terms::group_id.eq(group_id))
        .order(synonym_terms::term.asc())
        .select(synonym_terms::term)
        .load(conn)
}

/// Adds a group of (already normalised, distinct, free) terms.
pub fn insert_group(
    conn: &mut DbConn,
    terms: &[String],
    created_by: Option<i64>,
    at: NaiveDateTime,
) -> QueryResult<i64> {
    let id: i64 = diesel::insert_into(synonym_groups::table)
        .values((
            synonym_groups::created_by.eq(created_by),
            synonym_groups::created_at.eq(at),
        ))
        .returning(synonym_groups::id)
        .get_result(conn)?;
    let rows: Vec<_> = terms
        .iter()
        .map(|t| {
            (
                synonym_terms::term.eq(t),
                synonym_terms::group_id.eq(id),
                synonym_terms::first_word.eq(t.split(' ').next().unwrap_or(t)),
            )
        })
        .collect();
    for row in rows {
        diesel::insert_into(synonym_terms::table)
            .values(row)
            .execute(conn)?;
    }
    Ok(id)
}

/// Removes a group and its terms; how many groups went (0 or 1).
pub fn delete_group(conn: &mut DbConn, group_id: i64) -> QueryResult<usize> {
    diesel::delete(synonym_terms::table.filter(synonym_terms::group_id.eq(group_id)))
        .execute(conn)?;
    diesel::delete(synonym_groups::table.find(group_id)).execute(conn)
}
