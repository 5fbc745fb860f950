//! Rows, insert/update forms and the queries for each aggregate.
//! Functions take `&mut DbConn` and return `QueryResult`; no rules, no HTTP.

pub mod account_data;
pub mod account_tokens;
pub mod answers;
pub mod api_tokens;
pub mod devices;
pub mod escalations;
pub mod export;
pub mod feeds;
pub mod firmware;
pub mod guides;
pub mod ideas;
pub mod import_ids;
pub mod known_issues;
pub mod maintenance;
pub mod moderation;
pub mod notifications;
pub mod oidc;
pub mod owned_devices;
pub mod parts;
pub mod photos;
pub mod posts;
pub mod private_messages;
pub mod reputation;
pub mod seo;
pub mod sessions;
pub mod site_changes;
pub mod stats;
pub mod synonyms;
pub mod threads;
pub mod users;
pub mod webhooks;

use chrono::{NaiveDateTime, Timelike, Utc};

/// Now, as stored: naive UTC cut to microseconds, which both backends keep.
pub fn now() -> NaiveDateTime {
    let now = Utc::now().naive_utc();
    now.with_nanosecond(now.nanosecond() / 1000 * 1000)
        .unwrap_or(now)
}

/// One page of a list: its items and whether another page follows.
/// Fetching one row more than shown tells that without a COUNT(*).
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub page: i64,
    pub has_next: bool,
}

impl<T> Page<T> {
    pub fn from_rows(mut rows: Vec<T>, page: i64, per_page: i64) -> Page<T> {
        let has_next = rows.len() as i64 > per_page;
        rows.truncate(per_page as usize);
        Page {
            items: rows,
            page,
            has_next,
        }
    }

    pub fn offset(page: i64, per_page: i64) -> i64 {
        (page.max(1) - 1) * per_page
    }
}
