//! The Meilisearch engine, through meilisearch-sdk: typo tolerance, facets,
//! fast ranking for large communities. Same results shape as the builtin one.

use std::collections::HashMap;
use std::time::Duration;

use chrono::DateTime;
use meilisearch_sdk::client::Client;
use meilisearch_sdk::indexes::Index;
use meilisearch_sdk::search::Selectors;
use meilisearch_sdk::settings::Settings;
use meilisearch_sdk::task_info::TaskInfo;
use meilisearch_sdk::tasks::Task;
use serde::{Deserialize, Serialize};

use super::document::SearchDoc;
use super::query::{
    snippet_html, FacetCount, Facets, Hit, SearchQuery, SearchResults, Sort, MARK_END, MARK_START,
    PER_PAGE,
};
use crate::model::devices::path_ids;

pub const INDEX: &str = "threads";
const TASK_TIMEOUT: Duration = Duration::from_secs(60);

/// A thread as stored in Meilisearch.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MeiliDoc {
    pub id: i64,
    pub title: String,
    pub body: String,
    pub kind: String,
    pub device_path: Option<String>,
    pub device_ids: Vec<i64>,
    pub solved: bool,
    pub verified: bool,
    pub recovery_path: Option<String>,
    pub last_activity_ts: i64,
    /// Solved and verified threads rank above otherwise equal matches.
    pub rank_boost: i32,
}

impl From<&SearchDoc> for MeiliDoc {
    fn from(doc: &SearchDoc) -> MeiliDoc {
        MeiliDoc {
            id: doc.thread_id,
            title: doc.title.clone(),
            body: doc.body.clone(),
            kind: doc.kind.clone(),
            device_ids: doc.device_path.as_deref().map(path_ids).unwrap_or_default(),
            device_path: doc.device_path.clone(),
            solved: doc.solved,
            verified: doc.verified,
            recovery_path: doc.recovery_path.clone(),
            last_activity_ts: doc.last_activity_at.and_utc().timestamp(),
            rank_boost: i32::from(doc.solved) + i32::from(doc.verified),
        }
    }
}

pub struct MeiliEngine {
    client: Client,
}

fn settings() -> Settings {
    Settings::new()
        .with_searchable_attributes(["title", "body"])
        .with_filterable_attributes(["kind", "device_ids", "solved", "verified", "recovery_path"])
        .with_sortable_attributes(["last_activity_ts"])
        .with_ranking_rules([
            "words",
            "typo",
            "proximity",
            "attribute",
            "sort",
            "exactness",
            "rank_boost:desc",
        ])
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
    pub fn new(url: &str, api_key: Option<&str>) -> anyhow::Result<MeiliEngine> {
        Ok(MeiliEngine {
            client: Client::new(url, api_key)?,
        })
    }

    fn index(&self) -> Index {
        self.client.index(INDEX)
    }

    /// Creates the index if needed and applies its settings.
    pub async fn prepare(&self) -> anyhow::Result<()> {
        self.prepare_index(INDEX).await
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
        let task = self.client.index(uid).set_settings(&settings()).await?;
        settled(&self.client, task).await
    }

    pub async fn healthy(&self) -> bool {
        self.client.health().await.is_ok()
    }

    pub async fn apply(&self, docs: &[SearchDoc], gone: &[i64]) -> anyhow::Result<()> {
        self.apply_to(INDEX, docs, gone).await
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
        let fresh = format!("{INDEX}_rebuild");
        if let Ok(task) = self.client.index(&fresh).delete().await {
            let _ = task
                .wait_for_completion(&self.client, None, Some(TASK_TIMEOUT))
                .await;
        }
        self.prepare_index(&fresh).await?;
        // The live index must exist for the swap.
        self.prepare_index(INDEX).await?;
        while let Some(batch) = next_batch()? {
            self.apply_to(&fresh, &batch, &[]).await?;
            progress(batch.len());
        }
        let swap = meilisearch_sdk::client::SwapIndexes {
            indexes: (INDEX.to_owned(), fresh.clone()),
            rename: None,
        };
        let task = self.client.swap_indexes([&swap]).await?;
        settled(&self.client, task).await?;
        let task = self.client.index(&fresh).delete().await?;
        settled(&self.client, task).await
    }

    pub async fn search(&self, query: &SearchQuery) -> anyhow::Result<SearchResults> {
        let text = query.terms.join(" ");
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
        if let Some(id) = query
            .device_path
            .as_deref()
            .and_then(|p| path_ids(p).last().copied())
        {
            filters.push(format!("device_ids = {id}"));
        }
        let filter = filters.join(" AND ");
        let sort = ["last_activity_ts:desc"];
        let (mark_start, mark_end) = (MARK_START.to_string(), MARK_END.to_string());
        let index = self.index();
        let mut search = index.search();
        search
            .with_query(&text)
            .with_page(query.page as usize)
            .with_hits_per_page(PER_PAGE as usize)
            .with_facets(Selectors::Some(&[
                "kind",
                "solved",
                "verified",
                "recovery_path",
                "device_ids",
            ]))
            .with_attributes_to_crop(Selectors::Some(&[("body", Some(30))]))
            .with_attributes_to_highlight(Selectors::Some(&["body"]))
            .with_highlight_pre_tag(&mark_start)
            .with_highlight_post_tag(&mark_end);
        if !filter.is_empty() {
            search.with_filter(&filter);
        }
        if query.match_any {
            search.with_matching_strategy(meilisearch_sdk::search::MatchingStrategies::LAST);
        }
        if query.sort == Sort::Newest {
            search.with_sort(&sort);
        }
        let found = search.execute::<MeiliDoc>().await?;
        let facet = |name: &str| -> Vec<FacetCount> {
            let mut counts: Vec<FacetCount> = found
                .facet_distribution
                .as_ref()
                .and_then(|d| d.get(name))
                .map(|m: &HashMap<String, usize>| {
                    m.iter()
                        .map(|(value, count)| FacetCount {
                            value: match value.as_str() {
                                "true" => "yes".into(),
                                "false" => "no".into(),
                                v => v.to_owned(),
                            },
                            count: *count,
                        })
                        .collect()
                })
                .unwrap_or_default();
            counts.sort_by(|a, b| b.count.cmp(&a.count).then(a.value.cmp(&b.value)));
            counts
        };
        let hits = found
            .hits
            .iter()
            .map(|hit| {
                let doc = &hit.result;
                let snippet = hit
                    .formatted_result
                    .as_ref()
                    .and_then(|f| f.get("body"))
                    .and_then(|v| v.as_str())
                    .unwrap_or(&doc.body);
                Hit {
                    thread_id: doc.id,
                    title: doc.title.clone(),
                    kind: doc.kind.clone(),
                    device_path: doc.device_path.clone(),
                    solved: doc.solved,
                    verified: doc.verified,
                    recovery_path: doc.recovery_path.clone(),
                    last_activity_at: DateTime::from_timestamp(doc.last_activity_ts, 0)
                        .map(|t| t.naive_utc())
                        .unwrap_or_default(),
                    snippet_html: snippet_html(snippet),
                }
            })
            .collect();
        // Every device on the hits' paths; the page keeps those one level
        // below the current filter, as the builtin engine counts them.
        let devices = facet("device_ids");
        Ok(SearchResults {
            hits,
            total: found.total_hits.or(found.estimated_total_hits).unwrap_or(0),
            page: query.page,
            per_page: PER_PAGE,
            facets: Facets {
                kind: facet("kind"),
                solved: facet("solved"),
                verified: facet("verified"),
                recovery_path: facet("recovery_path"),
                device: devices,
            },
            notice: None,
            engine: "meilisearch",
        })
    }
}

/// A filter value in double quotes, with quotes and backslashes escaped.
fn quoted(value: &str) -> String {
    format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""))
}
