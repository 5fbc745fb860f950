//! Rows, insert/update forms and the queries for each aggregate.
//! Functions take `&mut DbConn` and return `QueryResult`; no rules, no HTTP.

pub mod accounts;
pub mod before_service;
pub mod discovery;
pub mod discussion;
pub mod integrations;
pub mod knowledge;
pub mod site_changes;
pub mod staff;

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
