//! The Meilisearch engine, through meilisearch-sdk: typo tolerance, facets,
//! fast ranking for large communities. Same results shape as the builtin one.

use std::collections::HashMap;
use std::time::Duration;

use chrono::DateTime;
use meilisearch_sdk::client::Client as SdkClient;
use meilisearch_sdk::errors::Error as SdkError;
use meilisearch_sdk::indexes::Index as SdkIndex;
use meilisearch_sdk::request::{HttpClient, Method};
use meilisearch_sdk::reqwest::ReqwestClient;
use meilisearch_sdk::search::Selectors;
use meilisearch_sdk::settings::Settings;
use meilisearch_sdk::task_info::TaskInfo;
use meilisearch_sdk::tasks::Task;
use serde::{Deserialize, Serialize};

use super::document::SearchDoc;
use super::highlight::Matcher;
use super::query::{
    snippet_html, FacetTally, Facts, Hit, SearchQuery, SearchResults, Sort, PER_PAGE,
};
use crate::model::knowledge::devices::path_ids;

/// The index's name unless `MEILI_INDEX` says otherwise (the setting's
/// default, kept with the settings).
pub const INDEX: &str = crate::config::DEFAULT_MEILI_INDEX;
const TASK_TIMEOUT: Duration = Duration::from_secs(60);
/// A search waits this long for Meilisearch unless `MEILI_SEARCH_TIMEOUT_MS` says otherwise.
pub const SEARCH_TIMEOUT: Duration = Duration::from_millis(1500);
/// Any other request (a batch of documents, a task's state) waits this long.
const WRITE_TIMEOUT: Duration = Duration::from_secs(30);
/// How long the version `/healthz` shows is reused.
const VERSION_KEPT: Duration = Duration::from_secs(60);

type Client = SdkClient<TimedHttp>;
type Index = SdkIndex<TimedHttp>;

/// The SDK's reqwest client with a deadline on every request: without one a
/// server that accepts the connection and never answers holds a visitor's
/// search (and the outbox worker) forever. Searches, health and version
/// checks get the short deadline; writes and task polls the long one.
#[derive(Clone)]
pub struct TimedHttp {
    inner: ReqwestClient,
    search: Duration,
    write: Duration,
}

#[meilisearch_sdk::macro_helper::async_trait]
impl HttpClient for TimedHttp {
    async fn stream_request<
        Query: Serialize + Send + Sync,
        Body: futures_util::io::AsyncRead + Send + Sync + 'static,
        Output: serde::de::DeserializeOwned + 'static,
    >(
        &self,
        url: &str,
        method: Method<Query, Body>,
        content_type: &str,
        expected_status_code: u16,
    ) -> Result<Output, SdkError> {
        let path = url.split('?').next().unwrap_or(url);
        let quick = ["/search", "/health", "/version"]
            .iter()
            .any(|end| path.ends_with(end));
        let limit = if quick { self.search } else { self.write };
        let request = self
            .inner
            .stream_request(url, method, content_type, expected_status_code);
        match actix_web::rt::time::timeout(limit, request).await {
            Ok(answer) => answer,
            Err(_) => Err(SdkError::Timeout),
        }
    }

    fn is_tokio(&self) -> bool {
        true
    }
}

/// A thread as stored in Meilisearch.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MeiliDoc {
    pub id: i64,
    pub title: String,
    pub body: String,
    /// The names of the thread's device and those above it.
    #[serde(default)]
    pub devices: String,
    /// The other replies (search::document).
    #[serde(default)]
    pub replies: String,
    /// The two-character pieces of the CJK text (search::words::bigrams).
    #[serde(default)]
    pub grams: String,
    pub kind: String,
    pub device_path: Option<String>,
    pub device_ids: Vec<i64>,
    pub solved: bool,
    pub verified: bool,
    pub recovery_path: Option<String>,
    /// The solution is confirmed on the current firmware (filter `firmware=current`).
    #[serde(default)]
    pub firmware_current: bool,
    /// The thread's language (render::language; filter `written=ko`).
    /// Absent in documents sent before it was kept.
    #[serde(default)]
    pub lang: Option<String>,
    /// Microseconds since 1970, as precise as the database keeps it: in whole
    /// seconds, "newest first" left threads of the same second in index
    /// order. (Exact in Meilisearch's f64 numbers until the year 2255.)
    pub last_activity_ts: i64,
    /// Solved and verified threads rank above otherwise equal matches, and
    /// known issues above any ordinary thread (3 against at most 2).
    pub rank_boost: i32,
    /// What the counts beside the filters are made of, one attribute per
    /// device level (see `facet_tags`). Absent in documents an older Fixloop
    /// sent: `outdated_ids` finds those.
    #[serde(default)]
    pub facet_tags_l0: Vec<String>,
    #[serde(default)]
    pub facet_tags_l1: Vec<String>,
    #[serde(default)]
    pub facet_tags_l2: Vec<String>,
    #[serde(default)]
    pub facet_tags_l3: Vec<String>,
}

/// Device levels with a facet attribute: maker, line, model, revision.
const FACET_LEVELS: usize = 4;
const FACET_ATTRIBUTES: [&str; FACET_LEVELS] = [
    "facet_tags_l0",
    "facet_tags_l1",
    "facet_tags_l2",
    "facet_tags_l3",
];
/// Meilisearch returns at most this many values of a facet (its default is
/// 100). A facet attribute has one value per device of its level and per
/// combination of kind and flags that occurs: a few hundred on a large forum.
const MAX_FACET_VALUES: usize = 20_000;
/// Stands for an unset flag (or no recovery path) in a flags tag.
const NONE: &str = "-";

/// Tags the device of a facet attribute.
const DEVICE_TAG: &str = "d:";
/// Tags the kind and flags of a facet attribute.
const FLAGS_TAG: &str = "f:";

/// A document's facet tags, one attribute per device level: the device at
/// that level ("d:43", none above a document's own level) and its kind,
/// solved, verified, recovery path and firmware flag in one value
/// ("f:troubleshooting|solved|-|joint|-").
///
/// Why: Meilisearch counts the facets of a search with 3,000 matches or
/// fewer document by document, one lookup per document and facet attribute
/// (six attributes, the device's four ids among them, cost 8 ms of an 11 ms
/// search on 100,000 threads), and those of a larger one value by value,
/// about 11 µs each. One attribute per level keeps to one lookup a document;
/// two tags in it, not one value for each combination of device and flags,
/// keep the values to the devices plus the flag combinations (19 for the
/// makers of the benchmark's catalogue, not 90; a few dozen, not thousands,
/// for a real one). Every count the page shows is a sum over tags. The level
/// asked for is the one below the device filter.
fn facet_tags(doc: &SearchDoc, device_ids: &[i64]) -> [Vec<String>; FACET_LEVELS] {
    let flags = [
        doc.kind.as_str(),
        if doc.solved { "solved" } else { NONE },
        if doc.verified { "verified" } else { NONE },
        doc.recovery_path.as_deref().unwrap_or(NONE),
        if doc.firmware_current {
            "current"
        } else {
            NONE
        },
    ]
    .join("|");
    std::array::from_fn(|level| {
        let flags = format!("{FLAGS_TAG}{flags}");
        match device_ids.get(level) {
            Some(id) => vec![format!("{DEVICE_TAG}{id}"), flags],
            None => vec![flags],
        }
    })
}

/// The counts beside the filters, summed from one facet attribute's tags
/// (`facet_tags`); the devices only when they are below the filter's.
fn tally(values: &HashMap<String, usize>, with_devices: bool) -> FacetTally {
    let mut tally = FacetTally::default();
    for (tag, &count) in values {
        if let Some(device) = tag.strip_prefix(DEVICE_TAG) {
            if with_devices {
                tally.add_device(device, count);
            }
            continue;
        }
        let parts: Option<Vec<&str>> = tag
            .strip_prefix(FLAGS_TAG)
            .map(|flags| flags.split('|').collect());
        let Some([kind, solved, verified, path, firmware]) = parts.as_deref() else {
            tracing::warn!(tag, "meilisearch: a facet tag of an unknown shape");
            continue;
        };
        let facts = Facts {
            kind,
            solved: *solved != NONE,
            verified: *verified != NONE,
            recovery_path: (*path != NONE).then_some(*path),
            firmware_current: *firmware != NONE,
            device: None,
        };
        tally.add(facts, count);
    }
    tally
}

impl From<&SearchDoc> for MeiliDoc {
    fn from(doc: &SearchDoc) -> MeiliDoc {
        let device_ids = doc.device_path.as_deref().map(path_ids).unwrap_or_default();
        let [facet_tags_l0, facet_tags_l1, facet_tags_l2, facet_tags_l3] =
            facet_tags(doc, &device_ids);
        MeiliDoc {
            id: doc.thread_id,
            title: doc.title.clone(),
            body: doc.body.clone(),
            devices: doc.devices.clone(),
            replies: doc.replies.clone(),
            grams: doc.grams.clone(),
            kind: doc.kind.clone(),
            device_ids,
            device_path: doc.device_path.clone(),
            solved: doc.solved,
            verified: doc.verified,
            recovery_path: doc.recovery_path.clone(),
            firmware_current: doc.firmware_current,
            lang: doc.lang.clone(),
            last_activity_ts: doc.last_activity_at.and_utc().timestamp_micros(),
            rank_boost: i32::from(doc.solved)
                + i32::from(doc.verified)
                + 3 * i32::from(
                    doc.kind == crate::model::discussion::threads::ThreadKind::KnownIssue.as_str(),
                ),
            facet_tags_l0,
            facet_tags_l1,
            facet_tags_l2,
            facet_tags_l3,
        }
    }
}

/// What a rebuild did.
#[derive(Debug, Clone, Copy)]
pub struct Reindexed {
    /// Threads in the fresh index when it was swapped in.
    pub indexed: usize,
    /// Threads that changed meanwhile, queued in the outbox for the new index.
    pub queued_again: usize,
}

pub struct MeiliEngine {
    client: Client,
    /// The live index (`MEILI_INDEX`, "threads" by default).
    index_uid: String,
    version: std::sync::Mutex<Option<(std::time::Instant, String)>>,
    /// The synonyms last read from the database, for the settings of indexes
    /// made from now on (None until known: settings then leave them as they are).
    synonyms: std::sync::Mutex<Option<Synonyms>>,
    /// Searches go through this client, not the SDK's (see `post_search`).
    search_http: SearchHttp,
}

/// Synonyms as Meilisearch takes them: each term to the other terms of its group.
pub type Synonyms = HashMap<String, Vec<String>>;

/// Every term of a group maps to the others (Meilisearch's "multi-way"
/// synonyms; a term of several words matches them as a phrase).
pub fn synonym_map(groups: &[Vec<String>]) -> Synonyms {
    let mut map = Synonyms::new();
    for group in groups {
        for term in group {
            let others: Vec<String> = group.iter().filter(|t| *t != term).cloned().collect();
            if !others.is_empty() {
                map.entry(term.clone()).or_default().extend(others);
            }
        }
    }
    for others in map.values_mut() {
        others.sort();
        others.dedup();
    }
    map
}

/// The same synonyms, whatever order Meilisearch lists them in.
fn same_synonyms(a: &Synonyms, b: &Synonyms) -> bool {
    type Tidy = std::collections::BTreeMap<String, std::collections::BTreeSet<String>>;
    let tidy = |m: &Synonyms| -> Tidy {
        m.iter()
            .map(|(k, v)| (k.clone(), v.iter().cloned().collect()))
            .collect()
    };
    tidy(a) == tidy(b)
}

/// What searches filter on and count: tested for equality only (ids, flags
/// and facet keys, never compared), and nothing searched within the values,
/// so Meilisearch builds neither index for them.
fn filterable() -> Vec<meilisearch_sdk::settings::FilterableAttribute> {
    use meilisearch_sdk::settings::{
        FilterFeatureModes, FilterFeatures, FilterableAttribute, FilterableAttributesSettings,
    };
    let names = [
        "kind",
        "device_ids",
        "solved",
        "verified",
        "recovery_path",
        "firmware_current",
        "lang",
    ];
    vec![FilterableAttribute::Settings(
        FilterableAttributesSettings {
            attribute_patterns: names
                .iter()
                .chain(FACET_ATTRIBUTES.iter())
                .map(|n| n.to_string())
                .collect(),
            features: FilterFeatures {
                facet_search: false,
                filter: FilterFeatureModes {
                    equality: true,
                    comparison: false,
                },
            },
        },
    )]
}

/// The index's settings. Typo tolerance is Meilisearch's default but for
/// two typos from 7 letters instead of 9 ("baterry" finds "battery": that
/// is two edits), and none in numbers (model and part numbers that differ
/// by one digit are different things). Synonyms are included when known.
fn settings(synonyms: Option<&Synonyms>) -> Settings {
    let typos = meilisearch_sdk::settings::TypoToleranceSettings {
        enabled: Some(true),
        disable_on_attributes: None,
        disable_on_words: None,
        min_word_size_for_typos: Some(meilisearch_sdk::settings::MinWordSizeForTypos {
            one_typo: Some(5),
            two_typos: Some(7),
        }),
        disable_on_numbers: Some(true),
    };
    let settings = Settings::new()
        .with_typo_tolerance(typos)
        // In the order of their weight ("attribute" ranking rule), as the
        // builtin engines weigh them.
        .with_searchable_attributes(["title", "devices", "body", "grams", "replies"])
        .with_stop_words(super::words::STOP_WORDS)
        .with_filterable_attributes_advanced(filterable())
        .with_faceting(meilisearch_sdk::settings::FacetingSettings {
            max_values_per_facet: MAX_FACET_VALUES,
            sort_facet_values_by: None,
        })
        .with_sortable_attributes(["last_activity_ts"])
        .with_ranking_rules([
            "words",
            "typo",
            "proximity",
            "attribute",
            "sort",
            "exactness",
            "rank_boost:desc",
        ]);
    match synonyms {
        Some(map) => settings.with_synonyms(map.clone()),
        None => settings,
    }
}

async fn settled(client: &Client, task: TaskInfo) -> anyhow::Result<()> {
    let task = task
        .wait_for_completion(client, Some(Duration::from_millis(50)), Some(TASK_TIMEOUT))
        .await?;
    match task {
        Task::Succeeded { .. } => Ok(()),
        Task::Failed { content } => Err(anyhow::anyhow!(
            "meilisearch task failed: {:?}",
            content.error
        )),
        other => Err(anyhow::anyhow!(
            "meilisearch task did not finish: {other:?}"
        )),
    }
}

impl MeiliEngine {
    /// The engine on the default index ("threads") with the default search deadline.
    pub fn new(url: &str, api_key: Option<&str>) -> anyhow::Result<MeiliEngine> {
        MeiliEngine::with_options(url, api_key, INDEX, SEARCH_TIMEOUT)
    }

    /// The engine as the settings describe it (`MEILI_INDEX`, `MEILI_SEARCH_TIMEOUT_MS`).
    pub fn from_config(url: &str, config: &crate::config::Config) -> anyhow::Result<MeiliEngine> {
        MeiliEngine::with_options(
            url,
            config.meili_api_key.as_deref(),
            &config.meili_index,
            Duration::from_millis(config.meili_search_timeout_ms.max(1)),
        )
    }

    /// The engine on index `index_uid`, each search waiting at most `search_timeout`.
    pub fn with_options(
        url: &str,
        api_key: Option<&str>,
        index_uid: &str,
        search_timeout: Duration,
    ) -> anyhow::Result<MeiliEngine> {
        anyhow::ensure!(
            !index_uid.is_empty()
                && index_uid
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'),
            "MEILI_INDEX is letters, digits, - and _ only (got {index_uid:?})"
        );
        let http = TimedHttp {
            inner: ReqwestClient::new(api_key)?,
            search: search_timeout,
            write: WRITE_TIMEOUT.max(search_timeout),
        };
        Ok(MeiliEngine {
            client: SdkClient::new_with_client(url.trim_end_matches('/'), api_key, http),
            index_uid: index_uid.to_owned(),
            version: std::sync::Mutex::new(None),
            synonyms: std::sync::Mutex::new(None),
            search_http: SearchHttp::new(search_timeout)?,
        })
    }

    /// The live index's name.
    pub fn index_uid(&self) -> &str {
        &self.index_uid
    }

    /// The index a rebuild fills before it is swapped in.
    pub fn rebuild_uid(&self) -> String {
        format!("{}_rebuild", self.index_uid)
    }

    fn index(&self) -> Index {
        self.client.index(&self.index_uid)
    }

    /// Creates the index if needed and applies its settings.
    pub async fn prepare(&self) -> anyhow::Result<()> {
        self.prepare_index(&self.index_uid).await
    }

    /// The server's version (`GET /version`), kept for a minute.
    pub async fn version(&self) -> anyhow::Result<String> {
        if let Some((at, version)) = &*self.version.lock().expect("version lock") {
            if at.elapsed() < VERSION_KEPT {
                return Ok(version.clone());
            }
        }
        let version = self.client.get_version().await?.pkg_version;
        *self.version.lock().expect("version lock") =
            Some((std::time::Instant::now(), version.clone()));
        Ok(version)
    }

    /// Deletes the live index and the rebuild one (tests clean up with this).
    pub async fn delete_indexes(&self) -> anyhow::Result<()> {
        for uid in [self.index_uid.clone(), self.rebuild_uid()] {
            if let Ok(task) = self.client.index(&uid).delete().await {
                let _ = task
                    .wait_for_completion(&self.client, None, Some(TASK_TIMEOUT))
                    .await;
            }
        }
        Ok(())
    }

    async fn prepare_index(&self, uid: &str) -> anyhow::Result<()> {
        let task = self.client.create_index(uid, Some("id")).await?;
        // "Already exists" is fine: the settings below are what matter.
        let _ = task
            .wait_for_completion(
                &self.client,
                Some(Duration::from_millis(50)),
                Some(TASK_TIMEOUT),
            )
            .await?;
        let task = self
            .client
            .index(uid)
            .set_settings(&settings(self.known_synonyms().as_ref()))
            .await?;
        settled(&self.client, task).await
    }

    pub async fn healthy(&self) -> bool {
        self.client.health().await.is_ok()
    }

    pub async fn apply(&self, docs: &[SearchDoc], gone: &[i64]) -> anyhow::Result<()> {
        self.apply_to(&self.index_uid, docs, gone).await
    }

    async fn apply_to(&self, uid: &str, docs: &[SearchDoc], gone: &[i64]) -> anyhow::Result<()> {
        let index = self.client.index(uid);
        if !docs.is_empty() {
            let docs: Vec<MeiliDoc> = docs.iter().map(MeiliDoc::from).collect();
            let task = index.add_or_replace(&docs, Some("id")).await?;
            settled(&self.client, task).await?;
        }
        if !gone.is_empty() {
            let task = index.delete_documents(gone).await?;
            settled(&self.client, task).await?;
        }
        Ok(())
    }

    /// A full rebuild into a fresh index that is then swapped in, so search
    /// keeps answering from the old one meanwhile. `batches` yields documents.
    pub async fn rebuild(
        &self,
        mut next_batch: impl FnMut() -> anyhow::Result<Option<Vec<SearchDoc>>>,
        mut progress: impl FnMut(usize),
    ) -> anyhow::Result<()> {
        let live = self.index_uid.clone();
        let fresh = self.rebuild_uid();
        if let Ok(task) = self.client.index(&fresh).delete().await {
            let _ = task
                .wait_for_completion(&self.client, None, Some(TASK_TIMEOUT))
                .await;
        }
        self.prepare_index(&fresh).await?;
        // The live index must exist for the swap.
        self.prepare_index(&live).await?;
        while let Some(batch) = next_batch()? {
            self.apply_to(&fresh, &batch, &[]).await?;
            progress(batch.len());
        }
        let swap = meilisearch_sdk::client::SwapIndexes {
            indexes: (live.clone(), fresh.clone()),
            rename: None,
        };
        let task = self.client.swap_indexes([&swap]).await?;
        settled(&self.client, task).await?;
        let task = self.client.index(&fresh).delete().await?;
        settled(&self.client, task).await
    }

    /// `fixloop reindex` for Meilisearch: every thread from the database
    /// into a fresh index, swapped in when complete, so searches keep
    /// answering from the old one meanwhile. Changes the outbox worker sent
    /// to the old index while the fresh one was filled would be lost in the
    /// swap; a second pass over the database finds the threads whose document
    /// is no longer the one sent (edited, new, withdrawn) and queues them in
    /// the outbox, so the worker sends them to the new index in order.
    /// Database work blocks: run it where that is fine (the CLI, a thread of its own).
    pub async fn reindex_from(
        &self,
        pool: &crate::db::DbPool,
        batch: usize,
        mut progress: impl FnMut(usize),
    ) -> anyhow::Result<Reindexed> {
        use super::document;
        use std::hash::{Hash, Hasher};
        fn fingerprint(doc: &SearchDoc) -> u64 {
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            serde_json::to_vec(&MeiliDoc::from(doc))
                .unwrap_or_default()
                .hash(&mut hasher);
            hasher.finish()
        }
        let ids = document::all_thread_ids(&mut *pool.get()?)?;
        let mut sent: HashMap<i64, u64> = HashMap::with_capacity(ids.len());
        let mut chunks = ids.chunks(batch.max(1));
        self.rebuild(
            || {
                let Some(chunk) = chunks.next() else {
                    return Ok(None);
                };
                let mut conn = pool.get()?;
                let mut docs = Vec::with_capacity(chunk.len());
                for id in chunk {
                    if let Some(doc) = document::build(&mut conn, *id)? {
                        sent.insert(doc.thread_id, fingerprint(&doc));
                        docs.push(doc);
                    }
                }
                Ok(Some(docs))
            },
            &mut progress,
        )
        .await?;
        // The catch-up pass: every thread now, against what was sent.
        let mut conn = pool.get()?;
        let now_ids = document::all_thread_ids(&mut conn)?;
        let mut stale: Vec<i64> = Vec::new();
        for id in &now_ids {
            let current = document::build(&mut conn, *id)?.map(|d| fingerprint(&d));
            if current != sent.get(id).copied() {
                stale.push(*id);
            }
        }
        // Threads deleted from the database since they were read.
        let now_set: std::collections::HashSet<i64> = now_ids.iter().copied().collect();
        stale.extend(sent.keys().filter(|id| !now_set.contains(id)));
        super::outbox::enqueue_many(&mut conn, &stale)?;
        Ok(Reindexed {
            indexed: sent.len(),
            queued_again: stale.len(),
        })
    }

    /// Queues in the outbox the documents an older Fixloop sent, without the
    /// facet attributes the counts beside the filters are made of (the counts
    /// leave them out until they are sent again). How many were queued.
    pub async fn queue_outdated(&self, pool: &crate::db::DbPool) -> anyhow::Result<usize> {
        let ids = self.outdated_ids().await?;
        if ids.is_empty() {
            return Ok(0);
        }
        let pool = pool.clone();
        actix_web::rt::task::spawn_blocking(move || {
            super::outbox::enqueue_many(&mut *pool.get()?, &ids)?;
            Ok(ids.len())
        })
        .await?
    }

    async fn outdated_ids(&self) -> anyhow::Result<Vec<i64>> {
        #[derive(Deserialize)]
        struct Id {
            id: i64,
        }
        const PAGE: usize = 1000;
        let index = self.index();
        let filter = format!("{} NOT EXISTS", FACET_ATTRIBUTES[0]);
        let mut ids = Vec::new();
        loop {
            let mut query = meilisearch_sdk::documents::DocumentsQuery::new(&index);
            query
                .with_filter(&filter)
                .with_fields(["id"])
                .with_limit(PAGE)
                .with_offset(ids.len());
            let page = index.get_documents_with::<Id>(&query).await?;
            let last = page.results.len() < PAGE;
            ids.extend(page.results.into_iter().map(|d| d.id));
            if last {
                return Ok(ids);
            }
        }
    }

    pub async fn search(&self, query: &SearchQuery) -> anyhow::Result<SearchResults> {
        // A CJK word is looked for by its pieces, as they are indexed in
        // `grams`, as a phrase; generic repair words ("replace", "problem") are left out
        // when there are others, as they must never exclude a thread.
        let strong: Vec<&String> = query
            .terms
            .iter()
            .filter(|t| !super::words::is_weak_word(t))
            .collect();
        let words: Vec<&String> = if strong.is_empty() {
            query.terms.iter().collect()
        } else {
            strong
        };
        // A CJK word as a phrase: its pieces in a row, none of them a prefix
        // or a typo (two pieces of other words, or one piece as the start of
        // a longer word, matched wrongly: precision@10 on Korean text 0.88,
        // against 1.0 on the builtin engines). Meilisearch never lets a
        // phrase go, so the second request (below) sends the pieces alone.
        let text_of = |phrases: bool| {
            words
                .iter()
                .map(|t| {
                    if super::words::is_cjk_word(t) && t.chars().count() > 1 {
                        let pieces = super::words::bigrams(t);
                        if phrases {
                            format!("\"{pieces}\"")
                        } else {
                            pieces
                        }
                    } else {
                        t.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join(" ")
        };
        let text = text_of(true);
        let mut filters: Vec<String> = Vec::new();
        if let Some(kind) = &query.kind {
            filters.push(format!("kind = {}", quoted(kind)));
        }
        if let Some(solved) = query.solved {
            filters.push(format!("solved = {solved}"));
        }
        if let Some(verified) = query.verified {
            filters.push(format!("verified = {verified}"));
        }
        if let Some(path) = &query.recovery_path {
            filters.push(format!("recovery_path = {}", quoted(path)));
        }
        if query.firmware_current {
            filters.push("firmware_current = true".to_owned());
        }
        if let Some(lang) = &query.lang {
            filters.push(format!("lang = {}", quoted(lang)));
        }
        if let Some(id) = query
            .device_path
            .as_deref()
            .and_then(|p| path_ids(p).last().copied())
        {
            filters.push(format!("device_ids = {id}"));
        }
        let filter = filters.join(" AND ");
        let sort = ["last_activity_ts:desc"];
        // The facet attribute of the level below the device filter (its
        // devices are the ones the page lists); a revision has nothing below
        // it, and any level gives the same kind and flag counts.
        let depth = query
            .device_path
            .as_deref()
            .map_or(0, |p| path_ids(p).len());
        let facet_attribute = FACET_ATTRIBUTES[depth.min(FACET_LEVELS - 1)];
        let facets = [facet_attribute];
        let index = self.index();
        let mut search = index.search();
        search
            .with_query(&text)
            .with_page(query.page as usize)
            .with_hits_per_page(PER_PAGE as usize)
            .with_facets(Selectors::Some(&facets));
        if !filter.is_empty() {
            search.with_filter(&filter);
        }
        // Every word first; see below for when no thread holds them all.
        search.with_matching_strategy(meilisearch_sdk::search::MatchingStrategies::ALL);
        if query.sort == Sort::Newest {
            search.with_sort(&sort);
        }
        search.with_attributes_to_retrieve(Selectors::Some(&RETRIEVED));
        let mut found = self
            .search_http
            .post(&self.client, &self.index_uid, &search)
            .await?;
        // No thread holds every word: the commonest words are let go first
        // (a question's "way" or "best" before its "drain pump"), as the
        // builtin engines do (search::builtin::plan). A second request only
        // then: while some thread holds them all, partial matches would
        // bury it.
        let none_hold_all = found.total_hits.or(found.estimated_total_hits) == Some(0);
        let loose = text_of(false);
        if none_hold_all && words.len() > 1 {
            search
                .with_query(&loose)
                .with_matching_strategy(meilisearch_sdk::search::MatchingStrategies::FREQUENCY);
            found = self
                .search_http
                .post(&self.client, &self.index_uid, &search)
                .await?;
        }
        let total = found.total_hits.or(found.estimated_total_hits).unwrap_or(0);
        let empty = HashMap::new();
        let values = found
            .facet_distribution
            .as_ref()
            .and_then(|d| d.get(facet_attribute))
            .unwrap_or(&empty);
        if values.len() >= MAX_FACET_VALUES {
            tracing::warn!(
                attribute = facet_attribute,
                "meilisearch: facet values cut at {MAX_FACET_VALUES}; counts beside the filters are low"
            );
        }
        // The devices are the ones below the filter (or the makers).
        let (_, facets) = tally(values, depth < FACET_LEVELS).finish();
        // Marked and cropped here, not by Meilisearch (see search::highlight).
        let matcher = Matcher::new(query);
        let hits = found
            .hits
            .iter()
            .map(|hit| {
                let doc = &hit.result;
                Hit {
                    thread_id: doc.id,
                    title: doc.title.clone(),
                    kind: doc.kind.clone(),
                    device_path: doc.device_path.clone(),
                    solved: doc.solved,
                    verified: doc.verified,
                    recovery_path: doc.recovery_path.clone(),
                    firmware_current: doc.firmware_current,
                    lang: doc.lang.clone(),
                    last_activity_at: DateTime::from_timestamp_micros(doc.last_activity_ts)
                        .map(|t| t.naive_utc())
                        .unwrap_or_default(),
                    snippet_html: snippet_html(&matcher.best_snippet(&[&doc.body, &doc.replies])),
                    title_html: snippet_html(&matcher.mark_all(&doc.title)),
                }
            })
            .collect();
        Ok(SearchResults {
            hits,
            total,
            page: query.page,
            per_page: PER_PAGE,
            facets,
            notice: None,
            engine: "meilisearch",
        })
    }
}

/// What a search asks back for each hit: what a results page shows (the
/// body to crop), not the device ids, facet keys and boost the index keeps
/// for filters, counts and ranking.
const RETRIEVED: [&str; 12] = [
    "id",
    "title",
    "body",
    "replies",
    "kind",
    "device_path",
    "solved",
    "verified",
    "recovery_path",
    "firmware_current",
    "last_activity_ts",
    "lang",
];

/// A hit as asked for with `RETRIEVED`.
#[derive(Debug, Deserialize)]
struct HitDoc {
    id: i64,
    title: String,
    body: String,
    #[serde(default)]
    replies: String,
    kind: String,
    device_path: Option<String>,
    solved: bool,
    verified: bool,
    recovery_path: Option<String>,
    /// Absent in documents sent before the fact existed.
    #[serde(default)]
    firmware_current: bool,
    last_activity_ts: i64,
    /// Absent in documents sent before it was kept.
    #[serde(default)]
    lang: Option<String>,
}

/// How searches reach Meilisearch. The SDK sends every request body through
/// a stream that first allocates and zeroes an 8 MiB buffer (its
/// `ReaderStream`): a quarter of the server's CPU and ~1 ms of each search.
/// A search is a small JSON body; this sends it whole (Content-Length) on
/// one pooled keep-alive client that lives as long as the engine.
struct SearchHttp {
    client: reqwest::Client,
    timeout: Duration,
}

impl SearchHttp {
    fn new(timeout: Duration) -> anyhow::Result<SearchHttp> {
        let client = reqwest::Client::builder()
            .tcp_nodelay(true)
            // Below the 5 s after which Meilisearch (actix-web) closes an idle
            // connection, so no search is sent on one it is closing.
            .pool_idle_timeout(Duration::from_secs(4))
            .user_agent(concat!("fixloop/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(SearchHttp { client, timeout })
    }

    async fn post(
        &self,
        sdk: &Client,
        uid: &str,
        search: &meilisearch_sdk::search::SearchQuery<'_, TimedHttp>,
    ) -> anyhow::Result<meilisearch_sdk::search::SearchResults<HitDoc>> {
        let url = format!("{}/indexes/{}/search", sdk.get_host(), uid);
        let body = serde_json::to_vec(search)?;
        // Off unless asked for (RUST_LOG=fixloop::meili_search_body=debug):
        // bench/search_latency.py sends these same requests to Meilisearch
        // directly, to time Fixloop's share of a search.
        tracing::debug!(target: "fixloop::meili_search_body", "{uid} {}", String::from_utf8_lossy(&body));
        let mut request = self
            .client
            .post(url)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body);
        if let Some(key) = sdk.get_api_key() {
            request = request.bearer_auth(key);
        }
        let answer = async {
            let response = request.send().await?;
            let status = response.status();
            let body = response.bytes().await?;
            Ok::<_, reqwest::Error>((status, body))
        };
        let (status, body) = actix_web::rt::time::timeout(self.timeout, answer)
            .await
            .map_err(|_| {
                anyhow::anyhow!(
                    "meilisearch did not answer a search within {:?}",
                    self.timeout
                )
            })??;
        if !status.is_success() {
            let text = String::from_utf8_lossy(&body[..body.len().min(300)]).into_owned();
            anyhow::bail!("meilisearch answered a search with {status}: {text}");
        }
        Ok(serde_json::from_slice(&body)?)
    }
}

/// A filter value in double quotes, with quotes and backslashes escaped.
fn quoted(value: &str) -> String {
    format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Synonyms: kept as the database has them by the outbox worker
/// (search::synonyms), which calls [`MeiliEngine::sync_synonyms`].
impl MeiliEngine {
    /// The synonyms indexes made from now on get (a rebuild's fresh index).
    pub fn use_synonyms(&self, groups: &[Vec<String>]) {
        *self.synonyms.lock().expect("synonyms lock") = Some(synonym_map(groups));
    }

    fn known_synonyms(&self) -> Option<Synonyms> {
        self.synonyms.lock().expect("synonyms lock").clone()
    }

    /// Makes the live index's synonyms these groups. Asks first and changes
    /// nothing when they are already there; Ok(true) when they were changed
    /// (and Meilisearch confirmed it).
    pub async fn sync_synonyms(&self, groups: &[Vec<String>]) -> anyhow::Result<bool> {
        self.use_synonyms(groups);
        let wanted = synonym_map(groups);
        let index = self.index();
        let current = index.get_synonyms().await?;
        if same_synonyms(&current, &wanted) {
            return Ok(false);
        }
        let task = index.set_synonyms(&wanted).await?;
        settled(&self.client, task).await?;
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(device_path: Option<&str>, kind: &str, solved: bool) -> SearchDoc {
        SearchDoc {
            thread_id: 1,
            kind: kind.into(),
            device_path: device_path.map(str::to_owned),
            solved,
            verified: false,
            recovery_path: solved.then(|| "joint".to_owned()),
            firmware_current: solved,
            last_activity_at: chrono::NaiveDateTime::default(),
            title: String::new(),
            body: String::new(),
            devices: String::new(),
            replies: String::new(),
            grams: String::new(),
            lang: None,
            words: None,
        }
    }

    /// Counts the tags of these documents at one level, as Meilisearch does.
    fn distribution(docs: &[SearchDoc], level: usize) -> HashMap<String, usize> {
        let mut values = HashMap::new();
        for d in docs {
            let ids = d.device_path.as_deref().map(path_ids).unwrap_or_default();
            for tag in &facet_tags(d, &ids)[level] {
                *values.entry(tag.clone()).or_default() += 1;
            }
        }
        values
    }

    #[test]
    fn facet_tags_sum_to_the_counts_beside_the_filters() {
        let docs = [
            doc(Some("/1/5/"), "troubleshooting", true),
            doc(Some("/1/6/"), "troubleshooting", false),
            doc(Some("/2/"), "guide", false),
            doc(None, "discussion", false),
        ];
        assert_eq!(
            facet_tags(&docs[0], &[1, 5])[1],
            ["d:5", "f:troubleshooting|solved|-|joint|current"]
        );
        // Above a document's own level it carries its flags alone.
        assert_eq!(facet_tags(&docs[2], &[2])[1], ["f:guide|-|-|-|-"]);

        let count = |counts: &[crate::search::query::FacetCount], value: &str| {
            counts.iter().find(|c| c.value == value).map(|c| c.count)
        };
        let (_, makers) = tally(&distribution(&docs, 0), true).finish();
        assert_eq!(count(&makers.device, "1"), Some(2));
        assert_eq!(count(&makers.device, "2"), Some(1));
        assert_eq!(makers.device.len(), 2);
        assert_eq!(count(&makers.kind, "troubleshooting"), Some(2));
        assert_eq!(count(&makers.solved, "yes"), Some(1));
        assert_eq!(count(&makers.solved, "no"), Some(3));
        assert_eq!(count(&makers.recovery_path, "joint"), Some(1));
        assert_eq!(count(&makers.firmware, "current"), Some(1));
        // The lines, when the filter is a maker; no devices below a revision.
        let (_, lines) = tally(&distribution(&docs, 1), true).finish();
        assert_eq!(
            (count(&lines.device, "5"), lines.device.len()),
            (Some(1), 2)
        );
        let (_, below) = tally(&distribution(&docs, 3), false).finish();
        assert!(below.device.is_empty());
        assert_eq!(count(&below.kind, "guide"), Some(1));
    }
}
