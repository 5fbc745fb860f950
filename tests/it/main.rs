//! HTTP-level tests through `build_app`, each on SQLite and (with
//! `TEST_DATABASE_URL`) PostgreSQL. One binary keeps link times down.

mod common;
mod mail_server;

mod accounts;
mod answers;
mod api;
mod api_tokens;
mod architecture;
mod cache_invalidation;
mod cli;
mod community;
mod demo;
mod devices;
mod feeds;
mod firmware;
mod guides;
mod hardening;
mod hidden;
mod ideas;
mod import;
mod inline_styles;
mod known_issues;
mod leaving;
mod mail_notifications;
mod meili_faults;
mod metrics;
mod outbox_race;
mod owned_devices;
mod parts;
mod permissions;
mod photos;
mod private_line;
mod recovery;
mod redirects;
mod scale_out;
mod search;
mod search_features;
mod search_words;
mod security;
mod seo;
mod service_health;
mod sso;
mod threads;
mod throttles;
mod webhooks;
