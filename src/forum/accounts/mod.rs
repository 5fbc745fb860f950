//! Accounts, the rules: sign-up, log-in, recovery, single sign-on, settings, mail preferences, leaving, reputation.

pub mod credentials;
pub mod leaving;
pub mod mail_preferences;
pub mod recovery;
pub mod reputation;
pub mod sso;
