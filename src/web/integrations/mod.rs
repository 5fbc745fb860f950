//! Integrations, the pages: the JSON API and its tokens, webhooks, import and export.

pub mod api;
pub mod token_settings;
pub mod webhooks;
