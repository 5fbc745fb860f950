//! The builtin engine: SQLite FTS5 (bm25) or PostgreSQL full-text (tsvector,
//! GIN, ts_rank), whichever database the forum runs on. The only place
//! with backend-specific search SQL.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Nullable, Text, Timestamp};

use super::query::{
    child_under, expand, snippet_html, FacetTally, Facts, Hit, SearchQuery, SearchResults, Sort,
    MARK_END, MARK_START, PER_PAGE,
};
use crate::db::DbConn;

#[derive(QueryableByName)]
struct Row {
    #[diesel(sql_type = BigInt)]
    thread_id: i64,
    #[diesel(sql_type = Text)]
    title: String,
    #[diesel(sql_type = Text)]
    kind: String,
    #[diesel(sql_type = Nullable<Text>)]
    device_path: Option<String>,
    #[diesel(sql_type = Bool)]
    solved: bool,
    #[diesel(sql_type = Bool)]
    verified: bool,
    #[diesel(sql_type = Nullable<Text>)]
    recovery_path: Option<String>,
    #[diesel(sql_type = Bool)]
    firmware_current: bool,
    #[diesel(sql_type = Timestamp)]
    last_activity_at: NaiveDateTime,
    #[diesel(sql_type = Text)]
    snippet: String,
    /// The title with the highlight markers around matched words.
    #[diesel(sql_type = Text)]
    title_marked: String,
}

#[derive(QueryableByName)]
struct FacetRow {
    #[diesel(sql_type = Text)]
    kind: String,
    #[diesel(sql_type = Nullable<Text>)]
    device_path: Option<String>,
    #[diesel(sql_type = Bool)]
    solved: bool,
    #[diesel(sql_type = Bool)]
    verified: bool,
    #[diesel(sql_type = Nullable<Text>)]
    recovery_path: Option<String>,
    #[diesel(sql_type = Bool)]
    firmware_current: bool,
}

/// A combination of facts and how many matches share it (PostgreSQL counts
/// them grouped; `FacetTally` sums them into the facets).
#[derive(QueryableByName)]
struct FactsCount {
    #[diesel(sql_type = Text)]
    kind: String,
    #[diesel(sql_type = Bool)]
    solved: bool,
    #[diesel(sql_type = Bool)]
    verified: bool,
    #[diesel(sql_type = Nullable<Text>)]
    recovery_path: Option<String>,
    #[diesel(sql_type = Bool)]
    firmware_current: bool,
    /// The device one level below the filter's.
    #[diesel(sql_type = Nullable<Text>)]
    child: Option<String>,
    #[diesel(sql_type = BigInt)]
    n: i64,
}

#[derive(QueryableByName)]
struct Nodes {
    #[diesel(sql_type = diesel::sql_types::Integer)]
    n: i32,
}

/// How one dialect writes a full-text query.
struct Syntax<'a> {
    /// A phrase of words, given whether it is typed as a prefix.
    phrase: &'a dyn Fn(&[String], bool) -> String,
    or: &'static str,
    and: &'static str,
}

/// Every word (or any term of its synonym group, several words as a phrase),
/// the last one typed as a prefix, in a dialect's syntax.
fn full_text_query(query: &SearchQuery, syntax: &Syntax) -> String {
    expand(&query.terms, &query.synonyms)
        .iter()
        .map(|part| {
            let phrases: Vec<String> = part
                .phrases
                .iter()
                .enumerate()
                .map(|(i, words)| (syntax.phrase)(words, part.prefix && i == 0))
                .collect();
            match phrases.len() {
                1 => phrases.into_iter().next().unwrap_or_default(),
                _ => format!("({})", phrases.join(syntax.or)),
            }
        })
        .collect::<Vec<_>>()
        .join(if query.match_any {
            syntax.or
        } else {
            syntax.and
        })
}

/// An FTS5 MATCH expression. Words are letters and digits only
/// (query::terms, forum::synonyms), so nothing in them is FTS5 syntax.
fn fts5_match(query: &SearchQuery) -> String {
    full_text_query(
        query,
        &Syntax {
            phrase: &|words, prefix| {
                format!("\"{}\"{}", words.join(" "), if prefix { "*" } else { "" })
            },
            or: " OR ",
            // FTS5 reads `"a" ("b" OR "c")` as an error: AND is spelled out.
            and: " AND ",
        },
    )
}

/// A to_tsquery expression: a phrase's words joined with `<->`, or, for a
/// synonym phrase every document holding it is tagged with (`tagged`: the
/// phrase and its tag, as SQL's search_phrase_token writes it), the tag
/// (migration 000027), which the GIN index finds without reading word
/// positions. A tagged phrase is whole words, also when typed last.
fn tsquery(query: &SearchQuery, tagged: &[PhraseTag]) -> String {
    full_text_query(
        query,
        &Syntax {
            phrase: &|words, prefix| {
                if words.len() > 1 {
                    let term = words.join(" ");
                    if let Some(t) = tagged.iter().find(|t| t.term == term) {
                        return t.tag.clone();
                    }
                }
                format!("{}{}", words.join(" <-> "), if prefix { ":*" } else { "" })
            },
            or: " | ",
            and: " & ",
        },
    )
}

/// A synonym phrase listed in search_phrase_tags, with its tag.
#[derive(QueryableByName)]
struct PhraseTag {
    #[diesel(sql_type = Text)]
    term: String,
    #[diesel(sql_type = Text)]
    tag: String,
}

/// The synonym phrases of a search (terms of several words).
fn phrases_of(query: &SearchQuery) -> Vec<String> {
    expand(&query.terms, &query.synonyms)
        .iter()
        .flat_map(|part| &part.phrases)
        .filter(|words| words.len() > 1)
        .map(|words| words.join(" "))
        .collect()
}

#[derive(QueryableByName)]
struct Term {
    #[diesel(sql_type = Text)]
    term: String,
}

/// PostgreSQL: tags the documents already written with each synonym phrase
/// not yet listed in search_phrase_tags (added by staff since they were
/// written), then lists it; searches use a phrase's tag from then on. Run by
/// the search worker. In batches of 250 documents (~60 ms), each locked
/// while its tsvector is made again from its title and body (a writer of
/// the same document waits, so neither overwrites the other's words). Two
/// passes over the documents holding the phrase without its tag: the second
/// catches those written by a transaction that began before the phrase was
/// added and committed during the first. Returns the phrases listed; SQLite,
/// whose index keeps word positions, has nothing to tag.
pub fn tag_phrases(conn: &mut DbConn) -> QueryResult<usize> {
    let DbConn::Pg(c) = conn else {
        return Ok(0);
    };
    const BATCH: i64 = 250;
    let untagged: Vec<Term> = diesel::sql_query(
        "SELECT term FROM synonym_terms t WHERE position(' ' in term) > 0 \
         AND NOT EXISTS (SELECT 1 FROM search_phrase_tags p WHERE p.term = t.term) ORDER BY term",
    )
    .load(c)?;
    for Term { term } in &untagged {
        for _pass in 0..2 {
            let mut after = 0_i64;
            // The batch's last thread, whatever became of its documents
            // (one deleted meanwhile is not locked, not updated).
            while let Some(last) = diesel::sql_query(
                "WITH batch AS (SELECT thread_id FROM search_matches \
                     WHERE thread_id > $2 AND tsv @@ phraseto_tsquery('english', $1) \
                     AND NOT tsv @@ to_tsquery('simple', search_phrase_token($1)) \
                     ORDER BY thread_id LIMIT $3), \
                 docs AS (SELECT d.thread_id, d.title, d.body FROM search_docs d \
                     JOIN batch USING (thread_id) FOR UPDATE OF d), \
                 tagged AS (UPDATE search_matches m SET tsv = search_tsv(docs.title, docs.body) \
                     FROM docs WHERE m.thread_id = docs.thread_id) \
                 SELECT max(thread_id) AS id FROM batch",
            )
            .bind::<Text, _>(term)
            .bind::<BigInt, _>(after)
            .bind::<BigInt, _>(BATCH)
            .get_result::<LastId>(c)?
            .id
            {
                after = last;
            }
        }
        diesel::sql_query(
            "INSERT INTO search_phrase_tags (term) SELECT term FROM synonym_terms \
             WHERE term = $1 ON CONFLICT DO NOTHING",
        )
        .bind::<Text, _>(term)
        .execute(c)?;
    }
    Ok(untagged.len())
}

#[derive(QueryableByName)]
struct LastId {
    #[diesel(sql_type = Nullable<BigInt>)]
    id: Option<i64>,
}

/// Matches joined to their documents through the narrow `search_docs_facts`
/// index (migration 000009): filters, ranking and facets read a few bytes per
/// match there instead of the wide document row.
const SQLITE_FROM: &str = "FROM search_fts \
    JOIN search_docs d INDEXED BY search_docs_facts ON d.thread_id = search_fts.rowid";

const SQLITE_FILTERS: &str = "
    AND (?4 IS NULL OR d.kind = ?4)
    AND (?5 IS NULL OR d.solved = ?5)
    AND (?6 IS NULL OR d.verified = ?6)
    AND (?7 IS NULL OR d.recovery_path = ?7)
    AND (?8 IS NULL OR d.device_path LIKE ?8 || '%')
    AND (?9 = 0 OR d.firmware_current)";

const POSTGRES_FILTERS: &str = "
    AND ($3::text IS NULL OR d.kind = $3)
    AND ($4::boolean IS NULL OR d.solved = $4)
    AND ($5::boolean IS NULL OR d.verified = $5)
    AND ($6::text IS NULL OR d.recovery_path = $6)
    AND ($7::text IS NULL OR d.device_path LIKE $7 || '%')
    AND (NOT $8::boolean OR d.firmware_current)";

/// Which half of a search to run: the page of hits, the facet counts (with
/// the total), or both. The halves can run at once on two connections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Hits,
    Facets,
    All,
}

impl Part {
    fn hits(self) -> bool {
        self != Part::Facets
    }

    fn facets(self) -> bool {
        self != Part::Hits
    }
}

pub fn search(conn: &mut DbConn, query: &SearchQuery) -> QueryResult<SearchResults> {
    search_part(conn, query, Part::All)
}

/// After a bulk load or a rebuild: SQLite merges the full-text index into one
/// segment (the common words of 100,000 threads rank ~20 % faster), and both
/// databases refresh the planner's statistics.
pub fn optimize(conn: &mut DbConn) -> QueryResult<()> {
    match conn {
        DbConn::Sqlite(c) => {
            diesel::sql_query("INSERT INTO search_fts(search_fts) VALUES('optimize')")
                .execute(c)?;
            diesel::sql_query("ANALYZE").execute(c)?;
        }
        // A bare ANALYZE reads every table of the database, in every schema:
        // other sites' (or tests') schemas, which may be dropped meanwhile
        // ("relation with OID … does not exist"). Only this schema's tables.
        DbConn::Pg(c) => {
            diesel::sql_query(
                "DO $$ DECLARE t text; BEGIN \
                 FOR t IN SELECT quote_ident(tablename) FROM pg_tables \
                 WHERE schemaname = current_schema() LOOP EXECUTE 'ANALYZE ' || t; END LOOP; END $$",
            )
            .execute(c)?;
        }
    }
    Ok(())
}

/// Puts the hits of one half and the facets of the other together.
pub fn merge(hits: SearchResults, facets: SearchResults) -> SearchResults {
    SearchResults {
        facets: facets.facets,
        total: facets.total,
        notice: hits.notice.or(facets.notice),
        ..hits
    }
}

/// One half of a search (or both). On PostgreSQL it runs in a transaction
/// with the planner told what holds here: the search tables are read from
/// memory (random_page_cost 1.1, not 4), and reading the GIN index's matches
/// beats testing `@@` on every row, which the planner prices at almost
/// nothing: for a word in a quarter of the threads, a sequential scan took
/// 50-58 ms against 30-37 ms through the index (enable_seqscan off; another
/// index, such as the device one, is still chosen where it is better). No
/// parallel workers: the two halves already run at once, on two connections.
pub fn search_part(
    conn: &mut DbConn,
    query: &SearchQuery,
    part: Part,
) -> QueryResult<SearchResults> {
    if matches!(conn, DbConn::Pg(_)) {
        return conn.transaction(|conn| {
            // SET LOCAL, three at once (one round trip).
            diesel::sql_query(
                "SELECT set_config('random_page_cost', '1.1', true), \
                        set_config('enable_seqscan', 'off', true), \
                        set_config('max_parallel_workers_per_gather', '0', true)",
            )
            .execute(conn)?;
            search_in(conn, query, part)
        });
    }
    search_in(conn, query, part)
}

fn search_in(conn: &mut DbConn, query: &SearchQuery, part: Part) -> QueryResult<SearchResults> {
    let mut results = SearchResults {
        page: query.page,
        per_page: PER_PAGE,
        engine: "builtin",
        ..Default::default()
    };
    if query.terms.is_empty() {
        return Ok(results);
    }
    let marks = (MARK_START.to_string(), MARK_END.to_string());
    let (rows, facet_rows, grouped) = match conn {
        DbConn::Sqlite(c) => {
            let matcher = fts5_match(query);
            let order = match query.sort {
                // bm25 is negative (lower is better): solved and verified threads
                // are pushed further up among equal matches, known issues above
                // any ordinary thread (x2 against at most x1.5).
                Sort::Relevance => "bm25(search_fts, 10.0, 1.0) * (1.0 + 0.25 * d.solved + 0.25 * d.verified + (d.kind = 'known_issue')), d.last_activity_at DESC",
                Sort::Newest => "d.last_activity_at DESC",
            };
            let page_sql = format!(
                "SELECT d.thread_id, d.title, d.kind, d.device_path, d.solved, d.verified, d.recovery_path, \
                 d.firmware_current, d.last_activity_at, snippet(search_fts, 1, ?2, ?3, '…', 24) AS snippet, \
                 highlight(search_fts, 0, ?2, ?3) AS title_marked \
                 {SQLITE_FROM} \
                 WHERE search_fts MATCH ?1 {SQLITE_FILTERS} ORDER BY {order} LIMIT ?10 OFFSET ?11"
            );
            let rows: Vec<Row> = if !part.hits() {
                Vec::new()
            } else {
                diesel::sql_query(page_sql)
                    .bind::<Text, _>(&matcher)
                    .bind::<Text, _>(&marks.0)
                    .bind::<Text, _>(&marks.1)
                    .bind::<Nullable<Text>, _>(&query.kind)
                    .bind::<Nullable<Bool>, _>(query.solved)
                    .bind::<Nullable<Bool>, _>(query.verified)
                    .bind::<Nullable<Text>, _>(&query.recovery_path)
                    .bind::<Nullable<Text>, _>(&query.device_path)
                    .bind::<Bool, _>(query.firmware_current)
                    .bind::<BigInt, _>(PER_PAGE)
                    .bind::<BigInt, _>(query.offset())
                    .load(c)?
            };
            let facet_sql = format!(
                "SELECT d.kind, d.device_path, d.solved, d.verified, d.recovery_path, d.firmware_current \
                 {SQLITE_FROM} \
                 WHERE search_fts MATCH ?1 AND ?2 = ?2 AND ?3 = ?3 {SQLITE_FILTERS}"
            );
            let facet_rows: Vec<FacetRow> = if !part.facets() {
                Vec::new()
            } else {
                diesel::sql_query(facet_sql)
                    .bind::<Text, _>(&matcher)
                    .bind::<Text, _>(&marks.0)
                    .bind::<Text, _>(&marks.1)
                    .bind::<Nullable<Text>, _>(&query.kind)
                    .bind::<Nullable<Bool>, _>(query.solved)
                    .bind::<Nullable<Bool>, _>(query.verified)
                    .bind::<Nullable<Text>, _>(&query.recovery_path)
                    .bind::<Nullable<Text>, _>(&query.device_path)
                    .bind::<Bool, _>(query.firmware_current)
                    .load(c)?
            };
            (rows, facet_rows, None)
        }
        DbConn::Pg(c) => {
            let phrases = phrases_of(query);
            let tagged: Vec<PhraseTag> = if phrases.is_empty() {
                Vec::new()
            } else {
                diesel::sql_query(
                    "SELECT term, search_phrase_token(term) AS tag FROM search_phrase_tags \
                     WHERE term = ANY($1)",
                )
                .bind::<diesel::sql_types::Array<Text>, _>(&phrases)
                .load(c)?
            };
            let expression = tsquery(query, &tagged);
            // The headlines mark the words themselves: a tag is in no text.
            let words = tsquery(query, &[]);
            let nodes: Nodes = diesel::sql_query("SELECT numnode(to_tsquery('english', $1)) AS n")
                .bind::<Text, _>(&expression)
                .get_result(c)?;
            if nodes.n == 0 {
                results.notice = Some(
                    "Those words are too common to search for; add a more specific one.".into(),
                );
                return Ok(results);
            }
            let score = match query.sort {
                // `ts_rank * (1 + 0.25 * solved + 0.25 * verified)`, in float8
                // (numeric cost ~0.5 µs a match more). ts_rank weighs how often
                // the words occur, as SQLite's bm25 does; ts_rank_cd (cover
                // density) read every match's positions and cost twice as much
                // on a common pair ("firmware update": 69 -> 37 ms).
                // Known issues x2, above any ordinary thread (at most x1.5).
                Sort::Relevance => "ts_rank(d.tsv, q.query)::float8 * (1.0::float8 + 0.25::float8 * (d.solved::int + d.verified::int) + (d.kind = 'known_issue')::int)",
                Sort::Newest => "0",
            };
            let headline = format!(
                "StartSel={}, StopSel={}, MaxWords=35, MinWords=12, MaxFragments=2, FragmentDelimiter=\" … \"",
                marks.0, marks.1
            );
            // The whole title, every match marked.
            let title_headline = format!(
                "StartSel={}, StopSel={}, HighlightAll=true",
                marks.0, marks.1
            );
            // The headline is computed for the page's hits only.
            // Matches are ranked in the narrow search_matches (migration
            // 000026); the page's hits alone are joined to their document for
            // the title and the headlines.
            let page_sql = format!(
                "SELECT p.thread_id, t.title, p.kind, p.device_path, p.solved, p.verified, p.recovery_path, \
                 p.firmware_current, p.last_activity_at, ts_headline('english', t.body, to_tsquery('english', $12), $2) AS snippet, \
                 ts_headline('english', t.title, to_tsquery('english', $12), $11) AS title_marked \
                 FROM (SELECT d.thread_id, d.kind, d.device_path, d.solved, d.verified, d.recovery_path, \
                              d.firmware_current, d.last_activity_at, {score} AS score \
                       FROM search_matches d, (SELECT to_tsquery('english', $1) AS query) q \
                       WHERE d.tsv @@ q.query {POSTGRES_FILTERS} \
                       ORDER BY score DESC, d.last_activity_at DESC LIMIT $9 OFFSET $10) p \
                 JOIN search_docs t ON t.thread_id = p.thread_id \
                 ORDER BY p.score DESC, p.last_activity_at DESC"
            );
            let rows: Vec<Row> = if !part.hits() {
                Vec::new()
            } else {
                diesel::sql_query(page_sql)
                    .bind::<Text, _>(&expression)
                    .bind::<Text, _>(&headline)
                    .bind::<Nullable<Text>, _>(&query.kind)
                    .bind::<Nullable<Bool>, _>(query.solved)
                    .bind::<Nullable<Bool>, _>(query.verified)
                    .bind::<Nullable<Text>, _>(&query.recovery_path)
                    .bind::<Nullable<Text>, _>(&query.device_path)
                    .bind::<Bool, _>(query.firmware_current)
                    .bind::<BigInt, _>(PER_PAGE)
                    .bind::<BigInt, _>(query.offset())
                    .bind::<Text, _>(&title_headline)
                    .bind::<Text, _>(&words)
                    .load(c)?
            };
            // Counted in the database, grouped by the combination of facts:
            // a few dozen rows back, not one per match (26,000 for a common
            // word), summed here. One grouping of six columns costs a third
            // of what six grouping sets did (4 ms of a 24 ms facet query).
            // The device facet counts the device one level below the
            // filter's (query::child_under).
            let facet_sql = format!(
                "SELECT m.kind, m.solved, m.verified, m.recovery_path, m.firmware_current, m.child, COUNT(*) AS n \
                 FROM (SELECT d.kind, d.solved, d.verified, d.recovery_path, d.firmware_current, \
                              CASE WHEN left(d.device_path, length(COALESCE($7, '/'))) = COALESCE($7, '/') \
                                   THEN NULLIF(split_part(substr(d.device_path, length(COALESCE($7, '/')) + 1), '/', 1), '') \
                              END AS child \
                       FROM search_matches d, (SELECT to_tsquery('english', $1) AS query) q \
                       WHERE d.tsv @@ q.query AND $2::text IS NOT NULL {POSTGRES_FILTERS}) m \
                 GROUP BY m.kind, m.solved, m.verified, m.recovery_path, m.firmware_current, m.child"
            );
            let grouped: Option<Vec<FactsCount>> = if !part.facets() {
                None
            } else {
                Some(
                    diesel::sql_query(facet_sql)
                        .bind::<Text, _>(&expression)
                        .bind::<Text, _>(&headline)
                        .bind::<Nullable<Text>, _>(&query.kind)
                        .bind::<Nullable<Bool>, _>(query.solved)
                        .bind::<Nullable<Bool>, _>(query.verified)
                        .bind::<Nullable<Text>, _>(&query.recovery_path)
                        .bind::<Nullable<Text>, _>(&query.device_path)
                        .bind::<Bool, _>(query.firmware_current)
                        .load(c)?,
                )
            };
            (rows, Vec::new(), grouped)
        }
    };
    let mut tally = FacetTally::default();
    match grouped {
        Some(groups) => {
            for g in &groups {
                let facts = Facts {
                    kind: &g.kind,
                    solved: g.solved,
                    verified: g.verified,
                    recovery_path: g.recovery_path.as_deref(),
                    firmware_current: g.firmware_current,
                    device: g.child.as_deref(),
                };
                tally.add(facts, usize::try_from(g.n).unwrap_or(0));
            }
        }
        None => {
            for r in &facet_rows {
                let child = r
                    .device_path
                    .as_deref()
                    .and_then(|p| child_under(p, query.device_path.as_deref()));
                let facts = Facts {
                    kind: &r.kind,
                    solved: r.solved,
                    verified: r.verified,
                    recovery_path: r.recovery_path.as_deref(),
                    firmware_current: r.firmware_current,
                    device: child.as_deref(),
                };
                tally.add(facts, 1);
            }
        }
    }
    (results.total, results.facets) = tally.finish();
    results.hits = rows
        .into_iter()
        .map(|r| Hit {
            thread_id: r.thread_id,
            title: r.title,
            kind: r.kind,
            device_path: r.device_path,
            solved: r.solved,
            verified: r.verified,
            recovery_path: r.recovery_path,
            firmware_current: r.firmware_current,
            last_activity_at: r.last_activity_at,
            snippet_html: snippet_html(&r.snippet),
            title_html: snippet_html(&r.title_marked),
        })
        .collect();
    Ok(results)
}
