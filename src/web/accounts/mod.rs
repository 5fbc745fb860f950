//! Accounts, the pages: sign-up, log-in, recovery, single sign-on, settings, mail preferences, leaving, reputation.

pub mod account_data;
pub mod auth;
pub mod mail_settings;
pub mod notifications;
pub mod oidc;
pub mod recovery;
pub mod settings;
pub mod users;
