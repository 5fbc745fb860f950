//! Accounts, the tables: sign-up, log-in, recovery, single sign-on, settings, mail preferences, leaving, reputation.

pub mod account_data;
pub mod account_tokens;
pub mod notifications;
pub mod oidc;
pub mod reputation;
pub mod sessions;
pub mod users;
