//! Integrations, the rules: the JSON API and its tokens, webhooks, import and export.

pub mod api_tokens;
pub mod import;
pub mod webhooks;
