//! The builtin engine: SQLite FTS5 (bm25) or PostgreSQL full-text (tsvector,
//! GIN, ts_rank), whichever database the forum runs on. The only place
//! with backend-specific search SQL.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Nullable, Text, Timestamp};

use super::highlight::Matcher;
use super::query::{
    self, snippet_html, FacetTally, Facts, Hit, SearchQuery, SearchResults, Sort, PER_PAGE,
};
use crate::db::search_functions::Candidate;
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
    body: String,
    #[diesel(sql_type = Text)]
    replies: String,
    #[diesel(sql_type = Nullable<Text>)]
    lang: Option<String>,
}

/// A combination of facts and how many matches share it (counted in the
/// database: PostgreSQL groups them, SQLite's `fixloop_facts` aggregate
/// counts them; `FacetTally` sums them into the facets).
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
enum Dialect<'a> {
    /// SQLite's FTS5 MATCH syntax. Words are letters and digits only
    /// (query::terms, forum::discovery::synonyms), so nothing in them is FTS5 syntax;
    /// FTS5 reads `"a" ("b" OR "c")` as an error: AND is spelled out.
    Fts5,
    /// PostgreSQL's to_tsquery syntax: a phrase's words joined with `<->`,
    /// or, for a synonym phrase every document holding it is tagged with
    /// (`tagged`: the phrase and its tag, as SQL's search_phrase_token writes
    /// it), the tag (migration 000027), which the GIN index finds without
    /// reading word positions. A tagged phrase is whole words, also when
    /// typed last.
    TsQuery(&'a [PhraseTag]),
}

impl Dialect<'_> {
    fn phrase(&self, words: &[String], prefix: bool) -> String {
        match self {
            Dialect::Fts5 => format!("\"{}\"{}", words.join(" "), if prefix { "*" } else { "" }),
            Dialect::TsQuery(tagged) => {
                if words.len() > 1 {
                    let term = words.join(" ");
                    if let Some(t) = tagged.iter().find(|t| t.term == term) {
                        return t.tag.clone();
                    }
                }
                format!("{}{}", words.join(" <-> "), if prefix { ":*" } else { "" })
            }
        }
    }

    fn or(&self) -> &'static str {
        match self {
            Dialect::Fts5 => " OR ",
            Dialect::TsQuery(_) => " | ",
        }
    }

    fn and(&self) -> &'static str {
        match self {
            Dialect::Fts5 => " AND ",
            Dialect::TsQuery(_) => " & ",
        }
    }

    /// One part: any of its phrases, the first typed as a prefix.
    fn part(&self, part: &query::Part) -> String {
        let phrases: Vec<String> = part
            .phrases
            .iter()
            .enumerate()
            .map(|(i, words)| self.phrase(words, part.prefix && i == 0))
            .collect();
        match phrases.len() {
            1 => phrases.into_iter().next().unwrap_or_default(),
            _ => format!("({})", phrases.join(self.or())),
        }
    }

    /// Every one of these parts.
    fn all(&self, parts: &[&query::Part]) -> String {
        let each: Vec<String> = parts.iter().map(|p| self.part(p)).collect();
        format!("({})", each.join(self.and()))
    }

    /// Any of these parts.
    fn any(&self, parts: &[&query::Part]) -> String {
        let each: Vec<String> = parts.iter().map(|p| self.part(p)).collect();
        format!("({})", each.join(self.or()))
    }

    /// What a match must hold: the required parts, with the others adding to
    /// its rank where a thread holds them (`R OR (R AND (any other))` is
    /// the set of R, scored on every part); any part when none is required.
    fn matcher(&self, parts: &[query::Part], plan: &Plan) -> String {
        let required: Vec<&query::Part> = plan.required.iter().map(|&i| &parts[i]).collect();
        let optional: Vec<&query::Part> = parts
            .iter()
            .enumerate()
            .filter(|(i, _)| !plan.required.contains(i))
            .map(|(_, p)| p)
            .collect();
        if required.is_empty() {
            self.any(&optional)
        } else if optional.is_empty() {
            self.all(&required)
        } else {
            let must = self.all(&required);
            format!(
                "{must}{}({must}{}{})",
                self.or(),
                self.and(),
                self.any(&optional)
            )
        }
    }

    /// Every part that is not weak: the threads that hold them all rank
    /// first when fewer were required.
    fn every_strong(&self, parts: &[query::Part]) -> String {
        let strong: Vec<&query::Part> = parts.iter().filter(|p| !p.weak).collect();
        if strong.is_empty() {
            self.all(&parts.iter().collect::<Vec<_>>())
        } else {
            self.all(&strong)
        }
    }

    /// Whether a match holds every strong word, as a ranking's first key
    /// when not all were required (always false otherwise, and for the
    /// replies, which rank after the others anyway).
    fn covered(&self, parts: &[query::Part], plan: &Plan, source: Source) -> String {
        if !plan.relaxed || source != Source::Primary {
            return "false".to_owned();
        }
        let every = self.every_strong(parts).replace('\'', "''");
        match self {
            Dialect::Fts5 => format!(
                "(search_fts.rowid IN (SELECT rowid FROM search_fts WHERE search_fts MATCH '{every}'))"
            ),
            Dialect::TsQuery(_) => format!("d.tsv @@ to_tsquery('english', '{every}')"),
        }
    }
}

/// A synonym phrase listed in search_phrase_tags, with its tag.
#[derive(QueryableByName, Clone)]
pub struct PhraseTag {
    #[diesel(sql_type = Text)]
    term: String,
    #[diesel(sql_type = Text)]
    tag: String,
}

/// The synonym phrases of a search (terms of several words).
fn phrases_of(parts: &[query::Part]) -> Vec<String> {
    parts
        .iter()
        .filter(|p| !p.cjk)
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
                "WITH batch AS (SELECT thread_id FROM \
                     (SELECT thread_id FROM search_matches WHERE thread_id > $2 \
                      AND tsv @@ phraseto_tsquery('english', $1) \
                      AND NOT tsv @@ to_tsquery('simple', search_phrase_token($1)) \
                      UNION SELECT thread_id FROM search_reply_matches WHERE thread_id > $2 \
                      AND replies_tsv @@ phraseto_tsquery('english', $1) \
                      AND NOT replies_tsv @@ to_tsquery('simple', search_phrase_token($1))) holding \
                     ORDER BY thread_id LIMIT $3), \
                 docs AS (SELECT d.thread_id, d.title, d.devices, d.body, d.replies, d.grams FROM search_docs d \
                     JOIN batch USING (thread_id) FOR UPDATE OF d), \
                 tagged AS (UPDATE search_matches m SET tsv = search_tsv(docs.title, docs.devices, docs.body, docs.grams) \
                     FROM docs WHERE m.thread_id = docs.thread_id), \
                 tagged_replies AS (UPDATE search_reply_matches r SET replies_tsv = search_replies_tsv(docs.replies) \
                     FROM docs WHERE r.thread_id = docs.thread_id) \
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

/// Where a search looks: a thread's title, device names, question and
/// answers (and CJK pieces), or its other replies, which have an index of
/// their own (migration 000028) and are searched only when the first finds
/// fewer than a page of threads (see `Plan::replies`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    Primary,
    Replies,
}

impl Source {
    /// SQLite: the matches joined to their facts in the narrow
    /// `search_matches` table (migration 000039): filters, ranking and
    /// facets read a few bytes per match there instead of the wide document
    /// row. A reply's match leaves out the threads the first source found.
    fn sqlite_from(self) -> &'static str {
        match self {
            Source::Primary => {
                "FROM search_fts JOIN search_matches d \
                 ON d.thread_id = search_fts.rowid WHERE search_fts MATCH ?1"
            }
            Source::Replies => {
                "FROM search_replies_fts JOIN search_matches d \
                 ON d.thread_id = search_replies_fts.rowid WHERE search_replies_fts MATCH ?1 \
                 AND d.thread_id NOT IN (SELECT rowid FROM search_fts WHERE search_fts MATCH ?1)"
            }
        }
    }

    /// PostgreSQL: where the matches are, `d` their facts (search_matches)
    /// and, for the replies, `r` their words (search_reply_matches, a table
    /// of their own: migration 000042).
    fn postgres_from(self) -> &'static str {
        match self {
            Source::Primary => "search_matches d",
            Source::Replies => "search_matches d JOIN search_reply_matches r USING (thread_id)",
        }
    }

    /// PostgreSQL: the matches (`q.query`: the search).
    fn postgres_where(self) -> &'static str {
        match self {
            Source::Primary => "d.tsv @@ q.query",
            Source::Replies => "r.replies_tsv @@ q.query AND NOT d.tsv @@ q.query",
        }
    }
}

/// SQLite: the filters of a search (parameters ?2 to ?7). A filter that is
/// not set is a term that names its parameter alone, which SQLite tests
/// once before reading any match; `(?2 IS NULL OR d.kind = ?2)` was tested
/// on every match, six of them on each of a common word's 26,000.
/// (PostgreSQL plans each search with its values, and drops them itself.)
fn sqlite_filters(query: &SearchQuery) -> String {
    let filters = [
        (query.kind.is_some(), "d.kind = ?2", "?2 IS NULL"),
        (query.solved.is_some(), "d.solved = ?3", "?3 IS NULL"),
        (query.verified.is_some(), "d.verified = ?4", "?4 IS NULL"),
        (
            query.recovery_path.is_some(),
            "d.recovery_path = ?5",
            "?5 IS NULL",
        ),
        (
            query.device_path.is_some(),
            "d.device_path LIKE ?6 || '%'",
            "?6 IS NULL",
        ),
        (
            query.firmware_current,
            "d.firmware_current AND ?7",
            "NOT ?7",
        ),
    ];
    filters
        .iter()
        .map(|&(set, test, unset)| format!(" AND {}", if set { test } else { unset }))
        .collect()
}

const POSTGRES_FILTERS: &str = "
    AND ($2::text IS NULL OR d.kind = $2)
    AND ($3::boolean IS NULL OR d.solved = $3)
    AND ($4::boolean IS NULL OR d.verified = $4)
    AND ($5::text IS NULL OR d.recovery_path = $5)
    AND ($6::text IS NULL OR d.device_path LIKE $6 || '%')
    AND (NOT $7::boolean OR d.firmware_current)";

/// The language filter (`SearchQuery::lang`), added to the filters above.
/// The code is put in the SQL as a literal: it is one of
/// render::language::LANGUAGES (two or three lowercase letters), looked up
/// again here, so nothing typed reaches the SQL. SQLite reads the document
/// (`d`); PostgreSQL reads search_matches, and looks the language up in the
/// document by its partial index.
fn written_filter(query: &SearchQuery, sqlite: bool) -> String {
    let Some(asked) = query.lang.as_deref() else {
        return String::new();
    };
    match (crate::render::language::known(asked), sqlite) {
        (None, _) => " AND 1 = 0".to_owned(),
        (Some(code), true) => format!(" AND d.lang = '{code}'"),
        (Some(code), false) => {
            format!(" AND d.thread_id IN (SELECT thread_id FROM search_docs WHERE lang = '{code}')")
        }
    }
}

/// Binds the match expression ($1) and the filters ($2 to $7) of a search,
/// in the order sqlite_filters and POSTGRES_FILTERS number them.
macro_rules! bind_match_and_filters {
    ($sql:expr, $matcher:expr, $query:expr) => {
        diesel::sql_query($sql)
            .bind::<Text, _>($matcher)
            .bind::<Nullable<Text>, _>(&$query.kind)
            .bind::<Nullable<Bool>, _>($query.solved)
            .bind::<Nullable<Bool>, _>($query.verified)
            .bind::<Nullable<Text>, _>(&$query.recovery_path)
            .bind::<Nullable<Text>, _>(&$query.device_path)
            .bind::<Bool, _>($query.firmware_current)
    };
}

/// Which half of a search to run: the page of hits, the facet counts (with
/// the total), or both; or both for a share of the threads (`Plan::split`).
/// The halves can run at once on two connections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Hits,
    Facets,
    All,
    Lower,
    Upper,
}

impl Part {
    fn hits(self) -> bool {
        matches!(self, Part::Hits | Part::All)
    }

    fn facets(self) -> bool {
        matches!(self, Part::Facets | Part::All)
    }
}

/// Which parts of a search a match must hold, and where.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    /// Indexes into `query::parts`: every part but the weak ones; none: any part.
    pub required: Vec<usize>,
    /// Some strong parts are not required: threads holding them all rank first.
    pub relaxed: bool,
    /// Threads match by the words of their other replies too: when fewer
    /// than a page of threads match by their title, device names, question
    /// and answers (`primary_matches` of them, listed first). A common word
    /// would otherwise rank every thread that mentions it in passing: in
    /// the 100,000-thread benchmark set "threadlocker" is in 18,000
    /// threads' questions and answers and in 53,000 threads with their
    /// replies, and searches took twice as long while the replies were in
    /// the same index.
    pub replies: bool,
    pub primary_matches: i64,
    /// The two halves of the search are two shares of the threads, each
    /// ranked and counted in one pass (`Part::Lower`, `Part::Upper`). None:
    /// the halves are the hits and the facets (when replies count).
    pub split: Option<Shares>,
}

/// How a search's threads are shared between its two halves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shares {
    /// SQLite: the threads below this id, and the others (FTS5 reads only
    /// that range of each word's list).
    BelowId(i64),
    /// PostgreSQL: the two partitions of search_matches, `search_matches_0`
    /// and `search_matches_1` (migration 000040), each with its own index.
    Partitions,
}

impl Plan {
    /// The two halves of the search, to run at once on two connections and
    /// put together with `join`.
    pub fn halves(&self) -> [Part; 2] {
        match self.split {
            Some(_) => [Part::Lower, Part::Upper],
            None => [Part::Hits, Part::Facets],
        }
    }
}

/// A page of threads: fewer matches by the first source, and the replies count.
const ENOUGH_MATCHES: i64 = PER_PAGE;

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// How many threads (up to ENOUGH_MATCHES) a source matches, filters applied.
fn count_up_to_enough(
    conn: &mut DbConn,
    query: &SearchQuery,
    parts: &[query::Part],
    plan: &Plan,
    tagged: &[PhraseTag],
    source: Source,
) -> QueryResult<i64> {
    let written = written_filter(query, matches!(conn, DbConn::Sqlite(_)));
    let n: Count = match conn {
        DbConn::Sqlite(c) => bind_match_and_filters!(
            format!(
                "SELECT COUNT(*) AS n FROM (SELECT 1 {} {}{written} LIMIT {ENOUGH_MATCHES})",
                source.sqlite_from(),
                sqlite_filters(query)
            ),
            Dialect::Fts5.matcher(parts, plan),
            query
        )
        .get_result(c)?,
        DbConn::Pg(c) => bind_match_and_filters!(
            format!(
                "SELECT COUNT(*) AS n FROM (SELECT 1 FROM {}, \
                 (SELECT to_tsquery('english', $1) AS query) q \
                 WHERE {} {POSTGRES_FILTERS}{written} LIMIT {ENOUGH_MATCHES}) m",
                source.postgres_from(),
                source.postgres_where()
            ),
            Dialect::TsQuery(tagged).matcher(parts, plan),
            query
        )
        .get_result(c)?,
    };
    Ok(n.n)
}

/// Decides which parts a match must hold, and whether replies count. Weak
/// words never; the others all, unless no thread holds them all: then any
/// part will do, and the ranking decides (bm25 / ts_rank: how many words,
/// how rare, where). Words no thread holds (by the vocabulary) are let go
/// first. A few counting queries that stop at a page of rows.
///
/// Letting the commonest word go first, as Meilisearch's "frequency"
/// strategy does, was tried: a question's rare filler ("best way to change
/// …") then stayed required while the device's name was let go, and the
/// question phrasing of the relevance benchmark found its guide in the first
/// five 89 % of the time against 90+ % for any word ranked by bm25.
fn plan(
    conn: &mut DbConn,
    query: &SearchQuery,
    parts: &[query::Part],
    tagged: &[PhraseTag],
) -> QueryResult<Plan> {
    let mut plan = first_plan(query, parts);
    // Every required word, in the title, device names, question and answers,
    // then in the replies too; then any word, the same way.
    loop {
        let primary = count_up_to_enough(conn, query, parts, &plan, tagged, Source::Primary)?;
        if primary >= ENOUGH_MATCHES {
            return Ok(plan);
        }
        let replies = count_up_to_enough(conn, query, parts, &plan, tagged, Source::Replies)?;
        if primary + replies > 0 || plan.required.is_empty() {
            plan.replies = replies > 0;
            plan.primary_matches = primary;
            return Ok(plan);
        }
        // No thread holds them all: any word will do, ranked by how many
        // and which (rare words weigh more) a thread holds, and where.
        plan.required.clear();
        plan.relaxed = true;
    }
}

/// The plan before anything is counted: every strong word required (but
/// words no thread holds), in the first source.
fn first_plan(query: &SearchQuery, parts: &[query::Part]) -> Plan {
    let strong: Vec<usize> = (0..parts.len()).filter(|&i| !parts[i].weak).collect();
    let mut required = if strong.is_empty() {
        (0..parts.len()).collect()
    } else {
        strong
    };
    let wanted = required.len();
    // Held by no thread: nothing would match while it is required.
    if required.len() > 1 {
        let unknown: Vec<usize> = required
            .iter()
            .copied()
            .filter(|&i| parts[i].docs == Some(0) && !parts[i].cjk && parts[i].phrases.len() == 1)
            .collect();
        if unknown.len() < required.len() {
            required.retain(|i| !unknown.contains(i));
        }
    }
    let mut plan = Plan {
        relaxed: required.len() < wanted,
        required,
        ..Plan::default()
    };
    if query.match_any {
        plan.required.clear();
        plan.relaxed = true;
    }
    plan
}

pub fn search(conn: &mut DbConn, query: &SearchQuery) -> QueryResult<SearchResults> {
    search_part(conn, query, Part::All)
}

/// After a bulk load or a rebuild: SQLite merges the full-text indexes into
/// one segment each (the common words of 100,000 threads rank ~20 % faster),
/// and both databases refresh the planner's statistics.
pub fn optimize(conn: &mut DbConn) -> QueryResult<()> {
    match conn {
        DbConn::Sqlite(c) => {
            diesel::sql_query("INSERT INTO search_fts(search_fts) VALUES('optimize')")
                .execute(c)?;
            diesel::sql_query(
                "INSERT INTO search_replies_fts(search_replies_fts) VALUES('optimize')",
            )
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

/// The plan of a search, to run both halves with (each would otherwise
/// count the same matches on its own connection).
pub fn plan_search(conn: &mut DbConn, query: &SearchQuery) -> QueryResult<Plan> {
    let parts = query::parts(query);
    if parts.is_empty() {
        return Ok(Plan::default());
    }
    let tagged = phrase_tags(conn, &parts)?;
    let mut plan = plan(conn, query, &parts, &tagged)?;
    if !plan.replies {
        plan.split = shares(conn, &parts, &plan, &tagged)?;
    }
    Ok(plan)
}

/// The plan `plan_search` makes whenever a page of threads or more match
/// every strong word in the first source, made without counting them: a
/// search run with it first shows by its total (`enough`) whether it was
/// the plan, and only a search with fewer is planned and run again.
/// Counting took 3 ms of a common word's search on PostgreSQL (its GIN
/// index gives no match before it has found them all). None: no words, or
/// words that are all stop words (the planned search says so).
pub fn hopeful_plan(conn: &mut DbConn, query: &SearchQuery) -> QueryResult<Option<Plan>> {
    let parts = query::parts(query);
    if parts.is_empty() {
        return Ok(None);
    }
    let tagged = phrase_tags(conn, &parts)?;
    let mut plan = first_plan(query, &parts);
    plan.split = shares(conn, &parts, &plan, &tagged)?;
    Ok(plan.split.is_some().then_some(plan))
}

/// Whether a search run with `hopeful_plan` found what the planned search
/// would: a page of threads or more.
pub fn enough(results: &SearchResults) -> bool {
    results.total >= ENOUGH_MATCHES as usize
}

/// How the threads of a search without replies are shared between its two
/// halves. None on PostgreSQL for words that are all stop words: they match
/// nothing, and search_in says so (search-too-common), the shares would not.
fn shares(
    conn: &mut DbConn,
    parts: &[query::Part],
    plan: &Plan,
    tagged: &[PhraseTag],
) -> QueryResult<Option<Shares>> {
    Ok(match conn {
        DbConn::Sqlite(c) => {
            let last: Count =
                diesel::sql_query("SELECT COALESCE(MAX(thread_id), 0) AS n FROM search_matches")
                    .get_result(c)?;
            Some(Shares::BelowId(last.n / 2 + 1))
        }
        DbConn::Pg(c) => {
            let expression = Dialect::TsQuery(tagged).matcher(parts, plan);
            let nodes: Nodes = diesel::sql_query("SELECT numnode(to_tsquery('english', $1)) AS n")
                .bind::<Text, _>(&expression)
                .get_result(c)?;
            (nodes.n > 0).then_some(Shares::Partitions)
        }
    })
}

/// What one half of a search found (`search_half`), for `join`.
pub struct HalfResults(HalfFound);

enum HalfFound {
    /// The hits or the facets (when replies count).
    Done(SearchResults),
    /// A share's best rows, best first, and its counted facts.
    Share {
        best: Vec<(Candidate, Row)>,
        grouped: Vec<FactsCount>,
    },
}

/// One half of a search, with the plan `plan_search` made.
pub fn search_half(
    conn: &mut DbConn,
    query: &SearchQuery,
    plan: &Plan,
    part: Part,
) -> QueryResult<HalfResults> {
    match (part, plan.split, &mut *conn) {
        (Part::Lower | Part::Upper, Some(Shares::BelowId(split)), DbConn::Sqlite(c)) => {
            search_share(c, query, plan, split, part == Part::Upper)
        }
        (Part::Lower | Part::Upper, Some(Shares::Partitions), DbConn::Pg(_)) => {
            let share = usize::from(part == Part::Upper);
            conn.transaction(|conn| {
                tell_the_planner(conn)?;
                search_share_pg(conn, query, plan, share)
            })
        }
        _ => Ok(HalfResults(HalfFound::Done(search_planned(
            conn,
            query,
            Some(plan),
            part,
        )?))),
    }
}

/// Puts a search's two halves together: the hits of one and the facets of
/// the other, or two shares' best rows (the page of them) and counts.
pub fn join(query: &SearchQuery, first: HalfResults, second: HalfResults) -> SearchResults {
    match (first.0, second.0) {
        (
            HalfFound::Share {
                best: mut best_rows,
                grouped: mut counted,
            },
            HalfFound::Share { best, grouped },
        ) => {
            best_rows.extend(best);
            best_rows.sort_by(|a, b| a.0.order(&b.0));
            counted.extend(grouped);
            let offset = usize::try_from(query.offset()).unwrap_or(0);
            let rows = best_rows
                .into_iter()
                .skip(offset)
                .take(PER_PAGE as usize)
                .map(|(_, row)| row)
                .collect();
            let (total, facets) = tally(&counted);
            SearchResults {
                hits: hits_of(query, rows),
                total,
                facets,
                page: query.page,
                per_page: PER_PAGE,
                engine: "builtin",
                notice: None,
            }
        }
        (HalfFound::Done(hits), HalfFound::Done(facets)) => merge(hits, facets),
        // Never asked for: a share beside a half of the other kind.
        (HalfFound::Done(done), _) | (_, HalfFound::Done(done)) => done,
    }
}

#[derive(QueryableByName)]
struct Shared {
    #[diesel(sql_type = Text)]
    counted: String,
    #[diesel(sql_type = Text)]
    best: String,
}

/// SQLite: one share of the threads (below `split`, or from it on), ranked
/// and counted in one pass over its matches by the `fixloop_best` and
/// `fixloop_facts` aggregates (db::search_functions), then the best rows'
/// texts. Two shares at once take half the time the hits and the facets
/// did side by side, each of which read every match: a common word's
/// 26,000 matches on the 100,000-thread set.
fn search_share(
    c: &mut diesel::sqlite::SqliteConnection,
    query: &SearchQuery,
    plan: &Plan,
    split: i64,
    upper: bool,
) -> QueryResult<HalfResults> {
    let parts = query::parts(query);
    if parts.is_empty() {
        return Ok(HalfResults(HalfFound::Share {
            best: Vec::new(),
            grouped: Vec::new(),
        }));
    }
    let matcher = Dialect::Fts5.matcher(&parts, plan);
    let (covered, score) = sqlite_ranking(query, &parts, plan, Source::Primary);
    let written = written_filter(query, true);
    let range = if upper { ">=" } else { "<" };
    let filters = sqlite_filters(query);
    // The ranking function reads the FTS5 cursor, which an aggregate's
    // arguments cannot name: the matches are a subquery, kept apart from
    // the aggregate by its LIMIT (SQLite does not flatten it then).
    let sql = format!(
        "SELECT fixloop_facts(m.kind, m.recovery_path, m.solved, m.verified, m.firmware_current, \
         m.device_path, ?6) AS counted, \
         fixloop_best(?9, m.covered, m.score, m.at, m.thread_id) AS best \
         FROM (SELECT d.kind, d.recovery_path, d.solved, d.verified, d.firmware_current, \
               d.device_path, d.thread_id, d.last_activity_at AS at, {covered} AS covered, {score} AS score \
               {} {filters}{written} AND search_fts.rowid {range} ?10 LIMIT -1) m",
        Source::Primary.sqlite_from()
    );
    let named = named_device_param(query);
    let keep = query.offset() + PER_PAGE;
    let shared: Shared = bind_match_and_filters!(sql, &matcher, query)
        .bind::<Text, _>(&named)
        .bind::<BigInt, _>(keep)
        .bind::<BigInt, _>(split)
        .get_result(c)?;
    share_found(&shared, |ids| {
        diesel::sql_query(format!(
            "SELECT {ROW_COLUMNS} FROM search_docs t WHERE t.thread_id IN (SELECT value FROM json_each(?1))"
        ))
        .bind::<Text, _>(serde_json::to_string(ids).map_err(json_error)?)
        .load(c)
    })
}

fn json_error(e: serde_json::Error) -> diesel::result::Error {
    diesel::result::Error::DeserializationError(Box::new(e))
}

/// A share's best rows (as JSON `Candidate`s) with their documents' texts
/// (`load`: the documents of these ids), and its counted facts.
fn share_found(
    shared: &Shared,
    load: impl FnOnce(&[i64]) -> QueryResult<Vec<Row>>,
) -> QueryResult<HalfResults> {
    let best: Vec<Candidate> = serde_json::from_str(&shared.best).map_err(json_error)?;
    let grouped = count_facts(&shared.counted)?;
    let ids: Vec<i64> = best.iter().map(|b| b.id).collect();
    let mut rows = load(&ids)?;
    let best = best
        .into_iter()
        .filter_map(|b| {
            let at = rows.iter().position(|r| r.thread_id == b.id)?;
            Some((b, rows.swap_remove(at)))
        })
        .collect();
    Ok(HalfResults(HalfFound::Share { best, grouped }))
}

/// PostgreSQL: one share of the threads, the partition `search_matches_N`
/// (migration 000040), ranked and counted in one pass: its matches are read
/// once into a materialised CTE, from which the best rows (as `Candidate`s:
/// the rank negated, lower is better) and the counted combinations of facts
/// (in `count_facts`' shape) come back as two JSON values; then the best
/// rows' texts. The CTE keeps only what is ordered and counted by: each
/// column more of a common word's 13,000 matches costs (48 ms a share with
/// the facts as six columns and the device found by string functions, 29 ms
/// with `facts` and `device_ids`, migration 000042).
fn search_share_pg(
    conn: &mut DbConn,
    query: &SearchQuery,
    plan: &Plan,
    share: usize,
) -> QueryResult<HalfResults> {
    let parts = query::parts(query);
    if parts.is_empty() {
        return Ok(HalfResults(HalfFound::Share {
            best: Vec::new(),
            grouped: Vec::new(),
        }));
    }
    let tagged = phrase_tags(conn, &parts)?;
    let DbConn::Pg(c) = conn else {
        return Err(diesel::result::Error::QueryBuilderError(
            "a PostgreSQL share on another database".into(),
        ));
    };
    let expression = Dialect::TsQuery(&tagged).matcher(&parts, plan);
    let (covered, rank) = postgres_ranking(query, &parts, plan, &tagged, Source::Primary);
    let written = written_filter(query, false);
    let matches = Source::Primary.postgres_where();
    // The device facet counts the device one level below the filter's
    // (query::child_under): the element after the filter's ids (arrays
    // count from 1; past the end is NULL).
    let child_at = query
        .device_path
        .as_deref()
        .map_or(0, |p| crate::model::knowledge::devices::path_ids(p).len())
        + 1;
    let sql = format!(
        "WITH m AS MATERIALIZED ( \
             SELECT d.thread_id, d.last_activity_at AS at, {covered} AS covered, -({rank}) AS score, \
                    d.facts, d.device_ids[{child_at}] AS child \
             FROM search_matches_{share} d, (SELECT to_tsquery('english', $1) AS query) q \
             WHERE {matches} {POSTGRES_FILTERS}{written}) \
         SELECT \
           (SELECT COALESCE(json_agg(json_build_object('covered', b.covered, 'score', b.score, \
                       'at', to_char(b.at, 'YYYY-MM-DD HH24:MI:SS.US'), 'id', b.thread_id)), '[]')::text \
            FROM (SELECT * FROM m ORDER BY covered DESC, score, at DESC, thread_id LIMIT $9) b) AS best, \
           (SELECT COALESCE(json_agg(json_build_array(g.n, g.facts & 7, \
                       ({FACT_KINDS})[(g.facts >> 3) & 15], ({FACT_PATHS})[g.facts >> 7], g.child::text)), '[]')::text \
            FROM (SELECT COUNT(*) AS n, facts, child FROM m GROUP BY facts, child) g) AS counted"
    );
    let named = named_device_param(query);
    let shared: Shared = bind_match_and_filters!(sql, &expression, query)
        .bind::<Text, _>(&named)
        .bind::<BigInt, _>(query.offset() + PER_PAGE)
        .get_result(c)?;
    share_found(&shared, |ids| {
        diesel::sql_query(format!(
            "SELECT {ROW_COLUMNS} FROM search_docs t WHERE t.thread_id = ANY($1)"
        ))
        .bind::<diesel::sql_types::Array<BigInt>, _>(ids)
        .load(c)
    })
}

/// PostgreSQL: the tags of the search's synonym phrases that every document
/// holding them has (none on SQLite, whose index keeps word positions).
fn phrase_tags(conn: &mut DbConn, parts: &[query::Part]) -> QueryResult<Vec<PhraseTag>> {
    let phrases = phrases_of(parts);
    match conn {
        DbConn::Pg(c) if !phrases.is_empty() => diesel::sql_query(
            "SELECT term, search_phrase_token(term) AS tag FROM search_phrase_tags \
             WHERE term = ANY($1)",
        )
        .bind::<diesel::sql_types::Array<Text>, _>(&phrases)
        .load(c),
        _ => Ok(Vec::new()),
    }
}

/// One half of a search (or both); the plan is made here.
pub fn search_part(
    conn: &mut DbConn,
    query: &SearchQuery,
    part: Part,
) -> QueryResult<SearchResults> {
    search_planned(conn, query, None, part)
}

/// One half of a search (or both), with the plan `plan_search` made (None:
/// made here). On PostgreSQL it runs in a transaction
/// with the planner told what holds here: the search tables are read from
/// memory (random_page_cost 1.1, not 4), and reading the GIN index's matches
/// beats testing `@@` on every row, which the planner prices at almost
/// nothing: for a word in a quarter of the threads, a sequential scan took
/// 50-58 ms against 30-37 ms through the index (enable_seqscan off; another
/// index, such as the device one, is still chosen where it is better). No
/// parallel workers: the two halves already run at once, on two connections.
pub fn search_planned(
    conn: &mut DbConn,
    query: &SearchQuery,
    plan: Option<&Plan>,
    part: Part,
) -> QueryResult<SearchResults> {
    if matches!(conn, DbConn::Pg(_)) {
        return conn.transaction(|conn| {
            tell_the_planner(conn)?;
            search_in(conn, query, plan, part)
        });
    }
    search_in(conn, query, plan, part)
}

/// PostgreSQL, inside the search's transaction: what `search_planned`
/// says holds here, as SET LOCAL, three at once (one round trip).
fn tell_the_planner(conn: &mut DbConn) -> QueryResult<()> {
    diesel::sql_query(
        "SELECT set_config('random_page_cost', '1.1', true), \
                set_config('enable_seqscan', 'off', true), \
                set_config('max_parallel_workers_per_gather', '0', true)",
    )
    .execute(conn)?;
    Ok(())
}

/// The rank multiplier of a match's facts: solved and verified threads above
/// otherwise equal matches, known issues above any ordinary thread (x2
/// against at most x1.5), and threads of the device the words name (the
/// parameter ?8 / $8) x1.5. PostgreSQL's in float8 (numeric cost ~0.5 µs a
/// match more).
fn boost_sql(dialect: &Dialect, named_device: Option<&str>) -> String {
    // Only when a device is named: a LIKE on every match costs 13 % of
    // ranking a common word's 26,000 matches.
    let (facts, device) = match dialect {
        Dialect::Fts5 => (
            "(1.0 + 0.25 * d.solved + 0.25 * d.verified + (d.kind = 'known_issue'))",
            "(CASE WHEN d.device_path LIKE ?8 || '%' THEN 1.5 ELSE 1.0 END)",
        ),
        Dialect::TsQuery(_) => (
            "(1.0::float8 + 0.25::float8 * (d.solved::int + d.verified::int) + (d.kind = 'known_issue')::int)",
            "(CASE WHEN d.device_path LIKE $8 || '%' THEN 1.5::float8 ELSE 1.0::float8 END)",
        ),
    };
    match named_device {
        Some(_) => format!("{facts} * {device}"),
        None => facts.to_owned(),
    }
}

/// The device the words name, as the ranking's parameter ?8 / $8 (matched
/// nowhere when none is named).
fn named_device_param(query: &SearchQuery) -> String {
    query
        .named_device
        .clone()
        .unwrap_or_else(|| "\u{1}".to_owned())
}

/// SQLite: what ranks a match (`covered`: it holds every strong word, when
/// not all were required; `score`: lower is better).
fn sqlite_ranking(
    query: &SearchQuery,
    parts: &[query::Part],
    plan: &Plan,
    source: Source,
) -> (String, String) {
    let dialect = Dialect::Fts5;
    let covered = dialect.covered(parts, plan, source);
    let boost = boost_sql(&dialect, query.named_device.as_deref());
    // BM25, negative (lower is better), as db::search_functions computes it
    // with the document's length from its facts and its phrases' counts
    // kept per query (?1, this source's only); columns: title, devices,
    // body (question, solution, verified answers), CJK pieces.
    match (query.sort, source) {
        (Sort::Relevance, Source::Primary) => (
            covered,
            format!("fixloop_rank(search_fts, ?1, d.words, 10.0, 6.0, 1.0, 1.0) * {boost}"),
        ),
        (Sort::Relevance, Source::Replies) => {
            (covered, format!("bm25(search_replies_fts) * {boost}"))
        }
        (Sort::Newest, _) => ("false".to_owned(), "0 * length(?8)".to_owned()),
    }
}

/// PostgreSQL: what ranks a match (`covered`: it holds every strong word,
/// when not all were required; the rank: higher is better).
fn postgres_ranking(
    query: &SearchQuery,
    parts: &[query::Part],
    plan: &Plan,
    tagged: &[PhraseTag],
    source: Source,
) -> (String, String) {
    let dialect = Dialect::TsQuery(tagged);
    let covered = dialect.covered(parts, plan, source);
    let boost = boost_sql(&dialect, query.named_device.as_deref());
    // ts_rank weighs how often the words occur, by where: the title (A)
    // 1.0, the device names (B) 0.6, the body and CJK pieces (C) 0.3; the
    // replies (D, their own tsvector) 0.1. In float8 (numeric cost ~0.5 µs
    // a match more). ts_rank_cd (cover density) read every match's
    // positions and cost twice as much.
    let rank = match (query.sort, source) {
        (Sort::Relevance, Source::Primary) => {
            format!("ts_rank('{{0.1, 0.3, 0.6, 1.0}}', d.tsv, q.query)::float8 * {boost}")
        }
        (Sort::Relevance, Source::Replies) => {
            format!("ts_rank('{{0.1, 0.3, 0.6, 1.0}}', r.replies_tsv, q.query)::float8 * {boost}")
        }
        (Sort::Newest, _) => "0 * length($8)".to_owned(),
    };
    (covered, rank)
}

/// PostgreSQL: the device one level below the device filter ($6) on a
/// match's `device_path` (query::child_under), NULL when it has none there.
const POSTGRES_CHILD: &str =
    "CASE WHEN left(device_path, length(COALESCE($6, '/'))) = COALESCE($6, '/') \
     THEN NULLIF(split_part(substr(device_path, length(COALESCE($6, '/')) + 1), '/', 1), '') END";

/// PostgreSQL: the kinds and recovery paths as `search_matches.facts`
/// numbers them (their place in these lists, from 1; migration 000042
/// writes the same lists).
const FACT_KINDS: &str =
    "ARRAY['troubleshooting', 'guide', 'part_swap', 'discussion', 'known_issue', 'idea']";
const FACT_PATHS: &str = "ARRAY['customer_led', 'joint', 'staff_led']";

/// The columns of a `Row`, from a document `t`.
const ROW_COLUMNS: &str = "t.thread_id, t.title, t.kind, t.device_path, t.solved, t.verified, \
     t.recovery_path, t.firmware_current, t.last_activity_at, t.body, t.replies, t.lang";

/// What one source gives a search: a page of hits and the facts to count.
struct Found {
    rows: Vec<Row>,
    grouped: Vec<FactsCount>,
}

/// One source's page of hits (`limit` from `offset`) and facts (when asked).
#[allow(clippy::too_many_arguments)]
fn search_source(
    conn: &mut DbConn,
    query: &SearchQuery,
    parts: &[query::Part],
    plan: &Plan,
    tagged: &[PhraseTag],
    source: Source,
    (limit, offset): (i64, i64),
    facets: bool,
) -> QueryResult<Found> {
    let named = named_device_param(query);
    let mut found = Found {
        rows: Vec::new(),
        grouped: Vec::new(),
    };
    let written = written_filter(query, matches!(conn, DbConn::Sqlite(_)));
    match conn {
        DbConn::Sqlite(c) => {
            let dialect = Dialect::Fts5;
            let matcher = dialect.matcher(parts, plan);
            // Threads that hold every word first, when not all were required.
            let (covered, score) = sqlite_ranking(query, parts, plan, source);
            let filters = sqlite_filters(query);
            // The page's matches are ranked on the narrow index; only the
            // page's hits are joined to their document for its text.
            let page_sql = format!(
                "SELECT {ROW_COLUMNS} \
                 FROM (SELECT d.thread_id AS id, {covered} AS covered, {score} AS score, d.last_activity_at AS at \
                       {} {filters}{written} \
                       ORDER BY covered DESC, score, at DESC LIMIT ?9 OFFSET ?10) p \
                 JOIN search_docs t ON t.thread_id = p.id ORDER BY p.covered DESC, p.score, p.at DESC",
                source.sqlite_from()
            );
            if limit > 0 {
                found.rows = bind_match_and_filters!(page_sql, &matcher, query)
                    .bind::<Text, _>(&named)
                    .bind::<BigInt, _>(limit)
                    .bind::<BigInt, _>(offset)
                    .load(c)?;
            }
            if facets {
                let facet_sql = format!(
                    "SELECT fixloop_facts(d.kind, d.recovery_path, d.solved, d.verified, \
                     d.firmware_current, d.device_path, ?6) AS counted {} {filters}{written}",
                    source.sqlite_from()
                );
                let counted: CountedFacts =
                    bind_match_and_filters!(facet_sql, &matcher, query).get_result(c)?;
                found.grouped = count_facts(&counted.counted)?;
            }
        }
        DbConn::Pg(c) => {
            let dialect = Dialect::TsQuery(tagged);
            let expression = dialect.matcher(parts, plan);
            let (covered, rank) = postgres_ranking(query, parts, plan, tagged, source);
            // Threads that hold every word first, when not all were required.
            let score = format!("({covered})::int * 10.0::float8 + {rank}");
            let from = source.postgres_from();
            let matches = source.postgres_where();
            // Matches are ranked in the narrow search_matches (migration
            // 000026); the page's hits alone are joined to their document
            // for their text.
            let page_sql = format!(
                "SELECT p.thread_id, t.title, p.kind, p.device_path, p.solved, p.verified, p.recovery_path, \
                 p.firmware_current, p.last_activity_at, t.body, t.replies, t.lang \
                 FROM (SELECT d.thread_id, d.kind, d.device_path, d.solved, d.verified, d.recovery_path, \
                              d.firmware_current, d.last_activity_at, {score} AS score \
                       FROM {from}, (SELECT to_tsquery('english', $1) AS query) q \
                       WHERE {matches} {POSTGRES_FILTERS}{written} \
                       ORDER BY score DESC, d.last_activity_at DESC LIMIT $9 OFFSET $10) p \
                 JOIN search_docs t ON t.thread_id = p.thread_id \
                 ORDER BY p.score DESC, p.last_activity_at DESC"
            );
            if limit > 0 {
                found.rows = bind_match_and_filters!(page_sql, &expression, query)
                    .bind::<Text, _>(&named)
                    .bind::<BigInt, _>(limit)
                    .bind::<BigInt, _>(offset)
                    .load(c)?;
            }
            // Counted in the database, grouped by the combination of facts:
            // a few dozen rows back, not one per match (26,000 for a common
            // word), summed here. One grouping of six columns costs a third
            // of what six grouping sets did (4 ms of a 24 ms facet query).
            // The device facet counts the device one level below the
            // filter's (query::child_under).
            if facets {
                let facet_sql = format!(
                    "SELECT m.kind, m.solved, m.verified, m.recovery_path, m.firmware_current, m.child, COUNT(*) AS n \
                     FROM (SELECT d.kind, d.solved, d.verified, d.recovery_path, d.firmware_current, \
                                  {POSTGRES_CHILD} AS child \
                           FROM {from}, (SELECT to_tsquery('english', $1) AS query) q \
                           WHERE {matches} {POSTGRES_FILTERS}{written}) m \
                     GROUP BY m.kind, m.solved, m.verified, m.recovery_path, m.firmware_current, m.child"
                );
                found.grouped = bind_match_and_filters!(facet_sql, &expression, query).load(c)?;
            }
        }
    }
    Ok(found)
}

#[derive(QueryableByName)]
struct CountedFacts {
    #[diesel(sql_type = Text)]
    counted: String,
}

/// Matches counted per combination of facts, as JSON (`[[n, flags, kind,
/// recovery_path, device], …]`, the device already the one below the
/// filter's): from SQLite's `fixloop_facts` aggregate (db::search_functions)
/// or a PostgreSQL share.
fn count_facts(counted: &str) -> QueryResult<Vec<FactsCount>> {
    type Combination = (i64, u8, String, Option<String>, Option<String>);
    let rows: Vec<Combination> = serde_json::from_str(counted).map_err(json_error)?;
    Ok(rows
        .into_iter()
        .map(|(n, flags, kind, recovery_path, child)| FactsCount {
            kind,
            solved: flags & 1 != 0,
            verified: flags & 2 != 0,
            recovery_path,
            firmware_current: flags & 4 != 0,
            child,
            n,
        })
        .collect())
}

fn search_in(
    conn: &mut DbConn,
    query: &SearchQuery,
    plan: Option<&Plan>,
    part: Part,
) -> QueryResult<SearchResults> {
    let mut results = SearchResults {
        page: query.page,
        per_page: PER_PAGE,
        engine: "builtin",
        ..Default::default()
    };
    let parts = query::parts(query);
    if parts.is_empty() {
        return Ok(results);
    }
    let tagged = phrase_tags(conn, &parts)?;
    let plan = match plan {
        Some(plan) => plan.clone(),
        None => self::plan(conn, query, &parts, &tagged)?,
    };
    if let DbConn::Pg(c) = conn {
        let expression = Dialect::TsQuery(&tagged).matcher(&parts, &plan);
        let nodes: Nodes = diesel::sql_query("SELECT numnode(to_tsquery('english', $1)) AS n")
            .bind::<Text, _>(&expression)
            .get_result(c)?;
        if nodes.n == 0 {
            results.notice = Some("search-too-common".into());
            return Ok(results);
        }
    }
    let page = if part.hits() {
        (PER_PAGE, query.offset())
    } else {
        (0, 0)
    };
    let primary = search_source(
        conn,
        query,
        &parts,
        &plan,
        &tagged,
        Source::Primary,
        page,
        part.facets(),
    )?;
    // The threads found by a reply alone come after the others: this page
    // continues with them where the others end.
    let replies = if plan.replies {
        let before = plan.primary_matches;
        let (limit, offset) = page;
        let reply_page = if limit == 0 {
            (0, 0)
        } else if offset < before {
            (limit - (before - offset).min(limit), 0)
        } else {
            (limit, offset - before)
        };
        Some(search_source(
            conn,
            query,
            &parts,
            &plan,
            &tagged,
            Source::Replies,
            reply_page,
            part.facets(),
        )?)
    } else {
        None
    };
    let mut rows = primary.rows;
    let mut grouped = primary.grouped;
    if let Some(r) = replies {
        rows.extend(r.rows);
        grouped.extend(r.grouped);
    }
    (results.total, results.facets) = tally(&grouped);
    results.hits = hits_of(query, rows);
    Ok(results)
}

/// The total and the facets of these counted combinations of facts.
fn tally(grouped: &[FactsCount]) -> (usize, query::Facets) {
    let mut tally = FacetTally::default();
    for g in grouped {
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
    tally.finish()
}

/// The hits these rows are, their words marked.
fn hits_of(query: &SearchQuery, rows: Vec<Row>) -> Vec<Hit> {
    let matcher = Matcher::new(query);
    rows.into_iter()
        .map(|r| Hit {
            snippet_html: snippet_html(&matcher.best_snippet(&[&r.body, &r.replies])),
            title_html: snippet_html(&matcher.mark_all(&r.title)),
            thread_id: r.thread_id,
            title: r.title,
            kind: r.kind,
            device_path: r.device_path,
            solved: r.solved,
            verified: r.verified,
            recovery_path: r.recovery_path,
            firmware_current: r.firmware_current,
            last_activity_at: r.last_activity_at,
            lang: r.lang,
        })
        .collect()
}
