//! Integrations, the tables: the JSON API and its tokens, webhooks, import and export.

pub mod api_tokens;
pub mod export;
pub mod import_ids;
pub mod webhooks;
