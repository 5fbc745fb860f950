//! Accounts, the rules: sign-up, log-in, recovery, single sign-on, settings (the profile, the logged-in browsers), mail preferences, leaving, reputation.

pub mod credentials;
pub mod leaving;
pub mod mail_preferences;
pub mod profile;
pub mod recovery;
pub mod reputation;
pub mod sessions;
pub mod sso;
