//! SQL functions the builtin search engine calls on SQLite (search::builtin),
//! registered on every connection: a ranking function and a counting
//! aggregate, each doing per match what SQL did at a higher cost.
//!
//! `fixloop_rank`, an FTS5 ranking function: Okapi BM25 exactly as FTS5's
//! own `bm25()` computes it (k1 1.2, b 0.75, a weight per column), with two
//! of its costs taken out.
//!
//! - **The document's length.** `bm25()` reads each match's length from
//!   FTS5's docsize table with one SQL statement per match: half of the time
//!   of ranking a common word's 26,000 matches on the 100,000-thread
//!   benchmark set. The caller passes the length instead, from the narrow
//!   row the match is joined to anyway (`search_matches.words`); when it is
//!   NULL (a document not yet counted) FTS5's own count is read.
//! - **How many documents hold each phrase** (its IDF). `bm25()` counts them
//!   again for every query, reading each phrase's whole list of documents
//!   (4–9 ms for two common words). Here the count is kept per database,
//!   query and phrase for up to ten minutes, and counted again sooner when
//!   the index grew or shrank by more than 1 %: a corpus statistic, which
//!   moves slowly.
//!
//! `fixloop_rank(search_fts, key, words, w0, w1, …)`: `key` names the query
//! (the MATCH expression: the same text gives the same phrases), `words` the
//! document's length, `w0…` the columns' weights (1.0 for any not given).
//! Lower is better, as with `bm25()`.
//!
//! `fixloop_facts(kind, recovery_path, solved, verified, firmware_current,
//! device_path, under)`, an aggregate: how many rows share each combination
//! of these facts, the device counted as the one below the path `under`
//! (`child_under`), as JSON (`[[n, flags, kind, recovery_path, device], …]`,
//! flags: 1 solved, 2 verified, 4 firmware current). Counting a common
//! word's 26,000 matches row by row in Rust took about as long as finding
//! them (each row stepped out of SQLite and read by column); the aggregate
//! reads the values in place, within one step.
//!
//! `fixloop_best(keep, covered, score, at, id)`, an aggregate: the `keep`
//! best rows, as JSON (`[{id, covered, score, at}, …]`, best first: covered,
//! then the lowest score, the latest `at`, the lowest id). With
//! `fixloop_facts` it ranks and counts a search's matches in one pass.

use std::collections::HashMap;
use std::ffi::{c_char, c_int, c_void, CStr};
use std::ptr;
use std::sync::{Mutex, Once};
use std::time::{Duration, Instant};

use libsqlite3_sys as ffi;

const K1: f64 = 1.2;
const B: f64 = 0.75;

/// How long a phrase's document count is kept.
const KEEP_COUNT_FOR: Duration = Duration::from_secs(600);
/// Counts kept at most (all are let go when more would be).
const MAX_KEPT_COUNTS: usize = 4096;

/// Registers the functions on every SQLite connection this process opens
/// from now on (SQLite's automatic extensions). Called before the first.
pub fn register() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // SAFETY: `init` has the entry point's signature; SQLite keeps the
        // function pointer, which lives as long as the program.
        let rc = unsafe { ffi::sqlite3_auto_extension(Some(init)) };
        if rc != ffi::SQLITE_OK {
            tracing::error!(rc, "SQLite: the ranking function could not be registered");
        }
    });
}

/// Run by SQLite for each new connection: finds FTS5's API and adds the function.
unsafe extern "C" fn init(
    db: *mut ffi::sqlite3,
    _error: *mut *mut c_char,
    _api: *const ffi::sqlite3_api_routines,
) -> c_int {
    let mut fts5: *mut ffi::fts5_api = ptr::null_mut();
    let mut stmt: *mut ffi::sqlite3_stmt = ptr::null_mut();
    // SAFETY: `db` is the connection being opened; the statement is
    // finalised before returning, and `fts5` outlives it (FTS5 writes its
    // API's address there during the step).
    unsafe {
        let rc = ffi::sqlite3_prepare_v2(
            db,
            c"SELECT fts5(?1)".as_ptr(),
            -1,
            &mut stmt,
            ptr::null_mut(),
        );
        if rc != ffi::SQLITE_OK {
            return rc;
        }
        ffi::sqlite3_bind_pointer(
            stmt,
            1,
            (&mut fts5 as *mut *mut ffi::fts5_api).cast::<c_void>(),
            c"fts5_api_ptr".as_ptr(),
            None,
        );
        ffi::sqlite3_step(stmt);
        ffi::sqlite3_finalize(stmt);
        let Some(create) = fts5.as_ref().and_then(|api| api.xCreateFunction) else {
            return ffi::SQLITE_ERROR;
        };
        let rc = create(
            fts5,
            c"fixloop_rank".as_ptr(),
            ptr::null_mut(),
            Some(rank),
            None,
        );
        if rc != ffi::SQLITE_OK {
            return rc;
        }
        let rc = create_aggregate::<FactCounts>(db, c"fixloop_facts");
        if rc != ffi::SQLITE_OK {
            return rc;
        }
        create_aggregate::<BestRows>(db, c"fixloop_best")
    }
}

/// Adds the aggregate `A` to the connection `db` as the SQL function `name`.
///
/// # Safety
/// `db` is an open connection.
unsafe fn create_aggregate<A: Aggregate>(db: *mut ffi::sqlite3, name: &CStr) -> c_int {
    // SAFETY: the step and final functions are A's, for A's argument count.
    unsafe {
        ffi::sqlite3_create_function_v2(
            db,
            name.as_ptr(),
            A::ARGS,
            ffi::SQLITE_UTF8 | ffi::SQLITE_DETERMINISTIC,
            ptr::null_mut(),
            None,
            Some(aggregate_step::<A>),
            Some(aggregate_final::<A>),
            None,
        )
    }
}

/// What one query's ranking keeps between its matches (FTS5's auxdata).
struct Query {
    idf: Vec<f64>,
    average_words: f64,
    /// Each phrase's weighted hits in the current match (reused).
    hits: Vec<f64>,
}

unsafe extern "C" fn free_query(query: *mut c_void) {
    // SAFETY: made by Box::into_raw in `query_of`, freed once by FTS5.
    drop(unsafe { Box::from_raw(query.cast::<Query>()) });
}

/// An FTS5 call's result code as a Result.
fn ok(rc: c_int) -> Result<(), c_int> {
    if rc == ffi::SQLITE_OK {
        Ok(())
    } else {
        Err(rc)
    }
}

unsafe extern "C" fn rank(
    api: *const ffi::Fts5ExtensionApi,
    fts: *mut ffi::Fts5Context,
    ctx: *mut ffi::sqlite3_context,
    n: c_int,
    args: *mut *mut ffi::sqlite3_value,
) {
    // SAFETY: FTS5 passes its API, the match's context and `n` arguments.
    let result = std::panic::catch_unwind(|| unsafe {
        let args = if n > 0 && !args.is_null() {
            std::slice::from_raw_parts(args, n as usize)
        } else {
            &[]
        };
        score(&*api, fts, ctx, args)
    });
    // SAFETY: `ctx` is this call's result context.
    unsafe {
        match result {
            Ok(Ok(score)) => ffi::sqlite3_result_double(ctx, score),
            Ok(Err(rc)) => ffi::sqlite3_result_error_code(ctx, rc),
            Err(_) => ffi::sqlite3_result_error(ctx, c"fixloop_rank failed".as_ptr(), -1),
        }
    }
}

/// The match's score: minus the sum over the phrases of IDF × saturated,
/// length-normalised weighted hits.
unsafe fn score(
    api: &ffi::Fts5ExtensionApi,
    fts: *mut ffi::Fts5Context,
    ctx: *mut ffi::sqlite3_context,
    args: &[*mut ffi::sqlite3_value],
) -> Result<f64, c_int> {
    // SAFETY (the whole function): the API's functions are called with the
    // context FTS5 gave this call; `args` are this call's values.
    unsafe {
        let query = &mut *query_of(api, fts, ctx, args)?;
        query.hits.iter_mut().for_each(|h| *h = 0.0);
        let weights = &args[args.len().min(2)..];
        let mut instances = 0;
        ok(api.xInstCount.ok_or(ffi::SQLITE_ERROR)?(
            fts,
            &mut instances,
        ))?;
        let inst = api.xInst.ok_or(ffi::SQLITE_ERROR)?;
        for i in 0..instances {
            let (mut phrase, mut column, mut offset) = (0, 0, 0);
            ok(inst(fts, i, &mut phrase, &mut column, &mut offset))?;
            let weight = match weights.get(column as usize) {
                Some(&w) => ffi::sqlite3_value_double(w),
                None => 1.0,
            };
            if let Some(h) = query.hits.get_mut(phrase as usize) {
                *h += weight;
            }
        }
        let words = match args.get(1) {
            Some(&w) if ffi::sqlite3_value_type(w) != ffi::SQLITE_NULL => {
                ffi::sqlite3_value_int64(w) as f64
            }
            _ => {
                let mut size = 0;
                ok(api.xColumnSize.ok_or(ffi::SQLITE_ERROR)?(
                    fts, -1, &mut size,
                ))?;
                f64::from(size)
            }
        };
        let norm = K1 * (1.0 - B + B * words / query.average_words);
        let score: f64 = query
            .idf
            .iter()
            .zip(&query.hits)
            .map(|(idf, &h)| idf * (h * (K1 + 1.0)) / (h + norm))
            .sum();
        Ok(-score)
    }
}

/// This query's kept data, made at its first match.
unsafe fn query_of(
    api: &ffi::Fts5ExtensionApi,
    fts: *mut ffi::Fts5Context,
    ctx: *mut ffi::sqlite3_context,
    args: &[*mut ffi::sqlite3_value],
) -> Result<*mut Query, c_int> {
    // SAFETY (the whole function): as in `score`.
    unsafe {
        let kept = api.xGetAuxdata.ok_or(ffi::SQLITE_ERROR)?(fts, 0).cast::<Query>();
        if !kept.is_null() {
            return Ok(kept);
        }
        let (mut rows, mut words) = (0_i64, 0_i64);
        ok(api.xRowCount.ok_or(ffi::SQLITE_ERROR)?(fts, &mut rows))?;
        ok(api.xColumnTotalSize.ok_or(ffi::SQLITE_ERROR)?(
            fts, -1, &mut words,
        ))?;
        let phrases = api.xPhraseCount.ok_or(ffi::SQLITE_ERROR)?(fts).max(0);
        let key = args
            .first()
            .and_then(|&k| bytes_of(k))
            .map(|k| String::from_utf8_lossy(k).into_owned())
            .and_then(|query| {
                let db = ffi::sqlite3_context_db_handle(ctx);
                let file = ffi::sqlite3_db_filename(db, c"main".as_ptr());
                // An in-memory database has no name to tell it from another.
                (!file.is_null())
                    .then(|| CStr::from_ptr(file).to_string_lossy().into_owned())
                    .filter(|f| !f.is_empty())
                    .map(|file| (file, query))
            });
        let mut idf = Vec::with_capacity(phrases as usize);
        for phrase in 0..phrases {
            let holding = match &key {
                Some((file, query)) => match kept_count(file, query, phrase, rows) {
                    Some(n) => n,
                    None => {
                        let n = count_holding(api, fts, phrase)?;
                        keep_count(file, query, phrase, rows, n);
                        n
                    }
                },
                None => count_holding(api, fts, phrase)?,
            };
            // FTS5's bm25(): a phrase in half the documents or more still counts a little.
            let value = ((rows - holding) as f64 + 0.5) / (holding as f64 + 0.5);
            idf.push(value.ln().max(1e-6));
        }
        let query = Box::into_raw(Box::new(Query {
            hits: vec![0.0; idf.len()],
            idf,
            average_words: if rows > 0 {
                (words as f64 / rows as f64).max(1.0)
            } else {
                1.0
            },
        }));
        // On failure FTS5 frees it.
        ok(api.xSetAuxdata.ok_or(ffi::SQLITE_ERROR)?(
            fts,
            query.cast(),
            Some(free_query),
        ))?;
        Ok(query)
    }
}

/// How many documents hold the phrase: FTS5 walks its list of documents.
unsafe fn count_holding(
    api: &ffi::Fts5ExtensionApi,
    fts: *mut ffi::Fts5Context,
    phrase: c_int,
) -> Result<i64, c_int> {
    unsafe extern "C" fn one_more(
        _api: *const ffi::Fts5ExtensionApi,
        _fts: *mut ffi::Fts5Context,
        count: *mut c_void,
    ) -> c_int {
        // SAFETY: `count` is the i64 passed below.
        unsafe { *count.cast::<i64>() += 1 };
        ffi::SQLITE_OK
    }
    let mut count = 0_i64;
    // SAFETY: the callback only adds to `count`, which outlives the call.
    unsafe {
        ok(api.xQueryPhrase.ok_or(ffi::SQLITE_ERROR)?(
            fts,
            phrase,
            (&mut count as *mut i64).cast(),
            Some(one_more),
        ))?;
    }
    Ok(count)
}

/// A phrase's document count, with the index's size and time it was counted at.
struct Kept {
    holding: i64,
    rows: i64,
    at: Instant,
}

type CountKey = (String, String, c_int);

static KEPT: Mutex<Option<HashMap<CountKey, Kept>>> = Mutex::new(None);

fn kept_count(file: &str, query: &str, phrase: c_int, rows: i64) -> Option<i64> {
    let kept = KEPT.lock().ok()?;
    let k = kept
        .as_ref()?
        .get(&(file.to_owned(), query.to_owned(), phrase))?;
    let fresh = k.at.elapsed() < KEEP_COUNT_FOR && (k.rows - rows).abs() * 100 <= rows;
    fresh.then_some(k.holding)
}

fn keep_count(file: &str, query: &str, phrase: c_int, rows: i64, holding: i64) {
    let Ok(mut kept) = KEPT.lock() else {
        return;
    };
    let kept = kept.get_or_insert_with(HashMap::new);
    if kept.len() >= MAX_KEPT_COUNTS {
        kept.clear();
    }
    kept.insert(
        (file.to_owned(), query.to_owned(), phrase),
        Kept {
            holding,
            rows,
            at: Instant::now(),
        },
    );
}

/// The device one level below `prefix` in a materialised device path
/// ("/1/5/12/" under "/1/" is "5"; None when the path is not below it).
pub fn child_under<'a>(path: &'a str, prefix: Option<&str>) -> Option<&'a str> {
    let rest = path.strip_prefix(prefix.unwrap_or("/"))?;
    rest.split('/').find(|s| !s.is_empty())
}

/// What `fixloop_facts` has counted so far: the distinct texts seen (a
/// handful: kinds, recovery paths and the devices one level down), and the
/// count of each combination by the texts' places.
#[derive(Default)]
struct FactCounts {
    texts: Vec<Vec<u8>>,
    /// (kind, recovery path + 1 or 0, device + 1 or 0, flags) → rows
    /// (Fx: a hash of a few small numbers per match, not SipHash's 3 % of a search.)
    counts: rustc_hash::FxHashMap<(usize, usize, usize, u8), i64>,
}

impl FactCounts {
    /// The place of a text among those seen (the first sight copies it).
    /// A scan: there are few, and most rows repeat the first ones.
    fn place(&mut self, text: &[u8]) -> usize {
        if let Some(at) = self.texts.iter().position(|t| t == text) {
            return at;
        }
        self.texts.push(text.to_vec());
        self.texts.len() - 1
    }

    fn text(&self, place: usize) -> String {
        String::from_utf8_lossy(&self.texts[place]).into_owned()
    }
}

/// The text of a value, in place (None: NULL).
unsafe fn bytes_of<'a>(value: *mut ffi::sqlite3_value) -> Option<&'a [u8]> {
    // SAFETY: a value of the current call; its text stays valid until the
    // call returns or the value is converted again.
    unsafe {
        if ffi::sqlite3_value_type(value) == ffi::SQLITE_NULL {
            return None;
        }
        let bytes = ffi::sqlite3_value_text(value);
        let len = ffi::sqlite3_value_bytes(value).max(0) as usize;
        Some(if bytes.is_null() {
            &[]
        } else {
            std::slice::from_raw_parts(bytes, len)
        })
    }
}

/// A Rust aggregate behind an SQL function: made at its first row, given
/// each row's values in place, and said as JSON text at the end.
trait Aggregate: Default {
    /// How many arguments the SQL function takes.
    const ARGS: c_int;
    const FAILED: &'static CStr;

    /// One row's values (`ARGS` of them, valid during the call).
    ///
    /// # Safety
    /// The values are this call's.
    unsafe fn step(&mut self, args: &[*mut ffi::sqlite3_value]);

    fn json(self) -> String;
}

/// Where SQLite keeps an aggregate's state for us: one pointer, zeroed at
/// first (`size` 0: only what is kept, or null).
unsafe fn state_slot<A>(ctx: *mut ffi::sqlite3_context, size: usize) -> *mut *mut A {
    // SAFETY: SQLite keeps `size` zeroed bytes per aggregate and call.
    unsafe { ffi::sqlite3_aggregate_context(ctx, size as c_int).cast::<*mut A>() }
}

unsafe extern "C" fn aggregate_step<A: Aggregate>(
    ctx: *mut ffi::sqlite3_context,
    n: c_int,
    args: *mut *mut ffi::sqlite3_value,
) {
    let result = std::panic::catch_unwind(|| {
        // SAFETY: SQLite passes `n` values of this row and the aggregate's
        // context; the state is made here once and freed in
        // `aggregate_final`.
        unsafe {
            let slot = state_slot::<A>(ctx, std::mem::size_of::<*mut A>());
            if slot.is_null() || n != A::ARGS || args.is_null() {
                return Err(ffi::SQLITE_MISUSE);
            }
            if (*slot).is_null() {
                *slot = Box::into_raw(Box::<A>::default());
            }
            (**slot).step(std::slice::from_raw_parts(args, n as usize));
            Ok(())
        }
    });
    let rc = match result {
        Ok(Ok(())) => return,
        Ok(Err(rc)) => rc,
        Err(_) => ffi::SQLITE_ERROR,
    };
    // SAFETY: this call's context.
    unsafe { ffi::sqlite3_result_error_code(ctx, rc) };
}

unsafe extern "C" fn aggregate_final<A: Aggregate>(ctx: *mut ffi::sqlite3_context) {
    // SAFETY: the pointer `aggregate_step` made, taken back once here
    // (none when no row was stepped).
    let state = unsafe {
        let slot = state_slot::<A>(ctx, 0);
        if slot.is_null() || (*slot).is_null() {
            None
        } else {
            let state = Box::from_raw(*slot);
            *slot = ptr::null_mut();
            Some(state)
        }
    };
    // The state is dropped with the closure if it panics: nothing is shared.
    let json = std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || {
        state.map(|s| *s).unwrap_or_default().json()
    }));
    // SAFETY: SQLite copies the text (SQLITE_TRANSIENT) before this returns.
    unsafe {
        match json {
            Ok(json) => ffi::sqlite3_result_text(
                ctx,
                json.as_ptr().cast::<c_char>(),
                json.len() as c_int,
                ffi::SQLITE_TRANSIENT(),
            ),
            Err(_) => ffi::sqlite3_result_error(ctx, A::FAILED.as_ptr(), -1),
        }
    }
}

impl Aggregate for FactCounts {
    const ARGS: c_int = 7;
    const FAILED: &'static CStr = c"fixloop_facts failed";

    unsafe fn step(&mut self, args: &[*mut ffi::sqlite3_value]) {
        // SAFETY: this call's values.
        unsafe {
            let flag = |v: *mut ffi::sqlite3_value| u8::from(ffi::sqlite3_value_int64(v) != 0);
            let flags = flag(args[2]) | flag(args[3]) << 1 | flag(args[4]) << 2;
            let kind = self.place(bytes_of(args[0]).unwrap_or_default());
            let recovery = bytes_of(args[1]).map_or(0, |r| self.place(r) + 1);
            let under = bytes_of(args[6]).and_then(|u| std::str::from_utf8(u).ok());
            let path = bytes_of(args[5])
                .and_then(|p| std::str::from_utf8(p).ok())
                .and_then(|p| child_under(p, under))
                .map_or(0, |child| self.place(child.as_bytes()) + 1);
            *self
                .counts
                .entry((kind, recovery, path, flags))
                .or_insert(0) += 1;
        }
    }

    fn json(self) -> String {
        let rows: Vec<serde_json::Value> = self
            .counts
            .iter()
            .map(|(&(kind, recovery, path, flags), &n)| {
                serde_json::json!([
                    n,
                    flags,
                    self.text(kind),
                    recovery.checked_sub(1).map(|r| self.text(r)),
                    path.checked_sub(1).map(|p| self.text(p)),
                ])
            })
            .collect();
        serde_json::Value::Array(rows).to_string()
    }
}

/// One row `fixloop_best` keeps: its place in the order, then its id.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Candidate {
    pub covered: bool,
    pub score: f64,
    pub at: String,
    pub id: i64,
}

impl Candidate {
    /// Best first: covering every strong word, then the lowest score, then
    /// the latest activity, then the lowest id (a stable order to merge by).
    pub fn order(&self, other: &Candidate) -> std::cmp::Ordering {
        other
            .covered
            .cmp(&self.covered)
            .then(self.score.total_cmp(&other.score))
            .then(other.at.cmp(&self.at))
            .then(self.id.cmp(&other.id))
    }
}

/// What `fixloop_best` keeps: at most `keep` best rows (with slack, sorted
/// and cut when it doubles).
#[derive(Default)]
struct BestRows {
    keep: usize,
    rows: Vec<Candidate>,
    /// The worst row kept at the last cut (covered, score): a row behind it
    /// is never kept, and is let go without reading its time.
    worst: Option<(bool, f64)>,
}

impl BestRows {
    fn cut(&mut self) {
        self.rows.sort_by(Candidate::order);
        self.rows.truncate(self.keep);
        if self.rows.len() == self.keep {
            self.worst = self.rows.last().map(|w| (w.covered, w.score));
        }
    }
}

impl Aggregate for BestRows {
    const ARGS: c_int = 5;
    const FAILED: &'static CStr = c"fixloop_best failed";

    unsafe fn step(&mut self, args: &[*mut ffi::sqlite3_value]) {
        // SAFETY: this call's values.
        unsafe {
            self.keep = usize::try_from(ffi::sqlite3_value_int64(args[0])).unwrap_or(0);
            if self.keep == 0 {
                return;
            }
            let covered = ffi::sqlite3_value_int64(args[1]) != 0;
            let score = ffi::sqlite3_value_double(args[2]);
            // JSON has no NaN or infinity.
            let score = if score.is_finite() { score } else { 0.0 };
            // Behind the worst row kept at the last cut: it can never be kept.
            if let Some((worst_covered, worst_score)) = self.worst {
                if (worst_covered, -worst_score) > (covered, -score) {
                    return;
                }
            }
            self.rows.push(Candidate {
                covered,
                score,
                at: bytes_of(args[3])
                    .map(|at| String::from_utf8_lossy(at).into_owned())
                    .unwrap_or_default(),
                id: ffi::sqlite3_value_int64(args[4]),
            });
            if self.rows.len() >= 2 * self.keep.max(16) {
                self.cut();
            }
        }
    }

    fn json(mut self) -> String {
        self.cut();
        serde_json::to_string(&self.rows).unwrap_or_else(|_| "[]".to_owned())
    }
}

#[cfg(test)]
mod tests {
    use diesel::connection::SimpleConnection;
    use diesel::prelude::*;
    use diesel::sql_types::{Double, Text};

    use super::*;

    #[derive(QueryableByName, Debug)]
    struct Scores {
        #[diesel(sql_type = Double)]
        ours: f64,
        #[diesel(sql_type = Double)]
        fts5: f64,
    }

    #[derive(QueryableByName)]
    struct Json {
        #[diesel(sql_type = Text)]
        json: String,
    }

    fn connection() -> SqliteConnection {
        register();
        let mut conn = SqliteConnection::establish(":memory:").unwrap();
        conn.batch_execute(
            "CREATE VIRTUAL TABLE t USING fts5(title, body, tokenize = 'porter unicode61');
             CREATE TABLE facts (id INTEGER PRIMARY KEY, kind TEXT, path TEXT, solved BOOLEAN, words INTEGER);
             INSERT INTO t (rowid, title, body) VALUES
                 (1, 'Battery drains fast', 'The battery of my laptop drains in an hour.'),
                 (2, 'Fan noise', 'A grinding fan; the battery is fine.'),
                 (3, 'Battery swollen', 'Swollen battery battery battery: replace it now.'),
                 (4, 'Keyboard keys stick', 'Sticky keys after a spill.');
             INSERT INTO facts VALUES
                 (1, 'troubleshooting', '/1/5/', 1, 12), (2, 'troubleshooting', '/1/6/', 0, 9),
                 (3, 'guide', '/2/7/', 0, 9), (4, 'guide', NULL, 0, 8);",
        )
        .unwrap();
        conn
    }

    /// With the document's length from FTS5 (NULL) or given as FTS5 counts
    /// it, the score is bm25()'s, for one word and for several phrases.
    #[test]
    fn the_rank_is_bm25() {
        let mut conn = connection();
        for query in ["battery", "battery OR fan", "\"grinding fan\" OR swollen"] {
            let scores: Vec<Scores> = diesel::sql_query(
                "SELECT fixloop_rank(t, ?1, NULL, 10.0, 1.0) AS ours, bm25(t, 10.0, 1.0) AS fts5 \
                 FROM t WHERE t MATCH ?1",
            )
            .bind::<Text, _>(query)
            .load(&mut conn)
            .unwrap();
            assert!(!scores.is_empty(), "{query}");
            for s in &scores {
                assert!((s.ours - s.fts5).abs() < 1e-9, "{query}: {s:?}");
            }
        }
        // The lengths given: the same as FTS5's own count for these rows.
        let scores: Vec<Scores> = diesel::sql_query(
            "SELECT fixloop_rank(t, 'battery', f.words, 10.0, 1.0) AS ours, bm25(t, 10.0, 1.0) AS fts5 \
             FROM t JOIN facts f ON f.id = t.rowid WHERE t MATCH 'battery'",
        )
        .load(&mut conn)
        .unwrap();
        assert_eq!(scores.len(), 3);
        for s in &scores {
            assert!((s.ours - s.fts5).abs() < 1e-9, "{s:?}");
        }
    }

    #[test]
    fn facts_are_counted_per_combination_below_a_device() {
        let mut conn = connection();
        let counted: Json = diesel::sql_query(
            "SELECT fixloop_facts(kind, NULL, solved, 0, 0, path, ?1) AS json FROM facts",
        )
        .bind::<diesel::sql_types::Nullable<Text>, _>(Some("/1/"))
        .get_result(&mut conn)
        .unwrap();
        type Combination = (i64, u8, String, Option<String>, Option<String>);
        let mut rows: Vec<Combination> = serde_json::from_str(&counted.json).unwrap();
        rows.sort_by(|a, b| (&a.2, &a.4).cmp(&(&b.2, &b.4)));
        let row = |n, flags, kind: &str, child: Option<&str>| {
            (n, flags, kind.to_owned(), None, child.map(str::to_owned))
        };
        assert_eq!(
            rows,
            vec![
                row(2, 0, "guide", None),
                row(1, 1, "troubleshooting", Some("5")),
                row(1, 0, "troubleshooting", Some("6")),
            ]
        );
        assert_eq!(child_under("/1/5/12/", Some("/1/")), Some("5"));
        assert_eq!(child_under("/1/5/12/", None), Some("1"));
        assert_eq!(child_under("/2/7/", Some("/1/")), None);
    }

    /// The best rows, best first, however many rows come after them.
    #[test]
    fn the_best_rows_are_kept_in_order() {
        let mut conn = connection();
        conn.batch_execute(
            "CREATE TABLE r (id INTEGER PRIMARY KEY, covered INTEGER, score REAL, at TEXT);
             WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500)
             INSERT INTO r SELECT i, i % 7 = 0, (i * 37) % 101, printf('2026-12-%02d', i % 28 + 1) FROM n;",
        )
        .unwrap();
        let best: Json =
            diesel::sql_query("SELECT fixloop_best(5, covered, score, at, id) AS json FROM r")
                .get_result(&mut conn)
                .unwrap();
        let best: Vec<Candidate> = serde_json::from_str(&best.json).unwrap();
        #[derive(QueryableByName)]
        struct Id {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            id: i64,
        }
        let expected: Vec<i64> =
            diesel::sql_query("SELECT id FROM r ORDER BY covered DESC, score, at DESC, id LIMIT 5")
                .load::<Id>(&mut conn)
                .unwrap()
                .into_iter()
                .map(|r| r.id)
                .collect();
        assert_eq!(best.iter().map(|c| c.id).collect::<Vec<_>>(), expected);
        assert!(best.iter().all(|c| c.covered));
    }

    /// The phrases' document counts are kept for a file's database, and
    /// counted again once the index grew by more than 1 %: the score stays
    /// bm25()'s.
    #[test]
    fn kept_counts_follow_the_index() {
        register();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("rank.db");
        let mut conn = SqliteConnection::establish(path.to_str().unwrap()).unwrap();
        conn.batch_execute(
            "CREATE VIRTUAL TABLE t USING fts5(body);
             INSERT INTO t (body) VALUES ('battery one'), ('battery two'), ('fan three'), ('fan four');",
        )
        .unwrap();
        let compare = |conn: &mut SqliteConnection| {
            let scores: Vec<Scores> = diesel::sql_query(
                "SELECT fixloop_rank(t, 'battery', NULL) AS ours, bm25(t) AS fts5                  FROM t WHERE t MATCH 'battery'",
            )
            .load(conn)
            .unwrap();
            assert!(!scores.is_empty());
            for s in &scores {
                assert!((s.ours - s.fts5).abs() < 1e-9, "{s:?}");
            }
        };
        compare(&mut conn);
        // Half of the documents hold the word now, not two of four.
        conn.batch_execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40)
             INSERT INTO t (body) SELECT CASE WHEN i % 2 = 0 THEN 'battery' ELSE 'fan' END FROM n;",
        )
        .unwrap();
        compare(&mut conn);
    }
}
